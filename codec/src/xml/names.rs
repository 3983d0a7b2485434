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

/// Whether `name` is an XML name in the namespace-aware sense: a letter or `_` first,
/// then letters, digits, `-`, `.`, `_`, `:` (any non-ASCII letter counts).
pub(crate) fn is_xml_name(name: &str) -> bool {
    if !name.is_empty() && ascii_name_len(name.as_bytes(), true) == name.len() {
        return true;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '\u{b7}'))
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
    use super::{ascii_name_len, is_xml_name};

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
}
