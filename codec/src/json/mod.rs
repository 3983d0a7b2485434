//! The JSON format, in the style of serde_json: [`from_str`], [`from_slice`],
//! [`from_reader`], [`to_string`], [`to_string_pretty`], [`to_vec`], [`to_writer`].
//!
//! Typed resources implement `serde::Serialize`/`Deserialize` in UCWA's JSON shape, so
//! `serde_json` itself (and anything built on it) works with them too. These functions
//! add what serde_json lacks: the document path in errors, a size limit, and a BOM.

use crate::error::Result;
use crate::limits::Limits;
use serde::Serialize;
use serde::de::{self, Deserialize};
use std::io;

pub(crate) mod reading;
pub(crate) use reading::*;

/// Decodes a JSON document from a string.
///
/// ```
/// let value: ucwa_codec::DynResource =
///     ucwa_codec::json::from_str(r#"{"rel":"note","message":"Hi"}"#).unwrap();
/// assert_eq!(value.rel.as_deref(), Some("note"));
/// ```
pub fn from_str<'a, T: Deserialize<'a>>(input: &'a str) -> Result<T> {
    from_slice(input.as_bytes())
}

/// Decodes a JSON document from a string with the given limits.
pub fn from_str_with<'a, T: Deserialize<'a>>(input: &'a str, limits: Limits) -> Result<T> {
    from_slice_with(input.as_bytes(), limits)
}

/// Decodes a JSON document from bytes (a leading UTF-8 BOM is skipped).
pub fn from_slice<'a, T: Deserialize<'a>>(input: &'a [u8]) -> Result<T> {
    from_slice_with(input, Limits::DEFAULT)
}

/// Decodes a JSON document from bytes with the given limits.
pub fn from_slice_with<'a, T: Deserialize<'a>>(input: &'a [u8], limits: Limits) -> Result<T> {
    read_document(input, limits, std::marker::PhantomData)
}

/// Decodes a JSON document from a reader (read whole, up to the default size limit).
pub fn from_reader<R: io::Read, T: de::DeserializeOwned>(reader: R) -> Result<T> {
    let bytes = crate::read_limited(reader, Limits::DEFAULT.max_input_bytes)?;
    from_slice(&bytes)
}

/// Encodes as compact JSON.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(convert_error)
}

/// A value read as another type through its JSON form: a typed part kept in the
/// dynamic model (a `Value`, a `DynResource`), or a dynamic one typed. Whatever JSON
/// carries is kept.
pub fn convert<T: Serialize + ?Sized, U: de::DeserializeOwned>(value: &T) -> Result<U> {
    from_str(&to_string(value)?)
}

/// Encodes as indented JSON.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(convert_error)
}

/// Encodes as compact JSON bytes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(convert_error)
}

/// Encodes as indented JSON bytes.
pub fn to_vec_pretty<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(value).map_err(convert_error)
}

/// Encodes as compact JSON into a writer.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> Result<()> {
    serde_json::to_writer(writer, value).map_err(convert_error)
}

/// Encodes as indented JSON into a writer.
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(writer, value).map_err(convert_error)
}
