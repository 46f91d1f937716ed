//! Spatial look-ups shared by gating and duplicate merging.

use rstar::RTree;
use rstar::primitives::GeomWithData;

/// A point of an index with the position of its item in the caller's list.
pub type Indexed = GeomWithData<[f64; 3], usize>;

/// Into `out` (cleared first), the items of `index` within `radius` metres of `point`:
/// every one of them when there are at most `max`, otherwise the `max` nearest. The
/// common case, a few items in reach, takes one cheap range query; only inside a cluster
/// does it pay for a nearest-first search, which bounds the work whatever the density.
pub fn within(
    index: &RTree<Indexed>,
    point: &[f64; 3],
    radius: f64,
    max: usize,
    out: &mut Vec<usize>,
) {
    out.clear();
    let r2 = radius * radius;
    out.extend(
        index
            .locate_within_distance(*point, r2)
            .take(max + 1)
            .map(|p| p.data),
    );
    if out.len() > max {
        out.clear();
        out.extend(
            index
                .nearest_neighbor_iter_with_distance_2(point)
                .take(max)
                .take_while(|(_, d2)| *d2 <= r2)
                .map(|(p, _)| p.data),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_in_reach_when_few_else_the_nearest() {
        let points: Vec<Indexed> = (0..10)
            .map(|i| Indexed::new([f64::from(i), 0.0, 0.0], i as usize))
            .collect();
        let index = RTree::bulk_load(points);
        let mut out = Vec::new();
        within(&index, &[0.0, 0.0, 0.0], 3.5, 8, &mut out);
        out.sort_unstable();
        assert_eq!(out, [0, 1, 2, 3]);
        // Ten in reach, at most four wanted: the four nearest the point.
        within(&index, &[9.2, 0.0, 0.0], 100.0, 4, &mut out);
        out.sort_unstable();
        assert_eq!(out, [6, 7, 8, 9]);
        within(&index, &[50.0, 0.0, 0.0], 1.0, 4, &mut out);
        assert!(out.is_empty());
    }
}
