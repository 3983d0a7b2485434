//! Generates `ucwa-schema`'s resource types, request bodies, enumerations, registry and
//! `AnyResource`/`AnyInput` enums from the API description in `schema/api/*.json`.
//!
//! The output is plain annotated Rust (the derive macros of `ucwa-codec` write every
//! codec), formatted with `rustfmt`. `cargo run -p schema-gen` rewrites the files;
//! `cargo run -p schema-gen -- --check` (and this crate's test) fails when they are stale.
#![forbid(unsafe_code)]

mod emit;
pub mod model;
mod naming;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A generated file: its path relative to the workspace root and its content.
pub struct File {
    /// Relative path (`schema/src/...`).
    pub path: PathBuf,
    /// Formatted Rust source.
    pub content: String,
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tools/schema-gen sits two levels below the root")
        .to_path_buf()
}

/// Reads the description under `root/schema/api` and returns every generated file.
pub fn generate(root: &Path) -> Result<Vec<File>, String> {
    let read = |name: &str| {
        let path = root.join("schema/api").join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let resources: model::Resources = serde_json::from_str(&read("resources.json")?)
        .map_err(|e| format!("resources.json: {e}"))?;
    let enums: model::Enums =
        serde_json::from_str(&read("enums.json")?).map_err(|e| format!("enums.json: {e}"))?;
    let raw = emit::all(&resources, &enums)?;
    raw.into_iter()
        .map(|(path, text)| {
            let content = rustfmt(root, &text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(File { path, content })
        })
        .collect()
}

/// The files under `schema/src/resources/` that the generator owns (for stale-file checks).
pub fn owned_resource_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("schema/src/resources");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| PathBuf::from("schema/src/resources").join(e.file_name()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn rustfmt(root: &Path, text: &str) -> Result<String, String> {
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    let mut child = Command::new(rustfmt)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("piped");
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| format!("rustfmt stdin: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}\n--- input ---\n{text}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt output: {e}"))
}
