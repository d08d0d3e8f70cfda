//! The typed form of a `#[query_params]` declaration.

use proc_macro2::TokenStream;
use syn::{Attribute, Fields, Ident, ItemStruct, LitStr, Type};

use crate::attr::{lit_str, parse_args, parse_attr, set_once, take_attrs, unknown_key};
use crate::ctxt::Ctxt;

/// A `#[query_params]` struct.
pub struct QueryStruct {
    /// The struct as written, with `#[query]` attributes removed.
    pub item: ItemStruct,
    /// `operation = "..."`: the operationId these parameters belong to.
    pub operation: Option<LitStr>,
    /// The named fields.
    pub fields: Vec<Param>,
}

/// One query parameter.
pub struct Param {
    /// The Rust name.
    pub ident: Ident,
    /// The declared type (`Option<T>` or `Option<Vec<T>>`).
    pub ty: Type,
    /// The `#[query]` attributes on the field.
    pub attrs: Vec<Attribute>,
    /// `name = "..."`: the parameter name on the wire.
    pub name: Option<LitStr>,
}

impl QueryStruct {
    /// Reads the macro arguments and the struct, recording malformed input in `cx`.
    pub fn parse(cx: &Ctxt, attr: TokenStream, mut item: ItemStruct) -> QueryStruct {
        let mut operation = None;
        parse_args(cx, attr, |meta| {
            if meta.path.is_ident("operation") {
                let lit = lit_str(meta)?;
                set_once(cx, &mut operation, &meta.path, "operation", lit);
            } else {
                unknown_key(cx, meta, "query_params", &["operation"])?;
            }
            Ok(())
        });
        let mut fields = Vec::new();
        if let Fields::Named(named) = &mut item.fields {
            for field in named.named.iter_mut() {
                let (ours, kept) = take_attrs(std::mem::take(&mut field.attrs), "query");
                field.attrs = kept;
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                let mut name = None;
                for attr in &ours {
                    parse_attr(cx, attr, |meta| {
                        if meta.path.is_ident("name") {
                            let lit = lit_str(meta)?;
                            set_once(cx, &mut name, &meta.path, "name", lit);
                        } else {
                            unknown_key(cx, meta, "query", &["name"])?;
                        }
                        Ok(())
                    });
                }
                fields.push(Param {
                    ident,
                    ty: field.ty.clone(),
                    attrs: ours,
                    name,
                });
            }
        }
        QueryStruct {
            item,
            operation,
            fields,
        }
    }
}
