//! Recognises a document's format and kind without decoding it.

use crate::Kind;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use ucwa_codec::Format;

/// The format, from the first significant byte.
pub fn format(input: &[u8]) -> Result<Format, String> {
    Format::sniff(input).ok_or_else(|| {
        "cannot tell the format: the document starts with neither `<` (XML) nor `{` (JSON)"
            .to_owned()
    })
}

/// The kind of document, from the XML root element or the JSON object's members.
/// `input_expected` (a rel with a request body was named): a JSON object with `_links`
/// but no `rel` is then a request body, as request bodies carry links too.
pub fn kind(format: Format, input: &[u8], input_expected: bool) -> Kind {
    match format {
        Format::Xml => xml_kind(input),
        Format::Json => json_kind(input, input_expected),
    }
}

fn xml_kind(input: &[u8]) -> Kind {
    let text = String::from_utf8_lossy(input);
    let mut rest: &str = &text;
    // Skip the declaration, comments and processing instructions to the root tag.
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        let local = name.rsplit(':').next().unwrap_or(&name);
        return match local {
            "input" => Kind::Input,
            "events" => Kind::Events,
            "reason" => Kind::Error,
            _ => Kind::Resource,
        };
    }
    Kind::Resource
}

fn json_kind(input: &[u8], input_expected: bool) -> Kind {
    // Only the top-level member names matter: their values are borrowed as raw text,
    // building no tree, so a large document costs no memory here.
    let members: BTreeMap<String, &RawValue> =
        match serde_json::from_slice(ucwa_codec::strip_bom(input)) {
            Ok(members) => members,
            Err(_) => return Kind::Resource,
        };
    let has = |name: &str| members.contains_key(name);
    if members
        .get("sender")
        .is_some_and(|raw| raw.get().starts_with('['))
    {
        Kind::Events
    } else if has("code") && !has("_links") {
        Kind::Error
    } else if has("rel") || (has("_links") && !input_expected) {
        Kind::Resource
    } else {
        Kind::Input
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_roots() {
        let k = |s: &str| kind(format(s.as_bytes()).unwrap(), s.as_bytes(), false);
        assert_eq!(
            k(r#"<?xml version="1.0"?><!-- c --><resource rel="x"/>"#),
            Kind::Resource
        );
        assert_eq!(k("<input/>"), Kind::Input);
        assert_eq!(k("<u:events xmlns:u='x'/>"), Kind::Events);
        assert_eq!(k("<reason/>"), Kind::Error);
        assert_eq!(k(r#"{"rel":"me"}"#), Kind::Resource);
        assert_eq!(k(r#"{"availability":"Away"}"#), Kind::Input);
        assert_eq!(k(r#"{"_links":{},"sender":[]}"#), Kind::Events);
        assert_eq!(k(r#"{"code":"Conflict"}"#), Kind::Error);
        assert!(format(b"hello").is_err());
    }
}
