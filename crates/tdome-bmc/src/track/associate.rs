//! Gating and data association.

use nalgebra::{Matrix3, Vector3};
use tdome_core::plot::Plot;

use super::Track;
use super::gaussian::GaussianState;
use super::measurement::{converted_position, position_nis};
use super::motion::Motion;

/// Global-nearest-neighbour association of one batch of plots from one sensor.
///
/// Each (plot, track) pair inside the chi-square gate is a hypothesis with cost
/// d² + ln det S (the negative log-likelihood up to a constant, so that a tight track is
/// not out-bid by a loose one); hypotheses are accepted cheapest first, each plot and
/// track used at most once. Tracks left over take the missed-detection hypothesis and
/// coast. (Optimal assignment by auction or Jonker–Volgenant replaces the greedy pass in
/// a later stage.)
#[derive(Clone, Debug)]
pub struct Associator {
    gate_chi2: f64,
    candidates: Vec<(f64, usize, usize, GaussianState)>,
}

/// The outcome of associating a batch.
pub struct Assignment {
    /// (plot index, track index, track predicted to the plot time), in plot order.
    pub pairs: Vec<(usize, usize, GaussianState)>,
}

impl Associator {
    /// An associator with the given gate (chi-square value, 3 degrees of freedom).
    pub fn new(gate_chi2: f64) -> Self {
        Associator {
            gate_chi2,
            candidates: Vec::new(),
        }
    }

    /// The gate, as a chi-square value with 3 degrees of freedom.
    pub fn gate_chi2(&self) -> f64 {
        self.gate_chi2
    }

    /// Associate the plots of `batch` (one sensor, time-sorted) whose `available` flag
    /// is set with the tracks for which `eligible` holds.
    pub fn assign(
        &mut self,
        motion: &Motion,
        tracks: &[Track],
        eligible: impl Fn(&Track) -> bool,
        batch: &[Plot],
        available: &[bool],
    ) -> Assignment {
        self.candidates.clear();
        for (pi, plot) in batch.iter().enumerate() {
            if !available[pi] {
                continue;
            }
            let (plot_pos, plot_cov) = converted_position(plot);
            for (ti, track) in tracks.iter().enumerate() {
                if !eligible(track) {
                    continue;
                }
                if let Some((cost, predicted)) =
                    gate(self.gate_chi2, motion, track, plot, &plot_pos, &plot_cov)
                {
                    self.candidates.push((cost, pi, ti, predicted));
                }
            }
        }
        // Cheapest first; ties broken by plot then track index so the result never
        // depends on sort stability.
        self.candidates
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut plot_used: Vec<bool> = available.iter().map(|a| !a).collect();
        let mut track_used = vec![false; tracks.len()];
        let mut pairs = Vec::new();
        for (_, pi, ti, predicted) in self.candidates.drain(..) {
            if !plot_used[pi] && !track_used[ti] {
                plot_used[pi] = true;
                track_used[ti] = true;
                pairs.push((pi, ti, predicted));
            }
        }
        pairs.sort_by_key(|(pi, _, _)| *pi);
        Assignment { pairs }
    }
}

/// If `plot` (converted to ECEF as `plot_pos` with covariance `plot_cov`) falls in
/// `track`'s gate: the association cost d² + ln det S and the track predicted to the
/// plot's time.
pub fn gate(
    gate_chi2: f64,
    motion: &Motion,
    track: &Track,
    plot: &Plot,
    plot_pos: &Vector3<f64>,
    plot_cov: &Matrix3<f64>,
) -> Option<(f64, GaussianState)> {
    if plot.time < track.state.time {
        return None;
    }
    // Coarse Euclidean pre-gate, so the filter algebra runs only for nearby tracks: the
    // predicted position must lie within the gate's radius computed from the total
    // variance (trace) of both uncertainties.
    let dt = (plot.time - track.state.time).as_seconds();
    let m = &track.state.mean;
    let p = &track.state.covariance;
    let predicted_pos = Vector3::new(m[0] + m[3] * dt, m[1] + m[4] * dt, m[2] + m[5] * dt);
    let var_track: f64 = (0..3)
        .map(|i| p[(i, i)] + 2.0 * dt * p[(i, i + 3)] + dt * dt * p[(i + 3, i + 3)])
        .sum::<f64>()
        + motion.ncv.q * dt.powi(3);
    let radius = (gate_chi2 * (var_track + plot_cov.trace())).sqrt()
        + Motion::departure_bound_m(dt, track.motion);
    if (predicted_pos - plot_pos).norm_squared() > radius * radius {
        return None;
    }
    let predicted = motion.predict(&track.state, plot.time, track.motion);
    match position_nis(&predicted, plot) {
        Ok((nis, ln_det)) if nis <= gate_chi2 => Some((nis + ln_det, predicted)),
        _ => None,
    }
}
