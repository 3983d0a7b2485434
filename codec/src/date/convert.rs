//! Conversions between [`DateTime`] and the date types of the `time` crate (feature
//! `time`) and the `chrono` crate (feature `chrono`).
//!
//! Towards the other crates nothing is lost: both cover every instant and offset a
//! [`DateTime`] can hold, at 100 ns or finer. [`Offset::Unspecified`] becomes UTC.
//!
//! Back towards [`DateTime`] a value can be refused: its wall clock must lie in years
//! 0001..=9999 and its offset must be whole minutes within ±23:59. Anything finer than
//! 100 ns is cut towards the past (the earlier tick), so an instant before 1970 is not
//! rounded differently from one after. The result is spelled with seven fractional
//! digits and `Z` for a zero offset (neither crate tells `Z` from `+00:00`); use
//! [`DateTime::from_ticks`] or [`DateTime::with_offset`] to choose another spelling.

use super::{DateError, DateTime, MAX_OFFSET_MINUTES, Offset, TICKS_PER_SECOND};

/// Nanoseconds in one 100 ns tick.
const NANOS_PER_TICK: i128 = 100;

/// The offset spelling for an offset in seconds east of UTC, if it fits a [`DateTime`].
fn offset_from_seconds(seconds: i32) -> Result<Offset, DateError> {
    if seconds % 60 != 0 {
        return Err(DateError::new(format!(
            "offset of {seconds} seconds is not a whole number of minutes"
        )));
    }
    let minutes = seconds / 60;
    if minutes.abs() > MAX_OFFSET_MINUTES {
        return Err(DateError::new(format!(
            "offset of {minutes} minutes out of range (at most ±23:59)"
        )));
    }
    Ok(match minutes {
        0 => Offset::Utc,
        // Within ±1439, so it fits.
        m => Offset::Fixed(m as i16),
    })
}

/// A [`DateTime`] from nanoseconds since the Unix epoch and an offset in seconds.
fn from_nanos(nanos: i128, offset_seconds: i32) -> Result<DateTime, DateError> {
    let offset = offset_from_seconds(offset_seconds)?;
    let ticks = i64::try_from(nanos.div_euclid(NANOS_PER_TICK))
        .map_err(|_| DateError::new("date out of range: year must be 0001..=9999"))?;
    DateTime::from_ticks(ticks, offset, 7)
}

#[cfg(feature = "time")]
mod time_crate {
    use super::*;
    use crate::date::{TICKS_PER_DAY, TICKS_PER_MINUTE, civil_from_days};
    use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

    impl From<DateTime> for OffsetDateTime {
        /// The same instant and offset (UTC for [`Offset::Unspecified`]); never fails.
        fn from(value: DateTime) -> Self {
            // Built from the wall clock, which is always within years 0001..=9999, so
            // this works even where the UTC instant falls in year 0000 or 10000.
            let minutes = value.offset_minutes();
            let wall = value.ticks() + i64::from(minutes) * TICKS_PER_MINUTE;
            let (year, month, day) = civil_from_days(wall.div_euclid(TICKS_PER_DAY));
            let time_of_day = wall.rem_euclid(TICKS_PER_DAY);
            let seconds = time_of_day / TICKS_PER_SECOND;
            let nanos = (time_of_day % TICKS_PER_SECOND) * 100;
            let date = u8::try_from(month)
                .ok()
                .and_then(|m| Month::try_from(m).ok())
                .and_then(|m| Date::from_calendar_date(year as i32, m, day as u8).ok());
            let time = Time::from_hms_nano(
                (seconds / 3600) as u8,
                (seconds / 60 % 60) as u8,
                (seconds % 60) as u8,
                nanos as u32,
            )
            .ok();
            let offset = UtcOffset::from_whole_seconds(minutes * 60).ok();
            match (date, time, offset) {
                (Some(date), Some(time), Some(offset)) => {
                    PrimitiveDateTime::new(date, time).assume_offset(offset)
                }
                // The invariants of DateTime rule this out.
                _ => OffsetDateTime::UNIX_EPOCH,
            }
        }
    }

    impl TryFrom<OffsetDateTime> for DateTime {
        type Error = DateError;

        /// Fails outside years 0001..=9999 (wall clock) or for an offset that is not whole
        /// minutes; finer than 100 ns is cut towards the past.
        fn try_from(value: OffsetDateTime) -> Result<Self, Self::Error> {
            from_nanos(value.unix_timestamp_nanos(), value.offset().whole_seconds())
        }
    }

    impl DateTime {
        /// This instant as a `time::OffsetDateTime` (see the `From` impl).
        pub fn to_offset_date_time(self) -> OffsetDateTime {
            self.into()
        }
    }
}

#[cfg(feature = "chrono")]
mod chrono_crate {
    use super::*;
    use chrono::{FixedOffset, Utc};

    /// The largest sub-second nanosecond value kept: chrono spells a leap second with
    /// 1_000_000_000 or more, which is folded into the second before it.
    const MAX_SUBSEC_NANOS: u32 = 999_999_999;

    fn to_utc(value: DateTime) -> chrono::DateTime<Utc> {
        let ticks = value.ticks();
        let seconds = ticks.div_euclid(TICKS_PER_SECOND);
        let nanos = ticks.rem_euclid(TICKS_PER_SECOND) as u32 * 100;
        // A DateTime's instant lies within years 0000..=10000, inside chrono's range.
        chrono::DateTime::from_timestamp(seconds, nanos).unwrap_or_default()
    }

    fn from_chrono<Tz: chrono::TimeZone>(
        value: &chrono::DateTime<Tz>,
        offset_seconds: i32,
    ) -> Result<DateTime, DateError> {
        let nanos = i128::from(value.timestamp()) * 1_000_000_000
            + i128::from(value.timestamp_subsec_nanos().min(MAX_SUBSEC_NANOS));
        from_nanos(nanos, offset_seconds)
    }

    impl From<DateTime> for chrono::DateTime<FixedOffset> {
        /// The same instant and offset (UTC for [`Offset::Unspecified`]); never fails.
        fn from(value: DateTime) -> Self {
            let offset =
                FixedOffset::east_opt(value.offset_minutes() * 60).unwrap_or_else(|| Utc.fix());
            to_utc(value).with_timezone(&offset)
        }
    }

    impl From<DateTime> for chrono::DateTime<Utc> {
        /// The same instant in UTC; never fails.
        fn from(value: DateTime) -> Self {
            to_utc(value)
        }
    }

    impl TryFrom<chrono::DateTime<FixedOffset>> for DateTime {
        type Error = DateError;

        /// Fails outside years 0001..=9999 (wall clock) or for an offset that is not whole
        /// minutes; finer than 100 ns is cut towards the past.
        fn try_from(value: chrono::DateTime<FixedOffset>) -> Result<Self, Self::Error> {
            from_chrono(&value, value.offset().local_minus_utc())
        }
    }

    impl TryFrom<chrono::DateTime<Utc>> for DateTime {
        type Error = DateError;

        /// Fails outside years 0001..=9999; the result is spelled with `Z`.
        fn try_from(value: chrono::DateTime<Utc>) -> Result<Self, Self::Error> {
            from_chrono(&value, 0)
        }
    }

    impl DateTime {
        /// This instant as a `chrono::DateTime<FixedOffset>` (see the `From` impl).
        pub fn to_chrono(self) -> chrono::DateTime<FixedOffset> {
            self.into()
        }
    }

    use chrono::Offset as _;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> DateTime {
        DateTime::parse_iso(s).unwrap()
    }

    /// Dates spread over the whole range, with every kind of offset and precision.
    fn samples() -> Vec<DateTime> {
        [
            "2016-09-26T16:20:24.8356669-07:00",
            "2012-01-11T19:03:22.7433336-08:00",
            "2016-09-26T23:20:24Z",
            "2016-09-26T23:20:24.5",
            "1969-12-31T23:59:59.9999999Z",
            "1900-02-28T12:00:00.0000001+05:30",
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T23:59:59.9999999-23:59",
            "2000-02-29T00:00:00.123+14:00",
        ]
        .into_iter()
        .map(iso)
        .collect()
    }

    /// What a value looks like after a trip out and back: the same instant and offset,
    /// seven digits, and `Z` for a zero or unspecified offset.
    fn normalised(d: DateTime) -> DateTime {
        let offset = match d.offset() {
            Offset::Unspecified | Offset::Fixed(0) => Offset::Utc,
            other => other,
        };
        DateTime::from_ticks(d.ticks(), offset, 7).unwrap()
    }

    #[test]
    fn offsets_from_seconds() {
        assert_eq!(offset_from_seconds(0), Ok(Offset::Utc));
        assert_eq!(offset_from_seconds(-25_200), Ok(Offset::Fixed(-420)));
        assert_eq!(offset_from_seconds(86_340), Ok(Offset::Fixed(1439)));
        let e = offset_from_seconds(86_400).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
        let e = offset_from_seconds(3_630).unwrap_err();
        assert!(e.to_string().contains("whole number of minutes"), "{e}");
    }

    #[test]
    fn nanos_are_cut_towards_the_past() {
        let d = from_nanos(199, 0).unwrap();
        assert_eq!(d.ticks(), 1);
        let d = from_nanos(-1, 0).unwrap();
        assert_eq!(d.ticks(), -1);
        assert_eq!(d.to_iso_string(), "1969-12-31T23:59:59.9999999Z");
        assert!(from_nanos(i128::MAX, 0).is_err());
        assert!(from_nanos(i128::MIN, 0).is_err());
    }

    #[cfg(feature = "time")]
    mod time_tests {
        use super::*;
        use time::{OffsetDateTime, UtcOffset};

        #[test]
        fn round_trip() {
            for d in samples() {
                let t = OffsetDateTime::from(d);
                assert_eq!(t.unix_timestamp_nanos(), i128::from(d.ticks()) * 100, "{d}");
                assert_eq!(t.offset().whole_seconds(), d.offset_minutes() * 60, "{d}");
                let back = DateTime::try_from(t).unwrap();
                assert_eq!(back, normalised(d), "{d}");
                assert_eq!(back.ticks(), d.ticks());
                assert_eq!(d.to_offset_date_time(), t);
            }
        }

        #[test]
        fn wall_clock_and_offset() {
            let t = OffsetDateTime::from(iso("2016-09-26T16:20:24.8356669-07:00"));
            assert_eq!((t.year(), u8::from(t.month()), t.day()), (2016, 9, 26));
            assert_eq!((t.hour(), t.minute(), t.second()), (16, 20, 24));
            assert_eq!(t.nanosecond(), 835_666_900);
            assert_eq!(t.offset().whole_minutes(), -420);

            let d =
                DateTime::try_from(t.to_offset(UtcOffset::from_hms(5, 45, 0).unwrap())).unwrap();
            assert_eq!(d.to_iso_string(), "2016-09-27T05:05:24.8356669+05:45");
            assert_eq!(d.to_json_string(), "/Date(1474932024835+0545)/");
        }

        #[test]
        fn hundred_nanosecond_precision() {
            let t = OffsetDateTime::from_unix_timestamp_nanos(1_474_932_024_835_666_999).unwrap();
            let d = DateTime::try_from(t).unwrap();
            assert_eq!(d.ticks(), 14_749_320_248_356_669);
            assert_eq!(d.frac_digits(), 7);
            assert_eq!(d.to_iso_string(), "2016-09-26T23:20:24.8356669Z");
            // One tick apart stays one tick apart.
            let next =
                OffsetDateTime::from(DateTime::from_ticks(d.ticks() + 1, Offset::Utc, 7).unwrap());
            assert_eq!(
                next - OffsetDateTime::from(d),
                time::Duration::nanoseconds(100)
            );
            // Before 1970: still towards the past.
            let t = OffsetDateTime::from_unix_timestamp_nanos(-150).unwrap();
            assert_eq!(DateTime::try_from(t).unwrap().ticks(), -2);
        }

        #[test]
        fn out_of_range() {
            // `time` has no year 10000 (without its `large-dates` feature), so only the
            // lower end and far-away years can be tried.
            let far = OffsetDateTime::from_unix_timestamp(-200_000_000_000).unwrap();
            let e = DateTime::try_from(far).unwrap_err();
            assert!(e.to_string().contains("year must be 0001..=9999"), "{e}");
            let min = OffsetDateTime::from(iso("0001-01-01T00:00:00Z"));
            assert!(DateTime::try_from(min - time::Duration::nanoseconds(1)).is_err());
            // The wall clock decides: the same instant is fine one hour east.
            let shifted =
                (min - time::Duration::HOUR).to_offset(UtcOffset::from_hms(1, 0, 0).unwrap());
            assert_eq!(
                DateTime::try_from(shifted).unwrap().to_iso_string(),
                "0001-01-01T00:00:00.0000000+01:00"
            );
            let odd = OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(1, 0, 30).unwrap());
            assert!(
                DateTime::try_from(odd)
                    .unwrap_err()
                    .to_string()
                    .contains("minutes")
            );
            let far = OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(25, 0, 0).unwrap());
            assert!(
                DateTime::try_from(far)
                    .unwrap_err()
                    .to_string()
                    .contains("out of range")
            );
        }
    }

    #[cfg(feature = "chrono")]
    mod chrono_tests {
        use super::*;
        use chrono::{Datelike, FixedOffset, TimeZone, Timelike, Utc};

        #[test]
        fn round_trip() {
            for d in samples() {
                let c = chrono::DateTime::<FixedOffset>::from(d);
                assert_eq!(
                    c.timestamp_nanos_opt().map(i128::from),
                    // Years 0001 and 9999 fall outside i64 nanoseconds.
                    i64::try_from(i128::from(d.ticks()) * 100)
                        .ok()
                        .map(i128::from),
                    "{d}"
                );
                assert_eq!(c.offset().local_minus_utc(), d.offset_minutes() * 60, "{d}");
                let back = DateTime::try_from(c).unwrap();
                assert_eq!(back, normalised(d), "{d}");
                assert_eq!(d.to_chrono(), c);

                let utc = chrono::DateTime::<Utc>::from(d);
                assert_eq!(utc, c.with_timezone(&Utc));
                // In UTC the wall clock may leave years 0001..=9999.
                match DateTime::try_from(utc) {
                    Ok(back) => {
                        assert_eq!(back.ticks(), d.ticks());
                        assert_eq!(back.offset(), Offset::Utc);
                    }
                    Err(e) => {
                        let year = utc.year();
                        assert!(year == 0 || year == 10_000, "{d}: {e}");
                    }
                }
            }
        }

        #[test]
        fn wall_clock_and_offset() {
            let c = chrono::DateTime::<FixedOffset>::from(iso("2016-09-26T16:20:24.8356669-07:00"));
            assert_eq!((c.year(), c.month(), c.day()), (2016, 9, 26));
            assert_eq!((c.hour(), c.minute(), c.second()), (16, 20, 24));
            assert_eq!(c.nanosecond(), 835_666_900);
            assert_eq!(c.offset().local_minus_utc(), -25_200);

            let east = FixedOffset::east_opt(5 * 3600 + 45 * 60).unwrap();
            let d = DateTime::try_from(c.with_timezone(&east)).unwrap();
            assert_eq!(d.to_iso_string(), "2016-09-27T05:05:24.8356669+05:45");
        }

        #[test]
        fn hundred_nanosecond_precision() {
            let c = Utc
                .timestamp_opt(1_474_932_024, 835_666_999)
                .unwrap()
                .fixed_offset();
            let d = DateTime::try_from(c).unwrap();
            assert_eq!(d.ticks(), 14_749_320_248_356_669);
            assert_eq!(d.to_iso_string(), "2016-09-26T23:20:24.8356669Z");
            let c = Utc.timestamp_opt(-1, 999_999_950).unwrap();
            assert_eq!(DateTime::try_from(c).unwrap().ticks(), -1);
        }

        #[test]
        fn leap_second_is_folded() {
            let c = Utc.timestamp_opt(1_483_228_799, 1_500_000_000).unwrap();
            let d = DateTime::try_from(c).unwrap();
            assert_eq!(d.to_iso_string(), "2016-12-31T23:59:59.9999999Z");
        }

        #[test]
        fn out_of_range() {
            let max = chrono::DateTime::<Utc>::from(iso("9999-12-31T23:59:59.9999999Z"));
            let over = max + chrono::TimeDelta::nanoseconds(100);
            let e = DateTime::try_from(over).unwrap_err();
            assert!(e.to_string().contains("year must be 0001..=9999"), "{e}");
            let min = chrono::DateTime::<Utc>::from(iso("0001-01-01T00:00:00Z"));
            assert!(DateTime::try_from(min - chrono::TimeDelta::nanoseconds(1)).is_err());
            let far = Utc.with_ymd_and_hms(20_000, 1, 1, 0, 0, 0).unwrap();
            assert!(DateTime::try_from(far).is_err());
            let odd = FixedOffset::east_opt(3_630).unwrap();
            let e = DateTime::try_from(Utc.timestamp_opt(0, 0).unwrap().with_timezone(&odd))
                .unwrap_err();
            assert!(e.to_string().contains("whole number of minutes"), "{e}");
        }
    }
}
