//! The tracker's UKF update against filterpy's UnscentedKalmanFilter on the same plots
//! (fixture: tests/fixtures/tracking/generate_filterpy_ukf.py; its docstring states the
//! sigma points, weights and azimuth handling filterpy uses).

mod common;

use std::collections::BTreeMap;
use tdome_bmc::track::gaussian::GaussianState;
use tdome_core::plot::Plot;

/// The UKF update under test.
fn tdome_ukf_update(
    predicted: &GaussianState,
    plot: &Plot,
    meta: &BTreeMap<String, f64>,
) -> GaussianState {
    use tdome_bmc::track::ukf::{SigmaPoints, update};
    let params = SigmaPoints {
        alpha: meta["alpha"],
        beta: meta["beta"],
        kappa: meta["kappa"],
    };
    update(predicted, plot, params).expect("update").state
}

/// The fixture is what its generator says: each sequence starts with an initial state and
/// runs forward in time, every covariance is positive definite, plots are in range, and
/// sequence 1 really crosses due north.
#[test]
fn filterpy_ukf_fixture_is_consistent() {
    let (meta, rows) = common::filter_fixture("filterpy_ukf.csv");
    for key in ["alpha", "beta", "kappa", "q_psd", "sigma_range_m"] {
        assert!(meta.contains_key(key), "metadata lacks {key}");
    }
    for (i, row) in rows.iter().enumerate() {
        assert!(
            row.p.cholesky().is_some(),
            "row {i}: posterior covariance not positive definite"
        );
        match row.z {
            None => assert_eq!(row.t, 0.0, "row {i}: an initial state after t = 0"),
            Some([r, az, el]) => {
                let prev = &rows[i - 1];
                assert!(prev.seq == row.seq && prev.t < row.t, "row {i}: time order");
                assert!(r > 0.0 && (0.0..std::f64::consts::TAU).contains(&az) && el.abs() < 1.6);
            }
        }
    }
    let azimuths = |seq| {
        rows.iter()
            .filter(move |r| r.seq == seq)
            .filter_map(|r| r.z.map(|z| z[1]))
    };
    assert!(azimuths(1).any(|az| az > 1.5 * std::f64::consts::PI));
    assert!(azimuths(1).any(|az| az < 0.5 * std::f64::consts::PI));
    assert_eq!(rows.iter().filter(|r| r.z.is_some()).count(), 60);
}

#[test]
fn val_filterpy_ukf_posteriors_match() {
    // fx is linear in the fixture, so filterpy's unscented prediction is the NCV one.
    // 1e-6 m on ECEF coordinates of ~6e6 m is 1e-13 relative; the covariance within 1e-9
    // of its largest entry.
    let (updates, worst_x, worst_p) =
        common::replay_filter_fixture("filterpy_ukf.csv", (1e-6, 1e-9), tdome_ukf_update);
    assert!(updates >= 60, "only {updates} updates compared");
    println!(
        "{updates} updates: max |Δmean| = {worst_x:.3e} m or m/s, max relative |ΔP| = {worst_p:.3e}"
    );
}
