//! Improvement solver: a good first solution, then local search to a local optimum.
//!
//! First solution: the better of
//! - maximum-marginal-return greedy ([`Greedy`]), and
//! - one linear assignment of rounds to targets on the first-round gains V_j p_o − λ c_o
//!   (each round to at most one target, each target at most one round), solved exactly
//!   by [`crate::lap`], then completed by greedy. Ahuja, Kumar, Jha & Orlin (2007) observe
//!   that on square instances this assignment is often already optimal.
//!
//! Local search, until no neighbourhood improves (each pass best-improvement per weapon
//! or per round, in index order):
//! - **add / drop / move**: a weapon with spare capacity fires one more round; a round
//!   whose cost outweighs its kill value is withheld; one round of a weapon moves to
//!   another target. Rounds on different targets change the objective separably, so a
//!   weapon's best move pairs its cheapest round to give up with its best target to
//!   gain, in time linear in the weapon's options.
//! - **swap**: rounds of weapons i (on target j) and k (on target l) exchange targets, so
//!   that i fires at l and k at j; this fixes pairings that no single move can, when
//!   capacities are full.
//! - **ejection by assignment**: every weapon lifts one round (the one cheapest to give
//!   up, on distinct targets), and the lifted rounds are placed back by one exact linear
//!   assignment on their marginal gains. With at most one lifted round per target the
//!   gains add exactly, so the assignment searches all the simultaneous re-placements at
//!   once, a very large-scale neighbourhood in the sense of Ahuja et al. (2007).
//!
//! Every accepted step must gain more than a tolerance scaled by the total target value,
//! so rounding in the incremental survival products cannot make the search cycle; the
//! objectives reported are recomputed from scratch.

use super::{Greedy, Survival, WtaProblem, WtaSolution, WtaSolver, WtaStatus};
use crate::lap;

/// Accepted improvements per solve before the search stops anyway; a guard only (each
/// improvement is strict, so the search ends long before on any real problem).
const MAX_IMPROVEMENTS: usize = 1_000_000;

/// An assignment edge is kept only if it is among its row's or its column's this many
/// best (and, in the ejection neighbourhood, a round's edge to its current target, so the
/// current solution stays feasible). A round's useful targets and a target's useful
/// rounds are few, and the rest only slow the assignment down; but rows alone will not
/// do, as every weapon's best targets are the same few valuable ones.
const EDGES_PER_ROW: usize = 8;

/// Which round each target or weapon gives up in the ejection neighbourhood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lift {
    /// Each weapon its round cheapest to give up (on targets not yet lifted from).
    WeaponCheapest,
    /// Each target its round cheapest to give up.
    TargetCheapest,
    /// Each target its most valuable round.
    TargetDearest,
}

/// The improvement solver, with its scratch buffers.
#[derive(Clone, Debug, Default)]
pub struct LocalSearch {
    greedy: Greedy,
    assignment: lap::Solver,
    edges: Vec<lap::Edge>,
    row_weapon: Vec<usize>,
    row_zero: Vec<f64>,
    col_zero: Vec<f64>,
    first: Vec<u32>,
    second: Vec<u32>,
    state: State,
    assigned: Vec<usize>,
    lifted: Vec<usize>,
    lifted_target: Vec<bool>,
    row_gains: Vec<(f64, usize)>,
    threshold: Vec<f64>,
    scratch: Vec<f64>,
    col_start: Vec<usize>,
    col_fill: Vec<usize>,
}

/// The solution being improved and what follows from it.
#[derive(Clone, Debug, Default)]
struct State {
    rounds: Vec<u32>,
    survival: Survival,
    weapon_left: Vec<u32>,
    target_left: Vec<u32>,
    /// Smallest gain accepted as an improvement.
    tolerance: f64,
}

impl State {
    fn reset(&mut self, problem: &WtaProblem, rounds: &[u32]) {
        self.rounds.clear();
        self.rounds.extend_from_slice(rounds);
        self.survival.reset(problem, rounds);
        problem.remaining(rounds, &mut self.weapon_left, &mut self.target_left);
        self.tolerance = 1e-12 * problem.total_value().max(f64::MIN_POSITIVE);
    }

    fn fire(&mut self, problem: &WtaProblem, o: usize) {
        let opt = &problem.options()[o];
        self.rounds[o] += 1;
        self.weapon_left[opt.weapon] -= 1;
        self.target_left[opt.target] -= 1;
        self.survival.add(opt.target, problem.miss(o));
    }

    fn withhold(&mut self, problem: &WtaProblem, o: usize) {
        let opt = &problem.options()[o];
        self.rounds[o] -= 1;
        self.weapon_left[opt.weapon] += 1;
        self.target_left[opt.target] += 1;
        self.survival.remove(opt.target, problem.miss(o));
    }

    /// Objective gained by one more round of `o` (it must be allowed).
    fn add_gain(&self, problem: &WtaProblem, o: usize) -> f64 {
        problem.marginal_gain(o, self.survival.get(problem.options()[o].target))
    }

    /// Objective gained by withholding one of `o`'s rounds (usually negative).
    fn drop_gain(&self, problem: &WtaProblem, o: usize) -> f64 {
        let j = problem.options()[o].target;
        let value = problem.targets()[j].value;
        problem.weighted_cost(o)
            - value * (self.survival.without(j, problem.miss(o)) - self.survival.get(j))
    }

    fn target_open(&self, problem: &WtaProblem, o: usize) -> bool {
        self.target_left[problem.options()[o].target] > 0
    }
}

/// The best and second-best option to add a round with, by gain (distinct targets, as a
/// weapon has one option per target).
#[derive(Clone, Copy, Debug)]
struct TopTwo {
    best: Option<(f64, usize)>,
    second: Option<(f64, usize)>,
}

impl TopTwo {
    fn of(state: &State, problem: &WtaProblem, options: &[usize]) -> Self {
        let mut top = TopTwo {
            best: None,
            second: None,
        };
        for &o in options {
            if !state.target_open(problem, o) {
                continue;
            }
            let g = state.add_gain(problem, o);
            if top.best.is_none_or(|(b, _)| g > b) {
                top.second = top.best;
                top.best = Some((g, o));
            } else if top.second.is_none_or(|(s, _)| g > s) {
                top.second = Some((g, o));
            }
        }
        top
    }

    /// The best option whose target is not `target`.
    fn besides(&self, problem: &WtaProblem, target: usize) -> Option<(f64, usize)> {
        match self.best {
            Some((_, o)) if problem.options()[o].target == target => self.second,
            best => best,
        }
    }
}

/// The best change found for one weapon.
#[derive(Clone, Copy, Debug)]
enum Step {
    Add(usize),
    Drop(usize),
    Move { from: usize, to: usize },
}

impl LocalSearch {
    /// An improvement solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first solution into `self.state` (see the module doc).
    fn construct(&mut self, problem: &WtaProblem) {
        let n = problem.options().len();
        let mut greedy = std::mem::take(&mut self.first);
        greedy.clear();
        greedy.resize(n, 0);
        self.greedy.extend(problem, &mut greedy);
        let mut assigned = std::mem::take(&mut self.second);
        assigned.clear();
        assigned.resize(n, 0);
        self.first_round_assignment(problem, &mut assigned);
        self.greedy.extend(problem, &mut assigned);
        let better = if problem.objective(&assigned) > problem.objective(&greedy) {
            &assigned
        } else {
            &greedy
        };
        self.state.reset(problem, better);
        self.first = greedy;
        self.second = assigned;
    }

    /// One round per row (each weapon repeated once per round it can usefully fire,
    /// up to its number of options), each target at most once, maximising the sum of the
    /// first-round gains.
    fn first_round_assignment(&mut self, problem: &WtaProblem, rounds: &mut [u32]) {
        self.edges.clear();
        self.row_weapon.clear();
        for (i, w) in problem.weapons().iter().enumerate() {
            let options = problem.options_of_weapon(i);
            self.row_gains.clear();
            for &o in options {
                let j = problem.options()[o].target;
                let gain = problem.marginal_gain(o, 1.0);
                if gain > 0.0 && problem.targets()[j].max_rounds > 0 {
                    self.row_gains.push((gain, j));
                }
            }
            let copies = (w.capacity as usize).min(self.row_gains.len());
            for _ in 0..copies {
                let row = self.row_weapon.len();
                self.row_weapon.push(i);
                self.edges
                    .extend(self.row_gains.iter().map(|&(gain, col)| lap::Edge {
                        row,
                        col,
                        cost: -gain,
                    }));
            }
        }
        self.sparsify(problem.targets().len(), None);
        if let Some(a) = self.solve_assignment(problem.targets().len()) {
            for (row, col) in a.row_to_col.iter().enumerate() {
                if let Some(o) = col.and_then(|j| problem.option_of(self.row_weapon[row], j)) {
                    rounds[o] += 1;
                }
            }
        }
    }

    /// Drop the edges of `self.edges` that are among neither their row's nor their
    /// column's [`EDGES_PER_ROW`] best; with `lifted` (the ejection neighbourhood), keep
    /// each lifted round's edge to its own target too.
    fn sparsify(&mut self, cols: usize, lifted: Option<&WtaProblem>) {
        let rows = self.row_weapon.len();
        self.threshold.clear();
        self.threshold.resize(rows + cols, f64::NEG_INFINITY);
        // Edges come grouped by row: each row's threshold from its own run.
        let mut start = 0;
        while start < self.edges.len() {
            let row = self.edges[start].row;
            let end = start
                + self.edges[start..]
                    .iter()
                    .take_while(|e| e.row == row)
                    .count();
            self.scratch.clear();
            self.scratch
                .extend(self.edges[start..end].iter().map(|e| e.cost));
            self.threshold[row] = kth_smallest(&mut self.scratch, EDGES_PER_ROW);
            start = end;
        }
        // Columns: the costs bucketed by column (a counting sort), then each bucket's.
        self.col_start.clear();
        self.col_start.resize(cols + 1, 0);
        for e in &self.edges {
            self.col_start[e.col + 1] += 1;
        }
        for c in 0..cols {
            self.col_start[c + 1] += self.col_start[c];
        }
        self.scratch.clear();
        self.scratch.resize(self.edges.len(), 0.0);
        self.col_fill.clone_from(&self.col_start);
        for e in &self.edges {
            self.scratch[self.col_fill[e.col]] = e.cost;
            self.col_fill[e.col] += 1;
        }
        for col in 0..cols {
            let bucket = &mut self.scratch[self.col_start[col]..self.col_start[col + 1]];
            self.threshold[rows + col] = kth_smallest(bucket, EDGES_PER_ROW);
        }
        let own_target = |row: usize| lifted.map(|p| p.options()[self.lifted[row]].target);
        let threshold = &self.threshold;
        self.edges.retain(|e| {
            e.cost <= threshold[e.row]
                || e.cost <= threshold[rows + e.col]
                || own_target(e.row) == Some(e.col)
        });
    }

    /// Solve the assignment in `self.edges` over `self.row_weapon` rows and `cols`
    /// columns, leaving a row or column out at no cost.
    fn solve_assignment(&mut self, cols: usize) -> Option<lap::Assignment> {
        let rows = self.row_weapon.len();
        self.row_zero.clear();
        self.row_zero.resize(rows, 0.0);
        self.col_zero.clear();
        self.col_zero.resize(cols, 0.0);
        // The inputs are built here with in-range indices and finite costs; an error
        // would be a defect, and leaves the solution as it was rather than panic.
        self.assignment
            .solve(rows, cols, &self.edges, &self.row_zero, &self.col_zero)
            .ok()
    }

    /// Local search on `self.state` until no neighbourhood improves it.
    fn improve(&mut self, problem: &WtaProblem) {
        let mut improvements = 0;
        while improvements < MAX_IMPROVEMENTS {
            let gained = self.move_pass(problem)
                || self.swap_pass(problem)
                || [
                    Lift::WeaponCheapest,
                    Lift::TargetCheapest,
                    Lift::TargetDearest,
                ]
                .into_iter()
                .any(|lift| self.ejection_pass(problem, lift));
            if !gained {
                break;
            }
            improvements += 1;
        }
    }

    /// Best add, drop or move for each weapon in turn; whether any was made.
    fn move_pass(&mut self, problem: &WtaProblem) -> bool {
        let mut improved = false;
        for i in 0..problem.weapons().len() {
            while let Some(step) = self.best_step(problem, i) {
                match step {
                    Step::Add(o) => self.state.fire(problem, o),
                    Step::Drop(o) => self.state.withhold(problem, o),
                    Step::Move { from, to } => {
                        self.state.withhold(problem, from);
                        self.state.fire(problem, to);
                    }
                }
                improved = true;
            }
        }
        improved
    }

    /// Weapon `i`'s best improving add, drop or move, if any.
    fn best_step(&self, problem: &WtaProblem, i: usize) -> Option<Step> {
        let s = &self.state;
        let options = problem.options_of_weapon(i);
        let top = TopTwo::of(s, problem, options);
        let mut best: Option<(f64, Step)> = None;
        let mut consider = |gain: f64, step: Step| {
            if gain > s.tolerance && best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, step));
            }
        };
        if let Some((g, o)) = top.best.filter(|_| s.weapon_left[i] > 0) {
            consider(g, Step::Add(o));
        }
        for &from in options.iter().filter(|&&o| s.rounds[o] > 0) {
            let drop = s.drop_gain(problem, from);
            consider(drop, Step::Drop(from));
            if let Some((g, to)) = top.besides(problem, problem.options()[from].target) {
                consider(drop + g, Step::Move { from, to });
            }
        }
        best.map(|(_, step)| step)
    }

    /// Exchange targets between rounds of two weapons wherever that improves; whether any
    /// exchange was made.
    fn swap_pass(&mut self, problem: &WtaProblem) -> bool {
        let mut assigned = std::mem::take(&mut self.assigned);
        assigned.clear();
        assigned.extend((0..problem.options().len()).filter(|&o| self.state.rounds[o] > 0));
        let mut improved = false;
        for x in 0..assigned.len() {
            for y in x + 1..assigned.len() {
                let (a, b) = (assigned[x], assigned[y]);
                if self.state.rounds[a] == 0 {
                    break;
                }
                if self.state.rounds[b] == 0 {
                    continue;
                }
                let swap = self.swap_gain(problem, a, b);
                if let Some((_, a2, b2)) = swap.filter(|s| s.0 > self.state.tolerance) {
                    self.state.withhold(problem, a);
                    self.state.withhold(problem, b);
                    self.state.fire(problem, a2);
                    self.state.fire(problem, b2);
                    improved = true;
                }
            }
        }
        self.assigned = assigned;
        improved
    }

    /// The gain of exchanging targets between a round of `a` (weapon i on target j) and
    /// one of `b` (weapon k on target l), with the options (i, l) and (k, j) it uses.
    fn swap_gain(&self, problem: &WtaProblem, a: usize, b: usize) -> Option<(f64, usize, usize)> {
        let (oa, ob) = (&problem.options()[a], &problem.options()[b]);
        if oa.weapon == ob.weapon || oa.target == ob.target {
            return None;
        }
        let a2 = problem.option_of(oa.weapon, ob.target)?;
        let b2 = problem.option_of(ob.weapon, oa.target)?;
        let s = &self.state.survival;
        let (j, l) = (oa.target, ob.target);
        let (vj, vl) = (problem.targets()[j].value, problem.targets()[l].value);
        let sj_new = s.without(j, problem.miss(a)) * problem.miss(b2);
        let sl_new = s.without(l, problem.miss(b)) * problem.miss(a2);
        let kill = vj * (s.get(j) - sj_new) + vl * (s.get(l) - sl_new);
        let cost = problem.weighted_cost(a2) + problem.weighted_cost(b2)
            - problem.weighted_cost(a)
            - problem.weighted_cost(b);
        Some((kill - cost, a2, b2))
    }

    /// Lift one round from every weapon or every target (by `lift`; always on distinct
    /// targets) and put the lifted rounds back by an exact assignment on their marginal
    /// gains; whether that improved.
    fn ejection_pass(&mut self, problem: &WtaProblem, lift: Lift) -> bool {
        self.lift_rounds(problem, lift);
        if self.lifted.len() < 2 {
            self.restore_lifted(problem);
            return false;
        }
        let before: f64 = self
            .lifted
            .iter()
            .map(|&o| self.state.add_gain(problem, o))
            .sum();
        self.edges.clear();
        self.row_weapon.clear();
        for (row, &own) in self.lifted.iter().enumerate() {
            let i = problem.options()[own].weapon;
            self.row_weapon.push(i);
            self.row_gains.clear();
            for &b in problem.options_of_weapon(i) {
                if b == own || !self.state.target_open(problem, b) {
                    continue;
                }
                let gain = self.state.add_gain(problem, b);
                if gain > 0.0 {
                    self.row_gains.push((gain, problem.options()[b].target));
                }
            }
            let own_gain = self.state.add_gain(problem, own);
            self.row_gains
                .push((own_gain, problem.options()[own].target));
            self.edges
                .extend(self.row_gains.iter().map(|&(gain, col)| lap::Edge {
                    row,
                    col,
                    cost: -gain,
                }));
        }
        self.sparsify(problem.targets().len(), Some(problem));
        let after = self
            .solve_assignment(problem.targets().len())
            .filter(|a| -a.cost > before + self.state.tolerance);
        let Some(a) = after else {
            self.restore_lifted(problem);
            return false;
        };
        for (row, col) in a.row_to_col.iter().enumerate() {
            if let Some(o) = col.and_then(|j| problem.option_of(self.row_weapon[row], j)) {
                self.state.fire(problem, o);
            }
        }
        true
    }

    /// Withhold one round per weapon or per target (see [`Lift`]), on distinct targets;
    /// remember them in `self.lifted`.
    fn lift_rounds(&mut self, problem: &WtaProblem, lift: Lift) {
        self.lifted.clear();
        self.lifted_target.clear();
        self.lifted_target.resize(problem.targets().len(), false);
        let groups = match lift {
            Lift::WeaponCheapest => problem.weapons().len(),
            Lift::TargetCheapest | Lift::TargetDearest => problem.targets().len(),
        };
        for g in 0..groups {
            let options = match lift {
                Lift::WeaponCheapest => problem.options_of_weapon(g),
                Lift::TargetCheapest | Lift::TargetDearest => problem.options_of_target(g),
            };
            let sign = if lift == Lift::TargetDearest {
                -1.0
            } else {
                1.0
            };
            let chosen = options
                .iter()
                .copied()
                .filter(|&o| {
                    self.state.rounds[o] > 0 && !self.lifted_target[problem.options()[o].target]
                })
                .map(|o| (sign * self.state.drop_gain(problem, o), o))
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            if let Some((_, o)) = chosen {
                self.lifted_target[problem.options()[o].target] = true;
                self.lifted.push(o);
            }
        }
        for k in 0..self.lifted.len() {
            self.state.withhold(problem, self.lifted[k]);
        }
    }

    fn restore_lifted(&mut self, problem: &WtaProblem) {
        for k in 0..self.lifted.len() {
            self.state.fire(problem, self.lifted[k]);
        }
    }
}

/// The `k`-th smallest of `costs` (1-based), or +∞ when there are at most `k` (keep all).
fn kth_smallest(costs: &mut [f64], k: usize) -> f64 {
    if costs.len() <= k {
        return f64::INFINITY;
    }
    *costs.select_nth_unstable_by(k - 1, f64::total_cmp).1
}

impl WtaSolver for LocalSearch {
    fn name(&self) -> &'static str {
        "local"
    }

    fn solve(&mut self, problem: &WtaProblem, out: &mut WtaSolution) {
        self.construct(problem);
        self.improve(problem);
        out.set(problem, &self.state.rounds, WtaStatus::Heuristic);
    }
}
