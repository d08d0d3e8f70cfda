//! `#[model]`: an object schema as a struct with serde impls that keep unknown fields.

mod ast;
mod expand;
mod valid;

use proc_macro2::TokenStream;

use crate::ctxt::{Ctxt, finish, parse_item};

/// Parses, validates and expands one `#[model]` item.
pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item =
        match parse_item::<syn::ItemStruct>(item, "#[model] applies to a struct with named fields")
        {
            Ok(item) => item,
            Err(tokens) => return tokens,
        };
    let cx = Ctxt::new();
    let model = ast::Model::parse(&cx, attr, item);
    valid::check(&cx, &model);
    finish(cx, || expand::expand(&model), || expand::fallback(&model))
}
