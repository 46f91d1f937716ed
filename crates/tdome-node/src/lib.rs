//! tdome as a node of a real network: the battle manager on live EUROCONTROL ASTERIX
//! plots (`tdome bmc`).
//!
//! - [`intake`]: datagrams to plots, through the scenario's radars by SAC/SIC, with
//!   every fault of live input counted;
//! - [`live`]: the battle manager of the simulator, cycling on the wall clock or on the
//!   data's own time;
//! - [`service`]: the sockets, the receiving thread and the orders written as JSON
//!   lines.
//!
//! The battle manager is the very one the simulator runs (tdome-bmc): pure, plots in and
//! picture and orders out. Only the way plots reach it differs.

pub mod intake;
pub mod live;
pub mod service;
