//! What the battle manager decides: threat assessments and engagement orders.

use nalgebra::Matrix2;

use crate::frames::{Ecef, Position};
use crate::geodesy::Geodetic;
use crate::ids::{AssetId, BatteryId, EngagementId, TrackId};
use crate::threat::TargetCategory;
use crate::time::SimTime;

/// Why the battle manager holds fire on a track.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
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
    /// P(hit) reached the engagement threshold, but on fewer assessments in a row than
    /// the assessment's `engage_confirmations` asks for.
    Unconfirmed,
    /// P(hit) reached the engagement threshold but not the assessment's
    /// `confident_p_hit`, and a shot after the track's next assessment would still be
    /// feasible: it waits for a fresher prediction.
    Watched,
    /// A shot was due, but the weapon–target assignment gave the rounds to threats worth
    /// more, or found no shot worth its cost (λ · cost above the value it saves).
    Outweighed,
    /// Some battery could engage it, but every such battery is under weapons hold.
    OperatorHold,
    /// Some battery under weapons tight could engage it, but the track is not hostile
    /// with the confidence that mode asks for; the other batteries able to engage it, if
    /// any, are under weapons hold.
    OperatorTight,
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
            HoldReason::Unconfirmed => "unconfirmed",
            HoldReason::Watched => "watched",
            HoldReason::Outweighed => "outweighed",
            HoldReason::OperatorHold => "operator_hold",
            HoldReason::OperatorTight => "operator_tight",
        }
    }
}

/// The decision on one track this cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Engage it (an order was issued this cycle).
    Engage,
    /// Hold fire, for the reason given.
    Hold(HoldReason),
}

/// The threat evaluation of one confirmed track.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Larger is more urgent: the value at risk over the time to go.
    pub priority: f64,
    /// What the battle manager decided.
    pub decision: Decision,
    /// The predicted impact's uncertainty, where the prediction carried the track's
    /// covariance to the ground (ballistic tracks).
    pub impact_ellipse: Option<ErrorEllipse>,
    /// Probability that the threat hits some defended asset, where it was computed.
    pub p_hit: Option<f64>,
    /// Expected value lost: the sum over assets of value × P(hit that asset).
    pub value_at_risk: Option<f64>,
}

/// The standard ellipse of a 2-D Gaussian: its semi-axes are the standard deviations
/// along the principal directions.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorEllipse {
    /// Standard deviation along the major axis, m.
    pub sigma_major_m: f64,
    /// Standard deviation along the minor axis, m.
    pub sigma_minor_m: f64,
    /// Azimuth of the major axis, degrees clockwise from true north, in [0, 180).
    pub major_azimuth_deg: f64,
}

impl ErrorEllipse {
    /// The standard ellipse of covariance `c` (east, north), m².
    pub fn of(c: &Matrix2<f64>) -> Self {
        // Eigenvalues of a symmetric 2×2 in closed form.
        let (a, b, d) = (c[(0, 0)], 0.5 * (c[(0, 1)] + c[(1, 0)]), c[(1, 1)]);
        let mid = 0.5 * (a + d);
        let half = (0.25 * (a - d) * (a - d) + b * b).sqrt();
        let (major, minor) = (mid + half, (mid - half).max(0.0));
        // The major axis (e, n) ∝ (b, major − a), or (major − d, b); whichever is the
        // better conditioned. Azimuth = atan2(e, n).
        let (e, n) = if (major - a).abs() + b.abs() >= (major - d).abs() + b.abs() {
            (b, major - a)
        } else {
            (major - d, b)
        };
        let azimuth = if e == 0.0 && n == 0.0 {
            // Circular: any direction is principal.
            0.0
        } else {
            e.atan2(n).to_degrees().rem_euclid(180.0)
        };
        ErrorEllipse {
            sigma_major_m: major.max(0.0).sqrt(),
            sigma_minor_m: minor.sqrt(),
            major_azimuth_deg: if azimuth >= 180.0 { 0.0 } else { azimuth },
        }
    }
}

/// Why the battle manager chose the shooter of an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShooterChoice {
    /// `layered`: the outermost layer with a shot available, then the earliest
    /// intercept.
    OutermostLayer,
    /// `nearest`: the battery nearest the earliest intercept point.
    NearestBattery,
    /// `greedy`, `local`, `exact`: the weapon–target assignment over every threat due a
    /// shot this cycle gave this battery rounds against this one.
    Assignment,
}

impl ShooterChoice {
    /// The name used in records.
    pub fn name(self) -> &'static str {
        match self {
            ShooterChoice::OutermostLayer => "outermost_layer",
            ShooterChoice::NearestBattery => "nearest_battery",
            ShooterChoice::Assignment => "assignment",
        }
    }
}

/// What became of one battery that could engage the track when an order was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateRole {
    /// It fires.
    Chosen,
    /// Held back: its window stays open after the chosen shot is assessed, so it keeps
    /// a look and a second shot (the layered hand-off).
    Kept,
    /// Not chosen, and no later chance on this path.
    Passed,
}

impl CandidateRole {
    /// The name used in records.
    pub fn name(self) -> &'static str {
        match self {
            CandidateRole::Chosen => "chosen",
            CandidateRole::Kept => "kept",
            CandidateRole::Passed => "passed",
        }
    }
}

/// One battery the battle manager considered for a shot.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShotCandidate {
    /// The battery.
    pub battery: BatteryId,
    /// Its single-shot kill probability against the track's category.
    pub p_kill: f64,
    /// One round's cost.
    pub cost: crate::units::Usd,
    /// Its earliest intercept.
    pub intercept_time: SimTime,
    /// Its latest launch on the stretch.
    pub latest_launch: SimTime,
    /// What became of it.
    pub role: CandidateRole,
}

/// Why an order was made: the choice rule, what the threat put at risk, how the chosen
/// shot was weighed, and every battery considered.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OrderExplanation {
    /// How the shooter was chosen.
    pub choice: ShooterChoice,
    /// The value the threat puts at risk (Σ asset value × P(hit), or the threatened
    /// asset's value where no probability is computed).
    pub value_at_risk: f64,
    /// The chosen shot's kill probability as weighed, with the best follow-up's (the
    /// layered hand-off): 1 − (1 − p)(1 − p_f).
    pub weighed_p_kill: f64,
    /// Its expected cost as weighed: c + (1 − p)·c_f.
    pub weighed_cost: crate::units::Usd,
    /// Every battery with a window on the track, in battery order.
    pub candidates: Vec<ShotCandidate>,
}

/// An order to fire one interceptor at a track.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
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
    /// Why (shared by the rounds of one salvo).
    pub explanation: std::sync::Arc<OrderExplanation>,
}

/// A midcourse update for an engagement in flight: the latest predicted intercept point
/// from the track, sent over the uplink.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AimUpdate {
    /// Which engagement.
    pub engagement: EngagementId,
    /// Planned time of intercept (unchanged by the update).
    pub intercept_time: SimTime,
    /// Updated predicted intercept point.
    pub aim_point: Position<Ecef>,
}

/// An operator's weapon-control status for one battery: air-defence doctrine's
/// weapons free, weapons tight and weapons hold.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OperatorMode {
    /// Weapons free: engage any track the doctrine lets through.
    #[default]
    Free,
    /// Weapons tight: engage only tracks hostile with confidence
    /// (the battle manager's weapons-tight test).
    Tight,
    /// Weapons hold: no new engagements. Interceptors in the air fly on; rounds ordered
    /// but still on the launcher are withdrawn.
    Hold,
}

impl OperatorMode {
    /// The name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            OperatorMode::Free => "free",
            OperatorMode::Tight => "tight",
            OperatorMode::Hold => "hold",
        }
    }
}

impl std::str::FromStr for OperatorMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "free" => Ok(OperatorMode::Free),
            "tight" => Ok(OperatorMode::Tight),
            "hold" => Ok(OperatorMode::Hold),
            _ => Err(format!(
                "unknown operator mode {s:?}: expected free, tight or hold"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Vector2;

    #[test]
    fn the_ellipse_of_a_covariance() {
        // σ 30 m east, 10 m north: the major axis points east (azimuth 90°).
        let e = ErrorEllipse::of(&Matrix2::new(900.0, 0.0, 0.0, 100.0));
        assert!((e.sigma_major_m - 30.0).abs() < 1e-9);
        assert!((e.sigma_minor_m - 10.0).abs() < 1e-9);
        assert!((e.major_azimuth_deg - 90.0).abs() < 1e-9);
        // The same rotated to point north-east (azimuth 45°): R diag(900, 100) Rᵀ.
        let (s, c) = (45f64.to_radians().sin(), 45f64.to_radians().cos());
        // Major axis along (e, n) = (s, c).
        let u = Vector2::new(s, c);
        let w = Vector2::new(c, -s);
        let m = u * u.transpose() * 900.0 + w * w.transpose() * 100.0;
        let e = ErrorEllipse::of(&m);
        assert!((e.sigma_major_m - 30.0).abs() < 1e-9);
        assert!((e.sigma_minor_m - 10.0).abs() < 1e-9);
        assert!((e.major_azimuth_deg - 45.0).abs() < 1e-9, "{e:?}");
        // North-west is azimuth 135° (the axis, not a direction: within [0, 180)).
        let u = Vector2::new(-s, c);
        let w = Vector2::new(c, s);
        let e = ErrorEllipse::of(&(u * u.transpose() * 900.0 + w * w.transpose() * 100.0));
        assert!((e.major_azimuth_deg - 135.0).abs() < 1e-9, "{e:?}");
        // North: azimuth 0.
        let e = ErrorEllipse::of(&Matrix2::new(100.0, 0.0, 0.0, 900.0));
        assert!(e.major_azimuth_deg.abs() < 1e-9, "{e:?}");
        // Circular.
        let e = ErrorEllipse::of(&Matrix2::new(400.0, 0.0, 0.0, 400.0));
        assert_eq!((e.sigma_major_m, e.sigma_minor_m), (20.0, 20.0));
    }
}
