//! tdome's radar plots as CAT048 target reports, and back.
//!
//! A plot leaves as a simulated primary-radar report (I048/020 TYP 1, SIM set) with the
//! standard items a receiver of any make reads — I048/040 slant range and azimuth,
//! I048/110 height, I048/120 Doppler, where each field's range holds the value — and
//! tdome's SP item with the whole measurement at full reach ([`Cat048Special`]).
//!
//! A report comes back as a plot through the [`SensorRegistry`], which knows each
//! radar's site and measurement model by its SAC/SIC. Elevation comes from SP when it is
//! there, else from the I048/110 height (solved along the measured range), and a report
//! with neither cannot become a 3D plot.

use std::collections::HashMap;
use std::sync::Arc;

use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::{Angle, Geodetic, Length, RangeAzEl, SimTime, Speed, UtcTime};

use crate::cat048::{
    CalculatedDoppler, Cat048Record, Cat048Special, PolarPosition, TargetReportDescriptor,
};
use crate::common::DataSource;
use crate::error::EncodeError;
use crate::utc::{time_of_day, utc_near};

/// The CAT048 report of `plot`, from radar `source`, simulation time zero being `epoch`.
/// Fails only for a measurement beyond even SP's reach (65,536 NM, ±8,191 m/s).
pub fn plot_report(
    plot: &Plot,
    source: DataSource,
    epoch: UtcTime,
) -> Result<Cat048Record, EncodeError> {
    let m = &plot.measurement;
    let range_m = m.range.si();
    let azimuth_deg = m.azimuth.as_degrees();
    let height_m = Geodetic::from_ecef(&plot.model.site.locate(m)).height_m();
    let rate = plot.range_rate.map(Speed::si);
    Ok(Cat048Record {
        descriptor: Some(TargetReportDescriptor::simulated_psr()),
        // Each standard item only where its field holds the value: a receiver that
        // cannot read SP then sees less, never something wrong.
        position: PolarPosition::from_range_azimuth(range_m, azimuth_deg).ok(),
        height_3d: Cat048Record::height_from_m(height_m).ok(),
        doppler: rate.and_then(|r| CalculatedDoppler::from_mps(r).ok()),
        special: Some(Cat048Special::from_measured(
            range_m,
            azimuth_deg,
            m.elevation.as_degrees(),
            rate,
        )?),
        ..Cat048Record::new(source, time_of_day(epoch.at(plot.time)))
    })
}

/// Why a CAT048 report could not become a plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlotError {
    /// No radar of the scenario has this SAC/SIC.
    #[error("no radar of the scenario is {0}")]
    UnknownSource(DataSource),
    /// The report has no measured position (neither I048/040 nor SP).
    #[error("report without a measured position")]
    NoPosition,
    /// The report has no elevation (neither SP nor I048/110): a 2D plot.
    #[error("report without elevation or height (a 2D radar's)")]
    NoElevation,
    /// The I048/110 height cannot be reached at the measured range.
    #[error("height not reachable at the measured range")]
    HeightOutOfReach,
}

/// The scenario's radars by SAC/SIC: each one's measurement model, site included.
#[derive(Clone, Debug, Default)]
pub struct SensorRegistry {
    by_source: HashMap<DataSource, Arc<CartesianToRangeAzimuthElevation>>,
}

impl SensorRegistry {
    /// A registry of these radars.
    pub fn new(
        radars: impl IntoIterator<Item = (DataSource, Arc<CartesianToRangeAzimuthElevation>)>,
    ) -> Self {
        SensorRegistry {
            by_source: radars.into_iter().collect(),
        }
    }

    /// The model of the radar with this SAC/SIC.
    pub fn model(&self, source: DataSource) -> Option<&Arc<CartesianToRangeAzimuthElevation>> {
        self.by_source.get(&source)
    }

    /// The plot a report stands for: its time is the simulation time of its UTC instant
    /// (the day taken as the one that puts it nearest `now`), `epoch` being time zero.
    pub fn plot(
        &self,
        report: &Cat048Record,
        epoch: UtcTime,
        now: UtcTime,
    ) -> Result<Plot, PlotError> {
        let model = self
            .model(report.data_source)
            .ok_or(PlotError::UnknownSource(report.data_source))?;
        let time: SimTime = epoch.sim_time_of(utc_near(report.time_of_day, now));
        let (range_m, azimuth_deg) = match (&report.special, &report.position) {
            (Some(sp), _) => (sp.range_m(), sp.azimuth_deg()),
            (None, Some(p)) => (p.range_m(), p.azimuth_deg()),
            (None, None) => return Err(PlotError::NoPosition),
        };
        let elevation = match (&report.special, report.height_m()) {
            (Some(sp), _) => Angle::degrees(sp.elevation_deg()),
            (None, Some(h)) => elevation_for_height(model, range_m, azimuth_deg, h)
                .ok_or(PlotError::HeightOutOfReach)?,
            (None, None) => return Err(PlotError::NoElevation),
        };
        let range_rate = match (&report.special, report.doppler) {
            (Some(sp), _) => sp.range_rate_mps(),
            (None, Some(d)) if !d.doubtful => Some(f64::from(d.speed_mps)),
            _ => None,
        };
        Ok(Plot {
            time,
            sensor: model.sensor,
            measurement: RangeAzEl {
                range: Length::metres(range_m),
                azimuth: Angle::degrees(azimuth_deg),
                elevation,
            },
            range_rate: range_rate
                .filter(|_| model.sigma_range_rate.is_some())
                .map(Speed::metres_per_second),
            model: Arc::clone(model),
        })
    }
}

/// The elevation at which a point `range_m` away on `azimuth_deg` is `height_m` above the
/// ellipsoid, seen from the model's site; `None` when no elevation reaches it. Height
/// grows with elevation at a fixed range, so bisection finds it (to 1e-12 rad).
fn elevation_for_height(
    model: &CartesianToRangeAzimuthElevation,
    range_m: f64,
    azimuth_deg: f64,
    height_m: f64,
) -> Option<Angle> {
    let height_at = |el: f64| {
        let p = model.site.locate(&RangeAzEl {
            range: Length::metres(range_m),
            azimuth: Angle::degrees(azimuth_deg),
            elevation: Angle::radians(el),
        });
        Geodetic::from_ecef(&p).height_m()
    };
    let (mut lo, mut hi) = (-std::f64::consts::FRAC_PI_2, std::f64::consts::FRAC_PI_2);
    if height_m < height_at(lo) || height_m > height_at(hi) {
        return None;
    }
    while hi - lo > 1e-12 {
        let mid = 0.5 * (lo + hi);
        if height_at(mid) < height_m {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(Angle::radians(0.5 * (lo + hi)))
}
