//! Motion models: how a track's state is predicted forward in time.

use nalgebra::Matrix6;

use super::gaussian::{GaussianState, symmetrise};
use tdome_core::SimTime;

/// Nearly-constant-velocity motion in ECEF with white-noise acceleration of power
/// spectral density `q` (m²/s³) on each axis (Bar-Shalom, Li & Kirubarajan, *Estimation
/// with Applications to Tracking and Navigation*, 2001, §6.2.2).
///
/// It ignores gravity and drag, so it suits targets flying under their own lift; ballistic
/// tracks are predicted with [`Motion`] and [`MotionModel::Ballistic`].
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

/// Which motion a track is predicted with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MotionModel {
    /// Nearly constant velocity: for targets flying under their own lift (and for every
    /// track until it is known to be ballistic).
    #[default]
    NearlyConstantVelocity,
    /// Unpowered ballistic flight: the mean follows gravity, Coriolis and the assumed
    /// drag of the shared physics; the covariance follows the nearly-constant-velocity
    /// model (the gravity-gradient and drag terms of the Jacobian are small over a scan
    /// and the process noise covers them).
    Ballistic,
}

/// Predicts tracks with the model each one is assigned.
///
/// A nearly-constant-velocity filter on a ballistic target lags: in the Earth-fixed frame
/// gravity bends the path by ½·g·Δt² between scans (120 m over 5 s) and the estimated
/// velocity is biased upward, which makes predicted impacts late and long. Once the
/// assessor has judged a track ballistic, its mean is propagated with the same physics
/// the impact prediction uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Motion {
    /// The nearly-constant-velocity model (its process noise serves both models).
    pub ncv: NearlyConstantVelocity,
    /// Drag assumed for ballistic tracks.
    pub drag: tdome_physics::ballistic::CoastDrag,
    /// Longest integration step of the ballistic mean propagation, seconds.
    pub max_step_s: f64,
}

impl Motion {
    /// The state predicted to `time` under `model`.
    pub fn predict(
        &self,
        state: &GaussianState,
        time: SimTime,
        model: MotionModel,
    ) -> GaussianState {
        let mut predicted = self.ncv.predict(state, time);
        if model == MotionModel::Ballistic {
            let dt = (time - state.time).as_seconds();
            if dt > 0.0 {
                let n = (dt / self.max_step_s).ceil().max(1.0);
                let start = tdome_physics::EcefState {
                    position: state.position(),
                    velocity: state.velocity(),
                };
                let mut last = start;
                let landed =
                    tdome_physics::ballistic::coast(&start, self.drag, dt / n, dt, |_, s| {
                        last = *s
                    });
                // A track predicted through the ground keeps the straight-line mean: a
                // plot there is anyway beyond what the ballistic model can explain.
                if landed.is_none() {
                    predicted
                        .mean
                        .fixed_rows_mut::<3>(0)
                        .copy_from(last.position.metres());
                    predicted
                        .mean
                        .fixed_rows_mut::<3>(3)
                        .copy_from(last.velocity.mps());
                }
            }
        }
        predicted
    }

    /// An upper bound on how far `model`'s mean can depart from the straight line over
    /// `dt` seconds, metres (for coarse gating).
    pub fn departure_bound_m(dt: f64, model: MotionModel) -> f64 {
        match model {
            MotionModel::NearlyConstantVelocity => 0.0,
            // Gravity (≤ 9.9 m/s²) plus drag; drag on a descending warhead can reach a
            // few g, so take 40 m/s².
            MotionModel::Ballistic => 0.5 * 40.0 * dt * dt,
        }
    }
}
