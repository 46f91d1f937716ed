//! The `tdome` binary end to end: runs, records, validation messages, schema, exit codes,
//! and no panic on bad input or on output that cannot be written.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;

use common::{root, scratch, tdome, text};

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
        "Leakers (threats that hit a defended asset): ",
        "Interceptors by layer",
        "lower (1 battery)",
        "Cost exchange: ",
        "per threat intercepted",
        "Attacker cost (catalogue unit costs): ",
        "Interceptor cost / attacker cost of the threats engaged: ",
        "defender dollars per attacker dollar",
        "value saved",
        "saved by intercepts",
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
            "time_s,track_id,status,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps,cov_xx,cov_xy,cov_xz,cov_yy,cov_yz,cov_zz,cov_xvx,cov_xvy,cov_xvz,cov_yvx,cov_yvy,cov_yvz,cov_zvx,cov_zvy,cov_zvz,cov_vxvx,cov_vxvy,cov_vxvz,cov_vyvy,cov_vyvz,cov_vzvz,quality,mode_ncv,mode_nca,mode_ballistic,ballistic_coefficient_kg_m2,inverse_ballistic_coefficient_sigma",
        ),
        (
            "engagements.csv",
            "time_s,engagement_id,battery_id,interceptor_type,track_id,threat_object_id,intercept_time_s,outcome,cost_usd,miss_distance_m,aim_ecef_x_m,aim_ecef_y_m,aim_ecef_z_m,choice,value_at_risk,weighed_p_kill,weighed_cost_usd,candidates",
        ),
        (
            "impacts.csv",
            "time_s,object_id,kind,lat_deg,lon_deg,asset_id,damage",
        ),
        (
            "magazine.csv",
            "time_s,battery_id,layer,rounds_left,engagements_in_flight,engagement_id,outcome,rounds_in_reserve",
        ),
        ("modes.csv", "time_s,battery_id,mode,source"),
    ] {
        let body =
            std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut lines = body.lines();
        assert_eq!(lines.next(), Some(header), "{file} header");
        let columns = header.split(',').count();
        let rows: Vec<&str> = lines.collect();
        // Every rocket may be intercepted, leaving no impacts; the scenario schedules no
        // mode change.
        assert!(
            !rows.is_empty() || file == "impacts.csv" || file == "modes.csv",
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
    // The format written is the one documented as current, with its history entry.
    let version = tdome_io::records::FORMAT_VERSION;
    assert!(
        run_json.contains(&format!("\"format_version\": {version}")),
        "{run_json}"
    );
    assert!(
        docs.contains(&format!("currently **{version}**"))
            && docs.contains(&format!("- **{version}** (")),
        "docs/records.md names format {version}"
    );
    // Every file run.json lists is there and documented.
    for file in tdome_io::RECORD_FILES {
        assert!(
            run_json.contains(&format!("\"{file}\"")),
            "run.json lacks {file}"
        );
        assert!(dir.join(file).is_file(), "{file} not written");
        assert!(
            docs.contains(&format!("## {file}")),
            "docs/records.md has no section for {file}"
        );
    }
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

const MINIMAL: &str = "scenarios/tests/minimal.toml";
const INVALID: &str = "scenarios/tests/invalid/several.toml";

/// Every way of making tdome write to standard output, with the exit code it has when
/// the output is lost (an invalid file writes only to standard error).
fn every_command() -> Vec<(Vec<&'static str>, i32)> {
    vec![
        (vec!["run", MINIMAL], 0),
        (vec!["run", "--quiet", MINIMAL], 0),
        (vec!["bench", "--runs", "1", MINIMAL], 0),
        (vec!["scenario", "validate", MINIMAL], 0),
        (vec!["scenario", "validate", INVALID], 2),
        (vec!["scenario", "schema"], 0),
        (vec!["--help"], 0),
        (vec!["run", "--help"], 0),
        (vec!["help", "bench"], 0),
        (vec!["--version"], 0),
    ]
}

/// Run tdome with `stdout` as its standard output, capturing standard error.
fn tdome_with_stdout(args: &[&str], stdout: impl Into<Stdio>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(args)
        .current_dir(root())
        .stdout(stdout)
        .output()
        .expect("tdome runs")
}

/// `tdome … | head -1`: the reader is gone before tdome writes a byte (its end of the
/// pipe is closed before the child starts, so there is no race with the pipe buffer).
/// tdome stops quietly with exit 0, as ripgrep does.
#[test]
fn a_closed_pipe_on_stdout_ends_quietly_with_exit_0() {
    for (args, code) in every_command() {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = tdome_with_stdout(&args, writer);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("standard output") && !stderr.contains("Broken pipe"),
            "{args:?} complains about the closed pipe: {stderr}"
        );
    }
}

/// `tdome … > /dev/full`: losing the output is an error, said once, with exit 1.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error_with_exit_1() {
    for (args, code) in every_command() {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = tdome_with_stdout(&args, full);
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        if code == 0 {
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert_eq!(
                stderr
                    .matches("error: cannot write to standard output: ")
                    .count(),
                1,
                "{args:?}: {stderr}"
            );
            assert!(stderr.contains("os error 28"), "{args:?}: {stderr}");
        } else {
            assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        }
    }
}

/// `tdome … 2>/dev/full`: messages are lost, but the exit code still says what happened.
#[cfg(target_os = "linux")]
#[test]
fn unwritable_stderr_keeps_the_exit_code() {
    for (args, code) in [
        (vec!["scenario", "validate", INVALID], 2),
        (vec!["run", "no/such/scenario.toml"], 2),
        (vec!["bench", "--runs", "0", MINIMAL], 2),
        (vec!["run", MINIMAL, "--record", "/dev/null/records"], 1),
        (vec!["scenario", "validate", MINIMAL], 0),
    ] {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_tdome"))
            .args(&args)
            .current_dir(root())
            .stderr(full)
            .output()
            .expect("tdome runs");
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

#[test]
fn bench_runs_and_seeds_out_of_range_are_usage_errors() {
    for (args, says) in [
        (vec!["bench", MINIMAL, "--runs", "0"], "1..=1000"),
        (vec!["bench", MINIMAL, "--runs", "1001"], "1..=1000"),
        (vec!["bench", MINIMAL, "--runs", "4294967295"], "1..=1000"),
        (vec!["bench", MINIMAL, "--runs=-1"], "--runs"),
        (
            vec!["bench", MINIMAL, "--seed", "9223372036854775808"],
            "0..=9223372036854775807",
        ),
        (
            vec!["run", MINIMAL, "--seed", "9223372036854775808"],
            "0..=9223372036854775807",
        ),
        // The last of consecutive seeds would pass 2^63 − 1.
        (
            vec![
                "bench",
                MINIMAL,
                "--seed",
                "9223372036854775807",
                "--runs",
                "2",
            ],
            "2^63 − 1",
        ),
    ] {
        let out = tdome(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} ran: {}", text(&out.stdout));
    }
    // The largest seed itself is fine.
    let out = tdome(&[
        "bench",
        MINIMAL,
        "--seed",
        "9223372036854775807",
        "--runs",
        "1",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("9223372036854775807"));
}

/// With no scenario, `run` and `bench` use the default scenario built into the binary,
/// so they work from any directory, not only from a checkout.
#[test]
fn run_and_bench_without_a_scenario_use_the_built_in_default_anywhere() {
    let dir = scratch("default-scenario");
    for args in [vec!["run", "--quiet"], vec!["bench", "--runs", "1"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_tdome"))
            .args(&args)
            .current_dir(&dir)
            .output()
            .expect("tdome runs");
        let stdout = text(&out.stdout);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            stdout.contains("scenario 'taiwan-notional'"),
            "{args:?}: {stdout}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Names in a scenario file cannot drive the terminal: escape sequences and carriage
/// returns come out as visible escapes, in summaries, diagnostics and file paths alike.
#[test]
fn control_characters_from_scenario_files_are_escaped() {
    let dir = scratch("escapes");
    let minimal = std::fs::read_to_string(root().join(MINIMAL)).expect("minimal.toml");
    // TOML's \u001b escape puts a raw ESC into the name.
    let hostile = minimal
        .replace("\"minimal\"", "\"min\\u001b[31mimal\\r\"")
        .replace("\"town\"", "\"to\\u001b[2Jwn\\r\"")
        .replace("name = \"battery\"", "name = \"bat\\u001b]0;x\\u0007tery\"");
    let valid = dir.join("hostile.toml");
    std::fs::write(&valid, &hostile).expect("write scenario");
    // The same names, and one asset that does not exist, which a diagnostic quotes; the
    // file's own name carries an escape too.
    let invalid = dir.join("bad\u{1b}[31m\r.toml");
    std::fs::write(
        &invalid,
        hostile.replace(
            "aim = { asset = \"to\\u001b[2Jwn\\r\" }",
            "aim = { asset = \"no\\u001b[31mwhere\\r\" }",
        ),
    )
    .expect("write scenario");
    let valid = valid.to_str().expect("utf-8");
    let invalid = invalid.to_str().expect("utf-8");
    // The exit code, and whether the output names something hostile (a valid file's
    // check only counts what it holds).
    for (args, code, names) in [
        (vec!["run", "--quiet", valid], 0, true),
        (vec!["scenario", "validate", valid], 0, false),
        (vec!["scenario", "validate", invalid], 2, true),
        (vec!["run", invalid], 2, true),
    ] {
        let out = tdome(&args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == b'\r' || b == 0x07),
                "{args:?} printed a raw control character:\n{stdout}{stderr}"
            );
        }
        assert!(
            !names || stdout.contains("\\u{1b}") || stderr.contains("\\u{1b}"),
            "{args:?}: {stdout}{stderr}"
        );
    }
    let diagnostics = text(&tdome(&["scenario", "validate", invalid]).stderr);
    assert!(
        diagnostics.contains("no\\u{1b}[31mwhere\\u{d}") && diagnostics.contains("bad\\u{1b}"),
        "{diagnostics}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A unit cost of 1e308 (it once summed to "$infB") is refused where it is written; the
/// largest valid one prints as it should.
#[test]
fn costs_are_bounded_and_never_print_inf() {
    let dir = scratch("costly");
    std::fs::create_dir_all(dir.join("catalogue")).expect("catalogue directory");
    let source = root().join("scenarios/tests");
    std::fs::copy(
        source.join("custom-catalogue.toml"),
        dir.join("custom-catalogue.toml"),
    )
    .expect("copy scenario");
    std::fs::copy(
        source.join("catalogue/threats.toml"),
        dir.join("catalogue/threats.toml"),
    )
    .expect("copy threats");
    let interceptors = std::fs::read_to_string(source.join("catalogue/interceptors.toml"))
        .expect("interceptors.toml");
    assert!(interceptors.contains("unit_cost_usd = 1.0e5"));
    let scenario = dir.join("custom-catalogue.toml");
    let with_cost = |cost: &str| {
        std::fs::write(
            dir.join("catalogue/interceptors.toml"),
            interceptors.replace("unit_cost_usd = 1.0e5", &format!("unit_cost_usd = {cost}")),
        )
        .expect("write interceptors");
        tdome(&["run", "--quiet", scenario.to_str().expect("utf-8")])
    };
    let refused = with_cost("1.0e308");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr
            .contains("interceptors.toml:5:17: expected unit_cost_usd in [0, 1e9] USD, got 1e308"),
        "{stderr}"
    );
    let dearest = with_cost("1.0e9");
    let stdout = text(&dearest.stdout);
    assert!(dearest.status.success(), "{}", text(&dearest.stderr));
    assert!(
        !stdout.contains("inf") && !stdout.contains("NaN"),
        "{stdout}"
    );
    assert!(stdout.contains("$1.00B"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 5: a dense raid (every rocket from one launch point, which once listed every
/// plot-track pair of the cluster and ran out of memory at 20,000 rockets) stays within
/// a small, fixed memory. 2,000 rockets once took over a gigabyte; the bound is generous
/// for a debug build.
#[test]
fn issue_5_dense_raid_memory_stays_small() {
    let dir = scratch("dense");
    let raid = std::fs::read_to_string(root().join("scenarios/bench/dense-raid.toml"))
        .expect("dense-raid.toml");
    assert!(raid.contains("\ncount = 1000\n"));
    let scenario = dir.join("dense.toml");
    std::fs::write(
        &scenario,
        raid.replace("\ncount = 1000\n", "\ncount = 2000\n"),
    )
    .expect("write scenario");
    let out = tdome(&["bench", scenario.to_str().expect("utf-8"), "--runs", "1"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The run's row: run, seed, sim s, wall s, × real time, build s, leaked, peak MiB.
    let row = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some("0"))
        .unwrap_or_else(|| panic!("no run row in\n{stdout}"));
    let peak = row.split_whitespace().nth(7).unwrap_or("-");
    let _ = std::fs::remove_dir_all(&dir);
    if peak == "-" {
        // No /proc/self/status to read the peak from (not Linux).
        return;
    }
    let peak: f64 = peak
        .parse()
        .unwrap_or_else(|_| panic!("peak {peak:?} in {row}"));
    assert!(peak < 200.0, "peak resident memory {peak} MiB:\n{stdout}");
}

/// The schema is JSON whatever the output layer does to control characters.
#[test]
fn schema_survives_the_output_layer() {
    let out = tdome(&["scenario", "schema"]);
    assert!(out.status.success());
    assert!(!text(&out.stdout).contains("\\u{"));
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
}

fn eval_json(truth: &str, tracks: &str, extra: &[&str]) -> (Output, Option<serde_json::Value>) {
    let mut args = vec!["eval", "--truth", truth, "--tracks", tracks, "--json"];
    args.extend_from_slice(extra);
    let out = tdome(&args);
    let json = serde_json::from_slice(&out.stdout).ok();
    (out, json)
}

/// `tdome eval --json` on a run's records in `dir`, which must succeed.
fn eval_records(dir: &Path) -> serde_json::Value {
    let (out, json) = eval_json(
        dir.join("truth.csv").to_str().expect("utf-8"),
        dir.join("tracks.csv").to_str().expect("utf-8"),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    json.expect("JSON")
}

/// `tdome eval` on the committed Stone Soup fixture records: the mean GOSPA is the mean
/// of Stone Soup's per-instant values, and the fixture's id switch and break are found.
#[test]
fn eval_scores_the_stone_soup_fixture_records() {
    let dir = "tests/fixtures/metrics";
    let expected: Vec<f64> = std::fs::read_to_string(root().join(dir).join("gospa_stonesoup.csv"))
        .expect("fixture")
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("200.0,1.0,"))
        .map(|l| {
            l.split(',')
                .nth(3)
                .and_then(|v| v.parse().ok())
                .expect("distance")
        })
        .collect();
    let mean = expected.iter().sum::<f64>() / expected.len() as f64;
    let (out, json) = eval_json(
        &format!("{dir}/gospa_truth.csv"),
        &format!("{dir}/gospa_tracks.csv"),
        &["--gospa-c", "200", "--gospa-p", "1"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = json.expect("JSON");
    let ours = v["gospa_mean"].as_f64().expect("gospa_mean");
    assert!(
        (ours - mean).abs() <= 1e-9 * mean,
        "{ours} vs Stone Soup {mean}"
    );
    assert_eq!(v["aligned"], true);
    assert_eq!(v["id_switches"], 1);
    assert_eq!(v["track_breaks"], 1);
    for key in [
        "gospa_localisation",
        "gospa_missed",
        "gospa_false",
        "rmse_position_m",
        "rmse_velocity_mps",
        "nees_position_mean",
        "false_tracks_mean",
        "missed_targets_mean",
        "time_to_confirm_median_s",
    ] {
        assert!(v[key].is_f64(), "{key} missing or not a number: {v}");
    }
    // The table names every metric.
    let table = tdome(&[
        "eval",
        "--truth",
        &format!("{dir}/gospa_truth.csv"),
        "--tracks",
        &format!("{dir}/gospa_tracks.csv"),
    ]);
    let stdout = text(&table.stdout);
    for heading in [
        "GOSPA",
        "position RMSE",
        "NEES position",
        "id switches",
        "track breaks",
        "time to confirm",
    ] {
        assert!(
            stdout.contains(heading),
            "table lacks {heading:?}:\n{stdout}"
        );
    }
}

/// Bad records are bad input: exit code 2 and an error naming file, line and column;
/// never a panic.
#[test]
fn eval_reports_bad_records_by_file_line_and_column() {
    let dir = scratch("eval-bad");
    let truth = dir.join("truth.csv");
    std::fs::write(
        &truth,
        "time_s,object_id,kind,ecef_x_m,ecef_y_m,ecef_z_m,ecef_vx_mps,ecef_vy_mps,ecef_vz_mps\n\
         0,0,rocket,1,2,3,4,5,6\n\
         1,0,rocket,NaN,2,3,4,5,6\n",
    )
    .expect("write");
    let tracks = root().join("tests/fixtures/metrics/gospa_tracks.csv");
    let (truth_s, tracks_s) = (
        truth.to_str().expect("utf-8"),
        tracks.to_str().expect("utf-8"),
    );
    let (out, _) = eval_json(truth_s, tracks_s, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("truth.csv:3: column `ecef_x_m`: not finite"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
    // A missing file, a missing column, a bad parameter: all exit code 2, no panic.
    let missing = dir.join("absent.csv");
    let (out, _) = eval_json(missing.to_str().expect("utf-8"), tracks_s, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
    let (out, _) = eval_json(tracks_s, tracks_s, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing required column `object_id`"));
    let (out, _) = eval_json(truth_s, tracks_s, &["--gospa-p", "0.5"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The simulator's own records evaluate without error, with plausible values.
#[test]
fn eval_round_trips_the_simulators_records() {
    let dir = scratch("eval-round-trip");
    let out = tdome(&[
        "run",
        "scenarios/iron-dome-notional.toml",
        "--record",
        dir.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = eval_records(&dir);
    let gospa = v["gospa_mean"].as_f64().expect("finite GOSPA");
    assert!(gospa.is_finite() && gospa > 0.0);
    assert!(v["matched_pairs"].as_u64().expect("count") > 100, "{v}");
    // The radars' errors are tens of metres at these ranges: the matched estimates must
    // be far inside the 200 m cut-off on average.
    let rmse = v["rmse_position_m"].as_f64().expect("RMSE");
    assert!(rmse > 1.0 && rmse < 150.0, "position RMSE {rmse}");
    assert!(v["targets_confirmed"].as_u64().expect("count") > 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The run summary scores the air picture against truth (issue 6): the section is there,
/// its figures are sane on the default scenario, and they are `tdome eval`'s on the
/// records of the same run (to the records' millimetre rounding).
#[test]
fn issue_6_run_summary_scores_the_air_picture() {
    let dir = scratch("issue-6");
    let out = tdome(&["run", "--record", dir.to_str().expect("utf-8"), "--quiet"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("Air picture"))
        .unwrap_or_else(|| panic!("no air-picture section:\n{stdout}"));
    for column in [
        "GOSPA",
        "loc. / missed / false",
        "position RMSE",
        "id switches",
        "track breaks",
    ] {
        assert!(lines[header].contains(column), "{}", lines[header]);
    }
    // Confirmed tracks vs threats  G m  loc / missed / false  RMSE m  switches  breaks
    let row = lines[header + 1]
        .strip_prefix("Confirmed tracks vs threats")
        .unwrap_or_else(|| panic!("no score row:\n{stdout}"));
    let fields: Vec<&str> = row.split_whitespace().collect();
    let number = |k: usize| -> f64 {
        fields
            .get(k)
            .and_then(|f| f.parse().ok())
            .unwrap_or_else(|| panic!("field {k} of {row:?}"))
    };
    let (gospa, localisation, missed, false_, rmse) =
        (number(0), number(2), number(4), number(6), number(7));
    let (switches, breaks) = (number(9), number(10));
    assert!(gospa.is_finite() && gospa > 0.0, "GOSPA {gospa}");
    // p = 1: the parts add up to the distance (each printed to 0.1 m).
    assert!(
        (localisation + missed + false_ - gospa).abs() < 0.2,
        "{row}"
    );
    // The radars' errors are tens of metres: a garbage picture would match its few
    // pairs anywhere inside the 200 m cut-off.
    assert!(rmse > 1.0 && rmse < 150.0, "position RMSE {rmse}");
    assert!(
        stdout.contains("Plots late / unusable: 0 / 0 of "),
        "{stdout}"
    );
    let v = eval_records(&dir);
    let eval = |key: &str| v[key].as_f64().unwrap_or_else(|| panic!("{key}: {v}"));
    assert!(
        (eval("gospa_mean") - gospa).abs() < 0.1,
        "summary {gospa}, eval {v}"
    );
    assert!(
        (eval("gospa_missed") - missed).abs() < 0.1,
        "summary {missed}, eval {v}"
    );
    assert!(
        (eval("rmse_position_m") - rmse).abs() < 0.1,
        "summary {rmse}, eval {v}"
    );
    assert_eq!(eval("id_switches"), switches);
    assert_eq!(eval("track_breaks"), breaks);
    let instants = v["instants"].as_u64().expect("instants");
    assert!(
        stdout.contains(&format!("* Mean over {instants} truth instants")),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
