//! A campaign's results depend on the root seed and the run index alone: not on the
//! threads, the shards, the order shards are merged in, nor on being stopped early.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use tdome_campaign::analysis::Analysis;
use tdome_campaign::campaign::{Plan, Shard, Spec, execute, replicate};
use tdome_campaign::merge::merge;
use tdome_campaign::results::Results;
use tdome_core::rng::replication_seed;
use tdome_scenario::vary::Axis;
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

fn minimal() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/tests/minimal.toml")
}

fn spec(runs: u64) -> Spec {
    Spec {
        scenario: Some(minimal()),
        // Two variants, so that the order of (run, variant) items matters.
        vary: vec![Axis::parse("raid.grad.count=3,5").unwrap()],
        runs,
        root_seed: Some(99),
        ..Spec::default()
    }
}

fn run(spec: &Spec, threads: usize) -> Results {
    let plan = Plan::build(spec).unwrap();
    let never = AtomicBool::new(false);
    execute(&plan, threads, &never, &|_| {}).unwrap().results
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tdome-campaign-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn results_are_the_same_whatever_the_thread_count() {
    let one = run(&spec(6), 1);
    assert_eq!(one.runs.len(), 12);
    // Two variants of the same run share its seed (common random numbers).
    let seeds = one.runs.ints("seed").unwrap();
    assert_eq!(seeds[0], seeds[1]);
    assert_eq!(seeds[0], Some(replication_seed(99, 0) as i64));
    for threads in [2, 3, 8] {
        assert_eq!(run(&spec(6), threads), one, "{threads} threads");
    }
}

#[test]
fn four_shards_merged_in_any_order_are_one_run() {
    let whole = run(&spec(7), 2);
    let root = scratch("shards");
    let mut dirs = Vec::new();
    for i in 0..4 {
        let s = Spec {
            shard: Some(Shard { index: i, count: 4 }),
            ..spec(7)
        };
        let plan = Plan::build(&s).unwrap();
        let never = AtomicBool::new(false);
        let out = execute(&plan, 1, &never, &|_| {}).unwrap();
        let dir = root.join(format!("shard-{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let p = plan.provenance(out.runs_complete, out.interrupted);
        out.results.write(&dir, &p.metadata()).unwrap();
        p.write(&dir).unwrap();
        dirs.push(dir);
    }
    dirs.reverse();
    dirs.swap(0, 2);
    let (merged, provenance) = merge(&dirs).unwrap();
    assert_eq!(merged, whole);
    assert_eq!(provenance.runs_complete, 7);
    assert_eq!(provenance.shards.len(), 4);
    // The same shard twice is refused, naming it.
    let twice = [dirs[0].clone(), dirs[0].clone()];
    let e = merge(&twice).unwrap_err().to_string();
    assert!(e.contains("also in an earlier directory"), "{e}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn shards_cover_the_runs_once() {
    for runs in [0u64, 1, 5, 7, 100, 1001] {
        for m in 1..=9u32 {
            let mut next = 0;
            for i in 0..m {
                let r = Shard { index: i, count: m }.runs(runs);
                assert_eq!(r.start, next);
                assert!(r.end - r.start <= runs / u64::from(m) + 1);
                next = r.end;
            }
            assert_eq!(next, runs);
        }
    }
    assert!(Shard::parse("4/4").is_err());
    assert!(Shard::parse("0/0").is_err());
    assert!(Shard::parse("a/2").is_err());
    assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
}

#[test]
fn a_replication_is_the_run_of_its_seed() {
    let plan = Plan::build(&spec(3)).unwrap();
    let r = replicate(&plan.variants[1], 1, 2, 99).unwrap();
    assert_eq!(r.seed, replication_seed(99, 2));
    let scenario = &plan.variants[1].scenario;
    let mut sim = Simulation::new(scenario, r.seed).unwrap();
    let mut summary = RunSummary::new(scenario, r.seed);
    sim.run(&mut AsFastAsPossible, &mut summary, &mut |_| {})
        .unwrap();
    assert_eq!(summary, r.summary);
    // The ledger agrees with the summary it ran beside.
    let fired: u32 = summary.interceptors.values().map(|i| i.fired).sum();
    assert_eq!(r.interceptors.len() as u32, fired);
    assert_eq!(r.threats.len() as u32, summary.total().launched);
    let leaked = r
        .threats
        .iter()
        .filter(|t| t.fate.name() == "leaked")
        .count() as u32;
    assert_eq!(leaked, summary.total().leaked);
    let shots: u32 = r.threats.iter().map(|t| t.shots).sum();
    assert!(shots <= fired);
}

#[test]
fn a_campaign_stopped_early_keeps_a_prefix_of_the_runs_exactly() {
    let whole = run(&spec(8), 2);
    let plan = Plan::build(&spec(8)).unwrap();
    let stop = AtomicBool::new(false);
    let out = execute(&plan, 2, &stop, &|done| {
        if done >= 5 {
            stop.store(true, Ordering::Relaxed);
        }
    })
    .unwrap();
    assert!(out.interrupted);
    let n = out.results.runs.len();
    assert!((5..16).contains(&n), "{n} replications");
    assert_eq!(out.runs_complete, (n / 2) as u64);
    // What was kept is exactly the first replications of the whole campaign.
    let prefix = whole.runs.filter(|i| i < n);
    assert_eq!(out.results.runs, prefix);
    let stopped = AtomicBool::new(true);
    let none = execute(&plan, 2, &stopped, &|_| {}).unwrap();
    assert_eq!(none.results.runs.len(), 0);
    assert!(none.interrupted);
}

#[test]
fn results_survive_their_files() {
    let results = run(&spec(2), 2);
    let dir = scratch("files");
    let plan = Plan::build(&spec(2)).unwrap();
    let p = plan.provenance(2, false);
    results.write(&dir, &p.metadata()).unwrap();
    p.write(&dir).unwrap();
    let (back, meta) = Results::read(&dir).unwrap();
    assert_eq!(back, results);
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("tdome.root_seed").as_deref(), Some("99"));
    assert_eq!(get("tdome.scenario_hash"), Some(p.scenario_hash.clone()));
    assert_eq!(
        get("tdome.version").as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn variants_and_arms_are_labelled_and_paired() {
    let s = Spec {
        compare: Some(Axis::parse("bmc.network=integrated,autonomous").unwrap()),
        vary: vec![
            Axis::parse("raid.grad.count=3,5").unwrap(),
            Axis::parse("battery.battery.radars=[\"radar\"]").unwrap(),
        ],
        ..spec(4)
    };
    let plan = Plan::build(&s).unwrap();
    let labels: Vec<(&str, u32, u32)> = plan
        .variants
        .iter()
        .map(|v| (v.label.as_str(), v.group, v.arm))
        .collect();
    assert_eq!(
        labels,
        [
            (
                "raid.grad.count=3 battery.battery.radars=[\"radar\"] bmc.network=integrated",
                0,
                0
            ),
            (
                "raid.grad.count=3 battery.battery.radars=[\"radar\"] bmc.network=autonomous",
                0,
                1
            ),
            (
                "raid.grad.count=5 battery.battery.radars=[\"radar\"] bmc.network=integrated",
                1,
                0
            ),
            (
                "raid.grad.count=5 battery.battery.radars=[\"radar\"] bmc.network=autonomous",
                1,
                1
            ),
        ]
    );
    let results = run(&s, 2);
    let p = plan.provenance(4, false);
    let a = Analysis::of(&results, &p);
    assert_eq!(a.comparisons.len(), 2);
    assert_eq!(a.comparisons[0].runs, 4);
    // A variant compared with itself differs by exactly nothing.
    let same = Spec {
        compare: Some(Axis::parse("scenario.description=a,b").unwrap()),
        vary: Vec::new(),
        ..spec(3)
    };
    let plan = Plan::build(&same).unwrap();
    let a = Analysis::of(&run(&same, 2), &plan.provenance(3, false));
    for d in &a.comparisons[0].differences {
        assert_eq!(
            (d.diff.mean, d.diff.lo, d.diff.hi),
            (0.0, 0.0, 0.0),
            "{}",
            d.metric
        );
    }
    // A path that is not in the file names the variant.
    let bad = Spec {
        vary: vec![Axis::parse("raid.rockets.count=3").unwrap()],
        ..spec(1)
    };
    let e = Plan::build(&bad).unwrap_err();
    assert_eq!(e.label, "raid.rockets.count=3");
}

#[test]
fn the_scenario_hash_is_the_model_not_the_file() {
    use tdome_campaign::campaign::scenario_hash;
    let a = tdome_scenario::load(&minimal()).unwrap();
    let b = tdome_scenario::load(&minimal()).unwrap();
    assert_eq!(scenario_hash(&a), scenario_hash(&b));
    assert_eq!(scenario_hash(&a).len(), 64);
    // Comments and layout do not count; a value does.
    let text = std::fs::read_to_string(minimal()).unwrap();
    let path = minimal().with_file_name("commented.toml");
    let commented = tdome_scenario::parse_str(&format!("# a comment\n\n{text}"), &path).unwrap();
    assert_eq!(scenario_hash(&commented), scenario_hash(&a));
    let varied = tdome_scenario::load_with(
        &minimal(),
        &[tdome_scenario::vary::Setting {
            path: "raid.grad.cep_m".into(),
            value: "31.0".into(),
        }],
    )
    .unwrap();
    assert_ne!(scenario_hash(&varied), scenario_hash(&a));
}

#[test]
fn the_analysis_agrees_with_the_run_summaries_it_came_from() {
    let s = Spec {
        vary: Vec::new(),
        ..spec(6)
    };
    let plan = Plan::build(&s).unwrap();
    let results = run(&s, 2);
    let a = Analysis::of(&results, &plan.provenance(6, false));
    let v = &a.variants[0];
    let summaries: Vec<RunSummary> = (0..6)
        .map(|r| replicate(&plan.variants[0], 0, r, 99).unwrap().summary)
        .collect();
    let mean = |f: &dyn Fn(&RunSummary) -> f64| summaries.iter().map(f).sum::<f64>() / 6.0;
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y.abs().max(1.0);
    assert!(close(
        v.metrics["leakers"].estimate.mean,
        mean(&|s| f64::from(s.leakers()))
    ));
    assert!(close(
        v.metrics["defender_cost_usd"].estimate.mean,
        mean(&|s| s.total_cost().si())
    ));
    assert!(close(
        v.metrics["assets_hit"].estimate.mean,
        mean(&|s| s.assets_hit() as f64)
    ));
    let any = summaries.iter().filter(|s| s.leakers() > 0).count() as u64;
    assert_eq!((v.p_any_leaker.k, v.p_any_leaker.n), (any, 6));
    for i in &v.by_interceptor {
        let fired = mean(&|s| f64::from(s.interceptors.get(&i.interceptor).map_or(0, |t| t.fired)));
        assert!(close(i.fired.mean, fired), "{}", i.interceptor);
    }
    let hist: u64 = v.leaker_histogram.iter().map(|(_, n)| n).sum();
    assert_eq!(hist, 6);
    // The interval holds the mean, and the quantiles are ordered.
    for (name, m) in &v.metrics {
        assert!(
            m.estimate.lo <= m.estimate.mean && m.estimate.mean <= m.estimate.hi,
            "{name}"
        );
        assert!(m.p05 <= m.p50 && m.p50 <= m.p95, "{name}");
    }
}

#[test]
fn a_sweep_section_is_the_default_grid_and_vary_replaces_it() {
    let dir = scratch("sweep");
    let path = dir.join("swept.toml");
    let text = std::fs::read_to_string(minimal()).unwrap()
        + "\n[sweep]\nvary = [\"raid.grad.count=2..6:2\"]\n";
    std::fs::write(&path, text).unwrap();
    let from_file = Plan::build(&Spec {
        scenario: Some(path.clone()),
        runs: 1,
        ..Spec::default()
    })
    .unwrap();
    let labels: Vec<&str> = from_file
        .variants
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "raid.grad.count=2",
            "raid.grad.count=4",
            "raid.grad.count=6"
        ]
    );
    assert_eq!(from_file.variants[2].scenario.raids[0].count, 6);
    let replaced = Plan::build(&Spec {
        scenario: Some(path),
        runs: 1,
        vary: vec![Axis::parse("raid.grad.count=9").unwrap()],
        ..Spec::default()
    })
    .unwrap();
    assert_eq!(replaced.variants.len(), 1);
    assert_eq!(replaced.variants[0].scenario.raids[0].count, 9);
    std::fs::remove_dir_all(&dir).unwrap();
}
