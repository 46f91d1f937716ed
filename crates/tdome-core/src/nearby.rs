//! Which points lie near a point: the tracker's gating, initiation and duplicate
//! merging, and the world's labelling of tracks with the truth they follow.
//!
//! A static k-d tree ([`kiddo`]'s immutable one), built afresh for each batch of plots
//! or each cycle's tracks. It replaced an R*-tree (`rstar`): on the tracking
//! benchmark's plots at N = 10,000, the tracker's queries took a fifth of the time (a
//! third for the small gates) and building took a third; those queries had become the
//! largest share of a dense raid's cycle.

use std::num::NonZero;

use kiddo::{ImmutableKdTree, SquaredEuclidean};

/// Points in ECEF metres, each with the position of its item in the caller's list.
#[derive(Default)]
pub struct PointIndex {
    tree: Option<ImmutableKdTree<f64, 3>>,
    /// The points, in the order the tree numbers them (kept to rebuild a clone).
    positions: Vec<[f64; 3]>,
    /// The caller's index of each point, in the same order.
    items: Vec<usize>,
    /// The points' bounding box, (least, greatest) per axis.
    bounds: ([f64; 3], [f64; 3]),
}

// By hand, as the tree implements neither `Clone` nor `Debug`: a clone is built again
// from the points.
impl Clone for PointIndex {
    fn clone(&self) -> Self {
        PointIndex::new(
            self.positions
                .iter()
                .copied()
                .zip(self.items.iter().copied()),
        )
    }
}

impl std::fmt::Debug for PointIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PointIndex")
            .field("points", &self.len())
            .finish()
    }
}

impl PointIndex {
    /// Index `points`, (position, item) pairs. A point whose position is not finite is
    /// left out: it is near nothing.
    pub fn new(points: impl IntoIterator<Item = ([f64; 3], usize)>) -> Self {
        let mut positions = Vec::new();
        let mut items = Vec::new();
        for (p, item) in points {
            if p.iter().all(|v| v.is_finite()) {
                positions.push(p);
                items.push(item);
            }
        }
        // Construction fails only when the tree's u32 item numbers overflow: past four
        // billion points, which no picture holds.
        let tree = (!positions.is_empty())
            .then(|| ImmutableKdTree::new_from_slice(&positions).ok())
            .flatten();
        let mut bounds = ([f64::INFINITY; 3], [f64::NEG_INFINITY; 3]);
        for p in &positions {
            for (k, &v) in p.iter().enumerate() {
                bounds.0[k] = bounds.0[k].min(v);
                bounds.1[k] = bounds.1[k].max(v);
            }
        }
        PointIndex {
            tree,
            positions,
            items,
            bounds,
        }
    }

    /// Number of points indexed.
    pub fn len(&self) -> usize {
        self.tree.as_ref().map_or(0, |t| t.size())
    }

    /// True when no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item nearest `point` and its squared distance, m²; among items equally near,
    /// the lowest (so that the answer never depends on how the tree was built). `None`
    /// when the index is empty or the point not finite.
    pub fn nearest(&self, point: &[f64; 3]) -> Option<(usize, f64)> {
        let tree = self.tree.as_ref()?;
        if !point.iter().all(|v| v.is_finite()) {
            return None;
        }
        let d2 = tree
            .query(point)
            .nearest_one::<SquaredEuclidean<f64>>()
            .execute()
            .distance;
        tree.query(point)
            .within::<SquaredEuclidean<f64>>(d2)
            .unsorted()
            .execute()
            .iter()
            .map(|r| self.items[r.item as usize])
            .min()
            .map(|item| (item, d2))
    }

    /// Into `out` (cleared first), the items within `radius` metres of `point`: every
    /// one of them when there are at most `max`, otherwise the `max` nearest, which
    /// bounds the work inside a cluster whatever its density. Nearest first.
    pub fn within(&self, point: &[f64; 3], radius: f64, max: usize, out: &mut Vec<usize>) {
        out.clear();
        let (Some(tree), Some(max)) = (&self.tree, NonZero::new(max)) else {
            return;
        };
        // (A NaN radius fails the comparison, and finds nothing.)
        if radius.partial_cmp(&0.0).is_none_or(|o| o.is_lt())
            || !point.iter().all(|v| v.is_finite())
        {
            return;
        }
        // A sphere clear of the points' bounding box holds none of them. Each radar's
        // batch is searched for every track of the picture, in a network most of them
        // far outside that radar's coverage: this settles them in a few nanoseconds,
        // where the tree's own search for nothing took 75 ns on 200 points.
        let d2_box: f64 = (0..3)
            .map(|k| {
                (self.bounds.0[k] - point[k])
                    .max(point[k] - self.bounds.1[k])
                    .max(0.0)
                    .powi(2)
            })
            .sum();
        if d2_box > radius * radius {
            return;
        }
        let found = tree
            .query(point)
            .nearest_n::<SquaredEuclidean<f64>>(max)
            .within(radius * radius)
            .execute();
        out.extend(found.iter().map(|r| self.items[r.item as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: usize) -> PointIndex {
        PointIndex::new((0..n).map(|i| ([i as f64, 0.0, 0.0], 100 + i)))
    }

    #[test]
    fn all_in_reach_when_few_else_the_nearest() {
        let index = line(10);
        let mut out = Vec::new();
        index.within(&[0.0, 0.0, 0.0], 3.5, 8, &mut out);
        assert_eq!(out, [100, 101, 102, 103]);
        // Ten in reach, at most four wanted: the four nearest the point, nearest first.
        index.within(&[9.2, 0.0, 0.0], 100.0, 4, &mut out);
        assert_eq!(out, [109, 108, 107, 106]);
        index.within(&[50.0, 0.0, 0.0], 1.0, 4, &mut out);
        assert!(out.is_empty());
        // Beside the bounding box, and just reaching into it.
        index.within(&[-2.0, 1.0, 0.0], 1.5, 4, &mut out);
        assert!(out.is_empty());
        index.within(&[-1.0, 1.0, 0.0], 1.5, 4, &mut out);
        assert_eq!(out, [100]);
        // The radius is inclusive.
        index.within(&[0.0, 0.0, 0.0], 1.0, 8, &mut out);
        assert_eq!(out, [100, 101]);
    }

    #[test]
    fn empty_and_degenerate_inputs_find_nothing() {
        let mut out = vec![7];
        PointIndex::new([]).within(&[0.0; 3], 1e9, 4, &mut out);
        assert!(out.is_empty());
        let index = line(3);
        index.within(&[f64::NAN, 0.0, 0.0], 1e9, 4, &mut out);
        assert!(out.is_empty());
        index.within(&[0.0; 3], f64::NAN, 4, &mut out);
        assert!(out.is_empty());
        index.within(&[0.0; 3], 1e9, 0, &mut out);
        assert!(out.is_empty());
        // Points that are not finite are left out.
        let index = PointIndex::new([([f64::INFINITY, 0.0, 0.0], 1), ([1.0, 0.0, 0.0], 2)]);
        assert_eq!(index.len(), 1);
        index.within(&[0.0; 3], 1e9, 4, &mut out);
        assert_eq!(out, [2]);
    }

    #[test]
    fn a_clone_finds_the_same() {
        let index = line(10);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        index.within(&[4.2, 0.0, 0.0], 2.5, 8, &mut a);
        index.clone().within(&[4.2, 0.0, 0.0], 2.5, 8, &mut b);
        assert_eq!(a, [104, 105, 103, 106, 102]);
        assert_eq!(a, b);
    }

    #[test]
    fn nearest_takes_the_lowest_item_among_equals() {
        let index = PointIndex::new([
            ([5.0, 0.0, 0.0], 9),
            ([-1.0, 0.0, 0.0], 7),
            ([1.0, 0.0, 0.0], 3),
            ([0.0, 1.0, 0.0], 4),
        ]);
        assert_eq!(index.nearest(&[0.0; 3]), Some((3, 1.0)));
        assert_eq!(index.nearest(&[4.0, 0.0, 0.0]), Some((9, 1.0)));
        assert_eq!(PointIndex::new([]).nearest(&[0.0; 3]), None);
        assert_eq!(index.nearest(&[f64::NAN, 0.0, 0.0]), None);
    }

    #[test]
    fn many_coincident_points_are_bounded() {
        // A salvo from one launcher: thousands of plots at one position.
        let index = PointIndex::new((0..5_000).map(|i| ([6.4e6, 1.0, 2.0], i)));
        let mut out = Vec::new();
        index.within(&[6.4e6, 1.0, 2.0], 10.0, 16, &mut out);
        assert_eq!(out.len(), 16);
        assert!(out.iter().all(|&i| i < 5_000));
    }

    #[test]
    fn matches_a_brute_force_search() {
        // Pseudo-random points in a 60 km cube (a linear congruential sequence, so the
        // test needs no generator).
        let mut state = 12_345_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64 * 60_000.0
        };
        let points: Vec<[f64; 3]> = (0..3_000).map(|_| [next(), next(), next()]).collect();
        let index = PointIndex::new(points.iter().copied().zip(0..));
        let mut out = Vec::new();
        for q in points.iter().step_by(37) {
            for (radius, max) in [(2_000.0, 64), (6_000.0, 5)] {
                index.within(q, radius, max, &mut out);
                let mut d2: Vec<(f64, usize)> = points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ((0..3).map(|k| (p[k] - q[k]).powi(2)).sum(), i))
                    .filter(|(d, _)| *d <= radius * radius)
                    .collect();
                d2.sort_by(|a, b| a.0.total_cmp(&b.0));
                d2.truncate(max);
                let want: Vec<usize> = d2.iter().map(|(_, i)| *i).collect();
                assert_eq!(out, want, "query {q:?}, radius {radius}, max {max}");
            }
        }
    }
}
