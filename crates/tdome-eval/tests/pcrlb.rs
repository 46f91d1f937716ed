//! The PCRLB against closed forms: for linear Gaussian models the PCRLB is the Kalman
//! filter's covariance, so the D-form information recursion along a trajectory must
//! equal a covariance-form Kalman filter (gain, Joseph update) run with the same
//! Jacobians; and the Jacobian against finite differences of the geodesy's own
//! range/azimuth/elevation.

use nalgebra::{Matrix3, Matrix6, SMatrix};
use tdome_core::plot::CartesianToRangeAzimuthElevation;
use tdome_core::{Angle, EnuFrame, Geodetic, Length, Position, SimTime};
use tdome_eval::pcrlb::{BoundSensor, Pcrlb, cv, polar_jacobian};

fn radar(lat: f64, lon: f64, pd: f64) -> BoundSensor {
    BoundSensor {
        model: CartesianToRangeAzimuthElevation {
            sensor: tdome_core::ids::SensorId(0),
            site: EnuFrame::at(Geodetic::from_degrees(lat, lon, 50.0)),
            sigma_range: Length::metres(30.0),
            sigma_azimuth: Angle::radians(2e-3),
            sigma_elevation: Angle::radians(3e-3),
            sigma_range_rate: None,
            scan_period: tdome_core::SimDuration::from_seconds(1.0),
        },
        pd,
    }
}

/// A straight constant-velocity flight seen from the radar sites, sampled at irregular
/// scan times.
fn trajectory() -> Vec<(SimTime, Position<tdome_core::Ecef>)> {
    let start = Geodetic::from_degrees(24.6, 121.0, 9000.0).to_ecef();
    let v = nalgebra::Vector3::new(150.0, -220.0, 90.0);
    let mut t = 0.0;
    (0..40)
        .map(|k| {
            t += [1.0, 0.5, 2.0, 1.5][k % 4];
            (
                SimTime::from_seconds(t),
                Position::from_vector(start.metres() + v * t),
            )
        })
        .collect()
}

fn kalman_position_rmse(
    bound: &Pcrlb,
    traj: &[(SimTime, Position<tdome_core::Ecef>)],
    sensors: &[BoundSensor],
) -> Vec<f64> {
    // P0 = J0⁻¹: the first scan's information and the velocity prior, as the bound has it.
    let mut info0 = Matrix3::zeros();
    for s in sensors {
        let h = polar_jacobian(&s.model, &traj[0].1).expect("off axis");
        let r = Matrix3::from_diagonal(&nalgebra::Vector3::new(
            30.0_f64.powi(2),
            2e-3_f64.powi(2),
            3e-3_f64.powi(2),
        ));
        info0 += h.transpose() * r.try_inverse().expect("diagonal") * h * s.pd;
    }
    let mut p = Matrix6::zeros();
    p.fixed_view_mut::<3, 3>(0, 0)
        .copy_from(&info0.try_inverse().expect("observable"));
    for k in 3..6 {
        p[(k, k)] = bound.velocity_prior_sigma.powi(2);
    }
    let mut out = vec![(p[(0, 0)] + p[(1, 1)] + p[(2, 2)]).sqrt()];
    for w in traj.windows(2) {
        let dt = w[1].0.since(w[0].0).as_seconds();
        let (f, q) = cv(dt, bound.q_psd);
        p = f * p * f.transpose() + q;
        for s in sensors {
            let mut h = SMatrix::<f64, 3, 6>::zeros();
            h.fixed_view_mut::<3, 3>(0, 0)
                .copy_from(&polar_jacobian(&s.model, &w[1].1).expect("off axis"));
            // Pd < 1 as a measurement of noise R/Pd: information Pd·HᵀR⁻¹H.
            let r = Matrix3::from_diagonal(&nalgebra::Vector3::new(
                30.0_f64.powi(2),
                2e-3_f64.powi(2),
                3e-3_f64.powi(2),
            )) / s.pd;
            let s_mat = h * p * h.transpose() + r;
            let k = p * h.transpose() * s_mat.try_inverse().expect("innovation covariance");
            let i_kh = Matrix6::identity() - k * h;
            p = i_kh * p * i_kh.transpose() + k * r * k.transpose();
        }
        out.push((p[(0, 0)] + p[(1, 1)] + p[(2, 2)]).sqrt());
    }
    out
}

#[test]
fn val_kalman_pcrlb_equals_the_linear_kalman_covariance() {
    let bound = Pcrlb {
        q_psd: 4.0,
        velocity_prior_sigma: 300.0,
    };
    let traj = trajectory();
    for sensors in [
        vec![radar(24.9, 121.2, 1.0)],
        vec![radar(24.9, 121.2, 0.8), radar(24.3, 120.7, 0.6)],
    ] {
        let ours = bound.position_rmse_bound(&traj, &sensors).expect("valid");
        let kf = kalman_position_rmse(&bound, &traj, &sensors);
        assert_eq!(ours.len(), kf.len());
        let worst = ours
            .iter()
            .zip(&kf)
            .map(|(a, b)| (a.si() - b).abs() / b)
            .fold(0.0, f64::max);
        assert!(
            worst < 1e-7,
            "PCRLB and KF differ by {worst:.2e} (relative)"
        );
        println!(
            "{} sensor(s): worst relative difference {worst:.2e}; bound {:.1} m → {:.1} m",
            sensors.len(),
            ours[0].si(),
            ours[ours.len() - 1].si()
        );
        // The bound settles: well below the first scan's, and finite.
        assert!(ours.last().expect("scans").si() < 0.8 * ours[0].si());
    }
}

#[test]
fn lower_detection_probability_raises_the_bound() {
    let bound = Pcrlb {
        q_psd: 4.0,
        velocity_prior_sigma: 300.0,
    };
    let traj = trajectory();
    let sure = bound
        .position_rmse_bound(&traj, &[radar(24.9, 121.2, 1.0)])
        .expect("valid");
    let unsure = bound
        .position_rmse_bound(&traj, &[radar(24.9, 121.2, 0.5)])
        .expect("valid");
    for (a, b) in sure.iter().zip(&unsure) {
        assert!(b.si() > a.si());
    }
    assert!(
        bound
            .position_rmse_bound(&traj, &[radar(24.9, 121.2, 0.0)])
            .is_err()
    );
    let bad = Pcrlb {
        q_psd: 0.0,
        velocity_prior_sigma: 300.0,
    };
    assert!(
        bad.position_rmse_bound(&traj, &[radar(24.9, 121.2, 1.0)])
            .is_err()
    );
}

#[test]
fn polar_jacobian_matches_finite_differences_of_the_geodesy() {
    let s = radar(24.9, 121.2, 1.0);
    let p = trajectory()[5].1;
    let h = polar_jacobian(&s.model, &p).expect("off axis");
    let z = |q: &Position<tdome_core::Ecef>| {
        let m = s.model.site.observe(q);
        nalgebra::Vector3::new(m.range.si(), m.azimuth.si(), m.elevation.si())
    };
    for axis in 0..3 {
        let step = 1.0;
        let mut d = nalgebra::Vector3::zeros();
        d[axis] = step;
        let plus = z(&Position::from_vector(p.metres() + d));
        let minus = z(&Position::from_vector(p.metres() - d));
        let numeric = (plus - minus) / (2.0 * step);
        for row in 0..3 {
            let err = (numeric[row] - h[(row, axis)]).abs();
            assert!(
                err < 1e-6 * h.column(axis).abs().max().max(1e-9) + 1e-12,
                "H[{row},{axis}]: {} vs {}",
                h[(row, axis)],
                numeric[row]
            );
        }
    }
}
