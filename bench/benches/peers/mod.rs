//! The peers ucwa is measured against: serde_json into hand-written structs and into
//! `serde_json::Value`; quick-xml's raw event loop and its serde deserializer.
#![allow(dead_code)]

pub mod hal;

use quick_xml::events::Event;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ------------------------------------------------------------ JSON: hand-written HAL structs

/// `presence` (hal.rs holds the generated ones for application and the rest).
#[derive(Debug, Deserialize, Serialize)]
pub struct PresenceS {
    pub rel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
    #[serde(rename = "_links")]
    pub links: PresenceLinks,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct PresenceLinks {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<hal::HLink>,
}

/// The event response with serde: envelope structs, payloads as `serde_json::Value`
/// (serde has no typed dispatch on the embedding key without hand-written code).
#[derive(Debug, Deserialize, Serialize)]
pub struct EventsS {
    #[serde(rename = "_links")]
    pub links: BTreeMap<String, hal::HLink>,
    pub sender: Vec<SenderS>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct SenderS {
    pub rel: String,
    pub href: String,
    pub events: Vec<EventS>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct EventS {
    pub link: RelLinkS,
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub in_link: Option<RelLinkS>,
    #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct RelLinkS {
    pub rel: String,
    pub href: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

// ------------------------------------------------------------ XML: the raw event loop

/// Reads every event, unescaping every attribute value and every text: the least any
/// XML decoder must do. Returns a sum of lengths so nothing is optimised away.
pub fn raw_xml(input: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(input);
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = false;
    config.check_end_names = true;
    let mut n = 0usize;
    loop {
        match reader.read_event().expect("well-formed fixture") {
            Event::Start(e) | Event::Empty(e) => {
                n += e.name().0.len();
                for attr in e.attributes() {
                    let attr = attr.expect("well-formed attribute");
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("well-formed value");
                    n += attr.key.as_ref().len() + value.len();
                }
            }
            Event::Text(t) => n += t.xml10_content().len(),
            Event::CData(c) => n += c.len(),
            Event::GeneralRef(r) => n += r.len(),
            Event::End(_) => n += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    n
}

// ------------------------------------------------------------ XML: quick-xml serde

/// `<resource>`: the generic shape (serde cannot map `<property name="x">` to a field `x`).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "resource")]
pub struct XResource {
    #[serde(rename = "@rel", default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
    #[serde(rename = "@href", default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(rename = "$value", default)]
    pub children: Vec<XChild>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum XChild {
    #[serde(rename = "link")]
    Link(XLink),
    #[serde(rename = "property")]
    Property(XProperty),
    #[serde(rename = "propertyList")]
    PropertyList(XPropertyList),
    #[serde(rename = "resource")]
    Resource(XResource),
}

#[derive(Debug, Deserialize, Serialize)]
pub struct XLink {
    #[serde(rename = "@rel")]
    pub rel: String,
    #[serde(rename = "@href")]
    pub href: String,
    #[serde(rename = "@title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct XProperty {
    #[serde(rename = "@name")]
    pub name: String,
    #[serde(rename = "$text", default)]
    pub value: String,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct XPropertyList {
    #[serde(rename = "@name")]
    pub name: String,
    #[serde(default)]
    pub item: Vec<String>,
}

/// `<events>`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename = "events")]
pub struct XEvents {
    #[serde(rename = "@href", default)]
    pub href: String,
    #[serde(rename = "$value", default)]
    pub children: Vec<XEventsChild>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum XEventsChild {
    #[serde(rename = "link")]
    Link(XLink),
    #[serde(rename = "sender")]
    Sender(XSender),
}

#[derive(Debug, Deserialize, Serialize)]
pub struct XSender {
    #[serde(rename = "@rel")]
    pub rel: String,
    #[serde(rename = "@href")]
    pub href: String,
    #[serde(rename = "$value", default)]
    pub events: Vec<XEvent>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum XEvent {
    #[serde(rename = "added")]
    Added(XEventBody),
    #[serde(rename = "updated")]
    Updated(XEventBody),
    #[serde(rename = "deleted")]
    Deleted(XEventBody),
    #[serde(rename = "started")]
    Started(XEventBody),
    #[serde(rename = "completed")]
    Completed(XEventBody),
}

#[derive(Debug, Deserialize, Serialize)]
pub struct XEventBody {
    #[serde(rename = "@rel")]
    pub rel: String,
    #[serde(rename = "@href")]
    pub href: String,
    #[serde(rename = "@title", default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "$value", default)]
    pub children: Vec<XEventChild>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum XEventChild {
    #[serde(rename = "in")]
    In(XLink),
    #[serde(rename = "resource")]
    Resource(XResource),
}
