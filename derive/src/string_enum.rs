//! Generates `#[derive(StringEnum)]` from the model: UCWA string enumerations whose
//! unknown values go to the fallback variant (or, for a `closed` enum, are an error).

use crate::ast::StringEnum;
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(e: &StringEnum<'_>) -> TokenStream {
    let ident = &e.input.ident;
    let wires: Vec<&String> = e.members.iter().map(|m| &m.wire).collect();
    let idents: Vec<&syn::Ident> = e.members.iter().map(|m| m.ident).collect();
    let name = ident.to_string();
    let expected = format!(
        "one of {}",
        wires
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (other_as_str, other_known, parse_fallback) = match &e.other {
        Some(o) => {
            let o = &o.variant.ident;
            (
                quote! { #ident::#o(v) => v, },
                quote! { #ident::#o(_) => false, },
                quote! { Ok(#ident::#o(::std::string::ToString::to_string(s))) },
            )
        }
        None => (
            quote! {},
            quote! {},
            quote! {
                Err(::std::format!("unknown {} value `{}`: expected {}", #name, s, #expected))
            },
        ),
    };

    quote! {
        #[automatically_derived]
        impl #ident {
            /// Parses the wire spelling (unknown values go to the fallback variant, if any).
            fn __parse(s: &str) -> ::core::result::Result<Self, ::std::string::String> {
                match s {
                    #(#wires => Ok(#ident::#idents),)*
                    _ => #parse_fallback,
                }
            }
        }

        #[automatically_derived]
        impl __ucwa::StringEnum for #ident {
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

        #[automatically_derived]
        impl ::core::str::FromStr for #ident {
            type Err = __ucwa::Error;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::__parse(s).map_err(__ucwa::Error::custom)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(__ucwa::StringEnum::as_str(self))
            }
        }

        #[automatically_derived]
        impl __ucwa::Scalar for #ident {
            fn from_xml_text(text: &str) -> ::core::result::Result<Self, ::std::string::String> {
                Self::__parse(text)
            }
            fn write_xml_text(&self, w: &mut __ucwa::authoring::xml::Writer) {
                w.text(__ucwa::StringEnum::as_str(self));
            }
            fn unknown_value(&self) -> ::core::option::Option<&str> {
                if __ucwa::StringEnum::is_known(self) {
                    None
                } else {
                    Some(__ucwa::StringEnum::as_str(self))
                }
            }
        }

        #[automatically_derived]
        impl __serde::Serialize for #ident {
            fn serialize<S: __serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(__ucwa::StringEnum::as_str(self))
            }
        }

        #[automatically_derived]
        impl<'de> __serde::Deserialize<'de> for #ident {
            fn deserialize<D: __serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                struct V;
                #[automatically_derived]
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
    }
}
