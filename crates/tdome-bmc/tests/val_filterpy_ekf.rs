//! The tracker's predictor and EKF update against filterpy's ExtendedKalmanFilter on the
//! same plots (fixture: tests/fixtures/tracking/generate_filterpy.py).

mod common;

use tdome_bmc::track::gaussian::GaussianState;
use tdome_bmc::track::measurement::update;
use tdome_bmc::track::motion::NearlyConstantVelocity;
use tdome_core::{Geodetic, SimTime};

#[test]
fn val_filterpy_ekf_posteriors_match() {
    let (meta, rows) = common::filter_fixture("filterpy_ekf.csv");
    let site = Geodetic::from_degrees(meta["site_lat_deg"], meta["site_lon_deg"], meta["site_h_m"]);
    let model = common::model(
        0,
        site,
        meta["sigma_range_m"],
        meta["sigma_azimuth_rad"],
        meta["sigma_elevation_rad"],
    );
    let motion = NearlyConstantVelocity { q: meta["q_psd"] };
    let mut state: Option<GaussianState> = None;
    let (mut worst_x, mut worst_p) = (0.0_f64, 0.0_f64);
    let mut updates = 0;
    for (i, row) in rows.iter().enumerate() {
        let t = SimTime::from_seconds(row.t);
        match (row.z, state.as_ref()) {
            (None, _) => {
                state = Some(GaussianState {
                    mean: row.x,
                    covariance: row.p,
                    time: t,
                })
            }
            (Some([r, az, el]), Some(prior)) => {
                let predicted = motion.predict(prior, t);
                let posterior = update(&predicted, &common::plot(&model, t, r, az, el))
                    .expect("update")
                    .state;
                // Position agrees to well under a millimetre (the site's ECEF from our
                // geodesy and from pyproj differ by far less); covariance relatively.
                let dx = (posterior.mean - row.x).abs().max();
                let dp = (posterior.covariance - row.p).abs().max() / row.p.abs().max();
                assert!(
                    dx < 1e-3,
                    "seq {} row {i}: mean differs by {dx} (ours {:?}, filterpy {:?})",
                    row.seq,
                    posterior.mean,
                    row.x
                );
                assert!(
                    dp < 1e-7,
                    "seq {} row {i}: covariance differs by {dp} (relative)",
                    row.seq
                );
                worst_x = worst_x.max(dx);
                worst_p = worst_p.max(dp);
                updates += 1;
                state = Some(posterior);
            }
            (Some(_), None) => panic!("row {i}: measurement before initial state"),
        }
    }
    assert!(updates >= 60, "only {updates} updates compared");
    println!(
        "{updates} updates: max |Δmean| = {worst_x:.3e} m or m/s, max relative |ΔP| = {worst_p:.3e}"
    );
}
