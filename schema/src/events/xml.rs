//! The XML form of event responses (see the parent module for its shape).

use super::{
    Continuation, EmbeddedResource, Event, EventLink, EventResponse, EventType, Sender,
    SenderEvent, UnfitEvent, json_value,
};
use crate::bag::{BagValue, PropertyBag};
use crate::errors::ErrorBody;
use std::borrow::Cow;
use ucwa_codec::authoring::xml::{self, LinkRef, Reader, Writer};
use ucwa_codec::xml::{FromXml, ToXml};
use ucwa_codec::{
    Category, Decoded, DynResource, Error, Link, Members, Registry, Result, StringEnum, Value,
};

pub(super) fn decode_document(r: &mut Reader<'_>, registry: &Registry) -> Result<EventResponse> {
    let root = r.root_named("events")?;
    let self_link = r.self_link_attributes(&root)?;
    XmlEvents { registry }
        .body(r, self_link)
        .map_err(|e| e.in_segment("events"))
}

/// The reader of an event response's body: the registry types its embedded resources.
struct XmlEvents<'a> {
    registry: &'a Registry,
}

impl XmlEvents<'_> {
    fn body(&self, r: &mut Reader<'_>, self_link: Option<Link>) -> Result<EventResponse> {
        let mut continuation: Option<Continuation> = None;
        let mut links = Members::default();
        let mut extra = PropertyBag::default();
        let mut senders = Vec::new();
        while let Some(element) = r.next_element()? {
            match element.local_name() {
                "link" => {
                    let link = xml_rel_link(r, &element)?;
                    let EventLink { rel, link } = whole_link(r, link)?;
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
                    let sender = self
                        .sender(r, &element)
                        .map_err(|e| e.in_index(index).in_segment("sender"))?;
                    senders.push(sender);
                }
                "property" | "propertyList" | "propertyBag" => {
                    extra.decode_xml_entry(r, element)?;
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

    fn sender(&self, r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<Sender> {
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
            let event = self
                .event(r, &child)
                .map_err(|e| e.in_index(index).in_segment("events"))?;
            if index == 0 {
                // Most senders carry one event; see `ListSeed`.
                sender.events.reserve_exact(1);
            }
            sender.events.push(event);
        }
        Ok(sender)
    }

    fn event(&self, r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<SenderEvent> {
        let kind: EventType = element
            .local_name()
            .parse()
            .map_err(|e: Error| r.data_error(e.message().to_owned()))?;
        let link = xml_link_attributes(r, element)?;
        // Read into an event whatever its links; they are checked at the end.
        let mut event = Event::new(kind, EventLink::default());
        let mut unfit_in = None;
        let mut seen_in = false;
        while let Some(child) = r.next_element()? {
            let name = child.local_name();
            match name {
                "in" if !seen_in => {
                    seen_in = true;
                    match xml_rel_link(r, &child)? {
                        Ok(in_link) => event.in_link = Some(in_link),
                        Err(unfit) => unfit_in = Some(unfit),
                    }
                }
                "status" if event.status.is_none() => {
                    let text = r.read_text()?;
                    // As JSON reads it: untrimmed, so that any spelling is written back.
                    event.status = Some(
                        text.parse()
                            .map_err(|e: Error| r.data_error(e.message().to_owned()))?,
                    );
                }
                "reason" if event.reason.is_none() => {
                    event.reason =
                        Some(ErrorBody::decode_xml_body(r).map_err(|e| e.in_segment("reason"))?);
                }
                "resource" if event.resource.is_none() => {
                    event.resource = Some(self.embedded(r, &child)?);
                }
                "property" | "propertyList" | "propertyBag" => {
                    event.extra.decode_xml_entry(r, child)?;
                }
                "in" | "status" | "reason" | "resource" => {
                    return Err(r.data_error(format!("an event has one <{name}>")));
                }
                other => {
                    return Err(r.data_error(format!("unexpected element <{other}> in an event")));
                }
            }
        }
        match (link, unfit_in) {
            (Ok(link), None) => {
                event.link = link;
                Ok(SenderEvent::Typed(event))
            }
            (link, unfit_in) => Ok(SenderEvent::Unfit(unfit_event(event, link, unfit_in)?)),
        }
    }

    /// Reads an embedded `<resource>`, typed by its `rel` property when the registry knows
    /// it, dynamic otherwise (or when the type rejects the body).
    ///
    /// When the type follows the links only, as UCWA writes it, the element is decoded in
    /// place, in one pass (the links read to find the type are handed to the decoder).
    /// Otherwise it is skimmed once for its type and its bytes decoded afterwards.
    fn embedded(&self, r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<EmbeddedResource> {
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
            if let Some(typed) = self.registry.decode_xml_body(type_rel, r, start) {
                let resource = Decoded::typed_or_dynamic(Some(typed), r.is_strict(), || {
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
        let typed = self.registry.decode_xml_body(type_rel, &mut sub, start);
        let strict = r.is_strict();
        let resource =
            Decoded::typed_or_dynamic(typed, strict, || decode_xml_dynamic(r, range, &key, rel))?;
        Ok(EmbeddedResource { key, resource })
    }
}

/// The attributes of an element that should make a link with its rel (`rel`, `href`,
/// `title`, others), as read, when they do not (no `rel`, no `href`).
struct UnfitLink {
    attributes: Vec<(String, Value)>,
    reason: String,
}

/// Reads an element whose attributes are a link with its rel; the content is left to
/// the caller. Attributes that make no link are handed back as read (refused in strict
/// mode).
fn xml_link_attributes(
    r: &Reader<'_>,
    element: &xml::Element<'_>,
) -> Result<std::result::Result<EventLink, UnfitLink>> {
    let attributes = r.link_attributes(element)?;
    let name = element.local_name();
    let reason = match (&attributes.rel, &attributes.href) {
        (Some(_), Some(_)) => None,
        (None, _) => Some(format!("<{name}> without a `rel`")),
        (_, None) => Some(format!("<{name}> without an `href`")),
    };
    let Some(reason) = reason else {
        let rel = attributes.rel.as_deref().unwrap_or_default().to_owned();
        let link = Link {
            href: attributes.href.unwrap_or_default(),
            title: attributes.title,
            attributes: attributes.attributes,
        };
        return Ok(Ok(EventLink { rel, link }));
    };
    if r.is_strict() {
        return Err(r.data_error(reason));
    }
    // XML text says not which scalar it is: read as any property text is (`Value`).
    let text = |v: String| Value::from_xml_text(&v);
    let mut out = Vec::with_capacity(attributes.attributes.len() + 3);
    out.extend(
        attributes
            .rel
            .map(|v| ("rel".to_owned(), text(v.into_owned()))),
    );
    out.extend(attributes.href.map(|v| ("href".to_owned(), text(v))));
    out.extend(attributes.title.map(|v| ("title".to_owned(), text(v))));
    out.extend(attributes.attributes.into_iter().map(|(n, v)| (n, text(v))));
    Ok(Err(UnfitLink {
        attributes: out,
        reason,
    }))
}

/// Reads an empty `<link>`-like element.
fn xml_rel_link(
    r: &mut Reader<'_>,
    element: &xml::Element<'_>,
) -> Result<std::result::Result<EventLink, UnfitLink>> {
    let link = xml_link_attributes(r, element)?;
    if r.next_element()?.is_some() {
        let name = element.local_name();
        return Err(r.data_error(format!("unexpected element inside a <{name}>")));
    }
    Ok(link)
}

/// A link that must be whole (a response's own links).
fn whole_link(
    r: &Reader<'_>,
    link: std::result::Result<EventLink, UnfitLink>,
) -> Result<EventLink> {
    link.map_err(|unfit| r.data_error(unfit.reason))
}

/// An event read from XML whose links do not fit, as the members its JSON form has, in
/// that form's order.
#[cold]
fn unfit_event(
    event: Event,
    link: std::result::Result<EventLink, UnfitLink>,
    unfit_in: Option<UnfitLink>,
) -> Result<UnfitEvent> {
    let mut reasons = Vec::new();
    let mut link_value = |link: std::result::Result<EventLink, UnfitLink>| match link {
        Ok(link) => json_value(&link),
        Err(unfit) => {
            reasons.push(unfit.reason);
            Ok(Value::Object(unfit.attributes))
        }
    };
    let mut members = vec![("link".to_owned(), link_value(link)?)];
    match (event.in_link, unfit_in) {
        (Some(in_link), _) => members.push(("in".to_owned(), link_value(Ok(in_link))?)),
        (None, Some(unfit)) => members.push(("in".to_owned(), link_value(Err(unfit))?)),
        (None, None) => {}
    }
    if let Some(status) = &event.status {
        members.push((
            "status".to_owned(),
            Value::String(status.as_str().to_owned()),
        ));
    }
    if let Some(reason) = &event.reason {
        members.push(("reason".to_owned(), json_value(reason)?));
    }
    for (name, value) in &event.extra.entries {
        members.push((name.clone(), json_value(value)?));
    }
    if let Some(embedded) = &event.resource {
        let value = json_value(&embedded.resource)?;
        members.push((
            "_embedded".to_owned(),
            Value::Object(vec![(embedded.key.clone(), value)]),
        ));
    }
    members.push((
        "type".to_owned(),
        Value::String(event.kind.as_str().to_owned()),
    ));
    Ok(UnfitEvent::new(members, reasons.join("; ")))
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
        decode_document(r, crate::registry())
    }
}

// ---------------------------------------------------------------------------------
// Encoding

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
                match event {
                    SenderEvent::Typed(event) => event.encode_xml(w),
                    SenderEvent::Unfit(unfit) => unfit.encode_xml(w),
                }
            }
            w.end("sender");
        }
        w.end("events");
    }
}

impl Event {
    /// Writes the event element (see the module docs for its form).
    pub fn encode_xml(&self, w: &mut Writer) {
        EventElement {
            kind: self.kind.as_str(),
            link: (Some(&self.link.rel), (&self.link.link).into()),
            in_link: self
                .in_link
                .as_ref()
                .map(|l| (Some(l.rel.as_str()), (&l.link).into())),
            status: self.status.as_ref().map(|s| s.as_str()),
            reason: self.reason.as_ref(),
            extra: &self.extra,
            embedded: self
                .resource
                .as_ref()
                .map(|e| (e.key.as_str(), &e.resource)),
        }
        .write(w);
    }
}

/// The parts of an event element, borrowed: the one writer for typed events and for
/// those that did not fit.
struct EventElement<'x> {
    kind: &'x str,
    link: (Option<&'x str>, LinkRef<'x>),
    in_link: Option<(Option<&'x str>, LinkRef<'x>)>,
    status: Option<&'x str>,
    reason: Option<&'x ErrorBody>,
    extra: &'x PropertyBag,
    embedded: Option<(&'x str, &'x Decoded)>,
}

impl EventElement<'_> {
    fn write(self, w: &mut Writer) {
        // The writer refuses a type or an attribute name that is not an XML name.
        let name = self.kind;
        let empty = self.in_link.is_none()
            && self.status.is_none()
            && self.reason.is_none()
            && self.embedded.is_none()
            && self.extra.is_empty();
        w.link_element(name, self.link.0, self.link.1, empty);
        if empty {
            return;
        }
        if let Some((rel, in_link)) = self.in_link {
            w.link_element("in", rel, in_link, true);
        }
        if let Some(status) = self.status {
            w.text_element("status", None::<(&str, &str)>, status);
        }
        if let Some(reason) = self.reason {
            reason.encode_xml_element(w, false);
        }
        self.extra.encode_xml_entries(w);
        if let Some((key, resource)) = self.embedded {
            resource.encode_xml(w, key, false);
        }
        w.end(name);
    }
}

/// An unfit event's link members as attributes: `rel` apart, the others as text.
struct LinkParts {
    rel: Option<String>,
    href: Option<String>,
    title: Option<String>,
    attributes: Vec<(String, String)>,
}

impl LinkParts {
    fn of(value: &Value, member: &str) -> std::result::Result<LinkParts, String> {
        let members = value
            .as_object()
            .ok_or_else(|| format!("its `{member}` is not an object"))?;
        let mut parts = LinkParts {
            rel: None,
            href: None,
            title: None,
            attributes: Vec::with_capacity(members.len()),
        };
        for (name, value) in members {
            // As XML reads attributes back (`Value::from_xml_text`): `False`, not `false`.
            let text = match (value, value.xml_text()) {
                (Value::String(_) | Value::Number(_) | Value::Bool(_), Some(text)) => {
                    text.into_owned()
                }
                _ => return Err(format!("its `{member}/{name}` is not text")),
            };
            let slot = match name.as_str() {
                "rel" => &mut parts.rel,
                "href" => &mut parts.href,
                "title" => &mut parts.title,
                _ => {
                    parts.attributes.push((name.clone(), text));
                    continue;
                }
            };
            if slot.replace(text).is_some() {
                return Err(format!("its `{member}` repeats `{name}`"));
            }
        }
        Ok(parts)
    }

    fn as_ref(&self) -> (Option<&str>, LinkRef<'_>) {
        let link = LinkRef {
            href: self.href.as_deref(),
            title: self.title.as_deref(),
            attributes: &self.attributes,
        };
        (self.rel.as_deref(), link)
    }
}

impl UnfitEvent {
    /// Writes the event element its members make (in JSON they are written as read).
    /// What an element cannot carry (no `type`, a member twice, a link member that is
    /// not text) makes the writer fail, saying why.
    pub fn encode_xml(&self, w: &mut Writer) {
        if let Err(why) = self.try_encode_xml(w) {
            w.fail(Error::new(
                Category::Data,
                format!("an event that did not fit cannot be written in XML: {why}"),
            ));
        }
    }

    fn try_encode_xml(&self, w: &mut Writer) -> std::result::Result<(), String> {
        let members = self.value.as_object().ok_or("it is not an object")?;
        let (mut kind, mut link, mut in_link, mut status) = (None, None, None, None);
        let (mut reason, mut embedded) = (None, None);
        let mut extra = PropertyBag::default();
        let repeated = |name: &str| format!("its `{name}` is repeated");
        for (name, value) in members {
            match name.as_str() {
                "type" => {
                    let text = value.as_str().ok_or("its `type` is not text")?;
                    if kind.replace(text).is_some() {
                        return Err(repeated(name));
                    }
                }
                "link" => {
                    if link.replace(LinkParts::of(value, name)?).is_some() {
                        return Err(repeated(name));
                    }
                }
                "in" if matches!(value, Value::Null) => {}
                "in" => {
                    if in_link.replace(LinkParts::of(value, name)?).is_some() {
                        return Err(repeated(name));
                    }
                }
                "status" => {
                    let text = value.as_str().ok_or("its `status` is not text")?;
                    if status.replace(text).is_some() {
                        return Err(repeated(name));
                    }
                }
                "reason" => {
                    let body: ErrorBody = from_value(value)?;
                    if reason.replace(body).is_some() {
                        return Err(repeated(name));
                    }
                }
                "_embedded" => {
                    let [(key, resource)] = value.as_object().unwrap_or_default() else {
                        return Err("its `_embedded` is not one resource".to_owned());
                    };
                    let text = serde_json::to_string(resource).map_err(|e| e.to_string())?;
                    let resource = crate::registry()
                        .decode_json_object(key, &text)
                        .map_err(|e| format!("its `_embedded/{key}`: {}", e.message()))?;
                    if embedded.replace((key.as_str(), resource)).is_some() {
                        return Err(repeated(name));
                    }
                }
                _ => extra
                    .entries
                    .push((name.clone(), BagValue::from(value.clone()))),
            }
        }
        let kind = kind.ok_or("it has no `type`")?;
        let link = link.ok_or("it has no `link`")?;
        EventElement {
            kind,
            link: link.as_ref(),
            in_link: in_link.as_ref().map(LinkParts::as_ref),
            status,
            reason: reason.as_ref(),
            extra: &extra,
            embedded: embedded.as_ref().map(|(key, resource)| (*key, resource)),
        }
        .write(w);
        Ok(())
    }
}

/// A typed value from an unfit event's member, through its JSON text.
fn from_value<T: serde::de::DeserializeOwned>(value: &Value) -> std::result::Result<T, String> {
    ucwa_codec::json::convert(value).map_err(|e| e.to_string())
}
