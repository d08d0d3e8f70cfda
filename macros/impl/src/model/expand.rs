//! Tokens for a `#[model]`: the struct, `new`, `Serialize` and `Deserialize`.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::{Fields, Ident};

use super::ast::{Field, Model, Presence};

/// The full expansion of a valid model.
pub fn expand(model: &Model) -> TokenStream {
    let item = struct_item(model);
    let constructor = constructor(model);
    let ser = serialize(model);
    let de = deserialize(model);
    quote! {
        #item
        #constructor
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;
            #ser
            #de
        };
    }
}

/// What is emitted beside the errors of an invalid model: the struct (helper attributes stripped) and stand-in
/// serde impls, so uses of the type elsewhere do not add errors of their own.
pub fn fallback(model: &Model) -> TokenStream {
    crate::fallback::with_serde_stand_ins(
        struct_item(model),
        &model.item.ident,
        !model.item.generics.params.is_empty(),
    )
}

fn struct_item(model: &Model) -> TokenStream {
    let mut item = model.item.clone();
    let named = matches!(item.fields, Fields::Named(_));
    let declares_additional = model
        .fields
        .iter()
        .any(|f| f.ident == "additional_properties");
    if let Fields::Named(named) = &mut item.fields
        && !declares_additional
    {
        let extra: syn::FieldsNamed = syn::parse_quote!({
            /// JSON fields this declaration does not name, kept as they came and written back on output.
            pub additional_properties: ::bandwidth_messaging::types::Map<
                ::bandwidth_messaging::__private::String,
                ::bandwidth_messaging::types::Value,
            >
        });
        named.named.extend(extra.named);
    }
    let default = model
        .default
        .then(|| quote!(::bandwidth_messaging::__private::Default,));
    if named {
        item.attrs.push(syn::parse_quote! {
            #[derive(
                ::bandwidth_messaging::__private::Debug,
                ::bandwidth_messaging::__private::Clone,
                ::bandwidth_messaging::__private::PartialEq,
                #default
            )]
        });
    }
    item.into_token_stream()
}

fn constructor(model: &Model) -> TokenStream {
    let ident = &model.item.ident;
    let vis = &model.item.vis;
    let required: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.presence(),
                Presence::Required | Presence::Nullable { required: true }
            )
        })
        .collect();
    let params = required.iter().map(|f| {
        let (name, ty) = (&f.ident, &f.ty);
        quote!(#name: #ty)
    });
    let inits = model.fields.iter().map(|f| {
        let name = &f.ident;
        match f.presence() {
            Presence::Required | Presence::Nullable { required: true } => quote!(#name),
            Presence::Optional => quote!(#name: ::bandwidth_messaging::__private::None),
            Presence::Nullable { required: false } => {
                quote!(#name: ::bandwidth_messaging::__private::Nullable::Absent)
            }
        }
    });
    let list = required
        .iter()
        .map(|f| format!("`{}`", f.json_name()))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = if required.is_empty() {
        format!(" A `{ident}` with every field absent.")
    } else {
        format!(" A `{ident}` from its required fields ({list}); every other field absent.")
    };
    quote! {
        impl #ident {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            #vis fn new(#(#params),*) -> Self {
                #ident {
                    #(#inits,)*
                    additional_properties: ::bandwidth_messaging::__private::Map::new(),
                }
            }
        }
    }
}

fn serialize(model: &Model) -> TokenStream {
    let ident = &model.item.ident;
    let always = model
        .fields
        .iter()
        .filter(|f| f.presence() == Presence::Required)
        .count();
    let count_optional = model.fields.iter().filter_map(|f| {
        let name = &f.ident;
        match f.presence() {
            Presence::Required => None,
            Presence::Optional => {
                Some(quote!(if __p::Option::is_some(&self.#name) { __len += 1; }))
            }
            Presence::Nullable { .. } => {
                Some(quote!(if !__p::Nullable::is_absent(&self.#name) { __len += 1; }))
            }
        }
    });
    let entries = model.fields.iter().map(|f| {
        let name = &f.ident;
        let json = f.json_name();
        let inner = crate::ty::option_inner(&f.ty)
            .or_else(|| crate::ty::nullable_inner(&f.ty))
            .unwrap_or(&f.ty);
        if crate::ty::last_segment_is(inner, "Timestamp") {
            // Bandwidth's spelling: exactly three fractional digits.
            return match f.presence() {
                Presence::Required => quote! {
                    __p::model::timestamp_entry(&mut __map, #json, &self.#name)?;
                },
                Presence::Optional => quote! {
                    __p::model::optional_timestamp_entry(&mut __map, #json, &self.#name)?;
                },
                Presence::Nullable { .. } => quote! {
                    __p::model::nullable_timestamp_entry(&mut __map, #json, &self.#name)?;
                },
            };
        }
        match f.presence() {
            Presence::Required => quote! {
                __p::serde::ser::SerializeMap::serialize_entry(&mut __map, #json, &self.#name)?;
            },
            Presence::Optional => quote! {
                __p::model::optional_entry(&mut __map, #json, &self.#name)?;
            },
            Presence::Nullable { .. } => quote! {
                __p::model::nullable_entry(&mut __map, #json, &self.#name)?;
            },
        }
    });
    let known = known_names(model);
    quote! {
        #[automatically_derived]
        impl __p::Serialize for #ident {
            fn serialize<__S: __p::Serializer>(&self, __serializer: __S) -> __p::Result<__S::Ok, __S::Error> {
                #known
                let mut __len: usize = #always;
                #(#count_optional)*
                for __key in self.additional_properties.keys() {
                    if !__known(__key) {
                        __len += 1;
                    }
                }
                let mut __map = __p::Serializer::serialize_map(__serializer, __p::Some(__len))?;
                #(#entries)*
                for (__key, __value) in &self.additional_properties {
                    // A declared field wins over an extra entry of the same name, so no key is written twice.
                    if !__known(__key) {
                        __p::serde::ser::SerializeMap::serialize_entry(&mut __map, __key, __value)?;
                    }
                }
                __p::serde::ser::SerializeMap::end(__map)
            }
        }
    }
}

/// `fn __known(key: &str) -> bool`: whether `key` is the JSON name of a declared field.
fn known_names(model: &Model) -> TokenStream {
    let names: Vec<String> = model.fields.iter().map(Field::json_name).collect();
    if names.is_empty() {
        quote!(
            fn __known(_: &str) -> bool {
                false
            }
        )
    } else {
        quote!(
            fn __known(__key: &str) -> bool {
                ::core::matches!(__key, #(#names)|*)
            }
        )
    }
}

fn deserialize(model: &Model) -> TokenStream {
    let ident = &model.item.ident;
    let tags: Vec<Ident> = (0..model.fields.len())
        .map(|i| format_ident!("__F{}", i))
        .collect();
    let slots: Vec<Ident> = (0..model.fields.len())
        .map(|i| format_ident!("__f{}", i))
        .collect();
    let names: Vec<String> = model.fields.iter().map(Field::json_name).collect();
    let types = model.fields.iter().map(|f| &f.ty);
    let expecting = match &model.schema {
        Some(schema) => format!("a JSON object ({ident}, schema `{}`)", schema.value()),
        None => format!("a JSON object ({ident})"),
    };
    let arms = (0..model.fields.len()).map(|i| {
        let (tag, slot, json) = (&tags[i], &slots[i], &names[i]);
        quote!(__Field::#tag => __p::model::fill(&mut #slot, &mut __map, #json)?,)
    });
    let finals = model.fields.iter().enumerate().map(|(i, f)| {
        let (slot, json, name) = (&slots[i], &names[i], &f.ident);
        match f.presence() {
            Presence::Required | Presence::Nullable { required: true } => {
                quote!(#name: __p::model::required(#slot, #json)?)
            }
            Presence::Optional => quote!(#name: #slot.unwrap_or(__p::None)),
            Presence::Nullable { required: false } => {
                quote!(#name: #slot.unwrap_or(__p::Nullable::Absent))
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl<'de> __p::Deserialize<'de> for #ident {
            fn deserialize<__D: __p::Deserializer<'de>>(__deserializer: __D) -> __p::Result<Self, __D::Error> {
                enum __Field {
                    #(#tags,)*
                    __Other(__p::String),
                }
                struct __FieldVisitor;
                impl<'de> __p::serde::de::Visitor<'de> for __FieldVisitor {
                    type Value = __Field;
                    fn expecting(&self, __f: &mut __p::fmt::Formatter<'_>) -> __p::fmt::Result {
                        __f.write_str("a field name")
                    }
                    fn visit_str<__E: __p::serde::de::Error>(self, __v: &str) -> __p::Result<__Field, __E> {
                        __p::Ok(match __v {
                            #(#names => __Field::#tags,)*
                            _ => __Field::__Other(__p::String::from(__v)),
                        })
                    }
                }
                impl<'de> __p::Deserialize<'de> for __Field {
                    fn deserialize<__D2: __p::Deserializer<'de>>(__d: __D2) -> __p::Result<Self, __D2::Error> {
                        __p::Deserializer::deserialize_identifier(__d, __FieldVisitor)
                    }
                }

                struct __Visitor;
                impl<'de> __p::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, __f: &mut __p::fmt::Formatter<'_>) -> __p::fmt::Result {
                        __f.write_str(#expecting)
                    }
                    fn visit_map<__A: __p::serde::de::MapAccess<'de>>(self, mut __map: __A) -> __p::Result<#ident, __A::Error> {
                        #(let mut #slots: __p::Option<#types> = __p::None;)*
                        let mut __additional = __p::Map::new();
                        while let __p::Some(__key) = __p::serde::de::MapAccess::next_key::<__Field>(&mut __map)? {
                            match __key {
                                #(#arms)*
                                __Field::__Other(__name) => {
                                    let __value = __p::serde::de::MapAccess::next_value::<__p::Value>(&mut __map)?;
                                    __additional.insert(__name, __value);
                                }
                            }
                        }
                        __p::Ok(#ident {
                            #(#finals,)*
                            additional_properties: __additional,
                        })
                    }
                }
                __p::Deserializer::deserialize_map(__deserializer, __Visitor)
            }
        }
    }
}
