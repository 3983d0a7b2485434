//! Writes the Rust source (unformatted; `prettyplease` lays it out afterwards), as paths
//! relative to the generated folder.

use crate::areas::{self, Areas, Set};
use crate::model::{self, Enums, Resources, Type};
use crate::naming::{camel, ident, snake, upper_camel};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Every output file, unformatted.
pub fn all(res: &Resources, enums: &Enums) -> Result<Vec<(PathBuf, String)>, String> {
    let ctx = Context::new(res, enums)?;
    let mut files = Vec::new();
    for t in &res.types {
        files.push((
            PathBuf::from(format!("resources/{}.rs", snake(&t.rel))),
            resource_file(&ctx, t)?,
        ));
    }
    files.push((PathBuf::from("resources/mod.rs"), mod_file(&ctx, res)));
    files.push((PathBuf::from("enums.rs"), enums_file(&ctx, enums)));
    files.push((
        PathBuf::from("documented_errors.rs"),
        errors_file(&ctx, res, enums)?,
    ));
    files.push((PathBuf::from("registry.rs"), registry_file(&ctx, res)));
    files.push((PathBuf::from("any.rs"), any_file(&ctx, res)));
    files.push((
        PathBuf::from("mod.rs"),
        generated_mod_file(&ctx, res, enums),
    ));
    Ok(files)
}

struct Context {
    /// Type names of the resources.
    types: BTreeSet<String>,
    /// Enum name → the (type, field) pairs that use it (for its docs).
    enum_uses: BTreeMap<String, Vec<(String, String)>>,
    /// The areas each resource type belongs to.
    areas: Areas,
    /// Resource or request body type name → the resource type it belongs to.
    owner: BTreeMap<String, String>,
    /// Enum name → its areas: those of the types using it (empty: always compiled).
    enum_areas: BTreeMap<String, Set>,
    /// Alias name → target type.
    aliases: BTreeMap<String, String>,
    /// Meanings of common member names (`common_meanings`).
    meanings: BTreeMap<String, String>,
}

impl Context {
    /// The type a link named like `name` (upper camel) points to, if the schema has one.
    fn link_target(&self, name: &str) -> Option<String> {
        if self.types.contains(name) {
            return Some(name.to_owned());
        }
        self.aliases.get(name).cloned()
    }

    /// The areas of a resource or request body type (empty: core).
    fn areas_of(&self, ty: &str) -> Set {
        self.owner
            .get(ty)
            .map(|owner| self.areas.of(owner))
            .unwrap_or_default()
    }

    /// The areas of an enumeration (empty: always compiled).
    fn enum_areas(&self, name: &str) -> Set {
        self.enum_areas.get(name).cloned().unwrap_or_default()
    }

    /// A doc reference to `item` (a path under `crate::`) of the type `ty`, written in an
    /// item of the areas `from`: an intra-doc link when `ty` is compiled whenever that
    /// item is, a plain code span otherwise (the link would break with `ty`'s area off).
    fn doc_ref(&self, from: &Set, ty: &str, text: &str, item: &str) -> String {
        if areas::covers(from, &self.areas_of(ty)) {
            format!("[`{text}`](crate::{item})")
        } else {
            format!("`{text}`")
        }
    }
}

impl Context {
    fn new(res: &Resources, enums: &Enums) -> Result<Self, String> {
        let types: BTreeSet<String> = res.types.iter().map(|t| t.name.clone()).collect();
        let enum_names: BTreeSet<String> = enums.enums.iter().map(|e| e.name.clone()).collect();
        let mut enum_uses: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for t in &res.types {
            for p in &t.properties {
                if let Some(e) = enum_of(&p.ty) {
                    enum_uses
                        .entry(e.to_owned())
                        .or_default()
                        .push((t.name.clone(), snake_field(&p.name)));
                }
            }
            if let Some(input) = &t.input {
                for f in &input.fields {
                    if let Some(e) = enum_of(&f.ty) {
                        enum_uses
                            .entry(e.to_owned())
                            .or_default()
                            .push((input.name.clone(), snake_field(&f.name)));
                    }
                }
            }
        }
        for e in enum_uses.keys() {
            if !enum_names.contains(e) {
                return Err(format!("unknown enumeration `{e}`"));
            }
        }
        for t in &res.types {
            for x in &t.embedded {
                if x.ty != "DynResource" && !types.contains(&x.ty) {
                    return Err(format!(
                        "{}: embedded type `{}` is not a resource",
                        t.rel, x.ty
                    ));
                }
            }
        }
        let aliases = res
            .aliases
            .iter()
            .map(|a| {
                (
                    upper_camel(a.page.trim_end_matches("_ref.md")),
                    a.target.clone(),
                )
            })
            .collect();
        let areas = Areas::compute(res)?;
        // An input type has the areas of the resource it is posted to.
        let owner: BTreeMap<String, String> = res
            .types
            .iter()
            .flat_map(|t| {
                let own = std::iter::once((t.name.clone(), t.name.clone()));
                own.chain(t.input.iter().map(|i| (i.name.clone(), t.name.clone())))
            })
            .collect();
        // The error code and subcode enums are always there: the error body takes them.
        let enum_areas = enum_uses
            .iter()
            .filter(|(e, _)| {
                e.as_str() != crate::validate::ERROR_CODE
                    && e.as_str() != crate::validate::ERROR_SUBCODE
            })
            .map(|(e, uses)| {
                let sets: Vec<Set> = uses.iter().map(|(ty, _)| areas.of(&owner[ty])).collect();
                (e.clone(), areas::union(&sets))
            })
            .collect();
        Ok(Context {
            aliases,
            types,
            enum_uses,
            areas,
            owner,
            enum_areas,
            meanings: res.common_meanings.clone(),
        })
    }
}

/// How a doc names the features of a set of areas (not empty).
fn area_phrase(set: &Set) -> String {
    let names: Vec<String> = set
        .iter()
        .map(|&i| format!("`{}`", areas::AREAS[i].0))
        .collect();
    match names.as_slice() {
        [one] => format!("the {one} feature"),
        _ => format!("one of the features {}", names.join(", ")),
    }
}

fn enum_of(ty: &str) -> Option<&str> {
    let inner = ty
        .strip_prefix("Vec<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    inner.strip_prefix("enum:")
}

fn snake_field(name: &str) -> String {
    ident(&snake(name))
}

/// The Rust spelling of an api type.
fn rust_type(ty: &str) -> Result<String, String> {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return Ok(format!("Vec<{}>", rust_type(inner)?));
    }
    if let Some(e) = ty.strip_prefix("enum:") {
        return Ok(format!("crate::{e}"));
    }
    Ok(match ty {
        "String" | "bool" | "i32" | "i64" | "u32" | "u64" | "f64" => ty.to_owned(),
        "DateTime" => "ucwa_codec::DateTime".to_owned(),
        other => return Err(format!("unknown property type `{other}`")),
    })
}

/// A short phrase for what a value of an api type is.
fn type_phrase(ty: &str) -> String {
    if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        return format!("A list; each item is {}", lower_first(&type_phrase(inner)));
    }
    if let Some(e) = ty.strip_prefix("enum:") {
        return format!("One of the [`{e}`](crate::{e}) values");
    }
    match ty {
        "String" => "Text".into(),
        "bool" => "A flag".into(),
        "i32" | "i64" | "u32" | "u64" => "A whole number".into(),
        "f64" => "A number".into(),
        "DateTime" => "A date and time".into(),
        other => other.into(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Context {
    /// The description's one-line meaning of a common property or field name.
    fn meaning(&self, name: &str) -> Option<&str> {
        self.meanings.get(name).map(String::as_str)
    }
}

/// The doc line of a member the reference does not describe but real traffic shows
/// (`source: observed`), naming where it was seen.
fn observed_note(seen_in: &[String]) -> String {
    if seen_in.is_empty() {
        "No reference table lists it; observed in real traffic.".to_owned()
    } else {
        format!(
            "No reference table lists it; seen in {}.",
            seen_in
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn since_note(since: Option<u32>) -> Option<String> {
    since.map(|r| format!("Added by revision {r} of this resource (the `{r}` reference page)."))
}

fn doc_lines(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

struct Names {
    used: BTreeSet<String>,
}

impl Names {
    fn new() -> Self {
        Names {
            used: ["self_link", "extra"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
    /// The field identifier (snake case, raw for keywords), with a suffix on collision.
    fn take(&mut self, wire: &str, suffix: &str) -> String {
        let base = snake(wire);
        let name = if self.used.contains(&base) {
            format!("{base}_{suffix}")
        } else {
            base
        };
        assert!(
            self.used.insert(name.clone()),
            "field name clash on `{name}`"
        );
        name
    }
}

/// `#[ucwa(rename)]` when the field's camelCase is not the wire name.
fn rename_attr(field: &str, wire: &str, role: Option<&str>) -> String {
    let plain = field.strip_prefix("r#").unwrap_or(field);
    let mut parts: Vec<String> = Vec::new();
    if let Some(role) = role {
        parts.push(role.to_owned());
    }
    if camel(plain) != wire {
        parts.push(format!("rename = \"{wire}\""));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("#[ucwa({})]\n", parts.join(", "))
    }
}

fn method_phrase(t: &Type, m: &str) -> String {
    match m {
        "GET" => "- `GET` returns it.".into(),
        "POST" => match &t.input {
            Some(i) => format!("- `POST` with a [`{}`] body.", i.name),
            None => "- `POST`, with no body.".into(),
        },
        "PUT" => "- `PUT` replaces it with an edited copy of what `GET` returned (send the unknown members back too, and the `etag` in `If-Match`).".into(),
        "DELETE" => "- `DELETE` removes it.".into(),
        "OPTIONS" => "- `OPTIONS` describes the methods and parameters it accepts ([`OptionsMetadata`](crate::OptionsMetadata)).".into(),
        other => format!("- `{other}`."),
    }
}

fn resource_doc(t: &Type) -> String {
    let mut d = String::new();
    match &t.summary {
        Some(s) => {
            let _ = writeln!(d, "{s}");
        }
        None => {
            let _ = writeln!(d, "The `{}` resource.", t.rel);
        }
    }
    let primary: Vec<&str> = t
        .pages
        .iter()
        .filter(|p| p.role == "primary")
        .map(|p| p.page.as_str())
        .collect();
    let revisions: Vec<&str> = t
        .pages
        .iter()
        .filter(|p| p.role == "revision")
        .map(|p| p.page.as_str())
        .collect();
    let aliases: Vec<&str> = t
        .pages
        .iter()
        .filter(|p| p.role == "alias")
        .map(|p| p.page.as_str())
        .collect();
    let _ = writeln!(d);
    let _ = write!(d, "`rel`: `{}`", t.rel);
    if !primary.is_empty() {
        let _ = write!(d, "; reference page `{}`", primary.join("`, `"));
    }
    let _ = writeln!(d, ".");
    if t.source.as_deref() == Some("observed") {
        let _ = writeln!(
            d,
            "No reference page documents this resource; it is described from the bodies that carry it. {}",
            observed_note(&t.seen_in)
        );
    }
    if !revisions.is_empty() {
        let _ = writeln!(
            d,
            "Revision 2 is documented on `{}`; this one type covers both revisions (members only revision 2 has say so).",
            revisions.join("`, `")
        );
    }
    if !aliases.is_empty() {
        let _ = writeln!(
            d,
            "Also described by `{}`: link relationships whose target is this resource; their tables are merged here.",
            aliases.join("`, `")
        );
    }
    let _ = writeln!(d);
    if t.methods.is_empty() {
        let _ = writeln!(d, "The reference documents no operations on it.");
    } else {
        let _ = writeln!(d, "Operations:");
        for m in &t.methods {
            let _ = writeln!(d, "{}", method_phrase(t, m));
        }
    }
    let _ = writeln!(d);
    if t.events.is_empty() {
        let _ = writeln!(d, "Events: none documented.");
    } else {
        let mut by_sender: Vec<(String, Vec<String>)> = Vec::new();
        for e in &t.events {
            match by_sender.iter_mut().find(|(s, _)| *s == e.sender) {
                Some((_, kinds)) => kinds.push(format!("`{}`", e.kind)),
                None => by_sender.push((e.sender.clone(), vec![format!("`{}`", e.kind)])),
            }
        }
        let parts: Vec<String> = by_sender
            .iter()
            .map(|(s, k)| format!("{} (sender `{s}`)", k.join(", ")))
            .collect();
        let _ = writeln!(d, "Events: {}.", parts.join("; "));
    }
    if !t.errors.is_empty() {
        let _ = writeln!(d);
        let _ = writeln!(
            d,
            "The synchronous errors the reference lists are in [`{}::ERRORS`].",
            t.name
        );
    }
    d
}

fn resource_file(ctx: &Context, t: &Type) -> Result<String, String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! The `{}` resource{}.\n",
        t.rel,
        if t.input.is_some() {
            " and its request body"
        } else {
            ""
        }
    );

    // The resource struct (its module is gated by its areas in `resources/mod.rs`).
    let own = ctx.areas.of(&t.name);
    doc_lines(&mut out, "", &resource_doc(t));
    out.push_str(&areas::doc_badge(&own));
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug, Default, PartialEq, ucwa_codec::Resource)]"
    );
    let _ = writeln!(out, "#[ucwa(rel = \"{}\")]", t.rel);
    let _ = writeln!(out, "pub struct {} {{", t.name);
    let _ = writeln!(
        out,
        "/// Where this resource lives.\n#[ucwa(self_link)]\npub self_link: Option<ucwa_codec::Link>,"
    );
    let mut names = Names::new();
    let mut data_links: Vec<(String, String)> = Vec::new();
    for p in &t.properties {
        let field = ident(&names.take(&p.name, "property"));
        let mut doc = match (&p.doc, ctx.meaning(&p.name)) {
            (Some(d), _) => d.clone(),
            (None, Some(m)) => format!("{m}. {}.", type_phrase(&p.ty)),
            (None, None) => format!("The `{}` property. {}.", p.name, type_phrase(&p.ty)),
        };
        if p.source == "samples" {
            doc.push_str("\n\nNot in the reference page's table; the samples show it.");
        } else if p.source == "observed" {
            let _ = write!(doc, "\n\n{}", observed_note(&p.seen_in));
        } else if let Some(page) = p.source.strip_prefix("documented on ") {
            let _ = write!(doc, "\n\nDocumented on `{page}`.");
        } else if let Some(src) = p.source.strip_prefix("PUT request body of ") {
            let _ = write!(doc, "\n\nOnly in the `PUT` request body table of `{src}`.");
        }
        if let Some(n) = &p.note
            && p.source != "samples"
        {
            let _ = write!(doc, "\n\nNote: {n}.");
        }
        if let Some(s) = since_note(p.since) {
            let _ = write!(doc, "\n\n{s}");
        }
        doc_lines(&mut out, "", &doc);
        out.push_str(&rename_attr(&field, &p.name, None));
        let _ = writeln!(out, "pub {field}: Option<{}>,", rust_type(&p.ty)?);
    }
    for x in &t.embedded {
        let field = ident(&names.take(&x.name, if x.many { "resources" } else { "resource" }));
        let ty = if x.ty == "DynResource" {
            "ucwa_codec::DynResource".to_owned()
        } else {
            format!("crate::resources::{}", x.ty)
        };
        let mut doc = if x.many {
            format!("The resources embedded under `{}`", x.name)
        } else {
            format!("The resource embedded under `{}`", x.name)
        };
        if x.ty == "DynResource" {
            doc.push_str(", kept in the dynamic model.");
        } else {
            let _ = write!(
                doc,
                " ({} [`{}`](crate::{})).",
                if x.many { "each a" } else { "a" },
                x.ty,
                x.ty
            );
        }
        if let Some(n) = &x.note {
            let _ = write!(doc, "\n\nNote: {n}.");
        }
        if let Some(s) = since_note(x.since) {
            let _ = write!(doc, "\n\n{s}");
        }
        if x.ty != "DynResource" {
            let theirs = ctx.areas.of(&x.ty);
            if !areas::covers(&own, &theirs) {
                let _ = write!(
                    doc,
                    "\n\nOnly with {}: otherwise it stays in `extra`, as a dynamic resource.",
                    area_phrase(&theirs)
                );
                doc_lines(&mut out, "", &doc);
                out.push_str(&areas::cfg_doc(&theirs));
                doc.clear();
            }
        }
        if !doc.is_empty() {
            doc_lines(&mut out, "", &doc);
        }
        out.push_str(&rename_attr(&field, &x.name, Some("embedded")));
        if x.many {
            let _ = writeln!(out, "pub {field}: Vec<{ty}>,");
        } else {
            let _ = writeln!(out, "pub {field}: Option<{ty}>,");
        }
    }
    for l in &t.links {
        let field = ident(&names.take(&l.name, if l.many { "links" } else { "link" }));
        let target = upper_camel(&l.name);
        let mut doc = if l.many {
            format!("The `{}` links", l.name)
        } else {
            format!("The `{}` link", l.name)
        };
        if l.data {
            let _ = write!(
                doc,
                ": content carried inline as a `data:` URI (see [`Self::{}_uri`] and [`Self::{}_text`]).",
                field.trim_start_matches("r#"),
                field.trim_start_matches("r#")
            );
            data_links.push((field.clone(), l.name.clone()));
        } else if let Some(target) = ctx.link_target(&target) {
            let _ = write!(
                doc,
                " (target: {}).",
                ctx.doc_ref(&own, &target, &target, &target)
            );
        } else {
            doc.push('.');
        }
        if l.source == "samples" {
            doc.push_str("\n\nNot in the reference page's table; the samples show it.");
        } else if l.source == "observed" {
            let _ = write!(doc, "\n\n{}", observed_note(&l.seen_in));
        } else if let Some(page) = l.source.strip_prefix("documented on ") {
            let _ = write!(doc, "\n\nDocumented on `{page}`.");
        }
        if let Some(n) = &l.note
            && l.source != "samples"
        {
            let _ = write!(doc, "\n\nNote: {n}.");
        }
        if let Some(s) = since_note(l.since) {
            let _ = write!(doc, "\n\n{s}");
        }
        doc_lines(&mut out, "", &doc);
        out.push_str(&rename_attr(&field, &l.name, Some("link")));
        if l.many {
            let _ = writeln!(out, "pub {field}: Vec<ucwa_codec::Link>,");
        } else {
            let _ = writeln!(out, "pub {field}: Option<ucwa_codec::Link>,");
        }
    }
    let _ = writeln!(
        out,
        "/// Members this type does not know, kept in order.\n#[ucwa(extra)]\npub extra: ucwa_codec::Members,"
    );
    let _ = writeln!(out, "}}\n");

    // Errors and data accessors.
    let _ = writeln!(out, "impl {} {{", t.name);
    let _ = writeln!(
        out,
        "/// The synchronous errors the reference documents for the operations on this resource."
    );
    let _ = writeln!(
        out,
        "pub const ERRORS: &'static [crate::errors::DocumentedError] = crate::generated::documented_errors::{};",
        table_name(t)
    );
    data_accessors(&mut out, &data_links);
    let _ = writeln!(out, "}}\n");

    if let Some(input) = &t.input {
        input_struct(ctx, &mut out, t, input)?;
    }
    Ok(out)
}

fn data_accessors(out: &mut String, links: &[(String, String)]) {
    for (field, wire) in links {
        let plain = field.trim_start_matches("r#");
        let _ = writeln!(
            out,
            "/// The `{wire}` link's `data:` URI, parsed: `None` without the link, an error when its `href` is not a `data:` URI."
        );
        let _ = writeln!(
            out,
            "pub fn {plain}_uri(&self) -> Option<Result<ucwa_codec::data_uri::DataUri, ucwa_codec::data_uri::DataUriError>> {{"
        );
        let _ = writeln!(
            out,
            "self.{field}.as_ref().map(|link| ucwa_codec::data_uri::DataUri::parse(&link.href))\n}}\n"
        );
        let _ = writeln!(
            out,
            "/// The `{wire}` link's content decoded to text (base64 or percent-encoding undone, charset applied), the way servers encode it: in a percent-encoded `text/plain` body `+` is a space (form encoding; see [`DataUri::ucwa_text`](ucwa_codec::data_uri::DataUri::ucwa_text))."
        );
        let _ = writeln!(
            out,
            "pub fn {plain}_text(&self) -> Option<Result<String, ucwa_codec::data_uri::DataUriError>> {{"
        );
        let _ = writeln!(
            out,
            "self.{plain}_uri().map(|uri| uri.and_then(|uri| uri.ucwa_text()))\n}}\n"
        );
    }
}

fn input_struct(
    ctx: &Context,
    out: &mut String,
    t: &Type,
    input: &model::InputDef,
) -> Result<(), String> {
    let mut doc = format!(
        "The body of `POST` on [`{}`] (`rel` `{}`), as the reference's request body table lists it: required fields are plain values, optional ones `Option`s.",
        t.name, t.rel
    );
    if input.fields.iter().any(|f| f.since.is_some()) {
        doc.push_str("\n\nFields marked as added by revision 2 are only accepted where the server offers that revision.");
    }
    doc_lines(out, "", &doc);
    out.push_str(&areas::doc_badge(&ctx.areas.of(&t.name)));
    let all_optional = input.fields.iter().all(|f| !f.required || f.ty == "link");
    if all_optional {
        let _ = writeln!(
            out,
            "#[derive(Clone, Debug, Default, PartialEq, ucwa_codec::Input)]"
        );
    } else {
        let _ = writeln!(out, "#[derive(Clone, Debug, PartialEq, ucwa_codec::Input)]");
    }
    let _ = writeln!(out, "pub struct {} {{", input.name);
    let mut names = Names::new();
    let mut data_links = Vec::new();
    let mut fields = Vec::new();
    for f in &input.fields {
        let field = ident(&names.take(&f.name, "link"));
        fields.push((field.clone(), f));
        let mut doc = String::new();
        if f.ty == "link" {
            let _ = write!(
                doc,
                "`{}`: content carried inline as a `data:` URI link (see [`Self::{}_uri`] and [`Self::{}_text`]).",
                f.name,
                field.trim_start_matches("r#"),
                field.trim_start_matches("r#")
            );
            if f.required {
                doc.push_str(" The reference marks it required.");
            }
            data_links.push((field.clone(), f.name.clone()));
        } else {
            let meaning = ctx
                .meaning(&f.name)
                .map(|m| format!("{m}. "))
                .unwrap_or_else(|| format!("The `{}` field. ", f.name));
            let _ = write!(
                doc,
                "{}{}{}.",
                if f.required { "Required. " } else { "" },
                meaning,
                type_phrase(&f.ty)
            );
        }
        if let Some(n) = &f.note {
            let _ = write!(doc, "\n\nNote: {n}.");
        }
        if f.source.as_deref() == Some("observed") {
            let _ = write!(doc, "\n\n{}", observed_note(&f.seen_in));
        }
        if let Some(s) = since_note(f.since) {
            let _ = write!(doc, "\n\n{s}");
        }
        doc_lines(out, "", &doc);
        if f.ty == "link" {
            out.push_str(&rename_attr(&field, &f.name, Some("link")));
            let _ = writeln!(out, "pub {field}: Option<ucwa_codec::Link>,");
        } else {
            out.push_str(&rename_attr(&field, &f.name, None));
            let ty = rust_type(&f.ty)?;
            if f.required {
                let _ = writeln!(out, "pub {field}: {ty},");
            } else {
                let _ = writeln!(out, "pub {field}: Option<{ty}>,");
            }
        }
    }
    let _ = writeln!(
        out,
        "/// Members this type does not know, kept in order.\n#[ucwa(extra)]\npub extra: ucwa_codec::Members,"
    );
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(out, "impl {} {{", input.name);
    constructors(out, &fields)?;
    data_accessors(out, &data_links);
    let _ = writeln!(out, "}}\n");
    Ok(())
}

/// `new` taking the fields the body cannot go without (in the reference's order), and a
/// `with_` method for each of the others. A link field is optional here even when the
/// reference marks it required, as the struct has it.
fn constructors(out: &mut String, fields: &[(String, &model::Field)]) -> Result<(), String> {
    let required = |f: &model::Field| f.required && f.ty != "link";
    // Text parameters take anything that converts into a `String`.
    let param = |f: &model::Field| -> Result<(String, &'static str), String> {
        Ok(match f.ty.as_str() {
            "link" => ("ucwa_codec::Link".to_owned(), ""),
            "String" => ("impl Into<String>".to_owned(), ".into()"),
            ty => (rust_type(ty)?, ""),
        })
    };
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for (field, f) in fields {
        if required(f) {
            let (ty, conv) = param(f)?;
            params.push(format!("{field}: {ty}"));
            inits.push(if conv.is_empty() {
                field.clone()
            } else {
                format!("{field}: {field}{conv}")
            });
        } else {
            inits.push(format!("{field}: None"));
        }
    }
    inits.push("extra: ucwa_codec::Members::default()".to_owned());
    let doc = if params.is_empty() {
        "A body with every field unset (set them with the `with_` methods).".to_owned()
    } else {
        "A body with its required fields; the optional ones start unset (set them with the `with_` methods).".to_owned()
    };
    doc_lines(out, "", &doc);
    let _ = writeln!(
        out,
        "pub fn new({}) -> Self {{\nSelf {{ {} }}\n}}\n",
        params.join(", "),
        inits.join(", ")
    );
    for (field, f) in fields.iter().filter(|(_, f)| !required(f)) {
        let plain = field.trim_start_matches("r#");
        let (ty, conv) = param(f)?;
        let _ = writeln!(
            out,
            "/// Sets `{}`.\npub fn with_{plain}(mut self, {field}: {ty}) -> Self {{\nself.{field} = Some({field}{conv});\nself\n}}\n",
            f.name
        );
    }
    Ok(())
}

fn mod_file(ctx: &Context, res: &Resources) -> String {
    let mut out = String::new();
    out.push_str("//! UCWA resources and their request bodies, one module per resource type (`rel`).\n//!\n//! Pages of the reference that document a link relationship whose target is another\n//! resource are type aliases of that resource's type.\n\n");
    for t in &res.types {
        let cfg = areas::cfg(&ctx.areas.of(&t.name));
        let _ = writeln!(out, "{cfg}mod {};", snake(&t.rel));
    }
    out.push('\n');
    for t in &res.types {
        let mut items = vec![t.name.clone()];
        if let Some(i) = &t.input {
            items.push(i.name.clone());
        }
        let cfg = areas::cfg(&ctx.areas.of(&t.name));
        let _ = writeln!(
            out,
            "{cfg}pub use {}::{{{}}};",
            snake(&t.rel),
            items.join(", ")
        );
    }
    out.push('\n');
    for a in &res.aliases {
        let rel = a.page.trim_end_matches("_ref.md");
        let mut doc = format!(
            "`{rel}` (`{}`): a link relationship whose target is a [`{}`]; the resource it returns carries that type's `rel`.",
            a.page, a.target
        );
        if let Some(n) = &a.note {
            let _ = write!(doc, "\n\n{n}");
        }
        doc_lines(&mut out, "", &doc);
        out.push_str(&areas::cfg_doc(&ctx.areas.of(&a.target)));
        let _ = writeln!(out, "pub type {} = {};\n", a.name, a.target);
    }
    out
}

fn enums_file(ctx: &Context, enums: &Enums) -> String {
    let mut out = String::new();
    out.push_str("//! UCWA enumerations, error codes and subcodes among them. Each keeps values it does\n//! not know in its `Other` variant.\n\n");
    for e in &enums.enums {
        let mut doc = match &e.summary {
            Some(s) => s.clone(),
            None => format!(
                "The `{}` enumeration (reference page `{}`).",
                e.name, e.page
            ),
        };
        let own = ctx.enum_areas(&e.name);
        if let Some(uses) = ctx.enum_uses.get(&e.name) {
            let mut uses: Vec<String> = uses
                .iter()
                .map(|(ty, field)| ctx.doc_ref(&own, ty, &format!("{ty}::{field}"), ty))
                .collect();
            uses.dedup();
            let _ = write!(doc, "\n\nUsed by {}.", uses.join(", "));
        }
        doc_lines(&mut out, "", &doc);
        out.push_str(&areas::cfg_doc(&own));
        let _ = writeln!(
            out,
            "#[derive(Clone, Debug, PartialEq, Eq, Hash, ucwa_codec::StringEnum)]"
        );
        let _ = writeln!(out, "pub enum {} {{", e.name);
        for m in &e.members {
            let variant = variant_name(m);
            let mut doc = m
                .doc
                .clone()
                .unwrap_or_else(|| format!("The value `{}`.", m.wire));
            if m.source.as_deref() == Some("observed") {
                let _ = write!(doc, "\n\n{}", observed_note(&m.seen_in));
            }
            doc_lines(&mut out, "", &doc);
            if variant != m.wire {
                let _ = writeln!(out, "#[ucwa(rename = \"{}\")]", m.wire);
            }
            let _ = writeln!(out, "{variant},");
        }
        let _ = writeln!(
            out,
            "/// A value this version does not know.\n#[ucwa(other)]\nOther(String),"
        );
        let _ = writeln!(out, "}}\n");
        if e.members.iter().any(|m| m.status.is_some()) {
            out.push_str(&areas::cfg(&own));
            status_impl(&mut out, e);
        }
    }
    out
}

/// The Rust variant of an enum member: its own `variant` when the description gives one
/// (`APIVersionNotSupported` → `ApiVersionNotSupported`), else the wire name.
fn variant_name(m: &model::Member) -> String {
    m.variant.clone().unwrap_or_else(|| upper_camel(&m.wire))
}

/// `status()` and `from_status()` for an enum whose members stand for HTTP statuses.
fn status_impl(out: &mut String, e: &model::EnumDef) {
    let name = &e.name;
    let _ = writeln!(out, "impl {name} {{");
    let _ = writeln!(
        out,
        "/// The HTTP status this value stands for, when it has one.\npub fn status(&self) -> Option<u16> {{\nSome(match self {{"
    );
    for m in e.members.iter().filter(|m| m.status.is_some()) {
        let _ = writeln!(
            out,
            "{name}::{} => {},",
            variant_name(m),
            m.status.unwrap_or_default()
        );
    }
    let _ = writeln!(out, "_ => return None,\n}})\n}}\n");
    let shared: Vec<String> = e
        .members
        .iter()
        .filter_map(|m| {
            let owner = m.shares_status_with.as_ref()?;
            let owner = e.members.iter().find(|o| &o.wire == owner)?;
            Some(format!(
                "{} gives [`{name}::{}`], not [`{name}::{}`]",
                m.status.unwrap_or_default(),
                variant_name(owner),
                variant_name(m)
            ))
        })
        .collect();
    let mut doc = String::from("The value UCWA uses for an HTTP status");
    if !shared.is_empty() {
        let _ = write!(doc, " ({})", shared.join("; "));
    }
    doc.push('.');
    doc_lines(out, "", &doc);
    let _ = writeln!(
        out,
        "pub fn from_status(status: u16) -> Option<{name}> {{\nSome(match status {{"
    );
    for m in e
        .members
        .iter()
        .filter(|m| m.status.is_some() && m.shares_status_with.is_none())
    {
        let _ = writeln!(
            out,
            "{} => {name}::{},",
            m.status.unwrap_or_default(),
            variant_name(m)
        );
    }
    let _ = writeln!(out, "_ => return None,\n}})\n}}\n}}\n");
}

/// The constant in `documented_errors.rs` that holds a resource's errors.
fn table_name(t: &Type) -> String {
    snake(&t.rel).to_uppercase()
}

/// Every resource's documented errors, one row each, as compact tables the resources'
/// `ERRORS` constants name.
fn errors_file(ctx: &Context, res: &Resources, enums: &Enums) -> Result<String, String> {
    let variants = |name: &str| -> BTreeMap<&str, String> {
        enums
            .enums
            .iter()
            .filter(|e| e.name == name)
            .flat_map(|e| e.members.iter().map(|m| (m.wire.as_str(), variant_name(m))))
            .collect()
    };
    let codes = variants(crate::validate::ERROR_CODE);
    let subcodes = variants(crate::validate::ERROR_SUBCODE);
    let mut out = String::new();
    out.push_str("//! The synchronous errors the reference documents, one table per resource (each\n//! resource's `ERRORS` is its table): one row per method, status, code and subcode.\n\nuse crate::enums::{ErrorCode as C, ErrorSubcode as S};\nuse crate::errors::{DocumentedError as E, Method as M};\n\n");
    for t in &res.types {
        let _ = writeln!(
            out,
            "/// [`{0}::ERRORS`](crate::{0}::ERRORS).\n{2}pub(crate) const {1}: &[E] = &[",
            t.name,
            table_name(t),
            areas::cfg(&ctx.areas.of(&t.name))
        );
        for e in &t.errors {
            let unknown = |what: &str, value: &str| format!("{}: unknown {what} `{value}`", t.rel);
            let method = crate::validate::method_variant(&e.method)
                .ok_or_else(|| unknown("method", &e.method))?;
            let code = codes
                .get(e.code.as_str())
                .ok_or_else(|| unknown("code", &e.code))?;
            let subcode = subcodes
                .get(e.subcode.as_str())
                .ok_or_else(|| unknown("subcode", &e.subcode))?;
            let _ = writeln!(
                out,
                "E::new(M::{method}, {}, C::{code}, S::{subcode}),",
                e.status
            );
        }
        let _ = writeln!(out, "];\n");
    }
    Ok(out)
}

/// The generated folder's module: one submodule per file, re-exported by `lib.rs`.
fn generated_mod_file(ctx: &Context, res: &Resources, enums: &Enums) -> String {
    let mut out = String::from(
        "//! Everything `tools/schema-gen` writes from `schema/api/*.json`; `lib.rs` re-exports\n//! it under the crate's public paths.\n//!\n//! What each area (cargo feature) holds: resource types, request body types and\n//! enumerations (a type reached from several areas counts in each; the core is always\n//! compiled):\n//!\n//! | area | resources | request bodies | enumerations |\n//! |---|---:|---:|---:|\n",
    );
    let count = |of: &dyn Fn(&Set) -> bool| {
        let resources = res.types.iter().filter(|t| of(&ctx.areas.of(&t.name)));
        let inputs = resources.clone().filter(|t| t.input.is_some()).count();
        let enums = enums
            .enums
            .iter()
            .filter(|e| of(&ctx.enum_areas(&e.name)))
            .count();
        (resources.count(), inputs, enums)
    };
    let mut rows: Vec<(String, (usize, usize, usize))> =
        vec![("core".to_owned(), count(&|s: &Set| s.is_empty()))];
    for (i, (feature, _)) in areas::AREAS.iter().enumerate() {
        rows.push((format!("`{feature}`"), count(&|s: &Set| s.contains(&i))));
    }
    for (name, (r, i, e)) in rows {
        let _ = writeln!(out, "//! | {name} | {r} | {i} | {e} |");
    }
    out.push_str("\npub mod any;\npub(crate) mod documented_errors;\npub mod enums;\npub mod registry;\npub mod resources;\n");
    out
}

fn registry_file(ctx: &Context, res: &Resources) -> String {
    let mut out = String::new();
    out.push_str("//! The registry of every resource type in this crate, by `rel`, and of the request\n//! body each accepts on `POST`.\n\nuse crate::resources::*;\nuse std::sync::LazyLock;\nuse ucwa_codec::Registry;\n\nstatic REGISTRY: LazyLock<Registry> = LazyLock::new(|| {\nlet mut registry = Registry::new();\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "registry.register::<{}>();", t.name);
    }
    for t in &res.types {
        if let Some(i) = &t.input {
            out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
            let _ = writeln!(out, "registry.register_input::<{}>(\"{}\");", i.name, t.rel);
        }
    }
    out.push_str("registry\n});\n\n/// A registry holding every resource (and request body) type this build of the crate\n/// has: the core, and the areas whose features are enabled (a `rel` of an area that is\n/// off decodes dynamically).\n///\n/// Clone it to add your own types:\n/// ```\n/// let mut mine = ucwa_schema::registry().clone();\n/// assert!(mine.contains(\"application\"));\n/// # let _ = &mut mine;\n/// ```\npub fn registry() -> &'static Registry {\n&REGISTRY\n}\n");
    out
}

fn any_file(ctx: &Context, res: &Resources) -> String {
    let mut out = String::new();
    out.push_str("//! [`AnyResource`] and [`AnyInput`]: every resource type and request body type of\n//! this crate in one enum each, for code that wants to `match`.\n\nuse crate::resources::*;\nuse ucwa_codec::authoring::xml::Writer;\nuse ucwa_codec::xml::ToXml;\nuse ucwa_codec::{Decoded, Format, Resource as _, Untyped};\n\n");

    // AnyResource.
    out.push_str("/// Any resource of this crate, by type (the variants of the areas this build enables). Build one from a registry result with\n/// `AnyResource::try_from(decoded)` (the resource moved, not cloned; the result back\n/// when it is not typed) or [`AnyResource::from_decoded`] (by reference, cloned), then\n/// `match`.\n///\n/// ```\n/// use ucwa_schema::{registry, AnyResource};\n/// let json = br#\"{\"rel\":\"application\",\"culture\":\"en-US\"}\"#;\n/// let decoded = registry().decode(ucwa_codec::Format::Json, json).unwrap();\n/// match AnyResource::try_from(decoded) {\n///     Ok(AnyResource::Application(a)) => assert_eq!(a.culture.as_deref(), Some(\"en-US\")),\n///     other => panic!(\"{other:?}\"),\n/// }\n/// ```\n#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub enum AnyResource {\n");
    for t in &res.types {
        out.push_str(&areas::cfg_doc(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "/// A [`{0}`] (`rel` `{1}`).\n{0}(Box<{0}>),",
            t.name, t.rel
        );
    }
    out.push_str("}\n\nimpl AnyResource {\n/// The `rel` of the resource's type.\npub fn rel(&self) -> &'static str {\nmatch self {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyResource::{0}(_) => {0}::REL,", t.name);
    }
    out.push_str("}\n}\n\n/// A copy of the typed resource a registry decoded (`None` when it stayed dynamic or\n/// its type is not one of this crate's); `AnyResource::try_from(decoded)` takes it\n/// without copying.\npub fn from_decoded(decoded: &Decoded) -> Option<Self> {\nmatch decoded {\nDecoded::Typed(typed) => Self::try_from(Decoded::Typed(typed.clone())).ok(),\nDecoded::Dynamic { .. } => None,\n}\n}\n\n/// Decodes a resource document with [`registry`](crate::registry()) and returns it\n/// typed; `None` when its `rel` has no type here or the body does not fit the type.\npub fn decode(format: Format, input: &[u8]) -> ucwa_codec::Result<Option<Self>> {\nOk(Self::try_from(crate::registry().decode(format, input)?).ok())\n}\n\n/// Reports what the value keeps without a type (see [`ucwa_codec::Document`]).\npub fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {\nmatch self {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "AnyResource::{0}(r) => ucwa_codec::Document::collect_untyped(&**r, path, out),",
            t.name
        );
    }
    out.push_str("}\n}\n}\n\n/// Takes the typed resource out of a registry result, moving it (nothing is cloned);\n/// the result itself back when it stayed dynamic or its type is not one of this crate's.\nimpl TryFrom<Decoded> for AnyResource {\ntype Error = Decoded;\nfn try_from(decoded: Decoded) -> Result<Self, Decoded> {\nlet Decoded::Typed(typed) = decoded else {\nreturn Err(decoded);\n};\nmatch typed.as_dyn().rel() {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "\"{1}\" => typed.downcast::<{0}>().map(AnyResource::{0}),",
            t.name, t.rel
        );
    }
    out.push_str("_ => Err(typed),\n}\n.map_err(Decoded::Typed)\n}\n}\n\n/// A copy of the typed resource (see [`AnyResource::from_decoded`]).\nimpl TryFrom<&Decoded> for AnyResource {\ntype Error = ();\nfn try_from(decoded: &Decoded) -> Result<Self, ()> {\nAnyResource::from_decoded(decoded).ok_or(())\n}\n}\n\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "impl From<{0}> for AnyResource {{\nfn from(r: {0}) -> Self {{\nAnyResource::{0}(Box::new(r))\n}}\n}}\n",
            t.name
        );
    }
    out.push_str("impl serde::Serialize for AnyResource {\nfn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {\nmatch self {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyResource::{}(r) => r.serialize(s),", t.name);
    }
    out.push_str("}\n}\n}\n\nimpl ToXml for AnyResource {\nfn to_xml(&self, w: &mut Writer) {\nmatch self {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyResource::{}(r) => r.to_xml(w),", t.name);
    }
    out.push_str("}\n}\n}\n\n");

    // AnyInput.
    out.push_str("/// Any request body of this crate, by the resource it is sent to (variant names are\n/// the resource types; each holds that resource's `...Input`).\n#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub enum AnyInput {\n");
    let inputs: Vec<(&Type, &model::InputDef)> = res
        .types
        .iter()
        .filter_map(|t| t.input.as_ref().map(|i| (t, i)))
        .collect();
    for (t, i) in &inputs {
        out.push_str(&areas::cfg_doc(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "/// A [`{1}`], the body of `POST` on `{2}`.\n{0}(Box<{1}>),",
            t.name, i.name, t.rel
        );
    }
    out.push_str("}\n\nimpl AnyInput {\n/// The `rel` of the resource the body is sent to.\npub fn rel(&self) -> &'static str {\nmatch self {\n");
    for (t, _) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyInput::{0}(_) => {0}::REL,", t.name);
    }
    out.push_str("}\n}\n\n/// Decodes the body of a `POST` to the resource `rel`; `None` when that resource takes\n/// no documented body.\npub fn decode(rel: &str, format: Format, input: &[u8]) -> Option<ucwa_codec::Result<Self>> {\nSome(match rel {\n");
    for (t, i) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "\"{0}\" => ucwa_codec::decode::<{1}>(format, input).map(|b| AnyInput::{2}(Box::new(b))),",
            t.rel, i.name, t.name
        );
    }
    out.push_str("_ => return None,\n})\n}\n\n/// Reports what the value keeps without a type (see [`ucwa_codec::Document`]).\npub fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {\nmatch self {\n");
    for (t, _) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "AnyInput::{0}(b) => ucwa_codec::Document::collect_untyped(&**b, path, out),",
            t.name
        );
    }
    out.push_str("}\n}\n}\n\n");
    for (t, i) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(
            out,
            "impl From<{1}> for AnyInput {{\nfn from(b: {1}) -> Self {{\nAnyInput::{0}(Box::new(b))\n}}\n}}\n",
            t.name, i.name
        );
    }
    out.push_str("impl serde::Serialize for AnyInput {\nfn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {\nmatch self {\n");
    for (t, _) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyInput::{}(b) => b.serialize(s),", t.name);
    }
    out.push_str(
        "}\n}\n}\n\nimpl ToXml for AnyInput {\nfn to_xml(&self, w: &mut Writer) {\nmatch self {\n",
    );
    for (t, _) in &inputs {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "AnyInput::{}(b) => b.to_xml(w),", t.name);
    }
    out.push_str("}\n}\n}\n");

    // The documented errors by rel.
    out.push_str("\n/// The synchronous errors the reference documents for the resource `rel` (empty for\n/// an unknown rel); see [`crate::errors::documented`].\npub fn documented_errors(rel: &str) -> &'static [crate::errors::DocumentedError] {\nmatch rel {\n");
    for t in &res.types {
        out.push_str(&areas::cfg(&ctx.areas.of(&t.name)));
        let _ = writeln!(out, "\"{}\" => {}::ERRORS,", t.rel, t.name);
    }
    out.push_str("_ => &[],\n}\n}\n");
    out
}
