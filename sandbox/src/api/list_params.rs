//! listMessages query parameters -> a [`ListQuery`]; a bad value is a 400 naming the parameter.

use jiff::Timestamp;

use bandwidth_messaging::generated::models::{
    ListMessageDirectionEnum, MessageStatusEnum, MessageTypeEnum, ProductTypeEnum,
};
use bandwidth_messaging::generated::rules::LIST_LIMIT_DEFAULT;

use crate::store::{Cursor, ListQuery, SortField, TnFilter};

/// Largest page size.
pub const MAX_LIMIT: usize = 10_000;

/// The known wire values of an open enum of the spec.
macro_rules! known {
    ($enum:ty) => {
        &<$enum>::KNOWN
            .iter()
            .map(<$enum>::as_str)
            .collect::<Vec<_>>()
    };
}

fn one_of(name: &str, value: &str, allowed: &[&str]) -> Result<String, String> {
    if allowed.contains(&value) {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "'{value}' is not a valid {name}; expected one of {}",
            allowed.join(", ")
        ))
    }
}

fn integer(name: &str, value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| format!("'{value}' is not a valid {name}; expected an integer"))
}

fn boolean(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "'{value}' is not a valid {name}; expected true or false"
        )),
    }
}

/// A `+` sent unencoded arrives as a space; a number that starts with a space and a digit is read as `+...`.
fn phone(value: &str) -> String {
    let trimmed = value.trim_start_matches(' ');
    if trimmed.len() != value.len() && trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        format!("+{trimmed}")
    } else {
        value.trim().to_owned()
    }
}

fn tn_filter(name: &str, value: &str) -> Result<TnFilter, String> {
    if value.contains(',') {
        let numbers: Vec<String> = value
            .split(',')
            .map(phone)
            .filter(|n| !n.is_empty())
            .collect();
        if numbers.is_empty() || numbers.len() > 10 {
            return Err(format!("{name} accepts at most 10 comma-separated numbers"));
        }
        return Ok(TnFilter::Exact(numbers));
    }
    let number = phone(value);
    if number.chars().count() < 5 {
        return Err(format!(
            "'{value}' is too short for {name}; a partial number needs at least 5 characters"
        ));
    }
    Ok(TnFilter::Prefix(number))
}

fn date_time(name: &str, value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<Timestamp>()
        .map(|at| at.as_millisecond())
        .map_err(|_| format!("'{value}' is not a valid {name}; expected an ISO 8601 date-time such as 2025-01-06T15:44:00.000Z"))
}

/// Parses the decoded query pairs of listMessages for `account_id` at `now_ms`.
pub fn parse_list_query(
    account_id: &str,
    pairs: &[(String, String)],
    now_ms: i64,
) -> Result<ListQuery, String> {
    let mut query = ListQuery {
        account_id: account_id.to_owned(),
        now_ms,
        limit: LIST_LIMIT_DEFAULT as usize,
        descending: true,
        ..ListQuery::default()
    };
    let mut sort_given = false;
    let mut page_token = None;
    for (name, value) in pairs {
        match name.as_str() {
            "messageId" => query.message_id = Some(value.trim().to_owned()),
            "sourceTn" => query.source_tn = Some(tn_filter(name, value)?),
            "destinationTn" => query.destination_tn = Some(tn_filter(name, value)?),
            "messageStatus" => {
                query.message_status = Some(one_of(name, value, known!(MessageStatusEnum))?)
            }
            "messageDirection" => {
                query.message_direction =
                    Some(one_of(name, value, known!(ListMessageDirectionEnum))?)
            }
            "messageType" => {
                query.message_type = Some(one_of(name, value, known!(MessageTypeEnum))?)
            }
            "product" => query.product = Some(one_of(name, value, known!(ProductTypeEnum))?),
            "errorCode" => query.error_code = Some(integer(name, value)?),
            "fromDateTime" => query.from_ms = Some(date_time(name, value)?),
            "toDateTime" => query.to_ms = Some(date_time(name, value)?),
            "callingNumberCountryA3" => {
                query.calling_country = Some(value.trim().to_ascii_uppercase())
            }
            "calledNumberCountryA3" => {
                query.called_country = Some(value.trim().to_ascii_uppercase())
            }
            "fromSegmentCount" => query.from_segment_count = Some(integer(name, value)?),
            "toSegmentCount" => query.to_segment_count = Some(integer(name, value)?),
            "fromMessageSize" => query.from_message_size = Some(integer(name, value)?),
            "toMessageSize" => query.to_message_size = Some(integer(name, value)?),
            "carrierName" | "campaignId" | "location" => {
                // The emulator never fills these fields, so no row matches a filter on them.
                query.matches_nothing = true;
            }
            "fromBwLatency" | "fromCarrierLatency" => {
                integer(name, value)?;
                query.matches_nothing = true;
            }
            // Nothing is queued by a carrier in the emulator: `true` matches nothing.
            "bwQueued" | "carrierQueued" => query.matches_nothing |= boolean(name, value)?,
            "limitTotalCount" => query.limit_total_count = boolean(name, value)?,
            "limit" => {
                let limit = integer(name, value)?;
                if !(1..=MAX_LIMIT as i64).contains(&limit) {
                    return Err(format!(
                        "limit must be between 1 and {MAX_LIMIT}, got {limit}"
                    ));
                }
                query.limit = limit as usize;
            }
            "sort" => {
                let (field, direction) = value.split_once(':').unwrap_or((value.as_str(), "asc"));
                let field = SortField::parse(field.trim()).ok_or_else(|| {
                    let names: Vec<&str> = SortField::ALL.iter().map(|f| f.name()).collect();
                    format!(
                        "'{field}' cannot be sorted on; use one of {}",
                        names.join(", ")
                    )
                })?;
                query.sort = Some(field);
                query.descending = match direction.trim().to_ascii_lowercase().as_str() {
                    "asc" => false,
                    "desc" => true,
                    other => {
                        return Err(format!("sort direction must be asc or desc, got '{other}'"));
                    }
                };
                sort_given = true;
            }
            "pageToken" => page_token = Some(value.clone()),
            // Unknown parameters are ignored, as a lenient server would.
            _ => {}
        }
    }
    if !sort_given {
        query.sort = Some(SortField::ReceiveTime);
        query.descending = true;
    }
    if let Some(token) = page_token {
        let cursor =
            Cursor::decode(&token).ok_or_else(|| format!("'{token}' is not a valid pageToken"))?;
        if cursor.sort != query.sort_spec() {
            return Err(format!(
                "pageToken belongs to sort '{}', but this request sorts by '{}'",
                cursor.sort,
                query.sort_spec()
            ));
        }
        query.cursor = Some(cursor);
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults() {
        let query = parse_list_query("1", &[], 5).unwrap();
        assert_eq!(query.limit, 100, "the spec's `default: 100`");
        assert_eq!(query.sort_spec(), "receiveTime:desc");
    }

    #[test]
    fn filters_and_sort() {
        let query = parse_list_query(
            "1",
            &pairs(&[
                ("sourceTn", " 1919"),
                ("destinationTn", "+15551234567,+15557654321"),
                ("sort", "sourceTn:asc"),
                ("limit", "5"),
            ]),
            0,
        )
        .unwrap();
        assert_eq!(query.source_tn, Some(TnFilter::Prefix("+1919".to_owned())));
        assert_eq!(
            query.destination_tn,
            Some(TnFilter::Exact(vec![
                "+15551234567".to_owned(),
                "+15557654321".to_owned()
            ]))
        );
        assert_eq!(query.sort_spec(), "sourceTn:asc");
        assert_eq!(query.limit, 5);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (name, value) in [
            ("messageStatus", "LOST"),
            ("limit", "0"),
            ("sort", "text:asc"),
            ("pageToken", "!!"),
            ("sourceTn", "+19"),
        ] {
            let error = parse_list_query("1", &pairs(&[(name, value)]), 0).unwrap_err();
            assert!(
                error.contains(value) || error.contains(name),
                "{name}: {error}"
            );
        }
    }
}
