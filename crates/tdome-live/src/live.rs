//! `tdome serve SCENARIO`: one run under the wall clock, shown to every viewer.
//!
//! Three kinds of thread: the simulation's (steps the world, paced by a
//! [`WallClock`]), the publisher's (every [`FRAME_PERIOD`], turns what changed into one
//! frame for the hub), and one per connection (see [`crate::server`]). The simulation
//! holds the picture's lock only while it steps one tick; everything else it feeds is
//! the hub's short queues, so no viewer can slow it.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tdome_core::event::{EventSink, Sinks};
use tdome_core::ids::BatteryId;
use tdome_core::orders::OperatorMode;
use tdome_scenario::Scenario;
use tdome_world::{Clock, ClockControl, Simulation, WallClock};

use crate::hub::Hub;
use crate::picture::{LivePicture, Pace};
use crate::protocol::{self, Command, Commands, Policy, Source};
use crate::server::{self, Controller, Shared};

/// How often the publisher sends a frame: 20 a second at most, which the page
/// dead-reckons between to draw at its own rate.
pub const FRAME_PERIOD: Duration = Duration::from_millis(50);

/// How `tdome serve` was asked to run.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to listen on (127.0.0.1 unless told otherwise).
    pub bind: SocketAddr,
    /// Simulated seconds per wall second at the start.
    pub speed: f64,
    /// The token operator commands must carry; required beyond loopback.
    pub token: Option<String>,
    /// Also write the run's CSV records here (to replay it later). Not for replays.
    pub record: Option<PathBuf>,
}

/// Bind `options.bind`: the listener and the address it got.
pub(crate) fn bind(options: &ServeOptions) -> Result<(TcpListener, SocketAddr), ServeError> {
    let listener = TcpListener::bind(options.bind).map_err(|source| ServeError::Bind {
        addr: options.bind,
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: options.bind,
        source,
    })?;
    Ok((listener, addr))
}

/// What viewers may command on a server bound to `addr`.
pub(crate) fn commands(addr: &SocketAddr, options: &ServeOptions, seek: bool) -> Commands {
    Commands {
        // Beyond loopback, commands only with a token.
        allowed: server::is_loopback(addr) || options.token.is_some(),
        token_required: options.token.is_some(),
        seek,
    }
}

/// Why serving failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The world could not be built.
    #[error("cannot build the world: {0}")]
    World(#[from] tdome_world::SimulationError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The records could not be written.
    #[error("cannot record: {0}")]
    Record(std::io::Error),
    /// The records to replay could not be read.
    #[error("cannot replay: {0}")]
    Replay(String),
}

/// What a serve session did, for the closing log line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServeReport {
    /// Whether the run reached its end.
    pub ended: bool,
    /// Simulated time reached, seconds.
    pub sim_time_s: f64,
    /// Viewers that connected.
    pub viewers_connected: u64,
    /// Viewers dropped for reading too slowly or not at all.
    pub viewers_dropped: u64,
    /// Frames thrown away from slow viewers' queues.
    pub frames_skipped: u64,
    /// Frames published.
    pub frames_published: u64,
    /// Commands taken and refused.
    pub commands: (u64, u64),
    /// Publisher cycles, and the mean and largest wall time one took (building the
    /// delta and any keyframe, and queueing them), microseconds.
    pub publish_cycles: u64,
    /// Mean publisher cycle, µs.
    pub publish_mean_us: f64,
    /// Largest publisher cycle, µs.
    pub publish_max_us: f64,
    /// Why the run stopped early, if it did (a recorder failed).
    pub error: Option<String>,
}

/// Who commands what in a live run.
struct LiveControl {
    clock: ClockControl,
    /// Mode commands waiting for the simulation's next tick.
    modes: Arc<Mutex<Vec<(BatteryId, OperatorMode)>>>,
    batteries: Vec<String>,
}

/// Queue an operator's mode `command` for the battle manager's next cycle, and say so.
pub(crate) fn queue_mode(
    modes: &Mutex<Vec<(BatteryId, OperatorMode)>>,
    batteries: &[String],
    battery: u32,
    mode: OperatorMode,
) -> String {
    lock(modes).push((BatteryId(battery), mode));
    let name = batteries.get(battery as usize).map_or("?", String::as_str);
    format!(
        "{name}: weapons {} from the battle manager's next cycle",
        mode.name()
    )
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Controller for LiveControl {
    fn apply(&self, command: Command) -> Result<String, String> {
        match command {
            Command::Mode { battery, mode } => {
                Ok(queue_mode(&self.modes, &self.batteries, battery, mode))
            }
            Command::Speed(x) => {
                self.clock.set_speed(x);
                Ok(format!("speed {x}×"))
            }
            Command::Pause => {
                self.clock.pause();
                Ok("paused".into())
            }
            Command::Resume => {
                self.clock.resume();
                Ok("resumed".into())
            }
            Command::Seek(_) => Err("seek is only for replays".into()),
        }
    }
}

/// A running `tdome serve`: its address, and what stops it.
pub struct Serving {
    /// The address it listens on (the port is the OS's when 0 was asked for).
    pub addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
    pub(crate) picture: Arc<Mutex<LivePicture>>,
    pub(crate) clock: ClockControl,
    pub(crate) ended: Arc<AtomicBool>,
    pub(crate) error: Arc<Mutex<Option<String>>>,
    pub(crate) publish_stats: Arc<Mutex<(u64, f64, f64)>>,
    pub(crate) threads: Vec<std::thread::JoinHandle<()>>,
}

/// The shared publisher loop of live runs and replays: every [`FRAME_PERIOD`], a delta
/// of what changed (and keyframes for viewers who need one), until `stop`.
pub(crate) fn publisher(
    shared: Arc<Shared>,
    picture: Arc<Mutex<LivePicture>>,
    pace: impl Fn() -> Pace,
    stats: Arc<Mutex<(u64, f64, f64)>>,
) {
    let mut last_pace = None;
    while !shared.stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let p = pace();
        {
            let mut pic = lock(&picture);
            let pace_changed = last_pace != Some(p);
            if shared.hub.viewers() == 0 {
                // No one to tell: a newcomer gets a keyframe anyway.
                pic.discard_changes();
            } else if pic.changed() || pace_changed || shared.hub.wants_keyframe() {
                let delta = pic.delta(p);
                shared
                    .hub
                    .publish(Some(&delta), &mut |skipped| pic.keyframe(p, skipped));
                last_pace = Some(p);
            }
        }
        let took = started.elapsed().as_secs_f64() * 1e6;
        {
            let mut s = lock(&stats);
            s.0 += 1;
            s.1 += took;
            s.2 = s.2.max(took);
        }
        std::thread::sleep(FRAME_PERIOD.saturating_sub(started.elapsed()));
    }
}

/// Start serving a live run of `scenario` from `seed`: bind, start the simulation,
/// the publisher and the listener, and return at once.
pub fn serve(
    scenario: &Scenario,
    seed: u64,
    options: &ServeOptions,
) -> Result<Serving, ServeError> {
    let mut sim = Simulation::new(scenario, seed)?;
    let (listener, addr) = bind(options)?;
    let mut recorder = match &options.record {
        Some(dir) => Some(tdome_io::CsvRecorder::create(dir).map_err(ServeError::Record)?),
        None => None,
    };
    let start = sim.run_start().clone();
    let commands = commands(&addr, options, false);
    let mut clock = WallClock::new(sim.now(), options.speed);
    let control = clock.control();
    let modes = Arc::new(Mutex::new(Vec::new()));
    let shared = Shared::new(
        &start,
        Source::Live,
        commands,
        options,
        Box::new(LiveControl {
            clock: control.clone(),
            modes: Arc::clone(&modes),
            batteries: start.batteries.iter().map(|b| b.name.clone()).collect(),
        }),
    );
    Ok(Serving::start(
        addr,
        listener,
        shared,
        control,
        move |shared, picture, ended, error| {
            // The picture takes the run start before the first viewer can ask for it.
            let result = (|| -> std::io::Result<bool> {
                while !sim.finished() && !shared.stop.load(Ordering::Relaxed) {
                    for (battery, mode) in std::mem::take(&mut *lock(&modes)) {
                        sim.command_mode(battery, mode);
                    }
                    {
                        let mut pic = lock(&picture);
                        let mut sinks = Sinks::new();
                        sinks.push(&mut *pic);
                        if let Some(r) = recorder.as_mut() {
                            sinks.push(r);
                        }
                        sim.step(&mut sinks)?;
                        drop(sinks);
                        pic.set_now(sim.now());
                    }
                    clock.wait_until(sim.now());
                }
                if let Some(r) = recorder.as_mut() {
                    r.finish()?;
                }
                Ok(sim.finished())
            })();
            match result {
                Ok(finished) => ended.store(finished, Ordering::Relaxed),
                Err(e) => *lock(&error) = Some(e.to_string()),
            }
        },
    ))
}

impl Shared {
    /// What every connection of a server showing `start` shares.
    pub(crate) fn new(
        start: &tdome_core::event::RunStart,
        source: Source,
        commands: Commands,
        options: &ServeOptions,
        controller: Box<dyn Controller>,
    ) -> Arc<Shared> {
        Arc::new(Shared {
            hub: Hub::default(),
            hello: protocol::hello(start, source, commands),
            policy: Policy {
                commands,
                token: options.token.clone(),
                batteries: start.batteries.len() as u32,
                end_s: start.duration.as_seconds(),
            },
            controller,
            stop: AtomicBool::new(false),
        })
    }
}

impl Serving {
    /// Start the listener, the `driver` (which feeds the picture and says when the run
    /// has ended or failed) and the publisher, and return at once.
    pub(crate) fn start(
        addr: SocketAddr,
        listener: TcpListener,
        shared: Arc<Shared>,
        control: ClockControl,
        driver: impl FnOnce(
            Arc<Shared>,
            Arc<Mutex<LivePicture>>,
            Arc<AtomicBool>,
            Arc<Mutex<Option<String>>>,
        ) + Send
        + 'static,
    ) -> Serving {
        let picture = Arc::new(Mutex::new(LivePicture::new()));
        let ended = Arc::new(AtomicBool::new(false));
        let error = Arc::new(Mutex::new(None));
        let publish_stats = Arc::new(Mutex::new((0, 0.0, 0.0)));
        let mut threads = Vec::new();
        {
            let shared = Arc::clone(&shared);
            threads.push(spawn("tdome-live-accept", move || {
                server::accept_loop(listener, shared)
            }));
        }
        {
            let (shared, picture, ended, error) = (
                Arc::clone(&shared),
                Arc::clone(&picture),
                Arc::clone(&ended),
                Arc::clone(&error),
            );
            threads.push(spawn("tdome-live-driver", move || {
                driver(shared, picture, ended, error)
            }));
        }
        {
            let (shared, picture, ended, control, stats) = (
                Arc::clone(&shared),
                Arc::clone(&picture),
                Arc::clone(&ended),
                control.clone(),
                Arc::clone(&publish_stats),
            );
            threads.push(spawn("tdome-live-publish", move || {
                publisher(
                    shared,
                    picture,
                    move || Pace {
                        speed: control.speed(),
                        paused: control.paused(),
                        behind_s: control.behind().as_secs_f64(),
                        ended: ended.load(Ordering::Relaxed),
                    },
                    stats,
                )
            }));
        }
        Serving {
            addr,
            shared,
            picture,
            clock: control,
            ended,
            error,
            publish_stats,
            threads,
        }
    }
}

pub(crate) fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .unwrap_or_else(|e| panic!("cannot start a thread: {e}"))
}

impl Serving {
    /// The URL to open.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Whether the run has reached its end (the page stays up).
    pub fn ended(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
    }

    /// The clock's handle (for tests and the command line).
    pub fn clock(&self) -> &ClockControl {
        &self.clock
    }

    /// Each battery's operator mode as the picture shows it.
    pub fn modes(&self) -> Vec<OperatorMode> {
        lock(&self.picture).modes()
    }

    /// Stop everything and say what happened.
    pub fn stop(self) -> ServeReport {
        self.shared.stop.store(true, Ordering::Relaxed);
        // A paused or slow simulation waits on its clock: release it, at full speed, so
        // that its thread sees the stop at once.
        self.clock
            .set_speed(*tdome_world::engine::clock::SPEED_RANGE.end());
        self.clock.resume();
        let sim_time_s = lock(&self.picture).now().as_seconds();
        for t in self.threads {
            let _ = t.join();
        }
        let c = &self.shared.hub.counters;
        let (cycles, total, max) = *lock(&self.publish_stats);
        ServeReport {
            ended: self.ended.load(Ordering::Relaxed),
            sim_time_s,
            viewers_connected: c.connected.load(Ordering::Relaxed),
            viewers_dropped: c.dropped.load(Ordering::Relaxed),
            frames_skipped: c.frames_skipped.load(Ordering::Relaxed),
            frames_published: c.frames_published.load(Ordering::Relaxed),
            commands: (
                c.commands_taken.load(Ordering::Relaxed),
                c.commands_refused.load(Ordering::Relaxed),
            ),
            publish_cycles: cycles,
            publish_mean_us: if cycles > 0 {
                total / cycles as f64
            } else {
                0.0
            },
            publish_max_us: max,
            error: lock(&self.error).clone(),
        }
    }
}
