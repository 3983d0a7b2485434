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
        self.optional_entry(&mut map, "subcode", self.subcode.as_ref())?;
        self.optional_entry(&mut map, "message", self.message.as_ref())?;
        match &self.link {
            Some(link)
                if self.link_as_text && link.title.is_none() && link.attributes.is_empty() =>
            {
                map.serialize_entry("link", &link.href)?
            }
            link => self.optional_entry(&mut map, "link", link.as_ref())?,
        }
        self.optional_entry(&mut map, "debugInfo", self.debug_info.as_ref())?;
        self.optional_entry(&mut map, "parameters", self.parameters.as_ref())?;
        self.extra.serialize_entries(&mut map)?;
        map.end()
    }
}

impl ErrorBody {
    /// Writes the optional member `name`: its value, `null` when it was read as `null`,
    /// or nothing.
    fn optional_entry<M: SerializeMap, T: Serialize>(
        &self,
        map: &mut M,
        name: &str,
        value: Option<&T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None if self.is_null(name) => map.serialize_entry(name, &()),
            None => Ok(()),
        }
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
