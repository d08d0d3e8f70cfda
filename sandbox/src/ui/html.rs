//! HTML escaping and the page layout shared by every view.

use std::fmt::Write as _;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole page: title, navigation and `body` (already escaped HTML).
pub fn page(title: &str, body: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · bandwidth-sandbox</title>\
         <link rel=\"stylesheet\" href=\"/ui/assets/inspector.css\"></head><body>\
         <nav><a href=\"/ui\">Messages</a> <a href=\"/ui/segments\">Segment calculator</a>\
         <span id=\"live-status\" data-state=\"off\">live</span></nav><main>{body}</main>\
         <script src=\"/ui/assets/inspector.js\"></script></body></html>",
        escape(title)
    );
    out
}
