//! Static weapon–target assignment benchmark: solution quality and solve time of each
//! solver, printed as markdown tables (docs/assignment.md quotes them).
//!
//! `cargo run --release -p tdome-bmc --example wta_bench [published] [family] [random] [scaling]`
//!
//! - The six published instances (tests/fixtures/wta/published/): objective (expected
//!   surviving value), gap to the best known, and time.
//! - The published instances' family (tests/fixtures/wta/family_instances.txt: random
//!   50 × 100 instances drawn as the published ones were, at μ = 2 and 3) against their
//!   HiGHS optima: each gap, and the mean and max per μ, so that the published three are
//!   not read as the solvers' typical gap.
//! - The random instances of tests/fixtures/wta/ (Ahuja et al. 2007 style) against their
//!   HiGHS optima: mean and max gap per size, and mean time.
//! - Scaling: random dense 200×200 instances and a sparse dynamic-sized problem (1,000
//!   threats × 100 batteries, a tenth of the pairs in reach, per-target shot limits and
//!   interceptor cost).
//!
//! Times are wall time on one thread, the median of repeated solves (each solve reuses
//! the solver's buffers, as the battle manager does every cycle). The exact solver runs
//! with its node limit on the published instances, far beyond what it can prove.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tdome_bmc::assign::wta::benchmark::{Instance, parse_family, parse_instance, parse_instances};
use tdome_bmc::assign::wta::{
    BranchAndBound, Greedy, LocalSearch, NO_ROUND_LIMIT, Target, Weapon, WtaOption, WtaProblem,
    WtaSolution, WtaSolver, WtaStatus,
};

const PUBLISHED: [&str; 6] = [
    "wta_50x100x1",
    "wta_50x100x2",
    "wta_50x100x3",
    "wta_100x200x1",
    "wta_100x200x2",
    "wta_100x200x3",
];

/// The exact solver runs on random instances of at most this many options (beyond, it
/// only reaches its node limit).
const EXACT_MAX_OPTIONS: usize = 100;

/// Node limit of the exact solver on the published instances (it cannot prove them).
const PUBLISHED_NODE_LIMIT: u64 = 2_000;

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wta")
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `name,value` pairs from a CSV with a header, taking columns `key` and `value`.
fn csv_column(text: &str, key: usize, value: usize) -> BTreeMap<String, f64> {
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[key].to_string(), f[value].parse().expect("a number"))
        })
        .collect()
}

/// Solve `problem` repeatedly for at least `budget` (at most 200 times; at least 3 times
/// with a budget, once without) and return the solution and the median time.
fn timed(
    solver: &mut dyn WtaSolver,
    problem: &WtaProblem,
    budget: Duration,
) -> (WtaSolution, Duration) {
    let mut out = WtaSolution::new();
    let mut times = Vec::new();
    let least = if budget.is_zero() { 1 } else { 3 };
    let started = Instant::now();
    while times.len() < least || (started.elapsed() < budget && times.len() < 200) {
        let t = Instant::now();
        solver.solve(problem, &mut out);
        times.push(t.elapsed());
    }
    times.sort();
    (out, times[times.len() / 2])
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.3}")
    } else {
        format!("{ms:.1}")
    }
}

fn solvers() -> Vec<Box<dyn WtaSolver>> {
    vec![
        Box::new(Greedy::new()),
        Box::new(LocalSearch::with_budget(budget())),
        Box::new(BranchAndBound::new()),
    ]
}

/// The local search's budget: the default, or `WTA_PER_OPTION` and `WTA_FLOOR` from the
/// environment (to compare budgets).
fn budget() -> tdome_bmc::assign::wta::SearchBudget {
    let default = tdome_bmc::assign::wta::SearchBudget::default();
    let read = |name: &str, value: u64| {
        std::env::var(name)
            .ok()
            .map_or(value, |v| v.parse().expect("a number"))
    };
    tdome_bmc::assign::wta::SearchBudget {
        per_option: read("WTA_PER_OPTION", default.per_option),
        floor: read("WTA_FLOOR", default.floor),
        ..default
    }
}

fn published() {
    let best = csv_column(&read(&fixtures().join("published/best_known.csv")), 0, 1);
    println!("### Published instances (Andersen, Pavlikov & Toffolo 2022)\n");
    println!("| instance | best known | solver | surviving value | gap | time (ms) | status |");
    println!("|---|---:|---|---:|---:|---:|---|");
    let mut mean_gap: BTreeMap<&str, f64> = BTreeMap::new();
    for name in PUBLISHED {
        let inst = parse_instance(&read(&fixtures().join(format!("published/{name}.txt"))))
            .expect("a published instance");
        let best = best[name];
        let mut list = solvers();
        list[2] = Box::new(BranchAndBound::with_node_limit(PUBLISHED_NODE_LIMIT));
        for solver in &mut list {
            let budget = if solver.name() == "exact" {
                Duration::ZERO
            } else {
                Duration::from_millis(500)
            };
            let (out, time) = timed(solver.as_mut(), &inst.problem, budget);
            let gap = (out.surviving_value - best) / best;
            *mean_gap.entry(solver.name()).or_default() += gap / PUBLISHED.len() as f64;
            println!(
                "| {name} | {best:.6} | {} | {:.6} | {:.3}% | {} | {} |",
                solver.name(),
                out.surviving_value,
                100.0 * gap,
                ms(time),
                status(out.status)
            );
        }
    }
    println!();
    for (solver, gap) in mean_gap {
        println!("- mean gap, {solver}: {:.3}%", 100.0 * gap);
    }
    println!();
}

/// The published instances' family against HiGHS optima: greedy's and the local
/// search's gap on each instance and μ, the local search's time, and per μ the mean and
/// max gap.
fn family() {
    let family = parse_family(
        &read(&fixtures().join("family_instances.txt")),
        &read(&fixtures().join("family_optima.csv")),
    )
    .expect("the family instances and optima");
    println!("### The published instances' family (random 50 × 100, HiGHS optima)\n");
    println!("| instance | μ | optimum | greedy gap | local gap | local ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut by_mu: BTreeMap<u32, Vec<(f64, f64)>> = BTreeMap::new();
    for (inst, optimum) in &family {
        let (name, mu, optimum) = (&inst.name, inst.rounds_per_weapon, *optimum);
        let (greedy, _) = timed(&mut Greedy::new(), &inst.problem, Duration::ZERO);
        let (local, time) = timed(
            &mut LocalSearch::with_budget(budget()),
            &inst.problem,
            Duration::from_millis(300),
        );
        let g = (greedy.surviving_value - optimum) / optimum;
        let l = (local.surviving_value - optimum) / optimum;
        by_mu.entry(mu).or_default().push((g, l));
        println!(
            "| {name} | {mu} | {optimum:.6} | {:.3}% | {:.3}% | {} |",
            100.0 * g,
            100.0 * l,
            ms(time)
        );
    }
    println!();
    for (mu, gaps) in &by_mu {
        let n = gaps.len() as f64;
        let mean = |k: fn(&(f64, f64)) -> f64| 100.0 * gaps.iter().map(k).sum::<f64>() / n;
        let max = |k: fn(&(f64, f64)) -> f64| 100.0 * gaps.iter().map(k).fold(0.0, f64::max);
        println!(
            "- μ = {mu}, {} instances: greedy gap mean {:.3}%, max {:.3}%; local gap mean {:.3}%, max {:.3}%",
            gaps.len(),
            mean(|x| x.0),
            max(|x| x.0),
            mean(|x| x.1),
            max(|x| x.1)
        );
    }
    println!();
}

fn status(s: WtaStatus) -> &'static str {
    match s {
        WtaStatus::Heuristic => "heuristic",
        WtaStatus::Optimal => "optimal",
        WtaStatus::NotProven => "not proven",
    }
}

/// Per size: gaps of each solver, times, and how many the exact solver proved.
#[derive(Default)]
struct SizeRow {
    gaps: BTreeMap<&'static str, Vec<f64>>,
    times: BTreeMap<&'static str, Vec<Duration>>,
    proven: usize,
    count: usize,
}

fn random() {
    let instances = parse_instances(&read(&fixtures().join("random_instances.txt")))
        .expect("the random instances");
    let optima = csv_column(&read(&fixtures().join("random_optima.csv")), 0, 4);
    let mut rows: Vec<(String, SizeRow)> = Vec::new();
    for inst in &instances {
        let size = size_of(inst);
        if rows.last().is_none_or(|(s, _)| *s != size) {
            rows.push((size.clone(), SizeRow::default()));
        }
        let row = &mut rows.last_mut().expect("just pushed").1;
        let optimum = optima[&inst.name];
        row.count += 1;
        for mut solver in solvers() {
            if solver.name() == "exact" && inst.problem.options().len() > EXACT_MAX_OPTIONS {
                continue;
            }
            let budget = if solver.name() == "exact" {
                Duration::ZERO
            } else {
                Duration::from_millis(50)
            };
            let (out, time) = timed(solver.as_mut(), &inst.problem, budget);
            let gap = (out.surviving_value - optimum) / optimum;
            row.gaps.entry(solver.name()).or_default().push(gap);
            row.times.entry(solver.name()).or_default().push(time);
            if out.status == WtaStatus::Optimal {
                row.proven += 1;
            }
        }
    }
    println!("### Random instances (Ahuja et al. 2007 style) against HiGHS optima\n");
    println!(
        "| W×T×μ | n | greedy gap mean / max | local gap mean / max | exact gap mean / max | exact proved | greedy ms | local ms | exact ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (size, row) in &rows {
        let gap = |s: &str| {
            let Some(g) = row.gaps.get(s) else {
                return "—".to_string();
            };
            let mean = g.iter().sum::<f64>() / g.len() as f64;
            let max = g.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("{:.3}% / {:.3}%", 100.0 * mean, 100.0 * max)
        };
        let time = |s: &str| {
            let Some(t) = row.times.get(s) else {
                return "—".to_string();
            };
            ms(t.iter().sum::<Duration>() / t.len() as u32)
        };
        println!(
            "| {size} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.count,
            gap("greedy"),
            gap("local"),
            gap("exact"),
            if row.gaps.contains_key("exact") {
                format!("{}/{}", row.proven, row.count)
            } else {
                "—".to_string()
            },
            time("greedy"),
            time("local"),
            time("exact")
        );
    }
    println!();
}

fn size_of(inst: &Instance) -> String {
    format!(
        "{}×{}×{}",
        inst.problem.weapons().len(),
        inst.problem.targets().len(),
        inst.rounds_per_weapon
    )
}

/// A dense Ahuja-style instance: p ~ U[0.6, 0.9], V ~ U[25, 100], μ rounds per weapon.
fn dense(rng: &mut ChaCha8Rng, w: usize, t: usize, mu: u32) -> WtaProblem {
    let targets = (0..t)
        .map(|_| Target {
            value: rng.random_range(25.0..100.0),
            max_rounds: NO_ROUND_LIMIT,
        })
        .collect();
    let mut options = Vec::with_capacity(w * t);
    for weapon in 0..w {
        for target in 0..t {
            options.push(WtaOption {
                weapon,
                target,
                p_kill: rng.random_range(0.6..0.9),
                cost: 0.0,
            });
        }
    }
    WtaProblem::new(vec![Weapon { capacity: mu }; w], targets, options, 0.0).expect("valid")
}

/// The battle manager's size: 1,000 threats, 100 batteries of 4 fire channels, each pair
/// in reach with probability 0.1, at most 2 rounds per threat, costs weighed in.
fn dynamic(rng: &mut ChaCha8Rng) -> WtaProblem {
    let targets = (0..1000)
        .map(|_| Target {
            value: rng.random_range(1.0..100.0),
            max_rounds: 2,
        })
        .collect();
    let mut options = Vec::new();
    for weapon in 0..100 {
        for target in 0..1000 {
            if rng.random_bool(0.1) {
                options.push(WtaOption {
                    weapon,
                    target,
                    p_kill: rng.random_range(0.3..0.95),
                    cost: rng.random_range(0.05..2.0),
                });
            }
        }
    }
    WtaProblem::new(vec![Weapon { capacity: 4 }; 100], targets, options, 1.0).expect("valid")
}

fn scaling() {
    let mut rng = ChaCha8Rng::seed_from_u64(20251112);
    println!("### Scaling (median time, ms; local's objective against greedy's)\n");
    println!("| problem | options | greedy ms | local ms | local vs greedy |");
    println!("|---|---:|---:|---:|---:|");
    let cases = [
        ("200×200×1 dense", dense(&mut rng, 200, 200, 1)),
        ("200×200×2 dense", dense(&mut rng, 200, 200, 2)),
        (
            "1,000 threats × 100 batteries (sparse, λ = 1)",
            dynamic(&mut rng),
        ),
    ];
    for (name, problem) in &cases {
        let (g, tg) = timed(&mut Greedy::new(), problem, Duration::from_millis(500));
        let (l, tl) = timed(
            &mut LocalSearch::new(),
            problem,
            Duration::from_millis(1000),
        );
        println!(
            "| {name} | {} | {} | {} | objective {:+.3}% |",
            problem.options().len(),
            ms(tg),
            ms(tl),
            100.0 * (l.objective - g.objective) / g.objective.abs().max(f64::MIN_POSITIVE)
        );
    }
    println!();
}

fn main() {
    // Optional: the sections to run (`published`, `random`, `scaling`); all by default.
    let only: Vec<String> = std::env::args().skip(1).collect();
    let run = |section: &str| only.is_empty() || only.iter().any(|s| s == section);
    if run("published") {
        published();
    }
    if run("family") {
        family();
    }
    if run("random") {
        random();
    }
    if run("scaling") {
        scaling();
    }
    if only.iter().any(|s| s == "sweep") {
        sweep();
    }
    if only.first().is_some_and(|s| s == "repeat") {
        repeat(&only[1..]);
    }
    if only.first().is_some_and(|s| s == "repeat-scaling") {
        repeat_scaling(&only[1..]);
    }
}

/// `repeat-scaling CASE SOLVER N`: solve scaling problem CASE (0, 1, 2) N times with
/// `greedy` or `local` (for a profiler).
fn repeat_scaling(args: &[String]) {
    let case: usize = args.first().map_or(0, |s| s.parse().expect("a number"));
    let local = args.get(1).is_some_and(|s| s == "local");
    let n: usize = args.get(2).map_or(10, |s| s.parse().expect("a number"));
    let mut rng = ChaCha8Rng::seed_from_u64(20251112);
    let cases = [
        dense(&mut rng, 200, 200, 1),
        dense(&mut rng, 200, 200, 2),
        dynamic(&mut rng),
    ];
    let mut solver: Box<dyn WtaSolver> = if local {
        Box::new(LocalSearch::new())
    } else {
        Box::new(Greedy::new())
    };
    let mut out = WtaSolution::new();
    let started = Instant::now();
    for _ in 0..n {
        solver.solve(&cases[case], &mut out);
    }
    println!(
        "case {case}, {}: objective {:.6}, {:.3} ms a solve",
        solver.name(),
        out.objective,
        started.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}

/// `repeat NAME PER_OPTION N`: solve a published instance N times with the local search
/// (for a profiler: a fixed count of solves, no clock); prints the last gap and the
/// evaluations made.
fn repeat(args: &[String]) {
    let name = args.first().map_or("wta_50x100x3", String::as_str);
    let per_option: u64 = args.get(1).map_or(60, |s| s.parse().expect("a number"));
    let n: usize = args.get(2).map_or(100, |s| s.parse().expect("a number"));
    let best = csv_column(&read(&fixtures().join("published/best_known.csv")), 0, 1)[name];
    let inst = parse_instance(&read(&fixtures().join(format!("published/{name}.txt"))))
        .expect("a published instance");
    let mut solver = LocalSearch::with_budget(tdome_bmc::assign::wta::SearchBudget {
        per_option,
        floor: 0,
        ..Default::default()
    });
    let mut out = WtaSolution::new();
    let started = Instant::now();
    for _ in 0..n {
        solver.solve(&inst.problem, &mut out);
    }
    if std::env::var("WTA_DUMP").is_ok() {
        for (o, &x) in out.rounds.iter().enumerate() {
            let opt = inst.problem.options()[o];
            if x > 0 {
                println!("round {} {} {x} {}", opt.weapon, opt.target, opt.p_kill);
            }
        }
    }
    println!(
        "{name} at {per_option} per option: gap {:.3}%, {} evaluations, {:.3} ms a solve",
        100.0 * (out.surviving_value - best) / best,
        solver.evaluations(),
        started.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}

/// The local search's gap and time on each published instance at several budgets
/// (evaluations per option, floor 0), and the mean gaps over the 50 × 100 three and all
/// six.
fn sweep() {
    let best = csv_column(&read(&fixtures().join("published/best_known.csv")), 0, 1);
    let per_option: Vec<u64> = std::env::var("WTA_SWEEP")
        .unwrap_or_else(|_| "10,20,30,40,60,120,250".to_string())
        .split(',')
        .map(|s| s.trim().parse().expect("a number"))
        .collect();
    let instances: Vec<_> = PUBLISHED
        .iter()
        .map(|name| {
            let inst = parse_instance(&read(&fixtures().join(format!("published/{name}.txt"))))
                .expect("a published instance");
            (name, inst, best[*name])
        })
        .collect();
    println!("### Local search by budget (gap %, ms)\n");
    print!("| per option |");
    for (name, _, _) in &instances {
        print!(" {name} |");
    }
    println!(" mean 50×100 | mean all |");
    for &k in &per_option {
        let budget = tdome_bmc::assign::wta::SearchBudget {
            per_option: k,
            floor: 0,
            ..Default::default()
        };
        print!("| {k} |");
        let mut gaps = Vec::new();
        for (_, inst, best) in &instances {
            let (out, time) = timed(
                &mut LocalSearch::with_budget(budget),
                &inst.problem,
                Duration::from_millis(300),
            );
            let gap = (out.surviving_value - best) / best;
            gaps.push(gap);
            print!(" {:.3}% {} |", 100.0 * gap, ms(time));
        }
        println!(
            " {:.3}% | {:.3}% |",
            100.0 * gaps[..3].iter().sum::<f64>() / 3.0,
            100.0 * gaps.iter().sum::<f64>() / 6.0
        );
    }
    println!();
}
