//! Event-channel responses through the schema's registry: never a panic; what decodes
//! in either format crosses formats and back unchanged, byte-stable, its XML well-formed
//! (the rule in `common/cross.rs`, which the event-link injection of issue #16 breaks).
//! In XML, the reader's shortcut for links and property start tags agrees with its
//! general path (taken once a space is added).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::Format;
use ucwa_schema::EventResponse;

#[path = "../common/cross.rs"]
mod cross;
#[path = "../common/shortcuts.rs"]
mod shortcuts;

fuzz_target!(|data: &[u8]| {
    if let Some(spaced) = shortcuts::spaced(data) {
        let outcome =
            |bytes: &[u8]| shortcuts::outcome(ucwa_codec::decode::<EventResponse>(Format::Xml, bytes));
        assert_eq!(outcome(data), outcome(spaced.as_bytes()));
    }
    let decode = |format, bytes: &[u8]| ucwa_codec::decode::<EventResponse>(format, bytes);
    let encode = |format, events: &EventResponse| ucwa_codec::encode(format, events);
    for format in [Format::Json, Format::Xml] {
        if let Ok(events) = decode(format, data) {
            cross::round_trips(&events, format, &decode, &encode);
        }
    }
});
