//! The receiver's answers: an empty 200, or an error status with a JSON body `{"type", "description"}`.

use axum::body::Body;
use axum::response::Response;
use http::header::{ALLOW, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};

/// Why a delivery was not acknowledged. Each becomes a status and a JSON error body.
#[derive(Debug)]
pub(crate) enum Refusal {
    MethodNotAllowed,
    Unauthorized {
        challenge: HeaderValue,
    },
    UnsupportedContentType,
    TooLarge {
        limit: usize,
    },
    BodyRead,
    BodyTimeout {
        deadline_ms: u128,
    },
    Parse(super::super::ParseError),
    DedupUnavailable {
        retry_after: u64,
    },
    InProgress {
        index: usize,
        retry_after: u64,
    },
    HandlerFailed {
        index: usize,
        count: usize,
        event_type: String,
    },
    DeadlineExceeded {
        deadline_ms: u128,
        handled: usize,
        count: usize,
        retry_after: u64,
    },
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Refusal::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Refusal::UnsupportedContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::BodyRead | Refusal::Parse(_) => StatusCode::BAD_REQUEST,
            Refusal::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Refusal::DedupUnavailable { .. }
            | Refusal::InProgress { .. }
            | Refusal::DeadlineExceeded { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::HandlerFailed { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Refusal::MethodNotAllowed => "method-not-allowed",
            Refusal::Unauthorized { .. } => "unauthorized",
            Refusal::UnsupportedContentType => "unsupported-content-type",
            Refusal::TooLarge { .. } => "payload-too-large",
            Refusal::BodyRead => "body-read-failed",
            Refusal::Parse(error) => error.kind(),
            Refusal::BodyTimeout { .. } => "body-timeout",
            Refusal::DedupUnavailable { .. } => "dedup-store-unavailable",
            Refusal::InProgress { .. } => "event-in-progress",
            Refusal::HandlerFailed { .. } => "handler-failed",
            Refusal::DeadlineExceeded { .. } => "handler-deadline-exceeded",
        }
    }

    fn description(&self) -> String {
        match self {
            Refusal::MethodNotAllowed => "webhooks are delivered with POST".to_owned(),
            Refusal::Unauthorized { .. } => "missing or wrong Basic credentials".to_owned(),
            Refusal::UnsupportedContentType => "Content-Type must be application/json".to_owned(),
            Refusal::TooLarge { limit } => {
                format!("the body is larger than the limit of {limit} bytes")
            }
            Refusal::BodyRead => "the body could not be read to its end".to_owned(),
            Refusal::Parse(error) => error.to_string(),
            Refusal::BodyTimeout { deadline_ms } => {
                format!("the body did not arrive within {deadline_ms} ms")
            }
            Refusal::DedupUnavailable { .. } => {
                "the dedup store did not answer; deliver again later".to_owned()
            }
            Refusal::InProgress { index, .. } => {
                format!("event {index} is being handled by another delivery; deliver again later")
            }
            Refusal::HandlerFailed {
                index,
                count,
                event_type,
            } => {
                format!(
                    "the handler failed on event {index} of {count} ({event_type}); deliver again later"
                )
            }
            Refusal::DeadlineExceeded {
                deadline_ms,
                handled,
                count,
                ..
            } => format!(
                "the handler did not finish within {deadline_ms} ms ({handled} of {count} events done); deliver again later"
            ),
        }
    }

    pub(crate) fn into_response(self) -> Response {
        let body = serde_json::json!({ "type": self.kind(), "description": self.description() });
        let mut response = Response::new(Body::from(body.to_string()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        match self {
            Refusal::DedupUnavailable { retry_after }
            | Refusal::InProgress { retry_after, .. }
            | Refusal::DeadlineExceeded { retry_after, .. } => {
                headers.insert(RETRY_AFTER, HeaderValue::from(retry_after));
            }
            Refusal::Unauthorized { challenge } => {
                headers.insert(WWW_AUTHENTICATE, challenge);
            }
            Refusal::MethodNotAllowed => {
                headers.insert(ALLOW, HeaderValue::from_static("POST"));
            }
            _ => {}
        }
        response
    }
}

/// The acknowledgement: 200 with an empty body.
pub(crate) fn acknowledged() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::OK;
    response
}

/// `Basic realm="<realm>", charset="UTF-8"`, with `"` and `\` escaped and control characters dropped.
pub(crate) fn challenge(realm: &str) -> HeaderValue {
    let mut value = String::with_capacity(realm.len() + 32);
    value.push_str("Basic realm=\"");
    for c in realm.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            value.push('\\');
        }
        value.push(c);
    }
    value.push_str("\", charset=\"UTF-8\"");
    HeaderValue::from_bytes(value.as_bytes())
        .unwrap_or_else(|_| HeaderValue::from_static("Basic realm=\"webhooks\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realm_is_quoted_safely() {
        assert_eq!(
            challenge("bw").to_str().unwrap(),
            "Basic realm=\"bw\", charset=\"UTF-8\""
        );
        assert_eq!(
            challenge("a\"b\\c\r\nd").to_str().unwrap(),
            "Basic realm=\"a\\\"b\\\\cd\", charset=\"UTF-8\""
        );
    }
}
