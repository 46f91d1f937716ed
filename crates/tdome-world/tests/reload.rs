//! Reloads: a battery whose launcher is empty takes a launcher's worth of rounds from its
//! reserve, and they are ready its interceptor type's reload time later; it never fires
//! more than it started with and was reloaded with; without a reserve it stops at its
//! launchers' load.

mod common;

use std::sync::Arc;

use common::{OwnedEvent, TOWN_AND_RADAR, run, scenario_from};
use tdome_core::SimDuration;
use tdome_core::event::EngagementOutcome;
use tdome_scenario::Scenario;

/// A town under a long Grad barrage, defended by one Tamir launcher of two rounds with a
/// reserve of `reserve` rounds, reloaded in `reload_s` seconds (set on the type after
/// loading, so that the test need not wait half an hour of simulated time).
fn barrage(reserve: u32, reload_s: f64) -> Scenario {
    let mut s = scenario_from(
        &[
            r#"
[scenario]
name = "barrage"
seed = 5
duration_s = 420.0
tick_s = 0.125
"#,
            TOWN_AND_RADAR,
            r#"
[[battery]]
name = "lone"
layer = "lower"
site = { lat_deg = 24.01, lon_deg = 120.00, alt_m = 10.0 }
interceptor = "Tamir"
launchers = 1
rounds_per_launcher = 2
fire_channels = 4
radars = ["radar"]

[[raid]]
name = "north"
threat = "9M22U Grad (122 mm)"
count = 12
launch_area = { point = [24.13, 120.01] }
window_s = [10.0, 250.0]
aim = { asset = "town" }
"#,
        ]
        .concat(),
    );
    let b = &mut s.batteries[0];
    b.reserve_rounds = reserve;
    let mut kind = (*b.interceptor).clone();
    kind.reload_time = Some(SimDuration::from_seconds(reload_s));
    b.interceptor = Arc::new(kind);
    s
}

/// Launch and reload times of the battery, in event order.
fn steps(events: &[OwnedEvent]) -> Vec<(f64, Option<u32>)> {
    events
        .iter()
        .filter_map(|e| match e {
            OwnedEvent::Engagement(r) if r.outcome == EngagementOutcome::Launched => {
                Some((r.time.as_seconds(), None))
            }
            OwnedEvent::Reload(r) => Some((r.time.as_seconds(), Some(r.rounds))),
            _ => None,
        })
        .collect()
}

#[test]
fn an_empty_launcher_is_reloaded_from_the_reserve_after_the_reload_time() {
    let reload_s = 20.0;
    let s = barrage(4, reload_s);
    let (summary, log) = run(&s);
    let steps = steps(&log.events);
    let reloads: Vec<_> = log
        .events
        .iter()
        .filter_map(|e| match e {
            OwnedEvent::Reload(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    // Two reloads of a launcher's worth empty the reserve of four.
    assert_eq!(
        reloads
            .iter()
            .map(|r| (r.rounds, r.reserve_left))
            .collect::<Vec<_>>(),
        [(2, 2), (2, 0)]
    );
    // Rounds on the launcher never go below zero: every launch has a round.
    let (mut on_launcher, mut launched) = (2_i64, 0);
    for &(t, reload) in &steps {
        match reload {
            Some(n) => on_launcher += i64::from(n),
            None => {
                on_launcher -= 1;
                launched += 1;
            }
        }
        assert!(on_launcher >= 0, "a launch at {t} s from an empty launcher");
    }
    assert_eq!(launched, 6, "the battery fires its load and both reloads");
    // Each reload starts when the battle manager's order takes the launcher's last round
    // (a reaction time or more before that round's launch row) and is ready the reload
    // time later, on a tick: so no later than the emptying launch plus the reload time
    // and a tick, and, one launcher at a time, no sooner than the reload time after the
    // previous reload (or the start).
    let tick = s.tick.as_seconds();
    let (mut since_reload, mut emptied_at, mut previous) = (0, None, 0.0);
    for &(t, reload) in &steps {
        match reload {
            None => {
                since_reload += 1;
                if since_reload == 2 {
                    emptied_at = Some(t);
                }
            }
            Some(_) => {
                let launch = emptied_at
                    .take()
                    .expect("a reload follows an emptied launcher");
                assert!(
                    t <= launch + reload_s + tick + 1e-9,
                    "reloaded at {t} s, {} s after the launch that emptied the launcher",
                    t - launch
                );
                assert!(
                    t >= previous + reload_s - 1e-9,
                    "reloaded at {t} s, after {previous} s"
                );
                previous = t;
                since_reload = 0;
            }
        }
    }
    // The summary counts the reloaded rounds.
    let b = &summary.batteries[0];
    assert_eq!((b.rounds, b.reloaded, b.fired), (2, 4, 6));
    assert_eq!(b.rounds_left(), 0);
}

#[test]
fn without_a_reserve_the_battery_stops_at_its_load() {
    let (summary, log) = run(&barrage(0, 20.0));
    assert!(
        !log.events
            .iter()
            .any(|e| matches!(e, OwnedEvent::Reload(_)))
    );
    assert_eq!(summary.batteries[0].fired, 2);
}
