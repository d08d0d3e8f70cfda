//! [`Ctxt`]: collects every error found while parsing and validating one macro input.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// A place to put `syn::Error`s so that a macro reports all of them at once instead of the first.
///
/// A `Ctxt` must be finished with [`Ctxt::check`]: dropping it unchecked is a bug in this crate and panics (at
/// compile time of the user's crate, never at run time of generated code), the same guard serde_derive uses.
pub struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error spanning the tokens of `obj`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&self, obj: T, msg: M) {
        self.syn_error(syn::Error::new_spanned(obj.into_token_stream(), msg));
    }

    /// Records an error at `span`.
    pub fn error_at<M: Display>(&self, span: proc_macro2::Span, msg: M) {
        self.syn_error(syn::Error::new(span, msg));
    }

    /// Records an error produced by syn.
    pub fn syn_error(&self, err: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(err);
        }
    }

    /// Finishes the context: every recorded error combined into one, or `Ok` when there was none.
    pub fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut iter = errors.into_iter();
        let Some(mut combined) = iter.next() else {
            return Ok(());
        };
        for rest in iter {
            combined.combine(rest);
        }
        Err(combined)
    }
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt::new()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("bandwidth-messaging-macros-impl: a Ctxt was dropped without check()");
        }
    }
}

/// The single exit of every macro: the expansion when `cx` holds no error, else the fallback output (the item
/// with helper attributes stripped, plus stand-in impls) followed by one `compile_error!` per error.
pub fn finish(
    cx: Ctxt,
    expansion: impl FnOnce() -> proc_macro2::TokenStream,
    fallback: impl FnOnce() -> proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    match cx.check() {
        Ok(()) => expansion(),
        Err(err) => {
            let mut out = fallback();
            out.extend(err.into_compile_error());
            out
        }
    }
}

/// Parses the item under a macro as `T`, or reports `what` at the item and gives the tokens back unchanged.
pub fn parse_item<T: syn::parse::Parse>(
    item: proc_macro2::TokenStream,
    what: &str,
) -> Result<T, proc_macro2::TokenStream> {
    match syn::parse2::<T>(item.clone()) {
        Ok(parsed) => Ok(parsed),
        Err(err) => {
            let mut out = item;
            let msg = format!("{what} ({err})");
            out.extend(syn::Error::new(err.span(), msg).into_compile_error());
            Err(out)
        }
    }
}
