//! **assess**: tracks → threat evaluation.
//!
//! For each confirmed track: judge its category from its kinematics, predict where it
//! will hit (ballistic: propagate with the shared ballistic model until it meets the
//! ground; air-breathing: extrapolate its course and find where it first enters a
//! defended area), decide whether that threatens a defended asset, and rank it. This is
//! Iron Dome's impact-point filter: only tracks predicted to hit a defended area are
//! engaged; the rest may fall in the open.

pub mod course;
pub mod impact;
pub mod path;
pub mod probability;

use nalgebra::Vector3;
use tdome_core::area::GeoPolygon;
use tdome_core::defence::DefendedAsset;
use tdome_core::geodesy::WGS84_A;
use tdome_core::ids::{AssetId, TrackId};
use tdome_core::orders::{Decision, ErrorEllipse, HoldReason, ThreatAssessment};
use tdome_core::threat::TargetCategory;
use tdome_core::{EnuFrame, Geodetic, Position, SimDuration, SimTime};
use tdome_physics::EcefState;
use tdome_physics::ballistic::{CoastDrag, coast};

use crate::config::AssessmentConfig;
use impact::{ImpactDrag, ImpactPrediction, predict_impact};
use path::PredictedPath;
use tdome_core::picture::{AirPicture, TrackEstimate};

/// Spacing of the samples of an air-breathing track's predicted path, seconds (at least
/// `prediction_step_s`): the path is exact at any spacing (see `update`), and a drone's
/// runs for half an hour.
const AIR_BREATHING_PATH_STEP_S: f64 = 4.0;

/// A track is re-assessed when it has new plots and its last assessment is at least
/// this old: prediction is the costliest step of the cycle, and a radar scan brings
/// little news about a trajectory every half second.
const REASSESS_INTERVAL: SimDuration = SimDuration::from_nanos(2_000_000_000);

/// The impact covariance (13 or 15 flights to the ground) is refreshed every tenth of the
/// time to go, between 2 and 10 s of track time; in between, each re-assessment moves
/// the last covariance to its fresh mean impact. Far from impact the covariance changes
/// slowly, and refreshing it at every re-assessment made the default scenario run at
/// 1,030× real time instead of 1,460×.
const COVARIANCE_REFRESH_MIN_S: f64 = 2.0;
/// See [`COVARIANCE_REFRESH_MIN_S`].
const COVARIANCE_REFRESH_MAX_S: f64 = 10.0;
/// ... unless the track's velocity uncertainty has changed by more than this factor
/// (either way) since, or the prediction changed the estimate it starts from: a young
/// track's covariance shrinks several-fold in a few scans, and its first, wide impact
/// ellipse carried forward kept P(hit) over the threshold for rockets bound for open
/// ground.
const COVARIANCE_REFRESH_SPREAD_RATIO: f64 = 1.25;

/// Impact covariances made afresh in one cycle before those due only by age wait for
/// their track's next re-assessment (moved to the fresh mean landing meanwhile), unless
/// they are a whole interval late. New tracks, and those whose velocity uncertainty or
/// flown estimate changed, are never deferred; they count against it. A fresh
/// covariance costs some 30 µs; the shipped scenarios never reach the cap (their
/// records are the same with it), 1,000 rockets in a salvo did (docs/assessment.md,
/// "Speed").
const COVARIANCE_REFRESHES_PER_CYCLE: u32 = 100;

/// Where in its first refresh interval a track's first impact covariance is taken to
/// have been made, as a share of the interval in [0, 1), spread evenly over track ids
/// (the fractional parts of k/φ, φ the golden ratio, fill [0, 1) evenly for consecutive
/// k). A salvo's tracks are born in the same scans and fly alike: counted from their
/// birth, their covariances fell due in the same cycles, and a cycle that refreshed most
/// of 1,000 tracks took twice the mean (docs/assessment.md, "Speed"). Only the first
/// refresh comes sooner; each later one keeps its interval, and the phase.
fn first_refresh_phase(track: TrackId) -> f64 {
    const INVERSE_GOLDEN_RATIO: f64 = 0.618_033_988_749_894_8;
    (f64::from(track.0) * INVERSE_GOLDEN_RATIO).fract()
}

/// The interval after which an impact covariance is made afresh, seconds, for a landing
/// `to_go_s` seconds after the estimate.
fn covariance_refresh_s(to_go_s: f64) -> f64 {
    (to_go_s / 10.0).clamp(COVARIANCE_REFRESH_MIN_S, COVARIANCE_REFRESH_MAX_S)
}

/// A ballistic threat predicted to reach its asset within this long of its estimate is
/// re-assessed at every new plot, not every [`REASSESS_INTERVAL`]: Iron Dome's shortest
/// flights (11–23 s on Sderot) leave a window of a second or two to launch, and a
/// re-assessment 2 s late missed it (iron-dome-notional seed 3: a Qassam's path from one
/// early, short estimate was infeasible, and the next came after the window closed).
const URGENT: SimDuration = SimDuration::from_nanos(30_000_000_000);

/// The least descent, as a share of ground speed, that counts as a dive: 5° (a drone
/// diving from 1 km over 2 km comes down at 27°; level flight and gentle height changes
/// stay well below).
const DIVE_MIN_SLOPE: f64 = 0.0875;

/// The least climb or descent, as a share of ground speed, at which the tracker's
/// ballistic model is believed: 2° (a body falling freely is that level for about
/// 0.07 v/g seconds either side of its apogee, 2 s at 250 m/s; a cruise missile's
/// level legs stay below).
const BALLISTIC_MIN_SLOPE: f64 = 0.035;

/// The tracker's ballistic-model probability that makes a level track ballistic (on two
/// assessments in a row). Iron Dome's flattest Qassams (apogee under 200 m, 10 s of
/// flight at 330-400 m/s) never climb or descend at 2°, and their tracks hold the
/// ballistic model above 0.99 for their last seconds; of 318 cruise-missile tracks on
/// taiwan-notional (hold fire, seeds 1-10), none held it at 0.99 on two rows in a row,
/// 3 at 0.95, 59 at 0.7.
const LEVEL_BALLISTIC_MODE_PROBABILITY: f64 = 0.99;

/// Why a track's state could not be predicted to a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoPrediction {
    /// The track has not been assessed (no category yet).
    Unassessed,
    /// The time is before the track's estimate.
    Past,
    /// A ballistic track is predicted to reach the ground first.
    LandsFirst,
}

/// The current evaluation of one track, kept between cycles.
#[derive(Clone, Debug)]
pub struct TrackAssessment {
    /// Which track.
    pub track: TrackId,
    /// Category (once ballistic, ballistic until the track is clearly too slow for it on
    /// two assessments in a row: nothing that has flown a ballistic arc starts to fly
    /// under lift, but a young track's first wild estimates can look ballistic).
    pub category: TargetCategory,
    /// Time of the track estimate the prediction started from.
    pub based_on: SimTime,
    /// Predicted trajectory up to impact or entry into a defended area; kept only while
    /// the track threatens an asset (empty otherwise).
    pub path: PredictedPath,
    /// Predicted impact (or area entry) time and point.
    pub impact: Option<(SimTime, Geodetic)>,
    /// The asset threatened, if any.
    pub threatened: Option<AssetId>,
    /// Value at risk over time to go; larger is more urgent.
    pub priority: f64,
    /// The impact's uncertainty, where it was predicted (ballistic tracks).
    pub impact_ellipse: Option<ErrorEllipse>,
    /// Probability of hitting some defended asset, where it was computed.
    pub p_hit: Option<f64>,
    /// Σ value × P(hit) over the assets, where it was computed.
    pub value_at_risk: Option<f64>,
    /// The last impact prediction with covariance, and the track time it was made at.
    covariance_from: Option<CachedImpact>,
    /// The last assessment saw the tracker's ballistic model explain the track (see
    /// [`AssessmentConfig::ballistic_mode_probability`]).
    ballistic_mode_seen: bool,
    /// The last assessment found the track clearly slower than any ballistic body the
    /// assessor believes in, with the tracker's ballistic model not holding it.
    too_slow_seen: bool,
    /// The last assessment saw the track in a steady dive (see [`Assessor::dive`]).
    dive_seen: bool,
    /// How many assessments in a row up to this one, of its category, found P(hit) at or
    /// above `engage_p_hit`.
    above_in_a_row: u32,
    /// This assessment found P(hit) at or above `engage_p_hit`, but fewer than
    /// `engage_confirmations` in a row have: the threat waits for confirmation.
    unconfirmed: bool,
}

impl TrackAssessment {
    /// A placeholder, allocation-free.
    fn empty(track: TrackId, based_on: SimTime) -> Self {
        TrackAssessment {
            track,
            category: TargetCategory::AirBreathing,
            based_on,
            path: PredictedPath::default(),
            impact: None,
            threatened: None,
            priority: 0.0,
            impact_ellipse: None,
            p_hit: None,
            value_at_risk: None,
            covariance_from: None,
            ballistic_mode_seen: false,
            too_slow_seen: false,
            dive_seen: false,
            above_in_a_row: 0,
            unconfirmed: false,
        }
    }

    /// True when it is ballistic and threatens an asset within [`URGENT`] of its
    /// estimate (an air-breathing threat moves a few hundred metres between plots, and
    /// its shot's window does not close between two assessments).
    fn is_urgent(&self) -> bool {
        self.category == TargetCategory::Ballistic
            && self.threatened.is_some()
            && self
                .impact
                .is_some_and(|(t, _)| t - self.based_on <= URGENT)
    }

    /// How many assessments in a row up to this one, of its current category, found
    /// P(hit) at or above the engagement threshold (`engage_p_hit`).
    pub fn assessments_above_threshold(&self) -> u32 {
        self.above_in_a_row
    }

    /// The assessment as a record, with the cycle's decision.
    pub fn record(&self, now: SimTime, decision: Decision) -> ThreatAssessment {
        ThreatAssessment {
            time: now,
            track: self.track,
            category: self.category,
            predicted_impact: self.impact.map(|(_, g)| g),
            impact_time: self.impact.map(|(t, _)| t),
            threatened_asset: self.threatened,
            priority: self.priority,
            decision,
            impact_ellipse: self.impact_ellipse,
            p_hit: self.p_hit,
            value_at_risk: self.value_at_risk,
        }
    }

    /// The decision when no order is issued: hold, and why.
    pub fn default_hold(&self) -> Decision {
        if self.unconfirmed {
            Decision::Hold(HoldReason::Unconfirmed)
        } else if self.threatened.is_none() {
            Decision::Hold(HoldReason::NotThreatening)
        } else {
            Decision::Hold(HoldReason::NoFeasibleShooter)
        }
    }
}

/// The threat evaluator.
#[derive(Clone, Debug)]
pub struct Assessor {
    config: AssessmentConfig,
    /// Per asset: its polygon's plane frame, for air-breathing course intersection.
    assets: Vec<DefendedAsset>,
    /// Current assessments, sorted by track id.
    current: Vec<TrackAssessment>,
    /// Every track threatens some asset (the `engage_all` doctrine).
    engage_all: bool,
}

impl Assessor {
    /// An assessor protecting `assets`.
    pub fn new(config: AssessmentConfig, assets: Vec<DefendedAsset>) -> Self {
        Assessor {
            config,
            assets,
            current: Vec::new(),
            engage_all: false,
        }
    }

    /// With `engage_all`, every track threatens an asset: the one its impact threatens,
    /// else the one nearest its predicted impact (or, with none predicted, its
    /// position). The baseline for measuring what the impact-point filter saves.
    pub fn engaging_all(mut self, engage_all: bool) -> Self {
        self.engage_all = engage_all;
        self
    }

    /// The settings it assesses with.
    pub fn config(&self) -> &AssessmentConfig {
        &self.config
    }

    /// The defended assets.
    pub fn assets(&self) -> &[DefendedAsset] {
        &self.assets
    }

    /// Current assessments, in track id order.
    pub fn current(&self) -> &[TrackAssessment] {
        &self.current
    }

    /// The current assessment of `track`.
    pub fn get(&self, track: TrackId) -> Option<&TrackAssessment> {
        self.current
            .binary_search_by_key(&track, |a| a.track)
            .ok()
            .map(|i| &self.current[i])
    }

    /// Bring assessments up to date with the confirmed tracks of `picture`. Returns the
    /// ids re-assessed this cycle, in id order.
    pub fn update(&mut self, picture: &AirPicture, refreshed: &mut Vec<TrackId>) {
        refreshed.clear();
        let mut refreshes_left = COVARIANCE_REFRESHES_PER_CYCLE;
        // Forget tracks that are gone.
        self.current.retain(|a| picture.get(a.track).is_some());
        for track in picture.confirmed() {
            let existing = self.current.binary_search_by_key(&track.track, |a| a.track);
            let due = match existing {
                Ok(i) => {
                    let a = &self.current[i];
                    // A threat awaiting confirmation is re-assessed at its next
                    // plot (the confirmation should cost one scan, not an interval),
                    // and so is one due within `URGENT`: its shot is decided on the
                    // freshest path, and one stale estimate can close its window.
                    track.time > a.based_on
                        && (track.time - a.based_on >= REASSESS_INTERVAL
                            || a.unconfirmed
                            || a.is_urgent())
                }
                Err(_) => true,
            };
            if !due {
                continue;
            }
            let previous_category = existing.ok().map(|i| self.current[i].category);
            // Re-assess in place, reusing the path's buffer (no allocation per cycle).
            let mut assessment = match existing {
                Ok(i) => std::mem::replace(
                    &mut self.current[i],
                    TrackAssessment::empty(track.track, track.time),
                ),
                Err(_) => TrackAssessment::empty(track.track, track.time),
            };
            self.assess(
                track,
                previous_category,
                &mut assessment,
                &mut refreshes_left,
            );
            match existing {
                Ok(i) => self.current[i] = assessment,
                Err(i) => self.current.insert(i, assessment),
            }
            refreshed.push(track.track);
        }
    }

    fn assess(
        &self,
        track: &TrackEstimate,
        previous: Option<TargetCategory>,
        out: &mut TrackAssessment,
        refreshes_left: &mut u32,
    ) {
        let state = EcefState {
            position: track.position,
            velocity: track.velocity,
        };
        let here = Geodetic::from_ecef(&state.position);
        let frame = EnuFrame::at(here);
        let v_enu = frame.velocity_to_enu(&state.velocity);
        // Velocity uncertainty in the local frame: a young track's velocity is uncertain
        // by tens of m/s, enough to make a level drone look as if it were diving.
        let rot = frame.rotation_ecef_to_enu();
        let p_vel = track.covariance.fixed_view::<3, 3>(3, 3);
        let cov_enu = rot * p_vel * rot.transpose();
        // Height uncertainty: the up component of the position covariance (a long-range
        // radar's elevation error alone can put a low drone kilometres up).
        let up = rot.row(2).transpose();
        let p_pos = track.covariance.fixed_view::<3, 3>(0, 0);
        let sigma_height = (up.transpose() * p_pos * up)[(0, 0)].max(0.0).sqrt();
        // The IMM's own verdict, where it runs a ballistic model: a body that free fall
        // (gravity and drag) explains far better than level flight. Short-range rockets
        // fly too slow and too low for the kinematic test (a Qassam's 12-25 s flight
        // stayed "air-breathing" to the ground); level drones never let the ballistic
        // model explain them for long, and the speed floor keeps out a slow drone's
        // brief descent. Nor does level flight count, at any speed: a cruise missile at
        // 250 m/s seen by long-range radars was sometimes explained as well by the
        // ballistic model (a few metres of droop a scan hide in the plots' elevation
        // error), and once the tracker's ballistic model became nearly absorbing
        // (`ballistic_exit_rate_hz`) one in sixteen was held ballistic, predicted to fall
        // short and not engaged (taiwan-notional, hold fire). A ballistic body flies
        // level only about its apogee, or on a flat, short trajectory: the track must
        // climb or descend at more than `BALLISTIC_MIN_SLOPE` of its ground speed, by
        // more than three standard deviations of its vertical speed, or the model hold
        // it at `LEVEL_BALLISTIC_MODE_PROBABILITY`. Two assessments in a row (2 s apart
        // at least) must agree.
        let v = v_enu.mps();
        let v_up_sigma = cov_enu[(2, 2)].max(0.0).sqrt();
        let climbing_or_descending =
            v.z.abs() >= BALLISTIC_MIN_SLOPE * v.x.hypot(v.y) && v.z.abs() >= 3.0 * v_up_sigma;
        let mode_evidence = track.modes.ballistic >= self.config.ballistic_mode_probability
            && v.norm() >= self.config.ballistic_mode_min_speed_mps
            && (climbing_or_descending
                || track.modes.ballistic >= LEVEL_BALLISTIC_MODE_PROBABILITY);
        // A ballistic verdict stands until, on two assessments in a row, the track is
        // slower than `ballistic_mode_min_speed_mps` by three standard deviations of its
        // speed and the ballistic model does not hold it: a drone's young track, started
        // from two plots of a long-range radar, flew at 700 m/s for a scan or two, was
        // judged "clearly fast" and stayed ballistic for its whole flight, predicted to
        // fall at once (taiwan-notional, hold fire: 4 of 335 would-hit drones in seeds
        // 1-10, once the tracker's ballistic model kept its weight through coast).
        let too_slow = v.norm() + 3.0 * speed_sigma(v, &cov_enu)
            < self.config.ballistic_mode_min_speed_mps
            && track.modes.ballistic < self.config.ballistic_mode_probability;
        let withdrawn = too_slow && out.too_slow_seen;
        out.too_slow_seen = too_slow;
        let category = if (previous == Some(TargetCategory::Ballistic) && !withdrawn)
            || (mode_evidence && out.ballistic_mode_seen)
        {
            TargetCategory::Ballistic
        } else {
            classify(
                &self.config,
                (here.height_m(), sigma_height),
                v_enu.mps(),
                &cov_enu,
            )
        };
        out.ballistic_mode_seen = mode_evidence;
        // The engagement threshold is confirmed by `engage_confirmations` assessments in a
        // row of the same category: a young track's first wide ellipse, or one stray
        // update, often puts P(hit) over it for one assessment, and a shot spent on that
        // is wasted (docs/assessment.md, "Confirmation": on iron-dome-notional two halve
        // the waste at every threshold and cost no recall).
        let above_before = if out.category == category {
            out.above_in_a_row
        } else {
            0
        };
        let confirmed = above_before + 1 >= self.config.engage_confirmations;
        out.category = category;
        out.based_on = track.time;
        // A ballistic track is flown from the estimate made under that assumption.
        let flight = (category == TargetCategory::Ballistic).then(|| self.flight(track));
        let start = flight.as_ref().map_or(state, |f| f.state);
        // An air-breathing path is a straight line at constant height (or a straight
        // dive), which the path's cubic Hermite interpolation reproduces exactly from
        // samples at any spacing: a coarser one makes it cheaper to build and to scan.
        let path_step = match category {
            TargetCategory::Ballistic => self.config.prediction_step_s,
            TargetCategory::AirBreathing => {
                self.config.prediction_step_s.max(AIR_BREATHING_PATH_STEP_S)
            }
        };
        out.path.reset(track.time, path_step, start);
        out.impact_ellipse = None;
        out.p_hit = None;
        out.value_at_risk = None;
        let hit = match category {
            TargetCategory::Ballistic => {
                let flight = flight.expect("made for the ballistic category");
                let drag = flight.drag;
                match self.impact_with_covariance(track, &flight, out, refreshes_left) {
                    Some(impact) => {
                        let threatened = self.score(&impact, confirmed, out);
                        if threatened.is_some() || self.engage_all {
                            // The path the intercept is planned on, at the prediction's
                            // own step; it ends at the mean trajectory's landing.
                            self.predict_ballistic(track.time, &flight.state, drag, &mut out.path)
                                .map(|(t, g, _)| (t, g, threatened))
                        } else {
                            // Nothing to plan on: the mean landing from the coarser
                            // flight suffices for the record.
                            Some((impact.centre.0, impact.centre.1, None))
                        }
                    }
                    // A sigma point that does not land (a track climbing away, or one
                    // whose covariance is not positive definite): the mean alone, with
                    // the margin.
                    None => self.predict_ballistic(track.time, &flight.state, drag, &mut out.path),
                }
            }
            TargetCategory::AirBreathing => {
                // A steady dive on two assessments in a row: the threat is coming down
                // where the dive meets the ground, not flying on over what lies beyond.
                let dive = self.dive(track, &state);
                let dived = dive.is_some() && out.dive_seen;
                out.dive_seen = dive.is_some();
                match dive.filter(|_| dived) {
                    Some(impact) => {
                        let threatened = self.score(&impact, confirmed, out);
                        // The path is the dive itself, at constant velocity.
                        let step = out.path.step_s();
                        let to_go = (impact.time - track.time).as_seconds();
                        let at = |t: f64| EcefState {
                            position: state.position + state.velocity.over_seconds(t),
                            velocity: state.velocity,
                        };
                        for k in 1..=(to_go / step).floor() as usize {
                            out.path.push(at(k as f64 * step));
                        }
                        out.path.finish(impact.time, at(to_go));
                        Some((impact.time, impact.point, threatened))
                    }
                    None => {
                        let (hit, risk) =
                            self.predict_air_breathing(track, &state, confirmed, &mut out.path);
                        out.p_hit = Some(risk.p_hit);
                        out.value_at_risk = Some(risk.value_at_risk);
                        hit
                    }
                }
            }
        };
        out.impact = hit.map(|(t, g, _)| (t, g));
        out.threatened = hit.and_then(|(_, _, a)| a);
        let above = out.p_hit.is_some_and(|p| p >= self.config.engage_p_hit);
        out.unconfirmed = above && !confirmed && !self.engage_all;
        out.above_in_a_row = if above { above_before + 1 } else { 0 };
        if self.engage_all && out.threatened.is_none() {
            let at = out.impact.map_or(state.position, |(_, g)| g.to_ecef());
            out.threatened = self.nearest_asset(&at);
        }
        // Only threatening tracks are planned on.
        if out.threatened.is_none() {
            out.path.release();
        }
        // Priority: the value expected to be lost over the time left to stop it. Where no
        // probability was computed (air-breathing tracks, and the margin's fallback), the
        // threatened asset's whole value is at risk.
        out.priority = match (out.threatened, out.impact) {
            (Some(a), Some((t, _))) => {
                let to_go = (t - track.time).as_seconds().max(1.0);
                out.value_at_risk.unwrap_or(self.assets[a.index()].value) / to_go
            }
            _ => 0.0,
        };
    }

    /// Record what `impact` puts at risk in `out`, and return the asset it threatens:
    /// the one most likely hit, when P(hit) reaches `engage_p_hit` and enough
    /// assessments in a row have (`confirmed`, see `engage_confirmations`).
    fn score(
        &self,
        impact: &ImpactPrediction,
        confirmed: bool,
        out: &mut TrackAssessment,
    ) -> Option<AssetId> {
        let risk = self.risk(impact);
        out.impact_ellipse = Some(impact.ellipse());
        out.p_hit = Some(risk.p_hit);
        out.value_at_risk = Some(risk.value_at_risk);
        (risk.p_hit >= self.config.engage_p_hit && confirmed)
            .then_some(risk.most_likely)
            .flatten()
    }

    /// The asset whose area lies nearest `p` (the lowest id among equals).
    fn nearest_asset(&self, p: &Position<tdome_core::Ecef>) -> Option<AssetId> {
        self.assets
            .iter()
            .map(|a| (a.area.distance_outside_m(p), a.id))
            .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)))
            .map(|(_, id)| id)
    }

    /// The impact with its covariance. The mean state is flown to the ground at the
    /// sigma points' step; when the last covariance is younger than its refresh interval
    /// (a tenth of the time to go, 2–10 s), it is moved to that landing, else the
    /// unscented transform makes it afresh (its central point is the same flight).
    fn impact_with_covariance(
        &self,
        track: &TrackEstimate,
        basis: &Flight,
        out: &mut TrackAssessment,
        refreshes_left: &mut u32,
    ) -> Option<ImpactPrediction> {
        let step = self
            .config
            .prediction_step_s
            .max(impact::SIGMA_POINT_STEP_S);
        let spread = basis.velocity_spread(track);
        if let Some(CachedImpact {
            made,
            prediction: last,
            drag: kind,
            velocity_spread,
        }) = out.covariance_from
        {
            let landing = coast(
                &basis.state,
                basis.drag,
                step,
                self.config.prediction_horizon_s,
                |_, _| {},
            )?;
            let time = track.time + SimDuration::from_seconds(landing.time_s);
            let refresh = covariance_refresh_s(landing.time_s);
            let ratio = spread / velocity_spread;
            let same_basis = std::mem::discriminant(&kind) == std::mem::discriminant(&basis.impact)
                && (1.0 / COVARIANCE_REFRESH_SPREAD_RATIO..=COVARIANCE_REFRESH_SPREAD_RATIO)
                    .contains(&ratio);
            let age = (track.time - made).as_seconds();
            // A refresh that is only due by age waits for the next re-assessment when
            // this cycle's budget is spent, unless it is a whole interval late.
            let deferred = *refreshes_left == 0 && age < 2.0 * refresh;
            if same_basis && (age < refresh || deferred) {
                return Some(ImpactPrediction {
                    time,
                    point: landing.point,
                    centre: (time, landing.point),
                    ..last
                });
            }
        }
        let fresh = predict_impact(track, basis.impact, step, self.config.prediction_horizon_s);
        *refreshes_left = refreshes_left.saturating_sub(1);
        let first = out.covariance_from.is_none();
        out.covariance_from = fresh.map(|prediction| CachedImpact {
            made: if first {
                let interval = covariance_refresh_s((prediction.time - track.time).as_seconds());
                track.time - SimDuration::from_seconds(interval * first_refresh_phase(track.track))
            } else {
                track.time
            },
            prediction,
            drag: basis.impact,
            velocity_spread: spread,
        });
        fresh
    }

    /// The estimate a ballistic track is flown to the ground from.
    ///
    /// Once the IMM is sure of ballistic flight (its ballistic model's probability at
    /// least `ballistic_mode_probability`), that model's own estimate: the prediction
    /// assumes ballistic flight to the ground, and the estimate made under the same
    /// assumption is both closer and honestly tighter than the mixture, whose covariance
    /// keeps the level-flight models' spread (docs/assessment.md, "Consistency"); its 1/β
    /// comes with its correlation to the velocity. Before then, the mixture, with the
    /// ballistic model's 1/β (taken as independent) once it has a positive one, else the
    /// assumed drag, as certain.
    fn flight(&self, track: &TrackEstimate) -> Flight {
        let mixture = EcefState {
            position: track.position,
            velocity: track.velocity,
        };
        let assumed = Flight {
            state: mixture,
            drag: self.config.ballistic_drag(),
            impact: ImpactDrag::Known(self.config.ballistic_drag()),
        };
        let Some(b) = track.ballistic.as_ref() else {
            return assumed;
        };
        let coefficient = b.coefficient();
        if !(coefficient.inverse_mean > 0.0 && coefficient.inverse_sigma.is_finite()) {
            return assumed;
        }
        let drag = CoastDrag::BallisticCoefficient(1.0 / coefficient.inverse_mean);
        if track.modes.ballistic >= self.config.ballistic_mode_probability {
            let m = &b.mean;
            Flight {
                state: EcefState {
                    position: Position::from_metres(m[0], m[1], m[2]),
                    velocity: tdome_core::Velocity::from_mps(m[3], m[4], m[5]),
                },
                drag,
                impact: ImpactDrag::BallisticModel,
            }
        } else {
            Flight {
                state: mixture,
                drag,
                impact: ImpactDrag::Estimated {
                    inverse_mean: coefficient.inverse_mean,
                    inverse_sigma: coefficient.inverse_sigma,
                },
            }
        }
    }

    /// The probability that `impact` falls inside each defended asset, summed (the areas
    /// are taken not to overlap; where they do, the sum counts the overlap twice and is
    /// capped at 1), the value at risk, and the asset most likely hit.
    /// An asset on raised ground (`ground_height`) is scored on the impact moved back
    /// along the descent to its height ([`ImpactPrediction::on_ground`]).
    fn risk(&self, impact: &ImpactPrediction) -> Risk {
        let centre = impact.point.to_ecef();
        let frame = EnuFrame::at(impact.point);
        let sigma = impact.ellipse().sigma_major_m;
        let mut risk = Risk {
            p_hit: 0.0,
            value_at_risk: 0.0,
            most_likely: None,
        };
        let mut best = 0.0;
        for asset in &self.assets {
            let height = asset.ground_height.si();
            let raised;
            let (impact, frame, centre) = if height == 0.0 {
                (impact, frame, centre)
            } else {
                // A body not descending (the prediction landed it, so hardly ever)
                // is scored on the ellipsoid.
                raised = impact.on_ground(height).unwrap_or(*impact);
                (&raised, EnuFrame::at(raised.point), raised.point.to_ecef())
            };
            // Beyond nine standard deviations the probability is below 1e-18.
            if asset.area.distance_outside_m(&centre) > 9.0 * sigma {
                continue;
            }
            let Some(p) = probability_in_area(impact, &frame, &asset.area) else {
                continue;
            };
            risk.p_hit += p;
            risk.value_at_risk += p * asset.value;
            if p > best {
                best = p;
                risk.most_likely = Some(asset.id);
            }
        }
        risk.p_hit = risk.p_hit.min(1.0);
        risk
    }

    /// The track's state predicted to `at` with the model its category calls for:
    /// ballistic flight (gravity and the assumed drag) or a straight course at constant
    /// velocity.
    pub fn predict(&self, track: &TrackEstimate, at: SimTime) -> Result<EcefState, NoPrediction> {
        let category = self
            .get(track.track)
            .ok_or(NoPrediction::Unassessed)?
            .category;
        let dt = (at - track.time).as_seconds();
        if dt < 0.0 {
            return Err(NoPrediction::Past);
        }
        let mixture = EcefState {
            position: track.position,
            velocity: track.velocity,
        };
        match category {
            TargetCategory::AirBreathing => Ok(EcefState {
                position: mixture.position + mixture.velocity.over_seconds(dt),
                velocity: mixture.velocity,
            }),
            TargetCategory::Ballistic => {
                let Flight {
                    state: start, drag, ..
                } = self.flight(track);
                if dt == 0.0 {
                    return Ok(start);
                }
                // Whole steps no longer than the prediction step, ending exactly at `at`.
                let n = (dt / self.config.prediction_step_s).ceil().max(1.0);
                let step = dt / n;
                let mut last = start;
                match coast(&start, drag, step, dt, |_, s| last = *s) {
                    None => Ok(last),
                    Some(_) => Err(NoPrediction::LandsFirst),
                }
            }
        }
    }

    /// Propagate with the shared ballistic model to the ground; the asset whose area
    /// holds the impact point is threatened.
    fn predict_ballistic(
        &self,
        t0: SimTime,
        state: &EcefState,
        drag: CoastDrag,
        path: &mut PredictedPath,
    ) -> Option<(SimTime, Geodetic, Option<AssetId>)> {
        let step = self.config.prediction_step_s;
        let impact = coast(
            state,
            drag,
            step,
            self.config.prediction_horizon_s,
            |t, s| {
                // Keep whole steps only: the ground crossing is visited too, and belongs at
                // the path's exact end, not on the step grid.
                if ((t / step).round() * step - t).abs() <= 1e-9 * step.max(t) {
                    path.push(*s)
                }
            },
        )?;
        let t = t0 + SimDuration::from_seconds(impact.time_s);
        path.finish(t, impact.state);
        let asset = self.asset_threatened_by(&impact.state.position);
        Some((t, impact.point, asset))
    }

    /// Extrapolate the course at constant height and ground velocity. The asset it
    /// threatens is the one it most likely passes over ([`course`]), when the
    /// probability that it passes over some asset reaches `engage_p_hit` and enough
    /// assessments in a row have (`confirmed`); the path ends
    /// where the mean course enters that asset, or abreast of it. A track that threatens
    /// nothing keeps, for the record, the first area its mean course enters.
    fn predict_air_breathing(
        &self,
        track: &TrackEstimate,
        state: &EcefState,
        confirmed: bool,
        path: &mut PredictedPath,
    ) -> (Option<(SimTime, Geodetic, Option<AssetId>)>, Risk) {
        let t0 = track.time;
        let here = Geodetic::from_ecef(&state.position);
        let frame = EnuFrame::at(here);
        let v = frame.velocity_to_enu(&state.velocity);
        let v_h = Vector3::new(v.mps().x, v.mps().y, 0.0);
        let horizon = self.config.prediction_horizon_s;
        // The horizontal position–velocity covariance in the local frame.
        let rot = frame.rotation_ecef_to_enu();
        let block = |r: usize, c: usize| {
            let b = rot * track.covariance.fixed_view::<3, 3>(r, c) * rot.transpose();
            b.fixed_view::<2, 2>(0, 0).into_owned()
        };
        let ground = course::GroundTrack {
            velocity: nalgebra::Vector2::new(v_h.x, v_h.y),
            p_pp: block(0, 0),
            p_pv: block(0, 3),
            p_vv: block(3, 3),
        };
        let mut risk = Risk {
            p_hit: 0.0,
            value_at_risk: 0.0,
            most_likely: None,
        };
        let mut best: Option<course::Approach> = None;
        for asset in &self.assets {
            let Some(a) = course::approach(&frame, &ground, asset, horizon) else {
                continue;
            };
            risk.p_hit += a.p_hit;
            risk.value_at_risk += a.p_hit * asset.value;
            if a.p_hit > 0.0 && best.is_none_or(|b| a.p_hit > b.p_hit) {
                best = Some(a);
            }
        }
        risk.p_hit = risk.p_hit.min(1.0);
        risk.most_likely = best.map(|b| b.asset);
        let target = best.filter(|_| risk.p_hit >= self.config.engage_p_hit && confirmed);
        let entry =
            |id: AssetId| ray_entry_time(&self.assets[id.index()].area, &frame, &v_h, horizon);
        let end = match target {
            Some(a) => Some((entry(a.asset).unwrap_or(a.time_s), Some(a.asset))),
            // Not threatening: the first area the mean course enters, for the record.
            None => self
                .assets
                .iter()
                .filter_map(|asset| entry(asset.id).map(|t| (t, asset.id)))
                .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)))
                .map(|(t, _)| (t, None)),
        };
        let end_s = end.map_or(horizon, |(t, _)| t);
        let step = path.step_s();
        // Constant height over the curved Earth: the tangent-plane point dropped by the
        // curvature, d²/2R (280 m at 60 km), so low cruise missiles stay low.
        // The velocity is the path's own derivative (the drop's included), so that the
        // path's Hermite interpolation between samples is exact.
        let at = |t: f64| {
            let d = v_h * t;
            let drop = d.norm_squared() / (2.0 * WGS84_A);
            let p = frame.to_ecef(&Position::from_metres(d.x, d.y, -drop));
            let sink = d.dot(&v_h) / WGS84_A;
            EcefState {
                position: p,
                velocity: frame.velocity_to_ecef(&tdome_core::Velocity::from_vector(Vector3::new(
                    v_h.x, v_h.y, -sink,
                ))),
            }
        };
        let n = (end_s / step).floor() as usize;
        for k in 1..=n {
            path.push(at(k as f64 * step));
        }
        let Some((t_end, asset)) = end else {
            return (None, risk);
        };
        let point = at(t_end);
        let t = t0 + SimDuration::from_seconds(t_end);
        path.finish(t, point);
        (
            Some((
                t,
                Geodetic::from_ecef(&point.position).with_height(tdome_core::Length::ZERO),
                asset,
            )),
            risk,
        )
    }

    /// Where an air-breathing track in a steady dive meets the ground, with the
    /// uncertainty of that point; `None` when it is not diving.
    ///
    /// A loitering munition or a cruise missile ends its flight in a dive onto its
    /// target (the catalogue's drones from 1 km over their last 2 km). Its course, flown
    /// on at constant height, would pass over whatever lies beyond, and a drone diving
    /// on open ground short of a city would be taken for a threat to the city. The dive
    /// is recognised when the track descends at more than `DIVE_MIN_SLOPE` of its ground
    /// speed, by more than three standard deviations of its vertical speed, and the
    /// tracker's IMM no longer holds a manoeuvre (its acceleration model below one half:
    /// the pull-over into the dive is past, and a straight line now explains the
    /// track). The ground point is the straight line's; its covariance is the
    /// linearisation of p + v·h/(−v_up) over the track's position and velocity
    /// covariance (the time to the ground depends on the height and on the vertical
    /// speed).
    fn dive(&self, track: &TrackEstimate, state: &EcefState) -> Option<ImpactPrediction> {
        // The cheap tests first: nearly every air-breathing track is not diving.
        if track.modes.constant_acceleration >= 0.5 {
            return None;
        }
        let here = Geodetic::from_ecef(&state.position);
        let frame = EnuFrame::at(here);
        let v = *frame.velocity_to_enu(&state.velocity).mps();
        let (h, v_up) = (here.height_m(), v.z);
        if !(h > 0.0 && -v_up >= DIVE_MIN_SLOPE * v.x.hypot(v.y)) {
            return None;
        }
        let rot = frame.rotation_ecef_to_enu();
        let mut r6 = nalgebra::Matrix6::zeros();
        r6.fixed_view_mut::<3, 3>(0, 0).copy_from(rot);
        r6.fixed_view_mut::<3, 3>(3, 3).copy_from(rot);
        let p = r6 * track.covariance * r6.transpose();
        if v_up >= -3.0 * p[(5, 5)].max(0.0).sqrt() {
            return None;
        }
        let t_g = h / -v_up;
        if t_g > self.config.prediction_horizon_s {
            return None;
        }
        // ∂(ground point)/∂[e, n, u, v_e, v_n, v_u] and ∂t_g/∂[…].
        let mut j = nalgebra::SMatrix::<f64, 2, 6>::zeros();
        j[(0, 0)] = 1.0;
        j[(1, 1)] = 1.0;
        j[(0, 2)] = v.x / -v_up;
        j[(1, 2)] = v.y / -v_up;
        j[(0, 3)] = t_g;
        j[(1, 4)] = t_g;
        j[(0, 5)] = v.x * h / (v_up * v_up);
        j[(1, 5)] = v.y * h / (v_up * v_up);
        let mut jt = nalgebra::SMatrix::<f64, 1, 6>::zeros();
        jt[(0, 2)] = 1.0 / -v_up;
        jt[(0, 5)] = h / (v_up * v_up);
        let covariance = j * p * j.transpose();
        let time_sigma_s = (jt * p * jt.transpose())[(0, 0)].max(0.0).sqrt();
        let point =
            Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(v.x * t_g, v.y * t_g, -h)))
                .with_height(tdome_core::Length::ZERO);
        let time = track.time + SimDuration::from_seconds(t_g);
        Some(ImpactPrediction {
            time,
            time_sigma_s,
            point,
            covariance_en_m2: 0.5 * (covariance + covariance.transpose()),
            centre: (time, point),
            descent: (v, Vector3::zeros()),
        })
    }

    /// The asset a predicted impact at `p` threatens: one whose area holds it (the most
    /// valuable, where areas overlap), else the nearest within the margin.
    fn asset_threatened_by(&self, p: &Position<tdome_core::Ecef>) -> Option<AssetId> {
        let margin = self.config.defended_area_margin_m;
        self.assets
            .iter()
            .map(|a| (a.area.distance_outside_m(p), a))
            .filter(|(d, _)| *d <= margin)
            .min_by(|(da, a), (db, b)| {
                // Inside (distance 0) beats near; among those inside, value decides.
                da.total_cmp(db)
                    .then(b.value.total_cmp(&a.value))
                    .then(a.id.cmp(&b.id))
            })
            .map(|(_, a)| a.id)
    }
}

/// What a ballistic track is flown to the ground from: the mean state and drag of its
/// predicted path, and how the impact prediction takes its uncertainty.
#[derive(Clone, Copy, Debug)]
struct Flight {
    state: EcefState,
    drag: CoastDrag,
    impact: ImpactDrag,
}

impl Flight {
    /// The trace of the velocity covariance of the estimate flown, (m/s)².
    fn velocity_spread(&self, track: &TrackEstimate) -> f64 {
        match (&self.impact, &track.ballistic) {
            (ImpactDrag::BallisticModel, Some(b)) => b.covariance.fixed_view::<3, 3>(3, 3).trace(),
            _ => track.covariance.fixed_view::<3, 3>(3, 3).trace(),
        }
    }
}

/// An impact prediction with covariance kept for re-use, and what it was made from.
#[derive(Clone, Copy, Debug)]
struct CachedImpact {
    /// The track time its age counts from: when it was made, or for a track's first,
    /// up to one refresh interval before ([`first_refresh_phase`]).
    made: SimTime,
    prediction: ImpactPrediction,
    /// The estimate it flew.
    drag: ImpactDrag,
    /// [`Flight::velocity_spread`] then.
    velocity_spread: f64,
}

/// What an impact Gaussian puts at risk.
struct Risk {
    /// P(hits some asset).
    p_hit: f64,
    /// Σ value × P(hit).
    value_at_risk: f64,
    /// The asset with the largest probability, if any is above zero.
    most_likely: Option<AssetId>,
}

/// P(impact inside `area`): the impact Gaussian, held in the local plane at its mean
/// (`frame`), carried into the area's own plane (a rotation between two tangent planes,
/// a fraction of a degree apart at tens of kilometres), and integrated over its polygon.
fn probability_in_area(
    impact: &ImpactPrediction,
    frame: &EnuFrame,
    area: &GeoPolygon,
) -> Option<f64> {
    let plane = area.plane_frame();
    let mean = plane.to_enu(&frame.origin_ecef());
    let rotation = plane.rotation_ecef_to_enu() * frame.rotation_ecef_to_enu().transpose();
    let r2 = rotation.fixed_view::<2, 2>(0, 0).into_owned();
    let covariance = r2 * impact.covariance_en_m2 * r2.transpose();
    probability::probability_inside(
        &nalgebra::Vector2::new(mean.metres().x, mean.metres().y),
        &covariance,
        area.plane_vertices(),
    )
}

/// Ballistic when it is clearly not slow, low and level: above the air-breathing
/// ceiling, or faster, or climbing or diving faster, than an air-breathing target would,
/// by more than three standard deviations of the estimate (`sigma_height_m`, and
/// `cov_enu`, the velocity covariance in the local frame). Since ballistic is then
/// latched for good, the evidence must be clear; until it is, a track is treated as
/// air-breathing.
/// The standard deviation of the speed of a velocity `v` with covariance `cov` (along
/// `v`, to first order; the whole spread where `v` is zero).
fn speed_sigma(v: &Vector3<f64>, cov: &nalgebra::Matrix3<f64>) -> f64 {
    let speed = v.norm();
    if speed > 0.0 {
        (v.transpose() * cov * v)[(0, 0)].max(0.0).sqrt() / speed
    } else {
        cov.trace().max(0.0).sqrt()
    }
}

fn classify(
    config: &AssessmentConfig,
    (height_m, sigma_height_m): (f64, f64),
    v_enu: &Vector3<f64>,
    cov_enu: &nalgebra::Matrix3<f64>,
) -> TargetCategory {
    let speed = v_enu.norm();
    let sigma_speed = speed_sigma(v_enu, cov_enu);
    let sigma_vz = cov_enu[(2, 2)].max(0.0).sqrt();
    // Three standard deviations: with dozens of drones each judged once, a looser test
    // would latch a few of them ballistic on noise alone.
    let clearly_fast = speed - 3.0 * sigma_speed > config.air_breathing_max_speed_mps;
    let clearly_high = height_m - 3.0 * sigma_height_m > config.air_breathing_max_altitude_m;
    let clearly_steep =
        v_enu.z.abs() - 3.0 * sigma_vz > config.air_breathing_max_vertical_speed_mps;
    if clearly_fast || clearly_high || clearly_steep {
        TargetCategory::Ballistic
    } else {
        TargetCategory::AirBreathing
    }
}

/// The earliest time in [0, horizon] at which the ground track starting at `frame`'s
/// origin with horizontal ENU velocity `v` is inside `area`, working in the area's own
/// plane.
fn ray_entry_time(
    area: &GeoPolygon,
    frame: &EnuFrame,
    v: &Vector3<f64>,
    horizon: f64,
) -> Option<f64> {
    let plane = area.plane_frame();
    let p0 = plane.to_enu(&frame.origin_ecef());
    let dir = plane.displacement_to_enu(
        &frame.displacement_to_ecef(&tdome_core::Displacement::from_vector(*v)),
    );
    let (x0, y0) = (p0.metres().x, p0.metres().y);
    let (dx, dy) = (dir.metres().x, dir.metres().y);
    if area.contains_ecef(&frame.origin_ecef()) {
        return Some(0.0);
    }
    let verts = area.plane_vertices();
    let n = verts.len();
    let mut best: Option<f64> = None;
    for i in 0..n {
        let (ax, ay) = verts[i];
        let (bx, by) = verts[(i + 1) % n];
        let (ex, ey) = (bx - ax, by - ay);
        let denom = dx * ey - dy * ex;
        if denom.abs() < 1e-12 {
            continue;
        }
        // Solve p0 + t·d = a + s·e for t (time) and s (edge parameter).
        let t = ((ax - x0) * ey - (ay - y0) * ex) / denom;
        let s = ((ax - x0) * dy - (ay - y0) * dx) / denom;
        if (0.0..=1.0).contains(&s) && t >= 0.0 && t <= horizon && best.is_none_or(|b| t < b) {
            best = Some(t);
        }
    }
    best
}

/// Helpers shared by the assessment's unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use tdome_core::area::GeoPolygon;
    use tdome_core::defence::DefendedAsset;
    use tdome_core::ids::AssetId;
    use tdome_core::{EnuFrame, Geodetic, Position};

    /// A square town `half_m` from its centre to each side, centred `east_m` east and
    /// `north_m` north of `origin`, on ground `ground_height_m` above the ellipsoid.
    pub(crate) fn square_town(
        origin: Geodetic,
        (east_m, north_m): (f64, f64),
        half_m: f64,
        ground_height_m: f64,
    ) -> DefendedAsset {
        let frame = EnuFrame::at(origin);
        let corner = |e: f64, n: f64| {
            Geodetic::from_ecef(&frame.to_ecef(&Position::from_metres(
                east_m + e,
                north_m + n,
                0.0,
            )))
        };
        DefendedAsset {
            id: AssetId(0),
            name: "town".into(),
            value: 10.0,
            area: GeoPolygon::new(vec![
                corner(-half_m, -half_m),
                corner(half_m, -half_m),
                corner(half_m, half_m),
                corner(-half_m, half_m),
            ])
            .expect("a square"),
            ground_height: tdome_core::Length::metres(ground_height_m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tdome_core::picture::{ModeProbabilities, TrackStatus};
    use tdome_core::{Length, Velocity};

    /// A confirmed track 1.5 km up over the Gaza envelope, flying east at `speed_mps`
    /// and descending at 20 m/s (too slow, low and shallow for the kinematic test), with
    /// the tracker's ballistic model at probability `p_ballistic`.
    fn estimate(time_s: f64, speed_mps: f64, p_ballistic: f64) -> TrackEstimate {
        let here = Geodetic::from_degrees(31.45, 34.45, 0.0).with_height(Length::metres(1_500.0));
        let frame = EnuFrame::at(here);
        let mut covariance = nalgebra::Matrix6::identity() * 100.0;
        for k in 3..6 {
            covariance[(k, k)] = 4.0;
        }
        TrackEstimate {
            time: SimTime::from_seconds(time_s),
            track: TrackId(7),
            status: TrackStatus::Confirmed,
            position: here.to_ecef(),
            velocity: frame.velocity_to_ecef(&Velocity::from_mps(speed_mps, 0.0, -20.0)),
            covariance,
            first_plot: SimTime::from_seconds(0.0),
            last_plot: SimTime::from_seconds(time_s),
            hits: 10,
            update_interval_s: Some(1.0),
            lagging: false,
            modes: ModeProbabilities {
                constant_velocity: 1.0 - p_ballistic,
                constant_acceleration: 0.0,
                ballistic: p_ballistic,
            },
            ballistic: None,
            quality: 1.0,
        }
    }

    /// Set `e`'s velocity to (east, north, up) m/s in the local frame at its position.
    fn set_enu_velocity(e: &mut TrackEstimate, (east, north, up): (f64, f64, f64)) {
        let here = Geodetic::from_ecef(&e.position);
        e.velocity = EnuFrame::at(here).velocity_to_ecef(&Velocity::from_mps(east, north, up));
    }

    /// The categories a track is given over successive re-assessments of `estimates`.
    fn categories(estimates: &[TrackEstimate]) -> Vec<TargetCategory> {
        let mut assessor = Assessor::new(AssessmentConfig::default(), Vec::new());
        let mut refreshed = Vec::new();
        estimates
            .iter()
            .map(|e| {
                let mut picture = AirPicture::default();
                picture.upsert(e.clone());
                assessor.update(&picture, &mut refreshed);
                assessor.get(e.track).expect("assessed").category
            })
            .collect()
    }

    #[test]
    fn the_ballistic_model_s_verdict_on_two_assessments_makes_a_track_ballistic() {
        use TargetCategory::{AirBreathing as Air, Ballistic};
        // A short-range rocket: 250 m/s, the ballistic model at 0.9 on every look.
        let rocket: Vec<_> = (0..3)
            .map(|k| estimate(10.0 + 2.0 * k as f64, 250.0, 0.9))
            .collect();
        assert_eq!(categories(&rocket), [Air, Ballistic, Ballistic]);
        // One look's verdict alone is not enough.
        let once = [
            estimate(10.0, 250.0, 0.9),
            estimate(12.0, 250.0, 0.2),
            estimate(14.0, 250.0, 0.9),
        ];
        assert_eq!(categories(&once), [Air, Air, Air]);
        // A drone at 50 m/s is never judged ballistic on the model's verdict.
        let drone: Vec<_> = (0..3)
            .map(|k| estimate(10.0 + 2.0 * k as f64, 50.0, 0.95))
            .collect();
        assert_eq!(categories(&drone), [Air, Air, Air]);
        // Nor is a cruise missile in level flight at 250 m/s, though the model's
        // verdict is 0.95 on every look; at 0.995 it would be.
        let level: Vec<_> = (0..3)
            .map(|k| {
                let mut e = estimate(10.0 + 2.0 * k as f64, 250.0, 0.95);
                set_enu_velocity(&mut e, (250.0, 0.0, 0.0));
                e
            })
            .collect();
        assert_eq!(categories(&level), [Air, Air, Air]);
        let sure: Vec<_> = level
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.modes.ballistic = 0.995;
                e.modes.constant_velocity = 0.005;
                e
            })
            .collect();
        assert_eq!(categories(&sure), [Air, Ballistic, Ballistic]);
        // Or climbing at 2.3°, but by less than three standard deviations of its vertical
        // speed (4 m/s); known to 1 m/s, the same climb is believed.
        let climbing = |sigma_mps: f64| -> Vec<_> {
            level
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    set_enu_velocity(&mut e, (250.0, 0.0, 10.0));
                    for k in 3..6 {
                        e.covariance[(k, k)] = sigma_mps * sigma_mps;
                    }
                    e
                })
                .collect()
        };
        assert_eq!(categories(&climbing(4.0)), [Air, Air, Air]);
        assert_eq!(categories(&climbing(1.0)), [Air, Ballistic, Ballistic]);
    }

    #[test]
    fn a_wild_young_track_s_ballistic_verdict_is_withdrawn_once_it_is_clearly_slow() {
        use TargetCategory::{AirBreathing as Air, Ballistic};
        // A drone's young track at 700 m/s (clearly faster than anything air-breathing),
        // then its true 45 m/s, level, known to 2 m/s, the ballistic model at 0.1.
        let mut track: Vec<_> = (0..4)
            .map(|k| estimate(10.0 + 2.0 * k as f64, 45.0, 0.1))
            .collect();
        set_enu_velocity(&mut track[0], (700.0, 0.0, -20.0));
        assert_eq!(categories(&track), [Ballistic, Ballistic, Air, Air]);
        // A rocket slowing below the floor for one assessment only stays ballistic, and
        // so does one the ballistic model still holds.
        let mut once = track.clone();
        once[2].velocity = track[0].velocity;
        assert_eq!(
            categories(&once),
            [Ballistic, Ballistic, Ballistic, Ballistic]
        );
        let mut held: Vec<_> = track
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.modes.ballistic = 0.9;
                e.modes.constant_velocity = 0.1;
                e
            })
            .collect();
        held[0].velocity = track[0].velocity;
        assert_eq!(categories(&held), [Ballistic; 4]);
    }

    /// A town 2 km square centred `east_km` east of the test track's position.
    fn town_ahead(east_km: f64) -> DefendedAsset {
        let here = Geodetic::from_degrees(31.45, 34.45, 0.0);
        testing::square_town(here, (east_km * 1e3, 0.0), 1_000.0, 0.0)
    }

    #[test]
    fn the_engagement_threshold_is_confirmed_by_assessments_in_a_row() {
        // A drone flying straight at a town 4 km ahead: P(hit) near 1 on every look. With
        // `engage_confirmations` = N the first N − 1 assessments hold it as unconfirmed
        // and the N-th engages; with engage_all the first already does.
        let looks: Vec<_> = (0..4)
            .map(|k| {
                let mut e = estimate(10.0 + 2.0 * k as f64, 50.0, 0.0);
                // Level: a descent would be a dive onto the ground short of the town.
                set_enu_velocity(&mut e, (50.0, 0.0, 0.0));
                e
            })
            .collect();
        let engaged = (
            Some(AssetId(0)),
            Decision::Hold(HoldReason::NoFeasibleShooter),
        );
        let waiting = (None, Decision::Hold(HoldReason::Unconfirmed));
        for (confirmations, engage_all, expected) in [
            (2, false, [waiting, engaged, engaged, engaged]),
            (2, true, [engaged; 4]),
            (1, false, [engaged; 4]),
            (3, false, [waiting, waiting, engaged, engaged]),
        ] {
            let config = AssessmentConfig {
                engage_confirmations: confirmations,
                ..AssessmentConfig::default()
            };
            let mut assessor =
                Assessor::new(config, vec![town_ahead(4.0)]).engaging_all(engage_all);
            let mut refreshed = Vec::new();
            let decisions: Vec<_> = looks
                .iter()
                .map(|e| {
                    let mut picture = AirPicture::default();
                    picture.upsert(e.clone());
                    assessor.update(&picture, &mut refreshed);
                    let a = assessor.get(e.track).expect("assessed");
                    assert!(a.p_hit.expect("computed") > 0.99);
                    (a.threatened, a.default_hold())
                })
                .collect();
            assert_eq!(
                decisions, expected,
                "engage_confirmations = {confirmations}, engage_all = {engage_all}"
            );
        }
    }

    #[test]
    fn a_category_change_restarts_the_confirmation() {
        // A rocket judged air-breathing (its course over the town) on its first look,
        // then ballistic on the model's verdict twice: the ballistic prediction's first
        // P(hit) is not confirmed by the course's.
        let looks: Vec<_> = (0..3)
            .map(|k| estimate(10.0 + 2.0 * k as f64, 250.0, 0.9))
            .collect();
        let mut assessor = Assessor::new(AssessmentConfig::default(), vec![town_ahead(3.0)]);
        let mut refreshed = Vec::new();
        let mut seen = Vec::new();
        for e in &looks {
            let mut picture = AirPicture::default();
            picture.upsert(e.clone());
            assessor.update(&picture, &mut refreshed);
            let a = assessor.get(e.track).expect("assessed");
            seen.push((
                a.category,
                a.p_hit.is_some_and(|p| p >= 0.05),
                a.default_hold(),
            ));
        }
        let air = TargetCategory::AirBreathing;
        let ballistic = TargetCategory::Ballistic;
        let unconfirmed = Decision::Hold(HoldReason::Unconfirmed);
        let engaged = Decision::Hold(HoldReason::NoFeasibleShooter);
        assert_eq!(
            seen,
            [
                (air, true, unconfirmed),
                (ballistic, true, unconfirmed),
                (ballistic, true, engaged)
            ]
        );
    }

    #[test]
    fn an_asset_on_raised_ground_is_scored_where_the_descent_meets_it() {
        // A town 400 m across, centred where the rocket's arc passes 500 m up, 700 m
        // short of where it meets the ellipsoid: on its 500 m hill it is hit, on the
        // ellipsoid it is not.
        // A rocket 8 km up, 600 m/s east and 250 m/s down.
        let mut track = estimate(50.0, 600.0, 0.0);
        let here = Geodetic::from_degrees(31.45, 34.40, 0.0).with_height(Length::metres(8_000.0));
        track.position = here.to_ecef();
        track.velocity =
            EnuFrame::at(here).velocity_to_ecef(&Velocity::from_mps(600.0, 0.0, -250.0));
        let config = AssessmentConfig::default();
        let flat = predict_impact(
            &track,
            ImpactDrag::Known(config.ballistic_drag()),
            impact::SIGMA_POINT_STEP_S,
            config.prediction_horizon_s,
        )
        .expect("lands");
        let on_hill = flat.on_ground(500.0).expect("descending").point;
        let p_hit = |height_m: f64| {
            let town = testing::square_town(on_hill, (0.0, 0.0), 200.0, height_m);
            let mut assessor = Assessor::new(config.clone(), vec![town]);
            let mut picture = AirPicture::default();
            picture.upsert(track.clone());
            assessor.update(&picture, &mut Vec::new());
            let a = assessor.get(track.track).expect("assessed");
            assert_eq!(a.category, TargetCategory::Ballistic);
            a.p_hit.expect("computed")
        };
        let (hill, flat_ground) = (p_hit(500.0), p_hit(0.0));
        println!("P(hit) on the hill {hill:.3}, on the ellipsoid {flat_ground:.2e}");
        assert!(hill > 0.5, "{hill}");
        assert!(
            flat_ground < 0.05 && hill > 20.0 * flat_ground,
            "{flat_ground}"
        );
    }

    #[test]
    fn a_steady_dive_is_scored_where_it_meets_the_ground() {
        // A drone 1.5 km up at 50 m/s east, diving at 30 m/s (31°): it meets the ground
        // 2.5 km ahead. A town 5-7 km ahead lies under its course but beyond its dive;
        // one 1.5-3.5 km ahead takes the dive.
        let diving = |time_s: f64, p_acceleration: f64| {
            let mut e = estimate(time_s, 50.0, 0.0);
            set_enu_velocity(&mut e, (50.0, 0.0, -30.0));
            e.modes.constant_acceleration = p_acceleration;
            e.modes.constant_velocity = 1.0 - p_acceleration;
            e
        };
        let looks = |p_acceleration: f64, east_km: f64| {
            let mut assessor =
                Assessor::new(AssessmentConfig::default(), vec![town_ahead(east_km)]);
            (0..3)
                .map(|k| {
                    let e = diving(10.0 + 2.0 * k as f64, p_acceleration);
                    let mut picture = AirPicture::default();
                    picture.upsert(e.clone());
                    assessor.update(&picture, &mut Vec::new());
                    let a = assessor.get(e.track).expect("assessed");
                    (a.p_hit.expect("computed"), a.impact_ellipse.is_some())
                })
                .collect::<Vec<_>>()
        };
        // Beyond the dive: the course's verdict on the first look, the dive's after.
        let beyond = looks(0.0, 6.0);
        println!("town beyond the dive: {beyond:?}");
        assert!(beyond[0].0 > 0.99 && !beyond[0].1);
        assert!(beyond[1].0 < 1e-6 && beyond[1].1, "{beyond:?}");
        assert!(beyond[2].0 < 1e-6);
        // On the dive's ground point.
        let under = looks(0.0, 2.5);
        assert!(under.iter().all(|(p, _)| *p > 0.99), "{under:?}");
        // Still pulling over (the IMM's acceleration model at 0.8): not yet a dive.
        let pulling = looks(0.8, 6.0);
        assert!(pulling.iter().all(|(p, e)| *p > 0.99 && !e), "{pulling:?}");
    }

    /// `salvo` rockets born in the same scan, 12 km up at 600 m/s and descending at
    /// 100 m/s (a refresh interval of 4-6 s), 300 m apart, each re-assessed every 2 s
    /// for `rounds` rounds: per round, the tracks with an impact covariance and the ids
    /// of those whose covariance was made afresh that round.
    fn salvo_refreshes(salvo: u32, rounds: u32) -> Vec<(usize, Vec<TrackId>)> {
        let origin = Geodetic::from_degrees(31.45, 34.45, 0.0).with_height(Length::metres(12e3));
        let frame = EnuFrame::at(origin);
        let start = |id: u32| {
            let mut e = estimate(0.0, 600.0, 0.95);
            e.track = TrackId(id);
            e.position = frame.to_ecef(&Position::from_metres(0.0, 300.0 * f64::from(id), 0.0));
            e.velocity = frame.velocity_to_ecef(&Velocity::from_mps(600.0, 0.0, -100.0));
            e
        };
        let mut assessor = Assessor::new(AssessmentConfig::default(), Vec::new());
        (0..rounds)
            .map(|round| {
                let t = 2.0 * f64::from(round);
                let mut picture = AirPicture::default();
                picture.replace_all((0..salvo).map(|id| {
                    let mut e = start(id);
                    e.position += e.velocity.over_seconds(t);
                    e.time = SimTime::from_seconds(t);
                    e.last_plot = e.time;
                    e
                }));
                assessor.update(&picture, &mut Vec::new());
                let current = assessor.current();
                let with = current
                    .iter()
                    .filter(|a| a.covariance_from.is_some())
                    .count();
                let fresh = current
                    .iter()
                    .filter(|a| a.covariance_from.is_some_and(|c| c.made == a.based_on))
                    .map(|a| a.track)
                    .collect();
                (with, fresh)
            })
            .collect()
    }

    #[test]
    fn a_salvo_s_covariance_refreshes_are_spread_over_cycles() {
        // Counted from their common birth, every covariance fell due in the same rounds
        // (all 40, then none); the first refresh's phase spreads them.
        const SALVO: u32 = 40;
        let per_round: Vec<_> = salvo_refreshes(SALVO, 10)
            .into_iter()
            .map(|(with, fresh)| (with, fresh.len()))
            .collect();
        println!("(tracks with a covariance, refreshed) per round: {per_round:?}");
        // Every track is flown with its covariance, some refreshed in every round
        // after the first, never most of the salvo at once.
        assert!(
            per_round.iter().all(|&(b, _)| b == SALVO as usize),
            "{per_round:?}"
        );
        assert!(
            per_round[1..]
                .iter()
                .all(|&(_, r)| (1..=SALVO as usize / 2).contains(&r)),
            "{per_round:?}"
        );
    }

    #[test]
    fn a_cycle_s_refreshes_by_age_are_capped_and_none_starves() {
        // 400 rockets born together, each due about every 4-6 s: some 160 refreshes a
        // round against a budget of 100. All are new in the first round (never
        // deferred); the next two make exactly the budget; later ones also make those
        // a whole interval late; and every track is refreshed within the rounds that
        // follow (none starves).
        const SALVO: u32 = 400;
        let rounds = salvo_refreshes(SALVO, 8);
        let counts: Vec<_> = rounds.iter().map(|(_, fresh)| fresh.len()).collect();
        println!("made afresh per round: {counts:?}");
        assert_eq!(rounds[0].0, SALVO as usize);
        let budget = COVARIANCE_REFRESHES_PER_CYCLE as usize;
        assert_eq!(&counts[1..3], &[budget, budget], "{counts:?}");
        assert!(counts[3..].iter().all(|&n| n >= budget), "{counts:?}");
        let mut seen = std::collections::BTreeSet::new();
        for (_, fresh) in &rounds[1..] {
            seen.extend(fresh.iter().copied());
        }
        assert_eq!(seen.len(), SALVO as usize, "{counts:?}");
    }
}
