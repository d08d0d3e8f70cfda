//! Shared by the webhook claim tests: events, a handler that counts completions per event, a delivering
//! client that retries like Bandwidth, and a private `redis-server` on a free loopback port.

pub mod redis_server;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// A `message-delivered` event for message `id`.
pub fn delivered(id: &str) -> Value {
    json!({
        "type": "message-delivered", "time": "2025-01-06T15:44:03.000Z", "description": "Message delivered to handset.",
        "to": "+15550000001",
        "message": {
            "id": id, "owner": "+15550000002", "applicationId": "00000000-0000-4000-8000-000000000001",
            "time": "2025-01-06T15:44:00.000Z", "segmentCount": 1, "direction": "out", "to": ["+15550000001"],
            "from": "+15550000002", "text": ""
        }
    })
}

/// The body of one delivery of `event`.
pub fn body_of(event: &Value) -> bytes::Bytes {
    bytes::Bytes::from(serde_json::to_vec(&[event]).expect("JSON values serialize"))
}

/// Counts handler calls and successful completions per message id.
#[derive(Clone, Default)]
pub struct Tally {
    calls: Arc<AtomicUsize>,
    attempts: Arc<Mutex<HashMap<String, usize>>>,
    completions: Arc<Mutex<HashMap<String, usize>>>,
}

impl Tally {
    /// Records the start of a handler call on `id`; returns how many calls on `id` came before.
    pub fn attempt(&self, id: &str) -> usize {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut attempts = self.attempts.lock().expect("not poisoned");
        let count = attempts.entry(id.to_owned()).or_default();
        *count += 1;
        *count - 1
    }

    /// Records a successful completion on `id`.
    pub fn complete(&self, id: &str) {
        *self
            .completions
            .lock()
            .expect("not poisoned")
            .entry(id.to_owned())
            .or_default() += 1;
    }

    /// Handler calls so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// `(ids completed more than once, ids of `expected` never completed)`.
    pub fn check(&self, expected: &[String]) -> (Vec<String>, Vec<String>) {
        let completions = self.completions.lock().expect("not poisoned");
        let mut duplicated: Vec<String> = completions
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(id, _)| id.clone())
            .collect();
        duplicated.sort();
        let lost = expected
            .iter()
            .filter(|id| !completions.contains_key(*id))
            .cloned()
            .collect();
        (duplicated, lost)
    }
}

/// POSTs `body` once; the status, or 0 when the connection failed.
pub async fn post(client: &reqwest::Client, url: &str, body: bytes::Bytes) -> u16 {
    match client
        .post(url)
        .header("content-type", "application/json")
        .timeout(Duration::from_secs(10))
        .body(body)
        .send()
        .await
    {
        Ok(response) => response.status().as_u16(),
        Err(_) => 0,
    }
}

/// Delivers `body` the way Bandwidth does, compressed in time: again after every non-2xx answer (after
/// `pause`), to the URLs in turn starting at `first`, until a 2xx or `attempts` tries. `true` when delivered.
pub async fn deliver_until_ok(
    client: &reqwest::Client,
    urls: &[String],
    first: usize,
    body: bytes::Bytes,
    pause: Duration,
    attempts: usize,
) -> bool {
    for attempt in 0..attempts {
        let url = &urls[(first + attempt) % urls.len()];
        if (200..300).contains(&post(client, url, body.clone()).await) {
            return true;
        }
        tokio::time::sleep(pause).await;
    }
    false
}

/// A client for many parallel deliveries.
pub fn client() -> reqwest::Client {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(64)
        .build()
        .expect("client")
}
