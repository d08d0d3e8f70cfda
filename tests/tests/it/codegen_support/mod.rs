//! Shared by the `codegen_*` tests: expanding emitted declarations through the macro implementations.
//! (Each test binary uses a part of it.)
#![allow(dead_code)]

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Expands every declaration of one emitted file with `bandwidth-messaging-macros-impl` (the code behind the
/// proc macros) and returns, per item, the macro errors it produced. Empty means the file follows the
/// contract of `docs/declarations.md` as the macros enforce it.
pub fn macro_errors(file_name: &str, contents: &str) -> Vec<String> {
    let file: syn::File = match syn::parse_file(contents) {
        Ok(f) => f,
        Err(e) => return vec![format!("{file_name} does not parse: {e}")],
    };
    let mut errors = Vec::new();
    for item in file.items {
        let (attrs, name) = match &item {
            syn::Item::Struct(s) => (&s.attrs, s.ident.to_string()),
            syn::Item::Enum(e) => (&e.attrs, e.ident.to_string()),
            _ => continue,
        };
        let Some((index, macro_name, args)) = attrs.iter().enumerate().find_map(|(i, a)| {
            let path = a.path();
            let decl = path.segments.len() == 3 && path.segments[1].ident == "decl";
            let last = path.segments.last()?.ident.to_string();
            let args = match &a.meta {
                syn::Meta::List(l) => l.tokens.clone(),
                _ => TokenStream::new(),
            };
            decl.then_some((i, last, args))
        }) else {
            continue;
        };
        let mut stripped = item.clone();
        match &mut stripped {
            syn::Item::Struct(s) => {
                s.attrs.remove(index);
            }
            syn::Item::Enum(e) => {
                e.attrs.remove(index);
            }
            _ => {}
        }
        let tokens = stripped.to_token_stream();
        let out = match macro_name.as_str() {
            "model" => bandwidth_messaging_macros_impl::expand_model(args, tokens),
            "open_enum" => bandwidth_messaging_macros_impl::expand_open_enum(args, tokens),
            "one_of" => bandwidth_messaging_macros_impl::expand_one_of(args, tokens),
            "query_params" => bandwidth_messaging_macros_impl::expand_query_params(args, tokens),
            "operation" => bandwidth_messaging_macros_impl::expand_operation(args, tokens),
            "webhook_events" => {
                bandwidth_messaging_macros_impl::expand_webhook_events(args, tokens)
            }
            other => {
                errors.push(format!(
                    "{file_name}: {name} uses an unknown macro `{other}`"
                ));
                continue;
            }
        };
        let text = out.to_string();
        if text.contains("compile_error") {
            errors.push(format!("{file_name}: {macro_name} on {name}: {text}"));
        }
    }
    errors
}

/// Number of declarations (items carrying one of the `decl` macros) in a file.
pub fn declaration_count(contents: &str) -> usize {
    syn::parse_file(contents)
        .map(|f| {
            f.items
                .iter()
                .filter(|i| {
                    let attrs = match i {
                        syn::Item::Struct(s) => &s.attrs,
                        syn::Item::Enum(e) => &e.attrs,
                        _ => return false,
                    };
                    attrs
                        .iter()
                        .any(|a| a.path().segments.iter().any(|s| s.ident == "decl"))
                })
                .count()
        })
        .unwrap_or(0)
}
