//! Timing table for the physics hot paths (a dependency-free benchmark).
//!
//! Run with `cargo run --release -p tdome-physics --example timing`. Each figure is the
//! minimum and the median wall time over repeated runs, which is robust to other load on
//! a shared machine. The `solve_launch` rows are the depressed trajectory shape, the
//! `solve_launch_shaped` rows the lofted and minimum-energy ones. The vehicles are the
//! notional catalogue's Grad and DF-11A-class figures (see `catalogue/threats.toml`).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tdome_core::{Angle, EnuFrame, Geodetic, Length, Mass, Position, Velocity};
use tdome_physics::EcefState;
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticFlight, BallisticVehicle, CoastDrag, LaunchCommand, TrajectoryShape,
    circular_reference_area_m2, coast, maximum_range, solve_launch, solve_launch_shaped,
};
use tdome_physics::interceptor::table::{flyout_to_point, point_at};
use tdome_physics::interceptor::{
    FlightEnvironment, FlyoutGrid, FlyoutSettings, FlyoutTable, GravityBias, Guidance,
    InterceptorLaunch, LaunchPhase, PnLaw, Reachability, fly_engagement,
};

/// The catalogue's 9M22U Grad figures.
fn grad() -> Arc<BallisticVehicle> {
    vehicle(
        66.6,
        20.45,
        1.8,
        200.0,
        0.122,
        45.0,
        &[
            (0.0, 0.33),
            (0.8, 0.35),
            (1.0, 0.55),
            (1.2, 0.57),
            (1.5, 0.50),
            (2.0, 0.44),
            (3.0, 0.35),
        ],
    )
}

/// The catalogue's DF-11A-class figures.
fn srbm() -> Arc<BallisticVehicle> {
    vehicle(
        4200.0,
        2920.0,
        60.0,
        250.0,
        0.8,
        30.0,
        &[
            (0.0, 0.20),
            (0.8, 0.22),
            (1.1, 0.38),
            (1.5, 0.33),
            (2.5, 0.26),
            (4.0, 0.22),
            (6.0, 0.20),
        ],
    )
}

fn vehicle(
    m0: f64,
    mp: f64,
    tb: f64,
    isp: f64,
    d: f64,
    rail: f64,
    drag: &[(f64, f64)],
) -> Arc<BallisticVehicle> {
    Arc::new(BallisticVehicle {
        launch_mass: Mass::kilograms(m0),
        propellant_mass: Mass::kilograms(mp),
        burn_time_s: tb,
        specific_impulse_s: isp,
        reference_area_m2: circular_reference_area_m2(Length::metres(d)),
        drag: DragCurve::new(drag.to_vec()).unwrap_or_else(|e| panic!("bad drag table: {e}")),
        rail_exit_speed_mps: rail,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    })
}

// The notional Tamir-like interceptor of the validation tests
// (`tests/validation/flyout.rs`): 90 kg, 3 s boost, 10 s sustain, 30 g.
#[path = "../tests/common/notional_interceptor.rs"]
mod notional_interceptor;
use notional_interceptor::tamir_like;

/// Its table guidance: 60° launch, true PN N = 4, τ = 0.1 s, gravity cancelled.
fn tamir_guidance() -> Guidance {
    Guidance {
        law: PnLaw::True,
        navigation_constant: 4.0,
        time_constant_s: 0.1,
        gravity_bias: GravityBias::CancelOwnGravity,
        launch: LaunchPhase::FixedElevation {
            elevation: Angle::degrees(60.0),
            unguided_s: 0.3,
            capture: Angle::degrees(3.0),
        },
    }
}

fn interceptor_rows(site: Geodetic) {
    let airframe = tamir_like();
    let guidance = tamir_guidance();
    for (km, alt_km) in [(10.0, 3.0), (20.0, 6.0)] {
        let point = point_at(
            site,
            Angle::degrees(45.0),
            Length::km(km),
            Length::km(alt_km),
        );
        let mut tof = 0.0;
        let t = time(50, || {
            let out = flyout_to_point(&airframe, &guidance, site, point, 0.02);
            tof = out.as_ref().map_or(f64::NAN, |o| o.closest.time_s);
            black_box(out.ok());
        });
        row(
            &format!(
                "interceptor flyout to a point {km} km, {alt_km} km up, dt 0.02 s ({tof:.1} s)"
            ),
            t,
        );
    }
    // A drone 8 km out at 1 km, crossing at 40 m/s.
    let frame = EnuFrame::at(site);
    let start = frame.to_ecef(&Position::from_metres(6000.0, 5000.0, 1000.0));
    let v = frame.velocity_to_ecef(&Velocity::from_mps(-40.0, -25.0, 0.0));
    let drone = move |t: f64| Some(EcefState::new(start + v.over_seconds(t), v));
    let launch = InterceptorLaunch {
        site,
        pip: drone(12.0).map_or(start, |s| s.position),
    };
    for step_s in [0.01, 0.02] {
        let settings = FlyoutSettings {
            environment: FlightEnvironment::Earth,
            step_s,
        };
        let t = time(50, || {
            black_box(
                fly_engagement(&airframe, &guidance, &launch, &drone, &settings, |_| {}).ok(),
            );
        });
        row(
            &format!("engagement against a drone 8 km out, dt {step_s} s"),
            t,
        );
    }
    let grid = FlyoutGrid {
        min_range: Length::km(2.0),
        max_range: Length::km(30.0),
        range_nodes: 15,
        min_altitude: Length::km(0.5),
        max_altitude: Length::km(12.5),
        altitude_nodes: 13,
    };
    let reach = Reachability {
        min_arrival_speed: tdome_core::Speed::metres_per_second(250.0),
        max_miss: Length::metres(5.0),
        min_lateral_acceleration_mps2: 0.0,
    };
    let mut table = None;
    let t = time(3, || {
        table = FlyoutTable::build(
            &airframe,
            &guidance,
            site,
            Angle::degrees(45.0),
            &grid,
            &reach,
            0.02,
        )
        .ok();
    });
    row("FlyoutTable::build 15 × 13 nodes, dt 0.02 s", t);
    let Some(table) = table else { return };
    // A fixed pseudo-random walk over the grid (a linear congruential generator: the
    // timing needs no statistics, only points the branch predictor cannot learn).
    let n = 1_000_000;
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let points: Vec<(Length, Length)> = (0..n)
        .map(|_| {
            (
                Length::km(2.0 + 28.0 * next()),
                Length::km(0.5 + 12.0 * next()),
            )
        })
        .collect();
    let t = time(5, || {
        for &(r, h) in &points {
            black_box(table.lookup(black_box(r), black_box(h)).ok());
        }
    });
    println!(
        "| FlyoutTable::lookup (bilinear), per lookup                         | {:>7.1} ns | {:>7.1} ns |",
        t.0.as_secs_f64() * 1e9 / n as f64,
        t.1.as_secs_f64() * 1e9 / n as f64
    );
}

/// Minimum and median of `runs` timings of `f`.
fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    (samples[0], samples[runs / 2])
}

fn row(name: &str, (min, median): (Duration, Duration)) {
    println!(
        "| {name:<66} | {:>10.1} | {:>10.1} |",
        min.as_secs_f64() * 1e6,
        median.as_secs_f64() * 1e6
    );
}

fn east_of(site: Geodetic, km: f64, north_km: f64) -> Geodetic {
    let p = EnuFrame::at(site).to_ecef(&Position::from_metres(km * 1e3, north_km * 1e3, 0.0));
    Geodetic::from_ecef(&p).with_height(Length::ZERO)
}

fn main() {
    let site = Geodetic::from_degrees(24.5, 118.5, 0.0);
    let (grad, srbm) = (grad(), srbm());
    println!(
        "| operation (release build)                                          |   min (µs) | median (µs) |"
    );
    println!(
        "|--------------------------------------------------------------------|------------|------------|"
    );

    let command = LaunchCommand {
        azimuth: Angle::degrees(90.0),
        elevation: Angle::degrees(74.0),
        thrust_cutoff_s: None,
    };
    let mut steps = 0u32;
    let full = time(20, || {
        let mut flight = BallisticFlight::launch(Arc::clone(&srbm), site, command);
        steps = 0;
        while flight.advance(0.125).is_none() {
            steps += 1;
        }
        black_box(flight.state());
    });
    row(
        &format!("SRBM flight, 74° elevation, dt 0.125 s ({steps} steps)"),
        full,
    );
    println!(
        "|   per step: {:.0} ns (min)",
        full.0.as_secs_f64() * 1e9 / f64::from(steps)
    );

    // An SRBM-like body after burnout: 100 km up, 1.5 km/s east and 1.1 km/s climbing;
    // it lands about 300 s later.
    let start_site = Geodetic::from_degrees(24.5, 119.5, 100_000.0);
    let frame = EnuFrame::at(start_site);
    let velocity = frame.velocity_to_ecef(&Velocity::from_mps(1500.0, 0.0, 1100.0));
    let state = EcefState::new(frame.origin_ecef(), velocity);
    for (label, drag) in [
        ("vacuum", CoastDrag::Vacuum),
        ("β = 5000 kg/m²", CoastDrag::BallisticCoefficient(5000.0)),
    ] {
        let mut visited = 0;
        let mut impact_s = 0.0;
        let t = time(200, || {
            visited = 0;
            let impact = coast(&state, drag, 1.0, 600.0, |_, _| visited += 1);
            impact_s = impact.map_or(f64::NAN, |i| i.time_s);
            black_box(impact);
        });
        row(
            &format!("coast to impact at {impact_s:.0} s, 1 s step, {label} ({visited} steps)"),
            t,
        );
    }

    for (name, veh, km) in [
        ("Grad", &grad, 10.0),
        ("Grad", &grad, 18.0),
        ("SRBM", &srbm, 150.0),
        ("SRBM", &srbm, 300.0),
    ] {
        let aim = east_of(site, km, 0.0);
        let t = time(15, || {
            black_box(solve_launch(veh, site, aim, 0.125).ok());
        });
        row(&format!("solve_launch {name} {km} km, dt 0.125 s"), t);
    }
    for (name, veh, km) in [
        ("Grad", &grad, 10.0),
        ("SRBM", &srbm, 150.0),
        ("SRBM", &srbm, 300.0),
    ] {
        let aim = east_of(site, km, 0.0);
        for shape in [TrajectoryShape::Lofted, TrajectoryShape::MinimumEnergy] {
            let t = time(15, || {
                black_box(solve_launch_shaped(veh, site, aim, 0.125, shape).ok());
            });
            row(
                &format!("solve_launch_shaped {shape:?} {name} {km} km, dt 0.125 s"),
                t,
            );
        }
    }
    for (name, veh) in [("Grad", &grad), ("SRBM", &srbm)] {
        let t = time(7, || {
            black_box(maximum_range(veh, site, Angle::degrees(90.0), 0.125));
        });
        row(&format!("maximum_range {name}, dt 0.125 s"), t);
    }
    interceptor_rows(Geodetic::from_degrees(24.5, 120.8, 0.0));
}
