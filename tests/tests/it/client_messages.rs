//! `createMessage` and `listMessages` through the typed client, over loopback HTTP (wiremock).

use crate::client_support;

use std::time::Duration;

use bandwidth_messaging::client::{Error, ListMessagesParams};
use bandwidth_messaging::generated::models::{
    ListMessageDirectionEnum, MessageDirectionEnum, MessageRequest, MessageStatusEnum, PriorityEnum,
};
use client_support::{
    RecordingSleeper, accepted_message_json, basic_client, client_without_retries,
};
use futures_util::TryStreamExt as _;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const APP: &str = "00000000-0000-4000-8000-000000000001";

fn sms() -> MessageRequest {
    MessageRequest::sms(APP, "+15550000002", "+15550000001", "Hello world").tag("order-1234")
}

#[tokio::test]
async fn create_message_round_trips() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users/9900000/messages"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({
            "applicationId": APP,
            "to": ["+15550000001"],
            "from": "+15550000002",
            "text": "Hello world",
            "tag": "order-1234",
            "priority": "high"
        })))
        .respond_with(ResponseTemplate::new(202).set_body_json(accepted_message_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = basic_client(&server, &RecordingSleeper::default());
    let queued = client
        .create_message(&sms().priority(PriorityEnum::High))
        .await
        .expect("accepted");
    assert_eq!(queued.id.as_deref(), Some("1736178240000qrstuvwxyzabcdef"));
    assert_eq!(queued.segment_count, Some(1));
    assert_eq!(queued.direction, Some(MessageDirectionEnum::Out));
    let message = queued.into_inner();
    assert_eq!(message.tag.as_deref(), Some("order-1234"));
}

/// Bandwidth's error documentation: any 4xx/5xx answer to createMessage means "not sent, not billed". A 5xx
/// carrying Bandwidth's error body came from Bandwidth, so the message was not sent and the client sends it
/// again; the retry is accepted.
#[tokio::test]
async fn create_message_is_retried_after_bandwidths_own_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(serde_json::json!({
            "type": "internal-server-error", "description": "Something went wrong"
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_json(accepted_message_json()))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let queued = client
        .create_message(&sms())
        .await
        .expect("accepted on the retry");
    assert_eq!(queued.id.as_deref(), Some("1736178240000qrstuvwxyzabcdef"));
    assert_eq!(sleeper.delays().len(), 1, "one retry after the 500");
}

/// One case of the `was_not_sent` table: an answer to createMessage, and what the client makes of it.
struct NotSentCase {
    name: &'static str,
    status: u16,
    body: Option<serde_json::Value>,
    raw: Option<&'static str>,
    was_not_sent: bool,
    retryable: bool,
}

/// Every row of the table on `Error::was_not_sent` that is an HTTP answer, each over loopback, with
/// retries off so the error itself is inspected (and the request count shows nothing was resent).
#[tokio::test]
async fn was_not_sent_follows_the_documented_rule_and_the_gateway_caveat() {
    let bandwidth =
        |kind: &str| serde_json::json!({"type": kind, "description": "Something went wrong"});
    let cases = [
        NotSentCase {
            name: "400 Bandwidth body",
            status: 400,
            body: Some(serde_json::json!({
            "type": "request-validation", "description": "Your request could not be accepted",
            "fieldErrors": [{"fieldName": "from", "description": "must be E.164"}]})),
            raw: None,
            was_not_sent: true,
            retryable: false,
        },
        NotSentCase {
            name: "401",
            status: 401,
            body: Some(bandwidth("unauthorized")),
            raw: None,
            was_not_sent: true,
            retryable: false,
        },
        NotSentCase {
            name: "403 without body",
            status: 403,
            body: None,
            raw: Some(""),
            was_not_sent: true,
            retryable: false,
        },
        NotSentCase {
            name: "429",
            status: 429,
            body: Some(bandwidth("max-message-queue-size-exceeded")),
            raw: None,
            was_not_sent: true,
            retryable: true,
        },
        NotSentCase {
            name: "500 Bandwidth body",
            status: 500,
            body: Some(bandwidth("internal-server-error")),
            raw: None,
            was_not_sent: true,
            retryable: true,
        },
        NotSentCase {
            name: "503 Bandwidth body",
            status: 503,
            body: Some(bandwidth("service-unavailable")),
            raw: None,
            was_not_sent: true,
            retryable: true,
        },
        NotSentCase {
            name: "500 gateway page",
            status: 500,
            body: None,
            raw: Some("<html>Internal Server Error</html>"),
            was_not_sent: false,
            retryable: true,
        },
        NotSentCase {
            name: "502 gateway page",
            status: 502,
            body: None,
            raw: Some("<html><h1>502 Bad Gateway</h1></html>"),
            was_not_sent: false,
            retryable: true,
        },
        NotSentCase {
            name: "504 empty",
            status: 504,
            body: None,
            raw: Some(""),
            was_not_sent: false,
            retryable: true,
        },
        NotSentCase {
            name: "502 other JSON",
            status: 502,
            body: Some(serde_json::json!({"message": "upstream"})),
            raw: None,
            was_not_sent: false,
            retryable: true,
        },
    ];
    for case in cases {
        let server = MockServer::start().await;
        let template = match (&case.body, case.raw) {
            (Some(json), _) => ResponseTemplate::new(case.status).set_body_json(json),
            (None, Some(raw)) => ResponseTemplate::new(case.status).set_body_string(raw),
            (None, None) => ResponseTemplate::new(case.status),
        };
        Mock::given(method("POST"))
            .respond_with(template)
            .expect(1)
            .mount(&server)
            .await;
        let client = client_without_retries(&server);
        let err = client.create_message(&sms()).await.expect_err(case.name);
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(case.status),
            "{}: {err:?}",
            case.name
        );
        assert_eq!(
            err.was_not_sent(),
            case.was_not_sent,
            "{}: {err:?}",
            case.name
        );
        assert_eq!(err.is_retryable(), case.retryable, "{}: {err:?}", case.name);
        server.verify().await;
    }
}

/// A gateway's 502 without Bandwidth's body may follow an accepted request: createMessage is not resent.
#[tokio::test]
async fn create_message_is_not_retried_after_a_gateway_502() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    let err = client.create_message(&sms()).await.expect_err("502");
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert!(
        err.is_retryable(),
        "transient for a caller that knows its request is idempotent"
    );
    assert!(
        !err.was_not_sent(),
        "unknown: the gateway may have forwarded it"
    );
    assert!(sleeper.delays().is_empty(), "not resent");
}

#[tokio::test]
async fn create_message_waits_retry_after_on_a_full_queue() {
    let server = MockServer::start().await;
    let queue_full = serde_json::json!({
        "type": "max-message-queue-size-exceeded",
        "description": "The SMS queue for your account is full and cannot accept more messages right now."
    });
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "2")
                .set_body_json(&queue_full),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_json(accepted_message_json()))
        .expect(1)
        .mount(&server)
        .await;
    let sleeper = RecordingSleeper::default();
    let client = basic_client(&server, &sleeper);
    client
        .create_message(&sms())
        .await
        .expect("accepted on the second attempt");
    assert_eq!(sleeper.delays(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_429_that_persists_carries_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7").set_body_json(
            serde_json::json!({"type": "max-message-queue-size-exceeded", "description": "queue full"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect_err("429");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.was_not_sent());
    assert_eq!(
        err.to_string(),
        "createMessage: 429 Too Many Requests (retry after 7 s): max-message-queue-size-exceeded: queue full"
    );
}

#[tokio::test]
async fn a_202_that_does_not_decode_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_string("<html>gateway says hi</html>"))
        .mount(&server)
        .await;
    let err = client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect_err("not JSON");
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.operation, "createMessage");
    assert_eq!(decode.snippet, "<html>gateway says hi</html>");
    assert!(!err.to_string().contains('\n'));
}

#[tokio::test]
async fn unknown_enum_values_and_fields_in_responses_are_kept() {
    let server = MockServer::start().await;
    let mut body = accepted_message_json();
    body["direction"] = serde_json::json!("sideways");
    body["priority"] = serde_json::json!("urgent");
    body["channel"] = serde_json::json!({"kind": "RBM", "fallback": true});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_json(body))
        .mount(&server)
        .await;
    let queued = client_without_retries(&server)
        .create_message(&sms())
        .await
        .expect("accepted");
    assert_eq!(
        queued.direction,
        Some(MessageDirectionEnum::Unknown("sideways".to_owned()))
    );
    assert_eq!(
        queued.priority,
        Some(PriorityEnum::Unknown("urgent".to_owned()))
    );
    assert_eq!(
        queued.additional_properties.get("channel"),
        Some(&serde_json::json!({"kind": "RBM", "fallback": true}))
    );
}

fn item(id: &str, status: &str) -> serde_json::Value {
    serde_json::json!({
        "messageId": id,
        "accountId": "9900000",
        "sourceTn": "+15550000002",
        "destinationTn": "+15550000001",
        "messageStatus": status,
        "messageDirection": "OUTBOUND",
        "messageType": "sms",
        "segmentCount": 1,
        "errorCode": 0,
        "receiveTime": "2025-01-06T15:44:00.000Z",
        "carrierName": null
    })
}

#[tokio::test]
async fn list_messages_sends_every_filter_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/9900000/messages"))
        .and(query_param("sourceTn", "+15550000002"))
        .and(query_param("messageStatus", "DELIVERED"))
        .and(query_param("messageDirection", "OUTBOUND"))
        .and(query_param("carrierName", "AT&T"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "totalCount": 1, "pageInfo": {}, "messages": [item("m1", "DELIVERED")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListMessagesParams {
        source_tn: Some("+15550000002".to_owned()),
        message_status: Some(MessageStatusEnum::Delivered),
        message_direction: Some(ListMessageDirectionEnum::Outbound),
        carrier_name: Some("AT&T".to_owned()),
        limit: Some(2),
        ..Default::default()
    };
    let page = client_without_retries(&server)
        .list_messages(&params)
        .await
        .expect("page");
    assert_eq!(page.total_count, Some(1));
    let requests = server.received_requests().await.unwrap_or_default();
    let query = requests
        .first()
        .and_then(|r| r.url.query())
        .unwrap_or_default()
        .to_owned();
    // `+` and `&` must arrive percent-encoded, or the server reads a space and a new parameter.
    assert!(
        query.contains("sourceTn=%2B15550000002") && query.contains("carrierName=AT%26T"),
        "{query}"
    );
}

#[tokio::test]
async fn list_messages_stream_follows_next_page_tokens_across_three_pages() {
    let server = MockServer::start().await;
    let page = |ids: [&str; 2], next: Option<&str>| {
        let mut info = serde_json::json!({});
        if let Some(next) = next {
            info["nextPageToken"] = serde_json::json!(next);
            info["nextPage"] =
                serde_json::json!(format!("https://example.invalid/?pageToken={next}"));
        }
        serde_json::json!({"totalCount": 6, "pageInfo": info, "messages": [item(ids[0], "SENT"), item(ids[1], "DLR_EXPIRED")]})
    };
    Mock::given(method("GET"))
        .and(|r: &Request| !r.url.query_pairs().any(|(k, _)| k == "pageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(["m1", "m2"], Some("P2"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("pageToken", "P2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(["m3", "m4"], Some("P3"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("pageToken", "P3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(["m5", "m6"], None)))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListMessagesParams {
        source_tn: Some("+15550000002".to_owned()),
        ..Default::default()
    };
    let items: Vec<_> = client_without_retries(&server)
        .list_messages_stream(params)
        .try_collect()
        .await
        .expect("three pages");
    let ids: Vec<_> = items
        .iter()
        .filter_map(|i| i.message_id.as_deref())
        .collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5", "m6"]);
    // The filters travel with every page request.
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.iter().all(|r| {
        r.url
            .query_pairs()
            .any(|(k, v)| k == "sourceTn" && v == "+15550000002")
    }));
    // A status the spec does not list is kept, not an error.
    assert_eq!(
        items[1].message_status,
        Some(MessageStatusEnum::Unknown("DLR_EXPIRED".to_owned()))
    );
}

#[tokio::test]
async fn list_messages_stream_stops_when_the_server_repeats_a_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "pageInfo": {"nextPageToken": "SAME"}, "messages": [item("m1", "SENT")]
        })))
        .expect(2)
        .mount(&server)
        .await;
    let items: Vec<_> = client_without_retries(&server)
        .list_messages_stream(ListMessagesParams {
            message_id: Some("m1".to_owned()),
            ..Default::default()
        })
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(|r: &Request| !r.url.query_pairs().any(|(k, _)| k == "pageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "pageInfo": {"nextPageToken": "P2"}, "messages": [item("m1", "SENT")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("pageToken", "P2"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "300").set_body_json(
            serde_json::json!({"type": "rate_limit_exceeded", "description": "Too many requests"}),
        ))
        .mount(&server)
        .await;
    let mut stream = std::pin::pin!(client_without_retries(&server).list_messages_stream(
        ListMessagesParams {
            message_id: Some("m1".to_owned()),
            ..Default::default()
        }
    ));
    assert!(stream.try_next().await.expect("first item").is_some());
    let err = stream.try_next().await.expect_err("second page is refused");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(300)));
}
