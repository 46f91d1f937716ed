//! The tracker builds the right picture: one confirmed track per target, none from
//! clutter, tracks that follow their targets, and deletion when a target goes silent.

mod common;

use rand::Rng;
use tdome_bmc::config::TrackerConfig;
use tdome_bmc::track::{GnnTracker, Tracker};
use tdome_core::picture::TrackStatus;
use tdome_core::rng::{Purpose, stream};
use tdome_core::{EnuFrame, Geodetic, Position, SimTime};

#[test]
fn three_targets_in_clutter_give_three_tracks_then_one_is_deleted() {
    let site = Geodetic::from_degrees(25.0, 121.5, 50.0);
    let frame = EnuFrame::at(site);
    let (sr, sa, se) = (20.0, 1.0e-3, 1.0e-3);
    let scan = 4.0;
    let model = common::scanning(0, site, (sr, sa, se), scan);
    let mut rng = stream(11, Purpose::SensorNoise, 0);
    // Three targets (ENU start, ENU velocity): an SRBM-like fast one, a cruise missile,
    // a drone.
    let targets = [
        ([60_000.0, 20_000.0, 30_000.0], [-900.0, -300.0, -400.0]),
        ([-40_000.0, 50_000.0, 100.0], [240.0, -10.0, 0.0]),
        ([10_000.0, -45_000.0, 500.0], [0.0, 50.0, 0.0]),
    ];
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    let mut reports = Vec::new();
    let mut deleted = Vec::new();
    for k in 0..25 {
        let t = k as f64 * scan;
        let mut plots = Vec::new();
        for (i, (p0, v)) in targets.iter().enumerate() {
            // Target 0 stops being seen after scan 10 (killed).
            if i == 0 && k > 10 {
                continue;
            }
            if rng.random::<f64>() > 0.9 {
                continue;
            }
            let enu = Position::from_metres(p0[0] + v[0] * t, p0[1] + v[1] * t, p0[2] + v[2] * t);
            let m = frame.observe(&frame.to_ecef(&enu));
            plots.push(common::noisy_plot(
                &model,
                SimTime::from_seconds(t + 0.01 * i as f64),
                &m,
                (sr, sa, se),
                &mut rng,
            ));
        }
        // Three false alarms a scan, uniform over 10–100 km, all azimuths, 0–20°.
        for c in 0..3 {
            let r = rng.random_range(10_000.0..100_000.0);
            let az = rng.random_range(0.0..std::f64::consts::TAU);
            let el = rng.random_range(0.0..0.35);
            plots.push(common::plot(
                &model,
                SimTime::from_seconds(t + 0.05 + 0.01 * c as f64),
                r,
                az,
                el,
            ));
        }
        plots.sort_by_key(|p| p.time);
        let now = SimTime::from_seconds(t + 0.1);
        tracker.process(now, &plots);
        reports.clear();
        tracker.drain_reports(now, &mut reports);
        deleted.extend(
            reports
                .iter()
                .filter(|r| r.status == TrackStatus::Deleted)
                .map(|r| r.track),
        );

        if k == 10 {
            let confirmed: Vec<_> = tracker.picture().confirmed().collect();
            assert_eq!(
                confirmed.len(),
                3,
                "confirmed tracks at scan 10: {confirmed:#?}"
            );
            for (p0, v) in &targets {
                let truth = frame.to_ecef(&Position::from_metres(
                    p0[0] + v[0] * t,
                    p0[1] + v[1] * t,
                    p0[2] + v[2] * t,
                ));
                let nearest = confirmed
                    .iter()
                    .map(|c| c.position.distance_to(&truth).si())
                    .fold(f64::INFINITY, f64::min);
                assert!(
                    nearest < 250.0,
                    "no confirmed track within 250 m of a target (nearest {nearest:.0} m)"
                );
            }
        }
    }
    let confirmed: Vec<_> = tracker.picture().confirmed().collect();
    assert_eq!(
        confirmed.len(),
        2,
        "after target 0 went silent: {confirmed:#?}"
    );
    // Target 0's track was deleted (reported once), after its missed looks.
    assert!(!deleted.is_empty());
    let mut unique = deleted.clone();
    unique.dedup();
    assert_eq!(unique.len(), deleted.len(), "a deletion was reported twice");
}

/// Ripple fire: two rockets on the same path, the second one scan behind the first, so
/// each scan the second appears where the first was. Single-plot initiation with one
/// continuation per track would chain the plots wrongly forever; track splitting must
/// give exactly two confirmed tracks, each on its own rocket.
#[test]
fn ripple_fired_pair_on_one_path_gives_two_tracks() {
    let site = Geodetic::from_degrees(31.5, 34.5, 30.0);
    let frame = EnuFrame::at(site);
    let (sr, sa, se) = (20.0, 3.5e-3, 3.5e-3);
    let model = common::model(0, site, sr, sa, se);
    let mut rng = stream(5, Purpose::SensorNoise, 1);
    let scan = 1.0;
    let speed = 600.0;
    // Both start 12 km north at 1 km height and fly south; the second launches one scan
    // later.
    let pos = |t: f64| Position::from_metres(0.0, 12_000.0 - speed * t, 1_000.0);
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    let mut reports = Vec::new();
    for k in 0..12 {
        let t = k as f64 * scan;
        let mut plots = Vec::new();
        for (lag, dt) in [(0.0, 0.0), (scan, 0.001)] {
            if t < lag {
                continue;
            }
            let m = frame.observe(&frame.to_ecef(&pos(t - lag)));
            plots.push(common::noisy_plot(
                &model,
                SimTime::from_seconds(t + dt),
                &m,
                (sr, sa, se),
                &mut rng,
            ));
        }
        tracker.process(SimTime::from_seconds(t + 0.5), &plots);
        tracker.drain_reports(SimTime::from_seconds(t + 0.5), &mut reports);
    }
    let t = 11.0;
    let confirmed: Vec<_> = tracker.picture().confirmed().collect();
    assert_eq!(confirmed.len(), 2, "{confirmed:#?}");
    for lag in [0.0, scan] {
        let truth = frame.to_ecef(&pos(t - lag));
        let v_truth = frame.velocity_to_ecef(&tdome_core::Velocity::from_mps(0.0, -speed, 0.0));
        let best = confirmed
            .iter()
            .min_by(|a, b| {
                let da = a.position.distance_to(&truth).si();
                let db = b.position.distance_to(&truth).si();
                da.total_cmp(&db)
            })
            .expect("a track");
        let dv = (best.velocity - v_truth).speed().si();
        assert!(
            best.position.distance_to(&truth).si() < 150.0 && dv < 60.0,
            "track off its rocket: Δv {dv:.0} m/s"
        );
    }
}
