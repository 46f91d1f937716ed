//! **engine**: the deterministic simulator that steps the world and the battle manager.
//!
//! Time is integer: tick `n` is `t0 + n·dt`, computed, never accumulated. Each tick from
//! `t0` to `t1` runs these phases, in this order, and emits its events in the same order:
//!
//! 1. **launch**: threats whose launch time is `t0` leave their launchers;
//! 2. **fly**: every threat in flight advances to `t1`;
//! 3. **resolve**, in time order within the tick (ties: launch, then impact, then
//!    intercept, then by id): interceptor launches, ground impacts (damage), intercepts
//!    (kill draws);
//! 4. **sense**: radars make the plots whose illumination times fall in the tick;
//! 5. **truth**: periodic truth samples at `t1`;
//! 6. **battle manager**, on its cycle: the plots that have arrived since its last cycle
//!    go in (a plot arrives its radar's latency after its illumination; in order of
//!    arrival, then illumination time, then sensor); tracks, assessments, orders and
//!    aim updates come out. A plot is recorded when it is delivered.
//!
//! The battle managers form the scenario's network ([`Network`]): one, integrated,
//! hearing every radar and ordering every battery; or, autonomous, one per battery,
//! hearing only that battery's radars, stepped in battery order within the phase. Each
//! numbers its own tracks and engagements from 0; the engine gives them run-wide ids
//! (see [`FireUnit`]), which are the battle manager's own when there is one.
//!
//! Every random draw comes from a stream of its own (per raid, sensor and engagement),
//! so the same scenario and seed give identical events whatever else changes.

pub mod clock;
pub mod start;

use std::collections::BTreeMap;

use rand::Rng;
use std::sync::Arc;
use tdome_bmc::BattleManager;
use tdome_core::defence::{BatteryDescription, BatteryStatus};
use tdome_core::event::{
    EngagementOutcome, EngagementRecord, Event, EventSink, ImpactRecord, LaunchRecord, ModeRecord,
    ModeSource, ObjectKind, ReloadRecord, RunStart, TruthSample,
};
use tdome_core::ids::BatteryId;
use tdome_core::ids::{EngagementId, ObjectId, TrackId};
use tdome_core::nearby::PointIndex;
use tdome_core::orders::OperatorMode;
use tdome_core::picture::{TrackEstimate, TrackStatus};
use tdome_core::plot::Plot;
use tdome_core::rng::{Purpose, stream};
use tdome_core::time::TickClock;
use tdome_core::{Geodetic, Length, SimDuration, SimTime};

use tdome_physics::EcefState;
use tdome_physics::ballistic::BallisticFlight;
use tdome_physics::interceptor::{FlightEnd, InterceptorModel};
use tdome_scenario::model::{FlightModel, Network, Scenario};

use crate::engage::guided::ThreatTrack;
use crate::engage::{Interceptor, Resolution, resolve};
use crate::flight::route::RouteFlight;
use crate::flight::{FlightStep, Ground, ThreatFlight};
use crate::raid::{PlannedThreat, RaidError, plan};
use crate::sense::radar::{Radar, TargetView};
use clock::Clock;

/// Why a simulation could not be built or run.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// A raid could not be planned.
    #[error(transparent)]
    Raid(#[from] RaidError),
    /// A sink failed; what was recorded before has been flushed.
    #[error("recording failed at t = {time} s: {source}")]
    Sink {
        /// Simulation time of the failure.
        time: SimTime,
        /// The I/O error.
        source: std::io::Error,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Life {
    Pending,
    Flying,
    Impacted(SimTime),
    Killed(SimTime),
}

#[derive(Clone, Debug)]
struct ThreatObject {
    plan: PlannedThreat,
    flight: Option<ThreatFlight>,
    life: Life,
    /// State at the start of the current tick.
    before: EcefState,
    /// State at `after_time`: the end of the tick, or the impact within it.
    after: EcefState,
    after_time: SimTime,
    /// Set during the fly phase when the threat reaches the ground this tick.
    impact: Option<(SimTime, EcefState)>,
}

impl ThreatObject {
    /// The cross-section radars see: the re-entry vehicle's alone once it has separated
    /// from the booster (by the end of the tick), the threat type's before.
    fn rcs_m2(&self) -> f64 {
        match (&self.flight, self.plan.threat.reentry_rcs_m2) {
            (Some(ThreatFlight::Ballistic(f)), Some(rcs)) if f.is_separated() => rcs,
            _ => self.plan.threat.rcs_m2,
        }
    }

    /// Its true state at `t` within the current tick, from `t0` to `after_time`.
    fn state_at(&self, t0: SimTime, t: SimTime) -> EcefState {
        let span = (self.after_time - t0).as_seconds();
        if span <= 0.0 {
            return self.after;
        }
        let s = ((t - t0).as_seconds() / span).clamp(0.0, 1.0);
        EcefState::hermite(&self.before, &self.after, span, s)
    }
}

#[derive(Clone, Debug)]
struct InterceptorSlot {
    interceptor: Interceptor,
    launched: bool,
    resolved: bool,
}

/// Counters for a finished (or stopped) run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    /// The run's root seed.
    pub seed: u64,
    /// Ticks stepped.
    pub ticks: u64,
    /// Simulated time reached.
    pub sim_time: SimTime,
    /// Plots made.
    pub plots: u64,
    /// Battle-manager cycles.
    pub bmc_cycles: u64,
    /// Objects removed because their state stopped being finite.
    pub quarantined: u64,
    /// Orders a battery could not carry out (should stay 0).
    pub refused_orders: u64,
    /// Tracks the battle manager dropped because its picture was at capacity
    /// (`[bmc.tracker] max_tracks`).
    pub tracks_dropped_at_capacity: u64,
    /// Plots the battle manager received too late to use (after its reorder window),
    /// discarded and counted.
    pub plots_late: u64,
    /// Plots the battle manager could not use at all.
    pub plots_unusable: u64,
    /// Rounds put back on launchers from the batteries' reserves.
    pub rounds_reloaded: u64,
}

// A campaign runs its replications' worlds on threads of their own: a world must be
// `Send`, and this fails to compile the day one stops being.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Simulation>();
};

/// The simulated world and the battle manager, stepping together.
#[derive(Clone)]
pub struct Simulation {
    seed: u64,
    clock: TickClock,
    end_tick: u64,
    n: u64,
    truth_period: SimDuration,
    bmc_cycle: SimDuration,
    next_bmc: SimTime,
    threats: Vec<ThreatObject>,
    /// Indexed by engagement id.
    interceptors: Vec<InterceptorSlot>,
    next_object: u32,
    radars: Vec<Radar>,
    batteries: Vec<BatteryDescription>,
    /// Each battery's flyout model (by battery index): `None` for a gun.
    flyout_models: Vec<Option<Arc<InterceptorModel>>>,
    status: Vec<BatteryStatus>,
    /// Each battery's reserve and the reload under way, by battery index.
    reloads: Vec<Reloading>,
    asset_damage: Vec<f64>,
    assets: Vec<tdome_core::defence::DefendedAsset>,
    /// The battle managers of the network, in battery order.
    units: Vec<FireUnit>,
    /// Plots made and not yet delivered to the battle manager.
    pending_plots: Vec<PendingPlot>,
    /// The true object nearest each track at its latest report (for records only).
    track_truth: BTreeMap<TrackId, ObjectId>,
    stats: RunStats,
    /// Buffers reused every tick: no state lives in them between steps.
    scratch: Scratch,
    /// What the run is of: the first event of every run.
    start: Arc<RunStart>,
    /// Operators' mode commands given since the last battle-manager cycle, in order.
    mode_commands: Vec<(BatteryId, OperatorMode)>,
}

/// The world's scratch buffers, kept apart from its state: each is cleared before use
/// and holds nothing from one step to the next, so a copy of the world starts them
/// empty (a clone copies state only).
#[derive(Debug, Default)]
struct Scratch {
    views: Vec<TargetView>,
    sensed: Vec<(Plot, Option<ObjectId>)>,
    plots_for_bmc: Vec<Plot>,
    /// The plots of `plots_for_bmc` one battle manager hears, when it does not hear all.
    unit_plots: Vec<Plot>,
    due_scratch: Vec<(SimTime, Due)>,
    /// Orders refused this cycle, to report back to the battle manager.
    refusals: Vec<(EngagementId, tdome_core::defence::Unavailable)>,
    live_scratch: Vec<(
        ObjectId,
        tdome_core::Position<tdome_core::Ecef>,
        tdome_core::threat::ThreatKind,
    )>,
}

impl Clone for Scratch {
    fn clone(&self) -> Self {
        Scratch::default()
    }
}

/// A battle manager of the network and what the engine keeps for it: which radars it
/// hears, and its engagements' run-wide ids.
///
/// Run-wide ids: engagement ids are dense over the run, in order of issue (battle
/// managers in network order within a cycle); the run's id of a battle manager's track
/// `t` is `t · units + u`, for the `u`-th of `units` battle managers, so ids of
/// different pictures never meet and, with one battle manager, are its own.
#[derive(Clone, Debug)]
struct FireUnit {
    bmc: BattleManager,
    /// By sensor index, whether it hears that radar; `None`: every radar.
    hears: Option<Vec<bool>>,
    /// The run-wide id of each of its engagements, by its own engagement id.
    engagements: Vec<EngagementId>,
}

/// The run-wide id of track `own` of the `u`-th of `units` battle managers (see
/// [`FireUnit`]); an error when it would not fit an id (more than 4·10⁹ / `units`
/// tracks).
fn run_track(own: TrackId, u: usize, units: usize) -> std::io::Result<TrackId> {
    let id = u64::from(own.0) * units as u64 + u as u64;
    u32::try_from(id).map(TrackId).map_err(|_| {
        std::io::Error::other(format!(
            "track {own} of battle manager {u} has no run-wide id below 2^32"
        ))
    })
}

/// The battle managers of `scenario`'s network (see [`Network`]).
fn network(scenario: &Scenario) -> Vec<FireUnit> {
    let manager = |batteries: Vec<BatteryDescription>| {
        BattleManager::new(scenario.bmc.clone(), scenario.assets.clone(), batteries)
            .with_interceptor_models(&scenario.catalogue.interceptor_models)
    };
    match scenario.network {
        Network::Integrated => vec![FireUnit {
            bmc: manager(scenario.batteries.clone()),
            hears: None,
            engagements: Vec::new(),
        }],
        Network::Autonomous => scenario
            .batteries
            .iter()
            .enumerate()
            .map(|(b, battery)| {
                let mut hears = vec![false; scenario.sensors.len()];
                for r in scenario.battery_radars.get(b).into_iter().flatten() {
                    if let Some(h) = hears.get_mut(r.index()) {
                        *h = true;
                    }
                }
                FireUnit {
                    bmc: manager(vec![battery.clone()]),
                    hears: Some(hears),
                    engagements: Vec::new(),
                }
            })
            .collect(),
    }
}

/// A battery's reserve and its reload under way.
#[derive(Clone, Copy, Debug)]
struct Reloading {
    /// Rounds in the reserve, not counting those being loaded.
    reserve: u32,
    /// When the reload under way is done, and how many rounds it loads.
    under_way: Option<(SimTime, u32)>,
}

/// A plot on its way to the battle manager.
#[derive(Clone, Debug)]
struct PendingPlot {
    /// When it reaches the battle manager: its illumination time plus its radar's
    /// latency.
    arrival: SimTime,
    plot: Plot,
    /// The object it came from (`None`: a false alarm), for records only.
    truth: Option<ObjectId>,
}

/// One happening to resolve in time order within a tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Launch(EngagementId),
    Impact(ObjectId),
    Intercept(EngagementId),
}

impl Simulation {
    /// Build the world of one replication from a validated scenario, shared and read
    /// only, and the replication's root seed (the scenario's own `seed` for a single
    /// run; a campaign derives one per replication): plan every raid (launch solutions
    /// included), place the radars and batteries, and start the battle manager.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Self, SimulationError> {
        let planned = plan(scenario, seed)?;
        let threats = planned
            .into_iter()
            .map(|plan| ThreatObject {
                plan,
                flight: None,
                life: Life::Pending,
                before: EcefState::default(),
                after: EcefState::default(),
                after_time: SimTime::ZERO,
                impact: None,
            })
            .collect::<Vec<_>>();
        let status = scenario.batteries.iter().map(BatteryStatus::full).collect();
        Ok(Simulation {
            seed,
            clock: TickClock::new(SimTime::ZERO, scenario.tick),
            end_tick: TickClock::new(SimTime::ZERO, scenario.tick)
                .ticks_to_cover(SimTime::ZERO + scenario.duration),
            n: 0,
            truth_period: scenario.truth_record_period,
            bmc_cycle: scenario.bmc.cycle,
            next_bmc: SimTime::ZERO + scenario.bmc.cycle,
            next_object: threats.len() as u32,
            threats,
            interceptors: Vec::new(),
            radars: scenario
                .sensors
                .iter()
                .map(|s| Radar::new(s.clone(), seed))
                .collect(),
            batteries: scenario.batteries.clone(),
            flyout_models: scenario
                .batteries
                .iter()
                .map(|b| {
                    scenario
                        .catalogue
                        .interceptor_model(&b.interceptor.name)
                        .cloned()
                })
                .collect(),
            status,
            reloads: scenario
                .batteries
                .iter()
                .map(|b| Reloading {
                    reserve: b.reserve_rounds,
                    under_way: None,
                })
                .collect(),
            asset_damage: vec![0.0; scenario.assets.len()],
            assets: scenario.assets.clone(),
            units: network(scenario),
            pending_plots: Vec::new(),
            track_truth: BTreeMap::new(),
            stats: RunStats {
                seed,
                ..RunStats::default()
            },
            scratch: Scratch::default(),
            start: Arc::new(start::run_start(scenario, seed)),
            mode_commands: Vec::new(),
        })
    }

    /// What this run is of (the [`Event::RunStart`] it begins with).
    pub fn run_start(&self) -> &RunStart {
        &self.start
    }

    /// An operator puts `battery` under `mode` (weapons free, tight or hold). It is
    /// obeyed from the next battle-manager cycle, which records it as a
    /// [`ModeRecord`]. Returns false, changing nothing, when the run has no such battery.
    pub fn command_mode(&mut self, battery: BatteryId, mode: OperatorMode) -> bool {
        if battery.index() >= self.batteries.len() {
            return false;
        }
        self.mode_commands.push((battery, mode));
        true
    }

    /// Simulated time now.
    pub fn now(&self) -> SimTime {
        self.clock.time_of(self.n)
    }

    /// The scenario's end time.
    pub fn end_time(&self) -> SimTime {
        self.clock.time_of(self.end_tick)
    }

    /// True when the scenario's duration has been simulated.
    pub fn finished(&self) -> bool {
        self.n >= self.end_tick
    }

    /// Counters so far.
    pub fn stats(&self) -> &RunStats {
        &self.stats
    }

    /// The battle managers (for inspection): the one of an integrated network, or one
    /// per battery, in battery order, of an autonomous one.
    pub fn battle_managers(&self) -> impl Iterator<Item = &BattleManager> {
        self.units.iter().map(|u| &u.bmc)
    }

    /// Fraction of each asset's value destroyed so far, by asset id.
    pub fn asset_damage(&self) -> &[f64] {
        &self.asset_damage
    }

    /// Run to the end, pacing with `clock` and calling `progress` after each tick.
    /// On a sink error the sinks are finished (flushed) before the error returns.
    pub fn run(
        &mut self,
        clock: &mut dyn Clock,
        sink: &mut dyn EventSink,
        progress: &mut dyn FnMut(SimTime),
    ) -> Result<RunStats, SimulationError> {
        while !self.finished() {
            if let Err(source) = self.step(sink) {
                let _ = sink.finish();
                return Err(SimulationError::Sink {
                    time: self.now(),
                    source,
                });
            }
            clock.wait_until(self.now());
            progress(self.now());
        }
        sink.finish().map_err(|source| SimulationError::Sink {
            time: self.now(),
            source,
        })?;
        Ok(self.stats.clone())
    }

    /// Advance one tick, emitting its events to `sink`.
    pub fn step(&mut self, sink: &mut dyn EventSink) -> std::io::Result<()> {
        let t0 = self.clock.time_of(self.n);
        let t1 = self.clock.time_of(self.n + 1);
        let dt = (t1 - t0).as_seconds();
        if self.n == 0 {
            sink.on_event(&Event::RunStart(&self.start))?;
        }
        self.launch_threats(t0, sink)?;
        self.fly(dt, t0, t1);
        self.resolve(t0, t1, sink)?;
        self.reload(t1, sink)?;
        self.sense(t0, t1);
        if t1.as_nanos() % self.truth_period.as_nanos() == 0 {
            self.sample_truth(t1, sink)?;
        }
        if t1 >= self.next_bmc {
            self.battle_manager_cycle(t1, sink)?;
            while self.next_bmc <= t1 {
                self.next_bmc += self.bmc_cycle;
            }
        }
        self.n += 1;
        self.stats.ticks = self.n;
        self.stats.sim_time = t1;
        Ok(())
    }

    /// Reloads at the end of the tick ending at `t1`: a reload that falls due puts its
    /// rounds on the launcher (`Reload`), and a battery with a launcher's worth of
    /// rounds gone, a reserve, and no reload under way starts one, taking the rounds
    /// from the reserve. One launcher at a time per battery (one reload crew, assumed),
    /// on tick boundaries: a reload takes its type's `reload_time` rounded up to the
    /// tick. Rounds are pooled across a battery's launchers, so "a launcher empty" is
    /// read as "a launcher's worth of rounds gone".
    fn reload(&mut self, t1: SimTime, sink: &mut dyn EventSink) -> std::io::Result<()> {
        for (b, battery) in self.batteries.iter().enumerate() {
            let (Some(reloading), Some(status)) = (self.reloads.get_mut(b), self.status.get_mut(b))
            else {
                continue;
            };
            if let Some((due, rounds)) = reloading.under_way
                && due <= t1
            {
                status.rounds_ready = status.rounds_ready.saturating_add(rounds);
                reloading.under_way = None;
                self.stats.rounds_reloaded += u64::from(rounds);
                sink.on_event(&Event::Reload(&ReloadRecord {
                    time: t1,
                    battery: battery.id,
                    rounds,
                    reserve_left: reloading.reserve,
                }))?;
            }
            let Some(reload_time) = battery.interceptor.reload_time else {
                continue;
            };
            let room = battery.rounds.saturating_sub(status.rounds_ready);
            if reloading.under_way.is_none()
                && reloading.reserve > 0
                && room >= battery.rounds_per_launcher
            {
                let rounds = battery.rounds_per_launcher.min(reloading.reserve);
                reloading.reserve -= rounds;
                reloading.under_way = Some((t1 + reload_time, rounds));
            }
        }
        Ok(())
    }

    fn launch_threats(&mut self, t0: SimTime, sink: &mut dyn EventSink) -> std::io::Result<()> {
        for threat in self.threats.iter_mut() {
            if threat.life != Life::Pending || threat.plan.launch_time > t0 {
                continue;
            }
            let p = &threat.plan;
            let flight = match (&p.threat.flight, p.launch_command) {
                (FlightModel::Ballistic(vehicle), Some(cmd)) => ThreatFlight::Ballistic(
                    BallisticFlight::launch(vehicle.clone(), p.launch_point, cmd),
                ),
                (FlightModel::AirBreathing(profile), _) => {
                    let mut route = p.via.clone();
                    route.push(p.aim_point);
                    ThreatFlight::Route(RouteFlight::launch(*profile, p.launch_point, route))
                }
                // Planning gives every ballistic threat a command.
                (FlightModel::Ballistic(_), None) => continue,
            };
            let state = flight.state();
            threat.flight = Some(flight);
            threat.before = state;
            threat.after = state;
            threat.after_time = t0;
            threat.life = Life::Flying;
            sink.on_event(&Event::Launch(&LaunchRecord {
                sample: TruthSample {
                    time: t0,
                    object: p.id,
                    kind: ObjectKind::Threat(p.threat.kind),
                    position: state.position,
                    velocity: state.velocity,
                },
                type_name: p.threat.name.clone(),
            }))?;
        }
        Ok(())
    }

    fn fly(&mut self, dt: f64, t0: SimTime, t1: SimTime) {
        let ground = Ground::new(&self.assets);
        for threat in self.threats.iter_mut() {
            threat.impact = None;
            if threat.life != Life::Flying {
                continue;
            }
            let Some(flight) = threat.flight.as_mut() else {
                continue;
            };
            threat.before = threat.after;
            match flight.step(dt, &ground) {
                FlightStep::Flying(s) => {
                    threat.after = s;
                    threat.after_time = t1;
                }
                FlightStep::Impact { fraction, state } => {
                    // The step ends at the ground, part-way through the tick.
                    let t = t0 + SimDuration::from_seconds(fraction * dt);
                    threat.after = state;
                    threat.after_time = t;
                    threat.impact = Some((t, state));
                }
            }
            if !(threat.after.position.is_finite() && threat.after.velocity.is_finite()) {
                // Quarantine: a non-finite state must not poison plots or tracks.
                threat.life = Life::Killed(t0);
                threat.impact = None;
                self.stats.quarantined += 1;
            }
        }
    }

    fn resolve(
        &mut self,
        t0: SimTime,
        t1: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let mut due = std::mem::take(&mut self.scratch.due_scratch);
        due.clear();
        self.fly_interceptors(t0, t1, &mut due);
        self.lase(t0, t1, &mut due);
        for slot in &self.interceptors {
            let i = &slot.interceptor;
            if !slot.launched && i.launch_time <= t1 {
                due.push((i.launch_time, Due::Launch(i.engagement)));
            }
            // A guided flight and a beam are resolved where they end (above); a gun
            // burst at its planned time.
            if !slot.resolved && i.guided.is_none() && i.beam.is_none() && i.intercept_time <= t1 {
                due.push((i.intercept_time, Due::Intercept(i.engagement)));
            }
        }
        for t in &self.threats {
            if let Some((time, _)) = t.impact {
                due.push((time, Due::Impact(t.plan.id)));
            }
        }
        due.sort();
        let mut result = Ok(());
        for &(time, what) in &due {
            result = match what {
                Due::Launch(e) => self.launch_interceptor(e, sink),
                Due::Impact(o) => self.impact(o, time, sink),
                Due::Intercept(e) if self.interceptors[e.index()].interceptor.guided.is_some() => {
                    self.guided_intercept(e, time, sink)
                }
                Due::Intercept(e) if self.interceptors[e.index()].interceptor.beam.is_some() => {
                    self.laser_intercept(e, time, t0, sink)
                }
                Due::Intercept(e) => self.intercept(e, t0, sink),
            };
            if result.is_err() {
                break;
            }
        }
        self.scratch.due_scratch = due;
        result
    }

    fn launch_interceptor(
        &mut self,
        e: EngagementId,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let slot = &mut self.interceptors[e.index()];
        slot.launched = true;
        if slot.interceptor.beam.is_some() {
            // The beam goes on: nothing flies, so no object and no truth.
            let i = &slot.interceptor;
            return sink.on_event(&Event::Engagement(&EngagementRecord {
                explanation: i.explanation.clone(),
                ..i.record(i.launch_time, EngagementOutcome::Launched)
            }));
        }
        let object = ObjectId(self.next_object);
        self.next_object += 1;
        let i = &mut slot.interceptor;
        i.object = Some(object);
        let s = i.launch_state();
        sink.on_event(&Event::Launch(&LaunchRecord {
            sample: TruthSample {
                time: i.launch_time,
                object,
                kind: ObjectKind::Interceptor,
                position: s.position,
                velocity: s.velocity,
            },
            type_name: i.kind.name.clone(),
        }))?;
        sink.on_event(&Event::Engagement(&EngagementRecord {
            explanation: i.explanation.clone(),
            ..i.record(i.launch_time, EngagementOutcome::Launched)
        }))
    }

    fn impact(
        &mut self,
        o: ObjectId,
        time: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let threat = &mut self.threats[o.index()];
        if threat.life != Life::Flying {
            return Ok(());
        }
        threat.life = Life::Impacted(time);
        let Some((_, state)) = threat.impact else {
            return Ok(());
        };
        // On the ground it reached: an asset's, or the ellipsoid.
        let point = Geodetic::from_ecef(&state.position).with_height(Length::metres(
            Ground::new(&self.assets).height_at(&state.position),
        ));
        // Overlapping areas: the most valuable one is hit (as the battle manager assumes).
        let asset = self
            .assets
            .iter()
            .filter(|a| a.area.contains(&point))
            .max_by(|a, b| a.value.total_cmp(&b.value).then(b.id.cmp(&a.id)))
            .map(|a| a.id);
        let damage = match asset {
            Some(a) => {
                let d = threat.plan.threat.damage_per_hit;
                let before = self.asset_damage[a.index()];
                // Independent hits: the surviving fraction multiplies.
                self.asset_damage[a.index()] = 1.0 - (1.0 - before) * (1.0 - d);
                d
            }
            None => 0.0,
        };
        sink.on_event(&Event::Impact(&ImpactRecord {
            time,
            object: o,
            kind: threat.plan.threat.kind,
            point,
            asset,
            damage,
        }))
    }

    fn intercept(
        &mut self,
        e: EngagementId,
        t0: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let t = self.interceptors[e.index()].interceptor.intercept_time;
        // Threats destroyed at this very instant (by a salvo partner) are still where the
        // interceptor meets them: they count for the miss distance, not for a kill.
        let mut live = std::mem::take(&mut self.scratch.live_scratch);
        live.clear();
        let mut just_killed = None;
        for th in self.threats.iter().filter(|th| th.plan.launch_time <= t) {
            let here = || (th.plan.id, th.state_at(t0, t).position, th.plan.threat.kind);
            match th.life {
                Life::Flying => live.push(here()),
                Life::Killed(k) if k == t => {
                    let (id, p, _) = here();
                    let d = p
                        .distance_to(&self.interceptors[e.index()].interceptor.aim_point)
                        .si();
                    if just_killed.is_none_or(|(bd, _)| d < bd) {
                        just_killed = Some((d, id));
                    }
                }
                _ => {}
            }
        }
        let slot = &mut self.interceptors[e.index()];
        slot.resolved = true;
        let i = &slot.interceptor;
        let resolution = resolve(i, &live, self.seed);
        let nearest_live = crate::engage::nearest_threat(i, &live).map(|(d, _, _)| d);
        let miss_distance = match (nearest_live, just_killed) {
            (Some(a), Some((b, _))) => Some(a.min(b)),
            (a, b) => a.or(b.map(|(d, _)| d)),
        }
        .map(Length::metres);
        self.scratch.live_scratch = live;
        let basket = i.kind.homing_basket.si();
        let (outcome, target) = match (resolution, just_killed) {
            (Resolution::Kill(o), _) => (EngagementOutcome::Kill, Some(o)),
            (Resolution::Miss(o), _) => (EngagementOutcome::Miss, Some(o)),
            // Its salvo partner got there first.
            (Resolution::NoTarget, Some((d, o))) if d <= basket => {
                (EngagementOutcome::TargetDestroyed, Some(o))
            }
            (Resolution::NoTarget, _) => (EngagementOutcome::NoTarget, None),
        };
        let record = EngagementRecord {
            threat_object: target,
            miss_distance,
            aim_point: Some(i.aim_point),
            ..i.record(t, outcome)
        };
        let kill = match resolution {
            Resolution::Kill(o) => Some(o),
            _ => None,
        };
        self.conclude(&record, kill, sink)
    }

    /// The end of a shot: its threat destroyed if it killed, its battery's fire channel
    /// free again, and its resolution recorded.
    fn conclude(
        &mut self,
        record: &EngagementRecord,
        kill: Option<ObjectId>,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        if let Some(o) = kill {
            self.threats[o.index()].life = Life::Killed(record.time);
        }
        if let Some(st) = self.status.iter_mut().find(|s| s.id == record.battery) {
            st.release();
        }
        sink.on_event(&Event::Engagement(record))
    }

    /// Launch the guided interceptors due this tick and fly every guided interceptor in
    /// the air to `t1` (the threats have flown already), acquiring the designated threat
    /// when its seeker can; each flight that ends is due for resolution at its end.
    fn fly_interceptors(&mut self, t0: SimTime, t1: SimTime, due: &mut Vec<(SimTime, Due)>) {
        let threats = &self.threats;
        let track_truth = &self.track_truth;
        for slot in self.interceptors.iter_mut() {
            let i = &mut slot.interceptor;
            if slot.resolved || i.launch_time > t1 {
                continue;
            }
            let engagement = i.engagement;
            let launch = i.launch_time;
            let aim_point = i.aim_point;
            let Some(g) = i.guided.as_mut() else {
                continue;
            };
            if g.flight().is_none() && g.launch(aim_point).is_err() {
                // The physics cannot fly it (a degenerate aim point): a dud.
                due.push((launch, Due::Intercept(engagement)));
                continue;
            }
            let start = if launch > t0 { launch } else { t0 };
            // The seeker is cued by the fire-control track: it looks for the threat the
            // track follows.
            if g.homing_on().is_none()
                && let Some(&object) = track_truth.get(&i.track)
                && let Some(th) = threats.get(object.index())
                && th.life == Life::Flying
            {
                let at = th.state_at(t0, start).position;
                g.try_acquire(object, th.plan.threat.kind.category(), &at);
            }
            let homed = g.homing_on().and_then(|o| threats.get(o.index()));
            let motion = homed.map(|th| {
                move |s: f64| {
                    let t = launch + SimDuration::from_seconds(s);
                    // The threat as flown this tick, until it lands; not before the tick
                    // (the flight only asks from where it stands).
                    (th.life == Life::Flying && t <= th.after_time).then(|| th.state_at(t0, t))
                }
            });
            let to_s = (t1 - launch).as_seconds();
            match g.advance(to_s, motion.as_ref().map(|m| m as &dyn ThreatTrack)) {
                Ok(Some(end)) => {
                    let at = launch + SimDuration::from_seconds(flight_end_time_s(&end));
                    due.push((at.clamp(start, t1), Due::Intercept(engagement)));
                }
                Ok(None) => {}
                Err(_) => due.push((start, Due::Intercept(engagement))),
            }
        }
    }

    /// Hold every laser's beam that is on over the tick (see [`crate::engage::laser`]);
    /// each shot that ends is due for resolution then.
    fn lase(&mut self, t0: SimTime, t1: SimTime, due: &mut Vec<(SimTime, Due)>) {
        let threats = &self.threats;
        for slot in self.interceptors.iter_mut() {
            let i = &mut slot.interceptor;
            if slot.resolved || i.launch_time > t1 {
                continue;
            }
            let site = i.site();
            let Some(beam) = i.beam.as_mut() else {
                continue;
            };
            let tdome_core::defence::Effector::Laser(laser) = &i.kind.effector else {
                continue;
            };
            let start = i.launch_time.max(t0);
            // The beam goes on the threat its fire-control track follows.
            if beam.on.is_none() {
                beam.on = self.track_truth.get(&i.track).copied().filter(|o| {
                    threats
                        .get(o.index())
                        .is_some_and(|th| th.life == Life::Flying)
                });
            }
            let Some(th) = beam.on.and_then(|o| threats.get(o.index())) else {
                due.push((start, Due::Intercept(i.engagement)));
                continue;
            };
            if th.life != Life::Flying {
                due.push((start, Due::Intercept(i.engagement)));
                continue;
            }
            let released = i.launch_time + i.kind.max_time_of_flight;
            let until = t1.min(released).min(th.after_time);
            let position = |t: SimTime| th.state_at(t0, t).position;
            let lased = crate::engage::laser::Lased {
                laser,
                kind: th.plan.threat.kind,
                site,
                band_m: (i.kind.min_altitude.si(), i.kind.max_altitude.si()),
                position: &position,
            };
            if let Some(done) = beam.hold(&lased, start, until) {
                due.push((done, Due::Intercept(i.engagement)));
            } else if released <= t1 {
                due.push((released.max(start), Due::Intercept(i.engagement)));
            }
        }
    }

    /// Resolve a laser shot that ended at `time`: a kill draw when the threat took its
    /// whole dwell inside the envelope, else no kill.
    fn laser_intercept(
        &mut self,
        e: EngagementId,
        time: SimTime,
        t0: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let slot = &mut self.interceptors[e.index()];
        slot.resolved = true;
        let i = &slot.interceptor;
        let Some(beam) = i.beam.as_ref() else {
            return Ok(());
        };
        let target = beam
            .on
            .and_then(|o| self.threats.get(o.index()).map(|th| (o, th)));
        let mut kill = None;
        let mut aim_point = i.aim_point;
        let outcome = match target {
            Some((o, th)) => {
                let at = th.state_at(t0, time).position;
                aim_point = at;
                match th.life {
                    Life::Flying if beam.dose >= 1.0 => {
                        let pk = i
                            .kind
                            .pk
                            .against_kind(th.plan.threat.kind)
                            .map_or(0.0, |p| p.value());
                        let inside = crate::engage::guided::inside_envelope(
                            &i.kind,
                            Geodetic::from_ecef(&i.site()),
                            &at,
                        );
                        let mut rng = stream(self.seed, Purpose::Kill, e.0 as u64);
                        if inside && rng.random::<f64>() < pk {
                            kill = Some(o);
                            EngagementOutcome::Kill
                        } else {
                            EngagementOutcome::Miss
                        }
                    }
                    // Released with the dose short.
                    Life::Flying => EngagementOutcome::Miss,
                    Life::Killed(_) => EngagementOutcome::TargetDestroyed,
                    Life::Impacted(_) | Life::Pending => EngagementOutcome::NoTarget,
                }
            }
            None => EngagementOutcome::NoTarget,
        };
        let record = EngagementRecord {
            threat_object: beam.on,
            aim_point: Some(aim_point),
            ..i.record(time, outcome)
        };
        self.conclude(&record, kill, sink)
    }

    /// Resolve a guided interceptor whose flight ended at `time`: at its closest approach
    /// to the threat its seeker held, one draw against the kill probability of the miss
    /// (see [`crate::engage::guided`]); any other end finds nothing.
    fn guided_intercept(
        &mut self,
        e: EngagementId,
        time: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let slot = &mut self.interceptors[e.index()];
        slot.resolved = true;
        let i = &slot.interceptor;
        let Some(g) = i.guided.as_ref() else {
            return Ok(());
        };
        let end = g.flight().and_then(|f| f.end());
        let designated = g
            .homing_on()
            .or_else(|| self.track_truth.get(&i.track).copied());
        let target = designated.and_then(|o| self.threats.get(o.index()).map(|th| (o, th)));
        let mut kill = None;
        let (outcome, miss) = match (end, target) {
            (Some(FlightEnd::ClosestApproach(cpa)), Some((o, th))) => match th.life {
                Life::Flying => {
                    let pk = i
                        .kind
                        .pk
                        .against_kind(th.plan.threat.kind)
                        .unwrap_or(tdome_core::Probability::ZERO);
                    let p = g.kill_probability(&cpa, pk, &i.kind);
                    let mut rng = stream(self.seed, Purpose::Kill, e.0 as u64);
                    if rng.random::<f64>() < p {
                        kill = Some(o);
                        (EngagementOutcome::Kill, Some(cpa.miss))
                    } else {
                        (EngagementOutcome::Miss, Some(cpa.miss))
                    }
                }
                Life::Killed(_) => (EngagementOutcome::TargetDestroyed, Some(cpa.miss)),
                Life::Impacted(_) | Life::Pending => (EngagementOutcome::NoTarget, None),
            },
            (_, Some((_, th))) if matches!(th.life, Life::Killed(_)) => {
                (EngagementOutcome::TargetDestroyed, None)
            }
            (_, Some((_, th))) if th.life == Life::Flying => {
                // Spent without a closest approach: how far it was from the threat then.
                let here = i.state_at(time).position;
                let there = th.state_at(self.clock.time_of(self.n), time).position;
                (
                    EngagementOutcome::NoTarget,
                    Some(Length::metres(here.distance_to(&there).si())),
                )
            }
            _ => (EngagementOutcome::NoTarget, None),
        };
        // A homing missile's last aim is the threat itself: where it was at the closest
        // approach.
        let aim_point = match end {
            Some(FlightEnd::ClosestApproach(cpa)) => cpa.target.position,
            _ => i.aim_point,
        };
        let record = EngagementRecord {
            threat_object: designated,
            miss_distance: miss,
            aim_point: Some(aim_point),
            ..i.record(time, outcome)
        };
        self.conclude(&record, kill, sink)
    }

    fn sense(&mut self, t0: SimTime, t1: SimTime) {
        self.scratch.views.clear();
        for th in &self.threats {
            let until = match th.life {
                Life::Flying => t1,
                Life::Impacted(t) | Life::Killed(t) if t > t0 => t,
                _ => continue,
            };
            self.scratch.views.push(TargetView {
                object: th.plan.id,
                before: th.before,
                after: th.after,
                after_time: th.after_time,
                from: th.plan.launch_time,
                until,
                rcs_m2: th.rcs_m2(),
            });
        }
        for radar in self.radars.iter_mut() {
            self.scratch.sensed.clear();
            radar.observe(t0, t1, &self.scratch.views, &mut self.scratch.sensed);
            self.stats.plots += self.scratch.sensed.len() as u64;
            let latency = radar.spec().latency;
            self.pending_plots
                .extend(
                    self.scratch
                        .sensed
                        .drain(..)
                        .map(|(plot, truth)| PendingPlot {
                            arrival: plot.time + latency,
                            plot,
                            truth,
                        }),
                );
        }
    }

    fn sample_truth(&mut self, t: SimTime, sink: &mut dyn EventSink) -> std::io::Result<()> {
        for th in self.threats.iter().filter(|th| th.life == Life::Flying) {
            sink.on_event(&Event::Truth(&TruthSample {
                time: t,
                object: th.plan.id,
                kind: ObjectKind::Threat(th.plan.threat.kind),
                position: th.after.position,
                velocity: th.after.velocity,
            }))?;
        }
        for slot in self
            .interceptors
            .iter()
            .filter(|s| s.launched && !s.resolved)
        {
            let i = &slot.interceptor;
            let Some(object) = i.object else { continue };
            let s = i.state_at(t);
            sink.on_event(&Event::Truth(&TruthSample {
                time: t,
                object,
                kind: ObjectKind::Interceptor,
                position: s.position,
                velocity: s.velocity,
            }))?;
        }
        Ok(())
    }

    fn battle_manager_cycle(
        &mut self,
        now: SimTime,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        // Stable order: arrival, then illumination time, then sensor; plots of one sensor
        // at one time keep the order the radar made them in (sort_by is stable). Without
        // latency, arrival is illumination and every pending plot has arrived.
        self.pending_plots.sort_by(|a, b| {
            (a.arrival, a.plot.time, a.plot.sensor).cmp(&(b.arrival, b.plot.time, b.plot.sensor))
        });
        let arrived = self.pending_plots.partition_point(|p| p.arrival <= now);
        self.scratch.plots_for_bmc.clear();
        for p in self.pending_plots.drain(..arrived) {
            sink.on_event(&Event::Plot {
                plot: &p.plot,
                truth: p.truth,
            })?;
            self.scratch.plots_for_bmc.push(p.plot);
        }
        self.stats.bmc_cycles += 1;
        self.apply_modes(now, sink)?;
        // Each battle manager in turn; the list is taken out so that each may be stepped
        // while the world is changed, and put back whatever happens.
        let mut units = std::mem::take(&mut self.units);
        let count = units.len();
        let mut flying = None;
        let result = units
            .iter_mut()
            .enumerate()
            .try_for_each(|(u, unit)| self.unit_cycle(now, (u, count), unit, &mut flying, sink));
        self.units = units;
        result?;
        let mut stats = (0, 0, 0);
        for unit in &self.units {
            let c = unit.bmc.tracker().counters();
            stats.0 += c.tracks_dropped_at_capacity;
            stats.1 += c.plots_late;
            stats.2 += c.plots_unusable;
        }
        (
            self.stats.tracks_dropped_at_capacity,
            self.stats.plots_late,
            self.stats.plots_unusable,
        ) = stats;
        Ok(())
    }

    /// Mode changes falling due at this cycle: the scenario's scheduled ones, then the
    /// operators' commands (the later word), each recorded once.
    fn apply_modes(&mut self, now: SimTime, sink: &mut dyn EventSink) -> std::io::Result<()> {
        let mut changes = Vec::new();
        for unit in &mut self.units {
            let applied = unit.bmc.apply_scheduled_modes(now).to_vec();
            // Every autonomous battle manager holds the whole schedule; a change is
            // recorded by the one commanding its battery.
            for c in applied {
                if unit.bmc.mode(c.battery).is_some() {
                    changes.push((c.battery, c.mode, ModeSource::Scheduled));
                }
            }
        }
        for (battery, mode) in std::mem::take(&mut self.mode_commands) {
            for unit in &mut self.units {
                unit.bmc.set_mode(battery, mode);
            }
            changes.push((battery, mode, ModeSource::Operator));
        }
        for (battery, mode, source) in changes {
            sink.on_event(&Event::Mode(&ModeRecord {
                time: now,
                battery,
                mode,
                source,
            }))?;
        }
        Ok(())
    }

    /// One cycle of the `u`-th of `count` battle managers, `unit`, with the plots it
    /// hears among those delivered this cycle: its picture, assessments and orders are
    /// recorded under run-wide ids, and its orders carried out. `flying` indexes the
    /// flying threats by position, built by the first battle manager that needs it.
    fn unit_cycle(
        &mut self,
        now: SimTime,
        (u, count): (usize, usize),
        unit: &mut FireUnit,
        flying: &mut Option<PointIndex>,
        sink: &mut dyn EventSink,
    ) -> std::io::Result<()> {
        let plots = match &unit.hears {
            None => &self.scratch.plots_for_bmc,
            Some(hears) => {
                self.scratch.unit_plots.clear();
                self.scratch.unit_plots.extend(
                    self.scratch
                        .plots_for_bmc
                        .iter()
                        .filter(|p| hears.get(p.sensor.index()).copied().unwrap_or(false))
                        .cloned(),
                );
                &self.scratch.unit_plots
            }
        };
        let out = unit.bmc.step(now, plots, &self.status);
        // Flying threats by position, to find the one each track follows.
        if flying.is_none() && !out.tracks.is_empty() {
            *flying = Some(PointIndex::new(
                self.threats
                    .iter()
                    .enumerate()
                    .filter(|(_, th)| th.life == Life::Flying)
                    .map(|(i, th)| {
                        let p = th.after.position.metres();
                        ([p.x, p.y, p.z], i)
                    }),
            ));
        }
        let renamed = count > 1;
        for own in &out.tracks {
            let track = run_track(own.track, u, count)?;
            let report = if renamed {
                &TrackEstimate {
                    track,
                    ..own.clone()
                }
            } else {
                own
            };
            sink.on_event(&Event::Track(report))?;
            if report.status == TrackStatus::Deleted {
                // No order can name a deleted track again.
                self.track_truth.remove(&track);
                continue;
            }
            // Remember the true object nearest the track's estimate brought forward to
            // now, for engagement records (the lowest id among equally near ones).
            let dt = (now - report.time).as_seconds();
            let q = *(report.position + report.velocity.over_seconds(dt)).metres();
            if let Some((i, _)) = flying.as_ref().and_then(|f| f.nearest(&[q.x, q.y, q.z])) {
                self.track_truth.insert(track, self.threats[i].plan.id);
            }
        }
        for own in &out.assessments {
            if renamed {
                let a = tdome_core::orders::ThreatAssessment {
                    track: run_track(own.track, u, count)?,
                    ..own.clone()
                };
                sink.on_event(&Event::Assessment(&a))?;
            } else {
                sink.on_event(&Event::Assessment(own))?;
            }
        }
        self.scratch.refusals.clear();
        for order in &out.orders {
            let Some(b) = self.batteries.iter().position(|b| b.id == order.battery) else {
                continue;
            };
            let battery = &self.batteries[b];
            let Some(st) = self.status.iter_mut().find(|s| s.id == order.battery) else {
                continue;
            };
            // The battle manager plans from the status it was given, so it should never
            // over-order; if it does, the battery refuses, nothing flies (the slot keeps
            // engagement ids dense), and the battle manager is told, so that its book
            // does not hold the track engaged by a shot no one is making.
            let refused = st.take().err();
            debug_assert_eq!(order.engagement.index(), unit.engagements.len());
            let engagement = EngagementId(self.interceptors.len() as u32);
            unit.engagements.push(engagement);
            let track = run_track(order.track, u, count)?;
            let mut interceptor = Interceptor::new(
                engagement,
                order.battery,
                track,
                battery.interceptor.clone(),
                battery.site.to_ecef(),
                order.launch_time,
                order.intercept_time,
                order.aim_point,
                self.track_truth.get(&track).copied(),
            );
            if let Some(model) = &self.flyout_models[b] {
                interceptor = interceptor.guided_by(Arc::clone(model), battery.site);
            }
            interceptor.explanation = Some(Arc::clone(&order.explanation));
            if let Some(why) = refused {
                self.stats.refused_orders += 1;
                self.scratch.refusals.push((order.engagement, why));
                let record = EngagementRecord {
                    // Never launched: nothing spent.
                    cost: tdome_core::Usd::ZERO,
                    explanation: Some(Arc::clone(&order.explanation)),
                    ..interceptor.record(now, EngagementOutcome::Refused)
                };
                sink.on_event(&Event::Engagement(&record))?;
            }
            self.interceptors.push(InterceptorSlot {
                interceptor,
                launched: refused.is_some(),
                resolved: refused.is_some(),
            });
        }
        for update in &out.aim_updates {
            if let Some(&e) = unit.engagements.get(update.engagement.index())
                && let Some(slot) = self.interceptors.get_mut(e.index())
                && !slot.resolved
            {
                slot.interceptor.re_aim(now, update.aim_point);
            }
        }
        for &own in &out.cancellations {
            // Only a round still on its launcher can be withdrawn.
            let Some(slot) = unit
                .engagements
                .get(own.index())
                .and_then(|e| self.interceptors.get_mut(e.index()))
            else {
                continue;
            };
            if slot.launched || slot.resolved {
                continue;
            }
            slot.launched = true;
            slot.resolved = true;
            let i = &slot.interceptor;
            if let Some(st) = self.status.iter_mut().find(|s| s.id == i.battery) {
                st.withdraw();
            }
            let record = EngagementRecord {
                // Never launched: nothing spent.
                cost: tdome_core::Usd::ZERO,
                ..i.record(now, EngagementOutcome::Cancelled)
            };
            sink.on_event(&Event::Engagement(&record))?;
        }
        // The battle manager hears of refused orders (by its own ids) before its next
        // cycle.
        for &(engagement, why) in &self.scratch.refusals {
            unit.bmc.order_refused(engagement, why);
        }
        Ok(())
    }
}

/// Seconds after launch at which a flight ended.
fn flight_end_time_s(end: &FlightEnd) -> f64 {
    match *end {
        FlightEnd::ClosestApproach(cpa) => cpa.time_s,
        FlightEnd::PassedAimPoint { time_s }
        | FlightEnd::GroundImpact { time_s }
        | FlightEnd::TimeOfFlightExhausted { time_s }
        | FlightEnd::TargetGone { time_s } => time_s,
    }
}
