//! Exo-atmospheric intercepts: a kill vehicle steering by its divert thrusters above the
//! air, against a re-entry vehicle falling from a medium-range trajectory.
//!
//! The airframe is the catalogue's notional Arrow 3 (`catalogue/interceptors.toml`, its
//! figures copied here since this crate does not parse TOML): none of its figures is
//! public, so this tests the physics, not any real system.

use tdome_core::{Angle, EnuFrame, Geodetic, Length, Mass, Velocity};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{CoastDrag, circular_reference_area_m2, coast};
use tdome_physics::interceptor::{
    EngagementEnd, FlightEnvironment, FlyoutSettings, GravityBias, Guidance, InterceptorAirframe,
    InterceptorLaunch, LateralLimit, LaunchPhase, MotorPhase, PnLaw, TargetMotion, fly_engagement,
};

use crate::flyout::FlownTarget;
use crate::flyout::notional_interceptor::generic_missile_drag;

const G0: f64 = 9.806_65;

/// The notional Arrow 3 of the catalogue, with `divert_g` of divert after burnout.
fn arrow3_like(divert_g: f64) -> InterceptorAirframe {
    InterceptorAirframe {
        launch_mass: Mass::kilograms(1000.0),
        boost: MotorPhase {
            thrust_n: 121_000.0,
            burn_time_s: 12.0,
            propellant_mass: Mass::kilograms(550.0),
        },
        sustain: Some(MotorPhase {
            thrust_n: 26_000.0,
            burn_time_s: 25.0,
            propellant_mass: Mass::kilograms(245.0),
        }),
        reference_area_m2: circular_reference_area_m2(Length::metres(0.5)),
        drag: generic_missile_drag(),
        lateral_limit: LateralLimit {
            max_load_factor: 20.0,
            max_normal_force_coefficient: Some(2.0),
            max_thrust_deflection: Angle::degrees(10.0),
            divert_acceleration_mps2: divert_g * G0,
        },
        max_time_of_flight_s: 200.0,
        rail_exit_speed_mps: 20.0,
    }
}

fn vertical_launch() -> Guidance {
    Guidance {
        law: PnLaw::True,
        navigation_constant: 4.0,
        time_constant_s: 0.2,
        gravity_bias: GravityBias::None,
        launch: LaunchPhase::FixedElevation {
            elevation: Angle::degrees(90.0),
            unguided_s: 2.0,
            capture: Angle::degrees(5.0),
        },
    }
}

/// A re-entry vehicle at the apogee of a medium-range shot (300 km up, 700 km east of
/// the battery, 2.8 km/s westward), coasting in vacuum (drag is negligible above
/// 100 km, docs/physics.md), states every 0.05 s.
fn reentry_vehicle(battery: Geodetic) -> Vec<EcefState> {
    let apogee = tdome_physics::interceptor::table::point_at(
        battery,
        Angle::degrees(90.0),
        Length::km(700.0),
        Length::km(300.0),
    );
    let west = EnuFrame::at(apogee).velocity_to_ecef(&Velocity::from_mps(-2800.0, 0.0, 0.0));
    let start = EcefState::new(apogee.to_ecef(), west);
    let mut states = vec![start];
    coast(&start, CoastDrag::Vacuum, 0.05, 2000.0, |_, s| {
        states.push(*s)
    })
    .expect("lands");
    states
}

/// The predicted intercept point for a launch now at `mean_speed`: the target's position
/// at the first time t its distance from the battery is no more than mean_speed · t
/// (found by a 1 s scan and bisection; the fixed-point iteration of the low-altitude
/// tests diverges for a target this far).
fn first_reachable(
    battery: Geodetic,
    target: &dyn TargetMotion,
    mean_speed: f64,
) -> tdome_core::Position<tdome_core::Ecef> {
    let origin = battery.to_ecef();
    let gap = |t: f64| {
        let p = target.state_at(t).expect("flying").position;
        p.distance_to(&origin).si() - mean_speed * t
    };
    let mut hi = 1.0;
    while gap(hi) > 0.0 {
        hi += 1.0;
    }
    let mut lo = hi - 1.0;
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if gap(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    target.state_at(hi).expect("flying").position
}

/// The divert term is zero while the motor burns and adds a_divert after burnout, in any
/// air, capped by the structural limit.
#[test]
fn divert_acts_after_burnout_in_any_air_within_the_structural_limit() {
    let limit = arrow3_like(8.0).lateral_limit;
    let (area, mass) = (0.196, 400.0);
    // Burning in vacuum: thrust-vector control only, (T/m)·sin 10°.
    let burning = limit.available_mps2(0.0, area, mass, 26_000.0);
    assert!((burning - 26_000.0 / mass * 10f64.to_radians().sin()).abs() < 1e-9);
    // Burnt out in vacuum: the divert alone.
    assert!((limit.available_mps2(0.0, area, mass, 0.0) - 8.0 * G0).abs() < 1e-12);
    // Burnt out in air: aerodynamic plus divert.
    let q = 5_000.0;
    let want = q * area * 2.0 / mass + 8.0 * G0;
    assert!((limit.available_mps2(q, area, mass, 0.0) - want).abs() < 1e-9);
    // Dense air: the structural 20 g caps the sum.
    assert_eq!(limit.available_mps2(1e6, area, mass, 0.0), 20.0 * G0);
}

/// An Arrow 3-like kill vehicle launched vertically against a re-entry vehicle falling
/// from 300 km: with 8 g of divert it hits above 100 km (miss within its 1 m lethal
/// radius); without divert, out of the air and coasting, it cannot correct the heading
/// error its turn leaves and misses by far. The intercept geometry: closing speed and
/// altitude are printed.
#[test]
fn exo_kill_vehicle_hits_above_100_km_with_its_divert_and_misses_without() {
    let battery = Geodetic::from_degrees(31.93, 34.71, 0.0);
    let states = reentry_vehicle(battery);
    let mut rows = Vec::new();
    for delay_s in [0.0, 30.0, 60.0] {
        let target = FlownTarget::from_states(states.clone(), 0.05, delay_s);
        let launch = InterceptorLaunch {
            site: battery,
            pip: first_reachable(battery, &target, 2200.0),
        };
        let settings = FlyoutSettings {
            environment: FlightEnvironment::Earth,
            step_s: 0.02,
        };
        let fly = |divert_g: f64| {
            fly_engagement(
                &arrow3_like(divert_g),
                &vertical_launch(),
                &launch,
                &target,
                &settings,
                |_| {},
            )
            .expect("flies")
        };
        let (with, without) = (fly(8.0), fly(0.0));
        let altitude_km = with.closest.target.height().si() / 1e3;
        rows.push((
            delay_s,
            with.closest.time_s,
            altitude_km,
            with.closest.relative_speed().si(),
            with.closest.miss.si(),
            without.closest.miss.si(),
        ));
        assert_eq!(with.end, EngagementEnd::ClosestApproach, "{rows:.2?}");
        assert!(altitude_km > 100.0, "{rows:.2?}");
        assert!(with.closest.miss.si() < 1.0, "{rows:.2?}");
        assert!(without.closest.miss.si() > 100.0, "{rows:.2?}");
    }
    println!(
        "(delay, time of flight, intercept altitude km, closing m/s, miss with divert, \
         without) = {rows:.2?}"
    );
}
