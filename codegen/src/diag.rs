//! Collected diagnostics: every problem found in a spec, each with file, JSON pointer, line:column and what
//! was expected versus found.
//!
//! Loading and lowering never stop at the first problem: they push into a `Sink` and carry on, like
//! serde_derive's `Ctxt`. The sink is turned into [`Diagnostics`] at the end, when line and column of each
//! pointer are looked up once in the source text (see [`crate::locate`]).

use std::fmt;

use serde::Serialize;

use crate::locate::Locator;
use crate::pointer::Pointer;

/// What kind of problem a [`Diagnostic`] reports. Tests match on it; users read the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// The text is not valid YAML (or not a single YAML document).
    Yaml,
    /// A value has the wrong YAML type (a string where a number belongs, ...).
    InvalidType,
    /// A key that OpenAPI requires is absent.
    MissingKey,
    /// A key that is not part of the object (and not an `x-` extension).
    UnknownKey,
    /// A value that is not one of the allowed ones (an unknown `type`, a bad status code, ...).
    InvalidValue,
    /// A `$ref` that does not resolve, or points at the wrong kind of object.
    BadRef,
    /// Two operations share an `operationId`.
    DuplicateOperationId,
    /// A construct the generator does not support (it would otherwise be silently dropped).
    Unsupported,
    /// Two spec items map to the same Rust name.
    NameCollision,
    /// A name that cannot become a Rust identifier.
    InvalidName,
    /// A known `x-bandwidth-*` extension with a missing, ill-typed or unknown key.
    Extension,
    /// Inconsistent parts of the spec (a path placeholder without its parameter, ...).
    Inconsistent,
    /// A note, not an error: an item got another Rust name than its spec name gives (`docs/naming.md`).
    Renamed,
}

/// One problem found in a spec, located in its source file.
///
/// `Display` renders it the way compilers do:
/// `spec/messaging.yaml:120:7: #/paths/~1users/post/responses: expected ..., found ...`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of problem this is.
    pub kind: DiagnosticKind,
    /// The spec file name as given to the generator.
    pub file: String,
    /// Where in the document the problem is.
    pub pointer: Pointer,
    /// 1-based line of the pointer's node (or of its closest existing ancestor).
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What the generator expected there.
    pub expected: String,
    /// What it found instead.
    pub found: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind == DiagnosticKind::Renamed {
            return write!(
                f,
                "{}:{}:{}: {}: note: {}: {}",
                self.file, self.line, self.column, self.pointer, self.expected, self.found
            );
        }
        write!(
            f,
            "{}:{}:{}: {}: expected {}, found {}",
            self.file, self.line, self.column, self.pointer, self.expected, self.found
        )
    }
}

/// Every diagnostic of one run, in the order they were found (sorted by source position).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics as a slice.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.0
    }

    /// The number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over the diagnostics.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A diagnostic before its line and column are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pending {
    pub kind: DiagnosticKind,
    pub pointer: Pointer,
    pub expected: String,
    pub found: String,
    /// A known position (YAML syntax errors carry the parser's own).
    pub position: Option<(u32, u32)>,
}

/// Collects diagnostics while loading and lowering; duplicates (same kind, pointer and text) are kept once.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pending: Vec<Pending>,
}

impl Sink {
    /// Records one problem.
    pub fn push(
        &mut self,
        kind: DiagnosticKind,
        pointer: &Pointer,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        let p = Pending {
            kind,
            pointer: pointer.clone(),
            expected: expected.into(),
            found: found.into(),
            position: None,
        };
        if !self.pending.contains(&p) {
            self.pending.push(p);
        }
    }

    /// Records a problem whose position is already known.
    pub fn push_at(&mut self, pending: Pending) {
        if !self.pending.contains(&pending) {
            self.pending.push(pending);
        }
    }

    /// Moves every diagnostic of `other` into `self`.
    pub fn extend(&mut self, other: Sink) {
        for p in other.pending {
            self.push_at(p);
        }
    }

    /// `true` when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Locates every pending diagnostic in `text` and sorts them by position.
    pub fn finish(self, file: &str, text: &str) -> Diagnostics {
        if self.pending.is_empty() {
            return Diagnostics::default();
        }
        let needs_locator = self.pending.iter().any(|p| p.position.is_none());
        let locator = if needs_locator {
            Some(Locator::new(text))
        } else {
            None
        };
        let mut out: Vec<Diagnostic> = self
            .pending
            .into_iter()
            .map(|p| {
                let (line, column) = match (p.position, &locator) {
                    (Some(pos), _) => pos,
                    (None, Some(loc)) => loc.locate(&p.pointer),
                    (None, None) => (1, 1),
                };
                Diagnostic {
                    kind: p.kind,
                    file: file.to_owned(),
                    pointer: p.pointer,
                    line,
                    column,
                    expected: p.expected,
                    found: p.found,
                }
            })
            .collect();
        out.sort_by_key(|d| (d.line, d.column));
        Diagnostics(out)
    }
}

/// A short description of a JSON value for "found ..." texts.
pub(crate) fn describe(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the string `{}`", shorten(s)),
        Value::Array(a) => format!(
            "a sequence of {} item{}",
            a.len(),
            if a.len() == 1 { "" } else { "s" }
        ),
        Value::Object(o) => {
            let keys: Vec<&str> = o.keys().take(4).map(String::as_str).collect();
            if keys.is_empty() {
                "an empty mapping".to_owned()
            } else {
                format!(
                    "a mapping with keys {}{}",
                    keys.join(", "),
                    if o.len() > 4 { ", ..." } else { "" }
                )
            }
        }
    }
}

/// Cuts a text to at most 60 characters for messages.
pub(crate) fn shorten(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_position_pointer_expected_and_found() {
        let d = Diagnostic {
            kind: DiagnosticKind::MissingKey,
            file: "spec/messaging.yaml".into(),
            pointer: Pointer::root()
                .push("paths")
                .push("/users")
                .push("post")
                .push("responses"),
            line: 120,
            column: 7,
            expected: "the key `responses`".into(),
            found: "no such key".into(),
        };
        assert_eq!(
            d.to_string(),
            "spec/messaging.yaml:120:7: #/paths/~1users/post/responses: expected the key `responses`, found no such key"
        );
    }

    #[test]
    fn sink_keeps_duplicates_once_and_sorts_by_position() {
        let mut sink = Sink::default();
        let text = "a:\n  b: 1\nc: 2\n";
        sink.push(
            DiagnosticKind::InvalidType,
            &Pointer::root().push("c"),
            "x",
            "y",
        );
        sink.push(
            DiagnosticKind::InvalidType,
            &Pointer::root().push("a").push("b"),
            "x",
            "y",
        );
        sink.push(
            DiagnosticKind::InvalidType,
            &Pointer::root().push("c"),
            "x",
            "y",
        );
        let diags = sink.finish("f.yaml", text);
        let at: Vec<(u32, u32)> = diags.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(2, 3), (3, 1)]);
    }

    #[test]
    fn describes_values_briefly() {
        assert_eq!(describe(&serde_json::json!("x")), "the string `x`");
        assert_eq!(
            describe(&serde_json::json!([1, 2])),
            "a sequence of 2 items"
        );
        assert_eq!(
            describe(&serde_json::json!({"a": 1})),
            "a mapping with keys a"
        );
        assert_eq!(shorten(&"y".repeat(80)).len(), 60);
    }
}
