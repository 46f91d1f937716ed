//! One committed bad file per kind of mistake (`scenarios/tests/invalid/`); each must
//! report exactly the expected diagnostics, at the expected line and column, and
//! nothing else.

use std::path::Path;

use super::{diagnostics, scenarios};

/// Load `scenarios/tests/invalid/{name}.toml` and compare its diagnostics.
fn expect(name: &str, expected: &[(usize, usize, &str)]) {
    let path = scenarios(&format!("tests/invalid/{name}.toml"));
    let found = diagnostics(tdome_scenario::load(&path));
    compare(&format!("{name}.toml"), &found, expected);
}

fn compare(
    file: &str,
    found: &[(String, usize, usize, String)],
    expected: &[(usize, usize, &str)],
) {
    let expected: Vec<(String, usize, usize, String)> = expected
        .iter()
        .map(|(l, c, m)| (file.to_owned(), *l, *c, (*m).to_owned()))
        .collect();
    assert_eq!(found, expected.as_slice());
}

#[test]
fn toml_syntax() {
    expect(
        "syntax",
        &[(6, 8, "TOML syntax: extra `=`, expected nothing")],
    );
}

#[test]
fn unknown_field() {
    expect(
        "unknown-field",
        &[(
            16,
            1,
            "unknown field `colour`, expected one of `name`, `value`, `polygon`, `ground_height_m`",
        )],
    );
}

#[test]
fn wrong_type() {
    expect(
        "wrong-type",
        &[(7, 14, "invalid type: string \"300\", expected a number")],
    );
}

#[test]
fn negative_count() {
    expect(
        "negative-count",
        &[(
            38,
            9,
            "invalid value: integer `-4`, expected a whole number in [0, 4294967295]",
        )],
    );
}

#[test]
fn latitude_beyond_the_pole() {
    expect(
        "latitude",
        &[(20, 20, "expected a latitude in [-90, 90] degrees, got 95")],
    );
}

#[test]
fn longitude_out_of_range() {
    expect(
        "longitude",
        &[(
            39,
            33,
            "expected a longitude in [-180, 180] degrees, got 200",
        )],
    );
}

#[test]
fn pd_above_one() {
    expect(
        "pd",
        &[(22, 6, "expected a probability in [0, 1], got 1.5")],
    );
}

#[test]
fn both_pd_and_a_detection_table() {
    expect(
        "detection-and-pd",
        &[(
            23,
            13,
            "expected either `pd` or `[sensor.detection]`, not both: `pd` fixes the detection probability, `[sensor.detection]` derives it from the target's radar cross-section",
        )],
    );
}

#[test]
fn neither_pd_nor_a_detection_table() {
    expect(
        "no-detection",
        &[(
            18,
            1,
            "expected `pd` (a fixed detection probability) or `[sensor.detection]` (detection from the radar equation), got neither",
        )],
    );
}

#[test]
fn swerling_case_two() {
    expect(
        "swerling",
        &[(
            22,
            54,
            "expected swerling = 1 or 3 (the scan-to-scan fluctuating cases), got 2",
        )],
    );
}

#[test]
fn negative_latency() {
    expect(
        "latency",
        &[(23, 13, "expected latency_s in [0, 60] s, got -0.5")],
    );
}

#[test]
fn outage_ending_before_it_starts_or_after_the_run() {
    expect(
        "outages",
        &[
            (
                23,
                12,
                "expected an outage window [start_s, end_s] with 0 ≤ start_s < end_s ≤ duration_s (300), got [50, 20]",
            ),
            (
                23,
                26,
                "expected an outage window [start_s, end_s] with 0 ≤ start_s < end_s ≤ duration_s (300), got [100, 400]",
            ),
        ],
    );
}

#[test]
fn empty_polygon() {
    expect(
        "empty-polygon",
        &[(
            16,
            11,
            "expected a polygon of at least 3 [lat_deg, lon_deg] vertices, got 0",
        )],
    );
}

#[test]
fn degenerate_polygon() {
    expect(
        "degenerate-polygon",
        &[(
            16,
            11,
            "expected a polygon enclosing an area, but its vertices enclose none (they repeat or lie on one line)",
        )],
    );
}

#[test]
fn dangling_asset() {
    expect(
        "unknown-asset",
        &[(41, 17, "unknown asset \"twon\", expected one of \"town\"")],
    );
}

#[test]
fn dangling_threat() {
    let path = scenarios("tests/invalid/unknown-threat.toml");
    let found = diagnostics(tdome_scenario::load(&path));
    // The list of known names comes from the built-in catalogue, which grows; the
    // place and the start of the message are what this test pins.
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, line, column, message) = &found[0];
    assert_eq!(
        (file.as_str(), *line, *column),
        ("unknown-threat.toml", 37, 10)
    );
    assert!(
        message.starts_with("unknown threat \"Grad\", expected one of \"")
            && message.contains("\"9M22U Grad (122 mm)\""),
        "{message}"
    );
}

#[test]
fn dangling_interceptor() {
    expect(
        "unknown-interceptor",
        &[(
            30,
            15,
            "unknown interceptor \"Tamir II\", expected one of \"PAC-3 MSE\", \"Tien Kung III\", \
             \"Tien Kung IV\", \"Sky Sword II (land-launched)\", \"35 mm gun burst (AHEAD)\", \"Tamir\", \"Iron Beam (laser)\", \
             \"Arrow 3\", \"Arrow 2\", \"Stunner (David's Sling)\", \"THAAD\"",
        )],
    );
}

#[test]
fn duplicate_name() {
    expect(
        "duplicate-name",
        &[(
            27,
            8,
            "duplicate sensor name \"radar\", expected a name not used before (first used at line 19, column 8)",
        )],
    );
}

#[test]
fn via_on_a_ballistic_threat() {
    expect(
        "via-ballistic",
        &[(
            42,
            7,
            "expected no `via` for \"9M22U Grad (122 mm)\": route points are for air-breathing \
             threats (cruise_missile, drone), and it is a rocket",
        )],
    );
}

#[test]
fn window_outside_the_duration() {
    expect(
        "window",
        &[(
            40,
            12,
            "expected a launch window [first, last] with 0 ≤ first ≤ last < duration_s (300), got \
             [10, 400]: threats launch at the start of a tick, and the last tick starts at 299.875 s",
        )],
    );
}

#[test]
fn tick_not_whole_nanoseconds() {
    expect(
        "tick",
        &[(
            8,
            10,
            "expected tick_s to be a whole number of nanoseconds, got 0.0001000005 s = 100000.5 ns",
        )],
    );
}

#[test]
fn tick_finer_than_the_launch_solver_steps() {
    expect(
        "tick-too-fine",
        &[(
            9,
            10,
            "expected tick_s in [0.0001, 1] s (the launch solver's shortest step is 0.1 ms), got \
             0.00005",
        )],
    );
}

#[test]
fn run_and_truth_period_longer_than_a_million_seconds() {
    expect(
        "duration",
        &[
            (7, 14, "expected duration_s in (0, 1000000] s, got 2000000"),
            (
                9,
                25,
                "expected truth_record_period_s in (0, 1000000] s, got 2000000",
            ),
        ],
    );
}

#[test]
fn scan_period_of_a_nanosecond() {
    expect(
        "scan-period",
        &[(21, 17, "expected scan_period_s in [0.05, 3600] s, got 1e-9")],
    );
}

#[test]
fn first_scan_beyond_any_run() {
    expect(
        "first-scan",
        &[(22, 16, "expected first_scan_s in [0, 1000000] s, got 1e300")],
    );
}

#[test]
fn false_alarm_rate_beyond_a_thousand_a_scan() {
    expect(
        "false-alarms",
        &[(
            23,
            25,
            "expected false_alarms_per_scan in [0, 100000], got 1e30",
        )],
    );
}

#[test]
fn raid_of_more_than_a_hundred_thousand() {
    expect(
        "raid-count",
        &[(38, 9, "expected count in [1, 100000], got 200000")],
    );
}

#[test]
fn more_than_a_million_threats_in_all() {
    // Reported once, at the raid that passes the bound.
    expect(
        "total-threats",
        &[(
            119,
            9,
            "expected at most 1000000 threats in all raids together, but the raids up to this \
             one have 1100000",
        )],
    );
}

#[test]
fn cep_beyond_a_hundred_kilometres() {
    expect(
        "cep",
        &[(42, 9, "expected cep_m in [0, 100000] m, got 1000000")],
    );
}

#[test]
fn window_ending_at_the_duration() {
    expect(
        "window-end",
        &[(
            41,
            12,
            "expected a launch window [first, last] with 0 ≤ first ≤ last < duration_s (300), got \
             [10, 300]: threats launch at the start of a tick, and the last tick starts at 299.875 s",
        )],
    );
}

#[test]
fn window_off_the_tick_grid_whose_latest_launch_never_comes() {
    expect(
        "window-off-tick",
        &[(
            41,
            12,
            "expected the window's latest launch, at 299.9375 s (first + a whole number of \
             ticks), no later than the start of the last tick, 299.875 s",
        )],
    );
}

#[test]
fn self_intersecting_polygon() {
    expect(
        "self-intersecting-polygon",
        &[(
            17,
            11,
            "expected a simple polygon whose edges do not cross, but its edge from vertex 2 to \
             vertex 3 meets its edge from vertex 4 to vertex 1 (vertices counted from 1); list \
             the vertices in order around the outline",
        )],
    );
}

#[test]
fn ballistic_aim_inside_the_minimum_range() {
    expect(
        "min-range",
        &[
            (
                43,
                7,
                "expected the aim at least 0.318 km from the launch area, but they come within \
                 0 km of each other: \"9M22U Grad (122 mm)\" on a \"depressed\" trajectory \
                 cannot land nearer than 0.312 km (0.318 km with a 2% margin)",
            ),
            (
                51,
                7,
                "expected the aim at least 1.518 km from the launch area, but they come within \
                 1.001 km of each other: \"9M22U Grad (122 mm)\" on a \"depressed\" trajectory \
                 cannot land nearer than 0.312 km (0.318 km with a 2% margin), and impacts \
                 scatter up to 6 × cep_m = 1.2 km about the aim",
            ),
        ],
    );
}

#[test]
fn lofted_aim_inside_the_steepest_launchs_range() {
    expect(
        "min-range-lofted",
        &[(
            42,
            7,
            "expected the aim at least 25.635 km from the launch area, but they come within \
             4.43 km of each other: \"PHL-16 (370 mm)\" on a \"lofted\" trajectory cannot \
             land nearer than 25.133 km (25.635 km with a 2% margin)",
        )],
    );
}

#[test]
fn operator_modes_with_bad_values() {
    expect(
        "modes",
        &[
            (45, 15, "expected tight_p_hit in (0, 1], got 0"),
            (46, 23, "expected tight_confirmations in [1, 10], got 11"),
            (
                49,
                8,
                "expected at_s within the run, at most duration_s (300), got 400",
            ),
            (54, 8, "expected at_s in [0, 1000000] s, got -1"),
            (
                60,
                11,
                "unknown battery \"batery\", expected one of \"battery\"",
            ),
        ],
    );
}

#[test]
fn an_operator_mode_that_is_none_of_free_tight_hold() {
    expect(
        "mode-name",
        &[
            (
                35,
                8,
                "unknown variant `loose`, expected one of `free`, `tight`, `hold`",
            ),
            (
                48,
                8,
                "unknown variant `off`, expected one of `free`, `tight`, `hold`",
            ),
        ],
    );
}

#[test]
fn autonomous_batteries_without_radars_or_with_wrong_names() {
    expect(
        "network",
        &[
            (
                28,
                8,
                "expected battery \"silent\" to name its radars (at least one `[[sensor]]`) \
                 under network = \"autonomous\", got none",
            ),
            (
                44,
                10,
                "expected battery \"empty\" to name its radars (at least one `[[sensor]]`) \
                 under network = \"autonomous\", got none",
            ),
            (54, 20, "unknown sensor \"radr\", expected one of \"radar\""),
            (
                64,
                20,
                "expected each radar named once, got \"radar\" again",
            ),
        ],
    );
}

#[test]
fn a_network_that_is_neither_integrated_nor_autonomous() {
    // The radar lists are checked whatever the network; no radars is fine unless
    // autonomous.
    expect(
        "network-name",
        &[
            (54, 20, "unknown sensor \"radr\", expected one of \"radar\""),
            (
                64,
                20,
                "expected each radar named once, got \"radar\" again",
            ),
            (
                75,
                11,
                "unknown variant `federated`, expected `integrated` or `autonomous`",
            ),
        ],
    );
}

#[test]
fn doctrine_per_category_with_bad_values() {
    expect(
        "doctrine-per-category",
        &[
            (49, 14, "expected salvo_size in [1, 100], got 101"),
            (
                52,
                14,
                "expected salvo_size ≤ max_shots_per_track (2), got 3",
            ),
        ],
    );
}

#[test]
fn battle_manager_settings_beyond_their_bounds() {
    expect(
        "bmc-bounds",
        &[
            (
                18,
                19,
                "expected ground_height_m in [-1000, 9000] m, got 12000",
            ),
            (46, 11, "expected cycle_s in [0.01, 60] s, got 0.001"),
            (
                49,
                23,
                "expected tentative_timeout_s in (0, 3600] s, got 100000",
            ),
            (
                50,
                23,
                "expected confirmed_timeout_s in (0, 3600] s, got 4000",
            ),
            (
                51,
                26,
                "expected ballistic_exit_rate_hz in [0, 100], got -0.5",
            ),
            (
                54,
                21,
                "expected prediction_step_s in [0.01, 60] s, got 0.001",
            ),
            (
                55,
                24,
                "expected prediction_horizon_s in (0, 7200] s, got 1e9",
            ),
            (56, 16, "expected engage_p_hit in (0, 1], got 0"),
            (
                57,
                30,
                "expected ballistic_mode_probability in (0, 1], got 1.5",
            ),
            (
                58,
                32,
                "expected ballistic_mode_min_speed_mps in (0, 10000] m/s, got -1",
            ),
            (59, 24, "expected engage_confirmations in [1, 10], got 0"),
            (60, 19, "expected confident_p_hit in (0, 1], got 1.5"),
            (
                63,
                27,
                "expected kill_assessment_delay_s in [0, 3600] s, got 1e12",
            ),
            (
                64,
                27,
                "expected intercept_search_step_s in [0.01, 60] s, got 100",
            ),
            (
                65,
                26,
                "expected launch_commit_window_s in [0, 3600] s, got 7200",
            ),
            (
                66,
                28,
                "expected min_time_before_impact_s in [0, 3600] s, got -1",
            ),
            (
                67,
                24,
                "expected cost_weight_per_musd in [0, 1000000], got -2",
            ),
        ],
    );
}

#[test]
fn impact_prediction_of_too_many_steps() {
    expect(
        "prediction-steps",
        &[(
            46,
            24,
            "expected a prediction of at most 100000 steps (prediction_horizon_s / \
             prediction_step_s), got 7200 / 0.01 = 720000",
        )],
    );
}

#[test]
fn max_range_not_above_min_range() {
    expect(
        "max-range",
        &[(
            23,
            49,
            "expected max_range_km > min_range_km (0.5), got 0.4",
        )],
    );
}

#[test]
fn ballistic_launch_beyond_published_range() {
    expect(
        "out-of-range-ballistic",
        &[(
            39,
            15,
            "expected the launch area within 20.4 km of the aim (the published maximum range of \
             \"9M22U Grad (122 mm)\"), but they are up to 59.812 km apart",
        )],
    );
}

#[test]
fn air_breathing_route_beyond_max_range() {
    expect(
        "out-of-range-air-breathing",
        &[(
            24,
            15,
            "expected a route from the launch area through the via points to the aim of at most \
             100 km (the max_range_km of \"test drone\"), but it is up to 102.7 km long",
        )],
    );
}

#[test]
fn missing_catalogue_directory() {
    let path = scenarios("tests/invalid/missing-catalogue.toml");
    let found = diagnostics(tdome_scenario::load(&path));
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, line, column, message) = &found[0];
    assert_eq!(
        (file.as_str(), *line, *column),
        ("missing-catalogue.toml", 9, 13)
    );
    assert!(
        message.starts_with(
            "expected a catalogue directory holding threats.toml and interceptors.toml, but cannot read "
        ) && message.contains("no-such-catalogue"),
        "{message}"
    );
}

#[test]
fn several_mistakes_are_all_reported_in_file_order() {
    expect(
        "several",
        &[
            (
                9,
                25,
                "expected truth_record_period_s to be a whole multiple of tick_s (0.125), got 0.3",
            ),
            (16, 9, "expected value in (0, 1e9], got -1"),
            (23, 6, "expected a probability in [0, 1], got 2"),
            (32, 13, "expected launchers in [1, 1000], got 0"),
            (
                36,
                2,
                "unknown top-level key `radar`, expected one of `scenario`, `theatre`, `asset`, \
                 `sensor`, `battery`, `raid`, `bmc`, `weather`, `sweep`",
            ),
            (
                44,
                12,
                "expected a launch window [first, last] with 0 ≤ first ≤ last < duration_s (300), got [40, 10]",
            ),
            (45, 17, "unknown asset \"city\", expected one of \"town\""),
        ],
    );
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let path = scenarios("tests/invalid/does-not-exist.toml");
    match tdome_scenario::load(&path) {
        Err(tdome_scenario::ScenarioError::Io { path: p, .. }) => assert_eq!(p, path),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

/// Parse one bad catalogue file, paired with the good test catalogue's other file.
fn expect_catalogue(file: &str, expected: &[(usize, usize, &str)]) {
    let bad = scenarios(&format!("tests/invalid/catalogue/{file}"));
    let good = scenarios("tests/catalogue");
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let result = if file.ends_with(".threats.toml") {
        let other = good.join("interceptors.toml");
        tdome_scenario::parse_catalogue(&read(&bad), &bad, &read(&other), &other)
    } else {
        let other = good.join("threats.toml");
        tdome_scenario::parse_catalogue(&read(&other), &other, &read(&bad), &bad)
    };
    compare(file, &diagnostics(result), expected);
}

#[test]
fn catalogue_unknown_kind() {
    expect_catalogue(
        "unknown-kind.threats.toml",
        &[(
            5,
            8,
            "unknown variant `artillery_shell`, expected one of `ballistic_missile`, `rocket`, \
             `cruise_missile`, `drone`",
        )],
    );
}

#[test]
fn catalogue_missing_sub_table() {
    expect_catalogue(
        "missing-subtable.threats.toml",
        &[(
            5,
            8,
            "missing `[threat.ballistic]`, expected it for kind \"rocket\"",
        )],
    );
}

#[test]
fn catalogue_forbidden_sub_table() {
    expect_catalogue(
        "forbidden-subtable.threats.toml",
        &[(
            16,
            1,
            "unexpected `[threat.ballistic]` for kind \"drone\", expected only `[threat.air_breathing]`",
        )],
    );
}

#[test]
fn catalogue_duplicate_threat() {
    expect_catalogue(
        "duplicate-name.threats.toml",
        &[(
            17,
            8,
            "duplicate threat name \"test drone\", expected a name not used before (first used at line 4, column 8)",
        )],
    );
}

#[test]
fn catalogue_drag_mach_not_increasing() {
    expect_catalogue(
        "drag-mach.threats.toml",
        &[(
            17,
            35,
            "expected drag Mach numbers to increase strictly, got 1.2 after 1.5",
        )],
    );
}

#[test]
fn catalogue_airframe_values_out_of_bounds() {
    // Each figure reports at its own place; a launch mass is checked against the
    // propellant once both are in bounds; an airframe needs its guidance.
    expect_catalogue(
        "airframe.interceptors.toml",
        &[
            (
                21,
                18,
                "expected launch_mass_kg in (0, 100000] kg, got 200000",
            ),
            (22, 14, "expected diameter_m in (0, 10] m, got 0"),
            (
                23,
                23,
                "expected rail_exit_speed_mps in [0, 1000] m/s, got -5",
            ),
            (24, 23, "expected a Mach number in [0, 50], got 60"),
            (25, 21, "expected max_load_factor_g in (0, 200] g, got 300"),
            (
                26,
                32,
                "expected max_normal_force_coefficient in (0, 50], got 0",
            ),
            (
                27,
                29,
                "expected max_thrust_deflection_deg in [0, 89]°, got 90",
            ),
            (
                28,
                25,
                "expected divert_acceleration_g in [0, 50] g, got -2",
            ),
            (29, 22, "expected thrust_n in [0, 10000000] N, got -1"),
            (29, 42, "expected burn_time_s in (0, 1000] s, got 0"),
            (
                29,
                68,
                "expected propellant_mass_kg in [0, 100000] kg, got 200000",
            ),
            (30, 24, "expected thrust_n in [0, 10000000] N, got 20000000"),
            (31, 19, "expected lethal_radius_m in (0, 1000] m, got 0"),
            (
                57,
                18,
                "expected launch_mass_kg above the propellant of boost and sustain (37), got 30",
            ),
            (
                91,
                1,
                "missing `[interceptor.guidance]`, expected it with `[interceptor.airframe]`",
            ),
        ],
    );
}

#[test]
fn catalogue_guidance_values_out_of_bounds() {
    expect_catalogue(
        "guidance.interceptors.toml",
        &[
            (
                34,
                23,
                "expected navigation_constant in (2, 8] (PN diverges at N = 2), got 2",
            ),
            (35, 19, "expected time_constant_s in [0, 10] s, got 11"),
            (37, 17, "expected launch_hold_s in [0, 60] s, got -1"),
            (
                38,
                31,
                "expected seeker_acquisition_range_km in (0, 1000] km, got 0",
            ),
            (
                68,
                7,
                "unknown variant `augmented`, expected `true` or `pure`",
            ),
            (
                106,
                10,
                "unknown variant `sideways`, expected one of `trained`, `vertical`, `elevated`",
            ),
            (
                125,
                1,
                "missing `[interceptor.airframe]`, expected it with `[interceptor.guidance]`",
            ),
            (
                164,
                10,
                "expected `launch_elevation_deg` with `launch = \"elevated\"`",
            ),
            (200, 24, "expected launch_elevation_deg in (0, 90]°, got 0"),
            (
                236,
                24,
                "expected `launch_elevation_deg` only with `launch = \"elevated\"`",
            ),
        ],
    );
}

#[test]
fn catalogue_pk_above_one() {
    expect_catalogue(
        "pk.interceptors.toml",
        &[(14, 20, "expected a probability in [0, 1], got 1.2")],
    );
}

#[test]
fn catalogue_pk_for_a_kind_out_of_range_or_without_its_category() {
    expect_catalogue(
        "pk-kind.interceptors.toml",
        &[
            (15, 34, "expected a probability in [0, 1], got -0.1"),
            (
                15,
                48,
                "a figure against `drone` refines the one against `air_breathing`, which is missing (the battle manager plans with the category's figure)",
            ),
        ],
    );
}

#[test]
fn catalogue_interceptor_times_beyond_an_hour() {
    expect_catalogue(
        "times.interceptors.toml",
        &[
            (
                7,
                24,
                "expected max_time_of_flight_s in (0, 3600] s, got 1e9",
            ),
            (8, 19, "expected reaction_time_s in [0, 3600] s, got 7200"),
        ],
    );
}

#[test]
fn catalogue_max_range_not_above_min_range() {
    expect_catalogue(
        "max-range.interceptors.toml",
        &[(10, 16, "expected max_range_km > min_range_km (20), got 20")],
    );
}

#[test]
fn catalogue_duplicate_interceptor_and_empty_pk() {
    expect_catalogue(
        "duplicate-name.interceptors.toml",
        &[
            (
                19,
                8,
                "duplicate interceptor name \"test interceptor\", expected a name not used before (first used at line 4, column 8)",
            ),
            (
                29,
                6,
                "expected a figure for at least one of `ballistic` and `air_breathing`, got neither",
            ),
        ],
    );
}

#[test]
fn catalogue_several_mistakes() {
    expect_catalogue(
        "several.threats.toml",
        &[
            (6, 10, "expected rcs_m2 in (0, 10000] m², got -0.05"),
            (
                7,
                18,
                "expected damage_per_hit in [0, 1] (a fraction of the asset's value), got 1.5",
            ),
            (
                12,
                22,
                "expected propellant_mass_kg < launch_mass_kg (70), got 90",
            ),
            (
                17,
                8,
                "expected at least one [mach, cd] drag point, got none",
            ),
            (
                25,
                1,
                "unknown field `colour`, expected one of `name`, `kind`, `rcs_m2`, `damage_per_hit`, \
                 `published_max_range_km`, `unit_cost_usd`, `source`, `ballistic`, `air_breathing`",
            ),
            (
                29,
                8,
                "missing `[threat.air_breathing]`, expected it for kind \"cruise_missile\"",
            ),
        ],
    );
}

#[test]
fn catalogue_radar_figures_out_of_bounds_or_contradicting() {
    let bad = scenarios("tests/invalid/catalogue/several.radars.toml");
    let text = std::fs::read_to_string(&bad).unwrap();
    compare(
        "several.radars.toml",
        &diagnostics(tdome_scenario::parse_radars(&text, &bad)),
        &[
            (8, 17, "expected scan_period_s in [0.05, 3600] s, got 0.01"),
            (
                9,
                25,
                "expected false_alarms_per_scan in [0, 100000], got -1",
            ),
            (10, 13, "expected latency_s in [0, 60] s, got 61"),
            (11, 50, "expected max_range_km > min_range_km (50), got 40"),
            (
                11,
                102,
                "expected max_elevation_deg in [-90, 90] degrees, got 95",
            ),
            (12, 21, "expected range_m in (0, 10000] m, got 0"),
            (
                13,
                58,
                "expected reference_pd in (pfa, 1) = (0.000001, 1), got 1e-7 (a target of no \
                 signal is detected with probability pfa, and only infinite signal gives 1)",
            ),
            (
                13,
                75,
                "expected swerling = 1 or 3 (the scan-to-scan fluctuating cases), got 2",
            ),
            (
                21,
                13,
                "expected either `pd` or `[radar.detection]`, not both: `pd` fixes the detection \
                 probability, `[radar.detection]` derives it from the target's radar \
                 cross-section",
            ),
            (
                28,
                36,
                "unknown field `azimuth_start_deg`, expected one of `min_range_km`, \
                 `max_range_km`, `min_elevation_deg`, `max_elevation_deg`, `radar_horizon`",
            ),
            (
                32,
                8,
                "duplicate radar name \"both\", expected a name not used before (first used at \
                 line 17, column 8)",
            ),
        ],
    );
}

#[test]
fn scenario_with_a_bad_catalogue_reports_the_catalogue_files() {
    // A scenario naming a catalogue directory whose files are broken reports the
    // catalogue's diagnostics, naming the catalogue files.
    let dir = std::env::temp_dir().join(format!("tdome-scenario-test-{}", std::process::id()));
    let cat = dir.join("cat");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::copy(
        scenarios("tests/invalid/catalogue/pk.interceptors.toml"),
        cat.join("interceptors.toml"),
    )
    .unwrap();
    std::fs::copy(
        scenarios("tests/catalogue/threats.toml"),
        cat.join("threats.toml"),
    )
    .unwrap();
    let text = "[scenario]\nname = \"x\"\nseed = 1\nduration_s = 10.0\ntick_s = 0.5\ncatalogue = \"cat\"\n\n[theatre]\norigin = { lat_deg = 0.0, lon_deg = 0.0 }\n";
    let found = diagnostics(tdome_scenario::parse_str(text, &dir.join("s.toml")));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        found,
        [(
            "interceptors.toml".to_owned(),
            14,
            20,
            "expected a probability in [0, 1], got 1.2".to_owned()
        )]
    );
}

// Issue 5: hostile input, each class with a committed file.

#[test]
fn tables_written_as_arrays_are_refused_where_they_are() {
    expect(
        "tables-as-arrays",
        &[
            (6, 12, "invalid type: array, expected a table"),
            (23, 9, "invalid type: array, expected a table"),
            (28, 8, "invalid type: array, expected a table"),
        ],
    );
}

#[test]
fn a_seed_past_the_largest_toml_integer() {
    expect(
        "seed",
        &[(
            9,
            8,
            "expected a seed in [0, 9223372036854775807] (2⁶³ − 1), got 18446744073709551615",
        )],
    );
}

#[test]
fn a_duration_between_ticks() {
    expect(
        "duration-off-tick",
        &[(
            10,
            14,
            "expected duration_s to be a whole number of ticks (tick_s = 1), got 0.5",
        )],
    );
}

#[test]
fn scatter_that_carries_aims_out_of_range() {
    expect(
        "cep-beyond-range",
        &[(
            44,
            15,
            "expected the launch area within 20.4 km of the aim (the published maximum range of \
             \"9M22U Grad (122 mm)\"), but they are up to 25.937 km apart, and impacts scatter \
             up to 6 × cep_m = 6 km about the aim",
        )],
    );
}

#[test]
fn physical_quantities_past_their_bounds() {
    expect(
        "physical-bounds",
        &[
            (19, 9, "expected value in (0, 1e9], got 1e308"),
            (27, 49, "expected max_range_km in [0, 5000] km, got 1e300"),
            (28, 21, "expected range_m in (0, 10000] m, got 1e300"),
        ],
    );
}

#[test]
fn a_polygon_too_large_for_its_local_plane() {
    expect(
        "polygon-too-large",
        &[(
            20,
            11,
            "expected a polygon whose vertices all lie within 1000 km of their centre, but \
             vertex 2 is 6378 km from it (vertices counted from 1); a polygon is worked in the \
             flat local plane at its centre, which does not reach that far",
        )],
    );
}

#[test]
fn a_key_dotted_past_the_parsers_limit_is_found_on_its_line() {
    expect("deep-key", &[(39, 1, "TOML syntax: recursion limit")]);
}

#[test]
fn a_string_broken_by_a_newline_is_reported_on_its_own_line() {
    expect(
        "broken-string",
        &[(7, 26, "TOML syntax: invalid basic string, expected `\"`")],
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    expect(
        "not-utf8",
        &[(
            6,
            17,
            "expected UTF-8 text, found the byte 0xFF, which is not UTF-8 here (save the file \
             as UTF-8)",
        )],
    );
}

#[test]
fn a_file_longer_than_the_cap_is_not_read_to_its_end() {
    // /dev/zero never ends; the cap stops the read just past 32 MiB.
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        return;
    }
    let found = diagnostics(tdome_scenario::load(zero));
    assert_eq!(
        found,
        [(
            "zero".to_owned(),
            1,
            1,
            "expected a file of at most 32 MiB, but it is longer (is it the right file?)"
                .to_owned()
        )]
    );
}

#[test]
fn catalogue_vehicles_must_fly_as_published_and_quantities_stay_bounded() {
    expect_catalogue(
        "unflyable.threats.toml",
        &[
            (
                14,
                1,
                "expected the vehicle, flown by the physics, to reach within 10% of \
                 published_max_range_km (26 km), but it reaches 3.472 km (-86.6%): check the \
                 masses, burn time, specific impulse, diameter and drag",
            ),
            (31, 13, "expected speed_mps in (0, 3000] m/s, got 1e300"),
        ],
    );
}

#[test]
fn catalogue_costs_stay_bounded() {
    expect_catalogue(
        "cost.interceptors.toml",
        &[(5, 17, "expected unit_cost_usd in [0, 1e9] USD, got 1e308")],
    );
    expect_catalogue(
        "cost.threats.toml",
        &[
            (9, 17, "expected unit_cost_usd in [0, 1e9] USD, got -1"),
            (23, 17, "expected unit_cost_usd in [0, 1e9] USD, got 1e308"),
        ],
    );
}

#[test]
fn tracker_settings_that_name_nothing_or_cannot_work_together() {
    expect(
        "tracker-settings",
        &[
            (
                44,
                17,
                "expected motion_models to name at least one of \"ncv\", \"nca\", \"ballistic\", each at most once",
            ),
            (
                46,
                18,
                "expected confirm_window (at least confirm_hits) in [3, 1000], got 2",
            ),
            (
                47,
                24,
                "expected max_target_speed_mps in (0, 10000] m/s, got 0",
            ),
            (48, 20, "expected reorder_window_s in [0, 600] s, got 1000"),
            (49, 17, "expected delete_misses in [1, 1000], got 0"),
        ],
    );
    expect(
        "tracker-filter",
        &[(44, 10, "unknown variant `kalman`, expected `ekf` or `ukf`")],
    );
    expect(
        "assignment-rule",
        &[(
            45,
            14,
            "unknown variant `hungarian`, expected one of `layered`, `nearest`, `greedy`, `local`, `exact`",
        )],
    );
}

#[test]
fn reserves_stay_bounded_and_need_a_reload_time() {
    expect(
        "reserve",
        &[
            (
                36,
                18,
                "expected reserve_rounds in [0, 1000000], got 2000000",
            ),
            (
                46,
                18,
                "a reserve needs a reload time, and interceptor `test interceptor` has no `reload_time_s` in the catalogue",
            ),
        ],
    );
}

#[test]
fn catalogue_reload_times_stay_within_a_day() {
    expect_catalogue(
        "reload.interceptors.toml",
        &[
            (9, 17, "expected reload_time_s in (0, 86400] s, got 0"),
            (25, 17, "expected reload_time_s in (0, 86400] s, got 90000"),
        ],
    );
}

#[test]
fn weather_stays_within_fog_and_the_tropopause() {
    expect(
        "weather",
        &[
            (30, 17, "expected visibility_km in [0.05, 300] km, got 0.01"),
            (31, 17, "expected cloud_base_km in [0, 20] km, got 25"),
        ],
    );
}

#[test]
fn catalogue_a_type_is_a_missile_a_gun_or_a_laser_with_the_figures_each_needs() {
    expect_catalogue(
        "effector.interceptors.toml",
        &[
            (
                9,
                18,
                "expected no `mean_speed_mps` with `[interceptor.gun]` or `[interceptor.laser]` (the time to the threat comes from the gun's shells or the laser's dwell)",
            ),
            (
                16,
                19,
                "expected no `homing_basket_m` with `[interceptor.laser]` (nothing flies)",
            ),
            (
                18,
                10,
                "expected no `rcs_m2` with `[interceptor.laser]` (nothing flies)",
            ),
            (
                25,
                18,
                "expected no `mean_speed_mps` with `[interceptor.gun]` or `[interceptor.laser]` (the time to the threat comes from the gun's shells or the laser's dwell)",
            ),
            (36, 28, "expected rounds_per_burst in [1, 10000], got 0"),
            (
                36,
                183,
                "expected pattern_reference_range_km in (0, 100] km, got 0",
            ),
            (
                52,
                9,
                "expected at most one of `[interceptor.airframe]`, `[interceptor.gun]` and `[interceptor.laser]`, got `[interceptor.gun]` and `[interceptor.laser]`",
            ),
            (
                54,
                1,
                "missing field `mean_speed_mps` (a missile needs one)",
            ),
            (79, 27, "expected wavelength_um in [0.3, 12] µm, got 20"),
            (79, 83, "expected dwell_s in (0, 3600] s, got 0"),
        ],
    );
}

#[test]
fn catalogue_gun_and_laser_figures_stay_within_their_bounds() {
    expect_catalogue(
        "gun-laser-bounds.interceptors.toml",
        &[
            (19, 20, "expected rounds_per_burst in [1, 10000], got 20000"),
            (
                20,
                20,
                "expected rate_of_fire_rpm in (0, 100000] rounds/min, got 0",
            ),
            (
                21,
                23,
                "expected muzzle_velocity_mps in (0, 5000] m/s, got 6000",
            ),
            (22, 17, "expected shell_mass_kg in (0, 1000] kg, got -0.75"),
            (23, 14, "expected calibre_mm in (0, 1000] mm, got 1500"),
            (24, 20, "expected drag_coefficient in (0, 10], got 11"),
            (
                25,
                30,
                "expected pattern_reference_range_km in (0, 100] km, got 200",
            ),
            (41, 22, "expected reference_range_km in (0, 1000] km, got 0"),
        ],
    );
}

#[test]
fn catalogue_staging_mistakes() {
    expect_catalogue(
        "staging.threats.toml",
        &[
            (
                23,
                23,
                "expected spent_stage_mass_kg in [0, 1000000] kg, got -5",
            ),
            (24, 11, "expected coast_s in [0, 1000] s, got 2000"),
            (
                25,
                22,
                "expected propellant_mass_kg in (0, 1000000] kg, got 0",
            ),
            (31, 14, "expected diameter_m in (0, 10] m, got 0"),
            (33, 22, "expected separation_delay_s in [0, 1000] s, got -1"),
            (34, 10, "expected rcs_m2 in (0, 10000] m², got 0"),
            (35, 54, "expected acceleration_g in [0, 100] g, got 150"),
            (35, 72, "expected period_s in [0.5, 600] s, got 0.1"),
            (52, 15, "expected at most 2 upper stages, got 3"),
            (
                81,
                11,
                "expected the stages to leave more than the re-entry vehicle's 600 kg after \
                 every burn and drop, but launch_mass_kg (5000) less the propellant and spent \
                 stages (4500) leaves 500 kg",
            ),
        ],
    );
}

#[test]
fn data_sources() {
    expect(
        "data-source",
        &[
            (24, 7, "expected sac in [0, 255], got 300"),
            (
                46,
                7,
                "duplicate data source 25/3 (sac/sic), expected a pair no other sensor has \
                 (sensor \"north\" has it, at line 36, column 7)",
            ),
            (
                54,
                1,
                "expected a data source (sac/sic) other than the battle manager's, got 0/4, \
                 which is `[bmc]`'s (its `sac` and `sic`, at line 82, column 7)",
            ),
        ],
    );
}
