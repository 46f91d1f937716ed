//! The air picture: tracks as the battle manager reports them.

use nalgebra::Matrix3;

use crate::frames::{Ecef, Position, Velocity};
use crate::ids::TrackId;
use crate::time::SimTime;

/// The life-cycle state of a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// A track's state at a time: estimated ECEF position and velocity and the position
/// covariance.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackReport {
    /// Time of the estimate.
    pub time: SimTime,
    /// Which track.
    pub track: TrackId,
    /// Life-cycle state.
    pub status: TrackStatus,
    /// Estimated position.
    pub position: Position<Ecef>,
    /// Estimated velocity.
    pub velocity: Velocity<Ecef>,
    /// Covariance of the position estimate, ECEF axes, m².
    pub position_covariance: Matrix3<f64>,
}
