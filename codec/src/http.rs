//! Glue to the [`http`](https://docs.rs/http/1) crate (feature `http`): header values for
//! [`Format`], [`ETag`] and [`MinResourceVersion`], and reading a response body by its
//! `Content-Type`.
//!
//! No HTTP client comes with this crate; these conversions fit any client or server
//! built on `http` 1.x (reqwest, hyper, axum, …). `ucwa-schema`'s `http` feature adds
//! the one-call decoding of a response into a resource or a typed error.
//!
//! ```
//! use http::header::{ACCEPT, CONTENT_TYPE};
//! use ucwa_codec::{ETag, Format};
//! use ucwa_codec::headers::MinResourceVersion;
//!
//! let request = http::Request::put("/ucwa/v1/applications/192/communication")
//!     .header(ACCEPT, Format::Json)
//!     .header(CONTENT_TYPE, Format::Json)
//!     .header(http::header::IF_MATCH, &ETag::strong("2943169141")?)
//!     .header(ucwa_codec::http::X_MS_REQUIRES_MIN_RESOURCE_VERSION, MinResourceVersion::new(2))
//!     .body(Vec::<u8>::new())?;
//! assert_eq!(request.headers()[ACCEPT], "application/vnd.microsoft.com.ucwa+json");
//! assert_eq!(request.headers()["if-match"], "\"2943169141\"");
//! assert_eq!(request.headers()["x-ms-requiresminresourceversion"], "2.0");
//! assert_eq!(Format::from_headers(request.headers()), Some(Format::Json));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::Result;
use crate::headers::{self as names, ETAG, InvalidHeader, MinResourceVersion};
use crate::media::{Format, UnknownFormat};
use crate::{ETag, PutRequest};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

/// `X-MS-RequiresMinResourceVersion` as a header name.
pub const X_MS_REQUIRES_MIN_RESOURCE_VERSION: HeaderName =
    HeaderName::from_static("x-ms-requiresminresourceversion");
/// `X-MS-UcwaVersion` as a header name.
pub const X_MS_UCWA_VERSION: HeaderName = HeaderName::from_static("x-ms-ucwaversion");

/// All values of a header joined by `, ` (how HTTP combines repeated list headers), or
/// `None` when the header is absent or a value is not text.
fn joined(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let mut out = String::new();
    for value in headers.get_all(name) {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(std::str::from_utf8(value.as_bytes()).ok()?);
    }
    (!out.is_empty()).then_some(out)
}

impl From<Format> for HeaderValue {
    /// The UCWA vendor media type (`application/vnd.microsoft.com.ucwa+json` or `+xml`),
    /// for `Accept` or `Content-Type`. For the generic type use
    /// `HeaderValue::from_static(format.media_type())`.
    fn from(format: Format) -> Self {
        HeaderValue::from_static(format.vendor_media_type())
    }
}

impl TryFrom<&HeaderValue> for Format {
    type Error = UnknownFormat;

    /// Reads a `Content-Type` value (see [`Format::from_content_type`]).
    fn try_from(value: &HeaderValue) -> Result<Self, Self::Error> {
        let text = String::from_utf8_lossy(value.as_bytes());
        Format::from_content_type(&text).ok_or_else(|| UnknownFormat(text.into_owned()))
    }
}

impl Format {
    /// The format named by the `Content-Type` header, if it names one.
    pub fn from_headers(headers: &HeaderMap) -> Option<Format> {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| Format::try_from(v).ok())
    }

    /// The format to answer with, from all `Accept` headers (see [`Format::from_accept`]);
    /// `None` when there is none or it accepts neither format.
    pub fn from_accept_headers(headers: &HeaderMap) -> Option<Format> {
        Format::from_accept(&joined(headers, &header::ACCEPT)?)
    }

    /// The format of a body: its `Content-Type`, or when there is none, a guess from its
    /// first bytes ([`Format::sniff`]). A `Content-Type` naming another format gives `None`.
    pub fn of_body(headers: &HeaderMap, body: &[u8]) -> Option<Format> {
        match headers.get(header::CONTENT_TYPE) {
            Some(value) => Format::try_from(value).ok(),
            None => Format::sniff(body),
        }
    }
}

impl From<&ETag> for HeaderValue {
    /// The quoted form, for `ETag` or `If-Match`.
    fn from(tag: &ETag) -> Self {
        // An ETag holds no control characters, so every byte is allowed in a header value.
        HeaderValue::from_bytes(tag.to_string().as_bytes())
            .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
    }
}

impl From<ETag> for HeaderValue {
    /// The quoted form, for `ETag` or `If-Match`.
    fn from(tag: ETag) -> Self {
        HeaderValue::from(&tag)
    }
}

impl TryFrom<&HeaderValue> for ETag {
    type Error = InvalidHeader;

    /// Reads a header value (see [`ETag::parse`]).
    fn try_from(value: &HeaderValue) -> Result<Self, Self::Error> {
        let text = std::str::from_utf8(value.as_bytes())
            .map_err(|_| InvalidHeader::new(ETAG, "not UTF-8"))?;
        ETag::parse(text)
    }
}

impl ETag {
    /// The response's `ETag` header: `Ok(None)` when absent.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<ETag>, InvalidHeader> {
        headers.get(header::ETAG).map(ETag::try_from).transpose()
    }

    /// Sets `If-Match` to this tag (replacing any value).
    pub fn set_if_match(&self, headers: &mut HeaderMap) {
        headers.insert(header::IF_MATCH, self.into());
    }
}

impl From<MinResourceVersion> for HeaderValue {
    fn from(version: MinResourceVersion) -> Self {
        HeaderValue::from_str(&version.to_string())
            .unwrap_or_else(|_| HeaderValue::from_static("1.0"))
    }
}

impl TryFrom<&HeaderValue> for MinResourceVersion {
    type Error = InvalidHeader;

    /// Reads a header value (see [`MinResourceVersion::parse`]).
    fn try_from(value: &HeaderValue) -> Result<Self, Self::Error> {
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| {
            InvalidHeader::new(names::X_MS_REQUIRES_MIN_RESOURCE_VERSION, "not UTF-8")
        })?;
        MinResourceVersion::parse(text)
    }
}

impl MinResourceVersion {
    /// The request's `X-MS-RequiresMinResourceVersion` header: `Ok(None)` when absent.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, InvalidHeader> {
        headers
            .get(X_MS_REQUIRES_MIN_RESOURCE_VERSION)
            .map(MinResourceVersion::try_from)
            .transpose()
    }

    /// Sets the `X-MS-RequiresMinResourceVersion` header (replacing any value).
    pub fn set_header(&self, headers: &mut HeaderMap) {
        headers.insert(X_MS_REQUIRES_MIN_RESOURCE_VERSION, (*self).into());
    }
}

impl PutRequest {
    /// The headers to send: `Content-Type`, `Accept` (the same format, for the answer)
    /// and `If-Match`.
    pub fn header_map(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(header::CONTENT_TYPE, self.format.into());
        headers.insert(header::ACCEPT, self.format.into());
        self.if_match.set_if_match(&mut headers);
        headers
    }

    /// The whole `PUT` request to `uri`, with [`header_map`](Self::header_map)'s headers.
    ///
    /// ```
    /// use ucwa_codec::{DynResource, ETag, Format, PutRequest};
    /// let note: DynResource = ucwa_codec::json::from_str(r#"{"rel":"note","message":"hi"}"#)?;
    /// let put = PutRequest::new(&note, ETag::strong("7")?, Format::Xml)?;
    /// let request = put.into_request("/ucwa/v1/applications/1/me/note")?;
    /// assert_eq!(request.method(), http::Method::PUT);
    /// assert_eq!(request.headers()["content-type"], "application/vnd.microsoft.com.ucwa+xml");
    /// assert!(request.body().starts_with(b"<?xml"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_request<U>(self, uri: U) -> http::Result<http::Request<Vec<u8>>>
    where
        http::Uri: TryFrom<U>,
        <http::Uri as TryFrom<U>>::Error: Into<http::Error>,
    {
        let headers = self.header_map();
        let mut request = http::Request::put(uri).body(self.body)?;
        request.headers_mut().extend(headers);
        Ok(request)
    }
}

/// Decodes a response body as `T` in the format its `Content-Type` names (or, without
/// one, the format its first bytes suggest), whatever the status.
///
/// To tell success from a UCWA error body, use `ucwa_schema`'s response decoding.
pub fn decode_body<T, B>(response: &http::Response<B>) -> Result<T>
where
    T: DeserializeOwned + crate::xml::FromXml,
    B: AsRef<[u8]>,
{
    let body = response.body().as_ref();
    let format = Format::of_body(response.headers(), body).ok_or_else(|| {
        let found = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        crate::Error::custom(match found {
            Some(ct) => format!("the body's Content-Type `{ct}` is neither JSON nor XML"),
            None => "the body has no Content-Type and is neither JSON nor XML".to_owned(),
        })
    })?;
    crate::decode(format, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DynResource;

    #[test]
    fn format_headers() {
        assert_eq!(
            HeaderValue::from(Format::Xml),
            "application/vnd.microsoft.com.ucwa+xml"
        );
        let value = HeaderValue::from_static("application/json; charset=utf-8");
        assert_eq!(Format::try_from(&value), Ok(Format::Json));
        let value = HeaderValue::from_static("text/html");
        assert_eq!(
            Format::try_from(&value),
            Err(UnknownFormat("text/html".into()))
        );

        let mut headers = HeaderMap::new();
        assert_eq!(Format::from_headers(&headers), None);
        assert_eq!(Format::from_accept_headers(&headers), None);
        headers.append(header::ACCEPT, HeaderValue::from_static("text/html"));
        headers.append(
            header::ACCEPT,
            HeaderValue::from_static("application/xml;q=0.5"),
        );
        assert_eq!(Format::from_accept_headers(&headers), Some(Format::Xml));
        assert_eq!(Format::of_body(&headers, b" {}"), Some(Format::Json));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
        assert_eq!(Format::from_headers(&headers), Some(Format::Xml));
        assert_eq!(Format::of_body(&headers, b"{}"), Some(Format::Xml));
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        assert_eq!(Format::of_body(&headers, b"{}"), None);
    }

    #[test]
    fn etag_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(ETag::from_headers(&headers), Ok(None));
        headers.insert(header::ETAG, HeaderValue::from_static("W/\"x1\""));
        let tag = ETag::from_headers(&headers).unwrap().unwrap();
        assert!(tag.is_weak());
        headers.insert(header::ETAG, HeaderValue::from_static("\"open"));
        assert!(ETag::from_headers(&headers).is_err());
        headers.insert(header::ETAG, HeaderValue::from_bytes(b"\"\xff\"").unwrap());
        assert!(ETag::from_headers(&headers).is_err());

        let tag = ETag::strong("caf\u{e9}").unwrap();
        tag.set_if_match(&mut headers);
        assert_eq!(
            headers[header::IF_MATCH].as_bytes(),
            "\"caf\u{e9}\"".as_bytes()
        );
        assert_eq!(ETag::try_from(&headers[header::IF_MATCH]), Ok(tag));
    }

    #[test]
    fn version_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(MinResourceVersion::from_headers(&headers), Ok(None));
        MinResourceVersion::new(4).set_header(&mut headers);
        assert_eq!(headers["X-MS-RequiresMinResourceVersion"], "4.0");
        assert_eq!(
            MinResourceVersion::from_headers(&headers),
            Ok(Some(MinResourceVersion::new(4)))
        );
        headers.insert(
            X_MS_REQUIRES_MIN_RESOURCE_VERSION,
            HeaderValue::from_static("four"),
        );
        assert!(MinResourceVersion::from_headers(&headers).is_err());
    }

    #[test]
    fn put_request() {
        let note: DynResource =
            crate::json::from_str(r#"{"rel":"note","message":"hi","etag":"5"}"#).unwrap();
        let put = PutRequest::new(&note, ETag::strong("5").unwrap(), Format::Json).unwrap();
        let headers = put.header_map();
        assert_eq!(headers.len(), 3);
        assert_eq!(headers["accept"], "application/vnd.microsoft.com.ucwa+json");
        let request = put.clone().into_request("https://h/ucwa/note").unwrap();
        assert_eq!(request.uri().path(), "/ucwa/note");
        assert_eq!(request.headers(), &headers);
        assert_eq!(request.body(), &put.body);
        assert!(put.into_request("not a uri").is_err());
    }

    #[test]
    fn body_decoding() {
        let response = http::Response::builder()
            .header(
                header::CONTENT_TYPE,
                "application/vnd.microsoft.com.ucwa+xml",
            )
            .body(r#"<resource rel="note" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"/>"#)
            .unwrap();
        let note: DynResource = decode_body(&response).unwrap();
        assert_eq!(note.rel.as_deref(), Some("note"));

        let response = http::Response::new(br#"{"rel":"note"}"#.to_vec());
        let note: DynResource = decode_body(&response).unwrap();
        assert_eq!(note.rel.as_deref(), Some("note"));

        let response = http::Response::builder()
            .header(header::CONTENT_TYPE, "text/plain")
            .body("hi")
            .unwrap();
        let e = decode_body::<DynResource, _>(&response).unwrap_err();
        assert!(e.to_string().contains("`text/plain`"), "{e}");
        let e = decode_body::<DynResource, _>(&http::Response::new("hi")).unwrap_err();
        assert!(e.to_string().contains("no Content-Type"), "{e}");
    }
}
