//! Identifiers. Each is a small integer newtype, assigned in a stable order (scenario
//! order for configured things, creation order for objects, tracks and engagements), so
//! that every iteration over them is deterministic.

use std::fmt;

macro_rules! id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into its owner's table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id!(
    /// A simulated physical object (threat or interceptor) in the world's truth.
    ObjectId, "obj"
);
id!(
    /// A sensor (radar), by its index in the scenario.
    SensorId, "sensor"
);
id!(
    /// A firing battery, by its index in the scenario.
    BatteryId, "battery"
);
id!(
    /// A defended asset, by its index in the scenario.
    AssetId, "asset"
);
id!(
    /// A track in the battle manager's air picture.
    TrackId, "track"
);
id!(
    /// One interceptor shot ordered by the battle manager.
    EngagementId, "engagement"
);
