//! Timing of one assignment pass (issue 8's target: a full dynamic cycle, 1,000 threats ×
//! 100 batteries, in ≤ 50 ms). A dependency-free benchmark:
//!
//! `cargo run --release -p tdome-bmc --example assign_timing [RULE...] [--cycles N] [--threads K]`
//!
//! (every rule, 40 steady cycles, and the searches on one thread then on every core by
//! default; `--cycles 0` times the first cycle alone, which is what a profiler of it
//! wants)
//!
//! The raid of `assess_timing` (1,000 rockets), all bound for one defended district
//! (a 40 km square over the towns), against 100
//! batteries on a 10 × 10 grid over the towns: four in five short-range (0.5–15 km,
//! 0.1–10 km up), one in five medium-range (1–40 km, 1–20 km up), each with four fire
//! channels and 40 rounds. Every cycle the batteries report full status, so the
//! problem stays as large as it can be: each threat not yet engaged is a candidate with
//! every battery. The first cycle timed is the first with threats to decide on (threats
//! are confirmed by two assessments in a row). Timed: `Assigner::assign` alone (the doctrine gate, the intercept
//! windows of the options table, the choice of shooters and the commit), for each
//! assignment rule, on the first cycle (every track new, every window searched afresh)
//! and over the 40 cycles of 0.5 s that follow. Wall time, with the options table's
//! searches on the number of threads shown (the rest of the pass is on one).

mod timing_world;

use tdome_bmc::config::AssignmentRule;
use timing_world::BATTERIES;

/// Steady cycles timed after the first, by default.
const CYCLES: usize = 40;
const RULES: [AssignmentRule; 4] = [
    AssignmentRule::Layered,
    AssignmentRule::Nearest,
    AssignmentRule::Greedy,
    AssignmentRule::Local,
];

fn run(rule: AssignmentRule, cycles: usize, threads: usize) {
    let mut times = Vec::with_capacity(cycles + 1);
    let (mut first_orders, mut first_threats) = (0, 0);
    timing_world::assign_cycles(
        rule,
        threads,
        timing_world::TRACKS,
        cycles,
        |decisions, orders, ms| {
            if times.is_empty() {
                (first_orders, first_threats) = (orders.len(), decisions.len());
            }
            times.push(ms);
        },
    );
    let first = times[0];
    let mut steady = times[1..].to_vec();
    steady.sort_by(f64::total_cmp);
    let (mean, median, max) = match steady.last() {
        Some(&max) => (
            format!("{:.2}", steady.iter().sum::<f64>() / steady.len() as f64),
            format!("{:.2}", steady[steady.len() / 2]),
            format!("{max:.2}"),
        ),
        None => ("—".into(), "—".into(), "—".into()),
    };
    println!(
        "| {} | {threads} | {} × {BATTERIES} | {first:.1} | {first_threats} | {first_orders} | {mean} | {median} | {max} |",
        rule.name(),
        timing_world::TRACKS,
    );
}

fn main() {
    let mut rules = Vec::new();
    let mut cycles = CYCLES;
    let mut threads = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--cycles" || arg == "--threads" {
            let Some(n) = args.next().and_then(|n| n.parse::<usize>().ok()) else {
                eprintln!("{arg} wants a whole number");
                std::process::exit(2);
            };
            if arg == "--cycles" {
                cycles = n;
            } else {
                threads = Some(n.max(1));
            }
            continue;
        }
        match RULES.into_iter().find(|r| r.name() == arg) {
            Some(rule) => rules.push(rule),
            None => {
                eprintln!("unknown rule '{arg}' (layered, nearest, greedy or local)");
                std::process::exit(2);
            }
        }
    }
    if rules.is_empty() {
        rules = RULES.to_vec();
    }
    println!(
        "| rule | search threads | tracks × batteries | first cycle, ms | threats decided then | orders then | steady cycle: mean, ms | median | max |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let counts = match threads {
        Some(k) => vec![k],
        None if cores > 1 => vec![1, cores],
        None => vec![1],
    };
    for rule in rules {
        for &k in &counts {
            run(rule, cycles, k);
        }
    }
}
