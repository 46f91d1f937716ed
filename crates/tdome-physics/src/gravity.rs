//! Gravity in the rotating ECEF frame.
//!
//! - [`effective_gravity`]: WGS-84 GM point mass plus the J2 zonal term, plus the
//!   centrifugal acceleration of the rotating frame. This is what a body at rest on the
//!   Earth feels, and what the integrators use.
//! - [`coriolis`]: −2ω×v for a body moving relative to the Earth.
//! - [`normal_gravity`]: the WGS-84 normal gravity formula (Somigliana), the reference the
//!   J2 model is validated against.
//!
//! Constants: NIMA TR8350.2, 3rd ed. (2000), tables 3.1–3.4; J2 from the EGM96
//! normalised C̄₂,₀ (J2 = −√5 C̄₂,₀).

use nalgebra::Vector3;
use tdome_core::geodesy::{WGS84_A, WGS84_B, WGS84_E2, WGS84_F, WGS84_GM, WGS84_OMEGA};
use tdome_core::{Acceleration, Angle, Ecef, Length, Position, Velocity};

/// Second zonal harmonic J2 (dimensionless), from the WGS-84 EGM96 C̄₂,₀
/// (NIMA TR8350.2 §5: J2 = −√5 · C̄₂,₀ = 1.082 629 989 05 × 10⁻³).
pub const J2: f64 = 1.082_629_989_05e-3;

/// Theoretical normal gravity at the equator γ_e, m/s² (TR8350.2 table 3.4).
pub const GAMMA_EQUATOR: f64 = 9.780_325_335_9;
/// Theoretical normal gravity at the poles γ_p, m/s² (TR8350.2 table 3.4).
pub const GAMMA_POLE: f64 = 9.832_184_937_8;
/// Somigliana's constant k = b γ_p / (a γ_e) − 1 (TR8350.2 table 3.4).
pub const SOMIGLIANA_K: f64 = 0.001_931_852_652_41;

/// Effective gravity (point mass + J2 + centrifugal) on raw ECEF components, m/s².
#[inline]
pub fn effective_gravity_vector(r: &Vector3<f64>) -> Vector3<f64> {
    let r2 = r.norm_squared();
    if r2 == 0.0 {
        // The centre of the Earth: gravitation is undefined; return no acceleration
        // rather than NaN so that a corrupt state cannot poison arithmetic downstream.
        return Vector3::zeros();
    }
    let rn = r2.sqrt();
    let k = WGS84_GM / (r2 * rn);
    let q = 1.5 * J2 * WGS84_A * WGS84_A / r2;
    let zz = 5.0 * r.z * r.z / r2;
    let horizontal = -k * (1.0 + q * (1.0 - zz)) + WGS84_OMEGA * WGS84_OMEGA;
    Vector3::new(
        horizontal * r.x,
        horizontal * r.y,
        -k * r.z * (1.0 + q * (3.0 - zz)),
    )
}

/// Coriolis acceleration −2ω×v on raw ECEF components, ω along +z.
#[inline]
pub fn coriolis_vector(v: &Vector3<f64>) -> Vector3<f64> {
    let w2 = 2.0 * WGS84_OMEGA;
    Vector3::new(w2 * v.y, -w2 * v.x, 0.0)
}

/// Effective gravity in the rotating ECEF frame at `p`: WGS-84 point-mass plus J2
/// gravitation, plus centrifugal acceleration.
///
/// The gravitational part is the gradient of U = −(GM/r)[1 − J2 (a/r)² P₂(z/r)]; the
/// centrifugal part is ω²(x, y, 0). At the Earth's centre (undefined) it returns zero.
/// On the ellipsoid it matches WGS-84 normal gravity to about 1e-5 in magnitude and a few
/// microradians in direction (the difference is J4 and higher; see the tests).
pub fn effective_gravity(p: &Position<Ecef>) -> Acceleration<Ecef> {
    Acceleration::from_vector(effective_gravity_vector(p.metres()))
}

/// Coriolis acceleration −2 ω × v of a body moving with ECEF velocity `v`.
pub fn coriolis(v: &Velocity<Ecef>) -> Acceleration<Ecef> {
    Acceleration::from_vector(coriolis_vector(v.mps()))
}

/// WGS-84 normal gravity magnitude, m/s², at geodetic latitude and ellipsoidal height
/// (Somigliana's closed form with the second-order height correction, NIMA TR8350.2 §4).
///
/// γ(φ) = γ_e (1 + k sin²φ) / √(1 − e² sin²φ), and
/// γ_h = γ [1 − (2/a)(1 + f + m − 2f sin²φ) h + (3/a²) h²] with m = ω²a²b/GM
/// (TR8350.2 eqs. 4-1 and 4-3). The height series is meant for heights of tens of
/// kilometres at most.
pub fn normal_gravity(latitude: Angle, height: Length) -> f64 {
    let s2 = latitude.sin().powi(2);
    let gamma = GAMMA_EQUATOR * (1.0 + SOMIGLIANA_K * s2) / (1.0 - WGS84_E2 * s2).sqrt();
    let m = WGS84_OMEGA * WGS84_OMEGA * WGS84_A * WGS84_A * WGS84_B / WGS84_GM;
    let h = height.si();
    gamma
        * (1.0 - 2.0 / WGS84_A * (1.0 + WGS84_F + m - 2.0 * WGS84_F * s2) * h
            + 3.0 * h * h / (WGS84_A * WGS84_A))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_gravity_at_equator_and_pole_are_the_defining_constants() {
        let eq = normal_gravity(Angle::degrees(0.0), Length::ZERO);
        let pole = normal_gravity(Angle::degrees(90.0), Length::ZERO);
        assert!((eq - GAMMA_EQUATOR).abs() < 1e-12);
        // Somigliana's k is defined so that the formula returns γ_p at the pole.
        assert!((pole - GAMMA_POLE).abs() < 1e-9, "{pole}");
    }

    #[test]
    fn normal_gravity_falls_about_3_microgal_per_cm_with_height() {
        // Free-air gradient ≈ 0.3086 mGal/m = 3.086e-6 s⁻² near mid latitudes.
        let g0 = normal_gravity(Angle::degrees(45.0), Length::ZERO);
        let g1 = normal_gravity(Angle::degrees(45.0), Length::metres(1000.0));
        let gradient = (g0 - g1) / 1000.0;
        assert!((gradient - 3.086e-6).abs() < 0.01e-6, "{gradient}");
    }

    #[test]
    fn coriolis_is_perpendicular_and_deflects_eastward_motion_towards_the_equator() {
        // At 45°N a body moving east (in ECEF at lon 0: +y) is pushed away from the axis.
        let v = Velocity::<Ecef>::from_mps(0.0, 100.0, 0.0);
        let a = coriolis(&v);
        assert!(a.mps2().dot(v.mps()).abs() < 1e-15);
        assert!(a.mps2().x > 0.0);
        assert!((a.mps2().norm() - 2.0 * WGS84_OMEGA * 100.0).abs() < 1e-15);
    }

    #[test]
    fn centre_of_the_earth_gives_no_nan() {
        assert!(effective_gravity(&Position::from_metres(0.0, 0.0, 0.0)).is_finite());
    }
}
