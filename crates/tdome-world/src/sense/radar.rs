//! A scanning surveillance radar.
//!
//! The beam sweeps its azimuth coverage clockwise once per scan period, starting at the
//! sector start at `first_scan + k·period`. A target is illuminated when the beam passes
//! its azimuth; if it is inside the coverage volume and above the radar horizon, it is
//! detected with probability Pd, and the plot reports its range, azimuth and elevation
//! with independent Gaussian errors plus the radar's fixed bias, stamped with the
//! illumination time. False alarms arrive as a Poisson number per scan, uniform over the
//! coverage area. During a scheduled outage the radar makes no plots at all.
//!
//! Pd is either fixed, or from the radar equation and the target's RCS with Swerling
//! fluctuation ([`super::detection`]). Clutter maps are not modelled. Plot latency is
//! the engine's business: the plot is stamped with when it was seen, not delivered.

use std::sync::Arc;

use rand::Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};
use tdome_core::geodesy::{EnuFrame, RangeAzEl, WGS84_A};
use tdome_core::ids::ObjectId;
use tdome_core::plot::{CartesianToRangeAzimuthElevation, Plot};
use tdome_core::rng::{Purpose, Stream, stream};
use tdome_core::units::wrap_two_pi;
use tdome_core::{Angle, Ecef, Length, Position, SimDuration, SimTime, Speed};
use tdome_physics::EcefState;
use tdome_scenario::model::{Detection, SensorSpec};

use super::detection::DetectionModel;

/// Effective Earth radius factor for standard atmospheric refraction ("4/3 Earth").
const EFFECTIVE_EARTH_FACTOR: f64 = 4.0 / 3.0;

/// The angle at the centre of a sphere of radius `r` between a point `h` above it (floored
/// at 0) and the point where its line of sight grazes the sphere: arccos(r / (r + h)),
/// written as an arctangent to stay exact near h = 0.
fn tangent_angle(r: f64, h: f64) -> f64 {
    let h = h.max(0.0);
    ((h * (2.0 * r + h)).sqrt() / r).atan()
}

/// A target as a radar sees the world during one tick: its state at the tick's start and
/// end, and the interval during which it exists.
#[derive(Clone, Copy, Debug)]
pub struct TargetView {
    /// Which object.
    pub object: ObjectId,
    /// State at the start of the tick.
    pub before: EcefState,
    /// State at `after_time`: the end of the tick, or its impact within the tick.
    pub after: EcefState,
    /// The time of `after`.
    pub after_time: SimTime,
    /// It exists from this time (launch) …
    pub from: SimTime,
    /// … until this time (impact or kill), inclusive.
    pub until: SimTime,
    /// Its radar cross-section, m² (used when the radar's Pd comes from the radar
    /// equation).
    pub rcs_m2: f64,
}

/// A sector of azimuths about a centre: what one tick of a scan's beam sweeps.
#[derive(Clone, Copy, Debug)]
struct BeamWindow {
    /// Sine and cosine of the centre azimuth (the east and north components of its
    /// horizontal unit vector).
    east: f64,
    north: f64,
    /// Cosine of the half-width.
    cos_half: f64,
}

impl BeamWindow {
    /// False only when the horizontal direction of a point, `(east, north)` in the
    /// radar's frame (exactly as its azimuth is taken from), lies outside the sector. A
    /// point on the vertical axis, or not finite, may lie in it.
    fn may_hold(&self, (east, north): (f64, f64)) -> bool {
        let along = east * self.east + north * self.north;
        let horizontal = (east * east + north * north).sqrt();
        let bound = horizontal * self.cos_half;
        along >= bound || along.is_nan() || bound.is_nan()
    }
}

/// How a radar draws detections: a fixed Pd, or the calibrated radar equation.
#[derive(Clone, Copy, Debug)]
enum Detector {
    Fixed(f64),
    RadarEquation(DetectionModel),
}

/// The measurement model the plots of the radar `spec` describes carry: what a tracker
/// needs to weigh them, whether they come from the simulated radar or from a recording.
pub fn measurement_model(spec: &SensorSpec) -> Arc<CartesianToRangeAzimuthElevation> {
    Arc::new(CartesianToRangeAzimuthElevation {
        sensor: spec.id,
        site: EnuFrame::at(spec.site),
        sigma_range: spec.sigma_range,
        sigma_azimuth: spec.sigma_azimuth,
        sigma_elevation: spec.sigma_elevation,
        sigma_range_rate: spec.sigma_range_rate,
        scan_period: spec.scan_period,
    })
}

/// A radar in the world.
#[derive(Clone, Debug)]
pub struct Radar {
    spec: SensorSpec,
    model: Arc<CartesianToRangeAzimuthElevation>,
    frame: EnuFrame,
    detector: Detector,
    noise_rng: Stream,
    clutter_rng: Stream,
    /// False alarms generated for scans in progress, not yet delivered.
    clutter: Vec<Plot>,
    /// The scan whose false alarms have been generated (scans before it are done).
    next_clutter_scan: i64,
}

impl Radar {
    /// A radar from its scenario description; `seed` is the run's root seed.
    pub fn new(spec: SensorSpec, seed: u64) -> Self {
        let frame = EnuFrame::at(spec.site);
        let model = measurement_model(&spec);
        let detector = match &spec.detection {
            Detection::Fixed(pd) => Detector::Fixed(pd.value()),
            Detection::RadarEquation(eq) => Detector::RadarEquation(DetectionModel::new(eq)),
        };
        Radar {
            detector,
            noise_rng: stream(seed, Purpose::SensorNoise, spec.id.0 as u64),
            clutter_rng: stream(seed, Purpose::Clutter, spec.id.0 as u64),
            model,
            frame,
            spec,
            clutter: Vec::new(),
            next_clutter_scan: 0,
        }
    }

    /// The scenario description.
    pub fn spec(&self) -> &SensorSpec {
        &self.spec
    }

    /// The measurement model its plots carry.
    pub fn model(&self) -> &Arc<CartesianToRangeAzimuthElevation> {
        &self.model
    }

    fn sector(&self) -> (f64, f64) {
        match self.spec.coverage.azimuth_sector {
            Some(s) => (s.start.si(), s.width.si()),
            None => (0.0, std::f64::consts::TAU),
        }
    }

    /// Offset of azimuth `az` clockwise from the sector start, if inside the sector.
    fn sector_offset(&self, az: f64) -> Option<f64> {
        let (start, width) = self.sector();
        let off = wrap_two_pi(az - start);
        (off < width || width >= std::f64::consts::TAU).then_some(off)
    }

    /// The index of the scan under way at `t` (may be negative before the first scan).
    fn scan_index(&self, t: SimTime) -> i64 {
        let period = self.spec.scan_period.as_nanos();
        (t - self.spec.first_scan).as_nanos().div_euclid(period)
    }

    fn scan_start(&self, k: i64) -> SimTime {
        self.spec.first_scan + self.spec.scan_period.times(k)
    }

    /// When the beam of scan `k` points at sector offset `off`.
    fn illumination_time(&self, k: i64, off: f64) -> SimTime {
        let (_, width) = self.sector();
        let frac = (off / width).clamp(0.0, 1.0);
        self.scan_start(k)
            + SimDuration::from_nanos((frac * self.spec.scan_period.as_nanos() as f64) as i64)
    }

    /// True when a target at `m`, `height_m` above the ellipsoid, is inside the coverage
    /// volume and above the radar horizon.
    fn covers(&self, m: &RangeAzEl, position: &Position<Ecef>) -> bool {
        let c = &self.spec.coverage;
        if m.range < c.min_range || m.range > c.max_range {
            return false;
        }
        if m.elevation < c.min_elevation || m.elevation > c.max_elevation {
            return false;
        }
        if self.sector_offset(m.azimuth.si()).is_none() {
            return false;
        }
        if c.radar_horizon {
            // Line of sight over a smooth sphere of radius a seen through the 4/3-Earth
            // model: straight rays over a sphere of radius R = k·a, heights and ground
            // ranges kept. The ground range is a·ψ, ψ the angle at the Earth's centre
            // between the radar and the target, so the target is above the horizon when
            // ψ / k is no more than the angles to the tangent points of the radar's and
            // the target's heights, each arccos(R / (R + h)). Exact at any height: the
            // √(2Rh) horizon distances against the horizontal part of the slant range,
            // used before, put the horizon of a target 600 km high 72 km short.
            let re = EFFECTIVE_EARTH_FACTOR * WGS84_A;
            let hs = self.spec.site.height_m();
            // The target's height only here: most looks fail the cheaper tests above,
            // and the geodetic conversion is the dearest part of a look.
            let ht = tdome_core::Geodetic::from_ecef(position).height_m();
            let site = self.frame.origin_ecef();
            let (s, p) = (site.metres(), position.metres());
            let psi = s.cross(p).norm().atan2(s.dot(p));
            if psi / EFFECTIVE_EARTH_FACTOR > tangent_angle(re, hs) + tangent_angle(re, ht) {
                return false;
            }
        }
        true
    }

    /// True when `target` lies beyond the radar's maximum range throughout the tick from
    /// `t0`, so that no look at it can pass [`Radar::covers`]: most targets, for most
    /// radars, and the test is a few multiplications where a look's azimuth costs an
    /// arctangent and a frame rotation. It draws nothing, so the plots are the same
    /// with or without it.
    ///
    /// The truth at a look is the cubic Hermite curve between the tick's end states
    /// a (from the site) and b: h₀₀a + h₀₁b + span·(h₁₀v₀ + h₁₁v₁), with h₀₀ + h₀₁ = 1,
    /// both in [0, 1], and |h₁₀|, |h₁₁| ≤ 4/27. Its distance from the site is at least
    /// min(|a|, |b|) − |a − b| − span·(4/27)(|v₀| + |v₁|).
    fn beyond_reach(&self, target: &TargetView, t0: SimTime) -> bool {
        let site = *self.frame.origin_ecef().metres();
        let a = *target.before.position.metres() - site;
        let b = *target.after.position.metres() - site;
        let span = (target.after_time - t0).as_seconds().max(0.0);
        let wander = span
            * (4.0 / 27.0)
            * (target.before.velocity.speed().si() + target.after.velocity.speed().si());
        let nearest = a.norm().min(b.norm()) - (a - b).norm() - wander;
        nearest > self.spec.coverage.max_range.si()
    }

    /// The azimuths the beam of scan `k` sweeps during (t0, t1], widened by a margin far
    /// above rounding: a target outside them has no illumination in the tick
    /// ([`Radar::illumination_time`]), so the look can be skipped before its
    /// arctangent. `None` when the sweep is too wide for the test to pay.
    fn beam_window(&self, k: i64, t0: SimTime, t1: SimTime) -> Option<BeamWindow> {
        // The look is illuminated at scan start + ⌊frac·period⌋ ns, frac = offset / width,
        // and counts in (t0, t1]: frac·period in [t0 − start + 1, t1 − start + 1) ns.
        const MARGIN_RAD: f64 = 1e-6;
        let (start, width) = self.sector();
        let period = self.spec.scan_period.as_nanos() as f64;
        let scan_start = self.scan_start(k);
        let first_ns = ((t0 - scan_start).as_nanos() + 1) as f64;
        let end_ns = ((t1 - scan_start).as_nanos() + 1) as f64;
        let lo = width * (first_ns / period) - MARGIN_RAD;
        let hi = width * (end_ns / period) + MARGIN_RAD;
        let half = 0.5 * (hi - lo);
        if half.is_nan() || half >= 1.5 {
            return None;
        }
        let (east, north) = (start + 0.5 * (lo + hi)).sin_cos();
        Some(BeamWindow {
            east,
            north,
            cos_half: half.cos(),
        })
    }

    /// Plots made during (t0, t1], appended to `out` as (plot, true object) in time
    /// order of generation (callers sort the merged plots of all radars).
    pub fn observe(
        &mut self,
        t0: SimTime,
        t1: SimTime,
        targets: &[TargetView],
        out: &mut Vec<(Plot, Option<ObjectId>)>,
    ) {
        let first = self.scan_index(t0 + SimDuration::from_nanos(1)).max(0);
        let last = self.scan_index(t1);
        for k in first..=last {
            let scan_start = self.scan_start(k);
            if scan_start > t1 {
                break;
            }
            self.generate_clutter_through(k);
            let beam = self.beam_window(k, t0, t1);
            for target in targets {
                if let Some(beam) = &beam
                    && !beam.may_hold(self.frame.east_north_of(&target.before.position))
                {
                    continue;
                }
                if self.beyond_reach(target, t0) {
                    continue;
                }
                // The beam crosses the target's azimuth (taken at the tick's start; a
                // target's bearing moves far slower than the beam) at one instant.
                let az0 = self.frame.azimuth_of(&target.before.position);
                let Some(off) = self.sector_offset(az0.si()) else {
                    continue;
                };
                let t_ill = self.illumination_time(k, off);
                if t_ill <= t0 || t_ill > t1 || t_ill < target.from || t_ill > target.until {
                    continue;
                }
                let span = (target.after_time - t0).as_seconds();
                let truth = if span > 0.0 {
                    let s = ((t_ill - t0).as_seconds() / span).clamp(0.0, 1.0);
                    EcefState::hermite(&target.before, &target.after, span, s)
                } else {
                    target.after
                };
                let m = self.frame.observe(&truth.position);
                if !self.covers(&m, &truth.position) {
                    continue;
                }
                let pd = match &self.detector {
                    Detector::Fixed(pd) => *pd,
                    Detector::RadarEquation(eq) => eq.pd(m.range, target.rcs_m2),
                };
                if self.noise_rng.random::<f64>() >= pd {
                    continue;
                }
                let measured = self.measure(&m);
                let range_rate = self.spec.sigma_range_rate.map(|sigma| {
                    let n: f64 = self.noise_rng.sample(StandardNormal);
                    Speed::metres_per_second(
                        self.frame.range_rate(&truth.position, &truth.velocity).si()
                            + n * sigma.si(),
                    )
                });
                // Dropped only after its draws, so an outage leaves every plot outside
                // it exactly as it would have been without the outage.
                if self.spec.is_down(t_ill) {
                    continue;
                }
                out.push((
                    Plot {
                        time: t_ill,
                        sensor: self.spec.id,
                        measurement: measured,
                        range_rate,
                        model: self.model.clone(),
                    },
                    Some(target.object),
                ));
            }
        }
        // Deliver the false alarms that fall in this tick, in the order they were drawn
        // (any earlier ones belong to a scan before the run began and are dropped).
        for p in self.clutter.extract_if(.., |p| p.time <= t1) {
            if p.time > t0 {
                out.push((p, None));
            }
        }
    }

    /// The measurement of a target truly at `m`: truth plus the radar's bias plus noise.
    fn measure(&mut self, m: &RangeAzEl) -> RangeAzEl {
        let nr: f64 = self.noise_rng.sample(StandardNormal);
        let na: f64 = self.noise_rng.sample(StandardNormal);
        let ne: f64 = self.noise_rng.sample(StandardNormal);
        let bias = self.spec.bias;
        // A zero bias is left out rather than added, so that a radar without one
        // measures bit for bit as before biases existed (−0 + 0 is +0).
        let (mut r, mut az, mut el) = (m.range.si(), m.azimuth.si(), m.elevation.si());
        if !bias.is_zero() {
            r += bias.range.si();
            az += bias.azimuth.si();
            el += bias.elevation.si();
        }
        RangeAzEl {
            range: Length::metres((r + nr * self.spec.sigma_range.si()).max(0.0)),
            azimuth: Angle::radians(wrap_two_pi(az + na * self.spec.sigma_azimuth.si())),
            elevation: Angle::radians(
                (el + ne * self.spec.sigma_elevation.si())
                    .clamp(-std::f64::consts::FRAC_PI_2, std::f64::consts::FRAC_PI_2),
            ),
        }
    }

    /// Draw the false alarms of every scan up to and including `k`.
    fn generate_clutter_through(&mut self, k: i64) {
        let lambda = self.spec.false_alarms_per_scan;
        while self.next_clutter_scan <= k {
            let scan = self.next_clutter_scan;
            self.next_clutter_scan += 1;
            if lambda <= 0.0 {
                continue;
            }
            let Ok(poisson) = Poisson::new(lambda) else {
                continue;
            };
            let n = poisson.sample(&mut self.clutter_rng) as u64;
            let c = self.spec.coverage;
            let (start, width) = self.sector();
            for _ in 0..n {
                let off = self.clutter_rng.random_range(0.0..width);
                // Uniform over the coverage annulus: range density ∝ r.
                let (r0, r1) = (c.min_range.si(), c.max_range.si());
                let u: f64 = self.clutter_rng.random();
                let r = (r0 * r0 + u * (r1 * r1 - r0 * r0)).sqrt();
                let el = self
                    .clutter_rng
                    .random_range(c.min_elevation.si()..=c.max_elevation.si());
                let time = self.illumination_time(scan, off);
                let range_rate = self.spec.sigma_range_rate.map(|s| {
                    let n: f64 = self.clutter_rng.sample(StandardNormal);
                    Speed::metres_per_second(n * s.si() * 10.0)
                });
                // Drawn in full first, so that an outage changes no false alarm outside it.
                if self.spec.is_down(time) {
                    continue;
                }
                self.clutter.push(Plot {
                    time,
                    sensor: self.spec.id,
                    measurement: RangeAzEl {
                        range: Length::metres(r),
                        azimuth: Angle::radians(wrap_two_pi(start + off)),
                        elevation: Angle::radians(el),
                    },
                    range_rate,
                    model: self.model.clone(),
                });
            }
        }
    }
}
