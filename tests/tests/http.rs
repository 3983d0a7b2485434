//! The `http` features: typed headers, and decoding an `http::Response<Bytes>` into the
//! resource or the error in one call (also for batches).

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Response, StatusCode};
use insta::assert_snapshot;
use ucwa_codec::headers::MinResourceVersion;
use ucwa_codec::{DynResource, ETag, Format};
use ucwa_schema::batch::{Batch, BatchError, BatchRequest, BatchResponse};
use ucwa_schema::response::{check_http, from_http, from_http_dyn};
use ucwa_schema::{Availability, ErrorSubcode, Presence, ResponseError};
use ucwa_tests::sample;

fn response(status: u16, content_type: Option<&str>, body: impl Into<Bytes>) -> Response<Bytes> {
    let mut builder = Response::builder().status(status);
    if let Some(ct) = content_type {
        builder = builder.header(CONTENT_TYPE, ct);
    }
    builder.body(body.into()).unwrap()
}

#[test]
fn documented_samples_decode_from_responses() {
    for (file, content_type, availability) in [
        (
            "presence.get.response.json",
            "application/vnd.microsoft.com.ucwa+json",
            Availability::Online,
        ),
        (
            "presence.get.response.xml",
            "application/vnd.microsoft.com.ucwa+xml; charset=utf-8",
            Availability::DoNotDisturb,
        ),
    ] {
        let r = response(200, Some(content_type), sample(file));
        let presence: Presence = from_http(&r).unwrap();
        assert_eq!(presence.availability, Some(availability), "{file}");
        let decoded = from_http_dyn(ucwa_schema::registry(), &r).unwrap().unwrap();
        assert_eq!(decoded.downcast_ref::<Presence>(), Some(&presence));
    }
    // Without a Content-Type the body's first bytes decide.
    let r = response(200, None, sample("presence.get.response.xml"));
    assert!(from_http::<Presence, _>(&r).is_ok());
}

#[test]
fn documented_error_bodies_become_api_errors() {
    for (file, content_type, format) in [
        (
            "ErrorsAndInformationalMessages.sample.response.json",
            "application/json",
            Format::Json,
        ),
        (
            "ErrorsAndInformationalMessages.sample.response.xml",
            "application/xml",
            Format::Xml,
        ),
    ] {
        let r = response(409, Some(content_type), sample(file));
        let error = from_http::<Presence, _>(&r).unwrap_err();
        assert_eq!(error.status(), 409);
        let ResponseError::Api(api) = &error else {
            panic!("{error:?}")
        };
        let ucwa_schema::errors::ErrorBodyKind::Ucwa { format: read, .. } = &api.body else {
            panic!("{file}: a UCWA error body: {api:?}")
        };
        assert_eq!(*read, format);
        assert_eq!(api.subcode(), Some(&ErrorSubcode::AlreadyExists), "{file}");
        assert!(check_http(&r).is_err());
        assert!(from_http_dyn(ucwa_schema::registry(), &r).is_err());
    }
}

#[test]
fn error_messages() {
    let cases = [
        response(
            409,
            Some("application/json"),
            sample("ErrorsAndInformationalMessages.sample.response.json"),
        ),
        response(412, None, ""),
        response(
            200,
            Some("application/json"),
            "{\n  \"rel\": \"presence\",\n  \"availability\": \"Away\",\n  \"availability\": \"Busy\"\n}",
        ),
        response(200, Some("text/html"), "<html></html>"),
        response(204, None, ""),
    ];
    let messages: Vec<String> = cases
        .iter()
        .map(|r| from_http::<Presence, _>(r).unwrap_err().to_string())
        .collect();
    assert_snapshot!(messages.join("\n"));
    let source = from_http::<Presence, _>(&cases[2]).unwrap_err();
    let source = std::error::Error::source(&source).unwrap();
    assert!(source.to_string().contains("presence/availability"));
}

#[test]
fn bodiless_answers() {
    assert!(check_http(&response(204, None, "")).is_ok());
    assert!(matches!(
        from_http_dyn(ucwa_schema::registry(), &response(204, None, " \r\n")),
        Ok(None)
    ));
    let e = check_http(&response(428, None, "")).unwrap_err();
    assert_eq!(e.status(), StatusCode::PRECONDITION_REQUIRED.as_u16());
}

#[test]
fn typed_headers() {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, Format::Xml.into());
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(Format::Json.media_type()),
    );
    ETag::strong("2758999089")
        .unwrap()
        .set_if_match(&mut headers);
    MinResourceVersion::new(2).set_header(&mut headers);
    let mut lines: Vec<String> = headers
        .iter()
        .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "accept: application/vnd.microsoft.com.ucwa+xml",
            "content-type: application/json",
            "if-match: \"2758999089\"",
            "x-ms-requiresminresourceversion: 2.0",
        ]
    );
    assert_eq!(Format::from_accept_headers(&headers), Some(Format::Xml));
    assert_eq!(Format::from_headers(&headers), Some(Format::Json));
    assert_eq!(
        MinResourceVersion::from_headers(&headers).unwrap(),
        Some(MinResourceVersion::new(2))
    );

    // The versioning page's example: a link revision against a required version.
    let link: DynResource = ucwa_codec::xml::from_str(
        r#"<resource rel="root" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
             <link rel="application" revision="4" href="/ucwa/v1/applications"/>
           </resource>"#,
    )
    .unwrap();
    let revision = link
        .members
        .link("application")
        .unwrap()
        .revision()
        .unwrap();
    assert!(
        MinResourceVersion::parse("4.0")
            .unwrap()
            .is_met_by(revision)
    );
    assert!(
        !MinResourceVersion::parse("4.5")
            .unwrap()
            .is_met_by(revision)
    );
}

#[test]
fn batches_over_http() {
    let mut batch = Batch::new().with_host("fe1.contoso.com");
    batch.push(BatchRequest::get(
        "/ucwa/v1/applications/192/me/presence",
        Format::Json,
    ));
    let encoded = batch.encode();
    let boundary = encoded.boundary.clone();
    let request = encoded
        .into_request("https://fe1.contoso.com/ucwa/v1/applications/192/batch")
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.headers()[ACCEPT], "multipart/batching");
    assert_eq!(
        request.headers()[CONTENT_TYPE],
        format!("multipart/batching;boundary={boundary}").as_str()
    );

    let content_type = "multipart/batching; boundary=\"3968fb75-0b0e-4e11-8b0c-4e37d822ed0c\"";
    let r = response(
        200,
        Some(content_type),
        sample("other/BatchingRequests.post.response.multipart"),
    );
    let parsed = BatchResponse::from_http(ucwa_schema::registry(), &r).unwrap();
    assert_eq!(parsed.parts.len(), 2);

    let refused = response(
        429,
        Some("application/json"),
        r#"{"code":"TooManyRequests"}"#,
    );
    let e = BatchResponse::from_http(ucwa_schema::registry(), &refused).unwrap_err();
    let BatchError::Refused(api) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(api.status(), 429);
    assert!(std::error::Error::source(&e).is_some());

    let e =
        BatchResponse::from_http(ucwa_schema::registry(), &response(200, None, "")).unwrap_err();
    assert_eq!(e.to_string(), "the batch response has no Content-Type");
}
