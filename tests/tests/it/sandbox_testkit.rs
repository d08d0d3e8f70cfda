//! The public test kit (`bandwidth_sandbox::testkit`): recorder, waits, typed delivery log, inbound
//! injection, magic numbers, and the guide `docs/testing.md` quoting its example verbatim.

use std::time::{Duration, Instant};

use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_messaging::webhook::ErrorCode;
use bandwidth_sandbox::testkit::{
    DeliveryFilter, DeliveryState, Inbound, TestKitError, TestSandbox, WebhookRecorder, magic,
};

const APP: &str = "testkit-app";
const FROM: &str = "+15557654321";

async fn sandbox_with(recorder: &WebhookRecorder) -> TestSandbox {
    let sandbox = TestSandbox::builder().start().await.expect("starts");
    sandbox
        .register(sandbox.application(APP).callbacks(recorder.url()))
        .await
        .expect("registered");
    sandbox
}

#[tokio::test]
async fn terminal_event_waits_for_the_right_message_and_recipient() {
    let recorder = WebhookRecorder::start().await.expect("recorder");
    let sandbox = sandbox_with(&recorder).await;
    let client = sandbox.client().expect("client");
    let failing = magic::failing_with(ErrorCode::new(4720)).expect("documented");
    let mut request = MessageRequest::sms(APP, FROM, magic::DELIVERED, "hello");
    request.to.push(failing.clone());
    let accepted = client.create_message(&request).await.expect("accepted");
    let id = accepted.id.clone().expect("id");

    let delivered = recorder
        .terminal_event(&id, magic::DELIVERED, Duration::from_secs(10))
        .await
        .expect("delivered event");
    assert_eq!(delivered.recipient(), Some(magic::DELIVERED));
    assert_eq!(delivered.error_code(), None);
    let failed = recorder
        .terminal_event(&id, &failing, Duration::from_secs(10))
        .await
        .expect("failed event");
    assert_eq!(failed.error_code(), Some(ErrorCode::new(4720)));

    sandbox.settle(Duration::from_secs(5)).await.expect("idle");
    let log = sandbox.deliveries_of(&id).await.expect("log");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.iter().all(|d| d.state == DeliveryState::Delivered));
    assert!(
        log.iter()
            .all(|d| d.attempt_log.len() == 1 && d.attempt_log[0].http_status == Some(200))
    );
    let only_failed = sandbox
        .deliveries(&DeliveryFilter {
            event_type: Some("message-failed".into()),
            ..DeliveryFilter::message(&id)
        })
        .await
        .expect("filtered");
    assert_eq!(only_failed.len(), 1);
    assert_eq!(only_failed[0].recipient, failing);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_wait_that_cannot_succeed_times_out_with_what_it_waited_for() {
    let recorder = WebhookRecorder::start().await.expect("recorder");
    let started = Instant::now();
    let error = recorder
        .terminal_event(
            "no-such-message",
            magic::DELIVERED,
            Duration::from_millis(200),
        )
        .await
        .expect_err("nothing was sent");
    assert!(started.elapsed() < Duration::from_secs(5));
    match &error {
        TestKitError::Timeout { what, .. } => assert!(what.contains("no-such-message"), "{what}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_deliveries_are_retried_and_logged() {
    let recorder = WebhookRecorder::builder()
        .refuse_first(2)
        .start()
        .await
        .expect("recorder");
    let sandbox = sandbox_with(&recorder).await;
    let client = sandbox.client().expect("client");
    let accepted = client
        .create_message(&MessageRequest::sms(
            APP,
            FROM,
            magic::DELIVERED,
            "retry me",
        ))
        .await
        .expect("accepted");
    let id = accepted.id.clone().expect("id");
    recorder
        .terminal_event(&id, magic::DELIVERED, Duration::from_secs(20))
        .await
        .expect("delivered after two refusals");
    sandbox.settle(Duration::from_secs(5)).await.expect("idle");
    let log = sandbox.deliveries_of(&id).await.expect("log");
    let attempts: Vec<_> = log[0]
        .attempt_log
        .iter()
        .map(|a| (a.number, a.http_status, a.result.as_str()))
        .collect();
    assert_eq!(
        attempts,
        [
            (1, Some(503), "http-503"),
            (2, Some(503), "http-503"),
            (3, Some(200), "delivered")
        ]
    );
    assert!(log[0].attempt_log[0].next_attempt_at.is_some());
    assert_eq!(recorder.requests(), 3);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn injected_inbound_messages_reach_the_inbound_callback() {
    let recorder = WebhookRecorder::start().await.expect("recorder");
    let sandbox = sandbox_with(&recorder).await;
    let ids = sandbox
        .inject_inbound(&Inbound::text(APP, "+15559876543", FROM, "STOP"))
        .await
        .expect("injected");
    assert_eq!(ids.len(), 1);
    let event = recorder
        .inbound_event(&ids[0], Duration::from_secs(10))
        .await
        .expect("message-received");
    let inbound = event.as_inbound().expect("inbound");
    assert_eq!(inbound.message.text.as_deref(), Some("STOP"));

    let error = sandbox
        .inject_inbound(&Inbound::text("no-such-app", "+15559876543", FROM, "x"))
        .await
        .expect_err("unknown application");
    assert!(
        matches!(error, TestKitError::Admin { status: 400, .. }),
        "{error:?}"
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[test]
fn magic_numbers_use_the_crates_error_code() {
    for (number, code) in magic::all() {
        assert_eq!(magic::outcome_of(&number), Some(code));
        assert_eq!(magic::failing_with(code).as_deref(), Some(number.as_str()));
        assert!(code.is_documented());
    }
    assert_eq!(magic::all().count(), ErrorCode::documented().count());
    assert_eq!(magic::outcome_of(magic::DELIVERED), None);
    assert_eq!(magic::failing_with(ErrorCode::new(70_000)), None);
    assert_eq!(magic::failing_with(ErrorCode::new(-1)), None);
}

#[test]
fn the_guide_shows_this_example() {
    let example = include_str!("sandbox_testkit_example.rs");
    let start = example.find("// docs:start\n").expect("start marker") + "// docs:start\n".len();
    let end = example.find("// docs:end").expect("end marker");
    let code = &example[start..end];
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/testing.md"))
        .expect("docs/testing.md");
    assert!(
        guide.contains(&format!("```rust\n{code}```")),
        "docs/testing.md must quote tests/tests/it/sandbox_testkit_example.rs between its markers verbatim"
    );
}
