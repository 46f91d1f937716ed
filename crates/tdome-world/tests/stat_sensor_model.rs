//! The sensor model beyond a fixed Pd, with fixed seeds: detection from the radar
//! equation (closed forms against a Monte Carlo of the detector, and a radar's detection
//! frequency against the model), range rate against truth, measurement bias, scheduled
//! outages, and plot latency through the engine.
//!
//! Frequencies are checked against two-sided 99.9 % intervals (z = 3.29); each test has
//! a fixed seed, so it either always passes or always fails.

mod common;

use rand::Rng;
use rand_distr::{Distribution, Exp1, StandardNormal};
use tdome_core::event::{Event, EventSink};
use tdome_core::ids::{DataSourceId, ObjectId, SensorId};
use tdome_core::plot::Plot;
use tdome_core::rng::{Purpose, stream};
use tdome_core::units::wrap_pi;
use tdome_core::{
    Angle, EnuFrame, Geodetic, Length, Position, Probability, SimDuration, SimTime, Speed, Velocity,
};
use tdome_physics::EcefState;
use tdome_scenario::model::{
    Coverage, Detection, MeasurementBias, Outage, RadarEquation, SensorSpec, Swerling,
};
use tdome_world::Simulation;
use tdome_world::sense::detection::{self, DetectionModel};
use tdome_world::sense::radar::{Radar, TargetView};

/// Two-sided 99.9 % normal quantile.
const Z999: f64 = 3.29;

fn spec(detection: Detection) -> SensorSpec {
    SensorSpec {
        id: SensorId(0),
        name: "r".into(),
        data_source: DataSourceId::default(),
        site: Geodetic::from_degrees(25.0, 121.5, 100.0),
        scan_period: SimDuration::from_seconds(2.0),
        first_scan: SimTime::ZERO,
        coverage: Coverage {
            min_range: Length::km(1.0),
            max_range: Length::km(250.0),
            azimuth_sector: None,
            min_elevation: Angle::degrees(-2.0),
            max_elevation: Angle::degrees(80.0),
            radar_horizon: true,
        },
        sigma_range: Length::metres(30.0),
        sigma_azimuth: Angle::radians(2e-3),
        sigma_elevation: Angle::radians(3e-3),
        sigma_range_rate: None,
        detection,
        false_alarms_per_scan: 0.0,
        bias: MeasurementBias::default(),
        latency: SimDuration::ZERO,
        outages: Vec::new(),
    }
}

fn fixed(pd: f64) -> Detection {
    Detection::Fixed(Probability::new(pd).expect("p"))
}

fn radar_equation(swerling: Swerling) -> RadarEquation {
    RadarEquation {
        reference_range: Length::km(100.0),
        reference_pd: Probability::new(0.9).expect("p"),
        pfa: Probability::new(1e-6).expect("p"),
        swerling,
    }
}

/// A target moving with constant velocity `v_enu` (m/s, in the radar's ENU axes at
/// t = 0) from an ENU offset `enu` of the radar, as the radar sees it during the tick
/// from `t0` to `t1`.
fn mover(
    radar: &SensorSpec,
    enu: [f64; 3],
    v_enu: [f64; 3],
    (t0, t1): (SimTime, SimTime),
    rcs_m2: f64,
) -> TargetView {
    let frame = EnuFrame::at(radar.site);
    let p0 = frame.to_ecef(&Position::from_metres(enu[0], enu[1], enu[2]));
    let v = frame.velocity_to_ecef(&Velocity::from_mps(v_enu[0], v_enu[1], v_enu[2]));
    let at = |t: SimTime| EcefState {
        position: p0 + v.over_seconds(t.as_seconds()),
        velocity: v,
    };
    // A straight line: the Hermite interpolation between two states on it is exact.
    TargetView {
        object: ObjectId(0),
        before: at(t0),
        after: at(t1),
        after_time: t1,
        from: SimTime::ZERO,
        until: SimTime::from_seconds(1e6),
        rcs_m2,
    }
}

fn still(radar: &SensorSpec, enu: [f64; 3], rcs_m2: f64) -> TargetView {
    // A stationary target: its end state holds at any time.
    let forever = SimTime::from_seconds(1e6);
    mover(radar, enu, [0.0; 3], (forever, forever), rcs_m2)
}

fn observe(
    radar: &mut Radar,
    targets: &[TargetView],
    seconds: f64,
) -> Vec<(Plot, Option<ObjectId>)> {
    observe_moving(radar, seconds, |_, _| targets.to_vec())
}

/// Run the radar tick by tick for `seconds`, with the targets `at(t0, t1)` gives.
fn observe_moving(
    radar: &mut Radar,
    seconds: f64,
    at: impl Fn(SimTime, SimTime) -> Vec<TargetView>,
) -> Vec<(Plot, Option<ObjectId>)> {
    let dt = SimDuration::from_seconds(0.125);
    let mut out = Vec::new();
    let mut t = SimTime::ZERO;
    while t.as_seconds() < seconds {
        radar.observe(t, t + dt, &at(t, t + dt), &mut out);
        t += dt;
    }
    out
}

/// `hits` successes in `n` trials are consistent with probability `p` (99.9 %).
fn assert_binomial(hits: usize, n: usize, p: f64, what: &str) {
    let (n, hits) = (n as f64, hits as f64);
    let sd = (n * p * (1.0 - p)).sqrt();
    assert!(
        (hits - n * p).abs() <= Z999 * sd,
        "{what}: {hits} of {n}, expected {} ± {}",
        n * p,
        Z999 * sd
    );
}

/// Monte Carlo of one square-law look: a target of mean SNR `snr` whose cross-section
/// is drawn from the Swerling case's distribution, in complex Gaussian noise of unit
/// power, against the threshold −ln Pfa.
fn monte_carlo_pd(swerling: Swerling, snr: f64, pfa: f64, trials: usize, seed: u64) -> usize {
    let mut rng = stream(seed, Purpose::SensorNoise, 1000);
    let t = detection::threshold(pfa);
    let half = std::f64::consts::FRAC_1_SQRT_2;
    (0..trials)
        .filter(|_| {
            let e1: f64 = Exp1.sample(&mut rng);
            // Swerling I: exponential RCS (χ², 2 dof); III: χ², 4 dof, the mean of two.
            let sigma = match swerling {
                Swerling::One => snr * e1,
                Swerling::Three => {
                    let e2: f64 = Exp1.sample(&mut rng);
                    0.5 * snr * (e1 + e2)
                }
            };
            let nr: f64 = rng.sample::<f64, _>(StandardNormal) * half;
            let ni: f64 = rng.sample::<f64, _>(StandardNormal) * half;
            let z = (sigma.sqrt() + nr).powi(2) + ni * ni;
            z > t
        })
        .count()
}

#[test]
fn val_swerling_closed_forms_match_a_monte_carlo_of_the_detector() {
    let trials = 200_000;
    for (k, sw) in [Swerling::One, Swerling::Three].into_iter().enumerate() {
        for (j, (snr, pfa)) in [(0.0, 1e-2), (2.0, 1e-3), (10.0, 1e-3), (30.0, 1e-4)]
            .into_iter()
            .enumerate()
        {
            let seed = 10 * k as u64 + j as u64;
            let hits = monte_carlo_pd(sw, snr, pfa, trials, seed);
            let p = detection::pd(sw, snr, pfa);
            assert_binomial(hits, trials, p, &format!("{sw:?}, S = {snr}, Pfa = {pfa}"));
        }
    }
}

#[test]
fn stat_detection_frequency_matches_the_radar_equation() {
    let scans = 4_000;
    // A 1 m² target at the reference range is seen 90 % of the time; a 0.1 m² rocket at
    // 70 km and a 0.2 m² missile at 120 km are seen as the equation says.
    let cases = [
        (Swerling::One, [0.0, 100_000.0, 2_000.0], 1.0),
        (Swerling::Three, [0.0, 100_000.0, 2_000.0], 1.0),
        (Swerling::One, [50_000.0, 49_000.0, 3_000.0], 0.1),
        (Swerling::Three, [-80_000.0, -89_000.0, 8_000.0], 0.2),
    ];
    for (i, (sw, enu, rcs)) in cases.into_iter().enumerate() {
        let eq = radar_equation(sw);
        let s = spec(Detection::RadarEquation(eq));
        let tgt = still(&s, enu, rcs);
        let range = EnuFrame::at(s.site).observe(&tgt.before.position).range;
        let p = DetectionModel::new(&eq).pd(range, rcs);
        let mut radar = Radar::new(s, 40 + i as u64);
        let hits = observe(&mut radar, &[tgt], scans as f64 * 2.0).len();
        assert_binomial(
            hits,
            scans,
            p,
            &format!("{sw:?}, {rcs} m² at {:.1} km (Pd {p:.4})", range.as_km()),
        );
    }
}

#[test]
fn stat_range_rate_matches_truth_within_its_noise() {
    let mut s = spec(fixed(1.0));
    s.sigma_range_rate = Some(Speed::metres_per_second(5.0));
    // Outbound at 25 m/s and crossing at 40 m/s, 60 km out: range rate about 20 m/s.
    let track = |t0, t1| {
        vec![mover(
            &s,
            [0.0, 60_000.0, 3_000.0],
            [40.0, 25.0, 0.0],
            (t0, t1),
            1.0,
        )]
    };
    let mut radar = Radar::new(s.clone(), 3);
    let plots = observe_moving(&mut radar, 2_900.0, track);
    let frame = EnuFrame::at(s.site);
    let n = plots.len() as f64;
    assert!(n > 1000.0, "{n} plots");
    let (mut sum, mut ss) = (0.0, 0.0);
    for (p, _) in &plots {
        let truth = track(p.time, p.time)[0].before;
        let truth = frame.range_rate(&truth.position, &truth.velocity).si();
        assert!(truth > 15.0 && truth < 50.0, "{truth}");
        let e = (p.range_rate.expect("measures range rate").si() - truth) / 5.0;
        sum += e;
        ss += e * e;
    }
    // Normalised errors: mean 0 (sd 1/√n), mean square 1 (sd √(2/n)).
    assert!((sum / n).abs() < Z999 / n.sqrt(), "mean error {}", sum / n);
    assert!(
        (ss / n - 1.0).abs() < Z999 * (2.0 / n).sqrt(),
        "mean square error {}",
        ss / n
    );
}

#[test]
fn stat_bias_shifts_the_mean_measurement_error_by_the_bias() {
    let mut s = spec(fixed(1.0));
    s.bias = MeasurementBias {
        range: Length::metres(50.0),
        azimuth: Angle::radians(2e-3),
        elevation: Angle::radians(-1e-3),
    };
    let tgt = still(&s, [30_000.0, 40_000.0, 3_000.0], 1.0);
    let mut radar = Radar::new(s.clone(), 8);
    let plots = observe(&mut radar, &[tgt], 3_000.0 * 2.0);
    let truth = EnuFrame::at(s.site).observe(&tgt.before.position);
    let n = plots.len() as f64;
    let mut mean = [0.0; 3];
    for (p, _) in &plots {
        mean[0] += (p.measurement.range - truth.range).si() / n;
        mean[1] += wrap_pi((p.measurement.azimuth - truth.azimuth).si()) / n;
        mean[2] += (p.measurement.elevation - truth.elevation).si() / n;
    }
    let expected = [50.0, 2e-3, -1e-3];
    let sigma = [30.0, 2e-3, 3e-3];
    for k in 0..3 {
        let ci = Z999 * sigma[k] / n.sqrt();
        assert!(
            (mean[k] - expected[k]).abs() < ci,
            "component {k}: mean error {} for bias {} (± {ci})",
            mean[k],
            expected[k]
        );
    }
}

#[test]
fn outage_drops_exactly_the_plots_illuminated_inside_it() {
    let mut up = spec(fixed(0.7));
    up.false_alarms_per_scan = 2.0;
    let mut down = up.clone();
    let window = Outage {
        start: SimTime::from_seconds(101.0),
        end: SimTime::from_seconds(157.5),
    };
    down.outages = vec![window];
    let targets = [
        still(&up, [30_000.0, 40_000.0, 3_000.0], 1.0),
        still(&up, [-60_000.0, 10_000.0, 5_000.0], 1.0),
    ];
    let all = observe(&mut Radar::new(up, 21), &targets, 400.0);
    let some = observe(&mut Radar::new(down, 21), &targets, 400.0);
    let inside = |p: &Plot| window.start <= p.time && p.time < window.end;
    let expected: Vec<String> = all
        .iter()
        .filter(|(p, _)| !inside(p))
        .map(|x| format!("{x:?}"))
        .collect();
    let found: Vec<String> = some.iter().map(|x| format!("{x:?}")).collect();
    assert!(all.iter().any(|(p, o)| inside(p) && o.is_some()));
    assert!(all.iter().any(|(p, o)| inside(p) && o.is_none()));
    assert!(some.iter().all(|(p, _)| !inside(p)));
    // Every plot outside the window is exactly the plot the radar makes without it.
    assert_eq!(found, expected);
}

/// A raid seen by two radars, one with `latency_s` of delay; no battery, so nothing the
/// battle manager decides changes what the radars see.
fn latency_scenario(latency_s: f64) -> tdome_scenario::Scenario {
    common::scenario_from(&format!(
        r#"
[scenario]
name = "latency"
seed = 11
duration_s = 120.0
tick_s = 0.125

[theatre]
origin = {{ lat_deg = 24.0, lon_deg = 120.0 }}

[[asset]]
name = "town"
value = 10.0
polygon = [[24.00, 120.00], [24.00, 120.02], [24.02, 120.02], [24.02, 120.00]]

[[sensor]]
name = "slow"
site = {{ lat_deg = 24.01, lon_deg = 120.01, alt_m = 20.0 }}
scan_period_s = 1.0
latency_s = {latency_s}
pd = 0.9
false_alarms_per_scan = 0.5
coverage = {{ min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 80.0 }}
noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}

[[sensor]]
name = "prompt"
site = {{ lat_deg = 24.03, lon_deg = 120.00, alt_m = 20.0 }}
scan_period_s = 1.5
first_scan_s = 0.3
pd = 0.9
coverage = {{ min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 80.0 }}
noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}

[[raid]]
name = "grad"
threat = "9M22U Grad (122 mm)"
count = 4
launch_area = {{ point = [24.12, 120.01] }}
window_s = [10.0, 40.0]
aim = {{ asset = "town" }}
"#
    ))
}

/// Plots as the battle manager gets them, each with the time of the cycle that
/// delivered it.
#[derive(Default)]
struct Deliveries {
    now: SimTime,
    plots: Vec<(SimTime, Plot, Option<ObjectId>)>,
}

impl EventSink for Deliveries {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        if let Event::Plot { plot, truth } = event {
            self.plots.push((self.now, (*plot).clone(), *truth));
        }
        Ok(())
    }
}

fn deliveries(s: &tdome_scenario::Scenario) -> Vec<(SimTime, Plot, Option<ObjectId>)> {
    let mut sim = Simulation::new(s, s.seed).expect("world builds");
    let mut sink = Deliveries::default();
    while !sim.finished() {
        // The battle manager's cycle runs at the end of the step, at the tick's end.
        sink.now = sim.now() + s.tick;
        sim.step(&mut sink).expect("step");
    }
    sink.plots
}

#[test]
fn plots_reach_the_battle_manager_their_latency_after_illumination() {
    let latency = SimDuration::from_seconds(2.3);
    let prompt = deliveries(&latency_scenario(0.0));
    let late_run = latency_scenario(2.3);
    let cycle = late_run.bmc.cycle;
    let late = deliveries(&late_run);
    let end = SimTime::ZERO + late_run.duration;
    let delay = |p: &Plot| {
        if p.sensor == SensorId(0) {
            latency
        } else {
            SimDuration::ZERO
        }
    };
    assert!(
        late.iter()
            .any(|(_, p, o)| p.sensor == SensorId(0) && o.is_some())
    );
    for (delivered, p, _) in &late {
        let arrival = p.time + delay(p);
        // At the first cycle at or after its arrival: not before, and not a cycle late.
        assert!(*delivered >= arrival, "{p:?} delivered at {delivered}");
        assert!(
            *delivered - cycle < arrival,
            "{p:?} delivered at {delivered}"
        );
    }
    // Within a cycle: by arrival, then illumination, then sensor.
    for w in late.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.0 == b.0 {
            let key = |p: &Plot| (p.time + delay(p), p.time, p.sensor);
            assert!(key(&a.1) <= key(&b.1));
        }
    }
    // The same plots as without latency, less those still in transit at the end.
    let key = |(_, p, o): &(SimTime, Plot, Option<ObjectId>)| format!("{p:?} {o:?}");
    let mut expected: Vec<String> = prompt
        .iter()
        .filter(|(_, p, _)| p.time + delay(p) <= end)
        .map(key)
        .collect();
    let mut found: Vec<String> = late.iter().map(key).collect();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    // Without latency every plot is delivered at the first cycle after it is made.
    for (delivered, p, _) in &prompt {
        assert!(*delivered >= p.time && *delivered - cycle < p.time);
    }
}

/// The tracker's reorder window, by default the slowest radar's latency, takes every
/// delayed plot in its place; with no window, the delayed radar's plots arrive after
/// the prompt radar's later ones and are counted as late, not silently dropped.
#[test]
fn delayed_plots_take_their_place_within_the_reorder_window() {
    let run = |s: &tdome_scenario::Scenario| {
        let mut sim = Simulation::new(s, s.seed).expect("world builds");
        let mut sink = Deliveries::default();
        while !sim.finished() {
            sim.step(&mut sink).expect("step");
        }
        sim.stats().clone()
    };
    let delayed = latency_scenario(2.3);
    assert_eq!(
        delayed.bmc.tracker.reorder_window,
        SimDuration::from_seconds(2.3),
        "the default window is the slowest radar's latency"
    );
    let held = run(&delayed);
    assert_eq!(held.plots_late, 0, "{held:?}");
    let mut unbuffered = delayed.clone();
    unbuffered.bmc.tracker.reorder_window = SimDuration::ZERO;
    let dropped = run(&unbuffered);
    assert!(dropped.plots_late > 0, "{dropped:?}");
}
