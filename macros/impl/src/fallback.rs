//! What every macro emits beside its errors, so that one mistake gives one error and not a cascade at every use
//! of the type: stand-in serde impls (never executed: the crate does not compile while the error stands).

use proc_macro2::TokenStream;
use quote::quote;

/// The item (helper attributes already stripped) followed by stand-in `Serialize` / `Deserialize` impls.
/// Generic items get no impls (their bounds are unknown); the item alone is returned.
pub fn with_serde_stand_ins(item: TokenStream, ident: &syn::Ident, generic: bool) -> TokenStream {
    if generic {
        return item;
    }
    quote! {
        #item
        const _: () = {
            use ::bandwidth_messaging::__private as __p;
            impl __p::Serialize for #ident {
                fn serialize<__S: __p::Serializer>(&self, _: __S) -> __p::Result<__S::Ok, __S::Error> {
                    ::core::unimplemented!()
                }
            }
            impl<'de> __p::Deserialize<'de> for #ident {
                fn deserialize<__D: __p::Deserializer<'de>>(_: __D) -> __p::Result<Self, __D::Error> {
                    ::core::unimplemented!()
                }
            }
        };
    }
}
