//! # tdome-campaign
//!
//! One run is an anecdote; analysts decide from distributions. A campaign runs a
//! scenario many times, each replication with its own seed derived from the root seed
//! and the replication's index alone, so that the results are the same whatever the
//! number of threads or shards. Design and file formats: `docs/campaigns.md`.
//!
//! - [`analysis`]: each variant's figures with intervals, paired comparisons;
//! - [`campaign`]: variants, shards, the parallel runner, provenance;
//! - [`ledger`]: a row per threat and per interceptor of one replication;
//! - [`results`]: the three results tables;
//! - [`table`]: columns and their Parquet files;
//! - [`stats`]: confidence intervals, quantiles, paired differences, convergence;
//! - [`report`]: the offline HTML report.

pub mod analysis;
pub mod campaign;
pub mod ledger;
pub mod merge;
pub mod report;
pub mod results;
pub mod stats;
pub mod table;
