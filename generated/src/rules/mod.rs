//! The createMessage rule book, evaluated: one place the client's validation and the sandbox's `400`
//! `fieldErrors` both come from.
//!
//! The rules themselves are declared in `spec/messaging.yaml` (schema constraints plus `x-bandwidth-rules`)
//! and lowered into [`crate::generated::rules`]; this module only evaluates them. [`check`] returns *every*
//! broken rule, each naming its field path (`to[3]`, `media[0]`). Work is bounded: the item counts of `to`
//! and `media` are checked before any per-item work (a list over its limit is reported once, its items are not
//! examined), and duplicates are found in linear time.
//!
//! [`classify`] and [`segment_count`] say whether a message is an SMS or an MMS (media, or a group message)
//! and what its `segmentCount` is; the client's `segment_preview()` and the sandbox use the same functions.

mod format;
mod kind;
mod problem;

use std::collections::HashMap;

use crate::generated::rules as r;

pub use format::{has_media_scheme, is_e164, is_sender_id, length};
pub use kind::{classify, segment_count};
pub use problem::{Rule, Violation};

/// The fields of a createMessage body that the rules look at, borrowed. `None` means the field is absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Draft<'a> {
    /// `applicationId`.
    pub application_id: Option<&'a str>,
    /// `to`.
    pub to: Option<&'a [String]>,
    /// `from`.
    pub from: Option<&'a str>,
    /// `text`.
    pub text: Option<&'a str>,
    /// `media`.
    pub media: Option<&'a [String]>,
    /// `tag`.
    pub tag: Option<&'a str>,
    /// `priority`, as its wire value.
    pub priority: Option<&'a str>,
    /// `expiration`.
    pub expiration: Option<jiff::Timestamp>,
}

/// Checks `draft` against every rule and returns every violation, in field order (empty when the request is
/// valid). `now` is the time `expiration` is compared against.
///
/// ```
/// use bandwidth_messaging::rules::{check, Draft, Rule};
/// let to = vec!["+15554443333".to_owned(), "+1".to_owned(), "+15554443333".to_owned()];
/// let draft = Draft { application_id: Some("app"), to: Some(&to), from: Some("+15557776666"), ..Draft::default() };
/// let found: Vec<_> = check(&draft, jiff::Timestamp::now()).into_iter().map(|v| (v.field, v.rule)).collect();
/// assert_eq!(found, [
///     ("to[1]".to_owned(), Rule::NotE164),
///     ("to[2]".to_owned(), Rule::Duplicate { first: 0 }),
///     ("text".to_owned(), Rule::NoContent),
/// ]);
/// ```
pub fn check(draft: &Draft<'_>, now: jiff::Timestamp) -> Vec<Violation> {
    let mut out = Vec::new();
    match draft.application_id {
        Some(id) if length(id) >= r::APPLICATION_ID_MIN_LENGTH => {}
        _ => out.push(Violation::new("applicationId", Rule::Required)),
    }
    match draft.to {
        None => out.push(Violation::new("to", Rule::Required)),
        Some(to) => list(
            &mut out,
            "to",
            to,
            r::TO_MIN_ITEMS,
            r::TO_MAX_ITEMS,
            r::TO_UNIQUE,
            |n| (!is_e164(n)).then_some(Rule::NotE164),
        ),
    }
    match draft.from {
        None => out.push(Violation::new("from", Rule::Required)),
        Some(from) if !is_e164(from) && !is_sender_id(from) => {
            out.push(Violation::new("from", Rule::InvalidSender))
        }
        Some(_) => {}
    }
    let text = draft.text.filter(|t| !t.is_empty());
    if let Some(actual) = text.and_then(|t| format::over(t, r::TEXT_MAX_LENGTH)) {
        out.push(Violation::new(
            "text",
            Rule::TooLong {
                max: r::TEXT_MAX_LENGTH,
                actual,
            },
        ));
    }
    let media = draft.media.filter(|m| !m.is_empty());
    if let Some(media) = media {
        list(
            &mut out,
            "media",
            media,
            0,
            r::MEDIA_MAX_ITEMS,
            r::MEDIA_UNIQUE,
            |url| {
                if let Some(actual) = format::over(url, r::MEDIA_URL_MAX_LENGTH) {
                    Some(Rule::TooLong {
                        max: r::MEDIA_URL_MAX_LENGTH,
                        actual,
                    })
                } else if !has_media_scheme(url) {
                    Some(Rule::UrlScheme)
                } else {
                    None
                }
            },
        );
    }
    let given = |name: &str| match name {
        "text" => text.is_some(),
        "media" => media.is_some(),
        _ => false,
    };
    if !r::CONTENT_ANY_OF.is_empty() && !r::CONTENT_ANY_OF.iter().any(|f| given(f)) {
        out.push(Violation::new(r::CONTENT_ANY_OF[0], Rule::NoContent));
    }
    if let Some(actual) = draft.tag.and_then(|t| format::over(t, r::TAG_MAX_LENGTH)) {
        out.push(Violation::new(
            "tag",
            Rule::TooLong {
                max: r::TAG_MAX_LENGTH,
                actual,
            },
        ));
    }
    if let Some(priority) = draft.priority
        && !r::PRIORITY_VALUES.contains(&priority)
    {
        out.push(Violation::new("priority", Rule::UnknownValue));
    }
    if let Some(at) = draft.expiration
        && r::EXPIRATION_IN_FUTURE
        && at <= now
    {
        out.push(Violation::new("expiration", Rule::NotInFuture));
    }
    out
}

/// The count rules of a list first (over the limit: reported once, items not examined), then `item` on each
/// item and, when `unique`, duplicates in one pass over a hash map.
fn list(
    out: &mut Vec<Violation>,
    field: &str,
    items: &[String],
    min: usize,
    max: usize,
    unique: bool,
    item: impl Fn(&str) -> Option<Rule>,
) {
    if items.len() > max {
        out.push(Violation::new(
            field,
            Rule::TooManyItems {
                max,
                actual: items.len(),
            },
        ));
        return;
    }
    if items.len() < min {
        out.push(Violation::new(
            field,
            Rule::TooFewItems {
                min,
                actual: items.len(),
            },
        ));
        return;
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, value) in items.iter().enumerate() {
        if let Some(rule) = item(value) {
            out.push(Violation::new(format!("{field}[{i}]"), rule));
        } else if unique && let Some(&first) = seen.get(value.as_str()) {
            out.push(Violation::new(
                format!("{field}[{i}]"),
                Rule::Duplicate { first },
            ));
        } else {
            seen.entry(value).or_insert(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(n: usize, f: impl Fn(usize) -> String) -> Vec<String> {
        (0..n).map(f).collect()
    }

    fn fields(draft: &Draft<'_>) -> Vec<String> {
        check(draft, jiff::Timestamp::now())
            .into_iter()
            .map(|v| v.field)
            .collect()
    }

    fn sms<'a>(to: &'a [String]) -> Draft<'a> {
        Draft {
            application_id: Some("app"),
            to: Some(to),
            from: Some("+15557776666"),
            text: Some("hi"),
            ..Draft::default()
        }
    }

    #[test]
    fn a_valid_sms_has_no_violation() {
        let to = strings(1, |_| "+15554443333".into());
        assert_eq!(fields(&sms(&to)), Vec::<String>::new());
    }

    #[test]
    fn an_empty_draft_names_every_required_field() {
        assert_eq!(
            fields(&Draft::default()),
            ["applicationId", "to", "from", "text"]
        );
    }

    #[test]
    fn counts_come_before_items() {
        let to = strings(r::TO_MAX_ITEMS + 1, |_| "bad".into());
        let found = check(&sms(&to), jiff::Timestamp::now());
        assert_eq!(
            found,
            [Violation::new(
                "to",
                Rule::TooManyItems {
                    max: r::TO_MAX_ITEMS,
                    actual: r::TO_MAX_ITEMS + 1
                }
            )]
        );
    }

    #[test]
    fn media_rules_each_name_the_index() {
        let to = strings(1, |_| "+15554443333".into());
        let media = vec![
            "https://example.com/a.png".to_owned(),
            "ftp://example.com/a.png".to_owned(),
            "https://example.com/a.png".to_owned(),
            format!(
                "https://example.com/{}",
                "é".repeat(r::MEDIA_URL_MAX_LENGTH)
            ),
        ];
        let draft = Draft {
            media: Some(&media),
            ..sms(&to)
        };
        let found: Vec<(String, &str)> = check(&draft, jiff::Timestamp::now())
            .into_iter()
            .map(|v| (v.field, v.rule.name()))
            .collect();
        assert_eq!(
            found,
            [
                ("media[1]".to_owned(), "url-scheme"),
                ("media[2]".to_owned(), "unique-items"),
                ("media[3]".to_owned(), "max-length"),
            ]
        );
    }

    #[test]
    fn messages_never_quote_the_value() {
        let to = strings(1, |_| "+1".into());
        let draft = Draft {
            from: Some("SECRET-FROM!"),
            text: Some(&"x".repeat(3000)),
            ..sms(&to)
        };
        for v in check(&draft, jiff::Timestamp::now()) {
            let shown = v.to_string();
            assert!(
                !shown.contains("+1\"") && !shown.contains("SECRET") && !shown.contains("xxx"),
                "{shown}"
            );
        }
    }

    #[test]
    fn groups_are_mms_of_one_segment() {
        assert_eq!(segment_count(2, false, &"a".repeat(500)), 1);
        assert_eq!(segment_count(1, false, &"a".repeat(500)), 4);
    }
}
