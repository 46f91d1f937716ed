//! **assign**: threat assessments + battery status → engagement orders.
//!
//! Greedy, threat by threat in priority order: each threatening track that doctrine
//! allows to be engaged gets a salvo from the best battery that can reach it. "Best" is
//! the outermost layer that can intercept (leaving inner layers a later chance,
//! shoot-look-shoot in depth), then the earliest intercept, then the lowest battery id.
//! Weapon–target assignment across threats (maximising expected surviving value, with
//! cost) replaces this greedy pass in a later stage.
//!
//! Kill assessment closes the loop: after the planned intercept time plus a delay, a
//! track still being updated is judged missed and may be engaged again; a track that
//! stops being updated is judged destroyed, and the tracker drops it
//! ([`Assigner::presumed_killed`]).

pub mod feasibility;
pub mod wta;

use tdome_core::defence::{BatteryDescription, BatteryStatus};
use tdome_core::ids::{BatteryId, EngagementId, TrackId};
use tdome_core::orders::{AimUpdate, Decision, EngagementOrder, HoldReason};
use tdome_core::threat::TargetCategory;
use tdome_core::{EnuFrame, SimDuration, SimTime};

use crate::assess::path::PredictedPath;
use crate::assess::{Assessor, NoPrediction};
use crate::config::Doctrine;
use feasibility::{BatteryGeometry, Searched, earliest_intercept};
use std::collections::BTreeMap;
use tdome_core::picture::AirPicture;

/// Air-breathing tracks must be this many times the doctrine's minimum track age before
/// a shot (see `assign`).
const AIR_BREATHING_AGE_FACTOR: i64 = 5;

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

/// An engagement the battle manager has ordered.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEngagement {
    /// The order as issued, with the latest aim point; its engagement id and target
    /// track identify the engagement.
    pub order: EngagementOrder,
    /// Time of the track estimate the latest aim point was predicted from.
    pub aimed_from: SimTime,
    /// Withdrawn before launch (the target was predicted to land before the intercept):
    /// it does not count as a shot.
    pub cancelled: bool,
}

/// The weapon–target assigner and its book of engagements.
#[derive(Clone, Debug)]
pub struct Assigner {
    doctrine: Doctrine,
    batteries: Vec<BatteryGeometry>,
    /// Every engagement ordered, in id order.
    book: Vec<PlannedEngagement>,
    /// Working copy of battery status for the cycle.
    status: Vec<BatteryStatus>,
    /// Per (track, battery): the path (by the time of the estimate it was predicted
    /// from) last searched for an intercept, and where that search stopped.
    searched: BTreeMap<(TrackId, BatteryId), (SimTime, Searched)>,
}

impl Assigner {
    /// An assigner commanding `batteries` under `doctrine`.
    pub fn new(doctrine: Doctrine, batteries: Vec<BatteryDescription>) -> Self {
        let batteries = batteries
            .into_iter()
            .map(|description| BatteryGeometry {
                frame: EnuFrame::at(description.site),
                description,
            })
            .collect();
        Assigner {
            doctrine,
            batteries,
            book: Vec::new(),
            status: Vec::new(),
            searched: BTreeMap::new(),
        }
    }

    /// Every engagement ordered so far.
    pub fn book(&self) -> &[PlannedEngagement] {
        &self.book
    }

    /// Into `out` (cleared first), in id order, the tracks of `picture` that kill
    /// assessment judges destroyed at `now`: every shot at them has had its intercept
    /// time plus the assessment delay, and no plot has come since the last intercept.
    /// The tracker drops them, so that the picture does not carry a wreck coasting
    /// towards its deletion by missed looks (a target missed but unseen for the delay
    /// too comes back as a new track on its next plots, and is engaged again).
    pub fn presumed_killed(&self, picture: &AirPicture, now: SimTime, out: &mut Vec<TrackId>) {
        out.clear();
        let delay = self.doctrine.kill_assessment_delay;
        // The book is in engagement order; tracks may recur in it.
        let mut last_intercept: BTreeMap<TrackId, Option<SimTime>> = BTreeMap::new();
        for e in self.book.iter().filter(|e| !e.cancelled) {
            let t = e.order.intercept_time;
            let entry = last_intercept.entry(e.order.track).or_insert(Some(t));
            *entry = match *entry {
                // A shot still to be assessed: not yet.
                _ if now < t + delay => None,
                Some(prev) => Some(prev.max(t)),
                None => None,
            };
        }
        out.extend(last_intercept.into_iter().filter_map(|(track, t)| {
            let t = t?;
            let estimate = picture.get(track)?;
            (estimate.last_plot <= t).then_some(track)
        }));
    }

    /// `dropped` was a duplicate of `kept`: its engagements now belong to `kept`, so the
    /// target is not engaged twice and kill assessment follows the surviving track.
    pub fn merge_tracks(&mut self, dropped: TrackId, kept: TrackId) {
        for e in self.book.iter_mut().filter(|e| e.order.track == dropped) {
            e.order.track = kept;
        }
    }

    /// True when an engagement in flight on another track is aimed where `track` is
    /// predicted to be at that engagement's intercept time: the two tracks are one
    /// target (a duplicate not yet merged), which must not draw a second salvo.
    fn engaged_through_another_track(
        &self,
        track: TrackId,
        path: &PredictedPath,
        now: SimTime,
    ) -> bool {
        // Duplicate tracks of one target predict positions within tens of metres of each
        // other; two real targets this close would share a homing basket anyway.
        const SAME_TARGET_M: f64 = 200.0;
        self.book.iter().any(|e| {
            e.order.track != track
                && !e.cancelled
                && e.order.intercept_time > now
                && path.state_at(e.order.intercept_time).is_some_and(|s| {
                    s.position.distance_to(&e.order.aim_point).si() < SAME_TARGET_M
                })
        })
    }

    /// Why `track` may not be engaged now, if it may not.
    fn hold_reason(
        &self,
        track: TrackId,
        picture: &AirPicture,
        now: SimTime,
    ) -> Option<HoldReason> {
        let mut shots = 0;
        let mut last_intercept = None;
        for e in self
            .book
            .iter()
            .filter(|e| e.order.track == track && !e.cancelled)
        {
            shots += 1;
            if now < e.order.intercept_time + self.doctrine.kill_assessment_delay {
                return Some(HoldReason::Engaged);
            }
            last_intercept = last_intercept.max(Some(e.order.intercept_time));
        }
        if shots >= self.doctrine.max_shots_per_track {
            return Some(HoldReason::ShotLimit);
        }
        if let Some(t_int) = last_intercept {
            // Seen alive after the intercept: a miss. Not seen since: presumed killed,
            // awaiting deletion.
            let seen_after = picture.get(track).is_some_and(|t| t.last_plot > t_int);
            if !seen_after {
                return Some(HoldReason::Engaged);
            }
        }
        None
    }

    /// Whether some battery able to fire could still intercept `track` on its assessed
    /// path with a search made at `later`. Feasibility is monotone in time, so the search
    /// resumes where this cycle's stopped; it is not stored, being valid for `later`
    /// only.
    fn feasible_later(
        &self,
        track: TrackId,
        assessment: &crate::assess::TrackAssessment,
        later: SimTime,
    ) -> bool {
        self.batteries.iter().any(|battery| {
            let Some(st) = self.status.iter().find(|s| s.id == battery.description.id) else {
                return false;
            };
            if !st.can_fire(&battery.description) {
                return false;
            }
            let not_before = match self.searched.get(&(track, battery.description.id)) {
                Some(&(based_on, s)) if based_on == assessment.based_on => s.resume_at,
                _ => SimTime::from_nanos(i64::MIN),
            };
            earliest_intercept(
                battery,
                assessment.category,
                &assessment.path,
                later,
                &self.doctrine,
                not_before,
            )
            .0
            .is_some()
        })
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
        self.status.clear();
        self.status.extend_from_slice(status);
        // Forget searches on tracks that are gone.
        self.searched.retain(|(t, _), _| assessor.get(*t).is_some());
        let previously_ordered = self.book.len();
        // Threatening tracks, most urgent first.
        let mut queue: Vec<(f64, TrackId)> = assessor
            .current()
            .iter()
            .filter(|a| a.threatened.is_some())
            .map(|a| (a.priority, a.track))
            .collect();
        queue.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Fire channels each battery's watched threats will want, this cycle.
        let mut watched_channels = vec![0u32; self.batteries.len()];
        for (_, track) in queue {
            let Some(assessment) = assessor.get(track) else {
                continue;
            };
            if let Some(reason) = self.hold_reason(track, picture, now) {
                decisions.push((track, Decision::Hold(reason)));
                continue;
            }
            let Some(t) = picture.get(track) else {
                continue;
            };
            if t.is_coasting(now) || t.lagging {
                decisions.push((track, Decision::Hold(HoldReason::Coasting)));
                continue;
            }
            // A rocket still boosting looks slow, low and level for a moment, and is
            // judged air-breathing until it climbs away; air-breathing threats leave
            // minutes, so their shots wait until the verdict has had time to settle.
            let min_age = match assessment.category {
                TargetCategory::Ballistic => self.doctrine.min_track_age,
                TargetCategory::AirBreathing => {
                    self.doctrine.min_track_age.times(AIR_BREATHING_AGE_FACTOR)
                }
            };
            if now - t.first_plot < min_age {
                decisions.push((track, Decision::Hold(HoldReason::Maturing)));
                continue;
            }
            if self.engaged_through_another_track(track, &assessment.path, now) {
                decisions.push((track, Decision::Hold(HoldReason::Engaged)));
                continue;
            }
            let mut best: Option<(usize, feasibility::InterceptPlan)> = None;
            for (bi, battery) in self.batteries.iter().enumerate() {
                let Some(st) = self.status.iter().find(|s| s.id == battery.description.id) else {
                    continue;
                };
                if !st.can_fire(&battery.description) {
                    continue;
                }
                // Resume where the last search on this very path stopped.
                let key = (track, battery.description.id);
                let not_before = match self.searched.get(&key) {
                    Some(&(based_on, s)) if based_on == assessment.based_on => s.resume_at,
                    _ => SimTime::from_nanos(i64::MIN),
                };
                let (plan, searched) = earliest_intercept(
                    battery,
                    assessment.category,
                    &assessment.path,
                    now,
                    &self.doctrine,
                    not_before,
                );
                self.searched.insert(key, (assessment.based_on, searched));
                let Some(plan) = plan else {
                    continue;
                };
                let better = match &best {
                    None => true,
                    Some((bj, bp)) => {
                        let bl = self.batteries[*bj].description.layer;
                        (battery.description.layer, plan.intercept_time) < (bl, bp.intercept_time)
                    }
                };
                if better {
                    best = Some((bi, plan));
                }
            }
            let Some((bi, plan)) = best else {
                decisions.push((track, Decision::Hold(HoldReason::NoFeasibleShooter)));
                continue;
            };
            let reaction = self.batteries[bi].description.interceptor.reaction_time;
            if plan.launch_time > now + reaction + self.doctrine.launch_commit_window {
                decisions.push((track, Decision::Hold(HoldReason::LaunchLater)));
                continue;
            }
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
                let description = &self.batteries[bi].description;
                let in_flight = self
                    .status
                    .iter()
                    .find(|s| s.id == description.id)
                    .map_or(description.fire_channels, |s| s.engagements_in_flight);
                let wanted = in_flight + watched_channels[bi] + 2 * self.doctrine.salvo_size;
                if wanted <= description.fire_channels
                    && self.feasible_later(track, assessment, now + WATCH_WAIT)
                {
                    watched_channels[bi] += self.doctrine.salvo_size;
                    decisions.push((track, Decision::Hold(HoldReason::Watched)));
                    continue;
                }
            }
            let battery_id = self.batteries[bi].description.id;
            let fire_channels = self.batteries[bi].description.fire_channels;
            let Some(st) = self.status.iter_mut().find(|s| s.id == battery_id) else {
                continue;
            };
            let already = self
                .book
                .iter()
                .filter(|e| e.order.track == track && !e.cancelled)
                .count() as u32;
            let salvo = self
                .doctrine
                .salvo_size
                .min(self.doctrine.max_shots_per_track.saturating_sub(already))
                .min(st.rounds_ready)
                .min(fire_channels.saturating_sub(st.engagements_in_flight));
            for _ in 0..salvo {
                let id = EngagementId(self.book.len() as u32);
                let order = EngagementOrder {
                    engagement: id,
                    battery: battery_id,
                    track,
                    launch_time: plan.launch_time,
                    intercept_time: plan.intercept_time,
                    aim_point: plan.aim_point,
                };
                st.rounds_ready -= 1;
                st.engagements_in_flight += 1;
                orders.push(order.clone());
                self.book.push(PlannedEngagement {
                    order,
                    aimed_from: assessment.based_on,
                    cancelled: false,
                });
            }
            decisions.push((track, Decision::Engage));
        }
        // Midcourse updates: every engagement in flight whose track has news gets the
        // intercept point predicted afresh from the latest estimate, so the interceptor
        // steers on the newest plot rather than the last full re-assessment.
        for e in self.book[..previously_ordered].iter_mut() {
            if e.order.intercept_time <= now {
                continue;
            }
            let Some(track) = picture.get(e.order.track) else {
                continue;
            };
            if track.time <= e.aimed_from {
                continue;
            }
            match assessor.predict(track, e.order.intercept_time) {
                Ok(state) => {
                    e.aimed_from = track.time;
                    e.order.aim_point = state.position;
                    aim_updates.push(AimUpdate {
                        engagement: e.order.engagement,
                        intercept_time: e.order.intercept_time,
                        aim_point: state.position,
                    });
                }
                // The target now comes down before the planned intercept: a round still
                // on its launcher is withdrawn (and the track may be engaged afresh); one
                // already in the air flies on to its last aim point.
                Err(NoPrediction::LandsFirst) if now < e.order.launch_time && !e.cancelled => {
                    e.cancelled = true;
                    cancellations.push(e.order.engagement);
                }
                Err(_) => {}
            }
        }
    }
}
