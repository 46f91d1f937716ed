//! Midcourse guidance: every engagement in flight whose track has news gets the
//! intercept point predicted afresh from the latest estimate, so the interceptor steers
//! on the newest plot rather than on the last full re-assessment.

use tdome_core::SimTime;
use tdome_core::ids::EngagementId;
use tdome_core::orders::AimUpdate;
use tdome_core::picture::AirPicture;

use super::book::{PlannedEngagement, Standing};
use crate::assess::{Assessor, NoPrediction};

/// Update the aim of every engagement of `engagements` still to intercept at `now`.
/// Aim updates go to `aim_updates`; a round still on its launcher whose target is now
/// predicted to come down before the planned intercept is withdrawn (to
/// `cancellations`), and its track may be engaged afresh; one already in the air flies
/// on to its last aim point.
pub fn update(
    engagements: &mut [PlannedEngagement],
    picture: &AirPicture,
    assessor: &Assessor,
    now: SimTime,
    aim_updates: &mut Vec<AimUpdate>,
    cancellations: &mut Vec<EngagementId>,
) {
    for e in engagements.iter_mut() {
        // Withdrawn and refused engagements have nothing in the air to guide.
        if e.order.intercept_time <= now || !e.is_shot() {
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
            Err(NoPrediction::LandsFirst) if now < e.order.launch_time => {
                e.standing = Standing::Cancelled;
                cancellations.push(e.order.engagement);
            }
            Err(_) => {}
        }
    }
}
