//! The checks of a `#[webhook_events]` declaration (contract section 7).

use std::collections::BTreeSet;

use proc_macro2::Span;

use super::ast::Events;
use crate::ctxt::Ctxt;

/// Records every rule the enum breaks.
pub fn check(cx: &Ctxt, e: &Events) {
    if e.discriminator.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `discriminator = \"<property>\"` in `#[webhook_events]`",
        );
    }
    if !e.item.generics.params.is_empty() || e.item.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &e.item.generics,
            "a `#[webhook_events]` enum cannot have generics",
        );
    }
    let mut seen = BTreeSet::new();
    for v in &e.variants {
        if v.ident == "Unknown" {
            cx.error_spanned_by(
                &v.ident,
                "a variant cannot be named `Unknown`: the macro adds `Unknown { type, raw }` for event types it does not list",
            );
        }
        if v.payload().is_none() {
            let msg = "a `#[webhook_events]` variant must have exactly one unnamed field: `Name(PayloadType)`";
            match &v.fields {
                syn::Fields::Unit => cx.error_spanned_by(&v.ident, msg),
                fields => cx.error_spanned_by(fields, msg),
            }
        }
        match v.attrs.as_slice() {
            [] => cx.error_spanned_by(
                &v.ident,
                "missing `#[event(name = \"...\")]` on this variant",
            ),
            [attr] if v.name.is_none() => {
                cx.error_spanned_by(attr, "missing `name = \"<event type>\"` in `#[event]`")
            }
            [_] => {}
            [_, rest @ ..] => {
                for attr in rest {
                    cx.error_spanned_by(attr, "duplicate `#[event]` attribute");
                }
            }
        }
        if let Some(name) = &v.name
            && !seen.insert(name.value())
        {
            cx.error_spanned_by(
                name,
                format_args!(
                    "duplicate event name `{}`: another variant already has it",
                    name.value()
                ),
            );
        }
    }
}
