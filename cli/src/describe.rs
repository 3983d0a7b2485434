//! `ucwa schema [REL]`: what the schema knows of a resource, from the API description
//! the schema crate is generated from.

use serde_json::Value;
use std::fmt::Write as _;

fn api() -> Result<(Value, Value), String> {
    let resources = serde_json::from_str(ucwa_schema::api::RESOURCES_JSON)
        .map_err(|e| format!("the schema's API description does not parse: {e}"))?;
    let enums = serde_json::from_str(ucwa_schema::api::ENUMS_JSON)
        .map_err(|e| format!("the schema's enum description does not parse: {e}"))?;
    Ok((resources, enums))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], |a| a.as_slice())
}

/// A property type as the user writes it, with enum members spelled out.
fn describe_type(ty: &str, enums: &Value) -> String {
    match ty.strip_prefix("enum:") {
        Some(name) => {
            let members: Vec<&str> = list(&enums["enums"])
                .iter()
                .find(|e| text(&e["name"]) == name)
                .map(|e| {
                    list(&e["members"])
                        .iter()
                        .map(|m| text(&m["wire"]))
                        .collect()
                })
                .unwrap_or_default();
            if members.is_empty() {
                format!("{name} (enum)")
            } else {
                format!("{name} (enum: {})", members.join(", "))
            }
        }
        None => ty.to_owned(),
    }
}

/// The description of one rel, or the list of rels when `rel` is `None`.
pub fn describe(rel: Option<&str>) -> Result<String, String> {
    let (resources, enums) = api()?;
    let types = list(&resources["types"]);
    let Some(rel) = rel else {
        let mut out = String::new();
        for t in types {
            let _ = writeln!(out, "{:<40} {}", text(&t["rel"]), text(&t["name"]));
        }
        return Ok(out);
    };
    let Some(t) = types.iter().find(|t| text(&t["rel"]) == rel) else {
        let alias = list(&resources["aliases"])
            .iter()
            .find(|a| text(&a["page"]).trim_end_matches("_ref.md") == rel);
        return Err(match alias {
            Some(a) => format!(
                "`{rel}` is documented as a link to another resource: see `{}`",
                text(&a["target"])
            ),
            None => match suggest(rel, types.iter().map(|t| text(&t["rel"]))) {
                Some(near) => format!("no resource with rel `{rel}`: did you mean `{near}`?"),
                None => format!("no resource with rel `{rel}` (`ucwa schema` lists them)"),
            },
        });
    };
    let mut out = String::new();
    let methods: Vec<&str> = list(&t["methods"]).iter().map(text).collect();
    let _ = writeln!(
        out,
        "{rel}: {} ({})",
        text(&t["name"]),
        if methods.is_empty() {
            "no operations".to_owned()
        } else {
            methods.join(", ")
        }
    );
    if let Some(summary) = t["summary"].as_str() {
        let _ = writeln!(out, "  {summary}");
    }
    // A heading only over something: `self` is every resource's link.
    let properties = list(&t["properties"]);
    if !properties.is_empty() {
        let _ = writeln!(out, "properties:");
    }
    for p in properties {
        let _ = writeln!(
            out,
            "  {}: {}",
            text(&p["name"]),
            describe_type(text(&p["type"]), &enums)
        );
    }
    let _ = writeln!(out, "links:\n  self");
    for l in list(&t["links"]) {
        let many = if l["many"].as_bool() == Some(true) {
            " (many)"
        } else {
            ""
        };
        let _ = writeln!(out, "  {}{many}", text(&l["name"]));
    }
    let embedded = list(&t["embedded"]);
    if !embedded.is_empty() {
        let _ = writeln!(out, "embedded:");
    }
    for e in embedded {
        let many = if e["many"].as_bool() == Some(true) {
            "many "
        } else {
            ""
        };
        let _ = writeln!(out, "  {}: {many}{}", text(&e["name"]), text(&e["type"]));
    }
    if let Some(input) = t["input"].as_object() {
        let _ = writeln!(
            out,
            "request body (POST): {}",
            input.get("name").map(text).unwrap_or_default()
        );
        for f in input.get("fields").map(list).unwrap_or_default() {
            let required = if f["required"].as_bool() == Some(true) {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(
                out,
                "  {}: {} ({required})",
                text(&f["name"]),
                describe_type(text(&f["type"]), &enums)
            );
        }
    }
    let events: Vec<String> = list(&t["events"])
        .iter()
        .map(|e| format!("{} (from {})", text(&e["type"]), text(&e["sender"])))
        .collect();
    if !events.is_empty() {
        let _ = writeln!(out, "events: {}", events.join(", "));
    }
    let _ = writeln!(out, "errors:");
    for e in list(&t["errors"]) {
        let _ = writeln!(
            out,
            "  {} {} {}/{}",
            text(&e["method"]).to_uppercase(),
            e["status"],
            text(&e["code"]),
            text(&e["subcode"])
        );
    }
    Ok(out)
}

/// The candidate nearest to `wrong` (case-insensitive edit distance), if one is near
/// enough to be a slip: at most 2 edits, and fewer than a third of the word.
pub fn suggest<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    let limit = (wrong.chars().count() / 3).clamp(1, 2);
    candidates
        .map(|c| (edit_distance(&wrong, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggestions() {
        let rels = ["presence", "note", "presenceSubscription"];
        assert_eq!(
            super::suggest("presense", rels.into_iter()),
            Some("presence")
        );
        assert_eq!(super::suggest("Note", rels.into_iter()), Some("note"));
        assert_eq!(super::suggest("xyz", rels.into_iter()), None);
    }

    #[test]
    fn presence_is_described() {
        let out = super::describe(Some("presence")).unwrap();
        assert!(out.starts_with("presence: Presence (GET, POST)"), "{out}");
        assert!(
            out.contains("  availability: Availability (enum: "),
            "{out}"
        );
        assert!(out.contains("request body (POST): PresenceInput"), "{out}");
        assert!(
            out.contains("  GET 409 Conflict/MakeMeAvailableRequired"),
            "{out}"
        );
        assert!(super::describe(Some("nope")).is_err());
        assert!(super::describe(None).unwrap().lines().count() > 200);
    }
}
