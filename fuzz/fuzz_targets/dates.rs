//! The date parsers: never panic; what parses re-encodes to a string that parses back
//! to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::DateTime;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = DateTime::parse_iso(text) {
        assert_eq!(
            DateTime::parse_iso(&d.to_iso_string()).expect("ISO re-parses"),
            d
        );
        let j = DateTime::parse_json(&d.to_json_string()).expect("JSON form parses");
        assert_eq!(j.unix_millis(), d.unix_millis());
    }
    if let Ok(d) = DateTime::parse_json(text) {
        assert_eq!(
            DateTime::parse_json(&d.to_json_string()).expect("JSON re-parses"),
            d
        );
    }
});
