//! Read-only queries for the web inspector (`/ui`): recent messages as stored (metadata only).

use rusqlite::params;

use super::{Store, StoreError};

/// One stored (message, recipient) row, as the inspector lists it. No text: the text is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSummary {
    /// Message id.
    pub message_id: String,
    /// Application id.
    pub application_id: String,
    /// `OUTBOUND` or `INBOUND`.
    pub direction: String,
    /// `from`.
    pub from: String,
    /// The recipient of this row.
    pub to: String,
    /// `sms` or `mms`.
    pub message_type: String,
    /// The stored `messageStatus`.
    pub status: String,
    /// Segments.
    pub segment_count: i64,
    /// `errorCode`, 0 when none.
    pub error_code: i64,
    /// Characters of text.
    pub message_length: i64,
    /// When it was received (epoch ms).
    pub receive_time_ms: i64,
    /// Whether the list API shows it yet.
    pub listed: bool,
}

impl Store {
    /// The `limit` most recent message rows, newest first.
    pub async fn recent_messages(&self, limit: usize) -> Result<Vec<MessageSummary>, StoreError> {
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT message_id, application_id, direction, source_tn, destination_tn, message_type, status,
                        segment_count, error_code, message_length, receive_time_ms, visible_at_ms
                 FROM message_rows ORDER BY seq DESC LIMIT ?1",
            )?;
            let rows = statement
                .query_map(params![limit as i64], |row| {
                    let visible: Option<i64> = row.get(11)?;
                    Ok(MessageSummary {
                        message_id: row.get(0)?,
                        application_id: row.get(1)?,
                        direction: row.get(2)?,
                        from: row.get(3)?,
                        to: row.get(4)?,
                        message_type: row.get(5)?,
                        status: row.get(6)?,
                        segment_count: row.get(7)?,
                        error_code: row.get(8)?,
                        message_length: row.get(9)?,
                        receive_time_ms: row.get(10)?,
                        listed: visible.is_some(),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }
}
