//! UCWA error codes and subcodes, and the synchronous errors each resource documents.

use ucwa_codec::StringEnum;

/// The `code` of a UCWA error body: the class of failure (for synchronous errors it
/// matches the HTTP status).
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum ErrorCode {
    /// 400: the request is malformed or a parameter is invalid.
    BadRequest,
    /// 403: the request is not allowed.
    Forbidden,
    /// 404: the resource does not exist.
    NotFound,
    /// 405: the method is not supported here.
    MethodNotAllowed,
    /// 408: the client took too long.
    ClientTimeout,
    /// 409: the request conflicts with the resource's state.
    Conflict,
    /// 410: the resource is gone.
    Gone,
    /// 412: the `If-Match` ETag no longer matches.
    PreconditionFailed,
    /// 413: the request is too large.
    EntityTooLarge,
    /// 415: the content type is not supported.
    UnsupportedMediaType,
    /// 428: the request must be conditional (`If-Match`).
    PreconditionRequired,
    /// 429: too many requests.
    TooManyRequests,
    /// 500: the server failed.
    ServiceFailure,
    /// 503: the service is unavailable.
    ServiceUnavailable,
    /// 504: a remote component timed out.
    GatewayTimeout,
    /// 504 as the event channel spells it.
    Timeout,
    /// A code this version does not know.
    #[ucwa(other)]
    Other(String),
}

/// The `subcode` of a UCWA error body: what exactly failed. New ones appear at any time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum ErrorSubcode {
    /// The resource already exists.
    AlreadyExists,
    /// Anonymous users may not do this.
    AnonymousNotAllowed,
    /// The server could not reach the client's event channel.
    CallbackChannelError,
    /// No backup pool is configured to redirect to.
    CannotRedirect,
    /// The target of the request could not be found.
    DestinationNotFound,
    /// The Exchange server version does not support the feature.
    InvalidExchangeServerVersion,
    /// A limit on the number of items was reached.
    LimitExceeded,
    /// The user must call `makeMeAvailable` first.
    MakeMeAvailableRequired,
    /// The user's data is being migrated; try later.
    MigrationInProgress,
    /// The user has no delegates.
    NoDelegatesConfigured,
    /// The user has no team members.
    NoTeamMembersConfigured,
    /// No specific subcode (an unsupported service, resource or API).
    None,
    /// A phone number could not be normalised.
    NormalizationFailed,
    /// The operation is not supported in this context.
    OperationNotSupported,
    /// A parameter is missing or invalid (see the body's `parameters`).
    ParameterValidationFailure,
    /// The user's provisioning data is not available.
    ProvisioningDataUnavailable,
    /// Too many contacts.
    TooManyContacts,
    /// Too many contact groups.
    TooManyGroups,
    /// Too many online meetings.
    TooManyOnlineMeetings,
    /// A subcode this version does not know.
    #[ucwa(other)]
    Other(String),
}

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
