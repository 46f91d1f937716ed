//! [`AsterixWriter`]: the simulator's radars and battle manager on the network, as an
//! event sink beside the recorders. Radars send CAT048 plots and CAT034 service
//! messages; the battle manager sends CAT062 system tracks.
//!
//! Each radar sends its own datagrams (one data block each, at most
//! [`MAX_DATAGRAM`] octets), as each real radar does; the battle manager sends its own.
//! Datagrams leave in event order: a battle-manager cycle's plots when its tracks come
//! out, its tracks once its assessments (which give their category) are done.
//!
//! A radar sends a north marker (CAT034 message type 1) each time its beam passes north
//! — for a sector radar, a sector crossing (type 2) at each scan's start — with its
//! rotation period. Markers go out in time order with the radar's plots: before the first
//! plot at or after them, or, for a radar that sees nothing, once a scan has passed (and
//! to the end of the run when it finishes).
//!
//! The writer is best-effort: a network failure stops it, never the run.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use tdome_core::event::{Event, EventSink, RunStart};
use tdome_core::ids::TrackId;
use tdome_core::picture::{TrackEstimate, TrackStatus};
use tdome_core::plot::Plot;
use tdome_core::threat::TargetCategory;
use tdome_core::{SimDuration, SimTime, UtcTime};

use crate::cat034::{Cat034Record, MessageType};
use crate::common::DataSource;
use crate::plane::SystemPlane;
use crate::plots::plot_report;
use crate::tracks::track_message;
use crate::transport::Datagrams;
use crate::uap::BlockWriter;
use crate::utc::time_of_day;

/// Largest datagram sent: an Ethernet MTU less IP and UDP headers, with margin for
/// tunnels.
pub const MAX_DATAGRAM: usize = 1_400;

/// What the writer has sent and skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriterCounts {
    /// Datagrams sent.
    pub datagrams: u64,
    /// CAT048 target reports sent.
    pub plots: u64,
    /// CAT034 service messages sent.
    pub service_messages: u64,
    /// CAT062 track messages sent.
    pub tracks: u64,
    /// Plots or tracks beyond every field that could carry them, not sent.
    pub unencodable: u64,
}

/// One radar's timing and identity.
#[derive(Clone, Debug)]
struct Radar {
    source: DataSource,
    first_scan: SimTime,
    period: SimDuration,
    /// Sector start, degrees clockwise from north; `None` for an all-round radar.
    sector_start_deg: Option<f64>,
    /// The next scan whose marker is unsent.
    next_scan: i64,
    /// Encoded CAT048/CAT034 records waiting for a datagram, by category.
    pending_plots: Vec<u8>,
}

/// The ASTERIX writer: see the module documentation.
pub struct AsterixWriter<D: Datagrams> {
    out: D,
    epoch: UtcTime,
    plane: Option<Arc<SystemPlane>>,
    bmc: DataSource,
    radars: Vec<Radar>,
    pending_tracks: Vec<TrackEstimate>,
    categories: HashMap<TrackId, TargetCategory>,
    sent: HashMap<TrackId, ()>,
    counts: WriterCounts,
    scratch: Vec<u8>,
    /// The run's end: radars keep turning until then.
    end: SimTime,
}

impl<D: Datagrams> AsterixWriter<D> {
    /// A writer sending to `out`; it learns the radars from the run's start.
    pub fn new(out: D) -> Self {
        AsterixWriter {
            out,
            epoch: UtcTime::DEFAULT_EPOCH,
            plane: None,
            bmc: DataSource { sac: 0, sic: 0 },
            radars: Vec::new(),
            pending_tracks: Vec::new(),
            categories: HashMap::new(),
            sent: HashMap::new(),
            counts: WriterCounts::default(),
            scratch: Vec::new(),
            end: SimTime::ZERO,
        }
    }

    /// Send what is queued: the plots and tracks of the events so far. (`finish` also
    /// sends the radars' markers to the run's end; a writer fed only tracks, as the live
    /// battle manager's, flushes with this after each cycle.)
    pub fn flush(&mut self) -> io::Result<()> {
        self.flush_plots()?;
        self.flush_tracks()
    }

    /// What has been sent so far.
    pub fn counts(&self) -> WriterCounts {
        self.counts
    }

    /// The datagram sink (to read a memory sink's datagrams back).
    pub fn into_inner(self) -> D {
        self.out
    }

    fn start(&mut self, start: &RunStart) {
        self.epoch = start.epoch;
        self.end = SimTime::ZERO + start.duration;
        self.plane = Some(Arc::new(SystemPlane::at(start.origin)));
        self.bmc = source_of(start.bmc_data_source);
        self.radars = start
            .sensors
            .iter()
            .map(|s| Radar {
                source: source_of(s.data_source),
                first_scan: s.first_scan,
                period: s.scan_period,
                sector_start_deg: s.azimuth_sector.map(|(start, _)| start.as_degrees()),
                next_scan: 0,
                pending_plots: Vec::new(),
            })
            .collect();
        for r in &mut self.radars {
            // Markers start with the first scan at or after time zero.
            let period = r.period.as_nanos().max(1);
            r.next_scan = (-r.first_scan.as_nanos()).div_euclid(period).max(0)
                + i64::from((-r.first_scan.as_nanos()).rem_euclid(period) != 0);
        }
    }

    /// Send one datagram of category `category` holding `records`.
    fn send_block(&mut self, category: u8, records: &[u8]) -> io::Result<()> {
        self.scratch.clear();
        let mut block = BlockWriter::new(&mut self.scratch, category);
        block.out().extend_from_slice(records);
        if block.finish().is_some() {
            self.out.send(&self.scratch)?;
            self.counts.datagrams += 1;
        }
        Ok(())
    }

    /// Queue one encoded record of radar `i`; send what was queued first if it would
    /// overflow a datagram. CAT034 and CAT048 share the queue only in order: a change of
    /// category sends what was queued.
    fn queue(&mut self, i: usize, category: u8, record: &[u8]) -> io::Result<()> {
        let pending = &self.radars[i].pending_plots;
        let queued_category = pending.first().copied();
        if !pending.is_empty()
            && (queued_category != Some(category) || pending.len() + record.len() > MAX_DATAGRAM)
        {
            self.flush_radar(i)?;
        }
        let pending = &mut self.radars[i].pending_plots;
        if pending.is_empty() {
            pending.push(category);
        }
        pending.extend_from_slice(record);
        Ok(())
    }

    fn flush_radar(&mut self, i: usize) -> io::Result<()> {
        let pending = std::mem::take(&mut self.radars[i].pending_plots);
        if let Some((&category, records)) = pending.split_first() {
            self.send_block(category, records)?;
        }
        Ok(())
    }

    /// Queue radar `i`'s markers up to time `until`.
    fn markers_until(&mut self, i: usize, until: SimTime) -> io::Result<()> {
        loop {
            let r = &self.radars[i];
            let at = r.first_scan + r.period.times(r.next_scan);
            if at > until {
                return Ok(());
            }
            let (kind, sector) = match r.sector_start_deg {
                None => (MessageType::NorthMarker, None),
                Some(start) => (
                    MessageType::SectorCrossing,
                    Some(
                        ((start / Cat034Record::SECTOR_LSB_DEG)
                            .round()
                            .rem_euclid(256.0)) as u8,
                    ),
                ),
            };
            let message = Cat034Record {
                sector_number: sector,
                rotation_period: Cat034Record::rotation_period_from_s(r.period.as_seconds()).ok(),
                ..Cat034Record::new(r.source, kind, time_of_day(self.epoch.at(at)))
            };
            self.radars[i].next_scan += 1;
            let mut bytes = Vec::with_capacity(16);
            message.encode(&mut bytes);
            self.queue(i, crate::cat034::CATEGORY, &bytes)?;
            self.counts.service_messages += 1;
        }
    }

    fn plot(&mut self, plot: &Plot) -> io::Result<()> {
        let i = plot.sensor.index();
        if i >= self.radars.len() {
            return Ok(());
        }
        self.markers_until(i, plot.time)?;
        match plot_report(plot, self.radars[i].source, self.epoch) {
            Ok(report) => {
                let mut bytes = Vec::with_capacity(40);
                report.encode(&mut bytes);
                self.queue(i, crate::cat048::CATEGORY, &bytes)?;
                self.counts.plots += 1;
            }
            Err(_) => self.counts.unencodable += 1,
        }
        Ok(())
    }

    fn flush_plots(&mut self) -> io::Result<()> {
        for i in 0..self.radars.len() {
            self.flush_radar(i)?;
        }
        Ok(())
    }

    fn flush_tracks(&mut self) -> io::Result<()> {
        let Some(plane) = self.plane.clone() else {
            return Ok(());
        };
        let tracks = std::mem::take(&mut self.pending_tracks);
        let mut records = Vec::new();
        for t in &tracks {
            let first = self.sent.insert(t.track, ()).is_none();
            let category = self.categories.get(&t.track).copied();
            match track_message(t, self.bmc, &plane, self.epoch, first, category) {
                Ok(m) => {
                    let mut bytes = Vec::with_capacity(64);
                    m.encode(&mut bytes);
                    if !records.is_empty() && records.len() + bytes.len() + 3 > MAX_DATAGRAM {
                        self.send_block(crate::cat062::CATEGORY, &records)?;
                        records.clear();
                    }
                    records.extend_from_slice(&bytes);
                    self.counts.tracks += 1;
                }
                Err(_) => self.counts.unencodable += 1,
            }
            if t.status == TrackStatus::Deleted {
                self.sent.remove(&t.track);
                self.categories.remove(&t.track);
            }
        }
        if !records.is_empty() {
            self.send_block(crate::cat062::CATEGORY, &records)?;
        }
        Ok(())
    }

    /// Markers of radars that have gone a scan without a plot.
    fn markers_of_quiet_radars(&mut self, now: SimTime) -> io::Result<()> {
        for i in 0..self.radars.len() {
            let lag = self.radars[i].period;
            self.markers_until(i, now - lag)?;
        }
        Ok(())
    }
}

fn source_of(id: tdome_core::ids::DataSourceId) -> DataSource {
    DataSource {
        sac: id.sac,
        sic: id.sic,
    }
}

impl<D: Datagrams> EventSink for AsterixWriter<D> {
    fn on_event(&mut self, event: &Event<'_>) -> io::Result<()> {
        match event {
            Event::RunStart(start) => self.start(start),
            Event::Plot { plot, .. } => self.plot(plot)?,
            Event::Track(t) => {
                // The cycle's plots are all in: send them before its tracks.
                self.flush_plots()?;
                self.pending_tracks.push((*t).clone());
            }
            Event::Assessment(a) => {
                self.categories.insert(a.track, a.category);
            }
            other => {
                self.flush_plots()?;
                self.flush_tracks()?;
                self.markers_of_quiet_radars(other.time())?;
                self.flush_plots()?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.flush_plots()?;
        self.flush_tracks()?;
        // The radars turned to the end of the run, whatever happened last.
        for i in 0..self.radars.len() {
            self.markers_until(i, self.end)?;
        }
        self.flush_plots()
    }

    fn best_effort(&self) -> bool {
        true
    }
}
