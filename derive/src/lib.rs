//! Derive macros for `ucwa-codec`: each generates both UCWA codecs (JSON through serde,
//! XML through `ucwa_codec::xml::Reader`) for a resource, a request body or a string
//! enumeration.
//!
//! Use them through `ucwa_codec` (`#[derive(ucwa_codec::Resource)]`), which documents the
//! attributes; this crate holds only the code generators.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod enums;
mod model;
mod resource;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `Resource`, `Document`, `FromXml`, `ToXml`, `Serialize` and `Deserialize`.
///
/// Container: `#[ucwa(rel = "...")]` (required). Fields: properties by default (wire
/// name in camelCase, or `#[ucwa(rename = "...")]`; `Option<T>` is optional, `T` is
/// required unless `#[ucwa(default)]`); `#[ucwa(self_link)]` (`Option<Link>`, required);
/// `#[ucwa(link)]` (`Option<Link>` or `Vec<Link>`); `#[ucwa(embedded)]` (`Option<T>` or
/// `Vec<T>` of resources); `#[ucwa(extra)]` (`Members`, the catch-all).
#[proc_macro_derive(Resource, attributes(ucwa))]
pub fn derive_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    resource::expand(&input, model::Kind::Resource)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Derives `Input`, `Document`, `FromXml`, `ToXml`, `Serialize` and `Deserialize` for a
/// request body: properties (as for `Resource`), `#[ucwa(link)]` fields (JSON `_links`,
/// XML `<link>`: how a body carries inline content such as an SDP offer) and an optional
/// `#[ucwa(extra)]` catch-all.
#[proc_macro_derive(Input, attributes(ucwa))]
pub fn derive_input(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    resource::expand(&input, model::Kind::Input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Derives `StringEnum`, `Scalar`, `FromStr`, `Display`, `Serialize` and `Deserialize` for
/// a UCWA enumeration. Variants are members (`#[ucwa(rename = "...")]` for another
/// spelling); one `#[ucwa(other)] Other(String)` variant keeps unknown values.
#[proc_macro_derive(StringEnum, attributes(ucwa))]
pub fn derive_string_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    enums::expand(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

#[cfg(test)]
mod tests;
