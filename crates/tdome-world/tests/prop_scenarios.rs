//! The rule that ties validation to the world: validation never panics, and a scenario
//! that validates runs, recording only finite numbers.
//!
//! Scenarios are generated from a stream of random draws (so that proptest can shrink a
//! failing case): half of them "clean" (every value inside the schema's bounds, with
//! geometry a raid can fly), half "hostile" (values at, just outside and far outside
//! their bounds, non-finite numbers, wrong types, arrays in place of tables). A clean
//! scenario may still fail validation (a raid inside a lofted minimum range, say); that
//! is fine, as long as it fails with located diagnostics rather than a panic, and
//! whatever validates must then plan every threat and run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tdome_io::CsvRecorder;
use tdome_scenario::model::FlightModel;
use tdome_scenario::{Catalogue, Scenario, ScenarioError};
use tdome_world::Simulation;

/// Each generated scenario is run for this many simulated seconds at most (a short
/// horizon: the properties are about what validates, not about long raids; heavy clutter
/// at its bound takes a while to track even so).
const HORIZON_S: f64 = 20.0;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Random draws from proptest's vector, read in order; past its end, zeros.
struct Draws<'a> {
    values: &'a [u32],
    at: usize,
    /// Chance that a value is replaced by a hostile one.
    hostility: f64,
    /// Chance that a value is replaced by one of its bounds (valid, for closed bounds).
    extremes: f64,
}

impl Draws<'_> {
    fn next(&mut self) -> u32 {
        let v = self.values.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }

    fn unit(&mut self) -> f64 {
        f64::from(self.next()) / f64::from(u32::MAX)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'p, T>(&mut self, items: &'p [T]) -> &'p T {
        &items[self.next() as usize % items.len()]
    }

    /// A number: `typical` (a finite value in bounds), or, in a hostile scenario, now
    /// and then one at or beyond the `bounds`, or no number at all.
    fn num(&mut self, typical: f64, (lo, hi): (f64, f64)) -> String {
        if self.chance(self.extremes) {
            return float(*self.pick(&[lo, hi]));
        }
        if !self.chance(self.hostility) {
            return float(typical);
        }
        let just_below = if lo == 0.0 {
            -1e-9
        } else {
            lo - lo.abs() * 1e-6
        };
        let just_above = hi + hi.abs() * 1e-6 + 1e-9;
        let hostile = [
            float(lo),
            float(hi),
            float(just_below),
            float(just_above),
            "nan".to_owned(),
            "inf".to_owned(),
            "-inf".to_owned(),
            "1e300".to_owned(),
            "-1e300".to_owned(),
            "0.0".to_owned(),
            "-1.0".to_owned(),
            "5e-324".to_owned(),
            "\"12\"".to_owned(),
            "true".to_owned(),
            "[1.0, 2.0]".to_owned(),
            "{ a = 1 }".to_owned(),
        ];
        self.pick(&hostile).clone()
    }

    /// [`Draws::num`] of a typical value drawn uniformly from `typical`.
    fn num_in(&mut self, (lo, hi): (f64, f64), bounds: (f64, f64)) -> String {
        let v = self.range(lo, hi);
        self.num(v, bounds)
    }

    /// [`Draws::num`] of a typical value picked from `choices`.
    fn num_of(&mut self, choices: &[f64], bounds: (f64, f64)) -> String {
        let v = *self.pick(choices);
        self.num(v, bounds)
    }

    /// [`Draws::count`] of a typical value drawn uniformly from `typical`.
    fn count_in(&mut self, (lo, hi): (u32, u32), bounds: (u64, u64)) -> String {
        let v = self.int(lo, hi);
        self.count(v, bounds)
    }

    /// A whole number, likewise.
    fn count(&mut self, typical: u32, (lo, hi): (u64, u64)) -> String {
        if self.chance(self.extremes) {
            return self.pick(&[lo, hi]).to_string();
        }
        if !self.chance(self.hostility) {
            return typical.to_string();
        }
        let hostile = [
            lo.to_string(),
            hi.to_string(),
            lo.saturating_sub(1).to_string(),
            (hi + 1).to_string(),
            "-1".to_owned(),
            "0".to_owned(),
            "4294967295".to_owned(),
            "9223372036854775807".to_owned(),
            "2.5".to_owned(),
            "\"3\"".to_owned(),
        ];
        self.pick(&hostile).clone()
    }

    /// An inline table of `keys`, or, in a hostile scenario now and then, the same
    /// values as a positional array (which must be refused).
    fn table(&mut self, fields: &[(&str, String)]) -> String {
        if self.chance(self.hostility / 3.0) {
            let values: Vec<&str> = fields.iter().map(|(_, v)| v.as_str()).collect();
            return format!("[{}]", values.join(", "));
        }
        let pairs: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        format!("{{ {} }}", pairs.join(", "))
    }
}

/// A finite float as TOML writes it.
fn float(v: f64) -> String {
    if v.is_nan() {
        "nan".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        // Debug always gives a decimal point or an exponent, which TOML reads as a float.
        format!("{v:?}")
    }
}

/// A point `distance_km` from (lat, lon) along `azimuth_deg`, on a sphere (close enough
/// for placing things; validation measures on the ellipsoid).
fn offset((lat, lon): (f64, f64), azimuth_deg: f64, distance_km: f64) -> (f64, f64) {
    let (phi, lambda) = (lat.to_radians(), lon.to_radians());
    let (az, d) = (azimuth_deg.to_radians(), distance_km / 6371.0);
    let phi2 = (phi.sin() * d.cos() + phi.cos() * d.sin() * az.cos()).asin();
    let lambda2 = lambda + (az.sin() * d.sin() * phi.cos()).atan2(d.cos() - phi.sin() * phi2.sin());
    (phi2.to_degrees(), lambda2.to_degrees())
}

/// A simple polygon around `centre`, radii in km; in a hostile scenario sometimes a bow-tie or a
/// repeated vertex.
fn polygon(d: &mut Draws<'_>, centre: (f64, f64), radius_km: f64) -> String {
    // Increasing angles with no gap of half a turn or more keep the centre inside, so the
    // outline is star-shaped about it, hence simple.
    let n = d.int(3, 8);
    let spacing = 360.0 / f64::from(n);
    let mut points: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let a = f64::from(k) * spacing + d.range(0.0, 0.5 * spacing);
            offset(centre, a, radius_km * d.range(0.3, 1.0))
        })
        .collect();
    if d.chance(d.hostility / 2.0) {
        match d.int(0, 2) {
            0 => points.swap(0, 1),
            1 => points.push(points[0]),
            _ => points.truncate(2),
        }
    }
    let vertices: Vec<String> = points
        .iter()
        .map(|&(la, lo)| {
            format!(
                "[{}, {}]",
                d.num(la, (-90.0, 90.0)),
                d.num(lo, (-180.0, 180.0))
            )
        })
        .collect();
    format!("[{}]", vertices.join(", "))
}

fn site(d: &mut Draws<'_>, (lat, lon): (f64, f64), alt: f64) -> String {
    let fields = [
        ("lat_deg", d.num(lat, (-90.0, 90.0))),
        ("lon_deg", d.num(lon, (-180.0, 180.0))),
        ("alt_m", d.num(alt, (-500.0, 50_000.0))),
    ];
    d.table(&fields)
}

/// A scenario file from the draws, naming the built-in catalogue's types.
fn scenario_text(d: &mut Draws<'_>, catalogue: &Catalogue) -> String {
    let mut t = String::new();
    let tick = *d.pick(&[0.125, 0.25, 0.1, 0.05, 1.0, 0.0625]);
    let ticks = d.int(40, 4_800);
    let duration = f64::from(ticks) * tick;
    let _ = writeln!(
        t,
        "[scenario]\nname = \"generated\"\nseed = {}\nduration_s = {}\ntick_s = {}",
        {
            let seed = d.next();
            d.count(seed, (0, i64::MAX as u64))
        },
        d.num(duration, (0.0, 1e6)),
        d.num(tick, (1e-4, 1.0)),
    );
    if d.chance(0.3) {
        let _ = writeln!(
            t,
            "truth_record_period_s = {}",
            d.num(tick * 4.0, (0.0, 1e6))
        );
    }
    let origin = (d.range(-60.0, 60.0), d.range(-170.0, 170.0));
    let _ = writeln!(t, "\n[theatre]\norigin = {}", site(d, origin, 0.0));

    let assets = d.int(1, 3);
    for k in 0..assets {
        let centre = offset(origin, d.range(0.0, 360.0), d.range(0.0, 20.0));
        let _ = writeln!(
            t,
            "\n[[asset]]\nname = \"asset-{k}\"\nvalue = {}\npolygon = {}",
            d.num_in((1.0, 100.0), (0.0, 1e9)),
            {
                let r = d.range(0.5, 5.0);
                polygon(d, centre, r)
            },
        );
    }
    for k in 0..d.int(1, 3) {
        let here = offset(origin, d.range(0.0, 360.0), d.range(0.0, 30.0));
        let max_range = d.range(20.0, 400.0);
        let coverage = [
            ("min_range_km", d.num_in((0.0, 1.0), (0.0, 5000.0))),
            ("max_range_km", d.num(max_range, (0.0, 5000.0))),
            ("min_elevation_deg", d.num_in((-5.0, 2.0), (-90.0, 90.0))),
            ("max_elevation_deg", d.num_in((30.0, 90.0), (-90.0, 90.0))),
        ];
        let coverage = d.table(&coverage);
        let mut noise = vec![
            ("range_m", d.num_in((5.0, 200.0), (0.0, 10_000.0))),
            ("azimuth_deg", d.num_in((0.05, 1.0), (0.0, 10.0))),
            ("elevation_deg", d.num_in((0.05, 1.0), (0.0, 10.0))),
        ];
        if d.chance(0.3) {
            noise.push(("range_rate_mps", d.num_in((0.5, 20.0), (0.0, 1000.0))));
        }
        let noise = d.table(&noise);
        let _ = writeln!(
            t,
            "\n[[sensor]]\nname = \"radar-{k}\"\nsite = {}\nscan_period_s = {}\npd = {}\n\
             false_alarms_per_scan = {}\ncoverage = {coverage}\nnoise = {noise}",
            {
                let alt = d.range(0.0, 500.0);
                site(d, here, alt)
            },
            d.num_in((0.25, 5.0), (0.05, 3600.0)),
            d.num_in((0.5, 1.0), (0.0, 1.0)),
            {
                let fa = if d.chance(0.5) {
                    0.0
                } else {
                    d.range(0.0, 20.0)
                };
                d.num(fa, (0.0, 1000.0))
            },
        );
    }
    let interceptors: Vec<&str> = catalogue
        .interceptors
        .iter()
        .map(|i| i.name.as_str())
        .collect();
    for k in 0..d.int(0, 3) {
        let here = offset(origin, d.range(0.0, 360.0), d.range(0.0, 10.0));
        let _ = writeln!(
            t,
            "\n[[battery]]\nname = \"battery-{k}\"\nlayer = \"{}\"\nsite = {}\n\
             interceptor = \"{}\"\nlaunchers = {}\nrounds_per_launcher = {}\nfire_channels = {}",
            d.pick(&["upper", "middle", "lower", "point"]),
            site(d, here, 10.0),
            d.pick(&interceptors),
            d.count_in((1, 6), (1, 1000)),
            d.count_in((1, 30), (1, 100_000)),
            d.count_in((1, 8), (1, 10_000)),
        );
    }
    for k in 0..d.int(1, 3) {
        raid(d, &mut t, k, (origin, assets, duration, tick), catalogue);
    }
    if d.chance(0.4) {
        let _ = writeln!(
            t,
            "\n[bmc]\ncycle_s = {}\n\n[bmc.tracker]\nprocess_noise_psd = {}\n\
             initial_velocity_sigma_mps = {}\ngate_chi2 = {}\nconfirm_hits = {}\n\
             max_tracks = {}\n\n[bmc.assessment]\nprediction_step_s = {}\n\
             defended_area_margin_m = {}\n\n[bmc.doctrine]\nsalvo_size = {}\n\
             max_shots_per_track = {}",
            d.num_of(&[0.25, 0.5, 1.0], (0.01, 60.0)),
            d.num_in((1.0, 1000.0), (0.0, 1e6)),
            d.num_in((100.0, 3000.0), (0.0, 10_000.0)),
            d.num_in((9.0, 30.0), (0.0, 1000.0)),
            d.count_in((2, 5), (1, 100)),
            d.count_in((100, 5000), (100, 10_000_000)),
            d.num_of(&[0.5, 1.0, 2.0], (0.01, 60.0)),
            d.num_in((0.0, 2000.0), (0.0, 100_000.0)),
            d.count_in((1, 2), (1, 100)),
            d.count_in((2, 6), (1, 10_000)),
        );
    }
    t
}

/// One raid: a catalogue threat launched from within its reach of an aim near the
/// origin (so that clean scenarios often validate), or, when hostile, from anywhere.
fn raid(
    d: &mut Draws<'_>,
    t: &mut String,
    k: u32,
    (origin, assets, duration, tick): ((f64, f64), u32, f64, f64),
    catalogue: &Catalogue,
) {
    let threat = d.pick(&catalogue.threats).clone();
    let reach_km = match &threat.flight {
        FlightModel::Ballistic(_) => threat.published_max_range.map_or(50.0, |r| r.as_km()),
        FlightModel::AirBreathing(p) => p.max_range.as_km().min(300.0),
    };
    let aim_centre = offset(origin, d.range(0.0, 360.0), d.range(0.0, 10.0));
    let cep = if d.chance(0.5) {
        0.0
    } else {
        d.range(0.0, reach_km * 5.0)
    };
    let distance = d.range(0.15, 0.75) * reach_km;
    let launch = offset(aim_centre, d.range(0.0, 360.0), distance);
    let launch_area = if d.chance(0.5) {
        let point = format!(
            "[{}, {}]",
            d.num(launch.0, (-90.0, 90.0)),
            d.num(launch.1, (-180.0, 180.0))
        );
        format!("{{ point = {point} }}")
    } else {
        format!("{{ polygon = {} }}", polygon(d, launch, 0.05 * reach_km))
    };
    let aim = match d.int(0, 2) {
        0 => {
            let a = d.int(0, assets - 1);
            format!("{{ asset = \"asset-{a}\" }}")
        }
        1 => format!(
            "{{ point = [{}, {}] }}",
            d.num(aim_centre.0, (-90.0, 90.0)),
            d.num(aim_centre.1, (-180.0, 180.0))
        ),
        _ => format!("{{ polygon = {} }}", {
            let r = d.range(0.2, 3.0);
            polygon(d, aim_centre, r)
        }),
    };
    let last = (duration - 2.0 * tick).max(0.0);
    let first = d.range(0.0, last);
    let window = format!(
        "[{}, {}]",
        d.num(first, (0.0, duration)),
        d.num_in((first, last), (0.0, duration))
    );
    let _ = writeln!(
        t,
        "\n[[raid]]\nname = \"raid-{k}\"\nthreat = \"{}\"\ncount = {}\nlaunch_area = {launch_area}\n\
         window_s = {window}\naim = {aim}\ncep_m = {}",
        threat.name,
        d.count_in((1, 20), (1, 100_000)),
        d.num(cep, (0.0, 100_000.0)),
    );
    let ballistic = matches!(threat.flight, FlightModel::Ballistic(_));
    if ballistic && d.chance(0.5) {
        let shape = d.pick(&["depressed", "lofted", "minimum_energy"]);
        let _ = writeln!(t, "trajectory = \"{shape}\"");
    }
    if (!ballistic || d.chance(d.hostility)) && d.chance(0.5) {
        let via = offset(aim_centre, d.range(0.0, 360.0), distance * 0.3);
        let _ = writeln!(
            t,
            "via = [[{}, {}]]",
            d.num(via.0, (-90.0, 90.0)),
            d.num(via.1, (-180.0, 180.0))
        );
    }
}

/// Build the world and run up to [`HORIZON_S`], recording every event as CSV; any
/// failure is returned as text.
fn run_briefly(scenario: &Scenario, dir: &Path) -> Result<(), String> {
    let mut sim = Simulation::new(scenario, scenario.seed)
        .map_err(|e| format!("cannot build the world: {e}"))?;
    let mut recorder = CsvRecorder::create(dir).map_err(|e| format!("cannot record: {e}"))?;
    while !sim.finished() && sim.now().as_seconds() < HORIZON_S {
        sim.step(&mut recorder)
            .map_err(|e| format!("at t = {}: {e}", sim.now()))?;
    }
    tdome_core::event::EventSink::finish(&mut recorder).map_err(|e| e.to_string())?;
    // The recorder refuses non-finite numbers; check what reached the files all the same.
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        for (n, line) in text.lines().enumerate() {
            let bad = line.split(',').any(|f| {
                let f = f.trim_matches('"').to_ascii_lowercase();
                f == "nan" || f == "inf" || f == "-inf" || f == "infinity" || f == "-infinity"
            });
            if bad {
                return Err(format!("{}:{}: {line}", path.display(), n + 1));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=5000 for a deeper search.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
        // Each case parses a file and may run a world: shrinking needs few steps.
        max_shrink_iters: 200,
        // The same cases on every run (PROPTEST_SEED=n for others), and no regression
        // files written into the tree.
        rng_seed: proptest::test_runner::RngSeed::Fixed(
            std::env::var("PROPTEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_201),
        ),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn validation_never_panics_and_a_valid_scenario_runs_with_finite_records(
        values in proptest::collection::vec(any::<u32>(), 600),
    ) {
        let catalogue = tdome_scenario::builtin_catalogue().expect("built-in catalogue");
        // Clean, at the bounds, a little hostile, very hostile.
        let (hostility, extremes) = [(0.0, 0.0), (0.0, 0.1), (0.03, 0.0), (0.12, 0.0)]
            [values[0] as usize % 4];
        let draws = &mut Draws { values: &values, at: 1, hostility, extremes };
        let text = scenario_text(draws, &catalogue);
        let path = root().join("scenarios/tests/generated.toml");
        let lines = text.lines().count() + 1;
        let result = tdome_scenario::parse_str(&text, &path);
        if let Ok(dbg) = std::env::var("TDOME_PROP_DEBUG") {
            use std::io::Write as _;
            let mut f = std::fs::OpenOptions::new().append(true).create(true).open(dbg).unwrap();
            let _ = writeln!(f, "=== hostility {hostility} extremes {extremes} valid {}\n{}\n{text}", result.is_ok(),
                result.as_ref().err().map(|e| e.to_string()).unwrap_or_default());
        }
        match result {
            Err(ScenarioError::Invalid(diagnostics)) => {
                prop_assert!(!diagnostics.is_empty());
                for d in &diagnostics {
                    // Every problem has a real place in the file (or in the catalogue).
                    let in_scenario = d.path == path;
                    prop_assert!(d.line >= 1 && d.column >= 1, "{d}\n{text}");
                    prop_assert!(!in_scenario || d.line <= lines, "{d}\n{text}");
                }
            }
            Err(e) => prop_assert!(false, "not a diagnostic: {e}\n{text}"),
            Ok(scenario) => {
                let dir = std::env::temp_dir().join(format!(
                    "tdome-prop-{}-{}",
                    std::process::id(),
                    values.iter().take(4).map(|v| v.to_string()).collect::<Vec<_>>().join("-")
                ));
                let outcome = run_briefly(&scenario, &dir);
                let _ = std::fs::remove_dir_all(&dir);
                prop_assert!(outcome.is_ok(), "{}\n{text}", outcome.unwrap_err());
            }
        }
    }
}
