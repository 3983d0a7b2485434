//! The JSON form of event responses: decoding through serde, and encoding.

use super::{
    Continuation, EmbeddedResource, Event, EventLink, EventResponse, EventStatus, EventType,
    Sender, SenderEvent, UnfitEvent,
};
use crate::bag::PropertyBag;
use crate::errors::ErrorBody;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;
use ucwa_codec::authoring::json::{self as cjson, Key, ObjectReader, ReadObject, next_value, path};
use ucwa_codec::{Category, Link, Members, Registry, Value};

/// Reads the whole response.
#[derive(Clone, Copy)]
pub(super) struct ResponseSeed<'r> {
    pub(super) registry: &'r Registry,
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

    const EXPECTING: &'static str = "an event response object";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "_links" => cjson::next_value_seed(map, "_links", ReadObject(&mut self.links))?,
            "sender" if self.senders.is_some() => {
                return Err(cjson::duplicate("member", "sender"));
            }
            "sender" => {
                let senders = Fresh::list(self.registry, SenderReader::new, "an array of senders");
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

    const EXPECTING: &'static str = "a `_links` object";

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
            let set = next_value(map, key.as_str())?;
            self.others.links.push((key.into_owned(), set));
        }
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads one item of a list (a sender, an event) with a fresh reader made from the
/// registry: a list's seed is `Copy`, a reader is not.
struct Fresh<'r, R> {
    registry: &'r Registry,
    reader: fn(&'r Registry) -> R,
}

impl<'r, R> Fresh<'r, R> {
    /// Reads a list of such objects (described as `expecting`), each with a fresh reader.
    fn list(
        registry: &'r Registry,
        reader: fn(&'r Registry) -> R,
        expecting: &'static str,
    ) -> ListSeed<Self> {
        let item = Fresh { registry, reader };
        ListSeed { item, expecting }
    }
}

impl<R> Clone for Fresh<'_, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Fresh<'_, R> {}

impl<'de, R: ObjectReader<'de>> DeserializeSeed<'de> for Fresh<'_, R> {
    type Value = R::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<R::Value, D::Error> {
        ReadObject((self.reader)(self.registry)).deserialize(d)
    }
}

struct SenderReader<'r> {
    registry: &'r Registry,
    /// The sender is a link-like object: its `rel`, `href`, `title` and attributes.
    link: cjson::LinkMembers,
    events: Option<Vec<SenderEvent>>,
}

impl<'r> SenderReader<'r> {
    fn new(registry: &'r Registry) -> Self {
        SenderReader {
            registry,
            link: cjson::LinkMembers::with_rel(),
            events: None,
        }
    }
}

impl<'de> ObjectReader<'de> for SenderReader<'_> {
    type Value = Sender;

    const EXPECTING: &'static str = "a sender object";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "events" if self.events.is_some() => Err(cjson::duplicate("member", "events")),
            "events" => {
                let events = Fresh::list(self.registry, EventReader::new, "an array of events");
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

/// One event. Each member is taken as its JSON text, then typed from it: an event one
/// of whose members does not fit (or that lacks its `type` or `link`) is then kept
/// whole, as read, and the rest of the response still decodes. In strict mode it is
/// refused instead, at the member.
struct EventReader<'de, 'r> {
    registry: &'r Registry,
    /// Every member's name and text, in order: what an unfit event is made of.
    members: Vec<(Key<'de>, &'de RawValue)>,
    kind: Option<EventType>,
    link: Option<EventLink>,
    in_link: Option<EventLink>,
    status: Option<EventStatus>,
    reason: Option<ErrorBody>,
    resource: Option<EmbeddedResource>,
    seen_embedded: bool,
    extra: PropertyBag,
    /// Why the event does not fit: the first member that did not.
    unfit: Option<String>,
}

impl<'r> EventReader<'_, 'r> {
    fn new(registry: &'r Registry) -> Self {
        EventReader {
            registry,
            members: Vec::with_capacity(4),
            kind: None,
            link: None,
            in_link: None,
            status: None,
            reason: None,
            resource: None,
            seen_embedded: false,
            extra: PropertyBag::default(),
            unfit: None,
        }
    }
}

/// Why a member could not be typed.
enum Fault {
    /// A limit: fails the document.
    Limit(String),
    /// The member does not fit: the path inside it (innermost first) and why.
    Unfit(Vec<String>, String),
}

impl Fault {
    fn from_json(e: serde_json::Error) -> Fault {
        let inside = path::take();
        let e = cjson::convert_error(e);
        match e.category() {
            Category::Limit => Fault::Limit(e.message().to_owned()),
            _ => Fault::Unfit(inside, e.message().to_owned()),
        }
    }
}

/// Types a member from its JSON text.
fn typed<'de, T: Deserialize<'de>>(raw: &'de RawValue) -> Result<T, Fault> {
    typed_seed(raw, PhantomData)
}

/// Types a string-enumeration member from its JSON text: most are plain strings, read
/// without a deserializer.
fn enum_member<'de, T: Deserialize<'de> + std::str::FromStr>(
    raw: &'de RawValue,
) -> Result<T, Fault> {
    match cjson::plain_string(raw.get()).map(str::parse) {
        Some(Ok(value)) => Ok(value),
        _ => typed(raw),
    }
}

/// Types a member from its JSON text through a seed.
fn typed_seed<'de, S: DeserializeSeed<'de>>(
    raw: &'de RawValue,
    seed: S,
) -> Result<S::Value, Fault> {
    seed.deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
        .map_err(Fault::from_json)
}

impl<'de> EventReader<'de, '_> {
    /// Types one member into its field.
    fn type_member(&mut self, name: &str, raw: &'de RawValue) -> Result<(), Fault> {
        match name {
            "type" if self.kind.is_none() => self.kind = Some(enum_member(raw)?),
            "link" if self.link.is_none() => self.link = Some(typed(raw)?),
            "in" if self.in_link.is_none() => self.in_link = typed(raw)?,
            "status" if self.status.is_none() && raw.get() != "null" => {
                self.status = Some(enum_member(raw)?);
            }
            "status" if self.status.is_none() => {}
            "reason" if self.reason.is_none() => self.reason = typed(raw)?,
            "_embedded" if !self.seen_embedded => {
                self.seen_embedded = true;
                let embedded = EmbeddedReader {
                    registry: self.registry,
                    embedded: None,
                };
                self.resource = typed_seed(raw, ReadObject(embedded))?;
            }
            "type" | "link" | "in" | "status" | "reason" | "_embedded" => {
                return Err(Fault::Unfit(
                    Vec::new(),
                    format!("duplicate member `{name}`"),
                ));
            }
            name => {
                let value = typed(raw)?;
                self.extra.entries.push((name.to_owned(), value));
            }
        }
        Ok(())
    }
}

impl<'de> ObjectReader<'de> for EventReader<'de, '_> {
    type Value = SenderEvent;

    const EXPECTING: &'static str = "an event object";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let raw: &'de RawValue = next_value(map, key.as_str())?;
        // Every member is typed, also after one did not fit: an unfit event keeps its
        // embedded resource as a decoded one writes itself (see `into_unfit`).
        match self.type_member(key.as_str(), raw) {
            Ok(()) => {}
            Err(Fault::Unfit(..)) if self.unfit.is_some() => {}
            Err(Fault::Unfit(inside, reason)) if !cjson::is_strict() => {
                let mut at = key.as_str().to_owned();
                for segment in inside.iter().rev() {
                    at.push('/');
                    at.push_str(segment);
                }
                self.unfit = Some(format!("`{at}`: {reason}"));
            }
            Err(Fault::Unfit(inside, message)) => {
                for segment in &inside {
                    path::push(segment);
                }
                path::push(key.as_str());
                return Err(de::Error::custom(message));
            }
            Err(Fault::Limit(message)) => {
                path::push(key.as_str());
                return Err(de::Error::custom(message));
            }
        }
        self.members.push((key, raw));
        Ok(())
    }

    fn end<E: de::Error>(mut self) -> Result<SenderEvent, E> {
        let missing = match (&self.kind, &self.link) {
            (None, _) => Some("event without a `type`"),
            (_, None) => Some("event without a `link`"),
            _ => None,
        };
        if let (Some(missing), None) = (missing, &self.unfit) {
            if cjson::is_strict() {
                return Err(E::custom(missing));
            }
            self.unfit = Some(missing.to_owned());
        }
        let (true, Some(kind), Some(link)) =
            (self.unfit.is_none(), self.kind.take(), self.link.take())
        else {
            return self.into_unfit();
        };
        Ok(SenderEvent::Typed(Event {
            kind,
            link,
            in_link: self.in_link,
            status: self.status,
            reason: self.reason,
            resource: self.resource,
            extra: self.extra,
        }))
    }
}

impl EventReader<'_, '_> {
    /// The event as read, member for member.
    #[cold]
    fn into_unfit<E: de::Error>(self) -> Result<SenderEvent, E> {
        let mut members = Vec::with_capacity(self.members.len());
        for (key, raw) in self.members {
            if let ("_embedded", Some(embedded)) = (key.as_str(), &self.resource) {
                // Typed (or dynamic) already: kept as a decoded resource writes itself,
                // as the XML reader keeps it, so that it crosses formats unchanged.
                let value = super::json_value(&embedded.resource).map_err(|e| {
                    path::push("_embedded");
                    E::custom(e.message())
                })?;
                members.push((
                    key.into_owned(),
                    Value::Object(vec![(embedded.key.clone(), value)]),
                ));
                continue;
            }
            let value = match typed::<Value>(raw) {
                Ok(value) => value,
                Err(Fault::Limit(message) | Fault::Unfit(_, message)) => {
                    path::push(key.as_str());
                    return Err(E::custom(message));
                }
            };
            members.push((key.into_owned(), value));
        }
        Ok(SenderEvent::Unfit(UnfitEvent::new(
            members,
            self.unfit.unwrap_or_default(),
        )))
    }
}

/// An event's `_embedded`: one key, whose object is typed through the registry.
struct EmbeddedReader<'r> {
    registry: &'r Registry,
    embedded: Option<EmbeddedResource>,
}

impl<'de> ObjectReader<'de> for EmbeddedReader<'_> {
    type Value = Option<EmbeddedResource>;

    const EXPECTING: &'static str = "an `_embedded` object";

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
// Encoding

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
                some_entry(&mut map, "self", &self.0.self_link)?;
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
        self.link_ref().serialize_members(&mut map)?;
        map.serialize_entry("events", &self.events)?;
        map.end()
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("link", &self.link)?;
        some_entry(&mut map, "in", &self.in_link)?;
        some_entry(&mut map, "status", &self.status)?;
        some_entry(&mut map, "reason", &self.reason)?;
        self.extra.serialize_entries(&mut map)?;
        if let Some(embedded) = &self.resource {
            map.serialize_entry("_embedded", &OneEntry(&embedded.key, &embedded.resource))?;
        }
        map.serialize_entry("type", &self.kind)?;
        map.end()
    }
}

impl Serialize for SenderEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SenderEvent::Typed(event) => event.serialize(serializer),
            SenderEvent::Unfit(unfit) => unfit.value.serialize(serializer),
        }
    }
}

/// Writes the entry `key` when there is a value.
fn some_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
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
    use super::{EventReader, Fresh};
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
        let seed = Fresh::list(crate::registry(), EventReader::new, "an array of events");
        let events = seed.visit_seq(Claims).unwrap();
        assert!(events.is_empty() && events.capacity() <= 64);
    }
}
