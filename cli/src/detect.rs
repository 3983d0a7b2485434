//! Recognises a document's format and kind without decoding it.

use crate::Kind;
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
    // Only the top-level member names matter: skim them, building no tree.
    let members: TopLevel = match serde_json::from_slice(ucwa_codec::strip_bom(input)) {
        Ok(m) => m,
        Err(_) => return Kind::Resource,
    };
    if members.sender_is_array {
        Kind::Events
    } else if members.code && !members.links {
        Kind::Error
    } else if members.rel || (members.links && !input_expected) {
        Kind::Resource
    } else {
        Kind::Input
    }
}

/// The top-level members that tell a JSON document's kind; every value is skipped
/// (`IgnoredAny`), so a large document costs no memory here.
#[derive(Default)]
struct TopLevel {
    sender_is_array: bool,
    code: bool,
    links: bool,
    rel: bool,
}

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = TopLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut top = TopLevel::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        "sender" => top.sender_is_array = map.next_value::<IsArray>()?.0,
                        "code" => {
                            map.next_value::<IgnoredAny>()?;
                            top.code = true;
                        }
                        "_links" => {
                            map.next_value::<IgnoredAny>()?;
                            top.links = true;
                        }
                        "rel" => {
                            map.next_value::<IgnoredAny>()?;
                            top.rel = true;
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(top)
            }
        }
        /// Whether a value is an array, its items skipped.
        struct IsArray(bool);
        impl<'de> serde::Deserialize<'de> for IsArray {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Shape;
                impl<'de> Visitor<'de> for Shape {
                    type Value = IsArray;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("any JSON value")
                    }
                    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IsArray, A::Error> {
                        while seq.next_element::<IgnoredAny>()?.is_some() {}
                        Ok(IsArray(true))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IsArray, A::Error> {
                        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                        Ok(IsArray(false))
                    }
                    fn visit_bool<E>(self, _: bool) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                    fn visit_i64<E>(self, _: i64) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                    fn visit_u64<E>(self, _: u64) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                    fn visit_f64<E>(self, _: f64) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                    fn visit_str<E>(self, _: &str) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                    fn visit_unit<E>(self) -> Result<IsArray, E> {
                        Ok(IsArray(false))
                    }
                }
                d.deserialize_any(Shape)
            }
        }
        d.deserialize_map(Members)
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
