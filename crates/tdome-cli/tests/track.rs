//! `tdome track` end to end: a run's own plots tracked again give the run's picture;
//! a scenario with no assets, batteries or raids will do; a plot naming an unknown
//! sensor, or a malformed row, is an error naming the line.

mod common;

use std::path::{Path, PathBuf};

use common::{root, scratch, tdome, text};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The Iron Dome scenario's sensors and tracker only: no assets, batteries or raids.
/// `tdome track SCENARIO --plots PLOTS --out OUT`.
fn track(scenario: &Path, plots: &Path, out: &Path) -> std::process::Output {
    tdome(&["track", s(scenario), "--plots", s(plots), "--out", s(out)])
}

fn sensors_only(dir: &Path) -> PathBuf {
    let full = std::fs::read_to_string(root().join("scenarios/iron-dome-notional.toml"))
        .expect("scenario");
    let mut kept = String::new();
    let mut keep = true;
    for line in full.lines() {
        if line.starts_with('[') {
            keep =
                !["[[asset]]", "[[battery]]", "[[raid]]", "[bmc.doctrine]"].contains(&line.trim());
        }
        if keep && !line.trim_start().starts_with("catalogue") {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    let path = dir.join("sensors-only.toml");
    std::fs::write(&path, kept).expect("write scenario");
    path
}

#[test]
fn track_on_a_runs_plots_gives_the_runs_picture() {
    let dir = scratch("round-trip");
    let records = dir.join("records");
    let run = tdome(&[
        "run",
        "scenarios/iron-dome-notional.toml",
        "--record",
        s(&records),
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let scenario = sensors_only(&dir);
    let out = dir.join("tracked");
    let tracked = track(&scenario, &records.join("plots.csv"), &out);
    assert!(tracked.status.success(), "{}", text(&tracked.stderr));
    let stdout = text(&tracked.stdout);
    assert!(stdout.contains("ms per scan"), "{stdout}");
    assert!(stdout.contains("0 late, 0 unusable"), "{stdout}");
    // The same plots, the same tracker settings: the tracker alone sees exactly what
    // the battle manager saw, so its picture scores as the run's did (both against the
    // run's truth), but for kill assessment: in the run, the battle manager drops the
    // track of a target it judges destroyed; alone, that track coasts until its missed
    // looks delete it, a false track for a few seconds more.
    let score = |tracks: &Path| {
        let e = tdome(&[
            "eval",
            "--truth",
            s(&records.join("truth.csv")),
            "--tracks",
            s(tracks),
            "--json",
        ]);
        assert!(e.status.success(), "{}", text(&e.stderr));
        let v: serde_json::Value = serde_json::from_slice(&e.stdout).expect("json");
        (
            v["gospa_mean"].as_f64().expect("gospa"),
            v["rmse_position_m"].as_f64().expect("rmse"),
            v["gospa_false"].as_f64().expect("false share"),
        )
    };
    let (gospa_run, rmse_run, false_run) = score(&records.join("tracks.csv"));
    let (gospa_track, rmse_track, false_track) = score(&out.join("tracks.csv"));
    println!(
        "run: GOSPA {gospa_run:.1}, RMSE {rmse_run:.2}; track: GOSPA {gospa_track:.1}, RMSE {rmse_track:.2}"
    );
    assert!((rmse_track / rmse_run - 1.0).abs() < 0.01);
    assert!(
        false_track > false_run,
        "false share: run {false_run:.1}, track {false_track:.1}"
    );
    // Measured: 248.0 against 262.4, nearly all of it in the false share.
    assert!((gospa_track - gospa_run - (false_track - false_run)).abs() < 0.02 * gospa_run);
}

#[test]
fn track_names_the_line_of_an_unknown_sensor_or_a_bad_row() {
    let dir = scratch("bad-plots");
    let scenario = sensors_only(&dir);
    let header =
        "time_s,sensor_id,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_object_id";
    let cases = [
        (
            format!("{header}\n1,radar-sderot,1000,10,2,,\n2,no-such-radar,1000,10,2,,\n"),
            "plots.csv:3: column `sensor_id`: unknown sensor \"no-such-radar\"",
        ),
        (
            format!("{header}\n1,radar-sderot,1000,10,2,,\n2,radar-sderot,far,10,2,,\n"),
            "plots.csv:3:",
        ),
    ];
    for (body, expected) in cases {
        let plots = dir.join("plots.csv");
        std::fs::write(&plots, body).expect("write plots");
        let out = track(&scenario, &plots, &dir.join("out"));
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// A silence of centuries between two plots (a bad timestamp, or a recording of two
/// sessions) ends quickly: once the picture is empty, the empty cycles are skipped.
#[test]
fn track_skips_a_long_silence_once_the_picture_is_empty() {
    let dir = scratch("silence");
    let scenario = sensors_only(&dir);
    let header =
        "time_s,sensor_id,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_object_id";
    let plots = dir.join("plots.csv");
    std::fs::write(
        &plots,
        format!("{header}\n1,radar-sderot,10000,10,2,,\n8000000000,radar-sderot,10000,10,2,,\n"),
    )
    .expect("write plots");
    let started = std::time::Instant::now();
    let out = track(&scenario, &plots, &dir.join("out"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Cycling through 250 years at 0.5 s would take hours.
    assert!(started.elapsed().as_secs() < 60);
}
