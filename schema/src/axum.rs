//! [axum](https://docs.rs/axum/0.8) glue (feature `axum`): [`Ucwa<T>`] reads a request
//! body in the format its `Content-Type` names and answers in the format the request's
//! `Accept` asks for; [`ErrorBody`] and [`ApiError`] are responses with their status.
//!
//! Reading needs nothing more. Answering in the format `Accept` names needs the
//! [`negotiate`] middleware on the router, because a responder cannot see the request:
//! without it every UCWA response goes out in JSON (or, for an [`ApiError`] read from
//! a server, in the format it came in).
//!
//! ```
//! # #[cfg(feature = "me")] {
//! use axum::{Router, middleware, routing::get};
//! use ucwa_schema::axum::{Ucwa, negotiate};
//! use ucwa_schema::{ApiError, Availability, ErrorBody, ErrorCode, ErrorSubcode};
//! use ucwa_schema::{Presence, PresenceInput};
//!
//! async fn presence() -> Ucwa<Presence> {
//!     Ucwa(Presence { availability: Some(Availability::Online), ..Presence::default() })
//! }
//!
//! // A body that does not decode never reaches the handler: it is answered with a
//! // UCWA error body (415, 400 or 422, see `UcwaRejection`).
//! async fn set_presence(Ucwa(input): Ucwa<PresenceInput>) -> Result<(), ApiError> {
//!     let _ = input;
//!     Err(ApiError::new(409, ErrorBody::new(ErrorCode::Conflict)
//!         .with_subcode(ErrorSubcode::MakeMeAvailableRequired)))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/me/presence", get(presence).post(set_presence))
//!     .layer(middleware::from_fn(negotiate));
//! # let _ = app;
//! # }
//! ```

use crate::errors::{ApiError, ErrorBody, ErrorBodyKind, ErrorCode, ErrorSubcode};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use ucwa_codec::xml::{FromXml, ToXml};
use ucwa_codec::{Category, Format};

/// A UCWA document in a request or a response, in JSON or XML.
///
/// As an extractor it requires a `Content-Type` naming JSON or XML (the generic or the
/// UCWA vendor media types) and decodes the body into `T`, strictly (a value its field
/// does not take is refused, not kept); otherwise it rejects with a
/// [`UcwaRejection`]. As a response it is `200 OK` with the document in the format the
/// [`negotiate`] middleware found in the request's `Accept` (JSON without it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Ucwa<T>(pub T);

impl<T> std::ops::Deref for Ucwa<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Ucwa<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Ucwa<T> {
    fn from(value: T) -> Self {
        Ucwa(value)
    }
}

impl<T, S> FromRequest<S> for Ucwa<T>
where
    T: DeserializeOwned + FromXml,
    S: Send + Sync,
{
    type Rejection = UcwaRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, UcwaRejection> {
        let content_type = req.headers().get(header::CONTENT_TYPE);
        let Some(format) = content_type.and_then(|v| Format::try_from(v).ok()) else {
            return Err(UcwaRejection::UnsupportedMediaType {
                content_type: content_type.map(|v| String::from_utf8_lossy(v.as_bytes()).into()),
            });
        };
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|error| UcwaRejection::Body { format, error })?;
        // A server validates what it receives: a value its field does not take is refused
        // (422), not kept.
        let strict = ucwa_codec::Limits::DEFAULT.with_strict(true);
        ucwa_codec::decode_with(format, &bytes, strict)
            .map(Ucwa)
            .map_err(|error| UcwaRejection::Decode { format, error })
    }
}

impl<T> IntoResponse for Ucwa<T>
where
    T: Serialize + ToXml + Send + Sync + 'static,
{
    fn into_response(self) -> Response {
        let value = Arc::new(self.0);
        let encode = move |format| ucwa_codec::encode(format, value.as_ref());
        Pending::respond(StatusCode::OK, Format::Json, Arc::new(encode))
    }
}

/// Encodes a document in a format (kept in the response for [`negotiate`]).
type Encoder = Arc<dyn Fn(Format) -> ucwa_codec::Result<Vec<u8>> + Send + Sync>;

/// A UCWA document in a response, which [`negotiate`] may encode again in another format.
#[derive(Clone)]
struct Pending {
    /// The format the body is in now.
    format: Format,
    encode: Encoder,
}

impl Pending {
    /// The response with the document encoded in `format`, ready to be encoded again.
    fn respond(status: StatusCode, format: Format, encode: Encoder) -> Response {
        let mut response = match encode(format) {
            Ok(body) => (
                status,
                [(header::CONTENT_TYPE, HeaderValue::from(format))],
                body,
            )
                .into_response(),
            Err(error) => return encoding_failed(&error),
        };
        response.extensions_mut().insert(Pending { format, encode });
        response
    }
}

/// What a document that cannot be encoded becomes (as axum's `Json` does it).
fn encoding_failed(error: &ucwa_codec::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("the response document cannot be encoded: {error}"),
    )
        .into_response()
}

/// Middleware answering every UCWA document ([`Ucwa`], [`ErrorBody`], [`ApiError`],
/// [`UcwaRejection`]) in the format the request's `Accept` asks for.
///
/// Add it with `axum::middleware::from_fn(negotiate)`. A request without `Accept`, or
/// accepting neither JSON nor XML, gets the response as its handler made it (JSON for
/// a [`Ucwa`]). Other responses pass through untouched.
pub async fn negotiate(request: Request, next: Next) -> Response {
    let wanted = Format::from_accept_headers(request.headers());
    let mut response = next.run(request).await;
    let Some(wanted) = wanted else {
        return response;
    };
    let Some(pending) = response.extensions_mut().remove::<Pending>() else {
        return response;
    };
    if pending.format == wanted {
        return response;
    }
    match (pending.encode)(wanted) {
        Ok(body) => {
            let (mut parts, _) = response.into_parts();
            parts
                .headers
                .insert(header::CONTENT_TYPE, HeaderValue::from(wanted));
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, body.into())
        }
        Err(error) => encoding_failed(&error),
    }
}

/// The status an error body stands for: its code's ([`ErrorCode::status`]), or 500
/// for a code without one (such as `ExchangeServiceFailure`).
fn status_of(body: &ErrorBody) -> StatusCode {
    body.code
        .status()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// An error body with its status and the format it goes out in.
fn error_response(status: StatusCode, format: Format, body: ErrorBody) -> Response {
    let body = Arc::new(body);
    Pending::respond(
        status,
        format,
        Arc::new(move |format| ucwa_codec::encode(format, body.as_ref())),
    )
}

/// An error body alone is a response with the status of its code (500 when the code
/// has none), in JSON unless [`negotiate`] asks for XML.
impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        error_response(status_of(&self), Format::Json, self)
    }
}

/// An [`ApiError`] is answered with its status and body: a UCWA body in the format it
/// holds (or the one [`negotiate`] asks for), any other body as it was received, with
/// its `Content-Type`. A status that is not a valid HTTP status gives 500.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.body {
            ErrorBodyKind::Ucwa { format, body } => error_response(status, format, body),
            ErrorBodyKind::Other {
                content_type,
                bytes,
            } => {
                let mut response = (status, bytes).into_response();
                if let Some(value) = content_type.and_then(|ct| HeaderValue::try_from(ct).ok()) {
                    response.headers_mut().insert(header::CONTENT_TYPE, value);
                }
                response
            }
        }
    }
}

/// Why a [`Ucwa`] extractor refused a request. As a response it is a UCWA error body
/// (so a client reads it as an [`ApiError`]), with the status axum's `Json` uses for
/// the same failure.
#[derive(Debug)]
#[non_exhaustive]
pub enum UcwaRejection {
    /// `415 Unsupported Media Type`: the `Content-Type` is missing or names neither
    /// JSON nor XML (code and subcode `UnsupportedMediaType`).
    UnsupportedMediaType {
        /// The `Content-Type` received, if any.
        content_type: Option<String>,
    },
    /// The body could not be read (too large, or the connection failed): axum's own
    /// rejection, with its status.
    Body {
        /// The format the `Content-Type` named.
        format: Format,
        /// What axum reported.
        error: BytesRejection,
    },
    /// The body does not decode: `400 Bad Request` when it is not well-formed JSON or
    /// XML, `422 Unprocessable Entity` when it is but does not fit `T`, `413 Payload Too
    /// Large` when it exceeds a decoding limit (subcode `DeserializationFailure`; the
    /// message says what and where).
    Decode {
        /// The format the `Content-Type` named.
        format: Format,
        /// What was wrong, where.
        error: ucwa_codec::Error,
    },
}

impl UcwaRejection {
    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            UcwaRejection::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            UcwaRejection::Body { error, .. } => error.status(),
            UcwaRejection::Decode { error, .. } => match error.category() {
                Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                Category::Limit => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::BAD_REQUEST,
            },
        }
    }

    /// The UCWA error body of the response.
    pub fn error_body(&self) -> ErrorBody {
        let message = self.to_string();
        match self {
            UcwaRejection::UnsupportedMediaType { .. } => {
                ErrorBody::new(ErrorCode::UnsupportedMediaType)
                    .with_subcode(ErrorSubcode::UnsupportedMediaType)
            }
            UcwaRejection::Body { error, .. } => {
                let code = ErrorCode::from_status(error.status().as_u16())
                    .unwrap_or(ErrorCode::BadRequest);
                ErrorBody::new(code)
            }
            UcwaRejection::Decode { error, .. } => {
                // UCWA has no code of its own for 422: the class of failure is still a
                // bad request, and the subcode says which kind.
                let code = match error.category() {
                    Category::Limit => ErrorCode::EntityTooLarge,
                    _ => ErrorCode::BadRequest,
                };
                ErrorBody::new(code).with_subcode(ErrorSubcode::DeserializationFailure)
            }
        }
        .with_message(message)
    }

    /// The format the error body goes out in when [`negotiate`] does not choose one: the
    /// request's, when it named one.
    fn format(&self) -> Format {
        match self {
            UcwaRejection::UnsupportedMediaType { .. } => Format::Json,
            UcwaRejection::Body { format, .. } | UcwaRejection::Decode { format, .. } => *format,
        }
    }
}

impl fmt::Display for UcwaRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UcwaRejection::UnsupportedMediaType {
                content_type: Some(ct),
            } => write!(
                f,
                "the request body is `{ct}`, not UCWA JSON or XML (application/json, \
                 application/xml or the application/vnd.microsoft.com.ucwa+ types)"
            ),
            UcwaRejection::UnsupportedMediaType { content_type: None } => f.write_str(
                "the request has no Content-Type; UCWA bodies are JSON or XML \
                 (application/json or application/xml)",
            ),
            UcwaRejection::Body { error, .. } => {
                write!(
                    f,
                    "the request body could not be read: {}",
                    error.body_text()
                )
            }
            UcwaRejection::Decode { format, error } => {
                write!(f, "the {format:?} request body does not decode: {error}")
            }
        }
    }
}

impl std::error::Error for UcwaRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UcwaRejection::UnsupportedMediaType { .. } => None,
            UcwaRejection::Body { error, .. } => Some(error),
            UcwaRejection::Decode { error, .. } => Some(error),
        }
    }
}

impl IntoResponse for UcwaRejection {
    fn into_response(self) -> Response {
        error_response(self.status(), self.format(), self.error_body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_format(response: &Response) -> Option<Format> {
        Format::from_headers(response.headers())
    }

    #[test]
    fn error_bodies_have_their_status() {
        let body = ErrorBody::new(ErrorCode::Gone);
        let response = body.into_response();
        assert_eq!(response.status(), StatusCode::GONE);
        assert_eq!(body_format(&response), Some(Format::Json));
        let response = ErrorBody::new(ErrorCode::ExchangeServiceFailure).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);

        let api = ApiError::from_response(
            412,
            Some("application/xml"),
            br#"<reason xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><code>PreconditionFailed</code></reason>"#,
        );
        let response = api.into_response();
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(body_format(&response), Some(Format::Xml));

        let proxy = ApiError::from_response(502, Some("text/html"), b"<html/>");
        let response = proxy.into_response();
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html");
        assert!(response.extensions().get::<Pending>().is_none());

        let odd = ApiError::new(1000, ErrorBody::new(ErrorCode::Conflict));
        assert_eq!(
            odd.into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn rejections_follow_axum_json_statuses() {
        let decode = |format, input: &[u8]| {
            let error = ucwa_codec::decode::<crate::ApplicationsInput>(format, input).unwrap_err();
            UcwaRejection::Decode { format, error }
        };
        let syntax = decode(Format::Json, b"{\"culture\":");
        assert_eq!(syntax.status(), StatusCode::BAD_REQUEST);
        let data = decode(Format::Xml, br#"<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="culture"><x/></property></input>"#);
        assert_eq!(data.status(), StatusCode::UNPROCESSABLE_ENTITY, "{data}");
        let body = data.error_body();
        assert_eq!(body.code, ErrorCode::BadRequest);
        assert_eq!(body.subcode, Some(ErrorSubcode::DeserializationFailure));
        assert!(
            body.message.as_deref().unwrap().contains("culture"),
            "{body:?}"
        );
        let response = data.into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body_format(&response), Some(Format::Xml));

        let media = UcwaRejection::UnsupportedMediaType {
            content_type: Some("text/plain".into()),
        };
        assert_eq!(media.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(media.to_string().contains("`text/plain`"));
        assert_eq!(
            media.error_body().subcode,
            Some(ErrorSubcode::UnsupportedMediaType)
        );
    }
}
