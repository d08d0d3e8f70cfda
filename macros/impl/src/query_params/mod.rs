//! `#[query_params]`: the query string of one operation as a struct of optional fields.

mod ast;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[query_params]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match parse_item::<syn::ItemStruct>(
        item,
        "#[query_params] applies to a struct with named fields",
    ) {
        Ok(item) => item,
        Err(tokens) => return tokens,
    };
    let cx = Ctxt::new();
    let parsed = ast::QueryStruct::parse(&cx, attr, item);
    valid::check(&cx, &parsed);
    finish(cx, || expand::expand(&parsed), || expand::fallback(&parsed))
}
