//! The tracker's predictor and EKF update against filterpy's ExtendedKalmanFilter on the
//! same plots (fixture: tests/fixtures/tracking/generate_filterpy.py).

mod common;

use nalgebra::{Matrix6, Vector6};
use tdome_bmc::track::gaussian::GaussianState;
use tdome_bmc::track::measurement::update;
use tdome_bmc::track::motion::NearlyConstantVelocity;
use tdome_core::{Geodetic, SimTime};

struct Row {
    seq: u32,
    t: f64,
    z: Option<[f64; 3]>,
    x: Vector6<f64>,
    p: Matrix6<f64>,
}

fn fixture() -> (std::collections::BTreeMap<String, f64>, Vec<Row>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/tracking/filterpy_ekf.csv"
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

#[test]
fn val_filterpy_ekf_posteriors_match() {
    let (meta, rows) = fixture();
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
