//! Checks of single values, each turning a raw number into a typed one or recording a
//! diagnostic at the value's place that says what was expected and what was found.

use std::collections::BTreeMap;

use tdome_core::area::{GeoPolygon, PolygonError};
use tdome_core::{Geodetic, Probability, SimDuration};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Loc};
use crate::file::{LatLon, Site};

/// Records diagnostics against one document.
pub(crate) struct Checker<'a, 't> {
    pub(crate) doc: &'a Document<'t>,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl<'a, 't> Checker<'a, 't> {
    pub(crate) fn new(doc: &'a Document<'t>, out: &'a mut Vec<Diagnostic>) -> Self {
        Checker { doc, out }
    }

    /// Record a problem at `loc`.
    pub(crate) fn error(&mut self, loc: &Loc, message: impl Into<String>) {
        self.out.push(self.doc.at(loc, message));
    }

    /// Record `message` at `loc` unless `ok`; gives `ok`.
    pub(crate) fn require(
        &mut self,
        ok: bool,
        loc: &Loc,
        message: impl FnOnce() -> String,
    ) -> bool {
        if !ok {
            self.error(loc, message());
        }
        ok
    }

    /// A finite number > 0 (NaN fails every comparison, so it is rejected too).
    pub(crate) fn positive(&mut self, loc: &Loc, v: f64, what: &str) -> Option<f64> {
        let ok = v > 0.0 && v.is_finite();
        self.require(ok, loc, || format!("expected {what} > 0, got {v}"))
            .then_some(v)
    }

    /// A finite number ≥ 0.
    pub(crate) fn non_negative(&mut self, loc: &Loc, v: f64, what: &str) -> Option<f64> {
        let ok = v >= 0.0 && v.is_finite();
        self.require(ok, loc, || format!("expected {what} ≥ 0, got {v}"))
            .then_some(v)
    }

    /// Any finite number.
    pub(crate) fn finite(&mut self, loc: &Loc, v: f64, what: &str) -> Option<f64> {
        let ok = v.is_finite();
        self.require(ok, loc, || {
            format!("expected {what} to be a finite number, got {v}")
        })
        .then_some(v)
    }

    /// A number in the closed interval [lo, hi] `unit` (`unit` is empty or starts with
    /// a space: " degrees").
    pub(crate) fn within(
        &mut self,
        loc: &Loc,
        v: f64,
        (lo, hi): (f64, f64),
        what: &str,
        unit: &str,
    ) -> Option<f64> {
        let ok = (lo..=hi).contains(&v);
        self.require(ok, loc, || {
            format!("expected {what} in [{lo}, {hi}]{unit}, got {v}")
        })
        .then_some(v)
    }

    /// A probability in [0, 1].
    pub(crate) fn probability(&mut self, loc: &Loc, v: f64) -> Option<Probability> {
        match Probability::new(v) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(loc, e.to_string());
                None
            }
        }
    }

    /// A whole number ≥ 1.
    pub(crate) fn at_least_one(&mut self, loc: &Loc, v: u32, what: &str) -> Option<u32> {
        self.require(v >= 1, loc, || format!("expected {what} ≥ 1, got {v}"))
            .then_some(v)
    }

    /// A span of seconds > 0, rounded to the nanosecond.
    pub(crate) fn positive_seconds(
        &mut self,
        loc: &Loc,
        s: f64,
        what: &str,
    ) -> Option<SimDuration> {
        let s = self.positive(loc, s, what)?;
        let d = SimDuration::from_seconds(s);
        self.require(d.as_nanos() > 0, loc, || {
            format!("expected {what} of at least 1 ns, got {s}")
        })
        .then_some(d)
    }

    /// A span of seconds ≥ 0, rounded to the nanosecond.
    pub(crate) fn non_negative_seconds(
        &mut self,
        loc: &Loc,
        s: f64,
        what: &str,
    ) -> Option<SimDuration> {
        self.non_negative(loc, s, what)
            .map(SimDuration::from_seconds)
    }

    /// A geodetic point with a height.
    pub(crate) fn site(&mut self, loc: &Loc, site: &Site) -> Option<Geodetic> {
        let lat = self.latitude(&loc.key("lat_deg"), site.lat_deg);
        let lon = self.longitude(&loc.key("lon_deg"), site.lon_deg);
        let alt = self.finite(&loc.key("alt_m"), site.alt_m, "alt_m");
        Some(Geodetic::from_degrees(lat?, lon?, alt?))
    }

    /// A `[lat_deg, lon_deg]` point on the ellipsoid.
    pub(crate) fn lat_lon(&mut self, loc: &Loc, p: LatLon) -> Option<Geodetic> {
        let lat = self.latitude(&loc.index(0), p.lat_deg);
        let lon = self.longitude(&loc.index(1), p.lon_deg);
        Some(Geodetic::from_degrees(lat?, lon?, 0.0))
    }

    fn latitude(&mut self, loc: &Loc, v: f64) -> Option<f64> {
        self.within(loc, v, (-90.0, 90.0), "a latitude", " degrees")
    }

    fn longitude(&mut self, loc: &Loc, v: f64) -> Option<f64> {
        self.within(loc, v, (-180.0, 180.0), "a longitude", " degrees")
    }

    /// A polygon of at least three valid vertices that encloses an area.
    pub(crate) fn polygon(&mut self, loc: &Loc, vertices: &[LatLon]) -> Option<GeoPolygon> {
        if !self.require(vertices.len() >= 3, loc, || {
            format!(
                "expected a polygon of at least 3 [lat_deg, lon_deg] vertices, got {}",
                vertices.len()
            )
        }) {
            return None;
        }
        let points: Vec<Option<Geodetic>> = vertices
            .iter()
            .enumerate()
            .map(|(i, v)| self.lat_lon(&loc.index(i), *v))
            .collect();
        let points: Vec<Geodetic> = points.into_iter().collect::<Option<_>>()?;
        match GeoPolygon::new(points) {
            Ok(p) => Some(p),
            Err(PolygonError::Degenerate) => {
                self.error(
                    loc,
                    "expected a polygon enclosing an area, but its vertices enclose none \
                     (they repeat or lie on one line)",
                );
                None
            }
            Err(e @ PolygonError::TooFewVertices(_)) => {
                self.error(loc, format!("expected a polygon: {e}"));
                None
            }
        }
    }
}

/// Names seen so far in one list (`asset`, `sensor`, …), to report duplicates and to
/// resolve references.
pub(crate) struct NameTable {
    kind: &'static str,
    /// Name → index of its first element and the place of that name.
    first: BTreeMap<String, (usize, Loc)>,
}

impl NameTable {
    /// An empty table for names of `kind` ("asset", "sensor", …).
    pub(crate) fn new(kind: &'static str) -> Self {
        NameTable {
            kind,
            first: BTreeMap::new(),
        }
    }

    /// Register element `index`'s name (at `loc`); a repeat is reported against the
    /// first use.
    pub(crate) fn add(&mut self, c: &mut Checker<'_, '_>, index: usize, name: &str, loc: &Loc) {
        match self.first.get(name) {
            Some((_, first)) => {
                let (line, column) = c.doc.source().line_column(c.doc.span(first).start);
                c.error(
                    loc,
                    format!(
                        "duplicate {} name \"{name}\", expected a name not used before \
                         (first used at line {line}, column {column})",
                        self.kind
                    ),
                );
            }
            None => {
                self.first.insert(name.to_owned(), (index, loc.clone()));
            }
        }
    }

    /// The index of the element named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        self.first.get(name).map(|(i, _)| *i)
    }
}

/// "expected one of …" for an unknown name: the known names, quoted, in file order.
pub(crate) fn one_of<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let quoted: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    if quoted.is_empty() {
        "none are defined".to_owned()
    } else {
        format!("expected one of {}", quoted.join(", "))
    }
}

/// A number as people write it: at most three decimals, trailing zeros dropped (a km
/// figure stored in metres reads back as 20.400000000000002 otherwise).
pub(crate) fn plain(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}
