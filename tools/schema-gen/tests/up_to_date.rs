//! The committed generated sources are exactly what the generator writes from the
//! committed description (`schema/api/*.json`), checked as `schema-gen --check` does.

#[test]
fn generated_sources_are_current() {
    let root = schema_gen::workspace_root();
    let files = schema_gen::generate(&root).expect("the description generates");
    let stale: Vec<String> = schema_gen::differences(&root, &files)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        stale.is_empty(),
        "stale generated files, run `cargo run -p schema-gen`: {stale:#?}"
    );
}
