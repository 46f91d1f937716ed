//! ASTERIX time of day and UTC. The time of day says the second of the day but not the
//! day: a writer takes the day from the run-start epoch; a receiver from its own clock,
//! taking the instant within twelve hours of it.

use tdome_core::UtcTime;

use crate::common::TimeOfDay;

const DAY_NANOS: i64 = 86_400 * 1_000_000_000;

/// The time of day of a UTC instant, to the field's 1/128 s.
pub fn time_of_day(utc: UtcTime) -> TimeOfDay {
    let nanos = utc.unix_nanos().rem_euclid(DAY_NANOS);
    TimeOfDay::from_seconds(nanos as f64 / 1e9)
}

/// The UTC instant of `tod` nearest `reference`: a report stamped just before midnight
/// received just after it belongs to the day before.
pub fn utc_near(tod: TimeOfDay, reference: UtcTime) -> UtcTime {
    let tod_nanos = (tod.seconds() * 1e9).round() as i64;
    let day_start = reference.unix_nanos() - reference.unix_nanos().rem_euclid(DAY_NANOS);
    let candidate = day_start + tod_nanos;
    let diff = candidate - reference.unix_nanos();
    let shifted = if diff > DAY_NANOS / 2 {
        candidate - DAY_NANOS
    } else if diff < -DAY_NANOS / 2 {
        candidate + DAY_NANOS
    } else {
        candidate
    };
    UtcTime::from_unix_nanos(shifted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> UtcTime {
        UtcTime::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn time_of_day_of_an_instant() {
        assert_eq!(time_of_day(utc("2026-01-01T00:00:00Z")).raw(), 0);
        assert_eq!(
            time_of_day(utc("2026-03-05T01:00:00.5Z")).seconds(),
            3_600.5
        );
        // 08:00 in Taipei is midnight UTC.
        assert_eq!(time_of_day(utc("2026-03-05T08:00:00+08:00")).raw(), 0);
    }

    #[test]
    fn nearest_day_across_midnight() {
        let just_after = utc("2026-03-05T00:00:01Z");
        let tod = TimeOfDay::from_seconds(86_399.0);
        assert_eq!(utc_near(tod, just_after), utc("2026-03-04T23:59:59Z"));
        let just_before = utc("2026-03-04T23:59:59Z");
        assert_eq!(
            utc_near(TimeOfDay::from_seconds(1.0), just_before),
            utc("2026-03-05T00:00:01Z")
        );
        let noon = utc("2026-03-05T12:00:00Z");
        assert_eq!(
            utc_near(TimeOfDay::from_seconds(3_600.0), noon),
            utc("2026-03-05T01:00:00Z")
        );
    }
}
