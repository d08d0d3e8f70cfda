//! Path items, operations, parameters, bodies, responses, headers, examples and callbacks.

use indexmap::IndexMap;
use serde_json::Value;

use super::{Decoder, RefKind};
use crate::diag::{DiagnosticKind, describe};
use crate::pointer::Pointer;
use crate::spec::model::*;
use crate::spec::reader::Obj;

impl Decoder {
    /// A path item (also the value of a callback expression or a 3.1 webhook).
    pub(super) fn path_item(&mut self, v: &Value, p: &Pointer) -> Option<PathItem> {
        let mut o = Obj::new(self, v, p, "a Path Item Object")?;
        let summary = o.string(self, "summary");
        let description = o.string(self, "description");
        let mut operations = IndexMap::new();
        // Spec order: walk the mapping's own key order.
        let keys: Vec<String> = match v {
            Value::Object(m) => m.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for k in &keys {
            if let Some(method) = Method::from_key(k)
                && let Some((ov, op)) = o.get(method.key())
                && let Some(operation) = self.operation(ov, &op)
            {
                operations.insert(method, operation);
            }
        }
        let servers = o.list(
            self,
            "servers",
            "a sequence of Server Objects",
            |d, v, p| d.server(v, p),
        );
        let parameters = o.list(
            self,
            "parameters",
            "a sequence of Parameter Objects",
            |d, v, p| d.ref_or(v, p, RefKind::Parameter, Decoder::parameter),
        );
        let extensions = o.finish(self);
        Some(PathItem {
            summary,
            description,
            operations,
            servers,
            parameters,
            extensions,
        })
    }

    pub(super) fn operation(&mut self, v: &Value, p: &Pointer) -> Option<Operation> {
        let mut o = Obj::new(self, v, p, "an Operation Object")?;
        let operation_id = o.string(self, "operationId");
        if let Some(id) = &operation_id {
            let at = p.push("operationId");
            if let Some(first) = self.operation_ids.get(id) {
                self.sink.push(
                    DiagnosticKind::DuplicateOperationId,
                    &at,
                    "an operationId that no other operation uses",
                    format!(
                        "`{id}`, already the operationId of {}",
                        first.parent().unwrap_or_else(Pointer::root)
                    ),
                );
            } else {
                self.operation_ids.insert(id.clone(), at);
            }
        }
        let tags = o.strings(self, "tags");
        let summary = o.string(self, "summary");
        let description = o.string(self, "description");
        let parameters = o.list(
            self,
            "parameters",
            "a sequence of Parameter Objects",
            |d, v, p| d.ref_or(v, p, RefKind::Parameter, Decoder::parameter),
        );
        let request_body = match o.get("requestBody") {
            Some((bv, bp)) => self.ref_or(bv, &bp, RefKind::RequestBody, Decoder::request_body),
            None => None,
        };
        if !o.has("responses") {
            o.missing(self, "responses", "the Responses Object");
        }
        let responses = o.map(
            self,
            "responses",
            "the Responses Object (status codes to Response Objects)",
            true,
            |d, k, v, p| {
                if !is_status_key(k) {
                    d.sink.push(
                        DiagnosticKind::InvalidValue,
                        p,
                        "an HTTP status code (100-599), a range like `4XX`, or `default`",
                        format!("`{k}`"),
                    );
                    return None;
                }
                d.ref_or(v, p, RefKind::Response, Decoder::response)
            },
        );
        if let Some((Value::Object(m), rp)) = o.get("responses")
            && m.keys().all(|k| k.starts_with("x-"))
        {
            self.sink.push(
                DiagnosticKind::InvalidValue,
                &rp,
                "at least one response",
                "an empty Responses Object",
            );
        }
        let callbacks = o.map(
            self,
            "callbacks",
            "a mapping of Callback Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Callback, Decoder::callback),
        );
        let deprecated = o.flag(self, "deprecated");
        let security = if o.has("security") {
            Some(o.list(
                self,
                "security",
                "a sequence of Security Requirement Objects",
                |d, v, p| d.security_requirement(v, p),
            ))
        } else {
            None
        };
        let servers = o.list(
            self,
            "servers",
            "a sequence of Server Objects",
            |d, v, p| d.server(v, p),
        );
        let external_docs = o.raw("externalDocs");
        let extensions = o.finish(self);
        Some(Operation {
            operation_id,
            tags,
            summary,
            description,
            parameters,
            request_body,
            responses,
            callbacks,
            deprecated,
            security,
            servers,
            external_docs,
            extensions,
        })
    }

    pub(super) fn parameter(&mut self, v: &Value, p: &Pointer) -> Option<Parameter> {
        let mut o = Obj::new(self, v, p, "a Parameter Object")?;
        let name = o.req_string(self, "name");
        let location = match o.get("in") {
            Some((Value::String(s), lp)) => match s.as_str() {
                "path" => Some(ParameterLocation::Path),
                "query" => Some(ParameterLocation::Query),
                "header" => Some(ParameterLocation::Header),
                "cookie" => Some(ParameterLocation::Cookie),
                other => {
                    self.sink.push(
                        DiagnosticKind::InvalidValue,
                        &lp,
                        "one of `path`, `query`, `header`, `cookie`",
                        format!("`{other}`"),
                    );
                    None
                }
            },
            Some((other, lp)) => {
                self.sink.push(
                    DiagnosticKind::InvalidType,
                    &lp,
                    "one of `path`, `query`, `header`, `cookie`",
                    describe(other),
                );
                None
            }
            None => {
                o.missing(self, "in", "`path`, `query`, `header` or `cookie`");
                None
            }
        };
        let description = o.string(self, "description");
        let required = o.flag(self, "required");
        if location == Some(ParameterLocation::Path) && !required {
            self.sink.push(
                DiagnosticKind::InvalidValue,
                &p.push("required"),
                "`required: true` (OpenAPI requires it on path parameters)",
                if o.has("required") {
                    "`required: false`"
                } else {
                    "no `required` key"
                },
            );
        }
        let deprecated = o.flag(self, "deprecated");
        let allow_empty_value = o.flag(self, "allowEmptyValue");
        let style = o.string(self, "style");
        let explode = o.bool(self, "explode");
        let allow_reserved = o.flag(self, "allowReserved");
        let schema = match o.get("schema") {
            Some((sv, sp)) => self.ref_or(sv, &sp, RefKind::Schema, Decoder::schema),
            None => None,
        };
        let content = o.map(
            self,
            "content",
            "a mapping of media types",
            false,
            |d, _, v, p| d.media_type(v, p),
        );
        if !o.has("schema") && !o.has("content") {
            o.missing(self, "schema", "a Schema Object, or else `content`");
        }
        let example = o.raw("example");
        let examples = o.map(
            self,
            "examples",
            "a mapping of Example Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Example, Decoder::example),
        );
        let extensions = o.finish(self);
        Some(Parameter {
            name: name?,
            location: location?,
            description,
            required,
            deprecated,
            allow_empty_value,
            style,
            explode,
            allow_reserved,
            schema,
            content,
            example,
            examples,
            extensions,
        })
    }

    pub(super) fn request_body(&mut self, v: &Value, p: &Pointer) -> Option<RequestBody> {
        let mut o = Obj::new(self, v, p, "a Request Body Object")?;
        let description = o.string(self, "description");
        if !o.has("content") {
            o.missing(self, "content", "a mapping of media types");
        }
        let content = o.map(
            self,
            "content",
            "a mapping of media types",
            false,
            |d, _, v, p| d.media_type(v, p),
        );
        let required = o.flag(self, "required");
        let extensions = o.finish(self);
        Some(RequestBody {
            description,
            content,
            required,
            extensions,
        })
    }

    pub(super) fn media_type(&mut self, v: &Value, p: &Pointer) -> Option<MediaType> {
        let mut o = Obj::new(self, v, p, "a Media Type Object")?;
        let schema = match o.get("schema") {
            Some((sv, sp)) => self.ref_or(sv, &sp, RefKind::Schema, Decoder::schema),
            None => None,
        };
        let example = o.raw("example");
        let examples = o.map(
            self,
            "examples",
            "a mapping of Example Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Example, Decoder::example),
        );
        let encoding = o.map(
            self,
            "encoding",
            "a mapping of Encoding Objects",
            false,
            |_, _, v, _| Some(v.clone()),
        );
        let extensions = o.finish(self);
        Some(MediaType {
            schema,
            example,
            examples,
            encoding,
            extensions,
        })
    }

    pub(super) fn response(&mut self, v: &Value, p: &Pointer) -> Option<Response> {
        let mut o = Obj::new(self, v, p, "a Response Object")?;
        let description = o.req_string(self, "description").unwrap_or_default();
        let headers = o.map(
            self,
            "headers",
            "a mapping of Header Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Header, Decoder::header),
        );
        let content = o.map(
            self,
            "content",
            "a mapping of media types",
            false,
            |d, _, v, p| d.media_type(v, p),
        );
        let links = o.map(
            self,
            "links",
            "a mapping of Link Objects",
            false,
            |_, _, v, _| Some(v.clone()),
        );
        let extensions = o.finish(self);
        Some(Response {
            description,
            headers,
            content,
            links,
            extensions,
        })
    }

    pub(super) fn header(&mut self, v: &Value, p: &Pointer) -> Option<Header> {
        let mut o = Obj::new(self, v, p, "a Header Object")?;
        let description = o.string(self, "description");
        let required = o.flag(self, "required");
        let deprecated = o.flag(self, "deprecated");
        let style = o.string(self, "style");
        let explode = o.bool(self, "explode");
        let schema = match o.get("schema") {
            Some((sv, sp)) => self.ref_or(sv, &sp, RefKind::Schema, Decoder::schema),
            None => None,
        };
        let content = o.map(
            self,
            "content",
            "a mapping of media types",
            false,
            |d, _, v, p| d.media_type(v, p),
        );
        let example = o.raw("example");
        let examples = o.map(
            self,
            "examples",
            "a mapping of Example Objects",
            false,
            |d, _, v, p| d.ref_or(v, p, RefKind::Example, Decoder::example),
        );
        let extensions = o.finish(self);
        Some(Header {
            description,
            required,
            deprecated,
            style,
            explode,
            schema,
            content,
            example,
            examples,
            extensions,
        })
    }

    pub(super) fn example(&mut self, v: &Value, p: &Pointer) -> Option<Example> {
        let mut o = Obj::new(self, v, p, "an Example Object")?;
        let summary = o.string(self, "summary");
        let description = o.string(self, "description");
        let value = o.raw("value");
        let external_value = o.string(self, "externalValue");
        let extensions = o.finish(self);
        Some(Example {
            summary,
            description,
            value,
            external_value,
            extensions,
        })
    }

    /// A callback: URL expressions to path items.
    pub(super) fn callback(&mut self, v: &Value, p: &Pointer) -> Option<Callback> {
        let Value::Object(m) = v else {
            self.sink.push(
                DiagnosticKind::InvalidType,
                p,
                "a Callback Object (URL expressions to Path Item Objects)",
                describe(v),
            );
            return None;
        };
        let mut expressions = IndexMap::new();
        let mut extensions = Extensions::new();
        for (k, x) in m {
            if k.starts_with("x-") {
                extensions.insert(k.clone(), x.clone());
            } else if let Some(item) =
                self.ref_or(x, &p.push(k), RefKind::PathItem, Decoder::path_item)
            {
                expressions.insert(k.clone(), item);
            }
        }
        Some(Callback {
            expressions,
            extensions,
        })
    }
}

/// `true` for `default`, `100`..`599` and `1XX`..`5XX`.
fn is_status_key(k: &str) -> bool {
    if k == "default" {
        return true;
    }
    let b = k.as_bytes();
    b.len() == 3
        && (b'1'..=b'5').contains(&b[0])
        && ((b[1].is_ascii_digit() && b[2].is_ascii_digit()) || (b[1] == b'X' && b[2] == b'X'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keys() {
        for ok in ["200", "default", "4XX", "599", "100"] {
            assert!(is_status_key(ok), "{ok}");
        }
        for bad in ["600", "20", "2xx", "abc", "099"] {
            assert!(!is_status_key(bad), "{bad}");
        }
    }
}
