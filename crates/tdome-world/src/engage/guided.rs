//! A guided interceptor flown by the physics as the world steps: launched at the
//! battle manager's predicted intercept point, midcourse on the uplinked aim point, then
//! homing with proportional navigation on the threat its seeker acquires, to the closest
//! approach. The miss distance there, through the Carleton lethality curve, decides the
//! kill.
//!
//! What is modelled and what is not:
//! - the airframe's boost, sustain and coast with drag, its lateral-acceleration limit
//!   and its maximum time of flight are the physics' own
//!   ([`InterceptorFlight`]); nothing speeds an interceptor up to keep to a plan;
//! - the seeker is cued by the fire-control track: it acquires the threat that track
//!   follows (the world's truth association) once that threat is within its
//!   acquisition range and cone. Locks onto a neighbouring object are not modelled;
//! - a closest approach outside the interceptor type's engagement envelope (ground range
//!   from its battery and altitude, the catalogue's figures) is no kill: below the floor
//!   the fuze is inhibited (the debris would fall on what it defends), and beyond the
//!   range or the ceiling the type is not rated to kill (seeker, data link, control
//!   authority). The battle manager plans inside the envelope; this keeps a re-aimed
//!   shot from scoring outside it.

use std::sync::Arc;

use tdome_core::defence::InterceptorType;
use tdome_core::threat::TargetCategory;
use tdome_core::{Ecef, EnuFrame, Geodetic, Position, Probability};
use tdome_physics::EcefState;
use tdome_physics::interceptor::{
    ClosestApproach, EngagementError, FlightEnd, FlightEnvironment, FlightGuidance, GravityBias,
    InterceptorFlight, InterceptorModel, TerminalGuidance,
};

/// Integration step of a guided flyout, seconds. The end game is solved within the last
/// step (docs/physics.md: misses under a centimetre against Zarchan's closed form at
/// 10 ms and within 2 mm at 40 ms), so the step is set by the midcourse, where 20 ms is
/// well inside the 0.1 s flight-control lag.
pub const FLYOUT_STEP_S: f64 = 0.05;

/// A threat as a homing interceptor sees it over one tick.
pub trait ThreatTrack {
    /// The threat's true state at `t_s` seconds after the interceptor's launch, `None`
    /// once it has stopped flying.
    fn state_after_launch(&self, t_s: f64) -> Option<EcefState>;
}

impl<F: Fn(f64) -> Option<EcefState>> ThreatTrack for F {
    fn state_after_launch(&self, t_s: f64) -> Option<EcefState> {
        self(t_s)
    }
}

/// A guided interceptor's flight and what its seeker holds.
#[derive(Clone, Debug)]
pub struct Guided {
    model: Arc<InterceptorModel>,
    site: Geodetic,
    launched_as: Option<EcefState>,
    flight: Option<InterceptorFlight>,
    homing_on: Option<(tdome_core::ids::ObjectId, TargetCategory)>,
}

impl Guided {
    /// A guided interceptor of `model` on its launcher at `site`, not yet launched.
    pub fn new(model: Arc<InterceptorModel>, site: Geodetic) -> Self {
        Guided {
            model,
            site,
            launched_as: None,
            flight: None,
            homing_on: None,
        }
    }

    /// Leave the launcher towards `aim_point`.
    pub fn launch(&mut self, aim_point: Position<Ecef>) -> Result<(), EngagementError> {
        let flight = InterceptorFlight::launch(
            Arc::clone(&self.model),
            self.site,
            aim_point,
            FlightEnvironment::Earth,
            FLYOUT_STEP_S,
        )?;
        self.launched_as = Some(flight.state());
        self.flight = Some(flight);
        Ok(())
    }

    /// Its state as it left the rail, once launched.
    pub fn launch_state(&self) -> Option<EcefState> {
        self.launched_as
    }

    /// The model flown.
    pub fn model(&self) -> &InterceptorModel {
        &self.model
    }

    /// The flight, once launched.
    pub fn flight(&self) -> Option<&InterceptorFlight> {
        self.flight.as_ref()
    }

    /// The threat the seeker holds.
    pub fn homing_on(&self) -> Option<tdome_core::ids::ObjectId> {
        self.homing_on.map(|(o, _)| o)
    }

    /// Take an uplinked aim point (ignored once homing: the seeker has the threat).
    pub fn re_aim(&mut self, aim_point: Position<Ecef>) {
        if let Some(f) = self.flight.as_mut()
            && !f.is_homing()
        {
            f.re_aim(aim_point);
        }
    }

    /// Try to acquire `designated` (the threat the fire-control track follows) at its
    /// position `at` now: true when the seeker has it (already or from now on).
    pub fn try_acquire(
        &mut self,
        designated: tdome_core::ids::ObjectId,
        category: TargetCategory,
        at: &Position<Ecef>,
    ) -> bool {
        let Some(f) = self.flight.as_mut() else {
            return false;
        };
        if f.is_homing() {
            return true;
        }
        if f.end().is_none() && f.can_acquire(at) {
            f.acquire();
            self.homing_on = Some((designated, category));
            return true;
        }
        false
    }

    /// Fly on to `to_s` seconds after launch: homing on `threat` when the seeker holds
    /// it, on the aim point otherwise. Returns the end of the flight if it came.
    pub fn advance(
        &mut self,
        to_s: f64,
        threat: Option<&dyn ThreatTrack>,
    ) -> Result<Option<FlightEnd>, EngagementError> {
        let Some(f) = self.flight.as_mut() else {
            return Ok(None);
        };
        match (self.homing_on, threat) {
            (Some((_, category)), Some(threat)) if f.is_homing() => {
                let motion = |t_s: f64| threat.state_after_launch(t_s);
                f.advance(
                    to_s,
                    FlightGuidance::Terminal(TerminalGuidance {
                        target: &motion,
                        // A falling target and the interceptor fall alike; one that
                        // holds its height does not, and uncompensated gravity would
                        // look like a 1 g manoeuvre to PN.
                        gravity_bias: match category {
                            TargetCategory::Ballistic => GravityBias::None,
                            TargetCategory::AirBreathing => GravityBias::CancelOwnGravity,
                        },
                    }),
                )
            }
            // Homing on a threat the world no longer has: it has stopped flying.
            (Some(_), None) if f.is_homing() => f.advance(
                to_s,
                FlightGuidance::Terminal(TerminalGuidance {
                    target: &|_: f64| None,
                    gravity_bias: GravityBias::None,
                }),
            ),
            _ => f.advance(to_s, FlightGuidance::AimPoint),
        }
    }

    /// The kill probability of a closest approach: `direct_hit_pk`, the catalogue's P_k
    /// against the threat's kind (fuze, warhead and the target's vulnerability, given a
    /// hit), times the Carleton curve of the miss distance; zero outside the envelope of
    /// `kind` (see the module's notes).
    pub fn kill_probability(
        &self,
        cpa: &ClosestApproach,
        direct_hit_pk: Probability,
        kind: &InterceptorType,
    ) -> f64 {
        if !inside_envelope(kind, self.site, &cpa.target.position) {
            return 0.0;
        }
        direct_hit_pk.value() * self.model.lethality.kill_probability(cpa.miss).value()
    }
}

/// How far outside its catalogue limits a point still counts as inside an envelope: the
/// limits are notional round figures, not exact to the metre, and a cruise missile
/// flying at 50 m is met at a type's 50 m floor a few millimetres up or down.
pub const ENVELOPE_SLACK_M: f64 = 1.0;

/// Whether `point` lies in the engagement envelope of `kind` fired from `site`: ground
/// range and altitude above the ellipsoid within the catalogue's limits (ground range
/// measured in the site's local horizontal plane, as the battle manager plans), to within
/// [`ENVELOPE_SLACK_M`].
pub fn inside_envelope(kind: &InterceptorType, site: Geodetic, point: &Position<Ecef>) -> bool {
    let enu = EnuFrame::at(site).to_enu(point);
    let v = enu.metres();
    let range = v.x.hypot(v.y);
    let altitude = Geodetic::from_ecef(point).height_m();
    let slack = ENVELOPE_SLACK_M;
    (kind.min_range.si() - slack..=kind.max_range.si() + slack).contains(&range)
        && (kind.min_altitude.si() - slack..=kind.max_altitude.si() + slack).contains(&altitude)
}
