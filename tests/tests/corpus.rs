//! Every documented resource response and request body in `tests/samples/` (as
//! extracted, or its `repaired/` twin) decodes into its type with nothing left untyped,
//! except where the documentation disagrees with itself (`corpus_disagreements.tsv`,
//! asserted exactly); re-encodes to both formats; and decodes back to an equal value.
//! Snapshots hold the typed value and both encodings. `docs/COVERAGE.md` is generated
//! here (`UPDATE_COVERAGE=1`) and otherwise checked to be current.
//!
//! Out of scope here: event responses and error bodies (typed elsewhere), OAuth token
//! responses (not UCWA documents), bodies in other formats and samples that parse in
//! no form.

use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use ucwa_codec::{Decoded, Document, Format, Untyped, json, xml};
use ucwa_schema::{AnyInput, AnyResource, OperationsQueued, OptionsMetadata, registry};
use ucwa_tests::{manifest, sample, samples_dir};

/// A typed document of any of the shapes tested here.
#[derive(Clone, Debug, PartialEq)]
enum Typed {
    Resource(AnyResource),
    Input(AnyInput),
    Options(OptionsMetadata),
    Queued(OperationsQueued),
}

/// What a sample should decode into.
#[derive(Clone, Debug)]
enum Target {
    /// A resource document (its own `rel`, or this one when it has none).
    Resource(Option<String>),
    /// The body of a `POST` to this rel.
    Input(String),
    Options,
    Queued,
}

fn decode(target: &Target, format: Format, bytes: &[u8]) -> Result<Typed, String> {
    match target {
        Target::Resource(rel) => {
            let decoded = match rel {
                Some(rel) => registry().decode_with_rel(rel, format, bytes),
                None => registry().decode(format, bytes),
            }
            .map_err(|e| format!("decode: {e}"))?;
            match AnyResource::from_decoded(&decoded) {
                Some(r) => Ok(Typed::Resource(r)),
                None => match decoded {
                    Decoded::Dynamic { resource, reason } => Err(format!(
                        "untyped `{}`: {reason:?}",
                        resource.rel.as_deref().unwrap_or("?")
                    )),
                    Decoded::Typed(_) => Err("typed, but not by this crate".into()),
                },
            }
        }
        Target::Input(rel) => match AnyInput::decode(rel, format, bytes) {
            Some(Ok(b)) => Ok(Typed::Input(b)),
            Some(Err(e)) => Err(format!("decode: {e}")),
            None => Err(format!("no request body type for `{rel}`")),
        },
        Target::Options => ucwa_codec::decode::<OptionsMetadata>(format, bytes)
            .map(Typed::Options)
            .map_err(|e| format!("decode: {e}")),
        Target::Queued => ucwa_codec::decode::<OperationsQueued>(format, bytes)
            .map(Typed::Queued)
            .map_err(|e| format!("decode: {e}")),
    }
}

impl Typed {
    fn untyped(&self) -> Vec<Untyped> {
        let mut out = Vec::new();
        match self {
            Typed::Resource(r) => r.collect_untyped(r.rel(), &mut out),
            Typed::Input(b) => b.collect_untyped("input", &mut out),
            Typed::Options(o) => o.collect_untyped("optionsMetadata", &mut out),
            Typed::Queued(q) => q.collect_untyped("operationsQueued", &mut out),
        }
        out
    }

    fn encode(&self, format: Format) -> String {
        let bytes = match self {
            Typed::Resource(r) => ucwa_codec::encode_pretty(format, r),
            Typed::Input(b) => ucwa_codec::encode_pretty(format, b),
            Typed::Options(o) => ucwa_codec::encode_pretty(format, o),
            Typed::Queued(q) => ucwa_codec::encode_pretty(format, q),
        }
        .expect("a decoded value encodes");
        String::from_utf8(bytes).expect("encodings are UTF-8")
    }
}

/// The api description: page stem → the rel of its type; rels with a request body.
struct Api {
    page_rel: BTreeMap<String, String>,
    input_rels: BTreeSet<String>,
    resources: Json,
    enums: Json,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn api() -> Api {
    let read = |name: &str| -> Json {
        let text = std::fs::read_to_string(repo_root().join("schema/api").join(name)).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let resources = read("resources.json");
    let enums = read("enums.json");
    let mut page_rel = BTreeMap::new();
    let mut input_rels = BTreeSet::new();
    for t in resources["types"].as_array().unwrap() {
        let rel = t["rel"].as_str().unwrap().to_owned();
        for p in t["pages"].as_array().unwrap() {
            let stem = p["page"].as_str().unwrap().trim_end_matches("_ref.md");
            page_rel.insert(stem.to_owned(), rel.clone());
        }
        if !t["input"].is_null() {
            input_rels.insert(rel);
        }
    }
    Api {
        page_rel,
        input_rels,
        resources,
        enums,
    }
}

/// Concept-page request bodies whose target the URL does not name directly.
const CONCEPT_TARGETS: &[(&str, &str)] = &[
    // PUT to `.../myOnlineMeetings/PYC58WSY`: one of the user's meetings.
    ("UpdateAnOnlineMeeting.put.request.json", "myOnlineMeeting"),
    // POST to `.../communication/onlineMeetingInvitations`, a rel with no page; the body
    // is that of joinOnlineMeeting.
    ("OperationResource.post.request.json", "joinOnlineMeeting"),
];

/// Why a sample is not tested here, or `None` with its target.
fn classify(api: &Api, s: &Json) -> Result<Target, &'static str> {
    let kind = s["kind"].as_str().unwrap_or_default();
    let format = s["format"].as_str().unwrap_or_default();
    let payload = s["payload_type"].as_str().unwrap_or_default();
    let file = s["file"].as_str().unwrap_or_default();
    let name = file.trim_start_matches("samples/");
    if kind == "event" || payload == "events" {
        return Err("event response (typed with the events)");
    }
    if payload == "reason" {
        return Err("error body (typed with the errors)");
    }
    if format != "json" && format != "xml" {
        return Err("not JSON or XML");
    }
    let parses =
        s["parses"].as_bool() == Some(true) || s["repaired_parses"].as_bool() == Some(true);
    if !parses {
        return Err("parses in no form (beyond repair)");
    }
    if payload == "fragment" || payload == "array" {
        return Err("several documents in one example (concept page illustration)");
    }
    let stem = name.split('.').next().unwrap_or_default();
    let op = s["op"].as_str().unwrap_or_default();
    if kind == "response" {
        return match payload {
            "resource" => Ok(Target::Resource(None)),
            "optionsMetadata" => Ok(Target::Options),
            "operationsQueued" => Ok(Target::Queued),
            "object" if op == "options" => Ok(Target::Options),
            "object" if stem == "makeMeAvailable2" => Ok(Target::Queued),
            "object" => Err("OAuth token response (not a UCWA document)"),
            _ => Err("unknown payload"),
        };
    }
    // Request bodies.
    let method = s["method"].as_str().unwrap_or(op).to_ascii_lowercase();
    let rel = if let Some((_, rel)) = CONCEPT_TARGETS.iter().find(|(f, _)| *f == name) {
        (*rel).to_owned()
    } else if s["page_type"] == "resource" {
        match api.page_rel.get(stem) {
            Some(rel) => rel.clone(),
            None => return Err("request body of a page typed elsewhere"),
        }
    } else {
        let target = s["request_target"].as_str().unwrap_or_default();
        let last = target.rsplit('/').next().unwrap_or_default();
        match api.input_rels.iter().find(|r| r.eq_ignore_ascii_case(last)) {
            Some(rel) => rel.clone(),
            None => return Err("request to a URL naming no documented resource"),
        }
    };
    match method.as_str() {
        "put" => Ok(Target::Resource(Some(rel))),
        "post" => Ok(Target::Input(rel)),
        _ => Err("request body of another method"),
    }
}

#[derive(Default)]
struct Outcome {
    strict: Vec<String>,
    disagreement: Vec<String>,
    failing: Vec<String>,
    excluded: BTreeMap<&'static str, usize>,
}

/// `file \t item \t reason` lines; `item` is an untyped member or a decode error.
fn known_disagreements() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus_disagreements.tsv"),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        assert_eq!(parts.len(), 3, "malformed disagreement line: {line}");
        assert!(
            !parts[2].trim().is_empty(),
            "a disagreement needs a reason: {line}"
        );
        out.insert(
            (parts[0].to_owned(), parts[1].to_owned()),
            parts[2].to_owned(),
        );
    }
    out
}

fn check_sample(
    name: &str,
    target: &Target,
    format: Format,
    text: &str,
) -> Result<Typed, Vec<String>> {
    let value = decode(target, format, text.as_bytes()).map_err(|e| vec![e])?;
    let untyped: Vec<String> = value.untyped().iter().map(|u| u.to_string()).collect();

    let as_json = value.encode(Format::Json);
    let as_xml = value.encode(Format::Xml);
    let mut broken = Vec::new();
    match decode(target, Format::Json, as_json.as_bytes()) {
        // JSON dates carry milliseconds where XML carries 100 ns ticks, and shape notes
        // may come back in another order: the value must then at least encode the same.
        Ok(back) if back == value || back.encode(Format::Json) == as_json => {}
        Ok(back) => broken.push(format!(
            "roundtrip: JSON gives {}",
            first_difference(&value, &back)
        )),
        Err(e) => broken.push(format!("roundtrip: JSON does not decode: {e}\n{as_json}")),
    }
    match decode(target, Format::Xml, as_xml.as_bytes()) {
        // XML cannot carry JSON-only distinctions (see ARCHITECTURE.md): a value read
        // from JSON must come back from XML writing the same XML.
        Ok(back)
            if back == value || (format == Format::Json && back.encode(Format::Xml) == as_xml) => {}
        Ok(back) => broken.push(format!(
            "roundtrip: XML gives {}",
            first_difference(&value, &back)
        )),
        Err(e) => broken.push(format!("roundtrip: XML does not decode: {e}\n{as_xml}")),
    }
    if !broken.is_empty() {
        return Err(broken);
    }

    let snapshot = name.replace('/', "-");
    insta::assert_snapshot!(format!("{snapshot}.debug"), format!("{value:#?}"));
    insta::assert_snapshot!(format!("{snapshot}.json"), as_json);
    insta::assert_snapshot!(format!("{snapshot}.xml"), as_xml);
    if untyped.is_empty() {
        Ok(value)
    } else {
        Err(untyped)
    }
}

fn first_difference(a: &Typed, b: &Typed) -> String {
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {i}: `{}` instead of `{}`", y.trim(), x.trim());
        }
    }
    "a different value".into()
}

#[test]
fn documented_samples() {
    let api = api();
    let manifest = manifest();
    let known = known_disagreements();
    let mut found: BTreeMap<(String, String), ()> = BTreeMap::new();
    let mut outcome = Outcome::default();
    for s in manifest["samples"].as_array().unwrap() {
        let target = match classify(&api, s) {
            Ok(t) => t,
            Err(reason) => {
                *outcome.excluded.entry(reason).or_default() += 1;
                continue;
            }
        };
        let file = s["repaired_file"]
            .as_str()
            .filter(|_| s["parses"].as_bool() != Some(true))
            .or(s["file"].as_str())
            .unwrap();
        let name = file.trim_start_matches("samples/");
        let format = if name.ends_with(".xml") {
            Format::Xml
        } else {
            Format::Json
        };
        let text = sample(name);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match check_sample(name, &target, format, text) {
            Ok(_) => outcome.strict.push(name.to_owned()),
            Err(items) => {
                if items.iter().any(|i| i.starts_with("roundtrip:")) {
                    eprintln!("{name}: {items:?}");
                    outcome.failing.push(name.to_owned());
                    continue;
                }
                let mut all_known = true;
                for item in items {
                    all_known &= known.contains_key(&(name.to_owned(), item.clone()));
                    found.insert((name.to_owned(), item), ());
                }
                if all_known {
                    outcome.disagreement.push(name.to_owned());
                } else {
                    outcome.failing.push(name.to_owned());
                }
            }
        }
    }
    let found: BTreeSet<_> = found.into_keys().collect();
    let known_keys: BTreeSet<_> = known.keys().cloned().collect();
    let new: Vec<_> = found.difference(&known_keys).collect();
    let fixed: Vec<_> = known_keys.difference(&found).collect();

    coverage(&api, &outcome, &known);

    assert!(
        new.is_empty() && fixed.is_empty(),
        "disagreements differ from corpus_disagreements.tsv\nnew (add with a reason, or fix the type):\n{}\nno longer found (remove):\n{}",
        new.iter()
            .map(|(f, i)| format!("{f}\t{i}"))
            .collect::<Vec<_>>()
            .join("\n"),
        fixed
            .iter()
            .map(|(f, i)| format!("{f}\t{i}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert!(outcome.failing.is_empty(), "failing: {:?}", outcome.failing);
}

fn coverage(api: &Api, outcome: &Outcome, known: &BTreeMap<(String, String), String>) {
    let types = api.resources["types"].as_array().unwrap();
    let aliases = api.resources["aliases"].as_array().unwrap();
    let elsewhere = api.resources["owned_elsewhere"].as_array().unwrap();
    let mut pages = BTreeMap::<&str, usize>::new();
    for t in types {
        for p in t["pages"].as_array().unwrap() {
            *pages.entry(p["role"].as_str().unwrap()).or_default() += 1;
        }
    }
    let page_total: usize = pages.values().sum::<usize>() + elsewhere.len();
    let inputs = types.iter().filter(|t| !t["input"].is_null()).count();
    let input_fields: usize = types
        .iter()
        .filter_map(|t| t["input"]["fields"].as_array())
        .map(|f| f.len())
        .sum();
    let enums = api.enums["enums"].as_array().unwrap();
    let registry_rels = registry().rels().len();

    let mut doc = String::new();
    let _ = writeln!(
        doc,
        "# Coverage of the UCWA 2.0 reference by `ucwa-schema`\n"
    );
    let _ = writeln!(
        doc,
        "Generated by `tests/tests/corpus.rs` (`UPDATE_COVERAGE=1 cargo test -p ucwa-tests --test corpus`); the test fails when this file is stale.\n"
    );
    let _ = writeln!(doc, "## Resource pages\n");
    let _ = writeln!(doc, "| | count |\n|:--|--:|");
    let _ = writeln!(
        doc,
        "| reference pages with `## Operations` | {page_total} |"
    );
    let _ = writeln!(
        doc,
        "| typed by their own type | {} |",
        pages.get("primary").copied().unwrap_or(0)
    );
    let _ = writeln!(
        doc,
        "| revision 2 pages, merged into the type of their rel | {} |",
        pages.get("revision").copied().unwrap_or(0)
    );
    let _ = writeln!(
        doc,
        "| link-relationship pages, type aliases of their target ({} aliases) | {} |",
        aliases.len(),
        pages.get("alias").copied().unwrap_or(0)
    );
    let _ = writeln!(
        doc,
        "| typed by hand-written codecs (`EventResponse`, `ErrorBody`; tested in events.rs and errors.rs) | {} |",
        elsewhere.len()
    );
    let covered = ["primary", "revision", "alias"]
        .iter()
        .map(|k| pages.get(*k).copied().unwrap_or(0))
        .sum::<usize>()
        + elsewhere.len();
    let _ = writeln!(
        doc,
        "| **pages covered** | **{covered} / {page_total}** |\n"
    );
    for e in elsewhere {
        let _ = writeln!(
            doc,
            "- `{}`: {}",
            e["page"].as_str().unwrap(),
            e["reason"].as_str().unwrap()
        );
    }
    let _ = writeln!(doc, "\n## Types\n");
    let _ = writeln!(doc, "| | count |\n|:--|--:|");
    let _ = writeln!(doc, "| resource types (rels) | {} |", types.len());
    let _ = writeln!(doc, "| rels in `registry()` | {registry_rels} |");
    let _ = writeln!(
        doc,
        "| request body types (`POST`; `PUT` bodies are the resource types) | {inputs} ({input_fields} fields) |"
    );
    // Error codes and subcodes are generated from the description like the others.
    let _ = writeln!(
        doc,
        "| enumerations (all generated, `ErrorCode` and `ErrorSubcode` included) | {} |",
        enums.len()
    );
    let total = outcome.strict.len() + outcome.disagreement.len() + outcome.failing.len();
    let _ = writeln!(doc, "\n## Samples\n");
    let _ = writeln!(doc, "| | count |\n|:--|--:|");
    let _ = writeln!(
        doc,
        "| resource responses and request bodies tested | {total} |"
    );
    let _ = writeln!(
        doc,
        "| strict (nothing untyped) | {} |",
        outcome.strict.len()
    );
    let _ = writeln!(
        doc,
        "| with a named disagreement of the docs | {} |",
        outcome.disagreement.len()
    );
    let _ = writeln!(doc, "| failing | {} |", outcome.failing.len());
    for (reason, n) in &outcome.excluded {
        let _ = writeln!(doc, "| not tested here: {reason} | {n} |");
    }
    let _ = writeln!(doc, "\n## Named disagreements\n");
    let _ = writeln!(
        doc,
        "| sample | untyped member or error | why |\n|:--|:--|:--|"
    );
    for ((file, item), reason) in known {
        let _ = writeln!(
            doc,
            "| `{file}` | {} | {} |",
            item.replace('|', "\\|"),
            reason.replace('|', "\\|")
        );
    }
    if !outcome.failing.is_empty() {
        let _ = writeln!(doc, "\n## Failing\n");
        for f in &outcome.failing {
            let _ = writeln!(doc, "- `{f}`");
        }
    }

    let path = repo_root().join("docs/COVERAGE.md");
    if std::env::var_os("UPDATE_COVERAGE").is_some() {
        std::fs::write(&path, &doc).unwrap();
    } else {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == doc,
            "docs/COVERAGE.md is stale: run `UPDATE_COVERAGE=1 cargo test -p ucwa-tests --test corpus`"
        );
    }
    let _ = samples_dir();
}

#[test]
fn data_links_decode() {
    let message: ucwa_schema::Message =
        json::from_str(&sample("message.get.response.json")).unwrap();
    let plain = message
        .plain_message_uri()
        .expect("a plainMessage link")
        .unwrap();
    assert_eq!(plain.media_type(), "text/plain");
    assert_eq!(
        plain.to_string(),
        message.plain_message.as_ref().unwrap().href
    );
    let xml_text = xml::to_string(&message).unwrap();
    assert_eq!(
        xml::from_str::<ucwa_schema::Message>(&xml_text).unwrap(),
        message
    );
}
