//! The IR lowered from `spec/messaging.yaml`: a snapshot of all of it, plus assertions on the facts the
//! runtime, the macros and the sandbox rely on (checked against the facts sheet).

use bandwidth_codegen::ir::{Api, BodyKind, Envelope, ModelKind, ParamLocation, Status, TypeRef};
use bandwidth_codegen::{GenerateSettings, lower_spec};
use bandwidth_tests::upstream::workspace_root;

fn messaging() -> Api {
    let text = std::fs::read_to_string(workspace_root().join("spec/messaging.yaml"))
        .expect("spec/messaging.yaml is readable");
    match lower_spec(&text, &GenerateSettings::new()) {
        Ok(api) => api,
        Err(diags) => panic!("spec/messaging.yaml has problems:\n{diags}"),
    }
}

#[test]
fn ir_of_the_messaging_spec() {
    insta::assert_yaml_snapshot!("messaging_ir", messaging());
}

#[test]
fn segmentation_limits_are_lowered_from_the_extension() {
    let api = messaging();
    insta::assert_yaml_snapshot!("segmentation_limits", api.behaviour.segmentation);
    let seg = api
        .behaviour
        .segmentation
        .expect("x-bandwidth-segmentation");
    assert_eq!((seg.gsm7.single, seg.gsm7.concatenated), (160, 153));
    assert_eq!((seg.ucs2.single, seg.ucs2.concatenated), (70, 67));
    assert_eq!(
        (seg.udh_bytes, seg.mms_segments, seg.max_text_characters),
        (6, 1, 2048)
    );
}

#[test]
fn the_six_operations_with_their_parameters_and_statuses() {
    let api = messaging();
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "createMessage",
            "listMessages",
            "listMedia",
            "getMedia",
            "uploadMedia",
            "deleteMedia"
        ]
    );

    let list = &api.operations[1];
    let query: Vec<&str> = list
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        query.len(),
        27,
        "listMessages has 27 query filters: {query:?}"
    );
    assert_eq!(list.query_struct.as_deref(), Some("ListMessagesQuery"));
    let too_many = list
        .responses
        .iter()
        .find(|r| r.status == Status::Code(429))
        .expect("listMessages 429");
    assert_eq!(
        too_many
            .headers
            .iter()
            .map(|h| (h.name.as_str(), &h.ty))
            .collect::<Vec<_>>(),
        [("Retry-After", &TypeRef::U64)]
    );

    let create = &api.operations[0];
    let accepted = create.responses.iter().find(|r| r.accepted).expect("a 202");
    assert_eq!(accepted.status, Status::Code(202));
    assert_eq!(
        accepted.body,
        BodyKind::Json(TypeRef::Named("Message".into()))
    );
    let bad = create
        .responses
        .iter()
        .find(|r| r.status == Status::Code(400))
        .expect("a 400");
    assert_eq!(
        bad.body,
        BodyKind::Json(TypeRef::Named("CreateMessageRequestError".into()))
    );
    assert_eq!(create.callbacks, ["statusCallback"]);

    let get = &api.operations[3];
    let media_id = get
        .params
        .iter()
        .find(|p| p.name == "mediaId")
        .expect("mediaId");
    assert!(
        media_id.keep_slashes,
        "x-bandwidth-keep-slashes lowers onto mediaId"
    );
    assert_eq!(get.responses[0].body, BodyKind::Binary);

    let upload = &api.operations[4];
    assert_eq!(
        upload.body.as_ref().map(|b| &b.kind),
        Some(&BodyKind::Binary)
    );
    assert!(
        upload
            .body
            .as_ref()
            .is_some_and(|b| b.content_types.len() >= 48)
    );
    let headers: Vec<&str> = upload
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(headers, ["Content-Type", "Cache-Control"]);

    let list_media = &api.operations[2];
    assert_eq!(
        list_media.responses[0].body,
        BodyKind::Json(TypeRef::Array(Box::new(TypeRef::Named("Media".into()))))
    );
    assert_eq!(
        list_media.responses[0].headers[0].name,
        "Continuation-Token"
    );
}

#[test]
fn webhook_events_come_from_both_callbacks() {
    let api = messaging();
    let names: Vec<(&str, &str, &str)> = api
        .webhooks
        .iter()
        .flat_map(|w| {
            w.events
                .iter()
                .map(move |e| (w.name.as_str(), e.name.as_str(), e.payload.as_str()))
        })
        .collect();
    assert_eq!(
        names,
        [
            ("statusCallback", "message-sending", "StatusCallback"),
            ("statusCallback", "message-sent", "StatusCallback"),
            ("statusCallback", "message-delivered", "StatusCallback"),
            ("statusCallback", "message-failed", "StatusCallback"),
            ("statusCallback", "message-read", "StatusCallback"),
            ("inboundCallback", "message-received", "InboundCallback"),
            (
                "inboundCallback",
                "requested-location-response",
                "InboundCallback"
            ),
            ("inboundCallback", "suggestion-response", "InboundCallback"),
        ]
    );
    assert!(
        api.webhooks
            .iter()
            .all(|w| w.envelope == Envelope::Array && w.discriminator == "type")
    );
    assert_eq!(api.webhooks[0].operations, ["createMessage"]);
    assert!(
        api.webhooks[1].operations.is_empty(),
        "inboundCallback is declared by no operation"
    );
}

#[test]
fn models_follow_the_facts_sheet() {
    let api = messaging();
    let model = |name: &str| {
        api.models
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("model {name}"))
    };
    let ModelKind::Struct {
        fields, default, ..
    } = &model("MessageRequest").kind
    else {
        panic!("MessageRequest is a struct")
    };
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(required, ["applicationId", "to", "from"]);
    assert!(
        *default,
        "every required field of MessageRequest has a Default"
    );
    let text = fields.iter().find(|f| f.json_name == "text").expect("text");
    assert_eq!(
        (text.ty.clone(), text.constraints.max_length),
        (TypeRef::String, Some(2048)),
        "the messageText alias is inlined"
    );

    let ModelKind::Struct {
        fields, default, ..
    } = &model("InboundCallbackMessage").kind
    else {
        panic!("allOf merges into a struct")
    };
    assert!(
        !*default,
        "direction is a required open enum, which has no Default"
    );
    let names: Vec<&str> = fields.iter().map(|f| f.json_name.as_str()).collect();
    assert!(names.starts_with(&[
        "id",
        "owner",
        "applicationId",
        "time",
        "segmentCount",
        "direction",
        "to",
        "from"
    ]));
    assert!(names.ends_with(&["content", "suggestionResponse", "locationResponse"]));

    let ModelKind::Struct { fields, .. } = &model("ListMessageItem").kind else {
        panic!("ListMessageItem is a struct")
    };
    let nullable: Vec<&str> = fields
        .iter()
        .filter(|f| f.nullable)
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(
        nullable,
        [
            "carrierName",
            "messageSize",
            "attachmentCount",
            "recipientCount",
            "campaignClass",
            "campaignId",
            "bwLatency",
            "carrierLatency",
            "callingNumberCountryA3",
            "calledNumberCountryA3",
            "product",
            "location"
        ]
    );
    assert!(
        fields.iter().all(|f| f.json_name != "text"),
        "no text in list results"
    );

    let ModelKind::Enum { values } = &model("ProductTypeEnum").kind else {
        panic!("an enum")
    };
    assert_eq!(
        values
            .iter()
            .find(|v| v.value == "LOCAL_A2P")
            .map(|v| v.variant.as_str()),
        Some("LocalA2p")
    );
    let ModelKind::Union {
        discriminator,
        variants,
        ..
    } = &model("Callback").kind
    else {
        panic!("a union")
    };
    assert_eq!(discriminator.as_deref(), Some("type"));
    assert_eq!(
        variants.iter().map(|v| v.tags.len()).collect::<Vec<_>>(),
        [5, 3]
    );
}
