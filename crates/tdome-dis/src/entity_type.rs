//! What each tdome object is in DIS: its entity type and force (SISO-REF-010, the DIS
//! enumerations, v35 of 2025-04-27 as shipped with dis-rs 0.14, UIDs cited below).
//!
//! tdome's catalogue is notional: no threat or interceptor is a real nation's type, so
//! the country is 0 ("Other", UID 29) and subcategory, specific and extra are 0. Kind,
//! domain and category carry what tdome knows — enough for a viewer to draw the right
//! symbol.

use dis_rs::entity_state::model::EntityAppearance;
use dis_rs::enumerations::{
    AppearanceEntityOrObjectState, Country, EntityKind, ForceId, PlatformDomain,
};
use dis_rs::model::EntityType;
use tdome_core::event::ObjectKind;
use tdome_core::threat::ThreatKind;

/// Munition domain (SISO-REF-010 UID 14) "Anti-Air".
const MUNITION_ANTI_AIR: u8 = 1;
/// Munition domain (UID 14) "Battlefield Support": artillery rockets (the 2.9.x
/// branch holds the rocket-artillery munitions).
const MUNITION_BATTLEFIELD_SUPPORT: u8 = 9;
/// Munition domain (UID 14) "Tactical": the 2.11.x branch holds short-range ballistic
/// missiles (2.11.45.1.2 is the DF-15B) and tactical land-attack missiles.
const MUNITION_TACTICAL: u8 = 11;
/// Munition category (UID 15) "Guided".
const MUNITION_GUIDED: u8 = 1;
/// Munition category (UID 15) "Ballistic": unguided.
const MUNITION_BALLISTIC: u8 = 2;
/// Platform-Air category (UID 10) "Unmanned": one-way attack drones are air platforms
/// (the Shahed family is 1.2.101.50.8).
const AIR_UNMANNED: u8 = 50;
/// Platform-Land category (UID 9) "Air Defense / Missile Defense Unit Equipment".
const LAND_AIR_DEFENCE: u8 = 28;

/// The entity type of an object.
pub fn of_object(kind: ObjectKind) -> EntityType {
    let munition = |domain: u8, category: u8| EntityType {
        kind: EntityKind::Munition,
        // dis-rs types the domain as a platform domain; a munition's domain is the same
        // octet with UID 14's meanings, so it is set by value.
        domain: PlatformDomain::from(domain),
        country: Country::Other,
        category,
        ..EntityType::default()
    };
    match kind {
        ObjectKind::Threat(ThreatKind::BallisticMissile) => {
            munition(MUNITION_TACTICAL, MUNITION_GUIDED)
        }
        ObjectKind::Threat(ThreatKind::CruiseMissile) => {
            munition(MUNITION_TACTICAL, MUNITION_GUIDED)
        }
        ObjectKind::Threat(ThreatKind::Rocket) => {
            munition(MUNITION_BATTLEFIELD_SUPPORT, MUNITION_BALLISTIC)
        }
        ObjectKind::Threat(ThreatKind::Drone) => EntityType {
            kind: EntityKind::Platform,
            domain: PlatformDomain::Air,
            country: Country::Other,
            category: AIR_UNMANNED,
            ..EntityType::default()
        },
        ObjectKind::Interceptor => munition(MUNITION_ANTI_AIR, MUNITION_GUIDED),
    }
}

/// The entity type of a firing battery: a land platform of air and missile defence.
pub fn of_battery() -> EntityType {
    EntityType {
        kind: EntityKind::Platform,
        domain: PlatformDomain::Land,
        country: Country::Other,
        category: LAND_AIR_DEFENCE,
        ..EntityType::default()
    }
}

/// The force of an object: threats are the opposing force, interceptors friendly
/// (UID 6).
pub fn force_of(kind: ObjectKind) -> ForceId {
    match kind {
        ObjectKind::Threat(_) => ForceId::Opposing,
        ObjectKind::Interceptor => ForceId::Friendly,
    }
}

/// The appearance record for an entity of type `entity_type`, active or deactivated
/// (the Entity or Object State bit, 23, that tells receivers to drop it).
pub fn appearance(entity_type: &EntityType, active: bool) -> EntityAppearance {
    let state = if active {
        AppearanceEntityOrObjectState::Active
    } else {
        AppearanceEntityOrObjectState::Deactivated
    };
    // Every other bit stays 0 ("no damage", "not frozen", …): tdome does not model them.
    let mut a = EntityAppearance::from_bytes(0, entity_type);
    match &mut a {
        EntityAppearance::Munition(m) => m.state = state,
        EntityAppearance::AirPlatform(m) => m.state = state,
        EntityAppearance::LandPlatform(m) => m.state = state,
        _ => {}
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_carry_the_documented_enumeration_values() {
        let octets = |t: EntityType| {
            (
                u8::from(t.kind),
                u8::from(t.domain),
                u16::from(t.country),
                t.category,
            )
        };
        let threat = |k| octets(of_object(ObjectKind::Threat(k)));
        assert_eq!(threat(ThreatKind::BallisticMissile), (2, 11, 0, 1));
        assert_eq!(threat(ThreatKind::CruiseMissile), (2, 11, 0, 1));
        assert_eq!(threat(ThreatKind::Rocket), (2, 9, 0, 2));
        assert_eq!(threat(ThreatKind::Drone), (1, 2, 0, 50));
        assert_eq!(octets(of_object(ObjectKind::Interceptor)), (2, 1, 0, 1));
        assert_eq!(octets(of_battery()), (1, 1, 0, 28));
    }

    #[test]
    fn deactivation_sets_bit_23_only() {
        for t in [
            of_object(ObjectKind::Interceptor),
            of_object(ObjectKind::Threat(ThreatKind::Drone)),
            of_battery(),
        ] {
            assert_eq!(u32::from(&appearance(&t, true)), 0, "{t:?}");
            assert_eq!(u32::from(&appearance(&t, false)), 1 << 23, "{t:?}");
        }
    }
}
