//! Frames as types: a point in ECEF cannot be added to a point in a site's ENU frame, and
//! two points cannot be added at all.
//!
//! - [`Position`] is a point; [`Displacement`] is the vector between two points;
//!   `Position − Position = Displacement`, `Position + Displacement = Position`.
//! - [`Velocity`] and [`Acceleration`] are vectors in a frame.
//!
//! The frames are [`Ecef`] (WGS-84 Earth-centred, Earth-fixed) and [`Enu`] (east, north,
//! up at a site; built by [`crate::geodesy::EnuFrame`], which states its origin). All
//! components are SI: metres, metres per second, metres per second squared.
//!
//! This is a small typed design on nalgebra in the spirit of the `sguaba` crate. We do not
//! use `sguaba` itself because tdome's local frames are runtime data (every radar and
//! battery in a scenario file has its own site), whereas `sguaba` makes each frame a
//! compile-time type whose construction must be asserted with `unsafe`; and our filters
//! need the raw nalgebra vectors anyway. `sguaba` is used in the tests as an independent
//! reference.

use nalgebra::Vector3;
use std::fmt::Debug;
use std::marker::PhantomData;
use std::ops::{Add, AddAssign, Mul, Neg, Sub};

use crate::units::{Length, Speed};

/// A coordinate frame, as a type-level marker.
pub trait Frame: Copy + Clone + Debug + PartialEq + Default + 'static {
    /// A short name for messages.
    const NAME: &'static str;
}

/// WGS-84 Earth-centred, Earth-fixed: x through (0°N, 0°E), z through the north pole,
/// rotating with the Earth.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Ecef;
impl Frame for Ecef {
    const NAME: &'static str = "ECEF";
}

/// Local east-north-up at a site: x east, y north, z along the ellipsoid normal. Which
/// site is known by the [`crate::geodesy::EnuFrame`] that produced the value.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Enu;
impl Frame for Enu {
    const NAME: &'static str = "ENU";
}

macro_rules! frame_vector {
    ($(#[$meta:meta])* $name:ident, $unit:literal, $ctor:ident, $get:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent, bound = "")]
        pub struct $name<F: Frame> {
            v: Vector3<f64>,
            #[serde(skip)]
            frame: PhantomData<F>,
        }

        impl<F: Frame> $name<F> {
            #[doc = concat!("From components in ", $unit, ".")]
            pub fn $ctor(x: f64, y: f64, z: f64) -> Self {
                Self::from_vector(Vector3::new(x, y, z))
            }
            #[doc = concat!("From a vector of components in ", $unit, ".")]
            pub fn from_vector(v: Vector3<f64>) -> Self {
                Self { v, frame: PhantomData }
            }
            #[doc = concat!("The components in ", $unit, ".")]
            pub fn $get(&self) -> &Vector3<f64> {
                &self.v
            }
            /// True when every component is finite.
            pub fn is_finite(&self) -> bool {
                self.v.iter().all(|c| c.is_finite())
            }
        }
    };
}

frame_vector!(
    /// A point in frame `F`, in metres.
    Position, "metres", from_metres, metres
);
frame_vector!(
    /// The vector from one point to another in frame `F`, in metres.
    Displacement, "metres", from_metres, metres
);
frame_vector!(
    /// A velocity in frame `F`, in metres per second.
    Velocity, "metres per second", from_mps, mps
);
frame_vector!(
    /// An acceleration in frame `F`, in metres per second squared.
    Acceleration, "metres per second squared", from_mps2, mps2
);

impl<F: Frame> Position<F> {
    /// The straight-line distance to another point.
    pub fn distance_to(&self, other: &Position<F>) -> Length {
        Length::metres((self.v - other.v).norm())
    }
}

impl<F: Frame> Displacement<F> {
    /// The length of the displacement.
    pub fn norm(&self) -> Length {
        Length::metres(self.v.norm())
    }
}

impl<F: Frame> Velocity<F> {
    /// The speed (magnitude of the velocity).
    pub fn speed(&self) -> Speed {
        Speed::metres_per_second(self.v.norm())
    }
    /// The displacement covered in `seconds` at this velocity.
    pub fn over_seconds(&self, seconds: f64) -> Displacement<F> {
        Displacement::from_vector(self.v * seconds)
    }
}

impl<F: Frame> Sub for Position<F> {
    type Output = Displacement<F>;
    fn sub(self, o: Position<F>) -> Displacement<F> {
        Displacement::from_vector(self.v - o.v)
    }
}
impl<F: Frame> Add<Displacement<F>> for Position<F> {
    type Output = Position<F>;
    fn add(self, d: Displacement<F>) -> Position<F> {
        Position::from_vector(self.v + d.v)
    }
}
impl<F: Frame> AddAssign<Displacement<F>> for Position<F> {
    fn add_assign(&mut self, d: Displacement<F>) {
        self.v += d.v;
    }
}
impl<F: Frame> Sub<Displacement<F>> for Position<F> {
    type Output = Position<F>;
    fn sub(self, d: Displacement<F>) -> Position<F> {
        Position::from_vector(self.v - d.v)
    }
}

macro_rules! vector_space {
    ($name:ident) => {
        impl<F: Frame> Add for $name<F> {
            type Output = $name<F>;
            fn add(self, o: $name<F>) -> $name<F> {
                $name::from_vector(self.v + o.v)
            }
        }
        impl<F: Frame> Sub for $name<F> {
            type Output = $name<F>;
            fn sub(self, o: $name<F>) -> $name<F> {
                $name::from_vector(self.v - o.v)
            }
        }
        impl<F: Frame> Neg for $name<F> {
            type Output = $name<F>;
            fn neg(self) -> $name<F> {
                $name::from_vector(-self.v)
            }
        }
        impl<F: Frame> Mul<f64> for $name<F> {
            type Output = $name<F>;
            fn mul(self, k: f64) -> $name<F> {
                $name::from_vector(self.v * k)
            }
        }
    };
}
vector_space!(Displacement);
vector_space!(Velocity);
vector_space!(Acceleration);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_minus_point_is_a_vector() {
        let a = Position::<Ecef>::from_metres(1.0, 2.0, 3.0);
        let b = Position::<Ecef>::from_metres(4.0, 6.0, 3.0);
        let d = b - a;
        assert_eq!(d.norm().si(), 5.0);
        assert_eq!(a + d, b);
        assert_eq!(a.distance_to(&b).si(), 5.0);
    }
}
