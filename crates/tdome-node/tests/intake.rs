//! The intake's policy, case by case: every way live input falls short is counted, and
//! only what the battle manager can use reaches it.

use std::sync::Arc;

use tdome_asterix::cat034::{Cat034Record, MessageType};
use tdome_asterix::cat062::Cat062Record;
use tdome_asterix::plots::{SensorRegistry, plot_report};
use tdome_asterix::utc::time_of_day;
use tdome_asterix::{BlockWriter, DataSource};
use tdome_core::ids::SensorId;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::{Angle, EnuFrame, Geodetic, Length, RangeAzEl, SimDuration, SimTime, UtcTime};
use tdome_node::intake::{IntakeCounts, IntakePolicy, PlotIntake};

const RADAR: DataSource = DataSource { sac: 25, sic: 1 };

fn model() -> Arc<CartesianToRangeAzimuthElevation> {
    Arc::new(CartesianToRangeAzimuthElevation {
        sensor: SensorId(0),
        site: EnuFrame::at(Geodetic::from_degrees(24.0, 121.0, 10.0)),
        sigma_range: Length::metres(20.0),
        sigma_azimuth: Angle::degrees(0.2),
        sigma_elevation: Angle::degrees(0.2),
        sigma_range_rate: None,
        scan_period: SimDuration::from_seconds(1.0),
    })
}

fn epoch() -> UtcTime {
    UtcTime::parse_rfc3339("2026-06-01T00:00:00Z").unwrap()
}

fn plot(t: f64, range_m: f64) -> Plot {
    Plot {
        time: SimTime::from_seconds(t),
        sensor: SensorId(0),
        measurement: RangeAzEl {
            range: Length::metres(range_m),
            azimuth: Angle::degrees(30.0),
            elevation: Angle::degrees(5.0),
        },
        range_rate: None,
        model: model(),
    }
}

/// One CAT048 datagram of `plots`, from `source`.
fn datagram(source: DataSource, plots: &[Plot]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut block = BlockWriter::new(&mut out, 48);
    for p in plots {
        plot_report(p, source, epoch()).unwrap().encode(block.out());
    }
    block.finish().unwrap();
    out
}

fn intake() -> PlotIntake {
    PlotIntake::new(
        SensorRegistry::new([(RADAR, model())]),
        epoch(),
        IntakePolicy {
            stale_after: SimDuration::from_seconds(10.0),
            max_skew: SimDuration::from_seconds(2.0),
        },
    )
}

/// The receiver's clock at simulation time `t`.
fn at(t: f64) -> UtcTime {
    epoch().at(SimTime::from_seconds(t))
}

#[test]
fn each_fault_is_counted_and_only_usable_plots_pass() {
    let mut i = intake();
    let mut out = Vec::new();
    // Two good plots, then the same datagram again (a duplicate path on the network).
    let good = datagram(RADAR, &[plot(100.0, 20_000.0), plot(100.5, 21_000.0)]);
    i.take(&good, at(100.6), &mut out);
    i.take(&good, at(100.7), &mut out);
    // From a radar nobody configured.
    i.take(
        &datagram(DataSource { sac: 9, sic: 9 }, &[plot(101.0, 5_000.0)]),
        at(101.1),
        &mut out,
    );
    // Out of order: older than the last taken, passed on.
    i.take(
        &datagram(RADAR, &[plot(100.2, 22_000.0)]),
        at(101.2),
        &mut out,
    );
    // Stale: 30 s old. From the future: 5 s ahead.
    i.take(
        &datagram(RADAR, &[plot(71.0, 23_000.0)]),
        at(101.3),
        &mut out,
    );
    i.take(
        &datagram(RADAR, &[plot(106.5, 24_000.0)]),
        at(101.4),
        &mut out,
    );
    // A 2D radar's report: no SP, no height.
    let mut report = plot_report(&plot(101.5, 25_000.0), RADAR, epoch()).unwrap();
    report.special = None;
    report.height_3d = None;
    let mut flat = Vec::new();
    let mut block = BlockWriter::new(&mut flat, 48);
    report.encode(block.out());
    block.finish().unwrap();
    i.take(&flat, at(101.6), &mut out);
    // A good plot followed by garbage in the same datagram: the plot is kept.
    let mut broken = datagram(RADAR, &[plot(102.0, 26_000.0)]);
    broken.extend_from_slice(&[48, 0, 200, 0xFF]);
    i.take(&broken, at(102.1), &mut out);
    // A track message and a north marker.
    let mut other = Vec::new();
    let mut block = BlockWriter::new(&mut other, 62);
    Cat062Record::new(DataSource { sac: 25, sic: 100 }, time_of_day(at(102.0))).encode(block.out());
    block.finish().unwrap();
    i.take(&other, at(102.2), &mut out);
    let mut marker = Vec::new();
    let mut block = BlockWriter::new(&mut marker, 34);
    Cat034Record::new(RADAR, MessageType::NorthMarker, time_of_day(at(103.0))).encode(block.out());
    block.finish().unwrap();
    i.take(&marker, at(103.1), &mut out);

    assert_eq!(
        i.counts(),
        IntakeCounts {
            datagrams: 10,
            malformed: 1,
            reports: 10,
            plots: 4,
            service_messages: 1,
            other_records: 1,
            unknown_source: 1,
            not_plots: 1,
            duplicates: 2,
            out_of_order: 1,
            stale: 1,
            from_the_future: 1,
            dropped_in_burst: 0,
        }
    );
    let times: Vec<f64> = out.iter().map(|p| p.time.as_seconds()).collect();
    assert_eq!(
        times,
        [100.0, 100.5, 100.203125, 102.0],
        "100.2 s at 1/128 s"
    );
    // The north marker carried the data's clock past the last plot.
    assert_eq!(i.data_time(), Some(SimTime::from_seconds(103.0)));
}

#[test]
fn a_report_near_midnight_takes_the_day_nearest_the_receivers_clock() {
    let mut i = intake();
    let mut out = Vec::new();
    // The epoch is midnight: a plot illuminated at 23:59:59.5 the day before (time of
    // day 86,399.5 s) and received just after midnight is 0.5 s before the epoch, not
    // a day later.
    let p = plot(-0.5, 10_000.0);
    i.take(&datagram(RADAR, &[p]), at(0.2), &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].time, SimTime::from_seconds(-0.5));
}
