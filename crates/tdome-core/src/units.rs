//! Physical quantities as types, stored in SI.
//!
//! Hand-written rather than `uom`: tdome needs a handful of scalar quantities at its
//! public seams, while the numerics inside filters and integrators run on plain nalgebra
//! vectors. `uom`'s generic quantities would cost compile time and readability across
//! every signature for little gain at those few seams. Each type stores SI and names its
//! unit in every constructor and accessor.

use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

macro_rules! quantity {
    ($(#[$meta:meta])* $name:ident, $si:ident, $unit:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(f64);

        impl $name {
            /// Zero of this quantity.
            pub const ZERO: $name = $name(0.0);

            #[doc = concat!("From a value in ", $unit, ".")]
            pub const fn $si(value: f64) -> Self {
                $name(value)
            }

            #[doc = concat!("The value in ", $unit, ".")]
            pub const fn si(self) -> f64 {
                self.0
            }

            /// Absolute value.
            pub fn abs(self) -> Self {
                $name(self.0.abs())
            }

            /// True when the value is neither infinite nor NaN.
            pub fn is_finite(self) -> bool {
                self.0.is_finite()
            }

            /// The smaller of two values.
            pub fn min(self, other: Self) -> Self {
                $name(self.0.min(other.0))
            }

            /// The larger of two values.
            pub fn max(self, other: Self) -> Self {
                $name(self.0.max(other.0))
            }
        }

        impl Add for $name {
            type Output = $name;
            fn add(self, o: $name) -> $name {
                $name(self.0 + o.0)
            }
        }
        impl AddAssign for $name {
            fn add_assign(&mut self, o: $name) {
                self.0 += o.0;
            }
        }
        impl Sub for $name {
            type Output = $name;
            fn sub(self, o: $name) -> $name {
                $name(self.0 - o.0)
            }
        }
        impl SubAssign for $name {
            fn sub_assign(&mut self, o: $name) {
                self.0 -= o.0;
            }
        }
        impl Neg for $name {
            type Output = $name;
            fn neg(self) -> $name {
                $name(-self.0)
            }
        }
        impl Mul<f64> for $name {
            type Output = $name;
            fn mul(self, k: f64) -> $name {
                $name(self.0 * k)
            }
        }
        impl Mul<$name> for f64 {
            type Output = $name;
            fn mul(self, q: $name) -> $name {
                $name(self * q.0)
            }
        }
        impl Div<f64> for $name {
            type Output = $name;
            fn div(self, k: f64) -> $name {
                $name(self.0 / k)
            }
        }
        impl Div for $name {
            type Output = f64;
            fn div(self, o: $name) -> f64 {
                self.0 / o.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)?;
                f.write_str(concat!(" ", $unit))
            }
        }
    };
}

quantity!(
    /// A length or distance, stored in metres.
    Length, metres, "m"
);
quantity!(
    /// A speed, stored in metres per second.
    Speed, metres_per_second, "m/s"
);
quantity!(
    /// A mass, stored in kilograms.
    Mass, kilograms, "kg"
);
quantity!(
    /// An amount of money, stored in (notional) US dollars.
    Usd, dollars, "USD"
);
quantity!(
    /// A plane angle, stored in radians. Wrapping is done only by [`Angle::wrap_two_pi`]
    /// and [`Angle::wrap_pi`], the one place angle wrap is handled.
    Angle, radians, "rad"
);

impl Length {
    /// From kilometres.
    pub fn km(value: f64) -> Self {
        Length(value * 1e3)
    }
    /// The value in kilometres.
    pub fn as_km(self) -> f64 {
        self.0 * 1e-3
    }
}

impl Angle {
    /// From degrees.
    pub fn degrees(value: f64) -> Self {
        Angle(value.to_radians())
    }
    /// The value in degrees.
    pub fn as_degrees(self) -> f64 {
        self.0.to_degrees()
    }
    /// Sine.
    pub fn sin(self) -> f64 {
        self.0.sin()
    }
    /// Cosine.
    pub fn cos(self) -> f64 {
        self.0.cos()
    }
    /// The same direction, wrapped into [0, 2π).
    pub fn wrap_two_pi(self) -> Angle {
        Angle(wrap_two_pi(self.0))
    }
    /// The same direction, wrapped into (−π, π].
    pub fn wrap_pi(self) -> Angle {
        Angle(wrap_pi(self.0))
    }
}

/// Wraps radians into [0, 2π). The project's single definition of azimuth wrap.
pub fn wrap_two_pi(rad: f64) -> f64 {
    let tau = std::f64::consts::TAU;
    let w = rad.rem_euclid(tau);
    // rem_euclid can return tau itself for tiny negative inputs after rounding.
    if w >= tau { 0.0 } else { w }
}

/// Wraps radians into (−π, π]. The project's single definition of angle-difference wrap.
pub fn wrap_pi(rad: f64) -> f64 {
    let pi = std::f64::consts::PI;
    let w = pi - (pi - rad).rem_euclid(std::f64::consts::TAU);
    if w <= -pi {
        w + std::f64::consts::TAU
    } else {
        w
    }
}

/// A probability in [0, 1]. Construction checks the range, so a value of this type is
/// always a valid probability.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Probability(f64);

/// The value given was not a probability.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("expected a probability in [0, 1], got {0}")]
pub struct NotAProbability(pub f64);

impl Probability {
    /// Certainty.
    pub const ONE: Probability = Probability(1.0);
    /// Impossibility.
    pub const ZERO: Probability = Probability(0.0);

    /// A probability, if `p` lies in [0, 1].
    pub fn new(p: f64) -> Result<Self, NotAProbability> {
        if (0.0..=1.0).contains(&p) {
            Ok(Probability(p))
        } else {
            Err(NotAProbability(p))
        }
    }

    /// The value in [0, 1].
    pub const fn value(self) -> f64 {
        self.0
    }

    /// The complement, 1 − p.
    pub fn complement(self) -> Probability {
        Probability(1.0 - self.0)
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::f64::consts::{PI, TAU};

    #[test]
    fn wrap_edges() {
        assert_eq!(wrap_two_pi(TAU), 0.0);
        assert_eq!(wrap_two_pi(-1e-300), 0.0);
        assert_eq!(wrap_pi(PI), PI);
        assert_eq!(wrap_pi(-PI), PI);
        assert!((wrap_pi(3.0 * PI) - PI).abs() < 1e-12);
        assert!((wrap_two_pi(-PI / 2.0) - 1.5 * PI).abs() < 1e-15);
    }

    proptest! {
        #[test]
        fn wrap_two_pi_in_range_and_same_direction(x in -1e4..1e4f64) {
            let w = wrap_two_pi(x);
            prop_assert!((0.0..TAU).contains(&w));
            prop_assert!((w.sin() - x.sin()).abs() < 1e-9 && (w.cos() - x.cos()).abs() < 1e-9);
        }

        #[test]
        fn wrap_pi_in_range_and_same_direction(x in -1e4..1e4f64) {
            let w = wrap_pi(x);
            prop_assert!(w > -PI && w <= PI);
            prop_assert!((w.sin() - x.sin()).abs() < 1e-9 && (w.cos() - x.cos()).abs() < 1e-9);
        }
    }

    #[test]
    fn probability_rejects_out_of_range() {
        assert!(Probability::new(1.5).is_err());
        assert!(Probability::new(-0.1).is_err());
        assert!(Probability::new(f64::NAN).is_err());
        assert_eq!(Probability::new(0.25).unwrap().complement().value(), 0.75);
    }

    #[test]
    fn units_convert() {
        assert_eq!(Length::km(1.5).si(), 1500.0);
        assert!((Angle::degrees(180.0).si() - PI).abs() < 1e-15);
        assert_eq!(Length::metres(3.0) / Length::metres(1.5), 2.0);
    }
}
