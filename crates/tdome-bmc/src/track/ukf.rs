//! The unscented Kalman filter: prediction through a nonlinear motion model and update
//! with a radar plot, each by the unscented transform with Van der Merwe's scaled sigma
//! points (Wan & van der Merwe, "The unscented Kalman filter for nonlinear estimation",
//! 2000). Conventions follow filterpy's `UnscentedKalmanFilter` and
//! `MerweScaledSigmaPoints`, which the validation fixture checks step by step.
//!
//! Azimuth wraps at north, so it is averaged about the central sigma point's azimuth
//! (az₀ + Σ wᵢ·wrap(azᵢ − az₀)) and its residuals are taken the short way round.

use nalgebra::{Cholesky, Const, DimMin, SMatrix, SVector};
use tdome_core::plot::Plot;
use tdome_core::units::{wrap_pi, wrap_two_pi};

use super::gaussian::{Gaussian, symmetrise};
use super::measurement::{
    UpdateError, Updated, measured, noise_covariance, predicted_measurement, uses_range_rate,
};

/// Van der Merwe's scaled sigma-point parameters: spread `alpha`, prior-knowledge
/// `beta` (2 is optimal for a Gaussian), secondary scaling `kappa`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SigmaPoints {
    /// Spread of the points about the mean, (0, 1].
    pub alpha: f64,
    /// Weight of the central point in the covariance (2 for Gaussian priors).
    pub beta: f64,
    /// Secondary scaling (0, or 3 − n).
    pub kappa: f64,
}

impl Default for SigmaPoints {
    fn default() -> Self {
        // α = 0.5 keeps the points within the region where a polar measurement is
        // nearly linear for the covariances a tracker carries, yet the weights stay of
        // modest size (a tiny α makes the central weight huge and the sums cancel).
        SigmaPoints {
            alpha: 0.5,
            beta: 2.0,
            kappa: 0.0,
        }
    }
}

/// The 2N+1 points of a Gaussian and their mean and covariance weights.
pub(crate) struct Points<const N: usize> {
    /// The points, the mean first.
    pub points: Vec<SVector<f64, N>>,
    /// Their weights in the mean.
    pub wm: Vec<f64>,
    /// Their weights in the covariance.
    pub wc: Vec<f64>,
}

impl SigmaPoints {
    /// The sigma points of `g` (fails when its covariance is not positive definite).
    pub(crate) fn points<const N: usize>(&self, g: &Gaussian<N>) -> Result<Points<N>, UpdateError> {
        let n = N as f64;
        let lambda = self.alpha * self.alpha * (n + self.kappa) - n;
        let chol =
            Cholesky::new(g.covariance * (n + lambda)).ok_or(UpdateError::SingularInnovation)?;
        let l = chol.l();
        let mut points = Vec::with_capacity(2 * N + 1);
        points.push(g.mean);
        for k in 0..N {
            points.push(g.mean + l.column(k));
        }
        for k in 0..N {
            points.push(g.mean - l.column(k));
        }
        let wi = 0.5 / (n + lambda);
        let wm0 = lambda / (n + lambda);
        let mut wm = vec![wi; 2 * N + 1];
        let mut wc = vec![wi; 2 * N + 1];
        wm[0] = wm0;
        wc[0] = wm0 + 1.0 - self.alpha * self.alpha + self.beta;
        Ok(Points { points, wm, wc })
    }
}

/// The unscented prediction of `state` to `time` through `propagate` (the motion
/// model's mean map over `dt` seconds), plus process noise `q`.
pub fn predict<const N: usize>(
    state: &Gaussian<N>,
    time: tdome_core::SimTime,
    sigma: SigmaPoints,
    propagate: impl Fn(&SVector<f64, N>, f64) -> SVector<f64, N>,
    q: &SMatrix<f64, N, N>,
) -> Result<Gaussian<N>, UpdateError> {
    let dt = (time - state.time).as_seconds();
    if dt <= 0.0 {
        return Ok(state.clone());
    }
    let mut pts = sigma.points(state)?;
    for p in pts.points.iter_mut() {
        *p = propagate(p, dt);
    }
    let mean: SVector<f64, N> = pts
        .points
        .iter()
        .zip(&pts.wm)
        .fold(SVector::zeros(), |acc, (p, w)| acc + p * *w);
    let mut covariance = *q;
    for (p, w) in pts.points.iter().zip(&pts.wc) {
        let d = p - mean;
        covariance += d * d.transpose() * *w;
    }
    symmetrise(&mut covariance);
    Ok(Gaussian {
        mean,
        covariance,
        time,
    })
}

/// The unscented update of `predicted` (already at the plot's time) with `plot`, with
/// range rate when the plot carries it and its model weighs it.
pub fn update<const N: usize>(
    predicted: &Gaussian<N>,
    plot: &Plot,
    sigma: SigmaPoints,
) -> Result<Updated<N>, UpdateError> {
    if uses_range_rate(plot) {
        update_dim::<N, 4>(predicted, plot, sigma)
    } else {
        update_dim::<N, 3>(predicted, plot, sigma)
    }
}

fn update_dim<const N: usize, const M: usize>(
    predicted: &Gaussian<N>,
    plot: &Plot,
    sigma: SigmaPoints,
) -> Result<Updated<N>, UpdateError>
where
    Const<M>: DimMin<Const<M>, Output = Const<M>>,
{
    let pts = sigma.points(predicted)?;
    let mut zs: Vec<SVector<f64, M>> = Vec::with_capacity(pts.points.len());
    for p in &pts.points {
        let x6 = p.fixed_rows::<6>(0).into_owned();
        zs.push(predicted_measurement::<M>(&plot.model, &x6)?);
    }
    let az0 = zs[0][1];
    let mut z_mean = SVector::<f64, M>::zeros();
    let mut az_offset = 0.0;
    for (z, w) in zs.iter().zip(&pts.wm) {
        z_mean += z * *w;
        az_offset += w * wrap_pi(z[1] - az0);
    }
    z_mean[1] = wrap_two_pi(az0 + az_offset);
    let residual = |z: &SVector<f64, M>| {
        let mut d = z - z_mean;
        d[1] = wrap_pi(d[1]);
        d
    };
    let mut s = noise_covariance::<M>(&plot.model);
    let mut pxz = SMatrix::<f64, N, M>::zeros();
    for ((z, p), w) in zs.iter().zip(&pts.points).zip(&pts.wc) {
        let dz = residual(z);
        s += dz * dz.transpose() * *w;
        pxz += (p - predicted.mean) * dz.transpose() * *w;
    }
    let chol = Cholesky::new(s).ok_or(UpdateError::SingularInnovation)?;
    let nu = residual(&measured::<M>(plot));
    // K = Pxz S⁻¹ = (S⁻¹ Pxzᵀ)ᵀ.
    let k: SMatrix<f64, N, M> = chol.solve(&pxz.transpose()).transpose();
    let mean = predicted.mean + k * nu;
    let covariance = predicted.covariance - k * s * k.transpose();
    Ok(Updated::from_innovation(
        (mean, covariance),
        predicted.time,
        &nu,
        &chol,
    ))
}
