//! Kill probability against miss distance: the circular Carleton damage function.

use tdome_core::{Length, Probability};

/// Kill probability of a warhead (or a hit-to-kill body) against miss distance d:
///
///   P_k(d) = P_k0 · exp(−d² / (2σ_L²)),   σ_L = R_L / √2
///
/// This is the circular **Carleton damage function**, D(r) = exp(−π r² / A_L), the
/// standard smooth damage function of weaponeering (M. R. Driels, *Weaponeering:
/// Conventional Weapon System Effectiveness*, AIAA, 2004, ch. on damage functions), with
/// the lethal area A_L written as 2πσ_L². The **lethal radius** R_L is the radius of the
/// cookie-cutter (P_k0 inside, 0 outside) with the same lethal area, πR_L² = A_L, hence
/// σ_L = R_L/√2: the two models give the same expected kills against a miss spread wide
/// compared with R_L. P_k0 is the kill probability of a direct hit (the fuze and warhead's
/// reliability and the target's hardness).
///
/// Hit-to-kill interceptors (PAC-3, Arrow 3, THAAD) have an R_L of the order of a metre;
/// blast-fragmentation ones with a proximity fuze (Tamir, Tien Kung) of the order of ten
/// metres (notional, public descriptions).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CarletonDamage {
    pk_direct_hit: Probability,
    lethal_radius: Length,
}

/// A damage function that cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum LethalityError {
    /// The lethal radius must be finite and positive.
    #[error("lethal radius must be finite and positive, got {0} m")]
    LethalRadius(f64),
}

impl CarletonDamage {
    /// A damage function with kill probability `pk_direct_hit` at zero miss and lethal
    /// radius `lethal_radius` (equal-area cookie-cutter radius, finite and positive).
    pub fn new(pk_direct_hit: Probability, lethal_radius: Length) -> Result<Self, LethalityError> {
        let r = lethal_radius.si();
        if !(r.is_finite() && r > 0.0) {
            return Err(LethalityError::LethalRadius(r));
        }
        Ok(CarletonDamage {
            pk_direct_hit,
            lethal_radius,
        })
    }

    /// P_k at zero miss.
    pub fn pk_direct_hit(&self) -> Probability {
        self.pk_direct_hit
    }

    /// The lethal radius R_L.
    pub fn lethal_radius(&self) -> Length {
        self.lethal_radius
    }

    /// The Gaussian width σ_L = R_L / √2.
    pub fn sigma(&self) -> Length {
        self.lethal_radius / std::f64::consts::SQRT_2
    }

    /// The lethal area A_L = π R_L², m²: the integral of P_k / P_k0 over the miss plane.
    pub fn lethal_area_m2(&self) -> f64 {
        std::f64::consts::PI * self.lethal_radius.si().powi(2)
    }

    /// P_k at miss distance `miss` (its magnitude is used). A NaN miss gives zero: no
    /// credit for an engagement whose geometry is unknown.
    pub fn kill_probability(&self, miss: Length) -> Probability {
        let d = miss.si();
        if d.is_nan() {
            return Probability::ZERO;
        }
        let x = d / self.lethal_radius.si();
        // exp(−d²/(2σ²)) with 2σ² = R_L².
        let p = self.pk_direct_hit.value() * (-x * x).exp();
        // In [0, P_k0] by construction; the fallback is unreachable.
        Probability::new(p).unwrap_or(Probability::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blast() -> CarletonDamage {
        CarletonDamage::new(Probability::new(0.9).unwrap(), Length::metres(8.0)).unwrap()
    }

    #[test]
    fn direct_hit_and_one_sigma() {
        let d = blast();
        assert_eq!(d.kill_probability(Length::ZERO).value(), 0.9);
        // At one σ the Gaussian is e^(−1/2) of its peak.
        let p = d.kill_probability(d.sigma()).value();
        assert!((p - 0.9 * (-0.5f64).exp()).abs() < 1e-15, "{p}");
        assert_eq!(
            d.kill_probability(-d.sigma()),
            d.kill_probability(d.sigma())
        );
        assert_eq!(
            d.kill_probability(Length::metres(f64::NAN)),
            Probability::ZERO
        );
        assert_eq!(
            d.kill_probability(Length::metres(f64::INFINITY)),
            Probability::ZERO
        );
    }

    /// The defining property of the lethal radius: ∫ P_k dA over the plane equals P_k0
    /// times the cookie-cutter's area πR_L² (midpoint rule in polar rings out to 8 R_L).
    #[test]
    fn lethal_area_equals_the_equal_area_cookie_cutter() {
        let d = blast();
        let (rings, r_max) = (20_000, 8.0 * d.lethal_radius().si());
        let dr = r_max / rings as f64;
        let integral: f64 = (0..rings)
            .map(|i| {
                let r = (i as f64 + 0.5) * dr;
                d.kill_probability(Length::metres(r)).value() * 2.0 * std::f64::consts::PI * r * dr
            })
            .sum();
        let expected = 0.9 * d.lethal_area_m2();
        assert!(
            (integral / expected - 1.0).abs() < 1e-6,
            "{integral} vs {expected}"
        );
    }

    #[test]
    fn monotone_in_miss() {
        let d = blast();
        let mut last = 1.0;
        for i in 0..200 {
            let p = d.kill_probability(Length::metres(i as f64 * 0.25)).value();
            assert!(p <= last);
            last = p;
        }
    }

    #[test]
    fn bad_radius_is_an_error() {
        let p = Probability::ONE;
        for r in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(
                    CarletonDamage::new(p, Length::metres(r)),
                    Err(LethalityError::LethalRadius(_))
                ),
                "{r}"
            );
        }
    }
}
