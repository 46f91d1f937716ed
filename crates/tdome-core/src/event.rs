//! Everything observable in a run is an [`Event`]. The engine emits events; sinks
//! (recorders, the summary, later the live stream and protocol writers) subscribe. The
//! engine knows nothing of files or sockets.
//!
//! Events are emitted in a stable order: tick by tick, and within a tick by the phase
//! that produced them (documented in the engine), then by time and id. Plots are emitted
//! when the battle manager takes them, at its cycle, so a plot may follow truth samples
//! of later times; each record carries its own exact time.

use crate::defence::Layer;
use crate::frames::{Ecef, Position, Velocity};
use crate::geodesy::Geodetic;
use crate::ids::{AssetId, BatteryId, DataSourceId, EngagementId, ObjectId, TrackId};
use crate::orders::{OperatorMode, ThreatAssessment};
use crate::picture::TrackEstimate;
use crate::plot::Plot;
use crate::threat::ThreatKind;
use crate::time::{SimDuration, SimTime, UtcTime};
use crate::units::Usd;

/// What kind of physical object a truth record describes.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A threat of the given kind.
    Threat(ThreatKind),
    /// A defending interceptor (or gun burst).
    Interceptor,
}

impl ObjectKind {
    /// The snake-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Threat(k) => k.name(),
            ObjectKind::Interceptor => "interceptor",
        }
    }
}

/// The true state of one object at one time.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TruthSample {
    /// Time of the sample.
    pub time: SimTime,
    /// Which object.
    pub object: ObjectId,
    /// What it is.
    pub kind: ObjectKind,
    /// True position.
    pub position: Position<Ecef>,
    /// True velocity, ECEF (Earth-fixed) axes.
    pub velocity: Velocity<Ecef>,
}

/// How an engagement stands.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EngagementOutcome {
    /// The interceptor left the launcher.
    Launched,
    /// The target was destroyed.
    Kill,
    /// A target was within the homing basket but survived the kill draw.
    Miss,
    /// No live threat was within the homing basket at intercept time (the track was too
    /// far off, or the target was already gone).
    NoTarget,
    /// The target was destroyed at this very instant by another interceptor of the same
    /// salvo.
    TargetDestroyed,
    /// Withdrawn before launch: the target was predicted to come down before the
    /// intercept. The round stays on its launcher.
    Cancelled,
    /// The battery refused the order: it had no round or no free fire channel when the
    /// order arrived. Nothing flies, and the battle manager is told.
    Refused,
}

impl EngagementOutcome {
    /// The snake-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            EngagementOutcome::Launched => "launched",
            EngagementOutcome::Kill => "kill",
            EngagementOutcome::Miss => "miss",
            EngagementOutcome::NoTarget => "no_target",
            EngagementOutcome::TargetDestroyed => "target_destroyed",
            EngagementOutcome::Cancelled => "cancelled",
            EngagementOutcome::Refused => "refused",
        }
    }
}

/// A step in the life of an engagement: its launch, then its resolution.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EngagementRecord {
    /// When this step happened.
    pub time: SimTime,
    /// Which engagement.
    pub engagement: EngagementId,
    /// The firing battery.
    pub battery: BatteryId,
    /// Catalogue name of the interceptor type.
    pub interceptor_type: String,
    /// The track it was fired at.
    pub track: TrackId,
    /// The true threat: at launch, the one nearest the track (scoring only); at
    /// resolution, the one the interceptor met, if any.
    pub threat_object: Option<ObjectId>,
    /// Planned time of intercept.
    pub intercept_time: SimTime,
    /// How it stands.
    pub outcome: EngagementOutcome,
    /// Cost of the round (charged at launch; repeated on the resolution record).
    pub cost: Usd,
    /// On the resolution record: the miss distance (a guided missile's at its closest
    /// approach; a gun burst's, from its aim point to the nearest live threat);
    /// `None` at launch, or when there was no threat to miss.
    pub miss_distance: Option<crate::units::Length>,
    /// On the resolution record: where it was aimed at the end (a homing missile's
    /// threat at the closest approach, else the last uplinked aim point); `None` at
    /// launch.
    pub aim_point: Option<crate::frames::Position<crate::frames::Ecef>>,
    /// On the launch (and refused) record: why the battle manager ordered it.
    pub explanation: Option<std::sync::Arc<crate::orders::OrderExplanation>>,
}

/// An object coming into being: a threat's launch or an interceptor's.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LaunchRecord {
    /// Its state at launch.
    pub sample: TruthSample,
    /// Catalogue name of its type.
    pub type_name: String,
}

/// A threat reaching the ground (or its target).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImpactRecord {
    /// Time of impact.
    pub time: SimTime,
    /// Which object.
    pub object: ObjectId,
    /// What it is.
    pub kind: ThreatKind,
    /// Where it hit.
    pub point: Geodetic,
    /// The defended asset it hit, if any.
    pub asset: Option<AssetId>,
    /// Fraction of that asset's value destroyed by this hit (0 outside assets).
    pub damage: f64,
}

/// A launcher reloaded from its battery's reserve.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReloadRecord {
    /// When the reload was done.
    pub time: SimTime,
    /// Which battery.
    pub battery: BatteryId,
    /// Rounds put on the launcher.
    pub rounds: u32,
    /// Rounds left in the battery's reserve.
    pub reserve_left: u32,
}

/// A defended asset as a run's start describes it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AssetInfo {
    /// Its name in the scenario.
    pub name: String,
    /// Its value (the scenario's own scale).
    pub value: f64,
    /// Its outline, `[lat_deg, lon_deg]` corners in order.
    pub polygon: Vec<[f64; 2]>,
}

/// A radar as a run's start describes it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SensorInfo {
    /// Its name in the scenario.
    pub name: String,
    /// Its site.
    pub site: Geodetic,
    /// When its first scan starts; scans start every `scan_period` from then (the
    /// beam passes the sector start, north for an all-round radar, at each).
    #[serde(default)]
    pub first_scan: SimTime,
    /// Its azimuth sector, start and width clockwise from north; `None`: all round.
    #[serde(default)]
    pub azimuth_sector: Option<(crate::units::Angle, crate::units::Angle)>,
    /// Instrumented range.
    pub max_range: crate::units::Length,
    /// Lowest elevation it looks at.
    pub min_elevation: crate::units::Angle,
    /// Highest elevation it looks at.
    pub max_elevation: crate::units::Angle,
    /// Time between looks at one point of its coverage.
    pub scan_period: SimDuration,
    /// Its ASTERIX data source (SAC/SIC), which its plots carry on the network.
    /// Records written before format 10 have none and read as 0/0.
    #[serde(default)]
    pub data_source: DataSourceId,
}

/// A battery as a run's start describes it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BatteryInfo {
    /// Its name in the scenario.
    pub name: String,
    /// Its layer.
    pub layer: Layer,
    /// Its site.
    pub site: Geodetic,
    /// Catalogue name of its interceptor (or gun, or laser).
    pub interceptor_type: String,
    /// Rounds on its launchers at the start.
    pub rounds: u32,
    /// Rounds in its reserve at the start.
    pub reserve: u32,
    /// Cost of one round.
    pub round_cost: crate::units::Usd,
    /// Its weapon's greatest ground range, as the catalogue gives it.
    pub max_range: crate::units::Length,
    /// Its operator mode at the start.
    pub mode: OperatorMode,
}

/// A raid as a run's start describes it. Its threats are the next `count` object ids
/// after the previous raids' (threat ids are given in raid order from 0).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RaidInfo {
    /// Its name in the scenario.
    pub name: String,
    /// Catalogue name of its threat type.
    pub threat_type: String,
    /// How many threats it launches.
    pub count: u32,
}

/// The first event of every run: what the run is of, so that a sink needs nothing but
/// the event stream. Ids in later events index its lists (sensor `k` is `sensors[k]`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunStart {
    /// Scenario name.
    pub scenario: String,
    /// The run's root seed.
    pub seed: u64,
    /// The UTC instant simulation time zero stands for.
    pub epoch: UtcTime,
    /// Simulated time span.
    pub duration: SimDuration,
    /// World tick.
    pub tick: SimDuration,
    /// Theatre origin.
    pub origin: Geodetic,
    /// Defended assets, by asset id.
    pub assets: Vec<AssetInfo>,
    /// Radars, by sensor id.
    pub sensors: Vec<SensorInfo>,
    /// Batteries, by battery id.
    pub batteries: Vec<BatteryInfo>,
    /// Raids, in file order.
    pub raids: Vec<RaidInfo>,
    /// The battle manager's ASTERIX data source (SAC/SIC), the source of its system
    /// tracks. Records written before format 10 have none and read as 0/0.
    #[serde(default)]
    pub bmc_data_source: DataSourceId,
}

impl Default for RunStart {
    /// A run of nothing: what a sink knows before the run's start reaches it.
    fn default() -> Self {
        RunStart {
            scenario: String::new(),
            seed: 0,
            epoch: UtcTime::DEFAULT_EPOCH,
            duration: SimDuration::ZERO,
            tick: SimDuration::ZERO,
            origin: Geodetic::default(),
            assets: Vec::new(),
            sensors: Vec::new(),
            batteries: Vec::new(),
            raids: Vec::new(),
            bmc_data_source: DataSourceId::default(),
        }
    }
}

impl RunStart {
    /// The name of sensor `id` ("" when the run has none such).
    pub fn sensor_name(&self, id: crate::ids::SensorId) -> &str {
        self.sensors.get(id.index()).map_or("", |s| s.name.as_str())
    }

    /// The name of battery `id` ("" when the run has none such).
    pub fn battery_name(&self, id: BatteryId) -> &str {
        self.batteries
            .get(id.index())
            .map_or("", |b| b.name.as_str())
    }

    /// The name of asset `id` ("" when the run has none such).
    pub fn asset_name(&self, id: AssetId) -> &str {
        self.assets.get(id.index()).map_or("", |a| a.name.as_str())
    }

    /// The raid threat `object` belongs to, when it is a threat.
    pub fn raid_of(&self, object: ObjectId) -> Option<&RaidInfo> {
        let mut first = 0u64;
        for r in &self.raids {
            let next = first + u64::from(r.count);
            if u64::from(object.0) < next {
                return Some(r);
            }
            first = next;
        }
        None
    }
}

/// Who changed a battery's operator mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModeSource {
    /// A change the scenario scheduled (`[[bmc.modes.change]]`).
    Scheduled,
    /// An operator's command during the run (the live picture).
    Operator,
}

/// A battery's operator mode changed, obeyed from the battle manager's next cycle.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModeRecord {
    /// When the change was taken.
    pub time: SimTime,
    /// Which battery.
    pub battery: BatteryId,
    /// Its new mode.
    pub mode: OperatorMode,
    /// Who changed it.
    pub source: ModeSource,
}

/// One observable happening.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
    /// The run begins: emitted once, before anything else.
    RunStart(&'a RunStart),
    /// A threat or interceptor came into being (launch).
    Launch(&'a LaunchRecord),
    /// A periodic truth sample.
    Truth(&'a TruthSample),
    /// A radar plot, with the true object behind it (`None` for clutter). The truth id
    /// is for records and scoring; the battle manager never sees it.
    Plot {
        /// The plot as delivered to the battle manager.
        plot: &'a Plot,
        /// The true object that caused it.
        truth: Option<ObjectId>,
    },
    /// A track state (reported once per battle-manager cycle for each track that
    /// changed).
    Track(&'a TrackEstimate),
    /// A threat assessment of a confirmed track.
    Assessment(&'a ThreatAssessment),
    /// An engagement launched or resolved.
    Engagement(&'a EngagementRecord),
    /// A threat hit the ground.
    Impact(&'a ImpactRecord),
    /// A launcher was reloaded.
    Reload(&'a ReloadRecord),
    /// A battery's operator mode changed.
    Mode(&'a ModeRecord),
}

impl Event<'_> {
    /// The simulation time of the event.
    pub fn time(&self) -> SimTime {
        match self {
            Event::Launch(l) => l.sample.time,
            Event::Truth(t) => t.time,
            Event::Plot { plot, .. } => plot.time,
            Event::Track(t) => t.time,
            Event::Assessment(a) => a.time,
            Event::Engagement(e) => e.time,
            Event::Impact(i) => i.time,
            Event::Reload(r) => r.time,
            Event::Mode(m) => m.time,
            Event::RunStart(_) => SimTime::ZERO,
        }
    }

    /// An owned copy, to keep or to send out of the process.
    pub fn to_owned_event(&self) -> OwnedEvent {
        match *self {
            Event::RunStart(r) => OwnedEvent::RunStart(r.clone()),
            Event::Launch(l) => OwnedEvent::Launch(l.clone()),
            Event::Truth(t) => OwnedEvent::Truth(t.clone()),
            Event::Plot { plot, truth } => OwnedEvent::Plot {
                plot: plot.clone(),
                truth,
            },
            Event::Track(t) => OwnedEvent::Track(Box::new((*t).clone())),
            Event::Assessment(a) => OwnedEvent::Assessment(a.clone()),
            Event::Engagement(e) => OwnedEvent::Engagement(e.clone()),
            Event::Impact(i) => OwnedEvent::Impact(i.clone()),
            Event::Reload(r) => OwnedEvent::Reload(r.clone()),
            Event::Mode(m) => OwnedEvent::Mode(m.clone()),
        }
    }
}

/// An [`Event`] that owns its record: to queue, to keep, or (it is serialisable, tagged
/// by `"event"` in snake case) to send to another process.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum OwnedEvent {
    /// See [`Event::RunStart`].
    RunStart(RunStart),
    /// See [`Event::Launch`].
    Launch(LaunchRecord),
    /// See [`Event::Truth`].
    Truth(TruthSample),
    /// See [`Event::Plot`].
    Plot {
        /// The plot.
        plot: Plot,
        /// The true object behind it.
        truth: Option<ObjectId>,
    },
    /// See [`Event::Track`] (boxed: a track estimate, with its covariances, is the
    /// largest record by far).
    Track(Box<TrackEstimate>),
    /// See [`Event::Assessment`].
    Assessment(ThreatAssessment),
    /// See [`Event::Engagement`].
    Engagement(EngagementRecord),
    /// See [`Event::Impact`].
    Impact(ImpactRecord),
    /// See [`Event::Reload`].
    Reload(ReloadRecord),
    /// See [`Event::Mode`].
    Mode(ModeRecord),
}

impl OwnedEvent {
    /// The borrowed view, to hand to sinks.
    pub fn as_event(&self) -> Event<'_> {
        match self {
            OwnedEvent::RunStart(r) => Event::RunStart(r),
            OwnedEvent::Launch(l) => Event::Launch(l),
            OwnedEvent::Truth(t) => Event::Truth(t),
            OwnedEvent::Plot { plot, truth } => Event::Plot {
                plot,
                truth: *truth,
            },
            OwnedEvent::Track(t) => Event::Track(t),
            OwnedEvent::Assessment(a) => Event::Assessment(a),
            OwnedEvent::Engagement(e) => Event::Engagement(e),
            OwnedEvent::Impact(i) => Event::Impact(i),
            OwnedEvent::Reload(r) => Event::Reload(r),
            OwnedEvent::Mode(m) => Event::Mode(m),
        }
    }
}

/// A subscriber to events. Sinks must not influence the run: they only observe.
pub trait EventSink {
    /// Take one event. An error from a must-succeed sink stops the run after flushing
    /// what was recorded; from a best-effort sink it only stops that sink.
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()>;

    /// Flush buffered output; called at the end of a run and when a run stops early.
    fn finish(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    /// Whether the run may go on without this sink. Recorders are must-succeed (the
    /// default): a record that cannot be written stops the run, so none is silently
    /// incomplete. A live display is best-effort: a viewer that goes away must not stop
    /// the battle.
    fn best_effort(&self) -> bool {
        false
    }
}

/// Fans events out to several sinks in order. A best-effort sink that fails is dropped
/// from the fan-out and its failure kept ([`Sinks::dropped`]); a must-succeed sink's
/// failure is returned.
#[derive(Default)]
pub struct Sinks<'s> {
    sinks: Vec<&'s mut dyn EventSink>,
    /// Per sink: the error that dropped it, for best-effort sinks that failed.
    failed: Vec<Option<std::io::Error>>,
}

impl<'s> Sinks<'s> {
    /// No sinks.
    pub fn new() -> Self {
        Sinks::default()
    }

    /// Add a sink.
    pub fn push(&mut self, sink: &'s mut dyn EventSink) {
        self.sinks.push(sink);
        self.failed.push(None);
    }

    /// The best-effort sinks dropped so far, by their index in push order, with why.
    pub fn dropped(&self) -> impl Iterator<Item = (usize, &std::io::Error)> {
        self.failed
            .iter()
            .enumerate()
            .filter_map(|(k, e)| e.as_ref().map(|e| (k, e)))
    }
}

impl EventSink for Sinks<'_> {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        for (s, failed) in self.sinks.iter_mut().zip(self.failed.iter_mut()) {
            if failed.is_some() {
                continue;
            }
            if let Err(e) = s.on_event(event) {
                if s.best_effort() {
                    *failed = Some(e);
                } else {
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        // Finish every sink even if one fails, so nothing already recorded is lost.
        let mut first_err = None;
        for (s, failed) in self.sinks.iter_mut().zip(self.failed.iter_mut()) {
            if failed.is_some() {
                continue;
            }
            if let Err(e) = s.finish() {
                if s.best_effort() {
                    *failed = Some(e);
                } else {
                    first_err.get_or_insert(e);
                }
            }
        }
        first_err.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts events; fails from the `fail_at`-th on.
    struct Counting {
        seen: usize,
        fail_at: usize,
        best_effort: bool,
    }

    impl EventSink for Counting {
        fn on_event(&mut self, _: &Event<'_>) -> std::io::Result<()> {
            self.seen += 1;
            if self.seen >= self.fail_at {
                return Err(std::io::Error::other("gone"));
            }
            Ok(())
        }
        fn best_effort(&self) -> bool {
            self.best_effort
        }
    }

    fn reload(k: u32) -> ReloadRecord {
        ReloadRecord {
            time: SimTime::from_seconds(f64::from(k)),
            battery: BatteryId(0),
            rounds: k,
            reserve_left: 0,
        }
    }

    #[test]
    fn a_failed_best_effort_sink_is_dropped_and_the_rest_go_on() {
        let mut viewer = Counting {
            seen: 0,
            fail_at: 2,
            best_effort: true,
        };
        let mut recorder = Counting {
            seen: 0,
            fail_at: usize::MAX,
            best_effort: false,
        };
        {
            let mut sinks = Sinks::new();
            sinks.push(&mut viewer);
            sinks.push(&mut recorder);
            for k in 0..5 {
                sinks
                    .on_event(&Event::Reload(&reload(k)))
                    .expect("the run goes on");
            }
            sinks.finish().expect("finish");
            let dropped: Vec<usize> = sinks.dropped().map(|(k, _)| k).collect();
            assert_eq!(dropped, vec![0]);
        }
        assert_eq!(viewer.seen, 2, "not called again after it failed");
        assert_eq!(recorder.seen, 5);
    }

    #[test]
    fn a_failed_must_succeed_sink_stops_the_run() {
        let mut recorder = Counting {
            seen: 0,
            fail_at: 3,
            best_effort: false,
        };
        let mut sinks = Sinks::new();
        sinks.push(&mut recorder);
        let results: Vec<bool> = (0..4)
            .map(|k| sinks.on_event(&Event::Reload(&reload(k))).is_ok())
            .collect();
        assert_eq!(results, vec![true, true, false, false]);
    }

    #[test]
    fn owned_events_round_trip_through_json() {
        let events = vec![
            OwnedEvent::Reload(reload(3)),
            OwnedEvent::Mode(ModeRecord {
                time: SimTime::from_seconds(12.5),
                battery: BatteryId(2),
                mode: OperatorMode::Hold,
                source: ModeSource::Operator,
            }),
            OwnedEvent::Truth(TruthSample {
                time: SimTime::from_seconds(1.0),
                object: ObjectId(7),
                kind: ObjectKind::Threat(ThreatKind::Rocket),
                position: Position::from_metres(1.0, 2.0, 3.0),
                velocity: Velocity::from_mps(-4.0, 5.5, 6.25),
            }),
        ];
        for e in events {
            let json = serde_json::to_string(&e).expect("serialise");
            let back: OwnedEvent = serde_json::from_str(&json).expect("deserialise");
            assert_eq!(back, e, "{json}");
            assert_eq!(back.as_event().to_owned_event(), e);
        }
        let json = serde_json::to_string(&OwnedEvent::Reload(reload(1))).expect("json");
        assert!(
            json.starts_with(r#"{"event":"reload","time":1000000000,"#),
            "{json}"
        );
    }

    fn one_radar_run() -> RunStart {
        RunStart {
            scenario: "one radar".to_owned(),
            sensors: vec![SensorInfo {
                name: "radar".to_owned(),
                site: Geodetic::from_degrees(24.0, 121.0, 50.0),
                first_scan: SimTime::ZERO,
                azimuth_sector: None,
                max_range: crate::units::Length::km(80.0),
                min_elevation: crate::units::Angle::degrees(0.0),
                max_elevation: crate::units::Angle::degrees(80.0),
                scan_period: SimDuration::from_seconds(1.0),
                data_source: DataSourceId { sac: 25, sic: 1 },
            }],
            bmc_data_source: DataSourceId { sac: 25, sic: 100 },
            ..RunStart::default()
        }
    }

    #[test]
    fn a_run_start_keeps_its_data_sources_through_json() {
        let start = one_radar_run();
        let json = serde_json::to_string(&start).expect("serialise");
        let back: RunStart = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, start);
    }

    #[test]
    fn a_run_start_recorded_before_data_sources_reads_them_as_zero() {
        // A format-9 run_start.json has neither key: drop them from a current one.
        let mut json = serde_json::to_value(one_radar_run()).expect("serialise");
        json.as_object_mut().unwrap().remove("bmc_data_source");
        json["sensors"][0]
            .as_object_mut()
            .unwrap()
            .remove("data_source");
        let back: RunStart = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back.bmc_data_source, DataSourceId::default());
        assert_eq!(back.sensors[0].data_source, DataSourceId::default());
        assert_eq!(back.sensors[0].name, "radar");
    }
}
