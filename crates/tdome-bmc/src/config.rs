//! Battle-manager settings. Defaults are documented values a scenario may override.

use tdome_core::{SimDuration, Speed};

/// All battle-manager settings.
#[derive(Clone, Debug, PartialEq)]
pub struct BmcConfig {
    /// How often the battle manager runs a cycle (track report, assess, assign).
    pub cycle: SimDuration,
    /// Tracker settings.
    pub tracker: TrackerConfig,
    /// Threat-assessment settings.
    pub assessment: AssessmentConfig,
    /// Firing doctrine.
    pub doctrine: Doctrine,
}

/// Tracker settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackerConfig {
    /// Power spectral density of the white-noise acceleration of the nearly-constant-
    /// velocity motion model, m²/s³ per axis.
    pub process_noise_psd: f64,
    /// Standard deviation of each velocity component of a new track started from one
    /// plot.
    pub initial_velocity_sigma: Speed,
    /// Association gate: the chi-square (3 degrees of freedom) value of the normalised
    /// innovation below which a plot may update a track.
    pub gate_chi2: f64,
    /// Plots associated to a tentative track (including the first) to confirm it.
    pub confirm_hits: u32,
    /// A tentative track not updated for this long is deleted.
    pub tentative_timeout: SimDuration,
    /// A confirmed track not updated for this long is deleted.
    pub confirmed_timeout: SimDuration,
    /// Track capacity: the most live tracks (tentative and confirmed) the picture
    /// holds. Real battle-management systems state one; here it also bounds memory
    /// whatever the clutter or the raid. Past it, the tentative tracks updated longest
    /// ago are dropped first (see `Tracker::dropped_at_capacity`).
    pub max_tracks: usize,
}

/// Threat-assessment settings.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentConfig {
    /// Ballistic coefficient assumed when predicting ballistic tracks, kg/m²; `None`
    /// predicts in vacuum.
    pub assumed_ballistic_coefficient: Option<f64>,
    /// Integration step of the impact prediction, seconds.
    pub prediction_step_s: f64,
    /// Longest prediction, seconds.
    pub prediction_horizon_s: f64,
    /// A ballistic track predicted to fall within this distance outside a defended area
    /// counts as threatening it, metres: the point prediction carries error (assumed
    /// ballistic coefficient, track noise), and a rocket landing just outside a city's
    /// edge on the prediction may land just inside it in truth.
    pub defended_area_margin_m: f64,
    /// Tracks slower than this, lower than `air_breathing_max_altitude_m` and climbing or
    /// diving slower than `air_breathing_max_vertical_speed_mps` are air-breathing.
    pub air_breathing_max_speed_mps: f64,
    /// See `air_breathing_max_speed_mps`.
    pub air_breathing_max_altitude_m: f64,
    /// See `air_breathing_max_speed_mps`.
    pub air_breathing_max_vertical_speed_mps: f64,
}

/// Firing doctrine.
#[derive(Clone, Debug, PartialEq)]
pub struct Doctrine {
    /// Interceptors fired together at one threat per engagement decision (1 is
    /// shoot-look-shoot; 2 is shoot-shoot-look).
    pub salvo_size: u32,
    /// Most interceptors ever fired at one track.
    pub max_shots_per_track: u32,
    /// Wait after the planned intercept time before judging a shot missed (the track
    /// still being updated) and re-engaging.
    pub kill_assessment_delay: SimDuration,
    /// Spacing of the candidate intercept times searched when planning a shot, seconds.
    pub intercept_search_step_s: f64,
    /// No shot on a track younger than this (since its first plot): a track a few
    /// tenths of a second old may have been formed on a rocket still boosting, whose
    /// predicted impact says nothing yet. Air-breathing tracks wait five times as long
    /// (a boosting rocket can pass for one at first, and they leave minutes anyway).
    pub min_track_age: SimDuration,
    /// A shot is ordered only when its planned launch falls within this window after
    /// the earliest possible launch; a later launch is re-planned each cycle instead of
    /// committing a round and a fire channel long before they are needed.
    pub launch_commit_window: SimDuration,
    /// Latest planned intercept before the predicted impact (or entry into a defended
    /// area): the prediction's time error (an assumed ballistic coefficient) must not
    /// put the intercept after the real impact.
    pub min_time_before_impact: SimDuration,
}

impl Default for BmcConfig {
    fn default() -> Self {
        BmcConfig {
            cycle: SimDuration::from_seconds(0.5),
            tracker: TrackerConfig::default(),
            assessment: AssessmentConfig::default(),
            doctrine: Doctrine::default(),
        }
    }
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            // ~(10 m/s²)² · 1 s: covers gravity and manoeuvres unmodelled by constant
            // velocity over a few-second scan.
            process_noise_psd: 100.0,
            initial_velocity_sigma: Speed::metres_per_second(1500.0),
            // 99.97% gate for 3 degrees of freedom.
            gate_chi2: 18.8,
            confirm_hits: 3,
            tentative_timeout: SimDuration::from_seconds(12.0),
            confirmed_timeout: SimDuration::from_seconds(15.0),
            // Notional: public figures for single systems run from about a hundred
            // (fire-control radars) to over a thousand (surveillance radars); a
            // network-wide picture is given far more room, so the cap binds only on
            // clutter or on raids of tens of thousands of unresolved rockets.
            max_tracks: 100_000,
        }
    }
}

impl AssessmentConfig {
    /// The drag ballistic tracks are predicted with.
    pub fn ballistic_drag(&self) -> tdome_physics::ballistic::CoastDrag {
        match self.assumed_ballistic_coefficient {
            Some(beta) => tdome_physics::ballistic::CoastDrag::BallisticCoefficient(beta),
            None => tdome_physics::ballistic::CoastDrag::Vacuum,
        }
    }
}

impl Default for AssessmentConfig {
    fn default() -> Self {
        AssessmentConfig {
            // The middle of the catalogue's threats after burnout (β from ~4,500 kg/m² for a
            // Qassam-class rocket to ~21,000 for a Fajr-5, C_d varying with Mach).
            assumed_ballistic_coefficient: Some(10_000.0),
            prediction_step_s: 1.0,
            prediction_horizon_s: 900.0,
            defended_area_margin_m: 500.0,
            // The speed of sound at sea level: the catalogue's cruise missiles and drones are
            // subsonic, while artillery rockets fly depressed arcs at 300-500 m/s that
            // would otherwise pass for fast cruise missiles.
            air_breathing_max_speed_mps: 340.0,
            air_breathing_max_altitude_m: 3_000.0,
            air_breathing_max_vertical_speed_mps: 60.0,
        }
    }
}

impl Default for Doctrine {
    fn default() -> Self {
        Doctrine {
            salvo_size: 1,
            max_shots_per_track: 4,
            kill_assessment_delay: SimDuration::from_seconds(3.0),
            intercept_search_step_s: 1.0,
            min_time_before_impact: SimDuration::from_seconds(2.0),
            launch_commit_window: SimDuration::from_seconds(5.0),
            min_track_age: SimDuration::from_seconds(2.0),
        }
    }
}
