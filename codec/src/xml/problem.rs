//! What goes wrong while reading markup, an attribute or text, before it becomes an
//! [`Error`](crate::Error) with a line and column.

use crate::error::Category;

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

pub(crate) fn limit(at: usize, message: impl Into<String>) -> Problem {
    Problem {
        category: Category::Limit,
        ..problem(at, message)
    }
}

/// `p`, as an [`Category::Eof`] error if the text ran out (`ended`).
pub(crate) fn at_end(p: Problem, ended: bool) -> Problem {
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
