//! Everything observable in a run is an [`Event`]. The engine emits events; sinks
//! (recorders, the summary, later the live stream and protocol writers) subscribe. The
//! engine knows nothing of files or sockets.
//!
//! Events are emitted in a stable order: tick by tick, and within a tick by the phase
//! that produced them (documented in the engine), then by time and id. Plots are emitted
//! when the battle manager takes them, at its cycle, so a plot may follow truth samples
//! of later times; each record carries its own exact time.

use crate::frames::{Ecef, Position, Velocity};
use crate::geodesy::Geodetic;
use crate::ids::{AssetId, BatteryId, EngagementId, ObjectId, TrackId};
use crate::orders::ThreatAssessment;
use crate::picture::TrackEstimate;
use crate::plot::Plot;
use crate::threat::ThreatKind;
use crate::time::SimTime;
use crate::units::Usd;

/// What kind of physical object a truth record describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchRecord {
    /// Its state at launch.
    pub sample: TruthSample,
    /// Catalogue name of its type.
    pub type_name: String,
}

/// A threat reaching the ground (or its target).
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// One observable happening.
#[derive(Clone, Copy, Debug)]
pub enum Event<'a> {
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
        }
    }
}

/// A subscriber to events. Sinks must not influence the run: they only observe.
pub trait EventSink {
    /// Take one event. An error stops the run after flushing what was recorded.
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()>;

    /// Flush buffered output; called at the end of a run and when a run stops early.
    fn finish(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Fans events out to several sinks in order.
#[derive(Default)]
pub struct Sinks<'s> {
    sinks: Vec<&'s mut dyn EventSink>,
}

impl<'s> Sinks<'s> {
    /// No sinks.
    pub fn new() -> Self {
        Sinks { sinks: Vec::new() }
    }

    /// Add a sink.
    pub fn push(&mut self, sink: &'s mut dyn EventSink) {
        self.sinks.push(sink);
    }
}

impl EventSink for Sinks<'_> {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        for s in self.sinks.iter_mut() {
            s.on_event(event)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        // Finish every sink even if one fails, so nothing already recorded is lost.
        let mut first_err = None;
        for s in self.sinks.iter_mut() {
            if let Err(e) = s.finish() {
                first_err.get_or_insert(e);
            }
        }
        first_err.map_or(Ok(()), Err)
    }
}
