//! `#[webhook_events]`: every event a callback URL receives, keyed on the discriminator property.

mod ast;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[webhook_events]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match parse_item::<syn::ItemEnum>(
        item,
        "#[webhook_events] applies to an enum of 1-field tuple variants",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let parsed = ast::Events::parse(&cx, attr, item);
    valid::check(&cx, &parsed);
    finish(cx, || expand::expand(&parsed), || expand::fallback(&parsed))
}
