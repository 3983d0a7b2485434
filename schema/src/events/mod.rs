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
//! # #[cfg(feature = "me")] {
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
//! let response = ucwa_codec::json::from_slice::<EventResponse>(body).unwrap();
//! assert_eq!(response.continuation.link().href, "/ucwa/v1/applications/1/events?ack=2");
//! for (sender, event) in response.events() {
//!     assert_eq!(sender.rel, "me");
//!     assert_eq!(event.kind, EventType::Updated);
//!     let presence: &Presence = event.resource_as().unwrap();
//!     assert_eq!(presence.availability, Some(Availability::Busy));
//! }
//! # }
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

mod json;
mod xml;

use crate::bag::PropertyBag;
use crate::errors::ErrorBody;
use ucwa_codec::authoring::xml::LinkRef;
use ucwa_codec::json as cjson;
use ucwa_codec::{
    Decoded, Document, Format, Limits, Link, OneOrMany, Registry, Result, StringEnum, Untyped,
    UntypedKind, Value,
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
    /// The events, in order, with those that did not fit where they stood.
    pub events: Vec<SenderEvent>,
}

/// One entry of a sender's events: an event, or what stood in its place when it did not
/// fit [`Event`] (no `type`, a malformed link), kept so that the rest of the response
/// still decodes and nothing is lost.
// Nearly every event fits: boxing `Event` would cost each one an allocation to save
// space in the rare unfit one.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum SenderEvent {
    /// A well-formed event.
    Typed(Event),
    /// An event that does not fit [`Event`], kept as read.
    Unfit(UnfitEvent),
}

/// An event that did not fit [`Event`], kept as read: in JSON its object, member for
/// member; from XML the same members its JSON form would have (`type`, `link` and the
/// others). Its members stand in the order an [`Event`]'s are written (`link`, `in`,
/// `status`, `reason`, the others as read, `_embedded`, `type`; in a link `rel`, `href`,
/// `title`, the others), so that it reads the same whichever format it crossed. Written
/// back as it came in JSON; in XML when its members can make an event element (a `type`
/// that is an XML name, `link` attributes that are text), else the writer refuses it.
///
/// Two are equal when their members are: the reason is a diagnostic, worded by each
/// format's reader.
#[derive(Clone, Debug)]
pub struct UnfitEvent {
    /// The event's members: an object.
    pub value: Value,
    /// Why it did not fit.
    pub reason: String,
}

impl PartialEq for UnfitEvent {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl UnfitEvent {
    /// An unfit event from its members, put in an event's order (see the type's docs).
    fn new(mut members: Vec<(String, Value)>, reason: String) -> Self {
        fn rank(name: &str) -> u8 {
            match name {
                "link" => 0,
                "in" => 1,
                "status" => 2,
                "reason" => 3,
                "_embedded" => 5,
                "type" => 6,
                _ => 4,
            }
        }
        fn link_rank(name: &str) -> u8 {
            match name {
                "rel" => 0,
                "href" => 1,
                "title" => 2,
                _ => 3,
            }
        }
        // Stable: repeats and the other members keep their order among themselves.
        members.sort_by_key(|(name, _)| rank(name));
        for (name, value) in &mut members {
            if let ("link" | "in", Value::Object(link)) = (name.as_str(), value) {
                link.sort_by_key(|(name, _)| link_rank(name));
            }
        }
        UnfitEvent {
            value: Value::Object(members),
            reason,
        }
    }

    /// The event's `type`, when it has one that is text.
    pub fn kind(&self) -> Option<&str> {
        self.value.get("type")?.as_str()
    }
}

/// A typed part of an unfit event (its link, reason, embedded resource) as the value its
/// JSON form reads as: what both formats' readers keep, so that it crosses unchanged.
fn json_value<T: serde::Serialize>(part: &T) -> Result<Value> {
    cjson::convert(part)
}

impl SenderEvent {
    /// The event, when it fits.
    pub fn as_typed(&self) -> Option<&Event> {
        match self {
            SenderEvent::Typed(event) => Some(event),
            SenderEvent::Unfit(_) => None,
        }
    }

    /// The event that did not fit, when it did not.
    pub fn as_unfit(&self) -> Option<&UnfitEvent> {
        match self {
            SenderEvent::Typed(_) => None,
            SenderEvent::Unfit(unfit) => Some(unfit),
        }
    }
}

impl From<Event> for SenderEvent {
    fn from(event: Event) -> Self {
        SenderEvent::Typed(event)
    }
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
    pub(crate) fn link_ref(&self) -> LinkRef<'_> {
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

    /// Every event in order, with its sender (those that did not fit are left out: see
    /// [`unfit_events`](Self::unfit_events)).
    pub fn events(&self) -> impl Iterator<Item = (&Sender, &Event)> {
        self.senders.iter().flat_map(|s| {
            s.events
                .iter()
                .filter_map(move |e| Some((s, e.as_typed()?)))
        })
    }

    /// The events that did not fit [`Event`], in order, with their senders.
    pub fn unfit_events(&self) -> impl Iterator<Item = (&Sender, &UnfitEvent)> {
        self.senders.iter().flat_map(|s| {
            s.events
                .iter()
                .filter_map(move |e| Some((s, e.as_unfit()?)))
        })
    }

    /// Whether the client must drop its cached transient state (`resume` or `resync`).
    pub fn resets_state(&self) -> bool {
        self.continuation.resets_state()
    }

    /// Decodes a JSON response, typing embedded resources through `registry`.
    ///
    /// These constructors take a registry of your own. With this crate's
    /// [`registry`](crate::registry()), an event response decodes as any other type
    /// does: `ucwa_codec::json::from_slice::<EventResponse>`, `xml::from_slice`,
    /// `ucwa_codec::decode` and their `_with` forms (limits).
    pub fn from_json(input: &[u8], registry: &Registry) -> Result<Self> {
        Self::from_json_with(input, registry, Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json) with the given limits.
    pub fn from_json_with(input: &[u8], registry: &Registry, limits: Limits) -> Result<Self> {
        ucwa_codec::authoring::json::read_document(input, limits, json::ResponseSeed { registry })
    }

    /// Decodes an XML response, typing embedded resources through `registry`.
    pub fn from_xml(input: &[u8], registry: &Registry) -> Result<Self> {
        Self::from_xml_with(input, registry, Limits::DEFAULT)
    }

    /// [`from_xml`](Self::from_xml) with the given limits.
    pub fn from_xml_with(input: &[u8], registry: &Registry, limits: Limits) -> Result<Self> {
        ucwa_codec::authoring::xml::read_document(input, limits, |r| {
            xml::decode_document(r, registry)
        })
    }

    /// Decodes a response in either format.
    pub fn decode(format: Format, input: &[u8], registry: &Registry) -> Result<Self> {
        Self::decode_with(format, input, registry, Limits::DEFAULT)
    }

    /// [`decode`](Self::decode) with the given limits.
    pub fn decode_with(
        format: Format,
        input: &[u8],
        registry: &Registry,
        limits: Limits,
    ) -> Result<Self> {
        match format {
            Format::Json => Self::from_json_with(input, registry, limits),
            Format::Xml => Self::from_xml_with(input, registry, limits),
        }
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
                let event = match event {
                    SenderEvent::Typed(event) => event,
                    SenderEvent::Unfit(unfit) => {
                        let name = unfit.kind().unwrap_or("event");
                        out.push(
                            Untyped::new(&at, UntypedKind::UnfitEvent, name)
                                .with_reason(&unfit.reason),
                        );
                        continue;
                    }
                };
                crate::report_unknown(&event.kind, &at, None, out);
                if let Some(status) = &event.status {
                    crate::report_unknown(status, &at, Some("status"), out);
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
