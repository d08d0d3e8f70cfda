//! The typed form of a `#[one_of]` declaration.

use proc_macro2::TokenStream;
use syn::{Attribute, Fields, Ident, ItemEnum, LitStr, Type};

use crate::attr::{lit_str, parse_args, parse_attr, set_once, take_attrs, unknown_key};
use crate::ctxt::Ctxt;

/// A `#[one_of]` enum.
pub struct OneOf {
    /// The enum as written, with `#[variant]` attributes removed.
    pub item: ItemEnum,
    /// `schema = "..."`.
    pub schema: Option<LitStr>,
    /// `discriminator = "..."`: the property whose value picks the variant.
    pub discriminator: Option<LitStr>,
    /// The variants in declaration order.
    pub variants: Vec<Variant>,
}

/// One alternative.
pub struct Variant {
    /// The variant name.
    pub ident: Ident,
    /// Its fields (must be one unnamed field).
    pub fields: Fields,
    /// The `#[variant]` attributes (more than one is an error).
    pub attrs: Vec<Attribute>,
    /// Every `tag = "..."` across its `#[variant]` attributes.
    pub tags: Vec<LitStr>,
}

impl Variant {
    /// The payload type, when the variant has exactly one unnamed field.
    pub fn payload(&self) -> Option<&Type> {
        match &self.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| &f.ty),
            _ => None,
        }
    }
}

impl OneOf {
    /// Reads the macro arguments and the enum, recording malformed input in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemEnum) -> OneOf {
        let mut schema = None;
        let mut discriminator = None;
        parse_args(cx, attr, |meta| {
            if meta.path.is_ident("schema") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut schema, &meta.path, "schema", lit);
            } else if meta.path.is_ident("discriminator") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut discriminator, &meta.path, "discriminator", lit);
            } else {
                unknown_key(cx, meta, "one_of", &["schema", "discriminator"])?;
            }
            Ok(())
        });
        let mut variants = Vec::new();
        for variant in item.variants.iter_mut() {
            let (ours, kept) = take_attrs(std::mem::take(&mut variant.attrs), "variant");
            variant.attrs = kept;
            let mut tags = Vec::new();
            for attr in &ours {
                parse_attr(cx, attr, |meta| {
                    if meta.path.is_ident("tag") {
                        tags.push(lit_str(meta)?);
                    } else {
                        unknown_key(cx, meta, "variant", &["tag"])?;
                    }
                    Ok(())
                });
            }
            variants.push(Variant {
                ident: variant.ident.clone(),
                fields: variant.fields.clone(),
                attrs: ours,
                tags,
            });
        }
        OneOf {
            item,
            schema,
            discriminator,
            variants,
        }
    }
}
