//! Delivering a webhook body the way Bandwidth does: one delivery attempt, with the Basic challenge flow.

use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http::header::{AUTHORIZATION, CONTENT_TYPE, USER_AGENT, WWW_AUTHENTICATE};

use crate::generated::behaviour::webhook_delivery;
use crate::webhook::BasicCredentials;

/// The `User-Agent` Bandwidth sends with webhooks.
pub const USER_AGENT_VALUE: &str = "BandwidthAPI/v2";

/// How long one POST may take before it counts as not delivered ([`webhook_delivery::TIMEOUT_SECONDS`]).
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(webhook_delivery::TIMEOUT_SECONDS);

/// What became of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered {
        /// The status it answered.
        status: StatusCode,
        /// `true` when the answer came to the second POST, sent with credentials after a challenge.
        authenticated: bool,
    },
    /// The receiver answered a status other than 2xx (3xx included: Bandwidth does not follow redirects)
    /// and other than the 401 handled by the challenge flow.
    Rejected {
        /// The status it answered.
        status: StatusCode,
        /// The first 512 bytes of the answer's body, lossily decoded, for diagnostics.
        body: String,
    },
    /// The challenge flow did not complete.
    ChallengeFailed(ChallengeFailure),
    /// No answer within the timeout ([`DELIVERY_TIMEOUT`] unless configured otherwise).
    Timeout,
    /// The connection failed (refused, reset, DNS, TLS, ...).
    Connection {
        /// What the HTTP client said.
        error: String,
    },
}

/// How a challenge flow failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeFailure {
    /// 401 without `WWW-Authenticate: Basic ...`: Bandwidth does not send credentials and the event is not
    /// delivered.
    NoChallenge,
    /// 401 with a Basic challenge, but no credentials are configured for this callback.
    NoCredentials,
    /// 401 again after the credentials were sent.
    CredentialsRejected,
}

impl DeliveryOutcome {
    /// `true` for [`DeliveryOutcome::Delivered`].
    pub fn is_delivered(&self) -> bool {
        matches!(self, DeliveryOutcome::Delivered { .. })
    }

    /// Whether Bandwidth's rules call for another attempt later: on a timeout, a connection error, or a
    /// status outside 2xx. Bandwidth retries "on a timeout or a status below 2xx or above 3xx" for 24 hours
    /// (messaging overview and webhooks page), so a 401 is retried like any 4xx: after credentials were
    /// rejected, and after a 401 *without* a challenge (the challenge documentation's "no second attempt"
    /// is the credentialed re-send within the attempt, which does not happen; the retry ladder still
    /// applies). Not when a challenge came but no credentials are configured to answer it with (nothing
    /// later can change that; Bandwidth's behaviour there is not documented).
    pub fn should_retry(&self) -> bool {
        match self {
            DeliveryOutcome::Delivered { .. } => false,
            DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoCredentials) => false,
            DeliveryOutcome::ChallengeFailed(
                ChallengeFailure::NoChallenge | ChallengeFailure::CredentialsRejected,
            )
            | DeliveryOutcome::Rejected { .. }
            | DeliveryOutcome::Timeout
            | DeliveryOutcome::Connection { .. } => true,
        }
    }
}

/// One delivery attempt of an already serialized body, as Bandwidth makes it: `POST url` with
/// `Content-Type: application/json` and `User-Agent: BandwidthAPI/v2`, first without `Authorization`; on a 401
/// carrying `WWW-Authenticate: Basic ...` and when `credentials` are given, the same POST again with them.
/// Each POST may take [`DELIVERY_TIMEOUT`].
///
/// Pass a client that does not follow redirects ([`sender_client`] builds one): Bandwidth treats a 3xx as not
/// delivered. The emulator calls this for every attempt of its retry ladder, with the same body each time.
pub async fn deliver_body(
    client: &reqwest::Client,
    url: &str,
    body: Bytes,
    credentials: Option<&BasicCredentials>,
) -> DeliveryOutcome {
    deliver_body_with_timeout(client, url, body, credentials, DELIVERY_TIMEOUT).await
}

/// [`deliver_body`] with another per-POST timeout (e.g. a scaled-down one in tests).
pub async fn deliver_body_with_timeout(
    client: &reqwest::Client,
    url: &str,
    body: Bytes,
    credentials: Option<&BasicCredentials>,
    timeout: Duration,
) -> DeliveryOutcome {
    let first = match post(client, url, body.clone(), None, timeout).await {
        Ok(response) => response,
        Err(outcome) => return outcome,
    };
    if first.status() != StatusCode::UNAUTHORIZED {
        return finish(first, false).await;
    }
    if !is_basic_challenge(&first) {
        return DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoChallenge);
    }
    let Some(credentials) = credentials else {
        return DeliveryOutcome::ChallengeFailed(ChallengeFailure::NoCredentials);
    };
    let second = match post(client, url, body, Some(credentials), timeout).await {
        Ok(response) => response,
        Err(outcome) => return outcome,
    };
    if second.status() == StatusCode::UNAUTHORIZED {
        return DeliveryOutcome::ChallengeFailed(ChallengeFailure::CredentialsRejected);
    }
    finish(second, true).await
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    body: Bytes,
    credentials: Option<&BasicCredentials>,
    timeout: Duration,
) -> Result<reqwest::Response, DeliveryOutcome> {
    let mut request = client
        .post(url)
        .header(CONTENT_TYPE, webhook_delivery::CONTENT_TYPE)
        .header(USER_AGENT, USER_AGENT_VALUE)
        .timeout(timeout)
        .body(body);
    if let Some(credentials) = credentials {
        request = request.header(AUTHORIZATION, credentials.authorization());
    }
    request.send().await.map_err(|error| classify(&error))
}

fn classify(error: &reqwest::Error) -> DeliveryOutcome {
    if error.is_timeout() {
        DeliveryOutcome::Timeout
    } else {
        DeliveryOutcome::Connection {
            error: error_chain(error),
        }
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A `WWW-Authenticate` header offering the Basic scheme (alone, or among other challenges separated by commas).
fn is_basic_challenge(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .any(|value| {
            value.as_bytes().split(|&b| b == b',').any(|part| {
                let part = part.trim_ascii_start();
                part.len() >= 5
                    && part[..5].eq_ignore_ascii_case(b"basic")
                    && part.get(5).is_none_or(|b| *b == b' ')
            })
        })
}

async fn finish(response: reqwest::Response, authenticated: bool) -> DeliveryOutcome {
    let status = response.status();
    if status.is_success() {
        return DeliveryOutcome::Delivered {
            status,
            authenticated,
        };
    }
    let body = match response.bytes().await {
        Ok(bytes) => String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).into_owned(),
        Err(error) if error.is_timeout() => return DeliveryOutcome::Timeout,
        Err(_) => String::new(),
    };
    DeliveryOutcome::Rejected { status, body }
}

/// A `reqwest::Client` suited to webhook delivery: no redirects followed, no proxy from the environment, and
/// the `ring` TLS provider installed as the process default when none is.
pub fn sender_client() -> Result<reqwest::Client, reqwest::Error> {
    crate::client::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(USER_AGENT_VALUE)
        .build()
}
