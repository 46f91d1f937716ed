//! The generalized optimal sub-pattern assignment metric (GOSPA; García-Fernández,
//! Svensson & Morelande 2020, "Generalized optimal sub-pattern assignment metric",
//! IEEE T-SP 68) with α = 2, over ECEF positions.
//!
//! At one instant, with truths X, estimates Y, cut-off c and order p:
//!
//! ```text
//!   d = ( min over assignments γ  Σ_{(i,j)∈γ} ‖x_i − y_j‖^p + c^p/2 · (#missed + #false) )^(1/p)
//! ```
//!
//! where only pairs closer than c may be assigned. The parts are reported as Stone Soup
//! 1.9.1's `GOSPAMetric` reports them, so a fixture compares exactly: `localisation` =
//! Σ ‖x − y‖^p over assigned pairs, `missed` = c^p/2 · #missed, `false_` = c^p/2 ·
//! #false (all in metres^p, not rooted), and `distance` = (localisation + missed +
//! false)^(1/p), in metres.

use tdome_bmc::lap::{Edge, Solver};
use tdome_core::{Ecef, Position};

use crate::EvalError;

/// GOSPA parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gospa {
    /// Cut-off distance c, metres (> 0): an error of c or more counts as a miss plus a
    /// false estimate.
    c: f64,
    /// Order p (≥ 1): how strongly large errors dominate.
    p: f64,
}

/// GOSPA at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct GospaInstant {
    /// The metric, metres.
    pub distance: f64,
    /// Σ over assigned pairs of distance^p, metres^p.
    pub localisation: f64,
    /// c^p/2 per missed truth, metres^p.
    pub missed: f64,
    /// c^p/2 per false estimate, metres^p.
    pub false_: f64,
    /// For each truth, the estimate assigned to it (closer than c), if any.
    pub truth_to_estimate: Vec<Option<usize>>,
    /// How many truths have no estimate.
    pub missed_count: usize,
    /// How many estimates have no truth.
    pub false_count: usize,
}

impl Default for Gospa {
    /// c = 200 m, p = 1: `tdome eval`'s defaults, which the run summary uses.
    fn default() -> Self {
        Gospa { c: 200.0, p: 1.0 }
    }
}

impl Gospa {
    /// Cut-off `c` metres (finite, > 0) and order `p` (finite, ≥ 1).
    pub fn new(c: f64, p: f64) -> Result<Self, EvalError> {
        if !(c.is_finite() && c > 0.0) {
            return Err(EvalError::Parameter(
                "the GOSPA cut-off c must be finite and > 0",
            ));
        }
        if !(p.is_finite() && p >= 1.0) {
            return Err(EvalError::Parameter(
                "the GOSPA order p must be finite and ≥ 1",
            ));
        }
        Ok(Gospa { c, p })
    }

    /// The cut-off c, metres.
    pub fn c(&self) -> f64 {
        self.c
    }

    /// The order p.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// GOSPA between `truths` and `estimates` at one instant. The optimal assignment is
    /// exact (sparse: only pairs closer than c become edges); `solver` holds the
    /// assignment's scratch buffers between instants.
    pub fn at(
        &self,
        truths: &[Position<Ecef>],
        estimates: &[Position<Ecef>],
        solver: &mut Solver,
    ) -> GospaInstant {
        let dummy = self.c.powf(self.p) / 2.0;
        // Candidate pairs by a sweep along ECEF x: a pair closer than c is closer than c
        // in x, so each truth looks only at the estimates in that slab, and a dense
        // picture costs the pairs near each other, not every truth times every estimate.
        // An estimate with a non-finite coordinate is closer than c to nothing.
        let x_of = |p: &Position<Ecef>| p.metres().x;
        let mut by_x: Vec<usize> = (0..estimates.len())
            .filter(|&j| estimates[j].is_finite())
            .collect();
        by_x.sort_by(|&a, &b| x_of(&estimates[a]).total_cmp(&x_of(&estimates[b])));
        let xs: Vec<f64> = by_x.iter().map(|&j| x_of(&estimates[j])).collect();
        let mut edges = Vec::new();
        for (i, x) in truths.iter().enumerate() {
            let xi = x_of(x);
            let row_start = edges.len();
            let from = xs.partition_point(|&v| v <= xi - self.c);
            for (&j, &v) in by_x[from..].iter().zip(&xs[from..]) {
                if v >= xi + self.c {
                    break;
                }
                let d = x.distance_to(&estimates[j]).si();
                if d < self.c {
                    edges.push(Edge {
                        row: i,
                        col: j,
                        cost: d.powf(self.p),
                    });
                }
            }
            // Each row's edges in column order, as a plain double loop would list them,
            // so that the assignment's tie-breaks do not depend on the sweep.
            edges[row_start..].sort_by_key(|e| e.col);
        }
        let unassigned_truths = vec![dummy; truths.len()];
        let unassigned_estimates = vec![dummy; estimates.len()];
        let assignment = solver
            .solve(
                truths.len(),
                estimates.len(),
                &edges,
                &unassigned_truths,
                &unassigned_estimates,
            )
            // The lengths match and every cost is finite by construction.
            .unwrap_or_else(|_| tdome_bmc::lap::Assignment {
                row_to_col: vec![None; truths.len()],
                col_to_row: vec![None; estimates.len()],
                cost: f64::NAN,
            });
        let localisation: f64 = assignment
            .row_to_col
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| truths[i].distance_to(&estimates[j]).si().powf(self.p)))
            .sum();
        let missed_count = assignment.row_to_col.iter().filter(|j| j.is_none()).count();
        let false_count = assignment.col_to_row.iter().filter(|i| i.is_none()).count();
        let missed = dummy * missed_count as f64;
        let false_ = dummy * false_count as f64;
        GospaInstant {
            distance: (localisation + missed + false_).powf(1.0 / self.p),
            localisation,
            missed,
            false_,
            truth_to_estimate: assignment.row_to_col,
            missed_count,
            false_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sweep finds every pair a double loop finds: same edges, same assignment.
    #[test]
    fn the_sweep_gives_the_double_loops_answer() {
        // A deterministic scatter (an LCG), clustered so that many pairs are near.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut point = |spread: f64| {
            Position::<Ecef>::from_metres(
                -3e6 + spread * next(),
                5e6 + spread * next(),
                2.6e6 + spread * next(),
            )
        };
        let truths: Vec<_> = (0..60).map(|_| point(1500.0)).collect();
        let mut estimates: Vec<_> = (0..70).map(|_| point(1500.0)).collect();
        estimates.push(Position::from_metres(f64::NAN, 5e6, 2.6e6));
        let g = Gospa::new(200.0, 2.0).expect("valid");
        let fast = g.at(&truths, &estimates, &mut Solver::new());
        // The double loop, and the assignment through the same solver.
        let mut edges = Vec::new();
        for (i, x) in truths.iter().enumerate() {
            for (j, y) in estimates.iter().enumerate() {
                let d = x.distance_to(y).si();
                if d < g.c() {
                    edges.push(Edge {
                        row: i,
                        col: j,
                        cost: d.powf(g.p()),
                    });
                }
            }
        }
        assert!(edges.len() > 20, "{} edges", edges.len());
        let dummy = g.c().powf(g.p()) / 2.0;
        let slow = Solver::new()
            .solve(
                truths.len(),
                estimates.len(),
                &edges,
                &vec![dummy; truths.len()],
                &vec![dummy; estimates.len()],
            )
            .expect("valid problem");
        assert_eq!(fast.truth_to_estimate, slow.row_to_col);
        let localisation: f64 = slow
            .row_to_col
            .iter()
            .enumerate()
            .filter_map(|(i, j)| j.map(|j| truths[i].distance_to(&estimates[j]).si().powf(2.0)))
            .sum();
        assert_eq!(fast.localisation, localisation);
        assert!(fast.false_count >= 1, "the NaN estimate is false");
    }
}
