//! Track initiation by track splitting.
//!
//! A single plot says nothing of velocity. So a one-plot track is not continued by one
//! chosen plot: it is extended by each plot it could have reached (within the fastest
//! target speed), as so many two-plot tracks, and is then dropped. Choosing one
//! continuation at once would pair the plots of a ripple-fired salvo wrongly, each new
//! track stealing its neighbour's plot. The wrong pairings find no third plot in their
//! now-tight gates and are deleted by the confirmation rule. Only the nearest two
//! continuations per track and one per plot are kept, so the tracks a batch spawns stay
//! proportional to its plots even inside a dense cluster.

use tdome_core::plot::Plot;

use super::Track;
use super::associate::{Associator, Hypothesis, keep_cheapest};

/// Most continuations of one one-plot track.
pub const MAX_EXTENSIONS_PER_TRACK: usize = 2;
/// Most one-plot tracks one plot may continue: the one it reaches at the lowest speed.
/// The plot also starts a track of its own (unless it continued another radar's
/// track), the fallback for when that continuation pairs it with clutter, which lives
/// to the next look; with that fallback, more continuations per plot cost time (three
/// made the benchmark's scan at N = 100 twice as slow) and bought no better picture.
pub const MAX_EXTENSIONS_PER_PLOT: usize = 1;

/// Three standard deviations of position, for the speed gate's allowance for noise.
const NOISE_SIGMAS: f64 = 3.0;

/// The track-splitting initiator.
#[derive(Clone, Debug)]
pub struct TrackSplitting {
    /// Fastest target, m/s.
    pub max_speed_mps: f64,
    nearby: Vec<usize>,
}

impl TrackSplitting {
    /// An initiator for targets up to `max_speed_mps`.
    pub fn new(max_speed_mps: f64) -> Self {
        TrackSplitting {
            max_speed_mps,
            nearby: Vec::new(),
        }
    }

    /// The (plot, one-plot track) pairs of the batch indexed in `associator` such that
    /// the plot lies within reach of the track at the fastest target speed (plus
    /// three standard deviations of both positions), at most
    /// [`MAX_EXTENSIONS_PER_TRACK`] per track and [`MAX_EXTENSIONS_PER_PLOT`] per plot
    /// (the nearest), in (plot, track) order, over the tracks `eligible` accepts. The
    /// cost is the implied speed, m/s.
    pub fn extensions(
        &mut self,
        associator: &Associator,
        tracks: &[Track],
        plots: &[Plot],
        available: &[bool],
        eligible: impl Fn(&Track) -> bool,
    ) -> Vec<Hypothesis> {
        let mut out = Vec::new();
        let (Some(first), Some(last)) = (plots.first(), plots.last()) else {
            return out;
        };
        let max_plot_var = (0..plots.len())
            .map(|i| associator.converted(i).1.trace())
            .fold(0.0, f64::max);
        let mut per_track = Vec::new();
        for (ti, track) in tracks.iter().enumerate() {
            if track.life.hits != 1 || !track.kinematics.is_finite() || !eligible(track) {
                continue;
            }
            let p0 = track.kinematics.mean.fixed_rows::<3>(0);
            let var0 = track.kinematics.position_covariance().trace();
            let reach_s = (last.time - track.kinematics.time).as_seconds();
            if reach_s <= 0.0 && (first.time - track.kinematics.time).as_seconds() < 0.0 {
                continue;
            }
            let radius =
                self.max_speed_mps * reach_s.max(0.0) + NOISE_SIGMAS * (var0 + max_plot_var).sqrt();
            let centre = [p0[0], p0[1], p0[2]];
            // Every plot within reach (the nearest, in a cluster).
            associator.plots_near(
                &centre,
                radius,
                4 * MAX_EXTENSIONS_PER_TRACK,
                &mut self.nearby,
            );
            per_track.clear();
            for &pi in &self.nearby {
                if !available[pi] {
                    continue;
                }
                let plot = &plots[pi];
                let dt = (plot.time - track.kinematics.time).as_seconds();
                if dt <= 0.0 {
                    continue;
                }
                let (pos, cov) = associator.converted(pi);
                let d = (pos - p0).norm();
                let allowance = NOISE_SIGMAS * (var0 + cov.trace()).sqrt();
                if d <= self.max_speed_mps * dt + allowance {
                    per_track.push(Hypothesis {
                        cost: (d - allowance).max(0.0) / dt,
                        nis: 0.0,
                        plot: pi,
                        track: ti,
                        prediction: usize::MAX,
                    });
                }
            }
            keep_cheapest(&mut per_track, MAX_EXTENSIONS_PER_TRACK);
            out.append(&mut per_track);
        }
        // At most so many per plot: group by plot, cheapest first within each.
        out.sort_by(|a, b| {
            a.plot
                .cmp(&b.plot)
                .then(a.cost.total_cmp(&b.cost))
                .then(a.track.cmp(&b.track))
        });
        let mut run = (usize::MAX, 0);
        out.retain(|h| {
            if h.plot != run.0 {
                run = (h.plot, 0);
            }
            run.1 += 1;
            run.1 <= MAX_EXTENSIONS_PER_PLOT
        });
        out.sort_by(|a, b| a.plot.cmp(&b.plot).then(a.track.cmp(&b.track)));
        out
    }
}
