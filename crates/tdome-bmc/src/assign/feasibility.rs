//! Can a battery reach a threat in time? The predicted-intercept-point search.

use std::sync::Arc;
use tdome_core::defence::BatteryDescription;
use tdome_core::geodesy::WGS84_A;
use tdome_core::threat::TargetCategory;

use tdome_core::{Ecef, EnuFrame, Length, Position, SimDuration, SimTime};
use tdome_physics::interceptor::FlyoutTable;

use crate::assess::path::MemoisedPath;
use crate::config::Doctrine;

/// A battery's fixed geometry, computed once.
#[derive(Clone, Debug)]
pub struct BatteryGeometry {
    /// The battery.
    pub description: BatteryDescription,
    /// ENU frame at its site.
    pub frame: EnuFrame,
    /// Time of flight of its interceptor against ground range and altitude, flown by the
    /// physics (see [`super::flyout`]); without one (a gun, a laser, a missile without an
    /// airframe), [`tdome_core::defence::InterceptorType::unflown_time_s`].
    pub flyout: Option<Arc<FlyoutTable>>,
    /// The farthest from the site (metres, straight line) an intercept point can be.
    reach_m: f64,
    /// The same by altitude band, from the flyout table (empty without one).
    reach_by_altitude: Vec<ReachBand>,
    /// The highest average speed (slant range over time of flight, m/s) of any intercept
    /// [`envelope_flight_time`] answers: a time of flight is never less than the slant
    /// range over this. Infinite where no bound is known (a laser).
    fastest_mps: f64,
    /// Distance from the Earth's centre to the ellipsoid under the site, metres: a
    /// point's height above the ellipsoid near the site is its distance from the centre
    /// less this, to within a kilometre over a few hundred km (the ellipsoid's radius
    /// changes by ~16 m per km of latitude).
    surface_radius_m: f64,
    /// The interceptor's longest time of flight, seconds (read once: a search reads it
    /// at every candidate).
    max_flight_s: f64,
}

/// The farthest reachable point of one row of flyout-table cells.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ReachBand {
    low_m: f64,
    high_m: f64,
    reach_m: f64,
}

/// Slack on the height of a path sample worked out from its distance from the Earth's
/// centre (see `surface_radius_m`).
const HEIGHT_SLACK_M: f64 = 1_000.0;

impl BatteryGeometry {
    /// The battery at its site, planning with `flyout` if given.
    pub fn new(description: BatteryDescription, flyout: Option<Arc<FlyoutTable>>) -> Self {
        let mut b = BatteryGeometry {
            frame: EnuFrame::at(description.site),
            surface_radius_m: description
                .site
                .with_height(Length::ZERO)
                .to_ecef()
                .metres()
                .norm(),
            max_flight_s: 0.0,
            description,
            flyout: None,
            reach_m: 0.0,
            reach_by_altitude: Vec::new(),
            fastest_mps: f64::INFINITY,
        };
        b.set_flyout(flyout);
        b
    }

    /// Plan with `flyout` from now on (`None`: at the mean speed).
    pub fn set_flyout(&mut self, flyout: Option<Arc<FlyoutTable>>) {
        self.flyout = flyout;
        self.reach_m = reach_m(self);
        self.reach_by_altitude = reach_by_altitude(self);
        self.fastest_mps = fastest_mps(self);
        self.max_flight_s = self.description.interceptor.max_time_of_flight.as_seconds();
    }

    /// The farthest from the site a point within `stray` of `sample` can be and still
    /// be reached: by the altitude band the point can lie in when the battery has a
    /// flyout table, else [`reach_m`].
    fn reach_near(&self, sample: &tdome_physics::EcefState, stray: f64) -> f64 {
        if self.reach_by_altitude.is_empty() {
            return self.reach_m;
        }
        let h = sample.position.metres().norm() - self.surface_radius_m;
        let (low, high) = (h - stray - HEIGHT_SLACK_M, h + stray + HEIGHT_SLACK_M);
        self.reach_by_altitude
            .iter()
            .filter(|b| b.high_m >= low && b.low_m <= high)
            .fold(0.0, |r, b| r.max(b.reach_m))
    }
}

/// The farthest point of each row of cells of the battery's flyout table whose four
/// corners are reachable (a lookup answers nowhere else), as a straight-line distance
/// from the site.
fn reach_by_altitude(battery: &BatteryGeometry) -> Vec<ReachBand> {
    let Some(table) = &battery.flyout else {
        return Vec::new();
    };
    let h0 = battery.frame.origin().height_m();
    let slant = |r: f64, h: f64| r.hypot(h - h0 - r * r / (2.0 * WGS84_A));
    let mut bands: Vec<ReachBand> = (0..table.grid().altitude_nodes.saturating_sub(1))
        .map(|j| {
            let (_, low) = table.node_position(0, j);
            let (_, high) = table.node_position(0, j + 1);
            ReachBand {
                low_m: low.si(),
                high_m: high.si(),
                reach_m: 0.0,
            }
        })
        .collect();
    for (i, j, _) in reachable_cells(table) {
        for (a, b) in [(i, j), (i + 1, j), (i, j + 1), (i + 1, j + 1)] {
            let (r, h) = table.node_position(a, b);
            bands[j].reach_m = bands[j].reach_m.max(slant(r.si(), h.si()));
        }
    }
    bands
}

/// The cells of `table` whose four corners are reachable (a lookup answers nowhere
/// else), as (range column, altitude row, the corners' times of flight), row by row.
fn reachable_cells(table: &FlyoutTable) -> impl Iterator<Item = (usize, usize, [f64; 4])> + '_ {
    let grid = table.grid();
    (0..grid.altitude_nodes.saturating_sub(1)).flat_map(move |j| {
        (0..grid.range_nodes.saturating_sub(1)).filter_map(move |i| {
            let time = |a: usize, b: usize| table.node(a, b).map(|p| p.time_of_flight_s);
            Some((
                i,
                j,
                [
                    time(i, j)?,
                    time(i + 1, j)?,
                    time(i, j + 1)?,
                    time(i + 1, j + 1)?,
                ],
            ))
        })
    })
}

/// The largest straight-line distance from a site `h0` metres up of a point at ground
/// range `range` whose altitude lies between `low` and `high`: its up component in the
/// site's frame is its altitude less the site's height and the curvature drop.
fn farthest_m(h0: f64, range: f64, low: f64, high: f64) -> f64 {
    let up = (high - h0)
        .abs()
        .max((low - h0 - range * range / (2.0 * WGS84_A)).abs());
    range.hypot(up)
}

/// A feasible shot: the interceptor leaves at `launch_time` (no earlier than the
/// reaction time allows) and flies its flyout to arrive at `intercept_time`.
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
/// flight to it from the battery: from its flyout table when it has one (and `None`
/// where the table says the airframe cannot get there in time and fast enough), else
/// [`InterceptorType::unflown_time_s`] (a laser's is its dwell against `category` at
/// that range: planned at the kill point, though the beam goes on while the threat
/// closes from farther out, so an approaching threat takes a little longer).
///
/// [`InterceptorType::unflown_time_s`]: tdome_core::defence::InterceptorType::unflown_time_s
fn envelope_flight_time(
    battery: &BatteryGeometry,
    category: TargetCategory,
    point: &Position<Ecef>,
) -> Option<f64> {
    probe(battery, category, point).flight_s
}

/// A point as the envelope test sees it from one battery: where it lies, and the time of
/// flight to it when it passes ([`envelope_flight_time`]).
#[derive(Clone, Copy, Debug)]
struct Probe {
    /// Straight-line distance from the site, metres.
    slant_m: f64,
    /// Ground range from the site, metres.
    ground_range_m: f64,
    /// The site's height plus the point's up component in the site's frame: its
    /// altitude less the Earth's curvature drop over the ground range, so never above it.
    height_up_m: f64,
    /// Time of flight, seconds, when the point is in the envelope and reachable.
    flight_s: Option<f64>,
}

impl Probe {
    /// A lower bound on how long after this point's time the path (moving no faster than
    /// `speed` m/s) can first be at a point inside the envelope and reachable, by an
    /// interceptor launched no earlier than `since_launch` seconds before this point's
    /// time (negative: not yet launchable): the ground range and the up component change
    /// no faster than the path moves, and a time of flight is at least the slant range
    /// over the battery's fastest average speed, the slant range shrinking no faster
    /// than the path moves either. Every candidate sooner than this is infeasible, so a
    /// search may pass over it unevaluated: the window found is the one a search of
    /// every candidate finds.
    fn wait_s(&self, battery: &BatteryGeometry, speed: f64, since_launch: f64) -> f64 {
        // A path at rest that is out of the envelope never enters it.
        let speed = speed.max(f64::MIN_POSITIVE);
        let interceptor = &battery.description.interceptor;
        let beyond = self.ground_range_m - interceptor.max_range.si();
        let within = interceptor.min_range.si() - self.ground_range_m;
        let above = self.height_up_m - interceptor.max_altitude.si();
        let mut wait = beyond.max(within).max(above) / speed;
        let fastest = battery.fastest_mps;
        if fastest.is_finite() && fastest > 0.0 {
            // Reachable at t + w needs since_launch + w ≥ flight(t + w)
            // ≥ (slant − speed·w) / fastest.
            wait = wait.max((self.slant_m / fastest - since_launch) / (1.0 + speed / fastest));
        }
        wait
    }
}

/// [`Probe`] of `point` from `battery`, against a threat of `category`.
fn probe(battery: &BatteryGeometry, category: TargetCategory, point: &Position<Ecef>) -> Probe {
    let interceptor = &battery.description.interceptor;
    let frame = &battery.frame;
    let enu = frame.to_enu(point);
    let v = enu.metres();
    // Plain square roots, not `hypot`: no ENU component near a site comes near overflow
    // when squared, and libm's hypot was a sixth of this function's cost.
    let ground_range = (v.x * v.x + v.y * v.y).sqrt();
    let height_up = frame.origin().height_m() + v.z;
    // Height above the ellipsoid, from the local up component plus the Earth's curvature
    // drop over the ground range (accurate to metres at a few hundred km).
    let altitude = height_up + ground_range * ground_range / (2.0 * WGS84_A);
    let slant = v.norm();
    let in_envelope = ground_range >= interceptor.min_range.si()
        && ground_range <= interceptor.max_range.si()
        && altitude >= interceptor.min_altitude.si()
        && altitude <= interceptor.max_altitude.si();
    let flight = in_envelope.then(|| match &battery.flyout {
        Some(table) => table
            .lookup(Length::metres(ground_range), Length::metres(altitude))
            .ok()
            .map(|p| p.time_of_flight_s),
        None => interceptor.unflown_time_s(slant, category),
    });
    Probe {
        slant_m: slant,
        ground_range_m: ground_range,
        height_up_m: height_up,
        flight_s: flight.flatten().filter(|&f| f <= battery.max_flight_s),
    }
}

/// The highest average speed (slant range over time of flight, m/s) of an intercept the
/// battery's [`envelope_flight_time`] answers. With a flyout table, a lookup answers only
/// inside a cell whose four corners are reachable, with a time no less than the least of
/// theirs (bilinear weights are a convex combination), at a slant range no more than
/// the cell's farthest (as in [`reach_m`]); a missile without one flies the slant range
/// at its mean speed; a gun's shells leave at the muzzle velocity and only slow down.
/// A laser's dwell is no flight: no bound.
fn fastest_mps(battery: &BatteryGeometry) -> f64 {
    let interceptor = &battery.description.interceptor;
    if let Some(table) = &battery.flyout {
        let h0 = battery.frame.origin().height_m();
        let mut fastest = 0.0_f64;
        for (i, j, times) in reachable_cells(table) {
            let quickest = times.into_iter().fold(f64::INFINITY, f64::min);
            if quickest <= 0.0 {
                return f64::INFINITY;
            }
            let (far_range, low) = table.node_position(i + 1, j);
            let (_, high) = table.node_position(i + 1, j + 1);
            fastest = fastest.max(farthest_m(h0, far_range.si(), low.si(), high.si()) / quickest);
        }
        return fastest;
    }
    match &interceptor.effector {
        tdome_core::defence::Effector::Missile => interceptor.mean_speed.si(),
        // A shell's flight is expm1(k·s)/(k·v₀) ≥ s/v₀ for a drag k ≥ 0.
        tdome_core::defence::Effector::Gun(g) if g.drag_per_m >= 0.0 => g.muzzle_velocity.si(),
        tdome_core::defence::Effector::Gun(_) => f64::INFINITY,
        tdome_core::defence::Effector::Laser(_) => f64::INFINITY,
    }
}

/// The farthest from the site (metres, straight line) a point can lie and pass
/// [`envelope_flight_time`]: its ground range is at most `max_range`; its up component
/// in the site's frame is its altitude less the site's height and the curvature drop,
/// bounded by the altitude limits; and the flight is bounded too: at the mean speed, or
/// by the farthest reachable node of the flyout table (a lookup answers only inside a
/// cell whose four corners are reachable).
fn reach_m(battery: &BatteryGeometry) -> f64 {
    let interceptor = &battery.description.interceptor;
    let frame = &battery.frame;
    let h0 = frame.origin().height_m();
    let farthest = |range: f64, low: f64, high: f64| farthest_m(h0, range, low, high);
    let range = interceptor.max_range.si();
    let envelope = farthest(
        range,
        interceptor.min_altitude.si(),
        interceptor.max_altitude.si(),
    );
    let by_flight = match &battery.flyout {
        Some(table) => {
            let grid = table.grid();
            let mut far = 0.0_f64;
            for j in 0..grid.altitude_nodes {
                for i in 0..grid.range_nodes {
                    if table.node(i, j).is_some() {
                        let (r, h) = table.node_position(i, j);
                        far = far.max(farthest(r.si(), h.si(), h.si()));
                    }
                }
            }
            far
        }
        None => interceptor.unflown_reach_m(),
    };
    envelope.min(by_flight)
}

/// The window in which a battery can intercept a threat: from its earliest intercept
/// to the latest of the same stretch of the predicted path inside the envelope.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InterceptWindow {
    /// The earliest intercept, launched as soon as it can be.
    pub earliest: InterceptPlan,
    /// The latest intercept of the stretch, launched as late as it can be (its launch
    /// time is the latest launch that still makes an intercept).
    pub latest: InterceptPlan,
}

impl InterceptWindow {
    /// The latest launch that still makes an intercept in this window.
    pub fn latest_launch(&self) -> SimTime {
        self.latest.launch_time
    }
}

/// The intercept window the battery has on `path` at `now`: the first candidate time
/// (a multiple of the doctrine's search step, at least one step after the earliest
/// launch, no later than its margin before the path's end) whose predicted threat position is inside the envelope and reachable by an
/// interceptor launched after the reaction time, and the last candidate of the unbroken
/// stretch inside the envelope that follows it that is still reachable. `None` when the
/// interceptor cannot engage the category or no time works.
///
/// `looks` is the predicted path, read through a memo of its positions at the search's
/// candidate times that every battery's search on the track shares.
///
/// `previous` is where a search on this very path stopped (see [`Searched`]), if one
/// did. `stretch_hint` is where the stretch ended on the track's previous path, if a
/// search found one: a fresh search that finds the boundary there (inside at the hint,
/// outside one step later) takes it rather than walking the stretch again, with the
/// same caveat as [`stretch_end_after`]'s gallop: a gap in between is stepped over. Feasibility is monotone in time: an intercept time that cannot be reached now
/// cannot be reached later on the same path, so each cycle resumes rather than repeats
/// the scan, and the end of the stretch, which depends on the path alone, is kept.
/// So a search that finds no window finds none later on the same path either.
// Inlined into its one caller, the options table's pass over every (track, battery)
// pair: called, it passed its arguments through memory and cost 4% more instructions.
#[inline(always)]
pub fn intercept_window(
    battery: &BatteryGeometry,
    category: TargetCategory,
    looks: &MemoisedPath<'_>,
    now: SimTime,
    doctrine: &Doctrine,
    previous: Option<Searched>,
    stretch_hint: Option<SimTime>,
) -> (Option<InterceptWindow>, Searched) {
    let path = looks.path();
    let interceptor = &battery.description.interceptor;
    let end = path.end_time() - doctrine.min_time_before_impact;
    let step = doctrine.search_step();
    let nothing = Searched {
        resume_at: end + step,
        stretch_end: None,
        reach_until: end,
        inside: [None; 2],
    };
    if interceptor.pk.against(category).is_none() {
        return (None, nothing);
    }
    // A point in the envelope lies within `reach_m` of the site: only the span of the
    // path that comes that close is worth scanning (candidates before it cannot be in
    // the envelope), and a path that never does is not scanned at all. Only a fresh
    // search pays for the span (a pass over the path's samples); one that resumes
    // keeps it.
    let from = match previous {
        Some(p) => p,
        None => {
            let site = battery.frame.origin_ecef();
            let Some((from, until)) =
                path.time_within_varying(site.metres(), battery.reach_m, |s, stray| {
                    battery.reach_near(s, stray)
                })
            else {
                return (None, nothing);
            };
            Searched {
                resume_at: on_grid_after(from, step),
                stretch_end: None,
                reach_until: until,
                inside: [None; 2],
            }
        }
    };
    intercept_window_within(battery, category, looks, now, doctrine, from, stretch_hint)
}

/// [`intercept_window`] once the span worth scanning is known: candidates from
/// `from.resume_at` (or the first after the earliest launch, if later) to no later than
/// `from.reach_until`, the stretch's end reused from `from` when it has one.
// Inlined, as its one caller is (see there).
#[inline(always)]
fn intercept_window_within(
    battery: &BatteryGeometry,
    category: TargetCategory,
    looks: &MemoisedPath<'_>,
    now: SimTime,
    doctrine: &Doctrine,
    from: Searched,
    stretch_hint: Option<SimTime>,
) -> (Option<InterceptWindow>, Searched) {
    let path = looks.path();
    let interceptor = &battery.description.interceptor;
    let step = doctrine.search_step();
    let end = (path.end_time() - doctrine.min_time_before_impact).min(from.reach_until);
    let previous = Some(from);
    let earliest_launch = now + interceptor.reaction_time;
    // The last candidate found inside: the stretch's end, once its search is done,
    // which the latest plan then takes without a second look.
    let last_look = std::cell::Cell::new(None);
    let in_envelope = |t: SimTime| {
        if let Some(known) = from.inside.iter().flatten().find(|k| k.time == t) {
            return Some((looks.position_at(t)?, known.flight_s));
        }
        if let Some((at, found)) = last_look.get()
            && at == t
        {
            return Some(found);
        }
        let position = looks.position_at(t)?;
        let flight = envelope_flight_time(battery, category, &position)?;
        last_look.set(Some((t, (position, flight))));
        Some((position, flight))
    };
    let reachable = |t: SimTime, flight: f64| (t - earliest_launch).as_seconds() >= flight;
    let speed = path.speed_bound();
    // Candidates lie on a grid of absolute times (multiples of the step), not on one
    // counted from now: a search resumed from an earlier cycle and a fresh one then try
    // the same times, and the plan does not depend on which cycle searched first.
    let mut t = on_grid_after(earliest_launch + step, step);
    if let Some(p) = previous {
        t = t.max(p.resume_at);
    }
    while t <= end {
        // A candidate found inside on this path before needs no probe unless it has
        // become unreachable (its position comes from the path's memo).
        let Some(aim_point) = looks.position_at(t) else {
            t += step;
            continue;
        };
        let (flight, seen) = match from.inside.iter().flatten().find(|k| k.time == t) {
            Some(known) => (Some(known.flight_s), None),
            None => {
                let p = probe(battery, category, &aim_point);
                (p.flight_s, Some(p))
            }
        };
        let Some(flight) = flight.filter(|&f| reachable(t, f)) else {
            // Pass over the candidates that cannot be feasible (fresh searches of a
            // first cycle spend most of their time on them: in the envelope, but too
            // soon for the interceptor to get there), keeping a thousandth of the
            // bound's margin against rounding.
            let seen = seen.unwrap_or_else(|| probe(battery, category, &aim_point));
            let wait = seen.wait_s(battery, speed, (t - earliest_launch).as_seconds()) * 0.999;
            t = t + step_by(step, steps_at_least(wait, step, end - t));
            continue;
        };
        // Launch so as to arrive at the intercept time: an interceptor cannot
        // loiter, and its time of flight is bounded.
        let earliest = InterceptPlan {
            launch_time: (t - SimDuration::from_seconds(flight)).max(earliest_launch),
            intercept_time: t,
            aim_point,
        };
        let first_inside = Inside {
            time: t,
            flight_s: flight,
        };
        // The stretch inside the envelope from here, found once per path.
        let stretch_end = match previous.and_then(|p| p.stretch_end) {
            Some(e) if e >= t => e,
            _ => match stretch_hint {
                Some(h)
                    if h >= t
                        && h <= end
                        && in_envelope(h).is_some()
                        && (h + step > end || in_envelope(h + step).is_none()) =>
                {
                    h
                }
                _ => stretch_end_after(t, end, step, |u| in_envelope(u).is_some()),
            },
        };
        // Its last candidate still reachable from now (usually its end: later
        // intercepts leave more time to fly); `t` is.
        let (mut latest, mut last_inside) = (earliest, first_inside);
        let mut u = stretch_end;
        while u > t {
            if let Some((aim_point, flight)) = in_envelope(u)
                && reachable(u, flight)
            {
                latest = InterceptPlan {
                    launch_time: u - SimDuration::from_seconds(flight),
                    intercept_time: u,
                    aim_point,
                };
                last_inside = Inside {
                    time: u,
                    flight_s: flight,
                };
                break;
            }
            u = u - step;
        }
        let searched = Searched {
            resume_at: t,
            stretch_end: Some(stretch_end),
            reach_until: from.reach_until,
            inside: [Some(first_inside), Some(last_inside)],
        };
        return (Some(InterceptWindow { earliest, latest }), searched);
    }
    (
        None,
        Searched {
            resume_at: t,
            stretch_end: None,
            reach_until: from.reach_until,
            inside: [None; 2],
        },
    )
}

/// How many steps on from a candidate the next one worth trying lies, when none sooner
/// than `wait` seconds can be feasible: at least one, and no more than takes the search
/// one step past `left` (the rest of its span), so an infinite wait ends the search.
fn steps_at_least(wait: f64, step: SimDuration, left: SimDuration) -> i64 {
    let step_ns = step.as_nanos().max(1);
    let most = left.as_nanos().div_euclid(step_ns).max(0) + 1;
    // No more than `most` (a NaN wait, no bound, gives `most`), rounded up: by hand, as
    // `ceil` is a library call on baseline x86-64 and this runs at most candidates. The
    // truncation is exact below 2^63, and `as` saturates (so −∞ gives one step).
    let wanted = (wait * 1e9 / step_ns as f64).min(most as f64);
    let whole = wanted as i64;
    let up = if (whole as f64) < wanted {
        whole.saturating_add(1)
    } else {
        whole
    };
    up.clamp(1, most.max(1))
}

/// `k` steps of `step`.
fn step_by(step: SimDuration, k: i64) -> SimDuration {
    SimDuration::from_nanos(step.as_nanos() * k)
}

/// Longest stride, in search steps, of [`stretch_end_after`]'s gallop.
const GALLOP_MAX_STEPS: i64 = 4;

/// The last candidate (on the grid of `step` from `t`, no later than `end`) of the
/// stretch inside the envelope that begins at `t` (which is inside), by galloping
/// forward with strides doubling up to [`GALLOP_MAX_STEPS`] steps, then bisecting the
/// last stride: O(n / 4 + log n) evaluations for a stretch of n steps rather than n. A
/// gap in the envelope narrower than a stride (a path grazing the minimum-range circle)
/// can be stepped over, and the stretch then ends beyond it: its last candidate is still
/// inside the envelope, which is all the window's latest plan needs.
fn stretch_end_after(
    t: SimTime,
    end: SimTime,
    step: SimDuration,
    inside: impl Fn(SimTime) -> bool,
) -> SimTime {
    let at = |k: i64| t + SimDuration::from_nanos(step.as_nanos() * k);
    let last = (end - t).as_nanos().div_euclid(step.as_nanos().max(1));
    let (mut good, mut stride) = (0_i64, 1_i64);
    let bad = loop {
        let next = (good + stride).min(last);
        if next == good {
            return at(good);
        }
        if !inside(at(next)) {
            break next;
        }
        good = next;
        stride = (stride * 2).min(GALLOP_MAX_STEPS);
    };
    // `good` is inside and `bad` outside: bisect to adjacent steps.
    let (mut lo, mut hi) = (good, bad);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if inside(at(mid)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    at(lo)
}

/// The first multiple of `step` at or after `t`.
fn on_grid_after(t: SimTime, step: SimDuration) -> SimTime {
    let (ns, step_ns) = (t.as_nanos(), step.as_nanos().max(1));
    SimTime::from_nanos(
        ns.div_euclid(step_ns) * step_ns
            + if ns.rem_euclid(step_ns) > 0 {
                step_ns
            } else {
                0
            },
    )
}

/// Where a search on a path stopped: no intercept earlier than `resume_at` is feasible,
/// now or later, on the same path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Searched {
    /// The first candidate time still worth trying.
    pub resume_at: SimTime,
    /// The last candidate of the unbroken stretch inside the envelope that begins at
    /// `resume_at`, once found.
    pub stretch_end: Option<SimTime>,
    /// After this time the path stays beyond the battery's reach.
    pub reach_until: SimTime,
    /// The candidates the search last found inside the envelope (the window's earliest
    /// and latest intercepts), with the time of flight there: on the same path it is
    /// the same, and the next cycle's resumed search, which starts at the one and ends
    /// at the other, reads it rather than probing the flyout table again. (The aim
    /// points are not kept: a thousand tracks by a hundred batteries make megabytes of
    /// them, and the path's memo gives them again for a fraction of what touching that
    /// much fresh memory costs.)
    pub inside: [Option<Inside>; 2],
}

/// A candidate intercept time inside the envelope, and the interceptor's time of flight
/// to the predicted threat position then.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inside {
    /// The candidate time.
    pub time: SimTime,
    /// Time of flight to it, seconds.
    pub flight_s: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::path::{PathMemo, PredictedPath};
    use std::sync::Arc;
    use tdome_core::defence::{Layer, PkTable};
    use tdome_core::ids::BatteryId;
    use tdome_core::{Geodetic, Length, Probability, Speed, Usd};
    use tdome_physics::EcefState;

    const SPEED: f64 = 200.0;
    const X0: f64 = 40_000.0;
    const UP: f64 = 1_000.0;

    /// A battery whose interceptor reaches 0.5–10 km of ground range, 0.1–5 km up, at
    /// 500 m/s after a 1 s reaction.
    fn battery() -> BatteryGeometry {
        let site = Geodetic::from_degrees(24.0, 121.0, 0.0);
        let interceptor = tdome_core::defence::InterceptorType {
            name: "test".into(),
            unit_cost: Usd::dollars(1.0),
            mean_speed: Speed::metres_per_second(500.0),
            max_time_of_flight: SimDuration::from_seconds(40.0),
            reaction_time: SimDuration::from_seconds(1.0),
            reload_time: None,
            min_range: Length::metres(500.0),
            max_range: Length::km(10.0),
            min_altitude: Length::metres(100.0),
            max_altitude: Length::km(5.0),
            homing_basket: Length::metres(100.0),
            pk: PkTable::by_category(None, Some(Probability::new(0.8).expect("p"))),
            rcs_m2: 0.1,
            source: "test".into(),
            effector: tdome_core::defence::Effector::Missile,
        };
        BatteryGeometry {
            frame: EnuFrame::at(site),
            description: BatteryDescription {
                id: BatteryId(0),
                name: "b".into(),
                layer: Layer::Lower,
                site,
                interceptor: Arc::new(interceptor),
                rounds: 4,
                rounds_per_launcher: 4,
                reserve_rounds: 0,
                fire_channels: 2,
            },
            flyout: None,
            reach_m: 0.0,
            reach_by_altitude: Vec::new(),
            fastest_mps: f64::INFINITY,
            surface_radius_m: site.with_height(Length::ZERO).to_ecef().metres().norm(),
            max_flight_s: 0.0,
        }
        .with_reach()
    }

    impl BatteryGeometry {
        fn with_reach(mut self) -> Self {
            self.set_flyout(None);
            self
        }
    }

    /// A drone flying west at 200 m/s, 1 km up in the battery's frame, from 40 km east
    /// to 40 km west, passing right over the battery at 200 s.
    fn path(frame: &EnuFrame) -> PredictedPath {
        let at = |t: f64| {
            let p = |t: f64| frame.to_ecef(&Position::from_metres(X0 - SPEED * t, 0.0, UP));
            EcefState {
                position: p(t),
                // Exact for motion along a straight line: the frame change is affine.
                velocity: tdome_core::Velocity::from_vector(
                    (p(t + 0.5).metres() - p(t - 0.5).metres()) / 1.0,
                ),
            }
        };
        let mut path = PredictedPath::default();
        path.reset(SimTime::ZERO, 1.0, at(0.0));
        for k in 1..=400 {
            path.push(at(k as f64));
        }
        path
    }

    /// The definition, checked on the same candidate grid with flat-frame geometry:
    /// candidate times on whole multiples of the 1 s step from the earliest launch plus
    /// one step, inside 0.5–10 km of
    /// ground range, reachable at 500 m/s after the reaction.
    fn brute_force(now: f64) -> Vec<f64> {
        let launch = now + 1.0;
        // Whole seconds (the step), from one step after the earliest launch.
        ((launch + 1.0).ceil() as i64..)
            .map(|k| k as f64)
            .take_while(|&t| t <= 398.0)
            .filter(|&t| {
                let x = X0 - SPEED * t;
                let ground = x.abs();
                (500.0..=10_000.0).contains(&ground) && t - launch >= x.hypot(UP) / 500.0
            })
            .collect()
    }

    #[test]
    fn the_window_spans_the_first_stretch_inside_the_envelope() {
        let b = battery();
        let path = path(&b.frame);
        let doctrine = Doctrine::default();
        for now in [0.0, 100.0, 190.0, 190.3] {
            let now_t = SimTime::from_seconds(now);
            let (window, searched) = intercept_window(
                &b,
                TargetCategory::AirBreathing,
                &PathMemo::default().on(&path, doctrine.search_step()),
                now_t,
                &doctrine,
                None,
                None,
            );
            let w = window.expect("a window");
            let feasible = brute_force(now);
            // The first stretch: before the drone comes within the minimum range.
            let first = feasible[0];
            let last = *feasible
                .iter()
                .take_while(|&&t| t < 200.0)
                .last()
                .expect("stretch");
            let (e, l) = (
                w.earliest.intercept_time.as_seconds(),
                w.latest.intercept_time.as_seconds(),
            );
            assert!(
                (e - first).abs() < 1e-6,
                "now {now}: earliest {e}, expected {first}"
            );
            assert!(
                (l - last).abs() < 1e-6,
                "now {now}: latest {l}, expected {last}"
            );
            // The latest launch arrives just in time at the mean speed.
            let x = X0 - SPEED * l;
            let flight = x.hypot(UP) / 500.0;
            assert!((w.latest_launch().as_seconds() - (l - flight)).abs() < 0.05);
            assert!(w.latest_launch() >= now_t + SimDuration::from_seconds(1.0));
            // A search resumed on the same path a cycle later finds the same window, less
            // what has become unreachable, without rescanning the stretch.
            let later = now_t + SimDuration::from_seconds(0.5);
            let (resumed, _) = intercept_window(
                &b,
                TargetCategory::AirBreathing,
                &PathMemo::default().on(&path, doctrine.search_step()),
                later,
                &doctrine,
                Some(searched),
                None,
            );
            let r = resumed.expect("still a window");
            assert_eq!(r.latest, w.latest);
            // And the same as a fresh search then: the plan does not depend on history.
            let (fresh, _) = intercept_window(
                &b,
                TargetCategory::AirBreathing,
                &PathMemo::default().on(&path, doctrine.search_step()),
                later,
                &doctrine,
                None,
                None,
            );
            assert_eq!(fresh, Some(r));
            assert!(r.earliest.intercept_time >= w.earliest.intercept_time);
        }
        // Past the first stretch, the second one (west of the battery) is the window.
        let (window, _) = intercept_window(
            &b,
            TargetCategory::AirBreathing,
            &PathMemo::default().on(&path, doctrine.search_step()),
            SimTime::from_seconds(197.0),
            &doctrine,
            None,
            None,
        );
        let w = window.expect("the second stretch");
        let feasible = brute_force(197.0);
        assert!((w.earliest.intercept_time.as_seconds() - feasible[0]).abs() < 1e-6);
        assert!((w.latest.intercept_time.as_seconds() - feasible.last().unwrap()).abs() < 1e-6);
        // An interceptor that does not engage the category has no window.
        let (none, _) = intercept_window(
            &b,
            TargetCategory::Ballistic,
            &PathMemo::default().on(&path, doctrine.search_step()),
            SimTime::ZERO,
            &doctrine,
            None,
            None,
        );
        assert!(none.is_none());
    }

    /// The notional Tamir-like airframe of the physics tests.
    mod notional {
        include!("../../../tdome-physics/tests/common/notional_interceptor.rs");
    }

    /// A random path in `frame`: constant acceleration from a point up to 25 km east
    /// or west and north or south, 0.2–8 km up, at 100–1,500 m/s, sampled every
    /// second for 120 s.
    fn random_path(frame: &EnuFrame, u: &mut impl FnMut(f64, f64) -> f64) -> PredictedPath {
        let p0 = nalgebra::Vector3::new(u(-2.5e4, 2.5e4), u(-2.5e4, 2.5e4), u(200.0, 8e3));
        let speed = u(100.0, 1_500.0);
        // Mostly towards the battery, so that most paths have a window.
        let aim = nalgebra::Vector3::new(u(-5e3, 5e3), u(-5e3, 5e3), u(500.0, 4e3));
        let v0 = (aim - p0).normalize() * speed;
        let a = nalgebra::Vector3::new(u(-20.0, 20.0), u(-20.0, 20.0), u(-30.0, 10.0));
        let at = |t: f64| {
            let enu = |t: f64| Position::from_vector(p0 + v0 * t + a * (0.5 * t * t));
            let e = 1e-3;
            EcefState {
                position: frame.to_ecef(&enu(t)),
                velocity: tdome_core::Velocity::from_vector(
                    (frame.to_ecef(&enu(t + e)).metres() - frame.to_ecef(&enu(t - e)).metres())
                        / (2.0 * e),
                ),
            }
        };
        let mut path = PredictedPath::default();
        path.reset(SimTime::from_seconds(100.0), 1.0, at(0.0));
        for k in 1..=120 {
            path.push(at(k as f64));
        }
        path
    }

    /// The earliest intercept by the definition: every candidate on the grid from one
    /// step after the earliest launch to the margin before the path's end, the first
    /// inside the envelope and reachable.
    fn first_feasible_by_scan(
        b: &BatteryGeometry,
        path: &PredictedPath,
        now: SimTime,
        doctrine: &Doctrine,
    ) -> Option<SimTime> {
        let step = doctrine.search_step();
        let launch = now + b.description.interceptor.reaction_time;
        let end = path.end_time() - doctrine.min_time_before_impact;
        let mut t = on_grid_after(launch + step, step);
        while t <= end {
            let state = path.state_at(t)?;
            if let Some(f) = envelope_flight_time(b, TargetCategory::AirBreathing, &state.position)
                && (t - launch).as_seconds() >= f
            {
                return Some(t);
            }
            t += step;
        }
        None
    }

    /// Passing over candidates that cannot be feasible loses none: on random paths, the
    /// window's earliest intercept is the first feasible candidate of a scan of every
    /// one, for a missile planned at its mean speed and for one planned on its flown
    /// table (holes and all).
    #[test]
    fn skipping_infeasible_candidates_finds_the_first_feasible_one() {
        use tdome_physics::interceptor::{
            CarletonDamage, GravityBias, Guidance, InterceptorModel, LaunchPhase, PnLaw,
        };
        let unflown = battery();
        let model = InterceptorModel {
            airframe: notional::tamir_like(),
            guidance: Guidance {
                law: PnLaw::True,
                navigation_constant: 4.0,
                time_constant_s: 0.1,
                gravity_bias: GravityBias::None,
                launch: LaunchPhase::AlongPipLine { hold_s: 0.2 },
            },
            seeker_acquisition_range: Length::km(5.0),
            lethality: CarletonDamage::new(Probability::new(0.9).expect("p"), Length::metres(8.0))
                .expect("lethality"),
        };
        let mut flown = battery();
        let table = super::super::flyout::build(
            &flown.description.interceptor,
            &model,
            flown.description.site,
        )
        .expect("a table");
        flown.set_flyout(Some(Arc::new(table)));
        // The table's bound holds at every node position and between them.
        let fastest = flown.fastest_mps;
        assert!(fastest.is_finite() && fastest > 100.0, "{fastest}");
        let doctrine = Doctrine::default();
        let mut rng = tdome_core::rng::stream(11, tdome_core::rng::Purpose::Dispersion, 0);
        let mut u = |lo: f64, hi: f64| rand::Rng::random_range(&mut rng, lo..hi);
        let (mut windows, mut none) = (0, 0);
        // One memo per path, shared by both batteries' searches as in a pass.
        let mut memo = PathMemo::default();
        for _ in 0..300 {
            let path = random_path(&unflown.frame, &mut u);
            let now = SimTime::from_seconds(100.0 + u(0.0, 30.0));
            let looks = memo.on(&path, doctrine.search_step());
            for b in [&unflown, &flown] {
                let (window, _) = intercept_window(
                    b,
                    TargetCategory::AirBreathing,
                    &looks,
                    now,
                    &doctrine,
                    None,
                    None,
                );
                let expected = first_feasible_by_scan(b, &path, now, &doctrine);
                assert_eq!(window.map(|w| w.earliest.intercept_time), expected);
                if expected.is_some() {
                    windows += 1;
                } else {
                    none += 1;
                }
            }
            // Every point the table answers for lies within the bound's reach.
            for _ in 0..20 {
                let p = flown.frame.to_ecef(&Position::from_metres(
                    u(-1.1e4, 1.1e4),
                    u(-1.1e4, 1.1e4),
                    u(0.0, 5.5e3),
                ));
                if let Some(f) = envelope_flight_time(&flown, TargetCategory::AirBreathing, &p) {
                    let slant = p.distance_to(&flown.frame.origin_ecef()).si();
                    assert!(
                        f >= slant / fastest,
                        "{f} s to {slant} m, bound {fastest} m/s"
                    );
                }
            }
        }
        // Both outcomes were exercised.
        assert!(
            windows > 100 && none > 50,
            "{windows} windows, {none} without"
        );
    }

    #[test]
    fn the_stretch_end_is_found_by_gallop_and_bisection() {
        let step = SimDuration::from_seconds(1.0);
        let t0 = SimTime::from_seconds(10.0);
        let end = SimTime::from_seconds(200.0);
        let at = SimTime::from_seconds;
        // Inside from 10 s to 73 s: found exactly, with far fewer looks than steps.
        let looks = std::cell::Cell::new(0);
        let inside = |u: SimTime| {
            looks.set(looks.get() + 1);
            u <= at(73.0)
        };
        assert_eq!(stretch_end_after(t0, end, step, inside), at(73.0));
        assert!(looks.get() < 30, "{} looks for 63 steps", looks.get());
        // Inside to the end: the end.
        assert_eq!(stretch_end_after(t0, end, step, |_| true), end);
        // Only the start inside.
        assert_eq!(stretch_end_after(t0, end, step, |u| u == t0), t0);
        // A gap of five steps is never stepped over (strides are at most four)...
        let gap = |u: SimTime| u <= at(40.0) || u >= at(46.0);
        assert_eq!(stretch_end_after(t0, end, step, gap), at(40.0));
        // ... one of a single step may be, and the end found is then still inside.
        let narrow = |u: SimTime| u != at(41.0) && u <= at(90.0);
        let e = stretch_end_after(t0, end, step, narrow);
        assert!(e == at(40.0) || e == at(90.0), "{e:?}");
    }
}
