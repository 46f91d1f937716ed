//! Closed-form cases and input validation.

use super::*;

fn option(weapon: usize, target: usize, p_kill: f64) -> WtaOption {
    WtaOption {
        weapon,
        target,
        p_kill,
        cost: 0.0,
    }
}

fn weapons(capacities: &[u32]) -> Vec<Weapon> {
    capacities
        .iter()
        .map(|&capacity| Weapon { capacity })
        .collect()
}

fn targets(values: &[f64]) -> Vec<Target> {
    values
        .iter()
        .map(|&value| Target {
            value,
            max_rounds: NO_ROUND_LIMIT,
        })
        .collect()
}

fn every_solver() -> Vec<Box<dyn WtaSolver>> {
    vec![
        Box::new(Greedy::new()),
        Box::new(LocalSearch::new()),
        Box::new(BranchAndBound::new()),
    ]
}

/// Every solver's surviving value on `problem`.
fn surviving(problem: &WtaProblem) -> Vec<(&'static str, f64)> {
    every_solver()
        .into_iter()
        .map(|mut s| {
            let mut out = WtaSolution::new();
            s.solve(problem, &mut out);
            problem.check_feasible(&out.rounds).expect("feasible");
            (s.name(), out.surviving_value)
        })
        .collect()
}

#[test]
fn one_weapon_one_target_leaves_one_minus_p() {
    let p = WtaProblem::new(
        weapons(&[1]),
        targets(&[50.0]),
        vec![option(0, 0, 0.7)],
        0.0,
    )
    .expect("valid");
    for (name, s) in surviving(&p) {
        assert!((s - 50.0 * 0.3).abs() < 1e-12, "{name}: {s}");
    }
}

#[test]
fn two_weapons_on_one_target_multiply_their_misses() {
    let p = WtaProblem::new(
        weapons(&[1, 2]),
        targets(&[10.0]),
        vec![option(0, 0, 0.5), option(1, 0, 0.6)],
        0.0,
    )
    .expect("valid");
    for (name, s) in surviving(&p) {
        assert!((s - 10.0 * 0.5 * 0.4 * 0.4).abs() < 1e-12, "{name}: {s}");
    }
}

#[test]
fn greedy_takes_the_best_first_shot_and_loses_the_pairing() {
    // Weapon 0 kills target 0 at 0.9 and target 1 at 0.8; weapon 1 kills target 0 at 0.8
    // and target 1 at 0.1. Greedy fires 0→0 (gain 0.9), then 1→1 (0.1 > 0.1·0.8):
    // surviving 0.1 + 0.9 = 1.0. The optimum pairs 0→1 and 1→0: 0.2 + 0.2 = 0.4.
    let p = WtaProblem::new(
        weapons(&[1, 1]),
        targets(&[1.0, 1.0]),
        vec![
            option(0, 0, 0.9),
            option(0, 1, 0.8),
            option(1, 0, 0.8),
            option(1, 1, 0.1),
        ],
        0.0,
    )
    .expect("valid");
    let s = surviving(&p);
    assert!((s[0].1 - 1.0).abs() < 1e-12, "greedy {}", s[0].1);
    for (name, v) in &s[1..] {
        assert!((v - 0.4).abs() < 1e-12, "{name}: {v}");
    }
}

#[test]
fn a_round_costing_more_than_its_kill_value_is_withheld() {
    // Gain of the first round 10·0.5 = 5 against λc = 0.5·6 = 3: fire. The second: 2.5
    // against 3: hold. Objective 5 − 3 = 2.
    let p = WtaProblem::new(
        weapons(&[3]),
        targets(&[10.0]),
        vec![WtaOption {
            weapon: 0,
            target: 0,
            p_kill: 0.5,
            cost: 6.0,
        }],
        0.5,
    )
    .expect("valid");
    for mut s in every_solver() {
        let mut out = WtaSolution::new();
        s.solve(&p, &mut out);
        assert_eq!(out.rounds, vec![1], "{}", s.name());
        assert!((out.objective - 2.0).abs() < 1e-12, "{}", s.name());
    }
}

#[test]
fn a_target_round_limit_sends_the_rest_elsewhere() {
    let mut t = targets(&[100.0, 1.0]);
    t[0].max_rounds = 1;
    let p = WtaProblem::new(
        weapons(&[3]),
        t,
        vec![option(0, 0, 0.5), option(0, 1, 0.5)],
        0.0,
    )
    .expect("valid");
    for mut s in every_solver() {
        let mut out = WtaSolution::new();
        s.solve(&p, &mut out);
        assert_eq!(out.rounds, vec![1, 2], "{}", s.name());
    }
}

#[test]
fn certain_kills_and_empty_problems() {
    let p = WtaProblem::new(
        weapons(&[2, 0]),
        targets(&[5.0, 7.0, 0.0]),
        vec![option(0, 0, 1.0), option(0, 1, 1.0), option(1, 2, 0.5)],
        0.0,
    )
    .expect("valid");
    for (name, s) in surviving(&p) {
        assert_eq!(s, 0.0, "{name}");
    }
    let empty = WtaProblem::new(vec![], targets(&[3.0]), vec![], 0.0).expect("valid");
    for (name, s) in surviving(&empty) {
        assert_eq!(s, 3.0, "{name}");
    }
}

#[test]
fn bad_inputs_are_named() {
    let t = targets(&[1.0]);
    let w = weapons(&[1]);
    let err = |options: Vec<WtaOption>| WtaProblem::new(w.clone(), t.clone(), options, 0.0);
    assert_eq!(
        err(vec![option(0, 0, 1.5)]).unwrap_err(),
        WtaError::KillProbability {
            option: 0,
            p_kill: 1.5
        }
    );
    assert!(matches!(
        err(vec![option(0, 0, f64::NAN)]),
        Err(WtaError::KillProbability { option: 0, .. })
    ));
    assert!(matches!(
        err(vec![option(0, 0, 0.5), option(1, 0, 0.5)]),
        Err(WtaError::WeaponOutOfRange { option: 1, .. })
    ));
    assert!(matches!(
        err(vec![option(0, 3, 0.5)]),
        Err(WtaError::TargetOutOfRange { option: 0, .. })
    ));
    assert!(matches!(
        err(vec![option(0, 0, 0.5), option(0, 0, 0.6)]),
        Err(WtaError::DuplicatePair {
            first: 0,
            second: 1,
            ..
        })
    ));
    let mut costly = option(0, 0, 0.5);
    costly.cost = -1.0;
    assert!(matches!(
        err(vec![costly]),
        Err(WtaError::Cost { option: 0, .. })
    ));
    assert!(matches!(
        WtaProblem::new(w.clone(), targets(&[-1.0]), vec![], 0.0),
        Err(WtaError::TargetValue { target: 0, .. })
    ));
    assert!(matches!(
        WtaProblem::new(w, t, vec![], f64::INFINITY),
        Err(WtaError::CostWeight(_))
    ));
}

#[test]
fn infeasible_rounds_are_caught() {
    let mut t = targets(&[1.0, 1.0]);
    t[1].max_rounds = 1;
    let p = WtaProblem::new(
        weapons(&[2, 5]),
        t,
        vec![option(0, 0, 0.5), option(1, 1, 0.5)],
        0.0,
    )
    .expect("valid");
    assert_eq!(p.check_feasible(&[2, 1]), Ok(()));
    assert!(matches!(
        p.check_feasible(&[3, 0]),
        Err(Infeasible::Capacity { weapon: 0, .. })
    ));
    assert!(matches!(
        p.check_feasible(&[0, 2]),
        Err(Infeasible::TargetLimit { target: 1, .. })
    ));
    assert!(matches!(
        p.check_feasible(&[0]),
        Err(Infeasible::Length { .. })
    ));
}

/// A published instance (tests/fixtures/wta/published/) and its best known surviving
/// value.
fn published(name: &str) -> (WtaProblem, f64) {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/wta/published"
    );
    let read = |file: &str| {
        std::fs::read_to_string(format!("{dir}/{file}"))
            .unwrap_or_else(|e| panic!("{dir}/{file}: {e}"))
    };
    let best = read("best_known.csv")
        .lines()
        .find_map(|l| {
            let mut f = l.split(',');
            (f.next() == Some(name))
                .then(|| f.next().expect("objective").parse().expect("a number"))
        })
        .expect("listed");
    let inst = benchmark::parse_instance(&read(&format!("{name}.txt"))).expect("parses");
    (inst.problem, best)
}

/// With a larger budget the iterated search reaches the optima of the three 50 × 100
/// instances (measured: 0.000% on each at 1,000 evaluations per option; the search that
/// repeated its chain searches after each kick stayed 1.86% above on wta_50x100x3). The
/// bound leaves room for a different but equally good path.
#[test]
fn a_larger_budget_reaches_the_published_50x100_optima() {
    let budget = SearchBudget {
        per_option: 1_000,
        floor: 0,
        ..SearchBudget::default()
    };
    for name in ["wta_50x100x1", "wta_50x100x2", "wta_50x100x3"] {
        let (problem, best) = published(name);
        let mut out = WtaSolution::new();
        LocalSearch::with_budget(budget).solve(&problem, &mut out);
        let gap = (out.surviving_value - best) / best;
        assert!(gap <= 0.002, "{name}: gap {gap}");
        assert!(gap >= -1e-6, "{name}: below the optimum, gap {gap}");
    }
}

/// Maximum marginal return by its definition: every round, every option priced afresh.
fn reference_greedy(problem: &WtaProblem) -> Vec<u32> {
    let mut rounds = vec![0; problem.options().len()];
    let (mut weapon_left, mut target_left) = (Vec::new(), Vec::new());
    problem.remaining(&rounds, &mut weapon_left, &mut target_left);
    let mut survival = Survival::default();
    survival.reset(problem, &rounds);
    loop {
        let mut best: Option<(f64, usize)> = None;
        for (o, opt) in problem.options().iter().enumerate() {
            if weapon_left[opt.weapon] == 0 || target_left[opt.target] == 0 {
                continue;
            }
            let g = problem.marginal_gain(o, survival.get(opt.target));
            if g > 0.0 && best.is_none_or(|(bg, bo)| g > bg || (g == bg && o < bo)) {
                best = Some((g, o));
            }
        }
        let Some((_, o)) = best else {
            return rounds;
        };
        let opt = problem.options()[o];
        rounds[o] += 1;
        weapon_left[opt.weapon] -= 1;
        target_left[opt.target] -= 1;
        survival.add(opt.target, problem.miss(o));
    }
}

/// The greedy's tournament gives the rounds of the definition, bit for bit, on random
/// problems with ties (kill probabilities and values from short lists), certain kills,
/// costs, target limits and sparse options, and on the published instances.
#[test]
fn greedy_matches_its_definition() {
    // The kicks' stream, for test problems too.
    let mut rng = super::local::SplitMix64::seeded(7);
    let mut solver = Greedy::new();
    let mut out = WtaSolution::new();
    for case in 0..400 {
        let w = 1 + rng.below(12);
        let t = 1 + rng.below(15);
        let ties = case % 2 == 0;
        let weapons: Vec<Weapon> = (0..w)
            .map(|_| Weapon {
                capacity: rng.below(4) as u32,
            })
            .collect();
        let targets: Vec<Target> = (0..t)
            .map(|_| Target {
                value: if ties {
                    [10.0, 20.0, 0.0][rng.below(3)]
                } else {
                    rng.below(1000) as f64 / 10.0
                },
                max_rounds: if rng.below(3) == 0 {
                    rng.below(3) as u32
                } else {
                    NO_ROUND_LIMIT
                },
            })
            .collect();
        let mut options = Vec::new();
        for weapon in 0..w {
            for target in 0..t {
                if rng.below(4) == 0 {
                    continue;
                }
                let p_kill = if ties {
                    [0.5, 0.8, 1.0, 0.0][rng.below(4)]
                } else {
                    rng.below(1001) as f64 / 1000.0
                };
                options.push(WtaOption {
                    weapon,
                    target,
                    p_kill,
                    cost: rng.below(5) as f64,
                });
            }
        }
        let lambda = [0.0, 0.5, 3.0][case % 3];
        let problem = WtaProblem::new(weapons, targets, options, lambda).expect("valid");
        solver.solve(&problem, &mut out);
        assert_eq!(out.rounds, reference_greedy(&problem), "case {case}");
    }
    for name in ["wta_50x100x1", "wta_50x100x3", "wta_100x200x2"] {
        let (problem, _) = published(name);
        solver.solve(&problem, &mut out);
        assert_eq!(out.rounds, reference_greedy(&problem), "{name}");
    }
}

/// At the default budget the local search's gaps to the optima of the published 50 × 100
/// instances (measured: 0.000%, 0.000% and 0.111%, mean 0.037%, in 0.6–0.95 ms each on a
/// quiet machine; before chains could consolidate, 0.000%, 0.000% and 1.856%; before the
/// budget was cut to 20 evaluations per option and the first descent left its swaps to
/// the chains: 0.000%, 0.139% and 2.258% in 2.5–4.3 ms). The search is
/// deterministic, so these are exact; the bounds leave room for rounding only, and a
/// change that loses ground on any of them fails here.
#[test]
fn the_default_budget_holds_the_published_50x100_gaps() {
    let mut gaps = Vec::new();
    for (name, bound) in [
        ("wta_50x100x1", 1e-5),
        ("wta_50x100x2", 1e-5),
        ("wta_50x100x3", 0.00112),
    ] {
        let (problem, best) = published(name);
        let mut out = WtaSolution::new();
        LocalSearch::new().solve(&problem, &mut out);
        let gap = (out.surviving_value - best) / best;
        assert!(gap <= bound, "{name}: gap {gap}, bound {bound}");
        assert!(gap >= -1e-6, "{name}: below the optimum, gap {gap}");
        gaps.push(gap);
    }
    let mean = gaps.iter().sum::<f64>() / 3.0;
    assert!(mean <= 0.00038, "mean gap {mean}");
}

/// A ceiling bounds the search whatever the problem's size, and wins over the floor: a
/// solve on the 100 × 200 published instance (20,000 options, 400,000 evaluations by
/// default) stops at the first check past the ceiling, no worse than greedy and no
/// better than the solve with the whole budget. A chain search under way is finished,
/// so the overrun grows with the problem (measured: 83,132 evaluations against a
/// ceiling of 50,000, 1.7 per option over).
#[test]
fn a_ceiling_bounds_the_search() {
    let capped = SearchBudget {
        ceiling: 50_000,
        ..SearchBudget::default()
    };
    assert_eq!(capped.evaluations(100), 40_000);
    assert_eq!(capped.evaluations(20_000), 50_000);
    let below_floor = SearchBudget {
        ceiling: 1_000,
        ..SearchBudget::default()
    };
    assert_eq!(below_floor.evaluations(10), 1_000);
    assert_eq!(SearchBudget::default().evaluations(20_000), 400_000);

    let (problem, _) = published("wta_100x200x2");
    let mut greedy = WtaSolution::new();
    Greedy::new().solve(&problem, &mut greedy);
    let (mut out, mut full) = (WtaSolution::new(), WtaSolution::new());
    let mut solver = LocalSearch::with_budget(capped);
    solver.solve(&problem, &mut out);
    let spent = solver.evaluations();
    assert!(
        spent >= 50_000 && spent <= 50_000 + 2 * problem.options().len() as u64,
        "{spent} evaluations"
    );
    let mut whole = LocalSearch::new();
    whole.solve(&problem, &mut full);
    assert!(whole.evaluations() > 300_000, "{}", whole.evaluations());
    assert!(out.surviving_value <= greedy.surviving_value + 1e-9);
    assert!(full.surviving_value <= out.surviving_value + 1e-9);
}
