//! The catalogue's ballistic threat types, as the tests fly them. The figures are copied
//! from `catalogue/threats.toml` (this crate does not parse TOML); a test checks the copy
//! against the file so the two cannot drift apart.

use std::sync::Arc;

use tdome_core::{Length, Mass};
use tdome_physics::aero::DragCurve;
use tdome_physics::ballistic::{
    BallisticVehicle, ReentryVehicle, STANDARD_GRAVITY, UpperStage, Weave,
    circular_reference_area_m2,
};

/// One ballistic entry of the catalogue: its `[threat.ballistic]` table (the first
/// stage, and the whole missile's launch mass), its `[[threat.ballistic.upper_stage]]`s
/// and its `[threat.ballistic.reentry_vehicle]`, in the file's units.
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
    pub upper_stages: &'static [Stage],
    pub reentry_vehicle: Option<Reentry>,
}

/// A `[[threat.ballistic.upper_stage]]`.
pub struct Stage {
    pub spent_stage_mass_kg: f64,
    /// 0 when the file leaves it out (its default).
    pub coast_s: f64,
    pub propellant_mass_kg: f64,
    pub burn_time_s: f64,
    pub specific_impulse_s: f64,
}

/// A `[threat.ballistic.reentry_vehicle]`.
pub struct Reentry {
    pub mass_kg: f64,
    pub diameter_m: f64,
    pub drag: &'static [(f64, f64)],
    /// 0 when the file leaves it out (its default).
    pub separation_delay_s: f64,
    /// As written; the radars' figure, not flown here, but copied so that the copy check
    /// covers every key of the table.
    pub rcs_m2: Option<f64>,
    pub weave: Option<WeaveFigures>,
}

/// A re-entry vehicle's `weave = { start_altitude_km, acceleration_g, period_s }`.
pub struct WeaveFigures {
    pub start_altitude_km: f64,
    pub acceleration_g: f64,
    pub period_s: f64,
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
            upper_stages: self
                .upper_stages
                .iter()
                .map(|s| UpperStage {
                    spent_stage_mass: Mass::kilograms(s.spent_stage_mass_kg),
                    coast_s: s.coast_s,
                    propellant_mass: Mass::kilograms(s.propellant_mass_kg),
                    burn_time_s: s.burn_time_s,
                    specific_impulse_s: s.specific_impulse_s,
                })
                .collect(),
            reentry_vehicle: self.reentry_vehicle.as_ref().map(|rv| ReentryVehicle {
                mass: Mass::kilograms(rv.mass_kg),
                reference_area_m2: circular_reference_area_m2(Length::metres(rv.diameter_m)),
                drag: DragCurve::new(rv.drag.to_vec()).expect("catalogue drag curves are valid"),
                separation_delay_s: rv.separation_delay_s,
                // In SI as the scenario loader converts them.
                weave: rv.weave.as_ref().map(|w| Weave {
                    start_height_m: w.start_altitude_km * 1e3,
                    acceleration_mps2: w.acceleration_g * STANDARD_GRAVITY,
                    period_s: w.period_s,
                }),
            }),
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
    upper_stages: &[],
    reentry_vehicle: None,
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
    upper_stages: &[],
    reentry_vehicle: None,
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
    upper_stages: &[],
    reentry_vehicle: None,
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
    upper_stages: &[],
    reentry_vehicle: None,
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
    upper_stages: &[],
    reentry_vehicle: None,
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
    upper_stages: &[],
    reentry_vehicle: None,
};

/// The slender re-entry vehicles' drag curve (the Emad and Kheibar Shekan classes).
const SLENDER_RV_DRAG: &[(f64, f64)] = &[
    (0.0, 0.25),
    (0.8, 0.27),
    (1.1, 0.40),
    (1.5, 0.35),
    (3.0, 0.22),
    (6.0, 0.15),
    (10.0, 0.12),
];

pub const EMAD: Entry = Entry {
    name: "Emad-class MRBM",
    launch_mass_kg: 16000.0,
    propellant_mass_kg: 13460.0,
    burn_time_s: 110.0,
    specific_impulse_s: 255.0,
    diameter_m: 1.25,
    rail_exit_speed_mps: 30.0,
    drag: SRBM_DRAG,
    published_max_range_km: 1700.0,
    upper_stages: &[],
    reentry_vehicle: Some(Reentry {
        mass_kg: 750.0,
        diameter_m: 0.9,
        drag: SLENDER_RV_DRAG,
        separation_delay_s: 10.0,
        rcs_m2: Some(0.05),
        weave: Some(WeaveFigures {
            start_altitude_km: 40.0,
            acceleration_g: 3.0,
            period_s: 8.0,
        }),
    }),
};

pub const GHADR: Entry = Entry {
    name: "Ghadr-class MRBM",
    launch_mass_kg: 15890.0,
    propellant_mass_kg: 13460.0,
    burn_time_s: 110.0,
    specific_impulse_s: 255.0,
    diameter_m: 1.25,
    rail_exit_speed_mps: 30.0,
    drag: SRBM_DRAG,
    published_max_range_km: 1800.0,
    upper_stages: &[],
    reentry_vehicle: Some(Reentry {
        mass_kg: 640.0,
        diameter_m: 0.8,
        drag: &[
            (0.0, 0.30),
            (0.8, 0.32),
            (1.1, 0.48),
            (1.5, 0.42),
            (3.0, 0.28),
            (6.0, 0.20),
            (10.0, 0.17),
        ],
        separation_delay_s: 10.0,
        rcs_m2: Some(0.1),
        weave: None,
    }),
};

pub const KHEIBAR_SHEKAN: Entry = Entry {
    name: "Kheibar Shekan-class MRBM",
    launch_mass_kg: 10500.0,
    propellant_mass_kg: 6000.0,
    burn_time_s: 50.0,
    specific_impulse_s: 240.0,
    diameter_m: 1.0,
    rail_exit_speed_mps: 30.0,
    drag: SRBM_DRAG,
    published_max_range_km: 1450.0,
    upper_stages: &[Stage {
        spent_stage_mass_kg: 1200.0,
        coast_s: 3.0,
        propellant_mass_kg: 1910.0,
        burn_time_s: 40.0,
        specific_impulse_s: 260.0,
    }],
    reentry_vehicle: Some(Reentry {
        mass_kg: 650.0,
        diameter_m: 0.8,
        drag: SLENDER_RV_DRAG,
        separation_delay_s: 5.0,
        rcs_m2: Some(0.05),
        weave: Some(WeaveFigures {
            start_altitude_km: 35.0,
            acceleration_g: 4.0,
            period_s: 6.0,
        }),
    }),
};

/// Every ballistic entry of the catalogue.
pub const ALL: [&Entry; 9] = [
    &GRAD,
    &QASSAM,
    &FAJR5,
    &PHL16,
    &DF11A,
    &DF15B,
    &EMAD,
    &GHADR,
    &KHEIBAR_SHEKAN,
];

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

/// One table of an entry: its header (`""` for the threat's own keys, which come
/// first) and its `key = value` pairs in file order, values without trailing comments.
struct Table<'a> {
    header: &'a str,
    pairs: Vec<(&'a str, &'a str)>,
}

impl Table<'_> {
    /// The value of `key`, if written.
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// The number written for `key`, or `default` (`None`: the key is required).
    fn number(&self, name: &str, key: &str, default: Option<f64>) -> f64 {
        match (self.get(key), default) {
            (Some(v), _) => v.parse().unwrap_or_else(|_| {
                panic!("{name}: `{key} = {v}` in {} is not a number", self.header)
            }),
            (None, Some(d)) => d,
            (None, None) => panic!("{name}: no `{key}` in {}", self.header),
        }
    }

    /// Every key written is one the copy checks: a key added to the file without being
    /// added to the copy fails, rather than passing unchecked.
    fn only(&self, name: &str, keys: &[&str]) {
        for (k, _) in &self.pairs {
            assert!(
                keys.contains(k),
                "{name}: `{k}` in {} is not in the tests' copy",
                self.header
            );
        }
    }
}

/// The tables of an entry's block, in file order.
fn tables(block: &str) -> Vec<Table<'_>> {
    let mut out = vec![Table {
        header: "",
        pairs: Vec::new(),
    }];
    for line in block.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            out.push(Table {
                header: line,
                pairs: Vec::new(),
            });
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        // A `#` ends the value, except inside a string (the `source`).
        let value = value.trim();
        let value = if value.starts_with('"') {
            value
        } else {
            value.split('#').next().unwrap_or(value).trim()
        };
        let last = out.len() - 1;
        out[last].pairs.push((key.trim(), value));
    }
    out
}

/// The numbers of a drag table `[[m, cd], …]`, flattened.
fn drag_numbers(value: Option<&str>) -> Vec<f64> {
    value
        .map(|v| {
            v.split(['[', ']', ','])
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.trim().parse().unwrap_or(f64::NAN))
                .collect()
        })
        .unwrap_or_default()
}

fn flat(drag: &[(f64, f64)]) -> Vec<f64> {
    drag.iter().flat_map(|&(m, c)| [m, c]).collect()
}

/// The keys of an inline table `{ a = 1.0, b = 2.0 }`.
fn inline_table(value: &str) -> Vec<(&str, &str)> {
    value
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let (k, v) = t.split_once('=').unwrap_or((t, ""));
            (k.trim(), v.trim())
        })
        .collect()
}

/// Each `(key, copy, default)` of `figures` is the number written in `table` (or its
/// default, where the file may leave the key out).
fn assert_figures(name: &str, table: &Table<'_>, figures: &[(&str, f64, Option<f64>)]) {
    for &(key, want, default) in figures {
        assert_eq!(
            table.number(name, key, default),
            want,
            "{name}: `{key}` in {} differs from the catalogue",
            table.header
        );
    }
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
        let name = e.name;
        let block =
            catalogue_block(name).unwrap_or_else(|| panic!("{name} is not in the catalogue"));
        let tables = tables(block);
        let find = |header: &str| -> Vec<&Table<'_>> {
            tables.iter().filter(|t| t.header == header).collect()
        };
        let threat = &tables[0];
        assert_figures(
            name,
            threat,
            &[("published_max_range_km", e.published_max_range_km, None)],
        );

        // The first stage.
        let ballistic = find("[threat.ballistic]");
        assert_eq!(ballistic.len(), 1, "{name}: one `[threat.ballistic]`");
        let b = ballistic[0];
        let figures = [
            ("launch_mass_kg", e.launch_mass_kg, None),
            ("propellant_mass_kg", e.propellant_mass_kg, None),
            ("burn_time_s", e.burn_time_s, None),
            ("specific_impulse_s", e.specific_impulse_s, None),
            ("diameter_m", e.diameter_m, None),
            ("rail_exit_speed_mps", e.rail_exit_speed_mps, None),
        ];
        assert_figures(name, b, &figures);
        assert_eq!(
            drag_numbers(b.get("drag")),
            flat(e.drag),
            "{name}: drag curve differs from the catalogue"
        );
        let mut keys: Vec<&str> = figures.iter().map(|f| f.0).collect();
        keys.push("drag");
        b.only(name, &keys);

        // The upper stages, in order.
        let stages = find("[[threat.ballistic.upper_stage]]");
        assert_eq!(
            stages.len(),
            e.upper_stages.len(),
            "{name}: upper stages in the catalogue and in the copy"
        );
        for (table, stage) in stages.iter().zip(e.upper_stages) {
            let figures = [
                ("spent_stage_mass_kg", stage.spent_stage_mass_kg, None),
                ("coast_s", stage.coast_s, Some(0.0)),
                ("propellant_mass_kg", stage.propellant_mass_kg, None),
                ("burn_time_s", stage.burn_time_s, None),
                ("specific_impulse_s", stage.specific_impulse_s, None),
            ];
            assert_figures(name, table, &figures);
            table.only(name, &figures.map(|f| f.0));
        }

        // The re-entry vehicle and its weave.
        let rv_tables = find("[threat.ballistic.reentry_vehicle]");
        assert_eq!(
            rv_tables.len(),
            usize::from(e.reentry_vehicle.is_some()),
            "{name}: a re-entry vehicle in one of the catalogue and the copy only"
        );
        if let (Some(table), Some(rv)) = (rv_tables.first(), &e.reentry_vehicle) {
            let figures = [
                ("mass_kg", rv.mass_kg, None),
                ("diameter_m", rv.diameter_m, None),
                ("separation_delay_s", rv.separation_delay_s, Some(0.0)),
            ];
            assert_figures(name, table, &figures);
            assert_eq!(
                drag_numbers(table.get("drag")),
                flat(rv.drag),
                "{name}: the re-entry vehicle's drag curve differs from the catalogue"
            );
            assert_eq!(
                table
                    .get("rcs_m2")
                    .map(|v| v.parse::<f64>().unwrap_or(f64::NAN)),
                rv.rcs_m2,
                "{name}: the re-entry vehicle's `rcs_m2` differs from the catalogue"
            );
            let written = table.get("weave").map(inline_table);
            assert_eq!(
                written.is_some(),
                rv.weave.is_some(),
                "{name}: a weave in one of the catalogue and the copy only"
            );
            if let (Some(pairs), Some(w)) = (written, &rv.weave) {
                let weave = Table {
                    header: "weave",
                    pairs,
                };
                let figures = [
                    ("start_altitude_km", w.start_altitude_km, None),
                    ("acceleration_g", w.acceleration_g, None),
                    ("period_s", w.period_s, None),
                ];
                assert_figures(name, &weave, &figures);
                weave.only(name, &figures.map(|f| f.0));
            }
            table.only(
                name,
                &[
                    "mass_kg",
                    "diameter_m",
                    "drag",
                    "separation_delay_s",
                    "rcs_m2",
                    "weave",
                ],
            );
        }

        // Nothing else: a table the copy does not know (a third stage's, a misspelt
        // header) fails here.
        for t in &tables[1..] {
            assert!(
                [
                    "[threat.ballistic]",
                    "[[threat.ballistic.upper_stage]]",
                    "[threat.ballistic.reentry_vehicle]",
                ]
                .contains(&t.header),
                "{name}: `{}` is not in the tests' copy",
                t.header
            );
        }
    }
}
