//! Scoring a track picture against truth over a run: the conventions that turn two
//! streams of samples into per-instant sets, then GOSPA, RMSE, NEES, id switches, track
//! breaks, time to confirm, false tracks and missed targets. Definitions and sources:
//! `docs/metrics.md`.

use std::collections::BTreeMap;

use nalgebra::{Cholesky, Matrix3, Matrix6, Vector3, Vector6};
use tdome_bmc::lap::Solver;
use tdome_core::ids::{ObjectId, TrackId};
use tdome_core::picture::TrackStatus;
use tdome_core::{Ecef, Position, SimDuration, SimTime, Velocity};

use crate::EvalError;
use crate::gospa::{Gospa, GospaInstant};

/// Where a target really was at one time.
#[derive(Clone, Debug, PartialEq)]
pub struct TruthSample {
    /// Time of the sample.
    pub time: SimTime,
    /// The target.
    pub object: ObjectId,
    /// True ECEF position.
    pub position: Position<Ecef>,
    /// True ECEF velocity (Earth-relative).
    pub velocity: Velocity<Ecef>,
}

/// One estimate of a track, as the tracker reported it.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackSample {
    /// Time of the estimate.
    pub time: SimTime,
    /// The track.
    pub track: TrackId,
    /// Its status in this report; `Deleted` ends the track.
    pub status: TrackStatus,
    /// Estimated ECEF position.
    pub position: Position<Ecef>,
    /// Estimated ECEF velocity.
    pub velocity: Velocity<Ecef>,
    /// Position covariance, m², ECEF axes.
    pub position_covariance: Matrix3<f64>,
    /// Full position–velocity covariance (x, y, z, vx, vy, vz), when recorded.
    pub full_covariance: Option<Matrix6<f64>>,
}

/// How to score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EvalConfig {
    /// GOSPA cut-off and order; the cut-off also decides which pairs count as matched
    /// for RMSE, NEES, id switches, breaks and time to confirm.
    pub gospa: Gospa,
    /// A track whose last report of all is older than this at an instant is not in the
    /// picture then (a tracker that stopped reporting a track has lost it). A track
    /// reported again later (an update, or its deletion) is in the picture all along,
    /// at its latest estimate extrapolated. When the records are aligned (every track
    /// report at an evaluation instant) the limit is zero: a track is in the picture
    /// from its first report to its last, as in Stone Soup.
    pub max_age: SimDuration,
}

impl Default for EvalConfig {
    /// The settings `tdome eval` defaults to, which the run summary uses: GOSPA with
    /// c = 200 m and p = 1, and a maximum age of 5 s (`docs/metrics.md` says why).
    fn default() -> Self {
        EvalConfig {
            gospa: Gospa::default(),
            max_age: SimDuration::from_seconds(5.0),
        }
    }
}

/// The 95 % points of the chi-square distribution with 3 and 6 degrees of freedom
/// (scipy.stats.chi2.ppf(0.95, k)).
pub const CHI2_95_3DOF: f64 = 7.814727903251178;
/// See [`CHI2_95_3DOF`].
pub const CHI2_95_6DOF: f64 = 12.591587243743977;

/// The score at one evaluation instant.
#[derive(Clone, Debug, PartialEq)]
pub struct InstantScore {
    /// The instant.
    pub time: SimTime,
    /// Targets in flight.
    pub truths: usize,
    /// Confirmed tracks in the picture.
    pub estimates: usize,
    /// GOSPA and its parts.
    pub gospa: GospaInstant,
}

/// Normalised estimation error squared over a set of matched estimates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NeesSummary {
    /// How many estimates were scored.
    pub samples: usize,
    /// Mean NEES (the state dimension for a consistent filter); `None` without samples.
    pub mean: Option<f64>,
    /// Fraction of samples above the 95 % chi-square point (about 0.05 when
    /// consistent); `None` without samples.
    pub fraction_above_95: Option<f64>,
}

/// Time from a target's first truth sample to the first instant a confirmed track is
/// matched to it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TimeToConfirm {
    /// Targets that were matched at some instant.
    pub confirmed: usize,
    /// Targets never matched.
    pub never_confirmed: usize,
    /// Median over confirmed targets, seconds (mean of the middle two for an even count).
    pub median_s: Option<f64>,
    /// Mean over confirmed targets, seconds.
    pub mean_s: Option<f64>,
}

/// Every metric over a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Whether every track report lay at an evaluation instant (the aligned convention).
    pub aligned: bool,
    /// Per-instant scores, in time order.
    pub instants: Vec<InstantScore>,
    /// GOSPA, RMSE, continuity: what running totals give.
    pub totals: Totals,
    /// Position NEES (3 dof).
    pub nees_position: NeesSummary,
    /// Full-state NEES (6 dof), over estimates that carry the full covariance.
    pub nees_state: NeesSummary,
}

/// The metrics that running totals give: everything in [`Report`] but the per-instant
/// scores and NEES. [`evaluate`] reports them beside those; the streaming
/// [`crate::stream::Scorer`] keeps only these while a run goes on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Evaluation instants scored.
    pub instants: usize,
    /// Mean GOSPA distance over instants, metres.
    pub gospa_mean: Option<f64>,
    /// Mean localisation part, metres^p (Stone Soup's convention).
    pub gospa_localisation: Option<f64>,
    /// Mean missed part, metres^p.
    pub gospa_missed: Option<f64>,
    /// Mean false part, metres^p.
    pub gospa_false: Option<f64>,
    /// Matched (target, track) pairs over all instants.
    pub matched_pairs: usize,
    /// Position RMSE over matched pairs, metres.
    pub rmse_position_m: Option<f64>,
    /// Velocity RMSE over matched pairs, m/s.
    pub rmse_velocity_mps: Option<f64>,
    /// Id switches (CLEAR MOT).
    pub id_switches: usize,
    /// Track breaks (fragmentations).
    pub track_breaks: usize,
    /// Time to confirm.
    pub time_to_confirm: TimeToConfirm,
    /// Mean number of false (unmatched) confirmed tracks per instant.
    pub false_tracks_mean: Option<f64>,
    /// Mean number of missed (unmatched) targets per instant.
    pub missed_targets_mean: Option<f64>,
}

/// Score `tracks` against `truth` at each of `instants` (sorted or not; duplicates are
/// merged). `truth` holds targets only (not interceptors); `tracks` every report of every
/// track, in any order. At each instant the picture is the set of confirmed tracks as
/// `docs/metrics.md` defines it. Aligned records (every track report at an instant): the
/// tracks with a confirmed report at that instant. Otherwise: a track's latest report at
/// or before the instant, if it is confirmed and no older than `max_age`, extrapolated at
/// its own velocity.
pub fn evaluate(
    instants: &[SimTime],
    truth: &[TruthSample],
    tracks: &[TrackSample],
    config: &EvalConfig,
) -> Result<Report, EvalError> {
    check_finite(truth, tracks)?;
    let mut times = instants.to_vec();
    times.sort_unstable();
    times.dedup();
    let truth_at = group_truth(truth);
    let histories = group_tracks(tracks);
    let truth_by_object = truth_histories(truth);
    let aligned = tracks.iter().all(|s| times.binary_search(&s.time).is_ok());
    // Aligned: a report counts at its own instant only, which is the extrapolation
    // convention with no staleness allowed.
    let max_age = if aligned {
        SimDuration::ZERO
    } else {
        config.max_age
    };
    let mut tally = Tally::default();
    for (&object, history) in &truth_by_object {
        if let Some(first) = history.first() {
            tally.appeared(object, first.time);
        }
    }
    let spans: Vec<TruthSpan> = truth_by_object
        .iter()
        .filter_map(|(&object, h)| {
            Some(TruthSpan {
                object,
                first: h.first()?.time,
                last: h.last()?.time,
            })
        })
        .collect();
    let mut nees = Nees::default();
    let mut scores = Vec::with_capacity(times.len());
    let mut solver = Solver::new();
    for &t in &times {
        let targets: &[&TruthSample] = truth_at.get(&t).map_or(&[], Vec::as_slice);
        if !truth_complete(t, targets, &spans) {
            continue;
        }
        let picture = picture_at(&histories, t, max_age);
        let x: Vec<Position<Ecef>> = targets.iter().map(|s| s.position).collect();
        let y: Vec<Position<Ecef>> = picture.iter().map(|e| e.position).collect();
        let gospa = config.gospa.at(&x, &y, &mut solver);
        tally.instant(t, targets, &picture, &gospa);
        nees.score_pairs(targets, &picture, &gospa, &truth_by_object);
        scores.push(InstantScore {
            time: t,
            truths: targets.len(),
            estimates: picture.len(),
            gospa,
        });
    }
    Ok(Report {
        aligned,
        instants: scores,
        totals: tally.totals(),
        nees_position: summarise(&nees.nees3, CHI2_95_3DOF),
        nees_state: summarise(&nees.nees6, CHI2_95_6DOF),
    })
}

/// One target's first and last truth samples.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TruthSpan {
    pub(crate) object: ObjectId,
    pub(crate) first: SimTime,
    pub(crate) last: SimTime,
}

/// True when `targets` (sorted by object), the truth samples at `t`, hold every target
/// in flight across `t` (sampled before it and after it). The truth is sampled for every
/// object at a regular period, and once more at each launch: at an instant that holds
/// only a launch (an interceptor's, or one threat's), the other targets in flight have
/// no sample, and scoring it would count every track on them as false and them as not
/// there. Such an instant is not scored.
pub(crate) fn truth_complete(t: SimTime, targets: &[&TruthSample], spans: &[TruthSpan]) -> bool {
    spans.iter().all(|s| {
        !(s.first < t && t < s.last)
            || targets
                .binary_search_by_key(&s.object, |x| x.object)
                .is_ok()
    })
}

fn check_finite(truth: &[TruthSample], tracks: &[TrackSample]) -> Result<(), EvalError> {
    if let Some(s) = truth
        .iter()
        .find(|s| !s.position.is_finite() || !s.velocity.is_finite())
    {
        return Err(EvalError::NonFinite(format!(
            "truth of {} at t = {}",
            s.object, s.time
        )));
    }
    let finite_cov = |s: &TrackSample| {
        s.position_covariance.iter().all(|v| v.is_finite())
            && s.full_covariance
                .is_none_or(|m| m.iter().all(|v| v.is_finite()))
    };
    if let Some(s) = tracks
        .iter()
        .find(|s| !s.position.is_finite() || !s.velocity.is_finite() || !finite_cov(s))
    {
        return Err(EvalError::NonFinite(format!(
            "{} at t = {}",
            s.track, s.time
        )));
    }
    Ok(())
}

fn group_truth(truth: &[TruthSample]) -> BTreeMap<SimTime, Vec<&TruthSample>> {
    let mut at: BTreeMap<SimTime, Vec<&TruthSample>> = BTreeMap::new();
    for s in truth {
        at.entry(s.time).or_default().push(s);
    }
    for v in at.values_mut() {
        // Object order makes the assignment's tie-breaks independent of file order.
        v.sort_by_key(|s| s.object);
        v.dedup_by_key(|s| s.object);
    }
    at
}

fn truth_histories(truth: &[TruthSample]) -> BTreeMap<ObjectId, Vec<&TruthSample>> {
    let mut by: BTreeMap<ObjectId, Vec<&TruthSample>> = BTreeMap::new();
    for s in truth {
        by.entry(s.object).or_default().push(s);
    }
    for v in by.values_mut() {
        v.sort_by_key(|s| s.time);
        v.dedup_by_key(|s| s.time);
    }
    by
}

/// Each track's reports in time order (stable: of two reports at one time, the later
/// in the input wins, as the recorder writes a deletion after the last update).
fn group_tracks(tracks: &[TrackSample]) -> BTreeMap<TrackId, Vec<&TrackSample>> {
    let mut by: BTreeMap<TrackId, Vec<&TrackSample>> = BTreeMap::new();
    for s in tracks {
        by.entry(s.track).or_default().push(s);
    }
    for v in by.values_mut() {
        v.sort_by_key(|s| s.time);
    }
    by
}

/// One confirmed track in the picture at an instant.
pub(crate) struct Estimate<'a> {
    pub(crate) track: TrackId,
    /// The report it comes from.
    pub(crate) report: &'a TrackSample,
    /// Brought forward to the instant at constant velocity.
    pub(crate) position: Position<Ecef>,
}

/// What a track whose latest report at or before `t` is `latest` puts in the picture at
/// `t` (the convention of `docs/metrics.md`): nothing unless that report is confirmed,
/// and, when the track is not `reported_later` (an update or its deletion after `t`), at
/// most `max_age` old; else its estimate brought forward to `t` at its own velocity. A
/// track reported again later was alive in between: a tracker need not report a
/// coasting track every cycle. The one definition of the picture, for [`evaluate`] and
/// the streaming scorer alike.
pub(crate) fn estimate_at(
    latest: &TrackSample,
    t: SimTime,
    max_age: SimDuration,
    reported_later: bool,
) -> Option<Estimate<'_>> {
    let age = t.since(latest.time);
    if latest.status != TrackStatus::Confirmed || (age > max_age && !reported_later) {
        return None;
    }
    Some(Estimate {
        track: latest.track,
        report: latest,
        position: latest.position + latest.velocity.over_seconds(age.as_seconds()),
    })
}

fn picture_at<'a>(
    histories: &BTreeMap<TrackId, Vec<&'a TrackSample>>,
    t: SimTime,
    max_age: SimDuration,
) -> Vec<Estimate<'a>> {
    histories
        .values()
        .filter_map(|reports| {
            let upto = reports.partition_point(|r| r.time <= t);
            let latest: &'a TrackSample = reports[upto.checked_sub(1)?];
            estimate_at(latest, t, max_age, upto < reports.len())
        })
        .collect()
}

/// What a target's matching history has been, for switches, breaks and confirmation.
#[derive(Clone, Copy, Default)]
struct TargetState {
    /// Its first truth sample.
    first_seen: SimTime,
    /// The track most recently matched to it.
    last_track: Option<TrackId>,
    /// Whether it was matched at the latest instant it was present.
    matched_last: bool,
    /// When it was first matched.
    first_matched: Option<SimTime>,
}

/// Running totals over instants scored in time order, and each target's matching
/// history: everything [`Totals`] needs and nothing per instant, so that memory grows
/// with the targets, not with the length of the run. Shared by [`evaluate`] and the
/// streaming scorer.
#[derive(Default)]
pub(crate) struct Tally {
    instants: usize,
    distance: f64,
    localisation: f64,
    missed: f64,
    false_: f64,
    missed_count: f64,
    false_count: f64,
    pairs: usize,
    sq_position: f64,
    sq_velocity: f64,
    targets: BTreeMap<ObjectId, TargetState>,
    id_switches: usize,
    track_breaks: usize,
}

impl Tally {
    /// `object`'s first truth sample is at `t` (a later call for it changes nothing).
    pub(crate) fn appeared(&mut self, object: ObjectId, t: SimTime) {
        self.targets.entry(object).or_insert(TargetState {
            first_seen: t,
            ..TargetState::default()
        });
    }

    /// Score one instant: `targets` (in object order, each once), the `picture` at `t`,
    /// and the GOSPA between them.
    pub(crate) fn instant(
        &mut self,
        t: SimTime,
        targets: &[&TruthSample],
        picture: &[Estimate<'_>],
        gospa: &GospaInstant,
    ) {
        self.instants += 1;
        self.distance += gospa.distance;
        self.localisation += gospa.localisation;
        self.missed += gospa.missed;
        self.false_ += gospa.false_;
        self.missed_count += gospa.missed_count as f64;
        self.false_count += gospa.false_count as f64;
        for (i, target) in targets.iter().enumerate() {
            self.appeared(target.object, t);
            let Some(state) = self.targets.get_mut(&target.object) else {
                continue;
            };
            let Some(est) = gospa.truth_to_estimate[i].and_then(|j| picture.get(j)) else {
                state.matched_last = false;
                continue;
            };
            if state.last_track.is_some_and(|k| k != est.track) {
                self.id_switches += 1;
            }
            if state.first_matched.is_some() && !state.matched_last {
                self.track_breaks += 1;
            }
            state.last_track = Some(est.track);
            state.matched_last = true;
            state.first_matched.get_or_insert(t);
            self.pairs += 1;
            self.sq_position += (est.position - target.position).metres().norm_squared();
            self.sq_velocity += (est.report.velocity - target.velocity).mps().norm_squared();
        }
    }

    /// The metrics so far.
    pub(crate) fn totals(&self) -> Totals {
        let n = self.instants;
        let mean = |sum: f64| (n > 0).then(|| sum / n as f64);
        let mut delays = Vec::new();
        let mut never = 0;
        for state in self.targets.values() {
            match state.first_matched {
                Some(t1) => delays.push(t1.since(state.first_seen).as_seconds()),
                None => never += 1,
            }
        }
        let rms = |sum: f64| (self.pairs > 0).then(|| (sum / self.pairs as f64).sqrt());
        Totals {
            instants: n,
            gospa_mean: mean(self.distance),
            gospa_localisation: mean(self.localisation),
            gospa_missed: mean(self.missed),
            gospa_false: mean(self.false_),
            false_tracks_mean: mean(self.false_count),
            missed_targets_mean: mean(self.missed_count),
            matched_pairs: self.pairs,
            rmse_position_m: rms(self.sq_position),
            rmse_velocity_mps: rms(self.sq_velocity),
            id_switches: self.id_switches,
            track_breaks: self.track_breaks,
            time_to_confirm: time_to_confirm(delays, never),
        }
    }
}

/// NEES of matched track reports, each report once (it may serve several instants).
#[derive(Default)]
struct Nees {
    nees3: Vec<f64>,
    nees6: Vec<f64>,
    /// Track reports already scored.
    scored: std::collections::BTreeSet<(TrackId, SimTime)>,
}

impl Nees {
    fn score_pairs(
        &mut self,
        targets: &[&TruthSample],
        picture: &[Estimate<'_>],
        gospa: &GospaInstant,
        truth_by_object: &BTreeMap<ObjectId, Vec<&TruthSample>>,
    ) {
        for (i, target) in targets.iter().enumerate() {
            let Some(est) = gospa.truth_to_estimate[i].and_then(|j| picture.get(j)) else {
                continue;
            };
            if self.scored.insert((est.track, est.report.time))
                && let Some(history) = truth_by_object.get(&target.object)
                && let Some((p, v)) = truth_at(history, est.report.time)
            {
                self.score(est.report, &p, &v);
            }
        }
    }

    fn score(&mut self, report: &TrackSample, p: &Vector3<f64>, v: &Vector3<f64>) {
        let e_pos = report.position.metres() - p;
        if let Some(n) = nees(&report.position_covariance, &e_pos) {
            self.nees3.push(n);
        }
        if let Some(full) = report.full_covariance {
            let e = Vector6::new(
                e_pos.x,
                e_pos.y,
                e_pos.z,
                report.velocity.mps().x - v.x,
                report.velocity.mps().y - v.y,
                report.velocity.mps().z - v.z,
            );
            if let Some(n) = nees(&full, &e) {
                self.nees6.push(n);
            }
        }
    }
}

/// The truth's position and velocity at `t` (within its sampled span): a sample's own
/// values at a sample time, else cubic Hermite interpolation between the neighbouring
/// samples from their positions and velocities (error ≤ Δt⁴/384 · max|d⁴x/dt⁴|: for a
/// sampling period of a second and the accelerations of flight, far below radar errors).
fn truth_at(history: &[&TruthSample], t: SimTime) -> Option<(Vector3<f64>, Vector3<f64>)> {
    let k = history.partition_point(|s| s.time < t);
    let after = history.get(k)?;
    if after.time == t {
        return Some((*after.position.metres(), *after.velocity.mps()));
    }
    let before = history.get(k.checked_sub(1)?)?;
    let h = after.time.since(before.time).as_seconds();
    let s = t.since(before.time).as_seconds() / h;
    let (p0, p1) = (before.position.metres(), after.position.metres());
    let (m0, m1) = (before.velocity.mps() * h, after.velocity.mps() * h);
    let (s2, s3) = (s * s, s * s * s);
    let p = p0 * (2.0 * s3 - 3.0 * s2 + 1.0)
        + m0 * (s3 - 2.0 * s2 + s)
        + p1 * (-2.0 * s3 + 3.0 * s2)
        + m1 * (s3 - s2);
    let v = (p0 * (6.0 * s2 - 6.0 * s)
        + m0 * (3.0 * s2 - 4.0 * s + 1.0)
        + p1 * (-6.0 * s2 + 6.0 * s)
        + m1 * (3.0 * s2 - 2.0 * s))
        / h;
    Some((p, v))
}

/// eᵀ P⁻¹ e by a Cholesky solve; `None` when P is not positive definite (such an
/// estimate has no consistency to measure, and is left out rather than poison the mean).
fn nees<const N: usize>(
    p: &nalgebra::SMatrix<f64, N, N>,
    e: &nalgebra::SVector<f64, N>,
) -> Option<f64> {
    let chol = Cholesky::new(*p)?;
    let n = e.dot(&chol.solve(e));
    n.is_finite().then_some(n)
}

fn summarise(values: &[f64], bound: f64) -> NeesSummary {
    let n = values.len();
    NeesSummary {
        samples: n,
        mean: (n > 0).then(|| values.iter().sum::<f64>() / n as f64),
        fraction_above_95: (n > 0)
            .then(|| values.iter().filter(|&&v| v > bound).count() as f64 / n as f64),
    }
}

fn time_to_confirm(mut delays: Vec<f64>, never: usize) -> TimeToConfirm {
    delays.sort_by(f64::total_cmp);
    let n = delays.len();
    let median_s = match n {
        0 => None,
        _ if n % 2 == 1 => Some(delays[n / 2]),
        _ => Some((delays[n / 2 - 1] + delays[n / 2]) / 2.0),
    };
    TimeToConfirm {
        confirmed: n,
        never_confirmed: never,
        median_s,
        mean_s: (n > 0).then(|| delays.iter().sum::<f64>() / n as f64),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A target sample on the x axis at 10 m/s (shared with the streaming scorer's
    /// tests).
    pub(crate) fn truth(t: f64, object: u32, x: f64) -> TruthSample {
        TruthSample {
            time: SimTime::from_seconds(t),
            object: ObjectId(object),
            position: Position::from_metres(x, 0.0, 0.0),
            velocity: Velocity::from_mps(10.0, 0.0, 0.0),
        }
    }

    /// A track report on the x axis at 10 m/s, position variance 4 m² per axis.
    pub(crate) fn track(t: f64, id: u32, status: TrackStatus, x: f64) -> TrackSample {
        TrackSample {
            time: SimTime::from_seconds(t),
            track: TrackId(id),
            status,
            position: Position::from_metres(x, 0.0, 0.0),
            velocity: Velocity::from_mps(10.0, 0.0, 0.0),
            position_covariance: Matrix3::identity() * 4.0,
            full_covariance: None,
        }
    }

    fn config() -> EvalConfig {
        EvalConfig {
            gospa: Gospa::new(100.0, 1.0).expect("valid"),
            max_age: SimDuration::from_seconds(10.0),
        }
    }

    use TrackStatus::{Confirmed, Deleted, Tentative};

    #[test]
    fn switches_breaks_and_confirmation_follow_their_definitions() {
        // One target over t = 0..6 (x = 10 t). Track 1 tentative at 0, confirmed at 1–2,
        // gone (deleted) at 3; nothing at 3; track 2 picks it up at 4–6: one break (3),
        // one id switch (1 → 2). Confirmed at t = 1: time to confirm 1 s.
        let truth: Vec<_> = (0..7)
            .map(|k| truth(k as f64, 0, 10.0 * k as f64))
            .collect();
        let mut tracks = vec![
            track(0.0, 1, Tentative, 0.0),
            track(1.0, 1, Confirmed, 12.0),
            track(2.0, 1, Confirmed, 20.0),
            track(3.0, 1, Deleted, 30.0),
        ];
        tracks.extend((4..7).map(|k| track(k as f64, 2, Confirmed, 10.0 * k as f64 - 2.0)));
        let times: Vec<_> = truth.iter().map(|s| s.time).collect();
        let r = evaluate(&times, &truth, &tracks, &config()).expect("valid");
        assert_eq!(r.totals.id_switches, 1);
        assert_eq!(r.totals.track_breaks, 1);
        assert_eq!(r.totals.time_to_confirm.median_s, Some(1.0));
        assert_eq!(r.totals.time_to_confirm.never_confirmed, 0);
        assert_eq!(r.totals.matched_pairs, 5);
        // Errors 2, 0, 2, 2, 2 → RMSE √(16/5).
        assert!((r.totals.rmse_position_m.expect("pairs") - (16.0_f64 / 5.0).sqrt()).abs() < 1e-12);
        // Missed at t = 0 and t = 3: 2 of 7 instants.
        assert!((r.totals.missed_targets_mean.expect("instants") - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(r.totals.false_tracks_mean, Some(0.0));
        // NEES: error² / 4 for each of the 5 matched reports.
        let nees = r.nees_position;
        assert_eq!(nees.samples, 5);
        assert!((nees.mean.expect("samples") - (16.0 / 4.0) / 5.0).abs() < 1e-12);
    }

    #[test]
    fn an_instant_missing_a_target_in_flight_is_not_scored() {
        // Targets 0 and 1 sampled at 0, 1, 2; target 2 launched at 1.5 with only its own
        // sample then (as truth.csv holds a launch). Scoring 1.5 would count target 0's
        // and 1's tracks as false and them as absent: it is left out. Target 2's first
        // sample still counts for its time to confirm.
        let mut truth: Vec<_> = (0..3)
            .flat_map(|k| {
                [
                    truth(k as f64, 0, 10.0 * k as f64),
                    truth(k as f64, 1, 5_000.0),
                ]
            })
            .collect();
        truth.push(self::truth(1.5, 2, -5_000.0));
        truth.push(self::truth(2.0, 2, -4_995.0));
        let tracks: Vec<_> = (0..3)
            .flat_map(|k| {
                [
                    track(k as f64, 1, Confirmed, 10.0 * k as f64),
                    track(k as f64, 2, Confirmed, 5_000.0),
                ]
            })
            .collect();
        let mut times: Vec<_> = truth.iter().map(|s| s.time).collect();
        times.sort_unstable();
        times.dedup();
        let r = evaluate(&times, &truth, &tracks, &config()).expect("valid");
        let scored: Vec<f64> = r.instants.iter().map(|i| i.time.as_seconds()).collect();
        assert_eq!(scored, [0.0, 1.0, 2.0]);
        assert_eq!(r.totals.false_tracks_mean, Some(0.0));
        // Target 2 missed at 2 (no track on it): one missed target in three instants.
        assert!((r.totals.missed_targets_mean.expect("instants") - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.totals.time_to_confirm.never_confirmed, 1);
    }

    #[test]
    fn stale_tracks_leave_the_picture_and_fresh_ones_are_extrapolated() {
        let truth = vec![
            truth(0.0, 0, 0.0),
            truth(5.0, 0, 50.0),
            truth(20.0, 0, 200.0),
        ];
        let tracks = vec![track(0.5, 1, Confirmed, 5.0)];
        let times: Vec<_> = truth.iter().map(|s| s.time).collect();
        let r = evaluate(&times, &truth, &tracks, &config()).expect("valid");
        assert!(!r.aligned);
        // At 5 s the report from 0.5 s is brought forward to x = 50: exact. At 20 s it
        // is 19.5 s old, past max_age 10 s: missed.
        assert_eq!(r.instants[1].gospa.distance, 0.0);
        assert_eq!(r.instants[2].estimates, 0);
        assert_eq!(r.instants[2].gospa.missed_count, 1);
        // NEES scores each report once, against the truth at the report's time.
        assert_eq!(r.nees_position.samples, 1);
    }

    #[test]
    fn hermite_truth_is_exact_for_cubic_motion() {
        // x(t) = t³: positions and velocities at 0 and 2; Hermite reproduces any cubic.
        let s = |t: f64| TruthSample {
            time: SimTime::from_seconds(t),
            object: ObjectId(0),
            position: Position::from_metres(t * t * t, 0.0, 0.0),
            velocity: Velocity::from_mps(3.0 * t * t, 0.0, 0.0),
        };
        let (a, b) = (s(0.0), s(2.0));
        let (p, v) = truth_at(&[&a, &b], SimTime::from_seconds(0.5)).expect("inside");
        assert!((p.x - 0.125).abs() < 1e-12 && (v.x - 0.75).abs() < 1e-12);
        assert!(truth_at(&[&a, &b], SimTime::from_seconds(3.0)).is_none());
    }

    #[test]
    fn non_finite_input_is_an_error() {
        let mut t = truth(0.0, 0, f64::NAN);
        t.position = Position::from_metres(f64::NAN, 0.0, 0.0);
        let err = evaluate(&[t.time], &[t], &[], &config()).expect_err("NaN");
        assert!(err.to_string().contains("obj0"), "{err}");
    }
}
