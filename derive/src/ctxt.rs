//! Collects every error found in a derive input, so that all of them are reported at once
//! (each at the span of its culprit) instead of one per compilation.

use quote::ToTokens;
use std::cell::RefCell;
use std::fmt::Display;

/// The errors found so far while parsing and checking one derive input.
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records an error spanning the tokens of `culprit`.
    pub fn error_spanned_by(&self, culprit: impl ToTokens, message: impl Display) {
        self.errors.borrow_mut().push(syn::Error::new_spanned(
            culprit.into_token_stream(),
            message,
        ));
    }

    /// Records an error at one span (an attribute key kept by the model).
    pub fn error_at(&self, span: proc_macro2::Span, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, message));
    }

    /// Records an error made elsewhere (by `syn` while parsing an attribute).
    pub fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// All errors, combined; `Ok` when there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut all) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            all.combine(e);
        }
        Err(all)
    }
}
