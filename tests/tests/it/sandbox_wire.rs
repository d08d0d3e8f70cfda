//! Wire fidelity end to end: what the sandbox writes (202 bodies, webhook bodies as the receiver gets them,
//! list items) compared field by field with Bandwidth's documented shapes. Times are checked for
//! Bandwidth's spelling (three fractional digits) before they are replaced.

use crate::sandbox_support as support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{
    ACCOUNT, APP, Api, FROM, Sink, TO, app_with_callback, eventually, start, test_config,
};

const WAIT: Duration = Duration::from_secs(20);

/// `true` for `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly (Bandwidth's spelling, e.g. `2026-12-01T21:28:49.190Z`).
fn is_bandwidth_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    b.len() == 24
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && b[23] == b'Z'
        && text.parse::<jiff::Timestamp>().is_ok()
}

/// Replaces the string at `pointer` with `[time]` after asserting it has Bandwidth's spelling.
fn redact_time(value: &mut Value, pointer: &str) {
    let slot = value
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}"));
    let text = slot
        .as_str()
        .unwrap_or_else(|| panic!("{pointer} is not a string"));
    assert!(
        is_bandwidth_time(text),
        "{pointer} = {text:?} is not Bandwidth's spelling"
    );
    *slot = json!("[time]");
}

#[test]
fn the_time_check_rejects_other_spellings() {
    assert!(is_bandwidth_time("2026-12-01T21:28:49.190Z"));
    for other in [
        "2026-12-01T21:28:49.19Z",
        "2026-12-01T21:28:49Z",
        "2026-12-01T21:28:49.1900Z",
        "2026-12-01T21:28:49.190+00:00",
    ] {
        assert!(!is_bandwidth_time(other), "{other}");
    }
}

#[test]
fn the_crates_models_serialize_times_with_three_fractional_digits() {
    use bandwidth_messaging::generated::models::Message;
    for (input, written) in [
        ("2026-12-01T21:28:49.19Z", "2026-12-01T21:28:49.190Z"),
        ("2026-12-01T21:28:49Z", "2026-12-01T21:28:49.000Z"),
        ("2026-12-01T21:28:49.123Z", "2026-12-01T21:28:49.123Z"),
    ] {
        let message: Message =
            serde_json::from_value(json!({"time": input})).expect("a message with a time");
        let out = serde_json::to_value(&message).expect("serializes");
        assert_eq!(out["time"], written, "{input}");
    }
}

/// Sends an SMS, waits until its webhook is handled and the row listed, and returns (202 body, raw event
/// bodies in arrival order, list item).
async fn send_and_collect(text: &str, to: &str) -> (Value, Vec<Value>, Value) {
    let sink = Sink::healthy().await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let accepted = api.send_sms(&[to], text).await;
    let id = accepted["id"].as_str().expect("id").to_owned();
    eventually(WAIT, "the terminal event handled", || async {
        sink.handled_count() == 1
    })
    .await;
    assert!(sandbox.wait_idle(WAIT).await, "the sandbox settles");
    let events: Vec<Value> = sink
        .seen()
        .iter()
        .map(|seen| serde_json::from_slice(&seen.body).expect("JSON body"))
        .collect();
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["totalCount"], 1, "listed after the 2xx: {listed}");
    let item = listed["messages"][0].clone();
    sandbox.shutdown().await.expect("shutdown");
    (accepted, events, item)
}

#[tokio::test]
async fn the_sandboxs_message_failed_event_on_the_wire() {
    let (accepted, events, item) = send_and_collect("no entry", "+15550004432").await;
    assert_eq!(
        events.len(),
        1,
        "an SMS without receipts gets only its terminal event"
    );
    let mut event = events[0].clone();
    redact_time(&mut event, "/0/time");
    redact_time(&mut event, "/0/message/time");
    let id = accepted["id"].as_str().expect("id");
    assert_eq!(
        event,
        json!([{
            "type": "message-failed",
            "time": "[time]",
            "description": "rejected-forbidden-country",
            "to": "+15550004432",
            "errorCode": 4432,
            "message": {
                "id": id,
                "owner": FROM,
                "applicationId": APP,
                "time": "[time]",
                "segmentCount": 1,
                "direction": "out",
                "to": ["+15550004432"],
                "from": FROM,
                "text": ""
            }
        }])
    );
    assert_eq!(item["messageStatus"], "FAILED");
    assert_eq!(item["errorCode"], 4432);
    redact_time(&mut item.clone(), "/receiveTime");
}

#[tokio::test]
async fn a_two_segment_sms_says_so_in_the_202_the_event_and_the_list() {
    // 161 GSM-7 characters: two segments of 153.
    let text = "a".repeat(161);
    let (mut accepted, events, mut item) = send_and_collect(&text, TO).await;
    assert_eq!(accepted["segmentCount"], 2, "{accepted}");
    redact_time(&mut accepted, "/time");
    assert!(accepted.get("text").is_some(), "the 202 echoes the request");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0][0]["type"], "message-delivered");
    assert_eq!(events[0][0]["message"]["segmentCount"], 2);
    assert_eq!(
        events[0][0]["message"]["text"], "",
        "text is never echoed in status events"
    );
    assert_eq!(item["segmentCount"], 2, "{item}");
    assert_eq!(item["accountId"], ACCOUNT);
    redact_time(&mut item, "/receiveTime");
}
