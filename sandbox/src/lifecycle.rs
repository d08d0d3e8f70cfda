//! The message lifecycle: what an accepted (or injected) message becomes, as list rows and outbox events.
//!
//! Outbound, per recipient: when the message leaves the account queue, `message-sending` (MMS only,
//! when the application enabled MMS receipts); `terminal_delay` later, and not before `message-sending`
//! was acknowledged or given up, exactly one terminal event,
//! `message-delivered`, or `message-failed` with the error code of a magic destination number
//! ([`crate::magic`]) or 4360 when the expiration passed while queued. Status events carry
//! `text: ""`. The recipient's list row becomes visible when its terminal event is acknowledged (or
//! given up); for an application without an outbound callback URL, at the terminal time.
//!
//! Inbound, per receiving number: one `message-received` carrying the text to the inbound callback
//! URL. The text is in the body sent but never in the database: the stored body has `text: ""`.

use bandwidth_messaging::generated::models::{
    ListMessageDirectionEnum, MessageStatusEnum, MessageTypeEnum, StatusCallbackTypeEnum,
};

use crate::config::ApplicationConfig;
use crate::events::{self, MessageFacts};
use crate::magic::{self, Outcome};
use crate::store::{CallbackKind, Delivery, MessageRow, NewDelivery, Store};

/// An accepted outbound message (its text is only measured, never kept).
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundMessage {
    /// Message id.
    pub id: String,
    /// Account id.
    pub account_id: String,
    /// Application id.
    pub application_id: String,
    /// Sender.
    pub from: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Media URLs.
    pub media: Vec<String>,
    /// Tag.
    pub tag: Option<String>,
    /// Priority (`default` / `high`).
    pub priority: Option<String>,
    /// Expiration (epoch ms).
    pub expiration_ms: Option<i64>,
    /// Segments.
    pub segment_count: usize,
    /// MMS (media or a group) rather than SMS.
    pub is_mms: bool,
    /// Characters of text.
    pub text_chars: usize,
    /// Bytes of text.
    pub text_bytes: usize,
    /// Acceptance time (epoch ms).
    pub time_ms: i64,
}

/// When the lifecycle steps happen (wall-clock epoch ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// The message leaves the account queue (`message-sending`).
    pub dequeue_ms: i64,
    /// The terminal event.
    pub terminal_ms: i64,
}

/// The rows and outbox events of an accepted outbound message.
pub fn plan_outbound(
    message: &OutboundMessage,
    application: &ApplicationConfig,
    timing: Timing,
    store: &Store,
) -> (Vec<MessageRow>, Vec<NewDelivery>) {
    let has_callback = application.outbound_callback_url.is_some();
    let receipts = message.is_mms && application.mms_receipts;
    let mut rows = Vec::with_capacity(message.to.len());
    let mut deliveries = Vec::new();
    let message_type = if message.is_mms {
        MessageTypeEnum::Mms
    } else {
        MessageTypeEnum::Sms
    };
    let facts = MessageFacts {
        id: &message.id,
        owner: &message.from,
        application_id: &message.application_id,
        time_ms: message.time_ms,
        segment_count: message.segment_count,
        to: &message.to,
        from: &message.from,
        media: &message.media,
        tag: message.tag.as_deref(),
        priority: message.priority.as_deref(),
    };
    for recipient in &message.to {
        let outcome = match message.expiration_ms {
            Some(expiration) if expiration < timing.dequeue_ms => magic::error_code(4360)
                .map(Outcome::Failed)
                .unwrap_or(Outcome::Delivered),
            _ => magic::outcome_for(recipient),
        };
        let (status, error_code) = match outcome {
            Outcome::Delivered => (MessageStatusEnum::Delivered, 0),
            Outcome::Failed(code) => (MessageStatusEnum::Failed, i64::from(code.code)),
        };
        let seq = store.next_row_seq();
        rows.push(MessageRow {
            seq,
            message_id: message.id.clone(),
            account_id: message.account_id.clone(),
            application_id: message.application_id.clone(),
            source_tn: message.from.clone(),
            destination_tn: recipient.clone(),
            status,
            direction: ListMessageDirectionEnum::Outbound,
            message_type: message_type.clone(),
            segment_count: message.segment_count as i64,
            error_code,
            receive_time_ms: message.time_ms,
            message_length: message.text_chars as i64,
            message_size: Some(message.text_bytes as i64),
            attachment_count: Some(message.media.len() as i64),
            recipient_count: Some(message.to.len() as i64),
            product: Some(product(&message.from)),
            calling_country: country_a3(&message.from),
            called_country: country_a3(recipient),
            visible_at_ms: (!has_callback).then_some(timing.terminal_ms),
        });
        if !has_callback {
            continue;
        }
        let mut push = |event_type: &str,
                        due_ms: i64,
                        body: bytes::Bytes,
                        listing_seq: Option<i64>,
                        after: Option<i64>| {
            let id = store.next_outbox_id();
            deliveries.push(NewDelivery {
                delivery: Delivery {
                    id,
                    account_id: message.account_id.clone(),
                    application_id: message.application_id.clone(),
                    message_id: message.id.clone(),
                    callback: CallbackKind::Outbound,
                    event_type: event_type.to_owned(),
                    recipient: recipient.clone(),
                    body,
                    listing_seq,
                    after,
                    attempts: 0,
                    due_ms,
                    first_attempt_ms: None,
                    first_failure_ms: None,
                },
                stored_body: None,
            });
            id
        };
        let mut sending_id = None;
        if receipts {
            let sending = events::status_event(
                StatusCallbackTypeEnum::MessageSending,
                timing.dequeue_ms,
                events::SENDING_DESCRIPTION,
                recipient,
                None,
                &facts,
            );
            sending_id = Some(push(
                "message-sending",
                timing.dequeue_ms,
                events::body(&sending),
                None,
                None,
            ));
        }
        let (event_type, description, code) = match outcome {
            Outcome::Delivered => (
                StatusCallbackTypeEnum::MessageDelivered,
                events::DELIVERED_DESCRIPTION,
                None,
            ),
            Outcome::Failed(code) => (
                StatusCallbackTypeEnum::MessageFailed,
                code.name,
                Some(code.code),
            ),
        };
        let name = event_type.as_str().to_owned();
        let terminal = events::status_event(
            event_type,
            timing.terminal_ms,
            description,
            recipient,
            code,
            &facts,
        );
        push(
            &name,
            timing.terminal_ms,
            events::body(&terminal),
            Some(seq),
            sending_id,
        );
    }
    (rows, deliveries)
}

/// An injected inbound message.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage<'a> {
    /// Account id.
    pub account_id: &'a str,
    /// Application id.
    pub application_id: &'a str,
    /// Sender.
    pub from: &'a str,
    /// Every recipient (each gets its own message id and event).
    pub to: &'a [String],
    /// Text (sent in the event, never stored).
    pub text: &'a str,
    /// Media URLs.
    pub media: &'a [String],
    /// Tag.
    pub tag: Option<&'a str>,
    /// Receive time (epoch ms).
    pub time_ms: i64,
}

/// One message id per recipient, with the rows and events of an injected inbound message.
pub fn plan_inbound(
    message: &InboundMessage<'_>,
    application: &ApplicationConfig,
    store: &Store,
) -> (Vec<String>, Vec<MessageRow>, Vec<NewDelivery>) {
    let kind = bandwidth_messaging::rules::classify(message.to.len(), !message.media.is_empty());
    let is_mms = kind == bandwidth_messaging::segment::MessageKind::Mms;
    let segment_count = bandwidth_messaging::segment::segment_count_for(kind, message.text);
    let has_callback = application.inbound_callback_url.is_some();
    let mut ids = Vec::with_capacity(message.to.len());
    let mut rows = Vec::with_capacity(message.to.len());
    let mut deliveries = Vec::new();
    for recipient in message.to {
        let id = crate::ids::message_id(message.time_ms);
        let seq = store.next_row_seq();
        rows.push(MessageRow {
            seq,
            message_id: id.clone(),
            account_id: message.account_id.to_owned(),
            application_id: message.application_id.to_owned(),
            source_tn: message.from.to_owned(),
            destination_tn: recipient.clone(),
            status: MessageStatusEnum::Received,
            direction: ListMessageDirectionEnum::Inbound,
            message_type: if is_mms {
                MessageTypeEnum::Mms
            } else {
                MessageTypeEnum::Sms
            },
            segment_count: segment_count as i64,
            error_code: 0,
            receive_time_ms: message.time_ms,
            message_length: message.text.chars().count() as i64,
            message_size: Some(message.text.len() as i64),
            attachment_count: Some(message.media.len() as i64),
            recipient_count: Some(message.to.len() as i64),
            product: Some(product(recipient)),
            calling_country: country_a3(message.from),
            called_country: country_a3(recipient),
            visible_at_ms: (!has_callback).then_some(message.time_ms),
        });
        if has_callback {
            let facts = MessageFacts {
                id: &id,
                owner: recipient,
                application_id: message.application_id,
                time_ms: message.time_ms,
                segment_count,
                to: message.to,
                from: message.from,
                media: message.media,
                tag: message.tag,
                priority: None,
            };
            deliveries.push(NewDelivery {
                delivery: Delivery {
                    id: store.next_outbox_id(),
                    account_id: message.account_id.to_owned(),
                    application_id: message.application_id.to_owned(),
                    message_id: id.clone(),
                    callback: CallbackKind::Inbound,
                    event_type: "message-received".to_owned(),
                    recipient: recipient.clone(),
                    body: events::body(&events::received_event(message.text, &facts)),
                    listing_seq: Some(seq),
                    after: None,
                    attempts: 0,
                    due_ms: message.time_ms,
                    first_attempt_ms: None,
                    first_failure_ms: None,
                },
                stored_body: Some(events::body(&events::received_event("", &facts))),
            });
        }
        ids.push(id);
    }
    (ids, rows, deliveries)
}

/// `product` of a number: toll-free, alphanumeric sender id, or local A2P.
pub fn product(number: &str) -> &'static str {
    const TOLL_FREE: &[&str] = &[
        "+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888",
    ];
    if !number.starts_with('+') {
        "ALPHA_NUMERIC"
    } else if TOLL_FREE.iter().any(|prefix| number.starts_with(prefix)) {
        "TOLL_FREE"
    } else {
        "LOCAL_A2P"
    }
}

/// ISO 3166 alpha-3 country of an E.164 number, for a few calling codes (`None` otherwise).
pub fn country_a3(number: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        ("+1", "USA"),
        ("+44", "GBR"),
        ("+52", "MEX"),
        ("+49", "DEU"),
        ("+33", "FRA"),
        ("+34", "ESP"),
        ("+61", "AUS"),
        ("+81", "JPN"),
        ("+91", "IND"),
    ];
    CODES
        .iter()
        .find(|(prefix, _)| number.starts_with(prefix))
        .map(|&(_, a3)| a3)
}
