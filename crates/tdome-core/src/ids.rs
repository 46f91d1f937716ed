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

/// An ASTERIX data source identifier, as item I0xx/010 of every EUROCONTROL ASTERIX
/// category carries it: the System Area Code of the area a source belongs to and its
/// System Identification Code within that area. Each radar and the battle manager have
/// one, so that plots and tracks on the network are told apart and matched to the
/// scenario's sources. Written `SAC/SIC`, for example `25/201`; the default is `0/0`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct DataSourceId {
    /// System Area Code.
    pub sac: u8,
    /// System Identification Code, unique within its area.
    pub sic: u8,
}

impl fmt::Display for DataSourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.sac, self.sic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_source_reads_sac_then_sic() {
        let radar = DataSourceId { sac: 25, sic: 201 };
        assert_eq!(radar.to_string(), "25/201");
        assert_eq!(DataSourceId::default().to_string(), "0/0");
    }

    #[test]
    fn data_sources_order_by_area_first() {
        let a = DataSourceId { sac: 1, sic: 255 };
        let b = DataSourceId { sac: 2, sic: 0 };
        assert!(a < b);
    }

    #[test]
    fn a_data_source_is_its_two_codes_in_json() {
        let radar = DataSourceId { sac: 25, sic: 3 };
        let json = serde_json::to_string(&radar).unwrap();
        assert_eq!(json, r#"{"sac":25,"sic":3}"#);
        assert_eq!(serde_json::from_str::<DataSourceId>(&json).unwrap(), radar);
    }
}
