//! The `ucwa` binary end to end: outputs, exit codes, one-line errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ucwa(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ucwa"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ucwa runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const PRESENCE_XML: &str = "../tests/samples/presence.get.response.xml";

#[test]
fn converts_xml_to_json_typed() {
    let out = ucwa(&["convert", PRESENCE_XML], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rel"], "presence");
    assert_eq!(json["availability"], "DoNotDisturb");
    assert_eq!(
        json["_links"]["self"]["href"],
        "/ucwa/v1/applications/192/me/presence"
    );
}

#[test]
fn converts_back_losslessly() {
    let json = ucwa(&["convert", PRESENCE_XML], None);
    let xml = ucwa(&["convert", "-"], Some(&text(&json.stdout)));
    assert!(xml.status.success());
    let again = ucwa(&["convert", "--to", "json"], Some(&text(&xml.stdout)));
    assert_eq!(text(&again.stdout), text(&json.stdout));
}

#[test]
fn converts_an_unknown_rel_dynamically() {
    let input = r#"{"rel":"mystery","answer":42,"_links":{"self":{"href":"/m"}}}"#;
    let out = ucwa(&["convert"], Some(input));
    assert!(out.status.success());
    let xml = text(&out.stdout);
    assert!(
        xml.contains(r#"<resource rel="mystery" href="/m""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<property name="answer">42</property>"#),
        "{xml}"
    );
}

#[test]
fn converts_a_request_body() {
    let out = ucwa(
        &["convert", "--kind", "input", "--rel", "presence"],
        Some(r#"{"availability":"Away"}"#),
    );
    assert!(out.status.success());
    assert!(text(&out.stdout).contains(r#"<input xmlns="#));
}

#[test]
fn check_reports_the_type() {
    let out = ucwa(&["check", "--strict", PRESENCE_XML], None);
    assert!(out.status.success());
    let report = text(&out.stdout);
    // A bare document: its name, one colon, the report.
    assert!(
        report.starts_with(&format!(
            "{PRESENCE_XML}: XML resource `presence` as Presence\n"
        )),
        "{report}"
    );
    assert!(report.contains("everything typed"), "{report}");
}

/// A value its field does not take is kept and reported as unfit, with the reason;
/// `--strict` fails on it.
#[test]
fn check_reports_unfit_values() {
    let input = r#"{"rel":"presence","availability":3,"activity":"Away"}"#;
    let lenient = ucwa(&["check"], Some(input));
    assert!(lenient.status.success());
    let report = text(&lenient.stdout);
    assert!(
        report.contains("as Presence")
            && report
                .contains("unfit property `availability` at `presence`: invalid type: integer `3`"),
        "{report}"
    );
    let strict = ucwa(&["check", "--strict"], Some(input));
    assert_eq!(strict.status.code(), Some(1));
}

/// `convert --rel` types a rel-less body by context and never adds a `rel` it lacked.
#[test]
fn convert_never_adds_a_rel() {
    let input = r#"{"x":1,"_links":{"self":{"href":"/r"}}}"#;
    for to in ["xml", "json"] {
        let out = ucwa(&["convert", "--to", to, "--rel", "root"], Some(input));
        assert!(out.status.success());
        let text = text(&out.stdout);
        assert!(!text.contains("rel"), "{text}");
        assert!(text.contains("/r"), "{text}");
    }
}

#[test]
fn strict_check_fails_on_untyped_members() {
    let input = r#"{"rel":"presence","availability":"Levitating","mood":"calm"}"#;
    let lenient = ucwa(&["check"], Some(input));
    assert!(lenient.status.success());
    let strict = ucwa(&["check", "--strict"], Some(input));
    assert_eq!(strict.status.code(), Some(1));
    let report = text(&strict.stdout);
    assert!(
        report.contains("untyped property `mood` at `presence`"),
        "{report}"
    );
    assert!(
        report.contains("untyped enum value `Levitating` at `presence/availability`"),
        "{report}"
    );
}

#[test]
fn malformed_input_is_one_line_exit_1() {
    for bad in [
        "<resource rel=\"presence\"><property name=\"availability\">x",
        "{\"rel\": \"presence\",",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><resource/>",
        "hello",
        "",
    ] {
        let out = ucwa(&["convert"], Some(bad));
        assert_eq!(out.status.code(), Some(1), "input {bad:?}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line for {bad:?}: {err}");
        assert!(err.starts_with("ucwa: <stdin>: "), "{err}");
    }
    let out = ucwa(
        &["convert"],
        Some("<resource rel=\"presence\">\n<link rel=\"x\"/>\n</resource>"),
    );
    assert!(
        text(&out.stderr).contains("line 2, column 1"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = ucwa(&["check", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("ucwa: no/such/file.json: "));
}

#[test]
fn reads_whole_http_messages() {
    for (file, expect) in [
        (
            "presence.get.response.json.http",
            "JSON resource `presence` as Presence",
        ),
        (
            "presence.get.response.xml.http",
            "XML resource `presence` as Presence",
        ),
        (
            "presence.post.request.json.http",
            "JSON request body as PresenceInput",
        ),
        (
            "presence.post.request.xml.http",
            "XML request body as PresenceInput",
        ),
    ] {
        let path = format!("../tests/samples/http/{file}");
        let out = ucwa(&["check", "--strict", &path], None);
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains(expect),
            "{file}: {}",
            text(&out.stdout)
        );
    }
    let out = ucwa(
        &[
            "convert",
            "../tests/samples/http/presence.post.request.xml.http",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"availability": "Online"}));
}

#[test]
fn help_documents_every_flag_and_completions_exist() {
    let help = text(&ucwa(&["convert", "--help"], None).stdout);
    for flag in ["--to", "--kind", "--rel", "[FILE]"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    let help = text(&ucwa(&["check", "--help"], None).stdout);
    assert!(help.contains("--strict"), "{help}");
    let script = ucwa(&["completions", "bash"], None);
    assert!(script.status.success());
    assert!(text(&script.stdout).contains("convert"));
}

#[test]
fn event_responses_are_detected_converted_and_checked() {
    let xml_sample = "../tests/samples/EventChannelDetails.sample.event.xml";
    let out = ucwa(&["convert", xml_sample], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["_links"]["next"]["href"],
        "/ucwa/oauth/v1/applications/102/events?ack=2"
    );
    assert_eq!(json["sender"][1]["events"][1]["type"], "added");
    let back = ucwa(
        &["convert", "--kind", "events", "-"],
        Some(&text(&out.stdout)),
    );
    assert!(back.status.success(), "{}", text(&back.stderr));
    assert!(text(&back.stdout).starts_with("<?xml"));
    assert!(text(&back.stdout).contains("<sender rel=\"me\""));

    let check = ucwa(
        &["check", "../tests/samples/presence.event-updated.json"],
        None,
    );
    assert!(check.status.success());
    assert!(
        text(&check.stdout).contains("JSON event response (next): 1 sender(s), 1 event(s)"),
        "{}",
        text(&check.stdout)
    );
    let strict = ucwa(&["check", "--strict", xml_sample], None);
    // communication is typed; its random-named PUT token stays in the catch-all (to be
    // sent back on PUT) but is a known part of the protocol, not an untyped member.
    let report = text(&strict.stdout);
    assert!(strict.status.success(), "{report}");
    assert!(report.contains("embedded: 1 typed, 0 dynamic"), "{report}");
    assert!(!report.contains("56de7bbf"), "{report}");
}

#[test]
fn strict_check_passes_on_a_real_communication() {
    // A communication resource a Skype for Business server returned (Stack Overflow
    // question 26742824), with its PUT token.
    let sample = "../tests/samples/observed/stackoverflow-26742824/communication.get.response.json";
    let out = ucwa(&["check", "--strict", sample], None);
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("everything typed"), "{report}");
    // And the token is still there when converted (and so when sent back on PUT).
    let xml = ucwa(&["convert", "--to", "xml", sample], None);
    assert!(xml.status.success(), "{}", text(&xml.stderr));
    assert!(
        text(&xml.stdout).contains(r#"<property name="9b5c7fdf-2c5f-462e-a4e3-39663f09301a">please pass this in a PUT request</property>"#),
        "{}",
        text(&xml.stdout)
    );
}

#[test]
fn error_bodies_are_detected_converted_and_checked() {
    let out = ucwa(
        &[
            "convert",
            "../tests/samples/ErrorsAndInformationalMessages.sample.response.xml",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["code"], "Conflict");
    assert_eq!(json["debugInfo"], serde_json::json!({}));

    let forced = ucwa(&["check", "--kind", "error"], Some(r#"{"code":"Gone"}"#));
    assert!(forced.status.success());
    assert!(text(&forced.stdout).contains("JSON error body Gone"));

    let http = "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\n\r\n\
                {\"code\":\"Conflict\",\"subcode\":\"MakeMeAvailableRequired\"}";
    let checked = ucwa(&["check"], Some(http));
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(
        text(&checked.stdout).contains("(HTTP 409: next step MakeMeAvailable)"),
        "{}",
        text(&checked.stdout)
    );
}

#[test]
fn schema_describes_a_resource() {
    let out = ucwa(&["schema", "presence"], None);
    assert!(out.status.success());
    let text = text(&out.stdout);
    assert!(text.contains("availability: Availability (enum:"), "{text}");
    assert!(
        text.contains("POST 500 ServiceFailure/CallbackChannelError"),
        "{text}"
    );
    let missing = ucwa(&["schema", "nothing-here"], None);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn an_over_limit_stdin_is_refused_after_the_limit() {
    // One byte over the codec's 32 MiB limit: refused by the size check, not by a parser.
    let limit = ucwa_codec::Limits::DEFAULT.max_input_bytes;
    let input = " ".repeat(limit + 1);
    let out = ucwa(&["check"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("document exceeds the limit of {limit} bytes")),
        "{err}"
    );
}

const HAR: &str = "tests/data/capture.har";

#[test]
fn a_har_capture_is_checked_body_by_body() {
    let out = ucwa(&["check", HAR], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for expected in [
        "entry 1 response to GET https://lyncweb.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user: HTTP 200: JSON resource `user` as User",
        "entry 2 request: POST https://lyncweb.contoso.com/ucwa/oauth/v1/applications: JSON request body as ApplicationsInput",
        "entry 2 response to POST https://lyncweb.contoso.com/ucwa/oauth/v1/applications: HTTP 201: JSON resource `application` as Application",
        "entry 4 request: POST https://lyncweb.contoso.com/ucwa/oauth/v1/applications/192/me/presence: XML request body as PresenceInput",
        "entry 4 response to POST https://lyncweb.contoso.com/ucwa/oauth/v1/applications/192/me/presence: HTTP 204 (no body)",
        "/communication/messagingInvitations: JSON request body as StartMessagingInput",
        "entry 7 request part 1: GET /ucwa/v1/applications/11540713861/me/phones (no body)",
        "/batch part 0: HTTP 200: JSON resource `policies` as Policies",
        "untyped property `etag` at `phones/_embedded/phone/0`",
        "events?ack=1: HTTP 200: JSON event response (next): 2 sender(s), 5 event(s)",
        "me/note: HTTP 404: JSON error body NotFound (HTTP 404: next step GiveUp)",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    // The photo's binary body is no UCWA document: not reported.
    assert!(!report.contains("/me/photo"), "{report}");
    let strict = ucwa(&["check", "--strict", HAR], None);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_har_capture_is_converted_body_by_body() {
    let out = ucwa(&["convert", HAR], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let converted = text(&out.stdout);
    assert!(
        converted.contains("# tests/data/capture.har entry 3 response to GET https://lyncweb.contoso.com/ucwa/oauth/v1/applications/192/me/presence: HTTP 200\n<?xml"),
        "{converted}"
    );
    assert!(
        converted.contains("<resource rel=\"policies\""),
        "{converted}"
    );
    assert!(
        converted.contains("entry 4 response to POST https://lyncweb.contoso.com/ucwa/oauth/v1/applications/192/me/presence: HTTP 204 (no body)"),
        "{converted}"
    );
    // The XML request body of entry 4 became JSON.
    assert!(
        converted.contains("\"availability\": \"Online\""),
        "{converted}"
    );
}

#[test]
fn body_less_messages_are_reported_not_refused() {
    let out = ucwa(&["check"], Some("HTTP/1.1 204 No Content\r\n\r\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "<stdin>: HTTP 204 (no body)\n");
    let get = "GET /ucwa/v1/applications/1/me HTTP/1.1\r\nHost: x\r\n\r\n";
    let out = ucwa(&["check"], Some(get));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "<stdin>: GET /ucwa/v1/applications/1/me (no body)\n"
    );
    let out = ucwa(&["convert"], Some(get));
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("no body to convert"));
}

#[test]
fn chunked_bodies_are_reassembled() {
    let message = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
                   c\r\n{\"rel\":\"pres\r\n1c;ext=1\r\nence\",\"availability\":\"Away\"}\r\n0\r\n\r\n";
    let out = ucwa(&["check", "--strict"], Some(message));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("JSON resource `presence` as Presence"),
        "{}",
        text(&out.stdout)
    );
    let cut = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n{}";
    let out = ucwa(&["check"], Some(cut));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("a chunk of 255 bytes is cut short"));
}

#[test]
fn a_request_body_with_rel_and_no_kind_is_the_input() {
    let body = r#"{"to":"sip:john@contoso.com","_links":{"mediaOffer":{"href":"data:application/sdp;base64,AAAA"}}}"#;
    let out = ucwa(&["check", "--strict", "--rel", "startAudio"], Some(body));
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("JSON request body as StartAudioInput"),
        "{}",
        text(&out.stdout)
    );
    // A resource with its `rel` stays a resource.
    let out = ucwa(
        &["check", "--rel", "presence"],
        Some(r#"{"rel":"presence","availability":"Away"}"#),
    );
    assert!(text(&out.stdout).contains("resource `presence` as Presence"));
}

#[test]
fn posts_to_documented_hrefs_name_their_operation() {
    for (target, body, expected) in [
        (
            "/ucwa/oauth/v1/applications/192/communication/messagingInvitations",
            r#"{"to":"sip:john@contoso.com","operationId":"1"}"#,
            "request body as StartMessagingInput",
        ),
        (
            "/ucwa/oauth/v1/applications/192/communication/onlineMeetingInvitations?onlineMeetingUri=adhoc",
            r#"{"operationId":"1"}"#,
            "request body as StartOnlineMeetingInput",
        ),
        (
            "/ucwa/oauth/v1/applications/192/communication/conversations/1/messaging/messages",
            r#"{"operationId":"1"}"#,
            "request body as SendMessageInput",
        ),
    ] {
        let message =
            format!("POST {target} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{body}");
        let out = ucwa(&["check"], Some(&message));
        assert!(out.status.success(), "{target}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains(expected),
            "{target}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn batches_are_split_and_each_part_checked() {
    let response = "--b1\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
        HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n\
        {\"rel\":\"presence\",\"availability\":\"Away\"}\r\n\
        --b1\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
        HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n\
        {\"code\":\"NotFound\"}\r\n--b1--\r\n";
    // Bare, and as a whole message.
    let whole = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/batching; boundary=b1\r\n\r\n{response}"
    );
    for input in [response.to_owned(), whole] {
        let out = ucwa(&["check"], Some(&input));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let report = text(&out.stdout);
        assert!(
            report.contains("<stdin> part 0: HTTP 200: JSON resource `presence` as Presence"),
            "{report}"
        );
        assert!(
            report.contains("<stdin> part 1: HTTP 404: JSON error body NotFound"),
            "{report}"
        );
    }
    let request = "--r\r\nContent-Type: application/http; msgtype=request\r\n\r\n\
        GET /ucwa/v1/applications/1/me HTTP/1.1\r\n\r\n\
        --r\r\nContent-Type: application/http; msgtype=request\r\n\r\n\
        POST /ucwa/v1/applications/1/me/presence HTTP/1.1\r\nContent-Type: application/json\r\n\r\n\
        {\"availability\":\"Away\"}\r\n--r--\r\n";
    let out = ucwa(&["convert"], Some(request));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let converted = text(&out.stdout);
    assert!(
        converted.contains("# <stdin> part 0: GET /ucwa/v1/applications/1/me (no body)"),
        "{converted}"
    );
    assert!(
        converted.contains("# <stdin> part 1: POST /ucwa/v1/applications/1/me/presence\n<?xml"),
        "{converted}"
    );
}

#[test]
fn misspelled_rels_get_a_suggestion() {
    let out = ucwa(&["schema", "presense"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "ucwa: no resource with rel `presense`: did you mean `presence`?\n"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ucwa"))
        .args(["convert", HAR])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read nothing and close the pipe at once, like `| head -0`.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
    // Exit 0, or death by SIGPIPE where the signal is not ignored.
    assert!(
        out.status.success() || out.status.code().is_none(),
        "{:?}",
        out.status
    );
}
