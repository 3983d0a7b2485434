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
    let differences = schema_gen::differences(&root, &files);
    if check {
        if differences.is_empty() {
            return ExitCode::SUCCESS;
        }
        eprintln!("schema-gen: stale generated files (run `cargo run -p schema-gen`):");
        for d in &differences {
            eprintln!("  {d}");
        }
        return ExitCode::FAILURE;
    }
    if let Err(e) = schema_gen::apply(&root, &files, &differences) {
        eprintln!("schema-gen: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "schema-gen: {} files, {} rewritten or removed",
        files.len(),
        differences.len()
    );
    ExitCode::SUCCESS
}
