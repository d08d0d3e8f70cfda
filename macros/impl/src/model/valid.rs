//! The checks of a `#[model]` declaration (contract section 1).

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::Fields;

use super::ast::{Field, Model, Presence};
use crate::ctxt::Ctxt;
use crate::ty::{nullable_inner, option_inner, vec_inner};

/// Records every rule the model breaks.
pub fn check(cx: &Ctxt, model: &Model) {
    if model.schema.is_none() {
        cx.error_at(
            Span::call_site(),
            "missing `schema = \"#/components/schemas/...\"` in `#[model]`",
        );
    }
    if !model.item.generics.params.is_empty() || model.item.generics.where_clause.is_some() {
        cx.error_spanned_by(
            &model.item.generics,
            "a `#[model]` struct cannot have generics",
        );
    }
    match &model.item.fields {
        Fields::Named(_) => {}
        Fields::Unnamed(fields) => {
            cx.error_spanned_by(
                fields,
                "a `#[model]` struct needs named fields, not a tuple struct",
            );
        }
        Fields::Unit => {
            cx.error_spanned_by(
                &model.item.ident,
                "a `#[model]` struct needs named fields (`{}` at least), not a unit struct",
            );
        }
    }

    let mut seen = BTreeSet::new();
    for field in &model.fields {
        check_field(cx, field);
        if let Some(name) = &field.name
            && !seen.insert(name.value())
        {
            cx.error_spanned_by(
                name,
                format_args!(
                    "duplicate JSON name `{}`: another field already reads it",
                    name.value()
                ),
            );
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field) {
    if field.ident == "additional_properties" {
        cx.error_spanned_by(
            &field.ident,
            "a `#[model]` cannot declare `additional_properties`: the macro adds it to keep unknown JSON fields",
        );
    }
    match &field.field_attr {
        None => cx.error_spanned_by(
            &field.ident,
            "missing `#[field(name = \"...\")]` on this model field",
        ),
        Some(attr) if field.name.is_none() => {
            cx.error_spanned_by(attr, "missing `name = \"<json name>\"` in `#[field]`");
        }
        Some(_) => {}
    }

    if field.malformed {
        return;
    }
    let ty = &field.ty;
    let is_option = option_inner(ty).is_some();
    let is_nullable = nullable_inner(ty).is_some();
    match field.presence() {
        Presence::Required => {
            if is_option || is_nullable {
                cx.error_spanned_by(
                    ty,
                    "a `required` field that is not `nullable` cannot be `Option<_>` or `Nullable<_>`; use the plain type",
                );
            }
        }
        Presence::Optional => {
            if is_nullable {
                cx.error_spanned_by(
                    ty,
                    "a `Nullable<_>` field must be marked `nullable` in `#[field]`",
                );
            } else if !is_option {
                cx.error_spanned_by(
                    ty,
                    "a field that is not `required` must be `Option<_>` (or mark it `required`)",
                );
            }
        }
        Presence::Nullable { .. } => {
            if !is_nullable {
                cx.error_spanned_by(
                    ty,
                    "a `nullable` field must be `Nullable<_>` (absent / null / value)",
                );
            }
        }
    }

    let list = option_inner(ty)
        .or_else(|| nullable_inner(ty))
        .unwrap_or(ty);
    if vec_inner(list).is_none() {
        let only_vec = "only applies to a `Vec<_>` field (or `Option<Vec<_>>`)";
        if let Some(p) = &field.unique_items {
            cx.error_spanned_by(p, format_args!("`unique_items` {only_vec}"));
        }
        if let Some(lit) = &field.items_max_length {
            cx.error_spanned_by(lit, format_args!("`items_max_length` {only_vec}"));
        }
        if let Some(lit) = &field.max_items {
            cx.error_spanned_by(lit, format_args!("`max_items` {only_vec}"));
        }
    }
}
