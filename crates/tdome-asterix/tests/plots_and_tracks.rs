//! tdome's plots through CAT048 and back, and its tracks as CAT062: every value within
//! its field's resolution of what was meant, at ranges and heights the standard items
//! cannot hold.

use std::sync::Arc;

use nalgebra::{Matrix3, Matrix6};
use tdome_asterix::cat048::{Cat048Record, PolarPosition};
use tdome_asterix::plots::{PlotError, SensorRegistry, plot_report};
use tdome_asterix::tracks::track_message;
use tdome_asterix::{DataSource, Record, SystemPlane, decode_datagram};
use tdome_core::ids::{SensorId, TrackId};
use tdome_core::picture::{ModeProbabilities, TrackEstimate, TrackStatus};
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::threat::TargetCategory;
use tdome_core::{
    Angle, Enu, EnuFrame, Geodetic, Length, Position, RangeAzEl, SimDuration, SimTime, Speed,
    UtcTime, Velocity,
};

const RADAR: DataSource = DataSource { sac: 25, sic: 3 };

fn model() -> Arc<CartesianToRangeAzimuthElevation> {
    Arc::new(CartesianToRangeAzimuthElevation {
        sensor: SensorId(2),
        site: EnuFrame::at(Geodetic::from_degrees(24.5, 121.0, 600.0)),
        sigma_range: Length::metres(20.0),
        sigma_azimuth: Angle::degrees(0.1),
        sigma_elevation: Angle::degrees(0.1),
        sigma_range_rate: Some(Speed::metres_per_second(1.0)),
        scan_period: SimDuration::from_seconds(4.0),
    })
}

fn plot(t: f64, range_m: f64, az_deg: f64, el_deg: f64, rr: Option<f64>) -> Plot {
    Plot {
        time: SimTime::from_seconds(t),
        sensor: SensorId(2),
        measurement: RangeAzEl {
            range: Length::metres(range_m),
            azimuth: Angle::degrees(az_deg),
            elevation: Angle::degrees(el_deg),
        },
        range_rate: rr.map(Speed::metres_per_second),
        model: model(),
    }
}

fn epoch() -> UtcTime {
    UtcTime::parse_rfc3339("2026-04-13T22:00:00Z").unwrap()
}

/// Encode, send through a datagram, decode and turn back into a plot.
fn through(p: &Plot) -> (Cat048Record, Result<Plot, PlotError>) {
    let report = plot_report(p, RADAR, epoch()).unwrap();
    let mut bytes = Vec::new();
    let mut block = tdome_asterix::BlockWriter::new(&mut bytes, 48);
    report.encode(block.out());
    block.finish().unwrap();
    let mut got = Vec::new();
    decode_datagram(&bytes, |_, r| got.push(r)).unwrap();
    let Some(Record::Cat048(back)) = got.pop() else {
        panic!("no CAT048 record")
    };
    assert_eq!(back, report);
    let registry = SensorRegistry::new([(RADAR, model())]);
    let now = epoch().at(p.time);
    (back, registry.plot(&report, epoch(), now))
}

#[test]
fn a_plot_comes_back_within_the_fields_resolution() {
    for (t, r, az, el, rr) in [
        (0.0, 12_000.0, 0.0, 1.0, Some(-300.0)),
        (17.3, 150_000.0, 359.99, 3.5, Some(250.0)),
        // Beyond I048/040's 256 NM and I048/110's 62 km, and faster than CAL's 511 m/s:
        // a ballistic missile near apogee seen by a long-range radar.
        (3_599.99, 900_000.0, 271.25, 12.0, Some(-2_400.0)),
        (86_400.0 + 5.0, 60_000.0, 45.0, 60.0, None),
    ] {
        let p = plot(t, r, az, el, rr);
        let (report, back) = through(&p);
        let back = back.unwrap();
        assert!(
            (back.time - p.time).as_seconds().abs() <= 1.0 / 256.0,
            "time {t}"
        );
        let m = back.measurement;
        assert!((m.range.si() - r).abs() <= PolarPosition::RHO_LSB_M / 2.0 + 1e-9);
        let daz = (m.azimuth.as_degrees() - az + 180.0).rem_euclid(360.0) - 180.0;
        assert!(
            daz.abs() <= PolarPosition::THETA_LSB_DEG / 2.0 + 1e-12,
            "azimuth {az}"
        );
        assert!(
            (m.elevation.as_degrees() - el).abs() <= PolarPosition::THETA_LSB_DEG / 2.0 + 1e-12
        );
        match rr {
            Some(v) => assert!((back.range_rate.unwrap().si() - v).abs() <= 0.125),
            None => assert!(back.range_rate.is_none()),
        }
        // The standard items are there exactly when their fields hold the value.
        assert_eq!(
            report.position.is_some(),
            r < 256.0 * 1_852.0,
            "I048/040 at {r} m"
        );
        assert_eq!(
            report.doppler.is_some(),
            rr.is_some_and(|v| v.abs() <= 511.0)
        );
    }
}

#[test]
fn elevation_is_recovered_from_the_standard_height_when_sp_is_absent() {
    // A receiver of a radar that sends no SP: elevation solved from I048/110 along
    // the measured range. The height's 25 ft is the limit: at 150 km and 3.5°, one LSB of
    // height is ~0.003° of elevation.
    let p = plot(10.0, 150_000.0, 80.0, 3.5, Some(100.0));
    let mut report = plot_report(&p, RADAR, epoch()).unwrap();
    report.special = None;
    let registry = SensorRegistry::new([(RADAR, model())]);
    let back = registry.plot(&report, epoch(), epoch().at(p.time)).unwrap();
    let dh = Cat048Record::HEIGHT_LSB_M / 2.0;
    let del = (dh / 150_000.0).to_degrees() * 1.01;
    assert!((back.measurement.elevation.as_degrees() - 3.5).abs() <= del);
    assert_eq!(back.range_rate.unwrap().si(), 100.0, "from CAL");
    // Without SP or height it is a 2D plot; without any position, no plot at all.
    report.height_3d = None;
    assert_eq!(
        registry.plot(&report, epoch(), epoch()),
        Err(PlotError::NoElevation)
    );
    report.position = None;
    assert_eq!(
        registry.plot(&report, epoch(), epoch()),
        Err(PlotError::NoPosition)
    );
}

#[test]
fn an_unknown_radar_is_named() {
    let p = plot(0.0, 10_000.0, 10.0, 1.0, None);
    let report = plot_report(&p, DataSource { sac: 1, sic: 1 }, epoch()).unwrap();
    let registry = SensorRegistry::new([(RADAR, model())]);
    assert_eq!(
        registry.plot(&report, epoch(), epoch()),
        Err(PlotError::UnknownSource(DataSource { sac: 1, sic: 1 }))
    );
}

/// A track at `p` with velocity `v` and covariance `enu_cov` given in the axes of
/// `frame` (position then velocity), turned to ECEF as the tracker holds it.
fn track_at(
    p: Position<Enu>,
    v: Velocity<Enu>,
    enu_cov: &Matrix6<f64>,
    frame: &EnuFrame,
) -> TrackEstimate {
    let r = frame.rotation_ecef_to_enu().transpose();
    let mut rot = Matrix6::zeros();
    rot.fixed_view_mut::<3, 3>(0, 0).copy_from(&r);
    rot.fixed_view_mut::<3, 3>(3, 3).copy_from(&r);
    TrackEstimate {
        time: SimTime::from_seconds(61.5),
        track: TrackId(70_001),
        status: TrackStatus::Confirmed,
        position: frame.to_ecef(&p),
        velocity: frame.velocity_to_ecef(&v),
        covariance: rot * enu_cov * rot.transpose(),
        first_plot: SimTime::ZERO,
        last_plot: SimTime::from_seconds(61.5),
        hits: 12,
        update_interval_s: Some(4.0),
        lagging: false,
        modes: ModeProbabilities::default(),
        ballistic: None,
        quality: 1.0,
    }
}

#[test]
fn a_track_as_cat062() {
    let origin = Geodetic::from_degrees(24.0, 121.0, 0.0);
    let enu = EnuFrame::at(origin);
    let plane = SystemPlane::at(origin);
    // Covariance given in local axes.
    let mut enu_cov = Matrix6::zeros();
    for (i, s) in [40.0, 30.0, 50.0, 3.0, 2.0, 5.0].iter().enumerate() {
        enu_cov[(i, i)] = s * s;
    }
    enu_cov[(0, 1)] = 600.0;
    enu_cov[(1, 0)] = 600.0;
    // 30 km east, 40 km north, 9 km up, flying north-west and climbing; the local axes
    // there are the origin's turned by under 0.4°.
    let track = track_at(
        Position::from_metres(30_000.0, 40_000.0, 9_000.0),
        Velocity::from_mps(-200.0, 150.0, 12.0),
        &enu_cov,
        &enu,
    );
    let p = track.position;
    let m = track_message(
        &track,
        RADAR,
        &plane,
        epoch(),
        true,
        Some(TargetCategory::AirBreathing),
    )
    .unwrap();
    let geo = Geodetic::from_ecef(&p);
    // In the plane (checked against pyproj in system_plane.rs), within half a 0.5 m LSB.
    let (x, y) = m.position_cartesian.unwrap().metres();
    let (px, py) = plane.project(&geo).unwrap();
    assert!((x - px).abs() <= 0.25 && (y - py).abs() <= 0.25);
    // The tangent plane's (30 km, 40 km) is the 9 km high track's, 9 km × 50 km / R ≈
    // 71 m further out than the ground point below it (the projection's own scale adds
    // under a metre at 50 km).
    let lean = 9_000.0 * 50_000.0 / 6_371_000.0;
    assert!((50_000.0 - x.hypot(y) - lean).abs() < 2.0, "({x}, {y})");
    let (vx, vy) = m.velocity.unwrap().mps();
    assert!(
        (vx + 200.0).abs() <= 1.5 && (vy - 150.0).abs() <= 1.5,
        "({vx}, {vy})"
    );
    let w = m.position_wgs84.unwrap();
    assert!((w.latitude_deg() - geo.lat_deg()).abs() <= 180.0 / 33_554_432.0);
    assert!((w.longitude_deg() - geo.lon_deg()).abs() <= 180.0 / 33_554_432.0);
    assert!((m.geometric_altitude_m().unwrap() - geo.height_m()).abs() <= 1.0);
    assert_eq!(m.track_number, Some((70_001 & 0xFFFF) as u16));
    let s = m.status.as_ref().unwrap();
    assert!(s.simulated && s.first_message && !s.tentative && !s.last_message);
    // The covariance was given in the origin's axes; in the track's, near enough that
    // the fields' LSBs do not tell.
    let a = m.accuracies.unwrap();
    assert_eq!(a.position_xy, Some((80, 60)), "σx 40 m, σy 30 m in 0.5 m");
    // sign(600)·sqrt(600) = 24.49 m → 49 in 0.5 m.
    assert_eq!(a.covariance_xy, Some(49));
    assert_eq!(a.velocity_xy, Some((12, 8)), "σvx 3, σvy 2 m/s in 0.25 m/s");
    let sp = m.special.unwrap();
    assert_eq!(sp.category, 2);
    assert_eq!(sp.vertical_velocity_sigma, 20, "σvz 5 m/s in 0.25 m/s");
    // UTC 22:01:01.5 → 79,261.5 s of the day.
    assert_eq!(m.time_of_track.seconds(), 79_261.5);
}

/// 400 km from the origin and 80 km up, where the origin's tangent plane is no map: the
/// track sits in the plane over its ground point, its climb is along its own vertical,
/// and its velocity and accuracies are turned by the grid convergence and scaled by the
/// point scale.
#[test]
fn a_far_high_track_is_placed_over_its_ground_point_and_climbs_along_its_own_vertical() {
    let origin = Geodetic::from_degrees(24.0, 121.0, 0.0);
    let plane = SystemPlane::at(origin);
    let ground = Geodetic::from_degrees(25.5, 124.6, 0.0);
    let local = EnuFrame::at(Geodetic::from_degrees(25.5, 124.6, 80_000.0));
    // Level flight due east at 2 km/s, in the track's own axes; σ east 100 m, north
    // 50 m, up 30 m; σ of velocity east 8, north 4, up 6 m/s.
    let mut cov = Matrix6::zeros();
    for (i, s) in [100.0, 50.0, 30.0, 8.0, 4.0, 6.0].iter().enumerate() {
        cov[(i, i)] = s * s;
    }
    let track = track_at(
        Position::from_metres(0.0, 0.0, 0.0),
        Velocity::from_mps(2_000.0, 0.0, 0.0),
        &cov,
        &local,
    );
    let m = track_message(&track, RADAR, &plane, epoch(), false, None).unwrap();

    let (x, y) = m.position_cartesian.unwrap().metres();
    let (gx, gy) = plane.project(&ground).unwrap();
    assert!((x - gx).abs() <= 0.25 && (y - gy).abs() <= 0.25);
    // The origin's tangent plane would have put it over 4 km further out: 80 km ×
    // sin(3.6°) for its height, less the stereographic plane's own growth with range
    // (R c³/4, 0.4 km).
    let tangent = EnuFrame::at(origin).to_enu(&track.position);
    let tangent = tangent.metres();
    assert!(tangent.x.hypot(tangent.y) - x.hypot(y) > 4_000.0);

    // Level flight: no climb, where the origin's up would read −2,000 sin(4°) ≈ −140 m/s.
    assert_eq!(m.rate_of_climb, Some(0));
    // The plane's derivative is k R(γ) (system_plane.rs): the velocity is k·2,000 m/s
    // turned by γ from the plane's x axis.
    let j = plane.derivative(&ground).unwrap();
    let k = j.determinant().sqrt();
    let gamma = j[(1, 0)].atan2(j[(0, 0)]);
    assert!(
        gamma.to_degrees() > 1.0,
        "east of the origin, north leans west: {gamma}"
    );
    let (vx, vy) = m.velocity.unwrap().mps();
    assert!((vx.hypot(vy) - k * 2_000.0).abs() <= 0.25, "({vx}, {vy})");
    assert!(
        (vy.atan2(vx) - gamma).abs() < 1e-4,
        "({vx}, {vy}) against γ {gamma}"
    );

    // Accuracies: k R(γ) diag(σE², σN²) R(γ)ᵀ k², to the fields' LSBs.
    let rot = |s_e: f64, s_n: f64| {
        let d = Matrix3::from_diagonal(&nalgebra::Vector3::new(s_e * s_e, s_n * s_n, 0.0));
        let j3 = Matrix3::new(
            j[(0, 0)],
            j[(0, 1)],
            0.0,
            j[(1, 0)],
            j[(1, 1)],
            0.0,
            0.0,
            0.0,
            1.0,
        );
        j3 * d * j3.transpose()
    };
    let (p, pv) = (rot(100.0, 50.0), rot(8.0, 4.0));
    let a = m.accuracies.unwrap();
    let (sx, sy) = a.position_xy.unwrap();
    assert_eq!(
        (sx, sy),
        (
            (p[(0, 0)].sqrt() / 0.5).round() as u16,
            (p[(1, 1)].sqrt() / 0.5).round() as u16
        )
    );
    let cxy = p[(0, 1)];
    assert_eq!(
        a.covariance_xy,
        Some((cxy.signum() * cxy.abs().sqrt() / 0.5).round() as i16)
    );
    assert!(
        cxy > 0.0,
        "east errors larger than north's, turned by γ > 0: {cxy}"
    );
    let (svx, svy) = a.velocity_xy.unwrap();
    assert_eq!(
        (svx, svy),
        (
            (pv[(0, 0)].sqrt() / 0.25).round() as u8,
            (pv[(1, 1)].sqrt() / 0.25).round() as u8
        )
    );
    // Altitude and vertical velocity accuracy along the track's own vertical.
    assert_eq!(
        a.geometric_altitude,
        Some((30.0 / tdome_asterix::cat062::EstimatedAccuracies::AGA_LSB_M).round() as u8)
    );
    assert_eq!(
        m.special.unwrap().vertical_velocity_sigma,
        24,
        "σvz 6 m/s in 0.25 m/s"
    );
}
