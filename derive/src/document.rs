//! Generates the codecs of `#[derive(Resource)]` and `#[derive(Input)]` from the model:
//! one generator for both, the differences being what a resource adds (its rel, the self
//! link, embedded resources, the `Resource` trait for nesting) and the root element.

use crate::ast::{Document, Named, option_inner};
use crate::attr::Derive;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// The field of a seed struct holding `&mut` to a field's decoding slot.
fn slot(ident: &syn::Ident) -> syn::Ident {
    format_ident!("__f_{}", ident)
}

/// A field's decoding slot: one field of the tuple `__s` that holds them all (properties,
/// then links, then embedded resources, in declaration order). One local rather than one
/// per field: each call that may unwind then cleans up one value, not every slot.
fn slot_expr(d: &Document<'_>, ident: &syn::Ident) -> TokenStream {
    let index = d
        .properties
        .iter()
        .map(|p| p.field.ident)
        .chain(d.links.iter().chain(&d.embedded).map(|n| n.field.ident))
        .position(|i| i == ident)
        .expect("a property, link or embedded field");
    let index = syn::Index::from(index);
    quote! { __s.#index }
}

pub fn expand(d: &Document<'_>) -> TokenStream {
    let resource = d.derive == Derive::Resource;
    let ident = d.ident();
    let checks = type_checks(d);
    let untyped = collect_untyped(d);
    let members = members_ref(d, quote!(self));
    let xml_members = xml_member_loop(d);
    let xml_write_body = xml_write_body(d);
    let serialize = serialize(d);
    let deserialize = deserialize(d);

    let kind_impls = if resource {
        let rel = d.rel();
        let self_field = d.self_link.as_ref().map(|f| f.ident);
        quote! {
            #[automatically_derived]
            impl __ucwa::Resource for #ident {
                const REL: &'static str = #rel;

                fn self_link(&self) -> ::core::option::Option<&__ucwa::Link> {
                    self.#self_field.as_ref()
                }

                fn decode_xml_body(
                    __r: &mut __ucwa::authoring::xml::Reader<'_>,
                    __start: __ucwa::authoring::xml::ResourceStart<'_>,
                ) -> __ucwa::Result<Self> {
                    #xml_members
                }

                fn encode_xml_element(&self, __w: &mut __ucwa::authoring::xml::Writer, __key: &str, __root: bool) {
                    #members
                    // A root read without a `rel` is written without one.
                    let __rel_attribute = (!(__root && __members.is_rel_absent())).then_some(__key);
                    __w.start_resource(__rel_attribute, self.#self_field.as_ref(), __root);
                    #xml_write_body
                    __w.end("resource");
                }

                fn deserialize_nested<'de, D: __serde::Deserializer<'de>>(__d: D) -> ::core::result::Result<Self, D::Error> {
                    __d.deserialize_map(__Visitor { root: false })
                }
            }

            #[automatically_derived]
            impl __ucwa::xml::FromXml for #ident {
                fn from_xml(__r: &mut __ucwa::authoring::xml::Reader<'_>) -> __ucwa::Result<Self> {
                    let __root = __p::xml_root(__r, "resource")?;
                    let __start = __r.resource_start(&__root)?;
                    __p::xml_root_rel(__r, &__root, &__start, #rel)?;
                    match <Self as __ucwa::Resource>::decode_xml_body(__r, __start) {
                        ::core::result::Result::Ok(v) => ::core::result::Result::Ok(v),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e.in_segment(#rel)),
                    }
                }
            }

            #[automatically_derived]
            impl __ucwa::xml::ToXml for #ident {
                fn to_xml(&self, __w: &mut __ucwa::authoring::xml::Writer) {
                    __ucwa::Resource::encode_xml_element(self, __w, #rel, true);
                }
            }
        }
    } else {
        quote! {
            #[automatically_derived]
            impl __ucwa::Input for #ident {}

            #[automatically_derived]
            impl __ucwa::xml::FromXml for #ident {
                fn from_xml(__r: &mut __ucwa::authoring::xml::Reader<'_>) -> __ucwa::Result<Self> {
                    __p::xml_root(__r, "input")?;
                    match __decode(__r) {
                        ::core::result::Result::Ok(v) => ::core::result::Result::Ok(v),
                        ::core::result::Result::Err(e) => ::core::result::Result::Err(e.in_segment("input")),
                    }
                }
            }

            fn __decode(__r: &mut __ucwa::authoring::xml::Reader<'_>) -> __ucwa::Result<#ident> {
                #xml_members
            }

            #[automatically_derived]
            impl __ucwa::xml::ToXml for #ident {
                fn to_xml(&self, __w: &mut __ucwa::authoring::xml::Writer) {
                    #members
                    __w.start_root("input");
                    #xml_write_body
                    __w.end("input");
                }
            }
        }
    };

    let tables = name_tables(d);
    quote! {
        #checks
        #tables
        #kind_impls

        #[automatically_derived]
        impl __ucwa::Document for #ident {
            fn collect_untyped(&self, __path: &str, __out: &mut Vec<__ucwa::Untyped>) {
                #untyped
            }
        }

        #serialize
        #deserialize
    }
}

/// Declares the decoding slots (the tuple `__s`): `Option<T>` for properties, the field
/// type for links and embedded resources, all empty constants (no call); plus the self
/// link (resources) and the catch-all.
fn slot_declarations(d: &Document<'_>) -> TokenStream {
    let prop_types = d.properties.iter().map(|p| {
        let ty = p.field.ty;
        if p.optional {
            quote! { #ty }
        } else {
            quote! { ::core::option::Option<#ty> }
        }
    });
    let prop_inits = d
        .properties
        .iter()
        .map(|_| quote! { ::core::option::Option::None });
    let set_types = d.links.iter().chain(&d.embedded).map(|n| n.field.ty);
    let set_inits = d.links.iter().chain(&d.embedded).map(|n| {
        let ty = n.field.ty;
        quote! { <#ty as __p::Cardinality>::EMPTY }
    });
    let self_link = (d.derive == Derive::Resource)
        .then(|| quote! { let mut __self_link: Option<__ucwa::Link> = None; });
    quote! {
        #self_link
        let mut __members = __p::EMPTY_MEMBERS;
        let mut __s: (#(#prop_types,)* #(#set_types,)*) = (#(#prop_inits,)* #(#set_inits,)*);
    }
}

/// Builds the value from the slots; `missing` maps a property name to an error expression.
fn construct(d: &Document<'_>, missing: impl Fn(&str) -> TokenStream) -> TokenStream {
    let ident = d.ident();
    let props = d.properties.iter().map(|p| {
        let name = p.field.ident;
        let slot = slot_expr(d, name);
        let wire = &p.name;
        if p.optional {
            quote! { #name: #slot }
        } else if p.field.attrs.default.is_some() {
            quote! { #name: #slot.unwrap_or_default() }
        } else {
            let err = missing(wire);
            quote! { #name: match #slot { Some(v) => v, None => return Err(#err) } }
        }
    });
    let sets = d.links.iter().chain(&d.embedded).map(|n| {
        let name = n.field.ident;
        let slot = slot_expr(d, name);
        quote! { #name: #slot }
    });
    let self_link = d.self_link.as_ref().map(|f| {
        let name = f.ident;
        quote! { #name: __self_link, }
    });
    let (extra, unused_members) = match &d.extra {
        Some(f) => {
            let name = f.ident;
            (quote! { #name: __members, }, quote! {})
        }
        // `drop_unknown`: what the catch-all collected is dropped here.
        None => (quote! {}, quote! { let _ = __members; }),
    };
    quote! {
        #unused_members
        Ok(#ident { #(#props,)* #(#sets,)* #self_link #extra })
    }
}

/// A reference to the catch-all of `value` (or an empty one when the type has none).
fn members_ref(d: &Document<'_>, value: TokenStream) -> TokenStream {
    match &d.extra {
        Some(f) => {
            let name = f.ident;
            quote! { let __members: &__ucwa::Members = &#value.#name; }
        }
        None => quote! {
            let __empty = __ucwa::Members::default();
            let __members: &__ucwa::Members = &__empty;
        },
    }
}

/// Compile-time checks that field types fit their roles, reported at the field type.
fn type_checks(d: &Document<'_>) -> TokenStream {
    let props = d.properties.iter().map(|p| {
        let ty = p.field.ty;
        let checked = if p.optional {
            option_inner(ty).unwrap_or(ty)
        } else {
            ty
        };
        quote_spanned! {ty.span()=> __p::assert_property::<#checked>(); }
    });
    let links = d.links.iter().map(|n| {
        let ty = n.field.ty;
        quote_spanned! {ty.span()=> __p::assert_link_field::<#ty>(); }
    });
    let embedded = d.embedded.iter().map(|n| {
        let ty = n.field.ty;
        quote_spanned! {ty.span()=> __p::assert_embedded_field::<#ty>(); }
    });
    quote! {
        #[allow(dead_code)]
        fn __type_checks() { #(#props)* #(#links)* #(#embedded)* }
    }
}

/// Reports unknown enum values of known properties and untyped members of embedded ones.
fn collect_untyped(d: &Document<'_>) -> TokenStream {
    let props = d.properties.iter().map(|p| {
        let name = p.field.ident;
        let wire = &p.name;
        if p.optional {
            quote! { if let Some(v) = &self.#name { __p::untyped_property(v, __path, #wire, __out); } }
        } else {
            quote! { __p::untyped_property(&self.#name, __path, #wire, __out); }
        }
    });
    let embedded = d.embedded.iter().map(|n| {
        let name = n.field.ident;
        let key = &n.name;
        quote! { __p::untyped_embedded(&self.#name, __path, #key, __out); }
    });
    let extra = d.extra.as_ref().map(|f| {
        let name = f.ident;
        quote! { self.#name.collect_untyped(__path, __out); }
    });
    quote! { #(#props)* #(#embedded)* #extra }
}

/// The name tables of a type (`__PROPERTIES`, `__LINKS`, `__EMBEDDED`), each with its
/// lookup, a `match`: shared by the JSON and XML decoders.
fn name_tables(d: &Document<'_>) -> TokenStream {
    let property_entries = d.properties.iter().map(|p| {
        let (name, optional) = (&p.name, p.optional);
        quote! { (#name, #optional) }
    });
    let properties = names_const(
        quote!(__PROPERTIES),
        quote!((&'static str, bool)),
        d.properties.iter().map(|p| p.name.as_str()),
        quote! { &[#(#property_entries),*] },
    );
    let table = |named: &[Named<'_>], ident: TokenStream| {
        let names = named.iter().map(|n| &n.name);
        names_const(
            ident,
            quote!(&'static str),
            named.iter().map(|n| n.name.as_str()),
            quote! { &[#(#names),*] },
        )
    };
    let links = table(&d.links, quote!(__LINKS));
    let embedded = (d.derive == Derive::Resource).then(|| table(&d.embedded, quote!(__EMBEDDED)));
    quote! { #properties #links #embedded }
}

fn names_const<'a>(
    ident: TokenStream,
    entry: TokenStream,
    names: impl Iterator<Item = &'a str>,
    table: TokenStream,
) -> TokenStream {
    let arms = names.enumerate().map(|(i, name)| {
        quote! { #name => ::core::option::Option::Some(#i), }
    });
    // A fn item, not a closure: a closure coerced to a fn pointer gets a shim in every
    // codegen unit that uses it.
    let find = format_ident!("{}_find", ident.to_string());
    quote! {
        fn #find(__name: &str) -> ::core::option::Option<usize> {
            match __name {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }

        const #ident: __p::Names<#entry> = __p::Names {
            table: #table,
            find: #find,
        };
    }
}

/// `&mut` to the decoding slots of `fields`, as a slice of trait objects.
fn slot_refs<'a>(d: &Document<'_>, fields: impl Iterator<Item = &'a syn::Ident>) -> TokenStream {
    let slots = fields.map(|f| slot_expr(d, f));
    quote! { &mut [#(&mut #slots),*] }
}

/// XML: reads the members of a `<resource>` (after its start tag) or an `<input>`,
/// through the shared member loop.
fn xml_member_loop(d: &Document<'_>) -> TokenStream {
    let declarations = slot_declarations(d);
    let construct = construct(d, |name| quote! { __p::xml_missing(__r, #name) });
    let properties = quote!(__PROPERTIES);
    let property_slots = slot_refs(d, d.properties.iter().map(|p| p.field.ident));
    let links = quote!(__LINKS);
    let link_slots = slot_refs(d, d.links.iter().map(|n| n.field.ident));
    // In XML a document without `rel` has neither the property nor the root attribute.
    let rel_absent = rel_absent_note(d, quote!(!__rel_attribute &&));
    let (rel, start, embedded, embedded_slots) = if d.derive == Derive::Resource {
        let rel = d.rel();
        (
            quote! { ::core::option::Option::Some(#rel) },
            quote! {
                let __rel_attribute = __start.rel.is_some();
                __self_link = __start.self_link;
            },
            quote!(__EMBEDDED),
            slot_refs(d, d.embedded.iter().map(|n| n.field.ident)),
        )
    } else {
        (
            quote! { ::core::option::Option::None },
            quote! {},
            quote! { __p::NO_NAMES },
            quote! { &mut [] },
        )
    };
    quote! {
        #declarations
        #start
        let __rel_seen = __p::xml_members(__r, __p::XmlKnown {
            rel: #rel,
            properties: #properties,
            property_slots: #property_slots,
            links: #links,
            link_slots: #link_slots,
            embedded: #embedded,
            embedded_slots: #embedded_slots,
        }, &mut __members)?;
        #rel_absent
        #construct
    }
}

/// XML: writes what is inside the root or `<resource>` element: links, then properties,
/// then embedded resources, known ones before those the catch-all kept.
fn xml_write_body(d: &Document<'_>) -> TokenStream {
    let links = d.links.iter().map(|n| {
        let name = n.field.ident;
        let rel = &n.name;
        quote! { (#rel, &self.#name) }
    });
    let props = property_refs(d);
    let (rel, embedded) = if d.derive == Derive::Resource {
        let rel = d.rel();
        let embedded = d.embedded.iter().map(|n| {
            let name = n.field.ident;
            let key = &n.name;
            quote! { __p::xml_embedded_items(__w, #key, &self.#name); }
        });
        (
            quote! { ::core::option::Option::Some(#rel) },
            quote! {
                #(#embedded)*
                __p::xml_catch_all_embedded(&__members, __w);
            },
        )
    } else {
        (quote! { ::core::option::Option::None }, quote! {})
    };
    quote! {
        __p::xml_write_members(__w, &[#(#links),*], #rel, &[#(#props),*], __members);
        #embedded
    }
}

/// `(name, &field)` for each property, for the shared writers: an optional field as it
/// is, a required one wrapped in `Required`.
fn property_refs<'a>(d: &'a Document<'_>) -> impl Iterator<Item = TokenStream> + 'a {
    d.properties.iter().map(|p| {
        let name = p.field.ident;
        let wire = &p.name;
        if p.optional {
            quote! { (#wire, &self.#name) }
        } else {
            quote! { (#wire, &__p::Required(&self.#name)) }
        }
    })
}

/// JSON: `Serialize` for the type, and for its `_embedded` object when it has embedded
/// fields (`_links`, and an `_embedded` of the catch-all's only, are written by shared code).
fn serialize(d: &Document<'_>) -> TokenStream {
    let ident = d.ident();
    let resource = d.derive == Derive::Resource;
    let members = members_ref(d, quote!(self));
    let members_of_r = members_ref(d, quote!(r));
    let props = property_refs(d);
    let links = d.links.iter().map(|n| {
        let name = n.field.ident;
        let rel = &n.name;
        quote! { (#rel, &self.#name) }
    });
    let (rel_entry, self_link) = match (&d.self_link, resource) {
        (Some(f), true) => {
            let rel = d.rel();
            let name = f.ident;
            (
                quote! {
                    if !__members.is_rel_absent() {
                        __map.serialize_entry("rel", #rel)?;
                    }
                },
                quote! { self.#name.as_ref() },
            )
        }
        _ => (quote! {}, quote! { ::core::option::Option::None }),
    };
    let embedded =
        (resource && !d.embedded.is_empty()).then(|| embedded_serialize(d, &members_of_r));
    let embedded_entry = resource.then(|| {
        if d.embedded.is_empty() {
            return quote! { __p::ser_unknown_embedded(&mut __map, __members)?; };
        }
        let has = d.embedded.iter().map(|n| {
            let name = n.field.ident;
            let key = &n.name;
            quote! { || __p::has_embedded(&self.#name, #key, __members) }
        });
        quote! {
            if false #(#has)* || !__members.embedded.is_empty() {
                __map.serialize_entry("_embedded", &__Embedded(self))?;
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl __serde::Serialize for #ident {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                #members
                let mut __map = __s.serialize_map(None)?;
                #rel_entry
                __p::ser_properties(&mut __map, &[#(#props),*], __members)?;
                __p::ser_links(&mut __map, #self_link, &[#(#links),*], __members)?;
                #embedded_entry
                __map.end()
            }
        }

        #embedded
    }
}

fn embedded_serialize(d: &Document<'_>, members_of_r: &TokenStream) -> TokenStream {
    let ident = d.ident();
    let ser = d.embedded.iter().map(|n| {
        let name = n.field.ident;
        let key = &n.name;
        quote! { __p::ser_embedded(&mut __map, #key, &r.#name, __members)?; }
    });
    quote! {
        struct __Embedded<'a>(&'a #ident);

        #[automatically_derived]
        impl __serde::Serialize for __Embedded<'_> {
            fn serialize<S: __serde::Serializer>(&self, __s: S) -> ::core::result::Result<S::Ok, S::Error> {
                use __serde::ser::SerializeMap as _;
                let r = self.0;
                #members_of_r
                let mut __map = __s.serialize_map(None)?;
                #(#ser)*
                __p::ser_catch_all_embedded(&__members, &mut __map)?;
                __map.end()
            }
        }
    }
}

/// JSON: `Deserialize` through a map visitor that hands the members to the shared loop
/// (`__private::json_members`); a type with embedded fields adds a seed that reads
/// `_embedded` into their slots.
fn deserialize(d: &Document<'_>) -> TokenStream {
    let ident = d.ident();
    let resource = d.derive == Derive::Resource;
    let declarations = slot_declarations(d);
    let construct = construct(d, |name| quote! { __p::json_missing(#name) });
    // Only a root can lack its `rel`: in XML an embedded resource always has one.
    let rel_absent = rel_absent_note(d, quote!(__p::json_rel_may_be_absent(__root) &&));
    let properties = quote!(__PROPERTIES);
    let property_slots = slot_refs(d, d.properties.iter().map(|p| p.field.ident));
    let links = quote!(__LINKS);
    let link_slots = slot_refs(d, d.links.iter().map(|n| n.field.ident));
    let (visitor, root, nested_visit, rel, self_link, embedded, embedded_seed) = if resource {
        let rel = d.rel();
        let (embedded, embedded_seed) = if d.embedded.is_empty() {
            (quote! { ::core::option::Option::None }, quote! {})
        } else {
            let embedded_init = d.embedded.iter().map(|n| seed_init(d, n));
            (
                quote! {
                    ::core::option::Option::Some(&mut |__map: &mut A, __members: &mut __ucwa::Members| {
                        __ucwa::authoring::json::next_value_seed(__map, "_embedded", __EmbeddedSeed {
                            #(#embedded_init)*
                            members: __members,
                        })
                    })
                },
                embedded_seed(d),
            )
        };
        (
            quote! { struct __Visitor { root: bool } },
            quote! { __Visitor { root: true } },
            quote! {
                match __visit(&mut __map, self.root) {
                    ::core::result::Result::Ok(v) => ::core::result::Result::Ok(v),
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(__p::json_root_error(e, self.root, #rel)),
                }
            },
            quote! { ::core::option::Option::Some(#rel) },
            quote! { ::core::option::Option::Some(&mut __self_link) },
            embedded,
            embedded_seed,
        )
    } else {
        (
            quote! { struct __Visitor; },
            quote! { __Visitor },
            quote! { __visit(&mut __map, true) },
            quote! { ::core::option::Option::None },
            quote! { ::core::option::Option::None },
            quote! { ::core::option::Option::None },
            quote! {},
        )
    };
    let expecting = match d.derive {
        Derive::Resource => format!("a `{}` resource object", d.rel()),
        _ => format!("a `{ident}` request body object"),
    };
    quote! {
        #[automatically_derived]
        impl<'de> __serde::Deserialize<'de> for #ident {
            fn deserialize<D: __serde::Deserializer<'de>>(__d: D) -> ::core::result::Result<Self, D::Error> {
                __d.deserialize_map(#root)
            }
        }

        #visitor

        #[automatically_derived]
        impl<'de> __serde::de::Visitor<'de> for __Visitor {
            type Value = #ident;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut __map: A) -> ::core::result::Result<#ident, A::Error> {
                #nested_visit
            }
        }

        fn __visit<'de, A: __serde::de::MapAccess<'de>>(__map: &mut A, __root: bool) -> ::core::result::Result<#ident, A::Error> {
            #declarations
            let __rel_seen = __p::json_members(__map, __p::JsonKnown {
                rel: #rel,
                properties: #properties,
                property_slots: #property_slots,
                self_link: #self_link,
                links: #links,
                link_slots: #link_slots,
                embedded: #embedded,
            }, &mut __members)?;
            #rel_absent
            #construct
        }

        #embedded_seed
    }
}

/// The seed that reads a JSON `_embedded` object into `&mut` slots of the value being
/// decoded, through the shared loop.
fn embedded_seed(d: &Document<'_>) -> TokenStream {
    let fields = d.embedded.iter().map(|n| {
        let slot = slot(n.field.ident);
        let ty = n.field.ty;
        quote! { #slot: &'a mut #ty, }
    });
    let keys = quote!(__EMBEDDED);
    let slots = d.embedded.iter().map(|n| slot(n.field.ident));
    quote! {
        struct __EmbeddedSeed<'a> {
            #(#fields)*
            members: &'a mut __ucwa::Members,
        }

        #[automatically_derived]
        impl<'de> __serde::de::DeserializeSeed<'de> for __EmbeddedSeed<'_> {
            type Value = ();
            fn deserialize<D: __serde::Deserializer<'de>>(self, __d: D) -> ::core::result::Result<(), D::Error> {
                __d.deserialize_map(self)
            }
        }

        #[automatically_derived]
        impl<'de> __serde::de::Visitor<'de> for __EmbeddedSeed<'_> {
            type Value = ();
            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("an `_embedded` object")
            }
            fn visit_map<A: __serde::de::MapAccess<'de>>(self, mut __map: A) -> ::core::result::Result<(), A::Error> {
                __p::json_embedded_members(&mut __map, #keys, &mut [#(self.#slots),*], self.members)
            }
        }
    }
}

/// A resource read without a `rel` (typed by context, such as autodiscovery's `root`)
/// notes it, so that none is written back, in either format; a type without a
/// catch-all has nowhere to note it. `also` adds a condition (XML: no root attribute).
fn rel_absent_note(d: &Document<'_>, also: TokenStream) -> TokenStream {
    if d.derive == Derive::Resource && d.extra.is_some() {
        quote! {
            if #also !__rel_seen {
                __p::note_rel_absent(&mut __members);
            }
        }
    } else {
        quote! {}
    }
}

/// A seed field initialiser: `__f_x: &mut __s.N,`.
fn seed_init(d: &Document<'_>, n: &Named<'_>) -> TokenStream {
    let field = slot(n.field.ident);
    let slot = slot_expr(d, n.field.ident);
    quote! { #field: &mut #slot, }
}
