//! `behaviour.rs`: plain constants from the `x-bandwidth-*` extensions, with the exact module and constant
//! names of `docs/declarations.md` section 8.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Emitter;
use super::docs::Doc;
use crate::ir::{Api, Envelope};
use crate::pointer::Pointer;

/// One `pub const`.
struct Const {
    name: &'static str,
    ty: TokenStream,
    value: TokenStream,
    doc: String,
}

fn usize_c(name: &'static str, v: u64, doc: &str) -> Const {
    let v = Literal::u64_unsuffixed(v);
    Const {
        name,
        ty: quote!(usize),
        value: quote!(#v),
        doc: doc.to_owned(),
    }
}

fn u64_c(name: &'static str, v: u64, doc: &str) -> Const {
    let v = Literal::u64_unsuffixed(v);
    Const {
        name,
        ty: quote!(u64),
        value: quote!(#v),
        doc: doc.to_owned(),
    }
}

fn bool_c(name: &'static str, v: bool, doc: &str) -> Const {
    Const {
        name,
        ty: quote!(bool),
        value: quote!(#v),
        doc: doc.to_owned(),
    }
}

fn strs_c(name: &'static str, v: &[String], doc: &str) -> Const {
    Const {
        name,
        ty: quote!(&[&str]),
        value: quote!(&[ #( #v ),* ]),
        doc: doc.to_owned(),
    }
}

fn module(
    e: &mut Emitter,
    name: &str,
    doc: String,
    consts: Vec<Const>,
    at: &Pointer,
) -> TokenStream {
    let ident = e.ident(name, at);
    let doc = Doc::new().para(doc).attrs();
    let items: Vec<TokenStream> = consts
        .into_iter()
        .map(|c| {
            let cname = e.ident(c.name, at);
            let cdoc = Doc::new().para(c.doc).attrs();
            let (ty, value) = (c.ty, c.value);
            quote! {
                #cdoc
                pub const #cname: #ty = #value;
            }
        })
        .collect();
    quote! {
        #doc
        pub mod #ident {
            #( #items )*
        }
    }
}

/// The tokens of `behaviour.rs`.
pub(crate) fn file(e: &mut Emitter, api: &Api, spec: &str) -> TokenStream {
    let b = &api.behaviour;
    let inner = Doc::new()
        .para(format!(
            "Documented behaviour from the `x-bandwidth-*` extensions of `{spec}`."
        ))
        .para("The runtime and the sandbox read these constants, never literals.")
        .inner_attrs();
    let mut modules = Vec::new();
    if let Some(s) = &b.segmentation {
        let at = &s.source;
        let unit = s
            .character_unit
            .as_deref()
            .map(|u| format!(" (counted in `{u}`)"))
            .unwrap_or_default();
        modules.push(module(
            e,
            "segmentation",
            format!("SMS segmentation limits (`{at}`)."),
            vec![
                usize_c("GSM7_SINGLE_SEGMENT_UNITS", s.gsm7.single, &format!("GSM-7 septets in a message that fits one segment (`{at}/gsm7/singleSegmentUnits`).")),
                usize_c("GSM7_CONCATENATED_SEGMENT_UNITS", s.gsm7.concatenated, &format!("GSM-7 septets per segment once a message is split (`{at}/gsm7/concatenatedSegmentUnits`).")),
                usize_c("UCS2_SINGLE_SEGMENT_UNITS", s.ucs2.single, &format!("UTF-16 units in a UCS-2 message that fits one segment (`{at}/ucs2/singleSegmentUnits`).")),
                usize_c("UCS2_CONCATENATED_SEGMENT_UNITS", s.ucs2.concatenated, &format!("UTF-16 units per segment once a UCS-2 message is split (`{at}/ucs2/concatenatedSegmentUnits`).")),
                usize_c("UDH_BYTES", s.udh_bytes, &format!("Bytes of user data header in each concatenated segment (`{at}/udhBytes`).")),
                usize_c("MMS_SEGMENTS", s.mms_segments, &format!("Segments of an MMS (`{at}/mmsSegments`).")),
                usize_c("MAX_TEXT_CHARACTERS", s.max_text_characters, &format!("Maximum text length{unit} (`{at}/maxTextCharacters`).")),
            ],
            at,
        ));
    }
    if let Some(w) = &b.webhook_delivery {
        let at = &w.source;
        let schedule: Vec<Literal> = w
            .retry_schedule_seconds
            .iter()
            .map(|n| Literal::u64_unsuffixed(*n))
            .collect();
        let content_type = w.content_type.as_str();
        let retry_on = if w.retry_on.is_empty() {
            String::new()
        } else {
            format!(" Retried on: {}.", w.retry_on.join(", "))
        };
        modules.push(module(
            e,
            "webhook_delivery",
            format!("Webhook delivery contract (`{at}`).{retry_on}"),
            vec![
                bool_c("ENVELOPE_IS_ARRAY", w.envelope == Envelope::Array, &format!("The body is a JSON array of events (`{at}/envelope`).")),
                Const { name: "CONTENT_TYPE", ty: quote!(&str), value: quote!(#content_type), doc: format!("Content type of webhook bodies (`{at}/contentType`).") },
                u64_c("TIMEOUT_SECONDS", w.timeout_seconds, &format!("Seconds Bandwidth waits for an answer (`{at}/timeoutSeconds`).")),
                u64_c("RETRY_WINDOW_SECONDS", w.retry_window_seconds, &format!("Seconds during which failed deliveries are retried (`{at}/retryWindowSeconds`).")),
                bool_c("RETRY_ON_REDIRECT", w.retry_on_redirect, &format!("A 3xx answer counts as not delivered and is retried (`{at}/redirects`).")),
                Const {
                    name: "RETRY_SCHEDULE_SECONDS",
                    ty: quote!(&[u64]),
                    value: quote!(&[ #( #schedule ),* ]),
                    doc: format!("Default retry ladder in seconds after the first failure (`{at}/retryScheduleSeconds`)."),
                },
                bool_c("BASIC_CHALLENGE", w.basic_challenge, &format!("HTTP Basic challenge flow: first without credentials, again after a 401 with `WWW-Authenticate` (`{at}/authentication/challenge`).")),
                bool_c("AT_LEAST_ONCE", w.at_least_once, &format!("Delivery is at least once: receivers deduplicate (`{at}/atLeastOnce`).")),
            ],
            at,
        ));
    }
    if let Some(s) = &b.storage {
        let at = &s.source;
        let days = Literal::u64_unsuffixed(s.search_window_days);
        modules.push(module(
            e,
            "storage",
            format!("Storage of messages (`{at}`)."),
            vec![
                bool_c("STORES_TEXT", s.stores_text, &format!("Message text is stored (`{at}/storesText`).")),
                bool_c("LISTED_AFTER_WEBHOOK_ACKNOWLEDGED", s.listed_after_webhook_acknowledged, &format!("A message is listed only after its webhook was acknowledged (`{at}/listedAfterWebhookAcknowledged`).")),
                Const { name: "SEARCH_WINDOW_DAYS", ty: quote!(u32), value: quote!(#days), doc: format!("Search window of the list endpoint in days (`{at}/searchWindowDays`).") },
            ],
            at,
        ));
    }
    if let Some(d) = &b.delivery_receipts {
        let at = &d.source;
        modules.push(module(
            e,
            "delivery_receipts",
            format!("Delivery receipts (`{at}`)."),
            vec![bool_c(
                "MMS_AND_GROUP_OPT_IN",
                d.mms_and_group_opt_in,
                &format!("MMS and group delivery receipts are opt-in (`{at}/mmsAndGroupOptIn`)."),
            )],
            at,
        ));
    }
    if let Some(l) = &b.limits {
        let at = &l.source;
        modules.push(module(
            e,
            "limits",
            format!("Limits (`{at}`)."),
            vec![
                usize_c("MAX_RECIPIENTS", l.max_recipients, &format!("Recipients of one outbound message (`{at}/maxRecipients`).")),
                usize_c("MAX_MEDIA_URL_LENGTH", l.max_media_url_length, &format!("Characters in one media URL (`{at}/maxMediaUrlLength`).")),
                usize_c("MAX_TAG_LENGTH", l.max_tag_length, &format!("Characters in a tag (`{at}/maxTagLength`).")),
                u64_c("MAX_MEDIA_BYTES", l.max_media_bytes, &format!("Bytes of one uploaded media file (`{at}/maxMediaBytes`).")),
                u64_c("MEDIA_RETENTION_HOURS", l.media_retention_hours, &format!("Hours uploaded media is kept (`{at}/mediaRetentionHours`).")),
                usize_c("LIST_MEDIA_PAGE_SIZE", l.list_media_page_size, &format!("Items per listMedia page (`{at}/listMediaPageSize`).")),
                usize_c("ALPHANUMERIC_SENDER_MAX_LENGTH", l.alphanumeric_sender_max_length, &format!("Characters of an alphanumeric sender id (`{at}/alphanumericSenderMaxLength`).")),
            ],
            at,
        ));
    }
    if !b.acceptance.is_empty() {
        let ops: Vec<TokenStream> = b
            .acceptance
            .iter()
            .map(|a| {
                let at = &a.source;
                let status = Literal::u16_unsuffixed(a.status);
                let consts = vec![
                    Const { name: "STATUS", ty: quote!(u16), value: quote!(#status), doc: format!("The acceptance status (`{at}/status`).") },
                    bool_c("QUEUED", a.queued, &format!("The work is queued, not done, when the status comes back (`{at}/queued`).")),
                    strs_c("EVENTS", &a.events, &format!("Status events the acceptance leads to (`{at}/events`).")),
                    strs_c("TERMINAL_EVENTS", &a.terminal, &format!("Terminal events: exactly one of them ends the work (`{at}/terminal`).")),
                ];
                let name = a.operation.to_snake_case();
                module(e, &name, format!("`{}`.", a.operation), consts, at)
            })
            .collect();
        let doc = Doc::new().para("Acceptance of operations answered before the work is done (`x-bandwidth-acceptance`), one module per operation.").attrs();
        modules.push(quote! {
            #doc
            pub mod acceptance {
                #( #ops )*
            }
        });
    }
    quote! {
        #inner
        #( #modules )*
    }
}
