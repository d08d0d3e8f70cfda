//! One delivery attempt, made with the crate's Bandwidth-style sender
//! ([`bandwidth_messaging::webhook::testing::deliver_body_with_timeout`]).
//!
//! The challenge flow (Bandwidth's): the first request has no `Authorization`; a `401` carrying
//! `WWW-Authenticate: Basic ...` makes the sender POST the same body again with the application's
//! credentials, within the same attempt. Success is any 2xx. 3xx is not followed and counts as not
//! delivered (our rule), like 1xx, 4xx, 5xx, a timeout and a connection error: those are retried along
//! the ladder (Bandwidth: "a timeout or a status below 2xx or above 3xx"). A `401` without a challenge
//! is such a 4xx and follows the ladder too, unless the configuration's
//! `give_up_on_unchallenged_401` (our option, off by default) gives it up at once. A challenge when the
//! application has no credentials is "not delivered" without a retry (it cannot succeed without a
//! configuration change).

use std::time::Duration;

use bandwidth_messaging::webhook::BasicCredentials;
use bandwidth_messaging::webhook::testing::{
    ChallengeFailure, DeliveryOutcome, deliver_body_with_timeout,
};
use bytes::Bytes;

/// Where an event goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The callback URL.
    pub url: String,
    /// Credentials for the challenge flow.
    pub credentials: Option<BasicCredentials>,
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptOutcome {
    /// A 2xx answer was received.
    pub delivered: bool,
    /// Whether a later attempt may succeed (false for a delivered event, and for a challenge failure).
    pub retry: bool,
    /// Short description: `delivered`, `http-503`, `http-302 (redirect not followed)`, `timeout`,
    /// `connection-error: ...`, `http-401 (no Basic challenge)`.
    pub result: String,
    /// The last HTTP status received.
    pub http_status: Option<u16>,
    /// Whether the request was sent a second time with credentials.
    pub challenged: bool,
    /// The answer was a `401` without a Basic challenge.
    pub unchallenged_401: bool,
}

impl AttemptOutcome {
    /// A retryable failure that happened before any request (e.g. no callback URL configured).
    pub fn not_sent(reason: impl Into<String>) -> Self {
        AttemptOutcome {
            delivered: false,
            retry: true,
            result: reason.into(),
            http_status: None,
            challenged: false,
            unchallenged_401: false,
        }
    }

    fn from_outcome(outcome: DeliveryOutcome) -> Self {
        let retry = outcome.should_retry();
        let unchallenged_401 = matches!(
            outcome,
            DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoChallenge)
        );
        let (delivered, result, http_status, challenged) = match outcome {
            DeliveryOutcome::Delivered {
                status,
                authenticated,
            } => (
                true,
                "delivered".to_owned(),
                Some(status.as_u16()),
                authenticated,
            ),
            DeliveryOutcome::Rejected { status, .. } if status.is_redirection() => (
                false,
                format!("http-{} (redirect not followed)", status.as_u16()),
                Some(status.as_u16()),
                false,
            ),
            DeliveryOutcome::Rejected { status, .. } => (
                false,
                format!("http-{}", status.as_u16()),
                Some(status.as_u16()),
                false,
            ),
            DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoChallenge) => (
                false,
                "http-401 (no Basic challenge)".to_owned(),
                Some(401),
                false,
            ),
            DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoCredentials) => (
                false,
                "http-401 (challenge, but the application has no callback credentials)".to_owned(),
                Some(401),
                false,
            ),
            DeliveryOutcome::ChallengeFailed(ChallengeFailure::CredentialsRejected) => (
                false,
                "http-401 (credentials rejected)".to_owned(),
                Some(401),
                true,
            ),
            DeliveryOutcome::Timeout => (false, "timeout".to_owned(), None, false),
            DeliveryOutcome::Connection { error } => {
                (false, format!("connection-error: {error}"), None, false)
            }
        };
        AttemptOutcome {
            delivered,
            retry: retry && !delivered,
            result,
            http_status,
            challenged,
            unchallenged_401,
        }
    }
}

/// Builds the HTTP client deliveries use: no redirects, no proxy, keep-alive, rustls for `https`.
pub fn http_client(concurrency: usize) -> Result<reqwest::Client, reqwest::Error> {
    bandwidth_messaging::client::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .pool_max_idle_per_host(concurrency)
        .pool_idle_timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .build()
}

/// Makes one attempt (see the module documentation).
pub async fn attempt(
    client: &reqwest::Client,
    target: &Target,
    body: &Bytes,
    timeout: Duration,
) -> AttemptOutcome {
    let outcome = deliver_body_with_timeout(
        client,
        &target.url,
        body.clone(),
        target.credentials.as_ref(),
        timeout,
    )
    .await;
    AttemptOutcome::from_outcome(outcome)
}
