//! Checking what a parsed scenario means and turning it into the typed
//! [`Scenario`]: names become ids and shared types, numbers become units, and every
//! problem found is reported at its place, all of them rather than the first.

pub(crate) mod catalogue;
mod data_source;
pub(crate) mod radars;
mod reach;
mod sensor;

use std::collections::BTreeMap;
use std::path::Path;

use tdome_bmc::BmcConfig;
use tdome_bmc::config::{
    AssessmentConfig, AssignmentRule, AssociatorKind, Doctrine, FilterKind, ModeChange,
    ModesConfig, MotionModelKind, OperatorMode, ShotDoctrine, TightTest, TrackerConfig,
};
use tdome_core::defence::{BatteryDescription, DefendedAsset, Layer};
use tdome_core::ids::{AssetId, BatteryId, SensorId};
use tdome_core::threat::ThreatKind;
use tdome_core::time::TickClock;
use tdome_core::{Geodetic, Length, SimDuration, SimTime, Speed, UtcTime};
use tdome_physics::ballistic::TrajectoryShape;

use crate::ScenarioError;
use crate::check::{Bounds, Checker, NameTable, number, one_of};
use crate::diagnostic::{Diagnostic, sort_in_file_order};
use crate::document::{Document, Element, Loc};
use crate::file::{
    AimEntry, AssessmentEntry, AssetEntry, AssignmentEntry, AssociatorEntry, BatteryEntry,
    BmcSection, DoctrineEntry, FilterEntry, LayerName, ModeName, ModesEntry, MotionModelEntry,
    NetworkName, PlaceEntry, RaidEntry, SCENARIO_KEYS, ScenarioSection, SensorEntry, ShotsEntry,
    SweepSection, TheatreSection, TrackerEntry, TrajectoryEntry, WeatherSection,
};
use crate::limits;
use crate::model::{
    AimSpec, Catalogue, FlightModel, Network, Place, Raid, Scenario, SensorSpec, ThreatType,
    Weather,
};

use self::reach::{BallisticRaid, check_max_range, check_min_range, check_route_length};
use self::sensor::sensor;

/// Default spacing of truth samples, seconds.
const DEFAULT_TRUTH_RECORD_PERIOD_S: f64 = 1.0;

/// Check and resolve a parsed scenario file. `base_dir` is the directory a relative
/// `catalogue` is taken from. Diagnostics about the scenario file come first, in file
/// order, then any about the catalogue files.
pub(crate) fn resolve(doc: &Document<'_>, base_dir: &Path) -> Result<Scenario, Vec<Diagnostic>> {
    let mut out = Vec::new();
    doc.check_top_level(&SCENARIO_KEYS, &mut out);
    let settings: Option<ScenarioSection> = doc.section("scenario", true, &mut out);
    let theatre: Option<TheatreSection> = doc.section("theatre", true, &mut out);
    let assets = doc.elements::<AssetEntry>("asset", &mut out);
    let sensor_entries = doc.elements::<SensorEntry>("sensor", &mut out);
    let battery_entries = doc.elements::<BatteryEntry>("battery", &mut out);
    let raids = doc.elements::<RaidEntry>("raid", &mut out);
    let bmc_loc = Loc::root().key("bmc");
    let bmc_section: Option<BmcSection> = match doc.value(&bmc_loc) {
        Some(_) => doc.section("bmc", false, &mut out),
        None => Some(BmcSection::default()),
    };

    let weather_section: Option<WeatherSection> = match doc.value(&Loc::root().key("weather")) {
        Some(_) => doc.section("weather", false, &mut out),
        None => Some(WeatherSection::default()),
    };

    let sweep_section: Option<SweepSection> = match doc.value(&Loc::root().key("sweep")) {
        Some(_) => doc.section("sweep", false, &mut out),
        None => Some(SweepSection::default()),
    };

    let mut catalogue_diagnostics = Vec::new();
    let mut c = Checker::new(doc, &mut out);
    let weather = weather_section.and_then(|w| weather(&mut c, &w));
    let sweep = sweep_section.and_then(|s| sweep(&mut c, &s));
    // Lasers fight in the run's weather: batteries take their types as it leaves them.
    let catalogue = catalogue_for(&mut c, base_dir, &mut catalogue_diagnostics).map(|mut cat| {
        let w = weather.unwrap_or_default();
        for t in &mut cat.interceptors {
            *t = w.applied_to(t);
        }
        cat
    });
    let run = settings.as_ref().map(|s| run_settings(&mut c, s));
    let origin = theatre.and_then(|t| c.site(&Loc::root().key("theatre").key("origin"), &t.origin));

    let (assets, asset_names) = resolve_list(&mut c, "asset", &assets, |c, loc, i, a| {
        asset(c, loc, AssetId(i), a)
    });
    let duration = run.as_ref().and_then(|r| r.duration);
    let sensor_sources = data_source::of_sensors(&mut c, &sensor_entries);
    let (sensors, sensor_names) =
        resolve_list(&mut c, "sensor", &sensor_entries, |c, loc, i, s| {
            // One source per element, so the lookup always finds one.
            let source = sensor_sources.get(i as usize).copied().flatten();
            sensor(c, loc, SensorId(i), s, source, catalogue.as_ref(), duration)
        });
    let bmc_data_source = bmc_section
        .as_ref()
        .and_then(|b| data_source::of_bmc(&mut c, &bmc_loc, b));
    data_source::check_unique(
        &mut c,
        &sensor_entries,
        &sensor_sources,
        bmc_data_source.map(|d| (d, &bmc_loc)),
    );
    let (batteries, battery_names) =
        resolve_list(&mut c, "battery", &battery_entries, |c, loc, i, b| {
            battery(c, loc, BatteryId(i), b, catalogue.as_ref())
        });
    // `None` when `[bmc]` could not be read: then nothing is asked of the radar lists
    // beyond naming sensors.
    let network = bmc_section
        .as_ref()
        .map(|b| network(b.network.unwrap_or(NetworkName::Integrated)));
    let battery_radars: Vec<Option<Vec<SensorId>>> = battery_entries
        .iter()
        .map(|e| radars(&mut c, &e.loc, e.value.as_ref()?, &sensor_names, network))
        .collect();
    let context = RaidContext {
        catalogue: catalogue.as_ref(),
        asset_names: &asset_names,
        assets: &assets,
        duration: run.as_ref().and_then(|r| r.duration),
        tick: run.as_ref().and_then(|r| r.tick),
    };
    let (resolved_raids, _) = resolve_list(&mut c, "raid", &raids, |c, loc, _, r| {
        raid(c, loc, r, &context)
    });
    total_threats(&mut c, &raids);
    let raids = resolved_raids;
    let window_given = bmc_section
        .as_ref()
        .and_then(|b| b.tracker.as_ref())
        .is_some_and(|t| t.reorder_window_s.is_some());
    let bmc = bmc_section.and_then(|b| bmc(&mut c, &bmc_loc, &b, (&battery_names, duration)));

    // Diagnostics are found section by section; report them in file order.
    sort_in_file_order(&mut out);
    out.extend(catalogue_diagnostics);
    if !out.is_empty() {
        return Err(out);
    }
    let assembled = (|| {
        let settings = settings?;
        let run = run?;
        let sensors: Vec<SensorSpec> = sensors.into_iter().collect::<Option<_>>()?;
        let mut bmc = bmc?;
        bmc.modes.initial = initial_modes(&battery_entries);
        // Unless the scenario says otherwise, hold plots as long as the slowest radar's
        // latency, so that no plot arrives too late to use (see the tracker's reorder
        // buffer).
        if !window_given {
            bmc.tracker.reorder_window = sensors
                .iter()
                .map(|s| s.latency)
                .max()
                .unwrap_or(SimDuration::ZERO);
        }
        Some(Scenario {
            name: settings.name,
            description: settings.description,
            seed: run.seed?,
            duration: run.duration?,
            tick: run.tick?,
            origin: origin?,
            assets: assets.into_iter().collect::<Option<_>>()?,
            sensors,
            batteries: batteries.into_iter().collect::<Option<_>>()?,
            raids: raids.into_iter().collect::<Option<_>>()?,
            bmc,
            bmc_data_source: bmc_data_source?,
            network: network?,
            battery_radars: battery_radars.into_iter().collect::<Option<_>>()?,
            truth_record_period: run.truth_record_period?,
            epoch: run.epoch?,
            catalogue: catalogue?,
            weather: weather?,
            sweep: sweep?,
        })
    })();
    // Every path that leaves a part unresolved records a diagnostic, so with none
    // recorded every part is present; this is the guard should that ever break.
    assembled.ok_or_else(|| {
        vec![doc.at(
            &Loc::root(),
            "internal error: the scenario did not resolve although no problem was found; \
             please report this with the file",
        )]
    })
}

/// `[sweep]`: each axis parsed, a bad one reported at its string.
fn sweep(c: &mut Checker<'_, '_>, s: &SweepSection) -> Option<Vec<crate::vary::Axis>> {
    let loc = Loc::root().key("sweep").key("vary");
    let mut axes = Vec::new();
    let mut ok = true;
    for (i, spec) in s.vary.iter().enumerate() {
        match crate::vary::Axis::parse(spec) {
            Ok(a) => axes.push(a),
            Err(why) => {
                c.error(&loc.index(i), why);
                ok = false;
            }
        }
    }
    ok.then_some(axes)
}

/// `[weather]`, its defaults filled in.
fn weather(c: &mut Checker<'_, '_>, w: &WeatherSection) -> Option<Weather> {
    let loc = Loc::root().key("weather");
    let clear = Weather::default();
    let visibility = match w.visibility_km {
        None => Some(clear.visibility),
        Some(v) => c
            .bounded(
                &loc.key("visibility_km"),
                v,
                limits::VISIBILITY_KM,
                "visibility_km",
            )
            .map(Length::km),
    };
    let cloud_base = match w.cloud_base_km {
        None => Some(None),
        Some(v) => c
            .bounded(
                &loc.key("cloud_base_km"),
                v,
                limits::CLOUD_BASE_KM,
                "cloud_base_km",
            )
            .map(|km| Some(Length::km(km))),
    };
    Some(Weather {
        visibility: visibility?,
        cloud_base: cloud_base?,
    })
}

/// Check names for duplicates and resolve each element of a list, keeping file order
/// (so ids are file positions).
fn resolve_list<T, R>(
    c: &mut Checker<'_, '_>,
    kind: &'static str,
    elements: &[Element<T>],
    mut each: impl FnMut(&mut Checker<'_, '_>, &Loc, u32, &T) -> Option<R>,
) -> (Vec<Option<R>>, Names) {
    let mut table = NameTable::new(kind);
    let mut order = Vec::new();
    let resolved = elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(name) = &e.name {
                table.add(c, i, name, &e.loc.key("name"));
                order.push(name.clone());
            }
            // Ids are u32; a list that long could not have been read into memory.
            let id = u32::try_from(i).ok()?;
            each(c, &e.loc, id, e.value.as_ref()?)
        })
        .collect();
    (resolved, Names { table, order })
}

/// Names of one list, for references.
struct Names {
    table: NameTable,
    /// Names in file order, for "expected one of".
    order: Vec<String>,
}

impl Names {
    fn get(&self, name: &str) -> Option<usize> {
        self.table.get(name)
    }

    fn expected(&self) -> String {
        one_of(self.order.iter().map(String::as_str))
    }
}

/// The catalogue the scenario names: the one built in, or the directory it gives.
/// `None` when it cannot be had; the reason is already reported, and references to
/// threat and interceptor names are then not checked.
fn catalogue_for(
    c: &mut Checker<'_, '_>,
    base_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Catalogue> {
    let loc = Loc::root().key("scenario").key("catalogue");
    let result = match c.doc.value(&loc) {
        None => crate::builtin_catalogue(),
        // A non-string is reported by the `[scenario]` section's type check.
        Some(v) => crate::load_catalogue(&base_dir.join(v.get_ref().as_str()?)),
    };
    match result {
        Ok(catalogue) => Some(catalogue),
        Err(ScenarioError::Io { path, source }) => {
            c.error(
                &loc,
                format!(
                    "expected a catalogue directory holding threats.toml and \
                     interceptors.toml, but cannot read {}: {source}",
                    path.display()
                ),
            );
            None
        }
        Err(ScenarioError::Invalid(found)) => {
            diagnostics.extend(found);
            None
        }
    }
}

/// Seed and times of the run; each is `None` when its value was wrong.
struct RunSettings {
    seed: Option<u64>,
    duration: Option<SimDuration>,
    tick: Option<SimDuration>,
    truth_record_period: Option<SimDuration>,
    epoch: Option<UtcTime>,
}

fn run_settings(c: &mut Checker<'_, '_>, s: &ScenarioSection) -> RunSettings {
    let loc = Loc::root().key("scenario");
    // TOML integers are signed 64-bit, and seeds travel through JSON and the command
    // line too: one range everywhere.
    let seed = c
        .require(s.seed <= limits::MAX_SEED, &loc.key("seed"), || {
            format!(
                "expected a seed in [0, {}] (2⁶³ − 1), got {}",
                limits::MAX_SEED,
                s.seed
            )
        })
        .then_some(s.seed);
    let duration_loc = loc.key("duration_s");
    let duration = c.seconds(
        &duration_loc,
        s.duration_s,
        limits::DURATION_S,
        "duration_s",
    );
    let tick = tick(c, &loc.key("tick_s"), s.tick_s);
    // The world runs whole ticks: a duration between ticks would run on to the next.
    let duration = match (duration, tick) {
        (Some(d), Some(t)) => c
            .require(d.as_nanos() % t.as_nanos() == 0, &duration_loc, || {
                format!(
                    "expected duration_s to be a whole number of ticks (tick_s = {}), got {}",
                    s.tick_s, s.duration_s
                )
            })
            .then_some(d),
        (d, _) => d,
    };
    let period_loc = loc.key("truth_record_period_s");
    let period_s = s
        .truth_record_period_s
        .unwrap_or(DEFAULT_TRUTH_RECORD_PERIOD_S);
    let truth_record_period = c
        .seconds(
            &period_loc,
            period_s,
            limits::TRUTH_RECORD_PERIOD_S,
            "truth_record_period_s",
        )
        .and_then(|period| {
            // With a bad tick there is nothing to be a multiple of; the tick is reported.
            let tick = tick?;
            let whole = period.as_nanos() % tick.as_nanos() == 0;
            c.require(whole, &period_loc, || {
                format!(
                    "expected truth_record_period_s to be a whole multiple of tick_s ({}), \
                     got {period_s}",
                    s.tick_s
                )
            })
            .then_some(period)
        });
    let epoch = match &s.epoch {
        None => Some(UtcTime::DEFAULT_EPOCH),
        Some(text) => match UtcTime::parse_rfc3339(text) {
            Ok(t) => Some(t),
            Err(e) => {
                c.require(false, &loc.key("epoch"), || e.to_string());
                None
            }
        },
    };
    RunSettings {
        seed,
        duration,
        tick,
        truth_record_period,
        epoch,
    }
}

/// The world tick: within [`limits::TICK_S`] and a whole number of nanoseconds,
/// because simulation time is integer nanoseconds and tick n is computed as n·tick.
fn tick(c: &mut Checker<'_, '_>, loc: &Loc, tick_s: f64) -> Option<SimDuration> {
    let s = c.bounded(loc, tick_s, limits::TICK_S.unit(" s"), "tick_s")?;
    let ns = s * 1e9;
    // A thousandth of a nanosecond is far above f64 rounding of values ≤ 1e9 ns, and
    // far below any intended fraction.
    let whole = (ns - ns.round()).abs() < 1e-3 && ns.round() >= 1.0;
    c.require(whole, loc, || {
        format!("expected tick_s to be a whole number of nanoseconds, got {s} s = {ns} ns")
    })
    .then(|| SimDuration::from_seconds(s))
}

fn asset(c: &mut Checker<'_, '_>, loc: &Loc, id: AssetId, a: &AssetEntry) -> Option<DefendedAsset> {
    let value = c.bounded(&loc.key("value"), a.value, limits::ASSET_VALUE, "value");
    let area = c.polygon(&loc.key("polygon"), &a.polygon);
    let ground = match a.ground_height_m {
        Some(h) => c.bounded(
            &loc.key("ground_height_m"),
            h,
            limits::ASSET_GROUND_HEIGHT_M,
            "ground_height_m",
        ),
        None => Some(0.0),
    };
    Some(DefendedAsset {
        id,
        name: a.name.clone(),
        value: value?,
        area: area?,
        ground_height: Length::metres(ground?),
    })
}

fn layer(l: LayerName) -> Layer {
    match l {
        LayerName::Upper => Layer::Upper,
        LayerName::Middle => Layer::Middle,
        LayerName::Lower => Layer::Lower,
        LayerName::Point => Layer::Point,
    }
}

fn battery(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    id: BatteryId,
    b: &BatteryEntry,
    catalogue: Option<&Catalogue>,
) -> Option<BatteryDescription> {
    let site = c.site(&loc.key("site"), &b.site);
    let interceptor = catalogue.and_then(|cat| {
        let found = cat.interceptor(&b.interceptor).cloned();
        if found.is_none() {
            c.error(
                &loc.key("interceptor"),
                format!(
                    "unknown interceptor \"{}\", {}",
                    b.interceptor,
                    one_of(cat.interceptors.iter().map(|t| t.name.as_str()))
                ),
            );
        }
        found
    });
    let launchers = c.count(
        &loc.key("launchers"),
        b.launchers,
        limits::LAUNCHERS,
        "launchers",
    );
    let per_launcher = c.count(
        &loc.key("rounds_per_launcher"),
        b.rounds_per_launcher,
        limits::ROUNDS_PER_LAUNCHER,
        "rounds_per_launcher",
    );
    let channels = c.count(
        &loc.key("fire_channels"),
        b.fire_channels,
        limits::FIRE_CHANNELS,
        "fire_channels",
    );
    let reserve = c.count(
        &loc.key("reserve_rounds"),
        b.reserve_rounds,
        limits::RESERVE_ROUNDS,
        "reserve_rounds",
    );
    let reserve = match (reserve, &interceptor) {
        (Some(r), Some(t)) if r > 0 && t.reload_time.is_none() => {
            c.error(
                &loc.key("reserve_rounds"),
                format!(
                    "a reserve needs a reload time, and interceptor `{}` has no `reload_time_s` in the catalogue",
                    t.name
                ),
            );
            None
        }
        (r, _) => r,
    };
    // Both bounded, so the product stays far inside u32.
    let rounds = launchers.zip(per_launcher).map(|(l, r)| l * r);
    Some(BatteryDescription {
        id,
        name: b.name.clone(),
        layer: layer(b.layer),
        site: site?,
        interceptor: interceptor?,
        rounds: rounds?,
        rounds_per_launcher: per_launcher?,
        reserve_rounds: reserve?,
        fire_channels: channels?,
    })
}

fn network(n: NetworkName) -> Network {
    match n {
        NetworkName::Integrated => Network::Integrated,
        NetworkName::Autonomous => Network::Autonomous,
    }
}

/// A battery's organic radars: `[[sensor]]` names, each at most once; under an
/// autonomous network, at least one (a battery without a radar of its own would see
/// nothing).
fn radars(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    b: &BatteryEntry,
    sensors: &Names,
    network: Option<Network>,
) -> Option<Vec<SensorId>> {
    let list_loc = loc.key("radars");
    if !c.require(b.radars.len() <= limits::BATTERY_RADARS, &list_loc, || {
        format!(
            "expected at most {} radars, got {}",
            limits::BATTERY_RADARS,
            b.radars.len()
        )
    }) {
        return None;
    }
    if network == Some(Network::Autonomous) && b.radars.is_empty() {
        // Point at the empty list if one is written, else at the battery's name.
        let at = if c.doc.value(&list_loc).is_some() {
            list_loc.clone()
        } else {
            loc.key("name")
        };
        c.error(
            &at,
            format!(
                "expected battery \"{}\" to name its radars (at least one `[[sensor]]`) \
                 under network = \"autonomous\", got none",
                b.name
            ),
        );
        return None;
    }
    let mut ids: Vec<SensorId> = Vec::with_capacity(b.radars.len());
    let mut all_resolved = true;
    for (j, name) in b.radars.iter().enumerate() {
        let at = list_loc.index(j);
        let Some(i) = sensors.get(name).and_then(|i| u32::try_from(i).ok()) else {
            c.error(
                &at,
                format!("unknown sensor \"{name}\", {}", sensors.expected()),
            );
            all_resolved = false;
            continue;
        };
        let id = SensorId(i);
        if ids.contains(&id) {
            c.error(
                &at,
                format!("expected each radar named once, got \"{name}\" again"),
            );
            all_resolved = false;
            continue;
        }
        ids.push(id);
    }
    all_resolved.then_some(ids)
}

/// What raids refer to.
struct RaidContext<'x> {
    catalogue: Option<&'x Catalogue>,
    asset_names: &'x Names,
    assets: &'x [Option<DefendedAsset>],
    duration: Option<SimDuration>,
    tick: Option<SimDuration>,
}

fn raid(c: &mut Checker<'_, '_>, loc: &Loc, r: &RaidEntry, ctx: &RaidContext<'_>) -> Option<Raid> {
    let threat = ctx.catalogue.and_then(|cat| {
        let found = cat.threat(&r.threat).cloned();
        if found.is_none() {
            c.error(
                &loc.key("threat"),
                format!(
                    "unknown threat \"{}\", {}",
                    r.threat,
                    one_of(cat.threats.iter().map(|t| t.name.as_str()))
                ),
            );
        }
        found
    });
    let count = c.count(&loc.key("count"), r.count, limits::RAID_COUNT, "count");
    let launch_area = place(c, &loc.key("launch_area"), &r.launch_area);
    let window = window(c, &loc.key("window_s"), r, ctx);
    let aim = aim(c, &loc.key("aim"), &r.aim, ctx);
    let cep = c.bounded(&loc.key("cep_m"), r.cep_m, limits::CEP_M, "cep_m");
    let via = via(c, &loc.key("via"), r, threat.as_deref());
    if let (Some(t), Some(from), Some((_, to)), Some(via), Some(cep)) =
        (&threat, &launch_area, &aim, &via, cep)
        && let FlightModel::AirBreathing(profile) = &t.flight
    {
        let scatter = Length::metres(cep) * limits::DISPERSION_CEPS;
        let route = (t.as_ref(), profile);
        check_route_length(c, &loc.key("launch_area"), route, (from, to), via, scatter);
    }
    let trajectory = trajectory(c, &loc.key("trajectory"), r, threat.as_deref());
    if let (Some(t), Some(from), Some((to, points)), Some(shape), Some(cep), Some(tick)) =
        (&threat, &launch_area, &aim, trajectory, cep, ctx.tick)
        && let FlightModel::Ballistic(vehicle) = &t.flight
        && let Some(&first_point) = points.first()
    {
        // An asset is aimed at its centre, the one point of its list.
        let centre;
        let to = match to {
            AimSpec::Place(p) => p,
            AimSpec::Asset(_) => {
                centre = Place::Point(first_point);
                &centre
            }
        };
        let raid = BallisticRaid {
            threat: t,
            vehicle,
            shape,
            launch: from,
            aim: to,
            cep: Length::metres(cep),
            tick,
        };
        check_min_range(c, &loc.key("aim"), &raid);
        check_max_range(c, &loc.key("launch_area"), &raid);
    }
    let (window_start, window_end) = window?;
    Some(Raid {
        name: r.name.clone(),
        threat: threat?,
        count: count?,
        launch_area: launch_area?,
        window_start,
        window_end,
        aim: aim?.0,
        cep: Length::metres(cep?),
        via: via?,
        trajectory: trajectory?,
    })
}

/// The trajectory shape: for ballistic threats only, defaulting by kind (guided
/// ballistic missiles manage their energy; unguided rockets fly the flat branch).
fn trajectory(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    r: &RaidEntry,
    threat: Option<&ThreatType>,
) -> Option<TrajectoryShape> {
    let Some(t) = threat else {
        return Some(TrajectoryShape::Depressed);
    };
    let ballistic = matches!(t.flight, FlightModel::Ballistic(_));
    match r.trajectory {
        Some(_) if !ballistic => {
            c.error(
                loc,
                format!(
                    "expected no `trajectory` for \"{}\": trajectory shapes are for ballistic \
                     threats (rocket, ballistic_missile), and it is a {}",
                    t.name,
                    t.kind.name()
                ),
            );
            None
        }
        Some(TrajectoryEntry::Depressed) => Some(TrajectoryShape::Depressed),
        Some(TrajectoryEntry::Lofted) => Some(TrajectoryShape::Lofted),
        Some(TrajectoryEntry::MinimumEnergy) => Some(TrajectoryShape::MinimumEnergy),
        None if t.kind == ThreatKind::BallisticMissile => Some(TrajectoryShape::MinimumEnergy),
        None => Some(TrajectoryShape::Depressed),
    }
}

fn place(c: &mut Checker<'_, '_>, loc: &Loc, p: &PlaceEntry) -> Option<Place> {
    match p {
        PlaceEntry::Point(p) => c.lat_lon(&loc.key("point"), *p).map(Place::Point),
        PlaceEntry::Polygon(v) => c.polygon(&loc.key("polygon"), v).map(Place::Polygon),
    }
}

/// The launch window: inside the run, and ending while a tick can still launch.
/// Threats launch at the start of the first tick at or after their launch time, which
/// is `first` plus a whole number of ticks; the last tick of the run starts at
/// `duration_s − tick_s` (for a duration that is a whole number of ticks), so a launch
/// time at or after `duration_s` would never come.
fn window(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    r: &RaidEntry,
    ctx: &RaidContext<'_>,
) -> Option<(SimTime, SimTime)> {
    let (start, end) = (r.window_s.start_s, r.window_s.end_s);
    let ordered = start.is_finite() && end.is_finite() && 0.0 <= start && start <= end;
    let before_end = ctx.duration.is_none_or(|d| end < d.as_seconds());
    let last_tick = ctx
        .duration
        .zip(ctx.tick)
        .map(|(d, tick)| last_tick_start(d, tick));
    let ok = c.require(ordered && before_end, loc, || {
        let Some(d) = ctx.duration else {
            return format!(
                "expected a launch window [first, last] with 0 ≤ first ≤ last, got \
                 [{start}, {end}]"
            );
        };
        let why = match last_tick {
            _ if before_end => String::new(),
            Some(t) => format!(
                ": threats launch at the start of a tick, and the last tick starts at {t} s"
            ),
            None => ": threats launch at the start of a tick, before duration_s".to_owned(),
        };
        format!(
            "expected a launch window [first, last] with 0 ≤ first ≤ last < duration_s ({}), \
             got [{start}, {end}]{why}",
            d.as_seconds()
        )
    });
    if !ok {
        return None;
    }
    let (first, last) = (SimTime::from_seconds(start), SimTime::from_seconds(end));
    // A window that does not start on a tick can end before duration_s and still have
    // its latest launch fall after the last tick has started.
    if let (Some(last_tick), Some(tick)) = (last_tick, ctx.tick) {
        let steps = last.since(first).as_nanos() / tick.as_nanos();
        let latest = first + tick.times(steps);
        let on_time = c.require(latest <= last_tick, loc, || {
            format!(
                "expected the window's latest launch, at {latest} s (first + a whole number of \
                 ticks), no later than the start of the last tick, {last_tick} s"
            )
        });
        if !on_time {
            return None;
        }
    }
    Some((first, last))
}

/// When the run's last tick starts, as the world's clock counts ticks.
fn last_tick_start(duration: SimDuration, tick: SimDuration) -> SimTime {
    let clock = TickClock::new(SimTime::ZERO, tick);
    let ticks = clock.ticks_to_cover(SimTime::ZERO + duration);
    clock.time_of(ticks.saturating_sub(1))
}

/// All raids together may launch at most [`limits::TOTAL_THREATS`]; reported at the
/// `count` of the raid that passes the limit.
fn total_threats(c: &mut Checker<'_, '_>, raids: &[Element<RaidEntry>]) {
    let mut total: u64 = 0;
    for e in raids {
        let Some(r) = &e.value else { continue };
        let before = total;
        total += u64::from(r.count);
        if before <= limits::TOTAL_THREATS && total > limits::TOTAL_THREATS {
            c.error(
                &e.loc.key("count"),
                format!(
                    "expected at most {} threats in all raids together, but the raids up to \
                     this one have {total}",
                    limits::TOTAL_THREATS
                ),
            );
        }
    }
}

/// The aim and the points it may fall on (for the range check).
fn aim(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    a: &AimEntry,
    ctx: &RaidContext<'_>,
) -> Option<(AimSpec, Vec<Geodetic>)> {
    match a {
        AimEntry::Asset(name) => {
            let Some(i) = ctx.asset_names.get(name) else {
                c.error(
                    &loc.key("asset"),
                    format!("unknown asset \"{name}\", {}", ctx.asset_names.expected()),
                );
                return None;
            };
            // A broken asset is reported where it is defined.
            let asset = ctx.assets.get(i)?.as_ref()?;
            Some((AimSpec::Asset(asset.id), vec![asset.area.centre()]))
        }
        AimEntry::Point(p) => {
            let g = c.lat_lon(&loc.key("point"), *p)?;
            Some((AimSpec::Place(Place::Point(g)), vec![g]))
        }
        AimEntry::Polygon(v) => {
            let poly = c.polygon(&loc.key("polygon"), v)?;
            let points = poly.vertices().to_vec();
            Some((AimSpec::Place(Place::Polygon(poly)), points))
        }
    }
}

/// Route points: for air-breathing threats only, since a ballistic arc cannot turn.
fn via(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    r: &RaidEntry,
    threat: Option<&ThreatType>,
) -> Option<Vec<Geodetic>> {
    if r.via.is_empty() {
        return Some(Vec::new());
    }
    if let Some(t) = threat
        && matches!(t.flight, FlightModel::Ballistic(_))
    {
        c.error(
            loc,
            format!(
                "expected no `via` for \"{}\": route points are for air-breathing threats \
                 (cruise_missile, drone), and it is a {}",
                t.name,
                t.kind.name()
            ),
        );
        return None;
    }
    if !c.require(r.via.len() <= limits::VIA_POINTS, loc, || {
        format!(
            "expected at most {} route points, got {}",
            limits::VIA_POINTS,
            r.via.len()
        )
    }) {
        return None;
    }
    let points: Vec<Option<Geodetic>> = r
        .via
        .iter()
        .enumerate()
        .map(|(i, p)| c.lat_lon(&loc.index(i), *p))
        .collect();
    points.into_iter().collect()
}

/// Each battery's operator mode at the start, where it is not weapons free.
fn initial_modes(entries: &[Element<BatteryEntry>]) -> BTreeMap<BatteryId, OperatorMode> {
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let mode = operator_mode(e.value.as_ref()?.mode?);
            // Ids are u32; a list that long could not have been read into memory.
            let id = BatteryId(u32::try_from(i).ok()?);
            (mode != OperatorMode::Free).then_some((id, mode))
        })
        .collect()
}

fn operator_mode(m: ModeName) -> OperatorMode {
    match m {
        ModeName::Free => OperatorMode::Free,
        ModeName::Tight => OperatorMode::Tight,
        ModeName::Hold => OperatorMode::Hold,
    }
}

/// `[bmc.modes]`: weapons tight's test and the scheduled changes, which must name a
/// battery and fall within the run (`duration`, when it resolved). The changes are
/// sorted by time, stably, so that at equal times the later in the file wins.
fn modes(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    m: &ModesEntry,
    (batteries, duration): (&Names, Option<SimDuration>),
) -> Option<ModesConfig> {
    let d = TightTest::default();
    let p_hit = bounded_or(
        c,
        &loc.key("tight_p_hit"),
        m.tight_p_hit,
        (d.min_p_hit, limits::TIGHT_P_HIT),
        "tight_p_hit",
    );
    let confirmations = count_or(
        c,
        &loc.key("tight_confirmations"),
        m.tight_confirmations,
        (d.min_assessments, limits::TIGHT_CONFIRMATIONS),
        "tight_confirmations",
    );
    let changes_loc = loc.key("change");
    if !c.require(m.change.len() <= limits::MODE_CHANGES, &changes_loc, || {
        format!(
            "expected at most {} mode changes, got {}",
            limits::MODE_CHANGES,
            m.change.len()
        )
    }) {
        return None;
    }
    let mut changes = Vec::with_capacity(m.change.len());
    let mut all_resolved = true;
    for (i, entry) in m.change.iter().enumerate() {
        let at_loc = changes_loc.index(i);
        let at = c
            .seconds(
                &at_loc.key("at_s"),
                entry.at_s,
                limits::MODE_CHANGE_AT_S,
                "at_s",
            )
            .and_then(|at| {
                let within = duration.is_none_or(|run| at <= run);
                c.require(within, &at_loc.key("at_s"), || {
                    format!(
                        "expected at_s within the run, at most duration_s ({}), got {}",
                        number(duration.map_or(0.0, |d| d.as_seconds())),
                        number(entry.at_s)
                    )
                })
                .then_some(SimTime::ZERO + at)
            });
        let battery = batteries.get(&entry.battery);
        if battery.is_none() {
            c.error(
                &at_loc.key("battery"),
                format!(
                    "unknown battery \"{}\", {}",
                    entry.battery,
                    batteries.expected()
                ),
            );
        }
        match (at, battery.and_then(|b| u32::try_from(b).ok())) {
            (Some(at), Some(b)) => changes.push(ModeChange {
                at,
                battery: BatteryId(b),
                mode: operator_mode(entry.mode),
            }),
            _ => all_resolved = false,
        }
    }
    changes.sort_by_key(|ch| ch.at);
    Some(ModesConfig {
        initial: BTreeMap::new(),
        changes: all_resolved.then_some(changes)?,
        tight: TightTest {
            min_p_hit: p_hit?,
            min_assessments: confirmations?,
        },
    })
}

/// Battle-manager settings: each value given replaces its default. Mode changes name
/// `batteries` and fall within the run's `duration`.
fn bmc(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    b: &BmcSection,
    context: (&Names, Option<SimDuration>),
) -> Option<BmcConfig> {
    let d = BmcConfig::default();
    let cycle = seconds_or(
        c,
        &loc.key("cycle_s"),
        b.cycle_s,
        (d.cycle, limits::BMC_CYCLE_S),
        "cycle_s",
    );
    let tracker = tracker(
        c,
        &loc.key("tracker"),
        &b.tracker.clone().unwrap_or_default(),
        d.tracker,
    );
    let assessment = assessment(
        c,
        &loc.key("assessment"),
        &b.assessment.clone().unwrap_or_default(),
        d.assessment,
    );
    let doctrine = doctrine(
        c,
        &loc.key("doctrine"),
        &b.doctrine.clone().unwrap_or_default(),
        d.doctrine,
    );
    let modes = modes(
        c,
        &loc.key("modes"),
        &b.modes.clone().unwrap_or_default(),
        context,
    );
    Some(BmcConfig {
        cycle: cycle?,
        tracker: tracker?,
        assessment: assessment?,
        doctrine: doctrine?,
        modes: modes?,
    })
}

/// A span given in seconds within `bounds`, or the default when left out.
fn seconds_or(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    v: Option<f64>,
    (default, bounds): (SimDuration, Bounds),
    what: &str,
) -> Option<SimDuration> {
    v.map_or(Some(default), |s| c.seconds(loc, s, bounds, what))
}

/// A number within `bounds`, or the default when left out.
fn bounded_or(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    v: Option<f64>,
    (default, bounds): (f64, Bounds),
    what: &str,
) -> Option<f64> {
    v.map_or(Some(default), |x| c.bounded(loc, x, bounds, what))
}

fn count_or(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    v: Option<u32>,
    (default, bounds): (u32, (u32, u32)),
    what: &str,
) -> Option<u32> {
    v.map_or(Some(default), |n| c.count(loc, n, bounds, what))
}

fn tracker(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    t: &TrackerEntry,
    d: TrackerConfig,
) -> Option<TrackerConfig> {
    let psd = bounded_or(
        c,
        &loc.key("process_noise_psd"),
        t.process_noise_psd,
        (d.process_noise_psd, limits::PROCESS_NOISE_PSD),
        "process_noise_psd",
    );
    let sigma = bounded_or(
        c,
        &loc.key("initial_velocity_sigma_mps"),
        t.initial_velocity_sigma_mps,
        (
            d.initial_velocity_sigma.si(),
            limits::INITIAL_VELOCITY_SIGMA_MPS,
        ),
        "initial_velocity_sigma_mps",
    );
    let gate = bounded_or(
        c,
        &loc.key("gate_chi2"),
        t.gate_chi2,
        (d.gate_chi2, limits::GATE_CHI2),
        "gate_chi2",
    );
    let hits = count_or(
        c,
        &loc.key("confirm_hits"),
        t.confirm_hits,
        (d.confirm_hits, limits::CONFIRM_HITS),
        "confirm_hits",
    );
    let tentative = seconds_or(
        c,
        &loc.key("tentative_timeout_s"),
        t.tentative_timeout_s,
        (d.tentative_timeout, limits::BMC_TIMEOUT_S),
        "tentative_timeout_s",
    );
    let confirmed = seconds_or(
        c,
        &loc.key("confirmed_timeout_s"),
        t.confirmed_timeout_s,
        (d.confirmed_timeout, limits::BMC_TIMEOUT_S),
        "confirmed_timeout_s",
    );
    let capacity = count_or(
        c,
        &loc.key("max_tracks"),
        t.max_tracks,
        (
            u32::try_from(d.max_tracks).unwrap_or(u32::MAX),
            limits::MAX_TRACKS,
        ),
        "max_tracks",
    );
    let bounded = |c: &mut Checker<'_, '_>, key: &'static str, v: Option<f64>, default, b| {
        bounded_or(c, &loc.key(key), v, (default, b), key)
    };
    let acceleration_psd = bounded(
        c,
        "acceleration_noise_psd",
        t.acceleration_noise_psd,
        d.acceleration_noise_psd,
        limits::ACCELERATION_NOISE_PSD,
    );
    let ballistic_psd = bounded(
        c,
        "ballistic_noise_psd",
        t.ballistic_noise_psd,
        d.ballistic_noise_psd,
        limits::BALLISTIC_NOISE_PSD,
    );
    let inverse_beta_psd = bounded(
        c,
        "inverse_ballistic_coefficient_psd",
        t.inverse_ballistic_coefficient_psd,
        d.inverse_ballistic_coefficient_psd,
        limits::INVERSE_BALLISTIC_COEFFICIENT_PSD,
    );
    let inverse_beta_sigma = bounded(
        c,
        "inverse_ballistic_coefficient_sigma",
        t.inverse_ballistic_coefficient_sigma,
        d.inverse_ballistic_coefficient_sigma,
        limits::INVERSE_BALLISTIC_COEFFICIENT_SIGMA,
    );
    let switch_rate = bounded(
        c,
        "mode_switch_rate_hz",
        t.mode_switch_rate_hz,
        d.mode_switch_rate_hz,
        limits::MODE_SWITCH_RATE_HZ,
    );
    let ballistic_exit_rate = bounded(
        c,
        "ballistic_exit_rate_hz",
        t.ballistic_exit_rate_hz,
        d.ballistic_exit_rate_hz,
        limits::MODE_SWITCH_RATE_HZ,
    );
    let acceleration_sigma = bounded(
        c,
        "initial_acceleration_sigma_mps2",
        t.initial_acceleration_sigma_mps2,
        d.initial_acceleration_sigma_mps2,
        limits::INITIAL_ACCELERATION_SIGMA_MPS2,
    );
    let max_speed = bounded(
        c,
        "max_target_speed_mps",
        t.max_target_speed_mps,
        d.max_target_speed_mps,
        limits::MAX_TARGET_SPEED_MPS,
    );
    let max_sigma = bounded(
        c,
        "max_position_sigma_m",
        t.max_position_sigma_m,
        d.max_position_sigma_m,
        limits::MAX_POSITION_SIGMA_M,
    );
    let window = match t.reorder_window_s {
        None => Some(d.reorder_window),
        Some(s) => c
            .bounded(
                &loc.key("reorder_window_s"),
                s,
                limits::REORDER_WINDOW_S.unit(" s"),
                "reorder_window_s",
            )
            .map(SimDuration::from_seconds),
    };
    let m = hits.unwrap_or(d.confirm_hits);
    let confirm_window = count_or(
        c,
        &loc.key("confirm_window"),
        t.confirm_window,
        (d.confirm_window.max(m), (m, limits::CONFIRM_WINDOW_MAX)),
        "confirm_window (at least confirm_hits)",
    );
    let delete_misses = count_or(
        c,
        &loc.key("delete_misses"),
        t.delete_misses,
        (d.delete_misses, limits::DELETE_MISSES),
        "delete_misses",
    );
    let motion_models = match &t.motion_models {
        None => Some(d.motion_models.clone()),
        Some(list) => {
            let kinds: Vec<MotionModelKind> = list
                .iter()
                .map(|m| match m {
                    MotionModelEntry::Ncv => MotionModelKind::ConstantVelocity,
                    MotionModelEntry::Nca => MotionModelKind::ConstantAcceleration,
                    MotionModelEntry::Ballistic => MotionModelKind::Ballistic,
                })
                .collect();
            let mut sorted = kinds.clone();
            sorted.sort();
            sorted.dedup();
            let ok = !kinds.is_empty() && sorted.len() == kinds.len();
            c.require(ok, &loc.key("motion_models"), || {
                "expected motion_models to name at least one of \"ncv\", \"nca\", \"ballistic\", each at most once".to_string()
            })
            .then_some(kinds)
        }
    };
    Some(TrackerConfig {
        max_tracks: capacity? as usize,
        process_noise_psd: psd?,
        initial_velocity_sigma: Speed::metres_per_second(sigma?),
        gate_chi2: gate?,
        confirm_hits: hits?,
        tentative_timeout: tentative?,
        confirmed_timeout: confirmed?,
        filter: match t.filter {
            None => d.filter,
            Some(FilterEntry::Ekf) => FilterKind::Extended,
            Some(FilterEntry::Ukf) => FilterKind::Unscented(Default::default()),
        },
        motion_models: motion_models?,
        acceleration_noise_psd: acceleration_psd?,
        ballistic_noise_psd: ballistic_psd?,
        inverse_ballistic_coefficient_psd: inverse_beta_psd?,
        inverse_ballistic_coefficient_sigma: inverse_beta_sigma?,
        mode_switch_rate_hz: switch_rate?,
        ballistic_exit_rate_hz: ballistic_exit_rate?,
        initial_acceleration_sigma_mps2: acceleration_sigma?,
        max_target_speed_mps: max_speed?,
        associator: match t.associator {
            None => d.associator,
            Some(AssociatorEntry::Gnn) => AssociatorKind::GlobalNearestNeighbour,
            Some(AssociatorEntry::Greedy) => AssociatorKind::GreedyNearestNeighbour,
        },
        confirm_window: confirm_window?,
        delete_misses: delete_misses?,
        max_position_sigma_m: max_sigma?,
        reorder_window: window?,
    })
}

fn assessment(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    a: &AssessmentEntry,
    d: AssessmentConfig,
) -> Option<AssessmentConfig> {
    let bc_loc = loc.key("assumed_ballistic_coefficient_kg_m2");
    let vacuum = a.predict_in_vacuum.unwrap_or(false);
    let coefficient = match (vacuum, a.assumed_ballistic_coefficient_kg_m2) {
        (true, Some(_)) => {
            c.error(
                &bc_loc,
                "expected no assumed_ballistic_coefficient_kg_m2 with predict_in_vacuum = true \
                 (a vacuum prediction has no drag)",
            );
            None
        }
        (true, None) => Some(None),
        (false, Some(bc)) => c
            .bounded(
                &bc_loc,
                bc,
                limits::BALLISTIC_COEFFICIENT_KG_M2,
                "assumed_ballistic_coefficient_kg_m2",
            )
            .map(Some),
        (false, None) => Some(d.assumed_ballistic_coefficient),
    };
    let step = bounded_or(
        c,
        &loc.key("prediction_step_s"),
        a.prediction_step_s,
        (d.prediction_step_s, limits::PREDICTION_STEP_S.unit(" s")),
        "prediction_step_s",
    );
    let horizon_loc = loc.key("prediction_horizon_s");
    let horizon = bounded_or(
        c,
        &horizon_loc,
        a.prediction_horizon_s,
        (
            d.prediction_horizon_s,
            limits::PREDICTION_HORIZON_S.unit(" s"),
        ),
        "prediction_horizon_s",
    );
    let horizon = match (step, horizon) {
        (Some(s), Some(h)) if h < s => {
            c.error(
                &horizon_loc,
                format!("expected prediction_horizon_s ≥ prediction_step_s ({s}), got {h}"),
            );
            None
        }
        // Every ballistic track is predicted every cycle: the step count is its cost.
        (Some(s), Some(h)) if h / s > limits::PREDICTION_STEPS => {
            c.error(
                &horizon_loc,
                format!(
                    "expected a prediction of at most {} steps (prediction_horizon_s / \
                     prediction_step_s), got {h} / {s} = {}",
                    limits::PREDICTION_STEPS,
                    number(h / s)
                ),
            );
            None
        }
        (_, h) => h,
    };
    let margin = bounded_or(
        c,
        &loc.key("defended_area_margin_m"),
        a.defended_area_margin_m,
        (d.defended_area_margin_m, limits::DEFENDED_AREA_MARGIN_M),
        "defended_area_margin_m",
    );
    let engage_p_hit = bounded_or(
        c,
        &loc.key("engage_p_hit"),
        a.engage_p_hit,
        (d.engage_p_hit, limits::ENGAGE_P_HIT),
        "engage_p_hit",
    );
    let confident_p_hit = bounded_or(
        c,
        &loc.key("confident_p_hit"),
        a.confident_p_hit,
        (d.confident_p_hit, limits::ENGAGE_P_HIT),
        "confident_p_hit",
    );
    let confirmations = count_or(
        c,
        &loc.key("engage_confirmations"),
        a.engage_confirmations,
        (d.engage_confirmations, limits::ENGAGE_CONFIRMATIONS),
        "engage_confirmations",
    );
    let mode_probability = bounded_or(
        c,
        &loc.key("ballistic_mode_probability"),
        a.ballistic_mode_probability,
        (d.ballistic_mode_probability, limits::ENGAGE_P_HIT),
        "ballistic_mode_probability",
    );
    let mode_speed = bounded_or(
        c,
        &loc.key("ballistic_mode_min_speed_mps"),
        a.ballistic_mode_min_speed_mps,
        (
            d.ballistic_mode_min_speed_mps,
            limits::CLASSIFICATION_SPEED_MPS,
        ),
        "ballistic_mode_min_speed_mps",
    );
    let speed = bounded_or(
        c,
        &loc.key("air_breathing_max_speed_mps"),
        a.air_breathing_max_speed_mps,
        (
            d.air_breathing_max_speed_mps,
            limits::CLASSIFICATION_SPEED_MPS,
        ),
        "air_breathing_max_speed_mps",
    );
    let altitude = bounded_or(
        c,
        &loc.key("air_breathing_max_altitude_m"),
        a.air_breathing_max_altitude_m,
        (
            d.air_breathing_max_altitude_m,
            limits::CLASSIFICATION_ALTITUDE_M,
        ),
        "air_breathing_max_altitude_m",
    );
    let vertical = bounded_or(
        c,
        &loc.key("air_breathing_max_vertical_speed_mps"),
        a.air_breathing_max_vertical_speed_mps,
        (
            d.air_breathing_max_vertical_speed_mps,
            limits::CLASSIFICATION_SPEED_MPS,
        ),
        "air_breathing_max_vertical_speed_mps",
    );
    Some(AssessmentConfig {
        assumed_ballistic_coefficient: coefficient?,
        prediction_step_s: step?,
        prediction_horizon_s: horizon?,
        defended_area_margin_m: margin?,
        engage_p_hit: engage_p_hit?,
        engage_confirmations: confirmations?,
        confident_p_hit: confident_p_hit?,
        ballistic_mode_probability: mode_probability?,
        ballistic_mode_min_speed_mps: mode_speed?,
        air_breathing_max_speed_mps: speed?,
        air_breathing_max_altitude_m: altitude?,
        air_breathing_max_vertical_speed_mps: vertical?,
    })
}

fn doctrine(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    t: &DoctrineEntry,
    d: Doctrine,
) -> Option<Doctrine> {
    let salvo = count_or(
        c,
        &loc.key("salvo_size"),
        t.salvo_size,
        (d.salvo_size, limits::SALVO_SIZE),
        "salvo_size",
    );
    let max_loc = loc.key("max_shots_per_track");
    let max_shots = count_or(
        c,
        &max_loc,
        t.max_shots_per_track,
        (d.max_shots_per_track, limits::MAX_SHOTS_PER_TRACK),
        "max_shots_per_track",
    );
    let max_shots = match (salvo, max_shots) {
        (Some(s), Some(m)) if m < s => {
            c.error(
                &max_loc,
                format!("expected max_shots_per_track ≥ salvo_size ({s}), got {m}"),
            );
            None
        }
        (_, m) => m,
    };
    let delay = seconds_or(
        c,
        &loc.key("kill_assessment_delay_s"),
        t.kill_assessment_delay_s,
        (d.kill_assessment_delay, limits::BMC_DELAY_S),
        "kill_assessment_delay_s",
    );
    let step = bounded_or(
        c,
        &loc.key("intercept_search_step_s"),
        t.intercept_search_step_s,
        (
            d.intercept_search_step_s,
            limits::INTERCEPT_SEARCH_STEP_S.unit(" s"),
        ),
        "intercept_search_step_s",
    );
    let before_impact = seconds_or(
        c,
        &loc.key("min_time_before_impact_s"),
        t.min_time_before_impact_s,
        (d.min_time_before_impact, limits::BMC_DELAY_S),
        "min_time_before_impact_s",
    );
    let commit = seconds_or(
        c,
        &loc.key("launch_commit_window_s"),
        t.launch_commit_window_s,
        (d.launch_commit_window, limits::BMC_DELAY_S),
        "launch_commit_window_s",
    );
    let min_age = seconds_or(
        c,
        &loc.key("min_track_age_s"),
        t.min_track_age_s,
        (d.min_track_age, limits::BMC_DELAY_S),
        "min_track_age_s",
    );
    let cost_weight = bounded_or(
        c,
        &loc.key("cost_weight_per_musd"),
        t.cost_weight_per_musd,
        (d.cost_weight_per_musd, limits::COST_WEIGHT_PER_MUSD),
        "cost_weight_per_musd",
    );
    let general = salvo
        .zip(max_shots)
        .map(|(salvo_size, max_shots_per_track)| ShotDoctrine {
            salvo_size,
            max_shots_per_track,
        });
    let ballistic = category_shots(c, &loc.key("ballistic"), t.ballistic.as_ref(), general);
    let air_breathing = category_shots(
        c,
        &loc.key("air_breathing"),
        t.air_breathing.as_ref(),
        general,
    );
    let assignment = match t.assignment {
        None => d.assignment,
        Some(AssignmentEntry::Layered) => AssignmentRule::Layered,
        Some(AssignmentEntry::Nearest) => AssignmentRule::Nearest,
        Some(AssignmentEntry::Greedy) => AssignmentRule::Greedy,
        Some(AssignmentEntry::Local) => AssignmentRule::Local,
        Some(AssignmentEntry::Exact) => AssignmentRule::Exact,
    };
    Some(Doctrine {
        assignment,
        cost_weight_per_musd: cost_weight?,
        min_track_age: min_age?,
        launch_commit_window: commit?,
        salvo_size: salvo?,
        max_shots_per_track: max_shots?,
        kill_assessment_delay: delay?,
        intercept_search_step_s: step?,
        min_time_before_impact: before_impact?,
        engage_all: t.engage_all.unwrap_or(d.engage_all),
        ballistic: ballistic?,
        air_breathing: air_breathing?,
    })
}

/// `[bmc.doctrine.ballistic]` or `[bmc.doctrine.air_breathing]`: `Some(None)` when the
/// table is left out, its keys left out taking the `general` doctrine's values, with the
/// same bounds and max_shots_per_track ≥ salvo_size between the two it ends with.
/// `None` when a value is bad (reported), or the general ones were.
fn category_shots(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    entry: Option<&ShotsEntry>,
    general: Option<ShotDoctrine>,
) -> Option<Option<ShotDoctrine>> {
    let Some(entry) = entry else {
        return Some(None);
    };
    let salvo = entry.salvo_size.map_or(Some(None), |n| {
        c.count(&loc.key("salvo_size"), n, limits::SALVO_SIZE, "salvo_size")
            .map(Some)
    });
    let max_loc = loc.key("max_shots_per_track");
    let max_shots = entry.max_shots_per_track.map_or(Some(None), |n| {
        c.count(
            &max_loc,
            n,
            limits::MAX_SHOTS_PER_TRACK,
            "max_shots_per_track",
        )
        .map(Some)
    });
    let (salvo, max_shots, general) = (salvo?, max_shots?, general?);
    let shots = ShotDoctrine {
        salvo_size: salvo.unwrap_or(general.salvo_size),
        max_shots_per_track: max_shots.unwrap_or(general.max_shots_per_track),
    };
    if shots.max_shots_per_track < shots.salvo_size {
        // Reported where the table sets the value that breaks it: its own limit if it
        // gives one, else its salvo (against the general limit).
        let (at, message) = match max_shots {
            Some(m) => (
                &max_loc,
                format!(
                    "expected max_shots_per_track ≥ salvo_size ({}), got {m}",
                    shots.salvo_size
                ),
            ),
            None => (
                &loc.key("salvo_size"),
                format!(
                    "expected salvo_size ≤ max_shots_per_track ({}), got {}",
                    shots.max_shots_per_track, shots.salvo_size
                ),
            ),
        };
        c.error(at, message);
        return None;
    }
    Some(Some(shots))
}
