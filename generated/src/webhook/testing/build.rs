//! Building events for your own tests, shaped like the ones Bandwidth sends.

use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;

use crate::generated::models::{
    InboundCallback, InboundCallbackMessage, InboundCallbackTypeEnum, Message,
    MessageDirectionEnum, StatusCallback, StatusCallbackMessage, StatusCallbackTypeEnum,
};
use crate::generated::webhooks::Event;
use crate::webhook::ErrorCode;

/// A message received by one of your numbers, for [`Event::received`]. Unset fields get plausible values:
/// a fresh message id, the current time, an empty application id.
///
/// ```
/// use bandwidth_messaging::generated::webhooks::Event;
/// use bandwidth_messaging::webhook::testing::Inbound;
///
/// let event = Event::received(&Inbound { from: "+15550000001", to: "+15550000002", text: "hi", ..Inbound::default() });
/// assert_eq!(event.event_type(), "message-received");
/// assert_eq!(event.recipient(), Some("+15550000002"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Inbound<'a> {
    /// The sender.
    pub from: &'a str,
    /// Your number that received the message (also the message's owner).
    pub to: &'a str,
    /// The text.
    pub text: &'a str,
    /// Media URLs (an MMS when not empty).
    pub media: &'a [&'a str],
    /// The application id of your number; empty when not set.
    pub application_id: &'a str,
    /// The message id; a fresh one when not set.
    pub message_id: Option<&'a str>,
}

/// A message id shaped like Bandwidth's: 13 digits of epoch milliseconds and 16 lowercase hex digits.
fn fresh_message_id(now: Timestamp) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:013}{:016x}",
        now.as_millisecond().max(0),
        n.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    )
}

impl Event {
    /// A `message-delivered` event for one recipient of a message you sent (the `Message` of the 202 answer
    /// to `createMessage`), timed now. Like Bandwidth's, its `message.text` is empty.
    pub fn delivered_for(message: &Message, recipient: &str) -> Event {
        let callback = status_callback(
            message,
            recipient,
            StatusCallbackTypeEnum::MessageDelivered,
            "Message delivered to handset.",
        );
        Event::MessageDelivered(callback)
    }

    /// A `message-sent` event for one recipient of a message you sent, timed now.
    pub fn sent_for(message: &Message, recipient: &str) -> Event {
        Event::MessageSent(status_callback(
            message,
            recipient,
            StatusCallbackTypeEnum::MessageSent,
            "Message sent to carrier",
        ))
    }

    /// A `message-sending` event (MMS with delivery receipts) for one recipient of a message you sent.
    pub fn sending_for(message: &Message, recipient: &str) -> Event {
        Event::MessageSending(status_callback(
            message,
            recipient,
            StatusCallbackTypeEnum::MessageSending,
            "Message is sending to carrier",
        ))
    }

    /// A `message-failed` event with `code` for one recipient of a message you sent, timed now; its
    /// description is the code's documented name, as in Bandwidth's events.
    pub fn failed_for(message: &Message, recipient: &str, code: ErrorCode) -> Event {
        let description = code.name().unwrap_or("unknown-error");
        let mut callback = status_callback(
            message,
            recipient,
            StatusCallbackTypeEnum::MessageFailed,
            description,
        );
        callback.error_code = Some(code.code());
        Event::MessageFailed(callback)
    }

    /// A `message-received` event for a message to one of your numbers, timed now.
    pub fn received(inbound: &Inbound<'_>) -> Event {
        let now = now_in_milliseconds();
        let id = inbound
            .message_id
            .map_or_else(|| fresh_message_id(now), str::to_owned);
        let mut message = InboundCallbackMessage::new(
            id,
            inbound.to.to_owned(),
            inbound.application_id.to_owned(),
            now,
            1,
            MessageDirectionEnum::In,
            vec![inbound.to.to_owned()],
            inbound.from.to_owned(),
        );
        message.text = Some(inbound.text.to_owned());
        if !inbound.media.is_empty() {
            message.media = Some(inbound.media.iter().map(|url| (*url).to_owned()).collect());
        }
        let callback = InboundCallback::new(
            now,
            InboundCallbackTypeEnum::MessageReceived,
            inbound.to.to_owned(),
            "Incoming message received".to_owned(),
            message,
        );
        Event::MessageReceived(callback)
    }

    /// The same event with its `time` set (for deterministic tests); an unknown event's raw `time` is replaced.
    pub fn with_time(mut self, time: Timestamp) -> Event {
        match &mut self {
            Event::MessageSending(cb)
            | Event::MessageSent(cb)
            | Event::MessageDelivered(cb)
            | Event::MessageFailed(cb)
            | Event::MessageRead(cb) => cb.time = time,
            Event::MessageReceived(cb)
            | Event::SuggestionResponse(cb)
            | Event::RequestedLocationResponse(cb) => {
                cb.time = time;
            }
            Event::Unknown { raw, .. } => {
                if let Some(object) = raw.as_object_mut() {
                    object.insert(
                        "time".to_owned(),
                        serde_json::Value::String(time.to_string()),
                    );
                }
            }
        }
        self
    }
}

fn status_callback(
    message: &Message,
    recipient: &str,
    kind: StatusCallbackTypeEnum,
    description: &str,
) -> StatusCallback {
    let now = now_in_milliseconds();
    let from = message.from.clone().unwrap_or_default();
    let mut inner = StatusCallbackMessage::new(
        message.id.clone().unwrap_or_else(|| fresh_message_id(now)),
        message.owner.clone().unwrap_or_else(|| from.clone()),
        message.application_id.clone().unwrap_or_default(),
        message.time.unwrap_or(now),
        message.segment_count.unwrap_or(1),
        MessageDirectionEnum::Out,
        message
            .to
            .clone()
            .unwrap_or_else(|| vec![recipient.to_owned()]),
        from,
    );
    // Bandwidth does not keep message text: status events carry an empty one.
    inner.text = Some(String::new());
    inner.tag = message.tag.clone();
    inner.media = message.media.clone();
    inner.priority = message.priority.clone();
    StatusCallback::new(
        now,
        kind,
        recipient.to_owned(),
        description.to_owned(),
        inner,
    )
}

/// Now, at Bandwidth's precision (milliseconds), so a built event survives a round trip through its wire JSON.
fn now_in_milliseconds() -> Timestamp {
    Timestamp::from_millisecond(Timestamp::now().as_millisecond()).unwrap_or(Timestamp::UNIX_EPOCH)
}
