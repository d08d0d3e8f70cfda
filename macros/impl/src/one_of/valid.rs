//! The checks of a `#[one_of]` declaration (contract section 4).

use std::collections::BTreeSet;

use proc_macro2::Span;

use super::ast::OneOf;
use crate::ctxt::Ctxt;

/// Records every rule the enum breaks.
pub fn check(cx: &Ctxt, e: &OneOf) {
    if e.schema.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `schema = \"#/components/schemas/...\"` in `#[one_of]`",
        );
    }
    if !e.item.generics.params.is_empty() || e.item.generics.where_clause.is_some() {
        cx.error_spanned_by(&e.item.generics, "a `#[one_of]` enum cannot have generics");
    }
    let mut seen = BTreeSet::new();
    for v in &e.variants {
        if v.ident == "Unknown" {
            cx.error_spanned_by(
                &v.ident,
                "a variant cannot be named `Unknown`: the macro adds `Unknown(Value)` for payloads no variant matches",
            );
        }
        if v.payload().is_none() {
            let msg =
                "a `#[one_of]` variant must have exactly one unnamed field: `Name(PayloadType)`";
            match &v.fields {
                syn::Fields::Unit => cx.error_spanned_by(&v.ident, msg),
                fields => cx.error_spanned_by(fields, msg),
            }
        }
        for extra in v.attrs.iter().skip(1) {
            cx.error_spanned_by(
                extra,
                "duplicate `#[variant]` attribute; put every `tag` in one",
            );
        }
        match &e.discriminator {
            Some(_) => {
                if v.tags.is_empty() {
                    cx.error_spanned_by(
                        &v.ident,
                        "with a `discriminator`, every variant needs `#[variant(tag = \"...\")]`",
                    );
                }
            }
            None => {
                for tag in &v.tags {
                    cx.error_spanned_by(
                        tag,
                        "`tag` needs `discriminator = \"<property>\"` in `#[one_of]`",
                    );
                }
            }
        }
        for tag in &v.tags {
            if !seen.insert(tag.value()) {
                cx.error_spanned_by(
                    tag,
                    format_args!(
                        "duplicate tag `{}`: another variant already claims it",
                        tag.value()
                    ),
                );
            }
        }
    }
}
