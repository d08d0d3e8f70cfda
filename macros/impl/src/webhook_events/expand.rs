//! Tokens for a `#[webhook_events]`: the enum with `Unknown { type, raw }`, its methods and serde impls.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ast::Events;

/// The full expansion of a valid events enum.
pub fn expand(e: &Events) -> TokenStream {
    let item = enum_item(e);
    let ident = &e.item.ident;
    let vis = &e.item.vis;
    let disc = e
        .discriminator
        .as_ref()
        .map(|d| d.value())
        .unwrap_or_default();
    let variants: Vec<&syn::Ident> = e.variants.iter().map(|v| &v.ident).collect();
    let payloads: Vec<&syn::Type> = e.variants.iter().filter_map(|v| v.payload()).collect();
    let names: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.name.as_ref().map(|n| n.value()).unwrap_or_default())
        .collect();
    let indices: Vec<usize> = (0..e.variants.len()).collect();
    let slice_doc = format!(
        " Parses one event from JSON bytes (the fast path): scans the top-level `{disc}` property, then parses the \
         bytes straight into that event's payload type. An unlisted or missing `{disc}` gives `Unknown` with the \
         raw object; bytes that are not one JSON object are an error."
    );
    let value_doc = format!(
        " Converts an already parsed JSON value into an event, by its `{disc}` property (see `from_json_slice`)."
    );
    quote! {
        #item

        impl #ident {
            /// Every event type this enum lists, in declaration order.
            #vis const KNOWN_TYPES: &'static [&'static str] = &[#(#names),*];

            /// The event type (the discriminator's value; empty for an `Unknown` event without one).
            #vis fn event_type(&self) -> &str {
                match self {
                    #(Self::#variants(_) => #names,)*
                    Self::Unknown { r#type, .. } => r#type.as_str(),
                }
            }
        }

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;

            fn __which(__tag: __p::Option<&str>) -> __p::Option<usize> {
                match __tag {
                    #(__p::Some(#names) => __p::Some(#indices),)*
                    _ => __p::None,
                }
            }

            impl #ident {
                #[doc = #slice_doc]
                #vis fn from_json_slice(__bytes: &[u8]) -> __p::Result<Self, __p::serde_json::Error> {
                    let __tag = __p::discriminator::find(__bytes, #disc)?;
                    match __which(__tag.as_deref()) {
                        #(__p::Some(#indices) => __p::serde_json::from_slice::<#payloads>(__bytes).map(Self::#variants),)*
                        _ => {
                            let __raw = __p::serde_json::from_slice::<__p::Value>(__bytes)?;
                            let __type = match __tag {
                                __p::Some(__tag) => __p::String::from(__tag),
                                __p::None => __p::String::new(),
                            };
                            __p::Ok(Self::Unknown { r#type: __type, raw: __raw })
                        }
                    }
                }

                #[doc = #value_doc]
                #vis fn from_json_value(__value: __p::Value) -> __p::Result<Self, __p::serde_json::Error> {
                    if !__value.is_object() {
                        return __p::Err(<__p::serde_json::Error as __p::serde::de::Error>::custom(
                            "a webhook event is a JSON object",
                        ));
                    }
                    let __tag = __value.get(#disc).and_then(__p::Value::as_str);
                    match __which(__tag) {
                        #(__p::Some(#indices) => <#payloads as __p::Deserialize>::deserialize(__value).map(Self::#variants),)*
                        _ => {
                            let __type = __p::String::from(__tag.unwrap_or_default());
                            __p::Ok(Self::Unknown { r#type: __type, raw: __value })
                        }
                    }
                }
            }

            #[automatically_derived]
            impl __p::Serialize for #ident {
                fn serialize<__S: __p::Serializer>(&self, __serializer: __S) -> __p::Result<__S::Ok, __S::Error> {
                    match self {
                        #(Self::#variants(__payload) => __p::Serialize::serialize(__payload, __serializer),)*
                        Self::Unknown { raw, .. } => __p::Serialize::serialize(raw, __serializer),
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

/// What is emitted beside the errors of an invalid events enum: the enum (helper attributes stripped, `Unknown`
/// added when missing) and stand-in serde impls.
pub fn fallback(e: &Events) -> TokenStream {
    crate::fallback::with_serde_stand_ins(
        enum_item(e),
        &e.item.ident,
        !e.item.generics.params.is_empty(),
    )
}

fn enum_item(e: &Events) -> TokenStream {
    let mut item = e.item.clone();
    for (variant, parsed) in item.variants.iter_mut().zip(&e.variants) {
        let line = match (&parsed.name, &parsed.callback) {
            (Some(name), Some(cb)) => format!(
                " Event type `{}`, delivered on the `{}` callback.",
                name.value(),
                cb.value()
            ),
            (Some(name), None) => format!(" Event type `{}`.", name.value()),
            _ => continue,
        };
        let has_doc = variant.attrs.iter().any(|a| a.path().is_ident("doc"));
        if has_doc {
            variant.attrs.push(syn::parse_quote!(#[doc = ""]));
        }
        variant.attrs.push(syn::parse_quote!(#[doc = #line]));
    }
    if !e.variants.iter().any(|v| v.ident == "Unknown") {
        item.variants.push(syn::parse_quote! {
            /// An event type this enum does not list (or an event without a type), kept as it was sent.
            Unknown {
                /// The discriminator's value, empty when the event had none.
                r#type: ::bandwidth_messaging::__private::String,
                /// The whole event object.
                raw: ::bandwidth_messaging::types::Value,
            }
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
