//! Typed access to the admin API: the delivery log and inbound injection.

use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::StoreError;

/// What went wrong in the test kit.
#[derive(Debug, thiserror::Error)]
pub enum TestKitError {
    /// The admin API could not be reached or answered something unreadable.
    #[error("admin API request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The admin API refused the request.
    #[error("admin API answered {status}: {message}")]
    Admin {
        /// HTTP status.
        status: u16,
        /// The `error` of the answer.
        message: String,
    },
    /// The emulator's database failed.
    #[error(transparent)]
    Store(StoreError),
    /// A wait ran out.
    #[error("timed out after {waited:?} waiting for {what}")]
    Timeout {
        /// How long it waited.
        waited: Duration,
        /// What it waited for.
        what: String,
    },
    /// The webhook recorder could not listen.
    #[error("the webhook recorder cannot listen: {0}")]
    Listen(#[from] std::io::Error),
}

/// Where an event of the delivery log stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryState {
    /// Not yet acknowledged; another attempt is due.
    Pending,
    /// Acknowledged with a 2xx.
    Delivered,
    /// The retry window ran out.
    GivenUp,
}

/// One webhook event of the delivery log with every attempt.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Delivery {
    /// Outbox id (the admin API's `id`).
    pub id: i64,
    /// The message the event is about.
    pub message_id: String,
    /// The application whose callback URL receives it.
    pub application_id: String,
    /// `outbound` (status callback) or `inbound`.
    pub callback: String,
    /// The event's `type`, e.g. `message-delivered`.
    pub event_type: String,
    /// The recipient the event is about (`to`).
    pub recipient: String,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: u32,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<Timestamp>,
    /// Result of the last attempt (`delivered`, `http-503`, `timeout`, ...).
    pub last_result: Option<String>,
    /// When it was delivered or given up.
    pub finished_at: Option<Timestamp>,
    /// Every attempt, oldest first.
    pub attempt_log: Vec<Attempt>,
}

/// One attempt to deliver a webhook event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// When it started.
    pub started_at: Timestamp,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
    /// What happened: `delivered`, `http-503`, `timeout`, `connect-error: ...`.
    pub result: String,
    /// The final HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// Whether the receiver challenged and the request was repeated with credentials.
    pub challenged: bool,
    /// When the next attempt was scheduled, if one was.
    pub next_attempt_at: Option<Timestamp>,
}

/// Filters of [`TestSandbox::deliveries`](super::TestSandbox::deliveries); all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryFilter {
    /// Only this message's events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Only this application's events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// Only events in this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<DeliveryState>,
    /// Only this event type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
}

impl DeliveryFilter {
    /// Every event of one message.
    pub fn message(message_id: impl Into<String>) -> Self {
        DeliveryFilter {
            message_id: Some(message_id.into()),
            ..DeliveryFilter::default()
        }
    }
}

/// An inbound message to inject (see [`TestSandbox::inject_inbound`](super::TestSandbox::inject_inbound)).
/// Its text goes into the webhook only; the emulator does not store it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inbound {
    /// The application whose inbound callback URL gets `message-received`.
    pub application_id: String,
    /// The sender (a handset).
    pub from: String,
    /// Your numbers that receive it.
    pub to: Vec<String>,
    /// The text.
    pub text: String,
    /// Media URLs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<String>,
}

impl Inbound {
    /// A text message from `from` to `to` for `application_id`.
    pub fn text(
        application_id: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Inbound {
            application_id: application_id.into(),
            from: from.into(),
            to: vec![to.into()],
            text: text.into(),
            media: Vec::new(),
        }
    }
}

/// An HTTP client for the emulator's admin API.
#[derive(Debug, Clone)]
pub(super) struct AdminClient {
    http: reqwest::Client,
    base: String,
}

impl AdminClient {
    pub(super) fn new(base: &str) -> Result<Self, reqwest::Error> {
        let http = bandwidth_messaging::client::http_client_builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(AdminClient {
            http,
            base: format!("{base}/admin"),
        })
    }

    async fn read<T: serde::de::DeserializeOwned>(
        response: reqwest::Response,
    ) -> Result<T, TestKitError> {
        let status = response.status();
        if !status.is_success() {
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            return Err(TestKitError::Admin {
                status: status.as_u16(),
                message: body["error"].as_str().unwrap_or_default().to_owned(),
            });
        }
        Ok(response.json().await?)
    }

    pub(super) async fn deliveries(
        &self,
        filter: &DeliveryFilter,
    ) -> Result<Vec<Delivery>, TestKitError> {
        let mut url = format!("{}/deliveries?limit=10000", self.base);
        let query = serde_json::to_value(filter).unwrap_or_default();
        if let Some(fields) = query.as_object() {
            for (name, value) in fields {
                if let Some(value) = value.as_str() {
                    let value = percent_encoding::utf8_percent_encode(
                        value,
                        percent_encoding::NON_ALPHANUMERIC,
                    );
                    url.push_str(&format!("&{name}={value}"));
                }
            }
        }
        Self::read(self.http.get(url).send().await?).await
    }

    pub(super) async fn inject_inbound(
        &self,
        account_id: &str,
        inbound: &Inbound,
    ) -> Result<Vec<String>, TestKitError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Accepted {
            message_ids: Vec<String>,
        }
        let url = format!("{}/accounts/{account_id}/inbound", self.base);
        let accepted: Accepted =
            Self::read(self.http.post(url).json(inbound).send().await?).await?;
        Ok(accepted.message_ids)
    }
}
