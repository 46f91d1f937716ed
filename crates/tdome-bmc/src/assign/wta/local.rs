//! Improvement solver: a good first solution, a local optimum, then iterated local search
//! within a counted budget of work.
//!
//! First solution: maximum marginal return, [`super::Greedy`]'s rounds (so the answer is
//! never below greedy's).
//!
//! Descent, over three neighbourhoods:
//! - **add / drop / move**: a weapon with spare capacity fires one more round; a round
//!   whose cost outweighs its kill value is withheld; one round of a weapon moves to
//!   another target. Rounds on different targets change the objective separably, so a
//!   weapon's best step pairs its cheapest round to give up with its best target to gain,
//!   in one pass over the weapon's options. A weapon's kill value is separable and
//!   concave in its rounds per target, so no improving step means its rounds are placed
//!   optimally given everyone else's (Gross 1956; Ibaraki & Katoh 1988, *Resource
//!   Allocation Problems*).
//! - **swap**: rounds of weapons i (on target j) and k (on target l) exchange targets;
//!   this fixes pairings that no single step can when capacities are full. Only in the
//!   repairs after a kick: in the first descent the chain searches find these (a swap is
//!   a cycle of two) and a swap pass over every pair of rounds costs as much as they do.
//! - **ejection chains** (see [`Chains`]): a round moves to another target, ejecting a
//!   round there, which moves on, and so on; the longer reassignments that the first
//!   solution's pairing needs (they replace the linear-assignment start and the
//!   assignment-based ejection neighbourhood this solver used before, at a fraction of
//!   their cost). A link may *consolidate*: the round entering a target ejects two, the
//!   second going to its weapon's best free target or withheld, one strong round doing
//!   the work of two weaker ones (with several rounds per weapon, the move the local
//!   optima of plain chains lack most: docs/assignment.md).
//!
//! The first two never restart full passes after an improvement. The survival S_j of every target
//! is kept, so a gain costs O(1); after a step only the weapons it can have given an
//! improving step are queued, and that set is exact: a target whose survival rose
//! (it lost a round) attracts the weapons whose gain there beats their cheapest round to
//! give up, and a target whose survival fell makes the rounds on it cheaper to give up,
//! so its shooters are queued. A swap's gain depends only on its two targets' survivals,
//! so swaps are re-priced only for rounds on targets changed since they were last priced.
//!
//! Iterated local search (Lourenço, Martin & Stützle 2003, "Iterated local search", in
//! *Handbook of Metaheuristics*): from the local optimum, a kick (half the time a few
//! rounds moved or swapped at random, half the time the best chain from a random round's
//! target, improving or not: a step off the optimum along the improvement graph), a
//! repair (steps and swaps, and one search for chains from the targets changed), and the
//! result kept if it is better and undone otherwise, until the [`SearchBudget`] is
//! spent. One chain search per kick, not a descent to the end: most kicks lead back to
//! the optimum they left, and repeating the search from the same targets mostly retraced
//! that path (with the same budget the search makes about 1.6 times as many kicks). The
//! budget counts work (option gains evaluated, swaps priced, survival factors
//! multiplied), never wall time, and the random kicks come from a fixed seed, so a solve
//! gives bitwise the same answer on every machine and every run.
//!
//! Every accepted step must gain more than a tolerance scaled by the total target value,
//! so rounding in the incremental survival products cannot make the search cycle; the
//! objectives reported are recomputed from scratch.

use std::collections::VecDeque;

use super::{Csr, Greedy, Survival, WtaProblem, WtaSolution, WtaSolver, WtaStatus};

/// Seed of the kicks' random stream: fixed, so that solves are reproducible.
const KICK_SEED: u64 = 0x7444_6f6d_6557_5441;

/// At most this many random changes make one kick.
const KICK_CHANGES: usize = 3;

/// A weapon–target pair table is built only up to this many cells; beyond, pairs are
/// found by binary search in the weapon's options.
const PAIR_TABLE_CELLS: usize = 1 << 22;

/// How much work one solve's search may do, counted in evaluations: one option's gain
/// computed, one swap priced, one round's miss factor multiplied into a survival. The
/// budget is `max(floor, per_option × options)`, and no more than `ceiling`. Counting work rather than reading a
/// clock makes the answer identical on every machine and every run; the search stops at
/// the first check after the budget is spent (a check comes after each step, each swap
/// pass and each chain search, so the overrun is at most one of those: on a 20,000-option
/// instance capped at 50,000 evaluations, 33,000 over).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchBudget {
    /// Evaluations allowed per option of the problem.
    pub per_option: u64,
    /// Evaluations allowed whatever the problem's size.
    pub floor: u64,
    /// Evaluations allowed at most, whatever the problem's size (it wins over the
    /// floor): a solve that must fit in a cycle (see `assign::CYCLE_SEARCH_CEILING`).
    pub ceiling: u64,
}

impl SearchBudget {
    /// No search beyond the first local optimum... nor even that: the first solution.
    pub const NONE: SearchBudget = SearchBudget {
        per_option: 0,
        floor: 0,
        ceiling: 0,
    };

    /// The evaluations allowed on a problem of `options` options.
    pub fn evaluations(&self, options: usize) -> u64 {
        self.floor
            .max(self.per_option.saturating_mul(options as u64))
            .min(self.ceiling)
    }
}

impl Default for SearchBudget {
    /// 20 evaluations per option, at least 40,000, no ceiling: about 1–2 ms on a 50 × 100 dense
    /// instance and 15 ms on 200 × 200 on the project's (loaded) machine, and half a
    /// millisecond on small problems (docs/assignment.md). The floor is what problems
    /// under 2,000 options get: at 20,000 a 30 × 30 × 2 instance stayed 1.3% off its
    /// optimum, at 40,000 it is 0.01%.
    fn default() -> Self {
        SearchBudget {
            per_option: 20,
            floor: 40_000,
            ceiling: u64::MAX,
        }
    }
}

/// The improvement solver, with its scratch buffers.
#[derive(Clone, Debug, Default)]
pub struct LocalSearch {
    budget: SearchBudget,
    greedy: Greedy,
    greedy_start: Vec<u32>,
    search: Search,
    chains: Chains,
}

impl LocalSearch {
    /// An improvement solver with the default [`SearchBudget`] and empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// An improvement solver with its own budget.
    pub fn with_budget(budget: SearchBudget) -> Self {
        LocalSearch {
            budget,
            ..Self::default()
        }
    }

    /// The budget.
    pub fn budget(&self) -> SearchBudget {
        self.budget
    }

    /// Evaluations the last solve's search made (at most its budget plus the step, swap
    /// pass or chain search under way when it was spent).
    pub fn evaluations(&self) -> u64 {
        self.search.evaluations
    }

    /// The first solution, maximum marginal return, into `greedy_start`.
    fn construct(&mut self, problem: &WtaProblem) {
        self.greedy_start.clear();
        self.greedy_start.resize(problem.options().len(), 0);
        self.greedy.extend(problem, &mut self.greedy_start);
    }
}

impl WtaSolver for LocalSearch {
    fn name(&self) -> &'static str {
        "local"
    }

    fn solve(&mut self, problem: &WtaProblem, out: &mut WtaSolution) {
        let limit = self.budget.evaluations(problem.options().len());
        self.construct(problem);
        let first = &self.greedy_start;
        self.search.reset(problem, first, limit);
        self.search.evaluations += self.chains.prepare(problem);
        self.search
            .descend(problem, &mut self.chains, ChainScope::All);
        self.search.iterate(problem, &mut self.chains);
        out.set(problem, &self.search.rounds, WtaStatus::Heuristic);
        // Rounding in the running objective must not leave the answer below its start.
        if problem.objective(first) > out.objective {
            out.set(problem, first, WtaStatus::Heuristic);
        }
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
    /// The besides-its-own-target choice: the best option whose target is not `target`.
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

/// One change to the rounds, as recorded to undo a rejected kick.
#[derive(Clone, Copy, Debug)]
enum Change {
    Fired(usize),
    Withheld(usize),
}

/// The solution being improved, what follows from it, and the search's bookkeeping.
#[derive(Clone, Debug, Default)]
struct Search {
    rounds: Vec<u32>,
    survival: Survival,
    weapon_left: Vec<u32>,
    target_left: Vec<u32>,
    /// Per weapon: the option of each round it fires (an option once per round).
    held: Vec<Vec<usize>>,
    /// Option of each weapon–target pair (`targets × weapon + target`; `u32::MAX`:
    /// none), or empty when the table would be too large.
    pair: Vec<u32>,
    targets: usize,
    /// The objective, kept up to date as rounds change (for comparisons only).
    objective: f64,
    /// Smallest gain accepted as an improvement.
    tolerance: f64,
    evaluations: u64,
    limit: u64,
    /// Weapons that may have an improving step, and whether each is queued.
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    /// Targets whose survival changed since swaps with their rounds were last priced.
    dirty: Vec<usize>,
    is_dirty: Vec<bool>,
    sweep: Vec<usize>,
    /// Changes since the last kick (undone if the kick does not pay), when recording.
    journal: Vec<Change>,
    recording: bool,
    /// Targets the chains may start from (a scratch mask).
    roots: Vec<bool>,
    /// Targets whose rounds changed since the last chain search (with repeats).
    altered: Vec<usize>,
    rng: SplitMix64,
}

/// Which ejection chains a descent looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChainScope {
    /// From every round.
    All,
    /// Once, from rounds on targets changed since the last kick.
    Changed,
}

impl Search {
    /// Start from `rounds`, with every weapon queued and every target dirty.
    fn reset(&mut self, problem: &WtaProblem, rounds: &[u32], limit: u64) {
        let (weapons, targets) = (problem.weapons().len(), problem.targets().len());
        self.rounds.clear();
        self.rounds.extend_from_slice(rounds);
        problem.remaining(rounds, &mut self.weapon_left, &mut self.target_left);
        self.held.resize_with(weapons, Vec::new);
        for list in &mut self.held {
            list.clear();
        }
        for (o, &x) in rounds.iter().enumerate() {
            let i = problem.options()[o].weapon;
            self.held[i].extend(std::iter::repeat_n(o, x as usize));
        }
        self.build_pairs(problem);
        self.evaluations = 0;
        self.limit = limit;
        self.survival.reset(problem, rounds);
        self.objective = problem.objective(rounds);
        self.tolerance = 1e-12 * problem.total_value().max(f64::MIN_POSITIVE);
        self.queue.clear();
        self.queue.extend(0..weapons);
        self.queued.clear();
        self.queued.resize(weapons, true);
        self.dirty.clear();
        self.dirty.extend(0..targets);
        self.is_dirty.clear();
        self.is_dirty.resize(targets, true);
        self.journal.clear();
        self.recording = false;
        self.altered.clear();
        self.rng = SplitMix64(KICK_SEED);
    }

    fn build_pairs(&mut self, problem: &WtaProblem) {
        self.targets = problem.targets().len();
        self.pair.clear();
        let cells = problem.weapons().len().saturating_mul(self.targets);
        if cells > PAIR_TABLE_CELLS {
            return;
        }
        self.pair.resize(cells, u32::MAX);
        for (o, opt) in problem.options().iter().enumerate() {
            // Fits: a table this small indexes fewer than 2^32 options.
            self.pair[opt.weapon * self.targets + opt.target] = o as u32;
        }
    }

    /// The option pairing weapon `i` with target `j`, if there is one.
    #[inline(always)]
    fn option_of(&self, problem: &WtaProblem, i: usize, j: usize) -> Option<usize> {
        if self.pair.is_empty() {
            return problem.option_of(i, j);
        }
        let o = self.pair[i * self.targets + j];
        (o != u32::MAX).then_some(o as usize)
    }

    #[inline(always)]
    fn spent(&self) -> bool {
        self.evaluations >= self.limit
    }

    /// S_j.
    #[inline(always)]
    fn survival(&self, j: usize) -> f64 {
        self.survival.get(j)
    }

    /// S_j with one round of option `o` (on j, fired) taken away.
    #[inline(always)]
    fn survival_without(&self, problem: &WtaProblem, j: usize, o: usize) -> f64 {
        self.survival.without(j, problem.miss(o))
    }

    /// Objective gained by one more round of `o`.
    #[inline(always)]
    fn add_gain(&self, problem: &WtaProblem, o: usize) -> f64 {
        problem.marginal_gain(o, self.survival(problem.options()[o].target))
    }

    /// Objective gained by withholding one of `o`'s rounds (usually negative).
    #[inline(always)]
    fn drop_gain(&self, problem: &WtaProblem, o: usize) -> f64 {
        let j = problem.options()[o].target;
        let value = problem.targets()[j].value;
        problem.weighted_cost(o) - value * (self.survival_without(problem, j, o) - self.survival(j))
    }

    #[inline(always)]
    fn target_open(&self, problem: &WtaProblem, o: usize) -> bool {
        self.target_left[problem.options()[o].target] > 0
    }

    fn fire(&mut self, problem: &WtaProblem, o: usize) {
        let opt = &problem.options()[o];
        self.rounds[o] += 1;
        self.weapon_left[opt.weapon] -= 1;
        self.target_left[opt.target] -= 1;
        self.held[opt.weapon].push(o);
        self.altered.push(opt.target);
        let before = self.survival(opt.target);
        self.survival.add(opt.target, problem.miss(o));
        self.objective += problem.targets()[opt.target].value
            * (before - self.survival(opt.target))
            - problem.weighted_cost(o);
        if self.recording {
            self.journal.push(Change::Fired(o));
        }
    }

    fn withhold(&mut self, problem: &WtaProblem, o: usize) {
        let opt = &problem.options()[o];
        self.rounds[o] -= 1;
        self.weapon_left[opt.weapon] += 1;
        self.target_left[opt.target] += 1;
        let held = &mut self.held[opt.weapon];
        if let Some(k) = held.iter().rposition(|&h| h == o) {
            held.remove(k);
        }
        self.altered.push(opt.target);
        let before = self.survival(opt.target);
        self.survival.remove(opt.target, problem.miss(o));
        self.objective += problem.targets()[opt.target].value
            * (before - self.survival(opt.target))
            + problem.weighted_cost(o);
        if self.recording {
            self.journal.push(Change::Withheld(o));
        }
    }

    /// Queue weapon `i` for a look at its steps.
    fn push(&mut self, i: usize) {
        if !self.queued[i] {
            self.queued[i] = true;
            self.queue.push_back(i);
        }
    }

    /// After target `j`'s survival went from `before` to now: queue the weapons that may
    /// now have an improving step, and mark j for the swaps.
    fn changed(&mut self, problem: &WtaProblem, j: usize, before: f64) {
        if !self.is_dirty[j] {
            self.is_dirty[j] = true;
            self.dirty.push(j);
        }
        let now = self.survival(j);
        let options = problem.options_of_target(j);
        self.evaluations += options.len() as u64;
        if now < before {
            // The rounds on j are cheaper to give up: their weapons may move them.
            for &o in options {
                if self.rounds[o] > 0 {
                    self.push(problem.options()[o].weapon);
                }
            }
        } else if now > before && self.target_left[j] > 0 {
            // j is worth more to shoot at: whoever gains more there than its cheapest
            // round elsewhere costs (or has a round to spare) may move or add.
            for &o in options {
                let k = problem.options()[o].weapon;
                if self.queued[k] {
                    continue;
                }
                let gain = self.add_gain(problem, o);
                if gain <= self.tolerance {
                    continue;
                }
                if gain + self.best_release(problem, k, j) > self.tolerance {
                    self.push(k);
                }
            }
        }
    }

    /// What weapon `k` gains by freeing a round for use on target `j`: 0 with a round to
    /// spare (or its best drop, if dropping pays), else its best drop off other targets
    /// (−∞ when it has none).
    fn best_release(&mut self, problem: &WtaProblem, k: usize, j: usize) -> f64 {
        let mut best = if self.weapon_left[k] > 0 {
            0.0
        } else {
            f64::NEG_INFINITY
        };
        for &h in &self.held[k] {
            if problem.options()[h].target != j {
                best = best.max(self.drop_gain(problem, h));
            }
        }
        self.evaluations += self.held[k].len() as u64;
        best
    }

    /// Weapon `i`'s best improving add, drop or move, if any.
    fn best_step(&mut self, problem: &WtaProblem, i: usize) -> Option<Step> {
        let options = problem.options_of_weapon(i);
        self.evaluations += (options.len() + self.held[i].len()) as u64;
        let mut top = TopTwo {
            best: None,
            second: None,
        };
        for &o in options {
            if !self.target_open(problem, o) {
                continue;
            }
            let g = self.add_gain(problem, o);
            if top.best.is_none_or(|(b, _)| g > b) {
                top.second = top.best;
                top.best = Some((g, o));
            } else if top.second.is_none_or(|(s, _)| g > s) {
                top.second = Some((g, o));
            }
        }
        let mut best: Option<(f64, Step)> = None;
        let tolerance = self.tolerance;
        let mut consider = |gain: f64, step: Step| {
            if gain > tolerance && best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, step));
            }
        };
        if let Some((g, o)) = top.best.filter(|_| self.weapon_left[i] > 0) {
            consider(g, Step::Add(o));
        }
        for (k, &from) in self.held[i].iter().enumerate() {
            if self.held[i][..k].contains(&from) {
                continue;
            }
            let drop = self.drop_gain(problem, from);
            consider(drop, Step::Drop(from));
            if let Some((g, to)) = top.besides(problem, problem.options()[from].target) {
                consider(drop + g, Step::Move { from, to });
            }
        }
        best.map(|(_, step)| step)
    }

    /// Make `step` (weapon `i`'s) and queue what it may have opened up.
    fn apply(&mut self, problem: &WtaProblem, i: usize, step: Step) {
        let (from, to) = match step {
            Step::Add(o) => (None, Some(o)),
            Step::Drop(o) => (Some(o), None),
            Step::Move { from, to } => (Some(from), Some(to)),
        };
        self.relocate(problem, from, to);
        self.push(i);
    }

    /// Withhold a round of `from` and fire one of `to`, and pass on the change of their
    /// targets' survivals.
    fn relocate(&mut self, problem: &WtaProblem, from: Option<usize>, to: Option<usize>) {
        let jf = from.map(|o| problem.options()[o].target);
        let jt = to.map(|o| problem.options()[o].target);
        let before_f = jf.map(|j| self.survival(j));
        let before_t = jt.map(|j| self.survival(j));
        if let Some(o) = from {
            self.withhold(problem, o);
        }
        if let Some(o) = to {
            self.fire(problem, o);
        }
        if let (Some(j), Some(b)) = (jf, before_f) {
            self.changed(problem, j, b);
        }
        if let (Some(j), Some(b)) = (jt, before_t) {
            self.changed(problem, j, b);
        }
    }

    /// Steps, swaps and the ejection chains of `scope` until none improves or the budget
    /// is spent.
    fn descend(&mut self, problem: &WtaProblem, chains: &mut Chains, scope: ChainScope) {
        let mut searched = false;
        loop {
            while let Some(i) = self.queue.pop_front() {
                self.queued[i] = false;
                if self.spent() {
                    return;
                }
                if let Some(step) = self.best_step(problem, i) {
                    self.apply(problem, i, step);
                }
            }
            if self.spent() {
                return;
            }
            if !self.dirty.is_empty() {
                // Swaps only in a kick's repair: in the first descent the chain
                // searches find the same exchanges (a swap is a cycle of two), and the
                // swap passes over every round cost as much as the chains there.
                if scope == ChainScope::Changed {
                    self.swap_pass(problem);
                    continue;
                }
                for &j in &self.dirty {
                    self.is_dirty[j] = false;
                }
                self.dirty.clear();
            }
            let (roots, depth) = match scope {
                ChainScope::All => (None, CHAIN_DEPTH),
                // After a kick, one search: most kicks lead back to where they started,
                // and further searches from the same roots mostly retrace it.
                ChainScope::Changed if searched => return,
                ChainScope::Changed => {
                    // Mark what changed: the journal's targets.
                    self.roots.clear();
                    self.roots.resize(problem.targets().len(), false);
                    for change in &self.journal {
                        let (Change::Fired(o) | Change::Withheld(o)) = *change;
                        self.roots[problem.options()[o].target] = true;
                    }
                    self.evaluations += self.journal.len() as u64;
                    (Some(std::mem::take(&mut self.roots)), KICK_CHAIN_DEPTH)
                }
            };
            searched = true;
            self.evaluations += chains.find(problem, self, roots.as_deref(), depth, self.tolerance);
            self.altered.clear();
            if let Some(r) = roots {
                self.roots = r;
            }
            let mut start = 0;
            let mut improved = false;
            for &end in &chains.ends {
                improved |= self.apply_chain(problem, &chains.moves[start..end], false);
                start = end;
            }
            if !improved {
                return;
            }
        }
    }

    /// Make the chain `moves` (each: a round withheld and the option its weapon fires
    /// instead, if any); whether it improved (if not, it is undone).
    fn apply_chain(
        &mut self,
        problem: &WtaProblem,
        moves: &[(usize, Option<usize>)],
        force: bool,
    ) -> bool {
        let before = self.objective;
        let mut touched = [(0usize, 0.0f64); 4 * CHAIN_DEPTH + 2];
        let mut count = 0;
        for &(from, to) in moves {
            for o in std::iter::once(from).chain(to) {
                let j = problem.options()[o].target;
                if !touched[..count].iter().any(|t| t.0 == j) {
                    touched[count] = (j, self.survival(j));
                    count += 1;
                }
            }
        }
        for &(from, _) in moves {
            self.withhold(problem, from);
        }
        for &(_, to) in moves {
            if let Some(o) = to {
                self.fire(problem, o);
            }
        }
        if !force && self.objective <= before + self.tolerance {
            for &(_, to) in moves {
                if let Some(o) = to {
                    self.withhold(problem, o);
                }
            }
            for &(from, _) in moves {
                self.fire(problem, from);
            }
            self.objective = before;
            return false;
        }
        for &(j, s) in &touched[..count] {
            self.changed(problem, j, s);
        }
        for &(from, _) in moves {
            self.push(problem.options()[from].weapon);
        }
        true
    }

    /// For every round on a target changed since the last pass, its best improving swap
    /// with a round of another weapon, if any.
    fn swap_pass(&mut self, problem: &WtaProblem) {
        let mut sweep = std::mem::take(&mut self.sweep);
        sweep.clear();
        std::mem::swap(&mut sweep, &mut self.dirty);
        for &j in &sweep {
            self.is_dirty[j] = false;
        }
        for &j in &sweep {
            for &a in problem.options_of_target(j) {
                if self.rounds[a] == 0 {
                    continue;
                }
                if let Some((b, a2, b2)) = self.best_swap(problem, a) {
                    self.swap(problem, (a, a2), (b, b2));
                }
            }
        }
        self.sweep = sweep;
    }

    /// Rounds of `a` and `b` (weapons i and k, on targets j and l) exchange targets: i
    /// fires `a2` (at l) and k fires `b2` (at j) instead.
    fn swap(&mut self, problem: &WtaProblem, (a, a2): (usize, usize), (b, b2): (usize, usize)) {
        let (j, l) = (problem.options()[a].target, problem.options()[b].target);
        let (sj, sl) = (self.survival(j), self.survival(l));
        self.withhold(problem, a);
        self.withhold(problem, b);
        self.fire(problem, a2);
        self.fire(problem, b2);
        self.changed(problem, j, sj);
        self.changed(problem, l, sl);
        self.push(problem.options()[a].weapon);
        self.push(problem.options()[b].weapon);
    }

    /// The best improving swap of a round of `a` (weapon i on target j) with a round of
    /// another weapon k on another target l: (that round's option, (i, l), (k, j)).
    fn best_swap(&mut self, problem: &WtaProblem, a: usize) -> Option<(usize, usize, usize)> {
        let oa = problem.options()[a];
        let (i, j) = (oa.weapon, oa.target);
        let vj = problem.targets()[j].value;
        let sj = self.survival(j);
        let sj_without = self.survival_without(problem, j, a);
        let mut best: Option<(f64, usize, usize, usize)> = None;
        let mut priced = 0u64;
        for k in 0..self.held.len() {
            if k == i || self.held[k].is_empty() {
                continue;
            }
            let Some(b2) = self.option_of(problem, k, j) else {
                continue;
            };
            for &b in &self.held[k] {
                let l = problem.options()[b].target;
                if l == j {
                    continue;
                }
                let Some(a2) = self.option_of(problem, i, l) else {
                    continue;
                };
                priced += 1;
                let vl = problem.targets()[l].value;
                let sl_new = self.survival_without(problem, l, b) * problem.miss(a2);
                let sj_new = sj_without * problem.miss(b2);
                let kill = vj * (sj - sj_new) + vl * (self.survival(l) - sl_new);
                let cost = problem.weighted_cost(a2) + problem.weighted_cost(b2)
                    - problem.weighted_cost(a)
                    - problem.weighted_cost(b);
                let gain = kill - cost;
                if gain > self.tolerance && best.is_none_or(|x| gain > x.0) {
                    best = Some((gain, b, a2, b2));
                }
            }
        }
        self.evaluations += priced + self.held.len() as u64;
        best.map(|(_, b, a2, b2)| (b, a2, b2))
    }

    /// Kick, descend, keep if better, undo if not; until the budget is spent.
    fn iterate(&mut self, problem: &WtaProblem, chains: &mut Chains) {
        if self.held.iter().all(Vec::is_empty) {
            return;
        }
        while !self.spent() {
            let before = self.objective;
            self.journal.clear();
            self.recording = true;
            // Half the kicks random, half along the improvement graph: chain kicks alone
            // repeat themselves once every round has been a root.
            let kicked = if self.rng.below(2) == 0 {
                self.kick_chain(problem, chains)
            } else {
                self.kick(problem)
            };
            if !kicked {
                // No round left to kick (every one withheld): nothing more to search.
                self.recording = false;
                break;
            }
            self.descend(problem, chains, ChainScope::Changed);
            self.recording = false;
            if self.objective > before + self.tolerance {
                continue;
            }
            self.undo(problem);
            self.objective = before;
        }
    }

    /// A kick: from a random round's target, the best chain there is, improving or not;
    /// whether there was a round.
    fn kick_chain(&mut self, problem: &WtaProblem, chains: &mut Chains) -> bool {
        let Some(a) = self.random_round() else {
            return false;
        };
        let mut roots = std::mem::take(&mut self.roots);
        roots.clear();
        roots.resize(problem.targets().len(), false);
        roots[problem.options()[a].target] = true;
        self.evaluations += chains.find(
            problem,
            self,
            Some(&roots),
            KICK_CHAIN_DEPTH,
            f64::NEG_INFINITY,
        );
        self.roots = roots;
        self.altered.clear();
        if let Some(&end) = chains.ends.first() {
            let moves = std::mem::take(&mut chains.moves);
            self.apply_chain(problem, &moves[..end], true);
            chains.moves = moves;
        }
        true
    }

    /// Undo the journal and forget what was queued on the way.
    fn undo(&mut self, problem: &WtaProblem) {
        while let Some(change) = self.journal.pop() {
            match change {
                Change::Fired(o) => self.withhold(problem, o),
                Change::Withheld(o) => self.fire(problem, o),
            }
        }
        while let Some(i) = self.queue.pop_front() {
            self.queued[i] = false;
        }
        for &j in &self.dirty {
            self.is_dirty[j] = false;
        }
        self.dirty.clear();
    }

    /// A few random changes: a round moved to another of its weapon's targets, or two
    /// rounds of different weapons swapping targets; whether there was a round.
    fn kick(&mut self, problem: &WtaProblem) -> bool {
        let changes = 1 + self.rng.below(KICK_CHANGES);
        for change in 0..changes {
            let Some(a) = self.random_round() else {
                return change > 0;
            };
            let i = problem.options()[a].weapon;
            if self.rng.below(2) == 0 {
                let options = problem.options_of_weapon(i);
                let to = options[self.rng.below(options.len())];
                if problem.options()[to].target != problem.options()[a].target
                    && self.target_open(problem, to)
                {
                    self.relocate(problem, Some(a), Some(to));
                    self.push(i);
                }
            } else {
                let Some(b) = self.random_round() else {
                    return true;
                };
                let (j, k, l) = (
                    problem.options()[a].target,
                    problem.options()[b].weapon,
                    problem.options()[b].target,
                );
                if k == i || l == j {
                    continue;
                }
                let (Some(a2), Some(b2)) =
                    (self.option_of(problem, i, l), self.option_of(problem, k, j))
                else {
                    continue;
                };
                self.swap(problem, (a, a2), (b, b2));
            }
        }
        true
    }

    /// A round drawn at random: a random weapon (the next one that fires, if it does
    /// not), then one of its rounds.
    fn random_round(&mut self) -> Option<usize> {
        let weapons = self.held.len();
        let first = self.rng.below(weapons);
        let i = (0..weapons)
            .map(|k| (first + k) % weapons)
            .find(|&i| !self.held[i].is_empty())?;
        let k = self.rng.below(self.held[i].len());
        Some(self.held[i][k])
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
/// generators", OOPSLA): a tiny, fixed, portable stream for the kicks. Hand-written
/// because `tdome-bmc` has no random-number crate among its dependencies and the kicks
/// need only a few well-mixed bits.
#[derive(Clone, Debug, Default)]
pub(super) struct SplitMix64(u64);

impl SplitMix64 {
    /// The stream from `seed`.
    #[cfg(test)]
    pub(super) fn seeded(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in 0..n (n > 0), by the high half of a 32 × 32-bit product (Lemire 2019,
    /// "Fast random integer generation in an interval"; bias below 2^-32 · n).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * (n as u64)) >> 32) as usize
    }
}

/// Ejection chains (Glover 1996, "Ejection chains, reference structures and alternating
/// path methods"; as an improvement graph for the WTA in Ahuja et al. 2007): round r1
/// leaves its target t1, its weapon fires instead at t2, ejecting a round r2 there, whose
/// weapon fires at t3, and so on, up to [`CHAIN_DEPTH`] ejections; the last ejected
/// round either goes to a target where it ejects nobody, is withheld, or closes a cycle
/// by ejecting r1 back at t1. While every target of the chain is distinct, the change at
/// each depends only on the round entering and the round leaving it, so the chain's gain
/// is the sum of its links' and the best chain of each length ending at each round is
/// found by one pass over all pairs of rounds per length (a label-correcting search that
/// keeps one label per round and length, as Ahuja et al. do). A link into round c may
/// also eject a second round at c's target, which fires at its weapon's best target off
/// the chain or is withheld ([`Chains::consolidation`]): the label takes whichever link
/// gains more, and that target joins the chain's.
#[derive(Clone, Debug, Default)]
struct Chains {
    /// The rounds (distinct fired options) and, per round, its target, weapon, miss
    /// factor, its target's survival without it, and its drop gain.
    nodes: Vec<Node>,
    /// Per (length, round) label: gain of the links so far (without the first drop),
    /// the previous round and the chain's targets.
    links: Vec<f64>,
    pred: Vec<u32>,
    /// Per label: the drop gain of the chain's first round.
    head: Vec<f64>,
    root: Vec<u32>,
    /// Per label: its chain's targets as a bit set of `target % 128` (exact when there
    /// are at most 128 targets; else a filter, confirmed by walking the chain back).
    seen: Vec<u128>,
    /// Whether `seen` is exact (at most 128 targets).
    seen_exact: bool,
    /// Per weapon, its [`CHAIN_DEPTH`] + 1 best targets to fire one more round at.
    adds: Vec<(f64, usize)>,
    /// The best chain: (round left, option fired instead or none).
    moves: Vec<(usize, Option<usize>)>,
    /// Where each chain of `moves` ends (chains are target-disjoint, so their gains add).
    ends: Vec<usize>,
    /// Improving chains found: (gain, length − 1, last round, option it fires).
    candidates: Vec<Candidate>,
    /// The candidates' order of choice: (gain, index).
    order: Vec<(f64, u32)>,
    /// Targets already changed by a chosen chain.
    used: Vec<bool>,
    /// Node of each fired option.
    node_of: Vec<u32>,
    /// Per weapon: the search its `adds` are up to date for, and the best gain of its
    /// options not among them (an upper bound; −∞: none).
    adds_search: Vec<u64>,
    adds_bound: Vec<f64>,
    /// This search's number (from 2 each solve).
    search_number: u64,
    /// Targets whose rounds changed since the last search, as a list and a mask.
    altered: Vec<usize>,
    is_altered: Vec<bool>,
    /// Each target's [`CHAIN_ENTRANTS`] best options (smallest miss factor first): the
    /// only weapons that may enter a chain there; and each one's weapon, miss factor and
    /// cost, in the same order.
    entrants: Csr,
    entering: Vec<Entrant>,
    /// Scratch: one target's options by miss factor.
    scratch: Vec<(f64, usize)>,
    /// Per target: the smallest λ·c of its entrants (for a bound on a link's gain).
    entry_cost: Vec<f64>,
    /// The best of all offers at the current length (−∞: none).
    best_offer: f64,
    /// Per weapon, its two best labels at the current length: (links + first drop,
    /// round).
    offers: Vec<[(f64, u32); 2]>,
    /// Per label whose last link consolidates: the second round ejected there, the
    /// option its weapon fires instead (`NONE`: withheld) and that option's target
    /// (`NONE` too); `NONE` in the first place when the link is plain.
    extra: Vec<[u32; 3]>,
    /// The rounds on each target: `at_list[at_start[t]..at_start[t + 1]]`.
    at_start: Vec<u32>,
    at_list: Vec<u32>,
}

/// Most rounds ejected in one chain.
const CHAIN_DEPTH: usize = 10;

/// Most rounds ejected in a chain after a kick (the kick's neighbourhood is small, and
/// shorter chains let more kicks into the budget).
const KICK_CHAIN_DEPTH: usize = 6;

/// Best additions kept per weapon to end a chain (one more than a chain's targets, so
/// one is always off the chain).
const CHAIN_ADDS: usize = CHAIN_DEPTH + 2;

const NONE: u32 = u32::MAX;

/// Target `t`'s bit in a chain's set of targets.
#[inline(always)]
fn bit(t: usize) -> u128 {
    1u128 << (t % 128)
}

/// An improving chain found: (gain, length − 1, last round, option it fires).
type Candidate = (f64, usize, usize, Option<usize>);

/// Weapons that may enter a chain at a target: its this many best by kill probability.
const CHAIN_ENTRANTS: usize = 24;

#[derive(Clone, Copy, Debug)]
struct Node {
    option: usize,
    target: usize,
    weapon: usize,
    miss: f64,
    /// V_t · S_t without this round: what each unit of miss factor entering costs.
    value_left: f64,
    drop: f64,
    /// λ·c of its option.
    cost: f64,
}

/// A consolidating link (see `Chains::consolidation`).
#[derive(Clone, Copy, Debug)]
struct Consolidation {
    /// The link's gain.
    gain: f64,
    /// The second round ejected, the option its weapon fires instead (`NONE`: withheld)
    /// and that option's target (`NONE` too).
    second: [u32; 3],
    /// That target's bit in a chain's set, or 0.
    target_bit: u128,
}

/// An option that may enter a chain at its target, with what pricing a link needs.
#[derive(Clone, Copy, Debug)]
struct Entrant {
    weapon: usize,
    miss: f64,
    /// λ·c.
    cost: f64,
}

impl Chains {
    /// Each target's best options into `self.entrants`; the evaluations made.
    fn prepare(&mut self, problem: &WtaProblem) -> u64 {
        let entrants = &mut self.entrants;
        entrants.start.clear();
        entrants.items.clear();
        entrants.start.push(0);
        let keep = CHAIN_ENTRANTS;
        let by_miss = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        let list = &mut self.scratch;
        for j in 0..problem.targets().len() {
            list.clear();
            list.extend(
                problem
                    .options_of_target(j)
                    .iter()
                    .map(|&o| (problem.miss(o), o)),
            );
            if list.len() > keep {
                list.select_nth_unstable_by(keep - 1, by_miss);
                list.truncate(keep);
            }
            list.sort_unstable_by(by_miss);
            entrants.items.extend(list.iter().map(|&(_, o)| o));
            entrants.start.push(entrants.items.len());
        }
        // Searches count from 2, so that no weapon's additions (search 0) look as if
        // they were up to date for the previous one.
        self.adds_search.clear();
        self.search_number = 1;
        self.entering.clear();
        self.entering
            .extend(self.entrants.items.iter().map(|&o| Entrant {
                weapon: problem.options()[o].weapon,
                miss: problem.miss(o),
                cost: problem.weighted_cost(o),
            }));
        self.entry_cost.clear();
        self.entry_cost
            .extend(self.entrants.start.windows(2).map(|w| {
                self.entering[w[0]..w[1]]
                    .iter()
                    .map(|e| e.cost)
                    .fold(f64::INFINITY, f64::min)
            }));
        problem.options().len() as u64
    }

    /// Each weapon's two best labels of length `d` + 1 into `self.offers`.
    fn weapon_best(&mut self, search: &Search, d: usize) {
        let n = self.nodes.len();
        self.offers.clear();
        self.offers
            .resize(search.held.len(), [(f64::NEG_INFINITY, NONE); 2]);
        let mut best = f64::NEG_INFINITY;
        for b in 0..n {
            let label = d * n + b;
            if self.links[label] == f64::NEG_INFINITY {
                continue;
            }
            let key = self.links[label] + self.head[label];
            best = best.max(key);
            let top = &mut self.offers[self.nodes[b].weapon];
            if key > top[0].0 {
                top[1] = top[0];
                top[0] = (key, b as u32);
            } else if key > top[1].0 {
                top[1] = (key, b as u32);
            }
        }
        self.best_offer = best;
    }

    /// The gain of a round of miss factor `miss` and weighted cost `cost` taking the place
    /// of round `c` at c's target.
    #[inline(always)]
    fn link(c: &Node, miss: f64, cost: f64) -> f64 {
        c.value_left * (c.miss - miss) - cost + c.cost
    }

    /// The best *consolidating* link into round `c`: option `o` enters c's target, where
    /// c leaves and so does a second round c2, whose weapon fires at its best target off
    /// the chain of label (length `d` + 1, round `b`) instead, or withholds it. One
    /// strong round taking the place of two weaker ones frees a round for elsewhere, which
    /// a plain chain (one round in, one out at every target) cannot do: this is the move
    /// the μ = 3 instances' local optima lack (docs/assignment.md). The target's survival
    /// goes from S to S·q_o/(q_c·q_c2), so the gain is exact and, the target being off the
    /// chain, adds to the chain's. Returns the best (if c's target has a second round)
    /// and the evaluations made.
    fn consolidation(
        &mut self,
        problem: &WtaProblem,
        search: &Search,
        d: usize,
        b: usize,
        c: usize,
        o: usize,
    ) -> (Option<Consolidation>, u64) {
        let cn = self.nodes[c];
        let (miss, cost) = (problem.miss(o), problem.weighted_cost(o));
        let (first, last) = (
            self.at_start[cn.target] as usize,
            self.at_start[cn.target + 1] as usize,
        );
        let mut evaluations = 0;
        let mut best: Option<Consolidation> = None;
        for k in first..last {
            let c2 = self.at_list[k] as usize;
            let second = self.nodes[c2];
            // The entering option is c2's own when its weapon already fires there.
            if c2 == c || second.option == o {
                continue;
            }
            if self.adds_search[second.weapon] != self.search_number {
                evaluations += self.best_adds(problem, search, second.weapon);
                self.adds_search[second.weapon] = self.search_number;
            }
            let adds = &self.adds[second.weapon * CHAIN_ADDS..(second.weapon + 1) * CHAIN_ADDS];
            let add = adds.iter().find(|(g, a)| {
                let t = problem.options()[*a].target;
                *g > f64::NEG_INFINITY && t != cn.target && !self.on_chain(d, b, t)
            });
            evaluations += 2;
            let (add_gain, second_move, target_bit) = match add {
                Some(&(g, a)) if g > 0.0 => {
                    let t = problem.options()[a].target;
                    (g, [c2 as u32, a as u32, t as u32], bit(t))
                }
                _ => (0.0, [c2 as u32, NONE, NONE], 0),
            };
            let gain = cn.value_left * (cn.miss - miss / second.miss) - cost
                + cn.cost
                + second.cost
                + add_gain;
            if best.is_none_or(|x| gain > x.gain) {
                best = Some(Consolidation {
                    gain,
                    second: second_move,
                    target_bit,
                });
            }
        }
        (best, evaluations)
    }

    /// Find the chains of `search`'s solution that gain more than `threshold` (from the
    /// rounds on `roots`' targets, or all), and choose the target-disjoint ones, best
    /// first, into `self.moves` (empty if none); the evaluations made.
    fn find(
        &mut self,
        problem: &WtaProblem,
        search: &Search,
        roots: Option<&[bool]>,
        depth: usize,
        threshold: f64,
    ) -> u64 {
        self.moves.clear();
        self.ends.clear();
        self.candidates.clear();
        for node in &self.nodes {
            self.node_of[node.option] = NONE;
        }
        self.nodes.clear();
        let mut evaluations = 0u64;
        self.node_of.resize(search.rounds.len(), NONE);
        for (i, held) in search.held.iter().enumerate() {
            evaluations += held.len() as u64;
            for &o in held {
                if self.node_of[o] != NONE {
                    continue;
                }
                let opt = problem.options()[o];
                self.node_of[o] = self.nodes.len() as u32;
                self.nodes.push(Node {
                    option: o,
                    target: opt.target,
                    weapon: opt.weapon,
                    miss: problem.miss(o),
                    value_left: problem.targets()[opt.target].value
                        * search.survival_without(problem, opt.target, o),
                    drop: search.drop_gain(problem, o),
                    cost: problem.weighted_cost(o),
                });
                debug_assert_eq!(opt.weapon, i);
            }
        }
        let n = self.nodes.len();
        if n == 0 {
            return evaluations;
        }
        let targets = problem.targets().len();
        self.at_list.clear();
        self.at_list.extend(0..n as u32);
        let nodes = &self.nodes;
        self.at_list
            .sort_unstable_by_key(|&k| (nodes[k as usize].target, k));
        self.at_start.clear();
        self.at_start.resize(targets + 1, 0);
        for node in &self.nodes {
            self.at_start[node.target + 1] += 1;
        }
        for j in 0..targets {
            self.at_start[j + 1] += self.at_start[j];
        }
        let weapons = problem.weapons().len();
        self.adds_search.resize(weapons, 0);
        self.adds_bound.resize(weapons, f64::NEG_INFINITY);
        self.adds
            .resize(weapons * CHAIN_ADDS, (f64::NEG_INFINITY, 0));
        for &j in &self.altered {
            self.is_altered[j] = false;
        }
        self.altered.clear();
        self.is_altered.resize(problem.targets().len(), false);
        for &j in &search.altered {
            if !self.is_altered[j] {
                self.is_altered[j] = true;
                self.altered.push(j);
            }
        }
        evaluations += search.altered.len() as u64;
        self.search_number += 1;
        self.seen_exact = problem.targets().len() <= 128;
        // A label is there when its links are finite; the rest of it is written with
        // them, so only the links of the lengths searched need clearing.
        if self.links.len() < depth * n {
            self.links.resize(depth * n, f64::NEG_INFINITY);
            self.pred.resize(depth * n, NONE);
            self.seen.resize(depth * n, 0);
            self.head.resize(depth * n, 0.0);
            self.root.resize(depth * n, NONE);
            self.extra.resize(depth * n, [NONE; 3]);
        }
        self.links[..depth * n].fill(f64::NEG_INFINITY);
        for b in 0..n {
            if roots.is_some_and(|r| !r[self.nodes[b].target]) {
                continue;
            }
            self.links[b] = 0.0;
            self.head[b] = self.nodes[b].drop;
            self.root[b] = b as u32;
            self.seen[b] = bit(self.nodes[b].target);
            self.extra[b] = [NONE; 3];
        }
        for d in 0..depth {
            // Close every chain of length d + 1.
            for b in 0..n {
                let label = d * n + b;
                let g = self.links[label];
                if g == f64::NEG_INFINITY {
                    continue;
                }
                let root = self.root[label] as usize;
                let head = g + self.head[label];
                let node = self.nodes[b];
                // Withheld.
                let mut best = (head, None);
                // Fired where it ejects nobody.
                if self.adds_search[node.weapon] != self.search_number {
                    evaluations += self.best_adds(problem, search, node.weapon);
                    self.adds_search[node.weapon] = self.search_number;
                }
                let adds = &self.adds[node.weapon * CHAIN_ADDS..(node.weapon + 1) * CHAIN_ADDS];
                if let Some(&(gain, o)) = adds.iter().find(|(g, o)| {
                    *g > f64::NEG_INFINITY && !self.on_chain(d, b, problem.options()[*o].target)
                }) && head + gain > best.0
                {
                    best = (head + gain, Some(o));
                }
                // A cycle: ejecting the first round.
                let r = self.nodes[root];
                if d > 0
                    && r.weapon != node.weapon
                    && let Some(o) = search.option_of(problem, node.weapon, r.target)
                {
                    let cycle = g + Self::link(&r, problem.miss(o), problem.weighted_cost(o));
                    if cycle > best.0 {
                        best = (cycle, Some(o));
                    }
                }
                evaluations += 3;
                if best.0 > threshold {
                    self.candidates.push((best.0, d, b, best.1));
                }
            }
            if d + 1 == depth {
                break;
            }
            // Extend: round b's weapon fires at c's target, ejecting c.
            // A link's gain depends on the entering round only through its weapon, so
            // each weapon offers its two best labels (two, in case the best's chain
            // already visits c's target): one pass per weapon, not per round pair.
            self.weapon_best(search, d);
            for c in 0..n {
                let cn = self.nodes[c];
                let mut label: Option<(f64, usize, usize)> = None;
                let (first, last) = (
                    self.entrants.start[cn.target],
                    self.entrants.start[cn.target + 1],
                );
                // Entrants come best miss factor first, so a link's gain can only fall
                // along them (but for cost, bounded by the cheapest entrant's): once the
                // best offer of all plus that bound cannot beat the label, none can.
                let cheapest = self.entry_cost[cn.target];
                for (e, &o) in self.entering[first..last]
                    .iter()
                    .zip(&self.entrants.items[first..last])
                {
                    // As `link`, in the same order of operations.
                    let kill = cn.value_left * (cn.miss - e.miss);
                    if let Some((t, _, _)) = label
                        && self.best_offer + (kill - cheapest + cn.cost) <= t
                    {
                        break;
                    }
                    let offers = &self.offers[e.weapon];
                    if e.weapon == cn.weapon || offers[0].1 == NONE {
                        continue;
                    }
                    evaluations += 1;
                    let link = kill - e.cost + cn.cost;
                    for &(key, b) in offers {
                        if b == NONE || label.is_some_and(|(t, _, _)| key + link <= t) {
                            break;
                        }
                        if !self.on_chain(d, b as usize, cn.target) {
                            label = Some((key + link, b as usize, o));
                            break;
                        }
                    }
                }
                if let Some((_, b, o)) = label {
                    let from = d * n + b;
                    let to = (d + 1) * n + c;
                    let mut link = Self::link(&cn, problem.miss(o), problem.weighted_cost(o));
                    let (mut extra, mut extra_bit) = ([NONE; 3], 0);
                    let (consolidated, work) = self.consolidation(problem, search, d, b, c, o);
                    evaluations += work;
                    if let Some(x) = consolidated
                        && x.gain > link
                    {
                        (link, extra, extra_bit) = (x.gain, x.second, x.target_bit);
                    }
                    self.links[to] = self.links[from] + link;
                    self.pred[to] = b as u32;
                    self.head[to] = self.head[from];
                    self.root[to] = self.root[from];
                    self.seen[to] = self.seen[from] | bit(cn.target) | extra_bit;
                    self.extra[to] = extra;
                }
            }
        }
        self.choose(problem, search);
        evaluations
    }

    /// Whether target `t` is on the chain of label (length `d` + 1, round `b`).
    #[inline(always)]
    fn on_chain(&self, d: usize, b: usize, t: usize) -> bool {
        let n = self.nodes.len();
        if self.seen[d * n + b] & bit(t) == 0 {
            return false;
        }
        if self.seen_exact {
            return true;
        }
        let (mut d, mut c) = (d, b);
        loop {
            if self.nodes[c].target == t || self.extra[d * n + c][2] == t as u32 {
                return true;
            }
            if d == 0 {
                return false;
            }
            c = self.pred[d * n + c] as usize;
            d -= 1;
        }
    }

    /// Weapon `i`'s best additions (gain, option), best first; evaluations made. When
    /// they were up to date for the previous search and few targets have changed since,
    /// only the options on those are priced again: the entries at or above the bound on
    /// everything left out are exact, and enough of them (one more than a chain has
    /// targets) make the list as good as a full scan's.
    fn best_adds(&mut self, problem: &WtaProblem, search: &Search, i: usize) -> u64 {
        let options = problem.options_of_weapon(i).len();
        if self.adds_search[i] + 1 == self.search_number && 4 * self.altered.len() < options {
            let top = &mut self.adds[i * CHAIN_ADDS..(i + 1) * CHAIN_ADDS];
            let mut bound = self.adds_bound[i];
            // Drop the entries on changed targets, then price those targets again.
            let mut kept = 0;
            for k in 0..CHAIN_ADDS {
                let (g, o) = top[k];
                if g > f64::NEG_INFINITY && !self.is_altered[problem.options()[o].target] {
                    top[kept] = top[k];
                    kept += 1;
                }
            }
            top[kept..].fill((f64::NEG_INFINITY, 0));
            for &j in &self.altered {
                if let Some(o) = search.option_of(problem, i, j)
                    && search.target_open(problem, o)
                {
                    let g = search.add_gain(problem, o);
                    if let Some(out) = insert_add(top, g, o) {
                        bound = bound.max(out);
                    }
                }
            }
            self.adds_bound[i] = bound;
            let exact = top.iter().filter(|(g, _)| *g >= bound).count();
            if exact > CHAIN_DEPTH {
                return (self.altered.len() + CHAIN_ADDS) as u64;
            }
        }
        let top = &mut self.adds[i * CHAIN_ADDS..(i + 1) * CHAIN_ADDS];
        top.fill((f64::NEG_INFINITY, 0));
        let mut bound = f64::NEG_INFINITY;
        for &o in problem.options_of_weapon(i) {
            if !search.target_open(problem, o) {
                continue;
            }
            if let Some(out) = insert_add(top, search.add_gain(problem, o), o) {
                bound = bound.max(out);
            }
        }
        self.adds_bound[i] = bound;
        options as u64
    }

    /// The improving chains, best first, each kept if it touches no target a better one
    /// touches.
    fn choose(&mut self, problem: &WtaProblem, search: &Search) {
        // Best gain first, ties in the order found (by length, then round): sorted as
        // (gain, index) pairs, lighter to move than the candidates.
        self.order.clear();
        self.order.extend(
            self.candidates
                .iter()
                .enumerate()
                .map(|(k, c)| (c.0, k as u32)),
        );
        self.order
            .sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        self.used.clear();
        self.used.resize(problem.targets().len(), false);
        for k in 0..self.order.len() {
            let (_, d, b, last) = self.candidates[self.order[k].1 as usize];
            // Its last and first rounds' targets are on it: a quick look before the trace.
            let root = self.root[d * self.nodes.len() + b] as usize;
            if self.used[self.nodes[b].target] || self.used[self.nodes[root].target] {
                continue;
            }
            let start = self.moves.len();
            self.trace(problem, d, b, last, search);
            let chain = &self.moves[start..];
            let targets = || {
                chain.iter().flat_map(|&(from, to)| {
                    std::iter::once(from)
                        .chain(to)
                        .map(|o| problem.options()[o].target)
                })
            };
            if targets().any(|j| self.used[j]) {
                self.moves.truncate(start);
                continue;
            }
            for j in targets() {
                self.used[j] = true;
            }
            self.ends.push(self.moves.len());
        }
    }

    /// Append the moves of the chain ending in round `b` at length `d` + 1, closed by
    /// `last`.
    fn trace(
        &mut self,
        problem: &WtaProblem,
        d: usize,
        b: usize,
        last: Option<usize>,
        search: &Search,
    ) {
        let n = self.nodes.len();
        self.moves.push((self.nodes[b].option, last));
        let (mut d, mut c) = (d, b);
        while d > 0 {
            let [c2, to, _] = self.extra[d * n + c];
            if c2 != NONE {
                let to = (to != NONE).then_some(to as usize);
                self.moves.push((self.nodes[c2 as usize].option, to));
            }
            let p = self.pred[d * n + c] as usize;
            let fired = search.option_of(problem, self.nodes[p].weapon, self.nodes[c].target);
            self.moves.push((self.nodes[p].option, fired));
            c = p;
            d -= 1;
        }
    }
}

/// Insert addition `(g, o)` into `top` (best first, ties after the earlier); the gain
/// left out (`g` itself, or the last entry's), if any.
fn insert_add(top: &mut [(f64, usize)], g: f64, o: usize) -> Option<f64> {
    let last = top.len() - 1;
    if g <= top[last].0 {
        return Some(g);
    }
    let out = top[last].0;
    let mut k = last;
    while k > 0 && top[k - 1].0 < g {
        top[k] = top[k - 1];
        k -= 1;
    }
    top[k] = (g, o);
    (out > f64::NEG_INFINITY).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign::wta::{NO_ROUND_LIMIT, Target, Weapon, WtaOption};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A random problem: `weapons` types of 1–3 rounds, `targets` targets, each weapon
    /// reaching `reach` of them, kill probabilities in (0.05, 0.95), some costs.
    fn random_problem(
        rng: &mut ChaCha8Rng,
        weapons: usize,
        targets: usize,
        reach: usize,
    ) -> WtaProblem {
        let ws = (0..weapons)
            .map(|_| Weapon {
                capacity: rng.random_range(1..=3),
            })
            .collect();
        let ts = (0..targets)
            .map(|_| Target {
                value: rng.random_range(1.0..100.0),
                max_rounds: if rng.random_bool(0.2) {
                    2
                } else {
                    NO_ROUND_LIMIT
                },
            })
            .collect();
        let mut options = Vec::new();
        for i in 0..weapons {
            let first = rng.random_range(0..targets);
            for k in 0..reach.min(targets) {
                options.push(WtaOption {
                    weapon: i,
                    target: (first + 7 * k) % targets,
                    p_kill: rng.random_range(0.05..0.95),
                    cost: if rng.random_bool(0.3) {
                        rng.random_range(0.0..5.0)
                    } else {
                        0.0
                    },
                });
            }
        }
        options.sort_by_key(|o| (o.weapon, o.target));
        options.dedup_by_key(|o| (o.weapon, o.target));
        WtaProblem::new(ws, ts, options, 1.0).expect("a valid problem")
    }

    /// Every chain the search finds, improving or not, consolidating links and all,
    /// changes the objective (recomputed from scratch) by exactly the gain it was priced
    /// at: so chains can be chosen on their prices. With more than 128 targets the
    /// chains' target sets are filters, and the walk back along a chain must see the
    /// targets its second rounds went to.
    #[test]
    fn chains_change_the_objective_by_their_price() {
        let mut rng = ChaCha8Rng::seed_from_u64(20261204);
        let (mut checked, mut consolidating) = (0, 0);
        for case in 0..300 {
            let problem = if case % 10 == 9 {
                random_problem(&mut rng, 12, 140, 40)
            } else {
                let (w, t) = (rng.random_range(2..9), rng.random_range(2..8));
                random_problem(&mut rng, w, t, t)
            };
            let mut start = vec![0; problem.options().len()];
            Greedy::new().extend(&problem, &mut start);
            let mut search = Search::default();
            search.reset(&problem, &start, u64::MAX);
            let mut chains = Chains::default();
            chains.prepare(&problem);
            chains.find(&problem, &search, None, CHAIN_DEPTH, f64::NEG_INFINITY);
            let before = problem.objective(&search.rounds);
            for &(gain, d, b, last) in &chains.candidates.clone() {
                chains.moves.clear();
                chains.trace(&problem, d, b, last, &search);
                if chains.moves.len() > d + 1 {
                    consolidating += 1;
                }
                let mut after = search.clone();
                for &(from, _) in &chains.moves {
                    after.withhold(&problem, from);
                }
                for &(_, to) in &chains.moves {
                    if let Some(o) = to {
                        after.fire(&problem, o);
                    }
                }
                problem
                    .check_feasible(&after.rounds)
                    .expect("a chain keeps the rounds feasible");
                let change = problem.objective(&after.rounds) - before;
                assert!(
                    (change - gain).abs() <= 1e-9 * problem.total_value().max(1.0),
                    "case {case}: priced {gain}, changed {change}"
                );
                checked += 1;
            }
        }
        assert!(checked > 1_000, "{checked} chains checked");
        assert!(consolidating > 100, "{consolidating} consolidating chains");
    }
}
