//! `tdome bench`: the faster-than-real-time factor of a scenario on one core.
//!
//! Each run builds the world (launch solutions included) and steps it to the end with no
//! sinks but the summary, on the calling thread only. Runs use consecutive seeds.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

use crate::output::outln;
use crate::report::speedup;
use crate::run::load;

/// Benchmark the scenario at `path`: `runs` runs from seed `seed` (default: the
/// scenario's), one row each, then the median factor.
pub fn bench(path: &Path, runs: u32, seed: Option<u64>) -> anyhow::Result<ExitCode> {
    let Some(mut scenario) = load(path) else {
        return Ok(ExitCode::from(2));
    };
    let first = seed.unwrap_or(scenario.seed);
    outln!(
        "tdome bench — scenario '{}', {} run(s), one thread",
        scenario.name,
        runs
    )?;
    outln!(
        "{:>4} {:>22} {:>10} {:>10} {:>12} {:>9} {:>9}",
        "run",
        "seed",
        "sim s",
        "wall s",
        "× real time",
        "build s",
        "leaked"
    )?;
    let mut factors = Vec::new();
    for k in 0..runs.max(1) {
        scenario.seed = first.wrapping_add(k as u64);
        let t = Instant::now();
        let mut sim = Simulation::new(&scenario).context("cannot build the world")?;
        let build = t.elapsed();
        let mut summary = RunSummary::new(&scenario);
        let stats = sim.run(&mut AsFastAsPossible, &mut summary, &mut |_| {})?;
        let wall = t.elapsed();
        let f = speedup(stats.sim_time.as_seconds(), wall);
        factors.push(f);
        outln!(
            "{:>4} {:>22} {:>10.0} {:>10.3} {:>12.0} {:>9.3} {:>9}",
            k,
            scenario.seed,
            stats.sim_time.as_seconds(),
            wall.as_secs_f64(),
            f,
            build.as_secs_f64(),
            summary.total().leaked
        )?;
    }
    factors.sort_by(f64::total_cmp);
    let median = factors[factors.len() / 2];
    outln!(
        "median faster-than-real-time factor: {median:.0}× (min {:.0}×, max {:.0}×)",
        factors[0],
        factors[factors.len() - 1]
    )?;
    Ok(ExitCode::SUCCESS)
}
