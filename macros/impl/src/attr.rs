//! Helpers shared by every macro's `ast`: reading `key = value` lists and flags, with errors collected in a
//! [`Ctxt`] so one bad key does not hide the next one.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{Attribute, LitInt, LitStr, Meta, Token};

use crate::ctxt::Ctxt;

/// Parses the arguments of the macro attribute itself (`#[model(schema = "...", default)]` gives
/// `schema = "...", default`), handing each key to `f`.
pub fn parse_args(
    cx: &Ctxt,
    tokens: TokenStream,
    mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) {
    let parser = syn::meta::parser(|meta| f(&meta));
    if let Err(err) = parser.parse2(tokens) {
        cx.syn_error(err);
    }
}

/// Parses the key list of an inner attribute such as `#[field(name = "to", required)]`, handing each key to `f`.
/// A bare `#[field]` has no keys; `#[field = ...]` is an error.
pub fn parse_attr(cx: &Ctxt, attr: &Attribute, f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>) {
    match &attr.meta {
        Meta::Path(_) => {}
        Meta::List(_) => {
            let mut f = f;
            if let Err(err) = attr.parse_nested_meta(|meta| f(&meta)) {
                cx.syn_error(err);
            }
        }
        Meta::NameValue(nv) => cx.error_spanned_by(
            nv.eq_token,
            format_args!(
                "expected `#[{}(...)]`, found `#[{} = ...]`",
                path_name(&attr.meta),
                path_name(&attr.meta)
            ),
        ),
    }
}

/// The name of an attribute's path, for messages (`field`, `response`, ...).
pub fn path_name(meta: &Meta) -> String {
    meta.path().to_token_stream().to_string().replace(' ', "")
}

/// The key being parsed, as written (`name`, `max_length`, ...).
pub fn key_name(meta: &ParseNestedMeta) -> String {
    meta.path.to_token_stream().to_string().replace(' ', "")
}

/// Records "unknown key" at the key's token and skips whatever value follows it, so parsing goes on.
pub fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    attr: &str,
    expected: &[&str],
) -> syn::Result<()> {
    cx.error_spanned_by(
        &meta.path,
        format_args!(
            "unknown key `{}` in `#[{attr}]`; expected one of: {}",
            key_name(meta),
            expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    skip_value(meta)
}

/// Skips the value of the current key: `= <tokens up to the next comma>` or a parenthesized group.
pub fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    let input = meta.input;
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
    }
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// Reads `= "text"`.
pub fn lit_str(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    let key = key_name(meta);
    let value = meta.value()?;
    value.parse::<LitStr>().map_err(|err| {
        syn::Error::new(
            err.span(),
            format_args!("`{key}` takes a string literal: `{key} = \"...\"`"),
        )
    })
}

/// Reads `= 123` as a `u64`.
pub fn lit_u64(meta: &ParseNestedMeta) -> syn::Result<(LitInt, u64)> {
    let key = key_name(meta);
    let value = meta.value()?;
    let lit = value.parse::<LitInt>().map_err(|err| {
        syn::Error::new(
            err.span(),
            format_args!("`{key}` takes an integer: `{key} = 123`"),
        )
    })?;
    let n = lit.base10_parse::<u64>()?;
    Ok((lit, n))
}

/// Checks that a flag key (`required`, `default`, ...) has no value; returns the key path for spans.
pub fn flag(meta: &ParseNestedMeta) -> syn::Result<syn::Path> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format_args!(
            "`{}` is a flag and takes no value",
            key_name(meta)
        )));
    }
    Ok(meta.path.clone())
}

/// Stores `value` into `slot`, or records "duplicate key" at `at` when the key was already given.
pub fn set_once<T, S: ToTokens>(cx: &Ctxt, slot: &mut Option<T>, at: S, key: &str, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(at, format_args!("duplicate key `{key}`"));
    } else {
        *slot = Some(value);
    }
}

/// Splits `attrs` into the ones named `name` (consumed by the macro) and the rest (kept on the item).
pub fn take_attrs(attrs: Vec<Attribute>, name: &str) -> (Vec<Attribute>, Vec<Attribute>) {
    attrs.into_iter().partition(|a| a.path().is_ident(name))
}
