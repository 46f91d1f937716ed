//! Any text as a scenario file: a scenario or located diagnostics, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(tdome_scenario::ScenarioError::Invalid(diagnostics)) =
            tdome_scenario::parse_str(text, Path::new("fuzz.toml"))
        {
            assert!(!diagnostics.is_empty());
        }
    }
});
