//! Documents of every kind the codec decodes, at any size, for the scaling measurements
//! (`src/bin/scaling.rs`, `bench/scaling.sh`): decoding must cost time proportional to
//! the size, on every path, including the fallbacks.
//!
//! Each kind repeats one unit (a contact, a sender, an event, a `debugInfo` entry, a
//! batch part) until the document is as large as asked, without going over: a document
//! of [`Limits::DEFAULT`](ucwa_codec::Limits)'s 32 MiB is still decoded.

use crate::EventsDyn;
use crate::events::Events;
use crate::fixtures;
use std::cell::RefCell;
use std::hint::black_box;
use ucwa_codec::{DynResource, Format};
use ucwa_schema::batch::BatchResponse;
use ucwa_schema::{ErrorBody, EventResponse, MyContacts};

/// What a document is, and what it is decoded into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `myContacts` embedding many `contact` resources, into the typed [`MyContacts`].
    Resource,
    /// The same document into the dynamic model ([`DynResource`]).
    Dynamic,
    /// The generated event-channel response of the other benchmarks
    /// ([`fixtures::events_model`]), into [`EventResponse`]: every embedded resource typed.
    Events,
    /// An event response whose every embedded `presence` its type rejects (its
    /// availability given twice), so each falls back to the dynamic model. In XML,
    /// every other one names its type after them (the reader then skims it first).
    EventsFallback,
    /// An error body whose `debugInfo` holds many entries, into [`ErrorBody`].
    ErrorBody,
    /// A batch response of many parts, each a `presence` body in the format.
    Batch,
    /// A batch response whose every part's `presence` body its type rejects.
    BatchFallback,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 7] = [
        Kind::Resource,
        Kind::Dynamic,
        Kind::Events,
        Kind::EventsFallback,
        Kind::ErrorBody,
        Kind::Batch,
        Kind::BatchFallback,
    ];

    /// Its name on the command line and in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resource => "resource",
            Kind::Dynamic => "dynamic",
            Kind::Events => "events",
            Kind::EventsFallback => "events-fallback",
            Kind::ErrorBody => "error-body",
            Kind::Batch => "batch",
            Kind::BatchFallback => "batch-fallback",
        }
    }

    /// The kind of that name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The boundary of the generated batches.
pub const BOUNDARY: &str = "3968fb75-0b0e-4e11-8b0c-4e37d822ed0c";

/// A generated document.
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Its format (for a batch: the format of the parts' bodies).
    pub format: Format,
    /// How many units it repeats.
    pub units: usize,
    /// Its text.
    pub bytes: Vec<u8>,
}

/// The one decode that is measured (callgrind collects inside this function only: see
/// `bench/scaling.sh`).
#[inline(never)]
pub fn decode_once(kind: Kind, format: Format, bytes: &[u8]) -> usize {
    fn sized<T>(value: T) -> usize {
        black_box(&value);
        std::mem::size_of_val(&value)
    }
    let decoded = match kind {
        Kind::Resource => ucwa_codec::decode::<MyContacts>(format, bytes).map(|c| c.contact.len()),
        Kind::Dynamic => ucwa_codec::decode::<DynResource>(format, bytes).map(sized),
        Kind::Events | Kind::EventsFallback => {
            ucwa_codec::decode::<EventResponse>(format, bytes).map(|e| e.senders.len())
        }
        Kind::ErrorBody => ucwa_codec::decode::<ErrorBody>(format, bytes).map(sized),
        Kind::Batch | Kind::BatchFallback => {
            let content_type = format!("multipart/batching; boundary={BOUNDARY}");
            let batch = BatchResponse::parse(&content_type, bytes).expect("a batch");
            Ok(batch.parts.len())
        }
    };
    decoded.unwrap_or_else(|e| panic!("{}: {e}", kind.name()))
}

/// A document of `kind` in `format` of at most `max_bytes` (and not much less: within
/// one unit, or 3 %, of it), or of one unit if that is larger.
pub fn document(kind: Kind, format: Format, max_bytes: usize) -> Document {
    let bytes_of = |units: usize| build(kind, format, units);
    let mut units = 1;
    let mut best: Option<(usize, Vec<u8>)> = None;
    let one = bytes_of(1).len();
    let two = bytes_of(2).len();
    let per_unit = two.saturating_sub(one).max(1);
    if max_bytes > one {
        units = 1 + (max_bytes - one) / per_unit;
    }
    // The units of some kinds differ in size: a few corrections from the size reached.
    for _ in 0..8 {
        let bytes = bytes_of(units);
        let len = bytes.len();
        if len <= max_bytes {
            let better = best.as_ref().is_none_or(|(u, _)| units > *u);
            if better {
                best = Some((units, bytes));
            }
            if len + per_unit > max_bytes || len >= max_bytes - max_bytes / 33 {
                break;
            }
            units = (units * max_bytes / len).max(units + 1);
        } else {
            if units == 1 {
                break;
            }
            units = (units * max_bytes / len).min(units - 1).max(1);
        }
    }
    let (units, bytes) = best.unwrap_or_else(|| (1, bytes_of(1)));
    Document {
        kind,
        format,
        units,
        bytes,
    }
}

/// The document of `kind` in `format` with `units` units.
pub fn build(kind: Kind, format: Format, units: usize) -> Vec<u8> {
    match kind {
        Kind::Resource | Kind::Dynamic => contacts(format, units),
        Kind::Events => events(format, units),
        Kind::EventsFallback => rejected_events(format, units),
        Kind::ErrorBody => error_body(format, units),
        Kind::Batch => batch(format, units, false),
        Kind::BatchFallback => batch(format, units, true),
    }
}

/// The documented `contact` in `format`, as the codec writes it, as an embedded element
/// (XML: no declaration, no namespace declaration).
fn contact_template(format: Format) -> String {
    let path = fixtures::samples_dir().join("contact.get.response.json");
    let text = std::fs::read_to_string(path).expect("the contact sample");
    let contact: DynResource = ucwa_codec::json::from_str(&text).expect("the contact decodes");
    match format {
        Format::Json => ucwa_codec::json::to_string(&contact).expect("encodes"),
        Format::Xml => {
            let xml = ucwa_codec::xml::to_vec(&contact).expect("encodes");
            let xml = String::from_utf8(xml).expect("UTF-8");
            let start = xml.find("<resource").expect("a root element");
            xml[start..].replace(&format!(r#" xmlns="{}""#, ucwa_codec::xml::UCWA_NS), "")
        }
    }
}

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8"?>"#;

/// `myContacts` embedding `units` contacts (each its own `/people/N`).
fn contacts(format: Format, units: usize) -> Vec<u8> {
    let template = contact_template(format);
    let self_href = "/ucwa/v1/applications/192/contacts";
    let mut out = String::new();
    match format {
        Format::Json => {
            out.push_str(r#"{"rel":"myContacts","_links":{"self":{"href":""#);
            out.push_str(self_href);
            out.push_str(r#""}},"_embedded":{"contact":["#);
        }
        Format::Xml => {
            out.push_str(XML_DECLARATION);
            out.push_str(&format!(
                r#"<resource rel="myContacts" href="{self_href}" xmlns="{}">"#,
                ucwa_codec::xml::UCWA_NS
            ));
        }
    }
    for i in 0..units {
        if i > 0 && format == Format::Json {
            out.push(',');
        }
        out.push_str(&template.replace("/people/282", &format!("/people/{}", 1000 + i)));
    }
    out.push_str(match format {
        Format::Json => "]}}",
        Format::Xml => "</resource>",
    });
    out.into_bytes()
}

/// The benchmarks' generated event response, cut to its first `units` senders.
fn events(format: Format, units: usize) -> Vec<u8> {
    thread_local! {
        // The longest model made so far: sizing a document builds several.
        static MODEL: RefCell<Option<EventsDyn>> = const { RefCell::new(None) };
    }
    MODEL.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached.as_ref().is_none_or(|m| m.senders.len() < units) {
            // Enough senders for `units`: about 1.4 KB of JSON each.
            let model = fixtures::events_model(units * 2048);
            assert!(model.senders.len() >= units, "the model is long enough");
            *cached = Some(model);
        }
        let model = cached.as_ref().expect("just made");
        let prefix = Events {
            self_link: model.self_link.clone(),
            links: model.links.clone(),
            senders: model.senders[..units].to_vec(),
        };
        ucwa_codec::encode(format, &prefix).expect("the model encodes")
    })
}

/// An event response whose every embedded `presence` is rejected by its type (its availability
/// given twice), 16 events per sender.
fn rejected_events(format: Format, units: usize) -> Vec<u8> {
    let mut out = String::new();
    let ack = "/ucwa/v1/applications/192/events?ack=";
    match format {
        Format::Json => out.push_str(&format!(
            r#"{{"_links":{{"self":{{"href":"{ack}1"}},"next":{{"href":"{ack}2"}}}},"sender":["#
        )),
        Format::Xml => {
            out.push_str(XML_DECLARATION);
            out.push_str(&format!(
                r#"<events href="{ack}1" xmlns="{}"><link rel="next" href="{ack}2"/>"#,
                ucwa_codec::xml::UCWA_NS
            ));
        }
    }
    let per_sender = 16;
    for i in 0..units {
        let href = format!("/ucwa/v1/applications/192/people/{}/presence", 1000 + i);
        let first = i % per_sender == 0;
        match format {
            Format::Json => {
                if first {
                    if i > 0 {
                        out.push_str("]},");
                    }
                    out.push_str(
                        r#"{"rel":"people","href":"/ucwa/v1/applications/192/people","events":["#,
                    );
                } else {
                    out.push(',');
                }
                out.push_str(&format!(
                    r#"{{"link":{{"rel":"presence","href":"{href}"}},"type":"updated","_embedded":{{"presence":{{"rel":"presence","availability":"Busy","availability":"Away","_links":{{"self":{{"href":"{href}"}}}}}}}}}}"#
                ));
            }
            Format::Xml => {
                if first {
                    if i > 0 {
                        out.push_str("</sender>");
                    }
                    out.push_str(
                        r#"<sender rel="people" href="/ucwa/v1/applications/192/people">"#,
                    );
                }
                let twice = r#"<property name="availability">Busy</property><property name="availability">Away</property>"#;
                let rel = r#"<property name="rel">presence</property>"#;
                // The type first (decoded in place), or after them (skimmed first).
                let (a, b) = if i % 2 == 0 {
                    (rel, twice)
                } else {
                    (twice, rel)
                };
                out.push_str(&format!(
                    r#"<updated rel="presence" href="{href}"><resource rel="presence" href="{href}">{a}{b}</resource></updated>"#
                ));
            }
        }
    }
    match format {
        Format::Json => out.push_str(if units > 0 { "]}]}" } else { "]}" }),
        Format::Xml => out.push_str(if units > 0 {
            "</sender></events>"
        } else {
            "</events>"
        }),
    }
    out.into_bytes()
}

/// An error body whose `debugInfo` holds `units` entries.
fn error_body(format: Format, units: usize) -> Vec<u8> {
    let mut json = String::from(
        r#"{"code":"ServiceFailure","subcode":"CallbackChannelError","message":"The callback channel failed.","debugInfo":{"#,
    );
    for i in 0..units {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            r#""entry{i}":"diagnostic 10{i}; reason=\"timeout\"; component=Conferencing""#
        ));
    }
    json.push_str("}}");
    match format {
        Format::Json => json.into_bytes(),
        Format::Xml => {
            let body: ErrorBody = ucwa_codec::json::from_str(&json).expect("the body decodes");
            ucwa_codec::xml::to_vec(&body).expect("the body encodes")
        }
    }
}

/// A batch response of `units` parts, each a `presence` in `format` (rejected by its type
/// when `rejected`).
fn batch(format: Format, units: usize, rejected: bool) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..units {
        let href = format!("/ucwa/v1/applications/192/people/{}/presence", 1000 + i);
        let (content_type, body) = match (format, rejected) {
            (Format::Json, false) => (
                "application/json",
                format!(
                    r#"{{"rel":"presence","activity":"Off Work","availability":"Online","_links":{{"self":{{"href":"{href}"}}}}}}"#
                ),
            ),
            (Format::Json, true) => (
                "application/json",
                format!(
                    r#"{{"rel":"presence","availability":"Busy","availability":"Away","_links":{{"self":{{"href":"{href}"}}}}}}"#
                ),
            ),
            (Format::Xml, rejected) => {
                let availability = if rejected {
                    r#"<property name="availability">Busy</property><property name="availability">Away</property>"#
                } else {
                    r#"<property name="activity">Off Work</property><property name="availability">Online</property>"#
                };
                (
                    "application/xml",
                    format!(
                        r#"{XML_DECLARATION}<resource rel="presence" href="{href}" xmlns="{}"><property name="rel">presence</property>{availability}</resource>"#,
                        ucwa_codec::xml::UCWA_NS
                    ),
                )
            }
        };
        out.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Type: application/http; msgtype=response\r\n\r\nHTTP/1.1 200 OK\r\nCache-Control: no-cache\r\nContent-Type: {content_type}; charset=utf-8\r\n\r\n{body}\r\n"
        ));
    }
    out.push_str(&format!("--{BOUNDARY}--\r\n"));
    out.into_bytes()
}
