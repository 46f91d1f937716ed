//! WGS-84 geodesy: geodetic ↔ ECEF ↔ local ENU, and what a site sees (range, azimuth,
//! elevation).
//!
//! Conventions, used everywhere in tdome:
//! - Latitude and longitude are geodetic (ellipsoid normal), height is above the WGS-84
//!   ellipsoid in metres.
//! - Azimuth is clockwise from true north, in [0, 2π).
//! - Elevation is above the local horizontal plane (normal to the ellipsoid normal), in
//!   [−π/2, π/2].
//!
//! Constants: NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed.

use nalgebra::{Matrix3, Vector3};

use crate::frames::{Displacement, Ecef, Enu, Position, Velocity};
use crate::units::{Angle, Length, Speed, wrap_two_pi};

/// WGS-84 semi-major axis a, metres (TR8350.2 table 3.1).
pub const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 flattening f = 1/298.257223563 (TR8350.2 table 3.1).
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// WGS-84 semi-minor axis b = a(1 − f), metres.
pub const WGS84_B: f64 = WGS84_A * (1.0 - WGS84_F);
/// WGS-84 first eccentricity squared e² = f(2 − f).
pub const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);
/// WGS-84 Earth rotation rate ω, rad/s (TR8350.2 table 3.1).
pub const WGS84_OMEGA: f64 = 7.292_115e-5;
/// WGS-84 geocentric gravitational constant GM, m³/s² (TR8350.2 table 3.1, with atmosphere).
pub const WGS84_GM: f64 = 3.986_004_418e14;

/// A geodetic position on WGS-84: latitude, longitude, ellipsoidal height.
#[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Geodetic {
    /// Geodetic latitude, positive north, in [−π/2, π/2].
    pub latitude: Angle,
    /// Longitude, positive east.
    pub longitude: Angle,
    /// Height above the WGS-84 ellipsoid.
    pub height: Length,
}

impl Geodetic {
    /// From degrees of latitude and longitude and metres of ellipsoidal height.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, height_m: f64) -> Self {
        Geodetic {
            latitude: Angle::degrees(lat_deg),
            longitude: Angle::degrees(lon_deg),
            height: Length::metres(height_m),
        }
    }

    /// The same horizontal position at another height.
    pub fn with_height(self, height: Length) -> Self {
        Geodetic { height, ..self }
    }

    /// Latitude in degrees.
    pub fn lat_deg(&self) -> f64 {
        self.latitude.as_degrees()
    }

    /// Longitude in degrees, wrapped into (−180, 180].
    pub fn lon_deg(&self) -> f64 {
        self.longitude.wrap_pi().as_degrees()
    }

    /// Height above the ellipsoid in metres.
    pub fn height_m(&self) -> f64 {
        self.height.si()
    }

    /// The ECEF position of this point.
    pub fn to_ecef(&self) -> Position<Ecef> {
        SiteTrig::of(self).ecef_at(self.height.si())
    }

    /// The geodetic position of an ECEF point.
    ///
    /// Fixed-point iteration on latitude with the height written as
    /// `h = p cos φ + z sin φ − a²/N`, which stays well conditioned at the poles
    /// (where `p / cos φ − N` would divide by zero). It converges to 1e-15 rad in a few
    /// iterations for any point outside a few kilometres of the Earth's centre.
    ///
    /// It starts from Bowring's (1976) closed form, already within about a microradian
    /// for points from the ground to orbit, so the iteration usually ends after two or
    /// three rounds instead of six or seven: this conversion runs for every radar look
    /// and every flight step, and was a sixteenth of a default run.
    pub fn from_ecef(p: &Position<Ecef>) -> Geodetic {
        let (lat, longitude, rho, z) = latitude_longitude_of(p);
        let (s, c) = lat.sin_cos();
        let height = rho * c + z * s - WGS84_A * WGS84_A / prime_vertical_radius(s);
        Geodetic {
            latitude: Angle::radians(lat),
            longitude: Angle::radians(longitude),
            height: Length::metres(height),
        }
    }

    /// The latitude and longitude of an ECEF point, at `height`: the same latitude and
    /// longitude as [`Geodetic::from_ecef`] (to the bit), without working out the
    /// point's own height, for a caller that sets the height itself.
    pub fn from_ecef_at_height(p: &Position<Ecef>, height: Length) -> Geodetic {
        let (lat, longitude, _, _) = latitude_longitude_of(p);
        Geodetic {
            latitude: Angle::radians(lat),
            longitude: Angle::radians(longitude),
            height,
        }
    }
}

/// Geodetic latitude and longitude of an ECEF point (radians), with its distance from
/// the polar axis and its z (metres): the iteration [`Geodetic::from_ecef`] describes.
fn latitude_longitude_of(p: &Position<Ecef>) -> (f64, f64, f64, f64) {
    let v = p.metres();
    let (x, y, z) = (v.x, v.y, v.z);
    let rho = x.hypot(y);
    let longitude = y.atan2(x);
    // Bowring: the parametric latitude u of the point's projection, then
    // tan φ = (z + e′² b sin³u) / (ρ − e² a cos³u).
    let (sin_u, cos_u) = (z * WGS84_A).atan2(rho * WGS84_B).sin_cos();
    let second_e2 = (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);
    let mut lat =
        (z + second_e2 * WGS84_B * sin_u.powi(3)).atan2(rho - WGS84_E2 * WGS84_A * cos_u.powi(3));
    for _ in 0..12 {
        let (s, c) = lat.sin_cos();
        let n = prime_vertical_radius(s);
        let height = rho * c + z * s - WGS84_A * WGS84_A / n;
        let next = z.atan2(rho * (1.0 - WGS84_E2 * n / (n + height)));
        let done = (next - lat).abs() < 1e-15;
        lat = next;
        if done {
            break;
        }
    }
    (lat, longitude, rho, z)
}

/// The sines and cosines of a site's latitude and longitude and its prime vertical
/// radius: everything its ECEF position and its ENU rotation are made of, computed once
/// for both.
#[derive(Clone, Copy, Debug, PartialEq)]
struct SiteTrig {
    sin_lat: f64,
    cos_lat: f64,
    sin_lon: f64,
    cos_lon: f64,
    /// N(φ), metres.
    n: f64,
}

impl SiteTrig {
    fn of(site: &Geodetic) -> Self {
        let (sin_lat, cos_lat) = site.latitude.si().sin_cos();
        let (sin_lon, cos_lon) = site.longitude.si().sin_cos();
        SiteTrig {
            sin_lat,
            cos_lat,
            sin_lon,
            cos_lon,
            n: prime_vertical_radius(sin_lat),
        }
    }

    /// The ECEF point at the site's latitude and longitude, `h` metres above the
    /// ellipsoid.
    fn ecef_at(&self, h: f64) -> Position<Ecef> {
        let (sin_lat, cos_lat, sin_lon, cos_lon, n) = (
            self.sin_lat,
            self.cos_lat,
            self.sin_lon,
            self.cos_lon,
            self.n,
        );
        Position::from_metres(
            (n + h) * cos_lat * cos_lon,
            (n + h) * cos_lat * sin_lon,
            (n * (1.0 - WGS84_E2) + h) * sin_lat,
        )
    }

    /// The rotation taking ECEF vector components to ENU components at the site.
    fn ecef_to_enu(&self) -> Matrix3<f64> {
        let (sl, cl, so, co) = (self.sin_lat, self.cos_lat, self.sin_lon, self.cos_lon);
        Matrix3::new(
            -so,
            co,
            0.0, // east
            -sl * co,
            -sl * so,
            cl, // north
            cl * co,
            cl * so,
            sl, // up
        )
    }
}

/// Radius of curvature in the prime vertical, N(φ) = a / √(1 − e² sin² φ), metres:
/// a metre east on the ellipsoid is 1/(N cos φ) of longitude.
pub fn prime_vertical_radius(sin_lat: f64) -> f64 {
    WGS84_A / (1.0 - WGS84_E2 * sin_lat * sin_lat).sqrt()
}

/// Radius of curvature in the meridian, M(φ) = N (1 − e²) / (1 − e² sin² φ), metres, given
/// N: a metre north on the ellipsoid is 1/M of latitude.
pub fn meridian_radius(sin_lat: f64, prime_vertical_radius: f64) -> f64 {
    prime_vertical_radius * (1.0 - WGS84_E2) / (1.0 - WGS84_E2 * sin_lat * sin_lat)
}

/// A range, azimuth and elevation of a point as seen from a site.
#[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct RangeAzEl {
    /// Slant range from the site.
    pub range: Length,
    /// Azimuth clockwise from true north, in [0, 2π).
    pub azimuth: Angle,
    /// Elevation above the local horizontal, in [−π/2, π/2].
    pub elevation: Angle,
}

/// A local east-north-up frame whose origin is a stated geodetic site.
///
/// Building one is the explicit statement of where the local frame is; every conversion
/// between [`Ecef`] and [`Enu`] for that site goes through it.
// On the wire a frame is its origin: the rest is rebuilt from it, so a decoded frame
// is always a consistent one.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(into = "Geodetic", from = "Geodetic")]
pub struct EnuFrame {
    origin: Geodetic,
    origin_ecef: Position<Ecef>,
    /// Rows are the east, north and up unit vectors in ECEF components.
    ecef_to_enu: Matrix3<f64>,
    /// The origin's prime vertical radius N, metres: with the sines and cosines in
    /// `ecef_to_enu`, what points above or below the origin are made of.
    prime_vertical_radius: f64,
}

impl From<Geodetic> for EnuFrame {
    fn from(origin: Geodetic) -> Self {
        EnuFrame::at(origin)
    }
}

impl From<EnuFrame> for Geodetic {
    fn from(frame: EnuFrame) -> Self {
        frame.origin
    }
}

impl EnuFrame {
    /// The ENU frame whose origin is `origin`.
    pub fn at(origin: Geodetic) -> Self {
        let trig = SiteTrig::of(&origin);
        EnuFrame {
            origin,
            origin_ecef: trig.ecef_at(origin.height.si()),
            ecef_to_enu: trig.ecef_to_enu(),
            prime_vertical_radius: trig.n,
        }
    }

    /// The point reached from the origin by moving `east_m` and `north_m` over the
    /// ellipsoid at the origin's height, to first order in the move: the latitude by
    /// north / (M + h) and the longitude by east / ((N + h) cos φ), M and N the meridian
    /// and prime-vertical radii of curvature. For a short move s the second-order terms
    /// are below s²(1 + |tan φ|)/R: 0.3 mm at 24° N for the 37 m a 300 m/s flight covers
    /// in a 1/8 s tick.
    /// It replaces locating the tangent-plane point `(east_m, north_m, 0)` with
    /// [`Geodetic::from_ecef`], whose iteration costs four arctangents, where a flight
    /// takes such a step every tick. `None` within a metre of a pole (cos φ ≈ 0), where
    /// longitude is degenerate: use the exact conversion there.
    pub fn moved_over_ground(&self, east_m: f64, north_m: f64) -> Option<Geodetic> {
        let r = &self.ecef_to_enu;
        let (sin_lat, cos_lat) = (r[(2, 2)], r[(1, 2)]);
        let n = self.prime_vertical_radius;
        let h = self.origin.height.si();
        if cos_lat * n < 1.0 {
            return None;
        }
        let m = meridian_radius(sin_lat, n);
        Some(Geodetic {
            latitude: Angle::radians(self.origin.latitude.si() + north_m / (m + h)),
            longitude: Angle::radians(crate::units::wrap_pi(
                self.origin.longitude.si() + east_m / ((n + h) * cos_lat),
            )),
            height: self.origin.height,
        })
    }

    /// The ECEF point at the origin's latitude and longitude but `height` above the
    /// ellipsoid: `self.origin().with_height(height).to_ecef()`, to the bit, without its
    /// trigonometry.
    pub fn ecef_above_origin(&self, height: Length) -> Position<Ecef> {
        // The rotation's rows hold −sin λ, cos λ (east), cos φ (north) and sin φ (up)
        // as they were computed.
        let r = &self.ecef_to_enu;
        SiteTrig {
            sin_lat: r[(2, 2)],
            cos_lat: r[(1, 2)],
            sin_lon: -r[(0, 0)],
            cos_lon: r[(0, 1)],
            n: self.prime_vertical_radius,
        }
        .ecef_at(height.si())
    }

    /// The site this frame is anchored at.
    pub fn origin(&self) -> Geodetic {
        self.origin
    }

    /// The site in ECEF.
    pub fn origin_ecef(&self) -> Position<Ecef> {
        self.origin_ecef
    }

    /// The rotation matrix taking ECEF components to ENU components (rows: east, north,
    /// up unit vectors in ECEF).
    pub fn rotation_ecef_to_enu(&self) -> &Matrix3<f64> {
        &self.ecef_to_enu
    }

    /// The local up unit vector (ellipsoid normal) in ECEF components.
    pub fn up(&self) -> Vector3<f64> {
        self.ecef_to_enu.row(2).transpose()
    }

    /// An ECEF point in this frame.
    pub fn to_enu(&self, p: &Position<Ecef>) -> Position<Enu> {
        Position::from_vector(self.ecef_to_enu * (p.metres() - self.origin_ecef.metres()))
    }

    /// A point of this frame in ECEF.
    pub fn to_ecef(&self, p: &Position<Enu>) -> Position<Ecef> {
        Position::from_vector(self.ecef_to_enu.transpose() * p.metres() + self.origin_ecef.metres())
    }

    /// The east and north components of [`EnuFrame::to_enu`], to the bit, without the
    /// up component (a radar asking where its beam points needs only these).
    pub fn east_north_of(&self, p: &Position<Ecef>) -> (f64, f64) {
        let d = p.metres() - self.origin_ecef.metres();
        let r = &self.ecef_to_enu;
        // The matrix-vector product's terms in its own order: column by column.
        let e = r[(0, 2)] * d.z + (r[(0, 1)] * d.y + r[(0, 0)] * d.x);
        let n = r[(1, 2)] * d.z + (r[(1, 1)] * d.y + r[(1, 0)] * d.x);
        (e, n)
    }

    /// An ECEF velocity in this frame's axes.
    pub fn velocity_to_enu(&self, v: &Velocity<Ecef>) -> Velocity<Enu> {
        Velocity::from_vector(self.ecef_to_enu * v.mps())
    }

    /// A velocity in this frame's axes, in ECEF axes.
    pub fn velocity_to_ecef(&self, v: &Velocity<Enu>) -> Velocity<Ecef> {
        Velocity::from_vector(self.ecef_to_enu.transpose() * v.mps())
    }

    /// An ECEF displacement in this frame's axes.
    pub fn displacement_to_enu(&self, d: &Displacement<Ecef>) -> Displacement<Enu> {
        Displacement::from_vector(self.ecef_to_enu * d.metres())
    }

    /// A displacement in this frame's axes, in ECEF axes.
    pub fn displacement_to_ecef(&self, d: &Displacement<Enu>) -> Displacement<Ecef> {
        Displacement::from_vector(self.ecef_to_enu.transpose() * d.metres())
    }

    /// Range, azimuth and elevation of an ECEF point seen from this site.
    pub fn observe(&self, p: &Position<Ecef>) -> RangeAzEl {
        range_az_el_of_enu(&self.to_enu(p))
    }

    /// The azimuth (clockwise from north, in [0, 2π)) of `p` seen from this site: the
    /// azimuth of [`EnuFrame::observe`] without its range and elevation, for a radar
    /// asking only whether its beam is pointing at a target.
    pub fn azimuth_of(&self, p: &Position<Ecef>) -> Angle {
        let v = self.to_enu(p);
        let v = v.metres();
        Angle::radians(crate::units::wrap_two_pi(v.x.atan2(v.y)))
    }

    /// The rate of change of range of a point moving with velocity `v` (both ECEF),
    /// positive when opening.
    pub fn range_rate(&self, p: &Position<Ecef>, v: &Velocity<Ecef>) -> Speed {
        let los = p.metres() - self.origin_ecef.metres();
        let r = los.norm();
        if r == 0.0 {
            return Speed::ZERO;
        }
        Speed::metres_per_second(los.dot(v.mps()) / r)
    }

    /// The ECEF point at a given range, azimuth and elevation from this site.
    pub fn locate(&self, m: &RangeAzEl) -> Position<Ecef> {
        self.to_ecef(&enu_of_range_az_el(m))
    }
}

/// Range, azimuth (clockwise from north) and elevation of an ENU point.
pub fn range_az_el_of_enu(p: &Position<Enu>) -> RangeAzEl {
    let v = p.metres();
    let horizontal = v.x.hypot(v.y);
    RangeAzEl {
        range: Length::metres(v.norm()),
        azimuth: Angle::radians(wrap_two_pi(v.x.atan2(v.y))),
        elevation: Angle::radians(v.z.atan2(horizontal)),
    }
}

/// The ENU point at a range, azimuth (clockwise from north) and elevation.
pub fn enu_of_range_az_el(m: &RangeAzEl) -> Position<Enu> {
    let r = m.range.si();
    let (se, ce) = m.elevation.si().sin_cos();
    let (sa, ca) = m.azimuth.si().sin_cos();
    Position::from_metres(r * ce * sa, r * ce * ca, r * se)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equator_and_pole() {
        let e = Geodetic::from_degrees(0.0, 0.0, 0.0).to_ecef();
        assert!((e.metres() - Vector3::new(WGS84_A, 0.0, 0.0)).norm() < 1e-9);
        let n = Geodetic::from_degrees(90.0, 0.0, 0.0).to_ecef();
        assert!((n.metres().z - WGS84_B).abs() < 1e-6);
        let back = Geodetic::from_ecef(&Position::from_metres(0.0, 0.0, WGS84_B + 100.0));
        assert!((back.lat_deg() - 90.0).abs() < 1e-12);
        assert!((back.height_m() - 100.0).abs() < 1e-6);
    }

    #[test]
    fn east_and_north_are_those_of_the_full_conversion_to_the_bit() {
        let site = EnuFrame::at(Geodetic::from_degrees(25.03, 121.57, 37.0));
        let mut x = 0.618_033_988_75_f64;
        for _ in 0..2_000 {
            let mut next = || {
                x = (x * 9_301.0 + 0.492_7).fract();
                x
            };
            let p = Geodetic::from_degrees(
                24.0 + 2.0 * next(),
                120.5 + 2.0 * next(),
                -100.0 + 200_000.0 * next(),
            )
            .to_ecef();
            let full = site.to_enu(&p);
            let (e, n) = site.east_north_of(&p);
            assert_eq!(e.to_bits(), full.metres().x.to_bits());
            assert_eq!(n.to_bits(), full.metres().y.to_bits());
        }
    }

    #[test]
    fn site_trigonometry_is_shared_to_the_bit() {
        for (lat, lon, h) in [
            (25.03, 121.57, 37.0),
            (-89.9, -179.0, 0.0),
            (0.0, 0.0, -50.0),
        ] {
            let site = Geodetic::from_degrees(lat, lon, h);
            let frame = EnuFrame::at(site);
            assert_eq!(frame.origin_ecef(), site.to_ecef());
            let above = Length::metres(1_234.5);
            assert_eq!(
                frame.ecef_above_origin(above),
                site.with_height(above).to_ecef()
            );
            let p = Geodetic::from_degrees(lat + 0.01, lon - 0.02, 900.0).to_ecef();
            let g = Geodetic::from_ecef(&p);
            let at = Geodetic::from_ecef_at_height(&p, above);
            assert_eq!((at.latitude, at.longitude), (g.latitude, g.longitude));
        }
    }

    #[test]
    fn azimuth_is_clockwise_from_north() {
        let site = EnuFrame::at(Geodetic::from_degrees(25.0, 121.5, 0.0));
        let east = site.to_ecef(&Position::from_metres(1000.0, 0.0, 0.0));
        let north = site.to_ecef(&Position::from_metres(0.0, 1000.0, 0.0));
        let west = site.to_ecef(&Position::from_metres(-1000.0, 0.0, 0.0));
        assert!((site.observe(&north).azimuth.as_degrees()).abs() < 1e-9);
        assert!((site.observe(&east).azimuth.as_degrees() - 90.0).abs() < 1e-9);
        assert!((site.observe(&west).azimuth.as_degrees() - 270.0).abs() < 1e-9);
        let up = site.to_ecef(&Position::from_metres(0.0, 0.0, 1000.0));
        assert!((site.observe(&up).elevation.as_degrees() - 90.0).abs() < 1e-9);
    }

    /// A move over the ground lands where locating the tangent-plane point does, within
    /// the second-order terms the method names: s²(1 + |tan φ|)/R.
    #[test]
    fn a_move_over_the_ground_matches_the_tangent_plane_point_located() {
        for lat in [-60.0, -23.5, 0.0, 24.0, 45.0, 70.0, 89.0] {
            for lon in [-179.9999, -120.0, 0.0, 121.5, 179.9999] {
                let frame = EnuFrame::at(Geodetic::from_degrees(lat, lon, 0.0));
                for s in [37.0, 300.0, 1_000.0] {
                    let bound_m = s * s * (1.0 + lat.to_radians().tan().abs()) / 6.37e6;
                    for heading_deg in [0.0f64, 45.0, 90.0, 200.0, 315.0] {
                        let (east, north) = (
                            s * heading_deg.to_radians().sin(),
                            s * heading_deg.to_radians().cos(),
                        );
                        let moved = frame.moved_over_ground(east, north).unwrap();
                        let exact = Geodetic::from_ecef_at_height(
                            &frame.to_ecef(&Position::from_metres(east, north, 0.0)),
                            Length::ZERO,
                        );
                        let apart = (moved.to_ecef() - exact.to_ecef()).metres().norm();
                        assert!(
                            apart < bound_m,
                            "{s} m at {heading_deg}° from ({lat}, {lon}): {apart} m apart"
                        );
                        assert!(moved.longitude.si().abs() <= std::f64::consts::PI);
                    }
                }
            }
        }
        // At the pole longitude is degenerate: the caller must use the exact conversion.
        let pole = EnuFrame::at(Geodetic::from_degrees(90.0, 0.0, 0.0));
        assert!(pole.moved_over_ground(10.0, 0.0).is_none());
    }
}
