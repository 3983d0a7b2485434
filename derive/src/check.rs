//! Checks that a model makes sense: the roles a derive allows, the field types each role
//! needs, the attributes each role takes, and that nothing is dropped without saying so.

use crate::ast::{Document, Field, StringEnum, last_ident, option_inner, vec_inner};
use crate::attr::{Derive, RoleKey};
use crate::ctxt::Ctxt;
use syn::{DeriveInput, Fields};

pub fn document(cx: &Ctxt, d: &Document<'_>) {
    no_generics(cx, d.input, d.derive);
    let resource = d.derive == Derive::Resource;
    if resource && d.attrs.rel.is_none() {
        cx.error_spanned_by(
            d.ident(),
            "#[derive(Resource)] needs #[ucwa(rel = \"...\")] naming the resource type",
        );
    }
    if resource && d.self_link.is_none() {
        cx.error_spanned_by(
            d.ident(),
            "#[derive(Resource)] needs a `#[ucwa(self_link)] self_link: Option<Link>` field",
        );
    }
    lossless(cx, d);

    for p in &d.properties {
        if let Some(span) = p.field.attrs.default
            && p.optional
        {
            cx.error_at(
                span,
                "`default` is implied for an `Option` field; remove it",
            );
        }
        if resource && p.name == "rel" {
            cx.error_spanned_by(
                p.field.ident,
                "`rel` is not a property: it comes from #[ucwa(rel = \"...\")] on the struct",
            );
        }
    }
    for l in &d.links {
        role_attributes(cx, &l.field);
        if !is_option_or_vec_of(l.field.ty, "Link") {
            cx.error_spanned_by(
                l.field.ty,
                "a `link` field must be an `Option<Link>` (one link) or a `Vec<Link>` (many)",
            );
        }
        if l.name == "self" {
            cx.error_at(
                role_span(&l.field),
                "the self link is declared with #[ucwa(self_link)]",
            );
        }
    }
    for e in &d.embedded {
        role_attributes(cx, &e.field);
        if !resource {
            not_in_input(cx, &e.field);
        }
        if option_inner(e.field.ty).is_none() && vec_inner(e.field.ty).is_none() {
            cx.error_spanned_by(
                e.field.ty,
                "an `embedded` field must be an `Option<T>` (one resource) or a `Vec<T>` (many)",
            );
        }
    }
    if let Some(f) = &d.self_link {
        role_attributes(cx, f);
        if !resource {
            not_in_input(cx, f);
        }
        if option_inner(f.ty).and_then(last_ident).as_deref() != Some("Link") {
            cx.error_spanned_by(f.ty, "a `self_link` field must be an `Option<Link>`");
        }
    }
    if let Some(f) = &d.extra {
        role_attributes(cx, f);
        if last_ident(f.ty).as_deref() != Some("Members") {
            cx.error_spanned_by(f.ty, "an `extra` field must be of type `Members`");
        }
    }
}

/// A document keeps the members no field is for, unless it says it drops them.
fn lossless(cx: &Ctxt, d: &Document<'_>) {
    let name = d.derive.name();
    match (&d.extra, d.attrs.drop_unknown) {
        (None, None) => cx.error_spanned_by(
            d.ident(),
            format!(
                "#[derive({name})] keeps the members it has no field for: add a catch-all field \
                 `#[ucwa(extra)] extra: Members`, or say #[ucwa(drop_unknown)] on the struct to drop them"
            ),
        ),
        (Some(extra), Some(span)) => cx.error_at(
            span,
            format!(
                "`drop_unknown` conflicts with the `extra` field `{}`, which keeps unknown members",
                extra.ident
            ),
        ),
        _ => {}
    }
}

/// `default` is for properties; `rename` names a property, link or embedded resource.
fn role_attributes(cx: &Ctxt, f: &Field<'_>) {
    let Some((role, _)) = f.attrs.role else {
        return;
    };
    if let Some(span) = f.attrs.default {
        cx.error_at(
            span,
            format!("`default` does not apply to a `{}` field", role.name()),
        );
    }
    if matches!(role, RoleKey::SelfLink | RoleKey::Extra)
        && let Some(rename) = &f.attrs.rename
    {
        cx.error_spanned_by(
            rename,
            format!("`rename` does not apply to a `{}` field", role.name()),
        );
    }
}

fn not_in_input(cx: &Ctxt, f: &Field<'_>) {
    let role = f.attrs.role.map(|(r, _)| r.name()).unwrap_or_default();
    cx.error_at(
        role_span(f),
        format!(
            "`{role}` is not allowed in a request body: #[derive(Input)] holds only properties and links"
        ),
    );
}

fn role_span(f: &Field<'_>) -> proc_macro2::Span {
    f.attrs
        .role
        .map(|(_, span)| span)
        .unwrap_or_else(|| f.ident.span())
}

fn is_option_or_vec_of(ty: &syn::Type, name: &str) -> bool {
    option_inner(ty)
        .or_else(|| vec_inner(ty))
        .and_then(last_ident)
        .as_deref()
        == Some(name)
}

fn no_generics(cx: &Ctxt, input: &DeriveInput, derive: Derive) {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!(
                "#[derive({})] does not support generic types",
                derive.name()
            ),
        );
    }
}

pub fn string_enum(cx: &Ctxt, e: &StringEnum<'_>) {
    no_generics(cx, e.input, Derive::StringEnum);
    for v in &e.misfits {
        cx.error_spanned_by(
            &v.ident,
            "a member of a string enum has no fields (mark the fallback with #[ucwa(other)])",
        );
    }
    match (&e.other, e.attrs.closed) {
        (None, None) => cx.error_spanned_by(
            &e.input.ident,
            "#[derive(StringEnum)] keeps values it does not know: add a fallback variant \
             `#[ucwa(other)] Other(String)`, or say #[ucwa(closed)] on the enum to refuse them",
        ),
        (Some(other), Some(span)) => cx.error_at(
            span,
            format!(
                "`closed` conflicts with the `other` variant `{}`, which keeps unknown values",
                other.variant.ident
            ),
        ),
        _ => {}
    }
    if let Some(other) = &e.other {
        if let Some(rename) = &other.attrs.rename {
            cx.error_spanned_by(rename, "the `other` variant has no wire name to rename");
        }
        match &other.variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {}
            _ => cx.error_spanned_by(
                &other.variant.ident,
                "the `other` variant must hold the unknown value: `Other(String)`",
            ),
        }
    }
}
