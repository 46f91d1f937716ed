//! Threats fly where they are aimed. Ballistic threats, with no dispersion, land within
//! 50 m of their aim point when flown by the world's engine; cruise missiles and drones
//! reach their aim through their route points at their speed.

mod common;

use tdome_core::EnuFrame;
use tdome_world::raid::plan;

const BALLISTIC: &str = r#"
[scenario]
name = "aim"
description = "undefended ballistic raids at points"
seed = 3
duration_s = 900.0
tick_s = 0.125
[theatre]
origin = { lat_deg = 24.5, lon_deg = 119.5, alt_m = 0.0 }
[[raid]]
name = "grad"
threat = "9M22U Grad (122 mm)"
count = 6
launch_area = { polygon = [[24.00, 119.00], [24.00, 119.02], [24.02, 119.02]] }
window_s = [0.0, 30.0]
aim = { point = [24.13, 119.03] }
[[raid]]
name = "fajr"
threat = "Fajr-5 (333 mm)"
count = 4
launch_area = { point = [24.0, 119.0] }
window_s = [0.0, 10.0]
aim = { polygon = [[24.40, 119.20], [24.40, 119.30], [24.50, 119.30], [24.50, 119.20]] }
[[raid]]
name = "srbm"
threat = "DF-15B-class SRBM"
count = 4
launch_area = { point = [24.5, 117.0] }
window_s = [0.0, 60.0]
aim = { point = [25.03, 121.50] }
"#;

#[test]
fn val_ballistic_threats_land_within_50_m_of_their_aim() {
    let s = common::scenario_from(BALLISTIC);
    let planned = plan(&s, s.seed).expect("plan");
    let (_, log) = common::run(&s);
    let mut misses = Vec::new();
    for e in &log.events {
        if let common::OwnedEvent::Impact(i) = e {
            let aim = planned[i.object.index()].aim_point;
            misses.push((
                i.point.to_ecef().distance_to(&aim.to_ecef()).si(),
                planned[i.object.index()].threat.name.clone(),
            ));
        }
    }
    assert_eq!(misses.len(), planned.len(), "every threat landed");
    misses.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!(
        "aim-point miss: median {:.2} m, max {:.2} m ({})",
        misses[misses.len() / 2].0,
        misses.last().expect("max").0,
        misses.last().expect("max").1
    );
    assert!(misses.last().expect("max").0 < 50.0, "{misses:?}");
}

const ROUTES: &str = r#"
[scenario]
name = "routes"
description = "undefended cruise missiles and drones with route points"
seed = 4
duration_s = 3600.0
tick_s = 0.125
[theatre]
origin = { lat_deg = 24.5, lon_deg = 119.5, alt_m = 0.0 }
[[raid]]
name = "cruise"
threat = "CJ-10-class cruise missile"
count = 2
launch_area = { point = [24.0, 118.5] }
window_s = [0.0, 0.0]
aim = { point = [25.0, 121.4] }
via = [[25.6, 120.0], [25.5, 121.0]]
[[raid]]
name = "drone"
threat = "ASN-301-class loitering munition"
count = 1
launch_area = { point = [24.6, 120.2] }
window_s = [0.0, 0.0]
aim = { point = [25.0, 121.2] }
"#;

#[test]
fn val_air_breathing_threats_fly_their_route_at_their_speed() {
    let s = common::scenario_from(ROUTES);
    let planned = plan(&s, s.seed).expect("plan");
    let (_, log) = common::run(&s);
    let mut impacts = 0;
    for e in &log.events {
        let common::OwnedEvent::Impact(i) = e else {
            continue;
        };
        impacts += 1;
        let p = &planned[i.object.index()];
        let tdome_scenario::model::FlightModel::AirBreathing(profile) = &p.threat.flight else {
            panic!("air-breathing")
        };
        // Arrives on its aim point.
        assert!(i.point.to_ecef().distance_to(&p.aim_point.to_ecef()).si() < 1.0);
        // Route length over the ground, leg by leg in each leg's local plane.
        let mut pts = vec![p.launch_point];
        pts.extend(p.via.iter().copied());
        pts.push(p.aim_point);
        let length: f64 = pts
            .windows(2)
            .map(|w| {
                let f = EnuFrame::at(w[0]);
                let d = f.to_enu(&w[1].to_ecef());
                d.metres().x.hypot(d.metres().y)
            })
            .sum();
        let expected = p.launch_time.as_seconds() + length / profile.speed.si();
        let flown = i.time.as_seconds();
        // Ground speed along great-circle legs: the flight time matches to a fraction of
        // a percent (leg lengths here are straight chords in each leg's start plane).
        assert!(
            (flown - expected).abs() / (expected - p.launch_time.as_seconds()) < 0.005,
            "{}: flew {flown:.1} s, expected {expected:.1} s",
            p.threat.name
        );
    }
    assert_eq!(impacts, 3);
    // Cruise height is held between climb and dive.
    let cruise_alt = log
        .events
        .iter()
        .filter_map(|e| match e {
            common::OwnedEvent::Truth(t)
                if t.object.0 == 0 && (600.0..900.0).contains(&t.time.as_seconds()) =>
            {
                Some(tdome_core::Geodetic::from_ecef(&t.position).height_m())
            }
            _ => None,
        })
        .collect::<Vec<_>>();
    assert!(!cruise_alt.is_empty());
    let tdome_scenario::model::FlightModel::AirBreathing(profile) = &planned[0].threat.flight
    else {
        panic!()
    };
    for h in cruise_alt {
        assert!(
            (h - profile.cruise_altitude.si()).abs() < 1.0,
            "height {h} off cruise"
        );
    }
}

/// Grad rockets aimed at a town whose ground lies `height_m` above the ellipsoid.
fn town_on_ground(height_m: f64) -> String {
    format!(
        r#"
[scenario]
name = "hill"
description = "undefended rockets on a town on raised ground"
seed = 5
duration_s = 300.0
tick_s = 0.125
[theatre]
origin = {{ lat_deg = 24.5, lon_deg = 119.5, alt_m = 0.0 }}
[[asset]]
name = "town"
value = 1.0
polygon = [[24.10, 119.00], [24.10, 119.06], [24.16, 119.06], [24.16, 119.00]]
ground_height_m = {height_m}
[[raid]]
name = "grad"
threat = "9M22U Grad (122 mm)"
count = 3
launch_area = {{ point = [24.0, 119.0] }}
window_s = [0.0, 20.0]
aim = {{ point = [24.13, 119.03] }}
"#
    )
}

fn impacts(text: &str) -> Vec<tdome_core::event::ImpactRecord> {
    let (_, log) = common::run(&common::scenario_from(text));
    log.events
        .iter()
        .filter_map(|e| match e {
            common::OwnedEvent::Impact(i) => Some(i.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn val_ballistic_threats_land_on_an_asset_s_raised_ground() {
    // The same arcs (same seed, same aim) onto the town at 0, +400 and −200 m: on raised
    // ground they land earlier and short, on sunken ground later and long, by the
    // descent's slope times the height, and on the ground's own height.
    let flat = impacts(&town_on_ground(0.0));
    assert_eq!(flat.len(), 3);
    for height in [400.0, -200.0] {
        let raised = impacts(&town_on_ground(height));
        assert_eq!(raised.len(), 3);
        for (a, b) in flat.iter().zip(&raised) {
            assert_eq!(a.object, b.object);
            assert!(b.asset.is_some(), "the town is hit");
            assert!(
                (b.point.height_m() - height).abs() < 1e-3,
                "{}",
                b.point.height_m()
            );
            let dt = (b.time - a.time).as_seconds();
            let frame = EnuFrame::at(a.point);
            let d = frame.to_enu(&b.point.to_ecef());
            let horizontal = d.metres().x.hypot(d.metres().y);
            println!("height {height} m: {dt:+.3} s, {horizontal:.0} m from the flat impact");
            // A Grad falls at some 40-60° at the end of a 15 km arc, at 300-500 m/s.
            assert!(dt * height < 0.0, "earlier on a hill, later in a hollow");
            assert!(
                (0.3..3.0).contains(&(horizontal / height.abs())),
                "{horizontal}"
            );
            // Short of the flat impact, towards the launcher (to the south-west).
            let towards_launch = -d.metres().y * height.signum();
            assert!(towards_launch > 0.0, "{d:?}");
        }
    }
}
