//! The scenario file format, as written: plain numbers with their unit in their name,
//! and names where the resolved [`crate::model`] has ids and shared types.
//!
//! Every struct denies unknown fields, so a misspelt key is an error rather than a
//! silently ignored default. The doc comment of each field is its description in the
//! JSON Schema ([`crate::json_schema`]) and states its unit, default and constraints.

pub mod catalogue;
mod pair;
pub mod radars;
mod table;

use schemars::JsonSchema;
use serde::Deserialize;

pub use pair::{LatLon, MachCd, Window};
use table::tables_only;

tables_only!(
    ScenarioFile,
    ScenarioSection,
    TheatreSection,
    Site,
    AssetEntry,
    SensorEntry,
    CoverageEntry,
    NoiseEntry,
    DetectionEntry,
    BiasEntry,
    BatteryEntry,
    RaidEntry,
    BmcSection,
    TrackerEntry,
    AssessmentEntry,
    DoctrineEntry,
    ShotsEntry,
    ModesEntry,
    ModeChangeEntry,
    WeatherSection,
    SweepSection,
);

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ScenarioFile {
    /// Run settings: name, seed, duration, tick, catalogue.
    pub scenario: ScenarioSection,
    /// The theatre's reference point.
    pub theatre: TheatreSection,
    /// Defended assets (`[[asset]]`), in file order: the first is asset 0.
    #[serde(default)]
    pub asset: Vec<AssetEntry>,
    /// Radars (`[[sensor]]`), in file order: the first is sensor 0.
    #[serde(default)]
    pub sensor: Vec<SensorEntry>,
    /// Firing batteries (`[[battery]]`), in file order: the first is battery 0.
    #[serde(default)]
    pub battery: Vec<BatteryEntry>,
    /// Raids (`[[raid]]`), in file order.
    #[serde(default)]
    pub raid: Vec<RaidEntry>,
    /// Battle-manager settings; optional, every field defaults to the battle manager's
    /// documented default.
    #[serde(default)]
    pub bmc: Option<BmcSection>,
    /// The weather, as far as it matters to a laser; optional, clear air by default.
    #[serde(default)]
    pub weather: Option<WeatherSection>,
    /// The grid of variants `tdome mc` runs by default (`--vary` on its command line
    /// replaces it); optional. `tdome run` ignores it.
    #[serde(default)]
    pub sweep: Option<SweepSection>,
}

/// The names of the top-level keys of [`ScenarioFile`], for checking the document.
pub(crate) const SCENARIO_KEYS: [&str; 9] = [
    "scenario", "theatre", "asset", "sensor", "battery", "raid", "bmc", "weather", "sweep",
];

/// A sweep: the fields a Monte Carlo campaign varies, and their values.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct SweepSection {
    /// Axes, each `path=values` as `tdome mc --vary` takes them: a field's dotted path
    /// in this file (an array element by its `name`, index or `*`) and its values, a
    /// range `from..to:step` (both ends included) or a comma-separated list, e.g.
    /// `"raid.drones-sea-northeast.count=8..48:8"`. Every combination is run.
    pub vary: Vec<String>,
}

/// The weather of the run: it dims a laser's beam (haze, fog) and blocks it (cloud).
/// Radars and flight do not feel it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct WeatherSection {
    /// Meteorological visibility, km; in [0.05, 300]. Default: 23, clear air.
    #[serde(default)]
    pub visibility_km: Option<f64>,
    /// Height of the cloud base above the ellipsoid, km; in [0, 20]: no laser engages a
    /// threat above it. Default: no cloud.
    #[serde(default)]
    pub cloud_base_km: Option<f64>,
}

/// Run settings.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ScenarioSection {
    /// Short name of the scenario, written into every record.
    pub name: String,
    /// Free text describing the scenario. Default: empty.
    #[serde(default)]
    pub description: String,
    /// Root seed of every random stream of the run; in [0, 2⁶³ − 1].
    pub seed: u64,
    /// Simulated span from t = 0, seconds; > 0, ≤ 1,000,000, a whole number of ticks.
    pub duration_s: f64,
    /// World tick, seconds; in [0.0001, 1] (0.1 ms is the launch solver's shortest step),
    /// and a whole number of nanoseconds.
    pub tick_s: f64,
    /// Spacing of periodic truth samples in records, seconds; ≤ 1,000,000 and a whole
    /// multiple of `tick_s`. Default: 1.0.
    #[serde(default)]
    pub truth_record_period_s: Option<f64>,
    /// Directory holding `threats.toml` and `interceptors.toml`, relative to this file.
    /// Default: the catalogue built into tdome.
    #[serde(default)]
    pub catalogue: Option<String>,
    /// The UTC instant t = 0 stands for, RFC 3339 with an explicit zone (for example
    /// `2026-01-01T00:00:00Z` or `2026-01-01T08:00:00+08:00`), from 1970 to 2262: the
    /// live picture's clock, and later ASTERIX time of day and DIS time stamps. Default:
    /// 2026-01-01T00:00:00Z.
    #[serde(default)]
    pub epoch: Option<String>,
}

/// The theatre.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TheatreSection {
    /// Reference point for maps and local (east, north, up) plots.
    pub origin: Site,
}

/// A point with a height.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct Site {
    /// Geodetic latitude, degrees, in [-90, 90], north positive.
    pub lat_deg: f64,
    /// Longitude, degrees, in [-180, 180], east positive.
    pub lon_deg: f64,
    /// Height above the WGS-84 ellipsoid, metres; in [-500, 50,000]. Default: 0.
    #[serde(default)]
    pub alt_m: f64,
}

/// A defended asset.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AssetEntry {
    /// Name, unique among assets; raids aim at assets by name.
    pub name: String,
    /// Relative value (dimensionless), in (0, 10⁹], used to rank threats and score
    /// outcomes.
    pub value: f64,
    /// Footprint: 3 to 10,000 [lat_deg, lon_deg] vertices in order around the outline,
    /// edges not crossing, enclosing an area.
    pub polygon: Vec<LatLon>,
    /// Height of the ground in the footprint above the WGS-84 ellipsoid, metres, in
    /// [−1,000, 9,000]: ballistic threats falling on the asset land where they descend
    /// through it. Default: 0 (the ellipsoid).
    pub ground_height_m: Option<f64>,
}

/// A radar.
///
/// With `type`, every figure the radar type gives (`scan_period_s`, `pd` or
/// `[sensor.detection]`, `false_alarms_per_scan`, `coverage`, `noise`, `latency_s`)
/// may be left out, and a figure given here overrides the type's: key by key, and sub-key
/// by sub-key inside `coverage`, `noise` and `[sensor.detection]`. A `pd` here replaces
/// a type's `[radar.detection]`, and a `[sensor.detection]` here a type's `pd`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct SensorEntry {
    /// Name, unique among sensors.
    pub name: String,
    /// Radar type: a name from the catalogue's `radars.toml`, whose figures are the
    /// defaults of this sensor's. Optional; without it the keys marked required are.
    #[serde(default, rename = "type")]
    pub radar_type: Option<String>,
    /// ASTERIX System Area Code of the radar's data source (I048/010); in [0, 255]. With
    /// `sic`, it matches CAT048 plots from the network to this radar in `tdome bmc`, and
    /// is the source of the CAT048 and CAT034 records `--asterix-out` writes for it. The
    /// pair is unique among sensors and differs from `[bmc]`'s. Default: 0.
    #[serde(default)]
    pub sac: Option<u32>,
    /// ASTERIX System Identification Code of the radar's data source (I048/010); in
    /// [0, 255]. See `sac`. Default: 1 + the sensor's index in file order (the first
    /// sensor is 1), which must then be at most 255.
    #[serde(default)]
    pub sic: Option<u32>,
    /// Antenna site.
    pub site: Site,
    /// Time for one full scan of the coverage, seconds; in [0.05, 3600]. Required unless
    /// the sensor's type gives it.
    #[serde(default)]
    pub scan_period_s: Option<f64>,
    /// Start of the first scan, seconds from scenario start; in [0, 1,000,000].
    /// Default: 0.
    #[serde(default)]
    pub first_scan_s: f64,
    /// Probability of detecting a target inside coverage on one scan, in [0, 1], the
    /// same for every target. Give exactly one of `pd` and `[sensor.detection]` (here or
    /// in the sensor's type).
    #[serde(default)]
    pub pd: Option<f64>,
    /// Detection probability from the radar equation, the target's radar cross-section
    /// and its Swerling fluctuation. Give exactly one of `pd` and `[sensor.detection]`
    /// (here or in the sensor's type).
    #[serde(default)]
    pub detection: Option<DetectionEntry>,
    /// Mean number of false alarms per scan, spread uniformly over the coverage; in
    /// [0, 1000]. Default: the type's, else 0.
    #[serde(default)]
    pub false_alarms_per_scan: Option<f64>,
    /// Where the radar can see. Required unless the sensor's type gives it.
    #[serde(default)]
    pub coverage: Option<CoverageEntry>,
    /// Measurement noise (one standard deviation per measured quantity). Required unless
    /// the sensor's type gives it.
    #[serde(default)]
    pub noise: Option<NoiseEntry>,
    /// Systematic error added to every detection's measurement (not to false alarms).
    /// Default: none.
    #[serde(default)]
    pub bias: Option<BiasEntry>,
    /// Delay from a plot's illumination to its arrival at the battle manager, seconds;
    /// in [0, 60]. Default: the type's, else 0.
    #[serde(default)]
    pub latency_s: Option<f64>,
    /// Scheduled outages: [start_s, end_s] windows, seconds from scenario start, with
    /// 0 ≤ start_s < end_s ≤ `duration_s`; at most 1000. A plot (detection or false
    /// alarm) illuminated at t with start_s ≤ t < end_s is not made. Default: none.
    #[serde(default)]
    pub outages: Vec<Window>,
}

/// Detection probability from the radar equation: SNR = SNR_ref · (σ / 1 m²) ·
/// (R_ref / R)⁴, with SNR_ref the single-look signal-to-noise ratio at which a 1 m²
/// target at `reference_range_km` is detected with probability `reference_pd`.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct DetectionEntry {
    /// Slant range at which a 1 m² target is detected with probability `reference_pd`,
    /// km; in (0, 5000]. Required unless the sensor's type gives it.
    #[serde(default)]
    pub reference_range_km: Option<f64>,
    /// Detection probability of a 1 m² target at `reference_range_km`; > `pfa`, < 1.
    /// Default: 0.9.
    #[serde(default)]
    pub reference_pd: Option<f64>,
    /// False-alarm probability per resolution cell (sets the detection threshold,
    /// −ln `pfa` times the noise power); in [1e-12, 0.01]. Default: 1e-6.
    #[serde(default)]
    pub pfa: Option<f64>,
    /// Swerling case of the targets' RCS fluctuation, scan to scan: 1 (many scatterers
    /// of like size: aircraft, drones) or 3 (one dominant scatterer and many small:
    /// missiles, rockets). Default: 1.
    #[serde(default)]
    pub swerling: Option<u32>,
}

/// A radar's systematic measurement error (misalignment, range offset).
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct BiasEntry {
    /// Added to every measured range, metres; in [-10,000, 10,000]. Default: 0.
    #[serde(default)]
    pub range_m: f64,
    /// Added to every measured azimuth (clockwise positive), milliradians; in
    /// [-100, 100]. Default: 0.
    #[serde(default)]
    pub azimuth_mrad: f64,
    /// Added to every measured elevation, milliradians; in [-100, 100]. Default: 0.
    #[serde(default)]
    pub elevation_mrad: f64,
}

/// A radar's coverage volume.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct CoverageEntry {
    /// Minimum slant range, km; in [0, 5000]. Required unless the sensor's type gives it.
    #[serde(default)]
    pub min_range_km: Option<f64>,
    /// Maximum slant range, km; > `min_range_km`, ≤ 5000. Required unless the sensor's
    /// type gives it.
    #[serde(default)]
    pub max_range_km: Option<f64>,
    /// Lowest elevation, degrees above the local horizontal, in [-90, 90]. Required unless
    /// the sensor's type gives it.
    #[serde(default)]
    pub min_elevation_deg: Option<f64>,
    /// Highest elevation, degrees above the local horizontal, in [-90, 90];
    /// > `min_elevation_deg`. Required unless the sensor's type gives it.
    #[serde(default)]
    pub max_elevation_deg: Option<f64>,
    /// Start of the azimuth sector, degrees clockwise from true north, in [-360, 360]
    /// (it is wrapped). Give both `azimuth_start_deg` and `azimuth_width_deg`, or neither for
    /// all-round coverage.
    #[serde(default)]
    pub azimuth_start_deg: Option<f64>,
    /// Width of the azimuth sector, degrees clockwise from `azimuth_start_deg`, in
    /// (0, 360].
    #[serde(default)]
    pub azimuth_width_deg: Option<f64>,
    /// When true, targets below the radar horizon (4/3-Earth refraction) are unseen.
    /// Default: the type's, else true.
    #[serde(default)]
    pub radar_horizon: Option<bool>,
}

/// Radar measurement noise, one standard deviation each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct NoiseEntry {
    /// Range error, metres; in (0, 10,000]. Required unless the sensor's type gives it.
    #[serde(default)]
    pub range_m: Option<f64>,
    /// Azimuth error, degrees; in (0, 10]. Required unless the sensor's type gives it.
    #[serde(default)]
    pub azimuth_deg: Option<f64>,
    /// Elevation error, degrees; in (0, 10]. Required unless the sensor's type gives it.
    #[serde(default)]
    pub elevation_deg: Option<f64>,
    /// Range-rate error, metres per second; in (0, 1000]. Leave out for a radar that does not
    /// measure range rate.
    #[serde(default)]
    pub range_rate_mps: Option<f64>,
}

/// A layer of the defence, outermost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LayerName {
    /// Exo- or high-endo-atmospheric (THAAD, Arrow 3, Tien Kung IV class).
    Upper,
    /// Endo-atmospheric area defence (PAC-3 MSE, Tien Kung III class).
    Middle,
    /// Short range (Iron Dome, NASAMS class).
    Lower,
    /// Point defence: guns and lasers.
    Point,
}

/// A firing battery.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct BatteryEntry {
    /// Name, unique among batteries.
    pub name: String,
    /// Layer: `upper`, `middle`, `lower` or `point`.
    pub layer: LayerName,
    /// Launcher site (the battery's reference point).
    pub site: Site,
    /// Interceptor type: a name from the catalogue's `interceptors.toml`.
    pub interceptor: String,
    /// Number of launchers; in [1, 1000].
    pub launchers: u32,
    /// Rounds loaded on each launcher at the start; in [1, 100,000]. The battery starts with
    /// `launchers` × `rounds_per_launcher` rounds.
    pub rounds_per_launcher: u32,
    /// Engagements it can guide at once (fire channels); in [1, 10,000].
    pub fire_channels: u32,
    /// Rounds held at the battery to reload its launchers with, one launcher at a time,
    /// each reload taking the interceptor type's `reload_time_s` (which it must have);
    /// in [0, 1,000,000]. Default: 0 (no reloads).
    #[serde(default)]
    pub reserve_rounds: u32,
    /// Its operator mode at the start: `"free"` (weapons free), `"tight"` (weapons
    /// tight: only tracks hostile with confidence, see `[bmc.modes]`) or `"hold"`
    /// (weapons hold: no new engagements). Default: `"free"`.
    #[serde(default)]
    pub mode: Option<ModeName>,
    /// Its organic radars: `[[sensor]]` names, each at most once, at most 1,000. Under
    /// `[bmc] network = "autonomous"` its own battle manager hears only these radars, and
    /// at least one is required; under `"integrated"` (the default) every radar cues
    /// every battery and the list is only checked. Default: none.
    #[serde(default)]
    pub radars: Vec<String>,
}

/// An operator mode (weapon-control status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ModeName {
    /// Weapons free: engage any track the doctrine lets through.
    Free,
    /// Weapons tight: engage only tracks hostile with confidence.
    Tight,
    /// Weapons hold: no new engagements; interceptors in the air fly on.
    Hold,
}

/// A place: a point, or anywhere inside a polygon.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PlaceEntry {
    /// Anywhere inside a polygon (drawn uniformly by area): 3 to 10,000
    /// [lat_deg, lon_deg] vertices in order, edges not crossing, enclosing an area.
    Polygon(Vec<LatLon>),
    /// A single point, [lat_deg, lon_deg].
    Point(LatLon),
}

/// What a raid aims at.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AimEntry {
    /// The centre of the defended asset of this name.
    Asset(String),
    /// A point drawn uniformly inside a polygon for each threat: 3 to 10,000
    /// [lat_deg, lon_deg] vertices in order, edges not crossing, enclosing an area.
    Polygon(Vec<LatLon>),
    /// A single point, [lat_deg, lon_deg].
    Point(LatLon),
}

/// A raid: `count` threats of one type launched over a time window.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct RaidEntry {
    /// Name, unique among raids.
    pub name: String,
    /// Threat type: a name from the catalogue's `threats.toml`.
    pub threat: String,
    /// Number of threats launched; in [1, 100,000], and all raids together at most
    /// 1,000,000.
    pub count: u32,
    /// Where they launch from: `{ point = [lat_deg, lon_deg] }` or
    /// `{ polygon = [[lat_deg, lon_deg], …] }`. Every point of it must be within the
    /// threat's range of every aim point and, for ballistic threats, outside the
    /// minimum range of the trajectory shape (allowing 6 × `cep_m` for scatter).
    pub launch_area: PlaceEntry,
    /// [first, last] launch time, seconds from scenario start; 0 ≤ first ≤ last <
    /// `duration_s`, and the latest launch (first plus whole ticks) no later than the
    /// start of the last tick. Launches are spread over the window, on ticks.
    pub window_s: Window,
    /// What they aim at: `{ asset = "name" }`, `{ point = [lat_deg, lon_deg] }` or
    /// `{ polygon = [[lat_deg, lon_deg], …] }`.
    pub aim: AimEntry,
    /// Circular error probable of impacts about the aim point, metres; in [0, 100,000].
    /// Default: 0.
    #[serde(default)]
    pub cep_m: f64,
    /// Route points [lat_deg, lon_deg] flown through in order before the aim;
    /// air-breathing threats (cruise missiles, drones) only; at most 1,000. Default: none
    /// (straight to the aim).
    #[serde(default)]
    pub via: Vec<LatLon>,
    /// Trajectory of ballistic threats (rockets, ballistic missiles) only:
    /// `"depressed"` (the flattest elevation that reaches the aim on a full burn),
    /// `"lofted"` (the steep branch above the maximum-range elevation) or
    /// `"minimum_energy"` (launched at the maximum-range elevation, thrust cut to reach
    /// the aim, as guided missiles manage energy). Default: `"minimum_energy"` for
    /// ballistic missiles, `"depressed"` for rockets.
    #[serde(default)]
    pub trajectory: Option<TrajectoryEntry>,
}

/// The trajectory a ballistic raid flies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrajectoryEntry {
    /// The flattest launch elevation that reaches the aim with a full burn.
    Depressed,
    /// The steep branch above the maximum-range elevation, full burn.
    Lofted,
    /// Maximum-range elevation, thrust cut off to reach the aim.
    MinimumEnergy,
}

/// Battle-manager settings. Each field left out takes the default documented for it.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct BmcSection {
    /// Time between battle-manager cycles (track report, assess, assign), seconds; in
    /// [0.01, 60]. Default: 0.5.
    #[serde(default)]
    pub cycle_s: Option<f64>,
    /// Tracker settings.
    #[serde(default)]
    pub tracker: Option<TrackerEntry>,
    /// Threat-assessment settings.
    #[serde(default)]
    pub assessment: Option<AssessmentEntry>,
    /// Firing doctrine.
    #[serde(default)]
    pub doctrine: Option<DoctrineEntry>,
    /// Operator modes: what weapons tight asks of a track, and mode changes at set
    /// times.
    #[serde(default)]
    pub modes: Option<ModesEntry>,
    /// How the batteries are commanded: `"integrated"` (one battle manager fuses every
    /// radar's plots into one air picture and orders every battery, so any radar cues
    /// the best shooter) or `"autonomous"` (each battery has a battle manager of its own
    /// that hears only the battery's `radars` and orders only it). Default:
    /// `"integrated"`.
    #[serde(default)]
    pub network: Option<NetworkName>,
    /// ASTERIX System Area Code of the battle manager's data source (I062/010), the
    /// source of the CAT062 system tracks `--asterix-out` writes; in [0, 255]. No sensor
    /// may have the same `sac` and `sic`. Default: 0.
    #[serde(default)]
    pub sac: Option<u32>,
    /// ASTERIX System Identification Code of the battle manager's data source
    /// (I062/010); in [0, 255]. See `sac`. Default: 0.
    #[serde(default)]
    pub sic: Option<u32>,
}

/// How the batteries are commanded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NetworkName {
    /// One battle manager, one fused air picture, every battery.
    Integrated,
    /// A battle manager per battery, fed only by its organic radars.
    Autonomous,
}

/// Operator modes.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ModesEntry {
    /// Weapons tight engages a track only when its P(hit) on the defended assets is at
    /// least this; in (0, 1]. Default: 0.5.
    #[serde(default)]
    pub tight_p_hit: Option<f64>,
    /// ... and when at least this many assessments of the track in a row, of its
    /// current category, have put its P(hit) at or above `engage_p_hit`; in [1, 10].
    /// Default: 3.
    #[serde(default)]
    pub tight_confirmations: Option<u32>,
    /// Mode changes at set times (`[[bmc.modes.change]]`), at most 10,000.
    #[serde(default)]
    pub change: Vec<ModeChangeEntry>,
}

/// A change of one battery's operator mode at a set time.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ModeChangeEntry {
    /// When, seconds from the start; in [0, `duration_s`]. Obeyed from the first
    /// battle-manager cycle at or after it.
    pub at_s: f64,
    /// The battery: a name from `[[battery]]`.
    pub battery: String,
    /// Its new mode: `"free"`, `"tight"` or `"hold"`.
    pub mode: ModeName,
}

/// Tracker settings.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct TrackerEntry {
    /// Power spectral density of the white-noise acceleration of the nearly-constant-
    /// velocity motion model, m²/s³ per axis; in (0, 10⁶]. Default: 100.
    #[serde(default)]
    pub process_noise_psd: Option<f64>,
    /// Standard deviation of each velocity component of a track started from one plot,
    /// metres per second; in (0, 10,000]. Default: 1500.
    #[serde(default)]
    pub initial_velocity_sigma_mps: Option<f64>,
    /// Association gate: chi-square value (3 degrees of freedom, dimensionless) of the
    /// normalised innovation below which a plot may update a track; in (0, 1000]. Default:
    /// 18.8.
    #[serde(default)]
    pub gate_chi2: Option<f64>,
    /// Plots associated to a tentative track (including the first) to confirm it; in
    /// [1, 100].
    /// Default: 3.
    #[serde(default)]
    pub confirm_hits: Option<u32>,
    /// A tentative track not updated for this long is deleted, seconds; > 0, ≤ 3600.
    /// Default: 12.
    #[serde(default)]
    pub tentative_timeout_s: Option<f64>,
    /// A confirmed track not updated for this long is deleted, seconds; > 0, ≤ 3600.
    /// Default: 15.
    #[serde(default)]
    pub confirmed_timeout_s: Option<f64>,
    /// Track capacity: the most live tracks (tentative and confirmed) the picture
    /// holds; past it the tentative tracks updated longest ago are dropped first. In
    /// [100, 10,000,000]. Default: 100,000.
    #[serde(default)]
    pub max_tracks: Option<u32>,
    /// The filter each motion model runs: `"ekf"` or `"ukf"`. Default: `"ekf"`.
    #[serde(default)]
    pub filter: Option<FilterEntry>,
    /// The motion models, from `"ncv"`, `"nca"` and `"ballistic"`, each at most once; one
    /// model is a single filter, more an IMM. Default: `["ncv", "nca", "ballistic"]`.
    #[serde(default)]
    pub motion_models: Option<Vec<MotionModelEntry>>,
    /// Jerk power spectral density of the nearly-constant-acceleration model, m²/s⁵ per
    /// axis; in (0, 10⁸]. Default: 1000.
    #[serde(default)]
    pub acceleration_noise_psd: Option<f64>,
    /// White-noise acceleration PSD of the ballistic model, m²/s³ per axis; in (0, 10⁶].
    /// Default: 0.2.
    #[serde(default)]
    pub ballistic_noise_psd: Option<f64>,
    /// PSD of the random walk of 1/β in the ballistic model, (m²/kg)²/s; in [0, 10⁻⁴].
    /// Default: 3·10⁻¹².
    #[serde(default)]
    pub inverse_ballistic_coefficient_psd: Option<f64>,
    /// Prior standard deviation of a new track's 1/β, m²/kg; in (0, 1]. Default: 10⁻⁴.
    #[serde(default)]
    pub inverse_ballistic_coefficient_sigma: Option<f64>,
    /// Rate of switching between motion models, per second; in [0, 100]. Default: 0.1.
    #[serde(default)]
    pub mode_switch_rate_hz: Option<f64>,
    /// Rate of switching out of the ballistic model, per second; in [0, 100], and no
    /// faster than `mode_switch_rate_hz`. Default: 0.001.
    #[serde(default)]
    pub ballistic_exit_rate_hz: Option<f64>,
    /// Standard deviation of each acceleration component of a new track, m/s²; in
    /// (0, 10,000]. Default: 50.
    #[serde(default)]
    pub initial_acceleration_sigma_mps2: Option<f64>,
    /// Fastest target the tracker starts tracks on, m/s; in (0, 10,000]. Default: 3500.
    #[serde(default)]
    pub max_target_speed_mps: Option<f64>,
    /// How plots are assigned to tracks: `"gnn"` (least total cost) or `"greedy"`.
    /// Default: `"gnn"`.
    #[serde(default)]
    pub associator: Option<AssociatorEntry>,
    /// N of the M-of-N confirmation rule (M is `confirm_hits`): looks within which a
    /// tentative track must collect its plots; in [confirm_hits, 1000]. Default: 4.
    #[serde(default)]
    pub confirm_window: Option<u32>,
    /// A confirmed track is deleted once every radar that saw it lately has missed it
    /// this many scans in a row; in [1, 1000]. Default: 4.
    #[serde(default)]
    pub delete_misses: Option<u32>,
    /// A track whose position uncertainty (square root of the covariance trace) exceeds
    /// this is deleted, metres; in (0, 10⁶]. Default: 20,000.
    #[serde(default)]
    pub max_position_sigma_m: Option<f64>,
    /// Plots are held this long after their measurement time and then processed in
    /// time order; a plot arriving later is counted as late and discarded. Seconds; in
    /// [0, 600]. Default: 0.
    #[serde(default)]
    pub reorder_window_s: Option<f64>,
}

/// A tracker's filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FilterEntry {
    /// Extended Kalman filter.
    Ekf,
    /// Unscented Kalman filter.
    Ukf,
}

/// A tracker's motion model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MotionModelEntry {
    /// Nearly constant velocity.
    Ncv,
    /// Nearly constant acceleration.
    Nca,
    /// Ballistic, with the ballistic coefficient estimated.
    Ballistic,
}

/// A tracker's associator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AssociatorEntry {
    /// Global nearest neighbour (optimal assignment).
    Gnn,
    /// Greedy nearest neighbour.
    Greedy,
}

/// Threat-assessment settings.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct AssessmentEntry {
    /// Ballistic coefficient β = m / (C_d·A) assumed when predicting ballistic tracks,
    /// kg/m²; in (0, 10⁶]. Default: 10000.
    #[serde(default)]
    pub assumed_ballistic_coefficient_kg_m2: Option<f64>,
    /// When true, ballistic tracks are predicted without drag (and
    /// `assumed_ballistic_coefficient_kg_m2` must be left out). Default: false.
    #[serde(default)]
    pub predict_in_vacuum: Option<bool>,
    /// Integration step of the impact prediction, seconds; in [0.01, 60]. Default: 1.
    #[serde(default)]
    pub prediction_step_s: Option<f64>,
    /// Longest prediction, seconds; ≥ `prediction_step_s`, ≤ 7200, and at most 100,000
    /// steps of `prediction_step_s`. Default: 900.
    #[serde(default)]
    pub prediction_horizon_s: Option<f64>,
    /// A ballistic track predicted to fall within this distance outside a defended area
    /// counts as threatening it, metres, when its impact covariance cannot be predicted
    /// (then only its mean is); in [0, 100,000]. Default: 500.
    #[serde(default)]
    pub defended_area_margin_m: Option<f64>,
    /// A ballistic track whose probability of hitting some defended area is at least
    /// this threatens it (and is engaged, if a shooter can); in (0, 1]. Default: 0.05.
    #[serde(default)]
    pub engage_p_hit: Option<f64>,
    /// Assessments of a track in a row (of the same category) whose P(hit) must reach
    /// `engage_p_hit` before it is engaged; in [1, 10]. Default: 2.
    #[serde(default)]
    pub engage_confirmations: Option<u32>,
    /// A threat whose P(hit) has reached `engage_p_hit` but not this is watched: its shot
    /// waits while one after its next assessment would still be feasible; in (0, 1].
    /// Default: 0.05 (no watch at the default `engage_p_hit`).
    #[serde(default)]
    pub confident_p_hit: Option<f64>,
    /// A track is also judged ballistic when, on two assessments in a row, the tracker's
    /// ballistic model holds at least this probability and the track is at least
    /// `ballistic_mode_min_speed_mps` fast; in (0, 1]. Default: 0.7.
    #[serde(default)]
    pub ballistic_mode_probability: Option<f64>,
    /// See `ballistic_mode_probability`, metres per second; in (0, 10,000]. Default: 120.
    #[serde(default)]
    pub ballistic_mode_min_speed_mps: Option<f64>,
    /// Tracks slower than this (and below `air_breathing_max_altitude_m`, and climbing
    /// or diving slower than `air_breathing_max_vertical_speed_mps`) are classed
    /// air-breathing, metres per second; in (0, 10,000]. Default: 340 (Mach 1 at sea level: raise it
    /// for supersonic cruise missiles).
    #[serde(default)]
    pub air_breathing_max_speed_mps: Option<f64>,
    /// Highest altitude of an air-breathing track, metres; in (0, 100,000]. Default: 3000.
    #[serde(default)]
    pub air_breathing_max_altitude_m: Option<f64>,
    /// Fastest climb or dive of an air-breathing track, metres per second; in (0, 10,000].
    /// Default: 60.
    #[serde(default)]
    pub air_breathing_max_vertical_speed_mps: Option<f64>,
}

/// Firing doctrine.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct DoctrineEntry {
    /// Interceptors fired together at one threat per engagement decision (1 is
    /// shoot-look-shoot, 2 is shoot-shoot-look); in [1, 100]. Default: 1.
    #[serde(default)]
    pub salvo_size: Option<u32>,
    /// Most interceptors ever fired at one track; ≥ `salvo_size`, ≤ 10,000. Default: 4.
    #[serde(default)]
    pub max_shots_per_track: Option<u32>,
    /// Wait after the planned intercept time before judging a shot missed and
    /// re-engaging, seconds; in [0, 3600]. Default: 3.
    #[serde(default)]
    pub kill_assessment_delay_s: Option<f64>,
    /// Spacing of the candidate intercept times searched when planning a shot,
    /// seconds; in [0.01, 60]. Default: 1.
    #[serde(default)]
    pub intercept_search_step_s: Option<f64>,
    /// Latest planned intercept, seconds before the predicted impact (or entry into a
    /// defended area); in [0, 3600]. Default: 2.
    #[serde(default)]
    pub min_time_before_impact_s: Option<f64>,
    /// A shot is ordered only when its planned launch is at most this long after the
    /// earliest possible launch (reaction time); later shots are re-planned each cycle,
    /// seconds; in [0, 3600]. Default: 5.
    #[serde(default)]
    pub launch_commit_window_s: Option<f64>,
    /// No shot on a track younger than this since its first plot (a track formed on a
    /// rocket still boosting predicts nothing useful yet), seconds; in [0, 3600].
    /// Default: 2.
    #[serde(default)]
    pub min_track_age_s: Option<f64>,
    /// Engage every hostile track whatever its predicted impact (a track that threatens
    /// no asset is given the one nearest its impact, or its position): the baseline
    /// against which the impact-point filter's savings are measured. Default: false.
    #[serde(default)]
    pub engage_all: Option<bool>,
    /// How shooters are chosen: `"layered"` (threat by threat in priority order, the
    /// outermost layer that can intercept), `"nearest"` (threat by threat, the nearest
    /// battery: the naive baseline), or a weapon–target assignment over the
    /// threats due a shot: `"greedy"`, `"local"` or `"exact"`. Default: `"layered"`.
    #[serde(default)]
    pub assignment: Option<AssignmentEntry>,
    /// λ: defended value one US$1M of interceptors is worth, in the assets' value
    /// units; the assignment maximises value saved − λ · cost. In [0, 1,000,000].
    /// Default: 0.
    #[serde(default)]
    pub cost_weight_per_musd: Option<f64>,
    /// Salvo and shot limit against ballistic threats (`[bmc.doctrine.ballistic]`),
    /// where they differ from the general ones.
    #[serde(default)]
    pub ballistic: Option<ShotsEntry>,
    /// Salvo and shot limit against air-breathing threats
    /// (`[bmc.doctrine.air_breathing]`), where they differ from the general ones.
    #[serde(default)]
    pub air_breathing: Option<ShotsEntry>,
}

/// Salvo and shot limit against one category of threat; each key left out takes the
/// general doctrine's value.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct ShotsEntry {
    /// Interceptors fired together at one threat of the category per engagement
    /// decision; in [1, 100]. Default: the doctrine's `salvo_size`.
    #[serde(default)]
    pub salvo_size: Option<u32>,
    /// Most interceptors ever fired at one track of the category; ≥ this table's
    /// `salvo_size`, ≤ 10,000. Default: the doctrine's `max_shots_per_track`.
    #[serde(default)]
    pub max_shots_per_track: Option<u32>,
}

/// How the battle manager chooses shooters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AssignmentEntry {
    /// Threat by threat, outermost layer first.
    Layered,
    /// Threat by threat, the nearest battery (the naive baseline).
    Nearest,
    /// Weapon–target assignment, maximum-marginal-return greedy.
    Greedy,
    /// Weapon–target assignment, greedy then local search.
    Local,
    /// Weapon–target assignment, branch and bound.
    Exact,
}
