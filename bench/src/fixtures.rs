//! The benchmark fixtures: two documented samples as they are, and a large event-channel
//! response generated deterministically from the documented samples.

use crate::EventsDyn;
use crate::events::{Event, Events, RelLink, Sender};
use std::path::PathBuf;
use ucwa_codec::{DynResource, Link};

/// One fixture in both formats.
pub struct Fixture {
    /// Its name in the bench ids.
    pub name: &'static str,
    /// The JSON document.
    pub json: Vec<u8>,
    /// The XML document.
    pub xml: Vec<u8>,
}

/// The folder of the documented samples (`tests/samples`).
pub fn samples_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/samples"))
}

fn sample(name: &str) -> Vec<u8> {
    let path = samples_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `presence` GET response (small: ~200 bytes).
pub fn presence() -> Fixture {
    Fixture {
        name: "presence",
        json: sample("presence.get.response.json"),
        xml: sample("presence.get.response.xml"),
    }
}

/// `application` GET response (medium: ~7 KB, four embedded resources).
pub fn application() -> Fixture {
    Fixture {
        name: "application",
        json: sample("application.get.response.json"),
        xml: sample("application.get.response.xml"),
    }
}

/// The size the generated event response reaches (its JSON form), in bytes.
pub const EVENTS_TARGET_BYTES: usize = 1 << 20;

/// A large event-channel response (~1 MiB of JSON), both formats written by the codec
/// from the same model (see [`events_model`]).
pub fn events() -> Fixture {
    let model = events_model(EVENTS_TARGET_BYTES);
    Fixture {
        name: "events",
        json: ucwa_codec::json::to_vec(&model).expect("the model encodes"),
        xml: ucwa_codec::xml::to_vec(&model).expect("the model encodes"),
    }
}

/// One sender read from a `*.event-*.json` sample.
struct Template {
    sender_rel: String,
    sender_href: String,
    events: Vec<(String, RelLink, Option<RelLink>)>,
}

/// The documented GET response (JSON text) of the resource a link relationship names.
fn get_sample(rel: &str) -> Option<String> {
    std::fs::read_to_string(samples_dir().join(format!("{rel}.get.response.json"))).ok()
}

fn rel_link(v: &serde_json::Value) -> RelLink {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    RelLink {
        rel: s("rel").unwrap_or_default(),
        link: Link {
            href: s("href").unwrap_or_default(),
            title: s("title"),
            attributes: Vec::new(),
        },
    }
}

fn templates() -> Vec<Template> {
    let mut names: Vec<String> = std::fs::read_dir(samples_dir())
        .expect("samples folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".event-") && n.ends_with(".json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let doc: serde_json::Value =
            serde_json::from_slice(&sample(&name)).expect("event samples are JSON");
        for sender in doc["sender"].as_array().into_iter().flatten() {
            let events = sender["events"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    let kind = e["type"].as_str().unwrap_or("updated").to_owned();
                    let in_link = e.get("in").map(rel_link);
                    (kind, rel_link(&e["link"]), in_link)
                })
                .collect();
            out.push(Template {
                sender_rel: sender["rel"].as_str().unwrap_or_default().to_owned(),
                sender_href: sender["href"].as_str().unwrap_or_default().to_owned(),
                events,
            });
        }
    }
    out
}

/// Builds the event response model: rounds over every `*.event-*.json` sample (sorted
/// by name), one sender per sample sender, its events as documented; `added`, `updated`
/// and `started` events embed the documented GET response of the resource their link
/// names (`<link rel>.get.response.json`, when there is one), as servers do for many
/// resources. Each round renumbers the application (`/applications/192/` →
/// `/applications/<192+round>/`) so strings differ. Rounds go on until the JSON form
/// reaches `target_bytes`. The same input always gives the same model.
pub fn events_model(target_bytes: usize) -> EventsDyn {
    let templates = templates();
    let mut model = Events {
        self_link: Some(Link::new("/ucwa/v1/applications/192/events?ack=1")),
        links: vec![(
            "next".to_owned(),
            Link::new("/ucwa/v1/applications/192/events?ack=2"),
        )],
        senders: Vec::new(),
    };
    let mut size = 0usize;
    let mut round = 0usize;
    while size < target_bytes {
        let app = format!("/applications/{}/", 192 + round);
        let renumber = |s: &str| s.replace("/applications/192/", &app);
        let relink = |l: &RelLink| RelLink {
            rel: l.rel.clone(),
            link: Link {
                href: renumber(&l.link.href),
                title: l.link.title.clone(),
                attributes: Vec::new(),
            },
        };
        let payload = |rel: &str| -> Option<DynResource> {
            let text = get_sample(rel)?;
            Some(ucwa_codec::json::from_str(&renumber(&text)).expect("GET samples decode"))
        };
        for t in &templates {
            let events: Vec<Event<DynResource>> = t
                .events
                .iter()
                .map(|(kind, link, in_link)| Event {
                    kind: kind.clone(),
                    link: relink(link),
                    in_link: in_link.as_ref().map(relink),
                    embedded: match kind.as_str() {
                        "added" | "updated" | "started" => {
                            payload(&link.rel).map(|p| (link.rel.clone(), p))
                        }
                        _ => None,
                    },
                })
                .collect();
            let sender = Sender {
                rel: t.sender_rel.clone(),
                href: renumber(&t.sender_href),
                events,
            };
            size += ucwa_codec::json::to_vec(&sender).map_or(0, |v| v.len() + 1);
            model.senders.push(sender);
            if size >= target_bytes {
                break;
            }
        }
        round += 1;
    }
    model
}
