//! The ledger of one replication: a row per threat and a row per interceptor fired,
//! built as an event sink beside the run summary, from the same events.
//!
//! The summary answers "how many"; the ledger keeps "which": what each threat was, who
//! shot at it and how often, how it ended and where it came down, and what became of
//! every round. These rows are what a campaign's distributions (leakers by type, kill
//! altitudes by layer, impact maps) are computed from.

use std::collections::BTreeMap;

use tdome_core::Geodetic;
use tdome_core::defence::Layer;
use tdome_core::event::{EngagementOutcome, Event, EventSink, ObjectKind, RunStart};
use tdome_core::ids::{EngagementId, ObjectId};

/// How a threat's flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThreatFate {
    /// Destroyed by an interceptor.
    Intercepted,
    /// Came down on a defended asset.
    Leaked,
    /// Came down outside every defended asset.
    FellInOpen,
    /// Still flying when the run ended.
    Airborne,
}

impl ThreatFate {
    /// The snake-case name used in results.
    pub fn name(self) -> &'static str {
        match self {
            ThreatFate::Intercepted => "intercepted",
            ThreatFate::Leaked => "leaked",
            ThreatFate::FellInOpen => "fell_in_open",
            ThreatFate::Airborne => "airborne",
        }
    }
}

/// One threat of one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreatRow {
    /// Its object id (threats are numbered first, in raid order).
    pub threat: u32,
    /// The raid it belongs to (scenario name).
    pub raid: String,
    /// Catalogue type name.
    pub threat_type: String,
    /// Its kind (`srbm`, `rocket`, …).
    pub kind: String,
    /// Launch time, seconds from the start.
    pub launch_time_s: f64,
    /// Interceptors launched at it (the round's target at launch: the true threat
    /// nearest the track it was fired at).
    pub shots: u32,
    /// The layers that fired at it, outermost first, joined by `+` (`upper+middle`);
    /// empty when none did.
    pub engaged_by: String,
    /// How its flight ended.
    pub fate: ThreatFate,
    /// The interceptor type that destroyed it.
    pub killed_by: Option<String>,
    /// The layer of the battery that destroyed it.
    pub kill_layer: Option<Layer>,
    /// When it was destroyed or came down, seconds.
    pub end_time_s: Option<f64>,
    /// Where it came down (ellipsoid latitude, degrees), if it did.
    pub impact_lat_deg: Option<f64>,
    /// Where it came down (longitude, degrees), if it did.
    pub impact_lon_deg: Option<f64>,
    /// The defended asset it hit.
    pub asset_hit: Option<String>,
    /// Fraction of that asset's value its hit destroyed.
    pub damage: f64,
}

/// How an interceptor fired ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundFate {
    /// Resolved, with this outcome (kill, miss, no target, target destroyed).
    Resolved(EngagementOutcome),
    /// Still flying when the run ended.
    InFlight,
}

impl RoundFate {
    /// The snake-case name used in results.
    pub fn name(self) -> &'static str {
        match self {
            RoundFate::Resolved(o) => o.name(),
            RoundFate::InFlight => "in_flight",
        }
    }
}

/// One interceptor (or gun burst) fired in one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct InterceptorRow {
    /// Its engagement id.
    pub engagement: u64,
    /// The firing battery (scenario name).
    pub battery: String,
    /// The battery's layer.
    pub layer: Layer,
    /// Catalogue type name.
    pub interceptor_type: String,
    /// The threat it was fired at (the true threat nearest the track, at launch).
    pub target: Option<u32>,
    /// Launch time, seconds.
    pub launch_time_s: f64,
    /// Planned intercept time at launch, seconds.
    pub planned_intercept_s: f64,
    /// How it ended.
    pub fate: RoundFate,
    /// When it was resolved, seconds.
    pub resolved_time_s: Option<f64>,
    /// The threat it met at resolution, if any.
    pub met: Option<u32>,
    /// Miss distance at resolution, metres.
    pub miss_distance_m: Option<f64>,
    /// Altitude above the ellipsoid where it was aimed at the end (the threat at the
    /// closest approach), metres.
    pub intercept_altitude_m: Option<f64>,
    /// Cost of the round, US$.
    pub cost_usd: f64,
}

/// The ledger sink. Build it with [`Ledger::new`], run the world, then take the rows
/// with [`Ledger::finish_rows`].
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// What the run is of (its names), from its first event.
    start: RunStart,
    threats: BTreeMap<ObjectId, ThreatRow>,
    /// Layers that fired at each threat.
    fired_by: BTreeMap<ObjectId, Vec<Layer>>,
    rounds: BTreeMap<EngagementId, InterceptorRow>,
}

impl Ledger {
    /// An empty ledger; the run's names come with its first event.
    pub fn new() -> Self {
        Ledger::default()
    }

    /// The rows, threats by id and rounds by engagement id.
    pub fn finish_rows(self) -> (Vec<ThreatRow>, Vec<InterceptorRow>) {
        let Ledger {
            threats,
            mut fired_by,
            rounds,
            ..
        } = self;
        let threats = threats
            .into_iter()
            .map(|(id, mut row)| {
                let mut layers = fired_by.remove(&id).unwrap_or_default();
                layers.sort();
                layers.dedup();
                row.engaged_by = layers
                    .iter()
                    .map(|l| l.name())
                    .collect::<Vec<_>>()
                    .join("+");
                row
            })
            .collect();
        (threats, rounds.into_values().collect())
    }

    fn layer_of(&self, battery: usize) -> Layer {
        self.start
            .batteries
            .get(battery)
            .map_or(Layer::Point, |b| b.layer)
    }
}

/// A threat's object id as a results column (ids of threats are small).
fn id32(o: ObjectId) -> u32 {
    u32::try_from(o.index()).unwrap_or(u32::MAX)
}

impl EventSink for Ledger {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        match event {
            Event::RunStart(start) => self.start = (*start).clone(),
            Event::Launch(l) => {
                if let ObjectKind::Threat(kind) = l.sample.kind {
                    let o = l.sample.object;
                    self.threats.insert(
                        o,
                        ThreatRow {
                            threat: id32(o),
                            raid: self
                                .start
                                .raid_of(o)
                                .map(|r| r.name.clone())
                                .unwrap_or_default(),
                            threat_type: l.type_name.clone(),
                            kind: kind.name().to_owned(),
                            launch_time_s: l.sample.time.as_seconds(),
                            shots: 0,
                            engaged_by: String::new(),
                            fate: ThreatFate::Airborne,
                            killed_by: None,
                            kill_layer: None,
                            end_time_s: None,
                            impact_lat_deg: None,
                            impact_lon_deg: None,
                            asset_hit: None,
                            damage: 0.0,
                        },
                    );
                }
            }
            Event::Engagement(e) => {
                let layer = self.layer_of(e.battery.index());
                match e.outcome {
                    EngagementOutcome::Launched => {
                        self.rounds.insert(
                            e.engagement,
                            InterceptorRow {
                                engagement: u64::from(e.engagement.0),
                                battery: self.start.battery_name(e.battery).to_owned(),
                                layer,
                                interceptor_type: e.interceptor_type.clone(),
                                target: e.threat_object.map(id32),
                                launch_time_s: e.time.as_seconds(),
                                planned_intercept_s: e.intercept_time.as_seconds(),
                                fate: RoundFate::InFlight,
                                resolved_time_s: None,
                                met: None,
                                miss_distance_m: None,
                                intercept_altitude_m: None,
                                cost_usd: e.cost.si(),
                            },
                        );
                        if let Some(o) = e.threat_object {
                            if let Some(t) = self.threats.get_mut(&o) {
                                t.shots += 1;
                            }
                            self.fired_by.entry(o).or_default().push(layer);
                        }
                    }
                    EngagementOutcome::Cancelled | EngagementOutcome::Refused => {}
                    resolved => {
                        if let Some(r) = self.rounds.get_mut(&e.engagement) {
                            r.fate = RoundFate::Resolved(resolved);
                            r.resolved_time_s = Some(e.time.as_seconds());
                            r.met = e.threat_object.map(id32);
                            r.miss_distance_m = e.miss_distance.map(|d| d.si());
                            r.intercept_altitude_m =
                                e.aim_point.map(|p| Geodetic::from_ecef(&p).height_m());
                        }
                        if resolved == EngagementOutcome::Kill
                            && let Some(t) = e.threat_object.and_then(|o| self.threats.get_mut(&o))
                            && t.fate != ThreatFate::Intercepted
                        {
                            t.fate = ThreatFate::Intercepted;
                            t.killed_by = Some(e.interceptor_type.clone());
                            t.kill_layer = Some(layer);
                            t.end_time_s = Some(e.time.as_seconds());
                        }
                    }
                }
            }
            Event::Impact(i) => {
                if let Some(t) = self.threats.get_mut(&i.object) {
                    t.fate = if i.asset.is_some() {
                        ThreatFate::Leaked
                    } else {
                        ThreatFate::FellInOpen
                    };
                    t.end_time_s = Some(i.time.as_seconds());
                    t.impact_lat_deg = Some(i.point.lat_deg());
                    t.impact_lon_deg = Some(i.point.lon_deg());
                    t.asset_hit = i.asset.map(|a| self.start.asset_name(a).to_owned());
                    t.damage = i.damage;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
