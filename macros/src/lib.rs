//! Proc-macro entry points (placeholders until the macros land).
use proc_macro::TokenStream;
macro_rules! passthrough { ($($n:ident),*) => { $(
    #[doc = concat!("`", stringify!($n), "` (placeholder).")]
    #[proc_macro_attribute]
    pub fn $n(_attr: TokenStream, item: TokenStream) -> TokenStream { item }
)* } }
passthrough!(model, open_enum, one_of, query_params, operation, webhook_events);
