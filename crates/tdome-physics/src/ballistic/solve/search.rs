//! Flights as a function of one knob along a fixed azimuth: coarse scans, the peak of
//! the range curve, and the root of range = target inside a bracket.

use std::sync::Arc;

use tdome_core::{Angle, Geodetic};

use super::GRID_DEG;
use crate::ballistic::{
    BallisticFlight, BallisticVehicle, GroundImpact, LaunchCommand, MAX_FLIGHT_TIME_S,
    MAX_LAUNCH_ELEVATION_DEG, MIN_LAUNCH_ELEVATION_DEG,
};
use crate::geodesic;

/// Fly a whole trajectory at step `dt_s` and return its impact, if it lands within
/// [`MAX_FLIGHT_TIME_S`] with a finite state.
pub(super) fn fly(
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

/// What a one-dimensional search varies along a fixed azimuth.
#[derive(Clone, Copy, Debug)]
pub(super) enum Knob {
    /// The launch elevation, radians, with a full burn.
    Elevation,
    /// The thrust cut-off time, seconds after launch, at a fixed launch elevation
    /// (radians).
    Cutoff { elevation: f64 },
}

impl Knob {
    /// The launch command with the knob at `x` and the launcher at `azimuth`.
    pub(super) fn command(self, x: f64, azimuth: Angle) -> LaunchCommand {
        match self {
            Knob::Elevation => LaunchCommand {
                azimuth,
                elevation: Angle::radians(x),
                thrust_cutoff_s: None,
            },
            Knob::Cutoff { elevation } => LaunchCommand {
                azimuth,
                elevation: Angle::radians(elevation),
                thrust_cutoff_s: Some(x),
            },
        }
    }
}

/// When a coarse scan of [`GRID_DEG`] stops.
#[derive(Clone, Copy, Debug)]
pub(super) enum ScanStop {
    /// Once the range falls: the peak is behind.
    Falling,
    /// Once the range falls or reaches the target, metres (the low branch's bracket).
    FallingOrReached(f64),
    /// Once the range falls short of the target, metres, past the peak (the high
    /// branch's bracket).
    FallingShortOf(f64),
}

/// One flight's outcome along a fixed azimuth, as a function of a knob.
pub(super) struct RangeProbe<'a> {
    pub(super) vehicle: &'a Arc<BallisticVehicle>,
    pub(super) site: Geodetic,
    pub(super) azimuth: Angle,
    pub(super) knob: Knob,
}

impl RangeProbe<'_> {
    /// Ground range (geodesic, metres) with the knob at `x` and step `dt_s`; NaN if the
    /// vehicle never lands.
    pub(super) fn range(&self, x: f64, dt_s: f64) -> f64 {
        self.flight(x, dt_s).map_or(f64::NAN, |(range, _)| range)
    }

    /// Ground range (metres) and impact with the knob at `x` and step `dt_s`.
    pub(super) fn flight(&self, x: f64, dt_s: f64) -> Option<(f64, GroundImpact)> {
        let command = self.knob.command(x, self.azimuth);
        let impact = fly(self.vehicle, self.site, command, dt_s)?;
        Some((
            geodesic::inverse(&self.site, &impact.point).distance.si(),
            impact,
        ))
    }

    /// The knob value (elevation, radians) of the greatest range inside [lo, hi] at
    /// `dt_s`, by golden section down to `tolerance`, with the best range found.
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
    pub(super) fn parabolic_refine(&self, el: f64, delta: f64, dt_s: f64) -> (f64, f64) {
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

    /// Coarse scan of [`GRID_DEG`] (elevations), up to where `stop` says. Returns the
    /// (elevation, range) pairs flown, in order.
    pub(super) fn scan(&self, dt_s: f64, stop: ScanStop) -> Vec<(f64, f64)> {
        let mut out = Vec::with_capacity(GRID_DEG.len());
        for deg in GRID_DEG {
            let el = deg.to_radians();
            let r = self.range(el, dt_s);
            out.push((el, r));
            let n = out.len();
            let falling = n >= 2 && (r.is_nan() || r < out[n - 2].1);
            let done = match stop {
                ScanStop::Falling => falling,
                ScanStop::FallingOrReached(target) => falling || r >= target,
                // Also stops on NaN (a flight that never landed).
                ScanStop::FallingShortOf(target) => falling && (r.is_nan() || r < target),
            };
            if done {
                break;
            }
        }
        out
    }

    /// The maximum of the coarse scan `grid`, refined by golden section at `coarse`:
    /// (elevation, range).
    pub(super) fn coarse_maximum(&self, grid: &[(f64, f64)], coarse: f64) -> (f64, f64) {
        let k = grid_peak(grid);
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

/// The index of the greatest range of a non-empty scan (0 for an empty one).
pub(super) fn grid_peak(grid: &[(f64, f64)]) -> usize {
    // A flight that never landed (NaN) ranks below every real range.
    let key = |i: usize| {
        let r = grid[i].1;
        if r.is_nan() { f64::NEG_INFINITY } else { r }
    };
    (0..grid.len())
        .max_by(|&i, &j| key(i).total_cmp(&key(j)))
        .unwrap_or(0)
}

/// Regula falsi (Illinois) on range(x) − target inside a bracket of the probe's knob at
/// step `dt_s`, stopping within `tolerance_m`. The range may rise or fall across the
/// bracket; its ends must lie on either side of the target. Returns the knob value, the
/// bracket's final slope magnitude (metres per knob unit), and the impact of the flight
/// there.
pub(super) fn bracketed_root(
    probe: &RangeProbe<'_>,
    target_m: f64,
    (mut a, mut fa): (f64, f64),
    (mut b, mut fb): (f64, f64),
    dt_s: f64,
    tolerance_m: f64,
) -> (f64, f64, Option<GroundImpact>) {
    // Which end falls short; it keeps that role as the bracket narrows.
    let short_at_a = fa < 0.0;
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
        if (fx < 0.0) == short_at_a {
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
