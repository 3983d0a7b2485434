//! A crate as a downstream author writes it: `ucwa-schema` is its only dependency, and it
//! derives its own resource, request body and enumeration through `ucwa_schema::codec`
//! with `#[ucwa(crate = "ucwa_schema::codec")]`. It re-exports the codec under another
//! name (`wire`) for `ucwa-downstream-reexport`, which derives through that.
//!
//! It builds only if the derives' output names nothing but the given path; the tests
//! check that the derived codecs work in both formats.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The codec, re-exported under another name for crates that depend on this one alone.
pub use ucwa_schema::codec as wire;

use ucwa_schema::codec::{DateTime, Link, Members};

/// A vendor enumeration, derived through the re-export.
#[derive(Clone, Debug, PartialEq, ucwa_schema::codec::StringEnum)]
#[ucwa(crate = "ucwa_schema::codec")]
pub enum Mood {
    /// `Happy`.
    Happy,
    /// `so-so`.
    #[ucwa(rename = "so-so")]
    SoSo,
    /// Any other value, kept.
    #[ucwa(other)]
    Other(String),
}

/// A vendor resource that embeds a schema type, derived through the re-export.
#[derive(Clone, Debug, PartialEq, ucwa_schema::codec::Resource)]
#[ucwa(crate = "ucwa_schema::codec", rel = "moodBoard")]
pub struct MoodBoard {
    /// Where it lives.
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    /// The mood.
    pub mood: Option<Mood>,
    /// When it last changed.
    pub updated: Option<DateTime>,
    /// Tags, a property list.
    pub tags: Option<Vec<String>>,
    /// The owner.
    #[ucwa(link)]
    pub owner: Option<Link>,
    /// The owner's presence, embedded.
    #[ucwa(embedded)]
    pub presence: Option<ucwa_schema::Presence>,
    /// Everything else.
    #[ucwa(extra)]
    pub extra: Members,
}

/// A vendor request body, derived through the re-export.
#[derive(Clone, Debug, PartialEq, ucwa_schema::codec::Input)]
#[ucwa(crate = "ucwa_schema::codec")]
pub struct SetMoodInput {
    /// Required.
    pub mood: Mood,
    /// Optional.
    pub note: Option<String>,
    /// Everything else.
    #[ucwa(extra)]
    pub extra: Members,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ucwa_schema::codec::{Format, json, xml};

    const BOARD: &str = r#"{"rel":"moodBoard","mood":"so-so","updated":"/Date(1474932023993)/",
        "tags":["a","b"],"x-vendor":"kept",
        "_links":{"self":{"href":"/board"},"owner":{"href":"/me"}},
        "_embedded":{"presence":{"rel":"presence","availability":"Away"}}}"#;

    #[test]
    fn a_resource_derived_through_the_reexport_round_trips_both_formats() {
        let board: MoodBoard = json::from_str(BOARD).unwrap();
        assert_eq!(board.mood, Some(Mood::SoSo));
        assert_eq!(board.owner.as_ref().map(|l| l.href.as_str()), Some("/me"));
        assert_eq!(
            board.presence.as_ref().and_then(|p| p.availability.clone()),
            Some(ucwa_schema::Availability::Away)
        );
        assert!(board.extra.property("x-vendor").is_some());

        let xml = xml::to_string(&board).unwrap();
        assert!(
            xml.contains(r#"<property name="mood">so-so</property>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<property name="x-vendor">kept</property>"#),
            "{xml}"
        );
        let from_xml: MoodBoard = xml::from_str(&xml).unwrap();
        assert_eq!(from_xml, board);

        let json_again = json::to_string(&from_xml).unwrap();
        assert_eq!(json::from_str::<MoodBoard>(&json_again).unwrap(), board);
    }

    #[test]
    fn an_input_derived_through_the_reexport_round_trips_both_formats() {
        let input = SetMoodInput {
            mood: Mood::Other("elated".into()),
            note: Some("hi".into()),
            extra: Members::default(),
        };
        for format in [Format::Json, Format::Xml] {
            let bytes = ucwa_schema::codec::encode(format, &input).unwrap();
            let back: SetMoodInput = ucwa_schema::codec::decode(format, &bytes).unwrap();
            assert_eq!(back, input, "{format:?}");
        }
        // The required field is required.
        let error = json::from_str::<SetMoodInput>(r#"{"note":"hi"}"#).unwrap_err();
        assert!(error.to_string().contains("mood"), "{error}");
    }

    #[test]
    fn an_enumeration_derived_through_the_reexport_reads_and_writes_its_values() {
        assert_eq!("so-so".parse::<Mood>().unwrap(), Mood::SoSo);
        assert_eq!(Mood::SoSo.to_string(), "so-so");
        assert_eq!("new".parse::<Mood>().unwrap(), Mood::Other("new".into()));
    }
}
