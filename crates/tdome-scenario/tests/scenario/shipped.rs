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
