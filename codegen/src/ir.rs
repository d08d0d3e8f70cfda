//! The intermediate representation: what the generator knows after resolving references and naming types.
//!
//! Lowering ([`crate::lower`]) builds it from the spec; emission ([`crate::emit`]) reads only this, never the
//! spec. Every item carries the JSON pointer it came from. It derives `Serialize` so tests snapshot it.

use serde::Serialize;

use crate::pointer::Pointer;

/// The name of the generated webhook event enum (a model may not take it).
pub const EVENT_ENUM: &str = "Event";

/// Everything generated from one spec.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The tags the operations were filtered by (empty = all operations).
    pub tags: Vec<String>,
    /// Named types, in spec order.
    pub models: Vec<Model>,
    /// Operations, in spec order (paths, then methods as written).
    pub operations: Vec<Operation>,
    /// Callbacks and 3.1 webhooks, each with the events it delivers.
    pub webhooks: Vec<Webhook>,
    /// Behaviour from the `x-bandwidth-*` extensions.
    pub behaviour: Behaviour,
    /// Names the naming rule changed (`docs/naming.md`), in the order they were decided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renames: Vec<Rename>,
    /// The request rule book of createMessage (`x-bandwidth-rules` plus the body's schema constraints), when
    /// the spec declares one. Reviewed through its emitted file rather than the IR snapshot.
    #[serde(skip)]
    pub rules: Option<RuleBook>,
}

/// A Rust name that differs from the one the spec name would give, because that one was taken
/// (`docs/naming.md`). Reported as a note, never an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rename {
    /// Where the renamed item is written.
    pub source: Pointer,
    /// The name it would have had.
    pub from: String,
    /// The name it has.
    pub to: String,
    /// Why (which rule of `docs/naming.md`, and what holds the name).
    pub reason: String,
}

/// Every rule a createMessage body must follow, from `x-bandwidth-rules` on its schema and the schema
/// constraints (`minItems`, `maxItems`, `uniqueItems`, `maxLength`, `enum`) of its properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleBook {
    /// The body schema the rules were read from.
    pub source: Pointer,
    /// How `maxLength` is counted: `unicode-scalar-value`, `utf-16` or `byte`.
    pub length_unit: String,
    /// `applicationId`: fewest characters.
    pub application_id_min_length: u64,
    /// Fewest digits of an E.164 number after the `+`.
    pub e164_min_digits: u64,
    /// Most digits of an E.164 number after the `+`.
    pub e164_max_digits: u64,
    /// Most characters of an alphanumeric sender id.
    pub sender_id_max_length: u64,
    /// Characters besides ASCII letters and digits allowed in a sender id.
    pub sender_id_symbols: String,
    /// A sender id needs at least one letter.
    pub sender_id_requires_letter: bool,
    /// `to`: fewest recipients.
    pub to_min_items: u64,
    /// `to`: most recipients.
    pub to_max_items: u64,
    /// `to`: no recipient twice.
    pub to_unique: bool,
    /// `text`: most characters.
    pub text_max_length: u64,
    /// `media`: most URLs.
    pub media_max_items: u64,
    /// `media`: no URL twice.
    pub media_unique: bool,
    /// `media[i]`: most characters of one URL.
    pub media_url_max_length: u64,
    /// `media[i]`: allowed URL schemes.
    pub media_schemes: Vec<String>,
    /// `tag`: most characters.
    pub tag_max_length: u64,
    /// `priority`: the enum's values.
    pub priority_values: Vec<String>,
    /// `expiration` must lie in the future.
    pub expiration_in_future: bool,
    /// At least one of these fields must be non-empty.
    pub content_any_of: Vec<String>,
    /// Recipients from which a message is a group message.
    pub group_min_recipients: u64,
    /// A group message is an MMS (counted as 1 segment).
    pub group_is_mms: bool,
    /// listMessages' `limit` default, when the spec gives one.
    pub list_limit_default: Option<u64>,
}

/// A Rust type as a field, parameter or body uses it (without the `Option`/`Nullable` wrapper).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`.
    I64,
    /// `u64` (response headers that cannot be negative).
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// A `date-time` string: `Timestamp`.
    Timestamp,
    /// A `binary` string: `Bytes`.
    Bytes,
    /// Any JSON value.
    JsonValue,
    /// A free-form JSON object.
    JsonObject,
    /// A list.
    Array(Box<TypeRef>),
    /// A map with typed values (`additionalProperties: <schema>`).
    Map(Box<TypeRef>),
    /// A generated model, by its Rust name.
    Named(String),
}

impl TypeRef {
    /// `true` for types that have a `Default` without looking at models.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            TypeRef::Named(_) | TypeRef::Array(_) | TypeRef::Map(_)
        )
    }
}

/// Validation keywords of a field. `max_length`, `items_max_length`, `max_items`, `unique_items` and `format`
/// become attribute keys; the others are stated in the field's documentation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// `format` of the value (of the items, for lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `maxLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// `minLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// `maxLength` of the items of a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_max_length: Option<u64>,
    /// `maxItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// `minItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// `uniqueItems`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// `pattern`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<String>,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<String>,
    /// `default` (as JSON text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `readOnly`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `writeOnly`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    /// `deprecated`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// A named type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Model {
    /// Rust name (PascalCase).
    pub name: String,
    /// Where the schema is written.
    pub source: Pointer,
    /// Description (sanitised when emitted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// What it is.
    pub kind: ModelKind,
}

/// The shape of a [`Model`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ModelKind {
    /// An object schema: a `model` struct.
    Struct {
        /// Fields in spec order (allOf parts first, in order).
        fields: Vec<Field>,
        /// Every required field's type has a `Default` (so the struct may derive it).
        default: bool,
        /// The schema's `discriminator` property, stated in the docs.
        #[serde(skip_serializing_if = "Option::is_none")]
        discriminator: Option<String>,
    },
    /// A string enum: an `open_enum`.
    Enum {
        /// Values in spec order.
        values: Vec<EnumValue>,
    },
    /// A primitive or array schema: `pub type Name = ...;`.
    Alias {
        /// The aliased type.
        ty: TypeRef,
        /// The schema's constraints (stated in the docs).
        constraints: Constraints,
    },
    /// `oneOf` / `anyOf`: a `one_of` enum.
    Union {
        /// `anyOf` rather than `oneOf`.
        any_of: bool,
        /// The discriminator property.
        #[serde(skip_serializing_if = "Option::is_none")]
        discriminator: Option<String>,
        /// Variants in spec order.
        variants: Vec<UnionVariant>,
    },
}

/// A field of a struct model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The Rust field name (`r#type` for keywords).
    pub name: String,
    /// The JSON name.
    pub json_name: String,
    /// The type without `Option`/`Nullable`.
    pub ty: TypeRef,
    /// In the schema's `required`.
    pub required: bool,
    /// `nullable: true` (tri-state).
    pub nullable: bool,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Validation keywords.
    pub constraints: Constraints,
    /// Where the property is written.
    pub source: Pointer,
}

/// A value of an enum model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The variant name (PascalCase of the value).
    pub variant: String,
    /// The JSON value.
    pub value: String,
    /// What the value means, from a `` - `value` ... `` line of the description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A variant of a union model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnionVariant {
    /// The variant name.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A path placeholder.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// A parameter of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Param {
    /// Where it goes.
    pub location: ParamLocation,
    /// The wire name.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    /// The value type (without `Option`).
    pub ty: TypeRef,
    /// Must be sent.
    pub required: bool,
    /// `/` in the value stays a path separator (`x-bandwidth-keep-slashes`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub keep_slashes: bool,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Validation keywords of the value.
    pub constraints: Constraints,
    /// Where the parameter is written.
    pub source: Pointer,
}

/// The kind of a request or response body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "type")]
pub enum BodyKind {
    /// A JSON document of this type.
    Json(TypeRef),
    /// Raw bytes.
    Binary,
    /// No body.
    Empty,
}

/// The request body of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestBody {
    /// JSON or binary.
    pub kind: BodyKind,
    /// `required`.
    pub required: bool,
    /// Every media type the spec lists, in order.
    pub content_types: Vec<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where the body is written.
    pub source: Pointer,
}

/// A response status: a code or `default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A specific code.
    Code(u16),
    /// `default`.
    Default,
}

/// A documented response of an operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    /// The status.
    pub status: Status,
    /// The body.
    pub body: BodyKind,
    /// Every media type the spec lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub content_types: Vec<String>,
    /// A 202: accepted onto a queue, not done.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
    /// Response headers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<ResponseHeader>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where the response is written.
    pub source: Pointer,
}

/// A response header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseHeader {
    /// The header name.
    pub name: String,
    /// The Rust field name in the response variant.
    pub field: String,
    /// The parsed type.
    pub ty: TypeRef,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// An HTTP operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Operation {
    /// `operationId` (derived from method and path when the spec has none).
    pub id: String,
    /// The Rust struct name (PascalCase of the id).
    pub name: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `deprecated`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Parameters: path ones in template order, then headers, then query.
    pub params: Vec<Param>,
    /// The name of the query struct, when there are query parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_struct: Option<String>,
    /// The request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    /// Documented responses, in spec order.
    pub responses: Vec<Response>,
    /// Names of the callbacks this operation declares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub callbacks: Vec<String>,
    /// Where the operation is written.
    pub source: Pointer,
}

/// The body of a webhook request: one event or a JSON array of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Envelope {
    /// A single event object.
    Single,
    /// A JSON array of event objects.
    Array,
}

/// A callback (or 3.1 webhook): requests the API sends to the user.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Webhook {
    /// The callback's name (its key in `callbacks` / `webhooks`).
    pub name: String,
    /// The URL expression (`{statusCallbackUrl}`); empty for 3.1 webhooks.
    pub expression: String,
    /// The request method.
    pub method: String,
    /// Operations that declare it (empty for component callbacks no operation names, and for webhooks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    /// Body envelope.
    pub envelope: Envelope,
    /// The property that tells events apart.
    pub discriminator: String,
    /// The events, in spec order.
    pub events: Vec<WebhookEvent>,
    /// Statuses the receiver is documented to answer with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Status>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where the callback is written.
    pub source: Pointer,
}

/// One event type of a webhook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebhookEvent {
    /// The discriminator value (`message-delivered`).
    pub name: String,
    /// The Rust variant name (`MessageDelivered`).
    pub variant: String,
    /// The payload model.
    pub payload: String,
    /// What the event means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Behaviour from the `x-bandwidth-*` extensions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Behaviour {
    /// `x-bandwidth-segmentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segmentation: Option<Segmentation>,
    /// `x-bandwidth-webhook-delivery`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_delivery: Option<WebhookDelivery>,
    /// `x-bandwidth-storage`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
    /// `x-bandwidth-delivery-receipts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_receipts: Option<DeliveryReceipts>,
    /// `x-bandwidth-limits`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// `x-bandwidth-acceptance`, per operation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acceptance: Vec<Acceptance>,
}

impl Behaviour {
    /// `true` when the spec has none of the extensions.
    pub fn is_empty(&self) -> bool {
        self.segmentation.is_none()
            && self.webhook_delivery.is_none()
            && self.storage.is_none()
            && self.delivery_receipts.is_none()
            && self.limits.is_none()
            && self.acceptance.is_empty()
    }
}

/// Units of one encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentUnits {
    /// Units in a message that fits one segment.
    pub single: u64,
    /// Units per segment once split.
    pub concatenated: u64,
}

/// SMS segmentation limits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segmentation {
    /// GSM-7 septets.
    pub gsm7: SegmentUnits,
    /// UCS-2 (UTF-16) units.
    pub ucs2: SegmentUnits,
    /// User data header bytes per concatenated segment.
    pub udh_bytes: u64,
    /// Segments of an MMS.
    pub mms_segments: u64,
    /// Maximum text length.
    pub max_text_characters: u64,
    /// What a "character" of `max_text_characters` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub character_unit: Option<String>,
    /// Where the extension is written.
    pub source: Pointer,
}

/// Webhook delivery contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WebhookDelivery {
    /// Body envelope.
    pub envelope: Envelope,
    /// Content type of bodies.
    pub content_type: String,
    /// Seconds Bandwidth waits for an answer.
    pub timeout_seconds: u64,
    /// Seconds during which deliveries are retried.
    pub retry_window_seconds: u64,
    /// Which answers count as delivered (`2xx`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<String>,
    /// What causes a retry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retry_on: Vec<String>,
    /// A 3xx answer is retried.
    pub retry_on_redirect: bool,
    /// The retry ladder in seconds.
    pub retry_schedule_seconds: Vec<u64>,
    /// HTTP Basic challenge flow.
    pub basic_challenge: bool,
    /// What happens on a 401 without `WWW-Authenticate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub without_www_authenticate: Option<String>,
    /// Delivery is at least once.
    pub at_least_once: bool,
    /// Where the extension is written.
    pub source: Pointer,
}

/// Storage of messages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Storage {
    /// Message text is stored.
    pub stores_text: bool,
    /// Listed only after the webhook was acknowledged.
    pub listed_after_webhook_acknowledged: bool,
    /// Search window in days.
    pub search_window_days: u64,
    /// Where the extension is written.
    pub source: Pointer,
}

/// Delivery receipts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeliveryReceipts {
    /// MMS and group receipts are opt-in.
    pub mms_and_group_opt_in: bool,
    /// Where the extension is written.
    pub source: Pointer,
}

/// Numeric limits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Limits {
    /// Recipients of one message.
    pub max_recipients: u64,
    /// Characters of a media URL.
    pub max_media_url_length: u64,
    /// Characters of a tag.
    pub max_tag_length: u64,
    /// Bytes of an uploaded media file.
    pub max_media_bytes: u64,
    /// Hours media is kept.
    pub media_retention_hours: u64,
    /// Items of a listMedia page.
    pub list_media_page_size: u64,
    /// Characters of an alphanumeric sender id.
    pub alphanumeric_sender_max_length: u64,
    /// Where the extension is written.
    pub source: Pointer,
}

/// An operation answered before its work is done.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acceptance {
    /// The operationId.
    pub operation: String,
    /// The acceptance status.
    pub status: u16,
    /// The work is queued.
    pub queued: bool,
    /// Events the acceptance leads to.
    pub events: Vec<String>,
    /// The terminal ones among them.
    pub terminal: Vec<String>,
    /// Where the extension is written.
    pub source: Pointer,
}
