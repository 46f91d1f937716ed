//! Track life: confirmation by M of N, deletion on missed looks or lost accuracy, and
//! a quality figure, all counted in the looks of the radars that see the track.
//!
//! A "look" is one scan of a radar: with a 1 s scan, a target in coverage should bring
//! a plot every second, and a second without one is a missed detection. Counting in
//! looks rather than seconds makes one rule serve a 1 s fire-control radar and a 10 s
//! early-warning radar alike.

use tdome_core::ids::SensorId;
use tdome_core::picture::TrackStatus;
use tdome_core::{SimDuration, SimTime};

use crate::config::TrackerConfig;

/// How many of a track's recent radars are remembered.
const RECENT_SENSORS: usize = 4;

/// Weight of the newest look in the quality figure (an exponential average over about
/// five looks).
const QUALITY_GAIN: f64 = 0.2;

/// Looks a radar of scan period `period` has missed over a silence of `silent`: the
/// next look is due one period after the last plot (give or take the target's motion
/// across the beam), so a silence of 1.4 periods has missed none and 1.6 one.
pub fn looks_missed(silent: SimDuration, period: SimDuration) -> u32 {
    let period = period.as_seconds();
    if period <= 0.0 {
        return 0;
    }
    let looks = (silent.as_seconds() / period + 0.5).floor() - 1.0;
    // Saturating: a track silent for a century has simply missed very many.
    looks.clamp(0.0, f64::from(u32::MAX)) as u32
}

/// One radar that has seen the track lately.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Seen {
    sensor: SensorId,
    period: SimDuration,
    last: SimTime,
}

/// A track's life-cycle bookkeeping.
#[derive(Clone, Debug, PartialEq)]
pub struct Life {
    /// Tentative or confirmed.
    pub status: TrackStatus,
    /// Plots taken, including the first.
    pub hits: u32,
    /// Looks missed while tentative (the "N − M" budget of the confirmation rule).
    pub tentative_misses: u32,
    /// A fallback: started by a plot that also continued another one-plot track. It is
    /// kept only in case that continuation paired the plot with clutter, and so lives
    /// only until the next look: if the plot's target had been paired rightly, its next
    /// plot goes to that pair, and this one-plot track would only spawn clutter pairs.
    pub fallback: bool,
    /// Time of the first plot.
    pub first_plot: SimTime,
    /// Time of the latest plot.
    pub last_plot: SimTime,
    /// Smoothed interval between plots, seconds; `None` before the second.
    pub update_interval_s: Option<f64>,
    /// Exponential average of plots per expected look, in [0, 1].
    quality: f64,
    recent: [Option<Seen>; RECENT_SENSORS],
}

impl Life {
    /// The life of a track started by a plot from `sensor` (scan period `period`) at
    /// `time`.
    pub fn begin(sensor: SensorId, period: SimDuration, time: SimTime) -> Self {
        let mut recent = [None; RECENT_SENSORS];
        recent[0] = Some(Seen {
            sensor,
            period,
            last: time,
        });
        Life {
            status: TrackStatus::Tentative,
            hits: 1,
            tentative_misses: 0,
            fallback: false,
            first_plot: time,
            last_plot: time,
            update_interval_s: None,
            quality: 1.0,
            recent,
        }
    }

    /// The radar that saw the track last, and its scan period.
    fn latest(&self) -> Option<Seen> {
        self.recent.iter().flatten().max_by_key(|s| s.last).copied()
    }

    /// The radar that gave the latest plot.
    pub fn last_sensor(&self) -> Option<SensorId> {
        self.latest().map(|s| s.sensor)
    }

    /// A plot from `sensor` at `time` was associated.
    pub fn hit(
        &mut self,
        sensor: SensorId,
        period: SimDuration,
        time: SimTime,
        config: &TrackerConfig,
    ) {
        let missed = self
            .latest()
            .map_or(0, |s| looks_missed(time - self.last_plot, s.period));
        if self.status == TrackStatus::Tentative {
            self.tentative_misses += missed;
        }
        self.quality *= (1.0 - QUALITY_GAIN).powi(missed.min(64) as i32);
        self.quality = self.quality * (1.0 - QUALITY_GAIN) + QUALITY_GAIN;
        let gap = (time - self.last_plot).as_seconds();
        // Exponential smoothing: follows a change of covering radars within a few
        // updates without jumping at a single missed detection.
        self.update_interval_s = Some(match self.update_interval_s {
            Some(mean) => 0.7 * mean + 0.3 * gap,
            None => gap,
        });
        self.hits += 1;
        self.last_plot = time;
        self.remember(sensor, period, time);
        if self.status == TrackStatus::Tentative && self.hits >= config.confirm_hits {
            self.status = TrackStatus::Confirmed;
        }
    }

    fn remember(&mut self, sensor: SensorId, period: SimDuration, time: SimTime) {
        let seen = Seen {
            sensor,
            period,
            last: time,
        };
        if let Some(slot) = self
            .recent
            .iter_mut()
            .find(|s| s.is_some_and(|s| s.sensor == sensor))
        {
            *slot = Some(seen);
            return;
        }
        // Replace an empty slot, else the radar that saw it longest ago.
        let slot = self
            .recent
            .iter_mut()
            .min_by_key(|s| s.map(|s| s.last))
            .expect("RECENT_SENSORS > 0");
        *slot = Some(seen);
    }

    /// Looks a tentative track may miss and still be confirmed: N − M, none for a
    /// fallback one-plot track.
    fn miss_budget(&self, config: &TrackerConfig) -> u32 {
        if self.fallback && self.hits == 1 {
            0
        } else {
            config.confirm_window.saturating_sub(config.confirm_hits)
        }
    }

    /// False for a tentative track that a plot at `time` would leave unable to make M
    /// plots within N looks: it has already missed too many looks. Such a track takes no
    /// plot, so the plot stays free to start a track that can still be confirmed.
    pub fn can_take_plot_at(&self, time: SimTime, config: &TrackerConfig) -> bool {
        if self.status != TrackStatus::Tentative {
            return true;
        }
        let budget = self.miss_budget(config);
        let missed = self
            .latest()
            .map_or(0, |s| looks_missed(time - self.last_plot, s.period));
        self.tentative_misses + missed <= budget
    }

    /// The quality figure as of `now`: looks missed since the last plot count too.
    pub fn quality(&self, now: SimTime) -> f64 {
        let missed = self
            .latest()
            .map_or(0, |s| looks_missed(now - self.last_plot, s.period));
        self.quality * (1.0 - QUALITY_GAIN).powi(missed.min(64) as i32)
    }

    /// True when the track should be deleted at `now`: a tentative track that can no
    /// longer make M plots within N looks, a confirmed one that every radar that saw it
    /// lately has missed `delete_misses` times in a row, or either one silent beyond
    /// its timeout.
    pub fn expired(&self, now: SimTime, config: &TrackerConfig) -> bool {
        let silent = now - self.last_plot;
        match self.status {
            TrackStatus::Tentative => {
                let budget = self.miss_budget(config);
                let missed_now = self.latest().map_or(0, |s| looks_missed(silent, s.period));
                self.tentative_misses + missed_now > budget || silent > config.tentative_timeout
            }
            _ => {
                // Each radar that has seen it gets its own chances: a target leaving a
                // 1 s fire-control radar's coverage stays held for the 10 s early-warning
                // radar that also sees it.
                let all_missed = self
                    .recent
                    .iter()
                    .flatten()
                    .all(|s| looks_missed(now - s.last, s.period) >= config.delete_misses);
                all_missed || silent > config.confirmed_timeout
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: f64) -> SimDuration {
        SimDuration::from_seconds(x)
    }

    fn t(x: f64) -> SimTime {
        SimTime::ZERO + s(x)
    }

    #[test]
    fn missed_looks_count_whole_scans() {
        assert_eq!(looks_missed(s(1.0), s(1.0)), 0);
        assert_eq!(looks_missed(s(1.4), s(1.0)), 0);
        assert_eq!(looks_missed(s(1.6), s(1.0)), 1);
        assert_eq!(looks_missed(s(4.0), s(1.0)), 3);
        assert_eq!(looks_missed(s(0.2), s(1.0)), 0);
        assert_eq!(looks_missed(s(100.0), SimDuration::ZERO), 0);
    }

    #[test]
    fn three_of_four_confirms_and_two_misses_delete() {
        let config = TrackerConfig::default();
        assert_eq!((config.confirm_hits, config.confirm_window), (3, 4));
        let radar = SensorId(0);
        let mut life = Life::begin(radar, s(1.0), t(0.0));
        // Miss scan 1, hit scans 2 and 3: 3 of 4.
        life.hit(radar, s(1.0), t(2.0), &config);
        assert_eq!(life.tentative_misses, 1);
        assert!(!life.expired(t(2.2), &config));
        life.hit(radar, s(1.0), t(3.0), &config);
        assert_eq!(life.status, TrackStatus::Confirmed);
        // A second tentative track missing two looks out of its first four dies.
        let mut other = Life::begin(radar, s(1.0), t(0.0));
        other.hit(radar, s(1.0), t(2.0), &config);
        assert!(!other.expired(t(3.4), &config));
        assert!(other.expired(t(3.6), &config));
    }

    #[test]
    fn a_confirmed_track_waits_for_its_slowest_recent_radar() {
        let config = TrackerConfig::default();
        let (fast, slow) = (SensorId(0), SensorId(1));
        let mut life = Life::begin(fast, s(1.0), t(0.0));
        life.hit(slow, s(10.0), t(0.5), &config);
        life.hit(fast, s(1.0), t(1.0), &config);
        assert_eq!(life.status, TrackStatus::Confirmed);
        // The fast radar has missed 4 looks by t = 5.6, the slow one none.
        assert!(!life.expired(t(6.0), &config));
        // Both have missed 4 by t = 0.5 + 45.
        assert!(!life.expired(t(14.0), &config));
        let cfg = TrackerConfig {
            confirmed_timeout: SimDuration::from_seconds(1000.0),
            ..config
        };
        assert!(!life.expired(t(40.0), &cfg));
        assert!(life.expired(t(46.0), &cfg));
    }

    #[test]
    fn quality_falls_with_missed_looks() {
        let config = TrackerConfig::default();
        let radar = SensorId(0);
        let mut life = Life::begin(radar, s(1.0), t(0.0));
        for k in 1..10 {
            life.hit(radar, s(1.0), t(f64::from(k)), &config);
        }
        assert!((life.quality(t(9.0)) - 1.0).abs() < 1e-12);
        let q = life.quality(t(12.0));
        assert!((q - 0.8f64.powi(2)).abs() < 1e-12, "{q}");
    }
}
