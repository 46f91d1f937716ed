//! # tdome-physics
//!
//! Physics that both the world (which flies threats) and the battle manager (which
//! predicts them) use, so that prediction and truth rest on the same models:
//!
//! - [`atmosphere`]: US Standard Atmosphere 1976;
//! - [`gravity`]: WGS-84 J2 gravity in the rotating Earth frame, and normal gravity;
//! - [`aero`]: Mach-dependent drag;
//! - [`state`]: the ECEF state vector and its interpolation;
//! - [`ballistic`]: powered and coasting point-mass flight, launch solutions, impact
//!   prediction.
//!
//! No I/O, no randomness.

pub mod aero;
pub mod atmosphere;
pub mod ballistic;
pub mod gravity;
pub mod state;

pub use state::EcefState;
