//! Start-tag attributes, parsed straight from the input.
//!
//! One pass over a start tag's attribute text: names and values are handed out borrowed
//! from the input, and values are normalised only when a word-at-a-time scan finds a
//! byte that needs it (quick-xml's iterator, used before, re-scanned each tag byte by
//! byte and normalised every value in a second pass). Stricter where XML is: attributes
//! must be separated by whitespace, a value may not contain `<`, and only the five
//! predefined entities and character references are known.

use super::names::{ascii_name_len, is_xml_name};
use super::scan;
use crate::limits::Limits;
use std::borrow::Cow;

/// Something wrong in a start tag's attributes: where (a byte offset into the attribute
/// text), what, and whether it is a [`Limits`](crate::Limits) being exceeded.
#[derive(Debug, PartialEq)]
pub(crate) struct Problem {
    pub at: usize,
    pub message: String,
    pub limit: bool,
}

fn problem(at: usize, message: impl Into<String>) -> Problem {
    Problem {
        at,
        message: message.into(),
        limit: false,
    }
}

/// One attribute: its name as written (`prefix:name`), its value as written between the
/// quotes (see [`RawAttribute::normalized`]), and where its name starts in the attribute
/// text.
#[derive(Debug, PartialEq)]
pub(crate) struct RawAttribute<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub at: usize,
    /// No byte of the value needs [`normalize`]: it is final as written.
    plain: bool,
}

impl<'a> RawAttribute<'a> {
    /// The value as XML reads it (see [`normalize`]).
    pub fn normalized(&self) -> Result<Cow<'a, str>, Problem> {
        if self.plain {
            Ok(Cow::Borrowed(self.value))
        } else {
            normalize(self.value)
        }
    }
}

/// Besides controls (below 0x20), the bytes that make a value need [`normalize`]: 0xEF
/// (which leads U+FFFE and U+FFFF), references and `<`.
const MARKUP_SUSPECTS: [u8; 3] = [0xEF, b'&', b'<'];

/// Whether `bytes` holds a byte below 0x20 (controls, line breaks, tab) or 0xEF (which
/// leads U+FFFE and U+FFFF), or, with `markup`, `&` or `<`.
pub(crate) fn has_suspect_byte(bytes: &[u8], markup: bool) -> bool {
    if markup {
        scan::any_byte(bytes, 0x20, &MARKUP_SUSPECTS)
    } else {
        scan::any_byte(bytes, 0x20, &[0xEF])
    }
}

/// XML's whitespace: space, tab, carriage return, line feed.
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The attributes of one start tag: the text after the element name (and before `>`
/// or `/>`), as the tokenizer delimits it. Names are checked (XML names, not repeated, not
/// too long, not too many); the iterator ends after its first error, so going on after
/// one cannot make the duplicate check quadratic.
pub(crate) struct Attributes<'a> {
    text: &'a str,
    pos: usize,
    limits: Limits,
    count: usize,
    /// The names seen so far, for the duplicate check: inline, spilling past 6 (UCWA
    /// elements have fewer; a small array is cheap to set up on every tag).
    seen: [&'a str; 6],
    seen_len: usize,
    spill: Vec<&'a str>,
    failed: bool,
}

impl<'a> Attributes<'a> {
    pub fn new(text: &'a str, limits: Limits) -> Self {
        Attributes {
            text,
            pos: 0,
            limits,
            count: 0,
            seen: [""; 6],
            seen_len: 0,
            spill: Vec::new(),
            failed: false,
        }
    }

    fn is_duplicate(&mut self, name: &'a str) -> bool {
        let inline = &self.seen[..self.seen_len];
        if inline.contains(&name) || self.spill.contains(&name) {
            return true;
        }
        if self.seen_len < self.seen.len() {
            self.seen[self.seen_len] = name;
            self.seen_len += 1;
        } else {
            self.spill.push(name);
        }
        false
    }

    fn parse(&mut self) -> Option<Result<RawAttribute<'a>, Problem>> {
        let bytes = self.text.as_bytes();
        let mut pos = self.pos;
        let separated = pos < bytes.len() && is_whitespace(bytes[pos]);
        while pos < bytes.len() && is_whitespace(bytes[pos]) {
            pos += 1;
        }
        if pos == bytes.len() {
            self.pos = pos;
            return None;
        }
        if !separated {
            return Some(Err(problem(
                pos,
                "attributes must be separated by whitespace",
            )));
        }
        let at = pos;
        pos += ascii_name_len(&bytes[pos..]);
        // A name that is not plain ASCII ends at `=` or whitespace too, and is checked by
        // the general rule below.
        let plain = bytes
            .get(pos)
            .is_some_and(|&b| b == b'=' || is_whitespace(b));
        if !plain {
            while pos < bytes.len() && bytes[pos] != b'=' && !is_whitespace(bytes[pos]) {
                pos += 1;
            }
        }
        // Delimited by ASCII bytes, so the slice is on character boundaries.
        let name = &self.text[at..pos];
        if name.is_empty() {
            return Some(Err(problem(at, "an attribute without a name")));
        }
        self.count += 1;
        if self.count > self.limits.max_attributes {
            let limit = self.limits.max_attributes;
            return Some(Err(Problem {
                limit: true,
                ..problem(at, format!("more than {limit} attributes on one element"))
            }));
        }
        if name.len() > self.limits.max_name_bytes {
            return Some(Err(Problem {
                limit: true,
                ..problem(at, "attribute name too long")
            }));
        }
        if !plain && !is_xml_name(name) {
            let name = name.escape_debug();
            return Some(Err(problem(
                at,
                format!("`{name}` is not a valid attribute name"),
            )));
        }
        while pos < bytes.len() && is_whitespace(bytes[pos]) {
            pos += 1;
        }
        if bytes.get(pos) != Some(&b'=') {
            return Some(Err(problem(
                pos,
                format!("expected `=` after attribute `{}`", name.escape_debug()),
            )));
        }
        pos += 1;
        while pos < bytes.len() && is_whitespace(bytes[pos]) {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                return Some(Err(problem(
                    pos,
                    format!(
                        "the value of attribute `{}` is not quoted",
                        name.escape_debug()
                    ),
                )));
            }
        };
        let start = pos + 1;
        let Some((len, suspect)) = scan::find_quote(&bytes[start..], quote, &MARKUP_SUSPECTS)
        else {
            return Some(Err(problem(
                pos,
                format!(
                    "the value of attribute `{}` is not closed",
                    name.escape_debug()
                ),
            )));
        };
        let value = &self.text[start..start + len];
        self.pos = start + len + 1;
        if self.is_duplicate(name) {
            return Some(Err(problem(
                at,
                format!("duplicate attribute `{}`", name.escape_debug()),
            )));
        }
        Some(Ok(RawAttribute {
            name,
            value,
            at,
            plain: !suspect,
        }))
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<RawAttribute<'a>, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.parse();
        self.failed = matches!(item, Some(Err(_)));
        item
    }
}

/// An attribute value as XML reads it (no DTD, so every attribute is CDATA): line
/// breaks, tabs and carriage returns become spaces (`\r\n` one space), and entity and
/// character references are replaced, and characters XML 1.0 forbids are refused.
/// Borrowed unless something had to change. `Err` is a byte offset into `value` and a
/// message.
pub(crate) fn normalize(value: &str) -> Result<Cow<'_, str>, Problem> {
    unescape(value, true)
}

/// Character data as XML reads it: references replaced, `\r\n` and a lone `\r` read
/// as `\n`, characters XML 1.0 forbids refused, and so is `]]>` (XML does not allow it
/// outside a CDATA section). `<` cannot occur: it starts markup.
pub(crate) fn text(value: &str) -> Result<Cow<'_, str>, Problem> {
    if let Some(at) = scan::find_seq(value.as_bytes(), b"]]>") {
        return Err(problem(at, "`]]>` is not allowed in text"));
    }
    unescape(value, false)
}

/// [`normalize`] for an attribute value, [`text`] for character data.
fn unescape(value: &str, attribute: bool) -> Result<Cow<'_, str>, Problem> {
    if !has_suspect_byte(value.as_bytes(), true) {
        return Ok(Cow::Borrowed(value));
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let special = match b {
            b'&' | b'\r' => true,
            b'\t' | b'\n' | b'<' => attribute,
            _ => false,
        };
        if !special {
            i += 1;
            continue;
        }
        out.push_str(&value[copied..i]);
        match b {
            b'<' => return Err(problem(i, "`<` is not allowed in an attribute value")),
            b'&' => {
                let Some(len) = value[i + 1..].find(';') else {
                    return Err(problem(i, "an entity reference without its `;`"));
                };
                let reference = &value[i + 1..i + 1 + len];
                match resolve(reference) {
                    Some(c) => out.push(c),
                    None if reference.starts_with('#') => {
                        return Err(problem(
                            i,
                            format!(
                                "invalid character reference `&{};`",
                                reference.escape_debug()
                            ),
                        ));
                    }
                    None => {
                        return Err(problem(
                            i,
                            format!("undefined entity `&{};`", reference.escape_debug()),
                        ));
                    }
                }
                i += len + 2;
            }
            b'\r' => {
                out.push(if attribute { ' ' } else { '\n' });
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            _ => {
                out.push(' ');
                i += 1;
            }
        }
        copied = i;
    }
    let value = if copied == 0 {
        Cow::Borrowed(value)
    } else {
        out.push_str(&value[copied..]);
        Cow::Owned(out)
    };
    match forbidden_char(&value) {
        Some(c) => Err(problem(0, forbidden_message(c))),
        None => Ok(value),
    }
}

/// The first character XML 1.0 does not allow in a document (C0 controls other than
/// tab and line breaks, and U+FFFE/U+FFFF), if any.
pub(crate) fn forbidden_char(s: &str) -> Option<char> {
    // A quick pass first. (Tab and line breaks are suspects here too; the exact check
    // below lets them pass.)
    if !has_suspect_byte(s.as_bytes(), false) {
        return None;
    }
    s.chars().find(|&c| {
        (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    })
}

/// What is said of a character XML 1.0 forbids.
pub(crate) fn forbidden_message(c: char) -> String {
    format!("character U+{:04X} is not allowed in XML 1.0", u32::from(c))
}

/// XML's line-end handling: `\r\n` and a lone `\r` become `\n`.
pub(crate) fn normalize_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\r') {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A predefined entity (`amp`) or a character reference (`#38`, `#x26`).
pub(crate) fn resolve(reference: &str) -> Option<char> {
    match reference {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = reference.strip_prefix('#')?;
            let (digits, radix) = match number.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            // `from_str_radix` would also take a sign.
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let code = u32::from_str_radix(digits, radix).ok()?;
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed<'a> = Result<(&'a str, &'a str), (usize, String)>;

    fn all(text: &str) -> Vec<Parsed<'_>> {
        Attributes::new(text, Limits::DEFAULT)
            .map(|a| a.map(|a| (a.name, a.value)).map_err(|p| (p.at, p.message)))
            .collect()
    }

    #[test]
    fn parses_names_and_raw_values() {
        assert_eq!(
            all(r#" rel="a"  href = 'b "c"'	x:y="&amp;" "#),
            vec![
                Ok(("rel", "a")),
                Ok(("href", r#"b "c""#)),
                Ok(("x:y", "&amp;"))
            ]
        );
        assert_eq!(all(""), vec![]);
        assert_eq!(all("   "), vec![]);
    }

    #[test]
    fn refuses_malformed_attributes_and_stops() {
        let err = |text| all(text).pop().unwrap().unwrap_err();
        assert_eq!(
            err(r#" a="1"b="2""#),
            (6, "attributes must be separated by whitespace".into())
        );
        assert_eq!(err(r#" a"#), (2, "expected `=` after attribute `a`".into()));
        assert_eq!(
            err(r#" a b="1""#),
            (3, "expected `=` after attribute `a`".into())
        );
        assert_eq!(
            err(r#" a=1"#),
            (3, "the value of attribute `a` is not quoted".into())
        );
        assert_eq!(
            err(r#" a=""#),
            (3, "the value of attribute `a` is not closed".into())
        );
        assert_eq!(err(r#" ="1""#), (1, "an attribute without a name".into()));
        assert_eq!(
            err(r#" a="1" b="2" a="3""#),
            (13, "duplicate attribute `a`".into())
        );
        assert_eq!(all(r#" a="1" b c="2""#).len(), 2, "nothing after an error");
        assert_eq!(
            err(r#" a="1" 1b="2""#),
            (7, "`1b` is not a valid attribute name".into())
        );
    }

    #[test]
    fn finds_duplicates_past_the_inline_names() {
        let many: String = (0..20).map(|i| format!(" a{i}=\"v\"")).collect();
        let text = format!("{many} a18=\"w\"");
        let last = all(&text).pop().unwrap();
        assert_eq!(
            last,
            Err((many.len() + 1, "duplicate attribute `a18`".into()))
        );
    }

    #[test]
    fn line_ends_become_line_feeds() {
        assert_eq!(
            normalize_line_ends("a\r\nb\rc\n\r\r\nd".into()),
            "a\nb\nc\n\n\nd"
        );
        assert!(matches!(
            normalize_line_ends("a\nb".into()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn normalizes_values_as_xml_does() {
        assert!(matches!(normalize("plain é"), Ok(Cow::Borrowed("plain é"))));
        assert!(matches!(normalize("a\u{fffd}b"), Ok(Cow::Borrowed(_))));
        assert_eq!(normalize("a\tb\nc\r\nd\re").unwrap(), "a b c d e");
        assert_eq!(
            normalize("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;").unwrap(),
            "<>&\"'AB😀"
        );
        // A character reference to a line break is kept (only literal ones become spaces).
        assert_eq!(normalize("a&#10;b").unwrap(), "a\nb");
        assert_eq!(
            normalize("a&#1;").unwrap_err(),
            problem(0, "character U+0001 is not allowed in XML 1.0")
        );
        assert_eq!(
            normalize("a\u{ffff}").unwrap_err(),
            problem(0, "character U+FFFF is not allowed in XML 1.0")
        );
    }

    #[test]
    fn reads_text_as_xml_does() {
        assert!(matches!(text("a > b\tc"), Ok(Cow::Borrowed("a > b\tc"))));
        assert_eq!(
            text("a\r\nb\rc\nd&amp;&#13;&lt;").unwrap(),
            "a\nb\nc\nd&\r<"
        );
        assert_eq!(
            text("x]]>").unwrap_err(),
            problem(1, "`]]>` is not allowed in text")
        );
        assert_eq!(
            text("ab&c;").unwrap_err(),
            problem(2, "undefined entity `&c;`")
        );
        assert_eq!(
            text("a\u{1}").unwrap_err(),
            problem(0, "character U+0001 is not allowed in XML 1.0")
        );
    }

    #[test]
    fn refuses_bad_references_and_angle_brackets() {
        let err = |v| normalize(v).unwrap_err();
        assert_eq!(
            err("a<b"),
            problem(1, "`<` is not allowed in an attribute value")
        );
        assert_eq!(
            err("x&amp"),
            problem(1, "an entity reference without its `;`")
        );
        assert_eq!(err("&nbsp;"), problem(0, "undefined entity `&nbsp;`"));
        assert_eq!(
            err("a&#0;"),
            problem(1, "invalid character reference `&#0;`")
        );
        for bad in [
            "&#;",
            "&#x;",
            "&#+65;",
            "&#x-1;",
            "&#0;",
            "&#xD800;",
            "&#99999999999;",
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }
}
