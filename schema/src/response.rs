//! Reading a UCWA response: the resource on success, the error otherwise, in one call.
//!
//! The functions take the three things that matter — status, `Content-Type` and body —
//! so they serve any HTTP client, and the parts of a [batch](crate::batch) response. With
//! the `http` feature, `from_http` and friends take an `http::Response` directly.
//!
//! ```
//! # #[cfg(feature = "me")] {
//! use ucwa_schema::{Availability, ErrorSubcode, NextStep, Presence, ResponseError};
//! use ucwa_schema::response::decode;
//!
//! let presence: Presence = decode(200, Some("application/json"),
//!     br#"{"rel":"presence","availability":"Away"}"#)?;
//! assert_eq!(presence.availability, Some(Availability::Away));
//!
//! let error = decode::<Presence>(409, Some("application/json"),
//!     br#"{"code":"Conflict","subcode":"MakeMeAvailableRequired"}"#).unwrap_err();
//! let ResponseError::Api(error) = error else { unreachable!() };
//! assert_eq!(error.status, 409);
//! assert_eq!(error.subcode(), Some(&ErrorSubcode::MakeMeAvailableRequired));
//! assert_eq!(error.next_step(), NextStep::MakeMeAvailable);
//! # }
//! # Ok::<(), ucwa_schema::ResponseError>(())
//! ```

use crate::errors::ApiError;
use std::fmt;
use ucwa_codec::xml::FromXml;
use ucwa_codec::{Decoded, Format, Registry};

/// Why a response did not yield the expected resource.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseError {
    /// The server answered with an error status: the typed error, with what to do next.
    Api(Box<ApiError>),
    /// The status was a success but the body did not decode.
    Decode {
        /// The HTTP status.
        status: u16,
        /// What was wrong with the body.
        error: ucwa_codec::Error,
    },
    /// The status was a success but the body was missing or in neither JSON nor XML.
    UnexpectedBody {
        /// The HTTP status.
        status: u16,
        /// The response's `Content-Type`, if it had one.
        content_type: Option<String>,
    },
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        match self {
            ResponseError::Api(e) => e.status,
            ResponseError::Decode { status, .. } | ResponseError::UnexpectedBody { status, .. } => {
                *status
            }
        }
    }

    /// The error the server sent, when it answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ResponseError::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<ApiError> for ResponseError {
    fn from(e: ApiError) -> Self {
        ResponseError::Api(Box::new(e))
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api(e) => e.fmt(f),
            ResponseError::Decode { status, error } => {
                write!(
                    f,
                    "the body of a {status} response does not decode: {error}"
                )
            }
            ResponseError::UnexpectedBody {
                status,
                content_type,
            } => match content_type {
                Some(ct) => write!(
                    f,
                    "the body of a {status} response is `{ct}`, not a UCWA JSON or XML document"
                ),
                None => write!(
                    f,
                    "the {status} response has no JSON or XML body where one was expected"
                ),
            },
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Api(e) => Some(e.as_ref()),
            ResponseError::Decode { error, .. } => Some(error),
            ResponseError::UnexpectedBody { .. } => None,
        }
    }
}

/// Whether a status is a success (2xx).
fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// A body's format: its `Content-Type` when it has one, else a guess from its bytes.
fn body_format(content_type: Option<&str>, body: &[u8]) -> Option<Format> {
    match content_type {
        Some(ct) => Format::from_content_type(ct),
        None => Format::sniff(body),
    }
}

/// Whether a body holds nothing but whitespace.
fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Fails with the typed error of an unsuccessful status.
fn check_error(status: u16, content_type: Option<&str>, body: &[u8]) -> Result<(), ResponseError> {
    if is_success(status) {
        return Ok(());
    }
    Err(ResponseError::Api(Box::new(ApiError::from_response(
        status,
        content_type,
        body,
    ))))
}

/// The format of a success body, or the error saying it has none.
fn success_format(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<Format>, ResponseError> {
    check_error(status, content_type, body)?;
    if is_blank(body) {
        return Ok(None);
    }
    match body_format(content_type, body) {
        Some(format) => Ok(Some(format)),
        None => Err(ResponseError::UnexpectedBody {
            status,
            content_type: content_type.map(str::to_owned),
        }),
    }
}

fn missing_body(status: u16, content_type: Option<&str>) -> ResponseError {
    ResponseError::UnexpectedBody {
        status,
        content_type: content_type.map(str::to_owned),
    }
}

/// Decodes a response into `T`: the body on a 2xx status, the error otherwise.
///
/// The format comes from `content_type`, or without one, from the body's first bytes.
pub fn decode<T>(status: u16, content_type: Option<&str>, body: &[u8]) -> Result<T, ResponseError>
where
    T: serde::de::DeserializeOwned + FromXml,
{
    let format = success_format(status, content_type, body)?
        .ok_or_else(|| missing_body(status, content_type))?;
    ucwa_codec::decode(format, body).map_err(|error| ResponseError::Decode { status, error })
}

/// Decodes a response by the `rel` of its body through `registry` (typed where a type is
/// registered, dynamic otherwise); `Ok(None)` for a success without a body.
pub fn decode_dyn(
    registry: &Registry,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<Decoded>, ResponseError> {
    let Some(format) = success_format(status, content_type, body)? else {
        return Ok(None);
    };
    registry
        .decode(format, body)
        .map(Some)
        .map_err(|error| ResponseError::Decode { status, error })
}

/// Checks a response that needs no body (a `PUT`, `POST` or `DELETE` answered `204`).
pub fn check(status: u16, content_type: Option<&str>, body: &[u8]) -> Result<(), ResponseError> {
    check_error(status, content_type, body)
}

#[cfg(feature = "http")]
mod http_glue {
    use super::*;

    fn parts<B: AsRef<[u8]>>(response: &http::Response<B>) -> (u16, Option<&str>, &[u8]) {
        let content_type = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        (
            response.status().as_u16(),
            content_type,
            response.body().as_ref(),
        )
    }

    /// Decodes an `http::Response` into `T`, or the error it carries (see [`decode`]).
    ///
    /// ```
    /// # #[cfg(feature = "me")] {
    /// use ucwa_schema::Presence;
    /// let response = http::Response::builder()
    ///     .header("content-type", "application/vnd.microsoft.com.ucwa+json")
    ///     .body(br#"{"rel":"presence","availability":"Online"}"#.to_vec())?;
    /// let presence: Presence = ucwa_schema::response::from_http(&response)?;
    /// assert!(presence.availability.is_some());
    ///
    /// let gone = http::Response::builder().status(410).body(Vec::new())?;
    /// let error = ucwa_schema::response::from_http::<Presence, _>(&gone).unwrap_err();
    /// assert_eq!(error.status(), 410);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_http<T, B>(response: &http::Response<B>) -> Result<T, ResponseError>
    where
        T: serde::de::DeserializeOwned + FromXml,
        B: AsRef<[u8]>,
    {
        let (status, content_type, body) = parts(response);
        decode(status, content_type, body)
    }

    /// Decodes an `http::Response` by `rel` through `registry` (see [`decode_dyn`]).
    pub fn from_http_dyn<B: AsRef<[u8]>>(
        registry: &Registry,
        response: &http::Response<B>,
    ) -> Result<Option<Decoded>, ResponseError> {
        let (status, content_type, body) = parts(response);
        decode_dyn(registry, status, content_type, body)
    }

    /// Checks an `http::Response` that needs no body (see [`check`]).
    pub fn check_http<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<(), ResponseError> {
        let (status, content_type, body) = parts(response);
        check(status, content_type, body)
    }
}

#[cfg(feature = "http")]
pub use http_glue::{check_http, from_http, from_http_dyn};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policies;

    #[test]
    fn success_decodes() {
        let p: Policies = decode(200, None, br#"{"rel":"policies"}"#).unwrap();
        assert_eq!(p, Policies::default());
        let xml =
            br#"<resource rel="policies" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"/>"#;
        let p: Policies = decode(200, Some("text/xml"), xml).unwrap();
        assert_eq!(p, Policies::default());
    }

    #[test]
    fn errors() {
        let e = decode::<Policies>(500, Some("text/html"), b"<html>oops</html>").unwrap_err();
        assert_eq!(e.status(), 500);
        let api = e.api_error().unwrap();
        assert!(api.error_body().is_none());
        assert_eq!(e.to_string(), api.to_string());
        let e = decode::<Policies>(404, None, b"").unwrap_err();
        assert_eq!(e.status(), 404);

        let e = decode::<Policies>(200, Some("application/json"), b"{\"rel\":3}").unwrap_err();
        assert!(matches!(e, ResponseError::Decode { status: 200, .. }));
        assert!(std::error::Error::source(&e).is_some());
        assert!(
            e.to_string()
                .starts_with("the body of a 200 response does not decode")
        );

        let e = decode::<Policies>(204, None, b"").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the 204 response has no JSON or XML body where one was expected"
        );
        let e = decode::<Policies>(200, Some("image/png"), b"\x89PNG").unwrap_err();
        assert!(e.to_string().contains("`image/png`"), "{e}");
    }

    #[test]
    fn dynamic_and_bodiless() {
        let registry = crate::registry();
        assert_eq!(decode_dyn(registry, 204, None, b"  ").unwrap(), None);
        let d = decode_dyn(registry, 200, None, br#"{"rel":"policies"}"#)
            .unwrap()
            .unwrap();
        assert!(d.downcast_ref::<Policies>().is_some());
        let d = decode_dyn(registry, 201, None, br#"{"rel":"gadget"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(d.as_dynamic().unwrap().rel.as_deref(), Some("gadget"));
        assert!(check(204, None, b"").is_ok());
        assert!(check(412, None, b"").is_err());
    }
}
