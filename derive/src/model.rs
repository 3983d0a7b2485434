//! Parses and validates the input of the derives into a plain model, collecting every
//! attribute error (each with the span of its culprit) before any code is generated.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, GenericArgument, LitStr, PathArguments, Type};

/// Collects errors so all of them are reported at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn error(&mut self, spanned: impl Spanned, message: impl std::fmt::Display) {
        self.push(syn::Error::new(spanned.span(), message));
    }

    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Which derive is being expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Resource,
    Input,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Resource => "Resource",
            Kind::Input => "Input",
        }
    }
}

/// A struct deriving `Resource` or `Input`.
pub struct Container<'a> {
    pub ident: &'a syn::Ident,
    pub rel: Option<String>,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a Type,
    pub role: Role,
}

pub enum Role {
    /// A property; `optional` when the field is an `Option`.
    Property {
        name: String,
        optional: bool,
        default: bool,
    },
    SelfLink,
    Link {
        rel: String,
    },
    Embedded {
        key: String,
    },
    Extra,
}

impl<'a> Container<'a> {
    pub fn parse(input: &'a DeriveInput, kind: Kind) -> syn::Result<Self> {
        let mut errors = Errors::default();
        if !input.generics.params.is_empty() {
            errors.error(
                &input.generics,
                format!("#[derive({})] does not support generic types", kind.name()),
            );
        }
        let rel = container_attributes(input, kind, &mut errors);
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(named),
                _ => None,
            },
            _ => None,
        };
        let Some(named) = named else {
            errors.error(
                input.ident.span(),
                format!(
                    "#[derive({})] needs a struct with named fields",
                    kind.name()
                ),
            );
            errors.finish()?;
            unreachable!("an error was pushed");
        };
        let mut fields = Vec::new();
        for field in &named.named {
            if let Some(f) = parse_field(field, kind, &mut errors) {
                fields.push(f);
            }
        }
        check_fields(input, kind, &fields, &mut errors);
        errors.finish()?;
        Ok(Container {
            ident: &input.ident,
            rel,
            fields,
        })
    }

    pub fn extra(&self) -> Option<&Field<'a>> {
        self.fields.iter().find(|f| matches!(f.role, Role::Extra))
    }

    pub fn self_link(&self) -> Option<&Field<'a>> {
        self.fields
            .iter()
            .find(|f| matches!(f.role, Role::SelfLink))
    }
}

fn container_attributes(input: &DeriveInput, kind: Kind, errors: &mut Errors) -> Option<String> {
    let mut rel: Option<LitStr> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("ucwa")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rel") && kind == Kind::Resource {
                let value: LitStr = meta.value()?.parse()?;
                if rel.is_some() {
                    return Err(meta.error("duplicate `rel`"));
                }
                if value.value().is_empty() {
                    return Err(syn::Error::new(value.span(), "`rel` must not be empty"));
                }
                rel = Some(value);
                Ok(())
            } else {
                let expected = match kind {
                    Kind::Resource => "expected `rel = \"...\"`",
                    Kind::Input => "#[derive(Input)] takes no container attributes",
                };
                Err(meta.error(format!(
                    "unknown ucwa attribute `{}`: {expected}",
                    path_text(&meta.path)
                )))
            }
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if kind == Kind::Resource && rel.is_none() {
        errors.error(
            input.ident.span(),
            "#[derive(Resource)] needs #[ucwa(rel = \"...\")] naming the resource type",
        );
    }
    rel.map(|r| r.value())
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

#[derive(Default)]
struct FieldAttributes {
    rename: Option<LitStr>,
    default: Option<Span>,
    role: Option<(&'static str, Span)>,
}

fn parse_field<'a>(field: &'a syn::Field, kind: Kind, errors: &mut Errors) -> Option<Field<'a>> {
    let ident = field.ident.as_ref()?;
    let mut attrs = FieldAttributes::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("ucwa")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = path_text(&meta.path);
            match key.as_str() {
                "rename" => {
                    let value: LitStr = meta.value()?.parse()?;
                    if attrs.rename.is_some() {
                        return Err(meta.error("duplicate `rename`"));
                    }
                    if value.value().is_empty() {
                        return Err(syn::Error::new(value.span(), "`rename` must not be empty"));
                    }
                    attrs.rename = Some(value);
                }
                "default" => {
                    if attrs.default.is_some() {
                        return Err(meta.error("duplicate `default`"));
                    }
                    attrs.default = Some(meta.path.span());
                }
                "link" | "self_link" | "embedded" | "extra" => {
                    let role = match key.as_str() {
                        "link" => "link",
                        "self_link" => "self_link",
                        "embedded" => "embedded",
                        _ => "extra",
                    };
                    if kind == Kind::Input && role != "extra" && role != "link" {
                        return Err(meta.error(format!(
                            "`{role}` is not allowed in a request body: #[derive(Input)] holds only properties and links"
                        )));
                    }
                    if let Some((previous, _)) = attrs.role {
                        return Err(meta.error(format!(
                            "`{role}` conflicts with `{previous}` on the same field"
                        )));
                    }
                    attrs.role = Some((role, meta.path.span()));
                }
                _ => {
                    return Err(meta.error(format!(
                        "unknown ucwa attribute `{key}`: expected one of `rename`, `default`, `link`, `self_link`, `embedded`, `extra`"
                    )));
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }

    let wire_name = attrs
        .rename
        .as_ref()
        .map(|r| r.value())
        .unwrap_or_else(|| camel_case(ident));
    let role = match attrs.role {
        None => {
            let optional = option_inner(&field.ty).is_some();
            if let Some(span) = attrs.default {
                if optional {
                    errors.error(
                        span,
                        "`default` is implied for an `Option` field; remove it",
                    );
                }
            }
            if wire_name == "rel" {
                errors.error(
                    ident,
                    "`rel` is not a property: it comes from #[ucwa(rel = \"...\")] on the struct",
                );
            }
            Role::Property {
                name: wire_name,
                optional,
                default: attrs.default.is_some(),
            }
        }
        Some((role, span)) => {
            if let Some(span) = attrs.default {
                errors.error(
                    span,
                    format!("`default` does not apply to a `{role}` field"),
                );
            }
            match role {
                "self_link" | "extra" => {
                    if let Some(rename) = &attrs.rename {
                        errors.error(
                            rename,
                            format!("`rename` does not apply to a `{role}` field"),
                        );
                    }
                }
                _ => {}
            }
            match role {
                "self_link" => {
                    if !is_option_of(&field.ty, "Link") {
                        errors.error(&field.ty, "a `self_link` field must be an `Option<Link>`");
                    }
                    Role::SelfLink
                }
                "extra" => {
                    if last_ident(&field.ty).as_deref() != Some("Members") {
                        errors.error(&field.ty, "an `extra` field must be of type `Members`");
                    }
                    Role::Extra
                }
                "link" => {
                    if !is_option_of(&field.ty, "Link") && !is_vec_of(&field.ty, "Link") {
                        errors.error(
                            &field.ty,
                            "a `link` field must be an `Option<Link>` (one link) or a `Vec<Link>` (many)",
                        );
                    }
                    if wire_name == "self" {
                        errors.error(span, "the self link is declared with #[ucwa(self_link)]");
                    }
                    Role::Link { rel: wire_name }
                }
                _ => {
                    if option_inner(&field.ty).is_none() && vec_inner(&field.ty).is_none() {
                        errors.error(
                            &field.ty,
                            "an `embedded` field must be an `Option<T>` (one resource) or a `Vec<T>` (many)",
                        );
                    }
                    Role::Embedded { key: wire_name }
                }
            }
        }
    };
    Some(Field {
        ident,
        ty: &field.ty,
        role,
    })
}

fn check_fields(input: &DeriveInput, kind: Kind, fields: &[Field<'_>], errors: &mut Errors) {
    let mut seen_extra = false;
    let mut seen_self = false;
    let mut names: Vec<(&str, String)> = Vec::new();
    for field in fields {
        let (space, name) = match &field.role {
            Role::Extra => {
                if seen_extra {
                    errors.error(field.ident, "only one field can be the `extra` catch-all");
                }
                seen_extra = true;
                continue;
            }
            Role::SelfLink => {
                if seen_self {
                    errors.error(field.ident, "only one field can be the `self_link`");
                }
                seen_self = true;
                continue;
            }
            Role::Property { name, .. } => ("property", name),
            Role::Link { rel } => ("link", rel),
            Role::Embedded { key } => ("embedded resource", key),
        };
        if names.iter().any(|(s, n)| *s == space && n == name) {
            errors.error(
                field.ident,
                format!("two fields map to the {space} `{name}`"),
            );
        }
        names.push((space, name.clone()));
    }
    if kind == Kind::Resource && !seen_self {
        errors.error(
            input.ident.span(),
            "#[derive(Resource)] needs a `#[ucwa(self_link)] self_link: Option<Link>` field",
        );
    }
}

/// `activity_state` → `activityState`; `r#type` → `type`.
pub fn camel_case(ident: &syn::Ident) -> String {
    let raw = ident.to_string();
    let name = raw.strip_prefix("r#").unwrap_or(&raw);
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

fn last_ident(ty: &Type) -> Option<String> {
    last_segment(ty).map(|s| s.ident.to_string())
}

fn generic_inner<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let segment = last_segment(ty)?;
    if segment.ident != wrapper {
        return None;
    }
    match &segment.arguments {
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            GenericArgument::Type(inner) => Some(inner),
            _ => None,
        },
        _ => None,
    }
}

/// The `T` of `Option<T>`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Option")
}

fn vec_inner(ty: &Type) -> Option<&Type> {
    generic_inner(ty, "Vec")
}

fn is_option_of(ty: &Type, name: &str) -> bool {
    option_inner(ty).and_then(last_ident).as_deref() == Some(name)
}

fn is_vec_of(ty: &Type, name: &str) -> bool {
    vec_inner(ty).and_then(last_ident).as_deref() == Some(name)
}
