//! Rows written to and read from the database. None of them holds message text.

use bandwidth_messaging::generated::models::{
    ListMessageDirectionEnum, MessageStatusEnum, MessageTypeEnum,
};
use bytes::Bytes;
use serde::Serialize;

/// One (message, recipient) row of the list API.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    /// Unique row number, assigned by [`super::Store::next_row_seq`]; pagination tie-breaker.
    pub seq: i64,
    /// Message id.
    pub message_id: String,
    /// Account id.
    pub account_id: String,
    /// Application id.
    pub application_id: String,
    /// `from`.
    pub source_tn: String,
    /// The recipient of this row.
    pub destination_tn: String,
    /// `messageStatus` (delivered, failed or received).
    pub status: MessageStatusEnum,
    /// `messageDirection`.
    pub direction: ListMessageDirectionEnum,
    /// `messageType` (SMS or MMS).
    pub message_type: MessageTypeEnum,
    /// Segments.
    pub segment_count: i64,
    /// `errorCode`, 0 when none.
    pub error_code: i64,
    /// When Bandwidth received the message (epoch ms).
    pub receive_time_ms: i64,
    /// Characters of text (the text itself is never stored).
    pub message_length: i64,
    /// Bytes of text (UTF-8).
    pub message_size: Option<i64>,
    /// Media URLs.
    pub attachment_count: Option<i64>,
    /// Recipients of the message.
    pub recipient_count: Option<i64>,
    /// `product`.
    pub product: Option<&'static str>,
    /// `callingNumberCountryA3`.
    pub calling_country: Option<&'static str>,
    /// `calledNumberCountryA3`.
    pub called_country: Option<&'static str>,
    /// From when the row is listed (epoch ms); `None` until its webhook was acknowledged.
    pub visible_at_ms: Option<i64>,
}

/// Which callback URL of the application an event goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CallbackKind {
    /// Status events, to the outbound callback URL.
    Outbound,
    /// `message-received`, to the inbound callback URL.
    Inbound,
}

impl CallbackKind {
    /// The database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackKind::Outbound => "outbound",
            CallbackKind::Inbound => "inbound",
        }
    }

    /// Parses the database spelling.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "outbound" => Some(CallbackKind::Outbound),
            "inbound" => Some(CallbackKind::Inbound),
            _ => None,
        }
    }
}

/// A webhook event waiting in the outbox (new, or loaded at start-up).
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Outbox id.
    pub id: i64,
    /// Account id.
    pub account_id: String,
    /// Application whose callback URL receives the event.
    pub application_id: String,
    /// Message the event is about.
    pub message_id: String,
    /// Which callback URL.
    pub callback: CallbackKind,
    /// `type` of the event.
    pub event_type: String,
    /// `to` of the event (the recipient it is about).
    pub recipient: String,
    /// The exact bytes POSTed on every attempt.
    pub body: Bytes,
    /// The row made visible in the list API when the event is finished.
    pub listing_seq: Option<i64>,
    /// An earlier event of the same recipient that must be finished (delivered or given up) before this
    /// one is attempted (`message-sending` before the terminal event).
    pub after: Option<i64>,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due (epoch ms).
    pub due_ms: i64,
    /// When the first attempt started.
    pub first_attempt_ms: Option<i64>,
    /// When the first attempt failed.
    pub first_failure_ms: Option<i64>,
}

/// A new outbox row: the delivery plus what is stored for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    /// The delivery as the scheduler sees it (with the full body).
    pub delivery: Delivery,
    /// The body written to the database when it differs from the delivered one: inbound events carry
    /// the message text, which is never stored, so their stored body has `"text": ""`.
    pub stored_body: Option<Bytes>,
}

/// State of an outbox row after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Another attempt is due at this time (epoch ms).
    Retry {
        /// Due time of the next attempt.
        next_ms: i64,
    },
    /// A 2xx answer was received.
    Delivered,
    /// The retry window or ladder ran out.
    GivenUp,
}

impl DeliveryState {
    /// The database spelling of the state column.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Retry { .. } => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::GivenUp => "given-up",
        }
    }
}

/// The record of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    /// Outbox id.
    pub outbox_id: i64,
    /// 1 for the first attempt.
    pub number: u32,
    /// When the attempt started (epoch ms).
    pub started_ms: i64,
    /// How long it took.
    pub duration_ms: i64,
    /// What happened, e.g. `delivered`, `http-503`, `timeout`, `connect-error: ...`.
    pub result: String,
    /// The final HTTP status, if an answer came.
    pub http_status: Option<u16>,
    /// Whether the receiver challenged and the request was sent again with credentials.
    pub challenged: bool,
    /// The state the outbox row is in after this attempt.
    pub state: DeliveryState,
}

/// A stored media file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRow {
    /// Account id.
    pub account_id: String,
    /// Media name (may contain `/`).
    pub name: String,
    /// Content type given on upload.
    pub content_type: String,
    /// `Cache-Control` given on upload.
    pub cache_control: Option<String>,
    /// Upload time (epoch ms).
    pub created_ms: i64,
    /// When it is deleted (epoch ms).
    pub expires_ms: i64,
    /// The bytes.
    pub bytes: Bytes,
}

/// A media file in a listMedia page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaListing {
    /// Media name.
    pub name: String,
    /// Size in bytes.
    pub content_length: i64,
}
