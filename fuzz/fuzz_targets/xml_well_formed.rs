//! `xml::check_well_formed` against an independent checker, roxmltree (a fuzz-only
//! dependency): both accept or both refuse, except where the subset UCWA reads refuses
//! on purpose what XML allows (then ours must refuse):
//!
//! - a DOCTYPE (no DTD, no entities but the predefined ones), input that is not UTF-8,
//!   an encoding declared other than UTF-8;
//! - our [`Limits`](ucwa_codec::Limits) (depth, attributes per element, name length);
//! - `xmlns:p=""` (undeclaring a prefix, XML 1.1 only).
//!
//! Where both accept a UCWA resource that the dynamic model reads, they read the same:
//! its `href`, its properties' text (references, CDATA, line ends) and its links'
//! `rel` and `href` (attribute-value normalisation).
//!
//! Our refusal also wins where roxmltree is laxer than the specification, each case
//! named in [`roxmltree_is_lax`], and our acceptance where it is stricter
//! ([`roxmltree_is_strict`]).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::xml::{UCWA_NS, XSI_NS};
use ucwa_codec::{Category, DynResource, Value, xml};

fuzz_target!(|data: &[u8]| {
    let ours = xml::check_well_formed(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(ours.is_err(), "not UTF-8, accepted");
        return;
    };
    if let Err(e) = &ours {
        let message = e.message();
        let on_purpose = e.category() == Category::Limit
            || message == "a DOCTYPE is not allowed"
            || message.starts_with("unsupported encoding")
            || message.contains("cannot undeclare a prefix");
        if on_purpose {
            return;
        }
    }
    let theirs = roxmltree::Document::parse(text);
    if let (Err(e), Ok(_)) = (&ours, &theirs)
        && roxmltree_is_lax(e.message())
    {
        return;
    }
    match (&ours, &theirs) {
        (Ok(()), Ok(doc)) => same_reading(data, doc),
        (Err(_), Err(_)) => {}
        (Ok(()), Err(e)) if roxmltree_is_strict(e) => {}
        (Ok(()), Err(e)) => panic!("accepted, roxmltree refuses: {e}\n{text:?}"),
        (Err(e), Ok(_)) => panic!("refused ({e}), roxmltree accepts\n{text:?}"),
    }
});

/// Refusals of ours that roxmltree does not make, because it does not check that rule
/// (read in its tokenizer, 0.21): the specification is on our side.
fn roxmltree_is_lax(message: &str) -> bool {
    // The declaration's pseudo-attributes are read as attributes, without the grammar of
    // their values (`version="0.0"`, `standalone="maybe"`) or their order.
    message.starts_with("malformed XML declaration")
        // A PI target ends at the first character that is not a name character, with no
        // whitespace required after it (`<?xml=1?>`); `xml` in other cases and colons
        // (a namespace constraint) are not checked.
        || message.contains("is not a valid processing-instruction target")
        // A PI target `xml` in other cases (`<?xmL …?>`), reserved, is read as a PI.
        || message == "an XML declaration is only allowed at the start of the document"
        // A namespace declaration repeated on one element (`xmlns="a" xmlns="b"`): the
        // specification's unique-attribute constraint covers it; roxmltree does not.
        || message.starts_with("duplicate attribute `xmlns")
        // A character reference to no character (a surrogate, past U+10FFFF) is read as
        // U+FFFD.
        || message.starts_with("invalid character reference") && refers_to_no_char(name_in(message))
        // QNames: an empty prefix or local part, or two colons (`:a`, `a:`, `a:b:c`).
        || (message.contains("is not a valid element name")
            || message.contains("is not a valid attribute name"))
            && name_in(message).contains(':')
        // An end tag's QName with an empty prefix (`<a></:a>`) is matched as `a`.
        || message.starts_with("end tag `</:")
        // An attribute `p:xmlns` whose prefix is unbound: it declares no namespace (only
        // `xmlns` and `xmlns:p` do), so `p` must be declared; roxmltree does not check.
        || message.contains("uses an undeclared prefix") && name_in(message).ends_with(":xmlns")
}

/// Refusals of roxmltree that the specification does not make: our acceptance wins.
fn roxmltree_is_strict(error: &roxmltree::Error) -> bool {
    // The `xml` prefix is bound by definition (Namespaces in XML 1.0, section 3), on an
    // element's name as on an attribute's (`<xml:r/>`); roxmltree binds it for
    // attributes only.
    matches!(error, roxmltree::Error::UnknownNamespace(prefix, _) if prefix == "xml")
}

/// The name an error message quotes first (between backticks).
fn name_in(message: &str) -> &str {
    message.split('`').nth(1).unwrap_or_default()
}

/// Whether a character reference (`&#…;`, `&#x…;`) names a number that fits `u32` but is
/// no `char`.
fn refers_to_no_char(reference: &str) -> bool {
    let digits = reference.trim_start_matches("&#").trim_end_matches(';');
    let number = match digits.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => digits.parse(),
    };
    number.is_ok_and(|n| char::from_u32(n).is_none())
}

/// Holds what the dynamic model read from `data` to what roxmltree read from it: the
/// resource's `href`, each `<property>`'s text, each `<link>`'s `rel` and `href`.
fn same_reading(data: &[u8], doc: &roxmltree::Document<'_>) {
    let Ok(ours) = xml::from_slice::<DynResource>(data) else {
        return;
    };
    let root = doc.root_element();
    assert_eq!(
        ours.self_link.as_ref().map(|l| l.href.as_str()),
        root.attribute("href"),
        "the resource's href"
    );
    // No namespace, as the dynamic model reads it: roxmltree gives `xmlns=""` (which
    // undeclares the default namespace) as the empty namespace name rather than none.
    let children = || {
        root.children().filter(|n| {
            n.is_element() && matches!(n.tag_name().namespace(), None | Some("" | UCWA_NS))
        })
    };
    // roxmltree leaves a carriage return unnormalised when an entity reference follows
    // it (`a\r&amp;b` reads `a\r&b`; XML 1.0 section 2.11 and expat make it `a\n&b`): a
    // property whose source has one is not compared.
    let departs = |n: &roxmltree::Node<'_, '_>| doc.input_text()[n.range()].contains("\r&");
    let skipped: Vec<&str> = children()
        .filter(|n| n.tag_name().name() == "property" && departs(n))
        .filter_map(|n| n.attribute("name"))
        .collect();
    let mut properties: Vec<(String, Value)> = children()
        .filter(|n| n.tag_name().name() == "property" && n.attribute((XSI_NS, "nil")).is_none())
        .filter(|n| n.attribute("name").is_none_or(|name| !skipped.contains(&name)))
        .filter_map(|n| {
            let name = n.attribute("name")?;
            let text: String = n
                .descendants()
                .filter_map(|d| d.is_text().then(|| d.text()).flatten())
                .collect();
            (name != "rel").then(|| (name.to_owned(), Value::from_xml_text(&text)))
        })
        .collect();
    let mut our_properties: Vec<(String, Value)> = ours
        .members
        .properties
        .iter()
        .filter(|(_, v)| !matches!(v, Value::List(_) | Value::Null))
        .filter(|(name, _)| !skipped.contains(&name.as_str()))
        .cloned()
        .collect();
    let key = |p: &(String, Value)| format!("{p:?}");
    properties.sort_by_key(key);
    our_properties.sort_by_key(key);
    assert_eq!(our_properties, properties, "the properties' text");
    let mut links: Vec<(String, String)> = children()
        .filter(|n| n.tag_name().name() == "link")
        .filter_map(|n| {
            Some((
                n.attribute("rel")?.to_owned(),
                n.attribute("href")?.to_owned(),
            ))
        })
        .collect();
    let mut our_links: Vec<(String, String)> = ours
        .members
        .links
        .iter()
        .flat_map(|(rel, links)| links.iter().map(move |l| (rel.clone(), l.href.clone())))
        .collect();
    links.sort();
    our_links.sort();
    assert_eq!(our_links, links, "the links");
}
