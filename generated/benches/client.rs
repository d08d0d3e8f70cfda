//! `createMessage` calls per second against a local server answering a canned `202`, for the typed client and for
//! a hand-written reqwest call that builds the same JSON, in the same run.
//!
//! The server is a tiny axum app on loopback (HTTP/1.1, keep-alive) in its own runtime thread, so the figures
//! measure client-side work plus one loopback round trip. Run with `cargo bench -p bandwidth-messaging --bench
//! client`. Goal: `typed_client` at least 0.95× the calls/s of `hand_written_reqwest`.
//!
//! - `sequential`: one call at a time (latency-bound; per-call overhead shows most clearly).
//! - `concurrent_32`: 32 calls in flight at once (throughput over several pooled connections).

use std::net::SocketAddr;
use std::sync::OnceLock;

use bandwidth_messaging::client::{Client, Credentials, RetryPolicy};
use bandwidth_messaging::generated::models::MessageRequest;
use divan::counter::ItemsCount;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const ACCOUNT: &str = "9900000";
const APP: &str = "00000000-0000-4000-8000-000000000001";
const FROM: &str = "+15550000002";
const TO: &str = "+15550000001";
const TEXT: &str = "Your order 1234 has shipped and will arrive on Tuesday.";
const CONCURRENCY: usize = 32;

/// The canned `202` body: what Bandwidth echoes for the request above.
const ACCEPTED: &str = r#"{"id":"1736178240000qrstuvwxyzabcdef","owner":"+15550000002","applicationId":"00000000-0000-4000-8000-000000000001","time":"2025-01-06T15:44:00.000Z","segmentCount":1,"direction":"out","to":["+15550000001"],"from":"+15550000002","text":"Your order 1234 has shipped and will arrive on Tuesday.","tag":"order-1234","priority":"default"}"#;

/// Starts the canned server once, in its own runtime thread, and returns its address.
fn server() -> SocketAddr {
    static ADDRESS: OnceLock<SocketAddr> = OnceLock::new();
    *ADDRESS.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                use axum::routing::post;
                let app = axum::Router::new().route(
                    "/users/{account}/messages",
                    post(|_body: axum::body::Bytes| async {
                        (
                            axum::http::StatusCode::ACCEPTED,
                            [("content-type", "application/json")],
                            ACCEPTED,
                        )
                    }),
                );
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                tx.send(listener.local_addr().expect("address"))
                    .expect("report address");
                axum::serve(listener, app).await.expect("serve");
            });
        });
        rx.recv().expect("server address")
    })
}

/// The client side runs on a single-threaded runtime (the server has its own thread): on a small shared machine
/// that keeps scheduler noise out of the figures, and both contenders get the same setup.
fn current_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

fn typed_client() -> Client {
    Client::builder()
        .account_id(ACCOUNT)
        .credentials(Credentials::basic("api-user", "api-password"))
        .base_url(format!("http://{}", server()))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

fn request() -> MessageRequest {
    MessageRequest::sms(APP, FROM, TO, TEXT).tag("order-1234")
}

/// What a user would write without the SDK: build the JSON, POST it with Basic auth, check for 202, parse.
struct HandWritten {
    http: reqwest::Client,
    url: String,
}

impl HandWritten {
    fn new() -> Self {
        bandwidth_messaging::client::ensure_crypto_provider();
        HandWritten {
            http: reqwest::Client::new(),
            url: format!("http://{}/users/{ACCOUNT}/messages", server()),
        }
    }

    async fn send(&self) -> serde_json::Value {
        let body = serde_json::json!({
            "applicationId": APP,
            "to": [TO],
            "from": FROM,
            "text": TEXT,
            "tag": "order-1234",
        });
        let response = self
            .http
            .post(&self.url)
            .basic_auth("api-user", Some("api-password"))
            .json(&body)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), reqwest::StatusCode::ACCEPTED);
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice(&bytes).expect("JSON")
    }
}

mod sequential {
    use super::*;

    #[divan::bench(sample_count = 2000)]
    fn typed_client(bencher: Bencher) {
        let runtime = current_thread_runtime();
        let client = super::typed_client();
        let request = request();
        bencher.counter(ItemsCount::new(1usize)).bench_local(|| {
            runtime.block_on(async {
                black_box(
                    client
                        .create_message(black_box(&request))
                        .await
                        .expect("accepted"),
                )
            })
        });
    }

    #[divan::bench(sample_count = 2000)]
    fn hand_written_reqwest(bencher: Bencher) {
        let runtime = current_thread_runtime();
        let hand = HandWritten::new();
        bencher
            .counter(ItemsCount::new(1usize))
            .bench_local(|| runtime.block_on(async { black_box(hand.send().await) }));
    }
}

mod concurrent_32 {
    use super::*;
    use futures_util::future::join_all;

    #[divan::bench(sample_count = 500)]
    fn typed_client(bencher: Bencher) {
        let runtime = current_thread_runtime();
        let client = super::typed_client();
        let request = std::sync::Arc::new(request());
        bencher
            .counter(ItemsCount::new(CONCURRENCY))
            .bench_local(|| {
                runtime.block_on(async {
                    let calls = (0..CONCURRENCY).map(|_| {
                        let client = client.clone();
                        let request = std::sync::Arc::clone(&request);
                        tokio::spawn(async move {
                            client.create_message(&request).await.expect("accepted")
                        })
                    });
                    black_box(join_all(calls).await)
                })
            });
    }

    #[divan::bench(sample_count = 500)]
    fn hand_written_reqwest(bencher: Bencher) {
        let runtime = current_thread_runtime();
        let hand = std::sync::Arc::new(HandWritten::new());
        bencher
            .counter(ItemsCount::new(CONCURRENCY))
            .bench_local(|| {
                runtime.block_on(async {
                    let calls = (0..CONCURRENCY).map(|_| {
                        let hand = std::sync::Arc::clone(&hand);
                        tokio::spawn(async move { hand.send().await })
                    });
                    black_box(join_all(calls).await)
                })
            });
    }
}
