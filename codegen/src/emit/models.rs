//! `models.rs`: `model` structs, `open_enum` enums, `one_of` unions and `pub type` aliases.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Emitter;
use super::docs::Doc;
use super::types::{constraint_note, field_ty, ty};
use crate::ir::{Api, Field, Model, ModelKind};

/// The tokens of `models.rs`.
pub(crate) fn file(e: &mut Emitter, api: &Api, spec: &str) -> TokenStream {
    let inner = Doc::new()
        .para(format!("Models: the schemas of `{spec}`, in spec order."))
        .para("Variants of unions hold their payloads by value, as the spec shapes them, whatever their sizes.")
        .inner_attrs();
    let items: Vec<TokenStream> = api.models.iter().map(|m| model(e, m)).collect();
    quote! {
        #inner
        #![allow(clippy::large_enum_variant)]
        #( #items )*
    }
}

fn model(e: &mut Emitter, m: &Model) -> TokenStream {
    let name = e.ident(&m.name, &m.source);
    let schema = m.source.as_str();
    let source_line = format!("Schema: `{schema}`.");
    match &m.kind {
        ModelKind::Struct {
            fields,
            default,
            discriminator,
        } => {
            let mut doc = Doc::new().text(m.doc.as_deref());
            if m.doc.is_none() {
                doc = doc.para(format!("The `{}` object.", m.name));
            }
            if let Some(d) = discriminator {
                doc = doc.para(format!(
                    "The `{d}` property tells the kinds of this object apart."
                ));
            }
            let doc = doc.para(source_line).attrs();
            let default = default.then(|| quote!(, default));
            let fields: Vec<TokenStream> = fields.iter().map(|f| field(e, f)).collect();
            quote! {
                #doc
                #[::bandwidth_messaging::decl::model(schema = #schema #default)]
                pub struct #name {
                    #( #fields )*
                }
            }
        }
        ModelKind::Enum { values } => {
            let doc = Doc::new().text(m.doc.as_deref());
            let doc = if m.doc.is_none() {
                doc.para(format!("The values of `{}`.", m.name))
            } else {
                doc
            };
            let doc = doc
                .para("Unknown values are kept as `Unknown(String)`.")
                .para(source_line)
                .attrs();
            let variants: Vec<TokenStream> = values
                .iter()
                .map(|v| {
                    let ident = e.ident(&v.variant, &m.source);
                    let value = v.value.as_str();
                    let vdoc = match &v.doc {
                        Some(d) => Doc::new().text(Some(&format!("`{value}`: {d}"))),
                        None => Doc::new().para(format!("`{value}`")),
                    }
                    .attrs();
                    quote! {
                        #vdoc
                        #[value(#value)]
                        #ident,
                    }
                })
                .collect();
            quote! {
                #doc
                #[::bandwidth_messaging::decl::open_enum(schema = #schema)]
                pub enum #name {
                    #( #variants )*
                }
            }
        }
        ModelKind::Alias { ty: t, constraints } => {
            let target = ty(e, t, &m.source);
            let mut doc = Doc::new().text(m.doc.as_deref());
            if m.doc.is_none() {
                doc = doc.para(format!("An alias of the `{}` schema.", m.name));
            }
            let doc = doc
                .para(constraint_note(constraints, false).unwrap_or_default())
                .para(source_line)
                .attrs();
            quote! {
                #doc
                pub type #name = #target;
            }
        }
        ModelKind::Union {
            any_of,
            discriminator,
            variants,
        } => {
            let keyword = if *any_of { "anyOf" } else { "oneOf" };
            let mut doc = Doc::new().text(m.doc.as_deref());
            doc = match discriminator {
                Some(d) => doc.para(format!("One of the variants (`{keyword}`), chosen by the `{d}` property; anything else is `Unknown`.")),
                None => doc.para(format!("One of the variants (`{keyword}`), tried in order; anything else is `Unknown`.")),
            };
            let doc = doc.para(source_line).attrs();
            let disc = discriminator
                .as_deref()
                .map(|d| quote!(, discriminator = #d));
            let vs: Vec<TokenStream> = variants
                .iter()
                .map(|v| {
                    let ident = e.ident(&v.name, &m.source);
                    let payload = ty(e, &v.ty, &m.source);
                    let vdoc = if v.tags.is_empty() {
                        Doc::new().para(format!("A `{}`.", v.name))
                    } else {
                        let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
                        Doc::new().para(format!("Selected by {}.", tags.join(", ")))
                    }
                    .attrs();
                    let attr = if discriminator.is_some() {
                        let tags = v.tags.iter().map(String::as_str);
                        quote!(#[variant( #( tag = #tags ),* )])
                    } else {
                        quote!(#[variant])
                    };
                    quote! {
                        #vdoc
                        #attr
                        #ident(#payload),
                    }
                })
                .collect();
            quote! {
                #doc
                #[::bandwidth_messaging::decl::one_of(schema = #schema #disc)]
                pub enum #name {
                    #( #vs )*
                }
            }
        }
    }
}

fn field(e: &mut Emitter, f: &Field) -> TokenStream {
    let name = e.ident(&f.name, &f.source);
    let json = f.json_name.as_str();
    let c = &f.constraints;
    let mut keys: Vec<TokenStream> = vec![quote!(name = #json)];
    if f.required {
        keys.push(quote!(required));
    }
    if f.nullable {
        keys.push(quote!(nullable));
    }
    let is_list = matches!(f.ty, crate::ir::TypeRef::Array(_));
    if c.unique_items && is_list {
        keys.push(quote!(unique_items));
    }
    if let Some(n) = c.max_length.filter(|_| !is_list) {
        let n = Literal::u64_unsuffixed(n);
        keys.push(quote!(max_length = #n));
    }
    if let Some(n) = c.items_max_length.filter(|_| is_list) {
        let n = Literal::u64_unsuffixed(n);
        keys.push(quote!(items_max_length = #n));
    }
    if let Some(n) = c.max_items.filter(|_| is_list) {
        let n = Literal::u64_unsuffixed(n);
        keys.push(quote!(max_items = #n));
    }
    if let Some(fmt) = &c.format {
        keys.push(quote!(format = #fmt));
    }
    let doc = Doc::new()
        .text(f.doc.as_deref())
        .para(constraint_note(c, true).unwrap_or_default())
        .attrs();
    let t = field_ty(e, &f.ty, f.required, f.nullable, &f.source);
    quote! {
        #doc
        #[field( #( #keys ),* )]
        pub #name: #t,
    }
}
