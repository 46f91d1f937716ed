//! The tracker's IMM against filterpy's IMMEstimator over two EKF modes on the same plots
//! (fixture: tests/fixtures/tracking/generate_filterpy_imm.py, whose docstring lists the
//! columns and the exact order of filterpy's steps: mix, predict each mode, update each
//! mode, mode probabilities, combine).
//!
//! Two modes of one kind (nearly constant velocity, quiet and agile) with a fixed
//! per-update Markov matrix, as filterpy's IMMEstimator runs them; tdome's IMM runs the
//! same arithmetic for its unequal-state models.

mod common;

use std::collections::BTreeMap;

use nalgebra::{Matrix6, Vector6};
use tdome_bmc::track::gaussian::GaussianState;
use tdome_bmc::track::imm::{
    FilterKind, InitialUncertainty, MixtureEstimate, ModeState, Models, MotionModel, Switching,
};
use tdome_bmc::track::motion::NearlyConstantVelocity;
use tdome_core::plot::Plot;
use tdome_core::{Geodetic, SimTime};

const FIELDS: usize = 48;

struct Row {
    t: f64,
    z: Option<[f64; 3]>,
    /// Combined posterior mean and covariance.
    x: Vector6<f64>,
    p: Matrix6<f64>,
    /// Posterior mode probabilities.
    mu: [f64; 2],
    /// Each mode filter's posterior mean.
    modes: [Vector6<f64>; 2],
}

/// What one IMM cycle gives: combined posterior, mode probabilities, modes' means.
struct Cycle {
    combined: GaussianState,
    mu: [f64; 2],
    modes: [Vector6<f64>; 2],
}

fn fixture() -> (BTreeMap<String, f64>, Vec<Row>) {
    let (meta, rows) = common::fixture("filterpy_imm.csv");
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            assert_eq!(
                f.len(),
                FIELDS,
                "fixture line {} has {} fields",
                i + 3,
                f.len()
            );
            let num = |s: &String| {
                s.parse::<f64>()
                    .unwrap_or_else(|_| panic!("line {}: bad number {s:?}", i + 3))
            };
            let vec6 = |from: usize| Vector6::from_iterator(f[from..from + 6].iter().map(&num));
            let z = if f[2].is_empty() {
                None
            } else {
                Some([num(&f[2]), num(&f[3]), num(&f[4])])
            };
            let mut p = Matrix6::zeros();
            let mut k = 11;
            for a in 0..6 {
                for b in a..6 {
                    p[(a, b)] = num(&f[k]);
                    p[(b, a)] = num(&f[k]);
                    k += 1;
                }
            }
            Row {
                t: num(&f[1]),
                z,
                x: vec6(5),
                p,
                mu: [num(&f[32]), num(&f[33])],
                modes: [vec6(34), vec6(40)],
            }
        })
        .collect();
    (meta, rows)
}

/// The two-mode model set of the fixture.
fn models(meta: &BTreeMap<String, f64>) -> Models {
    Models {
        models: vec![
            MotionModel::ConstantVelocity(NearlyConstantVelocity { q: meta["q0_psd"] }),
            MotionModel::ConstantVelocity(NearlyConstantVelocity { q: meta["q1_psd"] }),
        ],
        filter: FilterKind::Extended,
        switching: Switching::PerUpdate(vec![meta["m00"], meta["m01"], meta["m10"], meta["m11"]]),
        // Unused: the fixture gives the initial state.
        initial: InitialUncertainty {
            velocity_sigma: 0.0,
            acceleration_sigma: 0.0,
            inverse_beta_mean: 0.0,
            inverse_beta_sigma: 0.0,
        },
    }
}

/// One IMM cycle (mix and predict to the plot's time, update); `state` carries the modes
/// between calls.
fn tdome_imm_cycle(
    state: &mut MixtureEstimate,
    plot: &Plot,
    meta: &BTreeMap<String, f64>,
) -> Cycle {
    let imm = models(meta);
    let predicted = imm.predict(state, plot.time).expect("predict");
    *state = imm.update(&predicted, plot).expect("update");
    let mean = |m: &ModeState| match m {
        ModeState::ConstantVelocity(g) => g.mean,
        _ => unreachable!("two constant-velocity modes"),
    };
    Cycle {
        combined: state.combined(),
        mu: [state.probabilities[0], state.probabilities[1]],
        modes: [mean(&state.modes[0]), mean(&state.modes[1])],
    }
}

/// The initial IMM state: both modes at the fixture's first row (filterpy starts both
/// modes from the same mean and covariance, so the combined row is each mode's).
fn initial_state(g: &GaussianState, meta: &BTreeMap<String, f64>) -> MixtureEstimate {
    MixtureEstimate {
        modes: vec![
            ModeState::ConstantVelocity(g.clone()),
            ModeState::ConstantVelocity(g.clone()),
        ],
        probabilities: vec![meta["mu0_initial"], meta["mu1_initial"]],
    }
}

/// The fixture is what its generator says: probabilities sum to one, the combined mean is
/// the probability-weighted mean of the modes, covariances are positive definite, and the
/// manoeuvre (a 5 g turn from 30 s to 40 s) moves the probability to the agile mode and
/// back.
#[test]
fn filterpy_imm_fixture_is_consistent() {
    let (meta, rows) = fixture();
    assert_eq!(rows.len(), 61);
    assert_eq!(rows[0].mu, [meta["mu0_initial"], meta["mu1_initial"]]);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.t, i as f64 * meta["dt_s"], "row {i}: time");
        assert_eq!(row.z.is_none(), i == 0, "row {i}: plot");
        assert!(
            (row.mu[0] + row.mu[1] - 1.0).abs() < 1e-12,
            "row {i}: mu sums to {:?}",
            row.mu
        );
        let mixed = row.modes[0] * row.mu[0] + row.modes[1] * row.mu[1];
        let d = (mixed - row.x).abs().max();
        assert!(
            d < 1e-6,
            "row {i}: combined mean differs from the mixture by {d}"
        );
        assert!(
            row.p.cholesky().is_some(),
            "row {i}: covariance not positive definite"
        );
    }
    let agile = |from: usize, to: usize| rows[from..to].iter().map(|r| r.mu[1]);
    assert!(
        agile(1, 30).all(|m| m < 0.5),
        "agile mode favoured while flying straight"
    );
    // The turn starts at 30 s; filterpy's IMM notices it by 33 s.
    assert!(
        agile(33, 41).all(|m| m > 0.5),
        "quiet mode favoured in the turn"
    );
    assert!(
        agile(55, 61).all(|m| m < 0.2),
        "agile mode still favoured long after the turn"
    );
}

#[test]
fn val_filterpy_imm_matches() {
    let (meta, rows) = fixture();
    let site = Geodetic::from_degrees(meta["site_lat_deg"], meta["site_lon_deg"], meta["site_h_m"]);
    let model = common::model(
        0,
        site,
        meta["sigma_range_m"],
        meta["sigma_azimuth_rad"],
        meta["sigma_elevation_rad"],
    );
    let initial = GaussianState {
        mean: rows[0].x,
        covariance: rows[0].p,
        time: SimTime::from_seconds(rows[0].t),
    };
    let mut state = initial_state(&initial, &meta);
    let (mut worst_x, mut worst_p, mut worst_mu) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (i, row) in rows.iter().enumerate().skip(1) {
        let [r, az, el] = row.z.expect("a plot on every row after the first");
        let t = SimTime::from_seconds(row.t);
        let cycle = tdome_imm_cycle(&mut state, &common::plot(&model, t, r, az, el), &meta);
        let dx = (cycle.combined.mean - row.x).abs().max();
        let dp = (cycle.combined.covariance - row.p).abs().max() / row.p.abs().max();
        let dmu = (cycle.mu[0] - row.mu[0]).abs();
        let dmodes = (0..2)
            .map(|m| (cycle.modes[m] - row.modes[m]).abs().max())
            .fold(0.0, f64::max);
        // 1e-6 m on ECEF coordinates of ~6e6 m is 1e-13 relative; the covariance within
        // 1e-9 of its largest entry; probabilities absolutely.
        assert!(
            dx < 1e-6 && dmodes < 1e-6,
            "row {i}: mean differs by {dx}, modes by {dmodes}"
        );
        assert!(dp < 1e-9, "row {i}: covariance differs by {dp} (relative)");
        assert!(dmu < 1e-9, "row {i}: mode probability differs by {dmu}");
        worst_x = worst_x.max(dx.max(dmodes));
        worst_p = worst_p.max(dp);
        worst_mu = worst_mu.max(dmu);
    }
    println!(
        "{} cycles: max |Δmean| = {worst_x:.3e}, max relative |ΔP| = {worst_p:.3e}, max |Δmu| = {worst_mu:.3e}",
        rows.len() - 1
    );
}
