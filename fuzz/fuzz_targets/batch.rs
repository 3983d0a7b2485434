//! Batches (`ucwa_schema::batch`, `multipart/batching`). The input is a `Content-Type`
//! line, then the body. Never a panic. Read as a batch request, the requests write back
//! as a batch that reads back to the same requests (once `encode` has added what it
//! adds, writing is stable); read as a batch response, every part's resource — and
//! every request's body read as a dynamic input — crosses formats and back unchanged,
//! byte-stable, its XML well-formed (the rule in `common/cross.rs`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ucwa_codec::{DynInput, Format};
use ucwa_schema::batch::{self, Batch, BatchRequest, BatchResponse};

#[path = "../common/cross.rs"]
mod cross;

/// The requests a batch request body holds (the readable ones), or `None`.
fn requests(content_type: &str, body: &[u8]) -> Option<Vec<BatchRequest>> {
    let parts = batch::parse_requests(content_type, body).ok()?;
    Some(parts.into_iter().filter_map(Result::ok).collect())
}

/// `requests` written as a batch and read back: every part must read.
fn rewritten(requests: &[BatchRequest]) -> Vec<BatchRequest> {
    let batch = Batch {
        host: None,
        requests: requests.to_vec(),
    };
    let encoded = batch.encode();
    let parts = batch::parse_requests(&encoded.content_type(), &encoded.body)
        .unwrap_or_else(|e| panic!("our batch does not read back: {e}\n{encoded:?}"));
    parts
        .into_iter()
        .map(|p| p.unwrap_or_else(|e| panic!("our batch part does not read back: {e}")))
        .collect()
}

fn format_of(content_type: Option<&str>, body: &[u8]) -> Option<Format> {
    content_type
        .and_then(Format::from_content_type)
        .or_else(|| Format::sniff(body))
}

fuzz_target!(|data: &[u8]| {
    let Some(newline) = data.iter().position(|&b| b == b'\n') else {
        return;
    };
    let Ok(content_type) = std::str::from_utf8(&data[..newline]) else {
        return;
    };
    let body = &data[newline + 1..];

    if let Some(first) = requests(content_type, body) {
        let second = rewritten(&first);
        assert_eq!(second.len(), first.len(), "requests lost or invented");
        for (a, b) in first.iter().zip(&second) {
            assert_eq!(
                (&a.method, &a.target),
                (&b.method, &b.target),
                "request line changed"
            );
            assert_eq!(a.body, b.body, "request body changed");
        }
        assert_eq!(rewritten(&second), second, "writing a batch is not stable");
        for request in &first {
            let payload = batch::payload(&request.body);
            let Some(format) = format_of(request.header_value("content-type"), payload) else {
                continue;
            };
            if let Ok(input) = ucwa_codec::decode::<DynInput>(format, payload) {
                cross::round_trips(&input, format, &ucwa_codec::decode, &|f, i: &DynInput| {
                    ucwa_codec::encode(f, i)
                });
            }
        }
    }

    let registry = ucwa_schema::registry();
    if let Ok(response) = BatchResponse::parse(content_type, body) {
        for part in response.parts.iter().flatten() {
            let Some(resource) = part.resource() else {
                continue;
            };
            let payload = batch::payload(&part.body);
            let format = format_of(part.header_value("content-type"), payload)
                .expect("a decoded part has a format");
            cross::round_trips(
                resource,
                format,
                &|f, bytes| registry.decode(f, bytes),
                &|f, decoded| ucwa_codec::encode(f, decoded),
            );
        }
    }
});
