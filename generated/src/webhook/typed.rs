//! The generated [`Event`]: parsing a body into it, and the accessors users need whatever the event type.

use jiff::Timestamp;
use serde_json::Value;

use super::dedup::DedupKey;
use super::error_code::ErrorCode;
use super::event::{WebhookEvent, dedup_key_from_json};
use super::parse::{ParseError, parse_body_as};
use crate::generated::behaviour::acceptance::create_message::TERMINAL_EVENTS;
use crate::generated::models::{InboundCallback, MessageDirectionEnum, StatusCallback};
use crate::generated::webhooks::Event;

/// Parses a webhook body, a JSON array of events (what Bandwidth sends) or one event object, into [`Event`]s.
/// Unknown event types become [`Event::Unknown`] with the raw object, they are not errors.
///
/// ```
/// use bandwidth_messaging::generated::webhooks::Event;
/// use bandwidth_messaging::webhook::{ErrorCode, parse_body};
///
/// let body = br#"[{"type":"message-failed","time":"2025-01-06T15:44:05.000Z","description":"rejected-forbidden-country",
///   "to":"+525500000003","errorCode":4432,"message":{"id":"1736178240000qrstuvwxyzabcdef","owner":"+15550000002",
///   "applicationId":"00000000-0000-4000-8000-000000000001","time":"2025-01-06T15:44:00.000Z","segmentCount":1,
///   "direction":"out","to":["+15550000001","+525500000003"],"from":"+15550000002","text":""}}]"#;
/// let events = parse_body(body)?;
/// assert!(matches!(events[0], Event::MessageFailed(_)));
/// assert_eq!(events[0].recipient(), Some("+525500000003"));
/// assert_eq!(events[0].error_code(), Some(ErrorCode::new(4432)));
/// assert!(events[0].is_terminal());
/// # Ok::<(), bandwidth_messaging::webhook::ParseError>(())
/// ```
pub fn parse_body(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    parse_body_as::<Event>(body)
}

/// The payload of an event, by kind.
enum Payload<'a> {
    Status(&'a StatusCallback),
    Inbound(&'a InboundCallback),
    Unknown(&'a Value),
}

impl Event {
    fn payload(&self) -> Payload<'_> {
        match self {
            Event::MessageSending(cb)
            | Event::MessageSent(cb)
            | Event::MessageDelivered(cb)
            | Event::MessageFailed(cb)
            | Event::MessageRead(cb) => Payload::Status(cb),
            Event::MessageReceived(cb)
            | Event::SuggestionResponse(cb)
            | Event::RequestedLocationResponse(cb) => Payload::Inbound(cb),
            Event::Unknown { raw, .. } => Payload::Unknown(raw),
        }
    }

    /// The outbound status event (`message-sending`, `-sent`, `-delivered`, `-failed`, `-read`), if it is one.
    pub fn as_status(&self) -> Option<&StatusCallback> {
        match self.payload() {
            Payload::Status(cb) => Some(cb),
            _ => None,
        }
    }

    /// The inbound event (`message-received`, `suggestion-response`, `requested-location-response`), if it is
    /// one.
    pub fn as_inbound(&self) -> Option<&InboundCallback> {
        match self.payload() {
            Payload::Inbound(cb) => Some(cb),
            _ => None,
        }
    }

    /// `true` for [`Event::Unknown`]: a type this version does not know, kept as raw JSON.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Event::Unknown { .. })
    }

    /// The id of the message the event is about (`message.id`); for an unknown event, when its raw object
    /// has one.
    pub fn message_id(&self) -> Option<&str> {
        match self.payload() {
            Payload::Status(cb) => Some(&cb.message.id),
            Payload::Inbound(cb) => Some(&cb.message.id),
            Payload::Unknown(raw) => raw.get("message")?.get("id")?.as_str(),
        }
    }

    /// The number this event is about (`to`): for a status event the recipient it reports on (one event per
    /// recipient of a group message), for an inbound event your number that received the message.
    pub fn recipient(&self) -> Option<&str> {
        match self.payload() {
            Payload::Status(cb) => Some(&cb.to),
            Payload::Inbound(cb) => Some(&cb.to),
            Payload::Unknown(raw) => raw.get("to")?.as_str(),
        }
    }

    /// The message direction (`message.direction`): `out` for status events, `in` for inbound ones. Check it
    /// before replying automatically so you never answer your own messages.
    pub fn direction(&self) -> Option<MessageDirectionEnum> {
        match self.payload() {
            Payload::Status(cb) => Some(cb.message.direction.clone()),
            Payload::Inbound(cb) => Some(cb.message.direction.clone()),
            Payload::Unknown(raw) => raw
                .get("message")?
                .get("direction")?
                .as_str()
                .map(MessageDirectionEnum::from),
        }
    }

    /// Your label of the message (`message.tag`), echoed in every event about it.
    pub fn tag(&self) -> Option<&str> {
        match self.payload() {
            Payload::Status(cb) => cb.message.tag.as_deref(),
            Payload::Inbound(cb) => cb.message.tag.as_deref(),
            Payload::Unknown(raw) => raw.get("message")?.get("tag")?.as_str(),
        }
    }

    /// `true` for the last status event of an outbound message for this recipient: `message-delivered` or
    /// `message-failed` (the spec's `x-bandwidth-acceptance` terminal events). Other events, inbound ones
    /// included, are not terminal.
    pub fn is_terminal(&self) -> bool {
        !self.is_unknown() && TERMINAL_EVENTS.contains(&self.event_type())
    }

    /// The error code of a `message-failed` event (`None` for every other type, even if the field is set).
    pub fn error_code(&self) -> Option<ErrorCode> {
        match self {
            Event::MessageFailed(cb) => cb.error_code.map(ErrorCode::new),
            _ => None,
        }
    }

    /// When the message was read, for `message-read` (`eventTime`; `None` for every other type).
    pub fn event_time(&self) -> Option<Timestamp> {
        match self {
            Event::MessageRead(cb) => cb.event_time,
            _ => None,
        }
    }

    /// When the event happened (`time`); for an unknown event, when its raw `time` is a timestamp.
    pub fn time(&self) -> Option<Timestamp> {
        match self.payload() {
            Payload::Status(cb) => Some(cb.time),
            Payload::Inbound(cb) => Some(cb.time),
            Payload::Unknown(raw) => raw.get("time")?.as_str()?.parse().ok(),
        }
    }

    /// What identifies this event across redeliveries: (message id, event type, recipient, event time), the
    /// time being `eventTime` when present, else `time`. `None` for an unknown event lacking one of them.
    pub fn dedup_key(&self) -> Option<DedupKey> {
        let (message_id, recipient, time) = match self.payload() {
            Payload::Status(cb) => (&cb.message.id, &cb.to, cb.event_time.unwrap_or(cb.time)),
            Payload::Inbound(cb) => (&cb.message.id, &cb.to, cb.time),
            Payload::Unknown(raw) => return dedup_key_from_json(raw),
        };
        Some(DedupKey::from_timestamp(
            message_id,
            self.event_type(),
            recipient,
            time,
        ))
    }
}

impl WebhookEvent for Event {
    fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        inherent::from_json_slice(bytes)
    }

    fn event_type(&self) -> &str {
        inherent::event_type(self)
    }

    fn message_id(&self) -> Option<&str> {
        inherent::message_id(self)
    }

    fn dedup_key(&self) -> Option<DedupKey> {
        inherent::dedup_key(self)
    }
}

/// Calls of `Event`'s inherent methods from a scope where the `WebhookEvent` trait is not imported, so the
/// trait impl above can never resolve to itself (a missing inherent method is a compile error, not recursion).
mod inherent {
    use crate::generated::webhooks::Event;
    use crate::webhook::DedupKey;

    pub(super) fn from_json_slice(bytes: &[u8]) -> Result<Event, serde_json::Error> {
        Event::from_json_slice(bytes)
    }

    pub(super) fn event_type(event: &Event) -> &str {
        event.event_type()
    }

    pub(super) fn message_id(event: &Event) -> Option<&str> {
        event.message_id()
    }

    pub(super) fn dedup_key(event: &Event) -> Option<DedupKey> {
        event.dedup_key()
    }
}
