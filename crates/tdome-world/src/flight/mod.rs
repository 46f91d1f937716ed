//! **flight**: how threats move. Ballistic threats fly the shared point-mass model from
//! `tdome-physics`; cruise missiles and drones fly their route kinematically.

pub mod route;

use tdome_physics::EcefState;
use tdome_physics::ballistic::{BallisticFlight, ground_crossing};

use route::{RouteFlight, RouteStep};

/// A threat's flight model in progress.
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

    /// Advance by `dt_s` seconds from state `before`.
    pub fn step(&mut self, dt_s: f64) -> FlightStep {
        let before = self.state();
        match self {
            ThreatFlight::Ballistic(f) => {
                f.step(dt_s);
                let after = *f.state();
                // A threat still climbing off the rail never counts as an impact.
                match ground_crossing(&before, &after, dt_s) {
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
