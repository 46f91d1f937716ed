//! The tracker's predictor and EKF update against filterpy's ExtendedKalmanFilter on the
//! same plots (fixture: tests/fixtures/tracking/generate_filterpy.py).

mod common;

use tdome_bmc::track::measurement::update;

#[test]
fn val_filterpy_ekf_posteriors_match() {
    // Position agrees to well under a millimetre (the site's ECEF from our geodesy and
    // from pyproj differ by far less); covariance relatively.
    let (updates, worst_x, worst_p) =
        common::replay_filter_fixture("filterpy_ekf.csv", (1e-3, 1e-7), |predicted, plot, _| {
            update(predicted, plot).expect("update").state
        });
    assert!(updates >= 60, "only {updates} updates compared");
    println!(
        "{updates} updates: max |Δmean| = {worst_x:.3e} m or m/s, max relative |ΔP| = {worst_p:.3e}"
    );
}
