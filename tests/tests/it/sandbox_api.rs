//! The emulator's Messaging API surface over loopback: createMessage's 202 and error answers, auth
//! (Basic, OAuth2 bearer), Bandwidth-style 404/405/415 bodies and the 429s.

use crate::sandbox_support as support;

use std::time::Duration;

use bandwidth_sandbox::{AccountConfig, ApplicationConfig};
use serde_json::{Value, json};
use support::{ACCOUNT, APP, Api, FROM, TO, start, test_config};

fn config_with_app() -> bandwidth_sandbox::Config {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    config
}

/// Replaces the fields that change from run to run.
fn stable(mut body: Value) -> Value {
    for field in ["id", "time", "timestamp"] {
        if body.get(field).is_some() {
            body[field] = json!(format!("[{field}]"));
        }
    }
    body
}

#[tokio::test]
async fn create_message_answers_202_with_the_message() {
    let sandbox = start(config_with_app()).await;
    let api = Api::new(&sandbox);
    let answer = api
        .post_json(
            "/messages",
            &json!({
                "applicationId": APP,
                "to": [TO],
                "from": FROM,
                "text": "Hello from the emulator, a bit longer than one segment? No: this text fits.",
                "tag": "order-42",
                "expiration": "2099-01-01T00:00:00Z"
            }),
        )
        .await;
    assert_eq!(answer.status, 202);
    assert_eq!(
        answer.header("content-type").as_deref(),
        Some("application/json")
    );
    let body = answer.json();
    let id = body["id"].as_str().expect("id");
    assert_eq!(id.len(), 29, "{id}");
    assert!(id[..13].bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert!(
        id[13..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{id}"
    );
    assert!(
        body["time"]
            .as_str()
            .expect("time")
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    insta::assert_json_snapshot!("sandbox_202_sms", stable(body));
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn segment_count_comes_from_the_segmenter() {
    let sandbox = start(config_with_app()).await;
    let api = Api::new(&sandbox);
    let cases = [
        (json!({"text": "a".repeat(160)}), json!([TO]), 1),
        (json!({"text": "a".repeat(161)}), json!([TO]), 2),
        (json!({"text": "ç".repeat(71)}), json!([TO]), 2),
        (json!({"text": "€".repeat(81)}), json!([TO]), 2),
        // MMS (media) and group messages are one segment whatever the text.
        (
            json!({"text": "a".repeat(500), "media": ["https://example.com/a.png"]}),
            json!([TO]),
            1,
        ),
        (
            json!({"text": "a".repeat(500)}),
            json!([TO, "+15551234568"]),
            1,
        ),
    ];
    for (mut body, to, expected) in cases {
        body["applicationId"] = json!(APP);
        body["from"] = json!(FROM);
        body["to"] = to;
        let answer = api.post_json("/messages", &body).await;
        assert_eq!(answer.status, 202);
        assert_eq!(answer.json()["segmentCount"], json!(expected), "{body}");
    }
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn invalid_requests_get_400_with_field_errors() {
    let sandbox = start(config_with_app()).await;
    let api = Api::new(&sandbox);
    let answer = api
        .post_json(
            "/messages",
            &json!({
                "applicationId": APP,
                "to": ["5551234567", TO, TO],
                "from": "not a number!",
                "text": "x".repeat(2049),
                "priority": "urgent"
            }),
        )
        .await;
    assert_eq!(answer.status, 400);
    insta::assert_json_snapshot!("sandbox_400_field_errors", answer.json());

    let unknown_app = api
        .post_json(
            "/messages",
            &json!({"applicationId": "nope", "to": [TO], "from": FROM, "text": "x"}),
        )
        .await;
    assert_eq!(unknown_app.status, 400);
    assert_eq!(
        unknown_app.json()["fieldErrors"][0]["fieldName"],
        "applicationId"
    );

    let malformed = api
        .send(
            api.http
                .post(api.account_url("/messages"))
                .header("content-type", "application/json")
                .body("{\"to\":"),
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.json()["type"], "request-validation");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn wrong_content_type_is_415() {
    let sandbox = start(config_with_app()).await;
    let api = Api::new(&sandbox);
    let answer = api
        .send(
            api.http
                .post(api.account_url("/messages"))
                .header("content-type", "text/plain")
                .body("hi"),
        )
        .await;
    assert_eq!(answer.status, 415);
    assert_eq!(
        answer.json(),
        json!({"type": "unsupported-content-type",
               "description": "Content type 'text/plain' not supported. Please use 'application/json'"})
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_like_bandwidth() {
    let sandbox = start(config_with_app()).await;
    let api = Api::new(&sandbox);
    let not_found = api
        .send(
            api.http
                .get(format!("{}/api/v2/users/{ACCOUNT}/nothing", api.base)),
        )
        .await;
    assert_eq!(not_found.status, 404);
    insta::assert_json_snapshot!("sandbox_404_spring", stable(not_found.json()));
    let wrong_method = api.send(api.http.patch(api.account_url("/messages"))).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.json()["type"], "method-not-allowed");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn basic_auth_is_checked_per_account() {
    let mut config = config_with_app();
    config
        .accounts
        .push(AccountConfig::new("1234567").with_user("other", "pw"));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let url = api.account_url("/messages?limit=1");
    for request in [
        api.http.get(&url),
        api.http.get(&url).basic_auth("sandbox", Some("wrong")),
        // Valid credentials of another account.
        api.http.get(&url).basic_auth("other", Some("pw")),
        api.http.get(&url).bearer_auth("not-a-token"),
    ] {
        let response = request.send().await.expect("request");
        assert_eq!(response.status().as_u16(), 401);
        let body: Value = response.json().await.expect("json");
        assert_eq!(
            body,
            json!({"type": "unauthorized", "description": "Authentication Failed"})
        );
    }
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn oauth2_client_credentials_give_a_bearer_token_that_expires() {
    let mut config = config_with_app();
    // 3600 emulated seconds of token lifetime pass in two wall-clock seconds.
    config.server.time_scale = 1800.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);

    let refused = api
        .http
        .post(sandbox.token_url())
        .basic_auth("sandbox-client", Some("wrong"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("token request");
    assert_eq!(refused.status().as_u16(), 401);

    let token: Value = api
        .http
        .post(sandbox.token_url())
        .basic_auth("sandbox-client", Some("sandbox-secret"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token JSON");
    assert_eq!(token["token_type"], "Bearer");
    // `expires_in` is the real, wall-clock lifetime: 3600 emulated seconds at 1800× = 2 s.
    assert_eq!(token["expires_in"], 2);
    let access = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();

    let send = |access: String| {
        api.http
            .post(api.account_url("/messages"))
            .bearer_auth(access)
            .json(&json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "via oauth"}))
            .send()
    };
    assert_eq!(
        send(access.clone()).await.expect("send").status().as_u16(),
        202
    );
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    assert_eq!(
        send(access).await.expect("send").status().as_u16(),
        401,
        "the token expired"
    );
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_full_send_queue_answers_429_with_retry_after() {
    let mut config = config_with_app();
    let account = &mut config.accounts[0];
    account.send_rate_per_second = 1.0;
    account.queue_segments = 2;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let body = json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "queued"});
    assert_eq!(api.post_json("/messages", &body).await.status, 202);
    assert_eq!(api.post_json("/messages", &body).await.status, 202);
    let refused = api.post_json("/messages", &body).await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.json()["type"], "max-message-queue-size-exceeded");
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn the_list_rate_limit_answers_429_with_retry_after() {
    let mut config = config_with_app();
    config.limits.list_requests_per_window = 3;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    for _ in 0..3 {
        assert_eq!(api.get("/messages?limit=1").await.status, 200);
    }
    let refused = api.get("/messages?limit=1").await;
    assert_eq!(refused.status, 429);
    assert_eq!(refused.json()["type"], "rate_limit_exceeded");
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=300).contains(&retry_after), "{retry_after}");
    sandbox.shutdown().await.expect("shutdown");
}
