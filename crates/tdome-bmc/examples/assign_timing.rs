//! Timing of one assignment pass (issue 8's target: a full dynamic cycle, 1,000 threats ×
//! 100 batteries, in ≤ 50 ms on one core). A dependency-free benchmark:
//!
//! `cargo run --release -p tdome-bmc --example assign_timing`
//!
//! The raid of `assess_timing` (1,000 rockets), all bound for one defended district
//! (a 40 km square over the towns), against 100
//! batteries on a 10 × 10 grid over the towns: four in five short-range (0.5–15 km,
//! 0.1–10 km up), one in five medium-range (1–40 km, 1–20 km up), each with four fire
//! channels and 40 rounds. Every cycle the batteries report full status, so the
//! problem stays as large as it can be: each threat not yet engaged is a candidate with
//! every battery. The first cycle timed is the first with threats to decide on (threats
//! are confirmed by two assessments in a row). Timed: `Assigner::assign` alone (the doctrine gate, the intercept
//! windows of the options table, the choice of shooters and the commit), for each
//! assignment rule, on the first cycle (every track new, every window searched afresh)
//! and over the 40 cycles of 0.5 s that follow. Wall time on one thread.

mod timing_world;

use std::sync::Arc;
use std::time::Instant;

use tdome_bmc::assess::Assessor;
use tdome_bmc::assign::{AssignOutput, Assigner};
use tdome_bmc::config::{AssessmentConfig, AssignmentRule, Doctrine};
use tdome_core::defence::{BatteryDescription, BatteryStatus, InterceptorType, Layer, PkTable};
use tdome_core::ids::BatteryId;
use tdome_core::picture::AirPicture;
use tdome_core::{Geodetic, Length, Position, Probability, SimDuration, SimTime, Speed, Usd};

const CYCLES: usize = 40;
const CYCLE_S: f64 = 0.5;
const BATTERIES: usize = 100;

fn interceptor(medium: bool) -> Arc<InterceptorType> {
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

fn batteries(frame: &tdome_core::EnuFrame) -> Vec<BatteryDescription> {
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

fn run(rule: AssignmentRule) {
    let frame = timing_world::frame();
    let mut tracks = timing_world::raid(&frame, true);
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
    let mut assigner = Assigner::new(doctrine, batteries);
    // One defended district over the whole raid area (a 40 km square): every rocket
    // threatens it, so all 1,000 are threats.
    let district = vec![timing_world::town(&frame, 0, 0.0, 0.0, 20.0)];
    let mut assessor = Assessor::new(AssessmentConfig::default(), district);
    let mut picture = AirPicture::default();
    let (mut refreshed, mut decisions, mut orders, mut aims, mut cancels) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut times = Vec::with_capacity(CYCLES + 1);
    let (mut first_orders, mut first_threats) = (0, 0);
    // Threats are confirmed by two assessments in a row, 2 s apart: the cycles before
    // the first with threats to decide on are not timed.
    for cycle in 0.. {
        if times.len() > CYCLES {
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
        let start = Instant::now();
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
        if times.is_empty() {
            if decisions.is_empty() {
                continue;
            }
            (first_orders, first_threats) = (orders.len(), decisions.len());
        }
        times.push(elapsed);
    }
    let first = times[0];
    let mut steady = times[1..].to_vec();
    steady.sort_by(f64::total_cmp);
    let mean = steady.iter().sum::<f64>() / steady.len() as f64;
    println!(
        "| {} | {} × {BATTERIES} | {first:.1} | {first_threats} | {first_orders} | {mean:.2} | {:.2} | {:.2} |",
        rule.name(),
        timing_world::TRACKS,
        steady[steady.len() / 2],
        steady[steady.len() - 1]
    );
}

fn main() {
    println!(
        "| rule | tracks × batteries | first cycle, ms | threats decided then | orders then | steady cycle: mean, ms | median | max |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for rule in [
        AssignmentRule::Layered,
        AssignmentRule::Nearest,
        AssignmentRule::Greedy,
        AssignmentRule::Local,
    ] {
        run(rule);
    }
}
