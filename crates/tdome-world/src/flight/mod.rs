//! **flight**: how threats move. Ballistic threats fly the shared point-mass model from
//! `tdome-physics`; cruise missiles and drones fly their route kinematically.

pub mod route;

use tdome_core::defence::DefendedAsset;
use tdome_core::{Ecef, Geodetic, Position};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{BallisticFlight, ground_crossing, surface_crossing};

use route::{RouteFlight, RouteStep};

/// A threat's flight model in progress.
// A ballistic flight carries its staging timetable inline (about half a kilobyte), so that
// the look-ahead copies of flights allocate nothing; a few hundred threats make that a
// few hundred kilobytes, not worth a box per flight.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum ThreatFlight {
    /// Point-mass ballistic flight.
    Ballistic(BallisticFlight),
    /// Route following.
    Route(RouteFlight),
}

/// What a step brought.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FlightStep {
    /// Still flying; the new state.
    Flying(EcefState),
    /// Reached the ground (or its aim) at `fraction` of the step, in `state`.
    Impact {
        /// Fraction of the step, in [0, 1].
        fraction: f64,
        /// State at impact.
        state: EcefState,
    },
}

impl ThreatFlight {
    /// The current state.
    pub fn state(&self) -> EcefState {
        match self {
            ThreatFlight::Ballistic(f) => *f.state(),
            ThreatFlight::Route(f) => *f.state(),
        }
    }

    /// Advance by `dt_s` seconds from state `before`, over `ground`.
    pub fn step(&mut self, dt_s: f64, ground: &Ground<'_>) -> FlightStep {
        let before = self.state();
        match self {
            ThreatFlight::Ballistic(f) => {
                f.step(dt_s);
                let after = *f.state();
                // A threat still climbing off the rail never counts as an impact.
                match ground.crossing(&before, &after, dt_s) {
                    Some((fraction, state)) if f.elapsed_s() > dt_s => {
                        FlightStep::Impact { fraction, state }
                    }
                    _ => FlightStep::Flying(after),
                }
            }
            ThreatFlight::Route(f) => match f.step(dt_s) {
                RouteStep::Flying => FlightStep::Flying(*f.state()),
                RouteStep::Arrived(fraction) => FlightStep::Impact {
                    fraction,
                    state: *f.state(),
                },
            },
        }
    }
}

/// The ground ballistic threats land on: the WGS-84 ellipsoid, raised or lowered to each
/// defended asset's `ground_height` over its footprint.
#[derive(Clone, Copy, Debug)]
pub struct Ground<'a> {
    /// Every asset when any has a ground height; none when all lie on the ellipsoid, so
    /// that the common case costs one test.
    raised: &'a [DefendedAsset],
    /// The highest ground of any of them, metres (0 with none).
    highest_m: f64,
}

impl<'a> Ground<'a> {
    /// The ground over `assets` (those at height 0 change nothing, and cost nothing).
    pub fn new(assets: &'a [DefendedAsset]) -> Self {
        let raised = if assets.iter().any(|a| a.ground_height.si() != 0.0) {
            assets
        } else {
            &[]
        };
        Ground {
            raised,
            highest_m: raised
                .iter()
                .map(|a| a.ground_height.si())
                .fold(0.0, f64::max),
        }
    }

    /// Height of the ground under `p` above the ellipsoid, metres: the highest of the
    /// assets whose footprint holds it, else 0.
    pub fn height_at(&self, p: &Position<Ecef>) -> f64 {
        self.raised
            .iter()
            .filter(|a| a.area.contains_ecef(p))
            .map(|a| a.ground_height.si())
            .reduce(f64::max)
            .unwrap_or(0.0)
    }

    /// Where the step from `a` to `b` goes down through the ground, as the fraction of the
    /// step and the state there.
    fn crossing(&self, a: &EcefState, b: &EcefState, dt_s: f64) -> Option<(f64, EcefState)> {
        if self.raised.is_empty() {
            return ground_crossing(a, b, dt_s);
        }
        let h_b = Geodetic::from_ecef(&b.position).height_m();
        if h_b >= self.highest_m {
            return None;
        }
        let ground = self.height_at(&b.position);
        if h_b >= ground {
            return None;
        }
        // Below the ground under `b`: through its surface within the step, or, when the
        // step began below that surface too (it came in under the edge of raised ground),
        // at the step's start.
        surface_crossing(a, b, dt_s, ground).or(Some((0.0, *a)))
    }
}
