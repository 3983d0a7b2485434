//! The runtime of ucwa-rs: Microsoft UCWA 2.0 (Skype for Business / Lync Unified
//! Communications Web API) resources in both wire formats, JSON and XML.
//!
//! - [`json`] and [`xml`]: `from_str`/`from_slice`/`from_reader` and
//!   `to_string`/`to_string_pretty`/`to_vec`/`to_writer`, in the style of serde_json;
//!   [`decode`] and [`encode`] pick the format from a [`Format`] (see [`Format::from_content_type`]).
//! - [`derive@Resource`], [`derive@Input`] and [`derive@StringEnum`]: derive both codecs for
//!   a resource type, a request body type and a UCWA string enumeration.
//! - [`DynResource`], [`DynInput`], [`Value`]: the dynamic model for what no type describes;
//!   [`Members`] is the catch-all that keeps unknown members of typed resources.
//! - [`Link`], [`DateTime`], [`Error`], [`Limits`].
//! - [`headers`]: UCWA's HTTP headers as typed values ([`ETag`] for `If-Match`,
//!   `X-MS-RequiresMinResourceVersion`) and [`PutRequest`], a resource ready for `PUT`.
//!
//! Optional features: `http` (conversions to the `http` crate's header values and
//! requests, and reading a response body by its `Content-Type`), `time` and `chrono`
//! (converting [`DateTime`] to and from those crates' date types), `url`
//! ([`Link::resolve`] against a base URL).
//!
//! ```
//! use ucwa_codec::{Link, Members, Resource, StringEnum};
//!
//! #[derive(Clone, Debug, PartialEq, StringEnum)]
//! pub enum Mood { Happy, Sad, #[ucwa(other)] Other(String) }
//!
//! #[derive(Clone, Debug, PartialEq, Resource)]
//! #[ucwa(rel = "mood")]
//! pub struct MoodResource {
//!     #[ucwa(self_link)]
//!     pub self_link: Option<Link>,
//!     pub mood: Option<Mood>,
//!     #[ucwa(link)]
//!     pub person: Option<Link>,
//!     #[ucwa(extra)]
//!     pub extra: Members,
//! }
//!
//! let json = r#"{"rel":"mood","mood":"Happy","colour":"blue",
//!               "_links":{"self":{"href":"/mood"},"person":{"href":"/me"}}}"#;
//! let mood: MoodResource = ucwa_codec::json::from_str(json).unwrap();
//! assert_eq!(mood.mood, Some(Mood::Happy));
//! assert!(mood.extra.property("colour").is_some()); // unknown, but kept
//!
//! let xml = ucwa_codec::xml::to_string(&mood).unwrap();
//! let back: MoodResource = ucwa_codec::xml::from_str(&xml).unwrap();
//! assert_eq!(back, mood);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The derive macros name this crate as `::ucwa_codec`, which must resolve here too.
extern crate self as ucwa_codec;

pub mod authoring;
pub mod data_uri;
pub mod date;
mod dynamic;
mod error;
pub mod headers;
#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod http;
pub mod json;
mod limits;
mod link;
pub mod media;
mod members;
mod property;
pub mod put_token;
pub mod registry;
mod value;
pub mod xml;

mod __private;

/// The glue the derives' generated code calls: not an API. Its name carries the version of
/// the glue, and `ucwa-derive` is pinned with `=`, so that a derive generating code for
/// other glue cannot build against this codec; rename it (here and in `ucwa-derive`)
/// whenever the glue changes.
#[doc(hidden)]
pub mod __private010 {
    pub use crate::__private::*;
}

pub use data_uri::DataUri;
pub use date::{DateTime, Offset};
pub use dynamic::{DynInput, DynResource};
pub use error::{Category, Error, Result};
pub use headers::{ETag, PutRequest};
pub use limits::{Limits, strip_bom};
pub use link::{Link, OneOrMany};
pub use media::Format;
pub use members::Members;
pub use property::{Property, Scalar};
pub use registry::{Decoded, Registry, TypedResource};
pub use ucwa_derive::{Input, Resource, StringEnum};
/// The `url` crate, as [`Link::resolve`] uses it (so callers need not match its version).
#[cfg(feature = "url")]
#[cfg_attr(docsrs, doc(cfg(feature = "url")))]
pub use url;
pub use value::{Number, Value};

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::io;

/// A whole UCWA document type: both formats, and a report of what it kept untyped.
pub trait Document: Serialize + DeserializeOwned + xml::FromXml + xml::ToXml {
    /// Appends everything this value keeps without a type (unknown members, unknown
    /// enum values), with `path` as the document path of `self`.
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

/// A typed UCWA resource; implemented by `#[derive(Resource)]`.
pub trait Resource: Document {
    /// The `rel` naming this type of resource.
    const REL: &'static str;

    /// The link to this resource.
    fn self_link(&self) -> Option<&Link>;

    /// Decodes the members of a `<resource>` whose start tag has been read.
    fn decode_xml_body(r: &mut xml::Reader<'_>, start: xml::ResourceStart<'_>) -> Result<Self>;

    /// Writes the resource as a `<resource rel="key">` element (`root` adds the namespace).
    fn encode_xml_element(&self, w: &mut xml::Writer, key: &str, root: bool);

    /// Decodes the JSON object of a resource nested in another document (errors do not
    /// name this type as the root of the path).
    fn deserialize_nested<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// A typed request body; implemented by `#[derive(Input)]`.
pub trait Input: Document {}

/// A UCWA string enumeration; implemented by `#[derive(StringEnum)]`.
pub trait StringEnum: Sized {
    /// The documented members, as spelled on the wire.
    const MEMBERS: &'static [&'static str];

    /// The wire spelling of this value.
    fn as_str(&self) -> &str;

    /// Whether this value is a documented member (not the fallback).
    fn is_known(&self) -> bool;
}

/// Something a decoded value had to keep without a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untyped {
    /// Where: the document path of the enclosing resource or property.
    pub path: String,
    /// What kind of member.
    pub kind: UntypedKind,
    /// Its name (property name, link relationship, embedding key or enum value).
    pub name: String,
    /// Why it was not typed, when there is more to say than its kind (an unfit value).
    pub reason: Option<String>,
}

/// The kinds of [`Untyped`] members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UntypedKind {
    /// A property the type has no field for.
    Property,
    /// A link the type has no field for.
    Link,
    /// An embedded resource the type has no field for.
    Embedded,
    /// An enumeration value that is not a documented member.
    EnumValue,
    /// A known property whose value does not fit its type, kept as read (see
    /// [`Untyped::reason`]).
    Unfit,
    /// An event that does not fit its type (no `type`, a malformed link), kept whole as
    /// read; its name is its `type`, or `event` without one.
    UnfitEvent,
}

impl Untyped {
    /// Creates an entry.
    pub fn new(path: &str, kind: UntypedKind, name: &str) -> Self {
        Untyped {
            path: path.to_owned(),
            kind,
            name: name.to_owned(),
            reason: None,
        }
    }

    /// The entry with a reason.
    pub fn with_reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.to_owned());
        self
    }
}

impl fmt::Display for Untyped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            UntypedKind::Property => "property",
            UntypedKind::Link => "link",
            UntypedKind::Embedded => "embedded resource",
            UntypedKind::EnumValue => "enum value",
            UntypedKind::Unfit => "unfit property",
            UntypedKind::UnfitEvent => "unfit event",
        };
        write!(f, "{kind} `{}` at `{}`", self.name, self.path)?;
        match &self.reason {
            Some(reason) => write!(f, ": {reason}"),
            None => Ok(()),
        }
    }
}

/// Decodes a document in the given format.
///
/// ```
/// use ucwa_codec::{decode, DynResource, Format};
/// let format = Format::from_content_type("application/vnd.microsoft.com.ucwa+json").unwrap();
/// let doc: DynResource = decode(format, br#"{"rel":"me","name":"Ann"}"#).unwrap();
/// assert_eq!(doc.rel.as_deref(), Some("me"));
/// ```
pub fn decode<T: DeserializeOwned + xml::FromXml>(format: Format, input: &[u8]) -> Result<T> {
    match format {
        Format::Json => json::from_slice(input),
        Format::Xml => xml::from_slice(input),
    }
}

/// Decodes a document in the given format with the given limits (such as
/// [`Limits::with_strict`], for a server that validates what it receives).
pub fn decode_with<T: DeserializeOwned + xml::FromXml>(
    format: Format,
    input: &[u8],
    limits: Limits,
) -> Result<T> {
    match format {
        Format::Json => json::from_slice_with(input, limits),
        Format::Xml => xml::from_slice_with(input, limits),
    }
}

/// Encodes a document in the given format (compact).
pub fn encode<T: Serialize + xml::ToXml + ?Sized>(format: Format, value: &T) -> Result<Vec<u8>> {
    match format {
        Format::Json => json::to_vec(value),
        Format::Xml => xml::to_vec(value),
    }
}

/// Encodes a document in the given format, indented.
pub fn encode_pretty<T: Serialize + xml::ToXml + ?Sized>(
    format: Format,
    value: &T,
) -> Result<Vec<u8>> {
    match format {
        Format::Json => json::to_vec_pretty(value),
        Format::Xml => xml::to_vec_pretty(value),
    }
}

/// Reads a whole stream, refusing more than `limit` bytes: at most `limit + 1` bytes are
/// read before the refusal, so an over-limit input never sits whole in memory.
pub fn read_limited<R: io::Read>(reader: R, limit: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = io::Read::read_to_end(&mut reader.take(limit as u64 + 1), &mut bytes)?;
    if read > limit {
        return Err(limits::too_large(None, limit));
    }
    Ok(bytes)
}

impl Document for DynResource {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        DynResource::collect_untyped(self, path, out);
    }
}

impl Document for DynInput {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        for (name, _) in &self.properties {
            out.push(Untyped::new(path, UntypedKind::Property, name));
        }
        for (rel, _) in &self.links {
            out.push(Untyped::new(path, UntypedKind::Link, rel));
        }
    }
}

/// A boxed resource is a resource: recursive types embed `Option<Box<Self>>`.
impl<T: Document> Document for Box<T> {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        (**self).collect_untyped(path, out);
    }
}

impl<T: Resource> Resource for Box<T> {
    const REL: &'static str = T::REL;

    fn self_link(&self) -> Option<&Link> {
        (**self).self_link()
    }

    fn decode_xml_body(r: &mut xml::Reader<'_>, start: xml::ResourceStart<'_>) -> Result<Self> {
        T::decode_xml_body(r, start).map(Box::new)
    }

    fn encode_xml_element(&self, w: &mut xml::Writer, key: &str, root: bool) {
        (**self).encode_xml_element(w, key, root);
    }

    fn deserialize_nested<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_nested(d).map(Box::new)
    }
}
