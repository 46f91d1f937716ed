//! # tdome-core
//!
//! The vocabulary every other tdome crate speaks:
//!
//! - [`time`]: exact integer simulation time and the computed tick;
//! - [`units`], [`frames`], [`geodesy`]: typed quantities, typed frames and WGS-84;
//! - [`area`]: polygons on the ground;
//! - [`nearby`]: which points lie near a point (a k-d tree);
//! - [`ids`], [`rng`]: stable identifiers and per-entity random streams;
//! - [`threat`], [`defence`]: what attacks and what defends;
//! - [`plot`], [`picture`], [`orders`]: the battle manager's inputs and outputs;
//! - [`event`]: everything observable, for sinks.
//!
//! It depends on no other tdome crate, and does no I/O.

pub mod area;
pub mod defence;
pub mod event;
pub mod frames;
pub mod geodesy;
pub mod ids;
pub mod nearby;
pub mod net;
pub mod orders;
pub mod picture;
pub mod plot;
pub mod rng;
pub mod threat;
pub mod time;
pub mod units;

pub use frames::{Acceleration, Displacement, Ecef, Enu, Position, Velocity};
pub use geodesy::{EnuFrame, Geodetic, RangeAzEl};
pub use time::{SimDuration, SimTime, UtcTime};
pub use units::{Angle, Length, Mass, Probability, Speed, Usd};
