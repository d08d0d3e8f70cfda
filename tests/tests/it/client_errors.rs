//! Every documented error status maps to its `Error` variant with the typed body; anything else keeps the raw
//! body. Over loopback HTTP (wiremock), retries off so each status is seen as sent.

use crate::client_support;

use std::time::Duration;

use bandwidth_messaging::__private::StatusCode;
use bandwidth_messaging::client::{Error, NotFoundBody};
use bandwidth_messaging::generated::models::MessageRequest;
use client_support::client_without_retries;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sms() -> MessageRequest {
    MessageRequest::sms(
        "00000000-0000-4000-8000-000000000001",
        "+15550000002",
        "+15550000001",
        "Hello world",
    )
}

fn error_body(kind: &str, description: &str) -> serde_json::Value {
    serde_json::json!({"type": kind, "description": description})
}

/// Answers every request with `status` and `body`, then sends one `createMessage`.
async fn create_message_answered_with(status: u16, body: serde_json::Value) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn a_400_names_the_rejected_fields() {
    let err = create_message_answered_with(
        400,
        serde_json::json!({
            "type": "request-validation",
            "description": "Your request could not be accepted",
            "fieldErrors": [{"fieldName": "from", "description": "'+invalid' must be replaced with a valid E164 formatted telephone number"}]
        }),
    )
    .await;
    let Error::BadRequest { operation, body } = &err else {
        panic!("expected BadRequest, got {err:?}")
    };
    assert_eq!(*operation, "createMessage");
    assert_eq!(body.r#type, "request-validation");
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .filter_map(|f| f.field_name.as_deref())
        .collect();
    assert_eq!(fields, ["from"]);
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert!(err.was_not_sent() && !err.is_retryable());
}

#[tokio::test]
async fn each_documented_status_of_create_message_has_its_variant() {
    type Check = fn(&Error) -> bool;
    let cases: [(u16, Check); 7] = [
        (
            401,
            |e| matches!(e, Error::Unauthorized { body, .. } if body.r#type == "unauthorized"),
        ),
        (
            403,
            |e| matches!(e, Error::Forbidden { body, .. } if body.r#type == "forbidden"),
        ),
        (
            404,
            |e| matches!(e, Error::NotFound { body: NotFoundBody::Documented(b), .. } if b.r#type == "not-found"),
        ),
        (
            405,
            |e| matches!(e, Error::MethodNotAllowed { body, .. } if body.r#type == "method-not-allowed"),
        ),
        (
            406,
            |e| matches!(e, Error::NotAcceptable { body, .. } if body.r#type == "not-acceptable"),
        ),
        (
            415,
            |e| matches!(e, Error::UnsupportedMediaType { body, .. } if body.r#type == "unsupported-content-type"),
        ),
        (
            500,
            |e| matches!(e, Error::InternalServerError { body, .. } if body.r#type == "internal-server-error"),
        ),
    ];
    let kinds = [
        "unauthorized",
        "forbidden",
        "not-found",
        "method-not-allowed",
        "not-acceptable",
        "unsupported-content-type",
        "internal-server-error",
    ];
    for ((status, is_expected), kind) in cases.into_iter().zip(kinds) {
        let err = create_message_answered_with(status, error_body(kind, "described")).await;
        assert!(is_expected(&err), "{status}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.operation(), Some("createMessage"));
    }
}

#[tokio::test]
async fn a_429_carries_its_body_and_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "15")
                .set_body_json(error_body("max-message-queue-size-exceeded", "queue full")),
        )
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect_err("429");
    let Error::TooManyRequests {
        body, retry_after, ..
    } = &err
    else {
        panic!("expected TooManyRequests, got {err:?}")
    };
    assert_eq!(body.r#type, "max-message-queue-size-exceeded");
    assert_eq!(*retry_after, Some(Duration::from_secs(15)));
}

#[tokio::test]
async fn a_404_with_bandwidths_other_body_is_still_not_found() {
    let server = MockServer::start().await;
    let page = r#"{"timestamp":"2025-01-06T15:44:00.000+00:00","status":404,"error":"Not Found","message":"Not Found","path":"/api/v2/users/9900000/media/nope"}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(page, "application/json"))
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .get_media("nope")
        .await
        .expect_err("404");
    let Error::NotFound {
        body: NotFoundBody::Other(raw),
        ..
    } = &err
    else {
        panic!("expected NotFound, got {err:?}")
    };
    assert_eq!(raw.as_ref(), page.as_bytes());
    assert!(
        err.to_string()
            .starts_with("getMedia: 404 Not Found: {\"timestamp\""),
        "{err}"
    );
}

#[tokio::test]
async fn an_undocumented_status_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(418).set_body_string("short and stout\nhere is my spout"),
        )
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect_err("418");
    let Error::UnexpectedStatus { status, body, .. } = &err else {
        panic!("expected UnexpectedStatus, got {err:?}")
    };
    assert_eq!(status.as_u16(), 418);
    assert_eq!(body.as_ref(), b"short and stout\nhere is my spout");
    assert_eq!(
        err.to_string(),
        "createMessage: unexpected HTTP 418 I'm a teapot: short and stout here is my spout"
    );
}

#[tokio::test]
async fn a_documented_status_with_an_undocumented_body_is_unexpected() {
    let err = create_message_answered_with(401, serde_json::json!({"message": "no"})).await;
    assert!(
        matches!(
            err,
            Error::UnexpectedStatus {
                status: StatusCode::UNAUTHORIZED,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_400_on_a_media_operation_has_no_field_errors() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(error_body("bad-request", "Invalid media id")),
        )
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .delete_media("a.png")
        .await
        .expect_err("400");
    assert!(
        matches!(&err, Error::BadRequest { operation: "deleteMedia", body } if body.description == "Invalid media id")
    );
    assert!(err.field_errors().is_empty());
}

#[tokio::test]
async fn display_is_one_line_per_status() {
    let mut lines = Vec::new();
    for (status, kind, description) in [
        (401, "unauthorized", "Authentication Failed"),
        (403, "forbidden", "Access Denied"),
        (404, "not-found", "Not Found"),
        (
            415,
            "unsupported-content-type",
            "Content type 'text/plain' not supported. Please use 'application/json'",
        ),
        (500, "internal-server-error", "Something went wrong"),
    ] {
        let err = create_message_answered_with(status, error_body(kind, description)).await;
        lines.push(err.to_string());
    }
    assert_eq!(
        lines,
        [
            "createMessage: 401 Unauthorized: unauthorized: Authentication Failed",
            "createMessage: 403 Forbidden: forbidden: Access Denied",
            "createMessage: 404 Not Found: not-found: Not Found",
            "createMessage: 415 Unsupported Media Type: unsupported-content-type: Content type 'text/plain' not supported. Please use 'application/json'",
            "createMessage: 500 Internal Server Error: internal-server-error: Something went wrong",
        ]
    );
}
