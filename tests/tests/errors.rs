//! UCWA error bodies end to end: the documented samples, every error body in the corpus,
//! each documented presence error, the XML forms this crate chose, and what a client
//! is told to do about each failure.

use insta::{assert_debug_snapshot, assert_snapshot};
use ucwa_codec::{Format, Link, Value, json, xml};
use ucwa_schema::errors::{ApiError, ErrorBodyKind, NextStep, documented};
use ucwa_schema::{BagValue, ErrorBody, ErrorCode, ErrorSubcode, Method, Presence, PropertyBag};
use ucwa_tests::{manifest, sample};

/// Encodes to both formats (snapshots) and checks both decode back to the same value,
/// and that JSON -> typed -> XML -> typed -> JSON gives the same JSON.
fn both_formats(name: &str, value: &ErrorBody) {
    let as_json = json::to_string_pretty(value).unwrap();
    let as_xml = xml::to_string_pretty(value).unwrap();
    assert_snapshot!(format!("{name}.json"), as_json);
    assert_snapshot!(format!("{name}.xml"), as_xml);
    round_trips(value);
}

fn round_trips(value: &ErrorBody) {
    let from_json: ErrorBody = json::from_str(&json::to_string(value).unwrap()).unwrap();
    let from_xml: ErrorBody = xml::from_str(&xml::to_string(value).unwrap()).unwrap();
    assert_eq!(&from_json, value, "JSON round trip");
    assert_eq!(&from_xml, value, "XML round trip");
    let pretty_xml: ErrorBody = xml::from_str(&xml::to_string_pretty(value).unwrap()).unwrap();
    assert_eq!(&pretty_xml, value, "pretty XML round trip");
    let via_xml: ErrorBody = xml::from_str(&xml::to_string(&from_json).unwrap()).unwrap();
    assert_eq!(
        json::to_string(&via_xml).unwrap(),
        json::to_string(value).unwrap()
    );
}

#[test]
fn documented_json_sample() {
    let body: ErrorBody = json::from_str(&sample(
        "ErrorsAndInformationalMessages.sample.response.json",
    ))
    .unwrap();
    assert_eq!(body.code, ErrorCode::Conflict);
    assert_eq!(body.subcode, Some(ErrorSubcode::AlreadyExists));
    assert!(
        body.message
            .as_deref()
            .unwrap()
            .starts_with("The requested")
    );
    assert_debug_snapshot!(body);
    both_formats("errors-sample.from-json", &body);
}

#[test]
fn documented_xml_sample() {
    let text = sample("ErrorsAndInformationalMessages.sample.response.xml");
    let body: ErrorBody = xml::from_str(&text).unwrap();
    assert_eq!(body.code, ErrorCode::Conflict);
    assert_eq!(body.subcode, Some(ErrorSubcode::AlreadyExists));
    // `<debugInfo />` and `<parameters />` are present but empty: kept as such.
    assert_eq!(body.debug_info, Some(PropertyBag::new()));
    assert_eq!(body.parameters, Some(PropertyBag::new()));
    assert_debug_snapshot!(body);
    both_formats("errors-sample.from-xml", &body);

    // The two samples describe the same error; the XML one adds the empty bags.
    let from_json: ErrorBody = json::from_str(&sample(
        "ErrorsAndInformationalMessages.sample.response.json",
    ))
    .unwrap();
    let mut without_bags = body.clone();
    without_bags.debug_info = None;
    without_bags.parameters = None;
    assert_eq!(without_bags, from_json);
}

/// Every sample the manifest classifies as an error body (`payload_type` "reason").
#[test]
fn every_error_body_in_the_corpus() {
    let manifest = manifest();
    let mut seen = Vec::new();
    for entry in manifest["samples"].as_array().unwrap() {
        if entry["payload_type"] != "reason" {
            continue;
        }
        let file = entry["file"]
            .as_str()
            .unwrap()
            .trim_start_matches("samples/");
        let format: Format = entry["format"].as_str().unwrap().parse().unwrap();
        let text = sample(file);
        let body: ErrorBody =
            ucwa_codec::decode(format, text.as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(body.code.to_string().len() > 1, "{file}");
        round_trips(&body);
        if let Some(status) = entry["status"].as_u64() {
            let error = ApiError::from_response(
                status as u16,
                Some(format.vendor_media_type()),
                text.as_bytes(),
            );
            assert_eq!(error.error_body(), Some(&body), "{file}");
        }
        seen.push(format!("{file}: {} {:?}", body.code, body.subcode));
    }
    assert_eq!(seen.len(), 3, "{seen:#?}");
    assert_debug_snapshot!(seen);
}

#[test]
fn application_not_found_means_recreate() {
    let text = sample("ExtendAPresenceSubscription.post.response.2.json");
    let error = ApiError::from_response(404, Some("application/json"), text.as_bytes());
    assert_eq!(error.subcode(), Some(&ErrorSubcode::ApplicationNotFound));
    assert_eq!(error.next_step(), NextStep::RecreateApplication);
    assert!(!error.is_retryable());
    assert_snapshot!(error.to_string());
}

#[test]
fn every_documented_presence_error_in_both_formats() {
    let mut out = String::new();
    for (i, documented) in Presence::ERRORS.iter().enumerate() {
        let body = documented
            .body()
            .with_message(format!("documented error {i}"));
        round_trips(&body);
        let error = ApiError::from_response(
            documented.status,
            Some("application/vnd.microsoft.com.ucwa+xml"),
            xml::to_string(&body).unwrap().as_bytes(),
        );
        assert!(documented.matches(&error));
        assert_eq!(error.error_body(), Some(&body));
        out.push_str(&format!(
            "{} {} -> {:?}\n  {}\n  {}\n",
            documented.method,
            documented.status,
            error.next_step(),
            json::to_string(&body).unwrap(),
            xml::to_string(&body).unwrap(),
        ));
    }
    assert_snapshot!(out);
}

#[test]
fn documented_lookup_by_rel_and_method() {
    let post: Vec<_> = documented("presence", Method::Post).collect();
    assert!(!post.is_empty());
    assert!(post.iter().all(|e| e.method == Method::Post));
    assert_eq!(
        documented("presence", Method::Get).count() + post.len(),
        Presence::ERRORS.len()
    );
    assert_eq!(documented("unknown", Method::Get).count(), 0);
}

/// The forms this crate chose for what the reference never shows filled in: a link and
/// non-empty property bags (including a nested one), plus unknown members.
#[test]
fn link_bags_and_unknown_members_in_both_formats() {
    let json_text = r#"{
        "code": "BadRequest",
        "subcode": "ParameterValidationFailure",
        "message": "The availability is not valid.",
        "link": {"href": "https://help.example.com/ucwa/400", "title": "Help", "rel": "help"},
        "debugInfo": {
            "errorReportId": "7c1f0a",
            "servers": ["fe1", "fe2"],
            "retry": false,
            "trace": {"hop": 2, "server": "fe2"}
        },
        "parameters": {"availability": "Online2"},
        "correlationId": "4a5b",
        "stamp": null
    }"#;
    let body: ErrorBody = json::from_str(json_text).unwrap();
    assert_eq!(
        body.link,
        Some(
            Link {
                attributes: vec![("rel".into(), "help".into())],
                ..Link::new("https://help.example.com/ucwa/400")
            }
            .with_title("Help")
        )
    );
    let debug = body.debug_info.as_ref().unwrap();
    assert_eq!(debug.get_str("errorReportId"), Some("7c1f0a"));
    assert!(matches!(debug.get("trace"), Some(BagValue::Bag(b)) if b.len() == 2));
    assert_eq!(
        body.parameters.as_ref().unwrap().get_str("availability"),
        Some("Online2")
    );
    assert_eq!(
        body.extra.names().collect::<Vec<_>>(),
        ["correlationId", "stamp"]
    );
    assert_debug_snapshot!(body);
    both_formats("errors-rich", &body);

    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&body, "reason", &mut untyped);
    assert_eq!(untyped.len(), 2);
}

#[test]
fn link_as_a_bare_href_string_is_kept_in_json() {
    let text = r#"{"code":"Forbidden","link":"https://help.example.com/403"}"#;
    let body: ErrorBody = json::from_str(text).unwrap();
    assert_eq!(body.link, Some(Link::new("https://help.example.com/403")));
    assert_eq!(json::to_string(&body).unwrap(), text);
    let xml_text = xml::to_string(&body).unwrap();
    assert!(xml_text.contains(r#"<link href="https://help.example.com/403" />"#));
    assert_eq!(xml::from_str::<ErrorBody>(&xml_text).unwrap(), body);
}

#[test]
fn unknown_codes_and_subcodes_are_kept() {
    let text = r#"{"code":"Teapot","subcode":"Brewing"}"#;
    let body: ErrorBody = json::from_str(text).unwrap();
    assert_eq!(body.code, ErrorCode::Other("Teapot".into()));
    assert_eq!(body.subcode, Some(ErrorSubcode::Other("Brewing".into())));
    assert_eq!(json::to_string(&body).unwrap(), text);
    let mut untyped = Vec::new();
    ucwa_codec::Document::collect_untyped(&body, "reason", &mut untyped);
    assert_eq!(
        untyped.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "enum value `Teapot` at `reason/code`",
            "enum value `Brewing` at `reason/subcode`"
        ]
    );
}

#[test]
fn renamed_subcodes_keep_their_wire_spelling() {
    // The versioning page's 404: NotFound / APIVersionNotSupported.
    let xml_text = r#"<reason xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
        <code>NotFound</code>
        <subcode>APIVersionNotSupported</subcode>
    </reason>"#;
    let error = ApiError::from_response(404, Some("application/xml"), xml_text.as_bytes());
    assert_eq!(error.subcode(), Some(&ErrorSubcode::ApiVersionNotSupported));
    assert_eq!(error.next_step(), NextStep::FixRequest);
    let json_text = json::to_string(error.error_body().unwrap()).unwrap();
    assert_eq!(
        json_text,
        r#"{"code":"NotFound","subcode":"APIVersionNotSupported"}"#
    );
    assert_eq!(
        "IPv6NotSupported".parse::<ErrorSubcode>().unwrap(),
        ErrorSubcode::Ipv6NotSupported
    );
}

#[test]
fn unknown_text_elements_become_members() {
    let xml_text = r#"<reason xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
        <code>ServiceFailure</code><correlationId>abc</correlationId>
    </reason>"#;
    let body: ErrorBody = xml::from_str(xml_text).unwrap();
    assert_eq!(body.extra.get_str("correlationId"), Some("abc"));
    assert_eq!(
        json::to_string(&body).unwrap(),
        r#"{"code":"ServiceFailure","correlationId":"abc"}"#
    );
}

#[test]
fn malformed_error_bodies_are_rejected_with_a_position() {
    let cases: [(Format, &str); 5] = [
        (Format::Json, r#"{"message":"no code"}"#),
        (Format::Json, r#"{"code":"Conflict","code":"Gone"}"#),
        (
            Format::Xml,
            r#"<reason><message>no code</message></reason>"#,
        ),
        (Format::Xml, r#"<resource rel="x"/>"#),
        (
            Format::Xml,
            r#"<reason><code>Gone</code><debugInfo><x/></debugInfo></reason>"#,
        ),
    ];
    let mut out = String::new();
    for (format, text) in cases {
        let e = ucwa_codec::decode::<ErrorBody>(format, text.as_bytes()).unwrap_err();
        out.push_str(&format!("{format} {text}\n  {e}\n"));
    }
    assert_snapshot!(out);
}

#[test]
fn bodies_that_are_not_ucwa_errors_are_kept_raw() {
    let html = ApiError::from_response(502, Some("text/html"), b"<html>Bad gateway</html>");
    assert_eq!(
        html.body,
        ErrorBodyKind::Other {
            content_type: Some("text/html".into()),
            bytes: b"<html>Bad gateway</html>".to_vec()
        }
    );
    assert!(html.is_retryable());
    assert_eq!(html.code(), None);

    // JSON, but not an error body (no code): kept raw too.
    let odd = ApiError::from_response(500, Some("application/json"), br#"{"oops":1}"#);
    assert!(matches!(odd.body, ErrorBodyKind::Other { .. }));
    assert_eq!(odd.next_step(), NextStep::GiveUp);

    let empty = ApiError::from_response(401, None, b"");
    assert_eq!(empty.next_step(), NextStep::Reauthenticate);
    assert_eq!(empty.to_string(), "HTTP 401 Unauthorized (no body)");

    // No content type: the body is sniffed.
    let sniffed = ApiError::from_response(
        409,
        None,
        br#"{"code":"Conflict","subcode":"PGetReplaced"}"#,
    );
    assert_eq!(sniffed.next_step(), NextStep::Superseded);
    let e: &dyn std::error::Error = &sniffed;
    assert_eq!(e.to_string(), "HTTP 409 Conflict: Conflict/PGetReplaced");
}

/// What a client is told to do for each kind of failure.
#[test]
fn next_step_table() {
    let cases: &[(u16, &str, Option<&str>)] = &[
        (400, "BadRequest", Some("ParameterValidationFailure")),
        (400, "BadRequest", Some("DeserializationFailure")),
        (401, "", None),
        (403, "Forbidden", Some("AnonymousNotAllowed")),
        (404, "NotFound", Some("ApplicationNotFound")),
        (404, "NotFound", Some("InactiveApplicationExpired")),
        (404, "NotFound", Some("ResourceNotFound")),
        (404, "NotFound", Some("APIVersionNotSupported")),
        (405, "MethodNotAllowed", None),
        (409, "Conflict", Some("MakeMeAvailableRequired")),
        (409, "Conflict", Some("PGetReplaced")),
        (409, "Conflict", Some("AlreadyExists")),
        (409, "Conflict", Some("MigrationInProgress")),
        (410, "Gone", Some("CannotRedirect")),
        (412, "PreconditionFailed", None),
        (413, "EntityTooLarge", None),
        (415, "UnsupportedMediaType", None),
        (428, "PreconditionRequired", None),
        (429, "TooManyRequests", None),
        (500, "ServiceFailure", Some("ServiceTimeout")),
        (500, "ServiceFailure", Some("InvalidExchangeServerVersion")),
        (500, "ServiceFailure", None),
        (503, "ServiceUnavailable", None),
        (504, "GatewayTimeout", None),
    ];
    let mut out = String::new();
    for &(status, code, subcode) in cases {
        let error = if code.is_empty() {
            ApiError::from_response(status, None, b"")
        } else {
            let mut body = ErrorBody::new(code.parse().unwrap());
            body.subcode = subcode.map(|s| s.parse().unwrap());
            ApiError::new(status, body)
        };
        out.push_str(&format!(
            "{status} {code}/{} -> {:?}, retryable: {}\n",
            subcode.unwrap_or("-"),
            error.next_step(),
            error.is_retryable()
        ));
    }
    assert_snapshot!(out);
}

#[test]
fn codes_map_to_statuses() {
    for status in [
        400u16, 403, 404, 405, 409, 410, 412, 413, 415, 428, 429, 500, 503, 504,
    ] {
        let code = ErrorCode::from_status(status).unwrap();
        assert_eq!(code.status(), Some(status));
    }
    assert_eq!(ErrorCode::Timeout.status(), Some(504));
    assert_eq!(ErrorCode::Informational.status(), None);
    assert_eq!(Value::from("x"), Value::String("x".into()));
}
