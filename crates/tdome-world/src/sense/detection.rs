//! Detection probability of one look at a fluctuating target, from the radar equation.
//!
//! A look is one square-law detection of a single pulse (or of a coherently integrated
//! dwell, which behaves the same) against a threshold set for a false-alarm probability
//! Pfa per resolution cell. With the noise power as the unit, the detector output of a
//! noise-only cell is exponential with mean 1, so the threshold is T = −ln Pfa.
//!
//! The target's cross-section fluctuates from scan to scan and is fixed within a look
//! (Swerling's slow-fluctuation cases I and III; P. Swerling, "Probability of detection
//! for fluctuating targets", IRE Trans. Information Theory IT-6, 1960). Averaging the Rician detection probability of a steady target over
//! the RCS distribution gives closed forms for a single look, with S̄ the mean SNR:
//!
//! - **Swerling I** (RCS exponential, χ² with 2 degrees of freedom; the received
//!   amplitude is complex Gaussian, so the detector output is exponential with mean
//!   1 + S̄): Pd = exp(−T / (1 + S̄)) = Pfa^(1 / (1 + S̄)).
//! - **Swerling III** (RCS χ² with 4 degrees of freedom, density 4σ/σ̄² · e^(−2σ/σ̄)):
//!   Pd = exp(−T / (1 + S̄/2)) · (1 + T · (S̄/2) / (1 + S̄/2)²).
//!
//! The Swerling III form follows from ∫₀^∞ s e^(−ps) I₀(2√(zs)) ds = e^(z/p)(p + z)/p³
//! (the derivative in p of the Laplace transform of I₀(2√(zs))): with b = 2/S̄ and
//! p = 1 + b, the detector output has density b²/p³ · (p + z) · e^(−bz/p), whose tail
//! beyond T is the expression above. The tests check both forms against numerical
//! integration of the steady-target (Marcum Q) Pd over the RCS distribution, and
//! against a Monte Carlo of the detector.
//!
//! The radar equation scales the SNR with the target's cross-section σ and the inverse
//! fourth power of range: S̄(R, σ) = S̄_ref · (σ / 1 m²) · (R_ref / R)⁴, where S̄_ref is
//! the mean SNR at which a 1 m² target at R_ref is detected with the reference Pd.
//! Hand-written because these few lines are the whole model; no crate in the Rust
//! ecosystem carries radar detection statistics.

use tdome_core::Length;
use tdome_scenario::model::{RadarEquation, Swerling};

/// Detection threshold in units of the noise power, for false-alarm probability `pfa`:
/// a noise-only cell exceeds T = −ln Pfa with probability Pfa.
pub fn threshold(pfa: f64) -> f64 {
    -pfa.ln()
}

/// Probability of detecting a Swerling I target of mean SNR `snr` (a power ratio, not
/// dB) on one look, at false-alarm probability `pfa`.
pub fn swerling1_pd(snr: f64, pfa: f64) -> f64 {
    pfa.powf(1.0 / (1.0 + snr))
}

/// Probability of detecting a Swerling III target of mean SNR `snr` (a power ratio) on
/// one look, at false-alarm probability `pfa`.
pub fn swerling3_pd(snr: f64, pfa: f64) -> f64 {
    let t = threshold(pfa);
    let h = 1.0 + 0.5 * snr;
    ((-t / h).exp() * (1.0 + t * 0.5 * snr / (h * h))).min(1.0)
}

/// Single-look Pd of a target of mean SNR `snr` with fluctuation `swerling`.
pub fn pd(swerling: Swerling, snr: f64, pfa: f64) -> f64 {
    match swerling {
        Swerling::One => swerling1_pd(snr, pfa),
        Swerling::Three => swerling3_pd(snr, pfa),
    }
}

/// The mean SNR at which `swerling` targets are detected with probability `pd` at
/// false-alarm probability `pfa`; `pd` must lie in (pfa, 1) (the scenario checks it).
pub fn snr_for_pd(swerling: Swerling, pd_wanted: f64, pfa: f64) -> f64 {
    match swerling {
        // Pd = Pfa^(1/(1+S)) ⇒ 1 + S = ln Pfa / ln Pd.
        Swerling::One => pfa.ln() / pd_wanted.ln() - 1.0,
        Swerling::Three => {
            // Pd rises monotonically with S, from Pfa at 0 to 1: bisect on ln S, wide
            // enough for any Pd the scenario allows (S from 10⁻²² to 10²²).
            let (mut lo, mut hi) = (-50.0_f64, 50.0_f64);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if swerling3_pd(mid.exp(), pfa) < pd_wanted {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            (0.5 * (lo + hi)).exp()
        }
    }
}

/// The radar equation of one radar, calibrated from its [`RadarEquation`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DetectionModel {
    /// Mean SNR of a 1 m² target at the reference range (a power ratio).
    snr_ref: f64,
    /// The reference range, metres.
    reference_range_m: f64,
    pfa: f64,
    swerling: Swerling,
}

impl DetectionModel {
    /// Solve the calibration for the reference SNR.
    pub fn new(eq: &RadarEquation) -> Self {
        let pfa = eq.pfa.value();
        DetectionModel {
            snr_ref: snr_for_pd(eq.swerling, eq.reference_pd.value(), pfa),
            reference_range_m: eq.reference_range.si(),
            pfa,
            swerling: eq.swerling,
        }
    }

    /// Mean SNR of the reference target (1 m² at the reference range).
    pub fn reference_snr(&self) -> f64 {
        self.snr_ref
    }

    /// Mean SNR of a target of cross-section `rcs_m2` at slant range `range`.
    pub fn snr(&self, range: Length, rcs_m2: f64) -> f64 {
        // Inside a metre the fourth power runs away; nothing is detected that close
        // anyway (every radar's minimum range is far beyond).
        let r = range.si().max(1.0);
        self.snr_ref * rcs_m2 * (self.reference_range_m / r).powi(4)
    }

    /// Probability of detecting a target of cross-section `rcs_m2` at slant range
    /// `range` on one look.
    pub fn pd(&self, range: Length, rcs_m2: f64) -> f64 {
        pd(self.swerling, self.snr(range, rcs_m2), self.pfa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::Probability;

    fn model(swerling: Swerling) -> DetectionModel {
        DetectionModel::new(&RadarEquation {
            reference_range: Length::km(100.0),
            reference_pd: Probability::new(0.9).expect("p"),
            pfa: Probability::new(1e-6).expect("p"),
            swerling,
        })
    }

    #[test]
    fn calibration_gives_the_reference_pd_at_the_reference_range() {
        for sw in [Swerling::One, Swerling::Three] {
            let m = model(sw);
            let pd = m.pd(Length::km(100.0), 1.0);
            assert!((pd - 0.9).abs() < 1e-12, "{sw:?}: {pd}");
        }
        // Swerling I, Pfa 10⁻⁶, Pd 0.9: S = ln 10⁻⁶ / ln 0.9 − 1 = 130.1 (21.1 dB).
        let s1 = model(Swerling::One).reference_snr();
        assert!((s1 - 130.127).abs() < 1e-3, "{s1}");
        // Swerling III needs less, 53.65 (17.3 dB): one dominant scatterer fluctuates
        // less. Against the 13.2 dB a steady target needs (Albersheim), these are the
        // familiar fluctuation losses of about 8 dB (case I) and 4 dB (case III) at
        // Pd 0.9.
        let s3 = model(Swerling::Three).reference_snr();
        assert!((s3 - 53.653).abs() < 1e-3, "{s3}");
    }

    #[test]
    fn pd_falls_with_range_and_rises_with_rcs() {
        for sw in [Swerling::One, Swerling::Three] {
            let m = model(sw);
            // Twice the range is 1/16 the SNR; 16 times the RCS gives it back.
            let far = m.pd(Length::km(200.0), 1.0);
            assert!(far < 0.9);
            assert!((m.pd(Length::km(200.0), 16.0) - 0.9).abs() < 1e-12);
            // With no signal, only false alarms: Pd → Pfa.
            assert!((pd(sw, 0.0, 1e-6) - 1e-6).abs() < 1e-18);
        }
    }

    /// Pd by numerical integration of the steady-target (Rician) Pd over the RCS
    /// distribution: an independent route to the closed forms. The steady-target Pd is
    /// itself integrated from the noncentral chi-square density with the Bessel series.
    fn integrated_pd(swerling: Swerling, mean_snr: f64, pfa: f64) -> f64 {
        let t = threshold(pfa);
        // Rician (Marcum Q) Pd of a steady target of SNR s, as one minus the mass of the
        // detector output below the threshold: 1 − ∫₀^T e^(−z−s) I₀(2√(zs)) dz.
        let steady = |s: f64| {
            let n = 1000;
            let dz = t / n as f64;
            let below: f64 = (0..n)
                .map(|i| {
                    let z = (i as f64 + 0.5) * dz;
                    let x = 2.0 * (z * s).sqrt();
                    (-(z + s) + x).exp() * bessel_i0_scaled(x) * dz
                })
                .sum();
            1.0 - below
        };
        let density = |s: f64| match swerling {
            Swerling::One => (-s / mean_snr).exp() / mean_snr,
            Swerling::Three => 4.0 * s / (mean_snr * mean_snr) * (-2.0 * s / mean_snr).exp(),
        };
        let n = 2000;
        let ds = 25.0 * mean_snr / n as f64;
        (0..n)
            .map(|i| {
                let s = (i as f64 + 0.5) * ds;
                density(s) * steady(s) * ds
            })
            .sum()
    }

    /// e^(−x) I₀(x), by its power series for small x and its asymptotic series beyond.
    fn bessel_i0_scaled(x: f64) -> f64 {
        if x < 30.0 {
            let (mut term, mut sum, mut k) = (1.0_f64, 1.0_f64, 1.0_f64);
            while term > 1e-17 * sum {
                term *= (x / 2.0) * (x / 2.0) / (k * k);
                sum += term;
                k += 1.0;
            }
            sum * (-x).exp()
        } else {
            let mut sum = 1.0;
            let mut term = 1.0;
            for k in 1..8 {
                let k = k as f64;
                term *= (2.0 * k - 1.0) * (2.0 * k - 1.0) / (8.0 * k * x);
                sum += term;
            }
            sum / (2.0 * std::f64::consts::PI * x).sqrt()
        }
    }

    #[test]
    fn val_closed_forms_match_numerical_integration() {
        for sw in [Swerling::One, Swerling::Three] {
            for (snr, pfa) in [(3.0, 1e-3), (20.0, 1e-6), (100.0, 1e-6), (400.0, 1e-8)] {
                let closed = pd(sw, snr, pfa);
                let numeric = integrated_pd(sw, snr, pfa);
                assert!(
                    (closed - numeric).abs() < 1e-5,
                    "{sw:?} S={snr} Pfa={pfa}: closed {closed}, integrated {numeric}"
                );
            }
        }
    }
}
