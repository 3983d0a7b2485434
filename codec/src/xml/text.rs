//! Character data and attribute values as XML reads them: references resolved, line
//! ends normalised, the characters XML 1.0 forbids refused. One set of rules for the
//! tokenizer, the reader and every codec above them.

use super::problem::{Problem, problem};
use super::scan;
use std::borrow::Cow;

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
