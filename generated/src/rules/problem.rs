//! What a broken rule is reported as: the field path and the rule, never the value sent.

use std::fmt;

use crate::generated::rules::LENGTH_UNIT;

/// One broken rule of a request, naming the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON field path: `to`, `to[3]`, `media[0]`, `text`, ...
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl Violation {
    /// A violation of `rule` by `field`.
    pub fn new(field: impl Into<String>, rule: Rule) -> Self {
        Violation {
            field: field.into(),
            rule,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// A rule of the rule book (`crate::generated::rules`). The texts name the limit, never the value that was
/// sent (it may be a phone number or message text).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// A required field is missing or empty.
    Required,
    /// A list holds fewer items than required.
    TooFewItems {
        /// The minimum.
        min: usize,
        /// How many there were.
        actual: usize,
    },
    /// A list holds more items than allowed. Its items were not examined further.
    TooManyItems {
        /// The limit.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// A value is longer than allowed, counted in the rule book's unit (Unicode scalar values).
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
    /// A phone number is not in E.164 form.
    NotE164,
    /// A sender is neither an E.164 number nor an alphanumeric sender id.
    InvalidSender,
    /// The same value appears earlier in the list.
    Duplicate {
        /// The index of its first appearance.
        first: usize,
    },
    /// A media URL does not use one of the allowed schemes.
    UrlScheme,
    /// None of the content fields (`text`, `media`) was given.
    NoContent,
    /// A value that is not one of the enum's values.
    UnknownValue,
    /// A time that must lie in the future does not.
    NotInFuture,
    /// A date-time that is not RFC 3339.
    NotDateTime,
    /// A value of the wrong JSON type.
    WrongType {
        /// What was expected, e.g. `"a string"`.
        expected: &'static str,
    },
}

impl Rule {
    /// A short stable name of the rule, e.g. `"max-items"`.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::TooFewItems { .. } => "min-items",
            Rule::TooManyItems { .. } => "max-items",
            Rule::TooLong { .. } => "max-length",
            Rule::TooLarge { .. } => "max-bytes",
            Rule::NotE164 => "e164",
            Rule::InvalidSender => "e164-or-sender-id",
            Rule::Duplicate { .. } => "unique-items",
            Rule::UrlScheme => "url-scheme",
            Rule::NoContent => "content",
            Rule::UnknownValue => "enum",
            Rule::NotInFuture => "future",
            Rule::NotDateTime => "date-time",
            Rule::WrongType { .. } => "type",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::generated::rules as r;
        match self {
            Rule::Required => f.write_str("is required"),
            Rule::TooFewItems { min, actual } => {
                write!(f, "holds {actual} items, at least {min} are required")
            }
            Rule::TooManyItems { max, actual } => {
                write!(f, "holds {actual} items, at most {max} are allowed")
            }
            Rule::TooLong { max, actual } => write!(
                f,
                "is {actual} characters long ({LENGTH_UNIT}), at most {max} are allowed"
            ),
            Rule::TooLarge { max, actual } => {
                write!(f, "is {actual} bytes, at most {max} are allowed")
            }
            Rule::NotE164 => write!(
                f,
                "must be an E.164 number (`+` then {} to {} digits, the first not 0)",
                r::E164_MIN_DIGITS,
                r::E164_MAX_DIGITS
            ),
            Rule::InvalidSender => write!(
                f,
                "must be an E.164 number or an alphanumeric sender id (at most {} characters of A-Z a-z 0-9 \
                 and {:?}, at least one letter)",
                r::SENDER_ID_MAX_LENGTH,
                r::SENDER_ID_SYMBOLS
            ),
            Rule::Duplicate { first } => write!(f, "repeats the item at index {first}"),
            Rule::UrlScheme => write!(
                f,
                "must be a URL with scheme {}",
                r::MEDIA_SCHEMES.join(" or ")
            ),
            Rule::NoContent => write!(
                f,
                "is required: a message needs one of {}",
                r::CONTENT_ANY_OF.join(", ")
            ),
            Rule::UnknownValue => write!(f, "must be one of {}", r::PRIORITY_VALUES.join(", ")),
            Rule::NotInFuture => f.write_str("must be in the future"),
            Rule::NotDateTime => {
                f.write_str("must be an RFC 3339 date-time such as 2025-01-06T15:44:00Z")
            }
            Rule::WrongType { expected } => write!(f, "must be {expected}"),
        }
    }
}
