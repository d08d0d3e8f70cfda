//! `RedisDedupStore` against a private `redis-server`: the overlap race, an outage (503, then reconnect).

use std::time::Duration;

use bandwidth_messaging::webhook::RedisDedupStore;
use bandwidth_messaging::webhook::testing::LoopbackServer;
use serde_json::Value;

use crate::webhook_claims::{overlapping_deliveries_run_each_handler_once, receiver};
use crate::webhook_support::redis_server::RedisServer;
use crate::webhook_support::{Tally, body_of, client, delivered, post};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_store_overlapping_deliveries_run_each_handler_once() {
    // The shared instance `.ci/run` starts, else a private one; a fresh key prefix either way.
    let prefix = format!(
        "test-{}-{:?}:",
        std::process::id(),
        std::time::SystemTime::now()
    );
    let (_private, url) = match std::env::var("BANDWIDTH_TEST_REDIS_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let Some(redis) =
                RedisServer::start("redis_store_overlapping_deliveries_run_each_handler_once")
            else {
                return;
            };
            let url = redis.url();
            (Some(redis), url)
        }
    };
    let store = RedisDedupStore::connect_with_prefix(&url, &prefix)
        .await
        .expect("connect");
    overlapping_deliveries_run_each_handler_once(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_unreachable_gets_503_and_the_store_reconnects_after_a_restart() {
    let Some(mut redis) =
        RedisServer::start("redis_unreachable_gets_503_and_the_store_reconnects_after_a_restart")
    else {
        return;
    };
    let store = RedisDedupStore::connect(&redis.url())
        .await
        .expect("connect");
    let tally = Tally::default();
    let server = LoopbackServer::start(receiver(store, &tally, Duration::ZERO))
        .await
        .expect("loopback port");
    let (client, url) = (client(), server.url("/"));
    assert_eq!(
        post(&client, &url, body_of(&delivered("before"))).await,
        200
    );

    redis.stop();
    let response = client
        .post(&url)
        .header("content-type", "application/json")
        .body(body_of(&delivered("during")))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().contains_key("retry-after"));
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["type"], "dedup-store-unavailable");
    assert_eq!(tally.calls(), 1, "the handler never runs unprotected");

    redis.spawn();
    let mut settled = false;
    for _ in 0..50 {
        if post(&client, &url, body_of(&delivered("during"))).await == 200 {
            settled = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(settled, "reconnected after the restart");
    assert_eq!(
        post(&client, &url, body_of(&delivered("before"))).await,
        200
    );
    assert_eq!(
        tally.calls(),
        2,
        "the done record survived the restart (append-only file)"
    );
}
