//! A campaign: its variants, its replications and who runs which, the parallel runner,
//! and the provenance written with its results.
//!
//! Replication `r` of every variant runs with the seed
//! [`replication_seed`]`(root, r)` ("common random numbers"): the variants of one
//! replication meet the same raid, the same radar noise and the same kill draws as far
//! as their differences allow, so their differences are paired and their confidence
//! intervals narrow. A replication's results depend on `(root, r)` and its variant
//! alone, never on the thread, shard or machine that ran it: the runner takes work
//! items in a fixed order, and results are sorted by (run, variant) before anything is
//! written.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tdome_core::rng::replication_seed;
use tdome_scenario::Scenario;
use tdome_scenario::vary::{Axis, Setting};
use tdome_world::{AsFastAsPossible, RunSummary, Simulation, SimulationError};

use crate::ledger::Ledger;
use crate::results::{RESULTS_FORMAT_VERSION, Replication, Results};

/// The version of `campaign.json`.
pub const CAMPAIGN_FORMAT_VERSION: u32 = 1;

/// Part `index` (0-based) of `count` equal parts of a campaign's runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// Which part, from 0.
    pub index: u32,
    /// How many parts.
    pub count: u32,
}

impl Shard {
    /// The whole campaign.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parse `i/M` (0 ≤ i < M).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (i, m) = text
            .split_once('/')
            .ok_or_else(|| format!("expected a shard as `i/M` (0 ≤ i < M), got `{text}`"))?;
        let index: u32 = i
            .trim()
            .parse()
            .map_err(|_| format!("shard `{text}`: `{i}` is not a whole number"))?;
        let count: u32 = m
            .trim()
            .parse()
            .map_err(|_| format!("shard `{text}`: `{m}` is not a whole number"))?;
        if count == 0 || index >= count {
            return Err(format!("shard `{text}`: expected 0 ≤ i < M, M ≥ 1"));
        }
        Ok(Shard { index, count })
    }

    /// Its runs out of `runs`: a contiguous block, the blocks of all shards covering
    /// `0..runs` exactly once, their sizes differing by at most one.
    pub fn runs(self, runs: u64) -> std::ops::Range<u64> {
        let (i, m) = (u64::from(self.index), u64::from(self.count));
        let start = |k: u64| (u128::from(runs) * u128::from(k) / u128::from(m)) as u64;
        start(i)..start(i + 1)
    }
}

/// One defence the campaign runs: a scenario with settings applied.
#[derive(Clone, Debug)]
pub struct Variant {
    /// `path=value` of each setting, space-separated, prefixed by the scenario file's
    /// name when the campaign compares scenarios; `base` for the scenario as written.
    pub label: String,
    /// Its point of the sweep: the sweep's settings, space-separated (`base` without a
    /// sweep).
    pub point_label: String,
    /// Its arm of the comparison: the compared setting, or the scenario file's name
    /// when scenarios are compared; empty without a comparison.
    pub arm_label: String,
    /// The scenario file it comes from, as given.
    pub scenario_file: String,
    /// The settings applied to it.
    pub settings: Vec<Setting>,
    /// The point of the sweep grid it belongs to (variants of one point differ only by
    /// the compared arm).
    pub group: u32,
    /// Its arm in a comparison: 0 is the reference, others are compared with it.
    pub arm: u32,
    /// The resolved scenario.
    pub scenario: Scenario,
}

/// What a campaign runs.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The root seed.
    pub root_seed: u64,
    /// Replications of each variant, in the whole campaign.
    pub runs: u64,
    /// The part of them this process runs.
    pub shard: Shard,
    /// The variants; a single one without sweep or comparison.
    pub variants: Vec<Variant>,
    /// What the arms compare (`network=integrated,autonomous`), if anything.
    pub compare: Option<String>,
}

/// A variant as recorded in `campaign.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantRecord {
    /// Its index (the `variant` column of the results).
    pub index: u32,
    /// See [`Variant::label`].
    pub label: String,
    /// See [`Variant::point_label`].
    pub point_label: String,
    /// See [`Variant::arm_label`].
    pub arm_label: String,
    /// See [`Variant::scenario_file`].
    pub scenario_file: String,
    /// The scenario's name.
    pub scenario_name: String,
    /// Its settings, each `path=value`.
    pub settings: Vec<String>,
    /// See [`Variant::group`].
    pub group: u32,
    /// See [`Variant::arm`].
    pub arm: u32,
    /// SHA-256 of the resolved scenario (catalogue included) with its settings.
    pub scenario_hash: String,
}

/// `campaign.json`: what was run, by what, and how much of it finished.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// [`CAMPAIGN_FORMAT_VERSION`].
    pub format_version: u32,
    /// [`RESULTS_FORMAT_VERSION`] of the tables beside it.
    pub results_format_version: u32,
    /// tdome's version.
    pub tdome_version: String,
    /// The first variant's scenario name.
    pub scenario: String,
    /// SHA-256 over every variant's hash: one campaign, one hash.
    pub scenario_hash: String,
    /// The root seed.
    pub root_seed: u64,
    /// Replications of each variant in the whole campaign.
    pub runs: u64,
    /// The shards these results come from (one after a merge of all of them).
    pub shards: Vec<Shard>,
    /// The runs these results cover, per shard: `[first, end)`.
    pub run_ranges: Vec<[u64; 2]>,
    /// Replications finished of each variant.
    pub runs_complete: u64,
    /// Stopped before the end (Ctrl-C): only the runs finished are in the results.
    pub interrupted: bool,
    /// What the arms compare, if anything.
    pub compare: Option<String>,
    /// The variants.
    pub variants: Vec<VariantRecord>,
    /// The first variant's defended assets, for maps.
    pub assets: Vec<AssetRecord>,
}

/// A defended asset as recorded in `campaign.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssetRecord {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// Its footprint's vertices, `[lat_deg, lon_deg]`.
    pub polygon: Vec<[f64; 2]>,
}

impl Provenance {
    /// The key–value metadata written into each results file.
    pub fn metadata(&self) -> Vec<(String, String)> {
        vec![
            ("tdome.version".to_owned(), self.tdome_version.clone()),
            ("tdome.scenario".to_owned(), self.scenario.clone()),
            ("tdome.scenario_hash".to_owned(), self.scenario_hash.clone()),
            ("tdome.root_seed".to_owned(), self.root_seed.to_string()),
            (
                "tdome.results_format_version".to_owned(),
                RESULTS_FORMAT_VERSION.to_string(),
            ),
            (
                "tdome.campaign".to_owned(),
                serde_json::to_string(self).unwrap_or_default(),
            ),
        ]
    }

    /// The same campaign, whatever part of it: everything but the shards, their runs
    /// and how far they got.
    pub fn same_campaign(&self, other: &Provenance) -> bool {
        self.format_version == other.format_version
            && self.results_format_version == other.results_format_version
            && self.tdome_version == other.tdome_version
            && self.scenario_hash == other.scenario_hash
            && self.root_seed == other.root_seed
            && self.runs == other.runs
            && self.compare == other.compare
            && self.variants == other.variants
            && self.assets == other.assets
    }

    /// Write `campaign.json` into `dir`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(dir.join("campaign.json"), text + "\n")
    }

    /// Read `campaign.json` from `dir`.
    pub fn read(dir: &Path) -> Result<Provenance, String> {
        let path = dir.join("campaign.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a tdome campaign.json: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })
    }
}

/// SHA-256, hex, of a resolved scenario: its full description (catalogue entries,
/// every number after defaults) and nothing of the file's layout or comments.
pub fn scenario_hash(scenario: &Scenario) -> String {
    hex(&Sha256::digest(format!("{scenario:?}").as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Plan {
    /// The provenance of this plan's results, `complete` replications of each variant
    /// done.
    pub fn provenance(&self, complete: u64, interrupted: bool) -> Provenance {
        let variants: Vec<VariantRecord> = self
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| VariantRecord {
                index: i as u32,
                label: v.label.clone(),
                point_label: v.point_label.clone(),
                arm_label: v.arm_label.clone(),
                scenario_file: v.scenario_file.clone(),
                scenario_name: v.scenario.name.clone(),
                settings: v.settings.iter().map(ToString::to_string).collect(),
                group: v.group,
                arm: v.arm,
                scenario_hash: scenario_hash(&v.scenario),
            })
            .collect();
        let mut all = Sha256::new();
        for v in &variants {
            all.update(v.scenario_hash.as_bytes());
        }
        let range = self.shard.runs(self.runs);
        Provenance {
            format_version: CAMPAIGN_FORMAT_VERSION,
            results_format_version: RESULTS_FORMAT_VERSION,
            tdome_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: self
                .variants
                .first()
                .map(|v| v.scenario.name.clone())
                .unwrap_or_default(),
            scenario_hash: hex(&all.finalize()),
            root_seed: self.root_seed,
            runs: self.runs,
            shards: vec![self.shard],
            run_ranges: vec![[range.start, range.end]],
            runs_complete: complete,
            interrupted,
            compare: self.compare.clone(),
            variants,
            assets: self
                .variants
                .first()
                .map(|v| {
                    v.scenario
                        .assets
                        .iter()
                        .map(|a| AssetRecord {
                            name: a.name.clone(),
                            value: a.value,
                            polygon: a
                                .area
                                .vertices()
                                .iter()
                                .map(|p| [p.lat_deg(), p.lon_deg()])
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Work item `k` of this shard, in the order they are taken: run by run, every
    /// variant of a run together, so that a campaign stopped early has its finished
    /// runs paired. `None` past the last. Computed, not listed: a million runs of a
    /// hundred variants need no table of items.
    fn item(&self, k: u64) -> Option<(u64, u32)> {
        let n = self.variants.len() as u64;
        let range = self.shard.runs(self.runs);
        let run = range.start.checked_add(k.checked_div(n)?)?;
        (run < range.end).then(|| (run, (k % n) as u32))
    }
}

/// Run replication `run` of `variant` (index `index`) alone.
pub fn replicate(
    variant: &Variant,
    index: u32,
    run: u64,
    root_seed: u64,
) -> Result<Replication, SimulationError> {
    let seed = replication_seed(root_seed, run);
    let scenario = &variant.scenario;
    let mut sim = Simulation::new(scenario, seed)?;
    let mut summary = RunSummary::new(scenario, seed);
    let mut ledger = Ledger::new();
    let stats = {
        let mut sinks = tdome_core::event::Sinks::new();
        sinks.push(&mut summary);
        sinks.push(&mut ledger);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut |_| {})?
    };
    let (threats, interceptors) = ledger.finish_rows();
    Ok(Replication {
        variant: index,
        run,
        seed,
        sim_time_s: stats.sim_time.as_seconds(),
        summary,
        threats,
        interceptors,
    })
}

/// How a campaign's execution ended.
#[derive(Debug)]
pub struct Outcome {
    /// The results of the replications finished, sorted.
    pub results: Results,
    /// Runs with every variant finished (a prefix of the shard's runs).
    pub runs_complete: u64,
    /// Stopped by `stop` before the end.
    pub interrupted: bool,
}

/// Run `plan` on `threads` threads. `stop` is polled between replications: once it is
/// set no new replication starts, those under way finish, and the results hold every
/// replication finished. `progress` is called with the count of replications finished
/// after each one.
///
/// Threads pull the next work item from a shared counter. A replication takes of the
/// order of a second, so this spreads the work as evenly as a work-stealing pool
/// would, and stopping is one flag; it is written here rather than taken from rayon
/// for that reason.
pub fn execute(
    plan: &Plan,
    threads: usize,
    stop: &AtomicBool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Outcome, SimulationError> {
    let range = plan.shard.runs(plan.runs);
    let items = (range.end - range.start) * plan.variants.len() as u64;
    let next = AtomicU64::new(0);
    let done = AtomicUsize::new(0);
    // Each replication goes into the tables as it finishes (its summary and ledger then
    // dropped: a tenth of the memory), and the tables are sorted at the end.
    let finished: Mutex<(Results, usize)> = Mutex::new((Results::new(), 0));
    let failed: Mutex<Option<SimulationError>> = Mutex::new(None);
    let failing = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) && !failing.load(Ordering::Relaxed) {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some((run, v)) = plan.item(k) else {
                        break;
                    };
                    match replicate(&plan.variants[v as usize], v, run, plan.root_seed) {
                        Ok(r) => {
                            if let Ok(mut f) = finished.lock() {
                                f.0.add(&r);
                                f.1 += 1;
                            }
                            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                        }
                        Err(e) => {
                            failing.store(true, Ordering::Relaxed);
                            if let Ok(mut f) = failed.lock() {
                                f.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(e);
    }
    let (mut results, finished) = finished
        .into_inner()
        .unwrap_or_else(|_| (Results::new(), 0));
    results.sort();
    // Items are taken in order, and every item taken is finished: the finished items
    // are a prefix of the items, and the runs with all their variants a prefix of the
    // runs.
    let variants = plan.variants.len().max(1);
    let runs_complete = (finished / variants) as u64;
    let interrupted = (finished as u64) < items;
    Ok(Outcome {
        results,
        runs_complete,
        interrupted,
    })
}

/// What the user asked for: the scenario(s), the sweep, the comparison, the runs.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    /// The scenario file; `None` for the default scenario built into tdome.
    pub scenario: Option<std::path::PathBuf>,
    /// Axes to sweep; empty for the scenario's own `[sweep]`, if any.
    pub vary: Vec<Axis>,
    /// A field whose values are the arms of a paired comparison (the first is the
    /// reference).
    pub compare: Option<Axis>,
    /// A second scenario compared with the first (the reference), run with the same
    /// seeds.
    pub compare_scenario: Option<std::path::PathBuf>,
    /// Replications of each variant.
    pub runs: u64,
    /// The root seed; `None` for the scenario's.
    pub root_seed: Option<u64>,
    /// The part of the runs to do here.
    pub shard: Option<Shard>,
}

/// Why a campaign could not be planned: a variant's scenario did not load.
#[derive(Debug, thiserror::Error)]
#[error("{label}: {source}")]
pub struct PlanError {
    /// The variant (`base` for the scenario as written).
    pub label: String,
    /// Why.
    pub source: tdome_scenario::ScenarioError,
}

/// A scenario file, or the built-in default, with `settings` applied.
fn load_variant(
    path: Option<&Path>,
    settings: &[Setting],
) -> Result<Scenario, tdome_scenario::ScenarioError> {
    match path {
        Some(p) => tdome_scenario::load_with(p, settings),
        None => tdome_scenario::parse_str_with(
            tdome_scenario::builtin::DEFAULT_SCENARIO_TOML,
            Path::new(tdome_scenario::builtin::DEFAULT_SCENARIO_PATH),
            settings,
        ),
    }
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(
        || tdome_scenario::builtin::DEFAULT_SCENARIO_PATH.to_owned(),
        |p| p.display().to_string(),
    )
}

impl Plan {
    /// Load every variant `spec` asks for: the sweep's grid (its first axis varying
    /// slowest) and, within each point of it, the compared arms, the reference first.
    pub fn build(spec: &Spec) -> Result<Plan, PlanError> {
        let base = load_variant(spec.scenario.as_deref(), &[]).map_err(|source| PlanError {
            label: "base".to_owned(),
            source,
        })?;
        let axes = if spec.vary.is_empty() {
            base.sweep.clone()
        } else {
            spec.vary.clone()
        };
        let files: Vec<Option<&Path>> = match &spec.compare_scenario {
            Some(other) => vec![spec.scenario.as_deref(), Some(other.as_path())],
            None => vec![spec.scenario.as_deref()],
        };
        let arms: Vec<Vec<Setting>> = match &spec.compare {
            Some(axis) => axis.settings().map(|s| vec![s]).collect(),
            None => vec![Vec::new()],
        };
        let stem = |p: Option<&Path>| {
            let s = shown(p);
            Path::new(&s)
                .file_stem()
                .map_or(s.clone(), |f| f.to_string_lossy().into_owned())
        };
        let mut variants = Vec::new();
        for (group, point) in tdome_scenario::vary::grid(&axes).into_iter().enumerate() {
            let mut point_label = point
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            if point_label.is_empty() {
                point_label = "base".to_owned();
            }
            let mut arm = 0u32;
            for &file in &files {
                for extra in &arms {
                    let settings: Vec<Setting> = point.iter().chain(extra).cloned().collect();
                    let mut label = settings
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ");
                    if files.len() > 1 {
                        label = if label.is_empty() {
                            stem(file)
                        } else {
                            format!("{}: {label}", stem(file))
                        };
                    }
                    if label.is_empty() {
                        label = "base".to_owned();
                    }
                    let scenario = if settings.is_empty() && file == spec.scenario.as_deref() {
                        base.clone()
                    } else {
                        load_variant(file, &settings).map_err(|source| PlanError {
                            label: label.clone(),
                            source,
                        })?
                    };
                    let arm_label = match (files.len() > 1, extra.first()) {
                        (true, _) => stem(file),
                        (false, Some(s)) => s.to_string(),
                        (false, None) => String::new(),
                    };
                    variants.push(Variant {
                        label,
                        point_label: point_label.clone(),
                        arm_label,
                        scenario_file: shown(file),
                        settings,
                        group: group as u32,
                        arm,
                        scenario,
                    });
                    arm += 1;
                }
            }
        }
        let compare = match (&spec.compare, &spec.compare_scenario) {
            (Some(axis), _) => Some(format!("{}={}", axis.path, {
                axis.settings()
                    .map(|s| {
                        let t = s.to_string();
                        t[t.find('=').map_or(0, |i| i + 1)..].to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })),
            (None, Some(other)) => Some(format!(
                "scenario={},{}",
                shown(spec.scenario.as_deref()),
                other.display()
            )),
            (None, None) => None,
        };
        Ok(Plan {
            root_seed: spec.root_seed.unwrap_or(base.seed),
            runs: spec.runs,
            shard: spec.shard.unwrap_or(Shard::WHOLE),
            variants,
            compare,
        })
    }
}
