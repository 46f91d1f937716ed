//! Impact-point prediction with uncertainty, for ballistic tracks.
//!
//! A track's Gaussian (position, velocity and, where the tracker estimates it, the
//! inverse ballistic coefficient 1/β) is carried to the ground by the **unscented
//! transform**: each of its 2n + 1 sigma points is flown to the WGS-84 ellipsoid with the
//! shared coast model (J2 gravity, Coriolis, drag in the 1976 atmosphere), and the
//! weighted mean and covariance of the points where they land, in the local horizontal
//! plane at the central point's impact, are the impact Gaussian. The same weights give
//! the time of impact and its spread.
//!
//! Why the unscented transform: the map from state to impact point is smooth but not
//! linear (drag grows as the body descends, and a steeper arc lands shorter), and the
//! transform catches its curvature to second order for 13 or 15 flights, where sampling
//! needs hundreds for the same accuracy and a linearisation needs the flight's
//! sensitivity equations. `tests/stat_impact_covariance.rs` checks it against a Monte
//! Carlo propagation of the same Gaussian.

use nalgebra::{Matrix2, SMatrix, SVector, Vector2};
use tdome_core::picture::TrackEstimate;
use tdome_core::{EnuFrame, Geodetic, Position, SimDuration, SimTime};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{CoastDrag, GroundImpact, coast};

use crate::track::gaussian::Gaussian;
use crate::track::ukf::SigmaPoints;

/// The sigma points' spread: α = 1 and κ = 0 put them √n standard deviations out with
/// equal weights and none on the centre for the mean, so they sample the map at the
/// Gaussian's own scale and no weight is negative (β = 2, optimal for a Gaussian, adds
/// the centre's weight to the covariance).
const SPREAD: SigmaPoints = SigmaPoints {
    alpha: 1.0,
    beta: 2.0,
    kappa: 0.0,
};

/// How drag is known for the prediction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImpactDrag {
    /// Assumed, without uncertainty (no estimate of the track's own).
    Known(CoastDrag),
    /// Estimated by the tracker: 1/β, m²/kg, with its standard deviation, taken as
    /// independent of the position and velocity (the picture carries no cross terms).
    Estimated {
        /// Mean of 1/β, m²/kg.
        inverse_mean: f64,
        /// Standard deviation of 1/β, m²/kg.
        inverse_sigma: f64,
    },
}

/// Where and when a ballistic track is predicted to land, with the uncertainty of both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImpactPrediction {
    /// Mean time of impact.
    pub time: SimTime,
    /// Standard deviation of the time of impact, seconds.
    pub time_sigma_s: f64,
    /// Mean impact point, on the ellipsoid (height 0).
    pub point: Geodetic,
    /// Covariance of the impact point in the local horizontal plane at `point`, east and
    /// north, m².
    pub covariance_en_m2: Matrix2<f64>,
    /// Mean velocity at impact, in the local frame at `point` (east, north, up), m/s:
    /// how far the impact moves for a target surface above the ellipsoid.
    pub velocity_enu_mps: nalgebra::Vector3<f64>,
}

/// The standard ellipse of a 2-D Gaussian: its semi-axes are the standard deviations
/// along the principal directions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ErrorEllipse {
    /// Standard deviation along the major axis, m.
    pub sigma_major_m: f64,
    /// Standard deviation along the minor axis, m.
    pub sigma_minor_m: f64,
    /// Azimuth of the major axis, degrees clockwise from true north, in [0, 180).
    pub major_azimuth_deg: f64,
}

impl ImpactPrediction {
    /// The impact covariance's standard ellipse.
    pub fn ellipse(&self) -> ErrorEllipse {
        ErrorEllipse::of(&self.covariance_en_m2)
    }
}

impl ErrorEllipse {
    /// The standard ellipse of covariance `c` (east, north), m².
    pub fn of(c: &Matrix2<f64>) -> Self {
        // Eigenvalues of a symmetric 2×2 in closed form.
        let (a, b, d) = (c[(0, 0)], 0.5 * (c[(0, 1)] + c[(1, 0)]), c[(1, 1)]);
        let mid = 0.5 * (a + d);
        let half = (0.25 * (a - d) * (a - d) + b * b).sqrt();
        let (major, minor) = (mid + half, (mid - half).max(0.0));
        // The major axis (e, n) ∝ (b, major − a), or (major − d, b); whichever is the
        // better conditioned. Azimuth = atan2(e, n).
        let (e, n) = if (major - a).abs() + b.abs() >= (major - d).abs() + b.abs() {
            (b, major - a)
        } else {
            (major - d, b)
        };
        let azimuth = if e == 0.0 && n == 0.0 {
            // Circular: any direction is principal.
            0.0
        } else {
            e.atan2(n).to_degrees().rem_euclid(180.0)
        };
        ErrorEllipse {
            sigma_major_m: major.max(0.0).sqrt(),
            sigma_minor_m: minor.sqrt(),
            major_azimuth_deg: if azimuth >= 180.0 { 0.0 } else { azimuth },
        }
    }
}

/// The impact of `track` (a ballistic body from its estimate on), predicted by the
/// unscented transform with drag `drag`, flown at `step_s` for at most `horizon_s`.
/// `None` when the mean or any sigma point does not reach the ground within the horizon,
/// or the track's covariance is not positive definite.
pub fn predict_impact(
    track: &TrackEstimate,
    drag: ImpactDrag,
    step_s: f64,
    horizon_s: f64,
) -> Option<ImpactPrediction> {
    let p = track.position.metres();
    let v = track.velocity.mps();
    let mean6 = SVector::<f64, 6>::new(p.x, p.y, p.z, v.x, v.y, v.z);
    let fly = |x: &SVector<f64, 6>, drag: CoastDrag| {
        let state = EcefState {
            position: Position::from_metres(x[0], x[1], x[2]),
            velocity: tdome_core::Velocity::from_mps(x[3], x[4], x[5]),
        };
        coast(&state, drag, step_s, horizon_s, |_, _| {})
    };
    let impacts = match drag {
        ImpactDrag::Known(drag) => land(
            &Gaussian {
                mean: mean6,
                covariance: track.covariance,
                time: track.time,
            },
            |x| fly(x, drag),
        )?,
        ImpactDrag::Estimated {
            inverse_mean,
            inverse_sigma,
        } => {
            let mut mean = SVector::<f64, 7>::zeros();
            mean.fixed_rows_mut::<6>(0).copy_from(&mean6);
            mean[6] = inverse_mean;
            let mut covariance = SMatrix::<f64, 7, 7>::zeros();
            covariance
                .fixed_view_mut::<6, 6>(0, 0)
                .copy_from(&track.covariance);
            // A 1/β known exactly (σ = 0) would make the covariance singular.
            covariance[(6, 6)] = inverse_sigma.powi(2).max(1e-30);
            land(
                &Gaussian {
                    mean,
                    covariance,
                    time: track.time,
                },
                |x| {
                    let inverse_beta = x[6];
                    // No drag for a point whose 1/β is not positive (β infinite).
                    let drag = if inverse_beta > 0.0 {
                        CoastDrag::BallisticCoefficient(1.0 / inverse_beta)
                    } else {
                        CoastDrag::Vacuum
                    };
                    fly(&x.fixed_rows::<6>(0).into_owned(), drag)
                },
            )?
        }
    };
    let Landings {
        points,
        wm,
        wc,
        centre,
    } = impacts;
    // The landing points in the local frame at the central point's impact; they all lie
    // on the ellipsoid, whose curvature over the spread (d²/2R, centimetres for a
    // kilometre) leaves their horizontal components as their position.
    let frame = EnuFrame::at(centre.point);
    let horizontal = |g: &GroundImpact| {
        let e = frame.to_enu(&g.state.position);
        Vector2::new(e.metres().x, e.metres().y)
    };
    let mut mean_xy = Vector2::zeros();
    let mut mean_t = 0.0;
    let mut mean_v = nalgebra::Vector3::zeros();
    for (g, w) in points.iter().zip(&wm) {
        mean_xy += horizontal(g) * *w;
        mean_t += g.time_s * w;
        mean_v += frame.velocity_to_enu(&g.state.velocity).mps() * *w;
    }
    let mut covariance = Matrix2::zeros();
    let mut var_t = 0.0;
    for (g, w) in points.iter().zip(&wc) {
        let d = horizontal(g) - mean_xy;
        covariance += d * d.transpose() * *w;
        var_t += (g.time_s - mean_t).powi(2) * w;
    }
    covariance = 0.5 * (covariance + covariance.transpose());
    let point =
        Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(mean_xy.x, mean_xy.y, 0.0)))
            .with_height(tdome_core::Length::ZERO);
    Some(ImpactPrediction {
        time: track.time + SimDuration::from_seconds(mean_t),
        time_sigma_s: var_t.max(0.0).sqrt(),
        point,
        covariance_en_m2: covariance,
        velocity_enu_mps: mean_v,
    })
}

/// The sigma points' landings with their weights; the centre's first.
struct Landings {
    points: Vec<GroundImpact>,
    wm: Vec<f64>,
    wc: Vec<f64>,
    centre: GroundImpact,
}

/// Fly every sigma point of `g` with `fly`; `None` if any does not land.
fn land<const N: usize>(
    g: &Gaussian<N>,
    fly: impl Fn(&SVector<f64, N>) -> Option<GroundImpact>,
) -> Option<Landings> {
    let sigma = SPREAD.points(g).ok()?;
    let points = sigma.points.iter().map(fly).collect::<Option<Vec<_>>>()?;
    Some(Landings {
        centre: points[0],
        points,
        wm: sigma.wm,
        wc: sigma.wc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ellipse_of_a_covariance() {
        // σ 30 m east, 10 m north: the major axis points east (azimuth 90°).
        let e = ErrorEllipse::of(&Matrix2::new(900.0, 0.0, 0.0, 100.0));
        assert!((e.sigma_major_m - 30.0).abs() < 1e-9);
        assert!((e.sigma_minor_m - 10.0).abs() < 1e-9);
        assert!((e.major_azimuth_deg - 90.0).abs() < 1e-9);
        // The same rotated to point north-east (azimuth 45°): R diag(900, 100) Rᵀ.
        let (s, c) = (45f64.to_radians().sin(), 45f64.to_radians().cos());
        // Major axis along (e, n) = (s, c).
        let u = Vector2::new(s, c);
        let w = Vector2::new(c, -s);
        let m = u * u.transpose() * 900.0 + w * w.transpose() * 100.0;
        let e = ErrorEllipse::of(&m);
        assert!((e.sigma_major_m - 30.0).abs() < 1e-9);
        assert!((e.sigma_minor_m - 10.0).abs() < 1e-9);
        assert!((e.major_azimuth_deg - 45.0).abs() < 1e-9, "{e:?}");
        // North-west is azimuth 135° (the axis, not a direction: within [0, 180)).
        let u = Vector2::new(-s, c);
        let w = Vector2::new(c, s);
        let e = ErrorEllipse::of(&(u * u.transpose() * 900.0 + w * w.transpose() * 100.0));
        assert!((e.major_azimuth_deg - 135.0).abs() < 1e-9, "{e:?}");
        // North: azimuth 0.
        let e = ErrorEllipse::of(&Matrix2::new(100.0, 0.0, 0.0, 900.0));
        assert!(e.major_azimuth_deg.abs() < 1e-9, "{e:?}");
        // Circular.
        let e = ErrorEllipse::of(&Matrix2::new(400.0, 0.0, 0.0, 400.0));
        assert_eq!((e.sigma_major_m, e.sigma_minor_m), (20.0, 20.0));
    }
}
