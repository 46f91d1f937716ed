//! The ballistic model flies each catalogue threat about as far as it is reported to
//! fly: a check that the notional vehicle parameters and the physics agree with the
//! public figure they were chosen to match.

use tdome_core::{Angle, Geodetic};
use tdome_physics::ballistic::maximum_range;
use tdome_scenario::model::FlightModel;

/// Allowed relative difference between modelled and published maximum range.
const TOLERANCE: f64 = 0.10;

#[test]
fn modelled_maximum_range_is_within_ten_percent_of_published() {
    let catalogue = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    // Due north from a point in the Taiwan Strait, at the world's tick.
    let site = Geodetic::from_degrees(24.0, 119.0, 0.0);
    let mut checked = 0;
    let mut failures = Vec::new();
    for threat in &catalogue.threats {
        let (FlightModel::Ballistic(vehicle), Some(published)) =
            (&threat.flight, threat.published_max_range)
        else {
            continue;
        };
        let (modelled, elevation) = maximum_range(vehicle, site, Angle::degrees(0.0), 0.125);
        let error = modelled / published - 1.0;
        let line = format!(
            "{}: modelled {:.1} km at {:.1}° elevation, published {:.1} km ({:+.1} %)",
            threat.name,
            modelled.as_km(),
            elevation.as_degrees(),
            published.as_km(),
            100.0 * error
        );
        println!("{line}");
        // A NaN range must fail too, hence not `error.abs() > TOLERANCE`.
        let within = error.abs() <= TOLERANCE;
        if !within {
            failures.push(line);
        }
        checked += 1;
    }
    assert!(
        checked > 0,
        "no ballistic threat with a published range to check"
    );
    assert!(
        failures.is_empty(),
        "outside ±10 %:\n{}",
        failures.join("\n")
    );
}
