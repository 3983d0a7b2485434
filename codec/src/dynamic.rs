//! The dynamic document model: resources and request bodies whose type no one declared.

use crate::__private::{LinksReader, UnknownEmbeddedReader};
use crate::error::{Error, Result};
use crate::json::{self, Key};
use crate::link::{Link, OneOrMany};
use crate::members::Members;
use crate::property::Property;
use crate::value::Value;
use crate::xml::{self, FromXml, Member, Reader, ResourceStart, ToXml, Writer};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A resource of any type: its `rel`, self link, and every member in order.
///
/// It reads and writes both formats losslessly, and is what derived types keep
/// embedded resources of unknown types as.
///
/// ```
/// use ucwa_codec::{json, xml, DynResource};
/// let doc: DynResource = json::from_str(r#"{
///   "rel": "note", "message": "Hi",
///   "_links": {"self": {"href": "/me/note"}}
/// }"#).unwrap();
/// let as_xml = xml::to_string(&doc).unwrap();
/// assert!(as_xml.contains(r#"<property name="message">Hi</property>"#));
/// let back: DynResource = xml::from_str(&as_xml).unwrap();
/// assert_eq!(back, doc);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DynResource {
    /// The resource's type (JSON `"rel"`, XML `<property name="rel">`).
    pub rel: Option<String>,
    /// The link to the resource itself (JSON `_links.self`, XML `href` on `<resource>`).
    pub self_link: Option<Link>,
    /// Properties, links and embedded resources.
    pub members: Members,
}

impl DynResource {
    /// Decodes the `<resource>` element at `range` of the reader's input: one a typed
    /// decoder gave up on (see [`Reader::finish_element`]), read again in the dynamic
    /// model, errors placed in the whole input.
    pub fn decode_xml_at(r: &Reader<'_>, range: std::ops::Range<usize>) -> Result<Self> {
        let mut sub = r.sub_reader(range);
        let root = sub.root()?;
        let start = sub.resource_start(&root)?;
        DynResource::decode_xml_body(&mut sub, start)
    }

    /// Decodes the members of a `<resource>` whose start tag has been read.
    pub fn decode_xml_body(r: &mut Reader<'_>, start: ResourceStart<'_>) -> Result<Self> {
        let mut resource = DynResource {
            rel: None,
            self_link: start.self_link,
            members: Members::default(),
        };
        loop {
            match r.next_member()? {
                Member::End => break,
                Member::Property(prop)
                    if prop.name == "rel" && !prop.list && !prop.nil && !prop.bag =>
                {
                    if resource.rel.is_some() {
                        return Err(r.data_error("duplicate property `rel`"));
                    }
                    resource.rel = Some(r.read_text()?.into_owned());
                }
                Member::Property(prop) => {
                    let value =
                        Value::decode_xml(r, &prop).map_err(|e| e.in_segment(&prop.name))?;
                    resource
                        .members
                        .properties
                        .push((prop.name.into_owned(), value));
                }
                Member::Link { rel, link } => resource.members.push_xml_link(&rel, link),
                Member::Resource(start) => {
                    let key = embedded_key(r, &start)?;
                    let child = DynResource::decode_xml_body(r, start)
                        .map_err(|e| e.in_segment(&key).in_segment("_embedded"))?;
                    resource.members.push_xml_embedded(&key, child);
                }
            }
        }
        resource.members.group_xml_repeats();
        Ok(resource)
    }

    /// Writes the resource as a `<resource>` element; `key` is its embedding key
    /// (the `rel` attribute; the type when absent), `root` adds the namespace.
    pub fn encode_xml_element(&self, w: &mut Writer, key: Option<&str>, root: bool) {
        w.start_resource(key.or(self.rel.as_deref()), self.self_link.as_ref(), root);
        self.members.encode_xml_links(w);
        if let Some(rel) = &self.rel {
            w.text_element("property", [("name", "rel")], rel);
        }
        self.members.encode_xml_properties(w);
        self.members.encode_xml_embedded(w);
        w.end("resource");
    }

    /// Reports everything in the resource as untyped (it has no type).
    pub fn collect_untyped(&self, path: &str, out: &mut Vec<crate::Untyped>) {
        self.members.collect_untyped(path, out);
    }
}

/// The `rel` attribute of an embedded `<resource>`: its key in the parent.
pub(crate) fn embedded_key(r: &Reader<'_>, start: &ResourceStart<'_>) -> Result<String> {
    match &start.rel {
        Some(rel) => Ok(rel.to_string()),
        None => Err(r.data_error("embedded <resource> without a `rel`")),
    }
}

/// Reads the root `<resource>` element; its `rel` attribute names the type when the
/// document has no `<property name="rel">`.
impl FromXml for DynResource {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        let root = r.root_named("resource")?;
        let start = r.resource_start(&root)?;
        let attribute_rel = start.rel.as_ref().map(|s| s.to_string());
        let segment = attribute_rel.clone().unwrap_or_else(|| "resource".into());
        let mut resource =
            DynResource::decode_xml_body(r, start).map_err(|e| e.in_segment(&segment))?;
        match (&resource.rel, attribute_rel) {
            (None, attribute_rel) => resource.rel = attribute_rel,
            (Some(rel), Some(attribute)) if *rel != attribute => {
                return Err(root_rel_mismatch(r, &root, &attribute, rel));
            }
            _ => {}
        }
        Ok(resource)
    }
}

impl ToXml for DynResource {
    fn to_xml(&self, w: &mut Writer) {
        self.encode_xml_element(w, None, true);
    }
}

impl Serialize for DynResource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(rel) = &self.rel {
            map.serialize_entry("rel", rel)?;
        }
        self.members.serialize_properties(&mut map)?;
        if self.self_link.is_some() || !self.members.links.is_empty() {
            map.serialize_entry("_links", &LinksOf(self))?;
        }
        if !self.members.embedded.is_empty() {
            map.serialize_entry("_embedded", &EmbeddedOf(&self.members))?;
        }
        map.end()
    }
}

struct LinksOf<'a>(&'a DynResource);

impl Serialize for LinksOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(link) = &self.0.self_link {
            map.serialize_entry("self", link)?;
        }
        self.0.members.serialize_links(&mut map)?;
        map.end()
    }
}

struct EmbeddedOf<'a>(&'a Members);

impl Serialize for EmbeddedOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        self.0.serialize_embedded(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for DynResource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json::ReadObject(DynReader(DynResource::default())).deserialize(deserializer)
    }
}

struct DynReader(DynResource);

impl<'de> json::ObjectReader<'de> for DynReader {
    type Value = DynResource;

    const EXPECTING: &'static str = "a UCWA resource object";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let resource = &mut self.0;
        match key.as_str() {
            "rel" if resource.rel.is_some() => return Err(json::duplicate("property", "rel")),
            "rel" => resource.rel = Some(json::next_value(map, "rel")?),
            "_links" => json::next_value_seed(
                map,
                "_links",
                json::ReadObject(LinksReader::catch_all(
                    Some(&mut resource.self_link),
                    &mut resource.members,
                )),
            )?,
            "_embedded" => json::next_value_seed(
                map,
                "_embedded",
                json::ReadObject(UnknownEmbeddedReader {
                    members: &mut resource.members,
                }),
            )?,
            name => {
                let value = json::next_value(map, name)?;
                resource.members.properties.push((key.into_owned(), value));
            }
        }
        Ok(())
    }

    fn end<E: de::Error>(self) -> Result<DynResource, E> {
        self.0.members.check_json_repeats()?;
        Ok(self.0)
    }
}

/// A request body of any type (a POST `<input>` / plain JSON object): properties, and
/// the links some bodies carry (such as an SDP offer as a `data:` link).
///
/// PUT bodies are whole resources: use [`DynResource`] (or the resource's type) for them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DynInput {
    /// The properties, in order.
    pub properties: Vec<(String, Value)>,
    /// The links, in order.
    pub links: Vec<(String, OneOrMany<Link>)>,
}

impl DynInput {
    /// The first property with this name.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

impl FromXml for DynInput {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        input_root(r)?;
        let mut members = Members::default();
        loop {
            match r.next_input_member()? {
                Member::End => {
                    members.group_xml_repeats();
                    return Ok(DynInput {
                        properties: members.properties,
                        links: members.links,
                    });
                }
                Member::Property(prop) => {
                    let value = Value::decode_xml(r, &prop)
                        .map_err(|e| e.in_segment(&prop.name).in_segment("input"))?;
                    members.properties.push((prop.name.into_owned(), value));
                }
                Member::Link { rel, link } => members.push_xml_link(&rel, link),
                Member::Resource(_) => return Err(input_only_properties(r)),
            }
        }
    }
}

/// The error for a root `<resource rel>` that names another type than its `rel`
/// property: JSON has one `rel`, so one of the two would be lost.
pub(crate) fn root_rel_mismatch(
    r: &Reader<'_>,
    root: &xml::Element<'_>,
    attribute: &str,
    property: &str,
) -> Error {
    r.data_error_at(
        root,
        format!(
            "the root <resource rel=\"{attribute}\"> names another type than its `rel` \
             property `{property}` (JSON has room for one)"
        ),
    )
}

/// Enters the root element, which must be `<input>` with no attributes but namespace
/// declarations (JSON has no place for others).
pub(crate) fn input_root<'a>(r: &mut Reader<'a>) -> Result<xml::Element<'a>> {
    let root = r.root_named("input")?;
    r.no_attributes(&root)?;
    Ok(root)
}

/// The error for a link or resource inside an `<input>`.
pub fn input_only_properties(r: &Reader<'_>) -> Error {
    r.data_error("a request body holds only properties and links")
        .in_segment("input")
}

impl ToXml for DynInput {
    fn to_xml(&self, w: &mut Writer) {
        w.start_root("input");
        for (rel, set) in &self.links {
            for link in set {
                w.link(rel, link);
            }
        }
        for (name, value) in &self.properties {
            value.encode_xml(w, name);
        }
        w.end("input");
    }
}

impl Serialize for DynInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in &self.properties {
            map.serialize_entry(name, value)?;
        }
        if !self.links.is_empty() {
            map.serialize_entry("_links", &InputLinks(&self.links))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for DynInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json::ReadObject(InputReader::default()).deserialize(deserializer)
    }
}

#[derive(Default)]
struct InputReader {
    input: DynInput,
    members: Members,
}

impl<'de> json::ObjectReader<'de> for InputReader {
    type Value = DynInput;

    const EXPECTING: &'static str = "a request body object";

    fn member<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        match key.as_str() {
            "_links" => json::next_value_seed(
                map,
                "_links",
                json::ReadObject(LinksReader::catch_all(None, &mut self.members)),
            ),
            "_embedded" => Err(de::Error::custom(
                "a request body holds only properties and links (this looks like a resource)",
            )),
            _ => {
                let value = json::next_value(map, key.as_str())?;
                self.input.properties.push((key.into_owned(), value));
                Ok(())
            }
        }
    }

    fn end<E: de::Error>(mut self) -> Result<DynInput, E> {
        self.members.check_json_repeats()?;
        self.input.links = self.members.links;
        Ok(self.input)
    }
}

struct InputLinks<'a>(&'a [(String, OneOrMany<Link>)]);

impl Serialize for InputLinks<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (rel, set) in self.0 {
            map.serialize_entry(rel, set)?;
        }
        map.end()
    }
}
