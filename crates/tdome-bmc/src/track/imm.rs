//! The interacting multiple model (IMM) estimator (Blom & Bar-Shalom, "The interacting
//! multiple model algorithm for systems with Markovian switching coefficients", IEEE
//! TAC 33(8), 1988; Bar-Shalom, Li & Kirubarajan 2001, §11.6).
//!
//! Each track carries one estimate per motion model and the probability of each. Per
//! plot:
//! 1. **mix**: each model starts from a blend of all models' estimates, weighted by the
//!    probability of having switched from each (a Markov chain, [`Switching`]);
//! 2. **predict** each model to the plot's time with its own dynamics;
//! 3. **update** each with the plot (EKF or UKF), giving each a measurement likelihood;
//! 4. **re-weigh** the models by prior probability × likelihood;
//! 5. **combine** (moment matching) for the picture.
//!
//! With one model it is that model's filter, and nothing is mixed.
//!
//! **Mixing states of different sizes.** The models' states differ (`[p, v]`,
//! `[p, v, a]`, `[p, v, 1/β]`). When model j is mixed from model i, the components j has
//! and i lacks are taken from j's own estimate, mean and covariance, uncorrelated with
//! the rest (the "unbiased mixing" of Granström, Willett & Bar-Shalom, "Systematic
//! approach to IMM mixing for unequal dimension states", IEEE TAES 51(4), 2015).
//! Components i has and j lacks are dropped. The combined estimate is over position
//! and velocity, which every model has.

use nalgebra::{SMatrix, SVector};
use tdome_core::SimTime;
use tdome_core::picture::{BallisticEstimate, ModeProbabilities};
use tdome_core::plot::Plot;

use super::gaussian::{Gaussian, GaussianState, symmetrise};
use super::measurement::{self, UpdateError, Updated, converted_position};
use super::motion::{
    Ballistic, INVERSE_BETA, MotionModelKind, NearlyConstantAcceleration, NearlyConstantVelocity,
};
use super::ukf::{self, SigmaPoints};

/// Which filter each model updates (and, for nonlinear dynamics, predicts) with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FilterKind {
    /// Extended Kalman filter: linearised measurement and dynamics.
    Extended,
    /// Unscented Kalman filter with these sigma points.
    Unscented(SigmaPoints),
}

/// One model's estimate.
// Inline, not boxed: estimates are made and dropped for every plot of every track, and a
// box per model per update would cost more than the unused space of the smaller ones.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ModeState {
    /// `[p, v]`.
    ConstantVelocity(Gaussian<6>),
    /// `[p, v, a]`.
    ConstantAcceleration(Gaussian<9>),
    /// `[p, v, 1/β]`.
    Ballistic(Gaussian<7>),
}

/// Room for the largest model's state in mixing (the common layout `[p, v, a, 1/β]`
/// holds every model's components).
const COMMON: usize = 10;

impl ModeState {
    fn kinematics(&self) -> GaussianState {
        match self {
            ModeState::ConstantVelocity(g) => g.clone(),
            ModeState::ConstantAcceleration(g) => g.kinematics(),
            ModeState::Ballistic(g) => g.kinematics(),
        }
    }

    fn kinematics_mean(&self) -> nalgebra::Vector6<f64> {
        match self {
            ModeState::ConstantVelocity(g) => g.mean,
            ModeState::ConstantAcceleration(g) => g.mean.fixed_rows::<6>(0).into_owned(),
            ModeState::Ballistic(g) => g.mean.fixed_rows::<6>(0).into_owned(),
        }
    }

    fn is_finite(&self) -> bool {
        match self {
            ModeState::ConstantVelocity(g) => g.is_finite(),
            ModeState::ConstantAcceleration(g) => g.is_finite(),
            ModeState::Ballistic(g) => g.is_finite(),
        }
    }

    /// The model's own mean and covariance (column-major), and its size.
    fn own(&self) -> (&[f64], &[f64], usize) {
        match self {
            ModeState::ConstantVelocity(g) => (g.mean.as_slice(), g.covariance.as_slice(), 6),
            ModeState::ConstantAcceleration(g) => (g.mean.as_slice(), g.covariance.as_slice(), 9),
            ModeState::Ballistic(g) => (g.mean.as_slice(), g.covariance.as_slice(), 7),
        }
    }

    /// [`measurement::position_nis`] of `plot` against the model's position and
    /// velocity.
    fn position_nis(&self, plot: &Plot) -> Result<(f64, f64), UpdateError> {
        match self {
            ModeState::ConstantVelocity(g) => measurement::position_nis(g, plot),
            ModeState::ConstantAcceleration(g) => measurement::position_nis(g, plot),
            ModeState::Ballistic(g) => measurement::position_nis(g, plot),
        }
    }

    /// The same model with mean `x` and covariance `p` in its own components (the
    /// first `x.len()` rows and columns of `p`).
    fn with_own(&self, x: &[f64], p: &[[f64; COMMON]; COMMON]) -> ModeState {
        fn fill<const N: usize>(
            x: &[f64],
            p: &[[f64; COMMON]; COMMON],
            time: SimTime,
        ) -> Gaussian<N> {
            Gaussian {
                mean: SVector::<f64, N>::from_fn(|a, _| x[a]),
                covariance: SMatrix::<f64, N, N>::from_fn(|a, b| p[a][b]),
                time,
            }
        }
        let time = self.time();
        match self {
            ModeState::ConstantVelocity(_) => ModeState::ConstantVelocity(fill(x, p, time)),
            ModeState::ConstantAcceleration(_) => ModeState::ConstantAcceleration(fill(x, p, time)),
            ModeState::Ballistic(_) => ModeState::Ballistic(fill(x, p, time)),
        }
    }

    fn time(&self) -> SimTime {
        match self {
            ModeState::ConstantVelocity(g) => g.time,
            ModeState::ConstantAcceleration(g) => g.time,
            ModeState::Ballistic(g) => g.time,
        }
    }
}

/// A track's estimate: one per model, with the models' probabilities (same order as
/// [`Models::models`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MixtureEstimate {
    /// Per model.
    pub modes: Vec<ModeState>,
    /// Probability of each model; they sum to one.
    pub probabilities: Vec<f64>,
}

impl MixtureEstimate {
    /// Time of validity.
    pub fn time(&self) -> SimTime {
        self.modes[0].time()
    }

    /// True when every model's estimate is finite.
    pub fn is_finite(&self) -> bool {
        self.modes.iter().all(ModeState::is_finite)
            && self.probabilities.iter().all(|p| p.is_finite())
    }

    /// Position and velocity, moment-matched over the models.
    pub fn combined(&self) -> GaussianState {
        combine(&self.modes, &self.probabilities)
    }

    /// The models' probabilities by kind.
    pub fn mode_probabilities(&self) -> ModeProbabilities {
        let mut out = ModeProbabilities::default();
        for (m, p) in self.modes.iter().zip(&self.probabilities) {
            match m {
                ModeState::ConstantVelocity(_) => out.constant_velocity += p,
                ModeState::ConstantAcceleration(_) => out.constant_acceleration += p,
                ModeState::Ballistic(_) => out.ballistic += p,
            }
        }
        out
    }

    /// The ballistic model's own estimate, when it runs one.
    pub fn ballistic(&self) -> Option<BallisticEstimate> {
        self.modes.iter().find_map(|m| match m {
            ModeState::Ballistic(g) => Some(BallisticEstimate {
                mean: g.mean,
                covariance: g.covariance,
            }),
            _ => None,
        })
    }
}

/// Position and velocity of `modes`, moment-matched with weights `probabilities`.
fn combine(modes: &[ModeState], probabilities: &[f64]) -> GaussianState {
    if modes.len() == 1 {
        return modes[0].kinematics();
    }
    let mean = modes
        .iter()
        .zip(probabilities)
        .fold(nalgebra::Vector6::zeros(), |acc, (m, w)| {
            acc + m.kinematics_mean() * *w
        });
    let mut covariance = nalgebra::Matrix6::zeros();
    for (m, w) in modes.iter().zip(probabilities) {
        // Σ w (P + d dᵀ), element by element in the model's own storage (the same
        // operations as the matrix expression, without copying each model's block).
        let (x, p, n) = m.own();
        let d: [f64; 6] = std::array::from_fn(|r| x[r] - mean[r]);
        for (c, out) in covariance.as_mut_slice().chunks_exact_mut(6).enumerate() {
            let column = &p[c * n..c * n + 6];
            for r in 0..6 {
                out[r] += (column[r] + d[r] * d[c]) * *w;
            }
        }
    }
    symmetrise(&mut covariance);
    Gaussian {
        mean,
        covariance,
        time: modes[0].time(),
    }
}

/// The models' estimates predicted to a plot's time, before the plot.
#[derive(Clone, Debug)]
pub struct Prediction {
    modes: Vec<ModeState>,
    /// Prior probability of each model at the plot's time (after switching).
    prior: Vec<f64>,
    /// Position and velocity, moment-matched: what gating and association use.
    pub combined: GaussianState,
}

/// How a new track's unknowns are seeded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InitialUncertainty {
    /// Standard deviation of each velocity component, m/s.
    pub velocity_sigma: f64,
    /// Standard deviation of each acceleration component, m/s².
    pub acceleration_sigma: f64,
    /// Prior mean of 1/β, m²/kg.
    pub inverse_beta_mean: f64,
    /// Prior standard deviation of 1/β, m²/kg.
    pub inverse_beta_sigma: f64,
}

/// One motion model with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MotionModel {
    /// Nearly constant velocity.
    ConstantVelocity(NearlyConstantVelocity),
    /// Nearly constant acceleration.
    ConstantAcceleration(NearlyConstantAcceleration),
    /// Ballistic, with 1/β estimated.
    Ballistic(Ballistic),
}

impl MotionModel {
    /// Which kind of model it is.
    pub fn kind(&self) -> MotionModelKind {
        match self {
            MotionModel::ConstantVelocity(_) => MotionModelKind::ConstantVelocity,
            MotionModel::ConstantAcceleration(_) => MotionModelKind::ConstantAcceleration,
            MotionModel::Ballistic(_) => MotionModelKind::Ballistic,
        }
    }

    /// Power spectral density of the white-noise acceleration it adds to velocity,
    /// m²/s³ (0 for the acceleration model, whose noise enters through acceleration).
    fn velocity_psd(&self) -> f64 {
        match self {
            MotionModel::ConstantVelocity(m) => m.q,
            MotionModel::ConstantAcceleration(_) => 0.0,
            MotionModel::Ballistic(m) => m.q,
        }
    }
}

/// How the models switch (the IMM's Markov chain).
#[derive(Clone, Debug, PartialEq)]
pub enum Switching {
    /// A rate per second: over Δt a model persists with probability exp(−rate·Δt) and
    /// otherwise switches to each other model equally, whatever the time between plots.
    Rate(f64),
    /// A rate per second out of each model (in the order of [`Models::models`]): over Δt
    /// model i persists with probability exp(−rateᵢ·Δt) and otherwise switches to each
    /// other model equally. Unlike [`Switching::Rate`] the chain need not be symmetric:
    /// a body in unpowered ballistic flight stays ballistic, while a boosting rocket
    /// burns out into it.
    Rates(Vec<f64>),
    /// A fixed matrix per update, row-major: entry (i, j) is P(model j now | model i at
    /// the previous plot). Rows sum to one.
    PerUpdate(Vec<f64>),
}

/// The model set a tracker runs, with each model's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Models {
    /// The models, in order; one model means a single filter, no mixing.
    pub models: Vec<MotionModel>,
    /// The filter each model runs.
    pub filter: FilterKind,
    /// How the models switch.
    pub switching: Switching,
    /// Seeds of new tracks.
    pub initial: InitialUncertainty,
}

impl Models {
    /// The largest white-noise acceleration PSD any model adds to velocity, m²/s³ (for
    /// coarse gating).
    pub fn max_velocity_psd(&self) -> f64 {
        self.models
            .iter()
            .map(MotionModel::velocity_psd)
            .fold(0.0, f64::max)
    }

    /// A new track's estimate from one plot: position from the converted measurement
    /// with its linearised covariance; velocity and acceleration unknown (zero mean,
    /// the initial sigmas); 1/β at its prior. Models equally likely.
    pub fn start(&self, plot: &Plot) -> MixtureEstimate {
        let (pos, pos_cov) = converted_position(plot);
        let init = &self.initial;
        let seed = |n: usize| {
            let mut mean = nalgebra::DVector::<f64>::zeros(n);
            let mut cov = nalgebra::DMatrix::<f64>::zeros(n, n);
            for i in 0..3 {
                mean[i] = pos[i];
                for j in 0..3 {
                    cov[(i, j)] = pos_cov[(i, j)];
                }
                cov[(i + 3, i + 3)] = init.velocity_sigma.powi(2);
            }
            (mean, cov)
        };
        fn fixed<const N: usize>(
            (mean, cov): (nalgebra::DVector<f64>, nalgebra::DMatrix<f64>),
            time: SimTime,
        ) -> Gaussian<N> {
            Gaussian {
                mean: SVector::<f64, N>::from_iterator(mean.iter().copied()),
                covariance: SMatrix::<f64, N, N>::from_iterator(cov.iter().copied()),
                time,
            }
        }
        let modes: Vec<ModeState> = self
            .models
            .iter()
            .map(|model| match model.kind() {
                MotionModelKind::ConstantVelocity => {
                    ModeState::ConstantVelocity(fixed::<6>(seed(6), plot.time))
                }
                MotionModelKind::ConstantAcceleration => {
                    let mut g = fixed::<9>(seed(9), plot.time);
                    for i in 6..9 {
                        g.covariance[(i, i)] = init.acceleration_sigma.powi(2);
                    }
                    ModeState::ConstantAcceleration(g)
                }
                MotionModelKind::Ballistic => {
                    let mut g = fixed::<7>(seed(7), plot.time);
                    g.mean[INVERSE_BETA] = init.inverse_beta_mean;
                    g.covariance[(INVERSE_BETA, INVERSE_BETA)] = init.inverse_beta_sigma.powi(2);
                    ModeState::Ballistic(g)
                }
            })
            .collect();
        let k = modes.len();
        MixtureEstimate {
            modes,
            probabilities: vec![1.0 / k as f64; k],
        }
    }

    /// Mix and predict `estimate` to `time` (not earlier than its own).
    pub fn predict(
        &self,
        estimate: &MixtureEstimate,
        time: SimTime,
    ) -> Result<Prediction, UpdateError> {
        let dt = (time - estimate.time()).as_seconds().max(0.0);
        let k = estimate.modes.len();
        let mut modes = Vec::with_capacity(k);
        // Each model's estimate is predicted as soon as it is mixed (mixing reads only
        // `estimate`), so the mixed estimates need no list of their own.
        let prior = if k == 1 {
            if let Some(model) = self.models.first() {
                modes.push(self.predict_mode(model, &estimate.modes[0], time)?);
            }
            vec![1.0]
        } else {
            self.mix(estimate, dt, |j, mixed| {
                if let Some(model) = self.models.get(j) {
                    modes.push(self.predict_mode(model, &mixed, time)?);
                }
                Ok(())
            })?
        };
        let combined = combine(&modes, &prior);
        Ok(Prediction {
            modes,
            prior,
            combined,
        })
    }

    /// Step 1: the mixed starting estimate of each model, and the models' prior
    /// probabilities c_j = Σᵢ π_ij μᵢ.
    /// Each mixed estimate goes to `emit` with its model's index, in order; the first
    /// error it returns ends the mixing.
    fn mix(
        &self,
        estimate: &MixtureEstimate,
        dt: f64,
        mut emit: impl FnMut(usize, ModeState) -> Result<(), UpdateError>,
    ) -> Result<Vec<f64>, UpdateError> {
        let k = estimate.modes.len();
        // π_ij, row-major, on the stack for a few models.
        let mut on_stack = [0.0; 16];
        let mut on_heap = Vec::new();
        let transition: &mut [f64] = if k * k <= on_stack.len() {
            &mut on_stack[..k * k]
        } else {
            on_heap.resize(k * k, 0.0);
            &mut on_heap
        };
        self.fill_transitions(dt, transition);
        let mut prior = vec![0.0; k];
        for (j, c) in prior.iter_mut().enumerate() {
            *c = (0..k)
                .map(|i| transition[i * k + j] * estimate.probabilities[i])
                .sum();
        }
        for j in 0..k {
            let target = &estimate.modes[j];
            // Worked in model j's own components only (6, 7 or 9 of the 10): position
            // and velocity first, which every model has, then its extras (acceleration
            // or 1/β).
            let (xj, pj, n) = target.own();
            let weight = |i: usize| {
                if prior[j] > 0.0 {
                    transition[i * k + j] * estimate.probabilities[i] / prior[j]
                } else {
                    f64::from(u8::from(i == j))
                }
            };
            // A source has model j's extras exactly when it is of the same kind
            // (acceleration only in the acceleration model, 1/β only in the ballistic),
            // and then at the same places in its own state; otherwise j supplies them.
            let same_kind = |i: usize| {
                std::mem::discriminant(&estimate.modes[i]) == std::mem::discriminant(target)
            };
            let mut x0 = [0.0; COMMON];
            for i in 0..k {
                let w = weight(i);
                let (xi, _, _) = estimate.modes[i].own();
                let extras = if same_kind(i) { xi } else { xj };
                for a in 0..6 {
                    x0[a] += w * xi[a];
                }
                for a in 6..n {
                    x0[a] += w * extras[a];
                }
            }
            // The upper triangle, each entry summed over the sources in order.
            let mut p0 = [[0.0; COMMON]; COMMON];
            for i in 0..k {
                let w = weight(i);
                if w == 0.0 {
                    continue;
                }
                let (xi, pi, ni) = estimate.modes[i].own();
                let same = same_kind(i);
                let extras = if same { xi } else { xj };
                let mut d = [0.0; COMMON];
                for a in 0..6 {
                    d[a] = xi[a] - x0[a];
                }
                for a in 6..n {
                    d[a] = extras[a] - x0[a];
                }
                // Position and velocity, which every model has: from the source.
                for a in 0..6 {
                    let da = d[a];
                    let row = &mut p0[a];
                    for b in a..6 {
                        row[b] += w * (pi[b * ni + a] + da * d[b]);
                    }
                }
                if same {
                    // The extras and their correlations: all from the source.
                    for a in 0..n {
                        let da = d[a];
                        let row = &mut p0[a];
                        for b in a.max(6)..n {
                            row[b] += w * (pi[b * ni + a] + da * d[b]);
                        }
                    }
                } else {
                    // The extras supplied by j, uncorrelated with the source's position
                    // and velocity.
                    for a in 0..6 {
                        let da = d[a];
                        let row = &mut p0[a];
                        for b in 6..n {
                            row[b] += w * (0.0 + da * d[b]);
                        }
                    }
                    for a in 6..n {
                        let da = d[a];
                        let row = &mut p0[a];
                        for b in a..n {
                            row[b] += w * (pj[b * n + a] + da * d[b]);
                        }
                    }
                }
            }
            // The lower triangle from the upper.
            for a in 1..n {
                let (upper, lower) = p0.split_at_mut(a);
                for (b, row) in upper.iter().enumerate() {
                    lower[0][b] = row[a];
                }
            }
            emit(j, target.with_own(&x0[..n], &p0))?;
        }
        Ok(prior)
    }

    /// π_ij, the probability of switching from model i to model j over `dt` seconds,
    /// into `out` (row-major, k × k), by [`Switching`]: one exponential per row.
    fn fill_transitions(&self, dt: f64, out: &mut [f64]) {
        let k = self.models.len();
        let rate_switch = |rate: f64, out: &mut [f64]| {
            let stay = (-rate * dt.max(0.0)).exp();
            let away = (1.0 - stay) / (k - 1) as f64;
            out.fill(away);
            stay
        };
        for i in 0..k {
            let row = &mut out[i * k..(i + 1) * k];
            match &self.switching {
                _ if k == 1 => row[0] = 1.0,
                Switching::Rate(rate) => row[i] = rate_switch(*rate, row),
                Switching::Rates(rates) => row[i] = rate_switch(rates[i], row),
                Switching::PerUpdate(m) => row.copy_from_slice(&m[i * k..(i + 1) * k]),
            }
        }
    }

    fn predict_mode(
        &self,
        model: &MotionModel,
        mode: &ModeState,
        time: SimTime,
    ) -> Result<ModeState, UpdateError> {
        Ok(match (model, mode) {
            (MotionModel::ConstantVelocity(m), ModeState::ConstantVelocity(g)) => {
                ModeState::ConstantVelocity(m.predict(g, time))
            }
            (MotionModel::ConstantAcceleration(m), ModeState::ConstantAcceleration(g)) => {
                ModeState::ConstantAcceleration(m.predict(g, time))
            }
            (MotionModel::Ballistic(m), ModeState::Ballistic(g)) => {
                ModeState::Ballistic(match self.filter {
                    FilterKind::Extended => m.predict(g, time),
                    FilterKind::Unscented(sigma) => {
                        let dt = (time - g.time).as_seconds();
                        let q = m.noise(dt.max(0.0));
                        ukf::predict(g, time, sigma, |x, dt| m.propagate(x, dt), &q)?
                    }
                })
            }
            // Each estimate is made by its own model; a mismatch is a defect upstream.
            _ => return Err(UpdateError::SingularInnovation),
        })
    }

    fn update_mode<const N: usize>(
        &self,
        g: &Gaussian<N>,
        plot: &Plot,
    ) -> Result<Updated<N>, UpdateError> {
        match self.filter {
            FilterKind::Extended => measurement::update(g, plot),
            FilterKind::Unscented(sigma) => ukf::update(g, plot, sigma),
        }
    }

    /// Steps 3–4: update each model with `plot` (at the prediction's time) and re-weigh
    /// the models by their likelihoods. Fails only when no model can take the plot.
    pub fn update(
        &self,
        prediction: &Prediction,
        plot: &Plot,
    ) -> Result<MixtureEstimate, UpdateError> {
        let k = prediction.modes.len();
        let mut modes = Vec::with_capacity(k);
        let mut log_weights = Vec::with_capacity(k);
        let mut last_error = UpdateError::SingularInnovation;
        for (m, prior) in prediction.modes.iter().zip(&prediction.prior) {
            let updated = match m {
                ModeState::ConstantVelocity(g) => self
                    .update_mode(g, plot)
                    .map(|u| (u.log_likelihood(), ModeState::ConstantVelocity(u.state))),
                ModeState::ConstantAcceleration(g) => self
                    .update_mode(g, plot)
                    .map(|u| (u.log_likelihood(), ModeState::ConstantAcceleration(u.state))),
                ModeState::Ballistic(g) => self.update_mode(g, plot).map(|mut u| {
                    Ballistic::constrain(&mut u.state);
                    (u.log_likelihood(), ModeState::Ballistic(u.state))
                }),
            };
            match updated {
                Ok((ll, state)) if state.is_finite() && ll.is_finite() => {
                    log_weights.push(ll + prior.ln());
                    modes.push(state);
                }
                // A model that cannot take the plot keeps its prediction and loses its
                // weight.
                Ok(_) => {
                    log_weights.push(f64::NEG_INFINITY);
                    modes.push(m.clone());
                }
                Err(e) => {
                    last_error = e;
                    log_weights.push(f64::NEG_INFINITY);
                    modes.push(m.clone());
                }
            }
        }
        let max = log_weights
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            return Err(last_error);
        }
        // Normalise in the log domain: likelihoods of a sharp radar differ by hundreds
        // of orders of magnitude between models.
        let total: f64 = log_weights.iter().map(|w| (w - max).exp()).sum();
        let probabilities = log_weights
            .iter()
            .map(|w| (w - max).exp() / total)
            .collect();
        Ok(MixtureEstimate {
            modes,
            probabilities,
        })
    }
}

impl Prediction {
    /// How well `plot`'s position fits the prediction: a normalised innovation
    /// squared for the gate and an association cost.
    ///
    /// With `union`, the gate statistic is the smallest over the models (a plot any
    /// model can explain is in the gate, so that a manoeuvre's onset, which only the
    /// agile model predicts, is not gated out) and the cost is −2 ln of the mixture
    /// likelihood Σⱼ cⱼ N(z; ẑⱼ, Sⱼ) up to a constant. Without it, both come from the
    /// moment-matched prediction (d² and d² + ln det S): the tighter gate for a young
    /// track, whose agile model, not yet taught by any plot, would otherwise open its
    /// gate to clutter.
    pub fn fit(&self, plot: &Plot, union: bool) -> Result<(f64, f64), UpdateError> {
        if self.modes.len() == 1 || !union {
            let (nis, ln_det) = measurement::position_nis(&self.combined, plot)?;
            return Ok((nis, nis + ln_det));
        }
        let mut min_nis = f64::INFINITY;
        let mut terms = [f64::NEG_INFINITY; 8];
        let mut n = 0;
        for (m, c) in self.modes.iter().zip(&self.prior) {
            let Ok((nis, ln_det)) = m.position_nis(plot) else {
                continue;
            };
            min_nis = min_nis.min(nis);
            if n < terms.len() && *c > 0.0 {
                terms[n] = c.ln() - 0.5 * (nis + ln_det);
                n += 1;
            }
        }
        let max = terms[..n].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            return Err(UpdateError::SingularInnovation);
        }
        let log_mixture = max + terms[..n].iter().map(|t| (t - max).exp()).sum::<f64>().ln();
        Ok((min_nis, -2.0 * log_mixture))
    }
}
