//! The OpenAPI constructs the generator supports, each on a small spec: YAML anchors and merge keys,
//! unquoted timestamps, `$ref` everywhere, allOf merging and inline naming, anyOf with a discriminator
//! mapping two values to one schema, nullable wrappers, typed maps, 3.1 webhooks, tag filtering.

use crate::codegen_support;

use bandwidth_codegen::ir::{Api, BodyKind, Envelope, Model, ModelKind, TypeRef};
use bandwidth_codegen::{DiagnosticKind, GenerateSettings, generate, lower_spec};

fn lower(text: &str) -> Api {
    lower_spec(text, &GenerateSettings::new().spec_name("test.yaml"))
        .unwrap_or_else(|d| panic!("{d}"))
}

fn model<'a>(api: &'a Api, name: &str) -> &'a Model {
    api.models
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no model {name}: {:?}",
                api.models.iter().map(|m| &m.name).collect::<Vec<_>>()
            )
        })
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn anchors_aliases_merge_keys_and_unquoted_timestamps() {
    let text = format!(
        "{HEADER}paths:
  /a:
    get:
      operationId: getA
      responses:
        '204': {{description: none}}
    servers: &servers
      - url: https://example.com/v2
  /b:
    get:
      operationId: getB
      responses:
        '204': {{description: none}}
    servers: *servers
components:
  schemas:
    base: &base
      type: object
      properties:
        at: {{type: string, format: date-time, example: 2024-12-02T20:15:57.278Z}}
    derived:
      <<: *base
      description: merged
"
    );
    let api = lower(&text);
    let ModelKind::Struct { fields, .. } = &model(&api, "Derived").kind else {
        panic!("a struct")
    };
    assert_eq!(fields[0].ty, TypeRef::Timestamp);
    assert_eq!(model(&api, "Derived").doc.as_deref(), Some("merged"));
    assert_eq!(api.operations.len(), 2);
}

#[test]
fn refs_into_components_of_every_kind() {
    let text = format!(
        "{HEADER}paths:
  /items/{{id}}:
    $ref: '#/components/pathItems/item'
components:
  pathItems:
    item:
      parameters:
        - $ref: '#/components/parameters/id'
      post:
        operationId: postItem
        requestBody: {{$ref: '#/components/requestBodies/item'}}
        responses:
          '200': {{$ref: '#/components/responses/item'}}
        callbacks:
          done: {{$ref: '#/components/callbacks/done'}}
  parameters:
    id: {{name: id, in: path, required: true, schema: {{type: string}}}}
  requestBodies:
    item:
      required: true
      content:
        application/json:
          schema: {{$ref: '#/components/schemas/item'}}
          examples:
            one: {{$ref: '#/components/examples/one'}}
  responses:
    item:
      description: ok
      headers:
        X-Rate: {{$ref: '#/components/headers/rate'}}
      content:
        application/json:
          schema: {{$ref: '#/components/schemas/item/properties/inner'}}
  headers:
    rate: {{schema: {{type: integer, minimum: -1}}}}
  examples:
    one: {{value: {{name: x}}}}
  callbacks:
    done:
      '{{$request.body#/url}}':
        post:
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    type: {{type: string, enum: [done]}}
          responses:
            '200': {{description: ok}}
  schemas:
    item:
      type: object
      properties:
        name: {{type: string}}
        inner:
          type: object
          properties:
            n: {{type: integer, format: int32}}
"
    );
    let api = lower(&text);
    let op = &api.operations[0];
    assert_eq!(
        (op.id.as_str(), op.path.as_str()),
        ("postItem", "/items/{id}")
    );
    assert_eq!(op.params[0].name, "id");
    assert_eq!(
        op.body.as_ref().map(|b| &b.kind),
        Some(&BodyKind::Json(TypeRef::Named("Item".into())))
    );
    assert_eq!(
        op.responses[0].body,
        BodyKind::Json(TypeRef::Named("ItemInner".into())),
        "a ref into a schema's property"
    );
    assert_eq!(
        op.responses[0].headers[0].ty,
        TypeRef::I64,
        "a header that may be negative stays signed"
    );
    let events: Vec<(&str, &str)> = api.webhooks[0]
        .events
        .iter()
        .map(|e| (e.name.as_str(), e.payload.as_str()))
        .collect();
    assert_eq!(
        events,
        [("done", "DoneBody")],
        "an inline callback body is named after the callback"
    );
    assert_eq!(api.webhooks[0].operations, ["postItem"]);
}

#[test]
fn all_of_merges_and_inline_schemas_are_named_after_their_parent() {
    let text = format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    file:
      type: object
      required: [fileUrl]
      properties:
        fileUrl: {{type: string, format: uri, maxLength: 1000}}
    rbmCardContent:
      type: object
      properties:
        media:
          allOf:
            - $ref: '#/components/schemas/file'
            - type: object
              required: [height]
              properties:
                height: {{type: string, enum: [SHORT, TALL]}}
        note:
          allOf:
            - $ref: '#/components/schemas/file'
          nullable: true
          description: a nullable reference
        tags:
          type: object
          additionalProperties: {{type: integer}}
"
    );
    let api = lower(&text);
    let ModelKind::Struct { fields, .. } = &model(&api, "RbmCardContentMedia").kind else {
        panic!("allOf is a struct")
    };
    let names: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.json_name.as_str(), f.required))
        .collect();
    assert_eq!(names, [("fileUrl", true), ("height", true)]);
    assert_eq!(
        fields[1].ty,
        TypeRef::Named("RbmCardContentMediaHeight".into())
    );
    let ModelKind::Struct { fields, .. } = &model(&api, "RbmCardContent").kind else {
        panic!("a struct")
    };
    let note = fields.iter().find(|f| f.json_name == "note").expect("note");
    assert_eq!(
        (note.ty.clone(), note.nullable, note.doc.as_deref()),
        (
            TypeRef::Named("File".into()),
            true,
            Some("a nullable reference")
        )
    );
    let tags = fields.iter().find(|f| f.json_name == "tags").expect("tags");
    assert_eq!(tags.ty, TypeRef::Map(Box::new(TypeRef::I64)));
}

#[test]
fn any_of_with_a_mapping_of_two_values_to_one_schema() {
    let text = format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    action:
      anyOf:
        - $ref: '#/components/schemas/base'
        - $ref: '#/components/schemas/dial'
      discriminator:
        propertyName: type
        mapping:
          REPLY: '#/components/schemas/base'
          REQUEST_LOCATION: '#/components/schemas/base'
          DIAL_PHONE: dial
    base:
      type: object
      required: [type]
      properties:
        type: {{type: string}}
    dial:
      allOf:
        - $ref: '#/components/schemas/base'
        - type: object
          properties:
            phoneNumber: {{type: string}}
"
    );
    let api = lower(&text);
    let ModelKind::Union {
        any_of,
        discriminator,
        variants,
    } = &model(&api, "Action").kind
    else {
        panic!("a union")
    };
    assert!(any_of);
    assert_eq!(discriminator.as_deref(), Some("type"));
    let tags: Vec<(&str, Vec<&str>)> = variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Base", vec!["REPLY", "REQUEST_LOCATION"]),
            ("Dial", vec!["DIAL_PHONE"])
        ]
    );
    let files = generate(&text, &GenerateSettings::new()).unwrap_or_else(|d| panic!("{d}"));
    let models = &files
        .iter()
        .find(|f| f.path == "models.rs")
        .expect("models.rs")
        .contents;
    assert!(
        models.contains("#[variant(tag = \"REPLY\", tag = \"REQUEST_LOCATION\")]"),
        "{models}"
    );
}

#[test]
fn openapi_31_webhooks_are_lowered_like_callbacks() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
webhooks:
  messageEvent:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: array
              items: {$ref: '#/components/schemas/statusEvent'}
      responses:
        '200': {description: ok}
components:
  schemas:
    statusEvent:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [message-sent, message-failed]}
        note: {type: [string, 'null']}
";
    let api = lower(text);
    let w = &api.webhooks[0];
    assert_eq!(
        (w.name.as_str(), w.expression.as_str(), w.envelope),
        ("messageEvent", "", Envelope::Array)
    );
    let names: Vec<&str> = w.events.iter().map(|e| e.variant.as_str()).collect();
    assert_eq!(names, ["MessageSent", "MessageFailed"]);
    let ModelKind::Struct { fields, .. } = &model(&api, "StatusEvent").kind else {
        panic!("a struct")
    };
    assert!(fields[1].nullable, "`type: [string, 'null']` is nullable");
    assert_eq!(w.events[0].payload, "StatusEvent");

    // A schema named `event` would collide with the generated event enum `Event`.
    let clash = text.replace("statusEvent", "event");
    let err = generate(&clash, &GenerateSettings::new())
        .expect_err("`Event` collides with the event enum");
    assert!(
        err.iter().any(|d| d.kind == DiagnosticKind::NameCollision
            && d.expected.contains("webhook event enum")),
        "{err}"
    );
}

#[test]
fn tag_filter_keeps_what_the_tagged_operations_reach() {
    let text = format!(
        "{HEADER}paths:
  /a:
    get:
      operationId: getA
      tags: [A]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/a'}}}}}}}}
  /b:
    get:
      operationId: getB
      tags: [B]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/b'}}}}}}}}
components:
  schemas:
    a: {{type: object, properties: {{c: {{$ref: '#/components/schemas/c'}}}}}}
    b: {{type: object, properties: {{x: {{type: string}}}}}}
    c: {{type: string, enum: [x]}}
    unused: {{type: string}}
"
    );
    let api =
        lower_spec(&text, &GenerateSettings::new().tags(["A"])).unwrap_or_else(|d| panic!("{d}"));
    let names: Vec<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["A", "C"]);
    assert_eq!(api.operations.len(), 1);
    let all = lower(&text);
    assert_eq!(
        all.models.len(),
        4,
        "without a filter every component schema is generated"
    );

    let err = lower_spec(&text, &GenerateSettings::new().tags(["Z"]))
        .expect_err("no operation is tagged Z");
    assert!(
        err.iter().any(|d| d.kind == DiagnosticKind::InvalidValue
            && d.expected.contains("the spec's tags: A, B")),
        "{err}"
    );
}

#[test]
fn json_specs_load_too() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"x": {"type": "object", "properties": {"type": {"type": "string"}}}}}}"#;
    let api = lower(text);
    let ModelKind::Struct { fields, .. } = &model(&api, "X").kind else {
        panic!("a struct")
    };
    assert_eq!(fields[0].name, "r#type");
}

#[test]
fn optional_bodies_are_options_and_every_shape_satisfies_the_macros() {
    let text = format!(
        "{HEADER}paths:
  /items/{{id}}:
    put:
      operationId: putItem
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: integer}}}}
        - {{name: X-Trace, in: header, required: true, schema: {{type: string}}}}
        - {{name: ids, in: query, explode: false, schema: {{type: array, items: {{type: string}}}}}}
        - {{name: kind, in: query, schema: {{$ref: '#/components/schemas/kind'}}}}
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/item'}}
      responses:
        '200':
          description: ok
          headers:
            Retry-After: {{schema: {{type: integer}}}}
          content:
            application/json:
              schema: {{type: array, items: {{$ref: '#/components/schemas/item'}}}}
        '404': {{description: gone}}
        default:
          description: anything else
          content:
            application/json:
              schema: {{type: object}}
    delete:
      operationId: deleteItem
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: integer}}}}
      requestBody:
        content:
          application/octet-stream:
            schema: {{type: string, format: binary}}
      responses:
        '204': {{description: gone}}
components:
  schemas:
    kind: {{type: string, enum: [a, b]}}
    item:
      type: object
      required: [name, note]
      properties:
        name: {{type: string}}
        note: {{type: string, nullable: true}}
        extra: {{type: object, additionalProperties: {{type: string}}}}
        any: {{}}
"
    );
    let files = generate(&text, &GenerateSettings::new()).unwrap_or_else(|d| panic!("{d}"));
    let ops = &files
        .iter()
        .find(|f| f.path == "operations.rs")
        .expect("operations.rs")
        .contents;
    assert!(ops.contains("pub body: Option<Item>,"), "{ops}");
    assert!(
        ops.contains("pub body: Option<::bandwidth_messaging::types::Bytes>,"),
        "{ops}"
    );
    assert!(ops.contains("pub id: i64,"), "{ops}");
    assert!(ops.contains("pub ids: Option<Vec<String>>,"), "{ops}");
    assert!(ops.contains("json = Vec<Item>"), "{ops}");
    for f in &files {
        let errors = codegen_support::macro_errors(&f.path, &f.contents);
        assert!(errors.is_empty(), "{}", errors.join("\n\n"));
    }
}
