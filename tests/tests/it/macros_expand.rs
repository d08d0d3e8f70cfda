//! Expansion snapshots: one model, one operation and one webhook enum from `tests/fixtures/decls/`, expanded
//! through `bandwidth_messaging_macros_impl` (no cargo-expand) and pretty-printed with prettyplease.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The declarations of `file` (under `tests/fixtures/decls/`).
fn fixture(file: &str) -> syn::File {
    let path = format!("{}/fixtures/decls/{file}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    syn::parse_file(&src).unwrap_or_else(|e| panic!("parsing {path}: {e}"))
}

/// Expands the item named `name` in `file` by calling the impl function its macro attribute names, and
/// pretty-prints the result.
fn expand(file: &str, name: &str) -> String {
    let parsed = fixture(file);
    let mut item = parsed
        .items
        .into_iter()
        .find(|item| match item {
            syn::Item::Struct(s) => s.ident == name,
            syn::Item::Enum(e) => e.ident == name,
            _ => false,
        })
        .unwrap_or_else(|| panic!("no item `{name}` in {file}"));
    let attrs = match &mut item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        _ => unreachable!("filtered above"),
    };
    let at = attrs
        .iter()
        .position(|a| a.path().segments.iter().any(|s| s.ident == "decl"))
        .unwrap_or_else(|| panic!("`{name}` has no `decl::` attribute"));
    let attr = attrs.remove(at);
    let macro_name = attr
        .path()
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    let args: TokenStream = attr
        .meta
        .require_list()
        .map(|l| l.tokens.clone())
        .unwrap_or_default();
    let item = item.into_token_stream();
    let expanded = match macro_name.as_str() {
        "model" => bandwidth_messaging_macros_impl::expand_model(args, item),
        "open_enum" => bandwidth_messaging_macros_impl::expand_open_enum(args, item),
        "one_of" => bandwidth_messaging_macros_impl::expand_one_of(args, item),
        "query_params" => bandwidth_messaging_macros_impl::expand_query_params(args, item),
        "operation" => bandwidth_messaging_macros_impl::expand_operation(args, item),
        "webhook_events" => bandwidth_messaging_macros_impl::expand_webhook_events(args, item),
        other => panic!("unknown macro `{other}`"),
    };
    let file: syn::File =
        syn::parse2(expanded).unwrap_or_else(|e| panic!("expansion of `{name}` is not Rust: {e}"));
    let out = prettyplease::unparse(&file);
    assert!(
        !out.contains("compile_error"),
        "expansion of `{name}` reported errors:\n{out}"
    );
    out
}

#[test]
fn model_message_request() {
    insta::assert_snapshot!(
        "model_message_request",
        expand("models.rs", "MessageRequest")
    );
}

#[test]
fn open_enum_priority() {
    insta::assert_snapshot!("open_enum_priority", expand("models.rs", "PriorityEnum"));
}

#[test]
fn operation_create_message() {
    insta::assert_snapshot!(
        "operation_create_message",
        expand("operations.rs", "CreateMessage")
    );
}

#[test]
fn webhook_events_event() {
    insta::assert_snapshot!("webhook_events_event", expand("webhooks.rs", "Event"));
}

#[test]
fn every_fixture_declaration_expands_without_errors() {
    let mut count = 0;
    for file in ["models.rs", "webhooks.rs", "operations.rs"] {
        for item in fixture(file).items {
            let name = match &item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                _ => continue,
            };
            expand(file, &name);
            count += 1;
        }
    }
    assert_eq!(count, 25);
}
