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

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use std::error::Error;
use ucwa_codec::{DynResource, ETag, Format, PutRequest};
use ucwa_schema::batch::{Batch, BatchRequest, BatchResponse};
use ucwa_schema::response::{check_http, from_http};
use ucwa_schema::{PreferredAvailability, Presence, PresenceInput};

/// The answer of reqwest as an `http::Response`, which the ucwa-rs decoders take.
async fn into_http(response: reqwest::Response) -> reqwest::Result<http::Response<Bytes>> {
    let status = response.status();
    let headers = response.headers().clone();
    let mut converted = http::Response::new(response.bytes().await?);
    *converted.status_mut() = status;
    *converted.headers_mut() = headers;
    Ok(converted)
}

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
    let response = client
        .get(format!("{application}/me/presence"))
        .bearer_auth(&token)
        .header(ACCEPT, format)
        .send()
        .await?;
    let presence: Presence = from_http(&into_http(response).await?)?;
    println!("availability: {:?}", presence.availability);

    // 2. POST a new availability (presence is set with POST, not PUT).
    let input = PresenceInput {
        availability: Some(PreferredAvailability::Busy),
        ..PresenceInput::default()
    };
    let response = client
        .post(format!("{application}/me/presence"))
        .bearer_auth(&token)
        .header(CONTENT_TYPE, format)
        .body(ucwa_codec::encode(format, &input)?)
        .send()
        .await?;
    check_http(&into_http(response).await?)?;

    // 3. The PUT round trip on `communication`: read it (no type is needed), change one
    //    property, send all of it back with If-Match.
    let response = into_http(
        client
            .get(format!("{application}/communication"))
            .bearer_auth(&token)
            .header(ACCEPT, format)
            .send()
            .await?,
    )
    .await?;
    let etag = ETag::from_headers(response.headers())?;
    let mut communication: DynResource = from_http(&response)?;
    let etag = etag
        .or_else(|| ETag::from_members(&communication.members))
        .ok_or("the communication resource has no ETag")?;
    communication
        .members
        .set_property("conversationHistory", "Enabled");
    let put = PutRequest::new(&communication, etag, format)?;
    let response = client
        .put(format!("{application}/communication"))
        .bearer_auth(&token)
        .headers(put.header_map())
        .body(put.body)
        .send()
        .await?;
    check_http(&into_http(response).await?)?;

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
    let answers = BatchResponse::from_http(ucwa_schema::registry(), &into_http(response).await?)?;
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
