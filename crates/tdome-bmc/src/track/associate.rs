//! Gating and data association.

use tdome_core::plot::Plot;

use super::gaussian::GaussianState;
use super::measurement::{converted_position, position_nis};
use super::motion::NearlyConstantVelocity;
use super::Track;

/// Global-nearest-neighbour association of one batch of plots from one sensor.
///
/// Each (plot, track) pair inside the chi-square gate is a hypothesis with cost
/// d² + ln det S (the negative log-likelihood up to a constant, so that a tight track is
/// not out-bid by a loose one); hypotheses are accepted cheapest first, each plot and
/// track used at most once. Plots left over start new tracks; tracks left over take the
/// missed-detection hypothesis and coast. (Optimal assignment by auction or
/// Jonker–Volgenant replaces the greedy pass in a later stage.)
#[derive(Clone, Debug)]
pub struct Associator {
    gate_chi2: f64,
    candidates: Vec<(f64, usize, usize, GaussianState)>,
}

/// The outcome of associating a batch.
pub struct Assignment {
    /// (plot index, track index, track predicted to the plot time).
    pub pairs: Vec<(usize, usize, GaussianState)>,
    /// Plots not assigned to any track, in batch order.
    pub unassigned: Vec<usize>,
}

impl Associator {
    /// An associator with the given gate (chi-square value, 3 degrees of freedom).
    pub fn new(gate_chi2: f64) -> Self {
        Associator { gate_chi2, candidates: Vec::new() }
    }

    /// Associate `batch` (one sensor, time-sorted) with `tracks`.
    pub fn assign(
        &mut self,
        motion: &NearlyConstantVelocity,
        tracks: &[Track],
        batch: &[Plot],
    ) -> Assignment {
        self.candidates.clear();
        for (pi, plot) in batch.iter().enumerate() {
            let (plot_pos, plot_cov) = converted_position(plot);
            for (ti, track) in tracks.iter().enumerate() {
                if plot.time < track.state.time {
                    continue;
                }
                // Coarse Euclidean pre-gate, so the filter algebra runs only for nearby
                // tracks: the predicted position must lie within the gate's radius
                // computed from the total variance (trace) of both uncertainties.
                let dt = (plot.time - track.state.time).as_seconds();
                let m = &track.state.mean;
                let p = &track.state.covariance;
                let predicted_pos = nalgebra::Vector3::new(
                    m[0] + m[3] * dt,
                    m[1] + m[4] * dt,
                    m[2] + m[5] * dt,
                );
                let var_track: f64 = (0..3)
                    .map(|i| p[(i, i)] + 2.0 * dt * p[(i, i + 3)] + dt * dt * p[(i + 3, i + 3)])
                    .sum::<f64>()
                    + 3.0 * motion.q * dt.powi(3) / 3.0;
                let radius2 = self.gate_chi2 * (var_track + plot_cov.trace());
                if (predicted_pos - plot_pos).norm_squared() > radius2 {
                    continue;
                }
                let predicted = motion.predict(&track.state, plot.time);
                if let Ok((nis, ln_det)) = position_nis(&predicted, plot)
                    && nis <= self.gate_chi2
                {
                    self.candidates.push((nis + ln_det, pi, ti, predicted));
                }
            }
        }
        // Cheapest first; ties broken by plot then track index so the result never
        // depends on sort stability.
        self.candidates.sort_by(|a, b| {
            a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
        });
        let mut plot_used = vec![false; batch.len()];
        let mut track_used = vec![false; tracks.len()];
        let mut pairs = Vec::new();
        for (_, pi, ti, predicted) in self.candidates.drain(..) {
            if !plot_used[pi] && !track_used[ti] {
                plot_used[pi] = true;
                track_used[ti] = true;
                pairs.push((pi, ti, predicted));
            }
        }
        // Apply updates in plot-time order.
        pairs.sort_by_key(|(pi, _, _)| *pi);
        let unassigned = (0..batch.len()).filter(|&i| !plot_used[i]).collect();
        Assignment { pairs, unassigned }
    }
}
