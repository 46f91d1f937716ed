//! The battle manager's tracks as CAT062 system tracks.
//!
//! Standard items carry the track as any SDPS receiver reads it: I062/105 WGS-84
//! position, I062/100 and /185 position and velocity in the system plane (the oblique
//! stereographic plane about the scenario origin, [`SystemPlane`]), I062/130 geometric
//! altitude and /220 rate of climb along the track's own vertical, I062/080 status, and
//! I062/500 accuracies from the track's covariance. tdome's SP item adds
//! what no standard item holds: the battle manager's category and the vertical
//! velocity's accuracy ([`TdomeSpecial`]). Fields too small for a ballistic track
//! (altitude above 62 km, climb beyond 1,040 m/s, velocity accuracy beyond 63.75 m/s)
//! saturate at their largest value.

use nalgebra::{Matrix2, Matrix3, Vector2};
use tdome_core::picture::{TrackEstimate, TrackStatus as Life};
use tdome_core::threat::TargetCategory;
use tdome_core::{EnuFrame, Geodetic, UtcTime};

use crate::cat062::{
    CartesianPosition, CartesianVelocity, Cat062Record, EstimatedAccuracies, TdomeSpecial,
    TrackStatus, Wgs84Position,
};
use crate::common::DataSource;
use crate::error::EncodeError;
use crate::plane::SystemPlane;
use crate::utc::time_of_day;

/// I062/080 SRC for a track whose altitude comes from 3D radar measurements.
const ALTITUDE_FROM_3D_RADAR: u8 = 2;

/// The CAT062 message of `track`: `source` is the battle manager's SAC/SIC, `plane`
/// the system plane, `epoch` simulation time zero, `first` whether this is the first
/// message of the track, `category` the battle manager's latest judgement. Fails only
/// for a position or speed beyond the standard fields (4,194 km from the origin in the
/// plane, 8,192 m/s).
pub fn track_message(
    track: &TrackEstimate,
    source: DataSource,
    plane: &SystemPlane,
    epoch: UtcTime,
    first: bool,
    category: Option<TargetCategory>,
) -> Result<Cat062Record, EncodeError> {
    let geo = Geodetic::from_ecef(&track.position);
    let (x, y) = plane.project(&geo)?;
    // Velocity and covariance in the track's own east-north-up axes: up is its vertical
    // (climb, altitude accuracy); east and north go into the plane by the projection's
    // derivative J there (v ↦ J v, P ↦ J P Jᵀ).
    let local = EnuFrame::at(geo);
    let v = local.velocity_to_enu(&track.velocity);
    let v = v.mps();
    let r: &Matrix3<f64> = local.rotation_ecef_to_enu();
    let p = r * track.position_covariance() * r.transpose();
    let pv = r * track.velocity_covariance() * r.transpose();
    let j = plane.derivative(&geo)?;
    let horizontal = |m: &Matrix3<f64>| -> Matrix2<f64> {
        j * m.fixed_view::<2, 2>(0, 0).into_owned() * j.transpose()
    };
    let (p_xy, pv_xy) = (horizontal(&p), horizontal(&pv));
    let v_xy = j * Vector2::new(v.x, v.y);
    let sigma = |var: f64| var.max(0.0).sqrt();
    let acc = EstimatedAccuracies {
        position_xy: Some((
            EstimatedAccuracies::saturating(sigma(p_xy[(0, 0)]), 0.5, u16::MAX),
            EstimatedAccuracies::saturating(sigma(p_xy[(1, 1)]), 0.5, u16::MAX),
        )),
        // The edition's XY covariance component: sign(σxy)·sqrt(|σxy|), 0.5 m.
        covariance_xy: Some(
            (p_xy[(0, 1)].signum() * p_xy[(0, 1)].abs().sqrt() / 0.5)
                .round()
                .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16,
        ),
        geometric_altitude: Some(EstimatedAccuracies::saturating(
            sigma(p[(2, 2)]),
            EstimatedAccuracies::AGA_LSB_M,
            u16::from(u8::MAX),
        ) as u8),
        velocity_xy: Some((
            EstimatedAccuracies::saturating(sigma(pv_xy[(0, 0)]), 0.25, u16::from(u8::MAX)) as u8,
            EstimatedAccuracies::saturating(sigma(pv_xy[(1, 1)]), 0.25, u16::from(u8::MAX)) as u8,
        )),
        ..EstimatedAccuracies::default()
    };
    Ok(Cat062Record {
        service: Some(1),
        position_wgs84: Some(Wgs84Position::from_degrees(geo.lat_deg(), geo.lon_deg())?),
        position_cartesian: Some(CartesianPosition::from_metres(x, y)?),
        velocity: Some(CartesianVelocity::from_mps(v_xy.x, v_xy.y)?),
        // Track numbers are 16 bits on the wire; tdome's ids wrap past 65,535.
        track_number: Some((track.track.0 & 0xFFFF) as u16),
        status: Some(TrackStatus {
            monosensor: false,
            geometric_height_most_reliable: true,
            altitude_source: ALTITUDE_FROM_3D_RADAR,
            tentative: track.status == Life::Tentative,
            simulated: true,
            last_message: track.status == Life::Deleted,
            first_message: first,
            ..TrackStatus::default()
        }),
        geometric_altitude: Some(Cat062Record::altitude_saturating(geo.height_m())),
        rate_of_climb: Some(Cat062Record::climb_saturating(v.z)),
        accuracies: Some(acc),
        special: Some(TdomeSpecial {
            category: match category {
                None => 0,
                Some(TargetCategory::Ballistic) => 1,
                Some(TargetCategory::AirBreathing) => 2,
            },
            vertical_velocity_sigma: EstimatedAccuracies::saturating(
                sigma(pv[(2, 2)]),
                0.25,
                u16::MAX,
            ),
        }),
        ..Cat062Record::new(source, time_of_day(epoch.at(track.time)))
    })
}
