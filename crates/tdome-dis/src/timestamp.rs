//! DIS timestamps from UTC (IEEE 1278.1-2012, 6.2.88).

use dis_rs::model::{TimeUnits, Timestamp};
use tdome_core::UtcTime;

/// Nanoseconds in one hour.
const NANOS_PER_HOUR: u128 = 3_600_000_000_000;

/// The absolute DIS timestamp of `utc`: the time past the UTC hour in units of
/// 3600 s / 2^31 (about 1.676 µs), with the least significant bit set on the wire to
/// say "absolute" (tdome's clock is UTC, shared by every receiver that keeps UTC).
///
/// The units are counted down (the unit that has begun, not the nearest), in integers
/// from the exact nanoseconds: rounding to the nearest could give 2^31 in the last unit
/// of the hour, which the field cannot hold.
pub fn absolute_timestamp(utc: UtcTime) -> Timestamp {
    let past_hour = u128::from(utc.unix_nanos().unsigned_abs()) % NANOS_PER_HOUR;
    let units = past_hour * (1u128 << 31) / NANOS_PER_HOUR;
    // `units` < 2^31 since `past_hour` < one hour, so the conversions cannot fail; the
    // fallback is only for the compiler.
    let units = u32::try_from(units)
        .ok()
        .and_then(TimeUnits::new)
        .unwrap_or(TimeUnits::MAX);
    Timestamp::Absolute(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> UtcTime {
        UtcTime::parse_rfc3339(text).expect("valid time")
    }

    #[test]
    fn timestamps_match_hand_computed_values() {
        // The top of any hour is unit 0, absolute: 0x00000001 on the wire.
        assert_eq!(absolute_timestamp(at("2026-01-01T07:00:00Z")).to_u32(), 1);
        // Half past: 2^30 units, shifted left one with the absolute bit: 0x80000001.
        assert_eq!(
            absolute_timestamp(at("2026-01-01T07:30:00Z")).to_u32(),
            0x8000_0001
        );
        // One second past: 2^31 / 3600 = 596523.235… units, counted down to 596523;
        // on the wire 596523 × 2 + 1 = 1193047.
        assert_eq!(
            absolute_timestamp(at("2026-01-01T00:00:01Z")).to_u32(),
            1_193_047
        );
        // 12 min 34.5 s past: 754.5 × 2^31 / 3600 = 450076781.2… → 450076781,
        // on the wire 900153563.
        assert_eq!(
            absolute_timestamp(at("2026-03-15T13:12:34.5Z")).to_u32(),
            900_153_563
        );
        // The last nanosecond of an hour is the last unit, 2^31 − 1: all ones.
        let last = UtcTime::from_unix_nanos(at("2026-01-01T01:00:00Z").unix_nanos() - 1);
        assert_eq!(absolute_timestamp(last).to_u32(), u32::MAX);
    }

    #[test]
    fn a_timestamp_is_the_run_epoch_plus_simulation_time() {
        let epoch = at("2026-01-01T00:59:59Z");
        let t = tdome_core::SimTime::from_seconds(1.5);
        // 00:59:59 + 1.5 s is 0.5 s into the next hour: 2^31 / 7200 = 298261.6… units.
        assert_eq!(
            absolute_timestamp(epoch.at(t)).time_units().inner(),
            298_261
        );
    }
}
