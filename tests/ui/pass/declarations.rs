// Every macro on a hand-written declaration file: compiles, and `main` exercises the expansions.

mod models {
    include!("../../fixtures/decls/models.rs");
}
mod webhooks {
    include!("../../fixtures/decls/webhooks.rs");
}
mod operations {
    include!("../../fixtures/decls/operations.rs");
}

use bandwidth_messaging::__private::{Operation, QueryParams, StatusCode};

fn main() {
    // model: exact JSON names, `r#type`, unknown fields kept.
    let json = r#"{"type":"request-validation","description":"bad","extra":[1,2]}"#;
    let err: models::MessagingRequestError = serde_json::from_str(json).unwrap();
    assert_eq!(err.r#type, "request-validation");
    assert_eq!(serde_json::to_string(&err).unwrap(), json);

    // model: `new` with the required fields, Default.
    let req = models::MessageRequest::new("app".into(), vec!["+15550001".into()], "+15550002".into());
    let back: models::MessageRequest = serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
    assert_eq!(back, req);
    assert_eq!(models::Media::default().media_name, None);

    // open_enum: unknown values survive.
    let p: models::PriorityEnum = serde_json::from_str("\"urgent\"").unwrap();
    assert_eq!(p, models::PriorityEnum::Unknown("urgent".into()));
    assert_eq!(models::PriorityEnum::KNOWN.len(), 2);

    // one_of and webhook_events: dispatch on `type`.
    let event = br#"{"type":"message-delivered","time":"2024-01-01T00:00:00Z","to":"+1","description":"ok",
        "message":{"id":"m","owner":"+1","applicationId":"a","time":"2024-01-01T00:00:00Z","segmentCount":1,
        "direction":"out","to":["+1"],"from":"+2"}}"#;
    let e = webhooks::Event::from_json_slice(event).unwrap();
    assert_eq!(e.event_type(), "message-delivered");
    let c = webhooks::Callback::from_json_slice(event).unwrap();
    assert!(matches!(c, webhooks::Callback::StatusCallback(_)));

    // query_params and operation.
    let q = operations::ListMessagesQuery { limit: Some(5), ..Default::default() };
    let mut pairs = Vec::new();
    q.append_pairs(&mut pairs);
    assert_eq!(pairs, vec![("limit", "5".to_owned())]);
    let op = operations::GetMedia { account_id: "9900000".into(), media_id: "a/b c.png".into() };
    assert_eq!(op.path(), "/users/9900000/media/a/b%20c.png");
    let r = operations::DeleteMedia::decode(StatusCode::NO_CONTENT, &Default::default(), Default::default()).unwrap();
    assert!(r.is_success());
}
