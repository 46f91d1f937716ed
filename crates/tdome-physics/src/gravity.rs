//! Gravity in the rotating ECEF frame.

use tdome_core::{Acceleration, Angle, Ecef, Length, Position, Velocity};

/// Effective gravity in the rotating ECEF frame at `p`: WGS-84 point-mass plus J2
/// gravitation, plus centrifugal acceleration.
pub fn effective_gravity(p: &Position<Ecef>) -> Acceleration<Ecef> {
    todo!("physics helper: {p:?}")
}

/// Coriolis acceleration −2 ω × v of a body moving with ECEF velocity `v`.
pub fn coriolis(v: &Velocity<Ecef>) -> Acceleration<Ecef> {
    todo!("physics helper: {v:?}")
}

/// WGS-84 normal gravity magnitude, m/s², at geodetic latitude and ellipsoidal height
/// (Somigliana's closed form with the second-order height correction, NIMA TR8350.2 §4).
pub fn normal_gravity(latitude: Angle, height: Length) -> f64 {
    todo!("physics helper: {latitude:?} {height:?}")
}
