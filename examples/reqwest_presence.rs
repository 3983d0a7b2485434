//! ucwa-rs with reqwest: read the user's presence, set it, `PUT` a resource back with
//! everything it was read with, and batch two `GET`s into one request.
//!
//! ```sh
//! UCWA_APPLICATION=https://fe1.contoso.com/ucwa/oauth/v1/applications/103 \
//! UCWA_TOKEN=cwt=AAEB... \
//! cargo run -p ucwa-examples --features reqwest --example reqwest_presence
//! ```
//!
//! reqwest is built here without TLS to keep the build small; add one of its TLS
//! features to talk to a real server over HTTPS.

use http::header::{ACCEPT, CONTENT_TYPE};
use std::error::Error;
use ucwa_codec::{DynResource, ETag, Format, PutRequest};
use ucwa_schema::batch::{Batch, BatchRequest, BatchResponse};
use ucwa_schema::reqwest::{UcwaRequestExt, UcwaResponseExt};
use ucwa_schema::{PreferredAvailability, Presence, PresenceInput};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let (Ok(application), Ok(token)) = (
        std::env::var("UCWA_APPLICATION"),
        std::env::var("UCWA_TOKEN"),
    ) else {
        eprintln!("set UCWA_APPLICATION (the application's URL) and UCWA_TOKEN (its bearer token)");
        return Ok(());
    };
    let client = reqwest::Client::new();
    let format = Format::Json;

    // 1. GET the presence: the resource on 2xx, a typed error otherwise.
    let presence: Presence = client
        .get(format!("{application}/me/presence"))
        .bearer_auth(&token)
        .ucwa_accept(format)
        .send()
        .await?
        .ucwa()
        .await?;
    println!("availability: {:?}", presence.availability);

    // 2. POST a new availability (presence is set with POST, not PUT).
    let input = PresenceInput {
        availability: Some(PreferredAvailability::Busy),
        ..PresenceInput::default()
    };
    client
        .post(format!("{application}/me/presence"))
        .bearer_auth(&token)
        .ucwa_body(format, &input)?
        .send()
        .await?
        .ucwa_check()
        .await?;

    // 3. The PUT round trip on `communication`: read it (no type is needed), change one
    //    property, send all of it back with If-Match.
    let response = client
        .get(format!("{application}/communication"))
        .bearer_auth(&token)
        .ucwa_accept(format)
        .send()
        .await?;
    // The ETag header first: `ucwa()` consumes the response.
    let etag = ETag::from_headers(response.headers())?;
    let mut communication: DynResource = response.ucwa().await?;
    let etag = etag
        .or_else(|| ETag::from_members(&communication.members))
        .ok_or("the communication resource has no ETag")?;
    communication
        .members
        .set_property("conversationHistory", "Enabled");
    let put = PutRequest::new(&communication, etag, format)?;
    client
        .put(format!("{application}/communication"))
        .bearer_auth(&token)
        .ucwa_put(put)
        .send()
        .await?
        .ucwa_check()
        .await?;

    // 4. Two GETs in one batch; each part decodes on its own.
    let path = |p: &str| {
        let start = application.find("/ucwa/").unwrap_or(0);
        format!("{}{p}", &application[start..])
    };
    let mut batch = Batch::new();
    batch
        .push(BatchRequest::get(path("/me"), format))
        .push(BatchRequest::get(path("/me/note"), format));
    let encoded = batch.encode();
    let response = client
        .post(format!("{application}/batch"))
        .bearer_auth(&token)
        .header(CONTENT_TYPE, encoded.content_type())
        .header(ACCEPT, ucwa_schema::batch::MEDIA_TYPE)
        .body(encoded.body)
        .send()
        .await?;
    // A batch answer is multipart, not a UCWA document: it goes through `http::Response`.
    let status = response.status();
    let headers = response.headers().clone();
    let mut answer = http::Response::new(response.bytes().await?);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    let answers = BatchResponse::from_http(ucwa_schema::registry(), &answer)?;
    for part in &answers.parts {
        match part {
            Ok(part) => match &part.result {
                Ok(resource) => println!("{} {:?}", part.status, resource.is_some()),
                Err(e) => println!("{} failed: {e}", part.status),
            },
            Err(malformed) => println!("{malformed}"),
        }
    }
    Ok(())
}
