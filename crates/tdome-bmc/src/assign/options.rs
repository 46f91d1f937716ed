//! The options table: for every track the doctrine lets through, every battery able to
//! fire that has an intercept window on it, with the shot's P_k and cost. The assignment
//! chooses among these rows; nothing later in the cycle searches the sky again.

use std::collections::BTreeMap;
use std::ops::Range;

use tdome_core::defence::BatteryStatus;
use tdome_core::ids::TrackId;
use tdome_core::{SimTime, Usd};

use super::feasibility::{BatteryGeometry, Inside, InterceptWindow, Searched, intercept_window};
use crate::assess::TrackAssessment;
use crate::assess::path::PathMemo;
use crate::config::{Doctrine, OperatorMode};

/// One way to engage one track: a battery and its intercept window, with what a shot
/// costs and what it is worth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EngagementOption {
    /// The track.
    pub track: TrackId,
    /// The battery, by its index in the assigner's battery list.
    pub battery: usize,
    /// When it can intercept.
    pub window: InterceptWindow,
    /// Single-shot kill probability of its interceptor against the track's category.
    pub pk: f64,
    /// One round's cost.
    pub cost: Usd,
}

/// A track the doctrine lets through, and where its options lie in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The track.
    pub track: TrackId,
    /// Shots the doctrine still allows at it.
    pub shots_left: u32,
    /// Its rows ([`OptionsTable::options_of`]): which chunk of the table, and where in
    /// it.
    rows: (usize, Range<usize>),
    /// The operator mode that barred a battery with an intercept window on it, if any
    /// did: weapons tight where some such battery was tight, else weapons hold. Its
    /// options are not in the table.
    pub barred_by: Option<OperatorMode>,
}

/// Which batteries may engage one track under their operators' modes.
#[derive(Clone, Copy, Debug)]
pub struct Permission<'a> {
    /// Each battery's mode, by its index in the assigner's battery list.
    pub modes: &'a [OperatorMode],
    /// The track passes weapons tight's test.
    pub confident: bool,
}

impl Permission<'_> {
    /// The mode of battery `bi`, when it bars the track.
    fn barring(&self, bi: usize) -> Option<OperatorMode> {
        match self.modes.get(bi).copied().unwrap_or_default() {
            OperatorMode::Free => None,
            OperatorMode::Tight if self.confident => None,
            mode => Some(mode),
        }
    }
}

/// Where each (track, battery) search on a predicted path stopped: the next cycle
/// resumes there on the same path. Kept by track (a few thousand at most), each with the
/// time of the estimate its path was predicted from and a slot per battery, so that
/// forgetting the tracks gone is a pass over tracks, not over every pair.
#[derive(Clone, Debug, Default)]
pub struct SearchMemory {
    by_track: BTreeMap<TrackId, TrackSearches>,
}

#[derive(Clone, Debug)]
struct TrackSearches {
    /// The estimate the searched path was predicted from.
    based_on: SimTime,
    /// By battery index: where its search on this path stopped, as an index into
    /// `searched`, or [`UNSEARCHED`] or [`EXHAUSTED`]. A search that finds no window
    /// never finds one later on the same path (see [`intercept_window`]), so only the
    /// searches with a window need their place kept: on a first cycle of a thousand
    /// tracks and a hundred batteries, fewer than half, and a slot per pair made
    /// megabytes of fresh memory that cost more to touch than the searches it saved.
    slots: Vec<u32>,
    /// The searches with a window, in the order they were first made.
    searched: Vec<Kept>,
    /// By battery index: where the stretch inside the envelope last ended, on whichever
    /// path of the track found one (a hint for the next path's search).
    /// As nanoseconds, [`NO_HINT`] for none: half the memory of an `Option`.
    stretch_hints: Vec<i64>,
}

impl SearchMemory {
    /// Keep only the tracks `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(TrackId) -> bool) {
        self.by_track.retain(|&t, _| keep(t));
    }

    /// The searches of `track`'s path predicted from `based_on`, a slot for each of
    /// `batteries` (those of an older path forgotten, its stretch hints kept). Taken once
    /// per track and cycle, not per (track, battery) pair.
    fn of_path(
        &mut self,
        track: TrackId,
        based_on: SimTime,
        batteries: usize,
    ) -> &mut TrackSearches {
        let t = self.of_track(track, based_on);
        t.fit(based_on, batteries);
        t
    }

    /// The searches of `track`, made if new (empty until [`TrackSearches::fit`]).
    fn of_track(&mut self, track: TrackId, based_on: SimTime) -> &mut TrackSearches {
        self.by_track.entry(track).or_insert_with(|| TrackSearches {
            based_on,
            slots: Vec::new(),
            searched: Vec::new(),
            stretch_hints: Vec::new(),
        })
    }
}

impl TrackSearches {
    /// Ready for the path predicted from `based_on`, with a slot for each of `batteries`:
    /// those of an older path forgotten, the stretch hints kept.
    fn fit(&mut self, based_on: SimTime, batteries: usize) {
        if self.based_on != based_on {
            self.based_on = based_on;
            self.slots.clear();
            self.searched.clear();
        }
        self.slots.resize(batteries, UNSEARCHED);
        self.stretch_hints.resize(batteries, NO_HINT);
    }

    /// Where the stretch inside the envelope last ended for `battery`, if it did.
    fn stretch_hint(&self, battery: usize) -> Option<SimTime> {
        let hint = self.stretch_hints[battery];
        (hint != NO_HINT).then(|| SimTime::from_nanos(hint))
    }

    /// Where the search of `battery` on this path stands.
    fn previous(&self, battery: usize) -> Previous {
        match self.slots[battery] {
            UNSEARCHED => Previous::Unsearched,
            EXHAUSTED => Previous::Exhausted,
            i => self
                .searched
                .get(i as usize)
                .map_or(Previous::Unsearched, |k| Previous::Stopped(k.searched())),
        }
    }

    /// Remember where the search of `battery` stopped, and whether it found a window.
    /// A first search with a window goes to `new` (the track's searches made this
    /// cycle, added at once by [`TrackSearches::adopt`]).
    fn record(&mut self, battery: usize, searched: Searched, window: bool, new: &mut Vec<Kept>) {
        if let Some(end) = searched.stretch_end {
            self.stretch_hints[battery] = end.as_nanos();
        }
        let kept = window.then(|| Kept::of(&searched)).flatten();
        let slot = &mut self.slots[battery];
        match (kept, *slot) {
            (None, _) if !window => *slot = EXHAUSTED,
            // Not in the kept form (no search with a window ends so): searched afresh
            // next time, to the same window.
            (None, _) => *slot = UNSEARCHED,
            (Some(k), UNSEARCHED | EXHAUSTED) => {
                // Past four billion on one path the place is not kept either.
                *slot = u32::try_from(self.searched.len() + new.len())
                    .ok()
                    .filter(|&i| i < EXHAUSTED)
                    .unwrap_or(UNSEARCHED);
                if *slot != UNSEARCHED {
                    new.push(k);
                }
            }
            (Some(k), i) => match self.searched.get_mut(i as usize) {
                Some(kept) => *kept = k,
                // A place past the kept ones (never made): searched afresh next time.
                None => *slot = UNSEARCHED,
            },
        }
    }

    /// Add the searches [`TrackSearches::record`] put in `new`, emptying it: in one
    /// allocation of the right size on a new path (grown by doubling, a vector per
    /// track left its outgrown copies behind, megabytes of fresh memory on a first
    /// cycle).
    fn adopt(&mut self, new: &mut Vec<Kept>) {
        self.searched.extend_from_slice(new);
        new.clear();
    }
}

/// Where the search of one battery on a track's path stands.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Previous {
    /// Not searched on this path yet.
    Unsearched,
    /// Searched, and no window is left on it.
    Exhausted,
    /// Stopped here, with a window.
    Stopped(Searched),
}

/// A search with a window as [`TrackSearches`] keeps it: its earliest candidate is
/// where it resumes, and it has a stretch, so of its [`Searched`] only six numbers are
/// not implied (48 bytes against 80).
#[derive(Clone, Copy, Debug)]
struct Kept {
    resume_at: SimTime,
    stretch_end: SimTime,
    reach_until: SimTime,
    first_flight_s: f64,
    last: SimTime,
    last_flight_s: f64,
}

impl Kept {
    /// The kept form of `searched`, if it is that of a search with a window.
    fn of(searched: &Searched) -> Option<Kept> {
        let [Some(first), Some(last)] = searched.inside else {
            return None;
        };
        (first.time == searched.resume_at).then_some(Kept {
            resume_at: searched.resume_at,
            stretch_end: searched.stretch_end?,
            reach_until: searched.reach_until,
            first_flight_s: first.flight_s,
            last: last.time,
            last_flight_s: last.flight_s,
        })
    }

    /// The search it keeps.
    fn searched(&self) -> Searched {
        Searched {
            resume_at: self.resume_at,
            stretch_end: Some(self.stretch_end),
            reach_until: self.reach_until,
            inside: [
                Some(Inside {
                    time: self.resume_at,
                    flight_s: self.first_flight_s,
                }),
                Some(Inside {
                    time: self.last,
                    flight_s: self.last_flight_s,
                }),
            ],
        }
    }
}

/// Scratch of one thread's searches, kept between tracks.
#[derive(Clone, Debug, Default)]
struct SearchScratch {
    /// The path's positions at the candidate times.
    memo: PathMemo,
    /// A track's first searches with a window this cycle.
    new: Vec<Kept>,
}

/// [`TrackSearches::stretch_hints`]: none (a time 292 years before the epoch).
const NO_HINT: i64 = i64::MIN;

/// [`TrackSearches::slots`]: not searched on this path yet.
const UNSEARCHED: u32 = u32::MAX;

/// [`TrackSearches::slots`]: searched on this path, and no window is left on it.
const EXHAUSTED: u32 = u32::MAX - 1;

/// A track the doctrine let through, to be searched.
#[derive(Clone, Copy, Debug)]
pub struct Gated<'a> {
    /// Its assessment (the path the searches run on).
    pub assessment: &'a TrackAssessment,
    /// Shots the doctrine still allows at it.
    pub shots_left: u32,
    /// It passes weapons tight's test.
    pub confident: bool,
}

/// Fewest (track, battery) pairs in one pass for its searches to be shared out among
/// threads: below it, starting them costs more than they save (a pass of 100,000 pairs,
/// all searched afresh, takes tens of milliseconds; one resumed from the last cycle's
/// searches a few).
pub const PARALLEL_PAIRS: usize = 20_000;

/// Where one track's rows lie in its part's chunk, and the mode that barred a battery
/// with a window on it, if any.
type TrackRows = (Range<usize>, Option<OperatorMode>);

/// Tracks in one part of a shared pass.
const PARALLEL_PART: usize = 16;

/// What every track's searches share in one pass.
struct Search<'a> {
    batteries: &'a [BatteryGeometry],
    status: &'a [Option<BatteryStatus>],
    modes: &'a [OperatorMode],
    now: SimTime,
    doctrine: &'a Doctrine,
}

impl Search<'_> {
    /// Search every battery able to fire for `gated`'s track, resuming `searches`,
    /// appending a row to `rows` for each allowed one with a window (`scratch`: the
    /// thread's memo of the path's positions and its new searches); returns the mode
    /// that barred a battery with a window, if one did.
    fn track(
        &self,
        gated: &Gated<'_>,
        searches: &mut TrackSearches,
        rows: &mut Vec<EngagementOption>,
        scratch: &mut SearchScratch,
    ) -> Option<OperatorMode> {
        let assessment = gated.assessment;
        // Every battery's search tries the same candidate times on this path.
        let SearchScratch { memo, new } = scratch;
        let looks = memo.on(&assessment.path, self.doctrine.search_step());
        let allowed = Permission {
            modes: self.modes,
            confident: gated.confident,
        };
        let mut barred_by = None;
        for (bi, battery) in self.batteries.iter().enumerate() {
            if !self
                .status
                .get(bi)
                .is_some_and(|s| s.as_ref().is_some_and(BatteryStatus::can_fire))
            {
                continue;
            }
            let previous = match searches.previous(bi) {
                Previous::Exhausted => continue,
                Previous::Stopped(searched) => Some(searched),
                Previous::Unsearched => None,
            };
            let (window, searched) = intercept_window(
                battery,
                assessment.category,
                &looks,
                self.now,
                self.doctrine,
                previous,
                searches.stretch_hint(bi),
            );
            searches.record(bi, searched, window.is_some(), new);
            let Some(window) = window else {
                continue;
            };
            if let Some(mode) = allowed.barring(bi) {
                // Tight outranks hold: it is the mode that would let the shot go.
                barred_by = Some(barred_by.map_or(mode, |b: OperatorMode| b.min(mode)));
                continue;
            }
            let interceptor = &battery.description.interceptor;
            // A window exists only for a category the interceptor engages. A gun's
            // burst is weighed at the window's earliest intercept, where it is ordered.
            let pk = match &interceptor.effector {
                tdome_core::defence::Effector::Gun(_) => {
                    let site = battery.frame.origin_ecef();
                    let slant = window.earliest.aim_point.distance_to(&site).si();
                    interceptor.pk_at(assessment.category, slant)
                }
                _ => interceptor
                    .pk
                    .against(assessment.category)
                    .map(|p| p.value()),
            }
            .unwrap_or(0.0);
            rows.push(EngagementOption {
                track: assessment.track,
                battery: bi,
                window,
                pk,
                cost: interceptor.unit_cost,
            });
        }
        searches.adopt(new);
        barred_by
    }
}

/// Battery × track × intercept window, for one cycle.
#[derive(Clone, Debug, Default)]
pub struct OptionsTable {
    candidates: Vec<Candidate>,
    /// The rows, in chunks: one for each part of a pass shared among threads, written
    /// by the thread that searched it, and read where it lies (a first cycle over a
    /// thousand tracks has megabytes of rows, and copying them into one table after
    /// the threads had written them was a sixth of the pass's fresh memory, on one
    /// thread). Kept between cycles, emptied.
    chunks: Vec<Vec<EngagementOption>>,
    /// Chunks holding this cycle's rows.
    chunks_used: usize,
    /// Scratch of the searches on one thread, kept between cycles.
    scratch: SearchScratch,
}

impl OptionsTable {
    /// Empty the table for a new cycle.
    pub fn clear(&mut self) {
        self.candidates.clear();
        self.chunks.iter_mut().for_each(Vec::clear);
        self.chunks_used = 0;
    }

    /// `count` more chunks for this cycle's rows, emptied, each with room for
    /// `rows_each` rows (reserved, so that filling one never moves it: untouched room
    /// costs address space, not memory); returns the index of the first.
    fn take_chunks(&mut self, count: usize, rows_each: usize) -> usize {
        let first = self.chunks_used;
        self.chunks_used += count;
        if self.chunks.len() < self.chunks_used {
            self.chunks.resize_with(self.chunks_used, Vec::new);
        }
        for chunk in &mut self.chunks[first..self.chunks_used] {
            chunk.clear();
            chunk.reserve(rows_each);
        }
        first
    }

    /// Add each track the doctrine let through (`gated`, most urgent first), in order,
    /// with a row for every battery able to fire on its `status` (by battery index),
    /// and allowed to by its mode, that can intercept it at `now`. A battery barred by
    /// its mode is still searched, so that a track held only by the modes can say so.
    ///
    /// The searches run on up to `threads` threads when there are at least
    /// [`PARALLEL_PAIRS`] (track, battery) pairs: each track's rows depend on its own
    /// assessment and searches alone, and go in in the order given, so the table and
    /// the memory are the same whatever the thread count.
    pub fn add_all(
        &mut self,
        gated: &[Gated<'_>],
        (batteries, status, modes): (
            &[BatteryGeometry],
            &[Option<BatteryStatus>],
            &[OperatorMode],
        ),
        (now, doctrine): (SimTime, &Doctrine),
        memory: &mut SearchMemory,
        threads: usize,
    ) {
        let search = Search {
            batteries,
            status,
            modes,
            now,
            doctrine,
        };
        let threads = threads.max(1).min(gated.len().max(1));
        if threads == 1 || gated.len() * batteries.len() < PARALLEL_PAIRS {
            let ci = self.take_chunks(1, 0);
            let chunk = &mut self.chunks[ci];
            for g in gated {
                let searches =
                    memory.of_path(g.assessment.track, g.assessment.based_on, batteries.len());
                let first = chunk.len();
                let barred_by = search.track(g, searches, chunk, &mut self.scratch);
                self.candidates.push(Candidate {
                    track: g.assessment.track,
                    shots_left: g.shots_left,
                    rows: (ci, first..chunk.len()),
                    barred_by,
                });
            }
            return;
        }
        // Each track's searches, made here if new, then lent out one track each to the
        // threads, which fit them to the path: on a first cycle that is a hundred
        // slots for each of a thousand tracks, megabytes of fresh memory, and made
        // ready here on one thread it took a fifth of the pass.
        for g in gated {
            memory.of_track(g.assessment.track, g.assessment.based_on);
        }
        let mut lent: BTreeMap<TrackId, &mut TrackSearches> =
            memory.by_track.iter_mut().map(|(&t, s)| (t, s)).collect();
        let mut work: Vec<(&Gated<'_>, &mut TrackSearches)> = gated
            .iter()
            .filter_map(|g| Some((g, lent.remove(&g.assessment.track)?)))
            .collect();
        // Parts of a few dozen tracks, handed out in order to whichever thread is free:
        // tracks differ in cost (a path near many batteries has many windows to bound),
        // and halves fixed in advance left one thread waiting on the other. Each part
        // writes its rows into a chunk of its own.
        let count = work.len().div_ceil(PARALLEL_PART);
        let first_chunk = self.take_chunks(count, PARALLEL_PART * batteries.len());
        let parts: Vec<_> = work
            .chunks_mut(PARALLEL_PART)
            .zip(&mut self.chunks[first_chunk..first_chunk + count])
            .enumerate()
            .collect();
        let queue = std::sync::Mutex::new(parts.into_iter());
        let mut found: Vec<Option<Vec<TrackRows>>> = (0..count).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (search, queue) = (&search, &queue);
                    scope.spawn(move || {
                        let mut done = Vec::new();
                        let mut scratch = SearchScratch::default();
                        loop {
                            // The lock guards only the hand-out; a poisoned one means
                            // another worker panicked, which the join below passes on.
                            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                            let Some((index, (part, chunk))) = next else {
                                break;
                            };
                            let rows: Vec<_> = part
                                .iter_mut()
                                .map(|(g, searches)| {
                                    searches.fit(g.assessment.based_on, search.batteries.len());
                                    let first = chunk.len();
                                    let barred_by = search.track(g, searches, chunk, &mut scratch);
                                    (first..chunk.len(), barred_by)
                                })
                                .collect();
                            done.push((index, rows));
                        }
                        done
                    })
                })
                .collect();
            for handle in handles {
                // A search does not panic (it returns no window instead); were one to,
                // the pass would panic here as it would have on one thread.
                let done = handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                for (index, rows) in done {
                    found[index] = Some(rows);
                }
            }
        });
        // The candidates go in in the parts' order, which is the tracks' order.
        let found = found.into_iter().enumerate().flat_map(|(index, rows)| {
            rows.expect("every part is handed out once and searched")
                .into_iter()
                .map(move |(rows, barred_by)| ((first_chunk + index, rows), barred_by))
        });
        for ((g, _), (rows, barred_by)) in work.iter().zip(found) {
            self.candidates.push(Candidate {
                track: g.assessment.track,
                shots_left: g.shots_left,
                rows,
                barred_by,
            });
        }
    }

    /// The tracks in the table, in the order they were added.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The rows of one candidate.
    pub fn options_of(&self, candidate: &Candidate) -> &[EngagementOption] {
        let (chunk, rows) = &candidate.rows;
        &self.chunks[*chunk][rows.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn searched(first: Option<i64>, stretch: Option<i64>, last: Option<i64>) -> Searched {
        let at = |s: i64| SimTime::from_seconds(s as f64);
        Searched {
            resume_at: at(10),
            stretch_end: stretch.map(at),
            reach_until: at(90),
            inside: [
                first.map(|t| Inside {
                    time: at(t),
                    flight_s: 4.5,
                }),
                last.map(|t| Inside {
                    time: at(t),
                    flight_s: 7.25,
                }),
            ],
        }
    }

    /// A search with a window is kept whole, and nothing else is taken for one.
    #[test]
    fn a_kept_search_is_the_search_it_keeps() {
        let window = searched(Some(10), Some(30), Some(28));
        assert_eq!(Kept::of(&window).map(|k| k.searched()), Some(window));
        for other in [
            searched(None, None, None),
            searched(Some(11), Some(30), Some(28)),
            searched(Some(10), None, Some(28)),
            searched(Some(10), Some(30), None),
        ] {
            assert!(Kept::of(&other).is_none(), "{other:?}");
        }
    }

    /// The memory of one track: an unsearched battery, one with no window left, one
    /// whose window was first found this cycle and one updated later; a new path
    /// forgets the searches and keeps the hints.
    #[test]
    fn a_track_remembers_each_battery_s_search() {
        let mut t = TrackSearches {
            based_on: SimTime::ZERO,
            slots: Vec::new(),
            searched: Vec::new(),
            stretch_hints: Vec::new(),
        };
        t.fit(SimTime::ZERO, 4);
        let mut new = Vec::new();
        let window = searched(Some(10), Some(30), Some(28));
        t.record(1, searched(None, None, None), false, &mut new);
        t.record(2, window, true, &mut new);
        t.record(3, window, true, &mut new);
        // Not in the memory until adopted, and adopted in one piece.
        assert!(t.searched.is_empty());
        t.adopt(&mut new);
        assert!(new.is_empty());
        assert_eq!(t.previous(0), Previous::Unsearched);
        assert_eq!(t.previous(1), Previous::Exhausted);
        assert_eq!(t.previous(2), Previous::Stopped(window));
        let mut later = searched(Some(12), Some(30), Some(29));
        later.resume_at = SimTime::from_seconds(12.0);
        t.record(3, later, true, &mut new);
        assert!(new.is_empty(), "an update is made in place");
        assert_eq!(t.previous(3), Previous::Stopped(later));
        // No window left: exhausted, whatever it had.
        t.record(2, searched(None, None, None), false, &mut new);
        assert_eq!(t.previous(2), Previous::Exhausted);
        assert_eq!(t.stretch_hint(3), Some(SimTime::from_seconds(30.0)));
        assert_eq!(t.stretch_hint(1), None);
        // A new path.
        t.fit(SimTime::from_seconds(1.0), 4);
        assert!((0..4).all(|b| t.previous(b) == Previous::Unsearched));
        assert_eq!(t.stretch_hint(3), Some(SimTime::from_seconds(30.0)));
    }
}
