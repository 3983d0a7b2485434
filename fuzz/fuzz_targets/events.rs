//! Event-channel responses in both formats through the schema's registry: never a
//! panic; what decodes re-encodes and decodes back to the same value. In XML, the
//! reader's shortcut for links and property start tags agrees with its general path
//! (taken once a space is added).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::Format;
use ucwa_schema::EventResponse;

#[path = "../common/shortcuts.rs"]
mod shortcuts;

fuzz_target!(|data: &[u8]| {
    if let Some(spaced) = shortcuts::spaced(data) {
        let outcome =
            |bytes: &[u8]| shortcuts::outcome(EventResponse::decode_default(Format::Xml, bytes));
        assert_eq!(outcome(data), outcome(spaced.as_bytes()));
    }
    for format in [Format::Json, Format::Xml] {
        if let Ok(events) = EventResponse::decode_default(format, data) {
            let bytes = ucwa_codec::encode(format, &events).expect("encodes");
            let again = EventResponse::decode_default(format, &bytes).expect("re-decodes");
            assert_eq!(again, events);
        }
    }
});
