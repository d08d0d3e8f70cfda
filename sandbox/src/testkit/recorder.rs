//! A loopback webhook receiver that records what it acknowledges.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::post;
use bandwidth_messaging::generated::webhooks::Event;
use bandwidth_messaging::webhook::testing::LoopbackServer;
use bandwidth_messaging::webhook::{NoDedup, Receiver};
use http::StatusCode;
use tokio::sync::watch;

use super::admin::TestKitError;

/// The path the recorder listens on.
const PATH: &str = "/webhooks";

/// Configures a [`WebhookRecorder`].
#[derive(Debug, Clone, Default)]
pub struct WebhookRecorderBuilder {
    credentials: Option<(String, String)>,
    refuse: u32,
}

impl WebhookRecorderBuilder {
    /// Requires HTTP Basic credentials: the recorder challenges, as a real receiver would (give the
    /// same ones to [`ApplicationConfig::status_callback_credentials`](crate::ApplicationConfig::status_callback_credentials)).
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some((username.into(), password.into()));
        self
    }

    /// Answers the first `count` deliveries with `503` before accepting any (see
    /// [`WebhookRecorder::refuse_next`]).
    pub fn refuse_first(mut self, count: u32) -> Self {
        self.refuse = count;
        self
    }

    /// Starts listening on a free loopback port.
    pub async fn start(self) -> Result<WebhookRecorder, TestKitError> {
        let shared = Arc::new(Shared {
            events: Mutex::new(Vec::new()),
            changed: watch::Sender::new(0),
            refuse: AtomicU32::new(self.refuse),
            requests: AtomicU64::new(0),
        });
        let recording = shared.clone();
        let builder = Receiver::builder().dedup_store(NoDedup);
        let builder = match &self.credentials {
            Some((user, password)) => builder.basic_auth(user.clone(), password.clone()),
            None => builder,
        };
        let receiver = builder
            .handler(move |event: Event| {
                let recording = recording.clone();
                async move {
                    recording.record(event);
                    Ok::<_, std::convert::Infallible>(())
                }
            })
            .build();
        let front = shared.clone();
        let router = Router::new().route(
            PATH,
            post(move |request: Request| {
                let receiver = receiver.clone();
                let front = front.clone();
                async move {
                    front.requests.fetch_add(1, Ordering::Relaxed);
                    let refused = front
                        .refuse
                        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                        .is_ok();
                    if refused {
                        return (StatusCode::SERVICE_UNAVAILABLE, "refused by the test")
                            .into_response();
                    }
                    receiver.handle(request).await
                }
            }),
        );
        let server = LoopbackServer::start(router).await?;
        Ok(WebhookRecorder { server, shared })
    }
}

struct Shared {
    events: Mutex<Vec<Event>>,
    changed: watch::Sender<usize>,
    refuse: AtomicU32,
    requests: AtomicU64,
}

impl Shared {
    fn record(&self, event: Event) {
        let count = {
            let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
            events.push(event);
            events.len()
        };
        self.changed.send_replace(count);
    }
}

/// A webhook receiver on a loopback port that records every event it acknowledges (duplicates
/// included: it keeps no dedup store, so a redelivered event is recorded again).
///
/// ```no_run
/// use std::time::Duration;
/// use bandwidth_sandbox::testkit::WebhookRecorder;
///
/// # async fn run(message_id: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let recorder = WebhookRecorder::start().await?;
/// // register an application whose status callback is recorder.url(), send a message, then:
/// let event = recorder
///     .terminal_event(message_id, "+15551234567", Duration::from_secs(10))
///     .await?;
/// assert_eq!(event.error_code(), None);
/// # Ok(()) }
/// ```
pub struct WebhookRecorder {
    server: LoopbackServer,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for WebhookRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRecorder")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl WebhookRecorder {
    /// A recorder without authentication that accepts every delivery.
    pub async fn start() -> Result<WebhookRecorder, TestKitError> {
        WebhookRecorderBuilder::default().start().await
    }

    /// A builder (Basic auth, refused deliveries).
    pub fn builder() -> WebhookRecorderBuilder {
        WebhookRecorderBuilder::default()
    }

    /// The callback URL to register on an application.
    pub fn url(&self) -> String {
        self.server.url(PATH)
    }

    /// Answers the next `count` deliveries with `503` (the emulator then retries them).
    pub fn refuse_next(&self, count: u32) {
        self.shared.refuse.store(count, Ordering::Release);
    }

    /// HTTP requests received so far (refused, challenged and accepted ones).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Every event recorded so far, in arrival order.
    pub fn events(&self) -> Vec<Event> {
        self.shared
            .events
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits for the first recorded event that satisfies `matches`; an error after `timeout`.
    pub async fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        mut matches: impl FnMut(&Event) -> bool,
    ) -> Result<Event, TestKitError> {
        let mut changes = self.shared.changed.subscribe();
        let wait = async {
            loop {
                changes.borrow_and_update();
                if let Some(found) = self.events().into_iter().find(|event| matches(event)) {
                    return found;
                }
                if changes.changed().await.is_err() {
                    // The sender lives as long as `self`; this is unreachable but must not spin.
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::time::timeout(timeout, wait)
            .await
            .map_err(|_| TestKitError::Timeout {
                waited: timeout,
                what: what.to_owned(),
            })
    }

    /// Waits for the terminal event (`message-delivered` or `message-failed`) of `message_id` for
    /// `recipient`; an error after `timeout`.
    pub async fn terminal_event(
        &self,
        message_id: &str,
        recipient: &str,
        timeout: Duration,
    ) -> Result<Event, TestKitError> {
        self.wait_for(
            &format!("the terminal event of message {message_id} for {recipient}"),
            timeout,
            |event| {
                event.is_terminal()
                    && event.message_id() == Some(message_id)
                    && event.recipient() == Some(recipient)
            },
        )
        .await
    }

    /// Waits for the `message-received` event of an inbound message to `to`; an error after `timeout`.
    pub async fn inbound_event(
        &self,
        message_id: &str,
        timeout: Duration,
    ) -> Result<Event, TestKitError> {
        self.wait_for(
            &format!("message-received of message {message_id}"),
            timeout,
            |event| event.as_inbound().is_some() && event.message_id() == Some(message_id),
        )
        .await
    }
}
