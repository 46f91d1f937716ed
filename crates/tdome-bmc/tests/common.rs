//! Helpers shared by the battle-manager tests.
#![allow(dead_code)]

use std::sync::Arc;

use tdome_core::ids::SensorId;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::{Angle, EnuFrame, Geodetic, Length, RangeAzEl, SimDuration, SimTime};

/// A radar measurement model at `site` with the given noise, scanning once a second.
pub fn model(
    sensor: u32,
    site: Geodetic,
    sigma_r: f64,
    sigma_az: f64,
    sigma_el: f64,
) -> Arc<CartesianToRangeAzimuthElevation> {
    scanning(sensor, site, (sigma_r, sigma_az, sigma_el), 1.0)
}

/// A radar measurement model at `site` with noise (σ range, σ azimuth, σ elevation),
/// scanning every `scan_s` seconds.
pub fn scanning(
    sensor: u32,
    site: Geodetic,
    (sigma_r, sigma_az, sigma_el): (f64, f64, f64),
    scan_s: f64,
) -> Arc<CartesianToRangeAzimuthElevation> {
    Arc::new(CartesianToRangeAzimuthElevation {
        sensor: SensorId(sensor),
        site: EnuFrame::at(site),
        sigma_range: Length::metres(sigma_r),
        sigma_azimuth: Angle::radians(sigma_az),
        sigma_elevation: Angle::radians(sigma_el),
        sigma_range_rate: None,
        scan_period: SimDuration::from_seconds(scan_s),
    })
}

/// A plot at `t` with measurement (r, az, el).
pub fn plot(
    model: &Arc<CartesianToRangeAzimuthElevation>,
    t: SimTime,
    r: f64,
    az: f64,
    el: f64,
) -> Plot {
    Plot {
        time: t,
        sensor: model.sensor,
        measurement: RangeAzEl {
            range: Length::metres(r),
            azimuth: Angle::radians(az),
            elevation: Angle::radians(el),
        },
        range_rate: None,
        model: model.clone(),
    }
}
