//! The CAT062 system plane against pyproj (PROJ 9's `sterea`):
//! tests/fixtures/asterix/system_plane.csv, from generate_plane.py. Positions agree to a
//! millimetre out to 4,000 km; the derivative is PROJ's point scale turned by its
//! meridian convergence, as a conformal projection's must be.

use std::path::PathBuf;

use nalgebra::Matrix2;
use tdome_asterix::SystemPlane;
use tdome_core::Geodetic;

struct Row {
    origin: Geodetic,
    point: Geodetic,
    x_m: f64,
    y_m: f64,
    scale: f64,
    convergence_deg: f64,
    case: String,
}

fn rows() -> Vec<Row> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/asterix/system_plane.csv");
    let text = std::fs::read_to_string(&path).expect("system_plane.csv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(
        header,
        [
            "origin_lat_deg",
            "origin_lon_deg",
            "lat_deg",
            "lon_deg",
            "x_m",
            "y_m",
            "scale",
            "convergence_deg",
            "case"
        ]
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let n = |i: usize| f[i].parse::<f64>().expect("a number");
            Row {
                origin: Geodetic::from_degrees(n(0), n(1), 0.0),
                point: Geodetic::from_degrees(n(2), n(3), 0.0),
                x_m: n(4),
                y_m: n(5),
                scale: n(6),
                convergence_deg: n(7),
                case: f[8].to_owned(),
            }
        })
        .collect()
}

#[test]
fn positions_agree_with_pyproj_to_a_millimetre() {
    let rows = rows();
    assert!(rows.len() > 600, "{} rows", rows.len());
    let mut worst = 0.0_f64;
    for r in &rows {
        let plane = SystemPlane::at(r.origin);
        let (x, y) = plane.project(&r.point).expect("projects");
        let error = (x - r.x_m).hypot(y - r.y_m);
        assert!(
            error < 1e-3,
            "{} from {:?}: ({x}, {y}) against pyproj's ({}, {}): {error} m",
            r.case,
            r.origin,
            r.x_m,
            r.y_m
        );
        worst = worst.max(error);
    }
    eprintln!("worst position difference from pyproj: {worst:.3e} m");
}

#[test]
fn the_derivative_is_the_point_scale_turned_by_the_convergence() {
    let mut worst_scale = 0.0_f64;
    let mut worst_angle = 0.0_f64;
    let mut checked = 0;
    for r in rows() {
        // On the meridian opposite the origin's, past the pole, the projection itself
        // jumps (the conformal sphere's longitude is the ellipsoid's scaled by a factor
        // a little above 1, so ±180° map apart): no derivative there, in PROJ either.
        let dlon = (r.point.lon_deg() - r.origin.lon_deg()).rem_euclid(360.0);
        if (dlon - 180.0).abs() < 0.1 {
            continue;
        }
        checked += 1;
        let plane = SystemPlane::at(r.origin);
        let j = plane.derivative(&r.point).expect("derivative");
        // Local north goes to (−sin γ, cos γ)·k and east to (cos γ, sin γ)·k: γ > 0 east
        // of the origin in the north, where true north leans towards the pole at x = 0.
        let (s, c) = r.convergence_deg.to_radians().sin_cos();
        let expected = r.scale * Matrix2::new(c, -s, s, c);
        let scale_error = (j - expected).norm() / r.scale;
        assert!(
            scale_error < 1e-8,
            "{} from {:?}: derivative {j} against k R(γ) {expected}",
            r.case,
            r.origin
        );
        worst_scale = worst_scale.max(scale_error);
        let angle = j[(1, 0)].atan2(j[(0, 0)]).to_degrees();
        worst_angle = worst_angle.max((angle - r.convergence_deg).abs());
    }
    assert!(checked > 600, "{checked} rows checked");
    eprintln!(
        "worst derivative difference from pyproj's factors: {worst_scale:.3e} (relative), \
         {worst_angle:.3e}° of convergence"
    );
}

#[test]
fn the_origin_is_zero_and_its_derivative_the_identity() {
    for (lat, lon) in [(24.0, 121.0), (31.2, 34.8), (-45.0, -170.0)] {
        let origin = Geodetic::from_degrees(lat, lon, 0.0);
        let plane = SystemPlane::at(origin);
        let (x, y) = plane.project(&origin).expect("projects");
        assert!(x.abs() < 1e-6 && y.abs() < 1e-6, "({x}, {y})");
        // Height does not move a point in the plane.
        let high = Geodetic::from_degrees(lat, lon, 100_000.0);
        assert_eq!(plane.project(&high).expect("projects"), (x, y));
        let j = plane.derivative(&origin).expect("derivative");
        assert!((j - Matrix2::identity()).norm() < 1e-8, "{j}");
    }
}
