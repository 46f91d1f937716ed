//! The live picture of a battle manager that is not in a simulation: `tdome bmc --serve`,
//! the battle manager on network plots. Its owner feeds the picture the events it makes
//! (tracks, assessments, mode changes) after each cycle; viewers see it as they see a
//! live run, on the wall clock, which no one can pause or speed. Operators' weapons
//! free, tight and hold commands are passed to the owner, to obey from its next cycle.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use tdome_core::SimTime;
use tdome_core::event::{Event, RunStart};
use tdome_core::ids::BatteryId;
use tdome_core::orders::OperatorMode;
use tdome_world::WallClock;

use crate::live::{ServeError, ServeOptions, Serving, bind, commands, lock, queue_mode};
use crate::picture::LivePicture;
use crate::protocol::{Command, Source};
use crate::server::{Controller, Shared};

/// The owner's handle on the picture it feeds.
#[derive(Clone)]
pub struct ExternalPicture {
    picture: Arc<Mutex<LivePicture>>,
    modes: Arc<Mutex<Vec<(BatteryId, OperatorMode)>>>,
}

impl ExternalPicture {
    /// Show these events, then `now` as the picture's time.
    pub fn show(&self, events: &[Event<'_>], now: SimTime) {
        let mut pic = lock(&self.picture);
        for e in events {
            pic.apply(e);
        }
        pic.set_now(now);
    }

    /// The operators' mode commands since the last call, in order.
    pub fn take_mode_commands(&self) -> Vec<(BatteryId, OperatorMode)> {
        std::mem::take(&mut *lock(&self.modes))
    }
}

struct ExternalControl {
    modes: Arc<Mutex<Vec<(BatteryId, OperatorMode)>>>,
    batteries: Vec<String>,
}

impl Controller for ExternalControl {
    fn apply(&self, command: Command) -> Result<String, String> {
        match command {
            Command::Mode { battery, mode } => {
                Ok(queue_mode(&self.modes, &self.batteries, battery, mode))
            }
            Command::Speed(_) | Command::Pause | Command::Resume => {
                Err("a battle manager on live data runs on the wall clock".into())
            }
            Command::Seek(_) => Err("seek is only for replays".into()),
        }
    }
}

/// Start serving the picture of a battle manager described by `start`; return the
/// server and the handle to feed it.
pub fn serve_external(
    start: &RunStart,
    options: &ServeOptions,
) -> Result<(Serving, ExternalPicture), ServeError> {
    let (listener, addr) = bind(options)?;
    let modes = Arc::new(Mutex::new(Vec::new()));
    let shared = Shared::new(
        start,
        Source::Live,
        commands(&addr, options, false),
        options,
        Box::new(ExternalControl {
            modes: Arc::clone(&modes),
            batteries: start.batteries.iter().map(|b| b.name.clone()).collect(),
        }),
    );
    // Nothing to pace: the clock is only for the page's figures (1×, never paused).
    let control = WallClock::new(SimTime::ZERO, 1.0).control();
    let (tx, rx) = mpsc::channel();
    let start = start.clone();
    let serving = Serving::start(
        addr,
        listener,
        shared,
        control,
        move |shared, picture, _, _| {
            lock(&picture).apply(&Event::RunStart(&start));
            let _ = tx.send(picture);
            while !shared.stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
        },
    );
    let picture = rx.recv().map_err(|_| ServeError::Bind {
        addr,
        source: std::io::Error::other("the picture's thread did not start"),
    })?;
    Ok((serving, ExternalPicture { picture, modes }))
}
