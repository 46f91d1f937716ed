//! The posterior Cramér–Rao lower bound (PCRLB; Tichavský, Muravchik & Nehorai 1998,
//! "Posterior Cramér–Rao bounds for discrete-time nonlinear filtering", IEEE T-SP 46(5))
//! for a nearly-constant-velocity target seen by polar radars.
//!
//! State x = (ECEF position, velocity), transition F = [I, Δt I; 0, I], process noise Q
//! of the continuous white-acceleration model with power spectral density q (m²/s³).
//! The Fisher information recursion (additive Gaussian noise, linear motion):
//!
//! ```text
//!   J_{k+1} = D22 − D21 (J_k + D11)⁻¹ D12
//!   D11 = Fᵀ Q⁻¹ F,  D12 = −Fᵀ Q⁻¹ = D21ᵀ,  D22 = Q⁻¹ + Σ_sensors q_IRF · Hᵀ R⁻¹ H
//! ```
//!
//! with H the Jacobian of (range, azimuth, elevation) with respect to the state,
//! evaluated on the true trajectory, and R the sensor's measurement noise.
//!
//! Pd < 1: the information-reduction factor q_IRF = Pd, the "enumeration" bound of
//! Hernandez, Marrs, Farina & Ristic (2004/2006), measurement-sequence-conditioned: the
//! expected information of a scan is Pd times that of a detection when there is no
//! clutter. It is optimistic (a valid lower bound only in that idealised sense); clutter
//! would reduce q further and is not modelled here.
//!
//! J₀ at the first scan: the first scan's measurement information (q_IRF · HᵀR⁻¹H, the
//! inverse of the converted-measurement position covariance) for position, and a
//! velocity prior of standard deviation σ_v on each axis. Range rate is not used: for
//! a radar that measures it, the bound is that of a tracker ignoring it.
//!
//! Output per scan: √trace of the position block of J⁻¹, the lower bound on the
//! position RMSE of any unbiased estimator, in metres.

use nalgebra::{Cholesky, Matrix3, Matrix6, SMatrix};
use tdome_core::plot::CartesianToRangeAzimuthElevation;
use tdome_core::{Ecef, Length, Position, SimTime};

use crate::EvalError;

/// A radar seen by the bound: its measurement model and probability of detection.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundSensor {
    /// Site and range/azimuth/elevation standard deviations.
    pub model: CartesianToRangeAzimuthElevation,
    /// Probability of detection per scan, in (0, 1].
    pub pd: f64,
}

/// Parameters of the bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pcrlb {
    /// Process-noise power spectral density q, m²/s³ (> 0: the D-form needs Q⁻¹).
    pub q_psd: f64,
    /// Prior standard deviation of each velocity component at the first scan, m/s.
    pub velocity_prior_sigma: f64,
}

/// The Jacobian of (range, azimuth, elevation) with respect to ECEF position, as the
/// tracker's measurement model linearises it; `None` on the radar's vertical axis.
pub fn polar_jacobian(
    model: &CartesianToRangeAzimuthElevation,
    p: &Position<Ecef>,
) -> Option<Matrix3<f64>> {
    tdome_bmc::track::measurement::position_jacobian(model, p.metres())
}

impl Pcrlb {
    /// The measurement information of one scan at true position `p`: Σ_s Pd_s · HᵀR⁻¹H
    /// (position block; the velocity block gets nothing from position measurements).
    fn scan_information(
        sensors: &[BoundSensor],
        p: &Position<Ecef>,
    ) -> Result<Matrix3<f64>, EvalError> {
        let mut info = Matrix3::zeros();
        for s in sensors {
            let h = polar_jacobian(&s.model, p).ok_or(EvalError::Parameter(
                "a scan's true position is on a radar's vertical axis (azimuth undefined)",
            ))?;
            let r_inv = Matrix3::from_diagonal(&nalgebra::Vector3::new(
                s.model.sigma_range.si().powi(-2),
                s.model.sigma_azimuth.si().powi(-2),
                s.model.sigma_elevation.si().powi(-2),
            ));
            info += h.transpose() * r_inv * h * s.pd;
        }
        Ok(info)
    }

    /// The position RMSE bound at each scan of `trajectory` (true positions at the scan
    /// times, strictly increasing), every sensor scanning at every scan time.
    pub fn position_rmse_bound(
        &self,
        trajectory: &[(SimTime, Position<Ecef>)],
        sensors: &[BoundSensor],
    ) -> Result<Vec<Length>, EvalError> {
        self.check(sensors)?;
        let Some((first, rest)) = trajectory.split_first() else {
            return Ok(Vec::new());
        };
        let mut j = Matrix6::zeros();
        j.fixed_view_mut::<3, 3>(0, 0)
            .copy_from(&Self::scan_information(sensors, &first.1)?);
        for k in 3..6 {
            j[(k, k)] = self.velocity_prior_sigma.powi(-2);
        }
        let mut out = vec![position_bound(&j)?];
        let mut previous = first.0;
        for (t, p) in rest {
            let dt = t.since(previous).as_seconds();
            if dt <= 0.0 {
                return Err(EvalError::Parameter("scan times must increase strictly"));
            }
            j = self.step(&j, dt, &Self::scan_information(sensors, p)?)?;
            out.push(position_bound(&j)?);
            previous = *t;
        }
        Ok(out)
    }

    /// One step of the information recursion, with Cholesky solves for Q⁻¹ and
    /// (J + D11)⁻¹.
    pub fn step(
        &self,
        j: &Matrix6<f64>,
        dt: f64,
        measurement_information: &Matrix3<f64>,
    ) -> Result<Matrix6<f64>, EvalError> {
        let (f, q) = cv(dt, self.q_psd);
        let q_inv = Cholesky::new(q)
            .ok_or(EvalError::Numerical("process noise not positive definite"))?
            .inverse();
        let d11 = f.transpose() * q_inv * f;
        let d12 = -f.transpose() * q_inv;
        let mut d22 = q_inv;
        let mut block = d22.fixed_view_mut::<3, 3>(0, 0);
        block += measurement_information;
        let chol = Cholesky::new(j + d11).ok_or(EvalError::Numerical(
            "information matrix not positive definite",
        ))?;
        let mut next = d22 - d12.transpose() * chol.solve(&d12);
        next = (next + next.transpose()) * 0.5;
        Ok(next)
    }

    fn check(&self, sensors: &[BoundSensor]) -> Result<(), EvalError> {
        if !(self.q_psd.is_finite() && self.q_psd > 0.0) {
            return Err(EvalError::Parameter("q (PSD) must be finite and > 0"));
        }
        if !(self.velocity_prior_sigma.is_finite() && self.velocity_prior_sigma > 0.0) {
            return Err(EvalError::Parameter(
                "the velocity prior sigma must be finite and > 0",
            ));
        }
        let sigma_ok = |s: &BoundSensor| {
            [
                s.model.sigma_range.si(),
                s.model.sigma_azimuth.si(),
                s.model.sigma_elevation.si(),
            ]
            .iter()
            .all(|v| v.is_finite() && *v > 0.0)
        };
        match sensors
            .iter()
            .find(|s| !((s.pd > 0.0 && s.pd <= 1.0) && sigma_ok(s)))
        {
            Some(_) => Err(EvalError::Parameter(
                "each sensor needs Pd in (0, 1] and finite positive sigmas",
            )),
            None => Ok(()),
        }
    }
}

/// F and Q of the nearly-constant-velocity model over `dt` seconds.
pub fn cv(dt: f64, q_psd: f64) -> (Matrix6<f64>, Matrix6<f64>) {
    let mut f = Matrix6::identity();
    let mut q = Matrix6::zeros();
    for k in 0..3 {
        f[(k, k + 3)] = dt;
        q[(k, k)] = q_psd * dt.powi(3) / 3.0;
        q[(k, k + 3)] = q_psd * dt.powi(2) / 2.0;
        q[(k + 3, k)] = q_psd * dt.powi(2) / 2.0;
        q[(k + 3, k + 3)] = q_psd * dt;
    }
    (f, q)
}

/// √trace of the position block of J⁻¹.
fn position_bound(j: &Matrix6<f64>) -> Result<Length, EvalError> {
    let cov: SMatrix<f64, 6, 6> = Cholesky::new(*j)
        .ok_or(EvalError::Numerical(
            "information matrix not positive definite",
        ))?
        .inverse();
    Ok(Length::metres(
        (cov[(0, 0)] + cov[(1, 1)] + cov[(2, 2)]).sqrt(),
    ))
}
