//! Tokens for a `#[one_of]`: the enum with `Unknown(Value)`, `from_json_slice` and the serde impls.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ast::OneOf;

/// The full expansion of a valid `one_of`.
pub fn expand(e: &OneOf) -> TokenStream {
    let item = enum_item(e);
    let ident = &e.item.ident;
    let vis = &e.item.vis;
    let variants: Vec<&syn::Ident> = e.variants.iter().map(|v| &v.ident).collect();
    let payloads: Vec<&syn::Type> = e.variants.iter().filter_map(|v| v.payload()).collect();
    let indices: Vec<usize> = (0..e.variants.len()).collect();

    let (fast, from_value) = match &e.discriminator {
        Some(disc) => {
            let tags = e.variants.iter().map(|v| {
                let tags = &v.tags;
                quote!(#(#tags)|*)
            });
            let tags2 = tags.clone();
            let fast = quote! {
                let __tag = match __p::discriminator::find(__bytes, #disc) {
                    __p::Ok(__tag) => __tag,
                    // Not one JSON object: no discriminator to read; keep it whole (or report bad JSON).
                    __p::Err(_) => return __p::serde_json::from_slice::<__p::Value>(__bytes).map(Self::Unknown),
                };
                match __tag.as_deref() {
                    #(__p::Some(#tags) => __p::serde_json::from_slice::<#payloads>(__bytes).map(Self::#variants),)*
                    _ => __p::serde_json::from_slice::<__p::Value>(__bytes).map(Self::Unknown),
                }
            };
            let from_value = quote! {
                let __which: __p::Option<usize> = match __value.get(#disc).and_then(__p::Value::as_str) {
                    #(__p::Some(#tags2) => __p::Some(#indices),)*
                    _ => __p::None,
                };
                match __which {
                    #(__p::Some(#indices) => <#payloads as __p::Deserialize>::deserialize(__value).map(Self::#variants),)*
                    _ => __p::Ok(Self::Unknown(__value)),
                }
            };
            (fast, from_value)
        }
        None => {
            let fast = quote! {
                let __value = __p::serde_json::from_slice::<__p::Value>(__bytes)?;
                Self::from_json_value(__value)
            };
            let from_value = quote! {
                #(
                    if let __p::Ok(__payload) = <#payloads as __p::Deserialize>::deserialize(&__value) {
                        return __p::Ok(Self::#variants(__payload));
                    }
                )*
                __p::Ok(Self::Unknown(__value))
            };
            (fast, from_value)
        }
    };
    let how = match &e.discriminator {
        Some(disc) => format!(
            "The `{}` property picks the variant; a value no variant lists gives `Unknown`.",
            disc.value()
        ),
        None => "The variants are tried in declaration order; the first that accepts the JSON wins, else `Unknown`."
            .to_owned(),
    };
    let slice_doc = format!(
        " Parses one JSON document. {how} This is the fast path: with a discriminator it scans the bytes for it and \
         then parses them straight into the chosen payload type, with no intermediate `Value`."
    );
    let value_doc = format!(" Converts an already parsed JSON value. {how}");

    quote! {
        #item

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;

            impl #ident {
                #[doc = #slice_doc]
                #vis fn from_json_slice(__bytes: &[u8]) -> __p::Result<Self, __p::serde_json::Error> {
                    #fast
                }

                #[doc = #value_doc]
                #vis fn from_json_value(__value: __p::Value) -> __p::Result<Self, __p::serde_json::Error> {
                    #from_value
                }
            }

            #[automatically_derived]
            impl __p::Serialize for #ident {
                fn serialize<__S: __p::Serializer>(&self, __serializer: __S) -> __p::Result<__S::Ok, __S::Error> {
                    match self {
                        #(Self::#variants(__payload) => __p::Serialize::serialize(__payload, __serializer),)*
                        Self::Unknown(__value) => __p::Serialize::serialize(__value, __serializer),
                    }
                }
            }

            #[automatically_derived]
            impl<'de> __p::Deserialize<'de> for #ident {
                fn deserialize<__D: __p::Deserializer<'de>>(__deserializer: __D) -> __p::Result<Self, __D::Error> {
                    let __value = <__p::Value as __p::Deserialize>::deserialize(__deserializer)?;
                    Self::from_json_value(__value).map_err(<__D::Error as __p::serde::de::Error>::custom)
                }
            }
        };
    }
}

/// What is emitted beside the errors of an invalid `one_of`: the enum (helper attributes stripped, `Unknown`
/// added when missing) and stand-in serde impls.
pub fn fallback(e: &OneOf) -> TokenStream {
    crate::fallback::with_serde_stand_ins(
        enum_item(e),
        &e.item.ident,
        !e.item.generics.params.is_empty(),
    )
}

fn enum_item(e: &OneOf) -> TokenStream {
    let mut item = e.item.clone();
    if !e.variants.iter().any(|v| v.ident == "Unknown") {
        item.variants.push(syn::parse_quote! {
            /// A payload no variant matches, kept as it was sent.
            Unknown(::bandwidth_messaging::types::Value)
        });
    }
    item.attrs.push(syn::parse_quote! {
        #[derive(
            ::bandwidth_messaging::__private::Debug,
            ::bandwidth_messaging::__private::Clone,
            ::bandwidth_messaging::__private::PartialEq,
        )]
    });
    item.into_token_stream()
}
