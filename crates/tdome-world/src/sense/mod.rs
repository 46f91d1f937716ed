//! **sense**: radars turn truth into plots.

pub mod radar;
