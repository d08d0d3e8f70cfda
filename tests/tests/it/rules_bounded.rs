//! Bounded work per request: lists far over their limit are rejected quickly with a 400 naming the field
//! (the counts are checked before any per-item work), by the sandbox and by the client's validation.

use std::time::{Duration, Instant};

use crate::sandbox_support::{ACCOUNT, APP, Api, FROM, TO, start, test_config};

use bandwidth_messaging::generated::models::MessageRequest;
use bandwidth_messaging::rules::Rule;
use bandwidth_sandbox::ApplicationConfig;
use serde_json::json;

fn numbers(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+1555{i:07}")).collect()
}

fn urls(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("https://e.co/{i}")).collect()
}

fn field_names(body: &serde_json::Value) -> Vec<String> {
    body["fieldErrors"]
        .as_array()
        .expect("fieldErrors")
        .iter()
        .map(|e| e["fieldName"].as_str().expect("fieldName").to_owned())
        .collect()
}

#[tokio::test]
async fn huge_lists_get_one_400_naming_the_field() {
    let mut config = test_config();
    config
        .applications
        .push(ApplicationConfig::new(APP, ACCOUNT));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);

    let to = numbers(128_000);
    let started = Instant::now();
    let answer = api
        .post_json(
            "/messages",
            &json!({"applicationId": APP, "to": to, "from": FROM, "text": "hi"}),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(
        answer.status,
        400,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    assert_eq!(field_names(&answer.json()), ["to"]);
    // Generous for a debug build on a busy machine; the quadratic check took 22.7 s.
    assert!(
        took < Duration::from_secs(10),
        "128k recipients took {took:?}"
    );

    let media = urls(64_000);
    let answer = api
        .post_json(
            "/messages",
            &json!({"applicationId": APP, "to": [TO], "from": FROM, "media": media}),
        )
        .await;
    assert_eq!(answer.status, 400, "64k media URLs must not be accepted");
    assert_eq!(field_names(&answer.json()), ["media"]);
    sandbox.shutdown().await.expect("shutdown");
}

#[test]
fn the_client_reports_the_count_once() {
    let mut request = MessageRequest::new(APP.to_owned(), numbers(128_000), FROM.to_owned());
    request.media = Some(urls(64_000));
    let err = request.validate().expect_err("too many");
    let rules: Vec<(&str, &Rule)> = err
        .problems
        .iter()
        .map(|p| (p.field.as_str(), &p.rule))
        .collect();
    assert_eq!(
        rules,
        [
            (
                "to",
                &Rule::TooManyItems {
                    max: 10,
                    actual: 128_000
                }
            ),
            (
                "media",
                &Rule::TooManyItems {
                    max: 10,
                    actual: 64_000
                }
            ),
        ]
    );
}
