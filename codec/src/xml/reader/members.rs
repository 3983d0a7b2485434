//! The UCWA layer of the reader: the members of a `<resource>` or `<input>` (properties,
//! links, embedded resources), property lists and nil values, as the derived decoders
//! and the hand-written codecs read them. The pull reader under it (`super`) knows
//! elements, text and namespaces, and nothing of UCWA's shape.

use super::{Element, Reader, is_xml_whitespace};
use crate::error::{Category, Error, Result};
use crate::link::Link;
use crate::xml::text;
use crate::xml::tokenizer::Token;
use std::borrow::Cow;

/// The attributes of an element that carries a link, as
/// [`Reader::link_attributes`] reads them.
#[derive(Debug, Default)]
pub struct LinkAttributes<'a> {
    /// The `rel` attribute.
    pub rel: Option<Cow<'a, str>>,
    /// The `href` attribute.
    pub href: Option<String>,
    /// The `title` attribute.
    pub title: Option<String>,
    /// Every other attribute, in order (with the declarations prefixed ones need).
    pub attributes: Vec<(String, String)>,
}

impl LinkAttributes<'_> {
    /// The link these attributes make: `None` without an `href`. A `title` or other
    /// attributes without an `href` are refused (the `Err` names the first), not
    /// dropped, and no `href` is made up for them.
    pub fn into_link(self) -> std::result::Result<Option<Link>, String> {
        match self.href {
            Some(href) => Ok(Some(Link {
                href,
                title: self.title,
                attributes: self.attributes,
            })),
            None => match (&self.title, self.attributes.first()) {
                (None, None) => Ok(None),
                (Some(_), _) => Err("title".to_owned()),
                (None, Some((name, _))) => Err(name.clone()),
            },
        }
    }
}

/// A member of a `<resource>` or `<input>`, as [`Reader::next_member`] and
/// [`Reader::next_input_member`] return it.
pub enum Member<'a> {
    /// `<property name>` or `<propertyList name>`: read its value next.
    Property(Prop<'a>),
    /// `<link rel href …/>`, already consumed.
    Link {
        /// The relationship.
        rel: Cow<'a, str>,
        /// The link's attributes.
        link: Link,
    },
    /// A nested `<resource rel href>`: decode its members next.
    Resource(ResourceStart<'a>),
    /// The enclosing element ended.
    End,
}

/// The start of an element that holds a value: a `<property>`, `<propertyList>` or
/// `<propertyBag>` (named), or an entry of a list (`<item>`, or an unnamed
/// `<propertyList>` or `<propertyBag>`).
#[derive(Debug)]
pub struct Prop<'a> {
    /// The property name (empty for an entry of a list).
    pub name: Cow<'a, str>,
    /// `true` for a `<propertyList>` (a JSON array).
    pub list: bool,
    /// `true` when marked `xsi:nil="true"` (JSON `null`).
    pub nil: bool,
    /// `true` for a `<propertyBag>` (a JSON object).
    pub bag: bool,
}

impl Prop<'_> {
    /// The element's name, for messages.
    pub fn element_name(&self) -> &'static str {
        match (self.list, self.bag) {
            (true, _) => "<propertyList>",
            (_, true) => "<propertyBag>",
            _ => "<property>",
        }
    }
}

/// The start of a `<resource>` element: its relationship and self link.
#[derive(Debug, Default)]
pub struct ResourceStart<'a> {
    /// The `rel` attribute: the relationship to the parent (for the root, the type).
    pub rel: Option<Cow<'a, str>>,
    /// `href`, `title` and any other attributes, as the resource's self link.
    pub self_link: Option<Link>,
    /// Where the element's start tag begins in the input.
    offset: usize,
}

impl ResourceStart<'_> {
    /// The byte offset of the element's start tag: with [`Reader::position`] once the
    /// element is read, the range a decoder that gave up can read again (through
    /// [`Reader::sub_reader`]).
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl<'a> Reader<'a> {
    /// The type of the resource being read (its `rel` property), when the property
    /// follows only links, as UCWA writes it: `<property name="rel">TEXT</property>`
    /// with no prefix, no reference and only whitespace around it. So a decoder can be
    /// chosen before the members are read, with one pass over them.
    ///
    /// The links before the property are read (and checked) on the way: the next
    /// [`next_member`](Self::next_member) calls return them, in order, before reading
    /// on. [`next_element`](Self::next_element) and [`skip`](Self::skip) read on from
    /// the property and drop them. `None` when something else comes first; the links up
    /// to it have been read all the same.
    ///
    /// ```
    /// use ucwa_codec::authoring::xml::{Member, Reader};
    /// use ucwa_codec::Limits;
    /// let doc = r#"<resource rel="contact"><link rel="a" href="/a"/><property name="rel">person</property></resource>"#;
    /// let mut r = Reader::new(doc, Limits::DEFAULT).unwrap();
    /// r.root().unwrap();
    /// assert_eq!(r.read_type_ahead().unwrap(), Some("person"));
    /// assert!(matches!(r.next_member().unwrap(), Member::Link { rel, .. } if rel == "a"));
    /// assert!(matches!(r.next_member().unwrap(), Member::Property(p) if p.name == "rel"));
    /// ```
    pub fn read_type_ahead(&mut self) -> Result<Option<&'a str>> {
        let whitespace = |c: char| c.is_ascii() && text::is_whitespace(c as u8);
        loop {
            if self.pending_empty {
                return Ok(None);
            }
            let rest = self
                .input
                .get(self.position()..self.tokens.end())
                .unwrap_or_default();
            let rest = rest.trim_start_matches(whitespace);
            if let Some(text) = rest.strip_prefix(r#"<property name="rel">"#) {
                let Some(len) = text.bytes().position(|b| b == b'<') else {
                    return Ok(None);
                };
                let (value, after) = text.split_at(len);
                let plain = !value.is_empty() && !text::has_suspect_byte(value.as_bytes(), true);
                return Ok((plain && after.starts_with("</property>")).then_some(value));
            }
            let is_link = rest
                .strip_prefix("<link")
                .is_some_and(|tag| tag.starts_with(whitespace));
            if !is_link {
                return Ok(None);
            }
            // Checked as any member is, and kept.
            let Member::Link { rel, link } = self.read_member(false)? else {
                return Ok(None);
            };
            self.ahead.push_back((rel, link));
        }
    }

    /// The next member of the current `<resource>`.
    pub fn next_member(&mut self) -> Result<Member<'a>> {
        self.member(false)
    }

    /// The next member of the current `<input>`. A request body has no type and no self
    /// link, so `rel` is an ordinary property there and `<link rel="self">` an ordinary
    /// link (as in JSON).
    pub fn next_input_member(&mut self) -> Result<Member<'a>> {
        self.member(true)
    }

    fn member(&mut self, input: bool) -> Result<Member<'a>> {
        match self.ahead.pop_front() {
            Some((rel, link)) => Ok(Member::Link { rel, link }),
            None => self.read_member(input),
        }
    }

    fn read_member(&mut self, input: bool) -> Result<Member<'a>> {
        if let Some(member) = self.plain_member(input) {
            return Ok(member);
        }
        let Some(element) = self.next_child()? else {
            return Ok(Member::End);
        };
        match element.local_name() {
            "property" | "propertyList" | "propertyBag" => {
                let prop = self.property_start(&element)?;
                let name = &prop.name;
                // JSON spells links and embedded resources with these member names and
                // the type with `rel`: as properties they could not cross formats.
                if name == "_links" || name == "_embedded" {
                    return Err(self.data_error(format!(
                        "`{name}` cannot be a property name (JSON reserves it)"
                    )));
                }
                if name == "rel" && !input && (prop.list || prop.nil || prop.bag) {
                    return Err(self.data_error("the `rel` property must be a single text value"));
                }
                Ok(Member::Property(prop))
            }
            "link" => {
                let mut attributes = self.link_attributes(&element)?;
                let rel = attributes.rel.take();
                let rel = rel.ok_or_else(|| self.data_error("<link> without a `rel`"))?;
                if rel == "self" && !input {
                    return Err(self.data_error(
                        "a <link rel=\"self\"> is not allowed: the self link is the resource's `href`",
                    ));
                }
                let Ok(Some(link)) = attributes.into_link() else {
                    return Err(self
                        .data_error("<link> without an `href`")
                        .in_segment(&rel)
                        .in_segment("_links"));
                };
                self.expect_empty("a <link>")?;
                Ok(Member::Link { rel, link })
            }
            "resource" => self.resource_start(&element).map(Member::Resource),
            other => Err(self.data_error(format!("unexpected element <{other}> in a resource"))),
        }
    }

    /// The next member if it is a link or a property start tag written the way UCWA
    /// writes nearly all of them (see [`Tokenizer::peek_plain_link`]), read at once
    /// without a token, an element and a pass over its attributes. Taken only where
    /// every check [`read_member`](Self::read_member) makes would pass, and no namespace
    /// declaration is in scope; otherwise `None`, with nothing read, and the general
    /// path decides.
    #[inline]
    fn plain_member(&mut self, input: bool) -> Option<Member<'a>> {
        // The limits must let through the names (`property` the longest) and two
        // attributes, and the depth one more element.
        let limits = self.limits;
        let within = self.depth < limits.max_depth
            && limits.max_name_bytes >= "property".len()
            && limits.max_attributes >= 2;
        if self.pending_empty || !within || !self.bindings.is_empty() {
            return None;
        }
        self.tokens.skip_whitespace();
        let start = self.tokens.position();
        if let Some((rel, href, end)) = self.tokens.peek_plain_link() {
            if rel == "self" && !input {
                return None;
            }
            self.tokens.take(end, None);
            self.event_start = start;
            let link = Link::new(href);
            return Some(Member::Link {
                rel: Cow::Borrowed(rel),
                link,
            });
        }
        let (name, end) = self.tokens.peek_plain_property()?;
        if name.len() > self.limits.max_name_bytes || name == "_links" || name == "_embedded" {
            return None;
        }
        self.tokens.take(end, Some("property"));
        self.depth += 1;
        self.event_start = start;
        Some(Member::Property(Prop {
            name: Cow::Borrowed(name),
            list: false,
            nil: false,
            bag: false,
        }))
    }

    /// Reads the `rel` and self-link attributes of a `<resource>` element.
    pub fn resource_start(&self, element: &Element<'a>) -> Result<ResourceStart<'a>> {
        let mut attributes = self.link_attributes(element)?;
        let rel = attributes.rel.take();
        Ok(ResourceStart {
            rel,
            self_link: self.self_link(element, attributes)?,
            offset: element.offset,
        })
    }

    /// Reads the attributes of an element that is its document's self link and has no
    /// `rel` of its own (the `<events>` root): a `rel` attribute is one of the link's
    /// attributes, kept in its place like the others, as JSON keeps it in the link.
    pub fn self_link_attributes(&self, element: &Element<'a>) -> Result<Option<Link>> {
        let attributes = self.read_link_attributes(element, false)?;
        self.self_link(element, attributes)
    }

    /// The self link `attributes` make, or an error naming the attribute given without
    /// an `href`.
    fn self_link(
        &self,
        element: &Element<'a>,
        attributes: LinkAttributes<'a>,
    ) -> Result<Option<Link>> {
        attributes.into_link().map_err(|name| {
            self.data_error(format!(
                "<{}> has a `{name}` attribute but no `href` (its self link needs one)",
                element.local_name()
            ))
        })
    }

    /// Reads the attributes of an element that carries a link (`<link>`, a
    /// `<resource>`'s self link, an event, `<sender>`, `<in>`): `rel`, `href`, `title`
    /// and the others in order. The one rule for them all: namespace declarations are
    /// not link attributes, except the declaration of a prefix that one of them uses,
    /// kept in its place (or added, when an enclosing element made it), so that the
    /// attribute can be written again in either format.
    pub fn link_attributes(&self, element: &Element<'a>) -> Result<LinkAttributes<'a>> {
        self.read_link_attributes(element, true)
    }

    /// [`link_attributes`](Self::link_attributes); `rel` read apart when `with_rel`,
    /// else kept among the other attributes.
    fn read_link_attributes(
        &self,
        element: &Element<'a>,
        with_rel: bool,
    ) -> Result<LinkAttributes<'a>> {
        let mut out = LinkAttributes::default();
        let mut prefixed = false;
        for attr in self.attributes(element) {
            let (key, value) = attr?;
            match key.as_ref() {
                "rel" if with_rel => out.rel = Some(value),
                "href" => out.href = Some(value.into_owned()),
                "title" => out.title = Some(value.into_owned()),
                "xmlns" => {}
                k => {
                    prefixed |= k.contains(':');
                    out.attributes.push((key.into_owned(), value.into_owned()));
                }
            }
        }
        if prefixed {
            self.keep_used_declarations(&mut out.attributes);
        }
        Ok(out)
    }

    /// Keeps the declarations of the prefixes the attributes use (`xml` needs none),
    /// adding those made by enclosing elements, and drops the others.
    #[cold]
    fn keep_used_declarations(&self, attributes: &mut Vec<(String, String)>) {
        let uses = |attributes: &[(String, String)], prefix: &str| {
            attributes.iter().any(|(n, _)| {
                n.split_once(':')
                    .is_some_and(|(p, _)| p == prefix && p != "xmlns")
            })
        };
        let kept: Vec<(String, String)> = std::mem::take(attributes);
        for (name, value) in &kept {
            match crate::xml::declared_prefix(name) {
                Some(Some(prefix)) if !uses(&kept, prefix) => {}
                _ => attributes.push((name.clone(), value.clone())),
            }
        }
        let mut i = 0;
        while i < attributes.len() {
            if let Some((prefix, _)) = attributes[i].0.split_once(':')
                && prefix != "xml"
                && prefix != "xmlns"
            {
                let name = format!("xmlns:{prefix}");
                let present = attributes.iter().any(|(n, _)| *n == name);
                if let (false, Some(uri)) = (present, self.namespace_of(Some(prefix))) {
                    attributes.push((name, uri.to_owned()));
                }
            }
            i += 1;
        }
    }

    /// Reads the items of a `<propertyList>` of scalars (the caller has read its start).
    /// `item` is called with each item's text, or `None` for an `xsi:nil` item. A nested
    /// list or bag is refused: the caller's items are scalars.
    pub fn read_items(
        &mut self,
        mut item: impl FnMut(&mut Self, Option<Cow<'a, str>>) -> Result<()>,
    ) -> Result<()> {
        let mut index = 0usize;
        while let Some(entry) = self.next_item()? {
            let value = if entry.list || entry.bag {
                return Err(self
                    .data_error(format!(
                        "a nested {} where a list item belongs (the items are scalars)",
                        entry.element_name()
                    ))
                    .in_index(index));
            } else if entry.nil {
                self.read_nil().map_err(|e| e.in_index(index))?;
                None
            } else {
                Some(self.read_text()?)
            };
            item(self, value).map_err(|e| e.in_index(index))?;
            index += 1;
        }
        Ok(())
    }

    /// The next entry of the current `<propertyList>`: an `<item>` (a scalar or nil),
    /// or an unnamed `<propertyList>` or `<propertyBag>` (a nested list or object);
    /// `None` once the list ends. Read its value next (text, entries, or
    /// [`read_nil`](Self::read_nil)).
    pub fn next_item(&mut self) -> Result<Option<Prop<'a>>> {
        let Some(element) = self.next_element()? else {
            return Ok(None);
        };
        let (list, bag) = match element.local_name() {
            "item" => (false, false),
            "propertyList" => (true, false),
            "propertyBag" => (false, true),
            other => {
                return Err(self.data_error(format!(
                    "unexpected element <{other}> in a propertyList \
                     (expected <item>, <propertyList> or <propertyBag>)"
                )));
            }
        };
        let (_, nil) = self.value_attributes(&element, false)?;
        Ok(Some(Prop {
            name: Cow::Borrowed(""),
            list,
            nil,
            bag,
        }))
    }

    /// The next entry of the current `<propertyBag>` (or of an element holding named
    /// values the same way, such as an error body's `<debugInfo>`): a `<property>`,
    /// `<propertyList>` or `<propertyBag>` with its `name`; `None` once it ends.
    pub fn next_property(&mut self) -> Result<Option<Prop<'a>>> {
        let Some(element) = self.next_element()? else {
            return Ok(None);
        };
        match element.local_name() {
            "property" | "propertyList" | "propertyBag" => self.property_start(&element).map(Some),
            other => Err(self.data_error(format!(
                "unexpected element <{other}> in a property bag \
                 (expected <property>, <propertyList> or <propertyBag>)"
            ))),
        }
    }

    /// Reads the start tag of a `<property>`, `<propertyList>` or `<propertyBag>`: its
    /// `name` (required) and `xsi:nil`. Any other attribute is refused (see
    /// [`value_attributes`](Self::value_attributes)).
    pub fn property_start(&self, element: &Element<'a>) -> Result<Prop<'a>> {
        let local = element.local_name();
        let (list, bag) = match local {
            "property" => (false, false),
            "propertyList" => (true, false),
            "propertyBag" => (false, true),
            other => {
                return Err(self.data_error(format!(
                    "unexpected element <{other}> (expected <property>, <propertyList> or <propertyBag>)"
                )));
            }
        };
        let (name, nil) = self.value_attributes(element, true)?;
        let name = name.ok_or_else(|| self.data_error(format!("<{local}> without a `name`")))?;
        if name.len() > self.limits.max_name_bytes {
            return Err(self.error(Category::Limit, "property name too long"));
        }
        Ok(Prop {
            name,
            list,
            nil,
            bag,
        })
    }

    /// Reads the attributes of an element that holds a value (a property, a list item,
    /// a field of an error body): its `name` when `named`, and whether it is
    /// `xsi:nil="true"` (or `"1"`). Namespace declarations pass. Any other attribute
    /// (`xml:lang` too) is refused where it stands: JSON has no place for it, and
    /// dropping it would lose it silently.
    pub fn value_attributes(
        &self,
        element: &Element<'a>,
        named: bool,
    ) -> Result<(Option<Cow<'a, str>>, bool)> {
        let mut name = None;
        let mut nil = false;
        for attr in self.attributes(element) {
            let (key, value) = attr?;
            if named && key == "name" {
                name = Some(value);
            } else if self.is_nil_attribute(&key) {
                nil = match value.trim_matches(|c: char| c.is_ascii_whitespace()) {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    other => {
                        return Err(self.attribute_refused(
                            &key,
                            format!(
                                "`{key}=\"{}\"` on <{}> is neither true nor false",
                                other.escape_debug(),
                                element.local_name()
                            ),
                        ));
                    }
                };
            } else if !(key == "xmlns" || key.starts_with("xmlns:")) {
                return Err(self.attribute_refused(
                    &key,
                    format!(
                        "attribute `{key}` on <{}> cannot be kept: JSON has no place for it",
                        element.local_name()
                    ),
                ));
            }
        }
        Ok((name, nil))
    }

    /// Checks the start tag of an element that carries no attributes but namespace
    /// declarations, such as a request body's `<input>`.
    pub fn no_attributes(&self, element: &Element<'a>) -> Result<()> {
        for attr in self.attributes(element) {
            let (key, _) = attr?;
            if !(key == "xmlns" || key.starts_with("xmlns:")) {
                return Err(self.attribute_refused(
                    &key,
                    format!(
                        "attribute `{key}` on <{}> cannot be kept: JSON has no place for it",
                        element.local_name()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A [`Category::Data`] error at the attribute named `name` (borrowed from the
    /// input, as the names [`attributes`](Self::attributes) gives are), else at the
    /// event being handled.
    #[cold]
    fn attribute_refused(&self, name: &str, message: String) -> Error {
        let at = (name.as_ptr() as usize).wrapping_sub(self.input.as_ptr() as usize);
        let at = if at < self.input.len() {
            at
        } else {
            self.event_start
        };
        Error::new(Category::Data, message).at_offset(self.input, at)
    }

    /// Reads the rest of an element marked `xsi:nil="true"`, which must be empty
    /// (whitespace and comments aside): content beside the mark is refused, not
    /// dropped.
    pub fn read_nil(&mut self) -> Result<()> {
        self.drop_ahead();
        if self.pending_empty {
            self.pending_empty = false;
            self.leave();
            return Ok(());
        }
        loop {
            self.tokens.skip_whitespace();
            match self.read()? {
                Token::End => {
                    self.leave();
                    return Ok(());
                }
                Token::Ignored => {}
                Token::Text { raw, .. } if is_xml_whitespace(raw) => {}
                Token::Eof => return Err(self.error(Category::Eof, "unexpected end of document")),
                _ => {
                    return Err(self.data_error(
                        "an element marked `xsi:nil=\"true\"` has content, which would be lost \
                         (a null has none)",
                    ));
                }
            }
        }
    }
}
