//! Hardening of the emulator's HTTP server: connection timeouts, the connection cap and shutdown
//! with a deadline, driven over raw TCP with short configured timeouts. No assertion is about how
//! long something took: each test waits with a generous bound and fails if the server never acts.

use std::time::Duration;

use bandwidth_messaging::client::reqwest;
use bandwidth_sandbox::admin_token::AdminToken;
use bandwidth_sandbox::{Config, Sandbox};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::sandbox_support::{ACCOUNT, start, test_config};

/// How long a test waits for the server to act before it fails.
const BOUND: Duration = Duration::from_secs(10);
/// `sandbox:sandbox`.
const BASIC: &str = "Basic c2FuZGJveDpzYW5kYm94";

/// A configuration whose connection limits are all long except those a test shortens.
fn config(edit: impl FnOnce(&mut bandwidth_sandbox::config::ConnectionConfig)) -> Config {
    let mut config = test_config();
    let connections = &mut config.server.connections;
    connections.header_timeout_ms = 60_000;
    connections.body_timeout_ms = 60_000;
    connections.idle_timeout_ms = 60_000;
    connections.shutdown_grace_ms = 60_000;
    edit(connections);
    config
}

async fn connect(sandbox: &Sandbox) -> TcpStream {
    TcpStream::connect(sandbox.local_addr())
        .await
        .expect("connect to the sandbox")
}

/// Reads until the server closes the connection; panics after [`BOUND`].
async fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    out
}

/// The status code and JSON body of a raw HTTP/1.1 answer.
fn parse(answer: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn create_head(content_length: usize) -> String {
    format!(
        "POST /api/v2/users/{ACCOUNT}/messages HTTP/1.1\r\nhost: sandbox\r\nauthorization: {BASIC}\r\ncontent-type: application/json\r\ncontent-length: {content_length}\r\n\r\n"
    )
}

#[tokio::test]
async fn headers_sent_slowly_are_cut_off() {
    let sandbox = start(config(|c| c.header_timeout_ms = 300)).await;
    let mut stream = connect(&sandbox).await;
    stream
        .write_all(b"GET /admin/health HTTP/1.1\r\nhost: sandbox\r\n")
        .await
        .unwrap();
    let (mut read, mut write) = stream.into_split();
    // One header byte every 50 ms, never finishing the head (the bytes keep the idle timer quiet).
    let drip = tokio::spawn(async move {
        for _ in 0..400 {
            if write.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut buf = [0u8; 64];
    let closed = tokio::time::timeout(BOUND, async {
        loop {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    drip.abort();
    assert!(closed.is_ok(), "a never-ending header was held open");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_body_at_one_byte_per_tick_gets_408_in_bandwidth_shape() {
    let sandbox = start(config(|c| c.body_timeout_ms = 400)).await;
    let mut stream = connect(&sandbox).await;
    stream
        .write_all(create_head(1000).as_bytes())
        .await
        .unwrap();
    let (mut read, mut write) = stream.into_split();
    let drip = tokio::spawn(async move {
        for _ in 0..1000 {
            if write.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(BOUND, async {
        loop {
            match read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    drip.abort();
    assert!(closed.is_ok(), "a trickling body was held open");
    let (status, body) = parse(&answer);
    assert_eq!(status, 408);
    assert_eq!(body["type"], "request-timeout");
    assert!(body["description"].is_string());
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_declared_body_never_sent_gets_408() {
    let sandbox = start(config(|c| c.body_timeout_ms = 300)).await;
    let mut stream = connect(&sandbox).await;
    stream.write_all(create_head(100).as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream).await;
    let (status, body) = parse(&answer);
    assert_eq!(status, 408);
    assert_eq!(body["type"], "request-timeout");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_silent_connection_is_closed() {
    let sandbox = start(config(|c| c.idle_timeout_ms = 300)).await;
    let mut stream = connect(&sandbox).await;
    let answer = read_to_close(&mut stream).await;
    assert!(answer.is_empty(), "nothing is sent to a silent client");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    let sandbox = start(config(|c| c.idle_timeout_ms = 300)).await;
    let mut stream = connect(&sandbox).await;
    stream
        .write_all(b"GET /admin/health HTTP/1.1\r\nhost: sandbox\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut stream).await;
    let (status, body) = parse(&answer);
    assert_eq!(status, 200, "the request is answered before the idle close");
    assert_eq!(body["status"], "ok");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn connections_over_the_cap_get_503_in_bandwidth_shape() {
    let sandbox = start(config(|c| c.max_connections = 2)).await;
    let first = connect(&sandbox).await;
    let mut second = connect(&sandbox).await;
    // The second connection is served, so both hold their permits.
    second
        .write_all(b"GET /admin/health HTTP/1.1\r\nhost: sandbox\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = tokio::time::timeout(BOUND, second.read(&mut buf))
        .await
        .expect("answered")
        .unwrap();
    assert_eq!(parse(&buf[..n]).0, 200);

    let mut third = connect(&sandbox).await;
    let answer = read_to_close(&mut third).await;
    let (status, body) = parse(&answer);
    assert_eq!(status, 503);
    assert_eq!(body["type"], "service-unavailable");
    assert!(body["description"].is_string());

    // A freed slot serves again.
    drop(first);
    let served = tokio::time::timeout(BOUND, async {
        loop {
            let mut stream = connect(&sandbox).await;
            stream
                .write_all(
                    b"GET /admin/health HTTP/1.1\r\nhost: sandbox\r\nconnection: close\r\n\r\n",
                )
                .await
                .unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            if parse(&answer).0 == 200 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(
        served.is_ok(),
        "the slot of a closed connection was never freed"
    );
    drop(second);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test]
async fn shutdown_drops_a_stalled_client_after_the_deadline() {
    let sandbox = start(config(|c| c.shutdown_grace_ms = 300)).await;
    let mut stalled = connect(&sandbox).await;
    // Headers complete, body never sent: the request is in progress and stays so.
    stalled
        .write_all(create_head(100).as_bytes())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let stopped = tokio::time::timeout(BOUND, sandbox.shutdown()).await;
    assert!(stopped.is_ok(), "shutdown waited for a stalled client");
    stopped.unwrap().unwrap();
    read_to_close(&mut stalled).await;
}

#[tokio::test]
async fn shutdown_lets_an_idle_keep_alive_connection_go() {
    let sandbox = start(config(|_| {})).await;
    let mut stream = connect(&sandbox).await;
    stream
        .write_all(b"GET /admin/health HTTP/1.1\r\nhost: sandbox\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = tokio::time::timeout(BOUND, stream.read(&mut buf))
        .await
        .expect("answered")
        .unwrap();
    assert_eq!(parse(&buf[..n]).0, 200);
    // Grace is 60 s here: an idle connection must not hold shutdown that long.
    let stopped = tokio::time::timeout(BOUND, sandbox.shutdown()).await;
    assert!(
        stopped.is_ok(),
        "shutdown waited for an idle keep-alive connection"
    );
}

#[test]
fn zero_timeouts_are_refused_by_validation() {
    let mut config = Config::default();
    config.server.connections.body_timeout_ms = 0;
    let error = config.validate().unwrap_err().to_string();
    assert!(
        error.contains("server.connections.body_timeout_ms"),
        "{error}"
    );
}

// --- exposure rules ---

#[tokio::test]
async fn a_non_loopback_address_without_an_admin_token_refuses_to_start() {
    let mut config = test_config();
    config.server.listen = "0.0.0.0:0".parse().unwrap();
    let error = match Sandbox::start(config).await {
        Ok(_) => panic!("started on 0.0.0.0 with an unauthenticated admin API"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("not a loopback address"), "{error}");
    assert!(error.contains("--admin-token"), "{error}");
}

#[tokio::test]
async fn with_an_admin_token_the_admin_api_demands_the_bearer() {
    let mut config = test_config();
    config.server.listen = "0.0.0.0:0".parse().unwrap();
    config.server.admin_token = Some(AdminToken::new("t0ken-for-tests"));
    let sandbox = start(config).await;
    let port = sandbox.local_addr().port();
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/admin/health");
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some("Basic dDB rZW4="),
        Some("Bearer"),
    ] {
        let mut request = http.get(&url);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), 401, "{authorization:?}");
        assert!(answer.headers().contains_key("www-authenticate"));
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["type"], "unauthorized");
    }
    let answer = http
        .get(&url)
        .bearer_auth("t0ken-for-tests")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    // The Messaging API keeps its own credentials.
    let answer = http
        .get(format!(
            "http://127.0.0.1:{port}/api/v2/users/{ACCOUNT}/media"
        ))
        .basic_auth("sandbox", Some("sandbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    sandbox.shutdown().await.unwrap();
}

#[test]
fn the_admin_token_is_redacted_and_parsed_from_the_command_line() {
    let args = bandwidth_sandbox::cli::Args::parse(["--admin-token", "s3cr3t-value"]).unwrap();
    assert!(!format!("{args:?}").contains("s3cr3t-value"));
    let mut config = test_config();
    args.apply(&mut config);
    assert!(config.server.admin_token.unwrap().matches("s3cr3t-value"));
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_file_is_created_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("sandbox-hardening-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("perm.db");
    let _ = std::fs::remove_file(&path);
    let mut config = test_config();
    config.server.data = Some(path.clone());
    let sandbox = start(config).await;
    sandbox.shutdown().await.unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "data file mode {mode:o}");
    let _ = std::fs::remove_dir_all(&dir);
}
