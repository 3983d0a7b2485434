use crate::enums::{Availability, PreferredAvailability};
use crate::errors::{DocumentedError, ErrorCode, ErrorSubcode, Method};
use ucwa_codec::{Input, Link, Members, Resource};

/// The signed-in user's own availability and activity (`rel` `presence`).
///
/// Operations: `GET` returns it; `POST` with a [`PresenceInput`] sets it (an empty
/// body resets it). The server sends `added`, `updated` and `deleted` events for it.
#[derive(Clone, Debug, Default, PartialEq, Resource)]
#[ucwa(rel = "presence")]
pub struct Presence {
    /// Where this resource lives.
    #[ucwa(self_link)]
    pub self_link: Option<Link>,
    /// What the user is doing, as free text in the application's locale.
    pub activity: Option<String>,
    /// How available the user is.
    pub availability: Option<Availability>,
    /// Members this type does not know.
    #[ucwa(extra)]
    pub extra: Members,
}

/// The body of `POST` on [`Presence`]: the availability to set, or nothing to reset it.
#[derive(Clone, Debug, Default, PartialEq, Input)]
pub struct PresenceInput {
    /// The availability to show.
    pub availability: Option<PreferredAvailability>,
    /// Members this type does not know.
    #[ucwa(extra)]
    pub extra: Members,
}

impl Presence {
    /// The synchronous errors the reference documents for this resource.
    pub const ERRORS: &'static [DocumentedError] = &[
        DocumentedError::new(
            Method::Get,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::MakeMeAvailableRequired,
        ),
        DocumentedError::new(
            Method::Get,
            500,
            ErrorCode::ServiceFailure,
            ErrorSubcode::InvalidExchangeServerVersion,
        ),
        DocumentedError::new(
            Method::Get,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::AlreadyExists,
        ),
        DocumentedError::new(
            Method::Get,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::TooManyGroups,
        ),
        DocumentedError::new(Method::Get, 409, ErrorCode::Conflict, ErrorSubcode::None),
        DocumentedError::new(
            Method::Get,
            410,
            ErrorCode::Gone,
            ErrorSubcode::CannotRedirect,
        ),
        DocumentedError::new(
            Method::Post,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::MakeMeAvailableRequired,
        ),
        DocumentedError::new(
            Method::Post,
            500,
            ErrorCode::ServiceFailure,
            ErrorSubcode::CallbackChannelError,
        ),
        DocumentedError::new(
            Method::Post,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::AlreadyExists,
        ),
        DocumentedError::new(
            Method::Post,
            409,
            ErrorCode::Conflict,
            ErrorSubcode::TooManyGroups,
        ),
        DocumentedError::new(Method::Post, 409, ErrorCode::Conflict, ErrorSubcode::None),
        DocumentedError::new(
            Method::Post,
            410,
            ErrorCode::Gone,
            ErrorSubcode::CannotRedirect,
        ),
    ];
}
