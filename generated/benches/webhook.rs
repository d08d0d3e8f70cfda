//! Parse throughput of webhook bodies: into typed `Vec<Event>` with `webhook::parse_body`, against parsing the
//! same bytes into `serde_json::Value`, in the same run.
//!
//! ```text
//! cargo bench -p bandwidth-messaging --bench webhook
//! ```
//! Bodies: 1 event (a `message-delivered`) and 50 events (a mix of the five status types and `message-received`,
//! as a busy group send would produce).

use std::hint::black_box;

use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::parse_body;
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, Divan};

fn main() {
    Divan::from_args().run_benches();
}

fn event(n: usize) -> serde_json::Value {
    let kind = [
        "message-delivered",
        "message-sending",
        "message-sent",
        "message-failed",
        "message-read",
        "message-received",
    ][n % 6];
    let inbound = kind == "message-received";
    let mut event = serde_json::json!({
        "type": kind,
        "time": format!("2025-01-06T15:44:{:02}.{:03}Z", n % 60, n % 1000),
        "description": if inbound { "Incoming message received" } else { "Message delivered to handset." },
        "to": format!("+1555000{:04}", n),
        "message": {
            "id": format!("1736178240000qrstuvwxyz{n:06}"),
            "owner": "+15550000002",
            "applicationId": "00000000-0000-4000-8000-000000000001",
            "time": "2025-01-06T15:44:00.000Z",
            "segmentCount": 1,
            "direction": if inbound { "in" } else { "out" },
            "to": [format!("+1555000{:04}", n), "+15550000003"],
            "from": "+15550000002",
            "text": if inbound { "Running 10 minutes late, sorry!" } else { "" },
            "media": ["https://example.com/a.png"],
            "tag": "order-4711"
        }
    });
    if kind == "message-failed" {
        event["errorCode"] = serde_json::json!(4432);
    }
    if kind == "message-read" {
        event["eventTime"] = serde_json::json!("2025-01-06T15:45:00.000Z");
    }
    event
}

fn body(events: usize) -> Vec<u8> {
    let events: Vec<serde_json::Value> = (0..events).map(event).collect();
    serde_json::to_vec(&events).expect("JSON values serialize")
}

const SIZES: [usize; 2] = [1, 50];

/// `webhook::parse_body`: the array split into raw elements, each parsed straight into its typed event.
#[divan::bench(args = SIZES)]
fn typed_events(bencher: Bencher, events: usize) {
    let bytes = body(events);
    assert_eq!(parse_body(&bytes).map(|e| e.len()).ok(), Some(events));
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .counter(ItemsCount::new(events))
        .bench(|| parse_body(black_box(&bytes)));
}

/// `serde_json::from_slice::<Value>`: the same bytes into an untyped tree (the baseline).
#[divan::bench(args = SIZES)]
fn json_value(bencher: Bencher, events: usize) {
    let bytes = body(events);
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .counter(ItemsCount::new(events))
        .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)));
}

/// `serde_json::from_slice::<Vec<Event>>`: the generic `Deserialize` path (through a `Value` per event), for
/// comparison with the fast path `parse_body` takes.
#[divan::bench(args = SIZES)]
fn typed_via_deserialize(bencher: Bencher, events: usize) {
    let bytes = body(events);
    assert_eq!(
        serde_json::from_slice::<Vec<Event>>(&bytes)
            .map(|e| e.len())
            .ok(),
        Some(events)
    );
    bencher
        .counter(BytesCount::of_slice(&bytes))
        .counter(ItemsCount::new(events))
        .bench(|| serde_json::from_slice::<Vec<Event>>(black_box(&bytes)));
}

/// The receiver's own cost per delivery, without the network: `Receiver::handle` on an in-memory request
/// (auth off, one-event body, a handler that returns at once), against reading the same body into `Bytes`.
#[cfg(feature = "webhooks")]
mod receiver {
    use std::hint::black_box;

    use axum::body::Body;
    use bandwidth_messaging::generated::webhooks::Event;
    use bandwidth_messaging::webhook::{NoDedup, ReceiverBuilder};
    use divan::Bencher;
    use http::Request;

    fn request(body: &[u8]) -> Request<Body> {
        Request::post("/")
            .header("content-type", "application/json")
            .header("content-length", body.len())
            .body(Body::from(body.to_vec()))
            .expect("a valid request")
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    }

    #[divan::bench]
    fn handle_no_dedup(bencher: Bencher) {
        let rt = runtime();
        let body = super::body(1);
        let receiver = ReceiverBuilder::<Event>::new()
            .dedup_store(NoDedup)
            .handler(|_event: Event| std::future::ready(Ok::<_, std::convert::Infallible>(())))
            .build();
        bencher
            .with_inputs(|| request(&body))
            .bench_local_values(|req| rt.block_on(receiver.handle(black_box(req))));
    }

    #[divan::bench]
    fn handle_duplicate(bencher: Bencher) {
        let rt = runtime();
        let body = super::body(1);
        let receiver = ReceiverBuilder::<Event>::new()
            .handler(|_event: Event| std::future::ready(Ok::<_, std::convert::Infallible>(())))
            .build();
        rt.block_on(receiver.handle(request(&body)));
        bencher
            .with_inputs(|| request(&body))
            .bench_local_values(|req| rt.block_on(receiver.handle(black_box(req))));
    }

    #[divan::bench]
    fn read_body_only(bencher: Bencher) {
        let rt = runtime();
        let body = super::body(1);
        bencher
            .with_inputs(|| request(&body))
            .bench_local_values(|req| {
                rt.block_on(axum::body::to_bytes(black_box(req).into_body(), usize::MAX))
            });
    }
}
