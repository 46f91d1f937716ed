//! `tdome mc`: Monte Carlo campaigns (replications, sweeps, paired comparisons, shards)
//! and `tdome mc merge`. The work is tdome-campaign's; this is its front end: the
//! progress bar, Ctrl-C, the files and the printed summary.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tdome_campaign::analysis::{Analysis, METRICS};
use tdome_campaign::campaign::{self, Plan, PlanError, Provenance, Shard, Spec};
use tdome_campaign::results::Results;
use tdome_scenario::ScenarioError;
use tdome_scenario::vary::Axis;

use crate::output::{self, errln};
use crate::report::money;

/// Exit code of a campaign stopped by Ctrl-C (128 + SIGINT, the shell's convention):
/// its finished runs are written, but a scheduler should not take it for done.
const INTERRUPTED: u8 = 130;

/// What `tdome mc` was asked.
pub struct McArgs {
    /// The scenario file; `None` for the built-in default.
    pub scenario: Option<PathBuf>,
    /// Replications of each variant.
    pub runs: u64,
    /// Root seed; `None` for the scenario's.
    pub seed: Option<u64>,
    /// Threads; `None` for every core.
    pub threads: Option<usize>,
    /// Part of the runs.
    pub shard: Option<Shard>,
    /// Sweep axes.
    pub vary: Vec<Axis>,
    /// Compared field.
    pub compare: Option<Axis>,
    /// Compared scenario.
    pub compare_scenario: Option<PathBuf>,
    /// Output directory.
    pub out: PathBuf,
    /// No progress bar.
    pub quiet: bool,
}

/// `tdome mc`.
pub fn mc(args: McArgs) -> anyhow::Result<ExitCode> {
    let spec = Spec {
        scenario: args.scenario.clone(),
        vary: args.vary,
        compare: args.compare,
        compare_scenario: args.compare_scenario,
        runs: args.runs,
        root_seed: args.seed,
        shard: args.shard,
    };
    let plan = match Plan::build(&spec) {
        Ok(p) => p,
        Err(e) => return Ok(plan_error(&e)),
    };
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.out.display()))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let range = plan.shard.runs(plan.runs);
    let items = (range.end - range.start) * plan.variants.len() as u64;

    // Ctrl-C once: stop taking new replications, finish those under way, write. Twice:
    // the default, immediate end.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(
            signal,
            INTERRUPTED.into(),
            Arc::clone(&stop),
        )?;
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }

    output::stdout(&format!(
        "tdome mc — scenario '{}', {} replication(s) of {} variant(s){}, root seed {}, {} thread(s)\n",
        plan.variants
            .first()
            .map_or("", |v| v.scenario.name.as_str()),
        range.end - range.start,
        plan.variants.len(),
        if plan.shard == Shard::WHOLE {
            String::new()
        } else {
            format!(
                " (shard {}/{}: runs {}..{} of {})",
                plan.shard.index, plan.shard.count, range.start, range.end, plan.runs
            )
        },
        plan.root_seed,
        threads
    ))?;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(items), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:40}] {pos}/{len} replications, {per_sec}, ETA {eta} ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    };
    let started = Instant::now();
    let outcome = campaign::execute(&plan, threads, &stop, &|done| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    let wall = started.elapsed().as_secs_f64();
    let provenance = plan.provenance(outcome.runs_complete, outcome.interrupted);
    outcome.results.write(&args.out, &provenance.metadata())?;
    provenance.write(&args.out)?;
    let finished = outcome.results.runs.len();
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Finished {finished} of {items} replication(s) in {wall:.1} s ({:.2} replications/s); results in {}",
        finished as f64 / wall.max(1e-9),
        args.out.display()
    );
    if outcome.interrupted {
        let _ = writeln!(
            o,
            "Stopped by Ctrl-C: the {} run(s) finished with every variant are complete and \
             readable; the rest were not run (exit code {INTERRUPTED}).",
            outcome.runs_complete
        );
    }
    o.push('\n');
    o.push_str(&summary(&Analysis::of(&outcome.results, &provenance)));
    output::stdout(&o)?;
    Ok(if outcome.interrupted {
        ExitCode::from(INTERRUPTED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Print why the campaign could not be planned; exit code 2 (bad input).
fn plan_error(e: &PlanError) -> ExitCode {
    match &e.source {
        ScenarioError::Invalid(diagnostics) => {
            for d in diagnostics {
                errln!("{d}");
            }
            errln!("variant {}: {} error(s)", e.label, diagnostics.len());
        }
        other => {
            errln!("variant {}:", e.label);
            output::print_error(other);
        }
    }
    ExitCode::from(2)
}

/// `tdome mc merge`: the shards' results in `dirs` as one campaign in `out`.
pub fn merge(dirs: &[PathBuf], out: &Path) -> anyhow::Result<ExitCode> {
    match tdome_campaign::merge::merge(dirs) {
        Ok((results, provenance)) => {
            std::fs::create_dir_all(out)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", out.display()))?;
            results.write(out, &provenance.metadata())?;
            provenance.write(out)?;
            let mut o = format!(
                "Merged {} shard(s): {} replication(s) of {} variant(s), runs {}; results in {}\n",
                dirs.len(),
                results.runs.len(),
                provenance.variants.len(),
                provenance
                    .run_ranges
                    .iter()
                    .map(|[a, b]| format!("{a}..{b}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                out.display()
            );
            if provenance.runs_complete < provenance.runs {
                let _ = writeln!(
                    o,
                    "Incomplete: {} of {} runs present (missing shards, or shards stopped early).",
                    provenance.runs_complete, provenance.runs
                );
            }
            o.push('\n');
            o.push_str(&summary(&Analysis::of(&results, &provenance)));
            output::stdout(&o)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            errln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `x` to `decimals` places, never a negative zero ("-0.0": an interval's end a
/// rounding below zero).
fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => s,
    }
}

fn one(x: f64) -> String {
    fixed(x, 1)
}

fn two(x: f64) -> String {
    fixed(x, 2)
}

/// `tdome mc`'s printed summary.
pub fn summary(a: &Analysis) -> String {
    let mut o = String::new();
    for v in &a.variants {
        let _ = writeln!(
            o,
            "Variant {} '{}': {} replication(s), {:.1} threats launched on average",
            v.index, v.label, v.runs, v.raid_size_mean
        );
        let _ = writeln!(
            o,
            "  {:<44} {:>12} {:>27} {:>10} {:>10} {:>10}",
            "metric", "mean", "95% CI", "5%", "median", "95%"
        );
        for m in METRICS {
            let Some(s) = v.metrics.get(m.name) else {
                continue;
            };
            let f = |x: f64| {
                if m.name.ends_with("_usd") {
                    money(x)
                } else {
                    two(x)
                }
            };
            let e = &s.estimate;
            let _ = writeln!(
                o,
                "  {:<44} {:>12} {:>27} {:>10} {:>10} {:>10}",
                m.title,
                f(e.mean),
                format!("[{}, {}]", f(e.lo), f(e.hi)),
                f(s.p05),
                f(s.p50),
                f(s.p95)
            );
        }
        let p = &v.p_any_leaker;
        let _ = writeln!(
            o,
            "  P(at least one leaker): {:.3} [{:.3}, {:.3}] (Wilson 95%, {} of {} runs)",
            p.p, p.lo, p.hi, p.k, p.n
        );
        if !v.by_threat.is_empty() {
            let _ = writeln!(
                o,
                "  {:<34} {:>12} {:>24} {:>24}",
                "threat type", "launched/run", "leaked [Wilson 95%]", "intercepted [95%]"
            );
            for t in &v.by_threat {
                let pct = |p: &tdome_campaign::stats::Proportion| {
                    format!(
                        "{}% [{}, {}]",
                        one(100.0 * p.p),
                        one(100.0 * p.lo),
                        one(100.0 * p.hi)
                    )
                };
                let _ = writeln!(
                    o,
                    "  {:<34} {:>12} {:>24} {:>24}",
                    t.threat_type,
                    one(t.launched),
                    pct(&t.leaked),
                    pct(&t.intercepted)
                );
            }
        }
        if !v.by_layer.is_empty() {
            let _ = writeln!(
                o,
                "  {:<10} {:>22} {:>22} {:>27} {:>8} {:>24}",
                "layer",
                "fired [95% CI]",
                "kills [95% CI]",
                "cost [95% CI]",
                "rounds",
                "runs emptying it"
            );
            for l in &v.by_layer {
                let _ = writeln!(
                    o,
                    "  {:<10} {:>22} {:>22} {:>27} {:>8} {:>24}",
                    l.layer,
                    format!(
                        "{} [{}, {}]",
                        one(l.fired.mean),
                        one(l.fired.lo),
                        one(l.fired.hi)
                    ),
                    format!(
                        "{} [{}, {}]",
                        one(l.kills.mean),
                        one(l.kills.lo),
                        one(l.kills.hi)
                    ),
                    format!(
                        "{} [{}, {}]",
                        money(l.cost_usd.mean),
                        money(l.cost_usd.lo),
                        money(l.cost_usd.hi)
                    ),
                    l.rounds,
                    format!(
                        "{:.3} [{:.3}, {:.3}]",
                        l.emptied.p, l.emptied.lo, l.emptied.hi
                    )
                );
            }
        }
        let short: Vec<String> = v
            .metrics
            .iter()
            .filter(|(_, s)| !s.convergence.converged)
            .map(|(name, s)| format!("{name} ≈ {}", s.convergence.runs_needed))
            .collect();
        if short.is_empty() {
            let _ = writeln!(
                o,
                "  Convergence: {} replications are enough: every mean is known to ±5% (or \
                 its floor) at 95% confidence.",
                v.runs
            );
        } else {
            let _ = writeln!(
                o,
                "  Convergence: NOT enough replications for ±5% (or the floor) at 95% \
                 confidence; runs needed: {}.",
                short.join(", ")
            );
        }
        o.push('\n');
    }
    for c in &a.comparisons {
        let _ = writeln!(
            o,
            "Paired comparison, B − A over {} replication(s) with the same seeds: A = '{}', B = '{}'",
            c.runs, c.a, c.b
        );
        let _ = writeln!(
            o,
            "  {:<22} {:>12} {:>12} {:>12} {:>27} {:>12} {:>10}",
            "metric", "A mean", "B mean", "B − A", "95% CI", "unpaired ±", "clear?"
        );
        for d in &c.differences {
            let f = |x: f64| {
                if d.metric.ends_with("_usd") {
                    money(x)
                } else {
                    two(x)
                }
            };
            let clear = d.diff.lo > 0.0 || d.diff.hi < 0.0;
            let _ = writeln!(
                o,
                "  {:<22} {:>12} {:>12} {:>12} {:>27} {:>12} {:>10}",
                d.metric,
                f(d.a_mean),
                f(d.b_mean),
                f(d.diff.mean),
                format!("[{}, {}]", f(d.diff.lo), f(d.diff.hi)),
                f(d.unpaired_half_width),
                if clear { "yes" } else { "no" }
            );
        }
        let _ = writeln!(
            o,
            "  (clear: the 95% interval of the paired difference excludes 0; unpaired ±: the \
             half-width independent runs would give.)\n"
        );
    }
    o.push_str("All parameters are notional, from public reporting; no figure is a real system's performance.\n");
    o
}

/// `tdome report`: the campaign in `dir` as one HTML page, `out` or `dir/report.html`.
pub fn report(dir: &Path, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let provenance = match Provenance::read(dir) {
        Ok(p) => p,
        Err(e) => {
            errln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let results = match Results::read(dir) {
        Ok((r, _)) => r,
        Err(e) => {
            errln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let analysis = Analysis::of(&results, &provenance);
    let data = tdome_campaign::report::data::report_data(&analysis, &results, &provenance);
    let page = tdome_campaign::report::html::render(&data);
    let path = out.map_or_else(|| dir.join("report.html"), Path::to_path_buf);
    std::fs::write(&path, page)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    output::stdout(&format!("Wrote {}\n", path.display()))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_negative_zero() {
        assert_eq!(super::one(-0.04), "0.0");
        assert_eq!(super::one(-0.06), "-0.1");
        assert_eq!(super::two(-0.004), "0.00");
        assert_eq!(super::two(3.456), "3.46");
    }
}
