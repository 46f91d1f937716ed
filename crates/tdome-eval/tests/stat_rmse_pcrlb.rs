//! The tracker near the accuracy limit: on a single-radar scenario of a target moving as
//! the nearly-constant-velocity model says, with Pd = 0.9 and no clutter, the whole
//! tracker's position RMSE over Monte Carlo runs (fixed seeds) is within 15% of the
//! posterior Cramér–Rao lower bound computed on the same trajectories (information-
//! reduction factor Pd), and never below it by more than the sampling error.

use std::sync::Arc;

use nalgebra::Vector3;
use rand::Rng;
use rand_distr::StandardNormal;
use tdome_bmc::config::TrackerConfig;
use tdome_bmc::track::motion::MotionModelKind;
use tdome_bmc::track::{GnnTracker, Tracker};
use tdome_core::ids::SensorId;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::rng::{Purpose, stream};
use tdome_core::{
    Angle, Ecef, EnuFrame, Geodetic, Length, Position, RangeAzEl, SimDuration, SimTime,
};
use tdome_eval::pcrlb::{BoundSensor, Pcrlb};

const RUNS: usize = 60;
const SCANS: usize = 60;
/// Scans left out while the track forgets its one-plot start.
const SETTLE: usize = 15;
const Q: f64 = 0.1;
const PD: f64 = 0.9;

#[test]
fn stat_position_rmse_within_15_percent_of_the_pcrlb() {
    let site = Geodetic::from_degrees(24.8, 121.0, 50.0);
    let frame = EnuFrame::at(site);
    let (sr, sa, se) = (20.0, 1.0e-3, 1.0e-3);
    let model = CartesianToRangeAzimuthElevation {
        sensor: SensorId(0),
        site: frame,
        sigma_range: Length::metres(sr),
        sigma_azimuth: Angle::radians(sa),
        sigma_elevation: Angle::radians(se),
        sigma_range_rate: None,
        scan_period: SimDuration::from_seconds(1.0),
    };
    let shared = Arc::new(model.clone());
    let config = TrackerConfig {
        motion_models: vec![MotionModelKind::ConstantVelocity],
        process_noise_psd: Q,
        ..TrackerConfig::default()
    };
    let bound = Pcrlb {
        q_psd: Q,
        velocity_prior_sigma: config.initial_velocity_sigma.si(),
    };
    let sensors = [BoundSensor {
        model: model.clone(),
        pd: PD,
    }];
    let (mut sq_error, mut errors) = (0.0, 0usize);
    let (mut sq_bound, mut bounds) = (0.0, 0usize);
    for run in 0..RUNS {
        let mut rng = stream(2026, Purpose::SensorNoise, run as u64);
        // A target 20–50 km out at 4–10 km height, 150–300 m/s, as in the benchmark.
        let range = rng.random_range(20_000.0..50_000.0);
        let bearing: f64 = rng.random_range(0.0..std::f64::consts::TAU);
        let heading: f64 = rng.random_range(0.0..std::f64::consts::TAU);
        let speed = rng.random_range(150.0..300.0);
        let mut p = Vector3::new(
            range * bearing.sin(),
            range * bearing.cos(),
            rng.random_range(4_000.0..10_000.0),
        );
        let mut v = Vector3::new(speed * heading.sin(), speed * heading.cos(), 0.0);
        let mut truth: Vec<(SimTime, Position<Ecef>)> = Vec::new();
        for k in 0..SCANS {
            if k > 0 {
                // Exact discrete white-noise acceleration of PSD Q over 1 s.
                for axis in 0..3 {
                    let (a, b): (f64, f64) =
                        (rng.sample(StandardNormal), rng.sample(StandardNormal));
                    p[axis] += v[axis] + Q.sqrt() * (0.5 * a + (1.0f64 / 12.0).sqrt() * b);
                    v[axis] += Q.sqrt() * a;
                }
            }
            truth.push((
                SimTime::from_seconds(k as f64),
                frame.to_ecef(&Position::from_metres(p.x, p.y, p.z)),
            ));
        }
        let limit = bound.position_rmse_bound(&truth, &sensors).expect("bound");
        let mut tracker = GnnTracker::new(config.clone(), 1e-4);
        let mut reports = Vec::new();
        for (k, (t, position)) in truth.iter().enumerate() {
            let mut plots = Vec::new();
            if rng.random::<f64>() < PD {
                let m = frame.observe(position);
                plots.push(Plot {
                    time: *t,
                    sensor: SensorId(0),
                    measurement: RangeAzEl {
                        range: Length::metres(
                            m.range.si() + sr * rng.sample::<f64, _>(StandardNormal),
                        ),
                        azimuth: Angle::radians(
                            m.azimuth.si() + sa * rng.sample::<f64, _>(StandardNormal),
                        ),
                        elevation: Angle::radians(
                            m.elevation.si() + se * rng.sample::<f64, _>(StandardNormal),
                        ),
                    },
                    range_rate: None,
                    model: shared.clone(),
                });
            }
            tracker.process(*t, &plots);
            reports.clear();
            tracker.drain_reports(*t, &mut reports);
            if k < SETTLE {
                continue;
            }
            sq_bound += limit[k].si().powi(2);
            bounds += 1;
            // The estimate at this scan: updated now, or coasted from its last plot.
            let track = tracker
                .picture()
                .confirmed()
                .next()
                .expect("a confirmed track");
            let dt = (*t - track.time).as_seconds();
            let estimate = track.position + track.velocity.over_seconds(dt);
            sq_error += estimate.metres().metric_distance(position.metres()).powi(2);
            errors += 1;
        }
    }
    let rmse = (sq_error / errors as f64).sqrt();
    let limit = (sq_bound / bounds as f64).sqrt();
    println!(
        "position RMSE {rmse:.2} m against the PCRLB {limit:.2} m (ratio {:.3}) over {errors} \
         estimates",
        rmse / limit
    );
    assert!(rmse <= 1.15 * limit, "RMSE {rmse} m, bound {limit} m");
    // The bound is a bound: an RMSE clearly below it would mean a wrong bound or a
    // wrong error (the sample RMSE of ~2,700 correlated errors scatters by a few %).
    assert!(
        rmse >= 0.95 * limit,
        "RMSE {rmse} m below the bound {limit} m"
    );
}
