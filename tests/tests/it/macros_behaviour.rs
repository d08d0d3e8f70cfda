//! End-to-end behaviour of the macro expansions on the hand-written declarations in `tests/fixtures/decls/`:
//! models, open enums, `one_of`, webhook events, and operations sent over a real loopback HTTP server
//! (wiremock) by a minimal reqwest sender written here (the real client runtime lives in `bandwidth_messaging::client`).

#[allow(dead_code)]
mod models {
    include!("../../fixtures/decls/models.rs");
}
#[allow(dead_code)]
mod webhooks {
    include!("../../fixtures/decls/webhooks.rs");
}
#[allow(dead_code)]
mod operations {
    include!("../../fixtures/decls/operations.rs");
}

use bandwidth_messaging::__private::{
    Bytes, DecodeError, EncodeError, HeaderMap, Operation, QueryParams, RequestBody, StatusCode,
};
use bandwidth_messaging::Nullable;
use models::*;
use operations::*;
use serde_json::{Value, json};
use webhooks::*;

// ---------------------------------------------------------------- models

#[test]
fn model_round_trips_with_exact_json_names() {
    let wire = json!({
        "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
        "to": ["+15554443333", "+15552223333"],
        "from": "+15551113333",
        "text": "Hello",
        "media": ["https://example.com/a.png"],
        "tag": "t1",
        "priority": "high",
        "expiration": "2031-06-01T12:00:00.000Z"
    });
    let req: MessageRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(req.application_id, "93de2206-9669-4e07-948d-329f4b722ee2");
    assert_eq!(req.to.len(), 2);
    assert_eq!(req.priority, Some(PriorityEnum::High));
    assert_eq!(
        req.expiration,
        Some("2031-06-01T12:00:00Z".parse().unwrap())
    );
    assert!(req.additional_properties.is_empty());
    // Same keys, same order (serde_json keeps insertion order here), same values.
    assert_eq!(
        serde_json::to_string(&req).unwrap(),
        serde_json::to_string(&wire).unwrap()
    );
}

#[test]
fn absent_options_are_skipped_and_new_takes_required_fields() {
    let req = MessageRequest::new("app".into(), vec!["+1".into()], "+2".into());
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"applicationId": "app", "to": ["+1"], "from": "+2"})
    );
    let explicit_null: Message = serde_json::from_value(json!({"id": null, "text": "x"})).unwrap();
    assert_eq!(explicit_null.id, None);
    assert_eq!(explicit_null.text.as_deref(), Some("x"));
}

#[test]
fn keyword_field_reads_and_writes_type() {
    let e: MessagingRequestError =
        serde_json::from_str(r#"{"type":"unauthorized","description":"Authentication Failed"}"#)
            .unwrap();
    assert_eq!(e.r#type, "unauthorized");
    assert_eq!(serde_json::to_value(&e).unwrap()["type"], "unauthorized");
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let wire =
        json!({"type": "t", "description": "d", "source": {"field": "to"}, "extra": [1, null]});
    let e: MessagingRequestError = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(e.additional_properties.len(), 2);
    assert_eq!(e.additional_properties["source"], json!({"field": "to"}));
    assert_eq!(serde_json::to_value(&e).unwrap(), wire);
}

#[test]
fn a_declared_field_wins_over_an_extra_entry_of_the_same_name() {
    let mut e = MessagingRequestError::new("t".into(), "d".into());
    e.additional_properties
        .insert("type".into(), json!("shadow"));
    e.additional_properties.insert("other".into(), json!(1));
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"type":"t","description":"d","other":1}"#
    );
}

#[test]
fn nullable_fields_have_three_states() {
    let absent: ListMessageItem = serde_json::from_value(json!({"messageId": "m"})).unwrap();
    let null: ListMessageItem =
        serde_json::from_value(json!({"messageId": "m", "carrierName": null})).unwrap();
    let value: ListMessageItem =
        serde_json::from_value(json!({"carrierName": "Verizon", "messageSize": 12})).unwrap();
    assert_eq!(absent.carrier_name, Nullable::Absent);
    assert_eq!(null.carrier_name, Nullable::Null);
    assert_eq!(value.carrier_name, Nullable::Value("Verizon".to_owned()));
    assert_eq!(value.message_size, Nullable::Value(12));
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        json!({"messageId": "m"})
    );
    assert_eq!(
        serde_json::to_value(&null).unwrap(),
        json!({"messageId": "m", "carrierName": null})
    );
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        json!({"carrierName": "Verizon", "messageSize": 12})
    );
}

#[test]
fn a_missing_required_field_is_named_by_its_json_name() {
    let err = serde_json::from_str::<MessageRequest>(r#"{"to":["+1"],"from":"+2"}"#).unwrap_err();
    assert!(
        err.to_string().contains("missing field `applicationId`"),
        "{err}"
    );
    let err = serde_json::from_str::<MessagingRequestError>(r#"{"type":"x"}"#).unwrap_err();
    assert!(
        err.to_string().contains("missing field `description`"),
        "{err}"
    );
}

#[test]
fn duplicate_and_mistyped_fields_are_errors() {
    let err = serde_json::from_str::<Media>(r#"{"mediaName":"a","mediaName":"b"}"#).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `mediaName`"),
        "{err}"
    );
    let err = serde_json::from_str::<Media>(r#"{"contentLength":"big"}"#).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
    let err = serde_json::from_str::<Media>("[1]").unwrap_err();
    assert!(
        err.to_string()
            .contains("schema `#/components/schemas/media`"),
        "{err}"
    );
}

#[test]
fn nested_models_and_lists_parse() {
    let list: MessagesList = serde_json::from_value(json!({
        "totalCount": 2,
        "pageInfo": {},
        "messages": [{"messageId": "a", "messageStatus": "DELIVERED"}, {"messageId": "b", "messageStatus": "NEW"}]
    }))
    .unwrap();
    let messages = list.messages.unwrap();
    assert_eq!(
        messages[0].message_status,
        Some(MessageStatusEnum::Delivered)
    );
    assert_eq!(
        messages[1].message_status,
        Some(MessageStatusEnum::Unknown("NEW".into()))
    );
    assert_eq!(list.page_info, Some(PageInfo::default()));
}

// ---------------------------------------------------------------- open enums

#[test]
fn open_enums_keep_unknown_values() {
    let known: MessageStatusEnum = serde_json::from_str("\"QUEUED\"").unwrap();
    let unknown: MessageStatusEnum = serde_json::from_str("\"PAUSED\"").unwrap();
    assert_eq!(known, MessageStatusEnum::Queued);
    assert!(known.is_known());
    assert_eq!(unknown, MessageStatusEnum::Unknown("PAUSED".into()));
    assert!(!unknown.is_known());
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"PAUSED\"");
    assert_eq!(unknown.as_str(), "PAUSED");
    assert_eq!(MessageDirectionEnum::In.to_string(), "in");
    assert_eq!(
        "out".parse::<MessageDirectionEnum>(),
        Ok(MessageDirectionEnum::Out)
    );
    assert_eq!(
        MessageStatusEnum::from(String::from("FAILED")),
        MessageStatusEnum::Failed
    );
    let all: Vec<&str> = MessageStatusEnum::KNOWN
        .iter()
        .map(MessageStatusEnum::as_str)
        .collect();
    assert_eq!(all, ["RECEIVED", "QUEUED", "DELIVERED", "FAILED"]);
    assert!(serde_json::from_str::<MessageStatusEnum>("3").is_err());
}

// ---------------------------------------------------------------- one_of and webhook events

fn status_event(kind: &str) -> Value {
    json!({
        "time": "2024-05-01T10:00:00.125Z",
        "type": kind,
        "to": "+15552223333",
        "description": "Message delivered to handset.",
        "message": {
            "id": "1589228074636lm4k2je7j7jklbn2",
            "owner": "+15551113333",
            "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
            "time": "2024-05-01T09:59:58.000Z",
            "segmentCount": 1,
            "direction": "out",
            "to": ["+15552223333"],
            "from": "+15551113333",
            "text": "",
            "tag": "t1"
        },
        "futureField": {"a": 1}
    })
}

fn inbound_event() -> Value {
    let mut v = status_event("message-received");
    v["message"]["direction"] = json!("in");
    v["message"]["text"] = json!("hi there");
    v
}

#[test]
fn every_event_type_dispatches_to_its_variant() {
    let cases = [
        ("message-sending", "MessageSending"),
        ("message-sent", "MessageSent"),
        ("message-delivered", "MessageDelivered"),
        ("message-failed", "MessageFailed"),
        ("message-read", "MessageRead"),
        ("message-received", "MessageReceived"),
        ("requested-location-response", "RequestedLocationResponse"),
        ("suggestion-response", "SuggestionResponse"),
    ];
    assert_eq!(Event::KNOWN_TYPES, cases.map(|(t, _)| t));
    for (kind, variant) in cases {
        let raw = if kind.starts_with("message-") && kind != "message-received" {
            status_event(kind)
        } else {
            let mut v = inbound_event();
            v["type"] = json!(kind);
            v
        };
        let bytes = serde_json::to_vec(&raw).unwrap();
        let fast = Event::from_json_slice(&bytes).unwrap();
        let generic: Event = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(fast, generic, "{kind}");
        assert_eq!(fast.event_type(), kind);
        assert!(format!("{fast:?}").starts_with(variant), "{kind}: {fast:?}");
        // The payload keeps the discriminator and unknown fields, so the event writes back unchanged.
        assert_eq!(serde_json::to_value(&fast).unwrap(), raw, "{kind}");
    }
    let Event::MessageFailed(cb) = Event::from_json_value(status_event("message-failed")).unwrap()
    else {
        panic!("expected MessageFailed");
    };
    assert_eq!(cb.r#type, StatusCallbackTypeEnum::MessageFailed);
    assert_eq!(cb.message.direction, MessageDirectionEnum::Out);
}

#[test]
fn unknown_or_missing_event_types_keep_the_raw_object() {
    let raw = json!({"type": "message-teleported", "whatever": [1, 2]});
    let e = Event::from_json_slice(raw.to_string().as_bytes()).unwrap();
    assert_eq!(
        e,
        Event::Unknown {
            r#type: "message-teleported".into(),
            raw: raw.clone()
        }
    );
    assert_eq!(e.event_type(), "message-teleported");
    assert_eq!(serde_json::to_value(&e).unwrap(), raw);

    let untyped = json!({"time": "x"});
    let e: Event = serde_json::from_value(untyped.clone()).unwrap();
    assert_eq!(
        e,
        Event::Unknown {
            r#type: String::new(),
            raw: untyped.clone()
        }
    );
    assert_eq!(
        Event::from_json_slice(untyped.to_string().as_bytes()).unwrap(),
        e
    );

    let numeric = json!({"type": 5});
    assert!(
        matches!(Event::from_json_slice(b"{\"type\":5}").unwrap(), Event::Unknown { r#type, .. } if r#type.is_empty())
    );
    assert!(matches!(
        serde_json::from_value::<Event>(numeric).unwrap(),
        Event::Unknown { .. }
    ));
}

#[test]
fn a_batch_of_events_parses_and_bad_events_are_errors() {
    let batch = json!([status_event("message-delivered"), {"type": "new-kind"}, inbound_event()]);
    let events: Vec<Event> = serde_json::from_value(batch).unwrap();
    let kinds: Vec<&str> = events.iter().map(Event::event_type).collect();
    assert_eq!(kinds, ["message-delivered", "new-kind", "message-received"]);

    assert!(Event::from_json_slice(b"[1,2]").is_err());
    assert!(serde_json::from_str::<Event>("\"message-sent\"").is_err());
    assert!(Event::from_json_slice(b"{\"type\":\"message-sent\"").is_err());
    // A known type whose payload lacks a required field is an error naming it.
    let err = Event::from_json_slice(br#"{"type":"message-sent","time":"2024-05-01T10:00:00Z"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("missing field `to`"), "{err}");
}

#[test]
fn one_of_dispatches_on_its_discriminator_and_keeps_unknowns() {
    let status = status_event("message-read");
    let c = Callback::from_json_slice(status.to_string().as_bytes()).unwrap();
    assert!(
        matches!(&c, Callback::StatusCallback(cb) if cb.r#type == StatusCallbackTypeEnum::MessageRead)
    );
    assert_eq!(
        serde_json::from_value::<Callback>(status.clone()).unwrap(),
        c
    );
    assert_eq!(serde_json::to_value(&c).unwrap(), status);

    let inbound = Callback::from_json_value(inbound_event()).unwrap();
    assert!(
        matches!(&inbound, Callback::InboundCallback(cb) if cb.message.text.as_deref() == Some("hi there"))
    );

    let other = json!({"type": "message-teleported"});
    assert_eq!(
        Callback::from_json_value(other.clone()).unwrap(),
        Callback::Unknown(other.clone())
    );
    assert_eq!(
        Callback::from_json_slice(other.to_string().as_bytes()).unwrap(),
        Callback::Unknown(other)
    );
    // Not an object: no discriminator to read, kept whole.
    assert_eq!(
        Callback::from_json_slice(b"[1]").unwrap(),
        Callback::Unknown(json!([1]))
    );
}

// ---------------------------------------------------------------- operations (request side, no network)

#[test]
fn path_parameters_are_encoded_with_and_without_keep_slashes() {
    let get = GetMedia {
        account_id: "9900000".into(),
        media_id: "14762070468292kw2fuqty55yp2b2/0/bw ä.png".into(),
    };
    assert_eq!(
        get.path(),
        "/users/9900000/media/14762070468292kw2fuqty55yp2b2/0/bw%20%C3%A4.png"
    );
    let upload = UploadMedia {
        account_id: "99/00".into(),
        media_id: "a/b?c#d".into(),
        content_type: None,
        cache_control: None,
        body: Bytes::new(),
    };
    assert_eq!(upload.path(), "/users/99%2F00/media/a%2Fb%3Fc%23d");
    let dots = GetMedia {
        account_id: "1".into(),
        media_id: "../x".into(),
    };
    assert_eq!(dots.path(), "/users/1/media/%2E%2E/x");
    assert_eq!(
        GetMedia::PATH_TEMPLATE,
        "/users/{accountId}/media/{mediaId}"
    );
    assert_eq!(GetMedia::ID, "getMedia");
    assert!(get.is_idempotent());
}

#[test]
fn query_pairs_follow_declaration_order_and_skip_absent_values() {
    let q = ListMessagesQuery {
        limit: Some(10),
        message_status: Some(MessageStatusEnum::Delivered),
        source_tn: Some(vec!["+15551113333".into(), "+15552223333".into()]),
        limit_total_count: Some(true),
        ..Default::default()
    };
    let mut pairs = Vec::new();
    q.append_pairs(&mut pairs);
    assert_eq!(
        pairs,
        vec![
            ("sourceTn", "+15551113333,+15552223333".to_owned()),
            ("messageStatus", "DELIVERED".to_owned()),
            ("limitTotalCount", "true".to_owned()),
            ("limit", "10".to_owned()),
        ]
    );
    let empty_list = ListMessagesQuery {
        source_tn: Some(vec![]),
        ..Default::default()
    };
    let mut pairs = Vec::new();
    empty_list.append_pairs(&mut pairs);
    assert!(pairs.is_empty());
}

#[test]
fn header_values_that_cannot_be_sent_are_encode_errors() {
    let op = ListMedia {
        account_id: "1".into(),
        continuation_token: Some("bad\nvalue".into()),
    };
    match op.headers() {
        Err(EncodeError::InvalidHeader { operation, header }) => {
            assert_eq!((operation, header), ("listMedia", "Continuation-Token"));
        }
        other => panic!("expected InvalidHeader, got {other:?}"),
    }
}

#[test]
fn binary_bodies_take_their_content_type_from_the_header_field() {
    let mut op = UploadMedia {
        account_id: "1".into(),
        media_id: "m".into(),
        content_type: Some("image/png".into()),
        cache_control: Some("no-cache".into()),
        body: Bytes::from_static(b"\x89PNG"),
    };
    assert_eq!(
        op.body().unwrap(),
        RequestBody::Binary {
            content_type: "image/png".into(),
            bytes: Bytes::from_static(b"\x89PNG")
        }
    );
    let headers = op.headers().unwrap();
    assert_eq!(
        headers.len(),
        1,
        "Content-Type travels with the body, not twice: {headers:?}"
    );
    assert_eq!(headers[0].0, "cache-control");
    op.content_type = None;
    assert!(
        matches!(op.body().unwrap(), RequestBody::Binary { content_type, .. } if content_type == "application/octet-stream")
    );
}

#[test]
fn decode_without_network_covers_each_response_shape() {
    let empty = HeaderMap::new();
    let r = UploadMedia::decode(
        StatusCode::NO_CONTENT,
        &empty,
        Bytes::from_static(b"ignored"),
    )
    .unwrap();
    assert_eq!(r, UploadMediaResponse::NoContent);
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    let body = Bytes::from_static(br#"{"type":"not-found","description":"gone"}"#);
    let r = DeleteMedia::decode(StatusCode::NOT_FOUND, &empty, body).unwrap();
    match &r {
        DeleteMediaResponse::Default { status, body } => {
            assert_eq!(*status, StatusCode::NOT_FOUND);
            assert_eq!(body.r#type, "not-found");
        }
        other => panic!("expected Default, got {other:?}"),
    }
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.is_success());
    assert!(!r.is_accepted());
}

// ---------------------------------------------------------------- operations over loopback HTTP

mod wire {
    use super::*;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// What the minimal sender can fail with (the payloads are read through `Debug` in failure messages).
    #[derive(Debug)]
    #[allow(dead_code)]
    pub enum SendError {
        Encode(EncodeError),
        Http(reqwest::Error),
        Decode(DecodeError),
    }

    /// A minimal sender: turns an `Operation` into a reqwest request and decodes the answer.
    pub async fn send<O: Operation>(base: &str, op: &O) -> Result<O::Response, SendError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .build()
            .map_err(SendError::Http)?;
        let mut url = reqwest::Url::parse(&format!("{base}{}", op.path()))
            .expect("base URL and path form a URL");
        let pairs = op.query();
        if !pairs.is_empty() {
            let mut q = url.query_pairs_mut();
            for (name, value) in &pairs {
                q.append_pair(name, value);
            }
        }
        let mut req = client.request(op.method(), url);
        for (name, value) in op.headers().map_err(SendError::Encode)? {
            req = req.header(name, value);
        }
        req = match op.body().map_err(SendError::Encode)? {
            RequestBody::Empty => req,
            RequestBody::Json(bytes) => req.header("content-type", "application/json").body(bytes),
            RequestBody::Binary {
                content_type,
                bytes,
            } => req.header("content-type", content_type).body(bytes),
        };
        let resp = req.send().await.map_err(SendError::Http)?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.bytes().await.map_err(SendError::Http)?;
        O::decode(status, &headers, body).map_err(SendError::Decode)
    }

    /// A server answering every request with `template`.
    pub async fn serve(template: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(template)
            .mount(&server)
            .await;
        server
    }

    /// The single request the server received.
    pub async fn only_request(server: &MockServer) -> wiremock::Request {
        let mut requests = server
            .received_requests()
            .await
            .expect("request recording is on");
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.remove(0)
    }

    pub fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
    }
}

use wire::{SendError, json_answer, only_request, send, serve};
use wiremock::ResponseTemplate;

fn create_message() -> CreateMessage {
    let mut body = MessageRequest::new(
        "app-1".into(),
        vec!["+15552223333".into()],
        "+15551113333".into(),
    );
    body.text = Some("Hello".into());
    CreateMessage {
        account_id: "9900000".into(),
        body,
    }
}

#[tokio::test]
async fn create_message_202_is_accepted_with_the_message() {
    let answer = json!({"id": "1589228074636lm4k2je7j7jklbn2", "owner": "+15551113333", "direction": "out",
        "segmentCount": 1, "priority": "default", "time": "2024-05-01T10:00:00.000Z"});
    let server = serve(json_answer(202, &answer)).await;
    let op = create_message();
    let resp = send(&server.uri(), &op).await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/users/9900000/messages");
    assert_eq!(req.headers.get("content-type").unwrap(), "application/json");
    let sent: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        sent,
        json!({"applicationId": "app-1", "to": ["+15552223333"], "from": "+15551113333", "text": "Hello"})
    );

    let CreateMessageResponse::Accepted(message) = &resp else {
        panic!("expected Accepted, got {resp:?}")
    };
    assert_eq!(message.id.as_deref(), Some("1589228074636lm4k2je7j7jklbn2"));
    assert_eq!(message.direction, Some(MessageDirectionEnum::Out));
    assert!(resp.is_accepted());
    assert!(resp.is_success());
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn create_message_error_statuses_decode_into_their_types() {
    let bad = json!({"type": "request-validation", "description": "Your request could not be accepted",
        "fieldErrors": [{"fieldName": "from", "description": "'+1invalid' must be a valid E.164 number"}]});
    let server = serve(json_answer(400, &bad)).await;
    let resp = send(&server.uri(), &create_message()).await.unwrap();
    let CreateMessageResponse::BadRequest(err) = &resp else {
        panic!("expected BadRequest, got {resp:?}")
    };
    assert_eq!(
        err.field_errors.as_ref().unwrap()[0].field_name.as_deref(),
        Some("from")
    );
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);

    let limited = json!({"type": "max-message-queue-size-exceeded", "description": "slow down"});
    let server = serve(json_answer(429, &limited).insert_header("Retry-After", " 7 ")).await;
    let resp = send(&server.uri(), &create_message()).await.unwrap();
    match resp {
        CreateMessageResponse::TooManyRequests { body, retry_after } => {
            assert_eq!(body.r#type, "max-message-queue-size-exceeded");
            assert_eq!(retry_after, Some(7));
        }
        other => panic!("expected TooManyRequests, got {other:?}"),
    }

    let server = serve(
        json_answer(429, &limited).insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    .await;
    let resp = send(&server.uri(), &create_message()).await.unwrap();
    assert!(matches!(
        resp,
        CreateMessageResponse::TooManyRequests {
            retry_after: None,
            ..
        }
    ));
}

#[tokio::test]
async fn undocumented_statuses_and_mismatched_error_bodies_are_unknown() {
    let server = serve(ResponseTemplate::new(418).set_body_string("I'm a teapot")).await;
    let resp = send(&server.uri(), &create_message()).await.unwrap();
    assert_eq!(
        resp,
        CreateMessageResponse::Unknown {
            status: StatusCode::IM_A_TEAPOT,
            body: Bytes::from("I'm a teapot")
        }
    );

    // 401 is documented with a JSON body; an HTML page instead falls back to Unknown, not an error.
    let server = serve(ResponseTemplate::new(401).set_body_string("<html>denied</html>")).await;
    let resp = send(&server.uri(), &create_message()).await.unwrap();
    assert!(
        matches!(resp, CreateMessageResponse::Unknown { status, .. } if status == StatusCode::UNAUTHORIZED)
    );
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_a_decode_error_with_a_snippet() {
    let server =
        serve(ResponseTemplate::new(202).set_body_string("{\"id\": 5, \"owner\": \"+1\"}")).await;
    let err = match send(&server.uri(), &create_message()).await {
        Err(SendError::Decode(err)) => err,
        other => panic!("expected a DecodeError, got {other:?}"),
    };
    assert_eq!(err.operation, "createMessage");
    assert_eq!(err.status, StatusCode::ACCEPTED);
    assert_eq!(err.expected, "Message");
    assert_eq!(err.snippet, "{\"id\": 5, \"owner\": \"+1\"}");
    assert!(err.message.contains("invalid type"), "{}", err.message);
    assert!(err.to_string().contains("createMessage"), "{err}");
}

#[tokio::test]
async fn list_messages_sends_its_query_and_parses_the_list() {
    let answer = json!({"totalCount": 1, "pageInfo": {"nextPageToken": "abc"},
        "messages": [{"messageId": "m1", "messageStatus": "DELIVERED", "carrierName": null}]});
    let server = serve(json_answer(200, &answer)).await;
    let op = ListMessages {
        account_id: "9900000".into(),
        query: ListMessagesQuery {
            source_tn: Some(vec!["+15551113333".into(), "+1919".into()]),
            carrier_name: Some("AT&T".into()),
            limit: Some(50),
            ..Default::default()
        },
    };
    let resp = send(&server.uri(), &op).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/users/9900000/messages");
    let query: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        vec![
            ("sourceTn".to_owned(), "+15551113333,+1919".to_owned()),
            ("carrierName".to_owned(), "AT&T".to_owned()),
            ("limit".to_owned(), "50".to_owned()),
        ]
    );
    assert!(
        req.url.query().unwrap().contains("carrierName=AT%26T"),
        "{:?}",
        req.url.query()
    );
    let ListMessagesResponse::Ok(list) = resp else {
        panic!("expected Ok")
    };
    let item = &list.messages.unwrap()[0];
    assert_eq!(item.carrier_name, Nullable::Null);
    assert_eq!(item.message_size, Nullable::Absent);
}

#[tokio::test]
async fn list_media_sends_and_reads_the_continuation_token() {
    let answer = json!([{"content": "https://messaging.bandwidth.com/api/v2/users/9900000/media/a.png",
        "contentLength": 10, "mediaName": "a.png"}]);
    let server =
        serve(json_answer(200, &answer).insert_header("Continuation-Token", "next-42")).await;
    let op = ListMedia {
        account_id: "9900000".into(),
        continuation_token: Some("tok-1".into()),
    };
    let resp = send(&server.uri(), &op).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.headers.get("continuation-token").unwrap(), "tok-1");
    match resp {
        ListMediaResponse::Ok {
            body,
            continuation_token,
        } => {
            assert_eq!(body.len(), 1);
            assert_eq!(body[0].media_name.as_deref(), Some("a.png"));
            assert_eq!(continuation_token.as_deref(), Some("next-42"));
        }
        other => panic!("expected Ok, got {other:?}"),
    }
}

#[tokio::test]
async fn get_media_keeps_slashes_and_returns_bytes_with_their_type() {
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(&b"\x89PNG\r\n"[..], "image/png")).await;
    let op = GetMedia {
        account_id: "9900000".into(),
        media_id: "14762070468292kw2fuqty55yp2b2/0/bw.png".into(),
    };
    let resp = send(&server.uri(), &op).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(
        req.url.path(),
        "/users/9900000/media/14762070468292kw2fuqty55yp2b2/0/bw.png"
    );
    let GetMediaResponse::Ok(media) = resp else {
        panic!("expected Ok")
    };
    assert_eq!(media.content_type.as_deref(), Some("image/png"));
    assert_eq!(&media.bytes[..], b"\x89PNG\r\n");

    let missing = json!({"type": "not-found", "description": "no such media"});
    let server = serve(json_answer(404, &missing)).await;
    let resp = send(&server.uri(), &op).await.unwrap();
    assert!(matches!(resp, GetMediaResponse::NotFound(ref e) if e.r#type == "not-found"));
}

#[tokio::test]
async fn upload_media_encodes_slashes_and_sends_bytes_and_headers() {
    let server = serve(ResponseTemplate::new(204)).await;
    let op = UploadMedia {
        account_id: "9900000".into(),
        media_id: "folder/pic 1.png".into(),
        content_type: Some("image/png".into()),
        cache_control: Some("no-cache".into()),
        body: Bytes::from_static(b"\x89PNG-bytes"),
    };
    let resp = send(&server.uri(), &op).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "PUT");
    assert_eq!(req.url.path(), "/users/9900000/media/folder%2Fpic%201.png");
    assert_eq!(req.headers.get("content-type").unwrap(), "image/png");
    assert_eq!(req.headers.get("cache-control").unwrap(), "no-cache");
    assert_eq!(req.body, b"\x89PNG-bytes");
    assert_eq!(resp, UploadMediaResponse::NoContent);
}

#[tokio::test]
async fn delete_media_maps_other_statuses_to_default() {
    let server = serve(json_answer(
        403,
        &json!({"type": "forbidden", "description": "Access Denied"}),
    ))
    .await;
    let op = DeleteMedia {
        account_id: "9900000".into(),
        media_id: "a/b.png".into(),
    };
    let resp = send(&server.uri(), &op).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "DELETE");
    assert_eq!(req.url.path(), "/users/9900000/media/a/b.png");
    assert!(
        matches!(resp, DeleteMediaResponse::Default { status, ref body } if status == StatusCode::FORBIDDEN && body.description == "Access Denied")
    );
}
