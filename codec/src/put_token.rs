//! The PUT token: a property with a random name (a GUID) and the value
//! `please pass this in a PUT request` that servers add to every resource a client may
//! `PUT` back (`communication`, `myOnlineMeeting`). The server expects it unchanged in
//! the `PUT` body, so it stays in the catch-all, where encoding writes it back; it is
//! recognised here so that it is not reported as untyped.

use crate::members::Members;
use crate::value::Value;

/// The value that marks the PUT token, as servers write it.
pub const PUT_TOKEN_VALUE: &str = "please pass this in a PUT request";

/// Whether a property is the PUT token: its value is [`PUT_TOKEN_VALUE`] (the name is
/// random, so only the value says so).
pub fn is_put_token(value: &Value) -> bool {
    value.as_str() == Some(PUT_TOKEN_VALUE)
}

impl Members {
    /// The name of the PUT token among the unknown properties, if the resource carries
    /// one (the first, if a server ever sent two).
    pub fn put_token(&self) -> Option<&str> {
        self.properties
            .iter()
            .find(|(_, value)| is_put_token(value))
            .map(|(name, _)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_value_only() {
        let mut m = Members::default();
        m.properties
            .push(("x".into(), Value::String("please pass this".into())));
        assert_eq!(m.put_token(), None);
        m.properties.push((
            "9b5c7fdf-2c5f-462e-a4e3-39663f09301a".into(),
            Value::String(PUT_TOKEN_VALUE.into()),
        ));
        assert_eq!(m.put_token(), Some("9b5c7fdf-2c5f-462e-a4e3-39663f09301a"));
        let mut untyped = Vec::new();
        m.collect_untyped("communication", &mut untyped);
        assert_eq!(untyped.len(), 1, "only `x` is untyped: {untyped:?}");
        assert_eq!(untyped[0].name, "x");
    }
}
