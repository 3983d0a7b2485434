//! A pull reader over the tokenizer's borrowed pieces that speaks UCWA's XML shape.
//!
//! Derived decoders and hand-written ones (events, error bodies) drive it directly:
//! no tree is built. It enforces the [`Limits`], refuses `<!DOCTYPE>` and undefined
//! entities, checks that elements are in the UCWA namespace, and turns byte offsets
//! into line and column only when an error is raised.
//!
//! Links, property start tags and property texts spelled exactly as UCWA writes them
//! are read in one step each (`plain_member`, `read_text`), with the same checks as
//! the general path, which takes every other spelling. The UCWA member layer (members,
//! links, property lists, nil values) is in `members`; this module is the pull reader
//! under it: elements, text, namespaces, limits.

use super::attributes::{self, AttributeList};
use super::problem::Problem;
use super::text::{self, forbidden_char, forbidden_message};
use super::tokenizer::{StartTag, Token, Tokenizer};
use super::{UCWA_NS, XSI_NS};
use crate::error::{Category, Error, Positions, Result};
use crate::limits::Limits;
use crate::link::Link;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};

mod members;
pub use members::{LinkAttributes, Member, Prop, ResourceStart};

/// Reads one UCWA XML document from a string.
pub struct Reader<'a> {
    /// Over the whole input, or the range of a [`Reader::sub_reader`].
    tokens: Tokenizer<'a>,
    input: &'a str,
    limits: Limits,
    depth: usize,
    bindings: Vec<Binding<'a>>,
    /// The element just returned was empty (`<x/>`): its end is implicit.
    pending_empty: bool,
    /// Offset of the event being handled, for error positions.
    event_start: usize,
    /// Links [`read_type_ahead`](Reader::read_type_ahead) read, which the next members
    /// are.
    ahead: VecDeque<(Cow<'a, str>, Link)>,
    /// Elements in any namespace are accepted: the reader checks well-formedness only
    /// ([`check_well_formed`](super::check_well_formed)), not UCWA's shape.
    any_namespace: bool,
    /// Turns offsets into lines and columns, shared with the sub-readers (made on the
    /// first error or sub-reader: nothing to allocate for a document read without).
    positions: OnceLock<Arc<Positions>>,
}

/// The namespace the prefix `xml` is bound to, by definition.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` declarations, which nothing may be bound to.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

#[derive(Clone)]
struct Binding<'a> {
    depth: usize,
    prefix: Option<Cow<'a, str>>,
    uri: Cow<'a, str>,
}

/// A start tag the reader has entered. Its content is read with
/// [`Reader::next_element`], [`Reader::read_text`] or [`Reader::skip`].
#[derive(Debug)]
pub struct Element<'a> {
    /// The name as written (`prefix:name`).
    name: &'a str,
    /// The name without its prefix.
    local: &'a str,
    /// The start tag's text after the name, borrowed from the input.
    attributes: &'a str,
    offset: usize,
}

/// The namespace `prefix` (`None`: the default namespace) is bound to, if declared
/// (`xml` always is).
fn lookup<'b>(bindings: &'b [Binding<'_>], prefix: Option<&str>) -> Option<&'b str> {
    if prefix == Some("xml") {
        return Some(XML_NS);
    }
    bindings
        .iter()
        .rev()
        .find(|b| b.prefix.as_deref() == prefix)
        .map(|b| b.uri.as_ref())
}

fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(text::is_whitespace)
}

impl<'a> Reader<'a> {
    /// A reader over `input` with the given limits.
    pub fn new(input: &'a str, limits: Limits) -> Result<Self> {
        let admitted = limits.admit(input.as_bytes())?;
        let input = &input[input.len() - admitted.len()..];
        Ok(Reader {
            tokens: Tokenizer::new(input, 0..input.len(), limits),
            input,
            limits,
            depth: 0,
            bindings: Vec::new(),
            pending_empty: false,
            event_start: 0,
            ahead: VecDeque::new(),
            any_namespace: false,
            positions: OnceLock::new(),
        })
    }

    /// An error of `category` at the event being handled.
    pub fn error(&self, category: Category, message: impl Into<String>) -> Error {
        self.at(Error::new(category, message), self.event_start)
    }

    /// Puts `error` at `offset` in the input.
    fn at(&self, error: Error, offset: usize) -> Error {
        let (line, column) = self.positions().locate(self.input, offset);
        error.at_position(line, column)
    }

    fn positions(&self) -> &Arc<Positions> {
        self.positions.get_or_init(Arc::default)
    }

    /// How many bytes of the input were counted to position errors, by this reader and
    /// its sub-readers: about the input's length at most, however many errors were
    /// raised (a test hook, not a stable API).
    #[doc(hidden)]
    pub fn position_bytes_counted(&self) -> usize {
        self.positions.get().map_or(0, |p| p.bytes_counted())
    }

    /// Whether this document is read strictly ([`Limits::strict`]): a known property
    /// whose value does not fit its type is an error rather than kept (and a hand-written
    /// reader that recovers from such a value must refuse it instead).
    pub fn is_strict(&self) -> bool {
        self.limits.strict
    }

    /// A [`Category::Data`] error at the event being handled.
    pub fn data_error(&self, message: impl Into<String>) -> Error {
        self.error(Category::Data, message)
    }

    /// A [`Category::Data`] error at `element`'s start tag.
    pub fn data_error_at(&self, element: &Element<'_>, message: impl Into<String>) -> Error {
        Error::new(Category::Data, message).at_offset(self.input, element.offset)
    }

    fn read(&mut self) -> Result<Token<'a>> {
        self.event_start = self.tokens.position();
        self.tokens
            .next_token()
            .map_err(|p| self.at(Error::new(p.category, p.message), p.at))
    }

    /// The byte offset in the input just past what has been read: after
    /// [`skip`](Self::skip) or [`read_text`](Self::read_text), the end of that element.
    pub fn position(&self) -> usize {
        self.tokens.position()
    }

    /// How many elements are open (the root counts as one). A decoder that gives up
    /// inside an element can [`skip`](Self::skip) until the depth it started at.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// A reader over `range` of this reader's input, which must hold whole elements
    /// (such as `element.offset()..position()` once the element was skipped). It sees
    /// the namespace declarations in scope where this reader is now, has the same limits
    /// (the depth counts from the range), and reports errors at their position in the
    /// whole input (counted once for this reader and all its sub-readers, however many
    /// errors they raise). Read it with [`root`](Self::root) like a document.
    ///
    /// This lets a decoder look at an element first and decode it afterwards, more than
    /// once if need be (an event's embedded resource: typed, else dynamic).
    ///
    /// ```
    /// use ucwa_codec::{authoring::xml::Reader, DynResource, Limits};
    /// let doc = r#"<events xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
    ///   <resource rel="note" href="/me/note"><property name="message">Hi</property></resource>
    /// </events>"#;
    /// let mut r = Reader::new(doc, Limits::DEFAULT).unwrap();
    /// r.root().unwrap();
    /// let element = r.next_element().unwrap().unwrap();
    /// r.skip().unwrap(); // look past it first
    /// let mut sub = r.sub_reader(element.offset()..r.position());
    /// let root = sub.root().unwrap();
    /// let start = sub.resource_start(&root).unwrap();
    /// let note = DynResource::decode_xml_body(&mut sub, start).unwrap();
    /// assert_eq!(note.members.property("message").and_then(|v| v.as_str()), Some("Hi"));
    /// sub.finish().unwrap();
    /// assert!(r.next_element().unwrap().is_none()); // the outer reader goes on
    /// ```
    pub fn sub_reader(&self, range: std::ops::Range<usize>) -> Reader<'a> {
        let start = range.start;
        let bindings = self
            .bindings
            .iter()
            .map(|b| Binding {
                depth: 0,
                ..b.clone()
            })
            .collect();
        Reader {
            tokens: Tokenizer::new(self.input, range, self.limits),
            input: self.input,
            limits: self.limits,
            depth: 0,
            bindings,
            pending_empty: false,
            event_start: start,
            ahead: VecDeque::new(),
            any_namespace: self.any_namespace,
            positions: OnceLock::from(Arc::clone(self.positions())),
        }
    }

    /// Reads the prolog and enters the root element, which must have the local name
    /// `expected`: the root check of every codec, so that each refuses a wrong root
    /// with the same words.
    pub fn root_named(&mut self, expected: &str) -> Result<Element<'a>> {
        let root = self.root()?;
        if root.local_name() != expected {
            return Err(self.wrong_root(expected, &root));
        }
        Ok(root)
    }

    // Out of line: formatting the message inside `root_named` made every decoder's
    // entry slower, though it runs only on a wrong root.
    #[cold]
    fn wrong_root(&self, expected: &str, root: &Element<'_>) -> Error {
        let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        self.data_error(format!(
            "expected {article} <{expected}> root element, found <{}>",
            root.local_name()
        ))
    }

    /// Reads the prolog and enters the root element, whatever its name.
    pub fn root(&mut self) -> Result<Element<'a>> {
        loop {
            match self.read()? {
                Token::Declaration { usual: true, .. } => {}
                Token::Declaration { body, .. } => self.check_declaration(body)?,
                Token::Text { raw, .. } if is_xml_whitespace(raw) => {}
                Token::Ignored => {}
                Token::Start(tag) => return self.enter(tag),
                Token::Eof => return Err(self.error(Category::Eof, "empty document")),
                _ => {
                    return Err(self.error(Category::Syntax, "content before the root element"));
                }
            }
        }
    }

    /// Checks the XML declaration just read against its grammar (XML 1.0 fifth
    /// edition, [23]–[32], [80], [81]): `version` (`1.` and digits), then optionally
    /// `encoding` (which must name UTF-8, the only encoding read), then optionally
    /// `standalone` (`yes` or `no`), in that order, spelled so, and nothing else. The
    /// pseudo-attributes are parsed as attributes are; their values are taken as
    /// written (a reference is not allowed in them).
    fn check_declaration(&self, text: &'a str) -> Result<()> {
        let base = self.event_start + "<?xml".len();
        let mut list = AttributeList::default();
        let stop = attributes::parse(text, self.limits, &mut list).map_err(|mut p| {
            p.message = format!("malformed XML declaration: {}", p.message);
            // The declaration is complete: running out of it is not the input ending.
            p.category = Category::Syntax;
            self.attribute_error(p, base)
        })?;
        if stop != text.len() {
            return Err(self.error(Category::Syntax, "malformed XML declaration"));
        }
        let malformed = |at: &str, message: String| {
            let offset = at.as_ptr() as usize - self.input.as_ptr() as usize;
            let error = Error::new(
                Category::Syntax,
                format!("malformed XML declaration: {message}"),
            );
            self.at(error, offset)
        };
        let mut pseudo = list.iter();
        let mut next = pseudo.next();
        match next {
            Some(attr) if attr.name == "version" => {
                let digits = attr.value.strip_prefix("1.").unwrap_or_default();
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    let value = attr.value.escape_debug();
                    return Err(malformed(
                        attr.value,
                        format!("version `{value}` is not `1.` followed by digits"),
                    ));
                }
                next = pseudo.next();
            }
            _ => {
                return Err(self.error(
                    Category::Syntax,
                    "malformed XML declaration: `version` must come first",
                ));
            }
        }
        if let Some(attr) = next.filter(|a| a.name == "encoding") {
            let value = attr.value;
            let mut bytes = value.bytes();
            let name = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
                && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
            if !name {
                let value = value.escape_debug();
                return Err(malformed(
                    attr.value,
                    format!("`{value}` is not an encoding name"),
                ));
            }
            if !value.eq_ignore_ascii_case("utf-8") {
                return Err(self.error(
                    Category::Syntax,
                    format!(
                        "unsupported encoding `{}`: only UTF-8 is accepted",
                        value.escape_debug()
                    ),
                ));
            }
            next = pseudo.next();
        }
        if let Some(attr) = next.filter(|a| a.name == "standalone") {
            if !matches!(attr.value, "yes" | "no") {
                let value = attr.value.escape_debug();
                return Err(malformed(
                    attr.value,
                    format!("standalone `{value}` is neither `yes` nor `no`"),
                ));
            }
            next = pseudo.next();
        }
        match next {
            Some(attr) => Err(malformed(
                attr.name,
                format!(
                    "unexpected `{}` (only `version`, `encoding` and `standalone`, in this order)",
                    attr.name.escape_debug()
                ),
            )),
            None => Ok(()),
        }
    }

    /// Reads a whole document for its well-formedness only: every element is entered
    /// (names, namespaces, attributes), every text and CDATA section read and checked,
    /// in any namespace, whatever its shape. See [`check_well_formed`](super::check_well_formed).
    pub(super) fn check_well_formed(input: &'a str, limits: Limits) -> Result<()> {
        let mut reader = Reader::new(input, limits)?;
        reader.any_namespace = true;
        reader.root()?;
        reader.skip()?;
        reader.finish()
    }

    /// Checks that nothing but comments and whitespace follows the root element.
    pub fn finish(&mut self) -> Result<()> {
        loop {
            match self.read()? {
                Token::Eof => return Ok(()),
                Token::Text { raw, .. } if is_xml_whitespace(raw) => {}
                Token::Ignored => {}
                _ => return Err(self.error(Category::Syntax, "content after the root element")),
            }
        }
    }

    // Inlined: a start tag taken apart in a register costs less than one passed in memory.
    #[inline(always)]
    fn enter(&mut self, tag: StartTag<'a>) -> Result<Element<'a>> {
        let StartTag {
            name,
            colon,
            attributes,
            empty,
        } = tag;
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.error(
                Category::Limit,
                format!("elements nested deeper than {}", self.limits.max_depth),
            ));
        }
        if name.len() > self.limits.max_name_bytes {
            return Err(self.error(Category::Limit, "element name too long"));
        }
        // (The tokenizer checked that it is an XML name, and found its colon.)
        let (prefix, local) = match colon {
            0 => (None, name),
            colon => (Some(&name[..colon]), &name[colon + 1..]),
        };
        let element = Element {
            name,
            local,
            attributes,
            offset: self.event_start,
        };
        // The tokenizer noted whether this tag (the one it read last) has a declaration
        // or a prefixed attribute: most have neither. Were its attributes missing, they
        // would be parsed again.
        let qualified = self
            .tokens
            .attributes_of(self.event_start)
            .is_none_or(AttributeList::qualified);
        if qualified {
            self.bind_namespaces(&element)?;
            self.check_attribute_names(&element)?;
        }
        self.check_namespace(name, prefix, local)?;
        self.pending_empty = empty;
        Ok(element)
    }

    fn bind_namespaces(&mut self, element: &Element<'a>) -> Result<()> {
        // Taken out while `attributes` borrows the reader (it does not read them).
        let mut bindings = std::mem::take(&mut self.bindings);
        let result = self.attributes(element).try_for_each(|attr| {
            let (key, uri) = attr?;
            let prefix = match key {
                Cow::Borrowed("xmlns") => None,
                Cow::Borrowed(k) => match k.strip_prefix("xmlns:") {
                    Some(p) => Some(Cow::Borrowed(p)),
                    None => return Ok(()),
                },
                Cow::Owned(_) => return Ok(()),
            };
            self.check_binding(prefix.as_deref(), &uri)?;
            if prefix.as_deref() == Some("xml") {
                // Bound already, by definition.
                return Ok(());
            }
            // A declaration that changes nothing is not kept. Most documents declare only
            // UCWA's default namespace, at the root, where none at all means UCWA too: so
            // most documents need no allocation for their bindings.
            let in_scope = lookup(&bindings, prefix.as_deref());
            if in_scope == Some(&*uri) || (prefix.is_none() && uri == UCWA_NS && in_scope.is_none())
            {
                return Ok(());
            }
            bindings.push(Binding {
                depth: self.depth,
                prefix,
                uri,
            });
            Ok(())
        });
        self.bindings = bindings;
        result
    }

    /// The constraints of Namespaces in XML 1.0 on a declaration of `prefix` (`None`:
    /// the default namespace) as `uri`.
    fn check_binding(&self, prefix: Option<&str>, uri: &str) -> Result<()> {
        let message = match prefix {
            Some("xmlns") => "the prefix `xmlns` cannot be declared".to_owned(),
            Some("xml") if uri == XML_NS => return Ok(()),
            Some("xml") => format!("the prefix `xml` can only be bound to `{XML_NS}`"),
            _ if uri == XML_NS => format!("only the prefix `xml` can be bound to `{XML_NS}`"),
            _ if uri == XMLNS_NS => format!("nothing can be bound to `{XMLNS_NS}`"),
            Some(p) if uri.is_empty() => {
                format!("`xmlns:{p}=\"\"`: XML 1.0 cannot undeclare a prefix")
            }
            _ => return Ok(()),
        };
        Err(self.error(Category::Syntax, message))
    }

    /// Namespaces in XML 1.0 on the attribute names of an element whose declarations
    /// are bound: each prefix is declared, and no two attributes have the same local
    /// name in the same namespace (`a:x` and `b:x` with `a` and `b` bound alike).
    fn check_attribute_names(&self, element: &Element<'a>) -> Result<()> {
        // (namespace, local name) of each prefixed attribute so far.
        let mut expanded: Vec<(&str, Cow<'a, str>)> = Vec::new();
        for attr in self.attributes(element) {
            let (name, _) = attr?;
            let Some(colon) = name.find(':') else {
                continue;
            };
            let prefix = &name[..colon];
            if prefix == "xmlns" {
                continue;
            }
            let Some(uri) = self.namespace_of(Some(prefix)) else {
                return Err(self.error(
                    Category::Syntax,
                    format!("attribute `{name}` uses an undeclared prefix"),
                ));
            };
            let local = &name[colon + 1..];
            if expanded.iter().any(|(u, l)| *u == uri && l == local) {
                return Err(self.error(
                    Category::Syntax,
                    format!("attribute `{name}` repeats another's name in namespace `{uri}`"),
                ));
            }
            let local = match name {
                Cow::Borrowed(name) => Cow::Borrowed(&name[colon + 1..]),
                Cow::Owned(name) => Cow::Owned(name[colon + 1..].to_owned()),
            };
            expanded.push((uri, local));
        }
        Ok(())
    }

    fn namespace_of(&self, prefix: Option<&str>) -> Option<&str> {
        lookup(&self.bindings, prefix)
    }

    fn check_namespace(&self, name: &str, prefix: Option<&str>, local: &str) -> Result<()> {
        match self.namespace_of(prefix) {
            // Unqualified elements with no default namespace are taken as UCWA: the
            // reference's own samples omit the declaration.
            None if prefix.is_none() => Ok(()),
            None => Err(self.error(
                Category::Syntax,
                format!("element `{name}` uses an undeclared prefix"),
            )),
            // Well-formedness only: any namespace will do.
            Some(_) if self.any_namespace => Ok(()),
            Some("") if prefix.is_none() => Ok(()),
            Some(UCWA_NS) => Ok(()),
            Some(other) => Err(self.data_error(format!(
                "unexpected element `{local}` in namespace `{other}` (not UCWA)"
            ))),
        }
    }

    fn leave(&mut self) {
        self.depth -= 1;
        while self.bindings.last().is_some_and(|b| b.depth > self.depth) {
            self.bindings.pop();
        }
    }

    /// The next child element of the current element, or `None` once it ends.
    /// Whitespace, comments and processing instructions between elements are skipped.
    pub fn next_element(&mut self) -> Result<Option<Element<'a>>> {
        self.drop_ahead();
        self.next_child()
    }

    /// [`next_element`](Self::next_element), links read ahead kept.
    fn next_child(&mut self) -> Result<Option<Element<'a>>> {
        if self.pending_empty {
            self.pending_empty = false;
            self.leave();
            return Ok(None);
        }
        loop {
            // Indentation between elements, skipped before it becomes a text.
            self.tokens.skip_whitespace();
            match self.read()? {
                Token::Start(tag) => return self.enter(tag).map(Some),
                Token::End => {
                    self.leave();
                    return Ok(None);
                }
                Token::Text { raw, .. } if is_xml_whitespace(raw) => {}
                Token::Ignored => {}
                Token::Eof => return Err(self.error(Category::Eof, "unexpected end of document")),
                _ => return Err(self.data_error("unexpected text between elements")),
            }
        }
    }

    /// Reads the text content of the current element up to its end tag, joining text,
    /// CDATA sections and character references. Child elements are an error.
    pub fn read_text(&mut self) -> Result<Cow<'a, str>> {
        if self.pending_empty {
            self.pending_empty = false;
            self.leave();
            return Ok(Cow::Borrowed(""));
        }
        if let Some((text, end_tag)) = self.tokens.plain_text_and_end() {
            // Where the general path leaves it: errors about the value point there.
            self.event_start = end_tag;
            self.leave();
            return Ok(Cow::Borrowed(text));
        }
        let mut text: Option<Cow<'a, str>> = None;
        loop {
            let piece: Cow<'a, str> = match self.read()? {
                Token::Text { raw, plain: true } => Cow::Borrowed(raw),
                Token::Text { raw, plain: false } => self.text(raw)?,
                Token::CData(content) => self.cdata(content)?,
                Token::Ignored => continue,
                Token::End => {
                    self.leave();
                    return Ok(text.unwrap_or(Cow::Borrowed("")));
                }
                Token::Eof => return Err(self.error(Category::Eof, "unexpected end of document")),
                Token::Start(_) | Token::Declaration { .. } => {
                    return Err(self.data_error("unexpected element inside a text value"));
                }
            };
            text = Some(match text {
                None => piece,
                Some(prev) => {
                    let mut joined = prev.into_owned();
                    joined.push_str(&piece);
                    Cow::Owned(joined)
                }
            });
        }
    }

    /// Character data as XML reads it (see [`text::text`]).
    fn text(&self, raw: &'a str) -> Result<Cow<'a, str>> {
        text::text(raw).map_err(|p| self.attribute_error(p, self.event_start))
    }

    /// A CDATA section's content as XML reads it: line ends normalised to `\n`,
    /// characters XML 1.0 forbids refused. One quick pass clears nearly every section.
    fn cdata(&self, raw: &'a str) -> Result<Cow<'a, str>> {
        if !text::has_suspect_byte(raw.as_bytes(), false) {
            return Ok(Cow::Borrowed(raw));
        }
        if let Some(c) = forbidden_char(raw) {
            return Err(self.error(Category::Syntax, forbidden_message(c)));
        }
        Ok(text::normalize_line_ends(Cow::Borrowed(raw)))
    }

    /// Finishes the element a decoder entered at depth `inside` and gave up in, however
    /// deep it stopped (nothing, if it had already left the element): what a decoder that
    /// falls back does before it reads the element's bytes again.
    pub fn finish_element(&mut self, inside: usize) -> Result<()> {
        if self.depth >= inside {
            while self.depth > inside {
                self.skip()?;
            }
            self.skip()?;
        }
        Ok(())
    }

    /// Skips the rest of the current element, whatever it holds.
    pub fn skip(&mut self) -> Result<()> {
        self.drop_ahead();
        let mut open = 1usize;
        if self.pending_empty {
            self.pending_empty = false;
            self.leave();
            return Ok(());
        }
        while open > 0 {
            // Whitespace needs no checks: skipped before it becomes a text.
            self.tokens.skip_whitespace();
            match self.read()? {
                Token::Start(tag) => {
                    // Checked like any element (name, depth, namespace), then left at
                    // once if empty.
                    let empty = tag.empty;
                    let _ = self.enter(tag)?;
                    if empty {
                        self.pending_empty = false;
                        self.leave();
                    } else {
                        open += 1;
                    }
                }
                Token::End => {
                    self.leave();
                    open -= 1;
                }
                Token::Text { raw, plain: false } => {
                    self.text(raw)?;
                }
                Token::CData(content) => {
                    self.cdata(content)?;
                }
                Token::Eof => return Err(self.error(Category::Eof, "unexpected end of document")),
                Token::Text { .. } | Token::Ignored | Token::Declaration { .. } => {}
            }
        }
        Ok(())
    }

    /// Consumes an element that must have no content but whitespace and comments.
    pub fn expect_empty(&mut self, what: &str) -> Result<()> {
        match self.next_child()? {
            None => Ok(()),
            Some(_) => Err(self.data_error(format!("unexpected element inside {what}"))),
        }
    }

    /// The attributes of an element, unescaped, with names as written (`prefix:name`).
    /// Errors point at the attribute at fault.
    // Inlined (the rare second parse is not): the iterator is then built in place.
    #[inline(always)]
    pub fn attributes<'e>(
        &'e self,
        element: &'e Element<'a>,
    ) -> impl Iterator<Item = Result<(Cow<'a, str>, Cow<'a, str>)>> + 'e {
        // The tokenizer parsed the attributes of the start tag it read last. An element
        // kept from before is parsed again: it parsed without a problem the first time,
        // but a problem would still be reported, not lost.
        let list = match self.tokens.attributes_of(element.offset) {
            Some(list) => ListRef::Read(list),
            None => self.parse_attributes_again(element),
        };
        ElementAttributes {
            reader: self,
            element,
            list,
            index: 0,
        }
    }

    /// [`attributes`](Self::attributes) of an element read before the last start tag.
    #[cold]
    fn parse_attributes_again<'e>(&self, element: &Element<'a>) -> ListRef<'e, 'a> {
        let mut list = AttributeList::default();
        let problem = attributes::parse(element.attributes, self.limits, &mut list).err();
        ListRef::Parsed(Box::new((list, problem)))
    }

    /// An attribute (or text) problem as an error, `base` being the input offset its
    /// position counts from.
    fn attribute_error(&self, p: Problem, base: usize) -> Error {
        self.at(Error::new(p.category, p.message), base + p.at)
    }

    /// Whether a prefixed attribute is `xsi:nil` (prefix bound to the XSI namespace).
    fn is_nil_attribute(&self, name: &str) -> bool {
        match name.bytes().position(|b| b == b':') {
            Some(colon) => {
                &name[colon + 1..] == "nil"
                    && self.namespace_of(Some(&name[..colon])) == Some(XSI_NS)
            }
            None => false,
        }
    }

    /// Whether the element carries `xsi:nil="true"`.
    pub fn is_nil(&self, element: &Element<'a>) -> Result<bool> {
        for attr in self.attributes(element) {
            let (name, value) = attr?;
            if self.is_nil_attribute(&name) {
                return Ok(value.trim() == "true");
            }
        }
        Ok(false)
    }

    /// Drops the links read ahead, if any (nearly always none: not worth a call).
    fn drop_ahead(&mut self) {
        if !self.ahead.is_empty() {
            self.ahead.clear();
        }
    }
}

/// Decodes an XML document with `decode`, a hand-written decoder that takes context
/// (such as the registry an event response types its resources with). The same steps
/// as [`from_slice_with`](crate::xml::from_slice_with) (UTF-8 with the error located, limits, byte-order mark, the
/// prologue, nothing after the root), for hand-written codecs.
pub fn read_document<T>(
    input: &[u8],
    limits: Limits,
    decode: impl FnOnce(&mut Reader<'_>) -> Result<T>,
) -> Result<T> {
    read_str(crate::limits::utf8(input)?, limits, decode)
}

pub(crate) fn read_str<T>(
    input: &str,
    limits: Limits,
    decode: impl FnOnce(&mut Reader<'_>) -> Result<T>,
) -> Result<T> {
    // Instantiated once per type decoded: no `?` on the value's result (each is code).
    let mut reader = Reader::new(input, limits)?;
    match decode(&mut reader) {
        Ok(value) => match reader.finish() {
            Ok(()) => Ok(value),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// The attributes of an element, parsed by the tokenizer, or again (see
/// [`Reader::attributes`]) with the problem that ended the parse, if any: boxed, as
/// rare, so that the usual iterator is small and has nothing to drop.
enum ListRef<'e, 'a> {
    Read(&'e AttributeList<'a>),
    Parsed(Box<(AttributeList<'a>, Option<Problem>)>),
}

/// What [`Reader::attributes`] returns: the parsed attributes with their values read.
struct ElementAttributes<'e, 'a> {
    reader: &'e Reader<'a>,
    element: &'e Element<'a>,
    list: ListRef<'e, 'a>,
    index: usize,
}

impl<'a> Iterator for ElementAttributes<'_, 'a> {
    type Item = Result<(Cow<'a, str>, Cow<'a, str>)>;

    // Inlined into each loop over attributes: as a call it cost about 5 % of a decode,
    // its set-up being most of the work for a one-attribute element.
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let list = match &self.list {
            ListRef::Read(list) => list,
            ListRef::Parsed(parsed) => &parsed.0,
        };
        let base = self.element.offset + 1 + self.element.name.len();
        let Some(attr) = list.get(self.index) else {
            let ListRef::Parsed(parsed) = &mut self.list else {
                return None;
            };
            return parsed
                .1
                .take()
                .map(|p| Err(self.reader.attribute_error(p, base)));
        };
        self.index += 1;
        let value_at = attr.value.as_ptr() as usize - self.element.attributes.as_ptr() as usize;
        Some(
            attr.normalized()
                .map(|value| (Cow::Borrowed(attr.name), value))
                .map_err(|p| self.reader.attribute_error(p, base + value_at)),
        )
    }
}

impl<'a> Element<'a> {
    /// The element's local name (without prefix).
    pub fn local_name(&self) -> &str {
        self.local
    }

    /// The byte offset of the start tag in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

#[cfg(test)]
mod tests {
    use crate::DynResource;

    fn error(doc: &str) -> String {
        crate::xml::from_str::<DynResource>(doc)
            .unwrap_err()
            .to_string()
    }

    /// Every codec refuses a wrong root in the same words, with the right article.
    #[test]
    fn a_wrong_root_is_named_with_the_expected_one() {
        let wrong_root = |expected: &str| {
            let mut r =
                super::Reader::new("<resource rel=\"a\"/>", crate::Limits::DEFAULT).unwrap();
            r.root_named(expected).unwrap_err().to_string()
        };
        assert_eq!(
            wrong_root("input"),
            "expected an <input> root element, found <resource> (line 1, column 1)"
        );
        assert_eq!(
            wrong_root("reason"),
            "expected a <reason> root element, found <resource> (line 1, column 1)"
        );
        let mut r = super::Reader::new("<resource rel=\"a\"/>", crate::Limits::DEFAULT).unwrap();
        assert_eq!(r.root_named("resource").unwrap().local_name(), "resource");
    }

    /// A plain text followed by its element's end tag is read in one step; anything
    /// else takes the token path, with the same results and errors.
    #[test]
    fn property_texts_read_at_once_or_token_by_token_agree() {
        let text_of = |content: &str| -> crate::Result<(String, usize)> {
            let doc = format!("<resource rel=\"a\"><property name=\"p\">{content}</resource>");
            let mut r = super::Reader::new(&doc, crate::Limits::DEFAULT)?;
            r.root()?;
            r.next_element()?;
            let text = r.read_text()?.into_owned();
            // Errors about the value point at the end tag, on either path.
            let column = r.data_error("bad value").column();
            Ok((text, column))
        };
        let at = |column: usize| 38 + column;
        assert_eq!(text_of("one</property>").unwrap(), ("one".into(), at(3)));
        assert_eq!(text_of("</property>").unwrap(), ("".into(), at(0)));
        assert_eq!(
            text_of("a&amp;b</property>").unwrap(),
            ("a&b".into(), at(7))
        );
        assert_eq!(
            text_of("a<!-- c -->b</property>").unwrap(),
            ("ab".into(), at(12))
        );
        assert_eq!(text_of("a]]b</property>").unwrap(), ("a]]b".into(), at(4)));
        assert_eq!(text_of("x</property >").unwrap(), ("x".into(), at(1)));
        for (content, message) in [
            ("one</propertyx>", "end tag `</propertyx>` does not match"),
            ("one</propert>", "end tag `</propert>` does not match"),
            ("one</property", "`</property</resource>` does not match"),
            ("one]]></property>", "`]]>` is not allowed in text"),
            (
                "one<b/></property>",
                "unexpected element inside a text value",
            ),
            (
                "one",
                "`</resource>` does not match the start tag `<property>`",
            ),
        ] {
            let e = text_of(content).unwrap_err().to_string();
            assert!(e.contains(message), "{content}: {e}");
        }
    }

    /// Indentation is skipped without being read as a text: text between elements is
    /// reported where it starts, after the indentation.
    #[test]
    fn text_between_elements_is_refused_where_it_starts() {
        assert_eq!(
            error("<resource rel=\"a\">\n  <link rel=\"b\" href=\"c\"/>\n  x\n</resource>"),
            "unexpected text between elements at `a` (line 3, column 3)"
        );
        let doc = "<resource rel=\"a\">\n\t <property name=\"p\">one</property> \r\n</resource>";
        let decoded = crate::xml::from_str::<DynResource>(doc).unwrap();
        assert_eq!(
            decoded.members.property("p").and_then(|v| v.as_str()),
            Some("one")
        );
    }

    /// Attribute errors point at the attribute at fault.
    #[test]
    fn attribute_errors_are_positioned_at_the_attribute() {
        assert_eq!(
            error(r#"<resource rel="a" rel="b"/>"#),
            "duplicate attribute `rel` (line 1, column 19)"
        );
        assert_eq!(
            error(
                "<resource rel=\"a\">\n  <property name=\"x\" name=\"y\">1</property></resource>"
            ),
            "duplicate attribute `name` at `a` (line 2, column 22)"
        );
        let many: String = (0..20).map(|i| format!(" a{i}=\"v\"")).collect();
        assert_eq!(
            error(&format!(r#"<resource rel="r"{many} a3="w"/>"#)),
            "duplicate attribute `a3` (line 1, column 169)"
        );
        assert_eq!(
            error(r#"<resource rel="a"href="b"/>"#),
            "attributes must be separated by whitespace (line 1, column 18)"
        );
        assert_eq!(
            error(r#"<resource rel="a" href="x&amp;y&bad;"/>"#),
            "undefined entity `&bad;` (line 1, column 32)"
        );
        assert_eq!(
            error(r#"<resource rel="a" 1x="b"/>"#),
            "`1x` is not a valid attribute name (line 1, column 19)"
        );
    }

    #[test]
    fn the_declaration_is_parsed_and_must_say_utf_8() {
        for ok in [
            r#"<?xml version="1.0" encoding='UTF-8'?><resource rel="a"/>"#,
            r#"<?xml version="1.0"  ?><resource rel="a"/>"#,
            "<?xml\nversion=\"1.0\"\nencoding=\"utf-8\"\n?>\n<resource rel=\"a\"/>",
        ] {
            assert!(crate::xml::from_str::<DynResource>(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            error(r#"<?xml version="1.0" encoding=utf-8?><resource rel="a"/>"#),
            "malformed XML declaration: the value of attribute `encoding` is not quoted (line 1, column 30)"
        );
        assert_eq!(
            error(r#"<?xml version="1.0" encoding="latin1"?><resource rel="a"/>"#),
            "unsupported encoding `latin1`: only UTF-8 is accepted (line 1, column 1)"
        );
    }

    /// The declaration's grammar: `version`, then `encoding`, then `standalone`, each
    /// optional but the first, spelled exactly, with values of their grammar.
    #[test]
    fn the_declaration_follows_its_grammar() {
        let check = |decl: &str| crate::xml::check_well_formed(format!("{decl}<a/>").as_bytes());
        for ok in [
            "<?xml version='1.0'?>",
            "<?xml version=\"1.10\" encoding=\"UTF-8\" standalone='no' ?>",
            "<?xml version = '1.0' standalone=\"yes\"?>",
            "<?xml version='1.0' encoding='utf-8'?>",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for (bad, message) in [
            ("<?xml?>", "`version` must come first"),
            ("<?xml encoding='UTF-8'?>", "`version` must come first"),
            ("<?xml VERSION='1.0'?>", "`version` must come first"),
            (
                "<?xml version='1.0 '?>",
                "version `1.0 ` is not `1.` followed by digits",
            ),
            (
                "<?xml version='1.'?>",
                "version `1.` is not `1.` followed by digits",
            ),
            ("<?xml version='2.0'?>", "version `2.0` is not"),
            ("<?xml version='&#49;.0'?>", "version `&#49;.0` is not"),
            (
                "<?xml version='1.0' standalone='maybe'?>",
                "standalone `maybe` is neither",
            ),
            (
                "<?xml version='1.0' standalone='yes' encoding='UTF-8'?>",
                "unexpected `encoding`",
            ),
            (
                "<?xml version='1.0' Encoding='UTF-8'?>",
                "unexpected `Encoding`",
            ),
            ("<?xml version='1.0' other='x'?>", "unexpected `other`"),
            (
                "<?xml version='1.0' version='1.0'?>",
                "duplicate attribute `version`",
            ),
            (
                "<?xml version='1.0' encoding='-utf8'?>",
                "`-utf8` is not an encoding name",
            ),
            (
                "<?xml version='1.0' encoding='latin1'?>",
                "unsupported encoding `latin1`",
            ),
            (
                "<?xml version='1.0'encoding='UTF-8'?>",
                "separated by whitespace",
            ),
        ] {
            let e = check(bad).unwrap_err().to_string();
            assert!(e.contains(message), "{bad}: {e}");
        }
    }

    /// Namespaces in XML 1.0: prefixes declared, the reserved ones kept as they are,
    /// expanded attribute names unique, names with one colon at most.
    #[test]
    fn namespace_constraints_are_enforced() {
        let check = |doc: &str| crate::xml::check_well_formed(doc.as_bytes());
        for ok in [
            "<a xmlns:b='urn:b' b:c='1' c='2'/>",
            "<b:a xmlns:b='urn:b'><b:c/></b:a>",
            "<a xml:lang='en' xmlns:xml='http://www.w3.org/XML/1998/namespace'/>",
            "<a xmlns='urn:x'><b xmlns=''/></a>",
            "<a xmlns:p='urn:1' xmlns:q='urn:2' p:x='1' q:x='2'/>",
            "<a\u{301}\u{e31} b\u{301}='1'/>",
            // `xml` is bound by definition, on elements too (roxmltree refuses this one).
            "<xml:r/>",
        ] {
            assert!(check(ok).is_ok(), "{ok}: {:?}", check(ok));
        }
        for (bad, message) in [
            ("<b:a/>", "element `b:a` uses an undeclared prefix"),
            ("<a b:c='1'/>", "attribute `b:c` uses an undeclared prefix"),
            ("<a xmlns:b=''/>", "XML 1.0 cannot undeclare a prefix"),
            (
                "<a xmlns:xml='urn:x'/>",
                "the prefix `xml` can only be bound",
            ),
            (
                "<a xmlns:x='http://www.w3.org/XML/1998/namespace'/>",
                "only the prefix `xml`",
            ),
            (
                "<a xmlns='http://www.w3.org/XML/1998/namespace'/>",
                "only the prefix `xml`",
            ),
            (
                "<a xmlns:xmlns='urn:x'/>",
                "the prefix `xmlns` cannot be declared",
            ),
            (
                "<a xmlns:x='http://www.w3.org/2000/xmlns/'/>",
                "nothing can be bound",
            ),
            ("<xmlns:a/>", "uses an undeclared prefix"),
            (
                "<a xmlns:p='urn:1' xmlns:q='urn:1' p:x='1' q:x='2'/>",
                "attribute `q:x` repeats another's name in namespace `urn:1`",
            ),
            (
                "<a:b:c xmlns:a='urn:a'/>",
                "`a:b:c` is not a valid element name",
            ),
            ("<x: xmlns:x='urn:a'/>", "`x:` is not a valid element name"),
            ("<:x/>", "`:x` is not a valid element name"),
            ("<a b:c:d='1'/>", "`b:c:d` is not a valid attribute name"),
            (
                "<a xmlns:='urn:a'/>",
                "`xmlns:` is not a valid attribute name",
            ),
            (
                "<a><?p:i x?></a>",
                "`p:i` is not a valid processing-instruction target",
            ),
            ("<\u{301}a/>", "is not a valid element name"),
            ("<a\u{aa}/>", "is not a valid element name"),
            ("<a b\u{2460}='1'/>", "is not a valid attribute name"),
        ] {
            let e = check(bad).unwrap_err().to_string();
            assert!(e.contains(message), "{bad}: {e}");
        }
    }

    /// XML's `Char` everywhere: comments, processing instructions, CDATA, text and
    /// attribute values, read or not.
    #[test]
    fn forbidden_characters_are_refused_everywhere() {
        for c in ['\u{0}', '\u{1}', '\u{1f}', '\u{fffe}', '\u{ffff}'] {
            for doc in [
                format!("<a><!-- {c} --></a>"),
                format!("<!-- {c} --><a/>"),
                format!("<a/><?p {c}?>"),
                format!("<a><![CDATA[{c}]]></a>"),
                format!("<a>x{c}</a>"),
                format!("<a><b c='{c}'/></a>"),
                format!("<a b='&#x{:x};'/>", u32::from(c)),
            ] {
                let e = crate::xml::check_well_formed(doc.as_bytes());
                assert!(e.is_err(), "{doc:?}");
            }
            // In a UCWA document, in an attribute nobody reads.
            let doc = format!("<resource rel='a'><link rel='b' href='/b' x='{c}'/></resource>");
            assert!(
                crate::xml::from_str::<DynResource>(&doc).is_err(),
                "{doc:?}"
            );
        }
    }

    #[test]
    fn text_and_cdata_line_ends_are_normalised() {
        let doc = "<resource rel=\"a\"><property name=\"p\">x\r\ny<![CDATA[1\r\n2\r3]]>\r</property></resource>";
        let r: DynResource = crate::xml::from_str(doc).unwrap();
        assert_eq!(
            r.members.property("p").and_then(|v| v.as_str()),
            Some("x\ny1\n2\n3\n")
        );
        assert_eq!(
            error(
                "<resource rel=\"a\"><property name=\"p\"><![CDATA[\u{1}]]></property></resource>"
            ),
            "character U+0001 is not allowed in XML 1.0 at `a/p` (line 1, column 38)"
        );
    }

    #[test]
    fn the_type_of_a_nested_resource_is_read_past_its_links() {
        use super::Member;
        // The type found, then the members as read: links, properties by name, `End`.
        let ahead = |body: &str| -> crate::Result<(Option<String>, Vec<String>)> {
            let doc = format!("<resource rel=\"a\">{body}</resource>");
            let mut r = super::Reader::new(&doc, crate::Limits::DEFAULT)?;
            r.root()?;
            let rel = r.read_type_ahead()?.map(str::to_owned);
            let mut members = Vec::new();
            loop {
                match r.next_member()? {
                    Member::Link { rel, link } => members.push(format!("{rel}={}", link.href)),
                    Member::Property(p) => {
                        members.push(p.name.into_owned());
                        r.skip()?;
                    }
                    Member::Resource(_) => r.skip()?,
                    Member::End => break,
                }
            }
            Ok((rel, members))
        };
        let rel = r#"<property name="rel">note</property>"#;
        assert_eq!(
            ahead(rel).unwrap(),
            (Some("note".into()), vec!["rel".into()])
        );
        // Quotes respected; a link with an end tag is a link too.
        let links = format!(
            "\n  <link rel=\"x\" href=\"/a/>b'\" />\n  <link rel='y' href='\">' title=\"ü/>\"/><link rel=\"z\" href=\"/z\"></link>{rel}<property name=\"p\">1</property>"
        );
        let (found, members) = ahead(&links).unwrap();
        assert_eq!(found.as_deref(), Some("note"));
        assert_eq!(members, ["x=/a/>b'", "y=\">", "z=/z", "rel", "p"]);
        // Something else first: no type, and the links read are still members.
        for (body, expected) in [
            (format!("<!-- c -->{rel}"), vec!["rel"]),
            (
                format!("<link rel=\"x\" href=\"/x\"/><!-- c -->{rel}"),
                vec!["x=/x", "rel"],
            ),
            (
                format!("<property name=\"a\">1</property>{rel}"),
                vec!["a", "rel"],
            ),
            (
                "<property name=\"rel\">a&amp;b</property>".to_owned(),
                vec!["rel"],
            ),
            ("<property name=\"rel\"></property>".to_owned(), vec!["rel"]),
            (
                "<property name=\"rel\">a<!-- -->b</property>".to_owned(),
                vec!["rel"],
            ),
            (String::new(), vec![]),
        ] {
            assert_eq!(
                ahead(&body).unwrap(),
                (None, expected.iter().map(|m| m.to_string()).collect()),
                "{body}"
            );
        }
        // `next_element` and `skip` read on past the links read ahead.
        let doc = format!("<resource rel=\"a\"><link rel=\"x\" href=\"/x\"/>{rel}</resource>");
        let mut r = super::Reader::new(&doc, crate::Limits::DEFAULT).unwrap();
        r.root().unwrap();
        assert_eq!(r.read_type_ahead().unwrap(), Some("note"));
        assert_eq!(r.next_element().unwrap().unwrap().local_name(), "property");
        // A link read ahead is checked as any member is.
        let bad = |body: &str| ahead(body).unwrap_err().to_string();
        assert_eq!(
            bad("<link rel=\"x\"/>"),
            "<link> without an `href` at `_links/x` (line 1, column 19)"
        );
        assert!(bad("<link rel=\"x\" href=\"/a").contains("`href` is not closed"));
        assert!(
            bad("<link rel=\"x\" href=\"/a\"><b/></link>")
                .contains("unexpected element inside a <link>")
        );
    }

    #[test]
    fn namespace_declarations_are_scoped() {
        let ns = crate::xml::UCWA_NS;
        let decode = |doc: String| crate::xml::from_str::<DynResource>(&doc);
        // The default namespace changed, then changed back to UCWA deeper down.
        let inner = |declared: &str| {
            format!(
                r#"<u:resource xmlns:u="{ns}" xmlns="urn:other" rel="a"><u:resource rel="b"{declared}><property name="p">1</property></u:resource></u:resource>"#
            )
        };
        assert!(decode(inner(&format!(r#" xmlns="{ns}""#))).is_ok());
        assert_eq!(
            decode(inner("")).unwrap_err().message(),
            "unexpected element `property` in namespace `urn:other` (not UCWA)"
        );
        // Declaring UCWA's namespace again where it is in force changes nothing.
        let again = format!(
            r#"<resource xmlns="{ns}" rel="a"><resource xmlns="{ns}" rel="b"/><property name="p">1</property></resource>"#
        );
        assert!(decode(again).is_ok());
        let other = format!(
            r#"<resource xmlns="{ns}" rel="a"><resource xmlns="urn:other" rel="b"/></resource>"#
        );
        assert!(decode(other).is_err());
        // At the root: any other namespace, near misses of UCWA's too, is refused; other
        // declarations beside UCWA's are bound.
        for root in ["urn:other", &format!("{ns} "), &format!("{ns}&#x2F;")] {
            let doc = format!(r#"<resource xmlns="{root}" rel="a"/>"#);
            assert!(decode(doc).is_err(), "{root}");
        }
        let doc = format!(r#"<resource xmlns="{ns}" xmlns:x="urn:x" rel="a" href="/a" x:y="1"/>"#);
        let resource = decode(doc).unwrap();
        // The prefixed attribute keeps its declaration, so it can be written again.
        let link = resource.self_link.unwrap();
        assert_eq!(link.attribute("x:y"), Some("1"));
        assert_eq!(link.attribute("xmlns:x"), Some("urn:x"));
        // Attributes of a self link without its `href` are refused, not dropped.
        let doc = format!(r#"<resource xmlns="{ns}" xmlns:x="urn:x" rel="a" x:y="1"/>"#);
        assert!(decode(doc).unwrap_err().message().contains("no `href`"));
    }

    #[test]
    fn attribute_problems_are_found_when_the_tag_is_read() {
        let many: String = (0..100).map(|i| format!(" a{i}=\"v\"")).collect();
        let doc = format!("<resource{many}/>");
        let e = super::Reader::new(&doc, crate::Limits::DEFAULT)
            .unwrap()
            .root()
            .err()
            .unwrap();
        assert_eq!(e.category(), crate::Category::Limit);
        assert_eq!(e.message(), "more than 64 attributes on one element");
        // Even in content that is skipped.
        let doc = r#"<resource><x><y a="1" a="2"/></x></resource>"#;
        let mut r = super::Reader::new(doc, crate::Limits::DEFAULT).unwrap();
        r.root().unwrap();
        r.next_element().unwrap().unwrap();
        assert_eq!(
            r.skip().unwrap_err().to_string(),
            "duplicate attribute `a` (line 1, column 23)"
        );
    }

    #[test]
    fn attributes_of_an_element_read_before_are_parsed_again() {
        let doc = r#"<resource rel="a" href="/x&amp;y"><property name="p">1</property></resource>"#;
        let mut r = super::Reader::new(doc, crate::Limits::DEFAULT).unwrap();
        let root = r.root().unwrap();
        let child = r.next_element().unwrap().unwrap();
        let pairs = |element| {
            r.attributes(element)
                .map(|a| a.map(|(k, v)| format!("{k}={v}")))
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
        };
        assert_eq!(pairs(&child), ["name=p"]);
        assert_eq!(pairs(&root), ["rel=a", "href=/x&y"]);
    }
}
