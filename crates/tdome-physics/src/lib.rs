//! # tdome-physics
//!
//! Physics that both the world (which flies threats) and the battle manager (which
//! predicts them) use, so that prediction and truth rest on the same models:
//!
//! - [`atmosphere`]: US Standard Atmosphere 1976;
//! - [`gravity`]: WGS-84 J2 gravity in the rotating Earth frame, and normal gravity;
//! - [`aero`]: Mach-dependent drag;
//! - [`state`]: the ECEF state vector and its interpolation;
//! - [`dynamics`]: force models and the RK4 integrator and ground-crossing search they
//!   share (including a flat-Earth vacuum model for validation);
//! - [`ballistic`]: powered and coasting point-mass flight (with thrust cut-off), launch
//!   solutions in three trajectory shapes, impact prediction;
//! - [`geodesic`]: distances and azimuths along the WGS-84 ellipsoid;
//! - [`interceptor`]: interceptor flyout under proportional navigation, miss distance at
//!   the closest approach, kill probability against miss, and flyout tables.
//!
//! No I/O, no randomness. The equations, their validation and the measured errors are in
//! `docs/physics.md`.

pub mod aero;
pub mod atmosphere;
pub mod ballistic;
pub mod dynamics;
pub mod geodesic;
pub mod gravity;
pub mod interceptor;
pub mod optics;
pub mod state;

pub use state::EcefState;
