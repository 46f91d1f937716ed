//! # tdome-eval
//!
//! How good is a track picture? Pure functions over in-memory truth and track samples,
//! used by `tdome eval` on a run's records and, later, by the simulator's run summary.
//! Definitions, conventions and sources: `docs/metrics.md`.
//!
//! - [`gospa`]: the GOSPA metric at one instant (Stone Soup's split into parts);
//! - [`metrics`]: a run scored instant by instant: GOSPA, RMSE, NEES, id switches, track
//!   breaks, time to confirm, false tracks and missed targets;
//! - [`pcrlb`]: the posterior Cramér–Rao lower bound on position RMSE.

pub mod gospa;
pub mod metrics;
pub mod pcrlb;
pub mod stream;

pub use gospa::{Gospa, GospaInstant};
pub use metrics::{EvalConfig, Report, TrackSample, TruthSample, evaluate};

/// Why metrics could not be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// A parameter is out of its domain.
    #[error("{0}")]
    Parameter(&'static str),
    /// A sample holds a NaN or an infinity (named).
    #[error("non-finite value in {0}")]
    NonFinite(String),
    /// A matrix that must be positive definite is not.
    #[error("numerical failure: {0}")]
    Numerical(&'static str),
}
