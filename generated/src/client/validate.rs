//! Client-side checks of a message request, run before anything is sent.
//!
//! The rules are Bandwidth's documented limits; the numbers come from the spec's `x-bandwidth-limits` and
//! `x-bandwidth-segmentation` extensions (`crate::generated::behaviour`), not from literals here. Turn the checks
//! off with [`ClientBuilder::validation(false)`](super::ClientBuilder::validation) to let the server decide.

use std::fmt;

use crate::generated::behaviour::{limits, segmentation};

/// A request that breaks a documented rule, found before anything was sent.
///
/// `field` names the JSON field, with an index for list items (`to[3]`, `media[0]`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {problem}")]
pub struct ValidationError {
    /// The JSON field, e.g. `"to[2]"`.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl ValidationError {
    fn new(field: impl Into<String>, problem: Problem) -> Self {
        ValidationError {
            field: field.into(),
            problem,
        }
    }
}

/// What is wrong with a field. Values that may be private (message text) are never copied into it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A required list is empty.
    Empty,
    /// A list holds more items than allowed.
    TooManyItems {
        /// The limit.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// A value is longer than allowed (in Unicode scalar values).
    TooLong {
        /// The limit.
        max: usize,
        /// The actual length.
        actual: usize,
    },
    /// A body is bigger than allowed (in bytes).
    TooLarge {
        /// The limit.
        max: u64,
        /// The actual size.
        actual: u64,
    },
    /// A phone number is not in E.164 form (`+` then 1 to 15 digits, the first not 0).
    NotE164 {
        /// The value given.
        value: String,
    },
    /// A sender is neither an E.164 number nor a valid alphanumeric sender id.
    InvalidSender {
        /// The value given.
        value: String,
    },
    /// The same recipient appears twice.
    Duplicate {
        /// The index of its first appearance.
        first: usize,
    },
    /// Neither `text` nor `media` was given.
    NoContent,
    /// The expiration time has already passed.
    InPast {
        /// The expiration given.
        expiration: jiff::Timestamp,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => f.write_str("must not be empty"),
            Problem::TooManyItems { max, actual } => {
                write!(f, "holds {actual} items, at most {max} are allowed")
            }
            Problem::TooLong { max, actual } => {
                write!(f, "is {actual} characters long, at most {max} are allowed")
            }
            Problem::TooLarge { max, actual } => {
                write!(f, "is {actual} bytes, at most {max} are allowed")
            }
            Problem::NotE164 { value } => {
                write!(
                    f,
                    "{value:?} is not an E.164 number (expected `+` then 1 to 15 digits)"
                )
            }
            Problem::InvalidSender { value } => write!(
                f,
                "{value:?} is neither an E.164 number nor an alphanumeric sender id (at most {} characters of \
                 A-Z a-z 0-9 space - + _ &, at least one letter)",
                limits::ALPHANUMERIC_SENDER_MAX_LENGTH
            ),
            Problem::Duplicate { first } => write!(f, "repeats the recipient at index {first}"),
            Problem::NoContent => {
                f.write_str("a message needs `text` or `media`, neither was given")
            }
            Problem::InPast { expiration } => write!(f, "{expiration} is in the past"),
        }
    }
}

/// `true` when `value` is an E.164 number: `+`, then 1 to 15 digits, the first of them not `0`.
///
/// ```
/// use bandwidth_messaging::client::validate::is_e164;
/// assert!(is_e164("+15554443333"));
/// assert!(!is_e164("15554443333"));
/// assert!(!is_e164("+0123"));
/// assert!(!is_e164("+1 555 444 3333"));
/// ```
pub fn is_e164(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('+') else {
        return false;
    };
    (1..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// `true` when `value` is a valid alphanumeric sender id: 1 to 11 characters of `A-Z a-z 0-9`, space, `-`, `+`,
/// `_`, `&`, with at least one letter.
///
/// ```
/// use bandwidth_messaging::client::validate::is_alphanumeric_sender_id;
/// assert!(is_alphanumeric_sender_id("Acme & Co"));
/// assert!(!is_alphanumeric_sender_id("12345"));
/// assert!(!is_alphanumeric_sender_id("Acme Company Ltd"));
/// assert!(!is_alphanumeric_sender_id("Café"));
/// ```
pub fn is_alphanumeric_sender_id(value: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '+' | '_' | '&');
    !value.is_empty()
        && value.chars().count() <= limits::ALPHANUMERIC_SENDER_MAX_LENGTH
        && value.chars().all(allowed)
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

/// The fields of an outbound message that the rules look at, borrowed from a request.
#[derive(Debug, Clone, Copy)]
pub struct MessageParts<'a> {
    /// The recipients.
    pub to: &'a [String],
    /// The sender.
    pub from: &'a str,
    /// The text, if any.
    pub text: Option<&'a str>,
    /// The media URLs, if any.
    pub media: Option<&'a [String]>,
    /// The tag, if any.
    pub tag: Option<&'a str>,
    /// The expiration, if any.
    pub expiration: Option<jiff::Timestamp>,
}

/// Checks `parts` against every rule, in field order, and returns the first broken one.
///
/// `now` is the time expirations are compared against.
///
/// ```
/// use bandwidth_messaging::client::validate::{check_message, MessageParts, Problem};
/// let to = vec!["+15554443333".to_owned()];
/// let parts = MessageParts { to: &to, from: "+15557776666", text: None, media: None, tag: None, expiration: None };
/// let err = check_message(&parts, jiff::Timestamp::now()).unwrap_err();
/// assert_eq!(err.field, "text");
/// assert_eq!(err.problem, Problem::NoContent);
/// ```
pub fn check_message(
    parts: &MessageParts<'_>,
    now: jiff::Timestamp,
) -> Result<(), ValidationError> {
    check_recipients(parts.to)?;
    if !is_e164(parts.from) && !is_alphanumeric_sender_id(parts.from) {
        return Err(ValidationError::new(
            "from",
            Problem::InvalidSender {
                value: parts.from.to_owned(),
            },
        ));
    }
    let text = parts.text.filter(|t| !t.is_empty());
    if let Some(text) = text {
        check_length("text", text, segmentation::MAX_TEXT_CHARACTERS)?;
    }
    let media = parts.media.filter(|m| !m.is_empty());
    if text.is_none() && media.is_none() {
        return Err(ValidationError::new("text", Problem::NoContent));
    }
    for (i, url) in media.unwrap_or_default().iter().enumerate() {
        check_length(&format!("media[{i}]"), url, limits::MAX_MEDIA_URL_LENGTH)?;
    }
    if let Some(tag) = parts.tag {
        check_length("tag", tag, limits::MAX_TAG_LENGTH)?;
    }
    if let Some(expiration) = parts.expiration
        && expiration <= now
    {
        return Err(ValidationError::new(
            "expiration",
            Problem::InPast { expiration },
        ));
    }
    Ok(())
}

fn check_recipients(to: &[String]) -> Result<(), ValidationError> {
    if to.is_empty() {
        return Err(ValidationError::new("to", Problem::Empty));
    }
    if to.len() > limits::MAX_RECIPIENTS {
        return Err(ValidationError::new(
            "to",
            Problem::TooManyItems {
                max: limits::MAX_RECIPIENTS,
                actual: to.len(),
            },
        ));
    }
    for (i, number) in to.iter().enumerate() {
        if !is_e164(number) {
            return Err(ValidationError::new(
                format!("to[{i}]"),
                Problem::NotE164 {
                    value: number.clone(),
                },
            ));
        }
        // At most MAX_RECIPIENTS items: comparing pairs is cheaper than hashing.
        if let Some(first) = to[..i].iter().position(|earlier| earlier == number) {
            return Err(ValidationError::new(
                format!("to[{i}]"),
                Problem::Duplicate { first },
            ));
        }
    }
    Ok(())
}

fn check_length(field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    // The byte length bounds the character count: only count when the bytes exceed the limit.
    if value.len() <= max {
        return Ok(());
    }
    let actual = value.chars().count();
    if actual > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong { max, actual },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn check(
        to: &[String],
        from: &str,
        text: Option<&str>,
        media: Option<&[String]>,
    ) -> Result<(), ValidationError> {
        let parts = MessageParts {
            to,
            from,
            text,
            media,
            tag: None,
            expiration: None,
        };
        check_message(&parts, jiff::Timestamp::now())
    }

    #[test]
    fn e164_boundaries() {
        assert!(is_e164("+1"));
        assert!(is_e164("+123456789012345"));
        assert!(!is_e164("+1234567890123456"));
        assert!(!is_e164("+"));
        assert!(!is_e164("+1555-444"));
        assert!(!is_e164("+١٢٣"));
    }

    #[test]
    fn sender_id_boundaries() {
        assert!(is_alphanumeric_sender_id("A"));
        assert!(is_alphanumeric_sender_id("Abcdefghijk"));
        assert!(!is_alphanumeric_sender_id("Abcdefghijkl"));
        assert!(!is_alphanumeric_sender_id(""));
        assert!(!is_alphanumeric_sender_id("- +_&"));
        assert!(!is_alphanumeric_sender_id("Acme!"));
    }

    #[test]
    fn text_length_counts_scalar_values_not_bytes() {
        let to = strings(&["+15554443333"]);
        let emoji = "😀".repeat(segmentation::MAX_TEXT_CHARACTERS);
        assert_eq!(check(&to, "+15557776666", Some(&emoji), None), Ok(()));
        let too_long = format!("{emoji}a");
        let err = check(&to, "+15557776666", Some(&too_long), None).unwrap_err();
        assert_eq!(err.field, "text");
        assert_eq!(
            err.problem,
            Problem::TooLong {
                max: 2048,
                actual: 2049
            }
        );
    }

    #[test]
    fn duplicates_name_both_positions() {
        let to = strings(&["+15554443333", "+15554443334", "+15554443333"]);
        let err = check(&to, "+15557776666", Some("hi"), None).unwrap_err();
        assert_eq!(err.field, "to[2]");
        assert_eq!(err.problem, Problem::Duplicate { first: 0 });
        assert_eq!(
            err.to_string(),
            "invalid `to[2]`: repeats the recipient at index 0"
        );
    }

    #[test]
    fn media_alone_is_content_and_empty_text_is_not() {
        let to = strings(&["+15554443333"]);
        let media = strings(&["https://example.com/a.png"]);
        assert_eq!(check(&to, "+15557776666", None, Some(&media)), Ok(()));
        let err = check(&to, "+15557776666", Some(""), Some(&[])).unwrap_err();
        assert_eq!(err.problem, Problem::NoContent);
    }
}
