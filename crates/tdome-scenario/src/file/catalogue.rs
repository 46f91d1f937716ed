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
    /// Notional radar cross-section, m²; > 0.
    pub rcs_m2: f64,
    /// Fraction of a defended asset's value destroyed by one hit, in [0, 1] (notional).
    pub damage_per_hit: f64,
    /// Published maximum range, km; > 0. Optional. For ballistic kinds the modelled
    /// range is tested against it, and scenarios may not launch farther from the aim.
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
    /// Mass at launch, with propellant, kg; > 0.
    pub launch_mass_kg: f64,
    /// Propellant burnt during boost at a constant mass flow, kg; > 0 and <
    /// `launch_mass_kg`.
    pub propellant_mass_kg: f64,
    /// Motor burn time, seconds; > 0.
    pub burn_time_s: f64,
    /// Specific impulse, seconds; > 0 (thrust = Isp · g0 · mass flow).
    pub specific_impulse_s: f64,
    /// Body diameter, metres; > 0. The drag reference area is π·d²/4.
    pub diameter_m: f64,
    /// Speed along the launch direction when leaving the rail or pad, metres per second;
    /// ≥ 0.
    pub rail_exit_speed_mps: f64,
    /// Drag coefficient against Mach: [mach, cd] points with strictly increasing Mach
    /// and C_d ≥ 0; linear between points, constant beyond the ends.
    pub drag: Vec<MachCd>,
}

/// Cruise-missile or drone kinematics.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AirBreathingEntry {
    /// Ground speed along the route, metres per second; > 0.
    pub speed_mps: f64,
    /// Cruise height above the ellipsoid, metres; > 0.
    pub cruise_altitude_m: f64,
    /// Ground range from the aim point at which the terminal dive begins, metres; ≥ 0.
    pub terminal_dive_range_m: f64,
    /// Longest route it can fly, km; > 0.
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
    /// Notional unit cost of one round, US dollars; ≥ 0.
    pub unit_cost_usd: f64,
    /// Mean flyout speed from launch to intercept, metres per second; > 0.
    pub mean_speed_mps: f64,
    /// Longest time of flight before the round is spent, seconds; > 0, ≤ 3600.
    pub max_time_of_flight_s: f64,
    /// Time from engagement order to launch, seconds; in [0, 3600].
    pub reaction_time_s: f64,
    /// Minimum ground range from the battery to the intercept point, km; ≥ 0.
    pub min_range_km: f64,
    /// Maximum ground range from the battery to the intercept point, km;
    /// > `min_range_km`.
    pub max_range_km: f64,
    /// Minimum intercept altitude, km above the ellipsoid; ≥ 0.
    pub min_altitude_km: f64,
    /// Maximum intercept altitude, km above the ellipsoid; > `min_altitude_km`.
    pub max_altitude_km: f64,
    /// Radius around the commanded intercept point that terminal homing can still
    /// reach, metres; > 0.
    pub homing_basket_m: f64,
    /// Notional single-shot kill probability by target category.
    pub pk: PkEntry,
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
