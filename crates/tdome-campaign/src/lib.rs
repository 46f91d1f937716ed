//! # tdome-campaign
//!
//! One run is an anecdote; analysts decide from distributions. A campaign runs a
//! scenario many times, each replication with its own seed derived from the root seed
//! and the replication's index alone, so that the results are the same whatever the
//! number of threads or shards. Design and file formats: `docs/campaigns.md`.

pub mod ledger;
pub mod report;
pub mod table;
