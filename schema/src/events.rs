//! The event channel's response: what a pending GET (P-GET) on `events` returns.
//!
//! An [`EventResponse`] holds the link for the next P-GET ([`Continuation`]: `next`, or
//! `resume`/`resync` when the client must drop its cached state), and the
//! [`Sender`]s in the order the server sent them, each with its [`Event`]s in order.
//! An event names its type ([`EventType`]), its target link, and optionally an `in`
//! link, a `status`, a `reason` ([`ErrorBody`]) and the target's content
//! ([`EmbeddedResource`]).
//!
//! Embedded resources are decoded into their schema type through a
//! [`Registry`] chosen by the resource's own `rel`. When no type is registered for
//! it, or the type rejects the body, that one resource stays in the dynamic model
//! ([`Decoded::Dynamic`], with the reason): one odd event never fails the batch.
//!
//! ```
//! use ucwa_schema::events::{EventResponse, EventType};
//! use ucwa_schema::{Availability, Presence};
//!
//! let body = br#"{
//!   "_links": {"self": {"href": "/ucwa/v1/applications/1/events?ack=1"},
//!              "next": {"href": "/ucwa/v1/applications/1/events?ack=2"}},
//!   "sender": [{"rel": "me", "href": "/ucwa/v1/applications/1/me", "events": [{
//!     "link": {"rel": "presence", "href": "/ucwa/v1/applications/1/me/presence"},
//!     "_embedded": {"presence": {"rel": "presence", "availability": "Busy",
//!        "_links": {"self": {"href": "/ucwa/v1/applications/1/me/presence"}}}},
//!     "type": "updated"}]}]
//! }"#;
//! let response = EventResponse::from_json_default(body).unwrap();
//! assert_eq!(response.continuation.link().href, "/ucwa/v1/applications/1/events?ack=2");
//! for (sender, event) in response.events() {
//!     assert_eq!(sender.rel, "me");
//!     assert_eq!(event.kind, EventType::Updated);
//!     let presence: &Presence = event.resource_as().unwrap();
//!     assert_eq!(presence.availability, Some(Availability::Busy));
//! }
//! ```
//!
//! # XML form
//!
//! The root is `<events href="(self)">`; the continuation and any other links are
//! `<link rel href/>` children, then come the `<sender rel href>` elements. An event is
//! an element named after its type (`<added>`, `<updated>`, …) whose attributes are the
//! target link's (`rel`, `href`, `title`, others). Its children, each optional, in this
//! order (the reference shows only the embedded resource, so the others are this
//! crate's choice, in UCWA's style):
//!
//! - `<in rel href title …/>`: the collection the target was added to or removed from;
//! - `<status>Success</status>`: the outcome of an operation;
//! - `<reason>…</reason>`: the error body (see [`crate::errors`]), without a namespace
//!   declaration of its own;
//! - `<property name>` / `<propertyList>` / `<propertyBag>`: members of the event this
//!   type has no field for;
//! - `<resource rel="(embedding key)" href>`: the embedded resource, whose own type is
//!   its `<property name="rel">`.

use crate::bag::PropertyBag;
use crate::errors::{ErrorBody, decode_bag_entry};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use ucwa_codec::json::{self as cjson, Key, ObjectReader, ReadObject, next_value, path};
use ucwa_codec::xml::{self, FromXml, LinkRef, Reader, ToXml, Writer};
use ucwa_codec::{
    Decoded, Document, DynResource, Error, Format, Limits, Link, Members, OneOrMany, Registry,
    Result, StringEnum, Untyped, UntypedKind,
};

/// What happened to an event's target.
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum EventType {
    /// A resource was created (or became visible to the application).
    #[ucwa(rename = "added")]
    Added,
    /// A resource or an operation changed.
    #[ucwa(rename = "updated")]
    Updated,
    /// A resource was removed.
    #[ucwa(rename = "deleted")]
    Deleted,
    /// An operation began.
    #[ucwa(rename = "started")]
    Started,
    /// An operation finished (see the event's `status` and `reason`).
    #[ucwa(rename = "completed")]
    Completed,
    /// A type this version does not know.
    #[ucwa(other)]
    Other(String),
}

/// The outcome an event reports for an operation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum EventStatus {
    /// The operation succeeded.
    Success,
    /// The operation failed; the event's `reason` says why.
    Failure,
    /// A status this version does not know.
    #[ucwa(other)]
    Other(String),
}

/// A link that carries its relationship: an event's target, its `in` link.
///
/// JSON: `{"rel": …, "href": …, "title": …, …}`; XML: the same attributes on an element.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EventLink {
    /// The relationship (for a target: the kind of resource).
    pub rel: String,
    /// The href, title and other attributes.
    pub link: Link,
}

impl EventLink {
    /// A link with a rel and an href.
    pub fn new(rel: impl Into<String>, href: impl Into<String>) -> Self {
        EventLink {
            rel: rel.into(),
            link: Link::new(href),
        }
    }

    /// The href.
    pub fn href(&self) -> &str {
        &self.link.href
    }
}

/// The link for the next P-GET, and what it says about the client's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Continuation {
    /// The normal case: send the next P-GET here.
    Next(Link),
    /// Like `next`, but the server dropped its transient state after a long silence
    /// (subscriptions ended, conversations closed): the client must drop what it cached
    /// of them, and resend its event-channel query parameters.
    Resume(Link),
    /// The client used an event link that is not the current one; follow this to get the
    /// first unacknowledged events. Clear cached transient data.
    Resync(Link),
}

impl Continuation {
    /// The link, whichever kind it is.
    pub fn link(&self) -> &Link {
        match self {
            Continuation::Next(l) | Continuation::Resume(l) | Continuation::Resync(l) => l,
        }
    }

    /// The link relationship: `next`, `resume` or `resync`.
    pub fn rel(&self) -> &'static str {
        match self {
            Continuation::Next(_) => "next",
            Continuation::Resume(_) => "resume",
            Continuation::Resync(_) => "resync",
        }
    }

    /// Whether the client must drop its cached transient state (`resume`, `resync`).
    pub fn resets_state(&self) -> bool {
        !matches!(self, Continuation::Next(_))
    }

    /// The continuation `rel` names, or the link back if it names none.
    fn from_rel(rel: &str, link: Link) -> Result<Continuation, Link> {
        match rel {
            "next" => Ok(Continuation::Next(link)),
            "resume" => Ok(Continuation::Resume(link)),
            "resync" => Ok(Continuation::Resync(link)),
            _ => Err(link),
        }
    }
}

/// The response to a P-GET on the event channel.
#[derive(Clone, Debug, PartialEq)]
pub struct EventResponse {
    /// The link this response was fetched from.
    pub self_link: Option<Link>,
    /// Where to send the next P-GET (exactly one of `next`, `resume`, `resync`).
    pub continuation: Continuation,
    /// Other links, in order.
    pub links: Vec<(String, OneOrMany<Link>)>,
    /// Members this type has no field for, in order.
    pub extra: PropertyBag,
    /// The senders, in order; a sender may appear several times.
    pub senders: Vec<Sender>,
}

/// A resource that sent events, with its events in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sender {
    /// The sender's relationship (`me`, `communication`, `conversation`, …).
    pub rel: String,
    /// Where the sender lives.
    pub href: Option<String>,
    /// The sender's title, when given.
    pub title: Option<String>,
    /// Other attributes of the sender's link, in order.
    pub attributes: Vec<(String, String)>,
    /// The events, in order.
    pub events: Vec<Event>,
}

/// One event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// What happened (JSON `type`, XML element name).
    pub kind: EventType,
    /// The resource or operation the event is about.
    pub link: EventLink,
    /// The collection the target joined or left, for a target in several collections.
    pub in_link: Option<EventLink>,
    /// The outcome, for a completed operation.
    pub status: Option<EventStatus>,
    /// Why: for failed operations and server-initiated changes.
    pub reason: Option<ErrorBody>,
    /// The target's content, when the server embedded it.
    pub resource: Option<EmbeddedResource>,
    /// Members this type has no field for, in order.
    pub extra: PropertyBag,
}

/// A resource embedded in an event.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbeddedResource {
    /// The key it is embedded under: its relationship to the sender (JSON `_embedded`
    /// key, XML `rel` attribute), such as `localParticipant`.
    pub key: String,
    /// The resource, typed by its own `rel` (such as `participant`) when the registry
    /// knows it and the body fits, dynamic otherwise.
    pub resource: Decoded,
}

impl EmbeddedResource {
    /// The resource's own type (its `rel`): the typed resource's, the dynamic
    /// resource's `rel` member, else the embedding key.
    pub fn rel(&self) -> &str {
        match &self.resource {
            Decoded::Typed(t) => t.as_dyn().rel(),
            Decoded::Dynamic { resource, .. } => resource.rel.as_deref().unwrap_or(&self.key),
        }
    }

    /// The resource as `T`, if it was decoded as one.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.resource.downcast_ref()
    }
}

impl Event {
    /// An event with just a type and a target.
    pub fn new(kind: EventType, link: EventLink) -> Self {
        Event {
            kind,
            link,
            in_link: None,
            status: None,
            reason: None,
            resource: None,
            extra: PropertyBag::default(),
        }
    }

    /// The embedded resource as `T`, if there is one of that type.
    pub fn resource_as<T: 'static>(&self) -> Option<&T> {
        self.resource.as_ref()?.downcast_ref()
    }
}

impl Sender {
    /// The sender's link attributes, borrowed, for writing.
    fn link_ref(&self) -> LinkRef<'_> {
        LinkRef {
            href: self.href.as_deref(),
            title: self.title.as_deref(),
            attributes: &self.attributes,
        }
    }

    /// The sender's link (`None` without an href).
    pub fn link(&self) -> Option<Link> {
        Some(Link {
            href: self.href.clone()?,
            title: self.title.clone(),
            attributes: self.attributes.clone(),
        })
    }
}

impl EventResponse {
    /// A response with just a continuation (as after a P-GET timeout).
    pub fn new(continuation: Continuation) -> Self {
        EventResponse {
            self_link: None,
            continuation,
            links: Vec::new(),
            extra: PropertyBag::default(),
            senders: Vec::new(),
        }
    }

    /// Every event in order, with its sender.
    pub fn events(&self) -> impl Iterator<Item = (&Sender, &Event)> {
        self.senders
            .iter()
            .flat_map(|s| s.events.iter().map(move |e| (s, e)))
    }

    /// Whether the client must drop its cached transient state (`resume` or `resync`).
    pub fn resets_state(&self) -> bool {
        self.continuation.resets_state()
    }

    /// Decodes a JSON response, typing embedded resources through `registry`.
    pub fn from_json(input: &[u8], registry: &Registry) -> Result<Self> {
        Self::from_json_with(input, registry, Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json) with the given limits.
    pub fn from_json_with(input: &[u8], registry: &Registry, limits: Limits) -> Result<Self> {
        cjson::read_document(input, limits, ResponseSeed { registry })
    }

    /// Decodes an XML response, typing embedded resources through `registry`.
    pub fn from_xml(input: &[u8], registry: &Registry) -> Result<Self> {
        Self::from_xml_with(input, registry, Limits::DEFAULT)
    }

    /// [`from_xml`](Self::from_xml) with the given limits.
    pub fn from_xml_with(input: &[u8], registry: &Registry, limits: Limits) -> Result<Self> {
        xml::read_document(input, limits, |r| decode_xml_document(r, registry))
    }

    /// Decodes a response in either format.
    pub fn decode(format: Format, input: &[u8], registry: &Registry) -> Result<Self> {
        match format {
            Format::Json => Self::from_json(input, registry),
            Format::Xml => Self::from_xml(input, registry),
        }
    }

    /// [`from_json`](Self::from_json) with this crate's [`registry`](crate::registry()).
    pub fn from_json_default(input: &[u8]) -> Result<Self> {
        Self::from_json(input, crate::registry())
    }

    /// [`from_xml`](Self::from_xml) with this crate's [`registry`](crate::registry()).
    pub fn from_xml_default(input: &[u8]) -> Result<Self> {
        Self::from_xml(input, crate::registry())
    }

    /// [`decode`](Self::decode) with this crate's [`registry`](crate::registry()).
    pub fn decode_default(format: Format, input: &[u8]) -> Result<Self> {
        Self::decode(format, input, crate::registry())
    }
}

// ---------------------------------------------------------------------------------
// JSON decoding

/// Reads the whole response.
struct ResponseSeed<'r> {
    registry: &'r Registry,
}

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_> {
    type Value = EventResponse;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<EventResponse, D::Error> {
        let reader = ResponseReader {
            registry: self.registry,
            links: Links::default(),
            senders: None,
            extra: PropertyBag::default(),
        };
        ReadObject(reader).deserialize(d)
    }
}

struct ResponseReader<'r> {
    registry: &'r Registry,
    links: Links,
    senders: Option<Vec<Sender>>,
    extra: PropertyBag,
}

impl<'de> ObjectReader<'de> for ResponseReader<'_> {
    type Value = EventResponse;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event response object")
    }

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "_links" => cjson::next_value_seed(map, "_links", ReadObject(&mut self.links))?,
            "sender" if self.senders.is_some() => {
                return Err(cjson::duplicate("member", "sender"));
            }
            "sender" => {
                let senders = ListSeed {
                    item: SenderSeed {
                        registry: self.registry,
                    },
                    expecting: "an array of senders",
                };
                self.senders = Some(cjson::next_value_seed(map, "sender", senders)?);
            }
            name => {
                let value = next_value(map, name)?;
                self.extra.entries.push((key.into_owned(), value));
            }
        }
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<EventResponse, E> {
        self.links.others.check_json_repeats()?;
        let continuation = self.links.continuation.ok_or_else(|| {
            E::custom("an event response needs a `next`, `resume` or `resync` link")
        })?;
        Ok(EventResponse {
            self_link: self.links.self_link,
            continuation,
            links: self.links.others.links,
            extra: self.extra,
            senders: self.senders.unwrap_or_default(),
        })
    }
}

/// The root's `_links`.
#[derive(Default)]
struct Links {
    self_link: Option<Link>,
    continuation: Option<Continuation>,
    /// Links other than `self` and the continuation (only its `links` are used).
    others: Members,
}

impl<'de> ObjectReader<'de> for &mut Links {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a `_links` object")
    }

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let rel = key.as_str();
        if rel == "self" && self.self_link.is_none() {
            self.self_link = Some(next_value(map, "self")?);
        } else if matches!(rel, "next" | "resume" | "resync") {
            if let Some(previous) = &self.continuation {
                path::push(rel);
                return Err(de::Error::custom(format_args!(
                    "an event response has one of `next`, `resume` and `resync`; \
                     found `{}` and `{rel}`",
                    previous.rel()
                )));
            }
            let link: Link = next_value(map, rel)?;
            self.continuation = Continuation::from_rel(rel, link).ok();
        } else {
            self.others.read_json_link(map, key)?;
        }
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads one sender (a list item, so a `Copy` seed that starts a fresh reader).
#[derive(Clone, Copy)]
struct SenderSeed<'r> {
    registry: &'r Registry,
}

impl<'de> DeserializeSeed<'de> for SenderSeed<'_> {
    type Value = Sender;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Sender, D::Error> {
        let reader = SenderReader {
            registry: self.registry,
            link: cjson::LinkMembers::with_rel(),
            events: None,
        };
        ReadObject(reader).deserialize(d)
    }
}

struct SenderReader<'r> {
    registry: &'r Registry,
    /// The sender is a link-like object: its `rel`, `href`, `title` and attributes.
    link: cjson::LinkMembers,
    events: Option<Vec<Event>>,
}

impl<'de> ObjectReader<'de> for SenderReader<'_> {
    type Value = Sender;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sender object")
    }

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "events" if self.events.is_some() => Err(cjson::duplicate("member", "events")),
            "events" => {
                let events = ListSeed {
                    item: EventSeed {
                        registry: self.registry,
                    },
                    expecting: "an array of events",
                };
                self.events = Some(cjson::next_value_seed(map, "events", events)?);
                Ok(())
            }
            _ => self.link.read(map, key),
        }
    }

    fn end<E: de::Error>(self) -> Result<Sender, E> {
        self.link.check_declarations()?;
        let link = self.link;
        Ok(Sender {
            rel: link
                .rel
                .ok_or_else(|| E::custom("sender without a `rel`"))?,
            href: link.href,
            title: link.title,
            attributes: link.attributes,
            events: self.events.unwrap_or_default(),
        })
    }
}

/// Reads one event (a list item, so a `Copy` seed that starts a fresh reader).
#[derive(Clone, Copy)]
struct EventSeed<'r> {
    registry: &'r Registry,
}

impl<'de> DeserializeSeed<'de> for EventSeed<'_> {
    type Value = Event;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Event, D::Error> {
        let reader = EventReader {
            registry: self.registry,
            kind: None,
            link: None,
            in_link: None,
            status: None,
            reason: None,
            resource: None,
            seen_embedded: false,
            extra: PropertyBag::default(),
        };
        ReadObject(reader).deserialize(d)
    }
}

struct EventReader<'r> {
    registry: &'r Registry,
    kind: Option<EventType>,
    link: Option<EventLink>,
    in_link: Option<EventLink>,
    status: Option<EventStatus>,
    reason: Option<ErrorBody>,
    resource: Option<EmbeddedResource>,
    seen_embedded: bool,
    extra: PropertyBag,
}

impl<'de> ObjectReader<'de> for EventReader<'_> {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "type" if self.kind.is_none() => self.kind = Some(next_value(map, "type")?),
            "link" if self.link.is_none() => self.link = Some(next_value(map, "link")?),
            "in" if self.in_link.is_none() => self.in_link = next_value(map, "in")?,
            "status" if self.status.is_none() => self.status = next_value(map, "status")?,
            "reason" if self.reason.is_none() => self.reason = next_value(map, "reason")?,
            "_embedded" if !self.seen_embedded => {
                self.seen_embedded = true;
                let embedded = EmbeddedReader {
                    registry: self.registry,
                    embedded: None,
                };
                self.resource = cjson::next_value_seed(map, "_embedded", ReadObject(embedded))?;
            }
            "type" | "link" | "in" | "status" | "reason" | "_embedded" => {
                return Err(cjson::duplicate("member", key.as_str()));
            }
            name => {
                let value = next_value(map, name)?;
                self.extra.entries.push((key.into_owned(), value));
            }
        }
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<Event, E> {
        Ok(Event {
            kind: self
                .kind
                .ok_or_else(|| E::custom("event without a `type`"))?,
            link: self
                .link
                .ok_or_else(|| E::custom("event without a `link`"))?,
            in_link: self.in_link,
            status: self.status,
            reason: self.reason,
            resource: self.resource,
            extra: self.extra,
        })
    }
}

/// An event's `_embedded`: one key, whose object is typed through the registry.
struct EmbeddedReader<'r> {
    registry: &'r Registry,
    embedded: Option<EmbeddedResource>,
}

impl<'de> ObjectReader<'de> for EmbeddedReader<'_> {
    type Value = Option<EmbeddedResource>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an `_embedded` object")
    }

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        if let Some(first) = &self.embedded {
            path::push(key.as_str());
            return Err(de::Error::custom(format_args!(
                "an event embeds one resource; found `{}` and `{}`",
                first.key,
                key.as_str()
            )));
        }
        // Borrow the object's text: it is decoded (typed, else dynamic) on its own.
        let raw: &'de RawValue = next_value(map, key.as_str())?;
        let resource = self
            .registry
            .decode_json_object(key.as_str(), raw.get())
            .map_err(|e| {
                path::push(key.as_str());
                de::Error::custom(e.message())
            })?;
        self.embedded = Some(EmbeddedResource {
            key: key.into_owned(),
            resource,
        });
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.embedded)
    }
}

impl<'de> Deserialize<'de> for EventLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (rel, link) = cjson::rel_link(d)?;
        Ok(EventLink { rel, link })
    }
}

/// Decodes with this crate's [`registry`](crate::registry()). The embedded resources
/// are borrowed from the input while they are typed, so this works with
/// `serde_json::from_slice`/`from_str` (and what is built on them), not `from_reader`.
impl<'de> Deserialize<'de> for EventResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ResponseSeed {
            registry: crate::registry(),
        }
        .deserialize(d)
    }
}

// ---------------------------------------------------------------------------------
// JSON encoding

impl Serialize for EventLink {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("rel", &self.rel)?;
        map.serialize_entry("href", &self.link.href)?;
        if let Some(title) = &self.link.title {
            map.serialize_entry("title", title)?;
        }
        for (name, value) in &self.link.attributes {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl Serialize for EventResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct LinksOf<'a>(&'a EventResponse);
        impl Serialize for LinksOf<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                if let Some(link) = &self.0.self_link {
                    map.serialize_entry("self", link)?;
                }
                let c = &self.0.continuation;
                map.serialize_entry(c.rel(), c.link())?;
                for (rel, set) in &self.0.links {
                    map.serialize_entry(rel, set)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("_links", &LinksOf(self))?;
        self.extra.serialize_entries(&mut map)?;
        map.serialize_entry("sender", &self.senders)?;
        map.end()
    }
}

impl Serialize for Sender {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("rel", &self.rel)?;
        if let Some(href) = &self.href {
            map.serialize_entry("href", href)?;
        }
        if let Some(title) = &self.title {
            map.serialize_entry("title", title)?;
        }
        for (name, value) in &self.attributes {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("events", &self.events)?;
        map.end()
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("link", &self.link)?;
        if let Some(in_link) = &self.in_link {
            map.serialize_entry("in", in_link)?;
        }
        if let Some(status) = &self.status {
            map.serialize_entry("status", status)?;
        }
        if let Some(reason) = &self.reason {
            map.serialize_entry("reason", reason)?;
        }
        self.extra.serialize_entries(&mut map)?;
        if let Some(embedded) = &self.resource {
            map.serialize_entry("_embedded", &OneEntry(&embedded.key, &embedded.resource))?;
        }
        map.serialize_entry("type", &self.kind)?;
        map.end()
    }
}

struct OneEntry<'a, T>(&'a str, &'a T);

impl<T: Serialize> Serialize for OneEntry<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

// ---------------------------------------------------------------------------------
// XML decoding

fn decode_xml_document(r: &mut Reader<'_>, registry: &Registry) -> Result<EventResponse> {
    let root = r.root()?;
    if root.local_name() != "events" {
        return Err(r.data_error(format!(
            "expected an <events> root element, found <{}>",
            root.local_name()
        )));
    }
    let start = r.resource_start(&root)?;
    decode_xml_events_body(r, start.self_link, registry).map_err(|e| e.in_segment("events"))
}

fn decode_xml_events_body(
    r: &mut Reader<'_>,
    self_link: Option<Link>,
    registry: &Registry,
) -> Result<EventResponse> {
    let mut continuation: Option<Continuation> = None;
    let mut links = Members::default();
    let mut extra = PropertyBag::default();
    let mut senders = Vec::new();
    while let Some(element) = r.next_element()? {
        match element.local_name() {
            "link" => {
                let EventLink { rel, link } = xml_rel_link(r, &element)?;
                if let Some(previous) = &continuation
                    && matches!(rel.as_str(), "next" | "resume" | "resync")
                {
                    return Err(r.data_error(format!(
                        "an event response has one of `next`, `resume` and `resync`; \
                             found `{}` and `{}`",
                        previous.rel(),
                        rel
                    )));
                }
                match Continuation::from_rel(&rel, link) {
                    Ok(c) => continuation = Some(c),
                    Err(link) => links.push_xml_link(&rel, link),
                }
            }
            "sender" => {
                let index = senders.len();
                let sender = decode_xml_sender(r, &element, registry)
                    .map_err(|e| e.in_index(index).in_segment("sender"))?;
                senders.push(sender);
            }
            "property" | "propertyList" | "propertyBag" => {
                decode_bag_entry(r, element, &mut extra)?;
            }
            other => {
                return Err(r.data_error(format!("unexpected element <{other}> in <events>")));
            }
        }
    }
    let continuation = continuation.ok_or_else(|| {
        r.data_error("an event response needs a `next`, `resume` or `resync` link")
    })?;
    links.group_xml_repeats();
    Ok(EventResponse {
        self_link,
        continuation,
        links: links.links,
        extra,
        senders,
    })
}

/// Reads an element whose attributes are a link with its rel (`rel`, `href`, `title`,
/// others); the content is left to the caller.
fn xml_link_attributes(r: &Reader<'_>, element: &xml::Element<'_>) -> Result<EventLink> {
    let mut attributes = r.link_attributes(element)?;
    let name = element.local_name();
    let rel = attributes.rel.take();
    let rel = rel.ok_or_else(|| r.data_error(format!("<{name}> without a `rel`")))?;
    match attributes.into_link() {
        Ok(Some(link)) => Ok(EventLink {
            rel: rel.into_owned(),
            link,
        }),
        _ => Err(r.data_error(format!("<{name}> without an `href`"))),
    }
}

/// Reads an empty `<link>`-like element.
fn xml_rel_link(r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<EventLink> {
    let link = xml_link_attributes(r, element)?;
    if r.next_element()?.is_some() {
        let name = element.local_name();
        return Err(r.data_error(format!("unexpected element inside a <{name}>")));
    }
    Ok(link)
}

fn decode_xml_sender(
    r: &mut Reader<'_>,
    element: &xml::Element<'_>,
    registry: &Registry,
) -> Result<Sender> {
    let attributes = r.link_attributes(element)?;
    let rel = attributes.rel.map(Cow::into_owned);
    let mut sender = Sender {
        rel: rel.ok_or_else(|| r.data_error("<sender> without a `rel`"))?,
        href: attributes.href,
        title: attributes.title,
        attributes: attributes.attributes,
        events: Vec::new(),
    };
    while let Some(child) = r.next_element()? {
        let index = sender.events.len();
        let event = decode_xml_event(r, &child, registry)
            .map_err(|e| e.in_index(index).in_segment("events"))?;
        if index == 0 {
            // Most senders carry one event; see `ListSeed`.
            sender.events.reserve_exact(1);
        }
        sender.events.push(event);
    }
    Ok(sender)
}

fn decode_xml_event(
    r: &mut Reader<'_>,
    element: &xml::Element<'_>,
    registry: &Registry,
) -> Result<Event> {
    let kind: EventType = element
        .local_name()
        .parse()
        .map_err(|e: Error| r.data_error(e.message().to_owned()))?;
    let mut event = Event::new(kind, xml_link_attributes(r, element)?);
    while let Some(child) = r.next_element()? {
        let name = child.local_name();
        match name {
            "in" if event.in_link.is_none() => event.in_link = Some(xml_rel_link(r, &child)?),
            "status" if event.status.is_none() => {
                let text = r.read_text()?;
                event.status = Some(
                    text.trim()
                        .parse()
                        .map_err(|e: Error| r.data_error(e.message().to_owned()))?,
                );
            }
            "reason" if event.reason.is_none() => {
                event.reason =
                    Some(ErrorBody::decode_xml_body(r).map_err(|e| e.in_segment("reason"))?);
            }
            "resource" if event.resource.is_none() => {
                event.resource = Some(decode_xml_embedded(r, &child, registry)?);
            }
            "property" | "propertyList" | "propertyBag" => {
                decode_bag_entry(r, child, &mut event.extra)?;
            }
            "in" | "status" | "reason" | "resource" => {
                return Err(r.data_error(format!("an event has one <{name}>")));
            }
            other => {
                return Err(r.data_error(format!("unexpected element <{other}> in an event")));
            }
        }
    }
    Ok(event)
}

/// Reads an embedded `<resource>`, typed by its `rel` property when the registry knows
/// it, dynamic otherwise (or when the type rejects the body).
///
/// When the type follows the links only, as UCWA writes it, the element is decoded in
/// place, in one pass (the links read to find the type are handed to the decoder).
/// Otherwise it is skimmed once for its type and its bytes decoded afterwards.
fn decode_xml_embedded(
    r: &mut Reader<'_>,
    element: &xml::Element<'_>,
    registry: &Registry,
) -> Result<EmbeddedResource> {
    // Read once: the key, and the start the typed decoder is given (its self link
    // allocated once, not again).
    let start = r.resource_start(element)?;
    let key = start
        .rel
        .as_deref()
        .map(str::to_owned)
        .ok_or_else(|| r.data_error("embedded <resource> without a `rel`"))?;
    let begin = element.offset();
    let inside = r.depth();
    let type_rel = r
        .read_type_ahead()
        .map_err(|e| e.in_segment(&key).in_segment("_embedded"))?;
    if let Some(type_rel) = type_rel {
        // Not registered: only links were read, and the bytes are read again below.
        if let Some(typed) = registry.decode_xml_body(type_rel, r, start) {
            let resource = Decoded::typed_or_dynamic(Some(typed), || {
                // Rejected partway: finish the element, then read its bytes dynamically.
                if r.depth() >= inside {
                    while r.depth() > inside {
                        r.skip()?;
                    }
                    r.skip()?;
                }
                let rel = Some(type_rel.to_owned());
                decode_xml_dynamic(r, begin..r.position(), &key, rel)
            })?;
            return Ok(EmbeddedResource { key, resource });
        }
    }
    let mut rel: Option<String> = None;
    while let Some(child) = r.next_element()? {
        if rel.is_none() && child.local_name() == "property" {
            let mut is_rel = false;
            for attr in r.attributes(&child) {
                let (name, value) = attr?;
                if name == "name" && value == "rel" {
                    is_rel = true;
                }
            }
            if is_rel {
                rel = Some(r.read_text()?.into_owned());
                continue;
            }
        }
        r.skip()?;
    }
    let range = begin..r.position();
    let type_rel = rel.as_deref().unwrap_or(&key);

    let mut sub = r.sub_reader(range.clone());
    let root = sub.root()?;
    let start = sub.resource_start(&root)?;
    let typed = registry.decode_xml_body(type_rel, &mut sub, start);
    let resource = Decoded::typed_or_dynamic(typed, || decode_xml_dynamic(r, range, &key, rel))?;
    Ok(EmbeddedResource { key, resource })
}

/// Decodes the embedded resource at `range` into the dynamic model.
fn decode_xml_dynamic(
    r: &Reader<'_>,
    range: std::ops::Range<usize>,
    key: &str,
    rel: Option<String>,
) -> Result<DynResource> {
    let mut sub = r.sub_reader(range);
    let root = sub.root()?;
    let start = sub.resource_start(&root)?;
    let mut resource = DynResource::decode_xml_body(&mut sub, start)
        .map_err(|e| e.in_segment(key).in_segment("_embedded"))?;
    if resource.rel.is_none() && rel.is_some() {
        resource.rel = rel;
    }
    Ok(resource)
}

/// Decodes with this crate's [`registry`](crate::registry()).
impl FromXml for EventResponse {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        decode_xml_document(r, crate::registry())
    }
}

// ---------------------------------------------------------------------------------
// XML encoding

impl ToXml for EventResponse {
    fn to_xml(&self, w: &mut Writer) {
        match &self.self_link {
            Some(link) => w.root_link_element("events", link),
            None => w.start_root("events"),
        }
        w.link(self.continuation.rel(), self.continuation.link());
        for (rel, set) in &self.links {
            for link in set.iter() {
                w.link(rel, link);
            }
        }
        self.extra.encode_xml_entries(w);
        for sender in &self.senders {
            let empty = sender.events.is_empty();
            w.link_element("sender", Some(&sender.rel), sender.link_ref(), empty);
            if empty {
                continue;
            }
            for event in &sender.events {
                event.encode_xml(w);
            }
            w.end("sender");
        }
        w.end("events");
    }
}

impl Event {
    /// Writes the event element (see the module docs for its form).
    pub fn encode_xml(&self, w: &mut Writer) {
        // The writer refuses a type that is not an XML name.
        let name = self.kind.as_str();
        let empty = self.in_link.is_none()
            && self.status.is_none()
            && self.reason.is_none()
            && self.resource.is_none()
            && self.extra.is_empty();
        w.link_element(name, Some(&self.link.rel), &self.link.link, empty);
        if empty {
            return;
        }
        if let Some(in_link) = &self.in_link {
            w.link_element("in", Some(&in_link.rel), &in_link.link, true);
        }
        if let Some(status) = &self.status {
            w.text_element("status", None::<(&str, &str)>, status.as_str());
        }
        if let Some(reason) = &self.reason {
            reason.encode_xml_element(w, false);
        }
        self.extra.encode_xml_entries(w);
        if let Some(embedded) = &self.resource {
            embedded.resource.encode_xml(w, &embedded.key, false);
        }
        w.end(name);
    }
}

// ---------------------------------------------------------------------------------
// Untyped report

impl Document for EventResponse {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        for (rel, _) in &self.links {
            out.push(Untyped::new(path, UntypedKind::Link, rel));
        }
        for name in self.extra.names() {
            out.push(Untyped::new(path, UntypedKind::Property, name));
        }
        for (s, sender) in self.senders.iter().enumerate() {
            for (e, event) in sender.events.iter().enumerate() {
                let at = format!("{path}/sender/{s}/events/{e}");
                if !event.kind.is_known() {
                    out.push(Untyped::new(
                        &at,
                        UntypedKind::EnumValue,
                        event.kind.as_str(),
                    ));
                }
                if let Some(status) = event.status.as_ref().filter(|s| !s.is_known()) {
                    out.push(Untyped::new(
                        &format!("{at}/status"),
                        UntypedKind::EnumValue,
                        status.as_str(),
                    ));
                }
                for name in event.extra.names() {
                    out.push(Untyped::new(&at, UntypedKind::Property, name));
                }
                if let Some(reason) = &event.reason {
                    reason.collect_untyped(&format!("{at}/reason"), out);
                }
                match &event.resource {
                    Some(
                        embedded @ EmbeddedResource {
                            resource: Decoded::Dynamic { .. },
                            ..
                        },
                    ) => {
                        out.push(Untyped::new(
                            &format!("{at}/_embedded"),
                            UntypedKind::Embedded,
                            &embedded.key,
                        ));
                    }
                    Some(embedded) => embedded
                        .resource
                        .collect_untyped(&format!("{at}/_embedded/{}", embedded.key), out),
                    None => {}
                }
            }
        }
    }
}

/// A JSON array whose items are read through a copyable seed, each failure naming its
/// index in the path.
struct ListSeed<S> {
    item: S,
    expecting: &'static str,
}

impl<'de, S: DeserializeSeed<'de> + Copy> DeserializeSeed<'de> for ListSeed<S> {
    type Value = Vec<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for ListSeed<S> {
    type Value = Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Room for one without a hint: most senders carry a single event, and an event
        // is over 500 bytes (Vec's own first step is four). A hint is capped: it comes
        // from the input, and must not reserve memory the items never fill.
        let mut items = Vec::with_capacity(seq.size_hint().map_or(1, |n| n.min(64)));
        while let Some(item) = cjson::next_element_seed(&mut seq, items.len(), self.item)? {
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::{EventSeed, ListSeed};
    use serde::de::{DeserializeSeed, SeqAccess, Visitor, value};

    /// A list's length hint comes from the input: it must not reserve what it claims.
    #[test]
    fn a_length_hint_reserves_a_few_items_at_most() {
        struct Claims;
        impl<'de> SeqAccess<'de> for Claims {
            type Error = value::Error;
            fn next_element_seed<T: DeserializeSeed<'de>>(
                &mut self,
                _: T,
            ) -> Result<Option<T::Value>, value::Error> {
                Ok(None)
            }
            fn size_hint(&self) -> Option<usize> {
                Some(usize::MAX / 2)
            }
        }
        let seed = ListSeed {
            item: EventSeed {
                registry: crate::registry(),
            },
            expecting: "an array of events",
        };
        let events = seed.visit_seq(Claims).unwrap();
        assert!(events.is_empty() && events.capacity() <= 64);
    }
}
