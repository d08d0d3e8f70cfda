//! The checks of an `#[operation]` declaration (contract section 6).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::Span;
use syn::Fields;

use super::ast::{BodyEncoding, OpField, Operation, Response, Role, Status};
use super::template::{self, Piece};
use crate::ctxt::Ctxt;
use crate::ty::{last_segment_is, option_inner};

/// The methods an operation may use.
pub const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
];

/// Records every rule the operation breaks.
pub fn check(cx: &Ctxt, op: &Operation) {
    if op.id.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `id = \"<operationId>\"` in `#[operation]`",
        );
    }
    match &op.method {
        None => cx.error_at(
            Span::call_site(),
            "missing `method = \"GET\"` (or POST, PUT, ...) in `#[operation]`",
        ),
        Some(m) if !METHODS.contains(&m.value().as_str()) => cx.error_spanned_by(
            m,
            format_args!(
                "unknown method `{}`; expected one of: {}",
                m.value(),
                METHODS.join(", ")
            ),
        ),
        Some(_) => {}
    }
    if !op.item.generics.params.is_empty() || op.item.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &op.item.generics,
            "an `#[operation]` struct cannot have generics",
        );
    }
    match &op.item.fields {
        Fields::Named(_) | Fields::Unit => {}
        Fields::Unnamed(f) => {
            cx.error_spanned_by(f, "an `#[operation]` struct needs named fields (or none)")
        }
    }
    check_path(cx, op);
    check_responses(cx, op);
    check_fields(cx, op);
}

fn check_path(cx: &Ctxt, op: &Operation) {
    let placeholders: Vec<String> = match &op.path {
        None => {
            cx.error_at(
                Span::call_site(),
                "missing `path = \"/...\"` in `#[operation]`",
            );
            return;
        }
        Some(lit) => match template::parse(&lit.value()) {
            Ok(pieces) => pieces
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Placeholder(name) => Some(name),
                    Piece::Literal(_) => None,
                })
                .collect(),
            Err(msg) => {
                cx.error_spanned_by(lit, msg);
                return;
            }
        },
    };
    let mut path_fields: BTreeMap<String, &OpField> = BTreeMap::new();
    for field in &op.fields {
        if let Some(Role::Path {
            name: Some(name), ..
        }) = field.role()
        {
            if path_fields.insert(name.value(), field).is_some() {
                cx.error_spanned_by(
                    name,
                    format_args!("duplicate path parameter `{}`", name.value()),
                );
            }
            if !placeholders.contains(&name.value()) {
                cx.error_spanned_by(
                    name,
                    format_args!(
                        "the path template has no `{{{}}}` placeholder for this path parameter",
                        name.value()
                    ),
                );
            }
        }
    }
    if let Some(lit) = &op.path {
        let mut reported = BTreeSet::new();
        for placeholder in &placeholders {
            if !path_fields.contains_key(placeholder) && reported.insert(placeholder.clone()) {
                cx.error_spanned_by(
                    lit,
                    format_args!(
                        "the placeholder `{{{placeholder}}}` has no `#[path(name = \"{placeholder}\")]` field"
                    ),
                );
            }
        }
    }
}

fn check_responses(cx: &Ctxt, op: &Operation) {
    if op.responses.is_empty() {
        cx.error_at(
            Span::call_site(),
            "an `#[operation]` needs at least one `#[response(status = ..., ...)]`",
        );
    }
    let mut statuses = BTreeSet::new();
    let mut has_default = false;
    for r in &op.responses {
        match &r.status {
            None => cx.error_spanned_by(
                &r.attr,
                "missing `status = <code>` (or `status = default`) in `#[response]`",
            ),
            Some(Status::Code(code, lit)) => {
                if !(100..=599).contains(code) {
                    cx.error_spanned_by(lit, format_args!("status {code} is outside 100..=599"));
                } else if !statuses.insert(*code) {
                    cx.error_spanned_by(
                        lit,
                        format_args!("duplicate `#[response]` for status {code}"),
                    );
                }
            }
            Some(Status::Invalid) => {}
            Some(Status::Default(ident)) => {
                if has_default {
                    cx.error_spanned_by(ident, "duplicate `#[response(status = default)]`");
                }
                has_default = true;
            }
        }
        check_response(cx, r);
    }
}

fn check_response(cx: &Ctxt, r: &Response) {
    match r.kinds.as_slice() {
        [] => cx.error_spanned_by(
            &r.attr,
            "a `#[response]` needs one body kind: `json = Type`, `binary` or `empty`",
        ),
        [_] => {}
        [_, rest @ ..] => {
            for (key, _) in rest {
                cx.error_spanned_by(
                    key,
                    "a `#[response]` has exactly one body kind: `json = Type`, `binary` or `empty`",
                );
            }
        }
    }
    if let Some(accepted) = &r.accepted
        && r.code() != Some(202)
    {
        cx.error_spanned_by(
            accepted,
            "`accepted` only applies to `status = 202` (queued, not delivered)",
        );
    }
    let mut fields = BTreeSet::new();
    for h in &r.headers {
        if h.name.is_none() {
            cx.error_spanned_by(&h.key, "missing `name = \"...\"` in `header(...)`");
        }
        if h.ty.is_none() {
            cx.error_spanned_by(&h.key, "missing `ty = Type` in `header(...)`");
        }
        if let Some(name) = &h.name {
            check_header_name(cx, name);
        }
        match &h.field {
            None => cx.error_spanned_by(&h.key, "missing `field = ident` in `header(...)`"),
            Some(field) => {
                if field == "body" {
                    cx.error_spanned_by(
                        field,
                        "`body` is taken by the response body; name the header field otherwise",
                    );
                } else if !fields.insert(field.to_string()) {
                    cx.error_spanned_by(
                        field,
                        format_args!("duplicate header field `{field}` in this `#[response]`"),
                    );
                }
            }
        }
    }
}

/// A header name must be an HTTP token (RFC 9110 `tchar`s), so the expansion can build it without a runtime check.
fn check_header_name(cx: &Ctxt, name: &syn::LitStr) {
    let value = name.value();
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if value.is_empty() || !value.chars().all(tchar) {
        cx.error_spanned_by(
            name,
            format_args!("`{value}` is not a valid HTTP header name"),
        );
    }
}

fn check_fields(cx: &Ctxt, op: &Operation) {
    let mut query: Option<&OpField> = None;
    let mut body: Option<&OpField> = None;
    let mut headers = BTreeSet::new();
    for field in &op.fields {
        match field.roles.as_slice() {
            [] => cx.error_spanned_by(
                &field.ident,
                "this field needs one role: `#[path(name = \"...\")]`, `#[header(name = \"...\")]`, `#[query]` or `#[body(json)]` / `#[body(binary)]`",
            ),
            [_] => {}
            [_, rest @ ..] => {
                for (attr, _) in rest {
                    cx.error_spanned_by(attr, "a field has exactly one role attribute");
                }
            }
        }
        let Some((attr, role)) = field.roles.first() else {
            continue;
        };
        match role {
            Role::Path { name, .. } => {
                if name.is_none() {
                    cx.error_spanned_by(attr, "missing `name = \"<placeholder>\"` in `#[path]`");
                }
            }
            Role::Header { name } => match name {
                None => {
                    cx.error_spanned_by(attr, "missing `name = \"<header name>\"` in `#[header]`")
                }
                Some(name) => {
                    check_header_name(cx, name);
                    if !headers.insert(name.value().to_ascii_lowercase()) {
                        cx.error_spanned_by(
                            name,
                            format_args!("duplicate header parameter `{}`", name.value()),
                        );
                    }
                    let inner = option_inner(&field.ty).unwrap_or(&field.ty);
                    if !last_segment_is(inner, "String") {
                        cx.error_spanned_by(
                            &field.ty,
                            "a `#[header]` field is `String` or `Option<String>`",
                        );
                    }
                }
            },
            Role::Query => {
                if query.is_some() {
                    cx.error_spanned_by(
                        attr,
                        "at most one `#[query]` field (a `#[query_params]` struct holds them all)",
                    );
                }
                query = Some(field);
            }
            Role::Body { encodings } => {
                if body.is_some() {
                    cx.error_spanned_by(attr, "at most one `#[body]` field per operation");
                }
                body = Some(field);
                match encodings.as_slice() {
                    [] => {
                        cx.error_spanned_by(attr, "expected `#[body(json)]` or `#[body(binary)]`")
                    }
                    [(_, BodyEncoding::Binary)] => {
                        let inner = option_inner(&field.ty).unwrap_or(&field.ty);
                        if !last_segment_is(inner, "Bytes") {
                            cx.error_spanned_by(
                                &field.ty,
                                "a `#[body(binary)]` field is `Bytes` (or `Option<Bytes>`)",
                            );
                        }
                    }
                    [_] => {}
                    [_, rest @ ..] => {
                        for (key, _) in rest {
                            cx.error_spanned_by(
                                key,
                                "a `#[body]` takes one encoding: `json` or `binary`",
                            );
                        }
                    }
                }
            }
        }
    }
}
