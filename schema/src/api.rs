//! The machine-readable description of the UCWA 2.0 API that this crate is generated
//! from (`schema/api/*.json`), for tools that want to show or query it at run time (the
//! `ucwa schema` command does). `tools/schema-gen` documents the format.

/// Every resource: rel, Rust type, operations, events, properties with types, links and
/// embedded resources with cardinality, request body fields, documented errors.
pub const RESOURCES_JSON: &str = include_str!("../api/resources.json");

/// Every enumeration and its members.
pub const ENUMS_JSON: &str = include_str!("../api/enums.json");
