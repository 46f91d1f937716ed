//! Point-mass (3-DOF) ballistic flight in the rotating ECEF frame:
//!
//! a = g_eff(r) − 2ω×v − (ρ(h)·|v|·C_d(M)·A / (2m))·v + (T/m)·v̂   (thrust only while burning)
//!
//! with the US Standard Atmosphere 1976 for ρ and the speed of sound, J2 gravity, and a
//! gravity turn during boost (thrust along the velocity, starting from the launch rail).
//! Integrated with classic fourth-order Runge–Kutta at a fixed step, with the step split
//! at burnout so the thrust discontinuity falls on a step boundary.

use std::sync::Arc;

use tdome_core::{Angle, Geodetic, Length, Mass};

use crate::aero::DragCurve;
use crate::state::EcefState;

/// A ballistic vehicle: single-stage motor, then an unpowered body.
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
}

/// The launcher's pointing: the direction of the initial velocity in the launch site's
/// ENU frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaunchCommand {
    /// Azimuth, clockwise from north.
    pub azimuth: Angle,
    /// Elevation above the local horizontal.
    pub elevation: Angle,
}

/// A vehicle in flight: state, mass and time since launch.
#[derive(Clone, Debug)]
pub struct BallisticFlight {
    vehicle: Arc<BallisticVehicle>,
    state: EcefState,
    elapsed_s: f64,
}

impl BallisticFlight {
    /// A vehicle leaving the rail at `site` pointed by `command`.
    pub fn launch(vehicle: Arc<BallisticVehicle>, site: Geodetic, command: LaunchCommand) -> Self {
        todo!("physics helper: {vehicle:?} {site:?} {command:?}")
    }

    /// Advance by `dt_s` seconds (RK4, split at burnout).
    pub fn step(&mut self, dt_s: f64) {
        todo!("physics helper: {dt_s}")
    }

    /// The current state.
    pub fn state(&self) -> &EcefState {
        &self.state
    }

    /// Seconds since launch.
    pub fn elapsed_s(&self) -> f64 {
        self.elapsed_s
    }

    /// The current mass.
    pub fn mass(&self) -> Mass {
        todo!("physics helper")
    }

    /// True while the motor burns.
    pub fn is_boosting(&self) -> bool {
        self.elapsed_s < self.vehicle.burn_time_s
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

/// If the straight step from `a` to `b` (taking `dt_s` seconds) crosses height 0 going
/// down, the fraction of the step at which it does and the interpolated state there.
pub fn ground_crossing(a: &EcefState, b: &EcefState, dt_s: f64) -> Option<(f64, EcefState)> {
    todo!("physics helper: {a:?} {b:?} {dt_s}")
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
}

/// Solve azimuth and elevation (on the low, flatter branch of the range curve) so that
/// the vehicle, flown from `site` with [`BallisticFlight::step`] at `dt_s`, lands within a
/// few metres of `aim`.
pub fn solve_launch(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    dt_s: f64,
) -> Result<LaunchSolution, LaunchError> {
    todo!("physics helper: {vehicle:?} {site:?} {aim:?} {dt_s}")
}

/// The maximum ground range of the vehicle from `site` towards `azimuth`, and the
/// launch elevation that gives it, flown at step `dt_s`.
pub fn maximum_range(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth: Angle,
    dt_s: f64,
) -> (Length, Angle) {
    todo!("physics helper: {vehicle:?} {site:?} {azimuth:?} {dt_s}")
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
pub fn coast(
    state: &EcefState,
    drag: CoastDrag,
    step_s: f64,
    horizon_s: f64,
    visit: impl FnMut(f64, &EcefState),
) -> Option<GroundImpact> {
    todo!("physics helper: {state:?} {drag:?} {step_s} {horizon_s}")
}
