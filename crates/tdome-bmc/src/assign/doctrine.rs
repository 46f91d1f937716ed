//! The doctrine gate: which threatening tracks may be engaged this cycle, before any
//! shooter is looked at.

use tdome_core::SimTime;
use tdome_core::orders::HoldReason;
use tdome_core::picture::TrackEstimate;
use tdome_core::threat::TargetCategory;

use super::book::EngagementBook;
use crate::assess::TrackAssessment;
use crate::config::{Doctrine, TightTest};

/// Air-breathing tracks must be this many times the doctrine's minimum track age before
/// a shot: a rocket still boosting looks slow, low and level for a moment, and is judged
/// air-breathing until it climbs away; air-breathing threats leave minutes, so their
/// shots wait until the verdict has had time to settle.
const AIR_BREATHING_AGE_FACTOR: i64 = 5;

/// May `track` (assessed as `assessment`) be engaged at `now`? `Ok` with the shots the
/// doctrine still allows at it, or the reason to hold fire. Checks, in order: the book
/// (a shot still to be assessed, the shot limit, a presumed kill), a coasting or lagging
/// track, a track too young, and a shot already on its way at the same target through a
/// duplicate track ordered before this cycle (those of this cycle are checked as they
/// are made).
pub fn gate(
    track: &TrackEstimate,
    assessment: &TrackAssessment,
    book: &EngagementBook,
    picture: &tdome_core::picture::AirPicture,
    now: SimTime,
    doctrine: &Doctrine,
) -> Result<u32, HoldReason> {
    let max_shots = doctrine
        .shots_against(assessment.category)
        .max_shots_per_track;
    if let Some(reason) = book.hold_reason(track.track, picture, now, (doctrine, max_shots)) {
        return Err(reason);
    }
    if track.is_coasting(now) || track.lagging {
        return Err(HoldReason::Coasting);
    }
    let min_age = match assessment.category {
        TargetCategory::Ballistic => doctrine.min_track_age,
        TargetCategory::AirBreathing => doctrine.min_track_age.times(AIR_BREATHING_AGE_FACTOR),
    };
    if now - track.first_plot < min_age {
        return Err(HoldReason::Maturing);
    }
    if book.engaged_through_another_track(0, track.track, &assessment.path, now) {
        return Err(HoldReason::Engaged);
    }
    Ok(max_shots.saturating_sub(book.shots_at(track.track)))
}

/// Does `assessment`'s track pass weapons tight's test (see [`TightTest`]): P(hit) at
/// least `min_p_hit` now, on a run of at least `min_assessments` assessments of its
/// category at or above the engagement threshold?
pub fn hostile_with_confidence(assessment: &TrackAssessment, tight: &TightTest) -> bool {
    assessment.p_hit.is_some_and(|p| p >= tight.min_p_hit)
        && assessment.assessments_above_threshold() >= tight.min_assessments
}
