//! `tdome assign` end to end: the JSON answer of each solver, and a clear message with
//! exit code 2 (never a panic) for every kind of malformed problem.

mod common;

use common::{scratch, tdome, text};

/// Weapon w1 kills t1 at 0.9 and t2 at 0.8; w2 kills t1 at 0.8 and t2 at 0.1. Greedy
/// fires w1→t1 then w2→t2 (surviving 1.0); the optimum pairs w1→t2 and w2→t1 (0.4).
const PAIRING: &str = r#"{
  "weapons": [{"id": "w1", "count": 1}, {"id": "w2", "count": 1}],
  "targets": [{"id": "t1", "value": 1.0}, {"id": "t2", "value": 1.0}],
  "pk": [[0.9, 0.8], [0.8, 0.1]]
}"#;

fn write(test: &str, body: &str) -> String {
    let dir = scratch(test);
    let path = dir.join("problem.json");
    std::fs::write(&path, body).expect("written");
    path.to_str().expect("utf-8").to_string()
}

fn answer(args: &[&str]) -> serde_json::Value {
    let out = tdome(args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn assign_prints_each_solvers_assignment_as_json() {
    let path = write("solvers", PAIRING);
    let greedy = answer(&["assign", &path, "--solver", "greedy"]);
    assert_eq!(greedy["solver"], "greedy");
    assert!((greedy["objective"].as_f64().expect("number") - 1.0).abs() < 1e-12);
    for solver in ["local", "exact"] {
        let a = answer(&["assign", &path, "--solver", solver]);
        assert_eq!(a["solver"], solver);
        assert!((a["objective"].as_f64().expect("number") - 0.4).abs() < 1e-12);
        let mut pairs: Vec<(String, String, u64)> = a["assignment"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|e| {
                (
                    e["weapon"].as_str().expect("id").to_string(),
                    e["target"].as_str().expect("id").to_string(),
                    e["rounds"].as_u64().expect("count"),
                )
            })
            .collect();
        pairs.sort();
        assert_eq!(
            pairs,
            vec![
                ("w1".to_string(), "t2".to_string(), 1),
                ("w2".to_string(), "t1".to_string(), 1)
            ]
        );
        assert!(a["seconds"].as_f64().expect("number") >= 0.0);
    }
    assert_eq!(
        answer(&["assign", &path, "--solver", "exact"])["status"],
        "optimal"
    );
    // The default solver is the local search.
    assert_eq!(answer(&["assign", &path])["solver"], "local");
}

#[test]
fn malformed_problems_are_named_with_exit_code_2() {
    let cases: [(&str, &str, &str); 10] = [
        (
            "syntax",
            "{\n  \"weapons\": [,]\n}",
            "problem.json:2:15: expected value",
        ),
        (
            "missing",
            r#"{"weapons": [], "targets": []}"#,
            "missing field `pk`",
        ),
        (
            "probability",
            r#"{"weapons":[{"id":"w1","count":1}],"targets":[{"id":"t1","value":1}],"pk":[[1.5]]}"#,
            "pk[0][0] (weapon \"w1\", target \"t1\") = 1.5 is not a probability",
        ),
        (
            "rows",
            r#"{"weapons":[{"id":"w1","count":1}],"targets":[{"id":"t1","value":1}],"pk":[]}"#,
            "pk has 0 rows",
        ),
        (
            "columns",
            r#"{"weapons":[{"id":"w1","count":1}],"targets":[{"id":"t1","value":1}],"pk":[[0.5, 0.5]]}"#,
            "pk[0] (weapon \"w1\") has 2 entries",
        ),
        (
            "duplicate",
            r#"{"weapons":[{"id":"w1","count":1},{"id":"w1","count":2}],"targets":[],"pk":[[],[]]}"#,
            "duplicate weapon id \"w1\"",
        ),
        (
            "value",
            r#"{"weapons":[],"targets":[{"id":"t1","value":-3}],"pk":[]}"#,
            "target \"t1\": value -3 is not a finite number",
        ),
        (
            "count",
            r#"{"weapons":[{"id":"w1","count":-1}],"targets":[],"pk":[[]]}"#,
            "invalid value",
        ),
        (
            "unknown",
            r#"{"weapons":[],"targets":[],"pk":[],"lambda":1}"#,
            "unknown field `lambda`",
        ),
        (
            "huge",
            r#"{"weapons":[{"id":"w1","count":4000000000}],"targets":[],"pk":[[]]}"#,
            "exceeds the limit",
        ),
    ];
    for (name, body, expected) in cases {
        let path = write(&format!("bad-{name}"), body);
        let out = tdome(&["assign", &path]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(expected) && stderr.contains("problem.json"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let out = tdome(&["assign", "no/such/problem.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read"));
}
