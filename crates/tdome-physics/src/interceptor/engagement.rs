//! Flying one interceptor against one target, to the closest approach.

use nalgebra::Vector3;
use tdome_core::geodesy::WGS84_OMEGA;
use tdome_core::{Acceleration, Ecef, EnuFrame, Geodetic, Length, Mass, Position, Speed, Velocity};

use super::airframe::{AirframeError, InterceptorAirframe, MotorSchedule};
use super::guidance::{
    GravityBias, Guidance, GuidanceError, LaunchPhase, clamp_magnitude, normal_part, pn_command,
    turn_command,
};
use crate::atmosphere;
use crate::dynamics::crossing_within_step;
use crate::gravity::{coriolis_vector, effective_gravity_vector};
use crate::state::{EcefState, approximate_height_m, ellipsoidal_height_m, hermite_vectors};

/// Where the target is: its position and Earth-relative velocity (ECEF) at a time, seconds
/// after the interceptor's launch.
///
/// The world plugs in a `BallisticFlight` it has flown ahead (interpolated), a straight
/// line for a drone, or any closure `Fn(f64) -> Option<EcefState>`. `None` means the
/// target is no longer flying (it has landed, or its track ends), which ends the
/// engagement with [`EngagementEnd::TargetLanded`]. The engagement asks for times in
/// increasing order at the step ends and at the RK4 stages in between, and, when it
/// solves the closest approach, for a few times inside the last step.
pub trait TargetMotion {
    /// The target's state `t_s` seconds after launch, if it is still flying.
    fn state_at(&self, t_s: f64) -> Option<EcefState>;
}

impl<F: Fn(f64) -> Option<EcefState>> TargetMotion for F {
    fn state_at(&self, t_s: f64) -> Option<EcefState> {
        self(t_s)
    }
}

/// The world the interceptor flies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlightEnvironment {
    /// The rotating WGS-84 Earth: J2 gravity with centrifugal and Coriolis terms, drag in
    /// the US Standard Atmosphere 1976, the ellipsoid as the ground. The seeker measures
    /// the inertial line-of-sight rate (the Earth's rotation added to the ECEF one).
    Earth,
    /// No gravity, no air, no ground, no rotation: the idealised kinematics of the
    /// guidance textbooks, for validation against their closed forms. The aerodynamic
    /// part of the lateral limit is zero here (no dynamic pressure).
    FreeSpace,
}

/// Where the interceptor is launched from and what it is launched at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InterceptorLaunch {
    /// The launcher.
    pub site: Geodetic,
    /// The predicted intercept point (PIP) the launcher is trained on and the turn steers
    /// towards; the homing phase then guides on the target itself.
    pub pip: Position<Ecef>,
}

/// How an engagement is integrated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlyoutSettings {
    /// Gravity, air and ground, or none of them.
    pub environment: FlightEnvironment,
    /// Integration step, seconds (RK4; steps are split at the motor's phase changes and
    /// the end of the unguided launch phase).
    pub step_s: f64,
}

/// Why an engagement could not be flown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngagementError {
    /// The airframe is invalid.
    #[error("invalid interceptor airframe: {0}")]
    Airframe(#[from] AirframeError),
    /// The guidance is invalid.
    #[error("invalid guidance: {0}")]
    Guidance(#[from] GuidanceError),
    /// The step must lie in [0.1 ms, 1 s].
    #[error("integration step must lie in [0.0001, 1] s, got {0} s")]
    Step(f64),
    /// The launch site or PIP is not finite, or the PIP is at the launcher.
    #[error("launch site and PIP must be finite and distinct")]
    Launch,
    /// The target is not flying at launch.
    #[error("the target gives no state at launch")]
    NoTargetAtLaunch,
    /// The state stopped being finite (quarantined rather than propagated).
    #[error("interceptor state became non-finite at {time_s} s")]
    NonFinite {
        /// Seconds after launch.
        time_s: f64,
    },
}

/// Why an engagement ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngagementEnd {
    /// The interceptor passed its closest approach to the target (the range stopped
    /// falling): this is the intercept, or the miss.
    ClosestApproach,
    /// The maximum time of flight ran out while the interceptor was still closing.
    TimeOfFlightExhausted,
    /// The interceptor hit the ground.
    GroundImpact,
    /// The target stopped flying (landed) before the closest approach.
    TargetLanded,
}

/// The phase of the interceptor's flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlightPhase {
    /// Leaving the launcher, unguided.
    Launch,
    /// Turning towards the PIP after a launch at a fixed elevation.
    Turn,
    /// Proportional navigation on the target.
    Homing,
}

/// The interceptor at one instant of an engagement, for an observer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlightSample {
    /// Seconds after launch.
    pub time_s: f64,
    /// Position and Earth-relative velocity.
    pub state: EcefState,
    /// Mass.
    pub mass: Mass,
    /// The guidance command after projection normal to the velocity and limiting.
    pub commanded: Acceleration<Ecef>,
    /// The lateral acceleration achieved (the command through the lag).
    pub achieved: Acceleration<Ecef>,
    /// The lateral acceleration available then, m/s².
    pub available_mps2: f64,
    /// The phase flown.
    pub phase: FlightPhase,
}

/// The closest approach of an engagement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClosestApproach {
    /// Seconds after launch.
    pub time_s: f64,
    /// Distance between interceptor and target then.
    pub miss: Length,
    /// The interceptor's state then.
    pub interceptor: EcefState,
    /// The target's state then.
    pub target: EcefState,
    /// The interceptor's mass then.
    pub mass: Mass,
}

impl ClosestApproach {
    /// The interceptor's speed at the closest approach.
    pub fn interceptor_speed(&self) -> Speed {
        self.interceptor.velocity.speed()
    }

    /// Relative speed of interceptor and target at the closest approach.
    pub fn relative_speed(&self) -> Speed {
        (self.target.velocity - self.interceptor.velocity).speed()
    }
}

/// The outcome of [`fly_engagement`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EngagementOutcome {
    /// Why the flight ended.
    pub end: EngagementEnd,
    /// The closest approach. For [`EngagementEnd::ClosestApproach`] it is solved within
    /// the last step; otherwise it is the least separation at a step boundary so far.
    pub closest: ClosestApproach,
    /// Seconds after launch at which the flight ended.
    pub end_time_s: f64,
    /// The interceptor's state when the flight ended.
    pub end_state: EcefState,
}

/// Fly `airframe` under `guidance` from `launch` against `target` until the closest
/// approach, the end of its time of flight, ground impact or the target's landing,
/// calling `observe` at launch and after every step.
///
/// Equations (a point mass, see `docs/physics.md`):
///
///   ṙ = v,  v̇ = g + (T − D)/m · v̂ + a_L,  ȧ_L = (a_c − a_L)/τ
///
/// with g the environment's gravity (and Coriolis), T the motor thrust, D = ½ρv²SC_d(M),
/// a_c the guidance command projected normal to v and limited to the available lateral
/// acceleration, a_L the achieved lateral acceleration (a_L = a_c when τ = 0), applied
/// normal to v. RK4 at a fixed step on the grid t_n = n·dt, split at motor phase changes,
/// the end of the launch phase and the time-of-flight limit. The closest approach is
/// solved within the step where the range stops falling, on the cubic Hermite interpolant
/// of the interceptor's step against the target's exact motion.
///
/// Deterministic (no state outside the call). Errors, never panics, on bad input.
pub fn fly_engagement<T: TargetMotion + ?Sized>(
    airframe: &InterceptorAirframe,
    guidance: &Guidance,
    launch: &InterceptorLaunch,
    target: &T,
    settings: &FlyoutSettings,
    mut observe: impl FnMut(&FlightSample),
) -> Result<EngagementOutcome, EngagementError> {
    let flight = Flyout::checked(airframe, guidance, launch, target, settings)?;
    flight.run(settings.step_s, Some(&mut observe))
}

/// [`fly_engagement`] without an observer: no per-step sample is made (the guidance
/// command is evaluated again for each, a fifth of a flight's cost), for flyout tables.
pub(super) fn fly_engagement_unobserved<T: TargetMotion + ?Sized>(
    airframe: &InterceptorAirframe,
    guidance: &Guidance,
    launch: &InterceptorLaunch,
    target: &T,
    settings: &FlyoutSettings,
) -> Result<EngagementOutcome, EngagementError> {
    let flight = Flyout::checked(airframe, guidance, launch, target, settings)?;
    flight.run(settings.step_s, None)
}

/// Interceptor state inside the integrator: position, velocity and the achieved lateral
/// acceleration (the lag's state), all ECEF components.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Kinematics {
    pub(super) r: Vector3<f64>,
    pub(super) v: Vector3<f64>,
    pub(super) lateral: Vector3<f64>,
}

impl Kinematics {
    pub(super) fn ecef(&self) -> EcefState {
        EcefState {
            position: Position::from_vector(self.r),
            velocity: Velocity::from_vector(self.v),
        }
    }

    fn is_finite(&self) -> bool {
        self.r
            .iter()
            .chain(&self.v)
            .chain(&self.lateral)
            .all(|x| x.is_finite())
    }

    /// `self + d·h` for a derivative `d`.
    fn advanced(&self, d: &Kinematics, h: f64) -> Kinematics {
        Kinematics {
            r: self.r + d.r * h,
            v: self.v + d.v * h,
            lateral: self.lateral + d.lateral * h,
        }
    }
}

/// The guidance's output at one instant.
struct Command {
    /// Projected normal to the velocity and limited.
    commanded: Vector3<f64>,
    available: f64,
}

/// Everything fixed for one engagement (or, for the incremental flight, for one
/// stretch of it: the guidance target and the PIP change between stretches).
pub(super) struct Flyout<'a, T: ?Sized> {
    pub(super) airframe: &'a InterceptorAirframe,
    pub(super) guidance: &'a Guidance,
    pub(super) target: &'a T,
    pub(super) environment: FlightEnvironment,
    pub(super) motor: MotorSchedule,
    pub(super) pip: Vector3<f64>,
    pub(super) launch_direction: Vector3<f64>,
    pub(super) start: Kinematics,
    /// Earth rotation vector for the seeker's inertial LOS rate (zero in free space).
    pub(super) omega: Vector3<f64>,
}

/// What one integration sub-step came to.
pub(super) enum SubStep {
    /// Still flying: the state and the target's at the end of the sub-step.
    Flown {
        next: Kinematics,
        target: EcefState,
        phase: Phase,
    },
    /// The range to the target stopped falling within the sub-step.
    Passed(ClosestApproach),
    /// The interceptor reached the ground within the sub-step.
    Ground { time_s: f64, state: EcefState },
    /// The target stopped flying.
    TargetGone,
}

/// A sub-step's fixed conditions: RK4 never straddles a change of either.
#[derive(Clone, Copy)]
pub(super) struct Phase {
    flight: FlightPhase,
    thrust_n: f64,
}

impl<'a, T: TargetMotion + ?Sized> Flyout<'a, T> {
    /// [`Flyout::new`] after checking the airframe, the guidance and the step.
    fn checked(
        airframe: &'a InterceptorAirframe,
        guidance: &'a Guidance,
        launch: &InterceptorLaunch,
        target: &'a T,
        settings: &FlyoutSettings,
    ) -> Result<Self, EngagementError> {
        airframe.validate()?;
        guidance.validate()?;
        let dt = settings.step_s;
        if !(dt.is_finite() && (1e-4..=1.0).contains(&dt)) {
            return Err(EngagementError::Step(dt));
        }
        Flyout::new(airframe, guidance, launch, target, settings.environment)
    }

    pub(super) fn new(
        airframe: &'a InterceptorAirframe,
        guidance: &'a Guidance,
        launch: &InterceptorLaunch,
        target: &'a T,
        environment: FlightEnvironment,
    ) -> Result<Self, EngagementError> {
        let frame = EnuFrame::at(launch.site);
        let r0 = *frame.origin_ecef().metres();
        let pip = *launch.pip.metres();
        let to_pip = pip - r0;
        if !(r0.iter().chain(&pip).all(|x| x.is_finite()) && to_pip.norm() > 0.0) {
            return Err(EngagementError::Launch);
        }
        let launch_direction = launch_direction(&frame, to_pip, &guidance.launch);
        if target.state_at(0.0).is_none() {
            return Err(EngagementError::NoTargetAtLaunch);
        }
        let omega = match environment {
            FlightEnvironment::Earth => Vector3::new(0.0, 0.0, WGS84_OMEGA),
            FlightEnvironment::FreeSpace => Vector3::zeros(),
        };
        Ok(Flyout {
            airframe,
            guidance,
            target,
            environment,
            motor: MotorSchedule::of(airframe),
            pip,
            launch_direction,
            start: Kinematics {
                r: r0,
                v: launch_direction * airframe.rail_exit_speed_mps,
                lateral: Vector3::zeros(),
            },
            omega,
        })
    }

    /// The instants where the conditions of integration change, in order.
    pub(super) fn events(&self) -> [f64; 4] {
        let [boost_end, sustain_end] = self.motor.events();
        let mut e = [
            self.guidance.unguided_s(),
            boost_end,
            sustain_end,
            self.airframe.max_time_of_flight_s,
        ];
        e.sort_by(f64::total_cmp);
        e
    }

    fn gravity(&self, r: &Vector3<f64>) -> Vector3<f64> {
        match self.environment {
            FlightEnvironment::Earth => effective_gravity_vector(r),
            FlightEnvironment::FreeSpace => Vector3::zeros(),
        }
    }

    /// Dynamic pressure, Pa, and drag coefficient at a state.
    fn air(&self, r: &Vector3<f64>, speed: f64) -> (f64, f64) {
        match self.environment {
            FlightEnvironment::Earth => {
                let (rho, sound) = atmosphere::density_and_sound_speed(approximate_height_m(r));
                (
                    0.5 * rho * speed * speed,
                    self.airframe.drag.cd(speed / sound),
                )
            }
            FlightEnvironment::FreeSpace => (0.0, 0.0),
        }
    }

    fn direction_of(&self, v: &Vector3<f64>) -> Vector3<f64> {
        let speed = v.norm();
        if speed > 1e-6 {
            v / speed
        } else {
            self.launch_direction
        }
    }

    /// The guidance command at time `t_s` for state `k` in `phase` with the target at
    /// `target` and `q_pa` of dynamic pressure.
    fn command(
        &self,
        t_s: f64,
        k: &Kinematics,
        phase: Phase,
        target: &EcefState,
        q_pa: f64,
    ) -> Command {
        let v_hat = self.direction_of(&k.v);
        let mass = self.motor.mass_kg(t_s);
        let available = self.airframe.lateral_limit.available_mps2(
            q_pa,
            self.airframe.reference_area_m2,
            mass,
            phase.thrust_n,
        );
        let bias = || match self.guidance.gravity_bias {
            GravityBias::None => Vector3::zeros(),
            GravityBias::CancelOwnGravity => -self.gravity(&k.r),
        };
        let raw = match phase.flight {
            FlightPhase::Launch => Vector3::zeros(),
            FlightPhase::Turn => {
                let to_pip = (self.pip - k.r).normalize();
                turn_command(&v_hat, &to_pip, available) + bias()
            }
            FlightPhase::Homing => {
                let rel_r = target.position.metres() - k.r;
                // The seeker measures inertial rates: add ω×R to the Earth-relative
                // relative velocity.
                let rel_v = target.velocity.mps() - k.v + self.omega.cross(&rel_r);
                pn_command(
                    self.guidance.law,
                    self.guidance.navigation_constant,
                    &rel_r,
                    &rel_v,
                    &k.v,
                ) + bias()
            }
        };
        Command {
            commanded: clamp_magnitude(normal_part(&raw, &v_hat), available),
            available,
        }
    }

    /// d/dt of the state at `t_s`, or `None` if the target is gone.
    fn derivative(&self, t_s: f64, k: &Kinematics, phase: Phase) -> Option<Kinematics> {
        let target = self.target.state_at(t_s)?;
        let speed = k.v.norm();
        let v_hat = self.direction_of(&k.v);
        let (q, cd) = self.air(&k.r, speed);
        let mass = self.motor.mass_kg(t_s);
        let command = self.command(t_s, k, phase, &target, q);
        let tau = self.guidance.time_constant_s;
        let (lateral, lateral_rate) = if tau > 0.0 {
            (
                normal_part(&k.lateral, &v_hat),
                (command.commanded - k.lateral) / tau,
            )
        } else {
            (command.commanded, Vector3::zeros())
        };
        let drag = q * self.airframe.reference_area_m2 * cd;
        let mut a = self.gravity(&k.r) + v_hat * ((phase.thrust_n - drag) / mass) + lateral;
        if self.environment == FlightEnvironment::Earth {
            a += coriolis_vector(&k.v);
        }
        Some(Kinematics {
            r: k.v,
            v: a,
            lateral: lateral_rate,
        })
    }

    /// One RK4 step of `h` seconds from `t_s`, or `None` if the target is gone within it.
    fn rk4(&self, t_s: f64, k: &Kinematics, h: f64, phase: Phase) -> Option<Kinematics> {
        let d1 = self.derivative(t_s, k, phase)?;
        let d2 = self.derivative(t_s + 0.5 * h, &k.advanced(&d1, 0.5 * h), phase)?;
        let d3 = self.derivative(t_s + 0.5 * h, &k.advanced(&d2, 0.5 * h), phase)?;
        let d4 = self.derivative(t_s + h, &k.advanced(&d3, h), phase)?;
        let sum = Kinematics {
            r: d1.r + (d2.r + d3.r) * 2.0 + d4.r,
            v: d1.v + (d2.v + d3.v) * 2.0 + d4.v,
            lateral: d1.lateral + (d2.lateral + d3.lateral) * 2.0 + d4.lateral,
        };
        Some(k.advanced(&sum, h / 6.0))
    }

    /// The flight phase for a sub-step starting at `t_s` in state `k`, coming from
    /// `previous`.
    pub(super) fn phase_at(&self, t_s: f64, k: &Kinematics, previous: FlightPhase) -> FlightPhase {
        if t_s < self.guidance.unguided_s() {
            return FlightPhase::Launch;
        }
        match (self.guidance.launch, previous) {
            (_, FlightPhase::Homing) | (LaunchPhase::AlongPipLine { .. }, _) => FlightPhase::Homing,
            (LaunchPhase::FixedElevation { capture, .. }, _) => {
                let v_hat = self.direction_of(&k.v);
                let to_pip = (self.pip - k.r).normalize();
                let error = v_hat.cross(&to_pip).norm().atan2(v_hat.dot(&to_pip));
                if error > capture.si() {
                    FlightPhase::Turn
                } else {
                    FlightPhase::Homing
                }
            }
        }
    }

    fn sample(&self, t_s: f64, k: &Kinematics, phase: Phase, target: &EcefState) -> FlightSample {
        let (q, _) = self.air(&k.r, k.v.norm());
        let command = self.command(t_s, k, phase, target, q);
        let achieved = if self.guidance.time_constant_s > 0.0 {
            normal_part(&k.lateral, &self.direction_of(&k.v))
        } else {
            command.commanded
        };
        FlightSample {
            time_s: t_s,
            state: k.ecef(),
            mass: Mass::kilograms(self.motor.mass_kg(t_s)),
            commanded: Acceleration::from_vector(command.commanded),
            achieved: Acceleration::from_vector(achieved),
            available_mps2: command.available,
            phase: phase.flight,
        }
    }

    pub(super) fn closest(&self, t_s: f64, k: &Kinematics, target: &EcefState) -> ClosestApproach {
        ClosestApproach {
            time_s: t_s,
            miss: Length::metres((target.position.metres() - k.r).norm()),
            interceptor: k.ecef(),
            target: *target,
            mass: Mass::kilograms(self.motor.mass_kg(t_s)),
        }
    }

    fn run(
        &self,
        dt: f64,
        mut observe: Option<&mut dyn FnMut(&FlightSample)>,
    ) -> Result<EngagementOutcome, EngagementError> {
        let events = self.events();
        let t_max = self.airframe.max_time_of_flight_s;
        let mut k = self.start;
        let mut target = self
            .target
            .state_at(0.0)
            .ok_or(EngagementError::NoTargetAtLaunch)?;
        let mut flight = self.phase_at(0.0, &k, FlightPhase::Launch);
        let launch_phase = Phase {
            flight,
            thrust_n: self.motor.thrust_n(0.0),
        };
        if let Some(o) = observe.as_mut() {
            o(&self.sample(0.0, &k, launch_phase, &target));
        }
        let mut best = self.closest(0.0, &k, &target);
        let end = |end, closest, t: f64, k: &Kinematics| EngagementOutcome {
            end,
            closest,
            end_time_s: t,
            end_state: k.ecef(),
        };
        let steps = (t_max / dt).ceil() as u64;
        for n in 0..steps {
            // Time is computed from the step count, never accumulated.
            let t0 = n as f64 * dt;
            let t1 = ((n + 1) as f64 * dt).min(t_max);
            let mut a = t0;
            while a < t1 {
                // Split at the first event inside the step.
                let b = events
                    .iter()
                    .copied()
                    .find(|&e| e > a && e < t1)
                    .unwrap_or(t1);
                flight = self.phase_at(a, &k, flight);
                // Before PN has the target (the launch climb and the turn) the range may
                // rise and fall as the vehicle comes round: no closest approach yet.
                let homing = flight == FlightPhase::Homing;
                match self.sub_step(a, b, &k, &target, flight, homing)? {
                    SubStep::TargetGone => {
                        return Ok(end(EngagementEnd::TargetLanded, best, a, &k));
                    }
                    SubStep::Passed(cpa) => {
                        return Ok(EngagementOutcome {
                            end: EngagementEnd::ClosestApproach,
                            closest: cpa,
                            end_time_s: cpa.time_s,
                            end_state: cpa.interceptor,
                        });
                    }
                    SubStep::Ground { time_s, state } => {
                        return Ok(EngagementOutcome {
                            end: EngagementEnd::GroundImpact,
                            closest: best,
                            end_time_s: time_s,
                            end_state: state,
                        });
                    }
                    SubStep::Flown {
                        next,
                        target: next_target,
                        phase,
                    } => {
                        k = next;
                        target = next_target;
                        if let Some(o) = observe.as_mut() {
                            o(&self.sample(b, &k, phase, &target));
                        }
                        let here = self.closest(b, &k, &target);
                        if here.miss < best.miss {
                            best = here;
                        }
                    }
                }
                a = b;
            }
        }
        Ok(end(EngagementEnd::TimeOfFlightExhausted, best, t_max, &k))
    }

    /// One integration sub-step from `a` to `b` seconds after launch, within which
    /// neither the motor phase nor the flight phase changes: RK4, then the ground and,
    /// when `detect_passing`, the closest approach to the target within the step (the
    /// closest approach wins when it comes before the ground). Shared by
    /// [`fly_engagement`] and the incremental [`super::flight::InterceptorFlight`], so
    /// both fly the same dynamics.
    pub(super) fn sub_step(
        &self,
        a: f64,
        b: f64,
        k: &Kinematics,
        target: &EcefState,
        flight: FlightPhase,
        detect_passing: bool,
    ) -> Result<SubStep, EngagementError> {
        let phase = Phase {
            flight,
            thrust_n: self.motor.thrust_n(0.5 * (a + b)),
        };
        let Some(next_target) = self.target.state_at(b) else {
            return Ok(SubStep::TargetGone);
        };
        let h = b - a;
        let Some(next) = self.rk4(a, k, h, phase) else {
            return Ok(SubStep::TargetGone);
        };
        if !next.is_finite() {
            return Err(EngagementError::NonFinite { time_s: b });
        }
        let ground = match self.environment {
            FlightEnvironment::Earth => {
                crossing_within_step(ellipsoidal_height_m, &k.ecef(), &next.ecef(), h)
            }
            FlightEnvironment::FreeSpace => None,
        };
        let ground_time = ground.map(|(s, _)| a + s * h);
        if detect_passing
            && let Some(cpa) = self.passing(a, (k, target), (&next, &next_target), h)
            && ground_time.is_none_or(|t_ground| cpa.time_s <= t_ground)
        {
            return Ok(SubStep::Passed(cpa));
        }
        if let Some((s, state)) = ground {
            return Ok(SubStep::Ground {
                time_s: a + s * h,
                state,
            });
        }
        Ok(SubStep::Flown {
            next,
            target: next_target,
            phase,
        })
    }

    /// If the range stops falling within the step from `a` (at `t_s`) to `b` (`h`
    /// seconds later), the closest approach in it.
    ///
    /// The range rate has the sign of R·Ṙ, R = r_T − r_M. A step where it goes from
    /// negative to non-negative holds the minimum; it is the root of R(s)·Ṙ(s) over the
    /// step fraction s, with the interceptor on the cubic Hermite interpolant of the step
    /// (the path the RK4 step implies, O(h⁴)) and the target at its exact state, found by
    /// the Illinois variant of regula falsi to 1e-12 of the step.
    fn passing(
        &self,
        t_s: f64,
        (a, ta): (&Kinematics, &EcefState),
        (b, tb): (&Kinematics, &EcefState),
        h: f64,
    ) -> Option<ClosestApproach> {
        let rate = |k: &Kinematics, t: &EcefState| {
            (t.position.metres() - k.r).dot(&(t.velocity.mps() - k.v))
        };
        let (f_a, f_b) = (rate(a, ta), rate(b, tb));
        if !(f_a < 0.0 && f_b >= 0.0) {
            return None;
        }
        let relative = |s: f64| {
            let (r, v) = hermite_vectors(&a.r, &a.v, &b.r, &b.v, h, s);
            // Were the target gone inside the step it could not be at both ends; fall
            // back on its Hermite interpolant all the same rather than fail.
            let t = self.target.state_at(t_s + s * h).unwrap_or_else(|| {
                let (p, w) = hermite_vectors(
                    ta.position.metres(),
                    ta.velocity.mps(),
                    tb.position.metres(),
                    tb.velocity.mps(),
                    h,
                    s,
                );
                EcefState::new(Position::from_vector(p), Velocity::from_vector(w))
            });
            (r, v, t)
        };
        let f = |s: f64| {
            let (r, v, t) = relative(s);
            (t.position.metres() - r).dot(&(t.velocity.mps() - v))
        };
        let (mut lo, mut f_lo, mut hi, mut f_hi) = (0.0, f_a, 1.0, f_b);
        let mut side = 0i8;
        let mut s = 1.0;
        if f_b != 0.0 {
            for _ in 0..200 {
                s = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
                if !(s > lo && s < hi) {
                    s = 0.5 * (lo + hi);
                }
                let fs = f(s);
                if fs == 0.0 || hi - lo < 1e-12 {
                    break;
                }
                if fs < 0.0 {
                    (lo, f_lo) = (s, fs);
                    if side == 1 {
                        f_hi *= 0.5;
                    }
                    side = 1;
                } else {
                    (hi, f_hi) = (s, fs);
                    if side == -1 {
                        f_lo *= 0.5;
                    }
                    side = -1;
                }
            }
        }
        let (r, v, t) = relative(s);
        let time_s = t_s + s * h;
        Some(ClosestApproach {
            time_s,
            miss: Length::metres((t.position.metres() - r).norm()),
            interceptor: EcefState::new(Position::from_vector(r), Velocity::from_vector(v)),
            target: t,
            mass: Mass::kilograms(self.motor.mass_kg(time_s)),
        })
    }
}

/// The direction the launcher is trained in: along the line to the PIP, or at the launch
/// phase's fixed elevation on the PIP's bearing (its horizontal direction in the site's
/// frame; straight up when the PIP is overhead).
pub(super) fn launch_direction(
    frame: &EnuFrame,
    to_pip: Vector3<f64>,
    launch: &LaunchPhase,
) -> Vector3<f64> {
    match launch {
        LaunchPhase::AlongPipLine { .. } => to_pip.normalize(),
        LaunchPhase::FixedElevation { elevation, .. } => {
            let up = frame.up();
            let horizontal = to_pip - up * to_pip.dot(&up);
            let (sin_el, cos_el) = elevation.si().sin_cos();
            if horizontal.norm() > 0.0 {
                horizontal.normalize() * cos_el + up * sin_el
            } else {
                up
            }
        }
    }
}
