//! Shared by tdome-core's validation tests: a strict reader for the committed CSV fixtures
//! and error-quantile summaries.
//!
//! The CSV reader is hand-written because the fixtures are plain numeric tables written by
//! our own generator (no quoting, no embedded commas); a csv crate would add a dependency
//! without adding any checking we need. What it does check is everything that could make
//! a validation silently weaker: the exact header, the field count of every row, and that
//! every numeric field parses to a finite number.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::fmt;
use std::path::PathBuf;

/// A fixture that could not be read or does not have the agreed shape.
#[derive(Debug)]
pub struct FixtureError {
    /// The file, as given to [`Fixture::load`].
    pub file: String,
    /// 1-based line number, or 0 when the problem is with the file as a whole.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FixtureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "malformed fixture {}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "malformed fixture {}:{}: {}",
                self.file, self.line, self.message
            )
        }
    }
}

/// One data row: `id,case,` then numbers.
#[derive(Debug)]
pub struct Record {
    /// 1-based line number in the file.
    pub line: usize,
    /// The row's id column.
    pub id: String,
    /// The row's case column (which hard case the generator meant it to cover).
    pub case: String,
    values: Vec<f64>,
}

/// A parsed fixture: header `id,case,<numeric columns...>`, lines starting `#` are comments.
#[derive(Debug)]
pub struct Fixture {
    /// The file name, for messages.
    pub file: String,
    numeric_columns: Vec<String>,
    /// The data rows in file order.
    pub records: Vec<Record>,
}

/// A row of a fixture together with the column names, so fields are read by name.
pub struct Row<'a> {
    fixture: &'a Fixture,
    record: &'a Record,
}

impl Row<'_> {
    /// The numeric field `column`. Panics on an unknown column name: that is a typo in the
    /// test, and the header was already checked against the expected columns at load.
    pub fn f(&self, column: &str) -> f64 {
        let i = self
            .fixture
            .numeric_columns
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("test bug: no column {column:?} in {}", self.fixture.file));
        self.record.values[i]
    }

    /// The case column.
    pub fn case(&self) -> &str {
        &self.record.case
    }

    /// Names the row in failure messages: file, line, id and case.
    pub fn label(&self) -> String {
        format!(
            "{}:{} (id {}, case {})",
            self.fixture.file, self.record.line, self.record.id, self.record.case
        )
    }
}

impl Fixture {
    /// Reads `tests/fixtures/<relative>` from the workspace root.
    pub fn load(relative: &str, numeric_columns: &[&str]) -> Result<Fixture, FixtureError> {
        let path = fixtures_dir().join(relative);
        let text = std::fs::read_to_string(&path).map_err(|e| FixtureError {
            file: path.display().to_string(),
            line: 0,
            message: format!(
                "cannot read: {e} (regenerate with tests/fixtures/geodesy/generate.py)"
            ),
        })?;
        Fixture::parse(relative, &text, numeric_columns)
    }

    /// Parses fixture text; `file` is used only in messages.
    pub fn parse(
        file: &str,
        text: &str,
        numeric_columns: &[&str],
    ) -> Result<Fixture, FixtureError> {
        let err = |line: usize, message: String| FixtureError {
            file: file.to_string(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());

        let expected: Vec<&str> = ["id", "case"]
            .iter()
            .chain(numeric_columns)
            .copied()
            .collect();
        let (header_line, header) = lines
            .next()
            .ok_or_else(|| err(0, "no header line".into()))?;
        let got: Vec<&str> = header.split(',').collect();
        if got != expected {
            return Err(err(
                header_line,
                format!("header is {got:?}, expected {expected:?}"),
            ));
        }

        let mut records = Vec::new();
        for (line, text) in lines {
            let fields: Vec<&str> = text.split(',').collect();
            if fields.len() != expected.len() {
                return Err(err(
                    line,
                    format!("{} fields, expected {}", fields.len(), expected.len()),
                ));
            }
            let mut values = Vec::with_capacity(numeric_columns.len());
            for (name, field) in numeric_columns.iter().zip(&fields[2..]) {
                let v: f64 = field.parse().map_err(|e| {
                    err(
                        line,
                        format!("column {name}: {field:?} is not a number: {e}"),
                    )
                })?;
                if !v.is_finite() {
                    return Err(err(line, format!("column {name}: {field:?} is not finite")));
                }
                values.push(v);
            }
            records.push(Record {
                line,
                id: fields[0].to_string(),
                case: fields[1].to_string(),
                values,
            });
        }
        if records.is_empty() {
            return Err(err(0, "no data rows".into()));
        }
        Ok(Fixture {
            file: file.to_string(),
            numeric_columns: numeric_columns.iter().map(|s| s.to_string()).collect(),
            records,
        })
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |record| Row {
            fixture: self,
            record,
        })
    }

    /// How many rows carry the case tag `case`.
    pub fn count_case(&self, case: &str) -> usize {
        self.records.iter().filter(|r| r.case == case).count()
    }
}

/// `<workspace>/tests/fixtures`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Limits on the error distribution of one quantity: median, 99th percentile and worst.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Bound on the median.
    pub q50: f64,
    /// Bound on the 99th percentile.
    pub q99: f64,
    /// Bound on the largest error: the acceptance tolerance.
    pub max: f64,
}

/// Absolute errors of one quantity over a fixture, each tagged with the row it came from.
pub struct ErrorStats {
    name: String,
    unit: &'static str,
    samples: Vec<(f64, String)>,
}

impl ErrorStats {
    /// An empty collection for quantity `name`, measured in `unit`.
    pub fn new(name: &str, unit: &'static str) -> Self {
        ErrorStats {
            name: name.to_string(),
            unit,
            samples: Vec::new(),
        }
    }

    /// Records the error of one row. A NaN error counts as infinitely wrong.
    pub fn push(&mut self, error: f64, label: String) {
        let e = if error.is_nan() {
            f64::INFINITY
        } else {
            error.abs()
        };
        self.samples.push((e, label));
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    fn sorted(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.samples.iter().map(|s| s.0).collect();
        v.sort_by(f64::total_cmp);
        v
    }

    /// The q-quantile by nearest rank (q in (0, 1]).
    pub fn quantile(&self, q: f64) -> f64 {
        let v = self.sorted();
        assert!(!v.is_empty(), "no samples for {}", self.name);
        let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    /// The worst sample and its row.
    pub fn worst(&self) -> (f64, &str) {
        // The first row among equals, so an all-zero column names its first row.
        let (e, l) = self
            .samples
            .iter()
            .reduce(|a, b| if b.0.total_cmp(&a.0).is_gt() { b } else { a })
            .expect("ErrorStats::worst on an empty collection");
        (*e, l)
    }

    /// One line: name, count, q50, q99, max and where the max is.
    pub fn summary(&self) -> String {
        let (max, at) = self.worst();
        format!(
            "{:<34} n={:<5} q50={:.3e} q99={:.3e} max={:.3e} {}  (max at {})",
            self.name,
            self.len(),
            self.quantile(0.5),
            self.quantile(0.99),
            max,
            self.unit,
            at
        )
    }

    /// Prints the summary and panics, naming the offending rows, if any quantile is over
    /// its budget. (Samples are never NaN: [`ErrorStats::push`] turns NaN into infinity.)
    pub fn check(&self, budget: Budget) {
        println!("{}", self.summary());
        let mut problems = Vec::new();
        let (q50, q99) = (self.quantile(0.5), self.quantile(0.99));
        if q50 > budget.q50 {
            problems.push(format!(
                "q50 {q50:e} {} > budget {:e}",
                self.unit, budget.q50
            ));
        }
        if q99 > budget.q99 {
            problems.push(format!(
                "q99 {q99:e} {} > budget {:e}",
                self.unit, budget.q99
            ));
        }
        let over: Vec<&(f64, String)> = self.samples.iter().filter(|s| s.0 > budget.max).collect();
        if !over.is_empty() {
            problems.push(format!(
                "{} rows over the tolerance {:e} {}; first ones:\n{}",
                over.len(),
                budget.max,
                self.unit,
                over.iter()
                    .take(10)
                    .map(|(e, l)| format!("    {l}: error {e:e} {}", self.unit))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        assert!(
            problems.is_empty(),
            "{}: {}",
            self.name,
            problems.join("; ")
        );
    }
}

/// The difference a − b of two angles in degrees, wrapped into (−180, 180], so 359.9999°
/// and 0.0001° are 0.0002° apart.
pub fn angle_diff_deg(a: f64, b: f64) -> f64 {
    tdome_core::units::wrap_pi((a - b).to_radians()).to_degrees()
}
