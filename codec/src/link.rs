//! Links (`rel` → `href`, `title`, other attributes) and the one-or-many cardinality of
//! links and embedded resources.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;

/// A link to another resource. Its `rel` is the key it is stored under.
///
/// Attributes other than `href` and `title` (such as `revision`) are kept in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Link {
    /// The target: a (usually relative) URL, or a `data:` URI for inline content.
    pub href: String,
    /// A human-readable name of the target, when the server gives one.
    pub title: Option<String>,
    /// Every other attribute, in the order read.
    pub attributes: Vec<(String, String)>,
}

impl Link {
    /// A link with just an `href`.
    pub fn new(href: impl Into<String>) -> Self {
        Link {
            href: href.into(),
            title: None,
            attributes: Vec::new(),
        }
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The value of an attribute other than `href` and `title`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The resource revision this link offers, as the versioning rules compare it:
    /// 1 when the link has no `revision` attribute, `None` when the attribute is not a number.
    pub fn revision(&self) -> Option<u32> {
        match self.attribute("revision") {
            None => Some(1),
            Some(v) => v.trim().parse().ok(),
        }
    }

    /// The absolute URL this link points to, its `href` resolved against `base` (the
    /// URL of the document the link came from, or the server's root) as a browser would
    /// (RFC 3986): UCWA gives most hrefs as absolute paths (`/ucwa/v1/…`), discovery
    /// gives absolute URLs, and joining strings by hand gets one of them wrong.
    ///
    /// An absolute `href`, including a `data:` URI, is returned as it is; read the latter
    /// with [`DataUri::parse`](crate::DataUri::parse). The error says why the `href` is
    /// not a URL reference.
    ///
    /// ```
    /// use ucwa_codec::Link;
    /// let base = url::Url::parse("https://fe1.contoso.com/ucwa/oauth/v1/applications/103")?;
    /// let me = Link::new("/ucwa/oauth/v1/applications/103/me");
    /// assert_eq!(me.resolve(&base)?.as_str(), "https://fe1.contoso.com/ucwa/oauth/v1/applications/103/me");
    /// let pool = Link::new("https://fe2.contoso.com/ucwa/oauth/v1/applications");
    /// assert_eq!(pool.resolve(&base)?.host_str(), Some("fe2.contoso.com"));
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[cfg(feature = "url")]
    #[cfg_attr(docsrs, doc(cfg(feature = "url")))]
    pub fn resolve(&self, base: &url::Url) -> Result<url::Url, url::ParseError> {
        base.join(&self.href)
    }
}

impl Serialize for Link {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        crate::xml::writer::LinkRef::from(self).serialize_members(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for Link {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (_, link) = deserializer.deserialize_map(LinkVisitor { with_rel: false })?;
        Ok(link)
    }
}

/// Reads a JSON link object that names its own relationship (`{"rel": …, "href": …}`),
/// as an event's target does: the `rel` and the link, under the same attribute rules
/// as [`Link`].
pub(crate) fn deserialize_rel_link<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(String, Link), D::Error> {
    let (rel, link) = deserializer.deserialize_map(LinkVisitor { with_rel: true })?;
    let rel = rel.ok_or_else(|| de::Error::custom("link without a `rel`"))?;
    Ok((rel, link))
}

/// The JSON link object reader; `with_rel` makes `rel` a member of its own rather than
/// an attribute.
struct LinkVisitor {
    with_rel: bool,
}

impl<'de> Visitor<'de> for LinkVisitor {
    type Value = (Option<String>, Link);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.with_rel {
            f.write_str("a link object with a `rel` and an `href`")
        } else {
            f.write_str("a link object with an `href`")
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = if self.with_rel {
            LinkMembers::with_rel()
        } else {
            LinkMembers::default()
        };
        while let Some(key) = map.next_key::<crate::json::Key<'de>>()? {
            members.read(&mut map, key)?;
        }
        members.into_link()
    }
}

/// The members of a JSON link-like object as they are read: `href`, `title`, other
/// attributes, and `rel` when the object carries its own (as event targets and
/// senders do). The one place the JSON rules for link attributes live: no repeats,
/// names XML can write, namespace declarations that XML would accept.
#[derive(Debug, Default)]
pub struct LinkMembers {
    /// The `rel` member, for a link read [`with_rel`](Self::with_rel).
    pub rel: Option<String>,
    /// The `href` member.
    pub href: Option<String>,
    /// The `title` member.
    pub title: Option<String>,
    /// Every other member, as text, in order.
    pub attributes: Vec<(String, String)>,
    with_rel: bool,
}

impl LinkMembers {
    /// Members of an object that names its own `rel` (otherwise `rel` is an attribute).
    pub fn with_rel() -> Self {
        LinkMembers {
            with_rel: true,
            ..LinkMembers::default()
        }
    }

    /// Reads the value of the member `key` (whose key the caller has just read).
    pub fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        key: crate::json::Key<'de>,
    ) -> Result<(), A::Error> {
        use crate::json::{duplicate, next_value};
        let slot = match key.as_str() {
            "rel" if self.with_rel => &mut self.rel,
            "href" => &mut self.href,
            "title" => &mut self.title,
            name => {
                if let Err(why) = check_attribute_name(name) {
                    crate::json::path::push(name);
                    return Err(de::Error::custom(why));
                }
                // XML cannot repeat an attribute, so neither may the JSON form.
                if self.attributes.iter().any(|(n, _)| n == name) {
                    return Err(duplicate("link attribute", name));
                }
                let AttributeText(value) = next_value(map, name)?;
                if let Some(prefix) = crate::xml::declared_prefix(name)
                    && let Err(why) = crate::xml::check_declaration(prefix, &value)
                {
                    crate::json::path::push(name);
                    return Err(de::Error::custom(format_args!("`{name}`: {why}")));
                }
                self.attributes.push((key.into_owned(), value));
                return Ok(());
            }
        };
        if slot.is_some() {
            return Err(duplicate("link attribute", key.as_str()));
        }
        *slot = Some(next_value(map, key.as_str())?);
        Ok(())
    }

    /// Refuses the declaration of a prefix that no attribute uses: XML reads such a
    /// declaration as no attribute at all, so it could not cross formats. Linear.
    pub fn check_declarations<E: de::Error>(&self) -> Result<(), E> {
        match unused_declaration(&self.attributes) {
            Some(name) => {
                crate::json::path::push(name);
                Err(E::custom(unused_declaration_message(name)))
            }
            None => Ok(()),
        }
    }

    /// The `rel` (if read as a member) and the link; an `href` is required.
    pub fn into_link<E: de::Error>(self) -> Result<(Option<String>, Link), E> {
        self.check_declarations()?;
        let href = self
            .href
            .ok_or_else(|| E::custom("link without an `href`"))?;
        let link = Link {
            href,
            title: self.title,
            attributes: self.attributes,
        };
        Ok((self.rel, link))
    }
}

/// Checks that a link attribute is a valid XML attribute name (so the link can be
/// written in XML) and not a namespace declaration.
pub(crate) fn check_attribute_name(name: &str) -> Result<(), String> {
    // A prefixed attribute may come with the declaration of its prefix (kept so that
    // it can be written in XML); a default namespace would change the element's own.
    if name == "xmlns" {
        return Err(format!(
            "`{name}` cannot be a link attribute (it declares the default namespace)"
        ));
    }
    // The same rule the XML reader applies, so what one format accepts the other can carry.
    if crate::xml::is_qname(name) {
        Ok(())
    } else {
        Err(format!(
            "link attribute `{name}` is not a valid XML attribute name"
        ))
    }
}

/// Checks that a link attribute can stand beside `href` and `title` (and `rel`, when
/// the element has one) on a `<link>`-like element, or on `<resource>`.
pub(crate) fn check_element_attribute(name: &str, has_rel: bool) -> Result<(), String> {
    if matches!(name, "href" | "title") || (has_rel && name == "rel") {
        return Err(format!(
            "a link attribute named `{name}` cannot be written in XML (the element's own `{name}` is there)"
        ));
    }
    check_attribute_name(name)
}

/// A JSON link attribute: a string, or a number or boolean kept as its text
/// (XML attributes are text, so that is what both formats can carry).
struct AttributeText(String);

impl<'de> Deserialize<'de> for AttributeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AttributeText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean link attribute")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AttributeText, E> {
                Ok(AttributeText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<AttributeText, E> {
                Ok(AttributeText(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AttributeText, E> {
                Ok(AttributeText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AttributeText, E> {
                Ok(AttributeText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AttributeText, E> {
                Ok(AttributeText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AttributeText, E> {
                Ok(AttributeText(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A link or embedded resource that JSON sends either as one object or as an array.
///
/// The form read is the form written back. XML cannot tell the two apart: there a
/// repeated element becomes `Many`, a lone one `One`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// A single object.
    One(T),
    /// An array (possibly of one, or empty).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, in order.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(item) => std::slice::from_ref(item),
            OneOrMany::Many(items) => items,
        }
    }

    /// Iterates over the items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// The first item, if any.
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// Adds an item, turning a `One` into a `Many`.
    pub fn push(&mut self, item: T) {
        let previous = std::mem::replace(self, OneOrMany::Many(Vec::new()));
        *self = OneOrMany::Many(match previous {
            OneOrMany::One(first) => vec![first, item],
            OneOrMany::Many(mut items) => {
                items.push(item);
                items
            }
        });
    }

    /// The items as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(item) => vec![item],
            OneOrMany::Many(items) => items,
        }
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(item) => item.serialize(serializer),
            OneOrMany::Many(items) => serializer.collect_seq(items),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = crate::json::next_element(&mut seq, items.len())? {
                    items.push(item);
                }
                Ok(OneOrMany::Many(items))
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// The first attribute of a link that declares a prefix (`xmlns:p`) no other attribute
/// uses: the one rule for reading JSON links and writing any link as XML, which reads
/// such a declaration as no attribute at all. Linear.
pub(crate) fn unused_declaration(attributes: &[(String, String)]) -> Option<&str> {
    if !attributes.iter().any(|(n, _)| n.starts_with("xmlns:")) {
        return None;
    }
    let used: std::collections::HashSet<&str> = attributes
        .iter()
        .filter_map(|(n, _)| n.split_once(':').map(|(p, _)| p))
        .filter(|p| *p != "xmlns")
        .collect();
    attributes
        .iter()
        .map(|(name, _)| name.as_str())
        .find(|name| {
            name.strip_prefix("xmlns:")
                .is_some_and(|p| !used.contains(p))
        })
}

/// What is said of an unused declaration (see [`unused_declaration`]).
pub(crate) fn unused_declaration_message(name: &str) -> String {
    format!("`{name}` declares a prefix no attribute of the link uses")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_defaults_to_one() {
        let mut link = Link::new("/x");
        assert_eq!(link.revision(), Some(1));
        link.attributes.push(("revision".into(), "2".into()));
        assert_eq!(link.revision(), Some(2));
        link.attributes[0].1 = "two".into();
        assert_eq!(link.revision(), None);
    }

    #[cfg(feature = "url")]
    #[test]
    fn resolve_against_a_base() {
        let base = url::Url::parse("https://fe1.contoso.com:443/ucwa/oauth/v1/applications/103/me")
            .unwrap();
        let resolve = |href: &str| Link::new(href).resolve(&base).map(String::from);
        // The forms the samples use: absolute paths, absolute URLs (discovery, another
        // pool), a path relative to the document, a query, and inline data.
        assert_eq!(
            resolve("/ucwa/oauth/v1/applications/103/me/presence").unwrap(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/103/me/presence"
        );
        assert_eq!(
            resolve("https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com").unwrap(),
            "https://lyncdiscover.contoso.com/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.com"
        );
        assert_eq!(
            resolve("me/note").unwrap(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/103/me/note"
        );
        assert_eq!(
            resolve("/ucwa/oauth/v1/applications/103/events?ack=1&timeout=180").unwrap(),
            "https://fe1.contoso.com/ucwa/oauth/v1/applications/103/events?ack=1&timeout=180"
        );
        let data = "data:text/plain;charset=utf-8,Hello%20world";
        let resolved = Link::new(data).resolve(&base).unwrap();
        assert_eq!(resolved.scheme(), "data");
        assert_eq!(resolved.as_str(), data);
        let text = crate::DataUri::parse(resolved.as_str())
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(text, "Hello world");
        // Not a URL reference at all: the error says so rather than a wrong URL.
        assert_eq!(
            resolve("http://[::1").unwrap_err(),
            url::ParseError::InvalidIpv6Address
        );
    }

    #[test]
    fn push_turns_one_into_many() {
        let mut set = OneOrMany::One(1);
        set.push(2);
        assert_eq!(set, OneOrMany::Many(vec![1, 2]));
        assert_eq!(set.first(), Some(&1));
    }
}
