//! Distances along the WGS-84 ellipsoid: the inverse geodesic problem.
//!
//! Hand-written (Vincenty 1975, "Direct and inverse solutions of geodesics on the
//! ellipsoid with application of nested equations", Survey Review 23(176)) because the
//! launch solver needs ground range and azimuth many times per solve and no dependency
//! is approved for it. Accurate to well under a millimetre except for nearly antipodal
//! points, where the iteration may not converge and a spherical estimate is returned.

use tdome_core::geodesy::{WGS84_A, WGS84_B, WGS84_F};
use tdome_core::units::wrap_two_pi;
use tdome_core::{Angle, Geodetic, Length};

/// The shortest path on the ellipsoid between two points (heights ignored).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeodesicLine {
    /// Length of the geodesic on the ellipsoid surface.
    pub distance: Length,
    /// Azimuth of the geodesic at the start, clockwise from north, in [0, 2π).
    pub initial_azimuth: Angle,
}

/// Mean Earth radius (2a + b)/3, metres, for the spherical fallback.
const MEAN_RADIUS_M: f64 = (2.0 * WGS84_A + WGS84_B) / 3.0;

/// The geodesic from `from` to `to` along the WGS-84 ellipsoid.
pub fn inverse(from: &Geodetic, to: &Geodetic) -> GeodesicLine {
    vincenty(from, to).unwrap_or_else(|| spherical(from, to))
}

fn vincenty(from: &Geodetic, to: &Geodetic) -> Option<GeodesicLine> {
    let f = WGS84_F;
    let l = to.longitude.si() - from.longitude.si();
    let u1 = ((1.0 - f) * from.latitude.si().tan()).atan();
    let u2 = ((1.0 - f) * to.latitude.si().tan()).atan();
    let (su1, cu1) = u1.sin_cos();
    let (su2, cu2) = u2.sin_cos();
    let mut lambda = l;
    for _ in 0..200 {
        let (sl, cl) = lambda.sin_cos();
        let sin_sigma = ((cu2 * sl).powi(2) + (cu1 * su2 - su1 * cu2 * cl).powi(2)).sqrt();
        if sin_sigma == 0.0 {
            return Some(GeodesicLine {
                distance: Length::ZERO,
                initial_azimuth: Angle::ZERO,
            });
        }
        let cos_sigma = su1 * su2 + cu1 * cu2 * cl;
        let sigma = sin_sigma.atan2(cos_sigma);
        let sin_alpha = cu1 * cu2 * sl / sin_sigma;
        let cos2_alpha = 1.0 - sin_alpha * sin_alpha;
        // On the equator cos²α = 0 and the term is irrelevant.
        let cos_2sm = if cos2_alpha == 0.0 {
            0.0
        } else {
            cos_sigma - 2.0 * su1 * su2 / cos2_alpha
        };
        let c = f / 16.0 * cos2_alpha * (4.0 + f * (4.0 - 3.0 * cos2_alpha));
        let previous = lambda;
        lambda = l
            + (1.0 - c)
                * f
                * sin_alpha
                * (sigma
                    + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1.0 + 2.0 * cos_2sm * cos_2sm)));
        if (lambda - previous).abs() < 1e-12 {
            let u_sq = cos2_alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);
            let a =
                1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
            let b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
            let delta_sigma = b
                * sin_sigma
                * (cos_2sm
                    + b / 4.0
                        * (cos_sigma * (-1.0 + 2.0 * cos_2sm * cos_2sm)
                            - b / 6.0
                                * cos_2sm
                                * (-3.0 + 4.0 * sin_sigma * sin_sigma)
                                * (-3.0 + 4.0 * cos_2sm * cos_2sm)));
            let distance = WGS84_B * a * (sigma - delta_sigma);
            let (sl, cl) = lambda.sin_cos();
            let azimuth = (cu2 * sl).atan2(cu1 * su2 - su1 * cu2 * cl);
            return Some(GeodesicLine {
                distance: Length::metres(distance),
                initial_azimuth: Angle::radians(wrap_two_pi(azimuth)),
            });
        }
    }
    None
}

/// Great circle on a sphere of the mean radius (haversine), for the rare case where
/// Vincenty's iteration does not converge.
fn spherical(from: &Geodetic, to: &Geodetic) -> GeodesicLine {
    let (p1, p2) = (from.latitude.si(), to.latitude.si());
    let dl = to.longitude.si() - from.longitude.si();
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    let central = 2.0 * h.sqrt().min(1.0).asin();
    let azimuth = (dl.sin() * p2.cos()).atan2(p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos());
    GeodesicLine {
        distance: Length::metres(MEAN_RADIUS_M * central),
        initial_azimuth: Angle::radians(wrap_two_pi(azimuth)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meridian_quadrant_is_the_published_value() {
        // WGS-84 meridian arc from equator to pole: 10 001 965.729 m.
        let g = inverse(
            &Geodetic::from_degrees(0.0, 0.0, 0.0),
            &Geodetic::from_degrees(90.0, 0.0, 0.0),
        );
        assert!(
            (g.distance.si() - 10_001_965.729).abs() < 1e-3,
            "{}",
            g.distance
        );
        assert!(g.initial_azimuth.si().abs() < 1e-12);
    }

    #[test]
    fn equatorial_degree_and_azimuths() {
        let g = inverse(
            &Geodetic::from_degrees(0.0, 0.0, 0.0),
            &Geodetic::from_degrees(0.0, 1.0, 0.0),
        );
        // One degree of the equator: a · π/180.
        assert!((g.distance.si() - WGS84_A * 1f64.to_radians()).abs() < 1e-6);
        assert!((g.initial_azimuth.as_degrees() - 90.0).abs() < 1e-9);
        let back = inverse(
            &Geodetic::from_degrees(0.0, 1.0, 0.0),
            &Geodetic::from_degrees(0.0, 0.0, 0.0),
        );
        assert!((back.initial_azimuth.as_degrees() - 270.0).abs() < 1e-9);
    }

    #[test]
    fn short_lines_match_the_local_plane() {
        // A 10 km hop at 24°N: the local ENU plane distance differs by < 1 mm.
        let a = Geodetic::from_degrees(24.0, 120.0, 0.0);
        let frame = tdome_core::EnuFrame::at(a);
        let b = Geodetic::from_ecef(
            &frame.to_ecef(&tdome_core::Position::from_metres(6000.0, 8000.0, 0.0)),
        );
        let b = b.with_height(Length::ZERO);
        let g = inverse(&a, &b);
        assert!((g.distance.si() - 10_000.0).abs() < 0.05, "{}", g.distance);
        assert!((g.initial_azimuth.si() - 6000f64.atan2(8000.0)).abs() < 1e-5);
    }

    #[test]
    fn nearly_antipodal_points_give_a_finite_distance() {
        let g = inverse(
            &Geodetic::from_degrees(0.0, 0.0, 0.0),
            &Geodetic::from_degrees(0.5, 179.7, 0.0),
        );
        assert!(g.distance.is_finite() && g.distance.si() > 1.9e7);
    }
}
