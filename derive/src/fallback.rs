//! What a derive emits when its input is wrong: beside the errors, impls of every trait
//! the derive would have implemented, with bodies that are never run. Code that uses the
//! type then compiles as far as the type goes, so one mistake reads as one error rather
//! than as a cascade of "trait not implemented" at every use.

use crate::attr::Derive;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput, derive: Derive) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = &input.generics.params;
    let this = quote! { #ident #ty_generics };
    let serde = quote! {
        #[automatically_derived]
        impl #impl_generics __serde::Serialize for #this #where_clause {
            fn serialize<S: __serde::Serializer>(&self, _: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl<'de, #params> __serde::Deserialize<'de> for #this #where_clause {
            fn deserialize<D: __serde::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                ::core::unreachable!()
            }
        }
    };
    let document = quote! {
        #[automatically_derived]
        impl #impl_generics __ucwa::Document for #this #where_clause {
            fn collect_untyped(&self, _: &str, _: &mut Vec<__ucwa::Untyped>) {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl #impl_generics __ucwa::xml::FromXml for #this #where_clause {
            fn from_xml(_: &mut __ucwa::authoring::xml::Reader<'_>) -> __ucwa::Result<Self> {
                ::core::unreachable!()
            }
        }

        #[automatically_derived]
        impl #impl_generics __ucwa::xml::ToXml for #this #where_clause {
            fn to_xml(&self, _: &mut __ucwa::authoring::xml::Writer) {
                ::core::unreachable!()
            }
        }
    };
    match derive {
        Derive::Resource => quote! {
            #serde
            #document

            #[automatically_derived]
            impl #impl_generics __ucwa::Resource for #this #where_clause {
                const REL: &'static str = "";

                fn self_link(&self) -> ::core::option::Option<&__ucwa::Link> {
                    ::core::unreachable!()
                }

                fn decode_xml_body(
                    _: &mut __ucwa::authoring::xml::Reader<'_>,
                    _: __ucwa::authoring::xml::ResourceStart<'_>,
                ) -> __ucwa::Result<Self> {
                    ::core::unreachable!()
                }

                fn encode_xml_element(&self, _: &mut __ucwa::authoring::xml::Writer, _: &str, _: bool) {
                    ::core::unreachable!()
                }

                fn deserialize_nested<'de, D: __serde::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                    ::core::unreachable!()
                }
            }
        },
        Derive::Input => quote! {
            #serde
            #document

            #[automatically_derived]
            impl #impl_generics __ucwa::Input for #this #where_clause {}
        },
        Derive::StringEnum => quote! {
            #serde

            #[automatically_derived]
            impl #impl_generics __ucwa::StringEnum for #this #where_clause {
                const MEMBERS: &'static [&'static str] = &[];

                fn as_str(&self) -> &str {
                    ::core::unreachable!()
                }

                fn is_known(&self) -> bool {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::core::str::FromStr for #this #where_clause {
                type Err = __ucwa::Error;
                fn from_str(_: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #this #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #impl_generics __ucwa::Scalar for #this #where_clause {
                fn from_xml_text(_: &str) -> ::core::result::Result<Self, ::std::string::String> {
                    ::core::unreachable!()
                }
                fn write_xml_text(&self, _: &mut __ucwa::authoring::xml::Writer) {
                    ::core::unreachable!()
                }
            }
        },
    }
}
