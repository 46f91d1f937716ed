//! Helpers shared by the world's tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use tdome_core::event::{Event, EventSink};
use tdome_scenario::Scenario;
use tdome_world::{AsFastAsPossible, RunSummary, Simulation};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario from the repository.
pub fn scenario(rel: &str) -> Scenario {
    let path = root().join(rel);
    tdome_scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The theatre, one town of value 10 and one 80 km radar ("radar") beside it, shared by
/// the tests' inline scenarios (append batteries and raids naming them).
pub const TOWN_AND_RADAR: &str = r#"
[theatre]
origin = { lat_deg = 24.0, lon_deg = 120.0, alt_m = 0.0 }

[[asset]]
name = "town"
value = 10.0
polygon = [[24.00, 120.00], [24.00, 120.02], [24.02, 120.02], [24.02, 120.00]]

[[sensor]]
name = "radar"
site = { lat_deg = 24.01, lon_deg = 120.01, alt_m = 20.0 }
scan_period_s = 1.0
pd = 0.95
coverage = { min_range_km = 0.5, max_range_km = 80.0, min_elevation_deg = 0.0, max_elevation_deg = 85.0 }
noise = { range_m = 20.0, azimuth_deg = 0.2, elevation_deg = 0.2 }
"#;

/// A target standing still at `p` (an aerostat, say), of cross-section `rcs_m2`, for
/// radar tests that look at one.
pub fn still_target(
    p: tdome_core::Position<tdome_core::Ecef>,
    rcs_m2: f64,
) -> tdome_world::sense::radar::TargetView {
    let s = tdome_physics::EcefState {
        position: p,
        velocity: tdome_core::Velocity::default(),
    };
    tdome_world::sense::radar::TargetView {
        object: tdome_core::ids::ObjectId(0),
        before: s,
        after: s,
        // A stationary target: its end state holds at any time.
        after_time: tdome_core::SimTime::from_seconds(1e7),
        from: tdome_core::SimTime::ZERO,
        until: tdome_core::SimTime::from_seconds(1e7),
        rcs_m2,
    }
}

/// A scenario from TOML text (the built-in catalogue unless it names one).
pub fn scenario_from(text: &str) -> Scenario {
    tdome_scenario::parse_str(text, &root().join("scenarios/tests/inline.toml"))
        .unwrap_or_else(|e| panic!("inline scenario: {e}"))
}

/// Every event, cloned into owned form as a debug string line, for comparisons and
/// searches.
#[derive(Default)]
pub struct Log {
    pub lines: Vec<String>,
    pub events: Vec<OwnedEvent>,
}

pub use tdome_core::event::OwnedEvent;

impl EventSink for Log {
    fn on_event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        self.lines.push(format!("{event:?}"));
        self.events.push(event.to_owned_event());
        Ok(())
    }
}

/// Run a scenario to the end with a summary and a log.
pub fn run(s: &Scenario) -> (RunSummary, Log) {
    let mut sim = Simulation::new(s, s.seed).expect("world builds");
    let mut summary = RunSummary::new(s, s.seed);
    let mut log = Log::default();
    {
        let mut sinks = tdome_core::event::Sinks::new();
        sinks.push(&mut summary);
        sinks.push(&mut log);
        sim.run(&mut AsFastAsPossible, &mut sinks, &mut |_| {})
            .expect("run");
    }
    (summary, log)
}
