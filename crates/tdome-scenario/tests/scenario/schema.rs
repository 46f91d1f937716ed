//! The JSON Schemas: valid JSON, every property described, every property documented
//! in `docs/scenario.md` (so a field added without documentation fails).

use serde_json::Value;

/// Every property name in `schema`, recursively, with its description (if any), as
/// `(path, name, description)`.
fn properties(schema: &Value) -> Vec<(String, String, Option<String>)> {
    let mut found = Vec::new();
    walk(schema, "#", &mut found);
    found
}

fn walk(v: &Value, at: &str, found: &mut Vec<(String, String, Option<String>)>) {
    match v {
        Value::Object(obj) => {
            if let Some(Value::Object(props)) = obj.get("properties") {
                for (name, prop) in props {
                    let description = prop
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    found.push((at.to_owned(), name.clone(), description));
                }
            }
            for (key, child) in obj {
                walk(child, &format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

fn schemas() -> [(&'static str, Value); 4] {
    [
        ("scenario", tdome_scenario::json_schema()),
        ("threats", tdome_scenario::threats_json_schema()),
        ("interceptors", tdome_scenario::interceptors_json_schema()),
        ("radars", tdome_scenario::radars_json_schema()),
    ]
}

#[test]
fn schemas_are_json_with_a_description_on_every_property() {
    for (name, schema) in schemas() {
        // Round-trip through text: what `tdome scenario schema` prints must parse.
        let text = serde_json::to_string_pretty(&schema).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, schema);
        assert!(
            schema.get("$schema").is_some(),
            "{name} schema has no $schema"
        );
        let props = properties(&schema);
        assert!(props.len() > 10, "{name}: only {} properties", props.len());
        let undescribed: Vec<String> = props
            .iter()
            .filter(|(_, _, d)| d.as_deref().is_none_or(|d| d.trim().is_empty()))
            .map(|(at, n, _)| format!("{at}: {n}"))
            .collect();
        assert!(
            undescribed.is_empty(),
            "{name}: properties without a description: {undescribed:?}"
        );
    }
}

#[test]
fn every_schema_property_is_documented() {
    let docs_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenario.md");
    let docs = std::fs::read_to_string(docs_path).expect("docs/scenario.md exists");
    for (name, schema) in schemas() {
        let missing: Vec<String> = properties(&schema)
            .into_iter()
            .map(|(_, n, _)| n)
            .filter(|n| !docs.contains(&format!("`{n}`")))
            .collect();
        assert!(
            missing.is_empty(),
            "{name}: fields missing from docs/scenario.md (write each as `name`): {missing:?}"
        );
    }
}

#[test]
fn the_radars_schema_is_of_radars_toml() {
    let names: Vec<String> = properties(&tdome_scenario::radars_json_schema())
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    for expected in [
        "radar",
        "band",
        "role",
        "reference_range_km",
        "radar_horizon",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    // The azimuth sector is a site's, never a type's.
    for sector in ["azimuth_start_deg", "azimuth_width_deg"] {
        assert!(!names.iter().any(|n| n == sector), "{names:?}");
    }
}

#[test]
fn schema_knows_the_field_names_of_the_format() {
    // A spot check that the schema is of the format documented, not of some other type.
    let names: Vec<String> = properties(&tdome_scenario::json_schema())
        .into_iter()
        .map(|(_, n, _)| n)
        .collect();
    for expected in [
        "tick_s",
        "lat_deg",
        "scan_period_s",
        "rounds_per_launcher",
        "window_s",
        "via",
        "gate_chi2",
        "type",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
}
