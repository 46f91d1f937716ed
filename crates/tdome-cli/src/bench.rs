//! `tdome bench`: the faster-than-real-time factor of a scenario, the run stepped on one
//! core.
//!
//! Each run builds the world (launch solutions included, solved on every core; the
//! battle manager's flyout tables, built once per process, on a thread per interceptor
//! type) and steps it to the end with no sinks but the summary, on the calling thread
//! only. Runs use consecutive seeds. Each
//! row also shows the process's peak resident memory so far, so that a dense raid's
//! memory is measured by the same command as its speed.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

use crate::MAX_SEED;
use crate::output::{errln, outln};
use crate::report::speedup;
use crate::run::load;

/// The process's peak resident set size so far, MiB: Linux's `VmHWM` in
/// `/proc/self/status`. `None` where there is no such file.
fn peak_resident_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Benchmark the scenario at `path` (or the default one): `runs` runs from seed `seed`
/// (default: the scenario's), one row each, then the median factor.
pub fn bench(path: Option<&Path>, runs: u32, seed: Option<u64>) -> anyhow::Result<ExitCode> {
    let Some(scenario) = load(path) else {
        return Ok(ExitCode::from(2));
    };
    let first = seed.unwrap_or(scenario.seed);
    let Some(seeds) = consecutive_seeds(first, runs) else {
        errln!(
            "error: {runs} run(s) from seed {first} would need seeds past the largest, \
             2^63 − 1 = {MAX_SEED}; give a smaller --seed or fewer --runs"
        );
        return Ok(ExitCode::from(2));
    };
    outln!(
        "tdome bench — scenario '{}', {} run(s), stepped on one thread",
        scenario.name,
        runs
    )?;
    outln!(
        "{:>4} {:>22} {:>10} {:>10} {:>12} {:>9} {:>9} {:>9}",
        "run",
        "seed",
        "sim s",
        "wall s",
        "× real time",
        "build s",
        "leaked",
        "peak MiB"
    )?;
    let mut factors = Vec::new();
    for (k, seed) in seeds.enumerate() {
        let t = Instant::now();
        let mut sim = Simulation::new(&scenario, seed).context("cannot build the world")?;
        let build = t.elapsed();
        let mut summary = RunSummary::new(&scenario, seed);
        let stats = sim.run(&mut AsFastAsPossible, &mut summary, &mut |_| {})?;
        let wall = t.elapsed();
        let f = speedup(stats.sim_time.as_seconds(), wall);
        factors.push(f);
        let peak = peak_resident_mib().map_or_else(|| "-".to_owned(), |m| format!("{m:.0}"));
        outln!(
            "{:>4} {:>22} {:>10.0} {:>10.3} {:>12.0} {:>9.3} {:>9} {:>9}",
            k,
            seed,
            stats.sim_time.as_seconds(),
            wall.as_secs_f64(),
            f,
            build.as_secs_f64(),
            summary.total().leaked,
            peak
        )?;
    }
    factors.sort_by(f64::total_cmp);
    if let (Some(min), Some(median), Some(max)) = (
        factors.first(),
        factors.get(factors.len() / 2),
        factors.last(),
    ) {
        outln!(
            "median faster-than-real-time factor: {median:.0}× \
             (min {min:.0}×, max {max:.0}×)"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The seeds of `runs` runs from `first`: first, first + 1, …, or `None` when the last
/// would pass [`MAX_SEED`] (seeds are never wrapped, which would silently repeat runs).
fn consecutive_seeds(first: u64, runs: u32) -> Option<std::ops::RangeInclusive<u64>> {
    let last = first.checked_add(u64::from(runs.checked_sub(1)?))?;
    (last <= MAX_SEED).then_some(first..=last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_stop_at_the_largest_seed_and_never_wrap() {
        assert_eq!(consecutive_seeds(7, 3), Some(7..=9));
        assert_eq!(
            consecutive_seeds(MAX_SEED - 4, 5),
            Some(MAX_SEED - 4..=MAX_SEED)
        );
        assert_eq!(consecutive_seeds(MAX_SEED - 4, 6), None);
        assert_eq!(consecutive_seeds(u64::MAX, 2), None);
        assert_eq!(consecutive_seeds(0, 0), None);
    }
}
