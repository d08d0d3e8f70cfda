//! End-to-end tests of the webhook receiver over loopback, driven by the Bandwidth-style sender.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bandwidth_messaging::webhook::testing::{
    ChallengeFailure, DeliveryOutcome, LoopbackServer, deliver_body, events_body, sender_client,
};
use bandwidth_messaging::webhook::{
    BasicCredentials, Claim, ClaimToken, DedupError, DedupKey, DedupStore, NoDedup, Receiver,
    ReceiverBuilder,
};
use serde_json::{Value, json};

/// The event type the receiver is tested with.
type Ev = bandwidth_messaging::generated::webhooks::Event;

const PATH: &str = "/bandwidth/callbacks";

fn delivered(message_id: &str, to: &str, time: &str) -> Value {
    json!({
        "type": "message-delivered", "time": time, "description": "Message delivered to handset.", "to": to,
        "message": {
            "id": message_id, "owner": "+15550000002", "applicationId": "00000000-0000-4000-8000-000000000001",
            "time": "2025-01-06T15:44:00.000Z", "segmentCount": 1, "direction": "out", "to": [to],
            "from": "+15550000002", "text": ""
        }
    })
}

fn body(events: &[Value]) -> bytes::Bytes {
    events_body(events).expect("JSON values serialize")
}

/// Records the `(type, message id)` of every event the handler saw, and fails the first `fail_first` calls.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<(String, String)>>>,
    calls: Arc<AtomicUsize>,
    fail_first: usize,
}

impl Recorder {
    fn failing_first(n: usize) -> Self {
        Self {
            fail_first: n,
            ..Self::default()
        }
    }

    fn handler(
        &self,
    ) -> impl Fn(Ev) -> std::future::Ready<Result<(), String>> + Send + Sync + 'static {
        let recorder = self.clone();
        move |event: Ev| {
            let call = recorder.calls.fetch_add(1, Ordering::SeqCst);
            if call < recorder.fail_first {
                return std::future::ready(Err(format!("simulated failure {call}")));
            }
            let entry = (
                event.event_type().to_owned(),
                event.message_id().unwrap_or("").to_owned(),
            );
            recorder.seen.lock().expect("not poisoned").push(entry);
            std::future::ready(Ok(()))
        }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

async fn serve(router: axum::Router) -> LoopbackServer {
    LoopbackServer::start(axum::Router::new().nest_service(PATH, router))
        .await
        .expect("loopback port")
}

#[tokio::test]
async fn challenge_flow_then_success() {
    let recorder = Recorder::default();
    let receiver = Receiver::builder()
        .basic_auth("bw-user", "bw-pass")
        .handler(recorder.handler());
    let server = serve(receiver.into_router()).await;
    let client = sender_client().expect("client");
    let url = server.url(PATH);
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);

    // What Bandwidth's first POST sees: 401 with a Basic challenge and a JSON error body.
    let first = client
        .post(&url)
        .header("content-type", "application/json")
        .body(payload.clone())
        .send()
        .await
        .expect("answer");
    assert_eq!(first.status().as_u16(), 401);
    let challenge = first
        .headers()
        .get("www-authenticate")
        .expect("challenge header")
        .to_str()
        .expect("ascii");
    assert!(challenge.starts_with("Basic realm=\""), "{challenge}");
    let error: Value = first.json().await.expect("json body");
    assert_eq!(error["type"], "unauthorized");
    assert_eq!(recorder.calls(), 0);

    // The full flow: challenged, then sent again with the credentials.
    let creds = BasicCredentials::new("bw-user", "bw-pass");
    let outcome = deliver_body(&client, &url, payload.clone(), Some(&creds)).await;
    assert_eq!(
        outcome,
        DeliveryOutcome::Delivered {
            status: http::StatusCode::OK,
            authenticated: true
        }
    );
    assert_eq!(
        recorder.seen(),
        vec![("message-delivered".to_owned(), "m-1".to_owned())]
    );

    let wrong = BasicCredentials::new("bw-user", "nope");
    let outcome = deliver_body(&client, &url, payload.clone(), Some(&wrong)).await;
    assert_eq!(
        outcome,
        DeliveryOutcome::ChallengeFailed(ChallengeFailure::CredentialsRejected)
    );
    assert!(outcome.should_retry());
    let outcome = deliver_body(&client, &url, payload, None).await;
    assert_eq!(
        outcome,
        DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoCredentials)
    );
    assert_eq!(recorder.calls(), 1);
}

#[tokio::test]
async fn a_401_without_challenge_is_not_delivered() {
    use wiremock::{Mock, MockServer, ResponseTemplate, matchers};
    let server = MockServer::start().await;
    Mock::given(matchers::method("POST"))
        .and(matchers::header("user-agent", "BandwidthAPI/v2"))
        .and(matchers::header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = sender_client().expect("client");
    let creds = BasicCredentials::new("u", "p");
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    let outcome = deliver_body(&client, &server.uri(), payload, Some(&creds)).await;
    assert_eq!(
        outcome,
        DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoChallenge)
    );
    // No second POST with credentials within the attempt (`expect(1)`, checked when the server drops),
    // but a 401 is a status above 3xx: Bandwidth retries it along its 24 h ladder.
    assert!(outcome.should_retry());
}

#[tokio::test]
async fn the_first_post_carries_no_credentials_and_the_second_does() {
    // The challenge may list other schemes first; the scheme name is case-insensitive.
    use wiremock::{Mock, MockServer, ResponseTemplate, matchers};
    let server = MockServer::start().await;
    let creds = BasicCredentials::new("u", "p");
    Mock::given(matchers::method("POST"))
        .and(matchers::header(
            "authorization",
            creds.authorization().as_str(),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(matchers::method("POST"))
        .respond_with(ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            "Bearer realm=\"api\", basic realm=\"x\"",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = sender_client().expect("client");
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    let outcome = deliver_body(&client, &server.uri(), payload, Some(&creds)).await;
    assert_eq!(
        outcome,
        DeliveryOutcome::Delivered {
            status: http::StatusCode::NO_CONTENT,
            authenticated: true
        }
    );
}

#[tokio::test]
async fn a_failing_handler_gets_500_and_the_redelivery_is_handled_once() {
    let recorder = Recorder::failing_first(1);
    let receiver = ReceiverBuilder::<Ev>::new().handler(recorder.handler());
    let server = serve(receiver.into_router()).await;
    let client = sender_client().expect("client");
    let url = server.url(PATH);
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);

    let outcome = deliver_body(&client, &url, payload.clone(), None).await;
    match &outcome {
        DeliveryOutcome::Rejected { status, body } => {
            assert_eq!(status.as_u16(), 500);
            let error: Value = serde_json::from_str(body).expect("json error body");
            assert_eq!(error["type"], "handler-failed");
        }
        other => panic!("expected a 500, got {other:?}"),
    }
    assert!(outcome.should_retry());
    assert!(recorder.seen().is_empty());

    let outcome = deliver_body(&client, &url, payload.clone(), None).await;
    assert!(outcome.is_delivered(), "{outcome:?}");
    let outcome = deliver_body(&client, &url, payload, None).await;
    assert!(outcome.is_delivered(), "{outcome:?}");
    assert_eq!(
        recorder.calls(),
        2,
        "one failed call, one successful call, the third delivery is a duplicate"
    );
    assert_eq!(recorder.seen().len(), 1);
}

#[tokio::test]
async fn the_same_event_three_times_reaches_the_handler_once() {
    let recorder = Recorder::default();
    let server = serve(
        ReceiverBuilder::<Ev>::new()
            .handler(recorder.handler())
            .into_router(),
    )
    .await;
    let client = sender_client().expect("client");
    let url = server.url(PATH);
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    for _ in 0..3 {
        let outcome = deliver_body(&client, &url, payload.clone(), None).await;
        assert!(outcome.is_delivered(), "{outcome:?}");
    }
    assert_eq!(recorder.calls(), 1);

    // Another recipient of the same message, or another event time, is a different event.
    let other_recipient = body(&[delivered("m-1", "+15550000009", "2025-01-06T15:44:03.000Z")]);
    let later = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:04.000Z")]);
    assert!(
        deliver_body(&client, &url, other_recipient, None)
            .await
            .is_delivered()
    );
    assert!(
        deliver_body(&client, &url, later, None)
            .await
            .is_delivered()
    );
    assert_eq!(recorder.calls(), 3);
}

#[tokio::test]
async fn without_dedup_every_delivery_reaches_the_handler() {
    let recorder = Recorder::default();
    let receiver = ReceiverBuilder::<Ev>::new()
        .dedup_store(NoDedup)
        .handler(recorder.handler());
    let server = serve(receiver.into_router()).await;
    let client = sender_client().expect("client");
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    for _ in 0..3 {
        assert!(
            deliver_body(&client, &server.url(PATH), payload.clone(), None)
                .await
                .is_delivered()
        );
    }
    assert_eq!(recorder.calls(), 3);
}

#[tokio::test]
async fn fifty_events_in_one_body_are_fifty_handler_calls_in_order() {
    let recorder = Recorder::default();
    let server = serve(
        ReceiverBuilder::<Ev>::new()
            .handler(recorder.handler())
            .into_router(),
    )
    .await;
    let client = sender_client().expect("client");
    let events: Vec<Value> = (0..50)
        .map(|n| {
            delivered(
                &format!("m-{n}"),
                "+15550000001",
                "2025-01-06T15:44:03.000Z",
            )
        })
        .collect();
    let outcome = deliver_body(&client, &server.url(PATH), body(&events), None).await;
    assert!(outcome.is_delivered(), "{outcome:?}");
    let ids: Vec<String> = recorder.seen().into_iter().map(|(_, id)| id).collect();
    let expected: Vec<String> = (0..50).map(|n| format!("m-{n}")).collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn a_failure_in_the_middle_of_a_body_redelivers_only_what_is_left() {
    // The handler fails on its 3rd call: events 0 and 1 are recorded, the redelivery handles 2..5 only.
    let recorder = Recorder::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let handler = {
        let (recorder, calls) = (recorder.clone(), Arc::clone(&calls));
        move |event: Ev| {
            let call = calls.fetch_add(1, Ordering::SeqCst);
            let result = if call == 2 {
                Err("boom".to_owned())
            } else {
                recorder.handler()(event).into_inner()
            };
            std::future::ready(result)
        }
    };
    let server = serve(ReceiverBuilder::<Ev>::new().handler(handler).into_router()).await;
    let client = sender_client().expect("client");
    let events: Vec<Value> = (0..5)
        .map(|n| {
            delivered(
                &format!("m-{n}"),
                "+15550000001",
                "2025-01-06T15:44:03.000Z",
            )
        })
        .collect();
    let first = deliver_body(&client, &server.url(PATH), body(&events), None).await;
    assert!(
        matches!(first, DeliveryOutcome::Rejected { status, .. } if status.as_u16() == 500),
        "{first:?}"
    );
    let second = deliver_body(&client, &server.url(PATH), body(&events), None).await;
    assert!(second.is_delivered(), "{second:?}");
    let ids: Vec<String> = recorder.seen().into_iter().map(|(_, id)| id).collect();
    assert_eq!(ids, ["m-0", "m-1", "m-2", "m-3", "m-4"]);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        6,
        "2 ok + 1 failed, then 3 ok"
    );
}

async fn post_raw(url: &str, content_type: Option<&str>, payload: Vec<u8>) -> (u16, Value) {
    let client = sender_client().expect("client");
    let mut request = client.post(url).body(payload);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("json error body")
    };
    (status, json)
}

#[tokio::test]
async fn bad_input_gets_the_right_4xx_with_a_json_body() {
    let recorder = Recorder::default();
    let receiver = ReceiverBuilder::<Ev>::new()
        .body_limit(4096)
        .handler(recorder.handler());
    let server = serve(receiver.into_router()).await;
    let url = server.url(PATH);
    let json = Some("application/json");

    let (status, error) = post_raw(&url, json, b"[{\"type\": ".to_vec()).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (400, Some("malformed-json")),
        "{error}"
    );
    let (status, error) = post_raw(&url, json, b"[]".to_vec()).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (400, Some("empty-body")),
        "{error}"
    );
    let (status, error) = post_raw(&url, json, b"\"hello\"".to_vec()).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (400, Some("not-events")),
        "{error}"
    );
    let (status, error) = post_raw(
        &url,
        Some("text/plain"),
        br#"[{"type":"message-sent"}]"#.to_vec(),
    )
    .await;
    assert_eq!(
        (status, error["type"].as_str()),
        (415, Some("unsupported-content-type")),
        "{error}"
    );
    let (status, error) = post_raw(&url, None, br#"[{"type":"message-sent"}]"#.to_vec()).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (415, Some("unsupported-content-type")),
        "{error}"
    );
    let big = body(&vec![
        delivered(
            "m-1",
            "+15550000001",
            "2025-01-06T15:44:03.000Z"
        );
        20
    ]);
    assert!(big.len() > 4096);
    let (status, error) = post_raw(&url, json, big.to_vec()).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (413, Some("payload-too-large")),
        "{error}"
    );
    assert!(
        error["description"]
            .as_str()
            .is_some_and(|d| d.contains("4096")),
        "{error}"
    );

    // Parameters and case in the content type are fine.
    let one = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]).to_vec();
    let (status, _) = post_raw(&url, Some("Application/JSON; charset=utf-8"), one).await;
    assert_eq!(status, 200);
    assert_eq!(
        recorder.calls(),
        1,
        "only the valid body reached the handler"
    );

    let client = sender_client().expect("client");
    let get = client.get(&url).send().await.expect("answer");
    assert_eq!(get.status().as_u16(), 405);
    assert_eq!(
        get.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
}

#[tokio::test]
async fn a_known_type_with_a_broken_schema_is_a_400_naming_the_event() {
    let recorder = Recorder::default();
    let server = serve(
        ReceiverBuilder::<Ev>::new()
            .handler(recorder.handler())
            .into_router(),
    )
    .await;
    let mut broken = delivered("m-2", "+15550000001", "2025-01-06T15:44:03.000Z");
    broken["message"]["segmentCount"] = json!("one");
    let events = [
        delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z"),
        broken,
    ];
    let (status, error) = post_raw(
        &server.url(PATH),
        Some("application/json"),
        body(&events).to_vec(),
    )
    .await;
    assert_eq!(
        (status, error["type"].as_str()),
        (400, Some("invalid-event")),
        "{error}"
    );
    let description = error["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("event 1") && description.contains("message-delivered"),
        "{description}"
    );
    assert_eq!(
        recorder.calls(),
        0,
        "nothing is handled from a body that does not parse"
    );
}

#[tokio::test]
async fn an_unknown_event_type_is_acknowledged_and_reaches_the_handler() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handler = {
        let seen = Arc::clone(&seen);
        move |event: Ev| {
            seen.lock().expect("not poisoned").push(event);
            std::future::ready(Ok::<_, String>(()))
        }
    };
    let server = serve(ReceiverBuilder::<Ev>::new().handler(handler).into_router()).await;
    let client = sender_client().expect("client");
    let mut future = delivered("m-9", "+15550000001", "2025-01-06T15:44:03.000Z");
    future["type"] = json!("message-teleported");
    future["teleportId"] = json!(42);
    let outcome = deliver_body(
        &client,
        &server.url(PATH),
        body(std::slice::from_ref(&future)),
        None,
    )
    .await;
    assert!(outcome.is_delivered(), "{outcome:?}");
    let seen = seen.lock().expect("not poisoned");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].event_type(), "message-teleported");
    assert_unknown(&seen[0], &future);
}

fn assert_unknown(event: &Ev, raw: &Value) {
    match event {
        Ev::Unknown { r#type, raw: kept } => {
            assert_eq!(r#type, "message-teleported");
            assert_eq!(kept, raw, "the raw object is kept unchanged");
        }
        other => panic!("expected Event::Unknown, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_handler_gets_503_at_the_deadline() {
    let handler = |_event: Ev| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok::<_, String>(())
    };
    let receiver = ReceiverBuilder::<Ev>::new()
        .handler_deadline(Duration::from_millis(200))
        .handler(handler);
    let server = serve(receiver.into_router()).await;
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]).to_vec();
    let (status, error) = post_raw(&server.url(PATH), Some("application/json"), payload).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (503, Some("handler-deadline-exceeded")),
        "{error}"
    );
}

#[derive(Debug, Clone, Copy)]
struct BrokenStore;

impl DedupStore for BrokenStore {
    async fn begin(&self, _key: &DedupKey, _lease: Duration) -> Result<Claim, DedupError> {
        Err(DedupError::msg("database is down"))
    }

    async fn complete(
        &self,
        _key: &DedupKey,
        _token: ClaimToken,
        _ttl: Duration,
    ) -> Result<(), DedupError> {
        Err(DedupError::msg("database is down"))
    }

    async fn abandon(&self, _key: &DedupKey, _token: ClaimToken) -> Result<(), DedupError> {
        Err(DedupError::msg("database is down"))
    }
}

#[tokio::test]
async fn a_failing_dedup_store_gets_503_and_the_handler_is_not_called() {
    let recorder = Recorder::default();
    let receiver = ReceiverBuilder::<Ev>::new()
        .dedup_store(BrokenStore)
        .handler(recorder.handler());
    let server = serve(receiver.into_router()).await;
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]).to_vec();
    let (status, error) = post_raw(&server.url(PATH), Some("application/json"), payload).await;
    assert_eq!(
        (status, error["type"].as_str()),
        (503, Some("dedup-store-unavailable")),
        "{error}"
    );
    assert_eq!(recorder.calls(), 0);
}

#[tokio::test]
async fn a_receiver_mounts_with_route_service() {
    let recorder = Recorder::default();
    let receiver = ReceiverBuilder::<Ev>::new()
        .handler(recorder.handler())
        .build();
    let app = axum::Router::new().route_service("/hooks/status", receiver);
    let server = LoopbackServer::start(app).await.expect("loopback port");
    let client = sender_client().expect("client");
    let payload = body(&[delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    assert!(
        deliver_body(&client, &server.url("/hooks/status"), payload.clone(), None)
            .await
            .is_delivered()
    );
    let elsewhere = deliver_body(&client, &server.url("/hooks/other"), payload, None).await;
    assert!(
        matches!(elsewhere, DeliveryOutcome::Rejected { status, .. } if status.as_u16() == 404),
        "{elsewhere:?}"
    );
    assert_eq!(recorder.calls(), 1);
}

#[tokio::test]
async fn non_events_get_400_naming_the_index_and_errors_never_quote_values() {
    let recorder = Recorder::default();
    let server = serve(
        ReceiverBuilder::<Ev>::new()
            .handler(recorder.handler())
            .into_router(),
    )
    .await;
    let url = server.url(PATH);
    let good = delivered("m-1", "+15550000001", "2025-01-06T15:44:03.000Z");
    for (payload, index) in [
        (json!({}), 0),
        (json!([{}]), 0),
        (json!([{"type": 5}]), 0),
        (json!([good.clone(), 7]), 1),
        (json!([good.clone(), [good.clone()]]), 1),
    ] {
        let (status, error) = post_raw(
            &url,
            Some("application/json"),
            payload.to_string().into_bytes(),
        )
        .await;
        assert_eq!(
            (status, error["type"].as_str()),
            (400, Some("not-an-event")),
            "{payload}"
        );
        let description = error["description"].as_str().unwrap_or("");
        assert!(
            description.starts_with(&format!("element {index} ")),
            "{description}"
        );
    }
    let mut secret = good.clone();
    secret["message"]["segmentCount"] = json!("SECRET MESSAGE TEXT");
    let (status, error) = post_raw(
        &url,
        Some("application/json"),
        json!([secret]).to_string().into_bytes(),
    )
    .await;
    assert_eq!(
        (status, error["type"].as_str()),
        (400, Some("invalid-event"))
    );
    assert!(!error.to_string().contains("SECRET"), "{error}");
    assert_eq!(recorder.calls(), 0);
    // A well-formed event of a type this version does not know still reaches the handler.
    let (status, _) = post_raw(
        &url,
        Some("application/json"),
        br#"[{"type":"x-future-event","detail":{"n":1}}]"#.to_vec(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(recorder.calls(), 1);
}

/// `router_at` merged into an application leaves its other routes and its 404 alone; `into_router` merged the
/// same way swallows them (the trap `router_at` exists for).
#[tokio::test]
async fn router_at_merges_without_swallowing_the_apps_routes() {
    let recorder = Recorder::default();
    let receiver = ReceiverBuilder::<Ev>::new()
        .basic_auth("bw", "secret")
        .handler(recorder.handler())
        .build();
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .merge(receiver.router_at("/bandwidth/status"));
    let server = LoopbackServer::start(app).await.expect("loopback port");
    let http = bandwidth_messaging::client::http_client_builder()
        .no_proxy()
        .build()
        .expect("client");
    let status = |response: reqwest::Response| response.status().as_u16();
    let health = http
        .get(server.url("/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(status(health), 200);
    let unknown = http
        .get(server.url("/unknown"))
        .send()
        .await
        .expect("unknown");
    assert_eq!(status(unknown), 404, "an unknown GET stays the app's 404");
    let typo = http
        .post(server.url("/bandwidth/statsu"))
        .body("[]")
        .send()
        .await
        .expect("typo");
    assert_eq!(status(typo), 404, "a mistyped POST is not the receiver's");
    let unauthenticated = http
        .post(server.url("/bandwidth/status"))
        .header("content-type", "application/json")
        .body("[]")
        .send()
        .await
        .expect("receiver");
    assert_eq!(
        status(unauthenticated),
        401,
        "the receiver answers at its path"
    );
    let creds = BasicCredentials::new("bw", "secret");
    let payload = body(&[delivered("m-9", "+15550000001", "2025-01-06T15:44:03.000Z")]);
    let client = sender_client().expect("client");
    assert!(
        deliver_body(
            &client,
            &server.url("/bandwidth/status"),
            payload,
            Some(&creds)
        )
        .await
        .is_delivered()
    );
    assert_eq!(recorder.calls(), 1);

    // The trap: `into_router()` merged into the same app answers paths that are not its own.
    let swallowing = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .merge(
            ReceiverBuilder::<Ev>::new()
                .basic_auth("bw", "secret")
                .handler(Recorder::default().handler())
                .into_router(),
        );
    let server = LoopbackServer::start(swallowing)
        .await
        .expect("loopback port");
    let unknown = http
        .get(server.url("/unknown"))
        .send()
        .await
        .expect("unknown");
    assert_ne!(
        status(unknown),
        404,
        "into_router() is every path's fallback"
    );
}
