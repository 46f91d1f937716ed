//! Stages and re-entry vehicles: the mass bookkeeping against Tsiolkovsky's equation, a
//! split burn against the unsplit one, the separated re-entry vehicle against the battle
//! manager's coast, and the weave against its closed form.

use std::sync::Arc;

use nalgebra::Vector3;
use tdome_core::{Angle, Geodetic, Mass};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, CoastDrag, LaunchCommand, ReentryVehicle, StagingError,
    UpperStage, VehicleError, Weave, coast,
};

fn drag(cd: f64) -> DragCurve {
    DragCurve::constant(cd).unwrap_or_else(|e| panic!("{e}"))
}

/// A two-stage vehicle without air (zero area): 12 t, a 7 t first stage burning 60 s, a
/// 1.2 t case dropped, a 10 s coast, a 2.4 t second stage burning 40 s.
fn two_stage_vacuum() -> BallisticVehicle {
    BallisticVehicle {
        launch_mass: Mass::kilograms(12_000.0),
        propellant_mass: Mass::kilograms(7_000.0),
        burn_time_s: 60.0,
        specific_impulse_s: 250.0,
        reference_area_m2: 0.0,
        drag: drag(0.2),
        rail_exit_speed_mps: 30.0,
        upper_stages: vec![UpperStage {
            spent_stage_mass: Mass::kilograms(1_200.0),
            coast_s: 10.0,
            propellant_mass: Mass::kilograms(2_400.0),
            burn_time_s: 40.0,
            specific_impulse_s: 280.0,
        }],
        reentry_vehicle: None,
    }
}

fn straight_up() -> LaunchCommand {
    LaunchCommand {
        azimuth: Angle::ZERO,
        elevation: Angle::degrees(90.0),
        thrust_cutoff_s: None,
    }
}

/// Gravity at the North Pole, along the axis, at geocentric radius r: point mass and J2,
/// written here from the potential U = −(GM/r)(1 − J2 (a/r)² P₂(1)), independently of
/// the crate's gravity model (NIMA TR8350.2 constants).
fn polar_gravity(r: f64) -> f64 {
    const GM: f64 = 3.986_004_418e14;
    const A: f64 = 6_378_137.0;
    const J2: f64 = 1.082_629_989_05e-3;
    GM / (r * r) * (1.0 - 3.0 * J2 * (A / r).powi(2))
}

/// Fired straight up from the pole, where neither the Coriolis nor the centrifugal term
/// acts on the axis, a vehicle without air gains exactly the rail speed plus each
/// stage's Isp·g₀·ln(m_ignition / m_burnout), less the integral of gravity over the
/// burn. The mass bookkeeping of the staging (propellant, the dropped case, the coast)
/// is all in that sum: dropping the case at the wrong time, or not at all, changes the
/// second stage's logarithm by 0.17.
#[test]
fn val_tsiolkovsky_two_stage_vertical_flight_from_the_pole() {
    let vehicle = Arc::new(two_stage_vacuum());
    let g0 = 9.806_65;
    let stage1 = 250.0 * g0 * (12_000.0_f64 / 5_000.0).ln();
    let stage2 = 280.0 * g0 * (3_800.0_f64 / 1_400.0).ln();
    let ideal = stage1 + stage2;
    assert!(
        (vehicle.ideal_delta_v_mps() - ideal).abs() < 1e-9,
        "{} against {ideal}",
        vehicle.ideal_delta_v_mps()
    );
    assert_eq!(vehicle.total_burn_time_s(), 110.0);

    let pole = Geodetic::from_degrees(90.0, 0.0, 0.0);
    let mut flight = BallisticFlight::launch(vehicle, pole, straight_up());
    let dt = 1.0 / 64.0;
    // Trapezoid rule on gravity along the path; 1/64 s makes its error ~1e-7 m/s.
    let mut gravity_loss = 0.0;
    let mut g_before = polar_gravity(flight.state().position.metres().norm());
    while flight.elapsed_s() < 110.0 - 1e-9 {
        flight.step(dt);
        let g = polar_gravity(flight.state().position.metres().norm());
        gravity_loss += 0.5 * (g_before + g) * dt;
        g_before = g;
    }
    let v = flight.state().velocity.mps();
    let expected = 30.0 + ideal - gravity_loss;
    println!(
        "burnout speed {:.6} m/s, expected {expected:.6} (ideal {ideal:.3}, gravity loss \
         {gravity_loss:.3}); sideways {:.2e} m/s",
        v.z,
        v.xy().norm()
    );
    assert!((v.z - expected).abs() < 1e-4, "{} against {expected}", v.z);
    assert!(v.xy().norm() < 1e-6);
    assert_eq!(flight.mass().si(), 1_400.0);
    assert!(!flight.is_boosting());
}

/// Splitting one burn into two stages that drop nothing, coast not at all and burn at the
/// same mass flow and Isp changes nothing but where the integrator's steps are split:
/// the trajectories agree to the integrator's error.
#[test]
fn a_burn_split_into_stages_that_drop_nothing_flies_as_one() {
    let one = BallisticVehicle {
        launch_mass: Mass::kilograms(4_200.0),
        propellant_mass: Mass::kilograms(2_920.0),
        burn_time_s: 60.0,
        specific_impulse_s: 250.0,
        reference_area_m2: 0.5,
        drag: drag(0.25),
        rail_exit_speed_mps: 30.0,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    };
    // 36.3 s is on no step's grid, so the boundary falls inside a step.
    let first_s = 36.3;
    let first_kg = 2_920.0 * first_s / 60.0;
    let two = BallisticVehicle {
        propellant_mass: Mass::kilograms(first_kg),
        burn_time_s: first_s,
        upper_stages: vec![UpperStage {
            spent_stage_mass: Mass::ZERO,
            coast_s: 0.0,
            propellant_mass: Mass::kilograms(2_920.0 - first_kg),
            burn_time_s: 60.0 - first_s,
            specific_impulse_s: 250.0,
        }],
        ..one.clone()
    };
    let site = Geodetic::from_degrees(24.0, 119.0, 0.0);
    let command = LaunchCommand {
        azimuth: Angle::degrees(45.0),
        elevation: Angle::degrees(80.0),
        thrust_cutoff_s: None,
    };
    let mut a = BallisticFlight::launch(Arc::new(one), site, command);
    let mut b = BallisticFlight::launch(Arc::new(two), site, command);
    let mut worst = 0.0_f64;
    let impact = loop {
        let ia = a.advance(0.125);
        let ib = b.advance(0.125);
        worst = worst.max((a.state().position - b.state().position).norm().si());
        match (ia, ib) {
            (Some(ia), Some(ib)) => break (ia, ib),
            (None, None) => {}
            _ => panic!("one landed a step before the other"),
        }
    };
    let miss = (impact.0.state.position - impact.1.state.position)
        .norm()
        .si();
    println!("largest gap {worst:.3e} m, impacts {miss:.3e} m apart");
    assert!(worst < 1e-3, "{worst} m");
    assert!(miss < 1e-3, "{miss} m");
}

/// A cut-off during the coast between stages leaves the second stage unlit and aboard; a
/// cut-off during the second stage keeps its unburnt propellant.
#[test]
fn a_cutoff_between_stages_leaves_the_upper_stage_unlit() {
    let vehicle = Arc::new(two_stage_vacuum());
    let pole = Geodetic::from_degrees(90.0, 0.0, 0.0);
    let fly_to = |cutoff: f64, until: f64| {
        let command = LaunchCommand {
            thrust_cutoff_s: Some(cutoff),
            ..straight_up()
        };
        let mut f = BallisticFlight::launch(vehicle.clone(), pole, command);
        while f.elapsed_s() < until {
            f.step(0.125);
        }
        f
    };
    // Cut 5 s into the 10 s coast: burn ended at 60 s, the case has gone, nothing lit.
    let f = fly_to(65.0, 120.0);
    assert_eq!(f.thrust_end_s(), 60.0);
    assert_eq!(f.mass().si(), 12_000.0 - 7_000.0 - 1_200.0);
    // Cut 10 s into the second stage's 40 s burn: a quarter of its propellant burnt.
    let f = fly_to(80.0, 120.0);
    assert_eq!(f.thrust_end_s(), 80.0);
    assert!((f.mass().si() - (3_800.0 - 600.0)).abs() < 1e-9);
}

/// A vehicle whose re-entry vehicle separates 5 s after burnout; the re-entry vehicle has
/// a constant drag coefficient, so the battle manager's coast with β = m / (C_d·A)
/// models it exactly.
fn srbm_with_reentry_vehicle(weave: Option<Weave>) -> BallisticVehicle {
    BallisticVehicle {
        launch_mass: Mass::kilograms(4_200.0),
        propellant_mass: Mass::kilograms(2_920.0),
        burn_time_s: 60.0,
        specific_impulse_s: 250.0,
        reference_area_m2: 0.5,
        drag: drag(0.25),
        rail_exit_speed_mps: 30.0,
        upper_stages: Vec::new(),
        reentry_vehicle: Some(ReentryVehicle {
            mass: Mass::kilograms(600.0),
            reference_area_m2: 0.2,
            drag: drag(0.1),
            separation_delay_s: 5.0,
            weave,
        }),
    }
}

#[test]
fn the_separated_reentry_vehicle_falls_as_the_coast_with_its_beta_predicts() {
    let vehicle = Arc::new(srbm_with_reentry_vehicle(None));
    let site = Geodetic::from_degrees(24.0, 119.0, 0.0);
    let command = LaunchCommand {
        azimuth: Angle::degrees(10.0),
        elevation: Angle::degrees(80.0),
        thrust_cutoff_s: None,
    };
    let mut flight = BallisticFlight::launch(vehicle, site, command);
    assert_eq!(flight.separation_s(), Some(65.0));
    while flight.elapsed_s() < 65.0 {
        assert!(!flight.is_separated());
        if flight.elapsed_s() >= 60.0 {
            assert_eq!(flight.mass().si(), 4_200.0 - 2_920.0);
        }
        flight.step(0.125);
    }
    assert!(flight.is_separated());
    assert_eq!(flight.mass().si(), 600.0);
    let start = *flight.state();
    let flown = loop {
        if let Some(impact) = flight.advance(0.125) {
            break impact;
        }
    };
    let predicted = coast(
        &start,
        CoastDrag::BallisticCoefficient(600.0 / (0.1 * 0.2)),
        0.125,
        2_000.0,
        |_, _| {},
    )
    .unwrap_or_else(|| panic!("no impact predicted"));
    let gap = (predicted.state.position - flown.state.position)
        .norm()
        .si();
    println!("impacts {gap:.2e} m apart after {:.1} s", flown.time_s);
    assert!(gap < 1e-6, "{gap} m");
    // The booster's own β (1,280 kg on 0.5 m² at C_d 0.25) would have landed elsewhere.
    let booster = coast(
        &start,
        CoastDrag::BallisticCoefficient(1_280.0 / (0.25 * 0.5)),
        0.125,
        2_000.0,
        |_, _| {},
    )
    .unwrap_or_else(|| panic!("no impact predicted"));
    let apart = (booster.state.position - flown.state.position).norm().si();
    assert!(apart > 500.0, "{apart} m");
}

/// In vacuum, the weave's lateral displacement from the unweaving path is
/// (A/ω²)(1 − cos ωτ) at first, before the path's own curvature couples in; the weave
/// starts where the unweaving path descends through its start height.
#[test]
fn val_closed_form_weave_displacement_in_vacuum() {
    let (a, period) = (30.0, 4.0);
    let weave = Weave {
        start_height_m: 30_000.0,
        acceleration_mps2: a,
        period_s: period,
    };
    let mut plain = srbm_with_reentry_vehicle(None);
    plain.reference_area_m2 = 0.0;
    if let Some(rv) = plain.reentry_vehicle.as_mut() {
        rv.reference_area_m2 = 0.0;
    }
    let mut weaving = plain.clone();
    if let Some(rv) = weaving.reentry_vehicle.as_mut() {
        rv.weave = Some(weave);
    }
    let site = Geodetic::from_degrees(24.0, 119.0, 0.0);
    let command = LaunchCommand {
        azimuth: Angle::degrees(30.0),
        elevation: Angle::degrees(75.0),
        thrust_cutoff_s: None,
    };
    let dt = 1.0 / 32.0;
    let mut p = BallisticFlight::launch(Arc::new(plain), site, command);
    let mut w = BallisticFlight::launch(Arc::new(weaving), site, command);
    // Fly both until the weave starts; the plain flight crosses 30 km in the same step.
    let crossing = loop {
        let before = *p.state();
        p.step(dt);
        w.step(dt);
        if let Some(start) = w.weave_start_s() {
            let h0 = before.height().si();
            let h1 = p.state().height().si();
            assert!(h0 >= 30_000.0 && h1 < 30_000.0, "{h0} {h1}");
            break start;
        }
        assert!(p.elapsed_s() < 2_000.0, "never started");
    };
    let omega = std::f64::consts::TAU / period;
    let mut worst = 0.0_f64;
    let mut peak = 0.0_f64;
    while p.elapsed_s() < crossing + 1.5 * period {
        p.step(dt);
        w.step(dt);
        let tau = p.elapsed_s() - crossing;
        let r = p.state().position.metres();
        let v = p.state().velocity.mps();
        let side: Vector3<f64> = v.cross(r).normalize();
        let lateral = (w.state().position - p.state().position)
            .metres()
            .dot(&side);
        let expected = a / (omega * omega) * (1.0 - (omega * tau).cos());
        worst = worst.max((lateral - expected).abs());
        peak = peak.max(expected);
    }
    println!(
        "weave from {crossing:.3} s: peak {peak:.2} m, largest error {worst:.2e} m over 1.5 periods"
    );
    assert!(peak > 24.0, "{peak}");
    assert!(worst < 0.02 * peak, "{worst} m of {peak} m");
}

/// The impact point moves continuously with the launch elevation, weave and all: the
/// weave starts at the crossing inside a step, not at the next step, so a launch solver
/// can converge through it. Over elevations 0.002° apart, which move the weave's start
/// across many step boundaries, the impact's second differences stay small.
#[test]
fn a_weaving_reentry_vehicle_lands_continuously_in_the_launch_elevation() {
    let weave = Weave {
        start_height_m: 30_000.0,
        acceleration_mps2: 40.0,
        period_s: 3.0,
    };
    let vehicle = Arc::new(srbm_with_reentry_vehicle(Some(weave)));
    let site = Geodetic::from_degrees(24.0, 119.0, 0.0);
    let mut impacts = Vec::new();
    let mut starts = Vec::new();
    for k in 0..60 {
        let command = LaunchCommand {
            azimuth: Angle::degrees(30.0),
            elevation: Angle::degrees(80.0 + 0.002 * f64::from(k)),
            thrust_cutoff_s: None,
        };
        let mut f = BallisticFlight::launch(vehicle.clone(), site, command);
        let impact = loop {
            if let Some(i) = f.advance(0.125) {
                break i;
            }
        };
        starts.push(f.weave_start_s().unwrap_or(f64::NAN));
        impacts.push(*impact.state.position.metres());
    }
    let step_boundaries = ((starts[59] - starts[0]) / 0.125).abs();
    let first: Vec<Vector3<f64>> = impacts.windows(2).map(|w| w[1] - w[0]).collect();
    let mut worst = 0.0_f64;
    for pair in first.windows(2) {
        worst = worst.max((pair[1] - pair[0]).norm());
    }
    let typical = first[0].norm();
    println!(
        "weave start moved over {step_boundaries:.1} steps; impact moves {typical:.2} m per \
         increment, second differences at most {worst:.3} m"
    );
    assert!(step_boundaries > 4.0, "{step_boundaries}");
    assert!(worst < 0.05 * typical, "{worst} m against {typical} m");
}

#[test]
fn stages_and_reentry_vehicles_that_cannot_fly_are_refused() {
    let mut v = two_stage_vacuum();
    v.upper_stages[0].spent_stage_mass = Mass::kilograms(2_700.0);
    assert!(matches!(
        v.validate(),
        Err(VehicleError::Staging(StagingError::Masses { .. }))
    ));
    let mut v = two_stage_vacuum();
    let extra = v.upper_stages[0];
    v.upper_stages = vec![extra; 3];
    assert!(matches!(
        v.validate(),
        Err(VehicleError::Staging(StagingError::TooManyStages(4)))
    ));
    let mut v = two_stage_vacuum();
    v.upper_stages[0].burn_time_s = f64::NAN;
    assert!(matches!(
        v.validate(),
        Err(VehicleError::Staging(StagingError::Stage { stage: 2, .. }))
    ));
    let mut v = srbm_with_reentry_vehicle(Some(Weave {
        start_height_m: 30_000.0,
        acceleration_mps2: 20.0,
        period_s: 0.0,
    }));
    assert!(matches!(
        v.validate(),
        Err(VehicleError::Staging(StagingError::ReentryVehicle { .. }))
    ));
    // Heavier than what the booster has left at burnout.
    if let Some(rv) = v.reentry_vehicle.as_mut() {
        rv.weave = None;
        rv.mass = Mass::kilograms(1_280.0);
    }
    assert!(matches!(
        v.validate(),
        Err(VehicleError::Staging(StagingError::Masses { .. }))
    ));
    assert!(two_stage_vacuum().validate().is_ok());
    assert!(srbm_with_reentry_vehicle(None).validate().is_ok());
}
