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
            in_model = ["airframe", "guidance", "gun", "laser"]
                .iter()
                .any(|t| line.starts_with(&format!("[interceptor.{t}]")));
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
    // elevations of PAC-3, Sky Sword II and Tamir; the gun's seven keys and the laser's
    // three; the upper tiers' four (Arrow 3 with sustain and divert, Arrow 2 and Stunner
    // with sustain, THAAD with divert but no sustain), six guidance keys each: the scan
    // found them.
    assert_eq!(
        figures,
        5 * (10 + 6) + 3 + 7 + 3 + (11 + 10 + 10 + 10) + 4 * 6
    );
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
        "Iron Beam (laser)",
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
fn the_gun_and_the_laser_arrive_with_their_shells_and_dwells() {
    use tdome_core::defence::Effector;
    use tdome_core::threat::{TargetCategory, ThreatKind};
    let c = tdome_scenario::builtin_catalogue().expect("the built-in catalogue parses");
    let gun = c.interceptor("35 mm gun burst (AHEAD)").expect("gun");
    let Effector::Gun(g) = &gun.effector else {
        panic!("the 35 mm is a gun: {:?}", gun.effector)
    };
    assert_eq!(g.rounds_per_burst, 24);
    // k = ρ₀·C_d·(π d²/4) / (2m), by hand: 1.225 × 0.25 × 9.621e-4 / 1.5.
    let k = 1.225 * 0.25 * (std::f64::consts::PI * 0.035 * 0.035 / 4.0) / 1.5;
    assert!(
        (g.drag_per_m - k).abs() / k < 1e-3,
        "{} vs {k}",
        g.drag_per_m
    );
    // 24 shells at 1,100 a minute: 1.309 s of fire.
    assert!((g.burst_duration_s() - 24.0 * 60.0 / 1100.0).abs() < 1e-12);
    assert_eq!(gun.mean_speed.si(), 1050.0);
    // The burst's P_k holds to 2 km and thins beyond: at 4 km a quarter of the shells
    // count, 1 − (1 − 0.3)^(1/4) against a drone.
    use tdome_core::threat::TargetCategory as C;
    assert_eq!(gun.pk_at(C::AirBreathing, 1_500.0), Some(0.3));
    let far = gun.pk_at(C::AirBreathing, 4_000.0).expect("engages drones");
    assert!((far - (1.0 - 0.7_f64.powf(0.25))).abs() < 1e-12, "{far}");
    assert!((far - 0.0853).abs() < 1e-4);
    let laser = c.interceptor("Iron Beam (laser)").expect("laser");
    let Effector::Laser(l) = &laser.effector else {
        panic!("Iron Beam is a laser: {:?}", laser.effector)
    };
    assert_eq!(laser.unit_cost.si(), 3.0);
    assert_eq!(laser.homing_basket.si(), 0.0);
    // In the catalogue's clear air the reference dwell holds at the reference range.
    assert!((l.dwell_against(TargetCategory::Ballistic, 5_000.0).unwrap() - 4.0).abs() < 1e-12);
    assert!((l.dwell_against_kind(ThreatKind::Drone, 5_000.0).unwrap() - 2.0).abs() < 1e-12);
    assert_eq!(l.extinction_per_m, l.reference_extinction_per_m);
}

#[test]
fn weather_dims_the_laser_and_cloud_lowers_its_ceiling() {
    use tdome_core::defence::Effector;
    use tdome_core::threat::TargetCategory;
    let text = super::minimal_with(&[]) + "\n[weather]\nvisibility_km = 5.0\ncloud_base_km = 1.5\n";
    let s = tdome_scenario::parse_str(&text, &scenarios("tests/edited.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.weather.visibility.si(), 5_000.0);
    let laser = s.catalogue.interceptor("Iron Beam (laser)").expect("laser");
    assert_eq!(laser.max_altitude.si(), 1_500.0);
    let Effector::Laser(l) = &laser.effector else {
        panic!("a laser")
    };
    // Kim (2001) at 5 km visibility: q = 0.16·5 + 0.34 = 1.14.
    let alpha = 3.912 / 5_000.0 * (1.07_f64 / 0.55).powf(-1.14);
    assert!((l.extinction_per_m - alpha).abs() < 1e-15);
    let clear = 3.912 / 23_000.0 * (1.07_f64 / 0.55).powf(-1.3);
    let by_hand = 4.0 * (alpha * 5_000.0 - clear * 5_000.0).exp();
    let d = l.dwell_against(TargetCategory::Ballistic, 5_000.0).unwrap();
    assert!((d - by_hand).abs() < 1e-9, "{d} vs {by_hand}");
    // The other types are untouched.
    let tamir = s.catalogue.interceptor("Tamir").expect("Tamir");
    assert_eq!(tamir.max_altitude.si(), 10_000.0);
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

/// A two-stage threat with a weaving re-entry vehicle, written in `threats.toml`: every
/// key arrives in SI units, and a re-entry vehicle heavier than what the booster has
/// left is refused at its `mass_kg`, with the sums in the message.
#[test]
fn stages_and_reentry_vehicles_arrive_in_si_and_bad_masses_are_located() {
    let threats = |rv_mass: &str| {
        format!(
            r#"[[threat]]
name = "two-stage"
kind = "ballistic_missile"
rcs_m2 = 0.5
damage_per_hit = 0.3
source = "test"

[threat.ballistic]
launch_mass_kg = 12000.0
propellant_mass_kg = 7000.0
burn_time_s = 60.0
specific_impulse_s = 250.0
diameter_m = 1.0
rail_exit_speed_mps = 30.0
drag = [[0.0, 0.2], [1.1, 0.38], [6.0, 0.2]]

[[threat.ballistic.upper_stage]]
spent_stage_mass_kg = 1200.0
coast_s = 10.0
propellant_mass_kg = 2400.0
burn_time_s = 40.0
specific_impulse_s = 280.0

[threat.ballistic.reentry_vehicle]
mass_kg = {rv_mass}
diameter_m = 0.6
drag = [[0.0, 0.1]]
separation_delay_s = 5.0
rcs_m2 = 0.05
weave = {{ start_altitude_km = 30.0, acceleration_g = 4.0, period_s = 5.0 }}
"#
        )
    };
    let path = std::path::Path::new("threats.toml");
    let interceptors = tdome_scenario::builtin::INTERCEPTORS_TOML;
    let ipath = std::path::Path::new(tdome_scenario::builtin::INTERCEPTORS_PATH);
    let c = tdome_scenario::parse_catalogue(&threats("700.0"), path, interceptors, ipath)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let t = c.threat("two-stage").expect("parsed");
    assert_eq!(t.reentry_rcs_m2, Some(0.05));
    let FlightModel::Ballistic(v) = &t.flight else {
        panic!("not ballistic")
    };
    assert_eq!(v.upper_stages.len(), 1);
    assert_eq!(v.upper_stages[0].coast_s, 10.0);
    assert_eq!(v.upper_stages[0].spent_stage_mass.si(), 1200.0);
    assert_eq!(v.total_burn_time_s(), 110.0);
    let rv = v.reentry_vehicle.as_ref().expect("re-entry vehicle");
    assert_eq!(rv.mass.si(), 700.0);
    assert!((rv.reference_area_m2 - std::f64::consts::PI * 0.09).abs() < 1e-12);
    let weave = rv.weave.expect("weave");
    assert_eq!(weave.start_height_m, 30_000.0);
    assert!((weave.acceleration_mps2 - 4.0 * 9.806_65).abs() < 1e-12);

    // 12,000 − 7,000 − 1,200 − 2,400 leaves 1,400 kg: a 1,500 kg re-entry vehicle cannot
    // separate from it.
    let bad = tdome_scenario::parse_catalogue(&threats("1500.0"), path, interceptors, ipath);
    let found = super::diagnostics(bad);
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, line, column, message) = &found[0];
    assert_eq!(
        (file.as_str(), *line, *column),
        ("threats.toml", 25, 11),
        "{message}"
    );
    assert!(message.contains("leaves 1400 kg"), "{message}");
}
