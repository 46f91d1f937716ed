//! Exact simulation time.
//!
//! Simulation time is an integer count of nanoseconds since the scenario epoch (t = 0 at
//! the start of the scenario). Ticks are *computed* as `t0 + n·dt`, never accumulated with
//! repeated floating-point `+=`, so that a run of a million ticks lands exactly where a
//! run of one tick of a million times the length would.
//!
//! Arithmetic saturates at the ends of the `i64` range (±292 years) instead of
//! overflowing. Scenario validation bounds every time a file can give (a run of at most
//! 10⁶ s, periods and delays of at most an hour), so real runs stay about 9,000 times
//! inside the limits; saturation is there so that a stray huge value, from a
//! caller that skipped validation or a far-future "never" sentinel, is harmless: it
//! stays huge and ordered, where overflow would panic in a debug build and wrap to a
//! large negative time in a release build.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// Nanoseconds in one second.
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;

/// An instant of simulation time, in integer nanoseconds since the scenario epoch.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(i64);

/// A span of simulation time, in integer nanoseconds. May be negative.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct SimDuration(i64);

/// `x.round() as i64` (halves away from zero, saturating, NaN to 0) without the library
/// call `round` is on baseline x86-64 (no SSE4.1 rounding instruction): the truncation is
/// one instruction, and the fraction it leaves is exact (below 2^52 the difference of
/// two doubles within one of each other is exact, by Sterbenz's lemma; above, `x` is
/// whole). Every conversion from seconds to simulation time goes through here, half a
/// million in the first cycle of a large raid's assignment.
fn nearest_integer(x: f64) -> i64 {
    let whole = x as i64;
    let fraction = x - whole as f64;
    if fraction >= 0.5 {
        whole.saturating_add(1)
    } else if fraction <= -0.5 {
        whole.saturating_sub(1)
    } else {
        whole
    }
}

impl SimTime {
    /// The scenario epoch, t = 0.
    pub const ZERO: SimTime = SimTime(0);

    /// An instant from integer nanoseconds since the epoch.
    pub const fn from_nanos(ns: i64) -> Self {
        SimTime(ns)
    }

    /// An instant from seconds since the epoch, rounded to the nearest nanosecond.
    pub fn from_seconds(s: f64) -> Self {
        SimTime(nearest_integer(s * NANOS_PER_SECOND as f64))
    }

    /// Nanoseconds since the epoch.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// Seconds since the epoch. Exact to the nanosecond for spans under ~104 days.
    pub fn as_seconds(self) -> f64 {
        // Split so that the integer part never loses precision in the conversion. For
        // the non-negative times of every run, `/` and `%` are the Euclidean division
        // and remainder, and compile to a fraction of their instructions (this is one of
        // the hottest calls of a run).
        let (whole, frac) = if self.0 >= 0 {
            (self.0 / NANOS_PER_SECOND, self.0 % NANOS_PER_SECOND)
        } else {
            (
                self.0.div_euclid(NANOS_PER_SECOND),
                self.0.rem_euclid(NANOS_PER_SECOND),
            )
        };
        whole as f64 + frac as f64 * 1e-9
    }

    /// The span from `earlier` to `self`, saturating.
    pub const fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A span from integer nanoseconds.
    pub const fn from_nanos(ns: i64) -> Self {
        SimDuration(ns)
    }

    /// A span from seconds, rounded to the nearest nanosecond.
    pub fn from_seconds(s: f64) -> Self {
        SimDuration(nearest_integer(s * NANOS_PER_SECOND as f64))
    }

    /// The span in nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// The span in seconds.
    pub fn as_seconds(self) -> f64 {
        SimTime(self.0).as_seconds()
    }

    /// `n` times this span, exactly while the product fits, else saturated.
    pub const fn times(self, n: i64) -> SimDuration {
        SimDuration(self.0.saturating_mul(n))
    }
}

// The operators saturate; the module documentation says why.

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        *self = *self + d;
    }
}

impl Sub<SimDuration> for SimTime {
    type Output = SimTime;
    fn sub(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(d.0))
    }
}

impl Sub for SimTime {
    type Output = SimDuration;
    fn sub(self, other: SimTime) -> SimDuration {
        self.since(other)
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, d: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(d.0))
    }
}

impl fmt::Display for SimTime {
    /// Seconds with nanosecond precision, trailing zeros trimmed (`12.5`, `0.015625`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / NANOS_PER_SECOND as u64;
        let frac = abs % NANOS_PER_SECOND as u64;
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{frac:09}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// The world's fixed tick: instant `n` is `t0 + n·dt`, computed, never accumulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TickClock {
    t0: SimTime,
    dt: SimDuration,
}

impl TickClock {
    /// A tick sequence starting at `t0` with step `dt` (must be positive).
    pub fn new(t0: SimTime, dt: SimDuration) -> Self {
        debug_assert!(dt.as_nanos() > 0, "tick must be positive");
        TickClock { t0, dt }
    }

    /// The step between ticks.
    pub fn dt(&self) -> SimDuration {
        self.dt
    }

    /// The instant of tick `n` (saturating, like all time arithmetic).
    pub fn time_of(&self, n: u64) -> SimTime {
        // A tick count past i64::MAX would wrap negative in a cast; the product
        // saturates there anyway.
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        self.t0 + self.dt.times(n)
    }

    /// The number of whole ticks needed to reach or pass `t` from `t0`.
    pub fn ticks_to_cover(&self, t: SimTime) -> u64 {
        let span = (t - self.t0).as_nanos().max(0) as u64;
        span.div_ceil(self.dt.as_nanos() as u64)
    }
}

/// A UTC instant: the wall-clock time simulation time zero stands for (a run's epoch),
/// and what sim times map to when they leave the process (the live picture, ASTERIX time
/// of day, DIS timestamps).
///
/// Stored as integer nanoseconds since 1970-01-01T00:00:00Z in POSIX time, which has no
/// leap seconds: a run that spans one is a second off after it, as every POSIX clock is.
/// Only instants from 1970 to 2262 are representable. On the wire it is RFC 3339 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    unix_nanos: i64,
}

/// Text that is not an RFC 3339 UTC instant tdome can hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected an RFC 3339 UTC time such as 2026-01-01T00:00:00Z (1970 to 2262), got {0:?}")]
pub struct UtcParseError(pub String);

impl UtcTime {
    /// The default epoch of a scenario that names none: 2026-01-01T00:00:00Z, an
    /// arbitrary fixed instant so that runs stay reproducible.
    pub const DEFAULT_EPOCH: UtcTime = UtcTime {
        unix_nanos: 1_767_225_600 * NANOS_PER_SECOND,
    };

    /// From nanoseconds since 1970-01-01T00:00:00Z (negative values are clamped to 0).
    pub const fn from_unix_nanos(ns: i64) -> Self {
        UtcTime {
            unix_nanos: if ns < 0 { 0 } else { ns },
        }
    }

    /// Nanoseconds since 1970-01-01T00:00:00Z.
    pub const fn unix_nanos(self) -> i64 {
        self.unix_nanos
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> f64 {
        self.unix_nanos as f64 / NANOS_PER_SECOND as f64
    }

    /// The wall clock now.
    pub fn now() -> Self {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        UtcTime::from_unix_nanos(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
    }

    /// Parse RFC 3339 text such as `2026-01-01T00:00:00Z` or `2026-01-01T08:00:00+08:00`.
    pub fn parse_rfc3339(text: &str) -> Result<Self, UtcParseError> {
        let bad = || UtcParseError(text.to_owned());
        let text = text.trim();
        // humantime takes only the `Z` zone; an explicit offset is applied here. A
        // missing zone is refused, so that nobody's local time is assumed.
        let t = if text.ends_with(['Z', 'z']) {
            humantime::parse_rfc3339_weak(text).ok()
        } else {
            offset_applied(text)
        }
        .ok_or_else(bad)?;
        let d = t.duration_since(std::time::UNIX_EPOCH).map_err(|_| bad())?;
        Ok(UtcTime::from_unix_nanos(
            i64::try_from(d.as_nanos()).map_err(|_| bad())?,
        ))
    }

    /// The instant `t` of simulation time stands for, this being its epoch.
    pub fn at(self, t: SimTime) -> UtcTime {
        UtcTime::from_unix_nanos(self.unix_nanos.saturating_add(t.as_nanos()))
    }

    /// The simulation time of the UTC instant `utc`, this being the epoch: the inverse of
    /// [`UtcTime::at`] (negative before the epoch).
    pub fn sim_time_of(self, utc: UtcTime) -> SimTime {
        SimTime::from_nanos(utc.unix_nanos.saturating_sub(self.unix_nanos))
    }
}

/// The instant `text` names: its time without the zone, moved by the `±hh:mm` offset `text` ends with.
fn offset_applied(text: &str) -> Option<std::time::SystemTime> {
    let (head, tail) = text.split_at(text.len().checked_sub(6)?);
    let b = tail.as_bytes();
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    if b[3] != b':' || !head.contains('T') {
        return None;
    }
    let hours: u64 = tail[1..3].parse().ok()?;
    let minutes: u64 = tail[4..6].parse().ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    let base = humantime::parse_rfc3339_weak(head).ok()?;
    let shift = std::time::Duration::from_secs(hours * 3600 + minutes * 60);
    // Local time = UTC + offset, so UTC = local − offset.
    if sign > 0 {
        base.checked_sub(shift)
    } else {
        base.checked_add(shift)
    }
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = std::time::UNIX_EPOCH
            + std::time::Duration::from_nanos(u64::try_from(self.unix_nanos).unwrap_or(0));
        if self.unix_nanos % NANOS_PER_SECOND == 0 {
            write!(f, "{}", humantime::format_rfc3339_seconds(t))
        } else {
            write!(f, "{}", humantime::format_rfc3339_nanos(t))
        }
    }
}

impl serde::Serialize for UtcTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for UtcTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        UtcTime::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    /// The rounding is `f64::round`'s, halves, extremes and non-numbers included.
    #[test]
    fn nearest_integer_is_round() {
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            9.2e18,
            9.3e18,
            -9.3e18,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            1e-300,
        ];
        // A deterministic spread over magnitudes and fractions.
        let mut x = 0.123_456_789_f64;
        for k in 0..20_000 {
            x = (x * 1_103_515_245.0 + 12_345.0) % 1e6;
            let scale = 10f64.powi((k % 40) - 20);
            cases.push(x * scale);
            cases.push(-x * scale);
            cases.push((x * scale).trunc() + 0.5);
        }
        for c in cases {
            assert_eq!(nearest_integer(c), c.round() as i64, "{c:e}");
        }
    }

    use super::*;

    #[test]
    fn ticks_are_computed_exactly() {
        let clock = TickClock::new(SimTime::ZERO, SimDuration::from_seconds(1.0 / 64.0));
        // 1/64 s is exact in nanoseconds: 15_625_000 ns.
        assert_eq!(clock.dt().as_nanos(), 15_625_000);
        assert_eq!(clock.time_of(64 * 3600).as_seconds(), 3600.0);
        // Accumulating 0.1 s in f64 drifts; the integer clock does not.
        let c = TickClock::new(SimTime::ZERO, SimDuration::from_seconds(0.1));
        assert_eq!(c.time_of(1_000_000).as_nanos(), 100_000 * NANOS_PER_SECOND);
        let mut acc = 0.0_f64;
        for _ in 0..1_000_000 {
            acc += 0.1;
        }
        assert_ne!(acc, 100_000.0);
    }

    #[test]
    fn ticks_to_cover_rounds_up() {
        let c = TickClock::new(SimTime::ZERO, SimDuration::from_nanos(10));
        assert_eq!(c.ticks_to_cover(SimTime::from_nanos(0)), 0);
        assert_eq!(c.ticks_to_cover(SimTime::from_nanos(1)), 1);
        assert_eq!(c.ticks_to_cover(SimTime::from_nanos(10)), 1);
        assert_eq!(c.ticks_to_cover(SimTime::from_nanos(11)), 2);
    }

    #[test]
    fn display_trims_and_keeps_sign() {
        assert_eq!(SimTime::from_nanos(12_500_000_000).to_string(), "12.5");
        assert_eq!(SimTime::from_nanos(15_625_000).to_string(), "0.015625");
        assert_eq!(SimTime::from_nanos(-1_500_000_000).to_string(), "-1.5");
        assert_eq!(SimTime::from_nanos(3_000_000_000).to_string(), "3");
    }

    #[test]
    fn addition_saturates_instead_of_overflowing() {
        let max = SimTime::from_nanos(i64::MAX);
        let min = SimTime::from_nanos(i64::MIN);
        let one = SimDuration::from_nanos(1);
        assert_eq!(max + one, max);
        assert_eq!(max + SimDuration::from_nanos(i64::MAX), max);
        assert_eq!(min + SimDuration::from_nanos(-1), min);
        let mut t = SimTime::from_nanos(i64::MAX - 1);
        t += SimDuration::from_nanos(5);
        assert_eq!(t, max);
        let mut u = SimTime::from_nanos(i64::MIN + 1);
        u += SimDuration::from_nanos(-5);
        assert_eq!(u, min);
        assert_eq!(
            SimDuration::from_nanos(i64::MAX) + one,
            SimDuration::from_nanos(i64::MAX)
        );
        assert_eq!(
            SimDuration::from_nanos(i64::MIN) + SimDuration::from_nanos(-1),
            SimDuration::from_nanos(i64::MIN)
        );
        // Inside the range nothing changes.
        assert_eq!(
            SimTime::from_nanos(5) + SimDuration::from_nanos(-7),
            SimTime::from_nanos(-2)
        );
    }

    #[test]
    fn subtraction_saturates_instead_of_overflowing() {
        let max = SimTime::from_nanos(i64::MAX);
        let min = SimTime::from_nanos(i64::MIN);
        assert_eq!(min - SimDuration::from_nanos(1), min);
        assert_eq!(max - SimDuration::from_nanos(-1), max);
        assert_eq!(max - min, SimDuration::from_nanos(i64::MAX));
        assert_eq!(min - max, SimDuration::from_nanos(i64::MIN));
        assert_eq!(min.since(max), SimDuration::from_nanos(i64::MIN));
        assert_eq!(
            SimTime::from_nanos(3) - SimTime::from_nanos(10),
            SimDuration::from_nanos(-7)
        );
    }

    #[test]
    fn times_saturates_in_both_directions() {
        let hour = SimDuration::from_seconds(3600.0);
        assert_eq!(hour.times(i64::MAX), SimDuration::from_nanos(i64::MAX));
        assert_eq!(hour.times(i64::MIN), SimDuration::from_nanos(i64::MIN));
        assert_eq!(
            SimDuration::from_nanos(-2).times(i64::MAX),
            SimDuration::from_nanos(i64::MIN)
        );
        assert_eq!(hour.times(3), SimDuration::from_seconds(10_800.0));
        // A scan schedule far past the end of any run stays in the future.
        let late = SimTime::from_seconds(1.0) + hour.times(i64::MAX / 2);
        assert_eq!(late, SimTime::from_nanos(i64::MAX));
    }

    #[test]
    fn huge_tick_counts_saturate() {
        let c = TickClock::new(SimTime::from_nanos(10), SimDuration::from_nanos(1));
        assert_eq!(c.time_of(u64::MAX), SimTime::from_nanos(i64::MAX));
        assert_eq!(c.time_of(5), SimTime::from_nanos(15));
    }

    #[test]
    fn seconds_conversion_is_exact_for_negative_times() {
        assert_eq!(SimTime::from_nanos(-1_500_000_000).as_seconds(), -1.5);
        assert_eq!(SimTime::from_seconds(-0.25).as_nanos(), -250_000_000);
    }

    #[test]
    fn utc_epoch_parses_formats_and_maps_sim_time() {
        let e = UtcTime::parse_rfc3339("2026-01-01T00:00:00Z").expect("parse");
        assert_eq!(e, UtcTime::DEFAULT_EPOCH);
        assert_eq!(e.to_string(), "2026-01-01T00:00:00Z");
        // 1 767 225 600 s: 56 years of 365 days plus 14 leap days (1972–2024).
        assert_eq!(e.unix_nanos(), (56 * 365 + 14) * 86_400 * NANOS_PER_SECOND);
        let t = SimTime::from_seconds(90.5);
        assert_eq!(e.at(t).to_string(), "2026-01-01T00:01:30.500000000Z");
        assert_eq!(e.sim_time_of(e.at(t)), t);
        let taipei = UtcTime::parse_rfc3339("2026-01-01T08:00:00+08:00").expect("offset");
        assert_eq!(taipei, e);
        let west = UtcTime::parse_rfc3339("2025-12-31T19:00:00-05:00").expect("offset");
        assert_eq!(west, e);
        for bad in [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "1969-12-31T23:59:59Z",
            "noon",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00+24:00",
        ] {
            assert!(UtcTime::parse_rfc3339(bad).is_err(), "{bad} accepted");
        }
        let json = serde_json::to_string(&e).expect("json");
        assert_eq!(json, "\"2026-01-01T00:00:00Z\"");
        assert_eq!(serde_json::from_str::<UtcTime>(&json).expect("back"), e);
    }
}
