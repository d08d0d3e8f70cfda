//! The checks of a `#[query_params]` declaration (contract section 5).

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::Fields;

use super::ast::QueryStruct;
use crate::ctxt::Ctxt;
use crate::ty::option_inner;

/// Records every rule the struct breaks.
pub fn check(cx: &Ctxt, q: &QueryStruct) {
    if q.operation.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `operation = \"<operationId>\"` in `#[query_params]`",
        );
    }
    if !q.item.generics.params.is_empty() || q.item.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &q.item.generics,
            "a `#[query_params]` struct cannot have generics",
        );
    }
    match &q.item.fields {
        Fields::Named(_) => {}
        Fields::Unnamed(f) => {
            cx.error_spanned_by(f, "a `#[query_params]` struct needs named fields")
        }
        Fields::Unit => cx.error_spanned_by(
            &q.item.ident,
            "a `#[query_params]` struct needs named fields",
        ),
    }
    let mut seen = BTreeSet::new();
    for p in &q.fields {
        match p.attrs.as_slice() {
            [] => cx.error_spanned_by(
                &p.ident,
                "missing `#[query(name = \"...\")]` on this query parameter",
            ),
            [attr] if p.name.is_none() => {
                cx.error_spanned_by(attr, "missing `name = \"<parameter name>\"` in `#[query]`")
            }
            [_] => {}
            [_, rest @ ..] => {
                for attr in rest {
                    cx.error_spanned_by(attr, "duplicate `#[query]` attribute");
                }
            }
        }
        if option_inner(&p.ty).is_none() {
            cx.error_spanned_by(
                &p.ty,
                "a query parameter must be `Option<T>` (T: Display) or `Option<Vec<T>>`; absent values are not sent",
            );
        }
        if let Some(name) = &p.name
            && !seen.insert(name.value())
        {
            cx.error_spanned_by(
                name,
                format_args!("duplicate query parameter `{}`", name.value()),
            );
        }
    }
}
