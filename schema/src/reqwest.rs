//! [reqwest](https://docs.rs/reqwest/0.12) glue (feature `reqwest`): extension traits
//! in the manner of reqwest's own `.json()`.
//!
//! - [`UcwaRequestExt`] on a `RequestBuilder`: [`ucwa_accept`](UcwaRequestExt::ucwa_accept)
//!   asks for a format, [`ucwa_body`](UcwaRequestExt::ucwa_body) sends a body in one
//!   (setting `Content-Type` and `Accept`), [`ucwa_put`](UcwaRequestExt::ucwa_put) sends
//!   a [`PutRequest`] with its `If-Match`.
//! - [`UcwaResponseExt`] on a `Response`: [`ucwa`](UcwaResponseExt::ucwa) reads the body
//!   into the type asked for on a 2xx status, into an [`ApiError`] otherwise, in one
//!   awaited call; [`ucwa_dyn`](UcwaResponseExt::ucwa_dyn) decodes by `rel`;
//!   [`ucwa_check`](UcwaResponseExt::ucwa_check) checks a bodiless answer.
//!
//! The format of a response comes from its `Content-Type` (from the body's first bytes
//! when there is none). This feature chooses no TLS backend and no runtime: reqwest's
//! own features do.
//!
//! ```no_run
//! # #[cfg(feature = "me")] {
//! use ucwa_codec::Format;
//! use ucwa_schema::reqwest::{UcwaRequestExt, UcwaResponseExt};
//! use ucwa_schema::{NextStep, Presence, PresenceInput, PreferredAvailability};
//!
//! # async fn run(client: reqwest::Client, presence_url: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let presence: Presence = client.get(presence_url).ucwa_accept(Format::Json)
//!     .send().await?.ucwa().await?;
//!
//! let input = PresenceInput {
//!     availability: Some(PreferredAvailability::Busy),
//!     ..PresenceInput::default()
//! };
//! let answer = client.post(presence_url).ucwa_body(Format::Xml, &input)?
//!     .send().await?.ucwa_check().await;
//! if let Err(error) = answer {
//!     match error.api_error() {
//!         Some(api) if api.next_step() == NextStep::MakeMeAvailable => { /* … */ }
//!         _ => return Err(error.into()),
//!     }
//! }
//! # let _ = presence;
//! # Ok(())
//! # }
//! # }
//! ```

use crate::errors::ApiError;
use crate::response::{self, ResponseError};
use ::reqwest::header::{ACCEPT, CONTENT_TYPE};
use ::reqwest::{RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use ucwa_codec::xml::{FromXml, ToXml};
use ucwa_codec::{Decoded, Format, PutRequest, Registry};

/// Why a UCWA exchange over reqwest failed: the transport, or the response.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading the response failed (connection reset, timeout, …).
    Transport(::reqwest::Error),
    /// The response was an error status (with its [`ApiError`]) or a body that does
    /// not decode.
    Response(ResponseError),
}

impl Error {
    /// The error the server sent, when it answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Response(e) => e.api_error(),
            Error::Transport(_) => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Response(e) => Some(e.status()),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "reading the response failed: {e}"),
            Error::Response(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Response(e) => e.source(),
        }
    }
}

impl From<::reqwest::Error> for Error {
    fn from(e: ::reqwest::Error) -> Self {
        Error::Transport(e)
    }
}

impl From<ResponseError> for Error {
    fn from(e: ResponseError) -> Self {
        Error::Response(e)
    }
}

/// A response taken apart: status, `Content-Type` and the whole body.
async fn read(response: Response) -> Result<(u16, Option<String>, impl AsRef<[u8]>), Error> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await?;
    Ok((status, content_type, body))
}

/// UCWA decoding on a reqwest `Response`.
pub trait UcwaResponseExt: Sized {
    /// Reads the body into `T` on a 2xx status; any other status gives
    /// [`Error::Response`] holding the [`ApiError`] (see [`response::decode`]).
    fn ucwa<T>(self) -> impl Future<Output = Result<T, Error>> + Send
    where
        T: DeserializeOwned + FromXml;

    /// Reads the body by its `rel` through `registry` (typed where a type is registered,
    /// dynamic otherwise); `Ok(None)` for a success without a body (see
    /// [`response::decode_dyn`]).
    fn ucwa_dyn(
        self,
        registry: &Registry,
    ) -> impl Future<Output = Result<Option<Decoded>, Error>> + Send;

    /// Checks an answer that needs no body (a `204` to a `PUT`, `POST` or `DELETE`): the
    /// [`ApiError`] on an error status.
    fn ucwa_check(self) -> impl Future<Output = Result<(), Error>> + Send;
}

impl UcwaResponseExt for Response {
    async fn ucwa<T>(self) -> Result<T, Error>
    where
        T: DeserializeOwned + FromXml,
    {
        let (status, content_type, body) = read(self).await?;
        Ok(response::decode(
            status,
            content_type.as_deref(),
            body.as_ref(),
        )?)
    }

    async fn ucwa_dyn(self, registry: &Registry) -> Result<Option<Decoded>, Error> {
        let (status, content_type, body) = read(self).await?;
        Ok(response::decode_dyn(
            registry,
            status,
            content_type.as_deref(),
            body.as_ref(),
        )?)
    }

    async fn ucwa_check(self) -> Result<(), Error> {
        let (status, content_type, body) = read(self).await?;
        Ok(response::check(
            status,
            content_type.as_deref(),
            body.as_ref(),
        )?)
    }
}

/// UCWA bodies and headers on a reqwest `RequestBuilder`.
pub trait UcwaRequestExt: Sized {
    /// Asks for the answer in `format` (`Accept`, with the UCWA vendor media type).
    fn ucwa_accept(self, format: Format) -> Self;

    /// Sends `body` encoded in `format`, with `Content-Type` and `Accept` set to it.
    ///
    /// Unlike reqwest's `.json()`, which keeps an encoding error until `send`, this
    /// returns it at once: reqwest offers no way to store an error of another crate.
    fn ucwa_body<T>(self, format: Format, body: &T) -> Result<Self, ucwa_codec::Error>
    where
        T: Serialize + ToXml + ?Sized;

    /// Sends a `PUT` body with its headers (`Content-Type`, `Accept`, `If-Match`).
    fn ucwa_put(self, put: PutRequest) -> Self;
}

impl UcwaRequestExt for RequestBuilder {
    fn ucwa_accept(self, format: Format) -> Self {
        self.header(ACCEPT, format)
    }

    fn ucwa_body<T>(self, format: Format, body: &T) -> Result<Self, ucwa_codec::Error>
    where
        T: Serialize + ToXml + ?Sized,
    {
        let bytes = ucwa_codec::encode(format, body)?;
        Ok(self
            .header(CONTENT_TYPE, format)
            .header(ACCEPT, format)
            .body(bytes))
    }

    fn ucwa_put(self, put: PutRequest) -> Self {
        let headers = put.header_map();
        self.headers(headers).body(put.body)
    }
}
