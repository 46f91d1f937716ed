//! Flyout tables: time of flight and arrival speed against ground range and altitude,
//! precomputed by flying the airframe, looked up in constant time.

use tdome_core::geodesy::{WGS84_A, WGS84_B};
use tdome_core::units::wrap_pi;
use tdome_core::{Angle, Geodetic, Length, Speed};

use super::airframe::InterceptorAirframe;
use super::engagement::{
    EngagementEnd, EngagementError, EngagementOutcome, FlightEnvironment, FlyoutSettings,
    InterceptorLaunch, fly_engagement_unobserved,
};
use super::guidance::Guidance;
use crate::geodesic;
use crate::state::EcefState;

/// The grid of a [`FlyoutTable`]: evenly spaced ground ranges and altitudes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlyoutGrid {
    /// Ground range of the first column (greater than zero: the launcher itself is no
    /// intercept point).
    pub min_range: Length,
    /// Ground range of the last column.
    pub max_range: Length,
    /// Number of columns, at least 2.
    pub range_nodes: usize,
    /// Altitude above the ellipsoid of the first row.
    pub min_altitude: Length,
    /// Altitude of the last row.
    pub max_altitude: Length,
    /// Number of rows, at least 2.
    pub altitude_nodes: usize,
}

/// What makes a grid point reachable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reachability {
    /// Slowest arrival that still makes a useful intercept (below it the interceptor
    /// cannot out-turn or catch a target).
    pub min_arrival_speed: Speed,
    /// Largest miss from the point that still counts as arriving (the flyout flies PN
    /// at a fixed point, so this only rejects points the airframe cannot turn onto).
    pub max_miss: Length,
    /// Least lateral acceleration the airframe must still have on arrival, m/s²: its
    /// aerodynamic limit at the arrival's dynamic pressure (and thrust vectoring while
    /// the motor burns), capped by the structural limit. Homing on a threat needs agility
    /// at the intercept point, which a coasting missile in thin air lacks. 0 accepts
    /// every arrival.
    pub min_lateral_acceleration_mps2: f64,
}

/// Why a flyout table could not be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FlyoutTableError {
    /// The grid is unusable.
    #[error("flyout grid: {0}")]
    Grid(&'static str),
    /// The reachability criteria are unusable.
    #[error("reachability: {0}")]
    Reachability(&'static str),
    /// The airframe, guidance, step or site cannot be flown.
    #[error("flyout: {0}")]
    Flyout(#[from] EngagementError),
}

/// Time of flight and arrival speed at a point, from a [`FlyoutTable`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlyoutPoint {
    /// Seconds from launch to arrival.
    pub time_of_flight_s: f64,
    /// Speed on arrival.
    pub arrival_speed: Speed,
}

/// Why a [`FlyoutTable`] lookup has no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotReachable {
    /// The point lies outside the table's grid (or is NaN).
    #[error("outside the flyout table")]
    OutsideTable,
    /// A corner of the point's grid cell is unreachable: beyond the time of flight, too
    /// slow on arrival, or the airframe cannot get there without hitting the ground.
    #[error("unreachable by the interceptor")]
    Unreachable,
}

/// Time of flight and arrival speed of an interceptor type from a launcher, on a grid of
/// ground range and altitude, answered by bilinear interpolation in O(1).
///
/// Built by flying the airframe, with its own guidance (launch phase, N, τ, gravity
/// bias) and the Earth environment, at a stationary point at each grid node: the launch
/// is aimed at the point, which is both PIP and target, and the flight ends at the
/// closest approach. A node is reachable when that flight ends at its closest approach
/// within [`Reachability::max_miss`] of the point, at or above
/// [`Reachability::min_arrival_speed`] (so within the maximum time of flight and without
/// hitting the ground). A lookup interpolates the four corners of the point's cell and is
/// [`NotReachable::Unreachable`] if any corner is: the reachable region is resolved to
/// one cell, on the side of caution.
///
/// The table is for one launcher site and one azimuth; other azimuths differ through the
/// Earth's rotation only (measured: under 0.05 % in time of flight and 0.25 % in arrival
/// speed for the notional short-range airframe of the tests; see `docs/physics.md`). A flight at a moving target also differs from one at a fixed point
/// by the turn it needs; the table is the kinematic budget the battle manager plans with.
#[derive(Clone, Debug, PartialEq)]
pub struct FlyoutTable {
    grid: FlyoutGrid,
    site: Geodetic,
    azimuth: Angle,
    /// Per node, row-major (altitude outer, range inner): time of flight, seconds, and
    /// arrival speed, m/s; NaN for an unreachable node.
    nodes: Vec<(f64, f64)>,
    range_step_m: f64,
    altitude_step_m: f64,
}

impl FlyoutTable {
    /// Build the table for `airframe` under `guidance` from `site` towards `azimuth`, flown
    /// at step `step_s`. Costs one flyout per node (see `docs/physics.md` for timings).
    pub fn build(
        airframe: &InterceptorAirframe,
        guidance: &Guidance,
        site: Geodetic,
        azimuth: Angle,
        grid: &FlyoutGrid,
        reach: &Reachability,
        step_s: f64,
    ) -> Result<Self, FlyoutTableError> {
        validate_grid(grid)?;
        let speed = reach.min_arrival_speed.si();
        if !(speed.is_finite() && speed >= 0.0) {
            return Err(FlyoutTableError::Reachability(
                "minimum arrival speed must be finite and non-negative",
            ));
        }
        let agility = reach.min_lateral_acceleration_mps2;
        if !(agility.is_finite() && agility >= 0.0) {
            return Err(FlyoutTableError::Reachability(
                "minimum lateral acceleration must be finite and non-negative",
            ));
        }
        let miss = reach.max_miss.si();
        if !(miss.is_finite() && miss > 0.0) {
            return Err(FlyoutTableError::Reachability(
                "maximum miss must be finite and positive",
            ));
        }
        if !(azimuth.si().is_finite()
            && site.latitude.si().is_finite()
            && site.longitude.si().is_finite()
            && site.height.si().is_finite())
        {
            return Err(FlyoutTableError::Flyout(EngagementError::Launch));
        }
        let range_step_m = step(grid.min_range, grid.max_range, grid.range_nodes);
        let altitude_step_m = step(grid.min_altitude, grid.max_altitude, grid.altitude_nodes);
        let mut nodes = Vec::with_capacity(grid.range_nodes * grid.altitude_nodes);
        for j in 0..grid.altitude_nodes {
            let altitude = grid.min_altitude.si() + j as f64 * altitude_step_m;
            for i in 0..grid.range_nodes {
                let range = grid.min_range.si() + i as f64 * range_step_m;
                let point = point_at(
                    site,
                    azimuth,
                    Length::metres(range),
                    Length::metres(altitude),
                );
                let outcome = flyout_to_point(airframe, guidance, site, point, step_s)?;
                nodes.push(node_value(&outcome, reach, airframe));
            }
        }
        Ok(FlyoutTable {
            grid: *grid,
            site,
            azimuth,
            nodes,
            range_step_m,
            altitude_step_m,
        })
    }

    /// Time of flight and arrival speed at `ground_range` (geodesic distance from the
    /// launcher along the ellipsoid) and `altitude` (above the ellipsoid), by bilinear
    /// interpolation between the four nodes of its cell. Constant time, no allocation.
    pub fn lookup(
        &self,
        ground_range: Length,
        altitude: Length,
    ) -> Result<FlyoutPoint, NotReachable> {
        let (i, fx) = cell(
            ground_range.si(),
            self.grid.min_range.si(),
            self.range_step_m,
            self.grid.range_nodes,
        )
        .ok_or(NotReachable::OutsideTable)?;
        let (j, fy) = cell(
            altitude.si(),
            self.grid.min_altitude.si(),
            self.altitude_step_m,
            self.grid.altitude_nodes,
        )
        .ok_or(NotReachable::OutsideTable)?;
        let n = self.grid.range_nodes;
        let (a, b) = (self.nodes[j * n + i], self.nodes[j * n + i + 1]);
        let (c, d) = (self.nodes[(j + 1) * n + i], self.nodes[(j + 1) * n + i + 1]);
        let blend = |a: f64, b: f64, c: f64, d: f64| {
            (a * (1.0 - fx) + b * fx) * (1.0 - fy) + (c * (1.0 - fx) + d * fx) * fy
        };
        let time = blend(a.0, b.0, c.0, d.0);
        if time.is_nan() {
            return Err(NotReachable::Unreachable);
        }
        Ok(FlyoutPoint {
            time_of_flight_s: time,
            arrival_speed: Speed::metres_per_second(blend(a.1, b.1, c.1, d.1)),
        })
    }

    /// [`FlyoutTable::lookup`] for a point given by position: its ground range is the
    /// geodesic distance from the site (Vincenty's inverse, an iteration: not the O(1)
    /// cost of [`FlyoutTable::lookup`]), its altitude its ellipsoidal height.
    pub fn lookup_point(&self, point: &Geodetic) -> Result<FlyoutPoint, NotReachable> {
        let range = geodesic::inverse(&self.site, point).distance;
        self.lookup(range, point.height)
    }

    /// The node at column `i` (range) and row `j` (altitude), or `None` if it is
    /// unreachable or outside the grid.
    pub fn node(&self, i: usize, j: usize) -> Option<FlyoutPoint> {
        if i >= self.grid.range_nodes || j >= self.grid.altitude_nodes {
            return None;
        }
        let (t, v) = self.nodes[j * self.grid.range_nodes + i];
        (!t.is_nan()).then_some(FlyoutPoint {
            time_of_flight_s: t,
            arrival_speed: Speed::metres_per_second(v),
        })
    }

    /// The grid.
    pub fn grid(&self) -> &FlyoutGrid {
        &self.grid
    }

    /// The launcher site the table was flown from.
    pub fn site(&self) -> Geodetic {
        self.site
    }

    /// The azimuth the table was flown along.
    pub fn azimuth(&self) -> Angle {
        self.azimuth
    }

    /// The ground range of column `i` and altitude of row `j`.
    pub fn node_position(&self, i: usize, j: usize) -> (Length, Length) {
        (
            Length::metres(self.grid.min_range.si() + i as f64 * self.range_step_m),
            Length::metres(self.grid.min_altitude.si() + j as f64 * self.altitude_step_m),
        )
    }
}

/// Fly `airframe` under `guidance` from `site` at the stationary `point`, in the Earth
/// environment at step `step_s`: the flyout a [`FlyoutTable`] node records. The launch is
/// aimed at the point (PIP = target).
pub fn flyout_to_point(
    airframe: &InterceptorAirframe,
    guidance: &Guidance,
    site: Geodetic,
    point: Geodetic,
    step_s: f64,
) -> Result<EngagementOutcome, EngagementError> {
    let target_state = EcefState::new(point.to_ecef(), Default::default());
    let target = |_t: f64| Some(target_state);
    let launch = InterceptorLaunch {
        site,
        pip: target_state.position,
    };
    let settings = FlyoutSettings {
        environment: FlightEnvironment::Earth,
        step_s,
    };
    fly_engagement_unobserved(airframe, guidance, &launch, &target, &settings)
}

/// The point at `ground_range` along the ellipsoid from `site` towards `azimuth`, at
/// `altitude` above the ellipsoid.
///
/// A step along the great circle of the site's mean radius of curvature √(MN), then the
/// angle and the azimuth corrected by the differences between the wanted and the actual
/// geodesic (Vincenty's inverse) until they agree to a millimetre and a microdegree. The
/// crate has no direct geodesic; this inverts the inverse in two or three iterations.
pub fn point_at(
    site: Geodetic,
    azimuth: Angle,
    ground_range: Length,
    altitude: Length,
) -> Geodetic {
    let (sin_lat, cos_lat) = site.latitude.si().sin_cos();
    let e2 = 1.0 - (WGS84_B / WGS84_A).powi(2);
    let w = (1.0 - e2 * sin_lat * sin_lat).sqrt();
    let radius = WGS84_A * (1.0 - e2).sqrt() / (w * w);
    let wanted = ground_range.si();
    let on_sphere = |delta: f64, az: f64| {
        let (sin_az, cos_az) = az.sin_cos();
        let (sd, cd) = delta.sin_cos();
        let lat = (sin_lat * cd + cos_lat * sd * cos_az)
            .clamp(-1.0, 1.0)
            .asin();
        let lon = site.longitude.si() + (sin_az * sd * cos_lat).atan2(cd - sin_lat * lat.sin());
        Geodetic {
            latitude: Angle::radians(lat),
            longitude: Angle::radians(lon),
            height: altitude,
        }
    };
    let (mut delta, mut az) = (wanted / radius, azimuth.si());
    let mut point = on_sphere(delta, az);
    for _ in 0..8 {
        let line = geodesic::inverse(&site, &point);
        let actual = line.distance.si();
        let az_error = wrap_pi(azimuth.si() - line.initial_azimuth.si());
        if actual <= 0.0 || ((actual - wanted).abs() < 1e-3 && az_error.abs() < 1e-8) {
            break;
        }
        delta *= wanted / actual;
        az += az_error;
        point = on_sphere(delta, az);
    }
    point
}

fn validate_grid(grid: &FlyoutGrid) -> Result<(), FlyoutTableError> {
    let (r0, r1) = (grid.min_range.si(), grid.max_range.si());
    let (h0, h1) = (grid.min_altitude.si(), grid.max_altitude.si());
    if !(r0.is_finite() && r1.is_finite() && r0 > 0.0 && r1 > r0) {
        return Err(FlyoutTableError::Grid(
            "ranges must be finite with 0 < min_range < max_range",
        ));
    }
    if !(h0.is_finite() && h1.is_finite() && h1 > h0) {
        return Err(FlyoutTableError::Grid(
            "altitudes must be finite with min_altitude < max_altitude",
        ));
    }
    if grid.range_nodes < 2 || grid.altitude_nodes < 2 {
        return Err(FlyoutTableError::Grid(
            "at least 2 nodes in range and in altitude",
        ));
    }
    if grid.range_nodes.saturating_mul(grid.altitude_nodes) > 1_000_000 {
        return Err(FlyoutTableError::Grid("at most a million nodes"));
    }
    Ok(())
}

fn step(lo: Length, hi: Length, nodes: usize) -> f64 {
    (hi.si() - lo.si()) / (nodes - 1) as f64
}

/// The cell index and the fraction within it of coordinate `x` on a grid of `nodes`
/// starting at `x0` with spacing `dx`; `None` outside the grid or for NaN. The last node
/// belongs to the last cell.
#[inline]
fn cell(x: f64, x0: f64, dx: f64, nodes: usize) -> Option<(usize, f64)> {
    let u = (x - x0) / dx;
    let last = (nodes - 1) as f64;
    if !(u >= 0.0 && u <= last) {
        return None;
    }
    // u is in [0, nodes − 1], so the cast is exact and in range.
    let i = (u.floor() as usize).min(nodes - 2);
    Some((i, u - i as f64))
}

fn node_value(
    outcome: &EngagementOutcome,
    reach: &Reachability,
    airframe: &InterceptorAirframe,
) -> (f64, f64) {
    let closest = &outcome.closest;
    let speed = closest.interceptor_speed();
    let agile = reach.min_lateral_acceleration_mps2 <= 0.0 || {
        let height = Geodetic::from_ecef(&closest.interceptor.position).height_m();
        let q = 0.5 * crate::atmosphere::density(height) * speed.si() * speed.si();
        let thrust = super::airframe::MotorSchedule::of(airframe).thrust_n(closest.time_s);
        let available = airframe.lateral_limit.available_mps2(
            q,
            airframe.reference_area_m2,
            closest.mass.si(),
            thrust,
        );
        available >= reach.min_lateral_acceleration_mps2
    };
    if outcome.end == EngagementEnd::ClosestApproach
        && closest.miss <= reach.max_miss
        && speed >= reach.min_arrival_speed
        && agile
    {
        (closest.time_s, speed.si())
    } else {
        (f64::NAN, f64::NAN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_at_lands_at_the_ground_range_and_azimuth() {
        let site = Geodetic::from_degrees(24.5, 120.8, 50.0);
        for (az, range) in [(0.0, 1_000.0), (37.0, 45_000.0), (200.0, 150_000.0)] {
            let p = point_at(
                site,
                Angle::degrees(az),
                Length::metres(range),
                Length::metres(7_000.0),
            );
            let line = geodesic::inverse(&site, &p);
            assert!(
                (line.distance.si() - range).abs() < 1e-3,
                "{az} {range}: {}",
                line.distance
            );
            let az_err = (line.initial_azimuth.as_degrees() - az).abs();
            assert!(az_err < 1e-6, "{az}: {}", line.initial_azimuth.as_degrees());
            assert_eq!(p.height.si(), 7_000.0);
        }
    }

    #[test]
    fn cells_cover_the_grid_and_nothing_else() {
        assert_eq!(cell(0.0, 0.0, 10.0, 5), Some((0, 0.0)));
        assert_eq!(cell(40.0, 0.0, 10.0, 5), Some((3, 1.0)));
        assert_eq!(cell(25.0, 0.0, 10.0, 5), Some((2, 0.5)));
        assert_eq!(cell(-1e-9, 0.0, 10.0, 5), None);
        assert_eq!(cell(40.000_001, 0.0, 10.0, 5), None);
        assert_eq!(cell(f64::NAN, 0.0, 10.0, 5), None);
    }
}
