//! The typed client end to end against the emulator (`bandwidth-sandbox`) on loopback: OAuth2 and Basic
//! authentication, sending, the server's own validation, and a full media round trip with a `/` in the id.

use bandwidth_messaging::client::{Client, Credentials, Error, OAuth2Credentials, RetryPolicy};
use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_sandbox::config::{
    DEFAULT_ACCOUNT_ID, DEFAULT_APPLICATION_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
    DEFAULT_PASSWORD, DEFAULT_USERNAME,
};
use bandwidth_sandbox::{Config, Sandbox};
use futures_util::TryStreamExt as _;

const FROM: &str = "+15557654321";
const TO: &str = "+15551234567";

async fn sandbox() -> Sandbox {
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().expect("literal address");
    Sandbox::start(config).await.expect("the emulator starts")
}

fn basic_client(sandbox: &Sandbox, password: &str) -> Client {
    Client::builder()
        .account_id(DEFAULT_ACCOUNT_ID)
        .credentials(Credentials::basic(DEFAULT_USERNAME, password))
        .base_url(sandbox.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn an_sms_is_accepted_with_oauth2_and_its_segments_counted() {
    let sandbox = sandbox().await;
    let client = Client::builder()
        .account_id(DEFAULT_ACCOUNT_ID)
        .credentials(
            OAuth2Credentials::new(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
                .token_url(sandbox.token_url()),
        )
        .base_url(sandbox.base_url())
        .build()
        .expect("client builds");
    let request = MessageRequest::sms(DEFAULT_APPLICATION_ID, FROM, TO, "a".repeat(161)).tag("e2e");
    let queued = client.create_message(&request).await.expect("accepted");
    assert!(queued.id.as_deref().is_some_and(|id| !id.is_empty()));
    assert_eq!(
        queued.segment_count,
        Some(request.segment_preview().total_segments() as i64)
    );
    assert_eq!(queued.tag.as_deref(), Some("e2e"));
    sandbox.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn the_servers_own_validation_names_the_field() {
    let sandbox = sandbox().await;
    let client = Client::builder()
        .account_id(DEFAULT_ACCOUNT_ID)
        .credentials(Credentials::basic(DEFAULT_USERNAME, DEFAULT_PASSWORD))
        .base_url(sandbox.base_url())
        .validation(false)
        .build()
        .expect("client builds");
    let recipients: Vec<String> = (0..11).map(|i| format!("+1555123{i:04}")).collect();
    let request = MessageRequest::group(DEFAULT_APPLICATION_ID, FROM, recipients, "too many");
    let err = client.create_message(&request).await.expect_err("400");
    assert!(matches!(err, Error::BadRequest { .. }), "{err:?}");
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .filter_map(|f| f.field_name.as_deref())
        .collect();
    assert!(fields.iter().any(|f| f.starts_with("to")), "{fields:?}");
    sandbox.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized() {
    let sandbox = sandbox().await;
    let request = MessageRequest::sms(DEFAULT_APPLICATION_ID, FROM, TO, "hi");
    let err = basic_client(&sandbox, "wrong")
        .create_message(&request)
        .await
        .expect_err("401");
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    sandbox.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn media_round_trip_with_a_slash_in_the_id() {
    let sandbox = sandbox().await;
    let client = basic_client(&sandbox, DEFAULT_PASSWORD);
    let id = "campaign/2025/logo.png";
    let bytes = b"\x89PNG\r\n\x1a\nnot really a png".to_vec();
    client
        .upload_media(id, bytes.clone(), "image/png", Some("no-cache"))
        .await
        .expect("uploaded");

    let whole = client.get_media(id).await.expect("downloaded");
    assert_eq!(whole.bytes.as_ref(), bytes.as_slice());
    assert_eq!(whole.content_type.as_deref(), Some("image/png"));

    let chunks: Vec<_> = client
        .get_media_stream(id)
        .await
        .expect("headers")
        .try_collect()
        .await
        .expect("body");
    assert_eq!(chunks.concat(), bytes);

    let listed: Vec<_> = client
        .list_media_stream()
        .try_collect()
        .await
        .expect("listed");
    assert!(
        listed.iter().any(|m| m.media_name.as_deref() == Some(id)),
        "{listed:?}"
    );

    client.delete_media(id).await.expect("deleted");
    let err = client.get_media(id).await.expect_err("gone");
    assert!(
        matches!(
            err,
            Error::NotFound {
                operation: "getMedia",
                ..
            }
        ),
        "{err:?}"
    );
    sandbox.shutdown().await.expect("clean shutdown");
}
