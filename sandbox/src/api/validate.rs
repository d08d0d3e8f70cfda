//! createMessage validation, answered the way Bandwidth does: every problem a `fieldErrors` entry naming the
//! JSON field. The rules are the crate's rule book (`bandwidth_messaging::rules`, lowered from the spec), the
//! same the client applies; this module only reads the JSON (types, date-times) and maps violations to
//! `fieldErrors`.

use bandwidth_messaging::generated::models::{FieldError, MessageRequest, PriorityEnum};
use bandwidth_messaging::rules::{self, Draft, Rule, Violation};
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::error::field_error;
#[cfg(test)]
use super::error::field_name;

/// The `fieldErrors` entry of a violation: its field path and the rule's text (never the value sent).
pub fn field_error_of(violation: &Violation) -> FieldError {
    field_error(
        violation.field.clone(),
        format!("'{}' {}", violation.field, violation.rule),
    )
}

/// A string field: `Ok(None)` when absent or null, `Err` when not a string.
fn string_field<'v>(
    object: &'v Map<String, Value>,
    name: &str,
    shape: &mut Vec<Violation>,
) -> Option<&'v str> {
    match object.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text),
        Some(_) => {
            shape.push(Violation::new(
                name,
                Rule::WrongType {
                    expected: "a string",
                },
            ));
            None
        }
    }
}

/// A list of strings (`to` also takes a single string); non-strings are type problems at their index.
fn string_list(
    object: &Map<String, Value>,
    name: &str,
    single_allowed: bool,
    shape: &mut Vec<Violation>,
) -> Option<Vec<String>> {
    match object.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(one)) if single_allowed => Some(vec![one.clone()]),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| match item {
                    Value::String(s) => s.clone(),
                    _ => {
                        shape.push(Violation::new(
                            format!("{name}[{index}]"),
                            Rule::WrongType {
                                expected: "a string",
                            },
                        ));
                        String::new()
                    }
                })
                .collect(),
        ),
        Some(_) => {
            shape.push(Violation::new(
                name,
                Rule::WrongType {
                    expected: "an array of strings",
                },
            ));
            Some(Vec::new())
        }
    }
}

/// Validates a parsed JSON body at `now` into the generated `MessageRequest` (`media` is `None` when empty).
pub fn validate(body: &Value, now: Timestamp) -> Result<MessageRequest, Vec<FieldError>> {
    let Some(object) = body.as_object() else {
        return Err(vec![field_error(
            "body",
            "The request body must be a JSON object",
        )]);
    };
    let mut shape = Vec::new();
    let application_id = string_field(object, "applicationId", &mut shape);
    let to = string_list(object, "to", true, &mut shape);
    let from = string_field(object, "from", &mut shape);
    let text = string_field(object, "text", &mut shape);
    let media = string_list(object, "media", false, &mut shape);
    let tag = string_field(object, "tag", &mut shape);
    let priority = string_field(object, "priority", &mut shape);
    let expiration = match string_field(object, "expiration", &mut shape) {
        None => None,
        Some(raw) => match raw.parse::<Timestamp>() {
            Ok(at) => Some(at),
            Err(_) => {
                shape.push(Violation::new("expiration", Rule::NotDateTime));
                None
            }
        },
    };
    let draft = Draft {
        application_id,
        to: to.as_deref(),
        from,
        text,
        media: media.as_deref(),
        tag,
        priority,
        expiration,
    };
    let mut violations = rules::check(&draft, now);
    // A field with a type problem is reported once, for its type; the rule book's verdict on the
    // placeholder left for it is dropped.
    let base = |field: &str| field.split('[').next().unwrap_or("").to_owned();
    let mistyped: Vec<String> = shape.iter().map(|v| v.field.clone()).collect();
    let placeholder = |v: &Violation| {
        mistyped.contains(&v.field)
            || (v.rule == Rule::Required && mistyped.iter().any(|m| base(m) == v.field))
            || (v.rule == Rule::NoContent
                && mistyped.iter().any(|m| m == "text" || base(m) == "media"))
    };
    violations.retain(|v| !placeholder(v));
    violations.extend(shape);
    if !violations.is_empty() {
        return Err(violations.iter().map(field_error_of).collect());
    }
    let mut request = MessageRequest::new(
        application_id.unwrap_or_default().to_owned(),
        to.unwrap_or_default(),
        from.unwrap_or_default().to_owned(),
    );
    request.text = text.map(str::to_owned);
    request.media = media.filter(|m| !m.is_empty());
    request.tag = tag.map(str::to_owned);
    request.priority = priority.map(PriorityEnum::from);
    request.expiration = expiration;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        "2025-01-06T15:44:00Z".parse().unwrap()
    }

    fn fields(body: Value) -> Vec<String> {
        validate(&body, now())
            .unwrap_err()
            .iter()
            .map(|e| field_name(e).to_owned())
            .collect()
    }

    #[test]
    fn a_valid_sms_passes() {
        let request = validate(
            &json!({"applicationId": "a", "to": ["+15551234567"], "from": "+15557654321", "text": "hi"}),
            now(),
        )
        .unwrap();
        assert_eq!(request.to, vec!["+15551234567"]);
    }

    #[test]
    fn every_problem_is_named() {
        assert_eq!(
            fields(json!({})),
            vec!["applicationId", "to", "from", "text"]
        );
        assert_eq!(
            fields(
                json!({"applicationId": "a", "to": ["123", "+15551234567", "+15551234567"], "from": "not valid!", "text": "x"})
            ),
            vec!["to[0]", "to[2]", "from"]
        );
        assert_eq!(
            fields(
                json!({"applicationId": "a", "to": ["+15551234567"], "from": "+15557654321", "text": "x",
                "priority": "urgent", "expiration": "2020-01-01T00:00:00Z", "tag": "t".repeat(1025)})
            ),
            vec!["tag", "priority", "expiration"]
        );
    }

    #[test]
    fn limits_on_recipients_text_and_media() {
        let to: Vec<String> = (0..11).map(|i| format!("+1555000{i:04}")).collect();
        assert_eq!(
            fields(
                json!({"applicationId": "a", "to": to, "from": "+15557654321", "text": "x".repeat(2049)})
            ),
            vec!["to", "text"]
        );
        assert_eq!(
            fields(
                json!({"applicationId": "a", "to": ["+15551234567"], "from": "+15557654321", "media": ["ftp://x"]})
            ),
            vec!["media[0]"]
        );
    }

    #[test]
    fn wrong_types_are_reported_once_per_field() {
        assert_eq!(
            fields(
                json!({"applicationId": "a", "to": ["+15551234567", 5], "from": 7, "media": "x"})
            ),
            vec!["to[1]", "from", "media"]
        );
    }
}
