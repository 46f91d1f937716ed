//! The upper tiers at work: israel-layers-notional's ballistic missiles alone, a dozen
//! of them, against its whole defence. Arrow 3 must kill above the air and Arrow 2
//! inside it, and the upper tier must take most of the missiles (the issue's "the tiers
//! share the work"; the full raid, seven hours long, is measured by
//! scripts/layers-figures.py, docs/scenario.md).

mod common;

use tdome_core::threat::ThreatKind;
use tdome_core::{SimDuration, SimTime};

#[test]
fn arrow_3_kills_above_100_km_arrow_2_below_50_and_the_upper_tier_takes_most_missiles() {
    let mut s = common::scenario("scenarios/israel-layers-notional.toml");
    // Only the ballistic raids, thinned and launched from 10 s on: the first minutes of
    // the missiles' phase, moved to the start of the run.
    s.raids
        .retain(|r| r.threat.kind == ThreatKind::BallisticMissile);
    for r in &mut s.raids {
        r.count = r.count.div_ceil(10);
        r.window_start = SimTime::from_seconds(10.0);
        r.window_end = SimTime::from_seconds(300.0);
    }
    s.duration = SimDuration::from_seconds(1_200.0);
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
