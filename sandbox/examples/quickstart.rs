//! Quickstart: the emulator in-process (in-memory storage), an SMS and an MMS sent to it with the crate's
//! typed `Client`, and their status webhooks received with the crate's `Receiver`.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! It prints the 202 bodies (the queued messages), their segment counts, and each webhook event as it
//! arrives, then the message metadata that `listMessages` returns once the webhooks were acknowledged.

use std::time::Duration;

use bandwidth_messaging::client::{Client, Credentials, ListMessagesParams};
use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::ReceiverBuilder;
use bandwidth_messaging::webhook::testing::LoopbackServer;
use bandwidth_sandbox::config::{DEFAULT_ACCOUNT_ID, DEFAULT_PASSWORD, DEFAULT_USERNAME};
use bandwidth_sandbox::{ApplicationConfig, Config, Sandbox};
use tokio::sync::mpsc;

const APPLICATION_ID: &str = "93de2206-9669-4e07-948d-329f4b722ee2";
const FROM: &str = "+15557654321";
const TO: &str = "+15551234567";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. Our webhook receiver: every event it handles goes into a channel.
    let (events_tx, mut events) = mpsc::unbounded_channel::<Event>();
    let receiver = ReceiverBuilder::<Event>::new()
        .handler(move |event: Event| {
            let events_tx = events_tx.clone();
            async move {
                events_tx
                    .send(event)
                    .map_err(|_| "the quickstart stopped listening")
            }
        })
        .into_router();
    let receiver = LoopbackServer::start(receiver).await?;
    let callback_url = receiver.url("/bandwidth/status");

    // 2. The emulator, with an application whose status webhooks go to the receiver.
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse()?;
    let mut application = ApplicationConfig::new(APPLICATION_ID, DEFAULT_ACCOUNT_ID);
    application.outbound_callback_url = Some(callback_url.clone());
    application.mms_receipts = true;
    config.applications.push(application);
    let sandbox = Sandbox::start(config).await?;
    println!(
        "emulator: {}   webhooks -> {callback_url}\n",
        sandbox.base_url()
    );

    // 3. Our client, pointed at the emulator; an SMS (long enough for two segments) and an MMS.
    let client = Client::builder()
        .account_id(DEFAULT_ACCOUNT_ID)
        .credentials(Credentials::basic(DEFAULT_USERNAME, DEFAULT_PASSWORD))
        .base_url(sandbox.base_url())
        .build()?;
    let sms = MessageRequest::sms(
        APPLICATION_ID,
        FROM,
        TO,
        "Your order #4711 has shipped and will arrive on Tuesday between 9am and noon. Track it any time \
         on our website with the order number. Reply STOP to opt out of shipping notifications.",
    )
    .tag("order-4711");
    let mms = MessageRequest::mms(
        APPLICATION_ID,
        FROM,
        TO,
        ["https://example.com/receipt.png"],
    )
    .with_text("Here is your receipt");

    let mut ids = Vec::new();
    for (kind, request) in [("SMS", &sms), ("MMS", &mms)] {
        let accepted = client.create_message(request).await?;
        println!("{kind}: 202 Accepted (queued, not yet delivered)");
        println!("{}", serde_json::to_string_pretty(&*accepted)?);
        println!(
            "{kind} segment count: {}\n",
            accepted.segment_count.unwrap_or_default()
        );
        ids.push(accepted.id.clone().unwrap_or_default());
    }

    // 4. The webhooks: message-delivered for the SMS; message-sending then message-delivered for the MMS.
    for _ in 0..3 {
        let event = tokio::time::timeout(Duration::from_secs(10), events.recv())
            .await?
            .ok_or("the receiver stopped")?;
        println!(
            "webhook: {:<18} message {} to {}",
            event.event_type(),
            event.message_id().unwrap_or("?"),
            recipient(&event)
        );
    }

    // 5. Once acknowledged, the messages are listed (metadata only: no text).
    sandbox.wait_idle(Duration::from_secs(5)).await;
    let params = ListMessagesParams {
        source_tn: Some(FROM.to_owned()),
        ..Default::default()
    };
    let list = client.list_messages(&params).await?;
    println!(
        "\nlistMessages: {} messages",
        list.total_count.unwrap_or_default()
    );
    for item in list.messages.unwrap_or_default() {
        println!(
            "  {} {} -> {} {} segments {}",
            item.message_id.unwrap_or_default(),
            item.message_type.map(|t| t.to_string()).unwrap_or_default(),
            item.destination_tn.unwrap_or_default(),
            item.message_status
                .map(|s| s.to_string())
                .unwrap_or_default(),
            item.segment_count.unwrap_or_default(),
        );
    }
    assert_eq!(ids.len(), 2);
    sandbox.shutdown().await?;
    Ok(())
}

/// The recipient a status event is about.
fn recipient(event: &Event) -> &str {
    match event {
        Event::MessageSending(callback)
        | Event::MessageSent(callback)
        | Event::MessageDelivered(callback)
        | Event::MessageFailed(callback)
        | Event::MessageRead(callback) => &callback.to,
        Event::MessageReceived(callback)
        | Event::RequestedLocationResponse(callback)
        | Event::SuggestionResponse(callback) => &callback.to,
        Event::Unknown { .. } => "?",
    }
}
