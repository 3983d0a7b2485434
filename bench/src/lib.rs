//! Fixtures and stand-in types for the ucwa-rs benchmarks (`cargo bench -p ucwa-bench`).
//!
//! Each fixture names the type it is decoded into through one alias below; when
//! `ucwa_schema` gains the real `Application` and event response types, switching the
//! aliases is all the benches need (see BENCHMARKS.md).
#![deny(unsafe_code)]

pub mod events;
pub mod fixtures;
pub mod types;

use events::{Events, Nested, Payload};
use serde::Serialize;
use serde::de::MapAccess;
use std::marker::PhantomData;
use ucwa_codec::xml::{Reader, ResourceStart, Writer};
use ucwa_codec::{DynResource, Resource};

/// The type the small fixture decodes into (already the schema's).
pub type PresenceType = ucwa_schema::Presence;
/// The type the medium fixture decodes into: the schema's.
pub type ApplicationType = ucwa_schema::Application;
/// The typed event response. Switch to the schema's event response type.
pub type EventsType = Events<TypedPayload>;
/// The event response in the dynamic model.
pub type EventsDyn = Events<DynResource>;

/// An embedded event payload: typed when the bench has a type for its key, else dynamic.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum TypedPayload {
    Presence(ucwa_schema::Presence),
    Application(Box<types::Application>),
    Communication(types::Communication),
    Me(types::Me),
    OnlineMeetings(types::OnlineMeetings),
    People(types::People),
    Note(types::Note),
    Location(types::Location),
    Conversation(types::Conversation),
    Participant(types::Participant),
    Other(DynResource),
}

impl TypedPayload {
    /// Whether the payload decoded into a typed resource.
    pub fn is_typed(&self) -> bool {
        !matches!(self, TypedPayload::Other(_))
    }
}

macro_rules! payload_dispatch {
    ($($variant:ident => $ty:ty),* $(,)?) => {
        impl Payload for TypedPayload {
            fn deserialize_entry<'de, A: MapAccess<'de>>(key: &str, map: &mut A) -> Result<Self, A::Error> {
                $(if key == <$ty as Resource>::REL {
                    return map.next_value_seed(Nested::<$ty>(PhantomData)).map(|v| TypedPayload::$variant(v.into()));
                })*
                map.next_value().map(TypedPayload::Other)
            }
            fn decode_xml(key: &str, r: &mut Reader<'_>, start: ResourceStart<'_>) -> ucwa_codec::Result<Self> {
                $(if key == <$ty as Resource>::REL {
                    return <$ty as Resource>::decode_xml_body(r, start).map(|v| TypedPayload::$variant(v.into()));
                })*
                DynResource::decode_xml_body(r, start).map(TypedPayload::Other)
            }
            fn encode_xml(&self, w: &mut Writer, key: &str) {
                match self {
                    $(TypedPayload::$variant(v) => v.encode_xml_element(w, key, false),)*
                    TypedPayload::Other(v) => v.encode_xml_element(w, Some(key), false),
                }
            }
        }

        impl Serialize for TypedPayload {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(TypedPayload::$variant(v) => v.serialize(s),)*
                    TypedPayload::Other(v) => v.serialize(s),
                }
            }
        }
    };
}

payload_dispatch! {
    Presence => ucwa_schema::Presence,
    Application => types::Application,
    Communication => types::Communication,
    Me => types::Me,
    OnlineMeetings => types::OnlineMeetings,
    People => types::People,
    Note => types::Note,
    Location => types::Location,
    Conversation => types::Conversation,
    Participant => types::Participant,
}
