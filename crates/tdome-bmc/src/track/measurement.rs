//! The extended Kalman filter update for radar plots, with each plot's own measurement
//! model ([`CartesianToRangeAzimuthElevation`]).

use nalgebra::{Cholesky, Const, Matrix3, Matrix6, SMatrix, SVector, Vector3};
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::units::wrap_pi;

use super::gaussian::{GaussianState, symmetrise};

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

/// The normalised innovation squared of `plot`'s position measurement (range, azimuth,
/// elevation) against the predicted state, and ln det S, for gating and association.
pub fn position_nis(predicted: &GaussianState, plot: &Plot) -> Result<(f64, f64), UpdateError> {
    let lin = linearise::<3>(&plot.model, &predicted.mean)?;
    let mut nu = measurement_vector::<3>(plot) - lin.z_pred;
    nu[1] = wrap_pi(nu[1]);
    let s = lin.h * predicted.covariance * lin.h.transpose() + noise::<3>(&plot.model);
    let chol = Cholesky::new(s).ok_or(UpdateError::SingularInnovation)?;
    let nis = nu.dot(&chol.solve(&nu));
    let ln_det = 2.0 * (0..3).map(|i| chol.l_dirty()[(i, i)].ln()).sum::<f64>();
    Ok((nis, ln_det))
}

/// The EKF update of `predicted` (already at the plot's time) with `plot`. Uses range
/// rate when the plot carries it and its model has a range-rate sigma.
pub fn update(predicted: &GaussianState, plot: &Plot) -> Result<GaussianState, UpdateError> {
    if plot.range_rate.is_some() && plot.model.sigma_range_rate.is_some() {
        update_dim::<4>(predicted, plot)
    } else {
        update_dim::<3>(predicted, plot)
    }
}

fn update_dim<const M: usize>(
    predicted: &GaussianState,
    plot: &Plot,
) -> Result<GaussianState, UpdateError>
where
    Const<M>: nalgebra::DimMin<Const<M>, Output = Const<M>>,
{
    let lin = linearise::<M>(&plot.model, &predicted.mean)?;
    let mut nu = measurement_vector::<M>(plot) - lin.z_pred;
    // Azimuth wraps at north; the innovation must be the short way round.
    nu[1] = wrap_pi(nu[1]);
    let r = noise::<M>(&plot.model);
    let p = &predicted.covariance;
    let hp = lin.h * p; // M×6
    let s = hp * lin.h.transpose() + r;
    let chol = Cholesky::new(s).ok_or(UpdateError::SingularInnovation)?;
    // K = P Hᵀ S⁻¹ = (S⁻¹ H P)ᵀ, by a Cholesky solve rather than an explicit inverse.
    let k: SMatrix<f64, 6, M> = chol.solve(&hp).transpose();
    let mean = predicted.mean + k * nu;
    // Joseph form keeps the covariance positive definite under rounding.
    let i_kh = Matrix6::identity() - k * lin.h;
    let mut covariance = i_kh * p * i_kh.transpose() + k * r * k.transpose();
    symmetrise(&mut covariance);
    Ok(GaussianState {
        mean,
        covariance,
        time: predicted.time,
    })
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
