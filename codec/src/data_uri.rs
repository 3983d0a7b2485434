//! `data:` URIs (RFC 2397): how UCWA carries small inline content in a link's `href`
//! (instant message bodies, SDP offers and answers, custom content).
//!
//! [`DataUri::parse`] splits a URI into its parts and keeps them as written, so
//! [`Display`](std::fmt::Display) gives back exactly the parsed text; [`DataUri::bytes`] and
//! [`DataUri::text`] decode the payload (base64 or percent-encoding, then the charset).
//!
//! ```
//! use ucwa_codec::data_uri::DataUri;
//! let uri = DataUri::parse("data:text/plain;charset=utf-8,Hi%20there").unwrap();
//! assert_eq!(uri.media_type(), "text/plain");
//! assert_eq!(uri.charset(), Some("utf-8"));
//! assert_eq!(uri.text().unwrap(), "Hi there");
//! assert_eq!(uri.to_string(), "data:text/plain;charset=utf-8,Hi%20there");
//!
//! let sdp = DataUri::from_bytes("application/sdp", &[], b"v=0\r\n", true);
//! assert_eq!(sdp.to_string(), "data:application/sdp;base64,dj0wDQo=");
//! ```

use std::fmt;

/// A parsed `data:` URI. Every part is kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DataUri {
    scheme: String,
    media_type: String,
    parameters: Vec<(String, String)>,
    /// The `base64` token as written (its case may vary), when the data is base64.
    base64: Option<String>,
    data: String,
}

/// Why a text is not a usable `data:` URI, or its payload cannot be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataUriError {
    /// The text does not start with `data:`.
    NotDataUri,
    /// There is no `,` between the header and the data.
    MissingComma,
    /// A header parameter is not `name=value`.
    BadParameter(String),
    /// The media type is not `type/subtype`.
    BadMediaType(String),
    /// The base64 payload is malformed (the message says where).
    BadBase64(String),
    /// A `%` is not followed by two hex digits.
    BadPercentEncoding,
    /// The charset is not one this module decodes (UTF-8, US-ASCII, ISO-8859-1).
    UnsupportedCharset(String),
    /// The bytes are not valid in the charset.
    BadText,
}

impl fmt::Display for DataUriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataUriError::NotDataUri => f.write_str("not a `data:` URI"),
            DataUriError::MissingComma => f.write_str("`data:` URI without a `,` before its data"),
            DataUriError::BadParameter(p) => write!(f, "malformed `data:` URI parameter `{p}`"),
            DataUriError::BadMediaType(m) => write!(f, "malformed `data:` URI media type `{m}`"),
            DataUriError::BadBase64(m) => write!(f, "malformed base64 data: {m}"),
            DataUriError::BadPercentEncoding => {
                f.write_str("malformed percent-encoding (`%` without two hex digits)")
            }
            DataUriError::UnsupportedCharset(c) => write!(f, "unsupported charset `{c}`"),
            DataUriError::BadText => f.write_str("the data is not valid text in its charset"),
        }
    }
}

impl std::error::Error for DataUriError {}

impl DataUri {
    /// Splits a `data:` URI into media type, parameters, encoding and data. The data is
    /// not decoded here (see [`bytes`](Self::bytes)), so any payload parses.
    pub fn parse(text: &str) -> Result<DataUri, DataUriError> {
        let (scheme, rest) = text.split_once(':').ok_or(DataUriError::NotDataUri)?;
        if !scheme.eq_ignore_ascii_case("data") {
            return Err(DataUriError::NotDataUri);
        }
        let (header, data) = rest.split_once(',').ok_or(DataUriError::MissingComma)?;
        let mut parts = header.split(';');
        let media_type = parts.next().unwrap_or_default();
        if !media_type.is_empty() && !is_media_type(media_type) {
            return Err(DataUriError::BadMediaType(media_type.to_owned()));
        }
        let mut parameters = Vec::new();
        let mut base64 = None;
        let rest: Vec<&str> = parts.collect();
        for (i, part) in rest.iter().enumerate() {
            if i + 1 == rest.len() && part.eq_ignore_ascii_case("base64") {
                base64 = Some((*part).to_owned());
                continue;
            }
            match part.split_once('=') {
                Some((name, value)) if is_token(name) && !value.is_empty() => {
                    parameters.push((name.to_owned(), value.to_owned()));
                }
                _ => return Err(DataUriError::BadParameter((*part).to_owned())),
            }
        }
        Ok(DataUri {
            scheme: scheme.to_owned(),
            media_type: media_type.to_owned(),
            parameters,
            base64,
            data: data.to_owned(),
        })
    }

    /// Builds a URI carrying `bytes`, base64-encoded or percent-encoded.
    /// `media_type` may be empty (meaning `text/plain;charset=US-ASCII`).
    pub fn from_bytes(
        media_type: &str,
        parameters: &[(&str, &str)],
        bytes: &[u8],
        base64: bool,
    ) -> DataUri {
        DataUri {
            scheme: "data".to_owned(),
            media_type: media_type.to_owned(),
            parameters: parameters
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            base64: base64.then(|| "base64".to_owned()),
            data: if base64 {
                base64_encode(bytes)
            } else {
                percent_encode(bytes)
            },
        }
    }

    /// Builds a percent-encoded URI of UTF-8 text: `data:<media_type>;charset=utf-8,...`.
    pub fn from_text(media_type: &str, text: &str) -> DataUri {
        DataUri::from_bytes(media_type, &[("charset", "utf-8")], text.as_bytes(), false)
    }

    /// The media type: as written, or `text/plain` when the URI names none.
    pub fn media_type(&self) -> &str {
        if self.media_type.is_empty() {
            "text/plain"
        } else {
            &self.media_type
        }
    }

    /// The parameters (such as `charset`) as written, in order.
    pub fn parameters(&self) -> &[(String, String)] {
        &self.parameters
    }

    /// The value of a parameter (names compare case-insensitively).
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The charset parameter; `US-ASCII` when the URI names neither media type nor charset.
    pub fn charset(&self) -> Option<&str> {
        match self.parameter("charset") {
            Some(c) => Some(c),
            None if self.media_type.is_empty() => Some("US-ASCII"),
            None => None,
        }
    }

    /// Whether the data is base64-encoded (`;base64`).
    pub fn is_base64(&self) -> bool {
        self.base64.is_some()
    }

    /// The data as written (still encoded).
    pub fn raw_data(&self) -> &str {
        &self.data
    }

    /// The decoded payload: base64 decoded, or percent-decoding undone (`+` stays `+`,
    /// as RFC 2397 says; see [`bytes_plus_as_space`](Self::bytes_plus_as_space)).
    pub fn bytes(&self) -> Result<Vec<u8>, DataUriError> {
        if self.base64.is_some() {
            base64_decode(&percent_decode(&self.data, false)?)
        } else {
            percent_decode(&self.data, false)
        }
    }

    /// Like [`bytes`](Self::bytes), but a `+` in percent-encoded data is a space, as in
    /// HTML form encoding (some servers write message bodies that way).
    pub fn bytes_plus_as_space(&self) -> Result<Vec<u8>, DataUriError> {
        if self.base64.is_some() {
            self.bytes()
        } else {
            percent_decode(&self.data, true)
        }
    }

    /// The decoded payload as text in its charset (UTF-8 when none is named on a
    /// non-text media type such as `application/sdp`).
    pub fn text(&self) -> Result<String, DataUriError> {
        self.decode_text(self.bytes()?)
    }

    /// [`text`](Self::text) with `+` read as a space in percent-encoded data.
    pub fn text_plus_as_space(&self) -> Result<String, DataUriError> {
        self.decode_text(self.bytes_plus_as_space()?)
    }

    /// The text as UCWA servers write it: a percent-encoded `text/plain` URI is
    /// form-encoded (`data:text/plain;charset=utf-8,Hi+Tosh%0d%0a` is "Hi Tosh\r\n"), so
    /// `+` is a space there, and a literal plus arrives as `%2B`; any other URI (base64,
    /// HTML, SDP, ...) decodes as [`text`](Self::text).
    pub fn ucwa_text(&self) -> Result<String, DataUriError> {
        if self.base64.is_none() && self.media_type.eq_ignore_ascii_case("text/plain") {
            self.text_plus_as_space()
        } else {
            self.text()
        }
    }

    fn decode_text(&self, bytes: Vec<u8>) -> Result<String, DataUriError> {
        let charset = self.charset().unwrap_or("utf-8").to_ascii_lowercase();
        match charset.as_str() {
            "utf-8" | "utf8" => String::from_utf8(bytes).map_err(|_| DataUriError::BadText),
            "us-ascii" | "ascii" => {
                if bytes.is_ascii() {
                    String::from_utf8(bytes).map_err(|_| DataUriError::BadText)
                } else {
                    Err(DataUriError::BadText)
                }
            }
            "iso-8859-1" | "latin1" | "latin-1" => Ok(bytes.iter().map(|&b| b as char).collect()),
            _ => Err(DataUriError::UnsupportedCharset(
                self.charset().unwrap_or_default().to_owned(),
            )),
        }
    }
}

impl fmt::Display for DataUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme, self.media_type)?;
        for (name, value) in &self.parameters {
            write!(f, ";{name}={value}")?;
        }
        if let Some(token) = &self.base64 {
            write!(f, ";{token}")?;
        }
        write!(f, ",{}", self.data)
    }
}

impl std::str::FromStr for DataUri {
    type Err = DataUriError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DataUri::parse(s)
    }
}

impl From<DataUri> for crate::Link {
    fn from(uri: DataUri) -> Self {
        crate::Link::new(uri.to_string())
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_media_type(s: &str) -> bool {
    matches!(s.split_once('/'), Some((t, sub)) if is_token(t) && is_token(sub))
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(s: &str, plus_as_space: bool) -> Result<Vec<u8>, DataUriError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex);
                let lo = bytes.get(i + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(h), Some(l)) => out.push(h * 16 + l),
                    _ => return Err(DataUriError::BadPercentEncoding),
                }
                i += 3;
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn percent_encode(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+;=:@/?".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; ASCII whitespace is ignored and the final padding may be left out.
fn base64_decode(input: &[u8]) -> Result<Vec<u8>, DataUriError> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = 0;
    for (i, &c) in input.iter().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(DataUriError::BadBase64(format!(
                "data after the padding at byte {i}"
            )));
        }
        let v = match ALPHABET.iter().position(|&a| a == c) {
            Some(v) => v as u32,
            None => {
                return Err(DataUriError::BadBase64(format!(
                    "`{}` at byte {i} is not a base64 character",
                    c as char
                )));
            }
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 || padding > 2 || acc != 0 {
        return Err(DataUriError::BadBase64(
            "truncated or mispadded data".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_exactly() {
        for text in [
            "data:text/plain;charset=utf-8,Hi+Tosh%0d%0a",
            "data:text/plain,Hello+World",
            "data:application/sdp;base64,base64-encoded-sdp",
            "data:text/html;base64,PGI+aGk8L2I+",
            "DATA:,A%20brief%20note",
            "data:text/plain;charset=utf8,URLEncodedMessageString",
            "data:;base64,SGk=",
        ] {
            let uri = DataUri::parse(text).unwrap();
            assert_eq!(uri.to_string(), text);
            assert_eq!(text.parse::<DataUri>().unwrap(), uri);
        }
    }

    #[test]
    fn parts() {
        let uri =
            DataUri::parse("data:text/plain;charset=utf-8;format=flowed;base64,SGk=").unwrap();
        assert_eq!(uri.media_type(), "text/plain");
        assert_eq!(uri.parameter("CHARSET"), Some("utf-8"));
        assert_eq!(uri.parameters().len(), 2);
        assert!(uri.is_base64());
        assert_eq!(uri.raw_data(), "SGk=");
        assert_eq!(uri.text().unwrap(), "Hi");

        let bare = DataUri::parse("data:,x").unwrap();
        assert_eq!(bare.media_type(), "text/plain");
        assert_eq!(bare.charset(), Some("US-ASCII"));
        assert_eq!(
            DataUri::parse("data:application/sdp,v=0")
                .unwrap()
                .charset(),
            None
        );
    }

    #[test]
    fn percent_decoding() {
        let uri = DataUri::parse("data:text/plain;charset=utf-8,Hi+Tosh%0d%0a%C3%A9").unwrap();
        assert_eq!(uri.text().unwrap(), "Hi+Tosh\r\né");
        assert_eq!(uri.text_plus_as_space().unwrap(), "Hi Tosh\r\né");
        assert_eq!(
            DataUri::parse("data:,100%").unwrap().bytes(),
            Err(DataUriError::BadPercentEncoding)
        );
        assert_eq!(
            DataUri::parse("data:,%zz").unwrap().bytes(),
            Err(DataUriError::BadPercentEncoding)
        );
    }

    #[test]
    /// Found by fuzzing: the `base64` token is case-insensitive and written back as read.
    fn base64_token_keeps_its_spelling() {
        let uri = DataUri::parse("data:text/plain;Base64,SGk=").unwrap();
        assert!(uri.is_base64());
        assert_eq!(uri.text().unwrap(), "Hi");
        assert_eq!(uri.to_string(), "data:text/plain;Base64,SGk=");
    }

    #[test]
    fn base64_decoding() {
        let cases: [(&str, &[u8]); 6] = [
            ("", b""),
            ("Zg==", b"f"),
            ("Zm8=", b"fo"),
            ("Zm9v", b"foo"),
            ("Zm9vYg", b"foob"),
            ("Zm9v\r\nYmFy", b"foobar"),
        ];
        for (encoded, decoded) in cases {
            let uri = DataUri::parse(&format!("data:;base64,{encoded}")).unwrap();
            assert_eq!(uri.bytes().unwrap(), decoded, "{encoded}");
        }
        let bad = DataUri::parse("data:application/sdp;base64,base64-encoded-sdp").unwrap();
        assert!(matches!(bad.bytes(), Err(DataUriError::BadBase64(_))));
        for broken in ["Zg=a", "Z", "Zh=="] {
            let uri = DataUri::parse(&format!("data:;base64,{broken}")).unwrap();
            assert!(uri.bytes().is_err(), "{broken}");
        }
    }

    #[test]
    fn encodes() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", b"\x00\xff\x10 hello\r\n"] {
            let b64 = DataUri::from_bytes("application/octet-stream", &[], bytes, true);
            assert_eq!(
                DataUri::parse(&b64.to_string()).unwrap().bytes().unwrap(),
                bytes
            );
            let pct = DataUri::from_bytes("application/octet-stream", &[], bytes, false);
            assert_eq!(
                DataUri::parse(&pct.to_string()).unwrap().bytes().unwrap(),
                bytes
            );
        }
        let text = DataUri::from_text("text/plain", "Hi there, é,;");
        assert_eq!(
            text.to_string(),
            "data:text/plain;charset=utf-8,Hi%20there%2C%20%C3%A9%2C;"
        );
        assert_eq!(text.text().unwrap(), "Hi there, é,;");
        let link: crate::Link = text.into();
        assert!(link.href.starts_with("data:text/plain"));
    }

    #[test]
    fn rejects() {
        assert_eq!(DataUri::parse("/ucwa/v1/x"), Err(DataUriError::NotDataUri));
        assert_eq!(DataUri::parse("http://x,y"), Err(DataUriError::NotDataUri));
        assert_eq!(
            DataUri::parse("data:text/plain"),
            Err(DataUriError::MissingComma)
        );
        assert_eq!(
            DataUri::parse("data : text/plain;base64,x"),
            Err(DataUriError::NotDataUri)
        );
        assert!(matches!(
            DataUri::parse("data:text;base64,x"),
            Err(DataUriError::BadMediaType(_))
        ));
        assert!(matches!(
            DataUri::parse("data:text/plain;charset,x"),
            Err(DataUriError::BadParameter(_))
        ));
        let odd = DataUri::parse("data:text/plain;charset=utf-16,x").unwrap();
        assert_eq!(
            odd.text(),
            Err(DataUriError::UnsupportedCharset("utf-16".into()))
        );
    }
}
