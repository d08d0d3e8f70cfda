//! Shared helpers of the `sandbox_*` tests: an emulator on a loopback port, a raw HTTP helper, and a
//! webhook sink (a scriptable HTTP front that can fail attempts, in front of the crate's `Receiver`).

#![allow(dead_code)]

pub mod sink;

use std::time::Duration;

use bandwidth_sandbox::{ApplicationConfig, Config, Sandbox};
use serde_json::Value;

#[allow(unused_imports)]
pub use sink::{Action, Seen, Sink};

/// The default account of the emulator.
pub const ACCOUNT: &str = bandwidth_sandbox::config::DEFAULT_ACCOUNT_ID;
/// An application id the tests create.
pub const APP: &str = "11111111-2222-4333-8444-555555555555";
/// A sender number.
pub const FROM: &str = "+15557654321";
/// A recipient that is delivered.
pub const TO: &str = "+15551234567";

/// A configuration for tests: loopback port 0, quick ladder, short timeouts.
pub fn test_config() -> Config {
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().expect("literal address");
    config.delivery.timeout_ms = 2_000;
    config
}

/// Starts an emulator.
pub async fn start(config: Config) -> Sandbox {
    Sandbox::start(config).await.expect("the emulator starts")
}

/// An application of the default account whose status callbacks go to `url`.
pub fn app_with_callback(url: &str) -> ApplicationConfig {
    let mut application = ApplicationConfig::new(APP, ACCOUNT);
    application.outbound_callback_url = Some(url.to_owned());
    application.inbound_callback_url = Some(url.to_owned());
    application
}

/// A raw HTTP client with the default account's Basic credentials.
#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
}

/// A response read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as JSON (panics with the body when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

impl Api {
    /// A client for the emulator's root URL.
    pub fn new(sandbox: &Sandbox) -> Self {
        bandwidth_messaging::client::ensure_crypto_provider();
        Api {
            http: reqwest::Client::builder()
                .no_proxy()
                .pool_max_idle_per_host(64)
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            base: sandbox.url().to_owned(),
        }
    }

    /// `{base}/api/v2/users/{ACCOUNT}{path}`.
    pub fn account_url(&self, path: &str) -> String {
        format!("{}/api/v2/users/{ACCOUNT}{path}", self.base)
    }

    /// Sends a request with Basic auth and reads the answer.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request
            .basic_auth("sandbox", Some("sandbox"))
            .send()
            .await
            .expect("the request reaches the emulator");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body").to_vec();
        Answer {
            status,
            headers,
            bytes,
        }
    }

    /// POST JSON to a path under the account.
    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.http.post(self.account_url(path)).json(body))
            .await
    }

    /// GET a path under the account.
    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(self.account_url(path))).await
    }

    /// Sends an SMS and returns the 202 body.
    pub async fn send_sms(&self, to: &[&str], text: &str) -> Value {
        let answer = self
            .post_json(
                "/messages",
                &serde_json::json!({"applicationId": APP, "to": to, "from": FROM, "text": text}),
            )
            .await;
        assert_eq!(
            answer.status,
            202,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        answer.json()
    }

    /// GET an admin path.
    pub async fn admin_get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}/admin{path}", self.base))
            .send()
            .await
            .expect("admin request");
        assert!(
            response.status().is_success(),
            "admin {path}: {}",
            response.status()
        );
        response.json().await.expect("admin JSON")
    }

    /// POST JSON to an admin path.
    pub async fn admin_post(&self, path: &str, body: &Value) -> Answer {
        let response = self
            .http
            .post(format!("{}/admin{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("admin request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        Answer {
            status,
            headers,
            bytes: response.bytes().await.expect("body").to_vec(),
        }
    }

    /// PUT JSON to an admin path.
    pub async fn admin_put(&self, path: &str, body: &Value) -> Answer {
        let response = self
            .http
            .put(format!("{}/admin{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("admin request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        Answer {
            status,
            headers,
            bytes: response.bytes().await.expect("body").to_vec(),
        }
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes (then panics with `what`).
pub async fn eventually<F, Fut>(timeout: Duration, what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if condition().await {
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for: {what}");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Standard base64 (for admin attachments).
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A deterministic pseudo-random number in `[0, 1)` from a seed (splitmix64).
pub fn unit_random(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "bandwidth-sandbox-{name}-{}-{}",
            std::process::id(),
            bandwidth_sandbox::ids::token(8)
        ));
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
