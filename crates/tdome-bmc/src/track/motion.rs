//! Motion models: how a track's state is predicted forward in time.

use nalgebra::Matrix6;

use super::gaussian::{GaussianState, symmetrise};
use tdome_core::SimTime;

/// Nearly-constant-velocity motion in ECEF with white-noise acceleration of power
/// spectral density `q` (m²/s³) on each axis (Bar-Shalom, Li & Kirubarajan, *Estimation
/// with Applications to Tracking and Navigation*, 2001, §6.2.2).
///
/// It ignores gravity and drag: over a radar scan of a few seconds the process noise
/// absorbs them. Ballistic and manoeuvring models are later, IMM-combined, predictors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NearlyConstantVelocity {
    /// Process noise power spectral density, m²/s³ per axis.
    pub q: f64,
}

impl NearlyConstantVelocity {
    /// The state predicted to `time` (which may equal the state's time; must not be
    /// earlier).
    pub fn predict(&self, state: &GaussianState, time: SimTime) -> GaussianState {
        let dt = (time - state.time).as_seconds();
        debug_assert!(dt >= 0.0, "prediction backwards in time");
        if dt == 0.0 {
            return state.clone();
        }
        let mut f = Matrix6::identity();
        for i in 0..3 {
            f[(i, i + 3)] = dt;
        }
        let mean = f * state.mean;
        let (q3, q2, q1) = (
            self.q * dt.powi(3) / 3.0,
            self.q * dt * dt / 2.0,
            self.q * dt,
        );
        let mut qm = Matrix6::zeros();
        for i in 0..3 {
            qm[(i, i)] = q3;
            qm[(i, i + 3)] = q2;
            qm[(i + 3, i)] = q2;
            qm[(i + 3, i + 3)] = q1;
        }
        let mut covariance = f * state.covariance * f.transpose() + qm;
        symmetrise(&mut covariance);
        GaussianState {
            mean,
            covariance,
            time,
        }
    }
}
