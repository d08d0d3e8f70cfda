//! Parse / validate / expand for the `bandwidth-messaging` proc macros.
//!
//! The proc-macro crate (`bandwidth-messaging-macros`) is a thin shell over the functions here, which take and
//! return [`proc_macro2::TokenStream`]s so tests can expand declarations without a compiler plugin. The contract
//! (attribute keys, validation rules, what each expansion contains) is `docs/declarations.md`.
//!
//! Each macro lives in its own module, split the way serde_derive and thiserror are:
//! `ast` (parse the attribute and the item into a typed AST, collecting errors), `valid` (the checks),
//! `expand` (the only place that calls `quote!`). Errors go to a [`ctxt::Ctxt`] and are reported together, at
//! the offending token; on invalid input the item is still emitted (with its helper attributes stripped and,
//! where cheap, stand-in trait impls) so the user sees the real error and not a cascade.
//!
//! ```
//! let attr = quote::quote!(schema = "#/components/schemas/media");
//! let item = quote::quote! {
//!     pub struct Media {
//!         #[field(name = "mediaName")]
//!         pub media_name: Option<String>,
//!     }
//! };
//! let out = bandwidth_messaging_macros_impl::expand_model(attr, item).to_string();
//! assert!(out.contains("additional_properties"));
//! assert!(!out.contains("compile_error"));
//! ```

mod attr;
mod ctxt;
mod fallback;
mod model;
mod one_of;
mod open_enum;
mod operation;
mod query_params;
mod ty;
mod webhook_events;

use proc_macro2::TokenStream;

/// Expands `#[model(schema = "...", default)]` on a struct with named fields (contract section 1).
pub fn expand_model(attr: TokenStream, item: TokenStream) -> TokenStream {
    model::expand(attr, item)
}

/// Expands `#[open_enum(schema = "...")]` on an enum of unit variants with `#[value("...")]` (section 2).
pub fn expand_open_enum(attr: TokenStream, item: TokenStream) -> TokenStream {
    open_enum::expand(attr, item)
}

/// Expands `#[one_of(schema = "...", discriminator = "...")]` on an enum of 1-field tuple variants (section 4).
pub fn expand_one_of(attr: TokenStream, item: TokenStream) -> TokenStream {
    one_of::expand(attr, item)
}

/// Expands `#[query_params(operation = "...")]` on a struct of `Option<_>` fields with `#[query(name)]` (section 5).
pub fn expand_query_params(attr: TokenStream, item: TokenStream) -> TokenStream {
    query_params::expand(attr, item)
}

/// Expands `#[operation(id = "...", method = "...", path = "...")]` plus its `#[response(...)]` attributes
/// (section 6).
pub fn expand_operation(attr: TokenStream, item: TokenStream) -> TokenStream {
    operation::expand(attr, item)
}

/// Expands `#[webhook_events(discriminator = "...")]` on an enum of 1-field tuple variants with
/// `#[event(name = "...")]` (section 7).
pub fn expand_webhook_events(attr: TokenStream, item: TokenStream) -> TokenStream {
    webhook_events::expand(attr, item)
}
