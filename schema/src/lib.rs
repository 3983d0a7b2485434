//! Typed UCWA 2.0 resources, request bodies, enumerations and error subcodes, derived
//! with `ucwa-codec`'s macros so each reads and writes both JSON and XML.
//!
//! [`response`] tells a resource from an error in a response ([`ApiError`]); [`batch`]
//! builds and reads `multipart/batching` batches. The `http` feature lets both take the
//! `http` crate's requests and responses directly.
//!
//! ```
//! use ucwa_schema::{Availability, Presence};
//! let json = r#"{"rel":"presence","availability":"Away","activity":"Away",
//!               "_links":{"self":{"href":"/ucwa/v1/applications/1/me/presence"}}}"#;
//! let presence: Presence = ucwa_codec::json::from_str(json).unwrap();
//! assert_eq!(presence.availability, Some(Availability::Away));
//! let xml = ucwa_codec::xml::to_string(&presence).unwrap();
//! assert_eq!(ucwa_codec::xml::from_str::<Presence>(&xml).unwrap(), presence);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod batch;
pub mod enums;
pub mod errors;
pub mod registry;
pub mod resources;
pub mod response;

pub use enums::*;
pub use errors::{DocumentedError, ErrorCode, ErrorSubcode, Method};
pub use registry::registry;
pub use resources::*;
pub use response::{ApiError, ErrorResponse};
