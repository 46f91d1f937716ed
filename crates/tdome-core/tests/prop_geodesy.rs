//! Round-trip properties of WGS-84 geodesy: geodetic ↔ ECEF, ECEF ↔ ENU, and
//! range/azimuth/elevation ↔ ECEF through `EnuFrame::locate` and `EnuFrame::observe`.
//!
//! The strategies draw the hard cases on purpose: the poles exactly and within 1e-6° of
//! them, longitudes at ±180° and far outside ±180°, heights from slightly negative and
//! −500 m up to 1,000 km, and azimuths a hair either side of north.
//!
//! Round trips are held far tighter than the 1 mm / 1e-9° acceptance: 1 µm and 1e-12°,
//! since both directions are ours and only rounding separates them. Angles that are
//! ill-conditioned by geometry (longitude at a pole, azimuth near the zenith) are held as
//! arc lengths instead: the distance the angle error moves the point.

use nalgebra::{Matrix3, Vector3};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::f64::consts::TAU;
use tdome_core::frames::{Ecef, Enu, Position};
use tdome_core::geodesy::{EnuFrame, Geodetic, RangeAzEl, WGS84_A, WGS84_B};
use tdome_core::units::{Angle, Length, wrap_pi, wrap_two_pi};

const ROUND_TRIP_M: f64 = 1e-6;
const ROUND_TRIP_DEG: f64 = 1e-12;

fn latitude_deg() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -90.0..=90.0f64,
        1 => Just(90.0),
        1 => Just(-90.0),
        2 => (0.0..=1e-6f64, any::<bool>()).prop_map(|(d, north)| if north { 90.0 - d } else { d - 90.0 }),
    ]
}

fn longitude_deg() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -180.0..=180.0f64,
        1 => Just(180.0),
        1 => Just(-180.0),
        1 => (0.0..1e-6f64, any::<bool>()).prop_map(|(d, east)| if east { 180.0 - d } else { d - 180.0 }),
        2 => -1_080.0..1_080.0f64,
    ]
}

fn height_m() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -500.0..=1.0e6f64,
        2 => -500.0..20_000.0f64,
        1 => -1.0..0.0f64,
        1 => Just(-500.0),
        1 => Just(1.0e6),
    ]
}

fn geodetic() -> impl Strategy<Value = Geodetic> {
    (latitude_deg(), longitude_deg(), height_m())
        .prop_map(|(lat, lon, h)| Geodetic::from_degrees(lat, lon, h))
}

/// Azimuth in radians, including a hair either side of north and values outside [0, 2π).
fn azimuth_rad() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..TAU,
        1 => 0.0..1e-9f64,
        1 => (TAU - 1e-9)..TAU,
        1 => Just(0.0),
        1 => -2.0 * TAU..2.0 * TAU,
    ]
}

fn elevation_rad() -> impl Strategy<Value = f64> {
    use std::f64::consts::FRAC_PI_2;
    prop_oneof![
        4 => -FRAC_PI_2..=FRAC_PI_2,
        1 => -1e-9..1e-9f64,
        1 => (FRAC_PI_2 - 1e-6)..=FRAC_PI_2,
        1 => -FRAC_PI_2..=(-FRAC_PI_2 + 1e-6),
    ]
}

fn range_m() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (0.0..6.7f64).prop_map(|e| 10f64.powf(e)),
        1 => 0.0..1.0f64,
    ]
}

/// Expected longitude after a round trip: the same direction in (−180°, 180°].
fn wrapped_lon_deg(lon_deg: f64) -> f64 {
    wrap_pi(lon_deg.to_radians()).to_degrees()
}

fn angle_diff_rad(a: f64, b: f64) -> f64 {
    wrap_pi(a - b)
}

/// 2,000 cases per property from a fixed seed, so every run checks the same cases and a
/// failure reproduces without a regressions file. `PROPTEST_RNG_SEED=<n>` explores others.
fn config() -> ProptestConfig {
    let base = ProptestConfig::default();
    let rng_seed = match base.rng_seed {
        RngSeed::Random => RngSeed::Fixed(0x6E0D_E5F1),
        chosen => chosen,
    };
    ProptestConfig {
        cases: 2_000,
        rng_seed,
        failure_persistence: None,
        ..base
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn geodetic_to_ecef_to_geodetic(g in geodetic()) {
        let back = Geodetic::from_ecef(&g.to_ecef());
        prop_assert!((back.lat_deg() - g.lat_deg()).abs() <= ROUND_TRIP_DEG,
            "lat {} -> {}", g.lat_deg(), back.lat_deg());
        prop_assert!((back.height_m() - g.height_m()).abs() <= ROUND_TRIP_M,
            "h {} -> {}", g.height_m(), back.height_m());

        prop_assert!(back.lon_deg() > -180.0 && back.lon_deg() <= 180.0, "lon_deg {}", back.lon_deg());
        let dlon = angle_diff_rad(back.longitude.si(), g.longitude.si());
        // How far the longitude error moves the point along its parallel.
        let parallel_radius = g.to_ecef().metres().xy().norm();
        prop_assert!(parallel_radius * dlon.abs() <= ROUND_TRIP_M,
            "lon {} -> {}: {} m along the parallel", g.longitude.si(), back.longitude.si(), parallel_radius * dlon.abs());
        if parallel_radius > 1.0 {
            prop_assert!(dlon.to_degrees().abs() <= ROUND_TRIP_DEG,
                "lon {} -> {} (wrapped {})", g.lon_deg(), back.lon_deg(), wrapped_lon_deg(g.lon_deg()));
        }
    }

    #[test]
    fn ecef_to_geodetic_to_ecef(
        dir in (-1.0..1.0f64, 0.0..TAU),
        h in height_m(),
        on_axis in prop::bool::weighted(0.05),
    ) {
        // A direction from the centre, then a point at height h above the ellipsoid along it
        // (approximately: the exact height is whatever from_ecef says; the round trip is the
        // property).
        let (z, az) = dir;
        let (z, s) = if on_axis { (z.signum(), 0.0) } else { (z, (1.0 - z * z).sqrt()) };
        let radius = WGS84_A * WGS84_B / ((WGS84_B * s).powi(2) + (WGS84_A * z).powi(2)).sqrt() + h;
        let p = Position::<Ecef>::from_metres(radius * s * az.cos(), radius * s * az.sin(), radius * z);
        let g = Geodetic::from_ecef(&p);
        prop_assert!(g.lat_deg().abs() <= 90.0);
        prop_assert!((g.height_m() - h).abs() < 1_000.0, "height {} for a point ~{} m up", g.height_m(), h);
        let back = g.to_ecef();
        prop_assert!(back.distance_to(&p).si() <= ROUND_TRIP_M, "moved {} m", back.distance_to(&p).si());
    }

    #[test]
    fn longitudes_outside_180_are_the_same_place(lat in latitude_deg(), lon in -180.0..=180.0f64,
                                                  turns in -3i32..=3, h in height_m()) {
        let shifted = lon + 360.0 * f64::from(turns);
        let a = Geodetic::from_degrees(lat, lon, h);
        let b = Geodetic::from_degrees(lat, shifted, h);
        prop_assert!(a.to_ecef().distance_to(&b.to_ecef()).si() <= ROUND_TRIP_M);
        let dlon = angle_diff_rad(b.longitude.wrap_pi().si(), a.longitude.si());
        prop_assert!(dlon.to_degrees().abs() <= ROUND_TRIP_DEG, "{lon} vs {shifted}");
        // The local frame does not care either.
        let target = Geodetic::from_degrees(lat * 0.5, lon + 3.0, 10_000.0).to_ecef();
        let (ea, eb) = (EnuFrame::at(a).to_enu(&target), EnuFrame::at(b).to_enu(&target));
        prop_assert!(ea.distance_to(&eb).si() <= ROUND_TRIP_M);
    }

    #[test]
    fn ecef_to_enu_to_ecef(site in geodetic(), target in geodetic()) {
        let frame = EnuFrame::at(site);
        let p = target.to_ecef();
        let there_and_back = frame.to_ecef(&frame.to_enu(&p));
        prop_assert!(there_and_back.distance_to(&p).si() <= ROUND_TRIP_M);

        let q = Position::<Enu>::from_vector(p.metres() - site.to_ecef().metres());
        let back_and_there = frame.to_enu(&frame.to_ecef(&q));
        prop_assert!(back_and_there.distance_to(&q).si() <= ROUND_TRIP_M);
    }

    #[test]
    fn enu_axes_are_a_right_handed_orthonormal_triad_on_the_ellipsoid_normal(site in geodetic()) {
        let frame = EnuFrame::at(site);
        let r: &Matrix3<f64> = frame.rotation_ecef_to_enu();
        prop_assert!((r * r.transpose() - Matrix3::identity()).abs().max() <= 1e-15);
        prop_assert!((r.determinant() - 1.0).abs() <= 1e-15);
        // East is horizontal in ECEF; up is the normal of x²/a² + y²/a² + z²/b² = 1 at the
        // site's foot point.
        prop_assert!(r[(0, 2)] == 0.0, "east has a z component {}", r[(0, 2)]);
        let foot = site.with_height(Length::ZERO).to_ecef();
        let f = foot.metres();
        let normal = Vector3::new(f.x / WGS84_A.powi(2), f.y / WGS84_A.powi(2), f.z / WGS84_B.powi(2)).normalize();
        prop_assert!((frame.up() - normal).norm() <= 1e-14, "up {:?} vs normal {:?}", frame.up(), normal);
        // North points towards the north pole (or along the meridian, at a pole).
        prop_assert!(r[(1, 2)] >= 0.0);
    }

    #[test]
    fn up_in_the_frame_is_height_in_geodetic(site in geodetic(), d in -400.0..1.0e5f64) {
        let frame = EnuFrame::at(site);
        let raised = Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(0.0, 0.0, d)));
        prop_assert!((raised.height_m() - (site.height_m() + d)).abs() <= ROUND_TRIP_M);
        prop_assert!((raised.lat_deg() - site.lat_deg()).abs() <= ROUND_TRIP_DEG);
        // Straight up is the zenith. (From 1 km, so ECEF rounding, ~1e-9 m, cannot tilt it
        // by more than ~1e-12 rad.)
        let overhead = frame.to_ecef(&Position::from_metres(0.0, 0.0, d.abs() + 1_000.0));
        let el = frame.observe(&overhead).elevation.as_degrees();
        prop_assert!((el - 90.0).abs() <= 1e-9, "elevation {el}° straight up");
    }

    #[test]
    fn range_az_el_to_ecef_to_range_az_el(site in geodetic(), r in range_m(), az in azimuth_rad(),
                                          el in elevation_rad()) {
        let frame = EnuFrame::at(site);
        let m = RangeAzEl { range: Length::metres(r), azimuth: Angle::radians(az), elevation: Angle::radians(el) };
        let seen = frame.observe(&frame.locate(&m));

        let seen_az = seen.azimuth.si();
        prop_assert!((0.0..TAU).contains(&seen_az), "azimuth {seen_az} outside [0, 2π)");
        prop_assert!(seen.elevation.si().abs() <= std::f64::consts::FRAC_PI_2);
        prop_assert!((seen.range.si() - r).abs() <= ROUND_TRIP_M, "range {r} -> {}", seen.range.si());

        // The errors as distances at the target: along the vertical and along the horizontal.
        let del = seen.elevation.si() - el;
        let daz = angle_diff_rad(seen_az, wrap_two_pi(az));
        prop_assert!((r * del).abs() <= ROUND_TRIP_M, "el {el} -> {}", seen.elevation.si());
        prop_assert!((r * el.cos() * daz).abs() <= ROUND_TRIP_M, "az {az} -> {seen_az}");
        // And as angles where they are well conditioned: the azimuth from 1 km horizontal
        // distance, the elevation from 1 km range.
        if r >= 1_000.0 {
            prop_assert!(del.to_degrees().abs() <= 1e-9, "el {el} -> {} ({}°)", seen.elevation.si(), del.to_degrees());
        }
        if r * el.cos() >= 1_000.0 {
            prop_assert!(daz.to_degrees().abs() <= 1e-9, "az {az} -> {seen_az} ({}°)", daz.to_degrees());
        }
    }

    #[test]
    fn ecef_to_range_az_el_to_ecef(site in geodetic(), target in geodetic()) {
        let frame = EnuFrame::at(site);
        let p = target.to_ecef();
        let back = frame.locate(&frame.observe(&p));
        prop_assert!(back.distance_to(&p).si() <= ROUND_TRIP_M, "moved {} m", back.distance_to(&p).si());
    }
}

#[test]
fn the_poles_exactly() {
    for (sign, lon) in [(1.0, 0.0), (1.0, 137.0), (-1.0, -180.0), (-1.0, 42.0)] {
        for h in [-500.0, 0.0, 1.0e6] {
            let g = Geodetic::from_degrees(90.0 * sign, lon, h);
            let p = g.to_ecef();
            assert!(p.metres().xy().norm() < 1e-6, "pole {g:?} is {p:?}");
            assert!(
                (p.metres().z - sign * (WGS84_B + h)).abs() < 1e-8,
                "pole {g:?} is {p:?}"
            );
            // Straight from the axis: exactly the pole, exactly the height.
            let on_axis =
                Geodetic::from_ecef(&Position::from_metres(0.0, 0.0, sign * (WGS84_B + h)));
            assert_eq!(on_axis.lat_deg(), 90.0 * sign);
            assert!((on_axis.height_m() - h).abs() < 1e-8, "{on_axis:?}");
            // Seen from the pole, everything is south (or north): zenith is the axis.
            let frame = EnuFrame::at(g);
            assert!((frame.up() - Vector3::new(0.0, 0.0, sign)).norm() < 1e-15);
            let overhead = Position::<Ecef>::from_metres(0.0, 0.0, sign * (WGS84_B + h + 1_000.0));
            assert!((frame.observe(&overhead).elevation.as_degrees() - 90.0).abs() < 1e-9);
        }
    }
}

#[test]
fn azimuth_across_north_is_continuous() {
    let frame = EnuFrame::at(Geodetic::from_degrees(51.5, -0.1, 50.0));
    for east in [-1e-9, -1e-12, -0.0, 0.0, 1e-12, 1e-9] {
        let seen = frame.observe(&frame.to_ecef(&Position::from_metres(east, 10_000.0, 0.0)));
        let az = seen.azimuth.si();
        assert!(
            (0.0..TAU).contains(&az),
            "east {east}: azimuth {az} outside [0, 2π)"
        );
        let expected = wrap_two_pi((east / 10_000.0f64).atan());
        assert!(
            angle_diff_rad(az, expected).abs() < 1e-15,
            "east {east}: azimuth {az}, expected {expected}"
        );
    }
}
