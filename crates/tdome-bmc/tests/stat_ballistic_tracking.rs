//! Tracking a real ballistic trajectory (flown by the shared physics, not drawn from the
//! filter's own model): with the ballistic model, which estimates the ballistic
//! coefficient, the estimate is unbiased and consistent and β converges to the truth;
//! with nearly-constant velocity alone, gravity biases the vertical velocity — the
//! reason the tracker runs a ballistic model in its IMM.

mod common;

use tdome_bmc::config::TrackerConfig;
use tdome_bmc::track::motion::MotionModelKind;
use tdome_bmc::track::{GnnTracker, Tracker};
use tdome_core::rng::{Purpose, stream};
use tdome_core::{EnuFrame, Geodetic, SimTime};

const DT: f64 = 0.125;

/// What tracking the descent gave: mean vertical-velocity error (track − truth, up),
/// mean NEES (6 dof), the true β and the final estimate of β.
struct Descent {
    vz_bias: f64,
    nees: f64,
    beta_true: f64,
    beta_estimate: Option<f64>,
}

/// Track the missile's descent (from 80 s after burnout) with one radar, 2 s scans,
/// running one motion model; errors over the last 40 updates.
fn track_descent(model: MotionModelKind, q: f64) -> Descent {
    let v = common::missile();
    let launch = Geodetic::from_degrees(24.5, 118.8, 0.0);
    let aim = Geodetic::from_degrees(25.0, 121.5, 0.0);
    let (truth, flight) = common::fly_minimum_energy(&v, launch, aim, DT);
    // Minimum energy cuts the thrust early: the unburnt propellant stays aboard.
    let beta = flight.mass().si() / (0.25 * v.reference_area_m2);
    let radar = Geodetic::from_degrees(25.1, 121.6, 500.0);
    let frame = EnuFrame::at(radar);
    let (sr, sa, se) = (30.0, 1.5e-3, 1.5e-3);
    let m = common::scanning(0, radar, (sr, sa, se), 2.0);
    let config = TrackerConfig {
        motion_models: vec![model],
        process_noise_psd: q,
        ..TrackerConfig::default()
    };
    // The prior β is 20,000 kg/m², far from the truth (~11,000).
    let mut tracker = GnnTracker::new(config, 1.0 / 20_000.0);
    let mut rng = stream(21, Purpose::SensorNoise, 0);
    let start = ((v.burn_time_s + 80.0) / DT) as usize;
    let scan = (2.0 / DT) as usize;
    let (mut vz_err, mut nees, mut n) = (0.0, 0.0, 0);
    let updates: Vec<usize> = (start..truth.len()).step_by(scan).collect();
    let mut reports = Vec::new();
    let mut beta_estimate = None;
    for (k, &i) in updates.iter().enumerate() {
        let t = SimTime::from_seconds(i as f64 * DT);
        let seen = frame.observe(&truth[i].position);
        let plot = common::noisy_plot(&m, t, &seen, (sr, sa, se), &mut rng);
        tracker.process(t, std::slice::from_ref(&plot));
        tracker.drain_reports(t, &mut reports);
        let Some(track) = tracker.picture().confirmed().next() else {
            continue;
        };
        beta_estimate = track.ballistic_coefficient().and_then(|b| b.beta_kg_m2());
        // Compare estimates made at this plot only (a missed association leaves an older
        // estimate, not comparable with the truth now).
        if k + 40 >= updates.len() && track.time == t {
            let s = &truth[i];
            let e = common::state_error(&s.position, &s.velocity, track);
            let up = EnuFrame::at(Geodetic::from_ecef(&s.position)).up();
            vz_err += -(e.fixed_rows::<3>(3).dot(&up));
            nees += common::nees(&e, track);
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} updates compared");
    Descent {
        vz_bias: vz_err / n as f64,
        nees: nees / n as f64,
        beta_true: beta,
        beta_estimate,
    }
}

#[test]
fn stat_ballistic_motion_removes_the_gravity_bias() {
    let ballistic = track_descent(MotionModelKind::Ballistic, 10.0);
    // A constant-velocity filter needs process noise of the order of g² to follow the
    // descent at all: ~(10 m/s²)² · 1 s.
    let ncv = track_descent(MotionModelKind::ConstantVelocity, 100.0);
    let (bias_ballistic, nees_ballistic) = (ballistic.vz_bias, ballistic.nees);
    let (bias_ncv, nees_ncv) = (ncv.vz_bias, ncv.nees);
    let beta = ballistic.beta_estimate.expect("a β estimate");
    println!(
        "β: true {:.0} kg/m², estimated {beta:.0} (prior 20,000)",
        ballistic.beta_true
    );
    // Drag is observable in the thick air of the last minute: the estimate must have
    // left the prior and come within 10% of the truth.
    assert!(
        (beta / ballistic.beta_true - 1.0).abs() < 0.10,
        "β estimate {beta:.0} vs true {:.0}",
        ballistic.beta_true
    );
    println!(
        "vertical velocity bias (track − truth): ballistic {bias_ballistic:+.2} m/s, NCV {bias_ncv:+.2} m/s"
    );
    println!("mean NEES (6 dof): ballistic {nees_ballistic:.2}, NCV {nees_ncv:.2}");
    // Gravity accelerates the descent; a constant-velocity filter lags it, estimating
    // the target slower downward (positive error, track − truth, in the up direction).
    assert!(
        bias_ncv > 5.0,
        "the NCV filter should lag gravity, bias {bias_ncv}"
    );
    assert!(
        bias_ballistic.abs() < 2.0,
        "ballistic motion still biased: {bias_ballistic}"
    );
    // With the right physics the filter is consistent (mean NEES near 6, below the
    // 95% bound of the 40-sample mean's chi-square, 7.5); without gravity the
    // constant-velocity filter is overconfident.
    assert!(
        nees_ballistic < 7.5,
        "ballistic-motion NEES {nees_ballistic}"
    );
    assert!(
        nees_ncv > nees_ballistic,
        "NCV NEES {nees_ncv} vs ballistic {nees_ballistic}"
    );
}
