//! How property values travel: [`Scalar`] for single values, [`Property`] for what a
//! property field may hold (a scalar or a list of scalars).
//!
//! JSON goes through serde (`Serialize`/`Deserialize` give the JSON shape); XML goes
//! through these traits, which read and write the element text.

use crate::date::DateTime;
use crate::error::Result;
use crate::xml::{Prop, Reader, Writer};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
    fn from_xml_text(text: &str) -> Result<Self, String>;

    /// Writes the XML text form.
    fn write_xml_text(&self, w: &mut Writer);

    /// For enums: the value when it is not a known member (kept, not rejected).
    fn unknown_value(&self) -> Option<&str> {
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
        match text.trim() {
            "True" | "true" => Ok(true),
            "False" | "false" => Ok(false),
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
                text.trim().parse().map_err(|e| {
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

impl Scalar for f64 {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("invalid number `{text}`")),
        }
    }
    fn write_xml_text(&self, w: &mut Writer) {
        match serde_json::Number::from_f64(*self) {
            Some(n) => w.plain_text(&n.to_string()),
            None => w.fail(crate::Error::custom(
                "a non-finite number cannot be written",
            )),
        }
    }
}

impl Scalar for DateTime {
    fn from_xml_text(text: &str) -> Result<Self, String> {
        DateTime::parse_iso(text.trim()).map_err(|e| e.to_string())
    }
    fn write_xml_text(&self, w: &mut Writer) {
        let mut s = String::with_capacity(33);
        self.write_iso(&mut s);
        w.plain_text(&s);
    }
}
