//! [`LiveBattleManager`]: the battle manager of the simulator, fed from the network.
//!
//! The same `tdome_bmc::BattleManager` the engine steps, built from the same scenario
//! (its assets, batteries, doctrine and tracker settings), takes the plots the intake
//! admits and runs its cycle every `bmc.cycle`, on one of two clocks:
//!
//! - **wall**: cycles at the wall clock's simulation time (UTC less the scenario's
//!   epoch), with the plots that have arrived — a battle manager in service;
//! - **data**: cycles as the data's own time passes (the latest plot or north marker
//!   received, less the radars' longest latency), each taking the plots whose
//!   illumination plus their radar's latency falls by it, in the engine's order — a
//!   recording replayed as fast as it comes, giving the simulator's own cycles.
//!
//! With no world behind it, the batteries' status is the battle manager's own
//! bookkeeping: every round it orders is counted gone, and its fire channel busy until
//! the planned intercept (no reload, no refusal is known).

use std::collections::HashMap;

use tdome_bmc::BattleManager;
use tdome_core::defence::BatteryStatus;
use tdome_core::ids::{BatteryId, SensorId};
use tdome_core::plot::Plot;
use tdome_core::{SimDuration, SimTime};
use tdome_scenario::Scenario;

use crate::intake::PlotIntake;

pub use tdome_bmc::battle_manager::StepOutput;

/// Which clock drives the cycles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycleClock {
    /// The wall clock.
    Wall,
    /// The data's own time.
    Data,
}

/// The battle manager on live input: see the module documentation.
pub struct LiveBattleManager {
    bmc: BattleManager,
    cycle: SimDuration,
    next_cycle: SimTime,
    latency: HashMap<SensorId, SimDuration>,
    max_latency: SimDuration,
    waiting: Vec<Plot>,
    status: Vec<BatteryStatus>,
    /// Fire channels held by this battle manager's engagements, until their intercept.
    in_flight: Vec<(BatteryId, SimTime)>,
    cycles: u64,
}

impl LiveBattleManager {
    /// The battle manager of `scenario`'s integrated network, its first cycle at
    /// `first_cycle` (rounded up to the cycle).
    pub fn new(scenario: &Scenario, first_cycle: SimTime) -> Self {
        let bmc = BattleManager::new(
            scenario.bmc.clone(),
            scenario.assets.clone(),
            scenario.batteries.clone(),
        )
        .with_interceptor_models(&scenario.catalogue.interceptor_models);
        let cycle = scenario.bmc.cycle;
        let n = first_cycle.as_nanos().div_euclid(cycle.as_nanos().max(1));
        let next = SimTime::ZERO + cycle.times(n);
        let next_cycle = if next < first_cycle {
            next + cycle
        } else {
            next
        };
        let status = scenario
            .batteries
            .iter()
            .map(|b| BatteryStatus {
                id: b.id,
                rounds_ready: b.rounds,
                engagements_in_flight: 0,
                fire_channels: b.fire_channels,
            })
            .collect();
        LiveBattleManager {
            bmc,
            cycle,
            next_cycle: next_cycle.max(SimTime::ZERO + cycle),
            latency: scenario.sensors.iter().map(|s| (s.id, s.latency)).collect(),
            max_latency: scenario
                .sensors
                .iter()
                .map(|s| s.latency)
                .max()
                .unwrap_or(SimDuration::ZERO),
            waiting: Vec::new(),
            status,
            in_flight: Vec::new(),
            cycles: 0,
        }
    }

    /// The battle manager (its picture, tracker counters, modes).
    pub fn battle_manager(&self) -> &BattleManager {
        &self.bmc
    }

    /// Put `battery` under operator `mode` from the next cycle (false: no such battery).
    pub fn set_mode(&mut self, battery: BatteryId, mode: tdome_core::orders::OperatorMode) -> bool {
        self.bmc.set_mode(battery, mode)
    }

    /// Cycles run so far.
    pub fn cycles(&self) -> u64 {
        self.cycles
    }

    /// Plots admitted by the intake, waiting for their cycle.
    pub fn give(&mut self, plots: impl IntoIterator<Item = Plot>) {
        self.waiting.extend(plots);
    }

    /// The next cycle due, if any, given the clock: on the wall clock, when `now` has
    /// reached it; on the data's, when the data have passed it by the longest latency.
    pub fn due(&self, clock: CycleClock, now: SimTime, intake: &PlotIntake) -> Option<SimTime> {
        let reached = match clock {
            CycleClock::Wall => now,
            CycleClock::Data => intake.data_time()? - self.max_latency,
        };
        (reached >= self.next_cycle).then_some(self.next_cycle)
    }

    /// Run the cycle at `at` (from [`LiveBattleManager::due`]) with the plots due by
    /// then, and return what it produced.
    pub fn cycle(&mut self, clock: CycleClock, at: SimTime) -> &StepOutput {
        let latency = &self.latency;
        let arrival = |p: &Plot| match clock {
            // On the wall clock a plot is here when it is here.
            CycleClock::Wall => p.time,
            CycleClock::Data => p.time + latency.get(&p.sensor).copied().unwrap_or_default(),
        };
        // The engine's order: arrival, then illumination, then sensor (stable).
        self.waiting.sort_by_key(|p| (arrival(p), p.time, p.sensor));
        let n = self.waiting.partition_point(|p| arrival(p) <= at);
        let plots: Vec<Plot> = self.waiting.drain(..n).collect();
        // Channels free again at their planned intercepts.
        self.in_flight.retain(|&(_, t)| t > at);
        for s in &mut self.status {
            s.engagements_in_flight =
                self.in_flight.iter().filter(|(b, _)| *b == s.id).count() as u32;
        }
        while self.next_cycle <= at {
            self.next_cycle += self.cycle;
        }
        self.cycles += 1;
        let out = self.bmc.step(at, &plots, &self.status);
        for order in &out.orders {
            if let Some(s) = self.status.iter_mut().find(|s| s.id == order.battery) {
                s.rounds_ready = s.rounds_ready.saturating_sub(1);
                s.engagements_in_flight += 1;
            }
            self.in_flight.push((order.battery, order.intercept_time));
        }
        out
    }
}
