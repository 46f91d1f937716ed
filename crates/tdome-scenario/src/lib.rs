//! # tdome-scenario
//!
//! Scenario files (TOML) and the catalogue of notional threat, interceptor and radar types:
//! parsing, validation that names the file, line and column of every error, resolution
//! of names into the typed [`model::Scenario`], and the JSON Schema of the format.
//!
//! ```no_run
//! # use std::path::Path;
//! match tdome_scenario::load(Path::new("scenarios/taiwan-notional.toml")) {
//!     Ok(scenario) => println!("{} raids", scenario.raids.len()),
//!     // One `file:line:column: message` per problem found.
//!     Err(e) => eprintln!("{e}"),
//! }
//! ```
//!
//! The format is documented field by field in `docs/scenario.md`; [`json_schema`]
//! gives the same as a JSON Schema.

mod check;
mod diagnostic;
mod document;
pub mod file;
mod geo;
mod limits;
pub mod model;
mod resolve;
mod schema;
pub mod vary;

use std::path::Path;

pub use diagnostic::{Diagnostic, ScenarioError};
pub use limits::MAX_SEED;
pub use model::{Catalogue, Scenario};
pub use schema::{interceptors_json_schema, json_schema, radars_json_schema, threats_json_schema};

use document::Document;

/// The catalogue compiled into tdome: the repository's `catalogue/` files.
pub mod builtin {
    /// Where the built-in files are said to be in diagnostics (their repository path).
    pub const THREATS_PATH: &str = "catalogue/threats.toml";
    /// See [`THREATS_PATH`].
    pub const INTERCEPTORS_PATH: &str = "catalogue/interceptors.toml";
    /// See [`THREATS_PATH`].
    pub const RADARS_PATH: &str = "catalogue/radars.toml";
    /// The text of the built-in `threats.toml`.
    pub const THREATS_TOML: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogue/threats.toml"
    ));
    /// The text of the built-in `interceptors.toml`.
    pub const INTERCEPTORS_TOML: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogue/interceptors.toml"
    ));
    /// The text of the built-in `radars.toml`.
    pub const RADARS_TOML: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../catalogue/radars.toml"
    ));
    /// Where the default scenario is said to be in diagnostics (its repository path).
    pub const DEFAULT_SCENARIO_PATH: &str = "scenarios/taiwan-notional.toml";
    /// The text of the default scenario, compiled in so that front ends can run it from
    /// any directory, not only from a checkout. It names only the built-in catalogue.
    pub const DEFAULT_SCENARIO_TOML: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/taiwan-notional.toml"
    ));
}

/// The default scenario built into tdome ([`builtin::DEFAULT_SCENARIO_TOML`]).
pub fn default_scenario() -> Result<Scenario, ScenarioError> {
    parse_str(
        builtin::DEFAULT_SCENARIO_TOML,
        Path::new(builtin::DEFAULT_SCENARIO_PATH),
    )
}

/// Read, check and resolve the scenario file at `path`. A relative `catalogue` in it is
/// taken from the file's directory.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = read(path)?;
    parse_str(&text, path)
}

/// Check and resolve scenario `text`, naming it `path` in diagnostics and taking a
/// relative `catalogue` from `path`'s directory.
pub fn parse_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let doc = Document::parse(text, path).map_err(|d| ScenarioError::Invalid(vec![d]))?;
    let base = path.parent().unwrap_or(Path::new(""));
    resolve::resolve(&doc, base).map_err(ScenarioError::Invalid)
}

/// Read, check and resolve the scenario file at `path` with `settings` applied (a
/// variant, [`vary`]).
pub fn load_with(path: &Path, settings: &[vary::Setting]) -> Result<Scenario, ScenarioError> {
    let text = read(path)?;
    parse_str_with(&text, path, settings)
}

/// [`parse_str`] with `settings` applied to the file before its meaning is checked: a
/// variant is checked as the file written that way would be. A setting whose path is
/// not in the file, or whose value is not TOML, is reported at the start of the file.
pub fn parse_str_with(
    text: &str,
    path: &Path,
    settings: &[vary::Setting],
) -> Result<Scenario, ScenarioError> {
    let mut doc = Document::parse(text, path).map_err(|d| ScenarioError::Invalid(vec![d]))?;
    let mut problems = Vec::new();
    for s in settings {
        let applied = toml::de::DeValue::parse(&s.value)
            .map_err(|e| format!("`{}` is not a TOML value: {}", s.value, e.message()))
            .and_then(|v| doc.set(&s.path, &v));
        if let Err(why) = applied {
            problems.push(
                doc.source()
                    .diagnostic(&(0..0), format!("setting `{s}`: {why}")),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid(problems));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    resolve::resolve(&doc, base).map_err(ScenarioError::Invalid)
}

/// The catalogue compiled into tdome.
pub fn builtin_catalogue() -> Result<Catalogue, ScenarioError> {
    // The built-in text never changes, and checking it flies every ballistic entry to
    // its maximum range: check it once per process. (Its types are shared `Arc`s, so a
    // copy is cheap; it can only fail with diagnostics, never with I/O.)
    static BUILTIN: std::sync::OnceLock<Result<Catalogue, Vec<Diagnostic>>> =
        std::sync::OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            let catalogue = parse_catalogue(
                builtin::THREATS_TOML,
                Path::new(builtin::THREATS_PATH),
                builtin::INTERCEPTORS_TOML,
                Path::new(builtin::INTERCEPTORS_PATH),
            );
            let radars = parse_radars(builtin::RADARS_TOML, Path::new(builtin::RADARS_PATH));
            with_radars(catalogue, Ok(radars)).map_err(|e| e.diagnostics().to_vec())
        })
        .clone()
        .map_err(ScenarioError::Invalid)
}

/// Read, check and resolve `threats.toml`, `interceptors.toml` and, if there is one,
/// `radars.toml` in `dir` (without it the catalogue has no radar types).
pub fn load_catalogue(dir: &Path) -> Result<Catalogue, ScenarioError> {
    let threats_path = dir.join("threats.toml");
    let interceptors_path = dir.join("interceptors.toml");
    let radars_path = dir.join("radars.toml");
    let threats = read(&threats_path)?;
    let interceptors = read(&interceptors_path)?;
    let radars = match read(&radars_path) {
        Ok(text) => Ok(parse_radars(&text, &radars_path)),
        Err(ScenarioError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(Ok(Vec::new()))
        }
        Err(e) => Err(e),
    };
    let catalogue = parse_catalogue(&threats, &threats_path, &interceptors, &interceptors_path);
    with_radars(catalogue, radars)
}

/// Check and resolve the text of a `radars.toml`, naming it `path` in diagnostics.
pub fn parse_radars(
    text: &str,
    path: &Path,
) -> Result<Vec<std::sync::Arc<model::RadarType>>, ScenarioError> {
    let doc = Document::parse(text, path).map_err(|d| ScenarioError::Invalid(vec![d]))?;
    resolve::radars::resolve(&doc).map_err(ScenarioError::Invalid)
}

/// The catalogue with its radar types; the problems of both reported together, the
/// threat and interceptor files' first. `radars` is the result of reading
/// `radars.toml`, then of parsing it.
fn with_radars(
    catalogue: Result<Catalogue, ScenarioError>,
    radars: Result<Result<Vec<std::sync::Arc<model::RadarType>>, ScenarioError>, ScenarioError>,
) -> Result<Catalogue, ScenarioError> {
    match (catalogue, radars) {
        (Ok(mut catalogue), Ok(Ok(radars))) => {
            catalogue.radars = radars;
            Ok(catalogue)
        }
        (Err(e @ ScenarioError::Io { .. }), _) | (_, Err(e)) => Err(e),
        (catalogue, Ok(radars)) => Err(ScenarioError::Invalid(
            [catalogue.err(), radars.err()]
                .into_iter()
                .flatten()
                .flat_map(|e| e.diagnostics().to_vec())
                .collect(),
        )),
    }
}

/// Check and resolve catalogue texts, naming them by the paths given in diagnostics.
/// Problems in both files are reported together.
pub fn parse_catalogue(
    threats_text: &str,
    threats_path: &Path,
    interceptors_text: &str,
    interceptors_path: &Path,
) -> Result<Catalogue, ScenarioError> {
    let threats = Document::parse(threats_text, threats_path);
    let interceptors = Document::parse(interceptors_text, interceptors_path);
    match (threats, interceptors) {
        (Ok(t), Ok(i)) => resolve::catalogue::resolve(&t, &i).map_err(ScenarioError::Invalid),
        (t, i) => Err(ScenarioError::Invalid(
            [t.err(), i.err()].into_iter().flatten().collect(),
        )),
    }
}

/// The text of the file at `path`: at most [`limits::MAX_FILE_BYTES`] of UTF-8. A
/// longer file (or an endless one such as `/dev/zero`) is refused after reading just
/// past the limit; bytes that are not UTF-8 are reported at their line and column.
fn read(path: &Path) -> Result<String, ScenarioError> {
    use std::io::Read;
    let io = |source| ScenarioError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limits::MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        let message = format!(
            "expected a file of at most {} MiB, but it is longer (is it the right file?)",
            limits::MAX_FILE_BYTES >> 20
        );
        let at_start = diagnostic::Source::new("", path).diagnostic(&(0..0), message);
        return Err(ScenarioError::Invalid(vec![at_start]));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The prefix before the first bad byte is valid, so lines and columns count
        // characters as they do everywhere else.
        let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
        ScenarioError::Invalid(vec![diagnostic::Source::new(valid, path).diagnostic(
            &(bad..bad),
            format!(
                "expected UTF-8 text, found the byte 0x{:02X}, which is not UTF-8 here (save \
                 the file as UTF-8)",
                bytes[bad]
            ),
        )])
    })
}
