//! Newton corrections of a launch on its miss at the aim: the miss geometry, the 2×2
//! sensitivity of the miss to (knob, azimuth) with Broyden updates, and the iteration.

use nalgebra::{Matrix2, Vector2};
use tdome_core::units::wrap_pi;
use tdome_core::{Angle, EnuFrame, Geodetic, Length};

use super::search::{Knob, fly};
use super::{ACCEPTABLE_MISS_M, Solver};
use crate::ballistic::{GroundImpact, LAUNCH_TOLERANCE_M, LaunchCommand, LaunchSolution};

/// Mean Earth radius, metres, for the cross-range sensitivity to azimuth.
const MEAN_RADIUS_M: f64 = 6_371_008.8;

/// Where the aim is and how misses are measured there.
pub(super) struct AimGeometry {
    frame: EnuFrame,
    /// Unit direction of flight at the aim, in the aim's east-north plane.
    along: Vector2<f64>,
    /// Cross-range displacement of the impact per radian of azimuth, metres.
    pub(super) lateral_m_per_rad: f64,
}

impl AimGeometry {
    pub(super) fn new(site: &Geodetic, aim: Geodetic, azimuth: Angle, range_m: f64) -> Self {
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
    pub(super) fn miss(&self, impact: &GroundImpact) -> (f64, f64) {
        let e = self.frame.to_enu(&impact.state.position);
        let (x, y) = (e.metres().x, e.metres().y);
        (
            x * self.along.x + y * self.along.y,
            x * self.along.y - y * self.along.x,
        )
    }
}

/// The family of launches Newton moves along: a knob (besides azimuth), the bounds kept
/// on it, and which way the range goes as it grows.
#[derive(Clone, Copy, Debug)]
pub(super) struct Branch {
    pub(super) knob: Knob,
    /// Lowest and highest knob values allowed.
    pub(super) bounds: (f64, f64),
    /// True where the range grows with the knob (low branch, cut-off time), false on the
    /// high (lofted) branch.
    pub(super) rising: bool,
}

/// A trial launch: the knob's value and the azimuth.
type Trial = (f64, Angle);

/// How a round of Newton corrections ended.
pub(super) enum Correction {
    Converged {
        trial: Trial,
        command: LaunchCommand,
        impact: GroundImpact,
        miss_m: f64,
    },
    /// Held at the bound that gives the most range and still short.
    ShortAtLimit,
    Stalled {
        best: Option<(LaunchCommand, GroundImpact, f64)>,
    },
}

impl Correction {
    /// The solution if it converged, or stalled with a miss still acceptable.
    pub(super) fn accepted(&self) -> Option<LaunchSolution> {
        match self {
            Correction::Converged {
                command,
                impact,
                miss_m,
                ..
            } => Some(solution(*command, impact, *miss_m)),
            Correction::Stalled {
                best: Some((command, impact, miss_m)),
            } if *miss_m < ACCEPTABLE_MISS_M => Some(solution(*command, impact, *miss_m)),
            _ => None,
        }
    }
}

/// The sensitivity of the (down-range, cross-range) miss to (knob, azimuth), metres per
/// knob unit and per radian, kept up to date by Broyden's rank-one updates. The knob
/// also moves the impact sideways (a longer flight turns further under the Earth's
/// rotation), so the off-diagonal terms save a fine-step flight.
#[derive(Clone, Copy, Debug)]
pub(super) struct Sensitivity {
    m: Matrix2<f64>,
    /// +1 where the range rises with the knob, −1 where it falls (the lofted branch).
    sign: f64,
}

impl Sensitivity {
    pub(super) fn diagonal(slope: f64, lateral: f64) -> Self {
        Sensitivity {
            m: Matrix2::new(slope, 0.0, 0.0, lateral),
            sign: if slope < 0.0 { -1.0 } else { 1.0 },
        }
    }

    /// Replace the down-range slope (metres per knob unit), and the sign with it.
    pub(super) fn set_slope(&mut self, slope: f64) {
        self.m[(0, 0)] = slope;
        self.sign = if slope < 0.0 { -1.0 } else { 1.0 };
    }

    /// The Newton step (Δknob, Δaz) that cancels `miss`, falling back to the diagonal if
    /// the matrix is near singular.
    fn step(&self, miss: Vector2<f64>) -> Vector2<f64> {
        match self.m.try_inverse() {
            Some(inverse) if inverse.iter().all(|x| x.is_finite()) => -(inverse * miss),
            _ => Vector2::new(-miss.x / self.m[(0, 0)], -miss.y / self.m[(1, 1)]),
        }
    }

    /// Broyden's update from a move `dx` that changed the miss by `df`. The range must
    /// keep going the branch's way with the knob; an update that says otherwise is
    /// dropped.
    fn update(&mut self, dx: Vector2<f64>, df: Vector2<f64>) {
        let norm2 = dx.norm_squared();
        // Also catches NaN.
        if norm2.is_nan() || norm2 <= 1e-24 {
            return;
        }
        let updated = self.m + (df - self.m * dx) * dx.transpose() / norm2;
        if updated.iter().all(|x| x.is_finite())
            && self.sign * updated[(0, 0)] > 0.0
            && updated[(1, 1)] > 0.0
        {
            self.m = updated;
        }
    }
}

impl Solver<'_> {
    /// Newton corrections of the knob and azimuth on the (down-range, cross-range) miss
    /// at step `dt_s`, starting from `start` (whose impact may already be known), with
    /// the knob kept inside the branch's bounds.
    pub(super) fn correct(
        &self,
        start: Trial,
        mut known: Option<GroundImpact>,
        sensitivity: &mut Sensitivity,
        branch: Branch,
        dt_s: f64,
        iterations: usize,
    ) -> Correction {
        let (floor, ceiling) = branch.bounds;
        let tolerance_m = LAUNCH_TOLERANCE_M;
        let (mut x, mut azimuth) = start;
        let mut best: Option<(LaunchCommand, GroundImpact, f64)> = None;
        let mut previous: Option<(Trial, Vector2<f64>)> = None;
        for _ in 0..iterations {
            let command = branch.knob.command(x, azimuth);
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
                    trial: (x, azimuth),
                    command,
                    impact,
                    miss_m,
                };
            }
            let az = azimuth.si();
            if let Some(((x_before, az_before), miss_before)) = previous {
                let dx = Vector2::new(x - x_before, wrap_pi(az - az_before.si()));
                sensitivity.update(dx, miss - miss_before);
            }
            previous = Some(((x, azimuth), miss));
            let at_far_limit = if branch.rising {
                x >= ceiling
            } else {
                x <= floor
            };
            if at_far_limit && down < -tolerance_m {
                return Correction::ShortAtLimit;
            }
            let dx = sensitivity.step(miss);
            azimuth = Angle::radians(az + dx.y).wrap_two_pi();
            x = (x + dx.x).clamp(floor, ceiling);
        }
        Correction::Stalled { best }
    }

    /// Newton at the coarse step (when it differs from the solving step) from `start`,
    /// then at the solving step from wherever that got to.
    pub(super) fn coarse_then_fine(
        &self,
        mut start: Trial,
        known: Option<GroundImpact>,
        sensitivity: &mut Sensitivity,
        branch: Branch,
    ) -> Correction {
        if self.coarse > self.dt_s
            && let Correction::Converged { trial, .. } =
                self.correct(start, known, sensitivity, branch, self.coarse, 6)
        {
            start = trial;
        }
        self.correct(start, None, sensitivity, branch, self.dt_s, 10)
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
