//! Generates `#[derive(StringEnum)]`: UCWA string enumerations whose unknown values are
//! kept in a fallback variant instead of being rejected.

use crate::model::Errors;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

struct Variant<'a> {
    ident: &'a syn::Ident,
    wire: String,
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        errors.error(
            &input.generics,
            "#[derive(StringEnum)] does not support generic types",
        );
    }
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("ucwa")) {
        errors.error(attr, "#[derive(StringEnum)] takes no container attributes");
    }
    let Data::Enum(data) = &input.data else {
        errors.error(ident, "#[derive(StringEnum)] needs an enum");
        errors.finish()?;
        unreachable!("an error was pushed");
    };

    let mut members: Vec<Variant<'_>> = Vec::new();
    let mut other: Option<&syn::Ident> = None;
    for variant in &data.variants {
        let mut rename: Option<LitStr> = None;
        let mut is_other = false;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("ucwa")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if rename.is_some() {
                        return Err(meta.error("duplicate `rename`"));
                    }
                    rename = Some(meta.value()?.parse()?);
                    Ok(())
                } else if meta.path.is_ident("other") {
                    if is_other {
                        return Err(meta.error("duplicate `other`"));
                    }
                    is_other = true;
                    Ok(())
                } else {
                    Err(meta
                        .error("unknown ucwa attribute: expected `rename = \"...\"` or `other`"))
                }
            });
            if let Err(e) = result {
                errors.push(e);
            }
        }
        if is_other {
            if let Some(r) = &rename {
                errors.error(r, "the `other` variant has no wire name to rename");
            }
            match &variant.fields {
                Fields::Unnamed(f) if f.unnamed.len() == 1 => {}
                _ => errors.error(
                    &variant.ident,
                    "the `other` variant must hold the unknown value: `Other(String)`",
                ),
            }
            if other.is_some() {
                errors.error(&variant.ident, "only one variant can be `other`");
            }
            other = Some(&variant.ident);
            continue;
        }
        if !matches!(variant.fields, Fields::Unit) {
            errors.error(
                &variant.ident,
                "a member of a string enum has no fields (mark the fallback with #[ucwa(other)])",
            );
            continue;
        }
        let wire = rename
            .map(|r| r.value())
            .unwrap_or_else(|| variant.ident.to_string());
        if members.iter().any(|m| m.wire == wire) {
            errors.error(&variant.ident, format!("two variants are spelled `{wire}`"));
        }
        members.push(Variant {
            ident: &variant.ident,
            wire,
        });
    }
    errors.finish()?;

    let wires: Vec<&String> = members.iter().map(|m| &m.wire).collect();
    let idents: Vec<&syn::Ident> = members.iter().map(|m| m.ident).collect();
    let name = ident.to_string();
    let expected = format!(
        "one of {}",
        wires
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (other_as_str, other_known, parse_fallback) = match other {
        Some(o) => (
            quote! { #ident::#o(v) => v, },
            quote! { #ident::#o(_) => false, },
            quote! { Ok(#ident::#o(::std::string::ToString::to_string(s))) },
        ),
        None => (
            quote! {},
            quote! {},
            quote! {
                Err(::std::format!("unknown {} value `{}`: expected {}", #name, s, #expected))
            },
        ),
    };

    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_local_definitions, clippy::all)]
        const _: () = {
            use ::ucwa_codec::__private::serde as __serde;

            impl #ident {
                /// Parses the wire spelling (unknown values go to the fallback variant, if any).
                fn __parse(s: &str) -> ::core::result::Result<Self, ::std::string::String> {
                    match s {
                        #(#wires => Ok(#ident::#idents),)*
                        _ => #parse_fallback,
                    }
                }
            }

            impl ::ucwa_codec::StringEnum for #ident {
                const MEMBERS: &'static [&'static str] = &[#(#wires),*];

                fn as_str(&self) -> &str {
                    match self {
                        #(#ident::#idents => #wires,)*
                        #other_as_str
                    }
                }

                fn is_known(&self) -> bool {
                    match self {
                        #(#ident::#idents => true,)*
                        #other_known
                    }
                }
            }

            impl ::core::str::FromStr for #ident {
                type Err = ::ucwa_codec::Error;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::__parse(s).map_err(::ucwa_codec::Error::custom)
                }
            }

            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(::ucwa_codec::StringEnum::as_str(self))
                }
            }

            impl ::ucwa_codec::Scalar for #ident {
                fn from_xml_text(text: &str) -> ::core::result::Result<Self, ::std::string::String> {
                    Self::__parse(text)
                }
                fn write_xml_text(&self, w: &mut ::ucwa_codec::xml::Writer) {
                    w.text(::ucwa_codec::StringEnum::as_str(self));
                }
                fn unknown_value(&self) -> ::core::option::Option<&str> {
                    if ::ucwa_codec::StringEnum::is_known(self) {
                        None
                    } else {
                        Some(::ucwa_codec::StringEnum::as_str(self))
                    }
                }
            }

            impl __serde::Serialize for #ident {
                fn serialize<S: __serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(::ucwa_codec::StringEnum::as_str(self))
                }
            }

            impl<'de> __serde::Deserialize<'de> for #ident {
                fn deserialize<D: __serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    struct V;
                    impl<'de> __serde::de::Visitor<'de> for V {
                        type Value = #ident;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str(concat!("a string (`", #name, "`)"))
                        }
                        fn visit_str<E: __serde::de::Error>(self, v: &str) -> ::core::result::Result<#ident, E> {
                            #ident::__parse(v).map_err(E::custom)
                        }
                    }
                    d.deserialize_str(V)
                }
            }
        };
    })
}
