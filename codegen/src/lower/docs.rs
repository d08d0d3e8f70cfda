//! Per-value documentation pulled out of an enum's description.
//!
//! Specs describe enum values inside the enum's description, either as a list
//! (`` - `message-sending` indicates that ... ``) or inline (`` `message-sent` (left the network), ... ``).
//! Each value found that way gets that text as the doc comment of its variant.

use std::collections::HashMap;

/// The text describing each of `values` in `description`.
///
/// ```
/// # use bandwidth_codegen::lower::value_docs;
/// let d = "Kinds:\n- `a` the first\n  one.\n- `b` the second.\nAlso `c` (third, inline).";
/// let docs = value_docs(d, &["a", "b", "c", "d"]);
/// assert_eq!(docs["a"], "the first one.");
/// assert_eq!(docs["c"], "third, inline.");
/// assert!(!docs.contains_key("d"));
/// ```
pub fn value_docs(description: &str, values: &[&str]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let lines: Vec<&str> = description.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "))
            && let Some((value, text)) = leading_code(rest)
            && values.contains(&value)
        {
            let mut text = text.trim().to_owned();
            let mut j = i + 1;
            while j < lines.len() {
                let next = lines[j].trim();
                if next.is_empty() || next.starts_with("- ") || next.starts_with("* ") {
                    break;
                }
                text.push(' ');
                text.push_str(next);
                j += 1;
            }
            out.entry(value.to_owned()).or_insert(text);
            i = j;
            continue;
        }
        i += 1;
    }
    // Inline form: `value` (text)
    let flat = description.replace('\n', " ");
    for value in values {
        if out.contains_key(*value) {
            continue;
        }
        let needle = format!("`{value}` (");
        if let Some(start) = flat.find(&needle)
            && let Some(text) = balanced(&flat[start + needle.len()..])
        {
            let mut text = text.trim().to_owned();
            if !text.ends_with('.') {
                text.push('.');
            }
            out.insert((*value).to_owned(), text);
        }
    }
    out
}

/// `` `value` rest `` -> `(value, rest)`.
fn leading_code(s: &str) -> Option<(&str, &str)> {
    let s = s.strip_prefix('`')?;
    let end = s.find('`')?;
    Some((&s[..end], &s[end + 1..]))
}

/// The text up to the parenthesis that closes an already opened one.
fn balanced(s: &str) -> Option<&str> {
    let mut depth = 1usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bullets_and_inline_parentheses() {
        let bw = "The possible status callbacks:\n\n- `message-sending` indicates that Bandwidth is sending the message to\nthe upstream provider.\n\n- `message-sent` indicates the message left.";
        let d = value_docs(bw, &["message-sending", "message-sent"]);
        assert_eq!(
            d["message-sending"],
            "indicates that Bandwidth is sending the message to the upstream provider."
        );
        assert_eq!(d["message-sent"], "indicates the message left.");

        let ours = "Kind: `message-sending` (being handed to the provider; MMS (with receipts) only), `message-failed` (could not be delivered, see `errorCode`; terminal).";
        let d = value_docs(ours, &["message-sending", "message-failed"]);
        assert_eq!(
            d["message-sending"],
            "being handed to the provider; MMS (with receipts) only."
        );
        assert_eq!(
            d["message-failed"],
            "could not be delivered, see `errorCode`; terminal."
        );
    }
}
