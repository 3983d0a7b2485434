//! Property bags: open-ended, ordered name → value maps.
//!
//! UCWA uses them where the set of names is not fixed: the `debugInfo` and `parameters`
//! of an error body, and (in this crate) the members of error bodies and events that no
//! field describes. A value is a [`Value`] or a nested bag, so whatever JSON object the
//! server sends is kept: every digit of its numbers too.
//!
//! # XML form
//!
//! The bag's element (`<debugInfo>`, `<parameters>`, an event element, …) holds one child
//! per entry, in the style of a UCWA `<resource>`:
//!
//! ```xml
//! <debugInfo>
//!   <property name="errorReportId">1f0c</property>
//!   <propertyList name="servers"><item>fe1</item><item>fe2</item></propertyList>
//!   <propertyBag name="trace"><property name="hop">1</property></propertyBag>
//! </debugInfo>
//! ```
//!
//! `<propertyBag name>` (a nested bag) is this crate's choice: the reference shows only
//! empty bags. It is the spelling of any JSON object in this crate's XML (see
//! [`Value`]), and values follow [`Value`]'s rules: nested lists and objects, XML text,
//! `xsi:nil`. An attribute JSON could not carry is refused, not dropped.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};
use ucwa_codec::authoring::json::{self, Key};
use ucwa_codec::authoring::xml::{self, Reader, Writer};
use ucwa_codec::{Property, Result, Value};

/// An ordered map of names to values or nested bags. Repeated names are all kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PropertyBag {
    /// The entries, in document order.
    pub entries: Vec<(String, BagValue)>,
}

/// The value of a [`PropertyBag`] entry.
#[derive(Clone, Debug, PartialEq)]
pub enum BagValue {
    /// A scalar, a list of scalars or null.
    Value(Value),
    /// A nested bag (a JSON object).
    Bag(PropertyBag),
}

impl PropertyBag {
    /// An empty bag.
    pub fn new() -> Self {
        PropertyBag::default()
    }

    /// Whether the bag has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The first entry with this name.
    pub fn get(&self, name: &str) -> Option<&BagValue> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The first entry with this name, if it holds a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            BagValue::Value(v) => v.as_str(),
            BagValue::Bag(_) => None,
        }
    }

    /// Appends an entry.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<BagValue>) {
        self.entries.push((name.into(), value.into()));
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// Reads the entries of the bag element whose start tag has been read, up to its end.
    pub fn decode_xml(r: &mut Reader<'_>) -> Result<Self> {
        let entries = Value::decode_xml_members(r)?;
        Ok(PropertyBag {
            entries: entries.into_iter().map(|(n, v)| (n, v.into())).collect(),
        })
    }

    /// Reads a `<property>`, `<propertyList>` or `<propertyBag>` element into an entry
    /// (an event's or an error body's member no field describes).
    pub(crate) fn decode_xml_entry(
        &mut self,
        r: &mut Reader<'_>,
        element: xml::Element<'_>,
    ) -> Result<()> {
        let prop = r.property_start(&element)?;
        let value =
            <Value as Property>::decode_xml(r, &prop).map_err(|e| e.in_segment(&prop.name))?;
        self.entries.push((prop.name.into_owned(), value.into()));
        Ok(())
    }

    /// Writes the entries as children of the current element.
    pub fn encode_xml_entries(&self, w: &mut Writer) {
        for (name, value) in &self.entries {
            value.encode_xml(w, name);
        }
    }

    /// Writes the bag as `<element attributes>entries</element>` (empty: `<element />`).
    pub fn encode_xml_element<'x>(
        &self,
        w: &mut Writer,
        element: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
    ) {
        if self.entries.is_empty() {
            w.empty(element, attributes);
        } else {
            w.start(element, attributes);
            self.encode_xml_entries(w);
            w.end(element);
        }
    }

    /// Writes the entries as members of a JSON object being serialized.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (name, value) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        Ok(())
    }
}

impl BagValue {
    /// The value, when this is not a nested bag.
    pub fn as_value(&self) -> Option<&Value> {
        match self {
            BagValue::Value(v) => Some(v),
            BagValue::Bag(_) => None,
        }
    }

    /// The nested bag, if this is one.
    pub fn as_bag(&self) -> Option<&PropertyBag> {
        match self {
            BagValue::Bag(b) => Some(b),
            BagValue::Value(_) => None,
        }
    }

    /// Writes the entry as `<property>`, `<propertyList>` or `<propertyBag>`.
    pub fn encode_xml(&self, w: &mut Writer, name: &str) {
        match self {
            BagValue::Value(v) => v.encode_xml(w, name),
            BagValue::Bag(b) => b.encode_xml_element(w, "propertyBag", [("name", name)]),
        }
    }
}

/// An object becomes a nested bag (its own objects too); any other value stays one.
impl From<Value> for BagValue {
    fn from(v: Value) -> Self {
        match v {
            Value::Object(members) => BagValue::Bag(PropertyBag {
                entries: members.into_iter().map(|(n, v)| (n, v.into())).collect(),
            }),
            v => BagValue::Value(v),
        }
    }
}

impl From<PropertyBag> for BagValue {
    fn from(b: PropertyBag) -> Self {
        BagValue::Bag(b)
    }
}

impl From<&str> for BagValue {
    fn from(s: &str) -> Self {
        BagValue::Value(Value::from(s))
    }
}

impl From<String> for BagValue {
    fn from(s: String) -> Self {
        BagValue::Value(Value::from(s))
    }
}

impl Serialize for PropertyBag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        self.serialize_entries(&mut map)?;
        map.end()
    }
}

impl Serialize for BagValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            BagValue::Value(v) => v.serialize(serializer),
            BagValue::Bag(b) => b.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PropertyBag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json::ReadObject(BagReader::default()).deserialize(deserializer)
    }
}

#[derive(Default)]
struct BagReader(PropertyBag);

impl<'de> json::ObjectReader<'de> for BagReader {
    type Value = PropertyBag;

    const EXPECTING: &'static str = "a property bag (a JSON object)";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let value: BagValue = json::next_value(map, key.as_str())?;
        self.0.entries.push((key.into_owned(), value));
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<PropertyBag, E> {
        Ok(self.0)
    }
}

/// Read as a [`Value`] (every digit kept), objects becoming nested bags.
impl<'de> Deserialize<'de> for BagValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(BagValue::from)
    }
}
