//! Launch solutions and maximum range: searches over flights of [`BallisticFlight`].
//!
//! Every range here is that of a full flight at a given step, so the answers hold for the
//! world's own integration. Speed comes from doing the searching at a coarse step (up to
//! 1 s) and only the final corrections at the caller's step.

use std::sync::Arc;

use nalgebra::{Matrix2, Vector2};
use tdome_core::units::wrap_pi;
use tdome_core::{Angle, EnuFrame, Geodetic, Length};

use super::{
    BallisticFlight, BallisticVehicle, GroundImpact, LAUNCH_TOLERANCE_M, LaunchCommand,
    LaunchError, LaunchSolution, MAX_FLIGHT_TIME_S, MAX_LAUNCH_ELEVATION_DEG,
    MIN_LAUNCH_ELEVATION_DEG,
};
use crate::geodesic;

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
/// Mean Earth radius, metres, for the cross-range sensitivity to azimuth.
const MEAN_RADIUS_M: f64 = 6_371_008.8;
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

/// Fly a whole trajectory at step `dt_s` and return its impact, if it lands within
/// [`MAX_FLIGHT_TIME_S`] with a finite state.
fn fly(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    command: LaunchCommand,
    dt_s: f64,
) -> Option<GroundImpact> {
    let mut flight = BallisticFlight::launch(Arc::clone(vehicle), site, command);
    let steps = (MAX_FLIGHT_TIME_S / dt_s).ceil() as u64;
    for _ in 0..steps {
        if let Some(impact) = flight.advance(dt_s) {
            return Some(impact);
        }
        if !flight.state().is_finite() {
            return None;
        }
    }
    None
}

/// One flight's outcome along a fixed azimuth.
struct RangeProbe<'a> {
    vehicle: &'a Arc<BallisticVehicle>,
    site: Geodetic,
    azimuth: Angle,
}

impl RangeProbe<'_> {
    /// Ground range (geodesic, metres) at elevation `el` (radians) and step `dt_s`; NaN
    /// if the vehicle never lands.
    fn range(&self, el: f64, dt_s: f64) -> f64 {
        self.flight(el, dt_s).map_or(f64::NAN, |(range, _)| range)
    }

    /// Ground range (metres) and impact at elevation `el` (radians) and step `dt_s`.
    fn flight(&self, el: f64, dt_s: f64) -> Option<(f64, GroundImpact)> {
        let command = LaunchCommand {
            azimuth: self.azimuth,
            elevation: Angle::radians(el),
        };
        let impact = fly(self.vehicle, self.site, command, dt_s)?;
        Some((
            geodesic::inverse(&self.site, &impact.point).distance.si(),
            impact,
        ))
    }

    /// The elevation (radians) of the greatest range inside [lo, hi] at `dt_s`, by golden
    /// section down to `tolerance` radians, with the best range found.
    fn golden_maximum(&self, mut lo: f64, mut hi: f64, dt_s: f64, tolerance: f64) -> (f64, f64) {
        let ratio = 0.5 * (5f64.sqrt() - 1.0);
        let mut x1 = hi - ratio * (hi - lo);
        let mut x2 = lo + ratio * (hi - lo);
        let (mut f1, mut f2) = (self.range(x1, dt_s), self.range(x2, dt_s));
        while hi - lo > tolerance {
            // NaN (never landed) counts as worse than any range.
            if f1.is_nan() || f1 < f2 {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + ratio * (hi - lo);
                f2 = self.range(x2, dt_s);
            } else {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - ratio * (hi - lo);
                f1 = self.range(x1, dt_s);
            }
        }
        if f1.is_nan() || f2 > f1 {
            (x2, f2)
        } else {
            (x1, f1)
        }
    }

    /// Refine a coarse maximum at elevation `el` with a parabola through three flights at
    /// `dt_s` spaced `delta` radians, plus a flight at its vertex. Returns the best
    /// (elevation, range).
    fn parabolic_refine(&self, el: f64, delta: f64, dt_s: f64) -> (f64, f64) {
        let (min_el, max_el) = (
            MIN_LAUNCH_ELEVATION_DEG.to_radians(),
            MAX_LAUNCH_ELEVATION_DEG.to_radians(),
        );
        let centre = el.clamp(min_el + delta, max_el - delta);
        let xs = [centre - delta, centre, centre + delta];
        let ys = xs.map(|x| self.range(x, dt_s));
        let mut best = (xs[1], ys[1]);
        for (x, y) in xs.iter().zip(ys) {
            if !y.is_nan() && (best.1.is_nan() || y > best.1) {
                best = (*x, y);
            }
        }
        let curvature = ys[0] - 2.0 * ys[1] + ys[2];
        if curvature < 0.0 {
            let vertex = centre + 0.5 * delta * (ys[0] - ys[2]) / curvature;
            let vertex = vertex.clamp(xs[0], xs[2]);
            let y = self.range(vertex, dt_s);
            if !y.is_nan() && y > best.1 {
                best = (vertex, y);
            }
        }
        best
    }

    /// Coarse scan of [`GRID_DEG`], stopping once the range falls. Returns the
    /// (elevation, range) pairs flown, in order.
    fn scan(&self, dt_s: f64, stop_at: Option<f64>) -> Vec<(f64, f64)> {
        let mut out = Vec::with_capacity(GRID_DEG.len());
        for deg in GRID_DEG {
            let el = deg.to_radians();
            let r = self.range(el, dt_s);
            out.push((el, r));
            let n = out.len();
            let falling = n >= 2 && (r.is_nan() || r < out[n - 2].1);
            let reached = stop_at.is_some_and(|target| r >= target);
            if falling || reached {
                break;
            }
        }
        out
    }

    /// The maximum of the coarse scan `grid`, refined by golden section at `coarse`:
    /// (elevation, range).
    fn coarse_maximum(&self, grid: &[(f64, f64)], coarse: f64) -> (f64, f64) {
        // A flight that never landed (NaN) ranks below every real range.
        let key = |i: usize| {
            let r = grid[i].1;
            if r.is_nan() { f64::NEG_INFINITY } else { r }
        };
        let k = (0..grid.len())
            .max_by(|&i, &j| key(i).total_cmp(&key(j)))
            .unwrap_or(0);
        let lo = grid[k.saturating_sub(1)].0;
        let hi = grid.get(k + 1).map_or(grid[k].0, |p| p.0);
        if hi - lo < 1e-9 {
            return grid[k];
        }
        let (el, r) = self.golden_maximum(lo, hi, coarse, 0.2f64.to_radians());
        if r.is_nan() || r < grid[k].1 {
            grid[k]
        } else {
            (el, r)
        }
    }
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
    };
    let coarse = coarse_step(dt_s);
    let grid = probe.scan(coarse, None);
    let (el, _) = probe.coarse_maximum(&grid, coarse);
    let (el, r) = probe.parabolic_refine(el, 0.5f64.to_radians(), dt_s);
    if r.is_nan() {
        (Length::ZERO, Angle::ZERO)
    } else {
        (Length::metres(r), Angle::radians(el))
    }
}

/// Where the aim is and how misses are measured there.
struct AimGeometry {
    frame: EnuFrame,
    /// Unit direction of flight at the aim, in the aim's east-north plane.
    along: Vector2<f64>,
    /// Cross-range displacement of the impact per radian of azimuth, metres.
    lateral_m_per_rad: f64,
}

impl AimGeometry {
    fn new(site: &Geodetic, aim: Geodetic, azimuth: Angle, range_m: f64) -> Self {
        let frame = EnuFrame::at(aim);
        let from_site = frame.to_enu(&site.to_ecef());
        let back = Vector2::new(from_site.metres().x, from_site.metres().y);
        let along = if back.norm() > 1e-6 {
            -back.normalize()
        } else {
            Vector2::new(azimuth.sin(), azimuth.cos())
        };
        let lateral = (MEAN_RADIUS_M * (range_m / MEAN_RADIUS_M).sin()).max(1.0);
        AimGeometry {
            frame,
            along,
            lateral_m_per_rad: lateral,
        }
    }

    /// (down-range, cross-range) miss of an impact, metres: positive when long and when
    /// right of the line of flight.
    fn miss(&self, impact: &GroundImpact) -> (f64, f64) {
        let e = self.frame.to_enu(&impact.state.position);
        let (x, y) = (e.metres().x, e.metres().y);
        (
            x * self.along.x + y * self.along.y,
            x * self.along.y - y * self.along.x,
        )
    }
}

/// How a round of Newton corrections ended.
enum Correction {
    Converged {
        command: LaunchCommand,
        impact: GroundImpact,
        miss_m: f64,
    },
    /// Held at the highest allowed elevation and still short.
    ShortAtCeiling,
    Stalled {
        best: Option<(LaunchCommand, GroundImpact, f64)>,
    },
}

/// The sensitivity of the (down-range, cross-range) miss to (elevation, azimuth), metres
/// per radian, kept up to date by Broyden's rank-one updates. Elevation also moves the
/// impact sideways (a longer flight turns further under the Earth's rotation), so the
/// off-diagonal terms save a fine-step flight.
#[derive(Clone, Copy, Debug)]
struct Sensitivity {
    m: Matrix2<f64>,
}

impl Sensitivity {
    fn diagonal(slope: f64, lateral: f64) -> Self {
        Sensitivity {
            m: Matrix2::new(slope, 0.0, 0.0, lateral),
        }
    }

    /// The Newton step (Δel, Δaz) that cancels `miss`, falling back to the diagonal if
    /// the matrix is near singular.
    fn step(&self, miss: Vector2<f64>) -> Vector2<f64> {
        match self.m.try_inverse() {
            Some(inverse) if inverse.iter().all(|x| x.is_finite()) => -(inverse * miss),
            _ => Vector2::new(-miss.x / self.m[(0, 0)], -miss.y / self.m[(1, 1)]),
        }
    }

    /// Broyden's update from a move `dx` that changed the miss by `df`. The range must
    /// keep rising with elevation (the low branch); an update that says otherwise is
    /// dropped.
    fn update(&mut self, dx: Vector2<f64>, df: Vector2<f64>) {
        let norm2 = dx.norm_squared();
        // Also catches NaN.
        if norm2.is_nan() || norm2 <= 1e-24 {
            return;
        }
        let updated = self.m + (df - self.m * dx) * dx.transpose() / norm2;
        if updated.iter().all(|x| x.is_finite()) && updated[(0, 0)] > 0.0 && updated[(1, 1)] > 0.0 {
            self.m = updated;
        }
    }
}

struct Solver<'a> {
    vehicle: &'a Arc<BallisticVehicle>,
    site: Geodetic,
    aim: AimGeometry,
    target_m: f64,
}

impl Solver<'_> {
    /// Newton corrections of elevation and azimuth on the (down-range, cross-range) miss
    /// at step `dt_s`, starting from `command` (whose impact may already be known), with
    /// the elevation kept in [floor, ceiling] radians.
    #[allow(clippy::too_many_arguments)]
    fn correct(
        &self,
        mut command: LaunchCommand,
        mut known: Option<GroundImpact>,
        sensitivity: &mut Sensitivity,
        (floor, ceiling): (f64, f64),
        dt_s: f64,
        tolerance_m: f64,
        iterations: usize,
    ) -> Correction {
        let mut best: Option<(LaunchCommand, GroundImpact, f64)> = None;
        let mut previous: Option<(LaunchCommand, Vector2<f64>)> = None;
        for _ in 0..iterations {
            let Some(impact) = known
                .take()
                .or_else(|| fly(self.vehicle, self.site, command, dt_s))
            else {
                return Correction::Stalled { best };
            };
            let (down, cross) = self.aim.miss(&impact);
            let miss = Vector2::new(down, cross);
            let miss_m = miss.norm();
            if best.as_ref().is_none_or(|b| miss_m < b.2) {
                best = Some((command, impact, miss_m));
            }
            if miss_m < tolerance_m {
                return Correction::Converged {
                    command,
                    impact,
                    miss_m,
                };
            }
            let (el, az) = (command.elevation.si(), command.azimuth.si());
            if let Some((before, miss_before)) = previous {
                let dx = Vector2::new(
                    el - before.elevation.si(),
                    wrap_pi(az - before.azimuth.si()),
                );
                sensitivity.update(dx, miss - miss_before);
            }
            previous = Some((command, miss));
            if el >= ceiling && down < -tolerance_m {
                return Correction::ShortAtCeiling;
            }
            let dx = sensitivity.step(miss);
            command = LaunchCommand {
                azimuth: Angle::radians(az + dx.y).wrap_two_pi(),
                elevation: Angle::radians((el + dx.x).clamp(floor, ceiling)),
            };
        }
        Correction::Stalled { best }
    }
}

/// Regula falsi (Illinois) on range(el) − target inside a bracket at step `dt_s`,
/// stopping within `tolerance_m`. Returns the elevation, the bracket's final slope
/// (metres per radian), and the impact of the flight at that elevation.
fn bracketed_root(
    probe: &RangeProbe<'_>,
    target_m: f64,
    (mut a, mut fa): (f64, f64),
    (mut b, mut fb): (f64, f64),
    dt_s: f64,
    tolerance_m: f64,
) -> (f64, f64, Option<GroundImpact>) {
    let mut side = 0i8;
    let mut x = b;
    let mut impact = None;
    for _ in 0..30 {
        x = (a * fb - b * fa) / (fb - fa);
        if !(x > a && x < b) {
            x = 0.5 * (a + b);
        }
        let flown = probe.flight(x, dt_s);
        let fx = flown.map_or(f64::NAN, |(r, _)| r - target_m);
        impact = flown.map(|(_, i)| i);
        if fx.is_nan() || fx.abs() < tolerance_m || b - a < 1e-9 {
            break;
        }
        if fx < 0.0 {
            a = x;
            fa = fx;
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        } else {
            b = x;
            fb = fx;
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        }
    }
    let slope = ((fb - fa) / (b - a)).abs().max(1.0);
    (x, slope, impact)
}

pub(super) fn solve_launch(
    vehicle: &Arc<BallisticVehicle>,
    site: Geodetic,
    aim: Geodetic,
    dt_s: f64,
) -> Result<LaunchSolution, LaunchError> {
    check_inputs(vehicle, &[site, aim], dt_s)
        .map_err(|reason| LaunchError::InvalidInput { reason })?;
    let aim = aim.with_height(Length::ZERO);
    let line = geodesic::inverse(&site, &aim);
    let target_m = line.distance.si();
    let range_km = target_m / 1e3;
    let aim = AimGeometry::new(&site, aim, line.initial_azimuth, target_m);
    let lateral = aim.lateral_m_per_rad;
    let solver = Solver {
        vehicle,
        site,
        aim,
        target_m,
    };
    let probe = RangeProbe {
        vehicle,
        site,
        azimuth: line.initial_azimuth,
    };
    let coarse = coarse_step(dt_s);
    let min_el = MIN_LAUNCH_ELEVATION_DEG.to_radians();

    // 1. Bracket the low-branch elevation on the coarse grid and narrow it.
    let grid = probe.scan(coarse, Some(target_m));
    let Some(&(last_el, last_r)) = grid.last() else {
        return Err(LaunchError::NoConvergence {
            miss_m: f64::INFINITY,
        });
    };
    let mut known = None;
    let (start_el, slope, ceiling) = if grid.len() == 1 && last_r >= target_m {
        // Even the flattest trajectory goes past the aim at the coarse step; check at the
        // true step before calling it too close.
        let fine_min = probe.range(min_el, dt_s);
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
        let (fine_el, fine_r) = probe.parabolic_refine(max_el, 0.5f64.to_radians(), dt_s);
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
    let bounds = (min_el, ceiling);
    let mut sensitivity = Sensitivity::diagonal(slope, lateral);

    // 2. Newton on both angles at the coarse step, then at the true step.
    let mut command = LaunchCommand {
        azimuth: line.initial_azimuth,
        elevation: Angle::radians(start_el),
    };
    if coarse > dt_s
        && let Correction::Converged { command: c, .. } = solver.correct(
            command,
            known,
            &mut sensitivity,
            bounds,
            coarse,
            LAUNCH_TOLERANCE_M,
            6,
        )
    {
        command = c;
    }
    match solver.correct(
        command,
        None,
        &mut sensitivity,
        bounds,
        dt_s,
        LAUNCH_TOLERANCE_M,
        10,
    ) {
        Correction::Converged {
            command,
            impact,
            miss_m,
        } => Ok(solution(command, &impact, miss_m)),
        Correction::Stalled {
            best: Some((command, impact, miss_m)),
        } if miss_m < ACCEPTABLE_MISS_M => Ok(solution(command, &impact, miss_m)),
        // Held at the ceiling and short, or stalled: near the peak of the range curve,
        // where the slope vanishes, or a curve too kinked for the coarse step's guide.
        Correction::ShortAtCeiling | Correction::Stalled { .. } => {
            near_peak(&solver, &probe, &mut sensitivity, coarse, dt_s)
        }
    }
}

/// The fallback at the solving step: find the range curve's true peak there, then either
/// prove the aim out of range or bracket the low-branch elevation with regula falsi at the
/// solving step and finish with Newton below the peak. Slower (a dozen fine flights) but
/// only reached within a fraction of a percent of the maximum range.
fn near_peak(
    solver: &Solver<'_>,
    probe: &RangeProbe<'_>,
    sensitivity: &mut Sensitivity,
    coarse: f64,
    dt_s: f64,
) -> Result<LaunchSolution, LaunchError> {
    let (target_m, range_km) = (solver.target_m, solver.target_m / 1e3);
    let min_el = MIN_LAUNCH_ELEVATION_DEG.to_radians();
    let grid = probe.scan(coarse, None);
    let (coarse_peak_el, _) = probe.coarse_maximum(&grid, coarse);
    let (peak_el, peak_r) = probe.parabolic_refine(coarse_peak_el, 0.5f64.to_radians(), dt_s);
    if peak_r.is_nan() || peak_r < target_m {
        let max_range_km = if peak_r.is_nan() { 0.0 } else { peak_r / 1e3 };
        return Err(LaunchError::OutOfRange {
            range_km,
            max_range_km,
        });
    }
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
    // Also catches a NaN range (a flight that never landed).
    if low_r.is_nan() || low_r >= target_m {
        return Err(LaunchError::NoConvergence {
            miss_m: f64::INFINITY,
        });
    }
    let (el, slope, impact) = bracketed_root(
        probe,
        target_m,
        (low_el, low_r - target_m),
        (peak_el, peak_r - target_m),
        dt_s,
        0.5 * LAUNCH_TOLERANCE_M,
    );
    sensitivity.m[(0, 0)] = slope;
    let command = LaunchCommand {
        azimuth: probe.azimuth,
        elevation: Angle::radians(el),
    };
    match solver.correct(
        command,
        impact,
        sensitivity,
        (min_el, peak_el),
        dt_s,
        LAUNCH_TOLERANCE_M,
        10,
    ) {
        Correction::Converged {
            command,
            impact,
            miss_m,
        } => Ok(solution(command, &impact, miss_m)),
        Correction::Stalled {
            best: Some((command, impact, miss_m)),
        } if miss_m < ACCEPTABLE_MISS_M => Ok(solution(command, &impact, miss_m)),
        Correction::ShortAtCeiling => Err(LaunchError::OutOfRange {
            range_km,
            max_range_km: peak_r / 1e3,
        }),
        Correction::Stalled { best } => Err(LaunchError::NoConvergence {
            miss_m: best.map_or(f64::INFINITY, |b| b.2),
        }),
    }
}

fn solution(command: LaunchCommand, impact: &GroundImpact, miss_m: f64) -> LaunchSolution {
    LaunchSolution {
        command,
        time_of_flight_s: impact.time_s,
        impact: impact.point,
        miss: Length::metres(miss_m),
    }
}
