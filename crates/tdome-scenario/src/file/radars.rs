//! The catalogue's `radars.toml`: notional radar types whose figures a `[[sensor]]` can
//! take by naming the type. Every figure is notional, from public reporting named in
//! each entry's `source`, or assumed and said to be.

use schemars::JsonSchema;
use serde::Deserialize;

use super::table::tables_only;
use super::{DetectionEntry, NoiseEntry};

tables_only!(RadarsFile, RadarEntry, RadarCoverageEntry);

/// `radars.toml`: notional radar types.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct RadarsFile {
    /// Radar types (`[[radar]]`), in file order.
    #[serde(default)]
    pub radar: Vec<RadarEntry>,
}

/// A notional radar type: the figures a sensor of the type takes unless it gives its
/// own. Each figure is optional; what a type leaves out, its sensors must give (or take
/// the sensor key's default). The site, the first scan, the azimuth sector, bias and
/// outages belong to a sensor's site and are never a type's.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct RadarEntry {
    /// Name, unique in the catalogue; sensors refer to it in `type`.
    pub name: String,
    /// What the radar does, in words ("early warning and fire control for Arrow").
    pub role: String,
    /// Its frequency band, in words (IEEE letter band: "L", "S", "X").
    pub band: String,
    /// Time for one full scan of the coverage, seconds; in [0.05, 3600].
    #[serde(default)]
    pub scan_period_s: Option<f64>,
    /// A fixed detection probability on one scan, in [0, 1]. Not with
    /// `[radar.detection]`.
    #[serde(default)]
    pub pd: Option<f64>,
    /// Detection from the radar equation, as a sensor's `[sensor.detection]`, each key
    /// optional. Not with `pd`.
    #[serde(default)]
    pub detection: Option<DetectionEntry>,
    /// Mean number of false alarms per scan, spread uniformly over the coverage; in
    /// [0, 1000].
    #[serde(default)]
    pub false_alarms_per_scan: Option<f64>,
    /// Where the radar can see, as a sensor's `coverage` without the azimuth sector
    /// (which is the site's), each key optional.
    #[serde(default)]
    pub coverage: Option<RadarCoverageEntry>,
    /// Measurement noise, as a sensor's `noise`, each key optional.
    #[serde(default)]
    pub noise: Option<NoiseEntry>,
    /// Delay from a plot's illumination to its arrival at the battle manager, seconds;
    /// in [0, 60].
    #[serde(default)]
    pub latency_s: Option<f64>,
    /// Public sources of the figures, and what was assumed.
    pub source: String,
}

/// A radar type's coverage: a sensor's `coverage` without the azimuth sector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct RadarCoverageEntry {
    /// Minimum slant range, km; in [0, 5000].
    #[serde(default)]
    pub min_range_km: Option<f64>,
    /// Maximum slant range, km; > `min_range_km`, ≤ 5000.
    #[serde(default)]
    pub max_range_km: Option<f64>,
    /// Lowest elevation, degrees above the local horizontal, in [-90, 90].
    #[serde(default)]
    pub min_elevation_deg: Option<f64>,
    /// Highest elevation, degrees above the local horizontal, in [-90, 90];
    /// > `min_elevation_deg`.
    #[serde(default)]
    pub max_elevation_deg: Option<f64>,
    /// When true, targets below the radar horizon (4/3-Earth refraction) are unseen.
    #[serde(default)]
    pub radar_horizon: Option<bool>,
}

/// The figures a radar type can give a sensor, as the files write them (the unit in
/// each name); `None` where not given. A sensor's own figures take the same shape, so
/// that the two can be merged key by key before the sensor is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RadarFigures {
    /// `scan_period_s`.
    pub scan_period_s: Option<f64>,
    /// `pd`.
    pub pd: Option<f64>,
    /// `detection`.
    pub detection: Option<DetectionEntry>,
    /// `false_alarms_per_scan`.
    pub false_alarms_per_scan: Option<f64>,
    /// `coverage`, without the azimuth sector.
    pub coverage: RadarCoverageEntry,
    /// `noise`.
    pub noise: NoiseEntry,
    /// `latency_s`.
    pub latency_s: Option<f64>,
}
