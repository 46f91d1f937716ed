//! Trajectory shapes of launch solutions (depressed, lofted, minimum energy), checked by
//! flying them the way the world does, against closed forms, and against each other.

use std::sync::Arc;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use tdome_core::{Angle, Geodetic, Length, Mass};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, LaunchCommand, LaunchError, LaunchSolution,
    MIN_BURN_FRACTION, TrajectoryShape, maximum_range, solve_launch, solve_launch_shaped,
};
use tdome_physics::geodesic;

use crate::launch::{DT, aim_from, fly_like_the_world, ground_miss};
use crate::quantiles;
use crate::vehicles::{DF11A, DF15B, Entry, FAJR5, GRAD, PHL16};

const SHAPES: [TrajectoryShape; 3] = [
    TrajectoryShape::Depressed,
    TrajectoryShape::MinimumEnergy,
    TrajectoryShape::Lofted,
];

fn site() -> Geodetic {
    Geodetic::from_degrees(24.5, 118.5, 0.0)
}

fn solve(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    shape: TrajectoryShape,
) -> LaunchSolution {
    solve_launch_shaped(vehicle, site, aim, DT, shape)
        .unwrap_or_else(|e| panic!("{shape:?} to {aim:?}: {e}"))
}

/// Highest ellipsoidal height of the flight of `command`, metres, sampled at every step
/// (near the apex the height changes by ½g(dt/2)² ≈ 2 cm within a step).
fn apogee_m(vehicle: &Arc<BallisticVehicle>, site: Geodetic, command: LaunchCommand) -> f64 {
    let mut flight = BallisticFlight::launch(Arc::clone(vehicle), site, command);
    let mut apogee = 0.0f64;
    for _ in 0..100_000 {
        if flight.advance(DT).is_some() {
            return apogee;
        }
        apogee = apogee.max(Geodetic::from_ecef(&flight.state().position).height_m());
    }
    panic!("the flight never landed");
}

/// Every catalogue rocket and SRBM whose shapes differ (Grad, Fajr-5, PHL-16,
/// DF-11A-class, DF-15B-class), at two ranges each and four azimuths, solved in each
/// trajectory shape at the world's tick and flown like the world. The ranges lie beyond
/// each vehicle's lofted minimum range (an 89° launch) and within its maximum range.
///
/// Asserted for each aim: the miss is under 50 m (and under the solver's 5 m promise);
/// apogees are ordered depressed < minimum energy < lofted; the minimum-energy solution
/// cuts the motor between [`MIN_BURN_FRACTION`] of the burn and burnout, at the
/// full-burn maximum-range elevation (within 0.5° of `maximum_range`'s); and for aims of
/// 150 km and more its apogee is between 0.22 and 0.36 of the range.
///
/// Why that band. In vacuum over a flat Earth the minimum-energy apogee is range/4;
/// Earth curvature lowers it to about 1/4 − Θ/16 (Θ the range angle: 0.242 at 800 km),
/// and the fixed launch elevation (the maximum-range one, flatter than the vacuum optimum
/// for a shorter range) lowers it by up to 3.3 % more
/// (`val_closed_form_minimum_energy_ellipse_in_vacuum`): hence 0.22. Drag does not lower
/// it in this model but raises it: the least-energy path climbs more steeply, to spend
/// less of the flight in dense air (`drag_steepens_the_minimum_energy_trajectory`: 0.24–
/// 0.26 without drag, 0.29–0.32 with it, at 300 km), and a long boost on a steep gravity
/// turn ends tens of kilometres up. The least burn over a sweep of elevations gives
/// apogees of 0.28–0.32 of the range (`minimum_energy_burn_is_the_least_over_elevations`)
/// and the fixed elevation adds up to 11 %: hence 0.36. Measured: 0.254 to 0.325.
#[test]
fn val_aim_point_miss_every_trajectory_shape() {
    let site = site();
    let cases: [(&Entry, [f64; 2]); 5] = [
        (&GRAD, [8.0, 16.0]),
        (&FAJR5, [30.0, 65.0]),
        (&PHL16, [120.0, 300.0]),
        (&DF11A, [200.0, 450.0]),
        (&DF15B, [300.0, 650.0]),
    ];
    let mut misses = [Vec::new(), Vec::new(), Vec::new()];
    let mut ratios = [Vec::new(), Vec::new(), Vec::new()];
    let mut band = Vec::new();
    for (entry, ranges) in cases {
        let vehicle = entry.vehicle();
        for range_km in ranges {
            for azimuth in [0.0, 90.0, 180.0, 270.0] {
                let aim = aim_from(site, range_km, azimuth);
                let mut apogees = [0.0; 3];
                for (i, shape) in SHAPES.into_iter().enumerate() {
                    let solution = solve(&vehicle, site, aim, shape);
                    let (impact, time_s) = fly_like_the_world(&vehicle, site, solution.command);
                    let miss = ground_miss(&impact, &aim);
                    assert!((solution.time_of_flight_s - time_s).abs() < 1e-9);
                    let apogee = apogee_m(&vehicle, site, solution.command);
                    apogees[i] = apogee;
                    misses[i].push(miss);
                    ratios[i].push(apogee / (range_km * 1e3));
                    println!(
                        "{:<22} {range_km:>5} km az {azimuth:>3} {:<13}: el {:6.2}° cut {:>7} tof {:6.1} s apogee {:7.1} km ({:.3} of range) miss {miss:.3} m",
                        entry.name,
                        format!("{shape:?}"),
                        solution.command.elevation.as_degrees(),
                        solution
                            .command
                            .thrust_cutoff_s
                            .map_or("-".to_owned(), |c| format!("{c:.2} s")),
                        time_s,
                        apogee / 1e3,
                        apogee / (range_km * 1e3),
                    );
                    if shape == TrajectoryShape::MinimumEnergy {
                        check_minimum_energy(&vehicle, site, azimuth, &solution);
                        if range_km >= 150.0 {
                            band.push(apogee / (range_km * 1e3));
                        }
                    } else {
                        assert_eq!(solution.command.thrust_cutoff_s, None);
                    }
                }
                assert!(
                    apogees[0] < apogees[1] && apogees[1] < apogees[2],
                    "{} at {range_km} km, azimuth {azimuth}: apogees {apogees:?}",
                    entry.name
                );
            }
        }
    }
    for (i, shape) in SHAPES.into_iter().enumerate() {
        println!("{shape:?} misses (m): {}", quantiles(&misses[i]));
        println!("{shape:?} apogee / range: {}", quantiles(&ratios[i]));
        let max = crate::quantile(&misses[i], 1.0);
        assert!(max < 50.0);
        assert!(max < 5.0, "{shape:?}: {}", quantiles(&misses[i]));
    }
    let (low, high) = (crate::quantile(&band, 0.0), crate::quantile(&band, 1.0));
    println!("minimum energy, aims of 150 km and more: apogee / range {low:.3} to {high:.3}");
    assert!(low > 0.22 && high < 0.36, "{low:.3} to {high:.3}");
}

/// The minimum-energy solution's cut-off lies in the allowed part of the burn and its
/// elevation is the full-burn maximum-range elevation.
fn check_minimum_energy(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth_deg: f64,
    solution: &LaunchSolution,
) {
    let burn = vehicle.burn_time_s;
    let cutoff = solution
        .command
        .thrust_cutoff_s
        .unwrap_or_else(|| panic!("a minimum-energy solution cuts the motor"));
    assert!(
        cutoff >= MIN_BURN_FRACTION * burn && cutoff <= burn,
        "cut-off {cutoff} s of a {burn} s burn"
    );
    let (_, best_elevation) = maximum_range(vehicle, site, Angle::degrees(azimuth_deg), DT);
    let off = (solution.command.elevation - best_elevation).as_degrees();
    assert!(
        off.abs() < 0.5,
        "elevation {:.2}° vs the maximum-range {:.2}°",
        solution.command.elevation.as_degrees(),
        best_elevation.as_degrees()
    );
}

/// The range angle, radians, of the ground distance `range_m` on a sphere of radius `r_m`.
fn range_angle(range_m: f64, r_m: f64) -> f64 {
    range_m / r_m
}

/// The apogee height of the minimum-energy ellipse between two points at radius `r_m`
/// a range angle `theta` apart (vacuum, point-mass Earth): the empty focus lies on the
/// chord, so 2ae = r cos(Θ/2) and a = r(1 + sin(Θ/2))/2, and the apogee radius a(1 + e)
/// is r(1 + sin(Θ/2) + cos(Θ/2))/2. For small Θ, h/(rΘ) = 1/4 − Θ/16 + …
fn minimum_energy_apogee_m(r_m: f64, theta: f64) -> f64 {
    let half = 0.5 * theta;
    0.5 * r_m * (half.sin() + half.cos() - 1.0)
}

/// In vacuum, with a short, hard burn from a fast rail (so the boost barely bends the
/// path and ends a few hundred metres up), the minimum-energy shape must reproduce the
/// closed-form minimum-energy ellipse: exactly at the maximum range, where the fixed
/// launch elevation is the optimum, and a little lower short of it, where the optimum
/// flight-path angle 45° − Θ/4 is steeper than the maximum-range one by (Θ_max − Θ)/4.
/// Launched from the North Pole down a meridian, where Earth rotation changes neither
/// range (the distance from the pole is preserved by the rotation) nor apogee, so the
/// rotating-frame flight is the inertial one. Reference radius: the WGS-84 polar radius
/// of curvature a²/b, the sphere that osculates the ellipsoid at the pole.
///
/// Measured apogee / closed form: 0.968 at 150 km, 0.977 at 300 km, 0.987 at 450 km,
/// 0.996 at 99 % of the 580 km maximum range (asserted: 0.95–1.005, and above 0.99 at
/// 99 %).
#[test]
fn val_closed_form_minimum_energy_ellipse_in_vacuum() {
    let vehicle = Arc::new(BallisticVehicle {
        launch_mass: Mass::kilograms(1000.0),
        propellant_mass: Mass::kilograms(500.0),
        burn_time_s: 1.0,
        specific_impulse_s: 300.0,
        reference_area_m2: 0.0,
        drag: DragCurve::constant(0.3).unwrap_or_else(|e| panic!("{e}")),
        rail_exit_speed_mps: 300.0,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    });
    let pole = Geodetic::from_degrees(90.0, 10.0, 0.0);
    let (max_range, _) = maximum_range(&vehicle, pole, Angle::degrees(180.0), DT);
    let polar_radius_of_curvature = 6_378_137.0f64.powi(2) / 6_356_752.314_245;
    let mut rows = Vec::new();
    for fraction in [0.26, 0.52, 0.78, 0.99] {
        let target_km = fraction * max_range.as_km();
        let aim = aim_from(pole, target_km, 180.0);
        let solution = solve(&vehicle, pole, aim, TrajectoryShape::MinimumEnergy);
        let apogee = apogee_m(&vehicle, pole, solution.command);
        let (impact, _) = fly_like_the_world(&vehicle, pole, solution.command);
        let range_m = geodesic::inverse(&pole, &impact).distance.si();
        let theta = range_angle(range_m, polar_radius_of_curvature);
        let ratio = apogee / minimum_energy_apogee_m(polar_radius_of_curvature, theta);
        println!(
            "{:5.1} km: el {:.3}° cut {:.3} s, apogee {:.3} km, closed form {:.3} km, ratio {ratio:.4}",
            range_m / 1e3,
            solution.command.elevation.as_degrees(),
            solution.command.thrust_cutoff_s.unwrap_or(f64::NAN),
            apogee / 1e3,
            minimum_energy_apogee_m(polar_radius_of_curvature, theta) / 1e3
        );
        rows.push((fraction, ratio));
    }
    for (fraction, ratio) in rows {
        assert!((0.95..1.005).contains(&ratio), "{fraction}: {ratio}");
        if fraction > 0.9 {
            assert!(ratio > 0.99, "at the maximum range: {ratio}");
        }
    }
}

/// Range (geodesic, metres) of a launch along `azimuth_deg` at `elevation_deg` with the
/// motor cut at `cutoff_s`.
fn range_with_cutoff(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth_deg: f64,
    elevation_deg: f64,
    cutoff_s: f64,
) -> f64 {
    let command = LaunchCommand {
        azimuth: Angle::degrees(azimuth_deg),
        elevation: Angle::degrees(elevation_deg),
        thrust_cutoff_s: Some(cutoff_s),
    };
    let (impact, _) = fly_like_the_world(vehicle, site, command);
    geodesic::inverse(&site, &impact).distance.si()
}

/// The shortest burn, seconds, that reaches `range_m` at `elevation_deg` (bisection to
/// 1e-6 of the burn), or `None` if a full burn falls short.
fn least_burn_s(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    elevation_deg: f64,
    range_m: f64,
) -> Option<f64> {
    let (mut short, mut long) = (0.0, vehicle.burn_time_s);
    if range_with_cutoff(vehicle, site, 0.0, elevation_deg, long) < range_m {
        return None;
    }
    while long - short > 1e-6 * vehicle.burn_time_s {
        let mid = 0.5 * (short + long);
        if range_with_cutoff(vehicle, site, 0.0, elevation_deg, mid) < range_m {
            short = mid;
        } else {
            long = mid;
        }
    }
    Some(long)
}

/// How near the fixed-elevation approximation comes to the true minimum-energy launch of
/// this model: for three aims, the burn the minimum-energy solution needs against the
/// least burn over launch elevations from 6° below to 2° above it, in 1° steps, each
/// found by bisection on the cut-off time. The least burn is the least energy (the
/// motor's impulse grows with burn time). Measured: Grad 10 km +0.41 % (least at 3°
/// lower, apogee 2.8 km against 3.1 km), PHL-16 200 km +0.01 % (1° lower, 63.1 against
/// 65.9 km), DF-11A-class 300 km 0.00 % (same elevation, 86.6 km); asserted within 1 %.
#[test]
fn minimum_energy_burn_is_the_least_over_elevations() {
    let site = site();
    for (entry, range_km) in [(&GRAD, 10.0), (&PHL16, 200.0), (&DF11A, 300.0)] {
        let vehicle = entry.vehicle();
        let aim = aim_from(site, range_km, 0.0);
        let solution = solve(&vehicle, site, aim, TrajectoryShape::MinimumEnergy);
        let burn = solution.command.thrust_cutoff_s.unwrap_or(f64::NAN);
        let elevation = solution.command.elevation.as_degrees();
        let range_m = range_km * 1e3;
        let (best_elevation, least) = (-6..=2)
            .filter_map(|k| {
                let el = elevation + f64::from(k);
                least_burn_s(&vehicle, site, el, range_m).map(|b| (el, b))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((f64::NAN, f64::NAN));
        let excess = burn / least - 1.0;
        let least_command = LaunchCommand {
            azimuth: Angle::ZERO,
            elevation: Angle::degrees(best_elevation),
            thrust_cutoff_s: Some(least),
        };
        println!(
            "{:<22} {range_km} km: solution el {elevation:.2}° burn {burn:.3} s apogee {:.1} km; least {least:.3} s at {best_elevation:.2}° apogee {:.1} km; excess {:+.2} %",
            entry.name,
            apogee_m(&vehicle, site, solution.command) / 1e3,
            apogee_m(&vehicle, site, least_command) / 1e3,
            100.0 * excess
        );
        assert!(excess < 0.01, "{}: {:+.2} %", entry.name, 100.0 * excess);
    }
}

/// Drag steepens the minimum-energy trajectory. The same SRBM and guided rocket, with
/// and without drag, solved for 300 km: without drag the apogee is near the vacuum
/// range/4 (measured 0.257 and 0.240 of the range: the boost ending 22 km and 6 km up
/// adds a little, Earth curvature takes a little), with drag it is well above (0.289 and
/// 0.323), and the maximum-range elevation is steeper (80.5° against 79.0°, 61.5° against
/// 55.0°).
#[test]
fn drag_steepens_the_minimum_energy_trajectory() {
    let site = site();
    let aim = aim_from(site, 300.0, 0.0);
    for entry in [&DF11A, &PHL16] {
        let with_drag = entry.vehicle();
        let without = Arc::new(BallisticVehicle {
            reference_area_m2: 0.0,
            ..(*with_drag).clone()
        });
        let [(el_drag, ratio_drag), (el_vacuum, ratio_vacuum)] =
            [&with_drag, &without].map(|vehicle| {
                let solution = solve(vehicle, site, aim, TrajectoryShape::MinimumEnergy);
                (
                    solution.command.elevation.as_degrees(),
                    apogee_m(vehicle, site, solution.command) / 300e3,
                )
            });
        println!(
            "{:<22} 300 km: with drag el {el_drag:.2}° apogee/range {ratio_drag:.3}; without el {el_vacuum:.2}° apogee/range {ratio_vacuum:.3}",
            entry.name
        );
        assert!(
            (0.23..0.27).contains(&ratio_vacuum),
            "{}: {ratio_vacuum}",
            entry.name
        );
        assert!(ratio_drag > ratio_vacuum + 0.02, "{}", entry.name);
        assert!(el_drag > el_vacuum, "{}", entry.name);
    }
}

/// Near both ends of each envelope the new shapes still land or refuse properly: the
/// lofted branch just inside and beyond the maximum range, and just beyond and inside
/// its minimum range (an 89° launch); the minimum-energy shape just inside and beyond a
/// full burn's range, and near the shortest burn allowed.
#[test]
fn shapes_at_the_edges_of_their_envelopes() {
    let site = site();
    for entry in [&GRAD, &DF11A] {
        let vehicle = entry.vehicle();
        let (max_range, _) = maximum_range(&vehicle, site, Angle::degrees(90.0), DT);
        for shape in [TrajectoryShape::Lofted, TrajectoryShape::MinimumEnergy] {
            let inside = aim_from(site, 0.997 * max_range.as_km(), 90.0);
            let solution = solve(&vehicle, site, inside, shape);
            let (impact, _) = fly_like_the_world(&vehicle, site, solution.command);
            assert!(
                ground_miss(&impact, &inside) < 5.0,
                "{} {shape:?}",
                entry.name
            );
            let beyond = aim_from(site, 1.005 * max_range.as_km(), 90.0);
            match solve_launch_shaped(&vehicle, site, beyond, DT, shape) {
                Err(LaunchError::OutOfRange { max_range_km, .. }) => {
                    let error = max_range_km / max_range.as_km() - 1.0;
                    println!(
                        "{} {shape:?}: maximum {max_range_km:.3} km, {:+.4} % from maximum_range",
                        entry.name,
                        100.0 * error
                    );
                    assert!(
                        error.abs() < 2e-3,
                        "{} {shape:?}: {max_range_km} km",
                        entry.name
                    );
                }
                other => panic!("{} {shape:?} at 100.5 %: {other:?}", entry.name),
            }
        }

        // The lofted branch ends at the steepest launch.
        let vertical_km = match solve_launch_shaped(
            &vehicle,
            site,
            aim_from(site, 0.5, 90.0),
            DT,
            TrajectoryShape::Lofted,
        ) {
            Err(LaunchError::TooClose { min_range_km, .. }) => min_range_km,
            other => panic!("{}: expected too close, got {other:?}", entry.name),
        };
        let steep = LaunchCommand {
            azimuth: Angle::degrees(90.0),
            elevation: Angle::degrees(89.0),
            thrust_cutoff_s: None,
        };
        let (impact, _) = fly_like_the_world(&vehicle, site, steep);
        let at_89 = geodesic::inverse(&site, &impact).distance.as_km();
        // The error's range is along the geodesic azimuth to the aim, within a few
        // hundred metres of the one flown here.
        assert!(
            (vertical_km - at_89).abs() < 0.01 * at_89 + 0.3,
            "{}: {vertical_km} km vs {at_89} km",
            entry.name
        );
        let just_beyond = aim_from(site, 1.02 * vertical_km, 90.0);
        let solution = solve(&vehicle, site, just_beyond, TrajectoryShape::Lofted);
        let (impact, _) = fly_like_the_world(&vehicle, site, solution.command);
        assert!(ground_miss(&impact, &just_beyond) < 5.0, "{}", entry.name);
        assert!(solution.command.elevation.as_degrees() > 85.0);
        match solve_launch_shaped(
            &vehicle,
            site,
            aim_from(site, 0.98 * vertical_km, 90.0),
            DT,
            TrajectoryShape::Lofted,
        ) {
            Err(LaunchError::TooClose { .. }) => {}
            other => panic!("{}: expected too close, got {other:?}", entry.name),
        }

        // The minimum-energy shape ends at the shortest burn allowed.
        let shortest_km = match solve_launch_shaped(
            &vehicle,
            site,
            aim_from(site, 0.2, 90.0),
            DT,
            TrajectoryShape::MinimumEnergy,
        ) {
            Err(LaunchError::TooClose { min_range_km, .. }) => min_range_km,
            other => panic!("{}: expected too close, got {other:?}", entry.name),
        };
        assert!(shortest_km > 0.2, "{}: {shortest_km} km", entry.name);
        let just_beyond = aim_from(site, 1.05 * shortest_km, 90.0);
        let solution = solve(&vehicle, site, just_beyond, TrajectoryShape::MinimumEnergy);
        let (impact, _) = fly_like_the_world(&vehicle, site, solution.command);
        assert!(ground_miss(&impact, &just_beyond) < 5.0, "{}", entry.name);
        let cutoff = solution.command.thrust_cutoff_s.unwrap_or(f64::NAN);
        assert!(
            cutoff < 0.2 * vehicle.burn_time_s,
            "{}: {cutoff} s",
            entry.name
        );
        println!(
            "{}: maximum range {:.1} km; lofted minimum range {vertical_km:.2} km; minimum-energy minimum range {shortest_km:.2} km",
            entry.name,
            max_range.as_km()
        );
    }
}

/// `solve_launch` is the depressed shape, bit for bit, and every shape gives the same
/// answer for the same input.
#[test]
fn shapes_are_deterministic_and_depressed_is_the_default() {
    let site = site();
    let vehicle = DF11A.vehicle();
    let aim = aim_from(site, 250.0, 75.0);
    assert_eq!(
        solve_launch(&vehicle, site, aim, DT),
        solve_launch_shaped(&vehicle, site, aim, DT, TrajectoryShape::Depressed)
    );
    assert_eq!(TrajectoryShape::default(), TrajectoryShape::Depressed);
    for shape in SHAPES {
        let a = solve_launch_shaped(&vehicle, site, aim, DT, shape);
        let b = solve_launch_shaped(&Arc::new((*vehicle).clone()), site, aim, DT, shape);
        assert!(a.is_ok(), "{shape:?}: {a:?}");
        assert_eq!(a, b, "{shape:?}");
    }
}

/// Bad input is an error in every shape, never a panic; out-of-range and too-close aims
/// are named.
#[test]
fn shaped_errors() {
    let site = site();
    let grad = GRAD.vehicle();
    let aim = aim_from(site, 10.0, 0.0);
    let broken = Arc::new(BallisticVehicle {
        burn_time_s: 0.0,
        ..(*grad).clone()
    });
    for shape in SHAPES {
        for bad in [
            solve_launch_shaped(&grad, site, aim, 0.0, shape),
            solve_launch_shaped(&grad, site, aim, f64::INFINITY, shape),
            solve_launch_shaped(
                &grad,
                site,
                Geodetic::from_degrees(f64::NAN, 0.0, 0.0),
                DT,
                shape,
            ),
            solve_launch_shaped(
                &grad,
                Geodetic::from_degrees(91.0, 0.0, 0.0),
                aim,
                DT,
                shape,
            ),
            solve_launch_shaped(&broken, site, aim, DT, shape),
        ] {
            assert!(
                matches!(bad, Err(LaunchError::InvalidInput { .. })),
                "{shape:?}: {bad:?}"
            );
        }
        match solve_launch_shaped(&grad, site, aim_from(site, 40.0, 90.0), DT, shape) {
            Err(LaunchError::OutOfRange { max_range_km, .. }) => {
                assert!(
                    (20.0..23.0).contains(&max_range_km),
                    "{shape:?}: {max_range_km}"
                );
            }
            other => panic!("{shape:?}: expected out of range, got {other:?}"),
        }
        // The aim on the launcher: too close for every shape.
        assert!(
            matches!(
                solve_launch_shaped(&grad, site, site, DT, shape),
                Err(LaunchError::TooClose { .. })
            ),
            "{shape:?}"
        );
    }
    // An SRBM cannot lob onto an aim 50 km away on the high branch: even at 89° it goes
    // further.
    match solve_launch_shaped(
        &DF11A.vehicle(),
        site,
        aim_from(site, 50.0, 0.0),
        DT,
        TrajectoryShape::Lofted,
    ) {
        Err(LaunchError::TooClose { min_range_km, .. }) => assert!(min_range_km > 50.0),
        other => panic!("expected too close, got {other:?}"),
    }
    // A raised site is handled like the depressed solver's: impact on the ellipsoid.
    let raised = Geodetic::from_degrees(24.0, 120.9, 800.0);
    let aim = aim_from(raised.with_height(Length::ZERO), 60.0, 200.0);
    for shape in SHAPES {
        let solution = solve(&FAJR5.vehicle(), raised, aim, shape);
        let (impact, _) = fly_like_the_world(&FAJR5.vehicle(), raised, solution.command);
        assert!(ground_miss(&impact, &aim) < 5.0, "{shape:?}");
    }
}

/// 200 cases from a fixed seed, so every run checks the same cases and a failure
/// reproduces without a regressions file; `PROPTEST_RNG_SEED=<n>` explores others.
fn proptest_config() -> ProptestConfig {
    let base = ProptestConfig::default();
    let rng_seed = match base.rng_seed {
        RngSeed::Random => RngSeed::Fixed(0x5EA9_ED01),
        chosen => chosen,
    };
    ProptestConfig {
        cases: 200,
        rng_seed,
        failure_persistence: None,
        ..base
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Whatever the site, aim (out to beyond the maximum range), step and shape, a solve
    /// returns a solution or an error and never panics, and a solution's predicted miss
    /// is within the solver's promise and its elevation within the launcher's limits.
    #[test]
    fn any_shaped_solve_returns(
        lat in -90.0..=90.0f64,
        lon in -180.0..180.0f64,
        fraction in 0.0..1.15f64,
        azimuth in 0.0..360.0f64,
        dt in prop_oneof![0.02..2.0f64, Just(0.125)],
        shape in proptest::sample::select(SHAPES.to_vec()),
        srbm in proptest::bool::weighted(0.25),
    ) {
        let site = Geodetic::from_degrees(lat, lon, 0.0);
        // Nominal maximum ranges, km (the catalogue's modelled ones, rounded up).
        let (vehicle, max_km) = if srbm { (DF11A.vehicle(), 635.0) } else { (GRAD.vehicle(), 21.3) };
        let aim = aim_from(site, fraction * max_km, azimuth);
        if let Ok(solution) = solve_launch_shaped(&vehicle, site, aim, dt, shape) {
            prop_assert!(solution.miss.si() < 5.0, "{solution:?}");
            let elevation = solution.command.elevation.as_degrees();
            prop_assert!((2.999..=89.001).contains(&elevation), "{elevation}");
        }
    }
}
