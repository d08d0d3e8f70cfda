//! `#[operation]`: one HTTP operation, its per-status response enum and its `Operation` impl.

mod ast;
mod expand;
mod status;
mod template;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[operation]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match parse_item::<syn::ItemStruct>(
        item,
        "#[operation] applies to a struct with named fields",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let parsed = ast::Operation::parse(&cx, attr, item);
    valid::check(&cx, &parsed);
    finish(cx, || expand::expand(&parsed), || expand::fallback(&parsed))
}
