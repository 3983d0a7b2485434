//! Start-tag attributes, parsed straight from the input.
//!
//! One pass over a start tag's attribute text: names and values are handed out borrowed
//! from the input, and values are normalised only when a word-at-a-time scan finds a
//! byte that needs it (quick-xml's iterator, used before, re-scanned each tag byte by
//! byte and normalised every value in a second pass). Stricter where XML is: attributes
//! must be separated by whitespace, a value may not contain `<`, and only the five
//! predefined entities and character references are known.

use super::names::{ascii_name_len, is_qname};
use super::problem::{Problem, at_end, limit, problem, truncated};
use super::scan;
use super::text::{MARKUP_SUSPECTS, is_whitespace, normalize};
use crate::limits::Limits;
use std::borrow::Cow;

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
}
