//! Gating and data association.
//!
//! A batch of plots is indexed by position (a k-d tree), and each track asks the index
//! for the plots nearest its predicted position, instead of every plot being tried
//! against every track. Hypotheses are kept to the best few per track and per plot, so
//! that memory grows linearly with the number of plots and tracks even inside a dense
//! cluster, where every plot would otherwise fall in every gate: 20,000 rockets from
//! one launch point once listed 10⁸ pairs and exhausted memory. Outside such clusters
//! no cap binds, and the result is the same as trying every pair.

use nalgebra::{Matrix3, Vector3};
use tdome_core::plot::Plot;

use super::Track;
use super::imm::{Models, Prediction};
use super::measurement::converted_position;
use crate::config::AssociatorKind;
use tdome_core::nearby::PointIndex;

/// Most hypotheses kept per track: the plots in its gate with the lowest cost. A real
/// target gives one plot a scan; more than a few candidates means a cluster the gate
/// cannot resolve, where the next-best plots are as good as any.
pub const MAX_HYPOTHESES_PER_TRACK: usize = 8;

/// Most hypotheses kept per plot: the tracks whose gates it falls in with the lowest
/// cost.
pub const MAX_HYPOTHESES_PER_PLOT: usize = 8;

/// Most plots examined per track, nearest first, before the search stops: in a cluster
/// of thousands of unresolved targets this bounds the work per track; anywhere else a
/// gate holds far fewer plots.
pub const MAX_PLOTS_EXAMINED_PER_TRACK: usize = 16;

/// One (plot, track) pair inside the gate. Small on purpose (the prediction is made
/// again for the pairs accepted): a dense cluster holds a few per track.
#[derive(Clone, Copy, Debug)]
pub struct Hypothesis {
    /// Association cost d² + ln det S (the negative log-likelihood up to a constant, so
    /// that a tight track is not out-bid by a loose one).
    pub cost: f64,
    /// The normalised innovation squared the gate tested (so `cost − nis` is the
    /// track's ln det S term).
    pub nis: f64,
    /// Index of the plot in the batch.
    pub plot: usize,
    /// Index of the track in the tracker's list.
    pub track: usize,
    /// Index of the track's prediction to the plot's time in the associator's store
    /// (`usize::MAX` when none was kept).
    pub prediction: usize,
}

/// Association of one batch of plots from one sensor with the tracks.
///
/// Each track's hypotheses are the plots in its gate and the missed detection. The
/// assignment is chosen by [`AssociatorKind`]: the least-cost one overall (global
/// nearest neighbour), or cheapest pairs first (greedy). Tracks left over take the
/// missed-detection hypothesis and coast.
#[derive(Clone, Debug)]
pub struct Associator {
    gate_chi2: f64,
    kind: AssociatorKind,
    /// The batch's plots by position, with their converted covariances; rebuilt for
    /// each batch by [`Associator::index`].
    batch: BatchIndex,
    hypotheses: Vec<Hypothesis>,
    /// Per track, scratch for its best hypotheses.
    per_track: Vec<Hypothesis>,
    /// Per track, scratch for the plots near it.
    nearby: Vec<usize>,
    /// The predictions gating made, kept for the pairs association accepts: predicting
    /// an IMM (three models, one of them integrated through the atmosphere) is the
    /// costliest step of gating.
    predictions: Vec<Option<Prediction>>,
    /// The assignment solver and its scratch: the tracks with hypotheses, and the
    /// gated pairs as its edges.
    solver: crate::lap::Solver,
    rows: Vec<usize>,
    edges: Vec<crate::lap::Edge>,
}

/// The plots of one batch, indexed.
#[derive(Clone, Debug, Default)]
struct BatchIndex {
    tree: PointIndex,
    /// Converted position and covariance of each plot, in batch order.
    converted: Vec<(Vector3<f64>, Matrix3<f64>)>,
    /// Largest trace of a converted covariance in the batch, m².
    max_trace: f64,
    /// Time span of the batch, seconds from its first plot.
    span_s: f64,
}

/// One batch of plots (indexed by [`Associator::index`]) against the tracks: what every
/// association pass reads.
#[derive(Clone, Copy)]
pub struct Batch<'a> {
    /// How tracks are predicted.
    pub models: &'a Models,
    /// The tracks, in the tracker's order.
    pub tracks: &'a [Track],
    /// The plots, one sensor, time-sorted.
    pub plots: &'a [Plot],
    /// Per plot: still free to associate.
    pub available: &'a [bool],
}

/// The outcome of associating a batch.
pub struct Assignment {
    /// (plot index, track index, track predicted to the plot time), in plot order.
    pub pairs: Vec<(usize, usize, Prediction)>,
}

impl Associator {
    /// An associator of the given kind with the given gate (chi-square value, 3
    /// degrees of freedom).
    pub fn new(kind: AssociatorKind, gate_chi2: f64) -> Self {
        Associator {
            gate_chi2,
            kind,
            batch: BatchIndex::default(),
            hypotheses: Vec::new(),
            per_track: Vec::new(),
            nearby: Vec::new(),
            predictions: Vec::new(),
            solver: crate::lap::Solver::new(),
            rows: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// The gate, as a chi-square value with 3 degrees of freedom.
    pub fn gate_chi2(&self) -> f64 {
        self.gate_chi2
    }

    /// The plots of the indexed batch within `radius` metres of `point`, at most `max`
    /// (the nearest), into `out`.
    pub fn plots_near(&self, point: &[f64; 3], radius: f64, max: usize, out: &mut Vec<usize>) {
        self.batch.tree.within(point, radius, max, out);
    }

    /// The converted ECEF position and covariance of plot `i` of the indexed batch.
    pub fn converted(&self, i: usize) -> &(Vector3<f64>, Matrix3<f64>) {
        &self.batch.converted[i]
    }

    /// Index the plots of `batch` (one sensor, time-sorted, not empty) for the calls
    /// that follow.
    pub fn index(&mut self, batch: &[Plot]) {
        self.batch.converted.clear();
        self.batch
            .converted
            .extend(batch.iter().map(converted_position));
        self.batch.max_trace = self
            .batch
            .converted
            .iter()
            .map(|(_, c)| c.trace())
            .fold(0.0, f64::max);
        self.batch.span_s = match (batch.first(), batch.last()) {
            (Some(a), Some(b)) => (b.time - a.time).as_seconds(),
            _ => 0.0,
        };
        // (A plot whose position is not finite is left out: it can be in no gate.)
        self.batch.tree = PointIndex::new(
            self.batch
                .converted
                .iter()
                .enumerate()
                .map(|(i, (p, _))| ([p.x, p.y, p.z], i)),
        );
    }

    /// Associate the available plots of `batch` with its tracks for which `eligible`
    /// holds.
    pub fn assign(&mut self, batch: Batch<'_>, eligible: impl Fn(&Track) -> bool) -> Assignment {
        self.hypothesise(batch, eligible);
        let Batch {
            models,
            tracks,
            plots,
            available,
        } = batch;
        let chosen: Vec<Hypothesis> = match self.kind {
            AssociatorKind::GlobalNearestNeighbour => self.least_total_cost(),
            AssociatorKind::GreedyNearestNeighbour => self.cheapest_first(available, tracks.len()),
        };
        let mut pairs = Vec::with_capacity(chosen.len());
        for h in chosen {
            let kept = self
                .predictions
                .get_mut(h.prediction)
                .and_then(Option::take);
            let predicted = match kept {
                Some(p) => Ok(p),
                None => models.predict(&tracks[h.track].estimate, plots[h.plot].time),
            };
            if let Ok(predicted) = predicted {
                pairs.push((h.plot, h.track, predicted));
            }
        }
        pairs.sort_by_key(|(pi, _, _)| *pi);
        Assignment { pairs }
    }

    /// Greedy: hypotheses cheapest first, each plot and track used at most once.
    fn cheapest_first(&mut self, available: &[bool], n_tracks: usize) -> Vec<Hypothesis> {
        // Ties broken by plot then track index so the result never depends on sort
        // stability.
        self.hypotheses.sort_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then(a.plot.cmp(&b.plot))
                .then(a.track.cmp(&b.track))
        });
        let mut plot_used: Vec<bool> = available.iter().map(|a| !a).collect();
        let mut track_used = vec![false; n_tracks];
        let mut chosen = Vec::new();
        for h in self.hypotheses.drain(..) {
            if !plot_used[h.plot] && !track_used[h.track] {
                plot_used[h.plot] = true;
                track_used[h.track] = true;
                chosen.push(h);
            }
        }
        chosen
    }

    /// Global nearest neighbour: the assignment with the least total cost, where a
    /// track left without a plot pays its missed-detection cost, that of a plot on the
    /// edge of its gate (G + ln det S): any plot inside the gate is preferred to a miss,
    /// and among the ways to use them the likeliest overall is chosen. A plot left over
    /// costs nothing here (it may start a track). Solved exactly, cluster by cluster
    /// ([`crate::lap`]).
    fn least_total_cost(&mut self) -> Vec<Hypothesis> {
        if self.hypotheses.is_empty() {
            return Vec::new();
        }
        // Rows: the tracks that have hypotheses, numbered compactly.
        self.rows.clear();
        self.rows.extend(self.hypotheses.iter().map(|h| h.track));
        self.rows.sort_unstable();
        self.rows.dedup();
        let n_plots = self
            .hypotheses
            .iter()
            .map(|h| h.plot + 1)
            .max()
            .unwrap_or(0);
        let mut miss = vec![f64::NEG_INFINITY; self.rows.len()];
        self.edges.clear();
        for h in &self.hypotheses {
            let Ok(row) = self.rows.binary_search(&h.track) else {
                continue;
            };
            miss[row] = miss[row].max(self.gate_chi2 + (h.cost - h.nis));
            self.edges.push(crate::lap::Edge {
                row,
                col: h.plot,
                cost: h.cost,
            });
        }
        let leftover = vec![0.0; n_plots];
        let Ok(solution) =
            self.solver
                .solve(self.rows.len(), n_plots, &self.edges, &miss, &leftover)
        else {
            // Only malformed costs fail (a track's gate statistics not finite): fall back
            // to the greedy pass rather than lose the batch.
            let tracks = self.rows.last().map_or(0, |t| t + 1);
            return self.cheapest_first(&vec![true; n_plots], tracks);
        };
        self.hypotheses
            .iter()
            .filter(|h| {
                self.rows
                    .binary_search(&h.track)
                    .is_ok_and(|row| solution.row_to_col[row] == Some(h.plot))
            })
            .copied()
            .collect()
    }

    /// Fill `self.hypotheses`, capped, in (plot, track) order.
    fn hypothesise(&mut self, batch: Batch<'_>, eligible: impl Fn(&Track) -> bool) {
        let Batch {
            models,
            tracks,
            plots,
            available,
        } = batch;
        self.hypotheses.clear();
        self.predictions.clear();
        let Some(first) = plots.first() else {
            return;
        };
        for (ti, track) in tracks.iter().enumerate() {
            if !eligible(track) {
                continue;
            }
            self.per_track.clear();
            let Some((centre, radius)) =
                search_sphere(self.gate_chi2, models, track, first, &self.batch)
            else {
                continue;
            };
            self.batch.tree.within(
                &centre,
                radius,
                MAX_PLOTS_EXAMINED_PER_TRACK,
                &mut self.nearby,
            );
            for &pi in &self.nearby {
                if !available[pi] {
                    continue;
                }
                let (pos, cov) = &self.batch.converted[pi];
                if let Some((nis, cost, predicted)) =
                    gate(self.gate_chi2, models, track, &plots[pi], pos, cov)
                {
                    self.per_track.push(Hypothesis {
                        cost,
                        nis,
                        plot: pi,
                        track: ti,
                        prediction: self.predictions.len(),
                    });
                    self.predictions.push(Some(predicted));
                }
            }
            keep_cheapest(&mut self.per_track, MAX_HYPOTHESES_PER_TRACK);
            self.hypotheses.append(&mut self.per_track);
        }
        // At most so many per plot: group by plot, cheapest first within each.
        self.hypotheses.sort_by(|a, b| {
            a.plot
                .cmp(&b.plot)
                .then(a.cost.total_cmp(&b.cost))
                .then(a.track.cmp(&b.track))
        });
        let mut run = (usize::MAX, 0);
        self.hypotheses.retain(|h| {
            if h.plot != run.0 {
                run = (h.plot, 0);
            }
            run.1 += 1;
            run.1 <= MAX_HYPOTHESES_PER_PLOT
        });
        self.hypotheses
            .sort_by(|a, b| a.plot.cmp(&b.plot).then(a.track.cmp(&b.track)));
    }
}

/// Keep the `n` cheapest of `hypotheses` (ties by plot index).
pub(crate) fn keep_cheapest(hypotheses: &mut Vec<Hypothesis>, n: usize) {
    if hypotheses.len() > n {
        hypotheses.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(a.plot.cmp(&b.plot)));
        hypotheses.truncate(n);
    }
}

/// A sphere holding every plot of the batch that [`gate`]'s coarse pre-gate could let
/// through for `track`: centred on the track's straight-line prediction to the middle of
/// the batch, with the largest pre-gate radius over the batch's span and plots, plus the
/// distance the track moves in half the span. `None` for a track whose estimate is not
/// finite.
fn search_sphere(
    gate_chi2: f64,
    models: &Models,
    track: &Track,
    first: &Plot,
    batch: &BatchIndex,
) -> Option<([f64; 3], f64)> {
    let m = &track.kinematics.mean;
    let p = &track.kinematics.covariance;
    let dt0 = (first.time - track.kinematics.time).as_seconds();
    let dt1 = dt0 + batch.span_s;
    let mid = 0.5 * (dt0 + dt1);
    let centre = [m[0] + m[3] * mid, m[1] + m[4] * mid, m[2] + m[5] * mid];
    // The variance is a convex quadratic in dt (plus an increasing cubic), so over the
    // span its largest value is at one end.
    let var = |dt: f64| {
        (0..3)
            .map(|i| p[(i, i)] + 2.0 * dt * p[(i, i + 3)] + dt * dt * p[(i + 3, i + 3)])
            .sum::<f64>()
            + models.max_velocity_psd() * dt.max(0.0).powi(3)
    };
    let var_track = var(dt0).max(var(dt1));
    let speed = (m[3] * m[3] + m[4] * m[4] + m[5] * m[5]).sqrt();
    let radius = (gate_chi2 * (var_track + batch.max_trace)).sqrt()
        + departure_bound_m(track, dt1.max(0.0))
        + speed * 0.5 * batch.span_s;
    let finite = centre.iter().all(|v| v.is_finite()) && radius.is_finite();
    finite.then_some((centre, radius))
}

/// An upper bound on how far the track's predicted mean can depart from the straight
/// line over `dt` seconds, metres: half its acceleration bound times dt².
fn departure_bound_m(track: &Track, dt: f64) -> f64 {
    0.5 * track.acceleration_bound_mps2 * dt * dt
}

/// If `plot` (converted to ECEF as `plot_pos` with covariance `plot_cov`) falls in
/// `track`'s gate: the normalised innovation squared tested, the association cost (d² + ln det S for one model; see
/// [`Prediction::fit`]) and the track predicted to the plot's time.
pub fn gate(
    gate_chi2: f64,
    models: &Models,
    track: &Track,
    plot: &Plot,
    plot_pos: &Vector3<f64>,
    plot_cov: &Matrix3<f64>,
) -> Option<(f64, f64, Prediction)> {
    if plot.time < track.kinematics.time {
        return None;
    }
    // Coarse Euclidean pre-gate, so the filter algebra runs only for nearby tracks: the
    // predicted position must lie within the gate's radius computed from the total
    // variance (trace) of both uncertainties.
    let dt = (plot.time - track.kinematics.time).as_seconds();
    let m = &track.kinematics.mean;
    let p = &track.kinematics.covariance;
    let predicted_pos = Vector3::new(m[0] + m[3] * dt, m[1] + m[4] * dt, m[2] + m[5] * dt);
    let var_track: f64 = (0..3)
        .map(|i| p[(i, i)] + 2.0 * dt * p[(i, i + 3)] + dt * dt * p[(i + 3, i + 3)])
        .sum::<f64>()
        + models.max_velocity_psd() * dt.powi(3);
    let radius = (gate_chi2 * (var_track + plot_cov.trace())).sqrt() + departure_bound_m(track, dt);
    let d = plot_pos - predicted_pos;
    if d.norm_squared() > radius * radius {
        return None;
    }
    // A Cartesian Mahalanobis pre-gate, at twice the gate: the straight-line
    // prediction's position covariance, the white-noise growth, the plot's converted
    // covariance, and the models' possible departure from the straight line as an
    // isotropic variance. Only pairs that pass it pay for the IMM prediction.
    let mut s = Matrix3::zeros();
    for i in 0..3 {
        for j in 0..3 {
            s[(i, j)] =
                p[(i, j)] + dt * (p[(i, j + 3)] + p[(i + 3, j)]) + dt * dt * p[(i + 3, j + 3)];
        }
    }
    let departure = departure_bound_m(track, dt);
    s += plot_cov
        + Matrix3::identity()
            * (models.max_velocity_psd() * dt.powi(3) / 3.0 + departure * departure);
    if let Some(chol) = nalgebra::Cholesky::new(s)
        && d.dot(&chol.solve(&d)) > 2.0 * gate_chi2
    {
        return None;
    }
    let predicted = models.predict(&track.estimate, plot.time).ok()?;
    // The union of the models' gates for an established track only (see
    // `Prediction::fit`).
    let union = track.life.status == tdome_core::picture::TrackStatus::Confirmed;
    match predicted.fit(plot, union) {
        Ok((nis, cost)) if nis <= gate_chi2 => Some((nis, cost, predicted)),
        _ => None,
    }
}
