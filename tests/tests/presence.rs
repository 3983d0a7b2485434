//! `presence` end to end: every body documented on presence_ref.md decodes into its type,
//! encodes to both formats, and survives JSON -> typed -> XML -> typed -> JSON.

use insta::{assert_debug_snapshot, assert_snapshot};
use ucwa_codec::{json, xml};
use ucwa_schema::{Availability, PreferredAvailability, Presence, PresenceInput};
use ucwa_tests::sample;

/// Encodes to both formats (snapshots) and checks both decode back to the same value,
/// and that JSON -> typed -> XML -> typed -> JSON gives the same JSON.
fn both_formats<T>(name: &str, value: &T)
where
    T: ucwa_codec::Document + PartialEq + std::fmt::Debug,
{
    let as_json = json::to_string_pretty(value).unwrap();
    let as_xml = xml::to_string_pretty(value).unwrap();
    assert_snapshot!(format!("{name}.json"), as_json);
    assert_snapshot!(format!("{name}.xml"), as_xml);

    let from_json: T = json::from_str(&as_json).unwrap();
    let from_xml: T = xml::from_str(&as_xml).unwrap();
    assert_eq!(&from_json, value, "JSON round trip");
    assert_eq!(&from_xml, value, "XML round trip");

    let via_xml: T = xml::from_str(&xml::to_string(&from_json).unwrap()).unwrap();
    assert_eq!(
        json::to_string(&via_xml).unwrap(),
        json::to_string(value).unwrap()
    );
}

#[test]
fn get_response_json() {
    let presence: Presence = json::from_str(&sample("presence.get.response.json")).unwrap();
    assert_eq!(presence.availability, Some(Availability::Online));
    assert_eq!(presence.activity.as_deref(), Some("Off Work"));
    assert_eq!(
        presence.self_link.as_ref().map(|l| l.href.as_str()),
        Some("/ucwa/v1/applications/192/me/presence")
    );
    assert!(presence.extra.is_empty());
    assert_debug_snapshot!(presence);
    both_formats("presence.get.response.from-json", &presence);
}

#[test]
fn get_response_xml() {
    let presence: Presence = xml::from_str(&sample("presence.get.response.xml")).unwrap();
    assert_eq!(presence.availability, Some(Availability::DoNotDisturb));
    assert!(presence.extra.is_empty());
    assert_debug_snapshot!(presence);
    both_formats("presence.get.response.from-xml", &presence);
}

#[test]
fn post_request_json() {
    let input: PresenceInput = json::from_str(&sample("presence.post.request.json")).unwrap();
    assert_eq!(input.availability, Some(PreferredAvailability::BeRightBack));
    assert_debug_snapshot!(input);
    both_formats("presence.post.request.from-json", &input);
}

#[test]
fn post_request_xml() {
    let input: PresenceInput = xml::from_str(&sample("presence.post.request.xml")).unwrap();
    assert_eq!(input.availability, Some(PreferredAvailability::Online));
    assert_debug_snapshot!(input);
    both_formats("presence.post.request.from-xml", &input);
}

#[test]
fn empty_post_body_resets_presence() {
    let input: PresenceInput = json::from_str("{}").unwrap();
    assert_eq!(input, PresenceInput::default());
    let xml_body = xml::to_string(&input).unwrap();
    assert_eq!(
        xml_body,
        r#"<?xml version="1.0" encoding="utf-8"?><input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"></input>"#
    );
    assert_eq!(xml::from_str::<PresenceInput>(&xml_body).unwrap(), input);
}

#[test]
fn unknown_availability_is_kept() {
    let presence: Presence =
        json::from_str(r#"{"rel":"presence","availability":"Meditating"}"#).unwrap();
    assert_eq!(
        presence.availability,
        Some(Availability::Other("Meditating".into()))
    );
    let xml_text = xml::to_string(&presence).unwrap();
    assert!(xml_text.contains(r#"<property name="availability">Meditating</property>"#));
    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&presence, "presence", &mut untyped);
    assert_eq!(untyped.len(), 1);
    assert_eq!(
        untyped[0].to_string(),
        "enum value `Meditating` at `presence/availability`"
    );
}

#[test]
fn unknown_members_survive_both_formats() {
    let input = r#"{
        "rel": "presence",
        "availability": "Away",
        "56de7bbf-1081-43e6-bbf2-1cabf3224c83": "please pass this in a PUT request",
        "since": "/Date(1474932023993+0200)/",
        "devices": ["desk", "phone"],
        "_links": {
            "self": {"href": "/me/presence", "title": "Me"},
            "related": [{"href": "/a", "revision": "2"}, {"href": "/b"}]
        },
        "_embedded": {
            "note": {"rel": "note", "message": "hi", "_links": {"self": {"href": "/me/note"}}}
        }
    }"#;
    let presence: Presence = json::from_str(input).unwrap();
    assert_eq!(presence.extra.properties.len(), 3);
    assert_eq!(presence.extra.links("related").len(), 2);
    assert_eq!(presence.extra.links("related")[0].revision(), Some(2));
    assert_eq!(presence.extra.embedded("note").len(), 1);
    assert_debug_snapshot!(presence);
    both_formats("presence.with-unknown-members", &presence);
}
