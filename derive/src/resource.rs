//! Generates the JSON (serde) and XML codecs of `#[derive(Resource)]` and `#[derive(Input)]`.

use crate::model::{Container, Field, Kind, Role};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

pub fn expand(input: &DeriveInput, kind: Kind) -> syn::Result<TokenStream> {
    let c = Container::parse(input, kind)?;
    let body = match kind {
        Kind::Resource => resource(&c),
        Kind::Input => input_body(&c),
    };
    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_local_definitions, clippy::all)]
        const _: () = {
            use ::ucwa_codec::__private as __p;
            use ::ucwa_codec::__private::serde as __serde;
            #body
        };
    })
}

/// The local variable holding a field's value while decoding.
fn slot(field: &Field<'_>) -> syn::Ident {
    format_ident!("__f_{}", field.ident)
}

/// Declares the decoding slots: `Option<T>` for properties, the field type otherwise.
fn slot_declarations(c: &Container<'_>) -> TokenStream {
    let decls = c.fields.iter().filter_map(|f| {
        let slot = slot(f);
        let ty = f.ty;
        match &f.role {
            Role::Property { optional: true, .. } => Some(quote! { let mut #slot: #ty = None; }),
            Role::Property { .. } => Some(quote! { let mut #slot: Option<#ty> = None; }),
            Role::Link { .. } | Role::Embedded { .. } => {
                Some(quote! { let mut #slot: #ty = ::core::default::Default::default(); })
            }
            Role::SelfLink | Role::Extra => None,
        }
    });
    quote! {
        let mut __self_link: Option<::ucwa_codec::Link> = None;
        let mut __members = ::ucwa_codec::Members::default();
        #(#decls)*
    }
}

/// Builds the value from the slots; `missing` maps a property name to an error expression.
fn construct(c: &Container<'_>, missing: impl Fn(&str) -> TokenStream) -> TokenStream {
    let ident = c.ident;
    let inits = c.fields.iter().map(|f| {
        let name = f.ident;
        let slot = slot(f);
        match &f.role {
            Role::Property { optional: true, .. } | Role::Link { .. } | Role::Embedded { .. } => {
                quote! { #name: #slot }
            }
            Role::Property { default: true, .. } => {
                quote! { #name: #slot.unwrap_or_default() }
            }
            Role::Property { name: wire, .. } => {
                let err = missing(wire);
                quote! { #name: match #slot { Some(v) => v, None => return Err(#err) } }
            }
            Role::SelfLink => quote! { #name: __self_link },
            Role::Extra => quote! { #name: __members },
        }
    });
    let unused = if c.self_link().is_none() {
        quote! { let _ = __self_link; }
    } else {
        quote! {}
    };
    let unused_members = if c.extra().is_none() {
        quote! { let _ = __members; }
    } else {
        quote! {}
    };
    quote! {
        #unused
        #unused_members
        Ok(#ident { #(#inits),* })
    }
}

/// A reference to the catch-all (or an empty one when the type has none).
fn members_ref(c: &Container<'_>) -> TokenStream {
    match c.extra() {
        Some(f) => {
            let name = f.ident;
            quote! { let __members: &::ucwa_codec::Members = &self.#name; }
        }
        None => quote! {
            let __empty = ::ucwa_codec::Members::default();
            let __members: &::ucwa_codec::Members = &__empty;
        },
    }
}

/// Compile-time checks that field types fit their roles, reported at the field type.
fn type_checks(c: &Container<'_>) -> TokenStream {
    let checks = c.fields.iter().map(|f| {
        let ty = f.ty;
        let span = ty.span();
        match &f.role {
            Role::Property { optional: true, .. } => {
                let inner = crate::model::option_inner(ty).unwrap_or(ty);
                quote_spanned! {span=> __p::assert_property::<#inner>(); }
            }
            Role::Property { .. } => quote_spanned! {span=> __p::assert_property::<#ty>(); },
            Role::Link { .. } => quote_spanned! {span=> __p::assert_link_field::<#ty>(); },
            Role::Embedded { .. } => quote_spanned! {span=> __p::assert_embedded_field::<#ty>(); },
            Role::SelfLink | Role::Extra => quote! {},
        }
    });
    quote! {
        #[allow(dead_code)]
        fn __type_checks() { #(#checks)* }
    }
}

/// Serialises the properties (known, then unknown) into `__map`.
fn serialize_properties(c: &Container<'_>) -> TokenStream {
    let props = c.fields.iter().filter_map(|f| {
        let name = f.ident;
        match &f.role {
            Role::Property {
                name: wire,
                optional: true,
                ..
            } => Some(quote! {
                __p::ser_optional(&mut __map, #wire, &self.#name, __members)?;
            }),
            Role::Property { name: wire, .. } => Some(quote! {
                __serde::ser::SerializeMap::serialize_entry(&mut __map, #wire, &self.#name)?;
            }),
            _ => None,
        }
    });
    quote! {
        #(#props)*
        __members.serialize_properties(&mut __map)?;
    }
}

/// XML: writes the properties (known, then unknown).
fn encode_xml_properties(c: &Container<'_>) -> TokenStream {
    let props = c.fields.iter().filter_map(|f| {
        let name = f.ident;
        match &f.role {
            Role::Property {
                name: wire,
                optional: true,
                ..
            } => Some(quote! {
                __p::xml_optional(__w, #wire, &self.#name, __members);
            }),
            Role::Property { name: wire, .. } => Some(quote! {
                ::ucwa_codec::Property::encode_xml(&self.#name, __w, #wire);
            }),
            _ => None,
        }
    });
    quote! {
        #(#props)*
        __members.encode_xml_properties(__w);
    }
}

/// XML: the arms matching known property names.
fn xml_property_arms(c: &Container<'_>) -> Vec<TokenStream> {
    c.fields
        .iter()
        .filter_map(|f| {
            let slot = slot(f);
            match &f.role {
                Role::Property { name, optional, .. } => Some(quote! {
                    #name => __p::xml_property(__r, &__prop, &mut #slot, &mut __members, #optional)?,
                }),
                _ => None,
            }
        })
        .collect()
}

/// JSON: the arms matching known property names.
fn json_property_arms(c: &Container<'_>) -> Vec<TokenStream> {
    c.fields
        .iter()
        .filter_map(|f| {
            let slot = slot(f);
            match &f.role {
                Role::Property { name, optional, .. } => Some(quote! {
                    #name => __p::json_property(__map, #name, &mut #slot, &mut __members, #optional)?,
                }),
                _ => None,
            }
        })
        .collect()
}

/// Reports unknown enum values of known properties and untyped members of embedded ones.
fn collect_untyped(c: &Container<'_>) -> TokenStream {
    let parts = c.fields.iter().filter_map(|f| {
        let name = f.ident;
        match &f.role {
            Role::Property {
                name: wire,
                optional: true,
                ..
            } => Some(quote! {
                if let Some(v) = &self.#name { __p::untyped_property(v, __path, #wire, __out); }
            }),
            Role::Property { name: wire, .. } => Some(quote! {
                __p::untyped_property(&self.#name, __path, #wire, __out);
            }),
            Role::Embedded { key } => Some(quote! {
                __p::untyped_embedded(&self.#name, __path, #key, __out);
            }),
            _ => None,
        }
    });
    let extra = c.extra().map(|f| {
        let name = f.ident;
        quote! { self.#name.collect_untyped(__path, __out); }
    });
    quote! { #(#parts)* #extra }
}

fn resource(c: &Container<'_>) -> TokenStream {
    let ident = c.ident;
    let rel = c.rel.as_deref().unwrap_or_default();
    let expecting = format!("a `{rel}` resource object");
    let self_field = c
        .self_link()
        .map(|f| f.ident)
        .expect("checked by the model");
    let links: Vec<&Field<'_>> = c
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Link { .. }))
        .collect();
    let embedded: Vec<&Field<'_>> = c
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Embedded { .. }))
        .collect();

    let declarations = slot_declarations(c);
    let xml_construct = construct(c, |name| quote! { __p::xml_missing(__r, #name) });
    let json_construct = construct(c, |name| quote! { __p::json_missing(#name) });
    let members = members_ref(c);
    let checks = type_checks(c);
    let untyped = collect_untyped(c);

    // XML decoding.
    let xml_props = xml_property_arms(c);
    let xml_links = links.iter().map(|f| {
        let slot = slot(f);
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { #rel => __p::xml_link(__r, &__rel, __link, &mut #slot)?, }
    });
    let xml_embedded = embedded.iter().map(|f| {
        let slot = slot(f);
        let Role::Embedded { key } = &f.role else {
            unreachable!()
        };
        quote! { #key => __p::xml_embedded(__r, __start, &__key, &mut #slot)?, }
    });

    // XML encoding.
    let xml_write_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { __p::xml_links(__w, #rel, &self.#name); }
    });
    let xml_write_props = encode_xml_properties(c);
    let xml_write_embedded = embedded.iter().map(|f| {
        let name = f.ident;
        let Role::Embedded { key } = &f.role else {
            unreachable!()
        };
        quote! { __p::xml_embedded_items(__w, #key, &self.#name); }
    });

    // JSON encoding.
    let ser_props = serialize_properties(c);
    let has_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { || __p::has_set(&self.#name, #rel, __members) }
    });
    let has_embedded = embedded.iter().map(|f| {
        let name = f.ident;
        let Role::Embedded { key } = &f.role else {
            unreachable!()
        };
        quote! { || __p::has_embedded(&self.#name, #key, __members) }
    });
    let ser_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { __p::ser_set(&mut __map, #rel, &r.#name, __members)?; }
    });
    let ser_embedded = embedded.iter().map(|f| {
        let name = f.ident;
        let Role::Embedded { key } = &f.role else {
            unreachable!()
        };
        quote! { __p::ser_embedded(&mut __map, #key, &r.#name, __members)?; }
    });
    let members_of_r = match c.extra() {
        Some(f) => {
            let name = f.ident;
            quote! { let __members: &::ucwa_codec::Members = &r.#name; }
        }
        None => quote! {
            let __empty = ::ucwa_codec::Members::default();
            let __members: &::ucwa_codec::Members = &__empty;
        },
    };

    // JSON decoding.
    let json_props = json_property_arms(c);
    let (link_seed_fields, link_seed_init, json_links) = link_seed_parts(&links);
    let embedded_seed_fields = embedded.iter().map(|f| {
        let slot = slot(f);
        let ty = f.ty;
        quote! { #slot: &'a mut #ty, }
    });
    let embedded_seed_init = embedded.iter().map(|f| {
        let slot = slot(f);
        quote! { #slot: &mut #slot, }
    });
    let json_embedded = embedded.iter().map(|f| {
        let slot = slot(f);
        let Role::Embedded { key } = &f.role else {
            unreachable!()
        };
        quote! { #key => __p::json_embedded(&mut __map, #key, self.#slot, self.members)?, }
    });

    let links_seed = map_seed(
        &format_ident!("__LinksSeed"),
        "a `_links` object",
        quote! {
            self_link: &'a mut Option<::ucwa_codec::Link>,
            #(#link_seed_fields)*
        },
        quote! {
            "self" => __p::json_self_link(&mut __map, self.self_link)?,
            #(#json_links)*
            _ => __p::json_unknown_link(&mut __map, __key, self.members)?,
        },
    );
    let embedded_seed = map_seed(
        &format_ident!("__EmbeddedSeed"),
        "an `_embedded` object",
        quote! { #(#embedded_seed_fields)* },
        quote! {
            #(#json_embedded)*
            _ => __p::json_unknown_embedded(&mut __map, __key, self.members)?,
        },
    );

    quote! {
        #checks

        impl ::ucwa_codec::Resource for #ident {
            const REL: &'static str = #rel;

            fn self_link(&self) -> ::core::option::Option<&::ucwa_codec::Link> {
                self.#self_field.as_ref()
            }

            fn decode_xml_body(
                __r: &mut ::ucwa_codec::xml::Reader<'_>,
                __start: ::ucwa_codec::xml::ResourceStart<'_>,
            ) -> ::ucwa_codec::Result<Self> {
                #declarations
                __self_link = __start.self_link;
                let mut __rel_seen = false;
                loop {
                    match __r.next_member()? {
                        ::ucwa_codec::xml::Member::End => break,
                        ::ucwa_codec::xml::Member::Property(__prop) => match &*__prop.name {
                            "rel" => __p::xml_rel(__r, &__prop, #rel, &mut __rel_seen)?,
                            #(#xml_props)*
                            _ => __p::xml_unknown_property(__r, __prop, &mut __members)?,
                        },
                        ::ucwa_codec::xml::Member::Link { rel: __rel, link: __link } => match &*__rel {
                            #(#xml_links)*
                            _ => __members.push_xml_link(&__rel, __link),
                        },
                        ::ucwa_codec::xml::Member::Resource(__start) => {
                            let __key = __p::xml_embedded_key(__r, &__start)?;
                            match &*__key {
                                #(#xml_embedded)*
                                _ => __p::xml_unknown_embedded(__r, __start, &mut __members)?,
                            }
                        }
                    }
                }
                #xml_construct
            }

            fn encode_xml_element(&self, __w: &mut ::ucwa_codec::xml::Writer, __key: &str, __root: bool) {
                #members
                __w.start_resource(Some(__key), self.#self_field.as_ref(), __root);
                #(#xml_write_links)*
                __members.encode_xml_links(__w);
                __w.text_element("property", [("name", "rel")], #rel);
                #xml_write_props
                #(#xml_write_embedded)*
                __members.encode_xml_embedded(__w);
                __w.end("resource");
            }

            fn deserialize_nested<'de, D: __serde::Deserializer<'de>>(__d: D) -> ::core::result::Result<Self, D::Error> {
                __d.deserialize_map(__Visitor { root: false })
            }
        }

        impl ::ucwa_codec::Document for #ident {
            fn collect_untyped(&self, __path: &str, __out: &mut Vec<::ucwa_codec::Untyped>) {
                #untyped
            }
        }

        impl ::ucwa_codec::xml::FromXml for #ident {
            fn from_xml(__r: &mut ::ucwa_codec::xml::Reader<'_>) -> ::ucwa_codec::Result<Self> {
                let __root = __p::xml_root(__r, "resource")?;
                let __start = __r.resource_start(&__root)?;
                <Self as ::ucwa_codec::Resource>::decode_xml_body(__r, __start).map_err(|e| e.in_segment(#rel))
            }
        }

        impl ::ucwa_codec::xml::ToXml for #ident {
            fn to_xml(&self, __w: &mut ::ucwa_codec::xml::Writer) {
                ::ucwa_codec::Resource::encode_xml_element(self, __w, #rel, true);
            }
        }

        impl __serde::Serialize for #ident {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                #members
                let mut __map = __s.serialize_map(None)?;
                __map.serialize_entry("rel", #rel)?;
                #ser_props
                if self.#self_field.is_some() #(#has_links)* || !__members.links.is_empty() {
                    __map.serialize_entry("_links", &__Links(self))?;
                }
                if false #(#has_embedded)* || !__members.embedded.is_empty() {
                    __map.serialize_entry("_embedded", &__Embedded(self))?;
                }
                __map.end()
            }
        }

        struct __Links<'a>(&'a #ident);

        impl __serde::Serialize for __Links<'_> {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                let r = self.0;
                #members_of_r
                let mut __map = __s.serialize_map(None)?;
                if let Some(link) = &r.#self_field {
                    __map.serialize_entry("self", link)?;
                }
                #(#ser_links)*
                __members.serialize_links(&mut __map)?;
                __map.end()
            }
        }

        struct __Embedded<'a>(&'a #ident);

        impl __serde::Serialize for __Embedded<'_> {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                let r = self.0;
                #members_of_r
                let mut __map = __s.serialize_map(None)?;
                #(#ser_embedded)*
                __members.serialize_embedded(&mut __map)?;
                __map.end()
            }
        }

        impl<'de> __serde::Deserialize<'de> for #ident {
            fn deserialize<D: __serde::Deserializer<'de>>(__d: D) -> ::core::result::Result<Self, D::Error> {
                __d.deserialize_map(__Visitor { root: true })
            }
        }

        struct __Visitor {
            root: bool,
        }

        impl<'de> __serde::de::Visitor<'de> for __Visitor {
            type Value = #ident;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut __map: A) -> ::core::result::Result<#ident, A::Error> {
                __p::json_root(__visit(&mut __map), self.root, #rel)
            }
        }

        fn __visit<'de, A: __serde::de::MapAccess<'de>>(__map: &mut A) -> ::core::result::Result<#ident, A::Error> {
            #declarations
            let mut __rel_seen = false;
            while let Some(__key) = __map.next_key::<::ucwa_codec::json::Key<'de>>()? {
                match __key.as_str() {
                    "rel" => __p::json_rel(__map, #rel, &mut __rel_seen)?,
                    "_links" => ::ucwa_codec::json::next_value_seed(__map, "_links", __LinksSeed {
                        self_link: &mut __self_link,
                        #(#link_seed_init)*
                        members: &mut __members,
                    })?,
                    "_embedded" => ::ucwa_codec::json::next_value_seed(__map, "_embedded", __EmbeddedSeed {
                        #(#embedded_seed_init)*
                        members: &mut __members,
                    })?,
                    #(#json_props)*
                    _ => __p::json_unknown_property(__map, __key, &mut __members)?,
                }
            }
            #json_construct
        }

        #links_seed
        #embedded_seed
    }
}

fn input_body(c: &Container<'_>) -> TokenStream {
    let ident = c.ident;
    let declarations = slot_declarations(c);
    let xml_construct = construct(c, |name| quote! { __p::xml_missing(__r, #name) });
    let json_construct = construct(c, |name| quote! { __p::json_missing(#name) });
    let members = members_ref(c);
    let checks = type_checks(c);
    let untyped = collect_untyped(c);
    let xml_props = xml_property_arms(c);
    let xml_write_props = encode_xml_properties(c);
    let ser_props = serialize_properties(c);
    let json_props = json_property_arms(c);
    let expecting = format!("a `{ident}` request body object");
    let links: Vec<&Field<'_>> = c
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Link { .. }))
        .collect();
    let xml_links = links.iter().map(|f| {
        let slot = slot(f);
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { #rel => __p::xml_link(__r, &__rel, __link, &mut #slot)?, }
    });
    let xml_write_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { __p::xml_links(__w, #rel, &self.#name); }
    });
    let has_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { || __p::has_set(&self.#name, #rel, __members) }
    });
    let ser_links = links.iter().map(|f| {
        let name = f.ident;
        let Role::Link { rel } = &f.role else {
            unreachable!()
        };
        quote! { __p::ser_set(&mut __map, #rel, &r.#name, __members)?; }
    });
    let members_of_r = match c.extra() {
        Some(f) => {
            let name = f.ident;
            quote! { let __members: &::ucwa_codec::Members = &r.#name; }
        }
        None => quote! {
            let __empty = ::ucwa_codec::Members::default();
            let __members: &::ucwa_codec::Members = &__empty;
        },
    };
    let (link_seed_fields, link_seed_init, json_links) = link_seed_parts(&links);

    let links_seed = map_seed(
        &format_ident!("__LinksSeed"),
        "a `_links` object",
        quote! { #(#link_seed_fields)* },
        quote! {
            #(#json_links)*
            _ => __p::json_unknown_link(&mut __map, __key, self.members)?,
        },
    );

    quote! {
        #checks

        impl ::ucwa_codec::Input for #ident {}

        impl ::ucwa_codec::Document for #ident {
            fn collect_untyped(&self, __path: &str, __out: &mut Vec<::ucwa_codec::Untyped>) {
                #untyped
            }
        }

        impl ::ucwa_codec::xml::FromXml for #ident {
            fn from_xml(__r: &mut ::ucwa_codec::xml::Reader<'_>) -> ::ucwa_codec::Result<Self> {
                __p::xml_root(__r, "input")?;
                (|| {
                    #declarations
                    let _ = &mut __self_link;
                    loop {
                        match __r.next_input_member()? {
                            ::ucwa_codec::xml::Member::End => break,
                            ::ucwa_codec::xml::Member::Property(__prop) => match &*__prop.name {
                                #(#xml_props)*
                                _ => __p::xml_unknown_property(__r, __prop, &mut __members)?,
                            },
                            ::ucwa_codec::xml::Member::Link { rel: __rel, link: __link } => match &*__rel {
                                #(#xml_links)*
                                _ => __members.push_xml_link(&__rel, __link),
                            },
                            _ => return Err(__r.data_error("a request body holds only properties and links")),
                        }
                    }
                    #xml_construct
                })()
                .map_err(|e: ::ucwa_codec::Error| e.in_segment("input"))
            }
        }

        impl ::ucwa_codec::xml::ToXml for #ident {
            fn to_xml(&self, __w: &mut ::ucwa_codec::xml::Writer) {
                #members
                __w.start_root("input");
                #(#xml_write_links)*
                __members.encode_xml_links(__w);
                #xml_write_props
                __w.end("input");
            }
        }

        impl __serde::Serialize for #ident {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                #members
                let mut __map = __s.serialize_map(None)?;
                #ser_props
                if false #(#has_links)* || !__members.links.is_empty() {
                    __map.serialize_entry("_links", &__Links(self))?;
                }
                __map.end()
            }
        }

        struct __Links<'a>(&'a #ident);

        impl __serde::Serialize for __Links<'_> {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                let r = self.0;
                #members_of_r
                let mut __map = __s.serialize_map(None)?;
                #(#ser_links)*
                __members.serialize_links(&mut __map)?;
                __map.end()
            }
        }

        impl<'de> __serde::Deserialize<'de> for #ident {
            fn deserialize<D: __serde::Deserializer<'de>>(__d: D) -> ::core::result::Result<Self, D::Error> {
                __d.deserialize_map(__Visitor)
            }
        }

        struct __Visitor;

        impl<'de> __serde::de::Visitor<'de> for __Visitor {
            type Value = #ident;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut __map: A) -> ::core::result::Result<#ident, A::Error> {
                let __map = &mut __map;
                #declarations
                let _ = &mut __self_link;
                while let Some(__key) = __map.next_key::<::ucwa_codec::json::Key<'de>>()? {
                    match __key.as_str() {
                        "_links" => ::ucwa_codec::json::next_value_seed(__map, "_links", __LinksSeed {
                            #(#link_seed_init)*
                            members: &mut __members,
                        })?,
                        "_embedded" => return Err(__p::json_input_only_properties()),
                        #(#json_props)*
                        _ => __p::json_unknown_property(__map, __key, &mut __members)?,
                    }
                }
                #json_construct
            }
        }

        #links_seed
    }
}

/// A seed that reads a JSON object (`_links`, `_embedded`) into `&mut` slots of the value
/// being decoded: `fields` are the slot references, `arms` match each key.
fn map_seed(
    name: &syn::Ident,
    expecting: &str,
    fields: TokenStream,
    arms: TokenStream,
) -> TokenStream {
    quote! {
        struct #name<'a> {
            #fields
            members: &'a mut ::ucwa_codec::Members,
        }

        impl<'de> __serde::de::DeserializeSeed<'de> for #name<'_> {
            type Value = ();
            fn deserialize<D: __serde::Deserializer<'de>>(self, __d: D) -> ::core::result::Result<(), D::Error> {
                __d.deserialize_map(self)
            }
        }

        impl<'de> __serde::de::Visitor<'de> for #name<'_> {
            type Value = ();
            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#expecting)
            }
            fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut __map: A) -> ::core::result::Result<(), A::Error> {
                while let Some(__key) = __map.next_key::<::ucwa_codec::json::Key<'de>>()? {
                    match __key.as_str() {
                        #arms
                    }
                }
                Ok(())
            }
        }
    }
}

/// For the link fields: the seed's slot references, their initialisers, and the arms
/// matching each link's rel.
fn link_seed_parts(links: &[&Field<'_>]) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let fields = links
        .iter()
        .map(|f| {
            let slot = slot(f);
            let ty = f.ty;
            quote! { #slot: &'a mut #ty, }
        })
        .collect();
    let init = links
        .iter()
        .map(|f| {
            let slot = slot(f);
            quote! { #slot: &mut #slot, }
        })
        .collect();
    let arms = links
        .iter()
        .filter_map(|f| {
            let slot = slot(f);
            let Role::Link { rel } = &f.role else {
                return None;
            };
            Some(quote! { #rel => __p::json_link(&mut __map, #rel, self.#slot, self.members)?, })
        })
        .collect();
    (fields, init, arms)
}
