//! The complete example of `docs/testing.md`, compiled and run here so the guide stays true
//! (`sandbox_testkit::the_guide_shows_this_example` checks the guide quotes this file verbatim).

// docs:start
use std::time::Duration;

use bandwidth_messaging::client::{Client, Error};
use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_messaging::webhook::ErrorCode;
use bandwidth_sandbox::testkit::{DeliveryState, TestSandbox, WebhookRecorder, magic};

const APP: &str = "orders-app";
const SHOP: &str = "+15557654321";

/// The code under test: tells a customer their order shipped and returns the message id.
async fn notify_shipped(client: &Client, customer: &str) -> Result<String, Error> {
    let request = MessageRequest::sms(APP, SHOP, customer, "Your order has shipped.");
    let accepted = client.create_message(&request).await?;
    Ok(accepted.id.clone().unwrap_or_default())
}

#[tokio::test]
async fn a_shipped_notice_is_delivered_even_when_the_first_webhook_fails() {
    // A receiver that refuses the first delivery, as a busy server would.
    let recorder = WebhookRecorder::builder()
        .basic_auth("bandwidth", "callback-secret")
        .refuse_first(1)
        .start()
        .await
        .unwrap();
    let sandbox = TestSandbox::builder().start().await.unwrap();
    sandbox
        .register(
            sandbox
                .application(APP)
                .status_callback(recorder.url())
                .status_callback_credentials("bandwidth", "callback-secret"),
        )
        .await
        .unwrap();
    let client = sandbox.client().unwrap();

    let id = notify_shipped(&client, magic::DELIVERED).await.unwrap();
    let event = recorder
        .terminal_event(&id, magic::DELIVERED, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(event.error_code(), None);

    // The delivery log shows the refused attempt, then the challenged one that got through (settle first: the
    // recorder can see the event before the emulator has recorded the 200).
    sandbox.settle(Duration::from_secs(10)).await.unwrap();
    let log = sandbox.deliveries_of(&id).await.unwrap();
    assert_eq!(log[0].state, DeliveryState::Delivered);
    let statuses: Vec<_> = log[0].attempt_log.iter().map(|a| a.http_status).collect();
    assert_eq!(statuses, [Some(503), Some(200)]);
    assert!(log[0].attempt_log[1].challenged);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_rejected_destination_reports_its_error_code() {
    let recorder = WebhookRecorder::start().await.unwrap();
    let sandbox = TestSandbox::builder().start().await.unwrap();
    sandbox
        .register(sandbox.application(APP).status_callback(recorder.url()))
        .await
        .unwrap();
    let client = sandbox.client().unwrap();

    let forbidden = ErrorCode::new(4432); // rejected-forbidden-country
    let customer = magic::failing_with(forbidden).unwrap();
    let id = notify_shipped(&client, &customer).await.unwrap();
    let event = recorder
        .terminal_event(&id, &customer, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(event.error_code(), Some(forbidden));
    sandbox.shutdown().await.unwrap();
}
// docs:end
