//! # tdome-live
//!
//! The live common operational picture: `tdome serve`.
//!
//! - [`picture`]: the state a viewer sees, kept from the engine's events (a sink like
//!   the recorders), and the keyframes and deltas that carry it;
//! - [`protocol`]: the WebSocket messages, and the validation of every viewer command;
//! - [`hub`]: the viewers' bounded queues, so that no viewer can slow the simulation;
//! - [`server`]: the embedded page's files and one WebSocket per viewer;
//! - [`live`]: a run under the wall clock, with the operators' commands;
//! - [`replay`]: a run's records played back, with seeking.
//!
//! The engine knows nothing of this crate: it emits events, and the picture is one of
//! their sinks. The protocol and the page are documented in `docs/live.md`.

pub mod external;
pub mod hub;
pub mod live;
pub mod picture;
pub mod protocol;
pub mod replay;
pub mod server;

pub use live::{ServeError, ServeOptions, ServeReport, Serving, serve};
