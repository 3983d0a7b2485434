//! The authoring tier: what a codec written by hand is built on, for the documents the
//! derive cannot express (`ucwa-schema`'s event responses, error bodies and property
//! bags are written on it, and so can yours be). It is covered by semver like the rest
//! of the public API; `__private` (the derive's glue) is not.
//!
//! - [`json`]: the document prelude every JSON entry point runs (limits, byte-order
//!   mark, strict mode, the recovering second pass), error paths recorded while serde
//!   unwinds, object readers, and the link rules of every codec.
//! - [`xml`]: the pull [`Reader`](xml::Reader) over borrowed pieces of the input, with
//!   UCWA's member layer (properties, links, embedded resources), and the
//!   [`Writer`](xml::Writer), which checks every name and escapes every value, so that
//!   nothing a codec is handed can put structure into its output.
//!
//! Users who decode and encode documents need none of this: `json::from_slice`,
//! `xml::to_string`, `decode`, the registry and the derive cover them.

/// Reading JSON by hand.
pub mod json {
    pub use crate::json::reading::{
        Key, ObjectReader, ReadObject, convert_error, duplicate, expect_object, is_strict,
        next_element, next_element_seed, next_value, next_value_seed, path, plain_string,
        read_document, rel_link,
    };
    pub use crate::link::LinkMembers;
}

/// Reading and writing XML by hand.
pub mod xml {
    pub use crate::xml::reader::{
        Element, LinkAttributes, Member, Prop, Reader, ResourceStart, read_document,
    };
    pub use crate::xml::writer::{LinkRef, Writer};
}
