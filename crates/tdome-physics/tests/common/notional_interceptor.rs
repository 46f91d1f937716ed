// The notional Tamir-like interceptor airframe the flyout validation tests and the
// physics timing example share (each includes this file with `#[path]`), and the battle
// manager's feasibility tests fly a table with (by `include!`, so no inner doc comments
// here).
//
// **Notional**: round numbers shaped after public descriptions, not any real system's
// performance.

use tdome_core::{Angle, Length, Mass};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::circular_reference_area_m2;
use tdome_physics::interceptor::{InterceptorAirframe, LateralLimit, MotorPhase};

/// A notional short-range interceptor shaped after public descriptions of Iron Dome's
/// Tamir (about 3 m long, 160 mm across, 90 kg, "Mach 2+"; public reporting, e.g. Rafael
/// brochures and press coverage): a 3 s boost and a 10 s sustain, Isp ≈ 240 s, 30 g.
pub fn tamir_like() -> InterceptorAirframe {
    InterceptorAirframe {
        launch_mass: Mass::kilograms(90.0),
        boost: MotorPhase {
            thrust_n: 19_600.0,
            burn_time_s: 3.0,
            propellant_mass: Mass::kilograms(25.0),
        },
        sustain: Some(MotorPhase {
            thrust_n: 2_825.0,
            burn_time_s: 10.0,
            propellant_mass: Mass::kilograms(12.0),
        }),
        reference_area_m2: circular_reference_area_m2(Length::metres(0.16)),
        drag: generic_missile_drag(),
        lateral_limit: LateralLimit {
            max_load_factor: 30.0,
            max_normal_force_coefficient: Some(3.0),
            max_thrust_deflection: Angle::degrees(5.0),
            divert_acceleration_mps2: 0.0,
        },
        max_time_of_flight_s: 90.0,
        rail_exit_speed_mps: 30.0,
    }
}

/// The generic slender finned missile's zero-lift C_d against Mach of the catalogue's
/// guided types (subsonic ~0.3, transonic rise to ~0.5 at Mach 1.05, ~0.3 by Mach 3).
pub fn generic_missile_drag() -> DragCurve {
    DragCurve::new(vec![
        (0.0, 0.30),
        (0.8, 0.32),
        (1.05, 0.50),
        (1.3, 0.47),
        (2.0, 0.38),
        (3.0, 0.31),
        (4.0, 0.28),
    ])
    .expect("valid")
}
