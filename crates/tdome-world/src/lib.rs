//! # tdome-world
//!
//! The simulated truth around the battle manager, and the engine that steps both:
//!
//! - [`raid`]: raids → planned threats (launch times, points, aims, launch solutions);
//! - [`flight`]: threats fly (ballistic physics; cruise-missile and drone routes);
//! - [`sense`]: radars turn truth into plots;
//! - [`engage`]: interceptor flyout and kill resolution;
//! - [`engine`]: the deterministic tick loop, clocks, and events to sinks;
//! - [`summary`]: the end-of-run tally.
//!
//! The battle manager (`tdome-bmc`) sees only the plots and battery status the engine
//! hands it; truth stays here.

pub mod engage;
pub mod engine;
pub mod flight;
pub mod raid;
pub mod sense;
pub mod summary;

pub use engine::clock::{AsFastAsPossible, Clock, ClockControl, WallClock};
pub use engine::{RunStats, Simulation, SimulationError};
pub use summary::RunSummary;
