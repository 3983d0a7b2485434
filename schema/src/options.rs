//! The two documented bodies that are not `<resource>` or `<input>` documents, with
//! hand-written codecs: [`OptionsMetadata`] (the answer to `OPTIONS`) and
//! [`OperationsQueued`] (the answer to `POST` on `makeMeAvailable` revision 2).
//!
//! Their XML roots carry no UCWA namespace: `<optionsMetadata>` and `<operationsQueued>`.
//! Unknown members are refused (these shapes have no catch-all).

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use ucwa_codec::authoring::xml::{Reader, Writer};
use ucwa_codec::xml::{FromXml, ToXml, XSI_NS};
use ucwa_codec::{Document, Error, Result, Untyped};

const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// What a resource accepts, as `OPTIONS` returns it (documented on `applications_ref.md`
/// and `anonApplications_ref.md`): one entry per HTTP method.
///
/// ```
/// use ucwa_schema::OptionsMetadata;
/// let json = r#"{"metadata":[{"httpMethod":"POST","parameters":[{"name":"culture","supportedValues":["en-US"]}]}]}"#;
/// let options: OptionsMetadata = ucwa_codec::json::from_str(json).unwrap();
/// assert_eq!(options.metadata[0].parameters[0].supported_values, ["en-US"]);
/// let xml = ucwa_codec::xml::to_string(&options).unwrap();
/// assert_eq!(ucwa_codec::xml::from_str::<OptionsMetadata>(&xml).unwrap(), options);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionsMetadata {
    /// The methods (JSON `metadata`, XML `<metadata>` of `<httpMethodMetadata>`).
    pub metadata: Vec<HttpMethodMetadata>,
}

/// One method in an [`OptionsMetadata`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpMethodMetadata {
    /// The HTTP method (`httpMethod`).
    pub http_method: String,
    /// The parameters the method takes (`parameters`, XML `<parameter>` elements).
    pub parameters: Vec<ParameterMetadata>,
}

/// One parameter of an [`HttpMethodMetadata`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParameterMetadata {
    /// The parameter's name.
    pub name: String,
    /// The values the server accepts for it (`supportedValues`, XML `<value>` elements).
    pub supported_values: Vec<String>,
}

/// The answer to `POST` on `makeMeAvailable` (revision 2): which of the queued operations
/// were taken. The reference shows only empty (`null`) entries; an entry with text keeps it.
///
/// ```
/// use ucwa_schema::OperationsQueued;
/// let queued: OperationsQueued = ucwa_codec::json::from_str(r#"{"operations":[null]}"#).unwrap();
/// assert_eq!(queued.operations, [None]);
/// let xml = ucwa_codec::xml::to_string(&queued).unwrap();
/// assert!(xml.contains(r#"<operation xsi:nil="true" />"#));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationsQueued {
    /// One entry per operation (`null` / `xsi:nil` when the server gives no detail).
    pub operations: Vec<Option<String>>,
}

// ---------------------------------------------------------------- JSON

fn take<E: de::Error>(map: &mut Map<String, Value>, key: &str) -> Result<Value, E> {
    map.remove(key)
        .ok_or_else(|| E::custom(format_args!("missing member `{key}`")))
}

fn object<E: de::Error>(value: Value, what: &str) -> Result<Map<String, Value>, E> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(E::custom(format_args!("{what} must be an object"))),
    }
}

fn array<E: de::Error>(value: Value, what: &str) -> Result<Vec<Value>, E> {
    match value {
        Value::Array(items) => Ok(items),
        _ => Err(E::custom(format_args!("{what} must be an array"))),
    }
}

fn string<E: de::Error>(value: Value, what: &str) -> Result<String, E> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(E::custom(format_args!("{what} must be a string"))),
    }
}

fn no_more<E: de::Error>(map: Map<String, Value>, what: &str) -> Result<(), E> {
    match map.keys().next() {
        Some(key) => Err(E::custom(format_args!("unknown member `{key}` in {what}"))),
        None => Ok(()),
    }
}

impl<'de> Deserialize<'de> for OptionsMetadata {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut root = object(Value::deserialize(d)?, "optionsMetadata")?;
        let mut metadata = Vec::new();
        for item in array(take(&mut root, "metadata")?, "metadata")? {
            let mut m = object(item, "a metadata entry")?;
            let http_method = string(take(&mut m, "httpMethod")?, "httpMethod")?;
            let mut parameters = Vec::new();
            for p in array(take(&mut m, "parameters")?, "parameters")? {
                let mut p = object(p, "a parameter")?;
                let name = string(take(&mut p, "name")?, "name")?;
                let supported_values = array(take(&mut p, "supportedValues")?, "supportedValues")?
                    .into_iter()
                    .map(|v| string(v, "a supported value"))
                    .collect::<Result<_, _>>()?;
                no_more(p, "a parameter")?;
                parameters.push(ParameterMetadata {
                    name,
                    supported_values,
                });
            }
            no_more(m, "a metadata entry")?;
            metadata.push(HttpMethodMetadata {
                http_method,
                parameters,
            });
        }
        no_more(root, "optionsMetadata")?;
        Ok(OptionsMetadata { metadata })
    }
}

/// `Serialize` as a JSON object of the listed fields, in order.
macro_rules! serialize_object {
    ($($ty:ty { $($key:literal: $field:ident),* })*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some([$($key),*].len()))?;
                $(map.serialize_entry($key, &self.$field)?;)*
                map.end()
            }
        }
    )*};
}

serialize_object! {
    OptionsMetadata { "metadata": metadata }
    HttpMethodMetadata { "httpMethod": http_method, "parameters": parameters }
    ParameterMetadata { "name": name, "supportedValues": supported_values }
    OperationsQueued { "operations": operations }
}

impl<'de> Deserialize<'de> for OperationsQueued {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut root = object(Value::deserialize(d)?, "operationsQueued")?;
        let operations = array(take(&mut root, "operations")?, "operations")?
            .into_iter()
            .map(|v| match v {
                Value::Null => Ok(None),
                other => string(other, "an operation").map(Some),
            })
            .collect::<Result<_, _>>()?;
        no_more(root, "operationsQueued")?;
        Ok(OperationsQueued { operations })
    }
}

// ---------------------------------------------------------------- XML

/// Reads the children of the current element, each of which must be `<child>`, with
/// `each` (told whether the child is nil).
fn children<T>(
    r: &mut Reader<'_>,
    child: &str,
    mut each: impl FnMut(&mut Reader<'_>, bool) -> Result<T>,
) -> Result<Vec<T>> {
    let mut items = Vec::new();
    while let Some(element) = r.next_element()? {
        if element.local_name() != child {
            return Err(r.data_error(format!(
                "expected <{child}>, found <{}>",
                element.local_name()
            )));
        }
        let nil = r.is_nil(&element)?;
        items.push(each(r, nil)?);
    }
    Ok(items)
}

/// Reads a document whose root holds at most one wrapper element, whose children are
/// each `<child>`: `[root, wrapper, child]`.
fn wrapped_children<T>(
    r: &mut Reader<'_>,
    [root, wrapper, child]: [&str; 3],
    mut each: impl FnMut(&mut Reader<'_>, bool) -> Result<T>,
) -> Result<Vec<T>> {
    r.root_named(root)?;
    let mut items = None;
    while let Some(element) = r.next_element()? {
        if element.local_name() != wrapper || items.is_some() {
            return Err(unexpected(r, element.local_name(), root));
        }
        items = Some(children(r, child, &mut each)?);
    }
    Ok(items.unwrap_or_default())
}

/// The text of an element, as a field of OPTIONS metadata holds it.
fn text(r: &mut Reader<'_>, _nil: bool) -> Result<String> {
    Ok(r.read_text()?.into_owned())
}

fn unexpected(r: &Reader<'_>, name: &str, parent: &str) -> Error {
    r.data_error(format!("unexpected <{name}> in <{parent}>"))
}

/// Reads the fields of an `<httpMethodMetadata>`.
fn http_method_metadata(r: &mut Reader<'_>, _nil: bool) -> Result<HttpMethodMetadata> {
    let mut entry = HttpMethodMetadata::default();
    while let Some(field) = r.next_element()? {
        match field.local_name() {
            "httpMethod" => entry.http_method = text(r, false)?,
            "parameters" => entry
                .parameters
                .extend(children(r, "parameter", parameter)?),
            other => return Err(unexpected(r, other, "httpMethodMetadata")),
        }
    }
    Ok(entry)
}

/// Reads the fields of a `<parameter>`.
fn parameter(r: &mut Reader<'_>, _nil: bool) -> Result<ParameterMetadata> {
    let mut p = ParameterMetadata::default();
    while let Some(field) = r.next_element()? {
        match field.local_name() {
            "name" => p.name = text(r, false)?,
            "supportedValues" => p.supported_values.extend(children(r, "value", text)?),
            other => return Err(unexpected(r, other, "parameter")),
        }
    }
    Ok(p)
}

impl FromXml for OptionsMetadata {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        let names = ["optionsMetadata", "metadata", "httpMethodMetadata"];
        let metadata = wrapped_children(r, names, http_method_metadata)?;
        Ok(OptionsMetadata { metadata })
    }
}

fn start_plain_root(w: &mut Writer, name: &str) {
    w.start(name, [("xmlns:xsd", XSD_NS), ("xmlns:xsi", XSI_NS)]);
}

impl ToXml for OptionsMetadata {
    fn to_xml(&self, w: &mut Writer) {
        start_plain_root(w, "optionsMetadata");
        w.start("metadata", None::<(&str, &str)>);
        for entry in &self.metadata {
            w.start("httpMethodMetadata", None::<(&str, &str)>);
            w.text_element("httpMethod", None::<(&str, &str)>, &entry.http_method);
            w.start("parameters", None::<(&str, &str)>);
            for p in &entry.parameters {
                w.start("parameter", None::<(&str, &str)>);
                w.text_element("name", None::<(&str, &str)>, &p.name);
                w.start("supportedValues", None::<(&str, &str)>);
                for v in &p.supported_values {
                    w.text_element("value", None::<(&str, &str)>, v);
                }
                w.end("supportedValues");
                w.end("parameter");
            }
            w.end("parameters");
            w.end("httpMethodMetadata");
        }
        w.end("metadata");
        w.end("optionsMetadata");
    }
}

impl FromXml for OperationsQueued {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        let names = ["operationsQueued", "operations", "operation"];
        let operations = wrapped_children(r, names, |r, nil| match nil {
            true => r.skip().map(|()| None),
            false => text(r, nil).map(Some),
        })?;
        Ok(OperationsQueued { operations })
    }
}

impl ToXml for OperationsQueued {
    fn to_xml(&self, w: &mut Writer) {
        start_plain_root(w, "operationsQueued");
        w.start("operations", None::<(&str, &str)>);
        for op in &self.operations {
            match op {
                None => w.empty("operation", [("xsi:nil", "true")]),
                Some(text) => w.text_element("operation", None::<(&str, &str)>, text),
            }
        }
        w.end("operations");
        w.end("operationsQueued");
    }
}

impl Document for OptionsMetadata {
    fn collect_untyped(&self, _path: &str, _out: &mut Vec<Untyped>) {}
}

impl Document for OperationsQueued {
    fn collect_untyped(&self, _path: &str, _out: &mut Vec<Untyped>) {}
}

#[cfg(test)]
mod tests {
    use super::{OperationsQueued, OptionsMetadata};
    use ucwa_codec::xml;

    #[test]
    fn a_root_holds_one_wrapper_even_an_empty_one() {
        let twice = "<operationsQueued><operations/><operations/></operationsQueued>";
        let e = xml::from_str::<OperationsQueued>(twice).unwrap_err();
        assert!(
            e.to_string()
                .contains("unexpected <operations> in <operationsQueued>"),
            "{e}"
        );
        let none = xml::from_str::<OperationsQueued>("<operationsQueued/>").unwrap();
        assert!(none.operations.is_empty());
    }

    #[test]
    fn nil_operations_read_as_none_in_their_place() {
        let input = concat!(
            r#"<operationsQueued xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            r#"<operations><operation>a</operation><operation xsi:nil="true"/>"#,
            "<operation>b</operation></operations></operationsQueued>",
        );
        let queued = xml::from_str::<OperationsQueued>(input).unwrap();
        let expected = [Some("a".to_owned()), None, Some("b".to_owned())];
        assert_eq!(queued.operations, expected);
    }

    #[test]
    fn metadata_children_are_checked_by_name() {
        let wrap = |inner: &str| {
            format!(
                "<optionsMetadata><metadata><httpMethodMetadata>{inner}</httpMethodMetadata></metadata></optionsMetadata>"
            )
        };
        let e = xml::from_str::<OptionsMetadata>(&wrap("<verb>GET</verb>")).unwrap_err();
        assert!(
            e.to_string()
                .contains("unexpected <verb> in <httpMethodMetadata>"),
            "{e}"
        );
        let bad = wrap("<parameters><parameter><kind/></parameter></parameters>");
        let e = xml::from_str::<OptionsMetadata>(&bad).unwrap_err();
        assert!(
            e.to_string().contains("unexpected <kind> in <parameter>"),
            "{e}"
        );
        let bad = wrap("<parameters><param/></parameters>");
        let e = xml::from_str::<OptionsMetadata>(&bad).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected <parameter>, found <param>"),
            "{e}"
        );
    }

    #[test]
    fn repeated_lists_add_to_what_was_read() {
        let input = concat!(
            "<optionsMetadata><metadata><httpMethodMetadata><httpMethod>POST</httpMethod>",
            "<parameters><parameter><name>a</name><supportedValues><value>1</value>",
            "</supportedValues><supportedValues><value>2</value></supportedValues>",
            "</parameter></parameters><parameters><parameter><name>b</name></parameter>",
            "</parameters></httpMethodMetadata></metadata></optionsMetadata>",
        );
        let metadata = xml::from_str::<OptionsMetadata>(input).unwrap();
        let entry = &metadata.metadata[0];
        assert_eq!(entry.http_method, "POST");
        let names: Vec<_> = entry.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(entry.parameters[0].supported_values, ["1", "2"]);
    }
}
