//! The catalogue file formats: `threats.toml` and `interceptors.toml`. Every figure in
//! them is notional, from public reporting named in each entry's `source`.

use schemars::JsonSchema;
use serde::Deserialize;

use super::MachCd;
use super::table::tables_only;

tables_only!(
    ThreatsFile,
    ThreatEntry,
    BallisticEntry,
    UpperStageEntry,
    ReentryVehicleEntry,
    WeaveEntry,
    AirBreathingEntry,
    InterceptorsFile,
    InterceptorEntry,
    ByThreatEntry,
    GunEntry,
    LaserEntry,
    AirframeEntry,
    MotorEntry,
    GuidanceEntry,
);

/// `threats.toml`: notional threat types.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ThreatsFile {
    /// Threat types (`[[threat]]`), in file order.
    #[serde(default)]
    pub threat: Vec<ThreatEntry>,
}

/// What a threat is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KindName {
    /// A guided or unguided ballistic missile (SRBM class); needs `[threat.ballistic]`.
    BallisticMissile,
    /// An artillery rocket; needs `[threat.ballistic]`.
    Rocket,
    /// A cruise missile; needs `[threat.air_breathing]`.
    CruiseMissile,
    /// A one-way attack drone; needs `[threat.air_breathing]`.
    Drone,
}

/// A notional threat type.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ThreatEntry {
    /// Name, unique in the catalogue; scenarios refer to it.
    pub name: String,
    /// What it is: `ballistic_missile`, `rocket`, `cruise_missile` or `drone`.
    pub kind: KindName,
    /// Notional radar cross-section, m²; in (0, 10,000].
    pub rcs_m2: f64,
    /// Fraction of a defended asset's value destroyed by one hit, in [0, 1] (notional).
    pub damage_per_hit: f64,
    /// Published maximum range, km; in (0, 20,000]. Optional. For ballistic kinds the
    /// vehicle flown by the physics must reach within 10% of it, and scenarios may not
    /// launch farther from the aim.
    #[serde(default)]
    pub published_max_range_km: Option<f64>,
    /// Notional cost of one threat to the attacker, USD; in [0, 10⁹]. Optional: a type
    /// without one counts for nothing in the run summary's attacker cost, which says so.
    #[serde(default)]
    pub unit_cost_usd: Option<f64>,
    /// Public sources of the figures, and what was assumed.
    pub source: String,
    /// Boost and ballistic flight; required for `ballistic_missile` and `rocket`,
    /// forbidden otherwise.
    #[serde(default)]
    pub ballistic: Option<BallisticEntry>,
    /// Cruise flight; required for `cruise_missile` and `drone`, forbidden otherwise.
    #[serde(default)]
    pub air_breathing: Option<AirBreathingEntry>,
}

/// A ballistic vehicle: its first stage (and the whole stack's launch mass, diameter and
/// drag), any upper stages, and the re-entry vehicle that may separate.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct BallisticEntry {
    /// Mass at launch, with propellant, kg; in (0, 10⁶].
    pub launch_mass_kg: f64,
    /// Propellant burnt during boost at a constant mass flow, kg; > 0 and <
    /// `launch_mass_kg`.
    pub propellant_mass_kg: f64,
    /// Motor burn time, seconds; in (0, 1000].
    pub burn_time_s: f64,
    /// Specific impulse, seconds; in (0, 500] (thrust = Isp · g0 · mass flow). The ideal
    /// velocity change, Isp · g0 · ln(launch / burnout mass), must be at most 7,500 m/s.
    pub specific_impulse_s: f64,
    /// Body diameter, metres; in (0, 10]. The drag reference area is π·d²/4.
    pub diameter_m: f64,
    /// Speed along the launch direction when leaving the rail or pad, metres per second;
    /// in [0, 1000].
    pub rail_exit_speed_mps: f64,
    /// Drag coefficient against Mach: 1 to 1000 [mach, cd] points with strictly
    /// increasing Mach in [0, 50] and C_d in [0, 10]; linear between points, constant
    /// beyond the ends.
    pub drag: Vec<MachCd>,
    /// Stages above the first (`[[threat.ballistic.upper_stage]]`), lit in order; at
    /// most 2. Default: none.
    #[serde(default)]
    pub upper_stage: Vec<UpperStageEntry>,
    /// The re-entry vehicle that separates after the last burn
    /// (`[threat.ballistic.reentry_vehicle]`). Default: none, the whole body flies to
    /// impact.
    #[serde(default)]
    pub reentry_vehicle: Option<ReentryVehicleEntry>,
}

/// A stage above the first: lit `coast_s` after the stage below burns out, when the
/// stage below's empty case is dropped.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct UpperStageEntry {
    /// Inert mass of the stage below (empty case, interstage), dropped at its burnout,
    /// kg; in [0, 10⁶].
    pub spent_stage_mass_kg: f64,
    /// Coast from the stage below's burnout to this stage's ignition, seconds; in
    /// [0, 1000]. Default: 0.
    #[serde(default)]
    pub coast_s: f64,
    /// Propellant burnt by this stage at a constant mass flow, kg; in (0, 10⁶].
    pub propellant_mass_kg: f64,
    /// This stage's burn time, seconds; in (0, 1000].
    pub burn_time_s: f64,
    /// This stage's specific impulse, seconds; in (0, 500].
    pub specific_impulse_s: f64,
}

/// The re-entry vehicle: the warhead's body, which separates from the booster after the
/// last burn and falls alone, with its own mass, size, drag and radar cross-section.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ReentryVehicleEntry {
    /// Its mass, kg; in (0, 10⁶], and less than what the booster has left after its last
    /// burn.
    pub mass_kg: f64,
    /// Its base diameter, metres; in (0, 10]. The drag reference area is π·d²/4.
    pub diameter_m: f64,
    /// Its drag coefficient against Mach, in the form of the booster's `drag`.
    pub drag: Vec<MachCd>,
    /// From the end of the last burn to separation, seconds; in [0, 1000]. Default: 0.
    #[serde(default)]
    pub separation_delay_s: f64,
    /// Its radar cross-section, m²; in (0, 10,000]. Default: the threat's `rcs_m2`.
    #[serde(default)]
    pub rcs_m2: Option<f64>,
    /// The weave of a manoeuvring re-entry vehicle (`weave = { … }`). Default: none, it
    /// falls ballistically.
    #[serde(default)]
    pub weave: Option<WeaveEntry>,
}

/// A manoeuvring re-entry vehicle's weave: from its descent through
/// `start_altitude_km` (or from separation, if it separates lower), a lateral
/// acceleration A·cos(2πτ/P), horizontal and normal to its velocity.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct WeaveEntry {
    /// Height above the ellipsoid at which the weave starts on the way down, km; in
    /// (0, 1000].
    pub start_altitude_km: f64,
    /// Peak lateral acceleration A, in g (9.80665 m/s²); in [0, 100].
    pub acceleration_g: f64,
    /// Period P, seconds; in [0.5, 600].
    pub period_s: f64,
}

/// Cruise-missile or drone kinematics.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AirBreathingEntry {
    /// Ground speed along the route, metres per second; in (0, 3000].
    pub speed_mps: f64,
    /// Cruise height above the ellipsoid, metres; in (0, 50,000].
    pub cruise_altitude_m: f64,
    /// Ground range from the aim point at which the terminal dive begins, metres; in
    /// [0, 1,000,000].
    pub terminal_dive_range_m: f64,
    /// Longest route it can fly, km; in (0, 20,000].
    pub max_range_km: f64,
}

/// `interceptors.toml`: notional interceptor (and gun-burst) types.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct InterceptorsFile {
    /// Interceptor types (`[[interceptor]]`), in file order.
    #[serde(default)]
    pub interceptor: Vec<InterceptorEntry>,
}

/// A notional interceptor type: a missile, a gun (one burst counts as one round) or a
/// laser (one shot counts as one round).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct InterceptorEntry {
    /// Name, unique in the catalogue; batteries refer to it.
    pub name: String,
    /// Notional unit cost of one round, US dollars; in [0, 10⁹].
    pub unit_cost_usd: f64,
    /// Mean flyout speed from launch to intercept, metres per second; in (0, 10,000].
    /// Required for a missile; not allowed with `[interceptor.gun]` (its shells' flight
    /// is worked out from the gun's figures) or `[interceptor.laser]`.
    #[serde(default)]
    pub mean_speed_mps: Option<f64>,
    /// Longest time of flight before the round is spent, seconds; > 0, ≤ 3600.
    pub max_time_of_flight_s: f64,
    /// Time from engagement order to launch, seconds; in [0, 3600].
    pub reaction_time_s: f64,
    /// Time for a battery's crew to reload one launcher from its reserve, seconds; in
    /// (0, 86,400]. Leave out for a type whose launchers are not reloaded during a run
    /// (a battery of it can then have no `reserve_rounds`).
    #[serde(default)]
    pub reload_time_s: Option<f64>,
    /// Minimum ground range from the battery to the intercept point, km; in [0, 5000].
    pub min_range_km: f64,
    /// Maximum ground range from the battery to the intercept point, km;
    /// > `min_range_km`, ≤ 5000.
    pub max_range_km: f64,
    /// Minimum intercept altitude, km above the ellipsoid; in [0, 2000].
    pub min_altitude_km: f64,
    /// Maximum intercept altitude, km above the ellipsoid; > `min_altitude_km`, ≤ 2000.
    pub max_altitude_km: f64,
    /// Radius around the commanded intercept point that terminal homing (or a gun
    /// burst's pattern) can still reach, metres; in (0, 10,000]. Required, except for a
    /// laser, which takes none.
    #[serde(default)]
    pub homing_basket_m: Option<f64>,
    /// Notional single-shot kill probability by target category, each in [0, 1]; for a
    /// laser, the probability that a threat held for its whole dwell fails.
    pub pk: ByThreatEntry,
    /// Notional radar cross-section of the interceptor in flight, m²; in (0, 10,000].
    /// Required, except for a laser, which takes none.
    #[serde(default)]
    pub rcs_m2: Option<f64>,
    /// Public sources of the figures, and what was assumed.
    pub source: String,
    /// The missile as a vehicle, flown by the physics; with `[interceptor.guidance]`.
    /// Leave both out for a round that is not a guided missile (a gun burst), which
    /// flies a straight line to its aim point at the time planned.
    #[serde(default)]
    pub airframe: Option<AirframeEntry>,
    /// Midcourse and terminal guidance; required with `[interceptor.airframe]`.
    #[serde(default)]
    pub guidance: Option<GuidanceEntry>,
    /// A gun: its bursts and shells. Not with an airframe or a laser.
    #[serde(default)]
    pub gun: Option<GunEntry>,
    /// A high-energy laser: its dwell times. Not with an airframe or a gun.
    #[serde(default)]
    pub laser: Option<LaserEntry>,
}

/// A gun mount, its bursts and its shells (notional).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct GunEntry {
    /// Shells fired in one burst (one "round" of the battery); in [1, 10,000].
    pub rounds_per_burst: u32,
    /// Rate of fire of the mount, all barrels together, shells per minute; in
    /// (0, 100,000].
    pub rate_of_fire_rpm: f64,
    /// Muzzle velocity, metres per second; in (0, 5000].
    pub muzzle_velocity_mps: f64,
    /// Mass of one shell, kg; in (0, 1000].
    pub shell_mass_kg: f64,
    /// Calibre, millimetres; in (0, 1000]. The drag reference area is π·d²/4.
    pub calibre_mm: f64,
    /// The shell's drag coefficient over its flight, taken constant; in (0, 10].
    pub drag_coefficient: f64,
    /// The slant range the burst's `pk` is quoted at, km; in (0, 100]. Beyond it the
    /// pattern spreads and the burst's P_k falls as 1 − (1 − P_k)^((R₀/R)²).
    pub pattern_reference_range_km: f64,
}

/// A high-energy laser's beam and the dwell it needs (notional).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct LaserEntry {
    /// Wavelength, micrometres; in [0.3, 12]: sets how much a haze or fog dims the beam.
    pub wavelength_um: f64,
    /// The range the dwell times are quoted at, km; in (0, 1000].
    pub reference_range_km: f64,
    /// Seconds of beam on a threat needed to kill it at the reference range in clear
    /// air, each in (0, 3600]; keys as in `pk`. A category left out cannot be engaged;
    /// a kind's figure refines its category's.
    pub dwell_s: ByThreatEntry,
}

/// A guided interceptor's airframe, motor and warhead (notional).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AirframeEntry {
    /// Mass at launch, with propellant, kg; in (0, 100,000]. Above the propellant of
    /// `boost` and `sustain` together.
    pub launch_mass_kg: f64,
    /// Body diameter, metres; in (0, 10]. The drag reference area is π·d²/4.
    pub diameter_m: f64,
    /// Speed along the launch direction when leaving the launcher, m/s; in [0, 1000].
    pub rail_exit_speed_mps: f64,
    /// Zero-lift drag coefficient against Mach: 1 to 1000 [mach, cd] points with
    /// strictly increasing Mach in [0, 50] and C_d in [0, 10].
    pub drag: Vec<MachCd>,
    /// Structural lateral-acceleration limit, g; in (0, 200].
    pub max_load_factor_g: f64,
    /// Largest usable normal-force coefficient C_N,max on the reference area; in
    /// (0, 50]. Caps the lateral acceleration by dynamic pressure, q·S·C_N,max / m.
    pub max_normal_force_coefficient: f64,
    /// Largest thrust deflection (thrust-vector control), degrees; in [0, 89]. Adds
    /// (T/m)·sin δ to the lateral acceleration while the motor burns.
    pub max_thrust_deflection_deg: f64,
    /// Lateral acceleration of an exo-atmospheric kill vehicle's divert thrusters, g; in
    /// [0, 50]. Adds to the lateral acceleration once the motor has burnt out, in air
    /// or not. Optional: none without it.
    #[serde(default)]
    pub divert_acceleration_g: Option<f64>,
    /// The boost phase, burning from launch.
    pub boost: MotorEntry,
    /// The sustain phase (second grain or second pulse), burning straight after the
    /// boost. Optional.
    #[serde(default)]
    pub sustain: Option<MotorEntry>,
    /// Lethal radius R_L of the warhead (or hit-to-kill body), metres; in (0, 1000]:
    /// the Carleton damage function P_k(d) = P_k · exp(−d² / R_L²), with P_k the
    /// type's kill probability against the target's category.
    pub lethal_radius_m: f64,
}

/// One burning phase of a solid motor.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct MotorEntry {
    /// Thrust, newtons; in [0, 10⁷], constant through the phase.
    pub thrust_n: f64,
    /// Burn time, seconds; in (0, 1000].
    pub burn_time_s: f64,
    /// Propellant burnt during the phase at a constant rate, kg; in [0, 100,000].
    pub propellant_mass_kg: f64,
}

/// Which proportional navigation law.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PnLawName {
    /// True PN: a = N · V_c · λ̇, normal to the line of sight.
    True,
    /// Pure PN: a = N · V_M · λ̇, normal to the interceptor's velocity.
    Pure,
}

/// How the interceptor leaves its launcher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LaunchModeName {
    /// From a launcher trained on the predicted intercept point.
    Trained,
    /// Straight up from a vertical launch cell or canister, then a turn towards the
    /// aim point.
    Vertical,
    /// From a launcher raised to a set elevation (`launch_elevation_deg`) on the aim
    /// point's bearing, then a turn towards it: how Patriot-class launchers fire.
    Elevated,
}

/// Guidance of a guided interceptor.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct GuidanceEntry {
    /// `true` or `pure` proportional navigation.
    pub law: PnLawName,
    /// Navigation constant N; in (2, 8].
    pub navigation_constant: f64,
    /// Flight-control time constant τ, seconds; in [0, 10].
    pub time_constant_s: f64,
    /// `trained`, `vertical` or `elevated`.
    pub launch: LaunchModeName,
    /// Launcher elevation above the horizontal, degrees, for `launch = "elevated"` (and
    /// only then); in (0, 90].
    #[serde(default)]
    pub launch_elevation_deg: Option<f64>,
    /// Unguided seconds after launch (launcher clearance, or the vertical climb); in
    /// [0, 60].
    pub launch_hold_s: f64,
    /// Range at which the seeker (or the terminal-guidance radar) acquires a threat
    /// ahead of the interceptor and terminal homing on it begins, km; in (0, 1000].
    pub seeker_acquisition_range_km: f64,
}

/// A figure by target category (kill probabilities, a laser's dwell times). Leave out a
/// category the type cannot engage; give at least one. A kind's own figure refines its
/// category's: the world resolves shots with it, while the battle manager, which tells
/// categories apart but not kinds, plans with the category's.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ByThreatEntry {
    /// Against ballistic missiles and rockets.
    #[serde(default)]
    pub ballistic: Option<f64>,
    /// Against cruise missiles and drones.
    #[serde(default)]
    pub air_breathing: Option<f64>,
    /// Against ballistic missiles only: refines `ballistic`, which must be given.
    #[serde(default)]
    pub ballistic_missile: Option<f64>,
    /// Against rockets only: refines `ballistic`, which must be given.
    #[serde(default)]
    pub rocket: Option<f64>,
    /// Against cruise missiles only: refines `air_breathing`, which must be given.
    #[serde(default)]
    pub cruise_missile: Option<f64>,
    /// Against drones only: refines `air_breathing`, which must be given.
    #[serde(default)]
    pub drone: Option<f64>,
}
