//! The checks of an `#[open_enum]` declaration (contract section 2).

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::Fields;

use super::ast::OpenEnum;
use crate::ctxt::Ctxt;

/// Records every rule the enum breaks.
pub fn check(cx: &Ctxt, e: &OpenEnum) {
    if e.schema.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `schema = \"#/components/schemas/...\"` in `#[open_enum]`",
        );
    }
    if !e.item.generics.params.is_empty() || e.item.generics.where_clause.is_some() {
        cx.error_spanned_by(&e.item.generics, "an `#[open_enum]` cannot have generics");
    }
    let mut seen = BTreeSet::new();
    for v in &e.variants {
        if v.ident == "Unknown" {
            cx.error_spanned_by(
                &v.ident,
                "a variant cannot be named `Unknown`: the macro adds `Unknown(String)` for values it does not list",
            );
        }
        match &v.fields {
            Fields::Unit => {}
            other => cx.error_spanned_by(
                other,
                "an `#[open_enum]` variant must be a unit variant (the value is in `#[value(\"...\")]`)",
            ),
        }
        if let Some(expr) = &v.discriminant {
            cx.error_spanned_by(
                expr,
                "an `#[open_enum]` variant takes no discriminant; its wire value is `#[value(\"...\")]`",
            );
        }
        match v.values.as_slice() {
            [] => cx.error_spanned_by(
                &v.ident,
                "missing `#[value(\"<wire value>\")]` on this variant",
            ),
            [_] => {}
            [_, rest @ ..] => {
                for (attr, _) in rest {
                    cx.error_spanned_by(attr, "a variant has exactly one `#[value(\"...\")]`");
                }
            }
        }
        if let Some(value) = v.value()
            && !seen.insert(value.value())
        {
            cx.error_spanned_by(
                value,
                format_args!(
                    "duplicate value `{}`: another variant already has it",
                    value.value()
                ),
            );
        }
    }
}
