//! Error answers with Bandwidth's bodies (facts sheet, "Error bodies seen in docs").

use axum::Json;
use axum::response::{IntoResponse, Response};
use bandwidth_messaging::generated::models::{
    CreateMessageRequestError, FieldError, MessagingRequestError,
};
use http::header::RETRY_AFTER;
use http::{HeaderValue, StatusCode};
use serde_json::json;

use crate::clock::{format_ms, now_ms};

/// One entry of `fieldErrors`: the JSON name of the field (`to`, `to[2]`, `from`, ...) and what is wrong.
pub fn field_error(field_name: impl Into<String>, description: impl Into<String>) -> FieldError {
    let mut error = FieldError::new();
    error.field_name = Some(field_name.into());
    error.description = Some(description.into());
    error
}

/// The field name of a field error (`""` when missing).
pub fn field_name(error: &FieldError) -> &str {
    error.field_name.as_deref().unwrap_or("")
}

/// An error answer of the Messaging API.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 400 `request-validation` with `fieldErrors` (createMessage).
    Validation(Vec<FieldError>),
    /// 400 `request-validation` with a description (other operations).
    BadRequest(String),
    /// 401 `unauthorized`.
    Unauthorized,
    /// 403 `forbidden`.
    Forbidden,
    /// 404 with Spring's body, for an unknown path.
    NoRoute {
        /// The request path.
        path: String,
    },
    /// 404 `object-not-found` for a missing media file.
    MediaNotFound(String),
    /// 405 `method-not-allowed`.
    MethodNotAllowed,
    /// 415 `unsupported-content-type`.
    UnsupportedContentType(String),
    /// 429 `max-message-queue-size-exceeded` (createMessage).
    QueueFull {
        /// Wall-clock seconds until the message would fit.
        retry_after: u64,
        /// Description naming the rate and capacity.
        description: String,
    },
    /// 429 `rate_limit_exceeded` (listMessages).
    RateLimited {
        /// Wall-clock seconds until the window resets.
        retry_after: u64,
    },
    /// 500 `internal-server-error`.
    Internal(String),
    /// 413 `request-entity-too-large`: the body is larger than the route accepts.
    TooLarge,
    /// 408 `request-timeout`: the body did not arrive within the configured time.
    RequestTimeout,
    /// 503 `service-unavailable`: too many connections at once.
    Unavailable,
}

/// `description` of a 400 from createMessage.
pub const VALIDATION_DESCRIPTION: &str = "Your request could not be accepted";

fn body(kind: &str, description: impl Into<String>) -> serde_json::Value {
    serde_json::to_value(MessagingRequestError::new(
        kind.to_owned(),
        description.into(),
    ))
    .unwrap_or_default()
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NoRoute { .. } | ApiError::MediaNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::UnsupportedContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::QueueFull { .. } | ApiError::RateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        match self {
            ApiError::Validation(field_errors) => {
                let mut error = CreateMessageRequestError::new(
                    "request-validation".to_owned(),
                    VALIDATION_DESCRIPTION.to_owned(),
                );
                error.field_errors = Some(field_errors.clone());
                serde_json::to_value(error).unwrap_or_default()
            }
            ApiError::BadRequest(description) => body("request-validation", description.clone()),
            ApiError::Unauthorized => body("unauthorized", "Authentication Failed"),
            ApiError::Forbidden => body("forbidden", "Access Denied"),
            ApiError::NoRoute { path } => json!({
                "timestamp": format_ms(now_ms()),
                "status": 404,
                "error": "Not Found",
                "message": "Not Found",
                "path": path,
            }),
            ApiError::MediaNotFound(name) => body(
                "object-not-found",
                format!("Media file '{name}' was not found"),
            ),
            ApiError::MethodNotAllowed => {
                body("method-not-allowed", "Request method not supported")
            }
            ApiError::UnsupportedContentType(content_type) => body(
                "unsupported-content-type",
                format!(
                    "Content type '{content_type}' not supported. Please use 'application/json'"
                ),
            ),
            ApiError::QueueFull { description, .. } => {
                body("max-message-queue-size-exceeded", description.clone())
            }
            ApiError::RateLimited { retry_after } => body(
                "rate_limit_exceeded",
                format!("Too many requests. Wait {retry_after} seconds before trying again"),
            ),
            ApiError::Internal(_) => body(
                "internal-server-error",
                "Something went wrong. Please try again later",
            ),
            ApiError::TooLarge => body(
                "request-entity-too-large",
                "The request body is larger than this operation accepts",
            ),
            ApiError::RequestTimeout => body(
                "request-timeout",
                "The request body was not received in time",
            ),
            ApiError::Unavailable => body(
                "service-unavailable",
                "Too many connections. Please try again later",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(detail = %detail, "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let ApiError::QueueFull { retry_after, .. } | ApiError::RateLimited { retry_after } =
            self
        {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        ApiError::Internal(error.to_string())
    }
}
