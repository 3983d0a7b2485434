//! Nothing lost silently (issue #16, item 3; issue #18, item 4): everything a document
//! holds is kept and written back in both formats, or refused with an error naming what
//! and where — never dropped, rounded or invented. One test per rule, each in both
//! formats where the rule applies, through the dynamic model, a derived type's
//! catch-all, error bodies and events.

use ucwa_codec::{DynInput, DynResource, Value, json, xml};
use ucwa_schema::Presence;
use ucwa_schema::errors::ErrorBody;
use ucwa_schema::events::EventResponse;

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The error message of decoding `doc` as `T` from XML.
fn xml_error<T: xml::FromXml + std::fmt::Debug>(doc: &str) -> String {
    xml::from_str::<T>(doc).unwrap_err().to_string()
}

/// A presence document whose last members are `body`.
fn presence_xml(body: &str) -> String {
    format!(
        r#"<resource rel="presence" href="/me/presence" xmlns="{NS}" xmlns:xsi="{XSI}"><property name="rel">presence</property>{body}</resource>"#
    )
}

/// JSON → JSON and JSON → XML → JSON are exact, dynamic and typed.
fn json_round_trips(doc: &str) {
    let dynamic: DynResource = json::from_str(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let typed: Presence = json::from_str(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    assert_eq!(json::to_string(&dynamic).unwrap(), doc);
    assert_eq!(json::to_string(&typed).unwrap(), doc);
    let as_xml = xml::to_string(&dynamic).unwrap();
    let back: DynResource = xml::from_str(&as_xml).unwrap_or_else(|e| panic!("{as_xml}: {e}"));
    assert_eq!(back, dynamic, "{as_xml}");
    assert_eq!(json::to_string(&back).unwrap(), doc, "{as_xml}");
    let as_xml = xml::to_string(&typed).unwrap();
    let back: Presence = xml::from_str(&as_xml).unwrap_or_else(|e| panic!("{as_xml}: {e}"));
    assert_eq!(back, typed, "{as_xml}");
    assert_eq!(json::to_string(&back).unwrap(), doc, "{as_xml}");
}

/// XML → XML and XML → JSON → XML are exact, dynamic and typed.
fn xml_round_trips(doc: &str) {
    let dynamic: DynResource = xml::from_str(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let typed: Presence = xml::from_str(doc).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let written = xml::to_string(&dynamic).unwrap();
    assert_eq!(xml::from_str::<DynResource>(&written).unwrap(), dynamic);
    assert_eq!(xml::to_string(&typed).unwrap(), written);
    let back: DynResource = json::from_str(&json::to_string(&dynamic).unwrap()).unwrap();
    assert_eq!(back, dynamic);
    let back: Presence = json::from_str(&json::to_string(&typed).unwrap()).unwrap();
    assert_eq!(back, typed);
}

// ---------------------------------------------------------------- a. attributes

/// An attribute JSON has no place for, on an element that holds a value, is refused
/// where it stands — not dropped. Namespace declarations and `xsi:nil` are not values.
#[test]
fn attributes_on_value_elements_are_refused_where_they_stand() {
    for (body, attribute, column) in [
        (
            r#"<property name="a" xml:lang="en">x</property>"#,
            "xml:lang",
            "<property>",
        ),
        (
            r#"<propertyList name="a" kind="x"><item>1</item></propertyList>"#,
            "kind",
            "<propertyList>",
        ),
        (
            r#"<propertyList name="a"><item xml:lang="en">1</item></propertyList>"#,
            "xml:lang",
            "<item>",
        ),
        (
            r#"<propertyBag name="a"><property name="b" c="d">1</property></propertyBag>"#,
            "c",
            "<property>",
        ),
        // A known property of the type, too.
        (
            r#"<property name="availability" xml:lang="en">Online</property>"#,
            "xml:lang",
            "<property>",
        ),
    ] {
        let doc = presence_xml(body);
        let at = doc.find(&format!(" {attribute}=")).unwrap() + 2;
        for e in [xml_error::<DynResource>(&doc), xml_error::<Presence>(&doc)] {
            assert!(
                e.contains(&format!("attribute `{attribute}` on {column}"))
                    && e.ends_with(&format!("(line 1, column {at})")),
                "{body}: {e}"
            );
        }
    }
    // What is not a value passes: declarations, `xsi:nil`.
    let doc = presence_xml(
        r#"<property name="a" xmlns:x="urn:x">1</property><propertyList name="b"><item xsi:nil="true"/></propertyList>"#,
    );
    xml_round_trips(&doc);
}

#[test]
fn attributes_on_input_are_refused() {
    let doc =
        format!(r#"<input xmlns="{NS}" xml:lang="en"><property name="a">1</property></input>"#);
    let at = doc.find("xml:lang").unwrap() + 1;
    let e = xml_error::<DynInput>(&doc);
    assert!(
        e.contains("attribute `xml:lang` on <input>") && e.ends_with(&format!("column {at})")),
        "{e}"
    );
    let doc =
        format!(r#"<input xmlns="{NS}"><property name="a" xml:lang="en">1</property></input>"#);
    let e = xml_error::<DynInput>(&doc);
    assert!(e.contains("attribute `xml:lang` on <property>"), "{e}");
    let e = xml_error::<ucwa_schema::StartMessagingInput>(&doc);
    assert!(e.contains("attribute `xml:lang` on <property>"), "{e}");
    let e = xml_error::<ucwa_schema::StartMessagingInput>(&format!(
        r#"<input xmlns="{NS}" a="b"><property name="operationId">1</property></input>"#
    ));
    assert!(e.contains("attribute `a` on <input>"), "{e}");
}

#[test]
fn attributes_on_error_body_children_are_refused() {
    for (child, attribute) in [
        (r#"<message xml:lang="en-US">Busy</message>"#, "xml:lang"),
        (r#"<subcode x="1">Busy</subcode>"#, "x"),
        (
            r#"<debugInfo lang="en"><property name="a">1</property></debugInfo>"#,
            "lang",
        ),
        (
            r#"<debugInfo><property name="a" lang="en">1</property></debugInfo>"#,
            "lang",
        ),
        (r#"<custom kind="x">text</custom>"#, "kind"),
        (r#"<property name="p" kind="x">text</property>"#, "kind"),
    ] {
        let doc = format!(r#"<reason xmlns="{NS}"><code>Conflict</code>{child}</reason>"#);
        let at = doc.find(&format!(" {attribute}=")).unwrap() + 2;
        let e = xml_error::<ErrorBody>(&doc);
        assert!(
            e.contains(&format!("attribute `{attribute}`"))
                && e.ends_with(&format!("(line 1, column {at})")),
            "{child}: {e}"
        );
    }
}

// ---------------------------------------------------------------- b. <resource> in errors

#[test]
fn a_resource_in_an_error_body_is_refused_not_emptied() {
    let doc = format!(
        r#"<reason xmlns="{NS}"><code>Conflict</code><resource rel="note" href="/n"/></reason>"#
    );
    let at = doc.find("<resource").unwrap() + 1;
    let e = xml_error::<ErrorBody>(&doc);
    assert!(
        e.contains("<resource>") && e.ends_with(&format!("(line 1, column {at})")),
        "{e}"
    );
    let doc = format!(r#"<reason xmlns="{NS}"><code>Conflict</code><resource/></reason>"#);
    assert!(xml_error::<ErrorBody>(&doc).contains("<resource>"));
    // An unknown element holding text is still a member (written as a property).
    let doc = format!(r#"<reason xmlns="{NS}"><code>Conflict</code><custom>1</custom></reason>"#);
    let body: ErrorBody = xml::from_str(&doc).unwrap();
    assert_eq!(
        json::to_string(&body).unwrap(),
        r#"{"code":"Conflict","custom":1}"#
    );
}

// ---------------------------------------------------------------- c. null members of errors

#[test]
fn null_members_of_error_bodies_are_kept_in_both_formats() {
    let doc = r#"{"code":"Conflict","subcode":null,"message":null,"link":null,"debugInfo":null,"parameters":null}"#;
    let body: ErrorBody = json::from_str(doc).unwrap();
    assert_eq!(json::to_string(&body).unwrap(), doc);
    let as_xml = xml::to_string(&body).unwrap();
    assert!(as_xml.contains(r#"<subcode xsi:nil="true""#), "{as_xml}");
    let back: ErrorBody = xml::from_str(&as_xml).unwrap();
    assert_eq!(back, body);
    assert_eq!(json::to_string(&back).unwrap(), doc);
    // Null then a value is a duplicate, as a value twice is.
    let e = json::from_str::<ErrorBody>(r#"{"code":"Conflict","subcode":null,"subcode":"Busy"}"#)
        .unwrap_err();
    assert!(e.to_string().contains("duplicate member `subcode`"), "{e}");
    // Null where XML had it.
    let doc = format!(
        r#"<reason xmlns="{NS}" xmlns:xsi="{XSI}"><code>Conflict</code><message xsi:nil="true"/></reason>"#
    );
    let body: ErrorBody = xml::from_str(&doc).unwrap();
    assert_eq!(body.message, None);
    assert_eq!(
        json::to_string(&body).unwrap(),
        r#"{"code":"Conflict","message":null}"#
    );
}

// ---------------------------------------------------------------- d. no href invented

#[test]
fn no_href_is_invented() {
    // A resource without a self link stays without one, in both formats.
    let doc = r#"{"rel":"presence","availability":"Online"}"#;
    json_round_trips(doc);
    let as_xml = xml::to_string(&json::from_str::<DynResource>(doc).unwrap()).unwrap();
    assert!(!as_xml.contains("href"), "{as_xml}");
    let doc = format!(
        r#"<resource rel="presence" xmlns="{NS}"><property name="rel">presence</property></resource>"#
    );
    xml_round_trips(&doc);
    let json = json::to_string(&xml::from_str::<DynResource>(&doc).unwrap()).unwrap();
    assert_eq!(json, r#"{"rel":"presence"}"#);
    // A self link's other attributes without its `href` are refused, not given one.
    for doc in [
        format!(r#"<resource rel="presence" title="t" xmlns="{NS}"/>"#),
        format!(
            r#"<resource rel="presence" href="/p" xmlns="{NS}"><resource rel="e" title="t"/></resource>"#
        ),
    ] {
        for e in [xml_error::<DynResource>(&doc), xml_error::<Presence>(&doc)] {
            assert!(e.contains("`title` attribute but no `href`"), "{e}");
        }
    }
    // Embedded, and in an event.
    let doc = r#"{"rel":"x","_embedded":{"e":{"rel":"y","p":1}}}"#;
    let d: DynResource = json::from_str(doc).unwrap();
    let as_xml = xml::to_string(&d).unwrap();
    assert!(!as_xml.contains("href"), "{as_xml}");
    assert_eq!(
        json::to_string(&xml::from_str::<DynResource>(&as_xml).unwrap()).unwrap(),
        doc
    );
    let events = r#"{"_links":{"self":{"href":"/e?ack=1"},"next":{"href":"/e?ack=2"}},"sender":[{"rel":"me","href":"/me","events":[{"link":{"rel":"note","href":"/me/note"},"_embedded":{"note":{"rel":"note","message":"hi"}},"type":"updated"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(events.as_bytes()).unwrap();
    let as_xml = xml::to_string(&response).unwrap();
    assert_eq!(as_xml.matches("href").count(), 4, "{as_xml}");
    let back = ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap();
    assert_eq!(json::to_string(&back).unwrap(), events);
}

// ---------------------------------------------------------------- e. root rel

#[test]
fn a_root_rel_attribute_unlike_the_rel_property_is_refused() {
    let doc = format!(
        r#"<resource rel="other" href="/me/presence" xmlns="{NS}"><property name="rel">presence</property></resource>"#
    );
    for e in [xml_error::<DynResource>(&doc), xml_error::<Presence>(&doc)] {
        assert!(
            e.contains(r#"<resource rel="other">"#)
                && e.contains("`presence`")
                && e.ends_with("(line 1, column 1)"),
            "{e}"
        );
    }
    // Alike, or one of them alone: fine.
    xml_round_trips(&presence_xml(""));
    let doc = format!(
        r#"<resource href="/me/presence" xmlns="{NS}"><property name="rel">presence</property></resource>"#
    );
    assert!(xml::from_str::<DynResource>(&doc).is_ok());
}

// ---------------------------------------------------------------- f. xsi:nil with content

#[test]
fn nil_with_content_is_refused() {
    for body in [
        r#"<property name="a" xsi:nil="true">lost</property>"#,
        r#"<propertyList name="a" xsi:nil="true"><item>1</item></propertyList>"#,
        r#"<propertyList name="a"><item xsi:nil="true">lost</item></propertyList>"#,
        r#"<property name="activity" xsi:nil="true">lost</property>"#,
    ] {
        let doc = presence_xml(body);
        for e in [xml_error::<DynResource>(&doc), xml_error::<Presence>(&doc)] {
            assert!(
                e.contains("xsi:nil") && e.contains("content") && e.contains("line 1, column"),
                "{body}: {e}"
            );
        }
    }
    let doc = format!(
        r#"<reason xmlns="{NS}" xmlns:xsi="{XSI}"><code>Conflict</code><message xsi:nil="true">lost</message></reason>"#
    );
    assert!(xml_error::<ErrorBody>(&doc).contains("xsi:nil"));
    // Empty, or whitespace and comments only: null.
    let doc = presence_xml(
        r#"<property name="a" xsi:nil="true"> <!-- c --> </property><property name="b" xsi:nil="1"/>"#,
    );
    let d: DynResource = xml::from_str(&doc).unwrap();
    assert_eq!(d.members.property("a"), Some(&Value::Null));
    assert_eq!(d.members.property("b"), Some(&Value::Null));
}

// ---------------------------------------------------------------- g. bags keep digits

#[test]
fn property_bags_keep_every_digit() {
    let doc = r#"{"code":"Conflict","debugInfo":{"big":18446744073709551616,"fine":1.000000000000000005,"tiny":1e-999,"huge":1e400,"list":[1.50,2],"deep":{"n":-0.0}},"extra":1.10}"#;
    let body: ErrorBody = json::from_str(doc).unwrap();
    assert_eq!(json::to_string(&body).unwrap(), doc);
    let as_xml = xml::to_string(&body).unwrap();
    assert!(as_xml.contains(">18446744073709551616<"), "{as_xml}");
    let back: ErrorBody = xml::from_str(&as_xml).unwrap();
    assert_eq!(back, body);
    assert_eq!(json::to_string(&back).unwrap(), doc);
}

// ---------------------------------------------------------------- h. any JSON value

/// Objects and nested arrays are kept in the catch-all, dynamic and derived, spelled
/// `<propertyBag>` (an object) and `<propertyList>` (a list) in XML, nested as deep as
/// the limits allow.
#[test]
fn the_catch_all_holds_any_json_value() {
    for value in [
        r#"{"a":1,"b":[true,null,"x"],"c":{"d":{}},"a":2}"#,
        r#"{}"#,
        r#"[[1,2],[],[[3]],{"k":"v"},null,"s"]"#,
        r#"[{}]"#,
        r#"{"":0,"_links":1,"_embedded":{"rel":"x"},"rel":null}"#,
        r#"{"n":18446744073709551616,"d":"/Date(1420070400000)/"}"#,
    ] {
        json_round_trips(&format!(
            r#"{{"rel":"presence","availability":"Online","v":{value},"w":1,"_links":{{"self":{{"href":"/me/presence"}}}}}}"#
        ));
    }
    let d: DynResource = json::from_str(r#"{"rel":"x","v":{"a":[1,{"b":null}]}}"#).unwrap();
    assert_eq!(
        d.members.property("v"),
        Some(&Value::Object(vec![(
            "a".into(),
            Value::List(vec![
                Value::from(1),
                Value::Object(vec![("b".into(), Value::Null)])
            ])
        )]))
    );
    let as_xml = xml::to_string(&d).unwrap();
    assert!(
        as_xml.contains(r#"<propertyBag name="v"><propertyList name="a"><item>1</item><propertyBag><property name="b" xsi:nil="true""#),
        "{as_xml}"
    );
}

#[test]
fn bags_and_nested_lists_read_from_xml() {
    let doc = presence_xml(
        r#"<propertyBag name="v"><property name="a">1</property><propertyList name="l"><item>x</item><propertyList><item>2</item></propertyList><propertyBag/></propertyList><propertyBag name="e"/></propertyBag>"#,
    );
    xml_round_trips(&doc);
    let d: DynResource = xml::from_str(&doc).unwrap();
    assert_eq!(
        json::to_string(&d).unwrap(),
        r#"{"rel":"presence","v":{"a":1,"l":["x",[2],{}],"e":{}},"_links":{"self":{"href":"/me/presence"}}}"#
    );
    // Unnamed entries in a list, named ones in a bag, and nothing else.
    for (body, message) in [
        (
            r#"<propertyBag name="v"><item>1</item></propertyBag>"#,
            "unexpected element <item>",
        ),
        (
            r#"<propertyBag name="v"><property>1</property></propertyBag>"#,
            "<property> without a `name`",
        ),
        (
            r#"<propertyList name="v"><property name="a">1</property></propertyList>"#,
            "unexpected element <property>",
        ),
        (
            r#"<propertyList name="v"><propertyList name="a"/></propertyList>"#,
            "attribute `name` on <propertyList>",
        ),
        (
            r#"<propertyBag name="v"><link rel="a" href="b"/></propertyBag>"#,
            "unexpected element <link>",
        ),
        (
            r#"<propertyBag name="rel"/>"#,
            "the `rel` property must be a single text value",
        ),
        (
            r#"<propertyBag name="_links"/>"#,
            "`_links` cannot be a property name",
        ),
    ] {
        let doc = presence_xml(body);
        let e = xml_error::<DynResource>(&doc);
        assert!(
            e.contains(message) && e.contains("line 1, column"),
            "{body}: {e}"
        );
    }
    // A typed property does not take a bag or a nested list: kept in the catch-all,
    // reported as unfit, written back as read; refused in strict mode.
    let doc = presence_xml(r#"<propertyBag name="availability"/>"#);
    let kept: Presence = xml::from_str(&doc).unwrap();
    assert!(
        kept.extra
            .unfit_reason("availability")
            .is_some_and(|why| why.contains("<propertyBag>")),
        "{kept:?}"
    );
    assert_eq!(
        xml::to_string(&kept).unwrap(),
        xml::to_string(&xml::from_str::<DynResource>(&doc).unwrap()).unwrap()
    );
    let strict = ucwa_codec::Limits::DEFAULT.with_strict(true);
    let e = xml::from_str_with::<Presence>(&doc, strict).unwrap_err();
    assert!(e.to_string().contains("<propertyBag>"), "{e}");
}

#[test]
fn objects_in_inputs_and_events() {
    let doc =
        r#"{"operationId":"op1","sessionContext":{"a":[1,[2]]},"_links":{"x":{"href":"/x"}}}"#;
    let input: DynInput = json::from_str(doc).unwrap();
    assert_eq!(json::to_string(&input).unwrap(), doc);
    let back: DynInput = xml::from_str(&xml::to_string(&input).unwrap()).unwrap();
    assert_eq!(back, input);
    // An object inside an event's embedded resource: kept, typed or not.
    let events = r#"{"_links":{"self":{"href":"/e?ack=1"},"next":{"href":"/e?ack=2"}},"sender":[{"rel":"me","href":"/me","events":[{"link":{"rel":"presence","href":"/me/presence"},"_embedded":{"presence":{"rel":"presence","availability":"Online","extra":{"a":[1]},"_links":{"self":{"href":"/me/presence"}}}},"type":"updated"}]}]}"#;
    let response = ucwa_codec::json::from_slice::<EventResponse>(events.as_bytes()).unwrap();
    assert_eq!(json::to_string(&response).unwrap(), events);
    let as_xml = xml::to_string(&response).unwrap();
    let back = ucwa_codec::xml::from_slice::<EventResponse>(as_xml.as_bytes()).unwrap();
    assert_eq!(json::to_string(&back).unwrap(), events);
}

/// A property named in another case than its field, as real clients post them, is typed
/// and written back under the name it came with, in both formats (a request body and a
/// resource alike); the dynamic model keeps it as it is anyway.
#[test]
fn names_in_another_case_are_written_back_as_spelled() {
    json_round_trips(r#"{"rel":"presence","ACTIVITY":"Away","Availability":"Online"}"#);
    let typed: Presence = xml::from_str(&presence_xml(
        r#"<property name="AVAILABILITY">Busy</property>"#,
    ))
    .unwrap();
    assert_eq!(typed.availability, Some(ucwa_schema::Availability::Busy));
    let as_xml = xml::to_string(&typed).unwrap();
    assert!(
        as_xml.contains(r#"<property name="AVAILABILITY">Busy</property>"#),
        "{as_xml}"
    );
    assert!(
        json::to_string(&typed)
            .unwrap()
            .contains(r#""AVAILABILITY":"Busy""#)
    );

    let body = r#"{"UserAgent":"UCWA Samples","EndpointId":"a917c6f4","Culture":"en-US"}"#;
    let input: ucwa_schema::ApplicationsInput = json::from_str(body).unwrap();
    assert_eq!(input.culture, "en-US");
    let written = json::to_string(&input).unwrap();
    for name in ["\"UserAgent\"", "\"EndpointId\"", "\"Culture\""] {
        assert!(written.contains(name), "{written}");
    }
    let back: ucwa_schema::ApplicationsInput =
        xml::from_str(&xml::to_string(&input).unwrap()).unwrap();
    assert_eq!(back, input);
    let dynamic: DynInput = json::from_str(body).unwrap();
    assert_eq!(json::to_string(&dynamic).unwrap(), body);
}
