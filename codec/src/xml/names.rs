//! XML names (elements, attributes, link attributes), checked the same way everywhere.
//!
//! Nearly every name in a UCWA document is short and ASCII, so the common case is one
//! table lookup per byte that finds where the name ends and proves it valid at once;
//! names with other characters take the general rule.

/// Bit 0: the byte may start an ASCII name; bit 1: it may continue one; bit 2: it may
/// continue one and is not `:`.
const ASCII_NAME: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let start = b.is_ascii_alphabetic() || b == b'_';
        let local = start || b.is_ascii_digit() || b == b'-' || b == b'.';
        let rest = local || b == b':';
        table[i] = start as u8 | ((rest as u8) << 1) | ((local as u8) << 2);
        i += 1;
    }
    table
};

/// The length of the ASCII XML name that `bytes` starts with: 0 if it does not start
/// with one, else up to the first byte an ASCII name cannot hold (the caller checks
/// that this byte is a delimiter, and takes [`is_xml_name`] otherwise). Without
/// `colon`, a `:` ends the name too: a name found whole then has no prefix.
#[inline]
pub(crate) fn ascii_name_len(bytes: &[u8], colon: bool) -> usize {
    let rest = if colon { 2 } else { 4 };
    match bytes.first() {
        Some(&first) if ASCII_NAME[usize::from(first)] & 1 != 0 => {
            1 + bytes[1..]
                .iter()
                .position(|&b| ASCII_NAME[usize::from(b)] & rest == 0)
                .unwrap_or(bytes.len() - 1)
        }
        _ => 0,
    }
}

/// Whether `name` is an XML name (production [5] of XML 1.0, fifth edition): a
/// `NameStartChar` then `NameChar`s. Colons are allowed here; [`is_ncname`] and
/// [`is_qname`] add what Namespaces in XML asks of them.
pub(crate) fn is_xml_name(name: &str) -> bool {
    if !name.is_empty() && ascii_name_len(name.as_bytes(), true) == name.len() {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// XML 1.0 (fifth edition) production [4], `NameStartChar`, range by range.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}'
        | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}'
        | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (fifth edition) production [4a], `NameChar`: combining marks and the
/// like may continue a name, not start it.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}'
            | '\u{300}'..='\u{36F}'
            | '\u{203F}'..='\u{2040}')
}

/// Whether `name` is an XML name without a colon (a namespace prefix or local part).
pub(crate) fn is_ncname(name: &str) -> bool {
    !name.contains(':') && is_xml_name(name)
}

/// Whether `name` is a qualified name: a local part, or a prefix, one colon and a
/// local part, each a name without a colon.
pub(crate) fn is_qname(name: &str) -> bool {
    match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_name_len, is_ncname, is_qname, is_xml_name};

    #[test]
    fn ascii_names_end_at_the_first_other_byte() {
        for colon in [true, false] {
            assert_eq!(ascii_name_len(b"rel=\"x\"", colon), 3);
            assert_eq!(ascii_name_len(b"_a-1.b", colon), 6);
            assert_eq!(ascii_name_len(b"1a", colon), 0);
            assert_eq!(ascii_name_len(b"-a", colon), 0);
            assert_eq!(ascii_name_len("aé".as_bytes(), colon), 1);
            assert_eq!(ascii_name_len(b"", colon), 0);
        }
        assert_eq!(ascii_name_len(b"xsi:nil ", true), 7);
        assert_eq!(ascii_name_len(b"xsi:nil ", false), 3);
        assert_eq!(ascii_name_len(b":a", false), 0);
    }

    #[test]
    fn names_follow_xml() {
        for good in [
            "a", "_", "a1", "xsi:nil", "a-b.c_d", "é", "aé", "名前", "a\u{b7}",
        ] {
            assert!(is_xml_name(good), "{good}");
        }
        for bad in [
            "", "1a", "-a", ".a", "a b", "a=b", "a\u{1}", "a!", "\u{b7}a",
        ] {
            assert!(!is_xml_name(bad), "{bad}");
        }
    }

    /// Each range of productions [4] and [4a], at both ends and just outside them.
    #[test]
    fn non_ascii_names_follow_the_fifth_edition_ranges() {
        let start = [
            (0xC0, 0xD6),
            (0xD8, 0xF6),
            (0xF8, 0x2FF),
            (0x370, 0x37D),
            (0x37F, 0x1FFF),
            (0x200C, 0x200D),
            (0x2070, 0x218F),
            (0x2C00, 0x2FEF),
            (0x3001, 0xD7FF),
            (0xF900, 0xFDCF),
            (0xFDF0, 0xFFFD),
            (0x10000, 0xEFFFF),
        ];
        let continuing = [(0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040)];
        let name = |first: char, second: Option<char>| {
            let mut s = String::from(first);
            s.extend(second);
            is_xml_name(&s)
        };
        let mut inside = Vec::new();
        for &(lo, hi) in &start {
            for code in [lo, hi] {
                let c = char::from_u32(code).unwrap();
                assert!(name(c, None), "U+{code:04X} starts a name");
                assert!(name('a', Some(c)), "U+{code:04X} continues a name");
                inside.push(code);
            }
        }
        for &(lo, hi) in &continuing {
            for code in [lo, hi] {
                let c = char::from_u32(code).unwrap();
                assert!(!name(c, None), "U+{code:04X} does not start a name");
                assert!(name('a', Some(c)), "U+{code:04X} continues a name");
                inside.push(code);
            }
        }
        // Just outside each range, unless that is inside another one.
        let all: Vec<(u32, u32)> = start.iter().chain(&continuing).copied().collect();
        for &(lo, hi) in &all {
            for code in [lo - 1, hi + 1] {
                let within = all.iter().any(|&(l, h)| (l..=h).contains(&code));
                let ascii = code < 0x80;
                if within || ascii {
                    continue;
                }
                if let Some(c) = char::from_u32(code) {
                    assert!(!name('a', Some(c)), "U+{code:04X} is not a name character");
                }
            }
        }
        // The characters the issue names, and marks the earlier editions disagreed on.
        for bad in [
            "\u{AA}",
            "a\u{AA}",
            "a\u{B2}",
            "a\u{2460}",
            "\u{301}a",
            "\u{2040}",
            "a\u{D7}",
            "a\u{F7}",
        ] {
            assert!(!is_xml_name(bad), "{bad:?}");
        }
        for good in [
            "a\u{301}",
            "a\u{36F}",
            "a\u{203F}",
            "\u{E01}\u{E31}",
            "\u{5D0}\u{5B4}",
            "a\u{20D0}",
            "\u{10000}",
        ] {
            assert!(is_xml_name(good), "{good:?}");
        }
    }

    #[test]
    fn qualified_names_have_one_colon_and_a_name_each_side() {
        for good in ["a", "a:b", "xsi:nil", "é:ü", "a.b:c-d"] {
            assert!(is_qname(good), "{good}");
        }
        for bad in ["a:b:c", "x:", ":x", ":", "a:1", "1:a", "a::b", ""] {
            assert!(!is_qname(bad), "{bad}");
        }
        assert!(is_ncname("a-b") && !is_ncname("a:b") && !is_ncname(""));
    }
}
