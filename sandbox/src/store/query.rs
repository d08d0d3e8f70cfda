//! Reads: the list API over metadata, media, the outbox for the admin API, start-up recovery.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::rows::{CallbackKind, Delivery, MediaListing, MediaRow};

/// A field listMessages can sort on (`sort=field:asc|desc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortField {
    /// `receiveTime`.
    #[serde(rename = "receiveTime")]
    ReceiveTime,
    /// `messageId`.
    #[serde(rename = "messageId")]
    MessageId,
    /// `sourceTn`.
    #[serde(rename = "sourceTn")]
    SourceTn,
    /// `destinationTn`.
    #[serde(rename = "destinationTn")]
    DestinationTn,
    /// `messageStatus`.
    #[serde(rename = "messageStatus")]
    MessageStatus,
    /// `messageDirection`.
    #[serde(rename = "messageDirection")]
    MessageDirection,
    /// `messageType`.
    #[serde(rename = "messageType")]
    MessageType,
    /// `segmentCount`.
    #[serde(rename = "segmentCount")]
    SegmentCount,
    /// `errorCode`.
    #[serde(rename = "errorCode")]
    ErrorCode,
    /// `messageLength`.
    #[serde(rename = "messageLength")]
    MessageLength,
}

impl SortField {
    /// Every sortable field.
    pub const ALL: &'static [SortField] = &[
        SortField::ReceiveTime,
        SortField::MessageId,
        SortField::SourceTn,
        SortField::DestinationTn,
        SortField::MessageStatus,
        SortField::MessageDirection,
        SortField::MessageType,
        SortField::SegmentCount,
        SortField::ErrorCode,
        SortField::MessageLength,
    ];

    /// The API name.
    pub fn name(self) -> &'static str {
        match self {
            SortField::ReceiveTime => "receiveTime",
            SortField::MessageId => "messageId",
            SortField::SourceTn => "sourceTn",
            SortField::DestinationTn => "destinationTn",
            SortField::MessageStatus => "messageStatus",
            SortField::MessageDirection => "messageDirection",
            SortField::MessageType => "messageType",
            SortField::SegmentCount => "segmentCount",
            SortField::ErrorCode => "errorCode",
            SortField::MessageLength => "messageLength",
        }
    }

    /// Parses an API name.
    pub fn parse(name: &str) -> Option<Self> {
        SortField::ALL
            .iter()
            .copied()
            .find(|field| field.name() == name)
    }

    fn column(self) -> &'static str {
        match self {
            SortField::ReceiveTime => "receive_time_ms",
            SortField::MessageId => "message_id",
            SortField::SourceTn => "source_tn",
            SortField::DestinationTn => "destination_tn",
            SortField::MessageStatus => "status",
            SortField::MessageDirection => "direction",
            SortField::MessageType => "message_type",
            SortField::SegmentCount => "segment_count",
            SortField::ErrorCode => "error_code",
            SortField::MessageLength => "message_length",
        }
    }

    fn is_integer(self) -> bool {
        matches!(
            self,
            SortField::ReceiveTime
                | SortField::SegmentCount
                | SortField::ErrorCode
                | SortField::MessageLength
        )
    }
}

/// A phone-number filter: up to 10 exact numbers, or one partial number (prefix match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TnFilter {
    /// Any of these numbers.
    Exact(Vec<String>),
    /// Numbers starting with this.
    Prefix(String),
}

/// A position in a sorted listing, carried by `pageToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort the token belongs to (`field:dir`).
    #[serde(rename = "o")]
    pub sort: String,
    /// The sort key of the row the page starts after (or ends before).
    #[serde(rename = "k")]
    pub key: serde_json::Value,
    /// The row's sequence number (tie-breaker).
    #[serde(rename = "s")]
    pub seq: i64,
    /// `true` for a previous-page token.
    #[serde(rename = "b")]
    pub backward: bool,
}

impl Cursor {
    /// The opaque token.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Reads a token made by [`Cursor::encode`]; `None` when it is not one.
    pub fn decode(token: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(token.trim_end_matches('=')).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// A listMessages query over metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    /// The account.
    pub account_id: String,
    /// Rows visible at this time are listed.
    pub now_ms: i64,
    /// `messageId`.
    pub message_id: Option<String>,
    /// `sourceTn`.
    pub source_tn: Option<TnFilter>,
    /// `destinationTn`.
    pub destination_tn: Option<TnFilter>,
    /// `messageStatus`.
    pub message_status: Option<String>,
    /// `messageDirection`.
    pub message_direction: Option<String>,
    /// `messageType`.
    pub message_type: Option<String>,
    /// `errorCode`.
    pub error_code: Option<i64>,
    /// `fromDateTime` (inclusive, epoch ms of receive time).
    pub from_ms: Option<i64>,
    /// `toDateTime` (exclusive).
    pub to_ms: Option<i64>,
    /// `product`.
    pub product: Option<String>,
    /// `callingNumberCountryA3`.
    pub calling_country: Option<String>,
    /// `calledNumberCountryA3`.
    pub called_country: Option<String>,
    /// `fromSegmentCount`.
    pub from_segment_count: Option<i64>,
    /// `toSegmentCount`.
    pub to_segment_count: Option<i64>,
    /// `fromMessageSize`.
    pub from_message_size: Option<i64>,
    /// `toMessageSize`.
    pub to_message_size: Option<i64>,
    /// A filter on a field the emulator never fills (`carrierName`, `campaignId`, `location`,
    /// `fromBwLatency`, `fromCarrierLatency`): no row matches.
    pub matches_nothing: bool,
    /// Sort field; `None` means `receiveTime`.
    pub sort: Option<SortField>,
    /// Descending order (the default for the default sort).
    pub descending: bool,
    /// The page to continue from.
    pub cursor: Option<Cursor>,
    /// Page size.
    pub limit: usize,
    /// Cap `totalCount` at 10,000.
    pub limit_total_count: bool,
}

impl ListQuery {
    /// `field:dir` of the query's sort.
    pub fn sort_spec(&self) -> String {
        let field = self.sort.unwrap_or(SortField::ReceiveTime);
        format!(
            "{}:{}",
            field.name(),
            if self.descending { "desc" } else { "asc" }
        )
    }
}

/// One listed row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedRow {
    /// `messageId`.
    pub message_id: String,
    /// `accountId`.
    pub account_id: String,
    /// `sourceTn`.
    pub source_tn: String,
    /// `destinationTn`.
    pub destination_tn: String,
    /// `messageStatus`.
    pub message_status: String,
    /// `messageDirection`.
    pub message_direction: String,
    /// `messageType`.
    pub message_type: String,
    /// `segmentCount`.
    pub segment_count: i64,
    /// `errorCode`.
    pub error_code: i64,
    /// `receiveTime` (epoch ms).
    pub receive_time_ms: i64,
    /// `messageLength`.
    pub message_length: i64,
    /// `messageSize`.
    pub message_size: Option<i64>,
    /// `attachmentCount`.
    pub attachment_count: Option<i64>,
    /// `recipientCount`.
    pub recipient_count: Option<i64>,
    /// `product`.
    pub product: Option<String>,
    /// `callingNumberCountryA3`.
    pub calling_country: Option<String>,
    /// `calledNumberCountryA3`.
    pub called_country: Option<String>,
    #[serde(skip)]
    seq: i64,
    #[serde(skip)]
    key: serde_json::Value,
}

/// A page of the list API.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    /// Matching rows (all pages).
    pub total_count: i64,
    /// The rows of this page, in sort order.
    pub rows: Vec<ListedRow>,
    /// Token of the next page.
    pub next: Option<Cursor>,
    /// Token of the previous page.
    pub prev: Option<Cursor>,
}

fn push_tn_filter(sql: &mut String, args: &mut Vec<Value>, column: &str, filter: &TnFilter) {
    match filter {
        TnFilter::Exact(numbers) => {
            sql.push_str(&format!(" AND {column} IN ("));
            for (index, number) in numbers.iter().enumerate() {
                if index > 0 {
                    sql.push(',');
                }
                sql.push('?');
                args.push(Value::Text(number.clone()));
            }
            sql.push(')');
        }
        TnFilter::Prefix(prefix) => {
            sql.push_str(&format!(" AND substr({column}, 1, ?) = ?"));
            args.push(Value::Integer(prefix.chars().count() as i64));
            args.push(Value::Text(prefix.clone()));
        }
    }
}

fn where_clause(query: &ListQuery) -> (String, Vec<Value>) {
    let mut sql =
        String::from(" WHERE account_id = ? AND visible_at_ms IS NOT NULL AND visible_at_ms <= ?");
    let mut args = vec![
        Value::Text(query.account_id.clone()),
        Value::Integer(query.now_ms),
    ];
    if query.matches_nothing {
        sql.push_str(" AND 0");
    }
    let text = |sql: &mut String, args: &mut Vec<Value>, column: &str, value: &Option<String>| {
        if let Some(value) = value {
            sql.push_str(&format!(" AND {column} = ?"));
            args.push(Value::Text(value.clone()));
        }
    };
    text(&mut sql, &mut args, "message_id", &query.message_id);
    text(&mut sql, &mut args, "status", &query.message_status);
    text(&mut sql, &mut args, "direction", &query.message_direction);
    text(&mut sql, &mut args, "message_type", &query.message_type);
    text(&mut sql, &mut args, "product", &query.product);
    text(
        &mut sql,
        &mut args,
        "calling_country",
        &query.calling_country,
    );
    text(&mut sql, &mut args, "called_country", &query.called_country);
    if let Some(filter) = &query.source_tn {
        push_tn_filter(&mut sql, &mut args, "source_tn", filter);
    }
    if let Some(filter) = &query.destination_tn {
        push_tn_filter(&mut sql, &mut args, "destination_tn", filter);
    }
    let int = |sql: &mut String, args: &mut Vec<Value>, condition: &str, value: Option<i64>| {
        if let Some(value) = value {
            sql.push_str(" AND ");
            sql.push_str(condition);
            args.push(Value::Integer(value));
        }
    };
    int(&mut sql, &mut args, "error_code = ?", query.error_code);
    int(&mut sql, &mut args, "receive_time_ms >= ?", query.from_ms);
    int(&mut sql, &mut args, "receive_time_ms < ?", query.to_ms);
    int(
        &mut sql,
        &mut args,
        "segment_count >= ?",
        query.from_segment_count,
    );
    int(
        &mut sql,
        &mut args,
        "segment_count <= ?",
        query.to_segment_count,
    );
    int(
        &mut sql,
        &mut args,
        "COALESCE(message_size, 0) >= ?",
        query.from_message_size,
    );
    int(
        &mut sql,
        &mut args,
        "COALESCE(message_size, 0) <= ?",
        query.to_message_size,
    );
    (sql, args)
}

const LIST_COLUMNS: &str = "seq, message_id, account_id, source_tn, destination_tn, status, direction, message_type,
    segment_count, error_code, receive_time_ms, message_length, message_size, attachment_count, recipient_count,
    product, calling_country, called_country";

fn listed_row(row: &Row<'_>, sort: SortField) -> rusqlite::Result<ListedRow> {
    let mut listed = ListedRow {
        seq: row.get(0)?,
        message_id: row.get(1)?,
        account_id: row.get(2)?,
        source_tn: row.get(3)?,
        destination_tn: row.get(4)?,
        message_status: row.get(5)?,
        message_direction: row.get(6)?,
        message_type: row.get(7)?,
        segment_count: row.get(8)?,
        error_code: row.get(9)?,
        receive_time_ms: row.get(10)?,
        message_length: row.get(11)?,
        message_size: row.get(12)?,
        attachment_count: row.get(13)?,
        recipient_count: row.get(14)?,
        product: row.get(15)?,
        calling_country: row.get(16)?,
        called_country: row.get(17)?,
        key: serde_json::Value::Null,
    };
    listed.key = match sort {
        SortField::ReceiveTime => listed.receive_time_ms.into(),
        SortField::SegmentCount => listed.segment_count.into(),
        SortField::ErrorCode => listed.error_code.into(),
        SortField::MessageLength => listed.message_length.into(),
        SortField::MessageId => listed.message_id.clone().into(),
        SortField::SourceTn => listed.source_tn.clone().into(),
        SortField::DestinationTn => listed.destination_tn.clone().into(),
        SortField::MessageStatus => listed.message_status.clone().into(),
        SortField::MessageDirection => listed.message_direction.clone().into(),
        SortField::MessageType => listed.message_type.clone().into(),
    };
    Ok(listed)
}

fn key_value(sort: SortField, key: &serde_json::Value) -> Option<Value> {
    if sort.is_integer() {
        key.as_i64().map(Value::Integer)
    } else {
        key.as_str().map(|text| Value::Text(text.to_owned()))
    }
}

/// One page: keyset pagination on (sort key, seq), `limit + 1` rows fetched to know whether a page
/// follows.
pub(super) fn list_messages(conn: &Connection, query: &ListQuery) -> Result<ListPage, StoreError> {
    let sort = query.sort.unwrap_or(SortField::ReceiveTime);
    let spec = query.sort_spec();
    let (filter_sql, filter_args) = where_clause(query);

    let count_sql = if query.limit_total_count {
        format!("SELECT COUNT(*) FROM (SELECT 1 FROM message_rows{filter_sql} LIMIT 10000)")
    } else {
        format!("SELECT COUNT(*) FROM message_rows{filter_sql}")
    };
    let total_count: i64 = conn
        .prepare_cached(&count_sql)?
        .query_row(params_from_iter(filter_args.iter()), |row| row.get(0))?;

    let cursor = query.cursor.as_ref().filter(|cursor| cursor.sort == spec);
    let backward = cursor.is_some_and(|cursor| cursor.backward);
    // Scanning backward reverses the order; the rows are put back in sort order afterwards.
    let ascending = query.descending == backward;
    let column = sort.column();
    let mut sql = format!("SELECT {LIST_COLUMNS} FROM message_rows{filter_sql}");
    let mut args = filter_args;
    if let Some(cursor) = cursor
        && let Some(key) = key_value(sort, &cursor.key)
    {
        let op = if ascending { ">" } else { "<" };
        sql.push_str(&format!(" AND ({column}, seq) {op} (?, ?)"));
        args.push(key);
        args.push(Value::Integer(cursor.seq));
    }
    let dir = if ascending { "ASC" } else { "DESC" };
    sql.push_str(&format!(" ORDER BY {column} {dir}, seq {dir} LIMIT ?"));
    args.push(Value::Integer(query.limit as i64 + 1));

    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement
        .query_map(params_from_iter(args.iter()), |row| listed_row(row, sort))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = rows.len() > query.limit;
    rows.truncate(query.limit);
    if backward {
        rows.reverse();
    }

    let token = |row: &ListedRow, backward: bool| Cursor {
        sort: spec.clone(),
        key: row.key.clone(),
        seq: row.seq,
        backward,
    };
    let (has_next, has_prev) = if backward {
        (true, more)
    } else {
        (more, cursor.is_some())
    };
    let next = if has_next {
        rows.last().map(|row| token(row, false))
    } else {
        None
    };
    let prev = if has_prev {
        rows.first().map(|row| token(row, true))
    } else {
        None
    };
    Ok(ListPage {
        total_count,
        rows,
        next,
        prev,
    })
}

pub(super) fn pending_deliveries(conn: &Connection) -> Result<Vec<Delivery>, StoreError> {
    load_deliveries(conn, "state = 'pending'", None)
}

/// Outbox rows matching `condition` (with `?1` bound to `id` when given), as the scheduler takes them.
pub(super) fn load_deliveries(
    conn: &Connection,
    condition: &str,
    id: Option<i64>,
) -> Result<Vec<Delivery>, StoreError> {
    let mut statement = conn.prepare(&format!(
        "SELECT id, account_id, application_id, message_id, callback, event_type, recipient, body, listing_seq,
                attempts, due_ms, first_attempt_ms, first_failure_ms, after_id
         FROM outbox WHERE {condition} ORDER BY due_ms, id"
    ))?;
    let args: Vec<i64> = id.into_iter().collect();
    let rows = statement.query_map(params_from_iter(args.iter()), |row| {
        let callback: String = row.get(4)?;
        let body: Option<Vec<u8>> = row.get(7)?;
        let attempts: i64 = row.get(9)?;
        Ok((
            callback,
            Delivery {
                id: row.get(0)?,
                account_id: row.get(1)?,
                application_id: row.get(2)?,
                message_id: row.get(3)?,
                callback: CallbackKind::Outbound,
                event_type: row.get(5)?,
                recipient: row.get(6)?,
                body: Bytes::from(body.unwrap_or_default()),
                listing_seq: row.get(8)?,
                attempts: u32::try_from(attempts).unwrap_or(0),
                due_ms: row.get(10)?,
                first_attempt_ms: row.get(11)?,
                first_failure_ms: row.get(12)?,
                after: row.get(13)?,
            },
        ))
    })?;
    let mut pending = Vec::new();
    for row in rows {
        let (callback, mut delivery) = row?;
        match CallbackKind::parse(&callback) {
            Some(kind) => delivery.callback = kind,
            None => {
                tracing::warn!(outbox_id = delivery.id, callback = %callback, "skipping an outbox row with an unknown callback kind");
                continue;
            }
        }
        pending.push(delivery);
    }
    Ok(pending)
}

/// An application persisted by the admin API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApplication {
    /// Application id.
    pub id: String,
    /// Its JSON document.
    pub json: String,
}

pub(super) fn stored_applications(conn: &Connection) -> Result<Vec<StoredApplication>, StoreError> {
    let mut statement = conn.prepare("SELECT id, json FROM applications ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(StoredApplication {
            id: row.get(0)?,
            json: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn get_media(
    conn: &Connection,
    account_id: &str,
    name: &str,
    now_ms: i64,
) -> Result<Option<MediaRow>, StoreError> {
    let row = conn
        .prepare_cached(
            "SELECT content_type, cache_control, created_ms, expires_ms, bytes FROM media
             WHERE account_id = ?1 AND name = ?2 AND expires_ms > ?3",
        )?
        .query_row(params![account_id, name, now_ms], |row| {
            let bytes: Vec<u8> = row.get(4)?;
            Ok(MediaRow {
                account_id: account_id.to_owned(),
                name: name.to_owned(),
                content_type: row.get(0)?,
                cache_control: row.get(1)?,
                created_ms: row.get(2)?,
                expires_ms: row.get(3)?,
                bytes: Bytes::from(bytes),
            })
        })
        .optional()?;
    Ok(row)
}

pub(super) fn list_media(
    conn: &Connection,
    account_id: &str,
    after: Option<&str>,
    limit: usize,
    now_ms: i64,
) -> Result<(Vec<MediaListing>, bool), StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT name, length(bytes) FROM media WHERE account_id = ?1 AND expires_ms > ?2 AND name > ?3
         ORDER BY name LIMIT ?4",
    )?;
    let mut items = statement
        .query_map(
            params![account_id, now_ms, after.unwrap_or(""), limit as i64 + 1],
            |row| {
                Ok(MediaListing {
                    name: row.get(0)?,
                    content_length: row.get(1)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = items.len() > limit;
    items.truncate(limit);
    Ok((items, more))
}

/// Filters of the admin delivery listing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryQuery {
    /// Only this message's events.
    pub message_id: Option<String>,
    /// Only this application's events.
    pub application_id: Option<String>,
    /// Only this state (`pending`, `delivered`, `given-up`).
    pub state: Option<String>,
    /// Only this event type.
    pub event_type: Option<String>,
    /// At most this many (default 100, at most 10,000).
    pub limit: Option<usize>,
}

/// One attempt, as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptInfo {
    /// 1 for the first attempt.
    pub number: u32,
    /// Start (RFC 3339).
    pub started_at: String,
    /// Duration.
    pub duration_ms: i64,
    /// What happened.
    pub result: String,
    /// Final HTTP status.
    pub http_status: Option<u16>,
    /// Whether a Basic challenge was answered with credentials.
    pub challenged: bool,
    /// When the next attempt was scheduled (RFC 3339), if one was.
    pub next_attempt_at: Option<String>,
}

/// One outbox row with its attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryInfo {
    /// Outbox id.
    pub id: i64,
    /// Message id.
    pub message_id: String,
    /// Application id.
    pub application_id: String,
    /// `outbound` or `inbound`.
    pub callback: String,
    /// Event type.
    pub event_type: String,
    /// Recipient the event is about.
    pub recipient: String,
    /// `pending`, `delivered` or `given-up`.
    pub state: String,
    /// Attempts so far.
    pub attempts: u32,
    /// When the next attempt is due (RFC 3339), while pending.
    pub next_attempt_at: Option<String>,
    /// Result of the last attempt.
    pub last_result: Option<String>,
    /// When the event was delivered or given up (RFC 3339).
    pub finished_at: Option<String>,
    /// Every attempt, oldest first.
    pub attempt_log: Vec<AttemptInfo>,
}

pub(super) fn deliveries(
    conn: &Connection,
    query: &DeliveryQuery,
) -> Result<Vec<DeliveryInfo>, StoreError> {
    let mut sql = String::from(
        "SELECT id, message_id, application_id, callback, event_type, recipient, state, attempts, due_ms, last_result,
                finished_ms FROM outbox WHERE 1",
    );
    let mut args = Vec::new();
    for (column, value) in [
        ("message_id", &query.message_id),
        ("application_id", &query.application_id),
        ("state", &query.state),
        ("event_type", &query.event_type),
    ] {
        if let Some(value) = value {
            sql.push_str(&format!(" AND {column} = ?"));
            args.push(Value::Text(value.clone()));
        }
    }
    sql.push_str(" ORDER BY id LIMIT ?");
    args.push(Value::Integer(query.limit.unwrap_or(100).min(10_000) as i64));
    let mut statement = conn.prepare(&sql)?;
    let mut infos = statement
        .query_map(params_from_iter(args.iter()), |row| {
            let state: String = row.get(6)?;
            let due_ms: i64 = row.get(8)?;
            let finished_ms: Option<i64> = row.get(10)?;
            let attempts: i64 = row.get(7)?;
            Ok(DeliveryInfo {
                id: row.get(0)?,
                message_id: row.get(1)?,
                application_id: row.get(2)?,
                callback: row.get(3)?,
                event_type: row.get(4)?,
                recipient: row.get(5)?,
                next_attempt_at: (state == "pending").then(|| crate::clock::format_ms(due_ms)),
                state,
                attempts: u32::try_from(attempts).unwrap_or(0),
                last_result: row.get(9)?,
                finished_at: finished_ms.map(crate::clock::format_ms),
                attempt_log: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut attempts = conn.prepare_cached(
        "SELECT number, started_ms, duration_ms, result, http_status, challenged, next_attempt_ms
         FROM attempts WHERE outbox_id = ?1 ORDER BY number",
    )?;
    for info in &mut infos {
        info.attempt_log = attempts
            .query_map(params![info.id], |row| {
                let number: i64 = row.get(0)?;
                let started_ms: i64 = row.get(1)?;
                let next: Option<i64> = row.get(6)?;
                Ok(AttemptInfo {
                    number: u32::try_from(number).unwrap_or(0),
                    started_at: crate::clock::format_ms(started_ms),
                    duration_ms: row.get(2)?,
                    result: row.get(3)?,
                    http_status: row.get(4)?,
                    challenged: row.get(5)?,
                    next_attempt_at: next.map(crate::clock::format_ms),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(infos)
}

/// Counters of the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Rows in the list table (one per message and recipient).
    pub message_rows: i64,
    /// Rows already visible in the list API.
    pub listed_rows: i64,
    /// Events waiting for delivery.
    pub pending: i64,
    /// Events delivered.
    pub delivered: i64,
    /// Events given up.
    pub given_up: i64,
    /// Attempts made.
    pub attempts: i64,
    /// Stored media files.
    pub media: i64,
}

pub(super) fn stats(conn: &Connection) -> Result<Stats, StoreError> {
    let count = |sql: &str| -> Result<i64, StoreError> {
        Ok(conn.prepare_cached(sql)?.query_row([], |row| row.get(0))?)
    };
    Ok(Stats {
        message_rows: count("SELECT COUNT(*) FROM message_rows")?,
        listed_rows: count("SELECT COUNT(*) FROM message_rows WHERE visible_at_ms IS NOT NULL")?,
        pending: count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")?,
        delivered: count("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'")?,
        given_up: count("SELECT COUNT(*) FROM outbox WHERE state = 'given-up'")?,
        attempts: count("SELECT COUNT(*) FROM attempts")?,
        media: count("SELECT COUNT(*) FROM media")?,
    })
}

pub(super) fn delivery_body(conn: &Connection, id: i64) -> Result<Option<Bytes>, StoreError> {
    let body: Option<Option<Vec<u8>>> = conn
        .prepare_cached("SELECT body FROM outbox WHERE id = ?1")?
        .query_row(params![id], |row| row.get(0))
        .optional()?;
    Ok(body.flatten().map(Bytes::from))
}
