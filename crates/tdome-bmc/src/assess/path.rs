//! A predicted trajectory: states at a fixed step from a start time, with Hermite
//! interpolation between them.

use tdome_core::{SimDuration, SimTime};
use tdome_physics::EcefState;

/// A track's predicted trajectory.
#[derive(Clone, Debug, Default)]
pub struct PredictedPath {
    start: SimTime,
    step_s: f64,
    /// States at `start + k·step`.
    samples: Vec<EcefState>,
    /// When the path ends early (impact, or entry into a defended area), the exact end
    /// time and state.
    end: Option<(SimTime, EcefState)>,
}

impl PredictedPath {
    /// Clear and start a new path at `start` with samples every `step_s` seconds.
    pub fn reset(&mut self, start: SimTime, step_s: f64, first: EcefState) {
        self.start = start;
        self.step_s = step_s;
        self.samples.clear();
        self.samples.push(first);
        self.end = None;
    }

    /// Give back the samples' memory: a path nobody will plan on (a track that
    /// threatens nothing) need not be kept, and keeping one per track made memory grow
    /// with the prediction horizon times every false track in heavy clutter.
    pub fn release(&mut self) {
        self.samples = Vec::new();
        self.end = None;
    }

    /// Append the next sample.
    pub fn push(&mut self, state: EcefState) {
        self.samples.push(state);
    }

    /// Mark the path's end at `time` in state `state` (the impact or area entry).
    pub fn finish(&mut self, time: SimTime, state: EcefState) {
        self.end = Some((time, state));
    }

    /// When the path starts.
    pub fn start(&self) -> SimTime {
        self.start
    }

    /// The last time the path covers.
    pub fn end_time(&self) -> SimTime {
        match self.end {
            Some((t, _)) => t,
            None => {
                self.start
                    + SimDuration::from_seconds(
                        self.step_s * (self.samples.len().saturating_sub(1)) as f64,
                    )
            }
        }
    }

    /// The predicted state at `time`, if the path covers it.
    pub fn state_at(&self, time: SimTime) -> Option<EcefState> {
        if time < self.start || time > self.end_time() || self.samples.is_empty() {
            return None;
        }
        let t = (time - self.start).as_seconds();
        let k = (t / self.step_s).floor() as usize;
        let a = self.samples.get(k)?;
        match self.samples.get(k + 1) {
            Some(b) => {
                let s = (t - k as f64 * self.step_s) / self.step_s;
                Some(EcefState::hermite(a, b, self.step_s, s.clamp(0.0, 1.0)))
            }
            // Between the last sample and the exact end.
            None => match self.end {
                Some((end_time, end_state)) => {
                    let span = (end_time - self.start).as_seconds() - k as f64 * self.step_s;
                    if span <= 0.0 {
                        return Some(end_state);
                    }
                    let s = (t - k as f64 * self.step_s) / span;
                    Some(EcefState::hermite(a, &end_state, span, s.clamp(0.0, 1.0)))
                }
                None => Some(*a),
            },
        }
    }
}
