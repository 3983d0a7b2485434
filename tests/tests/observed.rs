//! Payloads real servers sent and real clients posted (`tests/samples/observed/`, see its
//! ATTRIBUTION.md), not the reference's samples: every one is listed in [`EXPECTED`] with
//! what it must decode into and, reviewed one by one, what stays untyped and why. Each
//! typed payload re-encodes to both formats and decodes back to an equal value.
//!
//! Also here, on that evidence: the PUT token of a real `communication` (recognised,
//! not untyped, and echoed on `PUT` exactly as a real client sent it back), and message
//! bodies decoded the way servers form-encode them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ucwa_codec::{Decoded, Document, Format, Untyped, put_token::PUT_TOKEN_VALUE};
use ucwa_schema::{AnyInput, AnyResource, Communication, registry};
use ucwa_tests::samples_dir;

/// What a payload is.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A resource document typed by its own `rel`.
    Resource,
    /// A resource document without `rel`, typed by the operation it answers.
    ResourceAs(&'static str),
    /// The body of a `POST` to this rel.
    Input(&'static str),
}

/// Every observed payload, reviewed: what it is, and exactly which members stay untyped
/// (each as an [`Untyped`] displays, with a comment saying why; empty: fully typed).
/// Every one must decode into its type. A new file under `tests/samples/observed/` fails
/// the test until it is listed here.
const EXPECTED: &[(&str, Kind, &[&str])] = &[
    (
        "stackoverflow-26742824/communication.get.response.json",
        Kind::Resource,
        &[],
    ),
    (
        "stackoverflow-26742824/communication.put.request.json",
        Kind::Resource,
        &[],
    ),
    (
        "codeproject-871596/startMessaging.post.request.json",
        Kind::Input("startMessaging"),
        &[],
    ),
    (
        "codeproject-871595/makeMeAvailable.post.request.json",
        Kind::Input("makeMeAvailable"),
        // `SupportedModalities`: the server binds names case-insensitively, and so does
        // the decoder when no exact name matches (written back as it was spelled).
        &[],
    ),
    (
        "github-kenakamu-UCWA2.0-CS/phoneDialInInformation.get.response.json",
        Kind::Resource,
        &[],
    ),
    (
        "github-tamhinsf-ucwa-sfbo-console/root.get.response.json",
        Kind::ResourceAs("root"),
        &[],
    ),
];

fn observed_dir() -> PathBuf {
    samples_dir().join("observed")
}

/// Every payload file under `observed/<source>/`, as `<source>/<file>`.
fn payload_files() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for source in std::fs::read_dir(observed_dir()).unwrap() {
        let source = source.unwrap().path();
        if !source.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&source).unwrap() {
            let file = file.unwrap().path();
            let ext = file.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("json" | "xml")) {
                out.insert(relative(&file));
            }
        }
    }
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(observed_dir())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn format_of(name: &str) -> Format {
    if name.ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    }
}

/// A typed payload, of any of the kinds above.
#[derive(Debug, PartialEq)]
enum Typed {
    Resource(AnyResource),
    Input(AnyInput),
}

impl Typed {
    fn untyped(&self) -> Vec<String> {
        let mut out: Vec<Untyped> = Vec::new();
        match self {
            Typed::Resource(r) => r.collect_untyped(r.rel(), &mut out),
            Typed::Input(b) => b.collect_untyped("input", &mut out),
        }
        out.iter().map(ToString::to_string).collect()
    }

    fn encode(&self, format: Format) -> Vec<u8> {
        match self {
            Typed::Resource(r) => ucwa_codec::encode(format, r),
            Typed::Input(b) => ucwa_codec::encode(format, b),
        }
        .expect("a decoded value encodes")
    }
}

/// Decodes as `kind` says: `Ok(typed)`, or `Err(reason)` when only the dynamic model
/// (or nothing) takes it.
fn decode(kind: Kind, format: Format, bytes: &[u8]) -> Result<Typed, String> {
    match kind {
        Kind::Resource | Kind::ResourceAs(_) => {
            let decoded = match kind {
                Kind::ResourceAs(rel) => registry().decode_with_rel(rel, format, bytes),
                _ => registry().decode(format, bytes),
            }
            .map_err(|e| format!("decode: {e}"))?;
            match AnyResource::from_decoded(&decoded) {
                Some(r) => Ok(Typed::Resource(r)),
                None => match decoded {
                    Decoded::Dynamic { reason, .. } => Err(format!("{reason:?}")),
                    Decoded::Typed(_) => Err("typed, but not by ucwa-schema".into()),
                },
            }
        }
        Kind::Input(rel) => match AnyInput::decode(rel, format, bytes) {
            Some(Ok(b)) => Ok(Typed::Input(b)),
            Some(Err(e)) => Err(format!("decode: {e}")),
            None => Err(format!("no request body type for `{rel}`")),
        },
    }
}

#[test]
fn every_observed_payload_is_listed() {
    let listed: BTreeSet<String> = EXPECTED.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    let found = payload_files();
    assert_eq!(found, listed, "tests/samples/observed/ and EXPECTED differ");
    // Each source folder is attributed.
    let attribution = std::fs::read_to_string(observed_dir().join("ATTRIBUTION.md")).unwrap();
    for name in &found {
        let (source, file) = name.split_once('/').unwrap();
        assert!(
            attribution.contains(&format!("`{source}` | `{file}`")),
            "ATTRIBUTION.md has no row for {name}"
        );
    }
}

#[test]
fn observed_payloads_decode_as_reviewed_and_round_trip() {
    let mut fully_typed = 0;
    let mut problems = Vec::new();
    for (name, kind, expected) in EXPECTED {
        let format = format_of(name);
        let bytes = std::fs::read(observed_dir().join(name)).unwrap();
        match decode(*kind, format, &bytes) {
            Ok(typed) => {
                let untyped = typed.untyped();
                if untyped != **expected {
                    problems.push(format!(
                        "{name}: untyped {untyped:?}, expected {expected:?}"
                    ));
                }
                if untyped.is_empty() {
                    fully_typed += 1;
                }
                // Both formats carry it, and it comes back equal.
                for target in [Format::Json, Format::Xml] {
                    let encoded = typed.encode(target);
                    match decode(*kind, target, &encoded) {
                        Ok(back) if back == typed => {}
                        Ok(back) => problems.push(format!(
                            "{name}: through {target:?} it comes back different:\n{back:#?}\nnot\n{typed:#?}"
                        )),
                        Err(e) => problems.push(format!("{name}: its {target:?} does not decode: {e}")),
                    }
                }
            }
            Err(reason) => problems.push(format!("{name}: {reason}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The counts the issue asks for, visible with --nocapture.
    println!(
        "observed payloads: {}; decode: {}; fully typed: {fully_typed}",
        EXPECTED.len(),
        EXPECTED.len()
    );
}

fn observed_communication() -> Communication {
    let bytes = std::fs::read(
        observed_dir().join("stackoverflow-26742824/communication.get.response.json"),
    )
    .unwrap();
    ucwa_codec::decode(Format::Json, &bytes).expect("the observed communication decodes")
}

#[test]
fn a_real_communication_names_its_put_token() {
    let communication = observed_communication();
    assert_eq!(
        communication.put_token(),
        Some("9b5c7fdf-2c5f-462e-a4e3-39663f09301a")
    );
    let mut untyped = Vec::new();
    communication.collect_untyped("communication", &mut untyped);
    assert!(untyped.is_empty(), "{untyped:?}");
    // A communication without one says so.
    assert_eq!(Communication::default().put_token(), None);
}

/// The Stack Overflow author changed `supportedMessageFormats` and sent the resource
/// back: what we encode for that `PUT` is what they sent, token included, and XML
/// carries the token too.
#[test]
fn the_put_token_is_echoed_on_put() {
    use ucwa_schema::MessageFormat;
    let mut communication = observed_communication();
    communication.supported_message_formats = Some(vec![MessageFormat::Plain, MessageFormat::Html]);

    let sent: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            observed_dir().join("stackoverflow-26742824/communication.put.request.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let ours: serde_json::Value =
        serde_json::from_slice(&ucwa_codec::encode(Format::Json, &communication).unwrap()).unwrap();
    assert_eq!(ours, sent);

    let xml = String::from_utf8(ucwa_codec::encode(Format::Xml, &communication).unwrap()).unwrap();
    assert!(
        xml.contains(&format!(
            r#"<property name="9b5c7fdf-2c5f-462e-a4e3-39663f09301a">{PUT_TOKEN_VALUE}</property>"#
        )),
        "{xml}"
    );
    let back: Communication = ucwa_codec::decode(Format::Xml, xml.as_bytes()).unwrap();
    assert_eq!(back.put_token(), communication.put_token());
    assert_eq!(back, communication);
}

/// Servers write `data:text/plain` message bodies form-encoded: the reference's own
/// capture of an incoming IM (`ReceiveAnIM`, the event a Lync server sent; its
/// `repaired/` copy, as the page's text has a stray comma) carries
/// `data:text/plain;charset=utf-8,Hi+Tosh%0d%0a` for the text "Hi Tosh" and a line
/// break, and Stack Overflow question 40077921 quotes the same body from a real
/// deployment's point of view. No observed payload with a message body could be kept
/// (see ATTRIBUTION.md), so this is the evidence.
#[test]
fn message_text_reads_form_encoded_plain_text() {
    use ucwa_schema::MessagingInvitation;
    let event: serde_json::Value =
        serde_json::from_str(&ucwa_tests::sample("repaired/ReceiveAnIM.get.event.2.json")).unwrap();
    let invitation = &event["sender"][0]["events"][0]["_embedded"]["messagingInvitation"];
    let invitation: MessagingInvitation = serde_json::from_value(invitation.clone()).unwrap();
    assert_eq!(
        invitation.message.as_ref().map(|l| l.href.as_str()),
        Some("data:text/plain;charset=utf-8,Hi+Tosh%0d%0a")
    );
    assert_eq!(invitation.message_text().unwrap().unwrap(), "Hi Tosh\r\n");
    // A literal plus arrives percent-encoded, and only text/plain is form-encoded.
    for (href, text) in [
        ("data:text/plain,1%2B1", "1+1"),
        ("data:text/html,a+b", "a+b"),
        ("data:text/plain;base64,YSti", "a+b"),
    ] {
        let uri = ucwa_codec::data_uri::DataUri::parse(href).unwrap();
        assert_eq!(uri.ucwa_text().unwrap(), text, "{href}");
    }
}
