//! The one error type of the codec: what went wrong, where in the input, and where in the document.

use std::fmt;
use std::sync::{Mutex, PoisonError};

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

    /// Sets the position from a byte offset into `input`, counted from its start: for an
    /// input that has one error at most. A reader, which may raise (and recover from) many,
    /// counts through its [`Positions`].
    pub(crate) fn at_offset(self, input: &str, offset: usize) -> Self {
        let (line, column) = line_column(input, offset);
        self.at_position(line, column)
    }

    /// Adds the enclosing path segment while the error unwinds out of a member (for
    /// codecs written by hand: see [`authoring`](crate::authoring)).
    pub fn in_segment(mut self, segment: &str) -> Self {
        self.inner.path.push(segment.to_owned());
        self
    }

    /// Adds an array index segment while the error unwinds out of a list (for codecs
    /// written by hand).
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
    let at = Mark::START.advance(input, floor_char_boundary(input, offset));
    (at.line, at.column)
}

/// The char boundary at or before `offset` (at most the end of `input`).
fn floor_char_boundary(input: &str, offset: usize) -> usize {
    let mut end = offset.min(input.len());
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Line and column of byte offsets in one input, for every error raised while it is
/// read, however many: each byte is counted about once in all.
///
/// Counting from the start of the input for each error made decoding quadratic where
/// errors are raised and recovered from (an event response whose embedded resources
/// their types reject: each rejection is an error, and the resource is read again
/// dynamically). So the counting is remembered: up to the furthest offset located, with
/// a mark every [`MARK_EVERY`] bytes, from which an offset before it is counted (at most
/// that many bytes). Shared by a reader and the readers over its parts
/// ([`Reader::sub_reader`](crate::xml::Reader::sub_reader)), which are positioned in the
/// same input, in any order.
#[derive(Default)]
pub(crate) struct Positions {
    counted: Mutex<Counted>,
}

/// How far apart the remembered marks are: a location before the furthest one counts at
/// most this many bytes, and the marks take 24 bytes per this many bytes of input.
const MARK_EVERY: usize = 4096;

#[derive(Default)]
struct Counted {
    /// Every [`MARK_EVERY`] bytes or so up to `furthest`, in order.
    marks: Vec<Mark>,
    /// The furthest offset located so far.
    furthest: Mark,
    /// Bytes counted in all, so tests can tell linear from quadratic without a clock.
    bytes: usize,
}

/// A char boundary with its 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    offset: usize,
    line: usize,
    column: usize,
}

impl Default for Mark {
    fn default() -> Self {
        Mark::START
    }
}

impl Mark {
    const START: Mark = Mark {
        offset: 0,
        line: 1,
        column: 1,
    };

    /// The mark at `to` (a char boundary at or after this one), counting the bytes between.
    fn advance(self, input: &str, to: usize) -> Mark {
        let text = &input[self.offset..to];
        match text.rfind('\n') {
            None => Mark {
                offset: to,
                line: self.line,
                column: self.column + text.chars().count(),
            },
            Some(last) => Mark {
                offset: to,
                line: self.line + text.bytes().filter(|&b| b == b'\n').count(),
                column: text[last + 1..].chars().count() + 1,
            },
        }
    }
}

impl Positions {
    /// 1-based line and column of a byte offset into `input`, which must be the input
    /// every other offset given to this value was in.
    pub(crate) fn locate(&self, input: &str, offset: usize) -> (usize, usize) {
        let target = floor_char_boundary(input, offset);
        // A panic elsewhere cannot leave the counts half-updated: each is one store.
        let mut counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        let at = if target >= counted.furthest.offset {
            let mut at = counted.furthest;
            // A mark every MARK_EVERY bytes passed, however short each step.
            loop {
                let mut next = counted.marks.last().map_or(0, |m| m.offset) + MARK_EVERY;
                if next >= target {
                    break;
                }
                // `target` is a boundary past `next`: this stops at it at the latest.
                while !input.is_char_boundary(next) {
                    next += 1;
                }
                counted.bytes += next - at.offset;
                at = at.advance(input, next);
                counted.marks.push(at);
            }
            counted.bytes += target - at.offset;
            at = at.advance(input, target);
            counted.furthest = at;
            at
        } else {
            let before = counted.marks.partition_point(|m| m.offset <= target);
            let from = before
                .checked_sub(1)
                .map_or(Mark::START, |i| counted.marks[i]);
            counted.bytes += target - from.offset;
            from.advance(input, target)
        };
        (at.line, at.column)
    }

    /// How many bytes were counted in all.
    pub(crate) fn bytes_counted(&self) -> usize {
        self.counted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .bytes
    }
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

    /// Every offset, in any order, gets the position counting from the start gives.
    #[test]
    fn positions_agree_with_counting_from_the_start() {
        // Multi-byte characters straddle the marks; lines of every length.
        let mut input = String::new();
        for i in 0..3000 {
            input.push_str(&"é€x".repeat(i % 7));
            input.push(if i % 5 == 0 { 'ß' } else { '\n' });
        }
        assert!(input.len() > 5 * MARK_EVERY);
        let positions = Positions::default();
        // Forward, then backward, then scattered (a fixed pseudo-random walk).
        let forward = (0..input.len() + 3).step_by(37);
        let backward = (0..input.len()).rev().step_by(101);
        let scattered = (0..2000u64).map(|i| (i * 2_654_435_761 % input.len() as u64) as usize);
        for offset in forward.chain(backward).chain(scattered) {
            assert_eq!(
                positions.locate(&input, offset),
                line_column(&input, offset),
                "offset {offset}"
            );
        }
    }

    /// However many errors are positioned, going forward counts each byte once, and
    /// going back counts at most the distance to a mark: linear, not quadratic.
    #[test]
    fn positions_count_each_byte_about_once() {
        let input = "<a>x</a>\n".repeat(50_000);
        let positions = Positions::default();
        let offsets: Vec<usize> = (0..input.len()).step_by(97).collect();
        for &offset in &offsets {
            positions.locate(&input, offset);
        }
        assert!(positions.bytes_counted() <= input.len());
        // Back to where each went before: at most a mark's distance each.
        let before = positions.bytes_counted();
        for &offset in offsets.iter().step_by(50) {
            positions.locate(&input, offset);
        }
        let back = positions.bytes_counted() - before;
        assert!(back <= offsets.len().div_ceil(50) * MARK_EVERY, "{back}");
        // Counting from the start each time would have taken this many.
        let naive: usize = offsets.iter().sum();
        assert!(naive > 100 * input.len());
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
