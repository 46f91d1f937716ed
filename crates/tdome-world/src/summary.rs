//! The run summary: what a user asks first — how many came, how many got through, what it
//! cost. Built as an event sink, from the same events the recorders see.

use std::collections::{BTreeMap, BTreeSet};

use tdome_core::Usd;
use tdome_core::event::{EngagementOutcome, Event, EventSink, ObjectKind};
use tdome_core::ids::ObjectId;
use tdome_core::threat::ThreatKind;
use tdome_scenario::model::Scenario;

/// Outcome counts for one threat type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreatTally {
    /// What kind the type is.
    pub kind: Option<ThreatKind>,
    /// Launched.
    pub launched: u32,
    /// At least one interceptor fired at it.
    pub engaged: u32,
    /// Destroyed by an interceptor.
    pub intercepted: u32,
    /// Hit a defended asset.
    pub leaked: u32,
    /// Came down outside every defended asset.
    pub fell_in_open: u32,
}

impl ThreatTally {
    /// Still flying when the run ended.
    pub fn airborne(&self) -> u32 {
        self.launched
            .saturating_sub(self.intercepted + self.leaked + self.fell_in_open)
    }
}

/// Interceptors of one type fired.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InterceptorTally {
    /// Rounds fired.
    pub fired: u32,
    /// Kills.
    pub kills: u32,
    /// Total cost of the rounds fired.
    pub cost: Usd,
    /// Distance from the commanded intercept point to the nearest live threat at each
    /// resolved intercept, metres, in resolution order.
    pub miss_distances_m: Vec<f64>,
}

impl InterceptorTally {
    /// The `q`-quantile (0–1) of the miss distances, metres (nearest rank).
    pub fn miss_quantile_m(&self, q: f64) -> Option<f64> {
        let mut v = self.miss_distances_m.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let k = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
        Some(v[k])
    }
}

/// Damage to one defended asset.
#[derive(Clone, Debug, PartialEq)]
pub struct AssetTally {
    /// Scenario name.
    pub name: String,
    /// Scenario value.
    pub value: f64,
    /// Hits taken.
    pub hits: u32,
    /// Fraction of its value destroyed.
    pub damage: f64,
}

/// The summary of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// By threat type name (catalogue order is not known here; sorted by name).
    pub threats: BTreeMap<String, ThreatTally>,
    /// By interceptor type name.
    pub interceptors: BTreeMap<String, InterceptorTally>,
    /// By asset id.
    pub assets: Vec<AssetTally>,
    object_type: BTreeMap<ObjectId, String>,
    engaged: BTreeSet<ObjectId>,
}

impl RunSummary {
    /// An empty summary for `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        RunSummary {
            threats: BTreeMap::new(),
            interceptors: BTreeMap::new(),
            assets: scenario
                .assets
                .iter()
                .map(|a| AssetTally {
                    name: a.name.clone(),
                    value: a.value,
                    hits: 0,
                    damage: 0.0,
                })
                .collect(),
            object_type: BTreeMap::new(),
            engaged: BTreeSet::new(),
        }
    }

    /// Totals over all threat types.
    pub fn total(&self) -> ThreatTally {
        let mut t = ThreatTally::default();
        for v in self.threats.values() {
            t.launched += v.launched;
            t.engaged += v.engaged;
            t.intercepted += v.intercepted;
            t.leaked += v.leaked;
            t.fell_in_open += v.fell_in_open;
        }
        t
    }

    /// Total cost of interceptors fired.
    pub fn total_cost(&self) -> Usd {
        self.interceptors
            .values()
            .fold(Usd::ZERO, |a, t| a + t.cost)
    }

    fn tally_of(&mut self, object: ObjectId) -> Option<&mut ThreatTally> {
        let name = self.object_type.get(&object)?;
        self.threats.get_mut(name)
    }

    fn mark_engaged(&mut self, object: ObjectId) {
        if self.engaged.insert(object)
            && let Some(t) = self.tally_of(object)
        {
            t.engaged += 1;
        }
    }
}

impl EventSink for RunSummary {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Launch(l) => {
                if let ObjectKind::Threat(kind) = l.sample.kind {
                    self.object_type
                        .insert(l.sample.object, l.type_name.clone());
                    let t = self.threats.entry(l.type_name.clone()).or_default();
                    t.kind = Some(kind);
                    t.launched += 1;
                }
            }
            Event::Engagement(e) => {
                let i = self
                    .interceptors
                    .entry(e.interceptor_type.clone())
                    .or_default();
                match e.outcome {
                    EngagementOutcome::Launched => {
                        i.fired += 1;
                        i.cost += e.cost;
                    }
                    EngagementOutcome::Kill => i.kills += 1,
                    _ => {}
                }
                if let Some(d) = e.miss_distance {
                    i.miss_distances_m.push(d.si());
                }
                // A round withdrawn before launch, or refused, engaged nothing.
                if let Some(o) = e.threat_object.filter(|_| {
                    !matches!(
                        e.outcome,
                        EngagementOutcome::Cancelled | EngagementOutcome::Refused
                    )
                }) {
                    self.mark_engaged(o);
                    if e.outcome == EngagementOutcome::Kill
                        && let Some(t) = self.tally_of(o)
                    {
                        t.intercepted += 1;
                    }
                }
            }
            Event::Impact(i) => {
                if let Some(t) = self.tally_of(i.object) {
                    if i.asset.is_some() {
                        t.leaked += 1;
                    } else {
                        t.fell_in_open += 1;
                    }
                }
                if let Some(a) = i.asset.and_then(|a| self.assets.get_mut(a.index())) {
                    a.hits += 1;
                    a.damage = 1.0 - (1.0 - a.damage) * (1.0 - i.damage);
                }
            }
            _ => {}
        }
        Ok(())
    }
}
