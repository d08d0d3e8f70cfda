//! [`Obj`]: reads the keys of one mapping of the document with typed getters, reporting every problem to
//! the decoder's sink instead of stopping at the first one.

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

use super::decode::Decoder;
use super::model::Extensions;
use crate::diag::{DiagnosticKind, describe};
use crate::pointer::Pointer;

/// One mapping being decoded: remembers which keys were asked for, so [`Obj::finish`] can report the rest.
pub(crate) struct Obj<'v> {
    map: &'v Map<String, Value>,
    pub pointer: Pointer,
    what: &'static str,
    known: Vec<&'static str>,
}

impl<'v> Obj<'v> {
    /// Starts reading `value` as the mapping `what` (e.g. "a Schema Object"); reports a type error otherwise.
    pub fn new(
        d: &mut Decoder,
        value: &'v Value,
        pointer: &Pointer,
        what: &'static str,
    ) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Obj {
                map,
                pointer: pointer.clone(),
                what,
                known: Vec::new(),
            }),
            other => {
                d.sink.push(
                    DiagnosticKind::InvalidType,
                    pointer,
                    format!("{what} (a mapping)"),
                    describe(other),
                );
                None
            }
        }
    }

    /// The raw value of `key`, marking the key as known.
    pub fn get(&mut self, key: &'static str) -> Option<(&'v Value, Pointer)> {
        self.known.push(key);
        self.map.get(key).map(|v| (v, self.pointer.push(key)))
    }

    /// `true` when the mapping has `key` (without marking it known).
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Reports a required key that is absent.
    pub fn missing(&self, d: &mut Decoder, key: &str, kind_of_value: &str) {
        d.sink.push(
            DiagnosticKind::MissingKey,
            &self.pointer.push(key),
            format!(
                "the required key `{key}` ({kind_of_value}) in {}",
                self.what
            ),
            "no such key".to_owned(),
        );
    }

    /// A string (numbers are accepted and written as text, as YAML users often leave versions unquoted).
    pub fn string(&mut self, d: &mut Decoder, key: &'static str) -> Option<String> {
        let (v, p) = self.get(key)?;
        as_string(d, v, &p)
    }

    /// A string that must be present.
    pub fn req_string(&mut self, d: &mut Decoder, key: &'static str) -> Option<String> {
        if !self.has(key) {
            self.known.push(key);
            self.missing(d, key, "a string");
            return None;
        }
        self.string(d, key)
    }

    /// A boolean; absent is `false`.
    pub fn flag(&mut self, d: &mut Decoder, key: &'static str) -> bool {
        self.bool(d, key).unwrap_or(false)
    }

    /// A boolean.
    pub fn bool(&mut self, d: &mut Decoder, key: &'static str) -> Option<bool> {
        let (v, p) = self.get(key)?;
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                d.sink.push(
                    DiagnosticKind::InvalidType,
                    &p,
                    "a boolean (`true` or `false`)",
                    describe(other),
                );
                None
            }
        }
    }

    /// A non-negative integer.
    pub fn u64(&mut self, d: &mut Decoder, key: &'static str) -> Option<u64> {
        let (v, p) = self.get(key)?;
        match v.as_u64() {
            Some(n) => Some(n),
            None => {
                d.sink.push(
                    DiagnosticKind::InvalidType,
                    &p,
                    "a non-negative integer",
                    describe(v),
                );
                None
            }
        }
    }

    /// Any number.
    pub fn number(&mut self, d: &mut Decoder, key: &'static str) -> Option<Number> {
        let (v, p) = self.get(key)?;
        match v {
            Value::Number(n) => Some(n.clone()),
            other => {
                d.sink
                    .push(DiagnosticKind::InvalidType, &p, "a number", describe(other));
                None
            }
        }
    }

    /// Any value, kept as it is (documentation keys such as `example`).
    pub fn raw(&mut self, key: &'static str) -> Option<Value> {
        self.get(key).map(|(v, _)| v.clone())
    }

    /// A sequence of strings.
    pub fn strings(&mut self, d: &mut Decoder, key: &'static str) -> Vec<String> {
        self.list(d, key, "a sequence of strings", as_string)
    }

    /// A sequence decoded item by item; items that fail are reported and left out.
    pub fn list<T>(
        &mut self,
        d: &mut Decoder,
        key: &'static str,
        what: &str,
        mut item: impl FnMut(&mut Decoder, &'v Value, &Pointer) -> Option<T>,
    ) -> Vec<T> {
        let Some((v, p)) = self.get(key) else {
            return Vec::new();
        };
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| item(d, x, &p.index(i)))
                .collect(),
            other => {
                d.sink.push(
                    DiagnosticKind::InvalidType,
                    &p,
                    what.to_owned(),
                    describe(other),
                );
                Vec::new()
            }
        }
    }

    /// A mapping decoded entry by entry, in spec order; `x-` keys are skipped when `skip_extensions`.
    pub fn map<T>(
        &mut self,
        d: &mut Decoder,
        key: &'static str,
        what: &str,
        skip_extensions: bool,
        mut entry: impl FnMut(&mut Decoder, &str, &'v Value, &Pointer) -> Option<T>,
    ) -> IndexMap<String, T> {
        let Some((v, p)) = self.get(key) else {
            return IndexMap::new();
        };
        match v {
            Value::Object(m) => m
                .iter()
                .filter(|(k, _)| !(skip_extensions && k.starts_with("x-")))
                .filter_map(|(k, x)| entry(d, k, x, &p.push(k)).map(|t| (k.clone(), t)))
                .collect(),
            other => {
                d.sink.push(
                    DiagnosticKind::InvalidType,
                    &p,
                    what.to_owned(),
                    describe(other),
                );
                IndexMap::new()
            }
        }
    }

    /// The `x-*` keys, after reporting every key that was neither asked for nor an extension.
    pub fn finish(self, d: &mut Decoder) -> Extensions {
        let mut extensions = Extensions::new();
        for (k, v) in self.map {
            if k.starts_with("x-") {
                extensions.insert(k.clone(), v.clone());
            } else if !self.known.contains(&k.as_str()) {
                let hint = closest(k, &self.known)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                d.sink.push(
                    DiagnosticKind::UnknownKey,
                    &self.pointer.push(k),
                    format!("a key of {} or an `x-` extension", self.what),
                    format!("the unknown key `{k}`{hint}"),
                );
            }
        }
        extensions
    }
}

/// A string value (numbers are turned into their text).
pub(crate) fn as_string(d: &mut Decoder, v: &Value, p: &Pointer) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        other => {
            d.sink
                .push(DiagnosticKind::InvalidType, p, "a string", describe(other));
            None
        }
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.len() / 3).max(1);
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(dist, _)| *dist <= limit)
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(closest("nulable", &["nullable", "type"]), Some("nullable"));
        assert_eq!(closest("strng", &["string", "integer"]), Some("string"));
        assert_eq!(closest("zzzzzz", &["nullable", "type"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
