//! The formats the rule book names: E.164 numbers, alphanumeric sender ids, lengths in the rule book's unit,
//! URL schemes.

use crate::generated::rules as r;

/// `true` when `value` is an E.164 number: `+`, then [`E164_MIN_DIGITS`](r::E164_MIN_DIGITS) to
/// [`E164_MAX_DIGITS`](r::E164_MAX_DIGITS) ASCII digits, the first not `0`.
///
/// ```
/// use bandwidth_messaging::rules::is_e164;
/// assert!(is_e164("+15554443333"));
/// assert!(is_e164("+12"));
/// assert!(!is_e164("+1"));
/// assert!(!is_e164("15554443333"));
/// assert!(!is_e164("+0123"));
/// ```
pub fn is_e164(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('+') else {
        return false;
    };
    (r::E164_MIN_DIGITS..=r::E164_MAX_DIGITS).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// `true` when `value` is an alphanumeric sender id: 1 to [`SENDER_ID_MAX_LENGTH`](r::SENDER_ID_MAX_LENGTH)
/// characters of ASCII letters, digits and [`SENDER_ID_SYMBOLS`](r::SENDER_ID_SYMBOLS), with a letter when
/// the rule book requires one.
///
/// ```
/// use bandwidth_messaging::rules::is_sender_id;
/// assert!(is_sender_id("Acme & Co"));
/// assert!(!is_sender_id("12345"));
/// assert!(!is_sender_id("Acme Company Ltd"));
/// assert!(!is_sender_id("Café"));
/// ```
pub fn is_sender_id(value: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || r::SENDER_ID_SYMBOLS.contains(c);
    !value.is_empty()
        && value.len() <= r::SENDER_ID_MAX_LENGTH // all allowed characters are ASCII: bytes = characters
        && value.chars().all(allowed)
        && (!r::SENDER_ID_REQUIRES_LETTER || value.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The length of `value` in the rule book's unit ([`LENGTH_UNIT`](r::LENGTH_UNIT)).
pub fn length(value: &str) -> usize {
    match r::LENGTH_UNIT {
        "utf-16" => value.encode_utf16().count(),
        "byte" => value.len(),
        _ => value.chars().count(),
    }
}

/// The length of `value` when it exceeds `max`, else `None`; cheap for short values.
pub(super) fn over(value: &str, max: usize) -> Option<usize> {
    // Every unit is at most one per byte: a value within `max` bytes is within `max` units.
    if value.len() <= max {
        return None;
    }
    let actual = length(value);
    (actual > max).then_some(actual)
}

/// `true` when `url` starts with one of [`MEDIA_SCHEMES`](r::MEDIA_SCHEMES) (any case), `://` and a host.
///
/// ```
/// use bandwidth_messaging::rules::has_media_scheme;
/// assert!(has_media_scheme("https://example.com/a.png"));
/// assert!(!has_media_scheme("ftp://example.com/a.png"));
/// assert!(!has_media_scheme("https://"));
/// ```
pub fn has_media_scheme(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    r::MEDIA_SCHEMES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
        && !host.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}
