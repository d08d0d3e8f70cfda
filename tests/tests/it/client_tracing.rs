//! Tracing of client requests: one span per attempt with operation, method, attempt, status and latency, and
//! never a message text, credential or token. (Its own test binary: a thread-local subscriber is reliable only
//! when no other test registers the same callsites concurrently.)

use crate::client_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use client_support::{Probe, RecordingSleeper, mount_token_endpoint, oauth_client};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
pub struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

#[tokio::test]
async fn spans_name_operation_attempt_status_and_latency_but_no_secrets() {
    if !crate::in_own_process(
        "client_tracing::spans_name_operation_attempt_status_and_latency_but_no_secrets",
    ) {
        return;
    }
    let server = MockServer::start().await;
    let _issued = mount_token_endpoint(&server, 3600).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // All integration tests share one process: a callsite first hit by another test while no subscriber was
    // listening has its interest cached as "never"; recompute it now that this thread's subscriber exists.
    tracing::callsite::rebuild_interest_cache();
    let client = oauth_client(&server, &RecordingSleeper::default());
    client
        .execute(&Probe::post(r#"{"text":"my private message"}"#))
        .await
        .expect("answer");
    let log = buffer.text();
    assert!(
        log.contains(
            "bandwidth_messaging.request{operation=\"probe\" method=POST attempt=1 status=429"
        ),
        "{log}"
    );
    assert!(log.contains("attempt=2 status=202 latency_ms="), "{log}");
    assert!(
        log.contains("retrying") && log.contains("delay_ms=1000"),
        "{log}"
    );
    assert!(
        log.contains("bandwidth_messaging.oauth2_token{status=200"),
        "{log}"
    );
    for secret in [
        "my private message",
        "client-secret-value",
        "token-1",
        "Y2xpZW50",
    ] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
}
