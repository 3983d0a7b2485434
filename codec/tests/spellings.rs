//! A scalar's XML text is typed only in the spelling its type writes back: any other
//! (another case, white space, another form of the same number or instant) is kept as
//! read in the catch-all, with the reason, and written back unchanged in either format;
//! strict XML decoding refuses it.

use ucwa_codec::{DateTime, Limits, Link, Members, Resource, Value, json, xml};

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";

#[derive(Clone, Debug, PartialEq, Resource)]
#[ucwa(rel = "scalars")]
pub struct Scalars {
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    pub flag: Option<bool>,
    pub flags: Option<Vec<bool>>,
    pub ratio: Option<f64>,
    pub when: Option<DateTime>,
    #[ucwa(extra)]
    pub extra: Members,
}

fn resource(inner: &str) -> String {
    format!(r#"<resource xmlns="{NS}" rel="scalars">{inner}</resource>"#)
}

fn property(name: &str, text: &str) -> String {
    resource(&format!(r#"<property name="{name}">{text}</property>"#))
}

#[test]
fn the_written_spellings_are_typed() {
    let doc = resource(concat!(
        r#"<property name="flag">True</property>"#,
        r#"<propertyList name="flags"><item>False</item><item>True</item></propertyList>"#,
        r#"<property name="ratio">1.5</property>"#,
        r#"<property name="when">2015-03-02T10:00:00.000Z</property>"#,
    ));
    let typed = xml::from_str::<Scalars>(&doc).unwrap();
    assert_eq!(typed.flag, Some(true));
    assert_eq!(typed.flags, Some(vec![false, true]));
    assert_eq!(typed.ratio, Some(1.5));
    assert!(typed.when.is_some());
    assert!(typed.extra.is_empty(), "{:?}", typed.extra);
    let written = xml::to_string(&typed).unwrap();
    for part in [
        r#"<property name="flag">True</property>"#,
        r#"<property name="ratio">1.5</property>"#,
        r#"<property name="when">2015-03-02T10:00:00.000Z</property>"#,
    ] {
        assert!(written.contains(part), "{written}");
    }
}

#[test]
fn other_spellings_are_kept_as_read_in_both_formats() {
    let strict = Limits::DEFAULT.with_strict(true);
    let cases = [
        ("flag", "true", "invalid boolean `true`"),
        ("flag", "FALSE", "invalid boolean `FALSE`"),
        ("flag", " True", "invalid boolean ` True`"),
        ("flag", "1", "invalid boolean `1`"),
        ("ratio", "1.50", "`1.50` would be written back as `1.5`"),
        ("ratio", "1", "`1` would be written back as `1.0`"),
        ("ratio", " 1.5", "invalid number ` 1.5`"),
        ("ratio", "+1.5", "`+1.5` would be written back as `1.5`"),
        (
            "when",
            " 2015-03-02T10:00:00.000Z",
            "invalid date ` 2015-03-02T10:00:00.000Z`",
        ),
    ];
    for (name, text, why) in cases {
        let doc = property(name, text);
        let kept = xml::from_str::<Scalars>(&doc).unwrap();
        assert_eq!(
            (kept.flag, kept.ratio, kept.when),
            (None, None, None),
            "{text:?}"
        );
        let reason = kept.extra.unfit_reason(name);
        assert!(
            reason.is_some_and(|r| r.contains(why)),
            "{text:?}: {reason:?}"
        );
        // Written back as read, in XML and through JSON (as the dynamic model reads that
        // XML text: a string, or a number for `1`).
        let part = format!(r#"<property name="{name}">{text}</property>"#);
        assert!(xml::to_string(&kept).unwrap().contains(&part), "{text:?}");
        let as_json = json::to_string(&kept).unwrap();
        let value = json::to_string(&Value::from_xml_text(text)).unwrap();
        assert_eq!(as_json, format!(r#"{{"rel":"scalars","{name}":{value}}}"#));
        let back = json::from_str::<Scalars>(&as_json).unwrap();
        assert!(xml::to_string(&back).unwrap().contains(&part), "{text:?}");

        let e = xml::from_str_with::<Scalars>(&doc, strict).unwrap_err();
        assert!(e.message().contains(why), "{text:?}: {e}");
        assert_eq!(e.path(), format!("scalars/{name}"), "{text:?}");
    }
}

#[test]
fn a_list_with_one_other_spelling_is_kept_whole() {
    let list = r#"<propertyList name="flags"><item>True</item><item>false</item></propertyList>"#;
    let kept = xml::from_str::<Scalars>(&resource(list)).unwrap();
    assert_eq!(kept.flags, None);
    let reason = kept.extra.unfit_reason("flags");
    assert!(
        reason.is_some_and(|r| r.contains("invalid boolean `false`")),
        "{reason:?}"
    );
    assert!(xml::to_string(&kept).unwrap().contains(list));
}

#[test]
fn json_numbers_and_dates_are_typed_only_as_written_back() {
    let typed = json::from_str::<Scalars>(
        r#"{"rel":"scalars","ratio":1.5,"when":"/Date(1358827096000)/"}"#,
    )
    .unwrap();
    assert_eq!(typed.ratio, Some(1.5));
    assert!(typed.when.is_some() && typed.extra.is_empty(), "{typed:?}");
    // `\/` is JSON's escape of `/`, not a spelling of the date.
    let escaped = r#"{"rel":"scalars","when":"\/Date(1358827096000)\/"}"#;
    assert_eq!(json::from_str::<Scalars>(escaped).unwrap().when, typed.when);

    let cases = [
        ("ratio", "1.50", "`1.50` would be written back as `1.5`"),
        ("ratio", "1", "`1` would be written back as `1.0`"),
        ("ratio", "1E2", "`1E2` would be written back as `100.0`"),
        // More digits than an f64 holds: kept, not rounded.
        (
            "ratio",
            "1.000000000000000005",
            "would be written back as `1.0`",
        ),
        (
            "when",
            r#""2015-03-02T10:00:00-00:00""#,
            "would be written back as `2015-03-02T10:00:00+00:00`",
        ),
    ];
    for (name, text, why) in cases {
        let doc = format!(r#"{{"rel":"scalars","{name}":{text}}}"#);
        let kept = json::from_str::<Scalars>(&doc).unwrap();
        assert_eq!((kept.ratio, kept.when), (None, None), "{text}");
        let reason = kept.extra.unfit_reason(name);
        assert!(
            reason.is_some_and(|r| r.contains(why)),
            "{text}: {reason:?}"
        );
        assert_eq!(json::to_string(&kept).unwrap(), doc);
    }

    let list = r#"{"rel":"scalars","flags":[true,false]}"#;
    assert_eq!(
        json::from_str::<Scalars>(list).unwrap().flags,
        Some(vec![true, false])
    );
}

#[derive(Clone, Debug, PartialEq, Resource)]
#[ucwa(rel = "ratios")]
pub struct Ratios {
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    pub ratios: Option<Vec<f64>>,
    #[ucwa(extra)]
    pub extra: Members,
}

#[test]
fn a_json_list_with_one_number_written_otherwise_is_kept_whole() {
    let doc = r#"{"rel":"ratios","ratios":[1.5,1.50]}"#;
    let kept = json::from_str::<Ratios>(doc).unwrap();
    assert_eq!(kept.ratios, None);
    let reason = kept.extra.unfit_reason("ratios");
    assert!(
        reason.is_some_and(|r| r.contains("`1.50` would be written back as `1.5`")),
        "{reason:?}"
    );
    assert_eq!(json::to_string(&kept).unwrap(), doc);
}
