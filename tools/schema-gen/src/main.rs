//! `cargo run -p schema-gen` regenerates ucwa-schema's generated sources from
//! `schema/api/*.json`; `-- --check` only reports whether they are current.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = schema_gen::workspace_root();
    let files = match schema_gen::generate(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("schema-gen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = Vec::new();
    for file in &files {
        let path = root.join(&file.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != file.content {
            stale.push(file.path.display().to_string());
            if !check {
                if let Err(e) = std::fs::write(&path, &file.content) {
                    eprintln!("schema-gen: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    // Modules of resources that no longer exist.
    let expected: std::collections::BTreeSet<_> = files.iter().map(|f| f.path.clone()).collect();
    for path in schema_gen::owned_resource_files(&root) {
        if !expected.contains(&path) {
            stale.push(format!("{} (no longer generated)", path.display()));
            if !check {
                let _ = std::fs::remove_file(root.join(&path));
            }
        }
    }
    if check && !stale.is_empty() {
        eprintln!("schema-gen: stale generated files (run `cargo run -p schema-gen`):");
        for s in &stale {
            eprintln!("  {s}");
        }
        return ExitCode::FAILURE;
    }
    if !check {
        println!(
            "schema-gen: {} files, {} rewritten",
            files.len(),
            stale.len()
        );
    }
    ExitCode::SUCCESS
}
