//! Can a battery reach a threat in time? The predicted-intercept-point search.

use tdome_core::defence::{BatteryDescription, InterceptorType};
use tdome_core::geodesy::WGS84_A;
use tdome_core::threat::TargetCategory;
use tdome_core::{Ecef, EnuFrame, Position, SimDuration, SimTime};

use crate::assess::path::PredictedPath;
use crate::config::Doctrine;

/// A battery's fixed geometry, computed once.
#[derive(Clone, Debug)]
pub struct BatteryGeometry {
    /// The battery.
    pub description: BatteryDescription,
    /// ENU frame at its site.
    pub frame: EnuFrame,
}

/// A feasible shot: the interceptor leaves at `launch_time` (no earlier than the
/// reaction time allows) and flies at its mean speed to arrive at `intercept_time`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InterceptPlan {
    /// When the interceptor leaves the launcher.
    pub launch_time: SimTime,
    /// When it meets the threat.
    pub intercept_time: SimTime,
    /// Where (the predicted position of the threat then).
    pub aim_point: Position<Ecef>,
}

/// Whether an intercept point lies inside an interceptor's envelope, and the time of
/// flight to it from the battery.
fn envelope_flight_time(
    interceptor: &InterceptorType,
    frame: &EnuFrame,
    point: &Position<Ecef>,
) -> Option<f64> {
    let enu = frame.to_enu(point);
    let v = enu.metres();
    let ground_range = v.x.hypot(v.y);
    // Height above the ellipsoid, from the local up component plus the Earth's curvature
    // drop over the ground range (accurate to metres at a few hundred km).
    let altitude = frame.origin().height_m() + v.z + ground_range * ground_range / (2.0 * WGS84_A);
    let in_envelope = ground_range >= interceptor.min_range.si()
        && ground_range <= interceptor.max_range.si()
        && altitude >= interceptor.min_altitude.si()
        && altitude <= interceptor.max_altitude.si();
    if !in_envelope {
        return None;
    }
    let flight = v.norm() / interceptor.mean_speed.si();
    (flight <= interceptor.max_time_of_flight.as_seconds()).then_some(flight)
}

/// The farthest from the site (metres, straight line) a point can lie and pass
/// [`envelope_flight_time`]: its ground range is at most `max_range`; its up component
/// in the site's frame is its altitude less the site's height and the curvature drop,
/// bounded by the altitude limits; and the flight at the mean speed is bounded too.
fn reach_m(interceptor: &InterceptorType, frame: &EnuFrame) -> f64 {
    let range = interceptor.max_range.si();
    let h0 = frame.origin().height_m();
    let up = (interceptor.max_altitude.si() - h0)
        .abs()
        .max((interceptor.min_altitude.si() - h0 - range * range / (2.0 * WGS84_A)).abs());
    let by_flight = interceptor.mean_speed.si() * interceptor.max_time_of_flight.as_seconds();
    range.hypot(up).min(by_flight)
}

/// The earliest intercept the battery can make on `path`: the first candidate time
/// (spaced by the doctrine's search step, no later than its margin before the path's
/// end) whose predicted threat position is inside the envelope and
/// reachable by an interceptor launched after the reaction time. `None` when the
/// interceptor cannot engage the category or no time works.
///
/// The search starts no earlier than `not_before`. Feasibility is monotone in time: an
/// intercept time that cannot be reached now cannot be reached later on the same path,
/// so a caller may pass the time a previous search on this path stopped at (see
/// [`Searched`]), and each cycle resumes rather than repeats the scan.
pub fn earliest_intercept(
    battery: &BatteryGeometry,
    category: TargetCategory,
    path: &PredictedPath,
    now: SimTime,
    doctrine: &Doctrine,
    not_before: SimTime,
) -> (Option<InterceptPlan>, Searched) {
    let interceptor = &battery.description.interceptor;
    let end = path.end_time() - doctrine.min_time_before_impact;
    let step = SimDuration::from_seconds(doctrine.intercept_search_step_s);
    if interceptor.pk.against(category).is_none() {
        return (
            None,
            Searched {
                resume_at: end + step,
            },
        );
    }
    // Nowhere on the path within the battery's reach: no need to scan it. A point in the
    // envelope lies within `reach_m` of the site, and no state of the path comes that
    // close. Only a fresh search pays for the bound (a pass over the path's samples):
    // one that resumes has scanned up to `not_before` already, and stops at once after
    // a prune.
    let fresh = not_before < path.start();
    let site = battery.frame.origin().to_ecef();
    if fresh && path.distance_lower_bound(site.metres()) > reach_m(interceptor, &battery.frame) {
        return (
            None,
            Searched {
                resume_at: end + step,
            },
        );
    }
    let earliest_launch = now + interceptor.reaction_time;
    let mut t = (earliest_launch + step).max(not_before);
    while t <= end {
        if let Some(state) = path.state_at(t)
            && let Some(flight) = envelope_flight_time(interceptor, &battery.frame, &state.position)
            && (t - earliest_launch).as_seconds() >= flight
        {
            // Launch so as to arrive at the intercept time at the mean speed: an
            // interceptor cannot loiter, and its time of flight is bounded.
            let launch_time = (t - SimDuration::from_seconds(flight)).max(earliest_launch);
            let plan = InterceptPlan {
                launch_time,
                intercept_time: t,
                aim_point: state.position,
            };
            return (Some(plan), Searched { resume_at: t });
        }
        t += step;
    }
    (None, Searched { resume_at: t })
}

/// Where a search on a path stopped: no intercept earlier than `resume_at` is feasible,
/// now or later, on the same path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Searched {
    /// The first candidate time still worth trying.
    pub resume_at: SimTime,
}
