//! How the air dims a laser beam: extinction from the meteorological visibility.
//!
//! The visibility V is the distance at which a black object's contrast against the sky
//! falls to 2 % at 0.55 µm (Koschmieder), so the extinction there is ln(50) / V =
//! 3.912 / V. At another wavelength λ the aerosol extinction scales as (λ / 0.55 µm)^−q:
//! Kruse, McGlauchlin & McQuistan (1962) took q = 1.6 above 50 km visibility, 1.3 from 6
//! to 50 km and 0.585·V^(1/3) below 6 km; Kim, McArthur & Korevaar (2001, "Comparison
//! of laser beam propagation at 785 nm and 1550 nm in fog and haze", Proc. SPIE 4214)
//! replaced the low-visibility branch with q = 0.16·V + 0.34 (1 to 6 km), V − 0.5 (0.5 to
//! 1 km) and 0 below 0.5 km (fog dims every near-infrared wavelength alike). This is
//! that model; molecular absorption lines are not modelled (the wavelengths lasers use
//! sit in windows where aerosols dominate).

use tdome_core::Length;

/// The visibility of clear air, "standard clear" in the optics literature (the same
/// 23 km as MODTRAN's rural aerosol default): the weather laser dwell figures are quoted
/// in.
pub const CLEAR_AIR_VISIBILITY_KM: f64 = 23.0;

/// The wavelength the visibility is defined at, micrometres.
const VISIBILITY_WAVELENGTH_UM: f64 = 0.55;

/// ln(1 / 0.02): extinction times visibility at 0.55 µm (Koschmieder's 2 % contrast).
const KOSCHMIEDER: f64 = 3.912;

/// The size-distribution exponent q of the Kim (2001) model at visibility `v_km`.
fn q_of(v_km: f64) -> f64 {
    if v_km > 50.0 {
        1.6
    } else if v_km > 6.0 {
        1.3
    } else if v_km > 1.0 {
        0.16 * v_km + 0.34
    } else if v_km > 0.5 {
        v_km - 0.5
    } else {
        0.0
    }
}

/// Aerosol extinction coefficient per metre at `wavelength_um` micrometres for the
/// meteorological `visibility` (positive; a beam's transmission over R metres is
/// e^(−αR)).
pub fn aerosol_extinction_per_m(visibility: Length, wavelength_um: f64) -> f64 {
    let v_km = visibility.as_km();
    let q = q_of(v_km);
    KOSCHMIEDER / visibility.si() * (wavelength_um / VISIBILITY_WAVELENGTH_UM).powf(-q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_visibility_wavelength_the_contrast_falls_to_two_percent_at_the_visibility() {
        for v in [0.2, 0.8, 3.0, 10.0, 23.0, 80.0] {
            let a = aerosol_extinction_per_m(Length::km(v), 0.55);
            let contrast = (-a * v * 1000.0).exp();
            assert!((contrast - 0.02).abs() < 1e-4, "{v} km: {contrast}");
        }
    }

    #[test]
    fn the_exponent_follows_kim_2001_branch_by_branch() {
        // Hand-worked: V = 23 km, λ = 1.07 µm: 3.912/23 km × (1.07/0.55)^−1.3.
        let a = aerosol_extinction_per_m(Length::km(23.0), 1.07);
        let by_hand = 3.912 / 23_000.0 * (1.07_f64 / 0.55).powf(-1.3);
        assert!((a - by_hand).abs() < 1e-15);
        assert!((a * 1000.0 - 0.0714).abs() < 5e-4, "{}", a * 1000.0);
        // The branches meet where Kim made them meet: q(6) = 1.3, q(1) = 0.5, q(0.5) = 0.
        assert!((q_of(6.0) - 1.3).abs() < 1e-12 && (q_of(6.0 + 1e-9) - 1.3).abs() < 1e-12);
        assert!((q_of(1.0) - 0.5).abs() < 1e-12 && (q_of(1.0 + 1e-9) - 0.5).abs() < 1e-6);
        assert_eq!(q_of(0.4), 0.0);
        // In fog every wavelength is dimmed alike.
        let fog = Length::km(0.3);
        assert_eq!(
            aerosol_extinction_per_m(fog, 1.07),
            aerosol_extinction_per_m(fog, 10.6)
        );
        // Longer waves pass haze better.
        assert!(
            aerosol_extinction_per_m(Length::km(10.0), 1.55)
                < aerosol_extinction_per_m(Length::km(10.0), 1.07)
        );
    }
}
