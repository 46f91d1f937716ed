//! Gaussian state estimates in ECEF. Every motion model's state starts with position and
//! velocity, `[x, y, z, vx, vy, vz, …]` (metres, m/s); models append what they need
//! (acceleration, the inverse ballistic coefficient), so the size is the model's.

use nalgebra::{Matrix3, Matrix6, SMatrix, SVector, Vector6};
use tdome_core::{Ecef, Position, SimTime, Velocity};

/// Mean and covariance of an `N`-component state at a time. The first six components
/// are ECEF position and velocity.
#[derive(Clone, Debug, PartialEq)]
pub struct Gaussian<const N: usize> {
    /// Mean.
    pub mean: SVector<f64, N>,
    /// Covariance (symmetric, positive definite).
    pub covariance: SMatrix<f64, N, N>,
    /// Time of validity.
    pub time: SimTime,
}

/// Position and velocity only: what every model shares, and what the picture reports.
pub type GaussianState = Gaussian<6>;

impl<const N: usize> Gaussian<N> {
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

    /// Position and velocity with their covariance: the part every model shares.
    pub fn kinematics(&self) -> GaussianState {
        Gaussian {
            mean: self.mean.fixed_rows::<6>(0).into_owned(),
            covariance: self.covariance.fixed_view::<6, 6>(0, 0).into_owned(),
            time: self.time,
        }
    }

    /// True when mean and covariance are finite.
    pub fn is_finite(&self) -> bool {
        self.mean.as_slice().iter().all(|v| v.is_finite())
            && self.covariance.as_slice().iter().all(|v| v.is_finite())
    }
}

impl GaussianState {
    /// A 6-state Gaussian from its parts.
    pub fn new(mean: Vector6<f64>, covariance: Matrix6<f64>, time: SimTime) -> Self {
        Gaussian {
            mean,
            covariance,
            time,
        }
    }
}

/// Replace `m` by (m + mᵀ)/2: rounding in the update slowly breaks symmetry, and a
/// covariance that is not symmetric eventually fails its Cholesky factorisation.
pub fn symmetrise<const N: usize>(m: &mut SMatrix<f64, N, N>) {
    for i in 0..N {
        for j in (i + 1)..N {
            let v = 0.5 * (m[(i, j)] + m[(j, i)]);
            m[(i, j)] = v;
            m[(j, i)] = v;
        }
    }
}
