//! Areas on the ground: defended-asset footprints, launch areas, aim areas.

mod sweep;

use std::sync::OnceLock;

use nalgebra::Vector3;
use rand::Rng;

use crate::frames::{Ecef, Position};
use crate::geodesy::{EnuFrame, Geodetic, WGS84_A, WGS84_B};
use crate::units::Length;

/// The farthest a polygon's vertex may lie from the mean of its vertices (straight-line
/// distance in ECEF): 1,000 km.
///
/// A polygon is worked in the horizontal plane at that mean, which is the orthographic
/// projection onto the tangent plane: a point at a ground distance s from the centre
/// lands R·sin(s/R) from it, short by about s³/6R², and distances from the centre shrink
/// by cos(s/R). At 1,000 km that is 4 km (0.4 %) and 1.2 %, small beside the size of the
/// area; at 2,000 km it is 33 km and 5 %, and it grows fast until, a quarter of the way
/// round the globe, the plane folds back on itself. Assets, launch areas and aim areas
/// are tens to a few hundred kilometres across.
pub const MAX_VERTEX_DISTANCE: Length = Length::metres(1_000_000.0);

// Every vertex lies on the ellipsoid, at least WGS84_B from the Earth's centre; within
// the limit of the mean, the mean is then at least WGS84_B − MAX_VERTEX_DISTANCE (over
// 5,000 km) from the centre, where the geodetic position and the local frame are well
// defined. This is what makes the check in `GeoPolygon::new` sufficient.
const _: () = assert!(MAX_VERTEX_DISTANCE.si() < WGS84_B / 2.0);

/// A simple polygon on the WGS-84 ellipsoid, given by its vertices in order (either
/// sense): no two edges cross or touch, except neighbours at their shared vertex.
/// Containment is decided in the local horizontal plane of the vertices' centroid; over
/// the tens of kilometres of a defended asset the plane departs from the ellipsoid by far
/// less than any aim error (see [`MAX_VERTEX_DISTANCE`] for larger ones).
#[derive(Clone, Debug)]
pub struct GeoPolygon {
    vertices: Vec<Geodetic>,
    frame: EnuFrame,
    /// Vertices as (east, north) metres in `frame`.
    plane: Vec<(f64, f64)>,
    /// Radius of the circle around the frame origin that holds every vertex.
    bound: f64,
    /// Cut into triangles on first use: only launch and aim areas are ever sampled.
    /// Boxed, so that a polygon that never is stays small (it is held by value in
    /// scenario enums beside single points).
    triangulation: OnceLock<Box<Triangulation>>,
}

impl PartialEq for GeoPolygon {
    /// Equal vertices make equal polygons: everything else is computed from them.
    fn eq(&self, other: &Self) -> bool {
        self.vertices == other.vertices
    }
}

/// A polygon cut into triangles, with the running total of their areas for drawing one
/// in proportion to its area.
#[derive(Clone, Debug)]
struct Triangulation {
    /// Triangles in the polygon's plane, (east, north) metres, counter-clockwise.
    triangles: Vec<[(f64, f64); 3]>,
    /// `cumulative_area[i]` is the area of triangles 0 to i, in m².
    cumulative_area: Vec<f64>,
}

/// Why a list of vertices is not a polygon.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PolygonError {
    /// Fewer than three vertices.
    #[error("a polygon needs at least 3 vertices, got {0}")]
    TooFewVertices(usize),
    /// The vertices enclose no area.
    #[error("the polygon's vertices enclose no area")]
    Degenerate,
    /// A vertex lies farther than [`MAX_VERTEX_DISTANCE`] from the mean of the vertices,
    /// so the polygon is too large for its local plane (this includes vertices spread
    /// round the globe, whose mean lies deep inside the Earth).
    #[error(
        "the polygon's vertex {vertex} (counted from 0) is {:.0} km from the vertices' \
         centre, farther than the {:.0} km a polygon may reach",
        distance.si() / 1e3,
        MAX_VERTEX_DISTANCE.si() / 1e3
    )]
    TooLarge {
        /// Index of the farthest vertex (the first of equals), counted from 0.
        vertex: usize,
        /// Its straight-line distance from the mean of the vertices.
        distance: Length,
    },
    /// Two edges that are not neighbours cross or touch, so the outline is not simple
    /// (a bow-tie, a figure of eight, or a vertex lying on another edge). Edge `i`
    /// joins vertex `i` to vertex `i + 1` (the last edge joins the last vertex to the
    /// first), both counted from 0 in the order given; `first_edge < second_edge`.
    /// Where several pairs meet, the pair named is the first one the sweep finds (the
    /// same every time, not always the lowest numbers).
    #[error(
        "the polygon's edge {first_edge} (vertex {first_edge} to the next) meets its edge \
         {second_edge} (vertex {second_edge} to the next), so it crosses itself"
    )]
    SelfIntersecting {
        /// Index of the first edge, counted from 0.
        first_edge: usize,
        /// Index of the second edge, counted from 0; greater than `first_edge`.
        second_edge: usize,
    },
}

impl GeoPolygon {
    /// A polygon from its vertices (heights are ignored). Errors, checked in this
    /// order: fewer than three vertices, a vertex too far from the others' centre
    /// ([`MAX_VERTEX_DISTANCE`]), edges that cross, no enclosed area (under 1 m²). A
    /// vertex repeated in sequence, including a last vertex that repeats the first to
    /// close the ring, is allowed.
    ///
    /// O(n log n) in the number of vertices.
    pub fn new(vertices: Vec<Geodetic>) -> Result<Self, PolygonError> {
        if vertices.len() < 3 {
            return Err(PolygonError::TooFewVertices(vertices.len()));
        }
        let ecef: Vec<Vector3<f64>> = vertices
            .iter()
            .map(|v| *v.with_height(Length::ZERO).to_ecef().metres())
            .collect();
        // The centroid of the vertices, averaged in ECEF so that it is right across the
        // antimeridian too.
        let mean = ecef.iter().sum::<Vector3<f64>>() / ecef.len() as f64;
        // Checked before the mean is used as a place: vertices spread round the globe
        // average to a point deep inside the Earth (its very centre for three points
        // 120° apart on the equator), where no local plane means anything.
        // (A vertex that is not a finite position is at no finite distance: too far.)
        let (vertex, distance) = farthest(&ecef, &mean);
        if distance.is_nan() || distance > MAX_VERTEX_DISTANCE.si() {
            return Err(PolygonError::TooLarge {
                vertex,
                distance: Length::metres(distance),
            });
        }
        let centre = Geodetic::from_ecef(&Position::from_vector(mean)).with_height(Length::ZERO);
        let frame = EnuFrame::at(centre);
        let plane: Vec<(f64, f64)> = vertices
            .iter()
            .map(|v| {
                let e = frame.to_enu(&v.with_height(Length::ZERO).to_ecef());
                (e.metres().x, e.metres().y)
            })
            .collect();
        let bound = plane.iter().map(|(x, y)| x.hypot(*y)).fold(0.0, f64::max);
        let poly = GeoPolygon {
            vertices,
            frame,
            plane,
            bound,
            triangulation: OnceLock::new(),
        };
        // Crossing edges come before the area test: the shoelace area of a bow-tie is
        // the difference of its lobes, which says "no area" for a symmetric one and a
        // plausible area for any other, neither of which names the real mistake.
        if let Some((first_edge, second_edge)) = sweep::find_crossing(&poly.plane) {
            return Err(PolygonError::SelfIntersecting {
                first_edge,
                second_edge,
            });
        }
        if poly.area_m2() < 1.0 {
            return Err(PolygonError::Degenerate);
        }
        Ok(poly)
    }

    /// The vertices as given.
    pub fn vertices(&self) -> &[Geodetic] {
        &self.vertices
    }

    /// The centroid of the vertices, on the ellipsoid.
    pub fn centre(&self) -> Geodetic {
        self.frame.origin()
    }

    /// Area in square metres (shoelace formula in the local plane).
    pub fn area_m2(&self) -> f64 {
        let n = self.plane.len();
        let twice: f64 = (0..n)
            .map(|i| {
                let (x0, y0) = self.plane[i];
                let (x1, y1) = self.plane[(i + 1) % n];
                x0 * y1 - x1 * y0
            })
            .sum();
        twice.abs() / 2.0
    }

    /// True when the ground point below `p` lies inside the polygon.
    pub fn contains_ecef(&self, p: &Position<Ecef>) -> bool {
        let e = self.frame.to_enu(p);
        self.contains_plane(e.metres().x, e.metres().y)
    }

    /// True when the ground point below `g` lies inside the polygon.
    pub fn contains(&self, g: &Geodetic) -> bool {
        self.contains_ecef(&g.with_height(Length::ZERO).to_ecef())
    }

    /// Horizontal distance in metres from the ground point below `p` to the polygon: 0
    /// inside, else the distance to the nearest edge (in the local plane).
    pub fn distance_outside_m(&self, p: &Position<Ecef>) -> f64 {
        let e = self.frame.to_enu(p);
        let (x, y) = (e.metres().x, e.metres().y);
        if self.contains_plane(x, y) {
            return 0.0;
        }
        let n = self.plane.len();
        (0..n)
            .map(|i| {
                let (ax, ay) = self.plane[i];
                let (bx, by) = self.plane[(i + 1) % n];
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 {
                    (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                (x - ax - t * dx).hypot(y - ay - t * dy)
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// True when this polygon and `other` share a point of the ground: one holds a vertex
    /// of the other, or an edge of one meets an edge of the other (two rectangles laid
    /// across each other as a plus sign overlap with no vertex inside either). Decided
    /// in this polygon's local plane, O(n·m) (a sweep over both outlines would make it
    /// O((n + m) log(n + m)); assets are checked pairwise once, when a file is loaded).
    pub fn overlaps(&self, other: &GeoPolygon) -> bool {
        let theirs: Vec<(f64, f64)> = other
            .vertices
            .iter()
            .map(|v| {
                let e = self.frame.to_enu(&v.with_height(Length::ZERO).to_ecef());
                (e.metres().x, e.metres().y)
            })
            .collect();
        if theirs.iter().any(|&(x, y)| self.contains_plane(x, y))
            || self.vertices.iter().any(|v| other.contains(v))
        {
            return true;
        }
        let ring = |p: &[(f64, f64)]| {
            let n = p.len();
            (0..n)
                .map(move |i| (p[i], p[(i + 1) % n]))
                .collect::<Vec<_>>()
        };
        let (ours, theirs) = (ring(&self.plane), ring(&theirs));
        ours.iter().any(|&(a, b)| {
            theirs
                .iter()
                .any(|&(c, d)| sweep::segments_meet(a, b, c, d))
        })
    }

    /// Even-odd ray casting in the local plane, O(n) per point: right for footprints of
    /// a handful of vertices; one of many thousands, tested every cycle, would want an
    /// index over its edges.
    fn contains_plane(&self, x: f64, y: f64) -> bool {
        if x.hypot(y) > self.bound {
            return false;
        }
        let n = self.plane.len();
        let mut inside = false;
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = self.plane[i];
            let (xj, yj) = self.plane[j];
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }

    /// The local (east, north) plane coordinates of the vertices, in metres, about
    /// [`GeoPolygon::centre`].
    pub fn plane_vertices(&self) -> &[(f64, f64)] {
        &self.plane
    }

    /// The ENU frame at the centre used for the plane coordinates.
    pub fn plane_frame(&self) -> &EnuFrame {
        &self.frame
    }

    /// The polygon cut into triangles in its local plane ((east, north) metres about
    /// [`GeoPolygon::centre`], each counter-clockwise), covering it without overlap. They
    /// are the trapezoids between the north–south lines through the vertices, each cut
    /// along a diagonal, so they have corners where those lines meet edges, as well as
    /// at the vertices. Built on the first call, in O(n log n), and kept.
    pub fn triangles(&self) -> &[[(f64, f64); 3]] {
        &self.triangulation().triangles
    }

    fn triangulation(&self) -> &Triangulation {
        self.triangulation.get_or_init(|| {
            let triangles = sweep::triangles(&self.plane);
            let cumulative_area = triangles
                .iter()
                .scan(0.0, |total, t| {
                    *total += sweep::twice_area(t) / 2.0;
                    Some(*total)
                })
                .collect();
            Box::new(Triangulation {
                triangles,
                cumulative_area,
            })
        })
    }

    /// A point drawn uniformly by area from inside the polygon (in its local plane), on
    /// the ellipsoid. Three draws from `rng`: one picks a triangle in proportion to its
    /// area, two place the point in it.
    pub fn random_point<R: Rng + ?Sized>(&self, rng: &mut R) -> Geodetic {
        let t = self.triangulation();
        let Some(&total) = t.cumulative_area.last() else {
            // Unreachable: a polygon that `new` accepted encloses at least 1 m², which its
            // triangles cover. The first vertex is at least a point of the polygon.
            return self.vertices[0].with_height(Length::ZERO);
        };
        let target = rng.random::<f64>() * total;
        let i = t
            .cumulative_area
            .partition_point(|&c| c <= target)
            .min(t.triangles.len() - 1);
        let [a, b, c] = t.triangles[i];
        // Uniform in the parallelogram on two sides of the triangle, folded back onto
        // the triangle when it falls in the other half (Turk, "Generating random points
        // in triangles", Graphics Gems, 1990).
        let (mut u, mut v): (f64, f64) = (rng.random(), rng.random());
        if u + v > 1.0 {
            (u, v) = (1.0 - u, 1.0 - v);
        }
        self.ground_at(
            a.0 + u * (b.0 - a.0) + v * (c.0 - a.0),
            a.1 + u * (b.1 - a.1) + v * (c.1 - a.1),
        )
    }

    /// The point of the ellipsoid whose plane coordinates are (east, north) metres:
    /// straight down the centre's vertical from the plane, which is how
    /// [`GeoPolygon::contains`] maps it back, so that a point drawn inside stays inside.
    fn ground_at(&self, east: f64, north: f64) -> Geodetic {
        let q = *self
            .frame
            .to_ecef(&Position::from_metres(east, north, 0.0))
            .metres();
        let up = self.frame.up();
        // Solve |S(q + z·up)| = 1 for z, with S = diag(1/a, 1/a, 1/b) scaling the
        // ellipsoid to the unit sphere: A z² + 2B z + C = 0. The root near zero, in the
        // form that does not cancel (C is small, B near 1/a).
        let scale = Vector3::new(1.0 / WGS84_A, 1.0 / WGS84_A, 1.0 / WGS84_B);
        let (qs, us) = (q.component_mul(&scale), up.component_mul(&scale));
        let (a, b, c) = (us.norm_squared(), qs.dot(&us), qs.norm_squared() - 1.0);
        let root = b + (b * b - a * c).max(0.0).sqrt();
        // Within MAX_VERTEX_DISTANCE of the centre the vertical always meets the
        // ellipsoid, from above (root > 0).
        let z = if root > 0.0 { -c / root } else { 0.0 };
        Geodetic::from_ecef(&Position::from_vector(q + up * z)).with_height(Length::ZERO)
    }
}

/// The index of the point of `points` farthest from `from` (the first of equals), and
/// its distance; the first point that is not finite, if any, with a distance of NaN.
fn farthest(points: &[Vector3<f64>], from: &Vector3<f64>) -> (usize, f64) {
    if let Some(i) = points.iter().position(|p| !p.iter().all(|c| c.is_finite())) {
        return (i, f64::NAN);
    }
    let distances = points.iter().map(|p| (p - from).norm()).enumerate();
    distances.fold((0, 0.0), |far, (i, d)| if d > far.1 { (i, d) } else { far })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn square() -> GeoPolygon {
        GeoPolygon::new(vec![
            Geodetic::from_degrees(25.0, 121.0, 0.0),
            Geodetic::from_degrees(25.0, 121.1, 0.0),
            Geodetic::from_degrees(25.1, 121.1, 0.0),
            Geodetic::from_degrees(25.1, 121.0, 0.0),
        ])
        .unwrap()
    }

    #[test]
    fn contains_inside_not_outside() {
        let sq = square();
        assert!(sq.contains(&Geodetic::from_degrees(25.05, 121.05, 0.0)));
        assert!(sq.contains(&Geodetic::from_degrees(25.05, 121.05, 9000.0)));
        assert!(!sq.contains(&Geodetic::from_degrees(25.15, 121.05, 0.0)));
        assert!(!sq.contains(&Geodetic::from_degrees(25.05, 120.99, 0.0)));
    }

    #[test]
    fn distance_outside_is_zero_inside_and_the_edge_distance_outside() {
        let sq = square();
        assert_eq!(
            sq.distance_outside_m(&Geodetic::from_degrees(25.05, 121.05, 0.0).to_ecef()),
            0.0
        );
        // 0.01° of latitude north of the north edge: ~1.109 km (meridian arc at 25°N).
        let d = sq.distance_outside_m(&Geodetic::from_degrees(25.11, 121.05, 0.0).to_ecef());
        assert!((d - 1109.0).abs() < 15.0, "{d}");
        // Diagonally off a corner: the distance to the corner.
        let c = sq.distance_outside_m(&Geodetic::from_degrees(25.11, 121.11, 0.0).to_ecef());
        assert!(c > d && (c - (1109.0f64.hypot(1010.0))).abs() < 25.0, "{c}");
    }

    #[test]
    fn area_matches_spherical_estimate() {
        // 0.1° × 0.1° at 25°N: about 11.08 km × 10.09 km (meridian and parallel arcs).
        let a = square().area_m2();
        assert!((a / 1e6 - 111.8).abs() < 1.0, "area {a}");
    }

    #[test]
    fn rejects_bad_polygons() {
        assert_eq!(
            GeoPolygon::new(vec![]).unwrap_err(),
            PolygonError::TooFewVertices(0)
        );
        let line = vec![
            // Points on one meridian lie on a line in the local plane.
            Geodetic::from_degrees(25.0, 121.0, 0.0),
            Geodetic::from_degrees(25.1, 121.0, 0.0),
            Geodetic::from_degrees(25.2, 121.0, 0.0),
        ];
        assert_eq!(GeoPolygon::new(line).unwrap_err(), PolygonError::Degenerate);
    }

    fn polygon(vertices: &[(f64, f64)]) -> Result<GeoPolygon, PolygonError> {
        GeoPolygon::new(
            vertices
                .iter()
                .map(|&(lat, lon)| Geodetic::from_degrees(lat, lon, 0.0))
                .collect(),
        )
    }

    #[test]
    fn rejects_a_symmetric_bow_tie_as_self_intersecting() {
        // The square's corners taken across a diagonal: edges 1 and 3 (the diagonals)
        // cross at the centre. The shoelace area is zero, which used to be the only
        // complaint.
        let bow_tie = [(25.0, 121.0), (25.0, 121.1), (25.1, 121.0), (25.1, 121.1)];
        assert_eq!(
            polygon(&bow_tie).unwrap_err(),
            PolygonError::SelfIntersecting {
                first_edge: 1,
                second_edge: 3
            }
        );
    }

    #[test]
    fn rejects_lopsided_crossings_that_enclose_area() {
        // A bow-tie with unequal lobes has a non-zero shoelace area, so the area test
        // alone accepted it.
        let lopsided = [(25.0, 121.0), (25.0, 121.3), (25.1, 121.0), (25.05, 121.3)];
        assert!(
            polygon(&lopsided).is_err_and(|e| matches!(e, PolygonError::SelfIntersecting { .. }))
        );
        // A pentagram: every edge crosses the two edges it is not next to. The sweep
        // meets edge 0's crossing with edge 3 first (edge 0 and edge 2 cross too).
        let star: Vec<(f64, f64)> = (0..5)
            .map(|k| {
                let a = (90.0 + 144.0 * k as f64).to_radians();
                (25.0 + 0.1 * a.sin(), 121.0 + 0.1 * a.cos())
            })
            .collect();
        assert_eq!(
            polygon(&star).unwrap_err(),
            PolygonError::SelfIntersecting {
                first_edge: 0,
                second_edge: 3
            }
        );
        // A vertex on a non-neighbouring edge. (In the local plane the parallel of
        // edge 0 bows north of its chord, so vertex 3 lies 3.7 m south of the edge and
        // both its edges, 2 and 3, cross edge 0; the sweep names edge 3. Exact touching
        // is tested in the plane, in `sweep`.)
        let touching = [
            (25.0, 121.0),
            (25.0, 121.2),
            (25.1, 121.2),
            (25.0, 121.1),
            (25.1, 121.0),
        ];
        assert_eq!(
            polygon(&touching).unwrap_err(),
            PolygonError::SelfIntersecting {
                first_edge: 0,
                second_edge: 3
            }
        );
        let message = polygon(&star).unwrap_err().to_string();
        assert!(
            message.contains("edge 0") && message.contains("edge 3"),
            "{message}"
        );
    }

    #[test]
    fn overlap_is_shared_ground_with_or_without_a_vertex_inside() {
        let sq = square();
        // A plus sign: each rectangle crosses the other, no vertex inside either.
        let across = polygon(&[
            (25.04, 120.9),
            (25.04, 121.2),
            (25.06, 121.2),
            (25.06, 120.9),
        ])
        .unwrap();
        assert!(sq.overlaps(&across) && across.overlaps(&sq));
        // One inside the other.
        let inner = polygon(&[(25.04, 121.04), (25.04, 121.06), (25.06, 121.05)]).unwrap();
        assert!(sq.overlaps(&inner) && inner.overlaps(&sq));
        // Apart, though each one's bounding box holds the other's: a triangle whose
        // long edge passes ~3.5 km outside the square's north-east corner.
        let beside = polygon(&[(25.0, 121.25), (25.25, 121.0), (25.25, 121.25)]).unwrap();
        assert!(!sq.overlaps(&beside) && !beside.overlaps(&sq));
    }

    /// An L of three squares of 0.1°, concave at one vertex.
    const L_SHAPE: [(f64, f64); 6] = [
        (25.0, 121.0),
        (25.0, 121.2),
        (25.1, 121.2),
        (25.1, 121.1),
        (25.2, 121.1),
        (25.2, 121.0),
    ];

    #[test]
    fn concave_and_closed_rings_stay_valid() {
        // An L-shape: concave at one vertex, no crossing.
        let l = polygon(&L_SHAPE).unwrap();
        assert!(l.contains(&Geodetic::from_degrees(25.15, 121.05, 0.0)));
        assert!(!l.contains(&Geodetic::from_degrees(25.15, 121.15, 0.0)));
        // A deep notch whose sides come close but do not meet.
        let notch = [
            (25.0, 121.0),
            (25.0, 121.2),
            (25.2, 121.2),
            (25.2, 121.1001),
            (25.01, 121.1),
            (25.2, 121.0999),
            (25.2, 121.0),
        ];
        assert!(polygon(&notch).is_ok());
        // Writing the first vertex again at the end, as GeoJSON does, and repeating a
        // vertex in sequence, are not crossings.
        let closed = [
            (25.0, 121.0),
            (25.0, 121.1),
            (25.0, 121.1),
            (25.1, 121.1),
            (25.1, 121.0),
            (25.0, 121.0),
        ];
        let c = polygon(&closed).unwrap();
        // The repeats move the plane's centre a little, hence a relative tolerance.
        let (a, b) = (c.area_m2(), square().area_m2());
        assert!((a / b - 1.0).abs() < 1e-4, "{a} vs {b}");
        // A triangle has no edges that are not neighbours.
        assert!(polygon(&[(25.0, 121.0), (25.0, 121.1), (25.1, 121.0)]).is_ok());
    }

    /// The latitude, in degrees, of the parallel whose radius (distance from the polar
    /// axis) is `r` metres: N(φ)·cos φ = r, solved by bisection.
    fn latitude_of_parallel(r: f64) -> f64 {
        use crate::geodesy::WGS84_E2;
        let radius = |phi: f64| WGS84_A * phi.cos() / (1.0 - WGS84_E2 * phi.sin().powi(2)).sqrt();
        let (mut lo, mut hi) = (0.0, std::f64::consts::FRAC_PI_2);
        for _ in 0..100 {
            let mid = (lo + hi) / 2.0;
            if radius(mid) > r {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo.to_degrees()
    }

    /// A regular hexagon round the north pole on the parallel of radius `r` metres. The
    /// vertices' mean is on the polar axis, `r` from each of them.
    fn polar_hexagon(r: f64) -> Result<GeoPolygon, PolygonError> {
        let lat = latitude_of_parallel(r);
        polygon(&(0..6).map(|k| (lat, 60.0 * k as f64)).collect::<Vec<_>>())
    }

    #[test]
    fn rejects_vertices_spread_round_the_globe_as_too_large() {
        // Three points 120° apart on the equator average to the Earth's centre, the
        // equatorial radius a from each: once they made a plane about a garbage centre.
        match polygon(&[(0.0, 0.0), (0.0, 120.0), (0.0, -120.0)]) {
            Err(PolygonError::TooLarge { vertex, distance }) => {
                assert!(vertex < 3);
                assert!((distance.si() - WGS84_A).abs() < 1e-3, "{distance:?}");
            }
            other => panic!("{other:?}"),
        }
        // Two antipodal points and a third a quarter of the way round: the mean is at
        // (0, a/3, 0) in ECEF, a·√10/3 from the antipodal pair.
        match polygon(&[(0.0, 0.0), (0.0, 180.0), (0.0, 90.0)]) {
            Err(e @ PolygonError::TooLarge { vertex, distance }) => {
                assert!(vertex < 2);
                let expected = WGS84_A * 10f64.sqrt() / 3.0;
                assert!((distance.si() - expected).abs() < 1e-3, "{distance:?}");
                assert!(e.to_string().contains("6723 km"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_vertex_that_is_not_a_number_is_too_far() {
        let e = polygon(&[(25.0, 121.0), (f64::NAN, 121.1), (25.1, 121.0)]).unwrap_err();
        assert!(
            matches!(e, PolygonError::TooLarge { vertex: 1, distance } if distance.si().is_nan())
        );
    }

    #[test]
    fn the_size_limit_is_on_the_distance_from_the_vertices_centre() {
        let limit = MAX_VERTEX_DISTANCE.si();
        // Just inside: accepted, and worked in the plane at the pole, where the hexagon
        // keeps its true size: area (3√3/2)·r².
        let r = limit - 1_000.0;
        let inside = polar_hexagon(r).unwrap();
        let hexagon = 1.5 * 3f64.sqrt() * r * r;
        assert!((inside.area_m2() / hexagon - 1.0).abs() < 1e-9);
        assert!(inside.contains(&Geodetic::from_degrees(90.0, 0.0, 0.0)));
        // Just outside: every vertex is equally far (up to rounding).
        match polar_hexagon(limit + 1_000.0) {
            Err(PolygonError::TooLarge { vertex, distance }) => {
                assert!(vertex < 6);
                assert!(
                    (distance.si() - (limit + 1_000.0)).abs() < 1e-3,
                    "{distance:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// Geodetic vertices of a polygon drawn in (east, north) metres in the local plane
    /// at 25°N 121°E.
    fn from_plane(points: impl IntoIterator<Item = (f64, f64)>) -> Vec<Geodetic> {
        let frame = EnuFrame::at(Geodetic::from_degrees(25.0, 121.0, 0.0));
        points
            .into_iter()
            .map(|(x, y)| {
                Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(x, y, 0.0)))
                    .with_height(Length::ZERO)
            })
            .collect()
    }

    /// Checks that the triangles' areas add up to the shoelace area.
    fn assert_triangles_cover(p: &GeoPolygon) {
        let sum: f64 = p
            .triangles()
            .iter()
            .map(|t| sweep::twice_area(t) / 2.0)
            .sum();
        assert!(
            (sum / p.area_m2() - 1.0).abs() < 1e-9,
            "{sum} vs {}",
            p.area_m2()
        );
    }

    /// A comb of 25,000 teeth 20 km long and 1 m wide, 1 m apart, on a back 100 m wide:
    /// 100,002 vertices. The teeth's sides are long edges close together, which defeats
    /// a grid of cells and makes a sweep's status large.
    fn comb() -> Vec<(f64, f64)> {
        let mut v = Vec::new();
        for k in 0..25_000 {
            let x = -25_000.0 + 2.0 * k as f64;
            v.extend([(x, 0.0), (x, 20_000.0), (x + 1.0, 20_000.0), (x + 1.0, 0.0)]);
        }
        v.extend([(25_000.0 - 1.0, -100.0), (-25_000.0, -100.0)]);
        v
    }

    #[test]
    fn a_hundred_thousand_vertices_are_checked_and_cut_quickly() {
        // Took 30 s (in release) with every pair of edges tested.
        let mut rng = ChaCha8Rng::seed_from_u64(100_000);
        let n = 100_000;
        let star = from_plane((0..n).map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n as f64;
            let r = rng.random_range(10_000.0..20_000.0);
            (r * a.cos(), r * a.sin())
        }));
        let star = GeoPolygon::new(star).unwrap();
        assert_triangles_cover(&star);
        let comb_polygon = GeoPolygon::new(from_plane(comb())).unwrap();
        // 25,000 teeth of 20 km × 1 m, and the back.
        let area = 25_000.0 * 20_000.0 + 49_999.0 * 100.0;
        assert!((comb_polygon.area_m2() / area - 1.0).abs() < 1e-3);
        assert_triangles_cover(&comb_polygon);
        // Tooth 12,500 bent over so that its tip lies inside the next tooth: its top
        // edge (12,500 × 4 + 1) and its east side (+ 2) both cross the next tooth's west
        // side (+ 4).
        let mut bent = comb();
        let k = 12_500;
        bent[4 * k + 2].0 += 1.5;
        bent[4 * k + 2].1 = 10_000.0;
        match GeoPolygon::new(from_plane(bent)) {
            Err(PolygonError::SelfIntersecting {
                first_edge,
                second_edge,
            }) => {
                assert!([4 * k + 1, 4 * k + 2].contains(&first_edge), "{first_edge}");
                assert_eq!(second_edge, 4 * k + 4);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_point_drawn_from_a_thin_v_lies_inside_it() {
        // Two arms 60 km long whose tips are 1 km apart, each 5 cm wide. Rejection from
        // the 1 km × 60 km bounding box missed 10,000 times for about one point in three
        // and then aimed at the vertices' centroid, which lies between the arms.
        let w = 0.05;
        let v = GeoPolygon::new(from_plane([
            (0.0, 0.0),
            (500.0, 60_000.0),
            (500.0 - w, 60_000.0),
            (0.0, 120.0 * w),
            (w - 500.0, 60_000.0),
            (-500.0, 60_000.0),
        ]))
        .unwrap();
        assert!(!v.contains(&v.centre()));
        assert_triangles_cover(&v);
        let mut rng = crate::rng::stream(1, crate::rng::Purpose::Raid, 0);
        let points: Vec<Geodetic> = (0..10_000).map(|_| v.random_point(&mut rng)).collect();
        for p in &points {
            assert!(v.contains(p), "{p:?}");
        }
        // Both arms get their half, within four binomial standard deviations (50 of
        // 10,000).
        let east = points
            .iter()
            .filter(|p| v.plane_frame().to_enu(&p.to_ecef()).metres().x > 0.0)
            .count();
        assert!((east as f64 - 5_000.0).abs() < 200.0, "{east}");
        // The same stream draws the same points.
        let mut again = crate::rng::stream(1, crate::rng::Purpose::Raid, 0);
        assert!(points.iter().all(|p| *p == v.random_point(&mut again)));
    }

    #[test]
    fn points_drawn_from_an_l_fall_in_each_part_in_proportion_to_its_area() {
        // The L of three squares of 0.1°: each square's share of the points matches its
        // share of the area within four binomial standard deviations. Picking triangles
        // without weighting by area would give the north-west square a quarter instead
        // of a third.
        let l = polygon(&L_SHAPE).unwrap();
        assert_triangles_cover(&l);
        let square = |lat: f64, lon: f64| {
            polygon(&[
                (lat, lon),
                (lat, lon + 0.1),
                (lat + 0.1, lon + 0.1),
                (lat + 0.1, lon),
            ])
            .unwrap()
        };
        let parts = [
            square(25.0, 121.0),
            square(25.0, 121.1),
            square(25.1, 121.0),
        ];
        let n = 40_000;
        let mut rng = ChaCha8Rng::seed_from_u64(40_000);
        let points: Vec<Geodetic> = (0..n).map(|_| l.random_point(&mut rng)).collect();
        assert!(points.iter().all(|p| l.contains(p)));
        for part in &parts {
            let share = part.area_m2() / l.area_m2();
            let hits = points.iter().filter(|p| part.contains(p)).count() as f64 / n as f64;
            let sigma = (share * (1.0 - share) / n as f64).sqrt();
            assert!((hits - share).abs() < 4.0 * sigma, "{hits} vs {share}");
        }
    }
}
