//! Any document through the schema's registry: typed where it fits, dynamic otherwise,
//! never a panic; what decodes in either format crosses formats and back unchanged
//! (typed stays typed, dynamic stays dynamic), byte-stable, its XML well-formed (the
//! rule in `common/cross.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{Decoded, Format};

#[path = "../common/cross.rs"]
mod cross;

fuzz_target!(|data: &[u8]| {
    let registry = ucwa_schema::registry();
    let decode = |format, bytes: &[u8]| registry.decode(format, bytes);
    let encode = |format, decoded: &Decoded| ucwa_codec::encode(format, decoded);
    for format in [Format::Json, Format::Xml] {
        if let Ok(decoded) = decode(format, data) {
            cross::round_trips(&decoded, format, &decode, &encode);
        }
    }
});
