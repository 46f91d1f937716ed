//! **track**: plots → one air picture.
//!
//! The tracker is a few small components composed in [`Tracker::process`]:
//! - [`motion::NearlyConstantVelocity`] predicts;
//! - [`measurement`] holds the EKF update for each plot's own measurement model;
//! - [`associate`] gates plots through a spatial index, keeping the best few hypotheses
//!   per plot and per track, and assigns them (global nearest neighbour);
//! - [`initiate`] starts a tentative track from an unassigned plot;
//! - track maintenance confirms (hits) and deletes (time without update).
//!
//! Plots from all sensors go into one picture (centralised fusion), processed in time
//! order.

pub mod associate;
pub mod gaussian;
pub mod initiate;
pub mod measurement;
pub mod motion;
pub mod nearby;

use tdome_core::SimTime;
use tdome_core::ids::{SensorId, TrackId};
use tdome_core::picture::{TrackReport, TrackStatus};
use tdome_core::plot::Plot;
use tdome_physics::ballistic::CoastDrag;

use rstar::RTree;

use crate::config::TrackerConfig;
use associate::Associator;
use gaussian::GaussianState;
use motion::{Motion, MotionModel, NearlyConstantVelocity};

/// One track of the air picture.
#[derive(Clone, Debug)]
pub struct Track {
    /// Stable id, assigned in creation order.
    pub id: TrackId,
    /// Life-cycle state.
    pub status: TrackStatus,
    /// Latest filtered estimate.
    pub state: GaussianState,
    /// Plots associated so far.
    pub hits: u32,
    /// Time of its first plot.
    pub first_plot: SimTime,
    /// Time of the latest associated plot.
    pub last_update: SimTime,
    /// Sensor of the latest associated plot.
    pub last_sensor: SensorId,
    /// Smoothed interval between the track's updates, seconds (how often the radars
    /// covering it see it); `None` until its second plot.
    pub update_interval_s: Option<f64>,
    /// Smoothed normalised innovation squared of its position updates (3 degrees of
    /// freedom: about 3 while the motion model explains the target). Much larger means
    /// the target does something the model cannot follow (a boost, a manoeuvre).
    pub nis_mean: f64,
    /// The motion model it is predicted with.
    pub motion: MotionModel,
    /// Updated since the last report.
    updated: bool,
}

impl Track {
    /// Take in a filtered state from `plot`; confirm on reaching `confirm_hits`.
    fn absorb(&mut self, state: GaussianState, plot: &Plot, confirm_hits: u32) {
        if self.hits > 0 {
            let gap = (plot.time - self.last_update).as_seconds();
            // Exponential smoothing: follows a change of covering radars within a few
            // updates without jumping at a single missed detection.
            self.update_interval_s = Some(match self.update_interval_s {
                Some(mean) => 0.7 * mean + 0.3 * gap,
                None => gap,
            });
        }
        self.state = state;
        self.hits += 1;
        self.last_update = plot.time;
        self.last_sensor = plot.sensor;
        self.updated = true;
        if self.status == TrackStatus::Tentative && self.hits >= confirm_hits {
            self.status = TrackStatus::Confirmed;
        }
    }

    /// A blank track at a plot, to be filled by [`Track::absorb`].
    fn placeholder(id: TrackId, plot: &Plot) -> Track {
        Track {
            id,
            status: TrackStatus::Tentative,
            state: GaussianState {
                mean: Default::default(),
                covariance: Default::default(),
                time: plot.time,
            },
            hits: 0,
            first_plot: plot.time,
            last_update: plot.time,
            last_sensor: plot.sensor,
            motion: MotionModel::NearlyConstantVelocity,
            update_interval_s: None,
            nis_mean: 3.0,
            updated: true,
        }
    }

    /// True when the track has gone quiet for much longer than its radars usually take
    /// to see it again: it has lost its target (a boost it could not follow, a kill) and
    /// is coasting to deletion. Its estimate is not fit to engage on.
    pub fn is_coasting(&self, now: SimTime) -> bool {
        let silent = (now - self.last_update).as_seconds();
        match self.update_interval_s {
            Some(interval) => silent > 2.0 * interval + 1.0,
            None => false,
        }
    }

    /// True when recent plots have kept surprising the filter: its estimate lags the
    /// target (a boosting rocket, a manoeuvre), so a shot planned on it would miss.
    pub fn is_lagging(&self) -> bool {
        // Three times the expected value of a 3-degree-of-freedom chi-square.
        self.nis_mean > 9.0
    }

    /// The estimate as a report.
    pub fn report(&self) -> TrackReport {
        TrackReport {
            time: self.state.time,
            track: self.id,
            status: self.status,
            position: self.state.position(),
            velocity: self.state.velocity(),
            position_covariance: self.state.position_covariance(),
        }
    }
}

/// The multi-sensor tracker.
#[derive(Clone, Debug)]
pub struct Tracker {
    config: TrackerConfig,
    motion: Motion,
    associator: Associator,
    tracks: Vec<Track>,
    next_id: u32,
    /// Reports of the tracks deleted since the last report (their last estimate), sent
    /// once.
    deleted: Vec<TrackReport>,
    /// Duplicate tracks merged since the battle manager last asked: (dropped, kept).
    merges: Vec<(TrackId, TrackId)>,
    /// Tracks dropped so far because the picture was full.
    dropped_at_capacity: u64,
}

impl Tracker {
    /// An empty picture. Ballistic tracks are predicted with `ballistic_drag`, the drag
    /// the assessment assumes, so that tracking and impact prediction agree.
    pub fn new(config: TrackerConfig, ballistic_drag: CoastDrag) -> Self {
        Tracker {
            motion: Motion {
                ncv: NearlyConstantVelocity {
                    q: config.process_noise_psd,
                },
                drag: ballistic_drag,
                max_step_s: 1.0,
            },
            associator: Associator::new(config.gate_chi2),
            config,
            tracks: Vec::new(),
            next_id: 0,
            deleted: Vec::new(),
            merges: Vec::new(),
            dropped_at_capacity: 0,
        }
    }

    /// Tracks dropped so far because the picture held `max_tracks` (each also reported
    /// as deleted).
    pub fn dropped_at_capacity(&self) -> u64 {
        self.dropped_at_capacity
    }

    /// Live tracks (tentative and confirmed), in creation order.
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// The live track with this id.
    pub fn track(&self, id: TrackId) -> Option<&Track> {
        // Tracks are kept in id order, so a binary search finds one.
        self.tracks
            .binary_search_by_key(&id, |t| t.id)
            .ok()
            .map(|i| &self.tracks[i])
    }

    /// The motion model used to predict tracks.
    pub fn motion(&self) -> &Motion {
        &self.motion
    }

    /// Predict `track` with `model` from now on (the assessor decides which).
    pub fn set_motion(&mut self, track: TrackId, model: MotionModel) {
        if let Ok(i) = self.tracks.binary_search_by_key(&track, |t| t.id) {
            self.tracks[i].motion = model;
        }
    }

    /// Take in plots, sorted by time. Consecutive plots from one sensor form a batch that
    /// is associated jointly; batches are processed in time order, so every track is
    /// only ever predicted forward.
    pub fn process(&mut self, plots: &[Plot]) {
        let mut start = 0;
        while start < plots.len() {
            let sensor = plots[start].sensor;
            let end = start
                + plots[start..]
                    .iter()
                    .take_while(|p| p.sensor == sensor)
                    .count();
            self.process_batch(&plots[start..end]);
            start = end;
        }
    }

    /// One sensor's batch, in three passes:
    /// 1. tracks with two or more plots take theirs by global nearest neighbour;
    /// 2. every one-plot track is extended by each remaining plot in its gate, as a new
    ///    two-plot track (track splitting), and is then dropped — a single plot says
    ///    nothing of velocity, so choosing one continuation now would pair the plots of
    ///    a ripple-fired salvo wrongly, each new track stealing its neighbour's plot;
    ///    the wrong pairings find no third plot and time out. Inside a dense cluster
    ///    only the best few continuations per track and per plot are kept (see
    ///    [`associate`]), so the tracks a batch spawns stay proportional to its plots;
    /// 3. every plot still unused starts a one-plot track.
    fn process_batch(&mut self, batch: &[Plot]) {
        let mut available = vec![true; batch.len()];
        self.associator.index(batch);
        let batch_view = associate::Batch {
            motion: &self.motion,
            tracks: &self.tracks,
            plots: batch,
            available: &available,
        };
        let assignment = self.associator.assign(batch_view, |t| t.hits >= 2);
        for (plot_index, track_index, predicted) in assignment.pairs {
            available[plot_index] = false;
            let confirm_hits = self.config.confirm_hits;
            let track = &mut self.tracks[track_index];
            // A failed update leaves the track as it was; it coasts.
            if let Ok(state) = measurement::update(&predicted, &batch[plot_index])
                && state.is_finite()
            {
                if let Ok((nis, _)) = measurement::position_nis(&predicted, &batch[plot_index]) {
                    track.nis_mean = 0.7 * track.nis_mean + 0.3 * nis;
                }
                track.absorb(state, &batch[plot_index], confirm_hits);
            }
        }
        let existing = self.tracks.len();
        let mut split = vec![false; existing];
        let mut extensions = Vec::new();
        let mut extended_a_track = vec![false; batch.len()];
        let batch_view = associate::Batch {
            motion: &self.motion,
            tracks: &self.tracks,
            plots: batch,
            available: &available,
        };
        let splits = self.associator.hypotheses(batch_view, |t| t.hits == 1);
        // In (plot, track) order, so new tracks are numbered as plots arrive.
        for h in splits {
            let plot = &batch[h.plot];
            let track = &self.tracks[h.track];
            let predicted = self.motion.predict(&track.state, plot.time, track.motion);
            let Ok(state) = measurement::update(&predicted, plot) else {
                continue;
            };
            if !state.is_finite() {
                continue;
            }
            split[h.track] = true;
            extended_a_track[h.plot] = true;
            let mut extended = track.clone();
            extended.absorb(state, plot, self.config.confirm_hits);
            extensions.push(extended);
        }
        for mut extended in extensions {
            extended.id = self.next_track_id();
            self.tracks.push(extended);
        }
        // A plot that extended a one-plot track starts no track of its own: the same
        // target seen by a second radar a moment later would otherwise seed a duplicate.
        // (If the one-plot track was clutter, the target's next plot starts its track.)
        for plot_index in (0..batch.len()).filter(|&i| available[i] && !extended_a_track[i]) {
            let plot = &batch[plot_index];
            let state = initiate::single_point(plot, self.config.initial_velocity_sigma);
            let mut track = Track::placeholder(self.next_track_id(), plot);
            track.absorb(state, plot, self.config.confirm_hits);
            self.tracks.push(track);
        }
        // Drop the one-plot tracks that were split; they live on in their extensions.
        split.resize(self.tracks.len(), false);
        self.delete_marked(&split);
        self.keep_to_capacity();
    }

    /// Past `max_tracks`, drop the tracks least worth keeping: tentative before
    /// confirmed, then those updated longest ago, then those with fewest plots, then the
    /// youngest. A confirmed track goes only if tentative ones alone cannot make room.
    fn keep_to_capacity(&mut self) {
        let excess = self.tracks.len().saturating_sub(self.config.max_tracks);
        if excess == 0 {
            return;
        }
        let key = |t: &Track| {
            (
                t.status == TrackStatus::Confirmed,
                t.last_update,
                t.hits,
                std::cmp::Reverse(t.id),
            )
        };
        let mut order: Vec<usize> = (0..self.tracks.len()).collect();
        order.select_nth_unstable_by_key(excess - 1, |&i| key(&self.tracks[i]));
        let mut marked = vec![false; self.tracks.len()];
        for &i in &order[..excess] {
            marked[i] = true;
        }
        self.dropped_at_capacity += excess as u64;
        self.delete_marked(&marked);
    }

    /// Delete the tracks whose flag is set (one flag per track, in order); each is
    /// reported once as deleted.
    fn delete_marked(&mut self, marked: &[bool]) {
        let deleted = &mut self.deleted;
        let mut flags = marked.iter();
        self.tracks.retain(|t| {
            let drop = flags.next().copied().unwrap_or(false);
            if drop {
                deleted.push(TrackReport {
                    status: TrackStatus::Deleted,
                    ..t.report()
                });
            }
            !drop
        });
    }

    fn next_track_id(&mut self) -> TrackId {
        let id = TrackId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Delete tracks that have gone unupdated too long (or whose state is no longer
    /// finite) as of `now`, and merge duplicate confirmed tracks.
    pub fn maintain(&mut self, now: SimTime) {
        let config = &self.config;
        let mut expired = vec![false; self.tracks.len()];
        for (t, gone) in self.tracks.iter().zip(expired.iter_mut()) {
            let silent = now - t.last_update;
            *gone = !t.state.is_finite()
                || match t.status {
                    TrackStatus::Tentative => silent > config.tentative_timeout,
                    _ => silent > config.confirmed_timeout,
                };
        }
        self.mark_duplicates(now, &mut expired);
        self.delete_marked(&expired);
    }

    /// Two confirmed tracks on one target — seeded by different radars' plots in the
    /// same scan, then each fed by a different radar's batch — both survive association
    /// forever. When two confirmed tracks, predicted to `now`, are statistically one
    /// (chi-square on the 6-state difference with the sum of their covariances), the
    /// one with fewer plots (then the younger) is dropped, and the merge is recorded so
    /// its engagements pass to the survivor.
    fn mark_duplicates(&mut self, now: SimTime, dropped: &mut [bool]) {
        // 99.9% point of chi-square with 6 degrees of freedom.
        const MERGE_CHI2: f64 = 22.46;
        // Coarse pre-gate: duplicates are far closer than this.
        const NEAR_M: f64 = 3_000.0;
        // Each track is compared with at most this many of its nearest confirmed
        // neighbours: duplicates of one target are its nearest, and inside a cluster of
        // unresolved targets comparing every pair would grow with the square of it.
        const MAX_MERGE_CANDIDATES: usize = 16;
        // Confirmed tracks by their straight-line position at `now`; the mean predicted
        // by a track's own motion lies within its departure bound of that.
        let departure = |t: &Track| {
            Motion::departure_bound_m((now - t.state.time).as_seconds().max(0.0), t.motion)
        };
        let straight = |t: &Track| {
            let dt = (now - t.state.time).as_seconds().max(0.0);
            let m = &t.state.mean;
            [m[0] + m[3] * dt, m[1] + m[4] * dt, m[2] + m[5] * dt]
        };
        let confirmed: Vec<nearby::Indexed> = self
            .tracks
            .iter()
            .enumerate()
            .filter(|(i, t)| !dropped[*i] && t.status == TrackStatus::Confirmed)
            .map(|(i, t)| nearby::Indexed::new(straight(t), i))
            .filter(|p| p.geom().iter().all(|v| v.is_finite()))
            .collect();
        let max_departure = confirmed
            .iter()
            .map(|p| departure(&self.tracks[p.data]))
            .fold(0.0, f64::max);
        let index = RTree::bulk_load(confirmed);
        let mut candidates = Vec::with_capacity(MAX_MERGE_CANDIDATES);
        for i in 0..self.tracks.len() {
            if dropped[i] || self.tracks[i].status != TrackStatus::Confirmed {
                continue;
            }
            let a = &self.tracks[i];
            let here = straight(a);
            let reach = NEAR_M + departure(a) + max_departure;
            // Itself among them, hence one more.
            nearby::within(
                &index,
                &here,
                reach,
                MAX_MERGE_CANDIDATES + 1,
                &mut candidates,
            );
            candidates.retain(|&j| j > i);
            candidates.sort_unstable();
            for &j in &candidates {
                if dropped[j] {
                    continue;
                }
                let (a, b) = (&self.tracks[i], &self.tracks[j]);
                if a.state.position().distance_to(&b.state.position()).si()
                    > NEAR_M + 3_000.0 * (a.state.time - b.state.time).as_seconds().abs()
                {
                    continue;
                }
                let pa = self
                    .motion
                    .predict(&a.state, now.max(a.state.time), a.motion);
                let pb = self
                    .motion
                    .predict(&b.state, now.max(b.state.time), b.motion);
                let d = pa.mean - pb.mean;
                if d.fixed_rows::<3>(0).norm() > NEAR_M {
                    continue;
                }
                let Some(chol) = nalgebra::Cholesky::new(pa.covariance + pb.covariance) else {
                    continue;
                };
                if d.dot(&chol.solve(&d)) > MERGE_CHI2 {
                    continue;
                }
                // Keep the track with more plots; on a tie, the older (lower id).
                let (keep, drop) = if b.hits > a.hits { (j, i) } else { (i, j) };
                dropped[drop] = true;
                self.merges
                    .push((self.tracks[drop].id, self.tracks[keep].id));
                if drop == i {
                    break;
                }
            }
        }
    }

    /// (dropped, kept) pairs of duplicate tracks merged since the last call.
    pub fn drain_merges(&mut self) -> std::vec::Drain<'_, (TrackId, TrackId)> {
        self.merges.drain(..)
    }

    /// Reports for tracks updated since the last call, then for tracks deleted since,
    /// both in id order. Deleted tracks are reported at `now`.
    pub fn drain_reports(&mut self, now: SimTime, out: &mut Vec<TrackReport>) {
        for t in self.tracks.iter_mut().filter(|t| t.updated) {
            t.updated = false;
            out.push(t.report());
        }
        self.deleted.sort_by_key(|r| r.track);
        for mut r in self.deleted.drain(..) {
            r.time = now;
            out.push(r);
        }
    }
}
