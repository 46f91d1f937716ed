//! The minimal scenario resolves into the expected ids and values.

use tdome_bmc::BmcConfig;
use tdome_bmc::config::{ModeChange, OperatorMode, ShotDoctrine, TightTest};
use tdome_core::defence::Layer;
use tdome_core::ids::{AssetId, BatteryId, SensorId};
use tdome_core::threat::TargetCategory;
use tdome_core::{SimDuration, SimTime};
use tdome_scenario::model::{AimSpec, Detection, FlightModel, Place};

use super::{minimal_with, scenarios};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn minimal_resolves() {
    let s = tdome_scenario::load(&scenarios("tests/minimal.toml")).expect("minimal.toml loads");
    assert_eq!(s.name, "minimal");
    // No `network` and no `radars`: one integrated battle manager.
    assert_eq!(s.network, tdome_scenario::model::Network::Integrated);
    assert_eq!(s.battery_radars, vec![Vec::new()]);
    assert_eq!(s.seed, 7);
    assert_eq!(s.duration, SimDuration::from_nanos(300_000_000_000));
    assert_eq!(s.tick, SimDuration::from_nanos(125_000_000));
    assert_eq!(
        s.truth_record_period,
        SimDuration::from_nanos(1_000_000_000)
    );
    assert!(close(s.origin.lat_deg(), 24.0) && close(s.origin.lon_deg(), 120.0));

    assert_eq!(s.assets.len(), 1);
    let town = &s.assets[0];
    assert_eq!(
        (town.id, town.name.as_str(), town.value),
        (AssetId(0), "town", 10.0)
    );
    assert_eq!(town.area.vertices().len(), 4);
    // 0.02° × 0.02° at 24° N is about 2.2 km × 2.0 km.
    assert!(
        (town.area.area_m2() / 1e6 - 4.5).abs() < 0.2,
        "{}",
        town.area.area_m2()
    );

    assert_eq!(s.sensors.len(), 1);
    let radar = &s.sensors[0];
    assert_eq!((radar.id, radar.name.as_str()), (SensorId(0), "radar"));
    assert_eq!(radar.scan_period, SimDuration::from_nanos(1_000_000_000));
    assert_eq!(radar.first_scan, SimTime::ZERO);
    assert!(matches!(radar.detection, Detection::Fixed(pd) if pd.value() == 0.9));
    assert_eq!(radar.false_alarms_per_scan, 0.0);
    // The sensor settings left out: no bias, no latency, no outages.
    assert!(radar.bias.is_zero());
    assert_eq!(radar.latency, SimDuration::ZERO);
    assert!(radar.outages.is_empty());
    assert!(close(radar.site.height_m(), 20.0));
    assert!(
        close(radar.coverage.min_range.si(), 500.0)
            && close(radar.coverage.max_range.si(), 80_000.0)
    );
    assert!(close(radar.coverage.max_elevation.as_degrees(), 80.0));
    assert_eq!(radar.coverage.azimuth_sector, None);
    assert!(radar.coverage.radar_horizon);
    assert!(close(radar.sigma_range.si(), 20.0));
    assert!(close(radar.sigma_azimuth.as_degrees(), 0.2));
    assert_eq!(radar.sigma_range_rate, None);

    assert_eq!(s.batteries.len(), 1);
    let battery = &s.batteries[0];
    assert_eq!((battery.id, battery.layer), (BatteryId(0), Layer::Lower));
    assert_eq!(battery.interceptor.name, "Tamir");
    assert_eq!((battery.rounds, battery.fire_channels), (60, 4));

    assert_eq!(s.raids.len(), 1);
    let raid = &s.raids[0];
    assert_eq!((raid.name.as_str(), raid.count), ("grad", 4));
    assert_eq!(raid.threat.name, "9M22U Grad (122 mm)");
    assert!(matches!(raid.threat.flight, FlightModel::Ballistic(_)));
    assert_eq!(raid.aim, AimSpec::Asset(AssetId(0)));
    assert_eq!(raid.window_start, SimTime::from_nanos(10_000_000_000));
    assert_eq!(raid.window_end, SimTime::from_nanos(40_000_000_000));
    assert_eq!(raid.cep.si(), 0.0);
    assert!(raid.via.is_empty());
    match &raid.launch_area {
        Place::Point(p) => assert!(close(p.lat_deg(), 24.12) && close(p.lon_deg(), 120.01)),
        other => panic!("expected a point launch area, got {other:?}"),
    }

    assert_eq!(s.bmc, BmcConfig::default());
    // The scenario carries the catalogue its names were resolved against.
    assert!(s.catalogue.threat("9M22U Grad (122 mm)").is_some());
}

#[test]
fn custom_catalogue_and_every_optional_field() {
    let s = tdome_scenario::load(&scenarios("tests/custom-catalogue.toml"))
        .expect("custom-catalogue.toml loads");
    assert_eq!(s.catalogue.threats.len(), 2);
    assert_eq!(s.tick, SimDuration::from_nanos(250_000_000));
    assert_eq!(s.truth_record_period, SimDuration::from_nanos(500_000_000));
    assert_eq!(s.origin.height_m(), 0.0);

    let radar = &s.sensors[0];
    assert_eq!(radar.first_scan, SimTime::from_nanos(500_000_000));
    assert_eq!(radar.false_alarms_per_scan, 0.5);
    let sector = radar.coverage.azimuth_sector.expect("a sector");
    // −30° is wrapped to 330°.
    assert!(close(sector.start.as_degrees(), 330.0) && close(sector.width.as_degrees(), 120.0));
    assert!(!radar.coverage.radar_horizon);
    assert!(close(radar.coverage.min_elevation.as_degrees(), -1.0));
    assert!(close(radar.sigma_range_rate.expect("range rate").si(), 1.5));

    let battery = &s.batteries[0];
    assert_eq!((battery.layer, battery.rounds), (Layer::Point, 16));
    assert_eq!(s.network, tdome_scenario::model::Network::Autonomous);
    assert_eq!(s.battery_radars, vec![vec![tdome_core::ids::SensorId(0)]]);

    let raid = &s.raids[0];
    assert!(matches!(raid.threat.flight, FlightModel::AirBreathing(_)));
    assert!(matches!(raid.launch_area, Place::Polygon(_)));
    assert!(matches!(raid.aim, AimSpec::Place(Place::Polygon(_))));
    assert_eq!(raid.cep.si(), 25.0);
    assert_eq!(raid.via.len(), 1);
    assert!(close(raid.via[0].lat_deg(), 24.2));

    let d = BmcConfig::default();
    assert_eq!(s.bmc.cycle, SimDuration::from_nanos(1_000_000_000));
    assert_eq!(s.bmc.tracker.confirm_hits, 2);
    assert_eq!(s.bmc.tracker.gate_chi2, d.tracker.gate_chi2);
    assert_eq!(s.bmc.assessment.assumed_ballistic_coefficient, None);
    assert_eq!(s.bmc.doctrine.salvo_size, 2);
    assert_eq!(
        s.bmc.doctrine.kill_assessment_delay,
        d.doctrine.kill_assessment_delay
    );
    // Per category, each key left out takes the general value.
    let shots = |salvo_size, max_shots_per_track| ShotDoctrine {
        salvo_size,
        max_shots_per_track,
    };
    assert_eq!(s.bmc.doctrine.ballistic, Some(shots(3, 4)));
    assert_eq!(s.bmc.doctrine.air_breathing, Some(shots(2, 6)));
    assert_eq!(
        s.bmc.doctrine.shots_against(TargetCategory::Ballistic),
        shots(3, 4)
    );
    // Modes: a battery weapons free at the start is not listed; changes are in time
    // order, whatever the file's.
    assert!(s.bmc.modes.initial.is_empty());
    assert_eq!(s.bmc.modes.tight.min_p_hit, 0.6);
    assert_eq!(s.bmc.modes.tight.min_assessments, 2);
    let change = |at_s: f64, mode| ModeChange {
        at: SimTime::from_seconds(at_s),
        battery: BatteryId(0),
        mode,
    };
    assert_eq!(
        s.bmc.modes.changes,
        vec![
            change(3599.0, OperatorMode::Hold),
            change(3600.0, OperatorMode::Tight)
        ]
    );
}

#[test]
fn a_battery_mode_at_the_start_and_changes_at_equal_times_in_file_order() {
    let text = minimal_with(&[(
        "fire_channels = 4\n",
        "fire_channels = 4\nmode = \"tight\"\n",
    )]) + "\n[[bmc.modes.change]]\nat_s = 60.0\nbattery = \"battery\"\nmode = \"hold\"\n\n\
           [[bmc.modes.change]]\nat_s = 60.0\nbattery = \"battery\"\nmode = \"free\"\n";
    let s = tdome_scenario::parse_str(&text, &scenarios("tests/edited.toml"))
        .expect("the edited minimal scenario loads");
    assert_eq!(
        s.bmc.modes.initial.get(&BatteryId(0)),
        Some(&OperatorMode::Tight)
    );
    let modes: Vec<OperatorMode> = s.bmc.modes.changes.iter().map(|c| c.mode).collect();
    assert_eq!(modes, [OperatorMode::Hold, OperatorMode::Free]);
    assert_eq!(s.bmc.modes.tight, TightTest::default());
}

#[test]
fn the_file_types_read_the_minimal_scenario_whole() {
    // The element-by-element loader and a plain whole-file deserialisation must agree
    // on what a valid file says; the schema is generated from the whole-file type.
    let text = std::fs::read_to_string(scenarios("tests/minimal.toml")).unwrap();
    let file: tdome_scenario::file::ScenarioFile = toml::from_str(&text).unwrap();
    assert_eq!(
        (
            file.asset.len(),
            file.sensor.len(),
            file.battery.len(),
            file.raid.len()
        ),
        (1, 1, 1, 1)
    );
    assert!(file.bmc.is_none());
}
