//! IR types to Rust type tokens, and the constraint notes that go in doc comments.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use crate::ir::{Constraints, TypeRef};
use crate::pointer::Pointer;

/// The tokens of a type (no `Option`/`Nullable`), with runtime types reached through
/// `::bandwidth_messaging::__private` so the declarations compile inside the crate and in a user's crate.
pub(crate) fn ty(e: &mut Emitter, t: &TypeRef, at: &Pointer) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Timestamp => quote!(::bandwidth_messaging::types::Timestamp),
        TypeRef::Bytes => quote!(::bandwidth_messaging::types::Bytes),
        TypeRef::JsonValue => quote!(::bandwidth_messaging::types::Value),
        TypeRef::JsonObject => {
            quote!(::bandwidth_messaging::types::Map<String, ::bandwidth_messaging::types::Value>)
        }
        TypeRef::Array(inner) => {
            let inner = ty(e, inner, at);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(e, inner, at);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Named(n) => {
            let i = e.ident(n, at);
            quote!(#i)
        }
    }
}

/// A field's type: `T` when required and not nullable, `Nullable<T>` when nullable, else `Option<T>`.
pub(crate) fn field_ty(
    e: &mut Emitter,
    t: &TypeRef,
    required: bool,
    nullable: bool,
    at: &Pointer,
) -> TokenStream {
    let inner = ty(e, t, at);
    if nullable {
        quote!(::bandwidth_messaging::Nullable<#inner>)
    } else if required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// Constraints that no attribute key carries, as a sentence for the docs (`None` when there are none).
pub(crate) fn constraint_note(c: &Constraints, attribute_keys: bool) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if !attribute_keys {
        if let Some(f) = &c.format {
            parts.push(format!("format `{f}`"));
        }
        if let Some(n) = c.max_length {
            parts.push(format!("at most {n} characters"));
        }
        if let Some(n) = c.items_max_length {
            parts.push(format!("items of at most {n} characters"));
        }
        if let Some(n) = c.max_items {
            parts.push(format!("at most {n} items"));
        }
        if c.unique_items {
            parts.push("unique items".to_owned());
        }
    }
    if let Some(n) = c.min_length {
        parts.push(format!("at least {n} characters"));
    }
    if let Some(n) = c.min_items {
        parts.push(format!("at least {n} items"));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("pattern `{}`", p.replace('`', "'")));
    }
    if let Some(m) = &c.minimum {
        parts.push(format!("minimum {m}"));
    }
    if let Some(m) = &c.maximum {
        parts.push(format!("maximum {m}"));
    }
    if let Some(d) = &c.default {
        parts.push(format!("default `{}`", d.replace('`', "'")));
    }
    if c.read_only {
        parts.push("read-only (sent by the server only)".to_owned());
    }
    if c.write_only {
        parts.push("write-only (never returned)".to_owned());
    }
    if c.deprecated {
        parts.push("deprecated".to_owned());
    }
    if parts.is_empty() {
        return None;
    }
    let mut s = parts.join(", ");
    if let Some(first) = s.get(..1) {
        s = format!("{}{}", first.to_uppercase(), &s[1..]);
    }
    Some(format!("{s}."))
}
