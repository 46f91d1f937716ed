//! Areas on the ground: defended-asset footprints, launch areas, aim areas.

use crate::frames::{Ecef, Position};
use crate::geodesy::{EnuFrame, Geodetic};
use crate::units::Length;

/// A simple polygon on the WGS-84 ellipsoid, given by its vertices in order (either
/// sense). Containment is decided in the local horizontal plane of the vertices'
/// centroid; over the tens of kilometres of a defended asset the plane departs from the
/// ellipsoid by far less than any aim error.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoPolygon {
    vertices: Vec<Geodetic>,
    frame: EnuFrame,
    /// Vertices as (east, north) metres in `frame`.
    plane: Vec<(f64, f64)>,
    /// Radius of the circle around the frame origin that holds every vertex.
    bound: f64,
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
}

impl GeoPolygon {
    /// A polygon from its vertices (heights are ignored).
    pub fn new(vertices: Vec<Geodetic>) -> Result<Self, PolygonError> {
        if vertices.len() < 3 {
            return Err(PolygonError::TooFewVertices(vertices.len()));
        }
        let n = vertices.len() as f64;
        // The centroid of the vertices, averaged in ECEF so that it is right across the
        // antimeridian too.
        let mean = vertices
            .iter()
            .map(|v| *v.with_height(Length::ZERO).to_ecef().metres())
            .sum::<nalgebra::Vector3<f64>>()
            / n;
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
        };
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

    /// Even-odd ray casting in the local plane.
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
    /// [`GeoPolygon::centre`], for sampling points inside the polygon.
    pub fn plane_vertices(&self) -> &[(f64, f64)] {
        &self.plane
    }

    /// The ENU frame at the centre used for the plane coordinates.
    pub fn plane_frame(&self) -> &EnuFrame {
        &self.frame
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
