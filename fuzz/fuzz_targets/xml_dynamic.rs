//! XML into the dynamic model: never panics; what decodes re-encodes and decodes to
//! the same value, and converts to JSON and back. The reader's shortcut for links and
//! property start tags agrees with its general path (taken once a space is added).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{DynInput, DynResource, json, xml};

#[path = "../common/shortcuts.rs"]
mod shortcuts;

fuzz_target!(|data: &[u8]| {
    if let Some(spaced) = shortcuts::spaced(data) {
        let outcome = |bytes: &[u8]| shortcuts::outcome(xml::from_slice::<DynResource>(bytes));
        assert_eq!(outcome(data), outcome(spaced.as_bytes()));
    }
    if let Ok(doc) = xml::from_slice::<DynResource>(data) {
        let again: DynResource = xml::from_str(&xml::to_string(&doc).expect("encodes")).expect("re-decodes");
        assert_eq!(again, doc);
        let as_json = json::to_string(&doc).expect("encodes as JSON");
        let _: DynResource = json::from_str(&as_json).expect("JSON re-decodes");
    }
    if let Ok(input) = xml::from_slice::<DynInput>(data) {
        let again: DynInput = xml::from_str(&xml::to_string(&input).expect("encodes")).expect("re-decodes");
        assert_eq!(again, input);
    }
});
