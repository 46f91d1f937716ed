//! The measurement model of radar plots and the extended Kalman filter update, with each plot's own measurement
//! model ([`CartesianToRangeAzimuthElevation`]).

use nalgebra::{Cholesky, Const, Matrix3, SMatrix, SVector, Vector3};
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::units::wrap_pi;

use super::gaussian::{Gaussian, symmetrise};

/// Why a plot could not update a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateError {
    /// The innovation covariance was not positive definite (a numerically broken track).
    SingularInnovation,
    /// The predicted position coincides with the sensor or lies on its vertical axis,
    /// where azimuth is undefined.
    DegenerateGeometry,
}

/// The measurement a state predicts, and its Jacobian, for range, azimuth, elevation
/// (and range rate when `with_range_rate`).
struct Linearised<const M: usize> {
    z_pred: SVector<f64, M>,
    h: SMatrix<f64, M, 6>,
}

fn linearise<const M: usize>(
    model: &CartesianToRangeAzimuthElevation,
    mean: &nalgebra::Vector6<f64>,
) -> Result<Linearised<M>, UpdateError> {
    let rot = model.site.rotation_ecef_to_enu();
    let los_ecef = Vector3::new(mean[0], mean[1], mean[2]) - model.site.origin_ecef().metres();
    let r = rot * los_ecef;
    let (e, n, u) = (r.x, r.y, r.z);
    let hor2 = e * e + n * n;
    let hor = hor2.sqrt();
    let rho2 = hor2 + u * u;
    let rho = rho2.sqrt();
    if hor < 1e-3 || rho < 1e-3 {
        return Err(UpdateError::DegenerateGeometry);
    }
    // Jacobian of (range, azimuth, elevation) with respect to ENU position.
    let j_enu = Matrix3::new(
        e / rho,
        n / rho,
        u / rho,
        n / hor2,
        -e / hor2,
        0.0,
        -e * u / (rho2 * hor),
        -n * u / (rho2 * hor),
        hor / rho2,
    );
    let j_pos = j_enu * rot;
    let mut z_pred = SVector::<f64, M>::zeros();
    let mut h = SMatrix::<f64, M, 6>::zeros();
    z_pred[0] = rho;
    z_pred[1] = e.atan2(n);
    z_pred[2] = u.atan2(hor);
    h.fixed_view_mut::<3, 3>(0, 0).copy_from(&j_pos);
    if M == 4 {
        let v = Vector3::new(mean[3], mean[4], mean[5]);
        let rdot = los_ecef.dot(&v) / rho;
        z_pred[3] = rdot;
        // d(ṙ)/dp = v/ρ − ṙ·p/ρ², d(ṙ)/dv = p/ρ (p the line of sight, ECEF).
        let d_dp = v / rho - los_ecef * (rdot / rho2);
        let d_dv = los_ecef / rho;
        for k in 0..3 {
            h[(3, k)] = d_dp[k];
            h[(3, k + 3)] = d_dv[k];
        }
    }
    Ok(Linearised { z_pred, h })
}

fn measurement_vector<const M: usize>(plot: &Plot) -> SVector<f64, M> {
    let mut z = SVector::<f64, M>::zeros();
    z[0] = plot.measurement.range.si();
    z[1] = plot.measurement.azimuth.si();
    z[2] = plot.measurement.elevation.si();
    if M == 4 {
        z[3] = plot.range_rate.map_or(0.0, |s| s.si());
    }
    z
}

fn noise<const M: usize>(model: &CartesianToRangeAzimuthElevation) -> SMatrix<f64, M, M> {
    let mut r = SMatrix::<f64, M, M>::zeros();
    r[(0, 0)] = model.sigma_range.si().powi(2);
    r[(1, 1)] = model.sigma_azimuth.si().powi(2);
    r[(2, 2)] = model.sigma_elevation.si().powi(2);
    if M == 4 {
        r[(3, 3)] = model.sigma_range_rate.map_or(1.0, |s| s.si()).powi(2);
    }
    r
}

/// A plot's measurement update of a predicted state: the posterior, and how well the
/// plot fitted the prediction.
#[derive(Clone, Debug)]
pub struct Updated<const N: usize> {
    /// The posterior.
    pub state: Gaussian<N>,
    /// Normalised innovation squared, νᵀ S⁻¹ ν.
    pub nis: f64,
    /// ln det S.
    pub ln_det_s: f64,
    /// Dimension of the measurement (3, or 4 with range rate).
    pub dim: usize,
}

impl<const N: usize> Updated<N> {
    /// The update of a prediction valid at `time` to `mean`, `covariance`, with the
    /// innovation `nu` and the Cholesky factor of its covariance S.
    pub(crate) fn from_innovation<const M: usize>(
        (mean, mut covariance): (SVector<f64, N>, SMatrix<f64, N, N>),
        time: tdome_core::SimTime,
        nu: &SVector<f64, M>,
        chol: &Cholesky<f64, Const<M>>,
    ) -> Self {
        symmetrise(&mut covariance);
        Updated {
            state: Gaussian {
                mean,
                covariance,
                time,
            },
            nis: nu.dot(&chol.solve(nu)),
            ln_det_s: 2.0 * (0..M).map(|i| chol.l_dirty()[(i, i)].ln()).sum::<f64>(),
            dim: M,
        }
    }

    /// ln of the Gaussian likelihood of the measurement, N(ν; 0, S): what an IMM weighs
    /// its models by.
    pub fn log_likelihood(&self) -> f64 {
        -0.5 * (self.nis + self.ln_det_s + self.dim as f64 * (2.0 * std::f64::consts::PI).ln())
    }
}

/// The normalised innovation squared of `plot`'s position measurement (range, azimuth,
/// elevation) against the predicted state, and ln det S, for gating and association.
pub fn position_nis<const N: usize>(
    predicted: &Gaussian<N>,
    plot: &Plot,
) -> Result<(f64, f64), UpdateError> {
    let lin = linearise::<3>(&plot.model, &predicted.mean.fixed_rows::<6>(0).into_owned())?;
    let mut nu = measurement_vector::<3>(plot) - lin.z_pred;
    nu[1] = wrap_pi(nu[1]);
    let p6 = predicted.covariance.fixed_view::<6, 6>(0, 0);
    let s = lin.h * p6 * lin.h.transpose() + noise::<3>(&plot.model);
    let chol = Cholesky::new(s).ok_or(UpdateError::SingularInnovation)?;
    let nis = nu.dot(&chol.solve(&nu));
    let ln_det = 2.0 * (0..3).map(|i| chol.l_dirty()[(i, i)].ln()).sum::<f64>();
    Ok((nis, ln_det))
}

/// True when `plot` carries a range rate its sensor's model can weigh.
pub fn uses_range_rate(plot: &Plot) -> bool {
    plot.range_rate.is_some() && plot.model.sigma_range_rate.is_some()
}

/// The EKF update of `predicted` (already at the plot's time) with `plot`. Uses range
/// rate when the plot carries it and its model has a range-rate sigma. The measurement
/// depends on position and velocity only; components beyond them (acceleration, the
/// inverse ballistic coefficient) are corrected through their covariance with those.
pub fn update<const N: usize>(
    predicted: &Gaussian<N>,
    plot: &Plot,
) -> Result<Updated<N>, UpdateError> {
    if uses_range_rate(plot) {
        update_dim::<N, 4>(predicted, plot)
    } else {
        update_dim::<N, 3>(predicted, plot)
    }
}

fn update_dim<const N: usize, const M: usize>(
    predicted: &Gaussian<N>,
    plot: &Plot,
) -> Result<Updated<N>, UpdateError>
where
    Const<M>: nalgebra::DimMin<Const<M>, Output = Const<M>>,
{
    let lin = linearise::<M>(&plot.model, &predicted.mean.fixed_rows::<6>(0).into_owned())?;
    let mut nu = measurement_vector::<M>(plot) - lin.z_pred;
    // Azimuth wraps at north; the innovation must be the short way round.
    nu[1] = wrap_pi(nu[1]);
    let r = noise::<M>(&plot.model);
    let mut h = SMatrix::<f64, M, N>::zeros();
    h.fixed_view_mut::<M, 6>(0, 0).copy_from(&lin.h);
    let p = &predicted.covariance;
    let hp = h * p; // M×N
    let s = hp * h.transpose() + r;
    let chol = Cholesky::new(s).ok_or(UpdateError::SingularInnovation)?;
    // K = P Hᵀ S⁻¹ = (S⁻¹ H P)ᵀ, by a Cholesky solve rather than an explicit inverse.
    let k: SMatrix<f64, N, M> = chol.solve(&hp).transpose();
    let mean = predicted.mean + k * nu;
    // Joseph form keeps the covariance positive definite under rounding.
    let i_kh = SMatrix::<f64, N, N>::identity() - k * h;
    let covariance = i_kh * p * i_kh.transpose() + k * r * k.transpose();
    Ok(Updated::from_innovation(
        (mean, covariance),
        predicted.time,
        &nu,
        &chol,
    ))
}

/// The measurement `plot`'s model predicts for position and velocity `x` (range,
/// azimuth in [0, 2π), elevation, and range rate when `M` is 4).
pub fn predicted_measurement<const M: usize>(
    model: &CartesianToRangeAzimuthElevation,
    x: &nalgebra::Vector6<f64>,
) -> Result<SVector<f64, M>, UpdateError> {
    let mut z = linearise::<M>(model, x)?.z_pred;
    z[1] = tdome_core::units::wrap_two_pi(z[1]);
    Ok(z)
}

/// The Jacobian of (range, azimuth, elevation) with respect to the ECEF position `p`,
/// seen by `model`; `None` on the radar's vertical axis, where azimuth is undefined.
pub fn position_jacobian(
    model: &CartesianToRangeAzimuthElevation,
    p: &Vector3<f64>,
) -> Option<Matrix3<f64>> {
    let x = nalgebra::Vector6::new(p.x, p.y, p.z, 0.0, 0.0, 0.0);
    linearise::<3>(model, &x)
        .ok()
        .map(|lin| lin.h.fixed_view::<3, 3>(0, 0).into_owned())
}

/// The measurement vector of `plot` (range rate last when `M` is 4).
pub fn measured<const M: usize>(plot: &Plot) -> SVector<f64, M> {
    measurement_vector::<M>(plot)
}

/// The measurement noise covariance of `model`.
pub fn noise_covariance<const M: usize>(
    model: &CartesianToRangeAzimuthElevation,
) -> SMatrix<f64, M, M> {
    noise::<M>(model)
}

/// The ECEF position a plot measures and its covariance (m²), by linearising the polar
/// to Cartesian conversion about the measurement. Used to start tracks.
pub fn converted_position(plot: &Plot) -> (Vector3<f64>, Matrix3<f64>) {
    let m = &plot.measurement;
    let model = &plot.model;
    let (r, az, el) = (m.range.si(), m.azimuth.si(), m.elevation.si());
    let (sa, ca) = az.sin_cos();
    let (se, ce) = el.sin_cos();
    // d(e, n, u)/d(r, az, el) for e = r·ce·sa, n = r·ce·ca, u = r·se.
    let j = Matrix3::new(
        ce * sa,
        r * ce * ca,
        -r * se * sa,
        ce * ca,
        -r * ce * sa,
        -r * se * ca,
        se,
        0.0,
        r * ce,
    );
    let r_polar = Matrix3::from_diagonal(&Vector3::new(
        model.sigma_range.si().powi(2),
        model.sigma_azimuth.si().powi(2),
        model.sigma_elevation.si().powi(2),
    ));
    let rot_t = model.site.rotation_ecef_to_enu().transpose();
    let cov_enu = j * r_polar * j.transpose();
    let cov = rot_t * cov_enu * rot_t.transpose();
    let pos = model.site.locate(m);
    (*pos.metres(), 0.5 * (cov + cov.transpose()))
}
