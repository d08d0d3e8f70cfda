//! The typed form of an `#[operation]` declaration and its `#[response]` attributes.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Fields, Ident, ItemStruct, LitInt, LitStr, Path, Type};

use crate::attr::{
    flag, key_name, lit_str, parse_args, parse_attr, set_once, take_attrs, unknown_key,
};
use crate::ctxt::Ctxt;

const OPERATION_KEYS: &[&str] = &["id", "method", "path"];
const RESPONSE_KEYS: &[&str] = &["status", "json", "binary", "empty", "accepted", "header"];
const HEADER_KEYS: &[&str] = &["name", "field", "ty"];
/// The attributes that give a field its role.
pub const ROLE_ATTRS: &[&str] = &["path", "header", "query", "body"];

/// An `#[operation]` struct.
pub struct Operation {
    /// The struct as written, without `#[response]` and without role attributes on its fields.
    pub item: ItemStruct,
    /// `id = "..."`: the operationId.
    pub id: Option<LitStr>,
    /// `method = "..."`.
    pub method: Option<LitStr>,
    /// `path = "..."`: the path template.
    pub path: Option<LitStr>,
    /// One per `#[response(...)]`, in declaration order.
    pub responses: Vec<Response>,
    /// The named fields.
    pub fields: Vec<OpField>,
}

/// `status = 202` or `status = default`.
pub enum Status {
    /// A numeric status (range checked in `valid`).
    Code(u16, LitInt),
    /// `default`: every status the other responses do not list.
    Default(Ident),
    /// A value that is neither; already reported.
    Invalid,
}

/// The body kind of a response.
pub enum BodyKind {
    /// `json = Type`.
    Json(Box<Type>),
    /// `binary`: bytes with their content type.
    Binary,
    /// `empty`: no body.
    Empty,
}

/// A response header: `header(name = "Retry-After", field = retry_after, ty = u64)`.
pub struct RespHeader {
    /// The `header` key (for spans).
    pub key: Path,
    /// `name = "..."`.
    pub name: Option<LitStr>,
    /// `field = ident`.
    pub field: Option<Ident>,
    /// `ty = Type`.
    pub ty: Option<Type>,
}

/// One `#[response(...)]`.
pub struct Response {
    /// The attribute (for spans).
    pub attr: Attribute,
    /// `status = ...`.
    pub status: Option<Status>,
    /// Every body kind given (exactly one is valid), with its key for spans.
    pub kinds: Vec<(Path, BodyKind)>,
    /// `accepted`.
    pub accepted: Option<Path>,
    /// `header(...)`, in order.
    pub headers: Vec<RespHeader>,
}

impl Response {
    /// The numeric status, if one was given.
    pub fn code(&self) -> Option<u16> {
        match &self.status {
            Some(Status::Code(code, _)) => Some(*code),
            _ => None,
        }
    }

    /// The body kind (the first given; `valid` reports when there is not exactly one).
    pub fn kind(&self) -> Option<&BodyKind> {
        self.kinds.first().map(|(_, k)| k)
    }
}

/// The request body encoding of a `#[body(...)]` field.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `#[body(json)]`.
    Json,
    /// `#[body(binary)]`.
    Binary,
}

/// What a field is for.
pub enum Role {
    /// `#[path(name = "...", keep_slashes)]`.
    Path {
        /// `name = "..."`: the placeholder it fills.
        name: Option<LitStr>,
        /// `keep_slashes`.
        keep_slashes: bool,
    },
    /// `#[header(name = "...")]`.
    Header {
        /// `name = "..."`: the header name.
        name: Option<LitStr>,
    },
    /// `#[query]`.
    Query,
    /// `#[body(json)]` or `#[body(binary)]`.
    Body {
        /// The encodings given (exactly one is valid), with their keys.
        encodings: Vec<(Path, BodyEncoding)>,
    },
}

/// One field of an operation struct.
pub struct OpField {
    /// The Rust name.
    pub ident: Ident,
    /// The declared type.
    pub ty: Type,
    /// Every role attribute on the field, with its role (exactly one is valid).
    pub roles: Vec<(Attribute, Role)>,
}

impl OpField {
    /// The field's role, when it has one.
    pub fn role(&self) -> Option<&Role> {
        self.roles.first().map(|(_, r)| r)
    }
}

impl Operation {
    /// Reads the macro arguments, the `#[response]` attributes and the struct, recording malformed input in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemStruct) -> Operation {
        let mut id = None;
        let mut method = None;
        let mut path = None;
        parse_args(cx, attr, |meta| {
            let p = &meta.path;
            if p.is_ident("id") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut id, p, "id", lit);
            } else if p.is_ident("method") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut method, p, "method", lit);
            } else if p.is_ident("path") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut path, p, "path", lit);
            } else {
                unknown_key(cx, meta, "operation", OPERATION_KEYS)?;
            }
            Ok(())
        });

        let (response_attrs, kept) = take_attrs(std::mem::take(&mut item.attrs), "response");
        item.attrs = kept;
        let responses = response_attrs
            .into_iter()
            .map(|attr| parse_response(cx, attr))
            .collect();

        let mut fields = Vec::new();
        if let Fields::Named(named) = &mut item.fields {
            for field in named.named.iter_mut() {
                let (ours, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut field.attrs)
                    .into_iter()
                    .partition(|a| ROLE_ATTRS.iter().any(|r| a.path().is_ident(r)));
                field.attrs = kept;
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                let roles = ours.into_iter().map(|attr| {
                    let role = parse_role(cx, &attr);
                    (attr, role)
                });
                fields.push(OpField {
                    ident,
                    ty: field.ty.clone(),
                    roles: roles.collect(),
                });
            }
        }
        Operation {
            item,
            id,
            method,
            path,
            responses,
            fields,
        }
    }
}

fn parse_response(cx: &Ctxt, attr: Attribute) -> Response {
    let mut response = Response {
        attr: attr.clone(),
        status: None,
        kinds: Vec::new(),
        accepted: None,
        headers: Vec::new(),
    };
    parse_attr(cx, &attr, |meta| {
        let p = &meta.path;
        if p.is_ident("status") {
            let status = parse_status(meta).unwrap_or_else(|err| {
                cx.syn_error(err);
                Status::Invalid
            });
            set_once(cx, &mut response.status, p, "status", status);
        } else if p.is_ident("json") {
            let ty: Type = meta.value()?.parse()?;
            response
                .kinds
                .push((p.clone(), BodyKind::Json(Box::new(ty))));
        } else if p.is_ident("binary") {
            response.kinds.push((flag(meta)?, BodyKind::Binary));
        } else if p.is_ident("empty") {
            response.kinds.push((flag(meta)?, BodyKind::Empty));
        } else if p.is_ident("accepted") {
            let f = flag(meta)?;
            set_once(cx, &mut response.accepted, p, "accepted", f);
        } else if p.is_ident("header") {
            response.headers.push(parse_resp_header(cx, meta)?);
        } else {
            unknown_key(cx, meta, "response", RESPONSE_KEYS)?;
        }
        Ok(())
    });
    response
}

fn parse_status(meta: &ParseNestedMeta) -> syn::Result<Status> {
    let value = meta.value()?;
    if value.peek(LitInt) {
        let lit: LitInt = value.parse()?;
        let code = lit.base10_parse::<u16>().map_err(|_| {
            syn::Error::new(
                lit.span(),
                "a status is an HTTP status code in 100..=599, or `default`",
            )
        })?;
        Ok(Status::Code(code, lit))
    } else if value.peek(Ident) {
        let ident: Ident = value.parse()?;
        if ident == "default" {
            Ok(Status::Default(ident))
        } else {
            Err(syn::Error::new(
                ident.span(),
                "a status is an HTTP status code in 100..=599, or `default`",
            ))
        }
    } else {
        let err = value.error("a status is an HTTP status code in 100..=599, or `default`");
        crate::attr::skip_value(meta)?;
        Err(err)
    }
}

fn parse_resp_header(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<RespHeader> {
    let mut header = RespHeader {
        key: meta.path.clone(),
        name: None,
        field: None,
        ty: None,
    };
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error("expected `header(name = \"...\", field = ident, ty = Type)`"));
    }
    meta.parse_nested_meta(|inner| {
        let p = &inner.path;
        if p.is_ident("name") {
            let lit = lit_str(&inner)?;
            set_once(cx, &mut header.name, p, "name", lit);
        } else if p.is_ident("field") {
            let ident: Ident = inner.value()?.parse()?;
            set_once(cx, &mut header.field, p, "field", ident);
        } else if p.is_ident("ty") {
            let ty: Type = inner.value()?.parse()?;
            set_once(cx, &mut header.ty, p, "ty", ty);
        } else {
            unknown_key(cx, &inner, "response(header(...))", HEADER_KEYS)?;
        }
        Ok(())
    })?;
    Ok(header)
}

fn parse_role(cx: &Ctxt, attr: &Attribute) -> Role {
    let which = attr
        .path()
        .get_ident()
        .map(Ident::to_string)
        .unwrap_or_default();
    match which.as_str() {
        "path" => {
            let mut name = None;
            let mut keep = None;
            parse_attr(cx, attr, |meta| {
                if meta.path.is_ident("name") {
                    let lit = lit_str(meta)?;
                    set_once(cx, &mut name, &meta.path, "name", lit);
                } else if meta.path.is_ident("keep_slashes") {
                    let f = flag(meta)?;
                    set_once(cx, &mut keep, &meta.path, "keep_slashes", f);
                } else {
                    unknown_key(cx, meta, "path", &["name", "keep_slashes"])?;
                }
                Ok(())
            });
            Role::Path {
                name,
                keep_slashes: keep.is_some(),
            }
        }
        "header" => {
            let mut name = None;
            parse_attr(cx, attr, |meta| {
                if meta.path.is_ident("name") {
                    let lit = lit_str(meta)?;
                    set_once(cx, &mut name, &meta.path, "name", lit);
                } else {
                    unknown_key(cx, meta, "header", &["name"])?;
                }
                Ok(())
            });
            Role::Header { name }
        }
        "query" => {
            parse_attr(cx, attr, |meta| {
                cx.error_spanned_by(
                    &meta.path,
                    format_args!(
                        "`#[query]` takes no keys (found `{}`); the names are in the query_params struct",
                        key_name(meta)
                    ),
                );
                crate::attr::skip_value(meta)
            });
            Role::Query
        }
        _ => {
            let mut encodings = Vec::new();
            parse_attr(cx, attr, |meta| {
                if meta.path.is_ident("json") {
                    encodings.push((flag(meta)?, BodyEncoding::Json));
                } else if meta.path.is_ident("binary") {
                    encodings.push((flag(meta)?, BodyEncoding::Binary));
                } else {
                    unknown_key(cx, meta, "body", &["json", "binary"])?;
                }
                Ok(())
            });
            Role::Body { encodings }
        }
    }
}
