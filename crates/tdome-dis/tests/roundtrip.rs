//! Round trips: whatever flights the writer is given, every PDU it sends decodes (with
//! dis-rs, as a receiver would) to one PDU of the kind, length, entity, type, place,
//! velocity, orientation, dead reckoning and time it built.
//!
//! Not compared octet for octet after re-encoding: dis-rs 0.14 reads a dead-reckoning
//! "other parameters" of type 0 (none, what tdome sends) as local Euler angles and
//! writes them back as type 1, an asymmetry of its model, not of the wire.

use dis_rs::model::PduBody;
use proptest::prelude::*;
use tdome_core::event::{Event, EventSink, LaunchRecord, ObjectKind, RunStart, TruthSample};
use tdome_core::frames::{Position, Velocity};
use tdome_core::ids::ObjectId;
use tdome_core::threat::ThreatKind;
use tdome_core::{Geodetic, SimTime, UtcTime};
use tdome_dis::{DisConfig, DisWriter};

/// One object's flight: launch place, velocity, acceleration, and kind.
fn flight() -> impl Strategy<Value = ([f64; 3], [f64; 3], [f64; 3], bool)> {
    (
        (-60.0..60.0f64, -180.0..180.0f64, 0.0..100_000.0f64),
        prop::array::uniform3(-3_000.0..3_000.0f64),
        prop::array::uniform3(-100.0..100.0f64),
        any::<bool>(),
    )
        .prop_map(|((lat, lon, h), v, a, threat)| {
            let p = Geodetic::from_degrees(lat, lon, h).to_ecef();
            let p = *p.metres();
            ([p.x, p.y, p.z], v, a, threat)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_pdu_decodes_to_what_was_built(
        flights in prop::collection::vec(flight(), 1..4),
        exercise in 1u8..=255,
        epoch_s in 0i64..2_000_000_000,
    ) {
        let mut writer = DisWriter::new(
            DisConfig { exercise, ..DisConfig::default() },
            Vec::<(dis_rs::model::Pdu, Vec<u8>)>::new(),
        );
        let start = RunStart {
            epoch: UtcTime::from_unix_nanos(epoch_s * 1_000_000_000),
            ..RunStart::default()
        };
        writer.on_event(&Event::RunStart(&start)).unwrap();
        let state = |f: &([f64; 3], [f64; 3], [f64; 3], bool), t: f64| {
            let (p, v, a, _) = f;
            (
                Position::from_metres(
                    p[0] + v[0] * t + 0.5 * a[0] * t * t,
                    p[1] + v[1] * t + 0.5 * a[1] * t * t,
                    p[2] + v[2] * t + 0.5 * a[2] * t * t,
                ),
                Velocity::from_mps(v[0] + a[0] * t, v[1] + a[1] * t, v[2] + a[2] * t),
            )
        };
        let kind = |f: &([f64; 3], [f64; 3], [f64; 3], bool)| if f.3 {
            ObjectKind::Threat(ThreatKind::BallisticMissile)
        } else {
            ObjectKind::Interceptor
        };
        for (i, f) in flights.iter().enumerate() {
            let (position, velocity) = state(f, 0.0);
            writer.on_event(&Event::Launch(&LaunchRecord {
                sample: TruthSample { time: SimTime::ZERO, object: ObjectId(i as u32), kind: kind(f), position, velocity },
                type_name: "test".to_owned(),
            })).unwrap();
        }
        for k in 1..=12 {
            let t = f64::from(k);
            for (i, f) in flights.iter().enumerate() {
                let (position, velocity) = state(f, t);
                writer.on_event(&Event::Truth(&TruthSample {
                    time: SimTime::from_seconds(t), object: ObjectId(i as u32), kind: kind(f), position, velocity,
                })).unwrap();
            }
        }
        writer.finish().unwrap();
        let sent = writer.output();
        prop_assert!(sent.len() >= flights.len());
        for (built, bytes) in sent {
            let decoded = dis_rs::parse(bytes).expect("decodes");
            prop_assert_eq!(decoded.len(), 1);
            let got = &decoded[0];
            prop_assert_eq!(got.header.pdu_type, built.header.pdu_type);
            prop_assert_eq!(got.header.exercise_id, exercise);
            prop_assert_eq!(got.header.timestamp, built.header.timestamp);
            prop_assert_eq!(got.header.pdu_length, built.header.pdu_length);
            prop_assert_eq!(usize::from(got.header.pdu_length), bytes.len());
            if let (PduBody::EntityState(g), PduBody::EntityState(b)) = (&got.body, &built.body) {
                prop_assert_eq!(g.entity_id, b.entity_id);
                prop_assert_eq!(g.force_id, b.force_id);
                prop_assert_eq!(&g.entity_type, &b.entity_type);
                prop_assert_eq!(&g.entity_location, &b.entity_location);
                prop_assert_eq!(&g.entity_linear_velocity, &b.entity_linear_velocity);
                prop_assert_eq!(&g.entity_orientation, &b.entity_orientation);
                prop_assert_eq!(
                    g.dead_reckoning_parameters.algorithm,
                    b.dead_reckoning_parameters.algorithm
                );
                prop_assert_eq!(
                    &g.dead_reckoning_parameters.linear_acceleration,
                    &b.dead_reckoning_parameters.linear_acceleration
                );
                prop_assert_eq!(&g.entity_marking, &b.entity_marking);
            }
        }
    }
}
