//! Typed access to the PUT token of the resources a client updates with `PUT`.
//!
//! Servers add a property with a random name and the value
//! [`PUT_TOKEN_VALUE`](ucwa_codec::put_token::PUT_TOKEN_VALUE) to every `communication`
//! and `myOnlineMeeting` they return, and expect it back unchanged in the `PUT` body. It
//! stays in the resource's catch-all (`extra`), so encoding the resource for a `PUT`
//! writes it back as received; these accessors only name it. Each comes with its type's
//! area (`communication`, `online-meetings`).

#[cfg(feature = "communication")]
impl crate::Communication {
    /// The name of the PUT token this resource carries (its value is always
    /// [`PUT_TOKEN_VALUE`](ucwa_codec::put_token::PUT_TOKEN_VALUE)), if any. Every real
    /// `communication` resource has one.
    pub fn put_token(&self) -> Option<&str> {
        self.extra.put_token()
    }
}

#[cfg(feature = "online-meetings")]
impl crate::MyOnlineMeeting {
    /// The name of the PUT token this meeting carries, if any (as
    /// `Communication::put_token`).
    pub fn put_token(&self) -> Option<&str> {
        self.extra.put_token()
    }
}
