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

/// The upper tiers reach the bands docs/physics.md gives them ("Exo-atmospheric
/// intercepts"): Arrow 3 and THAAD above the air on their kill vehicles' divert, at
/// their catalogue floors and ceilings; Arrow 2 inside it, to 57 km of ground range and
/// 36 km up; without the divert, nothing of Arrow 3's band would be reachable.
#[test]
fn the_upper_tiers_reach_the_bands_the_docs_give_them() {
    let catalogue = tdome_scenario::builtin_catalogue().expect("the built-in catalogue");
    let site = tdome_core::Geodetic::from_degrees(24.0, 121.0, 0.0);
    let table = |name: &str| {
        let t = catalogue.interceptor(name).expect("type");
        let model = catalogue.interceptor_model(name).expect("airframe");
        (
            flyout::build(t, model, site).expect("a table"),
            model.clone(),
        )
    };
    // The farthest reachable ground range, km, in the row at `altitude_km`.
    let reach_km = |table: &tdome_physics::interceptor::FlyoutTable, altitude_km: f64| {
        let g = *table.grid();
        let j = (0..g.altitude_nodes)
            .find(|&j| (table.node_position(0, j).1.si() / 1e3 - altitude_km).abs() < 1e-6)
            .expect("a row at that altitude");
        (0..g.range_nodes)
            .filter(|&i| table.node(i, j).is_some())
            .map(|i| table.node_position(i, j).0.si() / 1e3)
            .fold(0.0, f64::max)
    };
    let (arrow3, arrow3_model) = table("Arrow 3");
    assert!(
        reach_km(&arrow3, 100.0) >= 200.0,
        "{}",
        reach_km(&arrow3, 100.0)
    );
    assert!(
        reach_km(&arrow3, 250.0) >= 280.0,
        "{}",
        reach_km(&arrow3, 250.0)
    );
    let (thaad, _) = table("THAAD");
    assert!(
        reach_km(&thaad, 40.0) >= 100.0,
        "{}",
        reach_km(&thaad, 40.0)
    );
    assert!(
        reach_km(&thaad, 150.0) >= 150.0,
        "{}",
        reach_km(&thaad, 150.0)
    );
    let (arrow2, _) = table("Arrow 2");
    let g = *arrow2.grid();
    let highest = (0..g.altitude_nodes)
        .filter(|&j| (0..g.range_nodes).any(|i| arrow2.node(i, j).is_some()))
        .map(|j| arrow2.node_position(0, j).1.si() / 1e3)
        .fold(0.0, f64::max);
    assert!(
        (36.0..45.0).contains(&highest),
        "Arrow 2 up to {highest} km"
    );
    // The same Arrow 3 without its divert reaches nothing.
    let mut no_divert = (*arrow3_model).clone();
    no_divert.airframe.lateral_limit.divert_acceleration_mps2 = 0.0;
    let t = catalogue.interceptor("Arrow 3").expect("type");
    let bare = flyout::build(t, &no_divert, site).expect("a table");
    let g = *bare.grid();
    let any = (0..g.altitude_nodes).any(|j| (0..g.range_nodes).any(|i| bare.node(i, j).is_some()));
    assert!(!any, "Arrow 3 reaches exo points without its divert");
}

/// The tables are flown once per process for each distinct type, model and site: a second
/// battle manager on the same scenario gets the very same tables, equal to freshly flown
/// ones, and a changed airframe gets a table of its own.
#[test]
fn tables_are_flown_once_per_type_model_and_site() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/taiwan-notional.toml");
    let scenario = tdome_scenario::load(&path).expect("the default scenario");
    let models = &scenario.catalogue.interceptor_models;
    let first = flyout::tables_for(&scenario.batteries, models);
    let again = flyout::tables_for(&scenario.batteries, models);
    assert!(!first.is_empty());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        again.keys().collect::<Vec<_>>()
    );
    for (name, table) in &first {
        assert!(
            std::sync::Arc::ptr_eq(table, &again[name]),
            "{name} was flown twice"
        );
        let battery = scenario
            .batteries
            .iter()
            .find(|b| &b.interceptor.name == name)
            .expect("a battery of the type");
        let fresh = flyout::build(
            &battery.interceptor,
            &models[name],
            battery.site.with_height(tdome_core::Length::ZERO),
        )
        .expect("a table");
        assert!(
            same_nodes(table, &fresh),
            "{name}: the kept table is not the one flown now"
        );
    }
    // A heavier airframe is another model: flown anew, not served the kept table.
    let name = first.keys().next().expect("a type").clone();
    let mut heavier = (*models[&name]).clone();
    heavier.airframe.launch_mass =
        tdome_core::Mass::kilograms(heavier.airframe.launch_mass.si() * 1.2);
    let mut changed = models.clone();
    changed.insert(name.clone(), std::sync::Arc::new(heavier));
    let other = flyout::tables_for(&scenario.batteries, &changed);
    assert!(!std::sync::Arc::ptr_eq(&first[&name], &other[&name]));
    assert!(!same_nodes(&first[&name], &other[&name]));
}

/// Node for node, bit for bit (an unreachable node is NaN, which `==` never equals).
fn same_nodes(
    a: &tdome_physics::interceptor::FlyoutTable,
    b: &tdome_physics::interceptor::FlyoutTable,
) -> bool {
    let g = *a.grid();
    g == *b.grid()
        && (0..g.altitude_nodes).all(|j| {
            (0..g.range_nodes).all(|i| {
                let bits = |t: &tdome_physics::interceptor::FlyoutTable| {
                    t.node(i, j)
                        .map(|p| (p.time_of_flight_s.to_bits(), p.arrival_speed.si().to_bits()))
                };
                bits(a) == bits(b)
            })
        })
}
