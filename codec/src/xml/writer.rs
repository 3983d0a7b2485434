//! Writes UCWA XML straight into a byte buffer.
//!
//! UCWA documents are shallow and regular, so this writer emits the bytes itself: no
//! per-element structure, no allocation beyond the output buffer.

use super::{UCWA_NS, XSI_NS};
use super::{names, namespaces};
use crate::error::{Error, Result};
use crate::link::Link;

/// An attribute as the writer takes it: its name, and its value unescaped.
type Attribute<'x> = (&'x str, &'x str);

/// An XML writer for UCWA documents, compact or pretty-printed.
///
/// Whatever it is given, what it writes is well-formed: every element and attribute
/// name must be an XML qualified name, a prefix must be declared (on the element or an
/// enclosing one; `xml` is always bound), an attribute cannot appear twice on one
/// element, an end tag must close the element opened last, and text and attribute
/// values are escaped. Methods never fail: the first problem is kept and returned by
/// [`Writer::finish`], so input can never inject markup into the output.
pub struct Writer {
    out: Vec<u8>,
    pretty: bool,
    /// The open elements, innermost last.
    open: Vec<Open>,
    /// The namespace prefixes the open elements declare, with the depth (number of open
    /// elements) of the element that declares each. Most documents declare none.
    prefixes: Vec<(usize, String)>,
    /// Where, in `out`, the name of the tag being written is.
    tag_name: (usize, usize),
    /// Where, in `out`, the names of the attributes of the tag being written are.
    tag_attributes: Vec<(usize, usize)>,
    /// Prefixes the tag being written uses, checked once all its attributes are known
    /// (a declaration may follow its use).
    tag_prefixes: Vec<(usize, usize)>,
    error: Option<Error>,
}

/// An element the writer has opened.
struct Open {
    /// Where its name is in `out` (the end tag must repeat it).
    name_at: usize,
    name_len: usize,
    /// Whether it has child elements (pretty-printing puts its end tag on a new line).
    has_children: bool,
}

impl Writer {
    /// A writer that appends to `out`.
    pub fn new(out: Vec<u8>, pretty: bool) -> Self {
        Writer {
            out,
            pretty,
            open: Vec::new(),
            prefixes: Vec::new(),
            tag_name: (0, 0),
            tag_attributes: Vec::new(),
            tag_prefixes: Vec::new(),
            error: None,
        }
    }

    /// Returns the written bytes, or the first error met.
    pub fn finish(self) -> Result<Vec<u8>> {
        match self.error {
            Some(e) => Err(e),
            None if !self.open.is_empty() => Err(Error::custom(format!(
                "the XML writer was finished with {} element(s) still open",
                self.open.len()
            ))),
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
            parent.has_children = true;
        }
        if !self.out.is_empty() {
            self.out.push(b'\n');
            for _ in 0..self.open.len() {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// Writes `<name` and the attributes; the caller ends the tag.
    fn tag_start<'x>(&mut self, name: &str, attributes: impl IntoIterator<Item = Attribute<'x>>) {
        self.indent();
        self.out.push(b'<');
        self.tag_attributes.clear();
        self.tag_name = (self.out.len(), name.len());
        self.name(name, "element");
        for (key, value) in attributes {
            self.attribute(key, value);
        }
    }

    /// Writes an element or attribute name, refusing what is not a qualified name and
    /// noting its prefix, if any, for [`check_prefixes`](Self::check_prefixes).
    #[inline]
    fn name(&mut self, name: &str, what: &str) {
        let at = self.out.len();
        self.out.extend_from_slice(name.as_bytes());
        // Nearly every name is plain ASCII without a prefix: one table walk.
        let plain = names::ascii_name_len(name.as_bytes(), false);
        if plain == name.len() && plain > 0 {
            return;
        }
        if !names::is_qname(name) {
            self.fail(Error::custom(format!(
                "`{}` cannot be written as an XML {what} name",
                name.escape_debug()
            )));
            return;
        }
        if let Some(colon) = name.find(':') {
            self.tag_prefixes.push((at, colon));
        }
    }

    /// Writes ` key="value"` inside a start tag.
    fn attribute(&mut self, key: &str, value: &str) {
        self.out.push(b' ');
        let at = self.out.len();
        self.name(key, "attribute");
        let written = &self.out[at..];
        if self
            .tag_attributes
            .iter()
            .any(|&(a, len)| self.out[a..a + len] == *written)
        {
            self.fail(Error::custom(format!(
                "attribute `{}` written twice on one element",
                key.escape_debug()
            )));
        }
        self.tag_attributes.push((at, key.len()));
        if key == "xmlns" || key.starts_with("xmlns:") {
            self.declaration_attribute(key, value);
        }
        self.out.extend_from_slice(b"=\"");
        self.escaped(value, true);
        self.out.push(b'"');
    }

    /// Checks a namespace declaration and, for a prefix, brings it into scope for the
    /// element being started.
    #[cold]
    fn declaration_attribute(&mut self, key: &str, uri: &str) {
        let Some(prefix) = key.strip_prefix("xmlns:") else {
            // A default namespace: only UCWA's keeps the elements readable.
            if uri != UCWA_NS {
                self.fail(Error::custom(format!(
                    "the default namespace can only be UCWA's, not `{}`",
                    uri.escape_debug()
                )));
            }
            return;
        };
        let why = namespaces::check_declaration(Some(prefix), uri).err();
        // The `xmlns` prefix itself was noted as a use; it needs no declaration.
        self.tag_prefixes.pop();
        match why {
            Some(why) => self.fail(Error::custom(format!("`{key}`: {why}"))),
            None => self.prefixes.push((self.open.len() + 1, prefix.to_owned())),
        }
    }

    /// Refuses the prefixes the tag just written uses but no element declares.
    fn check_prefixes(&mut self) {
        if self.tag_prefixes.is_empty() {
            return;
        }
        let depth = self.open.len() + 1;
        for (at, len) in std::mem::take(&mut self.tag_prefixes) {
            let prefix = &self.out[at..at + len];
            let declared = prefix == b"xml"
                || self
                    .prefixes
                    .iter()
                    .any(|(d, p)| *d <= depth && p.as_bytes() == prefix);
            if !declared {
                let prefix = String::from_utf8_lossy(prefix).into_owned();
                self.fail(Error::custom(format!(
                    "prefix `{prefix}` is used without a namespace declaration"
                )));
            }
        }
    }

    /// Ends a start tag with `>`, the element staying open (see [`Writer::end`]).
    fn close_start_tag(&mut self) {
        self.check_prefixes();
        let (name_at, name_len) = self.tag_name;
        self.out.push(b'>');
        self.open.push(Open {
            name_at,
            name_len,
            has_children: false,
        });
    }

    /// Ends a start tag with ` />`: an element without content.
    fn close_empty_tag(&mut self) {
        self.check_prefixes();
        self.out.extend_from_slice(b" />");
        self.forget_prefixes(self.open.len());
    }

    /// Drops the prefixes declared deeper than `depth`.
    fn forget_prefixes(&mut self, depth: usize) {
        while self.prefixes.last().is_some_and(|(d, _)| *d > depth) {
            self.prefixes.pop();
        }
    }

    /// Opens an element with attributes; close it with [`Writer::end`].
    pub fn start<'x>(&mut self, name: &str, attributes: impl IntoIterator<Item = Attribute<'x>>) {
        self.tag_start(name, attributes);
        self.close_start_tag();
    }

    /// Writes an element without content.
    pub fn empty<'x>(&mut self, name: &str, attributes: impl IntoIterator<Item = Attribute<'x>>) {
        self.tag_start(name, attributes);
        self.close_empty_tag();
    }

    /// Closes the innermost open element, which must be named `name`.
    pub fn end(&mut self, name: &str) {
        let Some(open) = self.open.pop() else {
            self.fail(Error::custom(format!(
                "end tag `</{}>` written with no element open",
                name.escape_debug()
            )));
            return;
        };
        self.forget_prefixes(self.open.len());
        if self.pretty && open.has_children {
            self.out.push(b'\n');
            for _ in 0..self.open.len() {
                self.out.extend_from_slice(b"  ");
            }
        }
        self.out.extend_from_slice(b"</");
        let at = self.out.len();
        self.out
            .extend_from_within(open.name_at..open.name_at + open.name_len);
        if self.out[at..] != *name.as_bytes() {
            self.fail(Error::custom(format!(
                "end tag `</{}>` does not close the open element `<{}>`",
                name.escape_debug(),
                String::from_utf8_lossy(&self.out[at..])
            )));
        }
        self.out.push(b'>');
    }

    /// Writes `<name attributes>text</name>` on one line.
    pub fn text_element<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = Attribute<'x>>,
        text: &str,
    ) {
        self.start_inline(name, attributes);
        self.escaped(text, false);
        self.end_inline(name);
    }

    /// Appends text content, escaped. For use inside [`Writer::start`] / [`Writer::end`]
    /// by value types writing their text form.
    pub fn text(&mut self, text: &str) {
        self.escaped(text, false);
    }

    /// Appends text known to need no escaping (digits, `True`, dates): only this crate's
    /// own value types write it, so what they write is known.
    pub(crate) fn plain_text(&mut self, text: &str) {
        debug_assert!(!text.contains(['<', '&', '>', '\r']));
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Opens a `<property name>`-like element whose text follows via [`Writer::text`],
    /// on the same line; close it with [`Writer::end_inline`]. (Opened as by
    /// [`Writer::start`]: the end tag decides the layout.)
    pub fn start_inline<'x>(
        &mut self,
        name: &str,
        attributes: impl IntoIterator<Item = Attribute<'x>>,
    ) {
        self.start(name, attributes);
    }

    /// Closes an element opened with [`Writer::start_inline`], on the same line.
    pub fn end_inline(&mut self, name: &str) {
        // Text only inside: nothing to indent before the end tag.
        if let Some(open) = self.open.last_mut() {
            open.has_children = false;
        }
        self.end(name);
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
            self.link_attributes(link, true);
        }
        if root {
            self.ucwa_namespace();
        }
        self.close_start_tag();
    }

    /// Writes ` xmlns="…/ucwa"`: a constant that needs no escaping check.
    fn ucwa_namespace(&mut self) {
        self.out.extend_from_slice(b" xmlns=\"");
        self.out.extend_from_slice(UCWA_NS.as_bytes());
        self.out.push(b'"');
    }

    /// Writes a link's `href`, `title` and other attributes, refusing names that cannot
    /// stand beside them.
    fn link_attributes<'x>(&mut self, link: impl Into<LinkRef<'x>>, has_rel: bool) {
        let link = link.into();
        if let Some(href) = link.href {
            self.attribute("href", href);
        }
        if let Some(title) = link.title {
            self.attribute("title", title);
        }
        if let Some(name) = crate::link::unused_declaration(link.attributes) {
            self.fail(Error::custom(crate::link::unused_declaration_message(name)));
        }
        for (key, value) in link.attributes {
            match crate::link::check_element_attribute(key, has_rel) {
                Ok(()) => self.attribute(key, value),
                Err(why) => self.fail(Error::custom(why)),
            }
        }
    }

    /// Opens a root element in the UCWA namespace whose attributes are a link (an event
    /// response's `<events href>`).
    pub fn root_link_element<'x>(&mut self, name: &str, link: impl Into<LinkRef<'x>>) {
        self.tag_start(name, None);
        self.link_attributes(link, false);
        self.ucwa_namespace();
        self.close_start_tag();
    }

    /// Opens a root element (such as `<input>`) in the UCWA namespace.
    pub fn start_root(&mut self, name: &str) {
        self.tag_start(name, None);
        self.ucwa_namespace();
        self.close_start_tag();
    }

    /// Writes `<link rel href title …/>`.
    pub fn link(&mut self, rel: &str, link: &Link) {
        self.link_element("link", Some(rel), link, true);
    }

    /// Writes an element whose attributes are a link: `<name rel href title …>`, as
    /// events (`<added>`, `<in>`, `<sender>`) and error bodies (`<link>`) spell theirs.
    /// Empty (`/>`) when `empty`, else left open for its content and [`Writer::end`].
    pub fn link_element<'x>(
        &mut self,
        name: &str,
        rel: Option<&str>,
        link: impl Into<LinkRef<'x>>,
        empty: bool,
    ) {
        self.tag_start(name, None);
        if let Some(rel) = rel {
            self.attribute("rel", rel);
        }
        self.link_attributes(link, rel.is_some());
        if empty {
            self.close_empty_tag();
        } else {
            self.close_start_tag();
        }
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

/// A link's attributes, borrowed, for [`Writer::link_element`]: a [`Link`], or the
/// parts of one kept elsewhere (an event's sender, whose `href` may be missing).
#[derive(Clone, Copy, Debug)]
pub struct LinkRef<'x> {
    /// The `href`, when there is one.
    pub href: Option<&'x str>,
    /// The `title`, when there is one.
    pub title: Option<&'x str>,
    /// Every other attribute, in order.
    pub attributes: &'x [(String, String)],
}

impl LinkRef<'_> {
    /// Writes the link's members as entries of a JSON object: `href` and `title` when
    /// given, then the other attributes in order. A link object holds nothing else; an
    /// event's sender adds its `rel` and events around them.
    pub fn serialize_members<M: serde::ser::SerializeMap>(
        &self,
        map: &mut M,
    ) -> Result<(), M::Error> {
        if let Some(href) = self.href {
            map.serialize_entry("href", href)?;
        }
        if let Some(title) = self.title {
            map.serialize_entry("title", title)?;
        }
        for (name, value) in self.attributes {
            map.serialize_entry(name, value)?;
        }
        Ok(())
    }
}

impl<'x> From<&'x Link> for LinkRef<'x> {
    fn from(link: &'x Link) -> Self {
        LinkRef {
            href: Some(&link.href),
            title: link.title.as_deref(),
            attributes: &link.attributes,
        }
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

#[cfg(test)]
mod tests {
    use super::Writer;
    use crate::Link;

    fn write(f: impl FnOnce(&mut Writer)) -> Result<String, String> {
        let mut w = Writer::new(Vec::new(), false);
        f(&mut w);
        w.finish()
            .map(|b| String::from_utf8(b).unwrap())
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn attribute_names_cannot_inject_markup() {
        let mut link = Link::new("/me/presence");
        let evil = "x=\"1\"/><deleted rel=\"application\" href=\"/evil\" y";
        link.attributes.push((evil.into(), "x".into()));
        let e = write(|w| w.link_element("updated", Some("presence"), &link, true)).unwrap_err();
        assert!(e.contains("is not a valid XML attribute name"), "{e}");
        let e = write(|w| w.empty("e", [(evil, "x")])).unwrap_err();
        assert!(
            e.contains("cannot be written as an XML attribute name"),
            "{e}"
        );
        let e = write(|w| w.empty("a b", None::<(&str, &str)>)).unwrap_err();
        assert!(e.contains("element name"), "{e}");
    }

    #[test]
    fn only_qualified_names_are_written() {
        for bad in ["a\u{aa}", "a:", ":a", "a:b:c", "1a", ""] {
            assert!(write(|w| w.empty("e", [(bad, "v")])).is_err(), "{bad:?}");
        }
        assert!(write(|w| w.empty("e", [("a\u{301}", "v")])).is_ok());
    }

    #[test]
    fn prefixes_need_their_declaration() {
        let e = write(|w| w.empty("e", [("x:y", "1")])).unwrap_err();
        assert_eq!(e, "prefix `x` is used without a namespace declaration");
        // Declared on the same element (after its use) or on an enclosing one.
        assert!(write(|w| w.empty("e", [("x:y", "1"), ("xmlns:x", "urn:x")])).is_ok());
        let nested = write(|w| {
            w.start("e", [("xmlns:x", "urn:x")]);
            w.empty("x:f", None::<(&str, &str)>);
            w.end("e");
        });
        assert!(nested.is_ok());
        // Out of scope once the declaring element ends.
        let after = write(|w| {
            w.start("e", None::<(&str, &str)>);
            w.empty("f", [("xmlns:x", "urn:x")]);
            w.empty("g", [("x:y", "1")]);
            w.end("e");
        });
        assert!(after.is_err());
        assert!(write(|w| w.empty("e", [("xml:lang", "en")])).is_ok());
        for (name, uri) in [
            ("xmlns:a", ""),
            ("xmlns:xmlns", "urn:a"),
            ("xmlns:xml", "urn:a"),
        ] {
            assert!(write(|w| w.empty("e", [(name, uri)])).is_err(), "{name}");
        }
    }

    #[test]
    fn tags_stay_balanced_and_attributes_unique() {
        let e = write(|w| w.empty("e", [("a", "1"), ("a", "2")])).unwrap_err();
        assert_eq!(e, "attribute `a` written twice on one element");
        let e = write(|w| {
            w.start("a", None::<(&str, &str)>);
            w.end("b");
        })
        .unwrap_err();
        assert!(e.contains("does not close"), "{e}");
        assert!(write(|w| w.start("a", None::<(&str, &str)>)).is_err());
        assert!(write(|w| w.end("a")).is_err());
    }
}
