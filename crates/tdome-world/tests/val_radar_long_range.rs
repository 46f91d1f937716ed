//! The radar model at the ranges medium-range ballistic missiles are seen from: 100 to
//! 2,500 km of ground range, targets 10 to 600 km high, early-warning radars of 600 and
//! 800 km instrumented range. Against independent references, committed as fixtures by
//! `tests/fixtures/radar/generate.py` (pyproj, scipy; see its README):
//!
//! - line of sight: the radar's visible/hidden decision against the 4/3-Earth closed form
//!   on both sides of every horizon (1 m of ground range either side), and against the
//!   horizon read as a geodesic distance on the ellipsoid; slant range and elevation of
//!   the plots against pyproj's topocentric conversion;
//! - coverage: the catalogue radars' maximum range, maximum and minimum elevation, each
//!   just inside and just outside;
//! - detection: Pd against range for 0.1, 0.2 and 1 m² Swerling III targets against
//!   scipy's numerical integration, and the radar's detection frequency against it;
//! - end to end: a Green Pine-class radar's first plot of a DF-15B-class missile fired
//!   from 780 km and from 450 km comes in the first scan after the geometry lets it, and
//!   its detections over 40 seeds match the radar equation.
//!
//! Frequencies are checked against two-sided 99.9 % intervals (z = 3.29) with fixed seeds.

mod common;

use std::collections::HashMap;

use tdome_core::ids::{DataSourceId, SensorId};
use tdome_core::plot::Plot;
use tdome_core::{Angle, EnuFrame, Geodetic, Length, Position, Probability, SimDuration, SimTime};
use tdome_scenario::model::{Coverage, Detection, MeasurementBias, SensorSpec, Swerling};
use tdome_world::sense::detection::DetectionModel;
use tdome_world::sense::radar::{Radar, TargetView};

/// Two-sided 99.9 % normal quantile.
const Z999: f64 = 3.29;

const GREEN_PINE: &str = "EL/M-2080 Green Pine-class";
const TPY2: &str = "AN/TPY-2-class (terminal mode)";

// ---------------------------------------------------------------------------------------
// The fixtures.

/// One fixture: `id,case,` then numeric columns; `#` lines are comments.
struct Fixture {
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
}

struct Row {
    line: usize,
    case: String,
    values: Vec<f64>,
}

impl Fixture {
    /// Read `tests/fixtures/radar/NAME`, which must have exactly `columns` after `id,case`.
    fn load(name: &'static str, columns: &[&str]) -> Fixture {
        let path = common::root().join("tests/fixtures/radar").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run tests/fixtures/radar/generate.py)",
                path.display()
            )
        });
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'));
        let (_, header) = lines.next().expect("a header");
        let expected = ["id", "case"]
            .iter()
            .chain(columns)
            .copied()
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(header, expected, "{name}: header");
        let rows: Vec<Row> = lines
            .map(|(i, l)| {
                let fields: Vec<&str> = l.split(',').collect();
                assert_eq!(fields.len(), columns.len() + 2, "{name}:{}: fields", i + 1);
                let values = fields[2..]
                    .iter()
                    .map(|f| {
                        let v: f64 = f
                            .parse()
                            .unwrap_or_else(|e| panic!("{name}:{}: {f}: {e}", i + 1));
                        assert!(v.is_finite(), "{name}:{}: {f}", i + 1);
                        v
                    })
                    .collect();
                Row {
                    line: i + 1,
                    case: fields[1].to_string(),
                    values,
                }
            })
            .collect();
        assert!(!rows.is_empty(), "{name}: no rows");
        Fixture {
            columns: columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.to_string(), i))
                .collect(),
            rows,
        }
    }

    fn get(&self, row: &Row, column: &str) -> f64 {
        row.values[self.columns[column]]
    }
}

const GEOMETRY: [&str; 17] = [
    "site_lat_deg",
    "site_lon_deg",
    "site_h_m",
    "target_lat_deg",
    "target_lon_deg",
    "target_h_m",
    "x_m",
    "y_m",
    "z_m",
    "azimuth_along_deg",
    "geodesic_m",
    "model_ground_m",
    "horizon_ground_m",
    "range_m",
    "az_deg",
    "el_deg",
    "above_horizon",
];

/// A target of `horizon.csv` or `coverage.csv`: the site, the ECEF point and what pyproj
/// and the closed form say of it.
struct Look {
    line: usize,
    case: String,
    site: Geodetic,
    target: Position<tdome_core::Ecef>,
    height_m: f64,
    geodesic_m: f64,
    horizon_ground_m: f64,
    range_m: f64,
    el_deg: f64,
    above_horizon: bool,
}

fn looks(name: &'static str) -> Vec<Look> {
    let f = Fixture::load(name, &GEOMETRY);
    f.rows
        .iter()
        .map(|r| Look {
            line: r.line,
            case: r.case.clone(),
            site: Geodetic::from_degrees(
                f.get(r, "site_lat_deg"),
                f.get(r, "site_lon_deg"),
                f.get(r, "site_h_m"),
            ),
            target: Position::from_metres(f.get(r, "x_m"), f.get(r, "y_m"), f.get(r, "z_m")),
            height_m: f.get(r, "target_h_m"),
            geodesic_m: f.get(r, "geodesic_m"),
            horizon_ground_m: f.get(r, "horizon_ground_m"),
            range_m: f.get(r, "range_m"),
            el_deg: f.get(r, "el_deg"),
            above_horizon: f.get(r, "above_horizon") == 1.0,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Radars and looks.

/// A radar at `site` that sees everything from 0 to 5,000 km at any elevation with Pd 1,
/// unless the horizon (when `horizon`) hides it; with next to no noise, so that its plots
/// show the geometry it computed.
fn horizon_only(site: Geodetic, horizon: bool) -> SensorSpec {
    SensorSpec {
        id: SensorId(0),
        name: "horizon".into(),
        data_source: DataSourceId::default(),
        site,
        scan_period: SimDuration::from_seconds(1.0),
        first_scan: SimTime::ZERO,
        coverage: Coverage {
            min_range: Length::ZERO,
            max_range: Length::km(5_000.0),
            azimuth_sector: None,
            min_elevation: Angle::degrees(-90.0),
            max_elevation: Angle::degrees(90.0),
            radar_horizon: horizon,
        },
        sigma_range: Length::metres(1e-9),
        sigma_azimuth: Angle::radians(1e-12),
        sigma_elevation: Angle::radians(1e-12),
        sigma_range_rate: None,
        detection: Detection::Fixed(Probability::new(1.0).expect("p")),
        false_alarms_per_scan: 0.0,
        bias: MeasurementBias::default(),
        latency: SimDuration::ZERO,
        outages: Vec::new(),
    }
}

/// The catalogue radar `type_name` at `site`, as a scenario resolves it.
fn catalogue_radar(type_name: &str, site: Geodetic) -> SensorSpec {
    let s = common::scenario_from(&format!(
        r#"
[scenario]
name = "catalogue-radar"
seed = 1
duration_s = 10.0
tick_s = 0.125

[theatre]
origin = {{ lat_deg = {lat}, lon_deg = {lon} }}

[[sensor]]
name = "radar"
type = "{type_name}"
site = {{ lat_deg = {lat}, lon_deg = {lon}, alt_m = {h} }}
"#,
        lat = site.lat_deg(),
        lon = site.lon_deg(),
        h = site.height_m(),
    ));
    s.sensors[0].clone()
}

/// A target standing still at `p`, of cross-section `rcs_m2`.
fn still(p: Position<tdome_core::Ecef>, rcs_m2: f64) -> TargetView {
    common::still_target(p, rcs_m2)
}

/// The plots a radar makes of `target` in its scan number `k` (one tick spanning the
/// scan), without its false alarms.
fn scan(radar: &mut Radar, k: i64, target: &TargetView) -> Vec<Plot> {
    let period = radar.spec().scan_period;
    let t0 = SimTime::ZERO + period.times(k);
    let mut out = Vec::new();
    radar.observe(t0, t0 + period, std::slice::from_ref(target), &mut out);
    out.into_iter()
        .filter(|(_, o)| o.is_some())
        .map(|(p, _)| p)
        .collect()
}

/// The one plot, if any, a fresh radar `spec` makes of a still target at `p` in one scan.
fn one_look(spec: &SensorSpec, p: Position<tdome_core::Ecef>) -> Option<Plot> {
    let mut plots = scan(&mut Radar::new(spec.clone(), 7), 0, &still(p, 1.0));
    assert!(plots.len() <= 1, "{} plots in one scan", plots.len());
    plots.pop()
}

// ---------------------------------------------------------------------------------------
// 1. Line of sight over the 4/3 Earth.

#[test]
fn val_horizon_matches_the_four_thirds_earth_closed_form_from_100_to_2500_km() {
    let looks = looks("horizon.csv");
    let (mut worst_range_m, mut worst_el_deg) = (0.0_f64, 0.0_f64);
    let (mut pairs, mut geodesic) = (0, 0);
    let mut wrong = Vec::new();
    for l in &looks {
        let seen = one_look(&horizon_only(l.site, true), l.target);
        if seen.is_some() != l.above_horizon {
            wrong.push(format!(
                "line {} {}: {:.0} km high, {:.3} km of ground range (horizon {:.3} km): {}",
                l.line,
                l.case,
                l.height_m / 1e3,
                l.geodesic_m / 1e3,
                l.horizon_ground_m / 1e3,
                if seen.is_some() { "seen" } else { "hidden" }
            ));
        }
        match l.case.as_str() {
            "just_visible" | "just_hidden" => pairs += 1,
            "geodesic_visible" | "geodesic_hidden" => geodesic += 1,
            _ => {}
        }
        // Without the horizon every target is seen, and its plot (noise 1 nm, 1 prad)
        // carries pyproj's slant range and elevation.
        let plot = one_look(&horizon_only(l.site, false), l.target).expect("seen");
        worst_range_m = worst_range_m.max((plot.measurement.range.si() - l.range_m).abs());
        worst_el_deg = worst_el_deg.max((plot.measurement.elevation.as_degrees() - l.el_deg).abs());
    }
    println!(
        "{} targets, {} either side of a horizon by 1 m, {} by 0.35 % of geodesic ground \
         range; plots against pyproj: slant range within {:.1e} m, elevation within {:.1e}°",
        looks.len(),
        pairs,
        geodesic,
        worst_range_m,
        worst_el_deg
    );
    assert!(
        wrong.is_empty(),
        "{} of {} decisions differ from the closed form:\n{}",
        wrong.len(),
        looks.len(),
        wrong.join("\n")
    );
    assert_eq!(pairs, 3 * 4 * 8 * 2);
    assert_eq!(geodesic, 3 * 4 * 8 * 2);
    assert!(worst_range_m < 1e-3, "slant range off by {worst_range_m} m");
    assert!(worst_el_deg < 1e-9, "elevation off by {worst_el_deg}°");
}

// ---------------------------------------------------------------------------------------
// 2. Coverage limits of the catalogue radars.

/// What a radar `spec` with Pd 1 must do with a look: its coverage limits on pyproj's
/// slant range and elevation, and the closed-form horizon.
fn in_coverage(spec: &SensorSpec, l: &Look) -> bool {
    let c = &spec.coverage;
    c.min_range.si() <= l.range_m
        && l.range_m <= c.max_range.si()
        && c.min_elevation.as_degrees() <= l.el_deg
        && l.el_deg <= c.max_elevation.as_degrees()
        && (l.above_horizon || !c.radar_horizon)
}

fn with_pd_one(mut spec: SensorSpec) -> SensorSpec {
    spec.detection = Detection::Fixed(Probability::new(1.0).expect("p"));
    spec.false_alarms_per_scan = 0.0;
    spec
}

#[test]
fn val_catalogue_early_warning_radars_see_only_inside_their_coverage() {
    let coverage = looks("coverage.csv");
    let site = coverage[0].site;
    let radars = [GREEN_PINE, TPY2].map(|t| (t, with_pd_one(catalogue_radar(t, site))));
    let case = |name: &str| {
        coverage
            .iter()
            .find(|l| l.case == name)
            .unwrap_or_else(|| panic!("no {name} in coverage.csv"))
    };
    let sees = |spec: &SensorSpec, name: &str| one_look(spec, case(name).target).is_some();
    for (t, spec) in &radars {
        // Every coverage target as the limits and the horizon say.
        for l in &coverage {
            assert_eq!(
                one_look(spec, l.target).is_some(),
                in_coverage(spec, l),
                "{t}: {} (slant {:.3} km, elevation {:.4}°)",
                l.case,
                l.range_m / 1e3,
                l.el_deg
            );
        }
        // 300 km overhead and 5 km off it: above 85° of elevation, unseen.
        assert!(
            !sees(spec, "overhead") && !sees(spec, "nearly_overhead"),
            "{t}"
        );
        assert!(sees(spec, "max_elevation_inside"), "{t}");
        assert!(!sees(spec, "max_elevation_outside"), "{t}");
        // 1,000 km of slant range at 13° of elevation: above the horizon, beyond coverage.
        let far = case("range_1000");
        assert!(far.above_horizon && far.el_deg > 10.0);
        assert!(!sees(spec, "range_1000"), "{t}");
        // 10 km high at 0.01° below the local horizontal: above the 4/3-Earth horizon
        // (about 500 km for this site), yet unseen: the catalogue's 0° minimum elevation,
        // measured from the geometric horizontal, binds before the refracted horizon.
        let low = case("min_elevation_outside");
        assert!(low.above_horizon && low.geodesic_m < 0.75 * low.horizon_ground_m);
        assert!(!sees(spec, "min_elevation_outside"), "{t}");
        assert!(sees(spec, "min_elevation_inside"), "{t}");
    }
    let [(_, gp), (_, tpy2)] = &radars;
    assert_eq!(gp.coverage.max_range, Length::km(600.0));
    assert_eq!(tpy2.coverage.max_range, Length::km(800.0));
    assert!(sees(gp, "max_range_600_inside") && !sees(gp, "max_range_600_outside"));
    assert!(sees(tpy2, "max_range_600_outside"));
    assert!(sees(tpy2, "max_range_800_inside") && !sees(tpy2, "max_range_800_outside"));

    // The horizon grid through the catalogue radars: every decision as the limits say,
    // and no target at 0° of elevation or more is below the horizon (the geometric
    // horizontal lies inside the refracted horizon), so with a 0° minimum elevation the
    // horizon never decides on its own.
    let horizon = looks("horizon.csv");
    let (mut seen, mut by_horizon_alone) = (0, 0);
    for (t, spec) in &radars {
        for l in horizon.iter().filter(|l| l.site == site) {
            let s = one_look(spec, l.target).is_some();
            assert_eq!(s, in_coverage(spec, l), "{t}: horizon.csv line {}", l.line);
            seen += usize::from(s);
            let mut no_horizon = spec.clone();
            no_horizon.coverage.radar_horizon = false;
            by_horizon_alone += usize::from(in_coverage(&no_horizon, l) && !l.above_horizon);
        }
    }
    assert!(horizon.iter().all(|l| l.el_deg < 0.0 || l.above_horizon));
    assert_eq!(by_horizon_alone, 0);
    println!("catalogue radars at the Negev site: {seen} looks of horizon.csv seen");
}

// ---------------------------------------------------------------------------------------
// 3. Detection probability against range.

struct PdRow {
    case: String,
    rcs_m2: f64,
    rho: f64,
    snr: f64,
    pd: f64,
}

fn detection_rows() -> Vec<PdRow> {
    let f = Fixture::load("detection.csv", &["rcs_m2", "rho", "snr", "pd"]);
    f.rows
        .iter()
        .map(|r| PdRow {
            case: r.case.clone(),
            rcs_m2: f.get(r, "rcs_m2"),
            rho: f.get(r, "rho"),
            snr: f.get(r, "snr"),
            pd: f.get(r, "pd"),
        })
        .collect()
}

fn radar_equation(spec: &SensorSpec) -> tdome_scenario::model::RadarEquation {
    match &spec.detection {
        Detection::RadarEquation(eq) => *eq,
        Detection::Fixed(_) => panic!("{}: a fixed Pd", spec.name),
    }
}

/// A point `range_m` from the site at azimuth 75° and elevation 10°.
fn at_range(site: Geodetic, range_m: f64) -> Position<tdome_core::Ecef> {
    let (az, el) = (75_f64.to_radians(), 10_f64.to_radians());
    EnuFrame::at(site).to_ecef(&Position::from_metres(
        range_m * el.cos() * az.sin(),
        range_m * el.cos() * az.cos(),
        range_m * el.sin(),
    ))
}

#[test]
fn val_pd_against_range_matches_scipy_for_small_targets_at_long_range() {
    let rows = detection_rows();
    let site = Geodetic::from_degrees(31.0, 34.9, 450.0);
    let snr_ref = rows
        .iter()
        .find(|r| r.case == "snr_ref")
        .expect("snr_ref")
        .snr;
    let (mut worst_pd, mut worst_rho) = (0.0_f64, 0.0_f64);
    for t in [GREEN_PINE, TPY2] {
        let spec = catalogue_radar(t, site);
        let eq = radar_equation(&spec);
        // The fixture's calibration is the catalogue's.
        assert_eq!(eq.reference_pd.value(), 0.9, "{t}");
        assert_eq!(eq.pfa.value(), 1e-6, "{t}");
        assert_eq!(eq.swerling, Swerling::Three, "{t}");
        let model = DetectionModel::new(&eq);
        let r_ref = eq.reference_range.si();
        assert!(
            (model.reference_snr() / snr_ref - 1.0).abs() < 1e-9,
            "{t}: reference SNR {} against scipy's {snr_ref}",
            model.reference_snr()
        );
        // Pd at the reference range is the reference Pd.
        assert!(
            (model.pd(eq.reference_range, 1.0) - 0.9).abs() < 1e-12,
            "{t}"
        );
        for r in rows.iter().filter(|r| r.case != "snr_ref") {
            let pd = model.pd(Length::metres(r.rho * r_ref), r.rcs_m2);
            worst_pd = worst_pd.max((pd - r.pd).abs());
            assert!(
                (pd - r.pd).abs() < 1e-9,
                "{t}: {} m² at {:.1} km: Pd {pd}, scipy {}",
                r.rcs_m2,
                r.rho * r_ref / 1e3,
                r.pd
            );
            if let Some(wanted) = r.case.strip_prefix("range_for_pd_") {
                // The range for a Pd by the R⁻⁴ law from the model's own SNR for that Pd.
                let wanted: f64 = wanted.parse().expect("pd");
                assert_eq!(wanted, r.pd);
                let snr = tdome_world::sense::detection::snr_for_pd(Swerling::Three, wanted, 1e-6);
                let rho = (model.reference_snr() * r.rcs_m2 / snr).powf(0.25);
                worst_rho = worst_rho.max((rho / r.rho - 1.0).abs());
                assert!(
                    (rho / r.rho - 1.0).abs() < 1e-9,
                    "{t}: {rho} against {}",
                    r.rho
                );
            }
        }
        let range_km = |rcs: f64, pd: f64| {
            let row = rows
                .iter()
                .find(|r| r.case == format!("range_for_pd_{pd}") && r.rcs_m2 == rcs)
                .expect("row");
            row.rho * r_ref / 1e3
        };
        println!(
            "{t}: Pd 0.9 / 0.5 / 0.1 at {:.0} / {:.0} / {:.0} km for 1 m², {:.0} / {:.0} / {:.0} km for 0.1 m²",
            range_km(1.0, 0.9),
            range_km(1.0, 0.5),
            range_km(1.0, 0.1),
            range_km(0.1, 0.9),
            range_km(0.1, 0.5),
            range_km(0.1, 0.1)
        );
    }
    // R⁻⁴: the range for a given Pd scales as the fourth root of the cross-section.
    for pd in ["0.9", "0.5", "0.1"] {
        let rho = |rcs: f64| {
            rows.iter()
                .find(|r| r.case == format!("range_for_pd_{pd}") && r.rcs_m2 == rcs)
                .expect("row")
                .rho
        };
        assert!((rho(0.1) / rho(1.0) - 0.1_f64.powf(0.25)).abs() < 1e-9);
        assert!((rho(0.2) / rho(1.0) - 0.2_f64.powf(0.25)).abs() < 1e-9);
    }
    println!(
        "Pd within {worst_pd:.1e} of scipy; ranges for a Pd within {worst_rho:.1e} (relative)"
    );
}

#[test]
fn stat_catalogue_radars_detect_small_targets_at_long_range_as_often_as_scipy_says() {
    let rows = detection_rows();
    let site = Geodetic::from_degrees(31.0, 34.9, 450.0);
    let row = |case: &str, rcs: f64, rho: Option<f64>| {
        rows.iter()
            .find(|r| {
                r.case == case && r.rcs_m2 == rcs && rho.is_none_or(|x| (r.rho - x).abs() < 1e-9)
            })
            .unwrap_or_else(|| panic!("{case} {rcs} {rho:?}"))
    };
    let cases = [
        (GREEN_PINE, row("curve", 1.0, Some(1.0))),
        (GREEN_PINE, row("curve", 1.0, Some(1.15))),
        (GREEN_PINE, row("curve", 0.2, Some(0.9))),
        (GREEN_PINE, row("range_for_pd_0.5", 0.1, None)),
        (GREEN_PINE, row("range_for_pd_0.1", 0.1, None)),
        (TPY2, row("range_for_pd_0.5", 0.1, None)),
        (TPY2, row("curve", 1.0, Some(1.3))),
    ];
    let scans = 4_000;
    for (i, (t, r)) in cases.into_iter().enumerate() {
        let spec = catalogue_radar(t, site);
        let range = r.rho * radar_equation(&spec).reference_range.si();
        let target = still(at_range(site, range), r.rcs_m2);
        let mut radar = Radar::new(spec, 100 + i as u64);
        let hits: usize = (0..scans)
            .map(|k| {
                let plots = scan(&mut radar, k, &target).len();
                assert!(plots <= 1);
                plots
            })
            .sum();
        let n = scans as f64;
        let sd = (n * r.pd * (1.0 - r.pd)).sqrt();
        println!(
            "{t}: {} m² at {:.1} km: {hits} of {scans} scans, scipy Pd {:.4} ({:.0} ± {:.0})",
            r.rcs_m2,
            range / 1e3,
            r.pd,
            n * r.pd,
            Z999 * sd
        );
        assert!(
            (hits as f64 - n * r.pd).abs() <= Z999 * sd,
            "{t}: {} m² at {:.1} km: {hits} of {scans}, expected {:.0} ± {:.0}",
            r.rcs_m2,
            range / 1e3,
            n * r.pd,
            Z999 * sd
        );
    }
}

// ---------------------------------------------------------------------------------------
// 4. End to end: a Green Pine-class radar and a DF-15B-class missile in the world engine.

/// The radar's site, and the missile's aim 22 km north of it.
const NEGEV: (f64, f64, f64) = (31.0, 34.9, 450.0);
const AIM: [f64; 2] = [31.2, 34.9];
/// Launch points 780 km and 450 km from the aim, bearing 80° (pyproj.Geod).
const LAUNCH_780_KM: [f64; 2] = [32.163, 43.051];
const LAUNCH_450_KM: [f64; 2] = [31.82, 39.582];

/// One DF-15B-class missile launched at 0 s from `launch` at the aim, seen by a Green
/// Pine-class radar whose type figures `sensor` (TOML lines) overrides; truth every tick.
fn srbm_scenario(seed: u64, launch: [f64; 2], sensor: &str) -> tdome_scenario::Scenario {
    common::scenario_from(&format!(
        r#"
[scenario]
name = "green-pine-srbm"
seed = {seed}
duration_s = 900.0
tick_s = 0.125
truth_record_period_s = 0.125

[theatre]
origin = {{ lat_deg = {lat}, lon_deg = {lon} }}

[[sensor]]
name = "green-pine"
type = "{GREEN_PINE}"
site = {{ lat_deg = {lat}, lon_deg = {lon}, alt_m = {h} }}
{sensor}

[[raid]]
name = "srbm"
threat = "DF-15B-class SRBM"
count = 1
launch_area = {{ point = [{la}, {lo}] }}
window_s = [0.0, 0.0]
aim = {{ point = [{aim_lat}, {aim_lon}] }}
"#,
        lat = NEGEV.0,
        lon = NEGEV.1,
        h = NEGEV.2,
        la = launch[0],
        lo = launch[1],
        aim_lat = AIM[0],
        aim_lon = AIM[1],
    ))
}

/// What a run shows of the missile: its truth at every tick and the radar's plots of it.
struct Flight {
    truth: Vec<(SimTime, Position<tdome_core::Ecef>)>,
    plots: Vec<Plot>,
}

fn fly(s: &tdome_scenario::Scenario) -> Flight {
    let (_, log) = common::run(s);
    let mut flight = Flight {
        truth: Vec::new(),
        plots: Vec::new(),
    };
    for e in log.events {
        match e {
            common::OwnedEvent::Truth(t) => flight.truth.push((t.time, t.position)),
            common::OwnedEvent::Plot {
                plot: p,
                truth: Some(_),
            } => flight.plots.push(p),
            _ => {}
        }
    }
    flight.plots.sort_by_key(|p| p.time);
    assert!(
        flight.truth.len() > 1000,
        "{} truth samples",
        flight.truth.len()
    );
    flight
}

impl Flight {
    /// The truth at `t`, linear between ticks (the flight bends by under 2 cm in one).
    fn at(&self, t: SimTime) -> Position<tdome_core::Ecef> {
        let i = self.truth.partition_point(|(ts, _)| *ts < t);
        let (t1, p1) = self.truth[i];
        if i == 0 || t1 == t {
            return p1;
        }
        let (t0, p0) = self.truth[i - 1];
        let s = (t - t0).as_seconds() / (t1 - t0).as_seconds();
        Position::from_vector(p0.metres() + (p1.metres() - p0.metres()) * s)
    }

    /// The first truth sample at which `sees` holds.
    fn first_seen(&self, sees: impl Fn(&Position<tdome_core::Ecef>) -> bool) -> SimTime {
        self.truth
            .iter()
            .find(|(_, p)| sees(p))
            .map(|(t, _)| *t)
            .expect("seen at some time")
    }
}

/// The 4/3-Earth closed form (as in tests/fixtures/radar/generate.py): ground range a·ψ
/// against R (arccos(R/(R+h_s)) + arccos(R/(R+h_t))), R = 4/3 a.
fn above_the_horizon(site: Geodetic, p: &Position<tdome_core::Ecef>) -> bool {
    let a = tdome_core::geodesy::WGS84_A;
    let r = 4.0 / 3.0 * a;
    let (s, q) = (site.to_ecef(), *p);
    let psi = (s.metres().dot(q.metres()) / (s.metres().norm() * q.metres().norm()))
        .clamp(-1.0, 1.0)
        .acos();
    let theta = |h: f64| (r / (r + h.max(0.0))).acos();
    a * psi <= r * (theta(site.height_m()) + theta(Geodetic::from_ecef(p).height_m()))
}

/// Whether the geometry lets `spec` see `p`: its range and elevation limits on the slant
/// range and elevation (validated against pyproj above) and the closed-form horizon.
fn geometry_sees(spec: &SensorSpec, p: &Position<tdome_core::Ecef>) -> bool {
    let m = EnuFrame::at(spec.site).observe(p);
    let c = &spec.coverage;
    c.min_range <= m.range
        && m.range <= c.max_range
        && c.min_elevation <= m.elevation
        && m.elevation <= c.max_elevation
        && (!c.radar_horizon || above_the_horizon(spec.site, p))
}

/// The first plot of a radar with Pd 1 comes at the first illumination after the target
/// enters what the geometry lets it see: within one scan of the tick it is first seen
/// in. Then one plot every scan. Returns (entry, first plot).
fn assert_first_plot_at_entry(s: &tdome_scenario::Scenario, f: &Flight) -> (SimTime, SimTime) {
    let spec = &s.sensors[0];
    let period = spec.scan_period.as_seconds();
    let tick = s.tick.as_seconds();
    let entry = f.first_seen(|p| geometry_sees(spec, p));
    let first = f.plots.first().expect("a plot").time;
    // The entry lies in (entry − tick, entry]; the beam comes round within a scan (plus
    // the few ms the target's azimuth moves the illumination in one).
    let late = (first - entry).as_seconds();
    assert!(
        late > -tick && late <= period + 0.05,
        "first plot {first}, entry {entry}"
    );
    assert!(geometry_sees(spec, &f.at(first)), "first plot at {first}");
    // Then a plot every scan: a period apart, plus the turn of the target's azimuth in
    // between as a fraction of the beam's turn (tens of ms as the missile passes by).
    let frame = EnuFrame::at(spec.site);
    for w in f.plots.windows(2) {
        let turn = tdome_core::units::wrap_pi(
            (frame.azimuth_of(&f.at(w[1].time)) - frame.azimuth_of(&f.at(w[0].time))).si(),
        );
        let gap = (w[1].time - w[0].time).as_seconds();
        let expected = period * (1.0 + turn / std::f64::consts::TAU);
        assert!(
            (gap - expected).abs() < 0.01,
            "plots at {} and {}: {gap} s apart, expected {expected} s",
            w[0].time,
            w[1].time
        );
    }
    (entry, first)
}

fn describe(spec: &SensorSpec, p: &Position<tdome_core::Ecef>) -> String {
    let m = EnuFrame::at(spec.site).observe(p);
    format!(
        "slant {:.1} km, elevation {:.2}°, {:.1} km high",
        m.range.as_km(),
        m.elevation.as_degrees(),
        Geodetic::from_ecef(p).height_m() / 1e3
    )
}

const PD_ONE: &str = "pd = 1.0\nfalse_alarms_per_scan = 0.0";

#[test]
fn val_green_pine_first_sees_an_srbm_from_780_km_as_it_enters_its_600_km_coverage() {
    let s = srbm_scenario(1, LAUNCH_780_KM, PD_ONE);
    let spec = &s.sensors[0];
    let f = fly(&s);
    let (entry, first) = assert_first_plot_at_entry(&s, &f);
    // What lets it in is the maximum range: high above the horizon, well above 0°.
    let m = EnuFrame::at(spec.site).observe(&f.at(entry));
    assert!(
        (m.range.as_km() - 600.0).abs() < 1.0,
        "{}",
        describe(spec, &f.at(entry))
    );
    assert!(m.elevation.as_degrees() > 5.0);
    let before = f.at(entry - s.tick);
    assert!(EnuFrame::at(spec.site).observe(&before).range > spec.coverage.max_range);
    assert!(above_the_horizon(spec.site, &before));
    println!(
        "780 km shot: in coverage at {entry} ({}), first plot at {first} ({}), {} plots",
        describe(spec, &f.at(entry)),
        describe(spec, &f.at(first)),
        f.plots.len()
    );
}

#[test]
fn val_green_pine_first_sees_an_srbm_from_450_km_as_it_rises_over_the_horizon() {
    // With its minimum elevation lowered to −3°, the 4/3-Earth horizon decides.
    let s = srbm_scenario(
        1,
        LAUNCH_450_KM,
        &format!("{PD_ONE}\ncoverage = {{ min_elevation_deg = -3.0 }}"),
    );
    let spec = &s.sensors[0];
    let f = fly(&s);
    let (entry, first) = assert_first_plot_at_entry(&s, &f);
    let m = EnuFrame::at(spec.site).observe(&f.at(entry));
    assert!(m.range.as_km() < 500.0 && m.elevation.as_degrees() < -0.5);
    assert!(!above_the_horizon(spec.site, &f.at(entry - s.tick)));
    // With the catalogue's 0° minimum elevation, the geometric horizontal decides, later.
    let s0 = srbm_scenario(1, LAUNCH_450_KM, PD_ONE);
    let spec0 = &s0.sensors[0];
    assert_eq!(spec0.coverage.min_elevation, Angle::ZERO);
    let f0 = fly(&s0);
    let (entry0, first0) = assert_first_plot_at_entry(&s0, &f0);
    assert!(
        EnuFrame::at(spec0.site)
            .observe(&f0.at(entry0 - s0.tick))
            .elevation
            < Angle::ZERO
    );
    assert!(entry0 > entry);
    println!(
        "450 km shot, minimum elevation −3°: over the horizon at {entry} ({}), first plot at \
         {first}; minimum elevation 0°: at 0° at {entry0} ({}), first plot at {first0}, {:.1} s later",
        describe(spec, &f.at(entry)),
        describe(spec0, &f0.at(entry0)),
        (first0 - first).as_seconds()
    );
}

#[test]
fn stat_green_pine_detections_of_an_srbm_from_780_km_match_the_radar_equation() {
    // The looks: every illumination of the missile in coverage, from a Pd 1 run (the
    // flight and the scan are the same whatever the seed and the detection model).
    let looks_run = srbm_scenario(1, LAUNCH_780_KM, PD_ONE);
    let spec = looks_run.sensors[0].clone();
    let flight = fly(&looks_run);
    let looks: Vec<SimTime> = flight.plots.iter().map(|p| p.time).collect();
    let catalogue = srbm_scenario(1, LAUNCH_780_KM, "");
    let model = DetectionModel::new(&radar_equation(&catalogue.sensors[0]));
    let frame = EnuFrame::at(spec.site);
    let pd: Vec<f64> = looks
        .iter()
        .map(|t| model.pd(frame.observe(&flight.at(*t)).range, 0.2))
        .collect();
    // Expected detections per run, and the expected scan of the first detection.
    let mean: f64 = pd.iter().sum();
    let var: f64 = pd.iter().map(|p| p * (1.0 - p)).sum();
    let (mut e_first, mut e_first2, mut missed_all) = (0.0, 0.0, 1.0);
    for (j, p) in pd.iter().enumerate() {
        let here = missed_all * p;
        e_first += here * j as f64;
        e_first2 += here * (j * j) as f64;
        missed_all *= 1.0 - p;
    }
    assert!(missed_all < 1e-9);
    let var_first = e_first2 - e_first * e_first;

    let seeds = 40;
    let (mut detections, mut firsts) = (0usize, 0usize);
    for seed in 0..seeds {
        let f = fly(&srbm_scenario(seed, LAUNCH_780_KM, ""));
        // Every detection at one of the looks, and the same flight.
        for p in &f.plots {
            assert!(looks.contains(&p.time), "seed {seed}: a plot at {}", p.time);
        }
        assert_eq!(f.truth.last(), flight.truth.last());
        detections += f.plots.len();
        let first = f.plots.first().expect("detected").time;
        firsts += looks.iter().position(|t| *t == first).expect("a look");
    }
    let n = seeds as f64;
    let first_range = |j: f64| {
        frame
            .observe(&flight.at(looks[j.round() as usize]))
            .range
            .as_km()
    };
    println!(
        "{} looks in coverage, Pd {:.3} at the first ({:.0} km) to {:.3}; detections {detections} \
         in {seeds} runs, expected {:.1} ± {:.1}; first detection at look {:.2} ({:.0} km), \
         expected {:.2} ± {:.2} ({:.0} km)",
        looks.len(),
        pd[0],
        first_range(0.0),
        pd.last().expect("a look"),
        n * mean,
        Z999 * (n * var).sqrt(),
        firsts as f64 / n,
        first_range(firsts as f64 / n),
        e_first,
        Z999 * (var_first / n).sqrt(),
        first_range(e_first),
    );
    assert!((detections as f64 - n * mean).abs() <= Z999 * (n * var).sqrt());
    assert!((firsts as f64 / n - e_first).abs() <= Z999 * (var_first / n).sqrt());
}
