//! The message lifecycle end to end: createMessage -> status webhooks at a real receiver (the crate's
//! `Receiver` behind a recording front), per message type and magic number; inbound injection; when a
//! message becomes listable.

use crate::sandbox_support as support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bandwidth_sandbox::ApplicationConfig;
use serde_json::{Value, json};
use support::{
    ACCOUNT, APP, Action, Api, FROM, Sink, TO, app_with_callback, eventually, start, test_config,
};

const WAIT: Duration = Duration::from_secs(20);

/// The event with run-dependent fields replaced.
fn stable(mut event: Value) -> Value {
    event["time"] = json!("[time]");
    event["message"]["time"] = json!("[time]");
    event["message"]["id"] = json!("[id]");
    event
}

fn events_of(sink: &Sink, message_id: &str) -> Vec<Value> {
    sink.handled()
        .into_iter()
        .filter(|event| event["message"]["id"] == message_id)
        .collect()
}

async fn sandbox_with(application: ApplicationConfig) -> (bandwidth_sandbox::Sandbox, Api) {
    let mut config = test_config();
    config.applications.push(application);
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    (sandbox, api)
}

#[tokio::test]
async fn an_sms_leads_to_one_message_delivered_without_text() {
    let sink = Sink::healthy().await;
    let (sandbox, api) = sandbox_with(app_with_callback(&sink.url)).await;
    let accepted = api
        .post_json("/messages", &json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "secret words", "tag": "t-1"}))
        .await
        .json();
    let id = accepted["id"].as_str().expect("id").to_owned();
    eventually(WAIT, "the delivered event", || async {
        !events_of(&sink, &id).is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let events = events_of(&sink, &id);
    assert_eq!(events.len(), 1, "exactly one terminal event: {events:?}");
    insta::assert_json_snapshot!("sandbox_event_sms_delivered", stable(events[0].clone()));

    // The wire: a JSON array, application/json, Bandwidth's user agent, no credentials configured.
    let seen = sink.seen();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].body.starts_with(b"[{"), "{:?}", seen[0].body);
    assert_eq!(seen[0].content_type.as_deref(), Some("application/json"));
    assert_eq!(seen[0].user_agent.as_deref(), Some("BandwidthAPI/v2"));
    assert!(!String::from_utf8_lossy(&seen[0].body).contains("secret words"));
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn magic_numbers_fail_with_their_error_code_one_event_per_recipient() {
    let sink = Sink::healthy().await;
    let (sandbox, api) = sandbox_with(app_with_callback(&sink.url)).await;
    let to = ["+15550004432", "+15550009902", "+15550004720", TO];
    let accepted = api
        .post_json(
            "/messages",
            &json!({"applicationId": APP, "to": to, "from": FROM, "text": "group"}),
        )
        .await
        .json();
    let id = accepted["id"].as_str().expect("id").to_owned();
    eventually(WAIT, "four events", || async {
        events_of(&sink, &id).len() >= 4
    })
    .await;
    let mut outcomes: Vec<(String, String, Option<i64>, String)> = events_of(&sink, &id)
        .iter()
        .map(|event| {
            assert_eq!(
                event["message"]["to"],
                json!(to),
                "message.to is the whole group"
            );
            assert_eq!(event["message"]["text"], "", "status events carry no text");
            (
                event["to"].as_str().expect("to").to_owned(),
                event["type"].as_str().expect("type").to_owned(),
                event["errorCode"].as_i64(),
                event["description"]
                    .as_str()
                    .expect("description")
                    .to_owned(),
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        vec![
            (
                "+15550004432".into(),
                "message-failed".into(),
                Some(4432),
                "rejected-forbidden-country".into()
            ),
            (
                "+15550004720".into(),
                "message-failed".into(),
                Some(4720),
                "invalid-destination-address".into()
            ),
            (
                "+15550009902".into(),
                "message-failed".into(),
                Some(9902),
                "delivery-receipt-expired".into()
            ),
            (
                TO.into(),
                "message-delivered".into(),
                None,
                "Message delivered to handset.".into()
            ),
        ]
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn mms_with_receipts_sends_message_sending_first_sms_does_not() {
    let sink = Sink::healthy().await;
    let mut application = app_with_callback(&sink.url);
    application.mms_receipts = true;
    let (sandbox, api) = sandbox_with(application).await;
    let mms = api
        .post_json(
            "/messages",
            &json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "pic", "media": ["https://example.com/cat.jpg"]}),
        )
        .await
        .json();
    let sms = api.send_sms(&[TO], "plain").await;
    let (mms_id, sms_id) = (
        mms["id"].as_str().expect("id").to_owned(),
        sms["id"].as_str().expect("id").to_owned(),
    );
    eventually(WAIT, "three events", || async { sink.handled_count() >= 3 }).await;

    let mms_events = events_of(&sink, &mms_id);
    let types: Vec<&str> = mms_events
        .iter()
        .map(|e| e["type"].as_str().expect("type"))
        .collect();
    // In order: the terminal event waits until message-sending was acknowledged.
    assert_eq!(types, vec!["message-sending", "message-delivered"]);
    assert_eq!(
        mms_events[0]["message"]["media"],
        json!(["https://example.com/cat.jpg"])
    );
    assert_eq!(mms_events[0]["message"]["segmentCount"], 1);
    insta::assert_json_snapshot!("sandbox_event_mms_sending", stable(mms_events[0].clone()));

    let sms_types: Vec<String> = events_of(&sink, &sms_id)
        .iter()
        .map(|e| e["type"].to_string())
        .collect();
    assert_eq!(sms_types, vec!["\"message-delivered\""]);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn mms_without_receipts_gets_only_the_terminal_event() {
    let sink = Sink::healthy().await;
    let (sandbox, api) = sandbox_with(app_with_callback(&sink.url)).await;
    let mms = api
        .post_json("/messages", &json!({"applicationId": APP, "to": [TO], "from": FROM, "media": ["https://example.com/a.png"]}))
        .await
        .json();
    let id = mms["id"].as_str().expect("id").to_owned();
    eventually(WAIT, "the event", || async {
        !events_of(&sink, &id).is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let types: Vec<String> = events_of(&sink, &id)
        .iter()
        .map(|e| e["type"].to_string())
        .collect();
    assert_eq!(types, vec!["\"message-delivered\""]);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn expiration_passing_in_the_queue_fails_with_4360() {
    let sink = Sink::healthy().await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    config.accounts[0].send_rate_per_second = 1.0;
    config.accounts[0].queue_segments = 10;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    api.send_sms(&[TO], "first takes the slot").await;
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_millis(400);
    let expiring = api
        .post_json(
            "/messages",
            &json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "too late", "expiration": soon.to_string()}),
        )
        .await;
    assert_eq!(expiring.status, 202);
    let id = expiring.json()["id"].as_str().expect("id").to_owned();
    eventually(WAIT, "the failed event", || async {
        !events_of(&sink, &id).is_empty()
    })
    .await;
    let event = &events_of(&sink, &id)[0];
    assert_eq!(event["type"], "message-failed");
    assert_eq!(event["errorCode"], 4360);
    assert_eq!(
        event["description"],
        "message-not-sent-expiration-date-passed"
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn inbound_injection_delivers_message_received_with_text_and_media() {
    let sink = Sink::healthy().await;
    let (sandbox, api) = sandbox_with(app_with_callback(&sink.url)).await;
    let png = [0x89u8, b'P', b'N', b'G', 0, 1, 2, 255, 254];
    let answer = api
        .admin_post(
            &format!("/accounts/{ACCOUNT}/inbound"),
            &json!({
                "applicationId": APP,
                "from": "+15559998888",
                "to": [FROM],
                "text": "hello back",
                "attachments": [{"name": "bw.png", "contentType": "image/png", "content": support::base64(&png)}]
            }),
        )
        .await;
    assert_eq!(
        answer.status,
        202,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    let injected = answer.json();
    let id = injected["messageIds"][0].as_str().expect("id").to_owned();
    eventually(WAIT, "message-received", || async {
        !events_of(&sink, &id).is_empty()
    })
    .await;
    let event = events_of(&sink, &id).remove(0);
    assert_eq!(event["type"], "message-received");
    assert_eq!(event["to"], FROM);
    assert_eq!(event["message"]["direction"], "in");
    assert_eq!(event["message"]["owner"], FROM);
    assert_eq!(
        event["message"]["text"], "hello back",
        "inbound events carry the text"
    );
    let media_url = event["message"]["media"][0]
        .as_str()
        .expect("media URL")
        .to_owned();
    assert!(media_url.ends_with("/0/bw.png"), "{media_url}");

    // The media id contains slashes; it downloads with the account's credentials.
    let download = api.send(api.http.get(&media_url)).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.bytes, png);
    assert_eq!(
        download.header("content-type").as_deref(),
        Some("image/png")
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_message_is_listed_once_its_webhook_is_acknowledged() {
    let failing = Arc::new(AtomicBool::new(true));
    let flag = failing.clone();
    let sink = Sink::start(
        move |_| {
            if flag.load(Ordering::SeqCst) {
                Action::Status(503)
            } else {
                Action::Forward
            }
        },
        None,
    )
    .await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    // The ladder's first retries come fast at this scale: 5 s -> 50 ms, 300 s -> 3 s.
    config.server.time_scale = 100.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "wait for it").await["id"]
        .as_str()
        .expect("id")
        .to_owned();

    eventually(WAIT, "a failed attempt", || async {
        sink.seen_count() >= 1
    })
    .await;
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(
        listed["totalCount"], 0,
        "not listed before the webhook is acknowledged: {listed}"
    );

    failing.store(false, Ordering::SeqCst);
    eventually(WAIT, "the event delivered", || async {
        sink.handled_count() == 1
    })
    .await;
    eventually(WAIT, "the message listed", || async {
        api.get(&format!("/messages?messageId={id}")).await.json()["totalCount"] == 1
    })
    .await;
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["messages"][0]["messageStatus"], "DELIVERED");

    // The admin API shows the attempts: failed ones with their next retry, then the delivery.
    let deliveries = api.admin_get(&format!("/deliveries?messageId={id}")).await;
    let delivery = &deliveries[0];
    assert_eq!(delivery["state"], "delivered");
    let log = delivery["attemptLog"].as_array().expect("attempt log");
    assert!(log.len() >= 2, "{delivery}");
    assert_eq!(log[0]["number"], 1);
    assert_eq!(log[0]["result"], "http-503");
    assert!(log[0]["nextAttemptAt"].is_string());
    assert_eq!(log.last().expect("last")["result"], "delivered");
    assert!(log.last().expect("last")["nextAttemptAt"].is_null());
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn without_a_callback_url_a_message_is_listed_at_its_terminal_state() {
    let (sandbox, api) = sandbox_with(ApplicationConfig::new(APP, ACCOUNT)).await;
    let id = api.send_sms(&["+15550004432"], "no webhook").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["totalCount"], 1);
    assert_eq!(listed["messages"][0]["messageStatus"], "FAILED");
    assert_eq!(listed["messages"][0]["errorCode"], 4432);
    let deliveries = api.admin_get(&format!("/deliveries?messageId={id}")).await;
    assert_eq!(
        deliveries,
        json!([]),
        "no outbox rows without a callback URL"
    );
    sandbox.shutdown().await.expect("shutdown");
}
