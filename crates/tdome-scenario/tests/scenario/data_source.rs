//! ASTERIX data sources: each sensor's `sac`/`sic` and `[bmc]`'s, their defaults, and
//! the errors at their places (a code out of range or not an integer, a pair two
//! sensors share, a sensor with the battle manager's pair).

use tdome_core::ids::DataSourceId;

use super::{minimal_with, problems, scenarios};

const RADAR: &str = "[[sensor]]\nname = \"radar\"\n";

/// The minimal scenario with a second radar, `second` (its keys after `name`), after the
/// first, and `bmc` appended as the body of a `[bmc]` table when not empty.
fn two_radars(first: &str, second: &str, bmc: &str) -> String {
    let sensor = format!(
        "\n[[sensor]]\nname = \"second\"\n{second}site = {{ lat_deg = 24.02, lon_deg = 120.02 }}\n\
         scan_period_s = 1.0\npd = 0.9\ncoverage = {{ min_range_km = 0.5, max_range_km = 80.0, \
         min_elevation_deg = 0.0, max_elevation_deg = 80.0 }}\n\
         noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
    );
    let mut text = minimal_with(&[(RADAR, &format!("{RADAR}{first}"))]);
    text.push_str(&sensor);
    if !bmc.is_empty() {
        text.push_str(&format!("\n[bmc]\n{bmc}"));
    }
    text
}

fn resolves(text: &str) -> tdome_scenario::Scenario {
    tdome_scenario::parse_str(text, &scenarios("tests/edited.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn pair(sac: u8, sic: u8) -> DataSourceId {
    DataSourceId { sac, sic }
}

/// Line (from 1) of the `nth` (from 0) line of `text` that starts with `start`, and the
/// column (from 1) of its value, after `= `.
fn value_at(text: &str, start: &str, nth: usize) -> (usize, usize) {
    let (i, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(start))
        .nth(nth)
        .unwrap_or_else(|| panic!("no line {nth} starting {start:?}"));
    (i + 1, line.find("= ").expect("a key") + 3)
}

/// Line (from 1) of the `nth` (from 0) `[[sensor]]` header, column 1: where a problem of
/// the sensor as a whole is reported.
fn sensor_at(text: &str, nth: usize) -> (usize, usize) {
    let header = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("[[sensor]]"))
        .nth(nth)
        .unwrap_or_else(|| panic!("no sensor {nth}"))
        .0;
    (header + 1, 1)
}

fn one_problem(text: &str) -> (usize, usize, String) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().expect("one")
}

#[test]
fn by_default_radars_count_from_sic_1_and_the_battle_manager_is_0_0() {
    let s = resolves(&two_radars("", "", ""));
    let sources: Vec<DataSourceId> = s.sensors.iter().map(|r| r.data_source).collect();
    assert_eq!(sources, [pair(0, 1), pair(0, 2)]);
    assert_eq!(s.bmc_data_source, pair(0, 0));
}

#[test]
fn sac_and_sic_given_are_kept_and_each_left_out_takes_its_default() {
    let s = resolves(&two_radars(
        "sac = 25\nsic = 201\n",
        "sac = 255\n",
        "sac = 25\nsic = 0\n",
    ));
    let sources: Vec<DataSourceId> = s.sensors.iter().map(|r| r.data_source).collect();
    // The second radar keeps its default sic: 1 + its index.
    assert_eq!(sources, [pair(25, 201), pair(255, 2)]);
    assert_eq!(s.bmc_data_source, pair(25, 0));
    // A sic alone keeps the default area, 0.
    let s = resolves(&two_radars("", "sic = 255\n", "sic = 7\n"));
    assert_eq!(s.sensors[1].data_source, pair(0, 255));
    assert_eq!(s.bmc_data_source, pair(0, 7));
    // The limits themselves are accepted.
    let s = resolves(&two_radars(
        "sac = 0\nsic = 0\n",
        "",
        "sac = 255\nsic = 255\n",
    ));
    assert_eq!(s.sensors[0].data_source, pair(0, 0));
    assert_eq!(s.bmc_data_source, pair(255, 255));
}

#[test]
fn a_code_beyond_a_byte_is_reported_at_its_value() {
    let text = two_radars("sac = 256\n", "", "");
    let (line, column) = value_at(&text, "sac", 0);
    assert_eq!(
        one_problem(&text),
        (line, column, "expected sac in [0, 255], got 256".to_owned())
    );
    let text = two_radars("", "", "sic = 1000\n");
    let (line, column) = value_at(&text, "sic", 0);
    assert_eq!(
        one_problem(&text),
        (
            line,
            column,
            "expected sic in [0, 255], got 1000".to_owned()
        )
    );
}

#[test]
fn a_code_that_is_not_a_whole_number_is_reported_at_its_value() {
    for (value, message) in [
        (
            "-1",
            "invalid value: integer `-1`, expected a whole number in [0, 4294967295]",
        ),
        (
            "2.5",
            "invalid type: floating point `2.5`, expected a whole number in [0, 4294967295]",
        ),
        (
            "\"25\"",
            "invalid type: string \"25\", expected a whole number in [0, 4294967295]",
        ),
    ] {
        let text = two_radars("", &format!("sic = {value}\n"), "");
        let (line, column) = value_at(&text, "sic", 0);
        assert_eq!(one_problem(&text), (line, column, message.to_owned()));
        let text = two_radars("", "", &format!("sac = {value}\n"));
        let (line, column) = value_at(&text, "sac", 0);
        assert_eq!(one_problem(&text), (line, column, message.to_owned()));
    }
}

#[test]
fn two_radars_with_one_pair_are_reported_at_the_later_naming_the_earlier() {
    let text = two_radars("sac = 25\nsic = 3\n", "sac = 25\nsic = 3\n", "");
    let (line, column) = value_at(&text, "sic", 1);
    let (first_line, first_column) = value_at(&text, "sic", 0);
    assert_eq!(
        one_problem(&text),
        (
            line,
            column,
            format!(
                "duplicate data source 25/3 (sac/sic), expected a pair no other sensor has \
                 (sensor \"radar\" has it, at line {first_line}, column {first_column})"
            )
        )
    );
}

#[test]
fn a_pair_given_may_clash_with_another_radars_default() {
    // The first radar's default is 0/1; the second writes only its sic, 1.
    let text = two_radars("", "sic = 1\n", "");
    let (line, column) = value_at(&text, "sic", 0);
    let (first_line, first_column) = sensor_at(&text, 0);
    assert_eq!(
        one_problem(&text),
        (
            line,
            column,
            format!(
                "duplicate data source 0/1 (sac/sic), expected a pair no other sensor has \
                 (sensor \"radar\" has it, at line {first_line}, column {first_column})"
            )
        )
    );
    // Written by its sac alone, the clash is reported there.
    let text = two_radars("sac = 4\nsic = 2\n", "sac = 4\n", "");
    let (line, column) = value_at(&text, "sac", 1);
    let (first_line, first_column) = value_at(&text, "sic", 0);
    assert_eq!(
        one_problem(&text),
        (
            line,
            column,
            format!(
                "duplicate data source 4/2 (sac/sic), expected a pair no other sensor has \
                 (sensor \"radar\" has it, at line {first_line}, column {first_column})"
            )
        )
    );
}

#[test]
fn a_radar_with_the_battle_managers_pair_is_reported_at_the_radar() {
    // The second radar's default, 0/2, is the pair `[bmc]` writes.
    let text = two_radars("", "", "sac = 0\nsic = 2\n");
    let at = sensor_at(&text, 1);
    let (bmc_line, bmc_column) = value_at(&text, "sic", 0);
    assert_eq!(
        one_problem(&text),
        (
            at.0,
            at.1,
            format!(
                "expected a data source (sac/sic) other than the battle manager's, got 0/2, \
                 which is `[bmc]`'s (its `sac` and `sic`, at line {bmc_line}, column \
                 {bmc_column})"
            )
        )
    );
    // A radar given 0/0 has the battle manager's default.
    let text = two_radars("sic = 0\n", "", "");
    let (line, column) = value_at(&text, "sic", 0);
    assert_eq!(
        one_problem(&text),
        (
            line,
            column,
            "expected a data source (sac/sic) other than the battle manager's, got 0/0, which \
             is `[bmc]`'s (its `sac` and `sic`, their default)"
                .to_owned()
        )
    );
}

#[test]
fn the_256th_radar_must_give_its_sic() {
    let radar = |i: usize, keys: &str| {
        format!(
            "\n[[sensor]]\nname = \"r{i}\"\n{keys}site = {{ lat_deg = 24.01, lon_deg = 120.01 }}\n\
             scan_period_s = 1.0\npd = 0.9\ncoverage = {{ min_range_km = 0.5, \
             max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 80.0 }}\n\
             noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
        )
    };
    // The minimal file's radar is sensor 0; these are sensors 1 to 255.
    let mut text = minimal_with(&[]);
    for i in 1..255 {
        text.push_str(&radar(i, ""));
    }
    let s = resolves(&text);
    assert_eq!(s.sensors[254].data_source, pair(0, 255));
    let mut past = text.clone();
    past.push_str(&radar(255, ""));
    let at = sensor_at(&past, 255);
    assert_eq!(
        one_problem(&past),
        (
            at.0,
            at.1,
            "expected `sic` on this sensor: the default, 1 + the sensor's index, would be 256, \
             beyond 255 (give sensors past the 255th their own `sac` and `sic`)"
                .to_owned()
        )
    );
    // Its sac is still checked.
    let mut past = text.clone();
    past.push_str(&radar(255, "sac = 300\n"));
    let found = problems(&past);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].2, "expected sac in [0, 255], got 300");
    text.push_str(&radar(255, "sac = 1\nsic = 0\n"));
    assert_eq!(resolves(&text).sensors[255].data_source, pair(1, 0));
}

#[test]
fn the_default_scenario_sets_its_sources_in_area_25() {
    let s = tdome_scenario::default_scenario().unwrap_or_else(|e| panic!("{e}"));
    let sources: Vec<DataSourceId> = s.sensors.iter().map(|r| r.data_source).collect();
    let expected: Vec<DataSourceId> = (1..=7).map(|sic| pair(25, sic)).collect();
    assert_eq!(sources, expected);
    assert_eq!(s.bmc_data_source, pair(25, 100));
}
