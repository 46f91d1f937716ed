//! The tracker's UKF update against filterpy's UnscentedKalmanFilter on the same plots
//! (fixture: tests/fixtures/tracking/generate_filterpy_ukf.py; its docstring states the
//! sigma points, weights and azimuth handling filterpy uses).

mod common;

use std::collections::BTreeMap;

use nalgebra::{Matrix6, Vector6};
use tdome_bmc::track::gaussian::GaussianState;
use tdome_bmc::track::motion::NearlyConstantVelocity;
use tdome_core::plot::Plot;
use tdome_core::{Geodetic, SimTime};

struct Row {
    seq: u32,
    t: f64,
    z: Option<[f64; 3]>,
    x: Vector6<f64>,
    p: Matrix6<f64>,
}

/// The metadata line's key=value pairs and the rows (the layout of filterpy_ekf.csv).
fn fixture() -> (BTreeMap<String, f64>, Vec<Row>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/tracking/filterpy_ukf.csv"
    );
    let text = std::fs::read_to_string(path).expect("fixture present");
    let mut lines = text.lines();
    let meta = lines
        .next()
        .and_then(|l| l.strip_prefix("# "))
        .expect("metadata line")
        .split_whitespace()
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            (k.to_string(), v.parse::<f64>().expect("number"))
        })
        .collect();
    lines.next(); // header
    let rows = lines
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 33, "fixture row {} has {} fields", i + 3, f.len());
            let num = |s: &str| {
                s.parse::<f64>()
                    .unwrap_or_else(|_| panic!("row {}: bad number {s:?}", i + 3))
            };
            let z = if f[3].is_empty() {
                None
            } else {
                Some([num(f[3]), num(f[4]), num(f[5])])
            };
            let x = Vector6::from_iterator(f[6..12].iter().map(|s| num(s)));
            let mut p = Matrix6::zeros();
            let mut k = 12;
            for a in 0..6 {
                for b in a..6 {
                    p[(a, b)] = num(f[k]);
                    p[(b, a)] = num(f[k]);
                    k += 1;
                }
            }
            Row {
                seq: num(f[0]) as u32,
                t: num(f[2]),
                z,
                x,
                p,
            }
        })
        .collect();
    (meta, rows)
}

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
    let (meta, rows) = fixture();
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
    let (meta, rows) = fixture();
    let site = Geodetic::from_degrees(meta["site_lat_deg"], meta["site_lon_deg"], meta["site_h_m"]);
    let model = common::model(
        0,
        site,
        meta["sigma_range_m"],
        meta["sigma_azimuth_rad"],
        meta["sigma_elevation_rad"],
    );
    // fx is linear in the fixture, so filterpy's unscented prediction is the NCV one.
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
                let plot = common::plot(&model, t, r, az, el);
                let posterior = tdome_ukf_update(&predicted, &plot, &meta);
                // 1e-6 m on ECEF coordinates of ~6e6 m is 1e-13 relative; the covariance
                // within 1e-9 of its largest entry.
                let dx = (posterior.mean - row.x).abs().max();
                let dp = (posterior.covariance - row.p).abs().max() / row.p.abs().max();
                assert!(
                    dx < 1e-6,
                    "seq {} row {i}: mean differs by {dx} (ours {:?}, filterpy {:?})",
                    row.seq,
                    posterior.mean,
                    row.x
                );
                assert!(
                    dp < 1e-9,
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
