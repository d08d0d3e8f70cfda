//! Client-side validation: every documented rule rejects the request with a typed error naming the field, and
//! no request reaches the server (wiremock `expect(0)`). The request builders produce the documented wire JSON.

use crate::client_support;

use bandwidth_messaging::client::{Client, Credentials, Error, RetryPolicy, Rule};
use bandwidth_messaging::generated::models::{MessageRequest, PriorityEnum};
use bandwidth_messaging::generated::rules as limits;
use bandwidth_messaging::segment::{Encoding, MessageKind};
use client_support::{accepted_message_json, client_without_retries};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const APP: &str = "00000000-0000-4000-8000-000000000001";
const FROM: &str = "+15550000002";
const TO: &str = "+15550000001";

fn sms() -> MessageRequest {
    MessageRequest::sms(APP, FROM, TO, "Hello world")
}

fn numbers(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("+1555000{i:04}")).collect()
}

/// Each invalid request, the field the error must name and the problem it must report.
fn invalid_requests() -> Vec<(&'static str, MessageRequest, &'static str, Rule)> {
    let past = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60);
    let long_url = format!(
        "https://example.com/{}",
        "a".repeat(limits::MEDIA_URL_MAX_LENGTH)
    );
    let url_len = long_url.chars().count();
    vec![
        (
            "no recipient",
            MessageRequest {
                to: vec![],
                ..sms()
            },
            "to",
            Rule::TooFewItems { min: 1, actual: 0 },
        ),
        (
            "11 recipients",
            MessageRequest {
                to: numbers(limits::TO_MAX_ITEMS + 1),
                ..sms()
            },
            "to",
            Rule::TooManyItems {
                max: limits::TO_MAX_ITEMS,
                actual: limits::TO_MAX_ITEMS + 1,
            },
        ),
        (
            "a recipient without +",
            MessageRequest::group(APP, FROM, [TO, "15550000003"], "hi"),
            "to[1]",
            Rule::NotE164,
        ),
        (
            "a recipient twice",
            MessageRequest::group(APP, FROM, [TO, "+15550000003", TO], "hi"),
            "to[2]",
            Rule::Duplicate { first: 0 },
        ),
        (
            "a sender id of 12 characters",
            MessageRequest::sms(APP, "AcmeShopping", TO, "hi"),
            "from",
            Rule::InvalidSender,
        ),
        (
            "a sender id without a letter",
            MessageRequest::sms(APP, "12345", TO, "hi"),
            "from",
            Rule::InvalidSender,
        ),
        (
            "a sender id with a forbidden character",
            MessageRequest::sms(APP, "Acme!", TO, "hi"),
            "from",
            Rule::InvalidSender,
        ),
        (
            "text of 2049 characters",
            MessageRequest::sms(APP, FROM, TO, "é".repeat(limits::TEXT_MAX_LENGTH + 1)),
            "text",
            Rule::TooLong {
                max: limits::TEXT_MAX_LENGTH,
                actual: limits::TEXT_MAX_LENGTH + 1,
            },
        ),
        (
            "neither text nor media",
            MessageRequest {
                text: None,
                ..sms()
            },
            "text",
            Rule::NoContent,
        ),
        (
            "a media URL of 4097+ characters",
            MessageRequest::mms(
                APP,
                FROM,
                TO,
                ["https://example.com/ok.png".to_owned(), long_url],
            ),
            "media[1]",
            Rule::TooLong {
                max: limits::MEDIA_URL_MAX_LENGTH,
                actual: url_len,
            },
        ),
        (
            "a tag of 1025 characters",
            sms().tag("t".repeat(limits::TAG_MAX_LENGTH + 1)),
            "tag",
            Rule::TooLong {
                max: limits::TAG_MAX_LENGTH,
                actual: limits::TAG_MAX_LENGTH + 1,
            },
        ),
        (
            "an expiration in the past",
            sms().expiration(past),
            "expiration",
            Rule::NotInFuture,
        ),
    ]
}

#[tokio::test]
async fn every_rule_rejects_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    for (case, request, field, problem) in invalid_requests() {
        let err = client.create_message(&request).await.expect_err(case);
        let Error::Validation(v) = &err else {
            panic!("{case}: expected a validation error, got {err:?}")
        };
        let found: Vec<(&str, &Rule)> = v
            .problems
            .iter()
            .map(|p| (p.field.as_str(), &p.rule))
            .collect();
        assert_eq!(found, [(field, &problem)], "{case}");
        assert!(err.was_not_sent() && !err.is_retryable(), "{case}");
        assert!(
            err.to_string()
                .starts_with(&format!("createMessage: invalid request: `{field}` ")),
            "{case}: {err}"
        );
    }
}

#[tokio::test]
async fn with_validation_off_the_server_decides() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_json(accepted_message_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .account_id("9900000")
        .credentials(Credentials::basic("u", "p"))
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .validation(false)
        .build()
        .expect("client builds");
    assert!(!client.validates());
    client
        .create_message(&MessageRequest::sms(APP, "12345", TO, "short code sender"))
        .await
        .expect("sent as is");
}

#[test]
fn the_limits_themselves_are_accepted() {
    let request = MessageRequest::group(
        APP,
        "Acme & Co 1",
        numbers(limits::TO_MAX_ITEMS),
        "😀".repeat(2048),
    )
    .add_media(format!(
        "https://example.com/{}",
        "a".repeat(limits::MEDIA_URL_MAX_LENGTH - 20)
    ))
    .tag("t".repeat(limits::TAG_MAX_LENGTH))
    .expiration(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1));
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        MessageRequest::mms(APP, FROM, TO, ["https://example.com/a.png"]).validate(),
        Ok(())
    );
}

#[test]
fn every_problem_is_reported_in_field_order() {
    let request = MessageRequest {
        text: Some(String::new()),
        ..MessageRequest::group(APP, "not a sender!", ["+1", TO, TO], "")
    }
    .add_media("ftp://example.com/a.png")
    .tag("t".repeat(limits::TAG_MAX_LENGTH + 1))
    .priority(PriorityEnum::Unknown("urgent".to_owned()));
    let err = request.validate().expect_err("invalid");
    assert_eq!(
        err.fields(),
        ["to[0]", "to[2]", "from", "media[0]", "tag", "priority"]
    );
    let shown = err.to_string();
    assert!(
        shown.starts_with("createMessage: invalid request: `to[0]` must be an E.164 number"),
        "{shown}"
    );
    assert!(
        !shown.contains(TO) && !shown.contains("not a sender") && !shown.contains("urgent"),
        "{shown}"
    );
}

#[test]
fn validation_errors_never_quote_the_text() {
    let secret_text = format!("my one-time code is 123456 {}", "x".repeat(2048));
    let err = MessageRequest::sms(APP, FROM, TO, secret_text)
        .validate()
        .expect_err("too long");
    assert!(!format!("{err} {err:?}").contains("one-time code"));
}

#[test]
fn builders_produce_the_documented_wire_json() {
    let expires = jiff::Timestamp::from_second(1_900_000_000).expect("valid timestamp");
    let sms = MessageRequest::sms(APP, FROM, TO, "Hello")
        .tag("order-1234")
        .priority(PriorityEnum::High)
        .expiration(expires);
    assert_eq!(
        serde_json::to_value(&sms).expect("serializes"),
        serde_json::json!({
            "applicationId": APP, "to": [TO], "from": FROM, "text": "Hello",
            "tag": "order-1234", "priority": "high", "expiration": "2030-03-17T17:46:40.000Z"
        })
    );
    let mms = MessageRequest::mms(APP, FROM, TO, ["https://example.com/a.png"]).with_text("Look");
    assert_eq!(
        serde_json::to_value(&mms).expect("serializes"),
        serde_json::json!({"applicationId": APP, "to": [TO], "from": FROM, "text": "Look", "media": ["https://example.com/a.png"]})
    );
    let group = MessageRequest::group(APP, FROM, [TO, "+15550000003"], "Dinner?")
        .add_recipient("+15550000004");
    assert_eq!(group.to, [TO, "+15550000003", "+15550000004"]);
}

#[test]
fn segment_preview_counts_per_encoding_kind_and_recipient() {
    let gsm = MessageRequest::sms(APP, FROM, TO, "a".repeat(161)).segment_preview();
    assert_eq!(
        (
            gsm.kind,
            gsm.summary.encoding,
            gsm.segments,
            gsm.total_segments()
        ),
        (MessageKind::Sms, Encoding::Gsm7, 2, 2)
    );
    // A group message is an MMS: 1 segment per recipient, whatever the text (the sandbox's segmentCount).
    let group =
        MessageRequest::group(APP, FROM, [TO, "+15550000003"], "😀".repeat(36)).segment_preview();
    assert_eq!(
        (
            group.kind,
            group.summary.encoding,
            group.summary.units,
            group.segments,
            group.total_segments()
        ),
        (MessageKind::Mms, Encoding::Ucs2, 72, 1, 2)
    );
    let ucs2 = MessageRequest::sms(APP, FROM, TO, "😀".repeat(36)).segment_preview();
    assert_eq!((ucs2.kind, ucs2.segments), (MessageKind::Sms, 2));
    let mms = MessageRequest::mms(APP, FROM, TO, ["https://example.com/a.png"])
        .with_text("a".repeat(500))
        .segment_preview();
    assert_eq!((mms.kind, mms.segments), (MessageKind::Mms, 1));
}
