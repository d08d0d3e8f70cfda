//! Many events, several receiver instances, overlapping deliveries, retries, failing and slow handlers, and (for
//! Redis) a restart of the store in the middle: every event's handler completes exactly once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bandwidth_messaging::webhook::testing::LoopbackServer;
use bandwidth_messaging::webhook::{
    DedupStore, MemoryDedupStore, ReceiverBuilder, RedisDedupStore,
};
use futures_util::StreamExt as _;

use crate::webhook_support::redis_server::RedisServer;
use crate::webhook_support::{Tally, body_of, client, deliver_until_ok, delivered, post};

type Ev = bandwidth_messaging::generated::webhooks::Event;

const EVENTS: usize = 5_000;

/// A cheap deterministic hash of an id (FNV-1a), for per-event "random" choices.
fn spread(id: &str, salt: u64) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325 ^ salt, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A receiver whose handler fails the first attempt of one event in five and sleeps 0-4 ms.
fn instance<S: DedupStore>(store: S, tally: &Tally) -> axum::Router {
    let tally = tally.clone();
    ReceiverBuilder::<Ev>::new()
        .handler_deadline(Duration::from_secs(2))
        .dedup_store(store)
        .handler(move |event: Ev| {
            let tally = tally.clone();
            async move {
                let id = event.message_id().unwrap_or("").to_owned();
                let before = tally.attempt(&id);
                tokio::time::sleep(Duration::from_millis(spread(&id, 1) % 5)).await;
                if before == 0 && spread(&id, 2).is_multiple_of(5) {
                    return Err("simulated first-attempt failure".to_owned());
                }
                tally.complete(&id);
                Ok(())
            }
        })
        .into_router()
}

/// Delivers every event to two instances at overlapping times, then again until acknowledged (a scheduled
/// retry follows even a success), with `during` running once half the events were sent.
async fn run(urls: Vec<String>, tally: &Tally, during: impl Future<Output = ()> + Send + 'static) {
    let ids: Vec<String> = (0..EVENTS).map(|n| format!("replica-{n}")).collect();
    let client = client();
    let urls = Arc::new(urls);
    let halfway = Arc::new(tokio::sync::Notify::new());
    let disturbance = tokio::spawn({
        let halfway = Arc::clone(&halfway);
        async move {
            halfway.notified().await;
            during.await;
        }
    });
    let started = Instant::now();
    let results: Vec<bool> = futures_util::stream::iter(ids.iter().cloned().enumerate())
        .map(|(n, id)| {
            let (client, urls, halfway) = (client.clone(), Arc::clone(&urls), Arc::clone(&halfway));
            async move {
                if n == EVENTS / 2 {
                    halfway.notify_one();
                }
                let body = body_of(&delivered(&id));
                let first = n % urls.len();
                let second = (n + 1) % urls.len();
                let offset = Duration::from_millis(spread(&id, 3) % 3);
                let _ = tokio::join!(post(&client, &urls[first], body.clone()), async {
                    tokio::time::sleep(offset).await;
                    post(&client, &urls[second], body.clone()).await
                });
                deliver_until_ok(
                    &client,
                    &urls,
                    second + 1,
                    body,
                    Duration::from_millis(100),
                    100,
                )
                .await
            }
        })
        .buffer_unordered(48)
        .collect()
        .await;
    disturbance.await.expect("disturbance");
    let undelivered = results.iter().filter(|ok| !**ok).count();
    let (duplicated, lost) = tally.check(&ids);
    eprintln!(
        "{EVENTS} events over {} instance(s): {} handler calls, {} duplicate completions, {} lost, {undelivered} \
         unacknowledged, {:?}",
        urls.len(),
        tally.calls(),
        duplicated.len(),
        lost.len(),
        started.elapsed()
    );
    assert_eq!(
        (duplicated.len(), lost.len(), undelivered),
        (0, 0, 0),
        "duplicated {:?}, lost {:?}",
        &duplicated[..duplicated.len().min(5)],
        &lost[..lost.len().min(5)]
    );
    assert!(tally.calls() > EVENTS, "failed first attempts were retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_memory_instance_completes_each_event_once() {
    let tally = Tally::default();
    let server = LoopbackServer::start(instance(MemoryDedupStore::default(), &tally))
        .await
        .expect("loopback port");
    run(vec![server.url("/")], &tally, async {}).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_redis_instances_complete_each_event_once_across_a_redis_restart() {
    let Some(mut redis) =
        RedisServer::start("three_redis_instances_complete_each_event_once_across_a_redis_restart")
    else {
        return;
    };
    let tally = Tally::default();
    let mut servers = Vec::new();
    for _ in 0..3 {
        let store = RedisDedupStore::connect(&redis.url())
            .await
            .expect("connect");
        servers.push(
            LoopbackServer::start(instance(store, &tally))
                .await
                .expect("loopback port"),
        );
    }
    let urls = servers.iter().map(|server| server.url("/")).collect();
    let (restarted_tx, restarted_rx) = tokio::sync::oneshot::channel();
    let restart = async move {
        let handle = tokio::task::spawn_blocking(move || {
            redis.stop();
            std::thread::sleep(Duration::from_millis(300));
            redis.spawn();
            redis
        });
        let _ = restarted_tx.send(handle.await.expect("restart"));
    };
    run(urls, &tally, restart).await;
    let _redis = restarted_rx.await.expect("restarted");
}
