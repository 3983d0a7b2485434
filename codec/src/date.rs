//! UCWA date-time values.
//!
//! UCWA spells the same instant two ways: JSON payloads use ASP.NET AJAX
//! strings (`/Date(1474932023993+0200)/`) and XML payloads use ISO 8601 with up
//! to seven fractional digits (`2016-09-26T16:20:24.8356669-07:00`).
//! [`DateTime`] stores the instant in 100 ns ticks together with the offset and
//! precision it was read with, so that a value written back in the format it
//! came from is byte-for-byte what the server sent.
//!
//! Clients that re-serialise dates with .NET or JavaScript put ISO 8601 strings in
//! JSON too. Those are accepted, and remembered as such: a date read from JSON in
//! ISO form is written back to JSON in ISO form (see [`DateTime::iso_in_json`]).
//!
//! The calendar arithmetic is done here (proleptic Gregorian, after Howard
//! Hinnant's `days_from_civil` / `civil_from_days`) to avoid a date dependency.

use std::fmt;
use std::str::FromStr;

#[cfg(any(feature = "time", feature = "chrono"))]
mod convert;

const TICKS_PER_MILLI: i64 = 10_000;
const TICKS_PER_SECOND: i64 = 10_000_000;
const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;

/// First supported wall-clock tick: 0001-01-01T00:00:00.
const MIN_WALL: i64 = days_from_civil(1, 1, 1) * TICKS_PER_DAY;
/// Last supported wall-clock tick: 9999-12-31T23:59:59.9999999.
const MAX_WALL: i64 = days_from_civil(10_000, 1, 1) * TICKS_PER_DAY - 1;

/// Largest accepted offset magnitude; two-digit hours make 23:59 the natural cap.
const MAX_OFFSET_MINUTES: i32 = 23 * 60 + 59;
/// Most fractional-second digits UCWA emits (100 ns resolution).
const MAX_FRAC_DIGITS: u8 = 7;
/// `POW10[n]` = 10^n, used to cut ticks down to `n` fractional digits.
const POW10: [i64; 8] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

const JSON_EXPECTED: &str = "expected `/Date(milliseconds[±hhmm])/`";
/// What a JSON date string may be: either spelling.
const JSON_OR_ISO_EXPECTED: &str =
    "a date string `/Date(milliseconds[±hhmm])/` or `YYYY-MM-DDTHH:MM:SS[.fffffff][Z|±HH:MM]`";
const ISO_EXPECTED: &str = "expected `YYYY-MM-DDTHH:MM:SS[.fffffff][Z|±HH:MM]`";

/// How the offset of a [`DateTime`] was spelled.
///
/// Kept separately from the instant so each format round-trips exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Offset {
    /// UTC: `Z` in ISO form, no suffix in JSON form.
    Utc,
    /// Fixed offset in minutes east of UTC (at most 23:59 either way).
    Fixed(i16),
    /// ISO form without a designator; the wall clock is taken as UTC.
    Unspecified,
}

impl Offset {
    /// Minutes east of UTC; `Unspecified` counts as UTC.
    fn minutes(self) -> i32 {
        match self {
            Offset::Fixed(m) => i32::from(m),
            Offset::Utc | Offset::Unspecified => 0,
        }
    }
}

/// A UCWA date-time: an instant with 100 ns resolution plus its spelling.
///
/// Equality and hashing compare the spelling too (offset and fractional
/// digits), not just the instant; compare [`DateTime::ticks`] for the instant.
///
/// Invariant: the wall clock (`ticks` shifted by the offset) lies within
/// years 0001..=9999, the offset within ±23:59, and `frac_digits <= 7`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    ticks: i64,
    offset: Offset,
    frac_digits: u8,
    /// Written to JSON in the ISO spelling, because it was read from JSON that way.
    iso_in_json: bool,
}

/// Why a date-time could not be parsed or built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    message: String,
}

impl DateError {
    fn new(message: impl Into<String>) -> Self {
        DateError {
            message: message.into(),
        }
    }

    /// Error about a specific input; long inputs are shortened so a hostile
    /// payload cannot blow up log lines.
    fn invalid(input: &str, detail: &str) -> Self {
        const MAX_CHARS: usize = 64;
        let mut shown: String = input.chars().take(MAX_CHARS).collect();
        if input.chars().nth(MAX_CHARS).is_some() {
            shown.push('…');
        }
        DateError::new(format!("invalid date `{shown}`: {detail}"))
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

impl DateTime {
    /// A UTC instant from Unix milliseconds, written with 3 fractional digits.
    ///
    /// Values outside years 0001..=9999 are clamped to that range, since the
    /// ISO form cannot spell them.
    pub fn from_unix_millis(ms: i64) -> DateTime {
        let min_ms = MIN_WALL.div_euclid(TICKS_PER_MILLI);
        let max_ms = MAX_WALL.div_euclid(TICKS_PER_MILLI);
        DateTime {
            ticks: ms.clamp(min_ms, max_ms) * TICKS_PER_MILLI,
            offset: Offset::Utc,
            frac_digits: 3,
            iso_in_json: false,
        }
    }

    /// Builds a value from 100 ns ticks since the Unix epoch (UTC).
    ///
    /// Fails when `frac_digits > 7`, the offset exceeds ±23:59, or the wall
    /// clock falls outside years 0001..=9999.
    pub fn from_ticks(ticks: i64, offset: Offset, frac_digits: u8) -> Result<DateTime, DateError> {
        if frac_digits > MAX_FRAC_DIGITS {
            return Err(DateError::new(format!(
                "{frac_digits} fractional digits out of range 0..=7"
            )));
        }
        let minutes = offset.minutes();
        if minutes.abs() > MAX_OFFSET_MINUTES {
            return Err(DateError::new(format!(
                "offset of {minutes} minutes out of range (at most ±23:59)"
            )));
        }
        let in_range = ticks
            .checked_add(i64::from(minutes) * TICKS_PER_MINUTE)
            .is_some_and(|wall| (MIN_WALL..=MAX_WALL).contains(&wall));
        if !in_range {
            return Err(DateError::new(
                "date out of range: year must be 0001..=9999",
            ));
        }
        Ok(DateTime {
            ticks,
            offset,
            frac_digits,
            iso_in_json: false,
        })
    }

    /// Same instant and precision with a different offset spelling.
    ///
    /// Fails if the shifted wall clock leaves years 0001..=9999.
    pub fn with_offset(self, offset: Offset) -> Result<DateTime, DateError> {
        let shifted = DateTime::from_ticks(self.ticks, offset, self.frac_digits)?;
        Ok(shifted.with_iso_in_json(self.iso_in_json))
    }

    /// Whether JSON output spells this date in ISO 8601 rather than `/Date(ms)/`.
    ///
    /// True for a date that was read from JSON in ISO form (as .NET and JavaScript
    /// clients write them), so that it is written back as it came; false otherwise.
    /// XML always uses ISO 8601.
    pub fn iso_in_json(&self) -> bool {
        self.iso_in_json
    }

    /// The same date, spelled in JSON as ISO 8601 (`true`) or `/Date(ms)/` (`false`).
    pub fn with_iso_in_json(self, iso_in_json: bool) -> DateTime {
        DateTime {
            iso_in_json,
            ..self
        }
    }

    /// Parses a date found in a JSON string: the `/Date(…)/` spelling, or ISO 8601,
    /// which is then kept for writing back to JSON.
    pub fn parse_json_or_iso(s: &str) -> Result<DateTime, DateError> {
        if s.starts_with("/Date(") {
            DateTime::parse_json(s)
        } else {
            match DateTime::parse_iso(s) {
                Ok(date) => Ok(date.with_iso_in_json(true)),
                Err(e) if looks_iso(s) => Err(e),
                Err(_) => Err(DateError::invalid(
                    s,
                    &format!("expected {JSON_OR_ISO_EXPECTED}"),
                )),
            }
        }
    }

    /// 100 ns ticks since 1970-01-01T00:00:00Z.
    pub fn ticks(&self) -> i64 {
        self.ticks
    }

    /// Milliseconds since the Unix epoch, truncated to the millisecond toward
    /// the past (floor), so instants before 1970 round the same way as after.
    pub fn unix_millis(&self) -> i64 {
        self.ticks.div_euclid(TICKS_PER_MILLI)
    }

    /// The offset spelling.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// Offset in minutes east of UTC; 0 for `Utc` and `Unspecified`.
    pub fn offset_minutes(&self) -> i32 {
        self.offset.minutes()
    }

    /// Number of fractional-second digits the ISO form is written with.
    pub fn frac_digits(&self) -> u8 {
        self.frac_digits
    }

    /// Parses the JSON spelling `/Date(ms)/` or `/Date(ms±hhmm)/`.
    ///
    /// The milliseconds are UTC; the offset only records the sender's zone.
    /// The result has 3 fractional digits.
    pub fn parse_json(s: &str) -> Result<DateTime, DateError> {
        let bad = || DateError::invalid(s, JSON_EXPECTED);
        let inner = s
            .strip_prefix("/Date(")
            .and_then(|rest| rest.strip_suffix(")/"))
            .ok_or_else(bad)?;
        let bytes = inner.as_bytes();
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let digit_count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digit_count == 0 {
            return Err(bad());
        }
        let (digits, tail) = rest.split_at(digit_count);
        let offset = match *tail {
            [] => Offset::Utc,
            [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                let hours = two_digits(h1, h2).ok_or_else(bad)?;
                let minutes = two_digits(m1, m2).ok_or_else(bad)?;
                fixed_offset(sign == b'-', hours, minutes).map_err(|e| DateError::invalid(s, &e))?
            }
            _ => return Err(bad()),
        };
        let out_of_range = || DateError::invalid(s, "milliseconds out of range");
        let mut magnitude: i64 = 0;
        for &d in digits {
            magnitude = magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(d - b'0')))
                .ok_or_else(out_of_range)?;
        }
        let ms = if negative { -magnitude } else { magnitude };
        let ticks = ms.checked_mul(TICKS_PER_MILLI).ok_or_else(out_of_range)?;
        DateTime::from_ticks(ticks, offset, 3).map_err(|e| DateError::invalid(s, &e.message))
    }

    /// Parses the ISO 8601 spelling `YYYY-MM-DDTHH:MM:SS[.fffffff][Z|±HH:MM]`.
    ///
    /// The grammar is strict (fixed-width fields, uppercase `T`/`Z`, 1 to 7
    /// fractional digits); no designator yields [`Offset::Unspecified`].
    pub fn parse_iso(s: &str) -> Result<DateTime, DateError> {
        let bad = || DateError::invalid(s, ISO_EXPECTED);
        let mut c = Cursor::new(s.as_bytes());
        let year = c.number(4).ok_or_else(bad)?;
        c.expect(b'-').ok_or_else(bad)?;
        let month = c.number(2).ok_or_else(bad)?;
        c.expect(b'-').ok_or_else(bad)?;
        let day = c.number(2).ok_or_else(bad)?;
        c.expect(b'T').ok_or_else(bad)?;
        let hour = c.number(2).ok_or_else(bad)?;
        c.expect(b':').ok_or_else(bad)?;
        let minute = c.number(2).ok_or_else(bad)?;
        c.expect(b':').ok_or_else(bad)?;
        let second = c.number(2).ok_or_else(bad)?;

        let mut frac_digits: u8 = 0;
        let mut frac_ticks: i64 = 0;
        if c.expect(b'.').is_some() {
            let digits = c.digit_run();
            if digits.is_empty() {
                return Err(bad());
            }
            if digits.len() > usize::from(MAX_FRAC_DIGITS) {
                return Err(DateError::invalid(
                    s,
                    "fractional seconds longer than 7 digits",
                ));
            }
            for &d in digits {
                frac_ticks = frac_ticks * 10 + i64::from(d - b'0');
                frac_digits += 1;
            }
            // Scale to ticks: ".5" is 5_000_000, not 5.
            frac_ticks *= POW10[usize::from(MAX_FRAC_DIGITS - frac_digits)];
        }

        let offset = match c.next() {
            None => Offset::Unspecified,
            Some(b'Z') => Offset::Utc,
            Some(sign @ (b'+' | b'-')) => {
                let hours = c.number(2).ok_or_else(bad)?;
                c.expect(b':').ok_or_else(bad)?;
                let minutes = c.number(2).ok_or_else(bad)?;
                fixed_offset(sign == b'-', hours, minutes).map_err(|e| DateError::invalid(s, &e))?
            }
            Some(_) => return Err(bad()),
        };
        if !c.at_end() {
            return Err(bad());
        }

        let range = |what: &str, value: u32| {
            DateError::invalid(s, &format!("{what} {value:02} out of range"))
        };
        if year == 0 {
            return Err(DateError::invalid(s, "year 0000 out of range"));
        }
        if !(1..=12).contains(&month) {
            return Err(range("month", month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::invalid(
                s,
                &format!("day {day:02} out of range for {year:04}-{month:02}"),
            ));
        }
        if hour > 23 {
            return Err(range("hour", hour));
        }
        if minute > 59 {
            return Err(range("minute", minute));
        }
        if second > 59 {
            return Err(range("second", second));
        }

        // All fields are bounded above, so none of this can overflow.
        let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
        let seconds = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        let wall = days * TICKS_PER_DAY + seconds * TICKS_PER_SECOND + frac_ticks;
        let ticks = wall - i64::from(offset.minutes()) * TICKS_PER_MINUTE;
        DateTime::from_ticks(ticks, offset, frac_digits)
            .map_err(|e| DateError::invalid(s, &e.message))
    }

    /// Appends the JSON spelling: `/Date(ms)/`, or `/Date(ms±hhmm)/` for a
    /// fixed offset. Sub-millisecond ticks are dropped (see [`unix_millis`]).
    ///
    /// [`unix_millis`]: DateTime::unix_millis
    pub fn write_json(&self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.fmt_json(out);
    }

    /// Writes the spelling JSON output uses: ISO 8601 when [`iso_in_json`] is set,
    /// else `/Date(…)/`.
    ///
    /// [`iso_in_json`]: DateTime::iso_in_json
    fn fmt_json_output<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        if self.iso_in_json {
            self.fmt_iso(out)
        } else {
            self.fmt_json(out)
        }
    }

    /// Whether `text` is this value's ISO spelling, as [`write_iso`](Self::write_iso)
    /// writes it (built on the stack: no allocation).
    pub(crate) fn is_written_iso(&self, text: &str) -> bool {
        let mut buf = JsonDateBuf::default();
        self.fmt_iso(&mut buf).is_ok() && buf.as_bytes() == text.as_bytes()
    }

    /// Whether `text` is the spelling JSON output gives this value (see
    /// [`iso_in_json`](Self::iso_in_json)).
    pub(crate) fn is_written_json(&self, text: &str) -> bool {
        let mut buf = JsonDateBuf::default();
        self.fmt_json_output(&mut buf).is_ok() && buf.as_bytes() == text.as_bytes()
    }

    /// The JSON output spelling as a new string.
    pub(crate) fn to_json_output_string(self) -> String {
        let mut out = String::with_capacity(40);
        let _ = self.fmt_json_output(&mut out);
        out
    }

    /// The JSON spelling as a new string.
    pub fn to_json_string(&self) -> String {
        let mut out = String::with_capacity(32);
        self.write_json(&mut out);
        out
    }

    /// Appends the ISO spelling: the local wall clock with exactly
    /// `frac_digits` fractional digits (extra precision truncated), then `Z`,
    /// `±HH:MM` or nothing, following the offset.
    pub fn write_iso(&self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.fmt_iso(out);
    }

    /// The ISO spelling as a new string.
    pub fn to_iso_string(&self) -> String {
        let mut out = String::with_capacity(33);
        self.write_iso(&mut out);
        out
    }

    fn fmt_json<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        // By hand, as `fmt_iso`: `/Date(` (6), a sign and 19 digits at most, `±hhmm`
        // (5), `)/` (2).
        let mut buf = [0u8; 33];
        buf[..6].copy_from_slice(b"/Date(");
        let millis = self.unix_millis();
        let mut len = 6;
        if millis < 0 {
            buf[len] = b'-';
            len += 1;
        }
        let width = decimal_width(millis.unsigned_abs());
        put_digits(&mut buf[len..len + width], millis);
        len += width;
        if let Offset::Fixed(m) = self.offset {
            len += put_offset(&mut buf[len..], m, "");
        }
        buf[len..len + 2].copy_from_slice(b")/");
        // ASCII digits and separators only.
        out.write_str(std::str::from_utf8(&buf[..len + 2]).unwrap_or_default())
    }

    fn fmt_iso<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        // The invariant keeps the wall clock in range; saturating only guards
        // against a broken invariant turning into a panic.
        let wall = self
            .ticks
            .saturating_add(i64::from(self.offset.minutes()) * TICKS_PER_MINUTE);
        let (year, month, day) = civil_from_days(wall.div_euclid(TICKS_PER_DAY));
        let time = wall.rem_euclid(TICKS_PER_DAY);
        let seconds = time / TICKS_PER_SECOND;
        // Digits are placed by hand rather than through `write!` with widths, which
        // cost more than the rest of reading a date (every date read from XML is
        // written here too, to check its spelling).
        let mut buf = *b"0000-00-00T00:00:00.0000000+00:00";
        put_digits(&mut buf[0..4], year);
        put_digits(&mut buf[5..7], month);
        put_digits(&mut buf[8..10], day);
        put_digits(&mut buf[11..13], seconds / 3600);
        put_digits(&mut buf[14..16], seconds / 60 % 60);
        put_digits(&mut buf[17..19], seconds % 60);
        let mut len = 19;
        let digits = usize::from(self.frac_digits.min(MAX_FRAC_DIGITS));
        if digits > 0 {
            let frac = time % TICKS_PER_SECOND / POW10[usize::from(MAX_FRAC_DIGITS) - digits];
            put_digits(&mut buf[20..20 + digits], frac);
            len = 20 + digits;
        }
        match self.offset {
            Offset::Utc => {
                buf[len] = b'Z';
                len += 1;
            }
            Offset::Fixed(m) => len += put_offset(&mut buf[len..], m, ":"),
            Offset::Unspecified => {}
        }
        // ASCII digits and separators only.
        out.write_str(std::str::from_utf8(&buf[..len]).unwrap_or_default())
    }
}

/// Writes the offset `minutes` as `±hh`, `separator`, `mm` at the start of `buf`,
/// returning how many bytes it took.
fn put_offset(buf: &mut [u8], minutes: i16, separator: &str) -> usize {
    let len = 5 + separator.len();
    let abs = minutes.unsigned_abs();
    buf[0] = if minutes < 0 { b'-' } else { b'+' };
    put_digits(&mut buf[1..3], i64::from(abs / 60));
    buf[3..3 + separator.len()].copy_from_slice(separator.as_bytes());
    put_digits(&mut buf[len - 2..len], i64::from(abs % 60));
    len
}

/// How many decimal digits `value` has (one for zero).
fn decimal_width(value: u64) -> usize {
    value.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Writes `value` in the digits of `slot`, zero-padded (the invariant keeps every part
/// of a date non-negative and within its width).
fn put_digits(slot: &mut [u8], value: i64) {
    let mut rest = value.unsigned_abs();
    for digit in slot.iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
}

impl fmt::Display for DateTime {
    /// Writes the ISO spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_iso(f)
    }
}

impl FromStr for DateTime {
    type Err = DateError;

    /// Accepts either spelling: `/Date(…)/` strings go to the JSON parser,
    /// everything else to the ISO parser.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("/Date(") {
            DateTime::parse_json(s)
        } else {
            DateTime::parse_iso(s)
        }
    }
}

/// Whether a string that failed to parse was meant as ISO 8601 (it starts with a
/// year and a dash), so that its own error is the helpful one.
fn looks_iso(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

impl serde::Serialize for DateTime {
    /// Serializes as the JSON spelling (ISO 8601 if it was read from JSON that way),
    /// since serde is used for JSON payloads.
    ///
    /// The spelling is built on the stack: encoding a document with many dates then
    /// allocates nothing per date.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = JsonDateBuf::default();
        match self.fmt_json_output(&mut buf) {
            Ok(()) => serializer.serialize_str(buf.as_str()),
            // Unreachable (the longest spelling fits), but never worth a panic.
            Err(fmt::Error) => {
                let mut s = String::with_capacity(40);
                let _ = self.fmt_json_output(&mut s);
                serializer.serialize_str(&s)
            }
        }
    }
}

/// A stack buffer long enough for any JSON date spelling: `/Date(` (6), an `i64` of
/// milliseconds (at most 20), an offset `±hhmm` (5) and `)/` (2); the ISO spelling
/// is at most 33.
struct JsonDateBuf {
    bytes: [u8; 40],
    len: usize,
}

impl Default for JsonDateBuf {
    fn default() -> Self {
        JsonDateBuf {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl JsonDateBuf {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the prefix is always valid UTF-8.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for JsonDateBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dest = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dest.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    /// Reads a string in the JSON spelling, or in ISO 8601 (kept for writing back).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(JsonDateVisitor)
    }
}

struct JsonDateVisitor;

impl serde::de::Visitor<'_> for JsonDateVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(JSON_OR_ISO_EXPECTED)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse_json_or_iso(v).map_err(E::custom)
    }
}

/// Validates a parsed offset; returns the message for the caller to wrap.
fn fixed_offset(negative: bool, hours: u32, minutes: u32) -> Result<Offset, String> {
    if minutes > 59 {
        return Err(format!("offset minutes {minutes:02} out of range"));
    }
    let sign = if negative { '-' } else { '+' };
    let total = hours * 60 + minutes;
    let total = i16::try_from(total)
        .ok()
        .filter(|&t| i32::from(t) <= MAX_OFFSET_MINUTES)
        .ok_or_else(|| {
            format!("offset {sign}{hours:02}:{minutes:02} out of range (at most ±23:59)")
        })?;
    Ok(Offset::Fixed(if negative { -total } else { total }))
}

fn two_digits(a: u8, b: u8) -> Option<u32> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
    } else {
        None
    }
}

/// Byte cursor for the fixed-width ISO grammar; every read is bounds-checked.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    fn next(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        if self.bytes.get(self.pos) == Some(&wanted) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Reads exactly `width` digits (callers keep `width <= 7`, so no overflow).
    fn number(&mut self, width: usize) -> Option<u32> {
        let end = self.pos.checked_add(width)?;
        let digits = self.bytes.get(self.pos..end)?;
        let mut value: u32 = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(d - b'0');
        }
        self.pos = end;
        Some(value)
    }

    /// Consumes a run of ASCII digits of any length and returns it.
    fn digit_run(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        self.pos += count;
        rest.get(..count).unwrap_or_default()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm:
/// shift the year to start in March so the leap day falls at the end).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`]: (year, month, day) for days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Shows the ISO 8601 spelling, which says everything the value holds, and whether
/// JSON output keeps that spelling.
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.iso_in_json {
            write!(f, "DateTime({}, ISO in JSON)", self.to_iso_string())
        } else {
            write!(f, "DateTime({})", self.to_iso_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> DateTime {
        DateTime::parse_json(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn iso(s: &str) -> DateTime {
        DateTime::parse_iso(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// The spellings as `write!` gives them, field by field: the digits placed by hand
    /// in `fmt_iso` and `fmt_json` must agree with them everywhere in the range.
    fn reference_spellings(d: &DateTime) -> (String, String) {
        let wall = d.ticks + i64::from(d.offset.minutes()) * TICKS_PER_MINUTE;
        let (year, month, day) = civil_from_days(wall.div_euclid(TICKS_PER_DAY));
        let time = wall.rem_euclid(TICKS_PER_DAY);
        let s = time / TICKS_PER_SECOND;
        let mut iso = format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            s / 3600,
            s / 60 % 60,
            s % 60
        );
        let digits = d.frac_digits;
        if digits > 0 {
            let frac = time % TICKS_PER_SECOND / POW10[usize::from(MAX_FRAC_DIGITS - digits)];
            iso += &format!(".{frac:0width$}", width = usize::from(digits));
        }
        let mut json = format!("/Date({}", d.unix_millis());
        match d.offset {
            Offset::Utc => iso.push('Z'),
            Offset::Fixed(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let (h, mm) = (m.unsigned_abs() / 60, m.unsigned_abs() % 60);
                iso += &format!("{sign}{h:02}:{mm:02}");
                json += &format!("{sign}{h:02}{mm:02}");
            }
            Offset::Unspecified => {}
        }
        (iso, json + ")/")
    }

    #[test]
    fn hand_placed_digits_match_write() {
        let min = iso("0001-01-01T00:00:00Z").ticks;
        let max = iso("9999-12-31T23:59:59.9999999Z").ticks;
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let span = u64::try_from(max - min).unwrap() + 1;
        let mut checked = 0;
        for i in 0..20_000u64 {
            let ticks = match i {
                0 => min,
                1 => max,
                _ => min + i64::try_from(next() % span).unwrap(),
            };
            let offset = match next() % 4 {
                0 => Offset::Utc,
                1 => Offset::Unspecified,
                _ => Offset::Fixed(i16::try_from(next() % 2879).unwrap() - 1439),
            };
            let digits = u8::try_from(next() % 8).unwrap();
            let Ok(d) = DateTime::from_ticks(ticks, offset, digits) else {
                continue;
            };
            let (iso, json) = reference_spellings(&d);
            assert_eq!(d.to_iso_string(), iso);
            assert_eq!(d.to_json_string(), json);
            assert!(d.is_written_iso(&iso));
            checked += 1;
        }
        assert!(checked > 15_000, "{checked}");
    }

    fn json_err(s: &str) -> String {
        match DateTime::parse_json(s) {
            Ok(d) => panic!("{s} parsed as {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn iso_err(s: &str) -> String {
        match DateTime::parse_iso(s) {
            Ok(d) => panic!("{s} parsed as {d:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// Serialization builds the spelling on the stack; it must be `to_json_string`'s,
    /// up to the longest one (the earliest instant, with the widest negative offset).
    #[test]
    fn serialize_writes_the_json_spelling_without_a_string() {
        let earliest = DateTime::from_ticks(MIN_WALL + 24 * 60 * TICKS_PER_MINUTE, Offset::Utc, 7)
            .unwrap()
            .with_offset(Offset::Fixed(-(23 * 60 + 59)))
            .unwrap();
        let latest = DateTime::from_ticks(MAX_WALL - 24 * 60 * TICKS_PER_MINUTE, Offset::Utc, 7)
            .unwrap()
            .with_offset(Offset::Fixed(23 * 60 + 59))
            .unwrap();
        for d in [
            earliest,
            latest,
            DateTime::from_unix_millis(0),
            json("/Date(-1)/"),
            json("/Date(1474932023993+0200)/"),
            json("/Date(1474932023993-0030)/"),
        ] {
            let spelled = d.to_json_string();
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{spelled}\""),
                "{d:?}"
            );
        }
        assert_eq!(earliest.to_json_string(), "/Date(-62135510400000-2359)/");
    }

    #[test]
    fn range_constants() {
        assert_eq!(MIN_WALL / TICKS_PER_DAY, -719_162);
        assert_eq!((MAX_WALL + 1) / TICKS_PER_DAY, 2_932_897);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn calendar_round_trip_every_day() {
        let mut expected = (1_i64, 1_i64, 1_i64);
        for days in MIN_WALL / TICKS_PER_DAY..=MAX_WALL / TICKS_PER_DAY {
            assert_eq!(civil_from_days(days), expected);
            assert_eq!(days_from_civil(expected.0, expected.1, expected.2), days);
            let (y, m, d) = expected;
            let dim = i64::from(days_in_month(y as u32, m as u32));
            expected = if d < dim {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
        assert_eq!(expected, (10_000, 1, 1));
    }

    #[test]
    fn json_examples() {
        let d = json("/Date(1474932023993)/");
        assert_eq!(d.unix_millis(), 1_474_932_023_993);
        assert_eq!(d.ticks(), 14_749_320_239_930_000);
        assert_eq!(d.offset(), Offset::Utc);
        assert_eq!(d.frac_digits(), 3);
        assert_eq!(d.to_iso_string(), "2016-09-26T23:20:23.993Z");
        assert_eq!(d.to_json_string(), "/Date(1474932023993)/");

        let d = json("/Date(1474932024822)/");
        assert_eq!(d.to_iso_string(), "2016-09-26T23:20:24.822Z");

        let d = json("/Date(1474932023993+0200)/");
        assert_eq!(d.unix_millis(), 1_474_932_023_993);
        assert_eq!(d.offset(), Offset::Fixed(120));
        assert_eq!(d.offset_minutes(), 120);
        assert_eq!(d.to_iso_string(), "2016-09-27T01:20:23.993+02:00");
        assert_eq!(d.to_json_string(), "/Date(1474932023993+0200)/");

        let d = json("/Date(1474932023993-0530)/");
        assert_eq!(d.offset(), Offset::Fixed(-330));
        assert_eq!(d.to_json_string(), "/Date(1474932023993-0530)/");
    }

    #[test]
    fn json_negative_millis() {
        let d = json("/Date(-1)/");
        assert_eq!(d.ticks(), -10_000);
        assert_eq!(d.to_iso_string(), "1969-12-31T23:59:59.999Z");
        assert_eq!(d.to_json_string(), "/Date(-1)/");

        let d = json("/Date(-1234567890123)/");
        assert_eq!(d.to_iso_string(), "1930-11-18T00:28:29.877Z");
        assert_eq!(d.to_json_string(), "/Date(-1234567890123)/");

        assert_eq!(
            json("/Date(0)/").to_iso_string(),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn json_non_canonical_input_normalises() {
        assert_eq!(json("/Date(-0)/").to_json_string(), "/Date(0)/");
        assert_eq!(json("/Date(0001)/").to_json_string(), "/Date(1)/");
    }

    #[test]
    fn json_range_limits() {
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
        let min = json("/Date(-62135596800000)/");
        assert_eq!(min.to_iso_string(), "0001-01-01T00:00:00.000Z");
        let max = json("/Date(253402300799999)/");
        assert_eq!(max.to_iso_string(), "9999-12-31T23:59:59.999Z");
        assert!(json_err("/Date(-62135596800001)/").contains("out of range"));
        assert!(json_err("/Date(253402300800000)/").contains("out of range"));
        // The offset shifts the wall clock past the range.
        assert!(json_err("/Date(-62135596800000-0100)/").contains("out of range"));
        assert!(json_err("/Date(253402300799999+0001)/").contains("out of range"));
    }

    #[test]
    fn json_garbage() {
        for s in [
            "",
            "/Date()/",
            "/Date(12a)/",
            "/Date(-)/",
            "/Date(+12)/",
            "/Date( 12)/",
            "/Date(12 )/",
            "/Date(12+02)/",
            "/Date(12+020)/",
            "/Date(12+02000)/",
            "/Date(12+02:00)/",
            "/Date(12Z)/",
            "/Date(12)",
            "Date(12)/",
            "/date(12)/",
            "\\/Date(12)\\/",
            "/Date(12)/ ",
            "/Date(1.5)/",
            "/Date(--1)/",
            "/Date(١٢)/",
        ] {
            let err = json_err(s);
            assert!(err.contains(JSON_EXPECTED), "{s}: {err}");
        }
        assert!(json_err("/Date(12+0260)/").contains("offset minutes 60 out of range"));
        assert!(json_err("/Date(12+2400)/").contains("out of range"));
    }

    #[test]
    fn json_overflow() {
        let err = json_err("/Date(99999999999999999999)/");
        assert!(err.contains("out of range"), "{err}");
        let err = json_err("/Date(-99999999999999999999)/");
        assert!(err.contains("out of range"), "{err}");
        // Fits in i64 milliseconds but not in i64 ticks.
        assert!(json_err("/Date(9223372036854775807)/").contains("out of range"));
        assert!(json_err("/Date(-9223372036854775808)/").contains("out of range"));
    }

    #[test]
    fn iso_examples() {
        let d = iso("2016-09-26T16:20:24.8356669-07:00");
        assert_eq!(d.ticks(), 14_749_320_248_356_669);
        assert_eq!(d.offset(), Offset::Fixed(-420));
        assert_eq!(d.frac_digits(), 7);
        assert_eq!(d.to_iso_string(), "2016-09-26T16:20:24.8356669-07:00");
        assert_eq!(d.to_json_string(), "/Date(1474932024835-0700)/");

        let d = iso("2012-01-11T19:03:22.7433336-08:00");
        assert_eq!(d.ticks(), 13_263_374_027_433_336);
        assert_eq!(d.to_iso_string(), "2012-01-11T19:03:22.7433336-08:00");
        assert_eq!(d.to_json_string(), "/Date(1326337402743-0800)/");

        let d = iso("2016-09-26T23:20:24Z");
        assert_eq!(d.offset(), Offset::Utc);
        assert_eq!(d.frac_digits(), 0);
        assert_eq!(d.unix_millis(), 1_474_932_024_000);

        let d = iso("2016-09-26T23:20:24.5");
        assert_eq!(d.offset(), Offset::Unspecified);
        assert_eq!(d.frac_digits(), 1);
        assert_eq!(d.unix_millis(), 1_474_932_024_500);
        assert_eq!(d.to_iso_string(), "2016-09-26T23:20:24.5");
        assert_eq!(d.to_json_string(), "/Date(1474932024500)/");
    }

    #[test]
    fn iso_year_boundaries() {
        let d = iso("0001-01-01T00:00:00");
        assert_eq!(d.ticks(), MIN_WALL);
        let d = iso("9999-12-31T23:59:59.9999999Z");
        assert_eq!(d.ticks(), MAX_WALL);
        assert_eq!(d.to_iso_string(), "9999-12-31T23:59:59.9999999Z");
        assert_eq!(d.to_json_string(), "/Date(253402300799999)/");
        // In range as wall clock even though the UTC instant is outside it.
        let d = iso("0001-01-01T00:00:00+01:00");
        assert_eq!(d.ticks(), MIN_WALL - 60 * TICKS_PER_MINUTE);
        assert_eq!(d.to_iso_string(), "0001-01-01T00:00:00+01:00");
        assert!(iso_err("0000-12-31T23:59:59Z").contains("year 0000 out of range"));
    }

    #[test]
    fn iso_leap_days() {
        assert_eq!(
            iso("2016-02-29T00:00:00Z").to_iso_string(),
            "2016-02-29T00:00:00Z"
        );
        assert_eq!(
            iso("2000-02-29T00:00:00Z").to_iso_string(),
            "2000-02-29T00:00:00Z"
        );
        assert!(iso_err("2015-02-29T00:00:00Z").contains("day 29 out of range for 2015-02"));
        assert!(iso_err("1900-02-29T00:00:00Z").contains("day 29 out of range"));
        assert!(iso_err("2016-04-31T00:00:00Z").contains("day 31 out of range"));
    }

    #[test]
    fn iso_field_ranges() {
        assert!(iso_err("2016-13-01T00:00:00Z").contains("month 13 out of range"));
        assert!(iso_err("2016-00-01T00:00:00Z").contains("month 00 out of range"));
        assert!(iso_err("2016-01-00T00:00:00Z").contains("day 00 out of range"));
        assert!(iso_err("2016-01-01T24:00:00Z").contains("hour 24 out of range"));
        assert!(iso_err("2016-01-01T00:60:00Z").contains("minute 60 out of range"));
        assert!(iso_err("2016-12-31T23:59:60Z").contains("second 60 out of range"));
        assert!(iso_err("2016-01-01T00:00:00+01:60").contains("offset minutes 60"));
        assert!(iso_err("2016-01-01T00:00:00+24:00").contains("out of range"));
        assert!(iso_err("2016-01-01T00:00:00-99:59").contains("out of range"));
        let d = iso("2016-01-01T00:00:00-23:59");
        assert_eq!(d.offset(), Offset::Fixed(-1439));
    }

    #[test]
    fn iso_garbage() {
        for s in [
            "",
            "2016-9-26T16:20:24Z",
            "2016-09-26 16:20:24Z",
            "2016-09-26t16:20:24Z",
            "2016-09-26T16:20Z",
            "2016-09-26T16:20:24z",
            "2016-09-26T16:20:24.",
            "2016-09-26T16:20:24.Z",
            "2016-09-26T16:20:24,5Z",
            "2016-09-26T16:20:24+0700",
            "2016-09-26T16:20:24+7:00",
            "2016-09-26T16:20:24Z ",
            " 2016-09-26T16:20:24Z",
            "2016-09-26T16:20:24ZZ",
            "+2016-09-26T16:20:24Z",
            "20160926T162024Z",
            "2016-09-26",
            "2016-09-26T16:20:24.5é",
            "２016-09-26T16:20:24Z",
        ] {
            let err = iso_err(s);
            assert!(err.contains(ISO_EXPECTED), "{s}: {err}");
        }
        let err = iso_err("2016-09-26T16:20:24.83566691-07:00");
        assert!(
            err.contains("fractional seconds longer than 7 digits"),
            "{err}"
        );
    }

    #[test]
    fn error_message_is_bounded() {
        let long = "x".repeat(10_000);
        let err = iso_err(&long);
        assert!(err.len() < 200, "{}", err.len());
        assert!(err.contains('…'));
    }

    #[test]
    fn negative_zero_offset_is_written_positive() {
        let d = iso("2016-01-01T00:00:00-00:00");
        assert_eq!(d.offset(), Offset::Fixed(0));
        assert_eq!(d.to_iso_string(), "2016-01-01T00:00:00+00:00");
    }

    #[test]
    fn iso_truncates_to_frac_digits() {
        let d = iso("2016-09-26T16:20:24.8356669-07:00");
        let d3 = DateTime::from_ticks(d.ticks(), d.offset(), 3).unwrap();
        assert_eq!(d3.to_iso_string(), "2016-09-26T16:20:24.835-07:00");
        let d0 = DateTime::from_ticks(d.ticks(), Offset::Utc, 0).unwrap();
        assert_eq!(d0.to_iso_string(), "2016-09-26T23:20:24Z");
        // Before 1970 truncation still goes toward the past.
        let neg = DateTime::from_ticks(-1, Offset::Utc, 3).unwrap();
        assert_eq!(neg.to_iso_string(), "1969-12-31T23:59:59.999Z");
        assert_eq!(neg.unix_millis(), -1);
    }

    #[test]
    fn constructors() {
        let d = DateTime::from_unix_millis(1_474_932_023_993);
        assert_eq!(d, json("/Date(1474932023993)/"));
        assert_eq!(
            DateTime::from_unix_millis(i64::MAX).to_iso_string(),
            "9999-12-31T23:59:59.999Z"
        );
        assert_eq!(
            DateTime::from_unix_millis(i64::MIN).to_iso_string(),
            "0001-01-01T00:00:00.000Z"
        );

        assert!(DateTime::from_ticks(0, Offset::Utc, 8).is_err());
        assert!(DateTime::from_ticks(0, Offset::Fixed(1440), 0).is_err());
        assert!(DateTime::from_ticks(0, Offset::Fixed(i16::MIN), 0).is_err());
        assert!(DateTime::from_ticks(i64::MAX, Offset::Fixed(60), 0).is_err());
        assert!(DateTime::from_ticks(i64::MIN, Offset::Fixed(-60), 0).is_err());
        assert!(DateTime::from_ticks(MAX_WALL + 1, Offset::Unspecified, 0).is_err());
        assert!(DateTime::from_ticks(MIN_WALL - 1, Offset::Utc, 0).is_err());

        let d = json("/Date(1474932023993)/");
        let shifted = d.with_offset(Offset::Fixed(-420)).unwrap();
        assert_eq!(shifted.ticks(), d.ticks());
        assert_eq!(shifted.to_iso_string(), "2016-09-26T16:20:23.993-07:00");
        assert_eq!(shifted.to_json_string(), "/Date(1474932023993-0700)/");
        let min = DateTime::from_ticks(MIN_WALL, Offset::Utc, 0).unwrap();
        assert!(min.with_offset(Offset::Fixed(-1)).is_err());
        assert!(min.with_offset(Offset::Fixed(1)).is_ok());
    }

    #[test]
    fn write_appends() {
        let d = json("/Date(0)/");
        let mut out = String::from("at ");
        d.write_iso(&mut out);
        out.push_str(" = ");
        d.write_json(&mut out);
        assert_eq!(out, "at 1970-01-01T00:00:00.000Z = /Date(0)/");
    }

    #[test]
    fn display_and_from_str() {
        let d: DateTime = "/Date(1474932023993+0200)/".parse().unwrap();
        assert_eq!(d.to_string(), "2016-09-27T01:20:23.993+02:00");
        let e: DateTime = "2016-09-27T01:20:23.993+02:00".parse().unwrap();
        assert_eq!(d, e);
        assert!(
            "/Date(x)/"
                .parse::<DateTime>()
                .unwrap_err()
                .to_string()
                .contains("/Date(")
        );
        assert!(
            "nope"
                .parse::<DateTime>()
                .unwrap_err()
                .to_string()
                .contains("YYYY")
        );
    }

    #[test]
    fn serde_json_round_trip() {
        let d: DateTime = serde_json::from_str(r#""\/Date(1474932023993)\/""#).unwrap();
        assert_eq!(d.unix_millis(), 1_474_932_023_993);
        let d: DateTime = serde_json::from_str(r#""/Date(1474932023993+0200)/""#).unwrap();
        assert_eq!(d.offset(), Offset::Fixed(120));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#""/Date(1474932023993+0200)/""#
        );
        let err = serde_json::from_str::<DateTime>(r#""26/09/2016""#).unwrap_err();
        assert!(err.to_string().contains("invalid date"), "{err}");
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        let err = serde_json::from_str::<DateTime>("1474932023993").unwrap_err();
        assert!(err.to_string().contains("/Date("), "{err}");
    }

    /// .NET (`DateTime.ToString("o")`) and JavaScript (`toISOString`) re-serialise
    /// dates as ISO 8601 strings; JSON accepts them and writes them back unchanged,
    /// while XML output spells them as XML always does.
    #[test]
    fn iso_dates_in_json_keep_their_spelling() {
        for spelled in [
            "2016-09-26T16:20:24.8356669-07:00",
            "2016-09-26T23:20:24.835Z",
            "2016-09-26T23:20:24",
        ] {
            let quoted = format!("\"{spelled}\"");
            let d: DateTime = serde_json::from_str(&quoted).unwrap();
            assert!(d.iso_in_json(), "{spelled}");
            assert_eq!(d, iso(spelled).with_iso_in_json(true));
            assert_eq!(serde_json::to_string(&d).unwrap(), quoted);
            assert_eq!(d.to_iso_string(), spelled);
            assert_eq!(
                format!("{d:?}"),
                format!("DateTime({spelled}, ISO in JSON)")
            );
        }
        let d: DateTime = serde_json::from_str(r#""/Date(1474932023993)/""#).unwrap();
        assert!(!d.iso_in_json());
        assert_eq!(
            serde_json::to_string(&d.with_iso_in_json(true)).unwrap(),
            r#""2016-09-26T23:20:23.993Z""#
        );
        // The flag survives an offset change.
        let shifted = iso("2016-09-26T23:20:24Z")
            .with_iso_in_json(true)
            .with_offset(Offset::Fixed(-420))
            .unwrap();
        assert_eq!(
            serde_json::to_string(&shifted).unwrap(),
            r#""2016-09-26T16:20:24-07:00""#
        );
        // A string meant as ISO gets the ISO parser's own, precise complaint.
        let err = serde_json::from_str::<DateTime>(r#""2016-02-30T00:00:00Z""#).unwrap_err();
        assert!(err.to_string().contains("day 30 out of range"), "{err}");
    }

    #[test]
    fn cross_format() {
        for s in [
            "/Date(1474932023993)/",
            "/Date(1474932023993+0200)/",
            "/Date(-1234567890123-1130)/",
            "/Date(-62135596800000)/",
            "/Date(253402300799999)/",
            "/Date(0+0000)/",
        ] {
            let iso_form = json(s).to_iso_string();
            assert_eq!(iso(&iso_form).to_json_string(), s, "via {iso_form}");
        }
        // Seven digits survive ISO, but JSON keeps the millisecond only.
        let d = iso("2016-09-26T16:20:24.8356669-07:00");
        let back = json(&d.to_json_string());
        assert_eq!(back.ticks(), 14_749_320_248_350_000);
        assert_eq!(back.to_iso_string(), "2016-09-26T16:20:24.835-07:00");
    }

    /// Minimal 64-bit LCG (Knuth's MMIX constants), enough to spread values.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 11
        }

        fn range(&mut self, lo: i64, hi: i64) -> i64 {
            let span = (hi - lo) as u64 + 1;
            lo + (self.next() % span) as i64
        }
    }

    #[test]
    fn brute_force_round_trips() {
        let mut rng = Lcg(0x5eed);
        let mut checked = 0;
        for _ in 0..5_000 {
            let ticks = rng.range(MIN_WALL, MAX_WALL);
            let offset = match rng.next() % 3 {
                0 => Offset::Utc,
                1 => Offset::Unspecified,
                _ => Offset::Fixed(rng.range(-1439, 1439) as i16),
            };
            let digits = (rng.next() % 8) as u8;
            let Ok(d) = DateTime::from_ticks(ticks, offset, digits) else {
                continue;
            };
            checked += 1;

            // ISO: the string round-trips; the instant is cut to its digits.
            let s = d.to_iso_string();
            let back = iso(&s);
            assert_eq!(back.to_iso_string(), s);
            assert_eq!(back.offset(), offset);
            assert_eq!(back.frac_digits(), digits);
            let unit = POW10[usize::from(7 - digits)];
            assert_eq!(back.ticks(), ticks.div_euclid(unit) * unit, "{s}");
            assert_eq!(s.parse::<DateTime>().unwrap(), back);

            // JSON: millisecond precision; Unspecified is written as UTC.
            let j = d.to_json_string();
            let back = json(&j);
            assert_eq!(back.to_json_string(), j);
            assert_eq!(back.ticks(), d.unix_millis() * TICKS_PER_MILLI);
            let expected_offset = match offset {
                Offset::Unspecified => Offset::Utc,
                other => other,
            };
            assert_eq!(back.offset(), expected_offset);

            // JSON -> ISO -> JSON is lossless.
            assert_eq!(iso(&back.to_iso_string()).to_json_string(), j);
        }
        assert!(checked > 4_000, "{checked}");
    }

    #[test]
    fn brute_force_json_millis() {
        let mut rng = Lcg(42);
        let lo = MIN_WALL / TICKS_PER_MILLI;
        let hi = MAX_WALL / TICKS_PER_MILLI;
        for _ in 0..3_000 {
            let ms = rng.range(lo, hi);
            let s = format!("/Date({ms})/");
            assert_eq!(json(&s).to_json_string(), s);
            assert_eq!(DateTime::from_unix_millis(ms), json(&s));
        }
    }

    #[test]
    fn prefixes_and_mutations_never_panic() {
        let samples = [
            "/Date(1474932023993)/",
            "/Date(-1474932023993+0200)/",
            "2016-09-26T16:20:24.8356669-07:00",
            "2012-01-11T19:03:22.7433336Z",
            "9999-12-31T23:59:59.9999999",
            "0001-01-01T00:00:00+14:00",
        ];
        let replacements = [
            "", "0", "9", "-", "+", ":", ".", "T", "Z", "é", "\u{0}", "99999",
        ];
        for s in samples {
            let mut inputs: Vec<String> = Vec::new();
            for i in 0..=s.len() {
                if s.is_char_boundary(i) {
                    inputs.push(s[..i].to_owned());
                    inputs.push(s[i..].to_owned());
                }
            }
            for i in 0..s.len() {
                for r in replacements {
                    inputs.push(format!("{}{}{}", &s[..i], r, &s[i + 1..]));
                }
            }
            for input in &inputs {
                let a = DateTime::parse_json(input);
                let b = DateTime::parse_iso(input);
                let c = input.parse::<DateTime>();
                for d in [a, b, c].into_iter().flatten() {
                    // Whatever parses must also write back without trouble.
                    let _ = (d.to_iso_string(), d.to_json_string());
                }
            }
        }
    }
}
