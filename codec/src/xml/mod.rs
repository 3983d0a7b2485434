//! The XML format: [`from_str`], [`from_slice`], [`from_reader`], [`to_string`],
//! [`to_string_pretty`], [`to_vec`], [`to_writer`].
//!
//! A resource is `<resource rel href xmlns="…/ucwa">` with `<link>`, `<property>`,
//! `<propertyList>` and nested `<resource>` children; a request body is `<input>`.
//! Decoding pulls pieces borrowed from the input (a [`Reader`], over a tokenizer of
//! our own); encoding writes bytes directly (a [`Writer`]). Neither builds a tree.
//!
//! [`Reader`]: crate::authoring::xml::Reader
//! [`Writer`]: crate::authoring::xml::Writer

mod attributes;
mod names;
mod namespaces;
mod problem;
pub(crate) mod reader;
mod scan;
mod text;
mod tokenizer;
pub(crate) mod writer;

pub(crate) use names::is_qname;
pub(crate) use namespaces::{check_declaration, declared_prefix};
pub(crate) use reader::{Element, Member, Prop, Reader, ResourceStart, read_document, read_str};
pub(crate) use writer::Writer;

use crate::error::{Error, Result};
use crate::limits::{Limits, utf8};
use std::io;

/// The UCWA XML namespace.
pub const UCWA_NS: &str = "http://schemas.microsoft.com/rtc/2012/03/ucwa";
/// The XML Schema instance namespace (for `xsi:nil`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A type with a UCWA XML document form (it reads the root element).
pub trait FromXml: Sized {
    /// Decodes the whole document: prolog, root element and what follows it.
    fn from_xml(r: &mut Reader<'_>) -> Result<Self>;
}

/// A type with a UCWA XML document form (it writes the root element).
pub trait ToXml {
    /// Writes the root element (the declaration is written by the caller).
    fn to_xml(&self, w: &mut Writer);
}

impl<T: FromXml> FromXml for Box<T> {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        T::from_xml(r).map(Box::new)
    }
}

impl<T: ToXml + ?Sized> ToXml for Box<T> {
    fn to_xml(&self, w: &mut Writer) {
        (**self).to_xml(w);
    }
}

/// Decodes an XML document from a string.
///
/// ```
/// let xml = r#"<resource rel="note" href="/me/note" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
///   <property name="message">Hi</property>
/// </resource>"#;
/// let note: ucwa_codec::DynResource = ucwa_codec::xml::from_str(xml).unwrap();
/// assert_eq!(note.members.property("message").and_then(|v| v.as_str()), Some("Hi"));
/// ```
pub fn from_str<T: FromXml>(input: &str) -> Result<T> {
    from_str_with(input, Limits::DEFAULT)
}

/// Decodes an XML document from a string with the given limits.
pub fn from_str_with<T: FromXml>(input: &str, limits: Limits) -> Result<T> {
    read_str(input, limits, T::from_xml)
}

/// Decodes an XML document from bytes, which must be UTF-8.
pub fn from_slice<T: FromXml>(input: &[u8]) -> Result<T> {
    from_slice_with(input, Limits::DEFAULT)
}

/// Decodes an XML document from bytes with the given limits.
pub fn from_slice_with<T: FromXml>(input: &[u8], limits: Limits) -> Result<T> {
    read_document(input, limits, T::from_xml)
}

/// Decodes an XML document from a reader (read whole, up to the default size limit).
pub fn from_reader<R: io::Read, T: FromXml>(reader: R) -> Result<T> {
    let bytes = crate::read_limited(reader, Limits::DEFAULT.max_input_bytes)?;
    from_slice(&bytes)
}

/// Checks that `input` is a well-formed XML 1.0 (fifth edition) document that is also
/// namespace-well-formed (Namespaces in XML 1.0), in the subset of XML this codec
/// reads, whatever its elements and namespaces: the same tokenizer and rules as every
/// decoder here, without UCWA's shape.
///
/// Refused although XML allows them (the subset): a document type declaration
/// (`<!DOCTYPE`, so no DTD and no entities but the five predefined ones), an encoding
/// other than UTF-8 (declared or found), XML 1.1 names and characters that 1.0 does not
/// allow, and a document past [`Limits::DEFAULT`]. `xmlns:p=""` (undeclaring a prefix,
/// XML 1.1) is refused too.
///
/// ```
/// use ucwa_codec::xml::check_well_formed;
/// assert!(check_well_formed(b"<a xmlns:b='urn:b' b:c='1'><!-- ok --></a>").is_ok());
/// assert!(check_well_formed(b"<a b:c='1'/>").is_err()); // undeclared prefix
/// assert!(check_well_formed(b"<?xml version='1.0 '?><a/>").is_err());
/// ```
pub fn check_well_formed(input: &[u8]) -> Result<()> {
    Reader::check_well_formed(utf8(input)?, Limits::DEFAULT)
}

fn encode<T: ToXml + ?Sized>(value: &T, pretty: bool) -> Result<Vec<u8>> {
    // Few UCWA XML documents are shorter than this: one allocation for most.
    let mut w = Writer::new(Vec::with_capacity(512), pretty);
    w.declaration();
    value.to_xml(&mut w);
    w.finish()
}

/// Encodes as compact XML (with an XML declaration).
pub fn to_string<T: ToXml + ?Sized>(value: &T) -> Result<String> {
    into_string(to_vec(value)?)
}

/// Encodes as indented XML.
pub fn to_string_pretty<T: ToXml + ?Sized>(value: &T) -> Result<String> {
    into_string(encode(value, true)?)
}

/// The writer emits UTF-8 only (it copies `&str`s and ASCII markup), so this never fails.
fn into_string(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|e| Error::custom(format!("the XML writer emitted invalid UTF-8: {e}")))
}

/// Encodes as compact XML bytes.
pub fn to_vec<T: ToXml + ?Sized>(value: &T) -> Result<Vec<u8>> {
    encode(value, false)
}

/// Encodes as indented XML bytes.
pub fn to_vec_pretty<T: ToXml + ?Sized>(value: &T) -> Result<Vec<u8>> {
    encode(value, true)
}

/// Encodes as compact XML into a writer.
pub fn to_writer<W: io::Write, T: ToXml + ?Sized>(mut writer: W, value: &T) -> Result<()> {
    writer.write_all(&to_vec(value)?)?;
    Ok(())
}

/// Encodes as indented XML into a writer.
pub fn to_writer_pretty<W: io::Write, T: ToXml + ?Sized>(mut writer: W, value: &T) -> Result<()> {
    writer.write_all(&to_vec_pretty(value)?)?;
    Ok(())
}
