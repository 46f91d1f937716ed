//! Radar types: `radars.toml`, and sensors that name a type and override its figures.

use std::path::{Path, PathBuf};

use tdome_core::{Length, SimDuration};
use tdome_scenario::model::{Detection, Swerling};
use tdome_scenario::{Scenario, ScenarioError};

use super::{diagnostics, minimal_with, problems, scenarios};

/// The minimal scenario's sensor figures, replaced by `figures`.
fn minimal_sensor(figures: &str) -> String {
    minimal_with(&[(
        "scan_period_s = 1.0\npd = 0.9\ncoverage = { min_range_km = 0.5, max_range_km = 80.0, \
         min_elevation_deg = 0.0, max_elevation_deg = 80.0 }\nnoise = { range_m = 20.0, \
         azimuth_deg = 0.2, elevation_deg = 0.2 }\n",
        figures,
    )])
}

fn resolves(text: &str) -> Scenario {
    tdome_scenario::parse_str(text, &scenarios("tests/edited.toml"))
        .unwrap_or_else(|e| panic!("expected the scenario to resolve, got:\n{e}"))
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
}

/// A catalogue directory of its own for one test: the test catalogue's threats and
/// interceptors, and `radars` as its `radars.toml` (none when `None`). Removed on drop.
struct CatalogueDir(PathBuf);

impl CatalogueDir {
    fn new(test: &str, radars: Option<&str>) -> Self {
        let dir =
            std::env::temp_dir().join(format!("tdome-radar-types-{test}-{}", std::process::id()));
        let cat = dir.join("cat");
        std::fs::create_dir_all(&cat).unwrap();
        for file in ["threats.toml", "interceptors.toml"] {
            std::fs::copy(scenarios("tests/catalogue").join(file), cat.join(file)).unwrap();
        }
        if let Some(text) = radars {
            std::fs::write(cat.join("radars.toml"), text).unwrap();
        }
        CatalogueDir(dir)
    }

    /// A scenario in the directory, naming its catalogue, with `sensors` as its
    /// `[[sensor]]` tables.
    fn parse(&self, sensors: &str) -> Result<Scenario, ScenarioError> {
        let text = format!(
            "[scenario]\nname = \"x\"\nseed = 1\nduration_s = 10.0\ntick_s = 0.5\n\
             catalogue = \"cat\"\n\n[theatre]\norigin = {{ lat_deg = 24.0, lon_deg = 120.0 }}\n\n\
             {sensors}"
        );
        tdome_scenario::parse_str(&text, &self.0.join("s.toml"))
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join("cat").join(file)
    }
}

impl Drop for CatalogueDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A test type with every figure, and one with only some.
const TEST_RADARS: &str = r#"
[[radar]]
name = "test search"
role = "test"
band = "S"
scan_period_s = 2.0
false_alarms_per_scan = 0.5
latency_s = 0.25
coverage = { min_range_km = 1.0, max_range_km = 300.0, min_elevation_deg = 0.5, max_elevation_deg = 70.0, radar_horizon = false }
noise = { range_m = 30.0, azimuth_deg = 0.25, elevation_deg = 0.3, range_rate_mps = 1.5 }
detection = { reference_range_km = 150.0, reference_pd = 0.8, pfa = 1e-5, swerling = 3 }
source = "test"

[[radar]]
name = "test partial"
role = "test"
band = "X"
pd = 0.7
coverage = { max_range_km = 100.0 }
source = "test"

[[radar]]
name = "test bare"
role = "test"
band = "L"
source = "test"
"#;

const SITE: &str = "site = { lat_deg = 24.01, lon_deg = 120.01, alt_m = 20.0 }";

#[test]
fn the_builtin_radar_types_parse_with_their_figures() {
    let c = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    let names: Vec<&str> = c.radars.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "EL/M-2080 Green Pine-class",
            "EL/M-2084 MMR-class",
            "AN/TPY-2-class (terminal mode)"
        ]
    );
    let bands: Vec<&str> = c.radars.iter().map(|t| t.band.as_str()).collect();
    assert_eq!(bands, ["L", "S", "X"]);
    for t in &c.radars {
        assert!(t.source.len() > 200 && !t.role.is_empty(), "{}", t.name);
        // The radar equation, so that small warheads are seen later than large bodies,
        // with the fluctuation of missiles.
        let d = t.figures.detection.unwrap_or_else(|| panic!("{}", t.name));
        assert_eq!((t.figures.pd, d.swerling), (None, Some(3)), "{}", t.name);
        assert!(t.figures.coverage.max_range_km >= d.reference_range_km);
    }
    let range = |name: &str| c.radar(name).unwrap().figures.detection.unwrap();
    assert_eq!(
        range("EL/M-2080 Green Pine-class").reference_range_km,
        Some(500.0)
    );
    assert_eq!(range("EL/M-2084 MMR-class").reference_range_km, Some(180.0));
    assert_eq!(
        range("AN/TPY-2-class (terminal mode)").reference_range_km,
        Some(600.0)
    );
}

/// Every figure line of the built-in `radars.toml` has a comment of its own naming its
/// public source or saying it is assumed.
#[test]
fn every_radar_figure_says_where_it_comes_from() {
    let text = tdome_scenario::builtin::RADARS_TOML;
    let mut figures = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        let words = ["name", "role", "band", "source"];
        if line.is_empty()
            || line.starts_with('#')
            || line.starts_with('[')
            || words.iter().any(|w| line.starts_with(&format!("{w} =")))
        {
            continue;
        }
        figures += 1;
        let comment = line.split_once('#').map(|(_, c)| c.to_lowercase());
        assert!(
            comment.is_some_and(|c| c.contains("assumed") || c.contains("public")),
            "{}:{}: `{line}` says neither its public source nor that it is assumed",
            tdome_scenario::builtin::RADARS_PATH,
            n + 1
        );
    }
    // Three types, each with five figure lines and four radar-equation keys.
    assert_eq!(figures, 3 * (5 + 4));
}

#[test]
fn a_sensor_by_type_takes_the_types_figures() {
    let s = resolves(&minimal_sensor(
        "type = \"AN/TPY-2-class (terminal mode)\"\n",
    ));
    let radar = &s.sensors[0];
    assert_eq!(radar.scan_period, SimDuration::from_seconds(2.0));
    assert_eq!(radar.latency, SimDuration::from_seconds(0.5));
    assert_eq!(radar.false_alarms_per_scan, 0.1);
    assert_eq!(
        (radar.coverage.min_range, radar.coverage.max_range),
        (Length::km(5.0), Length::km(800.0))
    );
    assert_eq!(radar.coverage.azimuth_sector, None);
    assert_eq!(radar.sigma_range, Length::metres(10.0));
    match radar.detection {
        Detection::RadarEquation(e) => {
            assert_eq!(e.reference_range, Length::km(600.0));
            assert_eq!(e.swerling, Swerling::Three);
        }
        other => panic!("expected the radar equation, got {other:?}"),
    }
    // The tracker's reorder window follows the type's latency, as a spelt-out one.
    assert_eq!(s.bmc.tracker.reorder_window, SimDuration::from_seconds(0.5));
}

/// The example of docs/scenario.md, "Radar types": the sensor changes the maximum range
/// and `pfa` and adds a sector; everything else is the type's.
#[test]
fn the_documented_example_overrides_what_it_names() {
    let s = resolves(&minimal_sensor(
        "type = \"EL/M-2080 Green Pine-class\"\ncoverage = { azimuth_start_deg = 300.0, \
         azimuth_width_deg = 120.0, max_range_km = 500.0 }\ndetection = { pfa = 1e-7 }\n",
    ));
    let radar = &s.sensors[0];
    assert_eq!(radar.coverage.max_range, Length::km(500.0));
    assert_eq!(radar.coverage.min_range, Length::km(10.0));
    assert!(radar.coverage.azimuth_sector.is_some());
    match radar.detection {
        Detection::RadarEquation(e) => {
            assert_eq!(e.pfa.value(), 1e-7);
            assert_eq!(e.reference_range, Length::km(500.0));
            assert_eq!(e.swerling, Swerling::Three);
        }
        other => panic!("expected the radar equation, got {other:?}"),
    }
}

/// A sensor by type, overriding some sub-keys, resolves to exactly the sensor of the
/// merged figures spelt out.
#[test]
fn a_sensor_by_type_is_the_sensor_of_its_merged_figures() {
    let dir = CatalogueDir::new("same", Some(TEST_RADARS));
    let by_type = dir
        .parse(&format!(
            "[[sensor]]\nname = \"a\"\ntype = \"test search\"\n{SITE}\nfirst_scan_s = 0.5\n\
             coverage = {{ max_range_km = 200.0, azimuth_start_deg = 10.0, \
             azimuth_width_deg = 90.0 }}\nnoise = {{ elevation_deg = 0.5 }}\n\
             detection = {{ pfa = 1e-6 }}\nlatency_s = 0.5\n\
             bias = {{ range_m = 5.0 }}\noutages = [[1.0, 2.0]]\n\n\
             [[sensor]]\nname = \"b\"\ntype = \"test partial\"\n{SITE}\nscan_period_s = 1.0\n\
             coverage = {{ min_range_km = 0.5, min_elevation_deg = 0.0, max_elevation_deg = 60.0 }}\n\
             noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let spelt_out = dir
        .parse(&format!(
            "[[sensor]]\nname = \"a\"\n{SITE}\nfirst_scan_s = 0.5\nscan_period_s = 2.0\n\
             false_alarms_per_scan = 0.5\nlatency_s = 0.5\n\
             coverage = {{ min_range_km = 1.0, max_range_km = 200.0, min_elevation_deg = 0.5, \
             max_elevation_deg = 70.0, radar_horizon = false, azimuth_start_deg = 10.0, \
             azimuth_width_deg = 90.0 }}\n\
             noise = {{ range_m = 30.0, azimuth_deg = 0.25, elevation_deg = 0.5, \
             range_rate_mps = 1.5 }}\n\
             detection = {{ reference_range_km = 150.0, reference_pd = 0.8, pfa = 1e-6, \
             swerling = 3 }}\nbias = {{ range_m = 5.0 }}\noutages = [[1.0, 2.0]]\n\n\
             [[sensor]]\nname = \"b\"\n{SITE}\nscan_period_s = 1.0\npd = 0.7\n\
             coverage = {{ min_range_km = 0.5, max_range_km = 100.0, min_elevation_deg = 0.0, \
             max_elevation_deg = 60.0 }}\n\
             noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(by_type.sensors, spelt_out.sensors);
    assert_eq!(
        by_type.bmc.tracker.reorder_window,
        spelt_out.bmc.tracker.reorder_window
    );
    // And the overrides did override: the merged sensor is not the type's.
    assert_eq!(by_type.sensors[0].coverage.max_range, Length::km(200.0));
    assert_eq!(by_type.sensors[0].sigma_elevation.as_degrees(), 0.5);
    assert_eq!(by_type.sensors[0].sigma_azimuth.as_degrees(), 0.25);
}

#[test]
fn a_pd_replaces_a_types_radar_equation_and_a_radar_equation_a_types_pd() {
    let dir = CatalogueDir::new("choice", Some(TEST_RADARS));
    let s = dir
        .parse(&format!(
            "[[sensor]]\nname = \"a\"\ntype = \"test search\"\n{SITE}\npd = 0.6\n\n\
             [[sensor]]\nname = \"b\"\ntype = \"test partial\"\n{SITE}\nscan_period_s = 1.0\n\
             detection = {{ reference_range_km = 90.0 }}\n\
             coverage = {{ min_range_km = 0.5, min_elevation_deg = 0.0, max_elevation_deg = 60.0 }}\n\
             noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    match s.sensors[0].detection {
        Detection::Fixed(p) => assert_eq!(p.value(), 0.6),
        other => panic!("expected a fixed pd, got {other:?}"),
    }
    match s.sensors[1].detection {
        // The type has no radar equation: the sensor's stands alone, with the defaults.
        Detection::RadarEquation(e) => {
            assert_eq!(e.reference_range, Length::km(90.0));
            assert_eq!(
                (e.reference_pd.value(), e.pfa.value(), e.swerling),
                (0.9, 1e-6, Swerling::One)
            );
        }
        other => panic!("expected the radar equation, got {other:?}"),
    }
}

#[test]
fn an_unknown_type_is_reported_at_its_name_listing_the_known_ones() {
    let text = minimal_sensor("type = \"Green Pine\"\n");
    let line = line_of(&text, "type = ");
    assert_eq!(
        problems(&text),
        [(
            line,
            8,
            "unknown radar type \"Green Pine\", expected one of \"EL/M-2080 Green Pine-class\", \
             \"EL/M-2084 MMR-class\", \"AN/TPY-2-class (terminal mode)\""
                .to_owned()
        )]
    );
    // The sensor's own figures are still checked.
    let text = minimal_sensor("type = \"Green Pine\"\nlatency_s = 90.0\n");
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[1],
        (
            line + 1,
            13,
            "expected latency_s in [0, 60] s, got 90".to_owned()
        )
    );
}

#[test]
fn a_figure_neither_the_sensor_nor_its_type_gives_is_reported_at_the_sensor() {
    let dir = CatalogueDir::new("missing", Some(TEST_RADARS));
    let sensor = format!(
        "[[sensor]]\nname = \"b\"\ntype = \"test partial\"\n{SITE}\n\
         coverage = {{ min_range_km = 0.5 }}\n"
    );
    let found = diagnostics(dir.parse(&sensor));
    let expected = |line, column, key: &str| {
        (
            "s.toml".to_owned(),
            line,
            column,
            format!("missing `{key}`, expected it in the sensor or its type \"test partial\""),
        )
    };
    // The sensor starts on line 11; its coverage table is on line 15, column 12.
    assert_eq!(
        found,
        [
            expected(11, 1, "scan_period_s"),
            expected(11, 1, "noise.range_m"),
            expected(11, 1, "noise.azimuth_deg"),
            expected(11, 1, "noise.elevation_deg"),
            expected(15, 12, "coverage.min_elevation_deg"),
            expected(15, 12, "coverage.max_elevation_deg"),
        ]
    );
    // Neither `pd` nor `detection`, in the sensor or in its type.
    let sensor = format!(
        "[[sensor]]\nname = \"c\"\ntype = \"test bare\"\n{SITE}\nscan_period_s = 1.0\n\
         coverage = {{ min_range_km = 0.5, max_range_km = 50.0, min_elevation_deg = 0.0, \
         max_elevation_deg = 60.0 }}\n\
         noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}\n"
    );
    assert_eq!(
        diagnostics(dir.parse(&sensor)),
        [(
            "s.toml".to_owned(),
            11,
            1,
            "expected `pd` (a fixed detection probability) or `[sensor.detection]` (detection \
             from the radar equation), got neither (nor does its type \"test bare\")"
                .to_owned()
        )]
    );
}

#[test]
fn merged_figures_that_contradict_are_reported_at_the_sensor() {
    // The sensor's maximum range under its type's minimum (10 km), reported at the
    // sensor's own key.
    let text = minimal_sensor(
        "type = \"EL/M-2080 Green Pine-class\"\ncoverage = { max_range_km = 5.0 }\n",
    );
    let line = line_of(&text, "coverage = ");
    assert_eq!(
        problems(&text),
        [(
            line,
            29,
            "expected max_range_km > min_range_km (10), got 5".to_owned()
        )]
    );
    // The sensor's minimum range beyond its type's maximum (600 km): the maximum is
    // the type's, so the place is the sensor's nearest table, its coverage.
    let text = minimal_sensor(
        "type = \"EL/M-2080 Green Pine-class\"\ncoverage = { min_range_km = 700.0 }\n",
    );
    assert_eq!(
        problems(&text),
        [(
            line,
            12,
            "expected max_range_km > min_range_km (700), got 600".to_owned()
        )]
    );
    // Both `pd` and `detection` in the sensor itself, as without a type.
    let text =
        minimal_sensor("type = \"EL/M-2084 MMR-class\"\npd = 0.9\ndetection = { pfa = 1e-6 }\n");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .2
            .starts_with("expected either `pd` or `[sensor.detection]`, not both")
    );
}

#[test]
fn a_catalogue_directory_without_radars_toml_has_no_radar_types() {
    let c = tdome_scenario::load_catalogue(&scenarios("tests/catalogue"))
        .expect("test catalogue loads");
    assert!(c.radars.is_empty());
    let s = tdome_scenario::load(&scenarios("tests/custom-catalogue.toml"))
        .expect("a scenario on it loads");
    assert!(s.catalogue.radars.is_empty());
    // A sensor naming a type there is told there are none.
    let dir = CatalogueDir::new("none", None);
    let found =
        diagnostics(dir.parse(&format!("[[sensor]]\nname = \"a\"\ntype = \"x\"\n{SITE}\n")));
    assert_eq!(
        found,
        [(
            "s.toml".to_owned(),
            13,
            8,
            "unknown radar type \"x\", none are defined".to_owned()
        )]
    );
}

#[test]
fn a_scenario_on_a_catalogue_with_a_bad_radars_toml_reports_that_file() {
    let bad = r#"[[radar]]
name = "bad"
role = "test"
band = "S"
scan_period_s = 0.0
source = "test"
"#;
    let dir = CatalogueDir::new("bad", Some(bad));
    let result = dir.parse("");
    let found: Vec<(PathBuf, usize, usize, String)> = match result {
        Err(ScenarioError::Invalid(ds)) => ds
            .into_iter()
            .map(|d| (d.path, d.line, d.column, d.message))
            .collect(),
        other => panic!("expected diagnostics, got {other:?}"),
    };
    assert_eq!(
        found,
        [(
            dir.path("radars.toml"),
            5,
            17,
            "expected scan_period_s in [0.05, 3600] s, got 0".to_owned()
        )]
    );
    // Loaded directly, the same.
    let direct = tdome_scenario::load_catalogue(Path::new(&dir.path("")));
    assert_eq!(direct.unwrap_err().diagnostics().len(), 1);
}
