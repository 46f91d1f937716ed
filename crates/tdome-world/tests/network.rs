//! Integrated and autonomous networks (`[bmc] network`): an autonomous battery fires only
//! at threats its own radars have detected, while the integrated network fires on
//! another radar's track (engage on remote); ids stay unique across battle managers;
//! runs are deterministic; and a lone battery on its only radar fights the same either
//! way.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{OwnedEvent, run, scenario_from};
use tdome_core::event::EngagementOutcome;
use tdome_core::ids::{BatteryId, ObjectId, SensorId};
use tdome_scenario::Scenario;
use tdome_scenario::model::Network;

/// A town between two Grad raids, one from the north and one from the south. An
/// all-round early-warning radar sees both; the fire-control radar looks north only and
/// is organic to both batteries, which stand at the town (so each autonomous battle
/// manager builds the same picture and numbers its tracks alike).
fn two_raids(network: &str) -> Scenario {
    scenario_from(&format!(
        r#"
[scenario]
name = "two-raids"
seed = 11
duration_s = 120.0
tick_s = 0.125

[theatre]
origin = {{ lat_deg = 24.0, lon_deg = 120.0, alt_m = 0.0 }}

[[asset]]
name = "town"
value = 10.0
polygon = [[24.00, 120.00], [24.00, 120.02], [24.02, 120.02], [24.02, 120.00]]

[[sensor]]
name = "ew"
site = {{ lat_deg = 24.01, lon_deg = 120.01, alt_m = 20.0 }}
scan_period_s = 1.0
pd = 0.95
coverage = {{ min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 85.0 }}
noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}

[[sensor]]
name = "fc-north"
site = {{ lat_deg = 24.011, lon_deg = 120.01, alt_m = 20.0 }}
scan_period_s = 1.0
first_scan_s = 0.5
pd = 0.95
coverage = {{ min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 85.0, azimuth_start_deg = 300.0, azimuth_width_deg = 120.0 }}
noise = {{ range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }}

[[battery]]
name = "first"
layer = "lower"
site = {{ lat_deg = 24.01, lon_deg = 120.00, alt_m = 10.0 }}
interceptor = "Tamir"
launchers = 3
rounds_per_launcher = 20
fire_channels = 4
radars = ["fc-north"]

[[battery]]
name = "second"
layer = "lower"
site = {{ lat_deg = 24.01, lon_deg = 120.02, alt_m = 10.0 }}
interceptor = "Tamir"
launchers = 3
rounds_per_launcher = 20
fire_channels = 4
radars = ["fc-north"]

[[raid]]
name = "north"
threat = "9M22U Grad (122 mm)"
count = 4
launch_area = {{ point = [24.13, 120.01] }}
window_s = [10.0, 25.0]
aim = {{ asset = "town" }}

[[raid]]
name = "south"
threat = "9M22U Grad (122 mm)"
count = 4
launch_area = {{ point = [23.89, 120.01] }}
window_s = [12.0, 27.0]
aim = {{ asset = "town" }}

[bmc]
network = "{network}"
"#
    ))
}

/// Per launched engagement (by its first row): its battery, its threat, and whether a
/// plot of that threat from one of the battery's own radars was delivered before it.
struct Shot {
    battery: BatteryId,
    threat: Option<ObjectId>,
    seen_by_own_radar: bool,
}

fn shots(s: &Scenario, events: &[OwnedEvent]) -> Vec<Shot> {
    let mut plotted: BTreeSet<(SensorId, ObjectId)> = BTreeSet::new();
    let mut first_rows = BTreeSet::new();
    let mut out = Vec::new();
    for e in events {
        match e {
            OwnedEvent::Plot {
                plot: p,
                truth: Some(o),
            } => {
                plotted.insert((p.sensor, *o));
            }
            OwnedEvent::Engagement(r)
                if r.outcome == EngagementOutcome::Launched && first_rows.insert(r.engagement) =>
            {
                let own = &s.battery_radars[r.battery.index()];
                out.push(Shot {
                    battery: r.battery,
                    threat: r.threat_object,
                    seen_by_own_radar: r
                        .threat_object
                        .is_some_and(|o| own.iter().any(|&sensor| plotted.contains(&(sensor, o)))),
                });
            }
            _ => {}
        }
    }
    out
}

/// The threats of the raid named `raid` (threats are numbered in raid order).
fn raid_threats(s: &Scenario, raid: &str) -> BTreeSet<ObjectId> {
    let mut first = 0;
    for r in &s.raids {
        if r.name == raid {
            return (first..first + r.count).map(ObjectId).collect();
        }
        first += r.count;
    }
    panic!("no raid {raid}");
}

#[test]
fn an_autonomous_battery_fires_only_at_what_its_own_radars_saw() {
    let s = two_raids("autonomous");
    assert_eq!(s.network, Network::Autonomous);
    let (_, log) = run(&s);
    let shots = shots(&s, &log.events);
    assert!(!shots.is_empty(), "the batteries fire at the northern raid");
    for shot in &shots {
        assert!(
            shot.seen_by_own_radar,
            "{} fired at {:?}, which none of its radars had reported",
            shot.battery, shot.threat
        );
    }
    let south = raid_threats(&s, "south");
    assert!(
        shots
            .iter()
            .all(|shot| shot.threat.is_none_or(|o| !south.contains(&o))),
        "no battery hears a radar that sees the southern raid"
    );
    // Both batteries hear the one radar and decide alone: each fires.
    let firing: BTreeSet<BatteryId> = shots.iter().map(|s| s.battery).collect();
    assert_eq!(firing.len(), 2, "{firing:?}");
}

#[test]
fn the_integrated_network_engages_on_a_remote_radars_track() {
    let s = two_raids("integrated");
    let (_, log) = run(&s);
    let shots = shots(&s, &log.events);
    let south = raid_threats(&s, "south");
    let remote: Vec<&Shot> = shots.iter().filter(|s| !s.seen_by_own_radar).collect();
    assert!(
        remote
            .iter()
            .any(|shot| shot.threat.is_some_and(|o| south.contains(&o))),
        "some battery fires at the southern raid on the early-warning radar's track"
    );
}

#[test]
fn ids_stay_unique_across_autonomous_battle_managers() {
    let s = two_raids("autonomous");
    let units = s.batteries.len() as u32;
    let (_, log) = run(&s);
    // Engagement ids: dense from 0, each launched at most once.
    let mut first_seen = BTreeMap::new();
    let mut launched = BTreeSet::new();
    for (i, e) in log.events.iter().enumerate() {
        if let OwnedEvent::Engagement(r) = e {
            first_seen.entry(r.engagement.0).or_insert(i);
            if r.outcome == EngagementOutcome::Launched {
                assert!(
                    launched.insert(r.engagement),
                    "{} launched twice",
                    r.engagement
                );
            }
            // The track fired at is in the firing battery's own picture.
            assert_eq!(r.track.0 % units, r.battery.0, "{r:?}");
        }
    }
    let ids: Vec<u32> = first_seen.keys().copied().collect();
    assert_eq!(ids, (0..ids.len() as u32).collect::<Vec<_>>());
    // Every battle manager numbers its tracks from 0 and both see the same plots, so
    // their own ids coincide; the run's do not: each picture has tracks, and a track id
    // is one picture's.
    let mut pictures: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for e in &log.events {
        if let OwnedEvent::Track(t) = e {
            pictures
                .entry(t.track.0 % units)
                .or_default()
                .insert(t.track.0);
        }
    }
    assert_eq!(pictures.len(), 2, "both batteries keep a picture");
    // Each battery's picture follows the northern raid; its assessments name its tracks.
    for e in &log.events {
        if let OwnedEvent::Assessment(a) = e {
            assert!(pictures[&(a.track.0 % units)].contains(&a.track.0));
        }
    }
}

#[test]
fn autonomous_runs_are_deterministic() {
    let s = two_raids("autonomous");
    let (_, a) = run(&s);
    let (_, b) = run(&s);
    assert!(a.lines.len() > 100);
    assert!(a.lines == b.lines, "two runs of one seed differ");
}

#[test]
fn a_lone_battery_on_its_only_radar_fights_the_same_in_both_networks() {
    let text = std::fs::read_to_string(common::root().join("scenarios/tests/minimal.toml"))
        .expect("minimal.toml");
    let with = |network: &str| {
        scenario_from(&format!(
            "{}\n[bmc]\nnetwork = \"{network}\"\n",
            text.replacen(
                "fire_channels = 4",
                "fire_channels = 4\nradars = [\"radar\"]",
                1
            )
        ))
    };
    let (_, integrated) = run(&with("integrated"));
    let (_, autonomous) = run(&with("autonomous"));
    assert!(
        integrated
            .events
            .iter()
            .any(|e| matches!(e, OwnedEvent::Engagement(_))),
        "the battery fires"
    );
    assert!(integrated.lines == autonomous.lines);
}
