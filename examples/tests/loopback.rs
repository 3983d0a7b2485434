//! A mock UCWA server on axum and a reqwest client, talking over loopback in both
//! formats: resources, error bodies and the extractor's rejections.

use axum::routing::get;
use axum::{Router, middleware};
use ucwa_codec::Format;
use ucwa_schema::axum::{Ucwa, negotiate};
use ucwa_schema::errors::ErrorBodyKind;
use ucwa_schema::reqwest::{UcwaRequestExt, UcwaResponseExt};
use ucwa_schema::{
    ApiError, Availability, ErrorBody, ErrorCode, ErrorSubcode, NextStep, PreferredAvailability,
    Presence, PresenceInput,
};

fn presence() -> Presence {
    Presence {
        availability: Some(Availability::Online),
        ..Presence::default()
    }
}

async fn get_presence() -> Ucwa<Presence> {
    Ucwa(presence())
}

/// Accepts `Busy` (204), refuses anything else with the conflict UCWA documents.
async fn set_presence(Ucwa(input): Ucwa<PresenceInput>) -> Result<(), ApiError> {
    if input.availability == Some(PreferredAvailability::Busy) {
        return Ok(());
    }
    Err(ApiError::new(
        409,
        ErrorBody::new(ErrorCode::Conflict)
            .with_subcode(ErrorSubcode::MakeMeAvailableRequired)
            .with_message("Call makeMeAvailable first."),
    ))
}

async fn gone() -> ErrorBody {
    ErrorBody::new(ErrorCode::Gone).with_subcode(ErrorSubcode::ApplicationNotFound)
}

/// Serves the mock on 127.0.0.1 (a free port) for as long as the test's runtime lives.
async fn serve() -> String {
    let app = Router::new()
        .route("/me/presence", get(get_presence).post(set_presence))
        .route("/gone", get(gone))
        .layer(middleware::from_fn(negotiate));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

fn client() -> reqwest::Client {
    // A bound, not a measure: a broken server fails the test instead of hanging it.
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

fn format_of(response: &reqwest::Response) -> Option<Format> {
    Format::from_headers(response.headers())
}

/// The format the server answered an error in.
fn error_format(error: &ApiError) -> Option<Format> {
    match &error.body {
        ErrorBodyKind::Ucwa { format, .. } => Some(*format),
        ErrorBodyKind::Other { .. } => None,
    }
}

#[tokio::test]
async fn a_resource_and_errors_in_both_formats() {
    let base = serve().await;
    let client = client();
    for format in [Format::Json, Format::Xml] {
        // The resource, in the format asked for.
        let response = client
            .get(format!("{base}/me/presence"))
            .ucwa_accept(format)
            .send()
            .await
            .unwrap();
        assert_eq!(format_of(&response), Some(format));
        let got: Presence = response.ucwa().await.unwrap();
        assert_eq!(got, presence(), "{format:?}");

        // An error body alone: its code's status, in the format asked for.
        let error = client
            .get(format!("{base}/gone"))
            .ucwa_accept(format)
            .send()
            .await
            .unwrap()
            .ucwa::<Presence>()
            .await
            .unwrap_err();
        let api = error.api_error().expect("an ApiError");
        assert_eq!(api.status, 410);
        assert_eq!(api.code(), Some(&ErrorCode::Gone));
        assert_eq!(api.subcode(), Some(&ErrorSubcode::ApplicationNotFound));
        assert_eq!(api.next_step(), NextStep::RecreateApplication);
        assert_eq!(error_format(api), Some(format));

        // A body in each format: accepted, or refused with an ApiError.
        let busy = PresenceInput {
            availability: Some(PreferredAvailability::Busy),
            ..PresenceInput::default()
        };
        client
            .post(format!("{base}/me/presence"))
            .ucwa_body(format, &busy)
            .unwrap()
            .send()
            .await
            .unwrap()
            .ucwa_check()
            .await
            .unwrap();
        let away = PresenceInput {
            availability: Some(PreferredAvailability::Away),
            ..PresenceInput::default()
        };
        let error = client
            .post(format!("{base}/me/presence"))
            .ucwa_body(format, &away)
            .unwrap()
            .send()
            .await
            .unwrap()
            .ucwa_check()
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(409));
        let api = error.api_error().unwrap();
        assert_eq!(api.next_step(), NextStep::MakeMeAvailable);
        assert_eq!(api.message(), Some("Call makeMeAvailable first."));
        assert_eq!(error_format(api), Some(format));
    }
}

/// Posts `body` as `content_type` and returns the server's refusal.
async fn refusal(base: &str, content_type: &str, accept: Format, body: &str) -> ApiError {
    let error = reqwest::Client::new()
        .post(format!("{base}/me/presence"))
        .header("content-type", content_type)
        .ucwa_accept(accept)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .ucwa_check()
        .await
        .unwrap_err();
    let api = error.api_error().expect("an ApiError").clone();
    assert_eq!(error_format(&api), Some(accept), "{api}");
    api
}

#[tokio::test]
async fn the_extractor_refuses_with_ucwa_error_bodies() {
    let base = serve().await;
    for accept in [Format::Json, Format::Xml] {
        let api = refusal(&base, "text/plain", accept, "Busy").await;
        assert_eq!(api.status, 415);
        assert_eq!(api.subcode(), Some(&ErrorSubcode::UnsupportedMediaType));
        assert!(api.message().unwrap().contains("`text/plain`"), "{api}");

        let api = refusal(&base, "application/json", accept, r#"{"availability":"#).await;
        assert_eq!(api.status, 400);
        assert_eq!(api.subcode(), Some(&ErrorSubcode::DeserializationFailure));

        let api = refusal(&base, "application/json", accept, r#"{"availability":7}"#).await;
        assert_eq!(api.status, 422);
        assert_eq!(api.code(), Some(&ErrorCode::BadRequest));
        assert!(api.message().unwrap().contains("availability"), "{api}");

        let api = refusal(&base, "application/xml", accept, "<input").await;
        assert_eq!(api.status, 400);
    }
}
