//! The point-mass state vector in ECEF and cubic Hermite interpolation between two states.

use tdome_core::{Ecef, Position, Velocity};

/// Position and velocity of a point mass in the rotating ECEF frame (velocity relative
/// to the Earth).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct EcefState {
    /// Position.
    pub position: Position<Ecef>,
    /// Velocity relative to the rotating Earth.
    pub velocity: Velocity<Ecef>,
}

impl EcefState {
    /// The state a fraction `s` ∈ [0, 1] of the way through a step of `dt` seconds from
    /// `a` to `b`, by cubic Hermite interpolation on positions and velocities (exact for
    /// motion of constant jerk... and accurate to O(dt⁴) for smooth motion).
    pub fn hermite(a: &EcefState, b: &EcefState, dt: f64, s: f64) -> EcefState {
        todo!("physics helper: {a:?} {b:?} {dt} {s}")
    }
}
