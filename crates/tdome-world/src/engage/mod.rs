//! **engage**: interceptor flyout and kill resolution.
//!
//! A guided missile (a catalogue type with an airframe) is flown by the physics: see
//! [`guided`]. Its flight ends where it ends, and the miss distance at the closest
//! approach decides the kill.
//!
//! A gun burst (no airframe) is kinematic: the burst flies a straight line from the
//! mount to the commanded intercept point at the speed that arrives at the planned
//! intercept time; it takes an updated aim point only while still in the gun (its fuze
//! is set when it is fired). At the planned time it meets whatever live threat is
//! nearest the aim point: if that threat is within the burst's basket and the aim point
//! within the type's envelope, one Bernoulli draw with its P_k against the threat's true
//! kind (the kind's own figure, else its category's; a gun's thinned beyond its
//! pattern's reference range) decides the kill; otherwise the burst finds nothing (or misses).
//!
//! A laser shot (a type with `[interceptor.laser]`) holds its beam on the threat until
//! it has taken its dwell: see [`laser`].

pub mod guided;
pub mod laser;

use std::sync::Arc;

use rand::Rng;
use tdome_core::defence::InterceptorType;
use tdome_core::event::{EngagementOutcome, EngagementRecord};
use tdome_core::ids::{BatteryId, EngagementId, ObjectId, TrackId};
use tdome_core::rng::{Purpose, stream};
use tdome_core::threat::ThreatKind;
use tdome_core::{Ecef, Position, SimTime, Velocity};
use tdome_physics::EcefState;

/// An interceptor from order to resolution.
#[derive(Clone, Debug)]
pub struct Interceptor {
    /// Its object id (assigned at launch).
    pub object: Option<ObjectId>,
    /// The engagement it serves.
    pub engagement: EngagementId,
    /// The firing battery.
    pub battery: BatteryId,
    /// The target track.
    pub track: TrackId,
    /// Its type.
    pub kind: Arc<InterceptorType>,
    /// Launch time.
    pub launch_time: SimTime,
    /// Planned intercept time.
    pub intercept_time: SimTime,
    /// Commanded intercept point.
    pub aim_point: Position<Ecef>,
    /// The launcher (ECEF): where a burst's straight line starts, and a missile waits.
    site: Position<Ecef>,
    /// The true threat nearest the track when it was ordered (for records).
    pub nominal_target: Option<ObjectId>,
    /// The flight of a guided missile; `None` for a gun burst, flown as a straight line.
    pub guided: Option<guided::Guided>,
    /// A laser shot's beam; `None` for anything that flies.
    pub beam: Option<laser::Beam>,
    /// Why the battle manager ordered it (for the launch record).
    pub explanation: Option<Arc<tdome_core::orders::OrderExplanation>>,
}

impl Interceptor {
    /// An interceptor ordered from the launcher at `site`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        engagement: EngagementId,
        battery: BatteryId,
        track: TrackId,
        kind: Arc<InterceptorType>,
        site: Position<Ecef>,
        launch_time: SimTime,
        intercept_time: SimTime,
        aim_point: Position<Ecef>,
        nominal_target: Option<ObjectId>,
    ) -> Self {
        let beam = matches!(kind.effector, tdome_core::defence::Effector::Laser(_))
            .then(laser::Beam::default);
        Interceptor {
            object: None,
            engagement,
            battery,
            track,
            kind,
            launch_time,
            intercept_time,
            aim_point,
            site,
            nominal_target,
            guided: None,
            beam,
            explanation: None,
        }
    }

    /// The same, flown by the physics as `model`.
    pub fn guided_by(
        mut self,
        model: Arc<tdome_physics::interceptor::InterceptorModel>,
        site: tdome_core::Geodetic,
    ) -> Self {
        self.guided = Some(guided::Guided::new(model, site));
        self
    }

    /// Its launcher (ECEF).
    pub fn site(&self) -> Position<Ecef> {
        self.site
    }

    /// Its state as it leaves the launcher.
    pub fn launch_state(&self) -> EcefState {
        match self.guided.as_ref().and_then(guided::Guided::launch_state) {
            Some(s) => s,
            None => self.state_at(self.launch_time),
        }
    }

    /// Its state at `t` (between launch and intercept). A guided missile's is its
    /// flight's state as last stepped (the world asks at the end of each tick, where the
    /// flight stands), and the launcher before launch.
    pub fn state_at(&self, t: SimTime) -> EcefState {
        if let Some(g) = &self.guided {
            return match g.flight() {
                Some(f) => f.state(),
                None => EcefState {
                    position: self.site,
                    velocity: Velocity::default(),
                },
            };
        }
        let (t0, p0) = (self.launch_time, self.site);
        let span = (self.intercept_time - t0).as_seconds();
        if span <= 0.0 {
            return EcefState {
                position: self.aim_point,
                velocity: Velocity::default(),
            };
        }
        let v = (self.aim_point - p0).metres() / span;
        let dt = (t - t0).as_seconds().clamp(0.0, span);
        EcefState {
            position: Position::from_vector(p0.metres() + v * dt),
            velocity: Velocity::from_vector(v),
        }
    }

    /// A record of this engagement at `time` with `outcome`, naming the nominal target
    /// and charging the round; callers adjust what differs.
    pub fn record(&self, time: SimTime, outcome: EngagementOutcome) -> EngagementRecord {
        EngagementRecord {
            time,
            engagement: self.engagement,
            battery: self.battery,
            interceptor_type: self.kind.name.clone(),
            track: self.track,
            threat_object: self.nominal_target,
            intercept_time: self.intercept_time,
            outcome,
            cost: self.kind.unit_cost,
            miss_distance: None,
            aim_point: None,
            explanation: None,
        }
    }

    /// Take a new aim point at time `now`: a new straight leg from where it is.
    pub fn re_aim(&mut self, now: SimTime, aim_point: Position<Ecef>) {
        // A beam follows its threat, not a point.
        if self.beam.is_some() {
            return;
        }
        if let Some(g) = self.guided.as_mut() {
            // Before launch the new point is where it will be launched at; once the
            // seeker holds the threat, uplinks no longer steer it.
            if g.flight().is_none_or(|f| !f.is_homing()) {
                self.aim_point = aim_point;
                g.re_aim(aim_point);
            }
            return;
        }
        // A burst's fuze and flight are set when it is fired: it takes new aim only while
        // still in the gun.
        if now > self.launch_time {
            return;
        }
        self.aim_point = aim_point;
    }
}

/// The outcome of an interceptor reaching its intercept time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolution {
    /// The threat was destroyed.
    Kill(ObjectId),
    /// A threat was within the basket but survived.
    Miss(ObjectId),
    /// No live threat within the basket.
    NoTarget,
}

/// The live threat nearest the commanded intercept point, and its distance in metres.
pub fn nearest_threat(
    interceptor: &Interceptor,
    threats: &[(ObjectId, Position<Ecef>, ThreatKind)],
) -> Option<(f64, ObjectId, ThreatKind)> {
    threats
        .iter()
        .map(|(id, p, c)| (p.distance_to(&interceptor.aim_point).si(), *id, *c))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
}

/// Resolve an interceptor at its intercept time given the live threats' true positions
/// then (object, position, true kind). `seed` is the run's root seed; the kill draw
/// uses the engagement's own stream.
pub fn resolve(
    interceptor: &Interceptor,
    threats: &[(ObjectId, Position<Ecef>, ThreatKind)],
    seed: u64,
) -> Resolution {
    let basket = interceptor.kind.homing_basket.si();
    let Some((_, target, kind)) =
        nearest_threat(interceptor, threats).filter(|(d, _, _)| *d <= basket)
    else {
        return Resolution::NoTarget;
    };
    // Never a kill outside the type's envelope (see `guided`): the burst bursts at its
    // aim point.
    if !guided::inside_envelope(
        &interceptor.kind,
        tdome_core::Geodetic::from_ecef(&interceptor.site),
        &interceptor.aim_point,
    ) {
        return Resolution::Miss(target);
    }
    // A burst's pattern has spread over the range to its aim point.
    let slant = interceptor.aim_point.distance_to(&interceptor.site).si();
    let pk = interceptor.kind.pk_at_kind(kind, slant).unwrap_or(0.0);
    let mut rng = stream(seed, Purpose::Kill, interceptor.engagement.0 as u64);
    if rng.random::<f64>() < pk {
        Resolution::Kill(target)
    } else {
        Resolution::Miss(target)
    }
}
