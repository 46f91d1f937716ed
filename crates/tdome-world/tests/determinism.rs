//! The same scenario and seed give byte-identical records, whatever runs beside them;
//! another seed gives another run.

mod common;

use std::path::Path;

use tdome_io::CsvRecorder;
use tdome_scenario::Scenario;
use tdome_world::{AsFastAsPossible, Simulation};

fn record(s: &Scenario, dir: &Path) -> Vec<(String, Vec<u8>)> {
    record_seed(s, s.seed, dir)
}

/// The records of `s` run under root seed `seed`.
fn record_seed(s: &Scenario, seed: u64, dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut rec = CsvRecorder::create(dir).expect("recorder");
    let mut sim = Simulation::new(s, seed).expect("world");
    sim.run(&mut AsFastAsPossible, &mut rec, &mut |_| {})
        .expect("run");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let p = e.expect("entry").path();
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tdome-determinism-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn same_seed_gives_byte_identical_records_at_any_thread_count() {
    let s = common::scenario("scenarios/iron-dome-notional.toml");
    let serial = record(&s, &scratch("serial"));
    assert!(serial.len() >= 6);
    assert!(
        serial
            .iter()
            .any(|(n, b)| n == "engagements.csv" && b.len() > 500),
        "a run with engagements"
    );
    // The same run twice more, concurrently on two threads.
    let parallel: Vec<_> = std::thread::scope(|scope| {
        let a = scope.spawn(|| record(&s, &scratch("thread-a")));
        let b = scope.spawn(|| record(&s, &scratch("thread-b")));
        vec![a.join().expect("thread a"), b.join().expect("thread b")]
    });
    for other in parallel {
        assert_eq!(serial.len(), other.len());
        for ((na, a), (nb, b)) in serial.iter().zip(&other) {
            assert_eq!(na, nb);
            assert!(a == b, "{na} differs between identical runs");
        }
    }
    let mut s2 = s.clone();
    s2.seed += 1;
    let other_seed = record(&s2, &scratch("seed"));
    // A world built from the shared scenario with another seed is the world of the
    // scenario with that seed written in it, to the byte (campaigns build every
    // replication's world this way, never editing the scenario).
    let given = record_seed(&s, s.seed + 1, &scratch("given-seed"));
    assert!(
        given == other_seed,
        "a seed given differs from the seed written"
    );
    let differ = serial
        .iter()
        .zip(&other_seed)
        .filter(|((n, a), (_, b))| n != "run.json" && a != b)
        .count();
    assert!(differ >= 4, "a different seed changed only {differ} files");
}

/// A world copied mid-run goes on exactly as the original: same events, to the line, as
/// each other and as an uncopied run (campaigns and what-if branches fork worlds; the
/// copy carries all state, and no scratch buffer carries any).
#[test]
fn a_world_copied_mid_run_goes_on_as_the_original() {
    let s = common::scenario("scenarios/iron-dome-notional.toml");
    let whole = {
        let mut log = common::Log::default();
        let mut sim = Simulation::new(&s, s.seed).expect("world");
        while !sim.finished() {
            sim.step(&mut log).expect("step");
        }
        log.lines
    };
    let mut before = common::Log::default();
    let mut sim = Simulation::new(&s, s.seed).expect("world");
    // Mid-raid: rockets in flight, interceptors in the air, tracks held.
    for _ in 0..1_600 {
        sim.step(&mut before).expect("step");
    }
    let mut copy = sim.clone();
    let (mut a, mut b) = (common::Log::default(), common::Log::default());
    while !sim.finished() {
        sim.step(&mut a).expect("step");
    }
    while !copy.finished() {
        copy.step(&mut b).expect("step");
    }
    assert!(
        a.lines.len() > 1_000,
        "{} events after the copy",
        a.lines.len()
    );
    assert!(a.lines == b.lines, "the copy went its own way");
    let mut joined = before.lines;
    joined.extend(a.lines);
    assert!(
        joined == whole,
        "the copied run differs from an uncopied one"
    );
}
