//! [`Locator`]: finds the line and column of a JSON pointer in YAML source text.
//!
//! The spec is decoded from a `serde_json::Value`, which has no positions. When a diagnostic has to be
//! shown, the locator walks the YAML event stream once (granit-parser, the parser under serde-saphyr) and
//! records where every mapping key and sequence item starts. A pointer that names no node (a missing key,
//! or a path through an alias or a merge) resolves to its closest ancestor that does exist.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, Span};

use crate::pointer::Pointer;

/// Positions of the nodes of one YAML document, by JSON pointer.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<String, (u32, u32)>,
}

enum Frame {
    /// A mapping at `pointer`, and what its next node is.
    Map { pointer: Pointer, key: Key },
    /// A sequence at `pointer`; `next` is the index of the next item.
    Seq { pointer: Pointer, next: usize },
    /// A collection used as a mapping key, or below an unnamed node: positions are not recorded.
    Skip,
}

/// The state of a mapping between its nodes.
enum Key {
    /// The next node is a key.
    Expected,
    /// The next node is the value of this scalar key.
    Scalar(String),
    /// The next node is the value of a complex (collection) key: not addressable.
    Complex,
}

impl Locator {
    /// Walks `text` once. Stops quietly at the first YAML error (diagnostics for syntax errors carry the
    /// parser's own position and do not need the locator).
    pub fn new(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0usize;
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        break;
                    }
                }
                Event::Scalar(value, ..) => {
                    Self::node(&mut stack, &mut positions, &span, Some(value.as_ref()));
                }
                Event::Alias(_) => {
                    Self::node(&mut stack, &mut positions, &span, None);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    match Self::node(&mut stack, &mut positions, &span, None) {
                        Some(pointer) if is_map => stack.push(Frame::Map {
                            pointer,
                            key: Key::Expected,
                        }),
                        Some(pointer) => stack.push(Frame::Seq { pointer, next: 0 }),
                        None => stack.push(Frame::Skip),
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Locator { positions }
    }

    /// Handles one node event; returns the node's pointer when it is a value (not a key) at a known place.
    fn node(
        stack: &mut [Frame],
        positions: &mut HashMap<String, (u32, u32)>,
        span: &Span,
        scalar: Option<&str>,
    ) -> Option<Pointer> {
        let at = (
            u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        );
        match stack.last_mut() {
            None => {
                positions.entry(Pointer::root().to_string()).or_insert(at);
                Some(Pointer::root())
            }
            Some(Frame::Skip) => None,
            Some(Frame::Seq { pointer, next }) => {
                let p = pointer.index(*next);
                *next += 1;
                positions.insert(p.to_string(), at);
                Some(p)
            }
            Some(Frame::Map { pointer, key }) => match std::mem::replace(key, Key::Expected) {
                Key::Expected => {
                    // This node is a key.
                    match scalar {
                        Some(k) => {
                            let p = pointer.push(k);
                            positions.insert(p.to_string(), at);
                            *key = Key::Scalar(k.to_owned());
                        }
                        None => *key = Key::Complex,
                    }
                    // A collection used as a key is skipped with its content.
                    None
                }
                Key::Scalar(k) => {
                    let p = pointer.push(&k);
                    // The key's position was recorded; the value keeps it.
                    positions.entry(p.to_string()).or_insert(at);
                    Some(p)
                }
                Key::Complex => None,
            },
        }
    }

    /// Line and column (both 1-based) of `pointer`, or of its closest ancestor that exists in the text.
    pub fn locate(&self, pointer: &Pointer) -> (u32, u32) {
        let mut current = Some(pointer.clone());
        while let Some(p) = current {
            if let Some(pos) = self.positions.get(p.as_str()) {
                return *pos;
            }
            current = p.parent();
        }
        (1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, pointer: &str) -> (u32, u32) {
        let loc = Locator::new(text);
        loc.locate(&Pointer::parse(pointer).unwrap_or_else(Pointer::root))
    }

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /users/{id}:
    get:
      responses:
        '200':
          description: ok
    servers: &s
      - url: https://a
  /other:
    servers: *s
tags: [{name: A}, {name: B}]
";

    #[test]
    fn finds_mapping_keys_and_sequence_items() {
        assert_eq!(at(DOC, "#/openapi"), (1, 1));
        assert_eq!(at(DOC, "#/paths/~1users~1{id}/get"), (4, 5));
        assert_eq!(
            at(DOC, "#/paths/~1users~1{id}/get/responses/200/description"),
            (7, 11)
        );
        assert_eq!(at(DOC, "#/paths/~1users~1{id}/servers/0"), (9, 9));
        assert_eq!(at(DOC, "#/paths/~1users~1{id}/servers/0/url"), (9, 9));
        assert_eq!(at(DOC, "#/tags/1"), (12, 19));
        assert_eq!(at(DOC, "#/tags/1/name"), (12, 20));
    }

    #[test]
    fn missing_nodes_resolve_to_the_closest_ancestor() {
        assert_eq!(at(DOC, "#/paths/~1users~1{id}/get/requestBody"), (4, 5));
        // Through an alias: the alias site is the closest node.
        assert_eq!(at(DOC, "#/paths/~1other/servers/0/url"), (11, 5));
        assert_eq!(at(DOC, "#/nothing/here"), (1, 1));
    }

    #[test]
    fn values_after_collections_keep_their_keys() {
        let text = "a:\n  - 1\n  - 2\nb: {c: [x], d: y}\ne: z\n";
        assert_eq!(at(text, "#/a/1"), (3, 5));
        assert_eq!(at(text, "#/b/d"), (4, 13));
        assert_eq!(at(text, "#/e"), (5, 1));
    }

    #[test]
    fn complex_keys_are_skipped() {
        let text = "? [a, b]\n: 1\nc: 2\n";
        assert_eq!(at(text, "#/c"), (3, 1));
    }
}
