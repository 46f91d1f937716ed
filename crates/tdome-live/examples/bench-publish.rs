//! The live server's cost per update cycle at N simultaneous tracks (default 2,000):
//! every track re-estimated and re-assessed once per cycle (the battle manager's worst
//! case), the picture updated from those events, one delta built and queued for four
//! viewers, and a keyframe built (what a joining or lagging viewer costs).
//!
//! `cargo run --release -p tdome-live --example bench-publish [-- TRACKS [CYCLES]]`

use std::time::Instant;

use nalgebra::Matrix6;
use tdome_core::event::{BatteryInfo, Event, RunStart};
use tdome_core::ids::TrackId;
use tdome_core::orders::{Decision, ErrorEllipse, OperatorMode, ThreatAssessment};
use tdome_core::picture::{ModeProbabilities, TrackEstimate, TrackStatus};
use tdome_core::threat::TargetCategory;
use tdome_core::{Geodetic, Length, SimTime, Usd, Velocity};
use tdome_live::hub::Hub;
use tdome_live::picture::{LivePicture, Pace};

fn main() {
    let mut args = std::env::args().skip(1);
    let tracks: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let cycles: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let start = RunStart {
        scenario: "bench".into(),
        batteries: (0..12)
            .map(|k| BatteryInfo {
                name: format!("battery {k}"),
                layer: tdome_core::defence::Layer::Middle,
                site: Geodetic::from_degrees(25.0, 121.0 + f64::from(k) * 0.05, 0.0),
                interceptor_type: "x".into(),
                rounds: 16,
                reserve: 32,
                round_cost: Usd::dollars(1e6),
                max_range: Length::metres(1e5),
                mode: OperatorMode::Free,
            })
            .collect(),
        ..RunStart::default()
    };
    let mut picture = LivePicture::new();
    picture.apply(&Event::RunStart(&start));
    let hub = Hub::default();
    let viewers: Vec<_> = (0..4).map(|_| hub.subscribe()).collect();
    let pace = Pace {
        speed: 10.0,
        ..Pace::default()
    };
    let (mut apply_s, mut delta_s, mut key_s, mut bytes) = (0.0, 0.0, 0.0, 0usize);
    let mut key_bytes = 0;
    for c in 0..cycles {
        let t = SimTime::from_seconds(f64::from(c) * 0.5);
        let began = Instant::now();
        for k in 0..tracks {
            let lat = 24.0 + f64::from(k % 50) * 0.02 + f64::from(c) * 1e-4;
            let lon = 119.0 + f64::from(k / 50) * 0.02;
            let p = Geodetic::from_degrees(lat, lon, 10_000.0).to_ecef();
            let estimate = TrackEstimate {
                time: t,
                track: TrackId(k),
                status: TrackStatus::Confirmed,
                position: p,
                velocity: Velocity::from_mps(100.0, -200.0, 50.0),
                covariance: Matrix6::identity(),
                first_plot: SimTime::ZERO,
                last_plot: t,
                hits: c + 1,
                update_interval_s: Some(1.0),
                lagging: false,
                modes: ModeProbabilities::default(),
                ballistic: None,
                quality: 0.9,
            };
            picture.apply(&Event::Track(&estimate));
            let assessment = ThreatAssessment {
                time: t,
                track: TrackId(k),
                category: TargetCategory::Ballistic,
                predicted_impact: Some(Geodetic::from_degrees(25.0, 121.5, 0.0)),
                impact_time: Some(t + tdome_core::SimDuration::from_seconds(60.0)),
                threatened_asset: None,
                priority: 1.0,
                decision: Decision::Engage,
                impact_ellipse: Some(ErrorEllipse {
                    sigma_major_m: 300.0,
                    sigma_minor_m: 100.0,
                    major_azimuth_deg: 30.0,
                }),
                p_hit: Some(0.4),
                value_at_risk: Some(4.0),
            };
            picture.apply(&Event::Assessment(&assessment));
        }
        let applied = Instant::now();
        let delta = picture.delta(pace);
        hub.publish(Some(&delta), &mut |_| String::new());
        let delta_done = Instant::now();
        let key = picture.keyframe(pace, 0);
        let key_done = Instant::now();
        apply_s += (applied - began).as_secs_f64();
        delta_s += (delta_done - applied).as_secs_f64();
        key_s += (key_done - delta_done).as_secs_f64();
        bytes += delta.len();
        key_bytes = key.len();
        for v in &viewers {
            while v.next(std::time::Duration::ZERO).is_some() {}
        }
    }
    let per = |s: f64| s / f64::from(cycles) * 1e3;
    println!("live server, one update cycle with every track changed ({cycles} cycles)");
    println!(
        "{:>8} {:>12} {:>14} {:>14} {:>12} {:>12}",
        "tracks", "events ms", "delta+queue ms", "keyframe ms", "delta KiB", "key KiB"
    );
    println!(
        "{:>8} {:>12.2} {:>14.2} {:>14.2} {:>12.0} {:>12.0}",
        tracks,
        per(apply_s),
        per(delta_s),
        per(key_s),
        bytes as f64 / f64::from(cycles) / 1024.0,
        key_bytes as f64 / 1024.0
    );
}
