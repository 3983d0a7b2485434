//! Any document through the schema's registry: typed where it fits, dynamic otherwise,
//! never a panic; what decodes in either format crosses formats and back unchanged
//! (typed stays typed, dynamic stays dynamic), byte-stable, its XML well-formed (the
//! rule in `common/cross.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../common/cross.rs"]
mod cross;

fuzz_target!(|data: &[u8]| {
    let registry = ucwa_schema::registry();
    cross::holds(
        data,
        |format, bytes| registry.decode(format, bytes),
        |format, decoded| ucwa_codec::encode(format, decoded),
    );
});
