//! A campaign's results: three tables, a row per replication, per threat and per
//! interceptor fired, each row keyed by its variant and run. Column by column in
//! `docs/campaigns.md`; new columns go at the end, with [`RESULTS_FORMAT_VERSION`]
//! bumped.

use std::path::Path;

use tdome_core::defence::Layer;
use tdome_world::RunSummary;

use crate::ledger::{InterceptorRow, ThreatRow};
use crate::table::{Kind, Table, TableError, Value};

/// The version of the results tables' columns, recorded in every file.
pub const RESULTS_FORMAT_VERSION: u32 = 1;

/// The layers, outermost first: each has its columns in the runs table, present or not
/// in the scenario, so that every campaign's runs table has the same columns.
pub const LAYERS: [Layer; 4] = [Layer::Upper, Layer::Middle, Layer::Lower, Layer::Point];

/// The file names of the three tables in a campaign directory.
pub const RUNS_FILE: &str = "runs.parquet";
/// See [`RUNS_FILE`].
pub const THREATS_FILE: &str = "threats.parquet";
/// See [`RUNS_FILE`].
pub const INTERCEPTORS_FILE: &str = "interceptors.parquet";

/// What one replication produced.
#[derive(Clone, Debug)]
pub struct Replication {
    /// Index of its variant in the campaign.
    pub variant: u32,
    /// Its run index.
    pub run: u64,
    /// Its root seed (replay it with `tdome run --seed`).
    pub seed: u64,
    /// Simulated time, seconds.
    pub sim_time_s: f64,
    /// The run summary.
    pub summary: RunSummary,
    /// A row per threat.
    pub threats: Vec<ThreatRow>,
    /// A row per interceptor fired.
    pub interceptors: Vec<InterceptorRow>,
}

/// The three tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// A row per replication.
    pub runs: Table,
    /// A row per threat of each replication.
    pub threats: Table,
    /// A row per interceptor fired in each replication.
    pub interceptors: Table,
}

const KEYS: [(&str, Kind); 3] = [
    ("variant", Kind::Int),
    ("run", Kind::Int),
    ("seed", Kind::Int),
];

fn runs_schema() -> Vec<(String, Kind)> {
    let mut s: Vec<(String, Kind)> = KEYS.iter().map(|(n, k)| ((*n).to_owned(), *k)).collect();
    for n in [
        "launched",
        "engaged",
        "intercepted",
        "leaked",
        "fell_in_open",
        "airborne",
        "assets_hit",
        "interceptors_fired",
        "kills",
    ] {
        s.push((n.to_owned(), Kind::Int));
    }
    for n in [
        "defender_cost_usd",
        "attacker_cost_usd",
        "attacker_cost_engaged_usd",
        "cost_exchange_ratio",
        "value_defended",
        "value_destroyed",
        "value_saved",
        "sim_time_s",
    ] {
        s.push((n.to_owned(), Kind::Float));
    }
    for l in LAYERS {
        let l = l.name();
        s.push((format!("{l}_fired"), Kind::Int));
        s.push((format!("{l}_kills"), Kind::Int));
        s.push((format!("{l}_cost_usd"), Kind::Float));
        s.push((format!("{l}_rounds"), Kind::Int));
        s.push((format!("{l}_rounds_left"), Kind::Int));
    }
    s
}

const THREAT_COLUMNS: [(&str, Kind); 15] = [
    ("threat", Kind::Int),
    ("raid", Kind::Text),
    ("threat_type", Kind::Text),
    ("kind", Kind::Text),
    ("launch_time_s", Kind::Float),
    ("shots", Kind::Int),
    ("engaged_by", Kind::Text),
    ("fate", Kind::Text),
    ("killed_by", Kind::Text),
    ("kill_layer", Kind::Text),
    ("end_time_s", Kind::Float),
    ("impact_lat_deg", Kind::Float),
    ("impact_lon_deg", Kind::Float),
    ("asset_hit", Kind::Text),
    ("damage", Kind::Float),
];

const INTERCEPTOR_COLUMNS: [(&str, Kind); 13] = [
    ("engagement", Kind::Int),
    ("battery", Kind::Text),
    ("layer", Kind::Text),
    ("interceptor_type", Kind::Text),
    ("target", Kind::Int),
    ("launch_time_s", Kind::Float),
    ("planned_intercept_s", Kind::Float),
    ("fate", Kind::Text),
    ("resolved_time_s", Kind::Float),
    ("met", Kind::Int),
    ("miss_distance_m", Kind::Float),
    ("intercept_altitude_m", Kind::Float),
    ("cost_usd", Kind::Float),
];

fn table(columns: &[(String, Kind)]) -> Table {
    let named: Vec<(&str, Kind)> = columns.iter().map(|(n, k)| (n.as_str(), *k)).collect();
    Table::new(&named)
}

fn keyed(extra: &[(&str, Kind)]) -> Vec<(String, Kind)> {
    KEYS.iter()
        .chain(extra)
        .map(|(n, k)| ((*n).to_owned(), *k))
        .collect()
}

fn int(x: impl TryInto<i64>) -> Value {
    Value::Int(x.try_into().ok())
}

fn float(x: f64) -> Value {
    Value::Float(Some(x))
}

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_owned()))
}

impl Default for Results {
    fn default() -> Self {
        Results::new()
    }
}

impl Results {
    /// Empty tables.
    pub fn new() -> Self {
        Results {
            runs: table(&runs_schema()),
            threats: table(&keyed(&THREAT_COLUMNS)),
            interceptors: table(&keyed(&INTERCEPTOR_COLUMNS)),
        }
    }

    /// Add one replication's rows.
    pub fn add(&mut self, r: &Replication) {
        let key = || vec![int(r.variant), int(r.run), int(r.seed)];
        let s = &r.summary;
        let total = s.total();
        let fired: u32 = s.interceptors.values().map(|i| i.fired).sum();
        let kills: u32 = s.interceptors.values().map(|i| i.kills).sum();
        let mut row = key();
        row.extend([
            int(total.launched),
            int(total.engaged),
            int(total.intercepted),
            int(total.leaked),
            int(total.fell_in_open),
            int(total.airborne()),
            int(s.assets_hit()),
            int(fired),
            int(kills),
            float(s.total_cost().si()),
            float(s.attacker_cost_launched().cost.si()),
            float(s.attacker_cost_engaged().cost.si()),
            Value::Float(s.cost_exchange_ratio()),
            float(s.value_defended()),
            float(s.value_destroyed()),
            float(s.value_saved()),
            float(r.sim_time_s),
        ]);
        let layers = s.layers();
        for l in LAYERS {
            match layers.get(&l) {
                Some(t) => row.extend([
                    int(t.fired),
                    int(t.kills),
                    float(t.cost.si()),
                    int(t.rounds.saturating_add(t.reloaded)),
                    int(t.rounds_left()),
                ]),
                None => row.extend([int(0), int(0), float(0.0), int(0), int(0)]),
            }
        }
        self.runs.push_row(row);
        for t in &r.threats {
            let mut row = key();
            row.extend([
                int(t.threat),
                text(&t.raid),
                text(&t.threat_type),
                text(&t.kind),
                float(t.launch_time_s),
                int(t.shots),
                text(&t.engaged_by),
                text(t.fate.name()),
                Value::Text(t.killed_by.clone()),
                Value::Text(t.kill_layer.map(|l| l.name().to_owned())),
                Value::Float(t.end_time_s),
                Value::Float(t.impact_lat_deg),
                Value::Float(t.impact_lon_deg),
                Value::Text(t.asset_hit.clone()),
                float(t.damage),
            ]);
            self.threats.push_row(row);
        }
        for i in &r.interceptors {
            let mut row = key();
            row.extend([
                int(i.engagement),
                text(&i.battery),
                text(i.layer.name()),
                text(&i.interceptor_type),
                Value::Int(i.target.map(i64::from)),
                float(i.launch_time_s),
                float(i.planned_intercept_s),
                text(i.fate.name()),
                Value::Float(i.resolved_time_s),
                Value::Int(i.met.map(i64::from)),
                Value::Float(i.miss_distance_m),
                Value::Float(i.intercept_altitude_m),
                float(i.cost_usd),
            ]);
            self.interceptors.push_row(row);
        }
    }

    /// Put every table in (variant, run) order, keeping each replication's rows in
    /// their own order. Results gathered from threads in any order, or from shards in
    /// any order, come out the same.
    pub fn sort(&mut self) {
        for t in [&mut self.runs, &mut self.threats, &mut self.interceptors] {
            t.sort_by(&["run", "variant"]);
        }
    }

    /// Add `other`'s rows; false (nothing added) when its tables have other columns.
    pub fn append(&mut self, other: Results) -> bool {
        if self.runs.schema() != other.runs.schema()
            || self.threats.schema() != other.threats.schema()
            || self.interceptors.schema() != other.interceptors.schema()
        {
            return false;
        }
        self.runs.append(other.runs)
            && self.threats.append(other.threats)
            && self.interceptors.append(other.interceptors)
    }

    /// Write the three tables into `dir`, each with `metadata`.
    pub fn write(&self, dir: &Path, metadata: &[(String, String)]) -> Result<(), TableError> {
        self.runs.write_parquet(&dir.join(RUNS_FILE), metadata)?;
        self.threats
            .write_parquet(&dir.join(THREATS_FILE), metadata)?;
        self.interceptors
            .write_parquet(&dir.join(INTERCEPTORS_FILE), metadata)
    }

    /// Read the three tables from `dir`, with the runs file's metadata.
    pub fn read(dir: &Path) -> Result<(Results, Vec<(String, String)>), TableError> {
        let (runs, metadata) = Table::read_parquet(&dir.join(RUNS_FILE))?;
        let (threats, _) = Table::read_parquet(&dir.join(THREATS_FILE))?;
        let (interceptors, _) = Table::read_parquet(&dir.join(INTERCEPTORS_FILE))?;
        let results = Results {
            runs,
            threats,
            interceptors,
        };
        let expected = Results::new();
        for (name, got, want) in [
            (RUNS_FILE, &results.runs, &expected.runs),
            (THREATS_FILE, &results.threats, &expected.threats),
            (
                INTERCEPTORS_FILE,
                &results.interceptors,
                &expected.interceptors,
            ),
        ] {
            let (g, w) = (got.schema(), want.schema());
            if g != w {
                return Err(TableError::Shape {
                    path: dir.join(name),
                    message: format!(
                        "not a tdome results table of format {RESULTS_FORMAT_VERSION}: its columns \
                         begin {:?}",
                        g.iter()
                            .take(4)
                            .map(|(n, _)| n.as_str())
                            .collect::<Vec<_>>()
                    ),
                });
            }
        }
        Ok((results, metadata))
    }
}
