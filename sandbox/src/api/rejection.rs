//! Answers the framework writes itself (extractor rejections: body too large, a body that cannot be
//! read, bad path encoding, a query or JSON body that does not deserialize, a missing JSON content
//! type) rewritten into Bandwidth's JSON error shape. The descriptions name the part of the request
//! and what was expected, never the value that was sent.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::CONTENT_TYPE;

use super::error::ApiError;

/// Largest framework answer read to classify it (axum's rejection texts are one line).
const MAX_REJECTION_BYTES: usize = 4096;

/// Middleware: lets JSON answers through, rewrites plain-text client errors.
pub async fn bandwidth_shape(request: Request, next: Next) -> Response {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json || !status.is_client_error() {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), MAX_REJECTION_BYTES)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    classify(status, &text, content_type.as_deref()).into_response()
}

/// The Bandwidth error for a framework rejection with `status` and text `text`.
pub fn classify(status: StatusCode, text: &str, content_type: Option<&str>) -> ApiError {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiError::UnsupportedContentType(content_type.unwrap_or("none").to_owned())
        }
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        _ if text.starts_with("Invalid URL") => {
            // axum names the path parameter between backticks (a route's name, not sent data).
            let name = text
                .split('`')
                .nth(1)
                .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or("path");
            ApiError::BadRequest(format!(
                "Path parameter '{name}' is not valid: expected percent-encoded UTF-8"
            ))
        }
        _ if text.starts_with("Failed to deserialize query string") => ApiError::BadRequest(
            "The query string is not valid: expected the parameters documented for this operation"
                .to_owned(),
        ),
        _ if text.starts_with("Failed to buffer the request body")
            || text.starts_with("Failed to read") =>
        {
            ApiError::BadRequest(
                "The request body could not be read: expected a complete body (valid chunked encoding or Content-Length)"
                    .to_owned(),
            )
        }
        _ if text.starts_with("Failed to deserialize the JSON body")
            || text.starts_with("Failed to parse the request body as JSON") =>
        {
            ApiError::BadRequest(
                "The request body is not valid: expected a JSON object of the documented shape"
                    .to_owned(),
            )
        }
        _ => ApiError::BadRequest("The request is not valid".to_owned()),
    }
}
