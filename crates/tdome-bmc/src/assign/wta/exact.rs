//! Exact branch and bound for small problems: the reference the heuristics are checked
//! against in tests, and `tdome assign --solver exact`.
//!
//! **Branching.** Weapons are taken one after another (strongest first: by their best
//! first-round gain), and a weapon's rounds one at a time: each round goes to one of the
//! weapon's options, or the weapon stops. Its rounds are identical, so they are
//! enumerated as a multiset: each round goes to an option at or after the previous
//! round's in the weapon's option list. Children are tried best marginal gain first, so
//! that good solutions (and tight pruning) come early; the search starts with the
//! [`LocalSearch`] solution as incumbent.
//!
//! **Dominance.** A round whose marginal gain is ≤ 0 now is never worth firing: later
//! rounds on its target only lower its gain further. With λ = 0, stopping a weapon that
//! could still fire at a gain on a target without a round limit is never better than
//! firing (a round never lowers the objective there), so that branch is skipped.
//!
//! **Bound.** Each target j may receive any y_j of the rounds still to be placed, and
//! Σ y_j ≤ the number of those rounds, but a round may serve several targets at once
//! (the weapon-capacity coupling is relaxed). Target j's best y rounds are then its y
//! smallest miss factors among the remaining rounds, each at the cheapest remaining cost
//! on j, so its gain is concave in y, and picking the largest marginal gains across
//! targets solves the relaxation exactly. It is the maximum-marginal-return bound of
//! Ahuja et al. (2007) refined per target to the actual remaining weapons.
//!
//! The search stops after `node_limit` nodes and then reports
//! [`WtaStatus::NotProven`](super::WtaStatus::NotProven) with the best solution found and
//! the root bound. Deterministic: no clock is read.

use super::{LocalSearch, Survival, WtaProblem, WtaSolution, WtaSolver, WtaStatus};

/// Nodes explored by default before giving up a proof.
pub const DEFAULT_NODE_LIMIT: u64 = 5_000_000;

/// Rounds placed along one branch before the search gives up proving (recursion depth:
/// a problem this deep is far beyond what the search could finish anyway).
const MAX_DEPTH: usize = 4096;

/// The exact solver, with its node limit and scratch buffers.
#[derive(Clone, Debug)]
pub struct BranchAndBound {
    /// Nodes explored before the search gives up proving optimality.
    pub node_limit: u64,
    local: LocalSearch,
    order: Vec<usize>,
    /// Per (order position k, target j): the miss factors and multiplicities of the
    /// options on j of the weapons after position k, best (smallest miss) first.
    later: Vec<Vec<(f64, u32)>>,
    /// Per (k, j): the cheapest weighted cost among those options.
    later_cost: Vec<f64>,
    /// Rounds of the weapons after position k.
    later_rounds: Vec<u64>,
    rounds: Vec<u32>,
    best: Vec<u32>,
    best_objective: f64,
    survival: Survival,
    target_left: Vec<u32>,
    children: Vec<Vec<(f64, usize)>>,
    marginals: Vec<f64>,
    nodes: u64,
    tolerance: f64,
    aborted: bool,
}

impl Default for BranchAndBound {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the search is: the weapon (by order position), the first position in its
/// option list its next round may use, and its rounds left.
#[derive(Clone, Copy, Debug)]
struct Node {
    k: usize,
    pos: usize,
    left: u32,
    depth: usize,
    objective: f64,
}

impl BranchAndBound {
    /// An exact solver with [`DEFAULT_NODE_LIMIT`].
    pub fn new() -> Self {
        Self::with_node_limit(DEFAULT_NODE_LIMIT)
    }

    /// An exact solver that gives up proving after `node_limit` nodes.
    pub fn with_node_limit(node_limit: u64) -> Self {
        BranchAndBound {
            node_limit,
            local: LocalSearch::new(),
            order: Vec::new(),
            later: Vec::new(),
            later_cost: Vec::new(),
            later_rounds: Vec::new(),
            rounds: Vec::new(),
            best: Vec::new(),
            best_objective: 0.0,
            survival: Survival::default(),
            target_left: Vec::new(),
            children: Vec::new(),
            marginals: Vec::new(),
            nodes: 0,
            tolerance: 0.0,
            aborted: false,
        }
    }

    /// Nodes explored by the last solve.
    pub fn nodes(&self) -> u64 {
        self.nodes
    }

    /// Weapon order and the per-target lists of what the later weapons can still do.
    fn prepare(&mut self, p: &WtaProblem) {
        let w = p.weapons().len();
        let t = p.targets().len();
        let first_gain = |i: usize| {
            p.options_of_weapon(i)
                .iter()
                .map(|&o| p.marginal_gain(o, 1.0))
                .fold(0.0, f64::max)
        };
        self.order.clear();
        self.order.extend(0..w);
        self.order
            .sort_by(|&a, &b| first_gain(b).total_cmp(&first_gain(a)).then(a.cmp(&b)));
        self.later.resize_with(w * t, Vec::new);
        self.later_cost.clear();
        self.later_cost.resize(w * t, f64::INFINITY);
        self.later_rounds.clear();
        self.later_rounds.resize(w, 0);
        for k in (0..w).rev() {
            let (here, after) = self.later.split_at_mut((k + 1) * t);
            for j in 0..t {
                let list = &mut here[k * t + j];
                list.clear();
                if k + 1 < w {
                    list.extend_from_slice(&after[j]);
                    self.later_cost[k * t + j] = self.later_cost[(k + 1) * t + j];
                }
            }
            if k + 1 < w {
                let i = self.order[k + 1];
                let capacity = p.weapons()[i].capacity;
                if capacity == 0 {
                    self.later_rounds[k] = self.later_rounds[k + 1];
                    continue;
                }
                self.later_rounds[k] = self.later_rounds[k + 1] + u64::from(capacity);
                for &o in p.options_of_weapon(i) {
                    let j = p.options()[o].target;
                    let list = &mut self.later[k * t + j];
                    list.push((p.miss(o), capacity));
                    list.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let c = &mut self.later_cost[k * t + j];
                    *c = c.min(p.weighted_cost(o));
                }
            }
        }
    }

    /// Upper bound on the objective reachable from `node` (see the module doc).
    fn bound(&mut self, p: &WtaProblem, node: Node) -> f64 {
        let t = p.targets().len();
        let i = self.order[node.k];
        let own = &p.options_of_weapon(i)[node.pos..];
        let free = u64::from(node.left) + self.later_rounds[node.k];
        self.marginals.clear();
        let mut own_iter = own.iter().peekable();
        for j in 0..t {
            // The weapon's options are sorted by target: its option on j, if still open.
            while own_iter.next_if(|&&o| p.options()[o].target < j).is_some() {}
            let mine = own_iter
                .next_if(|&&o| p.options()[o].target == j)
                .map(|&o| (p.miss(o), node.left, p.weighted_cost(o)));
            let cap = u64::from(self.target_left[j]).min(free);
            let s = self.survival.get(j);
            if cap == 0 || s == 0.0 {
                continue;
            }
            let later = &self.later[node.k * t + j];
            let mut cost = self.later_cost[node.k * t + j];
            if let Some((_, _, c)) = mine {
                cost = cost.min(c);
            }
            push_marginals(
                &mut self.marginals,
                p.targets()[j].value * s,
                cost,
                cap,
                mine.map(|(q, n, _)| (q, n)),
                later,
            );
        }
        let take = usize::try_from(free).unwrap_or(usize::MAX);
        if self.marginals.len() > take {
            self.marginals
                .select_nth_unstable_by(take, |a, b| b.total_cmp(a));
            self.marginals.truncate(take);
        }
        // Summed in sorted order, so the bound does not depend on selection internals.
        self.marginals.sort_by(|a, b| b.total_cmp(a));
        node.objective + self.marginals.iter().sum::<f64>()
    }

    fn search(&mut self, p: &WtaProblem, node: Node) {
        if self.aborted {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.node_limit || node.depth >= MAX_DEPTH {
            self.aborted = true;
            return;
        }
        if node.objective > self.best_objective + self.tolerance {
            self.best_objective = node.objective;
            self.best.clone_from(&self.rounds);
        }
        let Some(node) = self.next_weapon(p, node) else {
            return;
        };
        if self.bound(p, node) <= self.best_objective + self.tolerance {
            return;
        }
        if self.children.len() <= node.depth {
            self.children.resize_with(node.depth + 1, Vec::new);
        }
        let mut children = std::mem::take(&mut self.children[node.depth]);
        let stop = self.collect_children(p, node, &mut children);
        for &(gain, pos) in &children {
            let o = p.options_of_weapon(self.order[node.k])[pos];
            let j = p.options()[o].target;
            self.rounds[o] += 1;
            self.target_left[j] -= 1;
            self.survival.add(j, p.miss(o));
            self.search(
                p,
                Node {
                    pos,
                    left: node.left - 1,
                    depth: node.depth + 1,
                    objective: node.objective + gain,
                    ..node
                },
            );
            self.survival.remove(j, p.miss(o));
            self.target_left[j] += 1;
            self.rounds[o] -= 1;
        }
        self.children[node.depth] = children;
        if stop {
            self.search(
                p,
                Node {
                    pos: usize::MAX,
                    left: 0,
                    depth: node.depth + 1,
                    ..node
                },
            );
        }
    }

    /// `node`, or the first later weapon's start when this weapon has nothing left to
    /// place; `None` at a leaf.
    fn next_weapon(&self, p: &WtaProblem, mut node: Node) -> Option<Node> {
        loop {
            let i = self.order[node.k];
            if node.left > 0 && node.pos < p.options_of_weapon(i).len() {
                return Some(node);
            }
            if node.k + 1 == self.order.len() {
                return None;
            }
            node.k += 1;
            node.pos = 0;
            node.left = p.weapons()[self.order[node.k]].capacity;
        }
    }

    /// The options the weapon's next round may take at a gain, best first, as (gain,
    /// position in the weapon's list); and whether stopping the weapon must be explored.
    fn collect_children(&self, p: &WtaProblem, node: Node, out: &mut Vec<(f64, usize)>) -> bool {
        out.clear();
        let options = p.options_of_weapon(self.order[node.k]);
        let mut firing_dominates = false;
        for (pos, &o) in options.iter().enumerate().skip(node.pos) {
            let j = p.options()[o].target;
            if self.target_left[j] == 0 {
                continue;
            }
            let gain = p.marginal_gain(o, self.survival.get(j));
            if gain > 0.0 {
                out.push((gain, pos));
                firing_dominates |=
                    p.cost_weight() == 0.0 && p.targets()[j].max_rounds == super::NO_ROUND_LIMIT;
            }
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        !firing_dominates
    }
}

/// Push target j's marginal gains for its 1st, 2nd, ... extra round (while positive, at
/// most `cap`): `value_alive` is V_j S_j, `cost` the cheapest weighted cost per round,
/// and the miss factors come best first from `mine` (the current weapon's, with its
/// multiplicity) merged with `later` (sorted).
fn push_marginals(
    out: &mut Vec<f64>,
    value_alive: f64,
    cost: f64,
    cap: u64,
    mine: Option<(f64, u32)>,
    later: &[(f64, u32)],
) {
    let mut alive = value_alive;
    let mut placed = 0u64;
    let mut mine = mine;
    let mut later = later.iter().copied().peekable();
    let mut later_left = later.peek().map_or(0, |&(_, n)| n);
    while placed < cap {
        let from_mine = match (mine, later.peek()) {
            (Some((q, n)), Some(&(ql, _))) if n > 0 => q <= ql,
            (Some((_, n)), None) => n > 0,
            _ => false,
        };
        let miss = if from_mine {
            let (q, n) = mine.unwrap_or((1.0, 0));
            mine = Some((q, n - 1)).filter(|&(_, n)| n > 0);
            q
        } else {
            let Some(&(q, _)) = later.peek() else {
                break;
            };
            later_left -= 1;
            if later_left == 0 {
                later.next();
                later_left = later.peek().map_or(0, |&(_, n)| n);
            }
            q
        };
        let gain = alive * (1.0 - miss) - cost;
        if gain <= 0.0 {
            break;
        }
        out.push(gain);
        alive *= miss;
        placed += 1;
    }
}

impl WtaSolver for BranchAndBound {
    fn name(&self) -> &'static str {
        "exact"
    }

    fn solve(&mut self, p: &WtaProblem, out: &mut WtaSolution) {
        self.local.solve(p, out);
        let n = p.options().len();
        self.tolerance = 1e-12 * p.total_value().max(f64::MIN_POSITIVE);
        self.best.clone_from(&out.rounds);
        self.best_objective = out.objective;
        self.rounds.clear();
        self.rounds.resize(n, 0);
        self.target_left.clear();
        self.target_left
            .extend(p.targets().iter().map(|t| t.max_rounds));
        self.survival.reset(p, &self.rounds);
        self.nodes = 0;
        self.aborted = false;
        if p.weapons().is_empty() {
            out.status = WtaStatus::Optimal;
            out.bound = Some(out.objective);
            return;
        }
        self.prepare(p);
        let root = Node {
            k: 0,
            pos: 0,
            left: p.weapons()[self.order[0]].capacity,
            depth: 0,
            objective: 0.0,
        };
        let root_bound = match self.next_weapon(p, root) {
            Some(node) => self.bound(p, node),
            None => 0.0,
        };
        self.search(p, root);
        let best = std::mem::take(&mut self.best);
        if self.aborted {
            out.set(p, &best, WtaStatus::NotProven);
            out.bound = Some(root_bound.max(out.objective));
        } else {
            out.set(p, &best, WtaStatus::Optimal);
            out.bound = Some(out.objective);
        }
        self.best = best;
    }
}
