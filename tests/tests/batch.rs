//! Batches against the documented `multipart/batching` samples (BatchingRequests.md,
//! GroupingRequestsInABatch.md, batch_ref.md), using the repaired copies where the
//! manifest records a repair, plus building batches and reading them back.

use insta::assert_snapshot;
use ucwa_codec::{Decoded, DynResource, ETag, Format, PutRequest};
use ucwa_schema::batch::{self, Batch, BatchRequest, BatchResponse, ResponsePart};
use ucwa_schema::{Availability, ErrorSubcode, Presence, PresenceInput, ResponseError};
use ucwa_tests::{manifest, sample};

/// Every multipart sample of the manifest: (file to read, content type, kind).
fn multipart_samples() -> Vec<(String, String, String)> {
    let manifest = manifest();
    let samples = manifest["samples"].as_array().expect("samples");
    samples
        .iter()
        .filter(|s| s["media_type"] == "multipart/batching")
        .map(|s| {
            let file = s
                .get("repaired_file")
                .or_else(|| s.get("file"))
                .and_then(|f| f.as_str())
                .expect("file");
            (
                file.trim_start_matches("samples/").to_owned(),
                s["content_type"].as_str().expect("content_type").to_owned(),
                s["kind"].as_str().expect("kind").to_owned(),
            )
        })
        .collect()
}

/// A sample's manifest content type, by file name (under `other/`).
fn content_type_of(name: &str) -> String {
    multipart_samples()
        .into_iter()
        .find(|(file, _, _)| file.ends_with(name))
        .map(|(_, ct, _)| ct)
        .unwrap_or_else(|| panic!("{name} in the manifest"))
}

fn parse_response_sample(name: &str) -> BatchResponse {
    let file = multipart_samples()
        .into_iter()
        .find(|(file, _, _)| file.ends_with(name))
        .map(|(file, _, _)| file)
        .unwrap();
    BatchResponse::parse(&content_type_of(name), sample(&file).as_bytes()).unwrap()
}

fn ok(part: &Result<ResponsePart, batch::MalformedPart>) -> &ResponsePart {
    part.as_ref().unwrap_or_else(|e| panic!("{e}"))
}

/// The `rel` and self link of a decoded part, typed or dynamic.
fn rel_and_href(part: &ResponsePart) -> (String, String) {
    let decoded = part
        .resource()
        .unwrap_or_else(|| panic!("no resource: {:?}", part.result));
    let doc: DynResource =
        ucwa_codec::json::from_str(&serde_json::to_string(decoded).unwrap()).unwrap();
    (
        doc.rel.unwrap_or_default(),
        doc.self_link.map(|l| l.href).unwrap_or_default(),
    )
}

#[test]
fn every_multipart_sample_is_read() {
    let samples = multipart_samples();
    assert_eq!(samples.len(), 7, "{samples:?}");
    for (file, content_type, kind) in samples {
        let body = sample(&file);
        match kind.as_str() {
            "request" => {
                let requests = batch::parse_requests(&content_type, body.as_bytes()).unwrap();
                assert_eq!(requests.len(), 2, "{file}");
                for request in &requests {
                    let request = request.as_ref().unwrap_or_else(|e| panic!("{file}: {e}"));
                    assert_eq!(request.method, "GET", "{file}");
                    assert!(request.target.starts_with("/ucwa/"), "{file}");
                    assert!(request.header_value("host").is_some(), "{file}");
                    assert!(request.header_value("accept").is_some(), "{file}");
                    assert!(request.body.is_empty(), "{file}");
                }
            }
            "response" => {
                let response = BatchResponse::parse(&content_type, body.as_bytes()).unwrap();
                assert_eq!(response.parts.len(), 2, "{file}");
                for part in &response.parts {
                    let part = ok(part);
                    assert_eq!((part.status, part.reason.as_str()), (200, "OK"), "{file}");
                    assert_eq!(part.header_value("cache-control"), Some("no-cache"));
                }
            }
            other => panic!("{file}: unexpected kind {other}"),
        }
    }
}

#[test]
fn batching_requests_request() {
    let content_type = content_type_of("BatchingRequests.post.request.multipart");
    assert_eq!(
        batch::boundary_of(&content_type).unwrap(),
        "77f2569d-c005-442b-b856-782305305e5f"
    );
    let body = sample("other/BatchingRequests.post.request.multipart");
    let requests: Vec<BatchRequest> = batch::parse_requests(&content_type, body.as_bytes())
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let expected = |target: &str| {
        BatchRequest::new("GET", target)
            .header("Host", "lyncweb.contoso.com")
            .header("Accept", "application/json")
    };
    assert_eq!(
        requests,
        [
            expected("/ucwa/oauth/v1/applications/103/people/contacts"),
            expected("/ucwa/oauth/v1/applications/103/me"),
        ]
    );

    // Building the same batch and reading it back gives the same requests.
    let mut built = Batch::new();
    for request in &requests {
        built.push(request.clone());
    }
    let encoded = built.encode();
    let again = batch::parse_requests(&encoded.content_type(), &encoded.body).unwrap();
    assert_eq!(
        again.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
        requests
    );
}

#[test]
fn batching_requests_response() {
    // Both bodies start with a stray `?` line; the first has elided links (`{ ... }`).
    let response = parse_response_sample("BatchingRequests.post.response.multipart");
    let [contacts, me] = &response.parts[..] else {
        panic!("two parts")
    };
    let contacts = ok(contacts);
    assert_eq!(contacts.status, 200);
    assert!(contacts.body.starts_with(b"?\n{"));
    let Err(ResponseError::Decode { status: 200, error }) = &contacts.result else {
        panic!("the elided body does not decode: {:?}", contacts.result)
    };
    assert_eq!(error.path(), "_embedded/contact/1/_links/contactPhoto");

    // The failure of the first part leaves the second intact.
    let me = ok(me);
    assert_eq!(
        me.header_value("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        rel_and_href(me),
        ("me".into(), "/ucwa/oauth/v1/applications/103/me".into())
    );
    let doc = me.resource().unwrap();
    let json = serde_json::to_value(doc).unwrap();
    assert_eq!(json["name"], "Dana Birkby");
    assert_eq!(json["emailAddresses"][0], "DanaB@contoso.com");
}

#[test]
fn grouping_requests_without_close_delimiter() {
    let content_type = content_type_of("GroupingRequestsInABatch.post.request.multipart");
    let body = sample("other/GroupingRequestsInABatch.post.request.multipart");
    assert!(!body.ends_with("--77f2569d--"));
    let requests = batch::parse_requests(&content_type, body.as_bytes()).unwrap();
    let targets: Vec<_> = requests
        .iter()
        .map(|r| r.as_ref().unwrap().target.as_str())
        .collect();
    assert_eq!(
        targets,
        [
            "/ucwa/oauth/v1/applications/103/people/contacts",
            "/ucwa/oauth/v1/applications/103/me"
        ]
    );
}

#[test]
fn batch_ref_json_samples() {
    // Repaired copies: `<BR>` turned back into line breaks; still `Name : value` headers
    // and start lines without spaces (`HTTP/1.1200OK`, `GET/ucwa/…HTTP/1.1`).
    let content_type = content_type_of("batch.post.request.1.multipart");
    let body = sample("repaired/other/batch.post.request.1.multipart");
    let requests = batch::parse_requests(&content_type, body.as_bytes()).unwrap();
    let first = requests[0].as_ref().unwrap();
    assert_eq!(first.method, "GET");
    assert_eq!(first.target, "/ucwa/v1/applications/11540713861/policies");
    assert_eq!(
        first.header_value("Accept"),
        Some("application/vnd.microsoft.com.ucwa+json")
    );
    assert_eq!(first.header_value("Host"), Some("fe1.contoso.com"));
    assert_eq!(
        requests[1].as_ref().unwrap().target,
        "/ucwa/v1/applications/11540713861/me/phones"
    );

    let response = parse_response_sample("batch.post.response.1.multipart");
    let [policies, phones] = &response.parts[..] else {
        panic!("two parts")
    };
    let (policies, phones) = (ok(policies), ok(phones));
    assert_eq!(policies.status, 200);
    assert_eq!(
        rel_and_href(policies),
        (
            "policies".into(),
            "/ucwa/v1/applications/11540713861/policies".into()
        )
    );
    assert_eq!(
        rel_and_href(phones),
        (
            "phones".into(),
            "/ucwa/v1/applications/11540713861/me/phones".into()
        )
    );
    let phones = serde_json::to_value(phones.resource().unwrap()).unwrap();
    assert_eq!(phones["_embedded"]["phone"].as_array().unwrap().len(), 4);
}

#[test]
fn batch_ref_xml_samples() {
    let content_type = content_type_of("batch.post.request.2.multipart");
    let body = sample("other/batch.post.request.2.multipart");
    let requests = batch::parse_requests(&content_type, body.as_bytes()).unwrap();
    for request in &requests {
        let request = request.as_ref().unwrap();
        assert_eq!(request.body_format(), Some(Format::Xml));
        assert!(request.body.is_empty());
    }

    let response = parse_response_sample("batch.post.response.2.multipart");
    let [policies, phones] = &response.parts[..] else {
        panic!("two parts")
    };
    let (policies, phones) = (ok(policies), ok(phones));
    assert_eq!(rel_and_href(policies).0, "policies");
    let policies = serde_json::to_value(policies.resource().unwrap()).unwrap();
    assert_eq!(policies["telephonyMode"], "Uc");
    let xml = ucwa_codec::xml::to_string(phones.resource().unwrap()).unwrap();
    assert_eq!(xml.matches(r#"<resource rel="phone""#).count(), 4, "{xml}");
}

#[test]
fn unrepaired_samples_fail_cleanly() {
    // As extracted, batch_ref's JSON samples use `<BR>` for line breaks: no delimiter
    // starts a line, so there is no part to read, and an error says so.
    let content_type = content_type_of("batch.post.request.1.multipart");
    let body = sample("other/batch.post.request.1.multipart");
    let e = batch::parse_requests(&content_type, body.as_bytes()).unwrap_err();
    assert_eq!(e.to_string(), "the body holds no delimiter `--EA370946`");
    let body = sample("other/batch.post.response.1.multipart");
    let e = BatchResponse::parse(
        &content_type_of("batch.post.response.1.multipart"),
        body.as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "the body holds no delimiter `--0cac9abd`");
}

#[test]
fn typed_parts_and_error_parts() {
    let error_json = sample("ErrorsAndInformationalMessages.sample.response.json");
    let error_xml = sample("ErrorsAndInformationalMessages.sample.response.xml");
    let presence = sample("presence.get.response.xml");
    let body = format!(
        "--x\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
         HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n{presence}\r\n\
         --x\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
         HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\n\r\n{error_json}\r\n\
         --x\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
         HTTP/1.1 409 Conflict\r\nContent-Type: application/xml\r\n\r\n{error_xml}\r\n\
         --x\r\nContent-Type: application/http; msgtype=response\r\n\r\n\
         HTTP/1.1 204 No Content\r\n\r\n\r\n--x--\r\n"
    );
    let response = BatchResponse::parse("multipart/batching;boundary=x", body.as_bytes()).unwrap();
    let [presence, json_error, xml_error, empty] = &response.parts[..] else {
        panic!("four parts")
    };
    let presence = ok(presence);
    assert!(matches!(presence.resource(), Some(Decoded::Typed(_))));
    let presence = presence.downcast_ref::<Presence>().unwrap();
    assert_eq!(presence.availability, Some(Availability::DoNotDisturb));

    for (part, format) in [(json_error, Format::Json), (xml_error, Format::Xml)] {
        let part = ok(part);
        assert!(!part.is_success());
        let Err(ResponseError::Api(error)) = &part.result else {
            panic!("{:?}", part.result)
        };
        assert_eq!(error.status, 409);
        let ucwa_schema::errors::ErrorBodyKind::Ucwa { format: read, .. } = &error.body else {
            panic!("a UCWA error body: {error:?}")
        };
        assert_eq!(*read, format);
        assert_eq!(error.subcode(), Some(&ErrorSubcode::AlreadyExists));
    }
    assert!(matches!(ok(empty).result, Ok(None)));
}

#[test]
fn requests_with_typed_bodies() {
    let input: PresenceInput =
        ucwa_codec::json::from_str(&sample("presence.post.request.json")).unwrap();
    let note: DynResource =
        ucwa_codec::json::from_str(r#"{"rel":"note","message":"--not-a-boundary--","etag":"12"}"#)
            .unwrap();
    let put = PutRequest::new(
        &note,
        ETag::from_members(&note.members).unwrap(),
        Format::Xml,
    )
    .unwrap();

    let mut built = Batch::new().with_host("fe1.contoso.com");
    built
        .push(BatchRequest::get(
            "/ucwa/v1/applications/192/me/presence",
            Format::Xml,
        ))
        .push(
            BatchRequest::post(
                "/ucwa/v1/applications/192/me/presence",
                Format::Json,
                &input,
            )
            .unwrap(),
        )
        .push(
            BatchRequest::post("/ucwa/v1/applications/192/me/presence", Format::Xml, &input)
                .unwrap(),
        )
        .push(BatchRequest::put("/ucwa/v1/applications/192/me/note", &put))
        .push(BatchRequest::delete("/ucwa/v1/applications/192/me/note"));
    let encoded = built.encode_with_boundary("EA370946").unwrap();
    assert_eq!(
        encoded.content_type(),
        "multipart/batching;boundary=EA370946"
    );
    assert_snapshot!(String::from_utf8(encoded.body.clone()).unwrap());

    let parsed: Vec<BatchRequest> = batch::parse_requests(&encoded.content_type(), &encoded.body)
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(parsed.len(), 5);
    for request in &parsed {
        assert_eq!(request.header_value("Host"), Some("fe1.contoso.com"));
    }
    let registry = ucwa_schema::registry();
    for (request, format) in [(&parsed[1], Format::Json), (&parsed[2], Format::Xml)] {
        assert_eq!(request.body_format(), Some(format));
        let length: usize = request
            .header_value("content-length")
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(length, request.body.len());
        let decoded = registry
            .decode_input("presence", format, &request.body)
            .unwrap();
        let ucwa_codec::registry::DecodedInput::Typed(decoded) = decoded else {
            panic!("typed")
        };
        assert_eq!(
            serde_json::to_value(&*decoded).unwrap(),
            serde_json::to_value(&input).unwrap()
        );
    }
    let put_part = &parsed[3];
    assert_eq!(put_part.method, "PUT");
    assert_eq!(put_part.header_value("If-Match"), Some("\"12\""));
    assert_eq!(put_part.body, put.body);
    // XML text carries no type: the etag comes back as the number it spells.
    let back: DynResource = ucwa_codec::xml::from_slice(&put_part.body).unwrap();
    assert_eq!(
        back.members.property("message"),
        note.members.property("message")
    );
    assert_eq!(
        ETag::from_members(&back.members),
        Some(put.if_match.clone())
    );
    assert_eq!(parsed[4].method, "DELETE");
    assert!(parsed[4].body.is_empty());
}

#[test]
fn fresh_boundaries_avoid_the_content() {
    let mut built = Batch::new();
    built.push(BatchRequest::new("POST", "/x").header("X-Note", "a"));
    let first = built.encode();
    // A body quoting the last boundary still gets a different, unused one.
    built.push(BatchRequest::new("POST", "/y").header("X-Quote", first.boundary.clone()));
    for _ in 0..100 {
        let encoded = built.encode();
        assert_ne!(encoded.boundary, first.boundary);
        let text = String::from_utf8(encoded.body).unwrap();
        assert_eq!(
            text.matches(&format!("--{}", encoded.boundary)).count(),
            3,
            "two delimiters and the close delimiter"
        );
    }
}
