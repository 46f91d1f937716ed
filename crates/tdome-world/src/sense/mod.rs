//! **sense**: radars turn truth into plots.

pub mod detection;
pub mod radar;
