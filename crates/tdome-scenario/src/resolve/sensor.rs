//! `[[sensor]]` → [`SensorSpec`]: a radar's site, scans, detection, coverage, noise,
//! bias, latency and outages, each checked at its place; and the checks of a radar
//! type's figures (`radars.toml`), which are the sensor's own checks, so that a type
//! accepts exactly the figures a sensor does.
//!
//! A sensor that names a `type` takes the type's figures as defaults: its own figures
//! are merged over them key by key (and sub-key by sub-key in `coverage`, `noise` and
//! `detection`) before anything is checked, so a sensor by type resolves to exactly the
//! [`SensorSpec`] of the same figures spelt out.

use std::sync::Arc;

use tdome_core::ids::{DataSourceId, SensorId};
use tdome_core::{Angle, Length, Probability, SimDuration, SimTime, Speed};

use crate::check::{Checker, number, one_of};
use crate::document::{Document, Loc};
use crate::file::radars::{RadarCoverageEntry, RadarFigures};
use crate::file::{BiasEntry, DetectionEntry, NoiseEntry, SensorEntry, Window};
use crate::limits;
use crate::model::{
    AzimuthSector, Catalogue, Coverage, Detection, MeasurementBias, Outage, RadarEquation,
    RadarType, SensorSpec, Swerling,
};

/// A radar. `data_source` is its checked `sac`/`sic` (`None` when they were wrong);
/// `catalogue` (when it could be had) holds the radar types a `type` names; `duration`
/// (when valid) bounds the outage windows.
pub(super) fn sensor(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    id: SensorId,
    s: &SensorEntry,
    data_source: Option<DataSourceId>,
    catalogue: Option<&Catalogue>,
    duration: Option<SimDuration>,
) -> Option<SensorSpec> {
    // `None` when the type cannot be had (unknown, or the catalogue is broken): the
    // sensor's own keys are still checked, and nothing is resolved.
    let radar_type = match &s.radar_type {
        None => Some(None),
        Some(name) => radar_type(c, loc, name, catalogue).map(Some),
    };
    let own = own_figures(s);
    let figures = match radar_type {
        Some(Some(t)) => merged(&own, &t.figures),
        _ => own,
    };
    if let Some(t) = radar_type
        && !complete(c, loc, s, t.map(Arc::as_ref), &figures)
    {
        return None;
    }
    let checked = check_figures(c, loc, "sensor", &with_sensor_defaults(figures));
    // With an unknown type, nothing can be said of what the type would have given.
    if let Some(known) = radar_type
        && figures.pd.is_none()
        && figures.detection.is_none()
    {
        let of_type = known
            .map(|t| format!(" (nor does its type \"{}\")", t.name))
            .unwrap_or_default();
        c.error(
            loc,
            format!(
                "expected `pd` (a fixed detection probability) or `[sensor.detection]` \
                 (detection from the radar equation), got neither{of_type}"
            ),
        );
    }
    let site = c.site(&loc.key("site"), &s.site);
    let first = c.seconds(
        &loc.key("first_scan_s"),
        s.first_scan_s,
        limits::FIRST_SCAN_S,
        "first_scan_s",
    );
    let coverage_loc = loc.key("coverage");
    let sector = s.coverage.map_or(Some(None), |v| {
        azimuth_sector(c, &coverage_loc, v.azimuth_start_deg, v.azimuth_width_deg)
    });
    let bias = s.bias.map_or(Some(MeasurementBias::default()), |b| {
        bias(c, &loc.key("bias"), &b)
    });
    let outages = outages(c, &loc.key("outages"), &s.outages, duration);
    radar_type?;
    let noise = checked.noise;
    Some(SensorSpec {
        id,
        name: s.name.clone(),
        data_source: data_source?,
        site: site?,
        scan_period: checked.scan_period?,
        first_scan: SimTime::ZERO + first?,
        coverage: Coverage {
            min_range: checked.coverage.min_range?,
            max_range: checked.coverage.max_range?,
            azimuth_sector: sector?,
            min_elevation: checked.coverage.min_elevation?,
            max_elevation: checked.coverage.max_elevation?,
            radar_horizon: checked.coverage.radar_horizon?,
        },
        sigma_range: noise.range?,
        sigma_azimuth: noise.azimuth?,
        sigma_elevation: noise.elevation?,
        sigma_range_rate: noise.range_rate?,
        detection: checked.detection?,
        false_alarms_per_scan: checked.false_alarms_per_scan?,
        bias: bias?,
        latency: checked.latency?,
        outages: outages?,
    })
}

/// The radar type a sensor names; an unknown name is reported at `type`, listing the
/// known ones. Without a catalogue (its own problems are reported) nothing is found.
fn radar_type<'c>(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    name: &str,
    catalogue: Option<&'c Catalogue>,
) -> Option<&'c Arc<RadarType>> {
    let catalogue = catalogue?;
    let found = catalogue.radar(name);
    if found.is_none() {
        c.error(
            &loc.key("type"),
            format!(
                "unknown radar type \"{name}\", {}",
                one_of(catalogue.radars.iter().map(|t| t.name.as_str()))
            ),
        );
    }
    found
}

/// The figures a sensor writes itself, in the shape of a type's.
fn own_figures(s: &SensorEntry) -> RadarFigures {
    RadarFigures {
        scan_period_s: s.scan_period_s,
        pd: s.pd,
        detection: s.detection,
        false_alarms_per_scan: s.false_alarms_per_scan,
        coverage: s
            .coverage
            .map_or_else(RadarCoverageEntry::default, |v| RadarCoverageEntry {
                min_range_km: v.min_range_km,
                max_range_km: v.max_range_km,
                min_elevation_deg: v.min_elevation_deg,
                max_elevation_deg: v.max_elevation_deg,
                radar_horizon: v.radar_horizon,
            }),
        noise: s.noise.unwrap_or_default(),
        latency_s: s.latency_s,
    }
}

/// A sensor's own figures over its type's: key by key, and sub-key by sub-key in
/// `coverage`, `noise` and `detection`. The choice between a fixed `pd` and the radar
/// equation is the sensor's when it makes one (a `pd` of its own replaces the type's
/// `detection`, and a `detection` of its own the type's `pd`), else the type's.
fn merged(own: &RadarFigures, of_type: &RadarFigures) -> RadarFigures {
    let (pd, detection) = if own.pd.is_some() || own.detection.is_some() {
        let detection = own.detection.map(|d| match of_type.detection {
            Some(t) => DetectionEntry {
                reference_range_km: d.reference_range_km.or(t.reference_range_km),
                reference_pd: d.reference_pd.or(t.reference_pd),
                pfa: d.pfa.or(t.pfa),
                swerling: d.swerling.or(t.swerling),
            },
            None => d,
        });
        (own.pd, detection)
    } else {
        (of_type.pd, of_type.detection)
    };
    let (v, t) = (own.coverage, of_type.coverage);
    let (n, tn) = (own.noise, of_type.noise);
    RadarFigures {
        scan_period_s: own.scan_period_s.or(of_type.scan_period_s),
        pd,
        detection,
        false_alarms_per_scan: own.false_alarms_per_scan.or(of_type.false_alarms_per_scan),
        coverage: RadarCoverageEntry {
            min_range_km: v.min_range_km.or(t.min_range_km),
            max_range_km: v.max_range_km.or(t.max_range_km),
            min_elevation_deg: v.min_elevation_deg.or(t.min_elevation_deg),
            max_elevation_deg: v.max_elevation_deg.or(t.max_elevation_deg),
            radar_horizon: v.radar_horizon.or(t.radar_horizon),
        },
        noise: NoiseEntry {
            range_m: n.range_m.or(tn.range_m),
            azimuth_deg: n.azimuth_deg.or(tn.azimuth_deg),
            elevation_deg: n.elevation_deg.or(tn.elevation_deg),
            range_rate_mps: n.range_rate_mps.or(tn.range_rate_mps),
        },
        latency_s: own.latency_s.or(of_type.latency_s),
    }
}

/// The defaults of a sensor's optional figures, for those neither it nor its type
/// gives: no false alarms, no latency, the radar horizon observed.
fn with_sensor_defaults(f: RadarFigures) -> RadarFigures {
    RadarFigures {
        false_alarms_per_scan: Some(f.false_alarms_per_scan.unwrap_or(0.0)),
        latency_s: Some(f.latency_s.unwrap_or(0.0)),
        coverage: RadarCoverageEntry {
            radar_horizon: Some(f.coverage.radar_horizon.unwrap_or(true)),
            ..f.coverage
        },
        ..f
    }
}

/// The figures every sensor needs, as (table, key): `scan_period_s`, the coverage's
/// ranges and elevations, the noise of range and angles, and a radar equation's
/// reference range.
fn missing_figures(f: &RadarFigures) -> Vec<(Option<&'static str>, &'static str)> {
    let (v, n) = (f.coverage, f.noise);
    let needed = [
        (None, "scan_period_s", f.scan_period_s.is_some()),
        (Some("coverage"), "min_range_km", v.min_range_km.is_some()),
        (Some("coverage"), "max_range_km", v.max_range_km.is_some()),
        (
            Some("coverage"),
            "min_elevation_deg",
            v.min_elevation_deg.is_some(),
        ),
        (
            Some("coverage"),
            "max_elevation_deg",
            v.max_elevation_deg.is_some(),
        ),
        (Some("noise"), "range_m", n.range_m.is_some()),
        (Some("noise"), "azimuth_deg", n.azimuth_deg.is_some()),
        (Some("noise"), "elevation_deg", n.elevation_deg.is_some()),
        (
            Some("detection"),
            "reference_range_km",
            f.detection.is_none_or(|d| d.reference_range_km.is_some()),
        ),
    ];
    needed
        .into_iter()
        .filter(|(_, _, given)| !given)
        .map(|(table, key, _)| (table, key))
        .collect()
}

/// Whether the sensor has every figure it needs. A sensor by type is told of each one
/// that neither it nor its type gives. A sensor without a type keeps the rules of the
/// format before types, where these keys were required by the file's structure: the
/// first missing one is reported as the parser reported it, where it did, and the
/// sensor is read no further.
fn complete(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    s: &SensorEntry,
    radar_type: Option<&RadarType>,
    figures: &RadarFigures,
) -> bool {
    let Some(t) = radar_type else {
        return match first_missing_field(c.doc, loc, s) {
            Some((at, key)) => {
                c.error(&at, format!("missing field `{key}`"));
                false
            }
            None => true,
        };
    };
    let missing = missing_figures(figures);
    for (table, key) in &missing {
        let (at, path) = match table {
            Some(table) => (loc.key(table).key(key), format!("{table}.{key}")),
            None => (loc.key(key), (*key).to_owned()),
        };
        c.error(
            &at,
            format!(
                "missing `{path}`, expected it in the sensor or its type \"{}\"",
                t.name
            ),
        );
    }
    missing.is_empty()
}

/// The first key the parser would have found missing in a sensor without a type, and
/// where it would have said so: it reads the sensor's keys in the document's order,
/// each sub-table as it comes to it (a sub-table missing a key is reported at the
/// sub-table), and only then finds the sensor's own missing keys, in the order of
/// [`SensorEntry`]'s fields (reported at the sensor).
fn first_missing_field(
    doc: &Document<'_>,
    loc: &Loc,
    s: &SensorEntry,
) -> Option<(Loc, &'static str)> {
    let sub_tables: [(&'static str, Vec<(&'static str, bool)>); 3] = [
        (
            "coverage",
            s.coverage.map_or_else(Vec::new, |v| {
                vec![
                    ("min_range_km", v.min_range_km.is_some()),
                    ("max_range_km", v.max_range_km.is_some()),
                    ("min_elevation_deg", v.min_elevation_deg.is_some()),
                    ("max_elevation_deg", v.max_elevation_deg.is_some()),
                ]
            }),
        ),
        (
            "noise",
            s.noise.map_or_else(Vec::new, |n| {
                vec![
                    ("range_m", n.range_m.is_some()),
                    ("azimuth_deg", n.azimuth_deg.is_some()),
                    ("elevation_deg", n.elevation_deg.is_some()),
                ]
            }),
        ),
        (
            "detection",
            s.detection.map_or_else(Vec::new, |d| {
                vec![("reference_range_km", d.reference_range_km.is_some())]
            }),
        ),
    ];
    let keys: Vec<String> = doc
        .value(loc)
        .and_then(|v| v.get_ref().as_table())
        .map(|t| t.iter().map(|(k, _)| k.get_ref().to_string()).collect())
        .unwrap_or_default();
    for key in keys {
        for (table, needed) in &sub_tables {
            if key == *table
                && let Some((missing, _)) = needed.iter().find(|(_, given)| !given)
            {
                return Some((loc.key(table), missing));
            }
        }
    }
    [
        ("scan_period_s", s.scan_period_s.is_some()),
        ("coverage", s.coverage.is_some()),
        ("noise", s.noise.is_some()),
    ]
    .into_iter()
    .find(|(_, given)| !given)
    .map(|(key, _)| (loc.clone(), key))
}

/// The checked values of a set of figures, in units; each `None` where it was not
/// given or is wrong (and then reported).
pub(crate) struct CheckedFigures {
    scan_period: Option<SimDuration>,
    detection: Option<Detection>,
    false_alarms_per_scan: Option<f64>,
    coverage: CheckedCoverage,
    noise: CheckedNoise,
    latency: Option<SimDuration>,
}

struct CheckedCoverage {
    min_range: Option<Length>,
    max_range: Option<Length>,
    min_elevation: Option<Angle>,
    max_elevation: Option<Angle>,
    radar_horizon: Option<bool>,
}

struct CheckedNoise {
    range: Option<Length>,
    azimuth: Option<Angle>,
    elevation: Option<Angle>,
    /// `Some(None)` when the radar does not measure range rate.
    range_rate: Option<Option<Speed>>,
}

/// Check every figure given, each at its place under `loc`, and each pair (minimum
/// and maximum, a reference Pd and Pfa) whose two figures are given. `table` names the
/// table in messages (`sensor`, `radar`).
pub(crate) fn check_figures(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    table: &str,
    f: &RadarFigures,
) -> CheckedFigures {
    let scan_period = f.scan_period_s.and_then(|v| {
        c.seconds(
            &loc.key("scan_period_s"),
            v,
            limits::SCAN_PERIOD_S,
            "scan_period_s",
        )
    });
    let false_alarms_per_scan = f.false_alarms_per_scan.and_then(|v| {
        c.bounded(
            &loc.key("false_alarms_per_scan"),
            v,
            limits::FALSE_ALARMS_PER_SCAN,
            "false_alarms_per_scan",
        )
    });
    let latency = f
        .latency_s
        .and_then(|v| c.seconds(&loc.key("latency_s"), v, limits::LATENCY_S, "latency_s"));
    CheckedFigures {
        scan_period,
        detection: detection(c, loc, table, f),
        false_alarms_per_scan,
        coverage: coverage(c, &loc.key("coverage"), &f.coverage),
        noise: noise(c, &loc.key("noise"), &f.noise),
        latency,
    }
}

/// At most one of `pd` (fixed) and `detection` (radar equation); `None` when neither
/// is given (which a sensor reports, and a type may leave to its sensors).
fn detection(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    table: &str,
    f: &RadarFigures,
) -> Option<Detection> {
    match (f.pd, &f.detection) {
        (Some(pd), None) => c.probability(&loc.key("pd"), pd).map(Detection::Fixed),
        (None, Some(d)) => {
            radar_equation(c, &loc.key("detection"), d).map(Detection::RadarEquation)
        }
        (Some(_), Some(_)) => {
            c.error(
                &loc.key("detection"),
                format!(
                    "expected either `pd` or `[{table}.detection]`, not both: `pd` fixes the \
                     detection probability, `[{table}.detection]` derives it from the \
                     target's radar cross-section"
                ),
            );
            None
        }
        (None, None) => None,
    }
}

/// Default detection probability of a 1 m² target at the reference range.
const DEFAULT_REFERENCE_PD: f64 = 0.9;
/// Default false-alarm probability per resolution cell.
const DEFAULT_PFA: f64 = 1e-6;

/// The radar equation's calibration. The reference Pd must lie strictly between Pfa
/// (what a target of no signal gets) and 1 (what only infinite SNR gets), or no SNR
/// achieves it. `None` without a reference range (which a sensor reports as missing).
fn radar_equation(c: &mut Checker<'_, '_>, loc: &Loc, d: &DetectionEntry) -> Option<RadarEquation> {
    let range = d.reference_range_km.and_then(|km| {
        c.bounded(
            &loc.key("reference_range_km"),
            km,
            limits::REFERENCE_RANGE_KM,
            "reference_range_km",
        )
    });
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

/// A coverage's ranges, elevations and horizon (its azimuth sector is the site's:
/// [`azimuth_sector`]).
fn coverage(c: &mut Checker<'_, '_>, loc: &Loc, v: &RadarCoverageEntry) -> CheckedCoverage {
    let (min_range, max_range) = ordered(
        c,
        loc,
        ("min_range_km", v.min_range_km),
        ("max_range_km", v.max_range_km),
        |c, at, value, key| c.bounded(at, value, limits::RADAR_RANGE_KM, key),
    );
    let (min_el, max_el) = ordered(
        c,
        loc,
        ("min_elevation_deg", v.min_elevation_deg),
        ("max_elevation_deg", v.max_elevation_deg),
        |c, at, value, key| c.within(at, value, (-90.0, 90.0), key, " degrees"),
    );
    CheckedCoverage {
        min_range: min_range.map(Length::km),
        max_range: max_range.map(Length::km),
        min_elevation: min_el.map(Angle::degrees),
        max_elevation: max_el.map(Angle::degrees),
        radar_horizon: v.radar_horizon,
    }
}

/// A minimum and a maximum in one table, each checked by `each` where given, and the
/// maximum above the minimum where both are.
fn ordered(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    (min_key, min): (&'static str, Option<f64>),
    (max_key, max): (&'static str, Option<f64>),
    each: impl Fn(&mut Checker<'_, '_>, &Loc, f64, &str) -> Option<f64>,
) -> (Option<f64>, Option<f64>) {
    let lo = min.and_then(|v| each(c, &loc.key(min_key), v, min_key));
    let hi = max.and_then(|v| each(c, &loc.key(max_key), v, max_key));
    match (lo, hi) {
        (Some(lo), Some(hi)) if hi <= lo => {
            c.error(
                &loc.key(max_key),
                format!("expected {max_key} > {min_key} ({lo}), got {hi}"),
            );
            (Some(lo), None)
        }
        other => other,
    }
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

/// Standard deviations must be positive: the tracker factorises measurement
/// covariances, which a zero would make singular.
fn noise(c: &mut Checker<'_, '_>, loc: &Loc, n: &NoiseEntry) -> CheckedNoise {
    let range = n
        .range_m
        .and_then(|v| c.bounded(&loc.key("range_m"), v, limits::NOISE_RANGE_M, "range_m"));
    let azimuth = n.azimuth_deg.and_then(|v| {
        c.bounded(
            &loc.key("azimuth_deg"),
            v,
            limits::NOISE_ANGLE_DEG,
            "azimuth_deg",
        )
    });
    let elevation = n.elevation_deg.and_then(|v| {
        c.bounded(
            &loc.key("elevation_deg"),
            v,
            limits::NOISE_ANGLE_DEG,
            "elevation_deg",
        )
    });
    let range_rate = match n.range_rate_mps {
        None => Some(None),
        Some(v) => c
            .bounded(
                &loc.key("range_rate_mps"),
                v,
                limits::NOISE_RANGE_RATE_MPS,
                "range_rate_mps",
            )
            .map(|v| Some(Speed::metres_per_second(v))),
    };
    CheckedNoise {
        range: range.map(Length::metres),
        azimuth: azimuth.map(Angle::degrees),
        elevation: elevation.map(Angle::degrees),
        range_rate,
    }
}
