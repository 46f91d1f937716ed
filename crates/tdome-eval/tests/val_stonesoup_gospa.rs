//! GOSPA against Stone Soup 1.9.1's GOSPAMetric on the same records (fixture:
//! tests/fixtures/metrics/generate_gospa.py): every instant's distance and its
//! localisation, missed and false parts, for two (c, p) pairs, to 1e-9 relative.

use std::path::{Path, PathBuf};

use tdome_core::event::ObjectKind;
use tdome_core::{SimDuration, SimTime};
use tdome_eval::{EvalConfig, Gospa, TrackSample, TruthSample, evaluate};
use tdome_io::read::{read_tracks, read_truth};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/metrics")
        .join(name)
}

struct Expected {
    c: f64,
    p: f64,
    t: f64,
    values: [f64; 4],
}

fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(fixture("gospa_stonesoup.csv")).expect("fixture");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|s| s.parse().expect("number")).collect();
            Expected {
                c: f[0],
                p: f[1],
                t: f[2],
                values: [f[3], f[4], f[5], f[6]],
            }
        })
        .collect()
}

#[test]
fn val_stonesoup_gospa_every_instant_and_part_matches() {
    let truth_rows = read_truth(&fixture("gospa_truth.csv")).expect("truth");
    let instants: Vec<SimTime> = truth_rows.iter().map(|r| r.time).collect();
    let truth: Vec<TruthSample> = truth_rows
        .iter()
        .filter(|r| r.kind != ObjectKind::Interceptor)
        .map(|r| TruthSample {
            time: r.time,
            object: r.object,
            position: r.position,
            velocity: r.velocity,
        })
        .collect();
    let tracks: Vec<TrackSample> = read_tracks(&fixture("gospa_tracks.csv"))
        .expect("tracks")
        .into_iter()
        .map(|r| TrackSample {
            time: r.time,
            track: r.track,
            status: r.status,
            position: r.position,
            velocity: r.velocity,
            position_covariance: r.position_covariance,
            full_covariance: r.full_covariance,
        })
        .collect();
    let expected = expected();
    assert_eq!(expected.len(), 12);
    let mut worst = 0.0_f64;
    for (c, p) in [(200.0, 1.0), (50.0, 2.0)] {
        let config = EvalConfig {
            gospa: Gospa::new(c, p).expect("valid"),
            max_age: SimDuration::from_seconds(10.0),
        };
        let report = evaluate(&instants, &truth, &tracks, &config).expect("valid");
        let rows: Vec<&Expected> = expected.iter().filter(|e| e.c == c && e.p == p).collect();
        assert_eq!(report.instants.len(), rows.len());
        for (ours, theirs) in report.instants.iter().zip(rows) {
            assert_eq!(ours.time, SimTime::from_seconds(theirs.t));
            let g = &ours.gospa;
            for (name, a, b) in [
                ("distance", g.distance, theirs.values[0]),
                ("localisation", g.localisation, theirs.values[1]),
                ("missed", g.missed, theirs.values[2]),
                ("false", g.false_, theirs.values[3]),
            ] {
                let rel = (a - b).abs() / b.abs().max(1e-300);
                let rel = if a == b { 0.0 } else { rel };
                assert!(
                    rel < 1e-9,
                    "c={c} p={p} t={}: {name} {a} vs Stone Soup {b}",
                    theirs.t
                );
                worst = worst.max(rel);
            }
        }
        // The id switch (target 0: track 1 → track 4) and its break (t = 3 unmatched)
        // are in this fixture by construction.
        if c == 200.0 {
            assert_eq!(report.totals.id_switches, 1);
            assert_eq!(report.totals.track_breaks, 1);
        }
    }
    println!("24 instants × 4 parts: worst relative difference {worst:.2e}");
}
