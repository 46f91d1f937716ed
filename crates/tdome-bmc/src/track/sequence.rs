//! Out-of-sequence plots: the policy is to **buffer within a bounded window**.
//!
//! Radars deliver plots after different latencies, so plots reach the battle manager
//! out of measurement order. Tracks are only ever predicted forward, so every plot must
//! be processed in measurement-time order. The buffer holds each plot until `window`
//! after its measurement time has passed, then releases it in time order; a plot
//! delayed by up to the window still takes its place. A plot arriving after plots later
//! than it have been processed is **late**: it is counted and discarded, never used to
//! start a spurious track. (Retrodiction, Bar-Shalom's one-step-lag OOSM update, would
//! use such a plot at the price of storing past covariances per track; a window at least
//! as long as the slowest radar's latency makes late plots rare, at the price of that
//! much delay in the picture.)

use tdome_core::plot::Plot;
use tdome_core::{SimDuration, SimTime};

/// The reorder buffer.
#[derive(Clone, Debug, Default)]
pub struct ReorderBuffer {
    window: SimDuration,
    held: Vec<Plot>,
    /// Measurement time of the latest plot released.
    horizon: Option<SimTime>,
    late: u64,
}

impl ReorderBuffer {
    /// A buffer holding plots for `window`.
    pub fn new(window: SimDuration) -> Self {
        ReorderBuffer {
            window,
            ..Default::default()
        }
    }

    /// Plots received and discarded as late so far.
    pub fn late(&self) -> u64 {
        self.late
    }

    /// Plots held, not yet released.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// Take in newly received plots (in any order).
    pub fn receive(&mut self, plots: &[Plot]) {
        for plot in plots {
            if self.horizon.is_some_and(|h| plot.time < h) {
                self.late += 1;
            } else {
                self.held.push(plot.clone());
            }
        }
    }

    /// Into `out` (cleared first), the plots whose window has passed at `now`, in
    /// measurement-time order (then sensor, then arrival order).
    pub fn release(&mut self, now: SimTime, out: &mut Vec<Plot>) {
        out.clear();
        let cutoff = now - self.window;
        // Stable: plots of one sensor at one time keep their arrival order.
        self.held
            .sort_by(|a, b| a.time.cmp(&b.time).then(a.sensor.cmp(&b.sensor)));
        let n = self.held.partition_point(|p| p.time <= cutoff);
        out.extend(self.held.drain(..n));
        if let Some(last) = out.last() {
            self.horizon = Some(last.time);
        }
    }
}
