//! **assign**: threat assessments + battery status → engagement orders.
//!
//! One pass a battle-manager cycle, in steps that each live in their own module:
//!
//! 1. the [`doctrine`] gate: which threatening tracks may be engaged now (a shot still
//!    to be assessed, the shot limit, a coasting or young track, a duplicate already
//!    engaged);
//! 2. the [`options`] table: for each track through the gate, every battery able to
//!    fire, and allowed to by its operator's mode, with its intercept window
//!    ([`feasibility`]), P_k and cost;
//! 3. the choice of shooter, threat by threat in priority order: today the outermost
//!    layer that can intercept (leaving inner layers a later chance, shoot-look-shoot
//!    in depth), then the earliest intercept, then the lowest battery id;
//! 4. the schedule: a shot whose launch is not yet due waits (`launch_later`), and a
//!    threat not yet confidently bound for an asset may be watched;
//! 5. the commit: orders issued, rounds and fire channels taken on the cycle's working
//!    copy of battery status, the engagement entered in the [`book`];
//! 6. [`midcourse`] guidance for the engagements already in flight.
//!
//! Kill assessment closes the loop: after the planned intercept time plus a delay, a
//! track still being updated is judged missed and may be engaged again; a track that
//! stops being updated is judged destroyed, and the tracker drops it
//! ([`Assigner::presumed_killed`]). An order the battery refuses is reported back
//! ([`Assigner::order_refused`]) and no longer counts as a shot.

pub mod book;
pub mod doctrine;
pub mod feasibility;
pub mod flyout;
pub mod wta;

pub mod midcourse;
pub mod options;

use std::sync::Arc;
use tdome_core::defence::{BatteryDescription, BatteryStatus, Layer, Unavailable};
use tdome_core::ids::{BatteryId, EngagementId, TrackId};

use tdome_core::orders::{
    AimUpdate, CandidateRole, Decision, EngagementOrder, HoldReason, OrderExplanation,
    ShooterChoice, ShotCandidate,
};
use tdome_core::picture::AirPicture;
use tdome_core::{SimDuration, SimTime};

use crate::assess::{Assessor, TrackAssessment};
use crate::config::{AssignmentRule, Doctrine, ModesConfig, OperatorMode, TightTest};
pub use book::{EngagementBook, PlannedEngagement, Standing};
use feasibility::BatteryGeometry;
use options::{Candidate, EngagementOption, Gated, OptionsTable, SearchMemory};

/// How much later a watched threat's shot must still be feasible for it to wait
/// ([`crate::config::AssessmentConfig::confident_p_hit`]): the longest a track waits for
/// its next assessment, so that the wait brings at least one fresher prediction before
/// the window closes.
pub const WATCH_WAIT: SimDuration = SimDuration::from_nanos(2_000_000_000);

/// Where an assignment pass writes its results.
pub struct AssignOutput<'a> {
    /// (track, decision) for every threatening track considered.
    pub decisions: &'a mut Vec<(TrackId, Decision)>,
    /// New orders.
    pub orders: &'a mut Vec<EngagementOrder>,
    /// Midcourse updates.
    pub aim_updates: &'a mut Vec<AimUpdate>,
    /// Engagements withdrawn before launch.
    pub cancellations: &'a mut Vec<EngagementId>,
}

/// Why a candidate with no shooter to choose is held: the mode that barred a battery
/// with a window on it, or no feasible shooter at all.
fn no_shooter(candidate: &Candidate) -> HoldReason {
    match candidate.barred_by {
        Some(OperatorMode::Tight) => HoldReason::OperatorTight,
        Some(_) => HoldReason::OperatorHold,
        None => HoldReason::NoFeasibleShooter,
    }
}

/// The weapon–target assigner and its book of engagements.
#[derive(Clone, Debug)]
pub struct Assigner {
    doctrine: Doctrine,
    batteries: Vec<BatteryGeometry>,
    /// Each battery's operator mode, by index in `batteries`.
    modes: Vec<OperatorMode>,
    /// What weapons tight asks of a track.
    tight: TightTest,
    book: EngagementBook,
    /// Working copy of battery status for the cycle, by index in `batteries` (`None`
    /// for a battery that reported none). Indexed rather than searched by id: the
    /// options table asks for every (track, battery) pair, 100,000 of them in a cycle of
    /// 1,000 threats against 100 batteries.
    status: Vec<Option<BatteryStatus>>,
    /// Where each (track, battery) intercept search stopped, by path.
    searched: SearchMemory,
    /// This cycle's options (kept to reuse its buffers).
    options: OptionsTable,
    /// Threads the options table's searches may use in a large pass (1 by default: a
    /// simulator stepping many worlds at once has its cores busy already).
    search_threads: usize,
    /// This cycle's threatening tracks, most urgent first (kept to reuse the buffer).
    queue: Vec<(f64, TrackId)>,
    /// This cycle's candidates due a shot, for the weapon–target assignment.
    due: Vec<usize>,
    /// The weapon–target assignment solver the doctrine names.
    solver: Solver,
    /// Its last solution (kept to reuse the buffers).
    solution: wta::WtaSolution,
}

/// Most evaluations the local search may spend in one cycle's assignment, whatever the
/// number of options: the assignment is solved again every cycle, and a cycle has a time
/// to keep. Its default budget, 20 evaluations per option, gave a first cycle of 1,000
/// new threats and 100 batteries (some 40,000 due options) a solve of 70 M instructions,
/// about 20 ms here; at this ceiling it is about a quarter of that. Problems of up to
/// 10,000 options (the 1,000 × 100 problem of `wta_bench`, every shipped scenario) keep
/// their default budget.
pub const CYCLE_SEARCH_CEILING: u64 = 200_000;

/// The weapon–target assignment solvers, one per [`AssignmentRule`] that uses one.
#[derive(Clone, Debug)]
enum Solver {
    /// Maximum marginal return.
    Greedy(wta::Greedy),
    /// Greedy then local search (boxed: its buffers are large).
    Local(Box<wta::LocalSearch>),
    /// Branch and bound (boxed, likewise).
    Exact(Box<wta::BranchAndBound>),
}

impl Solver {
    fn for_rule(rule: AssignmentRule) -> Self {
        match rule {
            // The threat-by-threat rules never call a solver; any will do.
            AssignmentRule::Layered | AssignmentRule::Nearest | AssignmentRule::Local => {
                Solver::Local(Box::new(wta::LocalSearch::with_budget(wta::SearchBudget {
                    ceiling: CYCLE_SEARCH_CEILING,
                    ..wta::SearchBudget::default()
                })))
            }
            AssignmentRule::Greedy => Solver::Greedy(wta::Greedy::new()),
            AssignmentRule::Exact => Solver::Exact(Box::default()),
        }
    }

    fn solve(&mut self, problem: &wta::WtaProblem, out: &mut wta::WtaSolution) {
        use wta::WtaSolver;
        match self {
            Solver::Greedy(s) => s.solve(problem, out),
            Solver::Local(s) => s.solve(problem, out),
            Solver::Exact(s) => s.solve(problem, out),
        }
    }
}

impl Assigner {
    /// Plan each battery whose interceptor type has a table in `tables` (by type name)
    /// with its flyout rather than its mean speed.
    pub fn with_flyout_tables(
        mut self,
        tables: &std::collections::BTreeMap<
            String,
            std::sync::Arc<tdome_physics::interceptor::FlyoutTable>,
        >,
    ) -> Self {
        for b in &mut self.batteries {
            b.set_flyout(tables.get(&b.description.interceptor.name).cloned());
        }
        self
    }

    /// The batteries it commands, with their planning geometry.
    pub fn batteries(&self) -> &[BatteryGeometry] {
        &self.batteries
    }

    /// An assigner commanding `batteries` under `doctrine`, every battery weapons free.
    pub fn new(doctrine: Doctrine, batteries: Vec<BatteryDescription>) -> Self {
        let batteries: Vec<BatteryGeometry> = batteries
            .into_iter()
            .map(|description| BatteryGeometry::new(description, None))
            .collect();
        Assigner {
            solver: Solver::for_rule(doctrine.assignment),
            doctrine,
            modes: vec![OperatorMode::Free; batteries.len()],
            tight: TightTest::default(),
            batteries,
            book: EngagementBook::default(),
            status: Vec::new(),
            searched: SearchMemory::default(),
            options: OptionsTable::default(),
            search_threads: 1,
            queue: Vec::new(),
            due: Vec::new(),
            solution: wta::WtaSolution::default(),
        }
    }

    /// The same, its intercept searches shared among up to `threads` threads in a pass
    /// large enough to gain by it (see [`OptionsTable::add_all`]; 0 counts as 1). The
    /// orders are the same whatever the count: a live battle manager with cores to
    /// spare uses them for the first cycle of a saturation raid, when every search is
    /// new.
    pub fn with_search_threads(mut self, threads: usize) -> Self {
        self.search_threads = threads.max(1);
        self
    }

    /// The same, with the batteries' modes at the start and weapons tight's test from
    /// `modes` (its scheduled changes are the battle manager's to apply).
    pub fn with_modes(mut self, modes: &ModesConfig) -> Self {
        self.tight = modes.tight;
        for (&battery, &mode) in &modes.initial {
            self.set_mode(battery, mode);
        }
        self
    }

    /// Put `battery` under `mode`, obeyed from the next assignment pass. False when the
    /// assigner commands no such battery (nothing changes).
    pub fn set_mode(&mut self, battery: BatteryId, mode: OperatorMode) -> bool {
        match self
            .batteries
            .iter()
            .position(|b| b.description.id == battery)
        {
            Some(bi) => {
                self.modes[bi] = mode;
                true
            }
            None => false,
        }
    }

    /// The mode `battery` is under; `None` when the assigner commands no such battery.
    pub fn mode(&self, battery: BatteryId) -> Option<OperatorMode> {
        self.batteries
            .iter()
            .position(|b| b.description.id == battery)
            .map(|bi| self.modes[bi])
    }

    /// Every engagement ordered so far, in id order.
    pub fn book(&self) -> &[PlannedEngagement] {
        self.book.entries()
    }

    /// Into `out` (cleared first), in id order, the tracks of `picture` that kill
    /// assessment judges destroyed at `now`: every shot at them has had its intercept
    /// time plus the assessment delay, and no plot has come since the last intercept.
    /// The tracker drops them, so that the picture does not carry a wreck coasting
    /// towards its deletion by missed looks (a target missed but unseen for the delay
    /// too comes back as a new track on its next plots, and is engaged again).
    pub fn presumed_killed(&self, picture: &AirPicture, now: SimTime, out: &mut Vec<TrackId>) {
        self.book
            .presumed_killed(picture, now, self.doctrine.kill_assessment_delay, out);
    }

    /// `dropped` was a duplicate of `kept`: its engagements now belong to `kept`, so the
    /// target is not engaged twice and kill assessment follows the surviving track.
    pub fn merge_tracks(&mut self, dropped: TrackId, kept: TrackId) {
        self.book.merge_tracks(dropped, kept);
    }

    /// The battery refused `engagement` (it had no round or no free fire channel when
    /// the order arrived): nothing flies, so it no longer counts as a shot and its track
    /// may be engaged afresh. False when no such engagement was ordered.
    pub fn order_refused(&mut self, engagement: EngagementId, why: Unavailable) -> bool {
        self.book.refused(engagement, why)
    }

    /// Withdraw every round ordered from a battery under weapons hold that is still on
    /// its launcher at `now` (to `cancellations`): the hold stops new launches, not only
    /// new orders, and the track may be engaged afresh by a battery free to. Rounds in
    /// the air fly on.
    fn withdraw_held(&mut self, now: SimTime, cancellations: &mut Vec<EngagementId>) {
        if !self.modes.contains(&OperatorMode::Hold) {
            return;
        }
        let held: Vec<BatteryId> = self
            .batteries
            .iter()
            .zip(&self.modes)
            .filter(|(_, m)| **m == OperatorMode::Hold)
            .map(|(b, _)| b.description.id)
            .collect();
        self.book
            .withdraw_unlaunched(now, |b| held.contains(&b), cancellations);
    }

    fn layer(&self, option: &EngagementOption) -> Layer {
        self.batteries[option.battery].description.layer
    }

    fn status_of(&self, battery: usize) -> Option<&BatteryStatus> {
        self.status.get(battery)?.as_ref()
    }

    /// Today's choice of shooter among a track's options, on the cycle's working status:
    /// the outermost layer (leaving inner layers a later chance), then the earliest
    /// intercept, then the lowest battery index.
    fn outermost_layer_first(&self, options: &[EngagementOption]) -> Option<EngagementOption> {
        options
            .iter()
            .filter(|o| self.status_of(o.battery).is_some_and(|s| s.can_fire()))
            .min_by_key(|o| (self.layer(o), o.window.earliest.intercept_time, o.battery))
            .copied()
    }

    /// True, with the hold recorded, when `assessment`'s track is predicted where a shot
    /// ordered earlier in this pass (engagements from `first_new` on) is aimed at another
    /// track: a duplicate of a track just engaged.
    fn held_as_duplicate(
        &self,
        first_new: usize,
        assessment: &TrackAssessment,
        now: SimTime,
        decisions: &mut Vec<(TrackId, Decision)>,
    ) -> bool {
        let track = assessment.track;
        let duplicate =
            self.book
                .engaged_through_another_track(first_new, track, &assessment.path, now);
        if duplicate {
            decisions.push((track, Decision::Hold(HoldReason::Engaged)));
        }
        duplicate
    }

    /// The naive choice: the battery with a shot available nearest the earliest
    /// intercept point, then the earliest intercept, then the lowest index.
    fn nearest_battery(&self, options: &[EngagementOption]) -> Option<EngagementOption> {
        options
            .iter()
            .filter(|o| self.status_of(o.battery).is_some_and(|s| s.can_fire()))
            .map(|o| {
                let site = self.batteries[o.battery].frame.origin_ecef();
                (site.distance_to(&o.window.earliest.aim_point).si(), o)
            })
            .min_by(|(da, a), (db, b)| {
                da.total_cmp(db)
                    .then(
                        a.window
                            .earliest
                            .intercept_time
                            .cmp(&b.window.earliest.intercept_time),
                    )
                    .then(a.battery.cmp(&b.battery))
            })
            .map(|(_, o)| *o)
    }

    /// True when `option`'s earliest shot must be ordered now: its launch falls within
    /// the commit window after the earliest possible launch.
    fn is_due(&self, option: &EngagementOption, now: SimTime) -> bool {
        let reaction = self.batteries[option.battery]
            .description
            .interceptor
            .reaction_time;
        self.status_of(option.battery).is_some_and(|s| s.can_fire())
            && option.window.earliest.launch_time
                <= now + reaction + self.doctrine.launch_commit_window
    }

    /// Order up to `salvo` rounds of `option`'s earliest shot, as many as its battery
    /// has on the cycle's working status; returns how many were ordered.
    fn commit(
        &mut self,
        option: &EngagementOption,
        salvo: u32,
        aimed_from: SimTime,
        explanation: Arc<OrderExplanation>,
        orders: &mut Vec<EngagementOrder>,
    ) -> u32 {
        let battery = self.batteries[option.battery].description.id;
        let Some(Some(st)) = self.status.get_mut(option.battery) else {
            return 0;
        };
        let plan = option.window.earliest;
        let mut ordered = 0;
        while ordered < salvo && st.take().is_ok() {
            let order = EngagementOrder {
                engagement: self.book.next_id(),
                battery,
                track: option.track,
                launch_time: plan.launch_time,
                intercept_time: plan.intercept_time,
                aim_point: plan.aim_point,
                explanation: Arc::clone(&explanation),
            };
            orders.push(order.clone());
            self.book.enter(order, aimed_from);
            ordered += 1;
        }
        ordered
    }

    /// Why `chosen`, among the track's `options`, was ordered by `choice`: each option's
    /// battery chosen, kept for a look and a second shot (its window still open a
    /// kill-assessment delay after the chosen intercept), or passed over.
    fn explain(
        &self,
        choice: ShooterChoice,
        chosen: &EngagementOption,
        options: &[EngagementOption],
        value_at_risk: f64,
    ) -> Arc<OrderExplanation> {
        let (weighed_p_kill, weighed_cost) = self.weighed(chosen, options);
        let after = chosen.window.earliest.intercept_time + self.doctrine.kill_assessment_delay;
        let candidates = options
            .iter()
            .map(|o| ShotCandidate {
                battery: self.batteries[o.battery].description.id,
                p_kill: o.pk,
                cost: o.cost,
                intercept_time: o.window.earliest.intercept_time,
                latest_launch: o.window.latest_launch(),
                role: if o.battery == chosen.battery {
                    CandidateRole::Chosen
                } else if o.window.latest_launch() >= after {
                    CandidateRole::Kept
                } else {
                    CandidateRole::Passed
                },
            })
            .collect();
        Arc::new(OrderExplanation {
            choice,
            value_at_risk,
            weighed_p_kill,
            weighed_cost: tdome_core::Usd::dollars(weighed_cost),
            candidates,
        })
    }

    /// The shot's kill probability and cost as the assignment weighs them: a shot
    /// whose target can still be engaged after it is assessed (another window, of any
    /// battery, still open a kill-assessment delay after its intercept) is worth the
    /// chance of the best such follow-up too, at the follow-up's cost when it misses.
    /// This is the layered hand-off: an early shot from an outer layer that leaves the
    /// inner layers a look and a second shot is worth more than a last-ditch one.
    fn weighed(&self, option: &EngagementOption, others: &[EngagementOption]) -> (f64, f64) {
        let after = option.window.earliest.intercept_time + self.doctrine.kill_assessment_delay;
        let follow_up = others
            .iter()
            .filter(|o| o.window.latest_launch() >= after)
            .map(FollowUp::of)
            .max_by(FollowUp::order);
        follow_up.map_or((option.pk, option.cost.si()), |f| f.after(option))
    }

    /// The weapon–target assignment over this cycle's threats due a shot (`self.due`,
    /// in priority order): weapons are the batteries with shots available (rounds and
    /// free channels), targets the threats with their value at risk and the doctrine's
    /// salvo, options their due windows weighed by [`Assigner::weighed`]. The chosen
    /// rounds are committed most urgent threat first.
    fn assign_by_wta(
        &mut self,
        now: SimTime,
        assessor: &Assessor,
        first_new: usize,
        decisions: &mut Vec<(TrackId, Decision)>,
        orders: &mut Vec<EngagementOrder>,
    ) {
        if self.due.is_empty() {
            return;
        }
        let mut weapon_of = vec![usize::MAX; self.batteries.len()];
        let mut weapons = Vec::new();
        for (bi, w) in weapon_of.iter_mut().enumerate() {
            let shots = self.status_of(bi).map_or(0, |s| s.shots_available());
            if shots > 0 {
                *w = weapons.len();
                weapons.push(wta::Weapon { capacity: shots });
            }
        }
        let mut targets = Vec::with_capacity(self.due.len());
        // Sized at once: a first cycle has tens of thousands of options, and a vector
        // grown by doubling leaves its copies behind in fresh memory.
        let most = self
            .due
            .iter()
            .map(|&ci| {
                self.options
                    .options_of(&self.options.candidates()[ci])
                    .len()
            })
            .sum();
        let mut wta_options = Vec::with_capacity(most);
        // Each WTA option's row among its candidate's options.
        let mut origin = Vec::with_capacity(most);
        let mut follow_ups = FollowUps::default();
        let musd = 1e-6;
        for (tj, &ci) in self.due.iter().enumerate() {
            let candidate = &self.options.candidates()[ci];
            let assessment = assessor.get(candidate.track);
            let value = assessment.map_or(0.0, |a| value_at_risk(a, assessor));
            let salvo = assessment.map_or(self.doctrine.salvo_size, |a| {
                self.doctrine.shots_against(a.category).salvo_size
            });
            targets.push(wta::Target {
                value,
                max_rounds: salvo.min(candidate.shots_left),
            });
            let options = self.options.options_of(candidate);
            follow_ups.reset(options);
            for (k, o) in options.iter().enumerate() {
                let weapon = weapon_of[o.battery];
                if weapon == usize::MAX || !self.is_due(o, now) {
                    continue;
                }
                let after = o.window.earliest.intercept_time + self.doctrine.kill_assessment_delay;
                // As `weighed`, without a scan of the options per option.
                let (p_kill, cost) = follow_ups
                    .best_launchable_at(after)
                    .map_or((o.pk, o.cost.si()), |f| f.after(o));
                wta_options.push(wta::WtaOption {
                    weapon,
                    target: tj,
                    p_kill,
                    cost: cost * musd,
                });
                origin.push(k);
            }
        }
        let problem = match wta::WtaProblem::new(
            weapons,
            targets,
            wta_options,
            self.doctrine.cost_weight_per_musd,
        ) {
            Ok(p) => p,
            // The scenario's bounds and the catalogue's validation keep every value,
            // probability and cost finite and in range; a problem that still fails is
            // a defect, and no shot is better than a shot chosen from nonsense.
            Err(e) => {
                debug_assert!(false, "weapon–target assignment problem refused: {e}");
                return;
            }
        };
        self.solver.solve(&problem, &mut self.solution);
        let mut rounds_of = vec![0u32; self.due.len()];
        for (o, &x) in self.solution.rounds.iter().enumerate() {
            rounds_of[problem.options()[o].target] += x;
        }
        let due = std::mem::take(&mut self.due);
        for (tj, &ci) in due.iter().enumerate() {
            let track = self.options.candidates()[ci].track;
            let Some(assessment) = assessor.get(track) else {
                continue;
            };
            if rounds_of[tj] == 0 {
                decisions.push((track, Decision::Hold(HoldReason::Outweighed)));
                continue;
            }
            if self.held_as_duplicate(first_new, assessment, now, decisions) {
                continue;
            }
            let based_on = assessment.based_on;
            let value = value_at_risk(assessment, assessor);
            let mut ordered = 0;
            for o in problem.options_of_target(tj).to_vec() {
                let x = self.solution.rounds[o];
                if x > 0 {
                    let candidate = &self.options.candidates()[ci];
                    let option = self.options.options_of(candidate)[origin[o]];
                    let why = self.explain(
                        ShooterChoice::Assignment,
                        &option,
                        self.options.options_of(candidate),
                        value,
                    );
                    ordered += self.commit(&option, x, based_on, why, orders);
                }
            }
            decisions.push((
                track,
                if ordered > 0 {
                    Decision::Engage
                } else {
                    Decision::Hold(HoldReason::NoFeasibleShooter)
                },
            ));
        }
        // Keep the buffer.
        self.due = due;
    }

    /// One assignment pass at `now`, given the picture, its assessments and the
    /// batteries' status. Decisions, new orders, aim updates and cancellations are
    /// appended to `out`.
    pub fn assign(
        &mut self,
        now: SimTime,
        picture: (&AirPicture, &Assessor),
        status: &[BatteryStatus],
        out: AssignOutput<'_>,
    ) {
        let (picture, assessor) = picture;
        let AssignOutput {
            decisions,
            orders,
            aim_updates,
            cancellations,
        } = out;
        // The first report of each battery, as a search by id would find it.
        self.status.clear();
        self.status.resize(self.batteries.len(), None);
        for (slot, battery) in self.status.iter_mut().zip(&self.batteries) {
            *slot = status
                .iter()
                .find(|s| s.id == battery.description.id)
                .cloned();
        }
        self.withdraw_held(now, cancellations);
        // Forget searches on tracks that are gone.
        self.searched.retain(|t| assessor.get(t).is_some());
        let first_new = self.book.entries().len();
        // Threatening tracks, most urgent first.
        self.queue.clear();
        self.queue.extend(
            assessor
                .current()
                .iter()
                .filter(|a| a.threatened.is_some())
                .map(|a| (a.priority, a.track)),
        );
        self.queue
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // 1–2. The doctrine gate, and the options of what passes it.
        self.options.clear();
        let mut gated = Vec::new();
        for &(_, track) in &self.queue {
            let (Some(assessment), Some(estimate)) = (assessor.get(track), picture.get(track))
            else {
                continue;
            };
            match doctrine::gate(
                estimate,
                assessment,
                &self.book,
                picture,
                now,
                &self.doctrine,
            ) {
                Err(reason) => decisions.push((track, Decision::Hold(reason))),
                Ok(shots_left) => gated.push(Gated {
                    assessment,
                    shots_left,
                    confident: doctrine::hostile_with_confidence(assessment, &self.tight),
                }),
            }
        }
        self.options.add_all(
            &gated,
            (&self.batteries, &self.status, &self.modes),
            (now, &self.doctrine),
            &mut self.searched,
            self.search_threads,
        );
        // 3–5. Schedule, shooter and commit, most urgent first. The layered rule
        // commits threat by threat; the weapon–target assignment gathers the threats due
        // a shot and solves for all of them at once.
        let by_wta = !matches!(
            self.doctrine.assignment,
            AssignmentRule::Layered | AssignmentRule::Nearest
        );
        self.due.clear();
        // Fire channels each battery's watched threats will want, this cycle.
        let mut watched_channels = vec![0u32; self.batteries.len()];
        for ci in 0..self.options.candidates().len() {
            let candidate = &self.options.candidates()[ci];
            let (track, shots_left) = (candidate.track, candidate.shots_left);
            let Some(assessment) = assessor.get(track) else {
                continue;
            };
            if self.held_as_duplicate(first_new, assessment, now, decisions) {
                continue;
            }
            let options = self.options.options_of(candidate);
            let choice = match self.doctrine.assignment {
                AssignmentRule::Nearest => self.nearest_battery(options),
                _ => self.outermost_layer_first(options),
            };
            let Some(choice) = choice else {
                decisions.push((track, Decision::Hold(no_shooter(candidate))));
                continue;
            };
            let salvo_size = self.doctrine.shots_against(assessment.category).salvo_size;
            let due = if by_wta {
                options.iter().any(|o| self.is_due(o, now))
            } else {
                self.is_due(&choice, now)
            };
            if !due {
                decisions.push((track, Decision::Hold(HoldReason::LaunchLater)));
                continue;
            }
            let bi = choice.battery;
            let description = &self.batteries[bi].description;
            // Not yet confidently bound for an asset: watched while a shot after its next
            // assessment would still be feasible, and engaged on the freshest prediction
            // once the window is closing. Only while its battery has fire channels to
            // spare: its own salvo's and another's, over those in flight and those the
            // threats watched before it this cycle will want. Deferred shots gather at
            // their windows' ends: on iron-dome-notional certain threats were left
            // without a shooter there, with or without this check, which is why the
            // watch is off by default until a schedule of channels decides it
            // (docs/assessment.md, "Watch while the window lasts"). The baseline
            // (`engage_all`) never waits.
            if !self.doctrine.engage_all
                && assessment
                    .p_hit
                    .is_some_and(|p| p < assessor.config().confident_p_hit)
            {
                let in_flight = self
                    .status_of(bi)
                    .map_or(description.fire_channels, |s| s.engagements_in_flight);
                let wanted = in_flight + watched_channels[bi] + 2 * salvo_size;
                // Some battery able to fire still has a launch after the wait.
                let later = now + WATCH_WAIT;
                let feasible_later = options.iter().any(|o| {
                    let reaction = self.batteries[o.battery]
                        .description
                        .interceptor
                        .reaction_time;
                    self.status_of(o.battery).is_some_and(|s| s.can_fire())
                        && o.window.latest_launch() >= later + reaction
                });
                if wanted <= description.fire_channels && feasible_later {
                    watched_channels[bi] += salvo_size;
                    decisions.push((track, Decision::Hold(HoldReason::Watched)));
                    continue;
                }
            }
            if by_wta {
                self.due.push(ci);
                continue;
            }
            let salvo = salvo_size.min(shots_left);
            let rule = match self.doctrine.assignment {
                AssignmentRule::Nearest => ShooterChoice::NearestBattery,
                _ => ShooterChoice::OutermostLayer,
            };
            let why = self.explain(rule, &choice, options, value_at_risk(assessment, assessor));
            self.commit(&choice, salvo, assessment.based_on, why, orders);
            decisions.push((track, Decision::Engage));
        }
        if by_wta {
            self.assign_by_wta(now, assessor, first_new, decisions, orders);
        }
        // 6. Midcourse updates for the engagements ordered before this pass.
        midcourse::update(
            self.book.entries_mut_before(first_new),
            picture,
            assessor,
            now,
            aim_updates,
            cancellations,
        );
    }
}

/// A follow-up shot as [`Assigner::weighed`] ranks them: its kill probability and cost.
#[derive(Clone, Copy, Debug)]
struct FollowUp {
    pk: f64,
    cost: f64,
}

impl FollowUp {
    fn of(option: &EngagementOption) -> Self {
        FollowUp {
            pk: option.pk,
            cost: option.cost.si(),
        }
    }

    /// The better follow-up is greater: higher P_k, then lower cost.
    fn order(a: &Self, b: &Self) -> std::cmp::Ordering {
        a.pk.total_cmp(&b.pk).then(b.cost.total_cmp(&a.cost))
    }

    /// `option`'s kill probability and expected cost with this follow-up after a miss.
    fn after(self, option: &EngagementOption) -> (f64, f64) {
        let p = option.pk;
        (
            1.0 - (1.0 - p) * (1.0 - self.pk),
            option.cost.si() + (1.0 - p) * self.cost,
        )
    }
}

/// One threat's options by latest launch, latest first, each with the best follow-up
/// among it and those before it: the best follow-up still launchable at a time is then
/// one binary search away. A scan of the options for each option was quadratic in a
/// threat's options: gathering the first cycle's problem of the 1,000 × 100 raid
/// (40,524 options) took about 9 ms with it and 5 ms without. Ties in the order are
/// equal in value, so the answer is the scan's to the bit.
#[derive(Clone, Debug, Default)]
struct FollowUps {
    by_latest: Vec<(SimTime, FollowUp)>,
}

impl FollowUps {
    fn reset(&mut self, options: &[EngagementOption]) {
        self.by_latest.clear();
        self.by_latest.extend(
            options
                .iter()
                .map(|o| (o.window.latest_launch(), FollowUp::of(o))),
        );
        self.by_latest
            .sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
        for k in 1..self.by_latest.len() {
            let before = self.by_latest[k - 1].1;
            if FollowUp::order(&before, &self.by_latest[k].1).is_gt() {
                self.by_latest[k].1 = before;
            }
        }
    }

    /// The best follow-up whose latest launch is at or after `after`, if any.
    fn best_launchable_at(&self, after: SimTime) -> Option<FollowUp> {
        let n = self
            .by_latest
            .partition_point(|(latest, _)| *latest >= after);
        n.checked_sub(1).map(|k| self.by_latest[k].1)
    }
}

/// The expected value lost if `assessment`'s threat is not stopped: its value at risk
/// (Σ asset value × P(hit)), or, where no probability was computed, the value of the
/// asset it threatens.
fn value_at_risk(assessment: &TrackAssessment, assessor: &Assessor) -> f64 {
    assessment
        .value_at_risk
        .or_else(|| {
            let asset = assessment.threatened?;
            assessor.assets().get(asset.index()).map(|x| x.value)
        })
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use tdome_core::frames::{Ecef, Position};
    use tdome_core::units::Usd;

    fn option(latest: f64, pk: f64, cost: f64) -> EngagementOption {
        let plan = |t: f64| feasibility::InterceptPlan {
            launch_time: SimTime::from_seconds(t),
            intercept_time: SimTime::from_seconds(t + 20.0),
            aim_point: Position::<Ecef>::from_vector(nalgebra::Vector3::zeros()),
        };
        EngagementOption {
            track: TrackId(1),
            battery: 0,
            window: feasibility::InterceptWindow {
                earliest: plan(0.0),
                latest: plan(latest),
            },
            pk,
            cost: Usd::dollars(cost),
        }
    }

    /// The sorted follow-ups answer as the scan over every option does, ties in
    /// latest launch, P_k and cost included.
    #[test]
    fn follow_ups_match_the_scan() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
        let mut follow_ups = FollowUps::default();
        for _ in 0..500 {
            let n = rng.random_range(0..12);
            // Coarse values, so that ties are common.
            let options: Vec<_> = (0..n)
                .map(|_| {
                    option(
                        f64::from(rng.random_range(0..8u8)) * 5.0,
                        f64::from(rng.random_range(1..5u8)) * 0.2,
                        f64::from(rng.random_range(1..4u8)) * 1e5,
                    )
                })
                .collect();
            follow_ups.reset(&options);
            for k in 0..10 {
                let after = SimTime::from_seconds(f64::from(k) * 4.0 - 2.0);
                let scan = options
                    .iter()
                    .filter(|o| o.window.latest_launch() >= after)
                    .map(FollowUp::of)
                    .max_by(FollowUp::order)
                    .map(|f| (f.pk, f.cost));
                let sorted = follow_ups.best_launchable_at(after).map(|f| (f.pk, f.cost));
                assert_eq!(scan, sorted, "after {after:?} among {options:?}");
            }
        }
    }
}
