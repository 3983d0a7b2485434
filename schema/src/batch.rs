//! Batches: several UCWA requests in one `POST` to the `batch` resource, and the answers
//! in one response, both as `multipart/batching` MIME messages.
//!
//! Each part of a request is an `application/http; msgtype=request` message (request
//! line, headers, optional body); each part of the response is the matching
//! `application/http; msgtype=response` message, in the same order. The server may run
//! the requests in any order, limits how many are outstanding (`429` rejects the whole
//! batch) and refuses nested batches, `photo` and `events` requests.
//!
//! [`Batch`] builds a request with a fresh boundary; [`BatchResponse::parse`] splits a
//! response into its parts and decodes each body by its `rel` through a
//! [`Registry`]: a part that fails leaves the others intact.
//!
//! ```
//! # #[cfg(feature = "me")] {
//! use ucwa_codec::Format;
//! use ucwa_schema::batch::{Batch, BatchRequest, BatchResponse};
//! use ucwa_schema::Presence;
//!
//! let mut batch = Batch::new().with_host("lyncweb.contoso.com");
//! batch.push(BatchRequest::get("/ucwa/oauth/v1/applications/103/me/presence", Format::Json));
//! batch.push(BatchRequest::get("/ucwa/oauth/v1/applications/103/me/note", Format::Json));
//! let encoded = batch.encode();
//! // POST encoded.body to the `batch` link with this Content-Type, and
//! // `Accept: multipart/batching`.
//! assert!(encoded.content_type().starts_with("multipart/batching;boundary="));
//!
//! // The server's answer (here in the sloppy spelling the documentation shows).
//! let answer = "--b1\nContent-Type: application/http; msgtype=response\n\n\
//!     HTTP/1.1 200 OK\nContent-Type: application/json; charset=utf-8\n\n\
//!     ?\n{\"rel\":\"presence\",\"availability\":\"Away\"}\n\
//!     --b1\nContent-Type: application/http; msgtype=response\n\n\
//!     HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n\
//!     {\"code\":\"NotFound\"}\n--b1--";
//! let response = BatchResponse::parse("multipart/batching; boundary=\"b1\"", answer.as_bytes())?;
//! let [first, second] = &response.parts[..] else { panic!("two parts") };
//! let presence = first.as_ref().unwrap().downcast_ref::<Presence>().unwrap();
//! assert!(presence.availability.is_some());
//! assert_eq!(second.as_ref().unwrap().status, 404);
//! # }
//! # Ok::<(), ucwa_schema::batch::BatchError>(())
//! ```

use crate::response::{self, ResponseError};
use serde::Serialize;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use ucwa_codec::xml::ToXml;
use ucwa_codec::{Decoded, Format, PutRequest, Registry};

/// The media type of a batch, request and response alike.
pub const MEDIA_TYPE: &str = "multipart/batching";

/// The `Content-Type` of each part of a batch request.
const REQUEST_PART_TYPE: &str = "application/http; msgtype=request";

/// The longest boundary MIME allows.
const MAX_BOUNDARY_LEN: usize = 70;

/// One request inside a [`Batch`]: method, target, headers and an optional body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchRequest {
    /// The method (`GET`, `POST`, `PUT`, `DELETE`).
    pub method: String,
    /// The request target: the path (and query) of the resource, as in a link's `href`.
    pub target: String,
    /// The headers, `(name, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// The body; empty for none.
    pub body: Vec<u8>,
}

impl BatchRequest {
    /// A request without headers or body.
    pub fn new(method: impl Into<String>, target: impl Into<String>) -> Self {
        BatchRequest {
            method: method.into(),
            target: target.into(),
            ..BatchRequest::default()
        }
    }

    /// A `GET` that asks for `format`.
    pub fn get(target: impl Into<String>, format: Format) -> Self {
        BatchRequest::new("GET", target).accept(format)
    }

    /// A `DELETE`.
    pub fn delete(target: impl Into<String>) -> Self {
        BatchRequest::new("DELETE", target)
    }

    /// A `POST` of `input` (a request body type or any document) in `format`, asking for
    /// an answer in the same format.
    pub fn post<T>(target: impl Into<String>, format: Format, input: &T) -> ucwa_codec::Result<Self>
    where
        T: Serialize + ToXml + ?Sized,
    {
        BatchRequest::new("POST", target)
            .accept(format)
            .body(format, input)
    }

    /// A `PUT` of a prepared [`PutRequest`] (its body, `Content-Type` and `If-Match`).
    pub fn put(target: impl Into<String>, put: &PutRequest) -> Self {
        let mut request = BatchRequest::new("PUT", target).accept(put.format);
        for (name, value) in put.headers() {
            request = request.header(name, value);
        }
        request.body = put.body.clone();
        request
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `Accept` with the UCWA media type of `format`.
    pub fn accept(self, format: Format) -> Self {
        self.header("Accept", format.vendor_media_type())
    }

    /// Encodes `value` in `format` as the body, and sets `Content-Type` accordingly.
    pub fn body<T>(mut self, format: Format, value: &T) -> ucwa_codec::Result<Self>
    where
        T: Serialize + ToXml + ?Sized,
    {
        self.body = ucwa_codec::encode(format, value)?;
        self.headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
        Ok(self.header("Content-Type", format.vendor_media_type()))
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The body's format, from its `Content-Type` or else its first bytes.
    pub fn body_format(&self) -> Option<Format> {
        match self.header_value("content-type") {
            Some(ct) => Format::from_content_type(ct),
            None => Format::sniff(&self.body),
        }
    }

    /// The part's content: request line, headers (adding `Host` and `Content-Length`
    /// where missing), a blank line and the body.
    fn encode(&self, host: Option<&str>) -> Vec<u8> {
        let mut out = Vec::with_capacity(128 + self.body.len());
        let line = |out: &mut Vec<u8>, text: &str| {
            out.extend_from_slice(text.as_bytes());
            out.extend_from_slice(b"\r\n");
        };
        line(
            &mut out,
            &format!("{} {} HTTP/1.1", self.method, self.target),
        );
        if let Some(host) = host.filter(|_| self.header_value("host").is_none()) {
            line(&mut out, &format!("Host: {host}"));
        }
        for (name, value) in &self.headers {
            line(&mut out, &format!("{name}: {value}"));
        }
        if !self.body.is_empty() && self.header_value("content-length").is_none() {
            line(&mut out, &format!("Content-Length: {}", self.body.len()));
        }
        line(&mut out, "");
        out.extend_from_slice(&self.body);
        out
    }
}

/// Several requests to send as one `POST` to the `batch` resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// The `Host` header added to each request that has none.
    pub host: Option<String>,
    /// The requests, in order; the response's parts follow this order.
    pub requests: Vec<BatchRequest>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Sets the `Host` header added to each request that has none.
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Adds a request.
    pub fn push(&mut self, request: BatchRequest) -> &mut Self {
        self.requests.push(request);
        self
    }

    /// Encodes the batch with a fresh boundary that occurs nowhere in its parts.
    pub fn encode(&self) -> EncodedBatch {
        let parts = self.encode_parts();
        loop {
            let boundary = fresh_boundary();
            if !parts.iter().any(|p| contains(p, boundary.as_bytes())) {
                return assemble(boundary, &parts);
            }
        }
    }

    /// Encodes the batch with a boundary of the caller's choice (for reproducible output).
    ///
    /// Fails if the boundary is not a valid MIME boundary (1 to 70 characters: letters,
    /// digits and `'()+_,-./:=?` or inner spaces) or occurs in a part.
    pub fn encode_with_boundary(&self, boundary: &str) -> Result<EncodedBatch, BatchError> {
        check_boundary(boundary)?;
        let parts = self.encode_parts();
        if parts.iter().any(|p| contains(p, boundary.as_bytes())) {
            return Err(BatchError::new(format!(
                "the boundary `{boundary}` occurs inside a part"
            )));
        }
        Ok(assemble(boundary.to_owned(), &parts))
    }

    fn encode_parts(&self) -> Vec<Vec<u8>> {
        self.requests
            .iter()
            .map(|r| r.encode(self.host.as_deref()))
            .collect()
    }
}

/// A batch ready to send: its body and the boundary its `Content-Type` must name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedBatch {
    /// The boundary between parts.
    pub boundary: String,
    /// The `multipart/batching` body.
    pub body: Vec<u8>,
}

impl EncodedBatch {
    /// The `Content-Type` to send: `multipart/batching;boundary=…`.
    pub fn content_type(&self) -> String {
        if self.boundary.bytes().all(is_token_byte) {
            format!("{MEDIA_TYPE};boundary={}", self.boundary)
        } else {
            format!("{MEDIA_TYPE};boundary=\"{}\"", self.boundary)
        }
    }

    /// The `POST` request to the `batch` resource at `uri`, with `Content-Type` and
    /// `Accept: multipart/batching` (feature `http`).
    #[cfg(feature = "http")]
    pub fn into_request<U>(self, uri: U) -> http::Result<http::Request<Vec<u8>>>
    where
        http::Uri: TryFrom<U>,
        <http::Uri as TryFrom<U>>::Error: Into<http::Error>,
    {
        http::Request::post(uri)
            .header(http::header::CONTENT_TYPE, self.content_type())
            .header(http::header::ACCEPT, MEDIA_TYPE)
            .body(self.body)
    }
}

fn assemble(boundary: String, parts: &[Vec<u8>]) -> EncodedBatch {
    let mut body = Vec::with_capacity(parts.iter().map(|p| p.len() + 128).sum());
    for part in parts {
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Type: ");
        body.extend_from_slice(REQUEST_PART_TYPE.as_bytes());
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(part);
        // The line break before a delimiter belongs to the delimiter.
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--");
    body.extend_from_slice(boundary.as_bytes());
    body.extend_from_slice(b"--\r\n");
    EncodedBatch { boundary, body }
}

/// A boundary unique to this call: a counter (unique within the process) mixed with the
/// time, the process id and a stack address (different across processes), shaped like a
/// UUID. No random number generator is needed: uniqueness, not secrecy, is the point,
/// and [`Batch::encode`] checks the parts for it anyway.
fn fresh_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let marker = 0u8;
    let address = std::ptr::addr_of!(marker) as usize as u64;
    let seed = mix(nanos) ^ mix(address.rotate_left(29)) ^ mix(u64::from(std::process::id()));
    let a = mix(seed ^ count);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b & 0xffff,
        count & 0xffff_ffff_ffff
    )
}

/// SplitMix64's finaliser: spreads the bits of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Checks RFC 2046's boundary grammar.
fn check_boundary(boundary: &str) -> Result<(), BatchError> {
    let valid_char = |b: u8| b.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&b);
    if boundary.is_empty()
        || boundary.len() > MAX_BOUNDARY_LEN
        || boundary.ends_with(' ')
        || !boundary.bytes().all(valid_char)
    {
        return Err(BatchError::new(format!(
            "`{boundary}` is not a valid MIME boundary"
        )));
    }
    Ok(())
}

/// RFC 9110 token characters (a boundary of these needs no quotes).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle, 0).is_some()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| haystack[i..].starts_with(needle))
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Why a batch as a whole could not be built or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchError {
    /// The batch is not a well-formed `multipart/batching` message, or a boundary is
    /// unusable; the text says why.
    Invalid(String),
    /// The server refused the whole batch (for example `429 Too Many Requests`).
    Refused(ResponseError),
}

impl BatchError {
    fn new(message: impl Into<String>) -> Self {
        BatchError::Invalid(message.into())
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Invalid(message) => f.write_str(message),
            BatchError::Refused(e) => write!(f, "the batch was refused: {e}"),
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BatchError::Refused(e) => Some(e),
            BatchError::Invalid(_) => None,
        }
    }
}

/// A part of a batch that is not a readable HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedPart {
    /// The part's position, from 0.
    pub index: usize,
    /// What is wrong with it.
    pub message: String,
    /// The part as received, MIME headers included.
    pub content: Vec<u8>,
}

impl fmt::Display for MalformedPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "batch part {}: {}", self.index, self.message)
    }
}

impl std::error::Error for MalformedPart {}

/// One answer in a batch response.
#[derive(Debug)]
pub struct ResponsePart {
    /// The HTTP status.
    pub status: u16,
    /// The status line's reason phrase (`OK`).
    pub reason: String,
    /// The headers, `(name, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The body decoded: the resource (typed by its `rel` where the registry has a type,
    /// dynamic otherwise; `None` when there is no body), or why there is none.
    pub result: Result<Option<Decoded>, ResponseError>,
}

impl ResponsePart {
    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The decoded resource, if the part holds one.
    pub fn resource(&self) -> Option<&Decoded> {
        self.result.as_ref().ok()?.as_ref()
    }

    /// The decoded resource as `T`, if it is one.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.resource()?.downcast_ref()
    }

    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A batch response split into its parts, in the order of the requests.
#[derive(Debug)]
pub struct BatchResponse {
    /// The parts; a part that is not an HTTP response is kept as [`MalformedPart`].
    pub parts: Vec<Result<ResponsePart, MalformedPart>>,
}

impl BatchResponse {
    /// Reads a response body whose `Content-Type` (with its `boundary`) is given,
    /// decoding bodies with [`registry()`](crate::registry()).
    pub fn parse(content_type: &str, body: &[u8]) -> Result<Self, BatchError> {
        BatchResponse::parse_with(crate::registry(), content_type, body)
    }

    /// Like [`parse`](Self::parse), decoding bodies with the given registry.
    pub fn parse_with(
        registry: &Registry,
        content_type: &str,
        body: &[u8],
    ) -> Result<Self, BatchError> {
        let boundary = boundary_of(content_type)?;
        BatchResponse::parse_with_boundary(registry, &boundary, body)
    }

    /// Reads a response body split by `boundary`, decoding bodies with `registry`.
    pub fn parse_with_boundary(
        registry: &Registry,
        boundary: &str,
        body: &[u8],
    ) -> Result<Self, BatchError> {
        let parts = split(boundary, body)?
            .into_iter()
            .enumerate()
            .map(|(index, content)| {
                parse_response_part(registry, content).map_err(|message| MalformedPart {
                    index,
                    message,
                    content: content.to_vec(),
                })
            })
            .collect();
        Ok(BatchResponse { parts })
    }

    /// Reads an `http::Response` holding a batch (feature `http`); an error status (the
    /// whole batch refused, e.g. `429`) is [`BatchError::Refused`].
    #[cfg(feature = "http")]
    pub fn from_http<B: AsRef<[u8]>>(
        registry: &Registry,
        response: &http::Response<B>,
    ) -> Result<Self, BatchError> {
        response::check_http(response).map_err(BatchError::Refused)?;
        let content_type = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| BatchError::new("the batch response has no Content-Type"))?;
        BatchResponse::parse_with(registry, content_type, response.body().as_ref())
    }
}

/// Reads a batch *request* body (as a server, a proxy or a test sees it) into its
/// requests; a part that is not an HTTP request is kept as [`MalformedPart`].
pub fn parse_requests(
    content_type: &str,
    body: &[u8],
) -> Result<Vec<Result<BatchRequest, MalformedPart>>, BatchError> {
    let boundary = boundary_of(content_type)?;
    Ok(split(&boundary, body)?
        .into_iter()
        .enumerate()
        .map(|(index, content)| {
            parse_request_part(content).map_err(|message| MalformedPart {
                index,
                message,
                content: content.to_vec(),
            })
        })
        .collect())
}

/// The `boundary` parameter of a `multipart/*` content type.
pub fn boundary_of(content_type: &str) -> Result<String, BatchError> {
    let mut params = content_type.split(';');
    let media = params.next().unwrap_or_default().trim();
    if !media
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("multipart/"))
    {
        return Err(BatchError::new(format!(
            "`{content_type}` is not a multipart content type"
        )));
    }
    // A quoted boundary may contain `;`, so the parameters are re-joined before unquoting.
    let rest = content_type[content_type.find(';').unwrap_or(content_type.len())..].trim();
    let mut rest = rest.strip_prefix(';').unwrap_or(rest);
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=').unwrap_or((rest, ""));
        let name = name.trim();
        let after = after.trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| BatchError::new("unterminated quoted parameter"))?;
            let remaining = quoted[end + 1..].trim_start();
            (
                &quoted[..end],
                remaining.strip_prefix(';').unwrap_or(remaining),
            )
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim(), after.get(end + 1..).unwrap_or(""))
        };
        if name.eq_ignore_ascii_case("boundary") {
            check_boundary(value)?;
            return Ok(value.to_owned());
        }
        rest = remaining.trim_start();
    }
    Err(BatchError::new(format!(
        "`{content_type}` names no boundary"
    )))
}

/// Splits a multipart body into the contents of its parts.
///
/// Lenient where real messages (and the documentation's samples) are sloppy: `LF` or
/// `CRLF` line breaks, padding after a delimiter, a missing close delimiter (the last
/// part then runs to the end, and is dropped when blank).
fn split<'a>(boundary: &str, body: &'a [u8]) -> Result<Vec<&'a [u8]>, BatchError> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    // Each delimiter: (start of the line break before it, end of its own line, closing?).
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    let mut from = 0;
    while let Some(at) = find(body, delimiter, from) {
        from = at + delimiter.len();
        let line_start = at == 0 || body[at - 1] == b'\n';
        if !line_start {
            continue;
        }
        let after = &body[from..];
        let closing = after.starts_with(b"--");
        let rest = if closing { &after[2..] } else { after };
        let line_len = rest.iter().position(|&b| b == b'\n');
        let padding = &rest[..line_len.unwrap_or(rest.len())];
        if !padding.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            // The boundary is only the start of a longer line: not a delimiter.
            continue;
        }
        let before = if at >= 2 && body[at - 2] == b'\r' {
            at - 2
        } else {
            at.saturating_sub(1)
        };
        let end = from + usize::from(closing) * 2 + line_len.map_or(padding.len(), |n| n + 1);
        found.push((before, end, closing));
        if closing {
            break;
        }
    }
    if found.is_empty() {
        return Err(BatchError::new(format!(
            "the body holds no delimiter `--{boundary}`"
        )));
    }
    let mut parts = Vec::new();
    for (i, &(_, end, closing)) in found.iter().enumerate() {
        if closing {
            break;
        }
        match found.get(i + 1) {
            Some(&(next_before, _, _)) => parts.push(&body[end..next_before.max(end)]),
            None => {
                let last = &body[end..];
                if !last.iter().all(u8::is_ascii_whitespace) {
                    parts.push(last);
                }
            }
        }
    }
    Ok(parts)
}

/// The lines of a message head: `(line without its line break, offset after it)`.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Lines<'a> {
    fn next_line(&mut self) -> Option<&'a [u8]> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (line, advance) = match rest.iter().position(|&b| b == b'\n') {
            Some(n) => (&rest[..n], n + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    }

    fn peek_line(&self) -> Option<&'a [u8]> {
        Lines {
            text: self.text,
            pos: self.pos,
        }
        .next_line()
    }

    fn rest(&self) -> &'a [u8] {
        &self.text[self.pos.min(self.text.len())..]
    }
}

/// A header line `Name: value` (spaces around the colon allowed, as the docs show
/// `Name : value`), or `None` when the line is not one.
fn header_line(line: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(line).ok()?;
    let (name, value) = text.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return None;
    }
    Some((name.to_owned(), value.trim().to_owned()))
}

/// Reads header lines up to a blank line. Lenient where captures and the documentation
/// are sloppy: a line of dots (`...`, an elision) is skipped, a line starting with a space
/// or tab continues the header before it, and a line that is not a header ends the block
/// as if a blank line preceded it (it is left unread).
fn read_headers(lines: &mut Lines<'_>) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    while let Some(line) = lines.peek_line() {
        if line.iter().all(u8::is_ascii_whitespace) {
            lines.next_line();
            break;
        }
        let trimmed = line.trim_ascii();
        if trimmed.iter().all(|&b| b == b'.') {
            lines.next_line();
            continue;
        }
        if let (Some(b' ' | b'\t'), Some(last)) = (line.first(), headers.last_mut()) {
            last.1.push(' ');
            last.1.push_str(&String::from_utf8_lossy(trimmed));
            lines.next_line();
            continue;
        }
        match header_line(line) {
            Some(header) => {
                headers.push(header);
                lines.next_line();
            }
            None => break,
        }
    }
    headers
}

/// Skips the part's MIME headers (and blank lines), leaving the embedded HTTP message.
fn skip_mime_headers<'a>(content: &'a [u8], start_line: fn(&[u8]) -> bool) -> Lines<'a> {
    let mut lines = Lines {
        text: content,
        pos: 0,
    };
    // The MIME headers end at a blank line, or (leniently) where the start line begins.
    while let Some(line) = lines.peek_line() {
        if start_line(line) || (!line.is_empty() && header_line(line).is_none()) {
            break;
        }
        lines.next_line();
        if line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    while lines
        .peek_line()
        .is_some_and(|l| l.iter().all(u8::is_ascii_whitespace))
    {
        lines.next_line();
    }
    lines
}

fn is_status_line(line: &[u8]) -> bool {
    line.starts_with(b"HTTP/")
}

fn is_request_line(line: &[u8]) -> bool {
    let method_len = line.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    method_len > 0
        && matches!(line.get(method_len), Some(b' ' | b'/'))
        && (line.ends_with(b"HTTP/1.1") || line.ends_with(b"HTTP/1.0"))
}

/// Parses `HTTP/1.1 200 OK`, also without the spaces (`HTTP/1.1200OK`).
fn parse_status_line(line: &[u8]) -> Result<(u16, String), String> {
    let text = String::from_utf8_lossy(line);
    let bad = || format!("`{text}` is not an HTTP status line");
    let rest = text.strip_prefix("HTTP/").ok_or_else(bad)?;
    // The version: DIGIT [ "." DIGIT ].
    let bytes = rest.as_bytes();
    let mut i = 0;
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        i += 1;
        if bytes.get(1) == Some(&b'.') && bytes.get(2).is_some_and(u8::is_ascii_digit) {
            i += 2;
        }
    } else {
        return Err(bad());
    }
    let rest = rest[i..].trim_start();
    let code = rest
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
    let status: u16 = code.and_then(|c| c.parse().ok()).ok_or_else(bad)?;
    if !(100..=999).contains(&status) {
        return Err(bad());
    }
    Ok((status, rest[3..].trim().to_owned()))
}

/// Parses `GET /path HTTP/1.1`, also without the spaces (`GET/pathHTTP/1.1`). The
/// method is read in any case (`Post`, as the documentation writes it) and upper-cased.
fn parse_request_line(line: &[u8]) -> Result<(String, String), String> {
    let text = String::from_utf8_lossy(line);
    let bad = || format!("`{text}` is not an HTTP request line");
    let text = text.trim();
    let method_len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if method_len == 0 {
        return Err(bad());
    }
    let (method, rest) = text.split_at(method_len);
    let method = method.to_ascii_uppercase();
    let rest = rest.trim_start();
    let target = ["HTTP/1.1", "HTTP/1.0"]
        .iter()
        .find_map(|v| rest.strip_suffix(v))
        .unwrap_or(rest)
        .trim_end();
    if target.is_empty() || target.contains(char::is_whitespace) {
        return Err(bad());
    }
    Ok((method, target.to_owned()))
}

/// The start line of an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartLine {
    /// `GET /path HTTP/1.1`: the method (upper-cased) and the request target.
    Request {
        /// The method, upper-cased.
        method: String,
        /// The request target as written (a path, or an absolute URL).
        target: String,
    },
    /// `HTTP/1.1 200 OK`: the status and the reason phrase.
    Response {
        /// The status code.
        status: u16,
        /// The reason phrase (may be empty).
        reason: String,
    },
}

/// A whole HTTP/1.x message as captured or as a batch part holds it (`application/http`):
/// start line, headers, body. The one parser of HTTP messages in the workspace: batch
/// parts and the `ucwa` command's whole-message input both go through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpMessage<'a> {
    /// The request or status line.
    pub start: StartLine,
    /// The headers, `(name, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// The body as transferred (see [`body`](Self::body) for the chunked coding removed);
    /// empty when there is none.
    pub raw_body: &'a [u8],
}

impl<'a> HttpMessage<'a> {
    /// Reads `input` as an HTTP message, or `None` when its first line is neither a
    /// request line nor a status line (a bare body, say). Lenient like the rest of this
    /// module: `LF` or `CRLF`, no blank line before the body, elided header lines.
    pub fn parse(input: &'a [u8]) -> Option<Result<Self, String>> {
        let lines = Lines {
            text: input,
            pos: 0,
        };
        let first = lines.peek_line()?;
        (is_status_line(first) || is_request_line(first)).then(|| Self::parse_head(lines))
    }

    fn parse_head(mut lines: Lines<'a>) -> Result<Self, String> {
        let line = lines
            .next_line()
            .ok_or_else(|| "the message is empty".to_owned())?;
        let start = if is_status_line(line) {
            let (status, reason) = parse_status_line(line)?;
            StartLine::Response { status, reason }
        } else {
            let (method, target) = parse_request_line(line)?;
            StartLine::Request { method, target }
        };
        let headers = read_headers(&mut lines);
        let rest = lines.rest();
        let raw_body = if rest.iter().all(u8::is_ascii_whitespace) {
            &rest[..0]
        } else {
            rest
        };
        Ok(HttpMessage {
            start,
            headers,
            raw_body,
        })
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The status, for a response.
    pub fn status(&self) -> Option<u16> {
        match &self.start {
            StartLine::Response { status, .. } => Some(*status),
            StartLine::Request { .. } => None,
        }
    }

    /// The method and target, for a request.
    pub fn request(&self) -> Option<(&str, &str)> {
        match &self.start {
            StartLine::Request { method, target } => Some((method, target)),
            StartLine::Response { .. } => None,
        }
    }

    /// The body with a `Transfer-Encoding: chunked` coding removed (otherwise as
    /// transferred). Fails on a malformed chunk.
    pub fn body(&self) -> Result<std::borrow::Cow<'a, [u8]>, String> {
        let chunked = self.header_value("transfer-encoding").is_some_and(|te| {
            te.split(',')
                .any(|c| c.trim().eq_ignore_ascii_case("chunked"))
        });
        if chunked {
            dechunk(self.raw_body).map(std::borrow::Cow::Owned)
        } else {
            Ok(std::borrow::Cow::Borrowed(self.raw_body))
        }
    }
}

/// Removes the chunked transfer coding (RFC 9112 §7.1): `size[;ext] CRLF data CRLF`…
/// up to a zero-size chunk; trailer fields are ignored. `LF` alone is accepted too.
fn dechunk(mut input: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(input.len());
    loop {
        let end = input
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| "a chunk size line has no end".to_owned())?;
        let line = String::from_utf8_lossy(&input[..end]);
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("`{}` is not a chunk size", line.trim()))?;
        input = &input[end + 1..];
        if size == 0 {
            return Ok(out);
        }
        let data = input
            .get(..size)
            .ok_or_else(|| format!("a chunk of {size} bytes is cut short"))?;
        out.extend_from_slice(data);
        input = &input[size..];
        input = input
            .strip_prefix(b"\r\n")
            .or_else(|| input.strip_prefix(b"\n"))
            .ok_or_else(|| "a chunk does not end with a line break".to_owned())?;
    }
}

fn parse_request_part(content: &[u8]) -> Result<BatchRequest, String> {
    let lines = skip_mime_headers(content, is_request_line);
    if lines.peek_line().is_none() {
        return Err("the part holds no request".to_owned());
    }
    let message = HttpMessage::parse_head(lines)?;
    let body = message.body()?.into_owned();
    match message.start {
        StartLine::Request { method, target } => Ok(BatchRequest {
            method,
            target,
            headers: message.headers,
            body,
        }),
        StartLine::Response { status, .. } => {
            Err(format!("a {status} response where a request belongs"))
        }
    }
}

fn parse_response_part(registry: &Registry, content: &[u8]) -> Result<ResponsePart, String> {
    let lines = skip_mime_headers(content, is_status_line);
    let Some(first) = lines.peek_line() else {
        return Err("the part holds no response".to_owned());
    };
    if !is_status_line(first) {
        return Err(format!(
            "`{}` is not an HTTP status line",
            String::from_utf8_lossy(first)
        ));
    }
    let message = HttpMessage::parse_head(lines)?;
    let body = message.body()?.into_owned();
    let StartLine::Response { status, reason } = message.start else {
        unreachable!("a status line was checked for")
    };
    let headers = message.headers;
    let content_type = header_value(&headers, "content-type");
    let result = response::decode_dyn(registry, status, content_type, payload(&body));
    Ok(ResponsePart {
        status,
        reason,
        headers,
        body,
        result,
    })
}

/// The document inside a part's body. Lenient: the documentation's samples show a
/// lone `?` line before the JSON (a byte-order mark that went through a lossy
/// conversion); it is skipped, like a real byte-order mark and surrounding whitespace.
pub fn payload(body: &[u8]) -> &[u8] {
    let body = body.trim_ascii();
    let body = ucwa_codec::strip_bom(body);
    match body.strip_prefix(b"?") {
        Some(rest) if matches!(rest.trim_ascii_start().first(), Some(b'{' | b'[' | b'<')) => {
            rest.trim_ascii_start()
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_fresh_and_valid() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let b = fresh_boundary();
            assert_eq!(b.len(), 36, "{b}");
            check_boundary(&b).unwrap();
            assert!(seen.insert(b));
        }
    }

    #[test]
    fn boundary_parameter() {
        for (ct, expected) in [
            ("multipart/batching;boundary=77f2569d", Some("77f2569d")),
            (
                "multipart/batching; boundary=\"0cac9abd\"",
                Some("0cac9abd"),
            ),
            (
                "Multipart/Batching; charset=x; BOUNDARY = \"a=b c\"",
                Some("a=b c"),
            ),
            ("multipart/mixed; boundary=abc; x=y", Some("abc")),
            ("multipart/batching", None),
            ("multipart/batching; boundary=\"open", None),
            ("multipart/batching; boundary=\"\"", None),
            ("multipart/batching; boundary=a{b", None),
            ("application/json; boundary=abc", None),
            ("", None),
        ] {
            assert_eq!(boundary_of(ct).ok().as_deref(), expected, "{ct}");
        }
    }

    #[test]
    fn status_and_request_lines() {
        assert_eq!(
            parse_status_line(b"HTTP/1.1 200 OK"),
            Ok((200, "OK".into()))
        );
        assert_eq!(parse_status_line(b"HTTP/1.1200OK"), Ok((200, "OK".into())));
        assert_eq!(parse_status_line(b"HTTP/2 204"), Ok((204, String::new())));
        assert_eq!(
            parse_status_line(b"HTTP/1.0 404 Not Found"),
            Ok((404, "Not Found".into()))
        );
        for bad in [
            "HTTP/1.1 2x0 OK",
            "HTTP/x 200",
            "HTTP/1.1 099 Low",
            "200 OK",
            "",
        ] {
            assert!(parse_status_line(bad.as_bytes()).is_err(), "{bad}");
        }
        assert_eq!(
            parse_request_line(b"GET /ucwa/me HTTP/1.1"),
            Ok(("GET".into(), "/ucwa/me".into()))
        );
        assert_eq!(
            parse_request_line(b"GET/ucwa/v1/applications/1/policiesHTTP/1.1"),
            Ok(("GET".into(), "/ucwa/v1/applications/1/policies".into()))
        );
        assert_eq!(
            parse_request_line(b"DELETE /x"),
            Ok(("DELETE".into(), "/x".into()))
        );
        assert_eq!(
            parse_request_line(b"Post /x HTTP/1.1"),
            Ok(("POST".into(), "/x".into()))
        );
        for bad in ["GET", "GET /a b HTTP/1.1", "/x HTTP/1.1"] {
            assert!(parse_request_line(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn payload_leniency() {
        assert_eq!(payload(b"?\n{\"a\":1}\n"), b"{\"a\":1}");
        assert_eq!(payload(b"\xEF\xBB\xBF<r/>"), b"<r/>");
        assert_eq!(payload(b" ?<r/>"), b"<r/>");
        assert_eq!(payload(b"?x"), b"?x");
        assert_eq!(payload(b""), b"");
    }

    #[test]
    fn split_variants() {
        let parts = split(
            "b",
            b"preamble\r\n--b\r\na\r\n--b  \r\nb\r\n--b--\r\nepilogue",
        )
        .unwrap();
        assert_eq!(parts, [&b"a"[..], b"b"]);
        let parts = split("b", b"--b\na\n--bx\n--b\n\n--b").unwrap();
        assert_eq!(parts, [&b"a\n--bx"[..], b""]);
        let parts = split("b", b"--b\nlast part, no close delimiter\n").unwrap();
        assert_eq!(parts, [&b"last part, no close delimiter\n"[..]]);
        assert!(split("b", b"no delimiter").is_err());
        assert_eq!(split("b", b"--b--").unwrap(), Vec::<&[u8]>::new());
    }

    #[test]
    fn encode_checks_the_boundary() {
        let mut batch = Batch::new();
        batch.push(BatchRequest::new("POST", "/x").header("X-Note", "--abc--"));
        assert!(batch.encode_with_boundary("abc").is_err());
        assert!(batch.encode_with_boundary("bad{boundary").is_err());
        assert!(batch.encode_with_boundary(&"x".repeat(71)).is_err());
        let e = batch.encode_with_boundary("a b").unwrap();
        assert_eq!(e.content_type(), "multipart/batching;boundary=\"a b\"");
        let first = batch.encode();
        let second = batch.encode();
        assert_ne!(first.boundary, second.boundary);
    }

    #[test]
    fn malformed_parts_do_not_hide_the_others() {
        let body = b"--b\r\n\r\ngarbage\r\n--b\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n--b--";
        let response = BatchResponse::parse_with_boundary(crate::registry(), "b", body).unwrap();
        assert_eq!(response.parts.len(), 2);
        let bad = response.parts[0].as_ref().unwrap_err();
        assert_eq!(bad.index, 0);
        assert_eq!(
            bad.to_string(),
            "batch part 0: `garbage` is not an HTTP status line"
        );
        let good = response.parts[1].as_ref().unwrap();
        assert_eq!((good.status, good.reason.as_str()), (204, "No Content"));
        assert!(matches!(good.result, Ok(None)));
        assert!(good.is_success());
    }
}
