//! The battle manager's flyout tables for every guided type of the built-in catalogue:
//! where each type can intercept, as flown by its airframe.

use tdome_bmc::assign::flyout;

/// Prints each table's reachable nodes (`#`) over ground range (across) and altitude
/// (down, highest first).
#[test]
fn every_guided_type_reaches_its_envelope() {
    let catalogue = tdome_scenario::builtin_catalogue().expect("the built-in catalogue");
    let site = tdome_core::Geodetic::from_degrees(24.0, 121.0, 0.0);
    for t in &catalogue.interceptors {
        let Some(model) = catalogue.interceptor_model(&t.name) else {
            continue;
        };
        let table = flyout::build(t, model, site).expect("a table");
        let g = *table.grid();
        println!(
            "{}: {:.0}-{:.0} km, {:.1}-{:.1} km up",
            t.name,
            g.min_range.si() / 1e3,
            g.max_range.si() / 1e3,
            g.min_altitude.si() / 1e3,
            g.max_altitude.si() / 1e3
        );
        let mut reachable = 0;
        for j in (0..g.altitude_nodes).rev() {
            let row: String = (0..g.range_nodes)
                .map(|i| match table.node(i, j) {
                    Some(p) => {
                        reachable += 1;
                        if p.time_of_flight_s < 10.0 {
                            '1'
                        } else if p.time_of_flight_s < 30.0 {
                            '3'
                        } else if p.time_of_flight_s < 60.0 {
                            '6'
                        } else {
                            '#'
                        }
                    }
                    None => '.',
                })
                .collect();
            println!("  {:6.1} km {row}", table.node_position(0, j).1.si() / 1e3);
        }
        assert!(reachable > 0, "{} reaches nowhere", t.name);
    }
}
