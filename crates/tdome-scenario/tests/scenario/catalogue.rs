//! The catalogue: the built-in one parses, and values arrive in the right units.

use tdome_core::SimDuration;
use tdome_scenario::model::FlightModel;

use super::scenarios;

/// Every figure of the built-in interceptors' `[interceptor.airframe]` and
/// `[interceptor.guidance]` tables has a comment of its own on its line, naming its
/// public source or saying it is assumed (the `source` string covers only the
/// interceptor's own keys).
#[test]
fn every_airframe_and_guidance_figure_says_where_it_comes_from() {
    let text = tdome_scenario::builtin::INTERCEPTORS_TOML;
    let mut in_model = false;
    let mut figures = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_model = line.starts_with("[interceptor.airframe]")
                || line.starts_with("[interceptor.guidance]");
            continue;
        }
        if !in_model || line.is_empty() || line.starts_with('#') {
            continue;
        }
        figures += 1;
        let comment = line.split_once('#').map(|(_, c)| c.to_lowercase());
        let sourced = comment.is_some_and(|c| {
            c.contains("assumed") || c.contains("public") || c.contains("fact sheet")
        });
        assert!(
            sourced,
            "{}:{}: `{line}` says neither its public source nor that it is assumed",
            tdome_scenario::builtin::INTERCEPTORS_PATH,
            n + 1
        );
    }
    // Five guided types, ten airframe and six guidance keys each, and the launcher
    // elevations of PAC-3, Sky Sword II and Tamir: the scan found them.
    assert_eq!(figures, 5 * (10 + 6) + 3);
}

/// Every built-in threat type has a unit cost, with a comment of its own on its line
/// naming its public source or saying it is assumed, and it arrives in dollars.
#[test]
fn every_threat_unit_cost_says_where_it_comes_from() {
    let text = tdome_scenario::builtin::THREATS_TOML;
    let mut costs = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if !line.starts_with("unit_cost_usd") {
            continue;
        }
        costs += 1;
        let comment = line.split_once('#').map(|(_, c)| c.to_lowercase());
        assert!(
            comment.is_some_and(|c| c.contains("assumed") || c.contains("public")),
            "{}:{}: `{line}` says neither its public source nor that it is assumed",
            tdome_scenario::builtin::THREATS_PATH,
            n + 1
        );
    }
    let c = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    assert_eq!(costs, c.threats.len(), "one unit cost per threat type");
    for t in &c.threats {
        let cost = t
            .unit_cost
            .unwrap_or_else(|| panic!("{} has no unit cost", t.name));
        assert!(cost.si() > 0.0 && cost.si() <= 1e9, "{}: {cost}", t.name);
    }
    let grad = c.threat("9M22U Grad (122 mm)").expect("Grad");
    assert_eq!(grad.unit_cost, Some(tdome_core::Usd::dollars(1000.0)));
}

#[test]
fn builtin_catalogue_parses_with_sources() {
    let c = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    assert!(!c.threats.is_empty());
    let names: Vec<&str> = c.interceptors.iter().map(|i| i.name.as_str()).collect();
    for expected in [
        "PAC-3 MSE",
        "Tien Kung III",
        "Tien Kung IV",
        "Sky Sword II (land-launched)",
        "35 mm gun burst (AHEAD)",
        "Tamir",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for t in &c.threats {
        assert!(
            !t.source.trim().is_empty(),
            "threat {} has no source",
            t.name
        );
    }
    for i in &c.interceptors {
        assert!(
            !i.source.trim().is_empty(),
            "interceptor {} has no source",
            i.name
        );
    }
}

#[test]
fn builtin_interceptor_units_are_converted() {
    let c = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    let pac3 = c.interceptor("PAC-3 MSE").expect("PAC-3 MSE");
    assert_eq!(pac3.unit_cost.si(), 4.1e6);
    assert_eq!(pac3.mean_speed.si(), 1100.0);
    assert_eq!(
        pac3.max_time_of_flight,
        SimDuration::from_nanos(60_000_000_000)
    );
    assert_eq!(pac3.reaction_time, SimDuration::from_nanos(4_000_000_000));
    assert_eq!(
        (pac3.min_range.si(), pac3.max_range.si()),
        (3_000.0, 40_000.0)
    );
    assert_eq!(
        (pac3.min_altitude.si(), pac3.max_altitude.si()),
        (50.0, 24_000.0)
    );
    assert_eq!(pac3.homing_basket.si(), 400.0);
    assert_eq!(pac3.pk.ballistic.map(|p| p.value()), Some(0.8));
    assert_eq!(pac3.pk.air_breathing.map(|p| p.value()), Some(0.85));
    // An upper-layer type that cannot engage air-breathing targets at all.
    let tk4 = c.interceptor("Tien Kung IV").expect("Tien Kung IV");
    assert_eq!(tk4.pk.air_breathing, None);
}

#[test]
fn catalogue_directory_loads() {
    let c = tdome_scenario::load_catalogue(&scenarios("tests/catalogue"))
        .expect("test catalogue loads");
    let rocket = c.threat("test rocket").expect("test rocket");
    match &rocket.flight {
        FlightModel::Ballistic(v) => {
            // π · 0.122² / 4
            assert!(
                (v.reference_area_m2 - 0.011_689_9).abs() < 1e-6,
                "{}",
                v.reference_area_m2
            );
            assert_eq!(v.launch_mass.si(), 70.0);
            assert_eq!(v.burn_time_s, 2.0);
        }
        other => panic!("expected ballistic flight, got {other:?}"),
    }
    assert_eq!(rocket.published_max_range.map(|r| r.si()), Some(26_000.0));
    let drone = c.threat("test drone").expect("test drone");
    match &drone.flight {
        FlightModel::AirBreathing(p) => {
            assert_eq!((p.speed.si(), p.cruise_altitude.si()), (50.0, 500.0));
            assert_eq!(
                (p.terminal_dive_range.si(), p.max_range.si()),
                (2000.0, 100_000.0)
            );
        }
        other => panic!("expected air-breathing flight, got {other:?}"),
    }
    assert_eq!(drone.published_max_range, None);
}
