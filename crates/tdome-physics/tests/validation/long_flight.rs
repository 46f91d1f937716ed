//! Long unpowered flights (1,300 to 2,700 km, 9 to 20 minutes) over the rotating WGS-84
//! Earth against an independent inertial-frame integration: the committed fixture
//! `tests/fixtures/flight/long_coasts.csv`, made by `tests/fixtures/flight/generate.py`
//! (scipy's DOP853 in an Earth-centred inertial frame with point-mass + J2 gravity,
//! pyproj heights; see the script). tdome flies in the rotating frame with centrifugal and
//! Coriolis terms and RK4; agreement checks those terms, J2 and the integrator over the
//! flights medium-range ballistic missiles make.

use std::collections::BTreeMap;

use nalgebra::Vector3;
use tdome_core::{Ecef, Geodetic, Position, Velocity};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{CoastDrag, coast};
use tdome_physics::geodesic;

use crate::quantiles;

struct Row {
    case: String,
    kind: String,
    t_s: f64,
    r: Vector3<f64>,
    v: Vector3<f64>,
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/flight/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn number(field: &str) -> f64 {
    field
        .parse()
        .unwrap_or_else(|e| panic!("bad number {field:?}: {e}"))
}

fn rows() -> Vec<Row> {
    fixture("long_coasts.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 9, "{line}");
            Row {
                case: f[0].to_owned(),
                kind: f[1].to_owned(),
                t_s: number(f[2]),
                r: Vector3::new(number(f[3]), number(f[4]), number(f[5])),
                v: Vector3::new(number(f[6]), number(f[7]), number(f[8])),
            }
        })
        .collect()
}

/// Each case's impact (lat, lon in degrees) by variant: `full`, `no_j2`, `not_rotating`.
fn variants() -> BTreeMap<(String, String), Geodetic> {
    fixture("long_coast_variants.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 5, "{line}");
            let point = Geodetic::from_degrees(number(f[3]), number(f[4]), 0.0);
            ((f[0].to_owned(), f[1].to_owned()), point)
        })
        .collect()
}

fn ground_distance_m(a: &Geodetic, b: &Geodetic) -> f64 {
    geodesic::inverse(a, b).distance.si()
}

#[test]
fn val_scipy_inertial_long_coasts_with_j2_and_earth_rotation() {
    let rows = rows();
    let variants = variants();
    let cases: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == "start")
        .map(|r| r.case.clone())
        .collect();
    assert_eq!(cases.len(), 4);
    for (step_s, position_budget_m, impact_budget_m) in [(0.125, 1e-3, 1e-3), (1.0, 1e-3, 1e-3)] {
        let mut position_errors = Vec::new();
        let mut velocity_errors = Vec::new();
        let mut impact_errors = Vec::new();
        for case in &cases {
            let mine: Vec<&Row> = rows.iter().filter(|r| &r.case == case).collect();
            let start = mine[0];
            let state = EcefState::new(
                Position::<Ecef>::from_vector(start.r),
                Velocity::<Ecef>::from_vector(start.v),
            );
            let mut samples = BTreeMap::new();
            let impact = coast(&state, CoastDrag::Vacuum, step_s, 4_000.0, |t, s| {
                // Samples fall on step ends (multiples of 25 s); key them in milliseconds.
                samples.insert((t * 1000.0).round() as i64, *s);
            })
            .unwrap_or_else(|| panic!("{case}: no impact"));
            for row in mine.iter().filter(|r| r.kind == "sample") {
                let s = samples
                    .get(&((row.t_s * 1000.0).round() as i64))
                    .unwrap_or_else(|| panic!("{case}: no state at {} s", row.t_s));
                position_errors.push((s.position.metres() - row.r).norm());
                velocity_errors.push((s.velocity.mps() - row.v).norm());
            }
            let reference = mine.last().unwrap_or_else(|| panic!("{case}: empty"));
            assert_eq!(reference.kind, "impact");
            let full = variants[&(case.clone(), "full".to_owned())];
            let miss = ground_distance_m(&impact.point, &full);
            impact_errors.push(miss);
            assert!(
                (impact.time_s - reference.t_s).abs() < 0.01,
                "{case}: impact at {} s against {} s",
                impact.time_s,
                reference.t_s
            );
            if step_s == 0.125 {
                // The test has power: without J2 the impact moves 1.0-4.7 km, on a
                // non-rotating Earth 42-148 km.
                let no_j2 = ground_distance_m(
                    &impact.point,
                    &variants[&(case.clone(), "no_j2".to_owned())],
                );
                let still = ground_distance_m(
                    &impact.point,
                    &variants[&(case.clone(), "not_rotating".to_owned())],
                );
                println!(
                    "{case}: {:.1} s, impact {miss:.2e} m from the reference; {:.2} km from \
                     the no-J2 one, {:.1} km from the non-rotating one",
                    impact.time_s,
                    no_j2 / 1e3,
                    still / 1e3
                );
                assert!(no_j2 > 900.0 && still > 40_000.0, "{no_j2} {still}");
            }
        }
        println!("step {step_s} s: position {}", quantiles(&position_errors));
        println!("step {step_s} s: velocity {}", quantiles(&velocity_errors));
        println!("step {step_s} s: impact {}", quantiles(&impact_errors));
        let worst = |v: &[f64]| v.iter().copied().fold(0.0_f64, f64::max);
        assert!(worst(&position_errors) < position_budget_m);
        assert!(worst(&impact_errors) < impact_budget_m);
        assert!(worst(&velocity_errors) < position_budget_m / 10.0);
    }
}
