//! Hardening of the emulator's HTTP server: connection timeouts, the connection cap and shutdown
//! with a deadline, driven over raw TCP with short configured timeouts. No assertion is about how
//! long something took: each test waits with a generous bound and fails if the server never acts.

use std::time::Duration;

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

// --- framework rejections in Bandwidth's shape ---

/// Sends one raw HTTP/1.1 request (`connection: close`) and returns status and JSON body.
async fn raw(sandbox: &Sandbox, request: &[u8]) -> (u16, Value, String) {
    let mut stream = connect(sandbox).await;
    let _ = stream.write_all(request).await;
    let answer = read_to_close(&mut stream).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (status, body) = parse(&answer);
    (status, body, text)
}

fn request(method: &str, path: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{method} {path} HTTP/1.1\r\nhost: sandbox\r\nconnection: close\r\nauthorization: {BASIC}\r\n{headers}"
    )
    .into_bytes();
    if !headers.to_ascii_lowercase().contains("transfer-encoding") {
        out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

const JSON: &str = "content-type: application/json\r\n";

#[tokio::test]
async fn framework_rejections_answer_bandwidth_json() {
    let sandbox = start(test_config()).await;
    let messages = format!("/api/v2/users/{ACCOUNT}/messages");
    let media = format!("/api/v2/users/{ACCOUNT}/media");
    let big = vec![b' '; 3 * 1024 * 1024];
    let cases: Vec<(&str, u16, Vec<u8>)> = vec![
        (
            "rejection_413_body_too_large",
            413,
            request("POST", &messages, JSON, &big),
        ),
        (
            "rejection_400_path_encoding",
            400,
            request("GET", &format!("{media}/%FF%FE"), "", b""),
        ),
        (
            "rejection_400_admin_query",
            400,
            request("GET", "/admin/deliveries?limit=SECRET", "", b""),
        ),
        (
            "rejection_400_bad_chunking",
            400,
            request(
                "POST",
                &messages,
                "content-type: application/json\r\ntransfer-encoding: chunked\r\n",
                b"zz\r\nSECRET\r\n0\r\n\r\n",
            ),
        ),
        (
            "rejection_405_method",
            405,
            request("PATCH", &messages, "", b""),
        ),
        (
            "rejection_415_media_type",
            415,
            request("POST", &messages, "content-type: text/plain\r\n", b"SECRET"),
        ),
        (
            "rejection_400_admin_json",
            400,
            request(
                "PUT",
                "/admin/applications/x",
                JSON,
                b"{\"accountId\": 5, \"x\": \"SECRET\"}",
            ),
        ),
    ];
    for (name, expected, bytes) in cases {
        let (status, body, text) = raw(&sandbox, &bytes).await;
        assert_eq!(status, expected, "{name}: {text}");
        assert!(text.contains("application/json"), "{name}: {text}");
        assert!(
            !text.contains("SECRET"),
            "{name} echoes the sent value: {text}"
        );
        insta::assert_json_snapshot!(name, body);
    }
    let (status, mut body, _) = raw(&sandbox, &request("GET", "/nowhere", "", b"")).await;
    assert_eq!(status, 404);
    body["timestamp"] = Value::from("<timestamp>");
    insta::assert_json_snapshot!("rejection_404_unknown_route", body);
    sandbox.shutdown().await.unwrap();
}

/// About 160 bad requests over every route: each answer is a 4xx in Bandwidth's JSON shape (or the
/// Spring 404), never a 5xx, a hang or an echo of the sent text. `--nocapture` prints the matrix.
#[tokio::test]
async fn bad_input_matrix_answers_json_4xx_without_echo() {
    let sandbox = start(test_config()).await;
    let routes = [
        format!("/api/v2/users/{ACCOUNT}/messages"),
        format!("/api/v2/users/{ACCOUNT}/media"),
        format!("/api/v2/users/{ACCOUNT}/media/a%FF"),
        "/api/v1/oauth2/token".to_owned(),
        "/admin/deliveries".to_owned(),
        "/admin/applications/app-x".to_owned(),
        format!("/admin/accounts/{ACCOUNT}/inbound"),
        "/admin/accounts/acc-x".to_owned(),
    ];
    let queries = [
        "",
        "?limit=SECRET",
        "?pageToken=SECRET%00",
        "?%ZZ=1",
        "?sort=SECRET&limit=-1",
        "?x=%FF%FE",
    ];
    let bodies: [(&str, &[u8]); 4] = [
        (JSON, b"{\"text\":\"MSGTEXT"),
        ("content-type: text/html\r\n", b"<b>SECRET</b>"),
        (JSON, b"[\"SECRET\"]"),
        (
            JSON,
            b"{\"to\":5,\"text\":\"MSGTEXT\",\"applicationId\":[]}",
        ),
    ];
    let mut rows = Vec::new();
    for route in &routes {
        for query in queries {
            for method in ["GET", "DELETE"] {
                let path = format!("{route}{query}");
                let (status, body, text) = raw(&sandbox, &request(method, &path, "", b"")).await;
                rows.push((format!("{method} {path}"), status, body, text));
            }
        }
        for (headers, body) in bodies {
            for method in ["POST", "PUT"] {
                let (status, parsed, text) =
                    raw(&sandbox, &request(method, route, headers, body)).await;
                let shown = String::from_utf8_lossy(body)
                    .replace("SECRET", "S")
                    .replace("MSGTEXT", "T");
                rows.push((format!("{method} {route} [{shown}]"), status, parsed, text));
            }
        }
    }
    let mut failures = Vec::new();
    for (what, status, body, text) in &rows {
        let echo = if text.contains("SECRET") {
            "  (echoes a sent value)"
        } else {
            ""
        };
        println!("{status}  {what}{echo}");
        let shaped = body.get("type").is_some_and(Value::is_string)
            || (*status == 404 && body.get("error").is_some())
            // The admin API's own shape and OAuth2's (RFC 6749) at the token endpoint.
            || ((what.contains(" /admin/") || what.contains(" /api/v1/oauth2/"))
                && body.get("error").is_some_and(Value::is_string));
        // Message text is never echoed; other sent values (query parameters, admin input) are
        // listed above when they are.
        if *status >= 500 || (*status >= 400 && !shaped) || text.contains("MSGTEXT") {
            failures.push(format!("{status} {what}: {text}"));
        }
    }
    assert!(rows.len() >= 150, "{} requests", rows.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    sandbox.shutdown().await.unwrap();
}
