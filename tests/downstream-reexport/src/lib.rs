//! A crate two steps away from the codec: it depends on `ucwa-downstream` alone, which
//! re-exports the codec as `wire`, and derives with `#[ucwa(crate = "ucwa_downstream::wire")]`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use ucwa_downstream::wire::{Link, Members};

/// A closed enumeration (no fallback), derived through the renamed re-export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ucwa_downstream::wire::StringEnum)]
#[ucwa(crate = "ucwa_downstream::wire", closed)]
pub enum Shade {
    /// `Light`.
    Light,
    /// `Dark`.
    Dark,
}

/// A resource embedding one of `ucwa-downstream`'s, derived through the renamed re-export.
#[derive(Clone, Debug, PartialEq, ucwa_downstream::wire::Resource)]
#[ucwa(crate = "ucwa_downstream::wire", rel = "theme")]
pub struct Theme {
    /// Where it lives.
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    /// Required.
    pub shade: Shade,
    /// Many links.
    #[ucwa(link)]
    pub boards: Vec<Link>,
    /// Embedded resources of the other crate.
    #[ucwa(embedded)]
    pub board: Vec<ucwa_downstream::MoodBoard>,
    /// Everything else.
    #[ucwa(extra)]
    pub extra: Members,
}

/// A request body that drops unknown members, derived through the renamed re-export.
#[derive(Clone, Debug, PartialEq, ucwa_downstream::wire::Input)]
#[ucwa(crate = "ucwa_downstream::wire", drop_unknown)]
pub struct SetShadeInput {
    /// Required.
    pub shade: Shade,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ucwa_downstream::wire::{Format, decode, encode, json, xml};

    #[test]
    fn a_resource_derived_through_a_renamed_reexport_round_trips_both_formats() {
        let theme: Theme = json::from_str(
            r#"{"rel":"theme","shade":"Dark","_links":{"self":{"href":"/t"},
                "boards":[{"href":"/b/1"},{"href":"/b/2"}]},
                "_embedded":{"board":[{"rel":"moodBoard","mood":"Happy"}]}}"#,
        )
        .unwrap();
        assert_eq!(theme.shade, Shade::Dark);
        assert_eq!(theme.boards.len(), 2);
        assert_eq!(theme.board[0].mood, Some(ucwa_downstream::Mood::Happy));
        let xml = xml::to_string(&theme).unwrap();
        assert_eq!(xml::from_str::<Theme>(&xml).unwrap(), theme);
        let json = json::to_string(&theme).unwrap();
        assert_eq!(json::from_str::<Theme>(&json).unwrap(), theme);
    }

    #[test]
    fn a_closed_enumeration_refuses_unknown_values_and_inputs_drop_unknown_members() {
        assert!(json::from_str::<SetShadeInput>(r#"{"shade":"Grey"}"#).is_err());
        let input: SetShadeInput = json::from_str(r#"{"shade":"Light","x":1}"#).unwrap();
        for format in [Format::Json, Format::Xml] {
            let bytes = encode(format, &input).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(r#""x""#) && !text.contains(r#"name="x""#),
                "{text}"
            );
            assert_eq!(decode::<SetShadeInput>(format, &bytes).unwrap(), input);
        }
    }
}
