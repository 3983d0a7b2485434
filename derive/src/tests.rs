//! The derives' error messages, each with the line and column its span points at.

use crate::model::Kind;
use std::fmt::Write as _;

fn errors(kind: Option<Kind>, source: &str) -> String {
    let input: syn::DeriveInput = syn::parse_str(source).expect("test input parses");
    let result = match kind {
        Some(kind) => crate::resource::expand(&input, kind),
        None => crate::enums::expand(&input),
    };
    let mut out = String::new();
    match result {
        Ok(_) => out.push_str("(no error)"),
        Err(all) => {
            for e in all {
                let start = e.span().start();
                let _ = writeln!(out, "{}:{}: {}", start.line, start.column + 1, e);
            }
        }
    }
    out
}

fn resource(source: &str) -> String {
    errors(Some(Kind::Resource), source)
}

#[test]
fn valid_resource_expands() {
    assert_eq!(
        resource(
            "#[ucwa(rel = \"note\")]
struct Note {
    #[ucwa(self_link)] self_link: Option<Link>,
    message: Option<String>,
    #[ucwa(link)] me: Option<Link>,
    #[ucwa(link, rename = \"others\")] many: Vec<Link>,
    #[ucwa(embedded)] owner: Option<Person>,
    #[ucwa(extra)] extra: Members,
}"
        ),
        "(no error)"
    );
}

#[test]
fn resource_attribute_errors() {
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"note\", colour = \"red\")]
struct Note {
    #[ucwa(self_link)] self_link: Option<Link>,
    #[ucwa(renam = \"x\")] a: Option<String>,
    #[ucwa(link)] b: String,
    #[ucwa(extra)] c: Members,
    #[ucwa(extra)] d: Members,
    #[ucwa(link, embedded)] e: Option<Link>,
    #[ucwa(default)] f: Option<String>,
    #[ucwa(rename = \"g\")] g1: Option<String>,
    g: Option<String>,
    #[ucwa(embedded)] h: String,
    #[ucwa(self_link, rename = \"me\")] i: Option<Link>,
    #[ucwa(extra)] j: Vec<String>,
}"
    ));
}

#[test]
fn resource_needs_rel_and_self_link() {
    insta::assert_snapshot!(resource("struct Note { message: Option<String> }"));
}

#[test]
fn resource_shape_errors() {
    insta::assert_snapshot!(resource("#[ucwa(rel = \"x\")] struct Tuple(String);"));
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"x\")] struct G<T> { #[ucwa(self_link)] s: Option<Link>, t: T }"
    ));
}

#[test]
fn input_rejects_links() {
    insta::assert_snapshot!(errors(
        Some(Kind::Input),
        "#[ucwa(rel = \"x\")]
struct Body {
    #[ucwa(link)] l: Option<Link>,
    #[ucwa(self_link)] s: Option<Link>,
    required: String,
    #[ucwa(extra)] extra: Members,
}"
    ));
}

#[test]
fn enum_errors() {
    insta::assert_snapshot!(errors(
        None,
        "enum Mood {
    Happy,
    #[ucwa(rename = \"Happy\")] Glad,
    Sad(u8),
    #[ucwa(other)] Other,
    #[ucwa(other)] Another(String),
    #[ucwa(colour)] Blue,
}"
    ));
}
