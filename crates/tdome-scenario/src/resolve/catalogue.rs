//! `threats.toml` and `interceptors.toml` → [`Catalogue`].

use std::sync::Arc;

use tdome_core::defence::{ByThreat, Effector, GunBurst, InterceptorType, Laser};
use tdome_core::threat::ThreatKind;
use tdome_core::{Angle, Geodetic, Length, Mass, Probability, Speed, Usd};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticVehicle, ReentryVehicle, STANDARD_GRAVITY, UpperStage, Weave,
    circular_reference_area_m2, maximum_range,
};
use tdome_physics::interceptor::{
    CarletonDamage, GravityBias, Guidance, InterceptorAirframe, InterceptorModel, LateralLimit,
    LaunchPhase, MotorPhase, PnLaw,
};

use crate::check::{Bounds, Checker, NameTable, plain};
use crate::diagnostic::{Diagnostic, sort_in_file_order};
use crate::document::{Document, Loc};
use crate::file::MachCd;
use crate::file::catalogue::{
    AirBreathingEntry, AirframeEntry, BallisticEntry, ByThreatEntry, GuidanceEntry, GunEntry,
    InterceptorEntry, KindName, LaserEntry, LaunchModeName, MotorEntry, PnLawName,
    ReentryVehicleEntry, ThreatEntry, UpperStageEntry, WeaveEntry,
};
use crate::limits;
use crate::model::{AirBreathingProfile, Catalogue, FlightModel, ThreatType};

/// Check and resolve both catalogue files, reporting every problem in either.
pub(crate) fn resolve(
    threats: &Document<'_>,
    interceptors: &Document<'_>,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let threat_types = resolve_threats(threats, &mut out);
    let interceptor_types = resolve_interceptors(interceptors, &mut out);
    sort_in_file_order(&mut out);
    match (threat_types, interceptor_types) {
        (Some(threats), Some(interceptors)) if out.is_empty() => {
            let models = interceptors
                .iter()
                .filter_map(|(t, m)| Some((t.name.clone(), m.clone()?)))
                .collect();
            Ok(Catalogue {
                threats,
                interceptors: interceptors.into_iter().map(|(t, _)| t).collect(),
                interceptor_models: models,
                radars: Vec::new(),
            })
        }
        _ => Err(out),
    }
}

fn resolve_threats(doc: &Document<'_>, out: &mut Vec<Diagnostic>) -> Option<Vec<Arc<ThreatType>>> {
    doc.check_top_level(&["threat"], out);
    let elements = doc.elements::<ThreatEntry>("threat", out);
    let mut c = Checker::new(doc, out);
    let mut names = NameTable::new("threat");
    let resolved: Vec<Option<Arc<ThreatType>>> = elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(name) = &e.name {
                names.add(&mut c, i, name, &e.loc.key("name"));
            }
            threat(&mut c, &e.loc, e.value.as_ref()?).map(Arc::new)
        })
        .collect();
    resolved.into_iter().collect()
}

fn kind_of(k: KindName) -> ThreatKind {
    match k {
        KindName::BallisticMissile => ThreatKind::BallisticMissile,
        KindName::Rocket => ThreatKind::Rocket,
        KindName::CruiseMissile => ThreatKind::CruiseMissile,
        KindName::Drone => ThreatKind::Drone,
    }
}

fn threat(c: &mut Checker<'_, '_>, loc: &Loc, t: &ThreatEntry) -> Option<ThreatType> {
    let kind = kind_of(t.kind);
    let rcs = c.bounded(&loc.key("rcs_m2"), t.rcs_m2, limits::RCS_M2, "rcs_m2");
    let damage = c.within(
        &loc.key("damage_per_hit"),
        t.damage_per_hit,
        (0.0, 1.0),
        "damage_per_hit",
        " (a fraction of the asset's value)",
    );
    let published = t.published_max_range_km.map(|km| {
        c.bounded(
            &loc.key("published_max_range_km"),
            km,
            limits::THREAT_RANGE_KM,
            "published_max_range_km",
        )
        .map(Length::km)
    });
    let cost = t.unit_cost_usd.map(|usd| {
        c.bounded(
            &loc.key("unit_cost_usd"),
            usd,
            limits::UNIT_COST_USD,
            "unit_cost_usd",
        )
        .map(Usd::dollars)
    });
    let flight = flight(c, loc, kind, t);
    let unit_cost = match cost {
        Some(cost) => Some(cost?),
        None => None,
    };
    let published = match published {
        Some(range) => Some(range?),
        None => None,
    };
    if let Some(FlightModel::Ballistic(vehicle)) = &flight
        && !flies_as_published(c, loc, vehicle, published)
    {
        return None;
    }
    let rcs = rcs?;
    // The re-entry vehicle's own figure was checked with it; without one it keeps the
    // threat's.
    let reentry_rcs_m2 = t
        .ballistic
        .as_ref()
        .and_then(|b| b.reentry_vehicle.as_ref())
        .map(|rv| rv.rcs_m2.unwrap_or(rcs));
    Some(ThreatType {
        name: t.name.clone(),
        kind,
        flight: flight?,
        rcs_m2: rcs,
        reentry_rcs_m2,
        damage_per_hit: damage?,
        published_max_range: published,
        unit_cost,
        source: t.source.clone(),
    })
}

/// Where and how finely the modelled maximum range of a catalogue entry is measured:
/// due north from a point in the Taiwan Strait, at the default world tick. Earth
/// rotation and the tick move the figure by a few per cent at most; a scenario's own
/// raids are checked again at their own sites, directions and tick.
const RANGE_CHECK_SITE_DEG: (f64, f64) = (24.0, 119.0);
const RANGE_CHECK_STEP_S: f64 = 0.125;

/// A ballistic vehicle must be able to come down (below orbital speed) and, flown by the
/// physics, reach about as far as its published range: the figures of an entry are
/// chosen to match the public one, and a vehicle that misses it by far (a propellant
/// mass mistyped) would let scenarios aim it where it cannot fly. Reported at the
/// `[threat.ballistic]` table; true when the vehicle passes.
fn flies_as_published(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    vehicle: &Arc<BallisticVehicle>,
    published: Option<Length>,
) -> bool {
    let here = loc.key("ballistic");
    let delta_v = vehicle.ideal_delta_v_mps();
    if !c.require(delta_v <= limits::VEHICLE_DELTA_V_MPS, &here, || {
        format!(
            "expected a vehicle that cannot reach orbit (ideal velocity change Isp · g0 · \
             ln(launch mass / burnout mass) at most {} m/s), got {delta_v:.0} m/s",
            limits::VEHICLE_DELTA_V_MPS
        )
    }) {
        return false;
    }
    let (lat, lon) = RANGE_CHECK_SITE_DEG;
    let site = Geodetic::from_degrees(lat, lon, 0.0);
    let (modelled, _) = maximum_range(vehicle, site, Angle::ZERO, RANGE_CHECK_STEP_S);
    if !c.require(modelled.si() > 0.0, &here, || {
        "expected a vehicle that flies: the physics finds no trajectory that lands \
         beyond the launcher"
            .to_owned()
    }) {
        return false;
    }
    let Some(published) = published else {
        return true;
    };
    let error = modelled / published - 1.0;
    c.require(
        error.abs() <= limits::MODELLED_RANGE_TOLERANCE,
        &here,
        || {
            format!(
                "expected the vehicle, flown by the physics, to reach within {}% of \
                 published_max_range_km ({} km), but it reaches {} km ({:+.1}%): check the \
                 masses, burn time, specific impulse, diameter and drag",
                plain(limits::MODELLED_RANGE_TOLERANCE * 100.0),
                plain(published.as_km()),
                plain(modelled.as_km()),
                100.0 * error
            )
        },
    )
}

/// The flight model the kind calls for: exactly one of the two sub-tables.
fn flight(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    kind: ThreatKind,
    t: &ThreatEntry,
) -> Option<FlightModel> {
    let ballistic_kind = matches!(kind, ThreatKind::BallisticMissile | ThreatKind::Rocket);
    let (wanted, unwanted) = if ballistic_kind {
        ("ballistic", "air_breathing")
    } else {
        ("air_breathing", "ballistic")
    };
    let kind_name = kind.name();
    let unwanted_present = if ballistic_kind {
        t.air_breathing.is_some()
    } else {
        t.ballistic.is_some()
    };
    if unwanted_present {
        c.error(
            &loc.key(unwanted),
            format!(
                "unexpected `[threat.{unwanted}]` for kind \"{kind_name}\", expected only \
                 `[threat.{wanted}]`"
            ),
        );
    }
    let model = match (ballistic_kind, &t.ballistic, &t.air_breathing) {
        (true, Some(b), _) => {
            ballistic(c, &loc.key("ballistic"), b).map(|v| FlightModel::Ballistic(Arc::new(v)))
        }
        (false, _, Some(a)) => {
            air_breathing(c, &loc.key("air_breathing"), a).map(FlightModel::AirBreathing)
        }
        _ => {
            c.error(
                &loc.key("kind"),
                format!("missing `[threat.{wanted}]`, expected it for kind \"{kind_name}\""),
            );
            None
        }
    };
    if unwanted_present { None } else { model }
}

fn ballistic(c: &mut Checker<'_, '_>, loc: &Loc, b: &BallisticEntry) -> Option<BallisticVehicle> {
    let launch = c.bounded(
        &loc.key("launch_mass_kg"),
        b.launch_mass_kg,
        limits::VEHICLE_MASS_KG,
        "launch_mass_kg",
    );
    let propellant = c.bounded(
        &loc.key("propellant_mass_kg"),
        b.propellant_mass_kg,
        limits::VEHICLE_MASS_KG,
        "propellant_mass_kg",
    );
    if let (Some(l), Some(p)) = (launch, propellant) {
        c.require(p < l, &loc.key("propellant_mass_kg"), || {
            format!("expected propellant_mass_kg < launch_mass_kg ({l}), got {p}")
        });
    }
    let burn = c.bounded(
        &loc.key("burn_time_s"),
        b.burn_time_s,
        limits::BURN_TIME_S,
        "burn_time_s",
    );
    let isp = c.bounded(
        &loc.key("specific_impulse_s"),
        b.specific_impulse_s,
        limits::SPECIFIC_IMPULSE_S,
        "specific_impulse_s",
    );
    let diameter = c.bounded(
        &loc.key("diameter_m"),
        b.diameter_m,
        limits::DIAMETER_M,
        "diameter_m",
    );
    let rail = c.bounded(
        &loc.key("rail_exit_speed_mps"),
        b.rail_exit_speed_mps,
        limits::RAIL_EXIT_SPEED_MPS,
        "rail_exit_speed_mps",
    );
    let drag = drag_curve(c, &loc.key("drag"), &b.drag);
    let upper = upper_stages(c, &loc.key("upper_stage"), &b.upper_stage);
    let reentry = b
        .reentry_vehicle
        .as_ref()
        .map(|rv| reentry_vehicle(c, &loc.key("reentry_vehicle"), rv));
    let (launch, propellant) = (launch?, propellant?);
    if propellant >= launch {
        return None;
    }
    let diameter = diameter?;
    let vehicle = BallisticVehicle {
        launch_mass: Mass::kilograms(launch),
        propellant_mass: Mass::kilograms(propellant),
        burn_time_s: burn?,
        specific_impulse_s: isp?,
        reference_area_m2: circular_reference_area_m2(Length::metres(diameter)),
        drag: drag?,
        rail_exit_speed_mps: rail?,
        upper_stages: upper?,
        reentry_vehicle: match reentry {
            Some(rv) => Some(rv?),
            None => None,
        },
    };
    // What is left after every burn and drop must be a body, and more than the re-entry
    // vehicle that separates from it: reported where the last mass that breaks it is.
    let spent: f64 = b
        .upper_stage
        .iter()
        .map(|s| s.spent_stage_mass_kg + s.propellant_mass_kg)
        .sum();
    let left = launch - propellant - spent;
    let (here, floor, what) = match &b.reentry_vehicle {
        Some(rv) => (
            loc.key("reentry_vehicle").key("mass_kg"),
            rv.mass_kg,
            format!("the re-entry vehicle's {} kg", plain(rv.mass_kg)),
        ),
        None => (
            if b.upper_stage.is_empty() {
                loc.key("propellant_mass_kg")
            } else {
                loc.key("upper_stage")
            },
            0.0,
            "nothing".to_owned(),
        ),
    };
    if !c.require(left > floor, &here, || {
        format!(
            "expected the stages to leave more than {what} after every burn and drop, but \
             launch_mass_kg ({}) less the propellant and spent stages ({}) leaves {} kg",
            plain(launch),
            plain(launch - left),
            plain(left)
        )
    }) {
        return None;
    }
    // The physics' own check, the last word on what it flies.
    match vehicle.validate() {
        Ok(()) => Some(vehicle),
        Err(e) => {
            c.error(loc, format!("cannot fly this vehicle: {e}"));
            None
        }
    }
}

fn upper_stages(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    stages: &[UpperStageEntry],
) -> Option<Vec<UpperStage>> {
    if !c.require(stages.len() <= limits::UPPER_STAGES, loc, || {
        format!(
            "expected at most {} upper stages, got {}",
            limits::UPPER_STAGES,
            stages.len()
        )
    }) {
        return None;
    }
    let resolved: Vec<Option<UpperStage>> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let here = loc.index(i);
            let spent = c.bounded(
                &here.key("spent_stage_mass_kg"),
                s.spent_stage_mass_kg,
                limits::SPENT_STAGE_MASS_KG,
                "spent_stage_mass_kg",
            );
            let coast = c.bounded(
                &here.key("coast_s"),
                s.coast_s,
                limits::STAGING_DELAY_S,
                "coast_s",
            );
            let propellant = c.bounded(
                &here.key("propellant_mass_kg"),
                s.propellant_mass_kg,
                limits::VEHICLE_MASS_KG,
                "propellant_mass_kg",
            );
            let burn = c.bounded(
                &here.key("burn_time_s"),
                s.burn_time_s,
                limits::BURN_TIME_S,
                "burn_time_s",
            );
            let isp = c.bounded(
                &here.key("specific_impulse_s"),
                s.specific_impulse_s,
                limits::SPECIFIC_IMPULSE_S,
                "specific_impulse_s",
            );
            Some(UpperStage {
                spent_stage_mass: Mass::kilograms(spent?),
                coast_s: coast?,
                propellant_mass: Mass::kilograms(propellant?),
                burn_time_s: burn?,
                specific_impulse_s: isp?,
            })
        })
        .collect();
    resolved.into_iter().collect()
}

fn reentry_vehicle(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    rv: &ReentryVehicleEntry,
) -> Option<ReentryVehicle> {
    let mass = c.bounded(
        &loc.key("mass_kg"),
        rv.mass_kg,
        limits::VEHICLE_MASS_KG,
        "mass_kg",
    );
    let diameter = c.bounded(
        &loc.key("diameter_m"),
        rv.diameter_m,
        limits::DIAMETER_M,
        "diameter_m",
    );
    let drag = drag_curve(c, &loc.key("drag"), &rv.drag);
    let delay = c.bounded(
        &loc.key("separation_delay_s"),
        rv.separation_delay_s,
        limits::STAGING_DELAY_S,
        "separation_delay_s",
    );
    let rcs = rv
        .rcs_m2
        .map(|r| c.bounded(&loc.key("rcs_m2"), r, limits::RCS_M2, "rcs_m2"));
    let weave = rv.weave.as_ref().map(|w| weave(c, &loc.key("weave"), w));
    if let Some(rcs) = rcs {
        rcs?;
    }
    Some(ReentryVehicle {
        mass: Mass::kilograms(mass?),
        reference_area_m2: circular_reference_area_m2(Length::metres(diameter?)),
        drag: drag?,
        separation_delay_s: delay?,
        weave: match weave {
            Some(w) => Some(w?),
            None => None,
        },
    })
}

fn weave(c: &mut Checker<'_, '_>, loc: &Loc, w: &WeaveEntry) -> Option<Weave> {
    let start = c.bounded(
        &loc.key("start_altitude_km"),
        w.start_altitude_km,
        limits::WEAVE_START_ALTITUDE_KM,
        "start_altitude_km",
    );
    let accel = c.bounded(
        &loc.key("acceleration_g"),
        w.acceleration_g,
        limits::WEAVE_ACCELERATION_G,
        "acceleration_g",
    );
    let period = c.bounded(
        &loc.key("period_s"),
        w.period_s,
        limits::WEAVE_PERIOD_S,
        "period_s",
    );
    Some(Weave {
        start_height_m: start? * 1e3,
        acceleration_mps2: accel? * STANDARD_GRAVITY,
        period_s: period?,
    })
}

/// The drag table, each point checked where it is written; the physics crate's own
/// check runs after, as the last word on what it accepts.
fn drag_curve(c: &mut Checker<'_, '_>, loc: &Loc, points: &[MachCd]) -> Option<DragCurve> {
    if !c.require(!points.is_empty(), loc, || {
        "expected at least one [mach, cd] drag point, got none".to_owned()
    }) {
        return None;
    }
    if !c.require(points.len() <= limits::DRAG_POINTS, loc, || {
        format!(
            "expected at most {} [mach, cd] drag points, got {}",
            limits::DRAG_POINTS,
            points.len()
        )
    }) {
        return None;
    }
    let mut ok = true;
    for (i, p) in points.iter().enumerate() {
        let here = loc.index(i);
        ok &= c
            .bounded(&here.index(0), p.mach, limits::DRAG_MACH, "a Mach number")
            .is_some();
        ok &= c
            .bounded(&here.index(1), p.cd, limits::DRAG_CD, "a drag coefficient")
            .is_some();
        if i > 0 {
            let before = points[i - 1].mach;
            ok &= c.require(p.mach > before, &here.index(0), || {
                format!(
                    "expected drag Mach numbers to increase strictly, got {} after {before}",
                    p.mach
                )
            });
        }
    }
    if !ok {
        return None;
    }
    match DragCurve::new(points.iter().map(|p| (p.mach, p.cd)).collect()) {
        Ok(curve) => Some(curve),
        Err(e) => {
            c.error(loc, format!("expected a usable drag curve: {e}"));
            None
        }
    }
}

fn air_breathing(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    a: &AirBreathingEntry,
) -> Option<AirBreathingProfile> {
    let speed = c.bounded(
        &loc.key("speed_mps"),
        a.speed_mps,
        limits::AIR_BREATHING_SPEED_MPS,
        "speed_mps",
    );
    let altitude = c.bounded(
        &loc.key("cruise_altitude_m"),
        a.cruise_altitude_m,
        limits::CRUISE_ALTITUDE_M,
        "cruise_altitude_m",
    );
    let dive = c.bounded(
        &loc.key("terminal_dive_range_m"),
        a.terminal_dive_range_m,
        limits::TERMINAL_DIVE_RANGE_M,
        "terminal_dive_range_m",
    );
    let range = c.bounded(
        &loc.key("max_range_km"),
        a.max_range_km,
        limits::THREAT_RANGE_KM,
        "max_range_km",
    );
    Some(AirBreathingProfile {
        speed: Speed::metres_per_second(speed?),
        cruise_altitude: Length::metres(altitude?),
        terminal_dive_range: Length::metres(dive?),
        max_range: Length::km(range?),
    })
}

/// An interceptor type and, for a guided missile, the model its flyout is flown with.
type ResolvedInterceptor = (Arc<InterceptorType>, Option<Arc<InterceptorModel>>);

fn resolve_interceptors(
    doc: &Document<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<ResolvedInterceptor>> {
    doc.check_top_level(&["interceptor"], out);
    let elements = doc.elements::<InterceptorEntry>("interceptor", out);
    let mut c = Checker::new(doc, out);
    let mut names = NameTable::new("interceptor");
    let resolved: Vec<Option<ResolvedInterceptor>> = elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(name) = &e.name {
                names.add(&mut c, i, name, &e.loc.key("name"));
            }
            let entry = e.value.as_ref()?;
            let model = interceptor_model(&mut c, &e.loc, entry);
            let kind = interceptor(&mut c, &e.loc, entry).map(Arc::new);
            Some((kind?, model?.map(Arc::new)))
        })
        .collect();
    resolved.into_iter().collect()
}

fn interceptor(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    t: &InterceptorEntry,
) -> Option<InterceptorType> {
    let cost = c.bounded(
        &loc.key("unit_cost_usd"),
        t.unit_cost_usd,
        limits::UNIT_COST_USD,
        "unit_cost_usd",
    );
    let effector = effector(c, loc, t);
    // By the tables given, so that a laser or gun whose own table is wrong still has
    // the rest of its entry checked as what it is (a type that claims to be both is
    // reported above, and checked as a gun).
    let laser = t.laser.is_some() && t.gun.is_none();
    let unflown = laser || t.gun.is_some();
    // A missile's mean speed is its planning figure; a gun's comes from its shells and a
    // laser's beam is there at once (its time is the dwell).
    let speed = match (&effector, t.mean_speed_mps) {
        (_, Some(_)) if unflown => {
            c.error(
                &loc.key("mean_speed_mps"),
                "expected no `mean_speed_mps` with `[interceptor.gun]` or `[interceptor.laser]` \
                 (the time to the threat comes from the gun's shells or the laser's dwell)",
            );
            None
        }
        (None, _) => None,
        (Some(Effector::Missile), Some(v)) => c
            .bounded(
                &loc.key("mean_speed_mps"),
                v,
                limits::INTERCEPTOR_SPEED_MPS,
                "mean_speed_mps",
            )
            .map(Speed::metres_per_second),
        (Some(Effector::Missile), None) => {
            c.error(loc, "missing field `mean_speed_mps` (a missile needs one)");
            None
        }
        (Some(Effector::Gun(g)), _) => Some(g.muzzle_velocity),
        (Some(Effector::Laser(_)), _) => Some(Speed::metres_per_second(SPEED_OF_LIGHT_MPS)),
    };
    let basket = needed_unless_laser(
        c,
        loc,
        ("homing_basket_m", t.homing_basket_m),
        laser,
        limits::HOMING_BASKET_M,
    );
    let rcs = needed_unless_laser(c, loc, ("rcs_m2", t.rcs_m2), laser, limits::RCS_M2);
    let tof = c.seconds(
        &loc.key("max_time_of_flight_s"),
        t.max_time_of_flight_s,
        limits::INTERCEPTOR_TIME_OF_FLIGHT_S,
        "max_time_of_flight_s",
    );
    let reaction = c.seconds(
        &loc.key("reaction_time_s"),
        t.reaction_time_s,
        limits::INTERCEPTOR_REACTION_S,
        "reaction_time_s",
    );
    // `None` inside: no reload; an outer `None`: a bad figure (reported).
    let reload = match t.reload_time_s {
        None => Some(None),
        Some(v) => c
            .seconds(
                &loc.key("reload_time_s"),
                v,
                limits::INTERCEPTOR_RELOAD_S,
                "reload_time_s",
            )
            .map(Some),
    };
    let (min_range, max_range) = interval(
        c,
        loc,
        ("min_range_km", t.min_range_km),
        ("max_range_km", t.max_range_km),
        limits::INTERCEPTOR_RANGE_KM,
    );
    let (min_alt, max_alt) = interval(
        c,
        loc,
        ("min_altitude_km", t.min_altitude_km),
        ("max_altitude_km", t.max_altitude_km),
        limits::INTERCEPTOR_ALTITUDE_KM,
    );
    let pk = by_threat(c, &loc.key("pk"), t.pk, |c, key, v| c.probability(key, v));
    Some(InterceptorType {
        name: t.name.clone(),
        unit_cost: Usd::dollars(cost?),
        mean_speed: speed?,
        max_time_of_flight: tof?,
        reaction_time: reaction?,
        reload_time: reload?,
        min_range: Length::km(min_range?),
        max_range: Length::km(max_range?),
        min_altitude: Length::km(min_alt?),
        max_altitude: Length::km(max_alt?),
        homing_basket: Length::metres(basket?),
        pk: pk?,
        rcs_m2: rcs?,
        source: t.source.clone(),
        effector: effector?,
    })
}

/// The speed of light in vacuum, m/s (exact, by the SI's definition of the metre): a
/// laser's "flyout" speed.
const SPEED_OF_LIGHT_MPS: f64 = 299_792_458.0;

/// A figure every type but a laser needs (`None` inside: a laser, which has none; an
/// outer `None`: a problem, reported).
fn needed_unless_laser(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    (key, v): (&'static str, Option<f64>),
    laser: bool,
    bounds: Bounds,
) -> Option<f64> {
    match (v, laser) {
        (Some(v), false) => c.bounded(&loc.key(key), v, bounds, key),
        (None, true) => Some(0.0),
        (None, false) => {
            c.error(loc, format!("missing field `{key}`"));
            None
        }
        (Some(_), true) => {
            c.error(
                &loc.key(key),
                format!("expected no `{key}` with `[interceptor.laser]` (nothing flies)"),
            );
            None
        }
    }
}

/// What the type kills with: a laser (`[interceptor.laser]`), a gun
/// (`[interceptor.gun]`) or else a missile; at most one of the laser, the gun and an
/// airframe.
fn effector(c: &mut Checker<'_, '_>, loc: &Loc, t: &InterceptorEntry) -> Option<Effector> {
    let tables = [
        ("airframe", t.airframe.is_some()),
        ("gun", t.gun.is_some()),
        ("laser", t.laser.is_some()),
    ];
    let given: Vec<&str> = tables.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect();
    if given.len() > 1 {
        c.error(
            &loc.key(given[1]),
            format!(
                "expected at most one of `[interceptor.airframe]`, `[interceptor.gun]` and \
                 `[interceptor.laser]`, got `[interceptor.{}]` and `[interceptor.{}]`",
                given[0], given[1]
            ),
        );
        return None;
    }
    if let Some(g) = &t.gun {
        return gun(c, &loc.key("gun"), g).map(Effector::Gun);
    }
    if let Some(l) = &t.laser {
        return laser(c, &loc.key("laser"), l).map(Effector::Laser);
    }
    Some(Effector::Missile)
}

fn gun(c: &mut Checker<'_, '_>, loc: &Loc, g: &GunEntry) -> Option<GunBurst> {
    let rounds = c.count(
        &loc.key("rounds_per_burst"),
        g.rounds_per_burst,
        limits::ROUNDS_PER_BURST,
        "rounds_per_burst",
    );
    let rate = c.bounded(
        &loc.key("rate_of_fire_rpm"),
        g.rate_of_fire_rpm,
        limits::RATE_OF_FIRE_RPM,
        "rate_of_fire_rpm",
    );
    let v0 = c.bounded(
        &loc.key("muzzle_velocity_mps"),
        g.muzzle_velocity_mps,
        limits::MUZZLE_VELOCITY_MPS,
        "muzzle_velocity_mps",
    );
    let mass = c.bounded(
        &loc.key("shell_mass_kg"),
        g.shell_mass_kg,
        limits::SHELL_MASS_KG,
        "shell_mass_kg",
    );
    let calibre = c.bounded(
        &loc.key("calibre_mm"),
        g.calibre_mm,
        limits::CALIBRE_MM,
        "calibre_mm",
    );
    let cd = c.bounded(
        &loc.key("drag_coefficient"),
        g.drag_coefficient,
        limits::SHELL_DRAG_COEFFICIENT,
        "drag_coefficient",
    );
    let reference = c.bounded(
        &loc.key("pattern_reference_range_km"),
        g.pattern_reference_range_km,
        limits::PATTERN_REFERENCE_RANGE_KM,
        "pattern_reference_range_km",
    );
    let area = circular_reference_area_m2(Length::metres(calibre? / 1000.0));
    // Sea-level density of the 1976 standard: the fire-control tables' reference.
    let rho0 = tdome_physics::atmosphere::density(0.0);
    Some(GunBurst {
        rounds_per_burst: rounds?,
        rate_of_fire_rpm: rate?,
        muzzle_velocity: Speed::metres_per_second(v0?),
        drag_per_m: rho0 * cd? * area / (2.0 * mass?),
        pattern_reference_range: Length::km(reference?),
    })
}

fn laser(c: &mut Checker<'_, '_>, loc: &Loc, l: &LaserEntry) -> Option<Laser> {
    let wavelength = c.bounded(
        &loc.key("wavelength_um"),
        l.wavelength_um,
        limits::LASER_WAVELENGTH_UM,
        "wavelength_um",
    );
    let reference = c.bounded(
        &loc.key("reference_range_km"),
        l.reference_range_km,
        limits::LASER_REFERENCE_RANGE_KM,
        "reference_range_km",
    );
    let dwell = by_threat(c, &loc.key("dwell_s"), l.dwell_s, |c, key, v| {
        c.bounded(key, v, limits::LASER_DWELL_S, "dwell_s")
    });
    let wavelength = wavelength?;
    // The catalogue's figures are for clear air; a scenario's `[weather]` sets the
    // run's (`Laser::in_weather`).
    let clear = tdome_physics::optics::aerosol_extinction_per_m(
        Length::km(tdome_physics::optics::CLEAR_AIR_VISIBILITY_KM),
        wavelength,
    );
    Some(Laser {
        dwell_s: dwell?,
        reference_range: Length::km(reference?),
        wavelength_um: wavelength,
        extinction_per_m: clear,
        reference_extinction_per_m: clear,
    })
}

/// The flyout model of a guided interceptor: `[interceptor.airframe]` and
/// `[interceptor.guidance]` together, or neither (a round that is not a guided
/// missile). `Some(None)` for neither, `None` when something is wrong (reported).
fn interceptor_model(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    t: &InterceptorEntry,
) -> Option<Option<InterceptorModel>> {
    let (a, g) = match (&t.airframe, &t.guidance) {
        (None, None) => return Some(None),
        (Some(a), Some(g)) => (a, g),
        (Some(_), None) => {
            c.error(
                &loc.key("airframe"),
                "missing `[interceptor.guidance]`, expected it with `[interceptor.airframe]`",
            );
            return None;
        }
        (None, Some(_)) => {
            c.error(
                &loc.key("guidance"),
                "missing `[interceptor.airframe]`, expected it with `[interceptor.guidance]`",
            );
            return None;
        }
    };
    let tof = t.max_time_of_flight_s;
    let airframe = airframe(c, &loc.key("airframe"), a, tof);
    let guidance = guidance(c, &loc.key("guidance"), g);
    let lethal = c.bounded(
        &loc.key("airframe").key("lethal_radius_m"),
        a.lethal_radius_m,
        limits::LETHAL_RADIUS_M,
        "lethal_radius_m",
    );
    let seeker = c.bounded(
        &loc.key("guidance").key("seeker_acquisition_range_km"),
        g.seeker_acquisition_range_km,
        limits::SEEKER_RANGE_KM,
        "seeker_acquisition_range_km",
    );
    // The category's P_k is the direct-hit P_k (docs/physics.md): the damage function
    // carries the fall-off with miss distance only.
    let lethality = CarletonDamage::new(Probability::ONE, Length::metres(lethal?)).ok()?;
    Some(Some(InterceptorModel {
        airframe: airframe?,
        guidance: guidance?,
        seeker_acquisition_range: Length::km(seeker?),
        lethality,
    }))
}

fn motor(c: &mut Checker<'_, '_>, loc: &Loc, m: &MotorEntry) -> Option<MotorPhase> {
    let thrust = c.bounded(
        &loc.key("thrust_n"),
        m.thrust_n,
        limits::MOTOR_THRUST_N,
        "thrust_n",
    );
    let burn = c.bounded(
        &loc.key("burn_time_s"),
        m.burn_time_s,
        limits::BURN_TIME_S,
        "burn_time_s",
    );
    let propellant = c.bounded(
        &loc.key("propellant_mass_kg"),
        m.propellant_mass_kg,
        limits::MOTOR_PROPELLANT_KG,
        "propellant_mass_kg",
    );
    Some(MotorPhase {
        thrust_n: thrust?,
        burn_time_s: burn?,
        propellant_mass: Mass::kilograms(propellant?),
    })
}

fn airframe(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    a: &AirframeEntry,
    max_time_of_flight_s: f64,
) -> Option<InterceptorAirframe> {
    let launch = c.bounded(
        &loc.key("launch_mass_kg"),
        a.launch_mass_kg,
        limits::AIRFRAME_MASS_KG,
        "launch_mass_kg",
    );
    let diameter = c.bounded(
        &loc.key("diameter_m"),
        a.diameter_m,
        limits::DIAMETER_M,
        "diameter_m",
    );
    let rail = c.bounded(
        &loc.key("rail_exit_speed_mps"),
        a.rail_exit_speed_mps,
        limits::RAIL_EXIT_SPEED_MPS,
        "rail_exit_speed_mps",
    );
    let drag = drag_curve(c, &loc.key("drag"), &a.drag);
    let load = c.bounded(
        &loc.key("max_load_factor_g"),
        a.max_load_factor_g,
        limits::LOAD_FACTOR_G,
        "max_load_factor_g",
    );
    let cn = c.bounded(
        &loc.key("max_normal_force_coefficient"),
        a.max_normal_force_coefficient,
        limits::NORMAL_FORCE_COEFFICIENT,
        "max_normal_force_coefficient",
    );
    let deflection = c.bounded(
        &loc.key("max_thrust_deflection_deg"),
        a.max_thrust_deflection_deg,
        limits::THRUST_DEFLECTION_DEG,
        "max_thrust_deflection_deg",
    );
    let divert = match a.divert_acceleration_g {
        Some(g) => c.bounded(
            &loc.key("divert_acceleration_g"),
            g,
            limits::DIVERT_ACCELERATION_G,
            "divert_acceleration_g",
        ),
        None => Some(0.0),
    };
    let boost = motor(c, &loc.key("boost"), &a.boost);
    let sustain = a.sustain.map(|s| motor(c, &loc.key("sustain"), &s));
    let sustain = match sustain {
        Some(s) => Some(s?),
        None => None,
    };
    let (launch, boost) = (launch?, boost?);
    let propellant = boost.propellant_mass.si() + sustain.map_or(0.0, |s| s.propellant_mass.si());
    if !c.require(propellant < launch, &loc.key("launch_mass_kg"), || {
        format!(
            "expected launch_mass_kg above the propellant of boost and sustain ({}), got \
             {launch}",
            plain(propellant)
        )
    }) {
        return None;
    }
    let airframe = InterceptorAirframe {
        launch_mass: Mass::kilograms(launch),
        boost,
        sustain,
        reference_area_m2: circular_reference_area_m2(Length::metres(diameter?)),
        drag: drag?,
        lateral_limit: LateralLimit {
            max_load_factor: load?,
            max_normal_force_coefficient: Some(cn?),
            max_thrust_deflection: Angle::degrees(deflection?),
            divert_acceleration_mps2: divert? * STANDARD_GRAVITY,
        },
        max_time_of_flight_s,
        rail_exit_speed_mps: rail?,
    };
    // The physics crate's own check is the last word on what it flies.
    match airframe.validate() {
        Ok(()) => Some(airframe),
        Err(e) => {
            c.error(
                loc,
                format!("expected an airframe the physics can fly: {e}"),
            );
            None
        }
    }
}

/// The heading error to the aim point at which a vertically (or elevated-) launched
/// interceptor ends its turn and proportional navigation takes over (assumed, 5°).
const VERTICAL_LAUNCH_CAPTURE_DEG: f64 = 5.0;

fn guidance(c: &mut Checker<'_, '_>, loc: &Loc, g: &GuidanceEntry) -> Option<Guidance> {
    let n = c.bounded(
        &loc.key("navigation_constant"),
        g.navigation_constant,
        limits::NAVIGATION_CONSTANT,
        "navigation_constant",
    );
    let tau = c.bounded(
        &loc.key("time_constant_s"),
        g.time_constant_s,
        limits::GUIDANCE_TIME_CONSTANT_S,
        "time_constant_s",
    );
    let hold = c.bounded(
        &loc.key("launch_hold_s"),
        g.launch_hold_s,
        limits::LAUNCH_HOLD_S,
        "launch_hold_s",
    );
    let elevation = match (g.launch, g.launch_elevation_deg) {
        (LaunchModeName::Elevated, Some(e)) => c.bounded(
            &loc.key("launch_elevation_deg"),
            e,
            limits::LAUNCH_ELEVATION_DEG,
            "launch_elevation_deg",
        ),
        (LaunchModeName::Elevated, None) => {
            c.error(
                &loc.key("launch"),
                "expected `launch_elevation_deg` with `launch = \"elevated\"`",
            );
            None
        }
        (_, Some(_)) => {
            c.error(
                &loc.key("launch_elevation_deg"),
                "expected `launch_elevation_deg` only with `launch = \"elevated\"`",
            );
            None
        }
        (_, None) => Some(90.0),
    };
    let (hold, elevation) = (hold?, elevation?);
    let launch = match g.launch {
        LaunchModeName::Trained => LaunchPhase::AlongPipLine { hold_s: hold },
        LaunchModeName::Vertical | LaunchModeName::Elevated => LaunchPhase::FixedElevation {
            elevation: Angle::degrees(elevation),
            unguided_s: hold,
            capture: Angle::degrees(VERTICAL_LAUNCH_CAPTURE_DEG),
        },
    };
    let guidance = Guidance {
        law: match g.law {
            PnLawName::True => PnLaw::True,
            PnLawName::Pure => PnLaw::Pure,
        },
        navigation_constant: n?,
        time_constant_s: tau?,
        // Chosen per target when flown.
        gravity_bias: GravityBias::None,
        launch,
    };
    match guidance.validate() {
        Ok(()) => Some(guidance),
        Err(e) => {
            c.error(loc, format!("expected guidance the physics can fly: {e}"));
            None
        }
    }
}

/// A `[min, max]` pair of keys in one table, both within `bounds`, with min < max.
pub(crate) fn interval(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    (min_key, min): (&'static str, f64),
    (max_key, max): (&'static str, f64),
    bounds: Bounds,
) -> (Option<f64>, Option<f64>) {
    let lo = c.bounded(&loc.key(min_key), min, bounds, min_key);
    let hi = c.bounded(&loc.key(max_key), max, bounds, max_key);
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

/// A figure by category and kind (`pk`, a laser's `dwell_s`), each checked by `figure`.
fn by_threat<T: Copy>(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    entry: ByThreatEntry,
    figure: impl Fn(&mut Checker<'_, '_>, &Loc, f64) -> Option<T>,
) -> Option<ByThreat<T>> {
    let ballistic = entry.ballistic.map(|p| figure(c, &loc.key("ballistic"), p));
    let air = entry
        .air_breathing
        .map(|p| figure(c, &loc.key("air_breathing"), p));
    if ballistic.is_none() && air.is_none() {
        c.error(
            loc,
            "expected a figure for at least one of `ballistic` and `air_breathing`, got neither",
        );
        return None;
    }
    let ballistic = ballistic.map_or(Some(None), |p| p.map(Some))?;
    let air_breathing = air.map_or(Some(None), |p| p.map(Some))?;
    let mut table = ByThreat::by_category(ballistic, air_breathing);
    let kinds = [
        (ThreatKind::BallisticMissile, entry.ballistic_missile),
        (ThreatKind::Rocket, entry.rocket),
        (ThreatKind::CruiseMissile, entry.cruise_missile),
        (ThreatKind::Drone, entry.drone),
    ];
    let mut whole = true;
    for (kind, value) in kinds {
        let Some(value) = value else { continue };
        let key = loc.key(kind.name());
        let category = kind.category();
        if table.against(category).is_none() {
            c.error(
                &key,
                format!(
                    "a figure against `{}` refines the one against `{}`, which is missing \
                     (the battle manager plans with the category's figure)",
                    kind.name(),
                    category.name()
                ),
            );
            whole = false;
            continue;
        }
        match figure(c, &key, value) {
            Some(p) => table.by_kind[kind.index()] = Some(p),
            None => whole = false,
        }
    }
    whole.then_some(table)
}
