//! Maximum-marginal-return greedy (den Broeder, Ellison & Emerling 1959; Kolitz 1988):
//! give one round at a time to the option with the largest marginal gain
//! V_j S_j p_o − λ c_o, until no gain is positive or no round can be placed.
//!
//! Lazy evaluation (as in Minoux's accelerated greedy): a round on target j lowers S_j
//! and so every gain on j, and never raises any gain. The heap therefore keeps each
//! option's gain as last computed, stamped with its target's version; a popped entry
//! whose stamp is stale is recomputed and pushed back, and one whose stamp is current is
//! the true maximum. Only the options actually reaching the top are re-evaluated, rather
//! than all options of a target after each round.
//!
//! Ties go to the lower option index, so the result does not depend on heap internals.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::{Survival, WtaProblem, WtaSolution, WtaSolver, WtaStatus};

/// The greedy solver, with its scratch buffers.
#[derive(Clone, Debug, Default)]
pub struct Greedy {
    heap: BinaryHeap<Entry>,
    version: Vec<u32>,
    weapon_left: Vec<u32>,
    target_left: Vec<u32>,
    survival: Survival,
    rounds: Vec<u32>,
}

/// One option's marginal gain as computed when its target had version `version`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    gain: f64,
    option: usize,
    version: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then(other.option.cmp(&self.option))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Greedy {
    /// A greedy solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add rounds to the partial solution `rounds` (feasible, one entry per option) by
    /// maximum marginal return until no positive gain is left.
    pub(crate) fn extend(&mut self, problem: &WtaProblem, rounds: &mut [u32]) {
        self.start(problem, rounds);
        let mut entries = std::mem::take(&mut self.heap).into_vec();
        entries.clear();
        for o in 0..rounds.len() {
            if let Some(e) = self.entry(problem, o) {
                entries.push(e);
            }
        }
        self.heap = BinaryHeap::from(entries);
        let mut armed = self.weapon_left.iter().filter(|&&n| n > 0).count();
        while armed > 0 {
            let Some(top) = self.heap.pop() else {
                break;
            };
            let target = problem.options()[top.option].target;
            if top.version != self.version[target] {
                // Stale: its target has been shot at since. Re-evaluate and re-queue.
                if let Some(e) = self.entry(problem, top.option) {
                    self.heap.push(e);
                }
                continue;
            }
            if !self.can_fire(problem, top.option) {
                continue;
            }
            self.fire(problem, top.option, rounds);
            if self.weapon_left[problem.options()[top.option].weapon] == 0 {
                armed -= 1;
            }
            if let Some(e) = self.entry(problem, top.option) {
                self.heap.push(e);
            }
        }
    }

    /// Remaining capacities, target allowances and survivals of the partial solution.
    fn start(&mut self, problem: &WtaProblem, rounds: &[u32]) {
        problem.remaining(rounds, &mut self.weapon_left, &mut self.target_left);
        self.version.clear();
        self.version.resize(problem.targets().len(), 0);
        self.survival.reset(problem, rounds);
    }

    fn can_fire(&self, problem: &WtaProblem, o: usize) -> bool {
        let opt = &problem.options()[o];
        self.weapon_left[opt.weapon] > 0 && self.target_left[opt.target] > 0
    }

    /// Option `o`'s entry at its target's current state, if it can fire at a gain.
    fn entry(&self, problem: &WtaProblem, o: usize) -> Option<Entry> {
        if !self.can_fire(problem, o) {
            return None;
        }
        let target = problem.options()[o].target;
        let gain = problem.marginal_gain(o, self.survival.get(target));
        (gain > 0.0).then_some(Entry {
            gain,
            option: o,
            version: self.version[target],
        })
    }

    fn fire(&mut self, problem: &WtaProblem, o: usize, rounds: &mut [u32]) {
        let opt = &problem.options()[o];
        rounds[o] += 1;
        self.weapon_left[opt.weapon] -= 1;
        self.target_left[opt.target] -= 1;
        self.survival.add(opt.target, problem.miss(o));
        self.version[opt.target] = self.version[opt.target].wrapping_add(1);
    }
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
