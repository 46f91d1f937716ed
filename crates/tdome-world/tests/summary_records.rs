//! The run summary's magazine, layer and cost figures (the interceptors', and the
//! attacker's at the catalogue's unit costs) agree with the records of the same run
//! (`magazine.csv`, `engagements.csv`), and its defended value saved is what the
//! intercepted threats' planned aims give.

mod common;

use std::collections::BTreeMap;

use tdome_core::event::Sinks;
use tdome_io::CsvRecorder;
use tdome_scenario::Scenario;
use tdome_world::summary::asset_at;
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

#[test]
fn issue_8_magazines_and_cost_exchange_agree_with_the_records_in_the_default_scenario() {
    check("scenarios/taiwan-notional.toml");
}

#[test]
fn issue_8_magazines_and_cost_exchange_agree_with_the_records_with_salvos_of_two() {
    check("scenarios/iron-dome-notional.toml");
}

#[test]
fn aim_points_are_the_planned_aim_points() {
    for path in [
        "scenarios/taiwan-notional.toml",
        "scenarios/iron-dome-notional.toml",
    ] {
        let s = common::scenario(path);
        let planned = tdome_world::raid::plan(&s, s.seed).expect("plan");
        let aims = tdome_world::raid::aim_points(&s, s.seed);
        assert_eq!(aims.len(), planned.len(), "{path}");
        for (a, p) in aims.iter().zip(&planned) {
            assert_eq!(*a, p.aim_point, "{path}: threat {}", p.id.0);
        }
    }
}

/// The rows of a CSV file with no quoted field, by column name.
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<_> = lines.next().expect("header").split(',').collect();
    lines
        .map(|l| {
            assert!(!l.contains('"'), "a quoted field: {l}");
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn check(path: &str) {
    let s: Scenario = common::scenario(path);
    let dir = std::env::temp_dir().join(format!(
        "tdome-summary-records-{}-{}",
        std::process::id(),
        s.name
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let mut summary = RunSummary::new(&s, s.seed);
    let mut recorder = CsvRecorder::create(&dir).expect("recorder");
    {
        let mut sim = Simulation::new(&s, s.seed).expect("world");
        let mut sinks = Sinks::new();
        sinks.push(&mut summary);
        sinks.push(&mut recorder);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut |_| {})
            .expect("run");
    }
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect(f);
    let magazine = rows(&read("magazine.csv"));
    let engagements = rows(&read("engagements.csv"));
    assert!(
        summary.batteries.iter().any(|b| b.fired > 0),
        "{path}: a run with shots"
    );
    // One initial row per battery, then one per engagement step.
    assert_eq!(magazine.len(), s.batteries.len() + engagements.len());

    // Each battery's last row: its rounds less those the summary says it fired.
    for b in &summary.batteries {
        let last = magazine
            .iter()
            .rfind(|r| r["battery_id"] == b.name)
            .expect("a row per battery");
        assert_eq!(last["layer"], b.layer.name());
        assert_eq!(
            last["rounds_left"].parse::<u32>().expect("rounds_left"),
            b.rounds - b.fired,
            "{path}: {}",
            b.name
        );
        let launched = engagements
            .iter()
            .filter(|r| r["battery_id"] == b.name && r["outcome"] == "launched")
            .count();
        assert_eq!(launched as u32, b.fired, "{path}: {}", b.name);
    }
    // Never more in flight than launched, never a negative magazine (u32 parses).
    for r in &magazine {
        r["engagements_in_flight"]
            .parse::<u32>()
            .expect("in flight");
    }

    // By layer: the batteries' rounds and kills, added up.
    for (layer, t) in summary.layers() {
        let of_layer = s.batteries.iter().filter(|b| b.layer == layer);
        assert_eq!(t.rounds, of_layer.clone().map(|b| b.rounds).sum::<u32>());
        let names: Vec<_> = of_layer.map(|b| b.name.as_str()).collect();
        let kills = engagements
            .iter()
            .filter(|r| names.contains(&r["battery_id"].as_str()) && r["outcome"] == "kill")
            .count();
        assert_eq!(t.kills as usize, kills, "{path}: {}", layer.name());
        let cost: f64 = engagements
            .iter()
            .filter(|r| names.contains(&r["battery_id"].as_str()) && r["outcome"] == "launched")
            .map(|r| r["cost_usd"].parse::<f64>().expect("cost"))
            .sum();
        assert!(
            (t.cost.si() - cost).abs() <= 0.01,
            "{path}: {}",
            layer.name()
        );
    }

    // The cost exchange: the records' launched costs over the threats destroyed.
    let spent: f64 = engagements
        .iter()
        .filter(|r| r["outcome"] == "launched")
        .map(|r| r["cost_usd"].parse::<f64>().expect("cost"))
        .sum();
    assert!((summary.total_cost().si() - spent).abs() <= 0.01);
    let mut destroyed: Vec<_> = engagements
        .iter()
        .filter(|r| r["outcome"] == "kill" && !r["threat_object_id"].is_empty())
        .map(|r| r["threat_object_id"].clone())
        .collect();
    destroyed.sort();
    destroyed.dedup();
    assert_eq!(summary.total().intercepted as usize, destroyed.len());
    if let Some(per) = summary.cost_per_intercept() {
        assert!((per.si() - spent / destroyed.len() as f64).abs() <= 0.01);
    }

    // The attacker's side: the unit costs of the threats the records show engaged
    // (named on a row that is not a withdrawn or refused order) and destroyed.
    let unit: Vec<f64> = s
        .raids
        .iter()
        .flat_map(|r| {
            std::iter::repeat_n(
                r.threat.unit_cost.expect("built-in costs").si(),
                r.count as usize,
            )
        })
        .collect();
    let mut engaged: Vec<usize> = engagements
        .iter()
        .filter(|r| !["cancelled", "refused"].contains(&r["outcome"].as_str()))
        .filter_map(|r| r["threat_object_id"].parse().ok())
        .collect();
    engaged.sort();
    engaged.dedup();
    let attacker: f64 = engaged.iter().map(|&o| unit[o]).sum();
    let engaged_cost = summary.attacker_cost_engaged();
    assert_eq!(engaged_cost.costed as usize, engaged.len());
    assert_eq!(engaged_cost.uncosted, 0);
    assert!((engaged_cost.cost.si() - attacker).abs() <= 1e-6 * attacker.max(1.0));
    let killed: f64 = destroyed
        .iter()
        .map(|o| unit[o.parse::<usize>().expect("id")])
        .sum();
    assert!(
        (summary.attacker_cost_intercepted().cost.si() - killed).abs() <= 1e-6 * killed.max(1.0)
    );
    let ratio = summary.cost_exchange_ratio().expect("a ratio");
    assert!((ratio - spent / attacker).abs() <= 1e-9 * ratio.max(1.0));

    // Value saved: recomputed from the planned aims of the threats destroyed.
    let aims = tdome_world::raid::aim_points(&s, s.seed);
    let damage: Vec<f64> = s
        .raids
        .iter()
        .flat_map(|r| std::iter::repeat_n(r.threat.damage_per_hit, r.count as usize))
        .collect();
    let mut survival = vec![1.0; s.assets.len()];
    for id in &destroyed {
        let o: usize = id.parse().expect("threat id");
        if let Some(a) = asset_at(&s.assets, &aims[o]) {
            survival[a.index()] *= 1.0 - damage[o];
        }
    }
    let mut saved = 0.0;
    for (a, t) in summary.assets.iter().enumerate() {
        saved += t.value * (1.0 - t.damage) * (1.0 - survival[a]);
        assert!(t.value_saved() + t.value_destroyed() <= t.value * (1.0 + 1e-12));
    }
    assert!((summary.value_saved() - saved).abs() <= 1e-9 * saved.max(1.0));
    let _ = std::fs::remove_dir_all(&dir);
}
