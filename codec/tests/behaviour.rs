//! The codec's documented behaviour: shapes, losslessness, errors and hostile input.

use ucwa_codec::{
    Category, DynInput, DynResource, Limits, Link, Members, Resource, StringEnum, Value, json, xml,
};

#[derive(Clone, Debug, PartialEq, StringEnum)]
pub enum Colour {
    Red,
    #[ucwa(rename = "dark-blue")]
    DarkBlue,
    #[ucwa(other)]
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Resource)]
#[ucwa(rel = "person")]
pub struct Person {
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    pub name: Option<String>,
    pub age: Option<i64>,
    pub vip: Option<bool>,
    pub since: Option<ucwa_codec::DateTime>,
    pub colour: Option<Colour>,
    pub emails: Option<Vec<String>>,
    #[ucwa(link)]
    pub photo: Option<Link>,
    #[ucwa(link)]
    pub phones: Vec<Link>,
    #[ucwa(embedded)]
    pub boss: Option<Box<Person>>,
    #[ucwa(embedded, rename = "localParticipant")]
    pub local: Option<DynResource>,
    #[ucwa(embedded)]
    pub friends: Vec<Person>,
    #[ucwa(extra)]
    pub extra: Members,
}

// Box<T> of a resource is a resource too, so recursive types work.
impl Default for Person {
    fn default() -> Self {
        json::from_str(r#"{"rel":"person"}"#).unwrap()
    }
}

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";

fn roundtrip_json(input: &str) -> String {
    let p: Person = json::from_str(input).unwrap();
    json::to_string(&p).unwrap()
}

#[test]
fn typed_json_round_trip_is_exact_for_canonical_input() {
    let input = r#"{"rel":"person","name":"Ann","age":42,"vip":true,"since":"/Date(1474932023993+0200)/","colour":"dark-blue","emails":["a@b","c@d"],"x-unknown":[1,"two",null],"_links":{"self":{"href":"/p/1","title":"Ann"},"photo":{"href":"data:image/png;base64,AAAA"},"phones":[{"href":"tel:1"},{"href":"tel:2","revision":"2"}],"other":{"href":"/o"}},"_embedded":{"boss":{"rel":"person","name":"Bob","_links":{"self":{"href":"/p/2"}}},"localParticipant":{"rel":"participant","_links":{"self":{"href":"/me"}}},"friends":[{"rel":"person","name":"Cy"}],"mystery":[{"rel":"thing"}]}}"#;
    assert_eq!(roundtrip_json(input), input);
}

#[test]
fn typed_xml_round_trip_and_cross_format() {
    let input = r#"{"rel":"person","name":"Ann & <Co>","age":-7,"vip":false,"since":"/Date(-1000)/","colour":"Teal","emails":[],"_links":{"self":{"href":"/p?a=1&b=2"},"phones":[{"href":"tel:1"}]},"_embedded":{"friends":[{"rel":"person","name":"Cy","_links":{"self":{"href":"/p/3"}}},{"rel":"person","name":"Di"}],"localParticipant":{"rel":"participant","id":"p7","n":"7"}}}"#;
    let p: Person = json::from_str(input).unwrap();
    assert_eq!(p.colour, Some(Colour::Other("Teal".into())));
    let as_xml = xml::to_string(&p).unwrap();
    assert!(
        as_xml.contains(r#"<property name="name">Ann &amp; &lt;Co&gt;</property>"#),
        "{as_xml}"
    );
    assert!(
        as_xml.contains(r#"<resource rel="localParticipant">"#),
        "{as_xml}"
    );
    assert!(
        as_xml.contains(r#"<property name="rel">participant</property>"#),
        "{as_xml}"
    );
    let back: Person = xml::from_str(&as_xml).unwrap();
    // XML cannot carry an empty list (there is no element), so `emails: []` is the one
    // thing that does not cross; everything else does.
    // A JSON string spelled like another scalar is read back from XML as that scalar
    // (XML text carries no type): the documented normalisation of the dynamic model.
    let local = back.local.as_ref().unwrap();
    assert_eq!(local.members.property("n"), Some(&Value::from(7)));
    let mut expected = p.clone();
    expected
        .local
        .as_mut()
        .unwrap()
        .members
        .set_property("n", 7);
    assert_eq!(back, expected);
    assert_eq!(xml::to_string(&back).unwrap(), as_xml);
}

#[test]
fn json_forms_and_nulls_are_written_as_read() {
    // A single link given as an array of one, a collection given as one object, an
    // empty collection and a null property all come back in the same form.
    let input = r#"{"rel":"person","name":null,"_links":{"photo":[{"href":"/ph"}],"phones":{"href":"tel:1"}},"_embedded":{"friends":[]}}"#;
    let p: Person = json::from_str(input).unwrap();
    assert_eq!(p.name, None);
    assert_eq!(p.photo.as_ref().map(|l| l.href.as_str()), Some("/ph"));
    assert_eq!(p.phones.len(), 1);
    assert_eq!(json::to_string(&p).unwrap(), input);
    // XML writes the null as xsi:nil and reads it back as null.
    let as_xml = xml::to_string(&p).unwrap();
    assert!(as_xml.contains(r#"<property name="name" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" />"#), "{as_xml}");
    let back: Person = xml::from_str(&as_xml).unwrap();
    assert!(json::to_string(&back).unwrap().contains(r#""name":null"#));
}

/// More links than a field has room for are kept in the catch-all with the reason (the
/// rest typed); read strictly, they are an error.
#[test]
fn cardinality_violations_are_kept_or_refused_strictly() {
    let strict = Limits::DEFAULT.with_strict(true);
    let json_in = r#"{"rel":"person","_links":{"photo":[{"href":"/a"},{"href":"/b"}]}}"#;
    let p = json::from_str::<Person>(json_in).unwrap();
    assert!(p.photo.is_none());
    assert_eq!(
        p.extra.refused_link_reason("photo"),
        Some("link `photo`: expected one, found an array of 2")
    );
    assert_eq!(json::to_string(&p).unwrap(), json_in);
    let e = json::from_str_with::<Person>(json_in, strict).unwrap_err();
    assert_eq!(e.path(), "person/_links/photo");
    assert!(
        e.message().contains("expected one, found an array of 2"),
        "{e}"
    );
    let xml_in = format!(
        r#"<resource rel="person" xmlns="{NS}"><link rel="photo" href="/a"/><link rel="photo" href="/b"/></resource>"#
    );
    let p = xml::from_str::<Person>(&xml_in).unwrap();
    assert!(p.photo.is_none());
    assert_eq!(p.extra.links[0].1.as_slice().len(), 2);
    let e = xml::from_str_with::<Person>(&xml_in, strict).unwrap_err();
    assert_eq!(e.path(), "person/_links/photo");
}

#[test]
fn duplicates_of_known_properties_are_errors_unknown_ones_are_kept() {
    let e = json::from_str::<Person>(r#"{"rel":"person","name":"a","name":"b"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "duplicate property `name` at `person/name` (line 1, column 33)"
    );
    let xml_in = format!(
        r#"<resource rel="person" xmlns="{NS}"><property name="age">1</property><property name="age">2</property></resource>"#
    );
    let e = xml::from_str::<Person>(&xml_in).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("duplicate property `age` at `person`"),
        "{e}"
    );
    let p: Person = json::from_str(r#"{"rel":"person","x":1,"x":2}"#).unwrap();
    assert_eq!(p.extra.properties.len(), 2);
    assert_eq!(
        json::to_string(&p).unwrap(),
        r#"{"rel":"person","x":1,"x":2}"#
    );
}

#[test]
fn errors_name_the_path_and_position() {
    let e = json::from_str::<Person>(
        "{\n  \"rel\": \"person\",\n  \"_links\": {\"self\": {\"href\": 5}}\n}",
    )
    .unwrap_err();
    assert_eq!(e.category(), Category::Data);
    assert_eq!(e.path(), "person/_links/self/href");
    assert_eq!((e.line(), e.column()), (3, 31));

    // A value its field does not take: an error at the property in strict mode, kept
    // with the reason otherwise.
    let strict = Limits::DEFAULT.with_strict(true);
    let doc = r#"{"rel":"person","_embedded":{"friends":[{"rel":"person"},{"rel":"person","vip":"yes"}]}}"#;
    let e = json::from_str_with::<Person>(doc, strict).unwrap_err();
    assert_eq!(e.path(), "person/_embedded/friends/1/vip");
    let kept = json::from_str::<Person>(doc).unwrap();
    assert_eq!(
        kept.friends[1].extra.unfit_reason("vip"),
        Some("invalid type: string \"yes\", expected a boolean")
    );

    let xml_in = format!(
        "<resource rel=\"person\" xmlns=\"{NS}\">\n  <resource rel=\"boss\">\n    <property name=\"vip\">maybe</property>\n  </resource>\n</resource>"
    );
    let e = xml::from_str_with::<Person>(&xml_in, strict).unwrap_err();
    assert_eq!(e.path(), "person/_embedded/boss/vip");
    assert_eq!(e.line(), 3);
    assert!(e.message().contains("invalid boolean `maybe`"), "{e}");

    let e = json::from_str::<Person>(r#"{"rel":"contact"}"#).unwrap_err();
    assert_eq!(
        e.message(),
        "expected a `person` resource, found rel `contact`"
    );

    let e = json::from_str_with::<Person>(r#"{"rel":"person","age":{"a":1}}"#, strict).unwrap_err();
    assert_eq!(e.path(), "person/age");
    // An object is a value the catch-all keeps (issue #18); a malformed one is refused
    // where it is.
    let d = json::from_str::<DynResource>(r#"{"rel":"x","obj":{"a":1}}"#).unwrap();
    assert_eq!(
        d.members.property("obj").and_then(|v| v.get("a")),
        Some(&1.into())
    );
    let e = json::from_str::<DynResource>(r#"{"rel":"x","obj":{"a":[1,}}"#).unwrap_err();
    assert_eq!(e.category(), Category::Syntax);
    assert_eq!((e.line(), e.column()), (1, 26));
}

#[test]
fn xml_namespaces_prefixes_and_foreign_elements() {
    let prefixed = format!(
        r#"<u:resource xmlns:u="{NS}" rel="person" href="/p"><u:property name="name">Ann</u:property></u:resource>"#
    );
    let p: Person = xml::from_str(&prefixed).unwrap();
    assert_eq!(p.name.as_deref(), Some("Ann"));
    let foreign = format!(
        r#"<resource xmlns="{NS}" rel="person"><x:property xmlns:x="urn:other" name="name">Ann</x:property></resource>"#
    );
    let e = xml::from_str::<Person>(&foreign).unwrap_err();
    assert!(e.message().contains("namespace `urn:other`"), "{e}");
    let wrong_default = r#"<resource xmlns="urn:other" rel="person"/>"#;
    assert!(xml::from_str::<Person>(wrong_default).is_err());
    let unbound = r#"<v:resource rel="person"/>"#;
    assert!(
        xml::from_str::<Person>(unbound)
            .unwrap_err()
            .message()
            .contains("undeclared prefix")
    );
}

#[test]
fn xml_text_handling() {
    let input = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- hi --><?pi x?><resource xmlns=\"{NS}\" rel=\"person\"><property name=\"name\">A&amp;B &#x263A; &#65;<![CDATA[<raw>]]><!-- c -->!</property></resource>"
    );
    let p: Person = xml::from_str(&input).unwrap();
    assert_eq!(p.name.as_deref(), Some("A&B \u{263A} A<raw>!"));
}

#[test]
fn hostile_xml_is_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><resource rel="person"><property name="name">&lol2;</property></resource>"#;
    let e = xml::from_str::<Person>(laughs).unwrap_err();
    assert_eq!(e.message(), "a DOCTYPE is not allowed");
    let undefined = r#"<resource rel="person"><property name="name">&nbsp;</property></resource>"#;
    assert_eq!(
        xml::from_str::<Person>(undefined).unwrap_err().message(),
        "undefined entity `&nbsp;`"
    );
    let utf16 = r#"<?xml version="1.0" encoding="utf-16"?><resource/>"#;
    assert!(
        xml::from_str::<DynResource>(utf16)
            .unwrap_err()
            .message()
            .contains("only UTF-8")
    );
    let bad_utf8 = b"<resource rel=\"x\">\n<property name=\"a\">\xff</property></resource>";
    let e = xml::from_slice::<DynResource>(bad_utf8).unwrap_err();
    assert_eq!((e.category(), e.line()), (Category::Syntax, 2));
}

#[test]
fn deep_nesting_is_a_limit_error_not_a_crash() {
    let depth = 100_000;
    let xml_in = format!(
        "{}{}",
        "<resource rel=\"a\">".repeat(depth),
        "</resource>".repeat(depth)
    );
    let e = xml::from_str::<DynResource>(&xml_in).unwrap_err();
    assert_eq!(e.category(), Category::Limit);
    assert!(e.message().contains("nested deeper than 128"));
    let json_in = format!(
        "{}{}",
        r#"{"_embedded":{"a":"#.repeat(depth),
        "}}".repeat(depth)
    );
    let e = json::from_str::<DynResource>(&json_in).unwrap_err();
    assert_eq!(e.category(), Category::Limit);
    let limits = ucwa_codec::Limits::default().with_max_depth(3);
    let three = r#"<resource rel="a"><resource rel="b"><resource rel="c"/></resource></resource>"#;
    assert!(xml::from_str_with::<DynResource>(three, limits).is_ok());
    let four = r#"<resource rel="a"><resource rel="b"><resource rel="c"><resource rel="d"/></resource></resource></resource>"#;
    assert!(xml::from_str_with::<DynResource>(four, limits).is_err());
}

#[test]
fn dynamic_xml_to_json_to_xml_is_identity() {
    let input = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><resource rel="thing" href="/t" xmlns="{NS}"><link rel="a" href="/a" title="A" revision="2" /><link rel="b" href="/b1" /><link rel="b" href="/b2" /><property name="rel">thing</property><property name="n">42</property><property name="f">1.5</property><property name="t">True</property><property name="s">042</property><property name="d">2016-09-26T16:20:24.835-07:00</property><property name="z" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" /><propertyList name="l"><item>x</item><item>7</item></propertyList><resource rel="localParticipant" href="/lp"><property name="rel">participant</property></resource></resource>"#
    );
    let doc: DynResource = xml::from_str(&input).unwrap();
    let as_json = json::to_string(&doc).unwrap();
    let back: DynResource = json::from_str(&as_json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(xml::to_string(&back).unwrap(), input);
    assert_eq!(doc.members.property("n"), Some(&Value::from(42)));
    // Across formats a date keeps its instant to the millisecond (JSON's precision).
    let precise = format!(
        r#"<resource rel="x" xmlns="{NS}"><property name="d">2016-09-26T16:20:24.8356669-07:00</property></resource>"#
    );
    let via_json: DynResource =
        json::from_str(&json::to_string(&xml::from_str::<DynResource>(&precise).unwrap()).unwrap())
            .unwrap();
    assert!(
        xml::to_string(&via_json)
            .unwrap()
            .contains("2016-09-26T16:20:24.835-07:00")
    );
    assert_eq!(doc.members.property("s"), Some(&Value::from("042")));
    assert_eq!(
        doc.members.embedded("localParticipant")[0].rel.as_deref(),
        Some("participant")
    );
}

#[test]
fn request_bodies_hold_only_properties_and_links() {
    let e = json::from_str::<DynInput>(r#"{"a":1,"_embedded":{}}"#).unwrap_err();
    assert!(
        e.message()
            .starts_with("a request body holds only properties and links")
    );
    let e = xml::from_str::<DynInput>(&format!(
        r#"<input xmlns="{NS}"><resource rel="a"/></input>"#
    ))
    .unwrap_err();
    assert!(e.message().contains("only properties and links"), "{e}");
    // Links (an SDP offer as a data: link, say) cross formats.
    let body: DynInput =
        json::from_str(r#"{"a":1,"_links":{"offer":{"href":"data:application/sdp,v%3D0"}}}"#)
            .unwrap();
    let as_xml = xml::to_string(&body).unwrap();
    assert!(
        as_xml.contains(r#"<link rel="offer" href="data:application/sdp,v%3D0" />"#),
        "{as_xml}"
    );
    assert_eq!(xml::from_str::<DynInput>(&as_xml).unwrap(), body);
    let body: DynInput = xml::from_str(&format!(
        r#"<input xmlns="{NS}"><propertyList name="m"><item>Plain</item></propertyList></input>"#
    ))
    .unwrap();
    assert_eq!(json::to_string(&body).unwrap(), r#"{"m":["Plain"]}"#);
}

#[test]
fn format_neutral_api() {
    use ucwa_codec::{Format, decode, encode};
    let f =
        Format::from_content_type("application/vnd.microsoft.com.ucwa+xml; charset=utf-8").unwrap();
    let p: Person = decode(
        f,
        format!(r#"<resource rel="person" xmlns="{NS}"/>"#).as_bytes(),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(encode(Format::Json, &p).unwrap()).unwrap(),
        r#"{"rel":"person"}"#
    );
    let mut out = Vec::new();
    xml::to_writer(&mut out, &p).unwrap();
    let again: Person = xml::from_reader(&out[..]).unwrap();
    assert_eq!(again, p);
    let typed = <Person as Resource>::REL;
    assert_eq!(typed, "person");
}

#[test]
fn xml_cannot_carry_control_characters() {
    let p: Person = json::from_str(r#"{"rel":"person","name":"bell\u0007"}"#).unwrap();
    let e = xml::to_string(&p).unwrap_err();
    assert!(e.message().contains("U+0007"), "{e}");
    let p: Person = json::from_str(r#"{"rel":"person","name":"a\r\nb\tc"}"#).unwrap();
    let back: Person = xml::from_str(&xml::to_string(&p).unwrap()).unwrap();
    assert_eq!(back.name.as_deref(), Some("a\r\nb\tc"));
}

/// Names as the server reads them: a property named in another case matches its field
/// when no exact name does, and is written back as it was spelled, in its field's
/// place. Strict
/// decoding leaves it unknown (kept, and reported).
#[test]
fn property_names_match_in_any_case_when_nothing_matches_exactly() {
    let json_in = r#"{"rel":"person","Name":"Ann","AGE":7,"vip":true}"#;
    let p: Person = json::from_str(json_in).unwrap();
    assert_eq!(
        (p.name.as_deref(), p.age, p.vip),
        (Some("Ann"), Some(7), Some(true))
    );
    assert!(p.extra.is_empty(), "{:?}", p.extra);
    assert_eq!(json::to_string(&p).unwrap(), json_in);
    let xml_in = format!(
        r#"<resource rel="person" xmlns="{NS}"><property name="NAME">Ann</property><property name="Age">7</property></resource>"#
    );
    let q: Person = xml::from_str(&xml_in).unwrap();
    assert_eq!((q.name.as_deref(), q.age), (Some("Ann"), Some(7)));
    assert!(
        xml::to_string(&q)
            .unwrap()
            .contains(r#"<property name="NAME">Ann</property>"#)
    );

    // The exact name wins in either order, and the other spelling is an unknown member,
    // kept as spelled: the outcome does not depend on which came first (found by
    // fuzzing, where it did), and it survives a round trip in both formats.
    for json_in in [
        r#"{"rel":"person","name":"Ann","Name":"Bob"}"#,
        r#"{"rel":"person","Name":"Bob","name":"Ann"}"#,
        r#"{"rel":"person","Name":"Bob","NAME":"Cy","name":"Ann"}"#,
    ] {
        let p: Person = json::from_str(json_in).unwrap();
        assert_eq!(p.name.as_deref(), Some("Ann"), "{json_in}");
        assert_eq!(
            p.extra.property("Name"),
            Some(&Value::from("Bob")),
            "{json_in}"
        );
        let again: Person = json::from_str(&json::to_string(&p).unwrap()).unwrap();
        assert_eq!(again, p, "{json_in}");
        let again: Person = xml::from_str(&xml::to_string(&p).unwrap()).unwrap();
        assert_eq!(again, p, "{json_in}");
    }
    // Another spelling whose value does not fit is an unknown member, as it is when the
    // exact name came first: the exact name that follows still fills the field.
    let p: Person = json::from_str(r#"{"rel":"person","AGE":"old","age":7}"#).unwrap();
    assert_eq!(p.age, Some(7));
    assert_eq!(p.extra.property("AGE"), Some(&Value::from("old")));
    let q: Person = json::from_str(r#"{"rel":"person","age":7,"AGE":"old"}"#).unwrap();
    assert_eq!(q, p);
    let x: Person = xml::from_str(&format!(
        r#"<resource rel="person" xmlns="{NS}"><property name="AGE">old</property><property name="age">7</property></resource>"#
    ))
    .unwrap();
    assert_eq!(
        (x.age, x.extra.property("AGE")),
        (Some(7), Some(&Value::from("old")))
    );
    // A nil under another case than its field's fills the field too, written back.
    let nil = format!(
        r#"<resource rel="person" xmlns="{NS}"><property name="NAME" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" /></resource>"#
    );
    let n: Person = xml::from_str(&nil).unwrap();
    assert_eq!((n.name.as_deref(), n.extra.is_empty()), (None, true));
    assert!(
        xml::to_string(&n)
            .unwrap()
            .contains(r#"name="NAME" xsi:nil="true""#)
    );
    // Two exact names stay a repeated member.
    let e = json::from_str::<Person>(r#"{"rel":"person","name":"Ann","name":"Bob"}"#).unwrap_err();
    assert_eq!(e.message(), "duplicate property `name`");

    // Strict: not matched, so kept as unknown (and reported as untyped).
    let strict = Limits::DEFAULT.with_strict(true);
    let s: Person = json::from_str_with(json_in, strict).unwrap();
    assert_eq!(s.name, None);
    assert!(s.extra.property("Name").is_some());
    let s: Person = xml::from_str_with(&xml_in, strict).unwrap();
    assert!(s.extra.property("NAME").is_some());
}

/// A document without `rel` (autodiscovery's `root`, a PUT body), typed by context, is
/// written back without one in either format: nothing is invented. In XML the root's
/// `rel` attribute names the type, so an XML document that has one keeps it in JSON.
#[test]
fn a_document_without_rel_is_written_back_without_one() {
    let json_in = r#"{"name":"Ann","_links":{"self":{"href":"/p"}}}"#;
    let p: Person = json::from_str(json_in).unwrap();
    assert!(p.extra.is_rel_absent());
    assert_eq!(json::to_string(&p).unwrap(), json_in);
    let as_xml = xml::to_string(&p).unwrap();
    assert!(!as_xml.contains("rel="), "{as_xml}");
    assert!(!as_xml.contains(r#"name="rel""#), "{as_xml}");
    let back: Person = xml::from_str(&as_xml).unwrap();
    assert_eq!(back, p);
    assert_eq!(json::to_string(&back).unwrap(), json_in);

    // Embedded resources and documents that name their type keep writing it.
    let named: Person =
        xml::from_str(&format!(r#"<resource rel="person" xmlns="{NS}"/>"#)).unwrap();
    assert!(!named.extra.is_rel_absent());
    assert_eq!(json::to_string(&named).unwrap(), r#"{"rel":"person"}"#);
    let boss = r#"{"rel":"person","_embedded":{"boss":{"name":"B"}}}"#;
    let p: Person = json::from_str(boss).unwrap();
    assert!(!p.boss.as_ref().unwrap().extra.is_rel_absent());
}
