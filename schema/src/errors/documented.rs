//! The synchronous errors each resource documents, by operation.

use super::{ApiError, ErrorBody, ErrorCode, ErrorSubcode};
use std::fmt;

/// An HTTP method of a UCWA operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

/// A synchronous error the reference documents for an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// The operation's method.
    pub method: Method,
    /// The HTTP status.
    pub status: u16,
    /// The error body's `code`.
    pub code: ErrorCode,
    /// The error body's `subcode`.
    pub subcode: ErrorSubcode,
}

impl DocumentedError {
    /// Builds a table entry.
    pub const fn new(method: Method, status: u16, code: ErrorCode, subcode: ErrorSubcode) -> Self {
        DocumentedError {
            method,
            status,
            code,
            subcode,
        }
    }
}

impl Method {
    /// The method as HTTP spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DocumentedError {
    /// Whether an error a client received is this documented one (same status, code and
    /// subcode).
    pub fn matches(&self, error: &ApiError) -> bool {
        error.status == self.status
            && error.code() == Some(&self.code)
            && error.subcode() == Some(&self.subcode)
    }

    /// An error body with this entry's code and subcode (for tests and mock servers).
    pub fn body(&self) -> ErrorBody {
        ErrorBody::new(self.code.clone()).with_subcode(self.subcode.clone())
    }
}

/// The synchronous errors the reference documents for `method` on the resource `rel`
/// (empty for a resource this crate does not describe, or whose area's feature is off).
/// Errors that any resource may return (such as `ApplicationNotFound`) are not repeated
/// per resource.
///
/// ```
/// use ucwa_schema::errors::documented;
/// use ucwa_schema::{ErrorSubcode, Method};
/// assert!(documented("applications", Method::Post)
///     .any(|e| e.status == 500 && e.subcode == ErrorSubcode::CallbackChannelError));
/// # #[cfg(feature = "me")] {
/// assert!(documented("presence", Method::Post)
///     .any(|e| e.status == 409 && e.subcode == ErrorSubcode::MakeMeAvailableRequired));
/// assert!(documented("note", Method::Get).any(|e| e.status == 410));
/// # }
/// assert_eq!(documented("no-such-resource", Method::Get).count(), 0);
/// ```
pub fn documented(rel: &str, method: Method) -> impl Iterator<Item = &'static DocumentedError> {
    documented_for(rel)
        .iter()
        .filter(move |e| e.method == method)
}

/// Every synchronous error the reference documents for the resource `rel`, all methods.
///
/// The table is each resource type's `ERRORS` constant, looked up by rel.
pub fn documented_for(rel: &str) -> &'static [DocumentedError] {
    crate::any::documented_errors(rel)
}
