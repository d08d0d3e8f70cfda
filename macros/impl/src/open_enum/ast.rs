//! The typed form of an `#[open_enum]` declaration.

use proc_macro2::TokenStream;
use syn::{Attribute, Fields, Ident, ItemEnum, LitStr};

use crate::attr::{lit_str, parse_args, set_once, take_attrs, unknown_key};
use crate::ctxt::Ctxt;

/// An `#[open_enum]` enum.
pub struct OpenEnum {
    /// The enum as written, with `#[value]` attributes removed from its variants.
    pub item: ItemEnum,
    /// `schema = "..."`.
    pub schema: Option<LitStr>,
    /// The variants in declaration order.
    pub variants: Vec<Variant>,
}

/// One variant.
pub struct Variant {
    /// The variant name.
    pub ident: Ident,
    /// Its fields (must be unit).
    pub fields: Fields,
    /// `= discriminant`, if written (rejected).
    pub discriminant: Option<syn::Expr>,
    /// Every `#[value(...)]` attribute with the string it holds (`None` when it did not parse).
    pub values: Vec<(Attribute, Option<LitStr>)>,
}

impl Variant {
    /// The wire value (the first `#[value]`; `valid` reports when there is not exactly one).
    pub fn value(&self) -> Option<&LitStr> {
        self.values.first().and_then(|(_, v)| v.as_ref())
    }
}

impl OpenEnum {
    /// Reads the macro arguments and the enum, recording malformed input in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemEnum) -> OpenEnum {
        let mut schema = None;
        parse_args(cx, attr, |meta| {
            if meta.path.is_ident("schema") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut schema, &meta.path, "schema", lit);
            } else {
                unknown_key(cx, meta, "open_enum", &["schema"])?;
            }
            Ok(())
        });
        let mut variants = Vec::new();
        for variant in item.variants.iter_mut() {
            let (ours, kept) = take_attrs(std::mem::take(&mut variant.attrs), "value");
            variant.attrs = kept;
            let values = ours
                .into_iter()
                .map(|attr| match attr.parse_args::<LitStr>() {
                    Ok(lit) => (attr, Some(lit)),
                    Err(err) => {
                        cx.syn_error(syn::Error::new(
                            err.span(),
                            "expected `#[value(\"<wire value>\")]` with one string literal",
                        ));
                        (attr, None)
                    }
                })
                .collect();
            variants.push(Variant {
                ident: variant.ident.clone(),
                fields: variant.fields.clone(),
                discriminant: variant.discriminant.as_ref().map(|(_, e)| e.clone()),
                values,
            });
        }
        OpenEnum {
            item,
            schema,
            variants,
        }
    }
}
