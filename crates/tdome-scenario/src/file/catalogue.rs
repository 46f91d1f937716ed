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
    AirBreathingEntry,
    InterceptorsFile,
    InterceptorEntry,
    PkEntry,
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

/// A single-stage ballistic vehicle.
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

/// A notional interceptor type (a gun burst counts as one round).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct InterceptorEntry {
    /// Name, unique in the catalogue; batteries refer to it.
    pub name: String,
    /// Notional unit cost of one round, US dollars; in [0, 10⁹].
    pub unit_cost_usd: f64,
    /// Mean flyout speed from launch to intercept, metres per second; in (0, 10,000].
    pub mean_speed_mps: f64,
    /// Longest time of flight before the round is spent, seconds; > 0, ≤ 3600.
    pub max_time_of_flight_s: f64,
    /// Time from engagement order to launch, seconds; in [0, 3600].
    pub reaction_time_s: f64,
    /// Minimum ground range from the battery to the intercept point, km; in [0, 5000].
    pub min_range_km: f64,
    /// Maximum ground range from the battery to the intercept point, km;
    /// > `min_range_km`, ≤ 5000.
    pub max_range_km: f64,
    /// Minimum intercept altitude, km above the ellipsoid; in [0, 2000].
    pub min_altitude_km: f64,
    /// Maximum intercept altitude, km above the ellipsoid; > `min_altitude_km`, ≤ 2000.
    pub max_altitude_km: f64,
    /// Radius around the commanded intercept point that terminal homing can still
    /// reach, metres; in (0, 10,000].
    pub homing_basket_m: f64,
    /// Notional single-shot kill probability by target category.
    pub pk: PkEntry,
    /// Notional radar cross-section of the interceptor in flight, m²; in (0, 10,000].
    pub rcs_m2: f64,
    /// Public sources of the figures, and what was assumed.
    pub source: String,
}

/// Single-shot kill probabilities. Leave out a category the type cannot engage; give
/// at least one.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct PkEntry {
    /// Against ballistic missiles and rockets, in [0, 1].
    #[serde(default)]
    pub ballistic: Option<f64>,
    /// Against cruise missiles and drones, in [0, 1].
    #[serde(default)]
    pub air_breathing: Option<f64>,
}
