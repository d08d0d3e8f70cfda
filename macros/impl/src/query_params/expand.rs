//! Tokens for a `#[query_params]`: the struct and its `QueryParams` impl.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::ast::QueryStruct;
use crate::ty::{option_inner, vec_inner};

/// The full expansion of a valid query struct.
pub fn expand(q: &QueryStruct) -> TokenStream {
    let item = struct_item(q);
    let ident = &q.item.ident;
    let pushes = q.fields.iter().map(|p| {
        let field = &p.ident;
        let name = p.name.as_ref().map(|n| n.value()).unwrap_or_default();
        let is_list = option_inner(&p.ty).and_then(vec_inner).is_some();
        if is_list {
            quote! {
                if let __p::Some(__values) = &self.#field {
                    if !__values.is_empty() {
                        let __joined: __p::Vec<__p::String> = __values.iter().map(__p::ToString::to_string).collect();
                        __out.push((#name, __joined.join(",")));
                    }
                }
            }
        } else {
            quote! {
                if let __p::Some(__value) = &self.#field {
                    __out.push((#name, __p::ToString::to_string(__value)));
                }
            }
        }
    });
    quote! {
        #item

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;

            #[automatically_derived]
            impl __p::QueryParams for #ident {
                fn append_pairs(&self, __out: &mut __p::Vec<(&'static str, __p::String)>) {
                    #(#pushes)*
                }
            }
        };
    }
}

/// What is emitted beside the errors of an invalid query struct: the struct and a stand-in `QueryParams` impl.
pub fn fallback(q: &QueryStruct) -> TokenStream {
    let item = struct_item(q);
    if !q.item.generics.params.is_empty() {
        return item;
    }
    let ident = &q.item.ident;
    quote! {
        #item
        impl ::bandwidth_messaging::__private::QueryParams for #ident {
            fn append_pairs(&self, _: &mut ::bandwidth_messaging::__private::Vec<(&'static str, ::bandwidth_messaging::__private::String)>) {
                ::core::unimplemented!()
            }
        }
    }
}

fn struct_item(q: &QueryStruct) -> TokenStream {
    let mut item = q.item.clone();
    item.attrs.push(syn::parse_quote! {
        #[derive(
            ::bandwidth_messaging::__private::Debug,
            ::bandwidth_messaging::__private::Clone,
            ::bandwidth_messaging::__private::Default,
            ::bandwidth_messaging::__private::PartialEq,
        )]
    });
    item.into_token_stream()
}
