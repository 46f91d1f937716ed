//! The PDUs tdome sends, decoded by two independent DIS decoders: PyPI's `opendis` and
//! Wireshark's dissector (`tshark`). A fixed run of events (below) is written through
//! [`DisWriter`]; its bytes must be exactly the committed `tests/fixtures/dis/pdus.bin`,
//! and every field the decoders read from those bytes
//! (`tests/fixtures/dis/decoded.json`, by `generate_dis.py`) must be the value tdome
//! meant to encode (`intended.json`, written from the PDUs as built).
//!
//! After a deliberate change of the encoding, rewrite the fixtures:
//!
//! ```sh
//! TDOME_BLESS=1 cargo test -p tdome-dis --test val_dis_decoders
//! .venv/bin/python tests/fixtures/dis/generate_dis.py --out tests/fixtures/dis
//! ```

use std::path::PathBuf;

use dis_rs::detonation::model::DetonationDescriptor;
use dis_rs::enumerations::PduType;
use dis_rs::fire::model::FireDescriptor;
use dis_rs::model::{
    EntityId, EntityType, EventId, Location, MunitionDescriptor, Pdu, PduBody, VectorF32,
};
use serde_json::{Value, json};
use tdome_core::event::{
    BatteryInfo, EngagementOutcome, EngagementRecord, Event, EventSink, ImpactRecord, LaunchRecord,
    ObjectKind, RunStart, TruthSample,
};
use tdome_core::frames::{Ecef, Position, Velocity};
use tdome_core::ids::{BatteryId, EngagementId, ObjectId, TrackId};
use tdome_core::threat::ThreatKind;
use tdome_core::{Geodetic, Length, SimTime, Usd, UtcTime};
use tdome_dis::{DisConfig, DisWriter};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/dis")
}

/// A rocket on a constant-acceleration arc: position and velocity at `t` seconds.
fn rocket(t: f64) -> (Position<Ecef>, Velocity<Ecef>) {
    let p0 = Geodetic::from_degrees(31.5, 34.6, 100.0).to_ecef();
    let v0 = [-210.5, 330.25, 410.0];
    let a = [-5.0, -4.0, -8.0];
    let p = std::array::from_fn::<f64, 3, _>(|k| p0.metres()[k] + v0[k] * t + 0.5 * a[k] * t * t);
    let v = std::array::from_fn::<f64, 3, _>(|k| v0[k] + a[k] * t);
    (
        Position::from_metres(p[0], p[1], p[2]),
        Velocity::from_mps(v[0], v[1], v[2]),
    )
}

/// A drone in straight level-ish flight from 0.5 s.
fn drone(t: f64) -> (Position<Ecef>, Velocity<Ecef>) {
    let p0 = Geodetic::from_degrees(31.4, 34.7, 900.0).to_ecef();
    let v = Velocity::from_mps(30.0, -20.0, 5.0);
    (p0 + v.over_seconds(t - 0.5), v)
}

fn interceptor(t0: f64, t: f64) -> (Position<Ecef>, Velocity<Ecef>) {
    let v = Velocity::from_mps(50.0, 60.0, 400.0);
    (site().to_ecef() + v.over_seconds(t - t0), v)
}

fn site() -> Geodetic {
    Geodetic::from_degrees(31.25, 34.79, 250.0)
}

fn truth(
    object: u32,
    kind: ObjectKind,
    t: f64,
    (p, v): (Position<Ecef>, Velocity<Ecef>),
) -> TruthSample {
    TruthSample {
        time: SimTime::from_seconds(t),
        object: ObjectId(object),
        kind,
        position: p,
        velocity: v,
    }
}

fn shot(engagement: u32, t: f64, outcome: EngagementOutcome, threat: u32) -> EngagementRecord {
    EngagementRecord {
        time: SimTime::from_seconds(t),
        engagement: EngagementId(engagement),
        battery: BatteryId(0),
        interceptor_type: "Tamir".to_owned(),
        track: TrackId(engagement),
        threat_object: Some(ObjectId(threat)),
        intercept_time: SimTime::from_seconds(t),
        outcome,
        cost: Usd::dollars(50_000.0),
        miss_distance: None,
        aim_point: None,
        explanation: None,
    }
}

/// The fixed run: a rocket and a drone; the rocket killed by one interceptor, the drone
/// missed by another and then hitting the ground; the battery's heartbeat after 5 s.
fn send_the_run() -> Vec<(Pdu, Vec<u8>)> {
    let start = RunStart {
        scenario: "dis fixture".to_owned(),
        epoch: UtcTime::parse_rfc3339("2026-06-01T12:34:56.789Z").expect("time"),
        batteries: vec![BatteryInfo {
            name: "Iron 1".to_owned(),
            layer: tdome_core::defence::Layer::Lower,
            site: site(),
            interceptor_type: "Tamir".to_owned(),
            rounds: 20,
            reserve: 0,
            round_cost: Usd::dollars(50_000.0),
            max_range: Length::km(70.0),
            mode: tdome_core::orders::OperatorMode::default(),
        }],
        ..RunStart::default()
    };
    let rocket_kind = ObjectKind::Threat(ThreatKind::Rocket);
    let drone_kind = ObjectKind::Threat(ThreatKind::Drone);
    let launch = |sample: TruthSample, name: &str| LaunchRecord {
        sample,
        type_name: name.to_owned(),
    };
    let l0 = launch(
        truth(0, rocket_kind, 0.0, rocket(0.0)),
        "9M22U Grad (122 mm)",
    );
    let l2 = launch(truth(2, drone_kind, 0.5, drone(0.5)), "Shahed-136");
    let l1 = launch(
        truth(1, ObjectKind::Interceptor, 2.0, interceptor(2.0, 2.0)),
        "Tamir",
    );
    let l3 = launch(
        truth(3, ObjectKind::Interceptor, 4.0, interceptor(4.0, 4.0)),
        "Tamir",
    );
    let samples: Vec<TruthSample> = vec![
        truth(0, rocket_kind, 1.0, rocket(1.0)),
        truth(2, drone_kind, 1.0, drone(1.0)),
        truth(0, rocket_kind, 2.0, rocket(2.0)),
        truth(2, drone_kind, 2.0, drone(2.0)),
        truth(0, rocket_kind, 3.0, rocket(3.0)),
        truth(2, drone_kind, 3.0, drone(3.0)),
        truth(1, ObjectKind::Interceptor, 3.0, interceptor(2.0, 3.0)),
    ];
    let kill = EngagementRecord {
        aim_point: Some(rocket(3.5).0),
        miss_distance: Some(Length::metres(2.5)),
        ..shot(0, 3.5, EngagementOutcome::Kill, 0)
    };
    let miss = EngagementRecord {
        aim_point: Some(drone(4.75).0),
        miss_distance: Some(Length::metres(14.0)),
        ..shot(1, 4.75, EngagementOutcome::Miss, 2)
    };
    let impact = ImpactRecord {
        time: SimTime::from_seconds(6.0),
        object: ObjectId(2),
        kind: ThreatKind::Drone,
        point: Geodetic::from_degrees(31.41, 34.69, 0.0),
        asset: None,
        damage: 0.0,
    };
    let fire0 = shot(0, 2.0, EngagementOutcome::Launched, 0);
    let fire1 = shot(1, 4.0, EngagementOutcome::Launched, 2);
    let events = [
        Event::RunStart(&start),
        Event::Launch(&l0),
        Event::Launch(&l2),
        Event::Truth(&samples[0]),
        Event::Truth(&samples[1]),
        Event::Truth(&samples[2]),
        Event::Truth(&samples[3]),
        Event::Launch(&l1),
        Event::Engagement(&fire0),
        Event::Truth(&samples[4]),
        Event::Truth(&samples[5]),
        Event::Truth(&samples[6]),
        Event::Engagement(&kill),
        Event::Launch(&l3),
        Event::Engagement(&fire1),
        Event::Engagement(&miss),
        Event::Impact(&impact),
    ];
    let mut writer = DisWriter::new(DisConfig::default(), Vec::new());
    for e in &events {
        writer.on_event(e).expect("best effort");
    }
    writer.into_output()
}

fn id(e: &EntityId) -> Value {
    json!([
        e.simulation_address.site_id,
        e.simulation_address.application_id,
        e.entity_id
    ])
}

fn event(e: &EventId) -> Value {
    json!([
        e.simulation_address.site_id,
        e.simulation_address.application_id,
        e.event_id
    ])
}

fn entity_type(t: &EntityType) -> Value {
    json!([
        u8::from(t.kind),
        u8::from(t.domain),
        u16::from(t.country),
        t.category,
        t.subcategory,
        t.specific,
        t.extra
    ])
}

fn location(l: &Location) -> Value {
    json!([l.x_coordinate, l.y_coordinate, l.z_coordinate])
}

fn f32s(v: &VectorF32) -> Value {
    json!([
        v.first_vector_component,
        v.second_vector_component,
        v.third_vector_component
    ])
}

fn munition(m: &MunitionDescriptor) -> Value {
    json!({
        "type": entity_type(&m.entity_type),
        "warhead": u16::from(m.warhead),
        "fuse": u16::from(m.fuse),
        "quantity": m.quantity,
        "rate": m.rate,
    })
}

/// The fields of a PDU as tdome built it, named as decoded.json names them.
fn intended(pdu: &Pdu) -> Value {
    let h = &pdu.header;
    let mut v = json!({
        "protocol_version": u8::from(h.protocol_version),
        "exercise": h.exercise_id,
        "pdu_type": u8::from(h.pdu_type),
        "family": u8::from(h.protocol_family),
        "timestamp": h.timestamp.to_u32(),
        "length": h.pdu_length,
    });
    let fields = match &pdu.body {
        PduBody::EntityState(e) => json!({
            "entity": id(&e.entity_id),
            "force": u8::from(e.force_id),
            "entity_type": entity_type(&e.entity_type),
            "location": location(&e.entity_location),
            "velocity": f32s(&e.entity_linear_velocity),
            "orientation": [e.entity_orientation.psi, e.entity_orientation.theta, e.entity_orientation.phi],
            "appearance": u32::from(&e.entity_appearance),
            "dr_algorithm": u8::from(e.dead_reckoning_parameters.algorithm),
            "dr_acceleration": f32s(&e.dead_reckoning_parameters.linear_acceleration),
            "marking": e.entity_marking.marking_string,
        }),
        PduBody::Fire(f) => {
            let FireDescriptor::Munition(m) = &f.descriptor else {
                panic!("tdome fires munitions")
            };
            json!({
                "firing": id(&f.firing_entity_id),
                "target": id(&f.target_entity_id),
                "munition": id(&f.entity_id),
                "event": event(&f.event_id),
                "fire_mission_index": f.fire_mission_index,
                "location": location(&f.location_in_world),
                "descriptor": munition(m),
                "velocity": f32s(&f.velocity),
                "range": f.range,
            })
        }
        PduBody::Detonation(d) => {
            let DetonationDescriptor::Munition(m) = &d.descriptor else {
                panic!("tdome detonates munitions")
            };
            json!({
                "source": id(&d.source_entity_id),
                "target": id(&d.target_entity_id),
                "exploding": id(&d.exploding_entity_id),
                "event": event(&d.event_id),
                "velocity": f32s(&d.velocity),
                "location": location(&d.location_in_world_coordinates),
                "descriptor": munition(m),
                "entity_location": f32s(&d.location_in_entity_coordinates),
                "result": u8::from(d.detonation_result),
            })
        }
        other => panic!("tdome sends no {other:?}"),
    };
    for (k, x) in fields.as_object().expect("an object") {
        v[k] = x.clone();
    }
    v
}

/// Compare a decoded value with the intended one: integers and text exactly; numbers
/// sent as f32 to the f32 (a decoder may print them as doubles), f64 exactly.
fn compare(path: &str, meant: &Value, got: &Value, errors: &mut Vec<String>) {
    match (meant, got) {
        (Value::Object(m), Value::Object(g)) => {
            for (k, mv) in m {
                match g.get(k) {
                    Some(gv) => compare(&format!("{path}.{k}"), mv, gv, errors),
                    None => errors.push(format!("{path}.{k}: not decoded")),
                }
            }
        }
        (Value::Array(m), Value::Array(g)) if m.len() == g.len() => {
            for (k, (mv, gv)) in m.iter().zip(g).enumerate() {
                compare(&format!("{path}[{k}]"), mv, gv, errors);
            }
        }
        (Value::Number(m), Value::Number(g)) => {
            let same = match (m.as_u64(), g.as_u64()) {
                (Some(a), Some(b)) => a == b,
                _ => {
                    let (a, b) = (
                        m.as_f64().unwrap_or(f64::NAN),
                        g.as_f64().unwrap_or(f64::NAN),
                    );
                    if path.contains(".location[") {
                        // World locations are f64 on the wire.
                        a == b
                    } else {
                        // Everything else is f32 on the wire; intended.json holds each
                        // as its shortest f32 text, a decoder as the f32's exact double.
                        a as f32 == b as f32
                    }
                }
            };
            if !same {
                errors.push(format!("{path}: meant {m}, decoded {g}"));
            }
        }
        _ if meant == got => {}
        _ => errors.push(format!("{path}: meant {meant}, decoded {got}")),
    }
}

#[test]
fn the_encoder_still_writes_the_committed_bytes() {
    let sent = send_the_run();
    let bytes: Vec<u8> = sent.iter().flat_map(|(_, b)| b.clone()).collect();
    let meant = Value::Array(sent.iter().map(|(p, _)| intended(p)).collect());
    let meant_text = serde_json::to_string_pretty(&meant).expect("json") + "\n";
    if std::env::var_os("TDOME_BLESS").is_some() {
        std::fs::write(fixtures().join("pdus.bin"), &bytes).expect("write pdus.bin");
        std::fs::write(fixtures().join("intended.json"), &meant_text).expect("write");
    }
    let committed = std::fs::read(fixtures().join("pdus.bin")).expect("pdus.bin");
    assert!(
        committed == bytes,
        "the encoding changed: see this file's header"
    );
    let committed = std::fs::read_to_string(fixtures().join("intended.json")).expect("json");
    assert_eq!(committed, meant_text);
    // What the run holds: every kind of PDU, the deactivations and the heartbeat.
    let types: Vec<PduType> = sent.iter().map(|(p, _)| p.header.pdu_type).collect();
    let count = |t: PduType| types.iter().filter(|&&x| x == t).count();
    assert_eq!(count(PduType::Fire), 2);
    assert_eq!(count(PduType::Detonation), 3);
    assert!(count(PduType::EntityState) >= 10);
}

#[test]
fn val_opendis_and_tshark_decode_what_was_meant() {
    let meant: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("intended.json")).expect("intended.json"),
    )
    .expect("json");
    let decoded: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("decoded.json")).expect("decoded.json"),
    )
    .expect("json");
    let meant = meant.as_array().expect("a list");
    for decoder in ["opendis", "tshark"] {
        let got = decoded[decoder].as_array().expect("a list per decoder");
        assert_eq!(got.len(), meant.len(), "{decoder}: PDUs decoded");
        let mut errors = Vec::new();
        for (k, (m, g)) in meant.iter().zip(got).enumerate() {
            compare(&format!("{decoder}[{k}]"), m, g, &mut errors);
        }
        assert!(
            errors.is_empty(),
            "{} differences:\n{}",
            errors.len(),
            errors.join("\n")
        );
    }
}
