//! The probability that a predicted impact, a Gaussian in the local horizontal plane,
//! falls inside a defended area's polygon: an integral of the density over the polygon,
//! not a distance test.
//!
//! The Gaussian is whitened (x ↦ L⁻¹(x − μ), with Σ = LLᵀ), which makes it the standard
//! normal and the polygon another polygon. The integral over a simple polygon is the
//! signed sum, over its edges (a, b), of the integrals over the triangles (0, a, b), as
//! in the shoelace formula for area. In polar coordinates about the origin each
//! triangle's integral is one-dimensional, and it is exactly Owen's T function
//! (Owen 1956; the `owens-t` crate, Patefield and Tandy's algorithm, ~1e-16): with h the
//! distance from the origin to the edge's line and ψ the angle from its foot,
//!
//! ∫∫ φ₂ = Δθ/2π − [T(h, tan ψ_b) − T(h, tan ψ_a)],
//!
//! since (1/2π)∫ exp(−h² sec²ψ / 2) dψ from 0 to ψ is T(h, tan ψ). The cost is one Owen's
//! T per vertex. `tests/val_scipy_polygon_probability.rs` checks it against scipy's
//! adaptive quadrature and against closed forms.

use nalgebra::{Matrix2, Vector2};

/// P(X inside `polygon`) for X ~ N(`mean`, `covariance`), in the same plane coordinates
/// (metres). The polygon's vertices are in order, either way round, not repeated at the
/// end; it must be simple (its edges do not cross). `None` when the covariance is not
/// positive definite or a number is not finite.
pub fn probability_inside(
    mean: &Vector2<f64>,
    covariance: &Matrix2<f64>,
    polygon: &[(f64, f64)],
) -> Option<f64> {
    let chol = covariance.cholesky()?;
    let l = chol.l();
    let whiten = |&(x, y): &(f64, f64)| -> Option<Vector2<f64>> {
        l.solve_lower_triangular(&(Vector2::new(x, y) - mean))
    };
    if polygon.len() < 3 {
        return Some(0.0);
    }
    let mut sum = 0.0;
    let first = whiten(&polygon[0])?;
    let mut a = first;
    for vertex in polygon.iter().skip(1) {
        let b = whiten(vertex)?;
        sum += triangle(&a, &b);
        a = b;
    }
    sum += triangle(&a, &first);
    sum.is_finite().then(|| sum.abs().clamp(0.0, 1.0))
}

/// The standard bivariate normal's integral over the triangle (0, a, b), signed: positive
/// when (0, a, b) runs counter-clockwise.
fn triangle(a: &Vector2<f64>, b: &Vector2<f64>) -> f64 {
    let cross = a.x * b.y - a.y * b.x;
    let d = b - a;
    let length = d.norm();
    // A degenerate triangle (the edge's line passes through the origin, or the edge has
    // no length) holds nothing.
    if length == 0.0 || cross.abs() <= 1e-15 * a.norm() * b.norm() {
        return 0.0;
    }
    let e = d / length;
    let h = cross.abs() / length;
    // The unit normal to the edge pointing away from the origin, and the sense in which
    // angles about the origin grow along the edge.
    let mut n = Vector2::new(e.y, -e.x);
    if n.dot(a) < 0.0 {
        n = -n;
    }
    let sense = n.x * e.y - n.y * e.x;
    let (ta, tb) = (sense * e.dot(a) / h, sense * e.dot(b) / h);
    let sweep = tb.atan() - ta.atan();
    sweep / std::f64::consts::TAU - (owens_t::owens_t(h, tb) - owens_t::owens_t(h, ta))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(sigma: f64) -> Matrix2<f64> {
        Matrix2::identity() * sigma * sigma
    }

    #[test]
    fn a_half_plane_and_the_whole_plane() {
        // A huge square with the mean on one edge's midpoint: one half.
        let big = 1e6;
        let square = [(0.0, -big), (big, -big), (big, big), (0.0, big)];
        let p = probability_inside(&Vector2::zeros(), &iso(100.0), &square).unwrap();
        assert!((p - 0.5).abs() < 1e-12, "{p}");
        // The mean deep inside: all of it.
        let square = [(-big, -big), (big, -big), (big, big), (-big, big)];
        let p = probability_inside(&Vector2::new(5.0, 7.0), &iso(100.0), &square).unwrap();
        assert!((p - 1.0).abs() < 1e-12, "{p}");
    }

    #[test]
    fn a_quarter_plane_under_a_correlated_gaussian() {
        // P(X > 0, Y > 0) with correlation ρ is 1/4 + asin(ρ)/2π (Sheppard).
        let rho: f64 = 0.6;
        let cov = Matrix2::new(1.0, rho, rho, 1.0) * 400.0;
        let big = 1e5;
        let quadrant = [(0.0, 0.0), (big, 0.0), (big, big), (0.0, big)];
        let p = probability_inside(&Vector2::zeros(), &cov, &quadrant).unwrap();
        let want = 0.25 + rho.asin() / std::f64::consts::TAU;
        assert!((p - want).abs() < 1e-12, "{p} against {want}");
    }

    #[test]
    fn orientation_rotation_and_translation_do_not_matter() {
        // An L-shaped (not convex) area.
        let l_shape = [
            (0.0, 0.0),
            (300.0, 0.0),
            (300.0, 100.0),
            (100.0, 100.0),
            (100.0, 400.0),
            (0.0, 400.0),
        ];
        let mean = Vector2::new(120.0, 80.0);
        let cov = Matrix2::new(150.0f64.powi(2), 4000.0, 4000.0, 90.0f64.powi(2));
        let p = probability_inside(&mean, &cov, &l_shape).unwrap();
        let reversed: Vec<_> = l_shape.iter().rev().copied().collect();
        assert!((probability_inside(&mean, &cov, &reversed).unwrap() - p).abs() < 1e-14);
        // Starting from another vertex.
        let mut rotated_start = l_shape.to_vec();
        rotated_start.rotate_left(2);
        assert!((probability_inside(&mean, &cov, &rotated_start).unwrap() - p).abs() < 1e-14);
        // Everything moved and turned by 30°.
        let (s, c) = 30f64.to_radians().sin_cos();
        let r = Matrix2::new(c, -s, s, c);
        let shift = Vector2::new(-2_500.0, 7_000.0);
        let moved: Vec<_> = l_shape
            .iter()
            .map(|&(x, y)| {
                let v = r * Vector2::new(x, y) + shift;
                (v.x, v.y)
            })
            .collect();
        let q =
            probability_inside(&(r * mean + shift), &(r * cov * r.transpose()), &moved).unwrap();
        assert!((q - p).abs() < 1e-12, "{q} against {p}");
        // The L is the union of two rectangles that share no area: the probabilities add.
        let foot = [(0.0, 0.0), (300.0, 0.0), (300.0, 100.0), (0.0, 100.0)];
        let stem = [(0.0, 100.0), (100.0, 100.0), (100.0, 400.0), (0.0, 400.0)];
        let sum = probability_inside(&mean, &cov, &foot).unwrap()
            + probability_inside(&mean, &cov, &stem).unwrap();
        assert!((sum - p).abs() < 1e-12, "{sum} against {p}");
    }

    #[test]
    fn degenerate_inputs() {
        let tri = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)];
        assert_eq!(
            probability_inside(&Vector2::zeros(), &Matrix2::zeros(), &tri),
            None
        );
        assert_eq!(
            probability_inside(&Vector2::new(f64::NAN, 0.0), &iso(1.0), &tri),
            None
        );
        assert_eq!(
            probability_inside(&Vector2::zeros(), &iso(1.0), &tri[..2]),
            Some(0.0)
        );
        // A vertex on the mean, and a repeated vertex: still exact.
        let p = probability_inside(&Vector2::zeros(), &iso(1.0), &tri).unwrap();
        let repeated = [(0.0, 0.0), (10.0, 0.0), (10.0, 0.0), (0.0, 10.0)];
        let q = probability_inside(&Vector2::zeros(), &iso(1.0), &repeated).unwrap();
        assert!((p - 0.25).abs() < 1e-12 && (q - p).abs() < 1e-15, "{p} {q}");
    }
}
