//! Clocks: how simulated time relates to the wall clock. The engine asks the clock to
//! wait until each tick's time; the models never know which clock runs them.

use std::time::{Duration, Instant};

use tdome_core::SimTime;

/// Paces the simulation.
pub trait Clock {
    /// Return when simulated time `t` may be shown (immediately, for batch runs).
    fn wait_until(&mut self, t: SimTime);
}

/// Runs as fast as the machine allows: batch runs, Monte Carlo, benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsFastAsPossible;

impl Clock for AsFastAsPossible {
    fn wait_until(&mut self, _t: SimTime) {}
}

/// Keeps simulated time in step with the wall clock, `speed` times faster than real
/// time (1.0 is real time): for the live display.
#[derive(Clone, Copy, Debug)]
pub struct WallClock {
    start: Instant,
    t0: SimTime,
    speed: f64,
}

impl WallClock {
    /// Starts now, with simulated time `t0` shown now.
    pub fn new(t0: SimTime, speed: f64) -> Self {
        WallClock {
            start: Instant::now(),
            t0,
            speed: if speed > 0.0 { speed } else { 1.0 },
        }
    }
}

impl Clock for WallClock {
    fn wait_until(&mut self, t: SimTime) {
        let due = Duration::from_secs_f64(((t - self.t0).as_seconds() / self.speed).max(0.0));
        let elapsed = self.start.elapsed();
        if due > elapsed {
            std::thread::sleep(due - elapsed);
        }
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
}
