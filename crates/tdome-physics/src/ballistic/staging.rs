//! What a vehicle is made of after its first stage: later stages, the re-entry vehicle
//! that separates after the last burn, and the weave a manoeuvring re-entry vehicle flies
//! on its way down; and the flight's timetable of burns, drops and separation.
//!
//! Medium-range ballistic missiles (the Emad, Ghadr and Kheibar Shekan classes of public
//! reporting) carry their warhead in a re-entry vehicle that separates from the spent
//! booster: from then on the body that falls is small and dense, so it keeps its speed
//! through the atmosphere, and some re-entry vehicles steer. Longer-range missiles add a
//! second stage. One body is flown throughout: the booster, and after separation the
//! re-entry vehicle alone; the spent stages and the booster are dropped, not flown (see
//! `docs/physics.md`, Limitations).

use nalgebra::Vector3;
use tdome_core::Mass;

use crate::aero::DragCurve;

use super::{BallisticVehicle, STANDARD_GRAVITY};

/// Most stages a vehicle may have, the first included: enough for the two-stage
/// medium-range missiles and a third for margin, and a bound that keeps a flight's
/// timetable a fixed-size array (flights are copied by the world's look-ahead).
pub const MAX_STAGES: usize = 3;

/// A stage above the first. It ignites `coast_s` seconds after the stage below burns
/// out; at that burnout the stage below's empty case (`spent_stage_mass`) is dropped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpperStage {
    /// Inert mass of the stage below (its empty case and interstage), dropped at the
    /// stage below's burnout.
    pub spent_stage_mass: Mass,
    /// Coast from the stage below's burnout to this stage's ignition, seconds.
    pub coast_s: f64,
    /// Propellant burnt by this stage at a constant mass flow.
    pub propellant_mass: Mass,
    /// This stage's burn time, seconds.
    pub burn_time_s: f64,
    /// This stage's specific impulse, seconds.
    pub specific_impulse_s: f64,
}

/// The re-entry vehicle: the warhead's body, which separates from the booster
/// `separation_delay_s` seconds after the last burn ends and falls alone.
#[derive(Clone, Debug, PartialEq)]
pub struct ReentryVehicle {
    /// Its mass (constant).
    pub mass: Mass,
    /// Its aerodynamic reference area, m² (base cross-section).
    pub reference_area_m2: f64,
    /// Its drag coefficient against Mach.
    pub drag: DragCurve,
    /// From the end of thrust to separation, seconds.
    pub separation_delay_s: f64,
    /// The weave it flies on the way down, if it manoeuvres.
    pub weave: Option<Weave>,
}

/// A manoeuvring re-entry vehicle's weave: from the moment it descends through
/// `start_height_m` (or from separation, if it separates below that height), a lateral
/// acceleration A·cos(2π τ / P) (τ since the start), horizontal and normal to its
/// velocity.
///
/// Why this profile: the lateral velocity is then (A P / 2π)·sin(2π τ / P) and the
/// displacement (A P² / 4π²)·(1 − cos(2π τ / P)): a weave that starts from rest, stays
/// bounded (it never drifts, unlike A·sin, whose velocity has a non-zero mean) and
/// returns to the ballistic path every period. A filter that assumes ballistic flight
/// sees an acceleration of A it did not expect; the impact moves by at most
/// A P² / 2π² off the path, which the attacker's launch solution (flown with the weave)
/// already allows for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weave {
    /// Height above the ellipsoid, descending through which the weave starts, metres.
    pub start_height_m: f64,
    /// Peak lateral acceleration A, m/s².
    pub acceleration_mps2: f64,
    /// Period P, seconds.
    pub period_s: f64,
}

impl Weave {
    /// The lateral acceleration vector at `tau_s` seconds into the weave, for a body at
    /// `r` moving with Earth-relative velocity `v` (zero before the start and when the
    /// velocity is vertical).
    pub(crate) fn acceleration(
        &self,
        tau_s: f64,
        r: &Vector3<f64>,
        v: &Vector3<f64>,
    ) -> Vector3<f64> {
        if tau_s < 0.0 {
            return Vector3::zeros();
        }
        // Horizontal and normal to the velocity: the velocity crossed with the local
        // vertical (the geocentric one: the 0.2° between it and the normal to the
        // ellipsoid only tilts the weave's plane).
        let side = v.cross(r);
        let norm = side.norm();
        if norm <= 0.0 || norm.is_nan() {
            return Vector3::zeros();
        }
        let phase = std::f64::consts::TAU * tau_s / self.period_s;
        side * (self.acceleration_mps2 * phase.cos() / norm)
    }
}

/// Why a vehicle's stages or re-entry vehicle cannot be flown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StagingError {
    /// More stages than [`MAX_STAGES`].
    #[error("at most {max} stages, got {0}", max = MAX_STAGES)]
    TooManyStages(usize),
    /// An upper stage's figure is out of range (stage numbers count from 1, the first).
    #[error("stage {stage}: {what} must be finite and {rule}, got {value}")]
    Stage {
        /// Stage number, 2 for the first upper stage.
        stage: usize,
        /// Which figure.
        what: &'static str,
        /// What it must be.
        rule: &'static str,
        /// What it is.
        value: f64,
    },
    /// The masses do not add up: what is left after every burn and drop must exceed the
    /// re-entry vehicle's mass (the last stage's empty case stays until separation).
    #[error(
        "the stages burn and drop {dropped} kg of a {launch} kg vehicle, leaving {left} kg, \
         which must be positive and more than the re-entry vehicle's {reentry} kg"
    )]
    Masses {
        /// Launch mass, kg.
        launch: f64,
        /// Propellant and spent stages, kg.
        dropped: f64,
        /// What is left at separation, kg.
        left: f64,
        /// The re-entry vehicle's mass, kg (0 without one).
        reentry: f64,
    },
    /// A re-entry vehicle's figure is out of range.
    #[error("re-entry vehicle: {what} must be finite and {rule}, got {value}")]
    ReentryVehicle {
        /// Which figure.
        what: &'static str,
        /// What it must be.
        rule: &'static str,
        /// What it is.
        value: f64,
    },
}

fn check(ok: bool, err: impl FnOnce() -> StagingError) -> Result<(), StagingError> {
    if ok { Ok(()) } else { Err(err()) }
}

/// Check the upper stages and the re-entry vehicle of `vehicle`, whose first stage has
/// passed its own checks.
pub(super) fn validate(vehicle: &BallisticVehicle) -> Result<(), StagingError> {
    let stages = vehicle.upper_stages.len() + 1;
    check(stages <= MAX_STAGES, || StagingError::TooManyStages(stages))?;
    let mut dropped = vehicle.propellant_mass.si();
    for (i, s) in vehicle.upper_stages.iter().enumerate() {
        let stage = i + 2;
        let bad = |what, rule, value| StagingError::Stage {
            stage,
            what,
            rule,
            value,
        };
        let spent = s.spent_stage_mass.si();
        check(spent.is_finite() && spent >= 0.0, || {
            bad("spent stage mass (kg)", "non-negative", spent)
        })?;
        check(s.coast_s.is_finite() && s.coast_s >= 0.0, || {
            bad("coast (s)", "non-negative", s.coast_s)
        })?;
        let p = s.propellant_mass.si();
        check(p.is_finite() && p > 0.0, || {
            bad("propellant mass (kg)", "positive", p)
        })?;
        check(s.burn_time_s.is_finite() && s.burn_time_s > 0.0, || {
            bad("burn time (s)", "positive", s.burn_time_s)
        })?;
        check(
            s.specific_impulse_s.is_finite() && s.specific_impulse_s >= 0.0,
            || bad("specific impulse (s)", "non-negative", s.specific_impulse_s),
        )?;
        dropped += spent + p;
    }
    let launch = vehicle.launch_mass.si();
    let left = launch - dropped;
    let reentry = match &vehicle.reentry_vehicle {
        None => 0.0,
        Some(rv) => {
            let bad = |what, rule, value| StagingError::ReentryVehicle { what, rule, value };
            let m = rv.mass.si();
            check(m.is_finite() && m > 0.0, || bad("mass (kg)", "positive", m))?;
            check(
                rv.reference_area_m2.is_finite() && rv.reference_area_m2 >= 0.0,
                || bad("reference area (m²)", "non-negative", rv.reference_area_m2),
            )?;
            check(
                rv.separation_delay_s.is_finite() && rv.separation_delay_s >= 0.0,
                || {
                    bad(
                        "separation delay (s)",
                        "non-negative",
                        rv.separation_delay_s,
                    )
                },
            )?;
            if let Some(w) = &rv.weave {
                check(
                    w.start_height_m.is_finite() && w.start_height_m > 0.0,
                    || bad("weave start height (m)", "positive", w.start_height_m),
                )?;
                check(
                    w.acceleration_mps2.is_finite() && w.acceleration_mps2 >= 0.0,
                    || {
                        bad(
                            "weave acceleration (m/s²)",
                            "non-negative",
                            w.acceleration_mps2,
                        )
                    },
                )?;
                check(w.period_s.is_finite() && w.period_s > 0.0, || {
                    bad("weave period (s)", "positive", w.period_s)
                })?;
            }
            m
        }
    };
    let fits = if vehicle.reentry_vehicle.is_some() {
        left > reentry
    } else {
        left > 0.0
    };
    check(fits, || StagingError::Masses {
        launch,
        dropped,
        left,
        reentry,
    })
}

/// The ideal (Tsiolkovsky) velocity gain of every stage, summed, m/s.
pub(super) fn ideal_delta_v_mps(vehicle: &BallisticVehicle) -> f64 {
    let mut mass = vehicle.launch_mass.si();
    let mut total = 0.0;
    let mut burn = |mass: &mut f64, propellant: f64, isp: f64| {
        let after = *mass - propellant;
        total += isp * STANDARD_GRAVITY * (*mass / after).ln();
        *mass = after;
    };
    burn(
        &mut mass,
        vehicle.propellant_mass.si(),
        vehicle.specific_impulse_s,
    );
    for s in &vehicle.upper_stages {
        mass -= s.spent_stage_mass.si();
        burn(&mut mass, s.propellant_mass.si(), s.specific_impulse_s);
    }
    total
}

/// The body flying: the booster (with its stages) or the re-entry vehicle alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Body {
    Booster,
    ReentryVehicle,
}

/// One stretch of a flight's timetable, from `start_s` until the next segment's start:
/// a burn (`thrust_n` > 0 or a positive mass flow) or a coast, of one body. Within a
/// segment the mass falls linearly and nothing else changes, so the integrator never
/// steps across a segment boundary (the step is split there).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Segment {
    pub start_s: f64,
    /// When the burn ends (infinite for a coast): the mass falls no further.
    pub end_s: f64,
    /// Mass at `start_s`, kg.
    pub mass_kg: f64,
    pub mass_flow_kg_s: f64,
    pub thrust_n: f64,
    /// The least mass the segment can reach (a burn's stage emptied), kg: a floor that
    /// keeps the mass sane whatever time the integrator asks about.
    pub floor_kg: f64,
    pub body: Body,
}

impl Segment {
    /// A coast of `body` from `start_s` at a constant `mass_kg`.
    fn coast(start_s: f64, mass_kg: f64, body: Body) -> Self {
        Segment {
            start_s,
            end_s: f64::INFINITY,
            mass_kg,
            mass_flow_kg_s: 0.0,
            thrust_n: 0.0,
            floor_kg: mass_kg,
            body,
        }
    }

    pub fn burning(&self) -> bool {
        self.thrust_n > 0.0 || self.mass_flow_kg_s > 0.0
    }

    pub fn mass_kg(&self, t_s: f64) -> f64 {
        let burnt_s = t_s.clamp(self.start_s, self.end_s) - self.start_s;
        (self.mass_kg - self.mass_flow_kg_s * burnt_s).max(self.floor_kg)
    }
}

/// Most segments a timetable holds: a burn and a coast per stage, and the re-entry
/// vehicle's.
const MAX_SEGMENTS: usize = 2 * MAX_STAGES + 1;

/// A flight's timetable: burns, coasts, drops and separation, in time order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Timetable {
    segments: [Segment; MAX_SEGMENTS],
    len: usize,
    /// When the last burn ends (burnout of the last stage lit, or the cut-off).
    pub thrust_end_s: f64,
}

impl Timetable {
    /// The timetable of `vehicle` whose motor is cut at `cutoff_s` (`None`: every stage
    /// burns out). A stage whose ignition comes at or after the cut-off is not lit; a
    /// stage cut mid-burn keeps its unburnt propellant aboard. A NaN cut-off is treated as
    /// none here (the flight poisons its state instead).
    pub fn of(vehicle: &BallisticVehicle, cutoff_s: Option<f64>) -> Self {
        let cutoff = cutoff_s.filter(|c| !c.is_nan()).unwrap_or(f64::INFINITY);
        let empty = Segment::coast(0.0, 0.0, Body::Booster);
        let mut table = Timetable {
            segments: [empty; MAX_SEGMENTS],
            len: 0,
            thrust_end_s: 0.0,
        };
        let first = StageBurn {
            propellant_kg: vehicle.propellant_mass.si(),
            burn_time_s: vehicle.burn_time_s,
            specific_impulse_s: vehicle.specific_impulse_s,
        };
        let mut mass = vehicle.launch_mass.si();
        let mut ignition = 0.0;
        let upper = vehicle.upper_stages.iter().take(MAX_STAGES - 1);
        let stages = std::iter::once((0.0, 0.0, first)).chain(upper.map(|s| {
            (
                s.spent_stage_mass.si(),
                s.coast_s,
                StageBurn {
                    propellant_kg: s.propellant_mass.si(),
                    burn_time_s: s.burn_time_s,
                    specific_impulse_s: s.specific_impulse_s,
                },
            )
        }));
        for (k, (spent_kg, coast_s, stage)) in stages.enumerate() {
            if k > 0 {
                // The stage below burnt out at `ignition` (set below); it is dropped
                // now, and this stage lights after its coast, if before the cut-off.
                mass -= spent_kg;
                ignition += coast_s;
                table.push(Segment::coast(table.thrust_end_s, mass, Body::Booster));
                if ignition >= cutoff {
                    break;
                }
            }
            let burn_s = stage.burn_time_s.max(0.0);
            let end = (ignition + burn_s).min(cutoff).max(ignition);
            let flow = if burn_s > 0.0 {
                stage.propellant_kg / burn_s
            } else {
                0.0
            };
            let floor = mass - stage.propellant_kg;
            table.push(Segment {
                start_s: ignition,
                end_s: end,
                mass_kg: mass,
                mass_flow_kg_s: flow,
                thrust_n: stage.specific_impulse_s * STANDARD_GRAVITY * flow,
                floor_kg: floor,
                body: Body::Booster,
            });
            // At the end of the burn (burnout, or the cut-off), the propellant burnt is
            // gone; the same arithmetic as the segment's own mass, so the coast that
            // follows starts from exactly the mass the burn ended with.
            mass = (mass - flow * (end - ignition)).max(floor);
            table.thrust_end_s = end;
            ignition = end;
            if end >= cutoff {
                break;
            }
        }
        table.push(Segment::coast(table.thrust_end_s, mass, Body::Booster));
        if let Some(rv) = &vehicle.reentry_vehicle {
            let separation_s = table.thrust_end_s + rv.separation_delay_s.max(0.0);
            table.push(Segment::coast(
                separation_s,
                rv.mass.si(),
                Body::ReentryVehicle,
            ));
        }
        table
    }

    fn push(&mut self, segment: Segment) {
        // A segment starting where the last one starts replaces it (a zero-length burn at
        // a cut-off at launch, a coast of zero seconds): the later one is what flies.
        if self.len > 0 && self.segments[self.len - 1].start_s >= segment.start_s {
            self.segments[self.len - 1] = segment;
        } else if self.len < MAX_SEGMENTS {
            self.segments[self.len] = segment;
            self.len += 1;
        }
    }

    /// The segment flying at `t_s` (the last one started at or before it; the first
    /// before launch).
    pub fn at(&self, t_s: f64) -> &Segment {
        let n = self.segments[..self.len]
            .iter()
            .rposition(|s| s.start_s <= t_s)
            .unwrap_or(0);
        &self.segments[n]
    }

    /// The segment boundaries strictly inside (t0, t1), in order.
    pub fn boundaries_within(&self, t0: f64, t1: f64) -> impl Iterator<Item = f64> + '_ {
        self.segments[..self.len]
            .iter()
            .map(|s| s.start_s)
            .filter(move |&s| t0 < s && s < t1)
    }

    /// When the re-entry vehicle separates, if the vehicle has one.
    pub fn separation_s(&self) -> Option<f64> {
        self.segments[..self.len]
            .iter()
            .find(|s| s.body == Body::ReentryVehicle)
            .map(|s| s.start_s)
    }
}

struct StageBurn {
    propellant_kg: f64,
    burn_time_s: f64,
    specific_impulse_s: f64,
}
