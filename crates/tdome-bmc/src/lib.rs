//! # tdome-bmc
//!
//! The battle manager: plots and battery status in; air picture, threat assessments and
//! engagement orders out. It never sees truth, performs no I/O, and is deterministic: the
//! same inputs give the same outputs. The same code runs inside the simulator and, later,
//! against live ASTERIX input.
//!
//! - [`track`]: plots → tracks (Kalman filter, gating, association, initiation, deletion);
//! - [`assess`]: tracks → category, predicted impact, threatened asset, priority;
//! - [`assign`]: assessments + battery status → engagement orders (doctrine, layers);
//! - [`BattleManager`]: one cycle of the chain.

pub mod assess;
pub mod assign;
pub mod battle_manager;
pub mod config;
pub mod lap;
pub mod track;

pub use battle_manager::{BattleManager, StepOutput};
pub use config::BmcConfig;
