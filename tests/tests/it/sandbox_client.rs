//! The crate's typed client against the emulator over loopback: every operation round-trips, errors map
//! to their typed variants, listing follows pageToken, OAuth2 goes through the emulated token endpoint,
//! and the crate's typed receiver gets the events.

use crate::sandbox_support as support;

use std::time::Duration;

use bandwidth_messaging::client::{Client, Credentials, Error, OAuth2Credentials};
use bandwidth_messaging::generated::models::{MessageRequest, MessageStatusEnum};
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::ReceiverBuilder;
use bandwidth_messaging::webhook::testing::LoopbackServer;
use bandwidth_sandbox::{ApplicationConfig, Sandbox};
use futures_util::TryStreamExt as _;
use support::{ACCOUNT, APP, FROM, TO, start, test_config};
use tokio::sync::mpsc;

fn client_with(sandbox: &Sandbox, credentials: Credentials) -> Client {
    Client::builder()
        .account_id(ACCOUNT)
        .credentials(credentials)
        .base_url(sandbox.base_url())
        .build()
        .expect("client")
}

fn basic(sandbox: &Sandbox) -> Client {
    client_with(sandbox, Credentials::basic("sandbox", "sandbox"))
}

#[tokio::test]
async fn sms_and_mms_round_trip_to_a_typed_receiver() {
    let (events_tx, mut events) = mpsc::unbounded_channel::<Event>();
    let receiver = ReceiverBuilder::<Event>::new()
        .handler(move |event: Event| {
            let events_tx = events_tx.clone();
            async move { events_tx.send(event).map_err(|_| "closed") }
        })
        .into_router();
    let receiver = LoopbackServer::start(receiver).await.expect("receiver");
    let mut config = test_config();
    let mut application = ApplicationConfig::new(APP, ACCOUNT);
    application.outbound_callback_url = Some(receiver.url("/status"));
    application.mms_receipts = true;
    config.applications.push(application);
    let sandbox = start(config).await;
    let client = basic(&sandbox);

    let sms = client
        .create_message(&MessageRequest::sms(APP, FROM, TO, "x".repeat(200)))
        .await
        .expect("SMS accepted");
    assert_eq!(sms.segment_count, Some(2));
    assert_eq!(sms.owner.as_deref(), Some(FROM));
    let mms = client
        .create_message(
            &MessageRequest::mms(APP, FROM, TO, ["https://example.com/a.png"]).with_text("look"),
        )
        .await
        .expect("MMS accepted");
    assert_eq!(mms.segment_count, Some(1));

    let mut seen = Vec::new();
    for _ in 0..3 {
        let event = tokio::time::timeout(Duration::from_secs(10), events.recv())
            .await
            .expect("an event in time")
            .expect("receiver open");
        seen.push((
            event.message_id().unwrap_or_default().to_owned(),
            event.event_type().to_owned(),
        ));
    }
    seen.sort();
    let mut expected = vec![
        (
            sms.id.clone().unwrap_or_default(),
            "message-delivered".to_owned(),
        ),
        (
            mms.id.clone().unwrap_or_default(),
            "message-delivered".to_owned(),
        ),
        (
            mms.id.clone().unwrap_or_default(),
            "message-sending".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(seen, expected);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_rejected_request_maps_to_bad_request_with_field_errors() {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    // Client-side validation off, so the emulator decides.
    let client = Client::builder()
        .account_id(ACCOUNT)
        .credentials(Credentials::basic("sandbox", "sandbox"))
        .base_url(sandbox.base_url())
        .validation(false)
        .build()
        .expect("client");
    let error = client
        .create_message(&MessageRequest::sms(APP, "not a number", TO, "hi"))
        .await
        .expect_err("rejected");
    assert!(matches!(error, Error::BadRequest { .. }), "{error:?}");
    let fields: Vec<_> = error
        .field_errors()
        .iter()
        .filter_map(|e| e.field_name.clone())
        .collect();
    assert_eq!(fields, vec!["from"]);

    let wrong = client_with(&sandbox, Credentials::basic("sandbox", "nope"));
    let error = wrong
        .create_message(&MessageRequest::sms(APP, FROM, TO, "hi"))
        .await
        .expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error:?}");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn list_messages_streams_across_pages() {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    let client = basic(&sandbox);
    for n in 0..7 {
        client
            .create_message(&MessageRequest::sms(
                APP,
                FROM,
                format!("+1556000{n:04}"),
                "listed",
            ))
            .await
            .expect("accepted");
    }
    let params = bandwidth_messaging::client::ListMessagesParams {
        source_tn: Some(FROM.to_owned()),
        limit: Some(3),
        ..Default::default()
    };
    let first = client.list_messages(&params).await.expect("first page");
    assert_eq!(first.total_count, Some(7));
    assert_eq!(first.messages.as_ref().map(Vec::len), Some(3));
    let all: Vec<_> = client
        .list_messages_stream(params)
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(all.len(), 7);
    assert!(
        all.iter()
            .all(|item| item.message_status == Some(MessageStatusEnum::Delivered))
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn media_round_trips_through_the_client() {
    let sandbox = start(test_config()).await;
    let client = basic(&sandbox);
    let bytes: Vec<u8> = (0..=255u8).rev().cycle().take(10_000).collect();
    client
        .upload_media(
            "msg1/0/photo.jpg",
            bytes.clone(),
            "image/jpeg",
            Some("no-cache"),
        )
        .await
        .expect("uploaded");
    let download = client
        .get_media("msg1/0/photo.jpg")
        .await
        .expect("downloaded");
    assert_eq!(download.bytes.as_ref(), bytes.as_slice());
    assert_eq!(download.content_type.as_deref(), Some("image/jpeg"));
    let listed: Vec<_> = client
        .list_media_stream()
        .try_collect()
        .await
        .expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].media_name.as_deref(), Some("msg1/0/photo.jpg"));
    assert_eq!(listed[0].content_length, Some(10_000));
    client
        .delete_media("msg1/0/photo.jpg")
        .await
        .expect("deleted");
    let error = client
        .get_media("msg1/0/photo.jpg")
        .await
        .expect_err("gone");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn oauth2_client_credentials_work_through_the_emulated_token_endpoint() {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    let credentials =
        OAuth2Credentials::new("sandbox-client", "sandbox-secret").token_url(sandbox.token_url());
    let client = client_with(&sandbox, credentials.into());
    for _ in 0..3 {
        let accepted = client
            .create_message(&MessageRequest::sms(APP, FROM, TO, "oauth"))
            .await
            .expect("accepted with a bearer token");
        assert!(accepted.id.is_some());
    }
    sandbox.shutdown().await.expect("shutdown");
}

/// Pointing the client at the sandbox with the base URL alone is enough for OAuth2: the token URL follows it
/// (before, the client asked Bandwidth's production token host and failed with a DNS error offline).
#[tokio::test]
async fn oauth2_needs_only_the_base_url_to_reach_the_sandbox() {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    let client = client_with(
        &sandbox,
        OAuth2Credentials::new("sandbox-client", "sandbox-secret").into(),
    );
    let accepted = client
        .create_message(&MessageRequest::sms(APP, FROM, TO, "oauth"))
        .await
        .expect("accepted with a token from the sandbox");
    assert!(accepted.id.is_some());
    sandbox.shutdown().await.expect("shutdown");
}

/// `upload_media` answers the file's URL, and that URL serves the file.
#[tokio::test]
async fn upload_media_answers_a_url_that_serves_the_file() {
    let sandbox = start(test_config()).await;
    let client = basic(&sandbox);
    let url = client
        .upload_media(
            "cards/hello world.png",
            b"png bytes".to_vec(),
            "image/png",
            None,
        )
        .await
        .expect("uploaded");
    assert_eq!(url, client.media_url("cards/hello world.png"));
    assert_eq!(
        url,
        format!(
            "{}/users/{ACCOUNT}/media/cards/hello%20world.png",
            sandbox.base_url()
        )
    );
    let fetched = client
        .get_media("cards/hello world.png")
        .await
        .expect("downloaded");
    assert_eq!(fetched.bytes.as_ref(), b"png bytes");
    sandbox.shutdown().await.expect("shutdown");
}
