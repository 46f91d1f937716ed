//! WGS-84 effective gravity (J2 + centrifugal) against the WGS-84 normal gravity formula.
//!
//! Reference: NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed.,
//! §4 (normal gravity, Somigliana's formula) and table 3.5 (the normal field's C̄₄,₀).

use tdome_core::geodesy::{WGS84_A, WGS84_B};
use tdome_core::{EnuFrame, Geodetic, Length};
use tdome_physics::gravity::{effective_gravity, normal_gravity};

/// On the ellipsoid, the J2 + centrifugal field agrees with normal gravity to the size
/// of the J4 term, which normal gravity contains and our model does not. Measured over
/// latitudes −90..90 (1° steps, three longitudes): max relative magnitude difference
/// 1.20e-5 and max direction difference 6.3 µrad.
#[test]
fn val_tr8350_effective_gravity_matches_normal_gravity_on_the_ellipsoid() {
    let mut worst_magnitude: f64 = 0.0;
    let mut worst_angle: f64 = 0.0;
    for lat in -90..=90 {
        for lon in [0.0, 121.5, -75.0] {
            let site = Geodetic::from_degrees(lat as f64, lon, 0.0);
            let g = effective_gravity(&site.to_ecef());
            let want = normal_gravity(site.latitude, Length::ZERO);
            let magnitude = g.mps2().norm();
            worst_magnitude = worst_magnitude.max((magnitude / want - 1.0).abs());
            let down = -EnuFrame::at(site).up();
            let cos = (g.mps2().dot(&down) / magnitude).clamp(-1.0, 1.0);
            worst_angle = worst_angle.max(cos.acos());
        }
    }
    println!("max |Δg|/g = {worst_magnitude:.2e}, max direction error = {worst_angle:.2e} rad");
    assert!(
        worst_magnitude < 1.3e-5,
        "magnitude differs by {worst_magnitude:.2e}"
    );
    assert!(
        worst_angle < 7e-6,
        "direction differs by {worst_angle:.2e} rad"
    );
}

/// The residual is the J4 term: at the pole, normal gravity exceeds a J2-only field by
/// 5|J4|(a/b)⁴ of itself, with the WGS-84 ellipsoid's J4 = −3 C̄₄,₀ = −2.370 912e-6
/// (TR8350.2 table 3.5, normal-field C̄₄,₀ = 0.790 304 07e-6).
#[test]
fn val_tr8350_residual_at_the_pole_is_the_j4_term() {
    const J4: f64 = -2.370_912_22e-6;
    let pole = Geodetic::from_degrees(90.0, 0.0, 0.0);
    let g = effective_gravity(&pole.to_ecef()).mps2().norm();
    let residual = g / normal_gravity(pole.latitude, Length::ZERO) - 1.0;
    let predicted = -5.0 * J4.abs() * (WGS84_A / WGS84_B).powi(4);
    assert!(
        (residual / predicted - 1.0).abs() < 0.05,
        "residual {residual:.3e} vs J4 {predicted:.3e}"
    );
}
