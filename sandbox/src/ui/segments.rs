//! The segment calculator: what the crate's segmenter says about a text.

use std::fmt::Write as _;

use bandwidth_messaging::segment::{gsm7_look_alike, segment};

use super::html::escape;

/// The calculator's result for `text`: encoding, count, each segment with its non-GSM characters
/// highlighted, and the suggested replacements.
pub fn result(text: &str) -> String {
    let split = segment(text);
    let mut out = String::new();
    let _ = write!(
        out,
        "<p>Encoding <b id=\"calc-encoding\">{}</b> · <b id=\"calc-count\">{}</b> segment(s) · {} {}s · {} characters{}</p>",
        split.encoding.as_str(),
        split.count(),
        split.units,
        escape(split.encoding.unit_name()),
        split.characters,
        if split.exceeds_limit {
            " · <span class=\"bad\">over the API's limit</span>"
        } else {
            ""
        }
    );
    for (n, part) in split.segments.iter().enumerate() {
        let piece = part.text(text).unwrap_or_default();
        let mut shown = String::new();
        for c in piece.chars() {
            let escaped = escape(c.encode_utf8(&mut [0; 4]));
            if bandwidth_messaging::segment::gsm7_septets(c).is_none() {
                let _ = write!(shown, "<mark title=\"U+{:04X}\">{escaped}</mark>", c as u32);
            } else {
                shown.push_str(&escaped);
            }
        }
        let _ = write!(
            out,
            "<div class=\"seg\" data-units=\"{}\"><small>segment {} · {} units</small>\n{shown}</div>",
            part.units,
            n + 1,
            part.units
        );
    }
    if !split.non_gsm.is_empty() {
        out.push_str("<h2>Characters outside GSM-7</h2><table><tr><th>Character</th><th>Code point</th><th>Position</th><th>Suggested replacement</th></tr>");
        for found in &split.non_gsm {
            let suggestion = match gsm7_look_alike(found.character) {
                Some((replacement, name)) => {
                    format!(
                        "<code>{}</code> ({})",
                        escape(&format!("{replacement:?}")),
                        escape(name)
                    )
                }
                None => "none: the text stays UCS-2".to_owned(),
            };
            let _ = write!(
                out,
                "<tr><td><mark>{}</mark></td><td>U+{:04X}</td><td>{}</td><td>{suggestion}</td></tr>",
                escape(found.character.encode_utf8(&mut [0; 4])),
                found.character as u32,
                found.char_index
            );
        }
        out.push_str("</table>");
    }
    out
}
