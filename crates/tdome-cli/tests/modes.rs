//! Operator modes end to end: a weapons hold scheduled in the scenario stops the world's
//! launches from that battery after its time, while interceptors already in the air fly
//! on (issue 8, "Operator modes per battery").

mod common;

use std::path::Path;

use common::{root, scratch, tdome, text};

/// When the iron-dome-notional Sderot battery is put on hold: after three of its salvos
/// have launched and while one is still in the air (its intercept at 133 s), before the
/// later ones (from 125.7 s).
const HOLD_AT_S: f64 = 120.0;
const BATTERY: &str = "iron-dome-sderot";

/// One `engagements.csv` row: time, engagement id, battery, outcome.
struct Row {
    time_s: f64,
    engagement: u32,
    battery: String,
    outcome: String,
}

/// Run iron-dome-notional with `extra` appended to the scenario; its engagement rows.
fn engagements(test: &str, extra: &str) -> Vec<Row> {
    let dir = scratch(test);
    let source = std::fs::read_to_string(root().join("scenarios/iron-dome-notional.toml"))
        .expect("iron-dome-notional.toml");
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, format!("{source}\n{extra}")).expect("write scenario");
    let records = dir.join("records");
    let out = tdome(&[
        "run",
        scenario.to_str().expect("utf-8"),
        "--record",
        records.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = read_engagements(&records.join("engagements.csv"));
    let _ = std::fs::remove_dir_all(&dir);
    rows
}

fn read_engagements(path: &Path) -> Vec<Row> {
    let csv = std::fs::read_to_string(path).expect("engagements.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (time, id, battery, outcome) = (
        column("time_s"),
        column("engagement_id"),
        column("battery_id"),
        column("outcome"),
    );
    lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Row {
                time_s: f[time].parse().expect("time_s"),
                engagement: f[id].parse().expect("engagement_id"),
                battery: f[battery].to_owned(),
                outcome: f[outcome].to_owned(),
            }
        })
        .collect()
}

fn launches_after(rows: &[Row], t: f64) -> usize {
    rows.iter()
        .filter(|r| r.battery == BATTERY && r.outcome == "launched" && r.time_s > t)
        .count()
}

#[test]
fn a_scheduled_hold_stops_new_launches_from_that_battery() {
    // Without the hold the battery keeps firing after the hold's time: the test can fail.
    let free = engagements("modes-free", "");
    assert!(launches_after(&free, HOLD_AT_S) > 0);
    let held = engagements(
        "modes-hold",
        &format!(
            "[[bmc.modes.change]]\nat_s = {HOLD_AT_S:?}\nbattery = \"{BATTERY}\"\nmode = \"hold\"\n"
        ),
    );
    assert_eq!(
        launches_after(&held, HOLD_AT_S),
        0,
        "the held battery launched after {HOLD_AT_S} s"
    );
    // Up to the hold the run is the same run.
    let before = |rows: &[Row]| -> Vec<(u32, String)> {
        rows.iter()
            .filter(|r| r.time_s < HOLD_AT_S)
            .map(|r| (r.engagement, r.outcome.clone()))
            .collect()
    };
    assert_eq!(before(&held), before(&free));
    assert!(
        held.iter()
            .any(|r| r.battery == BATTERY && r.outcome == "launched"),
        "the battery never fired before the hold"
    );
    // Its interceptors in the air at the hold fly on to their end.
    let in_flight: Vec<u32> = held
        .iter()
        .filter(|r| r.battery == BATTERY && r.outcome == "launched")
        .map(|r| r.engagement)
        .collect();
    let resolved_after = held.iter().any(|r| {
        in_flight.contains(&r.engagement)
            && r.time_s > HOLD_AT_S
            && matches!(
                r.outcome.as_str(),
                "kill" | "miss" | "no_target" | "target_destroyed"
            )
    });
    assert!(
        resolved_after,
        "no interceptor in the air at the hold flew on"
    );
    // The other batteries still fire after it.
    assert!(
        held.iter()
            .any(|r| r.battery != BATTERY && r.outcome == "launched" && r.time_s > HOLD_AT_S)
    );
}
