//! The XML reader takes the links and property start tags written the way UCWA writes
//! them (`<link rel="…" href="…"/>`, `<property name="…">`) in one step, and every
//! other spelling through its general path. The two must agree. Each sample is
//! written as compact XML (which is all shortcuts) and decoded as written and with one
//! more space in each such tag (which is none); the values must be equal, and so must
//! the errors, but for their columns.

use ucwa_codec::{DynResource, Format, xml};
use ucwa_schema::events::EventResponse;
use ucwa_schema::{AnyResource, registry};
use ucwa_tests::samples_dir;

/// `doc` with no tag the reader's shortcuts take: the same document for XML.
fn spaced(doc: &str) -> String {
    doc.replace("<link rel=\"", "<link  rel=\"")
        .replace("<property name=\"", "<property  name=\"")
}

/// What a decode gave, comparable across the two spellings: the value, or the error
/// without its position (one more space moves columns).
fn outcome<T>(result: ucwa_codec::Result<T>) -> Result<T, String> {
    result.map_err(|e| format!("{:?} {} at `{}`", e.category(), e.message(), e.path()))
}

fn typed(doc: &str) -> Result<Option<AnyResource>, String> {
    let decoded = outcome(registry().decode(Format::Xml, doc.as_bytes()))?;
    Ok(AnyResource::from_decoded(&decoded))
}

#[test]
fn shortcuts_and_the_general_path_agree_on_every_sample() {
    let mut compared = 0;
    let mut typed_count = 0;
    let mut with_links = 0;
    let mut paths: Vec<_> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Format::Json,
            Some("xml") => Format::Xml,
            _ => continue,
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // Event responses, then resources (the shape each sample has).
        if let Ok(events) = ucwa_codec::decode::<EventResponse>(format, &bytes) {
            let doc = xml::to_string(&events).unwrap();
            let a = outcome(xml::from_str::<EventResponse>(&doc));
            let b = outcome(xml::from_str::<EventResponse>(&spaced(&doc)));
            assert_eq!(a, b, "{name}");
            assert!(a.is_ok(), "{name}: {a:?}");
            compared += 1;
            continue;
        }
        let Ok(resource) = ucwa_codec::decode::<DynResource>(format, &bytes) else {
            continue;
        };
        let doc = xml::to_string(&resource).unwrap();
        with_links += usize::from(doc.contains("<link rel=\""));
        let a = outcome(xml::from_str::<DynResource>(&doc));
        let b = outcome(xml::from_str::<DynResource>(&spaced(&doc)));
        assert_eq!(a, b, "{name}");
        let (a, b) = (typed(&doc), typed(&spaced(&doc)));
        assert_eq!(a, b, "{name}");
        typed_count += usize::from(matches!(a, Ok(Some(_))));
        compared += 1;
    }
    assert!(compared > 400, "{compared} samples compared");
    assert!(typed_count > 300, "{typed_count} typed");
    assert!(with_links > 250, "{with_links} with shortcut links");
}

/// Documents made to sit on the edges of the shortcuts: each must decode (or fail) the
/// same way as its spaced twin.
#[test]
fn shortcuts_and_the_general_path_agree_on_their_edges() {
    let ns = xml::UCWA_NS;
    let wrap = |body: &str| format!("<resource rel=\"r\" href=\"/r\">{body}</resource>");
    let bodies = [
        // Plain, then each way a link or property start tag can leave the shortcut.
        r#"<link rel="a" href="/a"/><property name="p">1</property>"#.to_owned(),
        r#"<link rel="a" href="/a" /><link rel="b" href=""/>"#.to_owned(),
        r#"<link rel="self" href="/a"/>"#.to_owned(),
        r#"<link rel="a" href="/a&amp;b"/>"#.to_owned(),
        r#"<link rel="a" href="/a<b"/>"#.to_owned(),
        "<link rel=\"a\" href=\"/a\u{1}\"/>".to_owned(),
        "<link rel=\"a\" href=\"/\u{fffe}\"/>".to_owned(),
        "<link rel=\"a\" href=\"/a\tb\"/>".to_owned(),
        r#"<link rel="a" href="/a"><x/></link>"#.to_owned(),
        r#"<link rel="a" href="/a" title="t"/>"#.to_owned(),
        r#"<link rel="a" href='/a'/>"#.to_owned(),
        r#"<link rel="a" href="/a"/"#.to_owned(),
        r#"<link rel="a" href="/a"#.to_owned(),
        r#"<link rel="" href="/a"/>"#.to_owned(),
        r#"<link rel="a>b" href="/é"/>"#.to_owned(),
        r#"<property name="_links">1</property>"#.to_owned(),
        r#"<property name="_embedded">1</property>"#.to_owned(),
        r#"<property name="rel">x</property>"#.to_owned(),
        r#"<property name="">x</property>"#.to_owned(),
        r#"<property name="p"/>"#.to_owned(),
        r#"<property name="p">1</property><property name="p">2</property>"#.to_owned(),
        r#"<property name="p"><x/></property>"#.to_owned(),
        r#"<property name="p">1</propertyx>"#.to_owned(),
        r#"<property name="p">1"#.to_owned(),
        r#"<property name="a&lt;b">1</property>"#.to_owned(),
        r#"<property name="p" xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#.to_owned(),
        // Namespaces: the default one changed around the tags, or back to UCWA.
        r#"<resource rel="n" xmlns="urn:other"><link rel="a" href="/a"/></resource>"#.to_owned(),
        format!(
            r#"<u:resource rel="n" xmlns:u="{ns}" xmlns="urn:other"><property name="p">1</property></u:resource>"#
        ),
        format!(
            r#"<resource rel="n" xmlns="{ns}"><link rel="a" href="/a"/><property name="p">1</property></resource>"#
        ),
    ];
    for body in &bodies {
        let doc = wrap(body);
        let a = outcome(xml::from_str::<DynResource>(&doc));
        let b = outcome(xml::from_str::<DynResource>(&spaced(&doc)));
        assert_eq!(a, b, "{doc}");
        assert_eq!(typed(&doc), typed(&spaced(&doc)), "{doc}");
    }
    // The limits hold on shortcut tags too.
    let deep = |depth: usize| {
        let mut doc = String::new();
        for _ in 0..depth {
            doc.push_str("<resource rel=\"r\">");
        }
        doc.push_str(r#"<link rel="a" href="/a"/><property name="p">1</property>"#);
        doc.push_str(r#"<property name="longerThanEight">2</property>"#);
        for _ in 0..depth {
            doc.push_str("</resource>");
        }
        doc
    };
    for limits in [
        ucwa_codec::Limits::DEFAULT.with_max_depth(3),
        ucwa_codec::Limits::DEFAULT.with_max_depth(4),
        ucwa_codec::Limits::DEFAULT.with_max_name_bytes(3),
        ucwa_codec::Limits::DEFAULT.with_max_name_bytes(7),
        ucwa_codec::Limits::DEFAULT.with_max_name_bytes(8),
        ucwa_codec::Limits::DEFAULT.with_max_attributes(1),
    ] {
        for depth in [1, 3] {
            let doc = deep(depth);
            let a = outcome(xml::from_str_with::<DynResource>(&doc, limits));
            let b = outcome(xml::from_str_with::<DynResource>(&spaced(&doc), limits));
            assert_eq!(a, b, "{limits:?} {doc}");
        }
    }
}
