//! Errors: every problem found in a file is a [`Diagnostic`] that names the file, line
//! and column, and what was expected there.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in one file, at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as it was named to the loader.
    pub path: PathBuf,
    /// Line, counted from 1.
    pub line: usize,
    /// Column in characters (not bytes), counted from 1.
    pub column: usize,
    /// What is wrong, naming what was expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: message`, the form editors and compilers use, so that tools
    /// can jump to the place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Why a scenario or catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The files were read but are not valid: every problem found, in file order
    /// within each file.
    #[error("{}", DisplayAll(.0))]
    Invalid(Vec<Diagnostic>),
}

impl ScenarioError {
    /// The diagnostics, if the error is about the files' contents.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ScenarioError::Invalid(d) => d,
            ScenarioError::Io { .. } => &[],
        }
    }
}

/// Order diagnostics as a reader meets them: files in the order they were first
/// named, then by line and column. Checks run section by section, so they find
/// problems out of order. The sort is stable, so two at one place keep their order.
pub(crate) fn sort_in_file_order(diagnostics: &mut [Diagnostic]) {
    let mut files: Vec<PathBuf> = Vec::new();
    for d in diagnostics.iter() {
        if !files.contains(&d.path) {
            files.push(d.path.clone());
        }
    }
    diagnostics.sort_by_key(|d| {
        let file = files
            .iter()
            .position(|f| *f == d.path)
            .unwrap_or(files.len());
        (file, d.line, d.column)
    });
}

/// One diagnostic per line.
struct DisplayAll<'a>(&'a [Diagnostic]);

impl fmt::Display for DisplayAll<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A file's text and name, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub(crate) struct Source<'t> {
    path: PathBuf,
    text: &'t str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl<'t> Source<'t> {
    pub(crate) fn new(text: &'t str, path: &Path) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path: path.to_path_buf(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and character column of byte `offset` (clamped to the text).
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        // `partition_point` finds the first line starting after `offset`; the line
        // holding it is the one before. `line_starts[0] == 0` makes that at least 1.
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, column + 1)
    }

    /// A diagnostic at the start of `span`.
    pub(crate) fn diagnostic(&self, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_column(span.start);
        Diagnostic {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let s = Source::new("ab\nµx = 1\n\nz", Path::new("f.toml"));
        assert_eq!(s.line_column(0), (1, 1));
        assert_eq!(s.line_column(1), (1, 2));
        assert_eq!(s.line_column(3), (2, 1));
        // 'µ' is two bytes but one column.
        assert_eq!(s.line_column(5), (2, 2));
        assert_eq!(s.line_column(11), (3, 1));
        assert_eq!(s.line_column(12), (4, 1));
        assert_eq!(s.line_column(999), (4, 2));
    }

    #[test]
    fn displays_like_a_compiler() {
        let d = Source::new("x\nlat = 95", Path::new("s.toml"))
            .diagnostic(&(8..10), "expected a latitude in [-90, 90] degrees, got 95");
        assert_eq!(
            d.to_string(),
            "s.toml:2:7: expected a latitude in [-90, 90] degrees, got 95"
        );
    }
}
