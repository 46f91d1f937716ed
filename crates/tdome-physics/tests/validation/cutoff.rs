//! Thrust cut-off (energy management): the mass left aboard, the phase of flight, the
//! step split at the cut-off, and energy conservation once the motor is off.

use std::sync::Arc;

use tdome_core::{Angle, Geodetic};
use tdome_physics::ballistic::{BallisticFlight, BallisticVehicle, LaunchCommand};

use crate::integrator::jacobi;
use crate::vehicles::{DF11A, GRAD};

/// The world's tick, seconds.
const DT: f64 = 0.125;

fn site() -> Geodetic {
    Geodetic::from_degrees(24.5, 118.5, 0.0)
}

fn command(elevation_deg: f64, thrust_cutoff_s: Option<f64>) -> LaunchCommand {
    LaunchCommand {
        azimuth: Angle::degrees(90.0),
        elevation: Angle::degrees(elevation_deg),
        thrust_cutoff_s,
    }
}

/// Before the cut-off the mass falls at ṁ; from the cut-off on it is m₀ − ṁ·t_c, exactly
/// and for good, and the flight no longer boosts. The cut-off (23.4567 s) falls inside a
/// step, so the step that straddles it must stop the mass flow part-way.
#[test]
fn mass_after_a_cutoff_is_launch_mass_less_the_propellant_burnt() {
    let vehicle = DF11A.vehicle();
    let cutoff_s = 23.4567;
    let m0 = vehicle.launch_mass.si();
    let mdot = vehicle.mass_flow_kg_s();
    let after_cutoff = m0 - mdot * cutoff_s;
    // Far more than the burnout mass: most of the propellant stays aboard.
    assert!(after_cutoff > vehicle.burnout_mass().si() + 1000.0);
    let mut flight =
        BallisticFlight::launch(Arc::clone(&vehicle), site(), command(80.0, Some(cutoff_s)));
    assert_eq!(flight.thrust_end_s(), cutoff_s);
    let mut steps_after = 0;
    loop {
        let t = flight.elapsed_s();
        let mass = flight.mass().si();
        if t < cutoff_s {
            assert!(flight.is_boosting(), "t = {t}");
            assert!((mass - (m0 - mdot * t)).abs() < 1e-9, "t = {t}: {mass} kg");
        } else {
            assert!(!flight.is_boosting(), "t = {t}");
            // Bitwise: the mass is frozen, not recomputed with drift.
            assert_eq!(mass.to_bits(), after_cutoff.to_bits(), "t = {t}: {mass} kg");
            steps_after += 1;
        }
        if flight.advance(DT).is_some() {
            break;
        }
    }
    println!(
        "cut at {cutoff_s} s: {after_cutoff:.3} kg aboard for {steps_after} steps (burnout mass {:.1} kg)",
        vehicle.burnout_mass().si()
    );
    assert!(steps_after > 500, "the flight should coast a long time");
}

/// A cut-off at or after burnout is a full burn (bitwise the same flight as no cut-off);
/// one at or before launch gives no thrust at all; a NaN one quarantines the flight as a
/// non-finite state rather than guessing, and nothing panics.
#[test]
fn cutoff_edge_values() {
    let vehicle = GRAD.vehicle();
    let fly = |cutoff: Option<f64>, steps: usize| {
        let mut flight =
            BallisticFlight::launch(Arc::clone(&vehicle), site(), command(45.0, cutoff));
        for _ in 0..steps {
            flight.step(DT);
        }
        flight
    };
    let full = fly(None, 40);
    for late in [
        vehicle.burn_time_s,
        2.0 * vehicle.burn_time_s,
        f64::INFINITY,
    ] {
        let f = fly(Some(late), 40);
        assert_eq!(f.state(), full.state(), "cut-off {late}");
        assert_eq!(f.mass(), full.mass());
        assert_eq!(f.thrust_end_s(), vehicle.burn_time_s);
    }
    for early in [0.0, -3.0, f64::NEG_INFINITY] {
        let f = fly(Some(early), 40);
        assert!(!f.is_boosting());
        assert_eq!(f.mass(), vehicle.launch_mass, "cut-off {early}");
        assert_eq!(f.thrust_end_s(), 0.0);
        // No thrust: a 45 m/s lob, far slower than the boosted rocket.
        assert!(f.state().velocity.mps().norm() < 50.0);
        assert!(full.state().velocity.mps().norm() > 500.0);
    }
    let poisoned = fly(Some(f64::NAN), 10);
    assert!(!poisoned.state().is_finite());
}

/// Impact point at each step against 1/256 s, with the motor cut at 40.03 s, a time on
/// no step's grid: splitting the step at the cut-off keeps RK4's order. Without the split
/// one step would carry ~43 m/s² of thrust for the wrong part of a step, hundreds of
/// metres at impact (removing the split fails this test). DF-11A-class at 74°, ≈ 108 km;
/// measured at 1, 1/2, 1/4, 1/8, 1/16 s: 150, 13.4, 1.05, 0.013, 0.002 m.
#[test]
fn val_rk4_step_convergence_with_a_cutoff_inside_a_step() {
    let vehicle = DF11A.vehicle();
    let command = command(74.0, Some(40.03));
    let fly = |dt: f64| {
        let mut f = BallisticFlight::launch(Arc::clone(&vehicle), site(), command);
        loop {
            if let Some(impact) = f.advance(dt) {
                return impact;
            }
        }
    };
    let reference = fly(1.0 / 256.0);
    let errors: Vec<(f64, f64)> = [1.0, 0.5, 0.25, 0.125, 0.0625]
        .into_iter()
        .map(|dt| {
            (
                dt,
                (fly(dt).state.position - reference.state.position)
                    .norm()
                    .si(),
            )
        })
        .collect();
    println!(
        "cut-off at 40.03 s, range {:.1} km: {}",
        tdome_physics::geodesic::inverse(&site(), &reference.point)
            .distance
            .as_km(),
        errors
            .iter()
            .map(|(dt, e)| format!("dt {dt}: {e:.3} m"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let at = |dt: f64| errors.iter().find(|p| p.0 == dt).map_or(f64::NAN, |p| p.1);
    assert!(at(0.125) < 1.0, "{:.3} m at 1/8 s", at(0.125));
    assert!(
        at(0.25) / at(0.125) > 4.0,
        "convergence ratio {:.1}",
        at(0.25) / at(0.125)
    );
}

/// Without drag, once the motor is cut the Jacobi integral (the same independent
/// potential as `val_jacobi_integral_conserved_without_drag`) is conserved, including
/// across the step split at a cut-off of 20.03 s. Control: while the motor burns the
/// integral climbs by the work of the thrust, many orders of magnitude more than the
/// drift after it. Measured (DF-11A-class without drag, 70°, 502 coasting steps): drift
/// 4.5e-8 J/kg = 3.0e-13 of ½v² at the cut-off, against 1.8e5 J/kg of boost work.
#[test]
fn val_jacobi_integral_conserved_after_a_thrust_cutoff() {
    let vehicle = Arc::new(BallisticVehicle {
        reference_area_m2: 0.0,
        ..(*DF11A.vehicle()).clone()
    });
    let cutoff_s = 20.03;
    let mut flight = BallisticFlight::launch(vehicle, site(), command(70.0, Some(cutoff_s)));
    let j_launch = jacobi(flight.state(), 1.0);
    // The first state at or after the cut-off: the end of the step that straddles it.
    while flight.elapsed_s() < cutoff_s {
        flight.step(DT);
    }
    let j_cut = jacobi(flight.state(), 1.0);
    let speed = flight.state().velocity.mps().norm();
    let mut drift = 0.0f64;
    let mut steps = 0;
    while flight.elapsed_s() < 400.0 {
        if flight.advance(DT).is_some() {
            break;
        }
        drift = drift.max((jacobi(flight.state(), 1.0) - j_cut).abs());
        steps += 1;
    }
    let kinetic = 0.5 * speed * speed;
    let boost_work = j_cut - j_launch;
    println!(
        "cut at {cutoff_s} s ({speed:.0} m/s): boost added {boost_work:.3e} J/kg; over {steps} coasting steps the integral drifts {drift:.2e} J/kg = {:.1e} of ½v²",
        drift / kinetic
    );
    assert!(steps > 400, "the coast should be long, got {steps} steps");
    assert!(
        drift / kinetic < 1e-12,
        "relative drift {:.2e}",
        drift / kinetic
    );
    assert!(
        boost_work > 1e9 * drift.max(1e-9),
        "the control should dwarf the drift"
    );
}
