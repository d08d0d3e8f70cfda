//! `#[one_of]`: an OpenAPI `oneOf` / `anyOf` as an enum of payload types plus `Unknown(Value)`.

mod ast;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[one_of]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match parse_item::<syn::ItemEnum>(
        item,
        "#[one_of] applies to an enum of 1-field tuple variants",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let parsed = ast::OneOf::parse(&cx, attr, item);
    valid::check(&cx, &parsed);
    finish(cx, || expand::expand(&parsed), || expand::fallback(&parsed))
}
