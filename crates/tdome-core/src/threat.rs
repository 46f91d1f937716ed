//! Kinds of threat, as the world knows them (truth) and as the battle manager can tell
//! them apart from a track (category).

/// What a threat really is. Known to the world only.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ThreatKind {
    /// A guided or unguided ballistic missile (SRBM class).
    BallisticMissile,
    /// An artillery rocket.
    Rocket,
    /// A cruise missile.
    CruiseMissile,
    /// A one-way attack drone.
    Drone,
}

impl ThreatKind {
    /// All kinds, in reporting order.
    pub const ALL: [ThreatKind; 4] = [
        ThreatKind::BallisticMissile,
        ThreatKind::Rocket,
        ThreatKind::CruiseMissile,
        ThreatKind::Drone,
    ];

    /// Its position in [`ThreatKind::ALL`].
    pub fn index(self) -> usize {
        match self {
            ThreatKind::BallisticMissile => 0,
            ThreatKind::Rocket => 1,
            ThreatKind::CruiseMissile => 2,
            ThreatKind::Drone => 3,
        }
    }

    /// The snake-case name used in files and records.
    pub fn name(self) -> &'static str {
        match self {
            ThreatKind::BallisticMissile => "ballistic_missile",
            ThreatKind::Rocket => "rocket",
            ThreatKind::CruiseMissile => "cruise_missile",
            ThreatKind::Drone => "drone",
        }
    }

    /// The category an ideal classifier would assign.
    pub fn category(self) -> TargetCategory {
        match self {
            ThreatKind::BallisticMissile | ThreatKind::Rocket => TargetCategory::Ballistic,
            ThreatKind::CruiseMissile | ThreatKind::Drone => TargetCategory::AirBreathing,
        }
    }
}

/// What the battle manager can tell from a track's kinematics: does it fly a ballistic
/// arc, or does it hold altitude under its own lift?
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TargetCategory {
    /// Follows a ballistic arc after burnout.
    Ballistic,
    /// Flies under lift: cruise missiles and drones.
    AirBreathing,
}

impl TargetCategory {
    /// The snake-case name used in files and records.
    pub fn name(self) -> &'static str {
        match self {
            TargetCategory::Ballistic => "ballistic",
            TargetCategory::AirBreathing => "air_breathing",
        }
    }
}
