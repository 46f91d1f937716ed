//! Raids become individual threats: launch time, launch point, aim point (with CEP
//! dispersion) and, for ballistic threats, the launch solution.
//!
//! Each threat draws from streams of its own, keyed by its raid and its index in the
//! raid, so a threat's launch and aim do not change when another raid is added or edited,
//! nor when its own raid grows.

use std::sync::Arc;

use rand::Rng;
use rand_distr::StandardNormal;
use tdome_core::ids::ObjectId;
use tdome_core::rng::{Purpose, Stream, stream};
use tdome_core::{EnuFrame, Geodetic, Length, Position, SimTime};
use tdome_physics::ballistic::{LaunchCommand, LaunchError, solve_launch_shaped};
use tdome_scenario::model::{AimSpec, FlightModel, Place, Raid, Scenario, ThreatType};

/// One threat as planned before the run.
#[derive(Clone, Debug)]
pub struct PlannedThreat {
    /// Its object id.
    pub id: ObjectId,
    /// Index of its raid in the scenario.
    pub raid: usize,
    /// Its type.
    pub threat: Arc<ThreatType>,
    /// Launch time (on a tick).
    pub launch_time: SimTime,
    /// Launch point, on the ground.
    pub launch_point: Geodetic,
    /// Route points before the aim (air-breathing only).
    pub via: Vec<Geodetic>,
    /// Aim point after dispersion.
    pub aim_point: Geodetic,
    /// Launcher pointing (ballistic only).
    pub launch_command: Option<LaunchCommand>,
}

/// Why a raid could not be planned.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("raid '{raid}', threat {index}: no launch solution from ({lat:.4}°, {lon:.4}°): {source}")]
pub struct RaidError {
    /// Raid name.
    pub raid: String,
    /// Index of the threat in the raid.
    pub index: u32,
    /// Launch latitude, degrees.
    pub lat: f64,
    /// Launch longitude, degrees.
    pub lon: f64,
    /// What the solver said.
    pub source: LaunchError,
}

/// Circular error probable to the standard deviation of each horizontal axis of a
/// circular normal: CEP = σ·√(2 ln 2).
const CEP_PER_SIGMA: f64 = 1.177_410_022_515_474_6;

/// Plan every threat of every raid. Object ids are assigned in raid order, then threat
/// order within the raid.
///
/// The launch solutions, a few milliseconds of flights each and most of the time it
/// takes to build a world, are solved on every core the machine has (each solve is a
/// pure function of its inputs, so the plan is the same on any number of threads); the
/// first threat in order without a solution is the error, as when they were solved one
/// by one.
pub fn plan(scenario: &Scenario, seed: u64) -> Result<Vec<PlannedThreat>, RaidError> {
    // Every threat's draws, in order, and the launch problems they pose.
    let mut drawn = Vec::new();
    let mut problems: Vec<LaunchProblem<'_>> = Vec::new();
    for (ri, raid) in scenario.raids.iter().enumerate() {
        // Threats of one raid fired from the same point at the same aim (a launcher at a
        // point, an asset's centre, no scatter) share one launch solution: a raid of
        // 100,000 such rockets is solved once, not 100,000 times.
        let mut last_key = None;
        for index in 0..raid.count {
            let d = draw(scenario, seed, (ri, raid), index);
            let problem = match &raid.threat.flight {
                FlightModel::Ballistic(vehicle) => {
                    let key = solution_key(d.launch_point, d.aim_point);
                    if last_key != Some(key) {
                        last_key = Some(key);
                        problems.push(LaunchProblem {
                            vehicle,
                            raid,
                            launch: d.launch_point,
                            aim: d.aim_point,
                        });
                    }
                    Some(problems.len() - 1)
                }
                FlightModel::AirBreathing(_) => None,
            };
            drawn.push((ri, index, d, problem));
        }
    }
    let solutions = solve_all(&problems, scenario.tick.as_seconds());
    drawn
        .into_iter()
        .enumerate()
        .map(|(id, (ri, index, d, problem))| {
            let raid = &scenario.raids[ri];
            let launch_command = match problem {
                Some(p) => Some(solutions[p].clone().map_err(|source| RaidError {
                    raid: raid.name.clone(),
                    index,
                    lat: d.launch_point.lat_deg(),
                    lon: d.launch_point.lon_deg(),
                    source,
                })?),
                None => None,
            };
            Ok(PlannedThreat {
                id: ObjectId(id as u32),
                raid: ri,
                threat: raid.threat.clone(),
                launch_time: d.launch_time,
                launch_point: d.launch_point,
                via: raid.via.clone(),
                aim_point: d.aim_point,
                launch_command,
            })
        })
        .collect()
}

/// One launch to solve: a ballistic raid's vehicle and shape, from a launch point to an
/// aim point.
struct LaunchProblem<'s> {
    vehicle: &'s Arc<tdome_physics::ballistic::BallisticVehicle>,
    raid: &'s Raid,
    launch: Geodetic,
    aim: Geodetic,
}

/// The exact launch and aim points a solution is for (the solver is deterministic, so
/// the same points give the same command).
fn solution_key(launch: Geodetic, aim: Geodetic) -> [u64; 4] {
    [
        launch.latitude.si().to_bits(),
        launch.longitude.si().to_bits(),
        aim.latitude.si().to_bits(),
        aim.longitude.si().to_bits(),
    ]
}

/// Solve every problem at the world's tick `dt_s`, on up to as many threads as the
/// machine has cores (interleaved, so that each takes a share of every raid), in order.
fn solve_all(problems: &[LaunchProblem<'_>], dt_s: f64) -> Vec<Result<LaunchCommand, LaunchError>> {
    let solve = |p: &LaunchProblem<'_>| {
        solve_launch_shaped(p.vehicle, p.launch, p.aim, dt_s, p.raid.trajectory)
            .map(|solution| solution.command)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(problems.len());
    if threads <= 1 {
        return problems.iter().map(solve).collect();
    }
    let mut solved = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..problems.len())
                        .step_by(threads)
                        .map(|i| (i, solve(&problems[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            // A solver panic is a defect: let it surface as it would have inline.
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Vec<_>>()
    });
    solved.sort_by_key(|(i, _)| *i);
    solved.into_iter().map(|(_, solution)| solution).collect()
}

/// Where and when one threat is launched and where it is aimed: every draw of its
/// planning, without the launch solution.
struct Drawn {
    launch_time: SimTime,
    launch_point: Geodetic,
    aim_point: Geodetic,
}

/// The draws of threat `index` of raid `ri` under root seed `seed`, from its own
/// streams, in the order [`plan`] has always made them.
fn draw(scenario: &Scenario, seed: u64, (ri, raid): (usize, &Raid), index: u32) -> Drawn {
    let key = ((ri as u64) << 32) | index as u64;
    let rng = &mut stream(seed, Purpose::Raid, key);
    // Launches happen at the start of a tick: draw a tick inside the window (the first
    // one at or after its start if the window is shorter than a tick).
    let tick = scenario.tick.as_nanos();
    let first = raid.window_start.as_nanos().div_euclid(tick)
        + i64::from(raid.window_start.as_nanos().rem_euclid(tick) != 0);
    let last = raid.window_end.as_nanos().div_euclid(tick).max(first);
    let k = rng.random_range(first..=last);
    let launch_time = SimTime::from_nanos(k * tick);
    let launch_point = sample_place(&raid.launch_area, rng).with_height(Length::ZERO);
    let nominal_aim = match &raid.aim {
        AimSpec::Asset(a) => scenario.assets[a.index()].area.centre(),
        AimSpec::Place(p) => sample_place(p, rng),
    };
    let aim_point = disperse(
        nominal_aim,
        raid.cep,
        &mut stream(seed, Purpose::Dispersion, key),
    )
    .with_height(Length::ZERO);
    Drawn {
        launch_time,
        launch_point,
        aim_point,
    }
}

/// The aim point (after dispersion) of every threat, indexed by object id: the same
/// points [`plan`] gives, without solving a launch. For scoring (the summary's defended
/// value saved), not for flight.
pub fn aim_points(scenario: &Scenario, seed: u64) -> Vec<Geodetic> {
    scenario
        .raids
        .iter()
        .enumerate()
        .flat_map(|(ri, raid)| {
            (0..raid.count).map(move |index| draw(scenario, seed, (ri, raid), index).aim_point)
        })
        .collect()
}

/// A point of `place`: itself, or uniform by area inside the polygon (exactly: the
/// polygon is cut into triangles once, on its first draw, and every point lies inside).
pub fn sample_place(place: &Place, rng: &mut Stream) -> Geodetic {
    match place {
        Place::Point(g) => *g,
        Place::Polygon(poly) => poly.random_point(rng),
    }
}

/// Move `aim` by a circular-normal horizontal error with the given CEP.
fn disperse(aim: Geodetic, cep: Length, rng: &mut Stream) -> Geodetic {
    if cep.si() <= 0.0 {
        return aim;
    }
    let sigma = cep.si() / CEP_PER_SIGMA;
    let east: f64 = rng.sample::<f64, _>(StandardNormal) * sigma;
    let north: f64 = rng.sample::<f64, _>(StandardNormal) * sigma;
    let frame = EnuFrame::at(aim);
    Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(east, north, 0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::area::GeoPolygon;

    #[test]
    fn points_of_a_thin_polygon_are_drawn_inside_it_from_the_threat_stream() {
        // A V of two arms 60 km long whose tips are 1 km apart, 5 cm wide: rejection from
        // its bounding box gave up on about one threat in three and aimed at the
        // vertices' centroid, between the arms.
        let frame = EnuFrame::at(Geodetic::from_degrees(25.0, 121.0, 0.0));
        let w = 0.05;
        let v = [
            (0.0, 0.0),
            (500.0, 60_000.0),
            (500.0 - w, 60_000.0),
            (0.0, 120.0 * w),
            (w - 500.0, 60_000.0),
            (-500.0, 60_000.0),
        ]
        .map(|(x, y)| {
            Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(x, y, 0.0)))
                .with_height(Length::ZERO)
        });
        let poly = GeoPolygon::new(v.to_vec()).unwrap();
        let place = Place::Polygon(poly.clone());
        for index in 0..1_000 {
            let p = sample_place(&place, &mut stream(7, Purpose::Raid, index));
            assert!(poly.contains(&p), "threat {index}: {p:?}");
            // Each threat's point comes from its own stream alone.
            assert_eq!(
                p,
                sample_place(&place, &mut stream(7, Purpose::Raid, index))
            );
        }
    }
}
