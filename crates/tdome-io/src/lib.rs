//! # tdome-io
//!
//! The formats tdome speaks to other tools. Today: the CSV records of a run
//! ([`records`]), a public interface documented in `docs/records.md`, and reading them
//! back ([`read`]), and back into the engine's events for replays ([`replay`]).

pub mod read;
pub mod records;
pub mod replay;

pub use records::{CsvRecorder, MagazineState, RECORD_FILES};
