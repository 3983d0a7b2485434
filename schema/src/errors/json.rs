//! The JSON form of the error body.

use super::ErrorBody;
use super::ErrorCode;
use super::body::{null_bit, optional_field};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use ucwa_codec::Link;
use ucwa_codec::authoring::json::Key;

impl Serialize for ErrorBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", &self.code)?;
        if let Some(subcode) = &self.subcode {
            map.serialize_entry("subcode", subcode)?;
        } else if self.is_null("subcode") {
            map.serialize_entry("subcode", &())?;
        }
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        } else if self.is_null("message") {
            map.serialize_entry("message", &())?;
        }
        if let Some(link) = &self.link {
            if self.link_as_text && link.title.is_none() && link.attributes.is_empty() {
                map.serialize_entry("link", &link.href)?;
            } else {
                map.serialize_entry("link", link)?;
            }
        } else if self.is_null("link") {
            map.serialize_entry("link", &())?;
        }
        for (field, bag) in [
            ("debugInfo", &self.debug_info),
            ("parameters", &self.parameters),
        ] {
            if let Some(bag) = bag {
                map.serialize_entry(field, bag)?;
            } else if self.is_null(field) {
                map.serialize_entry(field, &())?;
            }
        }
        self.extra.serialize_entries(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ErrorBodyVisitor)
    }
}

struct ErrorBodyVisitor;

impl<'de> Visitor<'de> for ErrorBodyVisitor {
    type Value = ErrorBody;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a UCWA error body (an object with a `code`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBody, A::Error> {
        use ucwa_codec::authoring::json::{next_value, path};
        let mut code: Option<ErrorCode> = None;
        let mut body = ErrorBody::new(ErrorCode::Other(String::new()));
        let duplicate = |name: &str| {
            path::push(name);
            de::Error::custom(format_args!("duplicate member `{name}`"))
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if let Some(field) = optional_field(key.as_str()) {
                if body.is_given(field) {
                    return Err(duplicate(field));
                }
                let given = match field {
                    "subcode" => {
                        body.subcode = next_value(&mut map, field)?;
                        body.subcode.is_some()
                    }
                    "message" => {
                        body.message = next_value(&mut map, field)?;
                        body.message.is_some()
                    }
                    "link" => {
                        match next_value::<_, Option<LinkForm>>(&mut map, field)? {
                            Some(LinkForm::Text(href)) => {
                                body.link = Some(Link::new(href));
                                body.link_as_text = true;
                            }
                            Some(LinkForm::Object(link)) => body.link = Some(link),
                            None => {}
                        }
                        body.link.is_some()
                    }
                    "debugInfo" => {
                        body.debug_info = next_value(&mut map, field)?;
                        body.debug_info.is_some()
                    }
                    _ => {
                        body.parameters = next_value(&mut map, field)?;
                        body.parameters.is_some()
                    }
                };
                if !given {
                    body.nulls |= null_bit(field);
                }
                continue;
            }
            match key.as_str() {
                "code" if code.is_none() => code = Some(next_value(&mut map, "code")?),
                "code" => return Err(duplicate("code")),
                name => {
                    let value = next_value(&mut map, name)?;
                    body.extra.entries.push((key.into_owned(), value));
                }
            }
        }
        body.code = code.ok_or_else(|| de::Error::custom("error body without a `code`"))?;
        Ok(body)
    }
}

/// The JSON `link` of an error body: an href string or a link object.
enum LinkForm {
    Text(String),
    Object(Link),
}

impl<'de> Deserialize<'de> for LinkForm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LinkForm;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a link object or an href string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LinkForm, E> {
                Ok(LinkForm::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LinkForm, A::Error> {
                Link::deserialize(de::value::MapAccessDeserializer::new(map)).map(LinkForm::Object)
            }
        }
        deserializer.deserialize_any(V)
    }
}
