//! `tdome track`: the battle manager's tracker alone, on a recorded plots file.
//!
//! Plots are read in file order (the order a run delivered them) and handed to the
//! tracker in battle-manager cycles of the scenario's `cycle_s`, every cycle from the
//! first plot's to the last's, as in a run: each plot goes to the first cycle that ends
//! at or after its measurement time, or to the current one when it arrives later than
//! that (a delayed radar), which the tracker's reorder window then sorts out. Only the
//! scenario's sensors and tracker settings are used.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use tdome_core::ids::SensorId;
use tdome_core::picture::TrackEstimate;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::{RangeAzEl, SimDuration, SimTime};
use tdome_io::read::{PlotRow, Records};
use tdome_io::records::TrackRecorder;

use crate::output::{errln, outln};
use crate::run;

/// What `tdome track` was asked to do.
pub struct TrackArgs<'a> {
    /// The scenario whose sensors and tracker settings are used.
    pub scenario: &'a Path,
    /// The plots file.
    pub plots: &'a Path,
    /// Where `tracks.csv` goes.
    pub out: &'a Path,
}

/// The tracker's input, one cycle at a time, and what it has cost.
struct Feed {
    tracker: Box<dyn tdome_bmc::track::Tracker>,
    recorder: TrackRecorder,
    pending: Vec<Plot>,
    reports: Vec<TrackEstimate>,
    busy: Duration,
    cycles: u64,
}

impl Feed {
    /// Run the tracker's cycle at `now` on the plots received since the last one, and
    /// record what it reports.
    fn cycle(&mut self, now: SimTime) -> std::io::Result<()> {
        let started = Instant::now();
        self.tracker.process(now, &self.pending);
        self.reports.clear();
        self.tracker.drain_reports(now, &mut self.reports);
        self.busy += started.elapsed();
        self.cycles += 1;
        self.pending.clear();
        for r in &self.reports {
            self.recorder.record(r)?;
        }
        Ok(())
    }
}

/// The end of the cycle of length `cycle` that delivers a plot measured at `t`.
fn cycle_end(t: SimTime, cycle: SimDuration) -> SimTime {
    let n = cycle.as_nanos().max(1);
    SimTime::from_nanos(t.as_nanos().div_euclid(n) * n + if t.as_nanos() % n == 0 { 0 } else { n })
}

/// `tdome track SCENARIO --plots PLOTS.csv --out DIR`.
pub fn track(args: &TrackArgs<'_>) -> anyhow::Result<ExitCode> {
    let Some(scenario) = run::load(Some(args.scenario)) else {
        return Ok(ExitCode::from(2));
    };
    let models: Vec<Arc<CartesianToRangeAzimuthElevation>> = scenario
        .sensors
        .iter()
        .map(tdome_world::sense::radar::measurement_model)
        .collect();
    let by_name: HashMap<&str, SensorId> = scenario
        .sensors
        .iter()
        .map(|s| (s.name.as_str(), s.id))
        .collect();
    let mut rows = match Records::<PlotRow, _>::open(args.plots) {
        Ok(r) => r,
        Err(e) => {
            errln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let recorder = TrackRecorder::create(args.out)
        .with_context(|| format!("cannot write tracks to {}", args.out.display()))?;
    let mut feed = Feed {
        tracker: tdome_bmc::track::build(
            &scenario.bmc.tracker,
            scenario.bmc.assessment.inverse_ballistic_coefficient(),
        ),
        recorder,
        pending: Vec::new(),
        reports: Vec::new(),
        busy: Duration::ZERO,
        cycles: 0,
    };
    let cycle = scenario.bmc.cycle;
    let mut now: Option<SimTime> = None;
    let (mut first, mut last, mut count) = (None, None, 0u64);
    let mut shortest_scan: Option<SimDuration> = None;
    while let Some(row) = rows.next() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                errln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
        };
        let Some(&sensor) = by_name.get(row.sensor.as_str()) else {
            let mut names: Vec<&str> = by_name.keys().copied().collect();
            names.sort_unstable();
            errln!(
                "error: {}:{}: column `sensor_id`: unknown sensor {:?}, expected one of {}",
                rows.file(),
                rows.line(),
                row.sensor,
                names
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return Ok(ExitCode::from(2));
        };
        let model = models[sensor.index()].clone();
        shortest_scan = Some(shortest_scan.map_or(model.scan_period, |s| s.min(model.scan_period)));
        let due = cycle_end(row.time, cycle);
        match now {
            None => now = Some(due),
            Some(mut n) if due > n => {
                // Every cycle runs, with plots or without, as in a run: tracks are
                // maintained (confirmed, deleted, merged) on the cycle, not on the plots.
                // Once the picture is empty and no plot is held, nothing can change
                // until the next plot, so a long silence in the file (hours, or a bad
                // timestamp) is skipped rather than cycled through.
                while n < due {
                    feed.cycle(n).context("cannot write tracks.csv")?;
                    n += cycle;
                    if feed.tracker.picture().is_empty() && feed.tracker.counters().plots_held == 0
                    {
                        break;
                    }
                }
                now = Some(due);
            }
            Some(_) => {}
        }
        first = first.min(Some(row.time)).or(Some(row.time));
        last = last.max(Some(row.time));
        count += 1;
        feed.pending.push(Plot {
            time: row.time,
            sensor,
            measurement: RangeAzEl {
                range: row.range,
                azimuth: row.azimuth,
                elevation: row.elevation,
            },
            range_rate: row.range_rate,
            model,
        });
    }
    if let Some(n) = now {
        feed.cycle(n).context("cannot write tracks.csv")?;
    }
    let counters = feed.tracker.counters();
    let confirmed = feed.tracker.picture().confirmed().count();
    let Feed {
        recorder,
        busy,
        cycles,
        ..
    } = feed;
    recorder.finish().context("cannot write tracks.csv")?;
    let busy_ms = busy.as_secs_f64() * 1e3;
    outln!(
        "tdome track — {} plots from {} in {cycles} cycles; {} late, {} unusable; {confirmed} \
         confirmed tracks at the end",
        count,
        args.plots.display(),
        counters.plots_late,
        counters.plots_unusable
    )?;
    if let (Some(first), Some(last), Some(scan)) = (first, last, shortest_scan) {
        // The plots span their first to last scan: one scan more than last − first.
        let scans = ((last - first).as_seconds() / scan.as_seconds()).round() + 1.0;
        outln!(
            "tracking: {:.3} ms per scan ({} scans of {} s; {busy_ms:.1} ms in all, file \
             reading and writing excluded)",
            busy_ms / scans,
            scans,
            scan.as_seconds()
        )?;
    }
    outln!(
        "tracks written to {}",
        args.out.join("tracks.csv").display()
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plot_goes_to_the_first_cycle_ending_at_or_after_it() {
        let c = SimDuration::from_seconds(0.5);
        let t = |s: f64| SimTime::from_seconds(s);
        assert_eq!(cycle_end(t(0.0), c), t(0.0));
        assert_eq!(cycle_end(t(0.1), c), t(0.5));
        assert_eq!(cycle_end(t(0.5), c), t(0.5));
        assert_eq!(cycle_end(t(0.50001), c), t(1.0));
    }
}
