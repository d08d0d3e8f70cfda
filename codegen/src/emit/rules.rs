//! `rules.rs`: the createMessage rule book ([`crate::ir::RuleBook`]) as constants, which the hand-written
//! `rules` module of the crate evaluates for the client and the sandbox alike.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Emitter;
use super::docs::Doc;
use crate::ir::{Api, RuleBook};

/// One `pub const`: name, type, value, doc.
type Const = (&'static str, TokenStream, TokenStream, String);

fn count(name: &'static str, v: u64, doc: String) -> Const {
    let v = Literal::u64_unsuffixed(v);
    (name, quote!(usize), quote!(#v), doc)
}

fn flag(name: &'static str, v: bool, doc: String) -> Const {
    (name, quote!(bool), quote!(#v), doc)
}

fn text(name: &'static str, v: &str, doc: String) -> Const {
    (name, quote!(&str), quote!(#v), doc)
}

fn texts(name: &'static str, v: &[String], doc: String) -> Const {
    (name, quote!(&[&str]), quote!(&[ #( #v ),* ]), doc)
}

fn consts(r: &RuleBook) -> Vec<Const> {
    let at = &r.source;
    let ext = format!("{at}/x-bandwidth-rules");
    let p = format!("{at}/properties");
    let mut out = vec![
        text(
            "LENGTH_UNIT",
            &r.length_unit,
            format!(
                "What `maxLength` limits count: `unicode-scalar-value`, `utf-16` or `byte` (`{ext}/lengthUnit`)."
            ),
        ),
        count(
            "APPLICATION_ID_MIN_LENGTH",
            r.application_id_min_length,
            format!("Fewest characters of `applicationId` (`{p}/applicationId` `minLength`)."),
        ),
        count(
            "E164_MIN_DIGITS",
            r.e164_min_digits,
            format!(
                "Fewest digits of an E.164 number after the `+`, the first not `0` (`{ext}/e164/minDigits`)."
            ),
        ),
        count(
            "E164_MAX_DIGITS",
            r.e164_max_digits,
            format!("Most digits of an E.164 number after the `+` (`{ext}/e164/maxDigits`)."),
        ),
        count(
            "SENDER_ID_MAX_LENGTH",
            r.sender_id_max_length,
            format!("Most characters of an alphanumeric sender id (`{ext}/senderId/maxLength`)."),
        ),
        text(
            "SENDER_ID_SYMBOLS",
            &r.sender_id_symbols,
            format!(
                "Characters besides ASCII letters and digits a sender id may hold (`{ext}/senderId/symbols`)."
            ),
        ),
        flag(
            "SENDER_ID_REQUIRES_LETTER",
            r.sender_id_requires_letter,
            format!("A sender id holds at least one letter (`{ext}/senderId/requiresLetter`)."),
        ),
        count(
            "TO_MIN_ITEMS",
            r.to_min_items,
            format!("Fewest recipients (`{p}/to/minItems`)."),
        ),
        count(
            "TO_MAX_ITEMS",
            r.to_max_items,
            format!("Most recipients (`{p}/to/maxItems`)."),
        ),
        flag(
            "TO_UNIQUE",
            r.to_unique,
            format!("No recipient twice (`{p}/to/uniqueItems`)."),
        ),
        count(
            "TEXT_MAX_LENGTH",
            r.text_max_length,
            format!("Most characters of `text` (`{p}/text` `maxLength`)."),
        ),
        count(
            "MEDIA_MAX_ITEMS",
            r.media_max_items,
            format!("Most media URLs (`{p}/media` `maxItems`)."),
        ),
        flag(
            "MEDIA_UNIQUE",
            r.media_unique,
            format!("No media URL twice (`{p}/media` `uniqueItems`)."),
        ),
        count(
            "MEDIA_URL_MAX_LENGTH",
            r.media_url_max_length,
            format!("Most characters of one media URL (`{p}/media` `items/maxLength`)."),
        ),
        texts(
            "MEDIA_SCHEMES",
            &r.media_schemes,
            format!("Schemes a media URL may use (`{ext}/mediaSchemes`)."),
        ),
        count(
            "TAG_MAX_LENGTH",
            r.tag_max_length,
            format!("Most characters of `tag` (`{p}/tag` `maxLength`)."),
        ),
        texts(
            "PRIORITY_VALUES",
            &r.priority_values,
            format!("The values of `priority` (`{p}/priority` `enum`)."),
        ),
        flag(
            "EXPIRATION_IN_FUTURE",
            r.expiration_in_future,
            format!("`expiration` must lie in the future (`{ext}/expiration`)."),
        ),
        texts(
            "CONTENT_ANY_OF",
            &r.content_any_of,
            format!("At least one of these fields must be non-empty (`{ext}/content`)."),
        ),
        count(
            "GROUP_MIN_RECIPIENTS",
            r.group_min_recipients,
            format!(
                "Recipients from which a message is a group message (`{ext}/group/minRecipients`)."
            ),
        ),
        flag(
            "GROUP_IS_MMS",
            r.group_is_mms,
            format!("A group message is an MMS, counted as one segment (`{ext}/group/kind`)."),
        ),
    ];
    if let Some(limit) = r.list_limit_default {
        let v = Literal::u64_unsuffixed(limit);
        out.push((
            "LIST_LIMIT_DEFAULT",
            quote!(u64),
            quote!(#v),
            "listMessages' `limit` when the query leaves it out (its parameter's `default`)."
                .to_owned(),
        ));
    }
    out
}

/// The tokens of `rules.rs`; empty when the spec declares no rule book.
pub(crate) fn file(e: &mut Emitter, api: &Api, spec: &str) -> TokenStream {
    let Some(r) = &api.rules else {
        return TokenStream::new();
    };
    let inner = Doc::new()
        .para(format!(
            "The createMessage rule book lowered from `{spec}` (`{}`: its schema constraints and `x-bandwidth-rules`).",
            r.source
        ))
        .para("`bandwidth_messaging::rules` evaluates these for the client and the sandbox; nothing else restates them.")
        .inner_attrs();
    let items: Vec<TokenStream> = consts(r)
        .into_iter()
        .map(|(name, ty, value, doc)| {
            let ident = e.ident(name, &r.source);
            let doc = Doc::new().para(doc).attrs();
            quote! {
                #doc
                pub const #ident: #ty = #value;
            }
        })
        .collect();
    quote! {
        #inner
        #( #items )*
    }
}
