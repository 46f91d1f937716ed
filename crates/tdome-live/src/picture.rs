//! The live picture: the state a viewer sees, kept from the engine's events, and the
//! frames that carry it to viewers — a keyframe (all of it) or a delta (what changed
//! since the last frame).
//!
//! It is a sink like any other: it reads events and never touches the world. What it
//! shows is what the battle manager knew (tracks, assessments, orders) beside the
//! world's truth (threats, interceptors, impacts), as the records do.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tdome_core::defence::Layer;
use tdome_core::event::{
    EngagementOutcome, EngagementRecord, Event, EventSink, ObjectKind, RunStart,
};
use tdome_core::orders::{Decision, OperatorMode};
use tdome_core::picture::{TrackEstimate, TrackStatus};
use tdome_core::{Ecef, EnuFrame, Geodetic, Position, SimTime, Velocity};

/// The most log entries a keyframe carries (the page keeps as many).
pub const LOG_KEPT: usize = 500;

/// Rounded for the wire: six decimals of a degree is 0.1 m, and shorter text.
fn deg(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Rounded for the wire: a decimetre, or a decimetre per second.
fn dm(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Latitude, longitude, height and east/north/up velocity of an ECEF state.
fn geo_state(p: &Position<Ecef>, v: &Velocity<Ecef>) -> [f64; 6] {
    let g = Geodetic::from_ecef(p);
    let enu = EnuFrame::at(g).velocity_to_enu(v);
    let e = enu.mps();
    [
        deg(g.lat_deg()),
        deg(g.lon_deg()),
        dm(g.height_m()),
        dm(e.x),
        dm(e.y),
        dm(e.z),
    ]
}

/// A track as a viewer sees it:
/// `[id, status, lat, lon, alt_m, ve, vn, vu, category, quality]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrackView(
    u32,
    &'static str,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    Option<&'static str>,
    f64,
);

/// A predicted impact:
/// `[track, lat, lon, sigma_major_m, sigma_minor_m, major_azimuth_deg, p_hit, asset,
/// decision, impact_t]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImpactView(
    u32,
    f64,
    f64,
    f64,
    f64,
    f64,
    Option<f64>,
    Option<u32>,
    String,
    Option<f64>,
);

/// An interceptor in flight:
/// `[engagement, battery, lat, lon, alt_m, ve, vn, vu, track]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InterceptorView(u32, u32, f64, f64, f64, f64, f64, f64, u32);

/// A threat's truth: `[object, kind, lat, lon, alt_m, ve, vn, vu]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThreatView(u32, &'static str, f64, f64, f64, f64, f64, f64);

/// A battery's state: `[id, rounds, reserve, in_flight, mode]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatteryView(u32, u32, u32, u32, &'static str);

/// Why an order was given, as the log shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    choice: &'static str,
    value_at_risk: f64,
    p_kill: f64,
    cost_usd: f64,
    candidates: Vec<WhyCandidate>,
}

/// One battery the battle manager weighed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhyCandidate {
    battery: String,
    role: &'static str,
    p_kill: f64,
    cost_usd: f64,
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogEntry {
    t: f64,
    kind: &'static str,
    text: String,
    why: Option<Why>,
}

/// The running totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Threats launched.
    pub launched: u64,
    /// Threats at least one round was fired at.
    pub engaged: u64,
    /// Threats killed.
    pub intercepted: u64,
    /// Threats that hit a defended asset.
    pub leaked: u64,
    /// Threats that came down outside every asset.
    pub fell_in_open: u64,
    /// Rounds fired.
    pub interceptors_launched: u64,
    /// Cost of the rounds fired, US$.
    pub cost_usd: f64,
}

/// One layer's inventory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LayerCount {
    rounds: u64,
    reserve: u64,
    fired: u64,
}

#[derive(Clone, Debug)]
struct Battery {
    layer: Layer,
    name: String,
    rounds: u32,
    reserve: u32,
    in_flight: u32,
    fired: u32,
    mode: OperatorMode,
}

/// What changed since the last frame, by kind: upserted ids and removed ids.
#[derive(Clone, Debug, Default)]
struct Changes {
    tracks: BTreeSet<u32>,
    tracks_gone: BTreeSet<u32>,
    impacts: BTreeSet<u32>,
    impacts_gone: BTreeSet<u32>,
    interceptors: BTreeSet<u32>,
    interceptors_gone: BTreeSet<u32>,
    threats: BTreeSet<u32>,
    threats_gone: BTreeSet<u32>,
    batteries: BTreeSet<u32>,
    log_from: usize,
}

/// The state a viewer sees, kept from events.
#[derive(Clone, Debug, Default)]
pub struct LivePicture {
    start: Option<RunStart>,
    now: SimTime,
    tracks: BTreeMap<u32, TrackView>,
    /// Each track's category, from its latest assessment.
    categories: BTreeMap<u32, &'static str>,
    impacts: BTreeMap<u32, ImpactView>,
    interceptors: BTreeMap<u32, InterceptorView>,
    /// Interceptor object id → engagement id.
    interceptor_of: BTreeMap<u32, u32>,
    /// An interceptor launched, waiting for its engagement's launch record (the engine
    /// emits the two together, launch first).
    launching: Option<(u32, [f64; 6])>,
    threats: BTreeMap<u32, ThreatView>,
    /// Threats fired at (for `engaged`).
    fired_at: BTreeSet<u32>,
    batteries: Vec<Battery>,
    counts: Counts,
    log: Vec<LogEntry>,
    /// Entries dropped from the front of `log`, so `Changes::log_from` stays meaningful.
    log_dropped: usize,
    changes: Changes,
}

/// A frame for the wire. Lists absent from a delta are empty.
#[derive(Serialize)]
struct Frame<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    key: bool,
    t: f64,
    speed: f64,
    paused: bool,
    behind_s: f64,
    end_s: f64,
    ended: bool,
    skipped: u64,
    tracks: Vec<&'a TrackView>,
    tracks_gone: Vec<u32>,
    impacts: Vec<&'a ImpactView>,
    impacts_gone: Vec<u32>,
    interceptors: Vec<&'a InterceptorView>,
    interceptors_gone: Vec<u32>,
    threats: Vec<&'a ThreatView>,
    threats_gone: Vec<u32>,
    batteries: Vec<BatteryView>,
    counts: Counts,
    layers: BTreeMap<&'static str, LayerCount>,
    log: &'a [LogEntry],
}

/// How the run is paced, as the frame reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pace {
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// Whether the clock is held.
    pub paused: bool,
    /// How far the run is behind the wall clock, seconds.
    pub behind_s: f64,
    /// Whether the run has reached its end.
    pub ended: bool,
}

impl LivePicture {
    /// An empty picture, waiting for its run's start.
    pub fn new() -> Self {
        LivePicture::default()
    }

    /// The run's start, once seen.
    pub fn run_start(&self) -> Option<&RunStart> {
        self.start.as_ref()
    }

    /// Simulated time of the latest event or tick.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Move the picture's clock (between events, as the run ticks).
    pub fn set_now(&mut self, t: SimTime) {
        self.now = self.now.max(t);
    }

    /// The running totals.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Tracks shown.
    pub fn track_count(&self) -> usize {
        self.tracks.len()
    }

    /// Each battery's operator mode, by battery id.
    pub fn modes(&self) -> Vec<OperatorMode> {
        self.batteries.iter().map(|b| b.mode).collect()
    }

    /// Whether anything changed since the last frame.
    pub fn changed(&self) -> bool {
        let c = &self.changes;
        !(c.tracks.is_empty()
            && c.tracks_gone.is_empty()
            && c.impacts.is_empty()
            && c.impacts_gone.is_empty()
            && c.interceptors.is_empty()
            && c.interceptors_gone.is_empty()
            && c.threats.is_empty()
            && c.threats_gone.is_empty()
            && c.batteries.is_empty()
            && c.log_from >= self.log_dropped + self.log.len())
    }

    fn layers(&self) -> BTreeMap<&'static str, LayerCount> {
        let mut out = BTreeMap::new();
        for b in &self.batteries {
            let l: &mut LayerCount = out.entry(b.layer.name()).or_default();
            l.rounds += u64::from(b.rounds);
            l.reserve += u64::from(b.reserve);
            l.fired += u64::from(b.fired);
        }
        out
    }

    fn battery_view(&self, id: u32) -> Option<BatteryView> {
        self.batteries
            .get(id as usize)
            .map(|b| BatteryView(id, b.rounds, b.reserve, b.in_flight, b.mode.name()))
    }

    /// Every frame shares these.
    fn frame<'a>(&'a self, key: bool, pace: Pace, skipped: u64, log: &'a [LogEntry]) -> Frame<'a> {
        Frame {
            kind: "frame",
            key,
            t: self.now.as_seconds(),
            speed: pace.speed,
            paused: pace.paused,
            behind_s: (pace.behind_s * 1000.0).round() / 1000.0,
            end_s: self.start.as_ref().map_or(0.0, |s| s.duration.as_seconds()),
            ended: pace.ended,
            skipped,
            tracks: Vec::new(),
            tracks_gone: Vec::new(),
            impacts: Vec::new(),
            impacts_gone: Vec::new(),
            interceptors: Vec::new(),
            interceptors_gone: Vec::new(),
            threats: Vec::new(),
            threats_gone: Vec::new(),
            batteries: Vec::new(),
            counts: self.counts,
            layers: self.layers(),
            log,
        }
    }

    /// The whole picture as one frame, for a viewer that joins or fell behind.
    pub fn keyframe(&self, pace: Pace, skipped: u64) -> String {
        let first = self.log.len().saturating_sub(LOG_KEPT);
        let mut f = self.frame(true, pace, skipped, &self.log[first..]);
        f.tracks = self.tracks.values().collect();
        f.impacts = self.impacts.values().collect();
        f.interceptors = self.interceptors.values().collect();
        f.threats = self.threats.values().collect();
        f.batteries = (0..self.batteries.len() as u32)
            .filter_map(|b| self.battery_view(b))
            .collect();
        to_json(&f)
    }

    /// What changed since the last delta, as one frame; the changes are then
    /// forgotten.
    pub fn delta(&mut self, pace: Pace) -> String {
        let changes = std::mem::take(&mut self.changes);
        let from = changes.log_from.saturating_sub(self.log_dropped);
        let mut f = self.frame(false, pace, 0, &self.log[from.min(self.log.len())..]);
        f.tracks = changes
            .tracks
            .iter()
            .filter_map(|k| self.tracks.get(k))
            .collect();
        f.tracks_gone = changes.tracks_gone.into_iter().collect();
        f.impacts = changes
            .impacts
            .iter()
            .filter_map(|k| self.impacts.get(k))
            .collect();
        f.impacts_gone = changes.impacts_gone.into_iter().collect();
        f.interceptors = changes
            .interceptors
            .iter()
            .filter_map(|k| self.interceptors.get(k))
            .collect();
        f.interceptors_gone = changes.interceptors_gone.into_iter().collect();
        f.threats = changes
            .threats
            .iter()
            .filter_map(|k| self.threats.get(k))
            .collect();
        f.threats_gone = changes.threats_gone.into_iter().collect();
        f.batteries = changes
            .batteries
            .iter()
            .filter_map(|&b| self.battery_view(b))
            .collect();
        let text = to_json(&f);
        self.changes.log_from = self.log_dropped + self.log.len();
        self.trim_log();
        text
    }

    /// Keep the log bounded: a long run must not grow the server without end.
    fn trim_log(&mut self) {
        if self.log.len() > 4 * LOG_KEPT {
            let drop = self.log.len() - LOG_KEPT;
            self.log.drain(..drop);
            self.log_dropped += drop;
        }
    }

    /// Forget what changed (no viewer to send it to).
    pub fn discard_changes(&mut self) {
        self.changes = Changes {
            log_from: self.log_dropped + self.log.len(),
            ..Changes::default()
        };
        self.trim_log();
    }

    fn log(&mut self, t: SimTime, kind: &'static str, text: String, why: Option<Why>) {
        self.log.push(LogEntry {
            t: t.as_seconds(),
            kind,
            text,
            why,
        });
    }

    fn battery_name(&self, id: u32) -> String {
        self.batteries
            .get(id as usize)
            .map_or_else(|| format!("battery {id}"), |b| b.name.clone())
    }

    fn start(&mut self, start: &RunStart) {
        *self = LivePicture::default();
        self.batteries = start
            .batteries
            .iter()
            .map(|b| Battery {
                layer: b.layer,
                name: b.name.clone(),
                rounds: b.rounds,
                reserve: b.reserve,
                in_flight: 0,
                fired: 0,
                mode: b.mode,
            })
            .collect();
        self.changes.batteries = (0..self.batteries.len() as u32).collect();
        self.start = Some(start.clone());
    }

    fn track(&mut self, t: &TrackEstimate) {
        let id = t.track.0;
        if t.status == TrackStatus::Deleted {
            if self.tracks.remove(&id).is_some() {
                self.changes.tracks_gone.insert(id);
                self.changes.tracks.remove(&id);
            }
            if self.impacts.remove(&id).is_some() {
                self.changes.impacts_gone.insert(id);
                self.changes.impacts.remove(&id);
            }
            self.categories.remove(&id);
            return;
        }
        let s = geo_state(&t.position, &t.velocity);
        let status = match t.status {
            TrackStatus::Confirmed => "confirmed",
            _ => "tentative",
        };
        self.tracks.insert(
            id,
            TrackView(
                id,
                status,
                s[0],
                s[1],
                s[2],
                s[3],
                s[4],
                s[5],
                self.categories.get(&id).copied(),
                (t.quality * 1000.0).round() / 1000.0,
            ),
        );
        self.changes.tracks.insert(id);
        self.changes.tracks_gone.remove(&id);
    }

    fn engagement(&mut self, e: &EngagementRecord) {
        let b = e.battery.0;
        let name = self.battery_name(b);
        let battery = self.batteries.get_mut(b as usize);
        let eid = e.engagement.0;
        match e.outcome {
            EngagementOutcome::Launched => {
                if let Some(bat) = battery {
                    bat.rounds = bat.rounds.saturating_sub(1);
                    bat.in_flight += 1;
                    bat.fired += 1;
                }
                self.changes.batteries.insert(b);
                self.counts.interceptors_launched += 1;
                self.counts.cost_usd += e.cost.si();
                if let Some(o) = e.threat_object
                    && self.fired_at.insert(o.0)
                {
                    self.counts.engaged += 1;
                }
                if let Some((object, s)) = self.launching.take() {
                    self.interceptor_of.insert(object, eid);
                    self.interceptors.insert(
                        eid,
                        InterceptorView(eid, b, s[0], s[1], s[2], s[3], s[4], s[5], e.track.0),
                    );
                    self.changes.interceptors.insert(eid);
                }
                let why = e.explanation.as_ref().map(|x| Why {
                    choice: x.choice.name(),
                    value_at_risk: x.value_at_risk,
                    p_kill: x.weighed_p_kill,
                    cost_usd: x.weighed_cost.si(),
                    candidates: x
                        .candidates
                        .iter()
                        .map(|c| WhyCandidate {
                            battery: self.battery_name(c.battery.0),
                            role: c.role.name(),
                            p_kill: c.p_kill,
                            cost_usd: c.cost.si(),
                        })
                        .collect(),
                });
                self.log(
                    e.time,
                    "launch",
                    format!(
                        "{name} fires {} at T{} (intercept at {:.0} s)",
                        e.interceptor_type,
                        e.track.0,
                        e.intercept_time.as_seconds()
                    ),
                    why,
                );
            }
            EngagementOutcome::Cancelled => {
                self.log(
                    e.time,
                    "cancel",
                    format!("{name}: order at T{} withdrawn", e.track.0),
                    None,
                );
            }
            EngagementOutcome::Refused => {
                self.log(
                    e.time,
                    "refused",
                    format!("{name} refused an order at T{}", e.track.0),
                    None,
                );
            }
            outcome => {
                if let Some(bat) = battery {
                    bat.in_flight = bat.in_flight.saturating_sub(1);
                }
                self.changes.batteries.insert(b);
                if self.interceptors.remove(&eid).is_some() {
                    self.changes.interceptors_gone.insert(eid);
                    self.changes.interceptors.remove(&eid);
                }
                self.interceptor_of.retain(|_, e| *e != eid);
                let (kind, what) = match outcome {
                    EngagementOutcome::Kill => {
                        self.counts.intercepted += 1;
                        if let Some(o) = e.threat_object {
                            self.threat_gone(o.0);
                        }
                        ("kill", "kill")
                    }
                    EngagementOutcome::Miss => ("miss", "miss"),
                    EngagementOutcome::NoTarget => ("miss", "no target in the basket"),
                    _ => ("miss", "target already destroyed"),
                };
                let distance = e
                    .miss_distance
                    .map(|d| format!(", miss distance {:.1} m", d.si()))
                    .unwrap_or_default();
                self.log(
                    e.time,
                    kind,
                    format!(
                        "{name}'s {} at T{}: {what}{distance}",
                        e.interceptor_type, e.track.0
                    ),
                    None,
                );
            }
        }
    }

    fn threat_gone(&mut self, object: u32) {
        if self.threats.remove(&object).is_some() {
            self.changes.threats_gone.insert(object);
            self.changes.threats.remove(&object);
        }
    }

    /// Take one event.
    pub fn apply(&mut self, event: &Event<'_>) {
        self.set_now(event.time());
        match event {
            Event::RunStart(s) => self.start(s),
            Event::Launch(l) => {
                let s = geo_state(&l.sample.position, &l.sample.velocity);
                let o = l.sample.object.0;
                match l.sample.kind {
                    ObjectKind::Threat(kind) => {
                        self.counts.launched += 1;
                        self.threats.insert(
                            o,
                            ThreatView(o, kind.name(), s[0], s[1], s[2], s[3], s[4], s[5]),
                        );
                        self.changes.threats.insert(o);
                    }
                    ObjectKind::Interceptor => self.launching = Some((o, s)),
                }
            }
            Event::Truth(t) => {
                let s = geo_state(&t.position, &t.velocity);
                let o = t.object.0;
                match t.kind {
                    ObjectKind::Threat(kind) => {
                        if let Some(v) = self.threats.get_mut(&o) {
                            *v = ThreatView(o, kind.name(), s[0], s[1], s[2], s[3], s[4], s[5]);
                            self.changes.threats.insert(o);
                        }
                    }
                    ObjectKind::Interceptor => {
                        if let Some(&e) = self.interceptor_of.get(&o)
                            && let Some(v) = self.interceptors.get_mut(&e)
                        {
                            (v.2, v.3, v.4, v.5, v.6, v.7) = (s[0], s[1], s[2], s[3], s[4], s[5]);
                            self.changes.interceptors.insert(e);
                        }
                    }
                }
            }
            Event::Plot { .. } => {}
            Event::Track(t) => self.track(t),
            Event::Assessment(a) => {
                let id = a.track.0;
                let category = a.category.name();
                if self.categories.insert(id, category) != Some(category)
                    && let Some(t) = self.tracks.get_mut(&id)
                {
                    t.8 = Some(category);
                    self.changes.tracks.insert(id);
                }
                let decision = match a.decision {
                    Decision::Engage => "engage".to_owned(),
                    Decision::Hold(r) => format!("hold_{}", r.name()),
                };
                match (a.predicted_impact, a.impact_ellipse) {
                    (Some(p), Some(el)) if self.tracks.contains_key(&id) => {
                        self.impacts.insert(
                            id,
                            ImpactView(
                                id,
                                deg(p.lat_deg()),
                                deg(p.lon_deg()),
                                dm(el.sigma_major_m),
                                dm(el.sigma_minor_m),
                                dm(el.major_azimuth_deg),
                                a.p_hit.map(|p| (p * 1e4).round() / 1e4),
                                a.threatened_asset.map(|x| x.0),
                                decision,
                                a.impact_time.map(SimTime::as_seconds),
                            ),
                        );
                        self.changes.impacts.insert(id);
                        self.changes.impacts_gone.remove(&id);
                    }
                    _ => {
                        if self.impacts.remove(&id).is_some() {
                            self.changes.impacts_gone.insert(id);
                            self.changes.impacts.remove(&id);
                        }
                    }
                }
            }
            Event::Engagement(e) => self.engagement(e),
            Event::Impact(i) => {
                self.threat_gone(i.object.0);
                let place = match i.asset {
                    Some(a) => {
                        self.counts.leaked += 1;
                        let name = self
                            .start
                            .as_ref()
                            .map_or(String::new(), |s| s.asset_name(a).to_owned());
                        // A replay of records older than format 11 does not know the
                        // damage (NaN): say where, not how much.
                        if i.damage.is_finite() {
                            format!("hits {name} ({:.0} % of its value)", i.damage * 100.0)
                        } else {
                            format!("hits {name}")
                        }
                    }
                    None => {
                        self.counts.fell_in_open += 1;
                        "falls in the open".to_owned()
                    }
                };
                let kind = if i.asset.is_some() { "leak" } else { "impact" };
                self.log(
                    i.time,
                    kind,
                    format!("{} {} {place}", i.kind.name(), i.object.0),
                    None,
                );
            }
            Event::Reload(r) => {
                let b = r.battery.0;
                if let Some(bat) = self.batteries.get_mut(b as usize) {
                    bat.rounds += r.rounds;
                    bat.reserve = r.reserve_left;
                }
                self.changes.batteries.insert(b);
                let name = self.battery_name(b);
                self.log(
                    r.time,
                    "reload",
                    format!("{name} reloads {} rounds", r.rounds),
                    None,
                );
            }
            Event::Mode(m) => {
                let b = m.battery.0;
                if let Some(bat) = self.batteries.get_mut(b as usize) {
                    bat.mode = m.mode;
                }
                self.changes.batteries.insert(b);
                let name = self.battery_name(b);
                let source = match m.source {
                    tdome_core::event::ModeSource::Scheduled => "scheduled",
                    tdome_core::event::ModeSource::Operator => "operator",
                };
                self.log(
                    m.time,
                    "mode",
                    format!("{name}: weapons {} ({source})", m.mode.name()),
                    None,
                );
            }
        }
    }
}

impl EventSink for LivePicture {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        self.apply(event);
        Ok(())
    }

    fn best_effort(&self) -> bool {
        true
    }
}

fn to_json(f: &Frame<'_>) -> String {
    // Only numbers, strings and lists of them: serialisation cannot fail, and a
    // non-finite number becomes null.
    serde_json::to_string(f).unwrap_or_else(|e| format!(r#"{{"type":"error","message":"{e}"}}"#))
}
