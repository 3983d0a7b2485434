//! Event-channel responses in both formats through the schema's registry: never a
//! panic; what decodes re-encodes and decodes back to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::Format;
use ucwa_schema::EventResponse;

fuzz_target!(|data: &[u8]| {
    for format in [Format::Json, Format::Xml] {
        if let Ok(events) = EventResponse::decode_default(format, data) {
            let bytes = ucwa_codec::encode(format, &events).expect("encodes");
            let again = EventResponse::decode_default(format, &bytes).expect("re-decodes");
            assert_eq!(again, events);
        }
    }
});
