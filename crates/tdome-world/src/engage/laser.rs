//! A laser's shot: the beam held on one threat until it has taken the energy that kills
//! it.
//!
//! The beam goes on at the shot's launch time (the order plus the type's reaction: slew
//! and fine tracking) on the threat its fire-control track follows (the world's truth
//! association), and stays on it. Each instant at slant range R adds dt / dwell(R) to
//! the dose, with the dwell of the threat's true kind in the run's weather
//! ([`Laser::dwell_at_s`]); the beam adds nothing while the threat is below the type's
//! floor or above its ceiling (the cloud base, in cloud). When the dose reaches one the
//! threat has had its dwell, and one draw against the type's P_k for its kind decides
//! whether it fails. The shot ends without a kill when:
//! - the beam has been on for the type's longest dwell (`max_time_of_flight`), the dose
//!   short of one (the threat too far, the air too thick);
//! - the threat is destroyed or lands first;
//! - the dose reaches one outside the type's envelope (the laser is not rated to kill
//!   there: see [`super::guided`]'s rule).
//!
//! Unlike a missile the beam does not follow the battle manager's plan: its end comes
//! from the threat's true path, earlier or later than the planned intercept time.

use tdome_core::defence::Laser;
use tdome_core::ids::ObjectId;
use tdome_core::threat::ThreatKind;
use tdome_core::{Ecef, Geodetic, Position, SimDuration, SimTime};

/// Longest integration step of the dose, seconds: the threat's range changes by at
/// most ~100 m in it, a few per cent of the dose rate at the ranges lasers fight at.
const DOSE_STEP_S: f64 = 0.05;

/// A laser shot's beam.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Beam {
    /// The threat the beam holds, once it is on.
    pub on: Option<ObjectId>,
    /// The fraction of the killing energy deposited so far.
    pub dose: f64,
}

/// What the beam sees of its threat over one tick.
pub struct Lased<'a> {
    /// The laser.
    pub laser: &'a Laser,
    /// The threat's true kind.
    pub kind: ThreatKind,
    /// The laser's site.
    pub site: Position<Ecef>,
    /// The lowest and highest altitude the beam reaches (the type's floor, and its
    /// ceiling in this weather), metres above the ellipsoid.
    pub band_m: (f64, f64),
    /// The threat's position at a time within the tick.
    pub position: &'a dyn Fn(SimTime) -> Position<Ecef>,
}

impl Beam {
    /// Hold the beam on the threat from `from` to `to`: the time within that the dose
    /// reaches one, if it does.
    pub fn hold(&mut self, lased: &Lased<'_>, from: SimTime, to: SimTime) -> Option<SimTime> {
        if self.dose >= 1.0 {
            return Some(from);
        }
        let span = (to - from).as_seconds();
        if span <= 0.0 {
            return None;
        }
        let steps = (span / DOSE_STEP_S).ceil().max(1.0);
        let h = span / steps;
        for k in 0..steps as i64 {
            let start = from + SimDuration::from_seconds(h * k as f64);
            // Midpoint rule: the dose rate is smooth along the path.
            let mid = from + SimDuration::from_seconds(h * (k as f64 + 0.5));
            let rate = dose_rate(lased, &(lased.position)(mid));
            if rate <= 0.0 {
                continue;
            }
            let needed = (1.0 - self.dose) / rate;
            if needed <= h {
                self.dose = 1.0;
                return Some(start + SimDuration::from_seconds(needed));
            }
            self.dose += rate * h;
        }
        None
    }
}

/// Dose per second on a threat at `p`: one over the dwell at its slant range, nothing
/// outside the altitude band (or against a kind the laser cannot engage).
fn dose_rate(lased: &Lased<'_>, p: &Position<Ecef>) -> f64 {
    let h = Geodetic::from_ecef(p).height_m();
    if h < lased.band_m.0 || h > lased.band_m.1 {
        return 0.0;
    }
    let slant = p.distance_to(&lased.site).si();
    match lased.laser.dwell_against_kind(lased.kind, slant) {
        Some(d) if d > 0.0 => 1.0 / d,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::Length;
    use tdome_core::defence::ByThreat;

    fn laser(extinction_per_m: f64) -> Laser {
        Laser {
            dwell_s: ByThreat::by_category(Some(4.0), Some(2.0)),
            reference_range: Length::km(5.0),
            wavelength_um: 1.07,
            extinction_per_m,
            reference_extinction_per_m: 0.0,
        }
    }

    fn site() -> Geodetic {
        Geodetic::from_degrees(31.5, 34.5, 0.0)
    }

    /// A point `east_m` east of the site at `up_m` metres up (local tangent plane).
    fn at(east_m: f64, up_m: f64) -> Position<Ecef> {
        let frame = tdome_core::EnuFrame::at(site());
        frame.to_ecef(&Position::from_vector(nalgebra::Vector3::new(
            east_m, 0.0, up_m,
        )))
    }

    /// The beam of `l` from the test site on a threat of `kind` at `position`.
    fn lased<'a>(
        l: &'a Laser,
        kind: ThreatKind,
        band_m: (f64, f64),
        position: &'a dyn Fn(SimTime) -> Position<Ecef>,
    ) -> Lased<'a> {
        Lased {
            laser: l,
            kind,
            site: site().to_ecef(),
            band_m,
            position,
        }
    }

    #[test]
    fn a_hovering_threat_takes_its_dwell_by_the_inverse_square_law() {
        let l = laser(0.0);
        for (r, expected) in [(3_000.0, 4.0), (5_000.0, 4.0), (8_000.0, 4.0 * 64.0 / 25.0)] {
            let p = at(r, 1_000.0);
            let slant = p.distance_to(&site().to_ecef()).si();
            let position = move |_t: SimTime| p;
            let lased = lased(&l, ThreatKind::Rocket, (0.0, 10_000.0), &position);
            let mut beam = Beam::default();
            let done = beam
                .hold(&lased, SimTime::ZERO, SimTime::from_seconds(30.0))
                .expect("killed within 30 s");
            // The closed form at the true slant range (the point is up as well as out).
            let closed = 4.0 * (slant.max(5_000.0) / 5_000.0).powi(2);
            assert!((done.as_seconds() - closed).abs() < 1e-6, "{r}: {done:?}");
            assert!((closed - expected).abs() < 0.2, "{r}: {closed}");
        }
    }

    /// When a beam held from 0 to 60 s on a threat hovering at `p` kills it.
    fn held_on(l: &Laser, band_m: (f64, f64), p: Position<Ecef>) -> (Option<SimTime>, f64) {
        let position = move |_t: SimTime| p;
        let lased = lased(l, ThreatKind::Drone, band_m, &position);
        let mut beam = Beam::default();
        let done = beam.hold(&lased, SimTime::ZERO, SimTime::from_seconds(60.0));
        (done, beam.dose)
    }

    #[test]
    fn haze_lengthens_the_dwell_and_the_ceiling_stops_the_beam() {
        let p = at(5_000.0, 0.0);
        let slant = p.distance_to(&site().to_ecef()).si();
        let hazy = laser(2e-4);
        let (done, _) = held_on(&hazy, (-100.0, 10_000.0), p);
        let done = done.expect("killed");
        let closed = 2.0 * (slant.max(5_000.0) / 5_000.0).powi(2) * (2e-4 * slant).exp();
        assert!(
            (done.as_seconds() - closed).abs() < 1e-6,
            "{done:?} vs {closed}"
        );
        // Above the band (a threat over the cloud base) nothing is deposited.
        assert_eq!(held_on(&hazy, (-100.0, -50.0), p), (None, 0.0));
    }

    #[test]
    fn the_dose_carries_over_from_tick_to_tick() {
        let l = laser(0.0);
        let p = at(4_000.0, 500.0);
        let position = move |_t: SimTime| p;
        let lased = lased(&l, ThreatKind::Rocket, (0.0, 10_000.0), &position);
        let mut beam = Beam::default();
        let mut t = SimTime::ZERO;
        let tick = SimDuration::from_seconds(0.125);
        let done = loop {
            if let Some(d) = beam.hold(&lased, t, t + tick) {
                break d;
            }
            t += tick;
        };
        assert!((done.as_seconds() - 4.0).abs() < 1e-6, "{done:?}");
    }
}
