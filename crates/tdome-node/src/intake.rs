//! Live input is messy: plots arrive late, twice, out of order, from radars nobody
//! configured, in bursts, or as garbage. [`PlotIntake`] turns datagrams into plots for
//! the battle manager, and counts every way a datagram or report fell short; nothing it
//! receives can stop it.
//!
//! Its policy, case by case:
//! - a malformed datagram: counted, dropped whole from the first bad octet (the records
//!   before it are kept);
//! - a report from a SAC/SIC no radar of the scenario has: counted, dropped;
//! - a report that is not a 3D plot (no position, or a 2D radar's): counted, dropped;
//! - an exact duplicate of a report already taken (same radar, time, measurement):
//!   counted, dropped;
//! - a report older than the last one taken from its radar (out of order): counted, and
//!   passed on: the tracker's own out-of-sequence policy (its reorder window) decides;
//! - a report older than the stale limit, or stamped ahead of the receiver's clock by
//!   more than the allowed skew: counted, dropped;
//! - datagrams beyond the receive queue in a burst: counted by the receiver, dropped.

use std::collections::{HashMap, HashSet, VecDeque};

use tdome_asterix::cat034::MessageType;
use tdome_asterix::plots::{PlotError, SensorRegistry};
use tdome_asterix::utc::utc_near;
use tdome_asterix::{Record, decode_datagram};
use tdome_core::ids::SensorId;
use tdome_core::plot::Plot;
use tdome_core::{SimDuration, SimTime, UtcTime};

/// Counts of everything the intake received and what became of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IntakeCounts {
    /// Datagrams received.
    pub datagrams: u64,
    /// Datagrams with a malformed block or record (their earlier records kept).
    pub malformed: u64,
    /// CAT048 target reports received.
    pub reports: u64,
    /// Reports taken as plots.
    pub plots: u64,
    /// CAT034 service messages received (north markers and sector crossings).
    pub service_messages: u64,
    /// Records of other categories (CAT062 tracks, ...), ignored.
    pub other_records: u64,
    /// Reports from a SAC/SIC no radar of the scenario has.
    pub unknown_source: u64,
    /// Reports that are not 3D plots.
    pub not_plots: u64,
    /// Exact duplicates of reports already taken.
    pub duplicates: u64,
    /// Reports older than the last taken from their radar (passed on).
    pub out_of_order: u64,
    /// Reports older than the stale limit (dropped).
    pub stale: u64,
    /// Reports stamped ahead of the receiver's clock (dropped).
    pub from_the_future: u64,
    /// Datagrams dropped by the receiver because its queue was full (a burst).
    pub dropped_in_burst: u64,
}

/// How old a plot may be when it arrives, and how far ahead of the clock.
#[derive(Clone, Copy, Debug)]
pub struct IntakePolicy {
    /// A plot older than this when received is dropped as stale.
    pub stale_after: SimDuration,
    /// A plot stamped more than this ahead of the receiver's clock is dropped.
    pub max_skew: SimDuration,
}

/// A radar's last plot, and the identities of recent reports for duplicate detection.
#[derive(Debug, Default)]
struct RadarHistory {
    last: Option<SimTime>,
    recent: VecDeque<(SimTime, u64)>,
    seen: HashSet<(SimTime, u64)>,
}

/// How many reports per radar are remembered for duplicate detection: several scans of
/// a dense raid.
const DUPLICATE_MEMORY: usize = 4_096;

/// Datagrams in, plots out: see the module documentation.
#[derive(Debug)]
pub struct PlotIntake {
    registry: SensorRegistry,
    epoch: UtcTime,
    policy: IntakePolicy,
    history: HashMap<SensorId, RadarHistory>,
    counts: IntakeCounts,
    /// The latest report or service-message time seen from any known radar: how far
    /// the data have got, for a battle manager on the data's own clock.
    data_time: Option<SimTime>,
}

impl PlotIntake {
    /// An intake for the radars of `registry`, simulation time zero being `epoch`.
    pub fn new(registry: SensorRegistry, epoch: UtcTime, policy: IntakePolicy) -> Self {
        PlotIntake {
            registry,
            epoch,
            policy,
            history: HashMap::new(),
            counts: IntakeCounts::default(),
            data_time: None,
        }
    }

    /// What has been counted.
    pub fn counts(&self) -> IntakeCounts {
        self.counts
    }

    /// Count datagrams the receiver dropped in a burst.
    pub fn dropped_in_burst(&mut self, n: u64) {
        self.counts.dropped_in_burst += n;
    }

    /// How far the data have got (see [`PlotIntake`]'s `data_time`).
    pub fn data_time(&self) -> Option<SimTime> {
        self.data_time
    }

    /// Take one datagram received at `received` (UTC), pushing its plots onto `plots`.
    /// `now` is the receiver's clock in simulation time, for the stale and skew checks.
    pub fn take(&mut self, datagram: &[u8], received: UtcTime, plots: &mut Vec<Plot>) {
        self.counts.datagrams += 1;
        let now = self.epoch.sim_time_of(received);
        let mut records = Vec::new();
        if decode_datagram(datagram, |_, r| records.push(r)).is_err() {
            self.counts.malformed += 1;
        }
        for record in records {
            match record {
                Record::Cat048(report) => {
                    self.counts.reports += 1;
                    match self.registry.plot(&report, self.epoch, received) {
                        Ok(plot) => self.admit(plot, now, plots),
                        Err(PlotError::UnknownSource(_)) => self.counts.unknown_source += 1,
                        Err(_) => self.counts.not_plots += 1,
                    }
                }
                Record::Cat034(message) => {
                    self.counts.service_messages += 1;
                    let known = self.registry.model(message.data_source).is_some();
                    let marks_time = matches!(
                        message.message_type,
                        MessageType::NorthMarker | MessageType::SectorCrossing
                    );
                    if known && marks_time {
                        let t = self
                            .epoch
                            .sim_time_of(utc_near(message.time_of_day, received));
                        self.advance(t);
                    }
                }
                Record::Cat062(_) | Record::Other { .. } => self.counts.other_records += 1,
            }
        }
    }

    fn advance(&mut self, t: SimTime) {
        if self.data_time.is_none_or(|d| t > d) {
            self.data_time = Some(t);
        }
    }

    fn admit(&mut self, plot: Plot, now: SimTime, plots: &mut Vec<Plot>) {
        if plot.time < now - self.policy.stale_after {
            self.counts.stale += 1;
            return;
        }
        if plot.time > now + self.policy.max_skew {
            self.counts.from_the_future += 1;
            return;
        }
        let h = self.history.entry(plot.sensor).or_default();
        // Identity of a report: its time and measurement as received, bit for bit.
        let m = &plot.measurement;
        let id = m.range.si().to_bits()
            ^ m.azimuth.si().to_bits().rotate_left(21)
            ^ m.elevation.si().to_bits().rotate_left(42);
        if !h.seen.insert((plot.time, id)) {
            self.counts.duplicates += 1;
            return;
        }
        h.recent.push_back((plot.time, id));
        if h.recent.len() > DUPLICATE_MEMORY
            && let Some(old) = h.recent.pop_front()
        {
            h.seen.remove(&old);
        }
        if h.last.is_some_and(|last| plot.time < last) {
            self.counts.out_of_order += 1;
        } else {
            h.last = Some(plot.time);
        }
        self.counts.plots += 1;
        self.advance(plot.time);
        plots.push(plot);
    }
}
