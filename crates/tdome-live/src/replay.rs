//! `tdome serve --replay DIR`: a run's records played back through the same picture
//! that watched it live, with seeking.
//!
//! The records are read back into events once (`tdome_io::replay`), then fed to the
//! picture under a wall clock. A seek rebuilds the picture from the run's start up to
//! the new time (replaying events into the picture is far cheaper than the run was) and
//! sends every viewer a keyframe.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use tdome_core::SimTime;
use tdome_core::event::{OwnedEvent, RunStart};
use tdome_world::{ClockControl, WallClock};

use crate::live::{self, ServeError, ServeOptions, Serving, lock};
use crate::picture::LivePicture;
use crate::protocol::{Command, Source};
use crate::server::{Controller, Shared};

struct ReplayControl {
    clock: ClockControl,
    seek: Arc<Mutex<Option<SimTime>>>,
}

impl Controller for ReplayControl {
    fn apply(&self, command: Command) -> Result<String, String> {
        match command {
            Command::Mode { .. } => {
                Err("a replay plays what was recorded: operator modes cannot be changed".into())
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
            Command::Seek(t) => {
                *lock(&self.seek) = Some(SimTime::from_seconds(t));
                self.clock.interrupt();
                Ok(format!("seek to {t:.1} s"))
            }
        }
    }
}

/// The picture after every event up to and including `t`, and the index of the first
/// event after it.
fn picture_at(events: &[OwnedEvent], t: SimTime) -> (LivePicture, usize) {
    let mut picture = LivePicture::new();
    let upto = events.partition_point(|e| e.as_event().time() <= t);
    for e in &events[..upto] {
        picture.apply(&e.as_event());
    }
    picture.set_now(t);
    (picture, upto)
}

/// Start serving a replay of the records in `dir`, and return at once.
pub fn serve_replay(dir: &Path, options: &ServeOptions) -> Result<Serving, ServeError> {
    let events =
        tdome_io::replay::read_events(dir).map_err(|e| ServeError::Replay(e.to_string()))?;
    let start: RunStart = match events.first() {
        Some(OwnedEvent::RunStart(s)) => s.clone(),
        _ => {
            return Err(ServeError::Replay(format!(
                "{}: the records do not begin with the run's start",
                dir.display()
            )));
        }
    };
    // Sorted by time (the reader's order within a time is kept): the seek's binary
    // search and the player's walk rely on it.
    if !events
        .windows(2)
        .all(|w| w[0].as_event().time() <= w[1].as_event().time())
    {
        return Err(ServeError::Replay(format!(
            "{}: events out of time order",
            dir.display()
        )));
    }
    let (listener, addr) = live::bind(options)?;
    let commands = live::commands(&addr, options, true);
    let mut clock = WallClock::new(SimTime::ZERO, options.speed);
    let control = clock.control();
    let seek = Arc::new(Mutex::new(None));
    let shared = Shared::new(
        &start,
        Source::Replay,
        commands,
        options,
        Box::new(ReplayControl {
            clock: control.clone(),
            seek: Arc::clone(&seek),
        }),
    );
    let end = SimTime::ZERO + start.duration;
    Ok(Serving::start(
        addr,
        listener,
        shared,
        control,
        move |shared, picture, ended, _error| {
            let mut next = 0;
            while !shared.stop.load(Ordering::Relaxed) {
                if let Some(t) = lock(&seek).take() {
                    let (rebuilt, upto) = picture_at(&events, t);
                    *lock(&picture) = rebuilt;
                    next = upto;
                    clock.restart_at(t);
                    ended.store(false, Ordering::Relaxed);
                    shared.hub.request_keyframes();
                    continue;
                }
                // After the last event, the clock runs on to the run's end.
                let t = events.get(next).map_or(end, |e| e.as_event().time());
                if ended.load(Ordering::Relaxed) || !clock.wait_until_or_interrupted(t) {
                    // At the end, or a seek or stop came: look again shortly.
                    if ended.load(Ordering::Relaxed) {
                        std::thread::sleep(live::FRAME_PERIOD);
                    }
                    continue;
                }
                let mut pic = lock(&picture);
                while let Some(e) = events.get(next)
                    && e.as_event().time() <= t
                {
                    pic.apply(&e.as_event());
                    next += 1;
                }
                pic.set_now(t);
                if next >= events.len() && t >= end {
                    ended.store(true, Ordering::Relaxed);
                }
            }
        },
    ))
}
