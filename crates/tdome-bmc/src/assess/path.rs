//! A predicted trajectory: states at a fixed step from a start time, with Hermite
//! interpolation between them.

use std::cell::Cell;

use tdome_core::{Ecef, Position, SimDuration, SimTime};
use tdome_physics::EcefState;

/// A track's predicted trajectory.
#[derive(Clone, Debug, Default)]
pub struct PredictedPath {
    start: SimTime,
    step_s: f64,
    /// States at `start + k·step`.
    samples: Vec<EcefState>,
    /// For each sample but the last, how far the interpolant can stray from it before
    /// the next ([`stray`]): a property of the path alone, kept as it is built, since
    /// every battery's search asks for it.
    strays: Vec<f64>,
    /// When the path ends early (impact, or entry into a defended area), the exact end
    /// time and state.
    end: Option<(SimTime, EcefState)>,
    /// The box (ECEF, metres) holding every sample and the end, and the largest stray of
    /// any interval: a bound on the whole path, so that a battery it never comes near is
    /// passed over without a pass over the samples.
    bounds: PathBounds,
    /// The same for each run of [`BLOCK`] samples and the intervals from them (the last
    /// to the exact end): a search near one part of a long path passes over the rest a
    /// block at a time.
    blocks: Vec<PathBounds>,
}

/// Samples per block of [`PredictedPath::blocks`]: a hundred-sample path has thirteen,
/// and a search from a battery near its end looks at one or two of them sample by
/// sample.
const BLOCK: usize = 8;

/// An axis-aligned box and a stray: every state of the path lies within `stray` of a
/// point of the box; and a speed no state's position moves faster than.
#[derive(Clone, Copy, Debug)]
struct PathBounds {
    lo: [f64; 3],
    hi: [f64; 3],
    stray: f64,
    speed: f64,
}

impl Default for PathBounds {
    fn default() -> Self {
        PathBounds {
            lo: [f64::INFINITY; 3],
            hi: [f64::NEG_INFINITY; 3],
            stray: 0.0,
            speed: 0.0,
        }
    }
}

impl PathBounds {
    /// Take in a point (a non-finite one leaves the box as it was: its intervals' bounds
    /// are not finite either, and no radius takes them in).
    fn hold(&mut self, p: &EcefState) {
        let v = p.position.metres();
        for (i, x) in [v.x, v.y, v.z].into_iter().enumerate() {
            self.lo[i] = self.lo[i].min(x);
            self.hi[i] = self.hi[i].max(x);
        }
    }

    /// A lower bound on every interval's bound from `p` in
    /// [`PredictedPath::block_interval_bounds`]: the distance to the box less the largest
    /// stray (infinite for an empty box).
    fn distance_lower_bound(&self, p: &nalgebra::Vector3<f64>) -> f64 {
        let mut d2 = 0.0;
        for (i, x) in [p.x, p.y, p.z].into_iter().enumerate() {
            let out = (self.lo[i] - x).max(x - self.hi[i]).max(0.0);
            d2 += out * out;
        }
        d2.sqrt() - self.stray
    }
}

impl PredictedPath {
    /// Seconds between samples.
    pub fn step_s(&self) -> f64 {
        self.step_s
    }

    /// Clear and start a new path at `start` with samples every `step_s` seconds.
    pub fn reset(&mut self, start: SimTime, step_s: f64, first: EcefState) {
        self.start = start;
        self.step_s = step_s;
        self.samples.clear();
        self.samples.push(first);
        self.strays.clear();
        self.end = None;
        self.bounds = PathBounds::default();
        self.bounds.hold(&first);
        self.blocks.clear();
        let mut block = PathBounds::default();
        block.hold(&first);
        self.blocks.push(block);
    }

    /// Give back the samples' memory: a path nobody will plan on (a track that
    /// threatens nothing) need not be kept, and keeping one per track made memory grow
    /// with the prediction horizon times every false track in heavy clutter.
    pub fn release(&mut self) {
        self.samples = Vec::new();
        self.strays = Vec::new();
        self.end = None;
        self.bounds = PathBounds::default();
        self.blocks = Vec::new();
    }

    /// Append the next sample.
    pub fn push(&mut self, state: EcefState) {
        let n = self.samples.len();
        if let Some(last) = self.samples.last() {
            let s = stray(last, &state, self.step_s);
            self.strays.push(s);
            self.bounds.stray = self.bounds.stray.max(s);
            self.bounds.speed = self
                .bounds
                .speed
                .max(speed_bound(last, &state, self.step_s));
            if let Some(block) = self.blocks.get_mut((n - 1) / BLOCK) {
                block.stray = block.stray.max(s);
            }
        }
        self.bounds.hold(&state);
        if n.is_multiple_of(BLOCK) {
            self.blocks.push(PathBounds::default());
        }
        if let Some(block) = self.blocks.last_mut() {
            block.hold(&state);
        }
        self.samples.push(state);
    }

    /// Mark the path's end at `time` in state `state` (the impact or area entry).
    pub fn finish(&mut self, time: SimTime, state: EcefState) {
        self.end = Some((time, state));
        // The last interval, as `block_interval_bounds` takes it: to the exact end.
        if let Some(last) = self.samples.last() {
            let k = self.samples.len() - 1;
            let span = (time - self.start).as_seconds() - k as f64 * self.step_s;
            let s = stray(last, &state, span).max((state.position - last.position).metres().norm());
            self.bounds.stray = self.bounds.stray.max(s);
            self.bounds.speed = self.bounds.speed.max(speed_bound(last, &state, span));
            if let Some(block) = self.blocks.last_mut() {
                block.stray = block.stray.max(s);
                block.hold(&state);
            }
        }
        self.bounds.hold(&state);
    }

    /// A speed (m/s) the path's position never exceeds: between any two times it
    /// covers, [`PredictedPath::state_at`] moves no farther than this times the time
    /// between them. Infinite when the exact end lies on the last sample's time but
    /// elsewhere (a jump no speed covers). It lets a search skip times at which nothing
    /// can have changed enough.
    pub fn speed_bound(&self) -> f64 {
        self.bounds.speed
    }

    /// When the path starts.
    pub fn start(&self) -> SimTime {
        self.start
    }

    /// The last time the path covers.
    pub fn end_time(&self) -> SimTime {
        match self.end {
            Some((t, _)) => t,
            None => {
                self.start
                    + SimDuration::from_seconds(
                        self.step_s * (self.samples.len().saturating_sub(1)) as f64,
                    )
            }
        }
    }

    /// A lower bound on the distance from `p` (ECEF, metres) to every state the path
    /// gives ([`PredictedPath::state_at`]): to each sample, less how far the cubic
    /// Hermite interpolant can stray from it within its interval (at most the chord plus
    /// 4/27 of the end tangents, the cubic's basis functions' largest values), and to
    /// the exact end. Infinite for an empty path.
    pub fn distance_lower_bound(&self, p: &nalgebra::Vector3<f64>) -> f64 {
        let mut bound = f64::INFINITY;
        for block in 0..self.blocks.len() {
            // A block no nearer than the best so far cannot improve on it.
            self.block_interval_bounds(block, p, bound, false, |_, _, b| {
                bound = bound.min(b);
                true
            });
        }
        bound
    }

    /// The span of time outside which the path stays farther than `radius` from `p`
    /// (ECEF, metres): from the start of the first sample interval whose lower bound
    /// (as in [`PredictedPath::distance_lower_bound`]) is within `radius` to the end of
    /// the last. `None` when no interval comes that close.
    pub fn time_within(
        &self,
        p: &nalgebra::Vector3<f64>,
        radius: f64,
    ) -> Option<(SimTime, SimTime)> {
        self.time_within_varying(p, radius, |_, _| radius)
    }

    /// As [`PredictedPath::time_within`], with a radius that depends on where the path
    /// is: `radius(sample, stray)` for the interval from a sample, every state of which
    /// lies within `stray` metres of the sample (an interceptor's reach depends on the
    /// target's altitude), never more than `largest` (so that intervals farther than it
    /// are passed over without asking).
    pub fn time_within_varying(
        &self,
        p: &nalgebra::Vector3<f64>,
        largest: f64,
        radius: impl Fn(&EcefState, f64) -> f64,
    ) -> Option<(SimTime, SimTime)> {
        // A path that never comes within `largest` has no interval that does.
        if self.bounds.distance_lower_bound(p) > largest {
            return None;
        }
        // The first interval that comes close enough, from the start; the last, from the
        // end: where most of a path is within reach, neither looks at much of it.
        let near =
            |k: usize, stray: f64, b: f64| b <= largest && b <= radius(&self.samples[k], stray);
        let mut first = None;
        for block in 0..self.blocks.len() {
            self.block_interval_bounds(block, p, largest, false, |k, stray, b| {
                first = first.or_else(|| near(k, stray, b).then_some(k));
                first.is_none()
            });
            if first.is_some() {
                break;
            }
        }
        let mut last = None;
        for block in (0..self.blocks.len()).rev() {
            self.block_interval_bounds(block, p, largest, true, |k, stray, b| {
                last = last.or_else(|| near(k, stray, b).then_some(k));
                last.is_none()
            });
            if last.is_some() {
                break;
            }
        }
        let at = |k: usize| self.start + SimDuration::from_seconds(self.step_s * k as f64);
        Some((at(first?), at(last? + 1).min(self.end_time())))
    }

    /// Calls `f(k, stray, bound)` for each sample interval k of block `block` (from
    /// sample k to the next, or to the exact end), unless the whole block lies farther
    /// than `farther_than` from `p` (then every interval's bound would too): every state
    /// in the interval lies within `stray` of sample k, and `bound` is a lower bound on
    /// the distance from `p` to every state the interpolation gives in it: to sample k,
    /// less how far the cubic Hermite interpolant can stray from it within the interval
    /// (at most the chord plus 4/27 of the end tangents, the cubic's basis functions'
    /// largest values). The exact end is the last interval's end. The intervals go in
    /// order, or in reverse when `backwards`, until `f` returns false.
    fn block_interval_bounds(
        &self,
        block: usize,
        p: &nalgebra::Vector3<f64>,
        farther_than: f64,
        backwards: bool,
        mut f: impl FnMut(usize, f64, f64) -> bool,
    ) {
        // The block's box holds its samples and (the last block) the exact end, and its
        // stray is the largest of its intervals': each interval's bound is no less.
        if self.blocks[block].distance_lower_bound(p) > farther_than {
            return;
        }
        let end = self.end.map(|(t, s)| (s, (t - self.start).as_seconds()));
        let n = self.samples.len();
        let ks = block * BLOCK..((block + 1) * BLOCK).min(n);
        let len = ks.len();
        for i in 0..len {
            let k = if backwards {
                ks.end - 1 - i
            } else {
                ks.start + i
            };
            let a = &self.samples[k];
            let stray = match self.strays.get(k) {
                Some(&s) => s,
                None => end.as_ref().map_or(0.0, |(s, t_end)| {
                    stray(a, s, t_end - k as f64 * self.step_s)
                }),
            };
            let mut bound = (a.position.metres() - p).norm() - stray;
            let mut stray = stray;
            if k + 1 == n
                && let Some((s, _)) = end
            {
                bound = bound.min((s.position.metres() - p).norm());
                stray = stray.max((s.position - a.position).metres().norm());
            }
            if !f(k, stray, bound) {
                return;
            }
        }
    }

    /// The predicted state at `time`, if the path covers it.
    pub fn state_at(&self, time: SimTime) -> Option<EcefState> {
        Some(match self.locate(time)? {
            Located::Between(a, b, span, s) => EcefState::hermite(a, b, span, s),
            Located::At(state) => state,
        })
    }

    /// The predicted position at `time`, if the path covers it: that of
    /// [`PredictedPath::state_at`], without the velocity (an intercept search asks only
    /// where).
    pub fn position_at(&self, time: SimTime) -> Option<Position<Ecef>> {
        Some(match self.locate(time)? {
            Located::Between(a, b, span, s) => EcefState::hermite_position(a, b, span, s),
            Located::At(state) => state.position,
        })
    }

    /// Whether the path covers `time` and its position then ([`PredictedPath::position_at`])
    /// lies within `radius` of `point`. The interpolation is skipped where the sample
    /// before `time` is clearly farther than `radius` plus how far the interpolant can
    /// stray from it: the engagement book asks this of every new shot for every threat
    /// due one, and the shots are mostly kilometres away.
    pub fn within_at(&self, time: SimTime, point: &Position<Ecef>, radius: f64) -> bool {
        if time >= self.start {
            // As `locate` finds the interval.
            let k = ((time - self.start).as_seconds() / self.step_s) as usize;
            if let (Some(a), Some(&stray)) = (self.samples.get(k), self.strays.get(k)) {
                // A metre's margin against rounding: only clear cases are passed over.
                if (a.position.metres() - point.metres()).norm() > radius + stray + 1.0 {
                    return false;
                }
            }
        }
        self.position_at(time)
            .is_some_and(|p| p.distance_to(point).si() < radius)
    }

    /// Where `time` falls on the path, if it covers it.
    fn locate(&self, time: SimTime) -> Option<Located<'_>> {
        if time < self.start || self.samples.is_empty() {
            return None;
        }
        let t = (time - self.start).as_seconds();
        // `t` is not negative, so truncation is the floor (and a single instruction,
        // where `floor` is a library call on baseline x86-64).
        let k = (t / self.step_s) as usize;
        // A whole step or more before the last sample, `time` is within the path
        // whatever its end (working the end time out is a conversion from seconds, and
        // every look at the path would pay for it).
        if k + 2 < self.samples.len() {
            let s = (t - k as f64 * self.step_s) / self.step_s;
            return Some(Located::Between(
                &self.samples[k],
                &self.samples[k + 1],
                self.step_s,
                s.clamp(0.0, 1.0),
            ));
        }
        if time > self.end_time() {
            return None;
        }
        let a = self.samples.get(k)?;
        match self.samples.get(k + 1) {
            Some(b) => {
                let s = (t - k as f64 * self.step_s) / self.step_s;
                Some(Located::Between(a, b, self.step_s, s.clamp(0.0, 1.0)))
            }
            // Between the last sample and the exact end.
            None => match self.end {
                Some((end_time, end_state)) => {
                    let span = (end_time - self.start).as_seconds() - k as f64 * self.step_s;
                    if span <= 0.0 {
                        return Some(Located::At(end_state));
                    }
                    let s = (t - k as f64 * self.step_s) / span;
                    Some(Located::Between(
                        a,
                        self.end_state(),
                        span,
                        s.clamp(0.0, 1.0),
                    ))
                }
                None => Some(Located::At(*a)),
            },
        }
    }

    /// The exact end's state (the last sample without one).
    fn end_state(&self) -> &EcefState {
        match &self.end {
            Some((_, s)) => s,
            None => self.samples.last().expect("a path has a sample"),
        }
    }
}

/// Scratch for [`MemoisedPath`]: a slot per candidate time, kept between tracks so that
/// a pass over a thousand tracks allocates once. A slot holds the generation that filled
/// it, so moving to the next track invalidates every slot without touching them.
#[derive(Clone, Debug, Default)]
pub struct PathMemo {
    slots: Vec<Cell<Slot>>,
    generation: u32,
}

/// Most slots a memo keeps (10 MB): a long path searched at a fine step (a 2,000 s
/// flight at the scenario's finest step of 0.01 s has 200,000 candidate times) is
/// memoised from its start this far, and read from the path beyond.
const MEMO_SLOTS_MAX: usize = 1 << 18;

/// One memoised look: the generation that made it, and the path's position then.
type Slot = (u32, Option<Position<Ecef>>);

/// A path whose positions at the multiples of a step are worked out once and then read:
/// every battery's intercept search on a track tries candidate times on the same grid of
/// absolute times (see `assign::feasibility`), and on a first cycle over a thousand
/// tracks and a hundred batteries the searches asked for each (track, time) 18 times on
/// average. Reads give exactly what [`PredictedPath::position_at`] gives.
#[derive(Debug)]
pub struct MemoisedPath<'a> {
    path: &'a PredictedPath,
    step_ns: i64,
    /// Its reciprocal.
    per_step_ns: f64,
    /// The time of the first slot, nanoseconds: the first multiple of the step at or
    /// before the path's start.
    first_ns: i64,
    slots: &'a [Cell<Slot>],
    generation: u32,
}

impl PathMemo {
    /// `path`'s positions at the multiples of `step`, memoised in this scratch (whatever
    /// an earlier path left in it is forgotten).
    pub fn on<'a>(&'a mut self, path: &'a PredictedPath, step: SimDuration) -> MemoisedPath<'a> {
        let step_ns = step.as_nanos();
        let (first, count) = if step_ns > 0 && !path.samples.is_empty() {
            let first = path.start.as_nanos().div_euclid(step_ns);
            let last = path.end_time().as_nanos().div_euclid(step_ns);
            let count = usize::try_from(last - first + 1).unwrap_or(0);
            (first, count.min(MEMO_SLOTS_MAX))
        } else {
            (0, 0)
        };
        if self.slots.len() < count {
            self.slots.resize(count, Cell::new((0, None)));
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Once in four billion tracks: slots of generation 1 from the last round
            // would read as fresh.
            self.slots.iter().for_each(|s| s.set((0, None)));
            self.generation = 1;
        }
        MemoisedPath {
            path,
            step_ns,
            per_step_ns: if step_ns > 0 {
                1.0 / step_ns as f64
            } else {
                0.0
            },
            first_ns: first.saturating_mul(step_ns),
            slots: &self.slots[..count],
            generation: self.generation,
        }
    }
}

impl<'a> MemoisedPath<'a> {
    /// The path.
    pub fn path(&self) -> &'a PredictedPath {
        self.path
    }

    /// [`PredictedPath::position_at`], worked out once for a time on the grid.
    pub fn position_at(&self, time: SimTime) -> Option<Position<Ecef>> {
        // The slot by a multiplication (an integer division costs tens of cycles, and a
        // pass asks this half a million times), checked exactly.
        let since = time.as_nanos().wrapping_sub(self.first_ns);
        let k = (since as f64 * self.per_step_ns + 0.5) as i64;
        if k.wrapping_mul(self.step_ns) == since
            && let Some(slot) = usize::try_from(k).ok().and_then(|k| self.slots.get(k))
        {
            let (generation, position) = slot.get();
            if generation == self.generation {
                return position;
            }
            let position = self.path.position_at(time);
            slot.set((self.generation, position));
            return position;
        }
        self.path.position_at(time)
    }
}

/// A time on a path: between two states (`span` seconds apart, at fraction `s`), or at
/// one.
enum Located<'a> {
    Between(&'a EcefState, &'a EcefState, f64, f64),
    At(EcefState),
}

/// How far the cubic Hermite interpolant from `a` to `b`, `span` seconds apart, can
/// stray from `a`: at most the chord plus 4/27 of the end tangents (the largest values
/// of the cubic's tangent basis functions).
fn stray(a: &EcefState, b: &EcefState, span: f64) -> f64 {
    let chord = (b.position - a.position).metres().norm();
    let tangents = (a.velocity.mps().norm() + b.velocity.mps().norm()) * span.max(0.0);
    chord + tangents * (4.0 / 27.0)
}

/// The largest speed of the cubic Hermite interpolant from `a` to `b`, `span` seconds
/// apart, bounded: its velocity is v̄ + (v₀ − v̄)·h₁₀′(s) + (v₁ − v̄)·h₁₁′(s), where v̄ is the
/// chord over the span (the three basis derivatives sum to one), and |h₁₀′|, |h₁₁′| ≤ 1
/// on [0, 1]; so |v| ≤ |v̄| + |v₀ − v̄| + |v₁ − v̄|, within a few per cent of the true speed
/// on a smooth path (the last two terms are the speed's change over half a step). An interval of no time is a jump: infinite unless it goes nowhere.
fn speed_bound(a: &EcefState, b: &EcefState, span: f64) -> f64 {
    let chord = *(b.position - a.position).metres();
    if span <= 0.0 {
        return if chord.norm() == 0.0 {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let mean = chord / span;
    // The two small terms by their 1-norms (no less than the Euclidean): a square root
    // each saved on every sample the assessment predicts, for a bound a few metres per
    // second looser.
    let l1 = |v: nalgebra::Vector3<f64>| v.x.abs() + v.y.abs() + v.z.abs();
    mean.norm() + l1(a.velocity.mps() - mean) + l1(b.velocity.mps() - mean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;
    use tdome_core::rng::{Purpose, stream};
    use tdome_core::{Position, Velocity};

    /// The memo reads what the path gives, at every time on and off its grid, inside
    /// the path and beyond its ends, read once or many times, with paths of different
    /// starts, steps and lengths taking turns in one scratch (so a slot left by one path
    /// is never read as another's).
    #[test]
    fn a_memoised_path_reads_what_the_path_gives() {
        let mut rng = stream(9, Purpose::Dispersion, 0);
        let mut u = |lo: f64, hi: f64| rng.random_range(lo..hi);
        let mut memo = PathMemo::default();
        for _ in 0..100 {
            let p0 = nalgebra::Vector3::new(u(-5e4, 5e4), u(-5e4, 5e4), u(0.0, 3e4));
            let v0 = nalgebra::Vector3::new(u(-2e3, 2e3), u(-2e3, 2e3), u(-2e3, 2e3));
            let at = |t: f64| EcefState {
                position: Position::from_vector(p0 + v0 * t),
                velocity: Velocity::from_vector(v0),
            };
            let start = SimTime::from_seconds(u(0.0, 200.0));
            let mut path = PredictedPath::default();
            path.reset(start, u(0.2, 2.0), at(0.0));
            let n = u(2.0, 60.0) as usize;
            for k in 1..=n {
                path.push(at(k as f64 * path.step_s()));
            }
            if u(0.0, 1.0) < 0.5 {
                let t_end = (n as f64 + u(0.0, 1.0)) * path.step_s();
                path.finish(start + SimDuration::from_seconds(t_end), at(t_end));
            }
            let step = SimDuration::from_seconds([0.25, 0.5, 1.0, 1.5][u(0.0, 4.0) as usize]);
            let looks = memo.on(&path, step);
            let (first, last) = (start - step.times(3), path.end_time() + step.times(3));
            for pass in 0..2 {
                let mut t = SimTime::from_nanos(
                    first.as_nanos().div_euclid(step.as_nanos()) * step.as_nanos(),
                );
                while t <= last {
                    assert_eq!(
                        looks.position_at(t),
                        path.position_at(t),
                        "pass {pass} at {t:?}"
                    );
                    // Off the grid too.
                    let off = t + SimDuration::from_nanos(1 + pass);
                    assert_eq!(looks.position_at(off), path.position_at(off));
                    t += step;
                }
            }
        }
    }

    #[test]
    fn the_distance_bound_and_the_span_within_a_radius_never_miss_a_state() {
        // Random curved paths (constant acceleration, sampled every 1 s, some ending
        // part-way through a step) and random points: the bound lies at or below the
        // distance to every state the interpolation gives, tested every 10 ms.
        let mut rng = stream(7, Purpose::Dispersion, 0);
        let mut u = |lo: f64, hi: f64| rng.random_range(lo..hi);
        for _ in 0..200 {
            let p0 = nalgebra::Vector3::new(u(-5e4, 5e4), u(-5e4, 5e4), u(0.0, 3e4));
            let v0 = nalgebra::Vector3::new(u(-2e3, 2e3), u(-2e3, 2e3), u(-2e3, 2e3));
            let a = nalgebra::Vector3::new(u(-50.0, 50.0), u(-50.0, 50.0), u(-50.0, 50.0));
            let at = |t: f64| EcefState {
                position: Position::from_vector(p0 + v0 * t + a * (0.5 * t * t)),
                velocity: Velocity::from_vector(v0 + a * t),
            };
            let start = SimTime::from_seconds(100.0);
            let mut path = PredictedPath::default();
            path.reset(start, 1.0, at(0.0));
            let n = 20;
            for k in 1..=n {
                path.push(at(k as f64));
            }
            let t_end = n as f64 + u(0.0, 1.0);
            path.finish(start + SimDuration::from_seconds(t_end), at(t_end));
            let q = nalgebra::Vector3::new(u(-6e4, 6e4), u(-6e4, 6e4), u(0.0, 3e4));
            let bound = path.distance_lower_bound(&q);
            // The whole path's box never bounds it more tightly than its intervals do (so
            // that passing over a path by its box loses nothing).
            assert!(path.bounds.distance_lower_bound(&q) <= bound);
            // Every state within a radius lies in the span `time_within` gives, and there
            // is a span exactly when the bound allows one.
            let radius = u(0.0, 8e4);
            let span = path.time_within(&q, radius);
            assert_eq!(span.is_some(), bound <= radius);
            // A varying radius capped by `largest` is the constant one when both agree,
            // and every state of an interval lies within its `stray` of its sample.
            assert_eq!(
                path.time_within_varying(&q, radius, |_, _| f64::INFINITY),
                span
            );
            assert_eq!(
                path.time_within_varying(&q, f64::INFINITY, |_, _| radius),
                span
            );
            // A radius nothing is within makes the search ask about every interval, from
            // the start (for the first near one) and then from the end (for the last).
            let strays = std::cell::RefCell::new(Vec::new());
            let none = path.time_within_varying(&q, f64::INFINITY, |sample, stray| {
                strays.borrow_mut().push((*sample.position.metres(), stray));
                f64::NEG_INFINITY
            });
            assert_eq!(none, None);
            let asked = strays.into_inner();
            let (strays, backwards) = asked.split_at(asked.len() / 2);
            assert!(strays.iter().rev().eq(backwards.iter()));
            let mut t = 0.0;
            while t <= t_end {
                let s = path
                    .state_at(start + SimDuration::from_seconds(t))
                    .expect("covered");
                let (sample, stray) = strays[(t.floor() as usize).min(strays.len() - 1)];
                let off = (s.position.metres() - sample).norm();
                assert!(
                    off <= stray + 1e-6,
                    "{off} m from its sample, stray {stray} at {t} s"
                );
                t += 0.05;
            }
            // `within_at` answers as the position does, before, along and after the path.
            let near = u(0.0, 3e3);
            let qp = Position::from_vector(q);
            let mut t = -1.0;
            while t <= t_end + 1.0 {
                let at = start + SimDuration::from_seconds(t);
                let moved = path.state_at(at).map(|s| {
                    // A point near the path then, as often as one far from it.
                    Position::from_vector(
                        *s.position.metres() + nalgebra::Vector3::new(near, 0.0, 0.0),
                    )
                });
                for p in [Some(qp), moved].into_iter().flatten() {
                    let expected = path
                        .position_at(at)
                        .is_some_and(|x| x.distance_to(&p).si() < 2.0 * near);
                    assert_eq!(path.within_at(at, &p, 2.0 * near), expected, "at {t} s");
                }
                t += 0.037;
            }
            let mut t = 0.0;
            while t <= t_end {
                let at = start + SimDuration::from_seconds(t);
                let s = path.state_at(at).expect("covered");
                if (s.position.metres() - q).norm() <= radius {
                    let (a, b) = span.expect("a state within the radius");
                    assert!(a <= at && at <= b, "{at:?} outside {a:?}..{b:?}");
                }
                t += 0.01;
            }
            let (mut t, mut nearest) = (0.0, f64::INFINITY);
            while t <= t_end {
                let s = path
                    .state_at(start + SimDuration::from_seconds(t))
                    .expect("covered");
                let d = (s.position.metres() - q).norm();
                assert!(bound <= d + 1e-6, "bound {bound} above {d} at {t} s");
                nearest = nearest.min(d);
                t += 0.01;
            }
            // And not uselessly low: within a few steps' travel of the truth.
            let speed = v0.norm() + a.norm() * t_end;
            assert!(bound >= nearest - 2.0 * speed, "{bound} against {nearest}");
            // The speed bound: no two states 10 ms apart are farther apart than it allows,
            // and it exceeds the truth's largest speed by at most √3 times the
            // acceleration over a step (Hermite interpolation is exact on this motion; the
            // bound adds the 1-norms of v₀ − v̄ and v₁ − v̄, each |a|·step/2 long).
            let bound_speed = path.speed_bound();
            let fastest = (0..=2000)
                .map(|k| at(k as f64 * t_end / 2000.0).velocity.mps().norm())
                .fold(0.0, f64::max);
            assert!(
                bound_speed >= fastest - 1e-6,
                "{bound_speed} below {fastest}"
            );
            assert!(
                bound_speed <= fastest + 3f64.sqrt() * a.norm() + 1e-6,
                "{bound_speed} against {fastest}"
            );
            let (mut t, mut prev) = (0.0, path.state_at(start).expect("covered").position);
            while t + 0.01 <= t_end {
                t += 0.01;
                let s = path
                    .state_at(start + SimDuration::from_seconds(t))
                    .expect("covered");
                let moved = (s.position - prev).metres().norm();
                assert!(
                    moved <= bound_speed * 0.01 * (1.0 + 1e-9) + 1e-5,
                    "{moved} m in 10 ms"
                );
                prev = s.position;
            }
        }
    }
}
