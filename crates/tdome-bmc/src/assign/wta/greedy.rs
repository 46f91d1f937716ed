//! Maximum-marginal-return greedy (den Broeder, Ellison & Emerling 1959; Kolitz 1988):
//! give one round at a time to the option with the largest marginal gain
//! V_j S_j p_o − λ c_o, until no gain is positive or no round can be placed.
//!
//! A round on target j changes only the gains on j (its survival fell) and, if it was
//! its weapon's last, takes that weapon's options out. So each target keeps its best
//! option (a scan of its options), the targets' bests sit in a tournament tree, and a
//! round costs one scan of its target's options and a walk up the tree. A weapon that
//! runs out leaves the bests it held standing, as upper bounds; a target scans again
//! only if one of them reaches the top (on the first cycle of a 1,000 × 100 raid,
//! rescanning every target whose best it was made 38,030 scans; this makes 5,710, for
//! the same choices). (The heap of every
//! option with lazy re-evaluation this replaces did the same choices with far more
//! work: 10–29 ms on a dense 200 × 200 problem against well under one.)
//!
//! Ties go to the lower option index, so the result depends on nothing but the problem.

use super::{Survival, WtaProblem, WtaSolution, WtaSolver, WtaStatus};

/// An empty place in the tournament: no option can fire at a gain.
const EMPTY: (f64, u32) = (f64::NEG_INFINITY, u32::MAX);

/// The greedy solver, with its scratch buffers.
#[derive(Clone, Debug, Default)]
pub struct Greedy {
    /// Tournament over the targets, as (gain, option): the leaf of target j, at
    /// `leaves + j`, is its best option now; node k holds the better of its two children.
    tree: Vec<(f64, u32)>,
    leaves: usize,
    weapon_left: Vec<u32>,
    target_left: Vec<u32>,
    survival: Survival,
    rounds: Vec<u32>,
}

impl Greedy {
    /// A greedy solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add rounds to the partial solution `rounds` (feasible, one entry per option) by
    /// maximum marginal return until no positive gain is left.
    pub(crate) fn extend(&mut self, problem: &WtaProblem, rounds: &mut [u32]) {
        // Options are indexed by u32 in the tournament.
        assert!(
            problem.options().len() < u32::MAX as usize,
            "too many options"
        );
        problem.remaining(rounds, &mut self.weapon_left, &mut self.target_left);
        self.survival.reset(problem, rounds);
        let targets = problem.targets().len();
        self.leaves = targets.next_power_of_two();
        self.tree.clear();
        self.tree.resize(2 * self.leaves, EMPTY);
        for j in 0..targets {
            self.tree[self.leaves + j] = self.scan(problem, j);
        }
        for k in (1..self.leaves).rev() {
            self.tree[k] = winner(self.tree[2 * k], self.tree[2 * k + 1]);
        }
        loop {
            let (_, top) = self.tree[1];
            if top == u32::MAX {
                break;
            }
            let o = top as usize;
            let opt = problem.options()[o];
            let (i, j) = (opt.weapon, opt.target);
            if self.weapon_left[i] == 0 {
                // A best whose weapon has run out, left standing: it bounds its target's
                // gain from above, as every leaf's does, so only a target that comes to
                // the top needs its scan again (and a fresh top beats every target's
                // true best, in the same order of gain and index as an eager rescan).
                self.rescan(problem, j);
                continue;
            }
            rounds[o] += 1;
            self.weapon_left[i] -= 1;
            self.target_left[j] -= 1;
            self.survival.add(j, problem.miss(o));
            self.rescan(problem, j);
        }
    }

    /// Target `j`'s best option now: the largest positive gain of a weapon with a round
    /// left (ties to the lower option), if j may take another round.
    fn scan(&self, problem: &WtaProblem, j: usize) -> (f64, u32) {
        if self.target_left[j] == 0 {
            return EMPTY;
        }
        let survival = self.survival.get(j);
        let mut best = EMPTY;
        for &o in problem.options_of_target(j) {
            if self.weapon_left[problem.options()[o].weapon] == 0 {
                continue;
            }
            let g = problem.marginal_gain(o, survival);
            if g > 0.0 && (best.1 == u32::MAX || better(g, o, best.0, best.1 as usize)) {
                best = (g, o as u32);
            }
        }
        best
    }

    /// Target `j`'s best again, and up the tournament as far as anything changes.
    fn rescan(&mut self, problem: &WtaProblem, j: usize) {
        let mut k = self.leaves + j;
        self.tree[k] = self.scan(problem, j);
        while k > 1 {
            k /= 2;
            let w = winner(self.tree[2 * k], self.tree[2 * k + 1]);
            if w.1 == self.tree[k].1 && w.0.to_bits() == self.tree[k].0.to_bits() {
                break;
            }
            self.tree[k] = w;
        }
    }
}

/// The better of two places (an empty one loses to any).
fn winner(a: (f64, u32), b: (f64, u32)) -> (f64, u32) {
    if b.1 == u32::MAX {
        return a;
    }
    if a.1 == u32::MAX || better(b.0, b.1 as usize, a.0, a.1 as usize) {
        b
    } else {
        a
    }
}

/// Whether gain `g` of option `o` beats gain `bg` of option `bo` (ties to the lower
/// option).
fn better(g: f64, o: usize, bg: f64, bo: usize) -> bool {
    g > bg || (g == bg && o < bo)
}

impl WtaSolver for Greedy {
    fn name(&self) -> &'static str {
        "greedy"
    }

    fn solve(&mut self, problem: &WtaProblem, out: &mut WtaSolution) {
        let mut rounds = std::mem::take(&mut self.rounds);
        rounds.clear();
        rounds.resize(problem.options().len(), 0);
        self.extend(problem, &mut rounds);
        out.set(problem, &rounds, WtaStatus::Heuristic);
        self.rounds = rounds;
    }
}
