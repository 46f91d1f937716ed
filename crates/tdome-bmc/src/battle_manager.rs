//! The battle manager: one cycle of sense-to-shoot on the defence's side.

use tdome_core::SimTime;
use tdome_core::defence::{BatteryDescription, BatteryStatus, DefendedAsset};
use tdome_core::ids::{BatteryId, EngagementId, TrackId};
use tdome_core::orders::{AimUpdate, Decision, EngagementOrder, ThreatAssessment};
use tdome_core::picture::{AirPicture, TrackEstimate};
use tdome_core::plot::Plot;

use crate::assess::Assessor;
use crate::assign::{AssignOutput, Assigner};
use crate::config::{BmcConfig, OperatorMode};
use crate::track::{self, Tracker};

/// What one cycle produces. Buffers are reused between cycles.
#[derive(Clone, Debug, Default)]
pub struct StepOutput {
    /// Track states updated this cycle, then tracks deleted this cycle.
    pub tracks: Vec<TrackEstimate>,
    /// Assessments made or acted on this cycle, in track id order.
    pub assessments: Vec<ThreatAssessment>,
    /// New engagement orders, in engagement id order.
    pub orders: Vec<EngagementOrder>,
    /// Midcourse aim-point updates for engagements in flight.
    pub aim_updates: Vec<AimUpdate>,
    /// Engagements withdrawn before launch: the battery keeps its round and frees the
    /// fire channel.
    pub cancellations: Vec<EngagementId>,
}

impl StepOutput {
    fn clear(&mut self) {
        self.tracks.clear();
        self.assessments.clear();
        self.orders.clear();
        self.aim_updates.clear();
        self.cancellations.clear();
    }
}

/// The battle manager: plots and battery status in, picture, assessments and orders out.
/// It never sees truth and does no I/O.
#[derive(Clone, Debug)]
pub struct BattleManager {
    config: BmcConfig,
    tracker: Box<dyn Tracker>,
    assessor: Assessor,
    assigner: Assigner,
    output: StepOutput,
    refreshed: Vec<TrackId>,
    decisions: Vec<(TrackId, Decision)>,
    merges: Vec<(TrackId, TrackId)>,
    killed: Vec<TrackId>,
    /// The scheduled mode changes (`config.modes.changes`) before this one are applied.
    next_mode_change: usize,
}

impl BattleManager {
    /// A battle manager defending `assets` with `batteries`.
    pub fn new(
        config: BmcConfig,
        assets: Vec<DefendedAsset>,
        batteries: Vec<BatteryDescription>,
    ) -> Self {
        BattleManager {
            tracker: track::build(
                &config.tracker,
                config.assessment.inverse_ballistic_coefficient(),
            ),
            assessor: Assessor::new(config.assessment.clone(), assets)
                .engaging_all(config.doctrine.engage_all),
            assigner: Assigner::new(config.doctrine.clone(), batteries).with_modes(&config.modes),
            config,
            output: StepOutput::default(),
            refreshed: Vec::new(),
            decisions: Vec::new(),
            merges: Vec::new(),
            killed: Vec::new(),
            next_mode_change: 0,
        }
    }

    /// Plan the guided interceptor types of `models` (by type name) with flyout tables
    /// flown from their airframes (see [`crate::assign::flyout`]), rather than at their
    /// mean speeds. Costs one flyout per table node, once.
    pub fn with_interceptor_models(
        mut self,
        models: &std::collections::BTreeMap<
            String,
            std::sync::Arc<tdome_physics::interceptor::InterceptorModel>,
        >,
    ) -> Self {
        let tables = crate::assign::flyout::tables_for(
            self.assigner.batteries().iter().map(|b| &b.description),
            models,
        );
        self.assigner = self.assigner.with_flyout_tables(&tables);
        self
    }

    /// The settings in force.
    pub fn config(&self) -> &BmcConfig {
        &self.config
    }

    /// The tracker (for inspection).
    pub fn tracker(&self) -> &dyn Tracker {
        self.tracker.as_ref()
    }

    /// The air picture as of the last cycle.
    pub fn picture(&self) -> &AirPicture {
        self.tracker.picture()
    }

    /// The assessor (for inspection).
    pub fn assessor(&self) -> &Assessor {
        &self.assessor
    }

    /// The assigner and its engagement book (for inspection).
    pub fn assigner(&self) -> &Assigner {
        &self.assigner
    }

    /// The battery refused `engagement`, ordered in an earlier cycle, for the reason
    /// given: it no longer counts as a shot, and its track may be engaged afresh from the
    /// next cycle. False when no such engagement was ordered (nothing changes).
    pub fn order_refused(
        &mut self,
        engagement: EngagementId,
        why: tdome_core::defence::Unavailable,
    ) -> bool {
        self.assigner.order_refused(engagement, why)
    }

    /// Put `battery` under operator `mode` (weapons free, tight or hold), obeyed from the
    /// next cycle: under hold, its rounds still on the launcher are withdrawn and it takes
    /// no new engagement, while its interceptors in the air fly on. A change scheduled in
    /// the settings for a later time still applies then. False when the battle manager
    /// commands no such battery (nothing changes).
    pub fn set_mode(&mut self, battery: BatteryId, mode: OperatorMode) -> bool {
        self.assigner.set_mode(battery, mode)
    }

    /// The operator mode `battery` is under; `None` when the battle manager commands no
    /// such battery.
    pub fn mode(&self, battery: BatteryId) -> Option<OperatorMode> {
        self.assigner.mode(battery)
    }

    /// Apply the mode changes scheduled at or before `now` that are not yet applied, in
    /// time order, and return them. [`BattleManager::step`] does this itself; a caller
    /// that also takes operators' commands calls it first, so that a command given at
    /// the same cycle as a scheduled change overrides it (the operator is the later word).
    pub fn apply_scheduled_modes(&mut self, now: SimTime) -> &[crate::config::ModeChange] {
        let first = self.next_mode_change;
        let changes = &self.config.modes.changes;
        while let Some(change) = changes.get(self.next_mode_change) {
            if change.at > now {
                break;
            }
            // The scenario checks every battery named; an unknown one changes nothing.
            self.assigner.set_mode(change.battery, change.mode);
            self.next_mode_change += 1;
        }
        &self.config.modes.changes[first..self.next_mode_change]
    }

    /// Run one cycle at `now` with the plots received since the last cycle (sorted by
    /// time, none later than `now`) and the batteries' current status.
    pub fn step(&mut self, now: SimTime, plots: &[Plot], status: &[BatteryStatus]) -> &StepOutput {
        self.output.clear();
        self.apply_scheduled_modes(now);
        // track
        self.tracker.process(now, plots);
        self.merges.clear();
        self.tracker.drain_merges(&mut self.merges);
        for &(dropped, kept) in &self.merges {
            self.assigner.merge_tracks(dropped, kept);
        }
        // kill assessment: wrecks leave the picture
        self.assigner
            .presumed_killed(self.tracker.picture(), now, &mut self.killed);
        self.tracker.drop_killed(now, &self.killed);
        self.tracker.drain_reports(now, &mut self.output.tracks);
        let picture = self.tracker.picture();
        // assess
        self.assessor.update(picture, &mut self.refreshed);
        // assign
        self.decisions.clear();
        self.assigner.assign(
            now,
            (picture, &self.assessor),
            status,
            AssignOutput {
                decisions: &mut self.decisions,
                orders: &mut self.output.orders,
                aim_updates: &mut self.output.aim_updates,
                cancellations: &mut self.output.cancellations,
            },
        );
        // Report every assessment refreshed this cycle, and any that led to an order.
        self.decisions.sort_by_key(|(t, _)| *t);
        for a in self.assessor.current() {
            let decision = self
                .decisions
                .binary_search_by_key(&a.track, |(t, _)| *t)
                .ok()
                .map(|i| self.decisions[i].1);
            let fresh = self.refreshed.binary_search(&a.track).is_ok();
            if fresh || decision == Some(Decision::Engage) {
                let d = decision.unwrap_or_else(|| a.default_hold());
                self.output.assessments.push(a.record(now, d));
            }
        }
        &self.output
    }
}
