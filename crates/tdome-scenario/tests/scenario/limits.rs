//! The bounds that keep a valid file runnable: each is inclusive where documented and
//! rejects the value just past it; the tick floor and the minimum range agree with the
//! launch solver; and no committed bad file panics the loader.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tdome_core::Geodetic;
use tdome_physics::ballistic::{
    BallisticVehicle, LaunchError, TrajectoryShape, solve_launch_shaped,
};
use tdome_scenario::ScenarioError;
use tdome_scenario::model::FlightModel;

use super::{minimal_with, problems, scenarios};

/// A `[bmc]` table appended to the minimal scenario.
fn with_bmc(table: &str) -> String {
    let mut text = minimal_with(&[]);
    text.push('\n');
    text.push_str(table);
    text
}

/// Each `(old, new)` edit of the minimal scenario that puts one value exactly at a
/// bound, with the same value just past the bound and the field the complaint names.
const AT_AND_PAST: &[(&str, &str, &str, &str)] = &[
    (
        "tick_s = 0.125",
        "tick_s = 0.0001",
        "tick_s = 0.000099",
        "tick_s",
    ),
    (
        "tick_s = 0.125",
        "tick_s = 1.0",
        "tick_s = 1.000001",
        "tick_s",
    ),
    (
        "duration_s = 300.0",
        "duration_s = 1000000.0",
        "duration_s = 1000000.125",
        "duration_s",
    ),
    (
        "scan_period_s = 1.0",
        "scan_period_s = 0.05",
        "scan_period_s = 0.0499",
        "scan_period_s",
    ),
    (
        "scan_period_s = 1.0",
        "scan_period_s = 3600.0",
        "scan_period_s = 3600.5",
        "scan_period_s",
    ),
    (
        "pd = 0.9",
        "pd = 0.9\nfirst_scan_s = 1000000.0",
        "pd = 0.9\nfirst_scan_s = 1000000.5",
        "first_scan_s",
    ),
    (
        "pd = 0.9",
        "pd = 0.9\nfalse_alarms_per_scan = 100000.0",
        "pd = 0.9\nfalse_alarms_per_scan = 100000.5",
        "false_alarms_per_scan",
    ),
    (
        "pd = 0.9",
        "pd = 0.9\nlatency_s = 60.0",
        "pd = 0.9\nlatency_s = 60.5",
        "latency_s",
    ),
    (
        "pd = 0.9",
        "detection = { reference_range_km = 5000.0 }",
        "detection = { reference_range_km = 5000.5 }",
        "reference_range_km",
    ),
    (
        "pd = 0.9",
        "detection = { reference_range_km = 100.0, pfa = 1e-12 }",
        "detection = { reference_range_km = 100.0, pfa = 0.9e-12 }",
        "pfa",
    ),
    (
        "pd = 0.9",
        "detection = { reference_range_km = 100.0, pfa = 0.01 }",
        "detection = { reference_range_km = 100.0, pfa = 0.0101 }",
        "pfa",
    ),
    (
        "pd = 0.9",
        "detection = { reference_range_km = 100.0, pfa = 0.01, reference_pd = 0.0101 }",
        "detection = { reference_range_km = 100.0, pfa = 0.01, reference_pd = 0.01 }",
        "reference_pd",
    ),
    (
        "pd = 0.9",
        "detection = { reference_range_km = 100.0, reference_pd = 0.999999 }",
        "detection = { reference_range_km = 100.0, reference_pd = 1.0 }",
        "reference_pd",
    ),
    (
        "pd = 0.9",
        "pd = 0.9\nbias = { range_m = -10000.0 }",
        "pd = 0.9\nbias = { range_m = -10000.5 }",
        "range_m",
    ),
    (
        "pd = 0.9",
        "pd = 0.9\nbias = { azimuth_mrad = 100.0, elevation_mrad = -100.0 }",
        "pd = 0.9\nbias = { azimuth_mrad = 100.5, elevation_mrad = -100.0 }",
        "azimuth_mrad",
    ),
    ("count = 4", "count = 100000", "count = 100001", "count"),
    (
        "lon_deg = 120.01, alt_m = 20.0",
        "lon_deg = 120.01, alt_m = 50000.0",
        "lon_deg = 120.01, alt_m = 50000.5",
        "alt_m",
    ),
    (
        "lon_deg = 120.01, alt_m = 20.0",
        "lon_deg = 120.01, alt_m = -500.0",
        "lon_deg = 120.01, alt_m = -500.5",
        "alt_m",
    ),
    ("value = 10.0", "value = 1e9", "value = 1.000001e9", "value"),
    (
        "value = 10.0",
        "value = 10.0\nground_height_m = 9000.0",
        "value = 10.0\nground_height_m = 9000.5",
        "ground_height_m",
    ),
    (
        "value = 10.0",
        "value = 10.0\nground_height_m = -1000.0",
        "value = 10.0\nground_height_m = -1000.5",
        "ground_height_m",
    ),
    (
        "max_range_km = 80.0",
        "max_range_km = 5000.0",
        "max_range_km = 5000.5",
        "max_range_km",
    ),
    (
        "range_m = 20.0",
        "range_m = 10000.0",
        "range_m = 10000.5",
        "range_m",
    ),
    (
        "azimuth_deg = 0.2",
        "azimuth_deg = 10.0",
        "azimuth_deg = 10.01",
        "azimuth_deg",
    ),
    (
        "elevation_deg = 0.2",
        "elevation_deg = 10.0",
        "elevation_deg = 10.01",
        "elevation_deg",
    ),
    (
        "launchers = 3",
        "launchers = 1000",
        "launchers = 1001",
        "launchers",
    ),
    (
        "rounds_per_launcher = 20",
        "rounds_per_launcher = 100000",
        "rounds_per_launcher = 100001",
        "rounds_per_launcher",
    ),
    (
        "fire_channels = 4",
        "fire_channels = 10000",
        "fire_channels = 10001",
        "fire_channels",
    ),
];

#[test]
fn values_at_their_bounds_pass_and_just_past_fail() {
    for &(old, at, past, field) in AT_AND_PAST {
        let text = minimal_with(&[(old, at)]);
        let path = scenarios("tests/edited.toml");
        if let Err(e) = tdome_scenario::parse_str(&text, &path) {
            panic!("{at:?} should be accepted: {e}");
        }
        let found = problems(&minimal_with(&[(old, past)]));
        assert_eq!(found.len(), 1, "{past:?}: {found:?}");
        assert!(
            found[0].2.starts_with(&format!("expected {field} in ")),
            "{past:?}: {found:?}"
        );
    }
}

#[test]
fn battle_manager_values_at_their_bounds_pass_and_just_past_fail() {
    // Every bounded [bmc] value at its bound, then each nudged past it in turn.
    let at = [
        ("cycle_s", "0.01", "0.0099", ""),
        ("tentative_timeout_s", "3600.0", "3600.5", "tracker"),
        ("confirmed_timeout_s", "3600.0", "3600.5", "tracker"),
        ("prediction_step_s", "0.01", "0.0099", "assessment"),
        // 1000 / 0.01 is exactly the 100,000 steps allowed.
        ("prediction_horizon_s", "1000.0", "1000.5", "assessment"),
        ("kill_assessment_delay_s", "3600.0", "3600.5", "doctrine"),
        ("intercept_search_step_s", "60.0", "60.5", "doctrine"),
        ("launch_commit_window_s", "3600.0", "3600.5", "doctrine"),
        ("min_time_before_impact_s", "3600.0", "3600.5", "doctrine"),
        ("process_noise_psd", "1e6", "1.000001e6", "tracker"),
        (
            "initial_velocity_sigma_mps",
            "10000.0",
            "10000.5",
            "tracker",
        ),
        ("gate_chi2", "1000.0", "1000.5", "tracker"),
        ("mode_switch_rate_hz", "100.0", "100.5", "tracker"),
        ("ballistic_exit_rate_hz", "100.0", "100.5", "tracker"),
        ("confirm_hits", "100", "101", "tracker"),
        ("max_tracks", "10000000", "10000001", "tracker"),
        (
            "assumed_ballistic_coefficient_kg_m2",
            "1e6",
            "1.000001e6",
            "assessment",
        ),
        (
            "defended_area_margin_m",
            "100000.0",
            "100000.5",
            "assessment",
        ),
        ("engage_p_hit", "1.0", "1.0000001", "assessment"),
        ("engage_confirmations", "10", "11", "assessment"),
        ("confident_p_hit", "1.0", "1.0000001", "assessment"),
        (
            "ballistic_mode_probability",
            "1.0",
            "1.0000001",
            "assessment",
        ),
        (
            "ballistic_mode_min_speed_mps",
            "10000.0",
            "10000.5",
            "assessment",
        ),
        (
            "air_breathing_max_speed_mps",
            "10000.0",
            "10000.5",
            "assessment",
        ),
        (
            "air_breathing_max_altitude_m",
            "100000.0",
            "100000.5",
            "assessment",
        ),
        (
            "air_breathing_max_vertical_speed_mps",
            "10000.0",
            "10000.5",
            "assessment",
        ),
        ("salvo_size", "100", "101", "doctrine"),
        ("max_shots_per_track", "10000", "10001", "doctrine"),
        ("cost_weight_per_musd", "1000000.0", "1000000.5", "doctrine"),
    ];
    let table = |nudged: Option<&str>| {
        let mut sections = std::collections::BTreeMap::<&str, String>::new();
        for &(key, bound, past, section) in &at {
            let value = if nudged == Some(key) { past } else { bound };
            sections
                .entry(section)
                .or_default()
                .push_str(&format!("{key} = {value}\n"));
        }
        sections
            .iter()
            .map(|(section, body)| {
                let name = if section.is_empty() {
                    "bmc".to_owned()
                } else {
                    format!("bmc.{section}")
                };
                format!("[{name}]\n{body}\n")
            })
            .collect::<String>()
    };
    let path = scenarios("tests/edited.toml");
    if let Err(e) = tdome_scenario::parse_str(&with_bmc(&table(None)), &path) {
        panic!("every [bmc] value at its bound should be accepted: {e}");
    }
    for &(key, ..) in &at {
        let found = problems(&with_bmc(&table(Some(key))));
        assert_eq!(found.len(), 1, "{key}: {found:?}");
        let message = &found[0].2;
        let about_it = message.starts_with(&format!("expected {key} in "))
            || (key == "prediction_horizon_s"
                && message.starts_with("expected a prediction of at most 100000 steps"));
        assert!(about_it, "{key}: {message}");
    }
}

#[test]
fn a_million_threats_in_all_pass_and_one_more_fails() {
    let raid = |name: &str, count: u32| {
        format!(
            "\n[[raid]]\nname = \"{name}\"\nthreat = \"9M22U Grad (122 mm)\"\ncount = {count}\n\
             launch_area = {{ point = [24.12, 120.01] }}\nwindow_s = [10.0, 40.0]\n\
             aim = {{ asset = \"town\" }}\n"
        )
    };
    let mut text = minimal_with(&[("count = 4", "count = 100000")]);
    for i in 1..10 {
        text.push_str(&raid(&format!("more-{i}"), 100_000));
    }
    let path = scenarios("tests/edited.toml");
    match tdome_scenario::parse_str(&text, &path) {
        Ok(s) => assert_eq!(s.raids.iter().map(|r| r.count).sum::<u32>(), 1_000_000),
        Err(e) => panic!("a million threats should be accepted: {e}"),
    }
    text.push_str(&raid("one-more", 1));
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .ends_with("but the raids up to this one have 1000001"),
        "{found:?}"
    );
}

/// The catalogue's Grad, a rocket with a short minimum range.
fn grad() -> Arc<BallisticVehicle> {
    vehicle("9M22U Grad (122 mm)")
}

fn vehicle(name: &str) -> Arc<BallisticVehicle> {
    let catalogue = tdome_scenario::builtin_catalogue().unwrap();
    match &catalogue.threat(name).unwrap().flight {
        FlightModel::Ballistic(v) => v.clone(),
        FlightModel::AirBreathing(_) => panic!("{name} is not ballistic"),
    }
}

#[test]
fn the_tick_floor_is_the_launch_solvers_shortest_step() {
    // The bound exists because the solver refuses finer steps; if the solver's limit
    // moves, this test says the scenario bound must move with it.
    let site = Geodetic::from_degrees(24.12, 120.01, 0.0);
    let aim = Geodetic::from_degrees(24.12001, 120.01, 0.0);
    let solve = |dt_s| solve_launch_shaped(&grad(), site, aim, dt_s, TrajectoryShape::Depressed);
    assert!(
        matches!(solve(0.99e-4), Err(LaunchError::InvalidInput { .. })),
        "{:?}",
        solve(0.99e-4)
    );
    assert!(
        matches!(solve(1e-4), Err(LaunchError::TooClose { .. })),
        "{:?}",
        solve(1e-4)
    );
}

#[test]
fn an_aim_the_check_accepts_is_one_the_solver_reaches() {
    // The Grad's depressed minimum range is about 0.31 km; with the 2 % margin the
    // check asks for about 0.318 km. 0.0029° of latitude is about 321 m.
    let launch = Geodetic::from_degrees(24.12, 120.01, 0.0);
    let beyond = Geodetic::from_degrees(24.1229, 120.01, 0.0);
    let text = minimal_with(&[(
        "aim = { asset = \"town\" }",
        "aim = { point = [24.1229, 120.01] }",
    )]);
    let path = scenarios("tests/edited.toml");
    if let Err(e) = tdome_scenario::parse_str(&text, &path) {
        panic!("an aim 321 m away should be accepted: {e}");
    }
    let solution = solve_launch_shaped(&grad(), launch, beyond, 0.125, TrajectoryShape::Depressed);
    assert!(solution.is_ok(), "{solution:?}");

    // 0.0027° is about 299 m: inside the minimum range, for the check and the solver.
    let inside = Geodetic::from_degrees(24.1227, 120.01, 0.0);
    let text = minimal_with(&[(
        "aim = { asset = \"town\" }",
        "aim = { point = [24.1227, 120.01] }",
    )]);
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("cannot land nearer than"), "{found:?}");
    let solution = solve_launch_shaped(&grad(), launch, inside, 0.125, TrajectoryShape::Depressed);
    assert!(
        matches!(solution, Err(LaunchError::TooClose { .. })),
        "{solution:?}"
    );
}

#[test]
fn the_lofted_minimum_range_is_checked_in_the_direction_flown() {
    // Earth's rotation carries a near-vertical launch eastward: the DF-11A's steepest
    // launch lands about 84 km away firing east but about 130 km firing west. An aim
    // 100 km east is reachable lofted; the same distance west is not. A check using the
    // worst direction would refuse both.
    let text = |lon: f64| {
        minimal_with(&[
            (
                "threat = \"9M22U Grad (122 mm)\"",
                "threat = \"DF-11A-class SRBM\"",
            ),
            (
                "aim = { asset = \"town\" }",
                &format!("aim = {{ point = [24.12, {lon}] }}\ntrajectory = \"lofted\""),
            ),
        ])
    };
    // 0.985° of longitude at 24.12° N is about 100 km.
    let path = scenarios("tests/edited.toml");
    if let Err(e) = tdome_scenario::parse_str(&text(120.01 + 0.985), &path) {
        panic!("a lofted aim 100 km east should be accepted: {e}");
    }
    let found = problems(&text(120.01 - 0.985));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .contains("on a \"lofted\" trajectory cannot land nearer than"),
        "{found:?}"
    );
}

/// Every `.toml` file directly in `dir`, sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_file_fails_to_load_without_panicking() {
    let files = toml_files(&scenarios("tests/invalid"));
    assert!(files.len() >= 30, "{files:?}");
    for path in files {
        let result = catch_unwind(AssertUnwindSafe(|| tdome_scenario::load(&path)));
        match result {
            Err(_) => panic!("{} panicked the loader", path.display()),
            Ok(Ok(_)) => panic!("{} loaded, but is invalid on purpose", path.display()),
            Ok(Err(ScenarioError::Io { source, .. })) => {
                panic!("{}: I/O error {source}", path.display())
            }
            Ok(Err(ScenarioError::Invalid(found))) => {
                assert!(!found.is_empty(), "{}", path.display());
                for d in &found {
                    assert!(
                        d.path == path && d.line >= 1 && d.column >= 1 && !d.message.is_empty(),
                        "{}: {d}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn every_invalid_catalogue_file_fails_to_load_without_panicking() {
    let good = scenarios("tests/catalogue");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let files = toml_files(&scenarios("tests/invalid/catalogue"));
    assert!(files.len() >= 10, "{files:?}");
    for bad in files {
        let name = bad.file_name().unwrap().to_string_lossy().into_owned();
        let result = catch_unwind(AssertUnwindSafe(|| {
            if name.ends_with(".threats.toml") {
                let other = good.join("interceptors.toml");
                tdome_scenario::parse_catalogue(&read(&bad), &bad, &read(&other), &other)
            } else if name.ends_with(".radars.toml") {
                tdome_scenario::parse_radars(&read(&bad), &bad).map(|radars| {
                    tdome_scenario::Catalogue {
                        radars,
                        ..Default::default()
                    }
                })
            } else {
                let other = good.join("threats.toml");
                tdome_scenario::parse_catalogue(&read(&other), &other, &read(&bad), &bad)
            }
        }));
        match result {
            Err(_) => panic!("{name} panicked the loader"),
            Ok(Ok(_)) => panic!("{name} loaded, but is invalid on purpose"),
            Ok(Err(e)) => assert!(e.diagnostics().iter().all(|d| d.path == bad), "{name}: {e}"),
        }
    }
}

#[test]
fn every_invalid_file_has_its_diagnostics_asserted() {
    // A committed bad file that no test names would only be checked for failing at
    // all; each must have its exact diagnostics pinned in invalid.rs.
    let tests = include_str!("invalid.rs");
    for dir in ["tests/invalid", "tests/invalid/catalogue"] {
        for path in toml_files(&scenarios(dir)) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.trim_end_matches(".toml");
            assert!(
                tests.contains(&format!("\"{stem}\"")) || tests.contains(&format!("{stem}.toml")),
                "{dir}/{name} is not asserted in invalid.rs"
            );
        }
    }
}

#[test]
fn engage_confirmations_of_zero_is_refused_where_it_stands() {
    // No confirmation at all would never engage: the floor is one assessment.
    let text = with_bmc("[bmc.assessment]\nengage_confirmations = 0\n");
    let line = text
        .lines()
        .position(|l| l.starts_with("engage_confirmations"))
        .expect("the line")
        + 1;
    // The column of the value, after "engage_confirmations = ".
    let column = "engage_confirmations = ".len() + 1;
    assert_eq!(
        problems(&text),
        [(
            line,
            column,
            "expected engage_confirmations in [1, 10], got 0".to_owned()
        )]
    );
}

#[test]
fn a_battery_may_name_a_thousand_radars_and_no_more() {
    // Past the 255th sensor `sic` has no default: give each added radar its own pair,
    // in areas 1 to 4 (the minimal file's radar keeps its default 0/1).
    let sensor = |i: usize| {
        format!(
            "\n[[sensor]]\nname = \"r{i}\"\nsac = {}\nsic = {}\n\
             site = {{ lat_deg = 24.01, lon_deg = 120.01 }}\n\
             scan_period_s = 1.0\npd = 0.9\ncoverage = {{ min_range_km = 0.5, \
             max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 80.0 }}\n\
             noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n",
            1 + i / 250,
            i % 250
        )
    };
    let with_radars = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("\"r{}\"", i % 1000)).collect();
        let mut text = minimal_with(&[(
            "fire_channels = 4",
            &format!("fire_channels = 4\nradars = [{}]", names.join(", ")),
        )]);
        for i in 0..1000 {
            text.push_str(&sensor(i));
        }
        text.push_str("\n[bmc]\nnetwork = \"autonomous\"\n");
        text
    };
    let path = scenarios("tests/edited.toml");
    match tdome_scenario::parse_str(&with_radars(1000), &path) {
        Ok(s) => {
            assert_eq!(s.network, tdome_scenario::model::Network::Autonomous);
            // The minimal file's own radar is sensor 0; the list names the added ones.
            let ids: Vec<u32> = s.battery_radars[0].iter().map(|r| r.0).collect();
            assert_eq!(ids, (1..=1000).collect::<Vec<u32>>());
        }
        Err(e) => panic!("a thousand radars should be accepted: {e}"),
    }
    let found = problems(&with_radars(1001));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "expected at most 1000 radars, got 1001");
}

#[test]
fn weather_values_at_their_bounds_pass_and_just_past_fail() {
    let weather = |table: &str| with_bmc(&format!("[weather]\n{table}\n"));
    for (key, at, past) in [
        ("visibility_km", "0.05", "0.0499"),
        ("visibility_km", "300.0", "300.001"),
        ("cloud_base_km", "0.0", "-0.001"),
        ("cloud_base_km", "20.0", "20.001"),
    ] {
        let ok = tdome_scenario::parse_str(
            &weather(&format!("{key} = {at}")),
            &scenarios("tests/edited.toml"),
        );
        assert!(ok.is_ok(), "{key} = {at}: {:?}", ok.err());
        let found = problems(&weather(&format!("{key} = {past}")));
        assert_eq!(found.len(), 1, "{key} = {past}: {found:?}");
        assert!(
            found[0].2.starts_with(&format!("expected {key} in ")),
            "{key} = {past}: {found:?}"
        );
    }
}
