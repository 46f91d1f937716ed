//! What the battle manager decides: threat assessments and engagement orders.

use crate::frames::{Ecef, Position};
use crate::geodesy::Geodetic;
use crate::ids::{AssetId, BatteryId, EngagementId, TrackId};
use crate::threat::TargetCategory;
use crate::time::SimTime;

/// Why the battle manager holds fire on a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HoldReason {
    /// Predicted to fall, or fly, outside every defended area.
    NotThreatening,
    /// An interceptor is already on its way.
    Engaged,
    /// No battery can reach it in time with rounds and a free fire channel.
    NoFeasibleShooter,
    /// The doctrine's shot limit for this threat is used up.
    ShotLimit,
    /// The best shot needs a launch later than the commit window: it is re-planned each
    /// cycle, with fresher tracks, until it is due.
    LaunchLater,
    /// The track has missed its recent plots (it is coasting), or its recent plots keep
    /// surprising the filter (it lags its target): no new shot on it until it is
    /// followed again.
    Coasting,
    /// The track is younger than the doctrine's minimum age for a shot.
    Maturing,
}

impl HoldReason {
    /// The snake-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            HoldReason::NotThreatening => "not_threatening",
            HoldReason::Engaged => "engaged",
            HoldReason::NoFeasibleShooter => "no_feasible_shooter",
            HoldReason::ShotLimit => "shot_limit",
            HoldReason::LaunchLater => "launch_later",
            HoldReason::Coasting => "coasting",
            HoldReason::Maturing => "maturing",
        }
    }
}

/// The decision on one track this cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Engage it (an order was issued this cycle).
    Engage,
    /// Hold fire, for the reason given.
    Hold(HoldReason),
}

/// The threat evaluation of one confirmed track.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatAssessment {
    /// When it was made.
    pub time: SimTime,
    /// Which track.
    pub track: TrackId,
    /// Ballistic or air-breathing, judged from the track's kinematics.
    pub category: TargetCategory,
    /// Predicted ground impact (ballistic) or the point where the extrapolated path first
    /// enters a defended area (air-breathing); `None` if none is predicted within the
    /// horizon.
    pub predicted_impact: Option<Geodetic>,
    /// Predicted time of that impact.
    pub impact_time: Option<SimTime>,
    /// The defended asset the threat is predicted to hit, if any.
    pub threatened_asset: Option<AssetId>,
    /// Larger is more urgent: asset value over time to go.
    pub priority: f64,
    /// What the battle manager decided.
    pub decision: Decision,
}

/// An order to fire one interceptor at a track.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementOrder {
    /// The new engagement's id.
    pub engagement: EngagementId,
    /// The battery to fire.
    pub battery: BatteryId,
    /// The target track.
    pub track: TrackId,
    /// When the interceptor leaves the launcher.
    pub launch_time: SimTime,
    /// Planned time of intercept.
    pub intercept_time: SimTime,
    /// Predicted intercept point (where the track is predicted to be at intercept time).
    pub aim_point: Position<Ecef>,
}

/// A midcourse update for an engagement in flight: the latest predicted intercept point
/// from the track, sent over the uplink.
#[derive(Clone, Debug, PartialEq)]
pub struct AimUpdate {
    /// Which engagement.
    pub engagement: EngagementId,
    /// Planned time of intercept (unchanged by the update).
    pub intercept_time: SimTime,
    /// Updated predicted intercept point.
    pub aim_point: Position<Ecef>,
}
