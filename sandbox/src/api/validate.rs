//! createMessage validation, done the way Bandwidth answers it: every problem collected as a
//! `fieldErrors` entry naming the JSON field.

use bandwidth_messaging::generated::behaviour::{limits, segmentation};
use bandwidth_messaging::generated::models::{FieldError, MessageRequest, PriorityEnum};
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::error::{field_error, field_name};

/// Whether `number` is an E.164 number: `+`, a non-zero digit, at most 15 digits in all.
pub fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Whether `sender` is an alphanumeric sender id: at most 11 characters of `A-Z a-z 0-9 space - + _ &`
/// with at least one letter.
pub fn is_alphanumeric_sender(sender: &str) -> bool {
    !sender.is_empty()
        && sender.chars().count() <= limits::ALPHANUMERIC_SENDER_MAX_LENGTH
        && sender
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '+' | '_' | '&'))
        && sender.chars().any(|c| c.is_ascii_alphabetic())
}

fn string_field(
    object: &Map<String, Value>,
    name: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match object.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            errors.push(field_error(name, format!("'{name}' must be a string")));
            None
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
    let mut errors = Vec::new();

    let application_id = string_field(object, "applicationId", &mut errors);
    if application_id.as_deref().is_none_or(str::is_empty)
        && !errors.iter().any(|e| field_name(e) == "applicationId")
    {
        errors.push(field_error("applicationId", "'applicationId' is required"));
    }

    let mut to = Vec::new();
    match object.get("to") {
        None | Some(Value::Null) => errors.push(field_error("to", "'to' is required")),
        Some(Value::String(single)) => to.push(single.clone()),
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(number) => to.push(number.to_owned()),
                    None => errors.push(field_error(
                        format!("to[{index}]"),
                        "Each recipient must be a string",
                    )),
                }
            }
        }
        Some(_) => errors.push(field_error("to", "'to' must be an array of phone numbers")),
    }
    if object.get("to").is_some_and(|v| !v.is_null()) {
        if to.is_empty() && !errors.iter().any(|e| field_name(e).starts_with("to")) {
            errors.push(field_error(
                "to",
                "'to' must contain at least one phone number",
            ));
        }
        if to.len() > limits::MAX_RECIPIENTS {
            errors.push(field_error(
                "to",
                format!(
                    "'to' must contain at most {} phone numbers, got {}",
                    limits::MAX_RECIPIENTS,
                    to.len()
                ),
            ));
        }
        for (index, number) in to.iter().enumerate() {
            if !is_e164(number) {
                errors.push(field_error(
                    format!("to[{index}]"),
                    format!("'{number}' must be a valid E164 phone number"),
                ));
            } else if to[..index].contains(number) {
                errors.push(field_error(
                    format!("to[{index}]"),
                    format!("'{number}' is listed twice"),
                ));
            }
        }
    }

    let from = string_field(object, "from", &mut errors);
    match &from {
        None if !errors.iter().any(|e| field_name(e) == "from") => {
            errors.push(field_error("from", "'from' is required"))
        }
        Some(from) if !is_e164(from) && !is_alphanumeric_sender(from) => errors.push(field_error(
            "from",
            format!(
                "'{from}' must be a valid E164 phone number or an alphanumeric sender id of at most {} characters",
                limits::ALPHANUMERIC_SENDER_MAX_LENGTH
            ),
        )),
        _ => {}
    }

    let text = string_field(object, "text", &mut errors);
    if let Some(text) = &text {
        let characters = text.chars().count();
        if characters > segmentation::MAX_TEXT_CHARACTERS {
            errors.push(field_error(
                "text",
                format!(
                    "'text' must be at most {} characters, got {characters}",
                    segmentation::MAX_TEXT_CHARACTERS
                ),
            ));
        }
    }

    let mut media = Vec::new();
    match object.get("media") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let Some(url) = item.as_str() else {
                    errors.push(field_error(
                        format!("media[{index}]"),
                        "Each media entry must be a URL string",
                    ));
                    continue;
                };
                if url.len() > limits::MAX_MEDIA_URL_LENGTH {
                    errors.push(field_error(
                        format!("media[{index}]"),
                        format!(
                            "Media URLs must be at most {} characters",
                            limits::MAX_MEDIA_URL_LENGTH
                        ),
                    ));
                } else if !reqwest::Url::parse(url)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
                {
                    errors.push(field_error(
                        format!("media[{index}]"),
                        format!("'{url}' must be an http or https URL"),
                    ));
                } else if media.iter().any(|seen| seen == url) {
                    errors.push(field_error(
                        format!("media[{index}]"),
                        format!("'{url}' is listed twice"),
                    ));
                } else {
                    media.push(url.to_owned());
                }
            }
        }
        Some(_) => errors.push(field_error("media", "'media' must be an array of URLs")),
    }
    let has_text = text.as_deref().is_some_and(|t| !t.is_empty());
    let media_given = object
        .get("media")
        .and_then(Value::as_array)
        .is_some_and(|m| !m.is_empty());
    if !has_text
        && !media_given
        && !errors
            .iter()
            .any(|e| field_name(e) == "text" || field_name(e).starts_with("media"))
    {
        errors.push(field_error(
            "text",
            "Either 'text' or 'media' must be provided",
        ));
    }

    let tag = string_field(object, "tag", &mut errors);
    if let Some(tag) = &tag
        && tag.chars().count() > limits::MAX_TAG_LENGTH
    {
        errors.push(field_error(
            "tag",
            format!(
                "'tag' must be at most {} characters",
                limits::MAX_TAG_LENGTH
            ),
        ));
    }

    let priority = string_field(object, "priority", &mut errors);
    if let Some(priority) = &priority
        && priority != "default"
        && priority != "high"
    {
        errors.push(field_error(
            "priority",
            format!("'{priority}' is not a valid priority; use 'default' or 'high'"),
        ));
    }

    let mut expiration = None;
    if let Some(text) = string_field(object, "expiration", &mut errors) {
        match text.parse::<Timestamp>() {
            Ok(at) if at <= now => errors.push(field_error(
                "expiration",
                "'expiration' must be in the future",
            )),
            Ok(at) => expiration = Some(at),
            Err(_) => errors.push(field_error(
                "expiration",
                format!("'{text}' must be an RFC 3339 date-time such as 2025-01-06T15:44:00Z"),
            )),
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let mut request = MessageRequest::new(
        application_id.unwrap_or_default(),
        to,
        from.unwrap_or_default(),
    );
    request.text = text;
    request.media = (!media.is_empty()).then_some(media);
    request.tag = tag;
    request.priority = priority.as_deref().map(PriorityEnum::from);
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
    fn sender_ids() {
        assert!(is_alphanumeric_sender("MyBrand"));
        assert!(is_alphanumeric_sender("A&B-C_D+E 1"));
        assert!(!is_alphanumeric_sender("12345"));
        assert!(!is_alphanumeric_sender("TwelveChars1"));
        assert!(is_e164("+15551234567"));
        assert!(!is_e164("+05551234567"));
        assert!(!is_e164("15551234567"));
    }
}
