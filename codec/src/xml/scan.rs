//! Finding the bytes that need attention in short strings, eight at a time.
//!
//! Names and values in UCWA documents are mostly under 64 bytes: a vectorised loop
//! spends them in its scalar tail, while a word-at-a-time test handles them in a few
//! steps. Used by the reader (what needs normalising or refusing) and the writer (what
//! needs escaping).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` below `n` (at most 0x80) is set, the classic SWAR
/// test. A borrow can only flag a byte above one that really matched, so the lowest
/// flag is exact and "is there any" is too.
#[inline(always)]
fn below_in(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// Flags the bytes of `x` below `below` or equal to one of `equal`.
#[inline(always)]
fn matches(x: u64, below: u8, equal: &[u8]) -> u64 {
    let mut hit = below_in(x, below);
    for &b in equal {
        hit |= below_in(x ^ (ONES * u64::from(b)), 1);
    }
    hit
}

/// Whether `bytes` holds a byte below `below` or equal to one of `equal`. `below` must
/// be at most 0x20, `equal` must not hold a space (the padding of the last word), and
/// each byte of `equal` must be one [`rough`] flags.
#[inline(always)]
pub(crate) fn any_byte(bytes: &[u8], below: u8, equal: &[u8]) -> bool {
    debug_assert!(below <= 0x20 && !equal.contains(&b' ') && equal.iter().all(|&b| roughly(b)));
    let last = last_markup(equal);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        if let &[a, b, c, d, e, f, g, h] = chunk {
            let x = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
            if rough(x, last) != 0 && matches(x, below, equal) != 0 {
                return true;
            }
        }
    }
    let rest = chunks.remainder();
    !rest.is_empty() && matches(tail_word(rest), below, equal) != 0
}

/// Flags a superset of the bytes XML values need a closer look at: every byte below
/// 0x28 (controls, space, `!"#$%&'`) or from 0x80 (non-ASCII, such as 0xEF), and `<`
/// through `last` (`<` itself, or `<=>`). Bytes below 0x28 borrow in the subtraction
/// (and no others do before the first), bytes from 0x80 have their high bit: one test
/// for both. Most words of URLs and names pass it whole, and are not looked at again.
#[inline(always)]
fn rough(x: u64, last: u8) -> u64 {
    let markup = below_in(x ^ (ONES * u64::from(b'<')), last - b'<' + 1);
    ((x.wrapping_sub(ONES * 0x28) | x) & HIGHS) | markup
}

/// Whether [`rough`] flags `b` (with `last` at `>`).
fn roughly(b: u8) -> bool {
    !(0x28..0x80).contains(&b) || (b'<'..=b'>').contains(&b)
}

/// The `last` for [`rough`] that covers `wanted`: `<` alone unless `=` or `>` is wanted
/// (fewer words flagged for nothing). Constant for the constant sets callers pass.
#[inline(always)]
fn last_markup(wanted: &[u8]) -> u8 {
    if wanted.iter().any(|&b| b == b'=' || b == b'>') {
        b'>'
    } else {
        b'<'
    }
}

/// The last (fewer than eight) bytes as a word, padded with spaces. Built byte by byte:
/// a variable-length copy would be a call to `memcpy`.
#[inline(always)]
fn tail_word(rest: &[u8]) -> u64 {
    let mut x = u64::from_le_bytes([b' '; 8]);
    for (i, &b) in rest.iter().take(8).enumerate() {
        let shift = 8 * i;
        x = (x & !(0xFF << shift)) | (u64::from(b) << shift);
    }
    x
}

/// The position of the first `quote` in `bytes`, and whether any byte before it is below
/// 0x20 or one of `equal` (the same rules as [`any_byte`], which `quote` must follow
/// too): one pass finds where an attribute value or a text ends and whether it needs a
/// closer look. Only the words [`rough`] flags are looked at exactly.
#[inline(always)]
pub(crate) fn find_quote(bytes: &[u8], quote: u8, equal: &[u8]) -> Option<(usize, bool)> {
    debug_assert!(!equal.contains(&b' ') && quote != b' ');
    debug_assert!(roughly(quote) && equal.iter().all(|&b| roughly(b)));
    let last = last_markup(equal).max(last_markup(&[quote]));
    let mut suspect = false;
    let mut at = 0;
    // Whole words: a fixed-size copy compiles to one load. Only the words `rough` flags
    // get the exact test, and the loop stays small enough to keep its state in registers.
    while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        let flags = rough(x, last);
        if flags != 0
            && let Some(found) = exact(x, flags, at, quote, equal, &mut suspect)
        {
            return Some(found);
        }
        at += 8;
    }
    find_quote_in_tail(bytes, at, quote, equal, suspect)
}

/// [`find_quote`]'s exact test of one word at `at`, which [`rough`] flagged (`flags`):
/// the quote's position if it holds one (and whether a suspect came before it), else
/// `suspect` is updated.
#[inline(always)]
fn exact(
    x: u64,
    flags: u64,
    at: usize,
    quote: u8,
    equal: &[u8],
    suspect: &mut bool,
) -> Option<(usize, bool)> {
    let quotes = below_in(x ^ (ONES * u64::from(quote)), 1);
    if quotes != 0 {
        // The lowest flag is a real match; flags below it are exact too. Suspects are
        // looked for before the quote only if `rough` flagged a byte there: most words
        // that end a value hold nothing else it flags.
        let index = quotes.trailing_zeros() / 8;
        let before = (1u64 << (index * 8)).wrapping_sub(1);
        let here = flags & before != 0 && matches(x, 0x20, equal) & before != 0;
        return Some((at + index as usize, *suspect | here));
    }
    *suspect |= matches(x, 0x20, equal) != 0;
    None
}

/// The last, partial word of [`find_quote`]: out of line, as only a value or text that
/// ends within eight bytes of the end of the input gets here.
#[inline(never)]
fn find_quote_in_tail(
    bytes: &[u8],
    at: usize,
    quote: u8,
    equal: &[u8],
    mut suspect: bool,
) -> Option<(usize, bool)> {
    let rest = bytes.get(at..).filter(|rest| !rest.is_empty())?;
    // The padding is spaces, never the quote. With `>` as its last markup byte the rough
    // test flags all that any caller looks for.
    let x = tail_word(rest);
    exact(x, rough(x, b'>'), at, quote, equal, &mut suspect)
}

/// `&text[start..end]`, for bounds the caller found at ASCII delimiters. Two one-sided
/// slices: the two-sided one compiles to a call that checks both ends, about 1 % of a
/// decode where the tokenizer cuts every name, value and text.
#[inline(always)]
pub(crate) fn piece(text: &str, start: usize, end: usize) -> &str {
    &text[start..][..end - start]
}

/// The position of the first `pattern` in `bytes`. For the short patterns that end
/// markup (`--`, `]]>`, `?>`), which would cost `str::find` a searcher's set-up each time.
pub(crate) fn find_seq(bytes: &[u8], pattern: &[u8]) -> Option<usize> {
    bytes.windows(pattern.len()).position(|w| w == pattern)
}

#[cfg(test)]
mod tests {
    use super::{any_byte, find_quote, find_seq};

    #[test]
    fn finds_a_sequence() {
        assert_eq!(find_seq(b"a-b--c-->", b"-->"), Some(6));
        assert_eq!(find_seq(b"]]]>", b"]]>"), Some(1));
        assert_eq!(find_seq(b"]]", b"]]>"), None);
    }

    #[test]
    fn finds_the_quote_and_suspects_before_it() {
        let equal = [b'&', b'<', 0xEF];
        for len in 0..20 {
            for q in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[q] = b'"';
                assert_eq!(
                    find_quote(&bytes, b'"', &equal),
                    Some((q, false)),
                    "{q} of {len}"
                );
                for s in 0..len {
                    if s == q {
                        continue;
                    }
                    let mut with = bytes.clone();
                    with[s] = b'&';
                    assert_eq!(
                        find_quote(&with, b'"', &equal),
                        Some((q, s < q)),
                        "& at {s}, quote at {q} of {len}"
                    );
                }
            }
            assert_eq!(find_quote(&vec![b'a'; len], b'"', &equal), None);
        }
        assert_eq!(find_quote(b"ab'c\"", b'"', &equal), Some((4, false)));
        assert_eq!(
            find_quote(b"ab\ncdefghij'", b'\'', &equal),
            Some((11, true))
        );
    }

    #[test]
    fn finds_each_byte_at_each_position() {
        let equal = [b'&', b'<', b'"', 0xEF];
        for len in 0..20 {
            let clean = vec![b'a'; len];
            assert!(!any_byte(&clean, 0x20, &equal));
            for at in 0..len {
                for b in [0u8, 0x1F, b'\t', b'\n', b'&', b'<', b'"', 0xEF] {
                    let mut bytes = clean.clone();
                    bytes[at] = b;
                    assert!(any_byte(&bytes, 0x20, &equal), "{b:#x} at {at} of {len}");
                    let markup = equal.contains(&b);
                    assert_eq!(any_byte(&bytes, 0x20, &[]), !markup, "{b:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn neighbours_are_not_matches() {
        for b in [
            0x20u8, b'%', b'\'', b';', b'=', b'>', 0xEE, 0xF0, 0x7F, 0x80, 0xFF,
        ] {
            for len in [1, 7, 8, 9, 17] {
                assert!(!any_byte(&vec![b; len], 0x20, b"&<\"\xEF"), "{b:#x} x{len}");
            }
        }
    }

    #[test]
    fn finds_the_quote_past_bytes_the_rough_test_flags() {
        // What the scan must find, byte by byte.
        fn reference(bytes: &[u8], quote: u8, equal: &[u8]) -> Option<(usize, bool)> {
            let at = bytes.iter().position(|&b| b == quote)?;
            Some((
                at,
                bytes[..at].iter().any(|b| *b < 0x20 || equal.contains(b)),
            ))
        }
        let fillers = [
            b'a', b' ', b'%', b'!', b'=', b'/', b'\t', b'&', b'<', b'>', 0xEF, 0x01, 0x80, 0xC3,
            0xFF, b'"', b'\'',
        ];
        let cases: [(u8, &[u8]); 3] = [
            (b'"', &[b'&', b'<', 0xEF]),
            (b'\'', &[b'&', b'<', 0xEF]),
            (b'<', &[b'&', b'>', 0xEF]),
        ];
        for (quote, equal) in cases {
            for len in 0..20 {
                for q in 0..=len {
                    for (i, &f) in fillers.iter().enumerate() {
                        // The filler at one position (moving with the case), `a` elsewhere.
                        let mut bytes = vec![b'a'; len];
                        if len > 0 {
                            bytes[(i + q) % len] = f;
                        }
                        if q < len {
                            bytes[q] = quote;
                        }
                        assert_eq!(
                            find_quote(&bytes, quote, equal),
                            reference(&bytes, quote, equal),
                            "{bytes:?}"
                        );
                    }
                }
            }
        }
    }
}
