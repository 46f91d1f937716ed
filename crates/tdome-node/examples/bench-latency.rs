//! tdome bmc's end-to-end latency: from a CAT048 plot sent over UDP to the CAT062 update
//! of its track received back, at a given plot rate, on the wall clock.
//!
//!     cargo run --release -p tdome-node --example bench-latency [-- RATE SECONDS]
//!
//! Defaults: 10,000 plots a second for 20 s, from the five 1 s radars of
//! bench/asterix/latency.toml, each seeing 2,000 targets in level flight (RATE / 5 per
//! radar). A plot is stamped with the wall clock's UTC when sent; a track update carries
//! its latest plot's time (I062/070), so its latency is its arrival less that time, to
//! the field's 1/128 s. The battle manager cycles every `[bmc] cycle`, so a plot waits
//! up to one cycle for it: the table gives that wait and the cycle's own cost apart.

use std::net::UdpSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tdome_asterix::plots::plot_report;
use tdome_asterix::utc::utc_near;
use tdome_asterix::{BlockWriter, DataSource, Record, decode_datagram};
use tdome_core::plot::Plot;
use tdome_core::{Position, UtcTime};
use tdome_node::live::CycleClock;
use tdome_node::service::{self, BmcOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let rate: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000.0);
    let seconds: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20.0);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = tdome_scenario::load(&root.join("bench/asterix/latency.toml"))
        .expect("bench/asterix/latency.toml");
    let radars: Vec<(
        DataSource,
        std::sync::Arc<tdome_core::plot::CartesianToRangeAzimuthElevation>,
    )> = scenario
        .sensors
        .iter()
        .map(|s| {
            (
                DataSource {
                    sac: s.data_source.sac,
                    sic: s.data_source.sic,
                },
                tdome_world::sense::radar::measurement_model(s),
            )
        })
        .collect();
    let targets = (rate / radars.len() as f64).round() as usize;
    let epoch = scenario.epoch;
    let cycle_s = scenario.bmc.cycle.as_seconds();
    let plane = tdome_core::EnuFrame::at(scenario.origin);

    // The battle manager, listening on a free port, sending tracks to us.
    let free = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let listen = free.local_addr().expect("address");
    drop(free);
    let tracks_in = UdpSocket::bind("127.0.0.1:0").expect("bind");
    tracks_in
        .set_read_timeout(Some(Duration::from_millis(50)))
        .expect("timeout");
    let out = tdome_core::net::UdpAddress::parse(&format!(
        "udp://{}",
        tracks_in.local_addr().expect("address")
    ))
    .expect("address");
    let stop = Arc::new(AtomicBool::new(false));
    let options = BmcOptions {
        scenario: scenario.clone(),
        listen,
        asterix_out: Some(tdome_core::net::UdpSender::open(&out).expect("sender")),
        clock: CycleClock::Wall,
        idle_exit: None,
        stop: Arc::clone(&stop),
        serve: None,
        policy: None,
    };
    let bmc = std::thread::spawn(move || service::run(options, &mut std::io::sink()));
    std::thread::sleep(Duration::from_millis(300));

    // Our receiver of track updates: latency of each, after a warm-up.
    let started = Instant::now();
    let warm_up = Duration::from_secs(5);
    let receiver = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut latencies = Vec::new();
            let mut buf = vec![0u8; 65_536];
            while !stop.load(Ordering::Relaxed) {
                let Ok(n) = tracks_in.recv(&mut buf) else {
                    continue;
                };
                let now = UtcTime::now();
                if started.elapsed() < warm_up {
                    continue;
                }
                let _ = decode_datagram(&buf[..n], |_, r| {
                    if let Record::Cat062(t) = r {
                        let plotted = utc_near(t.time_of_track, now);
                        latencies.push((now.unix_nanos() - plotted.unix_nanos()) as f64 / 1e6);
                    }
                });
            }
            latencies
        })
    };

    // The targets: a ring 40 to 120 km out, 8 km up, 200 m/s on assorted headings.
    let start_positions: Vec<(Position<tdome_core::Ecef>, [f64; 2])> = (0..targets)
        .map(|i| {
            let f = i as f64 / targets as f64;
            let bearing = f * std::f64::consts::TAU * 7.0;
            let range = 40_000.0 + 80_000.0 * ((i * 7919) % targets) as f64 / targets as f64;
            let heading = f * std::f64::consts::TAU * 13.0;
            let p = plane.to_ecef(&Position::from_metres(
                range * bearing.sin(),
                range * bearing.cos(),
                8_000.0,
            ));
            (p, [200.0 * heading.sin(), 200.0 * heading.cos()])
        })
        .collect();
    let tx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let mut sent = 0u64;
    let mut due = 0.0f64;
    let period = 0.01; // send every 10 ms
    let per_slot = rate * period;
    let t0 = Instant::now();
    let mut datagram = Vec::new();
    while t0.elapsed().as_secs_f64() < seconds {
        due += per_slot;
        let now = UtcTime::now();
        let t = epoch.sim_time_of(now);
        let elapsed = t0.elapsed().as_secs_f64();
        // This slot's plots, radar by radar, 80 to a datagram.
        for (r, (source, model)) in radars.iter().enumerate() {
            let mut records = 0;
            datagram.clear();
            let mut block = BlockWriter::new(&mut datagram, 48);
            let n = (due / radars.len() as f64) as usize;
            for k in 0..n {
                let i = ((sent as usize / radars.len()) + k + r * 7) % targets;
                let (p0, v) = &start_positions[i];
                let enu = plane.to_enu(p0);
                let e = enu.metres();
                let p = plane.to_ecef(&Position::from_metres(
                    e.x + v[0] * elapsed,
                    e.y + v[1] * elapsed,
                    e.z,
                ));
                let plot = Plot {
                    time: t,
                    sensor: model.sensor,
                    measurement: model.site.observe(&p),
                    range_rate: None,
                    model: Arc::clone(model),
                };
                if let Ok(report) = plot_report(&plot, *source, epoch) {
                    report.encode(block.out());
                    records += 1;
                }
                if records == 80 {
                    block.finish();
                    let _ = tx.send_to(&datagram, listen);
                    datagram.clear();
                    block = BlockWriter::new(&mut datagram, 48);
                    records = 0;
                }
            }
            if records > 0 {
                block.finish();
                let _ = tx.send_to(&datagram, listen);
            }
            sent += n as u64;
        }
        due -= (due / radars.len() as f64).floor() * radars.len() as f64;
        let next = Duration::from_secs_f64(period * ((elapsed / period).floor() + 1.0));
        if let Some(wait) = next.checked_sub(t0.elapsed()) {
            std::thread::sleep(wait);
        }
    }
    let sending = t0.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_secs_f64(2.0 * cycle_s + 0.5));
    stop.store(true, Ordering::Relaxed);
    let mut latencies = receiver.join().expect("receiver");
    let report = bmc.join().expect("bmc").expect("bmc ran");
    latencies.sort_by(f64::total_cmp);
    let q = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    println!(
        "tdome bmc latency: {:.0} plots/s sent for {:.0} s ({} targets, {} radars), cycle {:.2} s",
        sent as f64 / sending,
        sending,
        targets,
        radars.len(),
        cycle_s
    );
    println!();
    println!("| track updates | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---:|---:|---:|---:|---:|");
    if latencies.is_empty() {
        println!("| 0 | | | | |");
    } else {
        println!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.0} |",
            latencies.len(),
            q(0.5),
            q(0.9),
            q(0.99),
            latencies[latencies.len() - 1]
        );
    }
    println!();
    let i = report.input;
    println!(
        "cycle (step, orders, tracks out): mean {:.1} ms, max {:.1} ms",
        report.cycle_ms_mean, report.cycle_ms_max
    );
    println!(
        "input: {} datagrams, {} plots taken, {} dropped in bursts, {} stale, {} ahead of the clock; {} cycles, {} tracks at the end, {} track messages sent",
        i.datagrams,
        i.plots,
        i.dropped_in_burst,
        i.stale,
        i.from_the_future,
        report.cycles,
        report.tracks,
        report.tracks_sent
    );
}
