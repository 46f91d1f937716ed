//! Helpers shared by the `tdome` binary's tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The checkout's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `tdome` with `args` from the checkout's root.
pub fn tdome(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("tdome runs")
}

/// A fresh, empty directory for one test, outside the checkout.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tdome-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
