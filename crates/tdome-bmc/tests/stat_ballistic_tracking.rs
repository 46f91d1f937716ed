//! Tracking a real ballistic trajectory (flown by the shared physics, not drawn from the
//! filter's own model): with ballistic motion the estimate is unbiased and consistent;
//! with nearly-constant velocity, gravity biases the vertical velocity — the reason
//! tracks judged ballistic switch model.

mod common;

use std::sync::Arc;

use nalgebra::{Cholesky, Vector6};
use rand::Rng;
use rand_distr::StandardNormal;
use tdome_bmc::config::TrackerConfig;
use tdome_bmc::track::Tracker;
use tdome_bmc::track::motion::MotionModel;
use tdome_core::picture::TrackStatus;
use tdome_core::rng::{Purpose, stream};
use tdome_core::{EnuFrame, Geodetic, Mass, SimTime};
use tdome_physics::EcefState;
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, CoastDrag, TrajectoryShape, solve_launch_shaped,
};

const DT: f64 = 0.125;

/// A 300 km-class missile with a constant drag coefficient, so its ballistic coefficient
/// after thrust cut-off is exactly known: mass / (0.25 · 0.636 m²).
fn missile() -> Arc<BallisticVehicle> {
    Arc::new(BallisticVehicle {
        launch_mass: Mass::kilograms(4_200.0),
        propellant_mass: Mass::kilograms(2_900.0),
        burn_time_s: 60.0,
        specific_impulse_s: 250.0,
        reference_area_m2: std::f64::consts::PI * 0.45 * 0.45,
        drag: DragCurve::constant(0.25).expect("valid"),
        rail_exit_speed_mps: 30.0,
    })
}

/// Track the missile's descent (from 80 s after burnout) with one radar, 2 s scans;
/// return (mean vertical-velocity error, mean NEES) over the last 40 updates.
fn track_descent(model: MotionModel) -> (f64, f64) {
    let v = missile();
    let launch = Geodetic::from_degrees(24.5, 118.8, 0.0);
    let aim = Geodetic::from_degrees(25.0, 121.5, 0.0);
    let sol =
        solve_launch_shaped(&v, launch, aim, DT, TrajectoryShape::MinimumEnergy).expect("solution");
    let mut flight = BallisticFlight::launch(v.clone(), launch, sol.command);
    let mut truth: Vec<EcefState> = vec![*flight.state()];
    while flight.advance(DT).is_none() {
        truth.push(*flight.state());
    }
    // Minimum energy cuts the thrust early: the unburnt propellant stays aboard.
    let beta = flight.mass().si() / (0.25 * v.reference_area_m2);
    let radar = Geodetic::from_degrees(25.1, 121.6, 500.0);
    let frame = EnuFrame::at(radar);
    let (sr, sa, se) = (30.0, 1.5e-3, 1.5e-3);
    let m = common::model(0, radar, sr, sa, se);
    let config = TrackerConfig::default();
    let mut tracker = Tracker::new(config, CoastDrag::BallisticCoefficient(beta));
    let mut rng = stream(21, Purpose::SensorNoise, 0);
    let start = ((v.burn_time_s + 80.0) / DT) as usize;
    let scan = (2.0 / DT) as usize;
    let (mut vz_err, mut nees, mut n) = (0.0, 0.0, 0);
    let updates: Vec<usize> = (start..truth.len()).step_by(scan).collect();
    let mut reports = Vec::new();
    for (k, &i) in updates.iter().enumerate() {
        let t = SimTime::from_seconds(i as f64 * DT);
        let seen = frame.observe(&truth[i].position);
        let plot = common::plot(
            &m,
            t,
            seen.range.si() + sr * rng.sample::<f64, _>(StandardNormal),
            seen.azimuth.si() + sa * rng.sample::<f64, _>(StandardNormal),
            seen.elevation.si() + se * rng.sample::<f64, _>(StandardNormal),
        );
        tracker.process(std::slice::from_ref(&plot));
        tracker.maintain(t);
        tracker.drain_reports(t, &mut reports);
        let Some(track) = tracker
            .tracks()
            .iter()
            .find(|tr| tr.status == TrackStatus::Confirmed)
        else {
            continue;
        };
        let id = track.id;
        tracker.set_motion(id, model);
        let track = tracker.track(id).expect("track");
        // Compare estimates made at this plot only (a missed association leaves an older
        // estimate, not comparable with the truth now).
        if k + 40 >= updates.len() && track.state.time == t {
            let s = &truth[i];
            let e = Vector6::new(
                s.position.metres().x - track.state.mean[0],
                s.position.metres().y - track.state.mean[1],
                s.position.metres().z - track.state.mean[2],
                s.velocity.mps().x - track.state.mean[3],
                s.velocity.mps().y - track.state.mean[4],
                s.velocity.mps().z - track.state.mean[5],
            );
            let up = EnuFrame::at(Geodetic::from_ecef(&s.position)).up();
            vz_err += -(e.fixed_rows::<3>(3).dot(&up));
            nees += e.dot(&Cholesky::new(track.state.covariance).expect("pd").solve(&e));
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} updates compared");
    (vz_err / n as f64, nees / n as f64)
}

#[test]
fn stat_ballistic_motion_removes_the_gravity_bias() {
    let (bias_ballistic, nees_ballistic) = track_descent(MotionModel::Ballistic);
    let (bias_ncv, nees_ncv) = track_descent(MotionModel::NearlyConstantVelocity);
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
    // With the right physics the default process noise (sized for unmodelled
    // acceleration) makes the filter conservative (NEES below 6); without gravity the
    // same filter is overconfident.
    assert!(
        nees_ballistic < 6.0,
        "ballistic-motion NEES {nees_ballistic}"
    );
    assert!(
        nees_ncv > nees_ballistic,
        "NCV NEES {nees_ncv} vs ballistic {nees_ballistic}"
    );
}
