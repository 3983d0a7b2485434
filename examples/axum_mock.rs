//! A mock UCWA server on axum: `GET` and `POST` on the user's presence, answered in
//! JSON or XML as the client's `Accept` asks, with UCWA error bodies for what fails.
//!
//! ```sh
//! cargo run -p ucwa-examples --features axum --example axum_mock
//! curl -H 'Accept: application/xml' http://127.0.0.1:8080/ucwa/v1/applications/1/me/presence
//! curl -X POST -H 'Content-Type: application/json' -d '{"availability":"Away"}' \
//!      http://127.0.0.1:8080/ucwa/v1/applications/1/me/presence
//! ```

use axum::routing::get;
use axum::{Router, middleware};
use std::sync::{Arc, Mutex};
use ucwa_schema::axum::{Ucwa, negotiate};
use ucwa_schema::{
    ApiError, Availability, ErrorBody, ErrorCode, ErrorSubcode, PreferredAvailability, Presence,
    PresenceInput,
};

/// The state of the mock: the availability last set.
type State = Arc<Mutex<Availability>>;

async fn get_presence(axum::extract::State(state): axum::extract::State<State>) -> Ucwa<Presence> {
    let availability = state
        .lock()
        .map(|a| a.clone())
        .unwrap_or(Availability::Offline);
    Ucwa(Presence {
        availability: Some(availability),
        ..Presence::default()
    })
}

/// A body that is not UCWA JSON or XML never gets here: `Ucwa` answers 415, 400 or 422.
async fn set_presence(
    axum::extract::State(state): axum::extract::State<State>,
    Ucwa(input): Ucwa<PresenceInput>,
) -> Result<(), ApiError> {
    let availability = match input.availability {
        Some(PreferredAvailability::Online) => Availability::Online,
        Some(PreferredAvailability::Busy) => Availability::Busy,
        Some(PreferredAvailability::DoNotDisturb) => Availability::DoNotDisturb,
        Some(PreferredAvailability::BeRightBack) => Availability::BeRightBack,
        // Presence has no `Offwork`: the server shows it as away.
        Some(PreferredAvailability::Away | PreferredAvailability::Offwork) => Availability::Away,
        _ => {
            return Err(ApiError::new(
                400,
                ErrorBody::new(ErrorCode::BadRequest)
                    .with_subcode(ErrorSubcode::ParameterValidationFailure)
                    .with_message("availability must be one of the documented values"),
            ));
        }
    };
    if let Ok(mut current) = state.lock() {
        *current = availability;
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let state: State = Arc::new(Mutex::new(Availability::Online));
    let app = Router::new()
        .route(
            "/ucwa/v1/applications/1/me/presence",
            get(get_presence).post(set_presence),
        )
        .with_state(state)
        .layer(middleware::from_fn(negotiate));
    let address = std::env::var("UCWA_MOCK_ADDRESS").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
