//! JSON Schemas of the file formats, generated from the file types so they cannot drift
//! from what the parser accepts.

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::Value;

use crate::file::ScenarioFile;
use crate::file::catalogue::{InterceptorsFile, ThreatsFile};
use crate::file::radars::RadarsFile;

/// The JSON Schema (draft 2020-12) of scenario files.
pub fn json_schema() -> Value {
    schema_of::<ScenarioFile>("tdome scenario")
}

/// The JSON Schema (draft 2020-12) of the catalogue's `threats.toml`.
pub fn threats_json_schema() -> Value {
    schema_of::<ThreatsFile>("tdome threat catalogue")
}

/// The JSON Schema (draft 2020-12) of the catalogue's `interceptors.toml`.
pub fn interceptors_json_schema() -> Value {
    schema_of::<InterceptorsFile>("tdome interceptor catalogue")
}

/// The JSON Schema (draft 2020-12) of the catalogue's `radars.toml`.
pub fn radars_json_schema() -> Value {
    schema_of::<RadarsFile>("tdome radar catalogue")
}

fn schema_of<T: JsonSchema>(title: &str) -> Value {
    let mut schema = SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("title".to_owned(), Value::String(title.to_owned()));
    }
    describe_variant_keys(&mut schema);
    tidy(&mut schema);
    schema
}

/// Make the schema say what a TOML file can say. TOML has no null, so an optional field
/// is one that may be left out, not one that may be null: drop `null` from types and
/// alternatives, and the `"default": null` that serde's defaults produce. Doc comments
/// are wrapped at 90 columns; join their lines so editors show flowing text.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if obj.get("default") == Some(&Value::Null) {
                obj.remove("default");
            }
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    obj.insert("type".to_owned(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                let Some(Value::Array(options)) = obj.get_mut(key) else {
                    continue;
                };
                options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                if options.len() == 1
                    && let Value::Object(only) = options.remove(0)
                {
                    obj.remove(key);
                    for (k, val) in only {
                        obj.entry(k).or_insert(val);
                    }
                }
            }
            if let Some(Value::String(d)) = obj.get_mut("description") {
                *d = d
                    .split("\n\n")
                    .map(|para| para.split('\n').collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n");
            }
            obj.values_mut().for_each(tidy);
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// An enum written as a one-key table (`{ point = [...] }`) has its doc comment on the
/// variant's object, not on its single key; copy it there, so that every property in
/// the schema has a description of its own (editors show the property's).
fn describe_variant_keys(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            let description = obj.get("description").cloned();
            if let (Some(description), Some(Value::Object(props))) =
                (description, obj.get_mut("properties"))
                && props.len() == 1
                && let Some(Value::Object(only)) = props.values_mut().next()
                && !only.contains_key("description")
            {
                only.insert("description".to_owned(), description);
            }
            obj.values_mut().for_each(describe_variant_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(describe_variant_keys),
        _ => {}
    }
}
