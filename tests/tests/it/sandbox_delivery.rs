//! Webhook delivery rules over loopback: the Basic challenge flow, retries with the same body, the 3xx
//! rule, timeouts, the give-up at the end of the (scaled) 24 h window, and redirecting pending
//! deliveries by changing the application at run time.

use crate::sandbox_support as support;

use std::time::Duration;

use bandwidth_sandbox::Credentials;
use serde_json::{Value, json};
use support::{
    ACCOUNT, APP, Action, Api, Sink, TO, app_with_callback, eventually, start, test_config,
};

const WAIT: Duration = Duration::from_secs(20);

async fn delivery_of(api: &Api, message_id: &str) -> Value {
    api.admin_get(&format!("/deliveries?messageId={message_id}"))
        .await[0]
        .clone()
}

async fn finished(api: &Api, message_id: &str) -> bool {
    let delivery = delivery_of(api, message_id).await;
    delivery["state"] == "delivered" || delivery["state"] == "given-up"
}

#[tokio::test]
async fn the_basic_challenge_flow_sends_credentials_after_a_401_challenge() {
    let sink = Sink::start(|_| Action::Forward, Some(("bw-user", "bw-pass"))).await;
    let mut application = app_with_callback(&sink.url);
    application.outbound_callback_credentials = Some(Credentials::new("bw-user", "bw-pass"));
    let mut config = test_config();
    config.applications.push(application);
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "challenge me").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the event handled", || async {
        sink.handled_count() == 1
    })
    .await;

    let seen = sink.seen();
    assert_eq!(seen.len(), 2, "one POST without credentials, one with");
    assert_eq!(seen[0].authorization, None);
    assert_eq!(
        seen[1].authorization.as_deref(),
        Some("Basic YnctdXNlcjpidy1wYXNz")
    );
    assert_eq!(seen[0].body, seen[1].body);

    eventually(WAIT, "the attempt recorded", || finished(&api, &id)).await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(
        delivery["attempts"], 1,
        "the challenge is part of one attempt: {delivery}"
    );
    assert_eq!(delivery["attemptLog"][0]["challenged"], true);
    assert_eq!(delivery["attemptLog"][0]["httpStatus"], 200);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_challenge_without_application_credentials_is_given_up() {
    let sink = Sink::start(|_| Action::Forward, Some(("bw-user", "bw-pass"))).await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "no creds").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the event given up", || async {
        delivery_of(&api, &id).await["state"] == "given-up"
    })
    .await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(delivery["attempts"], 1);
    assert!(
        delivery["lastResult"]
            .as_str()
            .expect("result")
            .contains("no callback credentials"),
        "{delivery}"
    );
    assert_eq!(sink.handled_count(), 0);
    // Bandwidth lists a message once its webhook was answered 2xx: a given-up one is not listed, but
    // the admin API keeps the delivery (above) and its body.
    assert!(sandbox.wait_idle(WAIT).await, "the store settles");
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["totalCount"], 0, "{listed}");
    assert_eq!(listed["messages"], json!([]), "{listed}");
    let body = api
        .admin_get(&format!("/deliveries/{}/body", delivery["id"]))
        .await;
    assert_eq!(body[0]["message"]["id"], id.as_str());
    sandbox.shutdown().await.expect("shutdown");
}

/// Bandwidth retries "on a timeout or a status below 2xx or above 3xx" for 24 hours; a 401 without a
/// challenge is such a status, so it follows the ladder like a 503.
#[tokio::test]
async fn a_401_without_a_challenge_follows_the_retry_ladder() {
    let sink = Sink::start(
        |seen| {
            if seen.earlier_same_body < 2 {
                Action::Status(401)
            } else {
                Action::Forward
            }
        },
        None,
    )
    .await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    config.server.time_scale = 100.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "who are you").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the attempts recorded", || finished(&api, &id)).await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(delivery["state"], "delivered", "{delivery}");
    let results: Vec<&str> = delivery["attemptLog"]
        .as_array()
        .expect("log")
        .iter()
        .map(|a| a["result"].as_str().expect("result"))
        .collect();
    assert_eq!(
        results,
        vec![
            "http-401 (no Basic challenge)",
            "http-401 (no Basic challenge)",
            "delivered"
        ]
    );
    assert_eq!(sink.handled_count(), 1);
    assert!(sandbox.wait_idle(WAIT).await, "the store settles");
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["totalCount"], 1, "listed after the 2xx: {listed}");
    sandbox.shutdown().await.expect("shutdown");
}

/// Our option (off by default): give up after the first 401 without a challenge.
#[tokio::test]
async fn the_early_give_up_on_an_unchallenged_401_is_opt_in() {
    let sink = Sink::start(|_| Action::Status(401), None).await;
    let mut config = test_config();
    assert!(
        !config.delivery.give_up_on_unchallenged_401,
        "off by default"
    );
    config.delivery.give_up_on_unchallenged_401 = true;
    config.applications.push(app_with_callback(&sink.url));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "go away").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the event given up", || async {
        delivery_of(&api, &id).await["state"] == "given-up"
    })
    .await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(delivery["attempts"], 1, "{delivery}");
    assert_eq!(delivery["lastResult"], "http-401 (no Basic challenge)");
    assert_eq!(sink.seen_count(), 1);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_receiver_failing_twice_gets_the_same_body_a_third_time() {
    let sink = Sink::start(
        |seen| {
            if seen.earlier_same_body < 2 {
                Action::Status(500)
            } else {
                Action::Forward
            }
        },
        None,
    )
    .await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    config.server.time_scale = 100.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "third time lucky").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the event handled", || async {
        sink.handled_count() == 1
    })
    .await;

    let seen = sink.seen();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter().all(|s| s.body == seen[0].body),
        "the same bytes on every attempt"
    );
    eventually(WAIT, "the attempts recorded", || finished(&api, &id)).await;
    let delivery = delivery_of(&api, &id).await;
    let results: Vec<&str> = delivery["attemptLog"]
        .as_array()
        .expect("log")
        .iter()
        .map(|a| a["result"].as_str().expect("result"))
        .collect();
    assert_eq!(results, vec!["http-500", "http-500", "delivered"]);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_is_retried() {
    let sink = Sink::start(
        |seen| {
            if seen.earlier_same_body == 0 {
                Action::Redirect
            } else {
                Action::Forward
            }
        },
        None,
    )
    .await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "moved").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the attempts recorded", || finished(&api, &id)).await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(delivery["state"], "delivered");
    assert_eq!(
        delivery["attemptLog"][0]["result"],
        "http-302 (redirect not followed)"
    );
    assert_eq!(delivery["attemptLog"][0]["httpStatus"], 302);
    assert_eq!(sink.seen_count(), 2, "the retry came back to the same URL");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn a_slow_receiver_times_out_and_is_retried() {
    let sink = Sink::start(
        |seen| {
            if seen.earlier_same_body == 0 {
                Action::Stall(Duration::from_secs(2))
            } else {
                Action::Forward
            }
        },
        None,
    )
    .await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    config.delivery.timeout_ms = 200;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "slow").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the attempts recorded", || finished(&api, &id)).await;
    let delivery = delivery_of(&api, &id).await;
    assert_eq!(delivery["state"], "delivered");
    assert_eq!(delivery["attemptLog"][0]["result"], "timeout");
    assert_eq!(sink.handled_count(), 1);
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn an_event_is_given_up_at_the_end_of_the_scaled_24_hours() {
    let sink = Sink::start(|_| Action::Status(503), None).await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&sink.url));
    // 24 emulated hours pass in one wall-clock second.
    config.server.time_scale = 86_400.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "nobody home").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "the give-up", || async {
        delivery_of(&api, &id).await["state"] == "given-up"
    })
    .await;

    let delivery = delivery_of(&api, &id).await;
    let log = delivery["attemptLog"].as_array().expect("log").clone();
    // The first attempt and one per ladder entry (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h).
    assert_eq!(log.len(), 9, "{delivery}");
    assert!(log.iter().all(|a| a["result"] == "http-503"));
    let at = |a: &Value| {
        a["startedAt"]
            .as_str()
            .expect("time")
            .parse::<jiff::Timestamp>()
            .expect("timestamp")
    };
    let span = at(&log[8]).duration_since(at(&log[0]));
    // The last attempt is at the end of the window: 86,400 emulated seconds = 1,000 ms here.
    assert!(
        span >= jiff::SignedDuration::from_millis(990),
        "last attempt {span:?} after the first"
    );
    assert!(span < jiff::SignedDuration::from_millis(5_000), "{span:?}");
    assert!(log[8]["nextAttemptAt"].is_null());
    assert!(!log[7]["nextAttemptAt"].is_null());

    assert!(sandbox.wait_idle(WAIT).await, "nothing left to deliver");
    assert_eq!(sink.seen_count(), 9, "nothing is sent after the give-up");
    let stats = api.admin_get("/stats").await;
    assert_eq!(stats["store"]["givenUp"], 1);
    let listed = api.get(&format!("/messages?messageId={id}")).await.json();
    assert_eq!(listed["totalCount"], 0, "a given-up message is not listed");
    sandbox.shutdown().await.expect("shutdown");
}

#[tokio::test]
async fn changing_the_application_redirects_pending_deliveries() {
    let broken = Sink::start(|_| Action::Status(503), None).await;
    let healthy = Sink::healthy().await;
    let mut config = test_config();
    config.applications.push(app_with_callback(&broken.url));
    config.server.time_scale = 1000.0;
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);
    let id = api.send_sms(&[TO], "move me").await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    eventually(WAIT, "failed attempts at the broken URL", || async {
        broken.seen_count() >= 2
    })
    .await;

    let answer = api
        .admin_put(
            &format!("/applications/{APP}"),
            &json!({"accountId": ACCOUNT, "outboundCallbackUrl": healthy.url}),
        )
        .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    eventually(WAIT, "the event at the new URL", || async {
        healthy.handled_count() == 1
    })
    .await;
    assert_eq!(healthy.handled()[0]["message"]["id"], id);
    let application = api.admin_get(&format!("/applications/{APP}")).await;
    assert_eq!(application["outboundCallbackUrl"], healthy.url);
    sandbox.shutdown().await.expect("shutdown");
}
