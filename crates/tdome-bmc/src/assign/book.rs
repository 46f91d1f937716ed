//! The engagement book: every engagement the battle manager has ordered, what became of
//! it, and what kill assessment and the doctrine read from it.

use std::collections::BTreeMap;

use tdome_core::SimTime;
use tdome_core::defence::Unavailable;
use tdome_core::ids::{BatteryId, EngagementId, TrackId};
use tdome_core::orders::{EngagementOrder, HoldReason};
use tdome_core::picture::AirPicture;

use crate::assess::path::PredictedPath;
use crate::config::Doctrine;

/// Where an ordered engagement stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Ordered, and neither withdrawn nor refused: a shot at its track.
    Active,
    /// Withdrawn before launch (the target was predicted to land before the intercept).
    Cancelled,
    /// The battery refused the order, for the reason given: nothing flies.
    Refused(Unavailable),
}

/// An engagement the battle manager has ordered.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEngagement {
    /// The order as issued, with the latest aim point; its engagement id and target
    /// track identify the engagement.
    pub order: EngagementOrder,
    /// Time of the track estimate the latest aim point was predicted from.
    pub aimed_from: SimTime,
    /// Whether it still counts as a shot.
    pub standing: Standing,
}

impl PlannedEngagement {
    /// True while it counts as a shot at its track: neither withdrawn nor refused.
    pub fn is_shot(&self) -> bool {
        self.standing == Standing::Active
    }
}

/// Every engagement ordered, in id order (an engagement's id is its index).
#[derive(Clone, Debug, Default)]
pub struct EngagementBook {
    entries: Vec<PlannedEngagement>,
}

impl EngagementBook {
    /// Every engagement ordered so far, in id order.
    pub fn entries(&self) -> &[PlannedEngagement] {
        &self.entries
    }

    /// The id the next order will get.
    pub fn next_id(&self) -> EngagementId {
        EngagementId(self.entries.len() as u32)
    }

    /// Enter a new order, aimed from the track estimate of `aimed_from`.
    pub(super) fn enter(&mut self, order: EngagementOrder, aimed_from: SimTime) {
        debug_assert_eq!(order.engagement, self.next_id());
        self.entries.push(PlannedEngagement {
            order,
            aimed_from,
            standing: Standing::Active,
        });
    }

    /// The engagements ordered before id `end`, for midcourse updates.
    pub(super) fn entries_mut_before(&mut self, end: usize) -> &mut [PlannedEngagement] {
        &mut self.entries[..end]
    }

    /// Withdraw every shot from a battery `from` accepts whose launch is still to come at
    /// `now` (pushed to `cancellations`): it no longer counts as a shot.
    pub(super) fn withdraw_unlaunched(
        &mut self,
        now: SimTime,
        from: impl Fn(BatteryId) -> bool,
        cancellations: &mut Vec<EngagementId>,
    ) {
        for e in self.entries.iter_mut() {
            // The same test as midcourse guidance's withdrawal: a round launching at
            // `now` may already be away.
            if e.is_shot() && now < e.order.launch_time && from(e.order.battery) {
                e.standing = Standing::Cancelled;
                cancellations.push(e.order.engagement);
            }
        }
    }

    /// Shots (engagements neither withdrawn nor refused) at `track`.
    pub fn shots_at(&self, track: TrackId) -> u32 {
        self.shots().filter(|e| e.order.track == track).count() as u32
    }

    fn shots(&self) -> impl Iterator<Item = &PlannedEngagement> {
        self.entries.iter().filter(|e| e.is_shot())
    }

    /// The battery refused `engagement`: it is no longer a shot, so its track may be
    /// engaged again. False when the book holds no such engagement.
    pub fn refused(&mut self, engagement: EngagementId, why: Unavailable) -> bool {
        match self.entries.get_mut(engagement.index()) {
            Some(e) => {
                e.standing = Standing::Refused(why);
                true
            }
            None => false,
        }
    }

    /// Into `out` (cleared first), in id order, the tracks of `picture` that kill
    /// assessment judges destroyed at `now`: every shot at them has had its intercept
    /// time plus `delay`, and no plot has come since the last intercept.
    pub fn presumed_killed(
        &self,
        picture: &AirPicture,
        now: SimTime,
        delay: tdome_core::SimDuration,
        out: &mut Vec<TrackId>,
    ) {
        out.clear();
        // The book is in engagement order; tracks may recur in it.
        let mut last_intercept: BTreeMap<TrackId, Option<SimTime>> = BTreeMap::new();
        for e in self.shots() {
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

    /// `dropped` was a duplicate of `kept`: its engagements now belong to `kept`.
    pub fn merge_tracks(&mut self, dropped: TrackId, kept: TrackId) {
        for e in self.entries.iter_mut().filter(|e| e.order.track == dropped) {
            e.order.track = kept;
        }
    }

    /// True when a shot from id `from` on, still to arrive, is at another track and aimed
    /// where `track` is predicted to be at that shot's intercept time: the two tracks are
    /// one target (a duplicate not yet merged), which must not draw a second salvo.
    pub fn engaged_through_another_track(
        &self,
        from: usize,
        track: TrackId,
        path: &PredictedPath,
        now: SimTime,
    ) -> bool {
        // Duplicate tracks of one target predict positions within tens of metres of each
        // other; two real targets this close would share a homing basket anyway.
        const SAME_TARGET_M: f64 = 200.0;
        self.entries[from.min(self.entries.len())..]
            .iter()
            .any(|e| {
                e.is_shot()
                    && e.order.track != track
                    && e.order.intercept_time > now
                    && path.within_at(e.order.intercept_time, &e.order.aim_point, SAME_TARGET_M)
            })
    }

    /// Why the book forbids a new shot at `track` now, if it does: a shot still to be
    /// assessed, the shot limit (`max_shots`, the doctrine's for the track's category)
    /// reached, or a last shot not followed by a plot (presumed killed, awaiting
    /// deletion).
    pub fn hold_reason(
        &self,
        track: TrackId,
        picture: &AirPicture,
        now: SimTime,
        (doctrine, max_shots): (&Doctrine, u32),
    ) -> Option<HoldReason> {
        let mut shots = 0;
        let mut last_intercept = None;
        for e in self.shots().filter(|e| e.order.track == track) {
            shots += 1;
            if now < e.order.intercept_time + doctrine.kill_assessment_delay {
                return Some(HoldReason::Engaged);
            }
            last_intercept = last_intercept.max(Some(e.order.intercept_time));
        }
        if shots >= max_shots {
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
}
