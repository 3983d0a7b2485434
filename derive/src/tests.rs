//! The derives' error messages, each with the line and column its span points at.

use crate::attr::Derive;
use std::fmt::Write as _;

fn errors(derive: Derive, source: &str) -> String {
    let input: syn::DeriveInput = syn::parse_str(source).expect("test input parses");
    let result = crate::try_expand(&input, derive).1;
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
    errors(Derive::Resource, source)
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
fn input_rejects_resource_only_attributes() {
    insta::assert_snapshot!(errors(
        Derive::Input,
        "#[ucwa(rel = \"x\")]
struct Body {
    #[ucwa(link)] l: Option<Link>,
    #[ucwa(self_link)] s: Option<Link>,
    #[ucwa(embedded)] e: Option<Note>,
    required: String,
    #[ucwa(extra)] extra: Members,
}"
    ));
}

#[test]
fn enum_errors() {
    insta::assert_snapshot!(errors(
        Derive::StringEnum,
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

#[test]
fn repeated_keys_and_roles_are_one_error_each() {
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"note\")]
#[ucwa(rel = \"other\", crate = \"a\", crate = \"b\")]
struct Note {
    #[ucwa(self_link)] self_link: Option<Link>,
    #[ucwa(self_link)] again: Option<Link>,
    #[ucwa(rename = \"a\", rename = \"b\")] a: Option<String>,
    #[ucwa(link, link)] l: Option<Link>,
    #[ucwa(extra, link)] m: Option<Link>,
    #[ucwa(link, rename = \"l\")] l2: Option<Link>,
    #[ucwa(embedded)] l3: Option<Note>,
    #[ucwa(extra)] extra: Members,
}"
    ));
}

#[test]
fn an_unknown_key_does_not_hide_the_next() {
    // `colour` is reported, and `crate` after it is still read (the fallback uses it).
    let input: syn::DeriveInput = syn::parse_str(
        "#[ucwa(colour = \"red\", crate = \"my::codec\", rel = \"note\")]
struct Note { #[ucwa(self_link)] s: Option<Link>, #[ucwa(extra)] e: Members }",
    )
    .unwrap();
    let (krate, result) = crate::try_expand(&input, Derive::Resource);
    assert_eq!(quote::quote!(#krate).to_string(), "my :: codec");
    let errors: Vec<String> = result
        .unwrap_err()
        .into_iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "unknown ucwa attribute `colour`: #[derive(Resource)] takes `rel`, `crate`, `drop_unknown`"
        ]
    );
}

#[test]
fn lossless_unless_said_otherwise() {
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"note\")] struct Note { #[ucwa(self_link)] s: Option<Link> }"
    ));
    insta::assert_snapshot!(errors(Derive::Input, "struct Body { a: Option<String> }"));
    insta::assert_snapshot!(errors(Derive::StringEnum, "enum Mood { Happy, Sad }"));
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"note\", drop_unknown)]
struct Note { #[ucwa(self_link)] s: Option<Link>, #[ucwa(extra)] keep: Members }"
    ));
    insta::assert_snapshot!(errors(
        Derive::StringEnum,
        "#[ucwa(closed)] enum Mood { Happy, #[ucwa(other)] Other(String) }"
    ));
    assert_eq!(
        resource(
            "#[ucwa(rel = \"n\", drop_unknown)] struct N { #[ucwa(self_link)] s: Option<Link> }"
        ),
        "(no error)"
    );
    assert_eq!(
        errors(
            Derive::Input,
            "#[ucwa(drop_unknown)] struct Body { a: Option<String> }"
        ),
        "(no error)"
    );
    assert_eq!(
        errors(
            Derive::StringEnum,
            "#[ucwa(closed)] enum Mood { Happy, Sad }"
        ),
        "(no error)"
    );
}

#[test]
fn crate_attribute_errors() {
    insta::assert_snapshot!(errors(
        Derive::StringEnum,
        "#[ucwa(crate = \"not a path\", rel = \"x\")] enum Mood { Happy, #[ucwa(other)] O(String) }"
    ));
}

/// The expansion of `source` as one string of tokens.
fn expansion(derive: Derive, source: &str) -> String {
    let input: syn::DeriveInput = syn::parse_str(source).expect("test input parses");
    crate::expand(&input, derive).to_string()
}

/// How many times `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn every_impl_is_automatically_derived_and_goes_through_the_crate_path() {
    let cases = [
        (
            Derive::Resource,
            "#[ucwa(rel = \"note\", crate = \"my::codec\")]
struct Note {
    #[ucwa(self_link)] s: Option<Link>,
    m: Option<String>,
    #[ucwa(link)] l: Vec<Link>,
    #[ucwa(embedded)] e: Option<Other>,
    #[ucwa(extra)] x: Members,
}",
        ),
        (
            Derive::Input,
            "#[ucwa(crate = \"my::codec\")] struct Body { #[ucwa(link)] l: Option<Link>, #[ucwa(extra)] x: Members }",
        ),
        (
            Derive::StringEnum,
            "#[ucwa(crate = \"my::codec\")] enum Mood { Happy, #[ucwa(other)] Other(String) }",
        ),
        // The fallback impls too.
        (
            Derive::Resource,
            "#[ucwa(crate = \"my::codec\", colour)] struct Note {}",
        ),
        (
            Derive::Input,
            "#[ucwa(crate = \"my::codec\")] struct Body(u8);",
        ),
        (
            Derive::StringEnum,
            "#[ucwa(crate = \"my::codec\")] struct Mood;",
        ),
    ];
    for (derive, source) in cases {
        let out = expansion(derive, source);
        assert!(count(&out, "impl ") >= 4, "{derive:?}: {out}");
        assert_eq!(
            count(&out, "# [automatically_derived] impl "),
            count(&out, "impl "),
            "{derive:?}: every impl is marked: {out}"
        );
        assert!(
            out.contains("use my :: codec as __ucwa ;"),
            "{derive:?}: {out}"
        );
        assert!(
            !out.contains("ucwa_codec"),
            "{derive:?} names the codec only through the path: {out}"
        );
    }
}

#[test]
fn fallback_implements_what_the_derive_would() {
    let out = expansion(
        Derive::Resource,
        "struct Note { #[ucwa(colour)] a: Option<String> }",
    );
    // The misspelling, and what the struct lacks (rel, self link, catch-all).
    assert_eq!(count(&out, "compile_error"), 4, "{out}");
    for t in [
        "__ucwa :: Resource for Note",
        "__ucwa :: Document for Note",
        "__ucwa :: xml :: FromXml for Note",
        "__ucwa :: xml :: ToXml for Note",
        "__serde :: Serialize for Note",
        "__serde :: Deserialize < 'de > for Note",
    ] {
        assert_eq!(count(&out, t), 1, "{t}: {out}");
    }
    let out = expansion(
        Derive::Input,
        "struct Body { #[ucwa(colour)] a: Option<String> }",
    );
    assert_eq!(count(&out, "__ucwa :: Input for Body"), 1, "{out}");
    let out = expansion(Derive::StringEnum, "enum Mood { #[ucwa(colour)] A }");
    for t in [
        "__ucwa :: StringEnum for Mood",
        "__ucwa :: Scalar for Mood",
        ":: core :: str :: FromStr for Mood",
        ":: core :: fmt :: Display for Mood",
    ] {
        assert_eq!(count(&out, t), 1, "{t}: {out}");
    }
}

#[test]
fn role_attribute_errors() {
    insta::assert_snapshot!(resource(
        "#[ucwa(rel = \"note\")]
struct Note {
    #[ucwa(self_link, rename = \"me\")] s: Option<Link>,
    #[ucwa(extra, default)] x: Members,
    #[ucwa(link, default)] l: Option<Link>,
    #[ucwa(link, rename = \"self\")] l2: Option<Link>,
    r#rel: Option<String>,
    #[ucwa(embedded)] e: Vec<Note>,
}"
    ));
}
