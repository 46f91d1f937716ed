//! The U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562; also published
//! as NASA-TM-X-74335).
//!
//! - **−5 km to 86 km** (geometric): the standard's defining model. Geometric altitude z
//!   is converted to geopotential altitude H = r₀z/(r₀ + z) (r₀ = 6 356 766 m); seven
//!   layers of linear molecular-scale temperature T_M(H) and the hydrostatic equation give
//!   the pressure; ρ = p M₀/(R* T_M) and the speed of sound is √(γ R* T_M / M₀). Between
//!   80 and 86 km the kinetic temperature is T = T_M · (M/M₀) with the standard's Table 8
//!   molecular-weight ratios. The first layer is extended below sea level down to −5 km
//!   (the standard's own tables start at −5 km).
//! - **86 km to 1000 km**: the standard's kinetic temperature profile in closed form
//!   (isothermal, elliptical, linear and exponential segments, eqs. 25–31), and the
//!   logarithms of pressure and density interpolated between the standard's tabulated
//!   values (Table I) by a monotone piecewise-cubic Hermite interpolant (Fritsch–Carlson).
//!   Log-linear interpolation between the same nodes was tried first and was up to 7 %
//!   off the table midway between nodes near 140 km; the cubic keeps within about 1–2 %.
//!   The 86 km node and the gradients there are the lower model's own, so pressure and
//!   density are continuous with a continuous gradient; drag on ballistic missiles
//!   therefore has no step at 86 km. The
//!   speed of sound is not defined by the standard above 86 km; we use √(γ p/ρ), which
//!   equals the standard's definition below 86 km and accounts for the falling mean
//!   molecular weight above it.
//! - **Outside**: below −5 km the −5 km values are returned. Above 1000 km the density
//!   falls with the interpolant's end slope (the 900–1000 km scale height), the pressure keeps the 1000 km ratio p/ρ, and
//!   the temperature and speed of sound stay at their 1000 km values, so every finite input
//!   gives finite, non-negative output (a NaN input gives NaN).

use std::sync::LazyLock;

use tdome_core::Length;

/// Atmospheric properties at one altitude.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AtmosphereSample {
    /// Kinetic temperature, kelvin.
    pub temperature_k: f64,
    /// Pressure, pascals.
    pub pressure_pa: f64,
    /// Mass density, kg/m³.
    pub density_kg_m3: f64,
    /// Speed of sound, m/s.
    pub speed_of_sound_mps: f64,
}

/// Effective radius of the Earth used for geopotential altitude, r₀, metres.
pub const R0_M: f64 = 6_356_766.0;
/// Standard sea-level gravity g₀, m/s² (per geopotential metre).
const G0: f64 = 9.806_65;
/// Universal gas constant R*, J/(kmol·K), as defined by the 1976 standard.
const R_STAR: f64 = 8_314.32;
/// Mean molecular weight of sea-level air M₀, kg/kmol.
const M0: f64 = 28.964_4;
/// Specific gas constant of air R*/M₀, J/(kg·K).
const R_AIR: f64 = R_STAR / M0;
/// Ratio of specific heats of air.
const GAMMA: f64 = 1.4;
/// Hydrostatic constant g₀M₀/R*, K per geopotential metre.
const GMR: f64 = G0 * M0 / R_STAR;

/// Lowest geometric altitude modelled, metres.
const Z_MIN: f64 = -5_000.0;
/// Top of the defining 7-layer model, geometric metres.
const Z_86: f64 = 86_000.0;

/// Base geopotential altitudes of the seven layers, m' (standard Table 4).
const LAYER_BASE_H: [f64; 7] = [
    0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0,
];
/// Molecular-scale temperature gradients of the seven layers, K/m' (standard Table 4).
const LAYER_LAPSE: [f64; 7] = [-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3];
/// Sea-level temperature T₀, K, and pressure p₀, Pa.
const T0: f64 = 288.15;
const P0: f64 = 101_325.0;

/// Base molecular-scale temperature and pressure of each layer, computed once from the
/// sea-level values by the hydrostatic equation (this reproduces the standard's Table 4
/// base pressures, e.g. 22 632.06 Pa at 11 km').
static LAYER_BASES: LazyLock<[(f64, f64); 7]> = LazyLock::new(|| {
    let mut bases = [(T0, P0); 7];
    for i in 1..7 {
        let (tb, pb) = bases[i - 1];
        let dh = LAYER_BASE_H[i] - LAYER_BASE_H[i - 1];
        bases[i] = layer_state(tb, pb, LAYER_LAPSE[i - 1], dh);
    }
    bases
});

/// Molecular-scale temperature and pressure `dh` geopotential metres above a layer base.
fn layer_state(tb: f64, pb: f64, lapse: f64, dh: f64) -> (f64, f64) {
    if lapse == 0.0 {
        (tb, pb * (-GMR * dh / tb).exp())
    } else {
        let t = tb + lapse * dh;
        (t, pb * (tb / t).powf(GMR / lapse))
    }
}

/// Ratio of mean molecular weight to its sea-level value, M/M₀, from 80 to 86 km
/// geometric in 0.5 km steps (standard Table 8).
const MOLECULAR_WEIGHT_RATIO: [f64; 13] = [
    1.000_000, 0.999_996, 0.999_989, 0.999_971, 0.999_941, 0.999_909, 0.999_870, 0.999_829,
    0.999_786, 0.999_741, 0.999_694, 0.999_641, 0.999_579,
];

fn molecular_weight_ratio(z: f64) -> f64 {
    if z <= 80_000.0 {
        return 1.0;
    }
    let x = ((z - 80_000.0) / 500.0).min(12.0);
    let i = (x.floor() as usize).min(11);
    let f = x - i as f64;
    MOLECULAR_WEIGHT_RATIO[i] * (1.0 - f) + MOLECULAR_WEIGHT_RATIO[i + 1] * f
}

/// Molecular-scale temperature (K) and pressure (Pa) of the defining model at geometric
/// altitude `z` (−5 to 86 km).
#[inline]
fn lower_temperature_and_pressure(z: f64) -> (f64, f64) {
    let h = R0_M * z / (R0_M + z);
    let layer = LAYER_BASE_H.iter().rposition(|&hb| h >= hb).unwrap_or(0);
    let (tb, pb) = LAYER_BASES[layer];
    layer_state(tb, pb, LAYER_LAPSE[layer], h - LAYER_BASE_H[layer])
}

/// The defining model, −5 to 86 km geometric.
fn lower_atmosphere(z: f64) -> AtmosphereSample {
    let (t_m, p) = lower_temperature_and_pressure(z);
    AtmosphereSample {
        temperature_k: t_m * molecular_weight_ratio(z),
        pressure_pa: p,
        density_kg_m3: p / (R_AIR * t_m),
        speed_of_sound_mps: (GAMMA * R_AIR * t_m).sqrt(),
    }
}

/// Geometric altitudes (m) of the tabulated upper-atmosphere values.
const UPPER_Z: [f64; 20] = [
    86e3, 90e3, 95e3, 100e3, 110e3, 115e3, 120e3, 130e3, 150e3, 175e3, 200e3, 250e3, 300e3, 400e3,
    500e3, 600e3, 700e3, 800e3, 900e3, 1000e3,
];
/// Pressure, Pa, at `UPPER_Z` (standard Table I). The 86 km entry is replaced by the
/// lower model's own value at run time (they agree to 5 digits).
const UPPER_P: [f64; 20] = [
    3.7338e-1, 1.8359e-1, 7.5966e-2, 3.2011e-2, 7.1042e-3, 4.0096e-3, 2.5382e-3, 1.2505e-3,
    4.5422e-4, 1.7936e-4, 8.4736e-5, 2.4767e-5, 8.7704e-6, 1.4518e-6, 3.0236e-7, 8.2130e-8,
    3.1908e-8, 1.7036e-8, 1.0873e-8, 7.5138e-9,
];
/// Density, kg/m³, at `UPPER_Z` (standard Table I); the 86 km entry as for pressure.
const UPPER_RHO: [f64; 20] = [
    6.958e-6, 3.416e-6, 1.393e-6, 5.604e-7, 9.708e-8, 4.289e-8, 2.222e-8, 8.152e-9, 2.076e-9,
    6.339e-10, 2.541e-10, 6.073e-11, 1.916e-11, 2.803e-12, 5.215e-13, 1.137e-13, 3.070e-14,
    1.136e-14, 5.759e-15, 3.561e-15,
];

/// A monotone piecewise-cubic Hermite interpolant (Fritsch–Carlson, with the
/// Fritsch–Butland weighted harmonic-mean slopes for uneven spacing, as in SciPy's
/// `PchipInterpolator`) of one quantity's logarithm against altitude.
struct LogPchip {
    y: [f64; N_UPPER],
    slope: [f64; N_UPPER],
}

const N_UPPER: usize = UPPER_Z.len();

impl LogPchip {
    /// Through `y` at `UPPER_Z`, with the slope at 86 km given (so the curve joins the lower
    /// model smoothly).
    fn new(y: [f64; N_UPPER], start_slope: f64) -> Self {
        let h: Vec<f64> = UPPER_Z.windows(2).map(|w| w[1] - w[0]).collect();
        let d: Vec<f64> = (0..N_UPPER - 1).map(|k| (y[k + 1] - y[k]) / h[k]).collect();
        let mut slope = [0.0; N_UPPER];
        slope[0] = start_slope;
        for k in 1..N_UPPER - 1 {
            slope[k] = if d[k - 1] * d[k] <= 0.0 {
                0.0
            } else {
                let (w1, w2) = (2.0 * h[k] + h[k - 1], h[k] + 2.0 * h[k - 1]);
                (w1 + w2) / (w1 / d[k - 1] + w2 / d[k])
            };
        }
        // One-sided three-point end slope, limited to keep the end monotone.
        let n = N_UPPER - 1;
        let (h0, h1, d0, d1) = (h[n - 1], h[n - 2], d[n - 1], d[n - 2]);
        let mut end = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
        if end.signum() != d0.signum() {
            end = 0.0;
        } else if d0.signum() != d1.signum() && end.abs() > 3.0 * d0.abs() {
            end = 3.0 * d0;
        }
        slope[n] = end;
        LogPchip { y, slope }
    }

    /// The interpolated logarithm at `z` (86 km ≤ z); beyond the last node, the straight
    /// line with the end slope.
    #[inline]
    fn at(&self, z: f64) -> f64 {
        let n = N_UPPER - 1;
        if z >= UPPER_Z[n] {
            return self.y[n] + self.slope[n] * (z - UPPER_Z[n]);
        }
        let k = UPPER_Z.partition_point(|&zi| zi <= z).clamp(1, n) - 1;
        let h = UPPER_Z[k + 1] - UPPER_Z[k];
        let t = (z - UPPER_Z[k]) / h;
        let (t2, t3) = (t * t, t * t * t);
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h10 = t3 - 2.0 * t2 + t;
        let h11 = t3 - t2;
        self.y[k]
            + (self.y[k + 1] - self.y[k]) * h01
            + h * (self.slope[k] * h10 + self.slope[k + 1] * h11)
    }
}

/// Interpolants of ln p and ln ρ above 86 km. The 86 km node and the slopes there are the
/// lower model's own (left-hand) values, so pressure and density join it with continuous
/// value and gradient.
struct UpperTable {
    ln_p: LogPchip,
    ln_rho: LogPchip,
    /// ln(p/ρ) at 1000 km, held constant above it.
    ln_p_over_rho_top: f64,
}

static UPPER: LazyLock<UpperTable> = LazyLock::new(|| {
    let mut ln_p = UPPER_P.map(f64::ln);
    let mut ln_rho = UPPER_RHO.map(f64::ln);
    let (t_m, p) = lower_temperature_and_pressure(Z_86);
    ln_p[0] = p.ln();
    ln_rho[0] = (p / (R_AIR * t_m)).ln();
    // Hydrostatic gradients at the top of the last layer: dH/dz = (r0/(r0 + z))², and
    // d ln p/dH = −g0M0/(R* T_M), d ln T_M/dH = L/T_M with L = −2 K/km'.
    let dh_dz = (R0_M / (R0_M + Z_86)).powi(2);
    let dlnp = -GMR / t_m * dh_dz;
    let dlnrho = dlnp - LAYER_LAPSE[6] / t_m * dh_dz;
    let ln_p_over_rho_top = ln_p[N_UPPER - 1] - ln_rho[N_UPPER - 1];
    UpperTable {
        ln_p: LogPchip::new(ln_p, dlnp),
        ln_rho: LogPchip::new(ln_rho, dlnrho),
        ln_p_over_rho_top,
    }
});

/// Kinetic temperature above 86 km geometric (standard eqs. 25–31), kelvin.
fn upper_temperature(z: f64) -> f64 {
    const T7: f64 = 186.867_3;
    if z < 91e3 {
        T7
    } else if z < 110e3 {
        // Elliptical segment: T = Tc + A √(1 − ((z − 91 km)/a)²).
        let (tc, a_big, a_small) = (263.190_5, -76.323_2, -19.942_9e3);
        let x = (z - 91e3) / a_small;
        tc + a_big * (1.0 - x * x).max(0.0).sqrt()
    } else if z < 120e3 {
        240.0 + 12.0e-3 * (z - 110e3)
    } else {
        // Exponential approach to the exospheric temperature T∞ = 1000 K.
        let (t_inf, t10, lambda) = (1000.0, 360.0, 0.018_75e-3);
        let z = z.min(1.0e8);
        let xi = (z - 120e3) * (R0_M + 120e3) / (R0_M + z);
        t_inf - (t_inf - t10) * (-lambda * xi).exp()
    }
}

/// Natural logarithms of pressure (Pa) and density (kg/m³) at 86 km and above:
/// monotone cubic interpolation of the table, and beyond 1000 km the density's end slope
/// with p/ρ held at its 1000 km value (extrapolating the composition change would be
/// nonsense).
#[inline]
fn upper_logs(z: f64) -> (f64, f64) {
    let table = &*UPPER;
    let ln_rho = table.ln_rho.at(z);
    if z >= UPPER_Z[N_UPPER - 1] {
        (ln_rho + table.ln_p_over_rho_top, ln_rho)
    } else {
        (table.ln_p.at(z), ln_rho)
    }
}

/// The upper atmosphere, 86 km and above.
fn upper_atmosphere(z: f64) -> AtmosphereSample {
    let (ln_p, ln_rho) = upper_logs(z);
    AtmosphereSample {
        temperature_k: upper_temperature(z.min(UPPER_Z[UPPER_Z.len() - 1])),
        pressure_pa: ln_p.exp(),
        density_kg_m3: ln_rho.exp(),
        // p/ρ from the logs, so it stays finite where p and ρ underflow.
        speed_of_sound_mps: (GAMMA * (ln_p - ln_rho).exp()).sqrt(),
    }
}

/// The 1976 standard atmosphere at a geometric altitude above mean sea level.
///
/// Valid from −5 km to 1000 km (see the module documentation for the model in each band
/// and the behaviour outside it). Never panics; finite input gives finite output.
pub fn us_standard_1976(geometric_altitude: Length) -> AtmosphereSample {
    let z = geometric_altitude.si();
    if z.is_nan() {
        return AtmosphereSample {
            temperature_k: f64::NAN,
            pressure_pa: f64::NAN,
            density_kg_m3: f64::NAN,
            speed_of_sound_mps: f64::NAN,
        };
    }
    let z = z.max(Z_MIN);
    if z < Z_86 {
        lower_atmosphere(z)
    } else {
        upper_atmosphere(z)
    }
}

/// Density (kg/m³) and speed of sound (m/s) only, for the integrators' inner loop: the
/// same model as [`us_standard_1976`] without the work for pressure (below 86 km, the
/// density from [`DENSITY_TABLE`] and the speed of sound from the layer's temperature).
#[inline]
pub(crate) fn density_and_sound_speed(z: f64) -> (f64, f64) {
    if z.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let z = z.max(Z_MIN);
    if z < Z_86 {
        let (ln_rho, t_m) = DENSITY_TABLE.ln_density_and_temperature(R0_M * z / (R0_M + z));
        (ln_rho.exp(), (GAMMA * R_AIR * t_m).sqrt())
    } else {
        let (ln_p, ln_rho) = upper_logs(z);
        (ln_rho.exp(), GAMMA.sqrt() * (0.5 * (ln_p - ln_rho)).exp())
    }
}

/// Density only (kg/m³), for drag with a constant ballistic coefficient.
///
/// Below 86 km it is read from [`DENSITY_TABLE`], a cubic Hermite interpolant of ln ρ,
/// which agrees with the defining model to a part in 10⁹ (tested below) for a fifth of
/// the cost: this is the innermost call of every flight the threat assessment and the
/// ballistic filter integrate, and the model's `powf` was a sixth of an assessment
/// cycle's time.
#[inline]
pub fn density(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    let z = z.max(Z_MIN);
    if z < Z_86 {
        DENSITY_TABLE.ln_density(R0_M * z / (R0_M + z)).exp()
    } else {
        upper_logs(z).1.exp()
    }
}

/// Knot spacing of [`DENSITY_TABLE`], geopotential metres: it divides every layer base,
/// so no interval straddles a change of lapse rate, where ln ρ has a kink.
const TABLE_STEP_H: f64 = 100.0;
/// The table's first knot, geopotential metres, below the model's lowest altitude
/// (−5 km geometric is −5,004 m').
const TABLE_H_MIN: f64 = -5_100.0;
/// Intervals in the table: up to 85,000 m', above the 84,852 m' of 86 km geometric.
const TABLE_INTERVALS: usize = 901;

/// ln ρ of the defining model against geopotential altitude, as a cubic in each 100 m'
/// interval, fitted to the model's value and slope at both ends (within a layer ln ρ is
/// smooth, and the cubic's error there is below 10⁻¹⁰).
struct DensityTable {
    /// Per interval, the cubic's coefficients in the fraction t ∈ [0, 1] of the way
    /// along it: ln ρ = c₀ + t·(c₁ + t·(c₂ + t·c₃)); then the molecular-scale
    /// temperature, linear within a layer: T_M = c₄ + t·c₅.
    cubics: Vec<[f64; 6]>,
}

impl DensityTable {
    fn build() -> Self {
        let cubics = (0..TABLE_INTERVALS)
            .map(|i| {
                let h0 = TABLE_H_MIN + TABLE_STEP_H * i as f64;
                let h1 = h0 + TABLE_STEP_H;
                // The layer the interval lies in (no interval straddles a base).
                let mid = 0.5 * (h0 + h1);
                let layer = LAYER_BASE_H.iter().rposition(|&hb| mid >= hb).unwrap_or(0);
                let (tb, pb) = LAYER_BASES[layer];
                let lapse = LAYER_LAPSE[layer];
                // ln ρ and its slope d ln ρ / dh = −(g₀M₀/R* + L) / T_M.
                let at = |h: f64| {
                    let (t, p) = layer_state(tb, pb, lapse, h - LAYER_BASE_H[layer]);
                    ((p / (R_AIR * t)).ln(), -(GMR + lapse) / t * TABLE_STEP_H, t)
                };
                let ((y0, d0, t0), (y1, d1, t1)) = (at(h0), at(h1));
                [
                    y0,
                    d0,
                    3.0 * (y1 - y0) - 2.0 * d0 - d1,
                    2.0 * (y0 - y1) + d0 + d1,
                    t0,
                    t1 - t0,
                ]
            })
            .collect();
        DensityTable { cubics }
    }

    /// ln ρ at geopotential altitude `h` (within the table).
    #[inline]
    fn ln_density(&self, h: f64) -> f64 {
        self.ln_density_and_temperature(h).0
    }

    /// ln ρ and the molecular-scale temperature T_M (K) at geopotential altitude `h`.
    #[inline]
    fn ln_density_and_temperature(&self, h: f64) -> (f64, f64) {
        let x = ((h - TABLE_H_MIN) / TABLE_STEP_H).max(0.0);
        let i = (x as usize).min(TABLE_INTERVALS - 1);
        let t = x - i as f64;
        let [c0, c1, c2, c3, t0, dt] = self.cubics[i];
        (c0 + t * (c1 + t * (c2 + t * c3)), t0 + t * dt)
    }
}

/// Built on first use.
static DENSITY_TABLE: LazyLock<DensityTable> = LazyLock::new(DensityTable::build);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_density_table_agrees_with_the_defining_model() {
        // Every 7.3 m from −5 to 86 km geometric, layer bases and all.
        let mut worst: f64 = 0.0;
        let mut z = Z_MIN;
        while z < Z_86 {
            let (t_m, p) = lower_temperature_and_pressure(z);
            let exact = p / (R_AIR * t_m);
            worst = worst.max((density(z) / exact - 1.0).abs());
            z += 7.3;
        }
        for hb in LAYER_BASE_H {
            let z = R0_M * hb / (R0_M - hb);
            for dz in [-1e-3, 0.0, 1e-3] {
                let (t_m, p) = lower_temperature_and_pressure(z + dz);
                worst = worst.max((density(z + dz) / (p / (R_AIR * t_m)) - 1.0).abs());
            }
        }
        assert!(worst < 1e-9, "worst relative error {worst:e}");
        // The standard's Table I densities, as for the full model.
        for (z, want) in [(0.0, 1.2250), (11_000.0, 0.36480), (30_000.0, 1.8410e-2)] {
            assert!(
                (density(z) / want - 1.0).abs() < 1e-4,
                "{z}: {}",
                density(z)
            );
        }
    }

    fn at(z: f64) -> AtmosphereSample {
        us_standard_1976(Length::metres(z))
    }

    #[test]
    fn layer_base_pressures_match_the_standard() {
        // Standard Table 4 base pressures, Pa.
        let table = [
            101_325.0, 22_632.06, 5_474.889, 868.018_7, 110.906_3, 66.938_87, 3.956_420,
        ];
        for (i, want) in table.iter().enumerate() {
            let got = LAYER_BASES[i].1;
            assert!(
                (got / want - 1.0).abs() < 2e-6,
                "layer {i}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn continuous_at_86_km() {
        let below = at(Z_86 - 1e-6);
        let above = at(Z_86);
        for (a, b) in [
            (below.temperature_k, above.temperature_k),
            (below.pressure_pa, above.pressure_pa),
            (below.density_kg_m3, above.density_kg_m3),
            (below.speed_of_sound_mps, above.speed_of_sound_mps),
        ] {
            assert!((a / b - 1.0).abs() < 1e-6, "{a} vs {b}");
        }
    }

    #[test]
    fn extremes_are_finite() {
        for z in [
            -1e300,
            -1e7,
            -5e3,
            0.0,
            86e3,
            1e6,
            2e6,
            1e9,
            1e300,
            f64::MAX,
        ] {
            let s = at(z);
            for v in [
                s.temperature_k,
                s.pressure_pa,
                s.density_kg_m3,
                s.speed_of_sound_mps,
            ] {
                assert!(v.is_finite() && v >= 0.0, "z = {z}: {s:?}");
            }
        }
        assert!(at(f64::INFINITY).density_kg_m3 == 0.0);
        assert!(at(f64::NAN).density_kg_m3.is_nan());
    }

    proptest! {
        #[test]
        fn inner_loop_shortcuts_match_the_public_model(z in -6_000.0..1_200_000.0f64) {
            let s = at(z);
            let (rho, c) = density_and_sound_speed(z);
            // Below 86 km both come from the table (ρ to a part in 10⁹, T_M exactly
            // linear within a layer, to rounding).
            prop_assert!((rho / s.density_kg_m3 - 1.0).abs() < 1e-9);
            prop_assert!((c / s.speed_of_sound_mps - 1.0).abs() < 1e-12);
            // `density` reads ln ρ from its table below 86 km (a part in 10⁹).
            prop_assert!((density(z) / s.density_kg_m3 - 1.0).abs() < 1e-9);
        }

        #[test]
        fn density_and_pressure_fall_with_altitude(z in -5_000.0..1_200_000.0f64, dz in 1.0..50_000.0f64) {
            let (lo, hi) = (at(z), at(z + dz));
            prop_assert!(hi.density_kg_m3 < lo.density_kg_m3);
            prop_assert!(hi.pressure_pa < lo.pressure_pa);
        }

        #[test]
        fn finite_everywhere(z in -1e8..1e8f64) {
            let s = at(z);
            prop_assert!(s.temperature_k.is_finite() && s.temperature_k > 0.0);
            prop_assert!(s.pressure_pa.is_finite() && s.pressure_pa >= 0.0);
            prop_assert!(s.density_kg_m3.is_finite() && s.density_kg_m3 >= 0.0);
            prop_assert!(s.speed_of_sound_mps.is_finite() && s.speed_of_sound_mps > 0.0);
        }
    }
}
