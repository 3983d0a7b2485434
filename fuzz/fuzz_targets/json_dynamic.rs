//! JSON into the dynamic model (resources and request bodies): never a panic; what
//! decodes crosses to XML and back unchanged, byte-stable, its XML well-formed (the rule
//! in `common/cross.rs`; XML may refuse to write what it cannot carry).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{DynInput, DynResource, Format};

#[path = "../common/cross.rs"]
mod cross;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = ucwa_codec::json::from_slice::<DynResource>(data) {
        cross::round_trips(
            &doc,
            Format::Json,
            &ucwa_codec::decode,
            &|format, doc: &DynResource| ucwa_codec::encode(format, doc),
        );
    }
    if let Ok(input) = ucwa_codec::json::from_slice::<DynInput>(data) {
        cross::round_trips(
            &input,
            Format::Json,
            &ucwa_codec::decode,
            &|format, input: &DynInput| ucwa_codec::encode(format, input),
        );
    }
});
