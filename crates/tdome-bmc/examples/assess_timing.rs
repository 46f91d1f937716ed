//! Timing of threat assessment (issue 7's target: 1,000 tracks per cycle in ≤ 10 ms on
//! one core). A dependency-free benchmark:
//!
//! `cargo run --release -p tdome-bmc --example assess_timing`
//!
//! 1,000 confirmed tracks over five defended towns: rockets descending on them (each
//! assessed with the unscented impact prediction and P(hit) over the polygons), or
//! drones flying at them (course, closest approach, P(passes over)). Each case is timed
//! on its first cycle, when every track is new, and over the 40 cycles of 0.5 s that
//! follow, as the tracks move on (each track's radar brings it a new estimate every
//! 2 s, the tracks' scans spread over those 2 s); a track is re-assessed when its estimate is 2 s newer
//! than its assessment, and its impact covariance refreshed every tenth of its time to go
//! (2–10 s). Figures are wall time on one thread.

mod timing_world;

use std::time::Instant;

use tdome_bmc::assess::Assessor;
use tdome_bmc::config::AssessmentConfig;
use tdome_core::SimDuration;
use tdome_core::picture::{AirPicture, TrackEstimate};
use timing_world::TRACKS;

const CYCLES: usize = 40;
const CYCLE_S: f64 = 0.5;

/// Milliseconds for one `update` of `assessor` with `picture`.
fn time_update(assessor: &mut Assessor, picture: &AirPicture) -> f64 {
    let mut refreshed = Vec::new();
    let start = Instant::now();
    assessor.update(picture, &mut refreshed);
    start.elapsed().as_secs_f64() * 1e3
}

fn run(name: &str, ballistic: bool) {
    let frame = timing_world::frame();
    let mut tracks: Vec<TrackEstimate> = timing_world::raid(&frame, ballistic);
    let mut assessor = Assessor::new(AssessmentConfig::default(), timing_world::towns(&frame));
    let mut picture = AirPicture::default();
    picture.replace_all(tracks.iter().cloned());
    let first = time_update(&mut assessor, &picture);
    let mut steady = Vec::with_capacity(CYCLES);
    for cycle in 0..CYCLES {
        // Each track's radar brings it a new estimate every 2 s (4 cycles), the tracks'
        // scans spread over those 2 s.
        for (k, t) in tracks.iter_mut().enumerate() {
            if (cycle + k) % 4 == 0 {
                t.position += t.velocity.over_seconds(4.0 * CYCLE_S);
                t.time += SimDuration::from_seconds(4.0 * CYCLE_S);
                t.last_plot = t.time;
            }
        }
        picture.replace_all(tracks.iter().cloned());
        steady.push(time_update(&mut assessor, &picture));
    }
    steady.sort_by(f64::total_cmp);
    let mean = steady.iter().sum::<f64>() / steady.len() as f64;
    println!(
        "| {name} | {TRACKS} | {first:.1} | {mean:.2} | {:.2} | {:.2} |",
        steady[steady.len() / 2],
        steady[steady.len() - 1]
    );
}

fn main() {
    println!("| tracks | n | first cycle, ms | steady cycle: mean, ms | median | max |");
    println!("|---|---:|---:|---:|---:|---:|");
    run("rockets (impact UT, P(hit) over polygons)", true);
    run("drones (course, P(passes over))", false);
}
