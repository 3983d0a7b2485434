//! Reads `#[ucwa(...)]` attributes into typed values. Syntax only: which attributes fit
//! together and with which field types is decided in `check`. A key given twice, or two
//! keys of which only one may be given, is one error at the repeat ([`Slot`]); an unknown
//! key is one error and parsing goes on with the next key, so that `crate = "..."` is
//! still known to the fallback impls.

use crate::ctxt::Ctxt;
use proc_macro2::Span;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

/// Which derive is being expanded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Derive {
    Resource,
    Input,
    StringEnum,
}

impl Derive {
    pub fn name(self) -> &'static str {
        match self {
            Derive::Resource => "Resource",
            Derive::Input => "Input",
            Derive::StringEnum => "StringEnum",
        }
    }

    /// The container keys this derive takes, as listed in error messages.
    fn container_keys(self) -> &'static [&'static str] {
        match self {
            Derive::Resource => &["rel", "crate", "drop_unknown"],
            Derive::Input => &["crate", "drop_unknown"],
            Derive::StringEnum => &["crate", "closed"],
        }
    }
}

/// A value given at most once. Several keys may share a slot when only one of them may be
/// given (the roles of a field, the catch-all of a struct); `scope` ends the messages.
pub struct Slot<T> {
    value: Option<(&'static str, T)>,
    scope: &'static str,
}

impl<T> Slot<T> {
    pub fn new(scope: &'static str) -> Self {
        Slot { value: None, scope }
    }

    /// Keeps the first value; a later one is an error spanning `culprit`.
    pub fn set(&mut self, cx: &Ctxt, culprit: impl ToTokens, key: &'static str, value: T) {
        let scope = self.scope;
        match &self.value {
            Some((previous, _)) if *previous == key => {
                cx.error_spanned_by(culprit, format!("duplicate `{key}`{scope}"))
            }
            Some((previous, _)) => cx.error_spanned_by(
                culprit,
                format!("`{key}` conflicts with `{previous}`{scope}"),
            ),
            None => self.value = Some((key, value)),
        }
    }

    pub fn into_inner(self) -> Option<T> {
        self.value.map(|(_, v)| v)
    }
}

/// The container attributes of any of the derives.
pub struct Container {
    pub rel: Option<LitStr>,
    /// The path of the codec crate (`::ucwa_codec` unless `crate = "..."`).
    pub krate: syn::Path,
    pub drop_unknown: Option<Span>,
    pub closed: Option<Span>,
}

impl Container {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute], derive: Derive) -> Self {
        let mut rel = Slot::new("");
        let mut krate = Slot::new("");
        let mut drop_unknown = Slot::new("");
        let mut closed = Slot::new("");
        let keys = derive.container_keys();
        for_each_key(cx, attrs, |meta, key| {
            if !keys.contains(&key.as_str()) {
                let extra = match (derive, key.as_str()) {
                    (Derive::Input, "rel") => " (a request body has no rel)",
                    _ => "",
                };
                unknown_key(
                    cx,
                    meta,
                    &key,
                    &format!("#[derive({})] takes", derive.name()),
                    keys,
                    extra,
                )?;
                return Ok(());
            }
            match key.as_str() {
                "rel" => rel.set(cx, &meta.path, "rel", non_empty(meta, "rel")?),
                "crate" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let path: syn::Path = lit.parse().map_err(|_| {
                        syn::Error::new(
                            lit.span(),
                            "`crate` must be a path, e.g. \"my_crate::codec\"",
                        )
                    })?;
                    krate.set(cx, &meta.path, "crate", path);
                }
                "drop_unknown" => {
                    drop_unknown.set(cx, &meta.path, "drop_unknown", meta.path.span())
                }
                _ => closed.set(cx, &meta.path, "closed", meta.path.span()),
            }
            Ok(())
        });
        Container {
            rel: rel.into_inner(),
            krate: krate
                .into_inner()
                .unwrap_or_else(|| syn::parse_quote!(::ucwa_codec)),
            drop_unknown: drop_unknown.into_inner(),
            closed: closed.into_inner(),
        }
    }
}

/// What a field of a `Resource` or `Input` is, as its attribute says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RoleKey {
    Link,
    SelfLink,
    Embedded,
    Extra,
}

impl RoleKey {
    pub fn name(self) -> &'static str {
        match self {
            RoleKey::Link => "link",
            RoleKey::SelfLink => "self_link",
            RoleKey::Embedded => "embedded",
            RoleKey::Extra => "extra",
        }
    }
}

/// The attributes of a field of a `Resource` or `Input`.
pub struct Field {
    pub rename: Option<LitStr>,
    pub default: Option<Span>,
    /// The role and the span of its key; `None` for a property.
    pub role: Option<(RoleKey, Span)>,
}

const FIELD_KEYS: &[&str] = &[
    "rename",
    "default",
    "link",
    "self_link",
    "embedded",
    "extra",
];

impl Field {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut rename = Slot::new("");
        let mut default = Slot::new("");
        let mut role = Slot::new(" on the same field");
        for_each_key(cx, attrs, |meta, key| {
            let span = meta.path.span();
            match key.as_str() {
                "rename" => rename.set(cx, &meta.path, "rename", non_empty(meta, "rename")?),
                "default" => default.set(cx, &meta.path, "default", span),
                "link" => role.set(cx, &meta.path, "link", (RoleKey::Link, span)),
                "self_link" => role.set(cx, &meta.path, "self_link", (RoleKey::SelfLink, span)),
                "embedded" => role.set(cx, &meta.path, "embedded", (RoleKey::Embedded, span)),
                "extra" => role.set(cx, &meta.path, "extra", (RoleKey::Extra, span)),
                _ => unknown_key(cx, meta, &key, "a field takes", FIELD_KEYS, "")?,
            }
            Ok(())
        });
        Field {
            rename: rename.into_inner(),
            default: default.into_inner(),
            role: role.into_inner(),
        }
    }
}

/// The attributes of a variant of a `StringEnum`.
pub struct Variant {
    pub rename: Option<LitStr>,
    pub other: Option<Span>,
}

impl Variant {
    pub fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut rename = Slot::new("");
        let mut other = Slot::new("");
        for_each_key(cx, attrs, |meta, key| {
            match key.as_str() {
                "rename" => rename.set(cx, &meta.path, "rename", non_empty(meta, "rename")?),
                "other" => other.set(cx, &meta.path, "other", meta.path.span()),
                _ => unknown_key(cx, meta, &key, "a variant takes", &["rename", "other"], "")?,
            }
            Ok(())
        });
        Variant {
            rename: rename.into_inner(),
            other: other.into_inner(),
        }
    }
}

/// Calls `f` for each key of each `#[ucwa(...)]` attribute; a syntax error ends that
/// attribute (recorded), not the others.
fn for_each_key(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&ParseNestedMeta<'_>, String) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("ucwa")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::");
            f(&meta, key)
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
}

/// Records an unknown key and skips its value, if any, so the next keys are still read.
fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    what: &str,
    keys: &[&str],
    extra: &str,
) -> syn::Result<()> {
    let list = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    cx.error_spanned_by(
        &meta.path,
        format!("unknown ucwa attribute `{key}`{extra}: {what} {list}"),
    );
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _group: proc_macro2::Group = meta.input.parse()?;
    }
    Ok(())
}

/// A string value that must not be empty.
fn non_empty(meta: &ParseNestedMeta<'_>, key: &str) -> syn::Result<LitStr> {
    let value: LitStr = meta.value()?.parse()?;
    if value.value().is_empty() {
        return Err(syn::Error::new(
            value.span(),
            format!("`{key}` must not be empty"),
        ));
    }
    Ok(value)
}

use syn::spanned::Spanned as _;
