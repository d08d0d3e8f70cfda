//! Tokens for an `#[open_enum]`: the enum with `Unknown(String)`, its methods and trait impls.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ast::OpenEnum;

/// The full expansion of a valid open enum.
pub fn expand(e: &OpenEnum) -> TokenStream {
    let item = enum_item(e);
    let ident = &e.item.ident;
    let vis = &e.item.vis;
    let variants: Vec<&syn::Ident> = e.variants.iter().map(|v| &v.ident).collect();
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.value().map(|l| l.value()).unwrap_or_default())
        .collect();
    let expecting = match &e.schema {
        Some(schema) => format!("a string ({ident}, schema `{}`)", schema.value()),
        None => format!("a string ({ident})"),
    };
    quote! {
        #item

        impl #ident {
            /// Every value this declaration lists, in declaration order (never `Unknown`).
            #vis const KNOWN: &'static [Self] = &[#(Self::#variants),*];

            /// The wire value, exactly as the API spells it.
            #vis fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(__value) => __value.as_str(),
                }
            }

            /// `false` for `Unknown`, a value this declaration does not list.
            #vis fn is_known(&self) -> bool {
                !::core::matches!(self, Self::Unknown(_))
            }
        }

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;

            #[automatically_derived]
            impl __p::fmt::Display for #ident {
                fn fmt(&self, __f: &mut __p::fmt::Formatter<'_>) -> __p::fmt::Result {
                    __f.write_str(self.as_str())
                }
            }

            #[automatically_derived]
            impl __p::From<&str> for #ident {
                fn from(__value: &str) -> Self {
                    match __value {
                        #(#values => Self::#variants,)*
                        _ => Self::Unknown(__p::String::from(__value)),
                    }
                }
            }

            #[automatically_derived]
            impl __p::From<__p::String> for #ident {
                fn from(__value: __p::String) -> Self {
                    match __value.as_str() {
                        #(#values => Self::#variants,)*
                        _ => Self::Unknown(__value),
                    }
                }
            }

            #[automatically_derived]
            impl __p::FromStr for #ident {
                type Err = __p::Infallible;
                fn from_str(__value: &str) -> __p::Result<Self, __p::Infallible> {
                    __p::Ok(<Self as __p::From<&str>>::from(__value))
                }
            }

            #[automatically_derived]
            impl __p::Serialize for #ident {
                fn serialize<__S: __p::Serializer>(&self, __serializer: __S) -> __p::Result<__S::Ok, __S::Error> {
                    __p::Serializer::serialize_str(__serializer, self.as_str())
                }
            }

            #[automatically_derived]
            impl<'de> __p::Deserialize<'de> for #ident {
                fn deserialize<__D: __p::Deserializer<'de>>(__deserializer: __D) -> __p::Result<Self, __D::Error> {
                    struct __Visitor;
                    impl<'de> __p::serde::de::Visitor<'de> for __Visitor {
                        type Value = #ident;
                        fn expecting(&self, __f: &mut __p::fmt::Formatter<'_>) -> __p::fmt::Result {
                            __f.write_str(#expecting)
                        }
                        fn visit_str<__E: __p::serde::de::Error>(self, __v: &str) -> __p::Result<#ident, __E> {
                            __p::Ok(<#ident as __p::From<&str>>::from(__v))
                        }
                        fn visit_string<__E: __p::serde::de::Error>(self, __v: __p::String) -> __p::Result<#ident, __E> {
                            __p::Ok(<#ident as __p::From<__p::String>>::from(__v))
                        }
                    }
                    __p::Deserializer::deserialize_str(__deserializer, __Visitor)
                }
            }
        };
    }
}

/// What is emitted beside the errors of an invalid open enum: the enum (helper attributes stripped, `Unknown`
/// added when the user did not write one) and stand-in serde impls.
pub fn fallback(e: &OpenEnum) -> TokenStream {
    crate::fallback::with_serde_stand_ins(
        enum_item(e),
        &e.item.ident,
        !e.item.generics.params.is_empty(),
    )
}

fn enum_item(e: &OpenEnum) -> TokenStream {
    let mut item = e.item.clone();
    for variant in item.variants.iter_mut() {
        variant.discriminant = None;
    }
    if !e.variants.iter().any(|v| v.ident == "Unknown") {
        item.variants.push(syn::parse_quote! {
            /// A value this declaration does not list, kept exactly as it was sent.
            Unknown(::bandwidth_messaging::__private::String)
        });
    }
    item.attrs.push(syn::parse_quote! {
        #[derive(
            ::bandwidth_messaging::__private::Debug,
            ::bandwidth_messaging::__private::Clone,
            ::bandwidth_messaging::__private::PartialEq,
            ::bandwidth_messaging::__private::Eq,
            ::bandwidth_messaging::__private::Hash,
        )]
    });
    item.into_token_stream()
}
