//! **track**: plots → one air picture.
//!
//! Assessment and assignment read only the [`AirPicture`] a [`Tracker`] publishes, so a
//! second tracking algorithm is a second implementation of the trait, not a fork.
//!
//! [`GnnTracker`] is a few small components, each with one job, composed by a short
//! loop in [`GnnTracker::process`]:
//! - [`sequence`] puts plots from all radars into measurement-time order (a bounded
//!   reorder window; late plots are counted and discarded);
//! - [`imm`] predicts and updates each track's estimate: one filter (EKF or UKF, with
//!   [`measurement`] and [`ukf`]) per motion model of [`motion`], mixed as an
//!   interacting multiple model;
//! - [`associate`] gates plots through a spatial index and assigns them to tracks, with
//!   a missed-detection hypothesis per track;
//! - [`initiate`] starts tracks by track splitting;
//! - [`life`] confirms (M of N), scores and deletes;
//! - [`merge`] merges duplicate tracks.
//!
//! Plots from all sensors go into one picture (centralised fusion).

pub mod associate;
pub mod gaussian;
pub mod imm;
pub mod initiate;
pub mod life;
pub mod measurement;
pub mod merge;
pub mod motion;
pub mod sequence;
pub mod ukf;

use tdome_core::SimTime;
use tdome_core::ids::TrackId;
use tdome_core::picture::{AirPicture, TrackEstimate, TrackStatus};
use tdome_core::plot::Plot;

use crate::config::TrackerConfig;
use associate::Associator;
use gaussian::GaussianState;
use imm::{InitialUncertainty, MixtureEstimate, Models, MotionModel, Prediction, Switching};
use initiate::TrackSplitting;
use life::Life;
use motion::{Ballistic, MotionModelKind, NearlyConstantAcceleration, NearlyConstantVelocity};
use sequence::ReorderBuffer;

/// What a tracker has counted of its plots and tracks, since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrackerCounters {
    /// Plots received.
    pub plots_received: u64,
    /// Plots that arrived after later plots had been processed, discarded (see
    /// [`sequence`]).
    pub plots_late: u64,
    /// Plots that could not be used at all (a position that is not finite, or a
    /// geometry the measurement model cannot linearise).
    pub plots_unusable: u64,
    /// Tracks dropped because the picture was full (each also reported as deleted).
    pub tracks_dropped_at_capacity: u64,
    /// Plots received and held in the reorder window, not yet processed (a gauge, not a
    /// count).
    pub plots_held: u64,
    /// Tracks dropped because kill assessment judged their targets destroyed.
    pub tracks_killed: u64,
}

/// A multi-sensor tracker: plots in, an air picture out.
pub trait Tracker: std::fmt::Debug + Send {
    /// Take in the plots received since the last call (sorted by time or not), process
    /// those whose turn has come, and maintain the tracks as of `now`.
    fn process(&mut self, now: SimTime, plots: &[Plot]);

    /// The air picture as of the last [`Tracker::process`].
    fn picture(&self) -> &AirPicture;

    /// Append the estimates of the tracks updated since the last call, then of the
    /// tracks deleted since (status `Deleted`, at `now`), each group in id order.
    fn drain_reports(&mut self, now: SimTime, out: &mut Vec<TrackEstimate>);

    /// Append the (dropped, kept) pairs of duplicate tracks merged since the last call.
    fn drain_merges(&mut self, out: &mut Vec<(TrackId, TrackId)>);

    /// Delete `tracks` (kill assessment judged their targets destroyed) as of `now`:
    /// they leave the picture and are reported deleted. Unknown ids are ignored.
    fn drop_killed(&mut self, now: SimTime, tracks: &[TrackId]);

    /// Counts so far.
    fn counters(&self) -> TrackerCounters;

    /// A copy of the tracker, state and all, behind a new box: a battle manager (and a
    /// world) can be copied, to branch a run or fork replications, whatever tracker it
    /// runs.
    fn boxed_clone(&self) -> Box<dyn Tracker>;
}

/// One track.
#[derive(Clone, Debug)]
pub struct Track {
    /// Stable id, assigned in creation order.
    pub id: TrackId,
    /// The filter's estimate: one per motion model, with their probabilities.
    pub estimate: MixtureEstimate,
    /// Position and velocity combined over the models (what gating and the picture
    /// use).
    pub kinematics: GaussianState,
    /// Bound on the acceleration the track's models may predict, m/s², for coarse
    /// gating.
    pub acceleration_bound_mps2: f64,
    /// Life cycle.
    pub life: Life,
    /// Smoothed normalised innovation squared of its position updates (3 degrees of
    /// freedom: about 3 while the models explain the target).
    pub nis_mean: f64,
    /// Updated since the last report.
    updated: bool,
}

impl Track {
    /// True when recent plots have kept surprising the filter: its estimate lags the
    /// target.
    pub fn is_lagging(&self) -> bool {
        // Three times the expected value of a 3-degree-of-freedom chi-square.
        self.nis_mean > 9.0
    }

    fn set_estimate(&mut self, estimate: MixtureEstimate) {
        self.kinematics = estimate.combined();
        self.acceleration_bound_mps2 = acceleration_bound(&estimate);
        self.estimate = estimate;
        self.updated = true;
    }

    /// True when the track, coasting since its last plot, has by now gone into the
    /// ground (the WGS-84 ellipsoid): its target has landed. The straight line its
    /// estimate extrapolates along reaches the ground later than a falling target does,
    /// and the extrapolated point must lie three sigmas of the last estimate's height
    /// below it. The sigma is the estimate's own, not the extrapolation's: that one
    /// grows with the vertical speed's uncertainty about as fast as a shallow rocket
    /// descends, and would keep a landed rocket's track coasting for its whole timeout.
    fn is_below_ground(&self, now: SimTime) -> bool {
        let dt = (now - self.kinematics.time).as_seconds();
        if dt <= 0.0 {
            return false;
        }
        let g = &self.kinematics;
        let position = g.mean.fixed_rows::<3>(0) + g.mean.fixed_rows::<3>(3) * dt;
        // Most tracks are well above the ground: the ellipsoid's radius along the
        // point's geocentric direction (a closed form) settles them without the
        // iterative geodetic height. The two heights differ by far less than 1 km.
        let (a, b) = (tdome_core::geodesy::WGS84_A, tdome_core::geodesy::WGS84_B);
        let r = position.norm();
        let (sin_phi, cos_phi) = (position.z / r, position.xy().norm() / r);
        let surface = a * b / ((b * cos_phi).powi(2) + (a * sin_phi).powi(2)).sqrt();
        if r - surface > 1_000.0 {
            return false;
        }
        let ecef = tdome_core::Position::from_metres(position.x, position.y, position.z);
        let height = tdome_core::Geodetic::from_ecef(&ecef).height_m();
        if height >= 0.0 {
            return false;
        }
        // The local up: the geocentric direction, near enough the normal for a sigma.
        let up = position.normalize();
        let var = up.dot(&(g.covariance.fixed_view::<3, 3>(0, 0) * up));
        height + 3.0 * var.max(0.0).sqrt() < 0.0
    }

    /// The track's estimate for the picture, as of `now`.
    pub fn estimate_at(&self, now: SimTime) -> TrackEstimate {
        TrackEstimate {
            time: self.kinematics.time,
            track: self.id,
            status: self.life.status,
            position: self.kinematics.position(),
            velocity: self.kinematics.velocity(),
            covariance: self.kinematics.covariance,
            first_plot: self.life.first_plot,
            last_plot: self.life.last_plot,
            hits: self.life.hits,
            update_interval_s: self.life.update_interval_s,
            lagging: self.is_lagging(),
            modes: self.estimate.mode_probabilities(),
            ballistic: self.estimate.ballistic(),
            quality: self.life.quality(now),
        }
    }
}

/// The most acceleration a track's models may predict, m/s²: the acceleration model's
/// estimate plus three sigmas; gravity plus a few g of drag for the ballistic model.
fn acceleration_bound(estimate: &MixtureEstimate) -> f64 {
    let mut bound: f64 = 0.0;
    for m in &estimate.modes {
        match m {
            imm::ModeState::ConstantVelocity(_) => {}
            imm::ModeState::ConstantAcceleration(g) => {
                let a = g.mean.fixed_rows::<3>(6).norm();
                let s = g
                    .covariance
                    .fixed_view::<3, 3>(6, 6)
                    .trace()
                    .max(0.0)
                    .sqrt();
                bound = bound.max(a + 3.0 * s);
            }
            // Gravity (≤ 9.9 m/s²) plus drag, which on a descending warhead can reach a
            // few g.
            imm::ModeState::Ballistic(_) => bound = bound.max(40.0),
        }
    }
    bound
}

/// The tracker: centralised multi-sensor fusion with an IMM filter per track, global
/// nearest-neighbour association, track-splitting initiation and M-of-N confirmation.
#[derive(Clone, Debug)]
pub struct GnnTracker {
    config: TrackerConfig,
    models: Models,
    associator: Associator,
    initiator: TrackSplitting,
    sequence: ReorderBuffer,
    tracks: Vec<Track>,
    picture: AirPicture,
    next_id: u32,
    /// Plots released for processing this cycle (scratch).
    ready: Vec<Plot>,
    /// Estimates of the tracks deleted since the last report, sent once.
    deleted: Vec<TrackEstimate>,
    /// Duplicate tracks merged since the battle manager last asked: (dropped, kept).
    merges: Vec<(TrackId, TrackId)>,
    counters: TrackerCounters,
}

impl GnnTracker {
    /// An empty picture. New ballistic estimates start from `inverse_beta_prior`
    /// (1/β, m²/kg: the assessment's assumed ballistic coefficient).
    pub fn new(config: TrackerConfig, inverse_beta_prior: f64) -> Self {
        let models = Models {
            models: config
                .motion_models
                .iter()
                .map(|kind| match kind {
                    MotionModelKind::ConstantVelocity => {
                        MotionModel::ConstantVelocity(NearlyConstantVelocity {
                            q: config.process_noise_psd,
                        })
                    }
                    MotionModelKind::ConstantAcceleration => {
                        MotionModel::ConstantAcceleration(NearlyConstantAcceleration {
                            q: config.acceleration_noise_psd,
                        })
                    }
                    MotionModelKind::Ballistic => MotionModel::Ballistic(Ballistic {
                        q: config.ballistic_noise_psd,
                        q_inverse_beta: config.inverse_ballistic_coefficient_psd,
                        // The impact prediction's step: RK4 over a second of coast is
                        // accurate to millimetres.
                        max_step_s: 1.0,
                    }),
                })
                .collect(),
            filter: config.filter,
            switching: Switching::Rates(
                config
                    .motion_models
                    .iter()
                    .map(|kind| match kind {
                        // Never faster than the general rate.
                        MotionModelKind::Ballistic => config
                            .ballistic_exit_rate_hz
                            .min(config.mode_switch_rate_hz),
                        _ => config.mode_switch_rate_hz,
                    })
                    .collect(),
            ),
            initial: InitialUncertainty {
                velocity_sigma: config.initial_velocity_sigma.si(),
                acceleration_sigma: config.initial_acceleration_sigma_mps2,
                inverse_beta_mean: inverse_beta_prior,
                inverse_beta_sigma: config.inverse_ballistic_coefficient_sigma,
            },
        };
        GnnTracker {
            associator: Associator::new(config.associator, config.gate_chi2),
            initiator: TrackSplitting::new(config.max_target_speed_mps),
            sequence: ReorderBuffer::new(config.reorder_window),
            models,
            config,
            tracks: Vec::new(),
            picture: AirPicture::default(),
            next_id: 0,
            ready: Vec::new(),
            deleted: Vec::new(),
            merges: Vec::new(),
            counters: TrackerCounters::default(),
        }
    }

    /// Live tracks (tentative and confirmed), in id order.
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// The motion models and filter.
    pub fn models(&self) -> &Models {
        &self.models
    }

    /// Consecutive plots from one sensor form a batch that is associated jointly, as
    /// long as they span less than half the sensor's scan period (so that one target
    /// never brings two plots to one batch); batches are processed in time order, so
    /// every track is only ever predicted forward.
    fn process_ready(&mut self) {
        let plots = std::mem::take(&mut self.ready);
        let mut start = 0;
        while start < plots.len() {
            let first = &plots[start];
            let half_scan = first.model.scan_period.as_seconds() * 0.5;
            let end = start
                + plots[start..]
                    .iter()
                    .take_while(|p| {
                        p.sensor == first.sensor
                            && (p.time - first.time).as_seconds() < half_scan.max(1e-9)
                    })
                    .count();
            self.process_batch(&plots[start..end]);
            start = end;
        }
        self.ready = plots;
    }

    /// One sensor's batch, in four passes:
    /// 1. confirmed tracks take their plots (association with a missed-detection
    ///    hypothesis per track);
    /// 2. tentative tracks with two or more plots take theirs from the plots left;
    /// 3. one-plot tracks are extended by track splitting ([`initiate`]);
    /// 4. every plot still unused starts a one-plot track.
    fn process_batch(&mut self, batch: &[Plot]) {
        let mut available: Vec<bool> = batch
            .iter()
            .map(|p| {
                let ok = measurement::converted_position(p)
                    .0
                    .iter()
                    .all(|v| v.is_finite());
                if !ok {
                    self.counters.plots_unusable += 1;
                }
                ok
            })
            .collect();
        self.associator.index(batch);
        // A batch spans under half a scan: its first plot's time stands for it in the
        // confirmation rule's count of looks.
        let batch_time = batch.first().map_or(SimTime::ZERO, |p| p.time);
        for confirmed in [true, false] {
            let view = associate::Batch {
                models: &self.models,
                tracks: &self.tracks,
                plots: batch,
                available: &available,
            };
            let config = &self.config;
            let assignment = self.associator.assign(view, |t| {
                (t.life.status == TrackStatus::Confirmed) == confirmed
                    && t.life.hits >= 2
                    && t.life.can_take_plot_at(batch_time, config)
            });
            for (plot_index, track_index, predicted) in assignment.pairs {
                available[plot_index] = false;
                self.absorb(track_index, &predicted, &batch[plot_index]);
            }
        }
        let config = &self.config;
        let splits =
            self.initiator
                .extensions(&self.associator, &self.tracks, batch, &available, |t| {
                    t.life.can_take_plot_at(batch_time, config)
                });
        let mut seen_by_another_radar = vec![false; batch.len()];
        let mut continued = vec![false; batch.len()];
        let mut split = vec![false; self.tracks.len()];
        let mut extensions = Vec::new();
        // In (plot, track) order, so new tracks are numbered as plots arrive.
        for h in splits {
            let plot = &batch[h.plot];
            let track = &self.tracks[h.track];
            let Ok(predicted) = self.models.predict(&track.estimate, plot.time) else {
                continue;
            };
            let Ok(estimate) = self.models.update(&predicted, plot) else {
                continue;
            };
            if !estimate.is_finite() {
                continue;
            }
            split[h.track] = true;
            continued[h.plot] = true;
            if track.life.last_sensor() != Some(plot.sensor) {
                seen_by_another_radar[h.plot] = true;
            }
            let mut extended = track.clone();
            extended.set_estimate(estimate);
            extended
                .life
                .hit(plot.sensor, plot.model.scan_period, plot.time, &self.config);
            extensions.push(extended);
        }
        for mut extended in extensions {
            extended.id = self.next_track_id();
            self.tracks.push(extended);
        }
        // Every plot no track of two or more plots took starts a track of its own, even
        // one that extended a one-plot track of its own radar: that track may have been
        // clutter. A plot that extended another radar's one-plot track starts none: it
        // is most likely the same target seen by a second radar a moment later, and its
        // own track would be a duplicate. (If that one-plot track was clutter, the
        // target's next plot starts its track.)
        for plot_index in (0..batch.len()).filter(|&i| available[i] && !seen_by_another_radar[i]) {
            let plot = &batch[plot_index];
            let estimate = self.models.start(plot);
            if !estimate.is_finite() {
                self.counters.plots_unusable += 1;
                continue;
            }
            let id = self.next_track_id();
            let mut track = Track {
                id,
                kinematics: estimate.combined(),
                acceleration_bound_mps2: 0.0,
                estimate: estimate.clone(),
                life: Life::begin(plot.sensor, plot.model.scan_period, plot.time),
                nis_mean: 3.0,
                updated: true,
            };
            track.life.fallback = continued[plot_index];
            track.set_estimate(estimate);
            self.tracks.push(track);
        }
        // Drop the one-plot tracks that were split; they live on in their extensions.
        // (Keeping them too, as the missed-detection branch, made no better picture on
        // the benchmark and more false tracks in Iron Dome's salvos.)
        split.resize(self.tracks.len(), false);
        self.delete_marked(&split);
        self.keep_to_capacity();
    }

    /// Update track `index` with `plot`, given its prediction to the plot's time. A
    /// failed update leaves the track as it was; it coasts.
    fn absorb(&mut self, index: usize, predicted: &Prediction, plot: &Plot) {
        let Ok(estimate) = self.models.update(predicted, plot) else {
            return;
        };
        if !estimate.is_finite() {
            return;
        }
        let track = &mut self.tracks[index];
        if let Ok((nis, _)) = measurement::position_nis(&predicted.combined, plot) {
            track.nis_mean = 0.7 * track.nis_mean + 0.3 * nis;
        }
        track.set_estimate(estimate);
        track
            .life
            .hit(plot.sensor, plot.model.scan_period, plot.time, &self.config);
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
                t.life.status == TrackStatus::Confirmed,
                t.life.last_plot,
                t.life.hits,
                std::cmp::Reverse(t.id),
            )
        };
        let mut order: Vec<usize> = (0..self.tracks.len()).collect();
        order.select_nth_unstable_by_key(excess - 1, |&i| key(&self.tracks[i]));
        let mut marked = vec![false; self.tracks.len()];
        for &i in &order[..excess] {
            marked[i] = true;
        }
        self.counters.tracks_dropped_at_capacity += excess as u64;
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
                deleted.push(TrackEstimate {
                    status: TrackStatus::Deleted,
                    ..t.estimate_at(t.life.last_plot)
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

    /// Delete the tracks whose life has expired, whose estimate is no longer finite,
    /// whose position is no longer known or whose target has landed, as of `now`;
    /// merge duplicate confirmed tracks.
    fn maintain(&mut self, now: SimTime) {
        let max_var = self.config.max_position_sigma_m.powi(2);
        let mut expired: Vec<bool> = self
            .tracks
            .iter()
            .map(|t| {
                // Estimates are checked finite when made; the combined one stands for
                // them here.
                !t.kinematics.is_finite()
                    || t.life.expired(now, &self.config)
                    // (A one-plot track has no velocity to take it underground.)
                    || (t.life.hits >= 2 && t.is_below_ground(now))
                    || t.kinematics.position_covariance().trace() > max_var
            })
            .collect();
        merge::mark_duplicates(&self.tracks, now, &mut expired, &mut self.merges);
        self.delete_marked(&expired);
    }

    /// Bring the picture up to date with the tracks at `now`. Every estimate is
    /// refreshed (quality decays with missed looks), in one pass: both are in id order.
    fn publish(&mut self, now: SimTime) {
        self.picture
            .replace_all(self.tracks.iter().map(|t| t.estimate_at(now)));
    }
}

impl Tracker for GnnTracker {
    fn boxed_clone(&self) -> Box<dyn Tracker> {
        Box::new(self.clone())
    }

    fn process(&mut self, now: SimTime, plots: &[Plot]) {
        self.counters.plots_received += plots.len() as u64;
        self.sequence.receive(plots);
        self.counters.plots_late = self.sequence.late();
        let mut ready = std::mem::take(&mut self.ready);
        self.sequence.release(now, &mut ready);
        self.ready = ready;
        self.process_ready();
        self.maintain(now);
        self.publish(now);
    }

    fn picture(&self) -> &AirPicture {
        &self.picture
    }

    fn drain_reports(&mut self, now: SimTime, out: &mut Vec<TrackEstimate>) {
        for t in self.tracks.iter_mut().filter(|t| t.updated) {
            t.updated = false;
            out.push(t.estimate_at(now));
        }
        self.deleted.sort_by_key(|r| r.track);
        for mut r in self.deleted.drain(..) {
            r.time = now;
            out.push(r);
        }
    }

    fn drain_merges(&mut self, out: &mut Vec<(TrackId, TrackId)>) {
        out.append(&mut self.merges);
    }

    fn drop_killed(&mut self, now: SimTime, tracks: &[TrackId]) {
        if tracks.is_empty() {
            return;
        }
        let marked: Vec<bool> = self.tracks.iter().map(|t| tracks.contains(&t.id)).collect();
        self.counters.tracks_killed += marked.iter().filter(|&&m| m).count() as u64;
        self.delete_marked(&marked);
        self.publish(now);
    }

    fn counters(&self) -> TrackerCounters {
        TrackerCounters {
            plots_held: self.sequence.held() as u64,
            ..self.counters
        }
    }
}

/// The tracker a configuration names.
pub fn build(config: &TrackerConfig, inverse_beta_prior: f64) -> Box<dyn Tracker> {
    Box::new(GnnTracker::new(config.clone(), inverse_beta_prior))
}

impl Clone for Box<dyn Tracker> {
    fn clone(&self) -> Self {
        self.boxed_clone()
    }
}
