//! The commands: read, decode through the schema's registry, then print or report.

use crate::{FormatArg, InputArgs, Kind, detect};
use std::io::Write;
use std::process::ExitCode;
use ucwa_codec::registry::{DecodedInput, Fallback};
use ucwa_codec::{Decoded, Format, Untyped};
use ucwa_schema::batch::{self, BatchResponse, HttpMessage};
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

/// One body to decode: a bare document, a message's body, a batch part or a HAR entry.
pub struct Unit {
    /// What to call it in reports (`file`, `file part 2`, `file POST https://…`).
    pub name: String,
    /// The bytes to decode.
    pub body: Vec<u8>,
    /// Its media type, when the envelope gave one (a message's or part's header).
    pub content_type: Option<String>,
    /// A response's status code.
    pub status: Option<u16>,
    /// Method and target, for a request.
    pub request: Option<(String, String)>,
}

impl Unit {
    fn bare(name: String, body: Vec<u8>) -> Self {
        Unit {
            name,
            content_type: None,
            status: None,
            request: None,
            body,
        }
    }
}

/// Splits the input into the bodies it carries: a HAR file's request and response
/// bodies, a whole HTTP message's body, a batch's parts, or the document itself.
fn units(name: &str, input: Vec<u8>) -> Result<Vec<Unit>, String> {
    if crate::har::is_har(&input) {
        let mut out = Vec::new();
        for unit in crate::har::units(name, &input)? {
            out.extend(expand_batch(unit)?);
        }
        return Ok(out);
    }
    let unit = match HttpMessage::parse(&input) {
        None => Unit::bare(name.to_owned(), input),
        Some(message) => {
            let message = message.map_err(|e| format!("{name}: {e}"))?;
            let body = message.body().map_err(|e| format!("{name}: {e}"))?;
            Unit {
                name: name.to_owned(),
                content_type: message.header_value("content-type").map(str::to_owned),
                status: message.status(),
                request: message.request().map(|(m, t)| (m.to_owned(), t.to_owned())),
                body: body.into_owned(),
            }
        }
    };
    expand_batch(unit)
}

/// A `multipart/batching` body (by its Content-Type, or bare: starting with a
/// delimiter line) becomes one unit per part; anything else stays as it is.
fn expand_batch(unit: Unit) -> Result<Vec<Unit>, String> {
    let declared = unit.content_type.as_deref().filter(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/")
    });
    let boundary = match declared {
        Some(ct) => batch::boundary_of(ct).map_err(|e| format!("{}: {e}", unit.name))?,
        None => match bare_boundary(&unit.body) {
            Some(b) => b,
            None => return Ok(vec![unit]),
        },
    };
    let content_type = format!("{}; boundary=\"{boundary}\"", batch::MEDIA_TYPE);
    let responses =
        BatchResponse::parse_with_boundary(ucwa_schema::registry(), &boundary, &unit.body)
            .map_err(|e| format!("{}: {e}", unit.name))?;
    let mut out = Vec::new();
    if responses.parts.iter().any(Result::is_ok) {
        for (i, part) in responses.parts.into_iter().enumerate() {
            let part = part.map_err(|e| format!("{}: {e}", unit.name))?;
            out.push(Unit {
                name: format!("{} part {i}", unit.name),
                content_type: part.header_value("content-type").map(str::to_owned),
                status: Some(part.status),
                request: None,
                body: part.body,
            });
        }
    } else {
        let requests = batch::parse_requests(&content_type, &unit.body)
            .map_err(|e| format!("{}: {e}", unit.name))?;
        for (i, part) in requests.into_iter().enumerate() {
            let part = part.map_err(|e| format!("{}: {e}", unit.name))?;
            out.push(Unit {
                name: format!("{} part {i}", unit.name),
                content_type: part.header_value("content-type").map(str::to_owned),
                status: None,
                request: Some((part.method, part.target)),
                body: part.body,
            });
        }
    }
    Ok(out)
}

/// The boundary of a bare batch body: its first line is `--boundary`.
fn bare_boundary(body: &[u8]) -> Option<String> {
    let body = body.trim_ascii_start();
    let line = body.split(|&b| b == b'\n').next()?;
    let boundary = std::str::from_utf8(line.strip_prefix(b"--")?).ok()?.trim();
    (!boundary.is_empty() && !boundary.contains(char::is_whitespace)).then(|| boundary.to_owned())
}

/// The rel whose request body a POST to `target` carries: the documented href of an
/// operation whose last segment is not its rel (as the API samples show them), or else
/// the last segment itself.
fn target_rel(target: &str) -> Option<&str> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = path.split('#').next().unwrap_or(path).trim_end_matches('/');
    let last = path.rsplit('/').next().filter(|s| !s.is_empty())?;
    let parent = path.rsplit('/').nth(1).unwrap_or("");
    Some(match (parent, last) {
        (_, "messagingInvitations") => "startMessaging",
        (_, "phoneAudioInvitations") => "startPhoneAudio",
        (_, "participantInvitations") => "addParticipant",
        (_, "onlineMeetingInvitations") if query.contains("onlineMeetingUri=") => {
            "startOnlineMeeting"
        }
        (_, "onlineMeetingInvitations") => "joinOnlineMeeting",
        ("messaging", "messages") => "sendMessage",
        ("people", "groupMemberships") => "myGroupMemberships",
        _ => last,
    })
}

/// Decodes one unit; `None` for a message without a body.
fn load(args: &InputArgs, unit: &Unit) -> Result<Option<Loaded>, String> {
    let name = &unit.name;
    let bytes = batch::payload(&unit.body);
    if bytes.is_empty() && (unit.status.is_some() || unit.request.is_some()) {
        return Ok(None);
    }
    let format = match unit
        .content_type
        .as_deref()
        .and_then(Format::from_content_type)
    {
        Some(format) => format,
        None => detect::format(bytes).map_err(|e| format!("{name}: {e}"))?,
    };
    let registry = ucwa_schema::registry();
    let is_post = unit.request.as_ref().is_some_and(|(m, _)| m == "POST");
    let target_rel = unit.request.as_ref().and_then(|(_, t)| target_rel(t));
    // A rel with a request body type, named by --rel or a POST's target.
    let input_rel = args
        .rel
        .as_deref()
        .or(target_rel.filter(|_| is_post))
        .filter(|rel| registry.input_type_name(rel).is_some());
    let detected = detect::kind(format, bytes, input_rel.is_some());
    let kind = args.kind.unwrap_or(match unit.status {
        // A failure response carries an error body.
        Some(s) if s >= 400 && detected != Kind::Events => Kind::Error,
        // A POST carries a request body unless the body is plainly something else.
        _ if is_post && detected == Kind::Resource && !looks_like_resource(format, bytes) => {
            Kind::Input
        }
        _ => detected,
    });
    let input_rel = args.rel.as_deref().or(target_rel).unwrap_or("");
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
    Ok(Some(Loaded {
        name: name.clone(),
        format,
        doc,
        status: unit.status,
    }))
}

/// `GET https://…/presence`, `HTTP 204`, for reports on bodies from messages.
fn describe_message(unit: &Unit) -> Option<String> {
    match (&unit.request, unit.status) {
        (Some((method, target)), _) => Some(format!("{method} {target}")),
        (None, Some(status)) => Some(format!("HTTP {status}")),
        (None, None) => None,
    }
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

/// Writes to standard output; a closed pipe (`ucwa convert x | head -1`) ends the
/// command quietly, as it ends `cat`.
fn emit(out: &mut impl Write, bytes: &[u8]) -> Result<(), String> {
    match out.write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other.map_err(|e| format!("<stdout>: {e}")),
    }
}

/// `ucwa convert`: prints each document in the other format (or `to`), pretty.
pub fn convert(args: &InputArgs, to: Option<FormatArg>) -> Result<ExitCode, String> {
    let (name, input) = read_input(args)?;
    let units = units(&name, input)?;
    let several = units.len() > 1;
    let mut out = std::io::stdout().lock();
    for unit in &units {
        let Some(loaded) = load(args, unit)? else {
            let what = describe_message(unit).unwrap_or_default();
            if several {
                emit(
                    &mut out,
                    format!("# {}: {what} (no body)\n", unit.name).as_bytes(),
                )?;
            } else {
                eprintln!("ucwa: {}: {what}: no body to convert", unit.name);
            }
            continue;
        };
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
            Doc::Input(DecodedInput::Dynamic { input, .. }) => {
                ucwa_codec::encode_pretty(target, input)
            }
            Doc::Events(events) => ucwa_codec::encode_pretty(target, events.as_ref()),
            Doc::Error(body) => ucwa_codec::encode_pretty(target, body.as_ref()),
        }
        .map_err(|e| format!("{}: cannot encode: {e}", loaded.name))?;
        if several {
            let what = describe_message(unit).map_or(String::new(), |w| format!(" {w}"));
            emit(&mut out, format!("# {}:{what}\n", unit.name).as_bytes())?;
        }
        emit(&mut out, &encoded)?;
        emit(&mut out, b"\n")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `ucwa check`: reports the type and everything kept untyped, for each body.
pub fn check(args: &InputArgs, strict: bool) -> Result<ExitCode, String> {
    let (name, input) = read_input(args)?;
    let mut clean = true;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    let units = units(&name, input)?;
    let several = units.len() > 1;
    for unit in &units {
        let report = match check_one(args, unit, &mut clean) {
            Ok(report) => report,
            // One body of many that does not decode is reported, and the others still are.
            Err(e) if several => {
                failed = true;
                format!("{e}\n  error: does not decode\n")
            }
            Err(e) => return Err(e),
        };
        emit(&mut out, report.as_bytes())?;
    }
    Ok(if failed || (strict && !clean) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn check_one(args: &InputArgs, unit: &Unit, all_clean: &mut bool) -> Result<String, String> {
    // `: GET https://…` after the name, for a body taken from a message; nothing for a
    // bare document (which once read `file:: JSON …`).
    let message = describe_message(unit).map_or(String::new(), |m| format!(": {m}"));
    let Some(loaded) = load(args, unit)? else {
        return Ok(format!("{}{message} (no body)\n", unit.name));
    };
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
        Doc::Input(DecodedInput::Dynamic { input, reason }) => {
            ucwa_codec::Document::collect_untyped(input, "input", &mut untyped);
            let why = match reason {
                Fallback::Rejected(why) => format!("its type refused it: {why}"),
                _ => "no request body type known (name the resource with --rel)".to_owned(),
            };
            ("request body, dynamic".to_owned(), Some(why))
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
    let mut report = format!("{}{message}: {format} {described}\n", loaded.name);
    if let Some(why) = &fallback {
        report.push_str(&format!("  untyped: {why}\n"));
    }
    for entry in &untyped {
        report.push_str(&format!("  untyped {entry}\n"));
    }
    let clean = fallback.is_none() && untyped.is_empty();
    if clean {
        report.push_str("  everything typed\n");
    }
    *all_clean &= clean;
    Ok(report)
}
