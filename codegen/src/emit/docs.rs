//! Spec descriptions to doc comments that rustdoc renders without warnings and `cargo test` does not run.
//!
//! Descriptions mix Markdown and HTML. Sanitising: known HTML tags become Markdown (`<code>` -> backticks,
//! `<p>`/`<br>` -> paragraph breaks, `<a href>` -> links), other `<` are escaped; bare URLs get `<...>`;
//! `[x]` that is not a link is escaped (rustdoc would read it as an intra-doc link); lines are dedented so
//! nothing becomes an indented code block, and code fences are marked `text` so they are not doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Text width of doc lines (the `///` and the item's indentation come on top).
const WIDTH: usize = 92;

/// Doc attributes (`#[doc = " line"]`) for `lines`, wrapped.
pub(crate) fn attrs(lines: &[String]) -> TokenStream {
    let lines = wrap(lines, WIDTH).into_iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`#![doc = " line"]`) for `lines`, wrapped.
pub(crate) fn inner_attrs(lines: &[String]) -> TokenStream {
    let lines = wrap(lines, WIDTH).into_iter().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #![doc = #lines] )* }
}

/// Wraps lines longer than `width` at spaces (not inside code fences); list items continue indented.
fn wrap(lines: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for line in lines {
        if line.starts_with("```") || line.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || line.chars().count() <= width {
            out.push(line.clone());
            continue;
        }
        let indent = if line.starts_with("- ") { "  " } else { "" };
        let mut current = String::new();
        for word in line.split(' ') {
            let len = current.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
                current.push_str(indent);
            }
            if !current.is_empty() && current != indent {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

/// A doc block built paragraph by paragraph; empty paragraphs are skipped.
#[derive(Default)]
pub(crate) struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Doc::default()
    }

    /// Adds a sanitised spec description as one or more paragraphs.
    pub fn text(mut self, description: Option<&str>) -> Self {
        if let Some(d) = description {
            let lines = sanitize(d);
            if !lines.is_empty() {
                self.break_paragraph();
                self.lines.extend(lines);
            }
        }
        self
    }

    /// Adds a paragraph of generator-written text (already valid Markdown).
    pub fn para(mut self, line: impl Into<String>) -> Self {
        let line = line.into();
        if !line.is_empty() {
            self.break_paragraph();
            self.lines.push(line);
        }
        self
    }

    /// Adds a line to the current paragraph (for lists).
    pub fn line(mut self, line: impl Into<String>) -> Self {
        self.lines.push(line.into());
        self
    }

    /// Starts a new paragraph.
    pub fn break_paragraph(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// The doc attributes.
    pub fn attrs(&self) -> TokenStream {
        attrs(&self.lines)
    }

    /// The inner doc attributes.
    pub fn inner_attrs(&self) -> TokenStream {
        inner_attrs(&self.lines)
    }
}

/// Sanitises one description into doc lines (no leading space; empty strings are blank lines).
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let html = convert_html(text);
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for raw in html.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            if in_fence {
                out.push(fence.to_owned());
            } else {
                out.push(format!("{fence}text"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        if trimmed.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        out.push(escape_line(trimmed));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// HTML tags to Markdown outside code spans; other `<` escaped.
fn convert_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`').peekable();
    let mut in_code = false;
    let ticks = text.matches('`').count();
    let mut seen = 0;
    while let Some(part) = parts.next() {
        // An unmatched last backtick opens no code span.
        let code = in_code && !(ticks % 2 == 1 && seen == ticks);
        if code {
            out.push_str(part)
        } else {
            out.push_str(&convert_html_segment(part))
        }
        if parts.peek().is_some() {
            out.push('`');
            seen += 1;
            in_code = !in_code;
        }
    }
    out
}

/// HTML tags to Markdown in text without code spans.
fn convert_html_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut link_target: Option<String> = None;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            out.push_str("&lt;");
            rest = &after[1..];
            continue;
        };
        let tag = &after[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let remainder =
            &tag.trim_start_matches('/')[name.len().min(tag.trim_start_matches('/').len())..];
        let is_known = KNOWN_TAGS.contains(&name.as_str())
            && (remainder.is_empty()
                || remainder == "/"
                || remainder.starts_with(char::is_whitespace));
        if tag.starts_with("http://") || tag.starts_with("https://") {
            // An autolink: keep it.
            out.push_str(&after[..=end]);
        } else if !is_known {
            out.push_str("&lt;");
            rest = &after[1..];
            continue;
        } else {
            match (name.as_str(), closing) {
                ("p", _) | ("br", _) | ("ul", _) | ("ol", _) => out.push_str("\n\n"),
                ("li", false) => out.push_str("\n- "),
                ("li", true) => out.push('\n'),
                ("code", _) => out.push('`'),
                ("b" | "strong", _) => out.push_str("**"),
                ("i" | "em", _) => out.push('*'),
                ("a", false) => {
                    link_target = href(tag);
                    if link_target.is_some() {
                        out.push('[');
                    }
                }
                ("a", true) => {
                    if let Some(t) = link_target.take() {
                        out.push_str(&format!("]({t})"));
                    }
                }
                _ => {}
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

const KNOWN_TAGS: &[&str] = &[
    "a", "p", "br", "code", "b", "i", "em", "strong", "ul", "ol", "li", "div", "span",
];

fn href(tag: &str) -> Option<String> {
    let i = tag.find("href=")?;
    let v = &tag[i + 5..];
    let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let v = &v[1..];
    let end = v.find(quote)?;
    Some(v[..end].to_owned())
}

/// Escapes one line outside code spans: lone brackets, bare URLs, stray `<`.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A Markdown link `[text](url)` stays; anything else is escaped.
                let close = chars[i + 1..]
                    .iter()
                    .position(|c| *c == ']')
                    .map(|p| p + i + 1);
                match close {
                    Some(j) if chars.get(j + 1) == Some(&'(') => {
                        out.extend(&chars[i..=j]);
                        i = j + 1;
                        // Copy the target verbatim.
                        if let Some(k) = chars[i..].iter().position(|c| *c == ')') {
                            out.extend(&chars[i..=i + k]);
                            i += k + 1;
                        }
                        continue;
                    }
                    _ => out.push_str("\\["),
                }
            }
            ']' => out.push_str("\\]"),
            '<' => {
                let rest: String = chars[i..].iter().collect();
                if (rest.starts_with("<http://") || rest.starts_with("<https://"))
                    && let Some(end) = rest.find('>')
                {
                    out.push_str(&rest[..=end]);
                    i += rest[..=end].chars().count();
                    continue;
                }
                out.push_str("&lt;");
            }
            'h' if starts_url(&chars[i..])
                && (i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(')
                && !(i > 0 && chars[i - 1] == '(' && i > 1 && chars[i - 2] == ']') =>
            {
                let mut j = i;
                while j < chars.len() && !chars[j].is_whitespace() && chars[j] != '`' {
                    j += 1;
                }
                // Trailing punctuation is not part of the URL.
                while j > i && matches!(chars[j - 1], '.' | ',' | ';' | ':' | ')' | '\'' | '"') {
                    j -= 1;
                }
                out.push('<');
                out.extend(&chars[i..j]);
                out.push('>');
                i = j;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

/// The first sentence-ish line of a description, for one-line docs.
pub(crate) fn first_line(text: &str) -> Option<String> {
    sanitize(text).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_html_and_escapes_what_rustdoc_would_misread() {
        let d = "<p>The payload type will be one of <code>message-received</code>.</p><p>Please visit <a href='/docs/messaging/webhooks/'>Webhooks</a></p>";
        assert_eq!(
            sanitize(d),
            [
                "The payload type will be one of `message-received`.",
                "",
                "Please visit [Webhooks](/docs/messaging/webhooks/)"
            ]
        );
        assert_eq!(
            sanitize("The 'channelList[0].from' field"),
            ["The 'channelList\\[0\\].from' field"]
        );
        assert_eq!(
            sanitize("See https://x.y/z. Or [this](https://a.b)."),
            ["See <https://x.y/z>. Or [this](https://a.b)."]
        );
        assert_eq!(
            sanitize("a < b and `x<y>` and <unknown attr>"),
            ["a &lt; b and `x<y>` and &lt;unknown attr>"]
        );
    }

    #[test]
    fn wraps_long_lines_at_spaces_and_indents_list_items() {
        let long = format!("- {}", "word ".repeat(30).trim_end());
        let wrapped = wrap(&[long, "```text".into(), "x ".repeat(60), "```".into()], 40);
        assert!(wrapped[0].starts_with("- word") && wrapped[0].chars().count() <= 40);
        assert!(wrapped[1].starts_with("  word"));
        assert!(
            wrapped.iter().any(|l| l.chars().count() > 40),
            "fenced lines are kept whole"
        );
    }

    #[test]
    fn dedents_and_fences_code_as_text() {
        let d = "Intro:\n\n    indented code\n\n```\nfn x() {}\n```\n\n\n\nEnd.\n";
        assert_eq!(
            sanitize(d),
            [
                "Intro:",
                "",
                "indented code",
                "",
                "```text",
                "fn x() {}",
                "```",
                "",
                "End."
            ]
        );
    }
}
