//! Proc macros that expand `bandwidth-messaging` declarations into models, client operations, per-operation
//! responses and webhook events.
//!
//! Use them through `bandwidth_messaging::decl`; the contract (keys, validation, expansions) is
//! `docs/declarations.md`. Each macro is a thin shell over `bandwidth-messaging-macros-impl`, which does the
//! parsing, validation and expansion on `proc_macro2` tokens.

use proc_macro::TokenStream;

/// An object schema: a struct whose fields carry `#[field(name = "...", ...)]`.
///
/// Adds `additional_properties` (unknown JSON fields, kept and written back), `Debug`, `Clone`, `PartialEq`
/// (+ `Default` with the `default` key), `Serialize`, `Deserialize` and `new(<required fields>)`.
#[proc_macro_attribute]
pub fn model(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_model(attr.into(), item.into()).into()
}

/// A string enum that keeps unknown values: unit variants with `#[value("...")]`, plus `Unknown(String)`.
#[proc_macro_attribute]
pub fn open_enum(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_open_enum(attr.into(), item.into()).into()
}

/// A `oneOf` / `anyOf`: 1-field tuple variants (`#[variant(tag = "...")]` with a discriminator), plus
/// `Unknown(Value)`.
#[proc_macro_attribute]
pub fn one_of(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_one_of(attr.into(), item.into()).into()
}

/// The query string of one operation: `Option<_>` fields with `#[query(name = "...")]`.
#[proc_macro_attribute]
pub fn query_params(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_query_params(attr.into(), item.into()).into()
}

/// One HTTP operation: `#[response(...)]` attributes on the struct, `#[path]`, `#[header]`, `#[query]` and
/// `#[body]` on its fields. Adds `{Name}Response` and an `Operation` impl.
#[proc_macro_attribute]
pub fn operation(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_operation(attr.into(), item.into()).into()
}

/// Every event a callback URL receives: 1-field tuple variants with `#[event(name = "...")]`, plus
/// `Unknown { r#type, raw }`.
#[proc_macro_attribute]
pub fn webhook_events(attr: TokenStream, item: TokenStream) -> TokenStream {
    bandwidth_messaging_macros_impl::expand_webhook_events(attr.into(), item.into()).into()
}
