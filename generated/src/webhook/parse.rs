//! Parsing a webhook body: a JSON array of events (what Bandwidth sends) or a single event object (what
//! Bandwidth's OpenAPI file describes).
//!
//! The array is first split into the raw bytes of each element (no allocation per value), then each element is
//! parsed by [`WebhookEvent::from_json`], which for the generated `Event` reads the `type` and parses the bytes
//! straight into that event's struct.

use serde_json::value::RawValue;

use super::event::WebhookEvent;

/// A webhook body could not be turned into events. Messages name the position, never the message text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not JSON (or is cut off).
    #[error("the body is not valid JSON (line {line}, column {column}): {category}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// `syntax error` or `unexpected end of input`.
        category: &'static str,
        /// What serde_json said.
        #[source]
        source: serde_json::Error,
    },
    /// The body is JSON, but neither an array of events nor an event object.
    #[error("expected a JSON array of events or one event object, found {found}")]
    NotEvents {
        /// What the body held instead (`a string`, `a number`, ...).
        found: &'static str,
    },
    /// The body is an empty array.
    #[error("the body is an empty array: expected at least one event")]
    Empty,
    /// An element of the body is not an event: not an object, or without a string `type`.
    #[error("element {index} is not an event: {reason}")]
    NotAnEvent {
        /// 0-based position in the array (0 for a single object).
        index: usize,
        /// `not an object`, `no "type"` or `"type" is not a string`.
        reason: &'static str,
    },
    /// One event does not match the schema of its type (e.g. a `message-failed` without `to`). The message
    /// names the position, the type and (for a missing field) the field, never a value that was sent: values
    /// may be message text.
    #[error(
        "event {index}{} does not match its schema at line {line}, column {column}: {}",
        TypeName(event_type),
        Problem(source)
    )]
    Event {
        /// 0-based position in the array (0 for a single object).
        index: usize,
        /// The event's `type` as written, or `""` when it has none.
        event_type: String,
        /// 1-based line of the error in the body.
        line: usize,
        /// 1-based column of the error in the body.
        column: usize,
        /// What serde_json said (it names the field and the expected type).
        #[source]
        source: serde_json::Error,
    },
}

impl ParseError {
    /// A short machine-readable name of the failure, used as the `type` of the receiver's error bodies.
    pub fn kind(&self) -> &'static str {
        match self {
            ParseError::Syntax { .. } => "malformed-json",
            ParseError::NotEvents { .. } => "not-events",
            ParseError::Empty => "empty-body",
            ParseError::NotAnEvent { .. } => "not-an-event",
            ParseError::Event { .. } => "invalid-event",
        }
    }
}

/// Parses a webhook body into events of any [`WebhookEvent`] type (the generated `Event`, a hand-written
/// `#[webhook_events]` enum, or `serde_json::Value`).
///
/// Accepts `[event, ...]` (at least one) and a single `{...}` event object; anything else is a [`ParseError`].
/// An event whose `type` is unknown is not an error (the generated `Event` keeps it as `Unknown`).
///
/// ```
/// use bandwidth_messaging::webhook::{ParseError, WebhookEvent, parse_body_as};
/// use serde_json::Value;
///
/// let events = parse_body_as::<Value>(br#"[{"type":"message-sent"},{"type":"message-delivered"}]"#)?;
/// assert_eq!(events[1].event_type(), "message-delivered");
/// assert!(matches!(parse_body_as::<Value>(b"[]"), Err(ParseError::Empty)));
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_body_as<T: WebhookEvent>(body: &[u8]) -> Result<Vec<T>, ParseError> {
    match body.iter().copied().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => {
            let elements: Vec<&RawValue> =
                serde_json::from_slice(body).map_err(|error| syntax(body, error))?;
            if elements.is_empty() {
                return Err(ParseError::Empty);
            }
            elements
                .iter()
                .enumerate()
                .map(|(index, raw)| {
                    let bytes = raw.get().as_bytes();
                    check_event(bytes, index)?;
                    T::from_json(bytes).map_err(|error| event_error(body, bytes, index, error))
                })
                .collect()
        }
        Some(b'{') => match T::from_json(body) {
            Ok(event) => {
                check_event(body, 0)?;
                Ok(vec![event])
            }
            Err(error) if error.is_data() => {
                check_event(body, 0)?;
                Err(event_error(body, body, 0, error))
            }
            Err(error) => Err(syntax(body, error)),
        },
        _ => Err(not_events(body)),
    }
}

/// An element is an event when it is an object with a string `type`.
fn check_event(element: &[u8], index: usize) -> Result<(), ParseError> {
    #[derive(serde::Deserialize)]
    struct Probe<'a> {
        #[serde(rename = "type", borrow)]
        event_type: Option<&'a RawValue>,
    }
    let not_an_event = |reason| ParseError::NotAnEvent { index, reason };
    if element.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(not_an_event("not an object"));
    }
    match serde_json::from_slice::<Probe<'_>>(element) {
        // Not JSON: the caller reports the syntax error.
        Err(_) => Ok(()),
        Ok(Probe { event_type: None }) => Err(not_an_event("no \"type\"")),
        Ok(Probe {
            event_type: Some(raw),
        }) if !raw.get().starts_with('"') => Err(not_an_event("\"type\" is not a string")),
        Ok(_) => Ok(()),
    }
}

/// ` (type message-failed)` when the type is a plain name, nothing otherwise (a type is sent, so it is shown
/// only when it cannot be text).
struct TypeName<'a>(&'a str);

impl std::fmt::Display for TypeName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = !self.0.is_empty()
            && self.0.len() <= 64
            && self
                .0
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if plain {
            write!(f, " (type {})", self.0)
        } else {
            Ok(())
        }
    }
}

/// What is wrong with an event, without the value serde_json quotes: the missing field when one is missing
/// (field names come from the schema), else only the kind of problem.
struct Problem<'a>(&'a serde_json::Error);

impl std::fmt::Display for Problem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.0.to_string();
        if let Some(rest) = message.strip_prefix("missing field `")
            && let Some(field) = rest.split('`').next()
            && field
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return write!(f, "missing field `{field}`");
        }
        f.write_str("a field is missing or holds a value of the wrong type or form")
    }
}

/// The body starts with neither `[` nor `{`: say what it is, or why it is not JSON.
fn not_events(body: &[u8]) -> ParseError {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => ParseError::NotEvents {
            found: match value {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                // Unreachable given the first byte, but named rather than assumed.
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::Object(_) => "an object",
            },
        },
        Err(error) => syntax(body, error),
    }
}

fn syntax(_body: &[u8], error: serde_json::Error) -> ParseError {
    let category = if error.is_eof() {
        "unexpected end of input"
    } else {
        "syntax error"
    };
    ParseError::Syntax {
        line: error.line(),
        column: error.column(),
        category,
        source: error,
    }
}

/// An error parsing the element `element` (a sub-slice of `body`): positions made absolute in `body`.
fn event_error(body: &[u8], element: &[u8], index: usize, error: serde_json::Error) -> ParseError {
    let offset = (element.as_ptr() as usize)
        .saturating_sub(body.as_ptr() as usize)
        .min(body.len());
    let before = &body[..offset];
    let start_line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start_column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
    let (line, column) = if error.line() <= 1 {
        (start_line, start_column + error.column().saturating_sub(1))
    } else {
        (start_line + error.line() - 1, error.column())
    };
    ParseError::Event {
        index,
        event_type: event_type_of(element),
        line,
        column,
        source: error,
    }
}

/// The `type` of one event object (error path only).
fn event_type_of(element: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Typed {
        #[serde(rename = "type")]
        event_type: Option<serde_json::Value>,
    }
    serde_json::from_slice::<Typed>(element)
        .ok()
        .and_then(|typed| typed.event_type)
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::DedupKey;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Probe {
        #[serde(rename = "type")]
        kind: String,
        to: String,
    }

    impl WebhookEvent for Probe {
        fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
            serde_json::from_slice(bytes)
        }
        fn event_type(&self) -> &str {
            &self.kind
        }
        fn message_id(&self) -> Option<&str> {
            None
        }
        fn dedup_key(&self) -> Option<DedupKey> {
            None
        }
    }

    #[test]
    fn array_and_single_object_are_accepted() {
        let many =
            parse_body_as::<Probe>(br#"[{"type":"a","to":"1"},{"type":"b","to":"2"}]"#).unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(
            many[1],
            Probe {
                kind: "b".into(),
                to: "2".into()
            }
        );
        let one = parse_body_as::<Probe>(br#" {"type":"a","to":"1"} "#).unwrap();
        assert_eq!(
            one,
            vec![Probe {
                kind: "a".into(),
                to: "1".into()
            }]
        );
    }

    #[test]
    fn each_failure_is_named() {
        assert!(matches!(
            parse_body_as::<Probe>(b"[]"),
            Err(ParseError::Empty)
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b" [ ] "),
            Err(ParseError::Empty)
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b""),
            Err(ParseError::Syntax {
                category: "unexpected end of input",
                ..
            })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"[{\"type\":"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"[{\"type\":\"a\",\"to\":\"1\"}] x"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"{\"type\":\"a\",\"to\":\"1\"} x"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"\"hello\""),
            Err(ParseError::NotEvents { found: "a string" })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"12"),
            Err(ParseError::NotEvents { found: "a number" })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"null"),
            Err(ParseError::NotEvents { found: "null" })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"nul"),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(&[0xff, 0xfe]),
            Err(ParseError::Syntax { .. })
        ));
        assert!(matches!(
            parse_body_as::<Probe>(b"[\"\xff\"]"),
            Err(ParseError::Syntax { .. })
        ));
    }

    #[test]
    fn a_bad_event_is_named_by_index_type_and_absolute_position() {
        let body = b"[{\"type\":\"a\",\"to\":\"1\"},\n  {\"type\":\"message-failed\", \"to\": 5}]";
        match parse_body_as::<Probe>(body) {
            Err(ParseError::Event {
                index,
                event_type,
                line,
                column,
                ..
            }) => {
                assert_eq!((index, event_type.as_str()), (1, "message-failed"));
                assert_eq!(line, 2);
                assert_eq!(
                    &body[..].split(|&b| b == b'\n').nth(1).unwrap()[column - 2..column],
                    b" 5"
                );
            }
            other => panic!("expected an Event error, got {other:?}"),
        }
        match parse_body_as::<Probe>(br#"{"type":"message-sent","to":5}"#) {
            Err(ParseError::Event {
                index: 0,
                event_type,
                ..
            }) => assert_eq!(event_type, "message-sent"),
            other => panic!("expected an Event error, got {other:?}"),
        }
        for (body, reason) in [
            (&br#"[{"type":"a","to":"1"}, 7]"#[..], "not an object"),
            (br#"[{"type":"a","to":"1"}, {}]"#, "no \"type\""),
            (
                br#"[{"type":"a","to":"1"}, {"type":5,"to":"1"}]"#,
                "\"type\" is not a string",
            ),
        ] {
            match parse_body_as::<serde_json::Value>(body) {
                Err(ParseError::NotAnEvent {
                    index: 1,
                    reason: r,
                }) => assert_eq!(r, reason),
                other => panic!("expected NotAnEvent, got {other:?}"),
            }
        }
        assert!(matches!(
            parse_body_as::<serde_json::Value>(b"{}"),
            Err(ParseError::NotAnEvent { index: 0, .. })
        ));
        let secret = br#"[{"type":"message-sent","to":{"text":"SECRET MESSAGE TEXT"}}]"#;
        let shown = parse_body_as::<Probe>(secret).unwrap_err().to_string();
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("event 0 (type message-sent)"), "{shown}");
        let missing = parse_body_as::<Probe>(br#"[{"type":"x"}]"#)
            .unwrap_err()
            .to_string();
        assert!(missing.ends_with("missing field `to`"), "{missing}");
    }
}
