//! The U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562).

use tdome_core::Length;

/// Atmospheric properties at one altitude.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AtmosphereSample {
    /// Kinetic temperature, kelvin.
    pub temperature_k: f64,
    /// Pressure, pascals.
    pub pressure_pa: f64,
    /// Mass density, kg/m³.
    pub density_kg_m3: f64,
    /// Speed of sound, m/s.
    pub speed_of_sound_mps: f64,
}

/// The 1976 standard atmosphere at a geometric altitude above mean sea level.
pub fn us_standard_1976(geometric_altitude: Length) -> AtmosphereSample {
    todo!("physics helper: {geometric_altitude:?}")
}
