//! The error a client gets from a failed request, and what to do about it.

use super::{ErrorBody, ErrorCode, ErrorSubcode};
use std::fmt;
use ucwa_codec::Format;

/// A failed UCWA request: the HTTP status and what the body said.
///
/// Build it from the response with [`ApiError::from_response`]; match on
/// [`code`](ApiError::code) / [`subcode`](ApiError::subcode), or ask
/// [`next_step`](ApiError::next_step) what to do.
///
/// ```
/// use ucwa_schema::errors::{ApiError, ErrorBodyKind, NextStep};
///
/// // A proxy in front of the server answered instead of UCWA.
/// let error = ApiError::from_response(503, Some("text/html"), b"<html>Busy</html>");
/// assert!(matches!(error.body, ErrorBodyKind::Other { .. }));
/// assert_eq!(error.next_step(), NextStep::RetryAfterBackoff);
/// assert_eq!(error.to_string(), "HTTP 503 Service Unavailable (text/html body of 17 bytes, not a UCWA error)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The body: a UCWA error body, or whatever else came back.
    pub body: ErrorBodyKind,
}

/// The body of a failed response.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBodyKind {
    /// A UCWA error body, in the format it came in.
    Ucwa {
        /// The wire format.
        format: Format,
        /// The decoded body.
        body: ErrorBody,
    },
    /// Not a UCWA error body (an intermediate proxy's page, an empty body, a body that
    /// does not decode), kept as received.
    Other {
        /// The `Content-Type` header, if there was one.
        content_type: Option<String>,
        /// The raw body.
        bytes: Vec<u8>,
    },
}

/// What a client should do about a failed request; see [`ApiError::next_step`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextStep {
    /// Send the same request again later, backing off (honour `Retry-After` when the
    /// response has one): the failure is transient (503, 504, 429, 408, a remote timeout,
    /// a migration or another operation in progress).
    RetryAfterBackoff,
    /// GET the resource again (for its current ETag), then repeat the change with
    /// `If-Match` (412 `PreconditionFailed`, 428 `PreconditionRequired`).
    RefetchThenRetry,
    /// POST `makeMeAvailable` on `me`, then retry (409 `MakeMeAvailableRequired`).
    MakeMeAvailable,
    /// The application is gone (404 `ApplicationNotFound`, `InactiveApplicationExpired`):
    /// POST on `applications` to create a new one, then start over (its caches and
    /// event channel belong to the old one).
    RecreateApplication,
    /// The credentials were refused or expired (401): get a new token, then retry.
    Reauthenticate,
    /// The request itself is wrong (400, 405, 413, 415, an unsupported API version):
    /// repeating it unchanged will fail again. For 400, [`ErrorBody::parameters`] names
    /// the invalid parameters.
    FixRequest,
    /// A newer pending GET replaced this one on the event channel (409 `PGetReplaced`):
    /// nothing to do if the client sent it; otherwise another instance is using this
    /// application.
    Superseded,
    /// Nothing the client can do will make this request succeed (403, 404, 410, most
    /// 409s such as `AlreadyExists` or `TooManyGroups`, 500): report it.
    GiveUp,
}

impl ApiError {
    /// Builds the error from a failed response: its status, `Content-Type` header and body.
    ///
    /// The body is decoded as a UCWA error body when the content type is JSON or XML (or
    /// absent, and the body looks like one); otherwise, or when it does not decode, it is
    /// kept as [`ErrorBodyKind::Other`].
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> ApiError {
        let format = match content_type {
            Some(ct) => Format::from_content_type(ct),
            None => Format::sniff(body),
        };
        let decoded = format.and_then(|format| {
            ucwa_codec::decode::<ErrorBody>(format, body)
                .ok()
                .map(|body| ErrorBodyKind::Ucwa { format, body })
        });
        ApiError {
            status,
            body: decoded.unwrap_or_else(|| ErrorBodyKind::Other {
                content_type: content_type.map(str::to_owned),
                bytes: body.to_vec(),
            }),
        }
    }

    /// An error with a UCWA body (for tests and mock servers).
    pub fn new(status: u16, body: ErrorBody) -> ApiError {
        ApiError {
            status,
            body: ErrorBodyKind::Ucwa {
                format: Format::Json,
                body,
            },
        }
    }

    /// The UCWA error body, when the response had one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match &self.body {
            ErrorBodyKind::Ucwa { body, .. } => Some(body),
            ErrorBodyKind::Other { .. } => None,
        }
    }

    /// The body's `code`.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.error_body().map(|b| &b.code)
    }

    /// The body's `subcode`.
    pub fn subcode(&self) -> Option<&ErrorSubcode> {
        self.error_body().and_then(|b| b.subcode.as_ref())
    }

    /// The body's `message`.
    pub fn message(&self) -> Option<&str> {
        self.error_body().and_then(|b| b.message.as_deref())
    }

    /// Whether sending the same request again, after a delay, may succeed
    /// (the next step is [`NextStep::RetryAfterBackoff`]). A 412 is not retryable as
    /// such: the resource must be fetched again first ([`NextStep::RefetchThenRetry`]).
    pub fn is_retryable(&self) -> bool {
        self.next_step() == NextStep::RetryAfterBackoff
    }

    /// What to do next, from the subcode when it says more than the status, else from
    /// the status. See each [`NextStep`] for the cases.
    pub fn next_step(&self) -> NextStep {
        use ErrorSubcode as S;
        if let Some(subcode) = self.subcode() {
            match subcode {
                S::MakeMeAvailableRequired => return NextStep::MakeMeAvailable,
                S::ApplicationNotFound | S::InactiveApplicationExpired => {
                    return NextStep::RecreateApplication;
                }
                S::PGetReplaced => return NextStep::Superseded,
                S::PreconditionFailed | S::PreconditionRequired => {
                    return NextStep::RefetchThenRetry;
                }
                S::ServiceTimeout
                | S::ExchangeTimeout
                | S::Timeout
                | S::MigrationInProgress
                | S::AnotherOperationPending
                | S::TemporarilyUnavailable
                | S::LisServiceUnavailable => return NextStep::RetryAfterBackoff,
                S::ParameterValidationFailure
                | S::DeserializationFailure
                | S::UnsupportedMediaType
                | S::ApiVersionNotSupported
                | S::VersionNotSupported => return NextStep::FixRequest,
                _ => {}
            }
        }
        match self.status {
            401 => NextStep::Reauthenticate,
            412 | 428 => NextStep::RefetchThenRetry,
            400 | 405 | 413 | 414 | 415 | 431 => NextStep::FixRequest,
            408 | 429 | 502 | 503 | 504 => NextStep::RetryAfterBackoff,
            _ => NextStep::GiveUp,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reason_phrase(self.status) {
            write!(f, " {reason}")?;
        }
        match &self.body {
            ErrorBodyKind::Ucwa { body, .. } => {
                write!(f, ": {}", body.code)?;
                if let Some(subcode) = &body.subcode {
                    write!(f, "/{subcode}")?;
                }
                if let Some(message) = &body.message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            ErrorBodyKind::Other {
                content_type,
                bytes,
            } => match content_type {
                Some(ct) => write!(f, " ({ct} body of {} bytes, not a UCWA error)", bytes.len()),
                None if bytes.is_empty() => f.write_str(" (no body)"),
                None => write!(f, " (body of {} bytes, not a UCWA error)", bytes.len()),
            },
        }
    }
}

impl std::error::Error for ApiError {}

/// The standard reason phrase of the statuses UCWA uses.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}
