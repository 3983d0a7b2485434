//! UCWA wire formats and HTTP content negotiation.
//!
//! UCWA serves every resource as JSON or XML. This module maps HTTP header
//! values (`Content-Type`, `Accept`) and raw bodies to a [`Format`].

use std::fmt;
use std::str::FromStr;

/// The two UCWA wire formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (`application/json`, `application/vnd.microsoft.com.ucwa+json`).
    Json,
    /// XML (`application/xml`, `application/vnd.microsoft.com.ucwa+xml`).
    Xml,
}

impl Format {
    /// The generic media type: `application/json` or `application/xml`.
    pub const fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }

    /// The UCWA vendor media type, e.g. `application/vnd.microsoft.com.ucwa+json`.
    pub const fn vendor_media_type(self) -> &'static str {
        match self {
            Format::Json => "application/vnd.microsoft.com.ucwa+json",
            Format::Xml => "application/vnd.microsoft.com.ucwa+xml",
        }
    }

    /// Reads a `Content-Type` header value.
    ///
    /// Recognises `application/json`, `application/xml`, `text/xml` and any
    /// `application/*+json` or `application/*+xml` type (which covers the UCWA
    /// vendor types), case-insensitively. Parameters are ignored, except that
    /// a `charset` other than `utf-8` yields `None`: the codecs only read UTF-8.
    pub fn from_content_type(value: &str) -> Option<Format> {
        let media = MediaType::parse(value)?;
        if media.is_wildcard() || !media.charset_is_utf8() {
            return None;
        }
        media.concrete_format()
    }

    /// Picks the format to answer with from an `Accept` header value.
    ///
    /// Each format takes the weight of its most specific matching range
    /// (exact type, then `application/*` or `text/*`, then `*/*`), as HTTP
    /// prescribes; `q=0` rules it out. The highest weight wins; on a tie an
    /// exact range beats a wildcard, then the range listed first wins, and a
    /// wildcard that covers both formats picks JSON. Malformed ranges are
    /// skipped. `None` means neither format is acceptable.
    pub fn from_accept(value: &str) -> Option<Format> {
        let mut json: Option<Match> = None;
        let mut xml: Option<Match> = None;
        for (index, entry) in split_unquoted(value, b',').into_iter().enumerate() {
            let Some(media) = MediaType::parse(entry) else {
                continue;
            };
            if !media.charset_is_utf8() {
                continue;
            }
            let q = match media.param("q") {
                None => 1000,
                Some(raw) => match parse_q(raw) {
                    Some(q) => q,
                    None => continue,
                },
            };
            let Some((level, covers_json, covers_xml)) = media.coverage() else {
                continue;
            };
            let candidate = Match { level, q, index };
            if covers_json {
                candidate.offer(&mut json);
            }
            if covers_xml {
                candidate.offer(&mut xml);
            }
        }
        match (json.filter(|m| m.q > 0), xml.filter(|m| m.q > 0)) {
            (Some(j), Some(x)) => Some(if x.beats(&j) {
                Format::Xml
            } else {
                Format::Json
            }),
            (Some(_), None) => Some(Format::Json),
            (None, Some(_)) => Some(Format::Xml),
            (None, None) => None,
        }
    }

    /// Guesses the format from the start of a body.
    ///
    /// Skips a UTF-8 byte-order mark and ASCII whitespace, then `<` means XML
    /// and `{` or `[` means JSON; anything else (including empty) is `None`.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'<') => Some(Format::Xml),
            Some(b'{' | b'[') => Some(Format::Json),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    /// Writes the short name: `json` or `xml`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "json",
            Format::Xml => "xml",
        })
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts `json` or `xml` (any case) or a media type that
    /// [`Format::from_content_type`] recognises.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        if name.eq_ignore_ascii_case("json") {
            Ok(Format::Json)
        } else if name.eq_ignore_ascii_case("xml") {
            Ok(Format::Xml)
        } else {
            Format::from_content_type(s).ok_or_else(|| UnknownFormat(s.to_owned()))
        }
    }
}

/// Error from parsing a [`Format`]; holds the rejected input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format `{}`: expected `json`, `xml` or a JSON/XML media type",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

/// How specifically an `Accept` range names a format; more specific ranges
/// override less specific ones (RFC 9110, section 12.5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// `*/*`
    Any,
    /// `application/*` or `text/*`
    Type,
    /// A concrete media type.
    Exact,
}

/// The range that currently decides one format's weight.
#[derive(Clone, Copy, Debug)]
struct Match {
    level: Level,
    /// Weight in thousandths, 0..=1000.
    q: u16,
    /// Position in the header, for first-listed tie breaks.
    index: usize,
}

impl Match {
    /// Replaces `slot` if this range is more specific, or equally specific
    /// with a higher weight (several exact types can name one format).
    fn offer(self, slot: &mut Option<Match>) {
        let better = match slot {
            None => true,
            Some(current) => {
                self.level > current.level || (self.level == current.level && self.q > current.q)
            }
        };
        if better {
            *slot = Some(self);
        }
    }

    /// Whether this match should win over `other` between two formats.
    fn beats(&self, other: &Match) -> bool {
        (self.q, self.level, std::cmp::Reverse(self.index))
            > (other.q, other.level, std::cmp::Reverse(other.index))
    }
}

/// A parsed `type/subtype; name=value; ...` with borrowed parts.
struct MediaType<'a> {
    kind: &'a str,
    subtype: &'a str,
    params: Vec<(&'a str, String)>,
}

impl<'a> MediaType<'a> {
    /// Parses one media type or range; `None` if the type part is malformed.
    /// Malformed parameters are dropped rather than failing the whole value.
    fn parse(value: &'a str) -> Option<Self> {
        let mut parts = split_unquoted(value, b';').into_iter();
        let (kind, subtype) = parts.next()?.trim().split_once('/')?;
        if !is_token(kind) || !is_token(subtype) {
            return None;
        }
        let params = parts
            .filter_map(|p| {
                let (name, value) = p.split_once('=')?;
                let name = name.trim();
                if !is_token(name) {
                    return None;
                }
                Some((name, unquote(value.trim())?))
            })
            .collect();
        Some(MediaType {
            kind,
            subtype,
            params,
        })
    }

    /// First value of a parameter, by case-insensitive name.
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn charset_is_utf8(&self) -> bool {
        self.params
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("charset"))
            .all(|(_, v)| v.eq_ignore_ascii_case("utf-8"))
    }

    fn is_wildcard(&self) -> bool {
        self.kind.contains('*') || self.subtype.contains('*')
    }

    /// The format a concrete (non-wildcard) media type denotes.
    fn concrete_format(&self) -> Option<Format> {
        let sub = self.subtype;
        if self.kind.eq_ignore_ascii_case("application") {
            if sub.eq_ignore_ascii_case("json") || ends_with_ignore_case(sub, "+json") {
                Some(Format::Json)
            } else if sub.eq_ignore_ascii_case("xml") || ends_with_ignore_case(sub, "+xml") {
                Some(Format::Xml)
            } else {
                None
            }
        } else if self.kind.eq_ignore_ascii_case("text") && sub.eq_ignore_ascii_case("xml") {
            Some(Format::Xml)
        } else {
            None
        }
    }

    /// For an `Accept` range: its specificity and which formats it covers.
    /// `None` for ranges that cover neither or are malformed (`*/json`).
    fn coverage(&self) -> Option<(Level, bool, bool)> {
        match (self.kind, self.subtype) {
            ("*", "*") => Some((Level::Any, true, true)),
            (kind, "*") if kind.eq_ignore_ascii_case("application") => {
                Some((Level::Type, true, true))
            }
            (kind, "*") if kind.eq_ignore_ascii_case("text") => Some((Level::Type, false, true)),
            _ if self.is_wildcard() => None,
            _ => match self.concrete_format()? {
                Format::Json => Some((Level::Exact, true, false)),
                Format::Xml => Some((Level::Exact, false, true)),
            },
        }
    }
}

/// Splits on `delim` outside double-quoted strings, so a quoted parameter
/// value may contain `;` or `,`. Splitting on ASCII bytes keeps UTF-8 intact.
fn split_unquoted(s: &str, delim: u8) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    let mut escaped = false;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if escaped {
            escaped = false;
        } else if in_quotes && b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delim && !in_quotes {
            pieces.extend(s.get(start..i));
            start = i + 1;
        }
    }
    pieces.extend(s.get(start..));
    pieces
}

/// A parameter value as a token or a quoted string with `\` escapes;
/// `None` for an unterminated or otherwise malformed quoted string.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            '"' => return chars.as_str().is_empty().then_some(out),
            _ => out.push(c),
        }
    }
    None
}

/// Parses an HTTP weight (`0`, `0.5`, `1.000`, ...) into thousandths.
fn parse_q(value: &str) -> Option<u16> {
    let (int, frac) = match value.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (value, ""),
    };
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: u16 = 0;
    for (i, b) in frac.bytes().enumerate() {
        // Positions 0..3 weigh 100, 10, 1.
        let weight = [100, 10, 1].get(i).copied().unwrap_or(0);
        thousandths += u16::from(b - b'0') * weight;
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// RFC 9110 token: visible ASCII except separators.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Case-insensitive suffix test that needs a non-empty part before the suffix.
fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() > suffix.len()
        && s.as_bytes()
            .get(s.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(Format::Json.media_type(), "application/json");
        assert_eq!(Format::Xml.media_type(), "application/xml");
        assert_eq!(
            Format::Json.vendor_media_type(),
            "application/vnd.microsoft.com.ucwa+json"
        );
        assert_eq!(
            Format::Xml.vendor_media_type(),
            "application/vnd.microsoft.com.ucwa+xml"
        );
        for f in [Format::Json, Format::Xml] {
            assert_eq!(Format::from_content_type(f.media_type()), Some(f));
            assert_eq!(Format::from_content_type(f.vendor_media_type()), Some(f));
            assert_eq!(Format::from_accept(f.vendor_media_type()), Some(f));
        }
    }

    #[test]
    fn content_type_recognised() {
        let cases = [
            ("application/json", Some(Format::Json)),
            ("application/json; charset=utf-8", Some(Format::Json)),
            ("Application/XML;charset=\"UTF-8\"", Some(Format::Xml)),
            ("  text/xml  ", Some(Format::Xml)),
            ("TEXT/XML; Charset=Utf-8", Some(Format::Xml)),
            (
                "application/vnd.microsoft.com.ucwa+json; odata=verbose",
                Some(Format::Json),
            ),
            ("application/VND.MICROSOFT.COM.UCWA+XML", Some(Format::Xml)),
            ("application/problem+json", Some(Format::Json)),
            ("application/atom+xml;type=entry", Some(Format::Xml)),
            ("application/json;", Some(Format::Json)),
            ("application/json; broken; x=\"a;b\"", Some(Format::Json)),
            ("application/json;charset=iso-8859-1", None),
            ("application/xml; charset=\"utf-16\"", None),
            ("application/json; charset=utf-8; charset=latin1", None),
            ("application/json; charset=\"utf-8", Some(Format::Json)),
            ("text/json", None),
            ("text/html", None),
            ("application/+json", None),
            ("application/octet-stream", None),
            ("application/*", None),
            ("*/*", None),
            ("application/*+json", None),
            ("application / json", None),
            ("application/json/x", None),
            ("applicationjson", None),
            ("", None),
            (";", None),
            ("é/json", None),
        ];
        for (value, expected) in cases {
            assert_eq!(Format::from_content_type(value), expected, "{value:?}");
        }
    }

    #[test]
    fn accept_negotiation() {
        let cases = [
            ("application/json", Some(Format::Json)),
            ("application/xml", Some(Format::Xml)),
            (
                "application/xml;q=0.5, application/json;q=0.8",
                Some(Format::Json),
            ),
            (
                "application/json;q=0.5, application/xml;q=0.8",
                Some(Format::Xml),
            ),
            ("text/html, */*;q=0.1", Some(Format::Json)),
            ("*/*", Some(Format::Json)),
            ("application/*", Some(Format::Json)),
            ("text/*", Some(Format::Xml)),
            ("text/html", None),
            ("", None),
            ("application/json;q=0", None),
            ("application/json;q=0.000", None),
            // Ties: first listed among exact ranges.
            ("application/xml, application/json", Some(Format::Xml)),
            ("application/json, application/xml", Some(Format::Json)),
            // A specific range beats a wildcard of equal weight.
            ("*/*, application/xml", Some(Format::Xml)),
            ("application/*;q=0.5, text/xml;q=0.5", Some(Format::Xml)),
            // A higher-weight wildcard covers both: JSON.
            ("application/xml;q=0.5, */*", Some(Format::Json)),
            // A more specific range overrides the wildcard for its format.
            ("*/*, application/json;q=0", Some(Format::Xml)),
            ("application/*;q=0, */*", None),
            ("application/*;q=0, text/*", Some(Format::Xml)),
            // Several exact types for one format: the best one counts.
            (
                "application/json;q=0, application/vnd.microsoft.com.ucwa+json",
                Some(Format::Json),
            ),
            // Malformed entries are skipped.
            (
                "application/json;q=2, application/xml;q=0.1",
                Some(Format::Xml),
            ),
            (
                "application/json;q=0.1234, application/xml;q=0.1",
                Some(Format::Xml),
            ),
            ("application/json;q=abc, application/xml;q=.5", None),
            (
                "garbage, , ;, */json, application/xml;q=1.0",
                Some(Format::Xml),
            ),
            (
                "application/json;charset=latin1, application/xml;q=0.2",
                Some(Format::Xml),
            ),
            ("application/json;q=1.000", Some(Format::Json)),
            ("application/json;q=1.001", None),
            ("application/xml;q=0.", None),
            (
                "application/json; foo=\"a,b\"; q=0.3, application/xml;q=0.2",
                Some(Format::Json),
            ),
            (
                "Application/JSON;Q=0.9, application/xml;q=0.95",
                Some(Format::Xml),
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(Format::from_accept(value), expected, "{value:?}");
        }
    }

    #[test]
    fn q_values() {
        assert_eq!(parse_q("0"), Some(0));
        assert_eq!(parse_q("0."), Some(0));
        assert_eq!(parse_q("0.5"), Some(500));
        assert_eq!(parse_q("0.05"), Some(50));
        assert_eq!(parse_q("0.123"), Some(123));
        assert_eq!(parse_q("1"), Some(1000));
        assert_eq!(parse_q("1.00"), Some(1000));
        for bad in [
            "", ".5", "1.5", "2", "0.1234", "-0", "+1", "0.5 ", "0.a", "00.5",
        ] {
            assert_eq!(parse_q(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn quoted_values() {
        assert_eq!(unquote("utf-8").as_deref(), Some("utf-8"));
        assert_eq!(unquote("\"UTF-8\"").as_deref(), Some("UTF-8"));
        assert_eq!(unquote(r#""a\"b""#).as_deref(), Some("a\"b"));
        assert_eq!(unquote("\"open"), None);
        assert_eq!(unquote("\"a\"b"), None);
        assert_eq!(unquote("\"\\"), None);
        assert_eq!(split_unquoted(r#"a;"b;c";d"#, b';'), ["a", "\"b;c\"", "d"]);
        assert_eq!(
            split_unquoted(r#"a,"b\",c",d"#, b','),
            ["a", r#""b\",c""#, "d"]
        );
        assert_eq!(split_unquoted("", b','), [""]);
    }

    #[test]
    fn display_and_from_str() {
        assert_eq!(Format::Json.to_string(), "json");
        assert_eq!(Format::Xml.to_string(), "xml");
        for (s, f) in [
            ("json", Format::Json),
            ("JSON", Format::Json),
            ("Xml", Format::Xml),
            (" xml ", Format::Xml),
            ("application/json; charset=utf-8", Format::Json),
            ("text/xml", Format::Xml),
            ("application/vnd.microsoft.com.ucwa+xml", Format::Xml),
        ] {
            assert_eq!(s.parse::<Format>(), Ok(f), "{s:?}");
        }
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(err, UnknownFormat("yaml".to_owned()));
        assert!(err.to_string().contains("`yaml`"));
        assert!(
            "application/json;charset=iso-8859-1"
                .parse::<Format>()
                .is_err()
        );
        assert!("".parse::<Format>().is_err());
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert!(boxed.to_string().starts_with("unknown format"));
    }

    #[test]
    fn sniffing() {
        let cases: [(&[u8], Option<Format>); 11] = [
            (b"{\"a\":1}", Some(Format::Json)),
            (b"[1]", Some(Format::Json)),
            (b"<?xml version=\"1.0\"?>", Some(Format::Xml)),
            (b"\xEF\xBB\xBF<resource/>", Some(Format::Xml)),
            (b"\xEF\xBB\xBF \r\n\t{}", Some(Format::Json)),
            (b"  \n <a/>", Some(Format::Xml)),
            (b"", None),
            (b"   ", None),
            (b"\xEF\xBB\xBF", None),
            (b"\xEF\xBB", None),
            (b"null", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(Format::sniff(bytes), expected, "{bytes:?}");
        }
        // Only one BOM is skipped.
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF\xEF\xBB\xBF{}"), None);
    }

    #[test]
    fn odd_input_never_panics() {
        let samples = [
            "application/json; charset=\"utf-8\"; q=0.5",
            "text/html, application/*;q=0.2, */*;q=0.1",
            "é/ü; ä=\"ö\\\"\", ,;;==\"\"",
        ];
        for s in samples {
            for i in 0..=s.len() {
                if s.is_char_boundary(i) {
                    for piece in [&s[..i], &s[i..]] {
                        let _ = Format::from_content_type(piece);
                        let _ = Format::from_accept(piece);
                        let _ = piece.parse::<Format>();
                        let _ = Format::sniff(piece.as_bytes());
                    }
                }
            }
        }
    }
}
