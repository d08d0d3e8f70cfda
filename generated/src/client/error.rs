//! [`Error`]: everything a client call can fail with, in one type to match on.

use std::error::Error as StdError;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

use super::validate::ValidationError;
use crate::generated::models::{CreateMessageRequestError, FieldError, MessagingRequestError};
use crate::operation::{DecodeError, EncodeError};

/// A failed client call.
///
/// The documented error statuses each have a variant holding the body Bandwidth documents for them; any other
/// status (or a documented one whose body is not the documented shape, such as the plain `404` pages the API
/// sometimes sends) is [`Error::UnexpectedStatus`] with the raw body. `Display` is one line naming the
/// operation and what happened; it never contains credentials or message text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `400 Bad Request`: the server rejected the request; `body.field_errors` names the fields for
    /// `createMessage`.
    #[error("{operation}: 400 Bad Request: {}", describe_create(body))]
    BadRequest {
        /// The operationId.
        operation: &'static str,
        /// The error body (operations other than `createMessage` never fill `field_errors`).
        body: Box<CreateMessageRequestError>,
    },
    /// `401 Unauthorized`: bad credentials, or no access to this account.
    #[error("{operation}: 401 Unauthorized: {}", describe(body))]
    Unauthorized {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// `403 Forbidden`: the user has no access to the Messaging API.
    #[error("{operation}: 403 Forbidden: {}", describe(body))]
    Forbidden {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// `404 Not Found` (for media: no file with this id). Bandwidth documents this body as unreliable, so it is
    /// kept raw when it is not the documented shape.
    #[error("{operation}: 404 Not Found{}", describe_not_found(body))]
    NotFound {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: NotFoundBody,
    },
    /// `405 Method Not Allowed`.
    #[error("{operation}: 405 Method Not Allowed: {}", describe(body))]
    MethodNotAllowed {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// `406 Not Acceptable`.
    #[error("{operation}: 406 Not Acceptable: {}", describe(body))]
    NotAcceptable {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// `415 Unsupported Media Type`.
    #[error("{operation}: 415 Unsupported Media Type: {}", describe(body))]
    UnsupportedMediaType {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// `429 Too Many Requests`: a rate limit or the account's message queue is full. Returned once the retry
    /// policy gave up (or when `Retry-After` was longer than it waits).
    #[error("{operation}: 429 Too Many Requests{}: {}", fmt_retry_after(*retry_after), describe(body))]
    TooManyRequests {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
    },
    /// `500 Internal Server Error`.
    #[error("{operation}: 500 Internal Server Error: {}", describe(body))]
    InternalServerError {
        /// The operationId.
        operation: &'static str,
        /// The error body.
        body: Box<MessagingRequestError>,
    },
    /// A status the operation does not document, or a documented error status whose body is not the documented
    /// shape. The raw body is kept.
    #[error("{operation}: unexpected HTTP {status}{}", fmt_snippet(body))]
    UnexpectedStatus {
        /// The operationId.
        operation: &'static str,
        /// The status.
        status: StatusCode,
        /// The raw body.
        body: Bytes,
    },
    /// The request did not complete: connection refused, timeout, reset, TLS failure.
    #[error("{operation}: {}: {}", if *connect { "could not connect" } else { "transport error" }, chain(source))]
    Transport {
        /// The operationId.
        operation: &'static str,
        /// `true` when no connection was established, so nothing was sent.
        connect: bool,
        /// What reqwest said (without the URL).
        #[source]
        source: reqwest::Error,
    },
    /// The request URL could not be built (nothing was sent).
    #[error("{operation}: the request could not be built: {reason}")]
    InvalidRequest {
        /// The operationId.
        operation: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A successful answer whose body is not what the operation documents; includes a snippet of the body.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request could not be encoded (nothing was sent).
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The request breaks a documented rule (nothing was sent). See [`ClientBuilder::validation`].
    ///
    /// [`ClientBuilder::validation`]: super::ClientBuilder::validation
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// An OAuth2 access token could not be obtained.
    #[error(transparent)]
    Auth(#[from] AuthError),
}

impl Error {
    /// The operationId of the failed call, when one was made.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::BadRequest { operation, .. }
            | Error::Unauthorized { operation, .. }
            | Error::Forbidden { operation, .. }
            | Error::NotFound { operation, .. }
            | Error::MethodNotAllowed { operation, .. }
            | Error::NotAcceptable { operation, .. }
            | Error::UnsupportedMediaType { operation, .. }
            | Error::TooManyRequests { operation, .. }
            | Error::InternalServerError { operation, .. } => Some(operation),
            Error::UnexpectedStatus { operation, .. }
            | Error::Transport { operation, .. }
            | Error::InvalidRequest { operation, .. } => Some(operation),
            Error::Decode(e) => Some(e.operation),
            Error::Encode(
                EncodeError::Json { operation, .. } | EncodeError::InvalidHeader { operation, .. },
            ) => Some(operation),
            Error::Validation(_) | Error::Auth(_) => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::BadRequest { .. } => Some(StatusCode::BAD_REQUEST),
            Error::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Error::Forbidden { .. } => Some(StatusCode::FORBIDDEN),
            Error::NotFound { .. } => Some(StatusCode::NOT_FOUND),
            Error::MethodNotAllowed { .. } => Some(StatusCode::METHOD_NOT_ALLOWED),
            Error::NotAcceptable { .. } => Some(StatusCode::NOT_ACCEPTABLE),
            Error::UnsupportedMediaType { .. } => Some(StatusCode::UNSUPPORTED_MEDIA_TYPE),
            Error::TooManyRequests { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::InternalServerError { .. } => Some(StatusCode::INTERNAL_SERVER_ERROR),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Decode(e) => Some(e.status),
            Error::Auth(AuthError::Rejected { status, .. }) => Some(*status),
            _ => None,
        }
    }

    /// The server's `Retry-After` on a `429`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::TooManyRequests { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// `true` when the failure is transient, so the same call may succeed later: `429`, `500`, `502`, `503`,
    /// `504`, and transport failures.
    ///
    /// This says nothing about whether resending is *safe*: a `createMessage` that failed with a timeout may
    /// have been queued. See [`Error::was_not_sent`] for that.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } => true,
            Error::Auth(AuthError::Transport { .. }) => true,
            _ => self.status().is_some_and(|s| {
                matches!(s.as_u16(), 429 | 500 | 502 | 503 | 504)
                    && !matches!(self, Error::Decode(_))
            }),
        }
    }

    /// `true` when the request provably did not take effect, so resending a `createMessage` cannot send the
    /// message twice.
    ///
    /// Bandwidth's error documentation (messaging error codes page): *any 4xx or 5xx answer to createMessage
    /// means the message was not sent and will not be billed*. That holds for answers that come from
    /// Bandwidth; a proxy or load balancer in front of it may answer 502/503/504 after forwarding a request
    /// that Bandwidth went on to accept, and such an answer carries no Bandwidth error body. So:
    ///
    /// | what came back | `was_not_sent()` | `createMessage` retried by the client |
    /// |---|---|---|
    /// | nothing sent: validation, encoding, bad URL, no OAuth2 token | `true` | no (same input fails again) |
    /// | connection not established | `true` | yes |
    /// | timeout or reset after the request left | `false` (unknown) | no |
    /// | any 4xx (any body) | `true` | only `429` |
    /// | 5xx with Bandwidth's error body (JSON object with string `type` and `description`) | `true` | yes |
    /// | 5xx without it (gateway page, empty, other JSON) | `false` (unknown) | no |
    /// | 2xx whose body does not decode ([`Error::Decode`]) | `false` (it was accepted) | no |
    ///
    /// Retries follow [`RetryPolicy`](super::RetryPolicy) (`retry_when_not_accepted`, on by default).
    pub fn was_not_sent(&self) -> bool {
        match self {
            Error::Validation(_)
            | Error::Encode(_)
            | Error::InvalidRequest { .. }
            | Error::Auth(_) => true,
            Error::Transport { connect, .. } => *connect,
            Error::Decode(_) => false,
            // Decoded into Bandwidth's documented error body: Bandwidth answered.
            Error::InternalServerError { .. } => true,
            Error::UnexpectedStatus { status, body, .. } if status.is_server_error() => {
                is_bandwidth_error_body(body)
            }
            _ => self.status().is_some_and(|s| s.is_client_error()),
        }
    }

    /// The field errors of a `400` on `createMessage` (empty otherwise).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::BadRequest { body, .. } => body.field_errors.as_deref().unwrap_or_default(),
            _ => &[],
        }
    }

    pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Self {
        let connect = source.is_connect();
        Error::Transport {
            operation,
            connect,
            source: source.without_url(),
        }
    }
}

/// Whether an error answer's body is Bandwidth's error object (`messagingRequestError`: a JSON object with
/// a string `type` and a string `description`), which a gateway's own 5xx page does not carry.
pub(crate) fn is_bandwidth_error_body(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => {
            map.get("type").is_some_and(serde_json::Value::is_string)
                && map
                    .get("description")
                    .is_some_and(serde_json::Value::is_string)
        }
        _ => false,
    }
}

/// The body of a `404`: the documented error object, or whatever came instead (Bandwidth's error pages show a
/// different JSON shape with `timestamp`, `status`, `error`, `message` and `path`).
#[derive(Debug, Clone, PartialEq)]
pub enum NotFoundBody {
    /// The documented `messagingRequestError`.
    Documented(Box<MessagingRequestError>),
    /// Any other body, raw.
    Other(Bytes),
}

/// An OAuth2 access token could not be obtained from the token endpoint.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint answered with an error status (for example `401` for a wrong client secret).
    #[error("OAuth2 token request: HTTP {status}{}", fmt_snippet(body))]
    Rejected {
        /// The status.
        status: StatusCode,
        /// The body (token endpoints answer errors such as `{"error":"invalid_client"}`).
        body: Bytes,
    },
    /// The token request did not complete.
    #[error("OAuth2 token request: {}", chain(source))]
    Transport {
        /// What reqwest said.
        #[source]
        source: reqwest::Error,
    },
    /// The token endpoint answered `2xx` without a usable token. The body is not kept: it may hold a token.
    #[error("OAuth2 token request: the answer is not a usable token: {reason}")]
    InvalidAnswer {
        /// What was wrong, e.g. ``missing `access_token` ``.
        reason: String,
    },
}

/// Shows a short, single-line prefix of a raw body (lossy UTF-8, at most 120 characters).
fn fmt_snippet(body: &Bytes) -> String {
    if body.is_empty() {
        return String::new();
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut snippet: String = one_line.chars().take(120).collect();
    if one_line.chars().count() > 120 || body.len() > 512 {
        snippet.push('…');
    }
    format!(": {snippet}")
}

fn fmt_retry_after(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!(" (retry after {} s)", d.as_secs()),
        None => String::new(),
    }
}

fn describe(body: &MessagingRequestError) -> String {
    format!("{}: {}", body.r#type, body.description)
}

fn describe_not_found(body: &NotFoundBody) -> String {
    match body {
        NotFoundBody::Documented(body) => format!(": {}", describe(body)),
        NotFoundBody::Other(raw) => fmt_snippet(raw),
    }
}

fn describe_create(body: &CreateMessageRequestError) -> String {
    let mut out = format!("{}: {}", body.r#type, body.description);
    for field in body.field_errors.as_deref().unwrap_or_default() {
        out.push_str(&format!(
            "; `{}`: {}",
            field.field_name.as_deref().unwrap_or("?"),
            field.description.as_deref().unwrap_or("")
        ));
    }
    out
}

/// Joins an error and its sources on one line: `error sending request: connection refused`.
fn chain(error: &dyn StdError) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        next = cause.source();
    }
    out.replace('\n', " ")
}
