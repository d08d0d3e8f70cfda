//! An HTTP endpoint (axum 0.8 / tower) that keeps Bandwidth's webhook delivery contract.
//!
//! For each POST the [`Receiver`]:
//! 1. checks the Basic credentials, if configured (constant-time; 401 **with** `WWW-Authenticate: Basic
//!    realm="..."` otherwise, which is what makes Bandwidth send the credentials);
//! 2. checks `Content-Type: application/json` (415), the body size (413), and parses the body, an array of
//!    events or one event object (400 for malformed JSON, an empty array, or an event that does not match its
//!    schema); unknown event types are not errors, they reach the handler as `Unknown`;
//! 3. claims each event in the [`DedupStore`] ([`DedupStore::begin`]) and calls the handler for the claimed
//!    ones in order, completing each claim after its handler succeeded and abandoning it otherwise;
//! 4. answers 200 only when every event is done; 500 when the handler failed, 503 when the deadline passed,
//!    another delivery holds the claim or the dedup store failed, so Bandwidth delivers the body again (at least once, nothing lost).
//!
//! # Timeouts
//! The handler deadline ([`ReceiverBuilder::handler_deadline`], 8 s by default) runs from the moment the
//! request's headers were read to the answer: a body that has not fully arrived by then gets **408**
//! (`body-timeout`), a handler still running gets **503** with `Retry-After`. The receiver cannot see a
//! connection before its headers arrive nor between requests, so the server it is mounted in must bound those;
//! with `axum::serve` or hyper, add:
//! - a header read timeout: `hyper_util::server::conn::auto::Builder` with `http1().header_read_timeout(..)`
//!   (e.g. 5 s) when serving connections yourself;
//! - an idle keep-alive bound and a cap on connections: `tower::limit::ConcurrencyLimitLayer` on the router
//!   (in-flight requests) and a semaphore around `accept` (connections);
//! - for routes other than the receiver: `tower_http::timeout::TimeoutLayer` (whole request) and
//!   `tower_http::timeout::RequestBodyTimeoutLayer` (body), which the receiver does not need since its deadline
//!   already covers both.
//!
//! # Replicas
//! Bandwidth delivers at least once, and a redelivery can reach another replica, or the same one while the first
//! attempt still runs. Each event is claimed in the [`DedupStore`] before its handler runs: a concurrent
//! delivery gets 503 (`event-in-progress`, with `Retry-After`), a later one 200 without the handler. Replicas
//! must share the store (`RedisDedupStore`, feature `redis`); see its docs for the exact guarantee.
//!
//! Every answer other than 200 has a JSON body `{"type": "...", "description": "..."}`. Logs (through
//! `tracing`, target `bandwidth_messaging::webhook`) name event types, message ids and positions, never message
//! text or credentials.

mod builder;
mod handler;
mod reply;

use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Request};

pub use builder::ReceiverBuilder;
pub use handler::{EventHandler, NoHandler};
use reply::Refusal;

use super::auth::BasicCredentials;
use super::dedup::{Claim, ClaimToken, DedupError, DedupKey, DedupStore, MemoryDedupStore};
use super::event::WebhookEvent;
use super::parse::parse_body_as;
use crate::generated::behaviour::webhook_delivery;
use crate::generated::webhooks::Event;

/// A webhook endpoint: a cheaply cloneable `tower::Service<Request<Body>>` that never fails (errors become
/// HTTP answers). Build one with [`ReceiverBuilder`] and mount it with `Router::route_service(path, receiver)`.
pub struct Receiver<H, S = MemoryDedupStore, Ev = Event> {
    inner: Arc<Inner<H, S, Ev>>,
}

struct Inner<H, S, Ev> {
    credentials: Option<BasicCredentials>,
    challenge: HeaderValue,
    store: S,
    deadline: Duration,
    /// How long a claim lives: the deadline plus [`Receiver::LEASE_MARGIN`].
    lease: Duration,
    /// How long a completed event is remembered: [`Receiver::DEFAULT_RETENTION`].
    retention: Duration,
    body_limit: usize,
    handler: H,
    marker: PhantomData<fn() -> Ev>,
}

impl<H, S, Ev> Clone for Receiver<H, S, Ev> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<H, S, Ev> std::fmt::Debug for Receiver<H, S, Ev> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver")
            .field("credentials", &self.inner.credentials)
            .field("deadline", &self.inner.deadline)
            .field("body_limit", &self.inner.body_limit)
            .finish_non_exhaustive()
    }
}

impl<H, S, Ev> Receiver<H, S, Ev> {
    /// The default handler deadline: 2 s below Bandwidth's documented timeout
    /// ([`webhook_delivery::TIMEOUT_SECONDS`]), leaving time for the network and the answer.
    pub const DEFAULT_DEADLINE: Duration =
        Duration::from_millis(webhook_delivery::TIMEOUT_SECONDS * 1000 - 2000);
    /// The default body limit: 1 MiB (a message event is well under 8 KiB).
    pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;
    /// The default realm of the 401 challenge.
    pub const DEFAULT_REALM: &'static str = "bandwidth-webhooks";
    /// How much longer than the deadline a claim lives. The receiver abandons a claim as soon as the deadline
    /// passes; the lease only matters when a process dies holding one, and must outlast the deadline so a slow
    /// but live attempt is never overtaken by a redelivery.
    pub const LEASE_MARGIN: Duration = Duration::from_secs(5);
    /// How long a completed event is remembered: Bandwidth's retry window
    /// ([`webhook_delivery::RETRY_WINDOW_SECONDS`]) plus one hour, so the last retry of an event is still
    /// recognised.
    pub const DEFAULT_RETENTION: Duration =
        Duration::from_secs(webhook_delivery::RETRY_WINDOW_SECONDS + 3600);
}

impl Receiver<NoHandler, MemoryDedupStore, Event> {
    /// A builder for a receiver of the generated [`Event`] (see [`ReceiverBuilder`]).
    ///
    /// ```no_run
    /// use bandwidth_messaging::generated::webhooks::Event;
    /// use bandwidth_messaging::webhook::Receiver;
    ///
    /// # async fn run() -> std::io::Result<()> {
    /// let receiver = Receiver::builder()
    ///     .basic_auth("bandwidth", "callback-password")
    ///     .handler(|event: Event| async move {
    ///         if let Some(code) = event.error_code() {
    ///             eprintln!("message {:?} failed: {code}", event.message_id());
    ///         }
    ///         Ok::<_, std::convert::Infallible>(())
    ///     })
    ///     .build();
    /// let app = axum::Router::new().route_service("/bandwidth/callbacks", receiver);
    /// let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    /// axum::serve(listener, app).await
    /// # }
    /// ```
    pub fn builder() -> ReceiverBuilder<Event> {
        ReceiverBuilder::new()
    }
}

impl<H, S, Ev> Receiver<H, S, Ev>
where
    Ev: WebhookEvent,
    H: EventHandler<Ev>,
    S: DedupStore,
{
    /// The receiver as an axum `Router` answering on **every** path: for a server that does nothing else. Do not
    /// `merge` it into an application's router: it would become that router's fallback (an unknown GET would get
    /// 405, a mistyped POST 401). Use [`router_at`](Self::router_at) for that.
    pub fn into_router(self) -> axum::Router {
        axum::Router::new().fallback_service(self)
    }

    /// The receiver as an axum `Router` answering only at `path` (e.g. `/bandwidth/status`), safe to `merge` into
    /// an application's router: its other routes and its own 404 stay as they are.
    ///
    /// ```
    /// use bandwidth_messaging::webhook::{Event, Receiver};
    ///
    /// let receiver = Receiver::builder()
    ///     .basic_auth("bw", "secret")
    ///     .handler(|_event: Event| async { Ok::<_, std::convert::Infallible>(()) })
    ///     .build();
    /// let app = axum::Router::new()
    ///     .route("/health", axum::routing::get(|| async { "ok" }))
    ///     .merge(receiver.router_at("/bandwidth/status"));
    /// # let _ = app;
    /// ```
    pub fn router_at(self, path: &str) -> axum::Router {
        axum::Router::new().route_service(path, self)
    }

    /// Handles one HTTP request end to end; the answer is never an error.
    pub async fn handle(&self, request: Request<Body>) -> Response {
        match self.process(request).await {
            Ok(()) => reply::acknowledged(),
            Err(refusal) => refusal.into_response(),
        }
    }

    async fn process(&self, request: Request<Body>) -> Result<(), Refusal> {
        let inner = &*self.inner;
        let (parts, body) = request.into_parts();
        if parts.method != Method::POST {
            return Err(Refusal::MethodNotAllowed);
        }
        if let Some(credentials) = &inner.credentials {
            let presented = parts.headers.get(AUTHORIZATION).map(HeaderValue::as_bytes);
            if !presented.is_some_and(|value| credentials.matches_header(value)) {
                if presented.is_some() {
                    tracing::warn!(target: "bandwidth_messaging::webhook", "webhook refused: wrong Basic credentials");
                } else {
                    tracing::debug!(target: "bandwidth_messaging::webhook", "webhook challenged: no credentials");
                }
                return Err(Refusal::Unauthorized {
                    challenge: inner.challenge.clone(),
                });
            }
        }
        if !is_json(&parts.headers) {
            tracing::warn!(target: "bandwidth_messaging::webhook", content_type = ?parts.headers.get(CONTENT_TYPE),
                "webhook refused: not application/json");
            return Err(Refusal::UnsupportedContentType);
        }
        // The deadline covers the rest of the request: reading the body (a slow body cannot hold the connection
        // past it), parsing, and every handler call.
        let mut progress = Progress::default();
        let run = self.read_and_run(parts.headers, body, &mut progress);
        match within(inner.deadline, run).await {
            Ok(result) => result,
            Err(_elapsed) if !progress.body_read => {
                tracing::warn!(target: "bandwidth_messaging::webhook", deadline_ms = inner.deadline.as_millis(),
                    "webhook refused: the body did not arrive within the deadline");
                Err(Refusal::BodyTimeout {
                    deadline_ms: inner.deadline.as_millis(),
                })
            }
            Err(_elapsed) => {
                let (handled, count) = (progress.handled, progress.count);
                tracing::warn!(target: "bandwidth_messaging::webhook", deadline_ms = inner.deadline.as_millis(),
                    handled, count, "webhook not acknowledged: handler deadline passed");
                Err(Refusal::DeadlineExceeded {
                    deadline_ms: inner.deadline.as_millis(),
                    handled,
                    count,
                    retry_after: self.retry_after(),
                })
            }
        }
    }

    /// Seconds a 503 asks Bandwidth to wait: the deadline rounded up, by which time a claim held by a
    /// concurrent delivery has been completed or abandoned.
    fn retry_after(&self) -> u64 {
        self.inner.deadline.as_secs() + u64::from(self.inner.deadline.subsec_nanos() > 0)
    }

    async fn read_and_run(
        &self,
        headers: HeaderMap,
        body: Body,
        progress: &mut Progress,
    ) -> Result<(), Refusal> {
        let inner = &*self.inner;
        let bytes = read_limited(&headers, body, inner.body_limit).await?;
        progress.body_read = true;
        let events = parse_body_as::<Ev>(&bytes).map_err(|error| {
            tracing::warn!(target: "bandwidth_messaging::webhook", kind = error.kind(), position = %ErrorPosition(&error),
                bytes = bytes.len(), "webhook refused: body does not parse");
            Refusal::Parse(error)
        })?;
        progress.count = events.len();
        self.run_handlers(events, &mut progress.handled).await
    }

    async fn run_handlers(&self, events: Vec<Ev>, handled: &mut usize) -> Result<(), Refusal> {
        let inner = &*self.inner;
        let count = events.len();
        for (index, event) in events.into_iter().enumerate() {
            let key = if S::ENABLED { event.dedup_key() } else { None };
            let guard = match &key {
                None => None,
                Some(key) => match inner.store.begin(key, inner.lease).await {
                    Ok(Claim::Claimed(token)) => Some(ClaimGuard {
                        inner: Some(Arc::clone(&self.inner)),
                        key: key.clone(),
                        token,
                    }),
                    Ok(Claim::Done) => {
                        tracing::debug!(target: "bandwidth_messaging::webhook", index, event_type = event.event_type(),
                            message_id = event.message_id(), "duplicate webhook event acknowledged without the handler");
                        *handled += 1;
                        continue;
                    }
                    Ok(Claim::InProgress) => {
                        tracing::info!(target: "bandwidth_messaging::webhook", index, event_type = event.event_type(),
                            message_id = event.message_id(), "webhook not acknowledged: the event is being handled by another delivery");
                        return Err(Refusal::InProgress {
                            index,
                            retry_after: self.retry_after(),
                        });
                    }
                    Err(error) => {
                        tracing::error!(target: "bandwidth_messaging::webhook", %error,
                            "webhook not acknowledged: dedup store failed");
                        return Err(Refusal::DedupUnavailable {
                            retry_after: self.retry_after(),
                        });
                    }
                },
            };
            let event_type = event.event_type().to_owned();
            let message_id = event.message_id().map(str::to_owned);
            if let Err(error) = inner.handler.handle(event).await {
                tracing::warn!(target: "bandwidth_messaging::webhook", index, count, %event_type, ?message_id,
                    %error, "webhook not acknowledged: handler failed");
                if let Some(guard) = guard {
                    guard.abandon().await;
                }
                return Err(Refusal::HandlerFailed {
                    index,
                    count,
                    event_type,
                });
            }
            tracing::debug!(target: "bandwidth_messaging::webhook", index, %event_type, ?message_id, "webhook event handled");
            *handled += 1;
            if let Some(guard) = guard
                && let Err(error) = guard.complete().await
            {
                tracing::warn!(target: "bandwidth_messaging::webhook", %error, %event_type, ?message_id,
                    "webhook event handled but not recorded: a redelivery may reach the handler again");
            }
        }
        Ok(())
    }
}

/// How far a request got before its deadline.
#[derive(Default)]
struct Progress {
    body_read: bool,
    count: usize,
    handled: usize,
}

/// A live claim on one event. Completing or abandoning it consumes it; dropping it otherwise (the handler's
/// future was cancelled: deadline passed, client went away) abandons the claim from a spawned task, so the
/// next delivery need not wait for the lease to lapse.
struct ClaimGuard<H: Send + Sync + 'static, S: DedupStore, Ev: 'static> {
    inner: Option<Arc<Inner<H, S, Ev>>>,
    key: DedupKey,
    token: ClaimToken,
}

impl<H: Send + Sync + 'static, S: DedupStore, Ev: 'static> ClaimGuard<H, S, Ev> {
    async fn complete(mut self) -> Result<(), DedupError> {
        let inner = self.inner.take().expect("a guard is consumed once");
        inner
            .store
            .complete(&self.key, self.token, inner.retention)
            .await
    }

    async fn abandon(mut self) {
        let inner = self.inner.take().expect("a guard is consumed once");
        if let Err(error) = inner.store.abandon(&self.key, self.token).await {
            tracing::warn!(target: "bandwidth_messaging::webhook", %error,
                "claim not released: the next delivery waits for its lease to lapse");
        }
    }
}

impl<H: Send + Sync + 'static, S: DedupStore, Ev: 'static> Drop for ClaimGuard<H, S, Ev> {
    fn drop(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        let (key, token) = (self.key.clone(), self.token);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            if let Err(error) = inner.store.abandon(&key, token).await {
                tracing::warn!(target: "bandwidth_messaging::webhook", %error,
                    "claim not released: the next delivery waits for its lease to lapse");
            }
        });
    }
}

/// Runs `future` to completion or until `deadline` has passed since the call. The timer is only armed when
/// the future does not finish on its first poll: a handler that completes without waiting costs no timer
/// registration (which, in a multi-threaded runtime, can mean waking the thread that drives the timers).
async fn within<F: Future>(
    deadline: Duration,
    future: F,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    let started = tokio::time::Instant::now();
    let mut future = std::pin::pin!(future);
    let first = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await;
    match first {
        Poll::Ready(output) => Ok(output),
        Poll::Pending => tokio::time::timeout_at(started + deadline, future).await,
    }
}

/// `line:column` / `event N` of a parse error, for logs.
struct ErrorPosition<'a>(&'a super::ParseError);

impl std::fmt::Display for ErrorPosition<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            super::ParseError::Syntax { line, column, .. } => write!(f, "{line}:{column}"),
            super::ParseError::Event {
                index,
                line,
                column,
                ..
            } => write!(f, "event {index} at {line}:{column}"),
            _ => f.write_str("-"),
        }
    }
}

/// `Content-Type` is `application/json`, with or without parameters, in any case.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the whole body, refusing it as soon as it exceeds `limit` bytes (by `Content-Length` or while reading).
async fn read_limited(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Refusal> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        tracing::warn!(target: "bandwidth_messaging::webhook", limit, declared, "webhook refused: body over the limit");
        return Err(Refusal::TooLarge { limit });
    }
    let capacity = declared.map_or(0, |length| length as usize);
    let mut collected = BytesMut::with_capacity(capacity);
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| {
            tracing::warn!(target: "bandwidth_messaging::webhook", %error, "webhook refused: body could not be read");
            Refusal::BodyRead
        })?;
        if collected.len() + chunk.len() > limit {
            tracing::warn!(target: "bandwidth_messaging::webhook", limit, "webhook refused: body over the limit");
            return Err(Refusal::TooLarge { limit });
        }
        collected.extend_from_slice(&chunk);
    }
    Ok(collected.freeze())
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<H, S, Ev> tower::Service<Request<Body>> for Receiver<H, S, Ev>
where
    Ev: WebhookEvent,
    H: EventHandler<Ev>,
    S: DedupStore,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let receiver = self.clone();
        Box::pin(async move { Ok(receiver.handle(request).await) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(chunks: usize, size: usize) -> Body {
        let stream = futures_util::stream::iter(
            (0..chunks).map(move |_| Ok::<_, Infallible>(Bytes::from(vec![b' '; size]))),
        );
        Body::from_stream(stream)
    }

    #[tokio::test]
    async fn the_deadline_applies_to_futures_that_wait_and_not_to_ready_ones() {
        assert_eq!(within(Duration::ZERO, async { 7 }).await.ok(), Some(7));
        let slow = within(
            Duration::from_millis(20),
            tokio::time::sleep(Duration::from_secs(30)),
        )
        .await;
        assert!(slow.is_err());
        let yields = async {
            tokio::task::yield_now().await;
            8
        };
        assert_eq!(within(Duration::from_secs(5), yields).await.ok(), Some(8));
    }

    #[tokio::test]
    async fn a_streamed_body_is_cut_off_at_the_limit() {
        let headers = HeaderMap::new();
        let read = read_limited(&headers, chunked(4, 100), 400).await;
        assert!(matches!(read, Ok(bytes) if bytes.len() == 400));
        let read = read_limited(&headers, chunked(5, 100), 400).await;
        assert!(matches!(read, Err(Refusal::TooLarge { limit: 400 })));
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_before_reading() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("401"));
        let read = read_limited(&headers, chunked(0, 0), 400).await;
        assert!(matches!(read, Err(Refusal::TooLarge { limit: 400 })));
    }

    #[test]
    fn json_content_types() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("application/json; charset=utf-8"));
        assert!(with(" APPLICATION/JSON ;charset=UTF-8"));
        assert!(!with("application/jsonx"));
        assert!(!with("text/json"));
        assert!(!with("application/x-www-form-urlencoded"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
