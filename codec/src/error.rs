//! The one error type of the codec: what went wrong, where in the input, and where in the document.

use std::fmt;

/// The broad class of an [`Error`], for callers that react differently to each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The input is not well-formed JSON or XML (or not UTF-8).
    Syntax,
    /// The input is well-formed but does not fit the UCWA shape or the target type.
    Data,
    /// The input ended in the middle of a document.
    Eof,
    /// A configured limit (depth, size, attribute count, name length) was exceeded.
    Limit,
    /// Reading from or writing to an `io` stream failed.
    Io,
}

/// An error while decoding or encoding a UCWA document.
///
/// It says what went wrong ([`message`](Error::message)), where in the input
/// ([`line`](Error::line), [`column`](Error::column), both 1-based; 0 when unknown,
/// e.g. for encoding errors) and where in the document ([`path`](Error::path),
/// such as `presence/_links/self/href`).
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    category: Category,
    message: String,
    line: usize,
    column: usize,
    /// Path segments, innermost first: errors collect them while unwinding.
    path: Vec<String>,
}

/// Shorthand for `Result<T, ucwa_codec::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Creates an error of the given category without a position.
    pub fn new(category: Category, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                category,
                message: message.into(),
                line: 0,
                column: 0,
                path: Vec::new(),
            }),
        }
    }

    /// Creates a [`Category::Data`] error: for hand-written codecs and value types.
    pub fn custom(message: impl fmt::Display) -> Self {
        Error::new(Category::Data, message.to_string())
    }

    /// The class of the error.
    pub fn category(&self) -> Category {
        self.inner.category
    }

    /// What went wrong, without position or path.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The 1-based line of the input where the error was found, 0 if unknown.
    pub fn line(&self) -> usize {
        self.inner.line
    }

    /// The 1-based column (in characters) where the error was found, 0 if unknown.
    pub fn column(&self) -> usize {
        self.inner.column
    }

    /// The path of the offending member inside the document, segments joined by `/`
    /// (empty when the error concerns the whole document).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for (i, segment) in self.inner.path.iter().rev().enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(segment);
        }
        out
    }

    /// Sets the position, unless one was already set closer to the cause.
    pub(crate) fn at_position(mut self, line: usize, column: usize) -> Self {
        if self.inner.line == 0 {
            self.inner.line = line;
            self.inner.column = column;
        }
        self
    }

    /// Sets the position from a byte offset into `input` (computed only on error).
    pub(crate) fn at_offset(self, input: &str, offset: usize) -> Self {
        let (line, column) = line_column(input, offset);
        self.at_position(line, column)
    }

    /// Adds the enclosing path segment while the error unwinds out of a member.
    #[doc(hidden)]
    pub fn in_segment(mut self, segment: &str) -> Self {
        self.inner.path.push(segment.to_owned());
        self
    }

    /// Adds an array index segment while the error unwinds out of a list.
    #[doc(hidden)]
    pub fn in_index(mut self, index: usize) -> Self {
        self.inner.path.push(index.to_string());
        self
    }

    pub(crate) fn with_path(mut self, innermost_first: Vec<String>) -> Self {
        self.inner.path.extend(innermost_first);
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(input: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(input.len());
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    let before = &input[..end];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)?;
        if !self.inner.path.is_empty() {
            write!(f, " at `{}`", self.path())?;
        }
        if self.inner.line > 0 {
            write!(
                f,
                " (line {}, column {})",
                self.inner.line, self.inner.column
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("category", &self.inner.category)
            .field("message", &self.inner.message)
            .field("path", &self.path())
            .field("line", &self.inner.line)
            .field("column", &self.inner.column)
            .finish()
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(Category::Io, e.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::custom(msg)
    }
}

impl serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::custom(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let input = "ab\ncdé\nxyz";
        assert_eq!(line_column(input, 0), (1, 1));
        assert_eq!(line_column(input, 3), (2, 1));
        assert_eq!(line_column(input, 8), (3, 1));
        assert_eq!(line_column(input, 7), (2, 4));
        assert_eq!(line_column(input, 999), (3, 4));
    }

    #[test]
    fn display_names_path_and_position() {
        let e = Error::custom("invalid boolean `yes`")
            .in_segment("availability")
            .in_segment("presence")
            .at_position(3, 7);
        assert_eq!(
            e.to_string(),
            "invalid boolean `yes` at `presence/availability` (line 3, column 7)"
        );
        assert_eq!(e.category(), Category::Data);
    }
}
