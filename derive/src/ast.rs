//! The derive input as a plain model: the fields of a `Resource` or `Input` sorted by role
//! (properties, links, embedded resources, self link, catch-all), the variants of a
//! `StringEnum` split into members and fallback. Building it reports what the attributes
//! say twice (the same key, two roles on a field, two fields with one role or one wire
//! name); whether the model makes sense is `check`'s business.

use crate::attr::{self, Derive, RoleKey, Slot};
use crate::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Ident, Type};

/// A struct deriving `Resource` or `Input`.
pub struct Document<'a> {
    pub input: &'a DeriveInput,
    pub derive: Derive,
    pub attrs: attr::Container,
    pub properties: Vec<Property<'a>>,
    pub links: Vec<Named<'a>>,
    pub embedded: Vec<Named<'a>>,
    pub self_link: Option<Field<'a>>,
    pub extra: Option<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
}

/// A property: `name` on the wire, `optional` when the field is an `Option`.
pub struct Property<'a> {
    pub field: Field<'a>,
    pub name: String,
    pub optional: bool,
}

/// A link (`name` is its rel) or an embedded resource (`name` is its key).
pub struct Named<'a> {
    pub field: Field<'a>,
    pub name: String,
}

impl<'a> Document<'a> {
    /// The model, or `None` when the input is not a struct with named fields (reported).
    pub fn from_ast(
        cx: &Ctxt,
        input: &'a DeriveInput,
        derive: Derive,
        attrs: attr::Container,
    ) -> Option<Self> {
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(named),
                _ => None,
            },
            _ => None,
        };
        let Some(named) = named else {
            cx.error_spanned_by(
                &input.ident,
                format!(
                    "#[derive({})] needs a struct with named fields",
                    derive.name()
                ),
            );
            return None;
        };
        let mut properties = Vec::new();
        let mut links = Vec::new();
        let mut embedded = Vec::new();
        let mut self_link = Slot::new(" field: one field is the self link");
        let mut extra = Slot::new(" field: one field is the catch-all");
        for syn_field in &named.named {
            let Some(ident) = syn_field.ident.as_ref() else {
                continue;
            };
            let field = Field {
                ident,
                ty: &syn_field.ty,
                attrs: attr::Field::parse(cx, &syn_field.attrs),
            };
            let name = field
                .attrs
                .rename
                .as_ref()
                .map(|r| r.value())
                .unwrap_or_else(|| camel_case(ident));
            match field.attrs.role.map(|(role, _)| role) {
                None => {
                    unique(
                        cx,
                        &properties,
                        |p: &Property<'_>| &p.name,
                        &name,
                        ident,
                        "property",
                    );
                    let optional = option_inner(field.ty).is_some();
                    properties.push(Property {
                        field,
                        name,
                        optional,
                    });
                }
                Some(RoleKey::Link) => {
                    unique(cx, &links, |n: &Named<'_>| &n.name, &name, ident, "link");
                    links.push(Named { field, name });
                }
                Some(RoleKey::Embedded) => {
                    unique(
                        cx,
                        &embedded,
                        |n: &Named<'_>| &n.name,
                        &name,
                        ident,
                        "embedded resource",
                    );
                    embedded.push(Named { field, name });
                }
                Some(RoleKey::SelfLink) => self_link.set(cx, ident, "self_link", field),
                Some(RoleKey::Extra) => extra.set(cx, ident, "extra", field),
            }
        }
        Some(Document {
            input,
            derive,
            attrs,
            properties,
            links,
            embedded,
            self_link: self_link.into_inner(),
            extra: extra.into_inner(),
        })
    }

    pub fn ident(&self) -> &'a Ident {
        &self.input.ident
    }

    pub fn rel(&self) -> String {
        self.attrs
            .rel
            .as_ref()
            .map(|r| r.value())
            .unwrap_or_default()
    }
}

/// A wire name used twice within one role is an error at the second field.
fn unique<T>(
    cx: &Ctxt,
    seen: &[T],
    name_of: impl Fn(&T) -> &String,
    name: &str,
    culprit: &Ident,
    space: &str,
) {
    if seen.iter().any(|s| name_of(s) == name) {
        cx.error_spanned_by(culprit, format!("two fields map to the {space} `{name}`"));
    }
}

/// An enum deriving `StringEnum`.
pub struct StringEnum<'a> {
    pub input: &'a DeriveInput,
    pub attrs: attr::Container,
    pub members: Vec<Member<'a>>,
    pub other: Option<Other<'a>>,
    /// Variants that are neither a member (they have fields) nor marked `other`.
    pub misfits: Vec<&'a syn::Variant>,
}

/// A documented value and its wire spelling.
pub struct Member<'a> {
    pub ident: &'a Ident,
    pub wire: String,
}

/// The variant that keeps unknown values.
pub struct Other<'a> {
    pub variant: &'a syn::Variant,
    pub attrs: attr::Variant,
}

impl<'a> StringEnum<'a> {
    /// The model, or `None` when the input is not an enum (reported).
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput, attrs: attr::Container) -> Option<Self> {
        let Data::Enum(data) = &input.data else {
            cx.error_spanned_by(&input.ident, "#[derive(StringEnum)] needs an enum");
            return None;
        };
        let mut members: Vec<Member<'_>> = Vec::new();
        let mut other = Slot::new(" variant: one variant keeps the unknown values");
        let mut misfits = Vec::new();
        for variant in &data.variants {
            let variant_attrs = attr::Variant::parse(cx, &variant.attrs);
            if variant_attrs.other.is_some() {
                other.set(
                    cx,
                    &variant.ident,
                    "other",
                    Other {
                        variant,
                        attrs: variant_attrs,
                    },
                );
                continue;
            }
            if !matches!(variant.fields, Fields::Unit) {
                misfits.push(variant);
                continue;
            }
            let wire = variant_attrs
                .rename
                .map(|r| r.value())
                .unwrap_or_else(|| variant.ident.to_string());
            if members.iter().any(|m| m.wire == wire) {
                cx.error_spanned_by(&variant.ident, format!("two variants are spelled `{wire}`"));
            }
            members.push(Member {
                ident: &variant.ident,
                wire,
            });
        }
        Some(StringEnum {
            input,
            attrs,
            members,
            other: other.into_inner(),
            misfits,
        })
    }
}

/// `activity_state` → `activityState`; `r#type` → `type`.
pub fn camel_case(ident: &Ident) -> String {
    let raw = ident.to_string();
    crate::case::camel(raw.strip_prefix("r#").unwrap_or(&raw))
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

/// The last identifier of a type path (`Members` for `ucwa_codec::Members`).
pub fn last_ident(ty: &Type) -> Option<String> {
    last_segment(ty).map(|s| s.ident.to_string())
}

fn generic_inner<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let segment = last_segment(ty)?;
    if segment.ident != wrapper {
        return None;
    }
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            syn::GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// The `T` of `Option<T>`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Option")
}

/// The `T` of `Vec<T>`.
pub fn vec_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Vec")
}
