//! UCWA errors: the error body ([`ErrorBody`], JSON object or XML `<reason>`), its codes
//! and subcodes, the error a client gets from a failed request ([`ApiError`]) with what
//! to do about it ([`NextStep`]), and the synchronous errors each resource documents.
//!
//! ```
//! use ucwa_schema::errors::{ApiError, NextStep};
//! use ucwa_schema::{ErrorCode, ErrorSubcode};
//!
//! let body = br#"{"code":"Conflict","subcode":"MakeMeAvailableRequired",
//!                 "message":"Call makeMeAvailable first."}"#;
//! let error = ApiError::from_response(409, Some("application/json"), body);
//! assert_eq!(error.code(), Some(&ErrorCode::Conflict));
//! assert_eq!(error.subcode(), Some(&ErrorSubcode::MakeMeAvailableRequired));
//! assert_eq!(error.next_step(), NextStep::MakeMeAvailable);
//! assert!(!error.is_retryable());
//! ```
//!
//! # XML form
//!
//! An error body is a `<reason>` element in the UCWA namespace whose fields are child
//! elements: `<code>`, `<subcode>`, `<message>` (text), `<link href title …/>` (the
//! link's attributes, as for any UCWA link), and the property bags `<debugInfo>` and
//! `<parameters>` (entries as `<property name>` children, see [`PropertyBag`]). Members
//! no field describes are written as `<property name>`-style children of `<reason>`;
//! an unknown element holding only text is read as such a member. A field given as
//! JSON `null` is written `xsi:nil="true"` (`<subcode xsi:nil="true"/>`) and read back
//! as `null`. What JSON could not carry is refused, not dropped: an attribute on a field
//! (`xml:lang` on `<message>` too; namespace declarations and `xsi:nil` aside), a
//! `<resource>` inside the body. Inside an event the same element appears as the
//! event's `<reason>` child.

use crate::bag::PropertyBag;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use ucwa_codec::json::Key;
use ucwa_codec::xml::{self, FromXml, Reader, ToXml, Writer};
use ucwa_codec::{Document, Format, Link, Result, StringEnum, Untyped, UntypedKind, Value};

pub use crate::enums::{ErrorCode, ErrorSubcode};

/// An HTTP method of a UCWA operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

/// A synchronous error the reference documents for an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// The operation's method.
    pub method: Method,
    /// The HTTP status.
    pub status: u16,
    /// The error body's `code`.
    pub code: ErrorCode,
    /// The error body's `subcode`.
    pub subcode: ErrorSubcode,
}

impl DocumentedError {
    /// Builds a table entry.
    pub const fn new(method: Method, status: u16, code: ErrorCode, subcode: ErrorSubcode) -> Self {
        DocumentedError {
            method,
            status,
            code,
            subcode,
        }
    }
}

impl Method {
    /// The method as HTTP spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl DocumentedError {
    /// Whether an error a client received is this documented one (same status, code and
    /// subcode).
    pub fn matches(&self, error: &ApiError) -> bool {
        error.status == self.status
            && error.code() == Some(&self.code)
            && error.subcode() == Some(&self.subcode)
    }

    /// An error body with this entry's code and subcode (for tests and mock servers).
    pub fn body(&self) -> ErrorBody {
        ErrorBody::new(self.code.clone()).with_subcode(self.subcode.clone())
    }
}

/// The synchronous errors the reference documents for `method` on the resource `rel`
/// (empty for a resource this crate does not describe). Errors that any resource may
/// return (such as `ApplicationNotFound`) are not repeated per resource.
///
/// ```
/// use ucwa_schema::errors::documented;
/// use ucwa_schema::{ErrorSubcode, Method};
/// assert!(documented("presence", Method::Post)
///     .any(|e| e.status == 409 && e.subcode == ErrorSubcode::MakeMeAvailableRequired));
/// assert!(documented("note", Method::Get).any(|e| e.status == 410));
/// assert_eq!(documented("no-such-resource", Method::Get).count(), 0);
/// ```
pub fn documented(rel: &str, method: Method) -> impl Iterator<Item = &'static DocumentedError> {
    documented_for(rel)
        .iter()
        .filter(move |e| e.method == method)
}

/// Every synchronous error the reference documents for the resource `rel`, all methods.
///
/// The table is each resource type's `ERRORS` constant, looked up by rel.
pub fn documented_for(rel: &str) -> &'static [DocumentedError] {
    crate::any::documented_errors(rel)
}

/// A UCWA error body: what the server says went wrong (the body of a 4xx/5xx
/// response, or the `reason` of an event).
///
/// Only `code` is required; everything else is optional, and members this type does
/// not know are kept in [`extra`](ErrorBody::extra) so nothing is lost when decoding then
/// encoding, in either format.
///
/// ```
/// use ucwa_schema::errors::ErrorBody;
/// use ucwa_schema::{ErrorCode, ErrorSubcode};
///
/// let xml = r#"<reason xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">
///   <code>Conflict</code><subcode>AlreadyExists</subcode>
///   <debugInfo><property name="errorReportId">42</property></debugInfo>
/// </reason>"#;
/// let body: ErrorBody = ucwa_codec::xml::from_str(xml).unwrap();
/// assert_eq!(body.code, ErrorCode::Conflict);
/// assert_eq!(body.subcode, Some(ErrorSubcode::AlreadyExists));
///
/// let json = ucwa_codec::json::to_string(&body).unwrap();
/// assert_eq!(json, r#"{"code":"Conflict","subcode":"AlreadyExists","debugInfo":{"errorReportId":42}}"#);
/// assert_eq!(ucwa_codec::json::from_str::<ErrorBody>(&json).unwrap(), body);
/// ```
#[derive(Clone)]
pub struct ErrorBody {
    /// The class of failure.
    pub code: ErrorCode,
    /// What exactly failed.
    pub subcode: Option<ErrorSubcode>,
    /// A description for the user, in the application's locale.
    pub message: Option<String>,
    /// Where to learn more about the error.
    pub link: Option<Link>,
    /// For a 400: the request's invalid parameters.
    pub parameters: Option<PropertyBag>,
    /// Troubleshooting details; their contents may change at any time (log them).
    pub debug_info: Option<PropertyBag>,
    /// Members this type has no field for, in order.
    pub extra: PropertyBag,
    /// JSON gave `link` as a bare string (the href) rather than an object.
    link_as_text: bool,
    /// Optional fields given as `null` (the field is `None`), written back so: one bit
    /// per entry of `OPTIONAL_FIELDS` (small, so that `ErrorBody` stays small).
    nulls: u8,
}

/// The optional fields of an error body, by their wire name.
const OPTIONAL_FIELDS: [&str; 5] = ["subcode", "message", "link", "debugInfo", "parameters"];

/// The wire name of an optional field, as a constant.
fn optional_field(name: &str) -> Option<&'static str> {
    OPTIONAL_FIELDS.iter().copied().find(|f| *f == name)
}

/// The bit of an optional field in `ErrorBody::nulls` (0 for any other name).
fn null_bit(name: &str) -> u8 {
    OPTIONAL_FIELDS
        .iter()
        .position(|f| *f == name)
        .map_or(0, |i| 1 << i)
}

/// The fields, the private notes only when there are any.
impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("ErrorBody");
        s.field("code", &self.code)
            .field("subcode", &self.subcode)
            .field("message", &self.message)
            .field("link", &self.link)
            .field("parameters", &self.parameters)
            .field("debug_info", &self.debug_info)
            .field("extra", &self.extra)
            .field("link_as_text", &self.link_as_text);
        if self.nulls != 0 {
            let names: Vec<&str> = OPTIONAL_FIELDS
                .into_iter()
                .filter(|f| self.is_null(f))
                .collect();
            s.field("nulls", &names);
        }
        s.finish()
    }
}

/// Equality ignores how JSON spelled the link (a string or an object): XML cannot tell.
impl PartialEq for ErrorBody {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.subcode == other.subcode
            && self.message == other.message
            && self.link == other.link
            && self.parameters == other.parameters
            && self.debug_info == other.debug_info
            && self.extra == other.extra
            && self.nulls == other.nulls
    }
}

impl ErrorBody {
    /// A body with just a code.
    pub fn new(code: ErrorCode) -> Self {
        ErrorBody {
            code,
            subcode: None,
            message: None,
            link: None,
            parameters: None,
            debug_info: None,
            extra: PropertyBag::default(),
            link_as_text: false,
            nulls: 0,
        }
    }

    /// Whether the optional field `name` (its wire name) was given as `null`.
    pub fn is_null(&self, name: &str) -> bool {
        self.nulls & null_bit(name) != 0
    }

    /// Whether the optional field `name` has a value or was given as `null`.
    fn is_given(&self, name: &str) -> bool {
        let value = match name {
            "subcode" => self.subcode.is_some(),
            "message" => self.message.is_some(),
            "link" => self.link.is_some(),
            "debugInfo" => self.debug_info.is_some(),
            "parameters" => self.parameters.is_some(),
            _ => false,
        };
        value || self.is_null(name)
    }

    /// Sets the subcode.
    pub fn with_subcode(mut self, subcode: ErrorSubcode) -> Self {
        self.subcode = Some(subcode);
        self
    }

    /// Sets the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

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
                    decode_bag_entry(r, element, &mut body.extra)?;
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
            w.empty(field, [("xsi:nil", "true"), ("xmlns:xsi", xml::XSI_NS)]);
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

    /// Reports the unknown code, subcode and members.
    pub fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        if !self.code.is_known() {
            out.push(Untyped::new(
                &format!("{path}/code"),
                UntypedKind::EnumValue,
                self.code.as_str(),
            ));
        }
        if let Some(subcode) = self.subcode.as_ref().filter(|s| !s.is_known()) {
            out.push(Untyped::new(
                &format!("{path}/subcode"),
                UntypedKind::EnumValue,
                subcode.as_str(),
            ));
        }
        for name in self.extra.names() {
            out.push(Untyped::new(path, UntypedKind::Property, name));
        }
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
pub(crate) fn xml_link(r: &mut Reader<'_>, element: &xml::Element<'_>) -> Result<Link> {
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

/// Reads a `<property>`, `<propertyList>` or `<propertyBag>` child into a bag.
pub(crate) fn decode_bag_entry(
    r: &mut Reader<'_>,
    element: xml::Element<'_>,
    bag: &mut PropertyBag,
) -> Result<()> {
    let prop = r.property_start(&element)?;
    let value = <Value as ucwa_codec::Property>::decode_xml(r, &prop)
        .map_err(|e| e.in_segment(&prop.name))?;
    bag.entries.push((prop.name.into_owned(), value.into()));
    Ok(())
}

impl FromXml for ErrorBody {
    fn from_xml(r: &mut Reader<'_>) -> Result<Self> {
        let root = r.root()?;
        if root.local_name() != "reason" {
            return Err(r.data_error(format!(
                "expected a <reason> root element (an error body), found <{}>",
                root.local_name()
            )));
        }
        ErrorBody::decode_xml_body(r).map_err(|e| e.in_segment("reason"))
    }
}

impl ToXml for ErrorBody {
    fn to_xml(&self, w: &mut Writer) {
        self.encode_xml_element(w, true);
    }
}

impl Serialize for ErrorBody {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", &self.code)?;
        if let Some(subcode) = &self.subcode {
            map.serialize_entry("subcode", subcode)?;
        } else if self.is_null("subcode") {
            map.serialize_entry("subcode", &())?;
        }
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        } else if self.is_null("message") {
            map.serialize_entry("message", &())?;
        }
        if let Some(link) = &self.link {
            if self.link_as_text && link.title.is_none() && link.attributes.is_empty() {
                map.serialize_entry("link", &link.href)?;
            } else {
                map.serialize_entry("link", link)?;
            }
        } else if self.is_null("link") {
            map.serialize_entry("link", &())?;
        }
        for (field, bag) in [
            ("debugInfo", &self.debug_info),
            ("parameters", &self.parameters),
        ] {
            if let Some(bag) = bag {
                map.serialize_entry(field, bag)?;
            } else if self.is_null(field) {
                map.serialize_entry(field, &())?;
            }
        }
        self.extra.serialize_entries(&mut map)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ErrorBodyVisitor)
    }
}

struct ErrorBodyVisitor;

impl<'de> Visitor<'de> for ErrorBodyVisitor {
    type Value = ErrorBody;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a UCWA error body (an object with a `code`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBody, A::Error> {
        use ucwa_codec::json::{next_value, path};
        let mut code: Option<ErrorCode> = None;
        let mut body = ErrorBody::new(ErrorCode::Other(String::new()));
        let duplicate = |name: &str| {
            path::push(name);
            de::Error::custom(format_args!("duplicate member `{name}`"))
        };
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if let Some(field) = optional_field(key.as_str()) {
                if body.is_given(field) {
                    return Err(duplicate(field));
                }
                let given = match field {
                    "subcode" => {
                        body.subcode = next_value(&mut map, field)?;
                        body.subcode.is_some()
                    }
                    "message" => {
                        body.message = next_value(&mut map, field)?;
                        body.message.is_some()
                    }
                    "link" => {
                        match next_value::<_, Option<LinkForm>>(&mut map, field)? {
                            Some(LinkForm::Text(href)) => {
                                body.link = Some(Link::new(href));
                                body.link_as_text = true;
                            }
                            Some(LinkForm::Object(link)) => body.link = Some(link),
                            None => {}
                        }
                        body.link.is_some()
                    }
                    "debugInfo" => {
                        body.debug_info = next_value(&mut map, field)?;
                        body.debug_info.is_some()
                    }
                    _ => {
                        body.parameters = next_value(&mut map, field)?;
                        body.parameters.is_some()
                    }
                };
                if !given {
                    body.nulls |= null_bit(field);
                }
                continue;
            }
            match key.as_str() {
                "code" if code.is_none() => code = Some(next_value(&mut map, "code")?),
                "code" => return Err(duplicate("code")),
                name => {
                    let value = next_value(&mut map, name)?;
                    body.extra.entries.push((key.into_owned(), value));
                }
            }
        }
        body.code = code.ok_or_else(|| de::Error::custom("error body without a `code`"))?;
        Ok(body)
    }
}

/// The JSON `link` of an error body: an href string or a link object.
enum LinkForm {
    Text(String),
    Object(Link),
}

impl<'de> Deserialize<'de> for LinkForm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LinkForm;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a link object or an href string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LinkForm, E> {
                Ok(LinkForm::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LinkForm, A::Error> {
                Link::deserialize(de::value::MapAccessDeserializer::new(map)).map(LinkForm::Object)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl Document for ErrorBody {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        ErrorBody::collect_untyped(self, path, out);
    }
}

/// A failed UCWA request: the HTTP status and what the body said.
///
/// Build it from the response with [`ApiError::from_response`]; match on
/// [`code`](ApiError::code) / [`subcode`](ApiError::subcode), or ask
/// [`next_step`](ApiError::next_step) what to do.
///
/// ```
/// use ucwa_schema::errors::{ApiError, ErrorBodyKind, NextStep};
///
/// // A proxy in front of the server answered instead of UCWA.
/// let error = ApiError::from_response(503, Some("text/html"), b"<html>Busy</html>");
/// assert!(matches!(error.body, ErrorBodyKind::Other { .. }));
/// assert_eq!(error.next_step(), NextStep::RetryAfterBackoff);
/// assert_eq!(error.to_string(), "HTTP 503 Service Unavailable (text/html body of 17 bytes, not a UCWA error)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The body: a UCWA error body, or whatever else came back.
    pub body: ErrorBodyKind,
}

/// The body of a failed response.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorBodyKind {
    /// A UCWA error body, in the format it came in.
    Ucwa {
        /// The wire format.
        format: Format,
        /// The decoded body.
        body: ErrorBody,
    },
    /// Not a UCWA error body (an intermediate proxy's page, an empty body, a body that
    /// does not decode), kept as received.
    Other {
        /// The `Content-Type` header, if there was one.
        content_type: Option<String>,
        /// The raw body.
        bytes: Vec<u8>,
    },
}

/// What a client should do about a failed request; see [`ApiError::next_step`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextStep {
    /// Send the same request again later, backing off (honour `Retry-After` when the
    /// response has one): the failure is transient (503, 504, 429, 408, a remote timeout,
    /// a migration or another operation in progress).
    RetryAfterBackoff,
    /// GET the resource again (for its current ETag), then repeat the change with
    /// `If-Match` (412 `PreconditionFailed`, 428 `PreconditionRequired`).
    RefetchThenRetry,
    /// POST `makeMeAvailable` on `me`, then retry (409 `MakeMeAvailableRequired`).
    MakeMeAvailable,
    /// The application is gone (404 `ApplicationNotFound`, `InactiveApplicationExpired`):
    /// POST on `applications` to create a new one, then start over (its caches and
    /// event channel belong to the old one).
    RecreateApplication,
    /// The credentials were refused or expired (401): get a new token, then retry.
    Reauthenticate,
    /// The request itself is wrong (400, 405, 413, 415, an unsupported API version):
    /// repeating it unchanged will fail again. For 400, [`ErrorBody::parameters`] names
    /// the invalid parameters.
    FixRequest,
    /// A newer pending GET replaced this one on the event channel (409 `PGetReplaced`):
    /// nothing to do if the client sent it; otherwise another instance is using this
    /// application.
    Superseded,
    /// Nothing the client can do will make this request succeed (403, 404, 410, most
    /// 409s such as `AlreadyExists` or `TooManyGroups`, 500): report it.
    GiveUp,
}

impl ApiError {
    /// Builds the error from a failed response: its status, `Content-Type` header and body.
    ///
    /// The body is decoded as a UCWA error body when the content type is JSON or XML (or
    /// absent, and the body looks like one); otherwise, or when it does not decode, it is
    /// kept as [`ErrorBodyKind::Other`].
    pub fn from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> ApiError {
        let format = match content_type {
            Some(ct) => Format::from_content_type(ct),
            None => Format::sniff(body),
        };
        let decoded = format.and_then(|format| {
            ucwa_codec::decode::<ErrorBody>(format, body)
                .ok()
                .map(|body| ErrorBodyKind::Ucwa { format, body })
        });
        ApiError {
            status,
            body: decoded.unwrap_or_else(|| ErrorBodyKind::Other {
                content_type: content_type.map(str::to_owned),
                bytes: body.to_vec(),
            }),
        }
    }

    /// An error with a UCWA body (for tests and mock servers).
    pub fn new(status: u16, body: ErrorBody) -> ApiError {
        ApiError {
            status,
            body: ErrorBodyKind::Ucwa {
                format: Format::Json,
                body,
            },
        }
    }

    /// The UCWA error body, when the response had one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match &self.body {
            ErrorBodyKind::Ucwa { body, .. } => Some(body),
            ErrorBodyKind::Other { .. } => None,
        }
    }

    /// The body's `code`.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.error_body().map(|b| &b.code)
    }

    /// The body's `subcode`.
    pub fn subcode(&self) -> Option<&ErrorSubcode> {
        self.error_body().and_then(|b| b.subcode.as_ref())
    }

    /// The body's `message`.
    pub fn message(&self) -> Option<&str> {
        self.error_body().and_then(|b| b.message.as_deref())
    }

    /// Whether sending the same request again, after a delay, may succeed
    /// (the next step is [`NextStep::RetryAfterBackoff`]). A 412 is not retryable as
    /// such: the resource must be fetched again first ([`NextStep::RefetchThenRetry`]).
    pub fn is_retryable(&self) -> bool {
        self.next_step() == NextStep::RetryAfterBackoff
    }

    /// What to do next, from the subcode when it says more than the status, else from
    /// the status. See each [`NextStep`] for the cases.
    pub fn next_step(&self) -> NextStep {
        use ErrorSubcode as S;
        if let Some(subcode) = self.subcode() {
            match subcode {
                S::MakeMeAvailableRequired => return NextStep::MakeMeAvailable,
                S::ApplicationNotFound | S::InactiveApplicationExpired => {
                    return NextStep::RecreateApplication;
                }
                S::PGetReplaced => return NextStep::Superseded,
                S::PreconditionFailed | S::PreconditionRequired => {
                    return NextStep::RefetchThenRetry;
                }
                S::ServiceTimeout
                | S::ExchangeTimeout
                | S::Timeout
                | S::MigrationInProgress
                | S::AnotherOperationPending
                | S::TemporarilyUnavailable
                | S::LisServiceUnavailable => return NextStep::RetryAfterBackoff,
                S::ParameterValidationFailure
                | S::DeserializationFailure
                | S::UnsupportedMediaType
                | S::ApiVersionNotSupported
                | S::VersionNotSupported => return NextStep::FixRequest,
                _ => {}
            }
        }
        match self.status {
            401 => NextStep::Reauthenticate,
            412 | 428 => NextStep::RefetchThenRetry,
            400 | 405 | 413 | 414 | 415 | 431 => NextStep::FixRequest,
            408 | 429 | 502 | 503 | 504 => NextStep::RetryAfterBackoff,
            _ => NextStep::GiveUp,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reason_phrase(self.status) {
            write!(f, " {reason}")?;
        }
        match &self.body {
            ErrorBodyKind::Ucwa { body, .. } => {
                write!(f, ": {}", body.code)?;
                if let Some(subcode) = &body.subcode {
                    write!(f, "/{subcode}")?;
                }
                if let Some(message) = &body.message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            ErrorBodyKind::Other {
                content_type,
                bytes,
            } => match content_type {
                Some(ct) => write!(f, " ({ct} body of {} bytes, not a UCWA error)", bytes.len()),
                None if bytes.is_empty() => f.write_str(" (no body)"),
                None => write!(f, " (body of {} bytes, not a UCWA error)", bytes.len()),
            },
        }
    }
}

impl std::error::Error for ApiError {}

/// The standard reason phrase of the statuses UCWA uses.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}
