//! Items every category shares: the data source and the time of day.

use crate::error::{DecodeError, DecodeErrorKind, EncodeError};

/// Data Source Identifier (I048/010, I034/010, I062/010): the System Area Code and
/// System Identification Code that name a radar or a tracker on the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataSource {
    /// System Area Code.
    pub sac: u8,
    /// System Identification Code.
    pub sic: u8,
}

impl DataSource {
    pub(crate) fn decode(b: &[u8]) -> Self {
        DataSource {
            sac: b[0],
            sic: b[1],
        }
    }

    pub(crate) fn encode(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.sac, self.sic]);
    }
}

impl std::fmt::Display for DataSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SAC {} SIC {}", self.sac, self.sic)
    }
}

/// Seconds since UTC midnight in units of 1/128 s, as I048/140, I034/030 and I062/070
/// carry it (24 bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(pub(crate) u32);

impl TimeOfDay {
    /// Units per second.
    pub const PER_SECOND: u32 = 128;
    /// Units in a day: the field wraps at midnight.
    pub const DAY: u32 = 86_400 * Self::PER_SECOND;

    /// From the raw field (must be below one day).
    pub fn from_raw(raw: u32) -> Option<Self> {
        (raw < Self::DAY).then_some(TimeOfDay(raw))
    }

    /// The raw field, 1/128 s.
    pub fn raw(self) -> u32 {
        self.0
    }

    /// The nearest representable time to `seconds` past midnight, wrapped into the day
    /// (the field cannot say which day: the receiver knows that).
    pub fn from_seconds(seconds: f64) -> Self {
        let raw = (seconds * f64::from(Self::PER_SECOND)).round();
        TimeOfDay((raw.rem_euclid(f64::from(Self::DAY))) as u32 % Self::DAY)
    }

    /// Seconds past midnight.
    pub fn seconds(self) -> f64 {
        f64::from(self.0) / f64::from(Self::PER_SECOND)
    }

    pub(crate) fn decode(b: &[u8], item: &'static str, at: usize) -> Result<Self, DecodeError> {
        let raw = u32::from_be_bytes([0, b[0], b[1], b[2]]);
        TimeOfDay::from_raw(raw).ok_or(DecodeError::at(
            at,
            DecodeErrorKind::InvalidValue {
                item,
                reason: "time of day of 24 h or more",
            },
        ))
    }

    pub(crate) fn encode(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_be_bytes()[1..]);
    }
}

/// Round `value / lsb` to the nearest integer in `[min, max]` (the field's raw range),
/// or say it does not fit.
pub(crate) fn quantise(
    item: &'static str,
    value: f64,
    lsb: f64,
    min: i64,
    max: i64,
) -> Result<i64, EncodeError> {
    let raw = (value / lsb).round();
    if raw.is_finite() && raw >= min as f64 && raw <= max as f64 {
        Ok(raw as i64)
    } else {
        Err(EncodeError {
            item,
            value,
            min: min as f64 * lsb,
            max: max as f64 * lsb,
        })
    }
}

/// A longitude wrapped into [−180, 180).
pub(crate) fn wrap_degrees(deg: f64) -> f64 {
    (deg + 180.0).rem_euclid(360.0) - 180.0
}

/// Sign-extend the low `bits` bits of `raw`.
#[inline]
pub(crate) fn signed(raw: u32, bits: u32) -> i32 {
    let shift = 32 - bits;
    ((raw << shift) as i32) >> shift
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_of_day_wraps_at_midnight_and_rounds_to_the_lsb() {
        assert_eq!(TimeOfDay::from_seconds(0.0).raw(), 0);
        assert_eq!(TimeOfDay::from_seconds(1.0 / 256.0 + 1e-9).raw(), 1);
        assert_eq!(TimeOfDay::from_seconds(86_400.0).raw(), 0);
        assert_eq!(TimeOfDay::from_seconds(-1.0).raw(), TimeOfDay::DAY - 128);
        assert_eq!(TimeOfDay::from_seconds(86_399.999).raw(), 0);
        assert!(TimeOfDay::from_raw(TimeOfDay::DAY).is_none());
        assert_eq!(TimeOfDay::from_seconds(3_600.5).seconds(), 3_600.5);
    }

    #[test]
    fn sign_extension() {
        assert_eq!(signed(0x3FF, 10), -1);
        assert_eq!(signed(0x1FF, 10), 511);
        assert_eq!(signed(0x200, 10), -512);
        assert_eq!(signed(0xFF_FFFF, 24), -1);
    }
}
