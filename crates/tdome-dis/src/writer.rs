//! [`DisWriter`]: the event sink that turns a run's events into DIS PDUs.

use std::collections::BTreeMap;

use bytes::BytesMut;
use dis_rs::BodyRaw;
use dis_rs::detonation::model::{Detonation, DetonationDescriptor};
use dis_rs::entity_state::model::{DrParameters, EntityMarking, EntityState};
use dis_rs::enumerations::{
    DeadReckoningAlgorithm, DetonationResult, EntityKind, MunitionDescriptorFuse,
    MunitionDescriptorWarhead, PduType, PlatformDomain,
};
use dis_rs::fire::model::{Fire, FireDescriptor};
use dis_rs::model::{
    EntityId, EntityType, EventId, Location, MunitionDescriptor, Orientation, Pdu, PduBody,
    PduHeader, VectorF32,
};
use nalgebra::Vector3;
use tdome_core::event::{
    EngagementOutcome, EngagementRecord, Event, EventSink, ImpactRecord, LaunchRecord, ObjectKind,
    RunStart, TruthSample,
};
use tdome_core::frames::{Acceleration, Ecef, Position, Velocity};
use tdome_core::ids::{EngagementId, ObjectId};
use tdome_core::{EnuFrame, SimTime, UtcTime};

use crate::address::PduOutput;
use crate::dead_reckoning::{Kinematics, Published, Thresholds};
use crate::entity_type;
use crate::orientation::{EulerAngles, along_velocity};
use crate::timestamp::absolute_timestamp;

/// The largest entity number an entity may have: 0xFFFE and 0xFFFF are reserved
/// (RQST_ASSIGN_ID and ALL_ENTITIES, IEEE 1278.1-2012 6.2.28), 0 is NO_ENTITY.
const MAX_ENTITY_NUMBER: u32 = 0xFFFD;

/// Munition domain (SISO-REF-010 UID 14) "Directed Energy (DE) Weapon": a laser's
/// engagement, which flies no object.
const MUNITION_DIRECTED_ENERGY: u8 = 12;

/// Who tdome is on a DIS network, and when it sends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisConfig {
    /// Exercise identifier (1 to 255): receivers ignore other exercises' PDUs.
    pub exercise: u8,
    /// Site number of tdome's simulation address.
    pub site: u16,
    /// Application number of tdome's simulation address.
    pub application: u16,
    /// Dead-reckoning thresholds and the heartbeat.
    pub thresholds: Thresholds,
}

impl Default for DisConfig {
    fn default() -> Self {
        DisConfig {
            exercise: 1,
            site: 1,
            application: 1,
            thresholds: Thresholds::default(),
        }
    }
}

/// What a writer has sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DisStats {
    /// Entity State PDUs sent (deactivations included).
    pub entity_states: u64,
    /// Fire PDUs sent.
    pub fires: u64,
    /// Detonation PDUs sent.
    pub detonations: u64,
    /// PDUs that could not be sent (each dropped; the run went on).
    pub send_errors: u64,
    /// The first send error, for the user.
    pub first_error: Option<String>,
    /// Objects not published: their entity number would pass 65533.
    pub objects_unnumbered: u64,
}

/// One object in flight, as the writer follows it.
struct Entity {
    kind: ObjectKind,
    marking: String,
    /// Its latest truth.
    now: Kinematics,
    /// What the receivers were last sent.
    published: Published,
}

/// A firing battery: a static entity.
struct Battery {
    marking: String,
    position: Position<Ecef>,
    orientation: EulerAngles,
}

/// One engagement's DIS identity, from its launch to its resolution.
#[derive(Clone, Copy)]
struct Shot {
    /// The interceptor object (none for a laser's beam).
    munition: Option<ObjectId>,
    /// The event id shared by its Fire and Detonation PDUs.
    event: u16,
}

/// An [`EventSink`] that sends a run as DIS (IEEE 1278.1-2012, protocol version 7):
/// Entity State PDUs for threats, interceptors and batteries (on the dead-reckoning
/// thresholds and the heartbeat, and a deactivation when an object is gone), a Fire PDU
/// for each interceptor launched, and a Detonation PDU for each engagement resolved and
/// each threat that hits the ground. Best effort: a PDU that cannot be sent is counted
/// in [`DisStats`] and the run goes on.
pub struct DisWriter<O: PduOutput> {
    config: DisConfig,
    output: O,
    epoch: UtcTime,
    batteries: Vec<Battery>,
    batteries_sent: Option<SimTime>,
    entities: BTreeMap<ObjectId, Entity>,
    /// Objects deactivated: a late sample of one must not bring it back.
    gone: std::collections::BTreeSet<ObjectId>,
    shots: BTreeMap<EngagementId, Shot>,
    /// The interceptor launched by the latest event, if that was an interceptor's
    /// launch: the engine emits it just before its engagement's launch record.
    just_launched: Option<(SimTime, ObjectId)>,
    next_event: u16,
    stats: DisStats,
    buf: BytesMut,
}

impl<O: PduOutput> DisWriter<O> {
    /// A writer sending to `output`.
    pub fn new(config: DisConfig, output: O) -> Self {
        DisWriter {
            config,
            output,
            epoch: UtcTime::DEFAULT_EPOCH,
            batteries: Vec::new(),
            batteries_sent: None,
            entities: BTreeMap::new(),
            gone: std::collections::BTreeSet::new(),
            shots: BTreeMap::new(),
            just_launched: None,
            next_event: 1,
            stats: DisStats::default(),
            buf: BytesMut::with_capacity(256),
        }
    }

    /// What has been sent so far.
    pub fn stats(&self) -> &DisStats {
        &self.stats
    }

    /// The output (for tests: the PDUs kept in memory).
    pub fn output(&self) -> &O {
        &self.output
    }

    /// The output, taken back.
    pub fn into_output(self) -> O {
        self.output
    }

    /// The DIS entity id of battery `index`: batteries are numbered first, from 1 (past
    /// 65533 batteries, none: NO_ENTITY).
    pub fn battery_entity(&self, index: usize) -> EntityId {
        let n = u16::try_from(index + 1)
            .ok()
            .filter(|&n| u32::from(n) <= MAX_ENTITY_NUMBER)
            .unwrap_or(0);
        EntityId::new(self.config.site, self.config.application, n)
    }

    /// The DIS entity id of `object`: numbered after the batteries; `None` past 65533.
    pub fn object_entity(&self, object: ObjectId) -> Option<EntityId> {
        let n = 1 + self.batteries.len() as u64 + u64::from(object.0);
        (n <= u64::from(MAX_ENTITY_NUMBER))
            .then(|| EntityId::new(self.config.site, self.config.application, n as u16))
    }

    fn no_entity() -> EntityId {
        EntityId::default()
    }

    fn run_start(&mut self, run: &RunStart) {
        self.epoch = run.epoch;
        self.batteries = run
            .batteries
            .iter()
            .map(|b| {
                let frame = EnuFrame::at(b.site);
                // Facing north, level: a site has no heading of its own in tdome.
                let north = frame.velocity_to_ecef(&Velocity::from_mps(0.0, 1.0, 0.0));
                let position = b.site.to_ecef();
                Battery {
                    marking: marking(&b.name),
                    orientation: along_velocity(&position, &north).unwrap_or(LEVEL),
                    position,
                }
            })
            .collect();
        self.send_batteries(SimTime::ZERO);
    }

    fn send_batteries(&mut self, t: SimTime) {
        self.batteries_sent = Some(t);
        for k in 0..self.batteries.len() {
            let b = &self.batteries[k];
            let ty = entity_type::of_battery();
            let body = EntityState::builder()
                .with_entity_id(self.battery_entity(k))
                .with_force_id(dis_rs::enumerations::ForceId::Friendly)
                .with_entity_type(ty)
                .with_location(location(&b.position))
                .with_orientation(orientation(&b.orientation))
                .with_appearance(entity_type::appearance(&ty, true))
                .with_dead_reckoning_parameters(
                    DrParameters::default()
                        .with_algorithm(DeadReckoningAlgorithm::StaticNonmovingEntity),
                )
                .with_marking(EntityMarking::new_ascii(b.marking.clone()))
                .build();
            self.send(body.into_pdu_body(), t);
        }
    }

    fn launch(&mut self, l: &LaunchRecord) {
        self.track(&l.sample, &l.type_name, true);
        if l.sample.kind == ObjectKind::Interceptor {
            self.just_launched = Some((l.sample.time, l.sample.object));
        }
    }

    /// Follow a truth sample: a new object is published at once, a known one when its
    /// receivers' dead reckoning is off or its heartbeat is due.
    fn track(&mut self, s: &TruthSample, type_name: &str, launched: bool) {
        if !(s.position.is_finite() && s.velocity.is_finite()) || self.gone.contains(&s.object) {
            return;
        }
        let Some(entity) = self.entities.get_mut(&s.object) else {
            if self.object_entity(s.object).is_none() {
                self.stats.objects_unnumbered += 1;
                return;
            }
            let now = Kinematics {
                time: s.time,
                position: s.position,
                velocity: s.velocity,
                acceleration: Acceleration::default(),
                orientation: pointing(&s.position, &s.velocity, None),
            };
            let name = if launched { type_name } else { s.kind.name() };
            self.entities.insert(
                s.object,
                Entity {
                    kind: s.kind,
                    marking: marking(name),
                    now,
                    published: Published(now),
                },
            );
            self.send_entity(s.object, true);
            return;
        };
        let prev = entity.now;
        let dt = s.time.since(prev.time).as_seconds();
        let acceleration = if dt > 0.0 {
            Acceleration::from_vector((s.velocity.mps() - prev.velocity.mps()) / dt)
        } else {
            prev.acceleration
        };
        entity.now = Kinematics {
            time: s.time,
            position: s.position,
            velocity: s.velocity,
            acceleration,
            orientation: pointing(&s.position, &s.velocity, Some(prev.orientation)),
        };
        if entity
            .published
            .update_due(&entity.now, &self.config.thresholds)
            .is_some()
        {
            self.send_entity(s.object, true);
        }
    }

    /// Send `object`'s latest state; when `active` is false, as its deactivation, and
    /// forget it.
    fn send_entity(&mut self, object: ObjectId, active: bool) {
        let (Some(id), Some(e)) = (self.object_entity(object), self.entities.get_mut(&object))
        else {
            return;
        };
        e.published = Published(e.now);
        let k = e.now;
        let ty = entity_type::of_object(e.kind);
        let body = EntityState::builder()
            .with_entity_id(id)
            .with_force_id(entity_type::force_of(e.kind))
            .with_entity_type(ty)
            .with_velocity(vector(k.velocity.mps()))
            .with_location(location(&k.position))
            .with_orientation(orientation(&k.orientation))
            .with_appearance(entity_type::appearance(&ty, active))
            .with_dead_reckoning_parameters(
                DrParameters::default()
                    .with_algorithm(DeadReckoningAlgorithm::DRM_FVW_HighSpeedOrManeuveringEntity)
                    .with_linear_acceleration(vector(k.acceleration.mps2())),
            )
            .with_marking(EntityMarking::new_ascii(e.marking.clone()))
            .build();
        if !active {
            self.entities.remove(&object);
            self.gone.insert(object);
        }
        self.send(body.into_pdu_body(), k.time);
    }

    /// The object is gone at `t` (at `at`, or where its receivers would put it):
    /// its last Entity State, deactivated.
    fn deactivate(&mut self, object: ObjectId, t: SimTime, at: Option<Position<Ecef>>) {
        if let Some(e) = self.entities.get_mut(&object) {
            let position = at.unwrap_or_else(|| Published(e.now).extrapolated(t));
            if t >= e.now.time {
                let dt = t.since(e.now.time).as_seconds();
                e.now.velocity =
                    Velocity::from_vector(e.now.velocity.mps() + e.now.acceleration.mps2() * dt);
                e.now.time = t;
            }
            e.now.position = position;
            self.send_entity(object, false);
        }
    }

    fn engagement(&mut self, r: &EngagementRecord) {
        match r.outcome {
            EngagementOutcome::Launched => self.fire(r),
            EngagementOutcome::Kill
            | EngagementOutcome::Miss
            | EngagementOutcome::NoTarget
            | EngagementOutcome::TargetDestroyed => self.resolve(r),
            // Nothing left the launcher.
            EngagementOutcome::Cancelled | EngagementOutcome::Refused => {}
        }
    }

    fn fire(&mut self, r: &EngagementRecord) {
        let munition = match self.just_launched {
            Some((t, o)) if t == r.time => Some(o),
            _ => None,
        };
        let event = self.new_event();
        self.shots.insert(r.engagement, Shot { munition, event });
        let launched = munition.and_then(|o| self.entities.get(&o)).map(|e| e.now);
        let battery = r.battery.index();
        let from = launched
            .map(|k| k.position)
            .or_else(|| self.batteries.get(battery).map(|b| b.position))
            .unwrap_or_default();
        // The range the fire control assumed is not in the launch record; the distance
        // to the target's latest truth is the nearest tdome has.
        let range = r
            .threat_object
            .and_then(|o| self.entities.get(&o))
            .map_or(0.0, |t| t.now.position.distance_to(&from).si());
        let body = Fire::builder()
            .with_firing_entity_id(self.battery_entity(battery))
            .with_target_entity_id(self.entity_or_none(r.threat_object))
            .with_entity_id(self.entity_or_none(munition))
            .with_event_id(self.event_id(event))
            .with_location_in_world(location(&from))
            .with_descriptor(FireDescriptor::Munition(interceptor_descriptor(
                munition.is_some(),
            )))
            .with_velocity(vector(
                &launched.map(|k| *k.velocity.mps()).unwrap_or_default(),
            ))
            .with_range(range as f32)
            .build();
        self.send(body.into_pdu_body(), r.time);
    }

    fn resolve(&mut self, r: &EngagementRecord) {
        let shot = self.shots.remove(&r.engagement).unwrap_or_else(|| Shot {
            munition: None,
            event: self.new_event(),
        });
        let munition = shot
            .munition
            .and_then(|o| self.entities.get(&o))
            .map(|e| e.now);
        let at = r
            .aim_point
            .or_else(|| munition.map(|k| Published(k).extrapolated(r.time)))
            .unwrap_or_default();
        let result = match r.outcome {
            // tdome's interceptors kill by a proximity-fuzed warhead.
            EngagementOutcome::Kill => DetonationResult::EntityProximateDetonation,
            // In the homing basket, but the kill draw failed: the end game failed.
            EngagementOutcome::Miss => DetonationResult::MissDueToEndgameFailure,
            // Nothing to fuze on: no target in the basket, or it was already destroyed.
            _ => DetonationResult::NoneOrNoDetonation_Dud_,
        };
        let body = Detonation::builder()
            .with_source_entity_id(self.battery_entity(r.battery.index()))
            .with_target_entity_id(self.entity_or_none(r.threat_object))
            .with_exploding_entity_id(self.entity_or_none(shot.munition))
            .with_event_id(self.event_id(shot.event))
            .with_velocity(vector(
                &munition.map(|k| *k.velocity.mps()).unwrap_or_default(),
            ))
            .with_world_location(location(&at))
            .with_descriptor(DetonationDescriptor::Munition(interceptor_descriptor(
                shot.munition.is_some(),
            )))
            .with_detonation_result(result)
            .build();
        self.send(body.into_pdu_body(), r.time);
        if let Some(o) = shot.munition {
            self.deactivate(o, r.time, r.aim_point);
        }
        if let (EngagementOutcome::Kill, Some(threat)) = (r.outcome, r.threat_object) {
            self.deactivate(threat, r.time, None);
        }
    }

    fn impact(&mut self, i: &ImpactRecord) {
        let at = i.point.to_ecef();
        let threat = self.entities.get(&i.object).map(|e| e.now);
        let velocity = threat.map(|k| *k.velocity.mps()).unwrap_or_default();
        let event = self.new_event();
        let descriptor = MunitionDescriptor::default()
            .with_entity_type(entity_type::of_object(ObjectKind::Threat(i.kind)))
            .with_warhead(MunitionDescriptorWarhead::HighExplosive_HE_)
            .with_fuse(MunitionDescriptorFuse::Contact_1000)
            .with_quantity(1);
        let body = Detonation::builder()
            // Who launched it is not modelled, and a defended asset is not an entity.
            .with_source_entity_id(Self::no_entity())
            .with_target_entity_id(Self::no_entity())
            .with_exploding_entity_id(self.entity_or_none(Some(i.object)))
            .with_event_id(self.event_id(event))
            .with_velocity(vector(&velocity))
            .with_world_location(location(&at))
            .with_descriptor(DetonationDescriptor::Munition(descriptor))
            .with_detonation_result(DetonationResult::GroundImpact)
            .build();
        self.send(body.into_pdu_body(), i.time);
        self.deactivate(i.object, i.time, Some(at));
    }

    fn entity_or_none(&self, object: Option<ObjectId>) -> EntityId {
        object
            .and_then(|o| self.object_entity(o))
            .unwrap_or_else(Self::no_entity)
    }

    fn event_id(&self, n: u16) -> EventId {
        EventId::new(self.config.site, self.config.application, n)
    }

    /// The next event number: from 1, wrapping past 65535 back to 1 (0 is not used).
    fn new_event(&mut self) -> u16 {
        let n = self.next_event;
        self.next_event = self.next_event.checked_add(1).unwrap_or(1);
        n
    }

    fn send(&mut self, body: PduBody, t: SimTime) {
        let header = PduHeader::new_v7(self.config.exercise, PduType::Other);
        let pdu = Pdu::finalize_from_parts(header, body, absolute_timestamp(self.epoch.at(t)));
        self.buf.clear();
        self.buf.reserve(usize::from(pdu.pdu_length()));
        let sent = pdu
            .serialize(&mut self.buf)
            .map_err(|e| std::io::Error::other(format!("cannot encode a PDU: {e:?}")))
            .and_then(|_| self.output.send(&pdu, &self.buf));
        match sent {
            Ok(()) => match pdu.body {
                PduBody::EntityState(_) => self.stats.entity_states += 1,
                PduBody::Fire(_) => self.stats.fires += 1,
                _ => self.stats.detonations += 1,
            },
            Err(e) => {
                self.stats.send_errors += 1;
                self.stats.first_error.get_or_insert_with(|| e.to_string());
            }
        }
    }
}

impl<O: PduOutput> EventSink for DisWriter<O> {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        // Batteries' heartbeats ride on the run's own events.
        let t = event.time();
        if let Some(last) = self.batteries_sent
            && t.since(last) >= self.config.thresholds.heartbeat
        {
            self.send_batteries(t);
        }
        let launched_before = self.just_launched.take();
        match event {
            Event::RunStart(r) => self.run_start(r),
            Event::Launch(l) => self.launch(l),
            Event::Truth(s) => self.track(s, "", false),
            Event::Engagement(r) => {
                self.just_launched = launched_before;
                self.engagement(r);
                self.just_launched = None;
            }
            Event::Impact(i) => self.impact(i),
            _ => {}
        }
        // A failed send is counted, not returned: UDP may lose datagrams anyway, and a
        // receiver that comes back catches up at the next heartbeat.
        Ok(())
    }

    fn best_effort(&self) -> bool {
        true
    }
}

/// Identity orientation, for a direction that cannot be had.
const LEVEL: EulerAngles = EulerAngles {
    psi: tdome_core::Angle::ZERO,
    theta: tdome_core::Angle::ZERO,
    phi: tdome_core::Angle::ZERO,
};

/// Nose on the velocity; at rest, as before, or straight up (a vertical launch).
fn pointing(p: &Position<Ecef>, v: &Velocity<Ecef>, before: Option<EulerAngles>) -> EulerAngles {
    along_velocity(p, v)
        .or(before)
        .or_else(|| {
            let up = Velocity::from_vector(p.metres().normalize());
            along_velocity(p, &up)
        })
        .unwrap_or(LEVEL)
}

/// An interceptor's munition descriptor: a blast-fragmentation warhead on a proximity
/// fuze (SISO-REF-010 UIDs 60 and 61), or for a laser's beam, a directed-energy
/// munition with neither.
fn interceptor_descriptor(flies: bool) -> MunitionDescriptor {
    if flies {
        MunitionDescriptor::default()
            .with_entity_type(entity_type::of_object(ObjectKind::Interceptor))
            .with_warhead(MunitionDescriptorWarhead::HE_BlastFragmentation)
            .with_fuse(MunitionDescriptorFuse::Proximity_3000)
            .with_quantity(1)
    } else {
        MunitionDescriptor::default()
            .with_entity_type(EntityType {
                kind: EntityKind::Munition,
                domain: PlatformDomain::from(MUNITION_DIRECTED_ENERGY),
                ..EntityType::default()
            })
            .with_quantity(1)
    }
}

/// A marking: up to 11 ASCII characters (others shown as '?'), without trailing
/// spaces (the field is padded with them on the wire).
fn marking(name: &str) -> String {
    let text: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .take(11)
        .collect();
    text.trim_end().to_owned()
}

fn location(p: &Position<Ecef>) -> Location {
    let m = p.metres();
    Location::new(m.x, m.y, m.z)
}

/// A DIS single-precision vector (velocity, acceleration): the wire holds f32.
fn vector(v: &Vector3<f64>) -> VectorF32 {
    VectorF32::new(v.x as f32, v.y as f32, v.z as f32)
}

fn orientation(e: &EulerAngles) -> Orientation {
    Orientation::new(e.psi.si() as f32, e.theta.si() as f32, e.phi.si() as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::Geodetic;
    use tdome_core::event::{BatteryInfo, ImpactRecord};
    use tdome_core::ids::BatteryId;
    use tdome_core::threat::ThreatKind;
    use tdome_core::{Length, Usd};

    type Sent = Vec<(Pdu, Vec<u8>)>;

    fn run_start() -> RunStart {
        let battery = |name: &str, lat: f64| BatteryInfo {
            name: name.to_owned(),
            layer: tdome_core::defence::Layer::Lower,
            site: Geodetic::from_degrees(lat, 121.0, 20.0),
            interceptor_type: "notional".to_owned(),
            rounds: 20,
            reserve: 0,
            round_cost: Usd::dollars(1.0),
            max_range: Length::km(40.0),
            mode: tdome_core::orders::OperatorMode::default(),
        };
        RunStart {
            epoch: UtcTime::parse_rfc3339("2026-06-01T12:00:00Z").expect("time"),
            batteries: vec![battery("Alpha", 24.0), battery("Bravo battery 2", 24.1)],
            ..RunStart::default()
        }
    }

    fn sample(
        object: u32,
        kind: ObjectKind,
        t: f64,
        p: Position<Ecef>,
        v: Velocity<Ecef>,
    ) -> TruthSample {
        TruthSample {
            time: SimTime::from_seconds(t),
            object: ObjectId(object),
            kind,
            position: p,
            velocity: v,
        }
    }

    fn engagement(t: f64, outcome: EngagementOutcome, threat: Option<u32>) -> EngagementRecord {
        EngagementRecord {
            time: SimTime::from_seconds(t),
            engagement: EngagementId(0),
            battery: BatteryId(1),
            interceptor_type: "notional".to_owned(),
            track: tdome_core::ids::TrackId(4),
            threat_object: threat.map(ObjectId),
            intercept_time: SimTime::from_seconds(t),
            outcome,
            cost: Usd::dollars(1.0),
            miss_distance: None,
            aim_point: None,
            explanation: None,
        }
    }

    fn writer() -> DisWriter<Sent> {
        let mut w = DisWriter::new(DisConfig::default(), Sent::new());
        w.on_event(&Event::RunStart(&run_start()))
            .expect("best effort");
        w
    }

    fn entity_states(sent: &Sent) -> Vec<&EntityState> {
        sent.iter()
            .filter_map(|(p, _)| match &p.body {
                PduBody::EntityState(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn what_is_sent_decodes_to_what_was_built() {
        let mut w = writer();
        let p0 = Geodetic::from_degrees(24.5, 120.5, 3000.0).to_ecef();
        let v = Velocity::from_mps(-150.0, 90.0, 40.0);
        let kind = ObjectKind::Threat(ThreatKind::CruiseMissile);
        for k in 0..=12 {
            let s = sample(0, kind, f64::from(k), p0 + v.over_seconds(f64::from(k)), v);
            w.on_event(&Event::Truth(&s)).expect("best effort");
        }
        let sent = w.into_output();
        assert_eq!(
            sent.len(),
            2 * 3 + 3,
            "batteries and the missile at 0, 5 and 10 s"
        );
        for (pdu, bytes) in &sent {
            let parsed = dis_rs::parse(bytes).expect("decodes");
            assert_eq!(parsed.len(), 1);
            assert_eq!(bytes.len(), usize::from(pdu.pdu_length()));
            assert_eq!(bytes[0], 7, "protocol version 7");
            // The parser spells out the all-zero PDU status, and reads the dead-reckoning
            // "other parameters" left as type 0 (none) as Euler angles of zero, so the
            // fields that carry tdome's values are compared, not whole PDUs.
            assert_eq!(parsed[0].header.timestamp, pdu.header.timestamp);
            let (PduBody::EntityState(a), PduBody::EntityState(b)) = (&parsed[0].body, &pdu.body)
            else {
                panic!("entity states only")
            };
            assert_eq!(a.entity_id, b.entity_id);
            assert_eq!(a.entity_type, b.entity_type);
            assert_eq!(a.entity_location, b.entity_location);
            assert_eq!(a.entity_linear_velocity, b.entity_linear_velocity);
            assert_eq!(a.entity_orientation, b.entity_orientation);
            assert_eq!(a.entity_appearance, b.entity_appearance);
            assert_eq!(
                a.dead_reckoning_parameters.linear_acceleration,
                b.dead_reckoning_parameters.linear_acceleration
            );
            assert_eq!(a.entity_marking, b.entity_marking);
        }
    }

    #[test]
    fn batteries_are_numbered_first_and_objects_after_them() {
        let mut w = writer();
        let p = Geodetic::from_degrees(24.5, 120.5, 3000.0).to_ecef();
        let v = Velocity::from_mps(-150.0, 90.0, 40.0);
        let s = sample(7, ObjectKind::Interceptor, 0.0, p, v);
        w.on_event(&Event::Truth(&s)).expect("best effort");
        let sent = w.into_output();
        let es = entity_states(&sent);
        let ids: Vec<u16> = es.iter().map(|e| e.entity_id.entity_id).collect();
        assert_eq!(ids, vec![1, 2, 10]);
        assert_eq!(es[0].entity_marking.marking_string, "Alpha");
        assert_eq!(es[1].entity_marking.marking_string, "Bravo batte");
        assert_eq!(es[2].force_id, dis_rs::enumerations::ForceId::Friendly);
        assert_eq!(
            es[0].dead_reckoning_parameters.algorithm,
            DeadReckoningAlgorithm::StaticNonmovingEntity
        );
        let e = es[2];
        assert_eq!(e.entity_location, location(&p));
        assert_eq!(e.entity_linear_velocity, vector(v.mps()));
        assert_eq!(
            e.entity_orientation,
            orientation(&along_velocity(&p, &v).expect("moving"))
        );
    }

    #[test]
    fn a_straight_flight_is_sent_at_launch_and_on_heartbeats_and_batteries_on_theirs() {
        let mut w = writer();
        let p0 = Geodetic::from_degrees(24.5, 120.5, 3000.0).to_ecef();
        let v = Velocity::from_mps(-150.0, 90.0, 40.0);
        let kind = ObjectKind::Threat(ThreatKind::CruiseMissile);
        for k in 0..=24 {
            let t = f64::from(k) * 0.5;
            let s = sample(0, kind, t, p0 + v.over_seconds(t), v);
            w.on_event(&Event::Truth(&s)).expect("best effort");
        }
        let sent = w.into_output();
        let times = |n: u16| -> Vec<u32> {
            sent.iter()
                .filter_map(|(p, _)| match &p.body {
                    PduBody::EntityState(e) if e.entity_id.entity_id == n => {
                        Some(p.header.timestamp.to_u32())
                    }
                    _ => None,
                })
                .collect()
        };
        let at =
            |s: f64| absolute_timestamp(run_start().epoch.at(SimTime::from_seconds(s))).to_u32();
        assert_eq!(times(3), vec![at(0.0), at(5.0), at(10.0)]);
        assert_eq!(times(1), vec![at(0.0), at(5.0), at(10.0)]);
    }

    #[test]
    fn a_shot_is_a_fire_then_a_detonation_with_one_event_id_and_both_objects_deactivated() {
        let mut w = writer();
        let site = Geodetic::from_degrees(24.1, 121.0, 20.0).to_ecef();
        let threat_p = Geodetic::from_degrees(24.2, 121.0, 8000.0).to_ecef();
        let threat = ObjectKind::Threat(ThreatKind::Rocket);
        let v = Velocity::from_mps(0.0, -100.0, -300.0);
        w.on_event(&Event::Truth(&sample(0, threat, 1.0, threat_p, v)))
            .expect("best effort");
        let launch = LaunchRecord {
            sample: sample(
                1,
                ObjectKind::Interceptor,
                1.0,
                site,
                Velocity::from_mps(10.0, 20.0, 30.0),
            ),
            type_name: "Notional interceptor".to_owned(),
        };
        w.on_event(&Event::Launch(&launch)).expect("best effort");
        w.on_event(&Event::Engagement(&engagement(
            1.0,
            EngagementOutcome::Launched,
            Some(0),
        )))
        .expect("best effort");
        let aim = Geodetic::from_degrees(24.15, 121.0, 5000.0).to_ecef();
        let kill = EngagementRecord {
            aim_point: Some(aim),
            ..engagement(3.0, EngagementOutcome::Kill, Some(0))
        };
        w.on_event(&Event::Engagement(&kill)).expect("best effort");
        // Nothing more of either once gone.
        w.on_event(&Event::Truth(&sample(0, threat, 20.0, threat_p, v)))
            .expect("best effort");
        assert_eq!(w.stats().fires, 1);
        assert_eq!(w.stats().detonations, 1);
        let sent = w.into_output();
        let kinds: Vec<&str> = sent
            .iter()
            .skip(2)
            .map(|(p, _)| match &p.body {
                PduBody::EntityState(e) if u32::from(&e.entity_appearance) == 1 << 23 => "gone",
                PduBody::EntityState(_) => "state",
                PduBody::Fire(_) => "fire",
                PduBody::Detonation(_) => "detonation",
                _ => "other",
            })
            .collect();
        // The last two: the batteries' heartbeat at 20 s; nothing of the killed threat.
        assert_eq!(
            kinds,
            [
                "state",
                "state",
                "fire",
                "detonation",
                "gone",
                "gone",
                "state",
                "state"
            ]
        );
        let PduBody::Fire(fire) = &sent[4].0.body else {
            panic!("a fire")
        };
        let PduBody::Detonation(det) = &sent[5].0.body else {
            panic!("a detonation")
        };
        assert_eq!(fire.firing_entity_id.entity_id, 2, "battery 1");
        assert_eq!(fire.target_entity_id.entity_id, 3, "object 0");
        assert_eq!(fire.entity_id.entity_id, 4, "object 1");
        assert_eq!(fire.event_id, det.event_id);
        assert_eq!(fire.location_in_world, location(&site));
        assert!((f64::from(fire.range) - threat_p.distance_to(&site).si()).abs() < 0.01);
        assert_eq!(det.exploding_entity_id, fire.entity_id);
        assert_eq!(det.target_entity_id, fire.target_entity_id);
        assert_eq!(
            det.detonation_result,
            DetonationResult::EntityProximateDetonation
        );
        assert_eq!(det.location_in_world_coordinates, location(&aim));
        let gone: Vec<u16> = entity_states(&sent)
            .iter()
            .filter(|e| u32::from(&e.entity_appearance) == 1 << 23)
            .map(|e| e.entity_id.entity_id)
            .collect();
        assert_eq!(gone, vec![4, 3]);
    }

    #[test]
    fn misses_and_empty_baskets_have_their_detonation_results() {
        for (outcome, result) in [
            (
                EngagementOutcome::Miss,
                DetonationResult::MissDueToEndgameFailure,
            ),
            (
                EngagementOutcome::NoTarget,
                DetonationResult::NoneOrNoDetonation_Dud_,
            ),
            (
                EngagementOutcome::TargetDestroyed,
                DetonationResult::NoneOrNoDetonation_Dud_,
            ),
        ] {
            let mut w = writer();
            w.on_event(&Event::Engagement(&engagement(3.0, outcome, Some(0))))
                .expect("best effort");
            let sent = w.into_output();
            let PduBody::Detonation(det) = &sent.last().expect("sent").0.body else {
                panic!("a detonation")
            };
            assert_eq!(det.detonation_result, result, "{outcome:?}");
        }
    }

    #[test]
    fn a_ground_impact_is_a_detonation_at_the_point_and_a_deactivation() {
        let mut w = writer();
        let p = Geodetic::from_degrees(24.3, 121.2, 500.0).to_ecef();
        let v = Velocity::from_mps(0.0, -100.0, -300.0);
        let kind = ThreatKind::BallisticMissile;
        w.on_event(&Event::Truth(&sample(
            5,
            ObjectKind::Threat(kind),
            40.0,
            p,
            v,
        )))
        .expect("best effort");
        let point = Geodetic::from_degrees(24.3, 121.2, 0.0);
        let impact = ImpactRecord {
            time: SimTime::from_seconds(41.0),
            object: ObjectId(5),
            kind,
            point,
            asset: None,
            damage: 0.0,
        };
        w.on_event(&Event::Impact(&impact)).expect("best effort");
        let sent = w.into_output();
        let PduBody::Detonation(det) = &sent[sent.len() - 2].0.body else {
            panic!("a detonation")
        };
        assert_eq!(det.detonation_result, DetonationResult::GroundImpact);
        assert_eq!(det.exploding_entity_id.entity_id, 8);
        assert_eq!(
            det.location_in_world_coordinates,
            location(&point.to_ecef())
        );
        let PduBody::EntityState(last) = &sent[sent.len() - 1].0.body else {
            panic!("a deactivation")
        };
        assert_eq!(u32::from(&last.entity_appearance), 1 << 23);
        assert_eq!(last.entity_location, location(&point.to_ecef()));
    }

    #[test]
    fn a_beam_fires_no_munition_entity_and_a_directed_energy_descriptor() {
        // A laser's engagement: no interceptor launch precedes its launch record.
        let mut w = writer();
        w.on_event(&Event::Engagement(&engagement(
            2.0,
            EngagementOutcome::Launched,
            Some(0),
        )))
        .expect("best effort");
        let sent = w.into_output();
        let PduBody::Fire(fire) = &sent.last().expect("sent").0.body else {
            panic!("a fire")
        };
        assert_eq!(fire.entity_id, EntityId::default(), "no munition entity");
        assert_eq!(fire.firing_entity_id.entity_id, 2);
        let FireDescriptor::Munition(m) = &fire.descriptor else {
            panic!("a munition descriptor")
        };
        assert_eq!(u8::from(m.entity_type.kind), 2);
        assert_eq!(u8::from(m.entity_type.domain), MUNITION_DIRECTED_ENERGY);
    }

    /// An output whose every send fails, as a network that has gone away.
    struct Unreachable;

    impl PduOutput for Unreachable {
        fn send(&mut self, _: &Pdu, _: &[u8]) -> std::io::Result<()> {
            Err(std::io::Error::other("network is unreachable"))
        }
    }

    #[test]
    fn a_network_error_never_stops_the_run() {
        let mut w = DisWriter::new(DisConfig::default(), Unreachable);
        assert!(w.best_effort());
        w.on_event(&Event::RunStart(&run_start())).expect("goes on");
        let p = Geodetic::from_degrees(24.3, 121.2, 500.0).to_ecef();
        let s = sample(
            0,
            ObjectKind::Interceptor,
            0.0,
            p,
            Velocity::from_mps(1.0, 0.0, 0.0),
        );
        w.on_event(&Event::Truth(&s)).expect("goes on");
        w.finish().expect("goes on");
        assert_eq!(w.stats().send_errors, 3);
        assert_eq!(w.stats().entity_states, 0);
        assert_eq!(
            w.stats().first_error.as_deref(),
            Some("network is unreachable")
        );
    }

    #[test]
    fn non_finite_truth_and_unnumberable_objects_are_skipped() {
        let mut w = writer();
        let p = Geodetic::from_degrees(24.3, 121.2, 500.0).to_ecef();
        let bad = sample(
            0,
            ObjectKind::Interceptor,
            0.0,
            p,
            Velocity::from_mps(f64::NAN, 0.0, 0.0),
        );
        w.on_event(&Event::Truth(&bad)).expect("goes on");
        let far = sample(
            70_000,
            ObjectKind::Interceptor,
            0.0,
            p,
            Velocity::from_mps(1.0, 0.0, 0.0),
        );
        w.on_event(&Event::Truth(&far)).expect("goes on");
        assert_eq!(w.stats().entity_states, 2, "the batteries only");
        assert_eq!(w.stats().objects_unnumbered, 1);
    }
}
