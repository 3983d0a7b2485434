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
use ucwa_codec::{Document, Result, Untyped};

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

/// Reads the children of the current element, each of which must be `<child>`.
fn children(
    r: &mut Reader<'_>,
    child: &str,
    mut each: impl FnMut(&mut Reader<'_>, bool) -> Result<()>,
) -> Result<()> {
    while let Some(element) = r.next_element()? {
        if element.local_name() != child {
            return Err(r.data_error(format!(
                "expected <{child}>, found <{}>",
                element.local_name()
            )));
        }
        let nil = r.is_nil(&element)?;
        each(r, nil)?;
    }
    Ok(())
}

/// Reads a document whose root holds at most one wrapper element, whose children are
/// each `<child>`: `[root, wrapper, child]`.
fn wrapped_children(
    r: &mut Reader<'_>,
    [root, wrapper, child]: [&str; 3],
    mut each: impl FnMut(&mut Reader<'_>, bool) -> Result<()>,
) -> Result<()> {
    r.root_named(root)?;
    let mut seen = false;
    while let Some(element) = r.next_element()? {
        if element.local_name() != wrapper || seen {
            return Err(r.data_error(format!("unexpected <{}> in <{root}>", element.local_name())));
        }
        seen = true;
        children(r, child, &mut each)?;
    }
    Ok(())
}

impl FromXml for OptionsMetadata {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        let mut metadata = Vec::new();
        wrapped_children(
            r,
            ["optionsMetadata", "metadata", "httpMethodMetadata"],
            |r, _| {
                let mut entry = HttpMethodMetadata::default();
                while let Some(field) = r.next_element()? {
                    match field.local_name() {
                        "httpMethod" => entry.http_method = r.read_text()?.into_owned(),
                        "parameters" => children(r, "parameter", |r, _| {
                            let mut p = ParameterMetadata::default();
                            while let Some(field) = r.next_element()? {
                                match field.local_name() {
                                    "name" => p.name = r.read_text()?.into_owned(),
                                    "supportedValues" => children(r, "value", |r, _| {
                                        p.supported_values.push(r.read_text()?.into_owned());
                                        Ok(())
                                    })?,
                                    other => {
                                        return Err(r.data_error(format!(
                                            "unexpected <{other}> in <parameter>"
                                        )));
                                    }
                                }
                            }
                            entry.parameters.push(p);
                            Ok(())
                        })?,
                        other => {
                            return Err(r.data_error(format!(
                                "unexpected <{other}> in <httpMethodMetadata>"
                            )));
                        }
                    }
                }
                metadata.push(entry);
                Ok(())
            },
        )?;
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
        let mut operations = Vec::new();
        wrapped_children(
            r,
            ["operationsQueued", "operations", "operation"],
            |r, nil| {
                if nil {
                    r.skip()?;
                    operations.push(None);
                } else {
                    operations.push(Some(r.read_text()?.into_owned()));
                }
                Ok(())
            },
        )?;
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
