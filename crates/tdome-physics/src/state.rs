//! The point-mass state vector in ECEF and cubic Hermite interpolation between two states.

use nalgebra::Vector3;
use tdome_core::geodesy::{WGS84_A, WGS84_B, WGS84_E2};
use tdome_core::{Ecef, Length, Position, Velocity};

/// Position and velocity of a point mass in the rotating ECEF frame (velocity relative
/// to the Earth).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct EcefState {
    /// Position.
    pub position: Position<Ecef>,
    /// Velocity relative to the rotating Earth.
    pub velocity: Velocity<Ecef>,
}

impl EcefState {
    /// A state from a position and an Earth-relative velocity.
    pub fn new(position: Position<Ecef>, velocity: Velocity<Ecef>) -> Self {
        EcefState { position, velocity }
    }

    /// The state a fraction `s` ∈ [0, 1] of the way through a step of `dt` seconds from
    /// `a` to `b`, by cubic Hermite interpolation on positions and velocities (exact for
    /// motion of constant jerk, i.e. positions cubic in time, and accurate to O(dt⁴) for
    /// smooth motion). Positions in metres and velocities in m/s, ECEF.
    ///
    /// `s` outside [0, 1] extrapolates the same cubic. With `dt = 0` the two states are
    /// the same instant and the positions and velocities are interpolated linearly.
    pub fn hermite(a: &EcefState, b: &EcefState, dt: f64, s: f64) -> EcefState {
        let (p, v) = hermite_vectors(
            a.position.metres(),
            a.velocity.mps(),
            b.position.metres(),
            b.velocity.mps(),
            dt,
            s,
        );
        EcefState {
            position: Position::from_vector(p),
            velocity: Velocity::from_vector(v),
        }
    }

    /// The position alone of [`EcefState::hermite`], the same to the bit: for searches
    /// that only ask where, at about half the arithmetic.
    pub fn hermite_position(a: &EcefState, b: &EcefState, dt: f64, s: f64) -> Position<Ecef> {
        Position::from_vector(hermite_position_vector(
            a.position.metres(),
            a.velocity.mps(),
            b.position.metres(),
            b.velocity.mps(),
            dt,
            s,
        ))
    }

    /// Height above the WGS-84 ellipsoid of the position.
    ///
    /// Computed in closed form (Bowring's 1976 single-step latitude followed by the
    /// well-conditioned height formula), with no trigonometric calls, because the
    /// integrators evaluate it four times per step. It agrees with the iterative
    /// [`tdome_core::Geodetic::from_ecef`] to well under a millimetre from −5 km to beyond
    /// 1000 km of height (tested).
    pub fn height(&self) -> Length {
        Length::metres(ellipsoidal_height_m(self.position.metres()))
    }

    /// True when every component of position and velocity is finite.
    pub fn is_finite(&self) -> bool {
        self.position.is_finite() && self.velocity.is_finite()
    }
}

/// Cubic Hermite basis on raw vectors: position and velocity at fraction `s` of a step of
/// `dt` seconds.
pub(crate) fn hermite_vectors(
    p0: &Vector3<f64>,
    v0: &Vector3<f64>,
    p1: &Vector3<f64>,
    v1: &Vector3<f64>,
    dt: f64,
    s: f64,
) -> (Vector3<f64>, Vector3<f64>) {
    let p = hermite_position_vector(p0, v0, p1, v1, dt, s);
    if dt == 0.0 {
        return (p, v0 + (v1 - v0) * s);
    }
    let s2 = s * s;
    let d01 = -6.0 * s2 + 6.0 * s;
    let d10 = 3.0 * s2 - 4.0 * s + 1.0;
    let d11 = 3.0 * s2 - 2.0 * s;
    let v = (p1 - p0) * (d01 / dt) + v0 * d10 + v1 * d11;
    (p, v)
}

/// The position of [`hermite_vectors`].
fn hermite_position_vector(
    p0: &Vector3<f64>,
    v0: &Vector3<f64>,
    p1: &Vector3<f64>,
    v1: &Vector3<f64>,
    dt: f64,
    s: f64,
) -> Vector3<f64> {
    if dt == 0.0 {
        return p0 + (p1 - p0) * s;
    }
    let s2 = s * s;
    let s3 = s2 * s;
    // Cubic Hermite basis written about p0, using h00 = 1 − h01 and its derivative, so
    // that large ECEF coordinates cancel before they are scaled (better conditioning).
    let h01 = -2.0 * s3 + 3.0 * s2;
    let h10 = s3 - 2.0 * s2 + s;
    let h11 = s3 - s2;
    p0 + (p1 - p0) * h01 + (v0 * h10 + v1 * h11) * dt
}

/// Second eccentricity squared e'² = e² / (1 − e²).
const WGS84_EP2: f64 = WGS84_E2 / (1.0 - WGS84_E2);

/// Height above the WGS-84 ellipsoid of an ECEF point, metres.
///
/// Bowring's (1976) formula gives the geodetic latitude from the parametric one in a
/// single step; its error is tiny near the Earth and the height formula
/// `h = p cos φ + z sin φ − a²/N` is insensitive to small latitude errors (second order),
/// so the height is exact for our purposes without iteration. Sines and cosines come from
/// normalising the tangent's numerator and denominator, so no trigonometry is called.
pub(crate) fn ellipsoidal_height_m(r: &Vector3<f64>) -> f64 {
    // Plain square roots rather than `hypot`: this runs in the integrators' inner loop,
    // where libm's overflow-safe hypot cost a quarter of the time, and no ECEF coordinate
    // comes near overflow when squared.
    let p = (r.x * r.x + r.y * r.y).sqrt();
    let z = r.z;
    // Parametric latitude β: tan β = a z / (b p).
    let (t, u) = (WGS84_A * z, WGS84_B * p);
    let n = (t * t + u * u).sqrt();
    if n == 0.0 {
        // The Earth's centre: the height is minus the polar radius, by convention.
        return -WGS84_B;
    }
    let (sb, cb) = (t / n, u / n);
    let num = z + WGS84_EP2 * WGS84_B * sb * sb * sb;
    let den = p - WGS84_E2 * WGS84_A * cb * cb * cb;
    let k = (num * num + den * den).sqrt();
    let (s, c) = (num / k, den / k);
    let n_radius = WGS84_A / (1.0 - WGS84_E2 * s * s).sqrt();
    p * c + z * s - WGS84_A * WGS84_A / n_radius
}

/// Height above the ellipsoid measured along the geocentric radius rather than the
/// normal, metres: |r| − r_e(φ_c). Cheaper than [`ellipsoidal_height_m`] (it shares |r|
/// with the gravity model) and short of it by at most h·δ²/2 ≈ 6e-6·h (δ ≤ 1/297 rad is
/// the angle between radius and normal), i.e. 0.6 m at 100 km. It is used only to look up
/// air density and the speed of sound, where that is immaterial; ground crossings use the
/// exact height.
#[inline]
pub fn approximate_height_m(r: &Vector3<f64>) -> f64 {
    let r2 = r.norm_squared();
    if r2 == 0.0 {
        return -WGS84_B;
    }
    let cos2_geocentric = (r.x * r.x + r.y * r.y) / r2;
    r2.sqrt() - WGS84_B / (1.0 - WGS84_E2 * cos2_geocentric).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tdome_core::Geodetic;

    /// A cubic-in-time trajectory: r(t) = c0 + c1 t + c2 t² + c3 t³.
    fn cubic(t: f64) -> (Vector3<f64>, Vector3<f64>) {
        let c0 = Vector3::new(6.4e6, -1.2e5, 3.3e5);
        let c1 = Vector3::new(120.0, -800.0, 35.0);
        let c2 = Vector3::new(-4.9, 2.5, 0.7);
        let c3 = Vector3::new(0.013, -0.021, 0.004);
        (
            c0 + c1 * t + c2 * t * t + c3 * t * t * t,
            c1 + c2 * (2.0 * t) + c3 * (3.0 * t * t),
        )
    }

    fn state(t: f64) -> EcefState {
        let (p, v) = cubic(t);
        EcefState {
            position: Position::from_vector(p),
            velocity: Velocity::from_vector(v),
        }
    }

    #[test]
    fn hermite_is_exact_for_a_cubic_trajectory() {
        let (t0, dt) = (3.0, 2.5);
        let (a, b) = (state(t0), state(t0 + dt));
        for k in 0..=20 {
            let s = k as f64 / 20.0;
            let got = EcefState::hermite(&a, &b, dt, s);
            let want = state(t0 + s * dt);
            let dp = (got.position.metres() - want.position.metres()).norm();
            let dv = (got.velocity.mps() - want.velocity.mps()).norm();
            // The positions are ~6.4e6 m (ulp ≈ 1e-9 m), so these are a few ulps; the
            // velocity inherits the rounding of the chord p1 − p0 divided by dt.
            assert!(dp < 1e-8, "s = {s}: position error {dp} m");
            assert!(dv < 1e-9, "s = {s}: velocity error {dv} m/s");
        }
    }

    #[test]
    fn hermite_is_not_exact_for_a_quartic() {
        // Guards the test above against a tautology: a quartic term must show up.
        let quartic = |t: f64| Vector3::new(t.powi(4), 0.0, 0.0);
        let d_quartic = |t: f64| Vector3::new(4.0 * t.powi(3), 0.0, 0.0);
        let a = EcefState {
            position: Position::from_vector(quartic(0.0)),
            velocity: Velocity::from_vector(d_quartic(0.0)),
        };
        let b = EcefState {
            position: Position::from_vector(quartic(1.0)),
            velocity: Velocity::from_vector(d_quartic(1.0)),
        };
        let mid = EcefState::hermite(&a, &b, 1.0, 0.5);
        assert!((mid.position.metres().x - 0.0625).abs() > 1e-3);
    }

    #[test]
    fn zero_step_interpolates_linearly() {
        let (a, b) = (state(0.0), state(1.0));
        let m = EcefState::hermite(&a, &b, 0.0, 0.5);
        let want = (a.position.metres() + b.position.metres()) * 0.5;
        assert!((m.position.metres() - want).norm() < 1e-6);
        assert!(m.is_finite());
    }

    proptest! {
        #[test]
        fn fast_height_matches_iterative_geodetic(
            lat in -90.0..90.0f64, lon in -180.0..180.0f64, h in -5_000.0..1_500_000.0f64,
        ) {
            let p = Geodetic::from_degrees(lat, lon, h).to_ecef();
            let fast = ellipsoidal_height_m(p.metres());
            let slow = Geodetic::from_ecef(&p).height_m();
            prop_assert!((fast - h).abs() < 1e-4, "fast {} vs {}", fast, h);
            prop_assert!((fast - slow).abs() < 1e-4, "fast {} vs iterative {}", fast, slow);
        }
    }

    proptest! {
        #[test]
        fn approximate_height_is_within_its_documented_bound(
            lat in -90.0..90.0f64, lon in -180.0..180.0f64, h in -5_000.0..1_500_000.0f64,
        ) {
            let p = Geodetic::from_degrees(lat, lon, h).to_ecef();
            let approx = approximate_height_m(p.metres());
            prop_assert!((approx - h).abs() <= 6e-6 * h.abs() + 1e-3, "approx {} vs {}", approx, h);
        }
    }

    #[test]
    fn height_at_the_centre_is_finite() {
        assert!(approximate_height_m(&Vector3::zeros()).is_finite());
        assert!(ellipsoidal_height_m(&Vector3::zeros()).is_finite());
    }
}
