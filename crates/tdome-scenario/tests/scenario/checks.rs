//! Checks not covered by a committed bad file: variations of the minimal scenario made
//! in the test, each asserting the exact diagnostics.

use std::path::Path;

use super::{minimal_with, problems};

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap()
}

#[test]
fn a_third_coordinate_is_an_error_at_the_pair() {
    let text = minimal_with(&[(
        "[24.02, 120.02], [24.02, 120.00]]",
        "[24.02, 120.02, 0.0], [24.02, 120.00]]",
    )]);
    let line = line_of(&text, "polygon = ");
    assert_eq!(
        problems(&text),
        [(
            line,
            46,
            "expected a [lat_deg, lon_deg] pair, got 3 numbers".to_owned()
        )]
    );
    // Also inside a one-key table (`{ point = … }`).
    let text = minimal_with(&[("point = [24.12, 120.01]", "point = [24.12, 120.01, 5.0]")]);
    let line = line_of(&text, "point = [24.12");
    assert_eq!(
        problems(&text),
        [(
            line,
            25,
            "expected a [lat_deg, lon_deg] pair, got 3 numbers".to_owned()
        )]
    );
}

#[test]
fn azimuth_sector_needs_both_keys() {
    let text = minimal_with(&[(
        "max_elevation_deg = 80.0 }",
        "max_elevation_deg = 80.0, azimuth_start_deg = 10.0 }",
    )]);
    let line = line_of(&text, "azimuth_start_deg");
    let column = text.lines().nth(line - 1).unwrap().find("10.0").unwrap() + 1;
    assert_eq!(
        problems(&text),
        [(
            line,
            column,
            "expected azimuth_width_deg too: give both azimuth_start_deg and azimuth_width_deg, \
             or neither for all-round coverage"
                .to_owned()
        )]
    );
}

#[test]
fn azimuth_width_beyond_a_full_turn() {
    let text = minimal_with(&[(
        "max_elevation_deg = 80.0 }",
        "max_elevation_deg = 80.0, azimuth_start_deg = 10.0, azimuth_width_deg = 400.0 }",
    )]);
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].2,
        "expected azimuth_width_deg in (0, 360], got 400"
    );
}

#[test]
fn battle_manager_settings_that_contradict() {
    let text = minimal_with(&[(
        "aim = { asset = \"town\" }\n",
        "aim = { asset = \"town\" }\n\n[bmc.assessment]\npredict_in_vacuum = true\nassumed_ballistic_coefficient_kg_m2 = 5000.0\n\n[bmc.doctrine]\nsalvo_size = 3\nmax_shots_per_track = 2\n",
    )]);
    let bc = line_of(&text, "assumed_ballistic_coefficient_kg_m2");
    let shots = line_of(&text, "max_shots_per_track");
    assert_eq!(
        problems(&text),
        [
            (
                bc,
                39,
                "expected no assumed_ballistic_coefficient_kg_m2 with predict_in_vacuum = true \
                 (a vacuum prediction has no drag)"
                    .to_owned()
            ),
            (
                shots,
                23,
                "expected max_shots_per_track ≥ salvo_size (3), got 2".to_owned()
            ),
        ]
    );
}

#[test]
fn engage_all_must_be_a_boolean() {
    let text = minimal_with(&[(
        "aim = { asset = \"town\" }\n",
        "aim = { asset = \"town\" }\n\n[bmc.doctrine]\nengage_all = \"yes\"\n",
    )]);
    let line = line_of(&text, "engage_all");
    assert_eq!(
        problems(&text),
        [(
            line,
            14,
            "invalid type: string \"yes\", expected a boolean".to_owned()
        )]
    );
}

#[test]
fn missing_required_tables_are_reported_at_the_start() {
    let found = problems(
        "[[asset]]\nname = \"a\"\nvalue = 1.0\npolygon = [[0.0, 0.0], [0.0, 0.1], [0.1, 0.1]]\n",
    );
    assert_eq!(
        found,
        [
            (1, 1, "missing table `[scenario]`".to_owned()),
            (1, 1, "missing table `[theatre]`".to_owned()),
        ]
    );
}

#[test]
fn a_broken_asset_does_not_also_make_its_name_unknown() {
    // The asset fails to read (a wrong type), but its name is known, so the raid that
    // aims at it reports nothing more: one mistake, one diagnostic.
    let text = minimal_with(&[("value = 10.0", "value = \"ten\"")]);
    let line = line_of(&text, "value = \"ten\"");
    assert_eq!(
        problems(&text),
        [(
            line,
            9,
            "invalid type: string \"ten\", expected a number".to_owned()
        )]
    );
}

#[test]
fn truth_period_defaults_and_must_divide_by_the_tick() {
    let text = minimal_with(&[("tick_s = 0.125", "tick_s = 0.3")]);
    // The default 1 s truth period is not a multiple of 0.3 s; reported at the table,
    // since the key is not in the file.
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].2,
        "expected truth_record_period_s to be a whole multiple of tick_s (0.3), got 1"
    );
    assert_eq!(found[0].0, line_of(&text, "[scenario]"));
}

#[test]
fn tick_longer_than_a_second() {
    let text = minimal_with(&[("tick_s = 0.125", "tick_s = 2.0")]);
    let line = line_of(&text, "tick_s");
    assert_eq!(
        problems(&text),
        [(
            line,
            10,
            "expected tick_s in [0.0001, 1] s (the launch solver's shortest step is 0.1 ms), got 2"
                .to_owned()
        )]
    );
}

#[test]
fn not_a_number_is_rejected() {
    let text = minimal_with(&[("scan_period_s = 1.0", "scan_period_s = nan")]);
    let line = line_of(&text, "scan_period_s");
    assert_eq!(
        problems(&text),
        [(
            line,
            17,
            "expected scan_period_s in [0.05, 3600] s, got NaN".to_owned()
        )]
    );
}

#[test]
fn diagnostics_display_as_path_line_column_message() {
    let text = minimal_with(&[("pd = 0.9", "pd = 1.5")]);
    match tdome_scenario::parse_str(&text, Path::new("dir/s.toml")) {
        Err(e) => assert_eq!(
            e.to_string(),
            format!(
                "dir/s.toml:{}:6: expected a probability in [0, 1], got 1.5",
                line_of(&text, "pd =")
            )
        ),
        Ok(_) => panic!("expected an error"),
    }
}

/// A sensor without a `type` keeps the rules of the format before radar types: its
/// figure keys are required, and the first one missing is reported where and as the
/// parser reported it then (each expectation below was recorded from the parser before
/// types), and nothing else of that sensor is.
#[test]
fn a_sensor_without_a_type_reports_a_missing_key_as_before() {
    let noise = "noise = { range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }\n";
    let coverage = "coverage = { min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 80.0 }\n";
    // (edits of the minimal scenario, the one diagnostic: line, column, message)
    type Case<'a> = (&'a [(&'a str, &'a str)], (usize, usize, &'a str));
    let cases: [Case; 10] = [
        (
            &[("scan_period_s = 1.0\n", "")],
            (21, 1, "missing field `scan_period_s`"),
        ),
        (&[(noise, "")], (21, 1, "missing field `noise`")),
        (
            &[(coverage, ""), (noise, "")],
            (21, 1, "missing field `coverage`"),
        ),
        (
            &[("coverage = { min_range_km = 0.5, ", "coverage = { ")],
            (26, 12, "missing field `min_range_km`"),
        ),
        // A sub-table's missing key comes before the sensor's own, whatever the order.
        (
            &[
                ("coverage = { min_range_km = 0.5, ", "coverage = { "),
                ("scan_period_s = 1.0\n", ""),
            ],
            (25, 12, "missing field `min_range_km`"),
        ),
        (
            &[
                ("coverage = { min_range_km = 0.5, ", "coverage = { "),
                ("noise = { range_m = 20.0, ", "noise = { "),
            ],
            (26, 12, "missing field `min_range_km`"),
        ),
        // A value out of range in the same sensor is not reported: reading stopped.
        (
            &[
                ("coverage = { min_range_km = 0.5, ", "coverage = { "),
                ("pd = 0.9", "pd = 1.9"),
            ],
            (26, 12, "missing field `min_range_km`"),
        ),
        (
            &[("pd = 0.9\n", "detection = { pfa = 1e-6 }\n")],
            (25, 13, "missing field `reference_range_km`"),
        ),
        (
            &[
                ("pd = 0.9\n", "detection = { pfa = 1e-6 }\n"),
                ("scan_period_s = 1.0\n", ""),
            ],
            (24, 13, "missing field `reference_range_km`"),
        ),
        (
            &[
                (
                    "[[sensor]]\n",
                    "[[sensor]]\nnoise = { azimuth_deg = 0.2 }\n",
                ),
                (noise, ""),
            ],
            (22, 9, "missing field `range_m`"),
        ),
    ];
    for (edits, (line, column, message)) in cases {
        assert_eq!(
            problems(&minimal_with(edits)),
            [(line, column, message.to_owned())],
            "{edits:?}"
        );
    }
}

#[test]
fn the_epoch_is_rfc_3339_with_a_zone_and_located_when_it_is_not() {
    let given = minimal_with(&[(
        "seed = 7\n",
        "seed = 7\nepoch = \"2026-03-01T08:00:00+08:00\"\n",
    )]);
    let s =
        tdome_scenario::parse_str(&given, &super::scenarios("tests/edited.toml")).expect("valid");
    assert_eq!(s.epoch.to_string(), "2026-03-01T00:00:00Z");
    let default =
        tdome_scenario::parse_str(&minimal_with(&[]), &super::scenarios("tests/edited.toml"))
            .expect("valid");
    assert_eq!(default.epoch, tdome_core::UtcTime::DEFAULT_EPOCH);
    let text = minimal_with(&[("seed = 7\n", "seed = 7\nepoch = \"2026-03-01 08:00\"\n")]);
    let line = line_of(&text, "epoch = ");
    assert_eq!(
        problems(&text),
        [(
            line,
            9,
            "expected an RFC 3339 UTC time such as 2026-01-01T00:00:00Z (1970 to 2262), got \"2026-03-01 08:00\"".to_owned()
        )]
    );
}
