//! Dynamic property values: what a property holds when no type says what it is.

use crate::date::DateTime;
use crate::error::Result;
use crate::property::Property;
use crate::xml::{Prop, Reader, Writer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::fmt;

/// A property value of a resource no type describes (or of the catch-all).
///
/// UCWA properties are scalars or lists of scalars. JSON says which scalar it is; XML
/// text does not, so XML text is read as the first of these whose canonical spelling
/// is exactly the text: boolean (`True`/`False`), number, date (ISO 8601), else string.
/// That keeps XML → JSON → XML exact but for what JSON cannot hold: a date keeps its
/// instant to the millisecond and comes back with three fractional digits. The other way, a JSON
/// *string* spelled like another scalar (`"True"`, `"42"`, an ISO date) comes back from
/// XML as that scalar. Within one format, decoding then encoding is exact.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// JSON `null`; XML `xsi:nil="true"`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer or decimal number.
    Number(serde_json::Number),
    /// Text.
    String(String),
    /// A date-time (`/Date(ms)/` in JSON, ISO 8601 in XML).
    Date(DateTime),
    /// A list of scalars (`<propertyList>` in XML).
    List(Vec<Value>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// Reads XML text as the scalar whose canonical spelling it is (see the type docs).
    pub fn from_xml_text(text: &str) -> Value {
        match text {
            "True" => return Value::Bool(true),
            "False" => return Value::Bool(false),
            _ => {}
        }
        let first = text.as_bytes().first().copied().unwrap_or(b' ');
        if first == b'-' || first.is_ascii_digit() {
            if let Ok(n) = text.parse::<serde_json::Number>() {
                if n.to_string() == text {
                    return Value::Number(n);
                }
            }
            if text.len() >= 19 && text.as_bytes().get(4) == Some(&b'-') {
                if let Ok(date) = DateTime::parse_iso(text) {
                    if date.to_iso_string() == text {
                        return Value::Date(date);
                    }
                }
            }
        }
        Value::String(text.to_owned())
    }

    fn write_scalar_text(&self, w: &mut Writer) {
        match self {
            Value::Bool(true) => w.plain_text("True"),
            Value::Bool(false) => w.plain_text("False"),
            Value::Number(n) => w.plain_text(&n.to_string()),
            Value::String(s) => w.text(s),
            Value::Date(d) => w.plain_text(&d.to_iso_string()),
            Value::Null | Value::List(_) => {}
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n.into())
    }
}

impl From<DateTime> for Value {
    fn from(d: DateTime) -> Self {
        Value::Date(d)
    }
}

impl Property for Value {
    fn decode_xml(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Self> {
        if prop.nil {
            r.skip()?;
            return Ok(Value::Null);
        }
        if !prop.list {
            return Ok(Value::from_xml_text(&r.read_text()?));
        }
        let mut items = Vec::new();
        r.read_items(|_, text| {
            items.push(text.map_or(Value::Null, |t| Value::from_xml_text(&t)));
            Ok(())
        })?;
        Ok(Value::List(items))
    }

    fn encode_xml(&self, w: &mut Writer, name: &str) {
        match self {
            Value::Null => w.null_property(name),
            Value::List(items) => {
                w.start("propertyList", [("name", name)]);
                for item in items {
                    match item {
                        Value::Null => w.null_item(),
                        Value::List(_) => w.fail(crate::Error::custom(format!(
                            "property `{name}`: a list cannot hold a list"
                        ))),
                        scalar => {
                            w.start_inline("item", None::<(&str, &str)>);
                            scalar.write_scalar_text(w);
                            w.end_inline("item");
                        }
                    }
                }
                w.end("propertyList");
            }
            scalar => {
                w.start_inline("property", [("name", name)]);
                scalar.write_scalar_text(w);
                w.end_inline("property");
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => n.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Date(d) => d.serialize(serializer),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor { in_list: false })
    }
}

struct ValueVisitor {
    in_list: bool,
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.in_list {
            f.write_str("a scalar list item")
        } else {
            f.write_str("a property value (a scalar or a list of scalars)")
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        if v.starts_with("/Date(") {
            if let Ok(date) = DateTime::parse_json(v) {
                if date.to_json_string() == v {
                    return Ok(Value::Date(date));
                }
            }
        }
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        if v.starts_with("/Date(") {
            return self.visit_str(&v);
        }
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.in_list {
            return Err(de::Error::custom("a list cannot hold a list"));
        }
        let mut items = Vec::new();
        while let Some(item) = crate::json::next_element_seed(&mut seq, items.len(), ListItem)? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<Value, A::Error> {
        Err(de::Error::custom(
            "an object where a property value belongs (properties are scalars or lists of scalars)",
        ))
    }
}

struct ListItem;

impl<'de> de::DeserializeSeed<'de> for ListItem {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor { in_list: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_inference_is_canonical_only() {
        assert_eq!(Value::from_xml_text("True"), Value::Bool(true));
        assert_eq!(Value::from_xml_text("true"), Value::String("true".into()));
        assert_eq!(Value::from_xml_text("42"), Value::from(42));
        assert_eq!(Value::from_xml_text("042"), Value::String("042".into()));
        assert_eq!(Value::from_xml_text("1.5").as_str(), None);
        assert_eq!(Value::from_xml_text("1e5"), Value::String("1e5".into()));
        assert!(matches!(
            Value::from_xml_text("2016-09-26T16:20:24.8356669-07:00"),
            Value::Date(_)
        ));
        assert_eq!(
            Value::from_xml_text("tel:+14255552222"),
            Value::String("tel:+14255552222".into())
        );
    }
}
