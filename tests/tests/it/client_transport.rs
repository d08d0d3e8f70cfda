//! The client's transport over real HTTP on loopback (wiremock), driven through `Client::execute` with a
//! hand-written operation: authentication, OAuth2 token caching, retries and their delays, timeouts.

use crate::client_support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use bandwidth_messaging::__private::{HeaderMap, HeaderValue, StatusCode};
use bandwidth_messaging::client::{Client, Credentials, Error, RetryPolicy};
use client_support::{
    Probe, ProbeResponse, RecordingSleeper, basic_client, mount_token_endpoint, oauth_client,
};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn authorizations(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.url.path() == "/users/9900000/probe")
        .map(|r| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn basic_auth_and_user_agent_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/9900000/probe"))
        // Basic base64("api-user:api-password")
        .and(header(
            "authorization",
            "Basic YXBpLXVzZXI6YXBpLXBhc3N3b3Jk",
        ))
        .and(header(
            "user-agent",
            bandwidth_messaging::client::DEFAULT_USER_AGENT,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string("pong"))
        .expect(1)
        .mount(&server)
        .await;
    let client = basic_client(&server, &RecordingSleeper::default());
    let response = client.execute(&Probe::get()).await.expect("answer");
    assert_eq!(response, ProbeResponse::Success("pong".to_owned()));
}

#[tokio::test]
async fn json_bodies_are_sent_with_their_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"a":1}"#))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let client = basic_client(&server, &RecordingSleeper::default());
    let response = client
        .execute(&Probe::post(r#"{"a":1}"#))
        .await
        .expect("answer");
    assert_eq!(response, ProbeResponse::Success(String::new()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_oauth2_token_is_fetched_for_50_concurrent_calls() {
    let server = MockServer::start().await;
    let issued = mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(path("/users/9900000/probe"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .expect(50)
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.execute(&Probe::get()).await })
    });
    for call in calls.collect::<Vec<_>>() {
        let response = call.await.expect("task").expect("answer");
        assert_eq!(response, ProbeResponse::Success("ok".to_owned()));
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_expired_oauth2_token_is_replaced() {
    let server = MockServer::start().await;
    // A token that is already due for refresh when it arrives: every later call needs a new one.
    let issued = mount_token_endpoint(&server, 0).await;
    Mock::given(method("GET"))
        .and(path("/users/9900000/probe"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    client.execute(&Probe::get()).await.expect("first call");
    client.execute(&Probe::get()).await.expect("second call");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        authorizations(&requests),
        ["Bearer token-1", "Bearer token-2"]
    );
}

#[tokio::test]
async fn a_fresh_oauth2_token_is_reused() {
    let server = MockServer::start().await;
    let issued = mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    for _ in 0..3 {
        client.execute(&Probe::get()).await.expect("call");
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_401_replaces_the_cached_token_once() {
    let server = MockServer::start().await;
    let issued = mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    let response = client.execute(&Probe::get()).await.expect("answer");
    assert_eq!(response, ProbeResponse::Success("ok".to_owned()));
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_persistent_401_is_returned_after_one_new_token() {
    let server = MockServer::start().await;
    let issued = mount_token_endpoint(&server, 3600).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    let response = client.execute(&Probe::get()).await.expect("answer");
    assert_eq!(response, ProbeResponse::Failure(401));
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_the_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/token"))
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"error":"invalid_client"}"#))
        .mount(&server)
        .await;
    Mock::given(path("/users/9900000/probe"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = oauth_client(&server, &RecordingSleeper::default());
    let err = client
        .execute(&Probe::get())
        .await
        .expect_err("token refused");
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    let text = err.to_string();
    assert_eq!(
        text,
        r#"OAuth2 token request: HTTP 401 Unauthorized: {"error":"invalid_client"}"#
    );
    assert!(!format!("{err:?}").contains("client-secret-value"));
}

#[tokio::test]
async fn retry_after_is_honoured_on_a_429() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "2"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let response = client.execute(&Probe::post("{}")).await.expect("answer");
    assert_eq!(response, ProbeResponse::Success(String::new()));
    assert_eq!(sleeper.delays(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_is_returned_not_waited() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let response = client.execute(&Probe::post("{}")).await.expect("answer");
    assert_eq!(response, ProbeResponse::Failure(429));
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let response = client.execute(&Probe::post("{}")).await.expect("answer");
    assert_eq!(response, ProbeResponse::Failure(500));
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn a_get_is_retried_after_503_with_growing_jittered_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(400)))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let response = client.execute(&Probe::get()).await.expect("answer");
    assert_eq!(response, ProbeResponse::Success(String::new()));
    let delays = sleeper.delays();
    assert_eq!(delays.len(), 2);
    assert!(
        (Duration::from_millis(200)..=Duration::from_millis(400)).contains(&delays[0]),
        "{delays:?}"
    );
    assert!(
        (Duration::from_millis(400)..=Duration::from_millis(800)).contains(&delays[1]),
        "{delays:?}"
    );
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502))
        .expect(4)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().max_retries(3).jitter(false))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let response = client.execute(&Probe::get()).await.expect("answer");
    assert_eq!(response, ProbeResponse::Failure(502));
    assert_eq!(
        sleeper.delays(),
        [250, 500, 1000].map(Duration::from_millis)
    );
}

/// A loopback port with nothing listening on it.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    port
}

#[tokio::test]
async fn a_post_is_retried_when_the_connection_is_refused() {
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let err = client
        .execute(&Probe::post("{}"))
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(err.was_not_sent() && err.is_retryable());
    assert_eq!(sleeper.delays().len(), 2);
    assert!(
        err.to_string().starts_with("probe: could not connect: "),
        "{err}"
    );
}

#[tokio::test]
async fn connection_failures_are_not_retried_for_posts_when_turned_off() {
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .retry_policy(RetryPolicy::default().retry_when_not_accepted(false))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let err = client
        .execute(&Probe::post("{}"))
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(err, Error::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_millis(500)))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let err = client
        .execute(&Probe::post("{}"))
        .await
        .expect_err("timeout");
    assert!(
        matches!(err, Error::Transport { connect: false, .. }),
        "{err:?}"
    );
    assert!(!err.was_not_sent());
    assert!(sleeper.delays().is_empty());
}

#[tokio::test]
async fn a_get_that_timed_out_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("late"))
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .sleeper(Arc::new(sleeper.clone()))
        .build()
        .expect("client builds");
    let response = client
        .execute(&Probe::get())
        .await
        .expect("second attempt answers");
    assert_eq!(response, ProbeResponse::Success("late".to_owned()));
    assert_eq!(sleeper.delays().len(), 1);
}

#[tokio::test]
async fn an_existing_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-from-custom-client", "yes"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = HeaderMap::new();
    defaults.insert("x-from-custom-client", HeaderValue::from_static("yes"));
    bandwidth_messaging::client::ensure_crypto_provider();
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .expect("reqwest client");
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .http_client(http)
        .build()
        .expect("client builds");
    client.execute(&Probe::get()).await.expect("answer");
}

#[test]
fn debug_of_a_client_holding_secrets_shows_none() {
    for credentials in [
        Credentials::basic("api-user", "p4ssw0rd-value"),
        Credentials::oauth2("client-id", "s3cr3t-value"),
    ] {
        let builder = Client::builder()
            .account_id("9900000")
            .credentials(credentials);
        let builder_debug = format!("{builder:?}");
        let client = builder.build().expect("client builds");
        for text in [builder_debug, format!("{client:?}"), format!("{client:#?}")] {
            assert!(
                !text.contains("p4ssw0rd-value") && !text.contains("s3cr3t-value"),
                "{text}"
            );
            assert!(
                !text.contains("YXBp"),
                "no encoded Basic header either: {text}"
            );
        }
    }
}
