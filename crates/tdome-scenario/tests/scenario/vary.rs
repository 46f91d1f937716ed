//! Variants: settings applied to the file before its meaning is checked.

use tdome_scenario::vary::{Axis, Setting, grid};

use crate::{diagnostics, minimal_with, problems, scenarios};

fn setting(path: &str, value: &str) -> Setting {
    Setting {
        path: path.to_owned(),
        value: value.to_owned(),
    }
}

fn load(settings: &[Setting]) -> Result<tdome_scenario::Scenario, tdome_scenario::ScenarioError> {
    tdome_scenario::load_with(&scenarios("tests/minimal.toml"), settings)
}

#[test]
fn a_setting_changes_exactly_its_field() {
    let base = load(&[]).unwrap();
    let varied = load(&[
        setting("raid.grad.count", "9"),
        setting("scenario.seed", "11"),
    ])
    .unwrap();
    assert_eq!(base.raids[0].count, 4);
    assert_eq!(varied.raids[0].count, 9);
    assert_eq!(varied.seed, 11);
    // The rest is untouched: the same assets, sensors and batteries.
    assert_eq!(format!("{:?}", base.assets), format!("{:?}", varied.assets));
    assert_eq!(
        format!("{:?}", base.sensors),
        format!("{:?}", varied.sensors)
    );
    // By index and for every element, as by name.
    assert_eq!(
        load(&[setting("raid.0.count", "5")]).unwrap().raids[0].count,
        5
    );
    assert_eq!(
        load(&[setting("raid.*.count", "6")]).unwrap().raids[0].count,
        6
    );
}

#[test]
fn a_field_the_file_leaves_out_is_added() {
    // minimal.toml has no [bmc] and no [weather]: both tables are created.
    let s = load(&[
        setting("bmc.network", "\"autonomous\""),
        setting("battery.battery.radars", "[\"radar\"]"),
    ])
    .unwrap();
    assert_eq!(format!("{:?}", s.network), "Autonomous");
    let w = load(&[setting("weather.visibility_km", "5.0")]).unwrap();
    assert!((w.weather.visibility.si() - 5_000.0).abs() < 1e-9);
}

#[test]
fn a_bad_value_is_reported_at_the_field_it_replaces() {
    // `count = 4` is on line 48, column 9 of minimal.toml.
    let d = diagnostics(load(&[setting("raid.grad.count", "0")]));
    let text = minimal_with(&[("count = 4", "count = 0")]);
    let written = problems(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].1, d[0].2, &d[0].3),
        (written[0].0, written[0].1, &written[0].2)
    );
    let d = diagnostics(load(&[setting("raid.grad.count", "\"many\"")]));
    assert!(d[0].3.contains("invalid type"), "{d:?}");
}

#[test]
fn a_path_not_in_the_file_is_named_with_what_is() {
    let d = diagnostics(load(&[setting("raid.rockets.count", "5")]));
    assert_eq!(d.len(), 1);
    assert!(
        d[0].3.contains("no element named `rockets`") && d[0].3.contains("`grad`"),
        "{d:?}"
    );
    let d = diagnostics(load(&[setting("scenario.seed.low", "5")]));
    assert!(
        d[0].3.contains("is a integer, not a table") || d[0].3.contains("not a table"),
        "{d:?}"
    );
    // An unknown key at the end is added, and then refused by the file's own check.
    let d = diagnostics(load(&[setting("raid.grad.cuont", "5")]));
    assert!(d[0].3.contains("cuont"), "{d:?}");
}

#[test]
fn the_sweep_section_is_read_and_checked_at_its_place() {
    let text = minimal_with(&[])
        + "\n[sweep]\nvary = [\"raid.grad.count=2..6:2\", \"bmc.network=integrated,autonomous\"]\n";
    let path = scenarios("tests/edited.toml");
    let s = tdome_scenario::parse_str(&text, &path).unwrap();
    assert_eq!(s.sweep.len(), 2);
    assert_eq!(s.sweep[0], Axis::parse("raid.grad.count=2..6:2").unwrap());
    assert_eq!(grid(&s.sweep).len(), 6);
    let bad = minimal_with(&[]) + "\n[sweep]\nvary = [\"raid.grad.count=6..2:2\"]\n";
    let p = problems(&bad);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].2.contains("from ≤ to"), "{p:?}");
    let line = bad.lines().position(|l| l.starts_with("vary")).unwrap() + 1;
    assert_eq!((p[0].0, p[0].1), (line, 9));
}
