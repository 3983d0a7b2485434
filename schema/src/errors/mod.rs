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
//! `<parameters>` (entries as `<property name>` children, see [`PropertyBag`](crate::bag::PropertyBag)). Members
//! no field describes are written as `<property name>`-style children of `<reason>`;
//! an unknown element holding only text is read as such a member. A field given as
//! JSON `null` is written `xsi:nil="true"` (`<subcode xsi:nil="true"/>`) and read back
//! as `null`. What JSON could not carry is refused, not dropped: an attribute on a field
//! (`xml:lang` on `<message>` too; namespace declarations and `xsi:nil` aside), a
//! `<resource>` inside the body. Inside an event the same element appears as the
//! event's `<reason>` child.

mod api_error;
mod body;
mod documented;
mod json;
mod xml;

pub use crate::enums::{ErrorCode, ErrorSubcode};
pub use api_error::{ApiError, ErrorBodyKind, NextStep};
pub use body::ErrorBody;
pub use documented::{DocumentedError, Method, documented, documented_for};
