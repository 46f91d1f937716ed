//! `tdome bmc`: the live battle manager as a process. One thread receives datagrams and
//! stamps them with the wall clock; the main thread admits their plots, runs the cycles
//! as they fall due, writes the orders as JSON lines and, when asked, the picture as
//! CAT062 system tracks.
//!
//! The receiving thread never waits on the battle manager: past [`RECEIVE_QUEUE`]
//! datagrams queued, a burst's excess is dropped and counted. Nothing received stops the
//! process; only the caller's stop flag (SIGINT) or, for tests and replays, a quiet
//! spell of the input does.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, TrySendError};
use std::time::{Duration, Instant};

use tdome_asterix::DataSource;
use tdome_asterix::plots::SensorRegistry;
use tdome_asterix::writer::AsterixWriter;
use tdome_core::event::{Event, EventSink, ModeRecord, ModeSource};
use tdome_core::net::UdpSender;
use tdome_core::orders::EngagementOrder;
use tdome_core::{SimDuration, SimTime, UtcTime};
use tdome_scenario::Scenario;

use crate::intake::{IntakeCounts, IntakePolicy, PlotIntake};
use crate::live::{CycleClock, LiveBattleManager};

/// Datagrams the receiver holds for the battle manager before dropping a burst's excess.
pub const RECEIVE_QUEUE: usize = 16_384;

/// How `tdome bmc` runs.
pub struct BmcOptions {
    /// The scenario: radars (by SAC/SIC), assets, batteries, doctrine.
    pub scenario: Scenario,
    /// Where to receive ASTERIX.
    pub listen: SocketAddr,
    /// Where to send CAT062 system tracks, if anywhere.
    pub asterix_out: Option<UdpSender>,
    /// Which clock drives the cycles.
    pub clock: CycleClock,
    /// Stop after this long without a datagram (replays and tests); `None`: run until
    /// stopped.
    pub idle_exit: Option<Duration>,
    /// Set to stop (SIGINT).
    pub stop: Arc<AtomicBool>,
    /// Show the live picture in the browser (tdome-live), when given.
    pub serve: Option<tdome_live::ServeOptions>,
    /// The intake's stale and skew limits; `None`: the clock's defaults
    /// ([`default_policy`]).
    pub policy: Option<IntakePolicy>,
}

/// The intake's limits unless told otherwise. On the wall clock, a plot is stale once
/// older than the tracker's reorder window or four cycles, whichever is longer, plus
/// 5 s of network and radar latency; it may be stamped up to 2 s ahead of this
/// machine's clock (two clocks kept by NTP agree far better; this allows for a radar
/// whose clock is not). On the data's own clock, nothing is stale or early against
/// itself but by the day.
pub fn default_policy(scenario: &Scenario, clock: CycleClock) -> IntakePolicy {
    match clock {
        CycleClock::Wall => IntakePolicy {
            stale_after: scenario
                .bmc
                .tracker
                .reorder_window
                .max(scenario.bmc.cycle.times(4))
                + SimDuration::from_seconds(5.0),
            max_skew: SimDuration::from_seconds(2.0),
        },
        CycleClock::Data => IntakePolicy {
            stale_after: SimDuration::from_seconds(43_200.0),
            max_skew: SimDuration::from_seconds(43_200.0),
        },
    }
}

/// What a run of `tdome bmc` did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct BmcReport {
    /// Input, case by case.
    pub input: IntakeCounts,
    /// Battle-manager cycles run.
    pub cycles: u64,
    /// Engagement orders written.
    pub orders: u64,
    /// Plots the tracker took too late for its reorder window.
    pub plots_late: u64,
    /// Plots the tracker could not use.
    pub plots_unusable: u64,
    /// Live tracks at the end.
    pub tracks: usize,
    /// CAT062 track messages sent.
    pub tracks_sent: u64,
    /// Wall time of a cycle (the battle manager's step, its orders and tracks out),
    /// mean and largest, milliseconds.
    pub cycle_ms_mean: f64,
    /// See `cycle_ms_mean`.
    pub cycle_ms_max: f64,
}

/// One line of the orders output.
#[derive(serde::Serialize)]
struct OrderLine<'a> {
    event: &'static str,
    /// UTC of the cycle that gave the order.
    utc: UtcTime,
    /// Its simulation time, seconds.
    time_s: f64,
    /// The battery's scenario name.
    battery_name: &'a str,
    #[serde(flatten)]
    order: &'a EngagementOrder,
}

/// The receiving thread: each datagram, stamped with the wall clock's UTC, onto the
/// queue; a datagram that finds the queue full is dropped and counted (a burst the
/// battle manager cannot take yet), never waited for.
fn receive(
    socket: &UdpSocket,
    tx: &mpsc::SyncSender<(Vec<u8>, UtcTime)>,
    dropped: &AtomicU64,
    receiving: &AtomicBool,
) {
    let mut buf = vec![0u8; 65_536];
    while receiving.load(Ordering::Relaxed) {
        // A timeout lets the stop flag be seen; other errors on a UDP socket are the
        // previous send's ICMP: keep going.
        let Ok((n, _)) = socket.recv_from(&mut buf) else {
            continue;
        };
        match tx.try_send((buf[..n].to_vec(), UtcTime::now())) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                dropped.fetch_add(1, Ordering::Relaxed);
            }
            Err(TrySendError::Disconnected(_)) => return,
        }
    }
}

/// The scenario's radars by their SAC/SIC.
pub fn registry(scenario: &Scenario) -> SensorRegistry {
    SensorRegistry::new(scenario.sensors.iter().map(|s| {
        (
            DataSource {
                sac: s.data_source.sac,
                sic: s.data_source.sic,
            },
            tdome_world::sense::radar::measurement_model(s),
        )
    }))
}

/// Run the live battle manager until stopped; orders go to `orders` as JSON lines.
pub fn run(options: BmcOptions, orders: &mut dyn Write) -> io::Result<BmcReport> {
    let scenario = &options.scenario;
    let socket = UdpSocket::bind(options.listen)?;
    socket.set_read_timeout(Some(Duration::from_millis(50)))?;
    let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, UtcTime)>(RECEIVE_QUEUE);
    let dropped = Arc::new(AtomicU64::new(0));
    let receiving = Arc::new(AtomicBool::new(true));
    let receiver = {
        let dropped = Arc::clone(&dropped);
        let receiving = Arc::clone(&receiving);
        std::thread::Builder::new()
            .name("asterix-in".into())
            .spawn(move || receive(&socket, &tx, &dropped, &receiving))?
    };

    let epoch = scenario.epoch;
    let policy = options
        .policy
        .unwrap_or_else(|| default_policy(scenario, options.clock));
    let mut intake = PlotIntake::new(registry(scenario), epoch, policy);
    let first = match options.clock {
        CycleClock::Wall => epoch.sim_time_of(UtcTime::now()),
        CycleClock::Data => SimTime::ZERO,
    };
    let mut live = LiveBattleManager::new(scenario, first);
    let start = tdome_world::engine::start::run_start(scenario, scenario.seed);
    let mut writer = match options.asterix_out {
        Some(sender) => {
            let mut w = AsterixWriter::new(sender);
            w.on_event(&Event::RunStart(&start))?;
            Some(w)
        }
        None => None,
    };
    let serving = match &options.serve {
        Some(serve) => Some(
            tdome_live::external::serve_external(&start, serve)
                .map_err(|e| io::Error::other(e.to_string()))?,
        ),
        None => None,
    };
    if let Some((s, _)) = &serving {
        eprintln!("tdome bmc — the live picture: {}", s.url());
    }
    let mut report = BmcReport::default();
    let mut last_datagram = Instant::now();
    let mut cycle_ms_total = 0.0;
    let mut plots = Vec::new();
    let result = (|| -> io::Result<()> {
        loop {
            if options.stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok((datagram, received)) => {
                    last_datagram = Instant::now();
                    let present = match options.clock {
                        CycleClock::Wall => received,
                        CycleClock::Data => epoch.at(intake.data_time().unwrap_or(SimTime::ZERO)),
                    };
                    plots.clear();
                    intake.take(&datagram, present, &mut plots);
                    live.give(plots.drain(..));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            let now = epoch.sim_time_of(UtcTime::now());
            while let Some(at) = live.due(options.clock, now, &intake) {
                let began = Instant::now();
                let mut commanded = Vec::new();
                if let Some((_, picture)) = &serving {
                    for (battery, mode) in picture.take_mode_commands() {
                        if live.set_mode(battery, mode) {
                            commanded.push(ModeRecord {
                                time: at,
                                battery,
                                mode,
                                source: ModeSource::Operator,
                            });
                        }
                    }
                }
                let out = live.cycle(options.clock, at);
                for order in &out.orders {
                    let line = OrderLine {
                        event: "order",
                        utc: epoch.at(at),
                        time_s: at.as_seconds(),
                        battery_name: scenario
                            .batteries
                            .get(order.battery.index())
                            .map_or("", |b| b.name.as_str()),
                        order,
                    };
                    serde_json::to_writer(&mut *orders, &line)?;
                    orders.write_all(b"\n")?;
                    report.orders += 1;
                }
                orders.flush()?;
                if let Some(w) = writer.as_mut() {
                    for t in &out.tracks {
                        w.on_event(&Event::Track(t))?;
                    }
                    for a in &out.assessments {
                        w.on_event(&Event::Assessment(a))?;
                    }
                    w.flush()?;
                }
                if let Some((_, picture)) = &serving {
                    let events: Vec<Event<'_>> = commanded
                        .iter()
                        .map(Event::Mode)
                        .chain(out.tracks.iter().map(Event::Track))
                        .chain(out.assessments.iter().map(Event::Assessment))
                        .collect();
                    picture.show(&events, at);
                }
                let ms = began.elapsed().as_secs_f64() * 1e3;
                cycle_ms_total += ms;
                report.cycle_ms_max = report.cycle_ms_max.max(ms);
            }
            if options
                .idle_exit
                .is_some_and(|idle| last_datagram.elapsed() > idle)
            {
                return Ok(());
            }
        }
    })();
    receiving.store(false, Ordering::Relaxed);
    if let Some((s, _)) = serving {
        s.stop();
    }
    drop(rx);
    let _ = receiver.join();
    intake.dropped_in_burst(dropped.load(Ordering::Relaxed));
    let counters = live.battle_manager().tracker().counters();
    report.input = intake.counts();
    report.cycles = live.cycles();
    report.cycle_ms_mean = cycle_ms_total / (report.cycles.max(1) as f64);
    report.plots_late = counters.plots_late;
    report.plots_unusable = counters.plots_unusable;
    report.tracks = live.battle_manager().picture().len();
    report.tracks_sent = writer.as_ref().map_or(0, |w| w.counts().tracks);
    result.map(|()| report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_beyond_the_queue_is_dropped_and_counted() {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let to = socket.local_addr().unwrap();
        // A queue of 4 that nobody reads: the battle manager busy with a long cycle.
        let (tx, rx) = mpsc::sync_channel(4);
        let dropped = Arc::new(AtomicU64::new(0));
        let receiving = Arc::new(AtomicBool::new(true));
        let thread = {
            let (dropped, receiving) = (Arc::clone(&dropped), Arc::clone(&receiving));
            std::thread::spawn(move || receive(&socket, &tx, &dropped, &receiving))
        };
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        for i in 0..10u8 {
            sender.send_to(&[48, 0, 3, i], to).unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while dropped.load(Ordering::Relaxed) < 6 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        receiving.store(false, Ordering::Relaxed);
        thread.join().unwrap();
        assert_eq!(dropped.load(Ordering::Relaxed), 6);
        // The first four, in order, are what the battle manager gets.
        let kept: Vec<u8> = rx.try_iter().map(|(d, _)| d[3]).collect();
        assert_eq!(kept, [0, 1, 2, 3]);
    }
}
