//! The reading primitives of hand-written JSON codecs (the authoring tier, public as
//! [`crate::authoring::json`]): the document prelude every entry point shares (limits,
//! byte-order mark, strict mode, the recovering second pass), error paths, and serde
//! helpers that record where a value failed.

use crate::error::{Category, Error, Result};
use crate::limits::Limits;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

/// Decodes a JSON document through a seed: a decoder that carries context, such as the
/// registry an event response types its resources with. The same steps as
/// [`from_slice_with`](crate::json::from_slice_with) (limits, byte-order mark, paths in errors, nothing after the
/// value), for hand-written codecs.
///
/// A document refused for an embedded resource its type does not take is read once
/// more, recovering: each known embedded member is then read as its text first, so that
/// one its type refuses falls back alone to the dynamic model (see
/// [`Members::rejected_reason`](crate::Members::rejected_reason)). The first pass reads
/// members straight into their types, so a document that fits costs one pass.
pub fn read_document<'a, S: DeserializeSeed<'a> + Clone>(
    input: &'a [u8],
    limits: Limits,
    seed: S,
) -> Result<S::Value> {
    match read_once(input, limits, seed.clone()) {
        Err(e) if Recovering::worth_it(&e, limits) => {
            let _recovering = Recovering::set();
            read_once(input, limits, seed)
        }
        done => done,
    }
}

fn read_once<'a, S: DeserializeSeed<'a>>(
    input: &'a [u8],
    limits: Limits,
    seed: S,
) -> Result<S::Value> {
    // This is instantiated once per type decoded (every resource type of a schema,
    // through its registry), so what does not depend on the type is out of line.
    let mut document = Document::begin(input, limits)?;
    match seed.deserialize(&mut document.de) {
        Ok(value) => match document.end() {
            Ok(()) => Ok(value),
            Err(e) => Err(e),
        },
        Err(e) => Err(convert_error(e)),
    }
}

/// A JSON document being read: the deserializer, and the strictness it is read with.
struct Document<'a> {
    de: serde_json::Deserializer<serde_json::de::StrRead<'a>>,
    _strict: StrictGuard,
}

impl<'a> Document<'a> {
    fn begin(input: &'a [u8], limits: Limits) -> Result<Self> {
        // Checked once up front, the text is read as `str`: serde_json then borrows
        // strings and raw values (which the property recovery and the event reader
        // take) without checking each again.
        let input = crate::limits::utf8(limits.admit(input)?)?;
        path::clear();
        let strict = StrictGuard::set(limits.strict);
        Ok(Document {
            de: serde_json::Deserializer::from_str(input),
            _strict: strict,
        })
    }

    /// Checks that nothing but whitespace follows the value.
    fn end(&mut self) -> Result<()> {
        self.de.end().map_err(convert_error)
    }
}

thread_local! {
    /// Whether the document being read is read a second time, recovering from an
    /// embedded resource its type refused (see [`read_document`]).
    static RECOVERING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets recovery for one reading of a document, restoring what was before.
struct Recovering(bool);

impl Recovering {
    fn set() -> Self {
        Recovering(RECOVERING.with(|r| r.replace(true)))
    }

    /// Whether a refusal is worth a second, recovering pass: not in strict mode, not
    /// when already recovering, and only for data that an embedded resource refused
    /// (what recovery can change).
    #[cold]
    fn worth_it(e: &Error, limits: Limits) -> bool {
        !limits.strict
            && !is_recovering()
            && e.category() == Category::Data
            && e.path().split('/').any(|segment| segment == "_embedded")
    }
}

impl Drop for Recovering {
    fn drop(&mut self) {
        RECOVERING.with(|r| r.set(self.0));
    }
}

/// Whether the document being read is read recovering (see [`read_document`]).
pub(crate) fn is_recovering() -> bool {
    RECOVERING.with(std::cell::Cell::get)
}

thread_local! {
    /// Whether the document being read is read strictly ([`Limits::strict`]): serde
    /// gives a `Deserialize` impl no context, so the entry points set it here.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

thread_local! {
    /// Whether the object being read is embedded in another document (an event's
    /// resource, typed on its own through the registry) rather than a document's root.
    static EMBEDDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `decode` on an object embedded in another document, read as if it were a
/// root: only a document's root can lack its `rel` (XML always names an embedded one).
pub(crate) fn as_embedded<T>(decode: impl FnOnce() -> T) -> T {
    let previous = EMBEDDED.with(|e| e.replace(true));
    let value = decode();
    EMBEDDED.with(|e| e.set(previous));
    value
}

/// Whether the object being read is embedded (see [`as_embedded`]).
pub(crate) fn is_embedded() -> bool {
    EMBEDDED.with(std::cell::Cell::get)
}

/// Whether the JSON document being read on this thread is read strictly
/// ([`Limits::strict`]): a hand-written reader that recovers from a value that does not
/// fit (keeping it as read) must refuse it instead when this is set.
pub fn is_strict() -> bool {
    STRICT.with(std::cell::Cell::get)
}

/// Sets strictness for one document and restores the previous setting after it. A
/// document decoded inside a strict one (an event's embedded resource, read by the
/// registry) is strict too.
struct StrictGuard(bool);

impl StrictGuard {
    fn set(strict: bool) -> Self {
        StrictGuard(STRICT.with(|s| s.replace(strict || s.get())))
    }
}

impl Drop for StrictGuard {
    fn drop(&mut self) {
        STRICT.with(|s| s.set(self.0));
    }
}

/// Turns a serde_json error into ours, with the path collected while it unwound.
pub fn convert_error(e: serde_json::Error) -> Error {
    let category = match e.classify() {
        serde_json::error::Category::Io => Category::Io,
        serde_json::error::Category::Syntax => Category::Syntax,
        serde_json::error::Category::Data => Category::Data,
        serde_json::error::Category::Eof => Category::Eof,
    };
    let (line, column) = (e.line(), e.column());
    let message = message_of(&e);
    let category = if message.starts_with("recursion limit exceeded") {
        Category::Limit
    } else {
        category
    };
    Error::new(category, message)
        .with_path(path::take())
        .at_position(line, column)
}

/// A serde_json error's message without the position serde_json appends to it.
pub(crate) fn message_of(e: &serde_json::Error) -> String {
    let mut message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    if let Some(stripped) = message.strip_suffix(&suffix) {
        message.truncate(stripped.len());
    }
    message
}

/// The document path of a JSON error, collected while serde unwinds.
///
/// serde_json reports line and column but not where in the document an error lies.
/// Rather than wrapping every value (which costs on the success path), the decoders
/// record one segment per level on the error path only, in a thread-local that the
/// functions of this module clear before and read after decoding.
pub mod path {
    use super::*;

    const MAX_SEGMENTS: usize = 256;

    thread_local! {
        static SEGMENTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    /// Records the segment an error is unwinding out of (innermost first).
    pub fn push(segment: &str) {
        SEGMENTS.with(|s| {
            let mut s = s.borrow_mut();
            if s.len() < MAX_SEGMENTS {
                s.push(segment.to_owned());
            }
        });
    }

    /// Forgets recorded segments (for callers that recover from an error).
    pub fn clear() {
        SEGMENTS.with(|s| s.borrow_mut().clear());
    }

    /// Takes the recorded segments, innermost first.
    pub fn take() -> Vec<String> {
        SEGMENTS.with(|s| std::mem::take(&mut *s.borrow_mut()))
    }
}

/// The content of a JSON string's raw text when it has no escapes (most do not), so that
/// its text is its content; `None` for other values and escaped strings. For readers
/// that take a member's raw text (`&RawValue`) and type it themselves.
pub fn plain_string(raw: &str) -> Option<&str> {
    raw.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|inner| !inner.as_bytes().contains(&b'\\'))
}

/// Reads a map value, recording `segment` in the path if it fails.
#[inline]
pub fn next_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    segment: &str,
) -> Result<T, A::Error> {
    map.next_value().inspect_err(|_| path::push(segment))
}

/// Reads a map value through a seed, recording `segment` in the path if it fails.
#[inline]
pub fn next_value_seed<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    map: &mut A,
    segment: &str,
    seed: S,
) -> Result<S::Value, A::Error> {
    map.next_value_seed(seed)
        .inspect_err(|_| path::push(segment))
}

/// Reads an array element, recording its index in the path if it fails.
#[inline]
pub fn next_element<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
    seq: &mut A,
    index: usize,
) -> Result<Option<T>, A::Error> {
    seq.next_element()
        .inspect_err(|_| path::push(&index.to_string()))
}

/// Reads an array element through a seed, recording its index in the path if it fails.
#[inline]
pub fn next_element_seed<'de, A: SeqAccess<'de>, S: DeserializeSeed<'de>>(
    seq: &mut A,
    index: usize,
    seed: S,
) -> Result<Option<S::Value>, A::Error> {
    seq.next_element_seed(seed)
        .inspect_err(|_| path::push(&index.to_string()))
}

/// A JSON object read member by member, for hand-written codecs: say what is expected,
/// take each member, finish. [`ReadObject`] turns it into the serde seed and visitor
/// that every such reader would otherwise spell out.
pub trait ObjectReader<'de> {
    /// What reading the object gives.
    type Value;

    /// What the object is, for errors (`a sender object`).
    const EXPECTING: &'static str;

    /// Reads the value of the member `key` (whose key has just been read).
    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error>;

    /// Called after the last member.
    fn end<E: de::Error>(self) -> Result<Self::Value, E>;
}

/// The serde seed and visitor of an [`ObjectReader`]: pass it to
/// [`next_value_seed`] (or any `DeserializeSeed` consumer).
pub struct ReadObject<R>(pub R);

impl<'de, R: ObjectReader<'de>> DeserializeSeed<'de> for ReadObject<R> {
    type Value = R::Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<R::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, R: ObjectReader<'de>> Visitor<'de> for ReadObject<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(R::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<R::Value, A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            self.0.member(&mut map, key)?;
        }
        self.0.end()
    }
}

/// The error for a member that appears twice where only one is allowed (`what` says
/// which kind: `property`, `link`, `member`…), with the member's name in the path.
pub fn duplicate<E: de::Error>(what: &str, name: &str) -> E {
    path::push(name);
    E::custom(format_args!("duplicate {what} `{name}`"))
}

/// Reads a JSON link object that carries its own `rel` (an event's target, its `in`
/// link): the rel, and the rest as a [`Link`](crate::Link) under the same attribute
/// rules as every other link.
pub fn rel_link<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(String, crate::Link), D::Error> {
    crate::link::deserialize_rel_link(deserializer)
}

/// A JSON object key, borrowed from the input when it has no escapes.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped or read from a stream.
    Owned(String),
}

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string.
    pub fn into_owned(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A JSON value that must be an object, visited by `visit`; other types are an error
/// naming `what`.
pub fn expect_object(what: &'static str) -> impl Fn(&mut fmt::Formatter) -> fmt::Result {
    move |f| write!(f, "{what}")
}
