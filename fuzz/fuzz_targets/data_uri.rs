//! `data:` URIs: never a panic; what parses writes back exactly and decodes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::data_uri::DataUri;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(uri) = DataUri::parse(text) {
        assert_eq!(uri.to_string(), text);
        let _ = (uri.bytes(), uri.text(), uri.charset(), uri.media_type());
    }
});
