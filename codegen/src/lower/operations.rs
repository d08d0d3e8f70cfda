//! Operations: parameters by location, the request body, responses with their headers.

use indexmap::IndexMap;

use super::Lowering;
use super::names;
use super::select::OpSite;
use crate::diag::DiagnosticKind;
use crate::ir::{self, BodyKind, Constraints, Param, ParamLocation, Status, TypeRef};
use crate::pointer::Pointer;
use crate::spec::{MediaType, Parameter, ParameterLocation, RefKind, RefOr, SchemaType};

impl<'a> Lowering<'a> {
    /// Lowers one selected operation.
    pub(crate) fn operation(&mut self, site: &OpSite<'a>) -> Option<ir::Operation> {
        let id = site.id();
        if !self.operation_ids.insert(id.clone()) {
            // A duplicate operationId is reported when the spec is decoded; lowering it again would only
            // repeat that as name collisions.
            return None;
        }
        let params = self.params(site);
        let has_query = params.iter().any(|p| p.location == ParamLocation::Query);
        let name = self.operation_type_name(&id, &site.ptr, has_query);
        let query_struct = has_query.then(|| format!("{name}Query"));
        let body = site
            .op
            .request_body
            .as_ref()
            .and_then(|b| self.request_body(b, &site.ptr.push("requestBody")));
        let mut taken: Vec<&str> = params
            .iter()
            .filter(|p| p.location != ParamLocation::Query)
            .map(|p| p.field.as_str())
            .collect();
        if query_struct.is_some() {
            taken.push("query");
        }
        for reserved in ["query", "body"] {
            let clashes = params
                .iter()
                .filter(|p| p.location != ParamLocation::Query && p.field == reserved);
            for p in clashes {
                if reserved == "body" && body.is_none() {
                    continue;
                }
                if reserved == "query" && query_struct.is_none() {
                    continue;
                }
                self.sink.push(
                    DiagnosticKind::NameCollision,
                    &p.source,
                    format!("a parameter whose field name is not `{reserved}` (the operation struct uses that field)"),
                    format!("the parameter `{}`", p.name),
                );
            }
        }
        let responses = self.responses(site);
        if let Some(v) = site.op.extensions.get("x-bandwidth-acceptance") {
            self.pending_acceptance
                .push((id.clone(), v, site.ptr.push("x-bandwidth-acceptance")));
        }
        Some(ir::Operation {
            id,
            name,
            method: site.method.http().to_owned(),
            path: site.path.to_owned(),
            tags: site.op.tags.clone(),
            summary: site.op.summary.clone(),
            doc: site.op.description.clone(),
            deprecated: site.op.deprecated,
            params,
            query_struct,
            body,
            responses,
            callbacks: site.op.callbacks.keys().cloned().collect(),
            source: site.ptr.clone(),
        })
    }

    /// Path-level and operation-level parameters merged (the operation's win), path ones in template order,
    /// then headers, then query parameters.
    fn params(&mut self, site: &OpSite<'a>) -> Vec<Param> {
        let mut merged: IndexMap<(String, ParameterLocation), (&'a Parameter, Pointer)> =
            IndexMap::new();
        let sources = [
            (&site.item.parameters, site.item_ptr.push("parameters")),
            (&site.op.parameters, site.ptr.push("parameters")),
        ];
        for (list, base) in sources {
            for (i, entry) in list.iter().enumerate() {
                let at = base.index(i);
                match self.spec.resolve_parameter(entry, &at) {
                    Ok((p, _)) => {
                        merged.insert((p.name.clone(), p.location), (p, at));
                    }
                    Err(e) => {
                        let (expected, found) = e.describe(RefKind::Parameter);
                        self.sink
                            .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                    }
                }
            }
        }
        let placeholders = placeholders(site.path);
        let mut path = Vec::new();
        let mut headers = Vec::new();
        let mut query = Vec::new();
        for ((name, location), (p, at)) in &merged {
            let Some(param) = self.param(p, at) else {
                continue;
            };
            match location {
                ParameterLocation::Path => {
                    if !placeholders.contains(name) {
                        self.sink.push(
                            DiagnosticKind::Inconsistent,
                            at,
                            format!(
                                "a path parameter that appears as `{{{name}}}` in `{}`",
                                site.path
                            ),
                            format!("`{name}`, which the path does not contain"),
                        );
                    }
                    path.push(param);
                }
                ParameterLocation::Header => headers.push(param),
                ParameterLocation::Query => query.push(param),
                ParameterLocation::Cookie => {}
            }
        }
        for ph in &placeholders {
            if !merged.contains_key(&(ph.clone(), ParameterLocation::Path)) {
                self.sink.push(
                    DiagnosticKind::Inconsistent,
                    &site.ptr.push("parameters"),
                    format!(
                        "a path parameter named `{ph}` for the placeholder in `{}`",
                        site.path
                    ),
                    "no such parameter".to_owned(),
                );
            }
        }
        path.sort_by_key(|p| {
            placeholders
                .iter()
                .position(|ph| *ph == p.name)
                .unwrap_or(usize::MAX)
        });
        let direct: Vec<Param> = path.into_iter().chain(headers).collect();
        check_unique_fields(self, &direct);
        check_unique_fields(self, &query);
        direct.into_iter().chain(query).collect()
    }

    /// One parameter, or `None` (reported) when it cannot be expressed.
    fn param(&mut self, p: &'a Parameter, at: &Pointer) -> Option<Param> {
        let location = match p.location {
            ParameterLocation::Path => ParamLocation::Path,
            ParameterLocation::Query => ParamLocation::Query,
            ParameterLocation::Header => ParamLocation::Header,
            ParameterLocation::Cookie => {
                self.sink.push(
                    DiagnosticKind::Unsupported,
                    &at.push("in"),
                    "a path, query or header parameter",
                    "a cookie parameter",
                );
                return None;
            }
        };
        let Some(schema) = &p.schema else {
            self.sink.push(
                DiagnosticKind::Unsupported,
                &at.push("content"),
                "a parameter described by `schema`",
                "a parameter described by `content`",
            );
            return None;
        };
        let u = self.use_schema(schema, &at.push("schema"));
        let field = match names::field_name(&p.name) {
            Ok(f) => f,
            Err(why) => {
                self.sink.push(
                    DiagnosticKind::InvalidName,
                    &at.push("name"),
                    "a parameter name that makes a Rust field name",
                    why,
                );
                return None;
            }
        };
        let scalar = |t: &TypeRef| {
            matches!(
                t,
                TypeRef::String
                    | TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::F64
                    | TypeRef::Bool
                    | TypeRef::Named(_)
            )
        };
        match location {
            ParamLocation::Path if !scalar(&u.ty) || self.is_struct_or_union(&u.ty) => {
                self.sink.push(
                    DiagnosticKind::Unsupported,
                    &at.push("schema"),
                    "a path parameter of a string, number, boolean or enum type",
                    "a structured type",
                );
                return None;
            }
            ParamLocation::Query => {
                if let Some(style) = p.style.as_deref()
                    && style != "form"
                {
                    self.sink.push(
                        DiagnosticKind::Unsupported,
                        &at.push("style"),
                        "a query parameter of style `form`",
                        format!("style `{style}`"),
                    );
                    return None;
                }
                let ok = match &u.ty {
                    TypeRef::Array(inner) => {
                        if p.explode != Some(false) {
                            self.sink.push(
                                DiagnosticKind::Unsupported,
                                &at.push("explode"),
                                "`explode: false` on an array query parameter (values are sent comma-separated)",
                                if p.explode.is_none() { "no `explode` (OpenAPI's default is `true`)" } else { "`explode: true`" },
                            );
                            return None;
                        }
                        scalar(inner) && !self.is_struct_or_union(inner)
                    }
                    other => scalar(other) && !self.is_struct_or_union(other),
                };
                if !ok {
                    self.sink.push(
                        DiagnosticKind::Unsupported,
                        &at.push("schema"),
                        "a query parameter of a string, number, boolean or enum type, or an array of one",
                        "a structured type",
                    );
                    return None;
                }
            }
            _ => {}
        }
        let keep_slashes = match p.extensions.get("x-bandwidth-keep-slashes") {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(other) => {
                self.sink.push(
                    DiagnosticKind::Extension,
                    &at.push("x-bandwidth-keep-slashes"),
                    "`true` or `false`",
                    crate::diag::describe(other),
                );
                false
            }
        };
        if keep_slashes && location != ParamLocation::Path {
            self.sink.push(
                DiagnosticKind::Extension,
                &at.push("x-bandwidth-keep-slashes"),
                "`x-bandwidth-keep-slashes` on a path parameter only",
                format!("it on a {} parameter", p.location.key()),
            );
        }
        if location == ParamLocation::Header && !is_http_token(&p.name) {
            self.sink.push(
                DiagnosticKind::InvalidName,
                &at.push("name"),
                "a header name made of HTTP token characters (letters, digits and !#$%&'*+-.^_`|~)",
                format!("`{}`", p.name),
            );
            return None;
        }
        // Header values are sent as text: the field is a String whatever the schema says.
        let ty = if location == ParamLocation::Header {
            TypeRef::String
        } else {
            u.ty
        };
        Some(Param {
            location,
            name: p.name.clone(),
            field,
            ty,
            required: p.required,
            keep_slashes,
            doc: p.description.clone().or(u.doc),
            constraints: u.constraints,
            source: at.clone(),
        })
    }

    /// `true` when `ty` names a struct or union model (not an enum or alias).
    fn is_struct_or_union(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(n) = ty else { return false };
        self.models.values().any(|slot| {
            slot.name == *n
                && slot.model.as_ref().is_none_or(|m| {
                    matches!(
                        m.kind,
                        ir::ModelKind::Struct { .. } | ir::ModelKind::Union { .. }
                    )
                })
        })
    }

    fn request_body(
        &mut self,
        body: &'a RefOr<crate::spec::RequestBody>,
        at: &Pointer,
    ) -> Option<ir::RequestBody> {
        let (b, bp) = match self.spec.resolve_request_body(body, at) {
            Ok(found) => found,
            Err(e) => {
                let (expected, found) = e.describe(RefKind::RequestBody);
                self.sink
                    .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                return None;
            }
        };
        let kind = self.body_kind(&b.content, &bp.push("content"))?;
        if kind == BodyKind::Empty {
            return None;
        }
        Some(ir::RequestBody {
            kind,
            required: b.required,
            content_types: b.content.keys().cloned().collect(),
            doc: b.description.clone(),
            source: bp,
        })
    }

    /// JSON when a JSON media type has a non-binary schema, else binary when every media type is a binary
    /// string, else unsupported. No content is `Empty`.
    pub(crate) fn body_kind(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        at: &Pointer,
    ) -> Option<BodyKind> {
        if content.is_empty() {
            return Some(BodyKind::Empty);
        }
        let mut all_binary = true;
        for (mt, media) in content {
            let mp = at.push(mt);
            let binary = match &media.schema {
                None => !is_json(mt),
                Some(schema) => match self.spec.resolve_schema(schema, &mp.push("schema")) {
                    Ok((s, _)) => {
                        s.ty == Some(SchemaType::String) && s.format.as_deref() == Some("binary")
                    }
                    Err(_) => false,
                },
            };
            if is_json(mt) && !binary {
                let ty = match &media.schema {
                    Some(schema) => self.use_schema(schema, &mp.push("schema")).ty,
                    None => TypeRef::JsonValue,
                };
                return Some(BodyKind::Json(ty));
            }
            all_binary &= binary;
        }
        if all_binary {
            return Some(BodyKind::Binary);
        }
        let first = content.keys().next().cloned().unwrap_or_default();
        self.sink.push(
            DiagnosticKind::Unsupported,
            at,
            "a JSON body, or a binary body (`type: string, format: binary`)",
            format!("`{first}` with a structured schema"),
        );
        None
    }

    fn responses(&mut self, site: &OpSite<'a>) -> Vec<ir::Response> {
        let mut out = Vec::new();
        for (key, entry) in &site.op.responses {
            let at = site.ptr.push("responses").push(key);
            let status = match key.as_str() {
                "default" => Status::Default,
                k => match k.parse::<u16>() {
                    Ok(code) => Status::Code(code),
                    Err(_) => {
                        self.sink.push(
                            DiagnosticKind::Unsupported,
                            &at,
                            "a response for one status code or `default`",
                            format!("the status range `{k}`"),
                        );
                        continue;
                    }
                },
            };
            let (r, rp) = match self.spec.resolve_response(entry, &at) {
                Ok(found) => found,
                Err(e) => {
                    let (expected, found) = e.describe(RefKind::Response);
                    self.sink
                        .push(DiagnosticKind::BadRef, &at.push("$ref"), expected, found);
                    continue;
                }
            };
            let Some(body) = self.body_kind(&r.content, &rp.push("content")) else {
                continue;
            };
            let mut headers: Vec<ir::ResponseHeader> = Vec::new();
            for (hname, h) in &r.headers {
                let hp = rp.push("headers").push(hname);
                let (header, hp) = match self.spec.resolve_header(h, &hp) {
                    Ok(found) => found,
                    Err(e) => {
                        let (expected, found) = e.describe(RefKind::Header);
                        self.sink
                            .push(DiagnosticKind::BadRef, &hp.push("$ref"), expected, found);
                        continue;
                    }
                };
                let ty = match &header.schema {
                    Some(schema) => {
                        let u = self.use_schema(schema, &hp.push("schema"));
                        header_type(&u.ty, &u.constraints)
                    }
                    None => TypeRef::String,
                };
                if !is_http_token(hname) {
                    self.sink.push(
                        DiagnosticKind::InvalidName,
                        &hp,
                        "a header name made of HTTP token characters (letters, digits and !#$%&'*+-.^_`|~)",
                        format!("`{hname}`"),
                    );
                    continue;
                }
                let field = match names::field_name(hname) {
                    Ok(f) => f,
                    Err(why) => {
                        self.sink.push(
                            DiagnosticKind::InvalidName,
                            &hp,
                            "a header name that makes a Rust field name",
                            why,
                        );
                        continue;
                    }
                };
                if field == "body" || headers.iter().any(|x| x.field == field) {
                    self.sink.push(
                        DiagnosticKind::NameCollision,
                        &hp,
                        "a response header whose field name is not `body` nor another header's",
                        format!("`{hname}` as `{field}`"),
                    );
                    continue;
                }
                headers.push(ir::ResponseHeader {
                    name: hname.clone(),
                    field,
                    ty,
                    doc: header.description.clone(),
                });
            }
            out.push(ir::Response {
                status,
                accepted: status == Status::Code(202),
                content_types: r.content.keys().cloned().collect(),
                body,
                headers,
                doc: Some(r.description.clone()).filter(|d| !d.is_empty()),
                source: rp,
            });
        }
        out
    }
}

/// The parsed type of a response header: integers are `u64` (headers like `Retry-After` and
/// `Content-Length` are never negative) unless the schema allows negative values.
fn header_type(ty: &TypeRef, c: &Constraints) -> TypeRef {
    let negative_allowed = c.minimum.as_deref().is_some_and(|m| m.starts_with('-'));
    match ty {
        TypeRef::I32 | TypeRef::I64 if !negative_allowed => TypeRef::U64,
        TypeRef::I32 | TypeRef::I64 => TypeRef::I64,
        TypeRef::F64 => TypeRef::F64,
        TypeRef::Bool => TypeRef::Bool,
        _ => TypeRef::String,
    }
}

/// `application/json`, `text/json` and `*/*+json` media types.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// `true` for an RFC 9110 token (the characters a header name may have).
fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The `{placeholder}` names of a path template, in order.
fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

fn check_unique_fields(l: &mut Lowering<'_>, params: &[Param]) {
    for (i, p) in params.iter().enumerate() {
        if let Some(other) = params[..i].iter().find(|o| o.field == p.field) {
            l.sink.push(
                DiagnosticKind::NameCollision,
                &p.source,
                "parameters whose Rust field names differ",
                format!(
                    "`{}`, which becomes `{}` like `{}`",
                    p.name, p.field, other.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_and_json_types() {
        assert_eq!(
            placeholders("/users/{accountId}/media/{mediaId}"),
            ["accountId", "mediaId"]
        );
        assert!(placeholders("/plain").is_empty());
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("application/octet-stream"));
        assert!(is_http_token("Retry-After") && is_http_token("x-bandwidth-signature-hmac-sha256"));
        assert!(!is_http_token("Retry After") && !is_http_token(""));
    }
}
