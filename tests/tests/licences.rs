//! A cargo-deny-style licence check that runs offline: every crate in the dependency
//! graph must carry an allowed licence, and docs/DEPENDENCIES.md lists them all.
//! (Advisory databases need the network, which CI does not have: see that file.)
//!
//! Regenerate the list with `UPDATE_DEPENDENCIES=1 cargo test -p ucwa-tests --test licences`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// Licences we accept (SPDX identifiers) in any crate we build.
const ALLOWED: &[&str] = &[
    "MIT",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "Unlicense",
    "CC0-1.0",
    "BSL-1.0",
    "MPL-2.0",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Whether an SPDX expression is satisfiable with allowed licences: an `OR` needs one
/// allowed side, an `AND` needs both.
fn acceptable(expression: &str) -> bool {
    let normalised = expression.replace('/', " OR ");
    normalised.split(" OR ").any(|alternative| {
        alternative
            .trim_matches(|c| c == '(' || c == ')' || c == ' ')
            .split(" AND ")
            .all(|part| ALLOWED.contains(&part.trim_matches(|c| c == '(' || c == ')' || c == ' ')))
    })
}

#[test]
fn every_dependency_has_an_allowed_licence_and_is_listed() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--all-features",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    let mut crates: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut refused = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        let id = package["id"].as_str().unwrap_or_default();
        if members.contains(&id) {
            continue;
        }
        let name = package["name"].as_str().unwrap_or_default().to_owned();
        let version = package["version"].as_str().unwrap_or_default().to_owned();
        let license = package["license"].as_str().unwrap_or("(none)").to_owned();
        if !acceptable(&license) {
            refused.push(format!("{name} {version}: {license}"));
        }
        crates.insert(format!("{name} {version}"), (license, version));
    }
    assert!(
        refused.is_empty(),
        "crates with licences not allowed: {refused:#?}"
    );

    let mut list = String::from(
        "# Dependencies and their licences\n\n\
         Every crate the workspace can build (all features, dev and build dependencies \
         included), as `cargo metadata` resolves them. `tests/tests/licences.rs` checks \
         each against the allowed licences and that this list is current; regenerate it \
         with `UPDATE_DEPENDENCIES=1 cargo test -p ucwa-tests --test licences`.\n\n\
         Security advisories are not checked automatically: the advisory database needs \
         network access that CI does not have. Check by hand with `cargo audit` or \
         `cargo deny check advisories` where the network allows.\n\n\
         | crate | licence |\n|---|---|\n",
    );
    for (name, (license, _)) in &crates {
        list.push_str(&format!("| {name} | {license} |\n"));
    }
    let path = root().join("docs/DEPENDENCIES.md");
    if std::env::var_os("UPDATE_DEPENDENCIES").is_some() {
        std::fs::write(&path, &list).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    let stale: Vec<&str> = list
        .lines()
        .filter(|l| !current.lines().any(|c| c == *l))
        .chain(current.lines().filter(|c| !list.lines().any(|l| l == *c)))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/DEPENDENCIES.md is stale (regenerate it, see the file); lines that differ: {stale:#?}"
    );
}

#[test]
fn licence_expressions() {
    assert!(acceptable("MIT OR Apache-2.0"));
    assert!(acceptable("MIT/Apache-2.0"));
    assert!(acceptable("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(!acceptable("GPL-3.0"));
    assert!(!acceptable("MIT AND GPL-3.0"));
    assert!(!acceptable("(none)"));
}
