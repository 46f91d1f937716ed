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

/// Longest scenario or catalogue file read, bytes (32 MiB). Real files are kilobytes,
/// and a polygon of 100,000 vertices about 3 MB; the cap stops an endless input
/// (`/dev/zero`, a device, a wrong path) from filling memory before it is parsed.
pub(crate) const MAX_FILE_BYTES: u64 = 32 << 20;

/// `[scenario] seed`: 2⁶³ − 1, the largest integer TOML can write (its integers are
/// signed 64-bit); `--seed` on the command line takes the same range.
pub const MAX_SEED: u64 = i64::MAX as u64;

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

/// `false_alarms_per_scan`: the tracking benchmark runs 10,000 targets in as many false
/// alarms a scan; a hundred thousand takes the tracker seconds a scan. Far above it a
/// scan draws that many plots one by one (a hang), and beyond 1.8·10¹⁹ the Poisson
/// sampler cannot be built at all, so the radar silently made no clutter.
pub(crate) const FALSE_ALARMS_PER_SCAN: Bounds = Bounds::closed(0.0, 100_000.0);

/// `latency_s`, seconds: from the radar's own processing (tens of milliseconds) to a
/// slow relayed link; past a minute a plot arrives after its target has moved tens of
/// kilometres, and no track could use it.
pub(crate) const LATENCY_S: Bounds = Bounds::closed(0.0, 60.0);

/// Outage windows of one radar: each plot is checked against every window.
pub(crate) const OUTAGES: usize = 1_000;

/// `[sensor.detection] reference_range_km`: the range scale of the radar equation.
pub(crate) const REFERENCE_RANGE_KM: Bounds = Bounds::above(0.0, 5_000.0).unit(" km");

/// `[sensor.detection] pfa`: below 10⁻¹² the threshold of −ln Pfa ≈ 28 noise powers is
/// beyond any surveillance radar's; above 10⁻² the cell detections are mostly noise.
pub(crate) const PFA: Bounds = Bounds::closed(1e-12, 1e-2);

/// `bias.range_m`, metres: a range offset of ten kilometres is a broken radar.
pub(crate) const BIAS_RANGE_M: Bounds = Bounds::closed(-10_000.0, 10_000.0).unit(" m");

/// `bias.azimuth_mrad` and `bias.elevation_mrad`, milliradians: 0.1 rad (5.7°) is far
/// beyond any alignment error left after installation.
pub(crate) const BIAS_ANGLE_MRAD: Bounds = Bounds::closed(-100.0, 100.0).unit(" mrad");

/// `sac` and `sic` of a sensor or the battle manager: one byte each in ASTERIX's data
/// source identifier (I0xx/010).
pub(crate) const DATA_SOURCE_CODE: (u32, u32) = (0, 255);

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

/// Safety factor on the maximum range found by the physics, for the same reasons as
/// [`MIN_RANGE_FACTOR`]: found from the launch area's centre and at sampled azimuths, and
/// for a full burn, while the solver of some trajectory shapes gives up a little short
/// of the peak.
pub(crate) const MAX_RANGE_FACTOR: f64 = 1.02;

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

/// An interceptor's `reload_time_s`, seconds: a day (Patriot-class launchers are
/// publicly reloaded in about an hour; a day bounds a battery waiting on resupply).
pub(crate) const INTERCEPTOR_RELOAD_S: Bounds = Bounds::above(0.0, 86_400.0);

// Physical quantities. Each bound is far outside what any study uses, and inside what
// the models compute with finite numbers: without them `noise.range_m = 1e300` squared
// to infinity in the tracker, and `max_range_km = 1e300` put false alarms at infinite
// range in the records.

/// Heights of sites (`alt_m`), metres: from below the shore of the Dead Sea (−430 m) to
/// a stratospheric balloon.
pub(crate) const SITE_ALT_M: Bounds = Bounds::closed(-500.0, 50_000.0).unit(" m");

/// Vertices of one polygon. Containment is tested edge by edge, for every track, every
/// cycle; a country's outline from Natural Earth's finest scale has a few thousand.
pub(crate) const POLYGON_VERTICES: usize = 10_000;

/// Route points (`via`) of one raid.
pub(crate) const VIA_POINTS: usize = 1_000;

/// An asset's `value` (dimensionless, relative).
pub(crate) const ASSET_VALUE: Bounds = Bounds::above(0.0, 1e9);

/// `[[asset]] ground_height_m`, metres above the WGS-84 ellipsoid: the Dead Sea shore lies
/// about 400 m below it, the highest cities some 4 km above, and nothing on land above
/// 8.9 km.
pub(crate) const ASSET_GROUND_HEIGHT_M: Bounds = Bounds::closed(-1_000.0, 9_000.0).unit(" m");

/// A radar's `min_range_km` and `max_range_km`: the largest early-warning radars see a
/// few thousand kilometres, and the horizon hides the rest.
pub(crate) const RADAR_RANGE_KM: Bounds = Bounds::closed(0.0, 5_000.0).unit(" km");

/// `azimuth_start_deg`, degrees (it is wrapped; a bound keeps the wrap exact).
pub(crate) const AZIMUTH_START_DEG: Bounds = Bounds::closed(-360.0, 360.0).unit(" degrees");

/// `noise.range_m`, metres (one standard deviation).
pub(crate) const NOISE_RANGE_M: Bounds = Bounds::above(0.0, 10_000.0).unit(" m");

/// `noise.azimuth_deg` and `noise.elevation_deg`, degrees: beyond ten degrees the
/// converted-measurement covariance the tracker uses no longer describes the error.
pub(crate) const NOISE_ANGLE_DEG: Bounds = Bounds::above(0.0, 10.0).unit(" degrees");

/// `noise.range_rate_mps`, metres per second.
pub(crate) const NOISE_RANGE_RATE_MPS: Bounds = Bounds::above(0.0, 1_000.0).unit(" m/s");

/// A battery's `launchers`.
pub(crate) const LAUNCHERS: (u32, u32) = (1, 1_000);

/// A battery's `rounds_per_launcher` (gun bursts count as rounds).
pub(crate) const ROUNDS_PER_LAUNCHER: (u32, u32) = (1, 100_000);

/// A battery's `reserve_rounds`.
pub(crate) const RESERVE_ROUNDS: (u32, u32) = (0, 1_000_000);

/// A battery's `fire_channels`.
pub(crate) const FIRE_CHANNELS: (u32, u32) = (1, 10_000);

/// Names in a battery's `radars`: each radar at most once, so this bounds only how many
/// diagnostics a list of repeats can raise.
pub(crate) const BATTERY_RADARS: usize = 1_000;

/// `process_noise_psd`, m²/s³: a 100 g manoeuvre held for a second.
pub(crate) const PROCESS_NOISE_PSD: Bounds = Bounds::above(0.0, 1e6);

/// `initial_velocity_sigma_mps`, metres per second: above orbital speed.
pub(crate) const INITIAL_VELOCITY_SIGMA_MPS: Bounds = Bounds::above(0.0, 10_000.0).unit(" m/s");

/// `gate_chi2` (3 degrees of freedom): 1000 is a probability of 10⁻²¹⁵ outside.
pub(crate) const GATE_CHI2: Bounds = Bounds::above(0.0, 1_000.0);

/// `max_tracks`: from a single fire-control radar's picture to ten million tracks (some
/// 5 GB of filter state).
pub(crate) const MAX_TRACKS: (u32, u32) = (100, 10_000_000);

/// `confirm_hits`.
pub(crate) const CONFIRM_HITS: (u32, u32) = (1, 100);

/// `confirm_window` (its lower bound is the scenario's `confirm_hits`).
pub(crate) const CONFIRM_WINDOW_MAX: u32 = 1_000;

/// `delete_misses`.
pub(crate) const DELETE_MISSES: (u32, u32) = (1, 1_000);

/// `acceleration_noise_psd`, m²/s⁵: a jerk of 10⁴ m/s³ (a thousand g a second).
pub(crate) const ACCELERATION_NOISE_PSD: Bounds = Bounds::above(0.0, 1e8);

/// `ballistic_noise_psd`, m²/s³.
pub(crate) const BALLISTIC_NOISE_PSD: Bounds = Bounds::above(0.0, 1e6);

/// `inverse_ballistic_coefficient_psd`, (m²/kg)²/s: 10⁻⁴ lets 1/β wander by 10⁻² a
/// second, a hundred times any real body's.
pub(crate) const INVERSE_BALLISTIC_COEFFICIENT_PSD: Bounds = Bounds::closed(0.0, 1e-4);

/// `inverse_ballistic_coefficient_sigma`, m²/kg: 1/β of 1 m²/kg is a feather.
pub(crate) const INVERSE_BALLISTIC_COEFFICIENT_SIGMA: Bounds = Bounds::above(0.0, 1.0);

/// `mode_switch_rate_hz` and `ballistic_exit_rate_hz`, per second.
pub(crate) const MODE_SWITCH_RATE_HZ: Bounds = Bounds::closed(0.0, 100.0);

/// `initial_acceleration_sigma_mps2`, m/s²: a thousand g.
pub(crate) const INITIAL_ACCELERATION_SIGMA_MPS2: Bounds =
    Bounds::above(0.0, 10_000.0).unit(" m/s²");

/// `max_target_speed_mps`, m/s: above orbital speed.
pub(crate) const MAX_TARGET_SPEED_MPS: Bounds = Bounds::above(0.0, 10_000.0).unit(" m/s");

/// `max_position_sigma_m`, metres.
pub(crate) const MAX_POSITION_SIGMA_M: Bounds = Bounds::above(0.0, 1e6).unit(" m");

/// `reorder_window_s`, seconds: ten minutes of latency is no longer a live picture.
pub(crate) const REORDER_WINDOW_S: Bounds = Bounds::closed(0.0, 600.0);

/// `assumed_ballistic_coefficient_kg_m2`, kg/m²: rockets and re-entry vehicles lie
/// between about 10³ and 10⁵.
pub(crate) const BALLISTIC_COEFFICIENT_KG_M2: Bounds = Bounds::above(0.0, 1e6).unit(" kg/m²");

/// `defended_area_margin_m`, metres.
pub(crate) const DEFENDED_AREA_MARGIN_M: Bounds = Bounds::closed(0.0, 100_000.0).unit(" m");

/// `engage_p_hit`, `confident_p_hit` and `ballistic_mode_probability`, probabilities (an `engage_p_hit` of
/// zero would engage everything: that is `engage_all`).
pub(crate) const ENGAGE_P_HIT: Bounds = Bounds::above(0.0, 1.0);

/// `air_breathing_max_speed_mps` and `air_breathing_max_vertical_speed_mps`, m/s.
pub(crate) const CLASSIFICATION_SPEED_MPS: Bounds = Bounds::above(0.0, 10_000.0).unit(" m/s");

/// `air_breathing_max_altitude_m`, metres.
pub(crate) const CLASSIFICATION_ALTITUDE_M: Bounds = Bounds::above(0.0, 100_000.0).unit(" m");

/// `engage_confirmations`: beyond a few, a threat waits seconds of assessments it may not
/// have.
pub(crate) const ENGAGE_CONFIRMATIONS: (u32, u32) = (1, 10);

/// `salvo_size`.
pub(crate) const SALVO_SIZE: (u32, u32) = (1, 100);

/// `max_shots_per_track`.
pub(crate) const MAX_SHOTS_PER_TRACK: (u32, u32) = (1, 10_000);

/// `[bmc.modes] tight_p_hit`, a probability: zero would make weapons tight no test at
/// all (weapons free says that).
pub(crate) const TIGHT_P_HIT: Bounds = Bounds::above(0.0, 1.0);

/// `[bmc.modes] tight_confirmations`: as `engage_confirmations`, beyond a few a threat
/// waits seconds of assessments it may not have.
pub(crate) const TIGHT_CONFIRMATIONS: (u32, u32) = (1, 10);

/// `[[bmc.modes.change]] at_s`, seconds: no later than the longest run (and the
/// scenario's own `duration_s`, checked with it).
pub(crate) const MODE_CHANGE_AT_S: Bounds = Bounds::closed(0.0, 1e6);

/// `[[bmc.modes.change]]` entries: each is applied once; far more than an operator
/// could order in the longest run, and a bound on what is kept in memory.
pub(crate) const MODE_CHANGES: usize = 10_000;

/// `cost_weight_per_musd`, value units per US$1M: asset values are tens to hundreds, so
/// beyond a million every shot is outweighed by its cost.
pub(crate) const COST_WEIGHT_PER_MUSD: Bounds = Bounds::closed(0.0, 1e6);

// The catalogue.

/// `rcs_m2`, square metres: a large aircraft is about 100 m².
pub(crate) const RCS_M2: Bounds = Bounds::above(0.0, 10_000.0).unit(" m²");

/// `published_max_range_km` and an air-breathing `max_range_km`, km: half the Earth's
/// circumference.
pub(crate) const THREAT_RANGE_KM: Bounds = Bounds::above(0.0, 20_000.0).unit(" km");

/// `launch_mass_kg` and `propellant_mass_kg`, kg: the heaviest ballistic missiles weigh
/// about 200 t.
pub(crate) const VEHICLE_MASS_KG: Bounds = Bounds::above(0.0, 1e6).unit(" kg");

/// `burn_time_s`, seconds (single-stage motors burn for seconds to a few minutes).
pub(crate) const BURN_TIME_S: Bounds = Bounds::above(0.0, 1_000.0).unit(" s");

/// `specific_impulse_s`, seconds: the best chemical engines reach about 460 s.
pub(crate) const SPECIFIC_IMPULSE_S: Bounds = Bounds::above(0.0, 500.0).unit(" s");

/// `diameter_m`, metres.
pub(crate) const DIAMETER_M: Bounds = Bounds::above(0.0, 10.0).unit(" m");

/// Upper stages of a ballistic vehicle: enough for two-stage medium-range missiles and a
/// third stage for margin (the physics flies at most three stages in all).
pub(crate) const UPPER_STAGES: usize = tdome_physics::ballistic::MAX_STAGES - 1;

/// An upper stage's `spent_stage_mass_kg`, kg (zero allowed: a stage that drops nothing).
pub(crate) const SPENT_STAGE_MASS_KG: Bounds = Bounds::closed(0.0, 1e6).unit(" kg");

/// An upper stage's `coast_s` and a re-entry vehicle's `separation_delay_s`, seconds.
pub(crate) const STAGING_DELAY_S: Bounds = Bounds::closed(0.0, 1_000.0).unit(" s");

/// A weave's `start_altitude_km`: anywhere on the way down from space.
pub(crate) const WEAVE_START_ALTITUDE_KM: Bounds = Bounds::above(0.0, 1_000.0).unit(" km");

/// A weave's `acceleration_g`: manoeuvring re-entry vehicles are reported to pull tens of
/// g; 100 g bounds a typing slip.
pub(crate) const WEAVE_ACCELERATION_G: Bounds = Bounds::closed(0.0, 100.0).unit(" g");

/// A weave's `period_s`: shorter than half a second is a vibration, not a weave.
pub(crate) const WEAVE_PERIOD_S: Bounds = Bounds::closed(0.5, 600.0).unit(" s");

/// `rail_exit_speed_mps`, metres per second.
pub(crate) const RAIL_EXIT_SPEED_MPS: Bounds = Bounds::closed(0.0, 1_000.0).unit(" m/s");

/// Mach numbers of a drag table.
pub(crate) const DRAG_MACH: Bounds = Bounds::closed(0.0, 50.0);

/// Drag coefficients of a drag table.
pub(crate) const DRAG_CD: Bounds = Bounds::closed(0.0, 10.0);

/// Points of a drag table.
pub(crate) const DRAG_POINTS: usize = 1_000;

/// Ideal velocity change of a ballistic vehicle (Isp · g0 · ln(m0 / m1)), m/s: below
/// orbital speed, since a vehicle that reaches orbit never comes down to an aim.
pub(crate) const VEHICLE_DELTA_V_MPS: f64 = 7_500.0;

/// Allowed relative difference between a ballistic threat's modelled maximum range and
/// its `published_max_range_km`: the notional vehicle parameters are chosen to match
/// the public figure, and a vehicle that misses it by more is a mistake in the entry.
pub(crate) const MODELLED_RANGE_TOLERANCE: f64 = 0.10;

/// Air-breathing `speed_mps`, metres per second (Mach 9).
pub(crate) const AIR_BREATHING_SPEED_MPS: Bounds = Bounds::above(0.0, 3_000.0).unit(" m/s");

/// `cruise_altitude_m`, metres.
pub(crate) const CRUISE_ALTITUDE_M: Bounds = Bounds::above(0.0, 50_000.0).unit(" m");

/// `terminal_dive_range_m`, metres.
pub(crate) const TERMINAL_DIVE_RANGE_M: Bounds = Bounds::closed(0.0, 1e6).unit(" m");

/// `unit_cost_usd` of an interceptor or a threat: the dearest interceptors and
/// missiles cost tens of millions of dollars.
pub(crate) const UNIT_COST_USD: Bounds = Bounds::closed(0.0, 1e9).unit(" USD");

/// `mean_speed_mps`, metres per second.
pub(crate) const INTERCEPTOR_SPEED_MPS: Bounds = Bounds::above(0.0, 10_000.0).unit(" m/s");

/// Interceptor `min_range_km` and `max_range_km`, km.
pub(crate) const INTERCEPTOR_RANGE_KM: Bounds = Bounds::closed(0.0, 5_000.0).unit(" km");

/// Interceptor `min_altitude_km` and `max_altitude_km`, km: exo-atmospheric
/// interceptors reach hundreds of kilometres.
pub(crate) const INTERCEPTOR_ALTITUDE_KM: Bounds = Bounds::closed(0.0, 2_000.0).unit(" km");

/// `homing_basket_m`, metres.
pub(crate) const HOMING_BASKET_M: Bounds = Bounds::above(0.0, 10_000.0).unit(" m");

/// `[interceptor.gun] rounds_per_burst`: a burst of a few to a few hundred shells; ten
/// thousand is minutes of fire of the fastest mounts.
pub(crate) const ROUNDS_PER_BURST: (u32, u32) = (1, 10_000);

/// `[interceptor.gun] rate_of_fire_rpm`, shells per minute: rotary cannons fire a few
/// thousand.
pub(crate) const RATE_OF_FIRE_RPM: Bounds = Bounds::above(0.0, 100_000.0).unit(" rounds/min");

/// `[interceptor.gun] muzzle_velocity_mps`, m/s: guns fire at 1–2 km/s; 5 km/s bounds
/// a rail gun.
pub(crate) const MUZZLE_VELOCITY_MPS: Bounds = Bounds::above(0.0, 5_000.0).unit(" m/s");

/// `[interceptor.gun] shell_mass_kg`, kg.
pub(crate) const SHELL_MASS_KG: Bounds = Bounds::above(0.0, 1_000.0).unit(" kg");

/// `[interceptor.gun] calibre_mm`, mm.
pub(crate) const CALIBRE_MM: Bounds = Bounds::above(0.0, 1_000.0).unit(" mm");

/// `[interceptor.gun] drag_coefficient`.
pub(crate) const SHELL_DRAG_COEFFICIENT: Bounds = Bounds::above(0.0, 10.0);

/// `[interceptor.gun] pattern_reference_range_km`, km: a gun's pattern is quoted within
/// its few kilometres.
pub(crate) const PATTERN_REFERENCE_RANGE_KM: Bounds = Bounds::above(0.0, 100.0).unit(" km");

/// `[interceptor.laser] wavelength_um`, µm: from the near ultraviolet to CO₂ lasers'
/// 10.6 µm (the visibility model is fitted over the visible and infrared).
pub(crate) const LASER_WAVELENGTH_UM: Bounds = Bounds::closed(0.3, 12.0).unit(" µm");

/// `[interceptor.laser] reference_range_km`, km.
pub(crate) const LASER_REFERENCE_RANGE_KM: Bounds = Bounds::above(0.0, 1_000.0).unit(" km");

/// `[interceptor.laser] dwell_s`, seconds: an hour.
pub(crate) const LASER_DWELL_S: Bounds = Bounds::above(0.0, 3_600.0).unit(" s");

/// `[weather] visibility_km`, km: from thick fog (50 m) to the clearest air (~300 km,
/// where molecular scattering alone limits it).
pub(crate) const VISIBILITY_KM: Bounds = Bounds::closed(0.05, 300.0).unit(" km");

/// `[weather] cloud_base_km`, km above the ellipsoid.
pub(crate) const CLOUD_BASE_KM: Bounds = Bounds::closed(0.0, 20.0).unit(" km");

/// `[interceptor.airframe] launch_mass_kg`, kg: the largest interceptors weigh a few
/// tonnes.
pub(crate) const AIRFRAME_MASS_KG: Bounds = Bounds::above(0.0, 1e5).unit(" kg");

/// A motor phase's `propellant_mass_kg`, kg (zero allowed: a phase of thrust without
/// mass loss, which only validation airframes use).
pub(crate) const MOTOR_PROPELLANT_KG: Bounds = Bounds::closed(0.0, 1e5).unit(" kg");

/// A motor phase's `thrust_n`, newtons: 10 MN is a large space launcher's first stage.
pub(crate) const MOTOR_THRUST_N: Bounds = Bounds::closed(0.0, 1e7).unit(" N");

/// `max_load_factor_g`, g: no airframe pulls more than a few tens of g.
pub(crate) const LOAD_FACTOR_G: Bounds = Bounds::above(0.0, 200.0).unit(" g");

/// `max_normal_force_coefficient`: slender bodies with fins reach a few units.
pub(crate) const NORMAL_FORCE_COEFFICIENT: Bounds = Bounds::above(0.0, 50.0);

/// `max_thrust_deflection_deg`, degrees: below 90° (a deflection of 90° would thrust
/// sideways only).
pub(crate) const THRUST_DEFLECTION_DEG: Bounds = Bounds::closed(0.0, 89.0).unit("°");

/// `divert_acceleration_g`, g: kill vehicles' divert thrusters give a few to a few tens
/// of g.
pub(crate) const DIVERT_ACCELERATION_G: Bounds = Bounds::closed(0.0, 50.0).unit(" g");

/// `lethal_radius_m`, metres.
pub(crate) const LETHAL_RADIUS_M: Bounds = Bounds::above(0.0, 1_000.0).unit(" m");

/// `navigation_constant`: above 2 (PN needs N/(N − 2) times a target's manoeuvre,
/// unbounded at 2), at most 8 (beyond, it only amplifies noise).
pub(crate) const NAVIGATION_CONSTANT: Bounds =
    Bounds::above(2.0, 8.0).because(" (PN diverges at N = 2)");

/// `time_constant_s`, seconds: real flight-control lags are tenths of a second.
pub(crate) const GUIDANCE_TIME_CONSTANT_S: Bounds = Bounds::closed(0.0, 10.0).unit(" s");

/// `launch_hold_s`, seconds.
pub(crate) const LAUNCH_HOLD_S: Bounds = Bounds::closed(0.0, 60.0).unit(" s");

/// `launch_elevation_deg`, degrees above the horizontal.
pub(crate) const LAUNCH_ELEVATION_DEG: Bounds = Bounds::above(0.0, 90.0).unit("°");

/// `seeker_acquisition_range_km`, km.
pub(crate) const SEEKER_RANGE_KM: Bounds = Bounds::above(0.0, 1_000.0).unit(" km");
