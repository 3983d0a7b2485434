//! UCWA resources and their request bodies, one module per resource.

mod presence;

pub use presence::{Presence, PresenceInput};
