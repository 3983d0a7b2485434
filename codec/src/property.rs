//! How property values travel: [`Scalar`] for single values, [`Property`] for what a
//! property field may hold (a scalar or a list of scalars).
//!
//! JSON goes through serde (`Serialize`/`Deserialize` give the JSON shape); XML goes
//! through these traits, which read and write the element text.

use crate::date::DateTime;
use crate::error::Result;
use crate::json::plain_string;
use crate::value::{RAW_VALUE_TOKEN, Value, raw_json_value};
use crate::xml::{Prop, Reader, Writer};
use serde::Serialize;
use serde::de::value::{
    BoolDeserializer, Error as ValueError, F64Deserializer, I64Deserializer, StrDeserializer,
    U64Deserializer,
};
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess,
    Visitor,
};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// What reading a property's value gave: a value of the field's type, `null`, or a value
/// that does not fit the type, kept as read (as the catch-all would keep an unknown
/// member) with the reason. Only syntax errors and limits are errors at this level:
/// the caller decides (by the strict option) whether an unfit value is kept or refused.
#[doc(hidden)]
#[derive(Debug)]
pub enum Fit<T> {
    /// The value, of the field's type.
    Typed(T),
    /// JSON `null`, XML `xsi:nil`.
    Null,
    /// A value the type does not take, and why.
    Unfit(Value, String),
}

/// A single property value: its XML text form (JSON comes from serde).
///
/// Implemented for strings, booleans (`True`/`False` in XML), every primitive integer
/// type up to 64 bits (a value out of the type's range is an error naming the type), `f64`,
/// [`DateTime`] and the enums derived with [`StringEnum`](crate::StringEnum).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a UCWA scalar property value",
    label = "not a scalar property value",
    note = "scalars are String, bool, the primitive integer types (i8 to i64, u8 to u64, isize, usize), f64, DateTime and #[derive(StringEnum)] enums"
)]
pub trait Scalar: Sized {
    /// Parses the XML text of a `<property>` or `<item>`; the error says what is wrong.
    /// Only a text that [`write_xml_text`](Self::write_xml_text) writes back the same is
    /// a value: another spelling (white space, another case, `007`) is refused, so that
    /// it is kept as read rather than rewritten.
    fn from_xml_text(text: &str) -> Result<Self, String>;

    /// Writes the XML text form.
    fn write_xml_text(&self, w: &mut Writer);

    /// For enums: the value when it is not a known member (kept, not rejected).
    fn unknown_value(&self) -> Option<&str> {
        None
    }

    /// For a value read from JSON: the text it is written back as, when that is not
    /// `text` (a number as written, or a string's content), so that the value is kept
    /// as read rather than rewritten (`f64` reads `1.50` and writes `1.5`). The default:
    /// `None`, for types that write back every text they read. Strict decoding reads
    /// JSON through the type's own `Deserialize`, which this does not reach.
    fn json_rewritten(&self, text: &str) -> Option<String> {
        let _ = text;
        None
    }
}

/// What a property field may hold: a [`Scalar`] (`<property>`) or a `Vec` of them
/// (`<propertyList>`), or a dynamic [`Value`](crate::Value).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a UCWA property",
    label = "not a property value",
    note = "a property field holds a scalar (String, bool, integers, f64, DateTime, a StringEnum), a Vec of scalars, or a dynamic Value"
)]
pub trait Property: Serialize + DeserializeOwned {
    /// Reads the value of a property element whose start tag has been read.
    fn decode_xml(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Self>;

    /// Writes the whole `<property>` / `<propertyList>` element.
    fn encode_xml(&self, w: &mut Writer, name: &str);

    /// Reports enum values that are not known members.
    fn unknown_values(&self, report: &mut dyn FnMut(&str)) {
        let _ = report;
    }

    /// Reads a JSON property value, keeping one that does not fit the type rather than
    /// failing. The default refuses instead (for types that implement this trait by
    /// hand); the scalars, their lists and [`Value`] keep.
    #[doc(hidden)]
    fn deserialize_json_fit<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self>, D::Error> {
        Ok(match Option::<Self>::deserialize(d)? {
            Some(value) => Fit::Typed(value),
            None => Fit::Null,
        })
    }

    /// Reads an XML property value (its start tag read), keeping one that does not fit
    /// the type rather than failing, like [`deserialize_json_fit`](Self::deserialize_json_fit).
    #[doc(hidden)]
    fn decode_xml_fit(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Fit<Self>> {
        if prop.nil {
            r.read_nil()?;
            return Ok(Fit::Null);
        }
        Self::decode_xml(r, prop).map(Fit::Typed)
    }
}

/// The value of an XML property element that is not the shape a field wants, read as
/// the catch-all reads it.
fn unfit_xml<T>(r: &mut Reader<'_>, prop: &Prop<'_>, why: String) -> Result<Fit<T>> {
    let value = Value::decode_xml(r, prop)?;
    Ok(Fit::Unfit(value, why))
}

impl<T: Scalar + Serialize + DeserializeOwned> Property for T {
    fn decode_xml(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Self> {
        if prop.list || prop.bag {
            return Err(r.data_error(format!(
                "expected a single value, found a {}",
                prop.element_name()
            )));
        }
        if prop.nil {
            return Err(r.data_error("null where a value is required"));
        }
        let text = r.read_text()?;
        T::from_xml_text(&text).map_err(|message| r.data_error(message))
    }

    fn deserialize_json_fit<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self>, D::Error> {
        ScalarFit::<T>(PhantomData).deserialize(d)
    }

    fn decode_xml_fit(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Fit<Self>> {
        if prop.nil {
            r.read_nil()?;
            return Ok(Fit::Null);
        }
        if prop.list || prop.bag {
            let why = format!("expected a single value, found a {}", prop.element_name());
            return unfit_xml(r, prop, why);
        }
        let text = r.read_text()?;
        Ok(match T::from_xml_text(&text) {
            Ok(value) => Fit::Typed(value),
            Err(why) => Fit::Unfit(Value::from_xml_text(&text), why),
        })
    }

    fn encode_xml(&self, w: &mut Writer, name: &str) {
        w.start_inline("property", [("name", name)]);
        self.write_xml_text(w);
        w.end_inline("property");
    }

    fn unknown_values(&self, report: &mut dyn FnMut(&str)) {
        if let Some(value) = self.unknown_value() {
            report(value);
        }
    }
}

impl<T: Scalar + Serialize + DeserializeOwned> Property for Vec<T> {
    fn decode_xml(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Self> {
        if prop.bag {
            return Err(r.data_error("expected a <propertyList>, found a <propertyBag>"));
        }
        if !prop.list {
            return Err(r.data_error("expected a <propertyList>, found a single <property>"));
        }
        let mut items = Vec::new();
        r.read_items(|r, text| match text {
            Some(text) => {
                items.push(T::from_xml_text(&text).map_err(|m| r.data_error(m))?);
                Ok(())
            }
            None => Err(r.data_error("null item in a list")),
        })?;
        Ok(items)
    }

    fn deserialize_json_fit<'de, D: Deserializer<'de>>(d: D) -> Result<Fit<Self>, D::Error> {
        // As for a scalar: serde_json hands over the text, so nothing is rounded.
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, ListFit::<T>(PhantomData))
    }

    fn decode_xml_fit(r: &mut Reader<'_>, prop: &Prop<'_>) -> Result<Fit<Self>> {
        if prop.nil {
            r.read_nil()?;
            return Ok(Fit::Null);
        }
        if prop.bag || !prop.list {
            let why = format!("expected a <propertyList>, found a {}", prop.element_name());
            return unfit_xml(r, prop, why);
        }
        // The items' texts are kept (borrowed from the input, mostly) so that a list with
        // one unfit item is kept whole, as read.
        let mut items = Vec::new();
        let mut texts: Vec<Option<Cow<'_, str>>> = Vec::new();
        let mut why = None;
        while let Some(entry) = r.next_item()? {
            if entry.list || entry.bag {
                // A nested list or object: the rest is read as the catch-all reads it.
                let nested = Value::decode_xml(r, &entry)?;
                let mut kept: Vec<Value> = texts.drain(..).map(text_value).collect();
                kept.push(nested);
                while let Some(entry) = r.next_item()? {
                    kept.push(Value::decode_xml(r, &entry)?);
                }
                let why = format!(
                    "a nested {} where a list item belongs",
                    entry.element_name()
                );
                return Ok(Fit::Unfit(Value::List(kept), why));
            }
            let text = if entry.nil {
                r.read_nil()?;
                None
            } else {
                Some(r.read_text()?)
            };
            if why.is_none() {
                match text.as_deref().map(T::from_xml_text) {
                    Some(Ok(item)) => items.push(item),
                    Some(Err(message)) => why = Some(format!("item {}: {message}", texts.len())),
                    None => why = Some(format!("item {}: null in a list", texts.len())),
                }
            }
            texts.push(text);
        }
        Ok(match why {
            None => Fit::Typed(items),
            Some(why) => Fit::Unfit(
                Value::List(texts.into_iter().map(text_value).collect()),
                why,
            ),
        })
    }

    fn encode_xml(&self, w: &mut Writer, name: &str) {
        w.start("propertyList", [("name", name)]);
        for item in self {
            w.start_inline("item", None::<(&str, &str)>);
            item.write_xml_text(w);
            w.end_inline("item");
        }
        w.end("propertyList");
    }

    fn unknown_values(&self, report: &mut dyn FnMut(&str)) {
        for item in self {
            if let Some(value) = item.unknown_value() {
                report(value);
            }
        }
    }
}

impl Scalar for String {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
    fn write_xml_text(&self, w: &mut Writer) {
        w.text(self);
    }
}

impl Scalar for bool {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        // UCWA's spelling only: `true` or ` True ` would be written back as `True`.
        match text {
            "True" => Ok(true),
            "False" => Ok(false),
            _ => Err(format!(
                "invalid boolean `{text}`: expected `True` or `False`"
            )),
        }
    }
    fn write_xml_text(&self, w: &mut Writer) {
        w.plain_text(if *self { "True" } else { "False" });
    }
}

// One implementation for every integer type: the text is the decimal form, and parsing
// refuses what the type cannot hold, naming the type (JSON gets the same from serde).
macro_rules! integer_scalar {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            fn from_xml_text(text: &str) -> Result<Self, String> {
                if !is_written_integer(text) {
                    return Err(format!(
                        "invalid {} `{}`: expected decimal digits, no leading zero, \
                         `-` only before a nonzero number",
                        stringify!($t),
                        text
                    ));
                }
                text.parse().map_err(|e| {
                    format!("invalid {} `{}`: {}", stringify!($t), text, e)
                })
            }
            fn write_xml_text(&self, w: &mut Writer) {
                w.plain_text(&self.to_string());
            }
        }
    )*};
}
integer_scalar!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

/// Whether `text` is an integer as it is written back (`-?(0|[1-9][0-9]*)`, not `-0`):
/// another spelling (`+5`, `007`, `-0`, white space) would not survive the field, so
/// it does not fit and is kept as it came, as JSON keeps `-0`.
fn is_written_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.as_bytes() {
        [b'0'] => digits.len() == text.len(),
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
        [] => false,
    }
}

/// Why a value read as `text` does not fit: its type writes it back as `written`. Such
/// a spelling (`1.50`, white space) would not survive the field, so the value is kept
/// as it came.
fn rewritten(text: &str, written: &str) -> String {
    format!("`{text}` would be written back as `{written}`")
}

/// How a finite `f64` is written, in either format (serde_json's shortest form).
fn written_f64(value: f64) -> Option<String> {
    serde_json::Number::from_f64(value).map(|n| n.to_string())
}

impl Scalar for f64 {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        let parsed = text.parse::<f64>().ok();
        match parsed.and_then(|v| Some((v, written_f64(v)?))) {
            Some((value, written)) if written == text => Ok(value),
            Some((_, written)) => Err(rewritten(text, &written)),
            None => Err(format!("invalid number `{text}`")),
        }
    }
    fn write_xml_text(&self, w: &mut Writer) {
        match written_f64(*self) {
            Some(text) => w.plain_text(&text),
            None => w.fail(crate::Error::custom(
                "a non-finite number cannot be written",
            )),
        }
    }
    fn json_rewritten(&self, text: &str) -> Option<String> {
        written_f64(*self).filter(|written| written != text)
    }
}

impl Scalar for DateTime {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        let value = DateTime::parse_iso(text).map_err(|e| e.to_string())?;
        match value.is_written_iso(text) {
            true => Ok(value),
            false => Err(rewritten(text, &value.to_iso_string())),
        }
    }
    fn write_xml_text(&self, w: &mut Writer) {
        let mut s = String::with_capacity(33);
        self.write_iso(&mut s);
        w.plain_text(&s);
    }
    fn json_rewritten(&self, text: &str) -> Option<String> {
        (!self.is_written_json(text)).then(|| self.to_json_output_string())
    }
}

fn text_value(text: Option<Cow<'_, str>>) -> Value {
    text.map_or(Value::Null, |t| Value::from_xml_text(&t))
}

/// The message of an error from a value deserializer, as a reason.
fn reason<T>(result: Result<T, ValueError>) -> Result<T, String> {
    result.map_err(|e| e.to_string())
}

/// Reads a JSON scalar for a field of type `T`: the value if `T` takes it, otherwise
/// the value as the catch-all keeps it and the reason. Every JSON value is consumed
/// whole, so reading goes on after an unfit one.
struct ScalarFit<T>(PhantomData<T>);

impl<T: Scalar + DeserializeOwned> ScalarFit<T> {
    fn fit<E>(typed: Result<T, String>, kept: impl FnOnce() -> Value) -> Result<Fit<T>, E> {
        Ok(match typed {
            Ok(value) => Fit::Typed(value),
            Err(why) => Fit::Unfit(kept(), why),
        })
    }
}

impl<'de, T: Scalar + DeserializeOwned> DeserializeSeed<'de> for ScalarFit<T> {
    type Value = Fit<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Fit<T>, D::Error> {
        // serde_json hands over the value's text, so a number the field refuses is kept
        // with every digit (through `deserialize_any` it would arrive as a rounded
        // float); other deserializers see a newtype and are read through `deserialize_any`.
        d.deserialize_newtype_struct(RAW_VALUE_TOKEN, self)
    }
}

/// A map where a property value belongs, as the fit visitors see it: serde_json's raw
/// text of the value (typed by `from_raw`), or an object, which does not fit (`why`)
/// and is kept whole.
fn fit_map<'de, A: MapAccess<'de>, T>(
    mut map: A,
    why: &str,
    from_raw: fn(&str) -> Result<Fit<T>, String>,
) -> Result<Fit<T>, A::Error> {
    let Some(key) = map.next_key::<crate::json::Key<'de>>()? else {
        return Ok(Fit::Unfit(Value::Object(Vec::new()), why.to_owned()));
    };
    if key.as_str() == RAW_VALUE_TOKEN {
        let raw: crate::json::Key<'de> = map.next_value()?;
        return from_raw(raw.as_str()).map_err(de::Error::custom);
    }
    let value = crate::value::object_after(key, map)?;
    Ok(Fit::Unfit(value, why.to_owned()))
}

/// A scalar field's value from its JSON text.
fn scalar_from_raw<T: Scalar + DeserializeOwned>(raw: &str) -> Result<Fit<T>, String> {
    let unfit = |why: String| Ok(Fit::Unfit(raw_json_value(raw)?, why));
    match raw.as_bytes().first() {
        Some(b'n') => Ok(Fit::Null),
        Some(b'[') => unfit("expected a single value, found a list".to_owned()),
        Some(b'{') => unfit("expected a single value, found an object".to_owned()),
        Some(b'"') => {
            let unescaped;
            let text = match plain_string(raw) {
                Some(inner) => inner,
                None => {
                    unescaped = serde_json::from_str::<String>(raw).map_err(|e| e.to_string())?;
                    unescaped.as_str()
                }
            };
            let kept = || Value::from_json_text(Cow::Borrowed(text));
            Ok(
                match T::deserialize(StrDeserializer::<ValueError>::new(text)) {
                    Ok(value) => match value.json_rewritten(text) {
                        None => Fit::Typed(value),
                        Some(written) => Fit::Unfit(kept(), rewritten(text, &written)),
                    },
                    Err(why) => Fit::Unfit(kept(), why.to_string()),
                },
            )
        }
        _ => match serde_json::from_str::<T>(raw) {
            Ok(value) => match value.json_rewritten(raw) {
                None => Ok(Fit::Typed(value)),
                Some(written) => unfit(rewritten(raw, &written)),
            },
            Err(e) => unfit(crate::json::message_of(&e)),
        },
    }
}

impl<'de, T: Scalar + DeserializeOwned> Visitor<'de> for ScalarFit<T> {
    type Value = Fit<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Fit<T>, E> {
        Ok(Fit::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Fit<T>, E> {
        Ok(Fit::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Fit<T>, E> {
        let typed = reason(T::deserialize(BoolDeserializer::<ValueError>::new(v)));
        Self::fit(typed, || Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fit<T>, E> {
        let typed = reason(T::deserialize(I64Deserializer::<ValueError>::new(v)));
        Self::fit(typed, || Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fit<T>, E> {
        let typed = reason(T::deserialize(U64Deserializer::<ValueError>::new(v)));
        Self::fit(typed, || Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fit<T>, E> {
        // serde_json hands over a float for a number with a fraction or an exponent, or
        // one out of the 64-bit ranges; kept as that float when the field refuses it.
        let typed = reason(T::deserialize(F64Deserializer::<ValueError>::new(v)));
        match crate::value::Number::from_f64(v) {
            Some(n) => Self::fit(typed, || Value::Number(n)),
            None => Err(E::custom("non-finite number")),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fit<T>, E> {
        let typed = reason(T::deserialize(StrDeserializer::<ValueError>::new(v)));
        Self::fit(typed, || Value::from_json_text(Cow::Borrowed(v)))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Fit<T>, D::Error> {
        // Not serde_json (which hands over the raw text, to `visit_map`): through the
        // visitor shared by every scalar type, so that `deserialize_any` (a thousand
        // lines of debug IR for serde_json, which instantiates it here whether or not it
        // runs) is instantiated once, not once per scalar type (every string enum).
        let mut slot: Option<T> = None;
        let fit = d.deserialize_any(ScalarFitVisitor(&mut slot))?;
        Ok(typed_fit(fit, slot))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Fit<T>, A::Error> {
        let value = crate::value::visit_json_seq(seq)?;
        Ok(Fit::Unfit(
            value,
            "expected a single value, found a list".to_owned(),
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Fit<T>, A::Error> {
        fit_map(
            map,
            "expected a single value, found an object",
            scalar_from_raw,
        )
    }
}

/// A fit read through [`ScalarFitVisitor`] (`Typed(())`: the value is in the slot).
fn typed_fit<T>(fit: Fit<()>, slot: Option<T>) -> Fit<T> {
    match (fit, slot) {
        (Fit::Typed(()), Some(value)) => Fit::Typed(value),
        (Fit::Unfit(value, why), _) => Fit::Unfit(value, why),
        // `Typed` fills the slot; `Null` does not.
        (Fit::Typed(()) | Fit::Null, _) => Fit::Null,
    }
}

/// What reading a JSON scalar takes from its type, for [`ScalarFitVisitor`]: each step
/// types a value (into the slot) or says why not.
trait ScalarSlot {
    fn take_bool(&mut self, v: bool) -> Result<(), String>;
    fn take_i64(&mut self, v: i64) -> Result<(), String>;
    fn take_u64(&mut self, v: u64) -> Result<(), String>;
    fn take_f64(&mut self, v: f64) -> Result<(), String>;
    fn take_str(&mut self, v: &str) -> Result<(), String>;
    /// From the value's JSON text (see [`scalar_from_raw`]).
    fn take_raw(&mut self, raw: &str) -> Result<Fit<()>, String>;
}

impl<T: Scalar + DeserializeOwned> ScalarSlot for Option<T> {
    fn take_bool(&mut self, v: bool) -> Result<(), String> {
        fill(self, T::deserialize(BoolDeserializer::<ValueError>::new(v)))
    }
    fn take_i64(&mut self, v: i64) -> Result<(), String> {
        fill(self, T::deserialize(I64Deserializer::<ValueError>::new(v)))
    }
    fn take_u64(&mut self, v: u64) -> Result<(), String> {
        fill(self, T::deserialize(U64Deserializer::<ValueError>::new(v)))
    }
    fn take_f64(&mut self, v: f64) -> Result<(), String> {
        fill(self, T::deserialize(F64Deserializer::<ValueError>::new(v)))
    }
    fn take_str(&mut self, v: &str) -> Result<(), String> {
        fill(self, T::deserialize(StrDeserializer::<ValueError>::new(v)))
    }
    fn take_raw(&mut self, raw: &str) -> Result<Fit<()>, String> {
        Ok(match scalar_from_raw::<T>(raw)? {
            Fit::Typed(value) => {
                *self = Some(value);
                Fit::Typed(())
            }
            Fit::Null => Fit::Null,
            Fit::Unfit(value, why) => Fit::Unfit(value, why),
        })
    }
}

fn fill<T>(slot: &mut Option<T>, typed: Result<T, ValueError>) -> Result<(), String> {
    *slot = Some(reason(typed)?);
    Ok(())
}

/// [`ScalarFit`]'s visitor for deserializers other than serde_json's, the same type for
/// every scalar type: what depends on the type goes through a [`ScalarSlot`].
struct ScalarFitVisitor<'a>(&'a mut dyn ScalarSlot);

impl ScalarFitVisitor<'_> {
    fn fit<E>(typed: Result<(), String>, kept: impl FnOnce() -> Value) -> Result<Fit<()>, E> {
        Ok(match typed {
            Ok(()) => Fit::Typed(()),
            Err(why) => Fit::Unfit(kept(), why),
        })
    }
}

impl<'de> Visitor<'de> for ScalarFitVisitor<'_> {
    type Value = Fit<()>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Fit<()>, E> {
        Ok(Fit::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Fit<()>, E> {
        Ok(Fit::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Fit<()>, E> {
        Self::fit(self.0.take_bool(v), || Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fit<()>, E> {
        Self::fit(self.0.take_i64(v), || Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fit<()>, E> {
        Self::fit(self.0.take_u64(v), || Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fit<()>, E> {
        let typed = self.0.take_f64(v);
        match crate::value::Number::from_f64(v) {
            Some(n) => Self::fit(typed, || Value::Number(n)),
            None => Err(E::custom("non-finite number")),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fit<()>, E> {
        Self::fit(self.0.take_str(v), || {
            Value::from_json_text(Cow::Borrowed(v))
        })
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Fit<()>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Fit<()>, A::Error> {
        let value = crate::value::visit_json_seq(seq)?;
        Ok(Fit::Unfit(
            value,
            "expected a single value, found a list".to_owned(),
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fit<()>, A::Error> {
        let why = "expected a single value, found an object";
        let Some(key) = map.next_key::<crate::json::Key<'de>>()? else {
            return Ok(Fit::Unfit(Value::Object(Vec::new()), why.to_owned()));
        };
        if key.as_str() == RAW_VALUE_TOKEN {
            let raw: crate::json::Key<'de> = map.next_value()?;
            return self.0.take_raw(raw.as_str()).map_err(de::Error::custom);
        }
        let value = crate::value::object_after(key, map)?;
        Ok(Fit::Unfit(value, why.to_owned()))
    }
}

/// Reads a JSON list for a `Vec<T>` field, keeping it whole (as read) when an item does
/// not fit.
struct ListFit<T>(PhantomData<T>);

impl<'de, T: Scalar + Serialize + DeserializeOwned> Visitor<'de> for ListFit<T> {
    type Value = Fit<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut kept: Option<(Vec<Value>, String)> = None;
        let mut index = 0;
        while let Some(item) =
            crate::json::next_element_seed(&mut seq, index, ScalarFit::<T>(PhantomData))?
        {
            match (item, &mut kept) {
                (Fit::Typed(item), None) => items.push(item),
                (item, None) => {
                    // The items before this one fitted: kept as their JSON form reads.
                    let mut values = Vec::with_capacity(items.len() + 1);
                    for typed in items.drain(..) {
                        values.push(typed_value(&typed));
                    }
                    let why = match &item {
                        Fit::Unfit(_, why) => format!("item {index}: {why}"),
                        _ => format!("item {index}: null in a list"),
                    };
                    values.push(fit_value(item));
                    kept = Some((values, why));
                }
                (item, Some((values, _))) => values.push(fit_value(item)),
            }
            index += 1;
        }
        Ok(match kept {
            None => Fit::Typed(items),
            Some((values, why)) => Fit::Unfit(Value::List(values), why),
        })
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        fit_map(map, "expected a list, found an object", list_from_raw)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(single(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(single(Value::Number(v.into())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(single(Value::Number(v.into())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        match crate::value::Number::from_f64(v) {
            Some(n) => Ok(single(Value::Number(n))),
            None => Err(E::custom("non-finite number")),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(single(Value::from_json_text(Cow::Borrowed(v))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(single(Value::from_json_text(Cow::Owned(v))))
    }
}

/// A list field's value from its JSON text: a list is read again from the text (its
/// items through [`ScalarFit`]); anything else is kept whole.
fn list_from_raw<T: Scalar + Serialize + DeserializeOwned>(
    raw: &str,
) -> Result<Fit<Vec<T>>, String> {
    match raw.as_bytes().first() {
        Some(b'n') => Ok(Fit::Null),
        Some(b'[') => serde_json::Deserializer::from_str(raw)
            .deserialize_seq(ListFit::<T>(PhantomData))
            .map_err(|e| crate::json::message_of(&e)),
        Some(b'{') => Ok(Fit::Unfit(
            raw_json_value(raw)?,
            "expected a list, found an object".to_owned(),
        )),
        _ => Ok(single(raw_json_value(raw)?)),
    }
}

fn single<T>(value: Value) -> Fit<T> {
    Fit::Unfit(value, "expected a list, found a single value".to_owned())
}

/// A typed item as the catch-all would have read its JSON form (a rare path: a list
/// whose later item does not fit).
fn typed_value<T: Serialize>(item: &T) -> Value {
    crate::json::convert(item).unwrap_or(Value::Null)
}

fn fit_value<T: Serialize>(fit: Fit<T>) -> Value {
    match fit {
        Fit::Typed(item) => typed_value(&item),
        Fit::Null => Value::Null,
        Fit::Unfit(value, _) => value,
    }
}
