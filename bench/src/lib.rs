//! Fixtures for the ucwa-rs benchmarks (`cargo bench -p ucwa-bench`).
//!
//! Each fixture names the types it is decoded into through the aliases below.
#![deny(unsafe_code)]

pub mod events;
pub mod fixtures;
pub mod scaling;

use ucwa_codec::DynResource;

/// The type the small fixture decodes into.
pub type PresenceType = ucwa_schema::Presence;
/// The type the medium fixture decodes into.
pub type ApplicationType = ucwa_schema::Application;
/// The typed event response: embedded resources typed through the schema's registry.
pub type EventsType = ucwa_schema::EventResponse;
/// The event response in the dynamic model: every embedded resource a `DynResource`.
pub type EventsDyn = events::Events<DynResource>;
