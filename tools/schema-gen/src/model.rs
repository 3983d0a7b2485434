//! The machine-readable API description kept in `schema/api/` (see its README).

use serde::Deserialize;
use std::collections::BTreeMap;

/// `schema/api/resources.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// One entry per resource type (per `rel`).
    pub types: Vec<Type>,
    /// Pages that document a link relationship whose target is another type.
    pub aliases: Vec<Alias>,
    /// Pages whose types live elsewhere in the crate.
    pub owned_elsewhere: Vec<Elsewhere>,
    /// One-line meanings of common property and field names, used for the doc of a member
    /// that has no `doc` of its own.
    pub common_meanings: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Type {
    pub rel: String,
    pub name: String,
    pub summary: Option<String>,
    pub pages: Vec<PageRef>,
    pub methods: Vec<String>,
    pub events: Vec<Event>,
    pub properties: Vec<Property>,
    pub links: Vec<LinkDef>,
    pub embedded: Vec<Embedded>,
    pub input: Option<InputDef>,
    pub errors: Vec<ErrorDef>,
    /// `observed` for a type no reference page documents, described from what servers
    /// send (see `seen_in`).
    #[serde(default)]
    pub source: Option<String>,
    /// Where a member with `source: observed` was seen (a sample under
    /// `tests/samples/observed/`, or a public source named in its ATTRIBUTION.md).
    #[serde(default)]
    pub seen_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRef {
    pub page: String,
    /// `primary`, `revision` (a `2` page) or `alias`.
    pub role: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    pub sender: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Property {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub source: String,
    #[serde(default)]
    pub since: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
    /// Where a member with `source: observed` was seen (a sample under
    /// `tests/samples/observed/`, or a public source named in its ATTRIBUTION.md).
    #[serde(default)]
    pub seen_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkDef {
    pub name: String,
    pub many: bool,
    pub source: String,
    #[serde(default)]
    pub since: Option<u32>,
    #[serde(default)]
    pub data: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// Where a member with `source: observed` was seen (a sample under
    /// `tests/samples/observed/`, or a public source named in its ATTRIBUTION.md).
    #[serde(default)]
    pub seen_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embedded {
    pub name: String,
    pub many: bool,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub since: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDef {
    pub name: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    /// A property type, or `link` for content carried as a link.
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    #[serde(default)]
    pub since: Option<u32>,
    #[serde(default)]
    pub data: bool,
    #[serde(default)]
    pub note: Option<String>,
    /// `observed` when the reference's table does not list the field but real clients
    /// send it (see `seen_in`).
    #[serde(default)]
    pub source: Option<String>,
    /// Where a member with `source: observed` was seen (a sample under
    /// `tests/samples/observed/`, or a public source named in its ATTRIBUTION.md).
    #[serde(default)]
    pub seen_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// As HTTP spells it (`GET`), one of the type's `methods`.
    pub method: String,
    pub status: u16,
    pub code: String,
    pub subcode: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub page: String,
    pub name: String,
    pub target: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Elsewhere {
    pub page: String,
    pub reason: String,
}

/// `schema/api/enums.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enums {
    pub enums: Vec<EnumDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    pub name: String,
    pub page: String,
    pub members: Vec<Member>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub wire: String,
    /// The Rust variant, when it is not the wire name (`ApiVersionNotSupported`).
    #[serde(default)]
    pub variant: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
    /// Where the reference names the value, when that is not (only) the enum's own page.
    #[serde(default)]
    pub source: Option<String>,
    /// The HTTP status the value stands for (error codes).
    #[serde(default)]
    pub status: Option<u16>,
    /// Another member that stands for the same `status` and is the one an HTTP status
    /// maps back to.
    #[serde(default)]
    pub shares_status_with: Option<String>,
    /// Where a member with `source: observed` was seen (a sample under
    /// `tests/samples/observed/`, or a public source named in its ATTRIBUTION.md).
    #[serde(default)]
    pub seen_in: Vec<String>,
}
