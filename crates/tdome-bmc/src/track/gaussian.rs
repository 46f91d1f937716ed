//! Gaussian state of a target in ECEF: position and velocity with covariance.

use nalgebra::{Matrix3, Matrix6, Vector6};
use tdome_core::{Ecef, Position, SimTime, Velocity};

/// Mean and covariance of `[x, y, z, vx, vy, vz]` in ECEF (metres, m/s) at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct GaussianState {
    /// Mean.
    pub mean: Vector6<f64>,
    /// Covariance (symmetric, positive definite).
    pub covariance: Matrix6<f64>,
    /// Time of validity.
    pub time: SimTime,
}

impl GaussianState {
    /// The position part of the mean.
    pub fn position(&self) -> Position<Ecef> {
        Position::from_metres(self.mean[0], self.mean[1], self.mean[2])
    }

    /// The velocity part of the mean.
    pub fn velocity(&self) -> Velocity<Ecef> {
        Velocity::from_mps(self.mean[3], self.mean[4], self.mean[5])
    }

    /// The position block of the covariance, m².
    pub fn position_covariance(&self) -> Matrix3<f64> {
        self.covariance.fixed_view::<3, 3>(0, 0).into_owned()
    }

    /// True when mean and covariance are finite.
    pub fn is_finite(&self) -> bool {
        self.mean.iter().all(|v| v.is_finite()) && self.covariance.iter().all(|v| v.is_finite())
    }
}

/// Replace `m` by (m + mᵀ)/2: rounding in the update slowly breaks symmetry, and a
/// covariance that is not symmetric eventually fails its Cholesky factorisation.
pub fn symmetrise(m: &mut Matrix6<f64>) {
    for i in 0..6 {
        for j in (i + 1)..6 {
            let v = 0.5 * (m[(i, j)] + m[(j, i)]);
            m[(i, j)] = v;
            m[(j, i)] = v;
        }
    }
}
