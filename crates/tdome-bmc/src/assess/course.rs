//! Air-breathing threats (cruise missiles, drones): where the current course passes each
//! defended asset, when, and how likely it is to pass over it.
//!
//! The course is the track's ground track at constant velocity, in the local horizontal
//! plane at the track. For each asset the polygon is laid in that plane and seen from the
//! course: its extent across the course, [a, b] (signed, left positive), and its mean
//! distance along it, s. The threat passes over the asset when its cross-track offset as
//! it arrives, t = s / |v| seconds from now, lies in [a, b]. To first order that offset is
//! Gaussian with mean 0 and variance nᵀ(P_pp + t(P_pv + P_vp) + t² P_vv)n, n the
//! course's normal, P the track's horizontal position–velocity covariance: a heading
//! error of δθ moves it by s·δθ. So
//!
//! P(passes over) = Φ(b/σ) − Φ(a/σ),
//!
//! and the closest approach is 0 when the mean course crosses [a, b], else the nearer of
//! |a| and |b|. A polygon that is deep along the course compared with its distance, or
//! one the threat is already over, is taken as certain where the mean course crosses it.

use nalgebra::{Matrix2, Vector2};
use tdome_core::defence::DefendedAsset;
use tdome_core::ids::AssetId;
use tdome_core::{EnuFrame, Position};

/// How an air-breathing course passes one asset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Approach {
    /// Which asset.
    pub asset: AssetId,
    /// Seconds from the track's time until it is abreast of the asset.
    pub time_s: f64,
    /// Closest approach of the mean course to the asset's area, metres (0 if it crosses).
    pub miss_m: f64,
    /// Standard deviation of the course's cross-track offset as it passes, metres.
    pub sigma_m: f64,
    /// Probability that the threat passes over the asset.
    pub p_hit: f64,
}

/// The horizontal state of a track in its local frame: velocity (east, north), m/s, and
/// the covariance of [position e, n, velocity e, n] in blocks: position, position ×
/// velocity, velocity.
#[derive(Clone, Copy, Debug)]
pub struct GroundTrack {
    /// Horizontal velocity, m/s.
    pub velocity: Vector2<f64>,
    /// Position covariance, m².
    pub p_pp: Matrix2<f64>,
    /// Position–velocity covariance, m²/s.
    pub p_pv: Matrix2<f64>,
    /// Velocity covariance, m²/s².
    pub p_vv: Matrix2<f64>,
}

/// The approach of `course` (from `frame`'s origin) to `asset`, if the asset lies ahead
/// within `horizon_s` seconds. `None` for a threat at a standstill, or an asset behind.
pub fn approach(
    frame: &EnuFrame,
    course: &GroundTrack,
    asset: &DefendedAsset,
    horizon_s: f64,
) -> Option<Approach> {
    let speed = course.velocity.norm();
    // (A speed that is not a number is not positive either.)
    if speed.is_nan() || speed <= 0.0 {
        return None;
    }
    let u = course.velocity / speed;
    let n = Vector2::new(-u.y, u.x);
    let plane = asset.area.plane_frame();
    let (mut a, mut b, mut s_sum, mut s_max) =
        (f64::INFINITY, f64::NEG_INFINITY, 0.0, f64::NEG_INFINITY);
    let vertices = asset.area.plane_vertices();
    for &(x, y) in vertices {
        let p = frame.to_enu(&plane.to_ecef(&Position::from_metres(x, y, 0.0)));
        let q = Vector2::new(p.metres().x, p.metres().y);
        let (s, c) = (u.dot(&q), n.dot(&q));
        a = a.min(c);
        b = b.max(c);
        s_sum += s;
        s_max = s_max.max(s);
    }
    if vertices.is_empty() || s_max < 0.0 {
        return None;
    }
    let along = (s_sum / vertices.len() as f64).max(0.0);
    let time_s = along / speed;
    if time_s > horizon_s {
        return None;
    }
    let variance = n.dot(
        &((course.p_pp
            + (course.p_pv + course.p_pv.transpose()) * time_s
            + course.p_vv * (time_s * time_s))
            * n),
    );
    let sigma_m = variance.max(0.0).sqrt();
    let miss_m = if a <= 0.0 && b >= 0.0 {
        0.0
    } else {
        a.abs().min(b.abs())
    };
    let p_hit = if sigma_m > 0.0 {
        (normal_cdf(b / sigma_m) - normal_cdf(a / sigma_m)).clamp(0.0, 1.0)
    } else if miss_m == 0.0 {
        1.0
    } else {
        0.0
    };
    Some(Approach {
        asset: asset.id,
        time_s,
        miss_m,
        sigma_m,
        p_hit,
    })
}

/// The standard normal distribution function, accurate in both tails (through erfc).
fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::Geodetic;

    /// The port: a square asset `half_m` metres from its centre to each side, centred
    /// `east_m`, `north_m` from the origin.
    fn square(origin: Geodetic, east_m: f64, north_m: f64, half_m: f64) -> DefendedAsset {
        DefendedAsset {
            id: AssetId(3),
            name: "port".into(),
            value: 40.0,
            ..crate::assess::testing::square_town(origin, (east_m, north_m), half_m, 0.0)
        }
    }

    fn course(v: Vector2<f64>, sigma_p: f64, sigma_v: f64) -> GroundTrack {
        GroundTrack {
            velocity: v,
            p_pp: Matrix2::identity() * sigma_p * sigma_p,
            p_pv: Matrix2::zeros(),
            p_vv: Matrix2::identity() * sigma_v * sigma_v,
        }
    }

    #[test]
    fn a_drone_passing_beside_a_port() {
        let origin = Geodetic::from_degrees(25.13, 121.74, 0.0);
        let frame = EnuFrame::at(origin);
        // A 1 km square 20 km north and 1.6 km east: the course north passes 1.1 km
        // west of its near side.
        let port = square(origin, 1_600.0, 20_000.0, 500.0);
        let drone = course(Vector2::new(0.0, 50.0), 100.0, 2.0);
        let a = approach(&frame, &drone, &port, 3_600.0).expect("ahead");
        assert!((a.time_s - 400.0).abs() < 1.0, "{a:?}");
        assert!((a.miss_m - 1_100.0).abs() < 5.0, "{a:?}");
        // σ² = 100² + 400² · 2² = 100² + 800²: 806 m.
        assert!(
            (a.sigma_m - (100.0f64.powi(2) + 800.0f64.powi(2)).sqrt()).abs() < 5.0,
            "{a:?}"
        );
        // P = Φ(2100/σ) − Φ(1100/σ), about 8%.
        let want = normal_cdf(2_100.0 / a.sigma_m) - normal_cdf(1_100.0 / a.sigma_m);
        assert!((a.p_hit - want).abs() < 0.01 && a.p_hit < 0.1, "{a:?}");
        // Straight at it: nearly certain; away from it: nothing.
        let at = course(Vector2::new(80.0, 1_000.0), 100.0, 2.0);
        let a = approach(&frame, &at, &port, 3_600.0).expect("ahead");
        assert!(a.miss_m == 0.0 && a.p_hit > 0.99, "{a:?}");
        assert!(
            approach(
                &frame,
                &course(Vector2::new(0.0, -50.0), 100.0, 2.0),
                &port,
                3_600.0
            )
            .is_none()
        );
        // Beyond the horizon.
        assert!(approach(&frame, &drone, &port, 300.0).is_none());
    }

    #[test]
    fn a_precise_course_is_all_or_nothing() {
        let origin = Geodetic::from_degrees(25.0, 121.5, 0.0);
        let frame = EnuFrame::at(origin);
        let asset = square(origin, 0.0, 10_000.0, 500.0);
        let on = approach(
            &frame,
            &course(Vector2::new(0.0, 250.0), 1.0, 0.01),
            &asset,
            600.0,
        )
        .unwrap();
        assert!(on.p_hit > 0.999_999, "{on:?}");
        let off = approach(
            &frame,
            &course(Vector2::new(150.0, 250.0), 1.0, 0.01),
            &asset,
            600.0,
        )
        .unwrap();
        assert!(off.p_hit < 1e-9 && off.miss_m > 4_000.0, "{off:?}");
    }
}
