//! Support for the code that `ucwa-derive` generates. Not a public API: it may change
//! in any release.

pub use serde;

use crate::dynamic::DynResource;
use crate::error::{Error, Result};
use crate::json::{self, Key};
use crate::link::{Link, OneOrMany};
use crate::members::Members;
use crate::property::{Fit, Property};
use crate::value::Value;
use crate::xml::{Prop, Reader, ResourceStart, Writer};
use crate::{Resource, Untyped, UntypedKind};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// The cardinality of a link or embedded field: `Option<T>` (one) or `Vec<T>` (many).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a link or embedded field type",
    label = "expected `Option<T>` (one) or `Vec<T>` (many)"
)]
pub trait Cardinality: Default {
    /// The link or resource type.
    type Item;
    /// Whether JSON writes this field as an array.
    const MANY: bool;
    /// Takes the items JSON gave (one object or an array); returns whether they came in
    /// the other form.
    fn accept(&mut self, items: OneOrMany<Self::Item>) -> Result<bool, String>;
    /// Why the items JSON gave do not fit (what [`accept`](Self::accept) refuses).
    fn refuses(items: &OneOrMany<Self::Item>) -> Option<String>;
    /// Whether the field has no room for another item read from XML (a single one
    /// already holds it): what [`push_item`](Self::push_item) refuses.
    fn full(&self) -> bool;
    /// Adds one item read from XML.
    fn push_item(&mut self, item: Self::Item) -> Result<(), String>;
    /// The items.
    fn items(&self) -> &[Self::Item];
    /// The items, moved out.
    fn into_items(self) -> Vec<Self::Item>;
    /// No items (a constant, so that the derive's decoders start without a call).
    const EMPTY: Self;
}

/// Why a single link or resource does not take a second one read from XML.
const SEVERAL: &str = "expected one, found several";

impl<T> Cardinality for Option<T> {
    type Item = T;
    const MANY: bool = false;
    fn accept(&mut self, items: OneOrMany<T>) -> Result<bool, String> {
        if let Some(why) = <Self as Cardinality>::refuses(&items) {
            return Err(why);
        }
        match items {
            OneOrMany::One(item) => {
                *self = Some(item);
                Ok(false)
            }
            OneOrMany::Many(mut items) => {
                *self = items.pop();
                Ok(true)
            }
        }
    }
    fn refuses(items: &OneOrMany<T>) -> Option<String> {
        match items {
            OneOrMany::Many(items) if items.len() != 1 => {
                Some(format!("expected one, found an array of {}", items.len()))
            }
            _ => None,
        }
    }
    fn full(&self) -> bool {
        self.is_some()
    }
    fn push_item(&mut self, item: T) -> Result<(), String> {
        if Cardinality::full(self) {
            return Err(SEVERAL.into());
        }
        *self = Some(item);
        Ok(())
    }
    fn items(&self) -> &[T] {
        self.as_slice()
    }
    fn into_items(self) -> Vec<T> {
        self.into_iter().collect()
    }
    const EMPTY: Self = None;
}

impl<T> Cardinality for Vec<T> {
    type Item = T;
    const MANY: bool = true;
    fn accept(&mut self, items: OneOrMany<T>) -> Result<bool, String> {
        match items {
            OneOrMany::One(item) => {
                *self = vec![item];
                Ok(true)
            }
            OneOrMany::Many(items) => {
                *self = items;
                Ok(false)
            }
        }
    }
    fn refuses(_: &OneOrMany<T>) -> Option<String> {
        None
    }
    fn full(&self) -> bool {
        false
    }
    fn push_item(&mut self, item: T) -> Result<(), String> {
        self.push(item);
        Ok(())
    }
    fn items(&self) -> &[T] {
        self
    }
    fn into_items(self) -> Vec<T> {
        self
    }
    const EMPTY: Self = Vec::new();
}

/// An empty catch-all, as a constant (no call).
pub const EMPTY_MEMBERS: Members = Members::EMPTY;

/// A known link or embedded field as the shared member loops see it (any
/// [`Cardinality`]): one trait object type for every field, so that the loops are not
/// instantiated per field type, nor per derived type.
pub trait Slot<T> {
    /// See [`Cardinality::accept`].
    fn accept(&mut self, items: OneOrMany<T>) -> Result<bool, String>;
    /// See [`Cardinality::full`].
    fn full(&self) -> bool;
    /// See [`Cardinality::push_item`].
    fn push_item(&mut self, item: T) -> Result<(), String>;
    /// See [`Cardinality::items`].
    fn items(&self) -> &[T];
    /// See [`Cardinality::MANY`].
    fn many(&self) -> bool;
    /// Takes the items out, leaving the slot empty.
    fn take_items(&mut self) -> Vec<T>;
    /// See [`Cardinality::refuses`].
    fn refuses(&self, items: &OneOrMany<T>) -> Option<String>;
}

impl<C: Cardinality> Slot<C::Item> for C {
    fn accept(&mut self, items: OneOrMany<C::Item>) -> Result<bool, String> {
        Cardinality::accept(self, items)
    }
    fn full(&self) -> bool {
        Cardinality::full(self)
    }
    fn push_item(&mut self, item: C::Item) -> Result<(), String> {
        Cardinality::push_item(self, item)
    }
    fn items(&self) -> &[C::Item] {
        Cardinality::items(self)
    }
    fn many(&self) -> bool {
        C::MANY
    }
    fn take_items(&mut self) -> Vec<C::Item> {
        Cardinality::into_items(std::mem::take(self))
    }
    fn refuses(&self, items: &OneOrMany<C::Item>) -> Option<String> {
        C::refuses(items)
    }
}

/// What an embedded field may hold: a derived resource or a [`DynResource`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a resource type that can be embedded",
    label = "not a resource",
    note = "embedded fields hold #[derive(Resource)] types or DynResource"
)]
pub trait EmbeddedItem: Sized + Serialize {
    /// Decodes the members of a nested `<resource>`.
    fn decode_xml(r: &mut Reader<'_>, start: ResourceStart<'_>) -> Result<Self>;
    /// Writes a nested `<resource rel="key">`.
    fn encode_xml(&self, w: &mut Writer, key: &str);
    /// Decodes a nested JSON object.
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    /// Reports untyped members.
    fn untyped(&self, path: &str, out: &mut Vec<Untyped>);
}

impl<T: Resource> EmbeddedItem for T {
    fn decode_xml(r: &mut Reader<'_>, start: ResourceStart<'_>) -> Result<Self> {
        T::decode_xml_body(r, start)
    }
    fn encode_xml(&self, w: &mut Writer, key: &str) {
        self.encode_xml_element(w, key, false);
    }
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_nested(d)
    }
    fn untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        self.collect_untyped(path, out);
    }
}

impl EmbeddedItem for DynResource {
    fn decode_xml(r: &mut Reader<'_>, start: ResourceStart<'_>) -> Result<Self> {
        DynResource::decode_xml_body(r, start)
    }
    fn encode_xml(&self, w: &mut Writer, key: &str) {
        self.encode_xml_element(w, Some(key), false);
    }
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DynResource::deserialize(d)
    }
    fn untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        out.push(Untyped::new(
            path,
            UntypedKind::Embedded,
            self.rel.as_deref().unwrap_or("?"),
        ));
    }
}

/// Reads JSON one-or-many: one object, or an array (no allocation for one object).
struct ItemsSeed<T, F>(PhantomData<(T, F)>);

impl<'de, T, F: ItemReader<T>> DeserializeSeed<'de> for ItemsSeed<T, F> {
    type Value = OneOrMany<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T, F: ItemReader<T>> Visitor<'de> for ItemsSeed<T, F> {
    type Value = OneOrMany<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or an array of objects")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let item = F::read(de::value::MapAccessDeserializer::new(map))?;
        Ok(OneOrMany::One(item))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            json::next_element_seed(&mut seq, items.len(), ItemSeed::<T, F>(PhantomData))?
        {
            items.push(item);
        }
        Ok(OneOrMany::Many(items))
    }
}

struct ItemSeed<T, F>(PhantomData<(T, F)>);

impl<'de, T, F: ItemReader<T>> DeserializeSeed<'de> for ItemSeed<T, F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        F::read(d)
    }
}

/// How one item of a one-or-many is read.
trait ItemReader<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error>;
}

struct LinkReader;
impl ItemReader<Link> for LinkReader {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Link, D::Error> {
        Link::deserialize(d)
    }
}

struct EmbeddedReader;
impl<T: EmbeddedItem> ItemReader<T> for EmbeddedReader {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize_json(d)
    }
}

/// JSON: checks the `"rel"` member against the type's rel.
pub fn json_rel<'de, A: MapAccess<'de>>(
    map: &mut A,
    expected: &str,
    seen: &mut bool,
) -> Result<(), A::Error> {
    if *seen {
        return Err(json::duplicate("property", "rel"));
    }
    *seen = true;
    let rel: json::Key<'de> = json::next_value(map, "rel")?;
    if rel.as_str() != expected {
        json::path::push("rel");
        return Err(de::Error::custom(format_args!(
            "expected a `{expected}` resource, found rel `{}`",
            rel.as_str()
        )));
    }
    Ok(())
}

/// A known property as the member loops hand it to its slot: the field's name, whether
/// it may be `null`, and the catch-all that keeps a value that does not fit.
pub struct PropertyAt<'m> {
    name: &'static str,
    nullable: bool,
    members: &'m mut Members,
}

impl<'m> PropertyAt<'m> {
    fn new((name, nullable): (&'static str, bool), members: &'m mut Members) -> Self {
        PropertyAt {
            name,
            nullable,
            members,
        }
    }
}

/// A property's decoding slot (`Option<T>`), as [`json_members`] reads into it.
pub trait JsonPropertySlot<'de, A: MapAccess<'de>>: PropertySlot {
    /// Reads the property's value into the field (`null` only where it is nullable).
    fn read_json(&mut self, map: &mut A, at: PropertyAt<'_>) -> Result<(), A::Error>;
}

impl<'de, A: MapAccess<'de>, T: Property> JsonPropertySlot<'de, A> for Option<T> {
    fn read_json(&mut self, map: &mut A, at: PropertyAt<'_>) -> Result<(), A::Error> {
        json_property(map, at.name, self, at.members, at.nullable)
    }
}

fn json_property<'de, A: MapAccess<'de>, T: Property>(
    map: &mut A,
    name: &str,
    slot: &mut Option<T>,
    members: &mut Members,
    nullable: bool,
) -> Result<(), A::Error> {
    if given(slot, name, members) {
        return Err(json::duplicate("property", name));
    }
    if json::is_strict() {
        // Strict: the type reads the value itself, so an error points into it.
        match json::next_value::<A, Option<T>>(map, name)? {
            Some(value) => *slot = Some(value),
            None if nullable => members.note_null(name),
            None => {
                json::path::push(name);
                return Err(de::Error::custom(not_null(name)));
            }
        }
        return Ok(());
    }
    let fit = map
        .next_value_seed(JsonFit(PhantomData::<T>))
        .inspect_err(|_| json::path::push(name))?;
    settle(fit, name, slot, members, nullable);
    Ok(())
}

/// Where a property's value goes once read (not strict): its field when it fits; a
/// `null` noted when the field may be null; otherwise the catch-all, with the reason it
/// did not fit, written back in the field's place. Both formats follow this rule.
// Inlined: called for every property read, and moving `Fit<T>` into a call costs more
// than the rule itself.
#[inline(always)]
fn settle<T>(fit: Fit<T>, name: &str, slot: &mut Option<T>, members: &mut Members, nullable: bool) {
    let (value, why) = match fit {
        Fit::Typed(value) => {
            *slot = Some(value);
            return;
        }
        Fit::Null if nullable => (Value::Null, None),
        Fit::Null => (Value::Null, Some(not_null(name))),
        Fit::Unfit(value, why) => (value, Some(why)),
    };
    match why {
        None => members.note_null(name),
        Some(why) => members.keep_unfit(name, value, why),
    }
}

/// Whether the property `name` was given in this object: its field filled, noted
/// `null`, or kept as not fitting.
fn given<T>(slot: &Option<T>, name: &str, members: &Members) -> bool {
    slot.is_some() || members.is_noted_null(name) || members.unfit_reason(name).is_some()
}

fn not_null(name: &str) -> String {
    format!("property `{name}` must not be null")
}

struct JsonFit<T>(PhantomData<T>);

impl<'de, T: Property> DeserializeSeed<'de> for JsonFit<T> {
    type Value = Fit<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Fit<T>, D::Error> {
        T::deserialize_json_fit(d)
    }
}

/// JSON: reads a known link (one or many) into its slot.
pub fn json_link<'de, A: MapAccess<'de>>(
    map: &mut A,
    rel: &str,
    slot: &mut dyn Slot<Link>,
    members: &mut Members,
) -> Result<(), A::Error> {
    let note = NoteName::link(rel);
    if given_before(slot, note, members.link_refused(rel), members) {
        return Err(json::duplicate("link", rel));
    }
    let items = json::next_value_seed(map, rel, ItemsSeed::<Link, LinkReader>(PhantomData))?;
    if json::is_strict() {
        return accept(rel, note, "link", slot, items, members);
    }
    // Not strict: links where the field has room for one (an array of two, or none)
    // are kept as read in the catch-all, with the reason; the document stays typed.
    match slot.refuses(&items) {
        Some(why) => {
            members.keep_refused_links(rel, items, format!("link `{rel}`: {why}"));
            Ok(())
        }
        None => accept(rel, note, "link", slot, items, members),
    }
}

/// JSON: reads a known embedded resource (one or many) into its slot.
fn json_embedded<'de, A: MapAccess<'de>, C: Cardinality>(
    map: &mut A,
    key: &str,
    slot: &mut C,
    members: &mut Members,
) -> Result<(), A::Error>
where
    C::Item: EmbeddedItem,
{
    let note = NoteName::embedded(key);
    let kind = "embedded resource";
    if given_before(slot, note, members.rejected_reason(key).is_some(), members) {
        return Err(json::duplicate(kind, key));
    }
    if json::is_strict() || !json::is_recovering() {
        let items =
            json::next_value_seed(map, key, ItemsSeed::<C::Item, EmbeddedReader>(PhantomData))?;
        return accept(key, note, kind, slot, items, members);
    }
    // Recovering (a first pass was refused over an embedded resource: see
    // `json::read_document`): the value's text first, so that a resource its type
    // refuses can be read again into the dynamic model, where it falls back alone (the
    // rest of the document stays typed).
    let text = match json::next_value_seed(map, key, EmbeddedText::<C::Item>(PhantomData))? {
        EmbeddedJson::Text(text) => text,
        // Not serde_json: typed as it comes.
        EmbeddedJson::Items(items) => return accept(key, note, kind, slot, items, members),
    };
    let fail = |e: &Error| {
        json::path::push(key);
        de::Error::custom(crate::registry::rejection(e))
    };
    let mut de = serde_json::Deserializer::from_str(text.as_str());
    let refused = match ItemsSeed::<C::Item, EmbeddedReader>(PhantomData).deserialize(&mut de) {
        Ok(items) => match accept::<_, de::value::Error>(key, note, kind, slot, items, members) {
            Ok(()) => return Ok(()),
            Err(e) => Error::custom(e.to_string()),
        },
        Err(e) => match json::convert_error(e) {
            e if e.category() == crate::Category::Limit => return Err(fail(&e)),
            e => e,
        },
    };
    json::path::clear();
    let mut de = serde_json::Deserializer::from_str(text.as_str());
    let resources = OneOrMany::<DynResource>::deserialize(&mut de)
        .map_err(|e| fail(&json::convert_error(e)))?;
    members.keep_rejected_embedded(key, resources, crate::registry::rejection(&refused));
    Ok(())
}

/// A known embedded member as [`json_embedded`] reads it: serde_json hands over its
/// text; another deserializer, the items themselves.
enum EmbeddedJson<'de, T> {
    Text(json::Key<'de>),
    Items(OneOrMany<T>),
}

struct EmbeddedText<T>(PhantomData<T>);

impl<'de, T: EmbeddedItem> DeserializeSeed<'de> for EmbeddedText<T> {
    type Value = EmbeddedJson<'de, T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_newtype_struct(crate::value::RAW_VALUE_TOKEN, self)
    }
}

impl<'de, T: EmbeddedItem> Visitor<'de> for EmbeddedText<T> {
    type Value = EmbeddedJson<'de, T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or an array of objects")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let items = ItemsSeed::<T, EmbeddedReader>(PhantomData).deserialize(d)?;
        Ok(EmbeddedJson::Items(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // serde_json: a one-entry map whose value is the text.
        match map.next_key::<json::Key<'de>>()? {
            Some(token) if token.as_str() == crate::value::RAW_VALUE_TOKEN => {
                Ok(EmbeddedJson::Text(map.next_value()?))
            }
            _ => Err(de::Error::custom("expected the text of a JSON value")),
        }
    }
}

/// The name under which shape notes of a link or embedded field are kept, borrowed:
/// `prefix` then `name`, so that looking notes up (every field, on decode and encode)
/// builds no string; one is built only to record a note, which few resources carry.
/// An embedded field's notes are kept under `_embedded/{key}`, apart from those of a
/// link with the same name (a collection may list `contact` both as links and embedded).
#[derive(Clone, Copy)]
struct NoteName<'a> {
    prefix: &'static str,
    name: &'a str,
}

impl<'a> NoteName<'a> {
    fn link(name: &'a str) -> Self {
        NoteName { prefix: "", name }
    }
    fn embedded(key: &'a str) -> Self {
        NoteName {
            prefix: "_embedded/",
            name: key,
        }
    }
    fn owned(self) -> String {
        format!("{}{}", self.prefix, self.name)
    }
    fn matches(self, note: &str) -> bool {
        note.strip_prefix(self.prefix) == Some(self.name)
    }
    fn is_other_form(self, members: &Members) -> bool {
        members.any_other_form(|n| self.matches(n))
    }
    fn is_noted_empty(self, members: &Members) -> bool {
        members.any_noted_empty(|n| self.matches(n))
    }
}

/// Whether a known link or embedded key was given before in this object (JSON: a
/// repeated key): its field filled or noted empty, or its items kept in the catch-all
/// (`fell_back`).
fn given_before<T>(
    slot: &dyn Slot<T>,
    note: NoteName<'_>,
    fell_back: bool,
    members: &Members,
) -> bool {
    !slot.items().is_empty() || note.is_noted_empty(members) || fell_back
}

/// Puts the items JSON gave into their field (the caller has checked the key is not
/// repeated: [`given_before`]).
fn accept<T, E: de::Error>(
    name: &str,
    note: NoteName<'_>,
    kind: &str,
    slot: &mut dyn Slot<T>,
    items: OneOrMany<T>,
    members: &mut Members,
) -> Result<(), E> {
    let empty = items.as_slice().is_empty();
    match slot.accept(items) {
        Ok(other_form) => {
            if other_form {
                members.note_other_form(&note.owned());
            }
            if empty {
                members.note_empty(&note.owned());
            }
            Ok(())
        }
        Err(message) => {
            json::path::push(name);
            Err(E::custom(format_args!("{kind} `{name}`: {message}")))
        }
    }
}

/// JSON: writes a known embedded field as read (one object or an array).
pub fn ser_embedded<M: SerializeMap, C: Cardinality>(
    map: &mut M,
    key: &str,
    slot: &C,
    members: &Members,
) -> Result<(), M::Error>
where
    C::Item: Serialize,
{
    ser_noted(map, key, NoteName::embedded(key), slot, members)
}

fn ser_noted<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &str,
    note: NoteName<'_>,
    slot: &dyn Slot<T>,
    members: &Members,
) -> Result<(), M::Error> {
    let items = slot.items();
    let array = slot.many() != note.is_other_form(members);
    if items.is_empty() {
        if note.is_noted_empty(members) {
            map.serialize_entry(name, &[] as &[u8])?;
        }
        return Ok(());
    }
    if array {
        map.serialize_entry(name, items)
    } else if let [only] = items {
        map.serialize_entry(name, only)
    } else {
        map.serialize_entry(name, items)
    }
}

/// JSON: whether a link field has anything to write.
pub fn has_set<C: Cardinality>(slot: &C, name: &str, members: &Members) -> bool {
    !slot.items().is_empty() || NoteName::link(name).is_noted_empty(members)
}

/// JSON: whether an embedded field has anything to write.
pub fn has_embedded<C: Cardinality>(slot: &C, key: &str, members: &Members) -> bool {
    !slot.items().is_empty() || NoteName::embedded(key).is_noted_empty(members)
}

/// JSON: writes the optional property `name` under its name as read (or `null` when it
/// was read as `null`, or the value kept because it did not fit).
fn ser_optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &str,
    value: &Option<T>,
    members: &Members,
) -> Result<(), M::Error> {
    // The spelling is looked up only for an entry that is written.
    let key = || members.spelling(name);
    match value {
        Some(v) => map.serialize_entry(key(), v),
        None if members.is_noted_null(name) => map.serialize_entry(key(), &()),
        None => match members.unfit_value(name) {
            Some(kept) => map.serialize_entry(key(), kept),
            None => Ok(()),
        },
    }
}

/// XML: checks `<property name="rel">` against the type's rel.
pub fn xml_rel(r: &mut Reader<'_>, prop: &Prop<'_>, expected: &str, seen: &mut bool) -> Result<()> {
    if *seen || prop.list {
        return Err(r.data_error("duplicate property `rel`"));
    }
    *seen = true;
    let rel = r.read_text()?;
    if rel != expected {
        return Err(r
            .data_error(format!(
                "expected a `{expected}` resource, found rel `{rel}`"
            ))
            .in_segment("rel"));
    }
    Ok(())
}

/// A property's decoding slot (`Option<T>`), as [`xml_members`] reads into it.
pub trait XmlPropertySlot: PropertySlot {
    /// Reads the `<property>` (or list) `prop` into the field. `prop.name` is the name
    /// as read: another case than the field's when matched case-insensitively.
    fn read_xml(&mut self, r: &mut Reader<'_>, prop: &Prop<'_>, at: PropertyAt<'_>) -> Result<()>;
}

impl<T: Property> XmlPropertySlot for Option<T> {
    fn read_xml(&mut self, r: &mut Reader<'_>, prop: &Prop<'_>, at: PropertyAt<'_>) -> Result<()> {
        xml_property(r, at.name, prop, self, at.members, at.nullable)
    }
}

fn xml_property<T: Property>(
    r: &mut Reader<'_>,
    name: &str,
    prop: &Prop<'_>,
    slot: &mut Option<T>,
    members: &mut Members,
    nullable: bool,
) -> Result<()> {
    if given(slot, name, members) {
        return Err(r.data_error(format!("duplicate property `{name}`")));
    }
    if r.is_strict() {
        // Strict: the type reads the value itself, so an error points into it.
        if prop.nil {
            if !nullable {
                return Err(r.data_error(not_null(name)));
            }
            r.read_nil()?;
            members.note_null(name);
            return Ok(());
        }
        *slot = Some(T::decode_xml(r, prop).map_err(|e| e.in_segment(name))?);
        return Ok(());
    }
    let fit = T::decode_xml_fit(r, prop).map_err(|e| e.in_segment(&prop.name))?;
    settle(fit, name, slot, members, nullable);
    Ok(())
}

/// XML: adds a `<link>` to a known link field.
pub fn xml_link(
    r: &Reader<'_>,
    rel: &str,
    link: Link,
    slot: &mut dyn Slot<Link>,
    members: &mut Members,
) -> Result<()> {
    if members.link_refused(rel) {
        members.push_xml_link(rel, link);
        return Ok(());
    }
    if !slot.full() {
        // Room for it: a collection, or the first of a single link.
        return slot
            .push_item(link)
            .map_err(|m| r.data_error(format!("link `{rel}`: {m}")));
    }
    let message = format!("link `{rel}`: {SEVERAL}");
    if r.is_strict() {
        return Err(r.data_error(message).in_segment(rel).in_segment("_links"));
    }
    // Not strict: the links of this relationship move together to the catch-all (so
    // that JSON says them as one member), with the reason; the document stays typed.
    let mut kept = slot.take_items();
    kept.push(link);
    members.keep_refused_links(rel, OneOrMany::Many(kept), message);
    Ok(())
}

/// A nested `<resource>` of a known embedded key as the member loop hands it to its
/// slot: where it starts, its key, the catch-all, and the resources typed so far.
pub struct EmbeddedAt<'s, 'm> {
    start: ResourceStart<'s>,
    key: &'static str,
    members: &'m mut Members,
    typed: &'m mut TypedEmbedded,
}

/// An embedded field, as [`xml_members`] reads into it.
pub trait XmlEmbeddedSlot {
    /// Decodes the nested resource into the field, or into the catch-all where its type
    /// refuses it (not strict).
    fn read_xml(&mut self, r: &mut Reader<'_>, at: EmbeddedAt<'_, '_>) -> Result<()>;
}

impl<C: Cardinality> XmlEmbeddedSlot for C
where
    C::Item: EmbeddedItem,
{
    fn read_xml(&mut self, r: &mut Reader<'_>, at: EmbeddedAt<'_, '_>) -> Result<()> {
        xml_embedded(r, at.start, at.key, self, at.members, at.typed)
    }
}

fn xml_embedded<C: Cardinality>(
    r: &mut Reader<'_>,
    start: ResourceStart<'_>,
    key: &'static str,
    slot: &mut C,
    members: &mut Members,
    typed: &mut TypedEmbedded,
) -> Result<()>
where
    C::Item: EmbeddedItem,
{
    let in_embedded = |e: Error| e.in_segment(key).in_segment("_embedded");
    if r.is_strict() {
        let item = C::Item::decode_xml(r, start).map_err(in_embedded)?;
        return slot
            .push_item(item)
            .map_err(|m| in_embedded(r.data_error(format!("embedded resource `{key}`: {m}"))));
    }
    // Not strict: a resource the type refuses falls back alone, to the dynamic model,
    // read again from its bytes; the rest of the document stays typed. The items of one
    // key stay together (so that JSON says them as one member, as it read them): once
    // one fell back, those typed before it follow it and those after it are read
    // dynamically; so does a second one where the field takes one.
    if members.rejected_reason(key).is_some() {
        let resource = DynResource::decode_xml_body(r, start).map_err(in_embedded)?;
        members.push_rejected_embedded(key, resource);
        return Ok(());
    }
    let (resource, reason) = if slot.full() {
        let resource = DynResource::decode_xml_body(r, start).map_err(in_embedded)?;
        (resource, format!("embedded resource `{key}`: {SEVERAL}"))
    } else {
        let begin = start.offset();
        let inside = r.depth();
        let refused = match C::Item::decode_xml(r, start) {
            Ok(item) => {
                typed.0.push((key, begin..r.position()));
                return slot.push_item(item).map_err(|m| {
                    in_embedded(r.data_error(format!("embedded resource `{key}`: {m}")))
                });
            }
            // A broken document, not a refusal: the dynamic model would fail on it too.
            Err(e) if e.category() != crate::Category::Data => return Err(in_embedded(e)),
            Err(e) => e,
        };
        r.finish_element(inside)?;
        let resource = DynResource::decode_xml_at(r, begin..r.position()).map_err(in_embedded)?;
        (resource, crate::registry::rejection(&refused))
    };
    // Those typed before it are read again from their bytes, so that they keep the
    // document's order of members (their JSON form would have the type's).
    *slot = C::default();
    let mut resources = Vec::new();
    for (_, range) in typed.0.iter().filter(|(k, _)| *k == key) {
        resources.push(DynResource::decode_xml_at(r, range.clone()).map_err(in_embedded)?);
    }
    typed.0.retain(|(k, _)| *k != key);
    resources.push(resource);
    let resources = match (C::MANY, resources.len()) {
        (false, 1) => OneOrMany::One(resources.remove(0)),
        _ => OneOrMany::Many(resources),
    };
    members.keep_rejected_embedded(key, resources, reason);
    Ok(())
}

/// Where the embedded resources typed so far in one XML element stood (their key, and
/// their bytes), so that they can be read again into the dynamic model should a later
/// one of their key fall back.
#[derive(Default)]
struct TypedEmbedded(Vec<(&'static str, std::ops::Range<usize>)>);

/// XML: an unknown member goes to the catch-all.
pub fn xml_unknown_property(
    r: &mut Reader<'_>,
    prop: Prop<'_>,
    members: &mut Members,
) -> Result<()> {
    let value = crate::Value::decode_xml(r, &prop).map_err(|e| e.in_segment(&prop.name))?;
    members.properties.push((prop.name.into_owned(), value));
    Ok(())
}

/// XML: an unknown embedded resource goes to the catch-all.
pub fn xml_unknown_embedded(
    r: &mut Reader<'_>,
    start: ResourceStart<'_>,
    members: &mut Members,
) -> Result<()> {
    let key = crate::dynamic::embedded_key(r, &start)?;
    let child = DynResource::decode_xml_body(r, start)
        .map_err(|e| e.in_segment(&key).in_segment("_embedded"))?;
    members.push_xml_embedded(&key, child);
    Ok(())
}

/// XML: the embedding key of a nested `<resource>`.
pub fn xml_embedded_key<'a>(
    r: &Reader<'a>,
    start: &ResourceStart<'a>,
) -> Result<std::borrow::Cow<'a, str>> {
    start
        .rel
        .clone()
        .ok_or_else(|| r.data_error("embedded <resource> without a `rel`"))
}

/// XML: writes the optional property `name` under its name as read (or a nil one when it
/// was read as `null`, or the value kept because it did not fit).
fn xml_optional<T: Property>(w: &mut Writer, name: &str, value: &Option<T>, members: &Members) {
    // The spelling is looked up only for a property that is written.
    let key = || members.spelling(name);
    match value {
        Some(v) => v.encode_xml(w, key()),
        None if members.is_noted_null(name) => w.null_property(key()),
        None => {
            if let Some(kept) = members.unfit_value(name) {
                kept.encode_xml(w, key());
            }
        }
    }
}

/// Reports the unknown enum values of a property.
pub fn untyped_property<T: Property>(value: &T, path: &str, name: &str, out: &mut Vec<Untyped>) {
    value.unknown_values(&mut |v| {
        out.push(Untyped::new(
            &format!("{path}/{name}"),
            UntypedKind::EnumValue,
            v,
        ));
    });
}

/// JSON: the error for a missing required property.
pub fn json_missing<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("missing property `{name}`"))
}

/// XML: checks the root element's name (and that an `<input>` has no attributes JSON
/// could not carry).
pub fn xml_root<'a>(r: &mut Reader<'a>, expected: &str) -> Result<crate::xml::Element<'a>> {
    if expected == "input" {
        return crate::dynamic::input_root(r);
    }
    r.root_named(expected)
}

/// XML: checks the root `<resource rel>` against the type's rel: JSON has one `rel`,
/// so an attribute naming another type would be lost.
pub fn xml_root_rel(
    r: &Reader<'_>,
    root: &crate::xml::Element<'_>,
    start: &ResourceStart<'_>,
    expected: &str,
) -> Result<()> {
    match &start.rel {
        Some(rel) if rel != expected => {
            Err(crate::dynamic::root_rel_mismatch(r, root, rel, expected).in_segment(expected))
        }
        _ => Ok(()),
    }
}

/// Adds the root segment to a JSON error path when decoding a document's root.
pub fn json_root_error<E>(error: E, root: bool, segment: &str) -> E {
    if root {
        json::path::push(segment);
    }
    error
}

/// XML: writes the links of a known link field.
pub fn xml_links<C: Cardinality<Item = Link>>(w: &mut Writer, rel: &str, slot: &C) {
    for link in slot.items() {
        w.link(rel, link);
    }
}

/// XML: writes the resources of a known embedded field.
pub fn xml_embedded_items<C: Cardinality>(w: &mut Writer, key: &str, slot: &C)
where
    C::Item: EmbeddedItem,
{
    for item in slot.items() {
        item.encode_xml(w, key);
    }
}

/// Reports the untyped members of the resources of an embedded field.
pub fn untyped_embedded<C: Cardinality>(slot: &C, path: &str, key: &str, out: &mut Vec<Untyped>)
where
    C::Item: EmbeddedItem,
{
    let items = slot.items();
    for (i, item) in items.iter().enumerate() {
        let path = if C::MANY {
            format!("{path}/_embedded/{key}/{i}")
        } else {
            format!("{path}/_embedded/{key}")
        };
        item.untyped(&path, out);
    }
}

/// JSON: reads the self link.
pub fn json_self_link<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Link>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(json::duplicate("link", "self"));
    }
    *slot = Some(json::next_value(map, "self")?);
    Ok(())
}

/// JSON: an unknown member goes to the catch-all (`list` is its `properties`, `links`
/// or `embedded`). A repeated link or embedded key is refused once the object is read
/// ([`Members::check_json_repeats`]).
fn json_unknown_entry<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: Key<'de>,
    list: &mut Vec<(String, T)>,
) -> Result<(), A::Error> {
    let value = json::next_value(map, key.as_str())?;
    list.push((key.into_owned(), value));
    Ok(())
}

/// JSON: whether a resource read without `rel` is a document's root (not an object
/// embedded in another document and typed on its own), so that its absence is noted.
pub fn json_rel_may_be_absent(root: bool) -> bool {
    root && !json::is_embedded()
}

/// JSON: an unknown property goes to the catch-all.
pub fn json_unknown_property<'de, A: MapAccess<'de>>(
    map: &mut A,
    name: json::Key<'de>,
    members: &mut Members,
) -> Result<(), A::Error> {
    json_unknown_entry(map, name, &mut members.properties)
}

/// JSON: links or embedded resources are not part of a request body.
pub fn json_input_only_properties<E: de::Error>() -> E {
    E::custom("a request body holds no embedded resources (this looks like a resource)")
}

/// XML: the error for a missing required property, at the end of its container.
pub fn xml_missing(r: &Reader<'_>, name: &str) -> Error {
    r.data_error(format!("missing property `{name}`"))
}

/// Compile-time check: a property field's type can hold a property value.
pub fn assert_property<T: Property>() {}

/// Compile-time check: a link field is `Option<Link>` or `Vec<Link>`.
pub fn assert_link_field<C: Cardinality<Item = Link>>() {}

/// Compile-time check: an embedded field holds resources.
pub fn assert_embedded_field<C: Cardinality>()
where
    C::Item: EmbeddedItem,
{
}

// The shared member loops. A derived type describes what it knows (names in tables, its
// decoding slots as trait objects) and these read the members: the loops, and serde's
// map visitors under them, are compiled once rather than once per derived type.

/// A property's decoding slot (`Option<T>`) in either format: what the member loops ask
/// of it when a name matches its field only in another case.
pub trait PropertySlot {
    /// Whether the field `name` was given in this object: filled, noted `null`, or kept
    /// as not fitting.
    fn is_given(&self, name: &str, members: &Members) -> bool;
    /// Empties the field `name`, returning what it held in the dynamic model (or what
    /// was kept in its stead: `null`, a value that did not fit).
    fn take_value(&mut self, name: &str, members: &mut Members) -> Result<Option<Value>>;
}

impl<T: Property> PropertySlot for Option<T> {
    fn is_given(&self, name: &str, members: &Members) -> bool {
        given(self, name, members)
    }
    fn take_value(&mut self, name: &str, members: &mut Members) -> Result<Option<Value>> {
        match self.take() {
            Some(value) => json::convert(&value).map(Some),
            None => Ok(members.take_kept(name)),
        }
    }
}

/// An embedded field, as [`json_embedded_members`] reads into it.
pub trait JsonEmbeddedSlot<'de, A: MapAccess<'de>> {
    /// Reads the member `key` into the field; when recovering (not strict), a resource
    /// its type refuses goes to the catch-all alone.
    fn read_json(&mut self, map: &mut A, key: &str, members: &mut Members) -> Result<(), A::Error>;
}

impl<'de, A: MapAccess<'de>, C: Cardinality> JsonEmbeddedSlot<'de, A> for C
where
    C::Item: EmbeddedItem,
{
    fn read_json(&mut self, map: &mut A, key: &str, members: &mut Members) -> Result<(), A::Error> {
        json_embedded(map, key, self, members)
    }
}

/// What a derived type knows of its JSON object, for [`json_members`]: names in tables,
/// and the slots (in the same order) that the members are read into.
pub struct JsonKnown<'a, 'de, A: MapAccess<'de>> {
    /// The type's rel (a resource), or `None` (a request body: `rel` is then an ordinary
    /// property, and `_embedded` an error).
    pub rel: Option<&'static str>,
    /// Property names, and whether each may be `null`.
    pub properties: Names<(&'static str, bool)>,
    /// The property slots.
    pub property_slots: &'a mut [&'a mut dyn JsonPropertySlot<'de, A>],
    /// The self link's slot (a resource).
    pub self_link: Option<&'a mut Option<Link>>,
    /// The known link relationships.
    pub links: Names<&'static str>,
    /// The link slots.
    pub link_slots: &'a mut [&'a mut dyn Slot<Link>],
    /// Reads `_embedded` into the known embedded fields (none: all go to the catch-all).
    #[allow(clippy::type_complexity)]
    pub embedded: Option<&'a mut dyn FnMut(&mut A, &mut Members) -> Result<(), A::Error>>,
}

/// A table of names (`T`: a name, or a property's name and whether it may be `null`)
/// with its lookup: a `match` that the derive generates, which the compiler turns into
/// comparisons by length then content, where a scan of the table would call `memcmp`
/// for each name of the same length.
pub struct Names<T: 'static> {
    /// The entries, in declaration order (slots are passed in the same order).
    pub table: &'static [T],
    /// The position of a name in the table.
    pub find: fn(&str) -> Option<usize>,
}

impl<T> Clone for Names<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Names<T> {}

/// The lookup of an empty table.
pub fn no_names(_: &str) -> Option<usize> {
    None
}

/// An empty table of names.
pub const NO_NAMES: Names<&'static str> = Names {
    table: &[],
    find: no_names,
};

/// Which property field a member named `name` selects, as the server binds names: the
/// one with that exact name; else the one it names in another case (not in strict
/// mode), unless that field was given in this object already. `None`: an unknown
/// member, kept as spelled. A field read under another case notes the spelling, and is
/// written back under it. When the exact name follows one in another case, the earlier
/// value moves to the catch-all under its spelling, so that the members' order does not
/// change the outcome.
#[inline]
fn property_field<S: PropertySlot + ?Sized>(
    properties: Names<(&'static str, bool)>,
    name: &str,
    strict: bool,
    slots: &mut [&mut S],
    members: &mut Members,
) -> Result<Option<usize>> {
    match (properties.find)(name) {
        // Nearly always: the exact name, no other spelling read before it.
        Some(i) if !members.has_spellings() => Ok(Some(i)),
        exact => other_spelling(properties, exact, name, strict, slots, members),
    }
}

/// The rest of [`property_field`]: a name in another case, or the exact name after one.
#[cold]
#[inline(never)]
fn other_spelling<S: PropertySlot + ?Sized>(
    properties: Names<(&'static str, bool)>,
    exact: Option<usize>,
    name: &str,
    strict: bool,
    slots: &mut [&mut S],
    members: &mut Members,
) -> Result<Option<usize>> {
    if let Some(i) = exact {
        let field = properties.table[i].0;
        if let Some(spelled) = members.take_spelling(field)
            && let Some(value) = slots[i].take_value(field, members)?
        {
            members.properties.push((spelled, value));
        }
        return Ok(Some(i));
    }
    if strict {
        return Ok(None);
    }
    let Some(i) = properties
        .table
        .iter()
        .position(|(k, _)| k.eq_ignore_ascii_case(name))
    else {
        return Ok(None);
    };
    let field = properties.table[i].0;
    if slots[i].is_given(field, members) {
        return Ok(None);
    }
    members.note_spelling(field, name);
    Ok(Some(i))
}

/// JSON: reads the members of a derived type's object into its slots and catch-all;
/// returns whether a `rel` member was read. Checks repeated link and embedding keys.
pub fn json_members<'de, A: MapAccess<'de>>(
    map: &mut A,
    known: JsonKnown<'_, 'de, A>,
    members: &mut Members,
) -> Result<bool, A::Error> {
    let JsonKnown {
        rel,
        properties,
        property_slots,
        mut self_link,
        links,
        link_slots,
        mut embedded,
    } = known;
    let mut rel_seen = false;
    while let Some(key) = map.next_key::<json::Key<'de>>()? {
        let name = key.as_str();
        match (name, rel) {
            ("rel", Some(rel)) => json_rel(map, rel, &mut rel_seen)?,
            ("_links", _) => json::next_value_seed(
                map,
                "_links",
                json::ReadObject(LinksReader {
                    self_link: self_link.as_deref_mut(),
                    names: links,
                    slots: &mut *link_slots,
                    members: &mut *members,
                }),
            )?,
            ("_embedded", None) => return Err(json_input_only_properties()),
            ("_embedded", Some(_)) => match embedded.as_deref_mut() {
                Some(read) => read(map, members)?,
                None => json::next_value_seed(
                    map,
                    "_embedded",
                    json::ReadObject(UnknownEmbeddedReader {
                        members: &mut *members,
                    }),
                )?,
            },
            _ => {
                let index =
                    property_field(properties, name, json::is_strict(), property_slots, members)
                        .map_err(|e| de::Error::custom(e.message()))?;
                match index {
                    Some(i) => {
                        let at = PropertyAt::new(properties.table[i], members);
                        property_slots[i].read_json(map, at)?;
                    }
                    None => json_unknown_property(map, key, members)?,
                }
            }
        }
    }
    members.check_json_repeats::<A::Error>()?;
    Ok(rel_seen)
}

/// Reads a `_links` object into the self link, the known links and the catch-all. A
/// request body has no self link (`self` is an ordinary link there).
pub(crate) struct LinksReader<'a, 'b> {
    self_link: Option<&'a mut Option<Link>>,
    names: Names<&'static str>,
    slots: &'a mut [&'b mut dyn Slot<Link>],
    members: &'a mut Members,
}

impl<'a> LinksReader<'a, '_> {
    /// For a type that knows no link (the dynamic model): all go to the catch-all.
    pub(crate) fn catch_all(
        self_link: Option<&'a mut Option<Link>>,
        members: &'a mut Members,
    ) -> Self {
        LinksReader {
            self_link,
            names: NO_NAMES,
            slots: &mut [],
            members,
        }
    }
}

impl<'de> json::ObjectReader<'de> for LinksReader<'_, '_> {
    type Value = ();
    const EXPECTING: &'static str = "a `_links` object";
    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match (key.as_str(), self.self_link.as_deref_mut()) {
            ("self", Some(slot)) => json_self_link(map, slot),
            (rel, _) => match (self.names.find)(rel) {
                Some(i) => json_link(map, self.names.table[i], self.slots[i], self.members),
                None => json_unknown_entry(map, key, &mut self.members.links),
            },
        }
    }
    fn end<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads an `_embedded` object into the catch-all (a type without known embedded
/// fields, or the dynamic model).
pub(crate) struct UnknownEmbeddedReader<'a> {
    pub(crate) members: &'a mut Members,
}

impl<'de> json::ObjectReader<'de> for UnknownEmbeddedReader<'_> {
    type Value = ();
    const EXPECTING: &'static str = "an `_embedded` object";
    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        json_unknown_entry(map, key, &mut self.members.embedded)
    }
    fn end<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// JSON: reads the members of an `_embedded` object into the known embedded fields
/// (`keys` and `slots` in the same order) and the catch-all.
pub fn json_embedded_members<'de, A: MapAccess<'de>>(
    map: &mut A,
    keys: Names<&'static str>,
    slots: &mut [&mut dyn JsonEmbeddedSlot<'de, A>],
    members: &mut Members,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<json::Key<'de>>()? {
        match (keys.find)(key.as_str()) {
            Some(i) => slots[i].read_json(map, keys.table[i], members)?,
            None => json_unknown_entry(map, key, &mut members.embedded)?,
        }
    }
    Ok(())
}

/// What a derived type knows of its XML element, for [`xml_members`].
pub struct XmlKnown<'a> {
    /// The type's rel (a `<resource>`), or `None` (an `<input>`).
    pub rel: Option<&'static str>,
    /// Property names, and whether each may be nil.
    pub properties: Names<(&'static str, bool)>,
    /// The property slots.
    pub property_slots: &'a mut [&'a mut dyn XmlPropertySlot],
    /// The known link relationships.
    pub links: Names<&'static str>,
    /// The link slots.
    pub link_slots: &'a mut [&'a mut dyn Slot<Link>],
    /// The known embedding keys.
    pub embedded: Names<&'static str>,
    /// The embedded slots.
    pub embedded_slots: &'a mut [&'a mut dyn XmlEmbeddedSlot],
}

/// XML: reads the members of a `<resource>` (after its start tag) or an `<input>` into
/// a derived type's slots and catch-all; returns whether a `rel` property was read.
/// Groups the catch-all's repeated links and embedded resources.
pub fn xml_members(r: &mut Reader<'_>, known: XmlKnown<'_>, members: &mut Members) -> Result<bool> {
    let XmlKnown {
        rel,
        properties,
        property_slots,
        links,
        link_slots,
        embedded,
        embedded_slots,
    } = known;
    let mut rel_seen = false;
    let mut typed = TypedEmbedded::default();
    loop {
        let member = match rel {
            Some(_) => r.next_member()?,
            None => r.next_input_member()?,
        };
        match member {
            crate::xml::Member::End => break,
            crate::xml::Member::Property(prop) => {
                if let (Some(rel), "rel") = (rel, &*prop.name) {
                    xml_rel(r, &prop, rel, &mut rel_seen)?;
                    continue;
                }
                let index = property_field(
                    properties,
                    &prop.name,
                    r.is_strict(),
                    property_slots,
                    members,
                )
                .map_err(|e| r.data_error(e.message()))?;
                match index {
                    Some(i) => {
                        let at = PropertyAt::new(properties.table[i], members);
                        property_slots[i].read_xml(r, &prop, at)?
                    }
                    None => xml_unknown_property(r, prop, members)?,
                }
            }
            crate::xml::Member::Link { rel, link } => match (links.find)(&rel) {
                Some(i) => xml_link(r, &rel, link, link_slots[i], members)?,
                None => members.push_xml_link(&rel, link),
            },
            crate::xml::Member::Resource(start) if rel.is_some() => {
                let key = xml_embedded_key(r, &start)?;
                match (embedded.find)(&key) {
                    Some(i) => {
                        let at = EmbeddedAt {
                            start,
                            key: embedded.table[i],
                            members,
                            typed: &mut typed,
                        };
                        embedded_slots[i].read_xml(r, at)?
                    }
                    None => xml_unknown_embedded(r, start, members)?,
                }
            }
            crate::xml::Member::Resource(_) => {
                return Err(r.data_error("a request body holds only properties and links"));
            }
        }
    }
    members.group_xml_repeats();
    Ok(rel_seen)
}

/// JSON: writes the `_links` entry of a derived type (the self link, the known links,
/// then the catch-all's), if it has any link to write.
pub fn ser_links<M: SerializeMap>(
    map: &mut M,
    self_link: Option<&Link>,
    links: &[(&'static str, &dyn Slot<Link>)],
    members: &Members,
) -> Result<(), M::Error> {
    let any = self_link.is_some()
        || links.iter().any(|(rel, slot)| {
            !slot.items().is_empty() || NoteName::link(rel).is_noted_empty(members)
        })
        || !members.links.is_empty();
    if !any {
        return Ok(());
    }
    map.serialize_entry(
        "_links",
        &LinksView {
            self_link,
            links,
            members,
        },
    )
}

struct LinksView<'a> {
    self_link: Option<&'a Link>,
    links: &'a [(&'static str, &'a dyn Slot<Link>)],
    members: &'a Members,
}

impl Serialize for LinksView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(link) = self.self_link {
            map.serialize_entry("self", link)?;
        }
        for (rel, slot) in self.links {
            ser_noted(&mut map, rel, NoteName::link(rel), *slot, self.members)?;
        }
        self.members.serialize_links(&mut map)?;
        map.end()
    }
}

/// JSON: writes the `_embedded` entry of a resource type without known embedded fields
/// (the catch-all's), if it has any.
pub fn ser_unknown_embedded<M: SerializeMap>(
    map: &mut M,
    members: &Members,
) -> Result<(), M::Error> {
    if members.embedded.is_empty() {
        return Ok(());
    }
    map.serialize_entry("_embedded", &UnknownEmbeddedView(members))
}

struct UnknownEmbeddedView<'a>(&'a Members);

impl Serialize for UnknownEmbeddedView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.0.serialize_embedded(&mut map)?;
        map.end()
    }
}

/// A property field as the shared writers see it: `Option<T>` (written unless `None`,
/// `null` when read as `null`) or [`Required`].
pub trait WriteProperty<M: SerializeMap> {
    /// Writes the field `name` as a JSON map entry under its name as read, if any.
    fn write_json(&self, map: &mut M, name: &str, members: &Members) -> Result<(), M::Error>;
}

/// A required property field, always written.
pub struct Required<'a, T>(pub &'a T);

impl<M: SerializeMap, T: Serialize> WriteProperty<M> for Option<T> {
    fn write_json(&self, map: &mut M, name: &str, members: &Members) -> Result<(), M::Error> {
        ser_optional(map, name, self, members)
    }
}

impl<M: SerializeMap, T: Serialize> WriteProperty<M> for Required<'_, T> {
    fn write_json(&self, map: &mut M, name: &str, members: &Members) -> Result<(), M::Error> {
        map.serialize_entry(members.spelling(name), self.0)
    }
}

/// JSON: writes the known properties of a derived type, in order, then the catch-all's.
pub fn ser_properties<M: SerializeMap>(
    map: &mut M,
    properties: &[(&'static str, &dyn WriteProperty<M>)],
    members: &Members,
) -> Result<(), M::Error> {
    for (name, property) in properties {
        property.write_json(map, name, members)?;
    }
    members.serialize_properties(map)
}

/// A property field as [`xml_write_members`] writes it.
pub trait XmlWriteProperty {
    /// Writes the field `name` as a `<property>` (or list) under its name as read, if any.
    fn write_xml(&self, w: &mut Writer, name: &str, members: &Members);
}

impl<T: Property> XmlWriteProperty for Option<T> {
    fn write_xml(&self, w: &mut Writer, name: &str, members: &Members) {
        xml_optional(w, name, self, members);
    }
}

impl<T: Property> XmlWriteProperty for Required<'_, T> {
    fn write_xml(&self, w: &mut Writer, name: &str, members: &Members) {
        self.0.encode_xml(w, members.spelling(name));
    }
}

/// XML: writes what a derived type's element holds before its embedded resources: the
/// known links, the catch-all's, the `rel` property (a resource, unless read without
/// one), the known properties and the catch-all's.
pub fn xml_write_members(
    w: &mut Writer,
    links: &[(&'static str, &dyn Slot<Link>)],
    rel: Option<&str>,
    properties: &[(&'static str, &dyn XmlWriteProperty)],
    members: &Members,
) {
    for (rel, slot) in links {
        for link in slot.items() {
            w.link(rel, link);
        }
    }
    members.encode_xml_links(w);
    if let Some(rel) = rel
        && !members.is_rel_absent()
    {
        w.text_element("property", [("name", "rel")], rel);
    }
    for (name, property) in properties {
        property.write_xml(w, name, members);
    }
    members.encode_xml_properties(w);
}

/// XML: writes the catch-all's embedded resources (a type with known embedded fields
/// writes those first).
pub fn xml_catch_all_embedded(members: &Members, w: &mut Writer) {
    members.encode_xml_embedded(w);
}

/// JSON: writes the catch-all's embedded resources into a type's `_embedded` object.
pub fn ser_catch_all_embedded<M: SerializeMap>(
    members: &Members,
    map: &mut M,
) -> Result<(), M::Error> {
    members.serialize_embedded(map)
}

/// Notes that the document had no `rel` property, so that none is written back.
pub fn note_rel_absent(members: &mut Members) {
    members.note_rel_absent();
}
