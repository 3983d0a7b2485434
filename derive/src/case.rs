//! The default wire name of a field: `activity_state` → `activityState`.
//!
//! One rule with two users: the derive, and `tools/schema-gen`, which includes this file
//! (`#[path]`) to know when a generated field needs a `rename`. A proc-macro crate
//! exports nothing else, so the file is shared rather than the crate.

/// `activity_state` → `activityState` (a leading underscore stays out).
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
