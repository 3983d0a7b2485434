//! UCWA error bodies, and `ApiError::from_response` on any bytes: never a panic; what
//! decodes in either format crosses formats and back unchanged, byte-stable, its XML
//! well-formed (the rule in `common/cross.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_schema::{ApiError, ErrorBody};

#[path = "../common/cross.rs"]
mod cross;

fuzz_target!(|data: &[u8]| {
    cross::holds(data, ucwa_codec::decode::<ErrorBody>, |format, body| {
        ucwa_codec::encode(format, body)
    });
    let error = ApiError::from_response(409, None, data);
    let _ = (error.next_step(), error.is_retryable(), error.to_string());
});
