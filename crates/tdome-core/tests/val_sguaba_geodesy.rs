//! Differential test of WGS-84 geodesy against `sguaba` 0.10, an independent Rust
//! implementation (Helsing; closed-form geodetic → ECEF, Shu & Li iteration or Quan & Zhang
//! closed form for ECEF → geodetic, acos-based bearings).
//!
//! What sguaba is used for, and what it cannot be used for here:
//! - geodetic → ECEF and ECEF → geodetic: sguaba's own `Coordinate::<Ecef>::from_wgs84` and
//!   `to_wgs84`.
//! - range / azimuth / elevation of an ENU point and the ENU point of a bearing: sguaba's
//!   own `bearing_from_origin`, `distance_from_origin` and `from_bearing` in an ENU system.
//! - ECEF → ENU: sguaba's transform (`RigidBodyTransform::ecef_to_enu_at`) is an
//!   `unsafe fn` (its way of making the caller assert where the frame's origin is), and
//!   this workspace sets `unsafe_code = "forbid"`, which no test file can relax. So the
//!   reference ENU axes are built from sguaba's geodetic → ECEF alone: up is the ECEF
//!   direction in which sguaba moves the site when only its height changes (exact: ECEF is
//!   linear in height along the normal), east is the chord between the site's parallel at
//!   longitude ± 90° (exactly parallel to east by symmetry), and north = up × east. Only
//!   that last cross product and the dot products are ours.
//!
//! Tolerances are the project's: 1 mm and 1e-9°. sguaba's bearings come from `acos`, which
//! loses precision near the zenith and near due east/west, so each angle comparison adds
//! the rounding that acos amplifies there (see [`acos_rounding`]).

mod common;

use common::{Budget, ErrorStats, angle_diff_deg};
use nalgebra::Vector3;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sguaba::builder::wgs84::Components as Wgs84Components;
use sguaba::systems::{EnuComponents, Wgs84};
use sguaba::{Bearing, Coordinate, systems::Ecef as SgEcef};
use tdome_core::frames::{Enu, Position};
use tdome_core::geodesy::{EnuFrame, Geodetic, RangeAzEl, enu_of_range_az_el, range_az_el_of_enu};
use tdome_core::units::{Angle, Length};
use uom::si::angle::{degree, radian};
use uom::si::f64::{Angle as UAngle, Length as ULength};
use uom::si::length::meter;

sguaba::system!(struct SiteEnu using ENU);

const SEED: u64 = 0x5EED_6E0D;
const POINTS: usize = 400;
const POSITION: Budget = Budget {
    q50: 1e-7,
    q99: 1e-6,
    max: 1e-3,
};
const ANGLE_DEG: Budget = Budget {
    q50: 1e-11,
    q99: 1e-10,
    max: 1e-9,
};

/// A geodetic point tdome cares about: anywhere, −500 m to 1,000 km, with the hard cases
/// (poles, within 1e-6° of a pole, the antimeridian) drawn on purpose.
fn draw_geodetic(rng: &mut ChaCha8Rng) -> Geodetic {
    let lat = match rng.random_range(0..10) {
        0 => {
            if rng.random_bool(0.5) {
                90.0
            } else {
                -90.0
            }
        }
        1 => (90.0 - rng.random_range(0.0..1e-6)) * if rng.random_bool(0.5) { 1.0 } else { -1.0 },
        _ => rng.random_range(-1.0f64..1.0).asin().to_degrees(),
    };
    let lon = match rng.random_range(0..10) {
        0 => {
            if rng.random_bool(0.5) {
                180.0
            } else {
                -180.0
            }
        }
        _ => rng.random_range(-180.0..180.0),
    };
    let h = if rng.random_bool(0.5) {
        rng.random_range(-500.0..10_000.0)
    } else {
        rng.random_range(-500.0..1.0e6)
    };
    Geodetic::from_degrees(lat, lon, h)
}

fn to_sguaba(g: &Geodetic) -> Wgs84 {
    Wgs84::build(Wgs84Components {
        latitude: UAngle::new::<radian>(g.latitude.si()),
        longitude: UAngle::new::<radian>(g.longitude.si()),
        altitude: ULength::new::<meter>(g.height.si()),
    })
    .expect("drawn latitudes are within ±90°")
}

fn sguaba_ecef(g: &Geodetic) -> Vector3<f64> {
    let c = Coordinate::<SgEcef>::from_wgs84(&to_sguaba(g));
    Vector3::new(
        c.x().get::<meter>(),
        c.y().get::<meter>(),
        c.z().get::<meter>(),
    )
}

/// ENU axes at `site` built from sguaba's geodetic → ECEF only (see the module docs).
struct SguabaAxes {
    origin: Vector3<f64>,
    east: Vector3<f64>,
    north: Vector3<f64>,
    up: Vector3<f64>,
}

impl SguabaAxes {
    fn at(site: &Geodetic) -> Self {
        let origin = sguaba_ecef(site);
        let raised = sguaba_ecef(&site.with_height(site.height + Length::km(1_000.0)));
        let up = (raised - origin).normalize();
        let quarter = Angle::degrees(90.0);
        let west_end = Geodetic {
            longitude: site.longitude - quarter,
            ..*site
        };
        let east_end = Geodetic {
            longitude: site.longitude + quarter,
            ..*site
        };
        let east = (sguaba_ecef(&east_end) - sguaba_ecef(&west_end)).normalize();
        SguabaAxes {
            origin,
            east,
            north: up.cross(&east),
            up,
        }
    }

    fn to_enu(&self, p: &Vector3<f64>) -> Vector3<f64> {
        let d = p - self.origin;
        Vector3::new(self.east.dot(&d), self.north.dot(&d), self.up.dot(&d))
    }
}

fn sguaba_enu_point(v: &Vector3<f64>) -> Coordinate<SiteEnu> {
    Coordinate::<SiteEnu>::build(EnuComponents {
        east: ULength::new::<meter>(v.x),
        north: ULength::new::<meter>(v.y),
        up: ULength::new::<meter>(v.z),
    })
}

/// The rounding error, in degrees, that `acos(c)` adds when |c| is near 1: a few ulps of
/// `c` divided by the slope sin(acos c). Zero-cost where acos is well conditioned.
fn acos_rounding(c: f64) -> f64 {
    let s = (1.0 - c * c).max(0.0).sqrt();
    (4.0 * f64::EPSILON / s.max(1e-300)).to_degrees().min(180.0)
}

#[test]
fn val_sguaba_geodetic_to_ecef_and_back() {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut to_ecef = ErrorStats::new("sguaba geodetic->ECEF", "m");
    let mut lat = ErrorStats::new("sguaba ECEF->geodetic lat", "deg");
    let mut lon = ErrorStats::new("sguaba ECEF->geodetic lon", "deg");
    let mut h = ErrorStats::new("sguaba ECEF->geodetic h", "m");
    for i in 0..POINTS {
        let g = draw_geodetic(&mut rng);
        let label = format!(
            "point {i} ({:.12}°, {:.12}°, {:.3} m)",
            g.lat_deg(),
            g.lon_deg(),
            g.height_m()
        );
        let ours = g.to_ecef();
        to_ecef.push((ours.metres() - sguaba_ecef(&g)).norm(), label.clone());

        // Both convert the same ECEF point back: ours.
        let v = ours.metres();
        let theirs = Coordinate::<SgEcef>::build(sguaba::systems::XyzComponents {
            x: ULength::new::<meter>(v.x),
            y: ULength::new::<meter>(v.y),
            z: ULength::new::<meter>(v.z),
        })
        .to_wgs84();
        let back = Geodetic::from_ecef(&ours);
        lat.push(
            back.lat_deg() - theirs.latitude().get::<degree>(),
            label.clone(),
        );
        lon.push(
            angle_diff_deg(back.lon_deg(), theirs.longitude().get::<degree>()),
            label.clone(),
        );
        h.push(back.height_m() - theirs.altitude().get::<meter>(), label);
    }
    to_ecef.check(POSITION);
    lat.check(ANGLE_DEG);
    lon.check(ANGLE_DEG);
    h.check(POSITION);
}

#[test]
fn val_sguaba_ecef_to_enu_and_bearing() {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 1);
    let mut enu = ErrorStats::new("sguaba-axes ECEF->ENU", "m");
    let mut range = ErrorStats::new("sguaba range", "m");
    let mut az_raw_stats = ErrorStats::new("sguaba azimuth, raw (info)", "deg");
    let mut el_raw_stats = ErrorStats::new("sguaba elevation, raw (info)", "deg");
    let mut az = ErrorStats::new("sguaba azimuth beyond acos rounding", "deg");
    let mut el = ErrorStats::new("sguaba elevation beyond acos rounding", "deg");
    let mut from_bearing = ErrorStats::new("sguaba from_bearing ENU", "m");
    for i in 0..POINTS {
        let site_g = draw_geodetic(&mut rng);
        let site = EnuFrame::at(site_g);
        let axes = SguabaAxes::at(&site_g);
        // Targets from 1 km to 3,000 km, in every direction short of the exact zenith and
        // nadir, with a share deliberately near north, the horizon and the zenith.
        let az_deg = match i % 8 {
            0 => rng.random_range(-1e-6f64..1e-6).rem_euclid(360.0),
            _ => rng.random_range(0.0..360.0),
        };
        let el_deg = match i % 8 {
            1 => rng.random_range(-1e-6..1e-6),
            2 => 90.0 - 10f64.powf(rng.random_range(-4.0..-1.0)),
            _ => rng
                .random_range(-1.0f64..1.0)
                .asin()
                .to_degrees()
                .clamp(-89.9, 89.9),
        };
        let r = 10f64.powf(rng.random_range(3.0..6.5));
        let target = site.locate(&RangeAzEl {
            range: Length::metres(r),
            azimuth: Angle::degrees(az_deg),
            elevation: Angle::degrees(el_deg),
        });
        let label = format!(
            "case {i}: site ({:.9}°, {:.9}°, {:.1} m), az {az_deg:.9}°, el {el_deg:.9}°, r {r:.1} m",
            site_g.lat_deg(),
            site_g.lon_deg(),
            site_g.height_m()
        );

        let ours_enu = site.to_enu(&target);
        let ref_enu = axes.to_enu(target.metres());
        enu.push((ours_enu.metres() - ref_enu).norm(), label.clone());

        // Bearings of the same ENU point, so this isolates the angle arithmetic.
        let ours = range_az_el_of_enu(&ours_enu);
        let p = sguaba_enu_point(ours_enu.metres());
        let b = p
            .bearing_from_origin()
            .expect("targets are at least 1 km away");
        let v = ours_enu.metres();
        range.push(
            ours.range.si() - p.distance_from_origin().get::<meter>(),
            label.clone(),
        );
        let horizontal = v.x.hypot(v.y);
        let az_raw = angle_diff_deg(ours.azimuth.as_degrees(), b.azimuth().get::<degree>()).abs();
        let el_raw = (ours.elevation.as_degrees() - b.elevation().get::<degree>()).abs();
        az_raw_stats.push(az_raw, label.clone());
        el_raw_stats.push(el_raw, label.clone());
        az.push(
            (az_raw - acos_rounding(v.x / horizontal)).max(0.0),
            label.clone(),
        );
        el.push(
            (el_raw - acos_rounding(v.z / ours.range.si())).max(0.0),
            label.clone(),
        );

        let bearing = Bearing::<SiteEnu>::builder()
            .azimuth(UAngle::new::<radian>(ours.azimuth.si()))
            .elevation(UAngle::new::<radian>(ours.elevation.si()))
            .expect("elevation from atan2 is within ±90°")
            .build();
        let theirs =
            Coordinate::<SiteEnu>::from_bearing(bearing, ULength::new::<meter>(ours.range.si()));
        let theirs = Position::<Enu>::from_metres(
            theirs.enu_east().get::<meter>(),
            theirs.enu_north().get::<meter>(),
            theirs.enu_up().get::<meter>(),
        );
        from_bearing.push(enu_of_range_az_el(&ours).distance_to(&theirs).si(), label);
    }
    println!("{}\n{}", az_raw_stats.summary(), el_raw_stats.summary());
    enu.check(POSITION);
    range.check(POSITION);
    az.check(ANGLE_DEG);
    el.check(ANGLE_DEG);
    from_bearing.check(POSITION);
}

/// The reference axes really are sguaba's geometry and really are orthonormal; if the
/// chord construction were wrong, the test above would compare against garbage.
#[test]
fn sguaba_axes_are_orthonormal_and_match_the_ellipsoid_normal() {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 2);
    for _ in 0..POINTS {
        let g = draw_geodetic(&mut rng);
        let a = SguabaAxes::at(&g);
        for (name, v) in [("east", a.east), ("north", a.north), ("up", a.up)] {
            assert!((v.norm() - 1.0).abs() < 1e-12, "{name} not unit at {g:?}");
        }
        assert!(
            a.east.dot(&a.up).abs() < 1e-12,
            "east not horizontal at {g:?}"
        );
        // The ellipsoid normal from the implicit surface x²/a² + y²/a² + z²/b², at the foot
        // of the site, must be sguaba's up.
        let foot = sguaba_ecef(&g.with_height(Length::ZERO));
        let (a2, b2) = (
            tdome_core::geodesy::WGS84_A.powi(2),
            tdome_core::geodesy::WGS84_B.powi(2),
        );
        let normal = Vector3::new(foot.x / a2, foot.y / a2, foot.z / b2).normalize();
        assert!(
            (normal - a.up).norm() < 1e-12,
            "up is not the ellipsoid normal at {g:?}"
        );
        assert!(
            a.north.z * g.latitude.cos() >= -1e-12,
            "north points south at {g:?}"
        );
    }
}
