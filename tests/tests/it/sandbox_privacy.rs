//! Privacy: message text is never written to the database (file, WAL) nor to the logs.
//!
//! 1,000 outbound messages (SMS, MMS and group) and 100 injected inbound messages, each with a unique
//! text carrying a probe string, go through the emulator with a `--data` file and webhooks flowing;
//! afterwards the probe occurs nowhere in the database files, while the emulator was running and after
//! its shutdown, nor in the trace-level logs.

use crate::sandbox_support as support;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use support::{
    ACCOUNT, APP, Api, FROM, Sink, TempDir, app_with_callback, eventually, start, test_config,
};

const PROBE: &str = "PRIVACY-PROBE";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The bytes of the database file and its WAL / shared-memory files, when present.
fn database_bytes(path: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = format!("{}{suffix}", path.display());
        if let Ok(bytes) = std::fs::read(&file) {
            all.extend(bytes);
        }
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_text_reaches_the_database_or_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter("bandwidth_sandbox=trace,bandwidth_messaging=trace")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let dir = TempDir::new("privacy");
    let db = dir.0.join("sandbox.db");
    let sink = Sink::healthy().await;
    let mut config = test_config();
    config.server.data = Some(db.clone());
    config.applications.push(app_with_callback(&sink.url));
    let sandbox = start(config).await;
    let api = Api::new(&sandbox);

    let mut texts = Vec::new();
    for n in 0..1_000 {
        let text = format!(
            "{PROBE}-{n}-{} unique words ünïcödé 😀",
            bandwidth_sandbox::ids::token(12)
        );
        let mut body = json!({"applicationId": APP, "from": FROM, "to": [format!("+1556{n:07}")], "text": text});
        match n % 3 {
            1 => body["media"] = json!(["https://example.com/pic.png"]),
            2 => body["to"] = json!([format!("+1556{n:07}"), "+15551234567"]),
            _ => {}
        }
        let answer = api.post_json("/messages", &body).await;
        assert_eq!(answer.status, 202);
        assert_eq!(answer.json()["text"], text, "the 202 echoes the text");
        texts.push(text);
    }
    for n in 0..100 {
        let text = format!("{PROBE}-inbound-{n}-{}", bandwidth_sandbox::ids::token(12));
        let answer = api
            .admin_post(
                &format!("/accounts/{ACCOUNT}/inbound"),
                &json!({"applicationId": APP, "from": "+15559998888", "to": [FROM], "text": text}),
            )
            .await;
        assert_eq!(answer.status, 202);
        texts.push(text);
    }
    // Status events: 1,000 SMS/MMS recipients + 333 extra group recipients; inbound: 100.
    let expected_events = 1_000 + 333 + 100;
    eventually(Duration::from_secs(120), "every event handled", || async {
        sink.handled_count() >= expected_events
    })
    .await;
    // Inbound events did carry their text to the receiver.
    let received = sink
        .handled()
        .iter()
        .filter(|e| e["type"] == "message-received")
        .count();
    assert_eq!(received, 100);
    assert!(sink.handled().iter().any(|e| {
        e["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with(PROBE))
    }));

    assert!(sandbox.wait_idle(Duration::from_secs(30)).await);
    let running = database_bytes(&db);
    assert!(
        running.len() > 100_000,
        "the database holds the metadata ({} bytes)",
        running.len()
    );
    assert!(
        !contains(&running, PROBE.as_bytes()),
        "text found in the database files while running"
    );

    sandbox.shutdown().await.expect("shutdown");
    let stopped = database_bytes(&db);
    assert!(
        !contains(&stopped, PROBE.as_bytes()),
        "text found in the database files after shutdown"
    );
    // The texts' other words are not there either (spot check of whole texts).
    for text in texts.iter().step_by(97) {
        assert!(!contains(&stopped, text.as_bytes()));
    }

    let logs = logs.0.lock().expect("lock").clone();
    assert!(!logs.is_empty(), "trace logs were captured");
    assert!(!contains(&logs, PROBE.as_bytes()), "text found in the logs");
}
