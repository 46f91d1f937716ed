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
}

impl DragCurve {
    /// A curve from (Mach, C_d) points.
    pub fn new(points: Vec<(f64, f64)>) -> Result<Self, DragCurveError> {
        todo!("physics helper: {points:?}")
    }

    /// C_d at `mach`.
    pub fn cd(&self, mach: f64) -> f64 {
        todo!("physics helper: {mach} {:?}", self.points)
    }
}
