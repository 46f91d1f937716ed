//! `[[sensor]]` → [`SensorSpec`]: a radar's site, scans, detection, coverage, noise,
//! bias, latency and outages, each checked at its place.

use tdome_core::ids::SensorId;
use tdome_core::{Angle, Length, Probability, SimDuration, SimTime, Speed};

use crate::check::{Checker, number};
use crate::document::Loc;
use crate::file::{BiasEntry, CoverageEntry, DetectionEntry, NoiseEntry, SensorEntry, Window};
use crate::limits;
use crate::model::{
    AzimuthSector, Coverage, Detection, MeasurementBias, Outage, RadarEquation, SensorSpec,
    Swerling,
};

use super::catalogue::interval;

/// A radar; `duration` (when valid) bounds its outage windows.
pub(super) fn sensor(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    id: SensorId,
    s: &SensorEntry,
    duration: Option<SimDuration>,
) -> Option<SensorSpec> {
    let site = c.site(&loc.key("site"), &s.site);
    let scan = c.seconds(
        &loc.key("scan_period_s"),
        s.scan_period_s,
        limits::SCAN_PERIOD_S,
        "scan_period_s",
    );
    let first = c.seconds(
        &loc.key("first_scan_s"),
        s.first_scan_s,
        limits::FIRST_SCAN_S,
        "first_scan_s",
    );
    let detection = detection(c, loc, s);
    let false_alarms = c.bounded(
        &loc.key("false_alarms_per_scan"),
        s.false_alarms_per_scan,
        limits::FALSE_ALARMS_PER_SCAN,
        "false_alarms_per_scan",
    );
    let coverage = coverage(c, &loc.key("coverage"), &s.coverage);
    let noise = noise(c, &loc.key("noise"), &s.noise);
    let bias = s.bias.map_or(Some(MeasurementBias::default()), |b| {
        bias(c, &loc.key("bias"), &b)
    });
    let latency = c.seconds(
        &loc.key("latency_s"),
        s.latency_s,
        limits::LATENCY_S,
        "latency_s",
    );
    let outages = outages(c, &loc.key("outages"), &s.outages, duration);
    let noise = noise?;
    Some(SensorSpec {
        id,
        name: s.name.clone(),
        site: site?,
        scan_period: scan?,
        first_scan: SimTime::ZERO + first?,
        coverage: coverage?,
        sigma_range: noise.range,
        sigma_azimuth: noise.azimuth,
        sigma_elevation: noise.elevation,
        sigma_range_rate: noise.range_rate,
        detection: detection?,
        false_alarms_per_scan: false_alarms?,
        bias: bias?,
        latency: latency?,
        outages: outages?,
    })
}

/// Exactly one of `pd` (fixed) and `[sensor.detection]` (radar equation).
fn detection(c: &mut Checker<'_, '_>, loc: &Loc, s: &SensorEntry) -> Option<Detection> {
    match (s.pd, &s.detection) {
        (Some(pd), None) => c.probability(&loc.key("pd"), pd).map(Detection::Fixed),
        (None, Some(d)) => {
            radar_equation(c, &loc.key("detection"), d).map(Detection::RadarEquation)
        }
        (Some(_), Some(_)) => {
            c.error(
                &loc.key("detection"),
                "expected either `pd` or `[sensor.detection]`, not both: `pd` fixes the \
                 detection probability, `[sensor.detection]` derives it from the target's \
                 radar cross-section",
            );
            None
        }
        (None, None) => {
            c.error(
                loc,
                "expected `pd` (a fixed detection probability) or `[sensor.detection]` \
                 (detection from the radar equation), got neither",
            );
            None
        }
    }
}

/// Default detection probability of a 1 m² target at the reference range.
const DEFAULT_REFERENCE_PD: f64 = 0.9;
/// Default false-alarm probability per resolution cell.
const DEFAULT_PFA: f64 = 1e-6;

/// The radar equation's calibration. The reference Pd must lie strictly between Pfa
/// (what a target of no signal gets) and 1 (what only infinite SNR gets), or no SNR
/// achieves it.
fn radar_equation(c: &mut Checker<'_, '_>, loc: &Loc, d: &DetectionEntry) -> Option<RadarEquation> {
    let range = c.bounded(
        &loc.key("reference_range_km"),
        d.reference_range_km,
        limits::REFERENCE_RANGE_KM,
        "reference_range_km",
    );
    let pfa = c.bounded(
        &loc.key("pfa"),
        d.pfa.unwrap_or(DEFAULT_PFA),
        limits::PFA,
        "pfa",
    );
    let pd_loc = loc.key("reference_pd");
    let pd = d.reference_pd.unwrap_or(DEFAULT_REFERENCE_PD);
    let lo = pfa.unwrap_or(0.0);
    let pd_ok = c.require(pd > lo && pd < 1.0, &pd_loc, || match pfa {
        Some(pfa) => format!(
            "expected reference_pd in (pfa, 1) = ({}, 1), got {} (a target of no signal is \
             detected with probability pfa, and only infinite signal gives 1)",
            number(pfa),
            number(pd)
        ),
        None => format!("expected reference_pd in (pfa, 1), got {}", number(pd)),
    });
    let swerling = match d.swerling.unwrap_or(1) {
        1 => Some(Swerling::One),
        3 => Some(Swerling::Three),
        n => {
            c.error(
                &loc.key("swerling"),
                format!("expected swerling = 1 or 3 (the scan-to-scan fluctuating cases), got {n}"),
            );
            None
        }
    };
    Some(RadarEquation {
        reference_range: Length::km(range?),
        reference_pd: pd_ok.then(|| Probability::new(pd).ok()).flatten()?,
        pfa: Probability::new(pfa?).ok()?,
        swerling: swerling?,
    })
}

fn bias(c: &mut Checker<'_, '_>, loc: &Loc, b: &BiasEntry) -> Option<MeasurementBias> {
    let range = c.bounded(
        &loc.key("range_m"),
        b.range_m,
        limits::BIAS_RANGE_M,
        "range_m",
    );
    let azimuth = c.bounded(
        &loc.key("azimuth_mrad"),
        b.azimuth_mrad,
        limits::BIAS_ANGLE_MRAD,
        "azimuth_mrad",
    );
    let elevation = c.bounded(
        &loc.key("elevation_mrad"),
        b.elevation_mrad,
        limits::BIAS_ANGLE_MRAD,
        "elevation_mrad",
    );
    Some(MeasurementBias {
        range: Length::metres(range?),
        azimuth: Angle::radians(azimuth? * 1e-3),
        elevation: Angle::radians(elevation? * 1e-3),
    })
}

/// Outage windows: each `[start, end]` with 0 ≤ start < end ≤ the duration, reported
/// at its own place.
fn outages(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    windows: &[Window],
    duration: Option<SimDuration>,
) -> Option<Vec<Outage>> {
    if !c.require(windows.len() <= limits::OUTAGES, loc, || {
        format!(
            "expected at most {} outage windows, got {}",
            limits::OUTAGES,
            windows.len()
        )
    }) {
        return None;
    }
    let checked: Vec<Option<Outage>> = windows
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (start, end) = (w.start_s, w.end_s);
            let end_ok = duration.is_none_or(|d| end <= d.as_seconds());
            let ok = start.is_finite() && end.is_finite() && 0.0 <= start && start < end;
            c.require(ok && end_ok, &loc.index(i), || {
                let within = duration
                    .map(|d| format!(" ≤ duration_s ({})", number(d.as_seconds())))
                    .unwrap_or_default();
                format!(
                    "expected an outage window [start_s, end_s] with 0 ≤ start_s < \
                     end_s{within}, got [{}, {}]",
                    number(start),
                    number(end)
                )
            })
            .then(|| Outage {
                start: SimTime::from_seconds(start),
                end: SimTime::from_seconds(end),
            })
        })
        .collect();
    checked.into_iter().collect()
}

fn coverage(c: &mut Checker<'_, '_>, loc: &Loc, v: &CoverageEntry) -> Option<Coverage> {
    let (min_range, max_range) = interval(
        c,
        loc,
        ("min_range_km", v.min_range_km),
        ("max_range_km", v.max_range_km),
        limits::RADAR_RANGE_KM,
    );
    let min_el = c.within(
        &loc.key("min_elevation_deg"),
        v.min_elevation_deg,
        (-90.0, 90.0),
        "min_elevation_deg",
        " degrees",
    );
    let max_el = c.within(
        &loc.key("max_elevation_deg"),
        v.max_elevation_deg,
        (-90.0, 90.0),
        "max_elevation_deg",
        " degrees",
    );
    let max_el = match (min_el, max_el) {
        (Some(lo), Some(hi)) if hi <= lo => {
            c.error(
                &loc.key("max_elevation_deg"),
                format!("expected max_elevation_deg > min_elevation_deg ({lo}), got {hi}"),
            );
            None
        }
        (_, hi) => hi,
    };
    let sector = azimuth_sector(c, loc, v.azimuth_start_deg, v.azimuth_width_deg);
    Some(Coverage {
        min_range: Length::km(min_range?),
        max_range: Length::km(max_range?),
        azimuth_sector: sector?,
        min_elevation: Angle::degrees(min_el?),
        max_elevation: Angle::degrees(max_el?),
        radar_horizon: v.radar_horizon,
    })
}

/// `Some(None)` is all-round coverage.
fn azimuth_sector(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    start: Option<f64>,
    width: Option<f64>,
) -> Option<Option<AzimuthSector>> {
    match (start, width) {
        (None, None) => Some(None),
        (Some(start), Some(width)) => {
            let start = c.bounded(
                &loc.key("azimuth_start_deg"),
                start,
                limits::AZIMUTH_START_DEG,
                "azimuth_start_deg",
            );
            let width_loc = loc.key("azimuth_width_deg");
            let width_ok = width > 0.0 && width <= 360.0;
            c.require(width_ok, &width_loc, || {
                format!("expected azimuth_width_deg in (0, 360], got {width}")
            });
            Some(Some(AzimuthSector {
                start: Angle::degrees(start?).wrap_two_pi(),
                width: width_ok.then(|| Angle::degrees(width))?,
            }))
        }
        (Some(_), None) => {
            c.error(
                &loc.key("azimuth_start_deg"),
                "expected azimuth_width_deg too: give both azimuth_start_deg and \
                 azimuth_width_deg, or neither for all-round coverage",
            );
            None
        }
        (None, Some(_)) => {
            c.error(
                &loc.key("azimuth_width_deg"),
                "expected azimuth_start_deg too: give both azimuth_start_deg and \
                 azimuth_width_deg, or neither for all-round coverage",
            );
            None
        }
    }
}

struct Noise {
    range: Length,
    azimuth: Angle,
    elevation: Angle,
    range_rate: Option<Speed>,
}

/// Standard deviations must be positive: the tracker factorises measurement
/// covariances, which a zero would make singular.
fn noise(c: &mut Checker<'_, '_>, loc: &Loc, n: &NoiseEntry) -> Option<Noise> {
    let range = c.bounded(
        &loc.key("range_m"),
        n.range_m,
        limits::NOISE_RANGE_M,
        "range_m",
    );
    let azimuth = c.bounded(
        &loc.key("azimuth_deg"),
        n.azimuth_deg,
        limits::NOISE_ANGLE_DEG,
        "azimuth_deg",
    );
    let elevation = c.bounded(
        &loc.key("elevation_deg"),
        n.elevation_deg,
        limits::NOISE_ANGLE_DEG,
        "elevation_deg",
    );
    let range_rate = n.range_rate_mps.map(|v| {
        c.bounded(
            &loc.key("range_rate_mps"),
            v,
            limits::NOISE_RANGE_RATE_MPS,
            "range_rate_mps",
        )
    });
    Some(Noise {
        range: Length::metres(range?),
        azimuth: Angle::degrees(azimuth?),
        elevation: Angle::degrees(elevation?),
        range_rate: match range_rate {
            Some(v) => Some(Speed::metres_per_second(v?)),
            None => None,
        },
    })
}
