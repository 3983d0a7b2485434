//! The catch-all: whatever a resource type does not know, kept in order so that
//! decoding then encoding loses nothing.

use crate::dynamic::DynResource;
use crate::json;
use crate::link::{Link, OneOrMany};
use crate::property::Property;
use crate::value::Value;
use crate::xml::Writer;
use serde::de;
use serde::ser::{Serialize, SerializeMap};
use std::fmt;

/// Properties, links and embedded resources that a type has no field for.
///
/// A derived type keeps them in its `#[ucwa(extra)]` field; [`DynResource`] keeps all
/// of its members here. UCWA requires a client to send unknown properties back on PUT
/// (including the randomly named one each PUT-able resource carries), so nothing is
/// dropped. Repeated JSON keys are all kept, in order; a property holds any JSON value
/// (see [`Value`]).
#[derive(Clone, Default)]
pub struct Members {
    /// Property name → value, in document order.
    pub properties: Vec<(String, Value)>,
    /// Link relationship → link(s), in document order.
    pub links: Vec<(String, OneOrMany<Link>)>,
    /// Embedding key → resource(s), in document order.
    pub embedded: Vec<(String, OneOrMany<DynResource>)>,
    /// Rare, so boxed: every resource type carries a `Members`, and a resource is moved
    /// several times on its way out of a decoder.
    notes: Option<Box<Notes>>,
}

/// How known members deviated from their declared shape, so they are written back as read.
#[derive(Clone, Default)]
struct Notes {
    /// Known properties that were `null` (their field is `None`).
    nulls: Vec<String>,
    /// Known links or embedded resources that JSON gave in the other form
    /// (an array for a single one, an object for a collection).
    other_form: Vec<String>,
    /// Known collections that JSON gave as an empty array (their field is empty).
    empty: Vec<String>,
    /// Known properties whose value did not fit their type, and why: the value is
    /// kept among the properties, as an unknown one would be.
    unfit: Vec<(String, String)>,
    /// Known embedded resources their type refused, and why: kept among the embedded
    /// resources in the dynamic model.
    rejected: Vec<(String, String)>,
    /// Known link relationships given more often than their field takes, and why: the
    /// links are kept among the unknown ones.
    refused_links: Vec<(String, String)>,
    /// Known properties read under a name in another case (`Culture` for `culture`), and
    /// that spelling: their field writes them back under it.
    spelled: Vec<(String, String)>,
    /// The document had no `rel` property (a typed rel-less body, such as autodiscovery's
    /// `root`): none is written back.
    rel_absent: bool,
}

/// Only the notes taken, so that a dump shows what deviated and nothing else.
impl fmt::Debug for Notes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Notes");
        let lists: [(&str, &dyn fmt::Debug, bool); 7] = [
            ("nulls", &self.nulls, self.nulls.is_empty()),
            ("other_form", &self.other_form, self.other_form.is_empty()),
            ("empty", &self.empty, self.empty.is_empty()),
            ("unfit", &self.unfit, self.unfit.is_empty()),
            ("rejected", &self.rejected, self.rejected.is_empty()),
            (
                "refused_links",
                &self.refused_links,
                self.refused_links.is_empty(),
            ),
            ("spelled", &self.spelled, self.spelled.is_empty()),
        ];
        for (name, list, empty) in lists {
            if !empty {
                s.field(name, list);
            }
        }
        if self.rel_absent {
            s.field("rel_absent", &true);
        }
        s.finish()
    }
}

/// No notes: what a `Members` without any compares as.
static NO_NOTES: Notes = Notes {
    nulls: Vec::new(),
    other_form: Vec::new(),
    empty: Vec::new(),
    unfit: Vec::new(),
    rejected: Vec::new(),
    refused_links: Vec::new(),
    spelled: Vec::new(),
    rel_absent: false,
};

/// Notes are sets: the order members were read in does not matter.
impl PartialEq for Notes {
    fn eq(&self, other: &Self) -> bool {
        fn same(a: &[String], b: &[String]) -> bool {
            a.len() == b.len() && a.iter().all(|x| b.contains(x))
        }
        same(&self.nulls, &other.nulls)
            && same(&self.other_form, &other.other_form)
            && same(&self.empty, &other.empty)
            && self.rel_absent == other.rel_absent
            && self.spelled.len() == other.spelled.len()
            && self.spelled.iter().all(|x| other.spelled.contains(x))
            && self.unfit.len() == other.unfit.len()
            && self
                .unfit
                .iter()
                .all(|(name, _)| other.unfit.iter().any(|(n, _)| n == name))
    }
}

/// Unknown properties compare in order (they are written back in order); a value kept
/// because it did not fit its field compares by its name, since it is written where
/// its field stands, whatever its place among the unknown ones.
impl PartialEq for Members {
    fn eq(&self, other: &Self) -> bool {
        self.links == other.links
            && self.embedded == other.embedded
            && self.notes() == other.notes()
            && self.same_properties(other)
    }
}

impl Members {
    fn same_properties(&self, other: &Self) -> bool {
        if !self.has_unfit() && !other.has_unfit() {
            return self.properties == other.properties;
        }
        // The notes, compared beside, hold the same unfit names on both sides.
        self.unknown_properties().eq(other.unknown_properties())
            && self
                .notes
                .iter()
                .flat_map(|n| &n.unfit)
                .all(|(name, _)| self.unfit_value(name) == other.unfit_value(name))
    }

    /// Nothing kept, as a constant.
    pub(crate) const EMPTY: Members = Members {
        properties: Vec::new(),
        links: Vec::new(),
        embedded: Vec::new(),
        notes: None,
    };

    /// Whether nothing is kept here (shape notes aside).
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty() && self.links.is_empty() && self.embedded.is_empty()
    }

    /// The first property with this name.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The links with this relationship (empty when there are none).
    pub fn links(&self, rel: &str) -> &[Link] {
        self.links
            .iter()
            .find(|(r, _)| r == rel)
            .map_or(&[], |(_, set)| set.as_slice())
    }

    /// The first link with this relationship.
    pub fn link(&self, rel: &str) -> Option<&Link> {
        self.links(rel).first()
    }

    /// The resources embedded under this key (empty when there are none).
    pub fn embedded(&self, key: &str) -> &[DynResource] {
        self.embedded
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, set)| set.as_slice())
    }

    /// Adds or replaces a property (replacing keeps its position).
    pub fn set_property(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        match self.properties.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.properties.push((name, value)),
        }
    }

    /// JSON, once a resource is read: refuses a link relationship or embedding key given
    /// twice. XML gives several of one relationship as elements that read back as one
    /// collection, wherever they stand, so a repeated key could not cross formats
    /// unchanged; JSON says "several" with an array. Linear in the number of entries.
    pub fn check_json_repeats<E: de::Error>(&self) -> Result<(), E> {
        if let Some(rel) = first_repeat(self.links.iter().map(|(rel, _)| rel.as_str())) {
            json::path::push(rel);
            json::path::push("_links");
            return Err(repeated("link", rel));
        }
        if let Some(key) = first_repeat(self.embedded.iter().map(|(key, _)| key.as_str())) {
            json::path::push(key);
            json::path::push("_embedded");
            return Err(repeated("embedded resource", key));
        }
        Ok(())
    }

    /// XML, once a resource is read: joins the links (and embedded resources) of one
    /// relationship into one collection, wherever they stood, in the order of their first
    /// appearance. Linear in the number of entries.
    pub fn group_xml_repeats(&mut self) {
        group(&mut self.links);
        group(&mut self.embedded);
    }

    /// Appends a link read from XML: joins the previous entry when it has the same
    /// relationship (XML repeats the element for a collection).
    pub fn push_xml_link(&mut self, rel: &str, link: Link) {
        match self.links.last_mut() {
            Some((last, set)) if last == rel => set.push(link),
            _ => self.links.push((rel.to_owned(), OneOrMany::One(link))),
        }
    }

    /// Appends an embedded resource read from XML, grouping like [`push_xml_link`](Self::push_xml_link).
    pub(crate) fn push_xml_embedded(&mut self, key: &str, resource: DynResource) {
        match self.embedded.last_mut() {
            Some((last, set)) if last == key => set.push(resource),
            _ => self
                .embedded
                .push((key.to_owned(), OneOrMany::One(resource))),
        }
    }

    /// Notes that the known property `name` was read under `spelled`, a name in another
    /// case: its field writes it back under that spelling.
    pub(crate) fn note_spelling(&mut self, name: &str, spelled: &str) {
        self.notes_mut()
            .spelled
            .push((name.to_owned(), spelled.to_owned()));
    }

    /// Whether any known property was read under a name in another case (rare: the
    /// common case skips the lookups).
    pub(crate) fn has_spellings(&self) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|notes| !notes.spelled.is_empty())
    }

    /// The name to write the known property `name` under: as it was read.
    pub(crate) fn spelling<'a>(&'a self, name: &'a str) -> &'a str {
        match &self.notes {
            Some(notes) => notes
                .spelled
                .iter()
                .find(|(n, _)| n == name)
                .map_or(name, |(_, spelled)| spelled),
            None => name,
        }
    }

    /// Forgets the spelling of the known property `name`, returning it.
    pub(crate) fn take_spelling(&mut self, name: &str) -> Option<String> {
        let spelled = &mut self.notes.as_mut()?.spelled;
        let at = spelled.iter().position(|(n, _)| n == name)?;
        Some(spelled.swap_remove(at).1)
    }

    /// Takes back what was kept for the known property `name` instead of a value in its
    /// field: `null`, or the value that did not fit.
    pub(crate) fn take_kept(&mut self, name: &str) -> Option<Value> {
        let notes = self.notes.as_mut()?;
        if let Some(at) = notes.nulls.iter().position(|n| n == name) {
            notes.nulls.swap_remove(at);
            return Some(Value::Null);
        }
        let at = notes.unfit.iter().position(|(n, _)| n == name)?;
        notes.unfit.swap_remove(at);
        let at = self.properties.iter().position(|(n, _)| n == name)?;
        Some(self.properties.remove(at).1)
    }

    pub(crate) fn note_null(&mut self, name: &str) {
        self.notes_mut().nulls.push(name.to_owned());
    }

    pub(crate) fn is_noted_null(&self, name: &str) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|notes| notes.nulls.iter().any(|n| n == name))
    }

    /// Keeps the value of a known property that does not fit its type, with the reason
    /// (reported by [`collect_untyped`](Self::collect_untyped), written back as read).
    pub(crate) fn keep_unfit(&mut self, name: &str, value: Value, reason: String) {
        self.properties.push((name.to_owned(), value));
        self.notes_mut().unfit.push((name.to_owned(), reason));
    }

    /// Keeps a known embedded resource (or collection) its type refused, in the dynamic
    /// model, with the reason: reported by [`collect_untyped`](Self::collect_untyped),
    /// written back as read, while the rest of the document stays typed.
    pub(crate) fn keep_rejected_embedded(
        &mut self,
        key: &str,
        resources: OneOrMany<DynResource>,
        reason: String,
    ) {
        self.embedded.push((key.to_owned(), resources));
        self.notes_mut().rejected.push((key.to_owned(), reason));
    }

    /// Adds one more resource to the entry of a key that fell back (see
    /// [`keep_rejected_embedded`](Self::keep_rejected_embedded)), where it stands.
    pub(crate) fn push_rejected_embedded(&mut self, key: &str, resource: DynResource) {
        if let Some((_, set)) = self.embedded.iter_mut().find(|(k, _)| k == key) {
            set.push(resource);
        }
    }

    /// Keeps the links of a known relationship its field has no room for (several where
    /// it takes one), with the reason: reported by
    /// [`collect_untyped`](Self::collect_untyped), written back as read.
    pub(crate) fn keep_refused_links(&mut self, rel: &str, links: OneOrMany<Link>, reason: String) {
        self.links.push((rel.to_owned(), links));
        self.notes_mut()
            .refused_links
            .push((rel.to_owned(), reason));
    }

    /// Whether the links of the known relationship `rel` were kept here (see
    /// [`refused_link_reason`](Self::refused_link_reason)).
    pub(crate) fn link_refused(&self, rel: &str) -> bool {
        self.refused_link_reason(rel).is_some()
    }

    /// Why the links of the known relationship `rel` were kept here rather than typed.
    pub fn refused_link_reason(&self, rel: &str) -> Option<&str> {
        self.reason(|notes| &notes.refused_links, rel)
    }

    /// Why the known embedded resource `key` was kept here rather than typed, if it was.
    pub fn rejected_reason(&self, key: &str) -> Option<&str> {
        self.reason(|notes| &notes.rejected, key)
    }

    /// Notes that the document had no `rel` property, so that none is written back.
    pub(crate) fn note_rel_absent(&mut self) {
        self.notes_mut().rel_absent = true;
    }

    /// Whether the document this was read from had no `rel` property (a rel-less body
    /// typed by context); encoders then write none.
    pub fn is_rel_absent(&self) -> bool {
        self.notes.as_ref().is_some_and(|notes| notes.rel_absent)
    }

    /// Why the known property `name` was kept here rather than typed, if it was.
    pub fn unfit_reason(&self, name: &str) -> Option<&str> {
        self.reason(|notes| &notes.unfit, name)
    }

    /// The reason noted for `name` in one of the lists of reasons `list` picks.
    fn reason<'s>(
        &'s self,
        list: impl Fn(&'s Notes) -> &'s Vec<(String, String)>,
        name: &str,
    ) -> Option<&'s str> {
        let notes = self.notes.as_deref()?;
        list(notes)
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, why)| why.as_str())
    }

    pub(crate) fn note_other_form(&mut self, rel: &str) {
        self.notes_mut().other_form.push(rel.to_owned());
    }

    /// Whether any "other form" note satisfies `f` (for names compared in pieces).
    pub(crate) fn any_other_form(&self, f: impl Fn(&str) -> bool) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|notes| notes.other_form.iter().any(|n| f(n)))
    }

    /// Whether any "empty" note satisfies `f` (for names compared in pieces).
    pub(crate) fn any_noted_empty(&self, f: impl Fn(&str) -> bool) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|notes| notes.empty.iter().any(|n| f(n)))
    }

    pub(crate) fn note_empty(&mut self, rel: &str) {
        self.notes_mut().empty.push(rel.to_owned());
    }

    /// The notes, empty ones when there are none (notes taken back leave them empty).
    fn notes(&self) -> &Notes {
        self.notes.as_deref().unwrap_or(&NO_NOTES)
    }

    fn notes_mut(&mut self) -> &mut Notes {
        self.notes.get_or_insert_default()
    }

    /// Writes the unknown properties as JSON map entries (not those kept because they did
    /// not fit their field: the field writes them, in its place).
    pub(crate) fn serialize_properties<M: SerializeMap>(
        &self,
        map: &mut M,
    ) -> Result<(), M::Error> {
        for (name, value) in self.unknown_properties() {
            map.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// The properties no field stands for: all of them but the values kept because they
    /// did not fit their field.
    fn unknown_properties(&self) -> impl Iterator<Item = &(String, Value)> {
        let any_unfit = self.has_unfit();
        self.properties
            .iter()
            .filter(move |(name, _)| !(any_unfit && self.is_unfit(name)))
    }

    /// The value kept for the known property `name` because it did not fit its type.
    /// Written where the field stands, in both formats, so that a value XML text can
    /// carry as the field's type (JSON's `16` where a string belongs) reads back from
    /// XML into the field and is written in the same place again.
    pub(crate) fn unfit_value(&self, name: &str) -> Option<&Value> {
        self.unfit_reason(name)?;
        self.property(name)
    }

    fn is_unfit(&self, name: &str) -> bool {
        self.unfit_reason(name).is_some()
    }

    /// Whether any value was kept for not fitting its field (rare: the common case
    /// skips the per-property lookups).
    fn has_unfit(&self) -> bool {
        self.notes
            .as_ref()
            .is_some_and(|notes| !notes.unfit.is_empty())
    }

    /// Writes the unknown links as entries of a JSON `_links` map.
    pub(crate) fn serialize_links<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        entries(map, &self.links)
    }

    /// Writes the unknown embedded resources as entries of a JSON `_embedded` map.
    pub(crate) fn serialize_embedded<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        entries(map, &self.embedded)
    }

    /// Writes the unknown links as `<link>` elements.
    pub(crate) fn encode_xml_links(&self, w: &mut Writer) {
        for (rel, set) in &self.links {
            for link in set {
                w.link(rel, link);
            }
        }
    }

    /// Writes the unknown properties as `<property>` / `<propertyList>` elements.
    pub(crate) fn encode_xml_properties(&self, w: &mut Writer) {
        for (name, value) in self.unknown_properties() {
            value.encode_xml(w, name);
        }
    }

    /// Writes the unknown embedded resources as nested `<resource>` elements.
    pub(crate) fn encode_xml_embedded(&self, w: &mut Writer) {
        for (key, set) in &self.embedded {
            for resource in set {
                resource.encode_xml_element(w, Some(key), false);
            }
        }
    }

    /// Reports everything kept here as untyped, under `path`, except the PUT token
    /// (a known part of the protocol: see [`put_token`](crate::put_token)).
    pub fn collect_untyped(&self, path: &str, out: &mut Vec<crate::Untyped>) {
        for (name, value) in &self.properties {
            if let Some(reason) = self.unfit_reason(name) {
                out.push(
                    crate::Untyped::new(path, crate::UntypedKind::Unfit, name).with_reason(reason),
                );
                continue;
            }
            if crate::put_token::is_put_token(value) {
                continue;
            }
            out.push(crate::Untyped::new(
                path,
                crate::UntypedKind::Property,
                name,
            ));
        }
        for (rel, _) in &self.links {
            let untyped = crate::Untyped::new(path, crate::UntypedKind::Link, rel);
            out.push(match self.refused_link_reason(rel) {
                Some(reason) => untyped.with_reason(reason),
                None => untyped,
            });
        }
        for (key, _) in &self.embedded {
            let untyped = crate::Untyped::new(path, crate::UntypedKind::Embedded, key);
            out.push(match self.rejected_reason(key) {
                Some(reason) => untyped.with_reason(reason),
                None => untyped,
            });
        }
    }
}

impl fmt::Debug for Members {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Members");
        if !self.properties.is_empty() {
            s.field("properties", &self.properties);
        }
        if !self.links.is_empty() {
            s.field("links", &self.links);
        }
        if !self.embedded.is_empty() {
            s.field("embedded", &self.embedded);
        }
        if let Some(notes) = &self.notes {
            s.field("notes", notes);
        }
        s.finish()
    }
}

/// The error for a link or embedded key that JSON repeats.
fn repeated<E: de::Error>(kind: &str, key: &str) -> E {
    E::custom(format_args!(
        "{kind} `{key}` repeated: several of one relationship are written as an array"
    ))
}

/// The first name that occurs twice.
fn first_repeat<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Option<&'a str> {
    if names.len() < 2 {
        return None;
    }
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    names.into_iter().find(|name| !seen.insert(*name))
}

/// Joins entries of one name into the first, keeping the order of first appearance.
fn group<T>(entries: &mut Vec<(String, OneOrMany<T>)>) {
    if first_repeat(entries.iter().map(|(name, _)| name.as_str())).is_none() {
        return;
    }
    let mut grouped: Vec<(String, OneOrMany<T>)> = Vec::with_capacity(entries.len());
    let mut index: std::collections::HashMap<String, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (name, set) in entries.drain(..) {
        match index.get(&name) {
            Some(&at) => {
                let target: &mut OneOrMany<T> = &mut grouped[at].1;
                for item in set.into_vec() {
                    target.push(item);
                }
            }
            None => {
                index.insert(name.clone(), grouped.len());
                grouped.push((name, set));
            }
        }
    }
    *entries = grouped;
}

/// Writes named entries into a JSON map, in order.
fn entries<M: SerializeMap, V: Serialize>(
    map: &mut M,
    list: &[(String, V)],
) -> Result<(), M::Error> {
    for (name, value) in list {
        map.serialize_entry(name, value)?;
    }
    Ok(())
}
