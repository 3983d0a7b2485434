//! Reads a whole HTTP message as a proxy captures it (start line, headers, body), so
//! `ucwa` can take traffic as-is and use its Content-Type.
//!
//! Lenient where captured traffic (and the UCWA reference's own samples) is sloppy: a
//! missing blank line before the body, elided header lines (`...`), any method case.

/// A parsed HTTP message.
#[derive(Debug)]
pub struct Message<'a> {
    /// `Some(method, target)` for a request.
    pub request: Option<(String, String)>,
    /// The response status, for a response.
    pub status: Option<u16>,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: &'a [u8],
}

impl Message<'_> {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The last path segment of a request's target (`…/me/presence?x=1` → `presence`).
    pub fn target_rel(&self) -> Option<&str> {
        let (_, target) = self.request.as_ref()?;
        let path = target.split(['?', '#']).next()?;
        path.trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
    }
}

fn is_http_version(s: &str) -> bool {
    s.strip_prefix("HTTP/")
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

fn is_header_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b))
}

/// Splits `input` into an HTTP message, or `None` when it does not start like one.
pub fn parse(input: &[u8]) -> Option<Message<'_>> {
    let first_end = input
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(input.len());
    let first = std::str::from_utf8(&input[..first_end])
        .ok()?
        .trim_end_matches('\r');
    let words: Vec<&str> = first.split_whitespace().collect();
    let (request, status) = match words.as_slice() {
        [version, code, ..] if is_http_version(version) => (None, Some(code.parse().ok()?)),
        [method, target, version]
            if is_http_version(version) && method.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            (
                Some((method.to_ascii_uppercase(), (*target).to_owned())),
                None,
            )
        }
        _ => return None,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut at = (first_end + 1).min(input.len());
    while at < input.len() {
        let end = input[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(input.len(), |i| at + i);
        let line = String::from_utf8_lossy(&input[at..end]);
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            at = (end + 1).min(input.len());
            break;
        }
        if line.trim().chars().all(|c| c == '.') {
            at = end + 1;
            continue;
        }
        if line.starts_with([' ', '\t']) && !headers.is_empty() {
            let last = headers.len() - 1;
            headers[last].1.push(' ');
            headers[last].1.push_str(line.trim());
            at = end + 1;
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if is_header_name(name) => {
                headers.push((name.to_owned(), value.trim().to_owned()));
                at = end + 1;
            }
            // Not a header: the body starts here (no blank line before it).
            _ => break,
        }
    }
    Some(Message {
        request,
        status,
        headers,
        body: &input[at.min(input.len())..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_without_blank_line() {
        let m =
            parse(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n...\r\n{\"rel\":\"x\"}")
                .unwrap();
        assert_eq!(m.status, Some(200));
        assert_eq!(m.header("content-type"), Some("application/json"));
        assert_eq!(m.body, b"{\"rel\":\"x\"}");
    }

    #[test]
    fn request_with_blank_line() {
        let m = parse(b"Post https://h/ucwa/v1/me/presence?x=1 HTTP/1.1\nHost: h\n\n{}\n").unwrap();
        assert_eq!(m.request.as_ref().unwrap().0, "POST");
        assert_eq!(m.target_rel(), Some("presence"));
        assert_eq!(m.body, b"{}\n");
    }

    #[test]
    fn bodies_are_not_messages() {
        assert!(parse(b"{\"rel\":\"x\"}").is_none());
        assert!(parse(b"<resource/>").is_none());
        assert!(parse(b"").is_none());
    }
}
