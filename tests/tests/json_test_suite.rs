//! JSONTestSuite (tests/json-test-suite/, see its NOTICE.md) with each case as a UCWA
//! property value: `{"rel":"presence","v":<case>}`, decoded as a `DynResource` and through
//! the catch-all of `ucwa_schema::Presence`. Every `n_` case must be refused; every `y_`
//! case accepted and round-tripped exactly (JSON → JSON, JSON → XML → JSON), or refused
//! for a documented reason; `i_` (implementation-defined) outcomes are counted.

use std::collections::BTreeMap;
use std::path::PathBuf;
use ucwa_codec::{DynResource, json, xml};
use ucwa_schema::Presence;

fn cases() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("json-test-suite/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/json-test-suite/cases")
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    cases.sort();
    cases
}

/// The case as the value of property `v`.
fn wrapped(case: &[u8]) -> Vec<u8> {
    let mut doc = br#"{"rel":"presence","v":"#.to_vec();
    doc.extend_from_slice(case);
    doc.push(b'}');
    doc
}

/// What happened to one case.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Refused as JSON (the message).
    Refused(String),
    /// Accepted, and exact through JSON and through XML.
    RoundTripped,
    /// Accepted as JSON, exact through JSON, but XML cannot carry it (the message).
    NotXml(String),
    /// Accepted, exact through JSON; through XML a string spelled like another scalar
    /// comes back as that scalar, as `Value` documents (the JSON it comes back as).
    XmlNormalised(String),
}

/// Decodes the wrapped case both ways (dynamic, typed catch-all), which must agree, and
/// checks the round trips of what is accepted.
fn outcome(name: &str, case: &[u8]) -> Outcome {
    let doc = wrapped(case);
    let dynamic = json::from_slice::<DynResource>(&doc);
    let typed = json::from_slice::<Presence>(&doc);
    assert_eq!(
        dynamic.is_ok(),
        typed.is_ok(),
        "{name}: dynamic {dynamic:?} / typed {typed:?}"
    );
    let (dynamic, typed) = match (dynamic, typed) {
        (Ok(d), Ok(t)) => (d, t),
        (Err(e), _) => return Outcome::Refused(e.to_string()),
        _ => unreachable!(),
    };
    let value = dynamic.members.property("v").expect("the property");
    assert_eq!(typed.extra.property("v"), Some(value), "{name}");

    // JSON → JSON: the same value, digits and all, both ways.
    let again: DynResource = json::from_str(&json::to_string(&dynamic).unwrap()).unwrap();
    assert_eq!(again, dynamic, "{name}: JSON round trip");
    let again: Presence = json::from_str(&json::to_string(&typed).unwrap()).unwrap();
    assert_eq!(again, typed, "{name}: JSON round trip (typed)");

    // JSON → XML → JSON.
    let as_xml = match xml::to_string(&dynamic) {
        Ok(x) => x,
        Err(e) => {
            assert!(xml::to_string(&typed).is_err(), "{name}: typed XML");
            return Outcome::NotXml(e.to_string());
        }
    };
    let back: DynResource =
        xml::from_str(&as_xml).unwrap_or_else(|e| panic!("{name}: {e}\n{as_xml}"));
    let typed_back: Presence = xml::from_str(&xml::to_string(&typed).unwrap()).unwrap();
    let back_json = json::to_string(&back).unwrap();
    assert_eq!(
        json::to_string(&typed_back).unwrap(),
        back_json,
        "{name}: typed and dynamic agree through XML"
    );
    if back_json != json::to_string(&dynamic).unwrap() {
        return Outcome::XmlNormalised(back_json);
    }
    assert_eq!(typed_back, typed, "{name}: JSON → XML → JSON (typed)");
    Outcome::RoundTripped
}

/// `y_` cases whose strings spelled like other scalars come back from XML as those
/// scalars (`Value`'s documented rule for XML text), with what they come back as.
const Y_XML_NORMALISED: &[(&str, &str)] = &[(
    "y_array_heterogeneous.json",
    r#"{"rel":"presence","v":[null,1,1,{}]}"#,
)];

/// `y_` cases accepted and exact in JSON whose strings XML 1.0 cannot carry (control
/// characters, NUL, the noncharacters U+FFFE/U+FFFF).
const Y_NOT_XML: &[&str] = &[
    "y_object_escaped_null_in_key.json",
    "y_string_allowed_escapes.json",
    "y_string_escaped_control_character.json",
    "y_string_escaped_noncharacter.json",
    "y_string_nonCharacterInUTF-8_U+FFFF.json",
    "y_string_null_escape.json",
    "y_string_unicode_U+FFFE_nonchar.json",
];

#[test]
fn json_test_suite() {
    let mut by_kind: BTreeMap<char, Vec<(String, Outcome)>> = BTreeMap::new();
    for (name, case) in cases() {
        let kind = name.chars().next().unwrap();
        let result = outcome(&name, &case);
        by_kind.entry(kind).or_default().push((name, result));
    }
    let names = |kind: char, f: fn(&Outcome) -> bool| -> Vec<String> {
        by_kind[&kind]
            .iter()
            .filter(|(_, o)| f(o))
            .map(|(n, _)| n.clone())
            .collect()
    };
    for (kind, outcomes) in &by_kind {
        for (name, o) in outcomes {
            println!("{kind} {name}: {o:?}");
        }
    }

    // Every n_ case refused.
    let accepted_n = names('n', |o| !matches!(o, Outcome::Refused(_)));
    assert_eq!(accepted_n, Vec::<String>::new(), "n_ cases accepted");
    assert_eq!(by_kind[&'n'].len(), 188);

    // Every y_ case accepted and exact, but for the documented refusals.
    let y_refused = names('y', |o| matches!(o, Outcome::Refused(_)));
    let y_not_xml = names('y', |o| matches!(o, Outcome::NotXml(_)));
    let y_exact = names('y', |o| *o == Outcome::RoundTripped);
    let y_normalised: Vec<(String, String)> = by_kind[&'y']
        .iter()
        .filter_map(|(n, o)| match o {
            Outcome::XmlNormalised(back) => Some((n.clone(), back.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(y_refused, Vec::<String>::new());
    assert_eq!(y_not_xml, Y_NOT_XML);
    let expected: Vec<(String, String)> = Y_XML_NORMALISED
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_string()))
        .collect();
    assert_eq!(y_normalised, expected);
    assert_eq!(
        (
            y_exact.len(),
            y_normalised.len(),
            y_not_xml.len(),
            y_refused.len()
        ),
        (87, 1, 7, 0)
    );
    assert_eq!(by_kind[&'y'].len(), 95);
    for (name, o) in &by_kind[&'y'] {
        match o {
            Outcome::Refused(m) => panic!("{name}: {m}"),
            Outcome::NotXml(m) => assert!(m.contains("XML"), "{name}: {m}"),
            Outcome::RoundTripped | Outcome::XmlNormalised(_) => {}
        }
    }

    // i_ cases: counted.
    let i_refused = names('i', |o| matches!(o, Outcome::Refused(_)));
    let i_exact = names('i', |o| *o == Outcome::RoundTripped);
    let i_not_xml = names('i', |o| matches!(o, Outcome::NotXml(_)));
    // Accepted: the 10 numbers beyond f64 (exact), the 10 strings the npm package turned
    // into U+FFFD. Refused: lone or broken surrogates (8), UTF-16 and BOMs (4), an
    // object, 500 nested arrays, and one surrogate in an object key (the object).
    assert_eq!(
        (i_exact.len(), i_not_xml.len(), i_refused.len()),
        (20, 0, 15)
    );
    assert!(i_exact.iter().filter(|n| n.starts_with("i_number")).count() == 10);
}
