//! Event-channel responses in both formats through the schema's registry: never a
//! panic; what decodes re-encodes and decodes back to the same value. In XML, the
//! reader's shortcut for links and property start tags agrees with its general path
//! (taken once a space is added).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::Format;
use ucwa_schema::EventResponse;

/// An XML decode's value, or its error without the position (extra spaces move it).
fn outcome(data: &[u8]) -> Result<EventResponse, String> {
    EventResponse::decode_default(Format::Xml, data)
        .map_err(|e| format!("{:?} {} at `{}`", e.category(), e.message(), e.path()))
}

fuzz_target!(|data: &[u8]| {
    // (Inside a CDATA section the extra space would change the text itself.)
    if let Ok(text) = std::str::from_utf8(data)
        && !text.contains("<![CDATA[")
    {
        let spaced = text
            .replace("<link rel=\"", "<link  rel=\"")
            .replace("<property name=\"", "<property  name=\"");
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
