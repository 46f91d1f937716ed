//! The ASTERIX writer on a real run: every datagram fits and decodes, every plot and
//! track is sent once, north markers keep the radar's scan, and each report comes back
//! as the plot it was.

use std::path::Path;

use tdome_asterix::cat034::MessageType;
use tdome_asterix::plots::SensorRegistry;
use tdome_asterix::writer::{AsterixWriter, MAX_DATAGRAM};
use tdome_asterix::{DataSource, Record, decode_datagram};
use tdome_core::event::{Event, EventSink, Sinks};
use tdome_core::picture::{TrackEstimate, TrackStatus};
use tdome_core::plot::Plot;
use tdome_world::{AsFastAsPossible, Simulation};

/// What the run emitted, to check the datagrams against.
#[derive(Default)]
struct Emitted {
    plots: Vec<Plot>,
    tracks: Vec<TrackEstimate>,
}

impl EventSink for Emitted {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Plot { plot, .. } => self.plots.push((*plot).clone()),
            Event::Track(t) => self.tracks.push((*t).clone()),
            _ => {}
        }
        Ok(())
    }
}

#[test]
fn a_run_on_the_wire() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scenario = tdome_scenario::load(&root.join("scenarios/tests/minimal.toml")).unwrap();
    let mut sim = Simulation::new(&scenario, scenario.seed).unwrap();
    let mut writer = AsterixWriter::new(Vec::<Vec<u8>>::new());
    let mut emitted = Emitted::default();
    {
        let mut sinks = Sinks::new();
        sinks.push(&mut emitted);
        sinks.push(&mut writer);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut |_| {})
            .unwrap();
    }
    let counts = writer.counts();
    let datagrams = writer.into_inner();
    let radar = scenario.sensors[0].data_source;
    let radar = DataSource {
        sac: radar.sac,
        sic: radar.sic,
    };
    let registry = SensorRegistry::new([(
        radar,
        tdome_world::sense::radar::measurement_model(&scenario.sensors[0]),
    )]);
    let (mut reports, mut markers, mut tracks) = (Vec::new(), Vec::new(), Vec::new());
    for d in &datagrams {
        assert!(d.len() <= MAX_DATAGRAM, "a datagram of {} octets", d.len());
        decode_datagram(d, |_, r| match r {
            Record::Cat048(r) => reports.push(r),
            Record::Cat034(m) => markers.push(m),
            Record::Cat062(t) => tracks.push(t),
            Record::Other { .. } => panic!("another category"),
        })
        .unwrap();
    }
    assert_eq!(counts.datagrams as usize, datagrams.len());
    assert_eq!(counts.unencodable, 0);

    // Every plot, once, in order, and back as itself to the fields' resolution.
    assert_eq!(reports.len(), emitted.plots.len());
    assert!(reports.len() > 50, "{} plots", reports.len());
    for (r, p) in reports.iter().zip(&emitted.plots) {
        assert_eq!(r.data_source, radar);
        let back = registry
            .plot(r, scenario.epoch, scenario.epoch.at(p.time))
            .unwrap();
        assert!((back.time - p.time).as_seconds().abs() <= 1.0 / 256.0);
        let (m, b) = (&p.measurement, &back.measurement);
        assert!((m.range.si() - b.range.si()).abs() <= 1852.0 / 512.0 + 1e-9);
        assert!((m.elevation.si() - b.elevation.si()).abs() <= 1e-4);
    }

    // North markers: one per scan, on the scan's start (the radar's first scan at 0 s,
    // 1 s apart), in time order, with the rotation period; none ahead of a later plot.
    assert!(
        markers.len() >= 290,
        "{} markers in a 300 s run",
        markers.len()
    );
    for (k, m) in markers.iter().enumerate() {
        assert_eq!(m.message_type, MessageType::NorthMarker);
        assert_eq!(m.data_source, radar);
        assert_eq!(m.rotation_period_s(), Some(1.0));
        let t = scenario
            .epoch
            .at(tdome_core::SimTime::from_seconds(k as f64));
        assert_eq!(
            m.time_of_day,
            tdome_asterix::utc::time_of_day(t),
            "marker {k}"
        );
    }

    // Every track report, once, in order; TSB on a track's first message only, TSE on
    // its deletion only.
    assert_eq!(tracks.len(), emitted.tracks.len());
    let mut seen = std::collections::HashSet::new();
    for (m, t) in tracks.iter().zip(&emitted.tracks) {
        let bmc = scenario.bmc_data_source;
        assert_eq!(
            m.data_source,
            DataSource {
                sac: bmc.sac,
                sic: bmc.sic
            }
        );
        assert_eq!(m.track_number, Some(t.track.0 as u16));
        let s = m.status.as_ref().unwrap();
        assert_eq!(s.first_message, seen.insert(t.track));
        assert_eq!(s.last_message, t.status == TrackStatus::Deleted);
        assert_eq!(s.tentative, t.status == TrackStatus::Tentative);
    }
    // Confirmed tracks were assessed: their category is in SP.
    assert!(
        tracks
            .iter()
            .filter(|m| !m.status.as_ref().unwrap().tentative)
            .any(|m| m.special.is_some_and(|s| s.category == 1)),
        "the rockets are judged ballistic"
    );
}
