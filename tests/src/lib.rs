//! Helpers shared by the integration tests: access to the documented samples copied
//! into `tests/samples/` (see its ATTRIBUTION.md).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::PathBuf;

/// The folder holding the samples.
pub fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// The text of a sample, by its path under `tests/samples/`.
pub fn sample(name: &str) -> String {
    let path = samples_dir().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read sample {}: {e}", path.display()))
}

/// The corpus manifest (`tests/samples/manifest.json`): one entry per sample.
pub fn manifest() -> serde_json::Value {
    serde_json::from_str(&sample("manifest.json")).expect("manifest.json parses")
}

/// The README's examples, run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The examples of `docs/HTTP.md` (the `http`, `time` and `chrono` features), run as doctests.
#[doc = include_str!("../../docs/HTTP.md")]
#[cfg(doctest)]
pub struct HttpDoctests;
