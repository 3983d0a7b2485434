//! Dynamic property values: what a property holds when no type says what it is.

use crate::date::DateTime;
use crate::error::Result;
use crate::property::Property;
use crate::xml::{Prop, Reader, Writer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// A property value of a resource no type describes (or of the catch-all): any JSON
/// value.
///
/// UCWA documents its properties as scalars or lists of scalars, but servers and
/// clients send objects and nested arrays too; they are kept, so that the catch-all
/// loses nothing. In XML a list is a `<propertyList>` whose entries are `<item>`s
/// (scalars), unnamed `<propertyList>`s (lists) and unnamed `<propertyBag>`s (objects);
/// an object is a `<propertyBag>` whose entries are named `<property>`,
/// `<propertyList>` and `<propertyBag>` elements, as an error body's `debugInfo` is
/// spelled:
///
/// ```xml
/// <propertyBag name="context">
///   <property name="id">7</property>
///   <propertyList name="hops"><item>a</item><propertyList><item>1</item></propertyList></propertyList>
///   <propertyBag name="empty"/>
/// </propertyBag>
/// ```
///
/// JSON says which scalar a value is; XML
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
    /// A number, with the digits it was written with.
    Number(Number),
    /// Text.
    String(String),
    /// A date-time (`/Date(ms)/` in JSON, ISO 8601 in XML).
    Date(DateTime),
    /// A list (`<propertyList>` in XML).
    List(Vec<Value>),
    /// An object: its members in order, a repeated name kept as often as it comes
    /// (`<propertyBag>` in XML).
    Object(Vec<(String, Value)>),
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

    /// The items, if this is a list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The first member of an object with this name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Reads the entries of the current `<propertyBag>` (or of any element holding
    /// named `<property>`, `<propertyList>` and `<propertyBag>` children) up to its end.
    pub fn decode_xml_members(r: &mut Reader<'_>) -> Result<Vec<(String, Value)>> {
        let mut members = Vec::new();
        while let Some(prop) = r.next_property()? {
            let value = Value::decode_xml(r, &prop).map_err(|e| e.in_segment(&prop.name))?;
            members.push((prop.name.into_owned(), value));
        }
        Ok(members)
    }

    /// Writes the value as an entry: named (`<property name>`, `<propertyList name>`,
    /// `<propertyBag name>`) in a resource or bag, unnamed (`<item>`, `<propertyList>`,
    /// `<propertyBag>`) in a list.
    fn encode_entry(&self, w: &mut Writer, name: Option<&str>) {
        let attributes = name.map(|name| ("name", name));
        match self {
            Value::Null => match name {
                Some(name) => w.null_property(name),
                None => w.null_item(),
            },
            Value::List(items) => {
                w.start("propertyList", attributes);
                for item in items {
                    item.encode_entry(w, None);
                }
                w.end("propertyList");
            }
            Value::Object(members) if members.is_empty() => w.empty("propertyBag", attributes),
            Value::Object(members) => {
                w.start("propertyBag", attributes);
                for (name, value) in members {
                    value.encode_entry(w, Some(name));
                }
                w.end("propertyBag");
            }
            scalar => {
                let element = if name.is_some() { "property" } else { "item" };
                w.start_inline(element, attributes);
                scalar.write_scalar_text(w);
                w.end_inline(element);
            }
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
            if let Some(n) = Number::from_json(text) {
                return Value::Number(n);
            }
            if text.len() >= 19
                && text.as_bytes().get(4) == Some(&b'-')
                && let Ok(date) = DateTime::parse_iso(text)
                && date.is_written_iso(text)
            {
                return Value::Date(date);
            }
        }
        Value::String(text.to_owned())
    }

    /// A JSON string: a date when spelled exactly as UCWA writes one, else text.
    pub(crate) fn from_json_text(v: Cow<'_, str>) -> Value {
        if v.starts_with("/Date(")
            && let Ok(date) = DateTime::parse_json(&v)
            && date.is_written_json(&v)
        {
            return Value::Date(date);
        }
        Value::String(v.into_owned())
    }

    /// A scalar's XML text, which [`from_xml_text`](Self::from_xml_text) reads back as
    /// the same value (a string spelled like another scalar aside): `True`/`False`, a
    /// number's digits, an ISO date, a string as it is. `None` for `null`, lists and
    /// objects, which are elements rather than text.
    pub fn xml_text(&self) -> Option<Cow<'_, str>> {
        Some(match self {
            Value::Bool(true) => Cow::Borrowed("True"),
            Value::Bool(false) => Cow::Borrowed("False"),
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::String(s) => Cow::Borrowed(s),
            Value::Date(d) => Cow::Owned(d.to_iso_string()),
            Value::Null | Value::List(_) | Value::Object(_) => return None,
        })
    }

    fn write_scalar_text(&self, w: &mut Writer) {
        match (self, self.xml_text()) {
            // Text to escape; the other scalars' texts need none.
            (Value::String(s), _) => w.text(s),
            (_, Some(text)) => w.plain_text(&text),
            (_, None) => {}
        }
    }
}

/// A number as JSON writes it, every digit kept: `18446744073709551616`,
/// `1.000000000000000005`, `1e-999` and `1e400` stay what they are, in both formats.
///
/// Two numbers are equal when they are written alike (`1.0` is not `1`). Integers that
/// fit `u64` or `i64` are held as such (no allocation); any other number as its text.
#[derive(Clone)]
pub struct Number(Repr);

#[derive(Clone)]
enum Repr {
    /// A non-negative integer, written without sign, fraction or exponent.
    Unsigned(u64),
    /// A negative integer, written without fraction or exponent.
    Negative(i64),
    /// Any other number (`-0`, fractions, exponents, beyond 64 bits), validated.
    Text(Box<RawValue>),
}

impl Number {
    /// The number written as `text`, if `text` is a JSON number (no sign `+`, no
    /// whitespace, no leading zeros).
    pub fn from_json(text: &str) -> Option<Number> {
        let (integer, digits) = json_number_shape(text.as_bytes())?;
        if integer
            && digits <= 20
            && let Some(n) = text.parse::<u64>().ok().map(Repr::Unsigned).or_else(|| {
                text.parse::<i64>()
                    .ok()
                    .filter(|&n| n < 0)
                    .map(Repr::Negative)
            })
        {
            return Some(Number(n));
        }
        RawValue::from_string(text.to_owned())
            .ok()
            .map(|raw| Number(Repr::Text(raw)))
    }

    /// The shortest text that reads back as `v` (`1.0` for one), or `None` when `v` is
    /// not finite.
    pub fn from_f64(v: f64) -> Option<Number> {
        let n = serde_json::Number::from_f64(v)?;
        Number::from_json(&n.to_string())
    }

    /// The number as an `i64`, if it is an integer (written as one) that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Unsigned(n) => i64::try_from(*n).ok(),
            Repr::Negative(n) => Some(*n),
            Repr::Text(_) => None,
        }
    }

    /// The number as a `u64`, if it is a non-negative integer (written as one) that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match &self.0 {
            Repr::Unsigned(n) => Some(*n),
            _ => None,
        }
    }

    /// The nearest `f64`, if the number is within its range.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.0 {
            Repr::Unsigned(n) => Some(*n as f64),
            Repr::Negative(n) => Some(*n as f64),
            Repr::Text(raw) => raw.get().parse::<f64>().ok().filter(|v| v.is_finite()),
        }
    }
}

/// Whether `b` follows JSON's number grammar; if so, whether it is an integer (no
/// fraction, no exponent) and how many bytes its integer part (with sign) has.
fn json_number_shape(b: &[u8]) -> Option<(bool, usize)> {
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return None,
    }
    let integer_end = i;
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    (i == b.len()).then_some((integer_end == b.len(), integer_end))
}

impl std::str::FromStr for Number {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        Number::from_json(s)
            .ok_or_else(|| crate::Error::custom(format!("`{s}` is not a JSON number")))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Unsigned(n) => fmt::Display::fmt(n, f),
            Repr::Negative(n) => fmt::Display::fmt(n, f),
            Repr::Text(raw) => f.write_str(raw.get()),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

/// Equal when written alike: integers are held as integers only when written as such.
impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Unsigned(a), Repr::Unsigned(b)) => a == b,
            (Repr::Negative(a), Repr::Negative(b)) => a == b,
            (Repr::Text(a), Repr::Text(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

impl Eq for Number {}

impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.to_string().hash(state);
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number(Repr::Unsigned(n))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        match u64::try_from(n) {
            Ok(n) => Number(Repr::Unsigned(n)),
            Err(_) => Number(Repr::Negative(n)),
        }
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Self {
        u64::from(n).into()
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Self {
        i64::from(n).into()
    }
}

/// JSON: the digits as written (through serde_json's raw value for any number that is
/// not a 64-bit integer).
impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Unsigned(n) => serializer.serialize_u64(*n),
            Repr::Negative(n) => serializer.serialize_i64(*n),
            Repr::Text(raw) => raw.serialize(serializer),
        }
    }
}

/// `From<T> for Value`, each as the variant it makes.
macro_rules! value_from {
    ($($ty:ty => |$v:ident| $make:expr;)*) => {$(
        impl From<$ty> for Value {
            fn from($v: $ty) -> Self {
                $make
            }
        }
    )*};
}

value_from! {
    &str => |s| Value::String(s.to_owned());
    String => |s| Value::String(s);
    bool => |b| Value::Bool(b);
    i64 => |n| Value::Number(n.into());
    Number => |n| Value::Number(n);
    DateTime => |d| Value::Date(d);
}

impl Property for Value {
    fn decode_xml(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Self> {
        if prop.nil {
            r.read_nil()?;
            return Ok(Value::Null);
        }
        if prop.bag {
            return Value::decode_xml_members(r).map(Value::Object);
        }
        if !prop.list {
            return Ok(Value::from_xml_text(&r.read_text()?));
        }
        let mut items = Vec::new();
        while let Some(item) = r.next_item()? {
            let value = Value::decode_xml(r, &item).map_err(|e| e.in_index(items.len()))?;
            items.push(value);
        }
        Ok(Value::List(items))
    }

    fn encode_xml(&self, w: &mut Writer, name: &str) {
        self.encode_entry(w, Some(name));
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
            Value::List(items) => serializer.collect_seq(items),
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json hands a number to `deserialize_any` only as an `f64` once it leaves
        // the `u64`/`i64` range (and without its `arbitrary_precision` feature, which
        // would change serde_json for every crate of a build). Asked for its raw-value
        // newtype, it hands over the value's text instead, which keeps every digit;
        // other deserializers see an ordinary newtype and are read as usual.
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, ValueVisitor)
    }
}

/// A JSON array, read as the catch-all reads it (for a field that wanted a scalar).
pub(crate) fn visit_json_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    ValueVisitor.visit_seq(seq)
}

/// The newtype name that makes serde_json give the text of the next value, as
/// `serde_json::value::RawValue` asks for it (a test checks the two agree).
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
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
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from_json_text(Cow::Borrowed(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::from_json_text(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = crate::json::next_element_seed(&mut seq, items.len(), ValueSeed)? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // serde_json's raw value arrives as a map of one entry under the token.
        let Some(key) = map.next_key::<crate::json::Key<'de>>()? else {
            return Ok(Value::Object(Vec::new()));
        };
        if key.as_str() == RAW_VALUE_TOKEN {
            let raw: crate::json::Key<'de> = map.next_value()?;
            let raw = raw.as_str();
            if let Some(inner) = crate::json::plain_string(raw) {
                return Ok(Value::from_json_text(Cow::Borrowed(inner)));
            }
            return RawText::new(raw).value().map_err(de::Error::custom);
        }
        // An object from another deserializer.
        object_after(key, map)
    }
}

/// The rest of a JSON object whose first key has been read, as a [`Value`].
pub(crate) fn object_after<'de, A: MapAccess<'de>>(
    first: crate::json::Key<'de>,
    mut map: A,
) -> Result<Value, A::Error> {
    let mut members = Vec::new();
    let mut key = Some(first);
    while let Some(name) = key {
        let value = crate::json::next_value_seed(&mut map, name.as_str(), ValueSeed)?;
        members.push((name.into_owned(), value));
        key = map.next_key()?;
    }
    Ok(Value::Object(members))
}

/// A JSON value's text, as serde_json hands it over when asked for [`RAW_VALUE_TOKEN`],
/// read into a [`Value`] with every digit kept.
pub(crate) fn raw_json_value(raw: &str) -> Result<Value, String> {
    RawText::new(raw).value()
}

/// A [`Value`] inside a list or object, read as the top-level one is (digits kept).
struct ValueSeed;

impl<'de> de::DeserializeSeed<'de> for ValueSeed {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }
}

/// A JSON value's text as serde_json validated it (grammar, UTF-8, control characters,
/// nesting depth), read into a [`Value`]: numbers keep their digits; strings with
/// escapes are unescaped by serde_json itself (which refuses lone surrogates).
struct RawText<'a> {
    text: &'a str,
    at: usize,
    /// Lists and objects open around the value being read.
    depth: usize,
}

/// How deep lists and objects may nest inside one value. serde_json checks its own
/// recursion limit (128) on what it reads, but not inside a raw value, so this is
/// checked here, with the same number.
const MAX_VALUE_DEPTH: usize = 128;

impl<'a> RawText<'a> {
    fn new(text: &'a str) -> Self {
        RawText {
            text,
            at: 0,
            depth: 0,
        }
    }

    /// Enters a list or object, within [`MAX_VALUE_DEPTH`].
    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_VALUE_DEPTH {
            return Err(format!(
                "lists and objects nested deeper than {MAX_VALUE_DEPTH} in one value"
            ));
        }
        Ok(())
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.as_bytes().get(self.at) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(MALFORMED.into())
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_whitespace();
        let start = self.at;
        match self.peek() {
            Some(b'"') => self.string().map(Value::from_json_text),
            Some(b'[') => {
                self.enter()?;
                let list = self.list();
                self.depth -= 1;
                list
            }
            Some(b'{') => {
                self.enter()?;
                let object = self.object();
                self.depth -= 1;
                object
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                self.at += 1;
                while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.peek() {
                    self.at += 1;
                }
                Number::from_json(&self.text[start..self.at])
                    .map(Value::Number)
                    .ok_or_else(|| MALFORMED.into())
            }
            _ => Err(MALFORMED.into()),
        }
    }

    /// After an entry: `,` (more follow, `true`) or `close` (the end, `false`).
    fn separator(&mut self, close: u8) -> Result<bool, String> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(MALFORMED.into()),
        }
    }

    /// Whether the container just opened is empty (its `close` is consumed).
    fn empty(&mut self, close: u8) -> bool {
        self.at += 1;
        self.skip_whitespace();
        let empty = self.peek() == Some(close);
        if empty {
            self.at += 1;
        }
        empty
    }

    fn list(&mut self) -> Result<Value, String> {
        let mut items = Vec::new();
        if self.empty(b']') {
            return Ok(Value::List(items));
        }
        loop {
            let item = self.value().inspect_err(|_| {
                crate::json::path::push(&items.len().to_string());
            })?;
            items.push(item);
            if !self.separator(b']')? {
                return Ok(Value::List(items));
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut members = Vec::new();
        if self.empty(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(MALFORMED.into());
            }
            let name = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(MALFORMED.into());
            }
            self.at += 1;
            let value = self
                .value()
                .inspect_err(|_| crate::json::path::push(&name))?;
            members.push((name.into_owned(), value));
            if !self.separator(b'}')? {
                return Ok(Value::Object(members));
            }
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            match bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                Some(_) => i += 1,
                None => return Err(MALFORMED.into()),
            }
        }
        self.at = i + 1;
        if !escaped {
            return Ok(Cow::Borrowed(&self.text[start + 1..i]));
        }
        serde_json::from_str::<String>(&self.text[start..=i])
            .map(Cow::Owned)
            .map_err(|e| crate::json::message_of(&e))
    }
}

const MALFORMED: &str = "malformed JSON value";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_raw_value_token() {
        // What `RawValue` asks a deserializer for: the name Value's deserializer uses.
        struct Spy;
        impl<'de> Deserializer<'de> for Spy {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("not a newtype"))
            }
            fn deserialize_newtype_struct<V: Visitor<'de>>(
                self,
                name: &'static str,
                _: V,
            ) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom(name))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct seq tuple tuple_struct map struct
                enum identifier ignored_any
            }
        }
        let e = Box::<RawValue>::deserialize(Spy).unwrap_err();
        assert_eq!(e.to_string(), RAW_VALUE_TOKEN);
    }

    #[test]
    fn numbers_keep_their_digits() {
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1.000000000000000005",
            "1e-999",
            "1e400",
            "1E+2",
            "1.50",
            "-0.0e-0",
        ] {
            let n: Number = text.parse().unwrap();
            assert_eq!(n.to_string(), text);
            let json = format!(r#"{{"rel":"x","n":{text},"l":[{text}, {text}]}}"#);
            let doc: crate::DynResource = crate::json::from_str(&json).unwrap();
            assert_eq!(doc.members.property("n"), Some(&Value::Number(n.clone())));
            assert_eq!(
                crate::json::to_string(&doc).unwrap(),
                json.replace(", ", ",")
            );
            let xml = crate::xml::to_string(&doc).unwrap();
            assert!(xml.contains(&format!(">{text}</property>")), "{xml}");
            assert_eq!(
                crate::xml::from_str::<crate::DynResource>(&xml).unwrap(),
                doc
            );
        }
        for text in [
            "", "-", "01", "1.", ".5", "+1", "1e", " 1", "1 ", "0x1", "NaN",
        ] {
            assert!(text.parse::<Number>().is_err(), "{text}");
        }
        assert_eq!(Number::from(-5i64).as_i64(), Some(-5));
        assert_eq!("1e400".parse::<Number>().unwrap().as_f64(), None);
        assert_eq!("2.5".parse::<Number>().unwrap().as_f64(), Some(2.5));
    }

    #[test]
    fn a_scalar_xml_text_reads_back_as_the_same_value() {
        let date = DateTime::parse_iso("2016-09-26T16:20:24.8356669-07:00").unwrap();
        let scalars = [
            Value::Bool(true),
            Value::Bool(false),
            Value::Number("1e5".parse().unwrap()),
            Value::from(-42),
            Value::Date(date),
            Value::String("text".into()),
        ];
        for value in scalars {
            let text = value.xml_text().unwrap();
            assert_eq!(Value::from_xml_text(&text), value, "{text}");
        }
        assert_eq!(Value::Bool(false).xml_text().as_deref(), Some("False"));
        assert_eq!(Value::Null.xml_text(), None);
        assert_eq!(Value::List(Vec::new()).xml_text(), None);
    }

    #[test]
    fn xml_text_inference_is_canonical_only() {
        assert_eq!(Value::from_xml_text("True"), Value::Bool(true));
        assert_eq!(Value::from_xml_text("true"), Value::String("true".into()));
        assert_eq!(Value::from_xml_text("42"), Value::from(42));
        assert_eq!(Value::from_xml_text("042"), Value::String("042".into()));
        assert_eq!(Value::from_xml_text("1.5").as_str(), None);
        assert_eq!(
            Value::from_xml_text("1e5"),
            Value::Number("1e5".parse().unwrap())
        );
        assert_eq!(Value::from_xml_text("1e"), Value::String("1e".into()));
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
