//! A registry from `rel` to resource type, so documents whose type is only known at
//! run time (event payloads, the CLI's input) decode into the right type.
//!
//! `ucwa_schema::registry()` returns one holding every documented resource; crates
//! with their own derived types [`register`](Registry::register) them on top.

use crate::dynamic::{DynInput, DynResource};
use crate::error::Result;
use crate::media::Format;
use crate::xml::{self, Reader, ResourceStart, Writer};
use crate::{Document, Input, Resource, Untyped};
use std::any::Any;
use std::collections::HashMap;
use std::fmt;

/// A typed resource behind a trait object: what the registry decodes into.
pub trait AnyResource: Any + fmt::Debug + Send + Sync + erased_serde::Serialize {
    /// The type's `rel`.
    fn rel(&self) -> &'static str;
    /// The type's Rust name.
    fn type_name(&self) -> &'static str;
    /// For downcasting.
    fn as_any(&self) -> &dyn Any;
    /// Clones into a new box.
    fn clone_box(&self) -> Box<dyn AnyResource>;
    /// Compares with another resource of any type.
    fn dyn_eq(&self, other: &dyn AnyResource) -> bool;
    /// Writes the resource as a `<resource rel="key">` element.
    fn encode_xml(&self, w: &mut Writer, key: &str, root: bool);
    /// Reports what the value keeps untyped.
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

erased_serde::serialize_trait_object!(AnyResource);

impl<T> AnyResource for T
where
    T: Resource + Clone + fmt::Debug + PartialEq + Send + Sync + 'static,
{
    fn rel(&self) -> &'static str {
        T::REL
    }
    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clone_box(&self) -> Box<dyn AnyResource> {
        Box::new(self.clone())
    }
    fn dyn_eq(&self, other: &dyn AnyResource) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
    fn encode_xml(&self, w: &mut Writer, key: &str, root: bool) {
        self.encode_xml_element(w, key, root);
    }
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        Document::collect_untyped(self, path, out);
    }
}

/// A resource decoded into whatever type the registry holds for its `rel`.
pub struct TypedResource(Box<dyn AnyResource>);

impl TypedResource {
    /// Wraps a typed resource.
    pub fn new<T: AnyResource>(resource: T) -> Self {
        TypedResource(Box::new(resource))
    }

    /// The resource as `T`, if it is one.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    /// The resource as a trait object.
    pub fn as_dyn(&self) -> &dyn AnyResource {
        &*self.0
    }
}

impl Clone for TypedResource {
    fn clone(&self) -> Self {
        TypedResource(self.0.clone_box())
    }
}

impl PartialEq for TypedResource {
    fn eq(&self, other: &Self) -> bool {
        self.0.dyn_eq(&*other.0)
    }
}

impl fmt::Debug for TypedResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl serde::Serialize for TypedResource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(&*self.0, serializer)
    }
}

/// A resource decoded by the registry: typed when its `rel` is registered and its body
/// fits the type, dynamic otherwise (with the reason it is not typed).
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded {
    /// Decoded into its registered type.
    Typed(TypedResource),
    /// Kept in the dynamic model.
    Dynamic {
        /// The resource.
        resource: Box<DynResource>,
        /// Why it is not typed: no type for its rel, or the type's error message.
        reason: Fallback,
    },
}

/// Why a resource stayed dynamic.
///
/// Equality compares the kind only: the rejection message is a diagnostic, and which
/// problem a type meets first depends on member order, which differs between the
/// formats (so the same resource read from JSON and from XML compares equal).
#[derive(Clone, Debug, Eq)]
pub enum Fallback {
    /// No type is registered for the rel (or the document has no rel).
    UnknownRel,
    /// The registered type rejected the body; the message says why.
    Rejected(String),
}

impl PartialEq for Fallback {
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Decoded {
    /// The typed resource as `T`, if it is one.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        match self {
            Decoded::Typed(t) => t.downcast_ref(),
            Decoded::Dynamic { .. } => None,
        }
    }

    /// The dynamic resource, if it stayed dynamic.
    pub fn as_dynamic(&self) -> Option<&DynResource> {
        match self {
            Decoded::Dynamic { resource, .. } => Some(resource),
            Decoded::Typed(_) => None,
        }
    }

    /// Writes the resource as a `<resource rel="key">` element.
    pub fn encode_xml(&self, w: &mut Writer, key: &str, root: bool) {
        match self {
            Decoded::Typed(t) => t.0.encode_xml(w, key, root),
            Decoded::Dynamic { resource, .. } => resource.encode_xml_element(w, Some(key), root),
        }
    }

    /// Reports what the value keeps untyped (all of it, for a dynamic resource).
    pub fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        match self {
            Decoded::Typed(t) => t.0.collect_untyped(path, out),
            Decoded::Dynamic { resource, .. } => resource.collect_untyped(path, out),
        }
    }
}

impl serde::Serialize for Decoded {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Decoded::Typed(t) => t.serialize(serializer),
            Decoded::Dynamic { resource, .. } => resource.serialize(serializer),
        }
    }
}

impl xml::ToXml for Decoded {
    fn to_xml(&self, w: &mut Writer) {
        match self {
            Decoded::Typed(t) => t.0.encode_xml(w, t.0.rel(), true),
            Decoded::Dynamic { resource, .. } => resource.encode_xml_element(w, None, true),
        }
    }
}

type JsonFn = fn(&str) -> Result<Box<dyn AnyResource>>;
type XmlBodyFn = fn(&mut Reader<'_>, ResourceStart<'_>) -> Result<Box<dyn AnyResource>>;

#[derive(Clone, Copy)]
struct ResourceEntry {
    type_name: &'static str,
    json: JsonFn,
    xml_body: XmlBodyFn,
}

/// A request body type, decoded through the registry by the rel it is sent to.
pub trait AnyInput: fmt::Debug + erased_serde::Serialize {
    /// The type's Rust name.
    fn type_name(&self) -> &'static str;
    /// Writes the `<input>` document.
    fn encode_xml(&self, w: &mut Writer);
    /// Reports what the value keeps untyped.
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

erased_serde::serialize_trait_object!(AnyInput);

impl<T: Input + fmt::Debug + 'static> AnyInput for T {
    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
    fn encode_xml(&self, w: &mut Writer) {
        xml::ToXml::to_xml(self, w);
    }
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        Document::collect_untyped(self, path, out);
    }
}

impl xml::ToXml for dyn AnyInput {
    fn to_xml(&self, w: &mut Writer) {
        self.encode_xml(w);
    }
}

type InputFn = fn(Format, &[u8]) -> Result<Box<dyn AnyInput>>;

#[derive(Clone, Copy)]
struct InputEntry {
    type_name: &'static str,
    decode: InputFn,
}

/// Maps `rel` to resource types (and to the request body type each accepts).
#[derive(Clone, Default)]
pub struct Registry {
    resources: HashMap<&'static str, ResourceEntry>,
    inputs: HashMap<&'static str, InputEntry>,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("resources", &self.resources.len())
            .field("inputs", &self.inputs.len())
            .finish()
    }
}

fn decode_json<T: AnyResource + Resource>(json: &str) -> Result<Box<dyn AnyResource>> {
    crate::json::from_str::<T>(json).map(|t| Box::new(t) as Box<dyn AnyResource>)
}

fn decode_xml_body<T: AnyResource + Resource>(
    r: &mut Reader<'_>,
    start: ResourceStart<'_>,
) -> Result<Box<dyn AnyResource>> {
    T::decode_xml_body(r, start).map(|t| Box::new(t) as Box<dyn AnyResource>)
}

fn decode_input<T: Input + fmt::Debug + 'static>(
    format: Format,
    bytes: &[u8],
) -> Result<Box<dyn AnyInput>> {
    crate::decode::<T>(format, bytes).map(|t| Box::new(t) as Box<dyn AnyInput>)
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a resource type under its `rel` (replacing any earlier one).
    pub fn register<T>(&mut self) -> &mut Self
    where
        T: Resource + Clone + fmt::Debug + PartialEq + Send + Sync + 'static,
    {
        self.resources.insert(
            T::REL,
            ResourceEntry {
                type_name: std::any::type_name::<T>(),
                json: decode_json::<T>,
                xml_body: decode_xml_body::<T>,
            },
        );
        self
    }

    /// Registers the request body type accepted by the resource `rel`.
    pub fn register_input<T: Input + fmt::Debug + 'static>(
        &mut self,
        rel: &'static str,
    ) -> &mut Self {
        self.inputs.insert(
            rel,
            InputEntry {
                type_name: std::any::type_name::<T>(),
                decode: decode_input::<T>,
            },
        );
        self
    }

    /// Whether a type is registered for `rel`.
    pub fn contains(&self, rel: &str) -> bool {
        self.resources.contains_key(rel)
    }

    /// The Rust name of the type registered for `rel`.
    pub fn type_name(&self, rel: &str) -> Option<&'static str> {
        self.resources.get(rel).map(|e| e.type_name)
    }

    /// The Rust name of the request body type of `rel`.
    pub fn input_type_name(&self, rel: &str) -> Option<&'static str> {
        self.inputs.get(rel).map(|e| e.type_name)
    }

    /// The registered rels, sorted.
    pub fn rels(&self) -> Vec<&'static str> {
        let mut rels: Vec<_> = self.resources.keys().copied().collect();
        rels.sort_unstable();
        rels
    }

    /// Decodes a JSON resource object by `rel`: `None` when no type is registered,
    /// else the type's result.
    pub fn decode_json(&self, rel: &str, json: &str) -> Option<Result<TypedResource>> {
        let entry = self.resources.get(rel)?;
        Some((entry.json)(json).map(TypedResource))
    }

    /// Decodes the members of a `<resource>` by `rel` (see [`decode_json`](Self::decode_json)).
    pub fn decode_xml_body(
        &self,
        rel: &str,
        r: &mut Reader<'_>,
        start: ResourceStart<'_>,
    ) -> Option<Result<TypedResource>> {
        let entry = self.resources.get(rel)?;
        Some((entry.xml_body)(r, start).map(TypedResource))
    }

    /// Decodes a whole resource document: into its registered type when there is one
    /// and the body fits it, else into the dynamic model (which must then succeed).
    pub fn decode(&self, format: Format, input: &[u8]) -> Result<Decoded> {
        let dynamic: DynResource = crate::decode(format, input)?;
        self.decode_as(dynamic.rel.clone().as_deref(), format, input, dynamic)
    }

    /// Like [`decode`](Self::decode), with the type chosen by `rel` rather than the document.
    pub fn decode_with_rel(&self, rel: &str, format: Format, input: &[u8]) -> Result<Decoded> {
        let dynamic: DynResource = crate::decode(format, input)?;
        self.decode_as(Some(rel), format, input, dynamic)
    }

    fn decode_as(
        &self,
        rel: Option<&str>,
        format: Format,
        input: &[u8],
        dynamic: DynResource,
    ) -> Result<Decoded> {
        let Some(entry) = rel.and_then(|rel| self.resources.get(rel)) else {
            return Ok(Decoded::Dynamic {
                resource: Box::new(dynamic),
                reason: Fallback::UnknownRel,
            });
        };
        let typed = match format {
            Format::Json => crate::xml::utf8(input).and_then(|s| {
                let s = s.strip_prefix('\u{feff}').unwrap_or(s);
                (entry.json)(s)
            }),
            Format::Xml => decode_xml_document(entry, input),
        };
        Ok(match typed {
            Ok(t) => Decoded::Typed(TypedResource(t)),
            Err(e) => Decoded::Dynamic {
                resource: Box::new(dynamic),
                reason: Fallback::Rejected(e.to_string()),
            },
        })
    }

    /// Decodes a request body sent to the resource `rel`: typed when an input type is
    /// registered for it, dynamic otherwise.
    pub fn decode_input(&self, rel: &str, format: Format, input: &[u8]) -> Result<DecodedInput> {
        match self.inputs.get(rel) {
            Some(entry) => (entry.decode)(format, input).map(DecodedInput::Typed),
            None => crate::decode::<DynInput>(format, input).map(DecodedInput::Dynamic),
        }
    }
}

fn decode_xml_document(entry: &ResourceEntry, input: &[u8]) -> Result<Box<dyn AnyResource>> {
    let text = crate::xml::utf8(input)?;
    let mut r = Reader::new(text, crate::Limits::DEFAULT)?;
    let root = crate::__private::xml_root(&mut r, "resource")?;
    let start = r.resource_start(&root)?;
    let value = (entry.xml_body)(&mut r, start)?;
    r.finish()?;
    Ok(value)
}

/// A request body decoded by the registry.
#[derive(Debug)]
pub enum DecodedInput {
    /// Decoded into the input type registered for the rel.
    Typed(Box<dyn AnyInput>),
    /// No input type is registered for the rel.
    Dynamic(DynInput),
}
