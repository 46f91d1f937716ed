//! Helpers shared by the battle-manager tests.
#![allow(dead_code)]

use std::sync::Arc;

use tdome_core::ids::SensorId;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::{Angle, EnuFrame, Geodetic, Length, RangeAzEl, SimDuration, SimTime};

/// A radar measurement model at `site` with the given noise, scanning once a second.
pub fn model(
    sensor: u32,
    site: Geodetic,
    sigma_r: f64,
    sigma_az: f64,
    sigma_el: f64,
) -> Arc<CartesianToRangeAzimuthElevation> {
    scanning(sensor, site, (sigma_r, sigma_az, sigma_el), 1.0)
}

/// A radar measurement model at `site` with noise (σ range, σ azimuth, σ elevation),
/// scanning every `scan_s` seconds.
pub fn scanning(
    sensor: u32,
    site: Geodetic,
    (sigma_r, sigma_az, sigma_el): (f64, f64, f64),
    scan_s: f64,
) -> Arc<CartesianToRangeAzimuthElevation> {
    Arc::new(CartesianToRangeAzimuthElevation {
        sensor: SensorId(sensor),
        site: EnuFrame::at(site),
        sigma_range: Length::metres(sigma_r),
        sigma_azimuth: Angle::radians(sigma_az),
        sigma_elevation: Angle::radians(sigma_el),
        sigma_range_rate: None,
        scan_period: SimDuration::from_seconds(scan_s),
    })
}

/// A plot at `t` of the true measurement `seen` plus Gaussian noise of standard
/// deviations (range m, azimuth rad, elevation rad), drawn from `rng` in that order.
pub fn noisy_plot<R: rand::Rng + ?Sized>(
    model: &Arc<CartesianToRangeAzimuthElevation>,
    t: SimTime,
    seen: &RangeAzEl,
    (sr, sa, se): (f64, f64, f64),
    rng: &mut R,
) -> Plot {
    let mut noise = || rng.sample::<f64, _>(rand_distr::StandardNormal);
    let (dr, da, de) = (sr * noise(), sa * noise(), se * noise());
    plot(
        model,
        t,
        seen.range.si() + dr,
        seen.azimuth.si() + da,
        seen.elevation.si() + de,
    )
}

/// The true ECEF position and velocity less `track`'s estimate of them.
pub fn state_error(
    position: &tdome_core::Position<tdome_core::Ecef>,
    velocity: &tdome_core::Velocity<tdome_core::Ecef>,
    track: &tdome_core::picture::TrackEstimate,
) -> nalgebra::Vector6<f64> {
    let (p, v) = (position.metres(), velocity.mps());
    let (tp, tv) = (track.position.metres(), track.velocity.mps());
    nalgebra::Vector6::new(
        p.x - tp.x,
        p.y - tp.y,
        p.z - tp.z,
        v.x - tv.x,
        v.y - tv.y,
        v.z - tv.z,
    )
}

/// The NEES of the state error `e` under `track`'s covariance (6 degrees of freedom).
pub fn nees(e: &nalgebra::Vector6<f64>, track: &tdome_core::picture::TrackEstimate) -> f64 {
    e.dot(
        &nalgebra::Cholesky::new(track.covariance)
            .expect("positive definite")
            .solve(e),
    )
}

/// A plot at `t` with measurement (r, az, el).
pub fn plot(
    model: &Arc<CartesianToRangeAzimuthElevation>,
    t: SimTime,
    r: f64,
    az: f64,
    el: f64,
) -> Plot {
    Plot {
        time: t,
        sensor: model.sensor,
        measurement: RangeAzEl {
            range: Length::metres(r),
            azimuth: Angle::radians(az),
            elevation: Angle::radians(el),
        },
        range_rate: None,
        model: model.clone(),
    }
}

/// A tracking fixture of tests/fixtures/tracking: its metadata line's key=value pairs,
/// and its rows (after the header) split into fields.
pub fn fixture(name: &str) -> (std::collections::BTreeMap<String, f64>, Vec<Vec<String>>) {
    let path = format!(
        "{}/../../tests/fixtures/tracking/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
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
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (meta, rows)
}

/// Field `i` of fixture row `row` (line `line`) as a number.
pub fn number(row: &[String], i: usize, line: usize) -> f64 {
    row[i]
        .parse::<f64>()
        .unwrap_or_else(|_| panic!("line {line}: bad number {:?}", row[i]))
}

/// One row of a filter fixture (filterpy_ekf.csv, filterpy_ukf.csv): sequence, time,
/// the plot (none on a sequence's initial row) and the posterior.
pub struct FilterRow {
    /// Sequence number.
    pub seq: u32,
    /// Time, seconds.
    pub t: f64,
    /// The plot (range m, azimuth rad, elevation rad); none on an initial row.
    pub z: Option<[f64; 3]>,
    /// Posterior mean.
    pub x: nalgebra::Vector6<f64>,
    /// Posterior covariance.
    pub p: nalgebra::Matrix6<f64>,
}

/// The rows of a filter fixture: seq, step, t, range, azimuth, elevation, the mean
/// (6) and the covariance's upper triangle (21).
pub fn filter_fixture(name: &str) -> (std::collections::BTreeMap<String, f64>, Vec<FilterRow>) {
    let (meta, rows) = fixture(name);
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let line = i + 3;
            assert_eq!(f.len(), 33, "fixture line {line} has {} fields", f.len());
            let num = |k: usize| number(f, k, line);
            let z = (!f[3].is_empty()).then(|| [num(3), num(4), num(5)]);
            let x = nalgebra::Vector6::from_fn(|a, _| num(6 + a));
            let mut p = nalgebra::Matrix6::zeros();
            let mut k = 12;
            for a in 0..6 {
                for b in a..6 {
                    p[(a, b)] = num(k);
                    p[(b, a)] = num(k);
                    k += 1;
                }
            }
            FilterRow {
                seq: num(0) as u32,
                t: num(2),
                z,
                x,
                p,
            }
        })
        .collect();
    (meta, rows)
}

/// A 300 km-class missile with a constant drag coefficient, so its ballistic coefficient
/// after burnout is exactly known: mass / (0.25 · 0.636 m²).
pub fn missile() -> Arc<tdome_physics::ballistic::BallisticVehicle> {
    Arc::new(tdome_physics::ballistic::BallisticVehicle {
        launch_mass: tdome_core::Mass::kilograms(4_200.0),
        propellant_mass: tdome_core::Mass::kilograms(2_900.0),
        burn_time_s: 60.0,
        specific_impulse_s: 250.0,
        reference_area_m2: std::f64::consts::PI * 0.45 * 0.45,
        drag: tdome_physics::aero::DragCurve::constant(0.25).expect("valid"),
        rail_exit_speed_mps: 30.0,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    })
}

/// `vehicle` flown by the shared physics from `launch` to `aim` on its minimum-energy
/// trajectory at `dt_s` steps: the state at every step, launch to impact, and the
/// finished flight (its burnout time, its mass).
pub fn fly_minimum_energy(
    vehicle: &Arc<tdome_physics::ballistic::BallisticVehicle>,
    launch: Geodetic,
    aim: Geodetic,
    dt_s: f64,
) -> (
    Vec<tdome_physics::EcefState>,
    tdome_physics::ballistic::BallisticFlight,
) {
    use tdome_physics::ballistic::{BallisticFlight, TrajectoryShape, solve_launch_shaped};
    let sol = solve_launch_shaped(vehicle, launch, aim, dt_s, TrajectoryShape::MinimumEnergy)
        .expect("a launch solution");
    let mut flight = BallisticFlight::launch(vehicle.clone(), launch, sol.command);
    let mut truth = vec![*flight.state()];
    while flight.advance(dt_s).is_none() {
        truth.push(*flight.state());
    }
    (truth, flight)
}

/// Replay a filter fixture (filterpy_ekf.csv layout): each sequence starts from its
/// initial row; each plot is predicted to with tdome's NCV model (the fixture's fx is
/// linear) and taken in by `update`, and the posterior must agree with the fixture's
/// within `max_dx` (absolute, m and m/s) and `max_dp` (relative to the covariance's
/// largest entry). Returns (updates, worst |Δmean|, worst relative |ΔP|).
pub fn replay_filter_fixture(
    name: &str,
    (max_dx, max_dp): (f64, f64),
    update: impl Fn(
        &tdome_bmc::track::gaussian::GaussianState,
        &Plot,
        &std::collections::BTreeMap<String, f64>,
    ) -> tdome_bmc::track::gaussian::GaussianState,
) -> (usize, f64, f64) {
    use tdome_bmc::track::gaussian::GaussianState;
    let (meta, rows) = filter_fixture(name);
    let site = Geodetic::from_degrees(meta["site_lat_deg"], meta["site_lon_deg"], meta["site_h_m"]);
    let model = self::model(
        0,
        site,
        meta["sigma_range_m"],
        meta["sigma_azimuth_rad"],
        meta["sigma_elevation_rad"],
    );
    let motion = tdome_bmc::track::motion::NearlyConstantVelocity { q: meta["q_psd"] };
    let mut state: Option<GaussianState> = None;
    let (mut worst_x, mut worst_p, mut updates) = (0.0_f64, 0.0_f64, 0);
    for (i, row) in rows.iter().enumerate() {
        let t = SimTime::from_seconds(row.t);
        match (row.z, state.as_ref()) {
            (None, _) => state = Some(GaussianState::new(row.x, row.p, t)),
            (Some([r, az, el]), Some(prior)) => {
                let predicted = motion.predict(prior, t);
                let posterior = update(&predicted, &self::plot(&model, t, r, az, el), &meta);
                let dx = (posterior.mean - row.x).abs().max();
                let dp = (posterior.covariance - row.p).abs().max() / row.p.abs().max();
                assert!(
                    dx < max_dx,
                    "{name} seq {} row {i}: mean differs by {dx} (ours {:?}, filterpy {:?})",
                    row.seq,
                    posterior.mean,
                    row.x
                );
                assert!(
                    dp < max_dp,
                    "{name} seq {} row {i}: covariance differs by {dp} (relative)",
                    row.seq
                );
                worst_x = worst_x.max(dx);
                worst_p = worst_p.max(dp);
                updates += 1;
                state = Some(posterior);
            }
            (Some(_), None) => panic!("{name} row {i}: measurement before initial state"),
        }
    }
    (updates, worst_x, worst_p)
}
