//! Statistical tests of the radar model and the kill draw, with fixed seeds: detection
//! frequency against Pd, measurement errors against their sigmas, false-alarm counts
//! against their Poisson mean, and kill frequency against P_k.

mod common;

use std::sync::Arc;

use tdome_core::defence::{InterceptorType, PkTable};
use tdome_core::ids::{BatteryId, DataSourceId, EngagementId, ObjectId, SensorId, TrackId};
use tdome_core::threat::ThreatKind;
use tdome_core::units::wrap_pi;
use tdome_core::{
    Angle, Ecef, EnuFrame, Geodetic, Length, Position, Probability, SimDuration, SimTime, Speed,
    Usd,
};
use tdome_scenario::model::{Coverage, Detection, MeasurementBias, SensorSpec};
use tdome_world::engage::{Interceptor, Resolution, resolve};
use tdome_world::sense::radar::{Radar, TargetView};

fn spec(pd: f64, false_alarms: f64) -> SensorSpec {
    SensorSpec {
        id: SensorId(0),
        name: "r".into(),
        data_source: DataSourceId::default(),
        site: Geodetic::from_degrees(25.0, 121.5, 100.0),
        scan_period: SimDuration::from_seconds(2.0),
        first_scan: SimTime::ZERO,
        coverage: Coverage {
            min_range: Length::km(1.0),
            max_range: Length::km(150.0),
            azimuth_sector: None,
            min_elevation: Angle::degrees(-2.0),
            max_elevation: Angle::degrees(80.0),
            radar_horizon: true,
        },
        sigma_range: Length::metres(30.0),
        sigma_azimuth: Angle::radians(2e-3),
        sigma_elevation: Angle::radians(3e-3),
        sigma_range_rate: None,
        detection: Detection::Fixed(Probability::new(pd).expect("p")),
        false_alarms_per_scan: false_alarms,
        bias: MeasurementBias::default(),
        latency: SimDuration::ZERO,
        outages: Vec::new(),
    }
}

/// A stationary target (an aerostat, say) at an ENU offset from the radar.
fn target(radar: &SensorSpec, enu: [f64; 3]) -> TargetView {
    let p = EnuFrame::at(radar.site).to_ecef(&Position::from_metres(enu[0], enu[1], enu[2]));
    common::still_target(p, 1.0)
}

fn observe(
    radar: &mut Radar,
    targets: &[TargetView],
    seconds: f64,
) -> Vec<(tdome_core::plot::Plot, Option<ObjectId>)> {
    let dt = SimDuration::from_seconds(0.125);
    let mut out = Vec::new();
    let mut t = SimTime::ZERO;
    while t.as_seconds() < seconds {
        radar.observe(t, t + dt, targets, &mut out);
        t += dt;
    }
    out
}

#[test]
fn stat_detection_rate_and_errors_match_pd_and_sigmas() {
    let s = spec(0.8, 0.0);
    let mut radar = Radar::new(s.clone(), 99);
    let tgt = target(&s, [30_000.0, 40_000.0, 3_000.0]);
    let scans = 5_000;
    let plots = observe(&mut radar, &[tgt], scans as f64 * 2.0);
    // Exactly one illumination per scan: detections ~ Binomial(scans, 0.8).
    let n = plots.len() as f64;
    let (mean, sd) = (0.8 * scans as f64, (scans as f64 * 0.8 * 0.2).sqrt());
    assert!(
        (n - mean).abs() < 4.0 * sd,
        "{n} detections in {scans} scans, expected {mean} ± {sd}"
    );
    // Errors: each normalised error component has unit variance; the sum of squares over
    // n plots is chi-square with n degrees of freedom (4 standard deviations: √(2n)).
    let frame = EnuFrame::at(s.site);
    let truth = frame.observe(&tgt.before.position);
    let mut ss = [0.0; 3];
    let mut sum = [0.0; 3];
    for (p, o) in &plots {
        assert_eq!(*o, Some(ObjectId(0)));
        let e = [
            (p.measurement.range - truth.range).si() / s.sigma_range.si(),
            wrap_pi((p.measurement.azimuth - truth.azimuth).si()) / s.sigma_azimuth.si(),
            (p.measurement.elevation - truth.elevation).si() / s.sigma_elevation.si(),
        ];
        for k in 0..3 {
            ss[k] += e[k] * e[k];
            sum[k] += e[k];
        }
    }
    for k in 0..3 {
        assert!(
            (ss[k] - n).abs() < 4.0 * (2.0 * n).sqrt(),
            "component {k}: Σe² = {} for n = {n}",
            ss[k]
        );
        assert!(
            sum[k].abs() < 4.0 * n.sqrt(),
            "component {k} biased: Σe = {}",
            sum[k]
        );
    }
}

#[test]
fn stat_false_alarms_are_poisson_and_inside_coverage() {
    let s = spec(0.9, 3.0);
    let mut radar = Radar::new(s.clone(), 5);
    let scans = 2_000.0;
    let plots = observe(&mut radar, &[], scans * 2.0);
    let n = plots.len() as f64;
    // Sum of Poisson(3) over 2000 scans: mean 6000, sd √6000.
    assert!(
        (n - 3.0 * scans).abs() < 4.0 * (3.0 * scans).sqrt(),
        "{n} false alarms"
    );
    for (p, o) in &plots {
        assert!(o.is_none());
        assert!(
            p.measurement.range >= s.coverage.min_range
                && p.measurement.range <= s.coverage.max_range
        );
        assert!(
            p.measurement.elevation >= s.coverage.min_elevation
                && p.measurement.elevation <= s.coverage.max_elevation
        );
    }
    // Uniform over the annulus: the fraction beyond the median radius √((r0²+r1²)/2) is ½.
    let (r0, r1) = (s.coverage.min_range.si(), s.coverage.max_range.si());
    let median = ((r0 * r0 + r1 * r1) / 2.0).sqrt();
    let far = plots
        .iter()
        .filter(|(p, _)| p.measurement.range.si() > median)
        .count() as f64;
    assert!(
        (far - n / 2.0).abs() < 4.0 * (n / 4.0).sqrt(),
        "{far} of {n} beyond the median radius"
    );
}

#[test]
fn radar_horizon_and_coverage_hide_targets() {
    let s = spec(1.0, 0.0);
    // 140 km out at 200 m: the 4/3-Earth horizon of a 100 m radar and a 200 m target is
    // 41 km + 58 km ≈ 99 km, so it is hidden. At 8 km height it is visible.
    let low = target(&s, [0.0, 140_000.0, -1_300.0]);
    let high = target(&s, [0.0, 140_000.0, 6_500.0]);
    let mut radar = Radar::new(s.clone(), 1);
    assert!(observe(&mut radar, &[low], 20.0).is_empty());
    let mut radar = Radar::new(s.clone(), 1);
    assert_eq!(observe(&mut radar, &[high], 20.0).len(), 10);
    // Beyond max range: never.
    let far = target(&s, [0.0, 160_000.0, 20_000.0]);
    let mut radar = Radar::new(s, 1);
    assert!(observe(&mut radar, &[far], 20.0).is_empty());
}

fn interceptor(pk: f64) -> Arc<InterceptorType> {
    Arc::new(InterceptorType {
        name: "i".into(),
        unit_cost: Usd::dollars(1.0),
        mean_speed: Speed::metres_per_second(1000.0),
        max_time_of_flight: SimDuration::from_seconds(60.0),
        reaction_time: SimDuration::from_seconds(1.0),
        reload_time: None,
        min_range: Length::km(1.0),
        max_range: Length::km(50.0),
        min_altitude: Length::ZERO,
        max_altitude: Length::km(30.0),
        homing_basket: Length::metres(100.0),
        pk: PkTable::by_category(Some(Probability::new(pk).expect("p")), None),
        rcs_m2: 0.1,
        source: "test".into(),
        effector: tdome_core::defence::Effector::Missile,
    })
}

/// Shot `k` of `kind` from `site`, aimed at `aim` to arrive 20 s after launch at 0.
fn burst(
    k: u32,
    kind: &Arc<InterceptorType>,
    site: Position<Ecef>,
    aim: Position<Ecef>,
) -> Interceptor {
    Interceptor::new(
        EngagementId(k),
        BatteryId(0),
        TrackId(0),
        Arc::clone(kind),
        site,
        SimTime::ZERO,
        SimTime::from_seconds(20.0),
        aim,
        None,
    )
}

#[test]
fn stat_kill_frequency_matches_pk_and_the_basket_is_respected() {
    let kind = interceptor(0.7);
    let site = Geodetic::from_degrees(25.0, 121.5, 0.0).to_ecef();
    let aim = Geodetic::from_degrees(25.1, 121.5, 5_000.0).to_ecef();
    let n = 4_000;
    let mut kills = 0;
    for k in 0..n {
        let i = burst(k, &kind, site, aim);
        let near = Position::from_vector(aim.metres() + nalgebra::Vector3::new(60.0, 0.0, 0.0));
        match resolve(&i, &[(ObjectId(1), near, ThreatKind::BallisticMissile)], 42) {
            Resolution::Kill(o) => {
                assert_eq!(o, ObjectId(1));
                kills += 1
            }
            Resolution::Miss(_) => {}
            Resolution::NoTarget => panic!("target inside the basket was not met"),
        }
        let outside = Position::from_vector(aim.metres() + nalgebra::Vector3::new(0.0, 150.0, 0.0));
        assert_eq!(
            resolve(
                &i,
                &[(ObjectId(1), outside, ThreatKind::BallisticMissile)],
                42
            ),
            Resolution::NoTarget
        );
        // A category the interceptor cannot engage is never killed.
        assert!(!matches!(
            resolve(&i, &[(ObjectId(1), near, ThreatKind::Drone)], 42),
            Resolution::Kill(_)
        ));
    }
    let (mean, sd) = (0.7 * n as f64, (n as f64 * 0.7 * 0.3).sqrt());
    assert!(
        (kills as f64 - mean).abs() < 4.0 * sd,
        "{kills} kills of {n}, expected {mean} ± {sd}"
    );
}

/// A gun's burst aimed at twice its pattern's reference range kills as a quarter of the
/// burst would: 1 − (1 − 0.7)^(1/4) = 0.260.
#[test]
fn stat_a_burst_beyond_its_reference_range_kills_as_its_thinned_pattern() {
    let site = Geodetic::from_degrees(25.0, 121.5, 0.0).to_ecef();
    let aim = Geodetic::from_degrees(25.1, 121.5, 5_000.0).to_ecef();
    let slant = aim.distance_to(&site).si();
    let mut kind = (*interceptor(0.7)).clone();
    kind.effector = tdome_core::defence::Effector::Gun(tdome_core::defence::GunBurst {
        rounds_per_burst: 24,
        rate_of_fire_rpm: 1100.0,
        muzzle_velocity: Speed::metres_per_second(1050.0),
        drag_per_m: 2e-4,
        pattern_reference_range: Length::metres(slant / 2.0),
    });
    let kind = Arc::new(kind);
    let near = Position::from_vector(aim.metres() + nalgebra::Vector3::new(10.0, 0.0, 0.0));
    let n = 4_000;
    let kills = (0..n)
        .filter(|&k| {
            matches!(
                resolve(
                    &burst(k, &kind, site, aim),
                    &[(ObjectId(1), near, ThreatKind::BallisticMissile)],
                    42
                ),
                Resolution::Kill(_)
            )
        })
        .count();
    let p = 1.0 - 0.3_f64.powf(0.25);
    let (mean, sd) = (p * n as f64, (n as f64 * p * (1.0 - p)).sqrt());
    assert!(
        (kills as f64 - mean).abs() < 4.0 * sd,
        "{kills} kills of {n}, expected {mean:.0} ± {sd:.0}"
    );
}

/// A kind's own P_k decides the world's draw against that kind, and its category's figure
/// the draw against the other kind of the category.
#[test]
fn stat_kill_frequency_follows_the_threat_kind() {
    let mut kind = (*interceptor(0.7)).clone();
    kind.pk.by_kind[ThreatKind::Rocket.index()] = Some(Probability::new(0.2).expect("p"));
    let kind = Arc::new(kind);
    let site = Geodetic::from_degrees(25.0, 121.5, 0.0).to_ecef();
    let aim = Geodetic::from_degrees(25.1, 121.5, 5_000.0).to_ecef();
    let near = Position::from_vector(aim.metres() + nalgebra::Vector3::new(60.0, 0.0, 0.0));
    let n = 4_000;
    let (mut rocket_kills, mut missile_kills) = (0, 0);
    for k in 0..n {
        let i = burst(k, &kind, site, aim);
        let kill = |threat| {
            matches!(
                resolve(&i, &[(ObjectId(1), near, threat)], 42),
                Resolution::Kill(_)
            )
        };
        rocket_kills += usize::from(kill(ThreatKind::Rocket));
        missile_kills += usize::from(kill(ThreatKind::BallisticMissile));
    }
    for (kills, p) in [(rocket_kills, 0.2), (missile_kills, 0.7)] {
        let (mean, sd) = (p * n as f64, (n as f64 * p * (1.0 - p)).sqrt());
        assert!(
            (kills as f64 - mean).abs() < 4.0 * sd,
            "{kills} kills of {n}, expected {mean} ± {sd}"
        );
    }
    // The battle manager's figure is the category's.
    assert_eq!(
        kind.pk
            .against(tdome_core::threat::TargetCategory::Ballistic),
        Some(Probability::new(0.7).expect("p"))
    );
}
