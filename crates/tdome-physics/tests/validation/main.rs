//! Validation of tdome-physics against independent references: published tables, closed
//! forms, conservation laws and published ranges. One test binary; tests named
//! `val_<reference>_*` compare against an outside reference and assert error quantiles.

mod atmosphere;
mod coast;
mod cutoff;
mod exo;
mod flyout;
mod gravity;
mod integrator;
mod interceptor;
mod launch;
mod long_flight;
mod range;
mod shapes;
mod staging;
mod vehicles;

/// The q-quantile (0 ≤ q ≤ 1) of `values` by the nearest-rank method.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// "q50 … q75 … q99 … max" of `values`, for test output.
pub fn quantiles(values: &[f64]) -> String {
    format!(
        "q50 {:.3e}  q75 {:.3e}  q99 {:.3e}  max {:.3e}  (n = {})",
        quantile(values, 0.5),
        quantile(values, 0.75),
        quantile(values, 0.99),
        quantile(values, 1.0),
        values.len()
    )
}
