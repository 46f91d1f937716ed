//! Decoding throughput: CAT048 target reports, CAT062 tracks, on one core.
//!
//!     cargo run --release -p tdome-asterix --example bench-decode
//!
//! Prints a table: records per second and nanoseconds per record, decoding datagrams of
//! typical records (tdome's plot: I048/010, /140, /020, /040, /110, /120; tdome's
//! track: I062/010, /015, /070, /105, /100, /185, /040, /080, /130, /500, SP) packed
//! as a radar or tracker sends them, about 1.4 kB a datagram. Then the cost of
//! writing one of tdome's tracks as CAT062 (`track_message` and encoding: the system
//! plane's projection and derivative, the covariance turned into it), which the writer
//! pays for every track every cycle.

use std::hint::black_box;
use std::time::Instant;

use tdome_asterix::cat048::{
    CalculatedDoppler, Cat048Record, PolarPosition, TargetReportDescriptor,
};
use tdome_asterix::cat062::{
    CartesianPosition, CartesianVelocity, Cat062Record, EstimatedAccuracies, TdomeSpecial,
    TrackStatus, Wgs84Position,
};
use tdome_asterix::tracks::track_message;
use tdome_asterix::{BlockWriter, DataSource, Record, SystemPlane, TimeOfDay, decode_datagram};
use tdome_core::ids::TrackId;
use tdome_core::picture::{ModeProbabilities, TrackEstimate, TrackStatus as Life};
use tdome_core::{EnuFrame, Geodetic, Position, SimTime, UtcTime, Velocity};

fn plots(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut block = BlockWriter::new(&mut out, 48);
    for i in 0..n {
        Cat048Record {
            descriptor: Some(TargetReportDescriptor::simulated_psr()),
            position: Some(
                PolarPosition::from_range_azimuth(50_000.0 + 37.0 * i as f64, 3.7 * i as f64)
                    .unwrap(),
            ),
            height_3d: Some(Cat048Record::height_from_m(8_000.0 + i as f64).unwrap()),
            doppler: Some(CalculatedDoppler::from_mps(-250.0 + i as f64).unwrap()),
            ..Cat048Record::new(
                DataSource { sac: 25, sic: 201 },
                TimeOfDay::from_seconds(3_600.0 + 0.01 * i as f64),
            )
        }
        .encode(block.out());
    }
    block.finish().unwrap();
    out
}

fn tracks(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut block = BlockWriter::new(&mut out, 62);
    for i in 0..n {
        Cat062Record {
            service: Some(1),
            position_wgs84: Some(
                Wgs84Position::from_degrees(24.0 + 0.01 * i as f64, 121.0).unwrap(),
            ),
            position_cartesian: Some(
                CartesianPosition::from_metres(1_000.0 * i as f64, -500.0).unwrap(),
            ),
            velocity: Some(CartesianVelocity::from_mps(-200.0, 300.0).unwrap()),
            track_number: Some(i as u16),
            status: Some(TrackStatus {
                simulated: true,
                ..TrackStatus::default()
            }),
            geometric_altitude: Some(Cat062Record::altitude_saturating(9_000.0)),
            accuracies: Some(EstimatedAccuracies {
                position_xy: Some((40, 40)),
                velocity_xy: Some((8, 8)),
                ..EstimatedAccuracies::default()
            }),
            special: Some(TdomeSpecial {
                category: 2,
                vertical_velocity_sigma: 12,
            }),
            ..Cat062Record::new(
                DataSource { sac: 25, sic: 1 },
                TimeOfDay::from_seconds(3_600.0),
            )
        }
        .encode(block.out());
    }
    block.finish().unwrap();
    out
}

fn measure(name: &str, datagram: &[u8]) {
    let mut per = 0usize;
    decode_datagram(datagram, |_, _| per += 1).unwrap();
    // Warm up, then time about a second's worth.
    let mut reps = 1_000usize;
    loop {
        let start = Instant::now();
        let mut count = 0usize;
        for _ in 0..reps {
            decode_datagram(black_box(datagram), |_, r| {
                if let Record::Cat048(p) = &r {
                    black_box(p.position);
                }
                count += 1;
            })
            .unwrap();
        }
        let took = start.elapsed().as_secs_f64();
        if took > 1.0 {
            let rate = count as f64 / took;
            println!(
                "| {name:<28} | {per:>12} | {:>5} | {:>11.2} | {:>9.1} |",
                datagram.len(),
                rate / 1e6,
                1e9 / rate
            );
            return;
        }
        reps *= 2;
    }
}

/// Writing 2,000 tracks spread over 600 km × 600 km as CAT062, as the writer does each
/// cycle: microseconds per track.
fn measure_track_messages() {
    let origin = Geodetic::from_degrees(24.0, 121.0, 0.0);
    let frame = EnuFrame::at(origin);
    let plane = SystemPlane::at(origin);
    let tracks: Vec<TrackEstimate> = (0..2_000)
        .map(|i| {
            let (e, n) = (
                (i % 50) as f64 * 12_000.0 - 300_000.0,
                (i / 50) as f64 * 15_000.0 - 300_000.0,
            );
            TrackEstimate {
                time: SimTime::from_seconds(100.0),
                track: TrackId(i),
                status: Life::Confirmed,
                position: frame.to_ecef(&Position::from_metres(e, n, 10_000.0)),
                velocity: frame.velocity_to_ecef(&Velocity::from_mps(-250.0, 100.0, 5.0)),
                covariance: nalgebra::Matrix6::identity() * 400.0,
                first_plot: SimTime::ZERO,
                last_plot: SimTime::from_seconds(100.0),
                hits: 20,
                update_interval_s: Some(2.0),
                lagging: false,
                modes: ModeProbabilities::default(),
                ballistic: None,
                quality: 1.0,
            }
        })
        .collect();
    let source = DataSource { sac: 25, sic: 100 };
    let mut reps = 1usize;
    loop {
        let start = Instant::now();
        let mut bytes = Vec::with_capacity(128);
        for _ in 0..reps {
            for t in &tracks {
                bytes.clear();
                track_message(
                    black_box(t),
                    source,
                    &plane,
                    UtcTime::DEFAULT_EPOCH,
                    false,
                    None,
                )
                .unwrap()
                .encode(&mut bytes);
                black_box(&bytes);
            }
        }
        let took = start.elapsed().as_secs_f64();
        if took > 1.0 {
            let per = took / (reps * tracks.len()) as f64;
            println!();
            println!("| writing tracks as CAT062     | µs/track | ms per cycle of 2,000 tracks |");
            println!("|------------------------------|---------:|-----------------------------:|");
            println!(
                "| track_message + encode       | {:>8.2} | {:>28.2} |",
                per * 1e6,
                per * 2_000.0 * 1e3
            );
            return;
        }
        reps *= 2;
    }
}

fn main() {
    println!("| records                      | per datagram | bytes | M records/s | ns/record |");
    println!("|------------------------------|-------------:|------:|------------:|----------:|");
    measure("CAT048 plots (tdome's)", &plots(80));
    measure("CAT062 tracks (tdome's)", &tracks(25));
    measure_track_messages();
}
