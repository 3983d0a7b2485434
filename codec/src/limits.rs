//! Bounds on what a decoder accepts, so hostile input costs bounded time and memory.

use crate::error::{Category, Error, Result};

/// Limits applied while decoding. The defaults suit real UCWA traffic with a wide margin.
///
/// JSON nesting is bounded by serde_json's own recursion limit (128 nested arrays or
/// objects); the other limits apply to both formats where they make sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Maximum size of a whole document in bytes (default 32 MiB).
    pub max_input_bytes: usize,
    /// Maximum nesting of XML elements (default 128).
    pub max_depth: usize,
    /// Maximum number of attributes on one XML element (default 64).
    pub max_attributes: usize,
    /// Maximum length in bytes of an element, attribute or property name (default 1024).
    pub max_name_bytes: usize,
    /// Strict decoding (default off): a known property whose value does not fit its
    /// type is an error, rather than kept in the catch-all and reported. For servers
    /// that validate what they receive.
    pub strict: bool,
}

/// The `with_*` builder methods, one per field: `const`, so limits can be constants.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($field:ident: $ty:ty);)*) => {$(
        $(#[$doc])*
        pub const fn $name(mut self, $field: $ty) -> Self {
            self.$field = $field;
            self
        }
    )*};
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 32 * 1024 * 1024,
        max_depth: 128,
        max_attributes: 64,
        max_name_bytes: 1024,
        strict: false,
    };

    setters! {
        /// Sets the maximum document size in bytes.
        with_max_input_bytes(max_input_bytes: usize);
        /// Sets the maximum XML nesting depth.
        with_max_depth(max_depth: usize);
        /// Sets the maximum number of attributes per XML element.
        with_max_attributes(max_attributes: usize);
        /// Sets strict decoding (see [`strict`](Limits::strict)).
        with_strict(strict: bool);
        /// Sets the maximum length of a name.
        with_max_name_bytes(max_name_bytes: usize);
    }

    /// The first step of every decoder, in either format: refuses a document larger than
    /// [`max_input_bytes`](Limits::max_input_bytes), then skips a leading UTF-8
    /// byte-order mark. Hand-written codecs call it before looking at the bytes.
    ///
    /// ```
    /// use ucwa_codec::Limits;
    /// assert_eq!(Limits::DEFAULT.admit(b"\xEF\xBB\xBF{}").unwrap(), b"{}");
    /// assert!(Limits::DEFAULT.with_max_input_bytes(1).admit(b"{}").is_err());
    /// ```
    pub fn admit<'a>(&self, input: &'a [u8]) -> Result<&'a [u8]> {
        if input.len() > self.max_input_bytes {
            return Err(too_large(Some(input.len()), self.max_input_bytes));
        }
        Ok(strip_bom(input))
    }
}

/// Skips a leading UTF-8 byte-order mark: the one place that rule lives, for decoders
/// and for code that only looks at a document (sniffing its format, peeking its `rel`).
///
/// ```
/// assert_eq!(ucwa_codec::strip_bom(b"\xEF\xBB\xBF<a/>"), b"<a/>");
/// ```
pub fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input)
}

/// Checks a document's UTF-8 up front (one fast pass), reporting where it breaks: the
/// one rule for both formats (neither UCWA format allows another encoding), so that the
/// decoders after it read text that is known to be valid.
pub(crate) fn utf8(input: &[u8]) -> Result<&str> {
    std::str::from_utf8(input).map_err(|e| {
        let valid = &input[..e.valid_up_to()];
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let message = if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
            "UTF-16 input is not supported: only UTF-8 is accepted".to_owned()
        } else {
            format!("invalid UTF-8 at byte {}", e.valid_up_to())
        };
        Error::new(Category::Syntax, message).at_offset(text, text.len())
    })
}

/// The error for a document over the size limit; `size` is `None` when reading stopped
/// at the limit, before the whole size was known.
pub(crate) fn too_large(size: Option<usize>, limit: usize) -> Error {
    let message = match size {
        Some(size) => format!("document of {size} bytes exceeds the limit of {limit} bytes"),
        None => format!("document exceeds the limit of {limit} bytes"),
    };
    Error::new(Category::Limit, message)
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
