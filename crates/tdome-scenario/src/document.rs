//! A TOML file kept with the byte spans of every value, so that every problem found,
//! while deserialising or later while checking meaning, can name its line and column.
//!
//! Each `[[…]]` element and each top-level table is deserialised on its own, so that a
//! mistake in one sensor does not hide a mistake in another: serde stops at the first
//! error of a value, so the smaller the values, the more errors are reported at once.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::{Diagnostic, Source};

/// One step of a path into the document: a table key or an array index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A key of a table.
    Key(&'static str),
    /// An element of an array.
    Index(usize),
}

/// Where a value sits in the document, from the root (`sensor[2].site.lat_deg`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Loc(Vec<Step>);

impl Loc {
    /// The whole document.
    pub(crate) fn root() -> Self {
        Loc(Vec::new())
    }

    /// The value under `key` of the table here.
    pub(crate) fn key(&self, key: &'static str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key));
        Loc(steps)
    }

    /// Element `index` of the array here.
    pub(crate) fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Loc(steps)
    }
}

/// A parsed TOML file with spans.
pub(crate) struct Document<'t> {
    source: Source<'t>,
    root: Spanned<DeValue<'t>>,
}

/// One element of an array of tables (`[[sensor]]`): its place, its value when it
/// deserialised, and its `name` when one could be read even if the rest could not (so
/// that references to a broken element do not also report "unknown name").
pub(crate) struct Element<T> {
    /// Where it is.
    pub(crate) loc: Loc,
    /// The element, if it deserialised.
    pub(crate) value: Option<T>,
    /// Its `name` key, if that is a string.
    pub(crate) name: Option<String>,
}

impl<'t> Document<'t> {
    /// Parse `text` (named `path` in diagnostics). TOML syntax errors are reported one
    /// at a time: after the first, the parser's recovery mostly reports consequences of
    /// it, which would bury the real mistake. The first is the earliest in the file, not
    /// the first the parser happened to report: a string broken by a newline is found
    /// only after the parser has complained about the next line.
    pub(crate) fn parse(text: &'t str, path: &Path) -> Result<Self, Diagnostic> {
        let source = Source::new(text, path);
        let (table, errors) = DeTable::parse_recoverable(text);
        let Some(first) = errors
            .iter()
            .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start))
        else {
            let span = table.span();
            let root = Spanned::new(span, DeValue::Table(table.into_inner()));
            return Ok(Document { source, root });
        };
        let span = match first.span() {
            Some(span) => span,
            None => locate_spanless(text, first.message()),
        };
        Err(source.diagnostic(&span, format!("TOML syntax: {}", first.message())))
    }

    /// The file's name and text.
    pub(crate) fn source(&self) -> &Source<'t> {
        &self.source
    }

    /// The value at `loc`, if present.
    pub(crate) fn value(&self, loc: &Loc) -> Option<&Spanned<DeValue<'t>>> {
        let mut here = &self.root;
        for step in &loc.0 {
            here = match *step {
                Step::Key(k) => here.get_ref().get(k)?,
                Step::Index(i) => here.get_ref().get(i)?,
            };
        }
        Some(here)
    }

    /// The span of the value at `loc`, or of its deepest present ancestor (a default
    /// left out of the file is reported at the table that would hold it).
    pub(crate) fn span(&self, loc: &Loc) -> Range<usize> {
        let mut here = &self.root;
        for step in &loc.0 {
            let next = match *step {
                Step::Key(k) => here.get_ref().get(k),
                Step::Index(i) => here.get_ref().get(i),
            };
            match next {
                Some(n) => here = n,
                None => break,
            }
        }
        here.span()
    }

    /// Set the field at the dotted `path` to `value`, a setting of a scenario variant
    /// ([`crate::vary`]). The value takes the span of the one it replaces, or of the
    /// table it is added to, so that a problem with it is reported there. In an array
    /// of tables a step names an element by its `name`, its index, or all of them (`*`).
    pub(crate) fn set(&mut self, path: &str, value: &Spanned<DeValue<'t>>) -> Result<(), String> {
        let steps: Vec<&str> = path.split('.').collect();
        set_in(&mut self.root, &steps, value, path, 0)
    }

    /// A diagnostic at `loc`.
    pub(crate) fn at(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        self.source.diagnostic(&self.span(loc), message)
    }

    /// Report every top-level key not in `allowed` (each is `[table]` or `[[array]]`).
    pub(crate) fn check_top_level(&self, allowed: &[&str], out: &mut Vec<Diagnostic>) {
        let Some(table) = self.root.get_ref().as_table() else {
            return;
        };
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let expected = allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(self.source.diagnostic(
                    &key.span(),
                    format!(
                        "unknown top-level key `{}`, expected one of {expected}",
                        key.get_ref()
                    ),
                ));
            }
        }
    }

    /// Deserialise the top-level table `key`. A missing required table is reported at
    /// the start of the file.
    pub(crate) fn section<T: DeserializeOwned>(
        &self,
        key: &'static str,
        required: bool,
        out: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let loc = Loc::root().key(key);
        match self.value(&loc) {
            Some(v) => self.deserialize(v, out),
            None => {
                if required {
                    out.push(
                        self.source
                            .diagnostic(&(0..0), format!("missing table `[{key}]`")),
                    );
                }
                None
            }
        }
    }

    /// Deserialise each element of the top-level array of tables `key` on its own.
    pub(crate) fn elements<T: DeserializeOwned>(
        &self,
        key: &'static str,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<Element<T>> {
        let loc = Loc::root().key(key);
        let Some(value) = self.value(&loc) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            out.push(self.source.diagnostic(
                &value.span(),
                format!(
                    "expected an array of tables `[[{key}]]`, got a {}",
                    value.get_ref().type_str()
                ),
            ));
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| Element {
                loc: loc.index(i),
                value: self.deserialize(item, out),
                name: item
                    .get_ref()
                    .get("name")
                    .and_then(|n| n.get_ref().as_str())
                    .map(str::to_owned),
            })
            .collect()
    }

    /// Deserialise one value, turning a serde error into a diagnostic.
    fn deserialize<T: DeserializeOwned>(
        &self,
        value: &Spanned<DeValue<'t>>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(t) => Some(t),
            Err(e) => {
                let span = e.span().unwrap_or_else(|| value.span());
                out.push(self.source.diagnostic(&span, plain_message(e.message())));
                None
            }
        }
    }
}

/// [`Document::set`] below `here`, which `steps[..done]` of `path` led to.
fn set_in<'t>(
    here: &mut Spanned<DeValue<'t>>,
    steps: &[&str],
    value: &Spanned<DeValue<'t>>,
    path: &str,
    done: usize,
) -> Result<(), String> {
    let walked = || steps[..done].join(".");
    let Some((&step, rest)) = steps[done..].split_first() else {
        let span = here.span();
        *here = Spanned::new(span, value.get_ref().clone());
        return Ok(());
    };
    let span = here.span();
    match here.get_mut() {
        DeValue::Table(table) => {
            if !table.contains_key(step) {
                if rest.is_empty() {
                    table.insert(
                        Spanned::new(span.clone(), std::borrow::Cow::Owned(step.to_owned())),
                        Spanned::new(span, value.get_ref().clone()),
                    );
                    return Ok(());
                }
                // A table the file leaves out (all its defaults taken) is added.
                table.insert(
                    Spanned::new(span.clone(), std::borrow::Cow::Owned(step.to_owned())),
                    Spanned::new(span, DeValue::Table(Default::default())),
                );
            }
            let next = table
                .get_mut(step)
                .ok_or_else(|| format!("internal error: `{step}` vanished from `{path}`"))?;
            set_in(next, steps, value, path, done + 1)
        }
        DeValue::Array(items) => {
            let names = || {
                items
                    .iter()
                    .filter_map(|i| i.get_ref().get("name")?.get_ref().as_str())
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let picked: Vec<usize> = if step == "*" {
                (0..items.len()).collect()
            } else if let Some(i) = items.iter().position(|i| {
                i.get_ref().get("name").and_then(|n| n.get_ref().as_str()) == Some(step)
            }) {
                vec![i]
            } else if let Ok(i) = step.parse::<usize>()
                && i < items.len()
            {
                vec![i]
            } else {
                return Err(format!(
                    "in `{path}`: `{}` has no element named `{step}` (its names: {}; or an \
                     index from 0 to {}, or `*` for all)",
                    walked(),
                    names(),
                    items.len().saturating_sub(1)
                ));
            };
            for i in picked {
                set_in(&mut items.as_mut()[i], steps, value, path, done + 1)?;
            }
            Ok(())
        }
        other => Err(format!(
            "in `{path}`: `{}` is a {}, not a table, so it has no `{step}`",
            walked(),
            other.type_str()
        )),
    }
}

/// Where a syntax error the parser reports without a place comes from (the parser's
/// "recursion limit" for a key dotted more than 80 deep is one): the start of the first
/// line whose inclusion makes the parser report the same message, found by bisecting
/// on whole lines. A prefix is parsed O(log lines) times; files are capped in size
/// before they are parsed. Falls back to the start of the file.
fn locate_spanless(text: &str, message: &str) -> Range<usize> {
    let line_ends: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(text.len()))
        .collect();
    let fails = |lines: usize| {
        let (_, errors) = DeTable::parse_recoverable(&text[..line_ends[lines - 1]]);
        errors
            .iter()
            .any(|e| e.span().is_none() && e.message() == message)
    };
    // The smallest count of whole lines that fails; the whole text fails.
    let (mut lo, mut hi) = (1, line_ends.len());
    if !fails(hi) {
        return 0..0;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let start = if lo >= 2 { line_ends[lo - 2] } else { 0 };
    // Point at the line's first non-blank character, where the key starts.
    let indent = text[start..]
        .find(|c: char| !c.is_whitespace() || c == '\n')
        .unwrap_or(0);
    start + indent..start + indent
}

/// serde names Rust types in its messages (`expected u32`); say what they mean in the
/// file instead.
fn plain_message(message: &str) -> String {
    message
        .replace("expected u32", "expected a whole number in [0, 4294967295]")
        .replace(
            "expected u64",
            "expected a whole number in [0, 9223372036854775807]",
        )
        .replace("expected f64", "expected a number")
        // serde's words for TOML's arrays and tables.
        .replace("invalid type: sequence", "invalid type: array")
        .replace("invalid type: map", "invalid type: table")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Fields exist to be deserialised; the tests look at errors.
    struct Item {
        name: String,
        count: u32,
    }

    #[test]
    fn each_element_reports_its_own_error() {
        let text = "[[item]]\nname = \"a\"\ncount = -3\n\n[[item]]\nname = \"b\"\ncount = 1\nextra = 2\n\n[[item]]\nname = \"c\"\ncount = 2\n";
        let doc = Document::parse(text, Path::new("t.toml")).unwrap();
        let mut out = Vec::new();
        let items: Vec<Element<Item>> = doc.elements("item", &mut out);
        assert_eq!(items.len(), 3);
        assert!(items[0].value.is_none() && items[1].value.is_none());
        assert_eq!(items[0].name.as_deref(), Some("a"));
        assert_eq!(items[2].value.as_ref().map(|i| i.count), Some(2));
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "t.toml:3:9: invalid value: integer `-3`, expected a whole number in [0, 4294967295]",
                "t.toml:8:1: unknown field `extra`, expected `name` or `count`",
            ]
        );
    }

    #[test]
    fn span_falls_back_to_the_deepest_present_value() {
        let text = "[a]\nb = { c = 1 }\n";
        let doc = Document::parse(text, Path::new("t.toml")).unwrap();
        let here = doc.at(&Loc::root().key("a").key("b").key("missing"), "m");
        assert_eq!((here.line, here.column), (2, 5));
        let c = doc.at(&Loc::root().key("a").key("b").key("c"), "m");
        assert_eq!((c.line, c.column), (2, 11));
    }

    #[test]
    fn syntax_error_has_a_place() {
        let e = Document::parse("a = 1\nb = = 2\n", Path::new("t.toml"))
            .err()
            .unwrap();
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("TOML syntax: "), "{}", e.message);
    }

    #[test]
    fn a_string_broken_by_a_newline_is_reported_where_it_breaks() {
        let e = Document::parse("[s]\nname = \"abc\ndef\"\nseed = 1\n", Path::new("t.toml"))
            .err()
            .unwrap();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("string"), "{}", e.message);
    }

    #[test]
    fn an_error_the_parser_cannot_place_is_found_by_line() {
        // The parser reports a key dotted past its recursion limit without a span.
        let key = vec!["a"; 100].join(".");
        let text = format!("x = 1\n\n[t]\ny = 2\n  {key} = 1\nz = 3\n");
        let e = Document::parse(&text, Path::new("t.toml")).err().unwrap();
        assert_eq!((e.line, e.column), (5, 3), "{e}");
        // The same in a table header, on the last line, with no newline after it.
        let text = format!("x = 1\n[{key}]");
        let e = Document::parse(&text, Path::new("t.toml")).err().unwrap();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
    }
}
