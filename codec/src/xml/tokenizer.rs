//! Splits an XML document into markup and text, every piece borrowed from the input.
//!
//! UCWA needs a small part of XML: no DTD (refused), only the predefined entities, UTF-8
//! only. quick-xml's reader handles far more, and for a `str` input it still checks
//! UTF-8 again on every event and leaves names and comments unchecked; it was over a
//! third of the cost of decoding a small resource. This tokenizer does the part UCWA
//! needs in one forward pass and checks what XML requires of it there: end tags match
//! their start tags, element and attribute names are qualified names, attributes are
//! well formed and not repeated, their references and characters allowed (parsed once,
//! while the end of the tag is looked for, and kept for the reader), markup is closed,
//! comments hold no `--`, comments and processing instructions only characters XML
//! allows, the declaration comes first, processing-instruction targets are names
//! without a colon. The [`Reader`](super::Reader) checks the rest (the declaration's
//! grammar, namespaces, references and characters in text, UCWA's shape).

use super::attributes::{self, AttributeList};
use super::names::{ascii_name_len, is_ncname, is_qname};
use super::problem::{Problem, problem, truncated};
use super::scan;
use super::text::{self, forbidden_char, forbidden_message, is_whitespace};
use crate::limits::Limits;

/// One piece of the document.
#[derive(Debug, PartialEq)]
pub(crate) enum Token<'a> {
    /// `<?xml …?>` at the very start: the text between `<?xml` and `?>`. `usual` when
    /// it is one of [`USUAL_DECLARATIONS`], known good: nothing left to check.
    Declaration { body: &'a str, usual: bool },
    /// A start tag, or an empty-element tag.
    Start(StartTag<'a>),
    /// An end tag, already matched with its start tag.
    End,
    /// Character data as written, references unresolved. `plain` when none of its bytes
    /// needs a closer look: no control character or line break, `&`, `>` or 0xEF (which
    /// leads U+FFFE and U+FFFF).
    Text { raw: &'a str, plain: bool },
    /// The content of a CDATA section.
    CData(&'a str),
    /// A comment or a processing instruction: nothing to read.
    Ignored,
    /// The end of the input.
    Eof,
}

/// A start tag, or an empty-element tag (`empty`), as the tokenizer read it.
#[derive(Debug, PartialEq)]
pub(crate) struct StartTag<'a> {
    pub(crate) name: &'a str,
    /// Where the name's prefix ends (the colon's offset in `name`), or 0: no prefix (a
    /// name cannot start with a colon).
    pub(crate) colon: usize,
    /// The text between the name and `>` (or `/>`).
    pub(crate) attributes: &'a str,
    pub(crate) empty: bool,
}

/// The declarations nearly every document starts with: recognised whole, with no search
/// for `?>` and no parsing of their pseudo-attributes (which cost a tenth of decoding
/// a small resource).
const USUAL_DECLARATIONS: [&str; 2] = [
    r#"<?xml version="1.0" encoding="utf-8"?>"#,
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
];

/// The bytes that make text need a closer look, besides those below 0x20.
const TEXT_SUSPECTS: [u8; 3] = [b'&', b'>', 0xEF];

/// Reads a range of a document, one [`Token`] at a time.
pub(crate) struct Tokenizer<'a> {
    input: &'a str,
    pos: usize,
    end: usize,
    limits: Limits,
    /// The names of the open elements, for matching end tags. The reader refuses a start
    /// tag past its depth limit, which bounds this.
    open: Vec<&'a str>,
    /// The attributes of the start tag read last, parsed while finding its end, and the
    /// offset of that tag (`usize::MAX`: none yet).
    attributes: AttributeList<'a>,
    attributes_of: usize,
}

impl<'a> Tokenizer<'a> {
    /// A tokenizer over `input[range]`; offsets stay those of `input`.
    pub fn new(input: &'a str, range: std::ops::Range<usize>, limits: Limits) -> Self {
        Tokenizer {
            input,
            pos: range.start,
            end: range.end,
            limits,
            open: Vec::new(),
            attributes: AttributeList::default(),
            attributes_of: usize::MAX,
        }
    }

    /// The parsed attributes of the start tag at `offset`, if it is the one read last.
    pub fn attributes_of(&self, offset: usize) -> Option<&AttributeList<'a>> {
        (self.attributes_of == offset).then_some(&self.attributes)
    }

    /// The offset just past what has been read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The offset where the range ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Moves past XML whitespace: what indents elements, read where only elements may
    /// follow, without making a text of it.
    pub fn skip_whitespace(&mut self) {
        let bytes = &self.input.as_bytes()[..self.end];
        // Counted in a local: a field would be stored on every byte.
        let mut pos = self.pos;
        while bytes.get(pos).is_some_and(|&b| is_whitespace(b)) {
            pos += 1;
        }
        self.pos = pos;
    }

    /// A text that needs nothing replaced or checked, then the end tag of the open
    /// element: a property's usual content, read at once (the tokens it would be, a
    /// text and an end, cost twice as much). `None`, with nothing read, for anything
    /// else. Returns the text and the offset of the end tag.
    pub fn plain_text_and_end(&mut self) -> Option<(&'a str, usize)> {
        let bytes = &self.input.as_bytes()[..self.end];
        let start = self.pos;
        let (len, suspect) = scan::find_quote(bytes.get(start..)?, b'<', &TEXT_SUSPECTS)?;
        let lt = start + len;
        if suspect || !self.close_at(lt) {
            return None;
        }
        // Delimited by `<`: on character boundaries.
        Some((scan::piece(self.input, start, lt), lt))
    }

    /// `<link rel="R" href="H"/>` (or `… />`) at the current position, exactly so:
    /// double quotes, one space before each attribute, values with nothing to
    /// normalise. UCWA writes nearly every link this way, and the reader takes it whole
    /// instead of as a start tag, two attributes and an implicit end. Returns the rel,
    /// the href and where the tag ends, for [`take`](Self::take); nothing is read.
    #[inline]
    pub fn peek_plain_link(&self) -> Option<(&'a str, &'a str, usize)> {
        let (rel_start, rel_end) = self.plain_value_after(self.pos, b"<link rel=\"")?;
        let (href_start, href_end) = self.plain_value_after(rel_end, b"\" href=\"")?;
        let bytes = &self.input.as_bytes()[..self.end];
        let end = match bytes.get(href_end + 1..)? {
            [b'/', b'>', ..] => href_end + 3,
            [b' ', b'/', b'>', ..] => href_end + 4,
            _ => return None,
        };
        // Delimited by ASCII bytes: on character boundaries.
        let rel = scan::piece(self.input, rel_start, rel_end);
        let href = scan::piece(self.input, href_start, href_end);
        Some((rel, href, end))
    }

    /// `<property name="N">` at the current position, exactly so (see
    /// [`peek_plain_link`](Self::peek_plain_link)): the name, and where the tag ends,
    /// for [`take`](Self::take). Nothing is read.
    #[inline]
    pub fn peek_plain_property(&self) -> Option<(&'a str, usize)> {
        let (name_start, name_end) = self.plain_value_after(self.pos, b"<property name=\"")?;
        if self.input.as_bytes()[..self.end].get(name_end + 1) != Some(&b'>') {
            return None;
        }
        Some((scan::piece(self.input, name_start, name_end), name_end + 2))
    }

    /// If `head` (which ends with an opening `"`) is at `at`, where the value after it
    /// starts and ends (its closing quote), provided nothing in it needs normalising or
    /// refusing.
    #[inline(always)]
    fn plain_value_after(&self, at: usize, head: &[u8]) -> Option<(usize, usize)> {
        let bytes = &self.input.as_bytes()[..self.end];
        if !bytes.get(at..)?.starts_with(head) {
            return None;
        }
        let start = at + head.len();
        match scan::find_quote(&bytes[start..], b'"', &text::MARKUP_SUSPECTS)? {
            (len, false) => Some((start, start + len)),
            (_, true) => None,
        }
    }

    /// If `</name>` of the open element is at `lt` (its `<`), moves past it and closes
    /// the element. Nearly every end tag is that: compared at once, instead of finding
    /// the end of the name first.
    #[inline(always)]
    fn close_at(&mut self, lt: usize) -> bool {
        let bytes = &self.input.as_bytes()[..self.end];
        let Some(&open) = self.open.last() else {
            return false;
        };
        let name_start = lt + 2;
        let closes = bytes.get(lt + 1) == Some(&b'/')
            && bytes
                .get(name_start..)
                .is_some_and(|rest| rest.starts_with(open.as_bytes()))
            && bytes.get(name_start + open.len()) == Some(&b'>');
        if closes {
            self.open.pop();
            self.pos = name_start + open.len() + 1;
        }
        closes
    }

    /// Moves past a tag a `peek_plain_*` method found, which ends at `end`; `open`
    /// names the element it leaves open (`None` for an empty one).
    pub fn take(&mut self, end: usize, open: Option<&'a str>) {
        if let Some(name) = open {
            self.open.push(name);
        }
        self.pos = end;
    }

    /// The next token.
    pub fn next_token(&mut self) -> Result<Token<'a>, Problem> {
        let bytes = &self.input.as_bytes()[..self.end];
        let start = self.pos;
        let Some(&first) = bytes.get(start) else {
            return Ok(Token::Eof);
        };
        if first != b'<' {
            let rest = &bytes[start..];
            let (len, suspect) = scan::find_quote(rest, b'<', &TEXT_SUSPECTS)
                .unwrap_or_else(|| (rest.len(), scan::any_byte(rest, 0x20, &TEXT_SUSPECTS)));
            self.pos = start + len;
            // Delimited by `<` or the end of the range: on character boundaries.
            let raw = scan::piece(self.input, start, self.pos);
            return Ok(Token::Text {
                raw,
                plain: !suspect,
            });
        }
        match bytes.get(start + 1) {
            Some(b'/') => self.end_tag(start),
            Some(b'!') => self.declaration_markup(start),
            Some(b'?') => self.processing_instruction(start),
            _ => self.start_tag(start),
        }
    }

    /// `<name attributes>` or `<name attributes/>`, from `start` (at `<`).
    fn start_tag(&mut self, start: usize) -> Result<Token<'a>, Problem> {
        let bytes = &self.input.as_bytes()[..self.end];
        let name_start = start + 1;
        let delimiter = |b: &u8| is_whitespace(*b) || *b == b'/' || *b == b'>';
        // Prefixed names take the general path: a plain name has no colon.
        let ascii = ascii_name_len(&bytes[name_start..], false);
        let plain = ascii > 0 && bytes.get(name_start + ascii).is_some_and(delimiter);
        let name_end = if plain {
            name_start + ascii
        } else {
            name_start
                + bytes[name_start..]
                    .iter()
                    .position(delimiter)
                    .unwrap_or(bytes.len() - name_start)
        };
        if name_end == bytes.len() {
            return Err(truncated(start, "a start tag"));
        }
        if name_end == name_start {
            return Err(problem(start, "expected an element name after `<`"));
        }
        // All delimiters are ASCII, so every slice is on character boundaries.
        let name = scan::piece(self.input, name_start, name_end);
        if !plain && !is_qname(name) {
            return Err(problem(
                start,
                format!("`{}` is not a valid element name", name.escape_debug()),
            ));
        }
        // The attributes are parsed as the end of the tag is looked for: one pass over
        // their values, and the reader reads them from the list.
        self.attributes.clear();
        self.attributes_of = usize::MAX;
        let text = scan::piece(self.input, name_end, self.end);
        let stop =
            attributes::parse(text, self.limits, &mut self.attributes).map_err(|p| Problem {
                at: name_end + p.at,
                ..p
            })?;
        let stop = name_end + stop;
        let (close, empty) = match bytes.get(stop) {
            Some(b'>') => (stop, false),
            // `parse` stops at a `/` only before a `>`.
            Some(_) => (stop + 1, true),
            None => return Err(truncated(start, "a start tag")),
        };
        let attributes = scan::piece(self.input, name_end, stop);
        self.attributes_of = start;
        self.pos = close + 1;
        if !empty {
            self.open.push(name);
        }
        Ok(Token::Start(StartTag {
            name,
            colon: if plain {
                0
            } else {
                name.find(':').unwrap_or(0)
            },
            attributes,
            empty,
        }))
    }

    /// `</name>`, from `start` (at `<`): it must close the element opened last.
    fn end_tag(&mut self, start: usize) -> Result<Token<'a>, Problem> {
        if self.close_at(start) {
            return Ok(Token::End);
        }
        let bytes = &self.input.as_bytes()[..self.end];
        let name_start = start + 2;
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .position(|&b| is_whitespace(b) || b == b'>')
                .unwrap_or(bytes.len() - name_start);
        let mut close = name_end;
        while close < bytes.len() && is_whitespace(bytes[close]) {
            close += 1;
        }
        let name = scan::piece(self.input, name_start, name_end);
        match bytes.get(close) {
            Some(b'>') => {}
            Some(_) => {
                return Err(problem(
                    close,
                    format!(
                        "expected `>` to end the end tag `</{}`",
                        name.escape_debug()
                    ),
                ));
            }
            None => return Err(truncated(start, "an end tag")),
        }
        match self.open.pop() {
            Some(open) if open == name => {}
            Some(open) => {
                return Err(problem(
                    start,
                    format!(
                        "end tag `</{}>` does not match the start tag `<{}>`",
                        name.escape_debug(),
                        open.escape_debug()
                    ),
                ));
            }
            None => {
                return Err(problem(
                    start,
                    format!("end tag `</{}>` without a start tag", name.escape_debug()),
                ));
            }
        }
        self.pos = close + 1;
        Ok(Token::End)
    }

    /// `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE`, from `start` (at `<`).
    fn declaration_markup(&mut self, start: usize) -> Result<Token<'a>, Problem> {
        let rest = &self.input[start..self.end];
        if let Some(body) = rest.strip_prefix("<!--") {
            let Some(dashes) = scan::find_seq(body.as_bytes(), b"--") else {
                return Err(truncated(start, "a comment"));
            };
            return match body.as_bytes().get(dashes + 2) {
                Some(b'>') => {
                    check_chars(&body[..dashes], start + 4)?;
                    self.pos = start + 4 + dashes + 3;
                    Ok(Token::Ignored)
                }
                Some(_) => Err(problem(
                    start + 4 + dashes,
                    "`--` is not allowed inside a comment",
                )),
                None => Err(truncated(start, "a comment")),
            };
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let Some(len) = scan::find_seq(body.as_bytes(), b"]]>") else {
                return Err(truncated(start, "a CDATA section"));
            };
            self.pos = start + 9 + len + 3;
            return Ok(Token::CData(&body[..len]));
        }
        if rest.starts_with("<!DOCTYPE") {
            return Err(problem(start, "a DOCTYPE is not allowed"));
        }
        if ["<!--", "<![CDATA[", "<!DOCTYPE"]
            .iter()
            .any(|markup| markup.starts_with(rest))
        {
            return Err(truncated(start, "markup"));
        }
        Err(problem(
            start,
            "expected a comment or a CDATA section after `<!`",
        ))
    }

    /// `<?target …?>`, from `start` (at `<`): the XML declaration if it opens the
    /// document, else a processing instruction.
    fn processing_instruction(&mut self, start: usize) -> Result<Token<'a>, Problem> {
        let all = &self.input[..self.end];
        if start == 0
            && let Some(usual) = USUAL_DECLARATIONS.iter().find(|d| all.starts_with(**d))
        {
            self.pos = usual.len();
            return Ok(Token::Declaration {
                body: &all["<?xml".len()..usual.len() - "?>".len()],
                usual: true,
            });
        }
        let rest = &self.input[start + 2..self.end];
        let Some(len) = scan::find_seq(rest.as_bytes(), b"?>") else {
            return Err(truncated(start, "a processing instruction"));
        };
        let body = &rest[..len];
        let target_len = body.bytes().position(is_whitespace).unwrap_or(body.len());
        let target = &body[..target_len];
        self.pos = start + 2 + len + 2;
        if target == "xml" && start == 0 {
            return Ok(Token::Declaration {
                body: &body[3..],
                usual: false,
            });
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(problem(
                start,
                "an XML declaration is only allowed at the start of the document",
            ));
        }
        // Namespaces in XML: a target is a name without a colon.
        if !is_ncname(target) {
            return Err(problem(
                start + 2,
                format!(
                    "`{}` is not a valid processing-instruction target",
                    target.escape_debug()
                ),
            ));
        }
        check_chars(&body[target_len..], start + 2 + target_len)?;
        Ok(Token::Ignored)
    }
}

/// Refuses a character XML 1.0 does not allow in `text`, which starts at offset `at`:
/// the same rule as for text and attribute values, for what no one reads (comments and
/// processing instructions).
fn check_chars(text: &str, at: usize) -> Result<(), Problem> {
    match forbidden_char(text) {
        Some(c) => Err(problem(
            at + text.find(c).unwrap_or(0),
            forbidden_message(c),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, StartTag, Token, Tokenizer};
    use crate::{Category, Limits};

    fn tokens(input: &str) -> Result<Vec<Token<'_>>, Problem> {
        let mut t = Tokenizer::new(input, 0..input.len(), Limits::DEFAULT);
        let mut out = Vec::new();
        loop {
            match t.next_token()? {
                Token::Eof => return Ok(out),
                token => out.push(token),
            }
        }
    }

    #[test]
    fn prefixed_names_say_where_the_prefix_ends() {
        let start = |doc: &str| match tokens(doc).unwrap().into_iter().next() {
            Some(Token::Start(StartTag { name, colon, .. })) => (name.to_owned(), colon),
            other => panic!("{other:?}"),
        };
        assert_eq!(start("<u:resource/>"), ("u:resource".into(), 1));
        assert_eq!(start("<ab:é/>"), ("ab:é".into(), 2));
        assert_eq!(start("<é:b/>"), ("é:b".into(), 2));
        assert_eq!(start("<resource/>"), ("resource".into(), 0));
        assert_eq!(start("<é/>"), ("é".into(), 0));
    }

    fn error(input: &str) -> (usize, String, bool) {
        let e = tokens(input).unwrap_err();
        (e.at, e.message, e.category == Category::Eof)
    }

    #[test]
    fn splits_markup_and_text() {
        let doc = "<?xml version=\"1.0\"?>\n<a x='1>2' y=\"/\"><b/>t&amp;\r\n<![CDATA[<c>]]><!-- c --><?pi x?></a >";
        assert_eq!(
            tokens(doc).unwrap(),
            vec![
                Token::Declaration {
                    body: " version=\"1.0\"",
                    usual: false
                },
                Token::Text {
                    raw: "\n",
                    plain: false
                },
                Token::Start(StartTag {
                    name: "a",
                    colon: 0,
                    attributes: " x='1>2' y=\"/\"",
                    empty: false
                }),
                Token::Start(StartTag {
                    name: "b",
                    colon: 0,
                    attributes: "",
                    empty: true
                }),
                Token::Text {
                    raw: "t&amp;\r\n",
                    plain: false
                },
                Token::CData("<c>"),
                Token::Ignored,
                Token::Ignored,
                Token::End,
            ]
        );
        assert_eq!(
            tokens("<p:a n=\"v\">plain text é</p:a>").unwrap()[1],
            Token::Text {
                raw: "plain text é",
                plain: true
            }
        );
        assert_eq!(tokens("<!---->").unwrap(), vec![Token::Ignored]);
    }

    #[test]
    fn the_usual_declaration_is_recognised_whole() {
        for usual in super::USUAL_DECLARATIONS {
            let doc = format!("{usual}<a/>");
            let first = tokens(&doc).unwrap().remove(0);
            let body = &usual["<?xml".len()..usual.len() - 2];
            assert_eq!(first, Token::Declaration { body, usual: true });
        }
        // Any other spelling takes the general path, and the reader checks it.
        let doc = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><a/>";
        assert_eq!(
            tokens(doc).unwrap()[0],
            Token::Declaration {
                body: " version=\"1.0\" encoding=\"utf-8\" ",
                usual: false
            }
        );
    }

    #[test]
    fn refuses_what_xml_refuses() {
        let syntax = |at: usize, message: &str| (at, message.to_owned(), false);
        assert_eq!(
            error("<a></b>"),
            syntax(3, "end tag `</b>` does not match the start tag `<a>`")
        );
        // One name the start of the other: the quick comparison must not accept them.
        assert_eq!(
            error("<a></ab>"),
            syntax(3, "end tag `</ab>` does not match the start tag `<a>`")
        );
        assert_eq!(
            error("<ab></a>"),
            syntax(4, "end tag `</a>` does not match the start tag `<ab>`")
        );
        assert_eq!(
            error("<a/></a>"),
            syntax(4, "end tag `</a>` without a start tag")
        );
        assert_eq!(
            error("<a></a x>"),
            syntax(7, "expected `>` to end the end tag `</a`")
        );
        assert_eq!(
            error("< a/>"),
            syntax(0, "expected an element name after `<`")
        );
        assert_eq!(
            error("<a><!-- a -- b --></a>"),
            syntax(10, "`--` is not allowed inside a comment")
        );
        assert_eq!(
            error("<a><!-- a ---></a>"),
            syntax(10, "`--` is not allowed inside a comment")
        );
        assert_eq!(
            error("<!DOCTYPE a><a/>"),
            syntax(0, "a DOCTYPE is not allowed")
        );
        assert_eq!(
            error("<a><!ELEMENT a></a>"),
            syntax(3, "expected a comment or a CDATA section after `<!`")
        );
        assert_eq!(
            error(" <?xml version=\"1.0\"?><a/>"),
            syntax(
                1,
                "an XML declaration is only allowed at the start of the document"
            )
        );
        assert_eq!(
            error("<a><?XML x?></a>"),
            syntax(
                3,
                "an XML declaration is only allowed at the start of the document"
            )
        );
        assert_eq!(
            error("<a><?1x?></a>"),
            syntax(5, "`1x` is not a valid processing-instruction target")
        );
    }

    #[test]
    fn every_truncation_is_an_end_of_document_error() {
        let doc = "<a x=\"1\"><b/><!-- c --><![CDATA[d]]><?p q?></a>";
        let markup_starts: Vec<usize> = doc.match_indices('<').map(|(at, _)| at).collect();
        for end in 1..doc.len() {
            let mut t = Tokenizer::new(doc, 0..end, Limits::DEFAULT);
            let result = loop {
                match t.next_token() {
                    Ok(Token::Eof) => break Ok(()),
                    Ok(_) => {}
                    Err(e) => break Err(e),
                }
            };
            // Cut inside markup: an error at the markup's start. Cut between pieces:
            // the tokens end early (the reader reports the unclosed element).
            let inside = markup_starts
                .iter()
                .rfind(|&&s| s < end)
                .is_some_and(|&s| !doc[s..end].contains('>'));
            match result {
                Err(e) => {
                    assert!(inside, "cut at {end}: {e:?}");
                    assert_eq!(e.category, Category::Eof, "cut at {end}: {e:?}");
                    let markup = markup_starts.iter().rfind(|&&s| s < end);
                    assert!(
                        markup.is_some_and(|&s| e.at >= s && e.at <= end),
                        "cut at {end}: {e:?}"
                    );
                }
                Ok(()) => assert!(!inside, "cut at {end} was accepted"),
            }
        }
    }
}
