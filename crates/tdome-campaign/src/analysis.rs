//! From a campaign's tables to its answers: each variant's figures with their
//! intervals, the paired comparisons, and whether the replications were enough. The
//! same analysis prints `tdome mc`'s summary and feeds `tdome report`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::campaign::Provenance;
use crate::results::{LAYERS, Results};
use crate::stats::{
    Convergence, Estimate, Proportion, convergence, mean_ci, paired_difference, quantile, wilson,
};
use crate::table::Table;

/// A headline figure of a run: its column in the runs table, its name in reports, and
/// the precision a campaign should reach on its mean (relative to the mean, with an
/// absolute floor).
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    /// Name in reports.
    pub name: &'static str,
    /// Column of the runs table.
    pub column: &'static str,
    /// What it is, for people.
    pub title: &'static str,
    /// Wanted 95 % half-width, relative to |mean|.
    pub relative: f64,
    /// Wanted 95 % half-width floor, in the metric's unit.
    pub absolute: f64,
}

/// The headline metrics, in report order. A campaign has converged when the mean of
/// each is known to ±5 % (or to the floor: half a threat, a quarter of an asset, half a
/// round, US$1M, 0.5 value units).
pub const METRICS: [Metric; 7] = [
    Metric {
        name: "leakers",
        column: "leaked",
        title: "leakers (threats that hit a defended asset)",
        relative: 0.05,
        absolute: 0.5,
    },
    Metric {
        name: "assets_hit",
        column: "assets_hit",
        title: "defended assets hit",
        relative: 0.05,
        absolute: 0.25,
    },
    Metric {
        name: "intercepted",
        column: "intercepted",
        title: "threats intercepted",
        relative: 0.05,
        absolute: 0.5,
    },
    Metric {
        name: "interceptors_fired",
        column: "interceptors_fired",
        title: "interceptors fired",
        relative: 0.05,
        absolute: 0.5,
    },
    Metric {
        name: "defender_cost_usd",
        column: "defender_cost_usd",
        title: "interceptor cost, US$",
        relative: 0.05,
        absolute: 1e6,
    },
    Metric {
        name: "attacker_cost_usd",
        column: "attacker_cost_usd",
        title: "attacker cost of the threats launched, US$",
        relative: 0.05,
        absolute: 1e6,
    },
    Metric {
        name: "value_destroyed",
        column: "value_destroyed",
        title: "defended value destroyed",
        relative: 0.05,
        absolute: 0.5,
    },
];

/// A metric over a variant's replications.
#[derive(Clone, Debug, Serialize)]
pub struct MetricSummary {
    /// The mean and its interval.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Whether the mean is known to the metric's precision.
    pub convergence: Convergence,
}

/// A layer's rounds over a variant's replications.
#[derive(Clone, Debug, Serialize)]
pub struct LayerSummary {
    /// Its name.
    pub layer: &'static str,
    /// Rounds fired.
    pub fired: Estimate,
    /// Kills.
    pub kills: Estimate,
    /// Cost of the rounds fired, US$.
    pub cost_usd: Estimate,
    /// Rounds it had (launchers and reserve), the same in every run.
    pub rounds: i64,
    /// Replications in which it fired its last round.
    pub emptied: Proportion,
}

/// An interceptor type's rounds over a variant's replications.
#[derive(Clone, Debug, Serialize)]
pub struct InterceptorSummary {
    /// Type name.
    pub interceptor: String,
    /// Its layer.
    pub layer: String,
    /// Rounds fired per replication.
    pub fired: Estimate,
    /// Cost per replication, US$.
    pub cost_usd: Estimate,
    /// Kill probability per round resolved against a threat (kills over kills and
    /// misses).
    pub pk: Option<Proportion>,
}

/// A threat type over a variant's replications.
#[derive(Clone, Debug, Serialize)]
pub struct ThreatSummary {
    /// Type name.
    pub threat_type: String,
    /// Launched per replication.
    pub launched: f64,
    /// Fraction of them that leaked, over all replications.
    pub leaked: Proportion,
    /// Fraction intercepted.
    pub intercepted: Proportion,
}

/// One variant's figures.
#[derive(Clone, Debug, Serialize)]
pub struct VariantSummary {
    /// Its index.
    pub index: u32,
    /// Its label.
    pub label: String,
    /// Replications.
    pub runs: u64,
    /// Mean threats launched (the raid size).
    pub raid_size_mean: f64,
    /// The headline metrics by name.
    pub metrics: BTreeMap<&'static str, MetricSummary>,
    /// Probability that at least one threat leaks.
    pub p_any_leaker: Proportion,
    /// Every metric converged.
    pub converged: bool,
    /// By layer, outermost first (layers with no rounds left out).
    pub by_layer: Vec<LayerSummary>,
    /// By interceptor type.
    pub by_interceptor: Vec<InterceptorSummary>,
    /// By threat type.
    pub by_threat: Vec<ThreatSummary>,
    /// Replications by number of leakers.
    pub leaker_histogram: Vec<(i64, u64)>,
}

/// A metric's paired difference between two arms.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// Metric name.
    pub metric: &'static str,
    /// Mean under the reference arm.
    pub a_mean: f64,
    /// Mean under the other.
    pub b_mean: f64,
    /// Mean of B − A, run by run, with its interval.
    pub diff: Estimate,
    /// The half-width the same runs would give unpaired (Welch): what pairing saved.
    pub unpaired_half_width: f64,
}

/// Two arms compared on the same replications.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The reference variant's label.
    pub a: String,
    /// The other's.
    pub b: String,
    /// Replications in both.
    pub runs: u64,
    /// Each metric's difference.
    pub differences: Vec<Difference>,
}

/// The whole analysis.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// Each variant, in index order.
    pub variants: Vec<VariantSummary>,
    /// Each compared pair.
    pub comparisons: Vec<Comparison>,
}

fn ints(t: &Table, name: &str) -> Vec<f64> {
    t.ints(name)
        .map(|v| v.iter().map(|x| x.unwrap_or(0) as f64).collect())
        .unwrap_or_default()
}

fn floats(t: &Table, name: &str) -> Vec<f64> {
    match (t.floats(name), t.ints(name)) {
        (Some(v), _) => v.iter().map(|x| x.unwrap_or(0.0)).collect(),
        (None, Some(_)) => ints(t, name),
        (None, None) => Vec::new(),
    }
}

/// A proportion of no trial: nothing known, the interval all of [0, 1].
const NO_TRIAL: Proportion = Proportion {
    k: 0,
    n: 0,
    p: 0.0,
    lo: 0.0,
    hi: 1.0,
};

fn zero() -> Estimate {
    Estimate {
        n: 0,
        mean: 0.0,
        sd: 0.0,
        lo: 0.0,
        hi: 0.0,
    }
}

/// Rows of `t` whose `variant` is `v`.
fn of_variant(t: &Table, v: u32) -> Table {
    let col = t.ints("variant").unwrap_or(&[]);
    t.filter(|i| col.get(i).copied().flatten() == Some(i64::from(v)))
}

impl Analysis {
    /// Analyse `results`, whose variants `provenance` describes.
    pub fn of(results: &Results, provenance: &Provenance) -> Analysis {
        let variants: Vec<VariantSummary> = provenance
            .variants
            .iter()
            .map(|v| variant(results, v.index, &v.label))
            .collect();
        let mut comparisons = Vec::new();
        for b in &provenance.variants {
            if b.arm == 0 {
                continue;
            }
            if let Some(a) = provenance
                .variants
                .iter()
                .find(|a| a.group == b.group && a.arm == 0)
            {
                comparisons.push(compare(results, a.index, &a.label, b.index, &b.label));
            }
        }
        Analysis {
            variants,
            comparisons,
        }
    }
}

fn variant(results: &Results, index: u32, label: &str) -> VariantSummary {
    let runs = of_variant(&results.runs, index);
    let n = runs.len() as u64;
    let mut metrics = BTreeMap::new();
    for m in METRICS {
        let xs = floats(&runs, m.column);
        if let Some(e) = mean_ci(&xs) {
            metrics.insert(
                m.name,
                MetricSummary {
                    estimate: e,
                    p05: quantile(&xs, 0.05).unwrap_or(0.0),
                    p50: quantile(&xs, 0.5).unwrap_or(0.0),
                    p95: quantile(&xs, 0.95).unwrap_or(0.0),
                    convergence: convergence(&e, m.relative, m.absolute),
                },
            );
        }
    }
    let leaked = ints(&runs, "leaked");
    let any = leaked.iter().filter(|&&x| x > 0.0).count() as u64;
    let mut histogram: BTreeMap<i64, u64> = BTreeMap::new();
    for &x in &leaked {
        *histogram.entry(x as i64).or_default() += 1;
    }
    let by_layer = LAYERS
        .iter()
        .filter_map(|l| {
            let l = l.name();
            let rounds = runs
                .ints(&format!("{l}_rounds"))
                .and_then(|v| v.iter().flatten().copied().max())
                .unwrap_or(0);
            if rounds == 0 {
                return None;
            }
            let left = ints(&runs, &format!("{l}_rounds_left"));
            Some(LayerSummary {
                layer: l,
                fired: mean_ci(&ints(&runs, &format!("{l}_fired"))).unwrap_or_else(zero),
                kills: mean_ci(&ints(&runs, &format!("{l}_kills"))).unwrap_or_else(zero),
                cost_usd: mean_ci(&floats(&runs, &format!("{l}_cost_usd"))).unwrap_or_else(zero),
                rounds,
                emptied: wilson(left.iter().filter(|&&x| x == 0.0).count() as u64, n)
                    .unwrap_or(NO_TRIAL),
            })
        })
        .collect();
    VariantSummary {
        index,
        label: label.to_owned(),
        runs: n,
        raid_size_mean: mean_ci(&ints(&runs, "launched")).map_or(0.0, |e| e.mean),
        converged: metrics.values().all(|m| m.convergence.converged),
        metrics,
        p_any_leaker: wilson(any, n).unwrap_or(NO_TRIAL),
        by_layer,
        by_interceptor: interceptors(&of_variant(&results.interceptors, index), n),
        by_threat: threats(&of_variant(&results.threats, index), n),
        leaker_histogram: histogram.into_iter().collect(),
    }
}

/// Per-replication sums of `value` by `key`, over runs `0..n` keyed by the `run`
/// column's rank among the variant's runs: a type a replication never fired counts 0.
fn per_run_sums(
    t: &Table,
    key: &str,
    value: impl Fn(usize) -> f64,
) -> BTreeMap<String, BTreeMap<i64, f64>> {
    let keys = t.texts(key).unwrap_or(&[]);
    let runs = t.ints("run").unwrap_or(&[]);
    let mut out: BTreeMap<String, BTreeMap<i64, f64>> = BTreeMap::new();
    for i in 0..t.len() {
        let (Some(Some(k)), Some(Some(r))) = (keys.get(i), runs.get(i)) else {
            continue;
        };
        *out.entry(k.clone()).or_default().entry(*r).or_default() += value(i);
    }
    out
}

fn padded(per_run: &BTreeMap<i64, f64>, n: u64) -> Vec<f64> {
    let mut v: Vec<f64> = per_run.values().copied().collect();
    v.resize(n as usize, 0.0);
    v
}

fn interceptors(t: &Table, n: u64) -> Vec<InterceptorSummary> {
    let costs = t.floats("cost_usd").unwrap_or(&[]);
    let fired = per_run_sums(t, "interceptor_type", |_| 1.0);
    let cost = per_run_sums(t, "interceptor_type", |i| {
        costs.get(i).copied().flatten().unwrap_or(0.0)
    });
    let types = t.texts("interceptor_type").unwrap_or(&[]);
    let layers = t.texts("layer").unwrap_or(&[]);
    let fates = t.texts("fate").unwrap_or(&[]);
    fired
        .iter()
        .map(|(name, per_run)| {
            let rows = (0..t.len())
                .filter(|&i| types.get(i).and_then(|x| x.as_deref()) == Some(name.as_str()));
            let (mut kills, mut resolved) = (0u64, 0u64);
            let mut layer = String::new();
            for i in rows {
                match fates.get(i).and_then(|f| f.as_deref()) {
                    Some("kill") => {
                        kills += 1;
                        resolved += 1;
                    }
                    Some("miss") => resolved += 1,
                    _ => {}
                }
                if layer.is_empty() {
                    layer = layers.get(i).cloned().flatten().unwrap_or_default();
                }
            }
            InterceptorSummary {
                interceptor: name.clone(),
                layer,
                fired: mean_ci(&padded(per_run, n)).unwrap_or_else(zero),
                cost_usd: mean_ci(&padded(&cost[name], n)).unwrap_or_else(zero),
                pk: wilson(kills, resolved),
            }
        })
        .collect()
}

fn threats(t: &Table, n: u64) -> Vec<ThreatSummary> {
    let types = t.texts("threat_type").unwrap_or(&[]);
    let fates = t.texts("fate").unwrap_or(&[]);
    let mut by: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for i in 0..t.len() {
        let Some(Some(name)) = types.get(i) else {
            continue;
        };
        let e = by.entry(name.as_str()).or_default();
        e.0 += 1;
        match fates.get(i).and_then(|f| f.as_deref()) {
            Some("leaked") => e.1 += 1,
            Some("intercepted") => e.2 += 1,
            _ => {}
        }
    }
    by.into_iter()
        .filter_map(|(name, (launched, leaked, intercepted))| {
            Some(ThreatSummary {
                threat_type: name.to_owned(),
                launched: launched as f64 / n.max(1) as f64,
                leaked: wilson(leaked, launched)?,
                intercepted: wilson(intercepted, launched)?,
            })
        })
        .collect()
}

fn compare(results: &Results, a: u32, a_label: &str, b: u32, b_label: &str) -> Comparison {
    let (ra, rb) = (of_variant(&results.runs, a), of_variant(&results.runs, b));
    // Pair by run: only the runs both arms finished.
    let index = |t: &Table| -> BTreeMap<i64, usize> {
        t.ints("run")
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some(((*r)?, i)))
            .collect()
    };
    let (ia, ib) = (index(&ra), index(&rb));
    let common: Vec<(usize, usize)> = ia
        .iter()
        .filter_map(|(r, &i)| Some((i, *ib.get(r)?)))
        .collect();
    let differences = METRICS
        .iter()
        .filter(|m| m.name != "attacker_cost_usd")
        .filter_map(|m| {
            let (xa, xb) = (floats(&ra, m.column), floats(&rb, m.column));
            let a: Vec<f64> = common.iter().map(|&(i, _)| xa[i]).collect();
            let b: Vec<f64> = common.iter().map(|&(_, j)| xb[j]).collect();
            let diff = paired_difference(&b, &a)?;
            let (ea, eb) = (mean_ci(&a)?, mean_ci(&b)?);
            // Welch's interval for the same means, as if the runs were independent.
            let n = a.len() as f64;
            let se = ((ea.sd * ea.sd + eb.sd * eb.sd) / n).sqrt();
            let df = if se > 0.0 {
                let (va, vb) = (ea.sd * ea.sd / n, eb.sd * eb.sd / n);
                ((va + vb).powi(2) / (va * va / (n - 1.0) + vb * vb / (n - 1.0))).floor() as u64
            } else {
                1
            };
            Some(Difference {
                metric: m.name,
                a_mean: ea.mean,
                b_mean: eb.mean,
                diff,
                unpaired_half_width: crate::stats::t_quantile(0.975, df.max(1)) * se,
            })
        })
        .collect();
    Comparison {
        a: a_label.to_owned(),
        b: b_label.to_owned(),
        runs: common.len() as u64,
        differences,
    }
}
