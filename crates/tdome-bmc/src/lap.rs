//! Sparse rectangular linear assignment with "leave unassigned" costs.
//!
//! The problem: rows (tracks, truths) and columns (plots, estimates), a sparse list of
//! allowed pairs with real costs, and for every row and every column the cost of leaving
//! it unassigned. Choose a set of pairs, each row and column in at most one, minimising
//!
//! ```text
//!   Σ_{assigned (r, c)} cost(r, c) + Σ_{unassigned r} row_unassigned[r] + Σ_{unassigned c} col_unassigned[c]
//! ```
//!
//! This is the association step of a gated tracker (missed detection and new-track
//! costs) and the optimal sub-pattern assignment of GOSPA (cost c^p/2 for a missed or
//! false object).
//!
//! Hand-written because the crates at hand solve a different problem: `pathfinding`'s
//! Kuhn–Munkres and `lsap` take a dense, (near-)square matrix, `pathfinding`'s of
//! integers. Ours is sparse (gating leaves a few pairs per row), rectangular, in `f64`,
//! with per-row and per-column unassigned costs, and splits into many small independent
//! clusters (well-separated targets), most of them a single pair.
//!
//! Method:
//! 1. Edges that cannot help are dropped: a non-finite cost (NaN or ±∞ means "not
//!    allowed", never an error, so a caller's numerical accident cannot poison the
//!    solution), and a cost ≥ `row_unassigned[r] + col_unassigned[c]` (leaving both
//!    unassigned is at least as good; ties therefore prefer "unassigned"). Duplicate
//!    pairs keep their cheapest edge.
//! 2. The bipartite graph of the remaining edges is split into connected components
//!    (union-find); each is independent. A component of one edge is solved at once.
//! 3. A larger component is made square and perfect-matchable: each row r gets a private
//!    dummy column (cost `row_unassigned[r]`), each column c a private dummy row (cost
//!    `col_unassigned[c]`), and for every real edge (r, c) the dummy row of c may take the
//!    dummy column of r at cost 0. A solution with matched set M then corresponds to the
//!    perfect matching M ∪ {unassigned rows → their dummies} ∪ {unassigned columns → their
//!    dummies} ∪ {Mᵀ among the dummies}, at equal cost, and every perfect matching reads
//!    back as a solution of equal cost, so the two problems have the same optimum. The
//!    dummy–dummy edges mirror the real ones, so the graph stays sparse (2E + m + n edges).
//! 4. That square problem is solved exactly by successive shortest augmenting paths
//!    (Jonker & Volgenant 1987; Crouse 2016, "On implementing 2D rectangular assignment
//!    algorithms", IEEE T-AES 52(4)), Dijkstra with row and column potentials over the
//!    sparse graph, one augmentation per row: O(E log V) each.
//!
//! Deterministic: components, rows and heap entries are processed in index order, and
//! equal path lengths are broken by the lower column index.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One allowed pair and the cost of assigning it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// Row index, `< rows`.
    pub row: usize,
    /// Column index, `< cols`.
    pub col: usize,
    /// Cost of assigning `row` to `col`, in the caller's units. Non-finite: not allowed.
    pub cost: f64,
}

/// An optimal assignment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assignment {
    /// For each row, its column, or `None` when left unassigned.
    pub row_to_col: Vec<Option<usize>>,
    /// For each column, its row, or `None` when left unassigned.
    pub col_to_row: Vec<Option<usize>>,
    /// The minimised total: assigned edge costs plus unassigned row and column costs.
    pub cost: f64,
}

/// Why a problem was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum LapError {
    /// `row_unassigned.len()` or `col_unassigned.len()` differs from the row or column count.
    LengthMismatch {
        /// `"row_unassigned"` or `"col_unassigned"`.
        which: &'static str,
        /// The count expected.
        expected: usize,
        /// The length given.
        got: usize,
    },
    /// An edge names a row or column out of range.
    EdgeOutOfRange {
        /// Index of the edge in the input slice.
        edge: usize,
    },
    /// An unassigned cost is NaN or infinite. (An infinite one would make "must be
    /// assigned" constraints, which can be infeasible; not supported.)
    NonFiniteUnassignedCost {
        /// `"row_unassigned"` or `"col_unassigned"`.
        which: &'static str,
        /// Its index.
        index: usize,
    },
}

impl std::fmt::Display for LapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LapError::LengthMismatch {
                which,
                expected,
                got,
            } => write!(f, "{which} has {got} entries, expected {expected}"),
            LapError::EdgeOutOfRange { edge } => write!(f, "edge {edge} is out of range"),
            LapError::NonFiniteUnassignedCost { which, index } => {
                write!(f, "{which}[{index}] is not finite")
            }
        }
    }
}

impl std::error::Error for LapError {}

/// Solve one problem with fresh scratch buffers. See [`Solver::solve`].
pub fn solve(
    rows: usize,
    cols: usize,
    edges: &[Edge],
    row_unassigned: &[f64],
    col_unassigned: &[f64],
) -> Result<Assignment, LapError> {
    Solver::default().solve(rows, cols, edges, row_unassigned, col_unassigned)
}

/// Scratch buffers, kept between calls so that a tracker solving every cycle does not
/// allocate afresh. Holds no state that affects the result.
#[derive(Clone, Debug, Default)]
pub struct Solver {
    parent: Vec<usize>,
    kept: Vec<(usize, Edge)>,
    component: Component,
    search: Search,
}

impl Solver {
    /// A solver with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Minimise Σ assigned edge costs + Σ unassigned row costs + Σ unassigned column
    /// costs over `rows` × `cols`, with the allowed pairs `edges` (see the module doc for
    /// which edges are ignored). `row_unassigned` has `rows` entries and `col_unassigned`
    /// `cols`, all finite.
    pub fn solve(
        &mut self,
        rows: usize,
        cols: usize,
        edges: &[Edge],
        row_unassigned: &[f64],
        col_unassigned: &[f64],
    ) -> Result<Assignment, LapError> {
        check_lengths(rows, cols, edges, row_unassigned, col_unassigned)?;
        self.components(rows, edges, row_unassigned, col_unassigned);
        let mut out = Assignment {
            row_to_col: vec![None; rows],
            col_to_row: vec![None; cols],
            cost: 0.0,
        };
        let mut start = 0;
        while start < self.kept.len() {
            let root = self.kept[start].0;
            let end = start
                + self.kept[start..]
                    .iter()
                    .take_while(|(r, _)| *r == root)
                    .count();
            if end - start == 1 {
                // Single-edge cluster: kept edges are cheaper than leaving both out.
                let e = self.kept[start].1;
                out.row_to_col[e.row] = Some(e.col);
                out.col_to_row[e.col] = Some(e.row);
            } else {
                let group = &self.kept[start..end];
                self.component.build(group, row_unassigned, col_unassigned);
                self.search.solve(&self.component);
                self.component.read_back(&self.search, &mut out);
            }
            start = end;
        }
        out.cost = total_cost(&out, edges, row_unassigned, col_unassigned);
        Ok(out)
    }

    /// Keep the useful edges, grouped by connected component (sorted by component root,
    /// then row, column and cost; duplicates of a pair reduced to the cheapest).
    fn components(&mut self, rows: usize, edges: &[Edge], ru: &[f64], cu: &[f64]) {
        self.parent.clear();
        self.parent.extend(0..rows + cu.len());
        let useful = |e: &Edge| e.cost.is_finite() && e.cost < ru[e.row] + cu[e.col];
        for e in edges.iter().filter(|e| useful(e)) {
            let a = find(&mut self.parent, e.row);
            let b = find(&mut self.parent, rows + e.col);
            if a != b {
                // Lower index as root keeps the grouping independent of edge order.
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                self.parent[hi] = lo;
            }
        }
        self.kept.clear();
        for e in edges.iter().filter(|e| useful(e)) {
            let root = find(&mut self.parent, e.row);
            self.kept.push((root, *e));
        }
        self.kept.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then(a.row.cmp(&b.row))
                .then(a.col.cmp(&b.col))
                .then(a.cost.total_cmp(&b.cost))
        });
        self.kept.dedup_by(|later, earlier| {
            later.1.row == earlier.1.row && later.1.col == earlier.1.col
        });
    }
}

fn check_lengths(
    rows: usize,
    cols: usize,
    edges: &[Edge],
    ru: &[f64],
    cu: &[f64],
) -> Result<(), LapError> {
    for (which, expected, costs) in [("row_unassigned", rows, ru), ("col_unassigned", cols, cu)] {
        if costs.len() != expected {
            return Err(LapError::LengthMismatch {
                which,
                expected,
                got: costs.len(),
            });
        }
        if let Some(index) = costs.iter().position(|c| !c.is_finite()) {
            return Err(LapError::NonFiniteUnassignedCost { which, index });
        }
    }
    match edges.iter().position(|e| e.row >= rows || e.col >= cols) {
        Some(edge) => Err(LapError::EdgeOutOfRange { edge }),
        None => Ok(()),
    }
}

/// Union-find root with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The objective of `a`, summed in index order. Assigned pairs use the cheapest finite
/// edge of that pair, which is the one the solver kept.
fn total_cost(a: &Assignment, edges: &[Edge], ru: &[f64], cu: &[f64]) -> f64 {
    let mut pair_cost = vec![f64::INFINITY; a.row_to_col.len()];
    for e in edges.iter().filter(|e| e.cost.is_finite()) {
        if a.row_to_col[e.row] == Some(e.col) && e.cost < pair_cost[e.row] {
            pair_cost[e.row] = e.cost;
        }
    }
    let rows: f64 = (0..a.row_to_col.len())
        .map(|r| match a.row_to_col[r] {
            Some(_) => pair_cost[r],
            None => ru[r],
        })
        .sum();
    let cols: f64 = (0..a.col_to_row.len())
        .filter(|&c| a.col_to_row[c].is_none())
        .map(|c| cu[c])
        .sum();
    rows + cols
}

/// One connected component, re-indexed locally and augmented with dummies into a square
/// problem of size `m + n` (see the module doc), as compressed sparse rows.
#[derive(Clone, Debug, Default)]
struct Component {
    /// Local row → global row, sorted.
    rows: Vec<usize>,
    /// Local column → global column, sorted.
    cols: Vec<usize>,
    /// Augmented row i's edges are `adj[start[i]..start[i + 1]]` as (column, cost).
    start: Vec<usize>,
    adj: Vec<(usize, f64)>,
    scratch: Vec<usize>,
}

impl Component {
    fn size(&self) -> usize {
        self.rows.len() + self.cols.len()
    }

    fn build(&mut self, group: &[(usize, Edge)], ru: &[f64], cu: &[f64]) {
        self.rows.clear();
        self.cols.clear();
        self.rows.extend(group.iter().map(|(_, e)| e.row));
        self.rows.dedup(); // group is sorted by row
        self.cols.extend(group.iter().map(|(_, e)| e.col));
        self.cols.sort_unstable();
        self.cols.dedup();
        let (m, n) = (self.rows.len(), self.cols.len());
        // Every edge's row and column are in the lists just built, so the searches hit.
        let local_col = |c: usize| self.cols.binary_search(&c).unwrap_or(0);
        let local_row = |r: usize| self.rows.binary_search(&r).unwrap_or(0);
        // Degrees: real row i has its edges + its dummy column; dummy row m+k has its
        // real column k + one dummy–dummy edge per real edge into k.
        let counts = &mut self.scratch;
        counts.clear();
        counts.resize(m + n, 1);
        for (_, e) in group {
            counts[local_row(e.row)] += 1;
            counts[m + local_col(e.col)] += 1;
        }
        self.start.clear();
        let mut offset = 0;
        self.start.push(0);
        for count in counts.iter() {
            offset += count;
            self.start.push(offset);
        }
        self.adj.clear();
        self.adj.resize(self.start[m + n], (0, 0.0));
        let fill = counts;
        fill.clear();
        fill.extend_from_slice(&self.start[..m + n]);
        for (_, e) in group {
            let (i, k) = (local_row(e.row), local_col(e.col));
            self.adj[fill[i]] = (k, e.cost);
            fill[i] += 1;
            self.adj[fill[m + k]] = (n + i, 0.0);
            fill[m + k] += 1;
        }
        for i in 0..m {
            self.adj[fill[i]] = (n + i, ru[self.rows[i]]);
        }
        for k in 0..n {
            self.adj[fill[m + k]] = (k, cu[self.cols[k]]);
        }
    }

    fn edges(&self, row: usize) -> &[(usize, f64)] {
        &self.adj[self.start[row]..self.start[row + 1]]
    }

    fn read_back(&self, search: &Search, out: &mut Assignment) {
        let n = self.cols.len();
        for (i, &r) in self.rows.iter().enumerate() {
            let j = search.col4row[i];
            if j < n {
                let c = self.cols[j];
                out.row_to_col[r] = Some(c);
                out.col_to_row[c] = Some(r);
            }
        }
    }
}

/// A heap entry: a tentative shortest-path length to a column. Ordered so that the
/// `BinaryHeap` (a max-heap) pops the shortest first, the lower column on ties.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Candidate {
    dist: f64,
    col: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then(other.col.cmp(&self.col))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const FREE: usize = usize::MAX;

/// Shortest augmenting path state for one square component.
#[derive(Clone, Debug, Default)]
struct Search {
    u: Vec<f64>,
    v: Vec<f64>,
    col4row: Vec<usize>,
    row4col: Vec<usize>,
    dist: Vec<f64>,
    path: Vec<usize>,
    done: Vec<bool>,
    /// Columns reached in the current search (to reset only those).
    touched: Vec<usize>,
    /// Columns finalised in the current search, in order.
    scanned: Vec<usize>,
    heap: BinaryHeap<Candidate>,
}

impl Search {
    fn solve(&mut self, g: &Component) {
        let size = g.size();
        for buf in [&mut self.u, &mut self.v, &mut self.dist] {
            buf.clear();
        }
        self.u.resize(size, 0.0);
        self.v.resize(size, 0.0);
        self.dist.resize(size, f64::INFINITY);
        self.col4row.clear();
        self.col4row.resize(size, FREE);
        self.row4col.clear();
        self.row4col.resize(size, FREE);
        self.path.clear();
        self.path.resize(size, FREE);
        self.done.clear();
        self.done.resize(size, false);
        for row in 0..size {
            // Every augmented row has its dummy (or real) partner, and the dummy block
            // mirrors the real edges, so a perfect matching exists and every search
            // reaches a free column; `augment` returning false would be a defect and
            // leaves the row unassigned rather than panic.
            let _ = self.augment(g, row);
        }
    }

    /// Dijkstra from the free row `start` over reduced costs c − u − v to the nearest free
    /// column, then the potential update that keeps reduced costs non-negative, then the
    /// augmentation along the path.
    fn augment(&mut self, g: &Component, start: usize) -> bool {
        self.heap.clear();
        self.touched.clear();
        self.scanned.clear();
        let mut row = start;
        let mut min_val = 0.0;
        let sink = loop {
            for &(col, cost) in g.edges(row) {
                if self.done[col] {
                    continue;
                }
                let d = min_val + cost - self.u[row] - self.v[col];
                if d < self.dist[col] {
                    if self.dist[col] == f64::INFINITY {
                        self.touched.push(col);
                    }
                    self.dist[col] = d;
                    self.path[col] = row;
                    self.heap.push(Candidate { dist: d, col });
                }
            }
            let next = loop {
                match self.heap.pop() {
                    None => break None,
                    Some(c) if self.done[c.col] || c.dist > self.dist[c.col] => continue,
                    Some(c) => break Some(c),
                }
            };
            let Some(next) = next else {
                self.reset();
                return false;
            };
            min_val = next.dist;
            self.done[next.col] = true;
            self.scanned.push(next.col);
            if self.row4col[next.col] == FREE {
                break next.col;
            }
            row = self.row4col[next.col];
        };
        // Potentials: the start row gains min_val; every row reached through a scanned
        // column, and every scanned column, shifts by how much shorter its path was.
        self.u[start] += min_val;
        for &col in &self.scanned {
            if col == sink {
                continue;
            }
            let shift = min_val - self.dist[col];
            self.u[self.row4col[col]] += shift;
            self.v[col] -= shift;
        }
        let mut col = sink;
        loop {
            let row = self.path[col];
            self.row4col[col] = row;
            let previous = std::mem::replace(&mut self.col4row[row], col);
            if row == start {
                break;
            }
            col = previous;
        }
        self.reset();
        true
    }

    fn reset(&mut self) {
        for &c in &self.touched {
            self.dist[c] = f64::INFINITY;
            self.done[c] = false;
            self.path[c] = FREE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(row: usize, col: usize, cost: f64) -> Edge {
        Edge { row, col, cost }
    }

    #[test]
    fn empty_problem_costs_the_unassigned_sum() {
        let a = solve(2, 1, &[], &[1.0, 2.0], &[4.0]).expect("valid");
        assert_eq!(a.row_to_col, vec![None, None]);
        assert_eq!(a.col_to_row, vec![None]);
        assert_eq!(a.cost, 7.0);
    }

    #[test]
    fn a_cheap_single_edge_is_taken_and_an_expensive_one_is_not() {
        let a = solve(
            2,
            2,
            &[edge(0, 0, 1.9), edge(1, 1, 2.0)],
            &[1.0; 2],
            &[1.0; 2],
        )
        .expect("valid");
        assert_eq!(a.row_to_col, vec![Some(0), None]);
        assert!((a.cost - 3.9).abs() < 1e-12);
    }

    #[test]
    fn a_conflict_is_resolved_globally_not_greedily() {
        // Greedy takes (0,0)=1 then (1,1)=10; optimum is (0,1)+(1,0) = 2 + 2.
        let edges = [
            edge(0, 0, 1.0),
            edge(0, 1, 2.0),
            edge(1, 0, 2.0),
            edge(1, 1, 10.0),
        ];
        let a = solve(2, 2, &edges, &[100.0; 2], &[100.0; 2]).expect("valid");
        assert_eq!(a.row_to_col, vec![Some(1), Some(0)]);
        assert_eq!(a.cost, 4.0);
    }

    #[test]
    fn non_finite_edges_are_ignored_and_bad_inputs_rejected() {
        let edges = [
            edge(0, 0, f64::NAN),
            edge(0, 0, f64::NEG_INFINITY),
            edge(0, 0, 0.5),
        ];
        let a = solve(1, 1, &edges, &[1.0], &[1.0]).expect("valid");
        assert_eq!(a.row_to_col, vec![Some(0)]);
        assert_eq!(a.cost, 0.5);
        assert!(matches!(
            solve(1, 1, &[edge(1, 0, 0.0)], &[1.0], &[1.0]),
            Err(LapError::EdgeOutOfRange { edge: 0 })
        ));
        assert!(matches!(
            solve(1, 1, &[], &[f64::INFINITY], &[1.0]),
            Err(LapError::NonFiniteUnassignedCost { .. })
        ));
        assert!(matches!(
            solve(2, 1, &[], &[1.0], &[1.0]),
            Err(LapError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn negative_costs_are_handled() {
        let edges = [edge(0, 0, -5.0), edge(0, 1, -4.0), edge(1, 0, -4.5)];
        let a = solve(2, 2, &edges, &[0.0; 2], &[0.0; 2]).expect("valid");
        assert_eq!(a.row_to_col, vec![Some(1), Some(0)]);
        assert_eq!(a.cost, -8.5);
    }
}
