//! The air picture: what the tracker publishes and what assessment, assignment and the
//! records read. Nothing downstream of the tracker sees its filters, only these
//! estimates.

use nalgebra::{Matrix3, Matrix6, SMatrix, SVector};

use crate::frames::{Ecef, Position, Velocity};
use crate::ids::TrackId;
use crate::time::SimTime;

/// The life-cycle state of a track.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// Started from a plot but not yet confirmed by enough detections.
    Tentative,
    /// Confirmed: part of the air picture that assessment and assignment act on.
    Confirmed,
    /// Dropped; reported once, then gone.
    Deleted,
}

impl TrackStatus {
    /// The lower-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            TrackStatus::Tentative => "tentative",
            TrackStatus::Confirmed => "confirmed",
            TrackStatus::Deleted => "deleted",
        }
    }
}

/// Probability of each motion model of an interacting-multiple-model tracker (zero for a
/// model the tracker does not run). They sum to one.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModeProbabilities {
    /// Nearly constant velocity: flight under lift, cruise.
    pub constant_velocity: f64,
    /// Nearly constant acceleration: boost, manoeuvre.
    pub constant_acceleration: f64,
    /// Unpowered ballistic flight (gravity and drag).
    pub ballistic: f64,
}

/// The estimated ballistic coefficient β = m / (C_d·A) of a track, from the filter's
/// state 1/β (which is close to linear in the drag).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BallisticCoefficient {
    /// Estimate of 1/β, m²/kg.
    pub inverse_mean: f64,
    /// Standard deviation of the 1/β estimate, m²/kg.
    pub inverse_sigma: f64,
}

impl BallisticCoefficient {
    /// β from the estimate of its inverse, kg/m² (`None` when the estimate is not
    /// positive: drag not yet observed).
    pub fn beta_kg_m2(&self) -> Option<f64> {
        (self.inverse_mean > 0.0).then(|| 1.0 / self.inverse_mean)
    }
}

/// A track's estimate conditioned on unpowered ballistic flight: the tracker's
/// ballistic model's own state `[position, velocity, 1/β]`, with the covariance that
/// joins them.
///
/// Why the picture carries it beside the mixture: the mixture's covariance also holds
/// the level-flight and manoeuvre models' spread, which for a rocket the IMM is sure of
/// is several times too wide in velocity (docs/assessment.md, "Consistency"), and it
/// loses the correlation between drag and velocity. A prediction that assumes ballistic
/// flight to the ground wants the estimate made under that same assumption.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BallisticEstimate {
    /// `[x, y, z, vx, vy, vz, 1/β]`: ECEF, m and m/s, then m²/kg.
    pub mean: SVector<f64, 7>,
    /// Covariance of `mean`, in the same order and units.
    pub covariance: SMatrix<f64, 7, 7>,
}

impl BallisticEstimate {
    /// The estimate of 1/β with its standard deviation.
    pub fn coefficient(&self) -> BallisticCoefficient {
        BallisticCoefficient {
            inverse_mean: self.mean[6],
            inverse_sigma: self.covariance[(6, 6)].max(0.0).sqrt(),
        }
    }
}

/// One track of the air picture at a time.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrackEstimate {
    /// Time of validity of the estimate (its latest plot; for a deleted track, the cycle
    /// that deleted it).
    pub time: SimTime,
    /// Which track.
    pub track: TrackId,
    /// Life-cycle state.
    pub status: TrackStatus,
    /// Estimated position.
    pub position: Position<Ecef>,
    /// Estimated velocity.
    pub velocity: Velocity<Ecef>,
    /// Covariance of `[position, velocity]`, ECEF axes, m, m/s.
    pub covariance: Matrix6<f64>,
    /// Time of its first plot.
    pub first_plot: SimTime,
    /// Time of its latest plot.
    pub last_plot: SimTime,
    /// Plots associated so far.
    pub hits: u32,
    /// Smoothed interval between its updates, seconds (how often the radars covering it
    /// see it); `None` before its second plot.
    pub update_interval_s: Option<f64>,
    /// Recent plots keep surprising the filter (smoothed normalised innovation far
    /// above its expected value): the estimate lags the target, and a shot planned on it
    /// would miss.
    pub lagging: bool,
    /// Motion-model probabilities.
    pub modes: ModeProbabilities,
    /// The ballistic model's own estimate, when the tracker runs one.
    pub ballistic: Option<BallisticEstimate>,
    /// Track quality in [0, 1]: the fraction of recent expected looks that brought a
    /// plot (1 for a track seen on every scan).
    pub quality: f64,
}

impl TrackEstimate {
    /// The ballistic coefficient estimate, when the tracker runs a ballistic model.
    pub fn ballistic_coefficient(&self) -> Option<BallisticCoefficient> {
        self.ballistic.as_ref().map(BallisticEstimate::coefficient)
    }

    /// The position block of the covariance, m².
    pub fn position_covariance(&self) -> Matrix3<f64> {
        self.covariance.fixed_view::<3, 3>(0, 0).into_owned()
    }

    /// The velocity block of the covariance, (m/s)².
    pub fn velocity_covariance(&self) -> Matrix3<f64> {
        self.covariance.fixed_view::<3, 3>(3, 3).into_owned()
    }

    /// True when the track has gone quiet for much longer than its radars usually take
    /// to see it again: it has lost its target (a kill, a boost it could not follow) and
    /// is coasting to deletion. Its estimate is not fit to engage on.
    pub fn is_coasting(&self, now: SimTime) -> bool {
        let silent = (now - self.last_plot).as_seconds();
        match self.update_interval_s {
            Some(interval) => silent > 2.0 * interval + 1.0,
            None => false,
        }
    }
}

/// The air picture: every live track's latest estimate, in track id order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AirPicture {
    tracks: Vec<TrackEstimate>,
}

impl AirPicture {
    /// Every live track (tentative and confirmed), in id order.
    pub fn tracks(&self) -> &[TrackEstimate] {
        &self.tracks
    }

    /// The confirmed tracks, in id order.
    pub fn confirmed(&self) -> impl Iterator<Item = &TrackEstimate> {
        self.tracks
            .iter()
            .filter(|t| t.status == TrackStatus::Confirmed)
    }

    /// The live track with this id.
    pub fn get(&self, id: TrackId) -> Option<&TrackEstimate> {
        self.tracks
            .binary_search_by_key(&id, |t| t.track)
            .ok()
            .map(|i| &self.tracks[i])
    }

    /// Number of live tracks.
    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    /// True when there is no live track.
    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }

    /// Insert or replace the estimate of its track.
    pub fn upsert(&mut self, estimate: TrackEstimate) {
        match self
            .tracks
            .binary_search_by_key(&estimate.track, |t| t.track)
        {
            Ok(i) => self.tracks[i] = estimate,
            Err(i) => self.tracks.insert(i, estimate),
        }
    }

    /// Replace every estimate with `estimates` (in id order), reusing the storage.
    pub fn replace_all(&mut self, estimates: impl IntoIterator<Item = TrackEstimate>) {
        self.tracks.clear();
        self.tracks.extend(estimates);
        debug_assert!(self.tracks.windows(2).all(|w| w[0].track < w[1].track));
    }

    /// Keep only the tracks for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&TrackEstimate) -> bool) {
        self.tracks.retain(keep);
    }
}
