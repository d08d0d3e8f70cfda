//! The OpenAPI 3.0.x object model (plus 3.1 `webhooks`), as far as the generator reads it.
//!
//! Every place where OpenAPI allows a `$ref` holds a [`RefOr`]. Documentation-only keys that do not
//! change the generated code (`example`, `externalDocs`, `xml`, ...) are kept as raw JSON values; `x-*`
//! keys are kept in `extensions` of each object.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// `x-*` keys of one object, in spec order.
pub type Extensions = IndexMap<String, Value>;

/// Either a `$ref` or the object itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RefOr<T> {
    /// A reference to another place in the document.
    Ref(Reference),
    /// The object written in place.
    Item(T),
}

impl<T> RefOr<T> {
    /// The object when written in place.
    pub fn as_item(&self) -> Option<&T> {
        match self {
            RefOr::Item(t) => Some(t),
            RefOr::Ref(_) => None,
        }
    }
}

/// A `$ref`, with the sibling `summary` / `description` that OpenAPI 3.1 allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The reference text, e.g. `#/components/schemas/message`.
    #[serde(rename = "$ref")]
    pub target: String,
    /// Overrides the target's summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Overrides the target's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The root of an OpenAPI document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OpenApi {
    /// The `openapi` version string (`3.0.x`, or `3.1.x`).
    pub openapi: String,
    /// `info`.
    pub info: Info,
    /// Root `servers`.
    pub servers: Vec<Server>,
    /// Root `security` requirements.
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// `tags`.
    pub tags: Vec<Tag>,
    /// `paths`, in spec order.
    pub paths: IndexMap<String, RefOr<PathItem>>,
    /// 3.1 `webhooks`: named path items that the API calls (lowered like callbacks).
    pub webhooks: IndexMap<String, RefOr<PathItem>>,
    /// `components`.
    pub components: Components,
    /// `externalDocs` (documentation only).
    pub external_docs: Option<Value>,
    /// Root `x-*` keys, e.g. `x-bandwidth-segmentation`.
    pub extensions: Extensions,
}

/// `info`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Info {
    /// API title.
    pub title: String,
    /// API version (of the document, not of OpenAPI).
    pub version: String,
    /// Description.
    pub description: Option<String>,
    /// 3.1 summary.
    pub summary: Option<String>,
    /// `termsOfService`.
    pub terms_of_service: Option<String>,
    /// `contact` (kept raw).
    pub contact: Option<Value>,
    /// `license` (kept raw).
    pub license: Option<Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A `servers` entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Server {
    /// The URL (may hold `{variables}`).
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// `variables` (kept raw).
    pub variables: IndexMap<String, Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A `tags` entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tag {
    /// The tag name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// `externalDocs` (kept raw).
    pub external_docs: Option<Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// The HTTP methods a path item may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key in a path item (`get`, `post`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The HTTP token (`GET`, `POST`, ...).
    pub fn http(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The method for a path-item key.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// A path item: the operations on one path (or one callback URL expression).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PathItem {
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The operations, in spec order.
    pub operations: IndexMap<Method, Operation>,
    /// Path-level `servers`.
    pub servers: Vec<Server>,
    /// Parameters shared by every operation of the path.
    pub parameters: Vec<RefOr<Parameter>>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// An operation.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Operation {
    /// `operationId`.
    pub operation_id: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Parameters (merged with the path item's by lowering).
    pub parameters: Vec<RefOr<Parameter>>,
    /// `requestBody`.
    pub request_body: Option<RefOr<RequestBody>>,
    /// Responses by status key (`200`, `4XX`, `default`), in spec order.
    pub responses: IndexMap<String, RefOr<Response>>,
    /// Callbacks by name.
    pub callbacks: IndexMap<String, RefOr<Callback>>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Operation-level `security` (None = inherit the root's).
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// Operation-level `servers`.
    pub servers: Vec<Server>,
    /// `externalDocs` (kept raw).
    pub external_docs: Option<Value>,
    /// `x-*` keys, e.g. `x-bandwidth-acceptance`.
    pub extensions: Extensions,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// A `{placeholder}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParameterLocation {
    /// The OpenAPI spelling (`path`, `query`, ...).
    pub fn key(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// A parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    /// `in`.
    pub location: ParameterLocation,
    /// Description.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `allowEmptyValue`.
    pub allow_empty_value: bool,
    /// `style`.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// `schema`.
    pub schema: Option<RefOr<Schema>>,
    /// `content` (the alternative to `schema`).
    pub content: IndexMap<String, MediaType>,
    /// `example` (documentation only).
    pub example: Option<Value>,
    /// `examples` (documentation only).
    pub examples: IndexMap<String, RefOr<Example>>,
    /// `x-*` keys, e.g. `x-bandwidth-keep-slashes`.
    pub extensions: Extensions,
}

/// A request body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RequestBody {
    /// Description.
    pub description: Option<String>,
    /// Bodies by media type, in spec order.
    pub content: IndexMap<String, MediaType>,
    /// `required`.
    pub required: bool,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// One media type of a body.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MediaType {
    /// The body schema.
    pub schema: Option<RefOr<Schema>>,
    /// `example` (documentation only).
    pub example: Option<Value>,
    /// `examples` (documentation only).
    pub examples: IndexMap<String, RefOr<Example>>,
    /// `encoding` (kept raw; only meaningful for form bodies).
    pub encoding: IndexMap<String, Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A response.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Response {
    /// Description (required by OpenAPI).
    pub description: String,
    /// Response headers by name.
    pub headers: IndexMap<String, RefOr<Header>>,
    /// Bodies by media type.
    pub content: IndexMap<String, MediaType>,
    /// `links` (kept raw).
    pub links: IndexMap<String, Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A response (or encoding) header.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Header {
    /// Description.
    pub description: Option<String>,
    /// `required`.
    pub required: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `style`.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// `schema`.
    pub schema: Option<RefOr<Schema>>,
    /// `content`.
    pub content: IndexMap<String, MediaType>,
    /// `example` (documentation only).
    pub example: Option<Value>,
    /// `examples` (documentation only).
    pub examples: IndexMap<String, RefOr<Example>>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// An example.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Example {
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The example value.
    pub value: Option<Value>,
    /// `externalValue`.
    pub external_value: Option<String>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A callback: URL expressions (`{$request.body#/callbackUrl}`, or a plain `{statusCallbackUrl}`) to the
/// requests the API sends there.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Callback {
    /// Path items by URL expression.
    pub expressions: IndexMap<String, RefOr<PathItem>>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// `components`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Components {
    /// `schemas`.
    pub schemas: IndexMap<String, RefOr<Schema>>,
    /// `responses`.
    pub responses: IndexMap<String, RefOr<Response>>,
    /// `parameters`.
    pub parameters: IndexMap<String, RefOr<Parameter>>,
    /// `examples`.
    pub examples: IndexMap<String, RefOr<Example>>,
    /// `requestBodies`.
    pub request_bodies: IndexMap<String, RefOr<RequestBody>>,
    /// `headers`.
    pub headers: IndexMap<String, RefOr<Header>>,
    /// `securitySchemes`.
    pub security_schemes: IndexMap<String, RefOr<SecurityScheme>>,
    /// `links` (kept raw).
    pub links: IndexMap<String, Value>,
    /// `callbacks`.
    pub callbacks: IndexMap<String, RefOr<Callback>>,
    /// 3.1 `pathItems`.
    pub path_items: IndexMap<String, RefOr<PathItem>>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A security scheme.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// `type`: `http`, `apiKey`, `oauth2`, `openIdConnect` (or 3.1 `mutualTLS`).
    pub kind: String,
    /// Description.
    pub description: Option<String>,
    /// `scheme` (http).
    pub scheme: Option<String>,
    /// `bearerFormat` (http bearer).
    pub bearer_format: Option<String>,
    /// `name` (apiKey).
    pub name: Option<String>,
    /// `in` (apiKey).
    pub location: Option<String>,
    /// `flows` (oauth2, kept raw).
    pub flows: Option<Value>,
    /// `openIdConnectUrl`.
    pub open_id_connect_url: Option<String>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// The primitive `type` of a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
}

impl SchemaType {
    /// Every type, in the order messages list them.
    pub const ALL: [SchemaType; 6] = [
        SchemaType::String,
        SchemaType::Integer,
        SchemaType::Number,
        SchemaType::Boolean,
        SchemaType::Array,
        SchemaType::Object,
    ];

    /// The OpenAPI spelling.
    pub fn key(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Integer => "integer",
            SchemaType::Number => "number",
            SchemaType::Boolean => "boolean",
            SchemaType::Array => "array",
            SchemaType::Object => "object",
        }
    }
}

/// `additionalProperties`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` / `false`.
    Allowed(bool),
    /// A schema for the values.
    Schema(Box<RefOr<Schema>>),
}

/// `discriminator`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Discriminator {
    /// `propertyName`.
    pub property_name: String,
    /// `mapping`: discriminator value to schema reference (or bare schema name), in spec order.
    pub mapping: IndexMap<String, String>,
    /// `x-*` keys.
    pub extensions: Extensions,
}

/// A schema (the OpenAPI 3.0 subset of JSON Schema, with 3.1's `type: [T, "null"]` read as `nullable`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Schema {
    /// `type`.
    pub ty: Option<SchemaType>,
    /// `format`.
    pub format: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `nullable` (or `"null"` in a 3.1 type list).
    pub nullable: bool,
    /// `enum` values.
    pub enum_values: Option<Vec<Value>>,
    /// `default`.
    pub default: Option<Value>,
    /// `properties`, in spec order.
    pub properties: IndexMap<String, RefOr<Schema>>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: Option<AdditionalProperties>,
    /// `items`.
    pub items: Option<Box<RefOr<Schema>>>,
    /// `allOf`.
    pub all_of: Vec<RefOr<Schema>>,
    /// `oneOf`.
    pub one_of: Vec<RefOr<Schema>>,
    /// `anyOf`.
    pub any_of: Vec<RefOr<Schema>>,
    /// `not` (not supported by lowering; kept so it can be reported).
    pub not: Option<Box<RefOr<Schema>>>,
    /// `discriminator`.
    pub discriminator: Option<Discriminator>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `maximum`.
    pub maximum: Option<serde_json::Number>,
    /// `minimum`.
    pub minimum: Option<serde_json::Number>,
    /// `exclusiveMaximum` (3.0 boolean or 3.1 number, kept raw).
    pub exclusive_maximum: Option<Value>,
    /// `exclusiveMinimum` (3.0 boolean or 3.1 number, kept raw).
    pub exclusive_minimum: Option<Value>,
    /// `multipleOf`.
    pub multiple_of: Option<serde_json::Number>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `example` (documentation only).
    pub example: Option<Value>,
    /// 3.1 `examples` (documentation only).
    pub examples: Option<Value>,
    /// `externalDocs` (documentation only).
    pub external_docs: Option<Value>,
    /// `xml` (not used for JSON).
    pub xml: Option<Value>,
    /// 3.1 `const` (not supported by lowering; kept so it can be reported).
    pub constant: Option<Value>,
    /// `x-*` keys.
    pub extensions: Extensions,
}
