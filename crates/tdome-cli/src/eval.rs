//! `tdome eval`: score a run's track picture against its truth from the CSV records.
//! Conventions and definitions: docs/metrics.md.

use std::path::Path;
use std::process::ExitCode;

use tdome_core::event::ObjectKind;
use tdome_core::{SimDuration, SimTime};
use tdome_eval::metrics::NeesSummary;
use tdome_eval::{EvalConfig, Gospa, Report, TrackSample, TruthSample, evaluate};
use tdome_io::read::{ReadError, Records, TrackRow, TruthRow};

use crate::output::{self, outln};

/// What `tdome eval` was asked for.
pub struct EvalArgs<'a> {
    /// truth.csv.
    pub truth: &'a Path,
    /// tracks.csv.
    pub tracks: &'a Path,
    /// GOSPA cut-off, metres.
    pub gospa_c: f64,
    /// GOSPA order.
    pub gospa_p: f64,
    /// Staleness limit for unaligned records, seconds.
    pub max_age_s: f64,
    /// Score only the truth instants at or after this, seconds (a steady-state window:
    /// leave out the scans a tracker needs to confirm its first tracks).
    pub from_s: f64,
    /// One JSON object instead of the table.
    pub json: bool,
}

/// Run `tdome eval`. Unreadable or malformed records and out-of-range parameters are bad
/// input (exit code 2), reported as file:line where they come from a file.
pub fn eval(args: &EvalArgs<'_>) -> anyhow::Result<ExitCode> {
    let config = match config(args) {
        Ok(c) => c,
        Err(message) => {
            output::errln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    if !(args.from_s.is_finite() && (0.0..=1e9).contains(&args.from_s)) {
        output::errln!("error: --from must be between 0 and 1e9 seconds");
        return Ok(ExitCode::from(2));
    }
    let Loaded {
        mut instants,
        truth,
        tracks,
    } = match load(args.truth, args.tracks) {
        Ok(loaded) => loaded,
        Err(e) => {
            output::print_error(&e);
            return Ok(ExitCode::from(2));
        }
    };
    let from = SimTime::from_seconds(args.from_s);
    instants.retain(|&t| t >= from);
    let report = match evaluate(&instants, &truth, &tracks, &config) {
        Ok(r) => r,
        Err(e) => {
            output::print_error(&e);
            return Ok(ExitCode::from(2));
        }
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&json(&report, &config))?)?;
    } else {
        output::stdout(&table(&report, &config, truth.len(), tracks.len()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn config(args: &EvalArgs<'_>) -> Result<EvalConfig, String> {
    let gospa = Gospa::new(args.gospa_c, args.gospa_p).map_err(|e| e.to_string())?;
    if !(args.max_age_s.is_finite() && (0.0..=1e6).contains(&args.max_age_s)) {
        return Err("--max-age must be between 0 and 1e6 seconds".into());
    }
    Ok(EvalConfig {
        gospa,
        max_age: SimDuration::from_seconds(args.max_age_s),
    })
}

/// What the records give the evaluation.
struct Loaded {
    /// Every truth sample time, interceptors' too: the evaluation instants.
    instants: Vec<SimTime>,
    /// The targets' truth (interceptors are not targets).
    truth: Vec<TruthSample>,
    /// Every track report.
    tracks: Vec<TrackSample>,
}

/// Read both files row by row into samples.
fn load(truth_path: &Path, tracks_path: &Path) -> Result<Loaded, ReadError> {
    let mut instants = Vec::new();
    let mut truth = Vec::new();
    for row in Records::<TruthRow, _>::open(truth_path)? {
        let row = row?;
        instants.push(row.time);
        if row.kind != ObjectKind::Interceptor {
            truth.push(TruthSample {
                time: row.time,
                object: row.object,
                position: row.position,
                velocity: row.velocity,
            });
        }
    }
    instants.sort_unstable();
    instants.dedup();
    let tracks = Records::<TrackRow, _>::open(tracks_path)?
        .map(|row| {
            row.map(|r| TrackSample {
                time: r.time,
                track: r.track,
                status: r.status,
                position: r.position,
                velocity: r.velocity,
                position_covariance: r.position_covariance,
                full_covariance: r.full_covariance,
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Loaded {
        instants,
        truth,
        tracks,
    })
}

fn json(r: &Report, c: &EvalConfig) -> serde_json::Value {
    let nees = |n: &NeesSummary| {
        serde_json::json!({
            "samples": n.samples,
            "mean": n.mean,
            "fraction_above_95": n.fraction_above_95,
        })
    };
    serde_json::json!({
        "instants": r.instants.len(),
        "aligned": r.aligned,
        "gospa_c_m": c.gospa.c(),
        "gospa_p": c.gospa.p(),
        "max_age_s": c.max_age.as_seconds(),
        "gospa_mean": r.totals.gospa_mean,
        "gospa_localisation": r.totals.gospa_localisation,
        "gospa_missed": r.totals.gospa_missed,
        "gospa_false": r.totals.gospa_false,
        "matched_pairs": r.totals.matched_pairs,
        "rmse_position_m": r.totals.rmse_position_m,
        "rmse_velocity_mps": r.totals.rmse_velocity_mps,
        "nees_position_mean": r.nees_position.mean,
        "nees_position": nees(&r.nees_position),
        "nees_state": nees(&r.nees_state),
        "id_switches": r.totals.id_switches,
        "track_breaks": r.totals.track_breaks,
        "false_tracks_mean": r.totals.false_tracks_mean,
        "missed_targets_mean": r.totals.missed_targets_mean,
        "time_to_confirm_median_s": r.totals.time_to_confirm.median_s,
        "time_to_confirm_mean_s": r.totals.time_to_confirm.mean_s,
        "targets_confirmed": r.totals.time_to_confirm.confirmed,
        "targets_never_confirmed": r.totals.time_to_confirm.never_confirmed,
    })
}

fn num(v: Option<f64>, decimals: usize, unit: &str) -> String {
    match v {
        Some(v) => format!("{v:.decimals$}{unit}"),
        None => "—".to_string(),
    }
}

fn nees_line(n: &NeesSummary) -> String {
    match (n.mean, n.fraction_above_95) {
        (Some(m), Some(f)) => format!(
            "mean {m:.2}, {:.1} % above the 95 % point ({} samples)",
            f * 100.0,
            n.samples
        ),
        _ => "— (no estimates with this covariance)".to_string(),
    }
}

fn table(r: &Report, c: &EvalConfig, truth_samples: usize, reports: usize) -> String {
    let p = c.gospa.p();
    let convention = if r.aligned {
        "aligned: tracks scored at their own reports".to_string()
    } else {
        format!(
            "unaligned: latest confirmed report extrapolated, max age {} s",
            c.max_age.as_seconds()
        )
    };
    let ttc = &r.totals.time_to_confirm;
    let lines = [
        format!(
            "Evaluation: {} instants, {truth_samples} target samples, {reports} track reports ({convention})",
            r.instants.len()
        ),
        format!("GOSPA (c = {} m, p = {p}, α = 2)", c.gospa.c()),
        format!(
            "  mean                      {}",
            num(r.totals.gospa_mean, 2, " m")
        ),
        format!(
            "  localisation (mean)       {}",
            num(r.totals.gospa_localisation, 2, &format!(" m^{p}"))
        ),
        format!(
            "  missed (mean)             {}",
            num(r.totals.gospa_missed, 2, &format!(" m^{p}"))
        ),
        format!(
            "  false (mean)              {}",
            num(r.totals.gospa_false, 2, &format!(" m^{p}"))
        ),
        format!("Accuracy over {} matched pairs", r.totals.matched_pairs),
        format!(
            "  position RMSE             {}",
            num(r.totals.rmse_position_m, 2, " m")
        ),
        format!(
            "  velocity RMSE             {}",
            num(r.totals.rmse_velocity_mps, 2, " m/s")
        ),
        format!(
            "  NEES position (3 dof)     {}",
            nees_line(&r.nees_position)
        ),
        format!("  NEES state (6 dof)        {}", nees_line(&r.nees_state)),
        "Continuity".to_string(),
        format!("  id switches               {}", r.totals.id_switches),
        format!("  track breaks              {}", r.totals.track_breaks),
        format!(
            "  time to confirm           median {}, mean {} ({} confirmed, {} never)",
            num(ttc.median_s, 2, " s"),
            num(ttc.mean_s, 2, " s"),
            ttc.confirmed,
            ttc.never_confirmed
        ),
        format!(
            "  false tracks per instant  {}",
            num(r.totals.false_tracks_mean, 3, "")
        ),
        format!(
            "  missed targets per instant {}",
            num(r.totals.missed_targets_mean, 3, "")
        ),
    ];
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
