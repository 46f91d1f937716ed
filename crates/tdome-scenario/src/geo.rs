//! Ground distances for range checks.
//!
//! Hand-written great-circle distance rather than an ellipsoidal geodesic crate: it is
//! used only to check that a raid's launch area is within its threat's range of the
//! aim, against published ranges quoted to two significant figures, where the sphere's
//! ≤ 0.5 % departure from the WGS-84 geodesic does not matter.

use tdome_core::{Geodetic, Length};

/// IUGG mean Earth radius R1 = (2a + b) / 3 for WGS-84, metres.
const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance between the ground points below `a` and `b` (haversine).
pub(crate) fn ground_distance(a: &Geodetic, b: &Geodetic) -> Length {
    let (phi1, phi2) = (a.latitude.si(), b.latitude.si());
    let dphi = phi2 - phi1;
    let dlambda = b.longitude.si() - a.longitude.si();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    // min(1) guards against rounding just above 1 for antipodal points.
    Length::metres(2.0 * MEAN_EARTH_RADIUS_M * h.sqrt().min(1.0).asin())
}

/// Length of the path through `points` in order.
pub(crate) fn path_length(points: &[Geodetic]) -> Length {
    points
        .windows(2)
        .map(|w| ground_distance(&w[0], &w[1]))
        .fold(Length::ZERO, |a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_meridian_is_about_111_km() {
        let d = ground_distance(
            &Geodetic::from_degrees(24.0, 119.0, 0.0),
            &Geodetic::from_degrees(25.0, 119.0, 0.0),
        );
        // WGS-84 meridian arc from 24° to 25° N is 110.78 km; the sphere gives 111.19 km.
        assert!((d.as_km() - 111.19).abs() < 0.01, "{d}");
    }

    #[test]
    fn path_adds_legs() {
        let a = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let b = Geodetic::from_degrees(0.0, 1.0, 0.0);
        let c = Geodetic::from_degrees(1.0, 1.0, 0.0);
        let total = path_length(&[a, b, c]);
        let legs = ground_distance(&a, &b) + ground_distance(&b, &c);
        assert!((total - legs).abs().si() < 1e-6);
        assert_eq!(path_length(&[a]), Length::ZERO);
    }
}
