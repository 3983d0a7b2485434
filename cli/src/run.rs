//! The commands: read, decode through the schema's registry, then print or report.

use crate::{FormatArg, InputArgs, Kind, detect, http_message};
use std::io::Write;
use std::process::ExitCode;
use ucwa_codec::registry::DecodedInput;
use ucwa_codec::{Decoded, Format, Untyped};
use ucwa_schema::errors::{ApiError, ErrorBody};
use ucwa_schema::events::EventResponse;

/// A decoded document of any kind, ready to print or inspect.
enum Doc {
    Resource(Decoded),
    Input(DecodedInput),
    Events(Box<EventResponse>),
    Error(Box<ErrorBody>),
}

struct Loaded {
    name: String,
    format: Format,
    doc: Doc,
    /// The status line's code, for a whole HTTP response.
    status: Option<u16>,
}

/// `ucwa_schema::resources::presence::Presence` → `Presence`.
fn short_type_name(full: &str) -> &str {
    full.rsplit("::").next().unwrap_or(full)
}

/// Reads the document, refusing it after at most the codec's size limit (plus one byte):
/// an over-limit input is never held whole, and nothing is parsed before the check.
fn read_input(args: &InputArgs) -> Result<(String, Vec<u8>), String> {
    let limit = ucwa_codec::Limits::DEFAULT.max_input_bytes;
    match args.file.as_deref() {
        None => read_stdin(limit),
        Some(path) if path.as_os_str() == "-" => read_stdin(limit),
        Some(path) => std::fs::File::open(path)
            .map_err(ucwa_codec::Error::from)
            .and_then(|file| ucwa_codec::read_limited(file, limit))
            .map(|bytes| (path.display().to_string(), bytes))
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}

fn read_stdin(limit: usize) -> Result<(String, Vec<u8>), String> {
    let bytes = ucwa_codec::read_limited(std::io::stdin().lock(), limit)
        .map_err(|e| format!("<stdin>: {e}"))?;
    Ok(("<stdin>".to_owned(), bytes))
}

fn load(args: &InputArgs) -> Result<Loaded, String> {
    let (name, input) = read_input(args)?;
    // A whole HTTP message: decode its body, with its Content-Type and request line.
    let message = http_message::parse(&input);
    let bytes = message.as_ref().map_or(&input[..], |m| m.body);
    let declared = message
        .as_ref()
        .and_then(|m| m.header("content-type"))
        .and_then(Format::from_content_type);
    let format = match declared {
        Some(format) => format,
        None => detect::format(bytes).map_err(|e| format!("{name}: {e}"))?,
    };
    let detected = detect::kind(format, bytes);
    let kind = args.kind.unwrap_or(match &message {
        // A failure response carries an error body.
        Some(m) if m.status.is_some_and(|s| s >= 400) && detected != Kind::Events => Kind::Error,
        // A POST carries a request body unless the body is plainly something else.
        Some(m)
            if m.request
                .as_ref()
                .is_some_and(|(method, _)| method == "POST")
                && detected == Kind::Resource
                && !looks_like_resource(format, bytes) =>
        {
            Kind::Input
        }
        _ => detected,
    });
    let target_rel = message.as_ref().and_then(|m| m.target_rel());
    let input_rel = args.rel.as_deref().or(target_rel).unwrap_or("");
    let registry = ucwa_schema::registry();
    let failed = |e: ucwa_codec::Error| format!("{name}: {e}");
    let doc = match kind {
        Kind::Resource => Doc::Resource(match &args.rel {
            Some(rel) => registry
                .decode_with_rel(rel, format, bytes)
                .map_err(failed)?,
            None => registry.decode(format, bytes).map_err(failed)?,
        }),
        Kind::Input => Doc::Input(
            registry
                .decode_input(input_rel, format, bytes)
                .map_err(failed)?,
        ),
        Kind::Events => Doc::Events(Box::new(
            EventResponse::decode(format, bytes, registry).map_err(failed)?,
        )),
        Kind::Error => Doc::Error(Box::new(
            ucwa_codec::decode::<ErrorBody>(format, bytes).map_err(failed)?,
        )),
    };
    let status = message.as_ref().and_then(|m| m.status);
    Ok(Loaded {
        name,
        format,
        doc,
        status,
    })
}

/// `event response (next): 2 senders, 5 events, 1 embedded typed, 1 dynamic`.
fn describe_events(events: &EventResponse) -> String {
    let (mut count, mut typed, mut dynamic) = (0, 0, 0);
    for (_, event) in events.events() {
        count += 1;
        match event.resource.as_ref().map(|r| &r.resource) {
            Some(Decoded::Typed(_)) => typed += 1,
            Some(Decoded::Dynamic { .. }) => dynamic += 1,
            None => {}
        }
    }
    let mut described = format!(
        "event response ({}): {} sender(s), {count} event(s)",
        events.continuation.rel(),
        events.senders.len()
    );
    if typed + dynamic > 0 {
        described.push_str(&format!(", embedded: {typed} typed, {dynamic} dynamic"));
    }
    if events.resets_state() {
        described.push_str(" [drop cached state]");
    }
    described
}

/// Whether a body has a resource's marks (XML `<resource>`; JSON `rel` or `_links`).
fn looks_like_resource(format: Format, bytes: &[u8]) -> bool {
    match format {
        Format::Xml => String::from_utf8_lossy(bytes).contains("<resource"),
        Format::Json => {
            let text = String::from_utf8_lossy(bytes);
            text.contains("\"rel\"") || text.contains("\"_links\"")
        }
    }
}

/// `ucwa convert`: prints the document in the other format (or `to`), pretty.
pub fn convert(args: &InputArgs, to: Option<FormatArg>) -> Result<ExitCode, String> {
    let loaded = load(args)?;
    let target = match to {
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Xml) => Format::Xml,
        None => match loaded.format {
            Format::Json => Format::Xml,
            Format::Xml => Format::Json,
        },
    };
    let encoded = match &loaded.doc {
        Doc::Resource(doc) => ucwa_codec::encode_pretty(target, doc),
        Doc::Input(DecodedInput::Typed(input)) => ucwa_codec::encode_pretty(target, input),
        Doc::Input(DecodedInput::Dynamic(input)) => ucwa_codec::encode_pretty(target, input),
        Doc::Events(events) => ucwa_codec::encode_pretty(target, events.as_ref()),
        Doc::Error(body) => ucwa_codec::encode_pretty(target, body.as_ref()),
    }
    .map_err(|e| format!("{}: cannot encode: {e}", loaded.name))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&encoded)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| format!("<stdout>: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// `ucwa check`: reports the type and everything kept untyped.
pub fn check(args: &InputArgs, strict: bool) -> Result<ExitCode, String> {
    let loaded = load(args)?;
    let mut untyped: Vec<Untyped> = Vec::new();
    let (described, fallback) = match &loaded.doc {
        Doc::Resource(Decoded::Typed(t)) => {
            let path = t.as_dyn().rel();
            t.as_dyn().collect_untyped(path, &mut untyped);
            (
                format!(
                    "resource `{}` as {}",
                    t.as_dyn().rel(),
                    short_type_name(t.as_dyn().type_name())
                ),
                None,
            )
        }
        Doc::Resource(Decoded::Dynamic { resource, reason }) => {
            let rel = resource.rel.as_deref().unwrap_or("?");
            resource.collect_untyped(rel, &mut untyped);
            let why = match reason {
                ucwa_codec::registry::Fallback::UnknownRel => {
                    format!("no type for rel `{rel}`")
                }
                ucwa_codec::registry::Fallback::Rejected(e) => {
                    format!("the `{rel}` type rejected it: {e}")
                }
            };
            (format!("resource `{rel}`, dynamic"), Some(why))
        }
        Doc::Input(DecodedInput::Typed(input)) => {
            input.collect_untyped("input", &mut untyped);
            (
                format!("request body as {}", short_type_name(input.type_name())),
                None,
            )
        }
        Doc::Input(DecodedInput::Dynamic(input)) => {
            ucwa_codec::Document::collect_untyped(input, "input", &mut untyped);
            (
                "request body, dynamic".to_owned(),
                Some("no request body type known (name the resource with --rel)".to_owned()),
            )
        }
        Doc::Events(events) => {
            ucwa_codec::Document::collect_untyped(events.as_ref(), "events", &mut untyped);
            (describe_events(events), None)
        }
        Doc::Error(body) => {
            body.collect_untyped("reason", &mut untyped);
            let mut described = format!("error body {}", body.code);
            if let Some(subcode) = &body.subcode {
                described.push_str(&format!("/{subcode}"));
            }
            if let Some(status) = loaded.status {
                let error = ApiError::new(status, body.as_ref().clone());
                described.push_str(&format!(
                    " (HTTP {status}: next step {:?})",
                    error.next_step()
                ));
            }
            (described, None)
        }
    };
    let format = match loaded.format {
        Format::Json => "JSON",
        Format::Xml => "XML",
    };
    println!("{}: {format} {described}", loaded.name);
    if let Some(why) = &fallback {
        println!("  untyped: {why}");
    }
    for entry in &untyped {
        println!("  untyped {entry}");
    }
    let clean = fallback.is_none() && untyped.is_empty();
    if clean {
        println!("  everything typed");
    }
    Ok(if strict && !clean {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
