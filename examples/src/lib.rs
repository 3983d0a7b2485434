//! Examples of ucwa-rs with an HTTP client; nothing to use as a library.
//!
//! `reqwest_presence.rs` reads and sets the user's presence, sends a `PUT` back with
//! every member it was read with, and batches two requests, with reqwest. It needs the
//! `reqwest` feature, which keeps reqwest and tokio out of the workspace's usual build:
//!
//! ```sh
//! cargo build -p ucwa-examples --features reqwest --example reqwest_presence
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// `docs/WALKTHROUGH.md`, whose code blocks run as this crate's doctests
/// (`cargo test -p ucwa-examples --doc`, and so in `cargo test --workspace`).
#[cfg(doctest)]
#[doc = include_str!("../../docs/WALKTHROUGH.md")]
pub struct Walkthrough;
