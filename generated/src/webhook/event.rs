//! What the receiver needs to know about an event type, implemented for the generated `Event`.

use serde_json::Value;

use super::dedup::DedupKey;

/// An event type the receiver and [`parse_body_as`](super::parse_body_as) can work with: it parses from the
/// bytes of one event object and can say which event it is.
///
/// Implemented for the generated [`Event`](crate::generated::webhooks::Event) and for raw `serde_json::Value`s;
/// implement it for a hand-written `#[webhook_events]` enum to use the receiver with your own declarations.
pub trait WebhookEvent: Sized + Send + 'static {
    /// Parses one event object. An unknown `type` should not be an error (keep the event as unknown); a
    /// known type whose fields do not match should be a data error (`serde_json::Error::is_data`).
    fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error>;
    /// The event's `type`, e.g. `message-delivered`.
    fn event_type(&self) -> &str;
    /// The id of the message the event is about, for logs (never the text).
    fn message_id(&self) -> Option<&str>;
    /// What identifies this event across redeliveries, or `None` when the event lacks one of the parts (it
    /// is then never treated as a duplicate).
    fn dedup_key(&self) -> Option<DedupKey>;
}

/// Builds a [`DedupKey`] from a raw event object: `message.id`, `type`, `to`, and `eventTime` or else `time`
/// (normalised to RFC 3339 when it parses as a timestamp). `None` when a part is missing or not a string.
pub fn dedup_key_from_json(event: &Value) -> Option<DedupKey> {
    let message_id = event.get("message")?.get("id")?.as_str()?;
    let event_type = event.get("type")?.as_str()?;
    let recipient = event.get("to")?.as_str()?;
    let time = event
        .get("eventTime")
        .and_then(Value::as_str)
        .or_else(|| event.get("time")?.as_str())?;
    let normalised = time.parse::<jiff::Timestamp>().map(|t| t.to_string());
    Some(DedupKey::new(
        message_id,
        event_type,
        recipient,
        normalised.as_deref().unwrap_or(time),
    ))
}

/// A raw JSON event: for receivers that forward events unchanged (to a queue, a log) without typing them.
impl WebhookEvent for Value {
    fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    fn event_type(&self) -> &str {
        self.get("type").and_then(Value::as_str).unwrap_or("")
    }

    fn message_id(&self) -> Option<&str> {
        self.get("message")?.get("id")?.as_str()
    }

    fn dedup_key(&self) -> Option<DedupKey> {
        dedup_key_from_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn raw_key_prefers_event_time_and_normalises_it() {
        let read = json!({"type": "message-read", "to": "+1", "time": "2025-01-06T15:45:00.000Z",
            "eventTime": "2025-01-06T15:44:58.000Z", "message": {"id": "m"}});
        let key = dedup_key_from_json(&read).unwrap();
        assert_eq!(key.time(), "2025-01-06T15:44:58Z");
        let other =
            json!({"type": "x-new", "to": "+1", "time": "not a time", "message": {"id": "m"}});
        assert_eq!(dedup_key_from_json(&other).unwrap().time(), "not a time");
        assert!(dedup_key_from_json(&json!({"type": "x", "to": "+1", "time": "t"})).is_none());
    }
}
