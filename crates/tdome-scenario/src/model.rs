//! The resolved scenario: every name looked up, every value checked and in typed units.
//! This is what the world is built from; the file format lives in [`crate::file`].

use std::collections::BTreeMap;
use std::sync::Arc;

use tdome_bmc::BmcConfig;
use tdome_core::area::GeoPolygon;
use tdome_core::defence::{BatteryDescription, DefendedAsset, InterceptorType};
use tdome_core::ids::{AssetId, DataSourceId, SensorId};
use tdome_core::threat::ThreatKind;
use tdome_core::{Angle, Geodetic, Length, Probability, SimDuration, SimTime, Speed, Usd, UtcTime};
use tdome_physics::ballistic::{BallisticVehicle, TrajectoryShape};
use tdome_physics::interceptor::InterceptorModel;

/// A complete, validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Root seed of every random stream.
    pub seed: u64,
    /// Simulated time span from t = 0.
    pub duration: SimDuration,
    /// World tick.
    pub tick: SimDuration,
    /// Theatre origin: the reference point for maps and local plots.
    pub origin: Geodetic,
    /// Defended assets, indexed by [`AssetId`].
    pub assets: Vec<DefendedAsset>,
    /// Sensors, indexed by [`SensorId`].
    pub sensors: Vec<SensorSpec>,
    /// Batteries, indexed by `BatteryId`.
    pub batteries: Vec<BatteryDescription>,
    /// Raids, in file order.
    pub raids: Vec<Raid>,
    /// Battle-manager settings.
    pub bmc: BmcConfig,
    /// The battle manager's ASTERIX data source (`[bmc] sac`/`sic`): the source of its
    /// CAT062 system tracks. No sensor has the same.
    pub bmc_data_source: DataSourceId,
    /// How the batteries are commanded: one battle manager for all, or one each.
    pub network: Network,
    /// Each battery's organic radars, indexed by `BatteryId`, each list in file order
    /// without repeats. Under [`Network::Autonomous`] every list has at least one.
    pub battery_radars: Vec<Vec<SensorId>>,
    /// Spacing of periodic truth samples in records.
    pub truth_record_period: SimDuration,
    /// The UTC instant simulation time zero stands for.
    pub epoch: UtcTime,
    /// The catalogue the scenario's names were resolved against (its lasers in the
    /// run's weather).
    pub catalogue: Catalogue,
    /// The weather.
    pub weather: Weather,
    /// The axes of `[sweep]`, in file order; empty without one.
    pub sweep: Vec<crate::vary::Axis>,
}

/// The weather of a run (`[weather]`): what dims and blocks a laser's beam.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weather {
    /// Meteorological visibility.
    pub visibility: Length,
    /// The cloud base above the ellipsoid, if there is cloud.
    pub cloud_base: Option<Length>,
}

impl Default for Weather {
    /// Clear air: 23 km visibility, no cloud.
    fn default() -> Self {
        Weather {
            visibility: Length::km(tdome_physics::optics::CLEAR_AIR_VISIBILITY_KM),
            cloud_base: None,
        }
    }
}

impl Weather {
    /// `kind` as it fights in this weather: a laser's beam dimmed by the haze (its
    /// extinction coefficient) and kept below the cloud base (its ceiling); any other
    /// type unchanged.
    pub fn applied_to(&self, kind: &Arc<InterceptorType>) -> Arc<InterceptorType> {
        let tdome_core::defence::Effector::Laser(laser) = &kind.effector else {
            return Arc::clone(kind);
        };
        let mut laser = laser.clone();
        laser.extinction_per_m =
            tdome_physics::optics::aerosol_extinction_per_m(self.visibility, laser.wavelength_um);
        let mut t = InterceptorType::clone(kind);
        if let Some(base) = self.cloud_base {
            t.max_altitude = t.max_altitude.min(base);
        }
        t.effector = tdome_core::defence::Effector::Laser(laser);
        Arc::new(t)
    }
}

/// How the batteries are commanded (`[bmc] network`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Network {
    /// One battle manager fuses every radar's plots into one air picture and orders
    /// every battery: any radar cues the best shooter, including a battery firing on
    /// another's radar track (engage on remote).
    #[default]
    Integrated,
    /// Each battery has a battle manager of its own, fed only by its organic radars
    /// (`battery_radars`), ordering only that battery. A radar organic to no battery
    /// cues no one.
    Autonomous,
}

impl Network {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Network::Integrated => "integrated",
            Network::Autonomous => "autonomous",
        }
    }
}

/// Threat, interceptor and radar types, with their notional parameters and sources.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    /// Threat types, in file order.
    pub threats: Vec<Arc<ThreatType>>,
    /// Interceptor types, in file order.
    pub interceptors: Vec<Arc<InterceptorType>>,
    /// The flyout model of each guided interceptor type, by type name (a type without
    /// one, a gun burst, is not here).
    pub interceptor_models: BTreeMap<String, Arc<InterceptorModel>>,
    /// Radar types, in file order (none when the catalogue has no `radars.toml`).
    pub radars: Vec<Arc<RadarType>>,
}

impl Catalogue {
    /// The threat type of this name.
    pub fn threat(&self, name: &str) -> Option<&Arc<ThreatType>> {
        self.threats.iter().find(|t| t.name == name)
    }

    /// The interceptor type of this name.
    pub fn interceptor(&self, name: &str) -> Option<&Arc<InterceptorType>> {
        self.interceptors.iter().find(|t| t.name == name)
    }

    /// The flyout model of the interceptor type of this name, if it is a guided missile.
    pub fn interceptor_model(&self, name: &str) -> Option<&Arc<InterceptorModel>> {
        self.interceptor_models.get(name)
    }

    /// The radar type of this name.
    pub fn radar(&self, name: &str) -> Option<&Arc<RadarType>> {
        self.radars.iter().find(|t| t.name == name)
    }
}

/// A notional radar type (`radars.toml`), checked. It is not a radar but the defaults
/// of the sensors that name it, so its figures stay as the file writes them: a
/// sensor's own figures are merged with them key by key before the sensor is checked,
/// and a sensor by type resolves to the very [`SensorSpec`] the same figures spelt out
/// would.
#[derive(Clone, Debug, PartialEq)]
pub struct RadarType {
    /// Catalogue name.
    pub name: String,
    /// What it does, in words.
    pub role: String,
    /// Its frequency band, in words.
    pub band: String,
    /// The figures it gives its sensors.
    pub figures: crate::file::radars::RadarFigures,
    /// Public sources of the figures, and what was assumed.
    pub source: String,
}

/// A notional threat type.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatType {
    /// Catalogue name.
    pub name: String,
    /// What it is.
    pub kind: ThreatKind,
    /// How it flies.
    pub flight: FlightModel,
    /// Notional radar cross-section, m² (for RCS-driven detection).
    pub rcs_m2: f64,
    /// Notional radar cross-section of its re-entry vehicle once separated, m²; `None`
    /// for a type without one, and `rcs_m2` where the catalogue gives none.
    pub reentry_rcs_m2: Option<f64>,
    /// Fraction of a defended asset's value destroyed by one hit (notional).
    pub damage_per_hit: f64,
    /// Published maximum range, if any (the ballistic model is checked against it).
    pub published_max_range: Option<Length>,
    /// Notional cost of one to the attacker, if the catalogue gives one.
    pub unit_cost: Option<Usd>,
    /// Public sources of the figures.
    pub source: String,
}

/// How a threat type flies.
#[derive(Clone, Debug, PartialEq)]
pub enum FlightModel {
    /// Boost, then point-mass ballistic flight with Mach-dependent drag.
    Ballistic(Arc<BallisticVehicle>),
    /// Waypoint following at constant speed and altitude, then a terminal dive.
    AirBreathing(AirBreathingProfile),
}

/// Kinematics of a cruise missile or drone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AirBreathingProfile {
    /// Ground speed along the route.
    pub speed: Speed,
    /// Cruise height above the ellipsoid.
    pub cruise_altitude: Length,
    /// Ground range from the aim point at which the terminal dive begins.
    pub terminal_dive_range: Length,
    /// Longest route it can fly.
    pub max_range: Length,
}

/// A radar as configured.
#[derive(Clone, Debug, PartialEq)]
pub struct SensorSpec {
    /// Index in the scenario.
    pub id: SensorId,
    /// The scenario's name.
    pub name: String,
    /// Its ASTERIX data source (`sac`/`sic`), unique among the sensors and not the
    /// battle manager's: network plots are matched to the radar by it.
    pub data_source: DataSourceId,
    /// Antenna site.
    pub site: Geodetic,
    /// Time for one full scan of the coverage.
    pub scan_period: SimDuration,
    /// Time of the first scan's start (scans start at `first_scan + k·scan_period`).
    pub first_scan: SimTime,
    /// Where it can see.
    pub coverage: Coverage,
    /// Standard deviation of range error.
    pub sigma_range: Length,
    /// Standard deviation of azimuth error.
    pub sigma_azimuth: Angle,
    /// Standard deviation of elevation error.
    pub sigma_elevation: Angle,
    /// Standard deviation of range-rate error, when it measures range rate.
    pub sigma_range_rate: Option<Speed>,
    /// How it decides whether it sees a target inside coverage on one scan.
    pub detection: Detection,
    /// Mean number of false alarms per scan, spread uniformly over the coverage.
    pub false_alarms_per_scan: f64,
    /// Systematic error added to every detection's measurement.
    pub bias: MeasurementBias,
    /// Delay from a plot's illumination to its arrival at the battle manager.
    pub latency: SimDuration,
    /// Scheduled outages, `[start, end)`: no plot is made whose illumination time falls
    /// in one.
    pub outages: Vec<Outage>,
}

impl SensorSpec {
    /// True when the radar is down at `t` (inside a scheduled outage).
    pub fn is_down(&self, t: SimTime) -> bool {
        self.outages.iter().any(|o| o.start <= t && t < o.end)
    }
}

/// How a radar decides whether it detects a target on one look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Detection {
    /// The same probability for every target inside coverage.
    Fixed(Probability),
    /// From the radar equation, the target's radar cross-section and its fluctuation.
    RadarEquation(RadarEquation),
}

/// Calibration of the radar equation: SNR(R, σ) = SNR_ref · (σ / 1 m²) · (R_ref / R)⁴,
/// where SNR_ref is the single-look SNR that detects a 1 m² target at R_ref with
/// probability `reference_pd` at false-alarm probability `pfa`, for `swerling`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RadarEquation {
    /// R_ref: where a 1 m² target is detected with probability `reference_pd`.
    pub reference_range: Length,
    /// Detection probability of a 1 m² target at `reference_range`; in (pfa, 1).
    pub reference_pd: Probability,
    /// False-alarm probability per resolution cell, which sets the threshold.
    pub pfa: Probability,
    /// The targets' RCS fluctuation model.
    pub swerling: Swerling,
}

/// Swerling models of radar cross-section fluctuation, independent from scan to scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swerling {
    /// Case I: RCS exponentially distributed (chi-square, 2 degrees of freedom), as from
    /// many scatterers of like size.
    One,
    /// Case III: RCS chi-square with 4 degrees of freedom, as from one dominant
    /// scatterer among many small ones.
    Three,
}

/// A radar's systematic measurement error, added to each detection's measurement.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MeasurementBias {
    /// Added to the measured slant range.
    pub range: Length,
    /// Added to the measured azimuth (clockwise from north positive).
    pub azimuth: Angle,
    /// Added to the measured elevation.
    pub elevation: Angle,
}

impl MeasurementBias {
    /// True when it changes nothing.
    pub fn is_zero(&self) -> bool {
        self.range.si() == 0.0 && self.azimuth.si() == 0.0 && self.elevation.si() == 0.0
    }
}

/// A scheduled outage of a radar, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outage {
    /// First instant it is down.
    pub start: SimTime,
    /// First instant it is up again.
    pub end: SimTime,
}

/// A radar's coverage volume.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coverage {
    /// Minimum slant range.
    pub min_range: Length,
    /// Maximum slant range.
    pub max_range: Length,
    /// Azimuth sector: clockwise from `start` through `width`; `None` is all-round.
    pub azimuth_sector: Option<AzimuthSector>,
    /// Lowest elevation.
    pub min_elevation: Angle,
    /// Highest elevation.
    pub max_elevation: Angle,
    /// When true, targets below the radar horizon (4/3-Earth refraction) are unseen.
    pub radar_horizon: bool,
}

/// A sector of azimuth, clockwise from `start` through `width`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AzimuthSector {
    /// Start, clockwise from north.
    pub start: Angle,
    /// Width, in (0, 2π].
    pub width: Angle,
}

/// A place: a point, or anywhere in a polygon (drawn uniformly by area).
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// A single point.
    Point(Geodetic),
    /// Anywhere inside a polygon.
    Polygon(GeoPolygon),
}

/// What a raid aims at.
#[derive(Clone, Debug, PartialEq)]
pub enum AimSpec {
    /// The centre of a defended asset.
    Asset(AssetId),
    /// A place (a point, or random in a polygon).
    Place(Place),
}

/// A raid: `count` threats of one type launched over a time window from a launch area at
/// an aim.
#[derive(Clone, Debug, PartialEq)]
pub struct Raid {
    /// The scenario's name.
    pub name: String,
    /// Threat type.
    pub threat: Arc<ThreatType>,
    /// How many.
    pub count: u32,
    /// Where they launch from.
    pub launch_area: Place,
    /// First launch time.
    pub window_start: SimTime,
    /// Last launch time.
    pub window_end: SimTime,
    /// What they aim at.
    pub aim: AimSpec,
    /// Circular error probable of the impact about the aim point (0: none).
    pub cep: Length,
    /// Route points flown through in order before the aim (air-breathing threats only).
    pub via: Vec<Geodetic>,
    /// The trajectory ballistic threats fly (ignored for air-breathing threats).
    pub trajectory: TrajectoryShape,
}
