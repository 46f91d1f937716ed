//! The sparse assignment solver (`tdome_bmc::lap`) against brute force on many small
//! random problems, against scipy's `linear_sum_assignment` (fixture:
//! tests/fixtures/metrics/generate_lap.py), and for its scaling on large sparse inputs.

use std::collections::BTreeMap;

use rand::Rng;
use tdome_bmc::lap::{self, Assignment, Edge, Solver};
use tdome_core::rng::{Purpose, stream};

/// The optimum by enumeration of every partial matching over the given edges.
fn brute_force(rows: usize, cols: usize, edges: &[Edge], ru: &[f64], cu: &[f64]) -> f64 {
    fn go(
        row: usize,
        used: &mut Vec<bool>,
        by_row: &[Vec<(usize, f64)>],
        ru: &[f64],
        cu: &[f64],
    ) -> f64 {
        if row == by_row.len() {
            return used
                .iter()
                .zip(cu)
                .filter(|(u, _)| !**u)
                .map(|(_, c)| c)
                .sum();
        }
        let mut best = ru[row] + go(row + 1, used, by_row, ru, cu);
        for &(col, cost) in &by_row[row] {
            if !used[col] {
                used[col] = true;
                best = best.min(cost + go(row + 1, used, by_row, ru, cu));
                used[col] = false;
            }
        }
        best
    }
    let mut by_row = vec![Vec::new(); rows];
    for e in edges.iter().filter(|e| e.cost.is_finite()) {
        by_row[e.row].push((e.col, e.cost));
    }
    go(0, &mut vec![false; cols], &by_row, ru, cu)
}

/// The assignment is a matching over given edges and its cost is what it claims.
fn check_consistent(a: &Assignment, edges: &[Edge], ru: &[f64], cu: &[f64]) {
    let mut total = 0.0;
    for (r, c) in a.row_to_col.iter().enumerate() {
        match c {
            Some(c) => {
                assert_eq!(a.col_to_row[*c], Some(r));
                total += edges
                    .iter()
                    .filter(|e| e.row == r && e.col == *c && e.cost.is_finite())
                    .map(|e| e.cost)
                    .fold(f64::INFINITY, f64::min);
            }
            None => total += ru[r],
        }
    }
    for (c, r) in a.col_to_row.iter().enumerate() {
        match r {
            Some(r) => assert_eq!(a.row_to_col[*r], Some(c)),
            None => total += cu[c],
        }
    }
    assert!(
        (total - a.cost).abs() <= 1e-9 * (1.0 + total.abs()),
        "claimed {} but pairs cost {total}",
        a.cost
    );
}

#[test]
fn lap_matches_brute_force_on_random_small_problems() {
    let mut rng = stream(20251107, Purpose::SensorNoise, 0);
    let mut solver = Solver::new();
    let mut nontrivial = 0;
    for case in 0..3000 {
        let rows = rng.random_range(0..=6);
        let cols = rng.random_range(0..=6);
        let density: f64 = rng.random_range(0.05..1.0);
        let mut edges = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                if rng.random::<f64>() < density {
                    // Integer-valued costs make ties common, which exercises the
                    // tie-breaking paths; every third case has continuous costs.
                    let cost = if case % 3 == 0 {
                        rng.random_range(-3.0..12.0)
                    } else {
                        f64::from(rng.random_range(-3..12))
                    };
                    edges.push(Edge {
                        row: r,
                        col: c,
                        cost,
                    });
                    if rng.random::<f64>() < 0.1 {
                        edges.push(Edge {
                            row: r,
                            col: c,
                            cost: cost + 1.0,
                        });
                    }
                }
            }
        }
        let ru: Vec<f64> = (0..rows)
            .map(|_| f64::from(rng.random_range(0..6)))
            .collect();
        let cu: Vec<f64> = (0..cols)
            .map(|_| f64::from(rng.random_range(0..6)))
            .collect();
        let a = solver
            .solve(rows, cols, &edges, &ru, &cu)
            .expect("valid problem");
        let best = brute_force(rows, cols, &edges, &ru, &cu);
        assert!(
            (a.cost - best).abs() <= 1e-9 * (1.0 + best.abs()),
            "case {case}: solver {} vs brute force {best}",
            a.cost
        );
        check_consistent(&a, &edges, &ru, &cu);
        // Same input, fresh solver: the same assignment (determinism).
        assert_eq!(lap::solve(rows, cols, &edges, &ru, &cu).expect("valid"), a);
        nontrivial += usize::from(a.row_to_col.iter().flatten().count() >= 2);
    }
    assert!(
        nontrivial > 500,
        "only {nontrivial} cases assigned ≥ 2 pairs"
    );
}

/// One problem of the scipy fixture.
#[derive(Default)]
struct Problem {
    rows: usize,
    cols: usize,
    ru: Vec<f64>,
    cu: Vec<f64>,
    edges: Vec<Edge>,
    optimum: f64,
    pairs: Vec<(usize, usize)>,
}

fn scipy_fixture() -> BTreeMap<usize, Problem> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/metrics/lap_scipy.csv"
    );
    let text = std::fs::read_to_string(path).expect("fixture present");
    let mut problems: BTreeMap<usize, Problem> = BTreeMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 5, "line {}", i + 1);
        let int = |s: &str| {
            s.parse::<usize>()
                .unwrap_or_else(|_| panic!("line {}", i + 1))
        };
        let num = |s: &str| {
            s.parse::<f64>()
                .unwrap_or_else(|_| panic!("line {}", i + 1))
        };
        let p = problems.entry(int(f[0])).or_default();
        match f[1] {
            "size" => (p.rows, p.cols) = (int(f[2]), int(f[3])),
            "row_unassigned" => p.ru.push(num(f[4])),
            "col_unassigned" => p.cu.push(num(f[4])),
            "edge" => p.edges.push(Edge {
                row: int(f[2]),
                col: int(f[3]),
                cost: num(f[4]),
            }),
            "optimum" => p.optimum = num(f[4]),
            "assigned" => p.pairs.push((int(f[2]), int(f[3]))),
            other => panic!("line {}: unknown kind {other}", i + 1),
        }
    }
    problems
}

#[test]
fn val_scipy_lap_optima_and_assignments_match() {
    let problems = scipy_fixture();
    assert_eq!(problems.len(), 60);
    let mut worst = 0.0_f64;
    for (k, p) in &problems {
        let a = lap::solve(p.rows, p.cols, &p.edges, &p.ru, &p.cu).expect("valid");
        let rel = (a.cost - p.optimum).abs() / (1.0 + p.optimum.abs());
        assert!(
            rel < 1e-12,
            "problem {k}: {} vs scipy {}",
            a.cost,
            p.optimum
        );
        let ours: Vec<(usize, usize)> = a
            .row_to_col
            .iter()
            .enumerate()
            .filter_map(|(r, c)| c.map(|c| (r, c)))
            .collect();
        assert_eq!(ours, p.pairs, "problem {k}: assignments differ");
        worst = worst.max(rel);
    }
    println!("60 scipy problems: worst relative cost difference {worst:.2e}");
}

/// Clustered problems: `clusters` groups of up to 4 rows × 4 columns, gated edges inside
/// each group only. Returns (rows, cols, edges).
fn clustered(clusters: usize, seed: u64) -> (usize, usize, Vec<Edge>) {
    let mut rng = stream(seed, Purpose::Clutter, clusters as u64);
    let (mut rows, mut cols, mut edges) = (0, 0, Vec::new());
    for _ in 0..clusters {
        let (m, n) = (rng.random_range(1..=4), rng.random_range(1..=4));
        for r in 0..m {
            for c in 0..n {
                if rng.random::<f64>() < 0.6 {
                    let cost = rng.random_range(0.0..9.0);
                    edges.push(Edge {
                        row: rows + r,
                        col: cols + c,
                        cost,
                    });
                }
            }
        }
        rows += m;
        cols += n;
    }
    (rows, cols, edges)
}

/// Scaling on large sparse problems; run with
/// `cargo test --release -p tdome-bmc --test lap -- --ignored --nocapture`.
#[test]
#[ignore = "timing, not correctness; run on demand"]
fn lap_scaling_on_large_sparse_problems() {
    let mut solver = Solver::new();
    println!("{:>8} {:>8} {:>9} {:>10}", "rows", "cols", "edges", "ms");
    for clusters in [1_000, 4_000, 16_000] {
        let (rows, cols, edges) = clustered(clusters, 3);
        let (ru, cu) = (vec![5.0; rows], vec![5.0; cols]);
        let started = std::time::Instant::now();
        let a = solver.solve(rows, cols, &edges, &ru, &cu).expect("valid");
        let ms = started.elapsed().as_secs_f64() * 1e3;
        assert!(a.cost.is_finite());
        println!("{rows:>8} {cols:>8} {:>9} {ms:>10.2}", edges.len());
    }
    // One connected component: a band, each row gated to its 5 neighbouring columns.
    for n in [1_000_usize, 10_000, 40_000] {
        let mut rng = stream(9, Purpose::Clutter, n as u64);
        let edges: Vec<Edge> = (0..n)
            .flat_map(|r| (r.saturating_sub(2)..(r + 3).min(n)).map(move |c| (r, c)))
            .map(|(row, col)| Edge {
                row,
                col,
                cost: rng.random_range(0.0..9.0),
            })
            .collect();
        let started = std::time::Instant::now();
        let a = solver
            .solve(n, n, &edges, &vec![5.0; n], &vec![5.0; n])
            .expect("valid");
        let ms = started.elapsed().as_secs_f64() * 1e3;
        assert!(a.cost.is_finite());
        println!("band {n:>8} {n:>8} {:>9} {ms:>10.2}", edges.len());
    }
}

#[test]
fn lap_ten_thousand_sparse_rows_solve_quickly() {
    // The scaling check that runs always: 10,000+ rows in clusters, well under a second
    // even in a debug-profile test build (measured: see docs/metrics.md).
    let (rows, cols, edges) = clustered(4_000, 5);
    assert!(rows >= 9_000);
    let started = std::time::Instant::now();
    let a = lap::solve(rows, cols, &edges, &vec![5.0; rows], &vec![5.0; cols]).expect("valid");
    let elapsed = started.elapsed();
    assert!(a.cost.is_finite());
    assert!(elapsed.as_secs_f64() < 5.0, "took {elapsed:?}");
}
