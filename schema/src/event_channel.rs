//! A transport-free helper for the event channel's pending GETs (P-GETs).
//!
//! Feed it each [`EventResponse`]; it tells the URL of the next P-GET and whether the
//! client must drop its cached transient state (conversations, subscriptions) because
//! the server sent `resume` or `resync`. It never sends anything: the client keeps its
//! own HTTP stack.
//!
//! The server's event links carry query parameters of their own (`ack=N`, which the
//! client must never change); the client's aggregation settings (`timeout`, `low`,
//! `medium`, `priority`) are added to them with a URL parser, never by concatenating
//! strings. The server remembers these settings, so they are sent with the first P-GET,
//! after they change, and again after a `resume` or `resync` (the server may have lost
//! them); [`EventChannel::always_send_params`] sends them every time.
//!
//! ```
//! use ucwa_schema::event_channel::{ChannelParams, EventChannel};
//! use ucwa_schema::events::EventResponse;
//!
//! let mut channel = EventChannel::parse(
//!     "https://fe1.contoso.com/ucwa/oauth/v1/applications/102",
//!     "/ucwa/oauth/v1/applications/102/events?ack=1",
//! )
//! .unwrap()
//! .with_params(ChannelParams { timeout: Some(900), medium: Some(300), ..Default::default() });
//! assert_eq!(
//!     channel.next_url().as_str(),
//!     "https://fe1.contoso.com/ucwa/oauth/v1/applications/102/events?ack=1&timeout=900&medium=300"
//! );
//!
//! let body = br#"{"_links":{"self":{"href":"/ucwa/oauth/v1/applications/102/events?ack=1"},
//!                 "resume":{"href":"/ucwa/oauth/v1/applications/102/events?ack=2"}}}"#;
//! let step = channel.on_response(&ucwa_codec::json::from_slice::<EventResponse>(body).unwrap()).unwrap();
//! assert!(step.drop_state.is_some()); // the server reset conversations and subscriptions
//! assert_eq!(
//!     step.next_url.as_str(),
//!     "https://fe1.contoso.com/ucwa/oauth/v1/applications/102/events?ack=2&timeout=900&medium=300"
//! );
//! ```

use crate::events::{Continuation, EventResponse};
use url::Url;

pub use url::ParseError;

/// The client's aggregation settings for the event channel, in seconds (except
/// `priority`). `None` leaves the server's setting alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChannelParams {
    /// How long the server may hold a P-GET with no events before answering empty.
    pub timeout: Option<u32>,
    /// How long low-priority events may be held to be sent together.
    pub low: Option<u32>,
    /// How long medium-priority events may be held to be sent together.
    pub medium: Option<u32>,
    /// Which of several crossing replacement P-GETs is the latest: a higher value
    /// replaces a pending P-GET of the same or lower priority.
    pub priority: Option<u32>,
}

impl ChannelParams {
    fn pairs(&self) -> impl Iterator<Item = (&'static str, u32)> {
        [
            ("timeout", self.timeout),
            ("low", self.low),
            ("medium", self.medium),
            ("priority", self.priority),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
    }

    fn is_empty(&self) -> bool {
        self.pairs().next().is_none()
    }
}

/// Why the client must drop its cached transient state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateReset {
    /// `resume`: the server dropped its transient state after a long silence.
    Resume,
    /// `resync`: the client used a stale event link and missed events.
    Resync,
}

/// What a response means for the channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The URL of the next P-GET (send it before processing the events).
    pub next_url: Url,
    /// Set when the client must drop cached conversations, subscriptions and other
    /// transient data before processing the events.
    pub drop_state: Option<StateReset>,
}

/// The state of one application's event channel.
#[derive(Clone, Debug)]
pub struct EventChannel {
    base: Url,
    next: Url,
    params: ChannelParams,
    params_pending: bool,
    always_send: bool,
}

impl EventChannel {
    /// A channel whose first P-GET goes to `events_href` (the `events` link of the
    /// application resource), resolved against `base` when relative.
    pub fn new(base: Url, events_href: &str) -> Result<Self, ParseError> {
        let next = base.join(events_href)?;
        Ok(EventChannel {
            base,
            next,
            params: ChannelParams::default(),
            params_pending: false,
            always_send: false,
        })
    }

    /// [`new`](Self::new) with the base URL as text.
    pub fn parse(base: &str, events_href: &str) -> Result<Self, ParseError> {
        Self::new(Url::parse(base)?, events_href)
    }

    /// Sets the aggregation settings (sent with the next P-GET).
    pub fn with_params(mut self, params: ChannelParams) -> Self {
        self.set_params(params);
        self
    }

    /// Changes the aggregation settings; they go with the next P-GET.
    pub fn set_params(&mut self, params: ChannelParams) {
        self.params = params;
        self.params_pending = !params.is_empty();
    }

    /// Sends the settings with every P-GET, not only when the server may not have them.
    pub fn always_send_params(mut self, always: bool) -> Self {
        self.always_send = always;
        self
    }

    /// The current settings.
    pub fn params(&self) -> ChannelParams {
        self.params
    }

    /// The base URL relative links are resolved against.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The server's link for the next P-GET, as the server gave it (resolved).
    pub fn server_link(&self) -> &Url {
        &self.next
    }

    /// The URL to send the next P-GET to: the server's link, plus the client's settings
    /// when they are due. The server's own query parameters are kept as they are.
    pub fn next_url(&self) -> Url {
        let mut url = self.next.clone();
        if self.params_pending || self.always_send {
            set_query_params(&mut url, &self.params);
        }
        url
    }

    /// Takes in a P-GET response: the next link becomes current, and the settings are
    /// due again after a `resume` or `resync`.
    pub fn on_response(&mut self, response: &EventResponse) -> Result<Step, ParseError> {
        self.next = self.base.join(&response.continuation.link().href)?;
        let drop_state = match response.continuation {
            Continuation::Next(_) => None,
            Continuation::Resume(_) => Some(StateReset::Resume),
            Continuation::Resync(_) => Some(StateReset::Resync),
        };
        // The request that got this answer carried the settings, unless the server
        // says it lost its state since.
        self.params_pending = drop_state.is_some() && !self.params.is_empty();
        Ok(Step {
            next_url: self.next_url(),
            drop_state,
        })
    }
}

/// Adds (or replaces) the client's parameters in `url`'s query. When none of them is
/// there yet, they are appended and the server's part of the query is left byte for
/// byte; otherwise the query is rebuilt without the old values.
fn set_query_params(url: &mut Url, params: &ChannelParams) {
    let names: Vec<&str> = params.pairs().map(|(n, _)| n).collect();
    if names.is_empty() {
        return;
    }
    let replaces = url.query_pairs().any(|(k, _)| names.contains(&k.as_ref()));
    if replaces {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !names.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut query = url.query_pairs_mut();
    for (name, value) in params.pairs() {
        query.append_pair(name, &value.to_string());
    }
}
