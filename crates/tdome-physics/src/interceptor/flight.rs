//! One interceptor flown incrementally, as the world steps: launched at a predicted
//! intercept point, guided in midcourse towards the latest uplinked aim point, then
//! homing on the threat its seeker has acquired, to the closest approach.
//!
//! The dynamics are [`fly_engagement`](super::fly_engagement)'s own: each call to
//! [`InterceptorFlight::advance`] flies the same RK4 sub-steps on the same grid
//! t_n = n·dt after launch, split at the motor's phase changes, the end of the launch
//! phase, the time-of-flight limit and the end of the stretch asked for.

use std::sync::Arc;

use nalgebra::Vector3;
use tdome_core::geodesy::WGS84_OMEGA;
use tdome_core::{Angle, EnuFrame, Geodetic, Length, Position, Velocity};

use super::airframe::{InterceptorAirframe, MotorSchedule};
use super::engagement::{
    ClosestApproach, EngagementError, FlightEnvironment, FlightPhase, Flyout, Kinematics, SubStep,
};
use super::guidance::{GravityBias, Guidance};
use super::lethality::CarletonDamage;
use crate::state::EcefState;

/// Everything about an interceptor type the flyout needs: airframe, guidance, seeker
/// and warhead. Notional figures from the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct InterceptorModel {
    /// The vehicle.
    pub airframe: InterceptorAirframe,
    /// PN law, N, lag and launch phase. Its gravity bias is the terminal one; the
    /// flight chooses it per target (see [`TerminalGuidance`]).
    pub guidance: Guidance,
    /// Range at which the seeker (or the terminal-guidance radar's track of the target)
    /// acquires a threat and homing on it begins.
    pub seeker_acquisition_range: Length,
    /// Kill probability against miss distance.
    pub lethality: CarletonDamage,
}

/// Half-angle of the cone about the interceptor's velocity within which its seeker can
/// acquire a threat: "ahead of the interceptor". Assumed (60°, a gimballed seeker's
/// field of regard is of this order); no interceptor's is published.
pub const SEEKER_HALF_ANGLE: Angle = Angle::radians(std::f64::consts::FRAC_PI_3);

/// What guides the interceptor over one stretch of flight.
pub enum FlightGuidance<'a> {
    /// Midcourse: PN on the uplinked aim point (a point fixed in the Earth frame until
    /// it is re-aimed), cancelling the interceptor's own gravity because the point does
    /// not fall.
    AimPoint,
    /// Terminal homing: PN on the acquired threat.
    Terminal(TerminalGuidance<'a>),
}

/// The acquired threat and how to home on it.
pub struct TerminalGuidance<'a> {
    /// The threat's true motion, seconds after the interceptor's launch (`None` once it
    /// has landed or been destroyed).
    pub target: &'a dyn super::TargetMotion,
    /// Gravity bias: none against a falling (ballistic) target, the interceptor's own
    /// against one that holds its height.
    pub gravity_bias: GravityBias,
}

/// How a flight ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FlightEnd {
    /// The range to the homed-on threat stopped falling: intercept or miss.
    ClosestApproach(ClosestApproach),
    /// In midcourse with nothing acquired, it flew past its aim point: spent.
    PassedAimPoint {
        /// Seconds after launch.
        time_s: f64,
    },
    /// It reached the ground.
    GroundImpact {
        /// Seconds after launch.
        time_s: f64,
    },
    /// Its time of flight ran out.
    TimeOfFlightExhausted {
        /// Seconds after launch.
        time_s: f64,
    },
    /// The homed-on threat stopped flying (landed or destroyed).
    TargetGone {
        /// Seconds after launch.
        time_s: f64,
    },
}

/// An interceptor in flight, stepped by its owner.
#[derive(Clone, Debug)]
pub struct InterceptorFlight {
    model: Arc<InterceptorModel>,
    environment: FlightEnvironment,
    step_s: f64,
    motor: MotorSchedule,
    launch_direction: Vector3<f64>,
    omega: Vector3<f64>,
    pip: Vector3<f64>,
    time_s: f64,
    k: Kinematics,
    phase: FlightPhase,
    homing: bool,
    /// Least separation from the homed-on threat at a step boundary so far.
    best: Option<ClosestApproach>,
    end: Option<FlightEnd>,
}

impl InterceptorFlight {
    /// Launch from `site` at aim point `pip` (trained on it, or vertically, as the
    /// model's launch phase says), integrating at `step_s` seconds in `environment`.
    pub fn launch(
        model: Arc<InterceptorModel>,
        site: Geodetic,
        pip: Position<tdome_core::Ecef>,
        environment: FlightEnvironment,
        step_s: f64,
    ) -> Result<Self, EngagementError> {
        model.airframe.validate()?;
        model.guidance.validate()?;
        if !(step_s.is_finite() && (1e-4..=1.0).contains(&step_s)) {
            return Err(EngagementError::Step(step_s));
        }
        let frame = EnuFrame::at(site);
        let r0 = *frame.origin_ecef().metres();
        let aim = *pip.metres();
        let to_pip = aim - r0;
        if !(r0.iter().chain(&aim).all(|x| x.is_finite()) && to_pip.norm() > 0.0) {
            return Err(EngagementError::Launch);
        }
        let launch_direction =
            super::engagement::launch_direction(&frame, to_pip, &model.guidance.launch);
        let omega = match environment {
            FlightEnvironment::Earth => Vector3::new(0.0, 0.0, WGS84_OMEGA),
            FlightEnvironment::FreeSpace => Vector3::zeros(),
        };
        let k = Kinematics {
            r: r0,
            v: launch_direction * model.airframe.rail_exit_speed_mps,
            lateral: Vector3::zeros(),
        };
        Ok(InterceptorFlight {
            motor: MotorSchedule::of(&model.airframe),
            model,
            environment,
            step_s,
            launch_direction,
            omega,
            pip: aim,
            time_s: 0.0,
            k,
            phase: FlightPhase::Launch,
            homing: false,
            best: None,
            end: None,
        })
    }

    /// Seconds since launch reached.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Position and Earth-relative velocity now.
    pub fn state(&self) -> EcefState {
        self.k.ecef()
    }

    /// The model flown.
    pub fn model(&self) -> &InterceptorModel {
        &self.model
    }

    /// The aim point it is guided to in midcourse.
    pub fn aim_point(&self) -> Position<tdome_core::Ecef> {
        Position::from_vector(self.pip)
    }

    /// True once it homes on a threat.
    pub fn is_homing(&self) -> bool {
        self.homing
    }

    /// How the flight ended, once it has.
    pub fn end(&self) -> Option<FlightEnd> {
        self.end
    }

    /// The least separation from the homed-on threat at a step boundary so far.
    pub fn closest_so_far(&self) -> Option<ClosestApproach> {
        self.best
    }

    /// Take a new uplinked aim point (midcourse guidance steers to it from now on).
    pub fn re_aim(&mut self, pip: Position<tdome_core::Ecef>) {
        let p = *pip.metres();
        if p.iter().all(|x| x.is_finite()) {
            self.pip = p;
        }
    }

    /// True when a threat at `position` is within the seeker's acquisition range and
    /// its cone ahead of the interceptor.
    pub fn can_acquire(&self, position: &Position<tdome_core::Ecef>) -> bool {
        let los = position.metres() - self.k.r;
        let range = los.norm();
        // A NaN range (a non-finite threat state) acquires nothing.
        if range.is_nan() || range > self.model.seeker_acquisition_range.si() {
            return false;
        }
        let speed = self.k.v.norm();
        if range == 0.0 || speed == 0.0 {
            return true;
        }
        los.dot(&self.k.v) / (range * speed) >= SEEKER_HALF_ANGLE.si().cos()
    }

    /// Start homing on a threat (after [`InterceptorFlight::can_acquire`]): from now on
    /// [`FlightGuidance::Terminal`] is expected, and the closest approach is tracked.
    pub fn acquire(&mut self) {
        self.homing = true;
        self.best = None;
    }

    /// Fly on to `to_s` seconds after launch (or to the end of the flight, whichever is
    /// first), guided by `guidance`. Returns how the flight ended if it did. A flight that
    /// has ended does not move.
    pub fn advance(
        &mut self,
        to_s: f64,
        guidance: FlightGuidance<'_>,
    ) -> Result<Option<FlightEnd>, EngagementError> {
        if self.end.is_some() {
            return Ok(self.end);
        }
        let model = Arc::clone(&self.model);
        let t_max = model.airframe.max_time_of_flight_s;
        let to_s = to_s.min(t_max);
        let pip = self.pip;
        let at_pip = move |_: f64| {
            Some(EcefState::new(
                Position::from_vector(pip),
                Velocity::default(),
            ))
        };
        let (target, guide, homing): (&dyn super::TargetMotion, Guidance, bool) = match guidance {
            FlightGuidance::AimPoint => (
                &at_pip,
                Guidance {
                    gravity_bias: GravityBias::CancelOwnGravity,
                    ..model.guidance
                },
                false,
            ),
            FlightGuidance::Terminal(t) => (
                t.target,
                Guidance {
                    gravity_bias: t.gravity_bias,
                    ..model.guidance
                },
                true,
            ),
        };
        let flyout = Flyout {
            airframe: &model.airframe,
            guidance: &guide,
            target,
            environment: self.environment,
            motor: self.motor,
            pip: self.pip,
            launch_direction: self.launch_direction,
            start: self.k,
            omega: self.omega,
        };
        let events = flyout.events();
        let dt = self.step_s;
        while self.time_s < to_s {
            let a = self.time_s;
            // The next point of the grid n·dt after `a`, computed from its index.
            let n = (a / dt).floor() as u64;
            let mut grid = (n + 1) as f64 * dt;
            if grid <= a {
                grid = (n + 2) as f64 * dt;
            }
            let b = events
                .iter()
                .copied()
                .find(|&e| e > a && e < grid)
                .unwrap_or(grid)
                .min(to_s);
            let Some(target_now) = target.state_at(a) else {
                return Ok(self.finish(FlightEnd::TargetGone { time_s: a }));
            };
            self.phase = if homing && a >= guide.unguided_s() {
                FlightPhase::Homing
            } else {
                flyout.phase_at(a, &self.k, self.phase)
            };
            // In midcourse the phase logic homes on the aim point once the turn is done.
            // Before PN has its target (the launch climb and the turn) the range may rise
            // and fall as the vehicle comes round: no closest approach yet.
            let guided = self.phase == FlightPhase::Homing;
            match flyout.sub_step(a, b, &self.k, &target_now, self.phase, guided)? {
                SubStep::TargetGone => {
                    return Ok(self.finish(FlightEnd::TargetGone { time_s: a }));
                }
                SubStep::Passed(cpa) => {
                    let end = if homing {
                        FlightEnd::ClosestApproach(cpa)
                    } else {
                        FlightEnd::PassedAimPoint { time_s: cpa.time_s }
                    };
                    self.k.r = *cpa.interceptor.position.metres();
                    self.k.v = *cpa.interceptor.velocity.mps();
                    self.time_s = cpa.time_s;
                    return Ok(self.finish(end));
                }
                SubStep::Ground { time_s, state } => {
                    self.k.r = *state.position.metres();
                    self.k.v = *state.velocity.mps();
                    self.time_s = time_s;
                    return Ok(self.finish(FlightEnd::GroundImpact { time_s }));
                }
                SubStep::Flown { next, target, .. } => {
                    self.k = next;
                    self.time_s = b;
                    if homing {
                        let here = flyout.closest(b, &self.k, &target);
                        if self.best.is_none_or(|best| here.miss < best.miss) {
                            self.best = Some(here);
                        }
                    }
                }
            }
        }
        if self.time_s >= t_max {
            return Ok(self.finish(FlightEnd::TimeOfFlightExhausted { time_s: t_max }));
        }
        Ok(None)
    }

    fn finish(&mut self, end: FlightEnd) -> Option<FlightEnd> {
        self.end = Some(end);
        self.end
    }
}
