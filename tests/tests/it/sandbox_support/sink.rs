//! A webhook sink: a small HTTP/1.1 front on a loopback port that records every request's raw bytes and,
//! per request, either forwards it to the crate's `Receiver` (with in-memory dedupe) or fails it the way a
//! broken server does (a status, a slow answer, a dropped connection, a redirect).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bandwidth_messaging::webhook::ReceiverBuilder;
use bandwidth_messaging::webhook::testing::LoopbackServer;
use bytes::Bytes;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the front does with one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Forward to the receiver and answer what it answered.
    Forward,
    /// Answer this status without forwarding.
    Status(u16),
    /// Answer `302` with a `Location` (never forwarded).
    Redirect,
    /// Forward, then wait this long before answering (longer than the emulator's timeout: the event is
    /// handled but the emulator sees a timeout and delivers it again).
    ForwardThenStall(Duration),
    /// Wait this long without forwarding, then close the connection.
    Stall(Duration),
    /// Close the connection without answering, without forwarding.
    Drop,
    /// Forward, then close the connection without answering.
    ForwardThenDrop,
}

/// One request the front received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Position among all requests (0-based).
    pub index: usize,
    /// The raw body.
    pub body: Bytes,
    /// How many earlier requests had the same body.
    pub earlier_same_body: usize,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// What the front did.
    pub action: Action,
}

type Policy = dyn Fn(&Seen) -> Action + Send + Sync;

/// Every request so far, and how often each body was seen.
#[derive(Default)]
struct Log {
    requests: Vec<Seen>,
    bodies: std::collections::HashMap<Bytes, usize>,
}

/// The front and its receiver.
pub struct Sink {
    /// The URL to configure as callback URL.
    pub url: String,
    seen: Arc<Mutex<Log>>,
    handled: Arc<Mutex<Vec<Value>>>,
    _backend: LoopbackServer,
    front: tokio::task::JoinHandle<()>,
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.front.abort();
    }
}

impl Sink {
    /// A sink that forwards everything to a receiver without authentication.
    pub async fn healthy() -> Sink {
        Sink::start(|_| Action::Forward, None).await
    }

    /// A sink with a failure policy and optional receiver credentials (the receiver then challenges).
    pub async fn start(
        policy: impl Fn(&Seen) -> Action + Send + Sync + 'static,
        credentials: Option<(&str, &str)>,
    ) -> Sink {
        let handled = Arc::new(Mutex::new(Vec::new()));
        let sink_handled = handled.clone();
        let mut builder = ReceiverBuilder::<Value>::new();
        if let Some((user, password)) = credentials {
            builder = builder.basic_auth(user, password);
        }
        let router = builder
            .handler(move |event: Value| {
                let handled = sink_handled.clone();
                async move {
                    handled.lock().expect("lock").push(event);
                    Ok::<(), std::convert::Infallible>(())
                }
            })
            .into_router();
        let backend = LoopbackServer::start(router)
            .await
            .expect("receiver starts");
        let backend_url = backend.url("/callbacks");

        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind front");
        let url = format!("http://{}/callbacks", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Log::default()));
        let policy: Arc<Policy> = Arc::new(policy);
        bandwidth_messaging::client::ensure_crypto_provider();
        let forwarder = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("forwarder");
        let front_seen = seen.clone();
        let front = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let seen = front_seen.clone();
                let policy = policy.clone();
                let forwarder = forwarder.clone();
                let backend_url = backend_url.clone();
                tokio::spawn(async move {
                    let _ = serve_connection(stream, seen, policy, forwarder, backend_url).await;
                });
            }
        });
        Sink {
            url,
            seen,
            handled,
            _backend: backend,
            front,
        }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").requests.clone()
    }

    /// Requests received so far.
    pub fn seen_count(&self) -> usize {
        self.seen.lock().expect("lock").requests.len()
    }

    /// Events the receiver's handler processed (each once, after dedupe).
    pub fn handled(&self) -> Vec<Value> {
        self.handled.lock().expect("lock").clone()
    }

    /// Number of events handled.
    pub fn handled_count(&self) -> usize {
        self.handled.lock().expect("lock").len()
    }
}

async fn serve_connection(
    stream: TcpStream,
    seen: Arc<Mutex<Log>>,
    policy: Arc<Policy>,
    forwarder: reqwest::Client,
    backend_url: String,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        // Request line and headers.
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut content_length = 0usize;
        let mut authorization = None;
        let mut content_type = None;
        let mut user_agent = None;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).await? == 0 {
                return Ok(());
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim().to_owned();
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => content_length = value.parse().unwrap_or(0),
                    "authorization" => authorization = Some(value),
                    "content-type" => content_type = Some(value),
                    "user-agent" => user_agent = Some(value),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; content_length];
        reader.read_exact(&mut body).await?;
        let body = Bytes::from(body);

        let action = {
            let mut log = seen.lock().expect("lock");
            let count = log.bodies.entry(body.clone()).or_insert(0);
            let earlier_same_body = *count;
            *count += 1;
            let mut request = Seen {
                index: log.requests.len(),
                earlier_same_body,
                body: body.clone(),
                authorization: authorization.clone(),
                content_type: content_type.clone(),
                user_agent,
                action: Action::Forward,
            };
            request.action = policy(&request);
            let action = request.action.clone();
            log.requests.push(request);
            action
        };

        let forward = || async {
            let mut request = forwarder.post(&backend_url).body(body.clone());
            if let Some(value) = &content_type {
                request = request.header("content-type", value);
            }
            if let Some(value) = &authorization {
                request = request.header("authorization", value);
            }
            match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let challenge = response
                        .headers()
                        .get("www-authenticate")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let bytes = response.bytes().await.unwrap_or_default();
                    (status, challenge, bytes)
                }
                Err(_) => (502, None, Bytes::new()),
            }
        };

        let (status, challenge, answer) = match action {
            Action::Forward => forward().await,
            Action::Status(status) => (status, None, Bytes::from_static(b"{}")),
            Action::Redirect => (302, None, Bytes::new()),
            Action::ForwardThenStall(wait) => {
                let _ = forward().await;
                tokio::time::sleep(wait).await;
                return Ok(());
            }
            Action::Stall(wait) => {
                tokio::time::sleep(wait).await;
                return Ok(());
            }
            Action::Drop => return Ok(()),
            Action::ForwardThenDrop => {
                let _ = forward().await;
                return Ok(());
            }
        };
        let mut head = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: {}\r\ncontent-type: application/json\r\n",
            answer.len()
        );
        if let Some(challenge) = challenge {
            head.push_str(&format!("www-authenticate: {challenge}\r\n"));
        }
        if status == 302 {
            head.push_str("location: http://127.0.0.1:9/elsewhere\r\n");
        }
        head.push_str("\r\n");
        let stream = reader.get_mut();
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&answer).await?;
        stream.flush().await?;
    }
}
