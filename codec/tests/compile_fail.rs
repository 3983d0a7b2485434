//! Misusing the derives is a compile error whose span points at the culprit.

#[test]
fn derive_misuse_fails_to_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
