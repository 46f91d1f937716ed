//! The upper tiers at work: israel-layers-notional's ballistic missiles alone, a dozen
//! of them, against its whole defence. Arrow 3 must kill above the air and Arrow 2
//! inside it, and the upper tier must take most of the missiles (the issue's "the tiers
//! share the work"; the full raid, seven hours long, is measured by
//! scripts/layers-figures.py, docs/scenario.md).

mod common;

use tdome_core::threat::ThreatKind;
use tdome_core::{SimDuration, SimTime};

/// israel-layers-notional with only its ballistic raids, thinned to a tenth and launched
/// from 10 s on: the missiles' phase, moved to the start of the run.
fn missiles_alone() -> tdome_scenario::Scenario {
    let mut s = common::scenario("scenarios/israel-layers-notional.toml");
    s.raids
        .retain(|r| r.threat.kind == ThreatKind::BallisticMissile);
    for r in &mut s.raids {
        r.count = r.count.div_ceil(10);
        r.window_start = SimTime::from_seconds(10.0);
        r.window_end = SimTime::from_seconds(300.0);
    }
    s.duration = SimDuration::from_seconds(1_200.0);
    s
}

#[test]
fn arrow_3_kills_above_100_km_arrow_2_below_50_and_the_upper_tier_takes_most_missiles() {
    let s = missiles_alone();
    let launched: u32 = s.raids.iter().map(|r| r.count).sum();
    let (summary, _) = common::run(&s);

    let tally = |name: &str| summary.interceptors.get(name).cloned().unwrap_or_default();
    let (arrow3, arrow2) = (tally("Arrow 3"), tally("Arrow 2"));
    let kills: u32 = summary.interceptors.values().map(|t| t.kills).sum();
    println!(
        "{launched} missiles; kills: Arrow 3 {} at {:?} m, Arrow 2 {} at {:?} m, all {kills}",
        arrow3.kills, arrow3.kill_altitudes_m, arrow2.kills, arrow2.kill_altitudes_m
    );
    // Both upper tiers kill, each in its own band of the sky.
    let (low3, _) = arrow3.kill_altitudes_m.expect("Arrow 3 kills");
    assert!(low3 >= 100e3, "Arrow 3 killed at {low3} m");
    let (low2, high2) = arrow2.kill_altitudes_m.expect("Arrow 2 kills");
    assert!(
        (8e3..=50e3).contains(&low2) && high2 <= 50e3,
        "{low2}-{high2} m"
    );
    // The upper tier takes most of what is killed.
    assert!(
        2 * (arrow3.kills + arrow2.kills) > kills,
        "upper {} of {kills}",
        arrow3.kills + arrow2.kills
    );
    // And most of the missiles are killed.
    assert!(2 * kills > launched, "{kills} of {launched}");
}

/// THAAD, deployed to Israel in October 2024 (after the raid the scenario depicts), in
/// place of both Arrow 3 batteries: its kill vehicle, steering by its divert thrusters
/// where the air is thin, kills inside its notional 40-150 km band (measured: 10 of 11
/// rounds, at 76-111 km).
#[test]
fn thaad_in_place_of_arrow_3_kills_between_40_and_150_km() {
    let mut s = missiles_alone();
    let thaad = s.catalogue.interceptor("THAAD").expect("THAAD").clone();
    for b in s
        .batteries
        .iter_mut()
        .filter(|b| b.interceptor.name == "Arrow 3")
    {
        b.interceptor = thaad.clone();
        b.rounds_per_launcher = 8;
        b.rounds = 6 * 8;
    }
    let (summary, _) = common::run(&s);
    let t = summary
        .interceptors
        .get("THAAD")
        .cloned()
        .unwrap_or_default();
    println!(
        "THAAD: {} fired, {} kills at {:?} m",
        t.fired, t.kills, t.kill_altitudes_m
    );
    let (low, high) = t.kill_altitudes_m.expect("THAAD kills");
    assert!(low >= 40e3 && high <= 150e3, "{low}-{high} m");
    assert!(2 * t.kills >= t.fired, "{} of {}", t.kills, t.fired);
}
