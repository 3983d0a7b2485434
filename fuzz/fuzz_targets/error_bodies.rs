//! UCWA error bodies in both formats, and `ApiError::from_response` on any bytes: never
//! a panic; what decodes re-encodes and decodes back to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::Format;
use ucwa_schema::{ApiError, ErrorBody};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Json, Format::Xml] {
        if let Ok(body) = ucwa_codec::decode::<ErrorBody>(format, data) {
            let bytes = ucwa_codec::encode(format, &body).expect("encodes");
            let again: ErrorBody = ucwa_codec::decode(format, &bytes).expect("re-decodes");
            assert_eq!(again, body);
        }
    }
    let error = ApiError::from_response(409, None, data);
    let _ = (error.next_step(), error.is_retryable(), error.to_string());
});
