//! The bounds a scenario's numbers must keep, beyond sign and finiteness.
//!
//! Each bound keeps a file that validates from failing, hanging or wrapping when it
//! runs. The upper bounds are generous: one or more orders of magnitude above any value
//! a real study would use. They are documented field by field in `docs/scenario.md`.
//!
//! Simulation time is integer nanoseconds in an `i64`, which reaches ±292 years; the
//! largest time a valid file can produce (the 10⁶ s duration plus an hour-long delay)
//! sits about 9,000 times inside that, so nothing near the limits is ever computed.

use crate::check::Bounds;

/// `[scenario] duration_s`, seconds: up to 10⁶ s (11.6 days). Campaigns longer than
/// that are many runs; and a tick count, with the shortest tick, stays below 10¹⁰.
pub(crate) const DURATION_S: Bounds = Bounds::above(0.0, 1e6);

/// `[scenario] tick_s`, seconds. The launch solver refuses integration steps shorter
/// than 0.1 ms, so a finer tick would validate and then fail to plan every ballistic
/// raid; a tick over 1 s steps a rocket through hundreds of metres and misses whole
/// radar scans.
pub(crate) const TICK_S: Bounds =
    Bounds::closed(1e-4, 1.0).because(" (the launch solver's shortest step is 0.1 ms)");

/// `[scenario] truth_record_period_s`, seconds: no longer than the longest run.
pub(crate) const TRUTH_RECORD_PERIOD_S: Bounds = Bounds::above(0.0, 1e6);

/// `scan_period_s`, seconds. Scan-to-scan revisit of real surveillance and fire-control
/// radars is from about 0.1 s to tens of seconds; below 50 ms the number of scans per
/// tick runs away (a period of 1 ns made the world hang), and a scan an hour is no
/// radar.
pub(crate) const SCAN_PERIOD_S: Bounds = Bounds::closed(0.05, 3600.0);

/// `first_scan_s`, seconds: a radar may switch on at any time up to the longest run.
pub(crate) const FIRST_SCAN_S: Bounds = Bounds::closed(0.0, 1e6);

/// `false_alarms_per_scan`: a mean of 1000 false plots a scan already swamps any
/// tracker. Far above it a scan draws that many plots one by one (a hang), and beyond
/// 1.8·10¹⁹ the Poisson sampler cannot be built at all, so the radar silently made no
/// clutter.
pub(crate) const FALSE_ALARMS_PER_SCAN: Bounds = Bounds::closed(0.0, 1000.0);

/// A raid's `count`: at least one threat, at most 100,000 in one raid.
pub(crate) const RAID_COUNT: (u32, u32) = (1, 100_000);

/// Threats in all raids together. Each is planned (with a launch solution for
/// ballistic ones) before the run and flown every tick; a million is far past any
/// salvo studied and keeps object ids well inside `u32`.
pub(crate) const TOTAL_THREATS: u64 = 1_000_000;

/// A raid's `cep_m`, metres: 100 km, which is beyond the range of most of the
/// catalogue's rockets; any larger scatter is not an aim.
pub(crate) const CEP_M: Bounds = Bounds::closed(0.0, 100_000.0).unit(" m");

/// How many CEPs the minimum-range check allows the aim to scatter towards the launch
/// area. Dispersion is circular normal, with CEP = 1.1774 σ, and P(r > kσ) =
/// exp(−k²/2): six CEPs is 7.06 σ, a chance of 1.6·10⁻¹¹ per threat, so that even a
/// million threats almost surely all land outside it.
pub(crate) const DISPERSION_CEPS: f64 = 6.0;

/// Safety factor on the minimum range found by the launch solver. The minimum is found
/// from the launch area's centre and at sampled azimuths (every 10°), while launches
/// start anywhere in the area and fly any azimuth between the samples; over a launch
/// area of tens of kilometres and 5° of azimuth the minimum range moves by well under
/// 1 %.
pub(crate) const MIN_RANGE_FACTOR: f64 = 1.02;

/// `[bmc] cycle_s`, seconds: from 100 cycles a second (finer than any tick worth
/// running) to one a minute (slower than any defence could act).
pub(crate) const BMC_CYCLE_S: Bounds = Bounds::closed(0.01, 60.0);

/// `prediction_step_s`, seconds.
pub(crate) const PREDICTION_STEP_S: Bounds = Bounds::closed(0.01, 60.0);

/// `prediction_horizon_s`, seconds: two hours covers the longest ballistic flight of
/// the catalogue many times over.
pub(crate) const PREDICTION_HORIZON_S: Bounds = Bounds::above(0.0, 7200.0);

/// Most steps one impact prediction may take (`prediction_horizon_s /
/// prediction_step_s`): every ballistic track is predicted every cycle, so the step
/// count is the cost that scales the battle manager.
pub(crate) const PREDICTION_STEPS: f64 = 100_000.0;

/// `intercept_search_step_s`, seconds: the spacing of candidate intercept times.
pub(crate) const INTERCEPT_SEARCH_STEP_S: Bounds = Bounds::closed(0.01, 60.0);

/// The battle manager's positive delays (track timeouts), seconds: an hour.
pub(crate) const BMC_TIMEOUT_S: Bounds = Bounds::above(0.0, 3600.0);

/// The battle manager's delays that may be zero (`kill_assessment_delay_s`,
/// `launch_commit_window_s`, `min_time_before_impact_s`, `min_track_age_s`), seconds: an hour.
pub(crate) const BMC_DELAY_S: Bounds = Bounds::closed(0.0, 3600.0);

/// An interceptor's `max_time_of_flight_s`, seconds: an hour, longer than any
/// interceptor flies.
pub(crate) const INTERCEPTOR_TIME_OF_FLIGHT_S: Bounds = Bounds::above(0.0, 3600.0);

/// An interceptor's `reaction_time_s`, seconds: an hour.
pub(crate) const INTERCEPTOR_REACTION_S: Bounds = Bounds::closed(0.0, 3600.0);
