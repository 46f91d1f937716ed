//! The synthetic raid the timing examples share: five defended towns, and 1,000
//! confirmed tracks of rockets descending on them or drones flying at them.

// Each example compiles its own copy and uses part of it.
#![allow(dead_code)]

use nalgebra::{Matrix6, SMatrix, SVector};
use rand::Rng;
use std::sync::Arc;
use tdome_bmc::assess::Assessor;
use tdome_bmc::assign::{AssignOutput, Assigner};
use tdome_bmc::config::{AssessmentConfig, AssignmentRule, Doctrine};
use tdome_core::area::GeoPolygon;
use tdome_core::defence::DefendedAsset;
use tdome_core::defence::{BatteryDescription, BatteryStatus, InterceptorType, Layer, PkTable};
use tdome_core::ids::BatteryId;
use tdome_core::ids::{AssetId, TrackId};
use tdome_core::orders::{Decision, EngagementOrder};
use tdome_core::picture::AirPicture;
use tdome_core::picture::{BallisticEstimate, ModeProbabilities, TrackEstimate, TrackStatus};
use tdome_core::rng::{Purpose, stream};
use tdome_core::{
    EnuFrame, Geodetic, Length, Position, Probability, SimDuration, SimTime, Speed, Usd, Velocity,
};

/// Tracks in the raid.
pub const TRACKS: usize = 1_000;

/// The frame the raid is laid out in.
pub fn frame() -> EnuFrame {
    EnuFrame::at(Geodetic::from_degrees(31.45, 34.55, 0.0).with_height(Length::ZERO))
}

pub fn town(frame: &EnuFrame, id: u32, east_km: f64, north_km: f64, half_km: f64) -> DefendedAsset {
    let corner = |e: f64, n: f64| {
        Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(
            (east_km + e) * 1e3,
            (north_km + n) * 1e3,
            0.0,
        )))
    };
    DefendedAsset {
        id: AssetId(id),
        name: format!("town-{id}"),
        value: 10.0 + f64::from(id),
        area: GeoPolygon::new(vec![
            corner(-half_km, -half_km),
            corner(half_km, -half_km),
            corner(half_km, half_km),
            corner(-half_km, half_km),
        ])
        .expect("a square"),
        ground_height: tdome_core::Length::ZERO,
    }
}

/// A track at `enu` (m) in `frame` moving at `v_enu` (m/s), at `time_s`.
pub fn track(
    frame: &EnuFrame,
    id: u32,
    enu: [f64; 3],
    v_enu: [f64; 3],
    ballistic: bool,
) -> TrackEstimate {
    let mut covariance = Matrix6::zeros();
    for k in 0..3 {
        covariance[(k, k)] = 30.0f64.powi(2);
        covariance[(k + 3, k + 3)] = 10.0f64.powi(2);
        covariance[(k, k + 3)] = 0.5 * 30.0 * 10.0;
        covariance[(k + 3, k)] = 0.5 * 30.0 * 10.0;
    }
    let r = frame.rotation_ecef_to_enu().transpose();
    let mut rot = Matrix6::zeros();
    rot.fixed_view_mut::<3, 3>(0, 0).copy_from(&r);
    rot.fixed_view_mut::<3, 3>(3, 3).copy_from(&r);
    let position = frame.to_ecef(&Position::from_metres(enu[0], enu[1], enu[2]));
    let velocity = frame.velocity_to_ecef(&Velocity::from_mps(v_enu[0], v_enu[1], v_enu[2]));
    let covariance = rot * covariance * rot.transpose();
    TrackEstimate {
        time: SimTime::from_seconds(100.0),
        track: TrackId(id),
        status: TrackStatus::Confirmed,
        position,
        velocity,
        covariance,
        first_plot: SimTime::from_seconds(80.0),
        last_plot: SimTime::from_seconds(100.0),
        hits: 20,
        update_interval_s: Some(1.0),
        lagging: false,
        modes: if ballistic {
            ModeProbabilities {
                constant_velocity: 0.05,
                constant_acceleration: 0.05,
                ballistic: 0.9,
            }
        } else {
            ModeProbabilities {
                constant_velocity: 0.95,
                constant_acceleration: 0.05,
                ballistic: 0.0,
            }
        },
        // The ballistic model's own estimate, with 1/β of 1/8,000 m²/kg known to 20%
        // and correlated with nothing.
        ballistic: ballistic.then(|| {
            let p = position.metres();
            let v = velocity.mps();
            let mut covariance7 = SMatrix::<f64, 7, 7>::zeros();
            covariance7
                .fixed_view_mut::<6, 6>(0, 0)
                .copy_from(&covariance);
            covariance7[(6, 6)] = (0.2f64 / 8_000.0).powi(2);
            BallisticEstimate {
                mean: SVector::<f64, 7>::from_iterator(
                    p.iter().chain(v.iter()).copied().chain([1.0 / 8_000.0]),
                ),
                covariance: covariance7,
            }
        }),
        quality: 1.0,
    }
}

/// The five towns.
pub fn towns(frame: &EnuFrame) -> Vec<DefendedAsset> {
    [
        (0.0, 0.0, 2.0),
        (8.0, 5.0, 1.5),
        (-6.0, 9.0, 2.5),
        (15.0, -4.0, 1.0),
        (-12.0, -8.0, 2.0),
    ]
    .iter()
    .enumerate()
    .map(|(i, &(e, n, h))| town(frame, i as u32, e, n, h))
    .collect()
}

/// The raid's tracks: rockets (`ballistic`) or drones.
pub fn raid(frame: &EnuFrame, ballistic: bool) -> Vec<TrackEstimate> {
    let mut rng = stream(7, Purpose::Raid, u64::from(ballistic));
    (0..TRACKS as u32)
        .map(|id| {
            // Launched from the south-west, 10-40 km out, bound for the towns' area.
            let range = rng.random_range(10e3..40e3);
            let bearing: f64 = rng.random_range(3.4..4.3);
            let p = [range * bearing.sin(), range * bearing.cos()];
            let to = [
                rng.random_range(-15e3..15e3) - p[0],
                rng.random_range(-10e3..10e3) - p[1],
            ];
            let d = (to[0] * to[0] + to[1] * to[1]).sqrt();
            if ballistic {
                let speed = rng.random_range(500.0..900.0);
                let height = rng.random_range(3e3..15e3);
                track(
                    frame,
                    id,
                    [p[0], p[1], height],
                    [
                        speed * to[0] / d,
                        speed * to[1] / d,
                        -rng.random_range(100.0..300.0),
                    ],
                    true,
                )
            } else {
                let speed = rng.random_range(40.0..60.0);
                track(
                    frame,
                    id,
                    [p[0], p[1], 1_000.0],
                    [speed * to[0] / d, speed * to[1] / d, 0.0],
                    false,
                )
            }
        })
        .collect()
}

/// Batteries of the assignment raid.
pub const BATTERIES: usize = 100;

/// Seconds between the assignment raid's cycles.
pub const CYCLE_S: f64 = 0.5;

pub fn interceptor(medium: bool) -> Arc<InterceptorType> {
    let (range_km, floor_km, ceiling_km, cost) = if medium {
        (40.0, 1.0, 20.0, 1.0e6)
    } else {
        (15.0, 0.1, 10.0, 5.0e4)
    };
    Arc::new(InterceptorType {
        name: if medium { "medium" } else { "short" }.into(),
        unit_cost: Usd::dollars(cost),
        mean_speed: Speed::metres_per_second(if medium { 1_200.0 } else { 700.0 }),
        max_time_of_flight: SimDuration::from_seconds(60.0),
        reaction_time: SimDuration::from_seconds(2.0),
        reload_time: None,
        min_range: Length::km(if medium { 1.0 } else { 0.5 }),
        max_range: Length::km(range_km),
        min_altitude: Length::km(floor_km),
        max_altitude: Length::km(ceiling_km),
        homing_basket: Length::metres(200.0),
        pk: PkTable::by_category(
            Some(Probability::new(if medium { 0.8 } else { 0.9 }).expect("p")),
            None,
        ),
        rcs_m2: 0.1,
        source: "timing example".into(),
        effector: tdome_core::defence::Effector::Missile,
    })
}

pub fn batteries(frame: &tdome_core::EnuFrame) -> Vec<BatteryDescription> {
    let (short, medium) = (interceptor(false), interceptor(true));
    (0..BATTERIES)
        .map(|k| {
            let (i, j) = ((k % 10) as f64, (k / 10) as f64);
            let site = Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(
                (i - 4.5) * 4e3,
                (j - 4.5) * 3e3,
                0.0,
            )));
            let medium_range = k % 5 == 0;
            BatteryDescription {
                id: BatteryId(k as u32),
                name: format!("b{k}"),
                layer: if medium_range {
                    Layer::Middle
                } else {
                    Layer::Lower
                },
                site,
                interceptor: if medium_range {
                    medium.clone()
                } else {
                    short.clone()
                },
                rounds: 40,
                rounds_per_launcher: 40,
                reserve_rounds: 0,
                fire_channels: 4,
            }
        })
        .collect()
}

/// The assignment raid: the first `tracks` rockets of [`raid`], all bound for one
/// defended district (a 40 km square over the towns), against [`BATTERIES`] batteries
/// on a 10 × 10 grid over the towns ([`batteries`]), each reporting full status every
/// cycle, so that every threat not yet engaged is a candidate with every battery. Calls
/// `each(decisions, orders, milliseconds)` for the first cycle with threats to decide
/// on (threats are confirmed by two assessments in a row) and the `cycles` after it,
/// timing `Assigner::assign` alone, its searches on `threads` threads.
pub fn assign_cycles(
    rule: AssignmentRule,
    threads: usize,
    tracks: usize,
    cycles: usize,
    mut each: impl FnMut(&[(TrackId, Decision)], &[EngagementOrder], f64),
) {
    let frame = frame();
    let mut tracks: Vec<TrackEstimate> = raid(&frame, true).into_iter().take(tracks).collect();
    for t in &mut tracks {
        // Plots every cycle, so that no track is judged coasting.
        t.update_interval_s = Some(CYCLE_S);
    }
    let batteries = batteries(&frame);
    let status: Vec<BatteryStatus> = batteries.iter().map(BatteryStatus::full).collect();
    let doctrine = Doctrine {
        assignment: rule,
        cost_weight_per_musd: 1.0,
        ..Doctrine::default()
    };
    let mut assigner = Assigner::new(doctrine, batteries).with_search_threads(threads);
    // One defended district over the whole raid area (a 40 km square): every rocket
    // threatens it, so all are threats.
    let district = vec![town(&frame, 0, 0.0, 0.0, 20.0)];
    let mut assessor = Assessor::new(AssessmentConfig::default(), district);
    let mut picture = AirPicture::default();
    let (mut refreshed, mut decisions, mut orders, mut aims, mut cancels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut timed = 0;
    for cycle in 0.. {
        if timed > cycles {
            break;
        }
        if cycle > 0 {
            // Every track has news every cycle, all at once: their assessments fall due
            // together, and so do their shots (the worst case for one pass).
            for t in &mut tracks {
                t.position += t.velocity.over_seconds(CYCLE_S);
                t.time += SimDuration::from_seconds(CYCLE_S);
                t.last_plot = t.time;
            }
        }
        let now = SimTime::from_seconds(100.0 + CYCLE_S * cycle as f64);
        picture.replace_all(tracks.iter().cloned());
        assessor.update(&picture, &mut refreshed);
        decisions.clear();
        orders.clear();
        let start = std::time::Instant::now();
        assigner.assign(
            now,
            (&picture, &assessor),
            &status,
            AssignOutput {
                decisions: &mut decisions,
                orders: &mut orders,
                aim_updates: &mut aims,
                cancellations: &mut cancels,
            },
        );
        let elapsed = start.elapsed().as_secs_f64() * 1e3;
        if timed == 0 && decisions.is_empty() {
            continue;
        }
        timed += 1;
        each(&decisions, &orders, elapsed);
    }
}
