//! Aerodynamic drag of a point mass.

/// Drag coefficient as a function of Mach number, piecewise linear between points and
/// held constant beyond the ends.
#[derive(Clone, Debug, PartialEq)]
pub struct DragCurve {
    /// (Mach, C_d) points with strictly increasing Mach.
    points: Vec<(f64, f64)>,
}

/// A drag table that cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DragCurveError {
    /// No points.
    #[error("a drag curve needs at least one (mach, cd) point")]
    Empty,
    /// Mach values must increase.
    #[error("drag curve Mach numbers must strictly increase (point {0})")]
    NotIncreasing(usize),
    /// C_d must be finite and non-negative.
    #[error("drag coefficient at point {0} must be finite and non-negative")]
    BadCoefficient(usize),
    /// Mach must be finite and non-negative.
    #[error("Mach number at point {0} must be finite and non-negative")]
    BadMach(usize),
}

impl DragCurve {
    /// A curve from (Mach, C_d) points, Mach strictly increasing, both finite and
    /// non-negative. Point indices in errors count from 0.
    pub fn new(points: Vec<(f64, f64)>) -> Result<Self, DragCurveError> {
        if points.is_empty() {
            return Err(DragCurveError::Empty);
        }
        for (i, &(mach, cd)) in points.iter().enumerate() {
            if !mach.is_finite() || mach < 0.0 {
                return Err(DragCurveError::BadMach(i));
            }
            if !cd.is_finite() || cd < 0.0 {
                return Err(DragCurveError::BadCoefficient(i));
            }
            if i > 0 && mach <= points[i - 1].0 {
                return Err(DragCurveError::NotIncreasing(i));
            }
        }
        Ok(DragCurve { points })
    }

    /// A curve with the same C_d at every Mach number.
    pub fn constant(cd: f64) -> Result<Self, DragCurveError> {
        DragCurve::new(vec![(0.0, cd)])
    }

    /// The (Mach, C_d) points, Mach strictly increasing.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// C_d at `mach`: linear between points, the end values beyond them. A NaN Mach
    /// number gives NaN.
    pub fn cd(&self, mach: f64) -> f64 {
        if mach.is_nan() {
            return f64::NAN;
        }
        let pts = &self.points;
        // Tables have a handful of points; a linear scan beats a binary search here.
        let upper = pts.iter().position(|&(m, _)| m > mach);
        match upper {
            // Below the first point (or a single-point curve): the first value.
            Some(0) => pts[0].1,
            // Beyond the last point: the last value.
            None => pts[pts.len() - 1].1,
            Some(i) => {
                let (m0, c0) = pts[i - 1];
                let (m1, c1) = pts[i];
                c0 + (c1 - c0) * (mach - m0) / (m1 - m0)
            }
        }
    }

    /// The largest C_d anywhere on the curve.
    pub fn max_cd(&self) -> f64 {
        self.points.iter().map(|p| p.1).fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grad() -> DragCurve {
        DragCurve::new(vec![
            (0.0, 0.30),
            (0.9, 0.32),
            (1.1, 0.45),
            (2.0, 0.38),
            (4.0, 0.30),
        ])
        .expect("a valid curve")
    }

    #[test]
    fn interpolates_and_holds_the_ends() {
        let c = grad();
        assert_eq!(c.cd(-1.0), 0.30);
        assert_eq!(c.cd(0.0), 0.30);
        assert!((c.cd(1.0) - 0.385).abs() < 1e-12);
        assert_eq!(c.cd(2.0), 0.38);
        assert_eq!(c.cd(10.0), 0.30);
        assert!(c.cd(f64::NAN).is_nan());
        assert_eq!(DragCurve::constant(0.2).map(|c| c.cd(3.0)), Ok(0.2));
    }

    #[test]
    fn rejects_bad_tables() {
        assert_eq!(DragCurve::new(vec![]), Err(DragCurveError::Empty));
        assert_eq!(
            DragCurve::new(vec![(0.0, 0.3), (0.0, 0.4)]),
            Err(DragCurveError::NotIncreasing(1))
        );
        assert_eq!(
            DragCurve::new(vec![(0.0, 0.3), (1.0, -0.1)]),
            Err(DragCurveError::BadCoefficient(1))
        );
        assert_eq!(
            DragCurve::new(vec![(0.0, f64::NAN)]),
            Err(DragCurveError::BadCoefficient(0))
        );
        assert_eq!(
            DragCurve::new(vec![(f64::NAN, 0.3)]),
            Err(DragCurveError::BadMach(0))
        );
        assert_eq!(
            DragCurve::new(vec![(-1.0, 0.3)]),
            Err(DragCurveError::BadMach(0))
        );
    }

    proptest! {
        #[test]
        fn cd_stays_within_the_table(
            raw in proptest::collection::vec((0.01..2.0f64, 0.0..1.5f64), 1..8),
            mach in -1.0..20.0f64,
        ) {
            // Build strictly increasing Mach numbers from positive increments.
            let mut m = 0.0;
            let pts: Vec<(f64, f64)> = raw.iter().map(|&(dm, cd)| { m += dm; (m, cd) }).collect();
            let curve = DragCurve::new(pts.clone()).expect("valid by construction");
            let lo = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let hi = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            let cd = curve.cd(mach);
            prop_assert!(cd >= lo - 1e-12 && cd <= hi + 1e-12, "{} not in [{}, {}]", cd, lo, hi);
        }

        #[test]
        fn cd_is_continuous(mach in 0.0..5.0f64) {
            let c = grad();
            prop_assert!((c.cd(mach + 1e-9) - c.cd(mach)).abs() < 1e-8);
        }
    }
}
