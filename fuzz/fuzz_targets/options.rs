//! The hand-written codecs of `ucwa_schema::options`: `OptionsMetadata` (the answer to
//! `OPTIONS`) and `OperationsQueued`. Never a panic; what decodes in either format
//! crosses formats and back unchanged, byte-stable, its XML well-formed (the rule in
//! `common/cross.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_schema::{OperationsQueued, OptionsMetadata};

#[path = "../common/cross.rs"]
mod cross;

fuzz_target!(|data: &[u8]| {
    cross::holds(
        data,
        ucwa_codec::decode::<OptionsMetadata>,
        ucwa_codec::encode,
    );
    cross::holds(
        data,
        ucwa_codec::decode::<OperationsQueued>,
        ucwa_codec::encode,
    );
});
