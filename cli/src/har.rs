//! HAR 1.2 files (what browser devtools and Fiddler export): every request and response
//! body in them, as units to check or convert.

use crate::run::Unit;
use serde::Deserialize;

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    request: Request,
    response: Option<Response>,
}

#[derive(Deserialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<Header>,
    #[serde(rename = "postData")]
    post_data: Option<PostData>,
}

#[derive(Deserialize)]
struct PostData {
    #[serde(rename = "mimeType", default)]
    mime_type: String,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct Response {
    status: u16,
    #[serde(default)]
    headers: Vec<Header>,
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(rename = "mimeType", default)]
    mime_type: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// Whether the input is a HAR file: a JSON object whose first member is `log`.
pub fn is_har(input: &[u8]) -> bool {
    let text = ucwa_codec::strip_bom(input);
    let text = text.trim_ascii_start();
    text.strip_prefix(b"{")
        .map(<[u8]>::trim_ascii_start)
        .is_some_and(|rest| rest.starts_with(b"\"log\""))
}

fn header(headers: &[Header], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.clone())
}

/// Whether a media type can carry a UCWA body (JSON, XML or a batch).
fn is_ucwa_media(mime: &str) -> bool {
    let mime = mime.to_ascii_lowercase();
    mime.contains("json") || mime.contains("xml") || mime.starts_with("multipart/batching")
}

/// The UCWA bodies of every entry: its request body (when it has one), then its
/// response (a body-less response is kept, to be reported as such). Entries whose
/// bodies are neither JSON, XML nor a batch (HTML, scripts, images) are left out;
/// base64 (binary) bodies are reported as left out.
pub fn units(name: &str, input: &[u8]) -> Result<Vec<Unit>, String> {
    let har: Har =
        serde_json::from_slice(input).map_err(|e| format!("{name}: not a HAR 1.2 file: {e}"))?;
    let mut out = Vec::new();
    for (i, entry) in har.log.entries.into_iter().enumerate() {
        let Request {
            method,
            url,
            headers,
            post_data,
        } = entry.request;
        let request = (method.to_ascii_uppercase(), url);
        let mut ucwa = false;
        if let Some(post) = post_data.filter(|p| is_ucwa_media(&p.mime_type)) {
            ucwa = true;
            out.push(Unit {
                name: format!("{name} entry {i} request"),
                content_type: header(&headers, "content-type").or(Some(post.mime_type)),
                status: None,
                request: Some(request.clone()),
                body: post.text.unwrap_or_default().into_bytes(),
            });
        }
        let Some(response) = entry.response else {
            continue;
        };
        let content = response.content.unwrap_or(Content {
            mime_type: String::new(),
            text: None,
            encoding: None,
        });
        let text = content.text.unwrap_or_default();
        if !ucwa && !is_ucwa_media(&content.mime_type) && !text.is_empty() {
            continue;
        }
        if !ucwa && text.is_empty() && !url_is_ucwa(&request) {
            continue;
        }
        let (method, url) = request;
        let label = format!("{name} entry {i} response to {method} {url}");
        if content.encoding.as_deref() == Some("base64") {
            out.push(Unit {
                name: format!("{label} (binary body, base64, not read)"),
                content_type: None,
                status: Some(response.status),
                request: None,
                body: Vec::new(),
            });
            continue;
        }
        out.push(Unit {
            name: label,
            content_type: header(&response.headers, "content-type")
                .or(Some(content.mime_type).filter(|m| !m.is_empty())),
            status: Some(response.status),
            request: None,
            body: text.into_bytes(),
        });
    }
    Ok(out)
}

fn url_is_ucwa((_, url): &(String, String)) -> bool {
    let url = url.to_ascii_lowercase();
    url.contains("/ucwa/") || url.contains("/autodiscover/")
}
