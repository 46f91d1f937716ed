//! The results files are read by DuckDB, pandas and polars as tdome reads them
//! (tests/fixtures/campaign: a committed campaign and what those readers saw in it).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use serde_json::Value;
use tdome_campaign::campaign::{Plan, Spec, execute};
use tdome_campaign::results::Results;
use tdome_campaign::table::{Cells, Table};
use tdome_scenario::vary::Axis;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/campaign")
}

#[test]
fn the_committed_sample_is_what_tdome_writes_today() {
    let spec = Spec {
        scenario: Some(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/tests/minimal.toml"),
        ),
        vary: vec![Axis::parse("raid.grad.count=3,6").unwrap()],
        runs: 3,
        root_seed: Some(5),
        ..Spec::default()
    };
    let plan = Plan::build(&spec).unwrap();
    let fresh = execute(&plan, 2, &AtomicBool::new(false), &|_| {})
        .unwrap()
        .results;
    let (committed, _) = Results::read(&fixtures().join("sample")).unwrap();
    assert_eq!(
        committed, fresh,
        "rewrite tests/fixtures/campaign/sample (see its README)"
    );
}

fn check(table: &Table, seen: &Value, reader: &str) {
    let cols: Vec<&str> = table.columns().iter().map(|c| c.name.as_str()).collect();
    let theirs: Vec<&str> = seen["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(cols, theirs, "{reader}: columns");
    assert_eq!(
        seen["rows"].as_u64(),
        Some(table.len() as u64),
        "{reader}: rows"
    );
    if seen.get("nulls").is_none() {
        return;
    }
    for c in table.columns() {
        let (nulls, sum) = match &c.cells {
            Cells::Int(v) => (
                v.iter().filter(|x| x.is_none()).count(),
                Some(v.iter().flatten().map(|&x| x as f64).sum::<f64>()),
            ),
            Cells::Float(v) => (
                v.iter().filter(|x| x.is_none()).count(),
                Some(v.iter().flatten().sum::<f64>()),
            ),
            Cells::Text(v) => (v.iter().filter(|x| x.is_none()).count(), None),
        };
        assert_eq!(
            seen["nulls"][&c.name].as_u64(),
            Some(nulls as u64),
            "{reader}: nulls of {}",
            c.name
        );
        if let Some(sum) = sum {
            let theirs = seen["sums"][&c.name].as_f64().unwrap_or(0.0);
            assert!(
                (theirs - sum).abs() <= 1e-9 * sum.abs().max(1.0),
                "{reader}: sum of {}: {theirs} vs {sum}",
                c.name
            );
        }
    }
}

#[test]
fn duckdb_pandas_and_polars_read_what_tdome_wrote() {
    let readers: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("readers.json")).unwrap())
            .unwrap();
    let (results, metadata) = Results::read(&fixtures().join("sample")).unwrap();
    for (name, table) in [
        ("runs", &results.runs),
        ("threats", &results.threats),
        ("interceptors", &results.interceptors),
    ] {
        for reader in ["pandas", "polars", "duckdb"] {
            check(table, &readers[name][reader], &format!("{name}/{reader}"));
        }
        let mut keys: Vec<&str> = metadata.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        let theirs: Vec<&str> = readers[name]["metadata_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, theirs, "{name}: provenance keys");
    }
}
