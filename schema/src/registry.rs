//! The registry of every resource type in this crate, by `rel`.

use crate::resources::*;
use std::sync::LazyLock;
use ucwa_codec::Registry;

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut registry = Registry::new();
    registry.register::<Presence>();
    registry.register_input::<PresenceInput>("presence");
    registry
});

/// A registry holding every resource (and request body) type of this crate.
///
/// Clone it to add your own types:
/// ```
/// let mut mine = ucwa_schema::registry().clone();
/// assert!(mine.contains("presence"));
/// # let _ = &mut mine;
/// ```
pub fn registry() -> &'static Registry {
    &REGISTRY
}
