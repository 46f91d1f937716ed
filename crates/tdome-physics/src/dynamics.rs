//! Force models and the fixed-step integrator they share.
//!
//! A [`Dynamics`] gives the acceleration of a point mass and the height of a point above
//! its ground. [`rk4_step`] advances a state with classic fourth-order Runge–Kutta;
//! [`crossing_within_step`] finds where a step goes below the ground on the cubic Hermite
//! interpolant of the step; [`propagate_to_ground`] ties the two together. The same code
//! flies every model:
//!
//! - [`CoastDynamics`]: an unpowered body over the rotating WGS-84 Earth (J2 gravity,
//!   centrifugal, Coriolis, optional constant-β drag in the 1976 atmosphere), used by
//!   [`crate::ballistic::coast`] for impact prediction;
//! - the boosting vehicle of [`crate::ballistic::BallisticFlight`];
//! - [`FlatEarthVacuum`]: uniform gravity over a flat, non-rotating Earth, the textbook
//!   model the integrator is validated against.

use nalgebra::Vector3;
use tdome_core::{Acceleration, Ecef, EnuFrame, Geodetic, Length, Position, Velocity};

use crate::atmosphere;
use crate::ballistic::CoastDrag;
use crate::gravity::{coriolis_vector, effective_gravity_vector};
use crate::state::{EcefState, approximate_height_m, ellipsoidal_height_m, hermite_vectors};

/// A force model for a point mass, expressed in an Earth-fixed frame whose vectors use
/// ECEF components.
pub trait Dynamics {
    /// Acceleration, m/s², of a body in `state` at `t_s` seconds after the start of the
    /// propagation.
    fn acceleration(&self, t_s: f64, state: &EcefState) -> Acceleration<Ecef>;

    /// Height of `position` above the model's ground; the ground is height 0.
    fn height(&self, position: &Position<Ecef>) -> Length;

    /// A cheap lower bound on [`Dynamics::height`], metres, if the model has one: where it
    /// is positive the body is above ground, and the integrator need not work out the
    /// exact height (which it then does only near the ground). `None` by default.
    fn height_lower_bound(&self, _position: &Vector3<f64>) -> Option<f64> {
        None
    }
}

/// One classic fourth-order Runge–Kutta step of `dt_s` seconds from `state` at time
/// `t_s`. Allocation-free.
pub fn rk4_step<D: Dynamics + ?Sized>(
    dynamics: &D,
    t_s: f64,
    state: &EcefState,
    dt_s: f64,
) -> EcefState {
    let accel = |t: f64, r: Vector3<f64>, v: Vector3<f64>| -> Vector3<f64> {
        let s = EcefState {
            position: Position::from_vector(r),
            velocity: Velocity::from_vector(v),
        };
        *dynamics.acceleration(t, &s).mps2()
    };
    let (r0, v0) = (*state.position.metres(), *state.velocity.mps());
    let h = dt_s;
    let a1 = accel(t_s, r0, v0);
    let (r2, v2) = (r0 + v0 * (0.5 * h), v0 + a1 * (0.5 * h));
    let a2 = accel(t_s + 0.5 * h, r2, v2);
    let (r3, v3) = (r0 + v2 * (0.5 * h), v0 + a2 * (0.5 * h));
    let a3 = accel(t_s + 0.5 * h, r3, v3);
    let (r4, v4) = (r0 + v3 * h, v0 + a3 * h);
    let a4 = accel(t_s + h, r4, v4);
    let r = r0 + (v0 + v2 * 2.0 + v3 * 2.0 + v4) * (h / 6.0);
    let v = v0 + (a1 + a2 * 2.0 + a3 * 2.0 + a4) * (h / 6.0);
    EcefState {
        position: Position::from_vector(r),
        velocity: Velocity::from_vector(v),
    }
}

/// Tolerance on height when solving for the ground crossing, metres: a micrometre, a
/// few hundred times the rounding of an ECEF coordinate, so the crossing carries the
/// integrator's accuracy even for grazing impacts (at 1° it is 0.06 mm of range). The
/// Illinois iteration converges superlinearly, so this costs one or two more height
/// evaluations once per trajectory.
const CROSSING_HEIGHT_TOLERANCE_M: f64 = 1e-6;

/// If the step from `a` to `b` (taking `dt_s` seconds) goes below the ground of `height`
/// (metres above the ground for an ECEF point), the fraction of the step at which it
/// does and the state there, found on the cubic Hermite interpolant of the step (the
/// trajectory the RK4 step implies, accurate to O(dt⁴)) by the Illinois variant of
/// regula falsi, to 1 µm of height.
///
/// A step counts when it starts at or above the ground (within 1 µm, so that a launch
/// from height 0 whose stored height rounds to −1e-9 m is still "on the ground") and ends
/// below it. When it starts on the ground (a launch, or a flight shorter than one step)
/// the crossing is its last descent through the ground, located from eight samples of the
/// interpolant; a step that never rises above the ground crosses at its start.
pub fn crossing_within_step(
    height: impl Fn(&Vector3<f64>) -> f64,
    a: &EcefState,
    b: &EcefState,
    dt_s: f64,
) -> Option<(f64, EcefState)> {
    let ha = height(a.position.metres());
    let hb = height(b.position.metres());
    crossing_given_heights(height, (a, ha), (b, hb), dt_s)
}

/// [`crossing_within_step`] with the end heights already known (the integrators carry
/// the height of the current state, which halves the height evaluations per step).
pub(crate) fn crossing_given_heights(
    height: impl Fn(&Vector3<f64>) -> f64,
    (a, ha): (&EcefState, f64),
    (b, hb): (&EcefState, f64),
    dt_s: f64,
) -> Option<(f64, EcefState)> {
    let (pa, va, pb, vb) = (
        a.position.metres(),
        a.velocity.mps(),
        b.position.metres(),
        b.velocity.mps(),
    );
    if !(ha >= -1e-6 && hb < 0.0) {
        return None;
    }
    let height_at = |s: f64| height(&hermite_vectors(pa, va, pb, vb, dt_s, s).0);
    // Bracket [lo, hi] with h(lo) > 0 > h(hi).
    let (mut lo, mut h_lo, mut hi, mut h_hi) = (0.0, ha, 1.0, hb);
    if ha <= 0.0 {
        // Starting on the ground (a launch, or a flight shorter than one step): the
        // crossing is the last descent through 0, after the highest sample above ground;
        // if the step never rises above ground, the body went down at once.
        let above = (1..8)
            .rev()
            .map(|k| k as f64 / 8.0)
            .map(|s| (s, height_at(s)))
            .find(|p| p.1 > 0.0);
        match above {
            Some((s, h)) => (lo, h_lo) = (s, h),
            None => return Some((0.0, *a)),
        }
    }
    let mut side = 0i8;
    let mut s = 1.0;
    for _ in 0..100 {
        s = (lo * h_hi - hi * h_lo) / (h_hi - h_lo);
        if !(s > lo && s < hi) {
            s = 0.5 * (lo + hi);
        }
        let h = height_at(s);
        if h.abs() < CROSSING_HEIGHT_TOLERANCE_M || hi - lo < 1e-12 {
            break;
        }
        if h > 0.0 {
            lo = s;
            h_lo = h;
            // Illinois: halve the stale end's height when the same end is kept twice.
            if side == 1 {
                h_hi *= 0.5;
            }
            side = 1;
        } else {
            hi = s;
            h_hi = h;
            if side == -1 {
                h_lo *= 0.5;
            }
            side = -1;
        }
    }
    let (p, v) = hermite_vectors(pa, va, pb, vb, dt_s, s);
    Some((
        s,
        EcefState {
            position: Position::from_vector(p),
            velocity: Velocity::from_vector(v),
        },
    ))
}

/// Where and when a propagation reached the ground of its model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Touchdown {
    /// Seconds from the start of the propagation.
    pub time_s: f64,
    /// State at the ground (height 0 of the model, to 1 µm).
    pub state: EcefState,
}

/// Propagate `start` with RK4 at a fixed `step_s` until it reaches the ground of
/// `dynamics` or `horizon_s` elapses (the last step is shortened to end at the horizon),
/// calling `visit(t_s, &state)` after each step, t from the start. The step that reaches
/// the ground is visited with the ground state at the crossing time.
///
/// Returns `None` without visiting anything when `step_s` or `horizon_s` is not positive
/// and finite, and stops (returning `None`) if the state becomes non-finite.
/// Allocation-free.
pub fn propagate_to_ground<D: Dynamics + ?Sized>(
    dynamics: &D,
    start: &EcefState,
    step_s: f64,
    horizon_s: f64,
    mut visit: impl FnMut(f64, &EcefState),
) -> Option<Touchdown> {
    if !(step_s > 0.0 && step_s.is_finite() && horizon_s > 0.0 && horizon_s.is_finite()) {
        return None;
    }
    let height = |r: &Vector3<f64>| dynamics.height(&Position::from_vector(*r)).si();
    // The exact height where the cheap bound cannot tell that the body is above ground;
    // else the bound, flagged as such. A crossing is only ever solved on exact heights,
    // so the result is the same as with exact heights throughout.
    let quick = |r: &Vector3<f64>| match dynamics.height_lower_bound(r) {
        Some(bound) if bound > 0.0 => (bound, false),
        _ => (height(r), true),
    };
    let steps = (horizon_s / step_s).ceil() as u64;
    let mut state = *start;
    let (mut state_height, mut state_exact) = quick(state.position.metres());
    for n in 0..steps {
        // Time is computed from the step count, never accumulated.
        let t0 = n as f64 * step_s;
        let h = (horizon_s - t0).min(step_s);
        if h <= 0.0 {
            break;
        }
        let next = rk4_step(dynamics, t0, &state, h);
        if !next.is_finite() {
            return None;
        }
        let (next_height, next_exact) = quick(next.position.metres());
        // A bound is positive: only an exact height can be below ground.
        if next_height < 0.0 && !state_exact {
            state_height = height(state.position.metres());
        }
        if let Some((s, at_ground)) =
            crossing_given_heights(height, (&state, state_height), (&next, next_height), h)
        {
            let time_s = t0 + s * h;
            visit(time_s, &at_ground);
            return Some(Touchdown {
                time_s,
                state: at_ground,
            });
        }
        visit(t0 + h, &next);
        state = next;
        state_height = next_height;
        state_exact = next_exact;
    }
    None
}

/// An unpowered body over the rotating WGS-84 Earth: J2 gravity, centrifugal and Coriolis
/// accelerations, and optionally drag with a constant ballistic coefficient in the 1976
/// standard atmosphere. Ground is the WGS-84 ellipsoid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CoastDynamics {
    /// How the body decelerates.
    pub drag: CoastDrag,
}

impl CoastDynamics {
    #[inline]
    fn acceleration_vector(&self, r: &Vector3<f64>, v: &Vector3<f64>) -> Vector3<f64> {
        let mut a = effective_gravity_vector(r) + coriolis_vector(v);
        if let CoastDrag::BallisticCoefficient(beta) = self.drag
            && beta > 0.0
        {
            let rho = atmosphere::density(approximate_height_m(r));
            a -= v * (rho * v.norm() / (2.0 * beta));
        }
        a
    }
}

impl Dynamics for CoastDynamics {
    fn acceleration(&self, _t_s: f64, state: &EcefState) -> Acceleration<Ecef> {
        Acceleration::from_vector(
            self.acceleration_vector(state.position.metres(), state.velocity.mps()),
        )
    }

    fn height(&self, position: &Position<Ecef>) -> Length {
        Length::metres(ellipsoidal_height_m(position.metres()))
    }

    /// The geocentric height less a margin: it differs from the ellipsoidal height by
    /// at most about 6e-6 of it ([`approximate_height_m`]); the margin, 10 m plus 1e-4 of
    /// it, is generous. The exact height's sines and square roots were a sixth of the
    /// impact prediction's time.
    fn height_lower_bound(&self, position: &Vector3<f64>) -> Option<f64> {
        let h = approximate_height_m(position);
        Some(h - (10.0 + 1e-4 * h.abs()))
    }
}

/// Uniform gravity over a flat, non-rotating Earth without air: the plane tangent to the
/// ellipsoid at a site, gravity of constant magnitude along the site's downward normal.
/// Vectors keep ECEF components, so the same integrator and interpolation run on it; it
/// exists to validate them against the closed-form projectile solutions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlatEarthVacuum {
    origin: Vector3<f64>,
    up: Vector3<f64>,
    gravity_mps2: f64,
}

impl FlatEarthVacuum {
    /// The plane tangent to the ellipsoid at `site` (its origin at the site), with gravity
    /// `gravity_mps2` (m/s², positive) pointing down the site's normal.
    pub fn tangent_at(site: Geodetic, gravity_mps2: f64) -> Self {
        let frame = EnuFrame::at(site);
        FlatEarthVacuum {
            origin: *frame.origin_ecef().metres(),
            up: frame.up(),
            gravity_mps2,
        }
    }

    /// The plane's origin.
    pub fn origin(&self) -> Position<Ecef> {
        Position::from_vector(self.origin)
    }

    /// The plane's upward unit normal, in ECEF components.
    pub fn up(&self) -> Vector3<f64> {
        self.up
    }
}

impl Dynamics for FlatEarthVacuum {
    fn acceleration(&self, _t_s: f64, _state: &EcefState) -> Acceleration<Ecef> {
        Acceleration::from_vector(-self.up * self.gravity_mps2)
    }

    fn height(&self, position: &Position<Ecef>) -> Length {
        Length::metres((position.metres() - self.origin).dot(&self.up))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tdome_core::{EnuFrame, Geodetic, Velocity};

    /// The coast model without its height bound: every step's height exact.
    struct ExactHeights(CoastDynamics);

    impl Dynamics for ExactHeights {
        fn acceleration(&self, t_s: f64, state: &EcefState) -> Acceleration<Ecef> {
            self.0.acceleration(t_s, state)
        }
        fn height(&self, position: &Position<Ecef>) -> Length {
            self.0.height(position)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The bound only spares work: the flight and its landing are the same to the
        /// bit, from any height, at any step, climbing or diving.
        #[test]
        fn the_height_bound_changes_no_landing(
            lat in -89.0f64..89.0,
            lon in -180.0f64..180.0,
            height in 0.0f64..300_000.0,
            east in -3_000.0f64..3_000.0,
            north in -3_000.0f64..3_000.0,
            up in -3_000.0f64..2_000.0,
            step in 0.05f64..8.0,
            beta in prop_oneof![Just(0.0), 500.0f64..50_000.0],
        ) {
            let site = Geodetic::from_degrees(lat, lon, height);
            let frame = EnuFrame::at(site);
            let start = EcefState {
                position: site.to_ecef(),
                velocity: frame.velocity_to_ecef(&Velocity::from_mps(east, north, up)),
            };
            let drag = if beta > 0.0 { CoastDrag::BallisticCoefficient(beta) } else { CoastDrag::Vacuum };
            let fast = CoastDynamics { drag };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let ra = propagate_to_ground(&fast, &start, step, 1_200.0, |t, s| a.push((t, *s)));
            let rb = propagate_to_ground(&ExactHeights(fast), &start, step, 1_200.0, |t, s| b.push((t, *s)));
            prop_assert_eq!(ra.map(|t| (t.time_s.to_bits(), t.state)), rb.map(|t| (t.time_s.to_bits(), t.state)));
            prop_assert_eq!(a, b);
        }

        /// The bound is a lower bound on the ellipsoidal height.
        #[test]
        fn the_bound_is_below_the_height(
            lat in -90.0f64..90.0,
            lon in -180.0f64..180.0,
            height in -5_000.0f64..2_000_000.0,
        ) {
            let p = Geodetic::from_degrees(lat, lon, height).to_ecef();
            let dynamics = CoastDynamics { drag: CoastDrag::Vacuum };
            let bound = dynamics.height_lower_bound(p.metres()).unwrap();
            prop_assert!(bound <= dynamics.height(&p).si(), "{} > {}", bound, height);
        }
    }
}
