//! Point-mass (3-DOF) ballistic flight in the rotating ECEF frame:
//!
//! a = g_eff(r) − 2ω×v − (ρ(h)·|v|·C_d(M)·A / (2m))·v + (T/m)·v̂   (thrust only while burning)
//!
//! with the US Standard Atmosphere 1976 for ρ and the speed of sound, J2 gravity, and a
//! gravity turn during boost (thrust along the velocity, starting from the launch rail).
//! Integrated with classic fourth-order Runge–Kutta at a fixed step, with the step split
//! at the end of thrust so the thrust discontinuity falls on a step boundary.
//!
//! The motor burns at a constant mass flow ṁ = propellant / burn time and gives thrust
//! T = Isp·g₀·ṁ (g₀ = 9.80665 m/s²) until burnout t_b or an earlier commanded thrust
//! cut-off t_c; the mass is m(t) = m₀ − ṁ·min(t, t_e) with t_e = min(t_b, t_c), so
//! propellant left at a cut-off stays aboard. The air is at rest relative to the Earth,
//! so the Earth-relative velocity v is also the airspeed and the Mach number is
//! |v| / c(h).

use std::sync::Arc;

use nalgebra::Vector3;
use tdome_core::{Acceleration, Angle, Ecef, EnuFrame, Geodetic, Length, Mass, Position, Velocity};

use crate::aero::DragCurve;
use crate::atmosphere;
use crate::dynamics::{
    CoastDynamics, Dynamics, crossing_given_heights, crossing_within_step, propagate_to_ground,
    rk4_step,
};
use crate::gravity::{coriolis_vector, effective_gravity_vector};
use crate::state::{EcefState, approximate_height_m, ellipsoidal_height_m};

mod solve;
mod staging;

use staging::{Body, Segment, Timetable};
pub use staging::{MAX_STAGES, ReentryVehicle, StagingError, UpperStage, Weave};

/// Standard gravity g₀ used to define specific impulse, m/s².
pub const STANDARD_GRAVITY: f64 = 9.806_65;

/// A ballistic vehicle: its first stage's motor, any later stages, then an unpowered
/// body, which may separate as a re-entry vehicle.
#[derive(Clone, Debug, PartialEq)]
pub struct BallisticVehicle {
    /// Mass at launch, with propellant.
    pub launch_mass: Mass,
    /// Propellant burnt during boost (at a constant mass flow).
    pub propellant_mass: Mass,
    /// Motor burn time, seconds.
    pub burn_time_s: f64,
    /// Specific impulse, seconds (thrust = Isp · g0 · ṁ).
    pub specific_impulse_s: f64,
    /// Aerodynamic reference area (body cross-section), m².
    pub reference_area_m2: f64,
    /// Drag coefficient against Mach.
    pub drag: DragCurve,
    /// Speed along the launch direction when leaving the rail or pad, m/s.
    pub rail_exit_speed_mps: f64,
    /// Stages above the first, lit in order (at most [`MAX_STAGES`] − 1). The booster
    /// keeps the first stage's reference area and drag curve throughout: the upper stages
    /// burn high, where drag hardly matters.
    pub upper_stages: Vec<UpperStage>,
    /// The re-entry vehicle that separates after the last burn, if any; without one the
    /// whole body flies to impact.
    pub reentry_vehicle: Option<ReentryVehicle>,
}

/// Why a [`BallisticVehicle`] cannot be flown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum VehicleError {
    /// The launch mass must be finite and positive.
    #[error("launch mass must be finite and positive, got {0} kg")]
    LaunchMass(f64),
    /// The propellant must be finite, non-negative and less than the launch mass.
    #[error("propellant mass must be finite, non-negative and below the launch mass, got {0} kg")]
    PropellantMass(f64),
    /// The burn time must be finite and positive.
    #[error("burn time must be finite and positive, got {0} s")]
    BurnTime(f64),
    /// The specific impulse must be finite and non-negative.
    #[error("specific impulse must be finite and non-negative, got {0} s")]
    SpecificImpulse(f64),
    /// The reference area must be finite and non-negative.
    #[error("reference area must be finite and non-negative, got {0} m²")]
    ReferenceArea(f64),
    /// The rail exit speed must be finite and non-negative.
    #[error("rail exit speed must be finite and non-negative, got {0} m/s")]
    RailExitSpeed(f64),
    /// An upper stage or the re-entry vehicle cannot be flown.
    #[error(transparent)]
    Staging(#[from] StagingError),
}

impl BallisticVehicle {
    /// Check that every figure can be flown: positive finite masses with propellant below
    /// the launch mass, positive burn time, non-negative Isp, area and rail speed.
    pub fn validate(&self) -> Result<(), VehicleError> {
        let m0 = self.launch_mass.si();
        let mp = self.propellant_mass.si();
        if !(m0.is_finite() && m0 > 0.0) {
            return Err(VehicleError::LaunchMass(m0));
        }
        if !(mp.is_finite() && mp >= 0.0 && mp < m0) {
            return Err(VehicleError::PropellantMass(mp));
        }
        if !(self.burn_time_s.is_finite() && self.burn_time_s > 0.0) {
            return Err(VehicleError::BurnTime(self.burn_time_s));
        }
        if !(self.specific_impulse_s.is_finite() && self.specific_impulse_s >= 0.0) {
            return Err(VehicleError::SpecificImpulse(self.specific_impulse_s));
        }
        if !(self.reference_area_m2.is_finite() && self.reference_area_m2 >= 0.0) {
            return Err(VehicleError::ReferenceArea(self.reference_area_m2));
        }
        if !(self.rail_exit_speed_mps.is_finite() && self.rail_exit_speed_mps >= 0.0) {
            return Err(VehicleError::RailExitSpeed(self.rail_exit_speed_mps));
        }
        staging::validate(self)?;
        Ok(())
    }

    /// A single-stage vehicle whose whole body flies to impact: the first stage's
    /// figures, no upper stages, no re-entry vehicle.
    #[allow(clippy::too_many_arguments)]
    pub fn single_stage(
        launch_mass: Mass,
        propellant_mass: Mass,
        burn_time_s: f64,
        specific_impulse_s: f64,
        reference_area_m2: f64,
        drag: DragCurve,
        rail_exit_speed_mps: f64,
    ) -> Self {
        BallisticVehicle {
            launch_mass,
            propellant_mass,
            burn_time_s,
            specific_impulse_s,
            reference_area_m2,
            drag,
            rail_exit_speed_mps,
            upper_stages: Vec::new(),
            reentry_vehicle: None,
        }
    }

    /// The whole burn with every stage lit: from launch to the last stage's burnout,
    /// coasts between stages included, seconds.
    pub fn total_burn_time_s(&self) -> f64 {
        Timetable::of(self, None).thrust_end_s
    }

    /// Mass after the first stage's burnout: launch mass minus its propellant.
    pub fn burnout_mass(&self) -> Mass {
        self.launch_mass - self.propellant_mass
    }

    /// The first stage's constant propellant mass flow ṁ, kg/s (zero if the burn time is
    /// not positive).
    pub fn mass_flow_kg_s(&self) -> f64 {
        if self.burn_time_s > 0.0 {
            self.propellant_mass.si() / self.burn_time_s
        } else {
            0.0
        }
    }

    /// The first stage's thrust T = Isp · g₀ · ṁ, newtons.
    pub fn thrust_n(&self) -> f64 {
        self.specific_impulse_s * STANDARD_GRAVITY * self.mass_flow_kg_s()
    }

    /// The ideal (Tsiolkovsky) velocity gain of every stage, Σ Isp · g₀ · ln(m₀ / m_b)
    /// over the stages (each from its own ignition mass, the spent stages below dropped),
    /// m/s.
    pub fn ideal_delta_v_mps(&self) -> f64 {
        staging::ideal_delta_v_mps(self)
    }
}

/// The reference area π d²/4 of a body of diameter `diameter`, m².
pub fn circular_reference_area_m2(diameter: Length) -> f64 {
    std::f64::consts::PI * diameter.si() * diameter.si() / 4.0
}

/// The launcher's pointing, the direction of the initial velocity in the launch site's
/// ENU frame, and when to cut the motor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaunchCommand {
    /// Azimuth, clockwise from north.
    pub azimuth: Angle,
    /// Elevation above the local horizontal.
    pub elevation: Angle,
    /// Seconds after launch at which the motor is cut (thrust termination, the energy
    /// management of a guided missile), or `None` to burn to burnout. The propellant not
    /// burnt stays aboard as mass. A cut-off at or after burnout is a full burn, one at
    /// or before 0 s gives no thrust at all, and a NaN cut-off makes the flight's state
    /// non-finite from launch (reported by [`EcefState::is_finite`]).
    pub thrust_cutoff_s: Option<f64>,
}

impl LaunchCommand {
    /// The pointing direction as a unit vector in `site`'s ENU axes, expressed in ECEF
    /// components.
    pub fn direction_ecef(&self, site: &EnuFrame) -> Vector3<f64> {
        let (se, ce) = self.elevation.si().sin_cos();
        let (sa, ca) = self.azimuth.si().sin_cos();
        site.rotation_ecef_to_enu().transpose() * Vector3::new(ce * sa, ce * ca, se)
    }
}

/// The vehicle's force model over the rotating Earth, for one segment of its timetable
/// (a burn or a coast of the booster, or the re-entry vehicle's fall), so that RK4
/// never straddles the end of thrust, a staging or the separation.
struct VehicleDynamics<'a> {
    vehicle: &'a BallisticVehicle,
    segment: Segment,
    /// Thrust direction while the Earth-relative speed is too small to define one.
    launch_direction: Vector3<f64>,
    /// The re-entry vehicle's weave and when it started, seconds after launch.
    weave: Option<(Weave, f64)>,
}

impl VehicleDynamics<'_> {
    #[inline]
    fn acceleration_vector(&self, t_s: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
        // Mass never below the segment's floor, and never zero, whatever the input (a
        // cut-off only leaves more mass aboard).
        let mass = self.segment.mass_kg(t_s).max(1e-9);
        let mut a = effective_gravity_vector(r) + coriolis_vector(v);
        let (area_m2, drag) = match (self.segment.body, &self.vehicle.reentry_vehicle) {
            (Body::ReentryVehicle, Some(rv)) => (rv.reference_area_m2, &rv.drag),
            _ => (self.vehicle.reference_area_m2, &self.vehicle.drag),
        };
        let speed = v.norm();
        if area_m2 > 0.0 && speed > 0.0 {
            let (rho, sound) = atmosphere::density_and_sound_speed(approximate_height_m(r));
            let cd = drag.cd(speed / sound);
            a -= v * (rho * speed * cd * area_m2 / (2.0 * mass));
        }
        if self.segment.burning() {
            let along = if speed > 1e-6 {
                v / speed
            } else {
                self.launch_direction
            };
            a += along * (self.segment.thrust_n / mass);
        }
        if let Some((weave, start_s)) = &self.weave {
            a += weave.acceleration(t_s - start_s, r, v);
        }
        a
    }
}

impl Dynamics for VehicleDynamics<'_> {
    fn acceleration(&self, t_s: f64, state: &EcefState) -> Acceleration<Ecef> {
        Acceleration::from_vector(self.acceleration_vector(
            t_s,
            state.position.metres(),
            state.velocity.mps(),
        ))
    }

    fn height(&self, position: &Position<Ecef>) -> Length {
        Length::metres(ellipsoidal_height_m(position.metres()))
    }
}

/// A vehicle in flight: state, mass and time since launch.
#[derive(Clone, Debug)]
pub struct BallisticFlight {
    vehicle: Arc<BallisticVehicle>,
    state: EcefState,
    elapsed_s: f64,
    timetable: Timetable,
    launch_direction: Vector3<f64>,
    /// Ellipsoidal height of `state`, metres, kept so each step computes one height.
    height_m: f64,
    /// When the re-entry vehicle's weave started, seconds after launch.
    weave_start_s: Option<f64>,
}

impl BallisticFlight {
    /// A vehicle leaving the rail at `site` pointed by `command`, its motor burning until
    /// burnout or the command's thrust cut-off.
    ///
    /// The flight starts at the site's ECEF position with velocity
    /// `rail_exit_speed_mps` along the command direction. The vehicle should have passed
    /// [`BallisticVehicle::validate`]; an invalid one flies without panicking but its state
    /// may become non-finite, which [`EcefState::is_finite`] reports. A non-finite
    /// command (NaN angle or cut-off) gives a non-finite state from the start.
    pub fn launch(vehicle: Arc<BallisticVehicle>, site: Geodetic, command: LaunchCommand) -> Self {
        let frame = EnuFrame::at(site);
        let launch_direction = command.direction_ecef(&frame);
        // A NaN cut-off has no meaning; rather than guess one, quarantine the flight the
        // way a NaN angle already does (through the direction).
        let poison = if command.thrust_cutoff_s.is_some_and(f64::is_nan) {
            f64::NAN
        } else {
            1.0
        };
        let state = EcefState {
            position: frame.origin_ecef(),
            velocity: Velocity::from_vector(
                launch_direction * (vehicle.rail_exit_speed_mps * poison),
            ),
        };
        let timetable = Timetable::of(&vehicle, command.thrust_cutoff_s);
        let height_m = ellipsoidal_height_m(state.position.metres());
        BallisticFlight {
            vehicle,
            state,
            elapsed_s: 0.0,
            timetable,
            launch_direction,
            height_m,
            weave_start_s: None,
        }
    }

    /// Advance by `dt_s` seconds (RK4, split where the timetable changes: at the end of
    /// each burn, at each staging and at the re-entry vehicle's separation; and where a
    /// manoeuvring re-entry vehicle starts its weave). A step that is not positive and
    /// finite does nothing.
    pub fn step(&mut self, dt_s: f64) {
        if !(dt_s > 0.0 && dt_s.is_finite()) {
            return;
        }
        let t0 = self.elapsed_s;
        let t1 = t0 + dt_s;
        let mut state = self.state;
        let mut t = t0;
        let timetable = self.timetable;
        let mut cuts = timetable.boundaries_within(t0, t1);
        loop {
            let next = cuts.next();
            // The last sub-step runs `dt_s - (t - t0)`, which is `dt_s` itself when the
            // step is not split: the same arithmetic as an unsplit step.
            let h = match next {
                Some(b) => b - t,
                None => dt_s - (t - t0),
            };
            state = self.sub_step(t, &state, h);
            match next {
                Some(b) => t = b,
                None => break,
            }
        }
        self.state = state;
        self.height_m = ellipsoidal_height_m(state.position.metres());
        self.elapsed_s = t1;
    }

    /// One RK4 step of `h_s` seconds from `t_s` inside a single segment, starting the
    /// re-entry vehicle's weave inside it if it descends through the weave's start height
    /// (or at separation, if it separates below that height).
    fn sub_step(&mut self, t_s: f64, state: &EcefState, h_s: f64) -> EcefState {
        let segment = *self.timetable.at(t_s);
        let weave = match (segment.body, &self.vehicle.reentry_vehicle) {
            (Body::ReentryVehicle, Some(rv)) => rv.weave,
            _ => None,
        };
        let Some(weave) = weave else {
            return rk4_step(&self.dynamics(segment, None), t_s, state, h_s);
        };
        if let Some(start) = self.weave_start_s {
            return rk4_step(
                &self.dynamics(segment, Some((weave, start))),
                t_s,
                state,
                h_s,
            );
        }
        let below = |r: &Vector3<f64>| ellipsoidal_height_m(r) - weave.start_height_m;
        if t_s <= segment.start_s && below(state.position.metres()) < 0.0 {
            // Separated below the start height: the weave starts at separation (a fixed
            // time of the timetable, so the flight still moves continuously with the
            // launch command; waiting for the apogee would not).
            self.weave_start_s = Some(t_s);
            return rk4_step(&self.dynamics(segment, Some((weave, t_s))), t_s, state, h_s);
        }
        let plain = rk4_step(&self.dynamics(segment, None), t_s, state, h_s);
        let Some((s, at)) = crossing_within_step(below, state, &plain, h_s) else {
            return plain;
        };
        // Start exactly at the crossing (on the step's interpolant), not at the next step,
        // so the flight, and any launch solved through it, moves continuously with the
        // launch command.
        let start = t_s + s * h_s;
        self.weave_start_s = Some(start);
        let rest = h_s - s * h_s;
        if rest <= 0.0 {
            return plain;
        }
        rk4_step(
            &self.dynamics(segment, Some((weave, start))),
            start,
            &at,
            rest,
        )
    }

    /// Advance by `dt_s` seconds like [`BallisticFlight::step`], and report the impact if
    /// this step took the vehicle below the ellipsoid (found with [`ground_crossing`]).
    /// The impact time counts from launch. The flight's state is left at the end of the
    /// step, below ground, for the caller to discard.
    pub fn advance(&mut self, dt_s: f64) -> Option<GroundImpact> {
        let (before, before_height) = (self.state, self.height_m);
        let t0 = self.elapsed_s;
        self.step(dt_s);
        // Same test as `ground_crossing`, reusing the heights already computed.
        let (s, at_ground) = crossing_given_heights(
            ellipsoidal_height_m,
            (&before, before_height),
            (&self.state, self.height_m),
            dt_s,
        )?;
        Some(GroundImpact::at(t0 + s * dt_s, at_ground))
    }

    fn dynamics(&self, segment: Segment, weave: Option<(Weave, f64)>) -> VehicleDynamics<'_> {
        VehicleDynamics {
            vehicle: &self.vehicle,
            segment,
            launch_direction: self.launch_direction,
            weave,
        }
    }

    /// The current state.
    pub fn state(&self) -> &EcefState {
        &self.state
    }

    /// Seconds since launch.
    pub fn elapsed_s(&self) -> f64 {
        self.elapsed_s
    }

    /// The current mass: launch mass less the propellant burnt and the stages dropped so
    /// far; after separation, the re-entry vehicle's.
    pub fn mass(&self) -> Mass {
        Mass::kilograms(self.timetable.at(self.elapsed_s).mass_kg(self.elapsed_s))
    }

    /// True while the vehicle is under power: before the last burn ends (burnout of the
    /// last stage, or a thrust cut-off), coasts between stages included.
    pub fn is_boosting(&self) -> bool {
        self.elapsed_s < self.timetable.thrust_end_s
    }

    /// When thrust ends, seconds after launch: burnout of the last stage, or the
    /// commanded cut-off if earlier (0 for a cut-off at or before launch).
    pub fn thrust_end_s(&self) -> f64 {
        self.timetable.thrust_end_s
    }

    /// When the re-entry vehicle separates, seconds after launch (`None` for a vehicle
    /// without one).
    pub fn separation_s(&self) -> Option<f64> {
        self.timetable.separation_s()
    }

    /// True once the re-entry vehicle has separated: what flies is the re-entry vehicle
    /// alone.
    pub fn is_separated(&self) -> bool {
        self.separation_s().is_some_and(|s| self.elapsed_s >= s)
    }

    /// When the re-entry vehicle's weave started, seconds after launch, if it has.
    pub fn weave_start_s(&self) -> Option<f64> {
        self.weave_start_s
    }

    /// The vehicle flown.
    pub fn vehicle(&self) -> &Arc<BallisticVehicle> {
        &self.vehicle
    }
}

/// Where and when a trajectory meets the ellipsoid (height 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroundImpact {
    /// Seconds from the start of the propagation to impact.
    pub time_s: f64,
    /// Impact point (height 0).
    pub point: Geodetic,
    /// State at impact.
    pub state: EcefState,
}

impl GroundImpact {
    fn at(time_s: f64, state: EcefState) -> Self {
        let point = Geodetic::from_ecef(&state.position).with_height(Length::ZERO);
        GroundImpact {
            time_s,
            point,
            state,
        }
    }
}

/// If the straight step from `a` to `b` (taking `dt_s` seconds) crosses height 0 going
/// down, the fraction of the step at which it does and the interpolated state there.
///
/// The crossing is solved on the cubic Hermite interpolant of the step (not a straight
/// line), to 1 µm of height, so the impact point carries the integrator's accuracy. A
/// step starting at or above the ellipsoid (within 1 µm) and ending below it crosses.
pub fn ground_crossing(a: &EcefState, b: &EcefState, dt_s: f64) -> Option<(f64, EcefState)> {
    crossing_within_step(ellipsoidal_height_m, a, b, dt_s)
}

/// [`ground_crossing`] for the surface `height_m` above the ellipsoid (the ground of a
/// defended asset on a hill, or below sea level).
pub fn surface_crossing(
    a: &EcefState,
    b: &EcefState,
    dt_s: f64,
    height_m: f64,
) -> Option<(f64, EcefState)> {
    crossing_within_step(|r| ellipsoidal_height_m(r) - height_m, a, b, dt_s)
}

/// A solved launch: pointing, and the trajectory it gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaunchSolution {
    /// How to point the launcher.
    pub command: LaunchCommand,
    /// Predicted time of flight, seconds.
    pub time_of_flight_s: f64,
    /// Predicted impact point when flown at the solving step.
    pub impact: Geodetic,
    /// Distance from the predicted impact to the aim point.
    pub miss: Length,
}

/// Why no launch solution was found.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LaunchError {
    /// The aim point lies beyond the vehicle's maximum range from the site.
    #[error("aim point {range_km:.1} km away is beyond the maximum range of {max_range_km:.1} km")]
    OutOfRange {
        /// Ground range to the aim point, km.
        range_km: f64,
        /// Maximum range found, km.
        max_range_km: f64,
    },
    /// The aim point is inside the minimum range (closer than the flattest trajectory).
    #[error("aim point {range_km:.1} km away is inside the minimum range of {min_range_km:.1} km")]
    TooClose {
        /// Ground range to the aim point, km.
        range_km: f64,
        /// Minimum range, km.
        min_range_km: f64,
    },
    /// The iteration did not converge.
    #[error("launch solution did not converge (miss {miss_m:.1} m)")]
    NoConvergence {
        /// Best miss reached, metres.
        miss_m: f64,
    },
    /// The vehicle, the step or a position cannot be flown.
    #[error("cannot solve a launch: {reason}")]
    InvalidInput {
        /// What is wrong.
        reason: String,
    },
}

/// Lowest launch elevation the solver uses, degrees: the flattest trajectory, which sets
/// the minimum range. A notional launcher limit; real rocket launchers rarely fire below a
/// few degrees, and a gravity turn from a flatter rail ploughs into the ground.
pub const MIN_LAUNCH_ELEVATION_DEG: f64 = 3.0;
/// Highest launch elevation the solver considers, degrees.
pub const MAX_LAUNCH_ELEVATION_DEG: f64 = 89.0;
/// Longest flight the solver follows before declaring that a trajectory never lands, s.
pub const MAX_FLIGHT_TIME_S: f64 = 3_600.0;
/// Target accuracy of [`solve_launch`], metres: the iteration stops below this miss.
pub const LAUNCH_TOLERANCE_M: f64 = 1.0;
/// Shortest burn a [`TrajectoryShape::MinimumEnergy`] solution cuts the motor at, as a
/// fraction of the burn time. Below it the approximation stops making sense: cut within
/// the first tenth of the burn, the vehicle has hardly begun its pitch-over and would be
/// lobbed out almost along its steep launch elevation (80–82° for the SRBMs), far from a
/// minimum-energy path; and for an unguided rocket that early a cut-off is not a thing
/// a real motor does. Closer aims are [`LaunchError::TooClose`] for this shape; the
/// depressed shape reaches them.
pub const MIN_BURN_FRACTION: f64 = 0.1;

/// Which of the trajectories that reach an aim point a launch solution picks.
///
/// A full-burn vehicle reaches any range short of its maximum at two launch elevations,
/// one on each side of the maximum-range elevation. A vehicle that can cut its motor
/// reaches it along a continuum of (elevation, cut-off) pairs; the one needing the least
/// energy is the minimum-energy trajectory. The shapes differ a great deal in apogee and
/// time of flight, hence in which defence layers can engage and how early the impact
/// point is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum TrajectoryShape {
    /// The low branch: the flattest launch elevation that reaches the aim with a full
    /// burn. Low apogee (a 600 km-class SRBM fired at 300 km peaks near 34 km) and a
    /// short flight, much of it inside the atmosphere. Fits unguided artillery rockets
    /// fired well short of their maximum range, or a missile deliberately flown under
    /// an upper-tier defence.
    #[default]
    Depressed,
    /// The high branch: the launch elevation above the maximum-range elevation that
    /// reaches the aim with a full burn. High apogee (the same SRBM at 300 km peaks near
    /// 300 km), a long flight and a steep, fast re-entry. Fits crude rockets fired on a
    /// high angle (to clear terrain, or to reach a close aim with a motor that cannot be
    /// cut), or a missile lofted to come down steeply.
    Lofted,
    /// Near the minimum-energy trajectory for the actual range: the full-burn
    /// maximum-range elevation with the motor cut early (energy management), so the
    /// vehicle flies close to its most economical path for the shorter range, with an
    /// apogee of roughly a quarter to a third of the range (the same SRBM at 300 km
    /// peaks near 87 km). Fits guided SRBMs and guided rockets with thrust termination.
    MinimumEnergy,
}

/// Solve azimuth and elevation (on the low, flatter branch of the range curve) so that
/// the vehicle, flown from `site` with [`BallisticFlight::step`] at `dt_s`, lands within a
/// few metres of `aim`; the same as [`solve_launch_shaped`] with
/// [`TrajectoryShape::Depressed`].
///
/// The prediction flies the same code the world does ([`BallisticFlight::advance`], which
/// is `step` followed by [`ground_crossing`]), so the miss is that of the world's own
/// trajectory, Earth rotation and curvature included. Method: a coarse search at a step
/// of up to 1 s brackets the low-branch elevation along the geodesic azimuth, regula falsi
/// narrows it, then Newton corrections on elevation (down-range miss, secant slope) and
/// azimuth (cross-range miss) run first at the coarse step and then at `dt_s` until the
/// miss is under [`LAUNCH_TOLERANCE_M`] (or, failing that, accepts a miss under 5 m).
/// The aim's height is ignored: impact is on the ellipsoid below it. The step must lie
/// in [0.1 ms, 10 s]. About 2 ms for a 300 km SRBM shot at a 1/8 s step (release build;
/// see the `timing` example).
pub fn solve_launch(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    dt_s: f64,
) -> Result<LaunchSolution, LaunchError> {
    solve_launch_shaped(vehicle, site, aim, dt_s, TrajectoryShape::Depressed)
}

/// Solve a launch of trajectory shape `shape` from `site` to `aim` at step `dt_s`: the
/// command (azimuth, elevation, and for [`TrajectoryShape::MinimumEnergy`] the thrust
/// cut-off) for which the vehicle flown with [`BallisticFlight::step`] at `dt_s` lands
/// within a few metres (target [`LAUNCH_TOLERANCE_M`]) of `aim`, on the ellipsoid below
/// it.
///
/// - [`TrajectoryShape::Depressed`]: as [`solve_launch`] describes.
/// - [`TrajectoryShape::Lofted`]: the same method on the branch above the maximum-range
///   elevation, where the range falls as the elevation rises: a coarse scan up past the
///   peak until the range falls short of the aim, regula falsi in that bracket, Newton on
///   both angles kept above the peak. An aim nearer than an 89° launch lands is
///   [`LaunchError::TooClose`].
/// - [`TrajectoryShape::MinimumEnergy`]: the launch elevation is fixed at the full-burn
///   maximum-range elevation along the geodesic azimuth (found at the coarse step), and
///   the solver finds the thrust cut-off time, between [`MIN_BURN_FRACTION`] of the
///   burn and a full burn, and the azimuth: the range rises monotonically with the burn
///   time, so regula falsi brackets it and Newton corrects it with the azimuth. Why
///   this approximation: the true minimum-energy launch would also move the elevation
///   with the range, a two-dimensional search per aim at several times the cost; the
///   full-burn maximum-range trajectory is exactly the minimum-energy one at the
///   maximum range, and near its optimum the burn needed is flat in elevation, so the
///   fixed elevation costs little (measured: within 0.6 % of the least burn over a
///   sweep of elevations, `docs/physics.md`). Beyond a full burn is
///   [`LaunchError::OutOfRange`]; nearer than the shortest burn allowed is
///   [`LaunchError::TooClose`].
///
/// Bad input (an invalid vehicle, non-finite positions, a step outside [0.1 ms, 10 s])
/// gives [`LaunchError::InvalidInput`]; nothing panics. Timings (release build, the
/// `timing` example) are in `docs/physics.md`.
pub fn solve_launch_shaped(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    dt_s: f64,
    shape: TrajectoryShape,
) -> Result<LaunchSolution, LaunchError> {
    solve::solve_launch(vehicle, site, aim, dt_s, shape)
}

/// The maximum ground range of the vehicle from `site` towards `azimuth`, and the
/// launch elevation that gives it, flown at step `dt_s`.
///
/// Ground range is the geodesic distance on the ellipsoid from the site to the impact.
/// The elevation is searched between [`MIN_LAUNCH_ELEVATION_DEG`] and
/// [`MAX_LAUNCH_ELEVATION_DEG`], first on a grid at a coarse step, then by golden section,
/// then refined with a parabola through three flights at `dt_s`. An invalid vehicle, a
/// step outside [0.1 ms, 10 s], or a vehicle that never lands gives (0, 0).
pub fn maximum_range(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth: Angle,
    dt_s: f64,
) -> (Length, Angle) {
    solve::maximum_range(vehicle, site, azimuth, dt_s)
}

/// How an unpowered body is assumed to decelerate when predicting it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CoastDrag {
    /// No drag.
    Vacuum,
    /// Drag with a constant ballistic coefficient β = m / (C_d·A), kg/m².
    BallisticCoefficient(f64),
}

/// Propagate an unpowered body from `state` at a fixed step `step_s` (RK4) until it
/// reaches height 0 or `horizon_s` elapses, calling `visit(t_s, &state)` after each step
/// (t from the start). Returns the impact, if it happens within the horizon.
///
/// Forces: J2 gravity, centrifugal, Coriolis, and for
/// [`CoastDrag::BallisticCoefficient`] drag −ρ|v|v/(2β) in the 1976 atmosphere (a β that
/// is not positive means no drag). The step that reaches the ground is visited with the
/// state at impact; the last step is shortened to end exactly at the horizon. A step or
/// horizon that is not positive and finite gives `None` without visiting; a state that
/// becomes non-finite stops the propagation with `None`.
///
/// Allocation-free and cheap: a 320 s SRBM-like coast at a 1 s step takes about 40 µs in
/// vacuum and 90 µs with drag on the development machine (release build; see the
/// `timing` example).
pub fn coast(
    state: &EcefState,
    drag: CoastDrag,
    step_s: f64,
    horizon_s: f64,
    visit: impl FnMut(f64, &EcefState),
) -> Option<GroundImpact> {
    let touchdown = propagate_to_ground(&CoastDynamics { drag }, state, step_s, horizon_s, visit)?;
    Some(GroundImpact::at(touchdown.time_s, touchdown.state))
}
