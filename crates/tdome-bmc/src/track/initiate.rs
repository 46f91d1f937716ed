//! Track initiation.

use nalgebra::{Matrix6, Vector6};
use tdome_core::Speed;
use tdome_core::plot::Plot;

use super::gaussian::GaussianState;
use super::measurement::converted_position;

/// A new track from one plot: position from the converted measurement with its
/// linearised covariance; velocity unknown, zero mean with `velocity_sigma` per axis.
/// The second associated plot then fixes the velocity, as two-point differencing would.
pub fn single_point(plot: &Plot, velocity_sigma: Speed) -> GaussianState {
    let (pos, pos_cov) = converted_position(plot);
    let mut mean = Vector6::zeros();
    mean.fixed_rows_mut::<3>(0).copy_from(&pos);
    let mut covariance = Matrix6::zeros();
    covariance.fixed_view_mut::<3, 3>(0, 0).copy_from(&pos_cov);
    let v2 = velocity_sigma.si().powi(2);
    for i in 3..6 {
        covariance[(i, i)] = v2;
    }
    GaussianState {
        mean,
        covariance,
        time: plot.time,
    }
}
