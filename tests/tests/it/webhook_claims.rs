//! The claim protocol end to end: overlapping deliveries of the same event run its handler once.

use std::time::Duration;

use bandwidth_messaging::webhook::{DedupStore, MemoryDedupStore, ReceiverBuilder};
use serde_json::Value;

use crate::webhook_support::{Tally, body_of, client, deliver_until_ok, delivered, post};

type Ev = bandwidth_messaging::generated::webhooks::Event;

/// A receiver whose handler takes `sleep` and counts completions.
pub fn receiver<S: DedupStore>(store: S, tally: &Tally, sleep: Duration) -> axum::Router {
    let tally = tally.clone();
    ReceiverBuilder::<Ev>::new()
        .dedup_store(store)
        .handler(move |event: Ev| {
            let tally = tally.clone();
            async move {
                let id = event.message_id().unwrap_or("").to_owned();
                tally.attempt(&id);
                tokio::time::sleep(sleep).await;
                tally.complete(&id);
                Ok::<_, String>(())
            }
        })
        .into_router()
}

/// 200 events, each delivered twice at overlapping times, then retried until acknowledged: the handler runs
/// 200 times, never twice for one event, and the overlapping second delivery gets 503 with `Retry-After`.
pub async fn overlapping_deliveries_run_each_handler_once<S: DedupStore>(store: S) {
    let tally = Tally::default();
    let server = bandwidth_messaging::webhook::testing::LoopbackServer::start(receiver(
        store,
        &tally,
        Duration::from_millis(50),
    ))
    .await
    .expect("loopback port");
    let url = server.url("/");
    let client = client();
    let ids: Vec<String> = (0..200).map(|n| format!("race-{n}")).collect();
    let mut tasks = Vec::new();
    for id in &ids {
        let (client, url, body) = (client.clone(), url.clone(), body_of(&delivered(id)));
        tasks.push(tokio::spawn(async move {
            let (a, b) = tokio::join!(
                post(&client, &url, body.clone()),
                post(&client, &url, body.clone())
            );
            let urls = [url];
            let settled =
                deliver_until_ok(&client, &urls, 0, body, Duration::from_millis(20), 100).await;
            (a, b, settled)
        }));
    }
    let mut in_progress = 0;
    for task in tasks {
        let (a, b, settled) = task.await.expect("task");
        assert!(settled, "a retry was acknowledged");
        assert!(
            [a, b].contains(&200),
            "one of the overlapping deliveries succeeds: {a} {b}"
        );
        in_progress += usize::from(a == 503 || b == 503);
    }
    let (duplicated, lost) = tally.check(&ids);
    assert_eq!(
        (duplicated.len(), lost.len()),
        (0, 0),
        "{duplicated:?} {lost:?}"
    );
    assert_eq!(tally.calls(), 200, "one handler call per event");
    assert!(
        in_progress > 100,
        "overlaps were answered 503: {in_progress}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_store_overlapping_deliveries_run_each_handler_once() {
    overlapping_deliveries_run_each_handler_once(MemoryDedupStore::default()).await;
}

#[tokio::test]
async fn an_in_progress_event_gets_503_with_retry_after() {
    let tally = Tally::default();
    let server = bandwidth_messaging::webhook::testing::LoopbackServer::start(receiver(
        MemoryDedupStore::default(),
        &tally,
        Duration::from_millis(500),
    ))
    .await
    .expect("loopback port");
    let url = server.url("/");
    let client = client();
    let body = body_of(&delivered("slow"));
    let first = tokio::spawn({
        let (client, url, body) = (client.clone(), url.clone(), body.clone());
        async move { post(&client, &url, body).await }
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let second = client
        .post(&url)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .expect("answer");
    assert_eq!(second.status().as_u16(), 503);
    assert_eq!(
        second
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("8")
    );
    let error: Value = second.json().await.expect("json");
    assert_eq!(error["type"], "event-in-progress");
    assert_eq!(first.await.expect("task"), 200);
    assert_eq!(
        post(&client, &url, body).await,
        200,
        "done: acknowledged without the handler"
    );
    assert_eq!(tally.calls(), 1);
}

#[tokio::test]
async fn a_cancelled_handler_abandons_its_claim() {
    let tally = Tally::default();
    let slow_then_fast = {
        let tally = tally.clone();
        move |event: Ev| {
            let tally = tally.clone();
            async move {
                let id = event.message_id().unwrap_or("").to_owned();
                if tally.attempt(&id) == 0 {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
                tally.complete(&id);
                Ok::<_, String>(())
            }
        }
    };
    let router = ReceiverBuilder::<Ev>::new()
        .handler_deadline(Duration::from_millis(200))
        .handler(slow_then_fast)
        .into_router();
    let server = bandwidth_messaging::webhook::testing::LoopbackServer::start(router)
        .await
        .expect("loopback port");
    let url = server.url("/");
    let client = client();
    let body = body_of(&delivered("cancelled"));
    assert_eq!(post(&client, &url, body.clone()).await, 503, "deadline");
    // The claim was abandoned when the handler's future was dropped: the redelivery runs the handler at once,
    // long before the lease (deadline + margin) would have lapsed.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(post(&client, &url, body).await, 200);
    assert_eq!(tally.calls(), 2);
    assert_eq!(tally.check(&["cancelled".to_owned()]), (vec![], vec![]));
}

#[tokio::test]
async fn a_slow_body_counts_against_the_deadline() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tally = Tally::default();
    let router = ReceiverBuilder::<Ev>::new()
        .handler_deadline(Duration::from_millis(300))
        .handler({
            let tally = tally.clone();
            move |_event: Ev| {
                tally.attempt("x");
                std::future::ready(Ok::<_, String>(()))
            }
        })
        .into_router();
    let server = bandwidth_messaging::webhook::testing::LoopbackServer::start(router)
        .await
        .expect("loopback port");
    let mut stream = tokio::net::TcpStream::connect(server.address())
        .await
        .expect("connect");
    let started = std::time::Instant::now();
    stream
        .write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[")
        .await
        .expect("write");
    let drip = async {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(400), drip).await;
    let mut answer = vec![0u8; 512];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("answered quickly")
        .expect("read");
    let head = String::from_utf8_lossy(&answer[..read]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(head.contains("body-timeout"), "{head}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(tally.calls(), 0);
}
