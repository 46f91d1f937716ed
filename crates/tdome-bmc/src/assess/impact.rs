//! Impact-point prediction with uncertainty, for ballistic tracks.
//!
//! A track's Gaussian (position, velocity and, where the tracker estimates it, the
//! inverse ballistic coefficient 1/β: best the ballistic model's own joint estimate,
//! see [`ImpactDrag`]) is carried to the ground by the **unscented
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

use nalgebra::{Matrix2, SMatrix, SVector, Vector2, Vector3};
pub use tdome_core::orders::ErrorEllipse;
use tdome_core::picture::TrackEstimate;
use tdome_core::{EnuFrame, Geodetic, Position, SimDuration, SimTime};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{CoastDrag, GroundImpact, coast};
use tdome_physics::dynamics::{CoastDynamics, Dynamics};

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

/// Integration step of the sigma points' flights, seconds, unless the prediction's own
/// is longer. The points share the integrator's error, which cancels from their spread:
/// at 4 s against 0.5 s the impact ellipse differs by a part in ten thousand and its
/// centre by a metre or less (tests/stat_impact_covariance.rs), for a quarter of the
/// cost of 1 s steps.
pub const SIGMA_POINT_STEP_S: f64 = 4.0;

/// How drag is known for the prediction, and which estimate of the track it is flown
/// from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImpactDrag {
    /// Assumed, without uncertainty (no estimate of the track's own); the track's
    /// position and velocity with their covariance.
    Known(CoastDrag),
    /// Estimated by the tracker: 1/β, m²/kg, with its standard deviation, taken as
    /// independent of the track's position and velocity.
    Estimated {
        /// Mean of 1/β, m²/kg.
        inverse_mean: f64,
        /// Standard deviation of 1/β, m²/kg.
        inverse_sigma: f64,
    },
    /// The tracker's ballistic model's own estimate ([`TrackEstimate::ballistic`]):
    /// position, velocity and 1/β with the covariance that joins them, in place of the
    /// mixture's position and velocity. The prediction is `None` without one.
    BallisticModel,
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
    /// Where and when the mean state itself lands (the central sigma point).
    pub centre: (SimTime, Geodetic),
    /// The mean state's velocity and acceleration where it lands, in the local frame
    /// at `point` (east, north, up), m/s and m/s²: the last of its descent.
    pub descent: (Vector3<f64>, Vector3<f64>),
}

impl ImpactPrediction {
    /// The impact covariance's standard ellipse.
    pub fn ellipse(&self) -> ErrorEllipse {
        ErrorEllipse::of(&self.covariance_en_m2)
    }

    /// The impact on ground `height_m` above the ellipsoid: the mean point moved back
    /// along the descent (on, below the ellipsoid), by the landing's velocity and
    /// acceleration (a second-order Taylor step in time, so the arc's bending over the
    /// last few hundred metres is kept: a first-order move along the velocity was 12 m
    /// off for 500 m, this is under a metre, tests/stat_impact_covariance.rs).
    /// The covariance is kept: the spread of the landings changes with the height by
    /// its ratio to the distance flown since the estimate, a few per cent for a hill
    /// under a rocket tens of seconds out. `None` for a body not descending.
    pub fn on_ground(&self, height_m: f64) -> Option<ImpactPrediction> {
        if height_m == 0.0 {
            return Some(*self);
        }
        let (v, a) = self.descent;
        if v.z >= 0.0 {
            return None;
        }
        // The time τ (negative: before landing) at which the body was at `height_m`:
        // v_u·τ + a_u·τ²/2 = h, by one refinement of τ = h / v_u.
        let tau0 = height_m / v.z;
        let tau = (height_m - 0.5 * a.z * tau0 * tau0) / v.z;
        let d = v * tau + a * (0.5 * tau * tau);
        let frame = EnuFrame::at(self.point);
        let point = Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(d.x, d.y, height_m)));
        Some(ImpactPrediction {
            point,
            time: self.time + SimDuration::from_seconds(tau),
            ..*self
        })
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
    let fly_joint =
        |x: &SVector<f64, 7>| fly(&x.fixed_rows::<6>(0).into_owned(), inverse_drag(x[6]));
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
                fly_joint,
            )?
        }
        ImpactDrag::BallisticModel => {
            let b = track.ballistic.as_ref()?;
            land(
                &Gaussian {
                    mean: b.mean,
                    covariance: b.covariance,
                    time: track.time,
                },
                fly_joint,
            )?
        }
    };
    let Landings { points, wm, wc } = impacts;
    let centre = points[0];
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
    for (g, w) in points.iter().zip(&wm) {
        mean_xy += horizontal(g) * *w;
        mean_t += g.time_s * w;
    }
    let mut covariance = Matrix2::zeros();
    let mut var_t = 0.0;
    for (g, w) in points.iter().zip(&wc) {
        let d = horizontal(g) - mean_xy;
        covariance += d * d.transpose() * *w;
        var_t += (g.time_s - mean_t).powi(2) * w;
    }
    covariance = 0.5 * (covariance + covariance.transpose());
    // The central point's drag, for its acceleration as it lands.
    let centre_drag = match drag {
        ImpactDrag::Known(d) => d,
        ImpactDrag::Estimated { inverse_mean, .. } => inverse_drag(inverse_mean),
        ImpactDrag::BallisticModel => inverse_drag(track.ballistic.as_ref()?.mean[6]),
    };
    let landing_acceleration = CoastDynamics { drag: centre_drag }.acceleration(0.0, &centre.state);
    let to_enu = frame.rotation_ecef_to_enu();
    let descent = (
        to_enu * centre.state.velocity.mps(),
        to_enu * landing_acceleration.mps2(),
    );
    let point =
        Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(mean_xy.x, mean_xy.y, 0.0)))
            .with_height(tdome_core::Length::ZERO);
    Some(ImpactPrediction {
        time: track.time + SimDuration::from_seconds(mean_t),
        time_sigma_s: var_t.max(0.0).sqrt(),
        point,
        covariance_en_m2: covariance,
        centre: (
            track.time + SimDuration::from_seconds(centre.time_s),
            centre.point,
        ),
        descent,
    })
}

/// Drag from 1/β: none for a point whose 1/β is not positive (β infinite).
fn inverse_drag(inverse_beta: f64) -> CoastDrag {
    if inverse_beta > 0.0 {
        CoastDrag::BallisticCoefficient(1.0 / inverse_beta)
    } else {
        CoastDrag::Vacuum
    }
}

/// The sigma points' landings with their weights; the centre's first.
struct Landings {
    points: Vec<GroundImpact>,
    wm: Vec<f64>,
    wc: Vec<f64>,
}

/// Fly every sigma point of `g` with `fly`; `None` if any does not land.
fn land<const N: usize>(
    g: &Gaussian<N>,
    fly: impl Fn(&SVector<f64, N>) -> Option<GroundImpact>,
) -> Option<Landings> {
    let sigma = SPREAD.points(g).ok()?;
    let points = sigma.points.iter().map(fly).collect::<Option<Vec<_>>>()?;
    Some(Landings {
        points,
        wm: sigma.wm,
        wc: sigma.wc,
    })
}
