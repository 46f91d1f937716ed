//! Proportional navigation, the launch and turn phases before it, and the guidance lag.

use nalgebra::Vector3;
use tdome_core::Angle;

/// Which form of proportional navigation.
///
/// Both turn the interceptor at N times the line-of-sight rate. With the relative position
/// R = r_T − r_M, relative velocity V = v_T − v_M, LOS rate vector Ω = R × V / |R|² and
/// closing speed V_c = −R·V / |R|:
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PnLaw {
    /// True PN: a_c = N · V_c · (Ω × R̂), normal to the line of sight (the form of
    /// Zarchan's linearised analysis). The airframe can only pull normal to its velocity,
    /// so the component along the velocity is dropped.
    True,
    /// Pure PN: a_c = N · |v_M| · (Ω × v̂_M), normal to the interceptor's velocity by
    /// construction. It keeps turning when the closing speed is small or negative.
    Pure,
}

/// What the guidance adds to cancel gravity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GravityBias {
    /// Nothing. Right against a ballistic target: target and interceptor fall alike, so
    /// gravity does not move the line of sight.
    None,
    /// Cancel the interceptor's own gravity normal to its velocity (−g⊥). Right against a
    /// target that holds its height (a drone, a cruise missile, a point in the sky): to
    /// PN, uncompensated gravity there looks like a 1 g target manoeuvre.
    CancelOwnGravity,
}

/// How the interceptor leaves the launcher and comes onto the collision course before
/// proportional navigation takes over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LaunchPhase {
    /// Launched along the line to the predicted intercept point (PIP), flying unguided
    /// for `hold_s` seconds (rail and launcher clearance), then homing by PN. Fits inclined
    /// launchers trained on the PIP.
    AlongPipLine {
        /// Unguided seconds after launch.
        hold_s: f64,
    },
    /// Launched at a fixed `elevation` on the PIP's bearing (90° is a vertical launch
    /// cell, where the bearing does not matter), climbing unguided for `unguided_s`
    /// seconds, then turning towards the PIP at the available lateral acceleration until
    /// the velocity is within `capture` of the line to the PIP, then homing by PN. Fits
    /// vertical launch cells and launchers that fire at a set steep elevation whatever
    /// the target's height (which a launch from the ground at a low PIP needs: at a
    /// couple of degrees, gravity bends a slow missile into the ground before it has the
    /// speed to hold its line).
    FixedElevation {
        /// Launch elevation above the local horizontal, in (0°, 90°].
        elevation: Angle,
        /// Unguided seconds of climb after launch.
        unguided_s: f64,
        /// Heading error to the PIP below which PN takes over.
        capture: Angle,
    },
}

/// The guidance of one interceptor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guidance {
    /// The PN form.
    pub law: PnLaw,
    /// Navigation constant N (effective navigation ratio N').
    pub navigation_constant: f64,
    /// Time constant τ of the flight-control system, seconds: the achieved lateral
    /// acceleration follows the command through a first-order lag
    /// n_L / n_c = 1 / (1 + sτ). Zero for ideal, instantaneous response.
    pub time_constant_s: f64,
    /// Gravity compensation.
    pub gravity_bias: GravityBias,
    /// Launch and turn towards the PIP.
    pub launch: LaunchPhase,
}

/// Why a [`Guidance`] cannot be flown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GuidanceError {
    /// N must lie in (2, 8].
    #[error("navigation constant must be finite and in (2, 8], got {0}")]
    NavigationConstant(f64),
    /// τ must be finite and non-negative.
    #[error("guidance time constant must be finite and non-negative, got {0} s")]
    TimeConstant(f64),
    /// The launch phase's times must be finite and non-negative.
    #[error("launch phase duration must be finite and non-negative, got {0} s")]
    LaunchDuration(f64),
    /// The launch elevation must lie in (0°, 90°].
    #[error("launch elevation must be finite and in (0°, 90°], got {0}°")]
    LaunchElevation(f64),
    /// The capture angle must lie in (0°, 90°).
    #[error("capture angle must be finite and in (0°, 90°), got {0}°")]
    CaptureAngle(f64),
}

impl Guidance {
    /// Ideal PN: the given law and N, no lag, no gravity bias, launched along the PIP
    /// line without a hold — the textbook case.
    pub fn ideal(law: PnLaw, navigation_constant: f64) -> Self {
        Guidance {
            law,
            navigation_constant,
            time_constant_s: 0.0,
            gravity_bias: GravityBias::None,
            launch: LaunchPhase::AlongPipLine { hold_s: 0.0 },
        }
    }

    /// Check the figures. N must exceed 2: in the linear theory PN needs N/(N − 2) times
    /// a constant target manoeuvre, unbounded at N = 2; above 8 it only amplifies noise
    /// (tactical interceptors use 3–5).
    pub fn validate(&self) -> Result<(), GuidanceError> {
        let n = self.navigation_constant;
        if !(n.is_finite() && n > 2.0 && n <= 8.0) {
            return Err(GuidanceError::NavigationConstant(n));
        }
        if !(self.time_constant_s.is_finite() && self.time_constant_s >= 0.0) {
            return Err(GuidanceError::TimeConstant(self.time_constant_s));
        }
        let duration = match self.launch {
            LaunchPhase::AlongPipLine { hold_s } => hold_s,
            LaunchPhase::FixedElevation {
                elevation,
                unguided_s,
                capture,
            } => {
                let deg = capture.as_degrees();
                if !(deg.is_finite() && deg > 0.0 && deg < 90.0) {
                    return Err(GuidanceError::CaptureAngle(deg));
                }
                let el = elevation.as_degrees();
                if !(el.is_finite() && el > 0.0 && el <= 90.0) {
                    return Err(GuidanceError::LaunchElevation(el));
                }
                unguided_s
            }
        };
        if !(duration.is_finite() && duration >= 0.0) {
            return Err(GuidanceError::LaunchDuration(duration));
        }
        Ok(())
    }

    /// The unguided seconds after launch.
    pub(crate) fn unguided_s(&self) -> f64 {
        match self.launch {
            LaunchPhase::AlongPipLine { hold_s } => hold_s,
            LaunchPhase::FixedElevation { unguided_s, .. } => unguided_s,
        }
    }
}

/// The PN acceleration command, m/s², before projection and limiting: for a target at
/// `relative_position` R = r_T − r_M moving at `relative_velocity` V = v_T − v_M from an
/// interceptor moving at `interceptor_velocity` (for pure PN), all in one frame. Zero when
/// the target is at the interceptor (the LOS is undefined).
pub fn pn_command(
    law: PnLaw,
    navigation_constant: f64,
    relative_position: &Vector3<f64>,
    relative_velocity: &Vector3<f64>,
    interceptor_velocity: &Vector3<f64>,
) -> Vector3<f64> {
    let r = relative_position;
    let v = relative_velocity;
    let r2 = r.norm_squared();
    if r2 == 0.0 {
        return Vector3::zeros();
    }
    let omega = r.cross(v) / r2;
    match law {
        PnLaw::True => {
            let range = r2.sqrt();
            let closing = -r.dot(v) / range;
            omega.cross(&(r / range)) * (navigation_constant * closing)
        }
        PnLaw::Pure => omega.cross(interceptor_velocity) * navigation_constant,
    }
}

/// The part of `a` normal to the unit vector `along`.
#[inline]
pub(crate) fn normal_part(a: &Vector3<f64>, along: &Vector3<f64>) -> Vector3<f64> {
    a - along * a.dot(along)
}

/// `a` shortened to at most `limit` in magnitude, direction kept.
#[inline]
pub(crate) fn clamp_magnitude(a: Vector3<f64>, limit: f64) -> Vector3<f64> {
    let m = a.norm();
    if m > limit && m > 0.0 {
        a * (limit / m)
    } else {
        a
    }
}

/// Lateral command that turns velocity direction `v_hat` towards unit direction `to`:
/// normal to `v_hat`, in the plane of the two, of magnitude `limit` scaled down linearly
/// within [`TURN_LINEAR_ZONE_RAD`] of alignment so that the turn settles without
/// chattering across the line.
pub(crate) fn turn_command(v_hat: &Vector3<f64>, to: &Vector3<f64>, limit: f64) -> Vector3<f64> {
    let normal = normal_part(to, v_hat);
    let sin_err = normal.norm();
    if sin_err == 0.0 {
        return Vector3::zeros();
    }
    let error = sin_err.atan2(to.dot(v_hat));
    normal / sin_err * (limit * (error / TURN_LINEAR_ZONE_RAD).min(1.0))
}

/// Heading error, radians, below which the turn towards the PIP eases off the full
/// lateral acceleration (2°).
pub(crate) const TURN_LINEAR_ZONE_RAD: f64 = 2.0 * std::f64::consts::PI / 180.0;

#[cfg(test)]
mod tests {
    use super::*;

    /// Head-on, the target offset sideways: both laws turn towards the target, true PN
    /// with magnitude N·V_c·λ̇ and pure PN with N·V_M·λ̇.
    #[test]
    fn pn_turns_towards_the_line_of_sight_rotation() {
        let r_m = Vector3::zeros();
        let v_m = Vector3::new(1000.0, 0.0, 0.0);
        let r_t = Vector3::new(10_000.0, 100.0, 0.0);
        let v_t = Vector3::new(-500.0, 0.0, 0.0);
        // λ̇ ≈ y·V_c / R² for a small offset.
        let lambda_dot = 100.0 * 1500.0 / (10_000.0f64.powi(2) + 100.0f64.powi(2));
        let (r, v) = (r_t - r_m, v_t - v_m);
        let true_pn = pn_command(PnLaw::True, 4.0, &r, &v, &v_m);
        let pure_pn = pn_command(PnLaw::Pure, 4.0, &r, &v, &v_m);
        assert!(true_pn.y > 0.0 && pure_pn.y > 0.0);
        let closing = 1500.0 * 10_000.0 / (10_000.0f64.powi(2) + 1e4).sqrt();
        assert!((true_pn.norm() - 4.0 * closing * lambda_dot).abs() < 1e-9 * true_pn.norm());
        assert!((pure_pn.norm() - 4.0 * 1000.0 * lambda_dot).abs() < 1e-9 * pure_pn.norm());
        assert_eq!(pure_pn.dot(&v_m), 0.0);
        let zero = Vector3::zeros();
        assert_eq!(pn_command(PnLaw::True, 4.0, &zero, &v, &v_m), zero);
    }

    #[test]
    fn bad_guidance_is_an_error() {
        let ok = Guidance::ideal(PnLaw::True, 4.0);
        assert_eq!(ok.validate(), Ok(()));
        for n in [2.0, 1.0, 9.0, f64::NAN, f64::INFINITY] {
            let g = Guidance {
                navigation_constant: n,
                ..ok
            };
            assert!(
                matches!(g.validate(), Err(GuidanceError::NavigationConstant(_))),
                "{n}"
            );
        }
        let g = Guidance {
            time_constant_s: -0.1,
            ..ok
        };
        assert_eq!(g.validate(), Err(GuidanceError::TimeConstant(-0.1)));
        let g = Guidance {
            launch: LaunchPhase::AlongPipLine { hold_s: f64::NAN },
            ..ok
        };
        assert!(matches!(
            g.validate(),
            Err(GuidanceError::LaunchDuration(_))
        ));
        let g = Guidance {
            launch: LaunchPhase::FixedElevation {
                elevation: Angle::degrees(90.0),
                unguided_s: 1.0,
                capture: Angle::degrees(0.0),
            },
            ..ok
        };
        assert!(matches!(g.validate(), Err(GuidanceError::CaptureAngle(_))));
    }

    #[test]
    fn the_turn_command_eases_off_near_the_line() {
        let v = Vector3::new(1.0, 0.0, 0.0);
        let far = turn_command(&v, &Vector3::new(0.0, 1.0, 0.0), 50.0);
        assert!((far - Vector3::new(0.0, 50.0, 0.0)).norm() < 1e-12);
        let one_degree = 1f64.to_radians();
        let near = turn_command(
            &v,
            &Vector3::new(one_degree.cos(), one_degree.sin(), 0.0),
            50.0,
        );
        assert!((near.norm() - 25.0).abs() < 1e-9, "{near}");
        assert_eq!(turn_command(&v, &v, 50.0), Vector3::zeros());
    }
}
