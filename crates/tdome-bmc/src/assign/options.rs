//! The options table: for every track the doctrine lets through, every battery able to
//! fire that has an intercept window on it, with the shot's P_k and cost. The assignment
//! chooses among these rows; nothing later in the cycle searches the sky again.

use std::collections::BTreeMap;
use std::ops::Range;

use tdome_core::defence::BatteryStatus;
use tdome_core::ids::{BatteryId, TrackId};
use tdome_core::{SimTime, Usd};

use super::feasibility::{BatteryGeometry, InterceptWindow, Searched, intercept_window};
use crate::assess::TrackAssessment;
use crate::config::Doctrine;

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
}

/// Where each (track, battery) search on a predicted path stopped, by the time of the
/// estimate the path was predicted from: the next cycle resumes there on the same path.
pub type SearchMemory = BTreeMap<(TrackId, BatteryId), (SimTime, Searched)>;

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
    /// every battery in `status` able to fire that can intercept it at `now`.
    pub fn add(
        &mut self,
        assessment: &TrackAssessment,
        shots_left: u32,
        (batteries, status): (&[BatteryGeometry], &[BatteryStatus]),
        now: SimTime,
        doctrine: &Doctrine,
        memory: &mut SearchMemory,
    ) {
        let track = assessment.track;
        let first = self.options.len();
        for (bi, battery) in batteries.iter().enumerate() {
            let id = battery.description.id;
            if !status.iter().any(|s| s.id == id && s.can_fire()) {
                continue;
            }
            let key = (track, id);
            let previous = match memory.get(&key) {
                Some(&(based_on, s)) if based_on == assessment.based_on => Some(s),
                _ => None,
            };
            let (window, searched) = intercept_window(
                battery,
                assessment.category,
                &assessment.path,
                now,
                doctrine,
                previous,
            );
            memory.insert(key, (assessment.based_on, searched));
            let Some(window) = window else {
                continue;
            };
            let interceptor = &battery.description.interceptor;
            // A window exists only for a category the interceptor engages.
            let pk = interceptor
                .pk
                .against(assessment.category)
                .map_or(0.0, |p| p.value());
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
