//! `#[open_enum]`: a string enum that keeps values it does not know as `Unknown(String)`.

mod ast;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[open_enum]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item =
        match parse_item::<syn::ItemEnum>(item, "#[open_enum] applies to an enum of unit variants")
        {
            Ok(item) => item,
            Err(tokens) => return tokens,
        };
    let cx = Ctxt::new();
    let parsed = ast::OpenEnum::parse(&cx, attr, item);
    valid::check(&cx, &parsed);
    finish(cx, || expand::expand(&parsed), || expand::fallback(&parsed))
}
