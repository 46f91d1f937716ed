//! `tdome mc merge`: the results of a campaign's shards, run anywhere, as one. The
//! shards must be of the same campaign (same tdome, scenario hash, root seed, runs and
//! variants); a run present twice is refused. Merged in any order, the results are the
//! same as one process running every run: rows are sorted by (run, variant).

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::campaign::Provenance;
use crate::results::Results;

/// Why shards could not be merged; the message names the directory.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MergeError(pub String);

/// Merge the campaign directories `dirs`.
pub fn merge(dirs: &[PathBuf]) -> Result<(Results, Provenance), MergeError> {
    let mut merged: Option<(Results, Provenance)> = None;
    let mut seen: BTreeSet<(i64, i64)> = BTreeSet::new();
    for dir in dirs {
        let provenance = Provenance::read(dir).map_err(MergeError)?;
        let (results, _) = Results::read(dir).map_err(|e| MergeError(e.to_string()))?;
        let keys = results
            .runs
            .ints("variant")
            .unwrap_or(&[])
            .iter()
            .zip(results.runs.ints("run").unwrap_or(&[]))
            .map(|(v, r)| (v.unwrap_or(-1), r.unwrap_or(-1)));
        for (v, r) in keys {
            if !seen.insert((v, r)) {
                return Err(MergeError(format!(
                    "{}: run {r} of variant {v} is also in an earlier directory (the same shard \
                     given twice, or overlapping shards)",
                    dir.display()
                )));
            }
        }
        merged = Some(match merged {
            None => (results, provenance),
            Some((mut all, mut p)) => {
                if !p.same_campaign(&provenance) {
                    return Err(MergeError(format!(
                        "{}: not the same campaign as {} (tdome version, scenario hash, root \
                         seed, runs or variants differ: {} {} seed {} vs {} {} seed {})",
                        dir.display(),
                        dirs[0].display(),
                        provenance.tdome_version,
                        provenance.scenario_hash,
                        provenance.root_seed,
                        p.tdome_version,
                        p.scenario_hash,
                        p.root_seed
                    )));
                }
                if !all.append(results) {
                    return Err(MergeError(format!(
                        "{}: its tables have other columns than {}'s",
                        dir.display(),
                        dirs[0].display()
                    )));
                }
                p.shards.extend(provenance.shards);
                p.run_ranges.extend(provenance.run_ranges);
                p.interrupted |= provenance.interrupted;
                (all, p)
            }
        });
    }
    let (mut results, mut provenance) =
        merged.ok_or_else(|| MergeError("no directory to merge".to_owned()))?;
    results.sort();
    provenance.shards.sort_by_key(|s| (s.count, s.index));
    provenance.run_ranges.sort();
    // Runs with every variant present.
    let variants = provenance.variants.len() as i64;
    let mut per_run: std::collections::BTreeMap<i64, i64> = Default::default();
    for (_, r) in &seen {
        *per_run.entry(*r).or_default() += 1;
    }
    provenance.runs_complete = per_run.values().filter(|&&n| n == variants).count() as u64;
    Ok((results, provenance))
}
