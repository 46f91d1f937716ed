//! Plane sweeps over a polygon's edges in its local plane: the test for a simple outline
//! (Shamos & Hoey, "Geometric intersection problems", FOCS 1976) and the cutting of a
//! simple polygon into triangles along the vertical lines through its vertices (the
//! trapezoidal decomposition of de Berg et al., "Computational Geometry", 3rd ed.,
//! ch. 2 and 6). Both are O(n log n) in the worst case.
//!
//! The line sweeps the plane in the lexicographic order of points (east, then north):
//! a north–south line turned by an infinitesimal angle, so that no two vertices are met
//! at once and a north–south edge is met at its southern end first. The status holds
//! the edges the line crosses, ordered from south to north.
//!
//! Hand-written, because no crate fits: `geo`'s validation tests all pairs of edges,
//! O(n²), and takes 25 s to build; `i_overlay` rounds to integer coordinates and
//! answers a different question (it resolves overlaps rather than naming a crossing);
//! `earcut` triangulates in O(n²) in the worst case (2.5 s for a 100,000-vertex star)
//! and promises an acceptable result rather than a correct one. The sweep below shares
//! its status order between the two jobs, and with exact predicates its answers are
//! exact for the f64 plane coordinates.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Unbounded};

/// A point of the local plane: (east, north) in metres.
pub(super) type PlanePoint = (f64, f64);

/// Which side of the line p→q the point r lies on: `Greater` to the left, `Less` to the
/// right, `Equal` on the line.
///
/// Exact for any f64 coordinates, by Shewchuk's adaptive predicate (Shewchuk, "Adaptive
/// precision floating-point arithmetic and fast robust geometric predicates", 1997).
/// A rounded determinant is not enough: with plane coordinates up to 1,000 km its
/// products reach 10¹² m² and round by some 10⁻⁴ m², as much as the whole determinant
/// for a vertex within a rounding error of an edge's line. A wrong side there can make
/// the sweep's order contradict itself, and the answer wrong (the test
/// `sweep_and_all_pairs_agree_on_nearly_degenerate_polygons` fails with a plain
/// determinant).
pub(super) fn orientation(p: PlanePoint, q: PlanePoint, r: PlanePoint) -> Ordering {
    let c = |p: PlanePoint| robust::Coord { x: p.0, y: p.1 };
    let det = robust::orient2d(c(p), c(q), c(r));
    if det > 0.0 {
        Ordering::Greater
    } else if det < 0.0 {
        Ordering::Less
    } else {
        Ordering::Equal
    }
}

/// True when closed segments a–b and c–d share a point: each straddles the other's
/// line, or an end of one lies on the other (the collinear and touching cases).
pub(super) fn segments_meet(a: PlanePoint, b: PlanePoint, c: PlanePoint, d: PlanePoint) -> bool {
    let (o1, o2) = (orientation(a, b, c), orientation(a, b, d));
    let (o3, o4) = (orientation(c, d, a), orientation(c, d, b));
    let straddle =
        |x: Ordering, y: Ordering| x != Ordering::Equal && y != Ordering::Equal && x != y;
    if straddle(o1, o2) && straddle(o3, o4) {
        return true;
    }
    // On the line of p–q and within its bounding box: on the segment. Exact, since it
    // only compares coordinates.
    let on = |p: PlanePoint, q: PlanePoint, r: PlanePoint, o: Ordering| {
        o == Ordering::Equal
            && r.0 >= p.0.min(q.0)
            && r.0 <= p.0.max(q.0)
            && r.1 >= p.1.min(q.1)
            && r.1 <= p.1.max(q.1)
    };
    on(a, b, c, o1) || on(a, b, d, o2) || on(c, d, a, o3) || on(c, d, b, o4)
}

/// The sweep order of points: east first, then north.
fn sweep_cmp(a: PlanePoint, b: PlanePoint) -> Ordering {
    a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1))
}

/// A pair of edges of the ring, as their indices in the polygon as given, the smaller
/// first.
pub(super) type EdgePair = (usize, usize);

/// One edge of non-zero length.
#[derive(Clone, Copy, Debug)]
struct RingEdge {
    /// Its index in the polygon as given (edge `i` runs from vertex `i` to the next).
    given: usize,
    start: PlanePoint,
    end: PlanePoint,
}

/// A polygon's edges of non-zero length, in order around the ring. A vertex repeated in
/// sequence leaves no edge, so the edges either side of it are the neighbours they are;
/// "vertex j" below is where edge j starts (and edge j − 1 ends).
struct Ring {
    edges: Vec<RingEdge>,
}

impl Ring {
    fn new(plane: &[PlanePoint]) -> Ring {
        let n = plane.len();
        // Adding +0.0 turns −0.0 into +0.0, so that the sweep order (which tells the two
        // apart) agrees with `==` (which does not).
        let at = |i: usize| (plane[i % n].0 + 0.0, plane[i % n].1 + 0.0);
        let edges = (0..n)
            .map(|i| RingEdge {
                given: i,
                start: at(i),
                end: at(i + 1),
            })
            .filter(|e| e.start != e.end)
            .collect();
        Ring { edges }
    }

    fn len(&self) -> usize {
        self.edges.len()
    }

    fn next(&self, j: usize) -> usize {
        (j + 1) % self.len()
    }

    fn prev(&self, j: usize) -> usize {
        (j + self.len() - 1) % self.len()
    }

    fn vertex(&self, j: usize) -> PlanePoint {
        self.edges[j].start
    }

    /// The edges as the sweep holds them: from their first end in sweep order to the
    /// other.
    fn swept(&self, j: usize) -> SweptEdge {
        let e = self.edges[j];
        let (left, right) = if sweep_cmp(e.start, e.end) == Ordering::Less {
            (e.start, e.end)
        } else {
            (e.end, e.start)
        };
        SweptEdge {
            left,
            right,
            edge: j,
        }
    }

    /// Vertices in sweep order (ties, which only repeated vertices make, by position).
    fn sweep_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| sweep_cmp(self.vertex(a), self.vertex(b)).then(a.cmp(&b)));
        order
    }

    /// Edges `j` and `k` as a reported pair, if they are not neighbours and meet.
    fn crossing(&self, j: usize, k: usize) -> Option<EdgePair> {
        let neighbours = self.next(j) == k || self.next(k) == j;
        let (a, b) = (self.edges[j], self.edges[k]);
        (j != k && !neighbours && segments_meet(a.start, a.end, b.start, b.end))
            .then(|| (a.given.min(b.given), a.given.max(b.given)))
    }

    /// Twice the signed area (shoelace): positive when the ring runs counter-clockwise.
    fn twice_signed_area(&self) -> f64 {
        self.edges
            .iter()
            .map(|e| e.start.0 * e.end.1 - e.end.0 * e.start.1)
            .sum()
    }
}

/// An edge in the sweep's status, ordered from south to north along the sweep line.
///
/// The order compares two edges where both are crossed by the line: the one met later
/// is placed by the side of the other on which its first end lies. That is a total
/// order on the edges crossed at any moment as long as no two of them meet except
/// neighbours at their shared vertex (and no edge folds back onto its neighbour), and
/// it stays the same while the line moves on; the sweep stops at the first pair that
/// breaks this (Shamos & Hoey's argument: that pair is next to each other in the status
/// before the line passes where they meet).
#[derive(Clone, Copy, Debug)]
struct SweptEdge {
    /// The end met first.
    left: PlanePoint,
    right: PlanePoint,
    /// Its position in the ring.
    edge: usize,
}

impl SweptEdge {
    /// Where `later` (met no earlier than `self`) lies along the sweep line relative to
    /// `self`: `Greater` is north.
    fn place(&self, later: &SweptEdge) -> Ordering {
        match orientation(self.left, self.right, later.left) {
            // Starting on this edge's line: a neighbour starting at the same vertex, or
            // (in a polygon that is not simple) an edge starting on this one. Its other
            // end says which side it leaves to; the ring position keeps the order total
            // for an edge lying along this one, which only a polygon that is not simple
            // has.
            Ordering::Equal => orientation(self.left, self.right, later.right)
                .then_with(|| later.edge.cmp(&self.edge)),
            side => side,
        }
    }

    /// The north coordinate of the edge at east coordinate `x`, clamped to its ends.
    fn north_at(&self, x: f64) -> f64 {
        let ((x0, y0), (x1, y1)) = (self.left, self.right);
        if x <= x0 {
            y0
        } else if x >= x1 {
            y1
        } else {
            y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        }
    }
}

impl Ord for SweptEdge {
    fn cmp(&self, other: &Self) -> Ordering {
        if self.edge == other.edge {
            Ordering::Equal
        } else if sweep_cmp(self.left, other.left) == Ordering::Greater {
            other.place(self)
        } else {
            self.place(other).reverse()
        }
    }
}

impl PartialOrd for SweptEdge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SweptEdge {
    fn eq(&self, other: &Self) -> bool {
        self.edge == other.edge
    }
}

impl Eq for SweptEdge {}

/// The edges crossed by the sweep line, south to north.
#[derive(Default)]
struct Status(BTreeSet<SweptEdge>);

impl Status {
    /// The ring position of the edge just south of `e`.
    fn south_of(&self, e: &SweptEdge) -> Option<usize> {
        self.0.range(..*e).next_back().map(|s| s.edge)
    }

    /// The ring position of the edge just north of `e`.
    fn north_of(&self, e: &SweptEdge) -> Option<usize> {
        self.0
            .range((Excluded(*e), Unbounded))
            .next()
            .map(|s| s.edge)
    }

    fn insert(&mut self, e: SweptEdge) {
        self.0.insert(e);
    }

    /// Takes `e` out; false if it was not found, which the order's invariant rules out.
    fn remove(&mut self, e: &SweptEdge) -> bool {
        self.0.remove(e)
    }
}

/// A pair of edges of the closed ring `plane` that meet although they are not
/// neighbours (edge `i` runs from vertex `i` to the next), or `None` if the ring is
/// simple. O(n log n).
///
/// Three steps, each of which either finds a genuine pair or leaves the next step the
/// polygon it needs: a point met twice on the ring (the two edges that start there
/// meet); an edge that folds back along its neighbour (the nearer of the two far ends
/// lies on the other edge, and so meets the edge beyond it); then the sweep, which may
/// now take it that neighbours meet only at their shared vertex, and that no other edge
/// ends there.
pub(super) fn find_crossing(plane: &[PlanePoint]) -> Option<EdgePair> {
    let ring = Ring::new(plane);
    // Below four edges every pair are neighbours.
    if ring.len() < 4 {
        return None;
    }
    let order = ring.sweep_order();
    repeated_vertex(&ring, &order)
        .or_else(|| fold_back(&ring))
        .or_else(|| sweep_for_crossing(&ring, &order))
}

/// Two places on the ring at the same point. They are never consecutive (a repeat in
/// sequence leaves no edge), so the edges starting at them are not neighbours.
fn repeated_vertex(ring: &Ring, order: &[usize]) -> Option<EdgePair> {
    order
        .windows(2)
        .find(|w| ring.vertex(w[0]) == ring.vertex(w[1]))
        .and_then(|w| ring.crossing(w[0], w[1]))
}

/// A vertex where the ring turns back along the edge it came in on (a spike of zero
/// width). The edges two apart are not neighbours on a ring of four or more.
fn fold_back(ring: &Ring) -> Option<EdgePair> {
    (0..ring.len()).find_map(|v| {
        let (u, w) = (ring.vertex(ring.prev(v)), ring.edges[v].end);
        let p = ring.vertex(v);
        // On one line through p, and on the same side of it: the same direction.
        let same_direction = orientation(u, p, w) == Ordering::Equal
            && u.0.partial_cmp(&p.0) == w.0.partial_cmp(&p.0)
            && u.1.partial_cmp(&p.1) == w.1.partial_cmp(&p.1);
        if !same_direction {
            return None;
        }
        ring.crossing(ring.prev(v), ring.next(v))
            .or_else(|| ring.crossing(ring.prev(ring.prev(v)), v))
    })
}

/// Shamos and Hoey's sweep: edges are checked against their neighbours in the status
/// when they enter it, and the two edges that become neighbours when one leaves are
/// checked against each other.
fn sweep_for_crossing(ring: &Ring, order: &[usize]) -> Option<EdgePair> {
    let mut status = Status::default();
    for &v in order {
        let p = ring.vertex(v);
        let at_p = [ring.swept(ring.prev(v)), ring.swept(v)];
        for e in at_p.iter().filter(|e| e.right == p) {
            let (south, north) = (status.south_of(e), status.north_of(e));
            if !status.remove(e) {
                debug_assert!(false, "the sweep lost edge {} at {p:?}", e.edge);
                return all_pairs(ring);
            }
            if let (Some(s), Some(n)) = (south, north)
                && let Some(pair) = ring.crossing(s, n)
            {
                return Some(pair);
            }
        }
        for e in at_p.iter().filter(|e| e.left == p) {
            status.insert(*e);
            let around = [status.south_of(e), status.north_of(e)];
            if let Some(pair) = around
                .into_iter()
                .flatten()
                .find_map(|o| ring.crossing(o, e.edge))
            {
                return Some(pair);
            }
        }
    }
    None
}

/// Every pair tested, O(n²). Only reached if the sweep's status loses an edge, which its
/// invariant rules out (see [`SweptEdge`]): should that ever happen, a slow right answer
/// beats a fast wrong one.
fn all_pairs(ring: &Ring) -> Option<EdgePair> {
    (0..ring.len()).find_map(|j| (j + 1..ring.len()).find_map(|k| ring.crossing(j, k)))
}

/// The simple polygon `plane` cut into triangles (each listed counter-clockwise) that
/// cover it without overlap: the trapezoids between the vertical lines through its
/// vertices, each cut in two along a diagonal. O(n log n), at most 6n triangles. Corners
/// where a vertical line meets an edge are rounded to f64, so the triangles match the
/// outline to within a rounding error (some 10⁻¹⁰ m).
///
/// The polygon must be simple (as `GeoPolygon::new` checks): on one that is not, the
/// triangles are meaningless, though the call still returns.
pub(super) fn triangles(plane: &[PlanePoint]) -> Vec<[PlanePoint; 3]> {
    let ring = Ring::new(plane);
    if ring.len() < 3 {
        return Vec::new();
    }
    // The inside lies left of each edge of a counter-clockwise ring; an edge run in sweep
    // order (eastwards) then has it to the north.
    let counter_clockwise = ring.twice_signed_area() > 0.0;
    let inside_north = |j: usize| {
        let e = ring.edges[j];
        (sweep_cmp(e.start, e.end) == Ordering::Less) == counter_clockwise
    };
    let mut status = Status::default();
    // For each edge with the inside to its north: where the trapezoid north of it began,
    // and the edge that bounds that trapezoid to the north.
    let mut open: Vec<Option<(f64, usize)>> = vec![None; ring.len()];
    let mut out = Vec::new();
    for v in ring.sweep_order() {
        let p = ring.vertex(v);
        let at_p = [ring.swept(ring.prev(v)), ring.swept(v)];
        let ends = |e: &&SweptEdge| e.right == p;
        let starts = |e: &&SweptEdge| e.left == p;
        // The edge just south of p: south of p's edges that end here, or, if none do, of
        // the ones that start here (inserted first to find it).
        let none_end = !at_p.iter().any(|e| e.right == p);
        if none_end {
            at_p.iter().for_each(|e| status.insert(*e));
        }
        let south = at_p
            .iter()
            .filter(|e| none_end || e.right == p)
            .min()
            .and_then(|e| status.south_of(e));
        // The vertical line through p closes the trapezoids that p bounds: north of the
        // edge south of p and north of each edge ending at p ...
        let closing = south
            .into_iter()
            .chain(at_p.iter().filter(ends).map(|e| e.edge));
        for g in closing {
            if let Some((x0, up)) = open[g].take() {
                trapezoid(&ring.swept(g), &ring.swept(up), x0, p.0, &mut out);
            }
        }
        for e in at_p.iter().filter(ends) {
            status.remove(e);
        }
        if !none_end {
            at_p.iter().filter(starts).for_each(|e| status.insert(*e));
        }
        // ... and opens them again north of the same edges, and of those starting at p.
        let opening = south
            .into_iter()
            .chain(at_p.iter().filter(starts).map(|e| e.edge));
        for g in opening.filter(|&g| inside_north(g)) {
            open[g] = status.north_of(&ring.swept(g)).map(|up| (p.0, up));
        }
    }
    out
}

/// The two triangles of the trapezoid between the vertical lines x0 and x1, over
/// `south` and under `north`; none when it has no width, and only one when it narrows
/// to a point at one side.
fn trapezoid(
    south: &SweptEdge,
    north: &SweptEdge,
    x0: f64,
    x1: f64,
    out: &mut Vec<[PlanePoint; 3]>,
) {
    if x1 <= x0 {
        return;
    }
    let (s0, s1) = ((x0, south.north_at(x0)), (x1, south.north_at(x1)));
    let (n0, n1) = ((x0, north.north_at(x0)), (x1, north.north_at(x1)));
    for t in [[s0, s1, n1], [s0, n1, n0]] {
        if twice_area(&t) > 0.0 {
            out.push(t);
        }
    }
}

/// Twice the signed area of a triangle.
pub(super) fn twice_area(t: &[PlanePoint; 3]) -> f64 {
    let [a, b, c] = *t;
    (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    // An independent reference in exact integer arithmetic: every pair of edges that are
    // not neighbours, tested with integer orientations.

    type Grid = (i128, i128);

    fn cross(p: Grid, q: Grid, r: Grid) -> i128 {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    }

    fn meet_exact(a: Grid, b: Grid, c: Grid, d: Grid) -> bool {
        let (o1, o2, o3, o4) = (
            cross(a, b, c),
            cross(a, b, d),
            cross(c, d, a),
            cross(c, d, b),
        );
        if o1.signum() * o2.signum() < 0 && o3.signum() * o4.signum() < 0 {
            return true;
        }
        let on = |p: Grid, q: Grid, r: Grid, o: i128| {
            o == 0
                && (p.0.min(q.0)..=p.0.max(q.0)).contains(&r.0)
                && (p.1.min(q.1)..=p.1.max(q.1)).contains(&r.1)
        };
        on(a, b, c, o1) || on(a, b, d, o2) || on(c, d, a, o3) || on(c, d, b, o4)
    }

    /// Edges of non-zero length as (index as given, start, end).
    fn grid_edges(v: &[Grid]) -> Vec<(usize, Grid, Grid)> {
        let n = v.len();
        (0..n)
            .map(|i| (i, v[i], v[(i + 1) % n]))
            .filter(|(_, a, b)| a != b)
            .collect()
    }

    /// Pairs (as given, smaller first) of edges that are not neighbours and meet.
    fn reference_crossings(v: &[Grid]) -> Vec<EdgePair> {
        let e = grid_edges(v);
        let m = e.len();
        let mut pairs = Vec::new();
        for j in 0..m {
            for k in j + 1..m {
                let neighbours = k == j + 1 || (j == 0 && k == m - 1);
                if !neighbours && meet_exact(e[j].1, e[j].2, e[k].1, e[k].2) {
                    pairs.push((e[j].0, e[k].0));
                }
            }
        }
        pairs
    }

    fn random_grid_polygon(rng: &mut ChaCha8Rng, side: i128) -> Vec<Grid> {
        let n = rng.random_range(3..=9);
        (0..n)
            .map(|_| (rng.random_range(0..side), rng.random_range(0..side)))
            .collect()
    }

    /// Plane coordinates of a grid polygon, far from the origin and in quarter metres,
    /// as a polygon 2,000 km from its plane's centre would have: exact in f64, but the
    /// determinants of a plain orientation test would round.
    fn far_plane(v: &[Grid]) -> Vec<PlanePoint> {
        v.iter()
            .map(|&(x, y)| (1_234_567.0 + 0.25 * x as f64, -987_654.0 + 0.25 * y as f64))
            .collect()
    }

    #[test]
    fn sweep_and_all_pairs_agree_on_random_polygons() {
        // Small grids make every degenerate case common: repeated vertices, edges along
        // each other, vertices on edges, north–south edges, spikes.
        let mut rng = ChaCha8Rng::seed_from_u64(20_260_401);
        let (mut simple, mut not_simple) = (0, 0);
        for case in 0..100_000 {
            let side = [4, 6, 12, 1000][case % 4];
            let v = random_grid_polygon(&mut rng, side);
            let reference = reference_crossings(&v);
            let found = find_crossing(&far_plane(&v));
            assert_eq!(found.is_none(), reference.is_empty(), "{v:?}: {found:?}");
            if let Some(pair) = found {
                assert!(
                    reference.contains(&pair),
                    "{v:?}: {pair:?} not in {reference:?}"
                );
                not_simple += 1;
            } else {
                simple += 1;
            }
        }
        // Both answers are common, so neither could pass by always saying the same.
        assert!(
            simple > 10_000 && not_simple > 10_000,
            "{simple} {not_simple}"
        );
    }

    #[test]
    fn sweep_and_all_pairs_agree_on_nearly_degenerate_polygons() {
        // Vertices drawn from three anchors 550 to 1,000 km east and north of the
        // plane's centre, and the points a third, half and two thirds of the way between
        // them, rounded to f64: within a rounding error of each other's lines, where a
        // plain determinant often gets the side wrong. Coordinates from 2¹⁹ to 2²⁰ m are
        // whole numbers of 2⁻³³ m, so the reference decides exactly in 128-bit integers.
        let mut rng = ChaCha8Rng::seed_from_u64(20_260_402);
        let unit = (-33f64).exp2();
        let (mut simple, mut not_simple) = (0, 0);
        for _ in 0..20_000 {
            let anchors: Vec<PlanePoint> = (0..3)
                .map(|_| (rng.random_range(0.55e6..1e6), rng.random_range(0.55e6..1e6)))
                .collect();
            let mut pool = anchors.clone();
            for (a, b) in [(0, 1), (1, 2), (2, 0)] {
                let (p, q) = (anchors[a], anchors[b]);
                for t in [1.0 / 3.0, 0.5, 2.0 / 3.0] {
                    pool.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
                }
            }
            let n = rng.random_range(4..=8);
            let plane: Vec<PlanePoint> = (0..n)
                .map(|_| pool[rng.random_range(0..pool.len())])
                .collect();
            let exact: Vec<Grid> = plane
                .iter()
                .map(|&(x, y)| ((x / unit) as i128, (y / unit) as i128))
                .collect();
            assert!(
                plane
                    .iter()
                    .zip(&exact)
                    .all(|(p, e)| e.0 as f64 * unit == p.0)
            );
            let reference = reference_crossings(&exact);
            let found = find_crossing(&plane);
            assert_eq!(
                found.is_none(),
                reference.is_empty(),
                "{plane:?}: {found:?}"
            );
            if let Some(pair) = found {
                assert!(
                    reference.contains(&pair),
                    "{plane:?}: {pair:?} not in {reference:?}"
                );
                not_simple += 1;
            } else {
                simple += 1;
            }
        }
        assert!(
            simple > 1_000 && not_simple > 1_000,
            "{simple} {not_simple}"
        );
    }

    #[test]
    fn names_a_meeting_pair_for_each_kind_of_contact() {
        let check = |v: &[Grid], expected: &[EdgePair]| {
            let found = find_crossing(&far_plane(v));
            assert_eq!(reference_crossings(v), expected, "{v:?}");
            assert!(
                found.is_some_and(|p| expected.contains(&p)),
                "{v:?}: {found:?}"
            );
        };
        // Vertex 3 touches edge 0; its two edges meet edge 0 there.
        check(&[(0, 0), (4, 0), (4, 4), (2, 0), (0, 4)], &[(0, 2), (0, 3)]);
        // Edge 4 runs along edge 0; edges 3 and 5 end on it.
        let along = [
            (0, 0),
            (4, 0),
            (4, 1),
            (3, 1),
            (3, 0),
            (1, 0),
            (1, 1),
            (0, 1),
        ];
        check(&along, &[(0, 3), (0, 4), (0, 5)]);
        // A spike: edge 4 folds back down edge 3, so that edge 5 starts on edge 3.
        let spike = [
            (0, 0),
            (4, 0),
            (4, 4),
            (2, 4),
            (2, 6),
            (2, 5),
            (1, 4),
            (0, 4),
        ];
        check(&spike, &[(3, 5)]);
        // A figure of eight through one point, visited twice.
        let eight = [(0, 0), (2, 2), (4, 0), (4, 4), (2, 2), (0, 4)];
        check(&eight, &[(0, 3), (0, 4), (1, 3), (1, 4)]);
        // Repeats in sequence, the ring closed by repeating the first vertex, and a
        // straight angle are not meetings.
        let closed = [(0, 0), (2, 0), (2, 0), (4, 0), (4, 4), (0, 4), (0, 0)];
        assert_eq!(reference_crossings(&closed), []);
        assert_eq!(find_crossing(&far_plane(&closed)), None);
    }

    #[test]
    fn star_shaped_polygons_are_simple() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let v = star(&mut rng, 500, (0.0, 0.0));
            assert_eq!(find_crossing(&v), None);
        }
    }

    /// A star-shaped polygon about `c`: vertices at even angles and random radii.
    fn star(rng: &mut ChaCha8Rng, n: usize, c: PlanePoint) -> Vec<PlanePoint> {
        (0..n)
            .map(|k| {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                let r = rng.random_range(1_000.0..20_000.0);
                (c.0 + r * a.cos(), c.1 + r * a.sin())
            })
            .collect()
    }

    /// Crossing-number test of a point strictly inside or outside a polygon.
    fn inside(v: &[PlanePoint], p: PlanePoint) -> bool {
        let n = v.len();
        (0..n)
            .filter(|&i| {
                let (a, b) = (v[i], v[(i + 1) % n]);
                (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1)
            })
            .count()
            % 2
            == 1
    }

    fn strictly_in_triangle(t: &[PlanePoint; 3], p: PlanePoint) -> bool {
        (0..3).all(|i| twice_area(&[t[i], t[(i + 1) % 3], p]) > 0.0)
    }

    /// Cut `v` into triangles and check them against the polygon: their areas add up to
    /// its shoelace area, each one's centroid is inside it, and points drawn inside it
    /// (by rejection from its bounding box) each lie in exactly one triangle.
    fn check_triangles(v: &[PlanePoint], rng: &mut ChaCha8Rng) {
        let tri = triangles(v);
        let n = v.len();
        let shoelace: f64 = (0..n)
            .map(|i| v[i].0 * v[(i + 1) % n].1 - v[(i + 1) % n].0 * v[i].1)
            .sum::<f64>()
            / 2.0;
        let sum: f64 = tri.iter().map(|t| twice_area(t) / 2.0).sum();
        assert!(
            (sum / shoelace.abs() - 1.0).abs() < 1e-9,
            "{v:?}: {sum} vs {shoelace}"
        );
        assert!(
            tri.len() <= 6 * n,
            "{} triangles for {n} vertices",
            tri.len()
        );
        for t in &tri {
            let c = (
                (t[0].0 + t[1].0 + t[2].0) / 3.0,
                (t[0].1 + t[1].1 + t[2].1) / 3.0,
            );
            assert!(inside(v, c), "{v:?}: triangle {t:?} is outside");
        }
        let (x0, x1) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (y0, y1) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        for _ in 0..20 {
            let p = (rng.random_range(x0..x1), rng.random_range(y0..y1));
            let covering = tri.iter().filter(|t| strictly_in_triangle(t, p)).count();
            if inside(v, p) {
                assert!(covering <= 1, "{v:?}: {p:?} in {covering} triangles");
                // A point on a triangle's side belongs to none strictly; with random
                // reals that has probability zero.
                assert_eq!(covering, 1, "{v:?}: {p:?} in no triangle");
            } else {
                assert_eq!(covering, 0, "{v:?}: {p:?} outside but covered");
            }
        }
    }

    #[test]
    fn triangles_cover_random_simple_grid_polygons_exactly() {
        // The same degenerate grid polygons, kept when simple with an area: straight
        // angles, north–south edges and vertices sharing an east coordinate abound.
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut checked = 0;
        while checked < 5_000 {
            let g = random_grid_polygon(&mut rng, 6);
            let v: Vec<PlanePoint> = g.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
            let twice: i128 = grid_edges(&g)
                .iter()
                .map(|(_, a, b)| a.0 * b.1 - b.0 * a.1)
                .sum();
            if twice != 0 && reference_crossings(&g).is_empty() {
                check_triangles(&v, &mut rng);
                checked += 1;
            }
        }
    }

    #[test]
    fn triangles_cover_random_star_shaped_polygons_exactly() {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        for n in [3, 4, 5, 17, 100, 1_000] {
            for _ in 0..20 {
                let mut v = star(&mut rng, n, (300_000.0, -200_000.0));
                if rng.random() {
                    v.reverse();
                }
                check_triangles(&v, &mut rng);
            }
        }
    }
}
