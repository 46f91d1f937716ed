//! What the page reads from the report data: `tdome mc`'s statistics, format version 1
//! (an example: `tests/fixtures/report-data.json`).
//!
//! The page is built from these types rather than from the raw JSON so that a shape the
//! page does not understand is found once, at the top, with serde's message naming the
//! place, instead of as silently missing plots. Fields a campaign may lack (a timeline,
//! comparisons, a confidence band from a single run) are optional; unknown fields are
//! ignored, so the statistics can grow without breaking older pages.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The one format version this page was written against.
pub(super) const FORMAT_VERSION: u64 = 1;

/// The whole report data.
#[derive(Debug, Deserialize)]
pub(super) struct ReportData {
    pub format_version: Option<u64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub scenario: String,
    #[serde(default)]
    pub scenario_hash: String,
    #[serde(default)]
    pub tdome_version: String,
    pub root_seed: Option<u64>,
    /// Runs finished with every variant.
    pub runs: Option<u64>,
    /// What the arms compare (`raid.grad.cep_m=30,300`, `scenario=A,B`), if anything.
    pub compare: Option<String>,
    #[serde(default)]
    pub notional_notice: String,
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(default)]
    pub impacts: Vec<Impact>,
    /// The runs the impacts cover whole (the first ones): the map holds at most a few
    /// thousand impacts.
    pub impacts_runs: Option<u64>,
    #[serde(default)]
    pub assets: Vec<DefendedAsset>,
    pub timeline: Option<Timeline>,
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
}

/// A mean with its 95 % confidence interval; a single replication has no interval.
#[derive(Clone, Copy, Debug, Deserialize)]
pub(super) struct Estimate {
    pub mean: f64,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
}

impl Estimate {
    /// The interval, or the mean alone where there is none.
    pub fn band(&self) -> (f64, f64) {
        (self.lo.unwrap_or(self.mean), self.hi.unwrap_or(self.mean))
    }
}

/// A proportion of runs with its 95 % interval.
#[derive(Clone, Copy, Debug, Deserialize)]
pub(super) struct Proportion {
    pub p: f64,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
}

/// One variant of the campaign (a point of a sweep, or the base scenario).
#[derive(Debug, Deserialize)]
pub(super) struct Variant {
    pub name: String,
    /// Its arm of the comparison: 0 the reference, the others each compared with it.
    pub arm: Option<u64>,
    /// Its point of the sweep, as settings (`raid.grad.count=4`), or `base`.
    pub point_label: Option<String>,
    /// Its arm as the compared setting (`bmc.network=autonomous`) or scenario file stem;
    /// empty without a comparison.
    pub arm_label: Option<String>,
    /// Threats launched, mean per run.
    pub raid_size_mean: Option<f64>,
    #[serde(default)]
    pub runs: u64,
    pub converged: Option<bool>,
    /// Per-run metrics by name (`leakers`, `defender_cost_usd`, …).
    #[serde(default)]
    pub metrics: BTreeMap<String, Estimate>,
    pub p_any_leaker: Option<Proportion>,
    #[serde(default)]
    pub by_layer: Vec<LayerStats>,
    #[serde(default)]
    pub by_interceptor: Vec<InterceptorStats>,
    #[serde(default)]
    pub leaker_histogram: Vec<LeakerBin>,
}

impl Variant {
    /// A metric by name.
    pub fn metric(&self, key: &str) -> Option<&Estimate> {
        self.metrics.get(key)
    }
}

/// One layer of the defence in one variant, per run.
#[derive(Debug, Deserialize)]
pub(super) struct LayerStats {
    pub layer: String,
    pub fired: Estimate,
    /// Rounds the layer held at the start (its magazines).
    pub rounds: Option<f64>,
}

/// One interceptor type in one variant, per run.
#[derive(Debug, Deserialize)]
pub(super) struct InterceptorStats {
    pub interceptor: String,
    pub layer: Option<String>,
    pub fired: Option<Estimate>,
    pub cost_usd: Estimate,
}

/// How many runs ended with this many leakers.
#[derive(Debug, Deserialize)]
pub(super) struct LeakerBin {
    pub leakers: u64,
    pub runs: u64,
}

/// Where one threat came down (geodetic, WGS-84 degrees).
#[derive(Debug, Deserialize)]
pub(super) struct Impact {
    #[serde(default)]
    pub variant: String,
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// The defended asset hit; none when it fell in the open.
    pub asset: Option<String>,
}

/// A defended asset's footprint: vertices as `[lat_deg, lon_deg]`.
#[derive(Debug, Deserialize)]
pub(super) struct DefendedAsset {
    pub name: String,
    #[serde(default)]
    pub polygon: Vec<[f64; 2]>,
}

/// The events of one replication.
#[derive(Debug, Deserialize)]
pub(super) struct Timeline {
    #[serde(default)]
    pub variant: String,
    pub run: Option<u64>,
    pub seed: Option<u64>,
    #[serde(default)]
    pub events: Vec<TimelineEvent>,
}

/// One event of the timeline; the page draws the events from the raw data, these fields
/// only size the plot and fix its legend.
#[derive(Debug, Deserialize)]
pub(super) struct TimelineEvent {
    /// What happened: `threat_launch`, `interceptor_launch`, `kill`, `leak`, `fell_in_open`.
    pub event: String,
    pub threat_type: Option<String>,
}

/// A paired comparison of two variants over the same seeds.
#[derive(Debug, Deserialize)]
pub(super) struct Comparison {
    pub a: String,
    pub b: String,
    pub runs: Option<u64>,
    #[serde(default)]
    pub differences: Vec<Difference>,
}

/// The paired difference of one metric, b − a (run by run), with its 95 % interval.
#[derive(Debug, Deserialize)]
pub(super) struct Difference {
    pub metric: String,
    pub a_mean: f64,
    pub b_mean: f64,
    pub mean_diff: f64,
    pub lo: f64,
    pub hi: f64,
}
