//! The options table: for every track the doctrine lets through, every battery able to
//! fire that has an intercept window on it, with the shot's P_k and cost. The assignment
//! chooses among these rows; nothing later in the cycle searches the sky again.

use std::collections::BTreeMap;
use std::ops::Range;

use tdome_core::defence::BatteryStatus;
use tdome_core::ids::TrackId;
use tdome_core::{SimTime, Usd};

use super::feasibility::{BatteryGeometry, InterceptWindow, Searched, intercept_window};
use crate::assess::TrackAssessment;
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
    /// Its rows of [`OptionsTable::options`].
    pub options: Range<usize>,
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
    /// By battery index.
    by_battery: Vec<Option<Searched>>,
    /// By battery index: where the stretch inside the envelope last ended, on whichever
    /// path of the track found one (a hint for the next path's search).
    stretch_hints: Vec<Option<SimTime>>,
}

impl SearchMemory {
    /// Keep only the tracks `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(TrackId) -> bool) {
        self.by_track.retain(|&t, _| keep(t));
    }

    /// Where the search of `battery` on `track`'s path predicted from `based_on` stopped.
    fn get(&self, track: TrackId, based_on: SimTime, battery: usize) -> Option<Searched> {
        let t = self.by_track.get(&track)?;
        if t.based_on != based_on {
            return None;
        }
        t.by_battery.get(battery).copied().flatten()
    }

    /// Where the stretch of `battery`'s envelope last ended on a path of `track`.
    fn stretch_hint(&self, track: TrackId, battery: usize) -> Option<SimTime> {
        self.by_track
            .get(&track)?
            .stretch_hints
            .get(battery)
            .copied()
            .flatten()
    }

    /// Remember where it stopped (forgetting the searches of an older path).
    fn set(
        &mut self,
        track: TrackId,
        based_on: SimTime,
        (battery, batteries): (usize, usize),
        searched: Searched,
    ) {
        let t = self.by_track.entry(track).or_insert_with(|| TrackSearches {
            based_on,
            by_battery: Vec::new(),
            stretch_hints: Vec::new(),
        });
        if t.based_on != based_on {
            t.based_on = based_on;
            t.by_battery.clear();
        }
        t.by_battery.resize(batteries, None);
        t.by_battery[battery] = Some(searched);
        t.stretch_hints.resize(batteries, None);
        if searched.stretch_end.is_some() {
            t.stretch_hints[battery] = searched.stretch_end;
        }
    }
}

/// Battery × track × intercept window, for one cycle.
#[derive(Clone, Debug, Default)]
pub struct OptionsTable {
    candidates: Vec<Candidate>,
    options: Vec<EngagementOption>,
}

impl OptionsTable {
    /// Empty the table for a new cycle.
    pub fn clear(&mut self) {
        self.candidates.clear();
        self.options.clear();
    }

    /// Add `assessment`'s track, which may take `shots_left` more shots, with a row for
    /// every battery in `status` able to fire, and allowed to by its mode (`allowed`),
    /// that can intercept it at `now`. A battery barred by its mode is still searched,
    /// so that a track held only by the modes can say so.
    pub fn add(
        &mut self,
        assessment: &TrackAssessment,
        shots_left: u32,
        (batteries, status, allowed): (&[BatteryGeometry], &[BatteryStatus], Permission<'_>),
        now: SimTime,
        doctrine: &Doctrine,
        memory: &mut SearchMemory,
    ) {
        let track = assessment.track;
        let first = self.options.len();
        let mut barred_by = None;
        for (bi, battery) in batteries.iter().enumerate() {
            let id = battery.description.id;
            if !status.iter().any(|s| s.id == id && s.can_fire()) {
                continue;
            }
            let previous = memory.get(track, assessment.based_on, bi);
            let (window, searched) = intercept_window(
                battery,
                assessment.category,
                &assessment.path,
                now,
                doctrine,
                previous,
                memory.stretch_hint(track, bi),
            );
            memory.set(track, assessment.based_on, (bi, batteries.len()), searched);
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
            self.options.push(EngagementOption {
                track,
                battery: bi,
                window,
                pk,
                cost: interceptor.unit_cost,
            });
        }
        self.candidates.push(Candidate {
            track,
            shots_left,
            options: first..self.options.len(),
            barred_by,
        });
    }

    /// The tracks in the table, in the order they were added.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// Every row.
    pub fn options(&self) -> &[EngagementOption] {
        &self.options
    }

    /// The rows of one candidate.
    pub fn options_of(&self, candidate: &Candidate) -> &[EngagementOption] {
        &self.options[candidate.options.clone()]
    }
}
