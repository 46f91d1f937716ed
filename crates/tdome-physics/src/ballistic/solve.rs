//! Launch solutions and maximum range: searches over flights of [`BallisticFlight`].
//!
//! Every range here is that of a full flight at a given step, so the answers hold for the
//! world's own integration. Speed comes from doing the searching at a coarse step (up to
//! 1 s) and only the final corrections at the caller's step.
//!
//! Each trajectory shape is a one-parameter family of launches along an azimuth (a
//! [`Knob`]): the launch elevation with a full burn (depressed and lofted branches), or
//! the thrust cut-off time at a fixed elevation (minimum energy). The same bracketing,
//! regula falsi and Newton corrections on (knob, azimuth) serve all three.

mod newton;
mod search;

use std::sync::Arc;

use tdome_core::{Angle, Geodetic, Length};

use super::{
    BallisticVehicle, LAUNCH_TOLERANCE_M, LaunchError, LaunchSolution, MAX_LAUNCH_ELEVATION_DEG,
    MIN_BURN_FRACTION, MIN_LAUNCH_ELEVATION_DEG, TrajectoryShape,
};
use crate::geodesic;
use newton::{AimGeometry, Branch, Correction, Sensitivity};
use search::{Knob, RangeProbe, ScanStop, bracketed_root, grid_peak};

/// Elevations of the coarse scan, degrees (the first is the minimum elevation).
const GRID_DEG: [f64; 10] = [
    MIN_LAUNCH_ELEVATION_DEG,
    10.0,
    20.0,
    30.0,
    40.0,
    50.0,
    60.0,
    70.0,
    80.0,
    MAX_LAUNCH_ELEVATION_DEG,
];
/// Shortest integration step the searches accept, seconds.
const MIN_STEP_S: f64 = 1e-4;
/// Longest integration step the searches accept, seconds.
const MAX_STEP_S: f64 = 10.0;
/// A miss the solver still accepts when the fine iteration stalls, metres.
const ACCEPTABLE_MISS_M: f64 = 5.0;

/// The step used for searching: eight times the caller's, at most 1 s, never below it.
fn coarse_step(dt_s: f64) -> f64 {
    dt_s.max((8.0 * dt_s).min(1.0))
}

fn check_inputs(vehicle: &BallisticVehicle, points: &[Geodetic], dt_s: f64) -> Result<(), String> {
    vehicle.validate().map_err(|e| e.to_string())?;
    // Below 0.1 ms a search would fly tens of millions of steps per trajectory; above
    // 10 s the integration would say nothing useful about a rocket.
    if !(MIN_STEP_S..=MAX_STEP_S).contains(&dt_s) {
        return Err(format!(
            "step must be between {MIN_STEP_S} and {MAX_STEP_S} s, got {dt_s} s"
        ));
    }
    for p in points {
        if !(p.latitude.is_finite() && p.longitude.is_finite() && p.height.is_finite()) {
            return Err(format!("position {p:?} is not finite"));
        }
        if p.latitude.si().abs() > std::f64::consts::FRAC_PI_2 {
            return Err(format!("latitude {} is outside ±90°", p.lat_deg()));
        }
    }
    Ok(())
}

pub(super) fn maximum_range(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth: Angle,
    dt_s: f64,
) -> (Length, Angle) {
    if check_inputs(vehicle, &[site], dt_s).is_err() || !azimuth.is_finite() {
        return (Length::ZERO, Angle::ZERO);
    }
    let probe = RangeProbe {
        vehicle,
        site,
        azimuth,
        knob: Knob::Elevation,
    };
    let coarse = coarse_step(dt_s);
    let grid = probe.scan(coarse, ScanStop::Falling);
    let (el, _) = probe.coarse_maximum(&grid, coarse);
    let (el, r) = probe.parabolic_refine(el, 0.5f64.to_radians(), dt_s);
    if r.is_nan() {
        (Length::ZERO, Angle::ZERO)
    } else {
        (Length::metres(r), Angle::radians(el))
    }
}

/// One launch problem: vehicle, site, aim, and the steps to search at.
struct Solver<'a> {
    vehicle: &'a Arc<BallisticVehicle>,
    site: Geodetic,
    aim: AimGeometry,
    /// Ground range to the aim, metres.
    target_m: f64,
    /// Initial azimuth of the geodesic to the aim.
    azimuth: Angle,
    /// The caller's step and the searching step, seconds.
    dt_s: f64,
    coarse: f64,
}

impl Solver<'_> {
    fn range_km(&self) -> f64 {
        self.target_m / 1e3
    }

    /// Flights along the geodesic azimuth as a function of `knob`.
    fn probe(&self, knob: Knob) -> RangeProbe<'_> {
        RangeProbe {
            vehicle: self.vehicle,
            site: self.site,
            azimuth: self.azimuth,
            knob,
        }
    }
}

pub(super) fn solve_launch(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    dt_s: f64,
    shape: TrajectoryShape,
) -> Result<LaunchSolution, LaunchError> {
    check_inputs(vehicle, &[site, aim], dt_s)
        .map_err(|reason| LaunchError::InvalidInput { reason })?;
    let aim = aim.with_height(Length::ZERO);
    let line = geodesic::inverse(&site, &aim);
    let target_m = line.distance.si();
    let solver = Solver {
        vehicle,
        site,
        aim: AimGeometry::new(&site, aim, line.initial_azimuth, target_m),
        target_m,
        azimuth: line.initial_azimuth,
        dt_s,
        coarse: coarse_step(dt_s),
    };
    match shape {
        TrajectoryShape::Depressed => solver.depressed(),
        TrajectoryShape::Lofted => solver.lofted(),
        TrajectoryShape::MinimumEnergy => solver.minimum_energy(),
    }
}

impl Solver<'_> {
    /// The low branch: the flattest elevation that reaches the aim with a full burn.
    fn depressed(&self) -> Result<LaunchSolution, LaunchError> {
        let (target_m, range_km, coarse) = (self.target_m, self.range_km(), self.coarse);
        let probe = self.probe(Knob::Elevation);
        let min_el = MIN_LAUNCH_ELEVATION_DEG.to_radians();

        // 1. Bracket the low-branch elevation on the coarse grid and narrow it.
        let grid = probe.scan(coarse, ScanStop::FallingOrReached(target_m));
        let Some(&(last_el, last_r)) = grid.last() else {
            return Err(LaunchError::NoConvergence {
                miss_m: f64::INFINITY,
            });
        };
        let mut known = None;
        let (start_el, slope, ceiling) = if grid.len() == 1 && last_r >= target_m {
            // Even the flattest trajectory goes past the aim at the coarse step; check at
            // the true step before calling it too close.
            let fine_min = probe.range(min_el, self.dt_s);
            if fine_min.is_nan() || fine_min > target_m {
                return Err(LaunchError::TooClose {
                    range_km,
                    min_range_km: fine_min / 1e3,
                });
            }
            (min_el, (last_r / min_el).max(1.0), GRID_DEG[1].to_radians())
        } else if last_r >= target_m {
            let (lo_el, lo_r) = grid[grid.len() - 2];
            let (el, slope, impact) = bracketed_root(
                &probe,
                target_m,
                (lo_el, lo_r - target_m),
                (last_el, last_r - target_m),
                coarse,
                20.0,
            );
            known = impact;
            let ceiling = (last_el + 10f64.to_radians()).min(MAX_LAUNCH_ELEVATION_DEG.to_radians());
            (el, slope, ceiling)
        } else {
            // The range peaked (or the grid ended) short of the aim at the coarse step.
            let (max_el, max_r) = probe.coarse_maximum(&grid, coarse);
            let (fine_el, fine_r) = probe.parabolic_refine(max_el, 0.5f64.to_radians(), self.dt_s);
            if fine_r.is_nan() || fine_r < target_m {
                return Err(LaunchError::OutOfRange {
                    range_km,
                    max_range_km: fine_r.max(max_r) / 1e3,
                });
            }
            let low = grid
                .iter()
                .rev()
                .find(|p| p.0 < max_el && p.1 < target_m)
                .copied()
                .unwrap_or((min_el, 0.0));
            let slope = ((max_r - low.1) / (max_el - low.0)).abs().max(1.0);
            (fine_el, slope, fine_el)
        };
        let branch = Branch {
            knob: Knob::Elevation,
            bounds: (min_el, ceiling),
            rising: true,
        };
        let mut sensitivity = Sensitivity::diagonal(slope, self.aim.lateral_m_per_rad);

        // 2. Newton on both angles at the coarse step, then at the true step.
        let start = (start_el, self.azimuth);
        let outcome = self.coarse_then_fine(start, known, &mut sensitivity, branch);
        match outcome.accepted() {
            Some(solution) => Ok(solution),
            // Held at the ceiling and short, or stalled: near the peak of the range
            // curve, where the slope vanishes, or a curve too kinked for the coarse
            // step's guide.
            None => self.near_peak(&probe, &mut sensitivity, true),
        }
    }

    /// The high branch: the elevation above the maximum-range one that reaches the aim
    /// with a full burn.
    fn lofted(&self) -> Result<LaunchSolution, LaunchError> {
        let (target_m, range_km, coarse) = (self.target_m, self.range_km(), self.coarse);
        let probe = self.probe(Knob::Elevation);
        let max_el = MAX_LAUNCH_ELEVATION_DEG.to_radians();
        let lateral = self.aim.lateral_m_per_rad;

        // 1. Scan up past the peak until the range falls short of the aim.
        let grid = probe.scan(coarse, ScanStop::FallingShortOf(target_m));
        let k = grid_peak(&grid);
        let Some(&(top_el, top_r)) = grid.last() else {
            return Err(LaunchError::NoConvergence {
                miss_m: f64::INFINITY,
            });
        };
        // The lower end of the branch: the best grid point if it reaches the aim (the
        // crossing above it is then the only one up to the next grid point), otherwise
        // the refined peak, or the aim is near or beyond the maximum range.
        let (floor_el, floor_r) = if grid[k].1 >= target_m {
            grid[k]
        } else {
            let peak = probe.coarse_maximum(&grid, coarse);
            if peak.1.is_nan() || peak.1 < target_m {
                return self.near_peak(&probe, &mut Sensitivity::diagonal(-1.0, lateral), false);
            }
            peak
        };
        let mut known = None;
        // Set when only the true step can tell the aim is reachable: the coarse step,
        // which flies long, would hold Newton at the ceiling.
        let mut fine_only = false;
        let (start_el, slope) = if top_r >= target_m && top_el >= max_el {
            // Even the steepest launch goes past the aim at the coarse step; check at the
            // true step before calling it too close.
            let fine_top = probe.range(max_el, self.dt_s);
            if fine_top.is_nan() || fine_top > target_m {
                return Err(LaunchError::TooClose {
                    range_km,
                    min_range_km: fine_top / 1e3,
                });
            }
            let slope = ((floor_r - top_r) / (top_el - floor_el)).abs().max(1.0);
            fine_only = true;
            (max_el, slope)
        } else if top_r.is_nan() || top_el <= floor_el {
            // A steep flight that never landed, or a range curve with more than one
            // hump: no bracket to work with.
            return Err(LaunchError::NoConvergence {
                miss_m: f64::INFINITY,
            });
        } else {
            // The last point past the peak that still reaches the aim, if any, gives the
            // tighter bracket.
            let lower = grid
                .iter()
                .rev()
                .find(|p| p.0 > floor_el && p.0 < top_el && p.1 >= target_m)
                .copied()
                .unwrap_or((floor_el, floor_r));
            let (el, slope, impact) = bracketed_root(
                &probe,
                target_m,
                (lower.0, lower.1 - target_m),
                (top_el, top_r - target_m),
                coarse,
                20.0,
            );
            known = impact;
            (el, slope)
        };
        let branch = Branch {
            knob: Knob::Elevation,
            bounds: (floor_el, max_el),
            rising: false,
        };
        let mut sensitivity = Sensitivity::diagonal(-slope, lateral);

        // 2. Newton on both angles at the coarse step, then at the true step.
        let start = (start_el, self.azimuth);
        let outcome = if fine_only {
            self.correct(start, None, &mut sensitivity, branch, self.dt_s, 10)
        } else {
            self.coarse_then_fine(start, known, &mut sensitivity, branch)
        };
        match outcome.accepted() {
            Some(solution) => Ok(solution),
            // Held at the peak and short, or stalled: settle the peak at the true step.
            None => self.near_peak(&probe, &mut sensitivity, false),
        }
    }

    /// The fallback at the solving step: find the range curve's true peak there, then
    /// either prove the aim out of range or bracket the elevation on the wanted branch
    /// (`low`: below the peak; otherwise above it) with regula falsi at the solving step
    /// and finish with Newton on that side of the peak. Slower (a dozen fine flights) but
    /// only reached within a fraction of a percent of the maximum range.
    fn near_peak(
        &self,
        probe: &RangeProbe<'_>,
        sensitivity: &mut Sensitivity,
        low: bool,
    ) -> Result<LaunchSolution, LaunchError> {
        let (target_m, range_km, coarse, dt_s) =
            (self.target_m, self.range_km(), self.coarse, self.dt_s);
        let (min_el, max_el) = (
            MIN_LAUNCH_ELEVATION_DEG.to_radians(),
            MAX_LAUNCH_ELEVATION_DEG.to_radians(),
        );
        let grid = probe.scan(coarse, ScanStop::Falling);
        let (coarse_peak_el, _) = probe.coarse_maximum(&grid, coarse);
        let (peak_el, peak_r) = probe.parabolic_refine(coarse_peak_el, 0.5f64.to_radians(), dt_s);
        if peak_r.is_nan() || peak_r < target_m {
            let max_range_km = if peak_r.is_nan() { 0.0 } else { peak_r / 1e3 };
            return Err(LaunchError::OutOfRange {
                range_km,
                max_range_km,
            });
        }
        let short = if low {
            short_below_peak(probe, &grid, peak_el, target_m, dt_s)
        } else {
            short_above_peak(probe, peak_el, target_m, dt_s)
        };
        let Some((short_el, short_r)) = short else {
            if !low {
                // Every grid elevation up to the steepest went past the aim (or never
                // landed): the aim may be inside the high branch's minimum range.
                let steepest = probe.range(max_el, dt_s);
                if steepest > target_m {
                    return Err(LaunchError::TooClose {
                        range_km,
                        min_range_km: steepest / 1e3,
                    });
                }
            }
            return Err(LaunchError::NoConvergence {
                miss_m: f64::INFINITY,
            });
        };
        let (short_end, peak_end) = ((short_el, short_r - target_m), (peak_el, peak_r - target_m));
        let (a, b) = if low {
            (short_end, peak_end)
        } else {
            (peak_end, short_end)
        };
        let (el, slope, impact) =
            bracketed_root(probe, target_m, a, b, dt_s, 0.5 * LAUNCH_TOLERANCE_M);
        sensitivity.set_slope(if low { slope } else { -slope });
        let branch = Branch {
            knob: Knob::Elevation,
            bounds: if low {
                (min_el, peak_el)
            } else {
                (peak_el, max_el)
            },
            rising: low,
        };
        let outcome = self.correct((el, probe.azimuth), impact, sensitivity, branch, dt_s, 10);
        if let Some(solution) = outcome.accepted() {
            return Ok(solution);
        }
        match outcome {
            Correction::ShortAtLimit => Err(LaunchError::OutOfRange {
                range_km,
                max_range_km: peak_r / 1e3,
            }),
            Correction::Stalled { best } => Err(LaunchError::NoConvergence {
                miss_m: best.map_or(f64::INFINITY, |b| b.2),
            }),
            Correction::Converged { miss_m, .. } => Err(LaunchError::NoConvergence { miss_m }),
        }
    }

    /// Minimum energy, approximately: the full-burn maximum-range elevation along the
    /// geodesic azimuth, and the thrust cut-off time (and azimuth) that reach the aim.
    fn minimum_energy(&self) -> Result<LaunchSolution, LaunchError> {
        let (target_m, coarse) = (self.target_m, self.coarse);

        // 1. The maximum-range elevation at the coarse step. The range curve is flat at
        // its peak, so the coarse step's elevation costs only a second-order share of
        // range and no refinement at the true step is needed.
        let elevations = self.probe(Knob::Elevation);
        let grid = elevations.scan(coarse, ScanStop::Falling);
        let (elevation, full_burn_r) = elevations.coarse_maximum(&grid, coarse);
        let probe = self.probe(Knob::Cutoff { elevation });
        let burn_s = self.vehicle.total_burn_time_s();
        let shortest_s = MIN_BURN_FRACTION * burn_s;

        // 2. Bracket the cut-off time (the range rises with it) and narrow it, at the
        // coarse step unless the aim is near either end of the bracket.
        let shortest_r = probe.range(shortest_s, coarse);
        let (step, shortest_r, full_burn_r) = if full_burn_r >= target_m && shortest_r <= target_m {
            (coarse, shortest_r, full_burn_r)
        } else {
            let (low, high) = self.cutoff_ends(&probe, shortest_s, burn_s)?;
            (self.dt_s, low, high)
        };
        let tolerance_m = if step > self.dt_s {
            20.0
        } else {
            0.5 * LAUNCH_TOLERANCE_M
        };
        let (cutoff_s, slope, impact) = bracketed_root(
            &probe,
            target_m,
            (shortest_s, shortest_r - target_m),
            (burn_s, full_burn_r - target_m),
            step,
            tolerance_m,
        );
        let branch = Branch {
            knob: Knob::Cutoff { elevation },
            bounds: (shortest_s, burn_s),
            rising: true,
        };
        let mut sensitivity = Sensitivity::diagonal(slope, self.aim.lateral_m_per_rad);

        // 3. Newton on cut-off time and azimuth.
        let start = (cutoff_s, self.azimuth);
        let outcome = if step > self.dt_s {
            self.coarse_then_fine(start, impact, &mut sensitivity, branch)
        } else {
            self.correct(start, impact, &mut sensitivity, branch, self.dt_s, 10)
        };
        if let Some(solution) = outcome.accepted() {
            return Ok(solution);
        }
        // The coarse step misled Newton (or the aim is just beyond a full burn): start
        // again from a bracket at the true step.
        let (low, high) = self.cutoff_ends(&probe, shortest_s, burn_s)?;
        let (cutoff_s, slope, impact) = bracketed_root(
            &probe,
            target_m,
            (shortest_s, low - target_m),
            (burn_s, high - target_m),
            self.dt_s,
            0.5 * LAUNCH_TOLERANCE_M,
        );
        sensitivity.set_slope(slope);
        let outcome = self.correct(
            (cutoff_s, self.azimuth),
            impact,
            &mut sensitivity,
            branch,
            self.dt_s,
            10,
        );
        outcome.accepted().ok_or_else(|| match outcome {
            Correction::ShortAtLimit => LaunchError::OutOfRange {
                range_km: self.range_km(),
                max_range_km: high / 1e3,
            },
            Correction::Stalled { best } => LaunchError::NoConvergence {
                miss_m: best.map_or(f64::INFINITY, |b| b.2),
            },
            Correction::Converged { miss_m, .. } => LaunchError::NoConvergence { miss_m },
        })
    }

    /// The ranges of the shortest allowed burn and of a full burn at the true step,
    /// or why the aim lies outside them.
    fn cutoff_ends(
        &self,
        probe: &RangeProbe<'_>,
        shortest_s: f64,
        burn_s: f64,
    ) -> Result<(f64, f64), LaunchError> {
        let (target_m, range_km) = (self.target_m, self.range_km());
        let high = probe.range(burn_s, self.dt_s);
        // Also catches a NaN range (a flight that never landed).
        if high.is_nan() || high < target_m {
            return Err(LaunchError::OutOfRange {
                range_km,
                max_range_km: if high.is_nan() { 0.0 } else { high / 1e3 },
            });
        }
        let low = probe.range(shortest_s, self.dt_s);
        if low.is_nan() || low > target_m {
            return Err(LaunchError::TooClose {
                range_km,
                min_range_km: low / 1e3,
            });
        }
        Ok((low, high))
    }
}

/// A grid elevation below the peak whose range at `dt_s` falls short of the target, else
/// the minimum elevation if that does; `None` if neither does (or never lands).
fn short_below_peak(
    probe: &RangeProbe<'_>,
    grid: &[(f64, f64)],
    peak_el: f64,
    target_m: f64,
    dt_s: f64,
) -> Option<(f64, f64)> {
    let min_el = MIN_LAUNCH_ELEVATION_DEG.to_radians();
    let low_el = grid
        .iter()
        .rev()
        .map(|p| p.0)
        .find(|&el| el < peak_el)
        .unwrap_or(min_el);
    let low_r = probe.range(low_el, dt_s);
    let (low_el, low_r) = if low_r < target_m {
        (low_el, low_r)
    } else {
        (min_el, probe.range(min_el, dt_s))
    };
    // Also rejects a NaN range (a flight that never landed).
    (low_r < target_m).then_some((low_el, low_r))
}

/// The lowest grid elevation above the peak whose range at `dt_s` falls short of the
/// target; `None` if none does.
fn short_above_peak(
    probe: &RangeProbe<'_>,
    peak_el: f64,
    target_m: f64,
    dt_s: f64,
) -> Option<(f64, f64)> {
    GRID_DEG
        .iter()
        .map(|deg| deg.to_radians())
        .filter(|&el| el > peak_el)
        .map(|el| (el, probe.range(el, dt_s)))
        .find(|p| p.1 < target_m)
}
