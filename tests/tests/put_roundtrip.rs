//! The PUT round trip UCWA requires (PayloadFormat.md): GET a resource, change a field,
//! PUT the whole of it back — unknown properties, the randomly named "please pass this
//! in a PUT request" property and the `If-Match` ETag intact — with typed resources and
//! the dynamic model, in both formats.

use bytes::Bytes;
use ucwa_codec::headers::put_token;
use ucwa_codec::{DynResource, ETag, Format, PutRequest, Value, json, xml};
use ucwa_schema::{Availability, Presence};
use ucwa_tests::sample;

const TOKEN_NAME: &str = "56de7bbf-1081-43e6-bbf2-1cabf3224c83";
const TOKEN_VALUE: &str = "please pass this in a PUT request";

/// The `communication` resource embedded in the EventChannelDetails sample: it carries
/// the random-named property and an `etag`.
fn communication_from_event(format: Format) -> DynResource {
    let event = match format {
        Format::Json => sample("EventChannelDetails.sample.event.json"),
        Format::Xml => sample("EventChannelDetails.sample.event.xml"),
    };
    match format {
        Format::Json => {
            let event: serde_json::Value = serde_json::from_str(&event).unwrap();
            let embedded = &event["sender"][0]["events"][0]["_embedded"]["communication"];
            json::from_str(&embedded.to_string()).unwrap()
        }
        Format::Xml => {
            // The embedded <resource rel="communication"> element, made a document.
            let start = event.find("<resource rel=\"communication\"").unwrap();
            let end = start + event[start..].find("</resource>").unwrap() + "</resource>".len();
            let element = event[start..end].replacen(
                "<resource ",
                "<resource xmlns=\"http://schemas.microsoft.com/rtc/2012/03/ucwa\" ",
                1,
            );
            xml::from_str(&element).unwrap()
        }
    }
}

#[test]
fn dynamic_resource_keeps_the_put_token_and_etag() {
    for got_as in [Format::Json, Format::Xml] {
        let got = communication_from_event(got_as);
        assert_eq!(
            put_token(&got.members),
            Some((TOKEN_NAME, TOKEN_VALUE)),
            "{got_as}"
        );
        let etag = ETag::from_members(&got.members).unwrap();
        assert_eq!(etag.to_string(), "\"2943169141\"");

        let mut changed = got.clone();
        changed.members.set_property(
            "supportedMessageFormats",
            Value::List(vec!["Plain".into(), "Html".into()]),
        );

        for put_as in [Format::Json, Format::Xml] {
            let put = PutRequest::new(&changed, etag.clone(), put_as).unwrap();
            assert_eq!(put.headers()[1], ("If-Match", "\"2943169141\"".to_owned()));
            let sent: DynResource = ucwa_codec::decode(put_as, &put.body).unwrap();
            assert_eq!(
                put_token(&sent.members),
                Some((TOKEN_NAME, TOKEN_VALUE)),
                "{got_as} -> {put_as}"
            );
            assert_eq!(ETag::from_members(&sent.members), Some(etag.clone()));
            assert_eq!(sent.rel.as_deref(), Some("communication"));
            assert_eq!(
                sent.members.property("supportedMessageFormats"),
                Some(&Value::List(vec!["Plain".into(), "Html".into()]))
            );
            // Links go back too: the server ignores them, and nothing is lost.
            assert_eq!(sent.members.links.len(), got.members.links.len());
            assert_eq!(sent.self_link, got.self_link);
            if put_as == got_as {
                assert_eq!(sent, changed, "{got_as} -> {put_as} is exact");
            }
        }
    }
}

/// Read the documented GET response, change the field the documented PUT request
/// differs in, and compare the properties sent with the documented PUT request.
#[test]
fn communication_put_matches_the_documented_request() {
    for format in [Format::Json, Format::Xml] {
        let (got, documented) = match format {
            Format::Json => (
                sample("communication.get.response.json"),
                sample("communication.put.request.json"),
            ),
            Format::Xml => (
                sample("communication.get.response.xml"),
                sample("communication.put.request.xml"),
            ),
        };
        let mut resource: DynResource = ucwa_codec::decode(format, got.as_bytes()).unwrap();
        let documented: DynResource = ucwa_codec::decode(format, documented.as_bytes()).unwrap();
        let phone = documented.members.property("phoneNumber").unwrap().clone();
        resource.members.set_property("phoneNumber", phone);

        let put = PutRequest::new(&resource, ETag::strong("1").unwrap(), format).unwrap();
        let sent: DynResource = ucwa_codec::decode(format, &put.body).unwrap();
        assert_eq!(sent.rel, documented.rel, "{format}");
        assert_eq!(
            sent.members.properties, documented.members.properties,
            "{format}"
        );
        // What the documented request leaves out is only what the server ignores.
        assert!(documented.members.links.is_empty());
        assert_eq!(sent.members.links.len(), 17);
    }
}

#[test]
fn typed_resource_round_trip_over_http() {
    // A GET answered with an ETag header and a presence carrying members the type
    // does not know.
    let body = format!(
        r#"{{"rel":"presence","availability":"Online","{TOKEN_NAME}":"{TOKEN_VALUE}",
            "x-vendor":["kept",2],"since":"/Date(1474932023993+0200)/",
            "_links":{{"self":{{"href":"/ucwa/v1/applications/192/me/presence"}},
                       "related":[{{"href":"/a","revision":"2"}}]}}}}"#
    );
    let response = http::Response::builder()
        .header(
            http::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )
        .header(http::header::ETAG, "\"4062011640\"")
        .body(Bytes::from(body))
        .unwrap();
    let etag = ETag::from_headers(response.headers()).unwrap().unwrap();
    let mut presence: Presence = ucwa_schema::response::from_http(&response).unwrap();
    assert!(presence.extra.property("x-vendor").is_some());

    presence.availability = Some(Availability::Away);
    for format in [Format::Json, Format::Xml] {
        let put = PutRequest::new(&presence, etag.clone(), format).unwrap();
        let request = put
            .clone()
            .into_request("https://fe1.contoso.com/ucwa/v1/applications/192/me/presence")
            .unwrap();
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(request.headers()[http::header::IF_MATCH], "\"4062011640\"");
        assert_eq!(
            Format::from_headers(request.headers()),
            Some(format),
            "{format}"
        );

        let sent: Presence = ucwa_codec::decode(format, request.body()).unwrap();
        assert_eq!(sent.availability, Some(Availability::Away));
        assert_eq!(
            put_token(&sent.extra),
            Some((TOKEN_NAME, TOKEN_VALUE)),
            "{format}"
        );
        assert_eq!(sent.extra.links("related").len(), 1);
        if format == Format::Json {
            assert_eq!(sent, presence);
            let text = std::str::from_utf8(&put.body).unwrap();
            assert!(text.contains(r#""x-vendor":["kept",2]"#), "{text}");
            assert!(
                text.contains(r#""since":"/Date(1474932023993+0200)/""#),
                "{text}"
            );
        }
    }
}

#[test]
fn etag_from_a_weak_header_is_kept_weak() {
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::ETAG, "W/\"7\"".parse().unwrap());
    let etag = ETag::from_headers(&headers).unwrap().unwrap();
    let put = PutRequest::new(&DynResource::default(), etag, Format::Json).unwrap();
    assert_eq!(put.header_map()[http::header::IF_MATCH], "W/\"7\"");
}
