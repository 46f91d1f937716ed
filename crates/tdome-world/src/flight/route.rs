//! Air-breathing flight: cruise missiles and one-way attack drones.
//!
//! A kinematic model, not an aerodynamic one: the threat flies its route (launch point,
//! via points, aim point) at constant ground speed, climbing at a fixed flight-path angle
//! to its cruise height, holding it, and diving in a straight line onto the aim point from
//! the terminal-dive range. Legs are flown by heading, recomputed every step, towards the
//! next route point in the local horizontal plane, so the ground track follows the
//! great-circle legs. Each step moves over the ellipsoid to first order in its length
//! ([`EnuFrame::moved_over_ground`]: under a millimetre for a step at these speeds).

use tdome_core::{Ecef, EnuFrame, Geodetic, Length, Position, Velocity};
use tdome_physics::EcefState;
use tdome_scenario::model::AirBreathingProfile;

/// Flight-path angle of the climb after launch (notional, typical of booster-launched
/// cruise missiles and catapult-launched drones).
const CLIMB_ANGLE_DEG: f64 = 10.0;

/// A threat flying a route.
#[derive(Clone, Debug)]
pub struct RouteFlight {
    profile: AirBreathingProfile,
    /// Route points after the launch point, ending with the aim point.
    route: Vec<Geodetic>,
    /// The route points on the ellipsoid (height 0), in ECEF: what each step steers to.
    route_ecef: Vec<Position<Ecef>>,
    leg: usize,
    /// Ground position and height.
    here: Geodetic,
    /// The local frame at `here` on the ellipsoid (height 0), kept with `here`: a step
    /// steers in it, and the next step starts from it.
    frame: EnuFrame,
    state: EcefState,
}

/// What happened in a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RouteStep {
    /// Still flying.
    Flying,
    /// Reached the aim point this step, at the given fraction of the step.
    Arrived(f64),
}

impl RouteFlight {
    /// A threat leaving `launch` (on the ground) along `route`, whose last point is the
    /// aim point.
    pub fn launch(profile: AirBreathingProfile, launch: Geodetic, route: Vec<Geodetic>) -> Self {
        let here = launch.with_height(Length::ZERO);
        let route_ecef = route
            .iter()
            .map(|p| p.with_height(Length::ZERO).to_ecef())
            .collect();
        RouteFlight {
            profile,
            route,
            route_ecef,
            leg: 0,
            here,
            frame: EnuFrame::at(here),
            state: EcefState {
                position: here.to_ecef(),
                velocity: Velocity::default(),
            },
        }
    }

    /// The current state.
    pub fn state(&self) -> &EcefState {
        &self.state
    }

    /// Advance by `dt_s` seconds.
    pub fn step(&mut self, dt_s: f64) -> RouteStep {
        let start = self.state.position;
        let mut to_fly = self.profile.speed.si() * dt_s;
        let mut arrived = None;
        let mut flown = 0.0;
        while to_fly > 0.0 {
            let (Some(target), Some(target_ecef)) =
                (self.route.get(self.leg), self.route_ecef.get(self.leg))
            else {
                break;
            };
            let frame = &self.frame;
            let d = frame.to_enu(target_ecef);
            let dist = d.metres().x.hypot(d.metres().y);
            if dist <= to_fly {
                flown += dist;
                to_fly -= dist;
                self.here = target.with_height(self.here.height);
                self.frame = EnuFrame::at(target.with_height(Length::ZERO));
                self.leg += 1;
                if self.leg == self.route.len() {
                    arrived = Some(flown / (self.profile.speed.si() * dt_s));
                    break;
                }
            } else {
                let k = to_fly / dist;
                let (east, north) = (d.metres().x * k, d.metres().y * k);
                let h = self.here.height;
                self.here = match frame.moved_over_ground(east, north) {
                    Some(moved) => moved.with_height(h),
                    None => {
                        let moved = Position::from_metres(east, north, 0.0);
                        Geodetic::from_ecef_at_height(&frame.to_ecef(&moved), h)
                    }
                };
                self.frame = EnuFrame::at(self.here.with_height(Length::ZERO));
                flown += to_fly;
                to_fly = 0.0;
            }
        }
        // Height profile: climb, cruise, terminal dive onto the aim point.
        let height = match arrived {
            Some(_) => 0.0,
            None => {
                // The dive is flown on the last leg only: dive ranges are a few km, far
                // shorter than a leg.
                let to_go = if self.leg + 1 == self.route.len() {
                    let d = self.frame.to_enu(&self.route_ecef[self.leg]);
                    d.metres().x.hypot(d.metres().y)
                } else {
                    f64::INFINITY
                };
                let cruise = self.profile.cruise_altitude.si();
                let dive = self.profile.terminal_dive_range.si();
                let climbed = self.here.height.si() + flown * CLIMB_ANGLE_DEG.to_radians().tan();
                let dive_height = if dive > 0.0 {
                    cruise * (to_go / dive).min(1.0)
                } else {
                    cruise
                };
                climbed.min(cruise).min(dive_height).max(0.0)
            }
        };
        self.here = self.here.with_height(Length::metres(height));
        // `self.here.to_ecef()`, from the trigonometry of the frame already at `here`.
        let position: Position<Ecef> = self.frame.ecef_above_origin(self.here.height);
        // On arrival the step ended part-way: the distance was flown in that fraction.
        let flown_s = arrived.map_or(dt_s, |f| (f * dt_s).max(f64::EPSILON));
        let velocity = Velocity::from_vector((position - start).metres() / flown_s);
        self.state = EcefState { position, velocity };
        match arrived {
            Some(f) => RouteStep::Arrived(f),
            None => RouteStep::Flying,
        }
    }
}
