//! The HTTP/1.1 accept loop: a header, body and idle timeout per connection, a cap on connections
//! served at once, and graceful shutdown with a deadline after which connections are dropped.
//!
//! * Header timeout: from the first byte of a request to the end of its headers.
//! * Body timeout: from the end of the headers to the end of the body; the answer is `408`
//!   `request-timeout` and the connection is closed.
//! * Idle timeout: a connection with no request in progress and no byte read or written.
//! * Connection cap: one connection more than `max_connections` is answered `503`
//!   `service-unavailable` (Bandwidth's JSON error shape) and closed without being read.
//! * Shutdown: stop accepting, let each connection finish the request in progress (keep-alive is
//!   turned off), and after `shutdown_grace_ms` drop whatever is still open.

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::CONNECTION;
use http::{HeaderValue, Request};
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::time::Sleep;
use tower::ServiceExt;

use crate::api::error::ApiError;
use crate::config::ConnectionConfig;

/// The limits of [`ConnectionConfig`] as durations.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    header: Duration,
    body: Duration,
    idle: Duration,
    max_connections: u32,
    grace: Duration,
}

impl From<&ConnectionConfig> for Limits {
    fn from(config: &ConnectionConfig) -> Self {
        Limits {
            header: Duration::from_millis(config.header_timeout_ms),
            body: Duration::from_millis(config.body_timeout_ms),
            idle: Duration::from_millis(config.idle_timeout_ms),
            max_connections: u32::try_from(config.max_connections)
                .unwrap_or(u32::MAX)
                .min(Semaphore::MAX_PERMITS as u32),
            grace: Duration::from_millis(config.shutdown_grace_ms),
        }
    }
}

impl Limits {
    /// How often a connection's timers are looked at.
    fn tick(&self) -> Duration {
        (self.header.min(self.idle) / 4).clamp(Duration::from_millis(5), Duration::from_millis(250))
    }
}

/// Where shutdown is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Serving,
    Draining,
    Dropping,
}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), then shuts down as the
/// module documentation says. Returns when every connection is closed or dropped.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections as usize));
    let (phase, phase_seen) = watch::channel(Phase::Serving);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Out of file descriptors and the like: wait a little instead of spinning.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                match permits.clone().try_acquire_owned() {
                    Ok(permit) => {
                        let connection = connection(stream, peer, app.clone(), limits, phase_seen.clone());
                        tokio::spawn(async move {
                            connection.await;
                            drop(permit);
                        });
                    }
                    Err(_) => {
                        tracing::debug!(%peer, "connection cap reached: answering 503");
                        tokio::spawn(refuse(stream));
                    }
                }
            }
        }
    }
    drop(listener);
    let _ = phase.send(Phase::Draining);
    let all = limits.max_connections;
    if tokio::time::timeout(limits.grace, permits.acquire_many(all))
        .await
        .is_err()
    {
        let open = all as usize - permits.available_permits();
        tracing::warn!(
            open,
            "shutdown deadline passed: dropping connections still open"
        );
        let _ = phase.send(Phase::Dropping);
        let _ = tokio::time::timeout(Duration::from_secs(1), permits.acquire_many(all)).await;
    }
}

/// What a connection has been doing, for its timers.
#[derive(Debug)]
struct Activity {
    opened: Instant,
    /// Milliseconds since `opened` of the last byte read or written.
    last_ms: AtomicU64,
    /// Milliseconds since `opened` of the first byte of a request whose headers are not complete yet.
    head_started_ms: AtomicU64,
    /// Requests whose answer is not complete yet.
    in_flight: AtomicUsize,
}

const NONE: u64 = u64::MAX;

impl Activity {
    fn new() -> Self {
        Activity {
            opened: Instant::now(),
            last_ms: AtomicU64::new(0),
            head_started_ms: AtomicU64::new(NONE),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(NONE - 1)
    }

    fn read(&self) {
        let now = self.now_ms();
        self.last_ms.store(now, Ordering::Relaxed);
        if self.in_flight.load(Ordering::Relaxed) == 0 {
            let _ = self.head_started_ms.compare_exchange(
                NONE,
                now,
                Ordering::Relaxed,
                Ordering::Relaxed,
            );
        }
    }

    fn wrote(&self) {
        self.last_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    /// Resolves when the header or the idle timeout has passed.
    async fn expired(&self, limits: Limits) -> &'static str {
        let header_ms = u64::try_from(limits.header.as_millis()).unwrap_or(NONE);
        let idle_ms = u64::try_from(limits.idle.as_millis()).unwrap_or(NONE);
        let mut tick = tokio::time::interval(limits.tick());
        loop {
            tick.tick().await;
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                continue;
            }
            let now = self.now_ms();
            let head = self.head_started_ms.load(Ordering::Relaxed);
            if head != NONE {
                if now.saturating_sub(head) >= header_ms {
                    return "header timeout";
                }
            } else if now.saturating_sub(self.last_ms.load(Ordering::Relaxed)) >= idle_ms {
                return "idle timeout";
            }
        }
    }
}

/// Counts a request as in progress while alive.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        activity.head_started_ms.store(NONE, Ordering::Relaxed);
        InFlight(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.wrote();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves one connection until it ends, a timer expires or shutdown drops it.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut phase: watch::Receiver<Phase>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let service_activity = activity.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let in_flight = InFlight::new(service_activity.clone());
        let app = app.clone();
        async move {
            let response = answer(app, request, peer, limits.body).await;
            drop(in_flight);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(conn);
    if *phase.borrow_and_update() != Phase::Serving {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%peer, %error, "connection ended with an error");
                }
                return;
            }
            why = activity.expired(limits) => {
                tracing::debug!(%peer, why, "closing a connection");
                return;
            }
            changed = phase.changed() => {
                let now = *phase.borrow_and_update();
                if changed.is_err() || now == Phase::Dropping {
                    tracing::debug!(%peer, "dropping a connection at the shutdown deadline");
                    return;
                }
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Runs one request through the router with the body deadline and the peer address.
async fn answer(
    app: Router,
    request: Request<Incoming>,
    peer: SocketAddr,
    body_timeout: Duration,
) -> Response {
    let timed_out = Arc::new(AtomicBool::new(false));
    let deadline = timed_out.clone();
    let mut request = request.map(|body| {
        Body::new(DeadlineBody {
            inner: body,
            sleep: Box::pin(tokio::time::sleep(body_timeout)),
            timed_out: deadline,
        })
    });
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if timed_out.load(Ordering::Relaxed) {
        tracing::debug!(%peer, "request body timeout");
        let mut response = ApiError::RequestTimeout.into_response();
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    response
}

/// Answers `503` without reading the request, then closes.
async fn refuse(mut stream: TcpStream) {
    let body = ApiError::Unavailable.body().to_string();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        stream.shutdown().await?;
        // Read (a bounded amount of) what the client sent so closing is not a reset.
        let mut sink = [0u8; 4096];
        let mut left = 64 * 1024usize;
        while left > 0 {
            let n = stream.read(&mut sink).await?;
            if n == 0 {
                break;
            }
            left = left.saturating_sub(n);
        }
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// A request body that fails once its deadline passes.
struct DeadlineBody {
    inner: Incoming,
    sleep: Pin<Box<Sleep>>,
    timed_out: Arc<AtomicBool>,
}

/// The error of a [`DeadlineBody`] past its deadline.
#[derive(Debug, thiserror::Error)]
#[error("the request body was not received in time")]
struct BodyTimeout;

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = Box<dyn StdError + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.timed_out.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(Box::new(BodyTimeout))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A TCP stream that records when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
