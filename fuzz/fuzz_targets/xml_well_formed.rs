//! `xml::check_well_formed` against an independent checker, roxmltree (a fuzz-only
//! dependency): both accept or both refuse, except where the subset UCWA reads refuses
//! on purpose what XML allows (then ours must refuse):
//!
//! - a DOCTYPE (no DTD, no entities but the predefined ones), input that is not UTF-8,
//!   an encoding declared other than UTF-8;
//! - our [`Limits`](ucwa_codec::Limits) (depth, attributes per element, name length);
//! - `xmlns:p=""` (undeclaring a prefix, XML 1.1 only).
//!
//! Our verdict wins where roxmltree is laxer than the specification, so those are
//! allowed too, each named below.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{Category, xml};

fuzz_target!(|data: &[u8]| {
    let ours = xml::check_well_formed(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(ours.is_err(), "not UTF-8, accepted");
        return;
    };
    if text.contains("<!DOCTYPE") {
        assert!(ours.is_err(), "a DOCTYPE, accepted");
        return;
    }
    if let Err(e) = &ours {
        let message = e.message();
        let on_purpose = e.category() == Category::Limit
            || message.starts_with("unsupported encoding")
            || message.contains("cannot undeclare a prefix");
        if on_purpose {
            return;
        }
    }
    let theirs = roxmltree::Document::parse(text);
    match (&ours, &theirs) {
        (Ok(()), Ok(_)) | (Err(_), Err(_)) => {}
        (Ok(()), Err(e)) => panic!("accepted, roxmltree refuses: {e}\n{text:?}"),
        (Err(e), Ok(_)) => panic!("refused ({e}), roxmltree accepts\n{text:?}"),
    }
});
