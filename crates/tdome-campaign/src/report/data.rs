//! The report's data: one JSON document with everything the page plots, computed from
//! the campaign's tables and analysis. Its shape is the contract between the analysis
//! and the page ([`super::html`]); `docs/campaigns.md` lists its fields.

use serde_json::{Value, json};

use crate::analysis::{Analysis, METRICS};
use crate::campaign::Provenance;
use crate::results::Results;
use crate::stats::Estimate;

/// The version of the report data's shape.
pub const REPORT_DATA_VERSION: u32 = 1;

/// At most this many impact points go on the map: enough to show the pattern, few
/// enough for the page to stay light. They are taken run by run from the first.
pub const MAX_IMPACTS: usize = 5_000;

fn estimate(e: &Estimate) -> Value {
    json!({"mean": e.mean, "lo": e.lo, "hi": e.hi})
}

/// The report data of a campaign.
pub fn report_data(analysis: &Analysis, results: &Results, provenance: &Provenance) -> Value {
    let variants: Vec<Value> = analysis
        .variants
        .iter()
        .map(|v| {
            let metrics: serde_json::Map<String, Value> = METRICS
                .iter()
                .filter_map(|m| {
                    let s = v.metrics.get(m.name)?;
                    Some((
                        m.name.to_owned(),
                        json!({
                            "mean": s.estimate.mean, "lo": s.estimate.lo, "hi": s.estimate.hi,
                            "p05": s.p05, "p50": s.p50, "p95": s.p95,
                            "converged": s.convergence.converged,
                            "runs_needed": s.convergence.runs_needed,
                        }),
                    ))
                })
                .collect();
            let record = provenance.variants.get(v.index as usize);
            json!({
                "name": v.label,
                "index": v.index,
                "group": record.map(|r| r.group),
                "arm": record.map(|r| r.arm),
                "point_label": record.map(|r| r.point_label.clone()),
                "arm_label": record.map(|r| r.arm_label.clone()),
                "raid_size_mean": v.raid_size_mean,
                "runs": v.runs,
                "converged": v.converged,
                "metrics": metrics,
                "p_any_leaker": {"p": v.p_any_leaker.p, "lo": v.p_any_leaker.lo, "hi": v.p_any_leaker.hi},
                "by_layer": v.by_layer.iter().map(|l| json!({
                    "layer": l.layer,
                    "fired": estimate(&l.fired),
                    "kills": estimate(&l.kills),
                    "cost_usd": estimate(&l.cost_usd),
                    "rounds": l.rounds,
                    "emptied": {"p": l.emptied.p, "lo": l.emptied.lo, "hi": l.emptied.hi},
                })).collect::<Vec<_>>(),
                "by_interceptor": v.by_interceptor.iter().map(|i| json!({
                    "interceptor": i.interceptor,
                    "layer": i.layer,
                    "fired": estimate(&i.fired),
                    "cost_usd": estimate(&i.cost_usd),
                    "pk": i.pk.map(|p| json!({"p": p.p, "lo": p.lo, "hi": p.hi})),
                })).collect::<Vec<_>>(),
                "by_threat": v.by_threat.iter().map(|t| json!({
                    "threat_type": t.threat_type,
                    "launched": t.launched,
                    "leaked": {"p": t.leaked.p, "lo": t.leaked.lo, "hi": t.leaked.hi},
                    "intercepted": {"p": t.intercepted.p, "lo": t.intercepted.lo, "hi": t.intercepted.hi},
                })).collect::<Vec<_>>(),
                "leaker_histogram": v.leaker_histogram.iter()
                    .map(|(k, n)| json!({"leakers": k, "runs": n})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let label = |v: Option<i64>| {
        v.and_then(|i| provenance.variants.get(usize::try_from(i).ok()?))
            .map_or_else(String::new, |v| v.label.clone())
    };
    let t = &results.threats;
    let col_i = |name| t.ints(name).unwrap_or(&[]);
    let col_f = |name| t.floats(name).unwrap_or(&[]);
    let col_t = |name| t.texts(name).unwrap_or(&[]);
    let (tv, tr, lat, lon, ty, asset) = (
        col_i("variant"),
        col_i("run"),
        col_f("impact_lat_deg"),
        col_f("impact_lon_deg"),
        col_t("threat_type"),
        col_t("asset_hit"),
    );
    let impacts: Vec<Value> = (0..t.len())
        .filter_map(|i| {
            let (la, lo) = (
                lat.get(i).copied().flatten()?,
                lon.get(i).copied().flatten()?,
            );
            Some(json!({
                "variant": label(tv.get(i).copied().flatten()),
                "run": tr.get(i).copied().flatten(),
                "lat_deg": la, "lon_deg": lo,
                "threat_type": ty.get(i).cloned().flatten(),
                "asset": asset.get(i).cloned().flatten(),
            }))
        })
        .take(MAX_IMPACTS)
        .collect();
    // The runs the map covers whole: all of them, or those before the last one shown
    // when the cap cut that one short.
    let impacts_runs = impacts
        .last()
        .and_then(|i| i["run"].as_i64())
        .map_or(0, |r| {
            if impacts.len() == MAX_IMPACTS {
                r
            } else {
                r + 1
            }
        });
    let comparisons: Vec<Value> = analysis
        .comparisons
        .iter()
        .map(|c| {
            json!({
                "a": c.a, "b": c.b, "runs": c.runs,
                "differences": c.differences.iter().map(|d| json!({
                    "metric": d.metric, "a_mean": d.a_mean, "b_mean": d.b_mean,
                    "mean_diff": d.diff.mean, "lo": d.diff.lo, "hi": d.diff.hi,
                    "unpaired_half_width": d.unpaired_half_width,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "format_version": REPORT_DATA_VERSION,
        "title": format!("tdome campaign — {}", provenance.scenario),
        "scenario": provenance.scenario,
        "scenario_hash": format!("sha256:{}", provenance.scenario_hash),
        "tdome_version": provenance.tdome_version,
        "root_seed": provenance.root_seed,
        "runs": provenance.runs_complete,
        "runs_requested": provenance.runs,
        "interrupted": provenance.interrupted,
        "compare": provenance.compare,
        "notional_notice": "All parameters are notional, from public reporting; no figure is a real system's performance.",
        "variants": variants,
        "impacts": impacts,
        "impacts_runs": impacts_runs,
        "value_unit": "the scenario's asset value units",
        "assets": provenance.assets.iter().map(|a| json!({"name": a.name, "value": a.value, "polygon": a.polygon})).collect::<Vec<_>>(),
        "timeline": timeline(results, provenance),
        "comparisons": comparisons,
    })
}

/// The events of the first replication of the first variant: threat launches and
/// ends, interceptor launches.
fn timeline(results: &Results, provenance: &Provenance) -> Value {
    let first = |t: &crate::table::Table| -> Option<(i64, i64)> {
        let v = t.ints("variant")?.first().copied().flatten()?;
        let r = t.ints("run")?.first().copied().flatten()?;
        Some((v, r))
    };
    let Some((variant, run)) = first(&results.runs) else {
        return json!({"variant": null, "run": null, "seed": null, "events": []});
    };
    let seed = results
        .runs
        .ints("seed")
        .and_then(|s| s.first().copied().flatten());
    let mut events: Vec<(f64, Value)> = Vec::new();
    let t = &results.threats;
    let is = |tab: &crate::table::Table, i: usize| {
        tab.ints("variant")
            .and_then(|c| c.get(i).copied().flatten())
            == Some(variant)
            && tab.ints("run").and_then(|c| c.get(i).copied().flatten()) == Some(run)
    };
    let text = |tab: &crate::table::Table, name: &str, i: usize| {
        tab.texts(name).and_then(|c| c.get(i).cloned().flatten())
    };
    let num = |tab: &crate::table::Table, name: &str, i: usize| {
        tab.floats(name).and_then(|c| c.get(i).copied().flatten())
    };
    for i in (0..t.len()).filter(|&i| is(t, i)) {
        let threat = t.ints("threat").and_then(|c| c.get(i).copied().flatten());
        let ty = text(t, "threat_type", i);
        if let Some(at) = num(t, "launch_time_s", i) {
            events.push((at, json!({"t_s": at, "event": "threat_launch", "threat_type": ty, "threat": threat, "layer": null, "interceptor": null})));
        }
        let fate = text(t, "fate", i).unwrap_or_default();
        if let Some(at) = num(t, "end_time_s", i) {
            let event = match fate.as_str() {
                "intercepted" => "kill",
                "leaked" => "leak",
                _ => "fell_in_open",
            };
            events.push((
                at,
                json!({"t_s": at, "event": event, "threat_type": ty, "threat": threat,
                "layer": text(t, "kill_layer", i), "interceptor": text(t, "killed_by", i)}),
            ));
        }
    }
    let k = &results.interceptors;
    let threat_types: std::collections::BTreeMap<i64, String> = (0..t.len())
        .filter(|&i| is(t, i))
        .filter_map(|i| {
            Some((
                t.ints("threat")?.get(i).copied().flatten()?,
                text(t, "threat_type", i)?,
            ))
        })
        .collect();
    for i in (0..k.len()).filter(|&i| is(k, i)) {
        if let Some(at) = num(k, "launch_time_s", i) {
            let target = k.ints("target").and_then(|c| c.get(i).copied().flatten());
            events.push((at, json!({"t_s": at, "event": "interceptor_launch",
                "threat_type": target.and_then(|t| threat_types.get(&t).cloned()),
                "threat": target, "layer": text(k, "layer", i), "interceptor": text(k, "interceptor_type", i)})));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let label = usize::try_from(variant)
        .ok()
        .and_then(|v| provenance.variants.get(v))
        .map(|v| v.label.clone());
    json!({"variant": label, "run": run, "seed": seed,
        "events": events.into_iter().map(|(_, e)| e).collect::<Vec<_>>()})
}
