//! The XML form of the error body (`<reason>`; see the parent module).

use super::ErrorBody;
use super::ErrorCode;
use super::body::{null_bit, optional_field};
use crate::bag::PropertyBag;
use ucwa_codec::authoring::xml::{self, Reader, Writer};
use ucwa_codec::xml::{FromXml, ToXml};
use ucwa_codec::{Link, Result, StringEnum, Value};

impl ErrorBody {
    /// Decodes the children of a `<reason>` element whose start tag has been read
    /// (the root of an error document, or the reason of an event).
    pub fn decode_xml_body(r: &mut Reader<'_>) -> Result<Self> {
        let mut code: Option<ErrorCode> = None;
        let mut body = ErrorBody::new(ErrorCode::Other(String::new()));
        while let Some(element) = r.next_element()? {
            let name = element.local_name();
            let duplicate = |r: &Reader<'_>| r.data_error(format!("duplicate <{name}>"));
            if let Some(field) = optional_field(name) {
                if body.is_given(field) {
                    return Err(duplicate(r));
                }
                // A link's attributes are its own; any other field carries none.
                let nil = if field == "link" {
                    r.is_nil(&element)?
                } else {
                    r.value_attributes(&element, false)?.1
                };
                if nil {
                    r.read_nil().map_err(|e| e.in_segment(field))?;
                    body.nulls |= null_bit(field);
                    continue;
                }
            }
            match name {
                "code" => {
                    if code.is_some() {
                        return Err(duplicate(r));
                    }
                    if r.value_attributes(&element, false)?.1 {
                        return Err(r.data_error("<code> must not be null").in_segment("code"));
                    }
                    code = Some(enum_text(r)?);
                }
                "subcode" => body.subcode = Some(enum_text(r)?),
                "message" => body.message = Some(r.read_text()?.into_owned()),
                "link" => body.link = Some(xml_link(r, &element)?),
                "debugInfo" | "parameters" => {
                    let slot = if name == "debugInfo" {
                        &mut body.debug_info
                    } else {
                        &mut body.parameters
                    };
                    let segment = name.to_owned();
                    *slot = Some(PropertyBag::decode_xml(r).map_err(|e| e.in_segment(&segment))?);
                }
                "property" | "propertyList" | "propertyBag" => {
                    body.extra.decode_xml_entry(r, element)?;
                }
                "resource" => {
                    return Err(r.data_error(
                        "a <resource> has no place in an error body \
                         (its links and members could not be written back)",
                    ));
                }
                other => {
                    // An unknown field in the body's own style: text (or nil) only.
                    let other = other.to_owned();
                    let (_, nil) = r.value_attributes(&element, false)?;
                    let value = if nil {
                        r.read_nil().map_err(|e| e.in_segment(&other))?;
                        Value::Null
                    } else {
                        let text = r.read_text().map_err(|e| e.in_segment(&other))?;
                        Value::from_xml_text(&text)
                    };
                    body.extra.push(other, value);
                }
            }
        }
        body.code = code.ok_or_else(|| r.data_error("error body without a <code>"))?;
        Ok(body)
    }

    /// Writes the body as a `<reason>` element; `root` adds the UCWA namespace.
    pub fn encode_xml_element(&self, w: &mut Writer, root: bool) {
        if root {
            w.start_root("reason");
        } else {
            w.start("reason", None::<(&str, &str)>);
        }
        w.text_element("code", None::<(&str, &str)>, self.code.as_str());
        let null = |w: &mut Writer, field: &str| {
            w.empty(
                field,
                [("xsi:nil", "true"), ("xmlns:xsi", ucwa_codec::xml::XSI_NS)],
            );
        };
        match &self.subcode {
            Some(subcode) => w.text_element("subcode", None::<(&str, &str)>, subcode.as_str()),
            None if self.is_null("subcode") => null(w, "subcode"),
            None => {}
        }
        match &self.message {
            Some(message) => w.text_element("message", None::<(&str, &str)>, message),
            None if self.is_null("message") => null(w, "message"),
            None => {}
        }
        match &self.link {
            Some(link) => w.link_element("link", None, link, true),
            None if self.is_null("link") => null(w, "link"),
            None => {}
        }
        for (field, bag) in [
            ("debugInfo", &self.debug_info),
            ("parameters", &self.parameters),
        ] {
            match bag {
                Some(bag) => bag.encode_xml_element(w, field, None::<(&str, &str)>),
                None if self.is_null(field) => null(w, field),
                None => {}
            }
        }
        self.extra.encode_xml_entries(w);
        w.end("reason");
    }
}

/// Reads the text of an element as a string enumeration, by the rule derived ones follow.
fn enum_text<T: ucwa_codec::Scalar>(r: &mut Reader<'_>) -> Result<T> {
    // The text as it stands, like every string enum's (JSON does not trim either, so a
    // code read from either format crosses to the other unchanged).
    let text = r.read_text()?;
    T::from_xml_text(&text).map_err(|e| r.data_error(e))
}

/// Reads a link element's attributes (`href` required) and checks it is empty.
fn xml_link(r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<Link> {
    let mut attributes = r.link_attributes(element)?;
    if let Some(rel) = attributes.rel.take() {
        // An error body's link has no relationship of its own: a `rel` is one more
        // attribute, kept as such (JSON has no other place for it).
        attributes
            .attributes
            .insert(0, ("rel".to_owned(), rel.into_owned()));
    }
    let Ok(Some(link)) = attributes.into_link() else {
        return Err(r.data_error(format!("<{}> without an `href`", element.local_name())));
    };
    r.expect_empty("a link")?;
    Ok(link)
}

impl FromXml for ErrorBody {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        r.root_named("reason")?;
        ErrorBody::decode_xml_body(r).map_err(|e| e.in_segment("reason"))
    }
}

impl ToXml for ErrorBody {
    fn to_xml(&self, w: &mut Writer) {
        self.encode_xml_element(w, true);
    }
}
