//! The `tdome` binary end to end: runs, records, validation messages, schema, exit codes,
//! and no panic on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tdome(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("tdome runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn run_prints_the_summary_and_writes_documented_records() {
    let dir = std::env::temp_dir().join(format!("tdome-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = tdome(&[
        "run",
        "scenarios/tests/minimal.toml",
        "--record",
        dir.to_str().expect("utf-8"),
        "--seed",
        "11",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}{}", stdout, text(&out.stderr));
    for heading in [
        "Threats by type",
        "launched",
        "engaged",
        "intercepted",
        "leaked",
        "fell in open",
        "Interceptors",
        "total cost",
        "Defended assets",
        "faster than real time",
        "seed 11",
    ] {
        assert!(
            stdout.contains(heading),
            "summary lacks {heading:?}:\n{stdout}"
        );
    }
    let docs = std::fs::read_to_string(root().join("docs/records.md")).expect("docs/records.md");
    for (file, header) in [
        (
            "truth.csv",
            "time_s,object_id,kind,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,lat_deg,lon_deg,alt_m",
        ),
        (
            "plots.csv",
            "time_s,sensor_id,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_object_id",
        ),
        (
            "tracks.csv",
            "time_s,track_id,status,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,cov_xx,cov_xy,cov_xz,cov_yy,cov_yz,cov_zz",
        ),
        (
            "engagements.csv",
            "time_s,engagement_id,battery_id,interceptor_type,track_id,threat_object_id,intercept_time_s,outcome,cost_usd",
        ),
        (
            "impacts.csv",
            "time_s,object_id,kind,lat_deg,lon_deg,asset_id",
        ),
    ] {
        let body =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut lines = body.lines();
        assert_eq!(lines.next(), Some(header), "{file} header");
        let columns = header.split(',').count();
        let rows: Vec<&str> = lines.collect();
        // Every rocket may be intercepted, leaving no impacts; everything else has rows.
        assert!(
            !rows.is_empty() || file == "impacts.csv",
            "{file} has no rows"
        );
        for r in &rows {
            assert_eq!(r.split(',').count(), columns, "{file} row {r:?}");
        }
        for c in header.split(',') {
            assert!(
                docs.contains(&format!("`{c}`")) || docs.contains(c),
                "docs/records.md does not document {file}'s {c}"
            );
        }
    }
    let run_json = std::fs::read_to_string(dir.join("run.json")).expect("run.json");
    assert!(run_json.contains("\"seed\": 11"));
}

#[test]
fn validate_reports_each_error_with_its_place_and_exits_2() {
    let out = tdome(&[
        "scenario",
        "validate",
        "scenarios/tests/invalid/several.toml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let located = stderr.lines().filter(|l| {
        let mut parts = l.splitn(4, ':');
        let (file, line, col) = (parts.next(), parts.next(), parts.next());
        file.is_some_and(|f| f.ends_with("several.toml"))
            && line.is_some_and(|x| x.parse::<u32>().is_ok())
            && col.is_some_and(|x| x.parse::<u32>().is_ok())
    });
    assert!(located.count() >= 5, "{stderr}");
    assert!(!stderr.contains("panicked"));
    let ok = tdome(&["scenario", "validate", "scenarios/taiwan-notional.toml"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
}

#[test]
fn schema_is_json_schema() {
    let out = tdome(&["scenario", "schema"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert!(
        v.get("$schema").is_some() && v.get("properties").is_some(),
        "{v}"
    );
}

#[test]
fn bad_input_never_panics() {
    for args in [
        vec!["run", "no/such/scenario.toml"],
        vec!["run", "README.md"],
        vec!["run", "scenarios/tests/invalid/syntax.toml"],
        vec!["scenario", "validate", "Cargo.lock"],
        vec!["run", "--seed", "minus-one", "scenarios/tests/minimal.toml"],
    ] {
        let out = tdome(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"), "{args:?}");
    }
    // Records that cannot be written: a clear failure, exit 1.
    let out = tdome(&[
        "run",
        "scenarios/tests/minimal.toml",
        "--record",
        "/dev/null/records",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("/dev/null/records"));
    assert!(!text(&out.stderr).contains("panicked"));
}

/// The README's sample output is what the default scenario really prints (all but the
/// timing line): documentation that runs.
#[test]
fn readme_sample_output_is_the_default_run() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme.find("```text\ntdome ").expect("sample output block") + "```text\n".len();
    let len = readme[start..].find("```").expect("end of block");
    let sample: Vec<&str> = readme[start..start + len].lines().collect();
    let out = tdome(&["run", "scenarios/taiwan-notional.toml", "--quiet"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    let actual: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        sample.len(),
        actual.len(),
        "README sample has {} lines, the run {}:\n{stdout}",
        sample.len(),
        actual.len()
    );
    for (k, (a, b)) in sample.iter().zip(&actual).enumerate() {
        // Line 2 reports wall time and the speed-up, which vary from run to run.
        if k == 1 {
            assert!(a.starts_with("Simulated 2700 s") && b.starts_with("Simulated 2700 s"));
            continue;
        }
        assert_eq!(a, b, "README sample line {} differs from the run", k + 1);
    }
}
