//! Entity orientation as DIS carries it: Euler angles ψ, θ, φ of the body axes relative
//! to the world (ECEF) axes (IEEE 1278.1-2012, 6.2.32 and 1.6.3).
//!
//! The body is taken from rotating the ECEF axes about z by ψ, then about the new y by
//! θ, then about the new x by φ. Its x axis (the nose) is then
//! `(cos θ cos ψ, cos θ sin ψ, −sin θ)`, so for a nose along a unit vector `d`:
//! `ψ = atan2(d_y, d_x)` and `θ = atan2(−d_z, √(d_x² + d_y²))`.
//! tdome's objects have no roll of their own, so φ is chosen wings-level: the body y
//! axis horizontal (perpendicular to the local up `u`) and the body z axis pointing
//! down. With `y₀`, `z₀` the y and z axes after ψ and θ only, the roll gives
//! `y = cos φ y₀ + sin φ z₀` and `z = −sin φ y₀ + cos φ z₀`; `y·u = 0` with `z·u < 0`
//! holds for `φ = atan2(y₀·u, −z₀·u)`.

use nalgebra::{Rotation3, Vector3};
use tdome_core::frames::{Ecef, Position, Velocity};
use tdome_core::{Angle, Geodetic};

/// DIS Euler angles of an entity, radians, relative to the ECEF axes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EulerAngles {
    /// Rotation about the ECEF z axis, first.
    pub psi: Angle,
    /// Rotation about the once-rotated y axis, second.
    pub theta: Angle,
    /// Rotation about the body x axis, last.
    pub phi: Angle,
}

impl EulerAngles {
    /// The rotation that takes body axes to ECEF axes (its columns are the body's x, y
    /// and z axes in ECEF).
    pub fn body_to_ecef(&self) -> Rotation3<f64> {
        // nalgebra's (roll, pitch, yaw) are applied about x, then y, then z of the fixed
        // frame, the same rotation as DIS's z, y', x'' about the moving axes.
        Rotation3::from_euler_angles(self.phi.si(), self.theta.si(), self.psi.si())
    }

    /// The angle of the smallest rotation from `self` to `other`.
    pub fn angle_to(&self, other: &EulerAngles) -> Angle {
        let between = self.body_to_ecef().inverse() * other.body_to_ecef();
        Angle::radians(between.angle())
    }
}

/// The orientation of an object at `position` flying along `velocity`, nose on the
/// velocity and wings level; `None` when the velocity is zero or not finite (no
/// direction to point along).
pub fn along_velocity(position: &Position<Ecef>, velocity: &Velocity<Ecef>) -> Option<EulerAngles> {
    let v = velocity.mps();
    let speed = v.norm();
    if !(speed.is_finite() && speed > 0.0 && position.is_finite()) {
        return None;
    }
    let d = v / speed;
    let psi = d.y.atan2(d.x);
    let theta = (-d.z).atan2(d.x.hypot(d.y));
    let up = local_up(position);
    let (sp, cp) = psi.sin_cos();
    let (st, ct) = theta.sin_cos();
    let y0 = Vector3::new(-sp, cp, 0.0);
    let z0 = Vector3::new(st * cp, st * sp, ct);
    // Straight up or down there is no "level": atan2(0, 0) = 0 takes the roll as zero.
    let phi = y0.dot(&up).atan2(-z0.dot(&up));
    Some(EulerAngles {
        psi: Angle::radians(psi),
        theta: Angle::radians(theta),
        phi: Angle::radians(phi),
    })
}

/// The unit normal to the WGS-84 ellipsoid at `position` (geodetic up).
fn local_up(position: &Position<Ecef>) -> Vector3<f64> {
    let g = Geodetic::from_ecef(position);
    let (slat, clat) = g.latitude.si().sin_cos();
    let (slon, clon) = g.longitude.si().sin_cos();
    Vector3::new(clat * clon, clat * slon, slat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn degrees(e: &EulerAngles) -> [f64; 3] {
        [e.psi.as_degrees(), e.theta.as_degrees(), e.phi.as_degrees()]
    }

    fn close(a: [f64; 3], b: [f64; 3]) -> bool {
        a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn level_flight_east_on_the_equator_has_the_textbook_angles() {
        // At 0°N 0°E, east is ECEF +y and up is +x: the nose turns 90° about z, no
        // pitch, and the body z (down) must be −x, a roll of −90°.
        let p = Geodetic::from_degrees(0.0, 0.0, 1000.0).to_ecef();
        let e = along_velocity(&p, &Velocity::from_mps(0.0, 250.0, 0.0)).expect("moving");
        assert!(close(degrees(&e), [90.0, 0.0, -90.0]), "{:?}", degrees(&e));
        // At 0°N 90°E, east is ECEF −x and up is +y.
        let p = Geodetic::from_degrees(0.0, 90.0, 1000.0).to_ecef();
        let e = along_velocity(&p, &Velocity::from_mps(-250.0, 0.0, 0.0)).expect("moving");
        assert!(close(degrees(&e), [180.0, 0.0, -90.0]), "{:?}", degrees(&e));
    }

    #[test]
    fn flight_north_and_climbs_have_the_closed_form_angles() {
        // At 0°N 0°E flying north (ECEF +z) level: the nose is pitched −90° from the
        // ECEF x-y plane and the body z (down, −x) needs no roll.
        let p = Geodetic::from_degrees(0.0, 0.0, 0.0).to_ecef();
        let e = along_velocity(&p, &Velocity::from_mps(0.0, 0.0, 100.0)).expect("moving");
        assert!(close(degrees(&e), [0.0, -90.0, 0.0]), "{:?}", degrees(&e));
        // Climbing at 30° towards the east at 0°N 0°E: the nose is
        // (sin 30°, cos 30°, 0); ψ = atan2(cos 30°, sin 30°) = 60°, θ = 0, and the wings
        // stay level with a roll of −90°.
        let (s, c) = 30f64.to_radians().sin_cos();
        let e = along_velocity(&p, &Velocity::from_mps(s, c, 0.0)).expect("moving");
        assert!(close(degrees(&e), [60.0, 0.0, -90.0]), "{:?}", degrees(&e));
    }

    #[test]
    fn no_direction_gives_no_orientation() {
        let p = Geodetic::from_degrees(10.0, 20.0, 0.0).to_ecef();
        assert_eq!(along_velocity(&p, &Velocity::from_mps(0.0, 0.0, 0.0)), None);
        assert_eq!(
            along_velocity(&p, &Velocity::from_mps(f64::NAN, 0.0, 0.0)),
            None
        );
    }

    #[test]
    fn angle_between_orientations_is_the_rotation_between_them() {
        let p = Geodetic::from_degrees(24.0, 121.0, 5000.0).to_ecef();
        let a = along_velocity(&p, &Velocity::from_mps(100.0, 0.0, 0.0)).expect("moving");
        let b = along_velocity(
            &p,
            &Velocity::from_mps(100.0, 100.0 * 5f64.to_radians().tan(), 0.0),
        )
        .expect("moving");
        assert!(a.angle_to(&a).si().abs() < 1e-12);
        // Not exactly 5°: the roll that keeps the wings level changes too.
        let angle = a.angle_to(&b).as_degrees();
        assert!((5.0..6.0).contains(&angle), "{angle}");
    }

    proptest! {
        #[test]
        fn the_body_axes_are_nose_on_velocity_and_wings_level(
            lat in -89.0f64..89.0,
            lon in -180.0f64..180.0,
            h in 0.0f64..100_000.0,
            heading in 0.0f64..360.0,
            pitch in -85.0f64..85.0,
        ) {
            let g = Geodetic::from_degrees(lat, lon, h);
            let frame = tdome_core::EnuFrame::at(g);
            let (sh, ch) = heading.to_radians().sin_cos();
            let (sp, cp) = pitch.to_radians().sin_cos();
            let enu = Velocity::<tdome_core::Enu>::from_mps(cp * sh, cp * ch, sp);
            let v = frame.velocity_to_ecef(&enu);
            let e = along_velocity(&g.to_ecef(), &v).expect("moving");
            let r = e.body_to_ecef();
            let up = local_up(&g.to_ecef());
            let nose = r * Vector3::x();
            prop_assert!((nose - v.mps().normalize()).norm() < 1e-9);
            prop_assert!((r * Vector3::y()).dot(&up).abs() < 1e-9);
            // The body z (down) is as far below the horizon as the nose is pitched from it.
            prop_assert!(((r * Vector3::z()).dot(&up) + cp).abs() < 1e-9);
        }
    }
}
