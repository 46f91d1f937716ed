//! Plots: what a radar reports for one detection, and the measurement model that says how
//! to interpret it. The battle manager sees only these, never truth.

use std::sync::Arc;

use crate::geodesy::{EnuFrame, RangeAzEl};
use crate::ids::SensorId;
use crate::time::{SimDuration, SimTime};
use crate::units::{Angle, Length, Speed};

/// The measurement model of a radar: it measures range, azimuth (clockwise from north)
/// and elevation of an ECEF position, seen from its site, with independent zero-mean
/// Gaussian errors of the stated standard deviations, and optionally range rate.
///
/// Named after the quantity mapping, like Stone Soup's `CartesianToElevationBearingRange`.
/// Every plot carries the model of the sensor that made it, so a tracker can fuse plots
/// from any mix of sensors.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CartesianToRangeAzimuthElevation {
    /// The sensor whose model this is.
    pub sensor: SensorId,
    /// The sensor's site and local frame.
    pub site: EnuFrame,
    /// Standard deviation of range error.
    pub sigma_range: Length,
    /// Standard deviation of azimuth error.
    pub sigma_azimuth: Angle,
    /// Standard deviation of elevation error.
    pub sigma_elevation: Angle,
    /// Standard deviation of range-rate error, if the sensor measures range rate.
    pub sigma_range_rate: Option<Speed>,
    /// Time between the sensor's looks at one direction (its scan period): how long a
    /// tracker waits for the next plot of a target before counting a missed detection
    /// (ASTERIX reports it too, e.g. CAT034's antenna rotation period).
    pub scan_period: SimDuration,
}

/// One detection reported by a sensor: a position measurement in the sensor's polar
/// coordinates at an exact time.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Plot {
    /// When the beam illuminated the detection.
    pub time: SimTime,
    /// The reporting sensor.
    pub sensor: SensorId,
    /// Measured range, azimuth and elevation.
    pub measurement: RangeAzEl,
    /// Measured range rate, positive opening, when the sensor measures it.
    pub range_rate: Option<Speed>,
    /// How to interpret the measurement.
    pub model: Arc<CartesianToRangeAzimuthElevation>,
}
