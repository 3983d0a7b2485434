//! Start-tag attributes, parsed straight from the input.
//!
//! One pass over a start tag's attribute text: names and values are handed out borrowed
//! from the input, and values are normalised only when a word-at-a-time scan finds a
//! byte that needs it (quick-xml's iterator, used before, re-scanned each tag byte by
//! byte and normalised every value in a second pass). Stricter where XML is: attributes
//! must be separated by whitespace, a value may not contain `<`, and only the five
//! predefined entities and character references are known.

use super::names::{ascii_name_len, is_qname};
use super::scan;
use crate::error::Category;
use crate::limits::Limits;
use std::borrow::Cow;

/// Something wrong in markup, an attribute or text: where (a byte offset into what was
/// being read), what, and what kind of error it is ([`Category::Syntax`],
/// [`Category::Limit`] for a [`Limits`](crate::Limits) being exceeded, [`Category::Eof`]
/// when the input ended too early).
#[derive(Debug, PartialEq)]
pub(crate) struct Problem {
    pub at: usize,
    pub message: String,
    pub category: Category,
}

pub(crate) fn problem(at: usize, message: impl Into<String>) -> Problem {
    Problem {
        at,
        message: message.into(),
        category: Category::Syntax,
    }
}

fn limit(at: usize, message: impl Into<String>) -> Problem {
    Problem {
        category: Category::Limit,
        ..problem(at, message)
    }
}

/// `p`, as an [`Category::Eof`] error if the text ran out (`ended`).
fn at_end(p: Problem, ended: bool) -> Problem {
    if ended {
        Problem {
            category: Category::Eof,
            ..p
        }
    } else {
        p
    }
}

/// The input ended in the middle of `what`, which started at `at`.
pub(crate) fn truncated(at: usize, what: &str) -> Problem {
    Problem {
        category: Category::Eof,
        ..problem(at, format!("unexpected end of document in {what}"))
    }
}

/// One attribute: its name as written (`prefix:name`) and its value as written between
/// the quotes (see [`RawAttribute::normalized`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct RawAttribute<'a> {
    pub name: &'a str,
    pub value: &'a str,
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
pub(crate) const MARKUP_SUSPECTS: [u8; 3] = [0xEF, b'&', b'<'];

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

/// The attributes of one start tag, in order: six inline (UCWA's elements have fewer,
/// and a small array is cheap to set up on every tag), the rest in a vector.
#[derive(Clone, Debug, Default)]
pub(crate) struct AttributeList<'a> {
    inline: [RawAttribute<'a>; 6],
    inline_len: usize,
    spill: Vec<RawAttribute<'a>>,
    /// Some name has a prefix or is `xmlns`: the reader has namespaces to bind and
    /// prefixes to check. (Most tags have neither, and it need not look.)
    qualified: bool,
}

impl<'a> AttributeList<'a> {
    pub fn get(&self, index: usize) -> Option<RawAttribute<'a>> {
        match self.inline[..self.inline_len].get(index) {
            Some(attr) => Some(*attr),
            None => self.spill.get(index - self.inline_len).copied(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &RawAttribute<'a>> {
        self.inline[..self.inline_len].iter().chain(&self.spill)
    }

    pub fn clear(&mut self) {
        self.inline_len = 0;
        self.spill.clear();
        self.qualified = false;
    }

    /// Whether some name has a prefix or is `xmlns` (a namespace declaration).
    pub fn qualified(&self) -> bool {
        self.qualified
    }

    /// Names are short: compared byte by byte, without a call to `memcmp`.
    #[inline(always)]
    fn contains(&self, name: &str) -> bool {
        let same = |attr: &RawAttribute<'_>| {
            attr.name.len() == name.len()
                && attr.name.bytes().zip(name.bytes()).all(|(a, b)| a == b)
        };
        self.inline[..self.inline_len].iter().any(same) || self.spill.iter().any(same)
    }

    #[inline(always)]
    fn push(&mut self, attr: RawAttribute<'a>) {
        match self.inline.get_mut(self.inline_len) {
            Some(slot) => {
                *slot = attr;
                self.inline_len += 1;
            }
            None => self.spill.push(attr),
        }
    }
}

/// The length of the name `bytes` starts with if it is one of the three that make
/// nearly every UCWA attribute (`rel`, `href`, `name`) and `=` follows it, else 0: one
/// comparison of four bytes instead of a loop over the name, whose end is hard to
/// predict.
#[inline(always)]
fn usual_name_len(bytes: &[u8]) -> usize {
    let Some(&[a, b, c, d, e]) = bytes.first_chunk::<5>() else {
        return 0;
    };
    match (u32::from_le_bytes([a, b, c, d]), e) {
        (REL_EQ, _) => 3,
        (HREF | NAME, b'=') => 4,
        _ => 0,
    }
}

const REL_EQ: u32 = u32::from_le_bytes(*b"rel=");
const HREF: u32 = u32::from_le_bytes(*b"href");
const NAME: u32 = u32::from_le_bytes(*b"name");

/// Parses a start tag's attributes from `text`, what follows the element name, into
/// `out` (which it does not clear). It stops at the `>` or `/>` that ends the tag and
/// returns its offset (of the `>`, or of the `/`), or at the end of `text` (attribute
/// text already cut out of its tag). Names must be qualified names (Namespaces in XML:
/// one colon at most, a name each side), not repeated, within the limits; values must be
/// quoted, closed, free of `<`, and read as [`normalize`] reads them (references and
/// characters are checked here, so that a value nobody reads is checked all the same).
/// The first problem ends it.
pub(crate) fn parse<'a>(
    text: &'a str,
    limits: Limits,
    out: &mut AttributeList<'a>,
) -> Result<usize, Problem> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut count = 0;
    loop {
        let separated = pos < bytes.len() && is_whitespace(bytes[pos]);
        while pos < bytes.len() && is_whitespace(bytes[pos]) {
            pos += 1;
        }
        match bytes.get(pos) {
            None | Some(b'>') => return Ok(pos),
            Some(b'/') => {
                return match bytes.get(pos + 1) {
                    Some(b'>') => Ok(pos),
                    Some(_) => Err(problem(pos, "expected `>` after `/`")),
                    None => Err(truncated(pos, "a start tag")),
                };
            }
            Some(_) => {}
        }
        if !separated {
            return Err(problem(pos, "attributes must be separated by whitespace"));
        }
        let at = pos;
        let known = usual_name_len(&bytes[pos..]);
        let plain = known != 0 || {
            // Without its colon: a prefixed name takes the general rule, which checks
            // that it has one colon and a name either side.
            pos += ascii_name_len(&bytes[pos..], false);
            // A name that is not plain ASCII ends at `=` or whitespace too, and is
            // checked by the general rule below.
            bytes
                .get(pos)
                .is_some_and(|&b| b == b'=' || is_whitespace(b))
        };
        pos += known;
        if !plain {
            while pos < bytes.len() && bytes[pos] != b'=' && !is_whitespace(bytes[pos]) {
                pos += 1;
            }
        }
        // Delimited by ASCII bytes, so the slice is on character boundaries.
        let name = scan::piece(text, at, pos);
        if name.is_empty() {
            return Err(problem(at, "an attribute without a name"));
        }
        count += 1;
        if count > limits.max_attributes {
            let max = limits.max_attributes;
            return Err(limit(
                at,
                format!("more than {max} attributes on one element"),
            ));
        }
        if name.len() > limits.max_name_bytes {
            return Err(limit(at, "attribute name too long"));
        }
        if !plain {
            if !is_qname(name) {
                let name = name.escape_debug();
                return Err(problem(
                    at,
                    format!("`{name}` is not a valid attribute name"),
                ));
            }
            out.qualified |= name.contains(':');
        } else if known == 0 && name == "xmlns" {
            out.qualified = true;
        }
        // Nearly always `="` right after the name; whitespace around `=` is allowed.
        if bytes.get(pos) == Some(&b'=') && matches!(bytes.get(pos + 1), Some(b'"' | b'\'')) {
            pos += 1;
        } else {
            while pos < bytes.len() && is_whitespace(bytes[pos]) {
                pos += 1;
            }
            if bytes.get(pos) != Some(&b'=') {
                let name = name.escape_debug();
                let p = problem(pos, format!("expected `=` after attribute `{name}`"));
                return Err(at_end(p, pos == bytes.len()));
            }
            pos += 1;
            while pos < bytes.len() && is_whitespace(bytes[pos]) {
                pos += 1;
            }
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                let name = name.escape_debug();
                let p = problem(
                    pos,
                    format!("the value of attribute `{name}` is not quoted"),
                );
                return Err(at_end(p, pos == bytes.len()));
            }
        };
        let start = pos + 1;
        let Some((len, suspect)) = scan::find_quote(&bytes[start..], quote, &MARKUP_SUSPECTS)
        else {
            let name = name.escape_debug();
            let p = problem(
                pos,
                format!("the value of attribute `{name}` is not closed"),
            );
            return Err(at_end(p, true));
        };
        let value = scan::piece(text, start, start + len);
        // Refused here, not when the value is read: a `<` in a value means a quote is
        // missing, and the rest of the document would be misread.
        if suspect {
            if let Some(lt) = value.bytes().position(|b| b == b'<') {
                return Err(problem(
                    start + lt,
                    "`<` is not allowed in an attribute value",
                ));
            }
            // References and characters are checked now, not when (if ever) the value
            // is read: a document is well formed or not, whatever the reader reads.
            normalize(value).map_err(|p| Problem {
                at: start + p.at,
                ..p
            })?;
        }
        pos = start + len + 1;
        if out.contains(name) {
            let name = name.escape_debug();
            return Err(problem(at, format!("duplicate attribute `{name}`")));
        }
        out.push(RawAttribute {
            name,
            value,
            plain: !suspect,
        });
    }
}

/// An attribute value as XML reads it (no DTD, so every attribute is CDATA): line
/// breaks, tabs and carriage returns become spaces (`\r\n` one space), and entity and
/// character references are replaced, and characters XML 1.0 forbids are refused. (A
/// `<` never gets here: [`parse`] refuses it.)
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
            b'\t' | b'\n' => attribute,
            _ => false,
        };
        if !special {
            i += 1;
            continue;
        }
        out.push_str(&value[copied..i]);
        match b {
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

    /// The attributes parsed, then the problem that ended the parse, if any.
    fn all(text: &str) -> Vec<Parsed<'_>> {
        let mut list = AttributeList::default();
        let result = parse(text, Limits::DEFAULT, &mut list);
        let mut out: Vec<Parsed<'_>> = list.iter().map(|a| Ok((a.name, a.value))).collect();
        if let Err(p) = result {
            out.push(Err((p.at, p.message)));
        }
        out
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
        // Whitespace on either side of `=`, or none (the quick path).
        assert_eq!(
            all(" a='1' b ='2' c= \"3\" d\n=\t'4'"),
            vec![
                Ok(("a", "1")),
                Ok(("b", "2")),
                Ok(("c", "3")),
                Ok(("d", "4"))
            ]
        );
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
            err(r#" a= 1"#),
            (4, "the value of attribute `a` is not quoted".into())
        );
        assert_eq!(
            err(r#" a="#),
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
            err(r#" a="x<b""#),
            (5, "`<` is not allowed in an attribute value".into())
        );
        assert_eq!(
            err(r#" a="1" 1b="2""#),
            (7, "`1b` is not a valid attribute name".into())
        );
    }

    /// `rel`, `href` and `name` are recognised at once; they read as any other name.
    #[test]
    fn usual_names_are_parsed_and_checked_like_others() {
        assert_eq!(
            all(r#" rel="a" href='b' name="c" relx="d" hrefs="e" rel2="f""#),
            vec![
                Ok(("rel", "a")),
                Ok(("href", "b")),
                Ok(("name", "c")),
                Ok(("relx", "d")),
                Ok(("hrefs", "e")),
                Ok(("rel2", "f"))
            ]
        );
        let err = |text| all(text).pop().unwrap().unwrap_err();
        assert_eq!(
            err(r#" rel="a" rel="b""#),
            (9, "duplicate attribute `rel`".into())
        );
        assert_eq!(
            err(r#" href=b"#),
            (6, "the value of attribute `href` is not quoted".into())
        );
        assert_eq!(
            err(r#" name="b"#),
            (6, "the value of attribute `name` is not closed".into())
        );
        let short = Limits {
            max_name_bytes: 3,
            ..Limits::DEFAULT
        };
        assert_eq!(
            parse(r#" rel="a""#, short, &mut AttributeList::default()),
            Ok(8)
        );
        let e = parse(r#" rel="a" href="b""#, short, &mut AttributeList::default()).unwrap_err();
        assert_eq!((e.at, e.message.as_str()), (9, "attribute name too long"));
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
    fn refuses_bad_references() {
        let err = |v| normalize(v).unwrap_err();
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
