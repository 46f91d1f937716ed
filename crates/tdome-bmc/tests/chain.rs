//! The battle manager's chain on a real ballistic trajectory: plots of a rocket flown by
//! the shared physics → a confirmed track → an impact prediction near the true impact →
//! an order from the right battery with an aim point near the true intercept position →
//! re-engagement when the shot is seen to miss. And the impact-point filter: a rocket
//! falling outside every defended area draws no fire.

mod common;

use std::sync::Arc;

use tdome_bmc::config::{ModeChange, OperatorMode, ShotDoctrine};
use tdome_bmc::{BattleManager, BmcConfig};
use tdome_core::area::GeoPolygon;
use tdome_core::defence::{
    BatteryDescription, BatteryStatus, DefendedAsset, InterceptorType, Layer, PkTable, Unavailable,
};
use tdome_core::ids::{AssetId, BatteryId};
use tdome_core::orders::{Decision, EngagementOrder, HoldReason};
use tdome_core::rng::{Purpose, stream};
use tdome_core::{
    EnuFrame, Geodetic, Length, Mass, Position, Probability, SimDuration, SimTime, Speed, Usd,
};
use tdome_physics::EcefState;
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{BallisticFlight, BallisticVehicle, solve_launch};

const DT: f64 = 0.125;

/// A 122 mm artillery rocket, constant C_d so that its ballistic coefficient after burnout
/// is exactly known.
fn rocket() -> Arc<BallisticVehicle> {
    Arc::new(BallisticVehicle {
        launch_mass: Mass::kilograms(66.6),
        propellant_mass: Mass::kilograms(20.45),
        burn_time_s: 1.8,
        specific_impulse_s: 210.0,
        reference_area_m2: std::f64::consts::PI * 0.061 * 0.061,
        drag: DragCurve::constant(0.3).expect("valid"),
        rail_exit_speed_mps: 40.0,
        upper_stages: Vec::new(),
        reentry_vehicle: None,
    })
}

fn square(centre: Geodetic, half_km: f64) -> GeoPolygon {
    let f = EnuFrame::at(centre);
    let h = half_km * 1000.0;
    GeoPolygon::new(
        [(-h, -h), (h, -h), (h, h), (-h, h)]
            .iter()
            .map(|(e, n)| Geodetic::from_ecef(&f.to_ecef(&Position::from_metres(*e, *n, 0.0))))
            .collect(),
    )
    .expect("square")
}

fn interceptor(name: &str, min_alt_km: f64, max_alt_km: f64) -> Arc<InterceptorType> {
    Arc::new(InterceptorType {
        name: name.into(),
        unit_cost: Usd::dollars(50_000.0),
        mean_speed: Speed::metres_per_second(700.0),
        max_time_of_flight: SimDuration::from_seconds(40.0),
        reaction_time: SimDuration::from_seconds(1.0),
        reload_time: None,
        min_range: Length::km(0.5),
        max_range: Length::km(25.0),
        min_altitude: Length::km(min_alt_km),
        max_altitude: Length::km(max_alt_km),
        homing_basket: Length::metres(200.0),
        pk: PkTable::by_category(Some(Probability::new(0.9).expect("p")), None),
        rcs_m2: 0.1,
        source: "test".into(),
        effector: tdome_core::defence::Effector::Missile,
    })
}

fn battery(
    id: u32,
    layer: Layer,
    site: Geodetic,
    kind: Arc<InterceptorType>,
) -> BatteryDescription {
    BatteryDescription {
        id: BatteryId(id),
        name: format!("b{id}"),
        layer,
        site,
        interceptor: kind,
        rounds: 10,
        rounds_per_launcher: 10,
        reserve_rounds: 0,
        fire_channels: 4,
    }
}

/// The true trajectory, tick by tick, from launch to impact.
fn fly(launch: Geodetic, aim: Geodetic) -> Vec<EcefState> {
    let v = rocket();
    let sol = solve_launch(&v, launch, aim, DT).expect("solution");
    let mut f = BallisticFlight::launch(v, launch, sol.command);
    let mut states = vec![*f.state()];
    while f.advance(DT).is_none() {
        states.push(*f.state());
        assert!(states.len() < 10_000, "no impact");
    }
    states
}

struct Outcome {
    /// Orders the batteries carried out.
    orders: Vec<EngagementOrder>,
    /// Orders the batteries refused.
    refused: Vec<EngagementOrder>,
    /// The latest aim point uplinked to each engagement, by engagement id.
    final_aim: std::collections::BTreeMap<u32, Position<tdome_core::Ecef>>,
    holds: Vec<HoldReason>,
    predicted_impact: Option<Geodetic>,
    /// The latest probability of hitting an asset, and the impact's error ellipse.
    p_hit: Option<f64>,
    ellipse: Option<tdome_core::orders::ErrorEllipse>,
}

/// Observe `truth` with one radar (1 s scans from 3 s after launch), cycle the battle
/// manager every 0.5 s; stop plots after `silent_after` (a kill) if given.
fn run(
    truth: &[EcefState],
    radar: Geodetic,
    bmc: &mut BattleManager,
    status: &mut [BatteryStatus],
    silent_after: Option<SimTime>,
) -> Outcome {
    run_refusing(truth, radar, bmc, status, silent_after, 0)
}

/// [`run`], with the batteries refusing the first `refuse` orders (as if a channel had
/// failed since the status was sent) and reporting each refusal back.
fn run_refusing(
    truth: &[EcefState],
    radar: Geodetic,
    bmc: &mut BattleManager,
    status: &mut [BatteryStatus],
    silent_after: Option<SimTime>,
    mut refuse: u32,
) -> Outcome {
    let model = common::model(0, radar, 15.0, 0.5e-3, 0.5e-3);
    let frame = EnuFrame::at(radar);
    let mut rng = stream(3, Purpose::SensorNoise, 0);
    let mut out = Outcome {
        orders: Vec::new(),
        refused: Vec::new(),
        final_aim: Default::default(),
        holds: Vec::new(),
        predicted_impact: None,
        p_hit: None,
        ellipse: None,
    };
    let mut pending = Vec::new();
    for (n, s) in truth.iter().enumerate() {
        let t = SimTime::from_seconds(n as f64 * DT);
        if n % 8 == 0 && n >= 24 && silent_after.is_none_or(|q| t <= q) {
            let m = frame.observe(&s.position);
            pending.push(common::noisy_plot(
                &model,
                t,
                &m,
                (15.0, 0.5e-3, 0.5e-3),
                &mut rng,
            ));
        }
        if n % 4 == 0 {
            let o = bmc.step(t, &pending, status);
            pending.clear();
            let mut refused = Vec::new();
            for order in &o.orders {
                if refuse > 0 {
                    refuse -= 1;
                    refused.push(order.engagement);
                    out.refused.push(order.clone());
                    continue;
                }
                let st = status
                    .iter_mut()
                    .find(|s| s.id == order.battery)
                    .expect("battery");
                st.take()
                    .expect("the battle manager orders within the status it was given");
                out.orders.push(order.clone());
                out.final_aim.insert(order.engagement.0, order.aim_point);
            }
            for u in &o.aim_updates {
                out.final_aim.insert(u.engagement.0, u.aim_point);
            }
            for a in &o.assessments {
                if a.predicted_impact.is_some() {
                    out.predicted_impact = a.predicted_impact;
                }
                if a.p_hit.is_some() {
                    out.p_hit = a.p_hit;
                    out.ellipse = a.impact_ellipse;
                }
                if let Decision::Hold(r) = a.decision {
                    out.holds.push(r);
                }
            }
            for e in refused {
                assert!(bmc.order_refused(e, Unavailable::NoFireChannel));
            }
        }
    }
    out
}

/// One lower-layer battery beside the city of [`setup`].
fn one_lower_battery() -> Vec<BatteryDescription> {
    let site = Geodetic::from_degrees(31.52, 34.49, 20.0);
    vec![battery(
        0,
        Layer::Lower,
        site,
        interceptor("lower", 0.1, 10.0),
    )]
}

fn setup() -> (Geodetic, Geodetic, Geodetic, DefendedAsset) {
    let launch = Geodetic::from_degrees(31.40, 34.40, 0.0);
    let city = Geodetic::from_degrees(31.55, 34.53, 0.0);
    let radar = Geodetic::from_degrees(31.50, 34.50, 30.0);
    let asset = DefendedAsset {
        id: AssetId(0),
        name: "city".into(),
        value: 10.0,
        area: square(city, 2.0),
        ground_height: tdome_core::Length::ZERO,
    };
    (launch, city, radar, asset)
}

fn status(batteries: &[BatteryDescription]) -> Vec<BatteryStatus> {
    batteries.iter().map(BatteryStatus::full).collect()
}

#[test]
fn rocket_at_a_defended_city_is_engaged_by_the_outer_feasible_layer() {
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let impact = Geodetic::from_ecef(&truth.last().expect("impact").position);
    let site = Geodetic::from_degrees(31.52, 34.49, 20.0);
    let batteries = vec![
        // An upper layer that cannot reach a rocket's few-km altitude, a middle layer
        // that can, a lower layer that can: the middle one must fire.
        battery(0, Layer::Upper, site, interceptor("upper", 40.0, 150.0)),
        battery(1, Layer::Lower, site, interceptor("lower", 0.1, 10.0)),
        battery(2, Layer::Middle, site, interceptor("middle", 0.1, 12.0)),
    ];
    let mut config = BmcConfig::default();
    // The rocket's true ballistic coefficient after burnout, m / (C_d·A).
    let v = rocket();
    config.assessment.assumed_ballistic_coefficient =
        Some(v.burnout_mass().si() / (0.3 * v.reference_area_m2));
    let mut bmc = BattleManager::new(config, vec![asset], batteries.clone());
    let mut st = status(&batteries);
    let out = run(&truth, radar, &mut bmc, &mut st, None);
    let predicted = out.predicted_impact.expect("an impact was predicted");
    let miss = predicted.to_ecef().distance_to(&impact.to_ecef()).si();
    assert!(
        miss < 150.0,
        "predicted impact {miss:.0} m from the true impact"
    );
    // The impact Gaussian lies inside the city's 4 km square: certain to hit it.
    let p_hit = out.p_hit.expect("a probability of hitting was computed");
    let ellipse = out.ellipse.expect("an impact ellipse");
    println!("P(hit) {p_hit:.4}, impact σ {ellipse:?}");
    assert!(p_hit > 0.99, "P(hit) {p_hit}");
    assert!(ellipse.sigma_major_m > 0.0 && ellipse.sigma_major_m < 1_000.0);
    let first = out.orders.first().expect("the rocket was engaged");
    assert_eq!(
        first.battery,
        BatteryId(2),
        "middle layer should fire first: {:?}",
        out.orders
    );
    // The first aim point comes from a young track; midcourse updates bring it to
    // where the rocket really is at the planned intercept time.
    let k = (first.intercept_time.as_seconds() / DT).round() as usize;
    let initial = first.aim_point.distance_to(&truth[k].position).si();
    let last = out.final_aim[&first.engagement.0]
        .distance_to(&truth[k].position)
        .si();
    println!(
        "aim error: {initial:.0} m at order, {last:.0} m after midcourse updates; impact prediction {miss:.0} m"
    );
    assert!(
        initial < 1_000.0,
        "aim point {initial:.0} m from the rocket at intercept time"
    );
    assert!(
        last < 60.0,
        "updated aim point {last:.0} m from the rocket at intercept time"
    );
    // Never engaged before the track existed, never planned after impact.
    assert!(first.intercept_time.as_seconds() < (truth.len() as f64) * DT);
    // Plots kept coming after the first intercept time (a miss): shots follow, one per
    // look, up to the doctrine's limit.
    assert!(
        out.orders.len() >= 2,
        "no re-engagement after an observed miss: {:?}",
        out.orders
    );
    for pair in out.orders.windows(2) {
        assert!(
            pair[1].launch_time >= pair[0].intercept_time,
            "shoot-look-shoot violated: {pair:?}"
        );
    }
    assert!(out.orders.len() as u32 <= BmcConfig::default().doctrine.max_shots_per_track);
}

#[test]
fn a_killed_rocket_is_not_engaged_again() {
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let batteries = one_lower_battery();
    let mut bmc = BattleManager::new(BmcConfig::default(), vec![asset.clone()], batteries.clone());
    let mut st = status(&batteries);
    // First find when the first shot would land, then replay with plots stopping there.
    let first = run(&truth, radar, &mut bmc, &mut st, None).orders[0].intercept_time;
    let mut bmc = BattleManager::new(BmcConfig::default(), vec![asset], batteries.clone());
    let mut st = status(&batteries);
    let out = run(&truth, radar, &mut bmc, &mut st, Some(first));
    assert_eq!(
        out.orders.len(),
        1,
        "a target that vanished at intercept was shot again: {:?}",
        out.orders
    );
    // Kill assessment judged it destroyed and the tracker dropped its track.
    assert_eq!(bmc.tracker().counters().tracks_killed, 1);
    assert!(bmc.picture().confirmed().next().is_none());
}

/// A rocket aimed 6 km short of the city (outside its 4 km square), one lower-layer
/// battery, and the battle manager under `config`: the run's outcome.
fn rocket_in_the_open(config: BmcConfig) -> Outcome {
    let (launch, city, radar, asset) = setup();
    let f = EnuFrame::at(city);
    let open = Geodetic::from_ecef(&f.to_ecef(&Position::from_metres(-4_000.0, -4_500.0, 0.0)));
    let truth = fly(launch, open);
    let batteries = one_lower_battery();
    let mut bmc = BattleManager::new(config, vec![asset], batteries.clone());
    let mut st = status(&batteries);
    run(&truth, radar, &mut bmc, &mut st, None)
}

#[test]
fn rocket_falling_in_the_open_draws_no_fire() {
    let out = rocket_in_the_open(BmcConfig::default());
    assert!(
        out.orders.is_empty(),
        "engaged a rocket falling in the open: {:?}",
        out.orders
    );
    assert!(out.holds.contains(&HoldReason::NotThreatening));
    assert!(out.predicted_impact.is_some());
    let p_hit = out.p_hit.expect("a probability of hitting was computed");
    assert!(
        p_hit < 0.05,
        "P(hit) {p_hit} for a rocket bound 2 km clear of the city"
    );
}

#[test]
fn engage_all_engages_a_rocket_falling_in_the_open() {
    let mut config = BmcConfig::default();
    config.doctrine.engage_all = true;
    let out = rocket_in_the_open(config);
    assert!(!out.orders.is_empty(), "engage_all held fire");
    // Its probability of hitting is still reported for what it is.
    assert!(out.p_hit.is_some_and(|p| p < 0.05));
}

/// A drone flying level at 45 m/s must be judged air-breathing from its first assessment
/// on, noisy young track or not (a ballistic verdict is final, and would predict the
/// drone falling out of the sky within seconds).
#[test]
fn a_level_drone_is_never_judged_ballistic() {
    use tdome_core::threat::TargetCategory;
    let radar = Geodetic::from_degrees(25.0, 121.5, 100.0);
    let frame = EnuFrame::at(radar);
    let model = common::model(0, radar, 30.0, 2e-3, 2e-3);
    let mut rng = stream(9, Purpose::SensorNoise, 2);
    let asset = DefendedAsset {
        id: AssetId(0),
        name: "town".into(),
        value: 10.0,
        area: square(Geodetic::from_degrees(25.0, 121.6, 0.0), 2.0),
        ground_height: tdome_core::Length::ZERO,
    };
    let mut bmc = BattleManager::new(BmcConfig::default(), vec![asset], vec![]);
    let mut categories = Vec::new();
    for k in 0..240 {
        let t = k as f64;
        // From 40 km west of the radar, heading east at 45 m/s, 1,000 m up.
        let p = frame.to_ecef(&Position::from_metres(
            -40_000.0 + 45.0 * t,
            5_000.0,
            1_000.0,
        ));
        let m = frame.observe(&p);
        let plot = common::noisy_plot(
            &model,
            SimTime::from_seconds(t),
            &m,
            (30.0, 2e-3, 2e-3),
            &mut rng,
        );
        let out = bmc.step(SimTime::from_seconds(t + 0.5), &[plot], &[]);
        categories.extend(out.assessments.iter().map(|a| a.category));
    }
    assert!(
        categories.len() > 50,
        "only {} assessments",
        categories.len()
    );
    assert!(
        categories
            .iter()
            .all(|c| *c == TargetCategory::AirBreathing),
        "{categories:?}"
    );
}

/// A threat below `confident_p_hit` is watched while a later shot stays feasible, and
/// still engaged before its window closes: with the threshold at 1 every P(hit) is
/// below it, and the rocket on the city is held `watched`, then fired on later than
/// the default (P(hit) > 0.99 on its first confirmed assessments) fires; unless its
/// battery has no fire channels to spare.
#[test]
fn a_watched_threat_is_engaged_before_its_window_closes() {
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let batteries = one_lower_battery();
    let first_shot = |confident_p_hit: f64, fire_channels: u32| {
        let mut batteries = batteries.clone();
        batteries[0].fire_channels = fire_channels;
        let mut config = BmcConfig::default();
        config.assessment.confident_p_hit = confident_p_hit;
        let mut bmc = BattleManager::new(config, vec![asset.clone()], batteries.clone());
        let mut st = status(&batteries);
        let out = run(&truth, radar, &mut bmc, &mut st, None);
        let watched = out
            .holds
            .iter()
            .filter(|&&r| r == HoldReason::Watched)
            .count();
        let first = out.orders.first().cloned().expect("the rocket was engaged");
        (first, watched)
    };
    let (at_once, watched_default) = first_shot(BmcConfig::default().assessment.confident_p_hit, 4);
    let (waited, watched) = first_shot(1.0, 4);
    // A battery without channels to spare for the deferred salvo and another does not
    // wait.
    let (busy, watched_busy) = first_shot(1.0, 1);
    println!(
        "first launch {:.1} s (default; {watched_default} watched holds), {:.1} s when watched \
         ({watched} holds); intercepts at {:.1} s and {:.1} s of a {:.1} s flight",
        at_once.launch_time.as_seconds(),
        waited.launch_time.as_seconds(),
        at_once.intercept_time.as_seconds(),
        waited.intercept_time.as_seconds(),
        truth.len() as f64 * DT
    );
    assert_eq!(watched_default, 0);
    assert_eq!(watched_busy, 0);
    assert_eq!(busy.launch_time, at_once.launch_time);
    assert!(watched > 0);
    assert!(waited.launch_time > at_once.launch_time);
    assert!(waited.intercept_time.as_seconds() < truth.len() as f64 * DT);
}

#[test]
fn a_refused_order_is_reported_back_and_the_threat_engaged_afresh() {
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let batteries = one_lower_battery();
    let mut bmc = BattleManager::new(BmcConfig::default(), vec![asset], batteries.clone());
    let mut st = status(&batteries);
    let out = run_refusing(&truth, radar, &mut bmc, &mut st, None, 1);
    let refused = out.refused.first().expect("an order was refused");
    let second = out.orders.first().expect("the threat was engaged again");
    assert_eq!(second.track, refused.track);
    // Re-engaged at once, not after the refused shot's intercept and kill assessment:
    // the book no longer counts it as a shot on its way.
    assert!(
        second.launch_time < refused.intercept_time,
        "refused {refused:?}, then {second:?}"
    );
    let book = bmc.assigner().book();
    assert_eq!(
        book[refused.engagement.index()].standing,
        tdome_bmc::assign::Standing::Refused(Unavailable::NoFireChannel)
    );
    // The battery's rounds were never touched by the refused order.
    let fired = out.orders.len() as u32;
    assert_eq!(st[0].rounds_ready, batteries[0].rounds - fired);
    // An engagement the battle manager never ordered is not in its book.
    assert!(!bmc.order_refused(tdome_core::ids::EngagementId(1_000), Unavailable::NoRounds));
}

#[test]
fn the_weapon_target_assignment_engages_what_is_worth_its_cost() {
    use tdome_bmc::config::AssignmentRule;
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let batteries = one_lower_battery();
    let run_with = |rule: AssignmentRule, lambda: f64| {
        let mut config = BmcConfig::default();
        config.doctrine.assignment = rule;
        config.doctrine.cost_weight_per_musd = lambda;
        let mut bmc = BattleManager::new(config, vec![asset.clone()], batteries.clone());
        let mut st = status(&batteries);
        run(&truth, radar, &mut bmc, &mut st, None)
    };
    // The city is worth 10 and the round costs US$50k: at λ = 0 every solver engages
    // the rocket, as the layered rule does, with the same first shot.
    let layered = run_with(AssignmentRule::Layered, 0.0);
    let first = layered.orders.first().expect("the layered rule engages");
    for rule in [
        AssignmentRule::Greedy,
        AssignmentRule::Local,
        AssignmentRule::Exact,
    ] {
        let out = run_with(rule, 0.0);
        let o = out
            .orders
            .first()
            .unwrap_or_else(|| panic!("{rule:?} engages"));
        assert_eq!(
            (o.battery, o.launch_time, o.intercept_time),
            (first.battery, first.launch_time, first.intercept_time),
            "{rule:?}"
        );
        assert!(!out.holds.contains(&HoldReason::Outweighed));
    }
    // At λ = 1,000 a round costs 50 value units, more than the city's 10 at risk
    // (times a P_k of 0.9): no shot is worth it, and the decision says so.
    let out = run_with(AssignmentRule::Local, 1_000.0);
    assert!(out.orders.is_empty(), "{:?}", out.orders);
    assert!(
        out.holds.contains(&HoldReason::Outweighed),
        "{:?}",
        out.holds
    );
    // At λ = 100 a round costs 5, less than the 9 or more it saves (10 × a P_k of 0.9,
    // more with a follow-up): it fires.
    let out = run_with(AssignmentRule::Local, 100.0);
    assert!(!out.orders.is_empty(), "{:?}", out.holds);
}

/// The rocket of [`setup`] at the city, one lower-layer battery, the battle manager
/// under `config`, the rocket's true ballistic coefficient assumed.
fn rocket_at_the_city(mut config: BmcConfig) -> (Outcome, BattleManager) {
    let (launch, city, radar, asset) = setup();
    let truth = fly(launch, city);
    let v = rocket();
    config.assessment.assumed_ballistic_coefficient =
        Some(v.burnout_mass().si() / (0.3 * v.reference_area_m2));
    let batteries = one_lower_battery();
    let mut bmc = BattleManager::new(config, vec![asset], batteries.clone());
    let mut st = status(&batteries);
    let out = run(&truth, radar, &mut bmc, &mut st, None);
    (out, bmc)
}

#[test]
fn a_battery_under_weapons_hold_never_fires() {
    let mut config = BmcConfig::default();
    config
        .modes
        .initial
        .insert(BatteryId(0), OperatorMode::Hold);
    let (out, bmc) = rocket_at_the_city(config);
    assert!(
        out.orders.is_empty(),
        "a held battery fired: {:?}",
        out.orders
    );
    // Held because of the mode while the battery had a window, and the record says so.
    assert!(
        out.holds.contains(&HoldReason::OperatorHold),
        "{:?}",
        out.holds
    );
    assert_eq!(bmc.mode(BatteryId(0)), Some(OperatorMode::Hold));
    // The same rocket draws fire from the same battery weapons free.
    let (free, _) = rocket_at_the_city(BmcConfig::default());
    assert!(!free.orders.is_empty());
}

#[test]
fn a_tight_battery_holds_a_track_a_free_one_engages() {
    // `engage_all` gives a rocket falling in the open to the nearest asset: a free
    // battery engages it, but its P(hit) (near 0) is no confidence that it is hostile.
    let mut config = BmcConfig::default();
    config.doctrine.engage_all = true;
    let free = rocket_in_the_open(config.clone());
    assert!(!free.orders.is_empty(), "the free battery held fire");
    config
        .modes
        .initial
        .insert(BatteryId(0), OperatorMode::Tight);
    let tight = rocket_in_the_open(config);
    assert!(
        tight.orders.is_empty(),
        "the tight battery engaged a track without confidence: {:?}",
        tight.orders
    );
    assert!(
        tight.holds.contains(&HoldReason::OperatorTight),
        "{:?}",
        tight.holds
    );
    // A rocket certain to hit the city (P(hit) > 0.99) passes the test: tight is not
    // hold.
    let mut config = BmcConfig::default();
    config
        .modes
        .initial
        .insert(BatteryId(0), OperatorMode::Tight);
    let (at_city, _) = rocket_at_the_city(config);
    assert!(
        !at_city.orders.is_empty(),
        "the tight battery held a sure threat"
    );
    // It waited for the test's run of assessments, where the free battery fires after
    // the engagement's own confirmation.
    let (free, _) = rocket_at_the_city(BmcConfig::default());
    assert!(at_city.orders[0].launch_time >= free.orders[0].launch_time);
}

#[test]
fn a_scheduled_change_and_the_api_are_obeyed_from_the_next_cycle() {
    let (free, _) = rocket_at_the_city(BmcConfig::default());
    let first = free.orders[0].launch_time;
    // Held from the start, free again 4 s after the free battery's first launch.
    let release = first + SimDuration::from_seconds(4.0);
    let mut config = BmcConfig::default();
    config.modes.changes = vec![
        ModeChange {
            at: SimTime::ZERO,
            battery: BatteryId(0),
            mode: OperatorMode::Hold,
        },
        ModeChange {
            at: release,
            battery: BatteryId(0),
            mode: OperatorMode::Free,
        },
    ];
    let (out, bmc) = rocket_at_the_city(config);
    assert!(!out.orders.is_empty(), "never released");
    assert!(
        out.orders.iter().all(|o| o.launch_time >= release),
        "fired before the release at {release:?}: {:?}",
        out.orders
    );
    assert!(out.holds.contains(&HoldReason::OperatorHold));
    assert_eq!(bmc.mode(BatteryId(0)), Some(OperatorMode::Free));
    // The operator's API: a battery it does not command changes nothing.
    let mut bmc = bmc;
    assert!(bmc.set_mode(BatteryId(0), OperatorMode::Tight));
    assert_eq!(bmc.mode(BatteryId(0)), Some(OperatorMode::Tight));
    assert!(!bmc.set_mode(BatteryId(7), OperatorMode::Hold));
    assert_eq!(bmc.mode(BatteryId(7)), None);
}

#[test]
fn the_salvo_follows_the_threat_category() {
    // Shoot-shoot-look against ballistic threats: the first decision fires two rounds
    // at the same intercept.
    let mut config = BmcConfig::default();
    config.doctrine.ballistic = Some(ShotDoctrine {
        salvo_size: 2,
        max_shots_per_track: 4,
    });
    let (out, _) = rocket_at_the_city(config);
    assert!(out.orders.len() >= 2, "{:?}", out.orders);
    assert_eq!(out.orders[0].intercept_time, out.orders[1].intercept_time);
    assert!(out.orders.len() <= 4);
    // A salvo of two against air-breathing threats leaves the rocket's shoot-look-shoot.
    let mut config = BmcConfig::default();
    config.doctrine.air_breathing = Some(ShotDoctrine {
        salvo_size: 2,
        max_shots_per_track: 4,
    });
    let (out, _) = rocket_at_the_city(config);
    assert!(out.orders.len() >= 2, "{:?}", out.orders);
    for pair in out.orders.windows(2) {
        assert!(
            pair[1].launch_time >= pair[0].intercept_time,
            "shoot-look-shoot violated: {pair:?}"
        );
    }
    // The ballistic shot limit binds the rocket: one shot, however many misses.
    let mut config = BmcConfig::default();
    config.doctrine.ballistic = Some(ShotDoctrine {
        salvo_size: 1,
        max_shots_per_track: 1,
    });
    let (out, _) = rocket_at_the_city(config);
    assert_eq!(out.orders.len(), 1, "{:?}", out.orders);
    assert!(out.holds.contains(&HoldReason::ShotLimit));
}
