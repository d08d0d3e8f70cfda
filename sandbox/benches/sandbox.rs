//! Micro-benchmarks of the emulator's hot path (divan):
//! - `validate_and_plan`: createMessage's CPU work without I/O (JSON parse, validation, segment count,
//!   list rows and the serialized webhook body);
//! - `store_accept`: one accepted message committed through the batching writer (in memory, and a WAL
//!   file), awaited like the handler awaits it;
//! - `create_message_http`: a full createMessage over loopback HTTP, one connection, in-process emulator.
//!
//! The throughput figures under concurrency come from `scripts/bench-sandbox.sh` (wrk against the
//! release binary, with webhooks flowing to a local receiver).
//!
//! ```text
//! cargo bench -p bandwidth-sandbox --bench sandbox
//! ```

use std::sync::OnceLock;

use bandwidth_sandbox::Sandbox;
use bandwidth_sandbox::api::validate::validate;
use bandwidth_sandbox::config::{
    ApplicationConfig, Config, DEFAULT_ACCOUNT_ID, DEFAULT_APPLICATION_ID,
};
use bandwidth_sandbox::lifecycle::{OutboundMessage, Timing, plan_outbound};
use bandwidth_sandbox::store::Store;
use tokio::runtime::Runtime;

fn main() {
    divan::main();
}

const BODY: &[u8] = br#"{"applicationId":"00000000-0000-4000-8000-000000000001","to":["+15551234567"],"from":"+15557654321","text":"Your order #4711 has shipped and will arrive on Tuesday.","tag":"order-4711"}"#;

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn message(
    store: &Store,
    callback: bool,
) -> (
    Vec<bandwidth_sandbox::store::MessageRow>,
    Vec<bandwidth_sandbox::store::NewDelivery>,
) {
    let parsed: serde_json::Value = serde_json::from_slice(BODY).expect("JSON");
    let request = validate(&parsed, jiff::Timestamp::now()).expect("valid");
    let text = request.text.clone().unwrap_or_default();
    let now = bandwidth_sandbox::clock::now_ms();
    let message = OutboundMessage {
        id: bandwidth_sandbox::ids::message_id(now),
        account_id: DEFAULT_ACCOUNT_ID.to_owned(),
        application_id: request.application_id.clone(),
        from: request.from.clone(),
        to: request.to.clone(),
        media: Vec::new(),
        tag: request.tag.clone(),
        priority: None,
        expiration_ms: None,
        segment_count: bandwidth_messaging::rules::segment_count(1, false, &text),
        is_mms: false,
        text_chars: text.chars().count(),
        text_bytes: text.len(),
        time_ms: now,
    };
    let mut application = ApplicationConfig::new(DEFAULT_APPLICATION_ID, DEFAULT_ACCOUNT_ID);
    if callback {
        application.outbound_callback_url = Some("http://127.0.0.1:9/status".to_owned());
    }
    plan_outbound(
        &message,
        &application,
        Timing {
            dequeue_ms: now,
            terminal_ms: now,
        },
        store,
    )
}

fn memory_store() -> Store {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // Drain what the writer hands to the (absent) scheduler.
    runtime().spawn(async move { while rx.recv().await.is_some() {} });
    Store::open(None, tx).expect("store").store
}

#[divan::bench]
fn validate_and_plan(bencher: divan::Bencher) {
    let store = memory_store();
    bencher.bench_local(|| message(&store, true));
}

#[divan::bench(args = ["memory", "wal-file"])]
fn store_accept(bencher: divan::Bencher, kind: &str) {
    let dir = std::env::temp_dir().join(format!("bandwidth-sandbox-bench-{}", std::process::id()));
    let store = if kind == "memory" {
        memory_store()
    } else {
        let _ = std::fs::create_dir_all(&dir);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        runtime().spawn(async move { while rx.recv().await.is_some() {} });
        Store::open(Some(&dir.join("bench.db")), tx)
            .expect("store")
            .store
    };
    bencher.bench_local(|| {
        let (rows, deliveries) = message(&store, true);
        runtime()
            .block_on(store.accept(rows, deliveries))
            .expect("committed");
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[divan::bench]
fn create_message_http(bencher: divan::Bencher) {
    let rt = runtime();
    let sandbox = rt
        .block_on(async {
            let mut config = Config::default();
            config.server.listen = "127.0.0.1:0".parse().expect("address");
            Sandbox::start(config).await
        })
        .expect("sandbox");
    let client = bandwidth_messaging::client::http_client_builder()
        .no_proxy()
        .build()
        .expect("client");
    let url = format!("{}/users/{DEFAULT_ACCOUNT_ID}/messages", sandbox.base_url());
    bencher.bench_local(|| {
        rt.block_on(async {
            let response = client
                .post(&url)
                .basic_auth("sandbox", Some("sandbox"))
                .header("content-type", "application/json")
                .body(BODY)
                .send()
                .await
                .expect("sent");
            assert_eq!(response.status().as_u16(), 202);
            response.bytes().await.expect("body")
        })
    });
    let _ = rt.block_on(sandbox.shutdown());
}
