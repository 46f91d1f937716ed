//! The run summary: what a user asks first — how many came, how many got through, what it
//! cost, what was saved, what is left. Built as an event sink, from the same events the
//! recorders see, and from the scenario (each battery's layer and magazine, each
//! threat's planned aim point and damage per hit).
//!
//! **Defended value saved** is the value the intercepted threats would have destroyed
//! had each landed on its planned aim point (after dispersion, [`crate::raid`]), under
//! the engine's damage model: a hit on an asset destroys the threat type's
//! `damage_per_hit` of what is left of it, hits being independent (surviving fractions
//! multiply); a point in several assets hits the most valuable one. For an asset of
//! value V that ended the run with damage D, and intercepted threats aimed into it with
//! damages dᵢ, the saved value is V·(1 − D)·(1 − Πᵢ(1 − dᵢ)): the damage it would have
//! had, 1 − (1 − D)·Πᵢ(1 − dᵢ), less the damage it has. It is an estimate, not a
//! count: a threat is credited where it was aimed, not where it would really have come
//! down, and a threat intercepted after being aimed into the open saves nothing.

use std::collections::{BTreeMap, BTreeSet};

use tdome_core::Geodetic;
use tdome_core::Usd;
use tdome_core::defence::{DefendedAsset, Layer};
use tdome_core::event::{EngagementOutcome, Event, EventSink, ObjectKind};
use tdome_core::ids::{AssetId, ObjectId};
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
    /// The lowest and highest altitude above the ellipsoid of its kills (where it was
    /// aimed at the end: the threat at the closest approach), metres; `None` without a
    /// kill. Which tier took a threat where is the question layered defence asks.
    pub kill_altitudes_m: Option<(f64, f64)>,
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
    /// Intercepted threats whose planned aim point lay in it.
    pub intercepted_aimed: u32,
    /// Π(1 − damage per hit) over those threats: the fraction of it they would have
    /// left standing had they all landed.
    pub intercepted_survival: f64,
}

impl AssetTally {
    /// Value destroyed: value × damage.
    pub fn value_destroyed(&self) -> f64 {
        self.value * self.damage
    }

    /// Value the intercepted threats aimed into it would have destroyed on top of what
    /// was destroyed (see the module documentation).
    pub fn value_saved(&self) -> f64 {
        self.value * (1.0 - self.damage) * (1.0 - self.intercepted_survival)
    }
}

/// Rounds of one battery.
#[derive(Clone, Debug, PartialEq)]
pub struct BatteryTally {
    /// Scenario name.
    pub name: String,
    /// Its layer.
    pub layer: Layer,
    /// Rounds on its launchers at the start of the run.
    pub rounds: u32,
    /// Rounds put on its launchers from its reserve during the run.
    pub reloaded: u32,
    /// Rounds fired (launched).
    pub fired: u32,
    /// Kills by its rounds.
    pub kills: u32,
    /// Total cost of the rounds fired.
    pub cost: Usd,
}

impl BatteryTally {
    /// Rounds left on its launchers at the end of the run.
    pub fn rounds_left(&self) -> u32 {
        self.rounds
            .saturating_add(self.reloaded)
            .saturating_sub(self.fired)
    }
}

/// Rounds of every battery of one layer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerTally {
    /// Batteries in the layer.
    pub batteries: u32,
    /// Rounds at the start of the run.
    pub rounds: u32,
    /// Rounds reloaded from the batteries' reserves.
    pub reloaded: u32,
    /// Rounds fired.
    pub fired: u32,
    /// Kills.
    pub kills: u32,
    /// Total cost of the rounds fired.
    pub cost: Usd,
}

impl LayerTally {
    /// Rounds left on the launchers at the end of the run.
    pub fn rounds_left(&self) -> u32 {
        self.rounds
            .saturating_add(self.reloaded)
            .saturating_sub(self.fired)
    }

    /// Interceptor cost per kill; `None` without a kill.
    pub fn cost_per_kill(&self) -> Option<Usd> {
        (self.kills > 0).then(|| self.cost / f64::from(self.kills))
    }
}

/// What the attacker spent on some threats, at the catalogue's unit costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttackerCost {
    /// Σ of the unit costs of the threats that have one.
    pub cost: Usd,
    /// Threats counted.
    pub costed: u32,
    /// Threats of types without a unit cost, left out of `cost`.
    pub uncosted: u32,
}

/// Where a threat was aimed, for the defended value saved.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Aim {
    /// The asset its planned aim point lies in, if any.
    asset: Option<AssetId>,
    /// Its type's damage per hit.
    damage_per_hit: f64,
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
    /// By battery id.
    pub batteries: Vec<BatteryTally>,
    object_type: BTreeMap<ObjectId, String>,
    engaged: BTreeSet<ObjectId>,
    intercepted: BTreeSet<ObjectId>,
    /// By threat object id (threats are numbered first, in raid order).
    aims: Vec<Aim>,
    /// Unit cost to the attacker by threat type name, where the catalogue gives one.
    threat_costs: BTreeMap<String, Option<Usd>>,
}

/// The asset a threat landing at `point` hits: the most valuable one containing it, the
/// lowest id among equally valuable ones (the engine's rule at impact).
pub fn asset_at(assets: &[DefendedAsset], point: &Geodetic) -> Option<AssetId> {
    assets
        .iter()
        .filter(|a| a.area.contains(point))
        .max_by(|a, b| a.value.total_cmp(&b.value).then(b.id.cmp(&a.id)))
        .map(|a| a.id)
}

impl RunSummary {
    /// An empty summary for `scenario`.
    pub fn new(scenario: &Scenario, seed: u64) -> Self {
        let damage = scenario
            .raids
            .iter()
            .flat_map(|r| std::iter::repeat_n(r.threat.damage_per_hit, r.count as usize));
        let aims = crate::raid::aim_points(scenario, seed)
            .iter()
            .zip(damage)
            .map(|(p, d)| Aim {
                asset: asset_at(&scenario.assets, p),
                damage_per_hit: d,
            })
            .collect();
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
                    intercepted_aimed: 0,
                    intercepted_survival: 1.0,
                })
                .collect(),
            batteries: scenario
                .batteries
                .iter()
                .map(|b| BatteryTally {
                    name: b.name.clone(),
                    layer: b.layer,
                    rounds: b.rounds,
                    reloaded: 0,
                    fired: 0,
                    kills: 0,
                    cost: Usd::ZERO,
                })
                .collect(),
            object_type: BTreeMap::new(),
            engaged: BTreeSet::new(),
            intercepted: BTreeSet::new(),
            aims,
            threat_costs: scenario
                .raids
                .iter()
                .map(|r| (r.threat.name.clone(), r.threat.unit_cost))
                .collect(),
        }
    }

    /// The attacker's cost of the threats `count` picks from each type's tally.
    fn attacker_cost(&self, count: impl Fn(&ThreatTally) -> u32) -> AttackerCost {
        let mut c = AttackerCost {
            cost: Usd::ZERO,
            costed: 0,
            uncosted: 0,
        };
        for (name, t) in &self.threats {
            let n = count(t);
            match self.threat_costs.get(name).copied().flatten() {
                Some(unit) => {
                    c.cost += unit * f64::from(n);
                    c.costed += n;
                }
                None => c.uncosted += n,
            }
        }
        c
    }

    /// The attacker's cost of every threat launched.
    pub fn attacker_cost_launched(&self) -> AttackerCost {
        self.attacker_cost(|t| t.launched)
    }

    /// The attacker's cost of the threats engaged (at least one round fired at each).
    pub fn attacker_cost_engaged(&self) -> AttackerCost {
        self.attacker_cost(|t| t.engaged)
    }

    /// The attacker's cost of the threats intercepted.
    pub fn attacker_cost_intercepted(&self) -> AttackerCost {
        self.attacker_cost(|t| t.intercepted)
    }

    /// The cost-exchange ratio: interceptor cost spent over the attacker's cost of the
    /// threats engaged. `None` when a threat engaged has no unit cost (the ratio would
    /// compare all of one side with part of the other) or nothing engaged cost anything.
    pub fn cost_exchange_ratio(&self) -> Option<f64> {
        let engaged = self.attacker_cost_engaged();
        (engaged.uncosted == 0 && engaged.cost.si() > 0.0).then(|| self.total_cost() / engaged.cost)
    }

    /// The batteries' tallies added up by layer, outermost layer first.
    pub fn layers(&self) -> BTreeMap<Layer, LayerTally> {
        let mut layers = BTreeMap::new();
        for b in &self.batteries {
            let l = layers.entry(b.layer).or_insert(LayerTally {
                batteries: 0,
                rounds: 0,
                reloaded: 0,
                fired: 0,
                kills: 0,
                cost: Usd::ZERO,
            });
            l.batteries += 1;
            l.rounds = l.rounds.saturating_add(b.rounds);
            l.reloaded = l.reloaded.saturating_add(b.reloaded);
            l.fired += b.fired;
            l.kills += b.kills;
            l.cost += b.cost;
        }
        layers
    }

    /// Threats that hit a defended asset.
    pub fn leakers(&self) -> u32 {
        self.total().leaked
    }

    /// Defended assets hit at least once.
    pub fn assets_hit(&self) -> usize {
        self.assets.iter().filter(|a| a.hits > 0).count()
    }

    /// Σ over assets of their value.
    pub fn value_defended(&self) -> f64 {
        self.assets.iter().map(|a| a.value).sum()
    }

    /// Σ over assets of value × damage.
    pub fn value_destroyed(&self) -> f64 {
        self.assets.iter().map(AssetTally::value_destroyed).sum()
    }

    /// The defended value saved by intercepts (see the module documentation).
    pub fn value_saved(&self) -> f64 {
        self.assets.iter().map(AssetTally::value_saved).sum()
    }

    /// Interceptor cost per threat intercepted; `None` when none was.
    pub fn cost_per_intercept(&self) -> Option<Usd> {
        let n = self.total().intercepted;
        (n > 0).then(|| self.total_cost() / f64::from(n))
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
                let b = self.batteries.get_mut(e.battery.index());
                match e.outcome {
                    EngagementOutcome::Launched => {
                        i.fired += 1;
                        i.cost += e.cost;
                        if let Some(b) = b {
                            b.fired += 1;
                            b.cost += e.cost;
                        }
                    }
                    EngagementOutcome::Kill => {
                        i.kills += 1;
                        if let Some(p) = e.aim_point {
                            let h = Geodetic::from_ecef(&p).height_m();
                            i.kill_altitudes_m = Some(match i.kill_altitudes_m {
                                Some((low, high)) => (low.min(h), high.max(h)),
                                None => (h, h),
                            });
                        }
                        if let Some(b) = b {
                            b.kills += 1;
                        }
                    }
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
                    // A threat is intercepted once, whatever else hit it.
                    if e.outcome == EngagementOutcome::Kill && self.intercepted.insert(o) {
                        if let Some(t) = self.tally_of(o) {
                            t.intercepted += 1;
                        }
                        if let Some(aim) = self.aims.get(o.index())
                            && let Some(a) = aim.asset.and_then(|a| self.assets.get_mut(a.index()))
                        {
                            a.intercepted_aimed += 1;
                            a.intercepted_survival *= 1.0 - aim.damage_per_hit;
                        }
                    }
                }
            }
            Event::Reload(r) => {
                if let Some(b) = self.batteries.get_mut(r.battery.index()) {
                    b.reloaded = b.reloaded.saturating_add(r.rounds);
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

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::event::{EngagementRecord, ImpactRecord, LaunchRecord, TruthSample};
    use tdome_core::ids::{BatteryId, EngagementId, TrackId};
    use tdome_core::{Ecef, Position, SimTime, Velocity};

    const GRAD: &str = "9M22U Grad (122 mm)";

    /// The minimal test scenario: one asset "town" (value 10), one lower-layer battery
    /// of 60 rounds, four Grad rockets.
    fn summary() -> RunSummary {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenarios/tests/minimal.toml");
        let scenario = tdome_scenario::load(&path).expect("minimal scenario");
        RunSummary::new(&scenario, scenario.seed)
    }

    fn feed(s: &mut RunSummary, events: &[Event<'_>]) {
        for e in events {
            s.on_event(e).expect("a summary never fails");
        }
    }

    fn launch(object: u32) -> LaunchRecord {
        LaunchRecord {
            sample: TruthSample {
                time: SimTime::ZERO,
                object: ObjectId(object),
                kind: ObjectKind::Threat(ThreatKind::Rocket),
                position: Position::<Ecef>::from_metres(6.4e6, 0.0, 0.0),
                velocity: Velocity::<Ecef>::from_mps(0.0, 0.0, 0.0),
            },
            type_name: GRAD.to_string(),
        }
    }

    fn shot(
        engagement: u32,
        battery: u32,
        threat: u32,
        outcome: EngagementOutcome,
        cost: f64,
    ) -> EngagementRecord {
        EngagementRecord {
            time: SimTime::from_seconds(f64::from(engagement)),
            engagement: EngagementId(engagement),
            battery: BatteryId(battery),
            interceptor_type: "Tamir".to_string(),
            track: TrackId(threat),
            threat_object: Some(ObjectId(threat)),
            intercept_time: SimTime::from_seconds(30.0),
            outcome,
            cost: Usd::dollars(cost),
            miss_distance: None,
            aim_point: None,
            explanation: None,
        }
    }

    fn impact(object: u32, asset: Option<u32>, damage: f64) -> ImpactRecord {
        ImpactRecord {
            time: SimTime::from_seconds(60.0),
            object: ObjectId(object),
            kind: ThreatKind::Rocket,
            point: Geodetic::from_degrees(24.01, 120.01, 0.0),
            asset: asset.map(AssetId),
            damage,
        }
    }

    /// Threats 0, 1 and 3 aimed into the town (damage 0.5 a hit), 2 into the open.
    fn aimed(s: &mut RunSummary) {
        let town = |d| Aim {
            asset: Some(AssetId(0)),
            damage_per_hit: d,
        };
        let open = Aim {
            asset: None,
            damage_per_hit: 0.5,
        };
        s.aims = vec![town(0.5), town(0.5), open, town(0.5)];
    }

    #[test]
    fn leakers_intercepts_and_value_saved_follow_the_damage_model() {
        use EngagementOutcome::*;
        let mut s = summary();
        aimed(&mut s);
        let launches: Vec<_> = (0..4).map(launch).collect();
        let shots = [
            shot(0, 0, 0, Launched, 100.0),
            shot(0, 0, 0, Kill, 100.0),
            shot(1, 0, 1, Launched, 100.0),
            shot(1, 0, 1, Miss, 100.0),
            shot(2, 0, 2, Launched, 100.0),
            shot(2, 0, 2, Kill, 100.0),
            shot(3, 0, 3, Refused, 0.0),
            shot(4, 0, 3, Cancelled, 0.0),
        ];
        let hit = impact(1, Some(0), 0.5);
        let mut events: Vec<_> = launches.iter().map(Event::Launch).collect();
        events.extend(shots.iter().map(Event::Engagement));
        events.push(Event::Impact(&hit));
        feed(&mut s, &events);

        assert_eq!(s.leakers(), 1);
        assert_eq!(s.assets_hit(), 1);
        let total = s.total();
        assert_eq!((total.intercepted, total.engaged), (2, 3));
        let town = &s.assets[0];
        assert_eq!((town.hits, town.intercepted_aimed), (1, 1));
        // The town took one hit of 0.5: 5 of its 10 destroyed. Threat 0, intercepted,
        // would have destroyed half of what was left: 2.5. Threat 2 was aimed into the
        // open and saves nothing.
        assert_eq!(s.value_destroyed(), 5.0);
        assert_eq!(s.value_saved(), 2.5);
        assert_eq!(s.value_defended(), 10.0);
        // Three rounds flew; the refused and cancelled orders fired nothing.
        assert_eq!(s.total_cost(), Usd::dollars(300.0));
        assert_eq!(s.cost_per_intercept(), Some(Usd::dollars(150.0)));
        // A Grad costs the attacker $1,000 (the built-in catalogue): three engaged,
        // two intercepted, four launched.
        let grads = |n: u32| AttackerCost {
            cost: Usd::dollars(1000.0 * f64::from(n)),
            costed: n,
            uncosted: 0,
        };
        assert_eq!(s.attacker_cost_engaged(), grads(3));
        assert_eq!(s.attacker_cost_intercepted(), grads(2));
        assert_eq!(s.attacker_cost_launched(), grads(4));
        assert_eq!(s.cost_exchange_ratio(), Some(0.1));
        // Without a unit cost for the type, its threats are counted apart and no ratio
        // is claimed.
        s.threat_costs.insert(GRAD.to_string(), None);
        let none = AttackerCost {
            cost: Usd::ZERO,
            costed: 0,
            uncosted: 3,
        };
        assert_eq!(s.attacker_cost_engaged(), none);
        assert_eq!(s.cost_exchange_ratio(), None);
    }

    #[test]
    fn saved_and_destroyed_never_exceed_the_asset_value() {
        use EngagementOutcome::*;
        let mut s = summary();
        aimed(&mut s);
        let launches: Vec<_> = (0..4).map(launch).collect();
        // Every threat aimed into the town intercepted, the one aimed into the open
        // landing there anyway (a dispersed flight) at full damage.
        let shots = [0, 1, 3].map(|t| shot(t, 0, t, Kill, 100.0));
        let hit = impact(2, Some(0), 1.0);
        let mut events: Vec<_> = launches.iter().map(Event::Launch).collect();
        events.extend(shots.iter().map(Event::Engagement));
        events.push(Event::Impact(&hit));
        feed(&mut s, &events);
        assert_eq!(s.assets[0].intercepted_aimed, 3);
        assert_eq!(s.value_destroyed(), 10.0);
        assert_eq!(s.value_saved(), 0.0);
        // Without that hit, three intercepts of 0.5 each save 1 − 0.5³ of the value.
        let mut s = summary();
        aimed(&mut s);
        let mut events: Vec<_> = launches.iter().map(Event::Launch).collect();
        events.extend(shots.iter().map(Event::Engagement));
        feed(&mut s, &events);
        assert_eq!(s.value_saved(), 10.0 * (1.0 - 0.125));
        assert_eq!(s.leakers(), 0);
    }

    /// Each type's kills are bracketed by the altitude where each was aimed at the end;
    /// a launch, a miss and a kill without an aim point change nothing.
    #[test]
    fn kill_altitudes_are_the_lowest_and_highest_kill() {
        use EngagementOutcome::*;
        let mut s = summary();
        let at = |h: f64| Some(Geodetic::from_degrees(24.0, 120.0, h).to_ecef());
        let mut shots = [
            shot(0, 0, 0, Launched, 100.0),
            shot(0, 0, 0, Kill, 100.0),
            shot(1, 0, 1, Miss, 100.0),
            shot(2, 0, 2, Kill, 100.0),
            shot(3, 0, 3, Kill, 100.0),
            shot(4, 0, 4, Kill, 100.0),
        ];
        shots[1].aim_point = at(12_500.0);
        shots[2].aim_point = at(90.0);
        shots[3].aim_point = at(3_000.0);
        shots[4].aim_point = at(48_000.0);
        let events: Vec<_> = shots.iter().map(Event::Engagement).collect();
        assert_eq!(
            s.interceptors.get("Tamir").map(|t| t.kill_altitudes_m),
            None
        );
        feed(&mut s, &events);
        let (low, high) = s.interceptors["Tamir"].kill_altitudes_m.expect("kills");
        assert!((low - 3_000.0).abs() < 1e-6 && (high - 48_000.0).abs() < 1e-6);
        assert_eq!(s.interceptors["Tamir"].kills, 4);
    }

    #[test]
    fn interceptors_are_tallied_by_battery_and_layer_with_rounds_left() {
        use EngagementOutcome::*;
        let mut s = summary();
        let shots = [
            shot(0, 0, 0, Launched, 100.0),
            shot(1, 0, 1, Launched, 100.0),
            shot(0, 0, 0, Kill, 100.0),
            shot(1, 0, 1, NoTarget, 100.0),
            shot(2, 0, 2, Refused, 0.0),
            shot(3, 0, 2, Cancelled, 0.0),
        ];
        let events: Vec<_> = shots.iter().map(Event::Engagement).collect();
        feed(&mut s, &events);
        let b = &s.batteries[0];
        assert_eq!(
            (b.layer, b.rounds, b.fired, b.kills),
            (Layer::Lower, 60, 2, 1)
        );
        assert_eq!((b.cost, b.rounds_left()), (Usd::dollars(200.0), 58));
        let layers = s.layers();
        assert_eq!(layers.keys().copied().collect::<Vec<_>>(), [Layer::Lower]);
        let lower = &layers[&Layer::Lower];
        assert_eq!(
            (lower.batteries, lower.rounds, lower.fired, lower.kills),
            (1, 60, 2, 1)
        );
        assert_eq!(lower.rounds_left(), 58);
        assert_eq!(lower.cost_per_kill(), Some(Usd::dollars(200.0)));
        // Nothing intercepted (no threat was launched): no cost per intercept.
        assert_eq!(s.cost_per_intercept(), None);
    }

    #[test]
    fn events_the_scenario_does_not_know_change_nothing_they_cannot_and_never_panic() {
        use EngagementOutcome::*;
        let mut s = summary();
        aimed(&mut s);
        let shots = [
            // An unknown battery, an unknown threat, a kill twice, an empty magazine.
            shot(0, 9, 0, Launched, 100.0),
            shot(0, 9, 99, Kill, 100.0),
            shot(1, 0, 0, Kill, 100.0),
            shot(2, 0, 0, Kill, 100.0),
        ];
        // An impact of an unknown object on an unknown asset.
        let hit = impact(42, Some(7), 0.5);
        let threat = launch(0);
        let mut events = vec![Event::Launch(&threat)];
        events.extend(shots.iter().map(Event::Engagement));
        events.push(Event::Impact(&hit));
        feed(&mut s, &events);
        // Threat 0 intercepted once, saved once.
        assert_eq!(s.total().intercepted, 1);
        assert_eq!(s.assets[0].intercepted_aimed, 1);
        assert_eq!(s.value_saved(), 5.0);
        // The unknown battery's rounds count by type, not by battery or layer.
        assert_eq!(s.interceptors["Tamir"].fired, 1);
        assert_eq!(s.batteries[0].fired, 0);
        assert_eq!(s.layers()[&Layer::Lower].rounds_left(), 60);
        assert_eq!(s.assets_hit(), 0);
    }
}
