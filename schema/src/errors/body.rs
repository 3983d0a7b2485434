//! The error body: its fields, and what stayed untyped.

use super::{ErrorCode, ErrorSubcode};
use crate::bag::PropertyBag;
use std::fmt;
use ucwa_codec::{Document, Link, Untyped, UntypedKind};

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
    pub(super) link_as_text: bool,
    /// Optional fields given as `null` (the field is `None`), written back so: one bit
    /// per entry of `OPTIONAL_FIELDS` (small, so that `ErrorBody` stays small).
    pub(super) nulls: u8,
}

/// The optional fields of an error body, by their wire name.
const OPTIONAL_FIELDS: [&str; 5] = ["subcode", "message", "link", "debugInfo", "parameters"];

/// The wire name of an optional field, as a constant.
pub(super) fn optional_field(name: &str) -> Option<&'static str> {
    OPTIONAL_FIELDS.iter().copied().find(|f| *f == name)
}

/// The bit of an optional field in `ErrorBody::nulls` (0 for any other name).
pub(super) fn null_bit(name: &str) -> u8 {
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
    pub(super) fn is_given(&self, name: &str) -> bool {
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

    /// Reports the unknown code, subcode and members.
    pub fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        crate::report_unknown(&self.code, path, Some("code"), out);
        if let Some(subcode) = &self.subcode {
            crate::report_unknown(subcode, path, Some("subcode"), out);
        }
        for name in self.extra.names() {
            out.push(Untyped::new(path, UntypedKind::Property, name));
        }
    }
}

impl Document for ErrorBody {
    fn collect_untyped(&self, path: &str, out: &mut Vec<Untyped>) {
        ErrorBody::collect_untyped(self, path, out);
    }
}
