//! The `webhook::testing` helpers: events built for users' tests, delivered to a receiver the way Bandwidth
//! does; and the receiver's logs, which must never hold message text.

use std::io::Write;
use std::sync::{Arc, Mutex};

use bandwidth_messaging::generated::models::{Message, MessageDirectionEnum};
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::testing::{
    DeliveryOutcome, Inbound, LoopbackServer, deliver, sender_client,
};
use bandwidth_messaging::webhook::{BasicCredentials, ErrorCode, Receiver, parse_body};

/// The 202 answer to a group message (two recipients: an MMS, 1 segment) with a short text.
fn accepted() -> Message {
    serde_json::from_value(serde_json::json!({
        "id": "1736178240000qrstuvwxyzabcdef", "owner": "+15550000002",
        "applicationId": "00000000-0000-4000-8000-000000000001", "time": "2025-01-06T15:44:00.000Z",
        "segmentCount": 1, "direction": "out", "to": ["+15550000001", "+525500000003"], "from": "+15550000002",
        "text": "Hello world, this is the text", "tag": "t1", "priority": "default"
    }))
    .expect("a Message")
}

#[test]
fn delivered_for_reports_on_one_recipient_without_the_text() {
    let event = Event::delivered_for(&accepted(), "+15550000001");
    assert_eq!(event.event_type(), "message-delivered");
    assert_eq!(event.message_id(), Some("1736178240000qrstuvwxyzabcdef"));
    assert_eq!(event.recipient(), Some("+15550000001"));
    assert_eq!(event.direction(), Some(MessageDirectionEnum::Out));
    assert_eq!(event.tag(), Some("t1"));
    assert!(event.is_terminal());
    assert_eq!(event.error_code(), None);
    let status = event.as_status().expect("a status event");
    assert_eq!(
        status.message.text.as_deref(),
        Some(""),
        "status events never carry the text"
    );
    assert_eq!(status.message.to, ["+15550000001", "+525500000003"]);
    assert_eq!(status.message.segment_count, 1);
    let json = serde_json::to_vec(&[&event]).expect("serializes");
    assert_eq!(parse_body(&json).expect("parses"), vec![event]);
}

#[test]
fn failed_for_carries_the_code_and_its_name() {
    let event = Event::failed_for(&accepted(), "+525500000003", ErrorCode::new(4432));
    assert_eq!(event.event_type(), "message-failed");
    assert_eq!(event.error_code(), Some(ErrorCode::new(4432)));
    let status = event.as_status().expect("a status event");
    assert_eq!(status.description, "rejected-forbidden-country");
    assert!(event.is_terminal());
    let unknown = Event::failed_for(&accepted(), "+525500000003", ErrorCode::new(4999));
    assert_eq!(
        unknown.as_status().map(|s| s.description.as_str()),
        Some("unknown-error")
    );
}

#[test]
fn received_builds_an_inbound_message() {
    let media = ["https://example.com/a.png"];
    let inbound = Inbound {
        from: "+15550000001",
        to: "+15550000002",
        text: "hi there",
        media: &media,
        ..Inbound::default()
    };
    let event = Event::received(&inbound);
    assert_eq!(event.event_type(), "message-received");
    assert_eq!(event.direction(), Some(MessageDirectionEnum::In));
    assert_eq!(event.recipient(), Some("+15550000002"));
    assert!(!event.is_terminal());
    let message = &event.as_inbound().expect("an inbound event").message;
    assert_eq!(
        (message.text.as_deref(), message.owner.as_str()),
        (Some("hi there"), "+15550000002")
    );
    assert_eq!(
        message.media.as_deref(),
        Some(&["https://example.com/a.png".to_owned()][..])
    );
    assert_eq!(
        message.id.len(),
        29,
        "shaped like Bandwidth's ids: {}",
        message.id
    );
    let other = Event::received(&inbound);
    assert_ne!(
        event.message_id(),
        other.message_id(),
        "each built message gets a fresh id"
    );
}

#[test]
fn with_time_makes_events_deterministic() {
    let at: jiff::Timestamp = "2025-01-06T15:44:03Z".parse().expect("a timestamp");
    let a = Event::delivered_for(&accepted(), "+15550000001").with_time(at);
    let b = Event::delivered_for(&accepted(), "+15550000001").with_time(at);
    assert_eq!(a.time(), Some(at));
    assert_eq!(a.dedup_key(), b.dedup_key());
    let key = a.dedup_key().expect("a key");
    assert_eq!(key.time(), "2025-01-06T15:44:03Z");
}

#[tokio::test]
async fn built_events_reach_an_authenticated_receiver_typed() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handler = {
        let seen = Arc::clone(&seen);
        move |event: Event| {
            seen.lock().expect("not poisoned").push(event);
            std::future::ready(Ok::<_, String>(()))
        }
    };
    let receiver = Receiver::builder()
        .basic_auth("bw", "secret")
        .handler(handler)
        .build();
    let server = LoopbackServer::start(axum::Router::new().route_service("/cb", receiver))
        .await
        .expect("port");
    let events = vec![
        Event::delivered_for(&accepted(), "+15550000001"),
        Event::failed_for(&accepted(), "+525500000003", ErrorCode::new(4432)),
        Event::received(&Inbound {
            from: "+15550000001",
            to: "+15550000002",
            text: "ok",
            ..Inbound::default()
        }),
    ];
    let client = sender_client().expect("client");
    let creds = BasicCredentials::new("bw", "secret");
    let outcome = deliver(&client, &server.url("/cb"), &events, Some(&creds))
        .await
        .expect("serializes");
    assert_eq!(
        outcome,
        DeliveryOutcome::Delivered {
            status: http::StatusCode::OK,
            authenticated: true
        }
    );
    assert_eq!(*seen.lock().expect("not poisoned"), events);
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_never_hold_message_text_or_credentials() {
    if !crate::in_own_process("webhook_helpers::logs_never_hold_message_text_or_credentials") {
        return;
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // Current-thread runtime: the server task runs on this thread, under this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);
    // All integration tests share one process: a callsite first hit by another test while no subscriber was
    // listening has its interest cached as "never"; recompute it now that this thread's subscriber exists.
    tracing::callsite::rebuild_interest_cache();

    let secret_text = "MY-SECRET-TEXT-0451";
    let handler = |event: Event| async move {
        match event.event_type() {
            "message-received" => Err("the database is down".to_owned()),
            _ => Ok(()),
        }
    };
    let receiver = Receiver::builder()
        .basic_auth("bw", "pa55word-xyz")
        .handler(handler)
        .build();
    let server = LoopbackServer::start(axum::Router::new().route_service("/cb", receiver))
        .await
        .expect("port");
    let client = sender_client().expect("client");
    let creds = BasicCredentials::new("bw", "pa55word-xyz");
    let url = server.url("/cb");

    // A handler failure on an inbound message with text.
    let inbound = Event::received(&Inbound {
        from: "+15550000001",
        to: "+15550000002",
        text: secret_text,
        ..Inbound::default()
    });
    let outcome = deliver(&client, &url, std::slice::from_ref(&inbound), Some(&creds))
        .await
        .expect("serializes");
    assert!(
        matches!(outcome, DeliveryOutcome::Rejected { status, .. } if status.as_u16() == 500),
        "{outcome:?}"
    );
    // A known event whose fields do not match, with the text where a number belongs (serde quotes it).
    let mut broken = serde_json::to_value(&inbound).expect("serializes");
    broken["message"]["segmentCount"] = serde_json::json!(secret_text);
    let outcome = deliver(&client, &url, &[broken], Some(&creds))
        .await
        .expect("serializes");
    assert!(
        matches!(outcome, DeliveryOutcome::Rejected { status, .. } if status.as_u16() == 400),
        "{outcome:?}"
    );
    // Malformed JSON holding the text, and wrong credentials.
    let garbage = format!("[{{\"text\": \"{secret_text}\"");
    let _ = bandwidth_messaging::webhook::testing::deliver_body(
        &client,
        &url,
        garbage.into(),
        Some(&creds),
    )
    .await;
    let wrong = BasicCredentials::new("bw", "not-the-password");
    let _ = deliver(&client, &url, std::slice::from_ref(&inbound), Some(&wrong))
        .await
        .expect("serializes");

    let logs =
        String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("utf-8 logs");
    assert!(
        logs.contains("handler failed"),
        "the failures were logged:\n{logs}"
    );
    assert!(
        logs.contains("body does not parse"),
        "the failures were logged:\n{logs}"
    );
    assert!(
        logs.contains("wrong Basic credentials"),
        "the failures were logged:\n{logs}"
    );
    assert!(
        !logs.contains(secret_text),
        "message text in the logs:\n{logs}"
    );
    assert!(
        !logs.contains("pa55word-xyz") && !logs.contains("not-the-password"),
        "a password in the logs:\n{logs}"
    );
}
