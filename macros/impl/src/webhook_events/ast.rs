//! The typed form of a `#[webhook_events]` declaration.

use proc_macro2::TokenStream;
use syn::{Attribute, Fields, Ident, ItemEnum, LitStr, Type};

use crate::attr::{lit_str, parse_args, parse_attr, set_once, take_attrs, unknown_key};
use crate::ctxt::Ctxt;

/// A `#[webhook_events]` enum.
pub struct Events {
    /// The enum as written, with `#[event]` attributes removed.
    pub item: ItemEnum,
    /// `discriminator = "..."`: the property naming the event type.
    pub discriminator: Option<LitStr>,
    /// The variants in declaration order.
    pub variants: Vec<Event>,
}

/// One event type.
pub struct Event {
    /// The variant name.
    pub ident: Ident,
    /// Its fields (must be one unnamed field).
    pub fields: Fields,
    /// The `#[event]` attributes (exactly one is valid).
    pub attrs: Vec<Attribute>,
    /// `name = "..."`: the discriminator value.
    pub name: Option<LitStr>,
    /// `callback = "..."`: the callback (schema) this event arrives on.
    pub callback: Option<LitStr>,
}

impl Event {
    /// The payload type, when the variant has exactly one unnamed field.
    pub fn payload(&self) -> Option<&Type> {
        match &self.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| &f.ty),
            _ => None,
        }
    }
}

impl Events {
    /// Reads the macro arguments and the enum, recording malformed input in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemEnum) -> Events {
        let mut discriminator = None;
        parse_args(cx, attr, |meta| {
            if meta.path.is_ident("discriminator") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut discriminator, &meta.path, "discriminator", lit);
            } else {
                unknown_key(cx, meta, "webhook_events", &["discriminator"])?;
            }
            Ok(())
        });
        let mut variants = Vec::new();
        for variant in item.variants.iter_mut() {
            let (ours, kept) = take_attrs(std::mem::take(&mut variant.attrs), "event");
            variant.attrs = kept;
            let mut name = None;
            let mut callback = None;
            for attr in &ours {
                parse_attr(cx, attr, |meta| {
                    if meta.path.is_ident("name") {
                        let lit = lit_str(meta)?;
                        set_once(cx, &mut name, &meta.path, "name", lit);
                    } else if meta.path.is_ident("callback") {
                        let lit = lit_str(meta)?;
                        set_once(cx, &mut callback, &meta.path, "callback", lit);
                    } else {
                        unknown_key(cx, meta, "event", &["name", "callback"])?;
                    }
                    Ok(())
                });
            }
            variants.push(Event {
                ident: variant.ident.clone(),
                fields: variant.fields.clone(),
                attrs: ours,
                name,
                callback,
            });
        }
        Events {
            item,
            discriminator,
            variants,
        }
    }
}
