//! JSON into the dynamic model: never panics; what decodes re-encodes exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{DynInput, DynResource, json, xml};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = json::from_slice::<DynResource>(data) {
        let text = json::to_string(&doc).expect("encodes");
        let again: DynResource = json::from_str(&text).expect("re-decodes");
        assert_eq!(again, doc);
        // XML may refuse what it cannot carry (control characters), but never panics; and
        // its name-length limit applies to names JSON accepted.
        if let Ok(as_xml) = xml::to_string(&doc) {
            if let Err(e) = xml::from_str::<DynResource>(&as_xml) {
                assert_eq!(e.category(), ucwa_codec::Category::Limit, "XML re-decodes: {e}");
            }
        }
    }
    if let Ok(input) = json::from_slice::<DynInput>(data) {
        let again: DynInput = json::from_str(&json::to_string(&input).expect("encodes")).expect("re-decodes");
        assert_eq!(again, input);
    }
});
