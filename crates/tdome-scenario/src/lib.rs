//! # tdome-scenario
//!
//! Scenario files (TOML) and the catalogue of notional threat and interceptor types:
//! parsing, validation that names the file, line and column of every error, resolution
//! of names into the typed [`model::Scenario`], and the JSON Schema of the format.

pub mod model;

pub use model::Scenario;
