//! Conservation and causality on the default scenario: every threat is accounted for,
//! every shot has one launch and at most one resolution, nothing is seen or recorded
//! after it was destroyed or hit the ground, and the summary agrees with the events.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::OwnedEvent;
use tdome_core::SimTime;
use tdome_core::event::{EngagementOutcome, ObjectKind};
use tdome_core::picture::TrackStatus;

#[test]
fn every_threat_and_shot_is_accounted_for_in_the_default_scenario() {
    check("scenarios/taiwan-notional.toml");
}

#[test]
fn every_threat_and_shot_is_accounted_for_with_salvos_of_two() {
    check("scenarios/iron-dome-notional.toml");
}

fn check(scenario: &str) {
    let s = common::scenario(scenario);
    let (summary, log) = common::run(&s);
    let total = summary.total();
    let planned: u32 = s.raids.iter().map(|r| r.count).sum();
    assert_eq!(total.launched, planned, "every planned threat launched");
    assert_eq!(
        total.launched,
        total.intercepted + total.leaked + total.fell_in_open + total.airborne()
    );
    assert!(total.engaged >= total.intercepted);

    let mut threats = BTreeSet::new();
    let mut death: BTreeMap<u32, SimTime> = BTreeMap::new();
    let mut launched_at = BTreeMap::new();
    let mut resolved = BTreeSet::new();
    let mut interceptor_launches = 0;
    let mut bursts_timed = 0;
    let mut cost = 0.0;
    let mut kills = 0;
    let mut cancelled = 0;
    let mut deleted = BTreeSet::new();
    let mut speed_limit = BTreeMap::new();
    let mut fastest = 0.0_f64;
    let mut late = Vec::new();
    let mut reloaded = BTreeMap::new();
    for e in &log.events {
        match e {
            OwnedEvent::Launch(l) => match l.sample.kind {
                ObjectKind::Threat(_) => {
                    assert!(threats.insert(l.sample.object.0), "threat launched twice")
                }
                ObjectKind::Interceptor => {
                    interceptor_launches += 1;
                    if let Some(m) = s.catalogue.interceptor_model(&l.type_name) {
                        speed_limit.insert(l.sample.object.0, ideal_speed_mps(&m.airframe));
                    }
                }
            },
            OwnedEvent::Truth(t) => {
                // No interceptor flies faster than its motor could make it in vacuum
                // without gravity (the rocket equation): nothing speeds it up to keep to
                // a plan.
                if let Some(limit) = speed_limit.get(&t.object.0) {
                    let v = t.velocity.mps().norm();
                    assert!(
                        v <= *limit,
                        "interceptor {} at {v:.0} m/s above its ideal {limit:.0} m/s",
                        t.object.0
                    );
                    fastest = fastest.max(v / limit);
                }
                if let Some(d) = death.get(&t.object.0) {
                    panic!(
                        "truth of object {} at {} after its end at {d}",
                        t.object.0, t.time
                    );
                }
            }
            OwnedEvent::Plot {
                plot: p,
                truth: Some(o),
            } => {
                if let Some(d) = death.get(&o.0) {
                    assert!(
                        p.time <= *d,
                        "plot of object {} at {} after its end at {d}",
                        o.0,
                        p.time
                    );
                }
            }
            OwnedEvent::Plot { truth: None, .. } => {}
            OwnedEvent::Engagement(g) => match g.outcome {
                EngagementOutcome::Launched => {
                    // Every launch says why: one chosen battery, the firing one, weighed
                    // at no less than its own P_k (a follow-up only adds).
                    let why = g.explanation.as_ref().expect("every launch says why");
                    let chosen: Vec<_> = why
                        .candidates
                        .iter()
                        .filter(|c| c.role == tdome_core::orders::CandidateRole::Chosen)
                        .collect();
                    assert_eq!(chosen.len(), 1, "engagement {}", g.engagement.0);
                    assert_eq!(chosen[0].battery, g.battery);
                    assert!(
                        why.weighed_p_kill >= chosen[0].p_kill - 1e-12
                            && why.weighed_p_kill <= 1.0
                            && why.weighed_cost.si() >= chosen[0].cost.si() - 1e-6
                            && why.value_at_risk >= 0.0,
                        "{why:?}"
                    );
                    assert!(
                        launched_at.insert(g.engagement.0, g.time).is_none(),
                        "engagement launched twice"
                    );
                    cost += g.cost.si();
                }
                EngagementOutcome::Cancelled | EngagementOutcome::Refused => {
                    // Withdrawn before launch, or refused: never launched, never charged,
                    // once.
                    assert!(
                        !launched_at.contains_key(&g.engagement.0),
                        "a launched round was cancelled"
                    );
                    assert_eq!(g.cost.si(), 0.0);
                    assert!(resolved.insert(g.engagement.0), "engagement ended twice");
                    cancelled += 1;
                }
                outcome => {
                    let t0 = launched_at
                        .get(&g.engagement.0)
                        .expect("resolution of an engagement never launched");
                    assert!(resolved.insert(g.engagement.0), "engagement resolved twice");
                    assert!(g.aim_point.is_some(), "resolution without an aim point");
                    let model = s.catalogue.interceptor_model(&g.interceptor_type);
                    let kind = s
                        .catalogue
                        .interceptor(&g.interceptor_type)
                        .expect("a catalogue type");
                    let laser = matches!(kind.effector, tdome_core::defence::Effector::Laser(_));
                    if laser {
                        // A beam ends when its dose is full, within its longest dwell
                        // (or at once, its threat gone); a kill inside the envelope, no
                        // miss distance.
                        let held = (g.time - *t0).as_seconds();
                        assert!(
                            (0.0..=kind.max_time_of_flight.as_seconds() + 1e-6).contains(&held),
                            "laser shot {} held {held} s",
                            g.engagement.0
                        );
                        assert!(g.miss_distance.is_none());
                        if outcome == EngagementOutcome::Kill {
                            let battery = s
                                .batteries
                                .iter()
                                .find(|b| b.id == g.battery)
                                .expect("the firing battery");
                            assert!(tdome_world::engage::guided::inside_envelope(
                                &battery.interceptor,
                                battery.site,
                                &g.aim_point.expect("a kill names where")
                            ));
                        }
                    } else if let Some(model) = model {
                        // A guided missile is resolved where its flight ends: after
                        // launch, within its time of flight; a kill within a few lethal
                        // radii (Carleton: P_k · e^−16 at four).
                        let flown = (g.time - *t0).as_seconds();
                        if matches!(outcome, EngagementOutcome::Kill | EngagementOutcome::Miss) {
                            late.push((g.time - g.intercept_time).as_seconds().abs());
                        }
                        assert!(
                            (0.0..=model.airframe.max_time_of_flight_s + 1e-6).contains(&flown),
                            "engagement {} resolved {flown} s after launch",
                            g.engagement.0
                        );
                        if outcome == EngagementOutcome::Kill {
                            let miss = g.miss_distance.expect("a kill has a miss distance");
                            let r = model.lethality.lethal_radius();
                            assert!(miss.si() <= 4.0 * r.si(), "kill at {miss:?}, R_L {r:?}");
                            // ... and inside its battery's envelope: never below the
                            // floor, beyond the range or above the ceiling.
                            let battery = s
                                .batteries
                                .iter()
                                .find(|b| b.id == g.battery)
                                .expect("the firing battery");
                            let at = g.aim_point.expect("a kill names where");
                            assert!(
                                tdome_world::engage::guided::inside_envelope(
                                    &battery.interceptor,
                                    battery.site,
                                    &at
                                ),
                                "kill outside the envelope of {}: {:?}",
                                battery.name,
                                tdome_core::Geodetic::from_ecef(&at)
                            );
                        }
                    } else {
                        // A gun burst at its planned time, a kill within its basket.
                        assert!(g.time >= *t0 && g.time == g.intercept_time);
                        // Planned to reach its aim point half a burst after it opened
                        // plus the shells' drag-slowed flight, worked by hand from the
                        // 35 mm's catalogue figures: k = ρ₀·C_d·(πd²/4)/(2m), t(s) =
                        // (e^(ks) − 1)/(k·v₀). (A re-aim while still in the gun moves the
                        // point by metres: milliseconds.)
                        if g.interceptor_type == "35 mm gun burst (AHEAD)" {
                            let k = 1.225 * 0.25 * (std::f64::consts::PI * 0.035_f64.powi(2) / 4.0)
                                / (2.0 * 0.75);
                            let site = s
                                .batteries
                                .iter()
                                .find(|b| b.id == g.battery)
                                .expect("the firing battery")
                                .site
                                .to_ecef();
                            let slant = g.aim_point.expect("aimed").distance_to(&site).si();
                            let by_hand =
                                0.5 * 24.0 * 60.0 / 1100.0 + (k * slant).exp_m1() / (k * 1050.0);
                            let planned = (g.intercept_time - *t0).as_seconds();
                            assert!(
                                (planned - by_hand).abs() < 0.05,
                                "burst {} planned {planned} s for {slant} m, by hand {by_hand} s",
                                g.engagement.0
                            );
                            bursts_timed += 1;
                        }
                    }
                    if outcome == EngagementOutcome::Kill && model.is_none() && !laser {
                        let basket = s
                            .batteries
                            .iter()
                            .find(|b| b.interceptor.name == g.interceptor_type)
                            .expect("the interceptor's battery")
                            .interceptor
                            .homing_basket;
                        let miss = g.miss_distance.expect("a kill has a miss distance");
                        assert!(
                            miss <= basket,
                            "kill at {miss:?} beyond the basket {basket:?}"
                        );
                    }
                    if outcome == EngagementOutcome::Kill {
                        let o = g.threat_object.expect("a kill names its target").0;
                        assert!(
                            threats.contains(&o),
                            "killed object {o} is not a launched threat"
                        );
                        assert!(
                            death.insert(o, g.time).is_none(),
                            "object {o} destroyed twice"
                        );
                        kills += 1;
                    }
                    if outcome == EngagementOutcome::TargetDestroyed {
                        // Another shot killed the target first: a salvo partner at this
                        // very instant (a gun burst's), or before this missile's closest
                        // approach.
                        let o = g.threat_object.expect("names the destroyed target").0;
                        let died = death.get(&o).copied();
                        assert!(
                            died.is_some_and(|d| d <= g.time)
                                && (model.is_some() || laser || died == Some(g.time)),
                            "object {o} was not destroyed by {} ({died:?})",
                            g.time
                        );
                    }
                }
            },
            OwnedEvent::Impact(i) => {
                assert!(threats.contains(&i.object.0));
                assert!(
                    death.insert(i.object.0, i.time).is_none(),
                    "object {} ended twice",
                    i.object.0
                );
            }
            OwnedEvent::Track(r) => {
                assert!(
                    !deleted.contains(&r.track.0),
                    "track {} reported after deletion",
                    r.track.0
                );
                if r.status == TrackStatus::Deleted {
                    deleted.insert(r.track.0);
                }
            }
            OwnedEvent::Assessment(_) | OwnedEvent::Mode(_) => {}
            OwnedEvent::RunStart(start) => {
                assert!(
                    std::ptr::eq(e, &log.events[0]),
                    "the run start comes first, once"
                );
                assert_eq!(start.seed, s.seed);
                assert_eq!(start.batteries.len(), s.batteries.len());
            }
            OwnedEvent::Reload(r) => {
                *reloaded.entry(r.battery.0).or_insert(0_u32) += r.rounds;
            }
        }
    }
    // No battery fires more rounds than it started with and was reloaded with.
    for b in &s.batteries {
        let launched = log
            .events
            .iter()
            .filter(|e| {
                matches!(e, OwnedEvent::Engagement(r)
                    if r.battery == b.id && r.outcome == EngagementOutcome::Launched)
            })
            .count() as u32;
        let limit = b.rounds + reloaded.get(&b.id.0).copied().unwrap_or(0);
        assert!(
            launched <= limit,
            "{} fired {launched} of {limit} rounds",
            b.name
        );
    }
    // Every round that flies has a truth launch; a laser shot flies nothing.
    let beams = launched_at
        .keys()
        .filter(|&&e| {
            log.events.iter().any(|ev| {
                matches!(ev, OwnedEvent::Engagement(r) if r.engagement.0 == e
                && matches!(
                    s.catalogue.interceptor(&r.interceptor_type).map(|t| &t.effector),
                    Some(tdome_core::defence::Effector::Laser(_))
                ))
            })
        })
        .count();
    assert_eq!(interceptor_launches + beams, launched_at.len());
    if scenario.contains("taiwan") {
        assert!(bursts_timed > 0, "the default scenario fires its guns");
    }
    println!(
        "{} rounds launched, {kills} kills, {cancelled} withdrawn before launch; fastest \
         interceptor sample at {:.2} of its ideal speed",
        launched_at.len(),
        fastest
    );
    assert!(
        fastest > 0.0,
        "interceptor trajectories are in the truth records"
    );
    // The battle manager plans with the airframe's flyout table, so a missile meets its
    // threat about when it was planned to (mid-course re-aims and the seeker's homing
    // move it by a second or two; at the mean speed it was tens of seconds).
    late.sort_by(f64::total_cmp);
    let median = late[late.len() / 2];
    println!(
        "closest approach vs planned intercept: median {median:.2} s, p90 {:.2} s, max {:.2} s",
        late[late.len() * 9 / 10],
        late[late.len() - 1]
    );
    assert!(median <= 1.0, "closest approaches {median} s from plan");
    let fired: u32 = summary.interceptors.values().map(|t| t.fired).sum();
    assert_eq!(fired as usize, launched_at.len());
    assert_eq!(
        summary.interceptors.values().map(|t| t.kills).sum::<u32>(),
        kills
    );
    assert_eq!(kills, total.intercepted);
    assert!((summary.total_cost().si() - cost).abs() < 1e-6);
    assert!(
        kills > 0 && total.launched > 50,
        "the default scenario exercises the whole chain"
    );
}

/// The speed the motor gives in vacuum without gravity or drag: the rail exit speed plus
/// Tsiolkovsky's Δv for each phase.
fn ideal_speed_mps(a: &tdome_physics::interceptor::InterceptorAirframe) -> f64 {
    a.rail_exit_speed_mps + a.ideal_delta_v_mps()
}
