//! Decodes the YAML value tree into the [`model`](super::model), collecting every problem.
//!
//! `paths` holds path items, operations and what they contain; `schema` holds schemas.
//!
//! A hand-written walker rather than `#[derive(Deserialize)]`: serde stops at the first error and does not
//! say where it was, while a spec author wants every problem at once, each with its JSON pointer.

use indexmap::IndexMap;
use serde_json::Value;

mod paths;
mod schema;

use super::model::*;
use super::reader::{Obj, as_string};
use crate::diag::{DiagnosticKind, Sink, describe};
use crate::pointer::Pointer;

/// What a `$ref` must point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RefKind {
    Schema,
    Response,
    Parameter,
    Example,
    RequestBody,
    Header,
    SecurityScheme,
    Callback,
    PathItem,
}

impl RefKind {
    /// The `components` section holding this kind.
    pub fn section(self) -> &'static str {
        match self {
            RefKind::Schema => "schemas",
            RefKind::Response => "responses",
            RefKind::Parameter => "parameters",
            RefKind::Example => "examples",
            RefKind::RequestBody => "requestBodies",
            RefKind::Header => "headers",
            RefKind::SecurityScheme => "securitySchemes",
            RefKind::Callback => "callbacks",
            RefKind::PathItem => "pathItems",
        }
    }
}

/// A `$ref` seen while decoding, checked once the whole document is known.
#[derive(Clone, Debug)]
pub(crate) struct RefSite {
    pub at: Pointer,
    pub target: String,
    pub kind: RefKind,
}

/// Decoding state: the sink, every `$ref` and every `operationId` seen so far.
pub(crate) struct Decoder {
    pub sink: Sink,
    pub refs: Vec<RefSite>,
    operation_ids: IndexMap<String, Pointer>,
}

pub(super) type ItemFn<T> = fn(&mut Decoder, &Value, &Pointer) -> Option<T>;

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            sink: Sink::default(),
            refs: Vec::new(),
            operation_ids: IndexMap::new(),
        }
    }

    /// Decodes a whole document.
    pub fn document(&mut self, root: &Value) -> OpenApi {
        let p = Pointer::root();
        let Some(mut o) = Obj::new(self, root, &p, "an OpenAPI document") else {
            return OpenApi::default();
        };
        let openapi = o.req_string(self, "openapi").unwrap_or_default();
        let is_31 = openapi.starts_with("3.1");
        if !openapi.is_empty() && !openapi.starts_with("3.0") && !is_31 {
            self.sink.push(
                DiagnosticKind::InvalidValue,
                &p.push("openapi"),
                "an OpenAPI version 3.0.x or 3.1.x",
                format!("`{openapi}`"),
            );
        }
        let info = match o.get("info") {
            Some((v, ip)) => self.info(v, &ip),
            None => {
                o.missing(self, "info", "the Info Object");
                Info::default()
            }
        };
        let servers = o.list(
            self,
            "servers",
            "a sequence of Server Objects",
            |d, v, p| d.server(v, p),
        );
        let security = o.list(
            self,
            "security",
            "a sequence of Security Requirement Objects",
            |d, v, p| d.security_requirement(v, p),
        );
        let tags = o.list(self, "tags", "a sequence of Tag Objects", |d, v, p| {
            d.tag(v, p)
        });
        if !is_31 && !o.has("paths") {
            o.missing(self, "paths", "the Paths Object");
        }
        let paths = o.map(
            self,
            "paths",
            "the Paths Object (a mapping of paths)",
            true,
            |d, k, v, p| {
                if !k.starts_with('/') {
                    d.sink.push(
                        DiagnosticKind::InvalidValue,
                        p,
                        "a path starting with `/`",
                        format!("`{k}`"),
                    );
                    return None;
                }
                d.ref_or(v, p, RefKind::PathItem, Decoder::path_item)
            },
        );
        let webhooks = o.map(
            self,
            "webhooks",
            "a mapping of webhook names to Path Item Objects",
            true,
            |d, _, v, p| d.ref_or(v, p, RefKind::PathItem, Decoder::path_item),
        );
        let components = match o.get("components") {
            Some((v, cp)) => self.components(v, &cp),
            None => Components::default(),
        };
        let external_docs = o.raw("externalDocs");
        if is_31 {
            o.raw("jsonSchemaDialect");
        }
        let extensions = o.finish(self);
        OpenApi {
            openapi,
            info,
            servers,
            security,
            tags,
            paths,
            webhooks,
            components,
            external_docs,
            extensions,
        }
    }

    fn info(&mut self, v: &Value, p: &Pointer) -> Info {
        let Some(mut o) = Obj::new(self, v, p, "the Info Object") else {
            return Info::default();
        };
        let title = o.req_string(self, "title").unwrap_or_default();
        let version = o.req_string(self, "version").unwrap_or_default();
        let description = o.string(self, "description");
        let summary = o.string(self, "summary");
        let terms_of_service = o.string(self, "termsOfService");
        let contact = o.raw("contact");
        let license = o.raw("license");
        let extensions = o.finish(self);
        Info {
            title,
            version,
            description,
            summary,
            terms_of_service,
            contact,
            license,
            extensions,
        }
    }

    fn server(&mut self, v: &Value, p: &Pointer) -> Option<Server> {
        let mut o = Obj::new(self, v, p, "a Server Object")?;
        let url = o.req_string(self, "url").unwrap_or_default();
        let description = o.string(self, "description");
        let variables = o.map(
            self,
            "variables",
            "a mapping of Server Variable Objects",
            false,
            |_, _, v, _| Some(v.clone()),
        );
        let extensions = o.finish(self);
        Some(Server {
            url,
            description,
            variables,
            extensions,
        })
    }

    fn tag(&mut self, v: &Value, p: &Pointer) -> Option<Tag> {
        let mut o = Obj::new(self, v, p, "a Tag Object")?;
        let name = o.req_string(self, "name").unwrap_or_default();
        let description = o.string(self, "description");
        let external_docs = o.raw("externalDocs");
        let extensions = o.finish(self);
        Some(Tag {
            name,
            description,
            external_docs,
            extensions,
        })
    }

    fn security_requirement(
        &mut self,
        v: &Value,
        p: &Pointer,
    ) -> Option<IndexMap<String, Vec<String>>> {
        match v {
            Value::Object(m) => Some(
                m.iter()
                    .map(|(k, scopes)| {
                        let sp = p.push(k);
                        let list = match scopes {
                            Value::Array(items) => items
                                .iter()
                                .enumerate()
                                .filter_map(|(i, s)| as_string(self, s, &sp.index(i)))
                                .collect(),
                            other => {
                                self.sink.push(
                                    DiagnosticKind::InvalidType,
                                    &sp,
                                    "a sequence of scope names",
                                    describe(other),
                                );
                                Vec::new()
                            }
                        };
                        (k.clone(), list)
                    })
                    .collect(),
            ),
            other => {
                self.sink.push(
                    DiagnosticKind::InvalidType,
                    p,
                    "a Security Requirement Object (a mapping)",
                    describe(other),
                );
                None
            }
        }
    }

    /// A `$ref` or an item decoded with `item`.
    pub fn ref_or<T>(
        &mut self,
        v: &Value,
        p: &Pointer,
        kind: RefKind,
        item: ItemFn<T>,
    ) -> Option<RefOr<T>> {
        if let Value::Object(m) = v
            && m.contains_key("$ref")
        {
            return self.reference(m, p, kind).map(RefOr::Ref);
        }
        item(self, v, p).map(RefOr::Item)
    }

    fn reference(
        &mut self,
        m: &serde_json::Map<String, Value>,
        p: &Pointer,
        kind: RefKind,
    ) -> Option<Reference> {
        let rp = p.push("$ref");
        let target = match m.get("$ref") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                self.sink.push(
                    DiagnosticKind::InvalidType,
                    &rp,
                    "a reference string such as `#/components/schemas/name`",
                    describe(other),
                );
                return None;
            }
            None => return None,
        };
        let mut summary = None;
        let mut description = None;
        for (k, v) in m {
            match k.as_str() {
                "$ref" => {}
                "summary" => summary = as_string(self, v, &p.push(k)),
                "description" => description = as_string(self, v, &p.push(k)),
                other => self.sink.push(
                    DiagnosticKind::Unsupported,
                    &p.push(k),
                    "only `summary` or `description` beside `$ref` (OpenAPI 3.0 ignores other keys there; wrap the reference in `allOf` to add to it)",
                    format!("the key `{other}`"),
                ),
            }
        }
        if Pointer::parse(&target).is_none() {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &rp,
                "a local reference starting with `#/` (references to other files are not supported)",
                format!("`{target}`"),
            );
            return None;
        }
        self.refs.push(RefSite {
            at: rp,
            target: target.clone(),
            kind,
        });
        Some(Reference {
            target,
            summary,
            description,
        })
    }

    fn security_scheme(&mut self, v: &Value, p: &Pointer) -> Option<SecurityScheme> {
        let mut o = Obj::new(self, v, p, "a Security Scheme Object")?;
        let kind = o.req_string(self, "type").unwrap_or_default();
        let description = o.string(self, "description");
        let scheme = o.string(self, "scheme");
        let bearer_format = o.string(self, "bearerFormat");
        let name = o.string(self, "name");
        let location = o.string(self, "in");
        let flows = o.raw("flows");
        let open_id_connect_url = o.string(self, "openIdConnectUrl");
        let extensions = o.finish(self);
        Some(SecurityScheme {
            kind,
            description,
            scheme,
            bearer_format,
            name,
            location,
            flows,
            open_id_connect_url,
            extensions,
        })
    }

    fn components(&mut self, v: &Value, p: &Pointer) -> Components {
        let Some(mut o) = Obj::new(self, v, p, "the Components Object") else {
            return Components::default();
        };
        fn section<T>(
            d: &mut Decoder,
            o: &mut Obj<'_>,
            key: &'static str,
            kind: RefKind,
            item: ItemFn<T>,
        ) -> IndexMap<String, RefOr<T>> {
            o.map(
                d,
                key,
                "a mapping of component names to objects",
                false,
                |d, k, v, p| {
                    if k.is_empty()
                        || !k
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                    {
                        d.sink.push(
                            DiagnosticKind::InvalidValue,
                            p,
                            "a component name made of `A-Z a-z 0-9 . - _`",
                            format!("`{k}`"),
                        );
                    }
                    d.ref_or(v, p, kind, item)
                },
            )
        }
        let schemas = section(self, &mut o, "schemas", RefKind::Schema, Decoder::schema);
        let responses = section(
            self,
            &mut o,
            "responses",
            RefKind::Response,
            Decoder::response,
        );
        let parameters = section(
            self,
            &mut o,
            "parameters",
            RefKind::Parameter,
            Decoder::parameter,
        );
        let examples = section(self, &mut o, "examples", RefKind::Example, Decoder::example);
        let request_bodies = section(
            self,
            &mut o,
            "requestBodies",
            RefKind::RequestBody,
            Decoder::request_body,
        );
        let headers = section(self, &mut o, "headers", RefKind::Header, Decoder::header);
        let security_schemes = section(
            self,
            &mut o,
            "securitySchemes",
            RefKind::SecurityScheme,
            Decoder::security_scheme,
        );
        let links = o.map(
            self,
            "links",
            "a mapping of Link Objects",
            false,
            |_, _, v, _| Some(v.clone()),
        );
        let callbacks = section(
            self,
            &mut o,
            "callbacks",
            RefKind::Callback,
            Decoder::callback,
        );
        let path_items = section(
            self,
            &mut o,
            "pathItems",
            RefKind::PathItem,
            Decoder::path_item,
        );
        let extensions = o.finish(self);
        Components {
            schemas,
            responses,
            parameters,
            examples,
            request_bodies,
            headers,
            security_schemes,
            links,
            callbacks,
            path_items,
            extensions,
        }
    }
}
