//! Operators' mode commands during a run (the live picture's weapons free, tight and
//! hold): taken at the battle manager's next cycle, recorded once as a mode event, and
//! obeyed in its orders from that cycle on.

mod common;

use common::{Log, OwnedEvent};
use tdome_core::event::{EngagementOutcome, ModeSource};
use tdome_core::ids::BatteryId;
use tdome_core::orders::{Decision, HoldReason, OperatorMode};
use tdome_world::Simulation;

/// Run the minimal scenario, calling `command` before each tick with the tick's start
/// time, seconds.
fn run(command: impl Fn(f64, &mut Simulation)) -> Vec<OwnedEvent> {
    let s = common::scenario("scenarios/tests/minimal.toml");
    let mut sim = Simulation::new(&s, s.seed).expect("world");
    let mut log = Log::default();
    while !sim.finished() {
        command(sim.now().as_seconds(), &mut sim);
        sim.step(&mut log).expect("step");
    }
    log.events
}

/// The minimal scenario's battle-manager cycle, seconds.
fn cycle_s() -> f64 {
    common::scenario("scenarios/tests/minimal.toml")
        .bmc
        .cycle
        .as_seconds()
}

fn launches(events: &[OwnedEvent]) -> Vec<f64> {
    events
        .iter()
        .filter_map(|e| match e {
            OwnedEvent::Engagement(r) if r.outcome == EngagementOutcome::Launched => {
                Some(r.time.as_seconds())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn hold_from_the_start_fires_nothing_and_says_why() {
    let free = run(|_, _| {});
    assert!(
        !launches(&free).is_empty(),
        "the minimal scenario engages when free"
    );
    let held = run(|t, sim| {
        if t == 0.0 {
            assert!(sim.command_mode(BatteryId(0), OperatorMode::Hold));
            assert!(
                !sim.command_mode(BatteryId(1), OperatorMode::Hold),
                "no such battery"
            );
        }
    });
    assert!(launches(&held).is_empty());
    let modes: Vec<_> = held
        .iter()
        .filter_map(|e| match e {
            OwnedEvent::Mode(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(modes.len(), 1, "{modes:?}");
    let m = &modes[0];
    assert_eq!(
        (m.battery, m.mode, m.source),
        (BatteryId(0), OperatorMode::Hold, ModeSource::Operator)
    );
    // Taken at the first battle-manager cycle.
    assert_eq!(m.time.as_seconds(), cycle_s());
    let held_for_it = held.iter().any(|e| {
        matches!(e, OwnedEvent::Assessment(a) if a.decision == Decision::Hold(HoldReason::OperatorHold))
    });
    assert!(
        held_for_it,
        "assessments say the operator's hold stopped the shot"
    );
}

#[test]
fn free_again_resumes_fire_from_the_next_cycle() {
    // Hold from the start, free again at 25 s, while the rockets (launched 10–40 s) fly.
    let events = run(|t, sim| {
        if t == 0.0 {
            sim.command_mode(BatteryId(0), OperatorMode::Hold);
        }
        if t == 25.0 {
            sim.command_mode(BatteryId(0), OperatorMode::Free);
        }
    });
    let fired = launches(&events);
    assert!(!fired.is_empty(), "fire resumes once free");
    // The command was given before the tick from 25 s; the battle manager's next cycle
    // is the first after 25 s, and no order is older than it.
    let freed = events
        .iter()
        .find_map(|e| match e {
            OwnedEvent::Mode(m) if m.mode == OperatorMode::Free => Some(m.time.as_seconds()),
            _ => None,
        })
        .expect("the free command is recorded");
    assert_eq!(freed, ((25.0 / cycle_s()).floor() + 1.0) * cycle_s());
    assert!(
        fired.iter().all(|&t| t >= freed),
        "launches {fired:?} before {freed}"
    );
}
