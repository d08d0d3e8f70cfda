//! Reliability: 10,000 messages to a receiver that fails 30% of delivery attempts (5xx, timeouts, dropped
//! connections, some after the receiver already handled the event). Every event must reach the receiver's
//! handler exactly once after its dedupe, and none may be lost or given up.
//!
//! Failure mix per attempt: 12% answered 503, 2% stalled past the timeout, 2% handled and then stalled past
//! the timeout, 7% connection dropped, 7% handled and then connection dropped. The handled-then-failed
//! ones make the emulator deliver an event the receiver already processed: the dedupe must absorb them.
//!
//! Bounded in time: the emulator runs at a time scale of 900 (the ladder's 5 min step is 333 ms, and the 24 h
//! window 96 s, long enough for a loaded machine) with a
//! 1 s delivery timeout, and each event fails at most 4 times in a row (so no event waits for the
//! ladder's hour-long steps; the tail of the ladder is covered by the give-up test).

use crate::sandbox_support as support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use support::{
    APP, Action, Api, FROM, Sink, app_with_callback, eventually, start, test_config, unit_random,
};

const MESSAGES: usize = 10_000;
const CONCURRENCY: usize = 32;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_through_a_receiver_failing_30_percent_of_attempts() {
    let stall = Duration::from_millis(1_500);
    let sink = Arc::new(
        Sink::start(
            move |seen| {
                if seen.earlier_same_body >= 4 {
                    return Action::Forward;
                }
                let roll = unit_random(seen.index as u64 ^ 0x5eed);
                match roll {
                    r if r < 0.12 => Action::Status(503),
                    r if r < 0.14 => Action::Stall(stall),
                    r if r < 0.16 => Action::ForwardThenStall(stall),
                    r if r < 0.23 => Action::Drop,
                    r if r < 0.30 => Action::ForwardThenDrop,
                    _ => Action::Forward,
                }
            },
            None,
        )
        .await,
    );
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    config.server.time_scale = 900.0;
    config.delivery.timeout_ms = 1_000;
    config.delivery.concurrency = 256;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);

    // Send from a few concurrent workers.
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let api = api.clone();
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= MESSAGES {
                    return ids;
                }
                let body = json!({"applicationId": APP, "to": [format!("+1556{n:07}")], "from": FROM, "text": "r"});
                let answer = api.post_json("/messages", &body).await;
                assert_eq!(answer.status, 202);
                ids.push(answer.json()["id"].as_str().expect("id").to_owned());
            }
        }));
    }
    let mut accepted = Vec::with_capacity(MESSAGES);
    for worker in workers {
        accepted.extend(worker.await.expect("worker"));
    }
    assert_eq!(accepted.len(), MESSAGES);

    eventually(Duration::from_secs(300), "every event handled", || {
        let sink = sink.clone();
        async move { sink.handled_count() >= MESSAGES }
    })
    .await;
    assert!(
        sandbox.wait_idle(Duration::from_secs(30)).await,
        "deliveries settle"
    );

    // Exactly once per message after dedupe.
    let mut per_message: HashMap<String, usize> = HashMap::new();
    for event in sink.handled() {
        assert_eq!(event["type"], "message-delivered");
        *per_message
            .entry(event["message"]["id"].as_str().expect("id").to_owned())
            .or_default() += 1;
    }
    assert_eq!(per_message.len(), MESSAGES, "no event lost");
    for id in &accepted {
        assert_eq!(
            per_message.get(id),
            Some(&1),
            "message {id} handled exactly once"
        );
    }

    // The receiver really was flaky, and the emulator knows every event got through.
    let seen = sink.seen();
    let failed = seen.iter().filter(|s| s.action != Action::Forward).count();
    let ratio = failed as f64 / seen.len() as f64;
    assert!(
        (0.25..0.35).contains(&ratio),
        "{failed} of {} attempts failed",
        seen.len()
    );
    let forwarded_twice = seen
        .iter()
        .filter(|s| {
            matches!(
                s.action,
                Action::ForwardThenStall(_) | Action::ForwardThenDrop
            )
        })
        .count();
    assert!(
        forwarded_twice > 1_000,
        "duplicates were delivered and deduplicated: {forwarded_twice}"
    );
    let stats = api.admin_get("/stats").await;
    assert_eq!(stats["store"]["delivered"], MESSAGES, "{stats}");
    assert_eq!(stats["store"]["givenUp"], 0, "{stats}");
    assert_eq!(stats["store"]["pending"], 0, "{stats}");
    sandbox.shutdown().await.expect("shutdown");
}
