//! A run's records read back into events (`tdome_io::replay`, for `tdome serve
//! --replay`) give back what the engine emitted, at the records' precision: the run start
//! whole; every launch, engagement step, impact (with its damage), reload and mode change
//! with its time, ids and outcome; tracks (with quality and mode probabilities) and truth
//! to the millimetre; and interceptor launches paired with their engagements.

mod common;

use common::{Log, OwnedEvent};
use tdome_core::event::Sinks;
use tdome_core::ids::BatteryId;
use tdome_core::orders::OperatorMode;
use tdome_io::CsvRecorder;
use tdome_io::records::FORMAT_VERSION;
use tdome_io::replay::{ReplayError, read_events};
use tdome_world::Simulation;

/// Run the minimal scenario with a recorder and a log; hold the battery from 30 s to
/// 40 s so that the records have operator mode changes.
fn recorded(dir: &std::path::Path) -> Vec<OwnedEvent> {
    let s = common::scenario("scenarios/tests/minimal.toml");
    let mut sim = Simulation::new(&s, s.seed).expect("world");
    let mut log = Log::default();
    let mut recorder = CsvRecorder::create(dir).expect("recorder");
    while !sim.finished() {
        let t = sim.now().as_seconds();
        if t == 30.0 {
            sim.command_mode(BatteryId(0), OperatorMode::Hold);
        }
        if t == 40.0 {
            sim.command_mode(BatteryId(0), OperatorMode::Free);
        }
        let mut sinks = Sinks::new();
        sinks.push(&mut log);
        sinks.push(&mut recorder);
        sim.step(&mut sinks).expect("step");
    }
    tdome_core::event::EventSink::finish(&mut recorder).expect("finish");
    log.events
}

fn key(e: &OwnedEvent) -> Option<String> {
    Some(match e {
        OwnedEvent::RunStart(s) => format!("start {} {}", s.scenario, s.seed),
        OwnedEvent::Launch(l) => format!(
            "launch {} {} {:?} {}",
            l.sample.time, l.sample.object.0, l.sample.kind, l.type_name
        ),
        OwnedEvent::Engagement(r) => format!(
            "engagement {} {} {} {} {:?} {:?} {:.2} {}",
            r.time,
            r.engagement.0,
            r.battery.0,
            r.track.0,
            r.threat_object,
            r.outcome,
            r.cost.si(),
            r.explanation.as_ref().map_or(0, |x| x.candidates.len())
        ),
        OwnedEvent::Impact(i) => format!(
            "impact {} {} {:?} {}",
            i.time, i.object.0, i.asset, i.damage
        ),
        OwnedEvent::Reload(r) => format!("reload {} {} {}", r.time, r.battery.0, r.rounds),
        OwnedEvent::Mode(m) => format!(
            "mode {} {} {:?} {:?}",
            m.time, m.battery.0, m.mode, m.source
        ),
        OwnedEvent::Track(t) => {
            let p = t.position.metres();
            let m = &t.modes;
            format!(
                "track {} {} {:?} {:.3} {:.3} {:.3} quality {:.4} modes {:.6} {:.6} {:.6}",
                t.time,
                t.track.0,
                t.status,
                p.x,
                p.y,
                p.z,
                t.quality,
                m.constant_velocity,
                m.constant_acceleration,
                m.ballistic
            )
        }
        OwnedEvent::Truth(t) => {
            let p = t.position.metres();
            format!(
                "truth {} {} {:.3} {:.3} {:.3}",
                t.time, t.object.0, p.x, p.y, p.z
            )
        }
        OwnedEvent::Assessment(a) => format!(
            "assessment {} {} {:?} {:?}",
            a.time, a.track.0, a.category, a.decision
        ),
        // Plots are not replayed.
        OwnedEvent::Plot { .. } => return None,
    })
}

#[test]
fn records_read_back_give_the_events_the_engine_emitted() {
    let dir = std::env::temp_dir().join(format!("tdome-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let emitted = recorded(&dir);
    let read = read_events(&dir).expect("read back");
    match (&emitted[0], &read[0]) {
        (OwnedEvent::RunStart(a), OwnedEvent::RunStart(b)) => assert_eq!(a, b),
        other => panic!("both begin with the run start: {other:?}"),
    }
    // The same events, kind by kind. (A track report carries its latest plot's time,
    // which trails the cycle that published it, so the engine's stream is not in time
    // order and the replay's is: compare as sorted lists.)
    for kind in [
        "launch",
        "engagement",
        "impact",
        "reload",
        "mode",
        "track",
        "truth",
        "assessment",
    ] {
        let of = |events: &[OwnedEvent]| -> Vec<String> {
            let mut keys: Vec<String> = events
                .iter()
                .filter_map(key)
                .filter(|k| k.starts_with(kind))
                .collect();
            keys.sort();
            keys
        };
        let (a, b) = (of(&emitted), of(&read));
        assert!(
            !a.is_empty() || kind == "reload",
            "the run has {kind} events"
        );
        assert_eq!(a, b, "{kind} events differ");
    }
    // Each interceptor's launch comes just before its engagement's launched record, as
    // the engine emits them (the live picture pairs them so).
    for w in read.windows(2) {
        if let OwnedEvent::Launch(l) = &w[0]
            && l.sample.kind == tdome_core::event::ObjectKind::Interceptor
        {
            assert!(
                matches!(&w[1], OwnedEvent::Engagement(e) if e.outcome == tdome_core::event::EngagementOutcome::Launched),
                "{:?} then {:?}",
                w[0],
                w[1]
            );
        }
    }
    // In time order.
    assert!(
        read.windows(2)
            .all(|w| w[0].as_event().time() <= w[1].as_event().time())
    );

    // The keys compare what a viewer sees: hits that did damage, tracks of some quality.
    assert!(
        read.iter()
            .any(|e| matches!(e, OwnedEvent::Impact(i) if i.asset.is_some() && i.damage > 0.0))
    );
    assert!(read.iter().any(
        |e| matches!(e, OwnedEvent::Track(t) if t.quality > 0.0 && t.modes.constant_velocity > 0.0)
    ));

    // Records of format 10 have no damage column: their impacts come back with NaN
    // (not known), the rest as before.
    let impacts = dir.join("impacts.csv");
    let with_damage = std::fs::read_to_string(&impacts).expect("impacts");
    let without: String = with_damage
        .lines()
        .map(|l| format!("{}\n", &l[..l.rfind(',').expect("columns")]))
        .collect();
    assert!(without.starts_with("time_s,object_id,kind,lat_deg,lon_deg,asset_id\n"));
    std::fs::write(&impacts, without).expect("write");
    let older = read_events(&dir).expect("read back without damage");
    assert_eq!(older.len(), read.len());
    for (a, b) in read.iter().zip(&older) {
        match (a, b) {
            (OwnedEvent::Impact(a), OwnedEvent::Impact(b)) => {
                assert!(b.damage.is_nan());
                assert_eq!((a.time, a.object, a.asset), (b.time, b.object, b.asset));
            }
            (a, b) => assert_eq!(a, b),
        }
    }
    std::fs::write(&impacts, with_damage).expect("restore");

    // Bad records: each a clear error naming the place.
    let engagements = dir.join("engagements.csv");
    let text = std::fs::read_to_string(&engagements).expect("engagements");
    std::fs::write(&engagements, text.replacen(",battery,", ",nobody,", 1)).expect("write");
    let e = read_events(&dir).expect_err("unknown battery").to_string();
    assert!(
        e.contains("engagements.csv:2") && e.contains("nobody"),
        "{e}"
    );
    std::fs::write(
        &engagements,
        text.replacen(",launched,", ",launched,not-a-cost", 1),
    )
    .expect("write");
    let e = read_events(&dir).expect_err("bad number").to_string();
    assert!(e.contains("engagements.csv:2"), "{e}");
    std::fs::write(&engagements, &text).expect("restore");
    let manifest = dir.join("run.json");
    let json = std::fs::read_to_string(&manifest).expect("run.json");
    let current = format!("\"format_version\": {FORMAT_VERSION}");
    assert!(json.contains(&current), "{json}");
    // Format 9 (before the data sources) still replays; 8 (no run start) and a future
    // one do not.
    for (version, readable) in [
        (tdome_io::replay::OLDEST_REPLAYABLE, true),
        (tdome_io::replay::OLDEST_REPLAYABLE - 1, false),
        (FORMAT_VERSION + 1, false),
    ] {
        let other = format!("\"format_version\": {version}");
        std::fs::write(&manifest, json.replace(&current, &other)).expect("write");
        let got = read_events(&dir);
        assert_eq!(got.is_ok(), readable, "format {version}");
        if !readable {
            assert!(matches!(got, Err(ReplayError::Format { .. })));
        }
    }
    std::fs::write(&manifest, &json).expect("restore");
    std::fs::remove_file(dir.join("run_start.json")).expect("remove");
    let e = read_events(&dir).expect_err("no run start").to_string();
    assert!(
        e.contains("run_start.json") && e.contains("record the run again"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
