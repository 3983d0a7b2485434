//! Writes UCWA XML straight into a byte buffer.
//!
//! UCWA documents are shallow and regular, so this writer emits the bytes itself: no
//! per-element structure, no allocation beyond the output buffer.

use super::{UCWA_NS, XSI_NS};
use crate::error::{Error, Result};
use crate::link::Link;

/// An XML writer for UCWA documents, compact or pretty-printed.
///
/// Methods never fail: the first problem (such as a character XML 1.0 cannot carry)
/// is kept and returned by [`Writer::finish`].
pub struct Writer {
    out: Vec<u8>,
    pretty: bool,
    /// When pretty-printing, for each open element: whether it has child elements.
    /// (Compact output needs no bookkeeping, and so no allocation.)
    open: Vec<bool>,
    error: Option<Error>,
}

impl Writer {
    /// A writer that appends to `out`.
    pub fn new(out: Vec<u8>, pretty: bool) -> Self {
        Writer {
            out,
            pretty,
            open: Vec::new(),
            error: None,
        }
    }

    /// Returns the written bytes, or the first error met.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }

    /// Records an error; the first one wins.
    pub fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Writes the XML declaration.
    pub fn declaration(&mut self) {
        self.out
            .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    }

    fn indent(&mut self) {
        if !self.pretty {
            return;
        }
        if let Some(parent) = self.open.last_mut() {
            *parent = true;
        }
        if !self.out.is_empty() {
            self.out.push(b'\n');
            for _ in 0..self.open.len() {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn tag_start<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
    ) {
        self.indent();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        for (key, value) in attributes {
            self.attribute(key, value);
        }
    }

    /// Writes ` key="value"` inside a start tag.
    fn attribute(&mut self, key: &str, value: &str) {
        self.out.push(b' ');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"=\"");
        self.escaped(value, true);
        self.out.push(b'"');
    }

    /// Writes ` xmlns="…/ucwa"`: a constant that needs no escaping check.
    fn ucwa_namespace(&mut self) {
        self.out.extend_from_slice(b" xmlns=\"");
        self.out.extend_from_slice(UCWA_NS.as_bytes());
        self.out.push(b'"');
    }

    /// Ends a start tag whose element stays open (see [`Writer::end`]).
    fn close_start_tag(&mut self) {
        self.out.push(b'>');
        if self.pretty {
            self.open.push(false);
        }
    }

    /// Opens an element with attributes; close it with [`Writer::end`].
    pub fn start<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
    ) {
        self.tag_start(name, attributes);
        self.close_start_tag();
    }

    /// Writes an element without content.
    pub fn empty<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
    ) {
        self.tag_start(name, attributes);
        self.out.extend_from_slice(b" />");
    }

    /// Closes the innermost open element.
    pub fn end(&mut self, name: &str) {
        let had_children = self.pretty && self.open.pop().unwrap_or(false);
        if had_children {
            self.out.push(b'\n');
            for _ in 0..self.open.len() {
                self.out.extend_from_slice(b"  ");
            }
        }
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Writes `<name attributes>text</name>` on one line.
    pub fn text_element<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
        text: &str,
    ) {
        self.tag_start(name, attributes);
        self.out.push(b'>');
        self.escaped(text, false);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Appends text content, escaped. For use inside [`Writer::start`] / [`Writer::end`]
    /// by value types writing their text form.
    pub fn text(&mut self, text: &str) {
        self.escaped(text, false);
    }

    /// Appends text known to need no escaping (digits, `True`, dates).
    pub fn plain_text(&mut self, text: &str) {
        debug_assert!(!text.contains(['<', '&', '>', '\r']));
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Opens a `<property name>`-like element whose text follows via [`Writer::text`].
    pub fn start_inline<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = (&'x str, &'x str)>,
    ) {
        self.tag_start(name, attributes);
        self.out.push(b'>');
    }

    /// Closes an element opened with [`Writer::start_inline`].
    pub fn end_inline(&mut self, name: &str) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// Escapes markup characters, and characters that a parser would otherwise
    /// normalise away (`\r` anywhere; tab and newline inside attributes).
    fn escaped(&mut self, text: &str, attribute: bool) {
        let bytes = text.as_bytes();
        // Most values need nothing: a word-at-a-time test, then one copy.
        if !may_need_escaping(bytes, attribute) {
            self.out.extend_from_slice(bytes);
            return;
        }
        let special = if attribute {
            &ATTRIBUTE_SPECIAL
        } else {
            &TEXT_SPECIAL
        };
        let mut last = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !special[usize::from(b)] {
                i += 1;
                continue;
            }
            let replacement: &[u8] = match b {
                b'<' => b"&lt;",
                b'>' => b"&gt;",
                b'&' => b"&amp;",
                b'"' => b"&quot;",
                b'\r' => b"&#13;",
                b'\n' => b"&#10;",
                b'\t' => b"&#9;",
                // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
                0xEF => {
                    if bytes.get(i + 1) == Some(&0xBF)
                        && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                    {
                        self.fail(Error::custom(
                            "characters U+FFFE and U+FFFF cannot be written in XML",
                        ));
                    }
                    i += 1;
                    continue;
                }
                _ => {
                    self.fail(Error::custom(format!(
                        "character U+{b:04X} cannot be written in XML 1.0"
                    )));
                    i += 1;
                    continue;
                }
            };
            self.out.extend_from_slice(&bytes[last..i]);
            self.out.extend_from_slice(replacement);
            i += 1;
            last = i;
        }
        self.out.extend_from_slice(&bytes[last..]);
    }

    /// Opens a `<resource>`: `rel` and the self link's attributes; `root` adds the namespace.
    pub fn start_resource(&mut self, rel: Option<&str>, self_link: Option<&Link>, root: bool) {
        self.tag_start("resource", None);
        if let Some(rel) = rel {
            self.attribute("rel", rel);
        }
        if let Some(link) = self_link {
            self.attribute("href", &link.href);
            if let Some(title) = &link.title {
                self.attribute("title", title);
            }
            self.link_attributes(link);
        }
        if root {
            self.ucwa_namespace();
        }
        self.close_start_tag();
    }

    /// Writes a link's other attributes, refusing names XML cannot carry there.
    fn link_attributes(&mut self, link: &Link) {
        for (i, (key, value)) in link.attributes.iter().enumerate() {
            if link.attributes[..i].iter().any(|(k, _)| k == key) {
                self.fail(Error::custom(format!("duplicate link attribute `{key}`")));
                continue;
            }
            match crate::link::check_element_attribute(key) {
                Ok(()) => self.attribute(key, value),
                Err(why) => self.fail(Error::custom(why)),
            }
        }
    }

    /// Opens a root element (such as `<input>`) in the UCWA namespace.
    pub fn start_root(&mut self, name: &str) {
        self.tag_start(name, None);
        self.ucwa_namespace();
        self.close_start_tag();
    }

    /// Writes `<link rel href title …/>`.
    pub fn link(&mut self, rel: &str, link: &Link) {
        self.tag_start("link", [("rel", rel), ("href", link.href.as_str())]);
        if let Some(title) = &link.title {
            self.attribute("title", title);
        }
        self.link_attributes(link);
        self.out.extend_from_slice(b" />");
    }

    /// Writes `<property name="…" xsi:nil="true" />`, the XML form of JSON `null`.
    pub fn null_property(&mut self, name: &str) {
        self.empty(
            "property",
            [("name", name), ("xsi:nil", "true"), ("xmlns:xsi", XSI_NS)],
        );
    }

    /// Writes a nil `<item>` of a property list.
    pub fn null_item(&mut self) {
        self.empty("item", [("xsi:nil", "true"), ("xmlns:xsi", XSI_NS)]);
    }
}

/// Whether any byte may need attention (a superset of the tables below: tab and newline
/// count here even in text).
fn may_need_escaping(bytes: &[u8], attribute: bool) -> bool {
    if attribute {
        super::scan::any_byte(bytes, 0x20, b"<>&\"\xEF")
    } else {
        super::scan::any_byte(bytes, 0x20, b"<>&\xEF")
    }
}

/// Bytes that need attention in text: markup, `\r` (a parser would normalise it), other
/// C0 controls (not allowed), and 0xEF (may start U+FFFE/U+FFFF). Tab and newline pass.
const TEXT_SPECIAL: [bool; 256] = special_bytes(false);

/// The same for attribute values, where `"`, tab and newline must be escaped too.
const ATTRIBUTE_SPECIAL: [bool; 256] = special_bytes(true);

const fn special_bytes(attribute: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    if !attribute {
        table[b'\t' as usize] = false;
        table[b'\n' as usize] = false;
    }
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[b'"' as usize] = attribute;
    table[0xEF] = true;
    table
}
