//! Webhook bodies, built from the generated event types (`generated::webhooks::Event` over
//! `StatusCallback` / `InboundCallback`): a JSON array holding one event, serialized once and sent
//! unchanged on every attempt.

use bandwidth_messaging::generated::models::{
    InboundCallback, InboundCallbackMessage, InboundCallbackTypeEnum, MessageDirectionEnum,
    PriorityEnum, StatusCallback, StatusCallbackMessage, StatusCallbackTypeEnum,
};
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::types::Timestamp;
use bytes::Bytes;

/// Description of `message-sending`.
pub const SENDING_DESCRIPTION: &str = "Message is sending to carrier";
/// Description of `message-delivered`.
pub const DELIVERED_DESCRIPTION: &str = "Message delivered to handset.";
/// Description of `message-received`.
pub const RECEIVED_DESCRIPTION: &str = "Incoming message received";

/// A timestamp from epoch milliseconds (the epoch when out of range).
pub fn timestamp(epoch_ms: i64) -> Timestamp {
    Timestamp::from_millisecond(epoch_ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// What every event of one message repeats in its `message` object.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFacts<'a> {
    /// Message id.
    pub id: &'a str,
    /// `from` for outbound; the receiving number for inbound.
    pub owner: &'a str,
    /// Application id.
    pub application_id: &'a str,
    /// When the message was accepted / received (epoch ms).
    pub time_ms: i64,
    /// Segments.
    pub segment_count: usize,
    /// Every recipient.
    pub to: &'a [String],
    /// Sender.
    pub from: &'a str,
    /// Media URLs.
    pub media: &'a [String],
    /// Tag from the send request.
    pub tag: Option<&'a str>,
    /// Priority from the send request.
    pub priority: Option<&'a str>,
}

impl MessageFacts<'_> {
    fn media(&self) -> Option<Vec<String>> {
        (!self.media.is_empty()).then(|| self.media.to_vec())
    }
}

/// A status event (`message-sending`, `message-delivered`, `message-failed`) about `recipient`, at
/// `event_ms`. Its `message.text` is always `""`: Bandwidth does not keep the text of outbound messages.
pub fn status_event(
    event_type: StatusCallbackTypeEnum,
    event_ms: i64,
    description: &str,
    recipient: &str,
    error_code: Option<u16>,
    facts: &MessageFacts<'_>,
) -> Event {
    let mut message = StatusCallbackMessage::new(
        facts.id.to_owned(),
        facts.owner.to_owned(),
        facts.application_id.to_owned(),
        timestamp(facts.time_ms),
        facts.segment_count as i64,
        MessageDirectionEnum::Out,
        facts.to.to_vec(),
        facts.from.to_owned(),
    );
    message.text = Some(String::new());
    message.media = facts.media();
    message.tag = facts.tag.map(str::to_owned);
    message.priority = facts.priority.map(PriorityEnum::from);
    let mut callback = StatusCallback::new(
        timestamp(event_ms),
        event_type.clone(),
        recipient.to_owned(),
        description.to_owned(),
        message,
    );
    callback.error_code = error_code.map(i64::from);
    match event_type {
        StatusCallbackTypeEnum::MessageSending => Event::MessageSending(callback),
        StatusCallbackTypeEnum::MessageSent => Event::MessageSent(callback),
        StatusCallbackTypeEnum::MessageFailed => Event::MessageFailed(callback),
        StatusCallbackTypeEnum::MessageRead => Event::MessageRead(callback),
        _ => Event::MessageDelivered(callback),
    }
}

/// A `message-received` event for the receiving number `facts.owner`, carrying `text`.
pub fn received_event(text: &str, facts: &MessageFacts<'_>) -> Event {
    let mut message = InboundCallbackMessage::new(
        facts.id.to_owned(),
        facts.owner.to_owned(),
        facts.application_id.to_owned(),
        timestamp(facts.time_ms),
        facts.segment_count as i64,
        MessageDirectionEnum::In,
        facts.to.to_vec(),
        facts.from.to_owned(),
    );
    message.text = Some(text.to_owned());
    message.media = facts.media();
    message.tag = facts.tag.map(str::to_owned);
    Event::MessageReceived(InboundCallback::new(
        timestamp(facts.time_ms),
        InboundCallbackTypeEnum::MessageReceived,
        facts.owner.to_owned(),
        RECEIVED_DESCRIPTION.to_owned(),
        message,
    ))
}

/// The webhook body: `[event]`.
pub fn body(event: &Event) -> Bytes {
    // Serializing strings, numbers and timestamps cannot fail; an empty array is the safe fallback.
    Bytes::from(serde_json::to_vec(std::slice::from_ref(event)).unwrap_or_else(|_| b"[]".to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(to: &'a [String], media: &'a [String]) -> MessageFacts<'a> {
        MessageFacts {
            id: "1736178240000qrstuvwxyzabcdef",
            owner: "+15550000002",
            application_id: "app",
            time_ms: 1_736_178_240_000,
            segment_count: 1,
            to,
            from: "+15550000002",
            media,
            tag: Some("t1"),
            priority: None,
        }
    }

    #[test]
    fn status_bodies_are_arrays_without_text() {
        let to = vec!["+15550000001".to_owned()];
        let event = status_event(
            StatusCallbackTypeEnum::MessageFailed,
            1_736_178_245_000,
            "rejected-forbidden-country",
            "+15550000001",
            Some(4432),
            &facts(&to, &[]),
        );
        let value: serde_json::Value = serde_json::from_slice(&body(&event)).unwrap();
        assert_eq!(value[0]["type"], "message-failed");
        assert_eq!(value[0]["errorCode"], 4432);
        assert_eq!(value[0]["message"]["text"], "");
        assert_eq!(value[0]["message"]["direction"], "out");
        assert!(value[0]["message"].get("media").is_none());
        // The body parses back into the generated event type.
        let parsed = Event::from_json_slice(&serde_json::to_vec(&value[0]).unwrap()).unwrap();
        assert_eq!(parsed, event);
    }

    #[test]
    fn received_bodies_carry_the_text() {
        let to = vec!["+15550000002".to_owned()];
        let media = vec!["https://example.com/a.png".to_owned()];
        let value: serde_json::Value =
            serde_json::from_slice(&body(&received_event("hi", &facts(&to, &media)))).unwrap();
        assert_eq!(value[0]["type"], "message-received");
        assert_eq!(value[0]["message"]["text"], "hi");
        assert_eq!(value[0]["message"]["direction"], "in");
        assert_eq!(value[0]["message"]["media"][0], "https://example.com/a.png");
    }
}
