//! `webhooks.rs`: the `webhook_events` enum with one variant per event type of every callback.

use proc_macro2::TokenStream;
use quote::quote;

use super::Emitter;
use super::docs::Doc;
use crate::ir::EVENT_ENUM;
use crate::ir::{Api, Envelope, Status, WebhookEvent};

/// The tokens of `webhooks.rs`.
pub(crate) fn file(e: &mut Emitter, api: &Api, spec: &str) -> TokenStream {
    let inner = Doc::new()
        .para(format!(
            "Webhook events of `{spec}`: what the API POSTs to your callback URLs."
        ))
        .inner_attrs();
    let uses = (!api.models.is_empty()).then(|| {
        quote!(
            #[allow(unused_imports)]
            use super::models::*;
        )
    });
    let discriminator = api
        .webhooks
        .first()
        .map(|w| w.discriminator.clone())
        .unwrap_or_else(|| "type".to_owned());
    let mut doc = Doc::new().para(format!(
        "An event the API POSTs to a callback URL, told apart by its `{discriminator}` property. Types this \
         version does not know are kept as `Unknown`."
    ));
    doc.break_paragraph();
    doc = doc.line("Callbacks:");
    for w in &api.webhooks {
        let envelope = match w.envelope {
            Envelope::Array => "a JSON array of events",
            Envelope::Single => "one event",
        };
        let url = if w.expression.is_empty() {
            String::new()
        } else {
            format!(" to `{}`", w.expression)
        };
        let ops = if w.operations.is_empty() {
            String::new()
        } else {
            format!(
                "; declared by {}",
                w.operations
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let answers: Vec<String> = w
            .responses
            .iter()
            .map(|s| match s {
                Status::Code(c) => format!("`{c}`"),
                Status::Default => "`default`".to_owned(),
            })
            .collect();
        let answers = if answers.is_empty() {
            String::new()
        } else {
            format!("; documented answers {}", answers.join(", "))
        };
        doc = doc.line(format!(
            "- `{}`: `{}`{url} with {envelope}{ops}{answers} (`{}`).",
            w.name, w.method, w.source
        ));
    }
    let doc = doc.attrs();
    let name = syn::Ident::new(EVENT_ENUM, proc_macro2::Span::call_site());
    let mut seen: Vec<&WebhookEvent> = Vec::new();
    let mut variants = Vec::new();
    for w in &api.webhooks {
        for ev in &w.events {
            if seen.iter().any(|s| s.name == ev.name) {
                continue;
            }
            seen.push(ev);
            let ident = e.ident(&ev.variant, &w.source);
            let payload = e.ident(&ev.payload, &w.source);
            let event = ev.name.as_str();
            let callback = w.name.as_str();
            let vdoc = match &ev.doc {
                Some(d) => Doc::new().text(Some(&format!("`{event}`: {d}"))),
                None => Doc::new().para(format!("`{event}`.")),
            }
            .attrs();
            variants.push(quote! {
                #vdoc
                #[event(name = #event, callback = #callback)]
                #ident(#payload),
            });
        }
    }
    let disc = discriminator.as_str();
    quote! {
        #inner
        #![allow(clippy::large_enum_variant)]
        #uses
        #doc
        #[::bandwidth_messaging::decl::webhook_events(discriminator = #disc)]
        pub enum #name {
            #( #variants )*
        }
    }
}
