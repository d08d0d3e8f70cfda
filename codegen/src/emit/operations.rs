//! `operations.rs`: one `query_params` struct per operation with query parameters, one `operation` struct
//! per operation.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Emitter;
use super::docs::Doc;
use super::types::{constraint_note, ty};
use crate::ir::{Api, BodyKind, Operation, Param, ParamLocation, Response, Status, TypeRef};

/// The tokens of `operations.rs`.
pub(crate) fn file(e: &mut Emitter, api: &Api, spec: &str) -> TokenStream {
    let inner = Doc::new()
        .para(format!(
            "Operations of `{spec}`, in spec order, each with its query parameters."
        ))
        .inner_attrs();
    let uses = (!api.models.is_empty()).then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::models::*;
        )
    });
    let items: Vec<TokenStream> = api.operations.iter().map(|op| operation(e, op)).collect();
    quote! {
        #inner
        #uses
        #( #items )*
    }
}

fn operation(e: &mut Emitter, op: &Operation) -> TokenStream {
    let name = e.ident(&op.name, &op.source);
    let id = op.id.as_str();
    let method = op.method.as_str();
    let path = op.path.as_str();
    let mut out = TokenStream::new();

    if let Some(q) = &op.query_struct {
        let qname = e.ident(q, &op.source);
        let fields: Vec<TokenStream> = op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Query)
            .map(|p| query_field(e, p))
            .collect();
        let doc = Doc::new()
            .para(format!(
                "Query parameters of `{id}`. Every one is optional; absent ones are not sent."
            ))
            .para(format!("Source: `{}`.", op.source.push("parameters")))
            .attrs();
        out.extend(quote! {
            #doc
            #[::bandwidth_messaging::decl::query_params(operation = #id)]
            pub struct #qname {
                #( #fields )*
            }
        });
    }

    let mut doc = Doc::new();
    if let Some(s) = &op.summary {
        doc = doc.text(Some(s));
    }
    doc = doc.text(op.doc.as_deref());
    let tags = if op.tags.is_empty() {
        String::new()
    } else {
        format!(
            ", tag{} {}",
            if op.tags.len() == 1 { "" } else { "s" },
            op.tags
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    doc = doc.para(format!("`{method} {path}` (operationId `{id}`{tags})."));
    doc.break_paragraph();
    doc = doc.line("Responses:");
    for r in &op.responses {
        doc = doc.line(format!("- {}", response_line(r)));
    }
    if !op.callbacks.is_empty() {
        let cbs: Vec<String> = op.callbacks.iter().map(|c| format!("`{c}`")).collect();
        doc = doc.para(format!(
            "Leads to webhooks: {} (see [`Event`](super::webhooks::Event)).",
            cbs.join(", ")
        ));
    }
    if op.deprecated {
        doc = doc.para("Deprecated by the spec.");
    }
    let doc = doc.para(format!("Source: `{}`.", op.source)).attrs();

    let responses: Vec<TokenStream> = op.responses.iter().map(|r| response_attr(e, r)).collect();
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Query)
        .map(|p| direct_field(e, p))
        .collect();
    if let Some(q) = &op.query_struct {
        let qname = e.ident(q, &op.source);
        fields.push(quote! {
            /// Query parameters.
            #[query]
            pub query: #qname,
        });
    }
    if let Some(body) = &op.body {
        let fallback = match body.kind {
            BodyKind::Binary => "The request body: the raw bytes.",
            _ => "The request body.",
        };
        let bdoc = Doc::new()
            .text(Some(body.doc.as_deref().unwrap_or(fallback)))
            .para(if body.content_types.len() > 1 {
                format!(
                    "Media types: {}.",
                    body.content_types
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            })
            .para(if body.required {
                ""
            } else {
                "Optional: `None` sends no body."
            })
            .attrs();
        let inner = match &body.kind {
            BodyKind::Json(t) => Some((quote!(json), ty(e, t, &body.source))),
            BodyKind::Binary => Some((quote!(binary), quote!(::bandwidth_messaging::types::Bytes))),
            BodyKind::Empty => None,
        };
        let field = match inner {
            Some((kind, t)) => {
                let t = if body.required { t } else { quote!(Option<#t>) };
                quote! {
                    #bdoc
                    #[body(#kind)]
                    pub body: #t,
                }
            }
            None => TokenStream::new(),
        };
        fields.push(field);
    }
    out.extend(quote! {
        #doc
        #[::bandwidth_messaging::decl::operation(id = #id, method = #method, path = #path)]
        #( #responses )*
        pub struct #name {
            #( #fields )*
        }
    });
    out
}

fn response_line(r: &Response) -> String {
    let status = match r.status {
        Status::Code(c) => format!("`{c}`"),
        Status::Default => "`default`".to_owned(),
    };
    let body = match &r.body {
        BodyKind::Json(t) => format!(" ({})", type_text(t)),
        BodyKind::Binary => " (binary body)".to_owned(),
        BodyKind::Empty => String::new(),
    };
    let headers = if r.headers.is_empty() {
        String::new()
    } else {
        format!(
            ", header{} {}",
            if r.headers.len() == 1 { "" } else { "s" },
            r.headers
                .iter()
                .map(|h| format!("`{}`", h.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let text = r
        .doc
        .as_deref()
        .and_then(super::docs::first_line)
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    format!("{status}{body}{headers}{text}")
}

/// A type as doc text.
fn type_text(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => format!("[`{n}`]"),
        TypeRef::Array(inner) => format!("a list of {}", type_text(inner)),
        TypeRef::JsonValue | TypeRef::JsonObject => "JSON".to_owned(),
        other => format!("`{}`", format!("{other:?}").to_lowercase()),
    }
}

fn response_attr(e: &mut Emitter, r: &Response) -> TokenStream {
    let status = match r.status {
        Status::Code(c) => {
            let c = Literal::u16_unsuffixed(c);
            quote!(status = #c)
        }
        Status::Default => quote!(status = default),
    };
    let body = match &r.body {
        BodyKind::Json(t) => {
            let t = ty(e, t, &r.source);
            quote!(json = #t)
        }
        BodyKind::Binary => quote!(binary),
        BodyKind::Empty => quote!(empty),
    };
    let accepted = r.accepted.then(|| quote!(, accepted));
    let headers: Vec<TokenStream> = r
        .headers
        .iter()
        .map(|h| {
            let name = h.name.as_str();
            let field = e.ident(&h.field, &r.source);
            let t = ty(e, &h.ty, &r.source);
            quote!(, header(name = #name, field = #field, ty = #t))
        })
        .collect();
    quote!(#[response(#status, #body #accepted #( #headers )*)])
}

fn direct_field(e: &mut Emitter, p: &Param) -> TokenStream {
    let name = e.ident(&p.field, &p.source);
    let wire = p.name.as_str();
    let doc = Doc::new()
        .text(p.doc.as_deref())
        .para(constraint_note(&p.constraints, false).unwrap_or_default())
        .attrs();
    match p.location {
        ParamLocation::Path => {
            let keep = p.keep_slashes.then(|| quote!(, keep_slashes));
            let t = ty(e, &p.ty, &p.source);
            quote! {
                #doc
                #[path(name = #wire #keep)]
                pub #name: #t,
            }
        }
        _ => {
            let t = if p.required {
                quote!(String)
            } else {
                quote!(Option<String>)
            };
            quote! {
                #doc
                #[header(name = #wire)]
                pub #name: #t,
            }
        }
    }
}

fn query_field(e: &mut Emitter, p: &Param) -> TokenStream {
    let name = e.ident(&p.field, &p.source);
    let wire = p.name.as_str();
    let required = if p.required {
        "The spec marks this parameter required."
    } else {
        ""
    };
    let doc = Doc::new()
        .text(p.doc.as_deref())
        .para(constraint_note(&p.constraints, false).unwrap_or_default())
        .para(required)
        .attrs();
    let t = ty(e, &p.ty, &p.source);
    quote! {
        #doc
        #[query(name = #wire)]
        pub #name: Option<#t>,
    }
}
