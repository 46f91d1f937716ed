//! Whether a raid's threats can fly from their launch area to their aim: no farther
//! than their range, and, for ballistic threats, no nearer than their minimum range.

use std::f64::consts::TAU;
use std::sync::Arc;

use tdome_core::{Angle, EnuFrame, Geodetic, Length, Position, SimDuration};
use tdome_physics::ballistic::{
    BallisticVehicle, LaunchError, TrajectoryShape, maximum_range, solve_launch_shaped,
};
use tdome_physics::geodesic;

use crate::check::{Checker, plain};
use crate::document::Loc;
use crate::geo::{ground_distance, path_length};
use crate::limits::{DISPERSION_CEPS, MAX_RANGE_FACTOR, MIN_RANGE_FACTOR};
use crate::model::{AirBreathingProfile, Place, ThreatType};

/// An air-breathing threat must fly from every launch point, through its route points,
/// to every aim point scattered by up to `scatter`, within its maximum range. Polygons
/// are checked at their vertices, which is where the farthest pair of points of two
/// polygons lies. (Ballistic reach is [`check_max_range`].)
pub(super) fn check_route_length(
    c: &mut Checker<'_, '_>,
    loc: &Loc,
    (threat, profile): (&ThreatType, &AirBreathingProfile),
    (launch, aims): (&Place, &[Geodetic]),
    via: &[Geodetic],
    scatter: Length,
) {
    let far = corners(launch)
        .iter()
        .flat_map(|l| aims.iter().map(move |a| (l, a)))
        .map(|(l, a)| {
            let mut points = Vec::with_capacity(via.len() + 2);
            points.push(*l);
            points.extend_from_slice(via);
            points.push(*a);
            path_length(&points)
        })
        .fold(Length::ZERO, Length::max)
        + scatter;
    c.require(far <= profile.max_range, loc, || {
        format!(
            "expected a route from the launch area{} to the aim of at most {} km (the \
             max_range_km of \"{}\"), but it is up to {:.1} km long{}",
            if via.is_empty() {
                ""
            } else {
                " through the via points"
            },
            plain(profile.max_range.as_km()),
            threat.name,
            far.as_km(),
            scatter_note(scatter)
        )
    });
}

/// What a ballistic raid flies, for the minimum-range check.
pub(super) struct BallisticRaid<'r> {
    /// The threat type, for its name.
    pub(super) threat: &'r ThreatType,
    /// Its vehicle.
    pub(super) vehicle: &'r Arc<BallisticVehicle>,
    /// The trajectory shape the raid flies.
    pub(super) shape: TrajectoryShape,
    /// Where it launches from.
    pub(super) launch: &'r Place,
    /// Where it aims before dispersion: a point (an asset's centre) or a polygon.
    pub(super) aim: &'r Place,
    /// Circular error probable of the impacts about the aim.
    pub(super) cep: Length,
    /// The world's tick, which the launch solver integrates at.
    pub(super) tick: SimDuration,
}

/// Azimuths at which the minimum range is sampled are this far apart, degrees. The
/// minimum range varies smoothly with azimuth (Earth rotation moves a lofted landing by
/// tens of kilometres between east and west); over half this spacing it moves by a
/// fraction of a percent, which [`MIN_RANGE_FACTOR`] covers.
const AZIMUTH_SPACING_DEG: f64 = 10.0;

/// A ballistic threat cannot land nearer its launch point than the shortest flight of
/// its trajectory shape (the flattest launch, the steepest, or the shortest burn), so
/// the world would find no launch solution for an aim that close. The minimum range is
/// asked of the launch solver itself, at the world's tick, from the launch area's centre
/// along every azimuth (sampled) that a launch point can see an aim point at; the aim
/// area must stay that far away (times [`MIN_RANGE_FACTOR`]) plus [`DISPERSION_CEPS`]
/// CEPs for the scatter of impacts. About 1–5 ms per sampled azimuth, and only a few
/// azimuths unless the areas are close together.
pub(super) fn check_min_range(c: &mut Checker<'_, '_>, loc: &Loc, raid: &BallisticRaid<'_>) {
    let closest = closest_approach(raid.launch, raid.aim);
    let scatter = raid.cep * DISPERSION_CEPS;
    let site = centre(raid.launch);
    let minimum = azimuths_to_sample(raid.launch, raid.aim, closest, scatter)
        .into_iter()
        .filter_map(|az| min_range_towards(raid, site, az))
        .fold(None, |m: Option<Length>, r| Some(m.map_or(r, |m| m.max(r))));
    // No answer means the solver refused for another reason (an unflyable vehicle);
    // the world reports that with the solver's own words.
    let Some(minimum) = minimum else {
        return;
    };
    let margined = minimum * MIN_RANGE_FACTOR;
    let needed = margined + scatter;
    c.require(closest >= needed, loc, || {
        let scatter_note = scatter_note(scatter);
        format!(
            "expected the aim at least {} km from the launch area, but they come within {} km \
             of each other: \"{}\" on a \"{}\" trajectory cannot land nearer than {} km ({} km \
             with a {}% margin){scatter_note}",
            plain(needed.as_km()),
            plain(closest.as_km()),
            raid.threat.name,
            shape_name(raid.shape),
            plain(minimum.as_km()),
            plain(margined.as_km()),
            plain((MIN_RANGE_FACTOR - 1.0) * 100.0),
        )
    });
}

/// A ballistic threat cannot land farther from its launch point than its vehicle
/// flies, which the physics decides, nor (by the scenario's rule) farther than its
/// published range. The physics' maximum range is found at the world's tick, from the
/// launch area's centre along every azimuth (sampled) that a launch point can see an aim
/// point at, and divided by [`MAX_RANGE_FACTOR`]; the farthest aim, plus
/// [`DISPERSION_CEPS`] CEPs of scatter, must lie within the lesser of the two. Distances
/// are geodesic on the ellipsoid, as the solver measures them. A few milliseconds per
/// sampled azimuth.
pub(super) fn check_max_range(c: &mut Checker<'_, '_>, loc: &Loc, raid: &BallisticRaid<'_>) {
    let scatter = raid.cep * DISPERSION_CEPS;
    let aims = corners(raid.aim);
    let far = corners(raid.launch)
        .iter()
        .flat_map(|l| aims.iter().map(move |a| geodesic::inverse(l, a).distance))
        .fold(Length::ZERO, Length::max)
        + scatter;
    let site = centre(raid.launch).with_height(Length::ZERO);
    let closest = closest_approach(raid.launch, raid.aim);
    let modelled = azimuths_to_sample(raid.launch, raid.aim, closest, scatter)
        .into_iter()
        .map(|az| maximum_range(raid.vehicle, site, az, raid.tick.as_seconds()).0)
        .fold(None, |m: Option<Length>, r| Some(m.map_or(r, |m| m.min(r))));
    let name = &raid.threat.name;
    let physics = modelled.map(|m| {
        let limit = m / MAX_RANGE_FACTOR;
        let why = format!(
            "\"{name}\" flies at most {} km from here, less a {}% margin",
            plain(m.as_km()),
            plain((MAX_RANGE_FACTOR - 1.0) * 100.0)
        );
        (limit, why)
    });
    let published = raid.threat.published_max_range.map(|r| {
        let why = format!("the published maximum range of \"{name}\"");
        (r, why)
    });
    let Some((limit, why)) = [physics, published]
        .into_iter()
        .flatten()
        .min_by(|a, b| a.0.si().total_cmp(&b.0.si()))
    else {
        return;
    };
    c.require(far <= limit, loc, || {
        format!(
            "expected the launch area within {} km of the aim ({why}), but they are up to {} \
             km apart{}",
            plain(limit.as_km()),
            plain(far.as_km()),
            scatter_note(scatter),
        )
    });
}

/// ", and impacts scatter …" when the raid has a CEP, for messages about reach.
fn scatter_note(scatter: Length) -> String {
    if scatter > Length::ZERO {
        format!(
            ", and impacts scatter up to {DISPERSION_CEPS} × cep_m = {} km about the aim",
            plain(scatter.as_km())
        )
    } else {
        String::new()
    }
}

/// The shape as it is written in files.
fn shape_name(shape: TrajectoryShape) -> &'static str {
    match shape {
        TrajectoryShape::Depressed => "depressed",
        TrajectoryShape::Lofted => "lofted",
        TrajectoryShape::MinimumEnergy => "minimum_energy",
    }
}

/// The shortest flight of the raid's shape from `site` along `azimuth`, asked of the
/// launch solver with an aim 1 m away, which is inside every minimum range: the solver
/// refuses it as too close and says how far the shortest flight goes. `None` when it
/// refuses for another reason.
fn min_range_towards(raid: &BallisticRaid<'_>, site: Geodetic, azimuth: Angle) -> Option<Length> {
    let site = site.with_height(Length::ZERO);
    let frame = EnuFrame::at(site);
    let near = frame.to_ecef(&Position::from_metres(azimuth.sin(), azimuth.cos(), 0.0));
    let aim = Geodetic::from_ecef(&near).with_height(Length::ZERO);
    match solve_launch_shaped(raid.vehicle, site, aim, raid.tick.as_seconds(), raid.shape) {
        Err(LaunchError::TooClose { min_range_km, .. }) => Some(Length::km(min_range_km)),
        // A vehicle that can land within a metre has no minimum range worth the name.
        Ok(_) => Some(Length::ZERO),
        Err(_) => None,
    }
}

/// The point, or the polygon's centre.
fn centre(place: &Place) -> Geodetic {
    match place {
        Place::Point(p) => *p,
        Place::Polygon(poly) => poly.centre(),
    }
}

/// The points of a place where extremes lie: the point, or the polygon's vertices.
fn corners(place: &Place) -> Vec<Geodetic> {
    match place {
        Place::Point(p) => vec![*p],
        Place::Polygon(poly) => poly.vertices().to_vec(),
    }
}

/// The least ground distance between any launch point and any aim point: zero when
/// the areas share ground, else reached at a vertex of one area against the outline of
/// the other.
fn closest_approach(launch: &Place, aim: &Place) -> Length {
    let metres = match (launch, aim) {
        (Place::Point(a), Place::Point(b)) => return ground_distance(a, b),
        (Place::Point(p), Place::Polygon(area)) | (Place::Polygon(area), Place::Point(p)) => {
            area.distance_outside_m(&p.to_ecef())
        }
        (Place::Polygon(a), Place::Polygon(b)) if a.overlaps(b) => 0.0,
        (Place::Polygon(a), Place::Polygon(b)) => {
            let from = |x: &tdome_core::area::GeoPolygon, y: &tdome_core::area::GeoPolygon| {
                x.vertices()
                    .iter()
                    .map(|v| y.distance_outside_m(&v.to_ecef()))
                    .fold(f64::INFINITY, f64::min)
            };
            from(a, b).min(from(b, a))
        }
    };
    Length::metres(metres)
}

/// The azimuths, from the launch area, at which to sample the minimum range: the ends
/// of the sector of directions in which launch points see aim points, and every
/// multiple of [`AZIMUTH_SPACING_DEG`] inside it.
///
/// For two areas apart, the extreme directions between them are directions between
/// their vertices, so the sector is the smallest arc holding every vertex-to-vertex
/// azimuth; it is widened by the angle the scatter of impacts subtends. When the areas
/// are close enough that the directions wrap all the way round (they touch, or the
/// scatter reaches the launch area), every direction is sampled.
fn azimuths_to_sample(launch: &Place, aim: &Place, closest: Length, scatter: Length) -> Vec<Angle> {
    let spacing = AZIMUTH_SPACING_DEG.to_radians();
    let all_round = || {
        (0..(360.0 / AZIMUTH_SPACING_DEG) as usize)
            .map(|k| Angle::radians(k as f64 * spacing))
            .collect()
    };
    if closest <= scatter {
        return all_round();
    }
    let aims = corners(aim);
    let mut azimuths: Vec<f64> = corners(launch)
        .iter()
        .flat_map(|l| {
            aims.iter()
                .map(move |a| geodesic::inverse(l, a).initial_azimuth.si())
        })
        .collect();
    azimuths.sort_by(f64::total_cmp);
    // The largest gap between neighbouring directions, the wrap-around one included;
    // the sector is the rest of the circle.
    let n = azimuths.len();
    let (gap, after) = (0..n)
        .map(|i| {
            let next = if i + 1 < n {
                azimuths[i + 1]
            } else {
                azimuths[0] + TAU
            };
            (next - azimuths[i], (i + 1) % n)
        })
        .fold((0.0, 0), |best, g| if g.0 > best.0 { g } else { best });
    let widen = (scatter / closest).min(1.0).asin();
    let width = TAU - gap + 2.0 * widen;
    // With a gap of at most half a turn the directions surround the launch area.
    if gap <= TAU / 2.0 || width >= TAU {
        return all_round();
    }
    let start = azimuths[after] - widen;
    let end = start + width;
    let first_multiple = (start / spacing).ceil() as i64;
    let last_multiple = (end / spacing).floor() as i64;
    let inside = (first_multiple..=last_multiple).map(|k| k as f64 * spacing);
    std::iter::once(start)
        .chain(inside)
        .chain(std::iter::once(end))
        .map(|a| Angle::radians(a).wrap_two_pi())
        .collect()
}

#[cfg(test)]
mod tests {
    use tdome_core::area::GeoPolygon;

    use super::*;

    fn polygon(vertices: &[(f64, f64)]) -> Place {
        let points = vertices
            .iter()
            .map(|&(lat, lon)| Geodetic::from_degrees(lat, lon, 0.0))
            .collect();
        Place::Polygon(GeoPolygon::new(points).unwrap())
    }

    fn degrees(samples: &[Angle]) -> Vec<f64> {
        samples.iter().map(|a| a.as_degrees()).collect()
    }

    #[test]
    fn a_sector_across_north_is_sampled_across_north_only() {
        // Seen from the launch point the aim spans about 349.6° to 10.4°.
        let launch = Place::Point(Geodetic::from_degrees(24.0, 120.0, 0.0));
        let aim = polygon(&[(25.0, 119.8), (25.0, 120.2), (25.2, 120.0)]);
        let closest = closest_approach(&launch, &aim);
        let samples = degrees(&azimuths_to_sample(&launch, &aim, closest, Length::ZERO));
        assert_eq!(samples.len(), 5, "{samples:?}");
        assert!(
            samples.iter().all(|&a| !(10.5..349.5).contains(&a)),
            "{samples:?}"
        );
        for expected in [0.0, 10.0, 350.0] {
            assert!(
                samples.iter().any(|&a| (a - expected).abs() < 1e-9),
                "{expected} not in {samples:?}"
            );
        }
        // The ends are the extreme vertex directions.
        assert!(
            samples.iter().any(|&a| (a - 349.6).abs() < 0.2),
            "{samples:?}"
        );
        assert!(
            samples.iter().any(|&a| (a - 10.4).abs() < 0.2),
            "{samples:?}"
        );
    }

    #[test]
    fn scatter_widens_the_sector_and_can_close_it() {
        let launch = Place::Point(Geodetic::from_degrees(24.0, 120.0, 0.0));
        let aim = Place::Point(Geodetic::from_degrees(24.5, 120.0, 0.0));
        let closest = closest_approach(&launch, &aim);
        // About 55 km due north: a single direction, sampled at both (equal) ends and
        // at 0°.
        let narrow = degrees(&azimuths_to_sample(&launch, &aim, closest, Length::ZERO));
        assert!(
            narrow.iter().all(|&a| !(1e-6..=360.0 - 1e-6).contains(&a)),
            "{narrow:?}"
        );
        // A scatter of half the distance subtends ±30°.
        let wide = degrees(&azimuths_to_sample(&launch, &aim, closest, closest / 2.0));
        assert!(wide.iter().any(|&a| (a - 330.0).abs() < 0.1), "{wide:?}");
        assert!(wide.iter().any(|&a| (a - 30.0).abs() < 0.1), "{wide:?}");
        // A scatter that reaches the launch point: every direction.
        let all = azimuths_to_sample(&launch, &aim, closest, closest);
        assert_eq!(all.len(), 36);
    }

    #[test]
    fn closest_approach_is_zero_for_shared_ground_and_the_gap_otherwise() {
        let square = polygon(&[(24.0, 120.0), (24.0, 120.1), (24.1, 120.1), (24.1, 120.0)]);
        let inside = Place::Point(Geodetic::from_degrees(24.05, 120.05, 0.0));
        assert_eq!(closest_approach(&inside, &square), Length::ZERO);
        // Two squares 0.1° of latitude apart (about 11.07 km at 24° N), offset sideways
        // so that no vertex faces a vertex.
        let north = polygon(&[
            (24.2, 120.05),
            (24.2, 120.15),
            (24.3, 120.15),
            (24.3, 120.05),
        ]);
        let gap = closest_approach(&square, &north).as_km();
        assert!((gap - 11.07).abs() < 0.05, "{gap}");
        let across = polygon(&[
            (24.04, 119.9),
            (24.04, 120.2),
            (24.06, 120.2),
            (24.06, 119.9),
        ]);
        assert_eq!(closest_approach(&square, &across), Length::ZERO);
        let all = azimuths_to_sample(&square, &across, Length::ZERO, Length::ZERO);
        assert_eq!(all.len(), 36);
    }
}
