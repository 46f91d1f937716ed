//! The system plane of CAT062's Cartesian items (I062/100 position, I062/185 velocity,
//! I062/500 accuracies): the oblique stereographic projection of WGS-84 about the
//! theatre origin, the kind of plane an SDPS tracks in (EUROCONTROL's ARTAS projects
//! onto a stereographic plane through a conformal sphere).
//!
//! The method is EPSG's "Oblique Stereographic" (method code 9809; PROJ's `sterea`), with
//! scale 1 and no false origin, so that a receiver can state the same plane as
//! `+proj=sterea +lat_0=φ0 +lon_0=λ0 +k=1 +x_0=0 +y_0=0 +ellps=WGS84`. The projection
//! ignores height: a ballistic track at 100 km altitude 300 km from the origin sits in
//! the plane over the ground point below it, where the origin's tangent plane would put
//! it 5 km further out. Checked against pyproj (tests/fixtures/asterix/system_plane.csv).
//!
//! Velocities and covariances are carried into the plane by the projection's local
//! derivative at the track: a conformal projection turns the local east-north axes by
//! the grid convergence and scales them by the point scale factor.

use nalgebra::Matrix2;
use proj4rs::proj::Proj;
use tdome_core::Geodetic;
use tdome_core::geodesy::{meridian_radius, prime_vertical_radius};

use crate::error::EncodeError;

/// The plane about one origin. Built once per run: parsing the projection's definition
/// is not free.
#[derive(Clone)]
pub struct SystemPlane {
    origin: Geodetic,
    geographic: Proj,
    stereographic: Proj,
}

impl std::fmt::Debug for SystemPlane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SystemPlane")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The step, metres over the ground, of the central differences that give the
/// projection's derivative. Truncation is of order step²/R² of the scale (1e-12), and
/// rounding of order 1e-16 × |x| / step (1e-10 at 4,000 km): both far below the
/// 0.25 m/s and 0.5 m of the fields they feed (the test against pyproj's factors
/// measures the whole).
const DERIVATIVE_STEP_M: f64 = 10.0;

impl SystemPlane {
    /// The plane whose origin (0, 0) is `origin`'s ground point, y towards true north
    /// there.
    pub fn at(origin: Geodetic) -> Self {
        // PROJ strings take degrees; 12 decimals are 0.1 µm of latitude.
        let stereographic = format!(
            "+proj=sterea +lat_0={:.12} +lon_0={:.12} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m",
            origin.lat_deg(),
            origin.lon_deg()
        );
        SystemPlane {
            origin,
            // Both definitions are constant text that proj4rs parses: a failure is a bug
            // of this function, not of its input.
            geographic: Proj::from_proj_string("+proj=longlat +ellps=WGS84")
                .expect("a geographic definition"),
            stereographic: Proj::from_proj_string(&stereographic)
                .expect("a stereographic definition"),
        }
    }

    /// The plane's origin.
    pub fn origin(&self) -> Geodetic {
        self.origin
    }

    /// Where the ground point of `g` lies in the plane, metres (x east, y north at the
    /// origin). Fails for a point the projection cannot take (the origin's antipode).
    pub fn project(&self, g: &Geodetic) -> Result<(f64, f64), EncodeError> {
        self.project_radians(g.longitude.si(), g.latitude.si())
    }

    fn project_radians(&self, lon: f64, lat: f64) -> Result<(f64, f64), EncodeError> {
        let mut p = (lon, lat, 0.0);
        match proj4rs::transform::transform(&self.geographic, &self.stereographic, &mut p) {
            Ok(()) if p.0.is_finite() && p.1.is_finite() => Ok((p.0, p.1)),
            _ => Err(EncodeError {
                item: "I062/100 (system plane)",
                value: lat.to_degrees(),
                min: -90.0,
                max: 90.0,
            }),
        }
    }

    /// The projection's derivative at `g`: the matrix taking a small move (east,
    /// north), metres over the ground at `g`, to the move it makes in the plane.
    pub fn derivative(&self, g: &Geodetic) -> Result<Matrix2<f64>, EncodeError> {
        let (lon, lat) = (g.longitude.si(), g.latitude.si());
        let (sin_lat, cos_lat) = lat.sin_cos();
        // A metre north is 1/M of latitude, a metre east 1/(N cos φ) of longitude.
        let n = prime_vertical_radius(sin_lat);
        let m = meridian_radius(sin_lat, n);
        let d_lat = DERIVATIVE_STEP_M / m;
        let d_lon = DERIVATIVE_STEP_M / (n * cos_lat.abs().max(1e-12));
        let east_plus = self.project_radians(lon + d_lon, lat)?;
        let east_minus = self.project_radians(lon - d_lon, lat)?;
        let north_plus = self.project_radians(lon, lat + d_lat)?;
        let north_minus = self.project_radians(lon, lat - d_lat)?;
        let two_steps = 2.0 * DERIVATIVE_STEP_M;
        Ok(Matrix2::new(
            (east_plus.0 - east_minus.0) / two_steps,
            (north_plus.0 - north_minus.0) / two_steps,
            (east_plus.1 - east_minus.1) / two_steps,
            (north_plus.1 - north_minus.1) / two_steps,
        ))
    }
}
