//! Scoring the air picture while a run goes on: the run summary's GOSPA, position RMSE,
//! id switches and track breaks, from the same events the recorders write.
//!
//! [`Scorer`] is an [`EventSink`]. It lives here, not in `tdome-world`'s summary, so that
//! the dependency rule stays as it is (`core ← … ← world ← cli`, `bmc ← eval ← cli`): it
//! needs only `tdome-core`'s events, and the front end composes it with the other sinks.
//!
//! It scores what [`crate::evaluate`] scores on the records of the same run, with the
//! unaligned convention of `docs/metrics.md` and the same code (the picture by
//! `metrics::estimate_at`, the pairs, switches and breaks by `metrics::Tally`), but
//! instant by instant, keeping no event for long: memory grows with the targets and the
//! live tracks, not with the length of the run. Two differences:
//!
//! - NEES is not scored: it compares each report with the truth at the report's own time,
//!   which would mean keeping each target's truth history.
//! - Track reports arrive after their time (a plot reaches the tracker its radar's
//!   latency after its time, and then waits for the reorder window), so an instant is
//!   scored only once the truth clock has passed it by `settle`; the caller gives the
//!   longest a report can trail the clock. A report that comes later still, for an
//!   instant already scored, is counted in [`Score::late_reports`] (0 when `settle` is
//!   long enough, and then the numbers are [`crate::evaluate`]'s exactly).

use std::collections::BTreeMap;

use tdome_bmc::lap::Solver;
use tdome_core::event::{Event, EventSink, LaunchRecord, ObjectKind};
use tdome_core::ids::{ObjectId, TrackId};
use tdome_core::picture::TrackStatus;
use tdome_core::{Ecef, Position, SimDuration, SimTime};

use crate::metrics::{
    EvalConfig, Tally, Totals, TrackSample, TruthSample, TruthSpan, estimate_at, truth_complete,
};

/// The air picture scored so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// The metrics.
    pub totals: Totals,
    /// Track reports that arrived after an instant at or after their time had been
    /// scored (see the module documentation).
    pub late_reports: u64,
    /// Samples left out because a position or velocity was not finite.
    pub non_finite: u64,
}

/// Scores a run's confirmed tracks against its targets as the events arrive. Evaluation
/// instants are the truth sample times, launches' and interceptors' included (but
/// interceptors are not targets), as `tdome eval` takes them from `truth.csv`.
pub struct Scorer {
    config: EvalConfig,
    settle: SimDuration,
    /// Instants not yet scored, with their targets in arrival order.
    pending: BTreeMap<SimTime, Vec<TruthSample>>,
    /// Each target's first and latest sample so far (until it can no longer be in
    /// flight across an instant still to score).
    spans: BTreeMap<ObjectId, TruthSpan>,
    /// Each live track's reports in time order, from its latest at or before the last
    /// instant scored.
    tracks: BTreeMap<TrackId, Vec<TrackSample>>,
    /// The latest instant scored.
    scored: Option<SimTime>,
    /// The latest truth time seen.
    clock: Option<SimTime>,
    tally: Tally,
    solver: Solver,
    late_reports: u64,
    non_finite: u64,
}

impl Scorer {
    /// A scorer with `config`, scoring an instant once the truth clock is more than
    /// `settle` past it. `settle` must be at least the truth's sampling period, so that
    /// a target in flight across an instant has its next sample by then (an instant at
    /// which a target in flight has no sample is not scored).
    pub fn new(config: EvalConfig, settle: SimDuration) -> Self {
        Scorer {
            config,
            settle,
            pending: BTreeMap::new(),
            spans: BTreeMap::new(),
            tracks: BTreeMap::new(),
            scored: None,
            clock: None,
            tally: Tally::default(),
            solver: Solver::new(),
            late_reports: 0,
            non_finite: 0,
        }
    }

    /// The settings it scores with.
    pub fn config(&self) -> &EvalConfig {
        &self.config
    }

    /// A truth sample: an evaluation instant at its time and, when `target`, a target
    /// in flight then.
    pub fn truth(&mut self, sample: TruthSample, target: bool) {
        let t = sample.time;
        if self.clock.is_none_or(|c| t > c) {
            self.clock = Some(t);
            // Every instant more than `settle` behind the clock is complete.
            self.score_until(SimTime::from_nanos(
                t.as_nanos().saturating_sub(self.settle.as_nanos()),
            ));
        }
        if self.scored.is_some_and(|s| t <= s) {
            // Truth comes in time order; an instant already scored cannot be reopened.
            return;
        }
        let targets = self.pending.entry(t).or_default();
        if !target {
            return;
        }
        if sample.position.is_finite() && sample.velocity.is_finite() {
            self.tally.appeared(sample.object, t);
            self.spans
                .entry(sample.object)
                .and_modify(|s| s.last = s.last.max(t))
                .or_insert(TruthSpan {
                    object: sample.object,
                    first: t,
                    last: t,
                });
            targets.push(sample);
        } else {
            self.non_finite += 1;
        }
    }

    /// A track report (any status; `Deleted` ends the track).
    pub fn track(&mut self, report: TrackSample) {
        if !(report.position.is_finite() && report.velocity.is_finite()) {
            self.non_finite += 1;
            return;
        }
        if self.scored.is_some_and(|s| report.time <= s) {
            self.late_reports += 1;
        }
        let reports = self.tracks.entry(report.track).or_default();
        // After any report of the same time: the later one wins, as in `evaluate`.
        let at = reports.partition_point(|r| r.time <= report.time);
        reports.insert(at, report);
    }

    /// Score every pending instant; then [`Scorer::score`] is the whole run's.
    pub fn flush(&mut self) {
        while let Some((t, mut targets)) = self.pending.pop_first() {
            self.score_instant(t, &mut targets);
        }
    }

    /// The metrics over the instants scored so far (all of them after
    /// [`Scorer::flush`]).
    pub fn score(&self) -> Score {
        Score {
            totals: self.tally.totals(),
            late_reports: self.late_reports,
            non_finite: self.non_finite,
        }
    }

    fn truth_event(&mut self, s: &tdome_core::event::TruthSample) {
        let sample = TruthSample {
            time: s.time,
            object: s.object,
            position: s.position,
            velocity: s.velocity,
        };
        self.truth(sample, s.kind != ObjectKind::Interceptor);
    }

    /// Score the pending instants before `until`.
    fn score_until(&mut self, until: SimTime) {
        while let Some(entry) = self.pending.first_entry() {
            if *entry.key() >= until {
                break;
            }
            let (t, mut targets) = entry.remove_entry();
            self.score_instant(t, &mut targets);
        }
    }

    fn score_instant(&mut self, t: SimTime, targets: &mut Vec<TruthSample>) {
        // Object order makes the assignment's tie-breaks independent of arrival order.
        targets.sort_by_key(|s| s.object);
        targets.dedup_by_key(|s| s.object);
        let targets: Vec<&TruthSample> = targets.iter().collect();
        // Targets that landed or died before `t` cannot be in flight across it, nor
        // across any later instant.
        self.spans.retain(|_, s| s.last >= t);
        let spans: Vec<TruthSpan> = self.spans.values().copied().collect();
        if !truth_complete(t, &targets, &spans) {
            return;
        }
        let picture: Vec<_> = self
            .tracks
            .values()
            .filter_map(|reports| {
                let upto = reports.partition_point(|r| r.time <= t);
                // Reported again since, or not yet deleted: alive all along (the
                // convention `evaluate` applies to a run's records).
                let alive = upto < reports.len()
                    || reports
                        .last()
                        .is_some_and(|r| r.status != TrackStatus::Deleted);
                estimate_at(
                    reports.get(upto.checked_sub(1)?)?,
                    t,
                    self.config.max_age,
                    alive,
                )
            })
            .collect();
        let x: Vec<Position<Ecef>> = targets.iter().map(|s| s.position).collect();
        let y: Vec<Position<Ecef>> = picture.iter().map(|e| e.position).collect();
        let gospa = self.config.gospa.at(&x, &y, &mut self.solver);
        self.tally.instant(t, &targets, &picture, &gospa);
        self.scored = Some(t);
        // Later instants need only each track's latest report at or before this one,
        // and those after it; a track whose latest is its deletion is gone.
        self.tracks.retain(|_, reports| {
            let upto = reports.partition_point(|r| r.time <= t);
            if upto > 1 {
                reports.drain(..upto - 1);
            }
            !(reports.len() == 1 && upto >= 1 && reports[0].status == TrackStatus::Deleted)
        });
    }
}

impl EventSink for Scorer {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        match event {
            // A launch is a truth sample too, as in truth.csv.
            Event::Launch(LaunchRecord { sample, .. }) => self.truth_event(sample),
            Event::Truth(sample) => self.truth_event(sample),
            Event::Track(e) => self.track(TrackSample {
                time: e.time,
                track: e.track,
                status: e.status,
                position: e.position,
                velocity: e.velocity,
                position_covariance: e.position_covariance(),
                // Only NEES reads it, and the scorer does not score NEES.
                full_covariance: None,
            }),
            _ => {}
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.flush();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gospa;
    use crate::metrics::evaluate;
    use crate::metrics::tests::{track, truth};
    use tdome_core::ids::ObjectId;

    fn scorer(settle_s: f64) -> Scorer {
        Scorer::new(
            EvalConfig {
                gospa: Gospa::new(200.0, 1.0).expect("valid"),
                max_age: SimDuration::from_seconds(5.0),
            },
            SimDuration::from_seconds(settle_s),
        )
    }

    use TrackStatus::{Confirmed, Deleted, Tentative};

    #[test]
    fn gospa_of_a_hand_made_stream_is_known() {
        // t = 0: one target at x = 0, one confirmed track at x = 30: GOSPA 30 (p = 1).
        // t = 1: a second target appears with no track near it: it is missed, costing
        // c/2 = 100 m (α = 2: c^p/2 per missed target); the first is matched 30 m off
        // again (the track brought forward at its velocity): GOSPA 130.
        // t = 2: the track is deleted: both targets missed, GOSPA 200.
        let mut s = scorer(0.0);
        s.track(track(0.0, 1, Confirmed, 30.0));
        s.truth(truth(0.0, 0, 0.0), true);
        s.truth(truth(1.0, 0, 10.0), true);
        s.truth(truth(1.0, 1, 5000.0), true);
        s.track(track(2.0, 1, Deleted, 50.0));
        s.truth(truth(2.0, 0, 20.0), true);
        s.truth(truth(2.0, 1, 5010.0), true);
        s.flush();
        let r = s.score();
        let t = &r.totals;
        assert_eq!(t.instants, 3);
        assert!((t.gospa_mean.expect("instants") - (30.0 + 130.0 + 200.0) / 3.0).abs() < 1e-9);
        assert!((t.gospa_localisation.expect("instants") - 60.0 / 3.0).abs() < 1e-9);
        assert!((t.gospa_missed.expect("instants") - 300.0 / 3.0).abs() < 1e-9);
        assert_eq!(t.gospa_false, Some(0.0));
        assert_eq!(t.matched_pairs, 2);
        assert!((t.rmse_position_m.expect("pairs") - 30.0).abs() < 1e-9);
        assert_eq!((t.id_switches, t.track_breaks), (0, 0));
        assert_eq!(t.time_to_confirm.confirmed, 1);
        assert_eq!(t.time_to_confirm.never_confirmed, 1);
        assert_eq!((r.late_reports, r.non_finite), (0, 0));
        // The deleted track is forgotten.
        assert!(s.tracks.is_empty());
    }

    #[test]
    fn interceptor_instants_count_and_their_objects_are_not_targets() {
        // Only an interceptor in the air, and a confirmed track on it: a false track.
        let mut s = scorer(0.0);
        s.track(track(0.0, 1, Confirmed, 0.0));
        s.truth(truth(0.0, 9, 0.0), false);
        s.flush();
        let t = s.score().totals;
        assert_eq!(t.instants, 1);
        assert_eq!(t.gospa_mean, Some(100.0));
        assert_eq!(t.false_tracks_mean, Some(1.0));
        assert_eq!(t.time_to_confirm, Default::default());
    }

    /// The events of a small run, in the engine's order: truth at each tick, then the
    /// reports the tracker publishes then, each `lag` s after its plot.
    fn delayed_stream(lag: f64) -> (Vec<TruthSample>, Vec<TrackSample>, Vec<Input>) {
        let mut truths = Vec::new();
        let mut tracks = Vec::new();
        let mut events = Vec::new();
        for k in 0..12 {
            let t = k as f64 * 0.5;
            for (object, x0) in [(0, 0.0), (1, 3000.0)] {
                let s = truth(t, object, x0 + 10.0 * t);
                truths.push(s.clone());
                events.push(Input::Truth(s));
            }
            // Track 1 follows object 0 from its plot at 0.25 s; track 2 object 1, lost at
            // 2.75 s and picked up by track 3 at 4.25 s; track 4 is clutter.
            let plot = t - lag + 0.25;
            if plot >= 0.0 {
                let status = if plot < 1.0 { Tentative } else { Confirmed };
                let mut r = vec![track(plot, 1, status, 10.0 * plot + 4.0)];
                if plot < 2.5 {
                    r.push(track(plot, 2, status, 3000.0 + 10.0 * plot - 7.0));
                } else if plot < 3.0 {
                    // Deleted at the cycle that publishes it.
                    r.push(track(t, 2, Deleted, 3000.0));
                } else if plot > 4.0 {
                    r.push(track(plot, 3, Confirmed, 3000.0 + 10.0 * plot + 2.0));
                }
                if (2.0..3.0).contains(&plot) {
                    r.push(track(plot, 4, Confirmed, -1500.0));
                }
                for r in r {
                    tracks.push(r.clone());
                    events.push(Input::Track(Box::new(r)));
                }
            }
        }
        (truths, tracks, events)
    }

    enum Input {
        Truth(TruthSample),
        Track(Box<TrackSample>),
    }

    #[test]
    fn streaming_equals_evaluate_on_the_records_when_settled() {
        let lag = 1.5;
        let (truths, tracks, events) = delayed_stream(lag);
        let mut s = scorer(lag + 0.5);
        for e in events {
            match e {
                Input::Truth(t) => s.truth(t, true),
                Input::Track(r) => s.track(*r),
            }
        }
        s.flush();
        let mut instants: Vec<_> = truths.iter().map(|s| s.time).collect();
        instants.dedup();
        let batch = evaluate(&instants, &truths, &tracks, s.config()).expect("finite");
        assert!(!batch.aligned);
        let r = s.score();
        assert_eq!(r.late_reports, 0);
        let t = r.totals;
        assert_eq!(t.instants, batch.instants.len());
        // Every running total equal to the batch evaluation's.
        assert_eq!(t, batch.totals);
        assert_eq!((t.id_switches, t.track_breaks), (1, 1));
        assert!(t.gospa_false.expect("instants") > 0.0);
    }

    #[test]
    fn instants_missing_targets_in_flight_are_skipped_as_in_evaluate() {
        // The small run, plus a threat launched at 2.25 s and an interceptor at 3.1 s,
        // each a truth sample alone at its time: neither instant is scored, by either.
        let lag = 1.5;
        let (mut truths, tracks, events) = delayed_stream(lag);
        let launch = truth(2.25, 2, -3000.0);
        let interceptor = truth(3.1, 9, 0.0);
        let mut s = scorer(lag + 0.5);
        for e in events {
            match e {
                Input::Truth(t) => {
                    if t.time > launch.time
                        && t.time - launch.time <= SimDuration::from_seconds(0.25)
                        && t.object == ObjectId(0)
                    {
                        s.truth(launch.clone(), true);
                    }
                    if t.time > interceptor.time
                        && t.time - interceptor.time <= SimDuration::from_seconds(0.4)
                        && t.object == ObjectId(0)
                    {
                        s.truth(interceptor.clone(), false);
                    }
                    s.truth(t, true);
                }
                Input::Track(r) => s.track(*r),
            }
        }
        s.flush();
        truths.push(launch.clone());
        let mut instants: Vec<_> = truths.iter().map(|s| s.time).collect();
        instants.push(interceptor.time);
        instants.sort_unstable();
        instants.dedup();
        let batch = evaluate(&instants, &truths, &tracks, s.config()).expect("finite");
        let r = s.score();
        assert_eq!(r.late_reports, 0);
        assert_eq!(batch.instants.len(), 12);
        assert!(
            batch
                .instants
                .iter()
                .all(|i| i.time != launch.time && i.time != interceptor.time)
        );
        assert_eq!(r.totals, batch.totals);
    }

    #[test]
    fn too_short_a_settle_counts_the_late_reports() {
        let (_, _, events) = delayed_stream(1.5);
        let mut s = scorer(0.0);
        for e in events {
            match e {
                Input::Truth(t) => s.truth(t, true),
                Input::Track(r) => s.track(*r),
            }
        }
        s.flush();
        assert!(s.score().late_reports > 0);
    }

    #[test]
    fn non_finite_samples_are_counted_and_left_out() {
        let mut s = scorer(0.0);
        s.truth(truth(0.0, 0, f64::NAN), true);
        s.track(track(0.0, 1, Confirmed, f64::INFINITY));
        s.truth(truth(1.0, 0, 10.0), true);
        s.flush();
        let r = s.score();
        assert_eq!(r.non_finite, 2);
        assert_eq!(r.totals.instants, 2);
        assert_eq!(r.totals.gospa_mean, Some(50.0));
    }
}
