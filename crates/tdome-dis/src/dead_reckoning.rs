//! When to send an Entity State PDU: the sender keeps what each receiver extrapolates
//! from the last one sent, and sends again only when that extrapolation has drifted
//! past a threshold or the heartbeat is due (IEEE 1278.1-2012, 4.2.3 and annex E).

use nalgebra::Vector3;
use tdome_core::frames::{Acceleration, Ecef, Position, Velocity};
use tdome_core::{Angle, Length, SimDuration, SimTime};

use crate::orientation::EulerAngles;

/// The thresholds and heartbeat of the entity-state updates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Send when the receivers' extrapolated position is further than this from truth
    /// (IEEE 1278.1-2012 DRA_POS_THRSH, 1 m by default).
    pub position: Length,
    /// Send when the receivers' orientation is further than this from truth
    /// (DRA_ORIENT_THRSH, 3° by default).
    pub orientation: Angle,
    /// Send at least this often, changed or not (HBT_ENTITY_STATE, 5 s by default).
    pub heartbeat: SimDuration,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            position: Length::metres(1.0),
            orientation: Angle::degrees(3.0),
            heartbeat: SimDuration::from_seconds(5.0),
        }
    }
}

/// An entity's true state at one time, as the writer knows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kinematics {
    /// When.
    pub time: SimTime,
    /// Where.
    pub position: Position<Ecef>,
    /// Its velocity.
    pub velocity: Velocity<Ecef>,
    /// Its acceleration (from the last two samples; zero from the first).
    pub acceleration: Acceleration<Ecef>,
    /// Its orientation (nose on the velocity).
    pub orientation: EulerAngles,
}

/// Why an Entity State PDU is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpdateReason {
    /// The extrapolated position drifted past the position threshold.
    Position,
    /// The orientation turned past the orientation threshold.
    Orientation,
    /// The heartbeat expired.
    Heartbeat,
}

/// What the receivers hold of an entity: the state last sent, which they extrapolate
/// by DRM(F,V,W) — fixed orientation, second-order position in world coordinates:
/// `p(t) = p₀ + v₀ Δt + ½ a₀ Δt²`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Published(pub Kinematics);

impl Published {
    /// Where the receivers put the entity at `t`.
    pub fn extrapolated(&self, t: SimTime) -> Position<Ecef> {
        let k = &self.0;
        let dt = t.since(k.time).as_seconds();
        let step: Vector3<f64> = k.velocity.mps() * dt + k.acceleration.mps2() * (0.5 * dt * dt);
        Position::from_vector(k.position.metres() + step)
    }

    /// Whether `now` must be sent, and why (the first reason that applies, in the
    /// order of [`UpdateReason`]).
    pub fn update_due(&self, now: &Kinematics, thresholds: &Thresholds) -> Option<UpdateReason> {
        if self.extrapolated(now.time).distance_to(&now.position) > thresholds.position {
            Some(UpdateReason::Position)
        } else if self.0.orientation.angle_to(&now.orientation) > thresholds.orientation {
            Some(UpdateReason::Orientation)
        } else if now.time.since(self.0.time) >= thresholds.heartbeat {
            Some(UpdateReason::Heartbeat)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orientation::along_velocity;
    use tdome_core::{Enu, Geodetic};

    /// Feeds samples every `dt` seconds for `span` seconds, publishing when due as a
    /// writer does; returns the reasons of the updates after the first.
    fn updates(
        span: f64,
        dt: f64,
        state_at: impl Fn(f64) -> (Position<Ecef>, Velocity<Ecef>),
    ) -> Vec<(f64, UpdateReason)> {
        let thresholds = Thresholds::default();
        let mut out = Vec::new();
        let mut published: Option<Published> = None;
        let mut last: Option<(f64, Velocity<Ecef>)> = None;
        let n = (span / dt).round() as i64;
        for k in 0..=n {
            let t = k as f64 * dt;
            let (p, v) = state_at(t);
            let a = last.map_or(Acceleration::default(), |(t0, v0)| {
                Acceleration::from_vector((v.mps() - v0.mps()) / (t - t0))
            });
            last = Some((t, v));
            let now = Kinematics {
                time: SimTime::from_seconds(t),
                position: p,
                velocity: v,
                acceleration: a,
                orientation: along_velocity(&p, &v).expect("moving"),
            };
            match published {
                None => published = Some(Published(now)),
                Some(pb) => {
                    if let Some(why) = pb.update_due(&now, &thresholds) {
                        out.push((t, why));
                        published = Some(Published(now));
                    }
                }
            }
        }
        out
    }

    /// A level circle at `speed` turning at `rate` (rad/s) in the local horizontal plane.
    fn circle(
        frame: &tdome_core::EnuFrame,
        speed: f64,
        rate: f64,
        t: f64,
    ) -> (Position<Ecef>, Velocity<Ecef>) {
        let radius = speed / rate;
        let (s, c) = (rate * t).sin_cos();
        let p = Position::<Enu>::from_metres(radius * s, radius * (1.0 - c), 0.0);
        let v = Velocity::<Enu>::from_mps(speed * c, speed * s, 0.0);
        (frame.to_ecef(&p), frame.velocity_to_ecef(&v))
    }

    #[test]
    fn a_straight_constant_velocity_flight_sends_heartbeats_only() {
        let p0 = Geodetic::from_degrees(24.0, 121.0, 3000.0).to_ecef();
        let v = Velocity::from_mps(120.0, -80.0, 60.0);
        let sent = updates(30.0, 0.5, |t| (p0 + v.over_seconds(t), v));
        let expected: Vec<(f64, UpdateReason)> = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0]
            .into_iter()
            .map(|t| (t, UpdateReason::Heartbeat))
            .collect();
        assert_eq!(sent, expected);
    }

    #[test]
    fn a_level_turn_sends_on_the_thresholds_not_the_heartbeat() {
        // A level turn at 200 m/s and 2 g about the local vertical: the heading swings
        // 3° in about half a second, long before the extrapolation drifts a metre.
        let frame = tdome_core::EnuFrame::at(Geodetic::from_degrees(24.0, 121.0, 3000.0));
        let (speed, accel) = (200.0, 2.0 * 9.81);
        let rate = accel / speed;
        let sent = updates(20.0, 0.1, |t| circle(&frame, speed, rate, t));
        assert!(
            sent.iter().all(|&(_, why)| why != UpdateReason::Heartbeat),
            "{sent:?}"
        );
        // 5.6°/s against 3°: every 0.6 s at samples 0.1 s apart, 33 in 20 s.
        assert!((25..=40).contains(&sent.len()), "{}", sent.len());
    }

    #[test]
    fn a_straight_flight_with_changing_acceleration_sends_on_the_position_threshold() {
        // A booster along a straight line with a jerk of 6 m/s³: the orientation never
        // changes, the second-order extrapolation drifts by about j Δt³ / 6 (plus the lag
        // of the sampled acceleration).
        let p0 = Geodetic::from_degrees(24.0, 121.0, 0.0).to_ecef();
        let dir = Vector3::new(0.3, -0.5, 0.81).normalize();
        let (v0, jerk) = (50.0, 6.0);
        let sent = updates(10.0, 0.1, |t| {
            let s = v0 * t + jerk * t * t * t / 6.0;
            let v = v0 + jerk * t * t / 2.0;
            (
                Position::from_vector(p0.metres() + dir * s),
                Velocity::from_vector(dir * v),
            )
        });
        assert!(
            sent.iter().all(|&(_, why)| why == UpdateReason::Position),
            "{sent:?}"
        );
        assert!(sent.len() >= 5, "{sent:?}");
    }

    #[test]
    fn a_turn_too_gentle_to_drift_a_metre_sends_on_the_orientation_threshold() {
        // A very slow turn (5 m/s, a 10 s heartbeat would not be reached): the position
        // stays within a metre of the second-order extrapolation, but the heading swings.
        let frame = tdome_core::EnuFrame::at(Geodetic::from_degrees(24.0, 121.0, 3000.0));
        let (speed, rate) = (5.0, 20f64.to_radians());
        let sent = updates(4.9, 0.05, |t| circle(&frame, speed, rate, t));
        assert!(!sent.is_empty());
        assert!(
            sent.iter()
                .all(|&(_, why)| why == UpdateReason::Orientation),
            "{sent:?}"
        );
        // 20°/s against a 3° threshold: every 0.15 s or 0.2 s at samples 0.05 s apart.
        assert!((20..=35).contains(&sent.len()), "{}", sent.len());
    }
}
