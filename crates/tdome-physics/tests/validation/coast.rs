//! Impact prediction by `coast` against the world's own flight, and its contract.

use std::sync::Arc;

use tdome_core::{Angle, EnuFrame, Geodetic, Mass, Velocity};
use tdome_physics::EcefState;
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, CoastDrag, LaunchCommand, coast,
};

/// An unpowered body (no propellant, no thrust) with a constant drag coefficient: the
/// world flies it with `BallisticFlight`, the battle manager predicts it with `coast` and
/// β = m/(C_d A). The two code paths must agree.
#[test]
fn coast_with_constant_beta_predicts_the_same_impact_as_flight() {
    let (mass, cd, area) = (500.0, 0.25, 0.2);
    let vehicle = Arc::new(BallisticVehicle {
        launch_mass: Mass::kilograms(mass),
        propellant_mass: Mass::ZERO,
        burn_time_s: 1.0,
        specific_impulse_s: 0.0,
        reference_area_m2: area,
        drag: DragCurve::constant(cd).unwrap_or_else(|e| panic!("{e}")),
        rail_exit_speed_mps: 1500.0,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    });
    let site = Geodetic::from_degrees(24.5, 118.5, 0.0);
    let command = LaunchCommand {
        azimuth: Angle::degrees(100.0),
        elevation: Angle::degrees(40.0),
        thrust_cutoff_s: None,
    };
    let mut flight = BallisticFlight::launch(vehicle, site, command);
    let start = *flight.state();
    let flown = loop {
        if let Some(impact) = flight.advance(0.125) {
            break impact;
        }
    };
    let predicted = coast(
        &start,
        CoastDrag::BallisticCoefficient(mass / (cd * area)),
        0.125,
        1000.0,
        |_, _| {},
    )
    .unwrap_or_else(|| panic!("no impact predicted"));
    let gap = (predicted.state.position - flown.state.position)
        .norm()
        .si();
    println!(
        "flown {:.3} s, predicted {:.3} s, {gap:.2e} m apart",
        flown.time_s, predicted.time_s
    );
    assert!(gap < 1e-6, "{gap} m");
    assert!((predicted.time_s - flown.time_s).abs() < 1e-9);
    // And drag matters: the vacuum prediction lands kilometres further.
    let vacuum = coast(&start, CoastDrag::Vacuum, 0.125, 1000.0, |_, _| {})
        .unwrap_or_else(|| panic!("no impact"));
    assert!((vacuum.state.position - flown.state.position).norm().si() > 1000.0);
}

#[test]
fn coast_visits_every_step_and_honours_the_horizon() {
    let site = Geodetic::from_degrees(24.0, 121.0, 20_000.0);
    let frame = EnuFrame::at(site);
    let start = EcefState::new(
        frame.origin_ecef(),
        frame.velocity_to_ecef(&Velocity::from_mps(800.0, 0.0, 300.0)),
    );
    let mut times = Vec::new();
    assert!(coast(&start, CoastDrag::Vacuum, 1.0, 10.5, |t, _| times.push(t)).is_none());
    let want: Vec<f64> = (1..=10).map(f64::from).chain([10.5]).collect();
    assert_eq!(
        times, want,
        "one visit per step, the last step shortened to the horizon"
    );

    let mut last = None;
    let impact = coast(
        &start,
        CoastDrag::BallisticCoefficient(3000.0),
        0.5,
        600.0,
        |t, s| last = Some((t, *s)),
    )
    .unwrap_or_else(|| panic!("it lands"));
    assert_eq!(
        last,
        Some((impact.time_s, impact.state)),
        "the impact is the last visit"
    );
    assert!(impact.point.height_m() == 0.0);
    assert!(impact.state.height().si().abs() < 1e-5);

    for (step, horizon) in [
        (0.0, 10.0),
        (-1.0, 10.0),
        (f64::NAN, 10.0),
        (1.0, 0.0),
        (1.0, f64::INFINITY),
    ] {
        let mut visits = 0;
        assert!(coast(&start, CoastDrag::Vacuum, step, horizon, |_, _| visits += 1).is_none());
        assert_eq!(visits, 0);
    }
    // A non-finite state stops the propagation instead of spreading NaN.
    let broken = EcefState::new(start.position, Velocity::from_mps(f64::NAN, 0.0, 0.0));
    assert!(
        coast(
            &broken,
            CoastDrag::BallisticCoefficient(1000.0),
            1.0,
            100.0,
            |_, _| {}
        )
        .is_none()
    );
}
