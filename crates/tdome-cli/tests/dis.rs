//! `tdome run --dis-out`: the PDUs a real run sends over UDP, received on a socket and
//! decoded with dis-rs, against the run's own truth records.

use std::collections::BTreeMap;
use std::net::UdpSocket;
use std::process::Command;
use std::time::Duration;

use dis_rs::entity_state::model::EntityState;
use dis_rs::enumerations::{DeadReckoningAlgorithm, DetonationResult};
use dis_rs::model::{Pdu, PduBody};

mod common;

use common::{root, scratch, text};

/// Seconds past the hour of a DIS timestamp (units of 3600 s / 2^31).
fn seconds(pdu: &Pdu) -> f64 {
    f64::from(pdu.header.timestamp.time_units().inner()) * 3600.0 / 2f64.powi(31)
}

/// Where a receiver dead-reckons `es` (sent at `t0`) to be at `t`: DRM(F,V,W).
fn dead_reckoned(es: &EntityState, t0: f64, t: f64) -> [f64; 3] {
    let dt = t - t0;
    let l = &es.entity_location;
    let v = &es.entity_linear_velocity;
    let a = &es.dead_reckoning_parameters.linear_acceleration;
    let p = [l.x_coordinate, l.y_coordinate, l.z_coordinate];
    let v = [
        v.first_vector_component,
        v.second_vector_component,
        v.third_vector_component,
    ];
    let a = [
        a.first_vector_component,
        a.second_vector_component,
        a.third_vector_component,
    ];
    std::array::from_fn(|k| p[k] + f64::from(v[k]) * dt + 0.5 * f64::from(a[k]) * dt * dt)
}

#[test]
fn a_run_sends_entity_states_fires_and_detonations_that_track_truth() {
    let receiver = UdpSocket::bind("127.0.0.1:0").expect("bind");
    receiver
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    let port = receiver.local_addr().expect("address").port();
    let dir = scratch("dis-out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args([
            "run",
            "scenarios/tests/minimal.toml",
            "--quiet",
            "--exercise",
            "7",
            "--dis-out",
            &format!("udp://127.0.0.1:{port}"),
            "--record",
            dir.to_str().expect("utf-8"),
        ])
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tdome runs");
    // Receive while it runs (the socket's buffer might not hold the whole run), and
    // after it ends until the network is quiet.
    let mut pdus: Vec<Pdu> = Vec::new();
    let mut buf = [0u8; 2048];
    let mut done = false;
    loop {
        match receiver.recv(&mut buf) {
            Ok(n) => {
                let got = dis_rs::parse(&buf[..n]).expect("every datagram decodes");
                assert_eq!(got.len(), 1, "one PDU per datagram");
                pdus.extend(got);
            }
            Err(_) if done => break,
            Err(_) => done = child.try_wait().expect("wait").is_some(),
        }
    }
    let out = child.wait_with_output().expect("tdome ends");
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("DIS to udp://127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("; 0 not sent"), "{stderr}");

    assert!(pdus.iter().all(|p| p.header.exercise_id == 7));
    let states: Vec<(f64, &EntityState)> = pdus
        .iter()
        .filter_map(|p| match &p.body {
            PduBody::EntityState(e) => Some((seconds(p), e)),
            _ => None,
        })
        .collect();
    let fires: Vec<&Pdu> = pdus
        .iter()
        .filter(|p| matches!(p.body, PduBody::Fire(_)))
        .collect();
    let detonations: Vec<&Pdu> = pdus
        .iter()
        .filter(|p| matches!(p.body, PduBody::Detonation(_)))
        .collect();
    assert!(!fires.is_empty() && !detonations.is_empty(), "{stderr}");
    // The minimal scenario's one battery is entity 1, its objects 2 on.
    let batteries = states
        .iter()
        .filter(|(_, e)| {
            e.dead_reckoning_parameters.algorithm == DeadReckoningAlgorithm::StaticNonmovingEntity
        })
        .map(|(_, e)| e.entity_id.entity_id)
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(batteries.into_iter().collect::<Vec<_>>(), vec![1]);
    for f in &fires {
        let PduBody::Fire(fire) = &f.body else {
            unreachable!()
        };
        assert_eq!(fire.firing_entity_id.entity_id, 1);
        assert!(
            fire.entity_id.entity_id >= 2,
            "the interceptor is an entity"
        );
        let det = detonations.iter().find_map(|d| match &d.body {
            PduBody::Detonation(det) if det.event_id == fire.event_id => Some(det),
            _ => None,
        });
        let det = det.expect("each fire has its detonation");
        assert_eq!(det.exploding_entity_id, fire.entity_id);
    }
    // The four Grad rockets: each is intercepted or hits the ground.
    let rockets_ended = detonations
        .iter()
        .filter(|d| match &d.body {
            PduBody::Detonation(det) => {
                det.detonation_result == DetonationResult::GroundImpact
                    || det.detonation_result == DetonationResult::EntityProximateDetonation
            }
            _ => false,
        })
        .count();
    assert!(rockets_ended >= 1, "{rockets_ended}");

    // At every truth sample, where a receiver dead-reckons each object from the latest
    // Entity State is within the 1 m threshold of the truth (plus the f32 rounding of
    // velocity and acceleration, and the timestamp's 1.7 µs resolution).
    let run = std::fs::read_to_string(dir.join("run.json")).expect("run.json");
    assert!(run.contains("\"epoch\": \"2026-01-01T00:00:00Z\""), "{run}");
    let mut by_entity: BTreeMap<u16, Vec<(f64, &EntityState)>> = BTreeMap::new();
    for &(t, e) in &states {
        by_entity
            .entry(e.entity_id.entity_id)
            .or_default()
            .push((t, e));
    }
    let truth = std::fs::read_to_string(dir.join("truth.csv")).expect("truth.csv");
    let mut lines = truth.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (ct, co, cx) = (col("time_s"), col("object_id"), col("ecef_x_m"));
    let mut checked = 0;
    let mut worst = 0.0f64;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let t: f64 = f[ct].parse().expect("time");
        let object: u16 = f[co].parse().expect("object id");
        let p: [f64; 3] = std::array::from_fn(|k| f[cx + k].parse().expect("ecef"));
        let sent = &by_entity[&(object + 2)];
        let Some((t0, es)) = sent.iter().rev().find(|(t0, _)| *t0 <= t + 1e-5) else {
            panic!("object {object} at {t} s: no entity state before")
        };
        let q = dead_reckoned(es, *t0, t);
        let miss = (0..3).map(|k| (q[k] - p[k]).powi(2)).sum::<f64>().sqrt();
        worst = worst.max(miss);
        assert!(miss <= 1.02, "object {object} at {t} s: {miss} m off");
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
    // Dead reckoning does its job: fewer entity states of objects than truth samples.
    let of_objects = states
        .iter()
        .filter(|(_, e)| e.entity_id.entity_id >= 2)
        .count();
    assert!(
        of_objects < checked,
        "{of_objects} states for {checked} samples"
    );
    eprintln!(
        "{} PDUs: {of_objects} entity states of objects for {checked} truth samples (worst \
         dead-reckoning error {worst:.3} m), {} of the battery, {} fires, {} detonations",
        pdus.len(),
        states.len() - of_objects,
        fires.len(),
        detonations.len()
    );
}

#[test]
fn a_bad_dis_address_is_bad_usage() {
    for bad in ["127.0.0.1:3000", "udp://127.0.0.1:0", "udp://[::1:3000"] {
        let out = common::tdome(&["run", "scenarios/tests/minimal.toml", "--dis-out", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("udp://HOST:PORT") || stderr.contains("port"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = common::tdome(&[
        "run",
        "scenarios/tests/minimal.toml",
        "--dis-out",
        "udp://no-such-host.invalid:3000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot resolve"),
        "{}",
        text(&out.stderr)
    );
    let out = common::tdome(&["run", "scenarios/tests/minimal.toml", "--exercise", "3"]);
    assert_eq!(out.status.code(), Some(2), "--exercise needs --dis-out");
}
