//! The shipped scenarios resolve against the built-in catalogue, and say what their
//! comments say they do.

use std::collections::BTreeSet;

use tdome_core::SimDuration;
use tdome_core::defence::Layer;
use tdome_core::threat::ThreatKind;

use super::scenarios;

#[test]
fn taiwan_notional_resolves_with_every_layer_and_threat_kind() {
    let s =
        tdome_scenario::load(&scenarios("taiwan-notional.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.name, "taiwan-notional");
    assert_eq!(s.duration, SimDuration::from_nanos(2_700_000_000_000));
    assert_eq!(s.tick, SimDuration::from_nanos(125_000_000));
    let layers: BTreeSet<Layer> = s.batteries.iter().map(|b| b.layer).collect();
    assert_eq!(
        layers,
        BTreeSet::from([Layer::Upper, Layer::Middle, Layer::Lower, Layer::Point])
    );
    let kinds: BTreeSet<ThreatKind> = s.raids.iter().map(|r| r.threat.kind).collect();
    assert_eq!(kinds, BTreeSet::from(ThreatKind::ALL));
    // Slow threats launch first and fast ones last, so that arrivals overlap.
    let first_launch = |kind: ThreatKind| {
        s.raids
            .iter()
            .filter(|r| r.threat.kind == kind)
            .map(|r| r.window_start)
            .min()
    };
    assert!(first_launch(ThreatKind::Drone) < first_launch(ThreatKind::BallisticMissile));
    assert!(first_launch(ThreatKind::CruiseMissile) < first_launch(ThreatKind::Rocket));
    assert!(s.sensors.len() >= 3);
}

#[test]
fn iron_dome_notional_resolves_with_four_tamir_batteries_each_with_a_radar_and_a_laser() {
    let s = tdome_scenario::load(&scenarios("iron-dome-notional.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.duration, SimDuration::from_nanos(600_000_000_000));
    assert_eq!(s.batteries.len(), 5);
    assert_eq!(s.sensors.len(), 4);
    let (tamir, laser): (Vec<_>, Vec<_>) = s
        .batteries
        .iter()
        .partition(|b| b.interceptor.name == "Tamir");
    assert_eq!(tamir.len(), 4);
    for b in tamir {
        assert_eq!(b.rounds, 60);
        // Each battery has its own radar on its site.
        assert!(
            s.sensors.iter().any(|r| r.site == b.site),
            "{} has no radar",
            b.name
        );
    }
    // The laser shares Sderot's radar, one beam, in clear air.
    assert_eq!(laser.len(), 1);
    assert_eq!(laser[0].interceptor.name, "Iron Beam (laser)");
    assert_eq!(laser[0].fire_channels, 1);
    assert_eq!(s.weather, tdome_scenario::model::Weather::default());
    assert!(s.raids.iter().all(|r| r.threat.kind == ThreatKind::Rocket));
    assert_eq!(
        (
            s.bmc.doctrine.salvo_size,
            s.bmc.doctrine.max_shots_per_track
        ),
        (2, 2)
    );
}

#[test]
fn benchmark_scenarios_resolve() {
    for name in ["bench/dense-raid.toml", "bench/clutter-limits.toml"] {
        let s = tdome_scenario::load(&scenarios(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.raids.len(), 1, "{name}");
    }
}

/// Every shipped scenario with batteries also runs autonomous: each battery names its
/// radars, and the scenarios with a `[bmc]` say `network = "integrated"` aloud.
#[test]
fn shipped_scenarios_name_every_batterys_radars_and_validate_autonomous() {
    for rel in [
        "taiwan-notional.toml",
        "iron-dome-notional.toml",
        "bench/dense-raid.toml",
        "bench/clutter-limits.toml",
        "tests/custom-catalogue.toml",
    ] {
        let path = scenarios(rel);
        let s = tdome_scenario::load(&path).unwrap_or_else(|e| panic!("{e}"));
        for (b, radars) in s.batteries.iter().zip(&s.battery_radars) {
            assert!(!radars.is_empty(), "{rel}: {} names no radar", b.name);
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let autonomous = if text.contains("network = \"integrated\"") {
            text.replacen("network = \"integrated\"", "network = \"autonomous\"", 1)
        } else if text.contains("network = \"autonomous\"") {
            text
        } else {
            format!("{text}\n[bmc]\nnetwork = \"autonomous\"\n")
        };
        let s = tdome_scenario::parse_str(&autonomous, &path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.network,
            tdome_scenario::model::Network::Autonomous,
            "{rel}"
        );
    }
    // Taiwan: the early-warning radar belongs to no battery; guns-taipei, without a gun
    // radar, hears the Taipei short-range radar.
    let s = tdome_scenario::load(&scenarios("taiwan-notional.toml")).expect("loads");
    let radar = |name: &str| s.sensors.iter().find(|r| r.name == name).expect(name).id;
    let ew = radar("ew-northern-mountain");
    assert!(s.battery_radars.iter().all(|r| !r.contains(&ew)));
    let guns = s
        .batteries
        .iter()
        .position(|b| b.name == "guns-taipei")
        .expect("guns");
    assert_eq!(s.battery_radars[guns], vec![radar("sr-taipei")]);
}

/// The Arrow 2 "what if" is the default scenario and one Arrow 2 battery with its own
/// Green Pine-class radar, nothing else: a campaign comparing the two compares that
/// battery alone.
#[test]
fn taiwan_arrow_notional_is_the_default_plus_one_arrow_2_battery_and_its_radar() {
    let base =
        tdome_scenario::load(&scenarios("taiwan-notional.toml")).unwrap_or_else(|e| panic!("{e}"));
    let what_if = tdome_scenario::load(&scenarios("taiwan-arrow-notional.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(what_if.name, "taiwan-arrow-notional");
    assert_eq!(
        (what_if.seed, what_if.duration, what_if.tick, what_if.origin),
        (base.seed, base.duration, base.tick, base.origin)
    );
    let same = |a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
        assert!(format!("{a:?}") == format!("{b:?}"), "differs: {a:.200?}");
    };
    same(&what_if.assets, &base.assets);
    same(&what_if.raids, &base.raids);
    // The tracker waits for the slowest radar's plots: the Green Pine-class radar's 1 s
    // latency is the one change the added radar makes to the battle manager.
    let mut bmc = what_if.bmc.clone();
    assert_eq!(
        bmc.tracker.reorder_window,
        SimDuration::from_nanos(1_000_000_000)
    );
    bmc.tracker.reorder_window = base.bmc.tracker.reorder_window;
    same(&bmc, &base.bmc);
    same(&what_if.network, &base.network);
    same(&what_if.bmc_data_source, &base.bmc_data_source);
    same(&what_if.weather, &base.weather);
    same(&what_if.truth_record_period, &base.truth_record_period);
    // The added radar comes after the default's, so their ids are unchanged.
    let n = base.sensors.len();
    assert_eq!(what_if.sensors.len(), n + 1);
    same(&&what_if.sensors[..n], &&base.sensors[..]);
    assert_eq!(what_if.sensors[n].name, "green-pine-hsinchu-hills");
    // The added battery comes last; the rest are the default's, on the same radars.
    let (added, rest) = what_if.batteries.split_last().expect("batteries");
    assert_eq!(added.interceptor.name, "Arrow 2");
    assert_eq!(added.layer, Layer::Upper);
    same(&rest, &base.batteries);
    let (added_radars, rest_radars) = what_if.battery_radars.split_last().expect("radars");
    same(&rest_radars, &base.battery_radars);
    assert_eq!(added_radars.len(), 1);
    assert_eq!(added_radars[0].index(), n);
}

/// Israel's four tiers against the raid of 13-14 April 2024 as reported: 170 drones, 30
/// cruise missiles and 120 ballistic missiles, the drones launched first and the
/// ballistic missiles last, every tier present on its layer.
#[test]
fn israel_layers_notional_has_the_four_tiers_and_the_reported_raid() {
    let s = tdome_scenario::load(&scenarios("israel-layers-notional.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let tier = |name: &str| -> BTreeSet<Layer> {
        s.batteries
            .iter()
            .filter(|b| b.interceptor.name == name)
            .map(|b| b.layer)
            .collect()
    };
    assert_eq!(tier("Arrow 3"), BTreeSet::from([Layer::Upper]));
    assert_eq!(tier("Arrow 2"), BTreeSet::from([Layer::Upper]));
    assert_eq!(
        tier("Stunner (David's Sling)"),
        BTreeSet::from([Layer::Middle])
    );
    assert_eq!(tier("Tamir"), BTreeSet::from([Layer::Lower]));
    let count = |kind: ThreatKind| -> u32 {
        s.raids
            .iter()
            .filter(|r| r.threat.kind == kind)
            .map(|r| r.count)
            .sum()
    };
    assert_eq!(count(ThreatKind::Drone), 170);
    assert_eq!(count(ThreatKind::CruiseMissile), 30);
    assert_eq!(count(ThreatKind::BallisticMissile), 120);
    let first = |kind: ThreatKind| {
        s.raids
            .iter()
            .filter(|r| r.threat.kind == kind)
            .map(|r| r.window_start)
            .min()
    };
    assert!(first(ThreatKind::Drone) < first(ThreatKind::CruiseMissile));
    assert!(first(ThreatKind::CruiseMissile) < first(ThreatKind::BallisticMissile));
    // Over hours: the drones fly their whole route from western Iran.
    assert!(s.duration >= SimDuration::from_nanos(6 * 3_600 * 1_000_000_000));
    for r in s
        .raids
        .iter()
        .filter(|r| r.threat.kind == ThreatKind::Drone)
    {
        assert!(r.via.len() >= 2, "{} flies straight", r.name);
    }
    // Radars of all three catalogue types.
    assert!(s.sensors.len() >= 8);
}
