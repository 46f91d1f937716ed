//! Motion models: how a track's state is predicted forward in time.
//!
//! Each model has its own state, position and velocity first:
//! - [`NearlyConstantVelocity`], `[p, v]`, for flight under lift (drones, cruise
//!   missiles) and for every target between manoeuvres;
//! - [`NearlyConstantAcceleration`], `[p, v, a]`, for boost and manoeuvre;
//! - [`Ballistic`], `[p, v, 1/β]`, for unpowered flight under gravity and drag, with the
//!   ballistic coefficient estimated per track.
//!
//! The interacting-multiple-model filter ([`super::imm`]) runs them side by side.

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};
use tdome_core::SimTime;
use tdome_core::geodesy::{WGS84_GM, WGS84_OMEGA};
use tdome_physics::ballistic::CoastDrag;
use tdome_physics::dynamics::CoastDynamics;

use super::gaussian::{Gaussian, symmetrise};

/// The motion models a tracker can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MotionModelKind {
    /// [`NearlyConstantVelocity`].
    ConstantVelocity,
    /// [`NearlyConstantAcceleration`].
    ConstantAcceleration,
    /// [`Ballistic`].
    Ballistic,
}

impl MotionModelKind {
    /// The name used in scenario files and records.
    pub fn name(self) -> &'static str {
        match self {
            MotionModelKind::ConstantVelocity => "ncv",
            MotionModelKind::ConstantAcceleration => "nca",
            MotionModelKind::Ballistic => "ballistic",
        }
    }
}

/// The 1-D white-noise process covariance blocks for a chain of `order` integrators
/// driven by white noise of PSD `q` over `dt` (Bar-Shalom, Li & Kirubarajan 2001,
/// §6.2.2 for velocity, §6.2.3 for acceleration): entry (i, j) is
/// q·dt^(2·order−1−i−j) / ((order−1−i)!·(order−1−j)!·(2·order−1−i−j)).
fn integrated_white_noise(q: f64, dt: f64, order: usize, i: usize, j: usize) -> f64 {
    let fact = |n: usize| (1..=n).product::<usize>() as f64;
    let (a, b) = (order - 1 - i, order - 1 - j);
    let power = (a + b + 1) as i32;
    q * dt.powi(power) / (fact(a) * fact(b) * f64::from(power))
}

/// Nearly-constant-velocity motion in ECEF with white-noise acceleration of power
/// spectral density `q` (m²/s³) on each axis (Bar-Shalom, Li & Kirubarajan, *Estimation
/// with Applications to Tracking and Navigation*, 2001, §6.2.2).
///
/// It ignores gravity and drag, so it suits targets flying under their own lift.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NearlyConstantVelocity {
    /// Process noise power spectral density, m²/s³ per axis.
    pub q: f64,
}

impl NearlyConstantVelocity {
    /// The state transition over `dt` seconds.
    pub fn transition(dt: f64) -> SMatrix<f64, 6, 6> {
        let mut f = SMatrix::<f64, 6, 6>::identity();
        for i in 0..3 {
            f[(i, i + 3)] = dt;
        }
        f
    }

    /// The process noise covariance over `dt` seconds.
    pub fn noise(&self, dt: f64) -> SMatrix<f64, 6, 6> {
        let mut q = SMatrix::<f64, 6, 6>::zeros();
        for i in 0..2 {
            for j in 0..2 {
                let v = integrated_white_noise(self.q, dt, 2, i, j);
                for axis in 0..3 {
                    q[(3 * i + axis, 3 * j + axis)] = v;
                }
            }
        }
        q
    }

    /// The state predicted to `time` (which may equal the state's time; must not be
    /// earlier).
    pub fn predict(&self, state: &Gaussian<6>, time: SimTime) -> Gaussian<6> {
        let dt = (time - state.time).as_seconds();
        debug_assert!(dt >= 0.0, "prediction backwards in time");
        if dt == 0.0 {
            return state.clone();
        }
        let f = Self::transition(dt);
        let dt = f[(0, 3)];
        linear_predict_blocks(
            state,
            &f,
            &self.noise(dt),
            time,
            // Rows of F: [I dt·I], [0 I].
            |p, r, c| match r {
                0..3 => dt * p[(r + 3, c)] + p[(r, c)],
                _ => p[(r, c)],
            },
            // Columns of Fᵀ likewise.
            |fp, r, c| match c {
                0..3 => fp[(r, c + 3)] * dt + fp[(r, c)],
                _ => fp[(r, c)],
            },
        )
    }
}

/// Nearly-constant-acceleration motion in ECEF: the acceleration is a Wiener process,
/// driven by white-noise jerk of power spectral density `q` (m²/s⁵) on each axis
/// (Bar-Shalom, Li & Kirubarajan 2001, §6.2.3). It follows a boosting rocket, whose
/// acceleration changes slowly as it burns its propellant, and a manoeuvre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NearlyConstantAcceleration {
    /// Jerk power spectral density, m²/s⁵ per axis.
    pub q: f64,
}

impl NearlyConstantAcceleration {
    /// The state transition over `dt` seconds.
    pub fn transition(dt: f64) -> SMatrix<f64, 9, 9> {
        let mut f = SMatrix::<f64, 9, 9>::identity();
        for i in 0..3 {
            f[(i, i + 3)] = dt;
            f[(i, i + 6)] = 0.5 * dt * dt;
            f[(i + 3, i + 6)] = dt;
        }
        f
    }

    /// The process noise covariance over `dt` seconds.
    pub fn noise(&self, dt: f64) -> SMatrix<f64, 9, 9> {
        let mut q = SMatrix::<f64, 9, 9>::zeros();
        for i in 0..3 {
            for j in 0..3 {
                let v = integrated_white_noise(self.q, dt, 3, i, j);
                for axis in 0..3 {
                    q[(3 * i + axis, 3 * j + axis)] = v;
                }
            }
        }
        q
    }

    /// The state predicted to `time` (not earlier than the state's).
    pub fn predict(&self, state: &Gaussian<9>, time: SimTime) -> Gaussian<9> {
        let dt = (time - state.time).as_seconds();
        if dt <= 0.0 {
            return state.clone();
        }
        let f = Self::transition(dt);
        let (dt, half_dt2) = (f[(0, 3)], f[(0, 6)]);
        linear_predict_blocks(
            state,
            &f,
            &self.noise(dt),
            time,
            // Rows of F: [I dt·I dt²/2·I], [0 I dt·I], [0 0 I].
            |p, r, c| match r {
                0..3 => half_dt2 * p[(r + 6, c)] + (dt * p[(r + 3, c)] + p[(r, c)]),
                3..6 => dt * p[(r + 3, c)] + p[(r, c)],
                _ => p[(r, c)],
            },
            |fp, r, c| match c {
                0..3 => fp[(r, c + 6)] * half_dt2 + (fp[(r, c + 3)] * dt + fp[(r, c)]),
                3..6 => fp[(r, c + 3)] * dt + fp[(r, c)],
                _ => fp[(r, c)],
            },
        )
    }
}

/// [`linear_predict`] for the nearly-constant models, whose transition has the blocks
/// I, dt·I and dt²/2·I and zeros elsewhere: the same numbers, to the bit, for a fraction
/// of the arithmetic. `fp(p, r, c)` and `fpft(fp, r, c)` give entry (r, c) of F·P and of
/// (F·P)·Fᵀ from F's nonzero entries only, adding them in the column order in which the
/// dense product adds its terms.
///
/// Leaving out the terms whose factor from F is zero changes no sum of finite terms
/// except, possibly, the sign of a sum that is zero: so a sum that comes out zero is
/// done again in full, and a covariance with any non-finite entry (where 0·∞ would
/// matter) goes the dense way. Both kernels must include the diagonal term
/// (`p[(r, c)]`, `fp[(r, c)]`), which F's unit diagonal gives.
fn linear_predict_blocks<const N: usize>(
    state: &Gaussian<N>,
    f: &SMatrix<f64, N, N>,
    q: &SMatrix<f64, N, N>,
    time: SimTime,
    fp: impl Fn(&SMatrix<f64, N, N>, usize, usize) -> f64,
    fpft: impl Fn(&SMatrix<f64, N, N>, usize, usize) -> f64,
) -> Gaussian<N> {
    let p = &state.covariance;
    // Entry (r, c) of the dense product a·b, terms added as nalgebra adds them.
    let dense = |a: &SMatrix<f64, N, N>, b: &dyn Fn(usize) -> f64, r: usize| {
        (1..N).fold(a[(r, 0)] * b(0), |acc, k| a[(r, k)] * b(k) + acc)
    };
    let product = SMatrix::<f64, N, N>::from_fn(|r, c| {
        let v = fp(p, r, c);
        if v == 0.0 {
            dense(f, &|k| p[(k, c)], r)
        } else {
            v
        }
    });
    // Each entry of P enters its own entry of F·P with factor 1, so a non-finite P
    // shows here too.
    if !product.as_slice().iter().all(|v| v.is_finite()) {
        return linear_predict(state, f, q, time);
    }
    let mut covariance = SMatrix::<f64, N, N>::from_fn(|r, c| {
        let v = fpft(&product, r, c);
        if v == 0.0 {
            dense(&product, &|k| f[(c, k)], r)
        } else {
            v
        }
    });
    covariance += q;
    symmetrise(&mut covariance);
    Gaussian {
        mean: f * state.mean,
        covariance,
        time,
    }
}

fn linear_predict<const N: usize>(
    state: &Gaussian<N>,
    f: &SMatrix<f64, N, N>,
    q: &SMatrix<f64, N, N>,
    time: SimTime,
) -> Gaussian<N> {
    let mut covariance = f * state.covariance * f.transpose() + q;
    symmetrise(&mut covariance);
    Gaussian {
        mean: f * state.mean,
        covariance,
        time,
    }
}

/// Index of 1/β in the ballistic state.
pub const INVERSE_BETA: usize = 6;

/// Unpowered flight over the rotating WGS-84 Earth: J2 gravity, centrifugal and
/// Coriolis accelerations, and drag −ρ(h)·|v|·v·(1/β)/2 in the 1976 standard atmosphere,
/// the same forces the world flies threats with. The state is `[p, v, 1/β]`: the inverse
/// ballistic coefficient (m²/kg), which enters the drag linearly, is estimated with the
/// rest and wanders as a random walk, because a real body's C_d changes with Mach number.
/// It becomes observable only as the air thickens, so high up its variance stays wide.
///
/// The mean is integrated with fourth-order Runge–Kutta; the covariance is propagated
/// with the Jacobian of the dynamics, piecewise over the same steps (F ≈ I + A·h +
/// A²·h²/2 per step).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ballistic {
    /// White-noise acceleration PSD on each axis, m²/s³: what the point-mass model
    /// leaves out (lift of a tumbling body, wind).
    pub q: f64,
    /// PSD of the random walk of 1/β, (m²/kg)²/s.
    pub q_inverse_beta: f64,
    /// Longest integration step, seconds.
    pub max_step_s: f64,
}

impl Ballistic {
    fn dynamics(inverse_beta: f64) -> CoastDynamics {
        // A non-positive estimate means drag not yet seen: fly in vacuum rather than
        // accelerate the body with negative drag.
        let drag = if inverse_beta > 0.0 {
            CoastDrag::BallisticCoefficient(1.0 / inverse_beta)
        } else {
            CoastDrag::Vacuum
        };
        CoastDynamics { drag }
    }

    fn steps(&self, dt: f64) -> (usize, f64) {
        let n = (dt / self.max_step_s).ceil().max(1.0);
        (n as usize, dt / n)
    }

    /// The mean of `x` propagated by `dt` seconds (the body may pass below the ground:
    /// the tracker keeps predicting a track until it is deleted).
    pub fn propagate(&self, x: &SVector<f64, 7>, dt: f64) -> SVector<f64, 7> {
        if dt <= 0.0 {
            return *x;
        }
        let dynamics = Self::dynamics(x[INVERSE_BETA]);
        let (n, h) = self.steps(dt);
        let mut state = tdome_physics::EcefState {
            position: tdome_core::Position::from_metres(x[0], x[1], x[2]),
            velocity: tdome_core::Velocity::from_mps(x[3], x[4], x[5]),
        };
        for k in 0..n {
            state = tdome_physics::dynamics::rk4_step(&dynamics, k as f64 * h, &state, h);
        }
        let (p, v) = (state.position.metres(), state.velocity.mps());
        SVector::<f64, 7>::from_column_slice(&[p.x, p.y, p.z, v.x, v.y, v.z, x[INVERSE_BETA]])
    }

    /// The Jacobian of the continuous dynamics at `x`.
    fn jacobian(x: &SVector<f64, 7>) -> SMatrix<f64, 7, 7> {
        let r = Vector3::new(x[0], x[1], x[2]);
        let v = Vector3::new(x[3], x[4], x[5]);
        let eta = x[INVERSE_BETA].max(0.0);
        let mut a = SMatrix::<f64, 7, 7>::zeros();
        for i in 0..3 {
            a[(i, i + 3)] = 1.0;
        }
        let rn = r.norm().max(1.0);
        let r_hat = r / rn;
        // Point-mass gravity gradient (J2 changes it by a part in a thousand) plus the
        // centrifugal term.
        let mut d_dr =
            -(WGS84_GM / rn.powi(3)) * (Matrix3::identity() - 3.0 * r_hat * r_hat.transpose());
        d_dr[(0, 0)] += WGS84_OMEGA * WGS84_OMEGA;
        d_dr[(1, 1)] += WGS84_OMEGA * WGS84_OMEGA;
        let speed = v.norm();
        let h = tdome_physics::state::approximate_height_m(&r);
        let rho = tdome_physics::atmosphere::density(h);
        // dρ/dh by a forward difference over 100 m (the scale height is ~7 km, so the
        // slope is good to ~1%, and the term itself is a correction to the drag's).
        let drho = (tdome_physics::atmosphere::density(h + 100.0) - rho) / 100.0;
        d_dr -= (0.5 * speed * eta * drho) * v * r_hat.transpose();
        let mut d_dv = Matrix3::new(
            0.0,
            2.0 * WGS84_OMEGA,
            0.0,
            -2.0 * WGS84_OMEGA,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
        );
        if speed > 0.0 {
            d_dv -= (0.5 * rho * eta) * (Matrix3::identity() * speed + v * v.transpose() / speed);
        }
        let d_deta = -(0.5 * rho * speed) * v;
        a.fixed_view_mut::<3, 3>(3, 0).copy_from(&d_dr);
        a.fixed_view_mut::<3, 3>(3, 3).copy_from(&d_dv);
        a.fixed_view_mut::<3, 1>(3, INVERSE_BETA).copy_from(&d_deta);
        a
    }

    /// Hold 1/β at or above zero after an update (projection of the mean onto the
    /// constraint, Simon, "Kalman filtering with state constraints", IET CTA 4(8),
    /// 2010). Drag never pushes a body forward; without the constraint the ballistic
    /// model would explain a boosting rocket's thrust as negative drag, fit the boost,
    /// and take weight from the acceleration model that should carry it.
    pub fn constrain(state: &mut Gaussian<7>) {
        if state.mean[INVERSE_BETA] < 0.0 {
            state.mean[INVERSE_BETA] = 0.0;
        }
    }

    /// The process noise covariance over `dt` seconds.
    pub fn noise(&self, dt: f64) -> SMatrix<f64, 7, 7> {
        let mut q = SMatrix::<f64, 7, 7>::zeros();
        let ncv = NearlyConstantVelocity { q: self.q }.noise(dt);
        q.fixed_view_mut::<6, 6>(0, 0).copy_from(&ncv);
        q[(INVERSE_BETA, INVERSE_BETA)] = self.q_inverse_beta * dt;
        q
    }

    /// The extended-Kalman prediction of `state` to `time` (not earlier).
    pub fn predict(&self, state: &Gaussian<7>, time: SimTime) -> Gaussian<7> {
        let dt = (time - state.time).as_seconds();
        if dt <= 0.0 {
            return state.clone();
        }
        let (n, h) = self.steps(dt);
        let mut mean = state.mean;
        let mut covariance = state.covariance;
        let q = self.noise(h);
        let identity = SMatrix::<f64, 7, 7>::identity();
        for _ in 0..n {
            let a = Self::jacobian(&mean);
            let f = identity + a * h + a * a * (0.5 * h * h);
            covariance = f * covariance * f.transpose() + q;
            mean = self.propagate(&mean, h);
        }
        symmetrise(&mut covariance);
        Gaussian {
            mean,
            covariance,
            time,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::{Geodetic, SimDuration};

    #[test]
    fn constant_velocity_noise_is_the_textbook_block() {
        let q = NearlyConstantVelocity { q: 2.0 }.noise(3.0);
        assert!((q[(0, 0)] - 2.0 * 27.0 / 3.0).abs() < 1e-12);
        assert!((q[(0, 3)] - 2.0 * 9.0 / 2.0).abs() < 1e-12);
        assert!((q[(3, 3)] - 2.0 * 3.0).abs() < 1e-12);
        assert_eq!(q[(0, 1)], 0.0);
    }

    #[test]
    fn constant_acceleration_noise_is_the_textbook_block() {
        // Bar-Shalom et al. (2001) eq. 6.2.3-8: q·[dt⁵/20, dt⁴/8, dt³/6; …, dt³/3, dt²/2;
        // …, …, dt].
        let dt: f64 = 2.0;
        let q = NearlyConstantAcceleration { q: 1.5 }.noise(dt);
        let expect = [
            [dt.powi(5) / 20.0, dt.powi(4) / 8.0, dt.powi(3) / 6.0],
            [dt.powi(4) / 8.0, dt.powi(3) / 3.0, dt.powi(2) / 2.0],
            [dt.powi(3) / 6.0, dt.powi(2) / 2.0, dt],
        ];
        for i in 0..3 {
            for j in 0..3 {
                assert!((q[(3 * i + 1, 3 * j + 1)] - 1.5 * expect[i][j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn ballistic_jacobian_matches_finite_differences_of_the_flight() {
        let model = Ballistic {
            q: 1.0,
            q_inverse_beta: 0.0,
            max_step_s: 0.05,
        };
        let here = Geodetic::from_degrees(24.0, 121.0, 12_000.0).to_ecef();
        let p = here.metres();
        let x = SVector::<f64, 7>::from_column_slice(&[
            p.x,
            p.y,
            p.z,
            300.0,
            -500.0,
            -900.0,
            1.0 / 8000.0,
        ]);
        let dt = 0.05;
        let g0 = Gaussian {
            mean: x,
            covariance: SMatrix::<f64, 7, 7>::identity(),
            time: SimTime::ZERO,
        };
        // With unit prior covariance and no process noise, the predicted covariance is
        // F·Fᵀ; compare F's columns with finite differences of the propagated mean.
        let predicted = model.predict(&g0, SimTime::ZERO + SimDuration::from_seconds(dt));
        let a = Ballistic::jacobian(&x);
        let f = SMatrix::<f64, 7, 7>::identity() + a * dt + a * a * (0.5 * dt * dt);
        let scale = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1e-6];
        for j in 0..7 {
            let mut up = x;
            let mut down = x;
            up[j] += scale[j];
            down[j] -= scale[j];
            let col = (model.propagate(&up, dt) - model.propagate(&down, dt)) / (2.0 * scale[j]);
            for i in 0..7 {
                // F is the Jacobian at the start of the step; the flow's sensitivity also
                // carries the change of air density over the step (45 m of descent here,
                // 0.6% of ρ), a second-order term of a few 10⁻⁶. Sign or factor errors
                // are of order 10⁻³ and above.
                let tol = if j == INVERSE_BETA {
                    1e-2 * f[(i, j)].abs() + 1e-6
                } else {
                    2e-5 * f[(i, j)].abs().max(1.0)
                };
                assert!(
                    (col[i] - f[(i, j)]).abs() <= tol,
                    "F[{i},{j}] = {} vs finite difference {}",
                    f[(i, j)],
                    col[i]
                );
            }
        }
        assert!(predicted.is_finite());
    }
}
