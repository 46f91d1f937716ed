//! Statistical consistency of the tracking filter (fixed seeds): the nearly-constant-
//! velocity EKF with radar plots, run against truth drawn from the very model it assumes,
//! must have NEES averaging the state dimension (6) and NIS the measurement dimension
//! (3), within chi-square confidence bounds (Bar-Shalom, Li & Kirubarajan 2001, §5.4).

mod common;

use nalgebra::{Cholesky, Matrix6, Vector6};
use rand::Rng;
use rand_distr::StandardNormal;
use tdome_bmc::track::gaussian::GaussianState;
use tdome_bmc::track::measurement::{position_nis, update};
use tdome_bmc::track::motion::NearlyConstantVelocity;
use tdome_core::rng::{Purpose, stream};
use tdome_core::{EnuFrame, Geodetic, Position, SimTime, Velocity};

const RUNS: usize = 200;
const STEPS: usize = 40;
const DT: f64 = 2.0;
const Q: f64 = 4.0;
const SIGMA: (f64, f64, f64) = (20.0, 1.0e-3, 1.0e-3);

fn gaussian6(rng: &mut impl Rng, cov: &Matrix6<f64>) -> Vector6<f64> {
    let l = Cholesky::new(*cov).expect("positive definite").l();
    let n = Vector6::from_fn(|_, _| rng.sample::<f64, _>(StandardNormal));
    l * n
}

#[test]
fn stat_nees_and_nis_are_chi_square_consistent() {
    let site = Geodetic::from_degrees(25.0, 121.5, 0.0);
    let frame = EnuFrame::at(site);
    let model = common::model(0, site, SIGMA.0, SIGMA.1, SIGMA.2);
    let motion = NearlyConstantVelocity { q: Q };
    let p0 = Matrix6::from_diagonal(&Vector6::new(
        200.0_f64.powi(2),
        200.0_f64.powi(2),
        200.0_f64.powi(2),
        30.0_f64.powi(2),
        30.0_f64.powi(2),
        30.0_f64.powi(2),
    ));
    let mut nees_sum = vec![0.0; STEPS];
    let mut nis_sum = vec![0.0; STEPS];
    let mut run_means = Vec::with_capacity(RUNS);
    for run in 0..RUNS {
        let mut run_nees = 0.0;
        let mut rng = stream(7, Purpose::SensorNoise, run as u64);
        let p = frame.to_ecef(&Position::from_metres(30_000.0, 40_000.0, 5_000.0));
        let v = frame.velocity_to_ecef(&Velocity::from_mps(-150.0, -200.0, 0.0));
        let mut truth = Vector6::new(
            p.metres().x,
            p.metres().y,
            p.metres().z,
            v.mps().x,
            v.mps().y,
            v.mps().z,
        );
        let mut est = GaussianState {
            mean: truth + gaussian6(&mut rng, &p0),
            covariance: p0,
            time: SimTime::ZERO,
        };
        for k in 0..STEPS {
            let t = SimTime::from_seconds((k + 1) as f64 * DT);
            // Truth moves by the model the filter assumes: the predictor's own Q.
            let noise_free = GaussianState {
                mean: truth,
                covariance: Matrix6::zeros(),
                time: est.time,
            };
            let pred_truth = motion.predict(&noise_free, t);
            truth = pred_truth.mean + gaussian6(&mut rng, &pred_truth.covariance);
            let seen = frame.observe(&Position::from_metres(truth[0], truth[1], truth[2]));
            let z = (
                seen.range.si() + SIGMA.0 * rng.sample::<f64, _>(StandardNormal),
                seen.azimuth.si() + SIGMA.1 * rng.sample::<f64, _>(StandardNormal),
                seen.elevation.si() + SIGMA.2 * rng.sample::<f64, _>(StandardNormal),
            );
            let plot = common::plot(&model, t, z.0, z.1, z.2);
            let predicted = motion.predict(&est, t);
            nis_sum[k] += position_nis(&predicted, &plot).expect("nis").0;
            est = update(&predicted, &plot).expect("update").state;
            let e = truth - est.mean;
            let nees = e.dot(&Cholesky::new(est.covariance).expect("pd").solve(&e));
            nees_sum[k] += nees;
            run_nees += nees;
        }
        run_means.push(run_nees / STEPS as f64);
    }
    // Per step: the sum over RUNS of NEES is chi-square with 6·RUNS degrees of freedom;
    // its 95% interval, by the Wilson–Hilferty approximation.
    let bounds = |dof: f64| {
        let z = 1.959_964;
        let wh = |s: f64| dof * (1.0 - 2.0 / (9.0 * dof) + s * (2.0 / (9.0 * dof)).sqrt()).powi(3);
        (wh(-z) / RUNS as f64, wh(z) / RUNS as f64)
    };
    let (nees_lo, nees_hi) = bounds(6.0 * RUNS as f64);
    let (nis_lo, nis_hi) = bounds(3.0 * RUNS as f64);
    let inside = |sums: &[f64], lo: f64, hi: f64| {
        sums.iter()
            .filter(|s| (lo..=hi).contains(&(*s / RUNS as f64)))
            .count()
    };
    let nees_in = inside(&nees_sum, nees_lo, nees_hi);
    let nis_in = inside(&nis_sum, nis_lo, nis_hi);
    let nees_mean = nees_sum.iter().sum::<f64>() / (RUNS * STEPS) as f64;
    let nis_mean = nis_sum.iter().sum::<f64>() / (RUNS * STEPS) as f64;
    println!("NEES: mean {nees_mean:.3}, {nees_in}/{STEPS} steps in [{nees_lo:.3}, {nees_hi:.3}]");
    println!("NIS:  mean {nis_mean:.3}, {nis_in}/{STEPS} steps in [{nis_lo:.3}, {nis_hi:.3}]");
    // With 95% per-step bounds, 40 steps expect 38 inside; fewer than 34 would have
    // probability below 0.1% were the steps independent (binomial). They are correlated
    // through each run's history, which widens the spread; the count is a coarse check,
    // the grand mean below the sharp one.
    assert!(
        nees_in >= 34,
        "NEES outside its 95% bound at {} of {STEPS} steps",
        STEPS - nees_in
    );
    assert!(
        nis_in >= 34,
        "NIS outside its 95% bound at {} of {STEPS} steps",
        STEPS - nis_in
    );
    // Grand mean NEES: runs are independent, so its standard error is the spread of the
    // per-run means over √RUNS. A consistent filter lies within 4 standard errors of 6.
    let sd = (run_means
        .iter()
        .map(|m| (m - nees_mean).powi(2))
        .sum::<f64>()
        / (RUNS - 1) as f64)
        .sqrt();
    let se = sd / (RUNS as f64).sqrt();
    println!("grand mean NEES {nees_mean:.3} ± {se:.3} (1 s.e.)");
    assert!(
        (nees_mean - 6.0).abs() < 4.0 * se,
        "grand mean NEES {nees_mean} is more than 4 s.e. ({se}) from 6"
    );
    // NIS at different steps of a run are independent for a consistent filter (the
    // innovations are white), so its grand mean has standard error √(2·3/N).
    let n = (RUNS * STEPS) as f64;
    assert!(
        (nis_mean - 3.0).abs() < 4.0 * (6.0 / n).sqrt(),
        "grand mean NIS {nis_mean}"
    );
}
