//! Integration tests of tdome-scenario: one test binary, one module per concern.

mod catalogue;
mod checks;
mod data_source;
mod invalid;
mod limits;
mod minimal;
mod model_range;
mod radars;
mod schema;
mod shipped;
mod vary;

use std::path::PathBuf;

use tdome_scenario::{Diagnostic, ScenarioError};

/// A path under the repository's `scenarios/` directory.
pub fn scenarios(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(relative)
}

/// The minimal scenario with `edits` applied (each `old` must occur exactly once).
pub fn minimal_with(edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(scenarios("tests/minimal.toml")).unwrap();
    for (old, new) in edits {
        assert_eq!(text.matches(old).count(), 1, "{old:?} must occur once");
        text = text.replacen(old, new, 1);
    }
    text
}

/// `(line, column, message)` of each diagnostic of `text`, which must fail to load.
pub fn problems(text: &str) -> Vec<(usize, usize, String)> {
    // Named beside the real minimal.toml so that its built-in catalogue is used.
    let path = scenarios("tests/edited.toml");
    diagnostics(tdome_scenario::parse_str(text, &path))
        .into_iter()
        .map(|(_, l, c, m)| (l, c, m))
        .collect()
}

/// The diagnostics of a load that must fail, as `(file name, line, column, message)`.
pub fn diagnostics(
    result: Result<impl std::fmt::Debug, ScenarioError>,
) -> Vec<(String, usize, usize, String)> {
    match result {
        Ok(v) => panic!("expected the load to fail, but it gave {v:?}"),
        Err(ScenarioError::Io { path, source }) => {
            panic!(
                "expected diagnostics, got an I/O error on {}: {source}",
                path.display()
            )
        }
        Err(ScenarioError::Invalid(ds)) => ds.iter().map(short).collect(),
    }
}

fn short(d: &Diagnostic) -> (String, usize, usize, String) {
    let file = d
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    (file, d.line, d.column, d.message.clone())
}
