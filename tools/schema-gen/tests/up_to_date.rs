//! The committed generated sources are exactly what the generator writes from the
//! committed description (`schema/api/*.json`).

#[test]
fn generated_sources_are_current() {
    let root = schema_gen::workspace_root();
    let files = schema_gen::generate(&root).expect("the description generates");
    let mut stale = Vec::new();
    for file in &files {
        let current = std::fs::read_to_string(root.join(&file.path)).unwrap_or_default();
        if current != file.content {
            stale.push(file.path.display().to_string());
        }
    }
    let expected: std::collections::BTreeSet<_> = files.iter().map(|f| f.path.clone()).collect();
    for path in schema_gen::owned_resource_files(&root) {
        if !expected.contains(&path) {
            stale.push(format!("{} (not generated)", path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files, run `cargo run -p schema-gen`: {stale:#?}"
    );
}
