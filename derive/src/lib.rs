//! Derive macros for `ucwa-codec`: each generates both UCWA codecs (JSON through serde,
//! XML through `ucwa_codec::authoring::xml::Reader`) for a resource, a request body or a string
//! enumeration.
//!
//! Use them through `ucwa_codec` (`#[derive(ucwa_codec::Resource)]`), which documents the
//! attributes; this crate holds only the code generators. Each derive reads its input into
//! a model (`attr`, `ast`), checks it (`check`), collecting every error in a `Ctxt`
//! (`ctxt`), and only then generates code (`document`, `string_enum`); when the input is
//! wrong it emits the errors and stub impls (`fallback`), so that one mistake is one error.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod attr;
mod case;
mod check;
mod ctxt;
mod document;
mod fallback;
mod string_enum;

use attr::Derive;
use proc_macro::TokenStream;
use quote::quote;
use syn::{DeriveInput, parse_macro_input};

/// The name of the codec's module of derive glue. It carries the version of the glue so
/// that a derive and a codec written for different glue cannot build together; it changes
/// together with `ucwa-codec`'s `__private` module.
const PRIVATE: &str = "__private010";

/// Derives `Resource`, `Document`, `FromXml`, `ToXml`, `Serialize` and `Deserialize`.
///
/// Container: `#[ucwa(rel = "...")]` (required), `#[ucwa(drop_unknown)]` (no catch-all:
/// unknown members are dropped), `#[ucwa(crate = "path")]` (the codec's path when it is
/// re-exported). Fields: properties by default (wire name in camelCase, or
/// `#[ucwa(rename = "...")]`; `Option<T>` is optional, `T` is required unless
/// `#[ucwa(default)]`); `#[ucwa(self_link)]` (`Option<Link>`, required); `#[ucwa(link)]`
/// (`Option<Link>` or `Vec<Link>`); `#[ucwa(embedded)]` (`Option<T>` or `Vec<T>` of
/// resources); `#[ucwa(extra)]` (`Members`, the catch-all; required unless `drop_unknown`).
#[proc_macro_derive(Resource, attributes(ucwa))]
pub fn derive_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Derive::Resource).into()
}

/// Derives `Input`, `Document`, `FromXml`, `ToXml`, `Serialize` and `Deserialize` for a
/// request body: properties (as for `Resource`), `#[ucwa(link)]` fields (JSON `_links`,
/// XML `<link>`: how a body carries inline content such as an SDP offer) and the
/// `#[ucwa(extra)]` catch-all (or `#[ucwa(drop_unknown)]` on the struct); takes
/// `#[ucwa(crate = "path")]` too.
#[proc_macro_derive(Input, attributes(ucwa))]
pub fn derive_input(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Derive::Input).into()
}

/// Derives `StringEnum`, `Scalar`, `FromStr`, `Display`, `Serialize` and `Deserialize` for
/// a UCWA enumeration. Variants are members (`#[ucwa(rename = "...")]` for another
/// spelling); one `#[ucwa(other)] Other(String)` variant keeps unknown values, or
/// `#[ucwa(closed)]` on the enum refuses them. Takes `#[ucwa(crate = "path")]` too.
#[proc_macro_derive(StringEnum, attributes(ucwa))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Derive::StringEnum).into()
}

/// The expansion: the generated impls, or the errors and the fallback impls.
fn expand(input: &DeriveInput, derive: Derive) -> proc_macro2::TokenStream {
    let (krate, result) = try_expand(input, derive);
    let body = match result {
        Ok(body) => body,
        Err(errors) => {
            let errors = errors.to_compile_error();
            let stubs = fallback::expand(input, derive);
            quote! { #errors #stubs }
        }
    };
    let private = quote::format_ident!("{PRIVATE}");
    quote! {
        #[doc(hidden)]
        #[allow(non_local_definitions, unused_imports, clippy::all)]
        const _: () = {
            use #krate as __ucwa;
            use __ucwa::#private as __p;
            use __ucwa::#private::serde as __serde;
            #body
        };
    }
}

/// Parses, checks and generates; the codec path comes back even when the input is wrong,
/// for the fallback impls.
fn try_expand(
    input: &DeriveInput,
    derive: Derive,
) -> (syn::Path, syn::Result<proc_macro2::TokenStream>) {
    let cx = ctxt::Ctxt::default();
    let attrs = attr::Container::parse(&cx, &input.attrs, derive);
    let krate = attrs.krate.clone();
    let body = match derive {
        Derive::Resource | Derive::Input => {
            ast::Document::from_ast(&cx, input, derive, attrs).map(|d| {
                check::document(&cx, &d);
                document::expand(&d)
            })
        }
        Derive::StringEnum => ast::StringEnum::from_ast(&cx, input, attrs).map(|e| {
            check::string_enum(&cx, &e);
            string_enum::expand(&e)
        }),
    };
    let result = cx.check().map(|()| body.unwrap_or_default());
    (krate, result)
}

#[cfg(test)]
mod tests;
