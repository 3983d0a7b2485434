//! Checks the description before anything is written: every method, error code, subcode
//! and status must be one the generator and the crate know, spelled one way. A mistake
//! fails generation with the resource and the value it names.

use crate::model::{EnumDef, Enums, Resources};
use crate::naming::upper_camel;
use std::collections::BTreeMap;

/// The HTTP methods a resource may list, as HTTP spells them, with the
/// `ucwa_schema::errors::Method` variant of those that may carry documented errors.
pub const METHODS: &[(&str, Option<&str>)] = &[
    ("GET", Some("Get")),
    ("POST", Some("Post")),
    ("PUT", Some("Put")),
    ("DELETE", Some("Delete")),
    ("OPTIONS", None),
];

/// The enumeration an error body's `code` takes its values from.
pub const ERROR_CODE: &str = "ErrorCode";
/// The enumeration an error body's `subcode` takes its values from.
pub const ERROR_SUBCODE: &str = "ErrorSubcode";

/// The `Method` variant for a method of a documented error.
pub fn method_variant(method: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .find(|(spelling, _)| *spelling == method)
        .and_then(|(_, variant)| *variant)
}

fn spellings() -> String {
    METHODS
        .iter()
        .map(|(m, _)| *m)
        .collect::<Vec<_>>()
        .join(", ")
}

fn find<'a>(enums: &'a Enums, name: &str) -> Result<&'a EnumDef, String> {
    enums
        .enums
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(|| format!("enums.json: the enumeration `{name}` is missing"))
}

/// Checks the description; the first problem found is the error.
pub fn check(res: &Resources, enums: &Enums) -> Result<(), String> {
    for e in &enums.enums {
        check_enum(e)?;
    }
    let codes = find(enums, ERROR_CODE)?;
    let subcodes = find(enums, ERROR_SUBCODE)?;
    check_observed(res, enums)?;
    for t in &res.types {
        for m in &t.methods {
            if !METHODS.iter().any(|(spelling, _)| spelling == m) {
                return Err(format!(
                    "resources.json: `{}`: unknown method `{m}` in `methods` (expected one of {})",
                    t.rel,
                    spellings()
                ));
            }
        }
        for (i, e) in t.errors.iter().enumerate() {
            let at = format!("resources.json: `{}`: errors[{i}]", t.rel);
            if method_variant(&e.method).is_none() {
                return Err(format!(
                    "{at}: method `{}` cannot carry a documented error (expected GET, POST, PUT or DELETE)",
                    e.method
                ));
            }
            if !t.methods.contains(&e.method) {
                return Err(format!(
                    "{at}: method `{}` is not one of the resource's `methods` ({})",
                    e.method,
                    t.methods.join(", ")
                ));
            }
            if !(400..=599).contains(&e.status) {
                return Err(format!(
                    "{at}: status {} is not an error status (400 to 599)",
                    e.status
                ));
            }
            let Some(code) = codes.members.iter().find(|m| m.wire == e.code) else {
                return Err(format!(
                    "{at}: unknown code `{}` (add it to `{ERROR_CODE}` in enums.json, with its source)",
                    e.code
                ));
            };
            if let Some(status) = code.status
                && status != e.status
            {
                return Err(format!(
                    "{at}: code `{}` stands for status {status}, the error says {}",
                    e.code, e.status
                ));
            }
            if !subcodes.members.iter().any(|m| m.wire == e.subcode) {
                return Err(format!(
                    "{at}: unknown subcode `{}` (add it to `{ERROR_SUBCODE}` in enums.json, with its source)",
                    e.subcode
                ));
            }
        }
    }
    Ok(())
}

/// Every entry with `source: observed` says where it was seen (`seen_in`), and only
/// such entries carry `seen_in`.
fn check_observed(res: &Resources, enums: &Enums) -> Result<(), String> {
    fn one(at: &str, source: Option<&str>, seen_in: &[String]) -> Result<(), String> {
        match (source == Some("observed"), seen_in.is_empty()) {
            (true, true) => Err(format!("{at}: `source: observed` needs `seen_in`")),
            (false, false) => Err(format!("{at}: `seen_in` belongs to `source: observed`")),
            _ => Ok(()),
        }
    }
    for t in &res.types {
        let at = format!("resources.json: `{}`", t.rel);
        one(&at, t.source.as_deref(), &t.seen_in)?;
        for p in &t.properties {
            one(
                &format!("{at}: property `{}`", p.name),
                Some(&p.source),
                &p.seen_in,
            )?;
        }
        for l in &t.links {
            one(
                &format!("{at}: link `{}`", l.name),
                Some(&l.source),
                &l.seen_in,
            )?;
        }
        for f in t.input.iter().flat_map(|i| &i.fields) {
            one(
                &format!("{at}: input field `{}`", f.name),
                f.source.as_deref(),
                &f.seen_in,
            )?;
        }
    }
    for e in &enums.enums {
        for m in &e.members {
            let at = format!("enums.json: `{}`: `{}`", e.name, m.wire);
            one(&at, m.source.as_deref(), &m.seen_in)?;
        }
    }
    Ok(())
}

/// One enumeration: wire names unique, `shares_status_with` naming a member of the same
/// status, and each status owned by exactly one member (the one it maps back to).
fn check_enum(e: &EnumDef) -> Result<(), String> {
    let at = format!("enums.json: `{}`", e.name);
    let mut seen = BTreeMap::new();
    let mut variants = BTreeMap::new();
    for m in &e.members {
        if seen.insert(m.wire.as_str(), m).is_some() {
            return Err(format!("{at}: the member `{}` is listed twice", m.wire));
        }
        let variant = m.variant.clone().unwrap_or_else(|| upper_camel(&m.wire));
        let valid = variant.starts_with(|c: char| c.is_ascii_uppercase())
            && variant.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid || variant == "Other" {
            return Err(format!(
                "{at}: `{}` needs a `variant`: `{variant}` is not a variant name (an upper-case ASCII letter, then letters and digits, not `Other`)",
                m.wire
            ));
        }
        if let Some(first) = variants.insert(variant.clone(), &m.wire) {
            return Err(format!(
                "{at}: `{first}` and `{}` are both the variant `{variant}`",
                m.wire
            ));
        }
    }
    let mut owners: BTreeMap<u16, &str> = BTreeMap::new();
    for m in &e.members {
        match (&m.shares_status_with, m.status) {
            (Some(other), Some(status)) => {
                let Some(owner) = seen.get(other.as_str()) else {
                    return Err(format!(
                        "{at}: `{}` shares its status with `{other}`, which is not a member",
                        m.wire
                    ));
                };
                if owner.status != Some(status) || owner.shares_status_with.is_some() {
                    return Err(format!(
                        "{at}: `{}` shares status {status} with `{other}`, which does not own that status",
                        m.wire
                    ));
                }
            }
            (Some(_), None) => {
                return Err(format!(
                    "{at}: `{}` has `shares_status_with` but no `status`",
                    m.wire
                ));
            }
            (None, Some(status)) => {
                if let Some(first) = owners.insert(status, &m.wire) {
                    return Err(format!(
                        "{at}: `{first}` and `{}` both stand for status {status}; mark one `shares_status_with` the other",
                        m.wire
                    ));
                }
            }
            (None, None) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    /// A one-resource description with `methods` and one error, and the two error enums.
    fn run(methods: &str, error: &str, codes: &str) -> Result<(), String> {
        let resources = format!(
            r#"{{"types":[{{"rel":"note","name":"Note","summary":null,"pages":[],
                "methods":{methods},"events":[],"properties":[],"links":[],"embedded":[],
                "input":null,"errors":[{error}]}}],
                "aliases":[],"owned_elsewhere":[],"common_meanings":{{}}}}"#
        );
        let enums = format!(
            r#"{{"enums":[{{"name":"ErrorCode","page":"ErrorCode_ref.md","members":{codes}}},
                {{"name":"ErrorSubcode","page":"ErrorSubcode_ref.md",
                  "members":[{{"wire":"None"}},{{"wire":"APIVersionNotSupported","variant":"ApiVersionNotSupported"}}]}}]}}"#
        );
        check(
            &serde_json::from_str(&resources).unwrap(),
            &serde_json::from_str(&enums).unwrap(),
        )
    }

    const CODES: &str = r#"[{"wire":"Conflict","status":409},{"wire":"GatewayTimeout","status":504},
        {"wire":"Timeout","status":504,"shares_status_with":"GatewayTimeout"}]"#;
    const ERROR: &str = r#"{"method":"GET","status":409,"code":"Conflict","subcode":"None"}"#;

    #[test]
    fn a_consistent_description_passes() {
        assert_eq!(run(r#"["GET","OPTIONS"]"#, ERROR, CODES), Ok(()));
    }

    #[test]
    fn an_observed_member_says_where_it_was_seen() {
        let codes = r#"[{"wire":"Conflict","status":409},{"wire":"Odd","source":"observed"}]"#;
        let err = run(r#"["GET"]"#, ERROR, codes).unwrap_err();
        assert!(
            err.contains("`ErrorCode`: `Odd`: `source: observed` needs `seen_in`"),
            "{err}"
        );
        let codes = r#"[{"wire":"Conflict","status":409},{"wire":"Odd","seen_in":["a capture"]}]"#;
        let err = run(r#"["GET"]"#, ERROR, codes).unwrap_err();
        assert!(
            err.contains("`Odd`: `seen_in` belongs to `source: observed`"),
            "{err}"
        );
        let codes = r#"[{"wire":"Conflict","status":409},
            {"wire":"Odd","source":"observed","seen_in":["a capture"]}]"#;
        assert_eq!(run(r#"["GET"]"#, ERROR, codes), Ok(()));
    }

    #[test]
    fn a_method_has_one_spelling() {
        let err = run(r#"["Get"]"#, ERROR, CODES).unwrap_err();
        assert!(
            err.contains("`note`: unknown method `Get` in `methods`"),
            "{err}"
        );
        let error = ERROR.replace("\"GET\"", "\"Get\"");
        let err = run(r#"["GET"]"#, &error, CODES).unwrap_err();
        assert!(
            err.contains("errors[0]: method `Get` cannot carry"),
            "{err}"
        );
        let err = run(r#"["POST"]"#, ERROR, CODES).unwrap_err();
        assert!(
            err.contains("method `GET` is not one of the resource's `methods`"),
            "{err}"
        );
    }

    #[test]
    fn codes_subcodes_and_statuses_are_known() {
        let error = ERROR.replace("Conflict", "Conflicted");
        let err = run(r#"["GET"]"#, &error, CODES).unwrap_err();
        assert!(
            err.contains("errors[0]: unknown code `Conflicted`"),
            "{err}"
        );
        let error = ERROR.replace("\"None\"", "\"Nothing\"");
        let err = run(r#"["GET"]"#, &error, CODES).unwrap_err();
        assert!(
            err.contains("errors[0]: unknown subcode `Nothing`"),
            "{err}"
        );
        let error = ERROR.replace("409", "410");
        let err = run(r#"["GET"]"#, &error, CODES).unwrap_err();
        assert!(
            err.contains("code `Conflict` stands for status 409, the error says 410"),
            "{err}"
        );
    }

    #[test]
    fn one_member_owns_each_status() {
        let codes = CODES.replace(r#","shares_status_with":"GatewayTimeout""#, "");
        let err = run(r#"["GET"]"#, ERROR, &codes).unwrap_err();
        assert!(
            err.contains("`GatewayTimeout` and `Timeout` both stand for status 504"),
            "{err}"
        );
        let codes = CODES.replace(
            r#""shares_status_with":"GatewayTimeout""#,
            r#""shares_status_with":"Conflict""#,
        );
        let err = run(r#"["GET"]"#, ERROR, &codes).unwrap_err();
        assert!(
            err.contains("shares status 504 with `Conflict`, which does not own"),
            "{err}"
        );
    }

    #[test]
    fn a_wire_name_that_is_no_variant_needs_one() {
        let codes = r#"[{"wire":"Conflict","status":409},{"wire":"not-a-name"}]"#;
        let err = run(r#"["GET"]"#, ERROR, codes).unwrap_err();
        assert!(err.contains("`not-a-name` needs a `variant`"), "{err}");
    }
}
