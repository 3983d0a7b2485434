//! A registry from `rel` to resource type, so documents whose type is only known at
//! run time (event payloads, the CLI's input) decode into the right type.
//!
//! `ucwa_schema::registry()` returns one holding every documented resource; crates
//! with their own derived types [`register`](Registry::register) them on top.
//!
//! One dispatch: a document's `rel` is peeked without building anything, the document
//! is decoded once into the type registered for it, and only what that type rejects
//! (or what no type is registered for) is decoded again, into the dynamic model. The
//! rule for falling back, and the reason it gives, is [`Decoded::typed_or_dynamic`],
//! which the event and batch codecs follow too.

use crate::dynamic::{DynInput, DynResource};
use crate::error::{Error, Result};
use crate::json::Key;
use crate::media::Format;
use crate::xml::{self, Reader, ResourceStart, Writer};
use crate::{Document, Input, Limits, Resource, Untyped};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::any::Any;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// A typed resource behind a trait object (type-erased): what the registry decodes into.
///
/// Implemented for every [`Resource`] that is `Clone + Debug + PartialEq + Send + Sync`.
/// (Formerly `registry::AnyResource`, a name `ucwa_schema` gives its enum of resources.)
pub trait ErasedResource: Any + fmt::Debug + Send + Sync + erased_serde::Serialize {
    /// The type's `rel`.
    fn rel(&self) -> &'static str;
    /// The type's Rust name.
    fn type_name(&self) -> &'static str;
    /// For downcasting.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting by value (moving the resource out, not cloning it).
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    /// Clones into a new box.
    fn clone_box(&self) -> Box<dyn ErasedResource>;
    /// Compares with another resource of any type.
    fn dyn_eq(&self, other: &dyn ErasedResource) -> bool;
    /// Writes the resource as a `<resource rel="key">` element.
    fn encode_xml(&self, w: &mut Writer, key: &str, root: bool);
    /// Reports what the value keeps untyped.
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

erased_serde::serialize_trait_object!(ErasedResource);

impl<T> ErasedResource for T
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
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
    fn clone_box(&self) -> Box<dyn ErasedResource> {
        Box::new(self.clone())
    }
    fn dyn_eq(&self, other: &dyn ErasedResource) -> bool {
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
pub struct TypedResource(Box<dyn ErasedResource>);

impl TypedResource {
    /// Wraps a typed resource.
    pub fn new<T: ErasedResource>(resource: T) -> Self {
        TypedResource(Box::new(resource))
    }

    /// The resource as `T`, if it is one.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    /// The resource as `T`, moved out of its box into another (not cloned); itself
    /// back when it is not a `T`.
    pub fn downcast<T: Any>(self) -> std::result::Result<Box<T>, Self> {
        if self.0.as_any().is::<T>() {
            Ok(self.0.into_any().downcast().expect("checked to be a T"))
        } else {
            Err(self)
        }
    }

    /// The resource as a trait object.
    pub fn as_dyn(&self) -> &dyn ErasedResource {
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

impl Fallback {
    /// The one fallback rule, for whole documents and embedded resources alike: what
    /// the registered type made of a resource (`None`: no type for its rel) gives the
    /// typed resource, or the reason to fall back to the dynamic model. Every rejection
    /// falls back: when the document itself is broken, the dynamic model fails too and
    /// its error is the one returned. Read strictly ([`Limits::strict`]), a rejection
    /// is that error instead; a rel no type is registered for still reads dynamically
    /// (nothing in it was refused).
    fn after(
        typed: Option<Result<TypedResource>>,
        strict: bool,
    ) -> Result<std::result::Result<TypedResource, Fallback>> {
        match typed {
            None => Ok(Err(Fallback::UnknownRel)),
            Some(Ok(typed)) => Ok(Ok(typed)),
            Some(Err(e)) if strict => Err(e),
            Some(Err(e)) => Ok(Err(Fallback::rejected(&e))),
        }
    }

    /// Why a type rejected a resource, in one wording: the message and the path inside
    /// the resource, without the position in the input (which changes with each
    /// encoding, and for an embedded resource would count from the resource, not the
    /// document).
    fn rejected(e: &Error) -> Fallback {
        Fallback::Rejected(rejection(e))
    }
}

/// Why a type rejected a resource, in the one wording of every fallback (see
/// [`Fallback::Rejected`]).
pub(crate) fn rejection(e: &Error) -> String {
    let path = e.path();
    if path.is_empty() {
        e.message().to_owned()
    } else {
        format!("{} at `{path}`", e.message())
    }
}

impl Decoded {
    /// The fallback policy every decoder by `rel` follows (the registry, and the event
    /// and batch codecs): `typed` is what the registered type made of the resource
    /// (`None` when no type is registered for its rel). When the type rejects the
    /// resource, or there is no type, `dynamic` decodes it into the dynamic model, with
    /// the reason kept ([`Fallback`]); when that fails too, its error is returned. With
    /// `strict` (the document is read strictly: [`Limits::strict`]) a rejection is an
    /// error.
    ///
    /// ```
    /// use ucwa_codec::registry::{Decoded, Fallback};
    /// use ucwa_codec::{DynResource, Registry};
    /// let json = r#"{"rel":"note","message":"hi"}"#;
    /// let registry = Registry::new();
    /// let decoded = Decoded::typed_or_dynamic(registry.decode_json("note", json), false, || {
    ///     ucwa_codec::json::from_str::<DynResource>(json)
    /// })
    /// .unwrap();
    /// assert!(matches!(decoded, Decoded::Dynamic { reason: Fallback::UnknownRel, .. }));
    /// ```
    pub fn typed_or_dynamic(
        typed: Option<Result<TypedResource>>,
        strict: bool,
        dynamic: impl FnOnce() -> Result<DynResource>,
    ) -> Result<Decoded> {
        Ok(match Fallback::after(typed, strict)? {
            Ok(typed) => Decoded::Typed(typed),
            Err(reason) => Decoded::Dynamic {
                resource: Box::new(dynamic()?),
                reason,
            },
        })
    }

    /// The typed resource as `T`, moved out (not cloned); itself back when it is not a
    /// `T` (or stayed dynamic).
    pub fn downcast<T: Any>(self) -> std::result::Result<Box<T>, Self> {
        match self {
            Decoded::Typed(t) => t.downcast().map_err(Decoded::Typed),
            dynamic @ Decoded::Dynamic { .. } => Err(dynamic),
        }
    }

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

type JsonFn = fn(&[u8], Limits) -> Result<Box<dyn ErasedResource>>;
type XmlFn = fn(&str, Limits) -> Result<Box<dyn ErasedResource>>;
type XmlBodyFn = fn(&mut Reader<'_>, ResourceStart<'_>) -> Result<Box<dyn ErasedResource>>;

/// The decoders of one registered type: a JSON object, an XML document, and the members
/// of a `<resource>` whose start has been read.
#[derive(Clone, Copy)]
struct ResourceEntry {
    type_name: &'static str,
    json: JsonFn,
    xml: XmlFn,
    xml_body: XmlBodyFn,
}

/// A request body type, decoded through the registry by the rel it is sent to.
///
/// Implemented for every [`Input`] that is `Debug`. (Formerly `registry::AnyInput`, a
/// name `ucwa_schema` gives its enum of request bodies.)
pub trait ErasedInput: fmt::Debug + erased_serde::Serialize {
    /// The type's Rust name.
    fn type_name(&self) -> &'static str;
    /// Writes the `<input>` document.
    fn encode_xml(&self, w: &mut Writer);
    /// Reports what the value keeps untyped.
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

erased_serde::serialize_trait_object!(ErasedInput);

impl<T: Input + fmt::Debug + 'static> ErasedInput for T {
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

impl xml::ToXml for dyn ErasedInput {
    fn to_xml(&self, w: &mut Writer) {
        self.encode_xml(w);
    }
}

type InputFn = fn(Format, &[u8]) -> Result<Box<dyn ErasedInput>>;

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

fn decode_json<T: ErasedResource + Resource>(
    json: &[u8],
    limits: Limits,
) -> Result<Box<dyn ErasedResource>> {
    crate::json::from_slice_with::<T>(json, limits).map(|t| Box::new(t) as Box<dyn ErasedResource>)
}

fn decode_xml<T: ErasedResource + Resource>(
    xml: &str,
    limits: Limits,
) -> Result<Box<dyn ErasedResource>> {
    crate::xml::from_str_with::<T>(xml, limits).map(|t| Box::new(t) as Box<dyn ErasedResource>)
}

fn decode_xml_body<T: ErasedResource + Resource>(
    r: &mut Reader<'_>,
    start: ResourceStart<'_>,
) -> Result<Box<dyn ErasedResource>> {
    T::decode_xml_body(r, start).map(|t| Box::new(t) as Box<dyn ErasedResource>)
}

fn decode_input<T: Input + fmt::Debug + 'static>(
    format: Format,
    bytes: &[u8],
) -> Result<Box<dyn ErasedInput>> {
    crate::decode::<T>(format, bytes).map(|t| Box::new(t) as Box<dyn ErasedInput>)
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
                xml: decode_xml::<T>,
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

    /// Decodes a JSON resource object into the type registered for `rel`: `None` when
    /// there is none, else the type's result (see [`Decoded::typed_or_dynamic`] for
    /// what to do with a rejection).
    pub fn decode_json(&self, rel: &str, json: &str) -> Option<Result<TypedResource>> {
        let entry = self.resources.get(rel)?;
        Some((entry.json)(json.as_bytes(), Limits::DEFAULT).map(TypedResource))
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

    /// Decodes a JSON resource object by its own `rel` member (by `rel` when it has
    /// none), such as a resource embedded in an event under the key `rel`: typed when
    /// a type is registered and accepts it, dynamic otherwise.
    pub fn decode_json_object(&self, rel: &str, json: &str) -> Result<Decoded> {
        let peeked = peek_json_rel(json.as_bytes());
        let typed =
            crate::json::as_embedded(|| self.decode_json(peeked.as_deref().unwrap_or(rel), json));
        Decoded::typed_or_dynamic(typed, crate::json::is_strict(), || {
            crate::json::from_str(json)
        })
    }

    /// Decodes a whole resource document: into its registered type when there is one
    /// and the body fits it, else into the dynamic model (which must then succeed).
    ///
    /// The document is read once when it is typed: its `rel` is peeked first (JSON:
    /// the `"rel"` member, read up to it; XML: the root's `rel` attribute), then the
    /// registered type decodes it. Only a document the type rejects (or with no type)
    /// is read again, into the dynamic model, whose `rel` (XML: `<property
    /// name="rel">`, when present, names the type rather than the attribute) is tried
    /// once more if it names another type.
    pub fn decode(&self, format: Format, input: &[u8]) -> Result<Decoded> {
        self.decode_with(format, input, Limits::DEFAULT)
    }

    /// [`decode`](Self::decode) with the given limits. Read strictly
    /// ([`Limits::strict`]), a document its type rejects is an error, not a dynamic
    /// resource.
    pub fn decode_with(&self, format: Format, input: &[u8], limits: Limits) -> Result<Decoded> {
        let doc = Doc::new(format, input, limits)?;
        let peeked = doc.peek_rel();
        let decoded = self.decode_doc(peeked.as_deref(), &doc)?;
        let Decoded::Dynamic { resource, reason } = decoded else {
            return Ok(decoded);
        };
        // The peek named no type or another one than the document says it is.
        if resource.rel.is_none() || resource.rel.as_deref() == peeked.as_deref() {
            return Ok(Decoded::Dynamic { resource, reason });
        }
        let typed = resource
            .rel
            .as_deref()
            .and_then(|rel| self.decode_typed(rel, &doc));
        Ok(match Fallback::after(typed, limits.strict)? {
            Ok(typed) => Decoded::Typed(typed),
            Err(reason) => Decoded::Dynamic { resource, reason },
        })
    }

    /// Like [`decode`](Self::decode), with the type chosen by `rel` rather than the document.
    pub fn decode_with_rel(&self, rel: &str, format: Format, input: &[u8]) -> Result<Decoded> {
        self.decode_doc(Some(rel), &Doc::new(format, input, Limits::DEFAULT)?)
    }

    fn decode_doc(&self, rel: Option<&str>, doc: &Doc<'_>) -> Result<Decoded> {
        let typed = rel.and_then(|rel| self.decode_typed(rel, doc));
        Decoded::typed_or_dynamic(typed, doc.limits.strict, || match doc.input {
            DocInput::Json(bytes) => crate::json::from_slice_with(bytes, doc.limits),
            DocInput::Xml(text) => crate::xml::from_str_with(text, doc.limits),
        })
    }

    fn decode_typed(&self, rel: &str, doc: &Doc<'_>) -> Option<Result<TypedResource>> {
        let entry = self.resources.get(rel)?;
        let typed = match doc.input {
            DocInput::Json(bytes) => (entry.json)(bytes, doc.limits),
            DocInput::Xml(text) => (entry.xml)(text, doc.limits),
        };
        Some(typed.map(TypedResource))
    }

    /// Decodes a request body sent to the resource `rel`: typed when an input type is
    /// registered for it and takes the body, dynamic otherwise (with the reason, by the
    /// rule resources follow: a body the dynamic model refuses too is an error).
    pub fn decode_input(&self, rel: &str, format: Format, input: &[u8]) -> Result<DecodedInput> {
        let reason = match self
            .inputs
            .get(rel)
            .map(|entry| (entry.decode)(format, input))
        {
            Some(Ok(typed)) => return Ok(DecodedInput::Typed(typed)),
            Some(Err(e)) => Fallback::rejected(&e),
            None => Fallback::UnknownRel,
        };
        let input = crate::decode::<DynInput>(format, input)?;
        Ok(DecodedInput::Dynamic { input, reason })
    }
}

/// A document about to be decoded, with the limits it is read under.
struct Doc<'a> {
    input: DocInput<'a>,
    limits: Limits,
}

/// A document's input, XML already checked to be UTF-8 (once, for the peek and the
/// decoders after it).
#[derive(Clone, Copy)]
enum DocInput<'a> {
    Json(&'a [u8]),
    Xml(&'a str),
}

impl<'a> Doc<'a> {
    fn new(format: Format, input: &'a [u8], limits: Limits) -> Result<Self> {
        let input = match format {
            Format::Json => DocInput::Json(input),
            Format::Xml => DocInput::Xml(crate::limits::utf8(input)?),
        };
        Ok(Doc { input, limits })
    }

    /// The document's `rel` as cheaply as it can be found; `None` when it cannot (the
    /// decoders that follow report why, if anything is wrong).
    fn peek_rel(&self) -> Option<Cow<'a, str>> {
        match self.input {
            DocInput::Json(bytes) => peek_json_rel(bytes),
            DocInput::Xml(text) => peek_xml_rel(text),
        }
    }
}

/// The `rel` member of a JSON object, found without building anything: the object is
/// read up to that member only (UCWA writes it first) and nothing is kept of the rest.
fn peek_json_rel(input: &[u8]) -> Option<Cow<'_, str>> {
    struct Peek<'s, 'de>(&'s mut Option<Key<'de>>);
    impl<'de> DeserializeSeed<'de> for Peek<'_, 'de> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Peek<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if key.as_str() == "rel" {
                    *self.0 = Some(map.next_value()?);
                    // Found: stop reading (serde_json stops only on an error).
                    return Err(de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let input = crate::strip_bom(input);
    let mut rel = None;
    let _ = Peek(&mut rel).deserialize(&mut serde_json::Deserializer::from_slice(input));
    rel.map(|key| match key {
        Key::Borrowed(s) => Cow::Borrowed(s),
        Key::Owned(s) => Cow::Owned(s),
    })
}

/// The `rel` attribute of the root `<resource>` of an XML document: only the prologue
/// and the root's start tag are read.
fn peek_xml_rel(text: &str) -> Option<Cow<'_, str>> {
    let mut r = Reader::new(text, Limits::DEFAULT).ok()?;
    let root = r.root().ok()?;
    if root.local_name() != "resource" {
        return None;
    }
    r.attributes(&root).find_map(|attr| match attr {
        Ok((name, value)) if name == "rel" => Some(value),
        _ => None,
    })
}

/// A request body decoded by the registry.
#[derive(Debug)]
pub enum DecodedInput {
    /// Decoded into the input type registered for the rel.
    Typed(Box<dyn ErasedInput>),
    /// No input type is registered for the rel, or the registered one refused the body
    /// (a required field missing): the body in the dynamic model, and why.
    Dynamic {
        /// The body.
        input: DynInput,
        /// Why it is not typed.
        reason: Fallback,
    },
}
