//! A minimal event-channel response (`GET …/events`), written by hand on the codec's
//! public API the way ARCHITECTURE.md describes hand-written codecs: serde for JSON,
//! `authoring::xml::Reader`/`Writer` for XML, reusing resource codecs for the payloads.
//!
//! It is the benches' dynamic row for events (`EventsDyn`): every embedded resource a
//! `DynResource`, where `ucwa_schema::EventResponse` types each through the registry.
//! It carries only what the generated fixture holds: the channel's links, senders, and
//! events with their link, optional `in` link and optional embedded resource. The XML spelling of an event is
//! `<added|updated|… rel href title>` with `<in rel href/>` and `<resource rel=key …>`
//! children, as in `EventChannelDetails.sample.event.xml`.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use ucwa_codec::authoring::json::Key;
use ucwa_codec::authoring::xml::{self, Reader, ResourceStart, Writer};
use ucwa_codec::xml::{FromXml, ToXml};
use ucwa_codec::{DynResource, Link};

/// What an event may carry embedded: decoded by its embedding key.
pub trait Payload: Sized + Serialize {
    /// Reads the JSON value of `_embedded[key]`.
    fn deserialize_entry<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Self, A::Error>;
    /// Reads a `<resource rel=key>` whose start tag has been read.
    fn decode_xml(
        key: &str,
        r: &mut Reader<'_>,
        start: ResourceStart<'_>,
    ) -> ucwa_codec::Result<Self>;
    /// Writes the `<resource rel=key>` element.
    fn encode_xml(&self, w: &mut Writer, key: &str);
}

impl Payload for DynResource {
    fn deserialize_entry<'de, A: MapAccess<'de>>(
        _key: &str,
        map: &mut A,
    ) -> Result<Self, A::Error> {
        map.next_value()
    }
    fn decode_xml(
        _key: &str,
        r: &mut Reader<'_>,
        start: ResourceStart<'_>,
    ) -> ucwa_codec::Result<Self> {
        DynResource::decode_xml_body(r, start)
    }
    fn encode_xml(&self, w: &mut Writer, key: &str) {
        self.encode_xml_element(w, Some(key), false);
    }
}

/// An event channel response.
#[derive(Clone, Debug, PartialEq)]
pub struct Events<P> {
    /// `_links.self` (XML: `href` on `<events>`).
    pub self_link: Option<Link>,
    /// The other links (`next`, `resync`), in order.
    pub links: Vec<(String, Link)>,
    /// The senders, in order.
    pub senders: Vec<Sender<P>>,
}

/// The resource whose events follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Sender<P> {
    /// Its relationship.
    pub rel: String,
    /// Its address.
    pub href: String,
    /// Its events.
    pub events: Vec<Event<P>>,
}

/// One event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<P> {
    /// `added`, `updated`, `deleted`, `started`, `completed`.
    pub kind: String,
    /// The resource the event is about.
    pub link: RelLink,
    /// The resource it happened in, if given.
    pub in_link: Option<RelLink>,
    /// The resource itself, when the server embeds it: (key, resource).
    pub embedded: Option<(String, P)>,
}

/// A link with its relationship inline (`{"rel": …, "href": …}`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RelLink {
    /// The relationship.
    pub rel: String,
    /// The target.
    pub link: Link,
}

// ---------------------------------------------------------------- JSON encoding

impl<P: Payload> Serialize for Events<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("_links", &LinksOf(self))?;
        map.serialize_entry("sender", &self.senders)?;
        map.end()
    }
}

struct LinksOf<'a, P>(&'a Events<P>);

impl<P> Serialize for LinksOf<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(link) = &self.0.self_link {
            map.serialize_entry("self", link)?;
        }
        for (rel, link) in &self.0.links {
            map.serialize_entry(rel, link)?;
        }
        map.end()
    }
}

impl<P: Payload> Serialize for Sender<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("rel", &self.rel)?;
        map.serialize_entry("href", &self.href)?;
        map.serialize_entry("events", &EventList(&self.events))?;
        map.end()
    }
}

struct EventList<'a, P>(&'a [Event<P>]);

impl<P: Payload> Serialize for EventList<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for event in self.0 {
            seq.serialize_element(event)?;
        }
        seq.end()
    }
}

impl<P: Payload> Serialize for Event<P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("link", &self.link)?;
        if let Some(in_link) = &self.in_link {
            map.serialize_entry("in", in_link)?;
        }
        if let Some((key, payload)) = &self.embedded {
            map.serialize_entry("_embedded", &Single(key, payload))?;
        }
        map.serialize_entry("type", &self.kind)?;
        map.end()
    }
}

struct Single<'a, P>(&'a str, &'a P);

impl<P: Serialize> Serialize for Single<'_, P> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

impl Serialize for RelLink {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("rel", &self.rel)?;
        map.serialize_entry("href", &self.link.href)?;
        if let Some(title) = &self.link.title {
            map.serialize_entry("title", title)?;
        }
        map.end()
    }
}

// ---------------------------------------------------------------- JSON decoding

impl<'de, P: Payload> Deserialize<'de> for Events<P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<P>(PhantomData<P>);
        impl<'de, P: Payload> Visitor<'de> for V<P> {
            type Value = Events<P>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event channel response")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Events<P>, A::Error> {
                let mut events = Events {
                    self_link: None,
                    links: Vec::new(),
                    senders: Vec::new(),
                };
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "_links" => map.next_value_seed(LinksSeed(&mut events))?,
                        "sender" => events.senders = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(events)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

struct LinksSeed<'a, P>(&'a mut Events<P>);

impl<'de, P> DeserializeSeed<'de> for LinksSeed<'_, P> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, P> Visitor<'de> for LinksSeed<'_, P> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a `_links` object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let link: Link = map.next_value()?;
            if key.as_str() == "self" {
                self.0.self_link = Some(link);
            } else {
                self.0.links.push((key.into_owned(), link));
            }
        }
        Ok(())
    }
}

impl<'de, P: Payload> Deserialize<'de> for Sender<P> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<P>(PhantomData<P>);
        impl<'de, P: Payload> Visitor<'de> for V<P> {
            type Value = Sender<P>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sender")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sender<P>, A::Error> {
                let mut sender = Sender {
                    rel: String::new(),
                    href: String::new(),
                    events: Vec::new(),
                };
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "rel" => sender.rel = map.next_value()?,
                        "href" => sender.href = map.next_value()?,
                        "events" => sender.events = map.next_value_seed(EventsSeed(PhantomData))?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(sender)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

struct EventsSeed<P>(PhantomData<P>);

impl<'de, P: Payload> DeserializeSeed<'de> for EventsSeed<P> {
    type Value = Vec<Event<P>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, P: Payload> Visitor<'de> for EventsSeed<P> {
    type Value = Vec<Event<P>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut events = Vec::new();
        while let Some(event) = seq.next_element_seed(EventSeed(PhantomData))? {
            events.push(event);
        }
        Ok(events)
    }
}

struct EventSeed<P>(PhantomData<P>);

impl<'de, P: Payload> DeserializeSeed<'de> for EventSeed<P> {
    type Value = Event<P>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, P: Payload> Visitor<'de> for EventSeed<P> {
    type Value = Event<P>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event<P>, A::Error> {
        let mut event = Event {
            kind: String::new(),
            link: RelLink::default(),
            in_link: None,
            embedded: None,
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "link" => event.link = map.next_value()?,
                "in" => event.in_link = Some(map.next_value()?),
                "type" => event.kind = map.next_value()?,
                "_embedded" => event.embedded = map.next_value_seed(EmbeddedSeed(PhantomData))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(event)
    }
}

struct EmbeddedSeed<P>(PhantomData<P>);

impl<'de, P: Payload> DeserializeSeed<'de> for EmbeddedSeed<P> {
    type Value = Option<(String, P)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, P: Payload> Visitor<'de> for EmbeddedSeed<P> {
    type Value = Option<(String, P)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an `_embedded` object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if out.is_some() {
                return Err(de::Error::custom("more than one embedded resource"));
            }
            let payload = P::deserialize_entry(key.as_str(), &mut map)?;
            out = Some((key.into_owned(), payload));
        }
        Ok(out)
    }
}

impl<'de> Deserialize<'de> for RelLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RelLink;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a link with a `rel`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RelLink, A::Error> {
                let mut out = RelLink::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "rel" => out.rel = map.next_value()?,
                        "href" => out.link.href = map.next_value()?,
                        "title" => out.link.title = Some(map.next_value()?),
                        _ => {
                            let value: String = map.next_value()?;
                            out.link.attributes.push((key.into_owned(), value));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

// ---------------------------------------------------------------- XML

fn rel_link_attributes(r: &Reader<'_>, element: &xml::Element<'_>) -> ucwa_codec::Result<RelLink> {
    let mut out = RelLink::default();
    for attr in r.attributes(element) {
        let (key, value) = attr?;
        match &*key {
            "rel" => out.rel = value.into_owned(),
            "href" => out.link.href = value.into_owned(),
            "title" => out.link.title = Some(value.into_owned()),
            k if k == "xmlns" || k.starts_with("xmlns:") => {}
            _ => out
                .link
                .attributes
                .push((key.into_owned(), value.into_owned())),
        }
    }
    Ok(out)
}

impl<P: Payload> FromXml for Events<P> {
    fn from_xml(r: &mut Reader<'_>) -> ucwa_codec::Result<Self> {
        let root = r.root()?;
        if root.local_name() != "events" {
            return Err(r.data_error("expected an <events> root element"));
        }
        let mut events = Events {
            self_link: None,
            links: Vec::new(),
            senders: Vec::new(),
        };
        let root_link = rel_link_attributes(r, &root)?;
        if !root_link.link.href.is_empty() {
            events.self_link = Some(root_link.link);
        }
        while let Some(element) = r.next_element()? {
            match element.local_name() {
                "link" => {
                    let link = rel_link_attributes(r, &element)?;
                    r.expect_empty("a <link>")?;
                    events.links.push((link.rel, link.link));
                }
                "sender" => {
                    let head = rel_link_attributes(r, &element)?;
                    let mut sender = Sender {
                        rel: head.rel,
                        href: head.link.href,
                        events: Vec::new(),
                    };
                    while let Some(element) = r.next_element()? {
                        sender.events.push(read_event(r, &element)?);
                    }
                    events.senders.push(sender);
                }
                other => {
                    let message = format!("unexpected <{other}> in <events>");
                    return Err(r.data_error(message));
                }
            }
        }
        Ok(events)
    }
}

fn read_event<P: Payload>(
    r: &mut Reader<'_>,
    element: &xml::Element<'_>,
) -> ucwa_codec::Result<Event<P>> {
    let kind = element.local_name().to_owned();
    let link = rel_link_attributes(r, element)?;
    let mut event = Event {
        kind,
        link,
        in_link: None,
        embedded: None,
    };
    while let Some(child) = r.next_element()? {
        match child.local_name() {
            "in" => {
                event.in_link = Some(rel_link_attributes(r, &child)?);
                r.expect_empty("an <in>")?;
            }
            "resource" => {
                let start = r.resource_start(&child)?;
                let key: Cow<'_, str> = start
                    .rel
                    .clone()
                    .ok_or_else(|| r.data_error("embedded <resource> without a `rel`"))?;
                let key = key.into_owned();
                let payload = P::decode_xml(&key, r, start)?;
                event.embedded = Some((key, payload));
            }
            other => {
                let message = format!("unexpected <{other}> in an event");
                return Err(r.data_error(message));
            }
        }
    }
    Ok(event)
}

fn rel_link_pairs<'x>(rel: &'x str, link: &'x Link) -> Vec<(&'x str, &'x str)> {
    let mut attrs = vec![("rel", rel), ("href", link.href.as_str())];
    if let Some(title) = &link.title {
        attrs.push(("title", title.as_str()));
    }
    for (k, v) in &link.attributes {
        attrs.push((k.as_str(), v.as_str()));
    }
    attrs
}

impl<P: Payload> ToXml for Events<P> {
    fn to_xml(&self, w: &mut Writer) {
        let href = self.self_link.as_ref().map_or("", |l| l.href.as_str());
        w.start(
            "events",
            [("href", href), ("xmlns", ucwa_codec::xml::UCWA_NS)],
        );
        for (rel, link) in &self.links {
            w.link(rel, link);
        }
        for sender in &self.senders {
            w.start(
                "sender",
                [("rel", sender.rel.as_str()), ("href", sender.href.as_str())],
            );
            for event in &sender.events {
                let attrs = rel_link_pairs(&event.link.rel, &event.link.link);
                if event.in_link.is_none() && event.embedded.is_none() {
                    w.empty(&event.kind, attrs);
                    continue;
                }
                w.start(&event.kind, attrs);
                if let Some(in_link) = &event.in_link {
                    w.empty("in", rel_link_pairs(&in_link.rel, &in_link.link));
                }
                if let Some((key, payload)) = &event.embedded {
                    payload.encode_xml(w, key);
                }
                w.end(&event.kind);
            }
            w.end("sender");
        }
        w.end("events");
    }
}
