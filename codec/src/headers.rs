//! UCWA's own HTTP headers as typed values, and what a `PUT` has to send.
//!
//! - [`ETag`]: the entity tag of a resource, from the `ETag` response header or the
//!   resource's `etag` property, written back in `If-Match`.
//! - [`MinResourceVersion`]: the `X-MS-RequiresMinResourceVersion` request header, with
//!   which a client asks the server to refuse a request rather than ignore input it does
//!   not know (see UCWA's versioning rules).
//! - [`PutRequest`]: a resource encoded for `PUT` with every member it was read with,
//!   plus the `Content-Type` and `If-Match` headers to send with it.
//!
//! Nothing here needs an HTTP library: values are plain strings. The `http` feature adds
//! conversions to the `http` crate's types (the `ucwa_codec::http` module).

use crate::error::Result;
use crate::media::Format;
use crate::members::Members;
use crate::value::Value;
use crate::xml::ToXml;
use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// `ETag`: the response header carrying a resource's entity tag.
pub const ETAG: &str = "ETag";
/// `If-Match`: the request header every UCWA `PUT` must carry.
pub const IF_MATCH: &str = "If-Match";
/// `X-MS-RequiresMinResourceVersion`: the lowest resource revision the request needs.
pub const X_MS_REQUIRES_MIN_RESOURCE_VERSION: &str = "X-MS-RequiresMinResourceVersion";
/// `X-MS-UcwaVersion`: the resource revision the server answered with.
pub const X_MS_UCWA_VERSION: &str = "X-MS-UcwaVersion";

/// A header value that does not have the expected syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidHeader {
    header: &'static str,
    message: String,
}

impl InvalidHeader {
    pub(crate) fn new(header: &'static str, message: impl Into<String>) -> Self {
        InvalidHeader {
            header,
            message: message.into(),
        }
    }

    /// The header's name.
    pub fn header(&self) -> &'static str {
        self.header
    }
}

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}` header: {}", self.header, self.message)
    }
}

impl std::error::Error for InvalidHeader {}

/// An entity tag: an opaque string, strong or weak.
///
/// It is written in its quoted form (`"2943169141"`, or `W/"…"` when weak), as the
/// `ETag` and `If-Match` headers carry it. UCWA also puts the bare tag into many
/// resources as their `etag` property ([`ETag::from_members`]).
///
/// ```
/// use ucwa_codec::ETag;
/// let tag: ETag = r#""2943169141""#.parse()?;
/// assert_eq!(tag.tag(), "2943169141");
/// assert!(!tag.is_weak());
/// assert_eq!(tag.to_string(), r#""2943169141""#);
/// assert_eq!(ETag::weak("v1")?.to_string(), r#"W/"v1""#);
/// # Ok::<(), ucwa_codec::headers::InvalidHeader>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ETag {
    tag: String,
    weak: bool,
}

impl ETag {
    /// A strong tag. Fails if `tag` holds a `"`, a space or a control character.
    pub fn strong(tag: impl Into<String>) -> Result<ETag, InvalidHeader> {
        ETag::build(tag.into(), false)
    }

    /// A weak tag (`W/"…"`). Fails like [`strong`](ETag::strong).
    pub fn weak(tag: impl Into<String>) -> Result<ETag, InvalidHeader> {
        ETag::build(tag.into(), true)
    }

    fn build(tag: String, weak: bool) -> Result<ETag, InvalidHeader> {
        // RFC 9110 etagc: %x21 / %x23-7E / obs-text.
        match tag.chars().find(|&c| c == '"' || c <= ' ' || c == '\u{7f}') {
            Some(c) => Err(InvalidHeader::new(
                ETAG,
                format!("character {c:?} is not allowed in an entity tag"),
            )),
            None => Ok(ETag { tag, weak }),
        }
    }

    /// Reads a header value: `"tag"`, `W/"tag"`, or (leniently) a bare `tag` as a strong
    /// one, since some servers and proxies drop the quotes. Surrounding spaces are ignored.
    pub fn parse(value: &str) -> Result<ETag, InvalidHeader> {
        let value = value.trim();
        let (weak, rest) = match value.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, value),
        };
        let tag = match rest.strip_prefix('"') {
            Some(inner) => inner
                .strip_suffix('"')
                .ok_or_else(|| InvalidHeader::new(ETAG, "unterminated quoted entity tag"))?,
            None if weak => {
                return Err(InvalidHeader::new(ETAG, "a weak entity tag must be quoted"));
            }
            None if rest.is_empty() => {
                return Err(InvalidHeader::new(ETAG, "empty value"));
            }
            None => rest,
        };
        ETag::build(tag.to_owned(), weak)
    }

    /// The tag of a resource's `etag` property (text or number), as UCWA includes it in
    /// resources that can be changed.
    pub fn from_members(members: &Members) -> Option<ETag> {
        match members.property("etag")? {
            Value::String(s) => ETag::strong(s.as_str()).ok(),
            Value::Number(n) => ETag::strong(n.to_string()).ok(),
            _ => None,
        }
    }

    /// The opaque tag, without quotes or `W/`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Whether the tag is weak.
    pub fn is_weak(&self) -> bool {
        self.weak
    }

    /// Strong comparison (what `If-Match` uses): both strong and the same tag.
    pub fn strong_eq(&self, other: &ETag) -> bool {
        !self.weak && !other.weak && self.tag == other.tag
    }

    /// Weak comparison: the same tag, weak or not.
    pub fn weak_eq(&self, other: &ETag) -> bool {
        self.tag == other.tag
    }
}

impl fmt::Display for ETag {
    /// Writes the quoted form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.weak {
            f.write_str("W/")?;
        }
        write!(f, "\"{}\"", self.tag)
    }
}

impl FromStr for ETag {
    type Err = InvalidHeader;

    /// See [`ETag::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ETag::parse(s)
    }
}

/// The value of `X-MS-RequiresMinResourceVersion`: the lowest revision of a resource's
/// input the request relies on.
///
/// UCWA advertises revisions on links (`<link rel="…" revision="2"/>`, see
/// [`Link::revision`](crate::Link::revision)) and asks clients to compare them as
/// decimal numbers; the server answers `404` with subcode `APIVersionNotSupported` when
/// it cannot honour the version. Values compare as decimals (`4.10` equals `4.1`).
///
/// ```
/// use ucwa_codec::headers::MinResourceVersion;
/// let v = MinResourceVersion::new(4);
/// assert_eq!(v.to_string(), "4.0");
/// assert_eq!("4.0".parse::<MinResourceVersion>()?, v);
/// assert!(v.is_met_by(4) && !v.is_met_by(3));
/// # Ok::<(), ucwa_codec::headers::InvalidHeader>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct MinResourceVersion {
    whole: u32,
    /// Fractional digits as a number, without trailing zeros.
    fraction: u32,
    /// How many digits `fraction` has (0..=9).
    digits: u8,
}

impl MinResourceVersion {
    /// A whole revision, written `N.0`.
    pub const fn new(revision: u32) -> Self {
        MinResourceVersion {
            whole: revision,
            fraction: 0,
            digits: 0,
        }
    }

    /// Parses `N` or `N.D…` (at most nine fractional digits).
    pub fn parse(value: &str) -> Result<Self, InvalidHeader> {
        let bad = || {
            InvalidHeader::new(
                X_MS_REQUIRES_MIN_RESOURCE_VERSION,
                format!("expected a decimal version such as `4.0`, found `{value}`"),
            )
        };
        let value = value.trim();
        let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 9 {
            return Err(bad());
        }
        if value.ends_with('.') {
            return Err(bad());
        }
        let fraction = fraction.trim_end_matches('0');
        Ok(MinResourceVersion {
            whole: whole.parse().map_err(|_| bad())?,
            fraction: if fraction.is_empty() {
                0
            } else {
                fraction.parse().map_err(|_| bad())?
            },
            digits: fraction.len() as u8,
        })
    }

    /// The whole part of the version.
    pub fn whole(&self) -> u32 {
        self.whole
    }

    /// Whether a link `revision` (absent means 1) offers at least this version.
    pub fn is_met_by(&self, revision: u32) -> bool {
        MinResourceVersion::new(revision) >= *self
    }

    /// The fraction scaled to nine digits, for comparisons.
    fn nanos(&self) -> u64 {
        u64::from(self.fraction) * 10u64.pow(9 - u32::from(self.digits))
    }
}

impl PartialEq for MinResourceVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MinResourceVersion {}

impl std::hash::Hash for MinResourceVersion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.whole, self.nanos()).hash(state);
    }
}

impl PartialOrd for MinResourceVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MinResourceVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.whole, self.nanos()).cmp(&(other.whole, other.nanos()))
    }
}

impl fmt::Display for MinResourceVersion {
    /// Writes `N.D…`, with at least one fractional digit (`4.0`), as the docs show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.digits == 0 {
            write!(f, "{}.0", self.whole)
        } else {
            write!(
                f,
                "{}.{:0width$}",
                self.whole,
                self.fraction,
                width = usize::from(self.digits)
            )
        }
    }
}

impl FromStr for MinResourceVersion {
    type Err = InvalidHeader;

    /// See [`MinResourceVersion::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MinResourceVersion::parse(s)
    }
}

impl From<u32> for MinResourceVersion {
    fn from(revision: u32) -> Self {
        MinResourceVersion::new(revision)
    }
}

/// A resource ready to be sent back with `PUT`: its body in one format, and the
/// `If-Match` tag the server requires.
///
/// UCWA replaces the server's copy with the body of a `PUT`, and rejects one that lacks
/// the randomly named property each changeable resource carries (its value reads
/// "please pass this in a PUT request"), or that lacks `If-Match` (`428`), or whose tag
/// no longer matches (`412`). Encoding the value decoded from the `GET` (typed with its
/// catch-all, or a [`DynResource`](crate::DynResource)) keeps every member the client
/// did not understand, links and embedded resources included (the server ignores
/// those), so only the fields the client changed differ.
///
/// ```
/// use ucwa_codec::{DynResource, ETag, Format, PutRequest};
/// let got: DynResource = ucwa_codec::json::from_str(r#"{"rel":"communication",
///     "56de7bbf-1081-43e6-bbf2-1cabf3224c83":"please pass this in a PUT request",
///     "etag":"2943169141","conversationHistory":"Disabled"}"#)?;
/// let mut changed = got.clone();
/// changed.members.set_property("conversationHistory", "Enabled");
///
/// let etag = ETag::from_members(&got.members).expect("the resource has an etag");
/// let put = PutRequest::new(&changed, etag, Format::Json)?;
/// let body = std::str::from_utf8(&put.body).unwrap();
/// assert!(body.contains(r#""56de7bbf-1081-43e6-bbf2-1cabf3224c83":"please pass this in a PUT request""#));
/// assert!(body.contains(r#""conversationHistory":"Enabled""#));
/// assert_eq!(put.headers(), [
///     ("Content-Type", "application/vnd.microsoft.com.ucwa+json".to_owned()),
///     ("If-Match", r#""2943169141""#.to_owned()),
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutRequest {
    /// The body's format.
    pub format: Format,
    /// The encoded resource.
    pub body: Vec<u8>,
    /// The tag to send in `If-Match`.
    pub if_match: ETag,
}

impl PutRequest {
    /// Encodes `resource` (compact) in `format` for a `PUT` conditional on `etag`.
    pub fn new<T>(resource: &T, etag: ETag, format: Format) -> Result<Self>
    where
        T: Serialize + ToXml + ?Sized,
    {
        Ok(PutRequest {
            format,
            body: crate::encode(format, resource)?,
            if_match: etag,
        })
    }

    /// The `Content-Type` to send: the UCWA vendor media type of the format.
    pub fn content_type(&self) -> &'static str {
        self.format.vendor_media_type()
    }

    /// The headers to send with the body, `(name, value)`: `Content-Type` and `If-Match`.
    pub fn headers(&self) -> [(&'static str, String); 2] {
        [
            ("Content-Type", self.content_type().to_owned()),
            (IF_MATCH, self.if_match.to_string()),
        ]
    }
}

/// The randomly named property UCWA puts into each resource that accepts `PUT`, as
/// `(name, value)`: the first property whose text value asks to be passed back in a
/// `PUT` request. Useful to check that a body about to be sent still carries it.
pub fn put_token(members: &Members) -> Option<(&str, &str)> {
    members.properties.iter().find_map(|(name, value)| {
        let text = value.as_str()?;
        let lower = text.to_ascii_lowercase();
        (lower.starts_with("please pass") && lower.contains("put request"))
            .then_some((name.as_str(), text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_parsing() {
        let strong = ETag::parse("\"abc\"").unwrap();
        assert_eq!((strong.tag(), strong.is_weak()), ("abc", false));
        let weak = ETag::parse(" W/\"abc\" ").unwrap();
        assert_eq!((weak.tag(), weak.is_weak()), ("abc", true));
        assert_eq!(
            ETag::parse("2943169141").unwrap().to_string(),
            "\"2943169141\""
        );
        assert_eq!(ETag::parse("\"\"").unwrap().tag(), "");
        for bad in [
            "",
            "\"abc",
            "W/abc",
            "\"a\"b\"",
            "\"a b\"",
            "a b",
            "\"\u{7}\"",
        ] {
            assert!(ETag::parse(bad).is_err(), "{bad:?}");
        }
        let e = ETag::strong("a\"b").unwrap_err();
        assert_eq!(e.header(), "ETag");
        assert!(e.to_string().contains("not allowed"), "{e}");
        assert_eq!("W/\"x\"".parse::<ETag>().unwrap(), ETag::weak("x").unwrap());
    }

    #[test]
    fn etag_comparison() {
        let a = ETag::strong("1").unwrap();
        let w = ETag::weak("1").unwrap();
        assert!(a.strong_eq(&a) && !a.strong_eq(&w) && !w.strong_eq(&w));
        assert!(a.weak_eq(&w) && !a.weak_eq(&ETag::strong("2").unwrap()));
    }

    #[test]
    fn etag_from_members() {
        let mut members = Members::default();
        assert_eq!(ETag::from_members(&members), None);
        members.set_property("etag", "2758999089");
        assert_eq!(ETag::from_members(&members).unwrap().tag(), "2758999089");
        members.set_property("etag", Value::from_xml_text("2758999089"));
        assert_eq!(ETag::from_members(&members).unwrap().tag(), "2758999089");
        members.set_property("etag", true);
        assert_eq!(ETag::from_members(&members), None);
    }

    #[test]
    fn versions() {
        let v = |s: &str| MinResourceVersion::parse(s).unwrap();
        assert_eq!(v("4").to_string(), "4.0");
        assert_eq!(v("4.0").to_string(), "4.0");
        assert_eq!(v("4.10"), v("4.1"));
        assert_eq!(v("4.10").to_string(), "4.1");
        assert_eq!(v("1.05").to_string(), "1.05");
        assert!(v("4.10") < v("4.2"));
        assert!(v("10") > v("9.999999999"));
        assert!(v(" 2 ").is_met_by(2));
        assert!(!v("2.5").is_met_by(2));
        assert_eq!(MinResourceVersion::from(3), v("3.000"));
        for bad in [
            "",
            ".5",
            "4.",
            "a",
            "4.x",
            "-1",
            "4.0.1",
            "1.0000000001",
            "99999999999",
        ] {
            let e = MinResourceVersion::parse(bad).unwrap_err();
            assert!(
                e.to_string().contains("X-MS-RequiresMinResourceVersion"),
                "{e}"
            );
        }
        use std::collections::HashSet;
        let set: HashSet<_> = [v("1.50"), v("1.5")].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn finds_the_put_token() {
        let mut members = Members::default();
        members.set_property("etag", "1");
        assert_eq!(put_token(&members), None);
        members.set_property("9a0c", "please pass me in a PUT request");
        members.set_property("56de", "please pass this in a PUT request");
        assert_eq!(
            put_token(&members),
            Some(("9a0c", "please pass me in a PUT request"))
        );
    }
}
