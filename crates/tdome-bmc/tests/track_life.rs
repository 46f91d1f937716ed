//! Track life at the tracker's edges: a plot that pairs with clutter still starts its
//! target's track, a tentative track that can no longer be confirmed takes no plot, a
//! track whose target has landed leaves the picture, and kill assessment drops a wreck.

mod common;

use tdome_bmc::config::TrackerConfig;
use tdome_bmc::track::{GnnTracker, Tracker};
use tdome_core::ids::TrackId;
use tdome_core::picture::TrackStatus;
use tdome_core::plot::Plot;
use tdome_core::{EnuFrame, Geodetic, Position, SimTime};

const SITE: (f64, f64, f64) = (31.5, 34.5, 30.0);

fn frame() -> EnuFrame {
    EnuFrame::at(Geodetic::from_degrees(SITE.0, SITE.1, SITE.2))
}

/// A noiseless plot of the ENU point `p` at `t` (the tracker's noise model is the radar's).
fn plot_at(t: f64, p: [f64; 3]) -> Plot {
    let site = Geodetic::from_degrees(SITE.0, SITE.1, SITE.2);
    let model = common::model(0, site, 20.0, 1e-3, 1e-3);
    let frame = frame();
    let m = frame.observe(&frame.to_ecef(&Position::from_metres(p[0], p[1], p[2])));
    common::plot(
        &model,
        SimTime::from_seconds(t),
        m.range.si(),
        m.azimuth.si(),
        m.elevation.si(),
    )
}

/// A drone 20 km north at 1 km, flying east at 50 m/s.
fn drone(t: f64) -> [f64; 3] {
    [50.0 * t, 20_000.0, 1_000.0]
}

fn run(tracker: &mut GnnTracker, scans: &[(f64, Vec<Plot>)]) {
    let mut reports = Vec::new();
    for (t, plots) in scans {
        let now = SimTime::from_seconds(*t + 0.5);
        tracker.process(now, plots);
        tracker.drain_reports(now, &mut reports);
    }
}

#[test]
fn a_plot_that_extends_clutter_still_starts_its_target_track() {
    // A false alarm 1.5 km from the drone's first plot, one scan earlier: the drone's
    // first plot extends that one-plot track (1.5 km/s is within reach) and must also
    // start the drone's own track, which its next two plots then confirm.
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    let clutter = plot_at(0.0, [-1_500.0, 20_000.0, 1_000.0]);
    run(
        &mut tracker,
        &[
            (0.0, vec![clutter]),
            (1.0, vec![plot_at(1.0, drone(1.0))]),
            (2.0, vec![plot_at(2.0, drone(2.0))]),
            (3.0, vec![plot_at(3.0, drone(3.0))]),
        ],
    );
    let frame = frame();
    let truth = frame.to_ecef(&Position::from_metres(150.0, 20_000.0, 1_000.0));
    let confirmed: Vec<_> = tracker.picture().confirmed().collect();
    assert_eq!(confirmed.len(), 1, "{confirmed:#?}");
    assert!(confirmed[0].position.distance_to(&truth).si() < 100.0);
    assert_eq!(confirmed[0].first_plot, SimTime::from_seconds(1.0));
}

#[test]
fn a_tentative_track_over_its_miss_budget_takes_no_plot() {
    // Plots at 0 and 1, none at 2 and 3, then 4, 5, 6. Three of four looks: the track
    // from 0–1 has missed two looks by 4 and cannot be confirmed; the plot at 4 starts
    // a new track instead, confirmed at 6 on 4–5–6 (not at 4 on 0–1–4).
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    let scans: Vec<(f64, Vec<Plot>)> = (0..7)
        .map(|k| {
            let t = f64::from(k);
            let plots = if k == 2 || k == 3 {
                vec![]
            } else {
                vec![plot_at(t, drone(t))]
            };
            (t, plots)
        })
        .collect();
    let mut reports = Vec::new();
    let mut confirmed_at = None;
    for (t, plots) in &scans {
        let now = SimTime::from_seconds(*t + 0.5);
        tracker.process(now, plots);
        tracker.drain_reports(now, &mut reports);
        if confirmed_at.is_none() && tracker.picture().confirmed().next().is_some() {
            confirmed_at = Some(*t);
        }
    }
    assert_eq!(confirmed_at, Some(6.0));
    let track = tracker.picture().confirmed().next().expect("a track");
    assert_eq!(track.first_plot, SimTime::from_seconds(4.0));
    assert_eq!(track.hits, 3);
}

#[test]
fn a_track_whose_target_landed_leaves_the_picture() {
    // A rocket descending at 45° (200 m/s down and north) seen every second down to
    // 200 m, then not again: it lands 1 s after its last plot. Its track must go within
    // a few seconds of the landing, well before four missed looks would delete it, and
    // is reported deleted.
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    let rocket = |t: f64| [0.0, 10_000.0 + 200.0 * t, 2_200.0 - 200.0 * t];
    let mut reports = Vec::new();
    let mut gone_at = None;
    for k in 0..30 {
        let t = f64::from(k) * 0.5;
        let plots = if k % 2 == 0 && t <= 10.0 && rocket(t)[2] >= 200.0 {
            vec![plot_at(t, rocket(t))]
        } else {
            vec![]
        };
        let now = SimTime::from_seconds(t);
        tracker.process(now, &plots);
        tracker.drain_reports(now, &mut reports);
        if t > 5.0 && gone_at.is_none() && tracker.picture().confirmed().next().is_none() {
            gone_at = Some(t);
        }
    }
    // Last plot at t = 10 s (200 m); it lands at 11 s.
    let gone = gone_at.expect("the landed rocket's track was never deleted");
    assert!((11.0..=12.5).contains(&gone), "deleted at {gone} s");
    assert!(
        reports.iter().any(|r| r.status == TrackStatus::Deleted),
        "no deletion reported"
    );
}

#[test]
fn a_track_dropped_as_killed_is_reported_deleted_once() {
    let mut tracker = GnnTracker::new(TrackerConfig::default(), 1e-4);
    run(
        &mut tracker,
        &(0..4)
            .map(|k| {
                (
                    f64::from(k),
                    vec![plot_at(f64::from(k), drone(f64::from(k)))],
                )
            })
            .collect::<Vec<_>>(),
    );
    let id = tracker.picture().confirmed().next().expect("a track").track;
    let now = SimTime::from_seconds(4.0);
    tracker.drop_killed(now, &[id, TrackId(9_999)]);
    assert!(tracker.picture().get(id).is_none());
    assert_eq!(tracker.counters().tracks_killed, 1);
    let mut reports = Vec::new();
    tracker.drain_reports(now, &mut reports);
    let deletions: Vec<_> = reports.iter().filter(|r| r.track == id).collect();
    assert_eq!(deletions.len(), 1);
    assert_eq!(deletions[0].status, TrackStatus::Deleted);
}
