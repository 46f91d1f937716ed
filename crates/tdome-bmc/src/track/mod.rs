//! **track**: plots → one air picture.
//!
//! The tracker is a few small components composed in [`Tracker::process`]:
//! - [`motion::NearlyConstantVelocity`] predicts;
//! - [`measurement`] holds the EKF update for each plot's own measurement model;
//! - [`associate`] gates and assigns plots to tracks (global nearest neighbour);
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

use tdome_core::ids::{SensorId, TrackId};
use tdome_core::picture::{TrackReport, TrackStatus};
use tdome_core::plot::Plot;
use tdome_core::SimTime;

use crate::config::TrackerConfig;
use associate::Associator;
use gaussian::GaussianState;
use motion::NearlyConstantVelocity;

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
    /// Time of the latest associated plot.
    pub last_update: SimTime,
    /// Sensor of the latest associated plot.
    pub last_sensor: SensorId,
    /// Updated since the last report.
    updated: bool,
}

impl Track {
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
    motion: NearlyConstantVelocity,
    associator: Associator,
    tracks: Vec<Track>,
    next_id: u32,
    /// Tracks deleted since the last report, reported once.
    deleted: Vec<Track>,
}

impl Tracker {
    /// An empty picture.
    pub fn new(config: TrackerConfig) -> Self {
        Tracker {
            motion: NearlyConstantVelocity { q: config.process_noise_psd },
            associator: Associator::new(config.gate_chi2),
            config,
            tracks: Vec::new(),
            next_id: 0,
            deleted: Vec::new(),
        }
    }

    /// Live tracks (tentative and confirmed), in creation order.
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// The live track with this id.
    pub fn track(&self, id: TrackId) -> Option<&Track> {
        // Tracks are kept in id order, so a binary search finds one.
        self.tracks.binary_search_by_key(&id, |t| t.id).ok().map(|i| &self.tracks[i])
    }

    /// The motion model used to predict tracks.
    pub fn motion(&self) -> &NearlyConstantVelocity {
        &self.motion
    }

    /// Take in plots, sorted by time. Consecutive plots from one sensor form a batch that
    /// is associated jointly; batches are processed in time order, so every track is
    /// only ever predicted forward.
    pub fn process(&mut self, plots: &[Plot]) {
        let mut start = 0;
        while start < plots.len() {
            let sensor = plots[start].sensor;
            let end = start + plots[start..].iter().take_while(|p| p.sensor == sensor).count();
            self.process_batch(&plots[start..end]);
            start = end;
        }
    }

    fn process_batch(&mut self, batch: &[Plot]) {
        let assignment = self.associator.assign(&self.motion, &self.tracks, batch);
        for (plot_index, track_index, predicted) in assignment.pairs {
            let plot = &batch[plot_index];
            let track = &mut self.tracks[track_index];
            match measurement::update(&predicted, plot) {
                Ok(state) if state.is_finite() => {
                    track.state = state;
                    track.hits += 1;
                    track.last_update = plot.time;
                    track.last_sensor = plot.sensor;
                    track.updated = true;
                    if track.status == TrackStatus::Tentative
                        && track.hits >= self.config.confirm_hits
                    {
                        track.status = TrackStatus::Confirmed;
                    }
                }
                // A failed update leaves the track as it was; it coasts.
                _ => {}
            }
        }
        for plot_index in assignment.unassigned {
            let plot = &batch[plot_index];
            let id = TrackId(self.next_id);
            self.next_id += 1;
            let state = initiate::single_point(plot, self.config.initial_velocity_sigma);
            self.tracks.push(Track {
                id,
                status: if self.config.confirm_hits <= 1 {
                    TrackStatus::Confirmed
                } else {
                    TrackStatus::Tentative
                },
                state,
                hits: 1,
                last_update: plot.time,
                last_sensor: plot.sensor,
                updated: true,
            });
        }
    }

    /// Delete tracks that have gone unupdated too long (or whose state is no longer
    /// finite) as of `now`.
    pub fn maintain(&mut self, now: SimTime) {
        let config = &self.config;
        let deleted = &mut self.deleted;
        self.tracks.retain(|t| {
            let silent = now - t.last_update;
            let expired = match t.status {
                TrackStatus::Tentative => silent > config.tentative_timeout,
                _ => silent > config.confirmed_timeout,
            };
            if expired || !t.state.is_finite() {
                let mut gone = t.clone();
                gone.status = TrackStatus::Deleted;
                deleted.push(gone);
                false
            } else {
                true
            }
        });
    }

    /// Reports for tracks updated since the last call, then for tracks deleted since,
    /// both in id order. Deleted tracks are reported at `now`.
    pub fn drain_reports(&mut self, now: SimTime, out: &mut Vec<TrackReport>) {
        for t in self.tracks.iter_mut().filter(|t| t.updated) {
            t.updated = false;
            out.push(t.report());
        }
        self.deleted.sort_by_key(|t| t.id);
        for t in self.deleted.drain(..) {
            let mut r = t.report();
            r.time = now;
            out.push(r);
        }
    }
}
