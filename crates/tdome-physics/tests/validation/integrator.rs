//! The integrator (RK4 at a fixed step) and the ground-crossing search, against closed
//! forms and a conservation law, and the error of the world's step against a fine one.

use std::sync::Arc;

use nalgebra::Vector3;
use tdome_core::{Angle, EnuFrame, Geodetic, Velocity};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, CoastDrag, LaunchCommand, coast,
};
use tdome_physics::dynamics::{FlatEarthVacuum, propagate_to_ground};

use crate::quantiles;
use crate::vehicles::{DF11A, GRAD};

/// Standard gravity, m/s², for the textbook projectile.
const G: f64 = 9.806_65;

/// Where the vertical speed (along `up`) changes sign inside the step from `a` to `b`, by
/// bisection on the Hermite interpolant; returns the height there.
fn apex_within(
    a: &EcefState,
    b: &EcefState,
    dt: f64,
    origin: &Vector3<f64>,
    up: &Vector3<f64>,
) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let s = EcefState::hermite(a, b, dt, mid);
        if s.velocity.mps().dot(up) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let s = EcefState::hermite(a, b, dt, 0.5 * (lo + hi));
    (s.position.metres() - origin).dot(up)
}

/// Vacuum over a flat Earth: range v² sin 2θ / g, time of flight 2v sin θ / g and apex
/// v² sin² θ / (2g), for speeds 30 m/s to 3 km/s, elevations 5°–85°, two azimuths and
/// steps of 1/8 and 1 s. RK4 is exact for constant acceleration and the crossing is
/// solved on the (then exact) cubic interpolant, so only rounding and the 1 µm crossing
/// tolerance remain. Measured relative errors (168 shots): range q50 3e-13, max 7.5e-9;
/// time of flight q50 3e-13, max 7.5e-9; apex q50 2e-13, max 2.3e-9. The worst are the
/// 30 m/s shots (16 m of range, 0.35 m of apex), where ECEF rounding (1e-9 m) dominates.
#[test]
fn val_closed_form_flat_earth_vacuum() {
    let site = Geodetic::from_degrees(24.0, 121.0, 0.0);
    let model = FlatEarthVacuum::tangent_at(site, G);
    let frame = EnuFrame::at(site);
    let (origin, up) = (*model.origin().metres(), model.up());
    let (mut range_err, mut time_err, mut apex_err) = (Vec::new(), Vec::new(), Vec::new());
    for speed in [30.0, 100.0, 300.0, 700.0, 1500.0, 3000.0] {
        for elevation_deg in [5.0, 15.0, 30.0, 45.0, 60.0, 75.0, 85.0] {
            for azimuth_deg in [0.0, 135.0] {
                for step in [0.125, 1.0] {
                    let (se, ce) = f64::to_radians(elevation_deg).sin_cos();
                    let (sa, ca) = f64::to_radians(azimuth_deg).sin_cos();
                    let v = frame.velocity_to_ecef(&Velocity::from_mps(
                        speed * ce * sa,
                        speed * ce * ca,
                        speed * se,
                    ));
                    let start = EcefState::new(model.origin(), v);
                    let t_want = 2.0 * speed * se / G;
                    let mut previous = (0.0, start);
                    let mut apex = f64::NAN;
                    let touchdown =
                        propagate_to_ground(&model, &start, step, 2.0 * t_want + 10.0, |t, s| {
                            let (t0, a) = previous;
                            if a.velocity.mps().dot(&up) > 0.0 && s.velocity.mps().dot(&up) <= 0.0 {
                                apex = apex_within(&a, s, t - t0, &origin, &up);
                            }
                            previous = (t, *s);
                        })
                        .expect("a projectile comes down");
                    let d = touchdown.state.position.metres() - origin;
                    let range = (d - up * d.dot(&up)).norm();
                    let range_want =
                        speed * speed * (2.0 * f64::to_radians(elevation_deg)).sin() / G;
                    let apex_want = (speed * se).powi(2) / (2.0 * G);
                    range_err.push((range / range_want - 1.0).abs());
                    time_err.push((touchdown.time_s / t_want - 1.0).abs());
                    apex_err.push((apex / apex_want - 1.0).abs());
                }
            }
        }
    }
    println!("range:          {}", quantiles(&range_err));
    println!("time of flight: {}", quantiles(&time_err));
    println!("apex:           {}", quantiles(&apex_err));
    let max = |v: &[f64]| crate::quantile(v, 1.0);
    assert!(max(&range_err) < 2e-8, "range {}", quantiles(&range_err));
    assert!(max(&time_err) < 2e-8, "time {}", quantiles(&time_err));
    assert!(max(&apex_err) < 1e-8, "apex {}", quantiles(&apex_err));
    assert!(
        crate::quantile(&range_err, 0.75) < 1e-10,
        "range {}",
        quantiles(&range_err)
    );
}

/// WGS-84 constants restated independently of the crate (NIMA TR8350.2), so a typo in the
/// crate's gravity model would show up as a drift of the integral below.
const GM: f64 = 3.986_004_418e14;
const A: f64 = 6_378_137.0;
const J2: f64 = 1.082_629_989_05e-3;
const OMEGA: f64 = 7.292_115e-5;

/// Gravitational potential energy per unit mass, point mass + J2: −(GM/r)[1 − J2 (a/r)² P₂].
fn potential(r: &Vector3<f64>) -> f64 {
    let rn = r.norm();
    let sin_lat = r.z / rn;
    -GM / rn * (1.0 - J2 * (A / rn).powi(2) * 0.5 * (3.0 * sin_lat * sin_lat - 1.0))
}

/// The Jacobi integral in the rotating frame, ½|v|² + U(r) − ½|ω×r|², with the
/// centrifugal term's sign as given (a negative control flips it).
pub fn jacobi(s: &EcefState, centrifugal_sign: f64) -> f64 {
    let (r, v) = (s.position.metres(), s.velocity.mps());
    0.5 * v.norm_squared() + potential(r)
        - centrifugal_sign * 0.5 * OMEGA * OMEGA * (r.x * r.x + r.y * r.y)
}

/// Without drag or thrust the Jacobi integral is conserved in the rotating frame (the
/// Coriolis force does no work). A 400 s flight at 2.5 km/s, 60° elevation, 1/8 s step:
/// measured max drift 1.3e-7 J/kg, i.e. 4.3e-14 of ½v₀² and 2.3e-15 of |J|. The
/// negative control (centrifugal potential with the wrong sign) drifts by 9.9e3 J/kg.
#[test]
fn val_jacobi_integral_conserved_without_drag() {
    let site = Geodetic::from_degrees(24.0, 121.0, 0.0);
    let frame = EnuFrame::at(site);
    let (speed, el, az) = (2500.0f64, 60f64.to_radians(), 45f64.to_radians());
    let v = frame.velocity_to_ecef(&Velocity::from_mps(
        speed * el.cos() * az.sin(),
        speed * el.cos() * az.cos(),
        speed * el.sin(),
    ));
    let start = EcefState::new(frame.origin_ecef(), v);
    let (j0, j0_wrong) = (jacobi(&start, 1.0), jacobi(&start, -1.0));
    let (mut drift, mut drift_wrong, mut steps, mut last_t) = (0.0f64, 0.0f64, 0, 0.0);
    let impact = coast(&start, CoastDrag::Vacuum, 0.125, 400.0, |t, s| {
        drift = drift.max((jacobi(s, 1.0) - j0).abs());
        drift_wrong = drift_wrong.max((jacobi(s, -1.0) - j0_wrong).abs());
        steps += 1;
        last_t = t;
    });
    let kinetic = 0.5 * speed * speed;
    println!(
        "{steps} steps to t = {last_t} s: drift {drift:.2e} J/kg = {:.1e} of ½v₀², {:.1e} of |J|; wrong-sign control {drift_wrong:.2e} J/kg",
        drift / kinetic,
        drift / j0.abs()
    );
    assert!(
        impact.is_none(),
        "the test flight must stay up for the whole 400 s"
    );
    assert_eq!(steps, 3200);
    assert!(
        drift / kinetic < 1e-12,
        "relative drift {:.2e}",
        drift / kinetic
    );
    assert!(
        drift_wrong > 1e6 * drift.max(1e-9),
        "the control should fail loudly"
    );
}

/// Fly one command at several steps and compare each impact with the one at 1/256 s.
fn impact_errors(vehicle: &Arc<BallisticVehicle>, command: LaunchCommand) -> Vec<(f64, f64)> {
    let site = Geodetic::from_degrees(24.5, 118.5, 0.0);
    let fly = |dt: f64| {
        let mut f = BallisticFlight::launch(Arc::clone(vehicle), site, command);
        loop {
            if let Some(impact) = f.advance(dt) {
                return impact;
            }
        }
    };
    let reference = fly(1.0 / 256.0);
    [1.0, 0.5, 0.25, 0.125, 0.0625]
        .into_iter()
        .map(|dt| {
            (
                dt,
                (fly(dt).state.position - reference.state.position)
                    .norm()
                    .si(),
            )
        })
        .collect()
}

/// The world's step (1/8 s) against 1/256 s, powered flight included. Measured impact
/// differences at 1, 1/2, 1/4, 1/8, 1/16 s: DF-11A-class SRBM at 74° (≈ 380 km, 244 s)
/// 1202, 107, 8.1, 0.18, 0.03 m; Grad at 26° (≈ 17 km, 46 s) 155, 53, 11, 1.4, 0.17 m.
/// The SRBM converges at about fourth order; the Grad's 1.8 s boost, resolved by only
/// 14 steps, and its Mach-kinked drag curve make it closer to third order.
#[test]
fn val_rk4_step_convergence_against_a_fine_step() {
    for (name, entry, command, bound) in [
        (
            "DF-11A-class",
            &DF11A,
            LaunchCommand {
                azimuth: Angle::degrees(90.0),
                elevation: Angle::degrees(74.0),
                thrust_cutoff_s: None,
            },
            1.0,
        ),
        (
            "Grad",
            &GRAD,
            LaunchCommand {
                azimuth: Angle::degrees(90.0),
                elevation: Angle::degrees(26.0),
                thrust_cutoff_s: None,
            },
            2.5,
        ),
    ] {
        let errors = impact_errors(&entry.vehicle(), command);
        println!(
            "{name}: {}",
            errors
                .iter()
                .map(|(dt, e)| format!("dt {dt}: {e:.3} m"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let at = |dt: f64| errors.iter().find(|p| p.0 == dt).map_or(f64::NAN, |p| p.1);
        assert!(at(0.125) < bound, "{name}: {:.3} m at 1/8 s", at(0.125));
        // Halving the step must cut the error by well over the first-order factor of 2.
        assert!(
            at(0.25) / at(0.125) > 4.0,
            "{name}: convergence ratio {:.1}",
            at(0.25) / at(0.125)
        );
        assert!(
            at(0.5) / at(0.25) > 2.5,
            "{name}: convergence ratio {:.1}",
            at(0.5) / at(0.25)
        );
    }
}
