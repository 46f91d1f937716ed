//! The catalogue's ballistic threat types, as the tests fly them. The figures are copied
//! from `catalogue/threats.toml` (this crate does not parse TOML); a test checks the copy
//! against the file so the two cannot drift apart.

use std::sync::Arc;

use tdome_core::{Length, Mass};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{BallisticVehicle, circular_reference_area_m2};

/// One ballistic entry of the catalogue.
pub struct Entry {
    pub name: &'static str,
    pub launch_mass_kg: f64,
    pub propellant_mass_kg: f64,
    pub burn_time_s: f64,
    pub specific_impulse_s: f64,
    pub diameter_m: f64,
    pub rail_exit_speed_mps: f64,
    pub drag: &'static [(f64, f64)],
    pub published_max_range_km: f64,
}

impl Entry {
    /// The vehicle, as the scenario loader would build it.
    pub fn vehicle(&self) -> Arc<BallisticVehicle> {
        Arc::new(BallisticVehicle {
            launch_mass: Mass::kilograms(self.launch_mass_kg),
            propellant_mass: Mass::kilograms(self.propellant_mass_kg),
            burn_time_s: self.burn_time_s,
            specific_impulse_s: self.specific_impulse_s,
            reference_area_m2: circular_reference_area_m2(Length::metres(self.diameter_m)),
            drag: DragCurve::new(self.drag.to_vec()).expect("catalogue drag curves are valid"),
            rail_exit_speed_mps: self.rail_exit_speed_mps,
            upper_stages: Vec::new(),
            reentry_vehicle: None,
        })
    }
}

pub const GRAD: Entry = Entry {
    name: "9M22U Grad (122 mm)",
    launch_mass_kg: 66.6,
    propellant_mass_kg: 20.45,
    burn_time_s: 1.8,
    specific_impulse_s: 200.0,
    diameter_m: 0.122,
    rail_exit_speed_mps: 45.0,
    drag: &[
        (0.0, 0.33),
        (0.8, 0.35),
        (1.0, 0.55),
        (1.2, 0.57),
        (1.5, 0.50),
        (2.0, 0.44),
        (3.0, 0.35),
    ],
    published_max_range_km: 20.4,
};

pub const QASSAM: Entry = Entry {
    name: "Qassam-class rocket (170 mm)",
    launch_mass_kg: 90.0,
    propellant_mass_kg: 29.0,
    burn_time_s: 2.0,
    specific_impulse_s: 125.0,
    diameter_m: 0.17,
    rail_exit_speed_mps: 30.0,
    drag: &[
        (0.0, 0.40),
        (0.8, 0.42),
        (1.0, 0.60),
        (1.2, 0.60),
        (1.5, 0.52),
        (2.0, 0.45),
    ],
    published_max_range_km: 10.0,
};

pub const FAJR5: Entry = Entry {
    name: "Fajr-5 (333 mm)",
    launch_mass_kg: 915.0,
    propellant_mass_kg: 370.0,
    burn_time_s: 4.5,
    specific_impulse_s: 230.0,
    diameter_m: 0.333,
    rail_exit_speed_mps: 40.0,
    drag: &[
        (0.0, 0.30),
        (0.8, 0.32),
        (1.0, 0.50),
        (1.2, 0.50),
        (1.5, 0.45),
        (2.0, 0.38),
        (3.0, 0.32),
        (4.0, 0.30),
    ],
    published_max_range_km: 75.0,
};

pub const PHL16: Entry = Entry {
    name: "PHL-16 (370 mm)",
    launch_mass_kg: 1100.0,
    propellant_mass_kg: 675.0,
    burn_time_s: 15.0,
    specific_impulse_s: 255.0,
    diameter_m: 0.37,
    rail_exit_speed_mps: 35.0,
    drag: &[
        (0.0, 0.25),
        (0.8, 0.27),
        (1.0, 0.42),
        (1.2, 0.42),
        (1.5, 0.38),
        (2.0, 0.33),
        (3.0, 0.28),
        (5.0, 0.25),
    ],
    published_max_range_km: 350.0,
};

const SRBM_DRAG: &[(f64, f64)] = &[
    (0.0, 0.20),
    (0.8, 0.22),
    (1.1, 0.38),
    (1.5, 0.33),
    (2.5, 0.26),
    (4.0, 0.22),
    (6.0, 0.20),
];

pub const DF11A: Entry = Entry {
    name: "DF-11A-class SRBM",
    launch_mass_kg: 4200.0,
    propellant_mass_kg: 2920.0,
    burn_time_s: 60.0,
    specific_impulse_s: 250.0,
    diameter_m: 0.8,
    rail_exit_speed_mps: 30.0,
    drag: SRBM_DRAG,
    published_max_range_km: 600.0,
};

pub const DF15B: Entry = Entry {
    name: "DF-15B-class SRBM",
    launch_mass_kg: 6200.0,
    propellant_mass_kg: 4550.0,
    burn_time_s: 70.0,
    specific_impulse_s: 255.0,
    diameter_m: 1.0,
    rail_exit_speed_mps: 30.0,
    drag: SRBM_DRAG,
    published_max_range_km: 800.0,
};

/// Every ballistic entry of the catalogue.
pub const ALL: [&Entry; 6] = [&GRAD, &QASSAM, &FAJR5, &PHL16, &DF11A, &DF15B];

const CATALOGUE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../catalogue/threats.toml"
));

/// The text of the catalogue entry named `name`, up to the next `[[threat]]`.
fn catalogue_block(name: &str) -> Option<&'static str> {
    let start = CATALOGUE.find(&format!("name = \"{name}\""))?;
    let rest = &CATALOGUE[start..];
    let end = rest.find("[[threat]]").unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The value after `key = ` on its line of `block`, without any trailing comment.
fn value_of<'a>(block: &'a str, key: &str) -> Option<&'a str> {
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{key} =")))?;
    let value = line.split_once('=')?.1;
    Some(value.split('#').next().unwrap_or(value).trim())
}

fn number(block: &str, key: &str) -> f64 {
    value_of(block, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number for `{key}` in\n{block}"))
}

#[test]
fn test_vehicles_are_the_catalogue_figures() {
    let ballistic_entries = CATALOGUE.matches("[threat.ballistic]").count();
    assert_eq!(
        ballistic_entries,
        ALL.len(),
        "the catalogue has ballistic entries the tests do not fly"
    );
    for e in ALL {
        let block =
            catalogue_block(e.name).unwrap_or_else(|| panic!("{} is not in the catalogue", e.name));
        for (key, want) in [
            ("published_max_range_km", e.published_max_range_km),
            ("launch_mass_kg", e.launch_mass_kg),
            ("propellant_mass_kg", e.propellant_mass_kg),
            ("burn_time_s", e.burn_time_s),
            ("specific_impulse_s", e.specific_impulse_s),
            ("diameter_m", e.diameter_m),
            ("rail_exit_speed_mps", e.rail_exit_speed_mps),
        ] {
            assert_eq!(
                number(block, key),
                want,
                "{}: `{key}` differs from the catalogue",
                e.name
            );
        }
        let drag: Vec<f64> = value_of(block, "drag")
            .map(|v| {
                v.split(['[', ']', ','])
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| t.trim().parse().unwrap_or(f64::NAN))
                    .collect()
            })
            .unwrap_or_default();
        let want: Vec<f64> = e.drag.iter().flat_map(|&(m, c)| [m, c]).collect();
        assert_eq!(
            drag, want,
            "{}: drag curve differs from the catalogue",
            e.name
        );
    }
}
