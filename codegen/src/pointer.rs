//! [`Pointer`]: a JSON pointer (RFC 6901) into the spec document, written as a URI fragment (`#/a/b`).

use std::fmt;

use serde::Serialize;

/// A JSON pointer into the spec, in its escaped text form with a leading `#`.
///
/// Segments are escaped as RFC 6901 says (`~` -> `~0`, `/` -> `~1`); no percent-encoding, so a path
/// template stays readable: `#/paths/~1users~1{accountId}~1messages/post`.
///
/// ```
/// use bandwidth_codegen::Pointer;
/// let p = Pointer::root().push("paths").push("/users/{accountId}").push("get");
/// assert_eq!(p.as_str(), "#/paths/~1users~1{accountId}/get");
/// assert_eq!(p.segments().collect::<Vec<_>>(), ["paths", "/users/{accountId}", "get"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document (`#`).
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local reference such as `#/components/schemas/message`.
    ///
    /// Returns `None` when `text` is not a local JSON pointer (no leading `#`, or a fragment that does
    /// not start with `/`).
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix('#')?;
        if rest.is_empty() || rest.starts_with('/') {
            Some(Pointer(text.to_owned()))
        } else {
            None
        }
    }

    /// This pointer with one more (unescaped) segment.
    #[must_use]
    pub fn push(&self, segment: &str) -> Self {
        let mut out = String::with_capacity(self.0.len() + segment.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in segment.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                other => out.push(other),
            }
        }
        Pointer(out)
    }

    /// This pointer with one more array index segment.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        self.push(&index.to_string())
    }

    /// The escaped text, starting with `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments, first to last.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .strip_prefix('#')
            .unwrap_or(&self.0)
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
    }

    /// The pointer to the parent node, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let cut = self.0.rfind('/')?;
        Some(Pointer(self.0[..cut].to_owned()))
    }

    /// `true` when `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.0 == other.0
            || (self.0.starts_with(&other.0) && self.0[other.0.len()..].starts_with('/'))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_segments() {
        let p = Pointer::root().push("a/b").push("c~d").index(3);
        assert_eq!(p.as_str(), "#/a~1b/c~0d/3");
        assert_eq!(p.segments().collect::<Vec<_>>(), ["a/b", "c~d", "3"]);
        assert_eq!(
            p.parent().map(|p| p.to_string()).as_deref(),
            Some("#/a~1b/c~0d")
        );
        assert_eq!(Pointer::root().parent(), None);
    }

    #[test]
    fn parses_only_local_pointers() {
        assert!(Pointer::parse("#/components/schemas/x").is_some());
        assert!(Pointer::parse("#").is_some());
        assert!(Pointer::parse("other.yaml#/x").is_none());
        assert!(Pointer::parse("#x").is_none());
    }

    #[test]
    fn prefix_test_respects_segment_boundaries() {
        let a = Pointer::parse("#/components/schemas/a").unwrap_or_else(Pointer::root);
        let ab = Pointer::parse("#/components/schemas/ab").unwrap_or_else(Pointer::root);
        assert!(a.push("properties").starts_with(&a));
        assert!(!ab.starts_with(&a));
    }
}
