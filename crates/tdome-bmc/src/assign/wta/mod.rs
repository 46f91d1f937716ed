//! Static weapon–target assignment (WTA): which weapons fire how many rounds at which
//! targets, in one decision.
//!
//! The general problem, which the battle manager builds each cycle from its battery ×
//! track options (the classic static WTA is the special case λ = 0 with no per-target
//! limit):
//!
//! ```text
//!   maximise  Σ_j V_j (1 − Π_{o of j} (1 − p_o)^{x_o})  −  λ Σ_o c_o x_o
//!   s.t.      Σ_{o of weapon i} x_o ≤ capacity_i      (rounds or fire channels)
//!             Σ_{o of target j} x_o ≤ max_rounds_j    (doctrine's shot limit)
//!             x_o ≥ 0 integer
//! ```
//!
//! An option o = (weapon i, target j, p_o, c_o) is one allowed weapon–target pair: its
//! single-shot kill probability and its cost per round. Options are sparse: most
//! battery–track pairs are out of reach and simply have no option. Each solution also
//! reports the expected surviving value Σ_j V_j Π (1 − p_o)^{x_o}, the objective the
//! static WTA literature minimises (Manne 1958; Ahuja, Kumar, Jha & Orlin 2007,
//! Operations Research 55(6)) and the one published instances quote.
//!
//! Solvers ([`WtaSolver`]):
//! - [`Greedy`]: maximum marginal return (den Broeder, Ellison & Emerling 1959; Kolitz
//!   1988), with lazy re-evaluation of the marginal gains;
//! - [`LocalSearch`]: greedy, then descent over round moves, swaps and ejection chains,
//!   then iterated local search, all within a [`SearchBudget`] counted in evaluations;
//! - [`BranchAndBound`]: exact for small problems, with a node limit that reports
//!   "not proven" rather than running on.
//!
//! Every solver is deterministic: the same problem gives bitwise the same solution.
//! Solvers keep their scratch buffers between calls, so a battle manager solving every
//! cycle does not allocate afresh.

pub mod benchmark;
mod exact;
mod greedy;
mod local;
mod survival;

pub use exact::BranchAndBound;
pub use greedy::Greedy;
pub use local::{LocalSearch, SearchBudget};

use survival::Survival;

/// No limit on the rounds a target may receive.
pub const NO_ROUND_LIMIT: u32 = u32::MAX;

/// A weapon: a battery, or a weapon type with a number of identical rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weapon {
    /// Rounds (or fire channels) it can commit in this decision.
    pub capacity: u32,
}

/// A target: a threat and what destroying it is worth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// Its value, ≥ 0, in the problem's value unit (the objective's unit).
    pub value: f64,
    /// The most rounds doctrine lets it receive ([`NO_ROUND_LIMIT`]: none).
    pub max_rounds: u32,
}

/// One allowed weapon–target pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WtaOption {
    /// Index of the weapon in the problem's weapon list.
    pub weapon: usize,
    /// Index of the target in the problem's target list.
    pub target: usize,
    /// Single-shot kill probability of one round, in [0, 1].
    pub p_kill: f64,
    /// Cost of one round, ≥ 0, in the caller's cost unit; the problem's cost weight λ
    /// converts it into value units.
    pub cost: f64,
}

/// Why a problem was refused. Indices name the offending entry of the input lists.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WtaError {
    /// A target's value is negative, NaN or infinite.
    #[error("target {target}: value {value} is not a finite number ≥ 0")]
    TargetValue {
        /// Index of the target.
        target: usize,
        /// The value given.
        value: f64,
    },
    /// An option names a weapon that is not in the list.
    #[error("option {option}: weapon {weapon} is out of range (there are {weapons})")]
    WeaponOutOfRange {
        /// Index of the option.
        option: usize,
        /// The weapon index given.
        weapon: usize,
        /// How many weapons there are.
        weapons: usize,
    },
    /// An option names a target that is not in the list.
    #[error("option {option}: target {target} is out of range (there are {targets})")]
    TargetOutOfRange {
        /// Index of the option.
        option: usize,
        /// The target index given.
        target: usize,
        /// How many targets there are.
        targets: usize,
    },
    /// An option's kill probability is outside [0, 1] or NaN.
    #[error("option {option}: kill probability {p_kill} is not in [0, 1]")]
    KillProbability {
        /// Index of the option.
        option: usize,
        /// The probability given.
        p_kill: f64,
    },
    /// An option's cost is negative, NaN or infinite.
    #[error("option {option}: cost {cost} is not a finite number ≥ 0")]
    Cost {
        /// Index of the option.
        option: usize,
        /// The cost given.
        cost: f64,
    },
    /// Two options pair the same weapon and target.
    #[error("options {first} and {second} both pair weapon {weapon} with target {target}")]
    DuplicatePair {
        /// Index of the earlier option.
        first: usize,
        /// Index of the later option.
        second: usize,
        /// The weapon.
        weapon: usize,
        /// The target.
        target: usize,
    },
    /// The cost weight λ is negative, NaN or infinite.
    #[error("cost weight {0} is not a finite number ≥ 0")]
    CostWeight(f64),
}

/// A validated WTA problem, indexed for the solvers: each target's and each weapon's
/// options (a weapon's sorted by target, so a pair is found by binary search).
#[derive(Clone, Debug)]
pub struct WtaProblem {
    weapons: Vec<Weapon>,
    targets: Vec<Target>,
    options: Vec<WtaOption>,
    cost_weight: f64,
    /// 1 − p_o for every option: the factor one round multiplies its target's survival by.
    miss: Vec<f64>,
    by_target: Csr,
    by_weapon: Csr,
}

/// Compressed lists: the options of entity k are `items[start[k]..start[k + 1]]`.
#[derive(Clone, Debug, Default)]
struct Csr {
    start: Vec<usize>,
    items: Vec<usize>,
}

impl Csr {
    fn build(count: usize, options: &[WtaOption], key: impl Fn(&WtaOption) -> usize) -> Self {
        let mut start = vec![0; count + 1];
        for o in options {
            start[key(o) + 1] += 1;
        }
        for k in 0..count {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut items = vec![0; options.len()];
        for (index, o) in options.iter().enumerate() {
            items[fill[key(o)]] = index;
            fill[key(o)] += 1;
        }
        Csr { start, items }
    }

    #[inline]
    fn of(&self, k: usize) -> &[usize] {
        &self.items[self.start[k]..self.start[k + 1]]
    }
}

impl WtaProblem {
    /// Check and index a problem. `cost_weight` is λ, the value of one unit of cost
    /// (0: cost plays no part, the classic static WTA).
    pub fn new(
        weapons: Vec<Weapon>,
        targets: Vec<Target>,
        options: Vec<WtaOption>,
        cost_weight: f64,
    ) -> Result<Self, WtaError> {
        if !(cost_weight.is_finite() && cost_weight >= 0.0) {
            return Err(WtaError::CostWeight(cost_weight));
        }
        for (target, t) in targets.iter().enumerate() {
            if !(t.value.is_finite() && t.value >= 0.0) {
                return Err(WtaError::TargetValue {
                    target,
                    value: t.value,
                });
            }
        }
        for (option, o) in options.iter().enumerate() {
            check_option(option, o, weapons.len(), targets.len())?;
        }
        let miss = options.iter().map(|o| 1.0 - o.p_kill).collect();
        let by_target = Csr::build(targets.len(), &options, |o| o.target);
        let mut by_weapon = Csr::build(weapons.len(), &options, |o| o.weapon);
        for w in 0..weapons.len() {
            let (a, b) = (by_weapon.start[w], by_weapon.start[w + 1]);
            // Stable: equal targets keep input order, so the duplicate reported first
            // is the earlier option.
            by_weapon.items[a..b].sort_by_key(|&o| options[o].target);
            if let Some(pair) = by_weapon.items[a..b]
                .windows(2)
                .find(|p| options[p[0]].target == options[p[1]].target)
            {
                return Err(WtaError::DuplicatePair {
                    first: pair[0],
                    second: pair[1],
                    weapon: w,
                    target: options[pair[0]].target,
                });
            }
        }
        Ok(WtaProblem {
            weapons,
            targets,
            options,
            cost_weight,
            miss,
            by_target,
            by_weapon,
        })
    }

    /// The weapons.
    pub fn weapons(&self) -> &[Weapon] {
        &self.weapons
    }

    /// The targets.
    #[inline]
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The options, in input order; a solution's `rounds` is indexed like this.
    #[inline]
    pub fn options(&self) -> &[WtaOption] {
        &self.options
    }

    /// λ, the value of one unit of cost.
    pub fn cost_weight(&self) -> f64 {
        self.cost_weight
    }

    /// Indices of the options on target `j`, in input order.
    #[inline]
    pub fn options_of_target(&self, j: usize) -> &[usize] {
        self.by_target.of(j)
    }

    /// Indices of the options of weapon `i`, by increasing target.
    #[inline]
    pub fn options_of_weapon(&self, i: usize) -> &[usize] {
        self.by_weapon.of(i)
    }

    /// The option pairing weapon `i` with target `j`, if there is one.
    pub fn option_of(&self, i: usize, j: usize) -> Option<usize> {
        let list = self.by_weapon.of(i);
        list.binary_search_by_key(&j, |&o| self.options[o].target)
            .ok()
            .map(|k| list[k])
    }

    /// Sum of the target values: the expected surviving value when nothing is fired.
    pub fn total_value(&self) -> f64 {
        self.targets.iter().map(|t| t.value).sum()
    }

    /// 1 − p of option `o`.
    #[inline]
    fn miss(&self, o: usize) -> f64 {
        self.miss[o]
    }

    /// λ·c of option `o`, in value units.
    #[inline]
    fn weighted_cost(&self, o: usize) -> f64 {
        self.cost_weight * self.options[o].cost
    }

    /// The objective gained by one more round of option `o` on a target whose survival
    /// probability is now `survival`: V_j S_j p_o − λ c_o.
    #[inline]
    fn marginal_gain(&self, o: usize, survival: f64) -> f64 {
        let opt = &self.options[o];
        self.targets[opt.target].value * survival * opt.p_kill - self.weighted_cost(o)
    }

    /// Into `weapon_left` and `target_left` (cleared first): each weapon's capacity and
    /// each target's round limit less what `rounds` (one entry per option) uses.
    fn remaining(&self, rounds: &[u32], weapon_left: &mut Vec<u32>, target_left: &mut Vec<u32>) {
        weapon_left.clear();
        weapon_left.extend(self.weapons.iter().map(|w| w.capacity));
        target_left.clear();
        target_left.extend(self.targets.iter().map(|t| t.max_rounds));
        for (o, &x) in rounds.iter().enumerate() {
            let opt = &self.options[o];
            weapon_left[opt.weapon] = weapon_left[opt.weapon].saturating_sub(x);
            target_left[opt.target] = target_left[opt.target].saturating_sub(x);
        }
    }

    /// Whether `rounds` (one entry per option) respects every capacity and limit.
    pub fn check_feasible(&self, rounds: &[u32]) -> Result<(), Infeasible> {
        if rounds.len() != self.options.len() {
            return Err(Infeasible::Length {
                expected: self.options.len(),
                got: rounds.len(),
            });
        }
        let sum = |list: &[usize]| list.iter().map(|&o| u64::from(rounds[o])).sum::<u64>();
        for (weapon, w) in self.weapons.iter().enumerate() {
            let used = sum(self.by_weapon.of(weapon));
            if used > u64::from(w.capacity) {
                return Err(Infeasible::Capacity { weapon, used });
            }
        }
        for (target, t) in self.targets.iter().enumerate() {
            let used = sum(self.by_target.of(target));
            if used > u64::from(t.max_rounds) {
                return Err(Infeasible::TargetLimit { target, used });
            }
        }
        Ok(())
    }

    /// Target `j`'s survival probability Π (1 − p_o)^{x_o} under `rounds`, multiplied in
    /// option order so that every caller gets the same bits.
    pub fn survival(&self, rounds: &[u32], j: usize) -> f64 {
        self.by_target
            .of(j)
            .iter()
            .filter(|&&o| rounds[o] > 0)
            .map(|&o| power(self.miss(o), rounds[o]))
            .product()
    }

    /// Expected surviving value Σ_j V_j S_j under `rounds` (minimised by the classic
    /// static WTA).
    pub fn surviving_value(&self, rounds: &[u32]) -> f64 {
        (0..self.targets.len())
            .map(|j| self.targets[j].value * self.survival(rounds, j))
            .sum()
    }

    /// The objective Σ_j V_j (1 − S_j) − λ Σ_o c_o x_o under `rounds` (maximised).
    pub fn objective(&self, rounds: &[u32]) -> f64 {
        let cost: f64 = rounds
            .iter()
            .enumerate()
            .filter(|(_, x)| **x > 0)
            .map(|(o, &x)| self.weighted_cost(o) * f64::from(x))
            .sum();
        self.total_value() - self.surviving_value(rounds) - cost
    }
}

/// (1 − p)^n, by repeated squaring (exact integer powers; `powi` takes an `i32`).
fn power(base: f64, n: u32) -> f64 {
    let (mut result, mut b, mut n) = (1.0, base, n);
    while n > 0 {
        if n & 1 == 1 {
            result *= b;
        }
        b *= b;
        n >>= 1;
    }
    result
}

fn check_option(
    option: usize,
    o: &WtaOption,
    weapons: usize,
    targets: usize,
) -> Result<(), WtaError> {
    if o.weapon >= weapons {
        return Err(WtaError::WeaponOutOfRange {
            option,
            weapon: o.weapon,
            weapons,
        });
    }
    if o.target >= targets {
        return Err(WtaError::TargetOutOfRange {
            option,
            target: o.target,
            targets,
        });
    }
    if !(0.0..=1.0).contains(&o.p_kill) {
        return Err(WtaError::KillProbability {
            option,
            p_kill: o.p_kill,
        });
    }
    if !(o.cost.is_finite() && o.cost >= 0.0) {
        return Err(WtaError::Cost {
            option,
            cost: o.cost,
        });
    }
    Ok(())
}

/// Why a set of rounds is not a feasible solution.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Infeasible {
    /// The rounds vector does not have one entry per option.
    #[error("{got} round counts for {expected} options")]
    Length {
        /// The number of options.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// A weapon fires more rounds than it has.
    #[error("weapon {weapon} fires {used} rounds, more than its capacity")]
    Capacity {
        /// The weapon.
        weapon: usize,
        /// Rounds assigned to it.
        used: u64,
    },
    /// A target receives more rounds than its limit.
    #[error("target {target} receives {used} rounds, more than its limit")]
    TargetLimit {
        /// The target.
        target: usize,
        /// Rounds assigned to it.
        used: u64,
    },
}

/// What is known about a solution's optimality.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WtaStatus {
    /// A heuristic's answer: no claim.
    Heuristic,
    /// Proven optimal (to the solver's tolerance).
    Optimal,
    /// An exact search stopped at its node limit before proving optimality.
    NotProven,
}

/// A solution: rounds per option and its objectives.
#[derive(Clone, Debug, PartialEq)]
pub struct WtaSolution {
    /// Rounds fired by each option, indexed like [`WtaProblem::options`].
    pub rounds: Vec<u32>,
    /// Σ_j V_j (1 − S_j) − λ Σ c_o x_o, in value units (maximised).
    pub objective: f64,
    /// Σ_j V_j S_j, the expected surviving target value (the classic static WTA's
    /// minimised objective).
    pub surviving_value: f64,
    /// An upper bound on the optimal objective, when the solver has one.
    pub bound: Option<f64>,
    /// What is known about optimality.
    pub status: WtaStatus,
}

impl Default for WtaSolution {
    fn default() -> Self {
        WtaSolution {
            rounds: Vec::new(),
            objective: 0.0,
            surviving_value: 0.0,
            bound: None,
            status: WtaStatus::Heuristic,
        }
    }
}

impl WtaSolution {
    /// An empty solution, to be filled by a solver.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set `rounds` from `source` (reusing the buffer) and recompute both objectives
    /// from scratch, so they carry no drift from incremental updates.
    fn set(&mut self, problem: &WtaProblem, source: &[u32], status: WtaStatus) {
        self.rounds.clear();
        self.rounds.extend_from_slice(source);
        self.evaluate(problem);
        self.status = status;
        self.bound = None;
    }

    /// Recompute the objectives of `rounds` from scratch.
    fn evaluate(&mut self, problem: &WtaProblem) {
        self.surviving_value = problem.surviving_value(&self.rounds);
        self.objective = problem.objective(&self.rounds);
    }
}

/// A WTA solver. Implementations keep scratch buffers between calls and are
/// deterministic.
pub trait WtaSolver {
    /// A short name for reports (`"greedy"`, `"local"`, `"exact"`).
    fn name(&self) -> &'static str;

    /// Solve `problem` into `out`, reusing its buffers.
    fn solve(&mut self, problem: &WtaProblem, out: &mut WtaSolution);
}

#[cfg(test)]
mod tests;
