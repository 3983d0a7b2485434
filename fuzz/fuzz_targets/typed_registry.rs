//! Any document through the schema's registry in both formats: typed where it fits,
//! dynamic otherwise, never a panic; typed values re-encode and decode back equal.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{Decoded, Format};

fuzz_target!(|data: &[u8]| {
    let registry = ucwa_schema::registry();
    for format in [Format::Json, Format::Xml] {
        if let Ok(decoded) = registry.decode(format, data) {
            if let Decoded::Typed(_) = &decoded {
                let bytes = ucwa_codec::encode(format, &decoded).expect("encodes");
                let again = registry.decode(format, &bytes).expect("re-decodes");
                assert_eq!(again, decoded);
            }
        }
    }
});
