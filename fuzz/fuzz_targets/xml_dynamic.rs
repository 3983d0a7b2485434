//! XML into the dynamic model (resources and request bodies): never a panic; what
//! decodes crosses to JSON and back unchanged, byte-stable, its XML well-formed (the rule
//! in `common/cross.rs`). The reader's shortcut for links and property start tags agrees
//! with its general path (taken once a space is added).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{DynInput, DynResource, Format, xml};

#[path = "../common/cross.rs"]
mod cross;
#[path = "../common/shortcuts.rs"]
mod shortcuts;

fuzz_target!(|data: &[u8]| {
    if let Some(spaced) = shortcuts::spaced(data) {
        let outcome = |bytes: &[u8]| shortcuts::outcome(xml::from_slice::<DynResource>(bytes));
        assert_eq!(outcome(data), outcome(spaced.as_bytes()));
    }
    if let Ok(doc) = xml::from_slice::<DynResource>(data) {
        cross::round_trips(
            &doc,
            Format::Xml,
            &ucwa_codec::decode,
            &|format, doc: &DynResource| ucwa_codec::encode(format, doc),
        );
    }
    if let Ok(input) = xml::from_slice::<DynInput>(data) {
        cross::round_trips(
            &input,
            Format::Xml,
            &ucwa_codec::decode,
            &|format, input: &DynInput| ucwa_codec::encode(format, input),
        );
    }
});
