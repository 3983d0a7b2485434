//! UCWA enumerations. Each keeps values it does not know in its `Other` variant.

use ucwa_codec::StringEnum;

/// How available a user or contact is to communicate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum Availability {
    /// Away from the device.
    Away,
    /// Back shortly.
    BeRightBack,
    /// Busy.
    Busy,
    /// Busy and not to be interrupted.
    DoNotDisturb,
    /// Busy, but idle for a while.
    IdleBusy,
    /// Online, but idle for a while.
    IdleOnline,
    /// Not signed in.
    Offline,
    /// Available.
    Online,
    /// A value this version does not know.
    #[ucwa(other)]
    Other(String),
}

/// The availability a user may ask for when setting their own presence.
#[derive(Clone, Debug, PartialEq, Eq, Hash, StringEnum)]
pub enum PreferredAvailability {
    /// Appear away.
    Away,
    /// Back shortly.
    BeRightBack,
    /// Busy.
    Busy,
    /// Busy and not to be interrupted.
    DoNotDisturb,
    /// Off work.
    Offwork,
    /// Available.
    Online,
    /// A value this version does not know.
    #[ucwa(other)]
    Other(String),
}
