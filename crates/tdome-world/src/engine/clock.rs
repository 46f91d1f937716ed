//! Clocks: how simulated time relates to the wall clock. The engine asks the clock to
//! wait until each tick's time; the models never know which clock runs them.
//!
//! A clock is `Send` (a live run steps on a thread of its own), and a wall clock is
//! steered while it runs through its [`ClockControl`]: speed, pause and resume from
//! another thread, and from there too it tells how far the run has fallen behind the
//! wall clock.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tdome_core::SimTime;

/// Paces the simulation.
pub trait Clock: Send {
    /// Return when simulated time `t` may be shown (immediately, for batch runs).
    fn wait_until(&mut self, t: SimTime);

    /// How far behind the wall clock the run was at its last [`Clock::wait_until`]:
    /// zero when it keeps up (always, for batch runs).
    fn behind(&self) -> Duration {
        Duration::ZERO
    }
}

/// Runs as fast as the machine allows: batch runs, Monte Carlo, benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsFastAsPossible;

impl Clock for AsFastAsPossible {
    fn wait_until(&mut self, _t: SimTime) {}
}

/// What a [`WallClock`] is told from outside, and what it tells back.
#[derive(Debug)]
struct Pacing {
    /// Simulated seconds per wall-clock second.
    speed: f64,
    paused: bool,
    /// How late the last tick was shown.
    behind: Duration,
    /// Bumped at every change of speed or pause, so the clock knows to re-anchor.
    generation: u64,
    /// Set to make the current wait return early (a replay's seek).
    interrupted: bool,
}

/// The handle that steers a running [`WallClock`] from another thread. Cloning it gives
/// another handle to the same clock.
#[derive(Clone, Debug)]
pub struct ClockControl {
    shared: Arc<(Mutex<Pacing>, Condvar)>,
}

/// Speeds a wall clock accepts: from a hundredth of real time to ten thousand times it.
pub const SPEED_RANGE: std::ops::RangeInclusive<f64> = 0.01..=10_000.0;

impl ClockControl {
    fn lock(&self) -> MutexGuard<'_, Pacing> {
        // A poisoned lock only means another thread panicked while holding it; the
        // pacing numbers are still meaningful.
        self.shared.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn changed(&self, f: impl FnOnce(&mut Pacing)) {
        let mut p = self.lock();
        f(&mut p);
        p.generation += 1;
        self.shared.1.notify_all();
    }

    /// Run at `speed` times real time from now on; outside [`SPEED_RANGE`] it is clamped
    /// into it (a non-number leaves the speed as it is).
    pub fn set_speed(&self, speed: f64) {
        if speed.is_nan() {
            return;
        }
        let speed = speed.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end());
        self.changed(|p| p.speed = speed);
    }

    /// Hold simulated time where it is until [`ClockControl::resume`].
    pub fn pause(&self) {
        self.changed(|p| p.paused = true);
    }

    /// Go on from where the pause held it, at the current speed.
    pub fn resume(&self) {
        self.changed(|p| p.paused = false);
    }

    /// Make the clock's current (or next) wait return at once, without reaching its time:
    /// for a replay that jumps elsewhere.
    pub fn interrupt(&self) {
        let mut p = self.lock();
        p.interrupted = true;
        self.shared.1.notify_all();
    }

    /// The current speed.
    pub fn speed(&self) -> f64 {
        self.lock().speed
    }

    /// Whether the clock is paused.
    pub fn paused(&self) -> bool {
        self.lock().paused
    }

    /// How far behind the wall clock the run was at its last tick: the simulation
    /// cannot keep up with the asked speed while this grows.
    pub fn behind(&self) -> Duration {
        self.lock().behind
    }
}

/// Keeps simulated time in step with the wall clock, `speed` times faster than real
/// time (1.0 is real time): for the live display. Speed and pause are changed through
/// [`WallClock::control`] while it runs; each change re-anchors the clock at the time
/// last shown, so simulated time never jumps.
#[derive(Debug)]
pub struct WallClock {
    anchor_wall: Instant,
    anchor_sim: SimTime,
    /// The last simulated time shown.
    shown: SimTime,
    generation: u64,
    control: ClockControl,
}

impl WallClock {
    /// Starts now, with simulated time `t0` shown now.
    pub fn new(t0: SimTime, speed: f64) -> Self {
        let speed = if speed > 0.0 { speed } else { 1.0 };
        let control = ClockControl {
            shared: Arc::new((
                Mutex::new(Pacing {
                    speed: speed.clamp(*SPEED_RANGE.start(), *SPEED_RANGE.end()),
                    paused: false,
                    behind: Duration::ZERO,
                    generation: 0,
                    interrupted: false,
                }),
                Condvar::new(),
            )),
        };
        WallClock {
            anchor_wall: Instant::now(),
            anchor_sim: t0,
            shown: t0,
            generation: 0,
            control,
        }
    }

    /// A handle to steer this clock from another thread.
    pub fn control(&self) -> ClockControl {
        self.control.clone()
    }

    /// Show simulated time `t` now, whatever was shown before: a replay's seek.
    pub fn restart_at(&mut self, t: SimTime) {
        self.anchor_wall = Instant::now();
        self.anchor_sim = t;
        self.shown = t;
    }

    /// As [`Clock::wait_until`], but return false at once, without showing `t`, when
    /// [`ClockControl::interrupt`] is called.
    pub fn wait_until_or_interrupted(&mut self, t: SimTime) -> bool {
        let control = self.control.clone();
        let mut p = control.lock();
        loop {
            if p.interrupted {
                p.interrupted = false;
                return false;
            }
            if p.generation != self.generation {
                // Speed or pause changed: go on from the time last shown, now.
                self.generation = p.generation;
                self.anchor_wall = Instant::now();
                self.anchor_sim = self.shown;
            }
            if p.paused {
                p.behind = Duration::ZERO;
                p = control.shared.1.wait(p).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            let ahead_s = ((t - self.anchor_sim).as_seconds() / p.speed).max(0.0);
            let due = self.anchor_wall + Duration::from_secs_f64(ahead_s);
            let now = Instant::now();
            if now >= due {
                p.behind = now - due;
                break;
            }
            // Wait on the condition, not a plain sleep, so that a change of speed or a
            // pause takes effect at once rather than at the end of a long wait.
            p = control
                .shared
                .1
                .wait_timeout(p, due - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        self.shown = t;
        true
    }
}

impl Clock for WallClock {
    fn wait_until(&mut self, t: SimTime) {
        // A run's own clock is interrupted by nobody; an interruption only ends one wait.
        while !self.wait_until_or_interrupted(t) {}
    }

    fn behind(&self) -> Duration {
        self.control.behind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_paces_at_speed() {
        let mut c = WallClock::new(SimTime::ZERO, 10.0);
        let t = Instant::now();
        c.wait_until(SimTime::from_seconds(0.5)); // 50 ms of wall time at 10×
        let e = t.elapsed().as_secs_f64();
        assert!(e >= 0.045, "waited only {e} s");
    }

    #[test]
    fn a_speed_change_re_anchors_without_a_jump() {
        let mut c = WallClock::new(SimTime::ZERO, 1.0);
        let control = c.control();
        // At 1000×, 1 s of simulated time is 1 ms of wall time.
        control.set_speed(1000.0);
        let t = Instant::now();
        c.wait_until(SimTime::from_seconds(20.0));
        let e = t.elapsed().as_secs_f64();
        assert!((0.019..1.0).contains(&e), "20 s at 1000× took {e} s");
        assert_eq!(control.speed(), 1000.0);
        control.set_speed(f64::NAN);
        assert_eq!(control.speed(), 1000.0, "a non-number changes nothing");
        control.set_speed(1e9);
        assert_eq!(control.speed(), *SPEED_RANGE.end());
    }

    #[test]
    fn a_pause_holds_until_resumed() {
        let mut c = WallClock::new(SimTime::ZERO, 1000.0);
        let control = c.control();
        control.pause();
        assert!(control.paused());
        let resumer = {
            let control = control.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(80));
                control.resume();
            })
        };
        let t = Instant::now();
        c.wait_until(SimTime::from_seconds(1.0)); // 1 ms at 1000×, after the pause
        let e = t.elapsed().as_secs_f64();
        resumer.join().expect("resumer");
        assert!(e >= 0.075, "the pause held only {e} s");
        assert!(!control.paused());
    }

    #[test]
    fn an_interrupted_wait_returns_at_once_and_a_restart_jumps() {
        let mut c = WallClock::new(SimTime::ZERO, 1.0);
        let control = c.control();
        let interrupter = {
            let control = control.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(30));
                control.interrupt();
            })
        };
        let t = Instant::now();
        // An hour away at real time: only the interruption ends it.
        assert!(!c.wait_until_or_interrupted(SimTime::from_seconds(3600.0)));
        interrupter.join().expect("interrupter");
        assert!(t.elapsed() < Duration::from_secs(10));
        c.restart_at(SimTime::from_seconds(3600.0));
        let t = Instant::now();
        assert!(c.wait_until_or_interrupted(SimTime::from_seconds(3600.0)));
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "already there after the jump"
        );
    }

    #[test]
    fn a_run_that_cannot_keep_up_says_how_far_behind_it_is() {
        let mut c = WallClock::new(SimTime::ZERO, 1000.0);
        c.wait_until(SimTime::from_seconds(1.0));
        std::thread::sleep(Duration::from_millis(60)); // a slow tick
        c.wait_until(SimTime::from_seconds(2.0)); // was due 2 ms after the start
        let behind = c.behind().as_secs_f64();
        assert!(behind >= 0.05, "behind by only {behind} s");
        assert_eq!(c.control().behind(), c.behind());
    }
}
